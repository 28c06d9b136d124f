/* SPDX-License-Identifier: ISC */
/* test-claim-pass.c: unit tests of the scrypt hashes of claim-pass.c. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "server.h"

static void	test_round_trip(void **);
static void	test_known(void **);
static void	test_malformed(void **);
static void	test_valid(void **);
static void	test_cost(void **);
static void	test_history(void **);

/*
 * Hashes made by another implementation (Python's hashlib.scrypt) with
 * the salt bytes 00 01 .. 0f, N = 2^13, r = 8, p = 1, and with the salt
 * a5 * 16, N = 2^10, r = 8, p = 16.
 */
#define SALT	"000102030405060708090a0b0c0d0e0f"
#define HASH	"acb42b72d394948ac819178f38bf36f2" \
		"a0b979b848030b32353da9ec7c62b504"
static const char known1[] = "scrypt$13$8$1$" SALT "$" HASH;
static const char known2[] = "scrypt$10$8$16$a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"
    "$08fb21cd8abc7b24c8a2af8810dfc85188ff6a6141f786c04bb879cfd8972ca7";

/* A hash verifies its password only; two hashes of one password differ. */
static void
test_round_trip(void **state)
{
	char	*a, *b;

	a = claim_pass_hash("hunter2hunter2");
	b = claim_pass_hash("hunter2hunter2");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(strncmp(a, "scrypt$13$8$1$", 14) == 0);
	assert_int_equal(strlen(a), 14 + 32 + 1 + 64);
	assert_true(claim_pass_stored_valid(a));
	assert_string_not_equal(a, b);		/* fresh salts */
	assert_int_equal(claim_pass_verify(a, "hunter2hunter2"), 1);
	assert_int_equal(claim_pass_verify(b, "hunter2hunter2"), 1);
	assert_int_equal(claim_pass_verify(a, "hunter2hunter3"), 0);
	assert_int_equal(claim_pass_verify(a, "hunter2hunter"), 0);
	assert_int_equal(claim_pass_verify(a, ""), 0);
	assert_null(strstr(a, "hunter2"));
	free(a);
	free(b);
}

/* Hashes of another implementation verify (the cost is read back). */
static void
test_known(void **state)
{
	assert_int_equal(claim_pass_verify(known1, "correct horse ✓"), 1);
	assert_int_equal(claim_pass_verify(known1, "correct horse"), 0);
	assert_int_equal(claim_pass_verify(known2, "password"), 1);
	assert_int_equal(claim_pass_verify(known2, "Password"), 0);
}

/* A stored form that cannot be read never verifies anything. */
static void
test_malformed(void **state)
{
	static const char *bad[] = {
		"",
		"scrypt",
		"scrypt$13$8$1$",
		"bcrypt$13$8$1$" SALT "$" HASH,
		/* upper-case hex, a short salt, a long hash */
		"scrypt$13$8$1$000102030405060708090A0B0C0D0E0F$" HASH,
		"scrypt$13$8$1$0001020304050607$" HASH,
		"scrypt$13$8$1$" SALT "$" HASH "00",
		/* costs out of bounds: too cheap, too dear, negative */
		"scrypt$4$8$1$" SALT "$" HASH,
		"scrypt$40$8$1$" SALT "$" HASH,
		"scrypt$13$0$1$" SALT "$" HASH,
		"scrypt$13$8$99$" SALT "$" HASH,
		"scrypt$-13$8$1$" SALT "$" HASH,
	};
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(claim_pass_stored_valid(bad[i]));
		assert_int_equal(claim_pass_verify(bad[i], "correct horse ✓"),
		    -1);
	}
	assert_true(claim_pass_stored_valid(known1));
}

/* Passwords a claim may take: length, controls, UTF-8. */
static void
test_valid(void **state)
{
	char	*cause = NULL, long_pw[CR_PASSWORD_MAX + 2];

	assert_int_equal(claim_pass_valid("12345678", &cause), 0);
	assert_int_equal(claim_pass_valid("mot de passe ✓", &cause), 0);
	assert_int_equal(claim_pass_valid("1234567", &cause), -1);
	free(cause);
	assert_int_equal(claim_pass_valid("", &cause), -1);
	free(cause);
	assert_int_equal(claim_pass_valid("tab\there!", &cause), -1);
	free(cause);
	assert_int_equal(claim_pass_valid("latin1 caf\xe9!", &cause), -1);
	free(cause);
	memset(long_pw, 'x', CR_PASSWORD_MAX);
	long_pw[CR_PASSWORD_MAX] = '\0';
	assert_int_equal(claim_pass_valid(long_pw, &cause), 0);
	long_pw[CR_PASSWORD_MAX] = 'x';
	long_pw[CR_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(claim_pass_valid(long_pw, &cause), -1);
	free(cause);
}

/*
 * What a check costs in CPU (printed, for the record): the bound is loose,
 * a hang or a cost raised by mistake, not a benchmark.
 */
static void
test_cost(void **state)
{
	struct timespec	 a, b;
	char		*h;
	double		 ms;
	int		 i, n = 5;

	h = claim_pass_hash("benchmark-password");
	assert_non_null(h);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	for (i = 0; i < n; i++)
		assert_int_equal(claim_pass_verify(h, "benchmark-password"), 1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	ms = ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6) / n;
	printf("# one password check: %.1f ms of CPU\n", ms);
	assert_true(ms < 500);
	free(h);
}

/*
 * The history file keeps a hash with a key's claim or alone, reads it
 * back the same, and refuses a hash it cannot read or one with an old
 * claim's secret hash.
 */
static void
test_history(void **state)
{
	char		 doc[2048], *text, *cause = NULL;
	struct hist	 h, back;
	size_t		 len;
	static const char key[] = "00000000000000000000000000000000"
	    "00000000000000000000000000000007";

	snprintf(doc, sizeof doc, "{\"version\":1,\"next_id\":1,\"rooms\":[],"
	    "\"claims\":[{\"nick\":\"alice\",\"key\":\"%s\",\"pass\":\"%s\","
	    "\"seen\":5},{\"nick\":\"carol\",\"pass\":\"%s\",\"seen\":6}]}",
	    key, known1, known2);
	memset(&h, 0, sizeof h);
	assert_int_equal(history_parse(doc, strlen(doc), 10, &h, &cause), 0);
	assert_int_equal(h.nclaims, 2);
	assert_string_equal(h.claims[0].pubkey, key);
	assert_string_equal(h.claims[0].pass, known1);
	assert_null(h.claims[1].pubkey);
	assert_null(h.claims[1].hash);
	assert_string_equal(h.claims[1].pass, known2);
	text = history_serialise(&h, &len);
	memset(&back, 0, sizeof back);
	assert_int_equal(history_parse(text, len, 10, &back, &cause), 0);
	assert_int_equal(back.nclaims, 2);
	assert_string_equal(back.claims[0].pass, known1);
	assert_string_equal(back.claims[1].pass, known2);
	assert_null(back.claims[1].pubkey);
	free(text);
	history_free(&back);
	history_free(&h);

	snprintf(doc, sizeof doc, "{\"version\":1,\"next_id\":1,\"rooms\":[],"
	    "\"claims\":[{\"nick\":\"carol\",\"pass\":\"scrypt$13$8$1$zz\"}]}");
	memset(&h, 0, sizeof h);
	assert_int_equal(history_parse(doc, strlen(doc), 10, &h, &cause), -1);
	free(cause);
	history_free(&h);
	snprintf(doc, sizeof doc, "{\"version\":1,\"next_id\":1,\"rooms\":[],"
	    "\"claims\":[{\"nick\":\"carol\",\"hash\":\"%s\","
	    "\"pass\":\"%s\"}]}", key, known1);
	memset(&h, 0, sizeof h);
	assert_int_equal(history_parse(doc, strlen(doc), 10, &h, &cause), -1);
	free(cause);
	history_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_cost),
		cmocka_unit_test(test_history),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
