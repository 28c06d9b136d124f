/* SPDX-License-Identifier: ISC */
/* client-event.c: apply the events the hub sends to the client's model. */

#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * One entry per kind of frame the hub sends, indexed by its type: the
 * function that applies it (if any) and what every frame of that kind
 * means besides.  Frames of other kinds are ignored, as the protocol asks
 * of fields and frames a reader does not know.
 */
struct client_event_entry {
	void	(*fn)(struct client *, cJSON *);
	int	  flags;
#define CLIENT_EVENT_ANSWER	0x1	/* with a seq, answers our request */
#define CLIENT_EVENT_ID		0x2	/* has the id of a message, to resume */
};

static int	client_event_replayed(struct client *, enum proto_type,
		    cJSON *);
static int	client_event_shown(struct croom *, cJSON *);
static void	client_event_cluster(struct client *, cJSON *);
static void	client_event_welcome(struct client *, cJSON *);
static void	client_event_error(struct client *, cJSON *);
static void	client_event_asked(struct client *, cJSON *);
static long long client_event_paced(const char *, const char *);
static void	client_event_ack(struct client *, cJSON *);
static void	client_event_taken(struct client *, cJSON *);
static void	client_event_msg(struct client *, cJSON *);
static void	client_event_dm(struct client *, cJSON *);
static void	client_event_opered(struct client *, cJSON *);
static void	client_event_bye(struct client *, cJSON *);
static void	client_event_ping(struct client *, cJSON *);
static void	client_event_motd(struct client *, cJSON *);
static void	client_event_challenge(struct client *, cJSON *);

/* The invite an answer is about, while it is handled. */
static struct {
	char	*nick;
	char	*room;
} client_event_invite;

/* The request an answer is for: its type (0 if unknown), room or nick. */
static struct {
	int	 type;
	char	*room;
} client_event_answered;

static const struct client_event_entry client_event_table[PROTO_NTYPES] = {
	[PROTO_WELCOME] = { client_event_welcome, 0 },
	[PROTO_ERROR] = { client_event_error, CLIENT_EVENT_ANSWER },
	[PROTO_ACK] = { client_event_ack, CLIENT_EVENT_ANSWER|CLIENT_EVENT_ID },
	[PROTO_MSG] = { client_event_msg, CLIENT_EVENT_ID },
	[PROTO_DM] = { client_event_dm, CLIENT_EVENT_ID },
	[PROTO_ROOM] = { client_event_room, 0 },
	[PROTO_HISTORY_END] = { client_event_room_history_end, 0 },
	[PROTO_ROOMLIST] = { client_list_rooms, CLIENT_EVENT_ANSWER },
	[PROTO_NAMELIST] = { client_list_names, CLIENT_EVENT_ANSWER },
	[PROTO_JOINED] = { client_event_room_joined, 0 },
	[PROTO_LEFT] = { client_event_room_left, 0 },
	[PROTO_SIGNOFF] = { client_event_room_signoff, 0 },
	[PROTO_LOST] = { client_event_room_lost, 0 },
	[PROTO_BACK] = { client_event_room_back, 0 },
	[PROTO_RENAMED] = { client_event_room_renamed, 0 },
	[PROTO_TOPIC_CHANGED] = { client_event_room_topic, 0 },
	[PROTO_KICKED] = { client_event_room_kicked, 0 },
	[PROTO_OPERED] = { client_event_opered, 0 },
	[PROTO_BYE] = { client_event_bye, 0 },
	[PROTO_PING] = { client_event_ping, 0 },
	[PROTO_PONG] = { NULL, CLIENT_EVENT_ANSWER },
	[PROTO_MOTD] = { client_event_motd, 0 },
	[PROTO_NOTICE] = { client_event_notice, 0 },
	[PROTO_BANLIST] = { client_list_bans, CLIENT_EVENT_ANSWER },
	[PROTO_CHALLENGE] = { client_event_challenge, 0 },
	[PROTO_USERINFO] = { client_people_userinfo, CLIENT_EVENT_ANSWER },
	[PROTO_AWAY_CHANGED] = { client_people_away_changed, 0 },
	[PROTO_ROOM_MEMBERS] = { client_list_members, 0 },
};

/*
 * Parse one line from the hub and apply it.  An answer to a request (a
 * frame with a seq) ends the wait for it; a message id is kept so that a
 * resume asks for what came after it.  Until the hub's certificate is
 * trusted, only its challenge is taken.
 */
void
client_event_dispatch(struct client *c, const char *line, size_t len)
{
	const struct client_event_entry	*e;
	cJSON				*obj;
	enum proto_type			 type;
	enum proto_err			 err;
	char				*cause;
	long long			 seq, id;

	client_lag_heard(c);	/* whatever it is, the hub is there */
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		if (c->ui->raw != NULL)
			c->ui->raw(c, line, len, 0);
		log_debug("bad frame from hub: %s", cause);
		free(cause);
		if (c->state == CLIENT_HANDSHAKE && c->peer != NULL) {
			/* Whatever answered does not speak our protocol. */
			c->flags |= CLIENT_NOT_HUB;
			peer_fail(c->peer, "not a hub");
		}
		return;
	}
	if (c->state == CLIENT_HANDSHAKE && !(c->flags & CLIENT_HELLO_READY) &&
	    type != PROTO_CHALLENGE) {
		/* Nothing counts before the user trusts the certificate. */
		log_debug("%s before the hub was trusted: ignored",
		    proto_type_name(type));
		cJSON_Delete(obj);
		return;
	}
	if (c->ui->raw != NULL)
		c->ui->raw(c, line, len, client_event_replayed(c, type, obj));
	e = &client_event_table[type];
	seq = id = 0;
	if (type == PROTO_ACK || type == PROTO_ERROR)
		client_event_asked(c, obj);	/* before the request goes */
	if ((e->flags & CLIENT_EVENT_ANSWER) &&
	    proto_get_int(obj, PF_SEQ, 0, &seq) == 0 && seq > 0 &&
	    client_inflight_answered(c, seq))
		client_send_held(c);
	/* An answer: the hub sent the rooms of a takeover before it. */
	if (seq > 0 || (type == PROTO_ACK || type == PROTO_ERROR))
		c->flags &= ~CLIENT_NICK_RESUMED;
	if (seq > 0 && seq == c->away_back) {
		/* The hub says nothing else when there was nothing to do. */
		c->away_back = 0;
		if (type == PROTO_ACK)
			client_notice(c, c->current, CLINE_NOTICE,
			    _("you are not marked as away"));
	}
	/* Ids a resume replays count once it is over (client-inflight.c). */
	if ((e->flags & CLIENT_EVENT_ID) &&
	    proto_get_int(obj, PF_ID, 0, &id) == 0 && id > 0) {
		if (!(c->flags & CLIENT_RECONCILE) &&
		    (uint64_t)id > c->last_id)
			c->last_id = id;
		else if ((c->flags & CLIENT_RECONCILE) &&
		    (uint64_t)id > c->own_last_id)
			c->own_last_id = id;
	}
	if (e->fn != NULL)
		e->fn(c, obj);
	free(client_event_invite.nick);
	free(client_event_invite.room);
	client_event_invite.nick = client_event_invite.room = NULL;
	free(client_event_answered.room);
	client_event_answered.room = NULL;
	client_event_answered.type = 0;
	client_inflight_settled(c, type == PROTO_ERROR);
	cJSON_Delete(obj);
}

/* Is this a message replayed from a room's history (not live)? */
static int
client_event_replayed(struct client *c, enum proto_type type, cJSON *obj)
{
	struct croom	*r;

	if (type != PROTO_MSG)
		return (0);
	r = client_room(c, client_event_str(obj, PF_ROOM), 0);
	return (r != NULL && (r->flags & CROOM_REPLAY));
}

/*
 * Does the window already show this message?  If not, it will: remember
 * its id.  A window never shows an id twice (see cseen.c).
 */
static int
client_event_shown(struct croom *r, cJSON *obj)
{
	long long	id = 0;

	if (proto_get_int(obj, PF_ID, 0, &id) != 0 || id <= 0)
		return (0);
	if (cseen_shown(&r->shown, id, (r->flags & CROOM_REPLAY) != 0)) {
		log_debug("message %lld shown already in %s", id, r->name);
		return (1);
	}
	cseen_add(&r->shown, id);
	return (0);
}

/* The ts field, or now. */
int64_t
client_event_ts(cJSON *obj)
{
	long long	ts = 0;

	if (proto_get_int(obj, PF_TS, 0, &ts) != 0 || ts <= 0)
		return (now_ms());
	return (ts);
}

/* A string field, or "" (the hub is trusted for shape, not content). */
const char *
client_event_str(cJSON *obj, const char *key)
{
	const char	*s;

	if (proto_get_str(obj, key, 0, &s) != 0 || s == NULL)
		return ("");
	return (s);
}

/*
 * The cluster the hub is one of, if it says: the windows are kept by its
 * id (client-last.c).  The first login's is kept; the id goes into file
 * names, so it must be a short word of letters and digits.
 */
static void
client_event_cluster(struct client *c, cJSON *obj)
{
	const char	*id;
	size_t		 i, len;

	if (c->cluster != NULL || proto_get_str(obj, PF_CLUSTER, 0, &id) != 0 ||
	    id == NULL || (len = strlen(id)) == 0 || len > 64)
		return;
	for (i = 0; i < len; i++) {
		if (!isalnum((u_char)id[i]))
			return;
	}
	c->cluster = xstrdup(id);
}

/* welcome: we are in (or back); the handshake is over. */
static void
client_event_welcome(struct client *c, cJSON *obj)
{
	const char	*token;
	int		 resumed = 0, exact = 0, fresh = 0;
	long long	 last_seen = 0;
	char		 when[64];

	proto_get_bool(obj, PF_RESUMED, 0, &resumed);
	proto_get_int(obj, PF_LAST_SEEN, 0, &last_seen);
	/* Absent (an older hub): lines in flight are not sent again. */
	if (proto_get_bool(obj, PF_REPLAY_EXACT, 0, &exact) == 0 && exact)
		c->flags |= CLIENT_REPLAY_EXACT;
	else
		c->flags &= ~CLIENT_REPLAY_EXACT;
	/* Or exact in the rooms that say no gap (see client-inflight.c). */
	if (proto_get_bool(obj, PF_REPLAY_ROOMS, 0, &exact) == 0 && exact)
		c->flags |= CLIENT_REPLAY_ROOMS;
	else
		c->flags &= ~CLIENT_REPLAY_ROOMS;
	/* Absent (an older hub): maybe a session taken over, with rooms. */
	if (!resumed && proto_get_bool(obj, PF_NEW_SESSION, 0, &fresh) == 0 &&
	    fresh)
		c->flags |= CLIENT_NEW_SESSION;
	else
		c->flags &= ~CLIENT_NEW_SESSION;
	free(c->nick);
	c->nick = xstrdup(client_event_str(obj, PF_NICK));
	/* A mute that holds still is told after the welcome. */
	c->flags &= ~CLIENT_MUTED;
	if (proto_get_str(obj, PF_TOKEN, 0, &token) == 0 && token != NULL &&
	    strlen(token) < sizeof c->token)
		snprintf(c->token, sizeof c->token, "%s", token);
	free(c->hub);
	c->hub = xstrdup(client_event_str(obj, PF_HUB));
	client_event_cluster(c, obj);
	/* Pages of a list the last connection left unfinished start over. */
	c->roomlist_more = 0;
	cJSON_Delete(c->names);
	c->names = NULL;
	client_hello_note_nick(c);
	client_ready(c, resumed);	/* "connected to HOST as NICK" */
	if (!resumed && last_seen > 0) {
		/* A new session with a nick our key owns: after "connected". */
		/* The time alone today, as the scrollback's stamps. */
		fmt_when(last_seen, when, sizeof when);
		if (fmt_today(last_seen))
			client_notice(c, c->current, CLINE_NOTICE,
			    _("welcome back, %s (last seen at %s)"), c->nick,
			    when);
		else
			client_notice(c, c->current, CLINE_NOTICE,
			    _("welcome back, %s (last seen %s)"), c->nick,
			    when);
	}
}

/*
 * The seconds to wait in the detail of a refused nick or topic change,
 * "PREFIX... the next in N seconds", or -1 if it is not one.
 */
static long long
client_event_paced(const char *detail, const char *prefix)
{
	const char	*p;
	char		*end;
	long long	 wait;

	if (detail == NULL || strncmp(detail, prefix, strlen(prefix)) != 0 ||
	    (p = strstr(detail, ": the next in ")) == NULL)
		return (-1);
	p += strlen(": the next in ");
	errno = 0;
	wait = strtoll(p, &end, 10);
	if (errno != 0 || end == p || wait < 0 || strcmp(end, " seconds") != 0)
		return (-1);
	return (wait);
}

/* error: show it, and tell the interface (it may end a handshake). */
static void
client_event_error(struct client *c, cJSON *obj)
{
	enum proto_err	 err;
	const char	*detail;
	char		*text;
	struct croom	*r;
	long long	 until, wait;

	err = proto_err_lookup(client_event_str(obj, PF_CODE));
	detail = client_event_str(obj, PF_DETAIL);
	c->last_err = err;
	free(c->last_error);
	c->last_error = xstrdup(detail);
	/* A ban's or a mute's end, in ms (older hubs: in the detail only). */
	until = 0;
	if (proto_get_int(obj, PF_UNTIL, 0, &until) != 0 || until < 0)
		until = 0;
	c->last_until = until;
	if (err == PERR_MUTED)
		client_event_notice_muted(c, 1, until);
	if (err == PERR_BAD_TOKEN && c->state == CLIENT_READY) {
		client_event_taken(c, obj);
		return;
	}
	/* A stale takeover of the sessions file: the close falls back. */
	if (client_hello_recall_refused(c, err))
		return;
	/* A room of the last run refused: no longer waited for. */
	if (client_event_answered.type == PROTO_JOIN &&
	    client_event_answered.room != NULL &&
	    client_last_order_rejoined(c, client_event_answered.room) &&
	    err == PERR_ALREADY_IN_ROOM)
		return;
	if (err == PERR_ALREADY_IN_ROOM &&
	    client_event_answered.type == PROTO_JOIN &&
	    client_event_answered.room != NULL &&
	    (r = client_room(c, client_event_answered.room,
	    CLIENT_ROOM_FIND)) != NULL && !(r->flags & CROOM_DM)) {
		/*
		 * Joining a room we are in (a session taken over, which kept
		 * its rooms, and asked for one of them): go there, as irssi
		 * does.
		 */
		if (!client_last_named_in(c, r))
			client_switch(c, r);
		return;
	}
	/* The target's room refused: nothing more to wait for. */
	if (client_event_answered.type == PROTO_JOIN &&
	    client_event_answered.room != NULL &&
	    client_last_named(c, client_event_answered.room))
		c->flags &= ~CLIENT_NAMED;
	if (err == PERR_NICK_CLAIMED &&
	    client_event_answered.type == PROTO_PASSWORD)
		xasprintf(&text, _("you hold no claim on %s (released, or "
		    "never made with this key): your next login with your "
		    "key claims it again, then /ircpass sets its password"),
		    c->nick);
	else if (err == PERR_ALREADY_IN_ROOM && client_event_invite.nick != NULL)
		xasprintf(&text, _("%s is already in #%s"),
		    client_event_invite.nick, client_event_invite.room);
	/*
	 * The same invite again too soon (server_people_invite_user), not
	 * the flood limiter's refusal of too many requests: the hub's
	 * detail says which (chatroom-protocol(7)).
	 */
	else if (err == PERR_FLOOD && client_event_invite.nick != NULL &&
	    strncmp(detail, "you invited ", 12) == 0)
		xasprintf(&text, _("you invited %s to #%s less than %d seconds "
		    "ago"), client_event_invite.nick, client_event_invite.room,
		    CR_INVITE_AGAIN);
	/*
	 * Too many nick or topic changes (server_login_nick_often,
	 * server_chat_topic_often), not too many requests: the detail says
	 * which and the wait (chatroom-protocol(7)).
	 */
	else if (err == PERR_FLOOD &&
	    client_event_answered.type == PROTO_NICK &&
	    (wait = client_event_paced(detail, "nick changed ")) >= 0)
		xasprintf(&text, ngettext("too many nick changes: the next in "
		    "%lld second", "too many nick changes: the next in %lld "
		    "seconds", wait), wait);
	else if (err == PERR_FLOOD &&
	    client_event_answered.type == PROTO_TOPIC &&
	    (wait = client_event_paced(detail, "topic changed ")) >= 0)
		xasprintf(&text, ngettext("too many topic changes: the next in "
		    "%lld second", "too many topic changes: the next in %lld "
		    "seconds", wait), wait);
	else if (err == PERR_ROOM_INVALID &&
	    client_event_answered.type == PROTO_JOIN &&
	    client_event_answered.room != NULL &&
	    proto_check_room_local(client_event_answered.room, 1, &text) != 0)
		;	/* a new room's name: the cause in the user's language */
	else if (err == PERR_NICK_INVALID &&
	    client_event_answered.type == PROTO_NICK &&
	    client_event_answered.room != NULL &&
	    proto_check_nick_local(client_event_answered.room, &text) != 0)
		;	/* one only the older rules allowed (see cmd_nick) */
	else if (err == PERR_NICK_INVALID && c->state == CLIENT_HANDSHAKE &&
	    c->nick != NULL && proto_check_nick_local(c->nick, &text) != 0)
		;	/* the nick logged in with: why, in the user's words */
	else if (err == PERR_TEXT_TOO_LONG &&
	    (client_event_answered.type == PROTO_KICK ||
	    client_event_answered.type == PROTO_BAN ||
	    client_event_answered.type == PROTO_MUTE))
		xasprintf(&text, _("a reason has at most %d characters"),
		    CR_REASON_MAX);
	else if (err == PERR_PASSWORD && c->state == CLIENT_HANDSHAKE &&
	    (text = client_password_refusal(detail)) != NULL)
		;	/* the hub's password, not /oper's: with the option */
	else
		text = fmt_error_detail(err, detail, until);
	client_notice(c, c->current, CLINE_ERROR, "%s", text);
	free(text);
	if (c->ui->error != NULL)
		c->ui->error(c, err, detail);
}

/*
 * An answer came: keep what an invite asked, for the answer's words (the
 * request is forgotten before the answer is handled).
 */
static void
client_event_asked(struct client *c, cJSON *obj)
{
	const struct client_frame	*f;
	long long			 seq = 0;	/* absent: not an answer */

	if (proto_get_int(obj, PF_SEQ, 0, &seq) != 0 || seq <= 0 ||
	    (f = client_inflight_find(c, seq)) == NULL)
		return;
	client_event_answered.type = f->type;
	if ((f->type == PROTO_JOIN || f->type == PROTO_NICK) && f->to != NULL)
		client_event_answered.room = xstrdup(f->to);
	if (f->type != PROTO_INVITE)
		return;
	client_event_invite.nick = xstrdup(f->to);
	client_event_invite.room = xstrdup(f->text);
}

/* ack: a request was carried out; an invite says so. */
static void
client_event_ack(struct client *c, cJSON *obj)
{
	if (client_event_invite.nick != NULL)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("invited %s to #%s"), client_event_invite.nick,
		    client_event_invite.room);
}

/*
 * Another connection took our session over (the same nick and secret, or
 * our token): say when and from where, and do not fight it by
 * reconnecting.  The scrollback stays; client_take_back takes the
 * session back when the user asks.
 */
static void
client_event_taken(struct client *c, cJSON *obj)
{
	const char	*from = client_event_str(obj, PF_FROM);
	char		 t[16];

	c->flags &= ~CLIENT_RECONNECT;
	c->flags |= CLIENT_TAKEN;
	fmt_time(client_event_ts(obj), t, sizeof t);
	free(c->last_error);
	if (*from != '\0')
		xasprintf(&c->last_error, _("your session was taken over at %s "
		    "by a connection from %s"), t, from);
	else
		xasprintf(&c->last_error, _("your session was taken over at %s "
		    "by another connection"), t);
	client_notice(c, c->current, CLINE_ERROR, "%s", c->last_error);
	if (c->ui->error != NULL)
		c->ui->error(c, PERR_BAD_TOKEN, c->last_error);
}

/* msg: a room message (live or replayed). */
static void
client_event_msg(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick, *text;
	int		 action = 0, notice = 0, flags = 0, kind;
	cJSON		*img;
	struct image	*image = NULL;
	char		*cause;
	long long	 id = 0;

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	nick = client_event_str(obj, PF_NICK);
	text = client_event_str(obj, PF_TEXT);
	proto_get_bool(obj, PF_ACTION, 0, &action);
	proto_get_bool(obj, PF_NOTICE, 0, &notice);
	img = cJSON_GetObjectItemCaseSensitive(obj, PF_IMAGE);
	/* Shown or not, a line of ours a resume replays was stored. */
	if ((c->flags & CLIENT_RECONCILE) &&
	    proto_get_int(obj, PF_ID, 0, &id) == 0 && id > 0)
		client_inflight_own(c, r->name, nick, text, action,
		    img != NULL, id);
	if (client_event_shown(r, obj))
		return;
	if (r->flags & CROOM_REPLAY)
		r->replayed++;
	kind = action ? CLINE_ACTION : CLINE_MSG;
	if (notice && !action)
		flags |= CLINE_IRCNOTICE;
	if (r->flags & CROOM_REPLAY)
		flags |= CLINE_HISTORY;
	if (strcmp(nick, c->nick) == 0)
		flags |= CLINE_SELF;
	else if (client_highlight_match(c, text))
		flags |= CLINE_MENTION;
	if (img != NULL) {
		if ((image = image_from_json(img, &cause)) == NULL) {
			log_debug("bad image from %s: %s", nick, cause);
			free(cause);
		} else
			kind = CLINE_IMAGE;
	}
	if (proto_get_int(obj, PF_ID, 0, &id) != 0 || id < 0)
		id = 0;
	client_room_add_image(c, r, kind, flags, client_event_ts(obj), id,
	    nick, text, image);
}

/* dm: a direct message, in either direction. */
static void
client_event_dm(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*from, *to, *text;
	int		 flags = CLINE_DIRECT, action = 0, notice = 0, kind;
	cJSON		*img;
	struct image	*image = NULL;
	char		*cause;
	long long	 id = 0;

	from = client_event_str(obj, PF_NICK);
	to = client_event_str(obj, PF_TO);
	text = client_event_str(obj, PF_TEXT);
	proto_get_bool(obj, PF_ACTION, 0, &action);
	proto_get_bool(obj, PF_NOTICE, 0, &notice);
	if (notice && !action)
		flags |= CLINE_IRCNOTICE;
	if (strcmp(from, c->nick) == 0) {
		flags |= CLINE_OUT | CLINE_SELF;
		r = client_room(c, to, CLIENT_ROOM_NEW_DM);
	} else {
		/*
		 * From an ignored nick: nothing at all, not even an empty
		 * window (irssi opens no query for it), so that a flood of
		 * ignored strangers does not fill the window list.
		 */
		if (client_ignore_has(c, from))
			return;
		flags |= CLINE_MENTION;
		r = client_room(c, from, CLIENT_ROOM_NEW_DM);
	}
	if (r == NULL)
		r = c->status;	/* no window can be closed for it */
	/*
	 * One the window has already (the hub sends again those it passed
	 * just before a lost connection) is dropped, and does not open
	 * again a conversation closed since.
	 */
	if (client_event_shown(r, obj))
		return;
	/* Or one shown at the last run, before a crash (client-last.c). */
	if (proto_get_int(obj, PF_ID, 0, &id) == 0 &&
	    client_last_dm_shown(c, id)) {
		log_debug("direct message %lld shown at the last run", id);
		return;
	}
	client_room_open(c, r);
	kind = action ? CLINE_ACTION : CLINE_DM;
	if ((img = cJSON_GetObjectItemCaseSensitive(obj, PF_IMAGE)) != NULL) {
		if ((image = image_from_json(img, &cause)) == NULL) {
			log_debug("bad image from %s: %s", from, cause);
			free(cause);
		} else
			kind = CLINE_IMAGE;
	}
	/* An outgoing DM, a picture too, shows who it went to. */
	client_room_add_image(c, r, kind, flags, client_event_ts(obj),
	    id > 0 ? id : 0, (flags & CLINE_OUT) && !action ? to : from, text,
	    image);
}

/* opered: we are an operator now. */
static void
client_event_opered(struct client *c, cJSON *obj)
{
	c->flags |= CLIENT_OPER;
	client_notice(c, c->current, CLINE_NOTICE,
	    _("you are now a hub operator"));
}

/*
 * bye: the hub is shutting down.  A hub sends "the hub is shutting down"
 * as the reason when no operator gave one; that says nothing more.
 */
static void
client_event_bye(struct client *c, cJSON *obj)
{
	const char	*reason = client_event_str(obj, PF_REASON);

	if (*reason == '\0' || strcmp(reason, "the hub is shutting down") == 0)
		client_notice(c, c->current, CLINE_ERROR, "%s",
		    fmt_error(PERR_SHUTTING_DOWN));
	else
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub is shutting down: %s"), reason);
}

/* ping: keepalive from the hub. */
static void
client_event_ping(struct client *c, cJSON *obj)
{
	client_lag_pong(c);
}

/* motd: the hub's message of the day, line by line. */
static void
client_event_motd(struct client *c, cJSON *obj)
{
	char	*text, *line, *next;

	c->flags |= CLIENT_MOTD;	/* the hub greets its users itself */
	text = xstrdup(client_event_str(obj, PF_TEXT));
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	}
	free(text);
}

/* challenge: the nonce our hello proof signs. */
static void
client_event_challenge(struct client *c, cJSON *obj)
{
	const char	*nonce;

	if (proto_get_str(obj, PF_NONCE, 1, &nonce) != 0)
		nonce = NULL;
	client_hello_challenge(c, nonce);
}
