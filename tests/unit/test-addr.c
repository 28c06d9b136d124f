/* SPDX-License-Identifier: ISC */
/* test-addr.c: unit tests of the hub's limits per address, server-addr.c. */

#include <sys/types.h>

#include <event2/event.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

#define TEST_EPOCH	1700000000000LL

static struct event_base	*test_base;
static struct server_opts	 test_opts;

static int	 test_setup(void **);
static int	 test_teardown(void **);
static struct session *test_ghost(const char *, const char *);
static void	 test_login_bucket(void **);
static void	 test_join_bucket(void **);
static void	 test_ipv6_by_64(void **);
static void	 test_ghost_caps(void **);
static void	 test_claim_caps(void **);
static void	 test_room_expire(void **);

/* A hub's state with small limits and a frozen clock. */
static int
test_setup(void **state)
{
	if (test_base == NULL)
		test_base = event_base_new();
	memset(&test_opts, 0, sizeof test_opts);
	test_opts.history_size = 10;
	test_opts.resume_seconds = 120;
	test_opts.login_burst = 3;
	test_opts.login_rate = 60;		/* one a second */
	test_opts.max_ghosts_per_ip = 2;
	test_opts.max_ghosts = 3;
	test_opts.room_burst = 2;
	test_opts.room_rate = 3600;
	test_opts.claims_per_key = 2;
	test_opts.claims_per_ip = 5;
	test_opts.max_claims = 4;
	util_fix_clock(TEST_EPOCH);
	server_init(test_base, &test_opts);
	return (0);
}

/* Free what a test left. */
static int
test_teardown(void **state)
{
	session_free_all();
	server_addr_free_all();
	room_free_all();
	claim_free_all();
	server_free_state();
	util_fix_clock(0);
	return (0);
}

/* A session of an address that has just lost its connection. */
static struct session *
test_ghost(const char *nick, const char *ip)
{
	struct session	*s;

	s = session_create(nick);
	s->ip = xstrdup(ip);
	session_detach(s, 1, 0, 0);
	return (session_find_nick(nick));
}

/* Logins: a burst, then one a second; connecting again does not help. */
static void
test_login_bucket(void **state)
{
	int	i;

	assert_false(server_addr_churning("192.0.2.1"));
	assert_int_equal(server_addr_login("192.0.2.1"), 0);
	assert_false(server_addr_churning("192.0.2.1"));
	for (i = 0; i < 2; i++)
		assert_int_equal(server_addr_login("192.0.2.1"), 0);
	assert_true(server_addr_churning("192.0.2.1"));	/* used 3 of 3 */
	assert_int_equal(server_addr_login("192.0.2.1"), 1);
	assert_int_equal(server_addr_login("192.0.2.2"), 0);
	util_fix_clock(TEST_EPOCH + 1000);
	assert_int_equal(server_addr_login("192.0.2.1"), 0);
	assert_true(server_addr_login("192.0.2.1") > 0);
	/* An IPv4-mapped IPv6 address is the IPv4 address. */
	assert_true(server_addr_login("::ffff:192.0.2.1") > 0);
	/* A refilled entry is forgotten, and starts full again. */
	util_fix_clock(TEST_EPOCH + 60000);
	server_addr_expire();
	for (i = 0; i < 3; i++)
		assert_int_equal(server_addr_login("192.0.2.1"), 0);
}

/*
 * Joins: CR_JOIN_ADDR_BURST at once from an address, whatever its
 * connections, then one every CR_JOIN_INTERVAL seconds; none counted
 * without flood control.
 */
static void
test_join_bucket(void **state)
{
	int	i;

	for (i = 0; i < 2 * CR_JOIN_ADDR_BURST; i++)
		assert_int_equal(server_addr_join("192.0.2.1"), 0);
	server_options()->flood_rate = 5;
	for (i = 0; i < CR_JOIN_ADDR_BURST; i++)
		assert_int_equal(server_addr_join("192.0.2.3"), 0);
	assert_int_equal(server_addr_join("192.0.2.3"), CR_JOIN_INTERVAL);
	assert_int_equal(server_addr_join("192.0.2.4"), 0);
	util_fix_clock(TEST_EPOCH + CR_JOIN_INTERVAL * 1000);
	assert_int_equal(server_addr_join("192.0.2.3"), 0);
	assert_true(server_addr_join("192.0.2.3") > 0);
	/* Its own allowance: logins still go. */
	assert_int_equal(server_addr_login("192.0.2.3"), 0);
}

/* An IPv6 address counts by its /64. */
static void
test_ipv6_by_64(void **state)
{
	assert_int_equal(server_addr_login("2001:db8::1"), 0);
	assert_int_equal(server_addr_login("2001:db8::ffff:1"), 0);
	assert_int_equal(server_addr_login("2001:DB8:0:0:1::"), 0);
	assert_true(server_addr_login("2001:db8::2") > 0);
	assert_int_equal(server_addr_login("2001:db8:0:1::1"), 0);
	/* Rooms have their own allowance. */
	assert_int_equal(server_addr_room("2001:db8::3"), 0);
	assert_int_equal(server_addr_room("2001:db8::4"), 0);
	assert_true(server_addr_room("2001:db8::5") > 0);
}

/* Ghosts: the oldest of the address goes, then the oldest of all. */
static void
test_ghost_caps(void **state)
{
	assert_non_null(test_ghost("a1", "192.0.2.1"));
	assert_non_null(test_ghost("a2", "192.0.2.1"));
	assert_non_null(test_ghost("a3", "192.0.2.1"));
	assert_null(session_find_nick("a1"));
	assert_non_null(session_find_nick("a2"));
	assert_int_equal(server_addr_ghosts(), 2);

	assert_non_null(test_ghost("b1", "192.0.2.2"));
	assert_int_equal(server_addr_ghosts(), 3);
	assert_non_null(test_ghost("b2", "192.0.2.2"));
	assert_null(session_find_nick("a2"));	/* the oldest of all */
	assert_non_null(session_find_nick("a3"));
	assert_int_equal(server_addr_ghosts(), 3);

	/* A resumed session no longer counts, an ended one neither. */
	server_addr_ghost_remove(session_find_nick("b1"));
	assert_int_equal(server_addr_ghosts(), 2);
	session_destroy(session_find_nick("a3"), NULL);
	assert_int_equal(server_addr_ghosts(), 1);
}

/* Claims: per key, in all, and new ones per address. */
static void
test_claim_caps(void **state)
{
	const char	*k1 = "1111111111111111111111111111111111111111111111111111"
			    "111111111111";
	const char	*k2 = "2222222222222222222222222222222222222222222222222222"
			    "222222222222";
	const char	*k3 = "3333333333333333333333333333333333333333333333333333"
			    "333333333333";
	char		*cause;

	claim_take("one", k1);
	claim_take("two", k1);
	assert_int_equal(claim_count_key(k1), 2);
	assert_int_equal(server_addr_claim("192.0.2.1", k1, &cause), -1);
	assert_non_null(strstr(cause, "the key holds 2 claims"));
	free(cause);
	assert_int_equal(server_addr_claim("192.0.2.1", k2, &cause), 0);
	claim_take("three", k2);
	claim_take("four", k3);
	assert_int_equal(claim_count(), 4);
	assert_int_equal(server_addr_claim("192.0.2.2", k3, &cause), -1);
	assert_non_null(strstr(cause, "the hub holds 4 claims"));
	free(cause);

	/* Five new claims a day from one address. */
	test_opts.max_claims = 100;
	test_opts.claims_per_key = 100;
	while (server_addr_claim("192.0.2.3", k3, &cause) == 0)
		claim_count();
	assert_non_null(strstr(cause, "too many new claims from 192.0.2.3"));
	free(cause);
	assert_int_equal(server_addr_claim("192.0.2.4", k3, &cause), 0);
}

/* Empty, quiet rooms expire; the lobby and rooms in use stay. */
static void
test_room_expire(void **state)
{
	struct session	*s;
	struct room	*busy;

	room_create(CR_LOBBY, "", TEST_EPOCH - 10000);
	room_create("junk", "", TEST_EPOCH - 10000);
	room_create("fresh", "", TEST_EPOCH);
	busy = room_create("busy", "", TEST_EPOCH - 10000);
	s = session_create("member");
	assert_int_equal(room_add(busy, s), 0);
	assert_int_equal(room_expire(TEST_EPOCH, 5000), 1);
	assert_null(room_find("junk"));
	assert_non_null(room_find("fresh"));
	assert_non_null(room_find(CR_LOBBY));
	/* The last member leaving starts the room's quiet time. */
	room_remove(busy, s);
	assert_int_equal(room_expire(TEST_EPOCH + 4000, 5000), 0);
	assert_int_equal(room_expire(TEST_EPOCH + 6000, 5000), 2);
	assert_null(room_find("busy"));
	assert_int_equal(room_count(), 1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_login_bucket, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_join_bucket, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_by_64, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_ghost_caps, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_claim_caps, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_room_expire, test_setup,
		    test_teardown),
	};

	log_open(LOG_QUIET, "/dev/null");
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
