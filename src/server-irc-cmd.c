/* SPDX-License-Identifier: ISC */
/* server-irc-cmd.c: IRC commands on channels and messages. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/* 482: rooms have no channel operators (a hub operator: KILL kicks). */
#define SERVER_IRC_NOCHANOP \
	"You're not channel operator (rooms have none)"
#define SERVER_IRC_NOCHANOP_KILL \
	"You're not channel operator (rooms have none; KILL nick " \
	"disconnects a user, as the native /kick)"

/*
 * The commands a registered IRC client uses most.  Each builds the
 * native request and calls the native handler, so the hub's rules apply
 * as to any client; what the handler answers comes back through
 * server_irc_event_reply().  A channel is a room with '#' before its name.
 */

static struct room *server_irc_channel(struct server_client *, const char *);
static void	server_irc_leave(struct server_client *, const char *,
		    const char *);
static void	server_irc_say(struct server_client *, const char *,
		    const char *, int, int);
static int	server_irc_services(struct server_client *, const char *);
static void	server_irc_user_mode(struct server_client *,
		    struct irc_msg *);
static int	server_irc_quit_fill(struct server_client *, struct jbuf *,
		    size_t, void *);
static void	server_irc_quit_cb(evutil_socket_t, short, void *);
static void	server_irc_quit_now(struct server_client *, const char *);
static void	server_irc_tagmsg_room(struct server_client *,
		    struct room *);
static void	server_irc_invite_one(struct session *,
		    const struct hub_event *);

/* The room a channel names, or NULL after a 403. */
static struct room *
server_irc_channel(struct server_client *c, const char *name)
{
	struct room	*room;

	if (*name != '#' || (room = room_find(name + 1)) == NULL) {
		server_irc_numeric(c, "403", 2, name, "No such channel");
		return (NULL);
	}
	return (room);
}

/* JOIN #a,#b (keys ignored), or JOIN 0 to leave every channel. */
void
server_irc_join(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;
	char		*copy, *p, *name;
	cJSON		*obj;

	if (strcmp(msg->params[0], "0") == 0) {
		while (c->session != NULL && c->session->nrooms > 0) {
			xasprintf(&name, "#%s", c->session->rooms[0]->name);
			c->irc->arg = name;
			server_irc_leave(c, name, NULL);
			c->irc->arg = NULL;
			free(name);
		}
		return;
	}
	copy = xstrdup(msg->params[0]);
	for (p = copy; (name = strsep(&p, ",")) != NULL;) {
		if (c->session == NULL || c->irc == NULL)
			break;
		if (*name == '\0')
			continue;
		c->irc->arg = name;
		if (*name != '#' || name[1] == '\0') {
			server_irc_numeric(c, "403", 2, name,
			    "No such channel");
			continue;
		}
		/* Joining a channel again says nothing, as on IRC servers. */
		if ((room = room_find(name + 1)) != NULL &&
		    room_has(room, c->session))
			continue;
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "room", name + 1);
		server_irc_call(c, server_chat_join, obj);
	}
	if (c->irc != NULL)
		c->irc->arg = NULL;
	free(copy);
}

/* Leave one channel (native leave: the PART comes back as an event). */
static void
server_irc_leave(struct server_client *c, const char *name,
    const char *reason)
{
	cJSON	*obj;

	if (server_irc_channel(c, name) == NULL)
		return;
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "room", name + 1);
	if (reason != NULL && *reason != '\0')
		cJSON_AddStringToObject(obj, "reason", reason);
	server_irc_call(c, server_chat_leave, obj);
}

/* PART #a,#b [:reason]. */
void
server_irc_part(struct server_client *c, struct irc_msg *msg)
{
	char	*copy, *p, *name;

	copy = xstrdup(msg->params[0]);
	for (p = copy; (name = strsep(&p, ",")) != NULL;) {
		if (c->session == NULL || c->irc == NULL)
			break;
		if (*name == '\0')
			continue;
		c->irc->arg = name;
		server_irc_leave(c, name, msg->nparams > 1 ? msg->params[1] :
		    NULL);
	}
	if (c->irc != NULL)
		c->irc->arg = NULL;
	free(copy);
}

/* Say text (an action, a notice if asked) to a channel or a nick. */
static void
server_irc_say(struct server_client *c, const char *target, const char *text,
    int action, int notice)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	if (*target == '#')
		cJSON_AddStringToObject(obj, "room", target + 1);
	else
		cJSON_AddStringToObject(obj, "to", target);
	cJSON_AddStringToObject(obj, "text", text);
	if (action)
		cJSON_AddBoolToObject(obj, "action", 1);
	if (notice)
		cJSON_AddBoolToObject(obj, PF_NOTICE, 1);
	server_irc_call(c, *target == '#' ? server_chat_msg : server_chat_dm,
	    obj);
}

/*
 * A message to NickServ, ChanServ and the like (proto_nick_held): the
 * hub has no services, and no user may take their nicks, so the line
 * goes nowhere, and the user is told how accounts work here.  IRC
 * clients send "IDENTIFY password" to NickServ by themselves (irssi's
 * autosendcmd, WeeChat's command, HexChat's login method); the password
 * is not logged either.  A target may name the service's server too
 * (NickServ@services.example).  1 if target was a service.
 */
static int
server_irc_services(struct server_client *c, const char *target)
{
	const char	*params[2];
	char		*nick, *text;
	int		 held;

	nick = xstrndup(target, strcspn(target, "@"));
	held = proto_nick_held(nick);
	if (held == 1) {
		xasprintf(&text, "%s: this hub has no services, and nothing "
		    "was sent; a nick is claimed and identified with SASL "
		    "PLAIN (your nick and its password in your client's "
		    "SASL settings), see chatroom-irc(7)", nick);
		params[0] = server_irc_me(c);
		params[1] = text;
		server_irc_send(c, NULL, "NOTICE", params, 2,
		    IRC_BUILD_TRAILING);
		free(text);
	}
	free(nick);
	return (held == 1);
}

/*
 * PRIVMSG and NOTICE to channels and nicks, at most SIRC_TARGETS_MAX.
 * A CTCP ACTION is /me; other CTCP requests have no native form
 * (server-irc-ctcp.c relays or answers them).  A NOTICE is the native
 * notice (a msg or dm flagged so, which a room does not keep), never
 * answered with an error.  Client-only tags go along (server_irc_ctags()).
 * Services are answered, whatever the command (server_irc_services).
 */
void
server_irc_privmsg(struct server_client *c, struct irc_msg *msg)
{
	int		 notice = strcmp(msg->command, "NOTICE") == 0, kind;
	const char	*body;
	char		*copy, *p, *target, *text, *seen[SIRC_TARGETS_MAX];
	size_t		 len;
	u_int		 n = 0, i;

	if (notice)
		c->irc->flags |= SIRC_QUIET;
	if (msg->nparams == 0 || *msg->params[0] == '\0') {
		if (!notice)
			server_irc_numeric(c, "411", 1,
			    "No recipient given (PRIVMSG)");
		return;
	}
	if (msg->nparams < 2 || *msg->params[1] == '\0') {
		if (!notice)
			server_irc_numeric(c, "412", 1, "No text to send");
		return;
	}
	kind = irc_ctcp_unwrap(msg->params[1], &body, &len);
	text = xstrndup(body, len);
	copy = xstrdup(msg->params[0]);
	for (p = copy; (target = strsep(&p, ",")) != NULL;) {
		if (c->session == NULL || c->irc == NULL)
			break;
		if (*target == '\0')
			continue;
		if (++n > SIRC_TARGETS_MAX) {
			if (!notice)
				server_irc_numeric(c, "407", 2, target,
				    "Too many targets");
			break;
		}
		/* A target named twice gets it once, as IRC servers do. */
		seen[n - 1] = utf8_casefold(target);
		for (i = 0; i < n - 1; i++) {
			if (strcmp(seen[i], seen[n - 1]) == 0)
				break;
		}
		if (i < n - 1)
			continue;
		if (server_irc_services(c, target))
			continue;
		c->irc->arg = target;
		if (kind == IRC_CTCP_OTHER)
			server_irc_ctcp(c, target, body, len, notice);
		else
			server_irc_say(c, target, text,
			    kind == IRC_CTCP_ACTION, notice);
	}
	if (c->irc != NULL)
		c->irc->arg = NULL;
	for (i = 0; i < n && i < SIRC_TARGETS_MAX; i++)
		free(seen[i]);
	free(copy);
	free(text);
}

/* NICK: before registration, a nick to register with; after, a change. */
void
server_irc_nick(struct server_client *c, struct irc_msg *msg)
{
	enum proto_err	 err;
	char		*cause;
	cJSON		*obj;

	if (msg->nparams == 0 || *msg->params[0] == '\0') {
		server_irc_numeric(c, "431", 1, "No nickname given");
		return;
	}
	if (c->session == NULL) {
		server_irc_nick_early(c, msg);
		return;
	}
	if (!server_irc_nick_valid(msg->params[0], &err, &cause)) {
		server_irc_erroneous(c, msg->params[0], cause);
		free(cause);
		return;
	}
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "nick", msg->params[0]);
	server_irc_call(c, server_login_nick, obj);
}

/*
 * TOPIC #room: ask (331 or 332 and 333); TOPIC #room :text: set, cut to
 * TOPICLEN as IRC servers cut it.
 */
void
server_irc_topic(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;
	cJSON		*obj;
	char		*text;
	const char	*s;

	if ((room = server_irc_channel(c, msg->params[0])) == NULL)
		return;
	if (msg->nparams < 2) {
		server_irc_topic_reply(c, room, 1);
		return;
	}
	s = msg->params[1];
	text = xstrndup(s, utf8_head(s, strlen(s), CR_TOPIC_MAX));
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "room", room->name);
	cJSON_AddStringToObject(obj, "text", text);
	server_irc_call(c, server_chat_topic, obj);
	free(text);
}

/* NAMES #room: 353 and 366 (366 alone for no such channel). */
void
server_irc_names(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;
	char		*copy;

	if (msg->nparams == 0) {
		server_irc_numeric(c, "366", 2, "*", "End of /NAMES list");
		return;
	}
	copy = xstrndup(msg->params[0], strcspn(msg->params[0], ","));
	if (*copy != '#' || (room = room_find(copy + 1)) == NULL)
		server_irc_numeric(c, "366", 2, copy, "End of /NAMES list");
	else
		server_irc_namreply(c, room);
	free(copy);
}

/* LIST [#a,#b]: every room (or those), as 321, 322s and 323. */
void
server_irc_list(struct server_client *c, struct irc_msg *msg)
{
	server_irc_roomlist(c, msg->nparams > 0 ? msg->params[0] : NULL);
}

/*
 * MODE: a channel's modes (324, 329), its empty ban, exception and
 * invite lists (368, 349, 347: looking needs no privilege); changes are
 * for channel operators, which rooms do not have yet (482), or unknown
 * (472).  A user's own modes: +i is kept and echoed.
 */
void
server_irc_mode(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;
	const char	*target = msg->params[0], *modes, *m;
	char		 created[32], ch[2];

	if (*target != '#') {
		server_irc_user_mode(c, msg);
		return;
	}
	if ((room = server_irc_channel(c, target)) == NULL)
		return;
	/*
	 * +n only: anyone in a room may set its topic, as natively, so the
	 * room does not claim +t (topic for operators).
	 */
	if (msg->nparams < 2) {
		server_irc_numeric(c, "324", 2, target, "+n");
		snprintf(created, sizeof created, "%lld",
		    (long long)(room->created / 1000));
		server_irc_numeric(c, "329", 2, target, created);
		return;
	}
	modes = msg->params[1];
	if (*modes == '+')
		modes++;
	/* Only list letters ("b", "eI", "+bei"): each list once. */
	if (msg->nparams == 2 && *modes != '\0' &&
	    strspn(modes, "beI") == strlen(modes)) {
		for (m = modes; *m != '\0'; m++) {
			if (strchr(m + 1, *m) != NULL)
				continue;	/* the last of a repeat answers */
			switch (*m) {
			case 'b':
				server_irc_numeric(c, "368", 2, target,
				    "End of channel ban list");
				break;
			case 'e':
				server_irc_numeric(c, "349", 2, target,
				    "End of channel exception list");
				break;
			case 'I':
				server_irc_numeric(c, "347", 2, target,
				    "End of channel invite exception list");
				break;
			}
		}
		return;
	}
	modes = msg->params[1];
	for (m = modes; *m != '\0'; m++) {
		if (*m == '+' || *m == '-')
			continue;
		if (strchr("beIiklmnopstv", *m) == NULL) {
			ch[0] = *m;
			ch[1] = '\0';
			server_irc_numeric(c, "472", 2, ch,
			    "is unknown mode char to me");
			return;
		}
	}
	server_irc_numeric(c, "482", 2, target, SERVER_IRC_NOCHANOP);
}

/*
 * MODE nick [+i|-i|-o]: the user's own modes; -o gives up operator
 * status (OPER gives it).
 */
static void
server_irc_user_mode(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;
	const char		*nick = server_irc_me(c), *m, *params[2];
	char			 done[8];
	int			 add = 1, inv, deop = 0;

	if (strcasecmp(msg->params[0], nick) != 0) {
		if (session_find_nick(msg->params[0]) == NULL)
			server_irc_numeric(c, "401", 2, msg->params[0],
			    "No such nick/channel");
		else
			server_irc_numeric(c, "502", 1,
			    "Can't change mode for other users");
		return;
	}
	if (msg->nparams < 2) {
		snprintf(done, sizeof done, "+%s%s",
		    (irc->flags & SIRC_INVISIBLE) ? "i" : "",
		    (c->session->flags & SESSION_OPER) ? "o" : "");
		server_irc_numeric(c, "221", 1, done);
		return;
	}
	inv = irc->flags & SIRC_INVISIBLE;
	for (m = msg->params[1]; *m != '\0'; m++) {
		if (*m == '+' || *m == '-')
			add = *m == '+';
		else if (*m == 'i')
			inv = add ? SIRC_INVISIBLE : 0;
		else if (*m == 'o' && !add)
			deop = (c->session->flags & SESSION_OPER) != 0;
		else {
			server_irc_numeric(c, "501", 1, "Unknown MODE flag");
			return;
		}
	}
	if (inv == (irc->flags & SIRC_INVISIBLE) && !deop)
		return;
	if (deop) {
		c->session->flags &= ~SESSION_OPER;
		server_mark_dirty();	/* the history file keeps it */
	}
	if (inv == (irc->flags & SIRC_INVISIBLE))
		snprintf(done, sizeof done, "-o");
	else {
		snprintf(done, sizeof done, "%ci%s", inv ? '+' : '-',
		    deop ? (inv ? "-o" : "o") : "");
	}
	irc->flags = (irc->flags & ~SIRC_INVISIBLE) | inv;
	params[0] = nick;
	params[1] = done;
	server_irc_send(c, nick, "MODE", params, 2, IRC_BUILD_TRAILING);
}

/*
 * KICK #room nick: rooms have no channel operators yet (482), which says
 * so; to a hub operator (user mode +o), it names what does the native
 * /kick, KILL.
 */
void
server_irc_kick(struct server_client *c, struct irc_msg *msg)
{
	struct room	*room;

	if ((room = server_irc_channel(c, msg->params[0])) == NULL)
		return;
	if (!room_has(room, c->session)) {
		server_irc_numeric(c, "442", 2, msg->params[0],
		    "You're not on that channel");
		return;
	}
	if (c->session->flags & SESSION_OPER)
		server_irc_numeric(c, "482", 2, msg->params[0],
		    SERVER_IRC_NOCHANOP_KILL);
	else
		server_irc_numeric(c, "482", 2, msg->params[0],
		    SERVER_IRC_NOCHANOP);
}

/*
 * INVITE nick #room: the hub's invite (server_people_invite_user), with
 * IRC's numerics: 341 to the inviter, and 301 when the user is away (a
 * lost connection counts).  401 for no such nick, 403, 442, 443, 404 for
 * a muted inviter, and 504 for a user of another hub, as ratbox and
 * ngircd answer for a user they cannot reach.  INVITE alone lists the
 * invites the user may use, and there are none to keep: 337.
 */
void
server_irc_invite(struct server_client *c, struct irc_msg *msg)
{
	struct server_invite	 inv;
	enum proto_err		 err;
	const char		*nick, *name, *away;
	char			*chan = NULL, *cause;

	if (msg->nparams == 0) {
		server_irc_numeric(c, "337", 1, "End of /INVITE list");
		return;
	}
	if (msg->nparams < 2 || *msg->params[1] == '\0') {
		server_irc_numeric(c, "461", 2, "INVITE",
		    "Not enough parameters");
		return;
	}
	nick = msg->params[0];
	name = *msg->params[1] == '#' ? msg->params[1] + 1 : NULL;
	c->irc->arg = msg->params[1];
	if (server_people_invite_user(c, nick, name, &inv, &err,
	    &cause) == 0) {
		nick = inv.to->nick;
		xasprintf(&chan, "#%s", inv.room->name);
		server_irc_numeric(c, "341", 2, nick, chan);
		if ((away = server_irc_away_of(nick)) != NULL)
			server_irc_numeric(c, "301", 2, nick, away);
		free(chan);
		return;
	}
	if (inv.room != NULL)
		xasprintf(&chan, "#%s", inv.room->name);
	switch (err) {
	case PERR_NO_SUCH_NICK:
		if (inv.remote)
			server_irc_numeric(c, "504", 2, nick, "User is not on "
			    "this server (invites stay on one hub)");
		else
			server_irc_numeric(c, "401", 2, nick,
			    "No such nick/channel");
		break;
	case PERR_NO_SUCH_ROOM:
		server_irc_numeric(c, "403", 2, msg->params[1],
		    "No such channel");
		break;
	case PERR_NOT_IN_ROOM:
		server_irc_numeric(c, "442", 2, chan,
		    "You're not on that channel");
		break;
	case PERR_ALREADY_IN_ROOM:
		server_irc_numeric(c, "443", 3, inv.to != NULL ?
		    inv.to->nick : nick, chan, "is already on channel");
		break;
	default:		/* muted: 404 about the channel */
		server_client_error(c, err, cause, 0);
		break;
	}
	free(chan);
	free(cause);
}

/*
 * An invite went out (server_people_invite_user, for INVITE and the
 * native invite alike): the user asked in gets INVITE if on IRC, and so
 * does every other member of the room on IRC that asked for
 * invite-notify.  The capability leaves the server to choose who gets it
 * (operators, or those who may invite themselves); here every member may
 * invite, so every member may know.  The inviter has its 341 instead.
 * The line has the tags a JOIN has (time), and with message-tags a msgid
 * of its own, as a message does.
 */
void
server_irc_invited(struct session *from, struct session *to,
    struct room *room)
{
	struct hub_event	 ev;
	struct session		*s;
	u_int			 i;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = "invite";
	ev.id = server_backend()->dm_id();
	ev.ts = now_ms();
	ev.nick = from->nick;
	ev.to = to->nick;
	ev.room = room->name;
	server_irc_invite_one(to, &ev);
	for (i = 0; i < room->nmembers; i++) {
		s = room->members[i];
		if (s == from || s == to || s->client == NULL ||
		    s->client->irc == NULL ||
		    !(s->client->irc->caps & SIRC_CAP_INVITE_NOTIFY))
			continue;
		server_irc_invite_one(s, &ev);
	}
}

/* One session's INVITE line, in its own capabilities, if it is on IRC. */
static void
server_irc_invite_one(struct session *s, const struct hub_event *ev)
{
	static struct jbuf	 jb;	/* scratch; the loop's thread only */
	struct irc_ctx		 ctx;

	if (s->client == NULL || s->client->irc == NULL)
		return;
	if (jb.buf == NULL)
		jbuf_init(&jb);
	jbuf_reset(&jb);
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = s->nick;
	ctx.flags = server_irc_event_ctx_flags(s->client->irc->caps);
	irc_event_invite(&jb, ev, &ctx);
	if (jb.len > 0)
		session_write(s, jb.buf, jb.len);
}

/*
 * QUIT [:reason]: ERROR, then the native quit (no resume).  Answers on
 * their way (a LIST, a replay) end first, as when they were queued whole:
 * the quit waits behind them, and what the client sends meanwhile is
 * ignored.
 */
void
server_irc_quit(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;
	const char		*reason = msg->nparams > 0 ? msg->params[0] : "";

	irc->flags |= SIRC_QUITTED;
	if (!peer_has_sources(c->peer)) {
		server_irc_quit_now(c, reason);
		return;
	}
	/* A drop meanwhile ends the session at once, as the quit would. */
	c->flags |= SC_NORESUME;
	irc->quit_reason = xstrdup(reason);
	if ((irc->quit = evtimer_new(server_base(), server_irc_quit_cb,
	    c)) == NULL)
		fatalx("evtimer_new failed");
	server_irc_add_source(c, server_irc_quit_fill, NULL, NULL);
}

/*
 * The answers before a QUIT are out: have it carried out once the peer
 * is done asking its sources (not from inside, where closing would pull
 * the sources from under the peer).
 */
static int
server_irc_quit_fill(struct server_client *c, struct jbuf *page,
    size_t size, void *arg)
{
	event_active(c->irc->quit, EV_TIMEOUT, 1);
	return (0);
}

/* Carry out a QUIT that waited for answers. */
static void
server_irc_quit_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client	*c = arg;

	server_irc_quit_now(c, c->irc->quit_reason);
}

/* ERROR, then the native quit: the others see QUIT with the reason. */
static void
server_irc_quit_now(struct server_client *c, const char *reason)
{
	const char	*params[1];
	cJSON		*obj;
	char		*text;

	/* No reason: "(Quit)", not an empty "(Quit: )". */
	if (*reason != '\0')
		xasprintf(&text, "Closing link: %s (Quit: %s)",
		    server_irc_me(c), reason);
	else
		xasprintf(&text, "Closing link: %s (Quit)", server_irc_me(c));
	params[0] = text;
	server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
	free(text);
	obj = cJSON_CreateObject();
	if (*reason != '\0')
		cJSON_AddStringToObject(obj, "reason", reason);
	server_irc_call(c, server_login_quit, obj);
}

/*
 * PING token: PONG, in order behind the commands held back; without a
 * token, 409 as IRC servers answer.
 */
void
server_irc_ping(struct server_client *c, struct irc_msg *msg)
{
	const char	*params[2];

	if (msg->nparams == 0 || *msg->params[0] == '\0') {
		server_irc_numeric(c, "409", 1, "No origin specified");
		return;
	}
	params[0] = server_irc_name();
	params[1] = msg->params[0];
	server_irc_send(c, NULL, "PONG", params, 2, IRC_BUILD_TRAILING);
}

/* PONG: the answer to our PING; it may prove what came before it read. */
void
server_irc_pong(struct server_client *c, struct irc_msg *msg)
{
	if (msg->nparams > 0)
		server_irc_seen_pong(c, msg->params[msg->nparams - 1]);
}

/*
 * TAGMSG target: client-only tags alone (typing notifications, reactions)
 * for the IRC users of a channel, or an IRC user, that negotiated
 * message-tags; native users never get them, nor other hubs.  Without
 * client-only tags it is dropped.  Errors are those of PRIVMSG.
 */
void
server_irc_tagmsg(struct server_client *c, struct irc_msg *msg)
{
	struct hub_event	 ev;
	struct server_event	 out;
	struct session		*to;
	struct room		*room;
	const char		*target = msg->params[0];

	if (c->irc->ctags == NULL ||
	    ban_find(BAN_MUTE, c->session->nick) != NULL)
		return;
	if (*target == '#') {
		if ((room = server_irc_channel(c, target)) == NULL)
			return;
		if (!room_has(room, c->session)) {
			server_irc_numeric(c, "404", 2, target,
			    "Cannot send to channel (you are not in it)");
			return;
		}
		server_irc_tagmsg_room(c, room);
		return;
	}
	if ((to = session_find_nick(target)) == NULL) {
		server_irc_numeric(c, "401", 2, target, "No such nick/channel");
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_DM;
	ev.id = server_backend()->dm_id();
	ev.ts = now_ms();
	ev.nick = c->session->nick;
	ev.to = to->nick;
	ev.tagmsg = 1;
	ev.tags = c->irc->ctags;
	server_event_init(&out, &ev);
	if (to->codec != SERVER_CODEC_JSON)
		server_event_send(&out, to);
	if (to != c->session)
		server_event_send(&out, c->session);	/* echo-message */
	server_event_free(&out);
}

/* A TAGMSG to a room: to its IRC members, the sender with echo-message. */
static void
server_irc_tagmsg_room(struct server_client *c, struct room *room)
{
	struct hub_event	 ev;
	struct server_event	 out;
	u_int			 i;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = server_backend()->dm_id();
	ev.ts = now_ms();
	ev.room = room->name;
	ev.nick = c->session->nick;
	ev.tagmsg = 1;
	ev.tags = c->irc->ctags;
	server_event_init(&out, &ev);
	for (i = 0; i < room->nmembers; i++) {
		if (room->members[i]->codec != SERVER_CODEC_JSON)
			server_event_send(&out, room->members[i]);
	}
	server_event_free(&out);
}
