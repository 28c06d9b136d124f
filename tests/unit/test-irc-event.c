/* SPDX-License-Identifier: ISC */
/* test-irc-event.c: unit tests of hub events as IRC lines (irc-event.c). */

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
#include "proto.h"
#include "irc.h"
#include "check.h"

#define GAEBAL	"\xea\xb0\x9c\xeb\xb0\x9c"		/* 개발 */
#define TS	1764497280123LL		/* 2025-11-30T10:08:00.123Z */
#define TIME	"@time=2025-11-30T10:08:00.123Z"

static char	*encode(const struct hub_event *, int, const char *);
static void	 test_event_msg(void **);
static void	 test_event_msg_split(void **);
static void	 test_event_dm(void **);
static void	 test_event_members(void **);
static void	 test_event_away(void **);
static void	 test_event_kicked(void **);
static void	 test_event_other(void **);
static void	 test_event_wanted(void **);
static void	 test_event_notice_tags(void **);
static void	 test_event_stamp(void **);
static void	 test_event_controls(void **);

/* Encode an event for a connection of nick with flags. */
static char *
encode(const struct hub_event *ev, int flags, const char *nick)
{
	struct irc_ctx	ctx = { "hub.test", nick, flags, NULL };
	struct jbuf	jb;

	jbuf_init(&jb);
	irc_event_encode(&jb, ev, &ctx);
	check_lines(jb.buf);
	return (jb.buf);
}

/* msg: PRIVMSG to the channel, with tags and as an action. */
static void
test_event_msg(void **state)
{
	struct hub_event	 ev;
	char			*s, *big, *p;
	u_int			 i;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = 42;
	ev.ts = TS;
	ev.room = "lobby";
	ev.nick = "alice";
	ev.text = "hello " GAEBAL;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test PRIVMSG #lobby "
	    ":hello " GAEBAL "\r\n");
	free(s);
	s = encode(&ev, IRC_TAGS, NULL);
	assert_string_equal(s, TIME ";msgid=42 :alice!alice@hub.test "
	    "PRIVMSG #lobby :hello " GAEBAL "\r\n");
	free(s);
	s = encode(&ev, IRC_SERVER_TIME, NULL);
	assert_string_equal(s, TIME " :alice!alice@hub.test "
	    "PRIVMSG #lobby :hello " GAEBAL "\r\n");
	free(s);

	/* An old message of 2000 lines is not 2000 PRIVMSGs. */
	big = xmalloc(4001);
	for (i = 0; i < 4000; i += 2)
		memcpy(big + i, ".\n", 2);
	big[4000] = '\0';
	ev.text = big;
	s = encode(&ev, 0, NULL);
	for (i = 0, p = s; (p = strstr(p, "\r\n")) != NULL; p += 2)
		i++;
	assert_int_equal(i, CR_TEXT_LINES_MAX + 16);
	assert_non_null(strstr(s, ":[the rest of this message is too long "
	    "for IRC]\r\n"));
	free(s);
	free(big);

	ev.action = 1;
	ev.text = "waves";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test PRIVMSG #lobby "
	    ":\001ACTION waves\001\r\n");
	free(s);

	/* No CTCP of its own (\001 in caret form), a picture as a line. */
	ev.action = 0;
	ev.text = "\001VERSION\001 cat.png";
	ev.image = "{\"w\":40,\"h\":20,\"rows\":[]}";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test PRIVMSG #lobby "
	    ":^AVERSION^A cat.png\r\n:alice!alice@hub.test PRIVMSG #lobby "
	    ":[picture 40\xc3\x97" "20]\r\n");
	free(s);
	ev.image = "not json";
	s = encode(&ev, 0, NULL);
	assert_non_null(strstr(s, ":[picture]\r\n"));
	free(s);
}

/* A multi-line, long message: a PRIVMSG per piece, each msgid its own. */
static void
test_event_msg_split(void **state)
{
	struct hub_event	 ev;
	char			*s, *text, *line, *p;
	u_int			 lines = 0;
	size_t			 total = 0, n;

	text = check_repeat(GAEBAL, 300);		/* 1800 bytes */
	xasprintf(&line, "first\n\n%s\nlast", text);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = 9;
	ev.ts = TS;
	ev.room = "lobby";
	ev.nick = "alice";
	ev.text = line;
	s = encode(&ev, IRC_TAGS, NULL);
	assert_non_null(strstr(s, "msgid=9 :alice!alice@hub.test PRIVMSG "
	    "#lobby :first\r\n"));
	assert_non_null(strstr(s, "msgid=9.2 "));
	assert_non_null(strstr(s, "msgid=9.6 :alice!alice@hub.test PRIVMSG "
	    "#lobby :last\r\n"));
	assert_null(strstr(s, "msgid=9.7 "));
	/* The Korean text comes back whole from pieces 2 to 5. */
	for (p = s; (p = strstr(p, "#lobby :")) != NULL; p += n) {
		p += strlen("#lobby :");
		n = strcspn(p, "\r");
		if (lines >= 1 && lines <= 4) {
			assert_memory_equal(p, text + total, n);
			total += n;
		}
		lines++;
	}
	assert_int_equal(lines, 6);
	assert_int_equal(total, strlen(text));
	free(s);
	free(line);
	free(text);
}

/* dm: PRIVMSG to the receiver. */
static void
test_event_dm(void **state)
{
	struct hub_event	 ev;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_DM;
	ev.id = 5;
	ev.nick = "alice";
	ev.to = "bob";
	ev.text = "psst";
	s = encode(&ev, IRC_TAGS, NULL);
	assert_string_equal(s, "@msgid=5 :alice!alice@hub.test PRIVMSG bob "
	    ":psst\r\n");
	free(s);
}

/* joined, left, signoff, renamed, topic_changed. */
static void
test_event_members(void **state)
{
	struct hub_event	 ev;
	char			*s, *topic;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_JOINED;
	ev.ts = TS;
	ev.room = "dev";
	ev.nick = "bob";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test JOIN #dev\r\n");
	free(s);
	s = encode(&ev, IRC_TAGS, NULL);
	assert_string_equal(s, TIME " :bob!bob@hub.test JOIN #dev\r\n");
	free(s);

	ev.type = PROTO_LEFT;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test PART #dev\r\n");
	free(s);
	ev.reason = "bye now";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test PART #dev :bye now\r\n");
	free(s);

	ev.type = PROTO_SIGNOFF;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT :bye now\r\n");
	free(s);
	ev.reason = NULL;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT :Quit\r\n");
	free(s);
	ev.reason = "quit";	/* the hub's word for none */
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT :Quit\r\n");
	free(s);

	ev.type = PROTO_RENAMED;
	ev.old = "bob";
	ev.nick = "robert";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test NICK :robert\r\n");
	free(s);

	ev.type = PROTO_TOPIC_CHANGED;
	ev.nick = "bob";
	ev.text = "release on Friday";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test TOPIC #dev "
	    ":release on Friday\r\n");
	free(s);
	/* A topic of 300 Korean characters is cut to fit. */
	topic = check_repeat(GAEBAL, 150);
	ev.text = topic;
	s = encode(&ev, 0, NULL);
	assert_true(strlen(s) > IRC_LINE_MAX - 3 && strlen(s) <= IRC_LINE_MAX);
	assert_true(utf8_valid(s, strlen(s)));
	free(s);
	free(topic);
}

/* lost and back: AWAY only for away-notify. */
static void
test_event_away(void **state)
{
	struct hub_event	 ev;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_LOST;
	ev.nick = "bob";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, "");
	free(s);
	s = encode(&ev, IRC_AWAY_NOTIFY, NULL);
	assert_string_equal(s, ":bob!bob@hub.test AWAY :Connection lost\r\n");
	free(s);
	ev.type = PROTO_BACK;
	s = encode(&ev, IRC_AWAY_NOTIFY, NULL);
	assert_string_equal(s, ":bob!bob@hub.test AWAY\r\n");
	free(s);
	/* With a room, a new session of a claimed nick: JOIN, for all. */
	ev.room = "dev";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test JOIN #dev\r\n");
	free(s);
	ev.away = "lunch";
	s = encode(&ev, IRC_AWAY_NOTIFY, NULL);
	assert_string_equal(s, ":bob!bob@hub.test JOIN #dev\r\n"
	    ":bob!bob@hub.test AWAY :lunch\r\n");
	free(s);
}

/* kicked: QUIT for everyone, KILL for the victim. */
static void
test_event_kicked(void **state)
{
	struct irc_ctx		 ctx = { "hub.test", "bob", 0, NULL };
	struct hub_event	 ev;
	struct jbuf		 jb;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_KICKED;
	ev.nick = "bob";
	ev.by = "root";
	ev.reason = "spam";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT "
	    ":Killed (root (spam))\r\n");
	free(s);
	jbuf_init(&jb);
	irc_event_kill(&jb, &ev, &ctx);
	assert_string_equal(jb.buf, ":root!root@hub.test KILL bob :spam\r\n");
	jbuf_free(&jb);
	ev.reason = NULL;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT :Killed (root)\r\n");
	free(s);
	ev.reason = "kicked";	/* the hub's word for none */
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":bob!bob@hub.test QUIT :Killed (root)\r\n");
	free(s);
	jbuf_init(&jb);
	irc_event_kill(&jb, &ev, &ctx);
	assert_string_equal(jb.buf, ":root!root@hub.test KILL bob :Killed\r\n");
	jbuf_free(&jb);
}

/* bye, error and ping; the listener's own answers encode as nothing. */
static void
test_event_other(void **state)
{
	struct hub_event	 ev;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_BYE;
	ev.reason = "maintenance";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, "ERROR :Closing link: maintenance\r\n");
	free(s);

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ERROR;
	ev.code = proto_err_name(PERR_NO_SUCH_ROOM);
	ev.room = "nowhere";
	ev.text = "no such room: nowhere";
	s = encode(&ev, IRC_TAGS, "alice");
	assert_string_equal(s, ":hub.test 403 alice #nowhere "
	    ":No such channel\r\n");
	free(s);
	ev.code = "no_such_code";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":hub.test 400 * * :no such room: nowhere\r\n");
	free(s);

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_PING;
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, "PING :hub.test\r\n");
	free(s);

	ev.type = PROTO_WELCOME;
	s = encode(&ev, IRC_TAGS, "alice");
	assert_string_equal(s, "");
	free(s);
}

/* Echo: one's own messages only with echo-message. */
static void
test_event_wanted(void **state)
{
	struct irc_ctx		ctx = { "hub.test", NULL, 0, NULL };
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.nick = "alice";
	assert_false(irc_event_wanted(&ev, "alice", &ctx));
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	ev.type = PROTO_DM;
	ev.to = "bob";
	assert_false(irc_event_wanted(&ev, "alice", &ctx));
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	ev.to = "alice";
	assert_true(irc_event_wanted(&ev, "alice", &ctx));
	ctx.flags = IRC_ECHO;
	ev.to = "bob";
	assert_true(irc_event_wanted(&ev, "alice", &ctx));

	ev.type = PROTO_LOST;
	assert_false(irc_event_wanted(&ev, "bob", &ctx));
	ev.type = PROTO_BACK;
	assert_false(irc_event_wanted(&ev, "bob", &ctx));
	ev.room = "dev";	/* a JOIN */
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	ev.room = NULL;
	ev.type = PROTO_LOST;
	ctx.flags = IRC_AWAY_NOTIFY;
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	ev.type = PROTO_JOINED;
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	ev.type = PROTO_NAMELIST;
	assert_false(irc_event_wanted(&ev, "bob", &ctx));
}

/*
 * A notice is NOTICE; client-only tags only with message-tags, after the
 * hub's, unescaped and escaped again; TAGMSG only with message-tags.
 */
static void
test_event_notice_tags(void **state)
{
	struct irc_ctx		 ctx = { "hub.test", NULL, 0, NULL };
	struct hub_event	 ev;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = 7;
	ev.ts = TS;
	ev.room = "lobby";
	ev.nick = "alice";
	ev.text = "heads up";
	ev.notice = 1;
	ev.tags = "+draft/reply=6;+x=a\\sb\\:c;+flag";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test NOTICE #lobby "
	    ":heads up\r\n");
	free(s);
	s = encode(&ev, IRC_SERVER_TIME, NULL);
	assert_string_equal(s, TIME " :alice!alice@hub.test NOTICE #lobby "
	    ":heads up\r\n");
	free(s);
	s = encode(&ev, IRC_TAGS, NULL);
	assert_string_equal(s, TIME ";msgid=7;+draft/reply=6;+x=a\\sb\\:c;"
	    "+flag :alice!alice@hub.test NOTICE #lobby :heads up\r\n");
	free(s);

	ev.type = PROTO_DM;
	ev.to = "bob";
	ev.notice = 0;
	ev.text = NULL;
	ev.tagmsg = 1;
	ev.tags = "+typing=active";
	s = encode(&ev, IRC_TAGS, "bob");
	assert_string_equal(s, TIME ";msgid=7;+typing=active "
	    ":alice!alice@hub.test TAGMSG bob\r\n");
	free(s);
	assert_false(irc_event_wanted(&ev, "bob", &ctx));
	ctx.flags = IRC_SERVER_TIME;
	assert_false(irc_event_wanted(&ev, "bob", &ctx));
	ctx.flags = IRC_TAGS;
	assert_true(irc_event_wanted(&ev, "bob", &ctx));
	assert_false(irc_event_wanted(&ev, "alice", &ctx));
	ctx.flags = IRC_TAGS|IRC_ECHO;
	assert_true(irc_event_wanted(&ev, "alice", &ctx));
}

/*
 * A replay to a client without server-time: the stamp goes before each
 * line of the message, the picture's line too, and long lines are cut
 * with room for it.
 */
static void
test_event_stamp(void **state)
{
	struct irc_ctx		 ctx = { "hub.test", NULL, 0, "[10:08] " };
	struct hub_event	 ev;
	struct jbuf		 jb;
	char			*text, *p, *eol;
	u_int			 lines = 0;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.ts = TS;
	ev.room = "lobby";
	ev.nick = "alice";
	ev.text = "cat.png\nsecond line";
	ev.image = "{\"w\":30,\"h\":15,\"rows\":[]}";
	jbuf_init(&jb);
	irc_event_encode(&jb, &ev, &ctx);
	check_lines(jb.buf);
	assert_string_equal(jb.buf, ":alice!alice@hub.test PRIVMSG #lobby "
	    ":[10:08] cat.png\r\n"
	    ":alice!alice@hub.test PRIVMSG #lobby :[10:08] second line\r\n"
	    ":alice!alice@hub.test PRIVMSG #lobby "
	    ":[10:08] [picture 30\xc3\x97" "15]\r\n");
	jbuf_free(&jb);

	/* A long text: every piece has the stamp and fits a line. */
	text = check_repeat("word ", 200);
	ev.text = text;
	ev.image = NULL;
	jbuf_init(&jb);
	irc_event_encode(&jb, &ev, &ctx);
	check_lines(jb.buf);
	for (p = jb.buf; (eol = strstr(p, "\r\n")) != NULL; p = eol + 2) {
		assert_true(eol + 2 - p <= 512);
		assert_memory_equal(p, ":alice!alice@hub.test PRIVMSG #lobby "
		    ":[10:08] ", 46);
		lines++;
	}
	assert_true(lines >= 2);
	jbuf_free(&jb);
	free(text);
}

/*
 * Text a native user wrote reaches IRC users without terminal controls:
 * ESC, BEL, DEL and \001 in caret form, C1 as U+FFFD, a tab as a space,
 * as the terminal client shows them; IRC's formatting codes and the line
 * break of a two-line message pass.
 */
static void
test_event_controls(void **state)
{
	struct hub_event	 ev;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.room = "dev";
	ev.nick = "alice";
	ev.text = "\033]2;title\007 \002bold\002 \0034red\003 \177"
	    "\xc2\x9b" "2J \001x\001\ty\nnext";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test PRIVMSG #dev "
	    ":^[]2;title^G \002bold\002 \0034red\003 ^?\xef\xbf\xbd"
	    "2J ^Ax^A y\r\n"
	    ":alice!alice@hub.test PRIVMSG #dev :next\r\n");
	free(s);

	ev.type = PROTO_TOPIC_CHANGED;
	ev.text = "\033[2Jtopic\bx";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test TOPIC #dev "
	    ":^[[2Jtopic^Hx\r\n");
	free(s);

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_SIGNOFF;
	ev.nick = "alice";
	ev.reason = "bye\033[31m";
	s = encode(&ev, 0, NULL);
	assert_string_equal(s, ":alice!alice@hub.test QUIT :bye^[[31m\r\n");
	free(s);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_msg),
		cmocka_unit_test(test_event_msg_split),
		cmocka_unit_test(test_event_dm),
		cmocka_unit_test(test_event_members),
		cmocka_unit_test(test_event_away),
		cmocka_unit_test(test_event_kicked),
		cmocka_unit_test(test_event_other),
		cmocka_unit_test(test_event_wanted),
		cmocka_unit_test(test_event_notice_tags),
		cmocka_unit_test(test_event_stamp),
		cmocka_unit_test(test_event_controls),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
