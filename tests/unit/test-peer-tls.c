/* SPDX-License-Identifier: ISC */
/* test-peer-tls.c: unit tests of TLS peers: shared BIO, idle memory, writes. */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"

/*
 * Hub-side TLS peers on one end of socket pairs, a child process the
 * clients on the other ends.  The child drives every connection at once
 * (handshake, "hello N", wait for "welcome N"), so that records of many
 * connections arrive in one loop pass: each line must come to its own
 * peer and each answer go to its own socket, through the one BIO every
 * peer shares.  Once all is said, every connection is idle, and what
 * OpenSSL holds for each is counted: OpenSSL's allocations go through
 * counting functions (set before its first allocation).
 */
#define NCONNS		64
#define IDLE_MAX	(14 * 1024)	/* OpenSSL's bytes an idle connection */
#define DEADLINE	20000		/* ms for all of a round */

struct conn {
	struct peer	*peer;
	u_int		 idx;
	int		 heard;		/* its hello came, the welcome went */
};

static size_t	 mem_live;	/* bytes OpenSSL holds */
static SSL_CTX	*server_ctx;
static char	 tmpdir[] = "/tmp/test-peer-tls.XXXXXX";
static u_int	 heard;

/* OpenSSL's allocations, each with its size in front. */
static void *
mem_malloc(size_t n, const char *file, int line)
{
	size_t	*p;

	if ((p = malloc(n + sizeof *p * 2)) == NULL)
		return (NULL);
	*p = n;
	mem_live += n;
	return (p + 2);
}

static void
mem_free(void *ptr, const char *file, int line)
{
	size_t	*p;

	if (ptr == NULL)
		return;
	p = (size_t *)ptr - 2;
	mem_live -= *p;
	free(p);
}

static void *
mem_realloc(void *ptr, size_t n, const char *file, int line)
{
	size_t	*p, old;

	if (ptr == NULL)
		return (mem_malloc(n, file, line));
	if (n == 0) {
		mem_free(ptr, file, line);
		return (NULL);
	}
	p = (size_t *)ptr - 2;
	old = *p;
	if ((p = realloc(p, n + sizeof *p * 2)) == NULL)
		return (NULL);
	*p = n;
	mem_live += n;
	mem_live -= old;
	return (p + 2);
}

/* A hub-side line: the hello its connection's client must have sent. */
static void
conn_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
	struct conn	*c = arg;
	char		 buf[64];

	if (line == NULL)
		return;
	snprintf(buf, sizeof buf, "hello %u", c->idx);
	assert_string_equal(line, buf);
	assert_int_equal(c->heard, 0);
	snprintf(buf, sizeof buf, "welcome %u\n", c->idx);
	assert_int_equal(peer_send(peer, buf, strlen(buf)), 0);
	c->heard = 1;
	heard++;
}

/*
 * The clients, in the child: every connection driven in turn until each
 * has had its welcome; then a byte on the status pipe ('y' if all went
 * right) and a wait for the parent to close it.
 */
static void __attribute__((noreturn))
clients(int *fds, u_int n, int status)
{
	SSL_CTX	*ctx;
	SSL	**ssl;
	char	 buf[64], want[64], **got;
	size_t	*gotlen;
	int	*state, r;
	int64_t	 end = now_ms() + DEADLINE;
	u_int	 i, done = 0;
	char	 ok = 'y';

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		_exit(2);
	ssl = calloc(n, sizeof *ssl);
	got = calloc(n, sizeof *got);
	gotlen = calloc(n, sizeof *gotlen);
	state = calloc(n, sizeof *state);
	for (i = 0; i < n; i++) {
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		ssl[i] = SSL_new(ctx);
		got[i] = calloc(1, sizeof buf);
		SSL_set_fd(ssl[i], fds[i]);
		SSL_set_connect_state(ssl[i]);
	}
	while (done < n && now_ms() < end) {
		for (i = 0; i < n; i++) {
			switch (state[i]) {
			case 0:
				if ((r = SSL_do_handshake(ssl[i])) == 1)
					state[i] = 1;
				else if (SSL_get_error(ssl[i], r) !=
				    SSL_ERROR_WANT_READ)
					_exit(3);
				break;
			case 1:
				r = snprintf(buf, sizeof buf, "hello %u\n", i);
				if (SSL_write(ssl[i], buf, r) != r)
					_exit(4);
				state[i] = 2;
				break;
			case 2:
				r = SSL_read(ssl[i], got[i] + gotlen[i],
				    sizeof buf - 1 - gotlen[i]);
				if (r <= 0) {
					if (SSL_get_error(ssl[i], r) !=
					    SSL_ERROR_WANT_READ)
						_exit(5);
					break;
				}
				gotlen[i] += r;
				if (memchr(got[i], '\n', gotlen[i]) == NULL)
					break;
				snprintf(want, sizeof want, "welcome %u\n", i);
				if (strcmp(got[i], want) != 0)
					ok = 'n';
				state[i] = 3;
				done++;
				break;
			}
		}
		if (done < n)
			usleep(500);
	}
	if (done < n)
		ok = 't';
	if (write(status, &ok, 1) != 1)
		_exit(6);
	while (read(status, buf, 1) > 0)
		;
	_exit(0);
}

/*
 * Open n connections, have each say hello and get its welcome, and give
 * OpenSSL's bytes for each once they are idle.
 */
static size_t
round_trip(u_int n)
{
	struct event_base	*base;
	struct conn		*conns;
	struct pollfd		 pfd;
	struct timeval		 tv = { 0, 2000 };
	int			*fds, sv[2], st[2], wstatus;
	size_t			 before, per;
	pid_t			 pid;
	int64_t			 end;
	u_int			 i;
	char			 ok = 0;

	assert_non_null(base = event_base_new());
	conns = calloc(n, sizeof *conns);
	fds = calloc(n, sizeof *fds);
	assert_non_null(conns);
	assert_non_null(fds);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, st), 0);
	before = mem_live;
	heard = 0;
	for (i = 0; i < n; i++) {
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		conns[i].idx = i;
		conns[i].peer = peer_new_tls(base, sv[0], SSL_new(server_ctx),
		    1, 4096, 1 << 20, conn_cb, &conns[i]);
		fds[i] = sv[1];
	}
	if ((pid = fork()) == 0) {
		close(st[0]);
		clients(fds, n, st[1]);
	}
	assert_true(pid > 0);
	close(st[1]);
	for (i = 0; i < n; i++)
		close(fds[i]);
	pfd.fd = st[0];
	pfd.events = POLLIN;
	end = now_ms() + DEADLINE + 5000;
	while (ok == 0 && now_ms() < end) {
		/* Out every 2 ms, even from a socket always readable. */
		event_base_loopexit(base, &tv);
		event_base_loop(base, 0);
		if (poll(&pfd, 1, 0) == 1 && read(st[0], &ok, 1) != 1)
			break;
	}
	assert_int_equal(heard, n);
	assert_int_equal(ok, 'y');

	/* Everything said: every connection idle. */
	per = (mem_live - before) / n;
	close(st[0]);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
	for (i = 0; i < n; i++)
		peer_free(conns[i].peer);
	free(conns);
	free(fds);
	event_base_free(base);
	return (per);
}

/*
 * Many connections at once: lines and answers go through the one BIO to
 * the right sockets, and an idle connection costs OpenSSL little.
 */
static void
test_idle(void **state)
{
	size_t	per;

	round_trip(2);		/* what OpenSSL keeps once, not each time */
	per = round_trip(NCONNS);
	printf("# OpenSSL holds %zu bytes for an idle TLS connection\n",
	    per);
	assert_true(per <= IDLE_MAX);
}

/* Write system calls this process has made, from /proc; -1 if unknown. */
static long long
syscw(void)
{
	FILE		*f;
	char		 buf[128];
	long long	 n = -1;

	if ((f = fopen("/proc/self/io", "r")) == NULL)
		return (-1);
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (strncmp(buf, "syscw:", 6) == 0)
			n = strtoll(buf + 6, NULL, 10);
	}
	fclose(f);
	return (n);
}

/* A hub-side line on the gathering test's connection. */
static void
gather_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
	if (line != NULL)
		(*(int *)arg)++;
}

/*
 * Read and decrypt what the client has until want bytes came (running the
 * hub's loop meanwhile, for output that waited); they must be text.
 */
static void
gather_read(struct event_base *base, SSL *ssl, const char *text, size_t want)
{
	char		*got;
	size_t		 have = 0;
	int64_t		 end = now_ms() + DEADLINE;
	int		 r;

	assert_non_null(got = malloc(want));
	while (have < want && now_ms() < end) {
		r = SSL_read(ssl, got + have, want - have);
		if (r > 0) {
			have += r;
			continue;
		}
		assert_int_equal(SSL_get_error(ssl, r), SSL_ERROR_WANT_READ);
		event_base_loop(base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
	assert_int_equal(have, want);
	assert_memory_equal(got, text, want);
	free(got);
}

/*
 * A pass with more than a record for a peer goes to its socket in one
 * write, its records gathered; when the socket takes only part, the rest
 * follows in order.
 */
static void
test_gather(void **state)
{
	struct event_base	*base;
	struct peer		*peer;
	SSL_CTX			*ctx;
	SSL			*ssl;
	char			*text;
	size_t			 len = 3 * 16384 + 1000, i;
	long long		 before, after, one;
	int			 sv[2], lines = 0, r, small = 4096;
	int64_t			 end;

	if (syscw() < 0)
		skip();
	assert_non_null(base = event_base_new());
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	peer = peer_new_tls(base, sv[0], SSL_new(server_ctx), 1, 4096,
	    1 << 20, gather_cb, &lines);
	assert_non_null(ctx = SSL_CTX_new(TLS_client_method()));
	assert_non_null(ssl = SSL_new(ctx));
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	SSL_set_fd(ssl, sv[1]);
	SSL_set_connect_state(ssl);

	/* The handshake, then a line: the hub's side is open. */
	end = now_ms() + DEADLINE;
	while ((r = SSL_do_handshake(ssl)) != 1 && now_ms() < end) {
		assert_int_equal(SSL_get_error(ssl, r), SSL_ERROR_WANT_READ);
		event_base_loop(base, EVLOOP_NONBLOCK);
	}
	assert_int_equal(r, 1);
	assert_int_equal(SSL_write(ssl, "hello\n", 6), 6);
	while (lines == 0 && now_ms() < end)
		event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(lines, 1);

	/*
	 * A pass of one record, then one of four records' worth of lines:
	 * as many writes (one; under valgrind, with its own on top).
	 */
	assert_int_equal(peer_send(peer, "one\n", 4), 0);
	before = syscw();
	event_base_loop(base, EVLOOP_NONBLOCK);
	one = syscw() - before;
	gather_read(base, ssl, "one\n", 4);
	assert_non_null(text = malloc(len));
	for (i = 0; i < len; i++)
		text[i] = (i % 100) == 99 ? '\n' : 'a' + i % 26;
	assert_int_equal(peer_send(peer, text, len), 0);
	before = syscw();
	event_base_loop(base, EVLOOP_NONBLOCK);
	after = syscw();
	assert_true(one >= 1);
	assert_int_equal(after - before, one);
	gather_read(base, ssl, text, len);

	/* A socket that takes only part: the rest follows, in order. */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	assert_int_equal(peer_send(peer, text, len), 0);
	assert_int_equal(peer_send(peer, text, len), 0);
	event_base_loop(base, EVLOOP_NONBLOCK);
	gather_read(base, ssl, text, len);
	gather_read(base, ssl, text, len);

	free(text);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(sv[1]);
	peer_free(peer);
	event_base_free(base);
}

/* A server context on a fresh self-signed certificate. */
static int
setup(void **state)
{
	char	 cert[64], key[64], *cause = NULL;

	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	snprintf(cert, sizeof cert, "%s/cert.pem", tmpdir);
	snprintf(key, sizeof key, "%s/key.pem", tmpdir);
	if (tls_make_self_signed(cert, key, &cause) != 0 ||
	    (server_ctx = tls_server_ctx(cert, key, NULL, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return (-1);
	}
	unlink(cert);
	unlink(key);
	rmdir(tmpdir);
	return (0);
}

static int
teardown(void **state)
{
	SSL_CTX_free(server_ctx);
	return (0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_gather),
	};

	/* Before OpenSSL's first allocation, or it refuses. */
	if (!CRYPTO_set_mem_functions(mem_malloc, mem_realloc, mem_free))
		return (1);
	return (cmocka_run_group_tests(tests, setup, teardown));
}
