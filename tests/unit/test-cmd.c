/* SPDX-License-Identifier: ISC */
/* test-cmd.c: the slash-command table: lookup, arguments, local commands. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "fake.h"

static void	 find_is(const char *, const char *);
static void	 find_fails(const char *, const char *);
static void	 execute_fails(struct client *, const char *, const char *);
static void	 split_is(const char *, int, int, const char *, const char *);
static void	 test_table(void **);
static void	 test_find_exact(void **);
static void	 test_find_prefix(void **);
static void	 test_find_errors(void **);
static void	 test_split(void **);
static void	 test_args(void **);
static void	 test_needs_room(void **);
static void	 test_local(void **);
static void	 test_ban_words(void **);
static void	 test_sanction_units(void **);

/* A name finds the command. */
static void
find_is(const char *name, const char *want)
{
	const struct cmd_entry	*e;
	char			*cause = NULL;

	e = cmd_find(name, &cause);
	if (e == NULL)
		fail_msg("/%s: %s", name, cause);
	assert_string_equal(e->name, want);
	assert_null(cause);
}

/* A name finds nothing, with a reason that says so. */
static void
find_fails(const char *name, const char *want)
{
	char	*cause = NULL;

	assert_null(cmd_find(name, &cause));
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("/%s: \"%s\" does not say \"%s\"", name, cause, want);
	free(cause);
}

/* A line is refused before anything is sent, with a reason. */
static void
execute_fails(struct client *c, const char *line, const char *want)
{
	char	*cause = NULL;

	assert_int_equal(cmd_execute(c, line, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", line, cause, want);
	free(cause);
	assert_int_equal(c->pending, 0);
}

/* Split a line into at most max words and compare the first two. */
static void
split_is(const char *line, int max, int argc, const char *a0,
    const char *a1)
{
	char	**argv;
	int	  n;

	cmd_split(line, max, &argv, &n);
	assert_int_equal(n, argc);
	if (argc > 0)
		assert_string_equal(argv[0], a0);
	if (argc > 1)
		assert_string_equal(argv[1], a1);
	cmd_free_argv(n, argv);
}

/* Every entry is complete, and no name is given twice. */
static void
test_table(void **state)
{
	const struct cmd_entry	*e, *e2;

	for (e = cmd_table; e->name != NULL; e++) {
		assert_non_null(e->usage);
		assert_non_null(e->help);
		assert_non_null(e->exec);
		assert_true(e->minargs >= 0);
		assert_true(e->minargs <= e->maxargs);
		for (e2 = e + 1; e2->name != NULL; e2++) {
			assert_true(strcasecmp(e->name, e2->name) != 0);
			if (e->alias != NULL)
				assert_true(strcasecmp(e->alias,
				    e2->name) != 0);
		}
		/* Each name and alias finds its own entry. */
		find_is(e->name, e->name);
		if (e->alias != NULL)
			find_is(e->alias, e->name);
	}
}

/* Exact names and aliases, in any case. */
static void
test_find_exact(void **state)
{
	find_is("join", "join");
	find_is("JOIN", "join");
	find_is("part", "leave");
	find_is("query", "msg");
	find_is("exit", "quit");
	find_is("ban", "ban");		/* not ambiguous with /bans */
	find_is("bans", "bans");
}

/* A unique prefix is enough. */
static void
test_find_prefix(void **state)
{
	find_is("jo", "join");
	find_is("cr", "create");
	find_is("ki", "kick");
	find_is("Top", "topic");
}

/* Unknown and ambiguous names say so; some commands want their full name. */
static void
test_find_errors(void **state)
{
	find_fails("xyzzy", "unknown command: /xyzzy");
	find_fails("ba", "ambiguous command: /ba could be");
	find_fails("ba", "/ban");
	find_fails("ba", "/bans");
	find_fails("un", "ambiguous");
	find_fails("shutd", "unknown command");	/* cannot be undone */
	find_fails("", "unknown command");
}

/* Arguments: words, the last taking the rest of the line. */
static void
test_split(void **state)
{
	split_is("", 2, 0, NULL, NULL);
	split_is("   ", 2, 0, NULL, NULL);
	split_is("bob", 2, 1, "bob", NULL);
	split_is("  bob   being  rude  ", 2, 2, "bob", "being  rude");
	split_is("a b c", 3, 3, "a", "b");
	split_is("a b c d", 1, 1, "a b c d", NULL);
}

/* Too few or too many arguments give the usage. */
static void
test_args(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	execute_fails(c, "/join", "usage: /join");
	execute_fails(c, "/nick", "usage: /nick");
	execute_fails(c, "/rooms now", "/rooms takes no arguments");
	execute_fails(c, "/clear all", "/clear takes no arguments");
	execute_fails(c, "/r hi", "/rooms takes no arguments");
	execute_fails(c, "/nosuch", "unknown command");
	execute_fails(c, "@bob", "usage: @NICK TEXT");
	execute_fails(c, "/mute bob 2x spam", "a duration is like");
	execute_fails(c, "/mute bob 400d", "at most 365d");
	/* A word that looks like a duration is one, never a reason. */
	execute_fails(c, "/ban bob 2x", "2x is not a duration");
	execute_fails(c, "/ban bob 0m x", "0m is not a duration");
	execute_fails(c, "/ban bob -5m spam", "-5m is not a duration");
	execute_fails(c, "/ban bob 99999d", "at most 365d");
	execute_fails(c, "/ban -force 10.0.0.0/8 2nd time",
	    "2nd is not a duration");
	/* Any word that starts with a digit: a unit not known, 1.5h. */
	execute_fails(c, "/mute bob 7\xec\x9d\xbc\xea\xb0\x84",
	    "is not a duration");				/* 7일간 */
	execute_fails(c, "/ban bob 1.5h", "1.5h is not a duration");
	execute_fails(c, "/ban bob 3jrs spam", "units s, m, h, d, w");
	execute_fails(c, "/ircpass short", "a password must be 8 to 256");
	execute_fails(c, "/ircpass tab\there!!", "without control characters");
	assert_true(cmd_ircpass_secret("/ircpass hunter22"));
	assert_true(cmd_ircpass_secret("/IRCPASS hunter22"));
	assert_false(cmd_ircpass_secret("/ircpassword x"));
	assert_false(cmd_ircpass_secret("/oper x"));
}

/* Commands that need a room, and text outside one. */
static void
test_needs_room(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;

	execute_fails(c, "/me waves", "/me needs a room");
	execute_fails(c, "/topic", "/topic needs a room");
	execute_fails(c, "hello", "you are not in a room");
	execute_fails(c, "/leave", "there is nothing to leave here");
	execute_fails(c, "/leave dev", "you are not in #dev");
	execute_fails(c, "/leave #dev", "you are not in #dev");
	/* In a room, the status window says where to go instead. */
	r = client_room(c, "dev", CLIENT_ROOM_NEW);
	r->flags |= CROOM_JOINED;
	execute_fails(c, "hello", "the status window takes no messages");
}

/* Local commands work without a connection. */
static void
test_local(void **state)
{
	struct fake		*f = *state;
	struct client		*c = f->client;
	const struct cmd_entry	*e;
	struct croom		*r;
	const char		*event;
	char			*cause = NULL;
	u_int			 n = 0;

	for (e = cmd_table; e->name != NULL; e++)
		n++;
	assert_int_equal(cmd_execute(c, "/help", &cause), 0);
	assert_true(f->lines > n);
	assert_true(c->status->buf.count > n);
	f->lines = 0;
	assert_int_equal(cmd_execute(c, "/help /kick", &cause), 0);
	assert_int_equal(f->lines, 1);
	assert_non_null(strstr(f->last_line->text, "/kick"));
	/* Help for no command: not "unknown command ... (try /help)". */
	assert_int_equal(cmd_execute(c, "/help nosuch", &cause), -1);
	assert_string_equal(cause, "no help for nosuch: /help lists the "
	    "commands, /help keys the keys");
	free(cause);
	cause = NULL;
	/* An ambiguous prefix still lists the candidates. */
	assert_int_equal(cmd_execute(c, "/help /l", &cause), -1);
	assert_non_null(strstr(cause, "could be"));
	free(cause);
	cause = NULL;
	assert_int_equal(cmd_execute(c, "/clear", &cause), 0);
	assert_int_equal(c->status->buf.count, 0);

	/*
	 * /msg NICK opens a conversation with someone in a room of ours;
	 * /leave closes it again and shows a room.
	 */
	event = "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"\","
	    "\"members\":[\"ann\",\"bob\"]}";
	client_event_dispatch(c, event, strlen(event));
	assert_int_equal(cmd_execute(c, "/msg bob", &cause), 0);
	r = client_room(c, "bob", CLIENT_ROOM_DM);
	assert_non_null(r);
	assert_ptr_equal(c->current, r);
	assert_true(r->flags & CROOM_DM);
	assert_int_equal(cmd_execute(c, "/leave", &cause), 0);
	assert_ptr_equal(c->current, client_room(c, "dev", 0));
	assert_false(r->flags & CROOM_JOINED);

	/* A request needs a connection: refused, and the user is told. */
	f->lines = 0;
	assert_int_equal(cmd_execute(c, "/rooms", &cause), CLIENT_NOT_SENT);
	assert_null(cause);
	assert_int_equal(f->lines, 1);
	assert_int_equal(f->last_line->kind, CLINE_ERROR);
}

/*
 * What /ban sends: a duration, 0 for good (then the reason may start
 * with a digit), a reason with no duration.
 */
static void
test_ban_words(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause, *out;

	fake_connect(f);
	fake_welcome(f);
	free(fake_sent(f));
	assert_int_equal(cmd_execute(c, "/ban bob 2h being rude", &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban bob 0 2nd warning", &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban bob spam 2x", &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban -force 10.0.0.0/8 52w",
	    &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban 10.0.0.0/8 spam 1.5h", &cause),
	    0);
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"ban\",\"seq\":1,\"target\":\"bob\","
	    "\"duration\":\"2h\",\"reason\":\"being rude\"}\n"
	    "{\"type\":\"ban\",\"seq\":2,\"target\":\"bob\","
	    "\"reason\":\"2nd warning\"}\n"
	    "{\"type\":\"ban\",\"seq\":3,\"target\":\"bob\","
	    "\"reason\":\"spam 2x\"}\n"
	    "{\"type\":\"ban\",\"seq\":4,\"target\":\"10.0.0.0/8\","
	    "\"duration\":\"52w\",\"force\":true}\n"
	    "{\"type\":\"ban\",\"seq\":5,\"target\":\"10.0.0.0/8\","
	    "\"reason\":\"spam 1.5h\"}\n");
	free(out);
}

/*
 * Durations in parts and in French or Korean units go to the hub as one
 * word any hub reads; a Korean one is never a reason (F7 of the walk).
 */
static void
test_sanction_units(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause, *out;

	fake_connect(f);
	fake_welcome(f);
	free(fake_sent(f));
	assert_int_equal(cmd_execute(c, "/mute bob 7\xec\x9d\xbc", &cause),
	    0);						/* 7일 */
	assert_int_equal(cmd_execute(c, "/mute bob 3\xeb\xb6\x84 stop",
	    &cause), 0);				/* 3분 */
	assert_int_equal(cmd_execute(c, "/ban bob 2h30m being rude", &cause),
	    0);
	assert_int_equal(cmd_execute(c, "/ban bob 1 h 30 min spam", &cause),
	    0);
	assert_int_equal(cmd_execute(c, "/ban bob 7 j", &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban -force bob 1d12h", &cause), 0);
	assert_int_equal(cmd_execute(c, "/ban bob 5 spammer", &cause), 0);
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"mute\",\"seq\":1,\"nick\":\"bob\","
	    "\"duration\":\"7d\"}\n"
	    "{\"type\":\"mute\",\"seq\":2,\"nick\":\"bob\","
	    "\"duration\":\"3m\",\"reason\":\"stop\"}\n"
	    "{\"type\":\"ban\",\"seq\":3,\"target\":\"bob\","
	    "\"duration\":\"150m\",\"reason\":\"being rude\"}\n"
	    "{\"type\":\"ban\",\"seq\":4,\"target\":\"bob\","
	    "\"duration\":\"90m\",\"reason\":\"spam\"}\n"
	    "{\"type\":\"ban\",\"seq\":5,\"target\":\"bob\","
	    "\"duration\":\"7d\"}\n"
	    "{\"type\":\"ban\",\"seq\":6,\"target\":\"bob\","
	    "\"duration\":\"36h\",\"force\":true}\n"
	    "{\"type\":\"ban\",\"seq\":7,\"target\":\"bob\","
	    "\"duration\":\"5\",\"reason\":\"spammer\"}\n");
	free(out);
}

/* What /mute sends: as /ban, a duration or 0, then the reason. */
static void
test_mute_words(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause, *out;

	fake_connect(f);
	fake_welcome(f);
	free(fake_sent(f));
	assert_int_equal(cmd_execute(c, "/mute bob 30m caps lock", &cause),
	    0);
	assert_int_equal(cmd_execute(c, "/mute bob 0 2nd warning", &cause), 0);
	assert_int_equal(cmd_execute(c, "/mute bob flooding it", &cause), 0);
	assert_int_equal(cmd_execute(c, "/mute bob", &cause), 0);
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"mute\",\"seq\":1,\"nick\":\"bob\","
	    "\"duration\":\"30m\",\"reason\":\"caps lock\"}\n"
	    "{\"type\":\"mute\",\"seq\":2,\"nick\":\"bob\","
	    "\"reason\":\"2nd warning\"}\n"
	    "{\"type\":\"mute\",\"seq\":3,\"nick\":\"bob\","
	    "\"reason\":\"flooding it\"}\n"
	    "{\"type\":\"mute\",\"seq\":4,\"nick\":\"bob\"}\n");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_find_exact),
		cmocka_unit_test(test_find_prefix),
		cmocka_unit_test(test_find_errors),
		cmocka_unit_test(test_split),
		FAKE_TEST(test_args),
		FAKE_TEST(test_needs_room),
		FAKE_TEST(test_local),
		FAKE_TEST(test_ban_words),
		FAKE_TEST(test_sanction_units),
		FAKE_TEST(test_mute_words),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
