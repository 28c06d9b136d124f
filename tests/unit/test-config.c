/* SPDX-License-Identifier: ISC */
/* test-config.c: unit tests of config files, targets and paths (config.c). */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
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
#include "check.h"

#define MINSU	"\xea\xb9\x80\xeb\xaf\xbc\xec\x88\x98"	/* 김민수 */

static char	*write_temp(const char *);
static void	 target_ok(const char *, const char *, const char *,
		     const char *);
static void	 target_bad(const char *);
static void	 set_env(const char *, const char *);
static void	 test_load(void **);
static void	 test_load_empty(void **);
static void	 test_load_no_equals(void **);
static void	 test_load_missing(void **);
static void	 test_target(void **);
static void	 test_target_errors(void **);
static void	 test_target_empty_host(void **);
static void	 test_parse_number(void **);
static void	 test_paths_xdg(void **);
static void	 test_paths_home(void **);
static void	 test_make_parent_dirs(void **);
static void	 test_unknown_keys(void **);

/* Write text to a new temporary file and return its path. */
static char *
write_temp(const char *text)
{
	const char	*tmpdir;
	char		*path;
	int		 fd;
	size_t		 len = strlen(text);

	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	assert_true(asprintf(&path, "%s/test-config.XXXXXX", tmpdir) > 0);
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return (path);
}

/* A target that parses into the given parts (NULL for parts not given). */
static void
target_ok(const char *s, const char *nick, const char *host,
    const char *port)
{
	struct target	 t;
	char		*cause = NULL;

	if (target_parse(s, &t, &cause) != 0)
		fail_msg("target '%s' refused: %s", s, cause);
	if (nick == NULL)
		assert_null(t.nick);
	else
		assert_string_equal(t.nick, nick);
	if (host == NULL)
		assert_null(t.host);
	else
		assert_string_equal(t.host, host);
	if (port == NULL)
		assert_null(t.port);
	else
		assert_string_equal(t.port, port);
	target_free(&t);
	assert_null(t.nick);
	assert_null(t.host);
	assert_null(t.port);
}

/* A target that is refused with a reason quoting it, leaving t empty. */
static void
target_bad(const char *s)
{
	struct target	 t;
	char		*cause = NULL;

	if (target_parse(s, &t, &cause) == 0) {
		print_error("nick=%s host=%s port=%s\n",
		    t.nick != NULL ? t.nick : "(null)",
		    t.host != NULL ? t.host : "(null)",
		    t.port != NULL ? t.port : "(null)");
		target_free(&t);
		fail_msg("target '%s' accepted", s);
	}
	assert_non_null(cause);
	if (*s != '\0')
		assert_non_null(strstr(cause, s));
	assert_null(t.nick);
	assert_null(t.host);
	assert_null(t.port);
	free(cause);
}

/* Set or unset an environment variable. */
static void
set_env(const char *name, const char *value)
{
	if (value == NULL)
		assert_int_equal(unsetenv(name), 0);
	else
		assert_int_equal(setenv(name, value, 1), 0);
}

/* Comments, blank lines, spacing, key folding and the last-wins rule. */
static void
test_load(void **state)
{
	static const char	 text[] =
	    "# a comment\n"
	    "   # an indented comment\n"
	    "\n"
	    "   \t\n"
	    "nick = alice\n"
	    "  flush-interval=2   \n"
	    "HOST =\t example.org \t\n"
	    "port=7000\r\n"
	    "log-file = /tmp/with space.log\n"
	    "nick=bob\n"
	    "empty=\n"
	    "url = a=b # not a comment\n"
	    "greeting = " MINSU "\n"
	    "Last-Line=no newline";
	struct config_entry	*e;
	size_t			 n;
	char			*path, *cause = NULL;

	(void)state;

	path = write_temp(text);
	if (config_load(path, &e, &n, &cause) != 0)
		fail_msg("config_load: %s", cause);
	assert_int_equal(n, 10);

	assert_string_equal(e[0].key, "NICK");
	assert_string_equal(e[0].value, "alice");
	assert_int_equal(e[0].line, 5);
	assert_string_equal(e[1].key, "FLUSH_INTERVAL");
	assert_string_equal(e[1].value, "2");
	assert_int_equal(e[1].line, 6);
	assert_string_equal(e[2].key, "HOST");
	assert_string_equal(e[2].value, "example.org");
	assert_string_equal(e[3].key, "PORT");
	assert_string_equal(e[3].value, "7000");
	assert_string_equal(e[5].key, "NICK");
	assert_int_equal(e[5].line, 10);
	assert_string_equal(e[9].key, "LAST_LINE");
	assert_int_equal(e[9].line, 14);

	assert_string_equal(config_get(e, n, "NICK"), "bob");
	assert_string_equal(config_get(e, n, "FLUSH_INTERVAL"), "2");
	assert_string_equal(config_get(e, n, "LOG_FILE"),
	    "/tmp/with space.log");
	assert_string_equal(config_get(e, n, "EMPTY"), "");
	assert_string_equal(config_get(e, n, "URL"), "a=b # not a comment");
	assert_string_equal(config_get(e, n, "GREETING"), MINSU);
	assert_string_equal(config_get(e, n, "LAST_LINE"), "no newline");
	assert_null(config_get(e, n, "MISSING"));
	assert_null(config_get(e, n, "nick"));	/* lookups are upper case */
	assert_null(config_get(e, n, "FLUSH-INTERVAL"));
	assert_null(config_get(e, n, "A COMMENT"));

	config_free(e, n);
	unlink(path);
	free(path);
}

/* A file of only comments is no entries, not an error. */
static void
test_load_empty(void **state)
{
	struct config_entry	*e = NULL;
	size_t			 n = 99;
	char			*path, *cause = NULL;

	(void)state;

	path = write_temp("# nothing\n\n");
	assert_int_equal(config_load(path, &e, &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_null(config_get(e, n, "NICK"));
	config_free(e, n);
	unlink(path);
	free(path);

	path = write_temp("");
	assert_int_equal(config_load(path, &e, &n, &cause), 0);
	assert_int_equal(n, 0);
	config_free(e, n);
	unlink(path);
	free(path);
}

/* A line without '=' is an error naming the file and line. */
static void
test_load_no_equals(void **state)
{
	struct config_entry	*e;
	size_t			 n;
	char			*path, *cause = NULL, *where;

	(void)state;

	path = write_temp("a=1\n\n# c\nbogus line\nb=2\n");
	assert_int_equal(config_load(path, &e, &n, &cause), -1);
	assert_null(e);
	assert_int_equal(n, 0);
	assert_non_null(cause);
	assert_true(asprintf(&where, "%s:4:", path) > 0);
	if (strstr(cause, where) == NULL)
		fail_msg("cause '%s' does not name %s", cause, where);
	free(where);
	free(cause);
	unlink(path);
	free(path);
}

/* A missing file is an error naming the file and the reason. */
static void
test_load_missing(void **state)
{
	struct config_entry	*e;
	size_t			 n;
	char			*dir, *path, *cause = NULL;

	(void)state;

	dir = check_temp_dir("test-config");
	assert_true(asprintf(&path, "%s/no-such-file", dir) > 0);
	assert_int_equal(config_load(path, &e, &n, &cause), -1);
	assert_null(e);
	assert_int_equal(n, 0);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	free(path);
	check_remove_tree(dir);
	free(dir);
}

/* [nick@]host[:port], with bracketed or bare IPv6 addresses. */
static void
test_target(void **state)
{
	(void)state;

	target_ok("alice@host:7000", "alice", "host", "7000");
	target_ok("alice@host", "alice", "host", NULL);
	target_ok("host:7000", NULL, "host", "7000");
	target_ok("host", NULL, "host", NULL);
	target_ok("chat.example.org:1", NULL, "chat.example.org", "1");
	target_ok("10.0.0.1:65535", NULL, "10.0.0.1", "65535");
	target_ok("[::1]:7777", NULL, "::1", "7777");
	target_ok("[::1]", NULL, "::1", NULL);
	target_ok("bob@[::1]", "bob", "::1", NULL);
	target_ok("bob@[fe80::1%eth0]:7000", "bob", "fe80::1%eth0", "7000");
	target_ok("::1", NULL, "::1", NULL);
	target_ok("fe80::1:2", NULL, "fe80::1:2", NULL);
	target_ok("carol@::1", "carol", "::1", NULL);
	target_ok(MINSU "@host", MINSU, "host", NULL);
}

/* A room to join may end the target: /#room or /room. */
static void
test_target_room(void **state)
{
	struct target	 t;
	char		*cause = NULL;

	(void)state;

	assert_int_equal(target_parse("ann@[::1]:7000/#tea", &t, &cause), 0);
	assert_string_equal(t.nick, "ann");
	assert_string_equal(t.host, "::1");
	assert_string_equal(t.port, "7000");
	assert_string_equal(t.room, "tea");
	target_free(&t);

	assert_int_equal(target_parse("a:1,b:2/a/b", &t, &cause), 0);
	assert_string_equal(t.host, "a");
	assert_int_equal(t.nalts, 1);
	assert_string_equal(t.room, "a/b");
	target_free(&t);

	assert_int_equal(target_parse("host", &t, &cause), 0);
	assert_null(t.room);
	target_free(&t);

	target_bad("ann@host/#");
	target_bad("ann@host/");
	target_bad("/#tea");
}

/* Several hubs of a cluster: the first is the target, the rest follow. */
static void
test_target_list(void **state)
{
	struct target	 t;
	char		*cause = NULL;

	(void)state;

	assert_int_equal(target_parse("dan@a:7001,[::1]:7002,c", &t, &cause),
	    0);
	assert_string_equal(t.nick, "dan");
	assert_string_equal(t.host, "a");
	assert_string_equal(t.port, "7001");
	assert_int_equal(t.nalts, 2);
	assert_string_equal(t.alts[0], "::1");
	assert_string_equal(t.alt_ports[0], "7002");
	assert_string_equal(t.alts[1], "c");
	assert_null(t.alt_ports[1]);
	target_free(&t);

	assert_int_equal(target_parse("a,b", &t, &cause), 0);
	assert_null(t.nick);
	assert_string_equal(t.host, "a");
	assert_int_equal(t.nalts, 1);
	assert_string_equal(t.alts[0], "b");
	target_free(&t);

	target_bad("dan@a,");
	target_bad("dan@a,,b");
	target_bad("dan@a,bob@b");
	target_bad("dan@a,b:0");
	target_bad(",a");
}

/* Malformed targets are refused with a reason that quotes them. */
static void
test_target_errors(void **state)
{
	static const char	*bad[] = {
		"",
		"@host",
		"@",
		"host:0",
		"host:70000",
		"host:65536",
		"host:-1",
		"host:abc",
		"host:70x",
		"host:",
		"[::1",
		"[]",
		"[]:7000",
		"[::1]x",
		"[::1]:",
		"[::1]:0",
		"bob@[::1",
	};
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		target_bad(bad[i]);
}

/* A nick followed by '@' and nothing else names no hub: an error. */
static void
test_target_empty_host(void **state)
{
	(void)state;

	target_bad("alice@");
}

/* Decimal numbers within inclusive bounds; the output is set only on success. */
static void
test_parse_number(void **state)
{
	long long	v;

	(void)state;

	assert_int_equal(parse_number("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_number("10", 0, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(parse_number("-5", -10, 10, &v), 0);
	assert_true(v == -5);
	assert_int_equal(parse_number("9223372036854775807", 0, LLONG_MAX,
	    &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(parse_number("-9223372036854775808", LLONG_MIN, 0,
	    &v), 0);
	assert_true(v == LLONG_MIN);

	v = 42;
	assert_int_equal(parse_number("11", 0, 10, &v), -1);
	assert_int_equal(parse_number("-1", 0, 10, &v), -1);
	assert_int_equal(parse_number("-11", -10, 10, &v), -1);
	assert_int_equal(parse_number("", 0, 10, &v), -1);
	assert_int_equal(parse_number("abc", 0, 10, &v), -1);
	assert_int_equal(parse_number("5x", 0, 10, &v), -1);
	assert_int_equal(parse_number("5 ", 0, 10, &v), -1);
	assert_int_equal(parse_number("1.5", 0, 10, &v), -1);
	assert_int_equal(parse_number("0x5", 0, 10, &v), -1);
	assert_int_equal(parse_number("9223372036854775808", 0, LLONG_MAX,
	    &v), -1);
	assert_int_equal(parse_number("99999999999999999999999", LLONG_MIN,
	    LLONG_MAX, &v), -1);
	assert_int_equal(v, 42);
}

/* XDG_STATE_HOME and XDG_CONFIG_HOME are used when they are absolute. */
static void
test_paths_xdg(void **state)
{
	char	*p;

	(void)state;

	set_env("HOME", "/home/tester");
	set_env("XDG_STATE_HOME", "/xdg/state");
	set_env("XDG_CONFIG_HOME", "/xdg/config");
	p = state_path("history.json");
	assert_string_equal(p, "/xdg/state/chatroom/history.json");
	free(p);
	p = config_path("config");
	assert_string_equal(p, "/xdg/config/chatroom/config");
	free(p);
}

/* Without them (or with relative values) the paths are under HOME. */
static void
test_paths_home(void **state)
{
	char	*p;

	(void)state;

	set_env("HOME", "/home/tester");
	set_env("XDG_STATE_HOME", NULL);
	set_env("XDG_CONFIG_HOME", NULL);
	p = state_path("history.json");
	assert_string_equal(p, "/home/tester/.local/state/chatroom/"
	    "history.json");
	free(p);
	p = config_path("config");
	assert_string_equal(p, "/home/tester/.config/chatroom/config");
	free(p);

	/* The XDG spec says empty and relative values are ignored. */
	set_env("XDG_STATE_HOME", "");
	set_env("XDG_CONFIG_HOME", "relative/dir");
	p = state_path("history.json");
	assert_string_equal(p, "/home/tester/.local/state/chatroom/"
	    "history.json");
	free(p);
	p = config_path("config");
	assert_string_equal(p, "/home/tester/.config/chatroom/config");
	free(p);
	set_env("XDG_STATE_HOME", NULL);
	set_env("XDG_CONFIG_HOME", NULL);
}

/* The directories above a file are made; the file itself is not. */
static void
test_make_parent_dirs(void **state)
{
	struct stat	 st;
	char		*dir, *path, *sub, *cause = NULL;
	FILE		*f;

	(void)state;

	dir = check_temp_dir("test-config");
	assert_true(asprintf(&path, "%s/a/b/c/history.json", dir) > 0);
	assert_int_equal(make_parent_dirs(path, &cause), 0);
	assert_true(asprintf(&sub, "%s/a/b/c", dir) > 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 077, 0);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(make_parent_dirs(path, &cause), 0);	/* again */
	free(sub);
	free(path);

	/* A file in the way is an error with a reason. */
	assert_true(asprintf(&sub, "%s/file", dir) > 0);
	f = fopen(sub, "w");
	assert_non_null(f);
	fclose(f);
	assert_true(asprintf(&path, "%s/file/x/y", dir) > 0);
	assert_int_equal(make_parent_dirs(path, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, sub));
	free(cause);
	free(path);
	free(sub);
	check_remove_tree(dir);
	free(dir);
}

/*
 * Unknown keys of the client's file are noted with file and line, with
 * the known key they are likely a slip for (walk54 F4); known keys, in
 * any spelling config_load folds, are not.
 */
static void
test_unknown_keys(void **state)
{
	struct target	 t;
	char		*dir, *cfg, *path, *want;
	FILE		*f;

	(void)state;

	dir = check_temp_dir("test-config");
	assert_true(asprintf(&cfg, "%s/chatroom", dir) > 0);
	assert_int_equal(mkdir(cfg, 0700), 0);
	assert_true(asprintf(&path, "%s/config", cfg) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("HOST=example.org\nhighlights = typo\nnick-colours=no\n"
	    "NICKCOLOURS=no\nCOLOR=red\nLAG_PINGS=5\nX=1\n", f);
	fclose(f);
	set_env("XDG_CONFIG_HOME", dir);
	assert_int_equal(config_resolve_target(NULL, NULL, NULL, &t), 0);
	assert_int_equal(t.nproblems, 5);
	assert_true(asprintf(&want, "%s:2: unknown key HIGHLIGHTS, ignored "
	    "(did you mean HIGHLIGHT?)", path) > 0);
	assert_string_equal(t.problems[0], want);
	free(want);
	assert_true(asprintf(&want, "%s:4: unknown key NICKCOLOURS, ignored "
	    "(did you mean NICK_COLOURS?)", path) > 0);
	assert_string_equal(t.problems[1], want);
	free(want);
	assert_true(asprintf(&want, "%s:5: unknown key COLOR, ignored",
	    path) > 0);
	assert_string_equal(t.problems[2], want);
	free(want);
	assert_non_null(strstr(t.problems[3], ":6: unknown key LAG_PINGS, "
	    "ignored (did you mean LAG_PING?)"));
	assert_non_null(strstr(t.problems[4], ":7: unknown key X, ignored"));
	assert_null(strstr(t.problems[4], "did you mean"));
	target_free(&t);
	set_env("XDG_CONFIG_HOME", NULL);
	free(path);
	free(cfg);
	check_remove_tree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_empty),
		cmocka_unit_test(test_load_no_equals),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_target_errors),
		cmocka_unit_test(test_target_list),
		cmocka_unit_test(test_target_room),
		cmocka_unit_test(test_target_empty_host),
		cmocka_unit_test(test_parse_number),
		cmocka_unit_test(test_paths_xdg),
		cmocka_unit_test(test_paths_home),
		cmocka_unit_test(test_make_parent_dirs),
		cmocka_unit_test(test_unknown_keys),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
