/* SPDX-License-Identifier: ISC */
/* copyloop.c: a copy-only fan-out server, the ceiling the hub is measured against. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Every complete line a connection sends is written, unchanged, to every
 * connection of its group, the sender included.  No parsing, no state beyond
 * the group: this is what one core can do with libevent bufferevents and
 * nothing else, so the hub's figures are read against it.  A connection is
 * in group 0 until its first line is "G NAME", which moves it to the group
 * of that name without being copied (so rooms can be compared too).
 */
#define COPY_GROUPS	1024

struct conn {
	struct bufferevent	*bev;
	int			 group;
	int			 slot;		/* index in its group */
	int			 named;		/* "G" line seen or refused */
};

struct group {
	char		*name;
	struct conn	**conns;
	int		  n;
	int		  size;
};

static struct group	 copy_groups[COPY_GROUPS];
static int		 copy_ngroups = 1;

static void	copy_join(struct conn *, int);
static void	copy_leave(struct conn *);
static int	copy_group(const char *, size_t);
static void	copy_read_cb(struct bufferevent *, void *);
static void	copy_event_cb(struct bufferevent *, short, void *);
static void	copy_accept_cb(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	copy_signal_cb(evutil_socket_t, short, void *);

/* Put a connection in a group. */
static void
copy_join(struct conn *c, int g)
{
	struct group	*gr = &copy_groups[g];

	if (gr->n == gr->size) {
		gr->size = gr->size == 0 ? 64 : gr->size * 2;
		gr->conns = realloc(gr->conns, gr->size * sizeof *gr->conns);
		if (gr->conns == NULL)
			abort();
	}
	c->group = g;
	c->slot = gr->n;
	gr->conns[gr->n++] = c;
}

/* Take a connection out of its group (order does not matter). */
static void
copy_leave(struct conn *c)
{
	struct group	*gr = &copy_groups[c->group];

	gr->conns[c->slot] = gr->conns[--gr->n];
	gr->conns[c->slot]->slot = c->slot;
}

/* Find or make the group of a name. */
static int
copy_group(const char *name, size_t len)
{
	int	i;

	for (i = 1; i < copy_ngroups; i++) {
		if (strlen(copy_groups[i].name) == len &&
		    memcmp(copy_groups[i].name, name, len) == 0)
			return (i);
	}
	if (copy_ngroups == COPY_GROUPS)
		return (0);
	copy_groups[copy_ngroups].name = strndup(name, len);
	return (copy_ngroups++);
}

/* Copy every complete line to the whole group in one piece. */
static void
copy_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 p;
	struct group		*gr;
	size_t			 len, eol;
	char			*data;
	int			 i;

	if (!c->named) {
		p = evbuffer_search_eol(in, NULL, &eol, EVBUFFER_EOL_LF);
		if (p.pos < 0)
			return;
		c->named = 1;
		data = (char *)evbuffer_pullup(in, p.pos + 1);
		if (p.pos >= 2 && data[0] == 'G' && data[1] == ' ') {
			copy_leave(c);
			copy_join(c, copy_group(data + 2, p.pos - 2));
			evbuffer_drain(in, p.pos + 1);
		}
	}

	/* Everything up to the last newline. */
	len = evbuffer_get_length(in);
	if (len == 0)
		return;
	data = (char *)evbuffer_pullup(in, len);
	while (len > 0 && data[len - 1] != '\n')
		len--;
	if (len == 0)
		return;
	gr = &copy_groups[c->group];
	for (i = 0; i < gr->n; i++)
		bufferevent_write(gr->conns[i]->bev, data, len);
	evbuffer_drain(in, len);
}

/* End of file or an error: forget the connection. */
static void
copy_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		copy_leave(c);
		bufferevent_free(bev);
		free(c);
	}
}

/* A new connection joins group 0. */
static void
copy_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct event_base	*base = arg;
	struct conn		*c;
	int			 one = 1;

	if ((c = calloc(1, sizeof *c)) == NULL) {
		close(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->bev, copy_read_cb, NULL, copy_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	copy_join(c, 0);
}

/* SIGINT or SIGTERM. */
static void
copy_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopexit(arg, NULL);
}

int
main(int argc, char **argv)
{
	struct event_config	*cfg;
	struct event_base	*base;
	struct evconnlistener	*l;
	struct event		*sigint, *sigterm;
	struct sockaddr_in	 sin;
	int			 changelist = 1, port;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		changelist = 0;	/* a plain base: epoll_ctl around writes */
		argv++;
		argc--;
	}
	if (argc != 2 || (port = atoi(argv[1])) <= 0 || port > 65535) {
		fprintf(stderr, "usage: copyloop [-n] PORT\n");
		return (1);
	}
	signal(SIGPIPE, SIG_IGN);
	cfg = event_config_new();
	if (changelist)
		event_config_set_flag(cfg,
		    EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = evconnlistener_new_bind(base, copy_accept_cb, base,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 1024,
	    (struct sockaddr *)&sin, sizeof sin);
	if (l == NULL) {
		perror("copyloop: listen");
		return (1);
	}
	sigint = evsignal_new(base, SIGINT, copy_signal_cb, base);
	sigterm = evsignal_new(base, SIGTERM, copy_signal_cb, base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	fprintf(stderr, "copyloop ready on 127.0.0.1:%d\n", port);
	event_base_dispatch(base);
	evconnlistener_free(l);
	event_free(sigint);
	event_free(sigterm);
	event_base_free(base);
	return (0);
}
