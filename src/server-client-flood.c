/* SPDX-License-Identifier: ISC */
/* server-client-flood.c: a hub connection's flood control and held input. */

#include <sys/types.h>

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

static void	server_client_flood_arm(struct server_client *);
static void	server_client_flood_refuse(struct server_client *, long long);
static void	server_client_flood_cb(evutil_socket_t, short, void *);
static void	server_client_flood_release(struct server_client *);
static void	server_client_flood_ask_cb(evutil_socket_t, short, void *);

/*
 * Flood control for a request of another codec (IRC), which parses and
 * dispatches it itself: behind a hello with the backend, behind held
 * requests (even one that costs nothing, so answers keep their order)
 * or beyond the bucket, it is held back or refused.  A quit waits
 * behind the others.  0: carry it out now.
 */
int
server_client_flood_gate(struct server_client *c, const char *line, size_t len,
    u_int cost, int released, int quit)
{
	if (released)
		return (0);
	if (c->flags & (SC_WAITING|SC_ASKING)) {
		server_client_flood_hold(c, line, len, quit ? -1 : 0);
		return (1);
	}
	if (c->session == NULL)
		return (0);
	if (quit && c->nheld > 0) {
		server_client_flood_hold(c, line, len, -1);
		return (1);
	}
	if (c->nheld > 0 || (cost > 0 && server_options()->flood_rate > 0 &&
	    !server_client_flood_take(c, cost))) {
		server_client_flood_hold(c, line, len, 0);
		return (1);
	}
	return (0);
}

/* Charge a line that is no request (another codec's); 0: answer it. */
int
server_client_flood_charge(struct server_client *c)
{
	return (server_client_flood_charge_invalid(c, 0));
}

/* Take tokens from the bucket, refilling it for the time passed. */
int
server_client_flood_take(struct server_client *c, u_int cost)
{
	struct server_opts	*o = server_options();
	int64_t			 now = mono_ms();

	c->tokens += (now - c->refilled) * o->flood_rate / 1000.0;
	if (c->tokens >= o->flood_burst) {
		c->tokens = o->flood_burst;
		c->strikes = 0;		/* quiet long enough: a clean slate */
	}
	c->refilled = now;
	if (c->tokens < cost)
		return (0);
	c->tokens -= cost;
	return (1);
}

/*
 * A frame that is not a request (bad JSON or UTF-8, an unknown type, a
 * request before hello) costs a token like one, so that a stream of them
 * is answered no faster than requests and, once the bucket is empty,
 * refused as a flood.  Return 0 if the caller should answer it.
 */
int
server_client_flood_charge_invalid(struct server_client *c, long long seq)
{
	if (server_options()->flood_rate == 0 ||
	    server_client_flood_take(c, 1))
		return (0);
	server_client_flood_refuse(c, seq);
	return (-1);
}

/* Refuse a request beyond the flood limit; too many refusals: a drop. */
static void
server_client_flood_refuse(struct server_client *c, long long seq)
{
	struct hub_event	ev;

	server_client_error(c, PERR_FLOOD, "slow down: too many requests, "
	    "this one was refused", seq);
	metrics.flood_refusals++;
	if (++c->strikes >= CR_FLOOD_STRIKES) {
		metrics.flood_drops++;
		log_info("%s: excess flood", c->addr);
		if (c->irc != NULL) {
			/* IRC clients expect ERROR before the close. */
			memset(&ev, 0, sizeof ev);
			ev.type = PROTO_BYE;
			ev.reason = "Excess Flood";
			server_client_send_event(c, &ev);
		} else {
			/* A last frame that says the session is over. */
			server_client_error(c, PERR_EXCESS_FLOOD, "excess "
			    "flood: too many requests refused; the connection "
			    "is closed and the session ended", 0);
		}
		server_client_kill(c, "excess flood");
		server_client_drop(c, "excess flood");
	}
}

/* Arm the timer for when the next token is due. */
static void
server_client_flood_arm(struct server_client *c)
{
	struct timeval	tv;
	double		wait;

	/* A reload may have turned flood control off: release them now. */
	if (server_options()->flood_rate == 0)
		wait = 0;
	else
		wait = (1 - c->tokens) / server_options()->flood_rate;
	if (wait < 0.001)
		wait = 0.001;
	tv.tv_sec = (time_t)wait;
	tv.tv_usec = (suseconds_t)((wait - tv.tv_sec) * 1000000);
	evtimer_add(c->flood, &tv);
}

/*
 * Hold a request back until the bucket refills, or refuse it.  A seq of -1
 * marks a quit, which always waits behind the others.
 */
void
server_client_flood_hold(struct server_client *c, const char *line, size_t len,
    long long seq)
{
	struct server_client_held	*h;

	if (seq != -1 && (c->nheld >= CR_FLOOD_QUEUE ||
	    c->heldbytes + len > CR_FLOOD_QUEUE_BYTES)) {
		server_client_flood_refuse(c, seq);
		return;
	}
	h = xmalloc(sizeof *h);
	h->line = xstrndup(line, len);
	h->len = len;
	TAILQ_INSERT_TAIL(&c->held, h, entry);
	c->nheld++;
	c->heldbytes += len;
	if (c->flood == NULL)
		c->flood = evtimer_new(server_base(), server_client_flood_cb,
		c);
	/* Else released after the hello, or the look-up. */
	if (!(c->flags & (SC_WAITING|SC_ASKING)) &&
	    !evtimer_pending(c->flood, NULL))
		server_client_flood_arm(c);
}

/*
 * The backend answered the hello: requests sent behind it are carried
 * out from the next loop pass on.
 */
void
server_client_flood_unwait(struct server_client *c)
{
	c->flags &= ~SC_WAITING;
	server_client_flood_release(c);
}

/*
 * A command's reply waits for the backend (a look-up in the cluster):
 * what the connection sends next is held until it comes, so that
 * replies keep the order of the commands, as IRC clients match them.
 * The wait is bounded: a backend that never answers delays, but does not
 * stop, the connection.  The answer gives back what this returns.
 */
u_int
server_client_flood_ask(struct server_client *c)
{
	struct timeval	tv = { CR_ASK_WAIT, 0 };

	c->asking++;
	c->flags |= SC_ASKING;
	if (c->ask == NULL)
		c->ask = evtimer_new(server_base(),
		    server_client_flood_ask_cb, c);
	if (!evtimer_pending(c->ask, NULL))
		evtimer_add(c->ask, &tv);
	return (c->ask_gen);
}

/*
 * A look-up of server_client_flood_ask answered, its reply sent: after the
 * last, what was held is carried out from the next loop pass on.  One
 * that answers after the wait was given up (gen is older) counts for
 * nothing.
 */
void
server_client_flood_answered(struct server_client *c, u_int gen)
{
	if (gen != c->ask_gen || c->asking == 0 || --c->asking > 0)
		return;
	c->flags &= ~SC_ASKING;
	evtimer_del(c->ask);
	server_client_flood_release(c);
}

/* The backend took too long: carry on without its answers. */
static void
server_client_flood_ask_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client	*c = arg;

	log_info("%s: no answer from the cluster in %d seconds, input "
	    "goes on", c->addr, CR_ASK_WAIT);
	c->asking = 0;
	c->ask_gen++;
	c->flags &= ~SC_ASKING;
	server_client_flood_release(c);
}

/* Carry out held requests from the next loop pass on, if any. */
static void
server_client_flood_release(struct server_client *c)
{
	struct timeval	now = { 0, 0 };

	if (c->nheld == 0 || (c->flags & (SC_WAITING|SC_ASKING)))
		return;
	if (c->flood == NULL)
		c->flood = evtimer_new(server_base(), server_client_flood_cb,
		    c);
	if (!evtimer_pending(c->flood, NULL))
		evtimer_add(c->flood, &now);
}

/* Carry out held requests as tokens come back. */
static void
server_client_flood_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client	*c = arg;
	struct server_client_held	*h;

	while ((h = TAILQ_FIRST(&c->held)) != NULL && !peer_dead(c->peer)) {
		if (c->flags & SC_ASKING)
			return;	/* released when the answer comes */
		if (server_options()->flood_rate > 0 &&
		    !server_client_flood_take(c, 1))
			break;
		TAILQ_REMOVE(&c->held, h, entry);
		c->nheld--;
		c->heldbytes -= h->len;
		server_client_input(c, h->line, h->len, 1);
		free(h->line);
		free(h);
	}
	if (c->nheld == 0)
		c->strikes = 0;
	else if (!peer_dead(c->peer))
		server_client_flood_arm(c);
}

/*
 * Pace changes of one kind (what: "nick", "topic") on a connection to n
 * in secs seconds, at[] the times of the last n (mono ms, 0 if none):
 * each is a line on the screen of everyone who sees it.  Too soon:
 * refuse with flood, saying when the next may come, and return 1.  Else
 * recall this change in place of the oldest and return 0.  Off with
 * flood control (--flood-rate 0).
 */
int
server_client_flood_pace(struct server_client *c, int64_t *at, u_int n,
    int secs, const char *what, long long seq)
{
	int64_t	now = mono_ms(), wait;
	u_int	i, old = 0;

	if (server_options()->flood_rate == 0)
		return (0);
	for (i = 1; i < n; i++) {
		if (at[i] < at[old])
			old = i;
	}
	if (at[old] != 0 && now - at[old] < secs * 1000LL) {
		wait = (at[old] + secs * 1000LL - now + 999) / 1000;
		server_client_errorf(c, PERR_FLOOD, seq, "%s changed %u times "
		    "in %d seconds: the next in %lld seconds", what, n, secs,
		    (long long)wait);
		return (1);
	}
	at[old] = now != 0 ? now : 1;
	return (0);
}
