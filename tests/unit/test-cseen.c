/* SPDX-License-Identifier: ISC */
/* test-cseen.c: unit tests of the per-window message id record, cseen.c. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	 test_in_order(void **);
static void	 test_replay(void **);
static void	 test_late(void **);
static void	 test_zero(void **);

/* Live messages in order: each is new once, then shown. */
static void
test_in_order(void **state)
{
	struct cseen	s;
	uint64_t	id;

	cseen_init(&s);
	for (id = 1; id <= 200; id++) {
		assert_false(cseen_shown(&s, id, 0));
		cseen_add(&s, id);
		assert_true(cseen_shown(&s, id, 0));
		assert_true(cseen_shown(&s, id, 1));
	}
	assert_int_equal(s.high, 200);
}

/*
 * A replay after a restart: what is at or below the highest id shown is
 * old, however long ago it was shown; what is above is new.
 */
static void
test_replay(void **state)
{
	struct cseen	s;
	uint64_t	id;

	cseen_init(&s);
	for (id = 10; id <= 500; id += 7)
		cseen_add(&s, id);
	for (id = 1; id <= s.high; id++)
		assert_true(cseen_shown(&s, id, 1));
	assert_false(cseen_shown(&s, s.high + 1, 1));
	assert_false(cseen_shown(&s, s.high + 1000, 1));
}

/*
 * Late live messages (a cluster split) below the highest id are new
 * unless shown recently; each is shown once.
 */
static void
test_late(void **state)
{
	struct cseen	s;

	cseen_init(&s);
	cseen_add(&s, 100);
	cseen_add(&s, 101);
	assert_false(cseen_shown(&s, 50, 0));
	cseen_add(&s, 50);
	assert_true(cseen_shown(&s, 50, 0));
	assert_true(cseen_shown(&s, 101, 0));
	assert_false(cseen_shown(&s, 51, 0));
	assert_int_equal(s.high, 101);
}

/* Lines without an id (notices, events) are never held back. */
static void
test_zero(void **state)
{
	struct cseen	s;

	cseen_init(&s);
	cseen_add(&s, 0);
	cseen_add(&s, 5);
	assert_false(cseen_shown(&s, 0, 0));
	assert_false(cseen_shown(&s, 0, 1));
	assert_int_equal(s.high, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_late),
		cmocka_unit_test(test_zero),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
