/* SPDX-License-Identifier: ISC */
/* client-event.c: apply the events the hub sends to the client's model. */

#include <sys/types.h>

#include <ctype.h>
#include <cjson/cJSON.h>
#include <errno.h>
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

static int64_t	client_event_ts(cJSON *);
static int	client_event_replayed(struct client *, enum proto_type,
		    cJSON *);
static int	client_event_shown(struct croom *, cJSON *);
static void	client_event_cluster(struct client *, cJSON *);
static void	client_event_welcome(struct client *, cJSON *);
static void	client_event_error(struct client *, cJSON *);
static void	client_event_asked(struct client *, cJSON *);
static void	client_event_ack(struct client *, cJSON *);
static void	client_event_taken(struct client *, cJSON *);
static void	client_event_msg(struct client *, cJSON *);
static void	client_event_dm(struct client *, cJSON *);
static void	client_event_room(struct client *, cJSON *);
static void	client_event_history_end(struct client *, cJSON *);
static void	client_event_joined(struct client *, cJSON *);
static void	client_event_left(struct client *, cJSON *);
static void	client_event_signoff(struct client *, cJSON *);
static void	client_event_lost(struct client *, cJSON *);
static void	client_event_back(struct client *, cJSON *);
static void	client_event_renamed(struct client *, cJSON *);
static void	client_event_topic(struct client *, cJSON *);
static void	client_event_kicked(struct client *, cJSON *);
static void	client_event_opered(struct client *, cJSON *);
static void	client_event_bye(struct client *, cJSON *);
static void	client_event_ping(struct client *, cJSON *);
static void	client_event_motd(struct client *, cJSON *);
static void	client_event_hint(struct client *, struct croom *);
static void	client_event_notice(struct client *, cJSON *);
static void	client_event_muted(struct client *, int, int64_t);
static void	client_event_banned(struct client *, cJSON *, const char *);
static void	client_event_mute(struct client *, cJSON *, const char *,
		    const char *);
static struct croom *client_event_dm_window(struct client *, const char *,
		    int);
static void	client_event_dm_held(struct client *, cJSON *,
		    const char *);
static void	client_event_challenge(struct client *, cJSON *);
static char	*client_event_reason(const char *, const char *);

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
	[PROTO_HISTORY_END] = { client_event_history_end, 0 },
	[PROTO_ROOMLIST] = { client_list_rooms, CLIENT_EVENT_ANSWER },
	[PROTO_NAMELIST] = { client_list_names, CLIENT_EVENT_ANSWER },
	[PROTO_JOINED] = { client_event_joined, 0 },
	[PROTO_LEFT] = { client_event_left, 0 },
	[PROTO_SIGNOFF] = { client_event_signoff, 0 },
	[PROTO_LOST] = { client_event_lost, 0 },
	[PROTO_BACK] = { client_event_back, 0 },
	[PROTO_RENAMED] = { client_event_renamed, 0 },
	[PROTO_TOPIC_CHANGED] = { client_event_topic, 0 },
	[PROTO_KICKED] = { client_event_kicked, 0 },
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
static int64_t
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
	if (!resumed && last_seen > 0) {
		/* A new session with a nick our key owns. */
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
	client_hello_note_nick(c);
	client_ready(c, resumed);
}

/* error: show it, and tell the interface (it may end a handshake). */
static void
client_event_error(struct client *c, cJSON *obj)
{
	enum proto_err	 err;
	const char	*detail;
	char		*text;
	struct croom	*r;
	long long	 until;

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
		client_event_muted(c, 1, until);
	if (err == PERR_BAD_TOKEN && c->state == CLIENT_READY) {
		client_event_taken(c, obj);
		return;
	}
	/* A room of the last run refused: no longer waited for. */
	if (client_event_answered.type == PROTO_JOIN &&
	    client_event_answered.room != NULL &&
	    client_last_rejoined(c, client_event_answered.room) &&
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
	else if (err == PERR_TEXT_TOO_LONG &&
	    (client_event_answered.type == PROTO_KICK ||
	    client_event_answered.type == PROTO_BAN ||
	    client_event_answered.type == PROTO_MUTE))
		xasprintf(&text, _("a reason has at most %d characters"),
		    CR_REASON_MAX);
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

/* room: state of a room we are in, before its replay. */
static void
client_event_room(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*members, *m;
	const char	*name = client_event_str(obj, PF_ROOM);
	long long	 history = 0, missed = 0;
	int		 resumed = 0, more = 0, gap = 0, known;

	/* A room we showed already: the frame of a resume, not a takeover. */
	known = (r = client_room(c, name, 0)) != NULL &&
	    (r->flags & CROOM_JOINED);
	if ((r = client_room(c, name, CLIENT_ROOM_NEW)) == NULL) {
		client_notice(c, c->status, CLINE_ERROR,
		    _("too many windows: #%s is not shown"), name);
		return;
	}
	r->flags |= CROOM_JOINED;
	client_last_kept(c, r);		/* how far it was read last time */
	free(r->topic);
	r->topic = client_room_unformat(client_event_str(obj, PF_TOPIC));
	client_people_before(r);
	client_room_members_clear(r);
	members = cJSON_GetObjectItemCaseSensitive(obj, PF_MEMBERS);
	cJSON_ArrayForEach(m, members) {
		if (cJSON_IsString(m))
			client_room_member_add(r, m->valuestring);
	}
	client_people_room(c, r, obj);
	client_hello_note_resumed(c, r);
	if (c->current == c->status && !known) { /* taken over: a room */
		c->current = r;
		r->flags |= CROOM_ADOPTED;
	}
	proto_get_int(obj, PF_HISTORY, 0, &history);
	proto_get_bool(obj, PF_RESUMED, 0, &resumed);
	/* --batch has no title bar to show the topic of a room joined. */
	if ((c->flags & CLIENT_TOPIC_NOTE) && !resumed && *r->topic != '\0')
		client_notice(c, r, CLINE_NOTICE, _("topic of #%s: %s"),
		    r->name, r->topic);
	if (history > 0 && !resumed) {	/* on resume: missed, not history */
		r->flags |= CROOM_REPLAY;
		r->replayed = 0;
	}
	/* The hub let go of some it would replay: say so where they were. */
	proto_get_bool(obj, PF_GAP, 0, &gap);
	proto_get_int(obj, PF_MISSED, 0, &missed);
	if (resumed && gap)
		r->flags |= CROOM_GAP;	/* for client_inflight_reconcile */
	if (resumed && gap && missed > 0)
		client_notice(c, r, CLINE_NOTICE, ngettext(
		    "%lld message you missed in #%s is no longer kept by "
		    "the hub", "%lld messages you missed in #%s are no longer "
		    "kept by the hub", missed), missed, name);
	else if (resumed && gap)
		client_notice(c, r, CLINE_NOTICE, _("some messages you "
		    "missed in #%s are no longer kept by the hub"), name);
	/* A big room's other members follow (see client_list_members). */
	proto_get_bool(obj, PF_MORE, 0, &more);
	if (more) {
		r->flags |= CROOM_PAGES;
		return;
	}
	r->flags &= ~CROOM_PAGES;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * history_end: the replay is over; set what it added apart with a marker.
 * A replay that added nothing (the window shows it all already, see
 * cseen.c) adds no marker either.
 */
static void
client_event_history_end(struct client *c, cJSON *obj)
{
	struct croom	*r;

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	if (r->flags & CROOM_REPLAY) {
		r->flags &= ~CROOM_REPLAY;
		/*
		 * Unread at its end: the read marker above the first of them
		 * parts history from what came meanwhile; "end of history"
		 * below them would say they are old.
		 */
		if (r->replayed > 0 && !(r->flags & CROOM_MISSED))
			client_room_add(c, r, CLINE_MARKER, CLINE_HISTORY, 0,
			    NULL, _("end of history"));
		r->flags &= ~(CROOM_MISSED|CROOM_TOMARK);
	}
	client_people_compare(c, r);
}


/* joined: someone (maybe us) joined a room. */
static void
client_event_joined(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	int		 self = strcmp(nick, c->nick) == 0, rejoined;

	r = client_room(c, client_event_str(obj, PF_ROOM),
	    self ? CLIENT_ROOM_NEW : CLIENT_ROOM_FIND);
	if (r == NULL)
		return;
	client_room_member_add(r, nick);
	client_people_joined(c, nick, obj);
	if (self) {
		/*
		 * Joining again after a reconnection leaves the view be, the
		 * status window too; the last run's rooms in a new session
		 * leave it be unless it is the status window.
		 */
		rejoined = client_last_rejoined(c, r->name);
		if (client_last_named_in(c, r))
			;	/* the target's room: shown */
		else if (r->flags & CROOM_REJOIN)
			;
		else if (c->current == c->status && c->last_njoining > 0)
			client_show(c, r);	/* the last run's view may come */
		else if (!rejoined || c->current == c->status)
			client_switch(c, r);
		r->flags |= CROOM_JOINED;
		r->flags &= ~CROOM_REJOIN;
		client_room_own_event(c, r, client_event_ts(obj),
		    _("you joined #%s"), r->name);
		client_event_hint(c, r);
	} else
		client_room_event(c, r, client_event_ts(obj),
		    _("%s joined #%s"), nick, r->name);
}

/*
 * The first room joined in a run of the terminal client, or the one the
 * target names once it is in, says where help is: in the status window
 * and in that room, where the client usually goes.  From a hub with a
 * message of the day, which is in the status window, the room says where
 * that is instead.  Not in their logs, where it would come again each
 * run.
 */
static void
client_event_hint(struct client *c, struct croom *r)
{
	const char	*hint;

	if ((~c->flags & CLIENT_HINT) || (c->flags & CLIENT_NAMED))
		return;
	c->flags &= ~CLIENT_HINT;
	if (c->flags & CLIENT_MOTD) {
		if (r != c->status)
			client_room_add(c, r, CLINE_NOTICE, CLINE_NOLOG, 0,
			    NULL, _("the hub's message of the day is in the "
			    "status window: Alt-0"));
		return;
	}
	hint = _("type /help for commands, /rooms for the room list, "
	    "Alt-1..9 to switch windows");
	client_room_add(c, c->status, CLINE_NOTICE, CLINE_NOLOG, 0, NULL,
	    hint);
	if (r != c->status)
		client_room_add(c, r, CLINE_NOTICE, CLINE_NOLOG, 0, NULL,
		    hint);
}

/* left: someone (maybe us) left a room, maybe saying why. */
static void
client_event_left(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*reason = client_event_str(obj, PF_REASON);

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	if (strcmp(nick, c->nick) == 0) {
		client_notice(c, c->status, CLINE_NOTICE, _("you left #%s"),
		    r->name);
		client_room_remove(c, r);
		return;
	}
	if (!client_room_member_del(r, nick) && r->nextra > 0)
		r->nextra--;	/* one of those only counted */
	client_people_gone(c, nick);
	if (*reason != '\0')
		client_room_event(c, r, client_event_ts(obj),
		    _("%s left #%s (%s)"), nick, r->name, reason);
	else
		client_room_event(c, r, client_event_ts(obj),
		    _("%s left #%s"), nick, r->name);
}

/*
 * The reasons the hub itself gives when a session ends or an operator
 * removes someone, in the user's language; a reason someone wrote is
 * shown as it is.
 */
static const char *client_event_reasons[] = {
	N_("connection lost"),
	N_("hub lost"),
	N_("excess flood"),
	N_("line too long"),
	N_("ping timeout"),
	N_("quit"),
	N_("kicked"),
	N_("banned")
};

/*
 * A reason to show: the hub's own translated (free the result), or NULL
 * for none: empty, or none, what the hub says when the user gave none.
 */
static char *
client_event_reason(const char *reason, const char *none)
{
	static const char	 ban[] = "banned: ";
	static const char	 ping[] = "Ping timeout: ";
	const char		*rest;
	char			*out, *end;
	u_long			 n;
	u_int			 i;

	if (*reason == '\0' || strcmp(reason, none) == 0)
		return (NULL);
	for (i = 0; i < sizeof client_event_reasons /
	    sizeof client_event_reasons[0]; i++) {
		if (strcmp(reason, client_event_reasons[i]) == 0)
			return (xstrdup(_(client_event_reasons[i])));
	}
	/* A ban removes with "banned: " and the ban's own reason. */
	if (strncmp(reason, ban, sizeof ban - 1) == 0) {
		rest = reason + sizeof ban - 1;
		if (strcmp(rest, "banned") == 0)
			return (xstrdup(_("banned")));
		xasprintf(&out, _("banned: %s"), rest);
		return (out);
	}
	/* A ping timeout ends a session with how long it was. */
	if (strncmp(reason, ping, sizeof ping - 1) == 0) {
		rest = reason + sizeof ping - 1;
		errno = 0;
		n = strtoul(rest, &end, 10);
		if (*rest >= '0' && *rest <= '9' && errno == 0 &&
		    strcmp(end, " seconds") == 0) {
			xasprintf(&out, ngettext("Ping timeout: %lu second",
			    "Ping timeout: %lu seconds", n), n);
			return (out);
		}
	}
	return (xstrdup(reason));
}

/* signoff: someone left the hub. */
static void
client_event_signoff(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*reason = client_event_str(obj, PF_REASON);
	char		*why = client_event_reason(reason, "quit");

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!client_room_member_del(r, nick) &&
		    (!(r->flags & CROOM_DM) || strcmp(r->name, nick) != 0))
			continue;
		if (why == NULL)
			client_room_event(c, r, client_event_ts(obj),
			    _("%s quit"), nick);
		else
			client_room_event(c, r, client_event_ts(obj),
			    _("%s quit (%s)"), nick, why);
	}
	free(why);
	client_people_gone(c, nick);
}

/* lost: someone's connection dropped; they may come back. */
static void
client_event_lost(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick))
			client_room_event(c, r, client_event_ts(obj),
			    _("%s lost the connection"), nick);
	}
	client_people_lost(c, nick);	/* dimmed until back or gone */
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * back: someone resumed their session, said where their loss was (see
 * client_people_back).  With a room (one frame for each of theirs), they
 * are a member of it again after we saw them quit (a resume on another
 * hub, or their hub restarted): told in that room, and in the DM window
 * with them, which showed the quit, with the first.
 */
static void
client_event_back(struct client *c, cJSON *obj)
{
	struct croom	*r, *in = NULL, *dm;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*room = client_event_str(obj, PF_ROOM);
	int		 say, returned = 1, unseen = 0;

	if (proto_get_bool(obj, PF_UNSEEN, 0, &unseen) != 0)
		unseen = 0;
	if (*room != '\0') {
		TAILQ_FOREACH(r, &c->rooms, entry) {
			if (!(r->flags & CROOM_DM) &&
			    client_room_member_has(r, nick))
				returned = 0;
		}
		if ((in = client_room(c, room, 0)) != NULL &&
		    !client_room_member_has(in, nick))
			client_room_member_add(in, nick);
	}
	/* A loss we only knew from a room frame ends without a word. */
	say = client_people_back(c, nick, unseen);
	if ((say & CLIENT_BACK_ROOMS) && *room != '\0' && returned)
		say |= CLIENT_BACK_DM;
	if ((dm = client_room(c, nick, CLIENT_ROOM_DM)) != NULL &&
	    !(dm->flags & CROOM_DM))
		dm = NULL;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r->flags & CROOM_DM) {
			if (r != dm || !(say & CLIENT_BACK_DM))
				continue;
		} else if (!(say & CLIENT_BACK_ROOMS) || (*room == '\0' ?
		    !client_room_member_has(r, nick) : r != in))
			continue;
		client_room_event(c, r, client_event_ts(obj),
		    _("%s is back"), nick);
	}
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* renamed: a nick change (maybe ours). */
static void
client_event_renamed(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*old = client_event_str(obj, PF_OLD);
	const char	*nick = client_event_str(obj, PF_NICK);
	int		 self = strcmp(old, c->nick) == 0, shown = 0;

	if (self) {
		free(c->nick);
		c->nick = xstrdup(nick);
		client_hello_note_nick(c);	/* for the next start */
	}
	client_people_renamed(c, old, nick);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!self && client_room_rename_dm(c, r, old, nick)) {
			client_room_event(c, r, client_event_ts(obj),
			    _("%s is now known as %s"), old, nick);
			continue;
		}
		if (client_room_member_del(r, old)) {
			client_room_member_add(r, nick);
			if (self)
				client_room_own_event(c, r,
				    client_event_ts(obj),
				    _("you are now known as %s"), nick);
			else
				client_room_event(c, r, client_event_ts(obj),
				    _("%s is now known as %s"), old, nick);
			shown = 1;
		}
	}
	/* Said where it was typed too: a conversation has no member list. */
	if (self && (!shown || !client_room_member_has(c->current, nick)))
		client_room_own_event(c, c->current, client_event_ts(obj),
		    _("you are now known as %s"), nick);
}

/* topic_changed: a room's topic was set. */
static void
client_event_topic(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*topic = client_event_str(obj, PF_TOPIC);
	const char	*nick = client_event_str(obj, PF_NICK);
	char		*text;

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	free(r->topic);
	r->topic = client_room_unformat(topic);
	if (*topic == '\0')
		xasprintf(&text, _("%s cleared the topic"), nick);
	else
		xasprintf(&text, _("%s changed the topic to: %s"), nick, topic);
	/* The user's own topic is no news to them (see the read marker). */
	client_room_add(c, r, CLINE_EVENT, strcmp(nick, c->nick) == 0 ?
	    CLINE_SELF : 0, client_event_ts(obj), NULL, text);
	free(text);
}

/*
 * kicked: someone (maybe us) was removed from the hub.  When it is us the
 * hub closes the connection next: that loss is told with who and why, not
 * as a closed connection (see client_fail), and it is not retried, which
 * would only fight the operator.
 */
static void
client_event_kicked(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*by = client_event_str(obj, PF_BY);
	const char	*reason = client_event_str(obj, PF_REASON);
	char		*why = client_event_reason(reason, "kicked");
	char		*line, end[128];
	long long	 until = -1;
	int		 ban, told = 0;

	/* A ban removes with "banned", or "banned: " and its reason. */
	ban = strcmp(reason, "banned") == 0 ||
	    strncmp(reason, "banned: ", 8) == 0;
	if (ban) {
		free(why);
		why = *reason == '\0' || strcmp(reason, "banned") == 0 ||
		    strcmp(reason + 8, "banned") == 0 ? NULL :
		    xstrdup(reason + 8);
	}
	/* A ban's end: 0 for none; an older hub does not say it. */
	if (proto_get_int(obj, PF_UNTIL, 0, &until) != 0 || until < 0)
		until = -1;
	if (until > 0)
		fmt_until(until, end, sizeof end);
	if (ban && strcmp(nick, c->nick) == 0) {
		free(c->last_error);
		if (until > 0 && why != NULL)
			xasprintf(&c->last_error,
			    _("you were banned by %s until %s: %s"), by, end,
			    why);
		else if (until > 0)
			xasprintf(&c->last_error,
			    _("you were banned by %s until %s"), by, end);
		else if (until == 0 && why != NULL)
			xasprintf(&c->last_error,
			    _("you were banned by %s for good: %s"), by, why);
		else if (until == 0)
			xasprintf(&c->last_error,
			    _("you were banned by %s for good"), by);
		else if (why == NULL)
			xasprintf(&c->last_error, _("you were banned by %s"),
			    by);
		else
			xasprintf(&c->last_error,
			    _("you were banned by %s: %s"), by, why);
		free(why);
		client_notice(c, c->current, CLINE_ERROR, "%s", c->last_error);
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_KICKED;
		return;
	}
	if (strcmp(nick, c->nick) == 0) {
		free(c->last_error);
		if (why == NULL)
			xasprintf(&c->last_error, _("you were kicked by %s"),
			    by);
		else
			xasprintf(&c->last_error,
			    _("you were kicked by %s (%s)"), by, why);
		free(why);
		client_notice(c, c->current, CLINE_ERROR, "%s", c->last_error);
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_KICKED;
		return;
	}
	/* Others read the end too, as the user does; older hubs: none. */
	if (ban && until > 0 && why != NULL)
		xasprintf(&line, _("%s was banned by %s until %s: %s"), nick,
		    by, end, why);
	else if (ban && until > 0)
		xasprintf(&line, _("%s was banned by %s until %s"), nick, by,
		    end);
	else if (ban && until == 0 && why != NULL)
		xasprintf(&line, _("%s was banned by %s for good: %s"), nick,
		    by, why);
	else if (ban && until == 0)
		xasprintf(&line, _("%s was banned by %s for good"), nick, by);
	else if (ban && why == NULL)
		xasprintf(&line, _("%s was banned by %s"), nick, by);
	else if (ban)
		xasprintf(&line, _("%s was banned by %s: %s"), nick, by, why);
	else if (why == NULL)
		xasprintf(&line, _("%s was kicked by %s"), nick, by);
	else
		xasprintf(&line, _("%s was kicked by %s (%s)"), nick, by, why);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		/* The rooms, and the conversation with nick, as a quit. */
		if (!client_room_member_del(r, nick) &&
		    (!(r->flags & CROOM_DM) || strcmp(r->name, nick) != 0))
			continue;
		client_room_event(c, r, client_event_ts(obj), "%s", line);
		told = 1;
	}
	/*
	 * Our kick of a user we share no room with is confirmed here, as a
	 * ban is by its notice.
	 */
	if (!told && !ban && c->nick != NULL && strcmp(by, c->nick) == 0)
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	free(line);
	free(why);
	client_people_gone(c, nick);
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
	client_pong(c);
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

/*
 * Whether we are muted, and until when (ms, 0 for no end): the title says.
 * Which mute was told is kept across a reconnection (the welcome forgets
 * CLIENT_MUTED), to tell a reminder from a mute set while we were away.
 */
static void
client_event_muted(struct client *c, int muted, int64_t until)
{
	if (muted) {
		c->flags |= CLIENT_MUTED;
		c->muted_until = until;
	} else
		c->flags &= ~CLIENT_MUTED;
	c->mute_told = muted;
	c->mute_told_until = muted ? until : 0;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * muted, unmuted: to the operator, who; to the user it names, by whom
 * and until when (a hub that does not say by whom: as to the operator);
 * muted_until: to a user back while muted, the same.  The end is in local
 * time with what is left, as /bans says it; an older hub sends only the
 * duration or the end in UTC, shown as sent.  The operator's reason for a
 * mute, if any, comes after.
 */
static void
client_event_mute(struct client *c, cJSON *obj, const char *code,
    const char *subject)
{
	const char	*by = client_event_str(obj, PF_NICK);
	const char	*duration = client_event_str(obj, PF_TEXT);
	const char	*reason = client_event_str(obj, PF_REASON);
	int		 muted = strcmp(code, "unmuted") != 0;
	int		 type = CLINE_NOTICE, still = 0;
	long long	 until;
	char		*line, end[128];

	until = 0;	/* absent: an older hub, or a mute with no end */
	if (proto_get_int(obj, PF_UNTIL, 0, &until) != 0 || until < 0)
		until = 0;
	if (until > 0)
		fmt_until(until, end, sizeof end);
	/*
	 * A reminder of the mute we were told of, on coming back; not if it
	 * is another: a hub of a cluster that restarted cannot know whether
	 * a mute was set while it was down.
	 */
	if (proto_get_bool(obj, PF_STILL, 0, &still) != 0 || !c->mute_told ||
	    c->mute_told_until != until)
		still = 0;
	if (*by == '\0' || c->nick == NULL ||
	    strcmp(subject, c->nick) != 0) {
		if (muted && until > 0)
			xasprintf(&line, _("%s is muted until %s"), subject,
			    end);
		else if (muted && *duration != '\0')
			xasprintf(&line, _("%s is muted for %s"), subject,
			    duration);
		else if (muted)		/* said, so a slip shows */
			xasprintf(&line, _("%s is muted with no end: /unmute "
			    "lifts it"), subject);
		else
			xasprintf(&line, _("%s may speak again"), subject);
	} else if (!muted)
		xasprintf(&line, _("you may speak again (%s lifted your "
		    "mute)"), by);
	else if (still) {
		/* Told again on coming back: not a new mute. */
		type = CLINE_ERROR;
		if (until <= 0 && *duration != '\0')	/* older words */
			snprintf(end, sizeof end, "%s", duration);
		if ((until > 0 || *duration != '\0') && *reason != '\0')
			xasprintf(&line, _("you are still muted until %s (by "
			    "%s: %s)"), end, by, reason);
		else if (until > 0 || *duration != '\0')
			xasprintf(&line, _("you are still muted until %s (by "
			    "%s)"), end, by);
		else if (*reason != '\0')
			xasprintf(&line, _("you are still muted until %s "
			    "lifts it (%s)"), by, reason);
		else
			xasprintf(&line, _("you are still muted until %s "
			    "lifts it"), by);
		client_event_muted(c, 1, until);
	} else {
		type = CLINE_ERROR;
		if (until > 0)
			xasprintf(&line, _("%s muted you: you cannot speak "
			    "until %s"), by, end);
		else if (strcmp(code, "muted_until") == 0)
			xasprintf(&line, _("%s muted you until %s: you cannot "
			    "speak until then"), by, duration);
		else if (*duration != '\0')
			xasprintf(&line, _("%s muted you for %s: you cannot "
			    "speak until then"), by, duration);
		else
			xasprintf(&line, _("%s muted you: you cannot speak "
			    "until they lift it"), by);
		client_event_muted(c, 1, until);
	}
	/* Lifted on another hub of a cluster, it is told without by whom. */
	if (!muted && c->nick != NULL && strcmp(subject, c->nick) == 0)
		client_event_muted(c, 0, 0);
	if (muted && *reason != '\0' && !still)
		/* TRANSLATORS: a mute's notice, then the operator's reason. */
		client_notice(c, c->current, type, _("%s (reason: %s)"), line,
		    reason);
	else
		client_notice(c, c->current, type, "%s", line);
	free(line);
}

/*
 * Where a notice about our DMs to nick goes: its conversation, where the
 * messages are, if it is open; else the window in view.  With create, a
 * message the hub keeps (and shows next) opens a first conversation
 * now, so that the notice is in it, as for one the client had before.
 */
static struct croom *
client_event_dm_window(struct client *c, const char *nick, int create)
{
	struct croom	*r;

	r = client_room(c, nick, create ? CLIENT_ROOM_NEW_DM : CLIENT_ROOM_DM);
	if (r != NULL && (r->flags & CROOM_DM)) {
		if (create)
			client_room_open(c, r);
		return (r);
	}
	return (c->current);
}

/*
 * dm_held: a direct message to a lost user waits for their resume, for
 * at most the time the hub says (an older hub does not say).
 */
static void
client_event_dm_held(struct client *c, cJSON *obj, const char *subject)
{
	long long	secs = 0;
	char		span[64];

	if (proto_get_int(obj, PF_DURATION, 0, &secs) != 0 || secs <= 0) {
		client_notice(c, client_event_dm_window(c, subject, 1),
		    CLINE_NOTICE, _("%s lost the connection; the hub keeps "
		    "your message until they are back"), subject);
		return;
	}
	client_notice(c, client_event_dm_window(c, subject, 1), CLINE_NOTICE,
	    _("%s lost the connection; the hub keeps your message for up to "
	    "%s, until they are back"), subject,
	    fmt_duration(secs, span, sizeof span));
}

/*
 * banned: to the operator, what was banned and until when, in local time
 * as every end (an older hub sends the duration alone), then the reason,
 * as a mute's notice says it (older hubs do not send it).
 */
static void
client_event_banned(struct client *c, cJSON *obj, const char *subject)
{
	const char	*duration = client_event_str(obj, PF_TEXT);
	const char	*reason = client_event_str(obj, PF_REASON);
	long long	 until = 0;
	char		*line, end[128];

	if (proto_get_int(obj, PF_UNTIL, 0, &until) == 0 && until > 0)
		xasprintf(&line, _("%s is banned until %s"), subject,
		    fmt_until(until, end, sizeof end));
	else if (*duration != '\0')
		xasprintf(&line, _("%s is banned for %s"), subject, duration);
	else	/* said, so a slip shows */
		xasprintf(&line, _("%s is banned with no end: /unban lifts it"),
		    subject);
	if (*reason != '\0')
		client_notice(c, c->current, CLINE_NOTICE, _("%s (reason: %s)"),
		    line, reason);
	else
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	free(line);
}

/* notice: something the hub did for us, worded here. */
static void
client_event_notice(struct client *c, cJSON *obj)
{
	const char	*code = client_event_str(obj, PF_CODE);
	const char	*subject = client_event_str(obj, PF_SUBJECT);

	if (strcmp(code, "released") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the claim on %s was released"), subject);
	else if (strcmp(code, "password_set") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("IRC clients may now log in as %s with that password "
		    "(SASL PLAIN)"), subject);
	else if (strcmp(code, "password_cleared") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the IRC password of %s is deleted"), subject);
	else if (strcmp(code, "password_none") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s has no IRC password: nothing to delete"), subject);
	else if (strcmp(code, "banned") == 0)
		client_event_banned(c, obj, subject);
	else if (strcmp(code, "banned_elsewhere") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is on another hub of the cluster: bans and kicks "
		    "act on this hub only; ban them there too"), subject);
	else if (strcmp(code, "unbanned") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is no longer banned"), subject);
	else if (strcmp(code, "muted") == 0 ||
	    strcmp(code, "unmuted") == 0)
		client_event_mute(c, obj, code, subject);
	else if (strcmp(code, "muted_until") == 0)	/* back, muted */
		client_event_mute(c, obj, code, subject);
	else if (strcmp(code, "mute_ended") == 0) {
		client_notice(c, c->current, CLINE_NOTICE,
		    _("you may speak again: your mute ended"));
		client_event_muted(c, 0, 0);
	} else if (strcmp(code, "degraded") == 0)
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub lost contact with the other hubs (%s): only "
		    "users of this hub can be reached for now"), subject);
	else if (strcmp(code, "recovered") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the hub is back in contact with the other hubs (%s)"),
		    subject);
	else if (strcmp(code, "dm_held") == 0) {
		client_event_dm_held(c, obj, subject);
		client_people_tell(c, subject, 1);	/* "is back" said there */
	} else if (strcmp(code, "dm_full") == 0)
		client_notice(c, client_event_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s lost the connection and too many messages wait for "
		    "them already: yours was not kept"), subject);
	else if (strcmp(code, "away") == 0)
		client_people_away_notice(c, subject,
		    client_event_str(obj, PF_TEXT));
	else if (strcmp(code, "not_claimed") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is yours for this session only: the hub keeps no "
		    "more claims for your key or your address"), subject);
	else if (strcmp(code, "oper_lost") == 0)
		client_notice(c, c->current, CLINE_ERROR,
		    _("you are no longer an operator: /oper again"));
	else if (strcmp(code, "dm_expired") == 0)
		client_notice(c, client_event_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s did not come back; your messages to them were not "
		    "delivered"), subject);
	else if (strcmp(code, "dm_taken") == 0)
		client_notice(c, client_event_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s's connection ended and the nick was taken by someone "
		    "else; your messages to them were not delivered"), subject);
	else if (strcmp(code, "dm_unsure") == 0)
		client_notice(c, client_event_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s did not come back; your last messages to them may "
		    "not have been delivered"), subject);
	else if (strcmp(code, "invite") == 0 &&
	    !client_ignore_has(c, subject))
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s invites you to #%s (/join %s)"), subject,
		    client_event_str(obj, PF_ROOM),
		    client_event_str(obj, PF_ROOM));
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
