/* SPDX-License-Identifier: ISC */
/* test-peer.c: unit tests of a peer's output: copied and pinned bytes. */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"

/*
 * A peer on one end of a socket pair, the test reading the other end.
 * Output is sent as copies (peer_send) and as pinned bytes (peer_send_pinned,
 * kept alive until the pass's flush by peer_pin); what the other end reads
 * must be every byte, in the order sent, also when the socket takes only
 * part of a pass and the pinned bytes are gone before the rest is written.
 */
struct pair {
	struct event_base	*base;
	struct peer		*peer;
	int			 fd;		/* the test's end */
	char			*got;		/* what it read */
	size_t			 gotlen;
	int			 released;	/* peer_pin's release calls */
};

static char	*want;		/* what the test end must read, in order */
static size_t	 wantlen;

/* The peer's callback: lines from the test end (none here), or its end. */
static void
pair_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
}

/* A socket pair, a small send buffer on the peer's end if sndbuf. */
static void
pair_open(struct pair *p, size_t sendq, int sndbuf)
{
	int	sv[2];

	memset(p, 0, sizeof *p);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if (sndbuf > 0)
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
		    sizeof sndbuf);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	assert_non_null(p->base = event_base_new());
	p->peer = peer_new(p->base, sv[0], 4096, sendq, pair_cb, p);
	p->fd = sv[1];
	free(want);
	want = NULL;
	wantlen = 0;
}

static void
pair_close(struct pair *p)
{
	peer_free(p->peer);
	event_base_free(p->base);
	close(p->fd);
	free(p->got);
}

/* peer_pin's release: count it. */
static void
pair_release(void *arg)
{
	struct pair	*p = arg;

	p->released++;
}

/* Note bytes the test end must read. */
static void
expect(const void *data, size_t len)
{
	want = realloc(want, wantlen + len);
	assert_non_null(want);
	memcpy(want + wantlen, data, len);
	wantlen += len;
}

static void
send_copy(struct pair *p, const char *s)
{
	assert_int_equal(peer_send(p->peer, s, strlen(s)), 0);
	expect(s, strlen(s));
}

static void
send_pinned(struct pair *p, const char *s, size_t len)
{
	assert_int_equal(peer_send_pinned(p->peer, s, len), 0);
	expect(s, len);
}

/* Read what the test end has now. */
static void
pair_read(struct pair *p)
{
	char	buf[65536];
	ssize_t	n;

	while ((n = read(p->fd, buf, sizeof buf)) > 0) {
		p->got = realloc(p->got, p->gotlen + n);
		assert_non_null(p->got);
		memcpy(p->got + p->gotlen, buf, n);
		p->gotlen += n;
	}
	assert_true(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

/* Run loop passes and read until everything expected came (or 2000 tries). */
static void
pair_drain(struct pair *p)
{
	u_int	i;

	for (i = 0; i < 2000 && p->gotlen < wantlen; i++) {
		event_base_loop(p->base, EVLOOP_NONBLOCK);
		pair_read(p);
		if (p->gotlen < wantlen)
			usleep(1000);
	}
	assert_int_equal(p->gotlen, wantlen);
	assert_memory_equal(p->got, want, wantlen);
}

/* Copies and pinned pieces interleaved reach the socket in order. */
static void
test_order(void **state)
{
	struct pair	p;
	char		frame[3][32];
	u_int		i;

	pair_open(&p, 1 << 20, 0);
	for (i = 0; i < 3; i++)
		snprintf(frame[i], sizeof frame[i], "pinned frame %u\n", i);
	assert_int_equal(peer_pin(pair_release, &p), 0);
	send_copy(&p, "copy one\n");
	send_pinned(&p, frame[0], strlen(frame[0]));
	send_pinned(&p, frame[1], strlen(frame[1]));
	send_copy(&p, "copy two\n");
	send_copy(&p, "copy three\n");
	send_pinned(&p, frame[2], strlen(frame[2]));
	assert_int_equal(p.released, 0);
	assert_int_equal(peer_queued(p.peer), wantlen);
	event_base_loop(p.base, EVLOOP_NONBLOCK);
	assert_int_equal(p.released, 1);
	pair_drain(&p);
	/* A pass of pinned pieces only, with no copy before them. */
	free(p.got);
	p.got = NULL;
	p.gotlen = 0;
	free(want);
	want = NULL;
	wantlen = 0;
	assert_int_equal(peer_pin(pair_release, &p), 0);
	for (i = 0; i < 3; i++)
		send_pinned(&p, frame[2 - i], strlen(frame[2 - i]));
	event_base_loop(p.base, EVLOOP_NONBLOCK);
	assert_int_equal(p.released, 2);
	pair_drain(&p);
	pair_close(&p);
}

/*
 * A socket that takes part of a pass: the rest waits, copied, and is
 * still right after the pinned bytes were released and overwritten.
 */
static void
test_partial(void **state)
{
	struct pair	 p;
	char		*pinned, line[64];
	size_t		 off = 0, n;
	u_int		 i;

	pair_open(&p, 16 << 20, 4096);
	pinned = malloc(1 << 20);
	assert_non_null(pinned);
	assert_int_equal(peer_pin(pair_release, &p), 0);
	for (i = 0; i < 5000; i++) {
		n = snprintf(pinned + off, 64, "frame %u of the pass\n", i);
		send_pinned(&p, pinned + off, n);
		off += n;
		if (i % 7 == 0) {
			snprintf(line, sizeof line, "copy after %u\n", i);
			send_copy(&p, line);
		}
	}
	/* One piece longer than what the flush gathers for one write. */
	memset(pinned + off, 'L', 100000);
	pinned[off + 99999] = '\n';
	send_pinned(&p, pinned + off, 100000);
	send_copy(&p, "last\n");
	event_base_loop(p.base, EVLOOP_NONBLOCK);
	assert_int_equal(p.released, 1);
	assert_true(peer_queued(p.peer) > 0);	/* the socket took part */
	memset(pinned, 'X', 1 << 20);
	free(pinned);
	pair_drain(&p);
	assert_int_equal(peer_queued(p.peer), 0);
	pair_close(&p);
}

/* Pinned bytes count against the send queue like copies. */
static void
test_sendq(void **state)
{
	struct pair	p;
	static char	frame[300];

	pair_open(&p, 1000, 0);
	memset(frame, 'f', sizeof frame);
	assert_int_equal(peer_pin(pair_release, &p), 0);
	assert_int_equal(peer_send_pinned(p.peer, frame, 300), 0);
	assert_int_equal(peer_send(p.peer, frame, 300), 0);
	assert_int_equal(peer_send_pinned(p.peer, frame, 300), 0);
	assert_int_equal(peer_send_pinned(p.peer, frame, 300), -1);
	assert_true(peer_dead(p.peer));
	assert_true(peer_overflowed(p.peer));
	event_base_loop(p.base, EVLOOP_NONBLOCK);
	assert_int_equal(p.released, 1);
	pair_close(&p);
}

/* A source's output goes first, pinned bytes after it. */
static int
fill_once(struct peer *peer, size_t room, void *arg)
{
	int	*calls = arg;

	if ((*calls)++ == 0)
		peer_emit(peer, "from the source\n", 16);
	return (0);
}

static void
test_source(void **state)
{
	struct pair	 p;
	int		 calls = 0;
	const char	*frame = "pinned after the source\n";

	pair_open(&p, 1 << 20, 0);
	assert_int_equal(peer_pin(pair_release, &p), 0);
	send_copy(&p, "before\n");
	peer_add_source(p.peer, fill_once, NULL, &calls);
	expect("from the source\n", 16);
	send_pinned(&p, frame, strlen(frame));
	send_copy(&p, "then a copy\n");
	pair_drain(&p);
	assert_int_equal(p.released, 1);
	pair_close(&p);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_sendq),
		cmocka_unit_test(test_source),
	};
	int			r;

	r = cmocka_run_group_tests(tests, NULL, NULL);
	free(want);
	return (r);
}
