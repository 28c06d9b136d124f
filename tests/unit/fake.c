/* SPDX-License-Identifier: ISC */
/* fake.c: a client model behind a fake interface, for the unit tests. */

#include <sys/types.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "fake.h"

static void	 fake_line(struct client *, struct croom *, struct cline *);
static void	 fake_state(struct client *);
static void	 fake_roomlist(struct client *);
static void	 fake_error(struct client *, enum proto_err, const char *);
static void	 fake_raw(struct client *, const char *, size_t, int);
static void	 fake_peer_cb(struct peer *, const char *, size_t, void *);

/* A line was added to a room. */
static void
fake_line(struct client *c, struct croom *r, struct cline *l)
{
	struct fake	*f = c->ui->data;

	f->lines++;
	f->last_room = r;
	f->last_line = l;
}

/* The state or the room in view changed. */
static void
fake_state(struct client *c)
{
	struct fake	*f = c->ui->data;

	f->states++;
}

/* A room list arrived. */
static void
fake_roomlist(struct client *c)
{
	struct fake	*f = c->ui->data;

	f->roomlists++;
}

/* The hub sent an error. */
static void
fake_error(struct client *c, enum proto_err err, const char *detail)
{
	struct fake	*f = c->ui->data;

	f->errors++;
	f->last_err = err;
}

/* A raw line arrived. */
static void
fake_raw(struct client *c, const char *line, size_t len, int replayed)
{
	struct fake	*f = c->ui->data;

	f->raws++;
}

/* Lines from the far end are not expected: the tests feed frames. */
static void
fake_peer_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
}

/* A client that is not connected, with its state in a scratch directory. */
int
fake_setup(void **state)
{
	struct fake	*f;

	f = xcalloc(1, sizeof *f);
	snprintf(f->state_dir, sizeof f->state_dir, "/tmp/test-fake.XXXXXX");
	if (mkdtemp(f->state_dir) == NULL)
		return (-1);
	setenv("XDG_STATE_HOME", f->state_dir, 1);
	f->base = event_base_new();
	f->ui.line = fake_line;
	f->ui.state = fake_state;
	f->ui.roomlist = fake_roomlist;
	f->ui.error = fake_error;
	f->ui.raw = fake_raw;
	f->ui.data = f;
	f->sv[0] = f->sv[1] = -1;
	f->client = client_new(f->base, "127.0.0.1", "7777", "ann", &f->ui);
	*state = f;
	return (0);
}

/* Free the client and remove its state directory. */
int
fake_teardown(void **state)
{
	struct fake	*f = *state;
	char		*path;

	client_free(f->client);
	if (f->sv[1] != -1)
		close(f->sv[1]);
	event_base_free(f->base);
	xasprintf(&path, "%s/chatroom/key", f->state_dir);
	unlink(path);
	free(path);
	xasprintf(&path, "%s/chatroom", f->state_dir);
	rmdir(path);
	free(path);
	rmdir(f->state_dir);
	free(f);
	return (0);
}

/* Hand the client one line from the hub. */
void
fake_feed(struct fake *f, const char *line)
{
	client_event_dispatch(f->client, line, strlen(line));
}

/* Give the client a peer whose far end the test reads. */
void
fake_connect(struct fake *f)
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, f->sv), 0);
	f->client->peer = peer_new(f->base, f->sv[0], CR_CLIENT_LINE_MAX,
	    CR_SENDQ_MAX, fake_peer_cb, f->client);
	f->client->state = CLIENT_HANDSHAKE;
	/* A plain connection, trusted from the start (client_hello_start). */
	f->client->flags |= CLIENT_HELLO_READY;
}

/* What the client sent since the last call, as one string. */
char *
fake_sent(struct fake *f)
{
	char	buf[8192];
	ssize_t	n;

	event_base_loop(f->base, EVLOOP_NONBLOCK);
	n = recv(f->sv[1], buf, sizeof buf - 1, MSG_DONTWAIT);
	if (n < 0 && errno == EAGAIN)
		n = 0;
	assert_true(n >= 0);
	buf[n] = '\0';
	return (xstrdup(buf));
}

/* The handshake is over. */
void
fake_welcome(struct fake *f)
{
	fake_feed(f, "{\"type\":\"welcome\",\"version\":1,\"nick\":\"ann\","
	    "\"token\":\"0123abcd\",\"resumed\":false,\"hub\":\"test hub\"}");
}

/* We joined a room: its state, then our joined event. */
void
fake_join(struct fake *f, const char *room)
{
	char	*line;

	xasprintf(&line, "{\"type\":\"room\",\"room\":\"%s\",\"topic\":\"t\","
	    "\"members\":[\"ann\",\"bob\"]}", room);
	fake_feed(f, line);
	free(line);
	xasprintf(&line, "{\"type\":\"joined\",\"room\":\"%s\","
	    "\"nick\":\"ann\",\"ts\":1000}", room);
	fake_feed(f, line);
	free(line);
}
