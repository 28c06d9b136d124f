/* SPDX-License-Identifier: ISC */
/* client-log-read.c: conversation logs read back, to log only what is new. */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "client-log.h"

/*
 * A file's end is read when it is first opened, for the last messages it
 * holds (and its mark, see client-log.c), so that a replay logs only the
 * messages the file lacks; a conversation opened again at a start gets
 * its last lines back in its scrollback from its file.
 */

static char	*client_log_read_pread(int, off_t, ssize_t *);
static int	 client_log_read_stamp(const char *, size_t, time_t *);
static void	 client_log_read_restore(struct client *, struct croom *,
		     time_t, const char *);

/*
 * Read up to CLIENT_LOG_TAIL bytes of a log from off and close it: the
 * bytes, NUL-terminated, and their count, or NULL if there were none.
 */
static char *
client_log_read_pread(int fd, off_t off, ssize_t *n)
{
	char	*buf;

	buf = xmalloc(CLIENT_LOG_TAIL + 1);
	*n = pread(fd, buf, CLIENT_LOG_TAIL, off);
	close(fd);
	if (*n <= 0) {
		free(buf);
		return (NULL);
	}
	buf[*n] = '\0';
	return (buf);
}

/*
 * The local time a log line begins with ("YYYY-MM-DD HH:MM:SS "): 0 and
 * the time, or -1 for a line that does not begin with one.
 */
static int
client_log_read_stamp(const char *p, size_t len, time_t *t)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	if (len < 21 || !isdigit((u_char)p[0]) || p[4] != '-' ||
	    p[10] != ' ' || p[13] != ':' || p[19] != ' ' || sscanf(p,
	    "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return (-1);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_isdst = -1;
	if ((*t = mktime(&tm)) == -1)
		return (-1);
	return (0);
}

/* Read the end of a file for its last messages (not events or notices). */
void
client_log_read_tail(struct client_log *lg, struct client_log_file *f)
{
	struct stat	 sb;
	char		*path, *buf, *p, *end, *nl;
	ssize_t		 n;
	off_t		 off, marked;
	int		 fd;
	time_t		 t;

	f->tail = 1;
	marked = client_log_mark_read(lg, f);
	xasprintf(&path, "%s/%s", lg->dir, f->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return;
	}
	off = sb.st_size > CLIENT_LOG_TAIL ? sb.st_size - CLIENT_LOG_TAIL : 0;
	/*
	 * Only lines added since the mark (by an older client) are read:
	 * those before, by their local time, could seem later than they
	 * are (an hour repeated).
	 */
	if (marked != -1 && marked <= sb.st_size && marked > off)
		off = marked;
	if (off == sb.st_size) {
		close(fd);
		return;
	}
	if ((buf = client_log_read_pread(fd, off, &n)) == NULL)
		return;
	end = buf + n;
	p = buf;
	/* A line cut by where the read began is not looked at. */
	if (off > 0 && off != marked && (p = memchr(buf, '\n', n)) != NULL)
		p++;
	for (; p != NULL && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			break;	/* being written, or cut */
		/* Indented lines continue a message: not a time. */
		if (client_log_read_stamp(p, nl - p, &t) != 0)
			continue;
		/* A second is later than a mark within it. */
		if ((int64_t)t * 1000 > f->file_ms)
			f->file_ms = (int64_t)t * 1000;
		if (strncmp(p + 20, "-- ", 3) == 0 ||
		    strncmp(p + 20, "-!- ", 4) == 0)
			continue;
		client_log_saw(f, (int64_t)t * 1000, (int64_t)t * 1000 + 999,
		    client_log_hash("", p + 20, nl - (p + 20)));
	}
	free(buf);
}

/*
 * Is a replayed message (its time, head and text) new to its file: newer
 * than the file's last message, by the millisecond (the second for a file
 * with no mark) or by not being one of that time's?
 */
int
client_log_read_fresh(struct client_log *lg, struct client_log_file *f,
    int64_t ms, const char *head, const char *text)
{
	uint32_t	 hash;
	u_int		 i;

	if (!f->tail)
		client_log_read_tail(lg, f);
	if (ms > f->last_ms)
		return (1);
	if (ms < f->same_ms || f->nsame == CLIENT_LOG_SAME)
		return (0);
	hash = client_log_hash(head, text, strlen(text));
	for (i = 0; i < f->nsame; i++) {
		if (f->same[i] == hash)
			return (0);
	}
	return (1);
}

/*
 * Put a logged line (after its time, with its further lines) back in a
 * window's scrollback: the head tells its kind, as client_log_head wrote
 * it.
 */
static void
client_log_read_restore(struct client *c, struct croom *r, time_t t,
    const char *s)
{
	const char	*sp, *end;
	char		*nick = NULL;
	int		 kind, flags = CLINE_HISTORY;

	if (strncmp(s, "-!- ", 4) == 0) {
		kind = CLINE_NOTICE;
		s += 4;
	} else if (strncmp(s, "-- ", 3) == 0) {
		kind = CLINE_EVENT;
		s += 3;
	} else if (strncmp(s, "* ", 2) == 0 &&
	    (sp = strchr(s + 2, ' ')) != NULL) {
		kind = CLINE_ACTION;
		nick = xstrndup(s + 2, sp - (s + 2));
		if (c->nick != NULL && strcmp(nick, c->nick) == 0)
			flags |= CLINE_SELF;
		s = sp + 1;
	} else if ((s[0] == '*' || strncmp(s, "-> *", 4) == 0) &&
	    (end = strstr(s, "* ")) != NULL && end > strchr(s, '*')) {
		kind = CLINE_DM;
		if (s[0] == '-') {
			flags |= CLINE_OUT | CLINE_SELF;
			s += 3;
		}
		nick = xstrndup(s + 1, end - (s + 1));
		s = end + 2;
	} else if ((strncmp(s, "-> -", 4) == 0 || (s[0] == '-' &&
	    s[1] != '-' && s[1] != '>' && s[1] != ' ')) &&
	    (end = strstr(s + 1, "- ")) != NULL && end > s + 1) {
		/* An IRC NOTICE: -nick- text, in a room or a conversation. */
		flags |= CLINE_IRCNOTICE;
		if (s[1] == '>') {
			flags |= CLINE_OUT | CLINE_SELF;
			s += 3;
			end = strstr(s + 1, "- ");
		}
		kind = (r->flags & CROOM_DM) ? CLINE_DM : CLINE_MSG;
		if (kind == CLINE_DM)
			flags |= CLINE_DIRECT;
		nick = xstrndup(s + 1, end - (s + 1));
		s = end + 2;
	} else if (s[0] == '<' && (end = strstr(s, "> ")) != NULL) {
		kind = CLINE_MSG;
		nick = xstrndup(s + 1, end - (s + 1));
		s = end + 2;
	} else
		return;
	cbuf_push(&r->buf, client_room_line(kind, flags, (int64_t)t * 1000,
	    nick, s));
	free(nick);
}

/*
 * Put a window's last lines from its file back in its scrollback, for a
 * conversation opened again at a start (see client-last.c).
 */
void
client_log_read_recent(struct client *c, struct croom *r)
{
	struct client_log	*lg = c->log;
	char			*path, *buf, *p, *end, *nl, *text = NULL;
	char			*cont;
	ssize_t			 n;
	off_t			 off;
	struct stat		 sb;
	int			 fd;
	time_t			 t = 0;

	if (lg == NULL)
		return;
	cont = client_log_name(client_log_window(r), r->flags & CROOM_DM);
	xasprintf(&path, "%s/%s", lg->dir, cont);
	free(cont);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return;
	}
	off = sb.st_size > CLIENT_LOG_TAIL ? sb.st_size - CLIENT_LOG_TAIL : 0;
	if ((buf = client_log_read_pread(fd, off, &n)) == NULL)
		return;
	end = buf + n;
	p = buf;
	if (off > 0 && (p = memchr(buf, '\n', n)) != NULL)
		p++;
	for (; p != NULL && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			break;
		*nl = '\0';
		if (p[0] == ' ') {
			/* A further line of the message before. */
			if (text != NULL) {
				while (*p == ' ')
					p++;
				cont = text;
				xasprintf(&text, "%s\n%s", cont, p);
				free(cont);
			}
			continue;
		}
		if (text != NULL) {
			client_log_read_restore(c, r, t, text);
			free(text);
			text = NULL;
		}
		if (client_log_read_stamp(p, nl - p, &t) != 0)
			continue;
		text = xstrdup(p + 20);
	}
	if (text != NULL) {
		client_log_read_restore(c, r, t, text);
		free(text);
	}
	free(buf);
}
