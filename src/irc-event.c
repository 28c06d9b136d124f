/* SPDX-License-Identifier: ISC */
/* irc-event.c: the IRC codec of hub events, one encoder per event kind. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "irc.h"

/*
 * Lines of one message at most: 25 lines of text (CR_TEXT_LINES_MAX),
 * a long one of them cut in a few; past that, a line saying so.
 */
#define IRC_EVENT_PIECES	(CR_TEXT_LINES_MAX + 15)
#define IRC_EVENT_CUT	"[the rest of this message is too long for IRC]"

/*
 * The same typed events proto-event.c spells as JSON, spelt as IRC lines
 * for one codec variant (struct irc_ctx): msg and dm become PRIVMSG, one
 * per line of the text and cut at UTF-8 boundaries to fit 512 bytes,
 * /me a CTCP ACTION, a picture a "[picture W×H]" line; joined, left,
 * signoff, renamed and topic_changed become JOIN, PART, QUIT, NICK and
 * TOPIC; lost, back and away_changed AWAY (away-notify only, and a JOIN
 * of a user who is away is followed by its AWAY), but a back with a
 * room (a claimed nick in a new session, a member again) a JOIN; bye and
 * the errors that end a connection ERROR; other errors their numeric.
 *
 * kicked is shared by everyone in the victim's rooms, so it is the QUIT
 * IRC servers send others for a KILL; the victim's own KILL line comes
 * from irc_event_kill().  The other hub frames (welcome, room, namelist,
 * roomlist, ack, pong, motd, ...) are answers to requests, which the
 * listener words as numerics itself: they encode as nothing here.
 *
 * Native users are nick!nick@SERVER, SERVER this hub's name, or for a
 * user of another hub of a cluster (the event's host) that hub's, as
 * its own clients see it.  A line that cannot be spelt (a
 * nick IRC cannot carry as a parameter) is left out, with a debug log.
 */
typedef void	(*irc_event_fn)(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);

/* The tags of one line: time, msgid, then the sender's client-only tags. */
struct irc_event_tagset {
	struct irc_tag	 fixed[2];
	struct irc_tag	*tags;		/* fixed, or allocated */
	u_int		 n;
	char		 tbuf[64];
	char		 ibuf[64];
	char		*copy;		/* the client tags, unescaped */
};

static char	*irc_event_source(const struct irc_ctx *, const char *,
		    const char *);
static char	*irc_event_channel(const char *);
static int	 irc_event_reason(const struct hub_event *, const char *);
static void	 irc_event_tags(struct irc_event_tagset *,
		    const struct hub_event *, const struct irc_ctx *, u_int);
static void	 irc_event_tags_free(struct irc_event_tagset *);
static void	 irc_event_line(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *, const char *, const char *,
		    const char **, u_int, int);
static void	 irc_event_user(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *, const char *, const char *,
		    const char **, u_int, int);
static void	 irc_event_piece(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *, u_int, const char *, const char *,
		    const char *, size_t, int);
static void	 irc_event_picture(char *, size_t, const char *);
static void	 irc_event_msg(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_error(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_joined(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_left(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_signoff(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_away(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_back(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_away_changed(struct jbuf *,
		    const struct hub_event *, const struct irc_ctx *);
static void	 irc_event_renamed(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_topic(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_kicked(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_bye(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);
static void	 irc_event_ping(struct jbuf *, const struct hub_event *,
		    const struct irc_ctx *);

/* The encoders, by frame type; NULL: the listener answers itself. */
static const irc_event_fn irc_event_encoders[PROTO_NTYPES] = {
	[PROTO_MSG] = irc_event_msg,
	[PROTO_DM] = irc_event_msg,
	[PROTO_PING] = irc_event_ping,
	[PROTO_ERROR] = irc_event_error,
	[PROTO_JOINED] = irc_event_joined,
	[PROTO_LEFT] = irc_event_left,
	[PROTO_SIGNOFF] = irc_event_signoff,
	[PROTO_LOST] = irc_event_away,
	[PROTO_BACK] = irc_event_back,
	[PROTO_AWAY_CHANGED] = irc_event_away_changed,
	[PROTO_RENAMED] = irc_event_renamed,
	[PROTO_TOPIC_CHANGED] = irc_event_topic,
	[PROTO_KICKED] = irc_event_kicked,
	[PROTO_BYE] = irc_event_bye,
};

/* Append an event's lines (maybe none) to jb, which is initialised. */
void
irc_event_encode(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	if (ev->type <= PROTO_UNKNOWN || ev->type >= PROTO_NTYPES)
		fatalx("no IRC encoder for event type %d", ev->type);
	if (irc_event_encoders[ev->type] != NULL)
		irc_event_encoders[ev->type](jb, ev, ctx);
}

/*
 * Does a connection whose user is nick get this event in this variant?
 * Without echo-message, not its own messages; without away-notify, no
 * AWAY; never an event with no IRC spelling.
 */
int
irc_event_wanted(const struct hub_event *ev, const char *nick,
    const struct irc_ctx *ctx)
{
	if (ev->type <= PROTO_UNKNOWN || ev->type >= PROTO_NTYPES ||
	    irc_event_encoders[ev->type] == NULL)
		return (0);
	switch (ev->type) {
	case PROTO_MSG:
	case PROTO_DM:
		/* A TAGMSG only for message-tags, which it is all about. */
		if (ev->tagmsg && !(ctx->flags & IRC_TAGS))
			return (0);
		if (ctx->flags & IRC_ECHO)
			return (1);
		if (ev->type == PROTO_DM && ev->to != NULL &&
		    strcmp(ev->to, nick) == 0)
			return (1);
		return (ev->nick == NULL || strcmp(ev->nick, nick) != 0);
	case PROTO_BACK:
		if (ev->room != NULL)	/* a JOIN: see irc_event_back */
			return (1);
		/* FALLTHROUGH */
	case PROTO_LOST:
		return ((ctx->flags & IRC_AWAY_NOTIFY) != 0);
	case PROTO_AWAY_CHANGED:	/* one's own: AWAY's 305 or 306 */
		return ((ctx->flags & IRC_AWAY_NOTIFY) != 0 &&
		    (ev->nick == NULL || strcmp(ev->nick, nick) != 0));
	default:
		return (1);
	}
}

/*
 * A kicked event's reason with a ban's end in UTC, as a ban's refusal
 * says it ("banned until 2026-12-02 18:21 UTC: spam"), or "for good";
 * NULL for a kick, or a ban whose hub did not say its end.
 */
char *
irc_event_ban_reason(const struct hub_event *ev)
{
	const char	*why = NULL;
	char		*out, end[80], when[64];

	if (ev->type != PROTO_KICKED || ev->until == 0 ||
	    ev->reason == NULL || strncmp(ev->reason, "banned", 6) != 0)
		return (NULL);
	if (strncmp(ev->reason, "banned: ", 8) == 0 &&
	    ev->reason[8] != '\0')
		why = ev->reason + 8;
	else if (strcmp(ev->reason, "banned") != 0)
		return (NULL);
	if (ev->until > 0) {
		if (*util_utc(ev->until, when, sizeof when) == '\0')
			return (NULL);
		snprintf(end, sizeof end, "until %s", when);
	} else
		snprintf(end, sizeof end, "for good");
	if (why != NULL)
		xasprintf(&out, "banned %s: %s", end, why);
	else
		xasprintf(&out, "banned %s", end);
	return (out);
}

/* The KILL line the victim of a kicked event gets before its ERROR. */
void
irc_event_kill(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[2];
	char		*ban = irc_event_ban_reason(ev);

	params[0] = ev->nick;
	if (ban != NULL)
		params[1] = ban;
	else
		params[1] = irc_event_reason(ev, "kicked") ? ev->reason :
		    "Killed";
	irc_event_user(jb, ev, ctx, ev->by, "KILL", params, 2,
	    IRC_BUILD_TRAILING);
	free(ban);
}

/*
 * An invite, the notice "invite" with the inviter as nick and the user
 * asked in as to: INVITE, for that user and for the members of the room
 * that asked for invite-notify alike.
 */
void
irc_event_invite(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[2];
	char		*chan;

	chan = irc_event_channel(ev->room);
	params[0] = ev->to != NULL ? ev->to : "*";
	params[1] = chan;
	irc_event_user(jb, ev, ctx, ev->nick, "INVITE", params, 2, 0);
	free(chan);
}

/*
 * A user as an IRC source, nick!nick@host: host is its hub's name, NULL
 * for this hub's.
 */
static char *
irc_event_source(const struct irc_ctx *ctx, const char *host,
    const char *nick)
{
	char	*s;

	if (host == NULL)
		host = ctx->server != NULL ? ctx->server : "chatroom";
	xasprintf(&s, "%s!%s@%s", nick, nick, host);
	return (s);
}

/* A room as an IRC channel. */
static char *
irc_event_channel(const char *room)
{
	char	*s;

	xasprintf(&s, "#%s", room != NULL ? room : "*");
	return (s);
}

/*
 * The tags of a line: with IRC_TAGS or IRC_SERVER_TIME the event's time;
 * with IRC_TAGS, for the k-th line of a message, its msgid too (the
 * message's id, then id.2, id.3, ... for the lines after the first, so
 * every line's is its own), and the client-only tags its sender gave.
 * An invite (a notice with an id) has its msgid as a message does.
 */
static void
irc_event_tags(struct irc_event_tagset *ts, const struct hub_event *ev,
    const struct irc_ctx *ctx, u_int k)
{
	struct tm	 tm;
	time_t		 t;
	char		*p, *key, *value;
	u_int		 max = 2;

	ts->tags = ts->fixed;
	ts->n = 0;
	ts->copy = NULL;
	if (!(ctx->flags & (IRC_TAGS|IRC_SERVER_TIME)))
		return;
	if ((ctx->flags & IRC_TAGS) && ev->tags != NULL &&
	    *ev->tags != '\0') {
		for (p = (char *)ev->tags; *p != '\0'; p++)
			max += *p == ';';
		max++;
		ts->tags = xcalloc(max, sizeof *ts->tags);
	}
	if (ev->ts > 0) {
		t = ev->ts / 1000;
		if (gmtime_r(&t, &tm) != NULL) {
			snprintf(ts->tbuf, sizeof ts->tbuf,
			    "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec,
			    (int)(ev->ts % 1000));
			ts->tags[ts->n].key = "time";
			ts->tags[ts->n++].value = ts->tbuf;
		}
	}
	if ((ctx->flags & IRC_TAGS) && ev->id != 0 &&
	    (ev->type == PROTO_MSG || ev->type == PROTO_DM ||
	    ev->type == PROTO_NOTICE)) {
		if (k == 0)
			snprintf(ts->ibuf, sizeof ts->ibuf, "%llu",
			    (unsigned long long)ev->id);
		else
			snprintf(ts->ibuf, sizeof ts->ibuf, "%llu.%u",
			    (unsigned long long)ev->id, k + 1);
		ts->tags[ts->n].key = "msgid";
		ts->tags[ts->n++].value = ts->ibuf;
	}
	if (ts->tags == ts->fixed)
		return;
	p = ts->copy = xstrdup(ev->tags);
	while ((key = strsep(&p, ";")) != NULL && ts->n < max) {
		if (*key == '\0')
			continue;
		if ((value = strchr(key, '=')) != NULL) {
			*value++ = '\0';
			value[irc_tag_unescape(value, value, strlen(value))] =
			    '\0';
		}
		ts->tags[ts->n].key = key;
		ts->tags[ts->n++].value = value != NULL ? value : "";
	}
}

/* Free what irc_event_tags() allocated. */
static void
irc_event_tags_free(struct irc_event_tagset *ts)
{
	if (ts->tags != ts->fixed)
		free(ts->tags);
	free(ts->copy);
}

/*
 * Has an event a reason of the user's own, not none nor the word the hub
 * fills in when none was given (dflt, as the native client leaves out)?
 */
static int
irc_event_reason(const struct hub_event *ev, const char *dflt)
{
	return (ev->reason != NULL && *ev->reason != '\0' &&
	    strcmp(ev->reason, dflt) != 0);
}

/*
 * Append one line of an event, with its tags; leave it out if it fails.
 * A trailing parameter is text a user wrote (a topic, a reason, an away
 * message) and is made safe first.
 */
static void
irc_event_line(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx, const char *source, const char *command,
    const char **params, u_int nparams, int flags)
{
	struct irc_event_tagset	 ts;
	char			*cause = NULL;

	irc_event_tags(&ts, ev, ctx, 0);
	if (irc_build(jb, ts.tags, ts.n, source, command, params, nparams,
	    flags|IRC_BUILD_FIT|IRC_BUILD_CLEAN, &cause) != 0) {
		log_debug("irc: %s %s left out: %s", proto_type_name(ev->type),
		    command, cause);
		free(cause);
	}
	irc_event_tags_free(&ts);
}

/* Append one line of an event from the native user nick. */
static void
irc_event_user(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx, const char *nick, const char *command,
    const char **params, u_int nparams, int flags)
{
	const char	*host = NULL;
	char		*source;

	/* The user the event is about; another (a KILL's killer) is here. */
	if (nick != NULL && (nick == ev->nick || nick == ev->old))
		host = ev->host;
	else if (nick != NULL && nick == ev->by)
		host = ev->by_host;
	source = irc_event_source(ctx, host, nick != NULL ? nick : "*");
	irc_event_line(jb, ev, ctx, source, command, params, nparams, flags);
	free(source);
}

/*
 * Append the k-th PRIVMSG (or NOTICE) of a message: len bytes of text,
 * after the context's stamp if it has one.
 */
static void
irc_event_piece(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx, u_int k, const char *source,
    const char *target, const char *text, size_t len, int action)
{
	struct irc_event_tagset	 ts;
	char			*piece, *stamped = NULL, *cause = NULL;
	const char		*params[2];
	const char		*command = ev->notice ? "NOTICE" : "PRIVMSG";

	if (ctx->stamp != NULL) {
		xasprintf(&stamped, "%s%.*s", ctx->stamp, (int)len, text);
		text = stamped;
		len = strlen(stamped);
	}
	if (action)
		piece = irc_ctcp_action(text, len);
	else
		piece = xstrndup(text, len);
	free(stamped);
	params[0] = target;
	params[1] = piece;
	irc_event_tags(&ts, ev, ctx, k);
	if (irc_build(jb, ts.tags, ts.n, source, command, params, 2,
	    IRC_BUILD_TRAILING|IRC_BUILD_FIT, &cause) != 0) {
		log_debug("irc: %s %s left out: %s",
		    proto_type_name(ev->type), command, cause);
		free(cause);
	}
	irc_event_tags_free(&ts);
	free(piece);
}

/* The line standing for a picture: its size from the image object. */
static void
irc_event_picture(char *buf, size_t len, const char *image)
{
	cJSON	*obj, *w, *h;

	snprintf(buf, len, "[picture]");
	if ((obj = cJSON_Parse(image)) == NULL)
		return;
	w = cJSON_GetObjectItemCaseSensitive(obj, "w");
	h = cJSON_GetObjectItemCaseSensitive(obj, "h");
	if (cJSON_IsNumber(w) && cJSON_IsNumber(h))
		snprintf(buf, len, "[picture %d\xc3\x97%d]", w->valueint,
		    h->valueint);
	cJSON_Delete(obj);
}

/*
 * msg and dm: a PRIVMSG (NOTICE for a notice) per line of the text, each
 * cut to fit, then one for the picture if any; or a TAGMSG alone.  The
 * text is made safe first (irc_clean).
 */
static void
irc_event_msg(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	char		*source, *target, *text, pic[64];
	const char	*params[1];
	const char	*command = ev->notice ? "NOTICE" : "PRIVMSG";
	size_t		 len = 0, off, n, next, room;
	u_int		 k = 0;

	source = irc_event_source(ctx, ev->host,
	    ev->nick != NULL ? ev->nick : "*");
	if (ev->type == PROTO_MSG)
		target = irc_event_channel(ev->room);
	else
		target = xstrdup(ev->to != NULL ? ev->to : "*");
	if (ev->tagmsg) {
		params[0] = target;
		irc_event_line(jb, ev, ctx, source, "TAGMSG", params, 1, 0);
		free(target);
		free(source);
		return;
	}
	/*
	 * A picture sent without text has the text the hub stores for it,
	 * "image", which is no one's words: the picture line alone.
	 */
	if (ev->image != NULL && ev->text != NULL &&
	    strcmp(ev->text, "image") == 0)
		text = xstrdup("");
	else
		text = irc_clean(ev->text != NULL ? ev->text : "", 0);
	len = strlen(text);

	/* A long server name in the source leaves too little room: the nick. */
	room = irc_text_room(source, command, target, ev->action);
	if (room < IRC_TEXT_MIN) {
		free(source);
		source = xstrdup(ev->nick != NULL ? ev->nick : "*");
		room = irc_text_room(source, command, target, ev->action);
	}
	if (ctx->stamp != NULL)
		room = room > strlen(ctx->stamp) ? room - strlen(ctx->stamp) : 0;
	for (off = 0; off < len; off += next) {
		n = irc_split(text + off, len - off, room, &next);
		if (n == 0)
			continue;
		/*
		 * A message the hub took before its line limit, or from an
		 * older hub of the cluster, is not thousands of lines.
		 */
		if (k == IRC_EVENT_PIECES && off + next < len) {
			irc_event_piece(jb, ev, ctx, k++, source, target,
			    IRC_EVENT_CUT, strlen(IRC_EVENT_CUT), 0);
			break;
		}
		irc_event_piece(jb, ev, ctx, k++, source, target, text + off,
		    n, ev->action);
	}
	if (ev->image != NULL) {
		irc_event_picture(pic, sizeof pic, ev->image);
		irc_event_piece(jb, ev, ctx, k, source, target, pic,
		    strlen(pic), 0);
	}
	free(text);
	free(target);
	free(source);
}

/* error: its numeric, to the connection's user. */
static void
irc_event_error(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	enum proto_err	err;

	err = ev->code != NULL ? proto_err_lookup(ev->code) : PERR_INTERNAL;
	irc_err_encode(jb, ctx->server, ctx->nick, err, NULL, ev->nick,
	    ev->room, ev->text);
}

/* joined: JOIN, then with away-notify the joiner's AWAY if it is away. */
static void
irc_event_joined(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];
	char		*chan;

	chan = irc_event_channel(ev->room);
	params[0] = chan;
	irc_event_user(jb, ev, ctx, ev->nick, "JOIN", params, 1, 0);
	free(chan);
	if ((ctx->flags & IRC_AWAY_NOTIFY) && ev->away != NULL) {
		params[0] = ev->away;
		irc_event_user(jb, ev, ctx, ev->nick, "AWAY", params, 1,
		    IRC_BUILD_TRAILING);
	}
}

/* left: PART, with the reason if any. */
static void
irc_event_left(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[2];
	char		*chan;
	u_int		 n = 0;

	chan = irc_event_channel(ev->room);
	params[n++] = chan;
	if (ev->reason != NULL && *ev->reason != '\0')
		params[n++] = ev->reason;
	irc_event_user(jb, ev, ctx, ev->nick, "PART", params, n,
	    n > 1 ? IRC_BUILD_TRAILING : 0);
	free(chan);
}

/*
 * signoff: QUIT.  "quit" is what the hub says when the user gave no
 * reason (session_signoff_reason): IRC users get "Quit" as IRC servers
 * say it, not the hub's word as if it were the user's.
 */
static void
irc_event_signoff(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];

	params[0] = irc_event_reason(ev, "quit") ? ev->reason : "Quit";
	irc_event_user(jb, ev, ctx, ev->nick, "QUIT", params, 1,
	    IRC_BUILD_TRAILING);
}

/* lost and back: AWAY with a reason, and AWAY alone, for away-notify. */
static void
irc_event_away(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1] = { "Connection lost" };

	if (!(ctx->flags & IRC_AWAY_NOTIFY))
		return;
	irc_event_user(jb, ev, ctx, ev->nick, "AWAY", params,
	    ev->type == PROTO_LOST ? 1 : 0, IRC_BUILD_TRAILING);
}

/*
 * back: with a room, a claimed nick's owner in a new session, who was in
 * no channel until now: a JOIN as for joined, or IRC users would get
 * lines from a nick absent from the channel.  Without, a resume: AWAY.
 */
static void
irc_event_back(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	if (ev->room != NULL)
		irc_event_joined(jb, ev, ctx);
	else
		irc_event_away(jb, ev, ctx);
}

/* away_changed: AWAY with the message, or AWAY alone (back). */
static void
irc_event_away_changed(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];

	if (!(ctx->flags & IRC_AWAY_NOTIFY))
		return;
	params[0] = ev->text;
	irc_event_user(jb, ev, ctx, ev->nick, "AWAY", params,
	    ev->text != NULL ? 1 : 0, IRC_BUILD_TRAILING);
}

/*
 * renamed: NICK, from the old nick, the new one after ':' as servers
 * write it (ii and sic read the new nick only from there).
 */
static void
irc_event_renamed(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];

	params[0] = ev->nick;
	irc_event_user(jb, ev, ctx, ev->old, "NICK", params, 1,
	    IRC_BUILD_TRAILING);
}

/* topic_changed: TOPIC, cut to fit. */
static void
irc_event_topic(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[2];
	char		*chan;

	chan = irc_event_channel(ev->room);
	params[0] = chan;
	params[1] = ev->text != NULL ? ev->text : "";
	irc_event_user(jb, ev, ctx, ev->nick, "TOPIC", params, 2,
	    IRC_BUILD_TRAILING);
	free(chan);
}

/*
 * kicked: the victim's QUIT, as others see a KILL; "kicked" is the hub's
 * word for a kick without a reason (server_oper_kick), so not shown.
 */
static void
irc_event_kicked(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1], *by = ev->by != NULL ? ev->by : "*";
	char		*reason, *ban = irc_event_ban_reason(ev);

	if (ban != NULL)
		xasprintf(&reason, "Killed (%s (%s))", by, ban);
	else if (irc_event_reason(ev, "kicked"))
		xasprintf(&reason, "Killed (%s (%s))", by, ev->reason);
	else
		xasprintf(&reason, "Killed (%s)", by);
	params[0] = reason;
	irc_event_user(jb, ev, ctx, ev->nick, "QUIT", params, 1,
	    IRC_BUILD_TRAILING);
	free(reason);
	free(ban);
}

/* bye: ERROR, the hub is going away. */
static void
irc_event_bye(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];
	char		*text;

	if (ev->reason != NULL && *ev->reason != '\0')
		xasprintf(&text, "Closing link: %s", ev->reason);
	else
		text = xstrdup("Closing link: the hub is shutting down");
	params[0] = text;
	irc_build(jb, NULL, 0, NULL, "ERROR", params, 1,
	    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN, NULL);
	free(text);
}

/* ping: PING, with the server's name as its token. */
static void
irc_event_ping(struct jbuf *jb, const struct hub_event *ev,
    const struct irc_ctx *ctx)
{
	const char	*params[1];

	params[0] = ctx->server != NULL ? ctx->server : "chatroom";
	irc_build(jb, NULL, 0, NULL, "PING", params, 1,
	    IRC_BUILD_TRAILING|IRC_BUILD_FIT, NULL);
}
