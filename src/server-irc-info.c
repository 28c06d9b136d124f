/* SPDX-License-Identifier: ISC */
/* server-irc-info.c: IRC queries: WHO, WHOIS, ISON, USERHOST, AWAY, lists. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * What IRC clients ask about users and channels, answered from the hub's
 * sessions and rooms.  Every user, native or IRC, is nick!nick@SERVER,
 * as in the prefixes of events (irc-event.c); a user of another hub of
 * a cluster is on that hub's server (its host too), one hop away, as on
 * a network of IRC servers.  AWAY and WHOIS are the
 * native away and whois requests (server-people.c), so both kinds of
 * users see the same away messages and the same facts; a user whose
 * connection is lost (waiting for a resume) counts as away too.
 *
 * The lists that can be long (NAMES, WHO #room, LIST) are made as the
 * connection drains (server_irc_add_source): a client that reads slowly
 * costs the hub a page, not the whole list.  Their state is a room's name
 * and a position, so a room that goes or members that leave meanwhile
 * only end or shorten the answer.
 */

static int	server_irc_whox_parse(struct server_irc_whox *,
		    const char *);
static int	server_irc_who_shared(struct session *, struct session *);
static void	server_irc_who_mask(struct server_client *, const char *,
		    const struct server_irc_whox *);
struct server_irc_members;

static int	server_irc_listed(const char *, const char *);
static int	server_irc_names_fill(struct server_client *, struct jbuf *,
		    size_t, void *);
static int	server_irc_who_fill(struct server_client *, struct jbuf *,
		    size_t, void *);
static struct room *server_irc_members_room(struct server_irc_members *);
static void	server_irc_members_stop(struct server_irc_members *,
		    struct room *);
static void	server_irc_members_free(void *);
static int	server_irc_list_fill(struct server_client *, struct jbuf *,
		    size_t, void *);
static void	server_irc_list_free(void *);

/* NAMES or WHO #room on its way: the members from index next on. */
struct server_irc_members {
	char	*room;
	char	*chan;		/* as the answer names it */
	char	*mask;		/* WHO: the mask as asked, for 315 */
	char	*resume;	/* the nick of member next, or NULL */
	u_int	 next;
	struct server_irc_whox whox;
};

/*
 * LIST on its way: the rooms from the one it stopped at on, by name and
 * by its place in the list of rooms (room_from_seq), which outlives it.
 */
struct server_irc_list {
	char		*only;		/* LIST #a,#b: those, or NULL */
	int		 started;
	char		*resume;	/* the room it stopped at, or NULL */
	uint64_t	 resume_seq;	/* that room's seq */
};

/*
 * The away message of a nick (of this hub, or of another that a room here
 * lists), or NULL if it is here (or unknown).
 */
const char *
server_irc_away_of(const char *nick)
{
	struct session	*s;
	struct rmember	*rm;

	if ((s = session_find_nick(nick)) == NULL) {
		if ((rm = server_irc_remote_find(nick)) == NULL)
			return (NULL);
		return (server_irc_remote_away(rm->key, rm->hub));
	}
	if (s->away != NULL)
		return (s->away);
	if (s->client == NULL)
		return ("Connection lost");
	return (NULL);
}

/*
 * AWAY [:message]: the native away request, the message cut to AWAYLEN
 * as IRC servers cut it; 306 marked away, 305 back.  The others see AWAY
 * (with away-notify) as for a native user.
 */
void
server_irc_away(struct server_client *c, struct irc_msg *msg)
{
	cJSON		*obj;
	char		*text;
	const char	*s;

	obj = cJSON_CreateObject();
	if (msg->nparams > 0 && *msg->params[0] != '\0') {
		s = msg->params[0];
		text = xstrndup(s, utf8_head(s, strlen(s), CR_AWAY_MAX));
		cJSON_AddStringToObject(obj, "text", text);
		free(text);
	}
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

/*
 * Start a room's names: 353s (as many as the names need) and 366, made
 * as the connection drains, from the members as they are then.
 */
void
server_irc_namreply(struct server_client *c, struct room *room)
{
	struct server_irc_members	*m;

	m = xcalloc(1, sizeof *m);
	m->room = xstrdup(room->name);
	xasprintf(&m->chan, "#%s", room->name);
	server_irc_add_source(c, server_irc_names_fill,
	    server_irc_members_free, m);
}

/* The next 353s of a room's names, then 366. */
static int
server_irc_names_fill(struct server_client *c, struct jbuf *page,
    size_t size, void *arg)
{
	struct server_irc_members	*m = arg;
	struct room			*room;
	struct jbuf			 names;
	const char			*nick, *host;
	int				 uh = c->irc->caps & SIRC_CAP_USERHOST;
	u_int				 i;

	if ((room = server_irc_members_room(m)) == NULL)
		goto end;
	jbuf_init(&names);
	while (m->next < room_size(room) && page->len < size) {
		i = m->next++;
		nick = room_member_nick(room, i);
		if (names.len > 0)
			jbuf_add(&names, " ", 1);
		jbuf_add(&names, nick, strlen(nick));
		if (uh) {
			/* A member of another hub is on that hub's host. */
			host = i < room->nmembers ? server_irc_name() :
			    server_irc_hub_name(room->remote[i -
			    room->nmembers].hub);
			jbuf_add(&names, "!", 1);
			jbuf_add(&names, nick, strlen(nick));
			jbuf_add(&names, "@", 1);
			jbuf_add(&names, host, strlen(host));
		}
		/* Room for the prefix, nick and channel: a line each 350. */
		if (names.len > 350) {
			server_irc_numeric(c, "353", 3, "=", m->chan,
			    names.buf);
			jbuf_reset(&names);
		}
	}
	if (names.len > 0)
		server_irc_numeric(c, "353", 3, "=", m->chan, names.buf);
	jbuf_free(&names);
	server_irc_members_stop(m, room);
	if (m->next < room_size(room))
		return (1);
end:
	server_irc_numeric(c, "366", 2, m->chan, "End of /NAMES list");
	return (0);
}

/*
 * The room of a list of members on its way, or NULL if it went, with
 * next at the member it stopped before: members keep their order, but
 * those before it may have left meanwhile.
 */
static struct room *
server_irc_members_room(struct server_irc_members *m)
{
	struct room	*room;
	u_int		 i;

	if ((room = room_find(m->room)) == NULL || m->resume == NULL)
		return (room);
	if (m->next < room_size(room) &&
	    strcmp(room_member_nick(room, m->next), m->resume) == 0)
		return (room);
	for (i = 0; i < room_size(room); i++) {
		if (strcmp(room_member_nick(room, i), m->resume) == 0) {
			m->next = i;
			break;
		}
	}
	return (room);
}

/* Note where a list of members stopped: the nick of the next one. */
static void
server_irc_members_stop(struct server_irc_members *m, struct room *room)
{
	free(m->resume);
	m->resume = NULL;
	if (m->next < room_size(room))
		m->resume = xstrdup(room_member_nick(room, m->next));
}

/* Free a list of members on its way. */
static void
server_irc_members_free(void *arg)
{
	struct server_irc_members	*m = arg;

	free(m->resume);
	free(m->room);
	free(m->chan);
	free(m->mask);
	free(m);
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

/*
 * Start LIST's answer: 321, a 322 a room (those LIST #a,#b names), 323,
 * made as the connection drains, from the rooms as they are then.
 */
void
server_irc_roomlist(struct server_client *c, const char *only)
{
	struct server_irc_list	*l;

	l = xcalloc(1, sizeof *l);
	if (only != NULL && *only == '#')
		l->only = xstrdup(only);	/* no ELIST conditions */
	server_irc_add_source(c, server_irc_list_fill, server_irc_list_free,
	    l);
}

/*
 * The next 322s of LIST's answer (321 first), then 323.  It goes on from
 * the room it stopped at, found by name; if that room went meanwhile (or
 * went and a room of its name was made anew, at the end of the list),
 * from the first room made after it, so that rooms going before or at
 * that place skip none and list none twice.
 */
static int
server_irc_list_fill(struct server_client *c, struct jbuf *page,
    size_t size, void *arg)
{
	struct server_irc_list	*l = arg;
	struct room		*room;
	char			*chan, count[32];

	if (!l->started) {
		server_irc_numeric(c, "321", 2, "Channel", "Users  Name");
		l->started = 1;
		room = TAILQ_FIRST(&room_list);
	} else if ((room = room_find(l->resume)) == NULL ||
	    room->seq != l->resume_seq)
		room = room_from_seq(l->resume_seq);
	for (; room != NULL && page->len < size;
	    room = TAILQ_NEXT(room, entry)) {
		xasprintf(&chan, "#%s", room->name);
		if (l->only == NULL || server_irc_listed(l->only, chan)) {
			snprintf(count, sizeof count, "%u", room_size(room));
			server_irc_numeric(c, "322", 3, chan, count,
			    room->topic != NULL ? room->topic : "");
		}
		free(chan);
	}
	free(l->resume);
	l->resume = NULL;
	if (room != NULL) {
		l->resume = xstrdup(room->name);
		l->resume_seq = room->seq;
		return (1);
	}
	server_irc_numeric(c, "323", 1, "End of /LIST");
	return (0);
}

/* Free a LIST answer on its way. */
static void
server_irc_list_free(void *arg)
{
	struct server_irc_list	*l = arg;

	free(l->only);
	free(l->resume);
	free(l);
}

/*
 * A room's topic: 332 and, if who set it and when are known, 333 as IRC
 * servers send it (nothing rather than a made-up setter and 1970); or
 * (asked) 331 if there is none.
 */
void
server_irc_topic_reply(struct server_client *c, struct room *room, int ask)
{
	const char	*params[4];
	char		*chan, when[32];

	xasprintf(&chan, "#%s", room->name);
	if (room->topic != NULL && *room->topic != '\0') {
		server_irc_numeric(c, "332", 2, chan, room->topic);
		if (room->topic_by != NULL && room->topic_at > 0) {
			snprintf(when, sizeof when, "%lld",
			    (long long)(room->topic_at / 1000));
			params[0] = server_irc_me(c);
			params[1] = chan;
			params[2] = room->topic_by;
			params[3] = when;
			server_irc_send(c, NULL, "333", params, 4, 0);
		}
	} else if (ask)
		server_irc_numeric(c, "331", 2, chan, "No topic is set");
	free(chan);
}

/*
 * The account a user is logged in as, for WHOIS (330) and WHOX: the nick
 * a SASL login proved, or the nick itself if a claim holds it (its owner
 * proved it with a key or the claim's password to use it); NULL if none.
 */
const char *
server_irc_account(struct session *s)
{
	if (s == NULL)
		return (NULL);
	if (s->client != NULL && s->client->account != NULL)
		return (s->client->account);
	if (claim_check(s->nick, NULL) != 1)
		return (s->nick);
	return (NULL);
}

/* The IRC server name of a hub of the cluster, by its id. */
const char *
server_irc_hub_name(const char *hub)
{
	const char	*name;

	if (hub != NULL && (name = cluster_hub_name(hub)) != NULL)
		return (name);
	return (SIRC_OTHER_HUB);
}

/*
 * The IRC host of the sender of a message kept here (a room's, a DM held
 * for a resume), from its hub's id and the name that hub gave when it
 * came (message_set_hub): NULL for a user of this hub; else the name the
 * hub gives now if it is live, else the name it gave (a hub restarted
 * since has another id), so that a replay shows the host the message
 * had live.
 */
const char *
server_irc_origin(const char *hub, const char *host)
{
	const char	*name;

	if (hub == NULL)
		return (NULL);
	if ((name = cluster_hub_name(hub)) != NULL)
		return (name);
	return (host != NULL ? host : SIRC_OTHER_HUB);
}

/*
 * One 352 line: a user as WHO shows it, in a channel or "*"; or for WHOX
 * (whox with fields) one 354 with the fields asked for, in their order.
 * Addresses are not shown (255.255.255.255, as servers that hide them
 * say), the server (and host) is this hub, hop count 0, or for a user of
 * another hub of the cluster (hub, its id) that hub's name, 1 hop; no
 * idle time is told here (WHOIS has it), rooms have no operator levels
 * (n/a), and the account is server_irc_account()'s, else 0.
 */
void
server_irc_who_one(struct server_client *c, const char *chan, const char *nick,
    const char *hub, const struct server_irc_whox *whox)
{
	struct session	*s = hub == NULL ? session_find_nick(nick) : NULL;
	const char	*server = server_irc_name(), *real = nick;
	const char	*params[IRC_PARAMS_MAX], *f;
	const char	*account = server_irc_account(s), *hops = "0";
	const char	*away;
	char		 flags[4], *text, *key;
	u_int		 n = 0;

	if (hub != NULL) {
		server = server_irc_hub_name(hub);
		hops = "1";
		if (claim_check(nick, NULL) != 1)
			account = nick;		/* its claim, as WHOIS says */
		/* Known by its hub, if no room here lists it. */
		key = utf8_casefold(nick);
		away = server_irc_remote_away(key, hub);
		free(key);
	} else
		away = server_irc_away_of(nick);

	snprintf(flags, sizeof flags, "%c%s", away != NULL ? 'G' : 'H',
	    s != NULL && (s->flags & SESSION_OPER) ? "*" : "");
	if (s != NULL && s->client != NULL && s->client->irc != NULL &&
	    s->client->irc->realname != NULL)
		real = s->client->irc->realname;
	if (whox == NULL || *whox->fields == '\0') {
		xasprintf(&text, "%s %s", hops, real);
		server_irc_numeric(c, "352", 7, chan, nick, server, server,
		    nick, flags, text);
		free(text);
		return;
	}
	params[n++] = server_irc_me(c);
	for (f = SIRC_WHOX_FIELDS; *f != '\0'; f++) {
		if (strchr(whox->fields, *f) == NULL)
			continue;
		switch (*f) {
		case 't':
			params[n++] = whox->token;
			break;
		case 'c':
			params[n++] = chan;
			break;
		case 'u':
		case 'n':
			params[n++] = nick;
			break;
		case 'i':
			params[n++] = "255.255.255.255";
			break;
		case 'h':
		case 's':
			params[n++] = server;
			break;
		case 'f':
			params[n++] = flags;
			break;
		case 'd':
			params[n++] = hops;
			break;
		case 'l':
			params[n++] = "0";
			break;
		case 'a':
			params[n++] = account != NULL ? account : "0";
			break;
		case 'o':
			params[n++] = "n/a";
			break;
		case 'r':
			params[n++] = real;
			break;
		}
	}
	/* The real name, last, may hold spaces: after ':'. */
	server_irc_send(c, NULL, "354", params, n,
	    strchr(whox->fields, 'r') != NULL ? IRC_BUILD_TRAILING : 0);
}

/*
 * The WHOX request in WHO's second parameter, %fields[,token]: 0 if it
 * is one (fields of SIRC_WHOX_FIELDS; others are left out; the token, at
 * most 3 digits, only with t), -1 if not.
 */
static int
server_irc_whox_parse(struct server_irc_whox *whox, const char *arg)
{
	const char	*p, *comma;
	size_t		 n = 0;

	memset(whox, 0, sizeof *whox);
	if (arg == NULL || *arg != '%')
		return (-1);
	comma = strchr(arg, ',');
	for (p = arg + 1; *p != '\0' && p != comma; p++) {
		if (strchr(SIRC_WHOX_FIELDS, *p) != NULL &&
		    strchr(whox->fields, *p) == NULL &&
		    n < sizeof whox->fields - 1)
			whox->fields[n++] = *p;
	}
	if (comma != NULL && comma[1] != '\0' &&
	    strlen(comma + 1) < sizeof whox->token &&
	    strspn(comma + 1, "0123456789") == strlen(comma + 1))
		snprintf(whox->token, sizeof whox->token, "%s", comma + 1);
	else
		snprintf(whox->token, sizeof whox->token, "0");
	if (n == 0)
		snprintf(whox->fields, sizeof whox->fields, "n");
	return (0);
}

/*
 * WHO #room, WHO nick or WHO mask: 352s, then 315; a room's made as the
 * connection drains, from its members as they are then.  The 352s name
 * the room as the hub spells it (clients match them to their window), 315
 * the mask as the client sent it.  WHO nick knows a user of another hub
 * of the cluster as WHO #room does (server_irc_remote_who); a mask
 * matches this hub's users and those of the other hubs (see
 * server_irc_who_mask).
 */
void
server_irc_who(struct server_client *c, struct irc_msg *msg)
{
	struct room			*room;
	struct server_irc_members	*m;
	struct server_irc_whox		 whox;
	const char			*mask;

	mask = msg->nparams > 0 ? msg->params[0] : "*";
	if (server_irc_whox_parse(&whox, msg->nparams > 1 ? msg->params[1] :
	    NULL) != 0)
		memset(&whox, 0, sizeof whox);	/* "o" and others: plain */
	if (*mask == '#' && (room = room_find(mask + 1)) != NULL) {
		m = xcalloc(1, sizeof *m);
		m->room = xstrdup(room->name);
		xasprintf(&m->chan, "#%s", room->name);
		m->mask = xstrdup(mask);
		m->whox = whox;
		server_irc_add_source(c, server_irc_who_fill,
		    server_irc_members_free, m);
		return;
	}
	if (*mask != '#' && strpbrk(mask, "*?!@") != NULL) {
		server_irc_who_mask(c, mask, &whox);	/* with its 315 */
		return;
	}
	if (*mask != '#' && session_find_nick(mask) != NULL)
		server_irc_who_one(c, "*", session_find_nick(mask)->nick,
		    NULL, &whox);
	else if (*mask != '#') {
		server_irc_remote_who(c, mask, &whox);	/* with its 315 */
		return;
	}
	server_irc_numeric(c, "315", 2, mask, "End of WHO list");
}

/* Do two sessions share a room? */
static int
server_irc_who_shared(struct session *a, struct session *b)
{
	u_int	i;

	for (i = 0; i < a->nrooms; i++) {
		if (room_has(a->rooms[i], b))
			return (1);
	}
	return (0);
}

/*
 * Does a WHO mask (* and ?, in any case) match a user of server: its
 * nick, or with a ! in the mask, nick!nick@server, the prefix of its
 * events (WHO *!*@hub lists a hub's users), or with an @ alone,
 * nick@server (the user name is the nick)?
 */
int
server_irc_who_match(const char *mask, const char *nick, const char *server)
{
	char	*full;
	int	 match;

	if (strpbrk(mask, "!@") == NULL)
		return (fnmatch(mask, nick, FNM_CASEFOLD) == 0);
	if (strchr(mask, '!') != NULL)
		xasprintf(&full, "%s!%s@%s", nick, nick, server);
	else
		xasprintf(&full, "%s@%s", nick, server);
	match = fnmatch(mask, full, FNM_CASEFOLD) == 0;
	free(full);
	return (match);
}

/*
 * WHO with a mask: a 352 for each user of this hub it matches, but those
 * with +i who share no room with the asker, as on other servers; then
 * for each user of another hub of the cluster that a room here lists
 * (whose modes stay on its hub), once; then, asked of the cluster, for
 * those in no room here (server_irc_remote_who_mask), and 315.  At most
 * SIRC_WHO_MAX: the answer is sent at once, and WHO * on a full hub
 * must not overflow the send queue.
 */
static void
server_irc_who_mask(struct server_client *c, const char *mask,
    const struct server_irc_whox *whox)
{
	struct session	*s;
	struct room	*room;
	struct rmember	*rm;
	struct strmap	 seen;
	u_int		 n = 0, i;

	for (s = session_next(NULL); s != NULL && n < SIRC_WHO_MAX;
	    s = session_next(s)) {
		if (!server_irc_who_match(mask, s->nick, server_irc_name()))
			continue;
		if (s != c->session && s->client != NULL &&
		    s->client->irc != NULL &&
		    (s->client->irc->flags & SIRC_INVISIBLE) &&
		    (c->session == NULL ||
		    !server_irc_who_shared(c->session, s)))
			continue;
		server_irc_who_one(c, "*", s->nick, NULL, whox);
		n++;
	}
	strmap_init(&seen);
	TAILQ_FOREACH(room, &room_list, entry) {
		for (i = 0; i < room->nremote && n < SIRC_WHO_MAX; i++) {
			rm = &room->remote[i];
			if (strmap_get(&seen, rm->key) != NULL ||
			    !server_irc_who_match(mask, rm->nick,
			    server_irc_hub_name(rm->hub)))
				continue;
			strmap_set(&seen, rm->key, rm);
			server_irc_who_one(c, "*", rm->nick, rm->hub, whox);
			n++;
		}
	}
	if (n < SIRC_WHO_MAX && server_backend()->who != NULL &&
	    server_backend()->remote()) {
		server_irc_remote_who_mask(c, mask, whox, &seen,
		    SIRC_WHO_MAX - n);	/* takes seen */
		return;
	}
	strmap_free(&seen);
	server_irc_numeric(c, "315", 2, mask, "End of WHO list");
}

/* The next 352s of WHO #room, then 315. */
static int
server_irc_who_fill(struct server_client *c, struct jbuf *page,
    size_t size, void *arg)
{
	struct server_irc_members	*m = arg;
	struct room			*room;
	const char			*hub;
	u_int				 i;

	if ((room = server_irc_members_room(m)) != NULL) {
		while (m->next < room_size(room) && page->len < size) {
			i = m->next++;
			hub = i < room->nmembers ? NULL :
			    room->remote[i - room->nmembers].hub;
			server_irc_who_one(c, m->chan,
			    room_member_nick(room, i), hub, &m->whox);
		}
		server_irc_members_stop(m, room);
		if (m->next < room_size(room))
			return (1);
	}
	server_irc_numeric(c, "315", 2, m->mask, "End of WHO list");
	return (0);
}

/*
 * WHOIS [server] nick: the native whois request, whose answer comes back
 * as server_irc_userinfo(); an error (401) is followed by 318 too.  A
 * user of another hub of the cluster is answered by
 * server_irc_remote_whois.
 */
void
server_irc_whois(struct server_client *c, struct irc_msg *msg)
{
	const char	*nick = msg->params[msg->nparams - 1];
	cJSON		*obj;

	c->irc->arg = nick;
	if (strchr(nick, ',') == NULL && session_find_nick(nick) == NULL) {
		server_irc_remote_whois(c, nick);
		return;
	}
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
 * Add a room to a WHOIS's 319 list, sending a line each 350 bytes (room
 * for the prefix and nick); NULL sends what is left and frees the list.
 */
void
server_irc_whois_room(struct server_client *c, const char *nick,
    struct jbuf *rooms, const char *name)
{
	if (name == NULL) {
		if (rooms->len > 0)
			server_irc_numeric(c, "319", 2, nick, rooms->buf);
		jbuf_free(rooms);
		return;
	}
	if (rooms->len > 0)
		jbuf_add(rooms, " ", 1);
	jbuf_add(rooms, "#", 1);
	jbuf_add(rooms, name, strlen(name));
	if (rooms->len > 350) {
		server_irc_numeric(c, "319", 2, nick, rooms->buf);
		jbuf_reset(rooms);
	}
}

/*
 * The answer to WHOIS: 311, 319 (every room the user is in), 312, 313,
 * 301, 317 (idle and signon), 318.  The native whois shows only the
 * rooms the asker shares; IRC servers show every channel but the secret
 * and private ones (+s, +p), which rooms are not: their members are
 * public anyway, to NAMES and WHO #room.  319 takes as many lines as
 * the rooms need.
 */
void
server_irc_userinfo(struct server_client *c, const struct hub_whois *w)
{
	const char	*nick = w->nick, *server = server_irc_name();
	const char	*real = nick, *away, *name, *account;
	struct session	*s;
	struct jbuf	 rooms;
	char		 idle[32], since[32], *from;
	size_t		 i, n;

	s = session_find_nick(nick);
	if (s != NULL && s->client != NULL && s->client->irc != NULL &&
	    s->client->irc->realname != NULL)
		real = s->client->irc->realname;
	server_irc_numeric(c, "311", 5, nick, nick, server, "*", real);
	jbuf_init(&rooms);
	n = s != NULL ? s->nrooms : w->nrooms;
	for (i = 0; i < n; i++) {
		name = s != NULL ? s->rooms[i]->name : w->rooms[i];
		server_irc_whois_room(c, nick, &rooms, name);
	}
	server_irc_whois_room(c, nick, &rooms, NULL);
	server_irc_numeric(c, "312", 3, nick, server, "chatroom hub");
	account = s != NULL ? server_irc_account(s) : NULL;
	if (account == NULL && s == NULL && w->claimed)
		account = nick;		/* on another hub: its claim */
	if (account != NULL)
		server_irc_numeric(c, "330", 3, nick, account,
		    "is logged in as");
	if (w->oper)
		server_irc_numeric(c, "313", 2, nick, "is an IRC operator");
	if (w->address != NULL) {		/* to operators: for KLINE */
		xasprintf(&from, "is connecting from *@%s %s", w->address,
		    w->address);
		server_irc_numeric(c, "378", 2, nick, from);
		free(from);
	}
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

/* TIME: 391, the hub's local time (there is one server to ask). */
void
server_irc_time(struct server_client *c, struct irc_msg *msg)
{
	char		text[128];
	time_t		now = time(NULL);
	struct tm	tm;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(text, sizeof text, "%A %B %d %Y -- %H:%M:%S %z",
	    &tm) == 0)
		snprintf(text, sizeof text, "%lld", (long long)now);
	server_irc_numeric(c, "391", 2, server_irc_name(), text);
}

/*
 * LINKS: this server, then in a cluster each other live hub that said its
 * name (one hop away, through Redis), 364s and 365.  The first 364 names
 * this server twice, as the server listed and the one it is linked to,
 * as servers do for themselves.
 */
void
server_irc_links(struct server_client *c, struct irc_msg *msg)
{
	const char	*name;
	u_int		 i;

	server_irc_numeric(c, "364", 3, server_irc_name(), server_irc_name(),
	    "0 chatroom hub");
	for (i = 0; (name = cluster_hub_other(i)) != NULL; i++) {
		if (*name != '\0')
			server_irc_numeric(c, "364", 3, name,
			    server_irc_name(), "1 chatroom hub");
	}
	server_irc_numeric(c, "365", 2, "*", "End of /LINKS list");
}

/* INFO: a few 371s about the hub, then 374. */
void
server_irc_info(struct server_client *c, struct irc_msg *msg)
{
	server_irc_numeric(c, "371", 1, PACKAGE_STRING);
	server_irc_numeric(c, "371", 1, "A terminal chat hub that also "
	    "speaks IRC: see chatroom-irc(7)");
	server_irc_numeric(c, "374", 1, "End of INFO list");
}

/*
 * ADMIN [target]: 256 to 259 about the one server, whose operators are
 * reached at --admin-email (ADMIN_EMAIL) if the hub says.  A target is
 * the server's name or a user's nick (every user is on this server);
 * anything else gets 402.
 */
void
server_irc_admin(struct server_client *c, struct irc_msg *msg)
{
	const char	*name = server_irc_name(), *email;
	const char	*target = msg->nparams > 0 ? msg->params[0] : "";
	char		*text;

	if (*target != '\0' && strcasecmp(target, name) != 0 &&
	    session_find_nick(target) == NULL) {
		server_irc_numeric(c, "402", 2, target, "No such server");
		return;
	}
	server_irc_numeric(c, "256", 2, name, "Administrative info");
	xasprintf(&text, "%s: a chatroom hub, where IRC and native users "
	    "share rooms", name);
	server_irc_numeric(c, "257", 1, text);
	free(text);
	server_irc_numeric(c, "258", 1, PACKAGE_STRING);
	email = server_options()->admin_email;
	server_irc_numeric(c, "259", 1, email != NULL ? email :
	    "No contact address given");
}

/*
 * ISON nick...: 303 with those that are on the cluster, this hub or
 * another (server_irc_remote_lookup), at most SIRC_ISON_MAX.
 */
void
server_irc_ison(struct server_client *c, struct irc_msg *msg)
{
	const char	*nicks[SIRC_ISON_MAX];
	char		*copy, *p, *nick, *copies[IRC_PARAMS_MAX];
	u_int		 i, n = 0;

	for (i = 0; i < msg->nparams; i++) {
		copy = copies[i] = xstrdup(msg->params[i]);
		for (p = copy; (nick = strsep(&p, " ")) != NULL;) {
			if (*nick != '\0' && n < SIRC_ISON_MAX)
				nicks[n++] = nick;
		}
	}
	server_irc_remote_lookup(c, 0, nicks, n);
	for (i = 0; i < msg->nparams; i++)
		free(copies[i]);
}

/*
 * USERHOST nick...: 302 with nick[*]=+nick@host for each, up to 5, of
 * this hub or another (server_irc_remote_lookup).
 */
void
server_irc_userhost(struct server_client *c, struct irc_msg *msg)
{
	server_irc_remote_lookup(c, 1, msg->params,
	    msg->nparams < 5 ? msg->nparams : 5);
}
