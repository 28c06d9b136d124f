/* SPDX-License-Identifier: ISC */
/*
 * client-last-order.c: the last run's windows put back in their places,
 * and its rooms joined again (see client-last.c).
 */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/* Read the order of the last run's windows: "#room @nick ...". */
void
client_last_order_read(struct client *c, const char *p)
{
	const char	*end;
	char		*token;
	u_int		 i;

	for (i = 0; i < c->last_norder; i++)
		free(c->last_order[i]);
	free(c->last_order);
	free(c->last_placed);
	c->last_order = NULL;
	c->last_placed = NULL;
	c->last_norder = c->last_nplaced = 0;
	while (*p != '\0' && c->last_norder < CR_CLIENT_WINDOWS) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		if (end - p >= 2 && (*p == '#' || *p == '@')) {
			token = xstrndup(p + 1, end - p - 1);
			c->last_order = xreallocarray(c->last_order,
			    c->last_norder + 1, sizeof *c->last_order);
			c->last_order[c->last_norder++] =
			    client_room_key(token, *p == '@');
			free(token);
		}
		p = end;
	}
	if (c->last_norder > 0)
		c->last_placed = xcalloc(c->last_norder, 1);
}

/* A window's place in the last run's order, or -1. */
int
client_last_order_find(struct client *c, struct croom *r)
{
	char	*key;
	u_int	 i;

	key = client_room_key(r->name, r->flags & CROOM_DM);
	for (i = 0; i < c->last_norder; i++) {
		if (strcmp(c->last_order[i], key) == 0)
			break;
	}
	free(key);
	return (i == c->last_norder ? -1 : (int)i);
}

/*
 * A window made or opened: if it had a place at the last run and has not
 * had it yet in this one, put it back there, after the windows that came
 * before it then, so that rooms joined and conversations reopened keep
 * their numbers (Alt-N, /window N) whichever comes first.  Once placed,
 * a window left and opened again goes at the end as a new one would.
 */
void
client_last_order_place(struct client *c, struct croom *r)
{
	struct croom	*w, *after = c->status;
	int		 i, j;

	if (c->last_norder == 0 || r == c->status ||
	    (i = client_last_order_find(c, r)) == -1 || c->last_placed[i])
		return;
	TAILQ_FOREACH(w, &c->rooms, entry) {
		if (w == r || w == c->status)
			continue;
		if ((j = client_last_order_find(c, w)) != -1 && j < i)
			after = w;
	}
	if (after != NULL && TAILQ_NEXT(after, entry) != r && after != r) {
		TAILQ_REMOVE(&c->rooms, r, entry);
		TAILQ_INSERT_AFTER(&c->rooms, after, r, entry);
	}
	/* A conversation is placed for good once open. */
	if (!(r->flags & CROOM_DM) || (r->flags & CROOM_JOINED)) {
		c->last_placed[i] = 1;
		if (++c->last_nplaced == c->last_norder) {
			client_last_order_read(c, "");	/* all placed */
		}
	}
}

/*
 * A new session: join again the rooms of the last run's order ("#room
 * @nick ..."), but #lobby, where the hub put us, and the room the target
 * names, which client_ready joins.  They go as requests the user makes,
 * paced as those are; the hub creates a room gone since, as /join does,
 * and a refusal is said once, as for /join.
 */
void
client_last_order_rejoin(struct client *c, const char *p)
{
	struct proto_request	 req;
	const char		*end;
	char			*name, *key, *lobby, *named = NULL, *list = NULL;
	char			*tmp;
	u_int			 i;

	if (!(c->flags & CLIENT_NEW_SESSION) || !c->last_rejoin ||
	    c->last_rejoined > 0)
		return;
	lobby = client_room_key(CR_LOBBY, 0);
	if (c->room != NULL)
		named = client_room_key(c->room, 0);
	while (*p != '\0' && c->last_njoining < CR_ROOMS_PER_CLIENT - 1) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		if (end - p < 2 || *p != '#') {
			p = end;
			continue;
		}
		name = xstrndup(p + 1, end - p - 1);
		p = end;
		key = client_room_key(name, 0);
		for (i = 0; i < c->last_njoining; i++) {
			if (strcmp(c->last_joining[i], key) == 0)
				break;
		}
		if (strcmp(key, lobby) == 0 || (named != NULL &&
		    strcmp(key, named) == 0) || i < c->last_njoining) {
			free(key);
			free(name);
			continue;
		}
		c->last_joining = xreallocarray(c->last_joining,
		    c->last_njoining + 1, sizeof *c->last_joining);
		c->last_joining[c->last_njoining++] = key;
		if (list == NULL)
			xasprintf(&list, "#%s", name);
		else {
			xasprintf(&tmp, "%s #%s", list, name);
			free(list);
			list = tmp;
		}
		memset(&req, 0, sizeof req);
		req.type = PROTO_JOIN;
		req.room = name;
		client_send_request(c, &req);
		free(name);
	}
	c->last_rejoined = c->last_njoining;
	if (list != NULL)
		client_notice(c, c->current, CLINE_NOTICE, _("joining the rooms "
		    "you were in when you left: %s"), list);
	free(list);
	free(named);
	free(lobby);
}

/*
 * We are in a room, or the hub refused it: if it was one joined again
 * for the last run, it is no longer waited for; 1 if it was.
 */
int
client_last_order_rejoined(struct client *c, const char *name)
{
	char	*key;
	u_int	 i;

	if (c->last_njoining == 0)
		return (0);
	key = client_room_key(name, 0);
	for (i = 0; i < c->last_njoining; i++) {
		if (strcmp(c->last_joining[i], key) == 0)
			break;
	}
	free(key);
	if (i == c->last_njoining)
		return (0);
	free(c->last_joining[i]);
	memmove(c->last_joining + i, c->last_joining + i + 1,
	    (c->last_njoining - i - 1) * sizeof *c->last_joining);
	if (--c->last_njoining == 0)
		client_last_order_joining_free(c);
	return (1);
}

/* Forget the rooms joined again and not yet in. */
void
client_last_order_joining_free(struct client *c)
{
	u_int	i;

	for (i = 0; i < c->last_njoining; i++)
		free(c->last_joining[i]);
	free(c->last_joining);
	c->last_joining = NULL;
	c->last_njoining = 0;
}

/*
 * A window was closed, or a room left: it no longer has a place in the
 * last run's order, which is what is written while windows wait for
 * theirs, so that a room left then is not joined again at the next run.
 */
void
client_last_order_removed(struct client *c, struct croom *r)
{
	int	i;

	if (c->last_norder == 0 || r == c->status ||
	    (i = client_last_order_find(c, r)) == -1)
		return;
	if (c->last_placed[i])
		c->last_nplaced--;
	free(c->last_order[i]);
	memmove(c->last_order + i, c->last_order + i + 1,
	    (c->last_norder - i - 1) * sizeof *c->last_order);
	memmove(c->last_placed + i, c->last_placed + i + 1,
	    c->last_norder - i - 1);
	if (--c->last_norder == 0)
		client_last_order_read(c, "");
}
