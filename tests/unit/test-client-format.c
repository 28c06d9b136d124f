/* SPDX-License-Identifier: ISC */
/* test-client-format.c: unit tests of IRC formatting in client-room.c. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	 check_fmt(const struct cfmt *, uint32_t, int, int32_t,
		     int32_t);
static void	 test_attributes(void **);
static void	 test_colours(void **);
static void	 test_clusters(void **);
static void	 test_controls(void **);
static void	 test_nothing(void **);
static void	 test_unformat(void **);

/* Check one change of look. */
static void
check_fmt(const struct cfmt *f, uint32_t off, int attr, int32_t fg,
    int32_t bg)
{
	assert_int_equal(f->off, off);
	assert_int_equal(f->attr, attr);
	assert_int_equal(f->fg, fg);
	assert_int_equal(f->bg, bg);
}

/* Bold, italics, underline, reverse, strikethrough toggle; ^O resets. */
static void
test_attributes(void **state)
{
	struct cfmt	*f;
	u_int		 n;
	char		*s;

	s = client_room_format("a \002b\035c\002d\037\026e\036f\017g\021h",
	    &f, &n);
	assert_string_equal(s, "a bcdefgh");
	assert_int_equal(n, 6);
	check_fmt(&f[0], 2, CFMT_BOLD, CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[1], 3, CFMT_BOLD | CFMT_ITALIC, CFMT_DEFAULT,
	    CFMT_DEFAULT);
	check_fmt(&f[2], 4, CFMT_ITALIC, CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[3], 5, CFMT_ITALIC | CFMT_UNDERLINE | CFMT_REVERSE,
	    CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[4], 6, CFMT_ITALIC | CFMT_UNDERLINE | CFMT_REVERSE |
	    CFMT_STRIKE, CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[5], 7, 0, CFMT_DEFAULT, CFMT_DEFAULT);
	free(f);
	free(s);
}

/* ^C with one or two digits, a background after a comma, 99, ^D. */
static void
test_colours(void **state)
{
	struct cfmt	*f;
	u_int		 n;
	char		*s;

	s = client_room_format("\0034a\003b\0033,12c\00399,01d\003123"
	    "\0037,x\004ff8700,000000e\004abcy\004z", &f, &n);
	assert_string_equal(s, "abcd3,xeyz");
	assert_int_equal(n, 9);
	check_fmt(&f[0], 0, 0, 4, CFMT_DEFAULT);
	check_fmt(&f[1], 1, 0, CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[2], 2, 0, 3, 12);
	check_fmt(&f[3], 3, 0, CFMT_DEFAULT, 1);
	check_fmt(&f[4], 4, 0, 12, 1);
	check_fmt(&f[5], 5, 0, 7, 1);
	check_fmt(&f[6], 7, 0, CFMT_RGB | 0xff8700, CFMT_RGB);
	/* Three hex digits are no colour: the default, background kept. */
	check_fmt(&f[7], 8, 0, CFMT_DEFAULT, CFMT_RGB);
	check_fmt(&f[8], 9, 0, CFMT_DEFAULT, CFMT_DEFAULT);
	free(f);
	free(s);
}

/* A change inside a grapheme cluster waits for the next cluster. */
static void
test_clusters(void **state)
{
	struct cfmt	*f;
	u_int		 n;
	char		*s;

	s = client_room_format("e\002\xcc\x81x\002y", &f, &n);
	assert_string_equal(s, "e\xcc\x81xy");
	assert_int_equal(n, 2);
	check_fmt(&f[0], 3, CFMT_BOLD, CFMT_DEFAULT, CFMT_DEFAULT);
	check_fmt(&f[1], 4, 0, CFMT_DEFAULT, CFMT_DEFAULT);
	free(f);
	free(s);

	/* Changes that end up on the same cluster: the last one counts. */
	s = client_room_format("\xe6\xbc\xa2\0034\xcc\x81\0035z", &f, &n);
	assert_string_equal(s, "\xe6\xbc\xa2\xcc\x81z");
	assert_int_equal(n, 1);
	check_fmt(&f[0], 5, 0, 5, CFMT_DEFAULT);
	free(f);
	free(s);
}

/* Other controls are sanitised as ever, in whatever look. */
static void
test_controls(void **state)
{
	struct cfmt	*f;
	u_int		 n;
	char		*s;

	s = client_room_format("\a\0034a\033[2J\tb\xff", &f, &n);
	assert_string_equal(s, "^Ga^[[2J b\xef\xbf\xbd");
	assert_int_equal(n, 1);
	check_fmt(&f[0], 2, 0, 4, CFMT_DEFAULT);
	free(f);
	free(s);
}

/* Codes that change nothing shown leave no change of look. */
static void
test_nothing(void **state)
{
	struct cfmt	*f;
	u_int		 n;
	char		*s;

	s = client_room_format("\002\0034\017", &f, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	assert_null(f);
	free(s);
	s = client_room_format("\002\002plain\0034\003 text\002", &f, &n);
	assert_string_equal(s, "plain text");
	assert_int_equal(n, 0);
	assert_null(f);
	free(s);
}

/* Topics, logs and --batch: the words only. */
static void
test_unformat(void **state)
{
	char	*s;

	s = client_room_unformat("\0037,x \004abcdef,123456y\002\017\021z");
	assert_string_equal(s, ",x yz");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_unformat),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
