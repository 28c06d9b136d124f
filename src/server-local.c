/* SPDX-License-Identifier: ISC */
/* server-local.c: the backend of a hub alone: every answer is known here. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * A single hub decides every request at once: a nick is free if no
 * session here holds it, ids come from the hub's own counter, and there
 * is nobody to tell about events.  The cluster backend uses these same
 * functions while it is split from Redis.
 */
static void	server_local_hello(struct server_client *, const char *,
		    const char *, const char *, long long, long long);
static void	server_local_nick(struct server_client *, struct session *,
		    const char *, long long, u_int);
static void	server_local_say(struct server_client *, long long,
		    struct room *, int64_t, int, const char *, const char *,
		    const char *, const char *);
static int	server_local_remote(void);
static void	server_local_dm(struct server_client *, long long,
		    const char *, const struct hub_event *);
static void	server_local_room_event(struct room *, const char *, size_t);
static void	server_local_peers_event(struct session *, const char *,
		    size_t);
static void	server_local_room(struct room *);
static void	server_local_session(struct session *);
static void	server_local_forget(struct server_client *);
static const char *server_local_degraded(void);
static void	server_local_shutdown(void);
static int	server_local_busy(void);

const struct server_backend server_local_backend = {
	.name = "local",
	.hello = server_local_hello,
	.nick = server_local_nick,
	.say = server_local_say,
	.remote = server_local_remote,
	.dm = server_local_dm,
	.dm_id = server_next_id,
	.room_event = server_local_room_event,
	.peers_event = server_local_peers_event,
	.room_changed = server_local_room,
	.session = server_local_session,
	.session_gone = server_local_session,
	.resumed = server_local_session,
	.forget = server_local_forget,
	.degraded = server_local_degraded,
	.shutdown = server_local_shutdown,
	.busy = server_local_busy,
};

/* A hello whose nick passed the hub's checks is a new session. */
static void
server_local_hello(struct server_client *c, const char *nick,
    const char *token, const char *pubkey, long long last_id, long long seq)
{
	struct server_hello	h;

	memset(&h, 0, sizeof h);
	h.result = HELLO_OK;
	h.nick = (char *)nick;
	h.pubkey = (char *)pubkey;
	h.last_id = last_id;
	h.seq = seq;
	server_login_hello_done(c, &h);
}

/* A nick free on this hub is free. */
static void
server_local_nick(struct server_client *c, struct session *s,
    const char *nick, long long seq, u_int gen)
{
	server_login_nick_done(c, 1, nick, seq, gen);
}

/*
 * Number the message, acknowledge it, then store and deliver it (with
 * its IRC client tags, which are delivered but not kept).
 */
static void
server_local_say(struct server_client *c, long long seq, struct room *room,
    int64_t ts, int kind, const char *nick, const char *text,
    const char *image, const char *tags)
{
	struct message	*m;

	m = message_new(server_next_id(), ts, kind, room->name, nick, text,
	    image);
	if (tags != NULL)
		m->tags = xstrdup(tags);
	server_client_ack(c, seq, m->id);
	room_say(room, m);
	free(m->tags);		/* delivered: replays do not carry them */
	m->tags = NULL;
	message_unref(m);
}

/* There are no other hubs. */
static int
server_local_remote(void)
{
	return (0);
}

/* Nobody elsewhere holds the nick. */
static void
server_local_dm(struct server_client *c, long long seq, const char *to,
    const struct hub_event *ev)
{
	server_chat_dm_done(c, to, NULL, 0, seq, 0, ev->notice);
}

/* Nobody else to tell about a room's event. */
static void
server_local_room_event(struct room *room, const char *frame, size_t len)
{
}

/* Nobody else to tell about a user's event. */
static void
server_local_peers_event(struct session *s, const char *frame, size_t len)
{
}

/* Rooms are kept only here. */
static void
server_local_room(struct room *room)
{
}

/* Sessions are kept only here. */
static void
server_local_session(struct session *s)
{
}

/* Nothing waits for an answer. */
static void
server_local_forget(struct server_client *c)
{
}

/* Never split from anything. */
static const char *
server_local_degraded(void)
{
	return (NULL);
}

/* Nobody else to tell. */
static void
server_local_shutdown(void)
{
}

/* Never busy at exit. */
static int
server_local_busy(void)
{
	return (0);
}
