/* SPDX-License-Identifier: ISC */
/* server-irc-event.c: hub events for IRC: codec variants, delivery, replies. */

#include <sys/types.h>

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
 * Events for many users (a room's message, a join) are encoded once per
 * codec variant (server_irc_event_encode): the bytes depend on the server
 * name, message-tags, server-time and away-notify, so an IRC session's
 * codec is SERVER_CODEC_IRC plus those bits.  Who gets an event
 * (echo-message, its own KILL) is decided per session in
 * server_irc_event_deliver().  An answer to one connection alone is worded
 * by server_irc_event_reply(), knowing which command is being carried out.
 */

static int	server_irc_event_variant(int);
static void	server_irc_event_error(struct server_client *,
		    const struct hub_event *);
static char	*server_irc_event_notice_text(struct server_client *,
		    const struct hub_event *);
static char	*server_irc_event_span(long long, char *, size_t);
static char	*server_irc_event_dm_text(const char *, const char *,
		    long long);
static void	server_irc_event_notice(struct server_client *,
		    const struct hub_event *);
static void	server_irc_event_opered(struct server_client *);

/* The irc_ctx flags standing for a connection's capabilities. */
int
server_irc_event_ctx_flags(int caps)
{
	int	flags = 0;

	if (caps & SIRC_CAP_MESSAGE_TAGS)
		flags |= IRC_TAGS;
	else if (caps & SIRC_CAP_SERVER_TIME)
		flags |= IRC_SERVER_TIME;
	if (caps & SIRC_CAP_AWAY_NOTIFY)
		flags |= IRC_AWAY_NOTIFY;
	if (caps & SIRC_CAP_ECHO)
		flags |= IRC_ECHO;
	return (flags);
}

/* The codec variant of some capabilities: the bits that change bytes. */
static int
server_irc_event_variant(int caps)
{
	int	flags = server_irc_event_ctx_flags(caps), v = 0;

	if (flags & IRC_TAGS)
		v |= 1;
	if (flags & IRC_AWAY_NOTIFY)
		v |= 2;
	if (flags & IRC_SERVER_TIME)
		v |= 4;
	return (SERVER_CODEC_IRC + v);
}

/* The capabilities changed: move the connection to its variant. */
void
server_irc_event_set_codec(struct server_client *c)
{
	c->codec = server_irc_event_variant(c->irc->caps);
	if (c->session != NULL && c->session->client == c)
		c->session->codec = c->codec;
}

/* Encode an event for every connection of one IRC variant. */
void
server_irc_event_encode(int codec, struct jbuf *jb, const struct hub_event *ev)
{
	struct irc_ctx	ctx;
	int		v = codec - SERVER_CODEC_IRC;

	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	if (v & 1)
		ctx.flags |= IRC_TAGS;
	if (v & 2)
		ctx.flags |= IRC_AWAY_NOTIFY;
	if (v & 4)
		ctx.flags |= IRC_SERVER_TIME;
	irc_event_encode(jb, ev, &ctx);
}

/*
 * Deliver an event to an IRC session: unless it does not want it (its
 * own message without echo-message), the bytes its variant shares; a
 * user killed gets the KILL and ERROR that are its alone.
 */
void
server_irc_event_deliver(struct server_event *out, struct session *s)
{
	const struct hub_event	*ev = server_event_value(out);
	struct server_client	*c = s->client;
	struct irc_ctx		 ctx;
	const char		*line, *params[1];
	char			*ban, *text;
	size_t			 len;

	if (ev == NULL || c == NULL || c->irc == NULL)
		return;
	/* Its own too: the client shows it (a replay would repeat it). */
	if (ev->type == PROTO_MSG && ev->room != NULL && !ev->tagmsg)
		server_irc_seen_note(s, ev->room, ev->id);
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = s->nick;
	ctx.flags = server_irc_event_ctx_flags(c->irc->caps);
	if (!irc_event_wanted(ev, s->nick, &ctx))
		return;
	if (ev->type == PROTO_KICKED && ev->nick != NULL &&
	    strcmp(ev->nick, s->nick) == 0) {
		jbuf_reset(&server_irc_jb);
		irc_event_kill(&server_irc_jb, ev, &ctx);
		server_irc_write(c, &server_irc_jb);
		/* A ban's end, as others' QUIT says it. */
		if ((ban = irc_event_ban_reason(ev)) != NULL)
			xasprintf(&text, "Closing link: Killed (%s (%s))",
			    ev->by != NULL ? ev->by : "*", ban);
		else
			text = xstrdup("Closing link: killed");
		params[0] = text;
		server_irc_send(c, NULL, "ERROR", params, 1,
		    IRC_BUILD_TRAILING);
		free(text);
		free(ban);
		return;
	}
	if ((line = server_event_bytes(out, s->codec, &len)) != NULL &&
	    len > 0)
		session_write(s, line, len);
}

/*
 * The "[hh:mm] " (the hub's local time) a line said earlier than it is
 * sent takes for a client that gets no @time: one with neither
 * message-tags nor server-time.  NULL if it gets @time (or the time has
 * no local form).
 */
const char *
server_irc_event_stamp(int flags, int64_t ms, char *buf, size_t size)
{
	struct tm	tm;
	time_t		t = ms / 1000;

	if (flags & (IRC_TAGS|IRC_SERVER_TIME))
		return (NULL);
	if (localtime_r(&t, &tm) == NULL)
		return (NULL);
	snprintf(buf, size, "[%02d:%02d] ", tm.tm_hour, tm.tm_min);
	return (buf);
}

/*
 * A direct message kept for a session while it waited (its resume, or a
 * takeover by an IRC login), sent now to its IRC connection: as live,
 * with its time before the text as a replay has it for a client without
 * @time, which would take it for one said now.
 */
void
server_irc_event_kept(struct session *s, const struct hub_event *ev)
{
	struct server_client	*c = s->client;
	struct irc_ctx		 ctx;
	char			 stamp[16];

	if (c == NULL || c->irc == NULL)
		return;
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = s->nick;
	ctx.flags = server_irc_event_ctx_flags(c->irc->caps);
	if (!irc_event_wanted(ev, s->nick, &ctx))
		return;
	ctx.stamp = server_irc_event_stamp(ctx.flags, ev->ts, stamp,
	    sizeof stamp);
	jbuf_reset(&server_irc_jb);
	irc_event_encode(&server_irc_jb, ev, &ctx);
	if (server_irc_jb.len > 0)
		session_write(s, server_irc_jb.buf, server_irc_jb.len);
	jbuf_reset(&server_irc_jb);
}

/*
 * A native answer to this connection alone, worded for IRC: the welcome
 * as the registration numerics, errors as their numerics about the
 * command being carried out, lists as their numerics; acknowledgements
 * and frames the registration or the command said already, nothing.
 */
void
server_irc_event_reply(struct server_client *c, const struct hub_event *ev)
{
	struct irc_ctx	ctx;

	switch (ev->type) {
	case PROTO_CHALLENGE:
	case PROTO_ACK:
	case PROTO_PONG:
	case PROTO_MOTD:
	case PROTO_ROOM:
	case PROTO_HISTORY_END:
	case PROTO_BANLIST:
	case PROTO_NAMELIST:	/* NAMES and LIST are IRC's own */
	case PROTO_ROOMLIST:
		return;
	case PROTO_WELCOME:
		server_irc_welcome(c);
		return;
	case PROTO_ERROR:
		server_irc_event_error(c, ev);
		return;
	case PROTO_NOTICE:
		server_irc_event_notice(c, ev);
		return;
	case PROTO_OPERED:
		server_irc_event_opered(c);
		return;
	case PROTO_USERINFO:
		if (ev->whois != NULL)
			server_irc_userinfo(c, ev->whois);
		return;
	default:
		break;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = server_irc_me(c);
	ctx.flags = server_irc_event_ctx_flags(c->irc->caps);
	jbuf_reset(&server_irc_jb);
	irc_event_encode(&server_irc_jb, ev, &ctx);
	server_irc_write(c, &server_irc_jb);
}

/*
 * The hub ends the connection for a reason of its own (the session's nick
 * went to another hub of the cluster): an ERROR that says why, which IRC
 * clients show, rather than a 433 for a NICK the client never sent.
 */
void
server_irc_event_closing(struct server_client *c, const char *why)
{
	const char	*params[1];
	char		*text;

	xasprintf(&text, "Closing link: %s", why);
	params[0] = text;
	server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
	free(text);
}

/* OPER worked: 381, then the user mode +o, as IRC servers say it. */
static void
server_irc_event_opered(struct server_client *c)
{
	const char	*nick = server_irc_me(c), *params[2];

	server_irc_numeric(c, "381", 1, "You are now an IRC operator");
	params[0] = nick;
	params[1] = "+o";
	server_irc_send(c, nick, "MODE", params, 2, IRC_BUILD_TRAILING);
}

/*
 * An error, as the numeric standing for its code, about the command
 * being carried out and its subject.  A NOTICE is never answered with
 * one, unless the error ends the connection.
 */
static void
server_irc_event_error(struct server_client *c, const struct hub_event *ev)
{
	struct server_irc	*irc = c->irc;
	enum proto_err		 err;
	const char		*room = NULL, *nick = NULL, *params[1];
	char			*text = NULL;

	err = ev->code != NULL ? proto_err_lookup(ev->code) : PERR_INTERNAL;
	irc->flags |= SIRC_FAILED;
	if ((irc->flags & SIRC_QUIET) && !irc_err_closes(err))
		return;
	if (irc->arg != NULL) {
		nick = irc->arg;
		room = *irc->arg == '#' ? irc->arg + 1 : irc->arg;
	}
	if (err == PERR_BAD_TOKEN && ev->subject != NULL) {
		/* Taken over (by a proved login): an ERROR that says so. */
		server_irc_seen_lost(c);	/* before the new one's replay */
		xasprintf(&text, "Closing link: your nick was taken over by "
		    "a new login from %s", ev->subject);
		params[0] = text;
		server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
		free(text);
		return;
	}
	if (err == PERR_NOT_REGISTERED) {
		/* Only the handshake deadline says so: the close follows. */
		params[0] = "Closing link: registration timed out";
		server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
		return;
	}
	/* Speaking in a channel one is not in: 404, as IRC servers say. */
	if (err == PERR_NOT_IN_ROOM && irc->cmd != NULL &&
	    (strcmp(irc->cmd, "PRIVMSG") == 0 ||
	    strcmp(irc->cmd, "NOTICE") == 0)) {
		jbuf_reset(&server_irc_jb);
		irc_err_encode(&server_irc_jb, server_irc_name(),
		    server_irc_me(c), PERR_MUTED, irc->cmd, nick, room,
		    "Cannot send to channel (you are not in it)");
		server_irc_write(c, &server_irc_jb);
		return;
	}
	/*
	 * 263 has no channel parameter: a JOIN refused for the pace (of
	 * requests, or of new rooms) says which channels in its text, since
	 * JOIN #a,#b,#c may be refused for #c alone.
	 */
	if ((err == PERR_FLOOD || err == PERR_ROOM_RATE) && irc->cmd != NULL &&
	    strcmp(irc->cmd, "JOIN") == 0 && irc->arg != NULL &&
	    *irc->arg == '#') {
		xasprintf(&text, "Cannot join %s: %s", irc->arg,
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "Please wait a while and try again");
	}
	/*
	 * A mute refuses more than a channel's messages, where 404 names the
	 * channel: a nick change, which IRC servers refuse with 447, and a
	 * message to a nick (531, as InspIRCd and UnrealIRCd say it).
	 */
	/* Nick changes have a pace of their own: 438, as ircd-hybrid says. */
	if (err == PERR_FLOOD && irc->cmd != NULL &&
	    strcmp(irc->cmd, "NICK") == 0 && ev->text != NULL &&
	    strncmp(ev->text, "nick changed ", 13) == 0) {
		xasprintf(&text, "Nick change too fast: %s", ev->text);
		server_irc_numeric(c, "438", 1, text);
		free(text);
		return;
	}
	if (err == PERR_MUTED && irc->cmd != NULL &&
	    strcmp(irc->cmd, "NICK") == 0) {
		xasprintf(&text, "Cannot change nickname: %s",
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "you are muted");
		server_irc_numeric(c, "447", 1, text);
		free(text);
		return;
	}
	if (err == PERR_MUTED && nick != NULL && *nick != '#' &&
	    irc->cmd != NULL && strcmp(irc->cmd, "PRIVMSG") == 0) {
		server_irc_numeric(c, "531", 2, nick,
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "you are muted");
		return;
	}
	jbuf_reset(&server_irc_jb);
	irc_err_encode(&server_irc_jb, server_irc_name(), server_irc_me(c),
	    err, irc->cmd, nick, room, text != NULL ? text : ev->text);
	server_irc_write(c, &server_irc_jb);
	free(text);
}

/*
 * Set what an IRC connection's errors are about (the nick of 401) and
 * return what it was: an answer that comes after its command was carried
 * out (when the cluster has said where a nick is) names it as it would
 * have then.  Nothing for a native connection.
 */
const char *
server_irc_event_subject(struct server_client *c, const char *arg)
{
	const char	*was;

	if (c->irc == NULL)
		return (NULL);
	was = c->irc->arg;
	c->irc->arg = arg;
	return (was);
}

/*
 * 401 for a nick whose hub cannot be reached now, with why (text), which
 * a NOTICE says too (see irc_err_encode).
 */
void
server_irc_event_unreachable(struct server_client *c, const char *nick,
    const char *text)
{
	jbuf_reset(&server_irc_jb);
	irc_err_encode(&server_irc_jb, server_irc_name(), server_irc_me(c),
	    PERR_UNREACHABLE, NULL, nick, NULL, text);
	server_irc_write(c, &server_irc_jb);
}

/*
 * The words of the notices an IRC user must understand, about themselves:
 * a mute, its end, and operator status lost in a restart or a reload; an
 * operator's K-line with its end; the hub's contact with the other hubs
 * of its cluster lost and back; NULL for the others (code: subject).
 */
static char *
server_irc_event_notice_text(struct server_client *c,
    const struct hub_event *ev)
{
	const char	*me = server_irc_me(c);
	char		*text = NULL, *line;

	if (ev->code != NULL && ev->subject != NULL &&
	    strcmp(ev->code, "banned") == 0)
		return (server_irc_kline_text(ev->subject));
	if (ev->code != NULL && ev->subject != NULL &&
	    strncmp(ev->code, "dm_", 3) == 0)
		return (server_irc_event_dm_text(ev->code, ev->subject,
		    ev->secs));
	/* The cluster's state (the subject is "Redis"). */
	if (ev->code != NULL && strcmp(ev->code, "degraded") == 0)
		return (xstrdup("The hub lost contact with the other hubs: "
		    "only users of this hub can be reached for now"));
	if (ev->code != NULL && strcmp(ev->code, "recovered") == 0)
		return (xstrdup("The hub is back in contact with the other "
		    "hubs"));
	if (ev->code == NULL || ev->subject == NULL ||
	    strcmp(ev->subject, me) != 0)
		return (NULL);
	if (ev->still && strncmp(ev->code, "muted", 5) == 0 &&
	    ev->nick != NULL) {
		/* Told again on coming back: not a new mute. */
		if (strcmp(ev->code, "muted_until") == 0 && ev->text != NULL)
			xasprintf(&text, "You are still muted until %s (by %s",
			    ev->text, ev->nick);
		else
			xasprintf(&text, "You are still muted, with no end "
			    "(by %s", ev->nick);
		line = text;
		if (ev->reason != NULL)
			xasprintf(&text, "%s: %s)", line, ev->reason);
		else
			xasprintf(&text, "%s)", line);
		free(line);
		return (text);
	} else if (strcmp(ev->code, "muted") == 0 && ev->nick != NULL) {
		if (ev->text != NULL)
			xasprintf(&text, "%s muted you for %s: you cannot "
			    "speak until then", ev->nick, ev->text);
		else
			xasprintf(&text, "%s muted you: you cannot speak "
			    "until they lift it", ev->nick);
	} else if (strcmp(ev->code, "muted_until") == 0 && ev->nick != NULL &&
	    ev->text != NULL)
		xasprintf(&text, "%s muted you until %s: you cannot speak "
		    "until then", ev->nick, ev->text);
	else if (strcmp(ev->code, "unmuted") == 0 && ev->nick != NULL)
		xasprintf(&text, "You may speak again (%s lifted your mute)",
		    ev->nick);
	else if (strcmp(ev->code, "mute_ended") == 0)
		text = xstrdup("You may speak again: your mute ended");
	else if (strcmp(ev->code, "oper_lost") == 0)
		text = xstrdup("You are no longer an IRC operator: the hub's "
		    "operator password changed; OPER again");
	if (text != NULL && ev->reason != NULL &&
	    strncmp(ev->code, "muted", 5) == 0) {
		/* The operator's reason for a mute, after it. */
		line = text;
		xasprintf(&text, "%s (reason: %s)", line, ev->reason);
		free(line);
	}
	return (text);
}

/* A number of seconds as its largest unit or two: "2h 30m", "45s". */
static char *
server_irc_event_span(long long secs, char *buf, size_t size)
{
	static const long long	 per[] = { 86400, 3600, 60, 1 };
	static const char	 unit[] = "dhms";
	long long		 rest;
	u_int			 i;

	for (i = 0; i < 3 && secs < per[i]; i++)
		/* nothing */;
	rest = i < 3 ? (secs % per[i]) / per[i + 1] : 0;
	if (rest != 0)
		snprintf(buf, size, "%lld%c %lld%c", secs / per[i], unit[i],
		    rest, unit[i + 1]);
	else
		snprintf(buf, size, "%lld%c", secs / per[i], unit[i]);
	return (buf);
}

/*
 * What became of a direct message to nick, worded as the native client
 * words it: held for a lost session (for up to secs, if not 0), refused
 * as too many wait, or (it never came back) not delivered, or maybe not.
 * NULL for another code.
 */
static char *
server_irc_event_dm_text(const char *code, const char *nick, long long secs)
{
	char	*text = NULL, span[64];

	if (strcmp(code, "dm_held") == 0 && secs > 0)
		xasprintf(&text, "%s is disconnected: your message is kept "
		    "for up to %s, for them if they come back by then as the "
		    "same user; if not, you will be told", nick,
		    server_irc_event_span(secs, span, sizeof span));
	else if (strcmp(code, "dm_held") == 0)
		xasprintf(&text, "%s is disconnected: your message is kept "
		    "for them if they come back as the same user; if not, "
		    "you will be told", nick);
	else if (strcmp(code, "dm_full") == 0)
		xasprintf(&text, "%s lost the connection and too many "
		    "messages wait for them already: yours was not kept",
		    nick);
	else if (strcmp(code, "dm_expired") == 0)
		xasprintf(&text, "%s did not come back; your messages to them "
		    "were not delivered", nick);
	else if (strcmp(code, "dm_taken") == 0)
		xasprintf(&text, "%s's connection ended and the nick was taken "
		    "by someone else; your messages to them were not "
		    "delivered", nick);
	else if (strcmp(code, "dm_unsure") == 0)
		xasprintf(&text, "%s did not come back; your last messages to "
		    "them may not have been delivered", nick);
	return (text);
}

/*
 * A hub notice (its code and subject) as a NOTICE from the server; the
 * receiver of a DM is away: 301 (not for a NOTICE).
 */
static void
server_irc_event_notice(struct server_client *c, const struct hub_event *ev)
{
	const char	*params[2];
	char		*text;

	if (ev->code != NULL && strcmp(ev->code, "away") == 0 &&
	    ev->subject != NULL && ev->text != NULL) {
		if (!(c->irc->flags & SIRC_QUIET))
			server_irc_numeric(c, "301", 2, ev->subject, ev->text);
		return;
	}

	if ((text = server_irc_event_notice_text(c, ev)) == NULL)
		xasprintf(&text, "%s%s%s", ev->code != NULL ? ev->code :
		    "notice", ev->subject != NULL ? ": " : "",
		    ev->subject != NULL ? ev->subject : "");
	params[0] = server_irc_me(c);
	params[1] = text;
	server_irc_send(c, NULL, "NOTICE", params, 2, IRC_BUILD_TRAILING);
	free(text);
	/* The user mode OPER set goes as it came, for clients that show it. */
	if (ev->code != NULL && strcmp(ev->code, "oper_lost") == 0) {
		params[1] = "-o";
		server_irc_send(c, params[0], "MODE", params, 2,
		    IRC_BUILD_TRAILING);
	}
}
