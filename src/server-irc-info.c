/* SPDX-License-Identifier: ISC */
/* server-irc-info.c: IRC queries: WHO, WHOIS, ISON, USERHOST, AWAY, lists. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * What IRC clients ask about users and channels, answered from the hub's
 * sessions and rooms.  Every user, native or IRC, is nick!nick@SERVER,
 * as in the prefixes of events (irc-event.c).  AWAY and WHOIS are the
 * native away and whois requests (server-people.c), so both kinds of
 * users see the same away messages and the same facts; a user whose
 * connection is lost (waiting for a resume) counts as away too.
 */

static void	server_irc_who_one(struct server_client *, const char *,
		    const char *);
static int	server_irc_listed(const char *, const char *);

/* The away message of a nick, or NULL if it is here (or unknown). */
const char *
server_irc_away_of(const char *nick)
{
	struct session	*s;

	if ((s = session_find_nick(nick)) == NULL)
		return (NULL);
	if (s->away != NULL)
		return (s->away);
	if (s->client == NULL)
		return ("Connection lost");
	return (NULL);
}

/*
 * AWAY [:message]: the native away request; 306 marked away, 305 back.
 * The others see AWAY (with away-notify) as for a native user.
 */
void
server_irc_away(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	if (msg->nparams > 0 && *msg->params[0] != '\0')
		cJSON_AddStringToObject(obj, "text", msg->params[0]);
	server_irc_call(c, server_people_away, obj);
	if (c->session == NULL || (c->irc->flags & SIRC_FAILED))
		return;
	if (c->session->away != NULL)
		server_irc_numeric(c, "306", 1,
		    "You have been marked as being away");
	else
		server_irc_numeric(c, "305", 1,
		    "You are no longer marked as being away");
}

/* 353s (as many as the names need) and 366 for a room's members. */
void
server_irc_namreply(struct server_client *c, const char *room,
    const char **members, size_t n)
{
	struct jbuf	 names;
	char		*chan;
	size_t		 i;
	int		 uh = c->irc->caps & SIRC_CAP_USERHOST;
	const char	*server = server_irc_name();

	xasprintf(&chan, "#%s", room != NULL ? room : "*");
	jbuf_init(&names);
	for (i = 0; i < n; i++) {
		if (names.len > 0)
			jbuf_add(&names, " ", 1);
		jbuf_add(&names, members[i], strlen(members[i]));
		if (uh) {
			jbuf_add(&names, "!", 1);
			jbuf_add(&names, members[i], strlen(members[i]));
			jbuf_add(&names, "@", 1);
			jbuf_add(&names, server, strlen(server));
		}
		/* Room for the prefix, nick and channel: a line each 350. */
		if (names.len > 350 || i + 1 == n) {
			server_irc_numeric(c, "353", 3, "=", chan, names.buf);
			jbuf_reset(&names);
		}
	}
	jbuf_free(&names);
	server_irc_numeric(c, "366", 2, chan, "End of /NAMES list");
	free(chan);
}

/* Is a channel in a LIST's comma-separated list of channels? */
static int
server_irc_listed(const char *list, const char *chan)
{
	size_t	n = strlen(chan);

	while (*list != '\0') {
		if (strncasecmp(list, chan, n) == 0 &&
		    (list[n] == ',' || list[n] == '\0'))
			return (1);
		list += strcspn(list, ",");
		if (*list == ',')
			list++;
	}
	return (0);
}

/* LIST's answer: 321, a 322 a room (those LIST #a,#b names), 323. */
void
server_irc_roomlist(struct server_client *c, const struct hub_event *ev)
{
	const char	*only = c->irc->arg;
	char		*chan, count[32];
	size_t		 i;

	if (only != NULL && *only != '#')
		only = NULL;	/* no ELIST conditions */
	server_irc_numeric(c, "321", 2, "Channel", "Users  Name");
	for (i = 0; i < ev->nrooms; i++) {
		xasprintf(&chan, "#%s", ev->rooms[i].name);
		if (only != NULL && !server_irc_listed(only, chan)) {
			free(chan);
			continue;
		}
		snprintf(count, sizeof count, "%lld", ev->rooms[i].count);
		server_irc_numeric(c, "322", 3, chan, count,
		    ev->rooms[i].topic != NULL ? ev->rooms[i].topic : "");
		free(chan);
	}
	server_irc_numeric(c, "323", 1, "End of /LIST");
}

/* A room's topic: 332, or (asked) 331 if there is none. */
void
server_irc_topic_reply(struct server_client *c, struct room *room, int ask)
{
	char	*chan;

	xasprintf(&chan, "#%s", room->name);
	if (room->topic != NULL && *room->topic != '\0')
		server_irc_numeric(c, "332", 2, chan, room->topic);
	else if (ask)
		server_irc_numeric(c, "331", 2, chan, "No topic is set");
	free(chan);
}

/* One 352 line: a user as WHO shows it, in a channel or "*". */
static void
server_irc_who_one(struct server_client *c, const char *chan, const char *nick)
{
	struct session	*s = session_find_nick(nick);
	const char	*server = server_irc_name(), *real = nick;
	char		 flags[4], *text;

	snprintf(flags, sizeof flags, "%c%s",
	    server_irc_away_of(nick) != NULL ? 'G' : 'H',
	    s != NULL && (s->flags & SESSION_OPER) ? "*" : "");
	if (s != NULL && s->client != NULL && s->client->irc != NULL &&
	    s->client->irc->realname != NULL)
		real = s->client->irc->realname;
	xasprintf(&text, "0 %s", real);
	server_irc_numeric(c, "352", 7, chan, nick, server, server, nick,
	    flags, text);
	free(text);
}

/* WHO #room or WHO nick: 352s, then 315. */
void
server_irc_who(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;
	const char	*mask = msg->nparams > 0 ? msg->params[0] : "*";
	const char	**nicks;
	size_t		 n, i;

	if (*mask == '#' && (room = room_find(mask + 1)) != NULL) {
		nicks = room_member_nicks(room, UINT_MAX, &n);
		for (i = 0; i < n; i++)
			server_irc_who_one(c, mask, nicks[i]);
		free(nicks);
	} else if (*mask != '#' && session_find_nick(mask) != NULL)
		server_irc_who_one(c, "*", session_find_nick(mask)->nick);
	server_irc_numeric(c, "315", 2, mask, "End of WHO list");
}

/*
 * WHOIS [server] nick: the native whois request, whose answer comes back
 * as server_irc_userinfo(); an error (401) is followed by 318 too.
 */
void
server_irc_whois(struct server_client *c, struct irc_msg *msg)
{
	const char	*nick = msg->params[msg->nparams - 1];
	cJSON		*obj;

	c->irc->arg = nick;
	if (strchr(nick, ',') != NULL || session_find_nick(nick) == NULL) {
		server_irc_numeric(c, "401", 2, nick, "No such nick/channel");
		server_irc_numeric(c, "318", 2, nick, "End of /WHOIS list");
		return;
	}
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "nick", nick);
	server_irc_call(c, server_people_whois, obj);
	if (c->irc != NULL && (c->irc->flags & SIRC_FAILED))
		server_irc_numeric(c, "318", 2, nick, "End of /WHOIS list");
}

/*
 * The answer to WHOIS: 311, 319 (the rooms the hub shows the asker),
 * 312, 313, 301, 317 (idle and signon), 318.
 */
void
server_irc_userinfo(struct server_client *c, const struct hub_whois *w)
{
	const char	*nick = w->nick, *server = server_irc_name();
	const char	*real = nick, *away;
	struct session	*s;
	struct jbuf	 rooms;
	char		 idle[32], since[32];
	size_t		 i;

	if ((s = session_find_nick(nick)) != NULL && s->client != NULL &&
	    s->client->irc != NULL && s->client->irc->realname != NULL)
		real = s->client->irc->realname;
	server_irc_numeric(c, "311", 5, nick, nick, server, "*", real);
	jbuf_init(&rooms);
	for (i = 0; i < w->nrooms; i++) {
		if (rooms.len > 0)
			jbuf_add(&rooms, " ", 1);
		jbuf_add(&rooms, "#", 1);
		jbuf_add(&rooms, w->rooms[i], strlen(w->rooms[i]));
	}
	if (rooms.len > 0)
		server_irc_numeric(c, "319", 2, nick, rooms.buf);
	jbuf_free(&rooms);
	server_irc_numeric(c, "312", 3, nick, server, "chatroom hub");
	if (w->oper)
		server_irc_numeric(c, "313", 2, nick, "is an IRC operator");
	away = w->away;
	if (away == NULL && w->lost)
		away = "Connection lost";
	if (away != NULL)
		server_irc_numeric(c, "301", 2, nick, away);
	snprintf(idle, sizeof idle, "%lld", (long long)w->idle);
	snprintf(since, sizeof since, "%lld", (long long)(w->since / 1000));
	server_irc_numeric(c, "317", 4, nick, idle, since,
	    "seconds idle, signon time");
	server_irc_numeric(c, "318", 2, nick, "End of /WHOIS list");
}

/* WHOWAS nick: the hub keeps no record of nicks gone (406, 369). */
void
server_irc_whowas(struct server_client *c, struct irc_msg *msg)
{
	server_irc_numeric(c, "406", 2, msg->params[0],
	    "There was no such nickname");
	server_irc_numeric(c, "369", 2, msg->params[0], "End of WHOWAS");
}

/* ISON nick...: 303 with those that are here. */
void
server_irc_ison(struct server_client *c, struct irc_msg *msg)
{
	struct session	*s;
	struct jbuf	 on;
	char		*copy, *p, *nick;
	u_int		 i;

	jbuf_init(&on);
	for (i = 0; i < msg->nparams; i++) {
		copy = xstrdup(msg->params[i]);
		for (p = copy; (nick = strsep(&p, " ")) != NULL;) {
			if (*nick == '\0' || (s = session_find_nick(nick)) ==
			    NULL || on.len > 400)
				continue;
			if (on.len > 0)
				jbuf_add(&on, " ", 1);
			jbuf_add(&on, s->nick, strlen(s->nick));
		}
		free(copy);
	}
	server_irc_numeric(c, "303", 1, on.buf);
	jbuf_free(&on);
}

/* USERHOST nick...: 302 with nick[*]=+nick@server for each, up to 5. */
void
server_irc_userhost(struct server_client *c, struct irc_msg *msg)
{
	struct session	*s;
	struct jbuf	 out;
	char		*one;
	u_int		 i;

	jbuf_init(&out);
	for (i = 0; i < msg->nparams && i < 5; i++) {
		if ((s = session_find_nick(msg->params[i])) == NULL)
			continue;
		xasprintf(&one, "%s%s%s=%c%s@%s", out.len > 0 ? " " : "",
		    s->nick, (s->flags & SESSION_OPER) ? "*" : "",
		    server_irc_away_of(s->nick) != NULL ? '-' : '+', s->nick,
		    server_irc_name());
		jbuf_add(&out, one, strlen(one));
		free(one);
	}
	server_irc_numeric(c, "302", 1, out.buf);
	jbuf_free(&out);
}
