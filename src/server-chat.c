/* SPDX-License-Identifier: ISC */
/* server-chat.c: rooms and messages: msg, dm, join, create, leave, lists. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"
#include "image.h"

/*
 * The requests of a registered user about rooms and what is said in
 * them.  A room message goes to the backend, which numbers it and hands
 * it to room_say(); a direct message to a nick on this hub is delivered
 * here, one elsewhere goes through the backend.
 */
static struct room *server_chat_member_room(struct server_client *, cJSON *,
		    long long);
static int	server_chat_get_text(struct server_client *, cJSON *,
		    long long, const char **, int *, char **);
static int	server_chat_join_charge(struct server_client *, long long, int);
static int	server_chat_join_in(struct server_client *, struct room *,
		    long long, int);
static struct room *server_chat_new_room(struct server_client *, const char *,
		    const char *, long long);
static void	server_chat_tell_away(struct server_client *,
		    struct session *);
static void	server_chat_log(const char *, const char *, const char *,
		    int, int, const char *);
struct server_chat_list;
static void	server_chat_list_put(struct peer *, struct server_chat_list *,
		    struct hub_event *, int);
static void	server_chat_list_free(void *);
static int	server_chat_rooms_fill(struct peer *, size_t, void *);
static int	server_chat_names_fill(struct peer *, size_t, void *);
static int	server_chat_topic_often(struct server_client *, long long);

/* Find the room a request names and check the sender is in it. */
static struct room *
server_chat_member_room(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name;
	struct room	*room;

	if (server_client_need_str(c, obj, "room", seq, &name) != 0)
		return (NULL);
	if ((room = room_find(name)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
		    "no such room: %s", name);
		return (NULL);
	}
	if (!room_has(room, c->session)) {
		server_client_errorf(c, PERR_NOT_IN_ROOM, seq,
		    "you are not in #%s", room->name);
		return (NULL);
	}
	return (room);
}

/* Check text, an optional action flag and an optional image. */
static int
server_chat_get_text(struct server_client *c, cJSON *obj, long long seq,
    const char **text, int *kind, char **image)
{
	cJSON		*img;
	struct image	*parsed;
	int		 action = 0;
	enum proto_err	 err;
	char		*cause, *why;

	*image = NULL;
	if (proto_get_str(obj, "text", 1, text) != 0 ||
	    proto_get_bool(obj, "action", 0, &action) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"text\" must be a string", seq);
		return (-1);
	}
	*kind = action ? MSG_ACTION : MSG_TEXT;
	img = cJSON_GetObjectItemCaseSensitive(obj, "image");
	if (img != NULL) {
		/* Validate strictly and keep only the canonical form. */
		if ((parsed = image_from_json(img, &cause)) == NULL) {
			xasprintf(&why, "bad image: %s", cause);
			server_client_error(c, PERR_BAD_FIELD, why, seq);
			free(why);
			free(cause);
			return (-1);
		}
		*image = image_to_json(parsed);
		image_free(parsed);
		*kind = MSG_IMAGE;
		if (**text == '\0')
			*text = "image";
	}
	if (proto_check_text(*text, CR_TEXT_MAX, 1, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		free(*image);
		*image = NULL;
		return (-1);
	}
	return (0);
}

/*
 * Refuse to carry messages from a muted user, saying until when and why:
 * "you are muted until 2026-12-02 14:30 UTC: spam".  The reason alone
 * would read as an error of its own.
 */
int
server_chat_muted(struct server_client *c, long long seq)
{
	const struct hist_ban	*b;
	char			 end[64], *text;

	if ((b = ban_find(BAN_MUTE, c->session->nick)) == NULL)
		return (0);
	ban_end(b, end, sizeof end);
	xasprintf(&text, "you are muted%s%s%s%s", *end != '\0' ? " until " :
	    "", end, ban_reason(b) != NULL ? ": " : "",
	    ban_reason(b) != NULL ? ban_reason(b) : "");
	server_client_error_until(c, PERR_MUTED, text, seq, b->until);
	free(text);
	return (1);
}

/*
 * With --log-messages, log a message as it was taken, to a room or (room
 * NULL) to a nick: "lobby <bot> hi", "dm bot -> alice: hi"; an action
 * as IRC clients log it, "lobby * bot waves", "dm bot -> alice: * bot
 * waves"; a picture with its caption, "lobby <bot> [image] cat".  Only
 * what the hub accepted: a message it refuses was never said.
 */
static void
server_chat_log(const char *room, const char *nick, const char *to,
    int kind, int notice, const char *text)
{
	const char	*what = notice ? " (notice)" : "";
	const char	*pic = kind == MSG_IMAGE ? "[image] " : "";

	if (!server_options()->log_messages)
		return;
	if (room != NULL && kind == MSG_ACTION)
		log_info("%s * %s%s %s", room, nick, what, text);
	else if (room != NULL)
		log_info("%s <%s>%s %s%s", room, nick, what, pic, text);
	else if (kind == MSG_ACTION)
		log_info("dm %s -> %s:%s * %s %s", nick, to, what, nick, text);
	else
		log_info("dm %s -> %s:%s %s%s", nick, to, what, pic, text);
}

/* msg: a message to a room (or a notice), stored and fanned out. */
void
server_chat_msg(struct server_client *c, cJSON *obj, long long seq)
{
	struct room	*room;
	const char	*text;
	char		*image;
	int		 kind, notice = 0;

	if ((room = server_chat_member_room(c, obj, seq)) == NULL)
		return;
	if (server_chat_muted(c, seq))
		return;
	if (proto_get_bool(obj, PF_NOTICE, 0, &notice) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"notice\" must be a boolean", seq);
		return;
	}
	if (server_chat_get_text(c, obj, seq, &text, &kind, &image) != 0)
		return;
	metrics.received[kind]++;
	c->session->active = now_ms();
	if (!history_journal_accepting()) {
		/* It could not be kept: refused, not acknowledged and lost. */
		server_client_error(c, PERR_STORAGE, "the hub cannot store "
		    "messages now (its disk is full or failing): not sent",
		    seq);
	} else {
		/*
		 * The backend numbers it, then it is stored and delivered; a
		 * notice too, flagged (IRCv3 chathistory replays NOTICEs).
		 */
		server_chat_log(room->name, c->session->nick, NULL, kind,
		    notice, text);
		server_backend()->say(c, seq, room, now_ms(), notice ?
		    kind | MSG_NOTICE : kind, c->session->nick, text, image,
		    server_irc_ctags(c));
	}
	free(image);
}

/* dm: a direct message; only the two parties see it, it is never stored. */
void
server_chat_dm(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*to, *text, *line;
	struct session		*target;
	struct hub_event	 ev;
	struct server_event	 out;
	char			*image;
	int			 kind, remote, notice = 0;
	size_t			 len;

	if (server_client_need_str(c, obj, "to", seq, &to) != 0)
		return;
	if (proto_get_bool(obj, PF_NOTICE, 0, &notice) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"notice\" must be a boolean", seq);
		return;
	}
	target = session_find_nick(to);
	remote = target == NULL && server_backend()->remote();
	if (!remote && target == NULL && server_chat_unreachable(to)) {
		server_client_errorf(c, PERR_UNREACHABLE, seq, "%s is on "
		    "another hub, which cannot be reached now: not sent", to);
		return;
	}
	if (!remote && target == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", to);
		return;
	}
	if (!remote && target->client == NULL &&
	    !session_dm_room(target, c->session->nick)) {
		server_chat_dm_full(c, target->nick, seq);
		return;
	}
	if (server_chat_muted(c, seq))
		return;
	if (server_chat_get_text(c, obj, seq, &text, &kind, &image) != 0)
		return;
	metrics.received[METRICS_DM]++;
	c->session->active = now_ms();
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_DM;
	ev.id = remote ? 0 : server_backend()->dm_id(); /* 0: the backend's */
	ev.ts = now_ms();
	ev.nick = c->session->nick;
	ev.to = remote ? to : target->nick;
	ev.text = text;
	ev.action = kind == MSG_ACTION;
	ev.image = image;
	ev.notice = notice;
	ev.tags = server_irc_ctags(c);
	server_chat_log(NULL, c->session->nick, to, kind, notice, text);
	server_event_init(&out, &ev);
	if (remote)
		server_backend()->dm(c, seq, to, &ev);
	else {
		if (target->client == NULL) {
			/*
			 * Lost: kept for the resume (as JSON, what the file
			 * keeps; an IRC client gets it encoded then), and the
			 * sender told.
			 */
			line = server_event_bytes(&out, SERVER_CODEC_JSON,
			    &len);
			session_dm_hold(target, c->session->nick, NULL, NULL,
			    line, len);
			session_dm_tell_here(c->session, target->nick,
			    "dm_held", session_dm_held_secs(target));
		} else {
			server_event_send(&out, target);
			/* Its JSON frame, to send again if the loss comes. */
			line = server_event_bytes(&out, SERVER_CODEC_JSON,
			    &len);
			session_dm_note(target, c->session->nick, line, len);
			metrics.delivered[METRICS_DM]++;	/* connected */
		}
		/* The sender's copy (for IRC, with echo-message only). */
		if (target != c->session)
			server_event_send(&out, c->session);
		server_people_partner(c->session, target);
		server_chat_tell_away(c, target);
		server_client_ack(c, seq, ev.id);
	}
	server_event_free(&out);
	free(image);
}

/*
 * Is nick a user of another hub of the cluster that cannot be reached
 * now (the hub split from Redis)?  What the hub knows of them is the
 * rooms they share with its users, kept through a split.
 */
int
server_chat_unreachable(const char *nick)
{
	char	*key;
	int	 found;

	if (server_backend()->remote() || session_find_nick(nick) != NULL)
		return (0);
	key = utf8_casefold(nick);
	found = server_people_remote_member(NULL, key);
	free(key);
	return (found);
}

/*
 * A direct message refused: its receiver is lost and too many wait for
 * it already, in all or from this sender.  Said to a sender here as an error; one on another hub of
 * the cluster (whose message was acknowledged already) is told with a
 * notice in the same words.
 */
void
server_chat_dm_full(struct server_client *c, const char *nick,
    long long seq)
{
	server_client_errorf(c, PERR_DM_FULL, seq, "%s lost the connection "
	    "and too many messages wait for them already: yours was not "
	    "kept", nick);
}

/*
 * A direct message from another hub of the cluster (its JSON frame, from
 * a nick there) to a session here: kept as one from a user here is, held
 * for a lost session (the sender told) or noted to send again if the
 * connection it was passed to is lost unread.  The sender is told
 * it is held if flags has SERVER_DM_TELL (not when Redis held it: told
 * already), or that it was not kept when too many wait.  SERVER_DM_KEPT:
 * it was kept for the session (in Redis, or by the hub the session moved
 * from), so an IRC client without @time gets its time before it.  hub is the sender's (NULL: this
 * hub's, or not known), whose name is the sender's IRC host, now and
 * when it is held; host is the name it gave, if known (else the name it
 * gives now).
 */
void
server_chat_dm_in(struct session *s, const char *frame, size_t len,
    const char *from, const char *hub, const char *host, int flags)
{
	struct server_event	out;

	if (hub != NULL && host == NULL)
		host = cluster_hub_name(hub);
	if (s->client == NULL) {
		if (session_dm_hold(s, from, hub, host, frame, len) != 0) {
			log_info("dm %s -> %s: not kept (%u waiting)", from,
			    s->nick, s->ndms);
			session_dm_tell(s->nick, from, "dm_full", 0);
		} else if (flags & SERVER_DM_TELL)
			session_dm_tell(s->nick, from, "dm_held",
			    session_dm_held_secs(s));
		return;
	}
	if ((flags & SERVER_DM_KEPT) && s->client->irc != NULL)
		session_dm_irc(s, hub, host, frame, len);
	else {
		server_event_init_json(&out, frame, len);
		out.host = server_irc_origin(hub, host);
		server_event_send(&out, s);
		server_event_free(&out);
	}
	session_dm_note(s, from, frame, len);
	metrics.delivered[METRICS_DM]++;
}

/* The receiver of a DM is away: tell the sender, once per message. */
static void
server_chat_tell_away(struct server_client *c, struct session *target)
{
	const char	*away;

	if ((away = server_people_dm_away(c->session->nick, target)) != NULL)
		server_chat_away_notice(c, target->nick, away);
}

/*
 * Tell the sender of a DM that its receiver (nick, here or on another
 * hub) is away: a notice worded by the client (IRC's is 301).
 */
void
server_chat_away_notice(struct server_client *c, const char *nick,
    const char *away)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = "away";
	ev.subject = nick;
	ev.text = away;
	server_client_send_event(c, &ev);
}

/*
 * The backend carried a direct message to another hub (id non-zero), or
 * found no such nick anywhere.  The sender gets its copy with the id.
 */
void
server_chat_dm_done(struct server_client *c, const char *to,
    const char *frame, size_t len, long long seq, uint64_t id, int notice)
{
	/*
	 * IRC: the answer comes after the command (its target is not the
	 * command's any more), and a NOTICE gets no automatic reply.
	 */
	if (id == 0 && c->irc != NULL) {
		if (!notice)
			server_irc_numeric(c, "401", 2, to,
			    "No such nick/channel");
		return;
	}
	if (id == 0) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", to);
		return;
	}
	/* The sender's copy, with the id (JSON: IRC has no echo of it). */
	if (c->codec == SERVER_CODEC_JSON)
		server_client_write(c, frame, len);
	server_client_ack(c, seq, id);
}

/*
 * Take a join from the connection's join bucket: CR_JOIN_BURST at once
 * (every room a client may be in, and more), then one each
 * CR_JOIN_INTERVAL seconds.  Each join replays up to --replay messages
 * of up to 4000 characters, so a leave and join loop inside the request
 * flood allowance would cost the hub thousands of times what it costs
 * the client.  Several connections from one address would multiply
 * that: the address has a bucket too, CR_JOIN_ADDR_BURST at once with
 * the same refill (server_addr_join; operators are not counted, nor the
 * lobby's join at a login, which the address's login allowance counts).
 * Off with the flood control (--flood-rate 0).  0 if the join may go on;
 * else the client was told when.
 */
static int
server_chat_join_charge(struct server_client *c, long long seq, int login)
{
	int64_t	now = now_ms(), wait;
	int	secs;

	if (server_options()->flood_rate == 0)	/* no flood control */
		return (0);
	c->join_tokens += (double)(now - c->join_refilled) /
	    (CR_JOIN_INTERVAL * 1000.0);
	if (c->join_tokens > CR_JOIN_BURST)
		c->join_tokens = CR_JOIN_BURST;
	c->join_refilled = now;
	if (c->join_tokens < 1) {
		wait = (int64_t)((1 - c->join_tokens) * CR_JOIN_INTERVAL) + 1;
		metrics.flood_refusals++;
		server_client_errorf(c, PERR_FLOOD, seq, "too many joins: at "
		    "most %d at once, then one every %d s; try again in %lld s",
		    CR_JOIN_BURST, CR_JOIN_INTERVAL, (long long)wait);
		return (-1);
	}
	/* The connection's token is taken only if the address has one. */
	if (!login && !(c->session->flags & SESSION_OPER) &&
	    (secs = server_addr_join(c->ip->ip)) > 0) {
		metrics.address_limits[METRICS_LIMIT_JOIN]++;
		server_client_errorf(c, PERR_FLOOD, seq, "too many joins from "
		    "your address: at most %d at once, then one every %d s; "
		    "try again in %d s", CR_JOIN_ADDR_BURST, CR_JOIN_INTERVAL,
		    secs);
		return (-1);
	}
	c->join_tokens -= 1;
	return (0);
}

/*
 * Put the client in a room: announce, then send state and replay.  0 if
 * it joined; else it was told why.
 */
int
server_chat_join_room(struct server_client *c, struct room *room,
    long long seq)
{
	return (server_chat_join_in(c, room, seq, 0));
}

/* A new session joins the lobby (see server_chat_join_room). */
void
server_chat_join_lobby(struct server_client *c, struct room *lobby)
{
	server_chat_join_in(c, lobby, 0, 1);
}

/*
 * Put the client in a room (login: the lobby, as a new session logs
 * in); 0 if it joined, else it was told why.
 */
static int
server_chat_join_in(struct server_client *c, struct room *room,
    long long seq, int login)
{
	struct session		*s = c->session;
	struct hub_event	 ev;

	if (room_has(room, s)) {
		server_client_errorf(c, PERR_ALREADY_IN_ROOM, seq,
		    "you are already in #%s", room->name);
		return (-1);
	}
	if (s->nrooms >= CR_ROOMS_PER_CLIENT) {
		server_client_errorf(c, PERR_TOO_MANY_ROOMS, seq,
		    "you may be in at most %d rooms", CR_ROOMS_PER_CLIENT);
		return (-1);
	}
	if (server_chat_join_charge(c, seq, login) != 0)
		return (-1);
	if (room_add(room, s) != 0) {
		server_client_errorf(c, PERR_ROOM_FULL, seq, "%s is full",
		    room->name);
		return (-1);
	}
	log_info("%s joined %s", s->nick, room->name);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_JOINED;
	ev.room = room->name;
	ev.nick = s->nick;
	ev.ts = now_ms();
	ev.away = s->away;
	server_event_room(room, &ev, NULL);
	server_backend()->session(s);
	room_replay(room, s, server_options()->replay, 0);
	server_client_ack(c, seq, 0);
	return (0);
}

/* join: by name (created if missing) or by the number /rooms shows. */
void
server_chat_join(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name = NULL;
	long long	 n;
	struct room	*room;

	if (proto_get_int(obj, "room", 0, &n) == 0 && n <= CR_ROOM_NUMBER_MAX &&
	    cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, "room"))) {
		/* The number a room keeps while it lives, not a place. */
		if (n < 1 || (room = room_by_seq(n)) == NULL) {
			server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
			    "no room number %lld: gone, or never made", n);
			return;
		}
		server_chat_join_room(c, room, seq);
		return;
	}
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, "room"))) {
		server_client_error(c, PERR_BAD_FIELD, "\"room\" as a number "
		    "must be an integer from 1 to 9007199254740991", seq);
		return;
	}
	if (proto_get_str(obj, "room", 1, &name) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"room\" must be a name or a number", seq);
		return;
	}
	if ((room = room_find(name)) != NULL) {
		server_chat_join_room(c, room, seq);
		return;
	}
	if ((room = server_chat_new_room(c, name, "", seq)) != NULL &&
	    server_chat_join_room(c, room, seq) != 0)
		room_destroy(room);
}

/*
 * Create a room for a request, if the name is valid, the user may join
 * one more room, there is room on the hub and the user's address has not
 * made too many lately (operators are not counted).  The caller joins it
 * and destroys it if that fails.
 */
static struct room *
server_chat_new_room(struct server_client *c, const char *name,
    const char *topic, long long seq)
{
	struct room	*room;
	enum proto_err	 err;
	char		*cause;
	int		 wait;

	if (proto_check_room(name, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return (NULL);
	}
	if (c->session->nrooms >= CR_ROOMS_PER_CLIENT) {
		server_client_errorf(c, PERR_TOO_MANY_ROOMS, seq,
		    "you may be in at most %d rooms", CR_ROOMS_PER_CLIENT);
		return (NULL);
	}
	if (room_count() >= CR_ROOMS_MAX) {
		server_client_error(c, PERR_TOO_MANY_ROOMS,
		    "the hub has too many rooms", seq);
		return (NULL);
	}
	if (!(c->session->flags & SESSION_OPER) &&
	    (wait = server_addr_room(c->ip->ip)) > 0) {
		metrics.address_limits[METRICS_LIMIT_ROOM]++;
		server_client_errorf(c, PERR_ROOM_RATE, seq, "too many new "
		    "rooms from your address: the next in %d seconds", wait);
		return (NULL);
	}
	room = room_create(name, topic, now_ms());
	/* Its title was set by its creator, then. */
	room_set_topic(room, room->topic, c->session->nick, room->created);
	if (room->topic_by != NULL)
		history_journal_topic(room);
	server_mark_dirty();
	server_backend()->room_changed(room);
	return (room);
}

/*
 * create: a new room, which must not exist yet, with an optional topic (a
 * title the client made the name from); the creator joins it.
 */
void
server_chat_create(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name, *topic = NULL;
	struct room	*room;
	enum proto_err	 err;
	char		*cause;

	if (server_client_need_str(c, obj, "room", seq, &name) != 0)
		return;
	if (proto_get_str(obj, "topic", 0, &topic) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"topic\" must be a string", seq);
		return;
	}
	if (topic == NULL)
		topic = "";
	if (*topic != '\0' && proto_check_text(topic, CR_TOPIC_MAX, 0, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	if ((room = room_find(name)) != NULL) {
		server_client_errorf(c, PERR_ROOM_EXISTS, seq,
		    "the room #%s already exists", room->name);
		return;
	}
	if ((room = server_chat_new_room(c, name, topic, seq)) != NULL &&
	    server_chat_join_room(c, room, seq) != 0)
		room_destroy(room);
}

/*
 * leave: announce to the room (the leaver included), with the reason if
 * one fits and the leaver is not muted, then go.
 */
void
server_chat_leave(struct server_client *c, cJSON *obj, long long seq)
{
	struct room		*room;
	struct hub_event	 ev;
	const char		*reason = NULL;
	char			*flat = NULL;

	if ((room = server_chat_member_room(c, obj, seq)) == NULL)
		return;
	if (proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"reason\" must be a string", seq);
		return;
	}
	if (reason != NULL)
		reason = flat = proto_flatten(reason);
	if (reason != NULL && (*reason == '\0' ||
	    utf8_strlen(reason, strlen(reason)) > CR_REASON_MAX ||
	    ban_find(BAN_MUTE, c->session->nick) != NULL))
		reason = NULL;
	log_info("%s left %s", c->session->nick, room->name);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_LEFT;
	ev.room = room->name;
	ev.nick = c->session->nick;
	ev.ts = now_ms();
	ev.reason = reason;
	server_event_room(room, &ev, NULL);
	free(flat);
	room_remove(room, c->session);
	server_backend()->session(c->session);
	server_client_ack(c, seq, 0);
}

/*
 * A list on its way to one connection (the answer to rooms or names), in
 * pages of about what the connection's drain asks for: every page but
 * the last says "more", and the last carries the request's seq.  Each
 * page is made as the connection drains, from the rooms (or members, see
 * room_cursor_start) as they are then.
 */
struct server_chat_list {
	int			 codec;
	long long		 seq;
	char			*room;		/* names: the room */
	struct room_cursor	 cur;		/* names: its next member */
	char			**joined;	/* rooms: the asker's,
						   case-folded */
	u_int			 njoined;
	uint64_t		 next;		/* rooms: the seq to go on from */
};

/* Encode a page of a list for its connection and put it out. */
static void
server_chat_list_put(struct peer *peer, struct server_chat_list *l,
    struct hub_event *ev, int last)
{
	static struct jbuf	jb;	/* scratch; the loop's thread only */

	if (jb.buf == NULL)
		jbuf_init(&jb);
	ev->seq = last ? l->seq : 0;
	ev->more = !last;
	server_event_encode(l->codec, &jb, ev);
	metrics.sent_bytes += jb.len;
	peer_emit(peer, jb.buf, jb.len);
}

/* Free a list on its way. */
static void
server_chat_list_free(void *arg)
{
	struct server_chat_list	*l = arg;
	u_int			 i;

	for (i = 0; i < l->njoined; i++)
		free(l->joined[i]);
	free(l->joined);
	room_cursor_stop(&l->cur);
	free(l->room);
	free(l);
}

/* The next page of a rooms answer: rooms worth about size bytes. */
static int
server_chat_rooms_fill(struct peer *peer, size_t size, void *arg)
{
	struct server_chat_list	*l = arg;
	struct room		*room;
	struct hub_event	 ev;
	struct hub_room_entry	*rooms = NULL, *r;
	size_t			 i, put = 0;
	u_int			 j;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ROOMLIST;
	/*
	 * Go on from the room after the last one listed, by seq: rooms that
	 * went meanwhile are not counted, so none is skipped or repeated.
	 */
	room = room_from_seq(l->next);
	for (; room != NULL && put < size; room = TAILQ_NEXT(room, entry)) {
		rooms = xreallocarray(rooms, ev.nrooms + 1, sizeof *rooms);
		r = &rooms[ev.nrooms++];
		memset(r, 0, sizeof *r);
		r->n = room->seq;
		l->next = room->seq + 1;
		r->name = room->name;
		r->topic = room->topic;
		r->count = room_size(room);
		for (j = 0; j < l->njoined; j++) {
			if (strcmp(l->joined[j], room->key) == 0)
				r->joined = 1;
		}
		r->members = room_member_nicks(room, 50, &r->nmembers);
		put += 96 + strlen(room->name) + strlen(room->topic);
		for (i = 0; i < r->nmembers; i++)
			put += 4 + strlen(r->members[i]);
	}
	ev.rooms = rooms;
	server_chat_list_put(peer, l, &ev, room == NULL);
	for (i = 0; i < ev.nrooms; i++)
		free(rooms[i].members);
	free(rooms);
	return (room != NULL);
}

/* rooms: every room with its number, topic and (some) members. */
void
server_chat_rooms(struct server_client *c, cJSON *obj, long long seq)
{
	struct server_chat_list	*l;
	struct session		*s = c->session;
	u_int			 i;

	l = xcalloc(1, sizeof *l);
	l->codec = c->codec;
	l->seq = seq;
	l->next = 1;
	l->joined = xcalloc(s->nrooms + 1, sizeof *l->joined);
	for (i = 0; i < s->nrooms; i++)
		l->joined[l->njoined++] = xstrdup(s->rooms[i]->key);
	peer_add_source(c->peer, server_chat_rooms_fill,
	    server_chat_list_free, l);
}

/* The next page of a names answer: members worth about size bytes. */
static int
server_chat_names_fill(struct peer *peer, size_t size, void *arg)
{
	struct server_chat_list	*l = arg;
	struct hub_event	 ev;
	struct room_page	 pg;
	int			 more;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NAMELIST;
	ev.room = l->cur.room != NULL ? l->cur.room->name : l->room;
	more = room_cursor_page(&l->cur, size, &pg);
	ev.members = pg.nicks;
	ev.nmembers = pg.n;
	server_chat_list_put(peer, l, &ev, !more);
	free(pg.nicks);
	free(pg.away);
	free(pg.lost);
	return (more);
}

/* names: the members of one room. */
void
server_chat_names(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*name;
	struct room		*room;
	struct server_chat_list	*l;

	if (server_client_need_str(c, obj, "room", seq, &name) != 0)
		return;
	if ((room = room_find(name)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
		    "no such room: %s", name);
		return;
	}
	l = xcalloc(1, sizeof *l);
	l->codec = c->codec;
	l->seq = seq;
	l->room = xstrdup(room->name);
	room_cursor_start(&l->cur, room);
	peer_add_source(c->peer, server_chat_names_fill,
	    server_chat_list_free, l);
}

/*
 * Has this connection changed a topic CR_TOPIC_CHANGES times in the last
 * CR_TOPIC_CHANGE_SECS seconds?  Then refuse with flood, whose text says
 * when the next may come (263 over IRC): each change is a line on the
 * screen of every member of the room.  Otherwise recall this change in
 * place of the oldest and return 0.  As for nick changes, operators are
 * not exempt.
 */
static int
server_chat_topic_often(struct server_client *c, long long seq)
{
	return (server_client_flood_pace(c, c->topic_at, CR_TOPIC_CHANGES,
	    CR_TOPIC_CHANGE_SECS, "topic", seq));
}

/* topic: set a room's topic (an empty text clears it). */
void
server_chat_topic(struct server_client *c, cJSON *obj, long long seq)
{
	struct room		*room;
	const char		*text;
	struct hub_event	 ev;
	enum proto_err		 err;
	char			*cause;

	if ((room = server_chat_member_room(c, obj, seq)) == NULL)
		return;
	if (server_chat_muted(c, seq))
		return;
	if (server_client_need_str(c, obj, "text", seq, &text) != 0)
		return;
	if (*text != '\0' && proto_check_text(text, CR_TOPIC_MAX, 0, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	if (server_chat_topic_often(c, seq))
		return;
	room_set_topic(room, text, c->session->nick, now_ms());
	server_mark_dirty();
	history_journal_topic(room);
	log_info("%s set the topic of %s: %s", c->session->nick, room->name,
	    text);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_TOPIC_CHANGED;
	ev.room = room->name;
	ev.nick = c->session->nick;
	ev.text = room->topic;
	ev.ts = now_ms();
	server_event_room(room, &ev, NULL);
	server_backend()->room_changed(room);	/* the topic, elsewhere too */
	server_client_ack(c, seq, 0);
}
