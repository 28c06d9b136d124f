/* SPDX-License-Identifier: ISC */
/* proto-event.c: the JSON codec: one encoder per kind of hub frame. */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

/*
 * The hub says what happened as a struct hub_event; this file spells it
 * in the wire protocol, one typed encoder per frame kind, with the field
 * names of proto.h.  The hub, the cluster and the error path of peer.c
 * all encode through here.  Another codec (IRC) would be another table of
 * encoders over the same events.
 */
typedef void	(*proto_event_fn)(struct jbuf *, const struct hub_event *);

static void	proto_event_msg(struct jbuf *, const struct hub_event *);
static void	proto_event_dm(struct jbuf *, const struct hub_event *);
static void	proto_event_welcome(struct jbuf *, const struct hub_event *);
static void	proto_event_error(struct jbuf *, const struct hub_event *);
static void	proto_event_ack(struct jbuf *, const struct hub_event *);
static void	proto_event_seq(struct jbuf *, const struct hub_event *);
static void	proto_event_room(struct jbuf *, const struct hub_event *);
static void	proto_event_room_members(struct jbuf *,
		    const struct hub_event *);
static void	proto_event_history_end(struct jbuf *,
		    const struct hub_event *);
static void	proto_event_namelist(struct jbuf *, const struct hub_event *);
static void	proto_event_joined(struct jbuf *, const struct hub_event *);
static void	proto_event_left(struct jbuf *, const struct hub_event *);
static void	proto_event_signoff(struct jbuf *, const struct hub_event *);
static void	proto_event_presence(struct jbuf *,
		    const struct hub_event *);
static void	proto_event_renamed(struct jbuf *, const struct hub_event *);
static void	proto_event_topic(struct jbuf *, const struct hub_event *);
static void	proto_event_kicked(struct jbuf *, const struct hub_event *);
static void	proto_event_opered(struct jbuf *, const struct hub_event *);
static void	proto_event_bye(struct jbuf *, const struct hub_event *);
static void	proto_event_motd(struct jbuf *, const struct hub_event *);
static void	proto_event_notice(struct jbuf *, const struct hub_event *);
static void	proto_event_challenge(struct jbuf *,
		    const struct hub_event *);
static void	proto_event_userinfo(struct jbuf *,
		    const struct hub_event *);
static void	proto_event_away(struct jbuf *, const struct hub_event *);
static void	proto_event_members(struct jbuf *, const char *,
		    const char **, size_t);
static void	proto_event_roomlist(struct jbuf *, const struct hub_event *);
static void	proto_event_banlist(struct jbuf *, const struct hub_event *);

/* The encoders, by frame type; hub frames only. */
static const proto_event_fn proto_event_encoders[PROTO_NTYPES] = {
	[PROTO_MSG] = proto_event_msg,
	[PROTO_DM] = proto_event_dm,
	[PROTO_PING] = proto_event_seq,
	[PROTO_WELCOME] = proto_event_welcome,
	[PROTO_ERROR] = proto_event_error,
	[PROTO_ACK] = proto_event_ack,
	[PROTO_PONG] = proto_event_seq,
	[PROTO_ROOM] = proto_event_room,
	[PROTO_HISTORY_END] = proto_event_history_end,
	[PROTO_ROOMLIST] = proto_event_roomlist,
	[PROTO_NAMELIST] = proto_event_namelist,
	[PROTO_BANLIST] = proto_event_banlist,
	[PROTO_JOINED] = proto_event_joined,
	[PROTO_LEFT] = proto_event_left,
	[PROTO_SIGNOFF] = proto_event_signoff,
	[PROTO_LOST] = proto_event_presence,
	[PROTO_BACK] = proto_event_presence,
	[PROTO_RENAMED] = proto_event_renamed,
	[PROTO_TOPIC_CHANGED] = proto_event_topic,
	[PROTO_KICKED] = proto_event_kicked,
	[PROTO_OPERED] = proto_event_opered,
	[PROTO_BYE] = proto_event_bye,
	[PROTO_MOTD] = proto_event_motd,
	[PROTO_NOTICE] = proto_event_notice,
	[PROTO_CHALLENGE] = proto_event_challenge,
	[PROTO_USERINFO] = proto_event_userinfo,
	[PROTO_AWAY_CHANGED] = proto_event_away,
	[PROTO_ROOM_MEMBERS] = proto_event_room_members,
};

/* Encode an event as one JSON frame, ending in '\n'. */
void
proto_event_encode(struct jbuf *jb, const struct hub_event *ev)
{
	if (ev->type <= PROTO_UNKNOWN || ev->type >= PROTO_NTYPES ||
	    proto_event_encoders[ev->type] == NULL)
		fatalx("no encoder for a %s event", proto_type_name(ev->type));
	jbuf_begin(jb, ev->type);
	proto_event_encoders[ev->type](jb, ev);
	jbuf_end(jb);
}

/* The text of a message, with its action flag and image. */
static void
proto_event_text(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_TEXT, ev->text);
	if (ev->action)
		jbuf_bool(jb, PF_ACTION, 1);
	if (ev->notice)
		jbuf_bool(jb, PF_NOTICE, 1);
	if (ev->image != NULL)
		jbuf_raw(jb, PF_IMAGE, ev->image);
}

/*
 * msg: a room message.  Where its id ends is noted, so that a frame made
 * with id 0 can be cut there, for Redis to put the id in (cluster mode).
 */
static void
proto_event_msg(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_int(jb, PF_ID, (long long)ev->id);
	jb->idend = jb->len;
	jbuf_int(jb, PF_TS, ev->ts);
	jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_NICK, ev->nick);
	proto_event_text(jb, ev);
}

/* dm: a direct message; where its id ends is noted, as in msg. */
static void
proto_event_dm(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_int(jb, PF_ID, (long long)ev->id);
	jb->idend = jb->len;
	jbuf_int(jb, PF_TS, ev->ts);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_str(jb, PF_TO, ev->to);
	proto_event_text(jb, ev);
}

/* welcome: the user is in; its nick, token and the hub's limits. */
static void
proto_event_welcome(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_int(jb, PF_VERSION, PROTO_VERSION);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_str(jb, PF_TOKEN, ev->token);
	jbuf_bool(jb, PF_RESUMED, ev->resumed);
	jbuf_str(jb, PF_HUB, ev->text);
	jbuf_int(jb, PF_RESUME, ev->count);
	jbuf_bool(jb, PF_REPLAY_EXACT, ev->exact);
	if (!ev->exact && ev->exact_rooms)
		jbuf_bool(jb, PF_REPLAY_ROOMS, 1);
	if (ev->new_session)	/* not one taken over: in #lobby alone */
		jbuf_bool(jb, PF_NEW_SESSION, 1);
	if (ev->ts != 0)	/* the owner of a claimed nick is back */
		jbuf_int(jb, PF_LAST_SEEN, ev->ts);
	if (ev->cluster != NULL)	/* one of a cluster's hubs */
		jbuf_str(jb, PF_CLUSTER, ev->cluster);
	jbuf_object_begin(jb, PF_LIMITS);
	jbuf_int(jb, PF_LINE, CR_LINE_MAX);
	jbuf_int(jb, PF_IMAGE_LINE, CR_IMAGE_LINE_MAX);
	jbuf_int(jb, PF_TEXT, CR_TEXT_MAX);
	jbuf_int(jb, PF_NICK, CR_NICK_MAX);
	jbuf_int(jb, PF_ROOM, CR_ROOM_MAX);
	jbuf_int(jb, PF_TOPIC, CR_TOPIC_MAX);
	jbuf_int(jb, PF_ROOMS, CR_ROOMS_PER_CLIENT);
	jbuf_object_end(jb);
}

/* error: a code, a detail in English, and the request's seq. */
static void
proto_event_error(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_CODE, ev->code);
	jbuf_str(jb, PF_DETAIL, ev->text);
	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
	if (ev->subject != NULL)	/* a takeover: by whom, and when */
		jbuf_str(jb, PF_FROM, ev->subject);
	if (ev->ts != 0)
		jbuf_int(jb, PF_TS, ev->ts);
	if (ev->until > 0)	/* muted, banned: when it ends */
		jbuf_int(jb, PF_UNTIL, ev->until);
}

/* ack: a request is done; a stored or sent message's id. */
static void
proto_event_ack(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_int(jb, PF_SEQ, ev->seq);
	if (ev->id != 0)
		jbuf_int(jb, PF_ID, (long long)ev->id);
}

/* ping and pong: only a seq, if any. */
static void
proto_event_seq(struct jbuf *jb, const struct hub_event *ev)
{
	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
}

/* Nicks (the members of a room, rooms) as an array. */
static void
proto_event_members(struct jbuf *jb, const char *key, const char **members,
    size_t n)
{
	size_t	i;

	jbuf_array_begin(jb, key);
	for (i = 0; i < n; i++)
		jbuf_array_str(jb, members[i]);
	jbuf_array_end(jb);
}

/* roomlist: every room with its number, topic and some members. */
static void
proto_event_roomlist(struct jbuf *jb, const struct hub_event *ev)
{
	const struct hub_room_entry	*r;
	size_t				 i;

	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
	jbuf_array_begin(jb, PF_ROOMS);
	for (i = 0; i < ev->nrooms; i++) {
		r = &ev->rooms[i];
		jbuf_object_begin(jb, NULL);
		jbuf_int(jb, PF_N, r->n);
		jbuf_str(jb, PF_NAME, r->name);
		jbuf_str(jb, PF_TOPIC, r->topic);
		jbuf_int(jb, PF_COUNT, r->count);
		jbuf_bool(jb, PF_JOINED, r->joined);
		proto_event_members(jb, PF_MEMBERS, r->members, r->nmembers);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
	if (ev->more)
		jbuf_bool(jb, PF_MORE, 1);
}

/* banlist: the bans and mutes in force. */
static void
proto_event_banlist(struct jbuf *jb, const struct hub_event *ev)
{
	const struct hub_ban_entry	*b;
	size_t				 i;

	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
	jbuf_array_begin(jb, PF_BANS);
	for (i = 0; i < ev->nbans; i++) {
		b = &ev->bans[i];
		jbuf_object_begin(jb, NULL);
		jbuf_str(jb, PF_KIND, b->kind);
		jbuf_str(jb, PF_TARGET, b->target);
		jbuf_int(jb, PF_UNTIL, b->until);
		jbuf_str(jb, PF_REASON, b->reason);
		jbuf_str(jb, PF_BY, b->by);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
}

/*
 * room: a room's state before its replay of count messages; with more,
 * its first members only, the others in room_members frames.
 */
static void
proto_event_room(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_TOPIC, ev->text);
	proto_event_members(jb, PF_MEMBERS, ev->members, ev->nmembers);
	if (ev->naway > 0)
		proto_event_members(jb, PF_AWAY, ev->away_members, ev->naway);
	if (ev->nlost > 0)
		proto_event_members(jb, PF_LOST, ev->lost_members, ev->nlost);
	jbuf_int(jb, PF_HISTORY, ev->count);
	if (ev->resumed)
		jbuf_bool(jb, PF_RESUMED, 1);
	if (ev->gap)		/* it no longer has some that were missed */
		jbuf_bool(jb, PF_GAP, 1);
	if (ev->gap && ev->missed > 0)
		jbuf_int(jb, PF_MISSED, ev->missed);
	if (ev->more)
		jbuf_bool(jb, PF_MORE, 1);
}

/* room_members: the next page of a room's members, after its room frame. */
static void
proto_event_room_members(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
	proto_event_members(jb, PF_MEMBERS, ev->members, ev->nmembers);
	if (ev->naway > 0)
		proto_event_members(jb, PF_AWAY, ev->away_members, ev->naway);
	if (ev->nlost > 0)
		proto_event_members(jb, PF_LOST, ev->lost_members, ev->nlost);
	if (ev->more)
		jbuf_bool(jb, PF_MORE, 1);
}

/* history_end: the replay of a room is over. */
static void
proto_event_history_end(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
}

/* namelist: the members of one room. */
static void
proto_event_namelist(struct jbuf *jb, const struct hub_event *ev)
{
	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
	jbuf_str(jb, PF_ROOM, ev->room);
	proto_event_members(jb, PF_MEMBERS, ev->members, ev->nmembers);
	if (ev->more)
		jbuf_bool(jb, PF_MORE, 1);
}

/* joined: a user joined a room, maybe away. */
static void
proto_event_joined(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_int(jb, PF_TS, ev->ts);
	if (ev->away != NULL)
		jbuf_str(jb, PF_AWAY, ev->away);
}

/* left: a user left a room. */
static void
proto_event_left(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_int(jb, PF_TS, ev->ts);
	if (ev->reason != NULL)
		jbuf_str(jb, PF_REASON, ev->reason);
}

/* signoff: a user left the hub. */
static void
proto_event_signoff(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_int(jb, PF_TS, ev->ts);
	if (ev->reason != NULL)
		jbuf_str(jb, PF_REASON, ev->reason);
}

/* lost and back: a user's connection went, or came back. */
static void
proto_event_presence(struct jbuf *jb, const struct hub_event *ev)
{
	if (ev->room != NULL)	/* back in a new session: where */
		jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_NICK, ev->nick);
	if (ev->unseen)		/* nobody was told it was lost */
		jbuf_bool(jb, PF_UNSEEN, 1);
	jbuf_int(jb, PF_TS, ev->ts);
}

/* renamed: a user changed nick. */
static void
proto_event_renamed(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_OLD, ev->old);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_int(jb, PF_TS, ev->ts);
}

/* topic_changed: who set a room's topic to what. */
static void
proto_event_topic(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_ROOM, ev->room);
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_str(jb, PF_TOPIC, ev->text);
	jbuf_int(jb, PF_TS, ev->ts);
}

/* kicked: an operator removed a user from the hub. */
static void
proto_event_kicked(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_str(jb, PF_BY, ev->by);
	jbuf_int(jb, PF_TS, ev->ts);
	if (ev->reason != NULL)
		jbuf_str(jb, PF_REASON, ev->reason);
	if (ev->until != 0)	/* a ban: its end, 0 for none */
		jbuf_int(jb, PF_UNTIL, ev->until > 0 ? ev->until : 0);
}

/* opered: the user is an operator now. */
static void
proto_event_opered(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_NICK, ev->nick);
}

/* bye: the hub is going away. */
static void
proto_event_bye(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_REASON, ev->reason);
}

/* motd: the message of the day. */
static void
proto_event_motd(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_TEXT, ev->text);
}

/* notice: hub information, by code; the client words it. */
static void
proto_event_notice(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_CODE, ev->code);
	jbuf_str(jb, PF_SUBJECT, ev->subject);
	if (ev->text != NULL)	/* away: the message */
		jbuf_str(jb, PF_TEXT, ev->text);
	if (ev->room != NULL)	/* invite: the room */
		jbuf_str(jb, PF_ROOM, ev->room);
	if (ev->nick != NULL)	/* muted, unmuted: the operator */
		jbuf_str(jb, PF_NICK, ev->nick);
	if (ev->reason != NULL)	/* muted, muted_until, banned: the why */
		jbuf_str(jb, PF_REASON, ev->reason);
	if (ev->secs > 0)	/* dm_held: how long it may wait */
		jbuf_int(jb, PF_DURATION, ev->secs);
	if (ev->until > 0)	/* muted, muted_until, banned: the end */
		jbuf_int(jb, PF_UNTIL, ev->until);
	if (ev->still)		/* muted, muted_until: told again */
		jbuf_bool(jb, PF_STILL, 1);
}

/* challenge: what the client signs in its hello, with the protocol. */
static void
proto_event_challenge(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_int(jb, PF_VERSION, PROTO_VERSION);
	jbuf_str(jb, PF_NONCE, ev->token);
}

/*
 * userinfo: the answer to whois; the address only for operators, and
 * what is false or empty left out.
 */
static void
proto_event_userinfo(struct jbuf *jb, const struct hub_event *ev)
{
	const struct hub_whois	*w = ev->whois;

	if (ev->seq > 0)
		jbuf_int(jb, PF_SEQ, ev->seq);
	jbuf_str(jb, PF_NICK, w->nick);
	jbuf_int(jb, PF_SINCE, w->since);
	jbuf_int(jb, PF_IDLE, w->idle);
	proto_event_members(jb, PF_ROOMS, w->rooms, w->nrooms);
	jbuf_bool(jb, PF_CLAIMED, w->claimed);
	if (w->claimed)
		jbuf_str(jb, PF_CLAIM, w->by_password ? "password" : "key");
	if (w->away != NULL)
		jbuf_str(jb, PF_AWAY, w->away);
	if (w->address != NULL)
		jbuf_str(jb, PF_ADDRESS, w->address);
	if (w->lost)
		jbuf_bool(jb, PF_LOST, 1);
	if (w->oper)
		jbuf_bool(jb, PF_OPER, 1);
}

/* away_changed: a user went away (with a message) or came back. */
static void
proto_event_away(struct jbuf *jb, const struct hub_event *ev)
{
	jbuf_str(jb, PF_NICK, ev->nick);
	jbuf_int(jb, PF_TS, ev->ts);
	if (ev->text != NULL)
		jbuf_str(jb, PF_TEXT, ev->text);
}
