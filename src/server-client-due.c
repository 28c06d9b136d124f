/* SPDX-License-Identifier: ISC */
/* server-client-due.c: a hub connection's deadlines: handshake, pings. */

#include <sys/types.h>

#include <event2/event.h>
#include <stdio.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * Deadlines without an event each (its 144 bytes were near a tenth of
 * what an idle connection cost the hub): a connection waits on the
 * handshake's queue until its handshake deadline, then on the
 * keepalive's, checked every ping timeout / 4.  All on a queue wait as
 * long, so adding at the end keeps it in the order of its deadlines, and
 * one timer for each queue's head is enough.  A reload that changes a
 * timeout brings every later deadline forward to one bound, which keeps
 * that order (server_client_due_retime).
 */
TAILQ_HEAD(server_client_dues, server_client);
static struct server_client_dues server_client_hello_q =
    TAILQ_HEAD_INITIALIZER(server_client_hello_q);
static struct server_client_dues server_client_keep_q =
    TAILQ_HEAD_INITIALIZER(server_client_keep_q);
static struct event	*server_client_hello_ev;
static struct event	*server_client_keep_ev;

static void	server_client_due_arm(int);
static void	server_client_due_cb(evutil_socket_t, short, void *);
static void	server_client_due_check(struct server_client *, int64_t);

/* Queue a connection's next check, after ms: the handshake's or not. */
void
server_client_due(struct server_client *c, int hello, int64_t ms)
{
	struct server_client_dues	*q;

	q = hello ? &server_client_hello_q : &server_client_keep_q;
	c->due = mono_ms() + ms;
	TAILQ_INSERT_TAIL(q, c, due_entry);
	c->flags |= SC_DUE;
	if (hello)
		c->flags |= SC_DUE_HELLO;
	if (TAILQ_FIRST(q) == c)
		server_client_due_arm(hello);
}

/*
 * A connection logged in: from the handshake's queue to the keepalive's,
 * so that its first check is a ping timeout / 4 away, not at the
 * handshake deadline (with --ping-timeout at or under that deadline, a
 * quiet client was dropped there without ever being pinged).
 */
void
server_client_due_registered(struct server_client *c)
{
	int	timeout = server_options()->ping_timeout;

	if (!(c->flags & SC_DUE_HELLO))
		return;
	server_client_due_remove(c);
	server_client_due(c, 0, (timeout / 4 > 0 ? timeout / 4 : 1) * 1000LL);
}

/*
 * The timeouts changed (a reload): bring each queued check forward to no
 * later than the new interval from now, so that a shorter timeout holds
 * from each connection's next check; a longer one holds once the check
 * queued with the old one has run.  Each queue stays in order, as every
 * deadline past one bound is moved to that bound.
 */
void
server_client_due_retime(void)
{
	struct server_opts	*o = server_options();
	struct server_client	*c;
	int64_t			 now = mono_ms(), bound;
	int			 timeout = o->ping_timeout;

	bound = now + o->handshake_timeout * 1000LL;
	TAILQ_FOREACH(c, &server_client_hello_q, due_entry) {
		if (c->due > bound)
			c->due = bound;
	}
	server_client_due_arm(1);
	bound = now + (timeout / 4 > 0 ? timeout / 4 : 1) * 1000LL;
	TAILQ_FOREACH(c, &server_client_keep_q, due_entry) {
		if (c->due > bound)
			c->due = bound;
	}
	server_client_due_arm(0);
}

/*
 * Take a connection off its queue.  Its timer stays: when it fires it
 * finds the next head, or nothing.
 */
void
server_client_due_remove(struct server_client *c)
{
	if (!(c->flags & SC_DUE))
		return;
	if (c->flags & SC_DUE_HELLO)
		TAILQ_REMOVE(&server_client_hello_q, c, due_entry);
	else
		TAILQ_REMOVE(&server_client_keep_q, c, due_entry);
	c->flags &= ~(SC_DUE | SC_DUE_HELLO);
}

/* Set a queue's timer for its head's deadline. */
static void
server_client_due_arm(int hello)
{
	struct server_client_dues	*q;
	struct server_client		*c;
	struct event			**ev;
	struct timeval			 tv;
	int64_t				 ms;

	q = hello ? &server_client_hello_q : &server_client_keep_q;
	ev = hello ? &server_client_hello_ev : &server_client_keep_ev;
	if ((c = TAILQ_FIRST(q)) == NULL)
		return;
	if (*ev == NULL)
		*ev = evtimer_new(server_base(), server_client_due_cb, q);
	ms = c->due - mono_ms();
	if (ms < 0)
		ms = 0;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(*ev, &tv);
}

/* A queue's head is due: check every connection whose deadline came. */
static void
server_client_due_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client_dues	*q = arg;
	struct server_client		*c;
	int64_t				 now = mono_ms();

	while ((c = TAILQ_FIRST(q)) != NULL && c->due <= now) {
		server_client_due_remove(c);
		server_client_due_check(c, now - c->due);
	}
	server_client_due_arm(q == &server_client_hello_q);
}

/*
 * Handshake deadline, keepalive pings and the ping timeout.  A check late
 * by a whole interval means the hub itself stood still (stopped, swapped
 * out, on a paused machine): what its clients sent meanwhile waits
 * unread, so none is dropped for that silence; each is pinged, and the
 * next check judges.
 */
static void
server_client_due_check(struct server_client *c, int64_t late)
{
	int		 timeout = server_options()->ping_timeout;
	int64_t		 idle = mono_ms() - c->last_input;
	int64_t		 every = (timeout / 4 > 0 ? timeout / 4 : 1) * 1000LL;
	struct hub_event ev;
	char		 why[64];

	/* Closing (maybe lingering, peer_linger): its end comes by itself. */
	if (peer_dead(c->peer))
		return;
	if (c->session == NULL && peer_tls_pending(c->peer)) {
		/* No TLS, no way to say why: close now, not after a linger. */
		metrics.handshake_failures[METRICS_HS_TLS]++;
		if (!(c->flags & SC_UNLOGGED))
			log_info("%s: closing: handshake timeout", c->addr);
		peer_fail(c->peer, "handshake timeout");
		return;
	}
	if (c->session == NULL) {
		metrics.handshake_failures[METRICS_HS_TIMEOUT]++;
		server_client_error(c, PERR_NOT_REGISTERED,
		    "no hello within the handshake deadline", 0);
		server_client_drop(c, "handshake timeout");
		return;
	}
	if (idle >= (int64_t)timeout * 1000 && late < every) {
		/* Worded as IRC servers do; the session ends with it. */
		snprintf(why, sizeof why, "Ping timeout: %d seconds", timeout);
		log_info("%s: %s", c->addr, why);
		if (!peer_dead(c->peer))
			c->flags |= SC_PINGOUT;
		peer_fail(c->peer, why);
		return;
	}
	if (idle >= (int64_t)timeout * 500 && !(c->flags & SC_PINGED)) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_PING;
		server_client_send_event(c, &ev);
		c->flags |= SC_PINGED;
	}
	/* Still there if the ping overflowed (server_client_write). */
	server_client_due(c, 0, every);
}

/* The last connection is gone: free the queues' timers. */
void
server_client_due_free(void)
{
	if (server_client_hello_ev != NULL)
		event_free(server_client_hello_ev);
	if (server_client_keep_ev != NULL)
		event_free(server_client_keep_ev);
	server_client_hello_ev = server_client_keep_ev = NULL;
}
