/* SPDX-License-Identifier: ISC */
/* server-irc-ctcp.c: CTCP requests and replies other than ACTION. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * CTCP (VERSION, PING, TIME, CLIENTINFO, ...) has no native form: between
 * IRC users the hub relays it as it came, as IRC servers do, to a nick or
 * to the IRC members of a channel, never stored.  A native user cannot
 * answer, so the hub answers a request to one for it (saying so in
 * VERSION) or tells the sender it cannot.  A CTCP NOTICE is a reply,
 * which no native user waits for: it goes to IRC users only, and as any
 * NOTICE is never answered with an error.
 *
 * In a cluster, a CTCP for a nick of another hub goes to that hub
 * (server_backend()->ctcp), which does with it what it does with one of
 * its own users' (server_irc_ctcp_remote()) and says what became of it;
 * the sender's hub then echoes it, answers for the native user or tells
 * the sender (server_irc_ctcp_result()), as for a user here.
 */

static void	 server_irc_ctcp_unreachable(struct server_client *,
		    const char *);
static char	*server_irc_ctcp_clean(const char *, size_t);
static void	 server_irc_ctcp_native(struct server_client *,
		    const char *, const char *);
static void	 server_irc_ctcp_relay(const char *, const char *,
		     struct server_client *,
		    const char *, const char *, int);
static void	 server_irc_ctcp_what(const char *, char *, size_t);
static void	 server_irc_ctcp_tell(struct server_client *, const char *,
		    const char *, const char *);

/* A CTCP to a user of a hub the cluster cannot reach now: 401, why. */
static void
server_irc_ctcp_unreachable(struct server_client *c, const char *nick)
{
	char	*text;

	xasprintf(&text, "%s is on another hub, which cannot be reached now: "
	    "not sent", nick);
	server_irc_event_unreachable(c, nick, text);
	free(text);
}

/*
 * The request as it goes on: without the controls and formatting codes
 * utf8_is_unsafe() names, so that no bare client obeys them.
 */
static char *
server_irc_ctcp_clean(const char *in, size_t len)
{
	char		*out;
	size_t		 off = 0, o = 0;
	uint32_t	 cp;
	int		 k;

	out = xmalloc(len + 1);
	while (off < len) {
		if ((k = utf8_decode(in + off, len - off, &cp)) < 0) {
			off++;
			continue;
		}
		if (!utf8_is_unsafe(cp) && cp >= 0x20 && cp != 0x7f) {
			memcpy(out + o, in + off, k);
			o += k;
		}
		off += k;
	}
	out[o] = '\0';
	return (out);
}

/* The request's name (its first word), cut to fit. */
static void
server_irc_ctcp_what(const char *clean, char *what, size_t size)
{
	size_t	n;

	n = strcspn(clean, " ");
	snprintf(what, size, "%.*s", (int)(n < size - 1 ? n : size - 1),
	    clean);
}

/*
 * Send one connection a CTCP line from a nick (an echo: the sender's),
 * whose host is its hub's name (NULL: this hub's).
 */
static void
server_irc_ctcp_relay(const char *from, const char *host,
    struct server_client *to, const char *target, const char *wrapped,
    int notice)
{
	const char	*params[2];
	char		*source;

	xasprintf(&source, "%s!%s@%s", from, from,
	    host != NULL ? host : server_irc_name());
	params[0] = target;
	params[1] = wrapped;
	server_irc_send(to, source, notice ? "NOTICE" : "PRIVMSG", params, 2,
	    IRC_BUILD_TRAILING|IRC_BUILD_CTCP);
	free(source);
}

/* A NOTICE from the server about a CTCP request that got no answer. */
static void
server_irc_ctcp_tell(struct server_client *c, const char *what,
    const char *target, const char *why)
{
	const char	*params[2];
	char		*text;

	xasprintf(&text, "CTCP %s to %s: %s", what, target, why);
	params[0] = server_irc_me(c);
	params[1] = text;
	server_irc_send(c, NULL, "NOTICE", params, 2, IRC_BUILD_TRAILING);
	free(text);
}

/*
 * A request to a native user: the hub answers VERSION, PING, TIME and
 * CLIENTINFO in its name, as a NOTICE from it (on its hub's host, for a
 * user of another hub that a room here lists); the others cannot be.
 */
static void
server_irc_ctcp_native(struct server_client *c, const char *nick,
    const char *req)
{
	struct rmember	*rm;
	const char	*arg, *params[2], *host = server_irc_name();
	char		 what[32], date[64], *reply = NULL, *source;
	size_t		 n;
	time_t		 t;

	server_irc_ctcp_what(req, what, sizeof what);
	n = strcspn(req, " ");
	arg = req[n] == ' ' ? req + n + 1 : "";
	if (strcasecmp(what, "VERSION") == 0)
		xasprintf(&reply, "\001VERSION %s native client (the hub "
		    "answers for it)\001", PACKAGE_STRING);
	else if (strcasecmp(what, "PING") == 0)
		xasprintf(&reply, "\001PING %s\001", arg);
	else if (strcasecmp(what, "TIME") == 0) {
		t = time(NULL);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000",
		    gmtime(&t));
		xasprintf(&reply, "\001TIME %s\001", date);
	} else if (strcasecmp(what, "CLIENTINFO") == 0)
		reply = xstrdup("\001CLIENTINFO ACTION CLIENTINFO PING TIME "
		    "VERSION\001");
	if (reply == NULL) {
		server_irc_ctcp_tell(c, what, nick, "a native client, "
		    "which cannot answer it (the hub answers VERSION, PING, "
		    "TIME and CLIENTINFO for it)");
		return;
	}
	if (session_find_nick(nick) == NULL &&
	    (rm = server_irc_remote_find(nick)) != NULL)
		host = server_irc_hub_name(rm->hub);
	xasprintf(&source, "%s!%s@%s", nick, nick, host);
	params[0] = server_irc_me(c);
	params[1] = reply;
	server_irc_send(c, source, "NOTICE", params, 2,
	    IRC_BUILD_TRAILING|IRC_BUILD_CTCP);
	free(source);
	free(reply);
}

/*
 * PRIVMSG or NOTICE of a CTCP other than ACTION (req, len: the request
 * without its \001s) to one target.
 */
void
server_irc_ctcp(struct server_client *c, const char *target, const char *req,
    size_t len, int notice)
{
	struct session	*to, *m;
	struct room	*room;
	const struct server_backend *be = server_backend();
	char		*clean, *wrapped, what[32];
	u_int		 i;
	int		 echo = c->irc->caps & SIRC_CAP_ECHO;

	clean = server_irc_ctcp_clean(req, len);
	server_irc_ctcp_what(clean, what, sizeof what);
	xasprintf(&wrapped, "\001%s\001", clean);
	if (*clean == '\0' || ban_find(BAN_MUTE, c->session->nick) != NULL) {
		/* Muted: as PRIVMSG would say; an empty request: nothing. */
		if (*clean != '\0' && !notice)
			server_irc_ctcp_tell(c, what, target, "you are muted");
		goto out;
	}
	if (*target == '#') {
		if ((room = room_find(target + 1)) == NULL) {
			if (!notice)
				server_irc_numeric(c, "403", 2, target,
				    "No such channel");
			goto out;
		}
		if (!room_has(room, c->session)) {
			if (!notice)
				server_irc_numeric(c, "404", 2, target,
				    "Cannot send to channel (you are not in "
				    "it)");
			goto out;
		}
		for (i = 0; i < room->nmembers; i++) {
			m = room->members[i];
			if (m != c->session && m->client != NULL &&
			    m->client->irc != NULL)
				server_irc_ctcp_relay(c->session->nick, NULL,
				    m->client, target, wrapped, notice);
		}
		if (room->nremote > 0 && be->ctcp != NULL && be->remote())
			be->ctcp(c, target, clean, notice);
		if (echo)
			server_irc_ctcp_relay(c->session->nick, NULL, c, target,
			    wrapped, notice);
		goto out;
	}
	if ((to = session_find_nick(target)) == NULL) {
		if (be->ctcp != NULL && be->remote())
			be->ctcp(c, target, clean, notice);
		else if (!notice && server_chat_unreachable(target))
			server_irc_ctcp_unreachable(c, target);
		else if (!notice)
			server_irc_numeric(c, "401", 2, target,
			    "No such nick/channel");
		goto out;
	}
	if (to->client != NULL && to->client->irc != NULL) {
		server_irc_ctcp_relay(c->session->nick, NULL, to->client,
		    to->nick, wrapped, notice);
		if (echo && to != c->session)
			server_irc_ctcp_relay(c->session->nick, NULL, c,
			    to->nick, wrapped, notice);
	} else if (notice)
		;	/* a reply no native user waits for */
	else if (to->client == NULL)
		server_irc_ctcp_tell(c, what, to->nick, "not connected now");
	else
		server_irc_ctcp_native(c, to->nick, clean);
out:
	free(wrapped);
	free(clean);
}

/*
 * A CTCP from a user of another hub (from, of hub fromhub) for to here:
 * a nick, or a channel whose IRC members get it.  Returns what the
 * sender's hub is to make of it (CTCP_*), with the nick as this hub
 * spells it in *nick.
 */
int
server_irc_ctcp_remote(const char *from, const char *fromhub,
    const char *to, const char *text, int notice, const char **nick)
{
	struct session	*s, *m;
	struct room	*room;
	const char	*host = server_irc_hub_name(fromhub);
	char		*clean, *wrapped;
	u_int		 i;
	int		 result = CTCP_NONE;

	*nick = to;
	clean = server_irc_ctcp_clean(text, strlen(text));
	xasprintf(&wrapped, "\001%s\001", clean);
	if (*clean == '\0')
		goto out;
	if (*to == '#') {
		if ((room = room_find(to + 1)) == NULL)
			goto out;
		for (i = 0; i < room->nmembers; i++) {
			m = room->members[i];
			if (m->client != NULL && m->client->irc != NULL &&
			    strcmp(m->nick, from) != 0)
				server_irc_ctcp_relay(from, host, m->client, to,
				    wrapped, notice);
		}
		goto out;
	}
	if ((s = session_find_nick(to)) == NULL) {
		result = notice ? CTCP_NONE : CTCP_UNKNOWN;
		goto out;
	}
	*nick = s->nick;
	if (s->client != NULL && s->client->irc != NULL) {
		server_irc_ctcp_relay(from, host, s->client, s->nick, wrapped,
		    notice);
		result = CTCP_RELAYED;
	} else if (notice)
		;	/* a reply no native user waits for */
	else if (s->client == NULL)
		result = CTCP_AWAY;
	else
		result = CTCP_NATIVE;
out:
	free(wrapped);
	free(clean);
	return (result);
}

/*
 * What became of a CTCP an IRC user here (from) sent to a nick of
 * another hub: told to the sender as for a nick of this hub.
 */
void
server_irc_ctcp_result(const char *from, const char *to, const char *text,
    int notice, int result)
{
	struct session		*s;
	struct server_client	*c;
	char			*clean, *wrapped, what[32];

	if ((s = session_find_nick(from)) == NULL || (c = s->client) == NULL ||
	    c->irc == NULL)
		return;
	clean = server_irc_ctcp_clean(text, strlen(text));
	if (*clean == '\0') {
		free(clean);
		return;
	}
	server_irc_ctcp_what(clean, what, sizeof what);
	xasprintf(&wrapped, "\001%s\001", clean);
	if (result == CTCP_RELAYED) {
		if (c->irc->caps & SIRC_CAP_ECHO)
			server_irc_ctcp_relay(s->nick, NULL, c, to, wrapped,
			    notice);
	} else if (notice)
		;	/* a reply: never answered with an error */
	else if (result == CTCP_NATIVE)
		server_irc_ctcp_native(c, to, clean);
	else if (result == CTCP_AWAY)
		server_irc_ctcp_tell(c, what, to, "not connected now");
	else if (result == CTCP_UNKNOWN)
		server_irc_numeric(c, "401", 2, to, "No such nick/channel");
	else if (result == CTCP_LOST)
		server_irc_ctcp_tell(c, what, to, "the cluster was lost; "
		    "it may not have been sent");
	free(wrapped);
	free(clean);
}
