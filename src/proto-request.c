/* SPDX-License-Identifier: ISC */
/* proto-request.c: encode the requests a client sends the hub, one per kind. */

#include <sys/types.h>

#include <stdio.h>

#include "chatroom.h"
#include "proto.h"

/*
 * Each kind of request has an encoder that writes the fields of its frame
 * after "type" and "seq"; kinds of the same shape (a room, a reason,
 * nothing) share one.  The frames are those chatroom-protocol(7) lists,
 * field for field, in the order clients have always sent them.
 */
static void	proto_request_opt(struct jbuf *, const char *, const char *);
static void	proto_request_hello(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_text(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_msg(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_dm(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_join(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_create(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_room(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_leave(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_topic(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_nick(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_oper(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_password(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_kick(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_reason(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_ban(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_target(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_mute(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_away(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_invite(struct jbuf *,
		    const struct proto_request *);
static void	proto_request_none(struct jbuf *,
		    const struct proto_request *);

/* The encoder of each kind a client may send, indexed by frame type. */
static void (*const proto_request_table[PROTO_NTYPES])(struct jbuf *,
    const struct proto_request *) = {
	[PROTO_HELLO] = proto_request_hello,
	[PROTO_MSG] = proto_request_msg,
	[PROTO_DM] = proto_request_dm,
	[PROTO_JOIN] = proto_request_join,
	[PROTO_CREATE] = proto_request_create,
	[PROTO_LEAVE] = proto_request_leave,
	[PROTO_ROOMS] = proto_request_none,
	[PROTO_NAMES] = proto_request_room,
	[PROTO_TOPIC] = proto_request_topic,
	[PROTO_NICK] = proto_request_nick,
	[PROTO_OPER] = proto_request_oper,
	[PROTO_KICK] = proto_request_kick,
	[PROTO_SHUTDOWN] = proto_request_reason,
	[PROTO_PING] = proto_request_none,
	[PROTO_QUIT] = proto_request_reason,
	[PROTO_PONG] = proto_request_none,	/* the answer to a hub's ping */
	[PROTO_RELEASE] = proto_request_nick,
	[PROTO_BAN] = proto_request_ban,
	[PROTO_UNBAN] = proto_request_target,
	[PROTO_BANS] = proto_request_none,
	[PROTO_MUTE] = proto_request_mute,
	[PROTO_UNMUTE] = proto_request_nick,
	[PROTO_WHOIS] = proto_request_nick,
	[PROTO_AWAY] = proto_request_away,
	[PROTO_PASSWORD] = proto_request_password,
	[PROTO_INVITE] = proto_request_invite,
};

/*
 * Encode a request as one frame, ending in '\n'.  Returns -1 for a type no
 * client sends.
 */
int
proto_request_encode(struct jbuf *jb, const struct proto_request *req)
{
	if (req->type <= PROTO_UNKNOWN || req->type >= PROTO_NTYPES ||
	    proto_request_table[req->type] == NULL)
		return (-1);
	jbuf_begin(jb, req->type);
	if (req->seq != 0)
		jbuf_int(jb, PF_SEQ, req->seq);
	proto_request_table[req->type](jb, req);
	jbuf_end(jb);
	return (0);
}

/* Add a string field if it has a value. */
static void
proto_request_opt(struct jbuf *jb, const char *key, const char *value)
{
	if (value != NULL)
		jbuf_str(jb, key, value);
}

/* hello: the protocol version, a nick, and what proves or resumes it. */
static void
proto_request_hello(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_int(jb, PF_VERSION, PROTO_VERSION);
	jbuf_str(jb, PF_NICK, req->nick);
	if (req->token != NULL) {
		jbuf_str(jb, PF_TOKEN, req->token);
		jbuf_int(jb, PF_LAST_ID, req->last_id);
	}
	proto_request_opt(jb, PF_PUBKEY, req->key);
	proto_request_opt(jb, PF_SIG, req->sig);
	proto_request_opt(jb, PF_LEGACY, req->legacy);
	proto_request_opt(jb, PF_PASSWORD, req->password);
	proto_request_opt(jb, PF_CLIENT, req->client);
	if (req->takeover)
		jbuf_bool(jb, PF_TAKEOVER, 1);
}

/* The text of a message, and what it may carry besides. */
static void
proto_request_text(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_TEXT, req->text);
	if (req->action)
		jbuf_bool(jb, PF_ACTION, 1);
	if (req->image != NULL)
		jbuf_raw(jb, PF_IMAGE, req->image);
}

/* msg: text (or a picture) for a room. */
static void
proto_request_msg(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_ROOM, req->room);
	proto_request_text(jb, req);
}

/* dm: text (or a picture) for one user. */
static void
proto_request_dm(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_TO, req->to);
	proto_request_text(jb, req);
}

/* join: a room by name, or by its number in the room list. */
static void
proto_request_join(struct jbuf *jb, const struct proto_request *req)
{
	if (req->room != NULL)
		jbuf_str(jb, PF_ROOM, req->room);
	else
		jbuf_int(jb, PF_ROOM, req->number);
}

/* create: a room, maybe with its first topic. */
static void
proto_request_create(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_ROOM, req->room);
	proto_request_opt(jb, PF_TOPIC, req->topic);
}

/* leave, names: a room. */
static void
proto_request_room(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_ROOM, req->room);
}

/* leave: a room, and why (optional). */
static void
proto_request_leave(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_ROOM, req->room);
	proto_request_opt(jb, PF_REASON, req->reason);
}

/* topic: a room and its new topic ("" clears it). */
static void
proto_request_topic(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_ROOM, req->room);
	jbuf_str(jb, PF_TEXT, req->text);
}

/*
 * nick (and a legacy proof), unmute, whois: a nick; release: maybe a
 * nick.
 */
static void
proto_request_nick(struct jbuf *jb, const struct proto_request *req)
{
	proto_request_opt(jb, PF_NICK, req->nick);
	proto_request_opt(jb, PF_LEGACY, req->legacy);
}

/* oper: the operator password. */
static void
proto_request_oper(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_PASSWORD, req->password);
}

/* password: the nick's new password, or nothing to clear it. */
static void
proto_request_password(struct jbuf *jb, const struct proto_request *req)
{
	proto_request_opt(jb, PF_PASSWORD, req->password);
}

/* kick: a nick, maybe with a reason. */
static void
proto_request_kick(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_NICK, req->nick);
	proto_request_opt(jb, PF_REASON, req->reason);
}

/* quit, shutdown: maybe a reason. */
static void
proto_request_reason(struct jbuf *jb, const struct proto_request *req)
{
	proto_request_opt(jb, PF_REASON, req->reason);
}

/* ban: a nick or an address, maybe a duration, a reason and force. */
static void
proto_request_ban(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_TARGET, req->target);
	proto_request_opt(jb, PF_DURATION, req->duration);
	proto_request_opt(jb, PF_REASON, req->reason);
	if (req->force)
		jbuf_bool(jb, PF_FORCE, 1);
}

/* unban: a nick or an address. */
static void
proto_request_target(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_TARGET, req->target);
}

/* mute: a nick, maybe for a time, maybe with a reason, maybe forced. */
static void
proto_request_mute(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_NICK, req->nick);
	proto_request_opt(jb, PF_DURATION, req->duration);
	proto_request_opt(jb, PF_REASON, req->reason);
	if (req->force)
		jbuf_bool(jb, PF_FORCE, 1);
}

/* away: the away message, or nothing to be back. */
static void
proto_request_away(struct jbuf *jb, const struct proto_request *req)
{
	proto_request_opt(jb, PF_TEXT, req->text);
}

/* invite: a nick and the room it is asked into. */
static void
proto_request_invite(struct jbuf *jb, const struct proto_request *req)
{
	jbuf_str(jb, PF_NICK, req->nick);
	jbuf_str(jb, PF_ROOM, req->room);
}

/* rooms, bans, ping, pong: nothing but the type and seq. */
static void
proto_request_none(struct jbuf *jb, const struct proto_request *req)
{
}
