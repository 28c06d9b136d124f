/* SPDX-License-Identifier: ISC */
/* client-log.c: conversation logs on disk, one plain-text file a window. */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <event2/event.h>
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
#include "image.h"

/*
 * As irssi and weechat do, the terminal client keeps what it shows in
 * files: $XDG_STATE_HOME/chatroom/logs/NICK@HUB/#room.log, @nick.log for a
 * conversation and status.log, one dated line per scrollback line (a
 * message of several lines continues on indented lines).  NICK@HUB is
 * the identity, as client-last.c keys its lines: two nicks of one person
 * on a hub keep files of their own, and a session renamed since keeps
 * those of the nick the client started as.  On a hub of a cluster the
 * identity is NICK@cluster:ID (client_log_cluster), one directory for all
 * its hubs, the one of NICK@HUB moved there the first time.
 *
 * Lines replayed from the hub's history were logged when they came, if
 * the client was running; those that came while it was not (a restart, a
 * new session) are logged when the replay shows them.  So a replayed
 * message is logged when it is newer than the last message of the file:
 * later by the hub's time in milliseconds (UTC), or of the same
 * millisecond but not one of the messages of that millisecond logged
 * (its head and first line are hashed).  The file's lines give only the
 * local second, which a change from summer time repeats and which may
 * hold hundreds of messages, so for each file a mark (a file named by a
 * hash of its name under $XDG_STATE_HOME/chatroom/log-marks/NICK@HUB,
 * out of the users' way) keeps the last message's time and hashes and the
 * file's size, written after the lines.  When a file is opened its mark
 * is read, and the lines added after it (by an older client) if any: a
 * file with no mark, or with such lines, is compared by the second, as
 * its lines say, with the messages of its last second hashed.  Such a
 * message newer than the file's last line came while the client was
 * away, and counts as unread as a live one would.  A room's file begins
 * when the client is first in the room: a replay of what was said
 * before, as at a first join, is shown but not logged (born_ms), as
 * irssi logs what it shows live, so that joining a busy room does not
 * fill its new log with the hub's history.  A conversation's new file is
 * not so treated: what its replay holds was sent to the user.
 *
 * Writing must never hold up the interface, which draws a flood of ten
 * thousand messages a second: lines are kept in memory and written once
 * a second (client_log_flush, from the interface's timer, which then
 * keeps the ids of the DMs shown: see client-last.c), or in one write as
 * soon as CLIENT_LOG_CHUNK bytes wait, so that a flood costs a write of 64 KiB now and then and no
 * memory.  A file that cannot be written is reported once and its lines
 * dropped; past CLIENT_LOG_PENDING bytes waiting, lines are dropped and
 * counted, and the count is written when the file catches up.
 *
 * Files are found by name in a hash map and kept most recently used
 * first: CLIENT_LOG_FILES of them at most, the one used least recently
 * written out and forgotten to make way, so that a hub sending from
 * thousands of nicks costs neither time nor memory here.
 *
 * A hub decides who sends us DMs and which rooms we are in, and a
 * hostile one could send DMs from a new nick each, or name a new room
 * each, each making a file.  So in a session, at most newmax (the
 * LOG_NEW_FILES setting, 0 for no bound) rooms the hub opens get a new
 * file, and as many conversations others start; later ones are shown but
 * not logged (the status window says so once for each kind), unless the
 * file is there from before or the user chose the window: sent the nick
 * a DM, or asked to join or create the room (not a DM or a join that
 * the hub says we made: it could make those up).
 * Names from the hub become file names with '/', controls, invalid
 * UTF-8 and bidirectional characters replaced and the length bounded;
 * a name so changed gets a hash of the original, so that two cannot
 * share a file by differing only in what was replaced.
 *
 * The client's --log-file, if any, gets every line too, with its window.
 */

/* What the status window says when a kind reaches its bound. */
static const char *client_log_capped[] = {
	N_("too many new rooms: from now on those the hub opens are shown "
	    "but not logged, unless you join them"),
	N_("too many new conversations: from now on those others start are "
	    "shown but not logged, unless you answer")
};

static void	client_log_adopt(const char *, const char *);
static struct client_log_file *client_log_file(struct client_log *,
		    struct croom *, struct client *);
static int	 client_log_refuse(struct client_log *, const char *, int);
static int	 client_log_missing(struct client_log *, const char *);
static void	client_log_write(struct client_log *,
		    struct client_log_file *);
static void	client_log_forget(struct client_log *,
		    struct client_log_file *);
static void	client_log_head(struct cline *, char *, size_t);
static void	client_log_put(struct client_log_file *, const char *,
		    const char *, const char *);
static char	*client_log_mark_path(struct client_log *,
		    struct client_log_file *);
static void	client_log_mark_write(struct client_log *,
		    struct client_log_file *);

/*
 * A directory for one identity: the one of a version that kept one a hub
 * (old, named HOST:PORT) goes to the first identity started on the hub,
 * as client-last.c gives its older lines to the first to write.
 */
static void
client_log_adopt(const char *old, const char *path)
{
	struct stat	sb;

	if (lstat(path, &sb) == 0 || errno != ENOENT)
		return;
	if (lstat(old, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return;
	/* Another client may take it first: then it is that one's. */
	if (rename(old, path) != 0 && errno != ENOENT)
		log_warn("rename %s to %s", old, path);
}

/*
 * Start logging a hub's windows for the identity nick@hub, making at most
 * newmax new files of each kind the hub opens (0: no bound).  The nick is
 * the one the client started as: a session renamed since keeps its files.
 * Nothing is made on disk until the hub lets the nick in
 * (client_log_accept): a nick refused leaves no directory behind, and the
 * lines shown until then wait in memory.
 */
struct client_log *
client_log_new(const char *hub, const char *nick, u_int newmax)
{
	struct client_log	*lg;
	char			*logs, *marks, *name, *key, *fold, *p;

	name = xstrdup(hub);
	fold = utf8_casefold(nick);
	xasprintf(&key, "%s@%s", fold, hub);
	for (p = name; *p != '\0'; p++) {
		if (*p == '/')
			*p = '_';
	}
	for (p = key; *p != '\0'; p++) {
		if (*p == '/')
			*p = '_';
	}
	logs = state_path("logs");
	marks = state_path("log-marks");
	lg = xcalloc(1, sizeof *lg);
	lg->fold = fold;
	for (p = fold; *p != '\0'; p++) {
		if (*p == '/')
			*p = '_';
	}
	xasprintf(&lg->dir, "%s/%s", logs, key);
	xasprintf(&lg->marks, "%s/%s", marks, key);
	xasprintf(&lg->old_dir, "%s/%s", logs, name);
	xasprintf(&lg->old_marks, "%s/%s", marks, name);
	lg->held = 1;
	lg->newmax = newmax;
	free(logs);
	free(marks);
	free(name);
	free(key);
	TAILQ_INIT(&lg->files);
	strmap_init(&lg->byname);
	strmap_init(&lg->chosen);
	return (lg);
}

/*
 * The hub is one of a cluster (id, letters and digits): before the nick is
 * in, the identity becomes NICK@cluster:ID, whichever hub answered, with
 * the directories of NICK@HUB moved there if it has none yet (see the
 * top of this file).  Not once a window's file was read (none is before
 * the welcome): it would be read again elsewhere.
 */
void
client_log_cluster(struct client_log *lg, const char *id)
{
	struct client_log_file	*f;
	char			*logs, *marks;

	if (!lg->held)
		return;
	TAILQ_FOREACH(f, &lg->files, entry) {
		if (f->tail)
			return;
	}
	client_log_adopt(lg->old_dir, lg->dir);
	client_log_adopt(lg->old_marks, lg->marks);
	free(lg->old_dir);
	free(lg->old_marks);
	lg->old_dir = lg->dir;
	lg->old_marks = lg->marks;
	logs = state_path("logs");
	marks = state_path("log-marks");
	xasprintf(&lg->dir, "%s/%s@cluster:%s", logs, lg->fold, id);
	xasprintf(&lg->marks, "%s/%s@cluster:%s", marks, lg->fold, id);
	free(logs);
	free(marks);
}

/*
 * The hub let the nick in: make the identity's directories (taking an
 * older version's over) and write what waits.  -1 with a reason if they
 * cannot be made; the lines are then dropped, as a file's that cannot be
 * written are.
 */
int
client_log_accept(struct client_log *lg, char **cause)
{
	char	*probe;
	int	 rc = 0;

	if (!lg->held)
		return (0);
	lg->held = 0;
	client_log_adopt(lg->old_dir, lg->dir);
	client_log_adopt(lg->old_marks, lg->marks);
	xasprintf(&probe, "%s/x", lg->dir);
	if (make_parent_dirs(probe, cause) != 0)
		rc = -1;
	free(probe);
	if (rc == 0) {
		xasprintf(&probe, "%s/x", lg->marks);
		if (make_parent_dirs(probe, cause) != 0)
			rc = -1;
		free(probe);
	}
	if (rc != 0)
		lg->failed = 1;	/* said once, here */
	client_log_flush(lg);
	return (rc);
}

/* Write what is pending and close everything. */
void
client_log_free(struct client_log *lg)
{
	struct client_log_file	*f;

	if (lg == NULL)
		return;
	/* Held: the nick was refused, and what it showed is not kept. */
	while ((f = TAILQ_FIRST(&lg->files)) != NULL) {
		client_log_write(lg, f);
		client_log_forget(lg, f);
	}
	strmap_free(&lg->byname);
	strmap_free(&lg->chosen);
	free(lg->last_name);
	free(lg->old_marks);
	free(lg->old_dir);
	free(lg->fold);
	free(lg->marks);
	free(lg->dir);
	free(lg);
}

/* The file of a window, made on first use. */
static struct client_log_file *
client_log_file(struct client_log *lg, struct croom *r, struct client *c)
{
	struct client_log_file	*f;
	char			*name;

	if (lg->last_f != NULL && lg->last_r == r &&
	    lg->last_dm == (r->flags & CROOM_DM) &&
	    strcmp(lg->last_name, client_log_window(r)) == 0)
		return (lg->last_f);
	free(lg->last_name);
	lg->last_r = r;
	lg->last_name = xstrdup(client_log_window(r));
	lg->last_dm = r->flags & CROOM_DM;
	if (r == c->status)
		name = xstrdup("status.log");
	else
		name = client_log_name(client_log_window(r),
		    r->flags & CROOM_DM);
	if ((f = strmap_get(&lg->byname, name)) != NULL) {
		free(name);
		TAILQ_REMOVE(&lg->files, f, entry);
		TAILQ_INSERT_HEAD(&lg->files, f, entry);
		return (lg->last_f = f);
	}
	while (lg->nfiles >= CLIENT_LOG_FILES) {
		f = TAILQ_LAST(&lg->files, client_log_files);
		client_log_write(lg, f);
		client_log_forget(lg, f);
	}
	f = xcalloc(1, sizeof *f);
	f->name = name;
	f->fd = -1;
	if (r != c->status) {
		f->off = client_log_refuse(lg, name, r->flags & CROOM_DM);
		if (!f->off)
			client_log_read_tail(lg, f);
		if (!f->off && f->file_ms == 0 && !(r->flags & CROOM_DM) &&
		    client_log_missing(lg, name))
			f->born_ms = now_ms();
		/*
		 * A room's file with events only (a join, nobody spoke
		 * since): what was said up to its last line, a local second
		 * (a mark needs a message), came before the log began, or
		 * would be in it.
		 */
		if (!f->off && f->last_ms == 0 && f->file_ms != 0 &&
		    !(r->flags & CROOM_DM))
			f->born_ms = f->file_ms + 999;
	}
	TAILQ_INSERT_HEAD(&lg->files, f, entry);
	strmap_set(&lg->byname, name, f);
	lg->nfiles++;
	return (lg->last_f = f);
}

/*
 * The name a window's file is named after: a room's, or the nick a
 * conversation began with (or was reopened with) when its peer has
 * changed nick since, so that its log follows it, as the window does.
 */
const char *
client_log_window(struct croom *r)
{
	return (r->log_name != NULL ? r->log_name : r->name);
}

/*
 * A window's file name: #room.log or @nick.log (dm set), the name
 * case-folded and safe in a file name (see the top of this file).
 */
char *
client_log_name(const char *window, int dm)
{
	char		*fold, *safe, *name;
	size_t		 len, off = 0, o = 0;
	uint32_t	 cp, hash = 2166136261U;
	int		 n, changed = 0;

	fold = utf8_casefold(window);
	len = strlen(fold);
	safe = xmalloc(CLIENT_LOG_NAME_MAX + 1);
	while (off < len) {
		n = utf8_decode(fold + off, len - off, &cp);
		if (n < 0 || utf8_is_unsafe(cp)) {
			n = n < 0 ? 1 : n;
			cp = '_';
			changed = 1;
		} else if (cp == '/')
			cp = '_';	/* as before: a nick may hold '/' */
		if (o + (cp == '_' ? 1 : (size_t)n) > CLIENT_LOG_NAME_MAX) {
			changed = 1;
			break;
		}
		if (cp == '_')
			safe[o++] = '_';
		else {
			memcpy(safe + o, fold + off, n);
			o += n;
		}
		off += n;
	}
	safe[o] = '\0';
	if (changed) {
		/* FNV-1a: the same in every session. */
		for (off = 0; off < len; off++) {
			hash ^= (u_char)fold[off];
			hash *= 16777619U;
		}
		xasprintf(&name, "%c%s~%08x.log", dm ? '@' : '#', safe, hash);
	} else
		xasprintf(&name, "%c%s.log", dm ? '@' : '#', safe);
	free(safe);
	free(fold);
	return (name);
}

/*
 * Should a window's file not be made?  Only when it is not there yet, the
 * user did not choose the window, and newmax files of its kind (room, or
 * DM with dm set) were made already; the first refusal of a kind is told
 * once (see client_log_line).
 */
static int
client_log_refuse(struct client_log *lg, const char *name, int dm)
{
	struct client_log_kind	*k = &lg->kinds[dm ? 1 : 0];
	char			*path;
	int			 there;

	if (lg->newmax == 0 || strmap_get(&lg->chosen, name) != NULL)
		return (0);
	xasprintf(&path, "%s/%s", lg->dir, name);
	there = access(path, F_OK) == 0;
	free(path);
	if (there)
		return (0);
	if (k->made >= lg->newmax) {
		if (k->capped == 0)
			k->capped = 1;
		return (1);
	}
	k->made++;
	return (0);
}

/* Is a file not there yet? */
static int
client_log_missing(struct client_log *lg, const char *name)
{
	char	*path;
	int	 missing;

	xasprintf(&path, "%s/%s", lg->dir, name);
	missing = access(path, F_OK) != 0 && errno == ENOENT;
	free(path);
	return (missing);
}

/*
 * The user chose a window: sent a nick a DM (dm set), or asked to join or
 * create a room.  Log it, whatever the bound.
 */
void
client_log_chosen(struct client_log *lg, const char *window, int dm)
{
	struct client_log_file	*f;
	char			*name;

	if (lg == NULL)
		return;
	name = client_log_name(window, dm);
	strmap_set(&lg->chosen, name, lg);
	if ((f = strmap_get(&lg->byname, name)) != NULL)
		f->off = 0;
	free(name);
}

/* Close a file and forget it. */
static void
client_log_forget(struct client_log *lg, struct client_log_file *f)
{
	if (lg->last_f == f)
		lg->last_f = NULL;
	strmap_del(&lg->byname, f->name);
	TAILQ_REMOVE(&lg->files, f, entry);
	lg->nfiles--;
	if (f->fd != -1)
		close(f->fd);
	free(f->name);
	free(f->buf);
	free(f);
}

/* Write a file's pending lines; a failure is reported once. */
static void
client_log_write(struct client_log *lg, struct client_log_file *f)
{
	char	*path, note[64];
	ssize_t	 n;
	size_t	 off = 0;
	int	 len;

	if (f->len == 0 && f->dropped == 0)
		return;
	if (lg->held)
		return;		/* kept until the nick is in */
	if (f->fd == -1) {
		xasprintf(&path, "%s/%s", lg->dir, f->name);
		f->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0600);
		if (f->fd == -1 && !lg->failed) {
			lg->failed = 1;
			log_warn("%s", path);
		}
		free(path);
		if (f->fd == -1) {
			f->len = 0;
			return;
		}
	}
	while (off < f->len) {
		if ((n = write(f->fd, f->buf + off, f->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			if (!lg->failed) {
				lg->failed = 1;
				log_warn("%s/%s", lg->dir, f->name);
			}
			break;
		}
		off += n;
	}
	if (f->marked && off == f->len)
		client_log_mark_write(lg, f);
	f->len = 0;
	if (f->dropped > 0) {
		len = snprintf(note, sizeof note, "-- %lu lines not logged\n",
		    f->dropped);
		if (write(f->fd, note, len) == len)
			f->dropped = 0;
	}
	/* Shrink a buffer a burst made large. */
	if (f->size > 2 * CLIENT_LOG_CHUNK) {
		free(f->buf);
		f->buf = NULL;
		f->size = 0;
	}
}

/* Once a second: write out what came. */
void
client_log_flush(struct client_log *lg)
{
	struct client_log_file	*f;

	TAILQ_FOREACH(f, &lg->files, entry)
		client_log_write(lg, f);
}

/* The start of a line as logged, after the time: "<nick> ". */
static void
client_log_head(struct cline *l, char *buf, size_t size)
{
	const char	*nick = l->nick != NULL ? l->nick : "";

	if ((l->flags & CLINE_IRCNOTICE) && (CLINE_HEAD_KIND(l) == CLINE_MSG ||
	    CLINE_HEAD_KIND(l) == CLINE_DM)) {
		snprintf(buf, size, "%s-%s- ", (l->flags & CLINE_OUT) ?
		    "-> " : "", nick);
		return;
	}
	switch (CLINE_HEAD_KIND(l)) {
	case CLINE_MSG:
	case CLINE_IMAGE:
		snprintf(buf, size, "<%s> ", nick);
		break;
	case CLINE_ACTION:
		snprintf(buf, size, "* %s ", nick);
		break;
	case CLINE_DM:
		snprintf(buf, size, "%s*%s* ", (l->flags & CLINE_OUT) ?
		    "-> " : "", nick);
		break;
	case CLINE_EVENT:
		snprintf(buf, size, "-- ");
		break;
	default:
		snprintf(buf, size, "-!- ");
		break;
	}
}

/*
 * Queue a whole line: time, head and text, the text's further lines
 * indented under it so that each line of the file is plain.  Nothing is
 * allocated but the file's buffer, which a flood must not churn.
 */
static void
client_log_put(struct client_log_file *f, const char *stamp,
    const char *head, const char *text)
{
	const char	*p, *nl;
	size_t		 indent, need, n, sl = strlen(stamp), hl = strlen(head);

	indent = sl + 1 + utf8_width(head, hl);
	need = sl + 1 + hl + strlen(text) + 1;
	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		need += indent;
	if (f->len + need > CLIENT_LOG_PENDING) {
		f->dropped++;
		return;
	}
	if (f->len + need > f->size) {
		f->size = f->len + need + 4096;
		f->buf = xrealloc(f->buf, f->size);
	}
	memcpy(f->buf + f->len, stamp, sl);
	f->buf[f->len + sl] = ' ';
	memcpy(f->buf + f->len + sl + 1, head, hl);
	f->len += sl + 1 + hl;
	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		n = nl - p + 1;
		memcpy(f->buf + f->len, p, n);
		memset(f->buf + f->len + n, ' ', indent);
		f->len += n + indent;
	}
	n = strlen(p);
	memcpy(f->buf + f->len, p, n);
	f->buf[f->len + n] = '\n';
	f->len += n + 1;
}

/* Hash a message as logged after its time: head, then its first line. */
uint32_t
client_log_hash(const char *head, const char *text, size_t len)
{
	uint32_t	 hash = 2166136261U;	/* FNV-1a */
	const char	*p;

	for (p = head; *p != '\0'; p++) {
		hash ^= (u_char)*p;
		hash *= 16777619U;
	}
	for (p = text; p < text + len && *p != '\n'; p++) {
		hash ^= (u_char)*p;
		hash *= 16777619U;
	}
	return (hash);
}

/*
 * Remember a message logged, or read from a file, of the time from from to
 * ms: keep the hashes of those of the latest time.
 */
void
client_log_saw(struct client_log_file *f, int64_t from, int64_t ms,
    uint32_t hash)
{
	if (from > f->same_ms) {
		f->last_ms = ms;
		f->same_ms = from;
		f->nsame = 0;
	}
	if (from == f->same_ms && f->nsame < CLIENT_LOG_SAME)
		f->same[f->nsame++] = hash;
}

/* A mark's path. */
static char *
client_log_mark_path(struct client_log *lg, struct client_log_file *f)
{
	char	*path;

	xasprintf(&path, "%s/%08x", lg->marks, client_log_hash(f->name, "",
	    0));
	return (path);
}

/*
 * Read a file's mark (its name, then "1 file_ms last_ms bytes hash..."),
 * if it has a good one, for its last messages; return the file's size
 * then, or -1.
 */
off_t
client_log_mark_read(struct client_log *lg, struct client_log_file *f)
{
	FILE		*fp;
	char		*path, *line = NULL;
	size_t		 size = 0;
	ssize_t		 n;
	long long	 file_ms, last_ms, bytes;
	unsigned int	 hash;
	int		 version;

	path = client_log_mark_path(lg, f);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return (-1);
	/* Another file's name: the hash is the same, not the file. */
	n = getline(&line, &size, fp);
	if (n < 1 || line[n - 1] != '\n' ||
	    strncmp(line, f->name, n - 1) != 0 || f->name[n - 1] != '\0' ||
	    fscanf(fp, "%d %lld %lld %lld", &version, &file_ms, &last_ms,
	    &bytes) != 4 || version != 1 || file_ms <= 0 || last_ms <= 0 ||
	    bytes < 0) {
		free(line);
		fclose(fp);
		return (-1);
	}
	free(line);
	f->file_ms = file_ms;
	f->last_ms = f->same_ms = last_ms;
	f->nsame = 0;
	while (f->nsame < CLIENT_LOG_SAME && fscanf(fp, "%x", &hash) == 1)
		f->same[f->nsame++] = hash;
	fclose(fp);
	return (bytes);
}

/*
 * Write a file's mark once its lines are written: a small file made
 * anew, so that a client killed meanwhile leaves none, or an older one,
 * and the file is compared by the second or logs a line again.
 */
static void
client_log_mark_write(struct client_log *lg, struct client_log_file *f)
{
	FILE	*fp;
	char	*path;
	off_t	 bytes;
	u_int	 i;

	f->marked = 0;
	if (f->last_ms == 0 || f->same_ms != f->last_ms)
		return;		/* none, or only by the second */
	if ((bytes = lseek(f->fd, 0, SEEK_END)) == -1)
		return;
	path = client_log_mark_path(lg, f);
	if ((fp = fopen(path, "w")) == NULL) {
		log_debug("%s: %s", path, strerror(errno));
		free(path);
		return;
	}
	fprintf(fp, "%s\n1 %lld %lld %lld", f->name, (long long)(f->put_ms >
	    f->file_ms ? f->put_ms : f->file_ms), (long long)f->last_ms,
	    (long long)bytes);
	for (i = 0; i < f->nsame; i++)
		fprintf(fp, " %08x", f->same[i]);
	fputc('\n', fp);
	if (fclose(fp) != 0)
		log_debug("%s: %s", path, strerror(errno));
	free(path);
}

/*
 * Log a line of a window: to the window's file and to --log-file.  A line
 * replayed from the hub's history is logged only when new to the file (see
 * the top of this file); return 1 for such a line that is newer than
 * the file's last line when opened (or of its second): it came while the
 * client was away.
 */
int
client_log_line(struct client *c, struct croom *r, struct cline *l)
{
	struct client_log	*lg = c->log;
	struct client_log_file	*f;
	struct tm		 tm;
	time_t			 t = l->ts / 1000;
	char			 stamp[32], head[256], *text, *line, *nl;
	char			*picture = NULL;
	const char		*p, *said;
	struct image		*img = l->image;
	size_t			 indent, k;
	int			 msg, history, after = 0;

	msg = l->kind == CLINE_MSG || l->kind == CLINE_ACTION ||
	    l->kind == CLINE_DM || l->kind == CLINE_IMAGE;
	history = (l->flags & CLINE_HISTORY) != 0;
	if (l->kind == CLINE_MARKER || (l->flags & CLINE_NOLOG) ||
	    (history && (lg == NULL || !msg)))
		return (0);
	if (lg == NULL && !log_has_file())
		return (0);
	/*
	 * A picture is logged as its file name and what it was, not as if
	 * the name had been typed: "<bob> cat.png [picture 60×20]", as IRC
	 * clients get it, in every language (a replay is told apart from
	 * what the file has by the text: see client_log_read_fresh).
	 */
	said = l->text;
	if (l->kind == CLINE_IMAGE && img != NULL) {
		xasprintf(&picture, "%s [picture %u\xc3\x97%u]", said,
		    img->w, img->h);
		said = picture;
	}
	if (lg == NULL || t != lg->stamp_t) {
		localtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
		if (lg != NULL) {
			lg->stamp_t = t;
			memcpy(lg->stamp, stamp, sizeof stamp);
		}
	} else
		memcpy(stamp, lg->stamp, sizeof stamp);
	client_log_head(l, head, sizeof head);

	if (lg != NULL) {
		f = client_log_file(lg, r, c);
		if (history && (f->off || l->ts < f->born_ms))
			goto out;
		if (!f->off && msg) {
			if (history) {
				if (!client_log_read_fresh(lg, f, l->ts, head,
				    said))
					goto out;
				after = f->file_ms != 0 && l->ts >= f->file_ms;
			}
			client_log_saw(f, l->ts, l->ts, client_log_hash(head,
			    said, strlen(said)));
			f->marked = 1;
		}
		if (!f->off) {
			if (l->ts > f->put_ms)
				f->put_ms = l->ts;
			client_log_put(f, stamp, head, said);
			if (f->len >= CLIENT_LOG_CHUNK &&
			    (r->flags & CROOM_DM)) {
				/*
				 * The DMs' ids follow their lines, those of
				 * every conversation (client-last.c).
				 */
				client_log_flush(lg);
				client_last_dms_note(c);
			} else if (f->len >= CLIENT_LOG_CHUNK)
				client_log_write(lg, f);
		}
		for (k = 0; k < sizeof lg->kinds / sizeof lg->kinds[0]; k++) {
			if (lg->kinds[k].capped != 1)
				continue;
			lg->kinds[k].capped = 2;
			client_notice(c, c->status, CLINE_NOTICE, "%s",
			    _(client_log_capped[k]));
		}
	}
	if (!log_has_file())
		goto out;
	indent = strlen(stamp) + 1 + utf8_width(head, strlen(head));
	text = xstrdup("");
	for (p = said; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		line = text;
		xasprintf(&text, "%s%.*s\n%*s", line, (int)(nl - p), p,
		    (int)indent, "");
		free(line);
	}
	if (r == c->status)
		log_text("%s %s%s%s", stamp, head, text, p);
	else
		log_text("%s %c%s %s%s%s", stamp, (r->flags & CROOM_DM) ? '@' :
		    '#', r->name, head, text, p);
	free(text);
out:
	free(picture);
	return (after);
}
