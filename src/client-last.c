/* SPDX-License-Identifier: ISC */
/*
 * client-last.c: the room last viewed on each hub, and the conversations
 * open there, to open again.
 */

#include <sys/types.h>
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * A terminal client started again, after a crash or a kill, takes its
 * session over with the windows it had; as irssi and weechat users
 * expect, it should show the room they were looking at, not the lobby,
 * with its windows under the numbers they had.  What it needs is kept in
 * $XDG_STATE_HOME/chatroom/, a line each, under the identity that wrote
 * it: the nick the client logged in as (case-folded; the nick it started
 * as when it took over a session renamed since, as the sessions file of
 * client-hello.c says) and the hub the target names, "nick@host:port".
 * The hubs of a cluster behave as one chat, and a client may meet any of
 * them (DNS round robin, the list form, a failover): when the welcome
 * gives the cluster's id the identity is "nick@cluster:ID" instead, one
 * set of windows for all of them.  Lines kept for the hub's address
 * before (the target's, last_addr) are read while the cluster has none,
 * and replaced by the cluster's when it writes; those kept for its other
 * addresses are left alone.
 * One person may run two clients on one hub under two nicks, from one
 * state directory: each has lines of its own.
 *
 * - last_room: "nick@host:port room", the room in view, written each
 *   time the view moves to another room, or "@nick" for a conversation.
 *   A room named on the command line wins; one the session is no longer
 *   in is not joined again.
 * - dm_windows: the conversations (DM windows) open, "nick@host:port
 *   unread nick" ("unread!" when one of them was a highlight), the order
 *   of all the windows, "nick@host:port order #room @nick ...", and the
 *   ids of the last DMs shown, "nick@host:port ids ID ...", and for a
 *   conversation whose peer changed nick since it began, the nick its
 *   log is named after, "nick@host:port log nick began-as", written when
 *   one of these changes (checked once a second, with the logs written
 *   first, and at the exit).  A client started again opens the
 *   conversations once it is logged in, with their last lines from the
 *   logs, the count of lines that were unread and the highlight, and puts
 *   each window back in its place as its room is joined.  It also keeps,
 *   for each room, the id of the last message read there and the latest
 *   time read (ms), "nick@host:port read #room ID TS": the message last
 *   shown in the room in view, else the last before the first one counted
 *   unread.  As the room's history replays at the next start (or a
 *   resumed session sends what was missed), the messages after that id,
 *   or later than that time (a hub that lost its history numbers its
 *   messages from 1 again), count unread, once, with their
 *   highlights and the read marker above the first of them, and those up
 *   to it, seen or not logged, do not; what the hub no longer keeps is
 *   not counted.  A room left with /part has no line, nor one not back
 *   in CLIENT_LAST_SETTLE seconds after the login.  A kill loses what
 *   changed since the last write, a second at most: lines read then
 *   count unread again.
 *
 * A session taken over has its rooms; a new one (after /quit, or once the
 * hub forgot the session) is in #lobby alone, as the welcome says
 * (new_session).  Then, as irssi and weechat join their channels again,
 * the client joins the rooms of the order line (REJOIN=no in the
 * configuration file turns it off), each going to its place and the view
 * staying put until the room last viewed is in.  A room left with /part
 * is out of the line, even while the order waits for its windows.
 *
 * The logged lines have no message ids, but the hub sends again, to a
 * client taking its session over, the DMs it passed to the lost
 * connection just before the loss (perhaps never shown: a frozen
 * laptop).  So a DM with one of the ids kept is dropped.  The ids are
 * written only after the conversation logs (client_last_flush): a DM
 * whose line was logged may then be shown twice after a kill, never lost.
 *
 * Lines of older versions, keyed "host:port", are read when the identity
 * has none, and replaced by the identity's when it writes.  Each write
 * reads the file again under an flock (last.lock) and keeps the other
 * identities' lines, then replaces the file at once (temporary file and
 * rename, not synced: see client_last_replace), so two clients running at
 * once do not lose each other's lines and a client killed meanwhile
 * leaves the old file or the new.
 */

/*
 * The windows of the last run that have not come back in so many seconds
 * after the login (rooms the session is no longer in) lose their places
 * and how far they were read: joined later, they go at the end as new
 * windows do.
 */
#define CLIENT_LAST_SETTLE	10

/* Tries, 2 ms apart, to take the lock before a write waits for the next. */
#define CLIENT_LAST_LOCK_TRIES	50

static char	**client_last_read(struct client *, const char *, u_int *);
static void	 client_last_free_lines(char **, u_int);
static int	 client_last_lock(char **);
static int	 client_last_ours(struct client *, const char *, size_t);
static int	 client_last_replace(const char *, const char *, size_t,
		     char **);
static int	 client_last_write(struct client *, const char *,
		     const char *, char **);
static void	 client_last_unread(struct croom *, u_long, int);
static void	 client_last_ids_read(struct client *, const char *);
static int	 client_last_token(const char *);
static char	*client_last_log_name(char **, u_int, const char *);

/*
 * The lines a file keeps for us, without their key: the identity's, or
 * if it has none those kept for the hub's address before it said its
 * cluster, or those an older version kept for the hub.  NULL (and *n 0)
 * if none.
 */
static char **
client_last_read(struct client *c, const char *file, u_int *n)
{
	FILE	*f;
	char	*path, *line = NULL, *sp, **mine = NULL, **old = NULL;
	size_t	 size = 0;
	ssize_t	 len;
	u_int	 nmine = 0, nold = 0;
	int	 addr = 0;

	*n = 0;
	path = state_path(file);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		free(path);
		return (NULL);
	}
	while ((len = getline(&line, &size, f)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if ((sp = strchr(line, ' ')) == NULL || sp[1] == '\0' ||
		    !utf8_valid(line, len))
			continue;
		*sp = '\0';
		if (strcmp(line, c->last_key) == 0) {
			mine = xreallocarray(mine, nmine + 1, sizeof *mine);
			mine[nmine++] = xstrdup(sp + 1);
		} else if (c->last_addr != NULL &&
		    strcmp(line, c->last_addr) == 0) {
			/* Before the hub said its cluster: before older. */
			if (nold > 0 && !addr) {
				client_last_free_lines(old, nold);
				old = NULL;
				nold = 0;
			}
			addr = 1;
			old = xreallocarray(old, nold + 1, sizeof *old);
			old[nold++] = xstrdup(sp + 1);
		} else if (!addr && strcmp(line, c->last_hub) == 0) {
			old = xreallocarray(old, nold + 1, sizeof *old);
			old[nold++] = xstrdup(sp + 1);
		}
	}
	free(line);
	fclose(f);
	free(path);
	if (nmine > 0) {
		client_last_free_lines(old, nold);
		*n = nmine;
		return (mine);
	}
	*n = nold;
	return (old);
}

/* Free what client_last_read returned. */
static void
client_last_free_lines(char **lines, u_int n)
{
	u_int	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/*
 * Take the lock the clients of this state directory share while they
 * read and replace one of these files: its descriptor, or -1.
 */
static int
client_last_lock(char **cause)
{
	char	*path;
	int	 fd, tries;

	path = state_path("last.lock");
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	/*
	 * Held for a read and a rename; one held longer is a client stopped
	 * (Ctrl-Z) at that moment: do not hang the interface, try again at
	 * the next write.
	 */
	for (tries = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; tries++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    tries == CLIENT_LAST_LOCK_TRIES) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return (-1);
		}
		usleep(2000);
	}
	free(path);
	return (fd);
}

/* Is this key (len bytes) ours, or an older key of our hub? */
static int
client_last_ours(struct client *c, const char *key, size_t len)
{
	if (len == strlen(c->last_key) && strncmp(key, c->last_key, len) == 0)
		return (1);
	if (c->last_addr != NULL && len == strlen(c->last_addr) &&
	    strncmp(key, c->last_addr, len) == 0)
		return (1);
	return (len == strlen(c->last_hub) &&
	    strncmp(key, c->last_hub, len) == 0);
}

/*
 * Replace a file at once: a temporary file renamed over it.  Not synced:
 * these files are written every second while DMs come, and only a kill,
 * not a power cut, must find them agreeing with the logs, which are not
 * synced either.
 */
static int
client_last_replace(const char *path, const char *data, size_t len,
    char **cause)
{
	return (util_replace_file(path, data, len, 0, cause));
}

/*
 * Keep our lines (block, each "key ...\n") in a file, with the other
 * identities' lines as the file has them now.
 */
static int
client_last_write(struct client *c, const char *file, const char *block,
    char **cause)
{
	FILE	*f, *old;
	char	*path, *buf = NULL, *line = NULL, *sp;
	size_t	 size = 0, len = 0;
	int	 rc, lock;

	path = state_path(file);
	if (make_parent_dirs(path, cause) != 0) {
		free(path);
		return (-1);
	}
	if ((lock = client_last_lock(cause)) == -1) {
		free(path);
		return (-1);
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	if ((old = fopen(path, "r")) != NULL) {
		while (getline(&line, &size, old) != -1) {
			sp = strchr(line, ' ');
			if (sp != NULL && client_last_ours(c, line, sp - line))
				continue;
			fputs(line, f);
			if (line[strlen(line) - 1] != '\n')
				fputc('\n', f);
		}
		free(line);
		fclose(old);
	}
	fputs(block, f);
	fclose(f);
	rc = client_last_replace(path, buf, len, cause);
	close(lock);
	free(buf);
	free(path);
	return (rc);
}

/*
 * Keep the windows from now on for this hub (the one the target names);
 * the nick, and the cluster if any, are known once logged in
 * (client_last_reopen).
 */
void
client_last_start(struct client *c)
{
	c->last_hub = client_tls_hub_name(c);
}

/* Read the ids of the DMs shown at the last run. */
static void
client_last_ids_read(struct client *c, const char *p)
{
	char		*end;
	long long	 id;

	c->last_ndm_ids = 0;
	while (c->last_ndm_ids < CLIENT_LAST_DM_IDS) {
		id = strtoll(p, &end, 10);
		if (end == p || id <= 0)
			break;
		c->last_dm_ids[c->last_ndm_ids++] = id;
		p = end;
	}
	c->last_ndm_old = c->last_ndm_ids;
}

/*
 * Was a DM with this id shown at the last run?  (One shown at this run is
 * the window's to drop, as before.)  If not, it is about to be: keep its
 * id, the oldest going first.
 */
int
client_last_dm_shown(struct client *c, long long id)
{
	u_int	i;

	if (c->last_key == NULL || id <= 0)
		return (0);
	for (i = 0; i < c->last_ndm_old; i++) {
		if (c->last_dm_ids[i] == id)
			return (1);
	}
	if (c->last_ndm_ids == CLIENT_LAST_DM_IDS) {
		memmove(c->last_dm_ids, c->last_dm_ids + 1,
		    (CLIENT_LAST_DM_IDS - 1) * sizeof *c->last_dm_ids);
		c->last_ndm_ids--;
		if (c->last_ndm_old > 0)
			c->last_ndm_old--;
	}
	c->last_dm_ids[c->last_ndm_ids++] = id;
	return (0);
}

/*
 * The session has the room kept from last time: show it, once.  1 if it
 * did (and the view moved), else 0.
 */
int
client_last_apply(struct client *c)
{
	struct croom	*r, *old;

	if (c->last_want == NULL || c->state != CLIENT_READY)
		return (0);
	if (*c->last_want == '@') {
		/*
		 * A conversation: open by now (client_last_reopen), or gone.
		 * Shown once the welcome's first room is (its join moves the
		 * view there), so that it stays.
		 */
		if (c->current == NULL || c->current == c->status)
			return (0);
		r = client_room(c, c->last_want + 1, CLIENT_ROOM_DM);
		if (r == NULL || !(r->flags & CROOM_DM)) {
			client_last_forget(c);
			return (0);
		}
	} else {
		r = client_room(c, c->last_want, CLIENT_ROOM_FIND);
		if (r == NULL || r == c->status || (r->flags & CROOM_DM) ||
		    !(r->flags & CROOM_JOINED))
			return (0);
	}
	if (r == c->current) {
		client_last_forget(c);
		return (0);
	}
	old = c->current;
	client_switch(c, r);	/* forgets it */
	/*
	 * A room in view only until this one came read nothing: a session's
	 * room taken over, or #lobby, which a new session joins first.
	 */
	if (old != NULL && old != r)
		client_last_reads_recount(c, old);
	return (1);
}

/* Is this the room the target names, not in yet? */
int
client_last_named(struct client *c, const char *name)
{
	char	*key, *named;
	int	 same;

	if (!(c->flags & CLIENT_NAMED) || c->room == NULL)
		return (0);
	key = client_room_key(name, 0);
	named = client_room_key(c->room, 0);
	same = strcmp(key, named) == 0;
	free(named);
	free(key);
	return (same);
}

/*
 * We are in the room the target names, at the first login: show it, as
 * client_last_apply shows the room kept from last time, and count again
 * the room in view until then, which read nothing (#lobby, where the hub
 * puts a new session, or the first room of a session taken over).  1 if
 * it was that room, else 0.
 */
int
client_last_named_in(struct client *c, struct croom *r)
{
	struct croom	*old;

	if (!client_last_named(c, r->name))
		return (0);
	c->flags &= ~CLIENT_NAMED;
	old = c->current;
	client_switch(c, r);
	if (old != NULL && old != r && old != c->status)
		client_last_reads_recount(c, old);
	return (1);
}

/*
 * The user or the hub moved the view, or a later login joined the rooms
 * again: the room kept from last time no longer counts.
 */
void
client_last_forget(struct client *c)
{
	free(c->last_want);
	c->last_want = NULL;
}

/*
 * The view moved: keep its window, if it is a room we are in or a
 * conversation ("@nick").
 */
void
client_last_note(struct client *c)
{
	struct croom	*r = c->current;
	char		*cause, *block, *name;
	int		 rc;

	if (c->last_key == NULL || r == NULL || r == c->status ||
	    (!(r->flags & CROOM_DM) && !(r->flags & CROOM_JOINED)) ||
	    !client_last_token(r->name))
		return;
	if (r->flags & CROOM_DM)
		xasprintf(&name, "@%s", r->name);
	else
		name = xstrdup(r->name);
	if (c->last_saved != NULL && strcmp(c->last_saved, name) == 0) {
		free(name);
		return;
	}
	free(c->last_saved);
	c->last_saved = name;
	xasprintf(&block, "%s %s\n", c->last_key, name);
	rc = client_last_write(c, "last_room", block, &cause);
	free(block);
	if (rc != 0) {
		log_debug("%s", cause);
		free(cause);
		free(c->last_saved);	/* try again at the next state */
		c->last_saved = NULL;
	}
}

/*
 * A conversation reopened had unread messages from the other side: the
 * last so many of its lines from the log, with the read marker above, and
 * its highlight if there are any.
 */
static void
client_last_unread(struct croom *r, u_long unread, int mention)
{
	struct cline	*l;
	u_int		 i = r->buf.count;
	u_long		 n = 0;

	while (n < unread && i > 0) {
		l = cbuf_get(&r->buf, --i);
		if ((l->kind == CLINE_DM || l->kind == CLINE_ACTION ||
		    l->kind == CLINE_MSG || l->kind == CLINE_IMAGE) &&
		    !(l->flags & CLINE_SELF))
			n++;
	}
	r->unread = n;
	r->mention = n > 0 && mention;
	if (n > 0)
		r->seen = r->buf.total - (r->buf.count - i);
}

/*
 * The nick a conversation's log is named after, if its peer changed nick
 * since it began ("log nick began-as"), or NULL.
 */
static char *
client_last_log_name(char **lines, u_int n, const char *nick)
{
	const char	*p, *sp;
	u_int		 i;

	for (i = 0; i < n; i++) {
		if (strncmp(lines[i], "log ", 4) != 0)
			continue;
		p = lines[i] + 4;
		if ((sp = strchr(p, ' ')) == NULL || sp[1] == '\0' ||
		    strchr(sp + 1, ' ') != NULL)
			continue;
		if ((size_t)(sp - p) == strlen(nick) &&
		    strncmp(p, nick, sp - p) == 0)
			return (xstrdup(sp + 1));
	}
	return (NULL);
}

/*
 * Logged in for the first time: now that the nick is known, read what was
 * kept under it, and open the conversations kept from last time, with
 * their last lines from the logs; a conversation open now (one the hub
 * replayed) keeps its lines.
 */
void
client_last_reopen(struct client *c)
{
	struct croom	*r;
	char		**lines, *p, *nick, *end, *fold;
	u_int		 n, i;
	u_long		 unread;
	int		 mention;

	if (c->last_dms_open || c->last_hub == NULL ||
	    c->state != CLIENT_READY)
		return;
	c->last_dms_open = 1;
	/* A session renamed and taken over is still the nick started as. */
	fold = utf8_casefold(c->start_nick != NULL ? c->start_nick : c->nick);
	if (c->cluster != NULL) {
		/* Any hub of a cluster: one place (see the top). */
		xasprintf(&c->last_key, "%s@cluster:%s", fold, c->cluster);
		xasprintf(&c->last_addr, "%s@%s", fold, c->last_hub);
	} else
		xasprintf(&c->last_key, "%s@%s", fold, c->last_hub);
	free(fold);

	if (c->room == NULL) {
		lines = client_last_read(c, "last_room", &n);
		if (n > 0)
			c->last_want = xstrdup(lines[n - 1]);
		client_last_free_lines(lines, n);
	}

	lines = client_last_read(c, "dm_windows", &n);
	for (i = 0; i < n; i++) {
		p = lines[i];
		if (strncmp(p, "ids ", 4) == 0)
			client_last_ids_read(c, p + 4);
		else if (strncmp(p, "order ", 6) == 0) {
			client_last_order_read(c, p + 6);
			client_last_order_rejoin(c, p + 6);
		} else if (strncmp(p, "read ", 5) == 0)
			client_last_reads_read(c, p + 5);
	}
	/*
	 * Rooms the hub put in the list already go back in their places,
	 * read as far as they were.
	 */
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!(r->flags & CROOM_DM)) {
			client_last_order_place(c, r);
			if (r->flags & CROOM_JOINED)
				client_last_reads_kept(c, r);
		}
	}
	for (i = 0; i < n; i++) {
		p = lines[i];
		unread = strtoul(p, &end, 10);
		if (end == p)
			continue;
		mention = *end == '!';
		if (mention)
			end++;
		if (*end != ' ')
			continue;
		nick = end + 1;
		if (*nick == '\0' || strchr(nick, ' ') != NULL ||
		    client_room(c, nick, CLIENT_ROOM_DM) != NULL)
			continue;
		if ((r = client_room(c, nick, CLIENT_ROOM_NEW_DM)) == NULL)
			break;
		client_room_open(c, r);
		r->log_name = client_last_log_name(lines, n, nick);
		client_log_read_recent(c, r);
		client_last_unread(r, unread, mention);
	}
	client_last_free_lines(lines, n);
	/* Ours now: another nick starting meanwhile does not take them. */
	client_last_dms_note(c);
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * Can a window's name go in a line of these files?  (A hostile hub could
 * name one with a newline, to write lines of its own.)
 */
static int
client_last_token(const char *name)
{
	const u_char	*p;

	if (*name == '\0')
		return (0);
	for (p = (const u_char *)name; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return (0);
	}
	return (1);
}

/*
 * Keep the conversations open, the order of the windows and the ids of
 * the DMs shown, if they or the unread counts changed.
 */
void
client_last_dms_note(struct client *c)
{
	struct croom	*r;
	FILE		*f;
	char		*block = NULL, *cause;
	size_t		 len = 0;
	u_int		 i;
	uint64_t	 id;
	int64_t		 ts;

	if (c->last_key == NULL || !c->last_dms_open)
		return;
	if ((f = open_memstream(&block, &len)) == NULL)
		fatal("open_memstream");
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->status || !(r->flags & CROOM_DM) ||
		    !(r->flags & CROOM_JOINED) || !client_last_token(r->name))
			continue;
		if (r == c->current)
			fprintf(f, "%s 0 %s\n", c->last_key, r->name);
		else
			fprintf(f, "%s %u%s %s\n", c->last_key, r->unread,
			    r->mention && r->unread > 0 ? "!" : "", r->name);
		/* Its log is named after the nick it began with. */
		if (r->log_name != NULL && client_last_token(r->log_name))
			fprintf(f, "%s log %s %s\n", c->last_key, r->name,
			    r->log_name);
	}
	/* How far each room was read: all of the one in view. */
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->status || (r->flags & CROOM_DM) ||
		    !(r->flags & CROOM_JOINED) || !client_last_token(r->name))
			continue;
		id = r->read_id;
		ts = r->read_ts;
		if (r == c->current && r->shown.high > id)
			id = r->shown.high;
		if (r == c->current && r->last_ts > ts)
			ts = r->last_ts;
		/* Those up to it count read, replayed yet or not. */
		if ((r->flags & CROOM_KEPT) && r->kept_id > id)
			id = r->kept_id;
		if ((r->flags & CROOM_KEPT) && r->kept_ts > ts)
			ts = r->kept_ts;
		if (id > 0 || r->unread > 0)
			fprintf(f, "%s read #%s %llu %lld\n", c->last_key,
			    r->name, (unsigned long long)id, (long long)ts);
	}
	/* And the last run's rooms not back yet, as they were. */
	for (i = 0; i < c->last_nreads; i++) {
		fprintf(f, "%s read %s %llu %lld\n", c->last_key,
		    c->last_reads[i].key,
		    (unsigned long long)c->last_reads[i].id,
		    (long long)c->last_reads[i].ts);
	}
	/* While windows wait for their places, the order is the last run's. */
	fprintf(f, "%s order", c->last_key);
	for (i = 0; i < c->last_norder; i++)
		fprintf(f, " %s", c->last_order[i]);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (c->last_norder > 0 &&
		    client_last_order_find(c, r) != -1)
			continue;
		if (r != c->status && (r->flags & CROOM_JOINED) &&
		    client_last_token(r->name))
			fprintf(f, " %c%s", (r->flags & CROOM_DM) ? '@' : '#',
			    r->name);
	}
	fputc('\n', f);
	if (c->last_ndm_ids > 0) {
		fprintf(f, "%s ids", c->last_key);
		for (i = 0; i < c->last_ndm_ids; i++)
			fprintf(f, " %lld", c->last_dm_ids[i]);
		fputc('\n', f);
	}
	fclose(f);
	if (c->last_dms != NULL && strcmp(c->last_dms, block) == 0) {
		free(block);
		return;
	}
	free(c->last_dms);
	c->last_dms = block;
	if (client_last_write(c, "dm_windows", block, &cause) != 0) {
		log_debug("%s", cause);
		free(cause);
		free(c->last_dms);	/* try again at the next tick */
		c->last_dms = NULL;
	}
}

/*
 * Write the conversation logs, then what dm_windows keeps: the ids of the
 * DMs shown then name only lines already logged.
 */
void
client_last_flush(struct client *c)
{
	if ((c->last_norder > 0 || c->last_nreads > 0) &&
	    ++c->last_settle >= CLIENT_LAST_SETTLE) {
		client_last_order_read(c, "");	/* those not back go last */
		client_last_reads_free(c);	/* and unread, as new */
	}
	if (c->log != NULL)
		client_log_flush(c->log);
	client_last_dms_note(c);
}

/* Free what was kept. */
void
client_last_free(struct client *c)
{
	client_last_order_read(c, "");
	client_last_order_joining_free(c);
	client_last_reads_free(c);
	free(c->last_hub);
	free(c->last_key);
	free(c->last_addr);
	free(c->last_want);
	free(c->last_saved);
	free(c->last_dms);
}
