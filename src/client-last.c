/* SPDX-License-Identifier: ISC */
/*
 * client-last.c: the room last viewed on each hub, and the conversations
 * open there, to open again.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * A terminal client started again, after a crash or a kill, takes its
 * session over with the rooms it had; as irssi and weechat users expect,
 * it should show the room they were looking at, not the lobby.  The room
 * in view is kept, one line a hub ("host:port room"), in
 * $XDG_STATE_HOME/chatroom/last_room, written (temporary file and rename)
 * each time the view moves to another room.  A room named on the command
 * line wins; one the session is no longer in is not joined again.
 *
 * The conversations (DM windows) open are kept likewise, one line each
 * ("host:port unread nick") in $XDG_STATE_HOME/chatroom/dm_windows,
 * written when the list or an unread count changes (checked once a
 * second and at the exit).  A client started again opens them once it
 * is logged in, with their last lines from the logs and the count of
 * lines that were unread, as irssi and weechat keep query windows.
 *
 * The logged lines have no message ids, but the hub sends again, to a
 * client taking its session over, the DMs it passed to the lost
 * connection just before the loss (perhaps never shown: a frozen
 * laptop).  So the ids of the last DMs shown are kept too, one line a
 * hub ("host:port ids ID ..."), and a DM with one of them is dropped.
 */

static char	*client_last_read(const char *);
static int	 client_last_write(struct client *, const char *,
		     const char *, char **);
static void	 client_last_unread(struct croom *, u_long);
static void	 client_last_ids_read(struct client *);

/* The room kept for a hub, or NULL. */
static char *
client_last_read(const char *hub)
{
	FILE	*f;
	char	*path, *line = NULL, *room = NULL, *sp;
	size_t	 size = 0;
	ssize_t	 n;

	path = state_path("last_room");
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		free(path);
		return (NULL);
	}
	while ((n = getline(&line, &size, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((sp = strchr(line, ' ')) == NULL || sp[1] == '\0')
			continue;
		*sp = '\0';
		if (strcmp(line, hub) != 0 ||
		    !utf8_valid(sp + 1, strlen(sp + 1)))
			continue;
		free(room);
		room = xstrdup(sp + 1);
	}
	free(line);
	fclose(f);
	free(path);
	return (room);
}

/*
 * Keep our hub's lines (block, each "hub ...\n") in a file: the other
 * hubs' lines and ours replace the file at once (util_write_file), so that
 * a client killed meanwhile leaves one or the other.
 */
static int
client_last_write(struct client *c, const char *file, const char *block,
    char **cause)
{
	FILE	*f, *old;
	char	*path, *buf = NULL, *line = NULL, *sp;
	size_t	 size = 0, len = 0;
	int	 rc;

	path = state_path(file);
	if (make_parent_dirs(path, cause) != 0) {
		free(path);
		return (-1);
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	if ((old = fopen(path, "r")) != NULL) {
		while (getline(&line, &size, old) != -1) {
			sp = strchr(line, ' ');
			if (sp != NULL && (size_t)(sp - line) ==
			    strlen(c->last_hub) &&
			    strncmp(line, c->last_hub, sp - line) == 0)
				continue;
			fputs(line, f);
		}
		free(line);
		fclose(old);
	}
	fputs(block, f);
	fclose(f);
	rc = util_write_file(path, buf, len, cause);
	free(buf);
	free(path);
	return (rc);
}

/*
 * Keep the room in view from now on for this hub (the one the target
 * names, whichever hub of a cluster is in use); unless the target named
 * a room, the one kept from last time is shown once the session has it.
 */
void
client_last_start(struct client *c)
{
	c->last_hub = client_hub_name(c);
	if (c->room == NULL)
		c->last_want = client_last_read(c->last_hub);
	client_last_ids_read(c);
}

/* Read the ids of the DMs shown at the last run on this hub. */
static void
client_last_ids_read(struct client *c)
{
	FILE		*f;
	char		*path, *line = NULL, *p, *end;
	size_t		 size = 0;
	long long	 id;

	path = state_path("dm_windows");
	if ((f = fopen(path, "r")) == NULL) {
		free(path);
		return;
	}
	while (getline(&line, &size, f) != -1) {
		if ((p = strchr(line, ' ')) == NULL)
			continue;
		*p++ = '\0';
		if (strcmp(line, c->last_hub) != 0 ||
		    strncmp(p, "ids ", 4) != 0)
			continue;
		p += 4;
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
	free(line);
	fclose(f);
	free(path);
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

	if (c->last_hub == NULL || id <= 0)
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
	struct croom	*r;

	if (c->last_want == NULL || c->state != CLIENT_READY)
		return (0);
	r = client_room(c, c->last_want, CLIENT_ROOM_FIND);
	if (r == NULL || r == c->status || (r->flags & CROOM_DM) ||
	    !(r->flags & CROOM_JOINED))
		return (0);
	if (r == c->current) {
		client_last_forget(c);
		return (0);
	}
	client_switch(c, r);	/* forgets it */
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

/* The view moved: keep its room, if it is a room we are in. */
void
client_last_note(struct client *c)
{
	struct croom	*r = c->current;
	char		*cause, *block;
	int		 rc;

	if (c->last_hub == NULL || r == NULL || r == c->status ||
	    (r->flags & CROOM_DM) || !(r->flags & CROOM_JOINED))
		return;
	if (c->last_saved != NULL && strcmp(c->last_saved, r->name) == 0)
		return;
	free(c->last_saved);
	c->last_saved = xstrdup(r->name);
	xasprintf(&block, "%s %s\n", c->last_hub, r->name);
	rc = client_last_write(c, "last_room", block, &cause);
	free(block);
	if (rc != 0) {
		log_debug("%s", cause);
		free(cause);
	}
}

/*
 * A conversation reopened had unread messages from the other side: the
 * last so many of its lines from the log, with the read marker above.
 */
static void
client_last_unread(struct croom *r, u_long unread)
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
	if (n > 0)
		r->seen = r->buf.total - (r->buf.count - i);
}

/*
 * Logged in for the first time: open the conversations kept from last
 * time, with their last lines from the logs; a conversation open now
 * (one the hub replayed) keeps its lines.
 */
void
client_last_reopen(struct client *c)
{
	FILE		*f;
	struct croom	*r;
	char		*path, *line = NULL, *p, *nick, *end;
	size_t		 size = 0;
	ssize_t		 n;
	u_long		 unread;

	if (c->last_dms_open || c->last_hub == NULL ||
	    c->state != CLIENT_READY)
		return;
	c->last_dms_open = 1;
	path = state_path("dm_windows");
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		free(path);
		return;
	}
	while ((n = getline(&line, &size, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((p = strchr(line, ' ')) == NULL)
			continue;
		*p++ = '\0';
		if (strcmp(line, c->last_hub) != 0)
			continue;
		unread = strtoul(p, &end, 10);
		if (end == p || *end != ' ')
			continue;
		nick = end + 1;
		if (*nick == '\0' || !utf8_valid(nick, strlen(nick)) ||
		    client_room(c, nick, CLIENT_ROOM_DM) != NULL)
			continue;
		if ((r = client_room(c, nick, CLIENT_ROOM_NEW_DM)) == NULL)
			break;
		client_room_open(c, r);
		client_log_recent(c, r);
		client_last_unread(r, unread);
	}
	free(line);
	fclose(f);
	free(path);
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * Keep the conversations open and the ids of the DMs shown, if they or
 * the unread counts changed.
 */
void
client_last_dms_note(struct client *c)
{
	struct croom	*r;
	FILE		*f;
	char		*block = NULL, *cause;
	size_t		 len = 0;
	u_int		 i;

	if (c->last_hub == NULL || !c->last_dms_open)
		return;
	if ((f = open_memstream(&block, &len)) == NULL)
		fatal("open_memstream");
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && (r->flags & CROOM_DM) &&
		    (r->flags & CROOM_JOINED))
			fprintf(f, "%s %u %s\n", c->last_hub,
			    r == c->current ? 0 : r->unread, r->name);
	}
	if (c->last_ndm_ids > 0) {
		fprintf(f, "%s ids", c->last_hub);
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
	}
}

/* Free what was kept. */
void
client_last_free(struct client *c)
{
	free(c->last_hub);
	free(c->last_want);
	free(c->last_saved);
	free(c->last_dms);
}
