/* SPDX-License-Identifier: ISC */
/* cmd-room.c: slash commands for rooms: /join, /leave, /invite, /topic. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static int	cmd_room_join_one(struct client *, const char *, char **);

/*
 * /invite NICK [ROOM]: the room in view unless one is named; a
 * conversation or the status window has none to offer.
 */
int
cmd_room_invite(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_INVITE };

	req.nick = argv[0][0] == '@' ? argv[0] + 1 : argv[0];
	if (argc > 1)
		req.room = argv[1][0] == '#' ? argv[1] + 1 : argv[1];
	else if (cmd_view_held(c, cause))
		return (-1);
	else if (c->current == c->status || (c->current->flags & CROOM_DM)) {
		*cause = xstrdup(_("this window is not a room: /invite NICK "
		    "ROOM"));
		return (-1);
	} else
		req.room = c->current->name;
	if (*req.nick == '\0' || *req.room == '\0' ||
	    strchr(req.room, ' ') != NULL) {
		xasprintf(cause, _("usage: /%s %s"), "invite",
		    _("NICK [ROOM]"));
		return (-1);
	}
	return (client_send_request(c, &req));
}

/*
 * /join ROOM|TITLE: switch if already joined, else ask the hub.  A title
 * of several words stands for the name /create made of it.  A name of
 * digits is a name, as in IRC clients ("/join 5" is #5): the protocol's
 * join by number is not offered, and /window takes the room list's.  As
 * in IRC clients, "/join #a,#b" joins each room of the list, in turn,
 * up to the first refused.
 */
int
cmd_room_join(struct client *c, int argc, char **argv, char **cause)
{
	char	*list, *next, *name;
	int	 rc = 0;

	if (strchr(argv[0], ' ') != NULL || strchr(argv[0], ',') == NULL)
		return (cmd_room_join_one(c, argv[0], cause));
	next = list = xstrdup(argv[0]);
	while (rc == 0 && (name = strsep(&next, ",")) != NULL) {
		if (*name != '\0')
			rc = cmd_room_join_one(c, name, cause);
	}
	free(list);
	return (rc);
}

/* Join one room, or switch to it (see cmd_room_join). */
static int
cmd_room_join_one(struct client *c, const char *arg, char **cause)
{
	struct proto_request	 req = { .type = PROTO_JOIN };
	struct croom		*r;
	const char		*name;
	char			*made = NULL;
	int			 rc;

	name = arg[0] == '#' ? arg + 1 : arg;
	/*
	 * "/join #a #b" is no title: an IRC user's two rooms, or a room
	 * and its key (rooms have none), not a room named "#a-#b".
	 */
	if (strstr(name, " #") != NULL) {
		*cause = xstrdup(_("/join takes one room, or several "
		    "separated by commas: /join #a,#b"));
		return (-1);
	}
	if (strchr(name, ' ') != NULL) {
		if ((made = cmd_create_room_name(name, cause)) == NULL)
			return (-1);
		name = made;
	}
	/* Refused here, the cause is in the user's language. */
	if (proto_check_room_local(name, 0, cause) != 0) {
		free(made);
		return (-1);
	}
	r = client_room(c, name, 0);
	if (r != NULL && r != c->status && (r->flags & CROOM_JOINED) &&
	    !(r->flags & CROOM_REJOIN)) {
		client_log_chosen(c->log, r->name, 0);
		client_switch(c, r);
		free(made);
		return (0);
	}
	req.room = name;
	rc = client_send_request(c, &req);
	free(made);
	return (rc);
}

/*
 * /leave [ROOM] [REASON]: the reason goes to the room's members, as an
 * IRC client's PART message; a conversation is closed locally.  As in
 * irssi, a first word that names no window of ours (and has no '#' or
 * '@') begins the reason for the room in view; a lone word is still a
 * room, so that a mistyped name does not leave the room in view.
 */
int
cmd_room_leave(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	 req = { .type = PROTO_LEAVE };
	struct croom		*r = c->current;
	const char		*name, *rest;
	char			*word;
	int			 named = 0;

	if (argc >= 1) {
		rest = argv[0] + strcspn(argv[0], " \n");
		word = xstrndup(argv[0], rest - argv[0]);
		rest += strspn(rest, " \n");
		r = client_room_named(c, word);
		named = 1;
		if (word[0] != '#' && word[0] != '@' && *rest != '\0' &&
		    (r == NULL || r == c->status ||
		    !(r->flags & (CROOM_DM|CROOM_JOINED)))) {
			r = c->current;
			rest = argv[0];
			named = 0;
		} else if (r == NULL || r == c->status) {
			if (word[0] == '@')
				xasprintf(cause, _("there is no window %s"),
				    word);
			else {
				name = word[0] == '#' ? word + 1 : word;
				xasprintf(cause, _("you are not in #%s"),
				    name);
			}
			free(word);
			return (-1);
		}
		free(word);
		if (*rest != '\0')
			req.reason = rest;
	}
	if (!named && cmd_view_held(c, cause))
		return (-1);
	if (r == c->status) {
		*cause = xstrdup(_("there is nothing to leave here"));
		return (-1);
	}
	if (r->flags & CROOM_DM) {
		r->flags &= ~CROOM_JOINED;
		cbuf_clear(&r->buf);
		/* Closed from another window, the view stays there. */
		if (r != c->current) {
			if (c->ui->state != NULL)
				c->ui->state(c);
			return (0);
		}
		c->current = c->status;
		TAILQ_FOREACH(r, &c->rooms, entry) {
			if (r != c->status && (r->flags & CROOM_JOINED)) {
				c->current = r;
				break;
			}
		}
		client_switch(c, c->current);
		return (0);
	}
	req.room = r->name;
	return (client_send_request(c, &req));
}

/* /names [ROOM] */
int
cmd_room_names(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_NAMES };

	if (argc == 1)
		req.room = argv[0][0] == '#' ? argv[0] + 1 : argv[0];
	else if (cmd_view_held(c, cause))
		return (-1);
	else if (c->ui->names != NULL && c->current != c->status &&
	    !(c->current->flags & CROOM_DM))
		return (c->ui->names(c));	/* the terminal's nick list */
	else if (c->current == c->status || (c->current->flags & CROOM_DM)) {
		xasprintf(cause, _("usage: /%s ROOM"), cmd_typed());
		return (-1);
	} else
		req.room = c->current->name;
	return (client_send_request(c, &req));
}

/* /rooms */
int
cmd_room_rooms(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_ROOMS };

	return (client_send_request(c, &req));
}

/* /topic [TEXT] */
int
cmd_room_topic(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_TOPIC };

	if (c->current->flags & CROOM_DM) {
		*cause = xstrdup(_("conversations have no topic"));
		return (-1);
	}
	if (argc == 0) {
		if (*c->current->topic == '\0')
			client_notice(c, c->current, CLINE_NOTICE,
			    _("#%s has no topic"), c->current->name);
		else
			client_notice(c, c->current, CLINE_NOTICE,
			    _("topic of #%s: %s"), c->current->name,
			    c->current->topic);
		return (0);
	}
	/* Refused here, as the hub would, but naming the limit. */
	if (utf8_strlen(argv[0], strlen(argv[0])) > CR_TOPIC_MAX) {
		xasprintf(cause, _("a topic has at most %d characters"),
		    CR_TOPIC_MAX);
		return (-1);
	}
	req.room = c->current->name;
	req.text = strcmp(argv[0], "-delete") == 0 ? "" : argv[0];
	return (client_send_request(c, &req));
}
