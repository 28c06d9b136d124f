/* SPDX-License-Identifier: ISC */
/* client-last.c: the room last viewed on each hub, to open in again. */

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
 */

static char	*client_last_read(const char *);
static int	 client_last_write(struct client *, const char *, char **);

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
 * Keep a room for our hub: the other hubs' lines and ours replace the
 * file at once (util_write_file), so that a client killed meanwhile
 * leaves one or the other.
 */
static int
client_last_write(struct client *c, const char *room, char **cause)
{
	FILE	*f, *old;
	char	*path, *buf = NULL, *line = NULL, *sp;
	size_t	 size = 0, len = 0;
	int	 rc;

	path = state_path("last_room");
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
	fprintf(f, "%s %s\n", c->last_hub, room);
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
	char		*cause;

	if (c->last_hub == NULL || r == NULL || r == c->status ||
	    (r->flags & CROOM_DM) || !(r->flags & CROOM_JOINED))
		return;
	if (c->last_saved != NULL && strcmp(c->last_saved, r->name) == 0)
		return;
	free(c->last_saved);
	c->last_saved = xstrdup(r->name);
	if (client_last_write(c, r->name, &cause) != 0) {
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
}
