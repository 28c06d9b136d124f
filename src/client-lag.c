/* SPDX-License-Identifier: ISC */
/* client-lag.c: keepalive, lag shown, and a silent hub given up. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	client_lag_arm(struct client *, int64_t);
static void	client_lag_cb(evutil_socket_t, short, void *);

/*
 * Connected, or the user trusted the hub: a handshake that gets no answer
 * (TLS, or a welcome after the hello) would wait for ever, so the hub has
 * lag_max seconds from now or from its last line (see client_lag_tick).
 */
void
client_lag_handshake(struct client *c)
{
	c->wait_ms = mono_ms();
	client_lag_arm(c, c->lag_max * 1000LL);
}

/* Answer the hub's keepalive. */
void
client_lag_pong(struct client *c)
{
	struct proto_request	req;

	memset(&req, 0, sizeof req);
	req.type = PROTO_PONG;
	client_send(c, &req, 0, NULL);
}

/*
 * Keepalive.  A hub that stops answering without closing the connection
 * (stopped, or cut off by a network that sends no reset) would go
 * unnoticed for as long as TCP takes, many minutes: the client pings a
 * hub silent for lag_idle seconds, shows the wait for an answer (to the
 * ping or to any request) once it reaches lag_show seconds, and at
 * lag_max seconds gives the connection up, to reconnect and resume as
 * after any loss.  Any line from the hub ends the wait.  The limits are
 * the CLIENT_LAG_* constants; for tests only, CHATROOM_TEST_LAG set to
 * "IDLE,SHOW,MAX" (seconds) shortens them.  Here: the timer and the
 * limits of a new client.
 */
void
client_lag_init(struct client *c, struct event_base *base)
{
	const char	*s;
	int		 idle, show, max;

	c->lag_timer = evtimer_new(base, client_lag_cb, c);
	c->lag_idle = CLIENT_LAG_IDLE;
	c->lag_show = CLIENT_LAG_SHOW;
	c->lag_max = CLIENT_LAG_MAX;
	if ((s = getenv("CHATROOM_TEST_LAG")) == NULL ||
	    sscanf(s, "%d,%d,%d", &idle, &show, &max) != 3 ||
	    idle < 1 || show < 1 || max <= show)
		return;
	c->lag_idle = idle;
	c->lag_show = show;
	c->lag_max = max;
}

/*
 * Take the keepalive limits of the client's configuration file, for the
 * terminal client and --batch alike: LAG_PING seconds of silence before a
 * ping, LAG_GIVE_UP seconds without an answer before the connection (or
 * a login) is given up.  A value out of range is reported and the default
 * kept; CHATROOM_TEST_LAG, for tests, wins.
 */
void
client_lag_limits(struct client *c, struct target *tg)
{
	static const struct {
		const char	*key;
		long long	 min;
	} keys[] = { { "LAG_PING", 5 }, { "LAG_GIVE_UP", 10 } };
	const char	*v;
	long long	 n;
	u_int		 i;

	if (getenv("CHATROOM_TEST_LAG") != NULL)
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		v = config_get(tg->settings, tg->nsettings, keys[i].key);
		if (v == NULL)
			continue;
		if (parse_number(v, keys[i].min, CLIENT_LAG_LIMIT, &n) != 0) {
			config_problem(tg, keys[i].key, _("%s: invalid value "
			    "'%s' (expected an integer from %lld to %lld)"),
			    keys[i].key, v, keys[i].min,
			    (long long)CLIENT_LAG_LIMIT);
			continue;
		}
		if (i == 0)
			c->lag_idle = n;
		else
			c->lag_max = n;
	}
}

/* Ask the kernel to probe an idle connection too, as a backstop. */
void
client_lag_keepalive(int fd)
{
	int	on = 1;
#ifdef TCP_KEEPIDLE
	int	idle = CLIENT_TCP_IDLE, intvl = CLIENT_TCP_INTERVAL;
	int	cnt = CLIENT_TCP_COUNT;
#endif

	/* Failures only lose the backstop: ignored. */
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
#ifdef TCP_KEEPIDLE
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl,
	    sizeof intvl);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
#endif
}

/* Run the keepalive timer in ms. */
static void
client_lag_arm(struct client *c, int64_t ms)
{
	struct timeval	tv;

	if (ms < 1)
		ms = 1;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(c->lag_timer, &tv);
	c->lag_due = mono_ms() + ms;
}

/* Logged in: the hub was just heard, start counting. */
void
client_lag_start(struct client *c)
{
	c->heard_ms = mono_ms();
	c->wait_ms = 0;
	c->lag = 0;
	client_lag_arm(c, c->lag_idle * 1000LL);
}

/* The connection is going: no more keepalive, no lag to show. */
void
client_lag_stop(struct client *c)
{
	evtimer_del(c->lag_timer);
	c->wait_ms = 0;
	c->lag = 0;
}

/*
 * A line from the hub: it is alive, so any wait and lag are over; but the
 * end of a resume's replay is still awaited (see client_inflight_welcome),
 * from now on.
 */
void
client_lag_heard(struct client *c)
{
	c->heard_ms = mono_ms();
	if (c->wait_ms == 0 || c->state != CLIENT_READY)
		return;
	c->wait_ms = (c->flags & CLIENT_RECONCILE) ? c->heard_ms : 0;
	if (c->lag != 0) {
		c->lag = 0;
		if (c->ui->state != NULL)
			c->ui->state(c);
	}
}

/* A request went out that the hub answers: wait for a line from it. */
void
client_lag_wait(struct client *c)
{
	if (c->wait_ms != 0 || c->state != CLIENT_READY)
		return;
	c->wait_ms = mono_ms();
	client_lag_arm(c, c->lag_show * 1000LL);
}

/* The keepalive timer. */
static void
client_lag_cb(evutil_socket_t fd, short what, void *arg)
{
	client_lag_tick(arg);
}

/*
 * Ping a hub silent for too long; while a line from it is awaited, keep
 * the lag shown up to date, second by second, and give the connection
 * up once it is too long.  The timer is not moved for each line from
 * the hub: one that came since it was set is seen here, and the timer
 * set again for the rest.  Much
 * later than due, it is this client that stood still (stopped, or the
 * machine slept), not the hub, and what the hub sent meanwhile may not
 * have been read yet: the wait starts again.  Before the login, give up
 * a handshake (TLS, then challenge, hello and welcome) when the hub has
 * said nothing for lag_max seconds.
 */
void
client_lag_tick(struct client *c)
{
	struct proto_request	 req;
	int64_t			 now = mono_ms(), idle, waited, since;
	char			*why;
	int			 lag;

	if (c->peer == NULL || (c->flags & CLIENT_QUITTING))
		return;
	if (c->state == CLIENT_HANDSHAKE) {
		if (c->fingerprint != NULL)
			return;	/* the user is asked: client_tls_trust */
		since = c->heard_ms > c->wait_ms ? c->heard_ms : c->wait_ms;
		if (now - since < c->lag_max * 1000LL) {
			client_lag_arm(c, c->lag_max * 1000LL - (now - since));
			return;
		}
		/* No greeting: told as client_timer_cb tells it. */
		if (!(c->flags & CLIENT_CHALLENGED))
			c->flags |= CLIENT_SILENT;
		goto lost;
	}
	if (c->state != CLIENT_READY)
		return;
	if (c->heard_ms > now)		/* a test's frozen clock went back */
		c->heard_ms = now;
	if (c->wait_ms > now ||
	    (c->wait_ms != 0 && now - c->lag_due > c->lag_show * 1000LL))
		c->wait_ms = now;
	if (c->wait_ms == 0) {
		idle = now - c->heard_ms;
		if (idle < c->lag_idle * 1000LL) {
			client_lag_arm(c, c->lag_idle * 1000LL - idle);
			return;
		}
		memset(&req, 0, sizeof req);
		req.type = PROTO_PING;
		if (client_send(c, &req, 0, NULL) != 0)
			return;		/* the connection is failing */
		c->wait_ms = now;
		client_lag_arm(c, c->lag_show * 1000LL);
		return;
	}
	waited = now - c->wait_ms;
	if (waited >= c->lag_max * 1000LL) {
lost:
		xasprintf(&why, ngettext("the hub did not answer for %d second",
		    "the hub did not answer for %d seconds", c->lag_max),
		    c->lag_max);
		peer_fail(c->peer, why);
		free(why);
		return;
	}
	lag = waited >= c->lag_show * 1000LL ? (int)(waited / 1000) : 0;
	if (lag != c->lag) {
		c->lag = lag;
		if (lag > 0)
			client_send_late_show(c);
		if (c->ui->state != NULL)
			c->ui->state(c);
	}
	if (lag == 0)
		client_lag_arm(c, c->lag_show * 1000LL - waited);
	else
		client_lag_arm(c, 1000 - waited % 1000);
}
