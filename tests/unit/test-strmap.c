/* SPDX-License-Identifier: ISC */
/* test-strmap.c: the hash map from strings (strmap.c). */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"

static void	 make_key(char *, size_t, u_int);
static void	 test_basic(void **);
static void	 test_many(void **);

/* Key i: i letters n (at most 20), then the number. */
static void
make_key(char *buf, size_t size, u_int i)
{
	snprintf(buf, size, "%.*s%u", (int)(i % 20), "nnnnnnnnnnnnnnnnnnnn", i);
}

/* Set, replace, find and remove; an empty map finds nothing. */
static void
test_basic(void **state)
{
	struct strmap	m;
	int		a, b;

	strmap_init(&m);
	assert_null(strmap_get(&m, "x"));
	assert_null(strmap_del(&m, "x"));
	strmap_set(&m, "x", &a);
	strmap_set(&m, "", &b);
	assert_ptr_equal(strmap_get(&m, "x"), &a);
	assert_ptr_equal(strmap_get(&m, ""), &b);
	assert_null(strmap_get(&m, "X"));
	strmap_set(&m, "x", &b);
	assert_int_equal(m.count, 2);
	assert_ptr_equal(strmap_get(&m, "x"), &b);
	assert_ptr_equal(strmap_del(&m, "x"), &b);
	assert_null(strmap_get(&m, "x"));
	assert_int_equal(m.count, 1);
	strmap_free(&m);
	assert_int_equal(m.count, 0);
	assert_null(strmap_get(&m, ""));
}

/*
 * A hundred thousand keys, of every length up to past a SipHash block:
 * each is found, half are removed, the others are still found.
 */
static void
test_many(void **state)
{
	struct strmap	 m;
	char		 key[64];
	u_int		 i, n = 100000;

	strmap_init(&m);
	for (i = 0; i < n; i++) {
		make_key(key, sizeof key, i);
		strmap_set(&m, key, (void *)(uintptr_t)(i + 1));
	}
	assert_int_equal(m.count, n);
	assert_true(m.nbuckets >= n);
	for (i = 0; i < n; i++) {
		make_key(key, sizeof key, i);
		assert_int_equal((uintptr_t)strmap_get(&m, key), i + 1);
		if (i % 2 == 0)
			assert_int_equal((uintptr_t)strmap_del(&m, key), i + 1);
	}
	assert_int_equal(m.count, n / 2);
	for (i = 0; i < n; i++) {
		make_key(key, sizeof key, i);
		if (i % 2 == 0)
			assert_null(strmap_get(&m, key));
		else
			assert_int_equal((uintptr_t)strmap_get(&m, key), i + 1);
	}
	strmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_many),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
