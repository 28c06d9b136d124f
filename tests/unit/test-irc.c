/* SPDX-License-Identifier: ISC */
/* test-irc.c: unit tests of IRC lines, text pieces and numerics (irc.c). */

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
#define GRIN	"\xf0\x9f\x98\x80"			/* U+1F600 😀 */
#define TIME	"@time=2025-11-30T10:08:00.123Z"

static void	 parse_ok(const char *, struct irc_msg *);
static void	 parse_bad(const char *, size_t, enum irc_perr);
static char	*build_msg(const struct irc_msg *);
static void	 test_parse_plain(void **);
static void	 test_parse_tags(void **);
static void	 test_parse_endings(void **);
static void	 test_parse_params(void **);
static void	 test_parse_errors(void **);
static void	 test_parse_limits(void **);
static void	 test_build(void **);
static void	 test_build_bad(void **);
static void	 test_build_fit(void **);
static void	 test_round_trip(void **);
static void	 test_tag_escape(void **);
static void	 test_split_lines(void **);
static void	 test_split_utf8(void **);
static void	 test_split_fit(void **);
static void	 test_ctcp(void **);
static void	 test_numerics(void **);
static void	 test_err_encode(void **);

/* Parse a line that must parse. */
static void
parse_ok(const char *line, struct irc_msg *msg)
{
	enum irc_perr	 err;
	char		*cause = NULL;

	if (irc_parse(line, strlen(line), msg, &err, &cause) != 0)
		fail_msg("%s: %s", line, cause);
	assert_int_equal(err, IRC_PERR_NONE);
	assert_null(cause);
}

/* Parse len bytes that must fail with err. */
static void
parse_bad(const char *line, size_t len, enum irc_perr want)
{
	struct irc_msg	 msg;
	enum irc_perr	 err;
	char		*cause = NULL;

	assert_int_equal(irc_parse(line, len, &msg, &err, &cause), -1);
	assert_int_equal(err, want);
	assert_non_null(cause);
	assert_null(msg.buf);
	free(cause);
}

/* Build a parsed line again; NULL if it cannot be. */
static char *
build_msg(const struct irc_msg *msg)
{
	struct jbuf	 jb;
	char		*cause = NULL;

	jbuf_init(&jb);
	if (irc_build(&jb, msg->tags, msg->ntags, msg->source, msg->command,
	    msg->params, msg->nparams, 0, &cause) != 0) {
		free(cause);
		jbuf_free(&jb);
		return (NULL);
	}
	return (jb.buf);
}

/* A plain line: source, command in upper case, params, trailing. */
static void
test_parse_plain(void **state)
{
	struct irc_msg	msg;

	parse_ok(":alice!a@host privmsg #lobby :hello  world\r\n", &msg);
	assert_string_equal(msg.source, "alice!a@host");
	assert_string_equal(msg.command, "PRIVMSG");
	assert_int_equal(msg.nparams, 2);
	assert_string_equal(msg.params[0], "#lobby");
	assert_string_equal(msg.params[1], "hello  world");
	assert_true(msg.trailing);
	assert_int_equal(msg.ntags, 0);
	irc_msg_free(&msg);

	parse_ok("JOIN #a,#b", &msg);
	assert_null(msg.source);
	assert_string_equal(msg.command, "JOIN");
	assert_int_equal(msg.nparams, 1);
	assert_string_equal(msg.params[0], "#a,#b");
	assert_false(msg.trailing);
	irc_msg_free(&msg);

	parse_ok("PRIVMSG bob ::-) hi", &msg);
	assert_string_equal(msg.params[1], ":-) hi");
	irc_msg_free(&msg);

	parse_ok("001 alice :Welcome", &msg);
	assert_string_equal(msg.command, "001");
	irc_msg_free(&msg);
}

/* Tags: values unescaped, no value, last one wins, bad keys dropped. */
static void
test_parse_tags(void **state)
{
	struct irc_msg	msg;

	parse_ok("@time=2025-11-30T10:08:00.123Z;msgid=12;"
	    "+example.com/x=a\\sb\\:c\\\\d\\r\\n\\q;flag;;bad_key=1;"
	    "msgid=13;trail=x\\ :n!u@h PRIVMSG #a :hi\n", &msg);
	assert_int_equal(msg.ntags, 6);
	assert_string_equal(irc_msg_tag(&msg, "time"),
	    "2025-11-30T10:08:00.123Z");
	assert_string_equal(irc_msg_tag(&msg, "msgid"), "13");
	assert_string_equal(irc_msg_tag(&msg, "+example.com/x"),
	    "a b;c\\d\r\nq");
	assert_string_equal(irc_msg_tag(&msg, "flag"), "");
	assert_string_equal(irc_msg_tag(&msg, "trail"), "x");
	assert_null(irc_msg_tag(&msg, "bad_key"));
	assert_null(irc_msg_tag(&msg, "nope"));
	assert_string_equal(msg.source, "n!u@h");
	assert_string_equal(msg.command, "PRIVMSG");
	assert_string_equal(msg.params[1], "hi");
	irc_msg_free(&msg);

	parse_ok("@a=1   PING   x", &msg);
	assert_int_equal(msg.ntags, 1);
	assert_string_equal(msg.command, "PING");
	assert_string_equal(msg.params[0], "x");
	irc_msg_free(&msg);
}

/* "\r\n", "\n" alone and no ending at all read the same. */
static void
test_parse_endings(void **state)
{
	const char	*lines[] = { "NICK alice\r\n", "NICK alice\n",
			    "NICK alice", "NICK :alice\r\n" };
	struct irc_msg	 msg;
	u_int		 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		parse_ok(lines[i], &msg);
		assert_string_equal(msg.command, "NICK");
		assert_int_equal(msg.nparams, 1);
		assert_string_equal(msg.params[0], "alice");
		irc_msg_free(&msg);
	}
	parse_ok("PRIVMSG #a :x\\r\r\n", &msg);
	assert_string_equal(msg.params[1], "x\\r");
	irc_msg_free(&msg);
}

/* Empty and spaced params, and the fifteenth that takes the rest. */
static void
test_parse_params(void **state)
{
	struct irc_msg	msg;

	parse_ok("USER a 0 * :", &msg);
	assert_int_equal(msg.nparams, 4);
	assert_string_equal(msg.params[3], "");
	assert_true(msg.trailing);
	irc_msg_free(&msg);

	parse_ok("JOIN :", &msg);
	assert_int_equal(msg.nparams, 1);
	assert_string_equal(msg.params[0], "");
	irc_msg_free(&msg);

	parse_ok("MODE   #a    +o   bob   ", &msg);
	assert_int_equal(msg.nparams, 3);
	assert_string_equal(msg.params[2], "bob");
	assert_false(msg.trailing);
	irc_msg_free(&msg);

	parse_ok("CAP", &msg);
	assert_int_equal(msg.nparams, 0);
	irc_msg_free(&msg);

	parse_ok("X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 :17", &msg);
	assert_int_equal(msg.nparams, 15);
	assert_string_equal(msg.params[13], "14");
	assert_string_equal(msg.params[14], "15 16 :17");
	assert_false(msg.trailing);
	irc_msg_free(&msg);

	parse_ok("X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 16", &msg);
	assert_int_equal(msg.nparams, 15);
	assert_string_equal(msg.params[14], "15 16");
	assert_true(msg.trailing);
	irc_msg_free(&msg);
}

/* Lines that are not messages. */
static void
test_parse_errors(void **state)
{
	parse_bad("", 0, IRC_PERR_EMPTY);
	parse_bad("\r\n", 2, IRC_PERR_EMPTY);
	parse_bad("   \n", 4, IRC_PERR_EMPTY);
	parse_bad("@a=b", 4, IRC_PERR_NO_COMMAND);
	parse_bad("@a=b   ", 7, IRC_PERR_NO_COMMAND);
	parse_bad(":src", 4, IRC_PERR_NO_COMMAND);
	parse_bad(":src  \r\n", 8, IRC_PERR_NO_COMMAND);
	parse_bad(": :x", 4, IRC_PERR_NO_COMMAND);
	parse_bad("@bad_key @X", 11, IRC_PERR_NO_COMMAND);
	parse_bad("@a :s :X", 8, IRC_PERR_NO_COMMAND);
	parse_bad("PING a\0b", 8, IRC_PERR_BAD_CHAR);
	parse_bad("PING a\rb", 8, IRC_PERR_BAD_CHAR);
	parse_bad("PING a\nb\n", 9, IRC_PERR_BAD_CHAR);
	assert_int_equal(irc_perr_numeric(IRC_PERR_EMPTY), 0);
	assert_int_equal(irc_perr_numeric(IRC_PERR_BAD_CHAR), 0);
	assert_int_equal(irc_perr_numeric(IRC_PERR_NO_COMMAND), 0);
}

/* 512 bytes with "\r\n" after the tags, and 4096 of tags: 417 beyond. */
static void
test_parse_limits(void **state)
{
	struct irc_msg	 msg;
	char		*text, *tagv, *line;

	/* "PRIVMSG #a :" is 12 bytes: 498 of text make 510 and "\r\n". */
	text = check_repeat("x", 498);
	xasprintf(&line, "PRIVMSG #a :%s\r\n", text);
	assert_int_equal(strlen(line), IRC_LINE_MAX);
	parse_ok(line, &msg);
	assert_int_equal(strlen(msg.params[1]), 498);
	irc_msg_free(&msg);
	free(line);
	xasprintf(&line, "PRIVMSG #a :%sy\r\n", text);
	parse_bad(line, strlen(line), IRC_PERR_TOO_LONG);
	assert_int_equal(irc_perr_numeric(IRC_PERR_TOO_LONG), 417);
	free(line);
	/* Without "\r\n" the limit is the same. */
	xasprintf(&line, "PRIVMSG #a :%sy", text);
	parse_bad(line, strlen(line), IRC_PERR_TOO_LONG);
	free(line);

	/* "@a=" and a space are 4 bytes: 4092 of value fill 4096. */
	tagv = check_repeat("v", 4092);
	xasprintf(&line, "@a=%s PRIVMSG #a :%s\r\n", tagv, text);
	assert_int_equal(strlen(line), IRC_INPUT_MAX);
	parse_ok(line, &msg);
	assert_int_equal(strlen(irc_msg_tag(&msg, "a")), 4092);
	assert_int_equal(strlen(msg.params[1]), 498);
	irc_msg_free(&msg);
	free(line);
	xasprintf(&line, "@a=%sv PING x\r\n", tagv);
	parse_bad(line, strlen(line), IRC_PERR_TAGS_TOO_LONG);
	assert_int_equal(irc_perr_numeric(IRC_PERR_TAGS_TOO_LONG), 417);
	free(line);
	free(tagv);
	free(text);
}

/* Lines as servers write them. */
static void
test_build(void **state)
{
	struct irc_tag	 tags[] = {
		{ "time", "2025-11-30T10:08:00.123Z" }, { "msgid", "7" },
		{ "+x", "a b;c" }, { "flag", "" }, { "none", NULL }
	};
	const char	*p[4];
	struct jbuf	 jb;

	jbuf_init(&jb);
	p[0] = "#lobby";
	p[1] = "hello world";
	assert_int_equal(irc_build(&jb, NULL, 0, "a!a@h", "PRIVMSG", p, 2, 0,
	    NULL), 0);
	assert_string_equal(jb.buf, ":a!a@h PRIVMSG #lobby :hello world\r\n");

	jbuf_reset(&jb);
	p[1] = "hello";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2, 0,
	    NULL), 0);
	assert_string_equal(jb.buf, "PRIVMSG #lobby hello\r\n");
	jbuf_reset(&jb);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2,
	    IRC_BUILD_TRAILING, NULL), 0);
	assert_string_equal(jb.buf, "PRIVMSG #lobby :hello\r\n");

	/* Empty and ':' last params need their ':'; lines append. */
	jbuf_reset(&jb);
	p[0] = "a";
	p[1] = "0";
	p[2] = "*";
	p[3] = "";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "USER", p, 4, 0, NULL),
	    0);
	p[0] = ":-)";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "X", p, 1, 0, NULL), 0);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "CAP", NULL, 0, 0,
	    NULL), 0);
	assert_string_equal(jb.buf, "USER a 0 * :\r\nX ::-)\r\nCAP\r\n");

	jbuf_reset(&jb);
	p[0] = "#a";
	p[1] = "hi";
	assert_int_equal(irc_build(&jb, tags, 5, "s", "PRIVMSG", p, 2, 0,
	    NULL), 0);
	assert_string_equal(jb.buf, TIME ";msgid=7;+x=a\\sb\\:c;flag;none "
	    ":s PRIVMSG #a hi\r\n");
	jbuf_free(&jb);
}

/* What would break the grammar is refused, and nothing is appended. */
static void
test_build_bad(void **state)
{
	struct irc_tag	 bad = { "a b", "1" };
	const char	*p[16], *mid[] = { "a b", "", ":x", "a\rb" };
	struct jbuf	 jb;
	char		*cause, *text;
	u_int		 i;

	jbuf_init(&jb);
	jbuf_add(&jb, "keep", 4);
	for (i = 0; i < sizeof mid / sizeof mid[0]; i++) {
		p[0] = mid[i];
		p[1] = "x";
		cause = NULL;
		assert_int_equal(irc_build(&jb, NULL, 0, NULL, "X", p, 2, 0,
		    &cause), -1);
		assert_non_null(cause);
		free(cause);
		assert_string_equal(jb.buf, "keep");
	}
	p[0] = "a\nb";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "X", p, 1, 0, NULL),
	    -1);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, ":X", NULL, 0, 0,
	    NULL), -1);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "@X", NULL, 0, 0,
	    NULL), -1);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "", NULL, 0, 0, NULL),
	    -1);
	assert_int_equal(irc_build(&jb, NULL, 0, "a b", "X", NULL, 0, 0,
	    NULL), -1);
	assert_int_equal(irc_build(&jb, &bad, 1, NULL, "X", NULL, 0, 0,
	    NULL), -1);
	for (i = 0; i < 16; i++)
		p[i] = "p";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "X", p, 16, 0, NULL),
	    -1);
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "X", p, 15, 0, NULL),
	    0);
	jbuf_reset(&jb);
	/* A command reads well after a source. */
	assert_int_equal(irc_build(&jb, NULL, 0, "s", ":X", NULL, 0, 0, NULL),
	    0);
	assert_string_equal(jb.buf, ":s :X\r\n");

	jbuf_reset(&jb);
	text = check_repeat("x", 500);
	p[0] = "#a";
	p[1] = text;
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2, 0,
	    NULL), -1);
	assert_int_equal(jb.len, 0);
	text[499] = '\0';
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2, 0,
	    NULL), 0);
	assert_int_equal(jb.len, IRC_LINE_MAX);
	free(text);
	jbuf_free(&jb);
}

/* IRC_BUILD_FIT cuts the last param at a character and drops newlines. */
static void
test_build_fit(void **state)
{
	const char	*p[2];
	struct jbuf	 jb;
	char		*text;

	jbuf_init(&jb);
	/* 12 bytes before the text: 498 left, 166 characters of 3 bytes. */
	text = check_repeat(GAEBAL, 100);
	p[0] = "#a";
	p[1] = text;
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2,
	    IRC_BUILD_TRAILING|IRC_BUILD_FIT, NULL), 0);
	assert_int_equal(jb.len, 12 + 498 + 2);
	assert_true(utf8_valid(jb.buf, jb.len));
	free(text);

	/* 497 bytes: one more 4-byte character would not fit. */
	jbuf_reset(&jb);
	text = check_repeat(GRIN, 130);
	p[1] = text;
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "PRIVMSG", p, 2,
	    IRC_BUILD_TRAILING|IRC_BUILD_FIT, NULL), 0);
	assert_int_equal(jb.len, 12 + 496 + 2);
	assert_true(utf8_valid(jb.buf, jb.len));
	free(text);

	jbuf_reset(&jb);
	p[1] = "two\r\nlines";
	assert_int_equal(irc_build(&jb, NULL, 0, NULL, "TOPIC", p, 2,
	    IRC_BUILD_FIT, NULL), 0);
	assert_string_equal(jb.buf, "TOPIC #a :two  lines\r\n");
	jbuf_free(&jb);
}

/* Parsed lines build back to the same message. */
static void
test_round_trip(void **state)
{
	const char	*lines[] = {
		":n!u@h PRIVMSG #a :hello world\r\n",
		"@msgid=1;+x=a\\sb;flag :s 001 n :Welcome here\r\n",
		"USER a 0 * :\r\n",
		"X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\r\n",
		"PING ::x\r\n",
	};
	struct irc_msg	 msg;
	char		*out;
	u_int		 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		parse_ok(lines[i], &msg);
		assert_non_null(out = build_msg(&msg));
		assert_string_equal(out, lines[i]);
		free(out);
		irc_msg_free(&msg);
	}
	parse_ok("  :s   PING   a   :b c", &msg);
	assert_non_null(out = build_msg(&msg));
	assert_string_equal(out, ":s PING a :b c\r\n");
	free(out);
	irc_msg_free(&msg);
}

/* Tag values escape and unescape back. */
static void
test_tag_escape(void **state)
{
	const char	*values[] = { "", "plain", "a;b c\\d\r\ne",
			    "\\\\;;  ", GAEBAL " " GRIN };
	struct jbuf	 jb;
	char		*copy;
	size_t		 n;
	u_int		 i;

	jbuf_init(&jb);
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		jbuf_reset(&jb);
		irc_tag_escape(&jb, values[i]);
		assert_null(strpbrk(jb.buf, "; \r\n"));
		copy = xstrdup(jb.buf);
		n = irc_tag_unescape(copy, copy, strlen(copy));
		copy[n] = '\0';
		assert_string_equal(copy, values[i]);
		free(copy);
	}
	jbuf_reset(&jb);
	irc_tag_escape(&jb, "a;b c\\d\r\n");
	assert_string_equal(jb.buf, "a\\:b\\sc\\\\d\\r\\n");
	jbuf_free(&jb);

	copy = xstrdup("\\q\\:x\\");
	n = irc_tag_unescape(copy, copy, strlen(copy));
	assert_int_equal(n, 3);
	assert_memory_equal(copy, "q;x", 3);
	free(copy);
}

/* Line breaks of every kind end a piece; empty lines are empty pieces. */
static void
test_split_lines(void **state)
{
	const char	*text = "one\ntwo\r\nthree\rfour\n\nfive\n";
	const char	*want[] = {
		"one", "two", "three", "four", "", "five"
	};
	size_t		 len = strlen(text), off, n, next;
	u_int		 i = 0;

	for (off = 0; off < len; off += next) {
		n = irc_split(text + off, len - off, 400, &next);
		assert_true(i < sizeof want / sizeof want[0]);
		assert_int_equal(n, strlen(want[i]));
		assert_memory_equal(text + off, want[i], n);
		assert_true(next > 0);
		i++;
	}
	assert_int_equal(i, 6);
	assert_int_equal(off, len);

	n = irc_split("", 0, 400, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 0);
}

/* Long lines are cut before room bytes, never inside a character. */
static void
test_split_utf8(void **state)
{
	char	*text, *joined;
	size_t	 len, off, n, next, room, o;
	u_int	 pieces;

	text = check_repeat("a" GAEBAL GRIN "bc", 200);	/* 12 bytes each */
	len = strlen(text);
	for (room = 1; room < 40; room++) {
		joined = xmalloc(len + 1);
		o = 0;
		pieces = 0;
		for (off = 0; off < len; off += next) {
			n = irc_split(text + off, len - off, room, &next);
			assert_int_equal(n, next);
			assert_true(n > 0);
			assert_true(n <= (room < 4 ? 4 : room));
			assert_true(n + 3 >= (room < 4 ? 4 : room) ||
			    off + n == len);
			assert_true(utf8_valid(text + off, n));
			memcpy(joined + o, text + off, n);
			o += n;
			pieces++;
		}
		assert_int_equal(o, len);
		assert_memory_equal(joined, text, len);
		free(joined);
	}
	free(text);

	/* Bytes that are not UTF-8 are cut at room. */
	text = check_repeat("\x80", 10);
	assert_int_equal(irc_split(text, 10, 6, &next), 6);
	free(text);
}

/* A long line of words is cut between words, the space left out. */
static void
test_split_words(void **state)
{
	char	*text, *joined;
	size_t	 len, off, n, next, o = 0;

	/* 90 words of 2 to 10 letters, and one word longer than room. */
	text = check_repeat("ab cdefghij klmnop q ", 18);
	len = strlen(text);
	joined = xmalloc(len + 2);
	for (off = 0; off < len; off += next) {
		n = irc_split(text + off, len - off, 30, &next);
		assert_true(n <= 30);
		/* No piece starts or ends in a word another piece goes on. */
		if (off + next < len) {
			assert_true(text[off + n] == ' ');
			assert_int_equal(next, n + 1);
		}
		assert_true(off + next == len || text[off + n - 1] != ' ');
		memcpy(joined + o, text + off, n);
		o += n;
		if (off + next < len)
			joined[o++] = ' ';
	}
	assert_int_equal(o, len);
	assert_memory_equal(joined, text, len);
	free(joined);
	free(text);

	/* A word longer than half the room is cut inside. */
	assert_int_equal(irc_split("a bcdefghijklmnopqrstuvwxyz", 27, 10,
	    &next), 10);
	assert_int_equal(next, 10);
}

/* Pieces of a long message fit a PRIVMSG of exactly 512 bytes. */
static void
test_split_fit(void **state)
{
	const char	*source = "alice!alice@hub.test", *p[2];
	char		*text, *piece;
	struct jbuf	 jb;
	size_t		 room, len, off, n, next;

	room = irc_text_room(source, "PRIVMSG", "#lobby", 0);
	assert_int_equal(room, IRC_LINE_MAX - 2 - strlen(":") -
	    strlen(source) - strlen(" PRIVMSG #lobby :"));
	assert_int_equal(irc_text_room(source, "PRIVMSG", "#lobby", 1),
	    room - 9);
	assert_int_equal(irc_text_room(NULL, "PRIVMSG", "#a", 0), 498);
	text = check_repeat("z", 1000);
	assert_int_equal(irc_text_room(text, "PRIVMSG", "#a", 0), 0);
	free(text);

	text = check_repeat("x", 2 * room + 5);
	len = strlen(text);
	jbuf_init(&jb);
	p[0] = "#lobby";
	for (off = 0; off < len; off += next) {
		n = irc_split(text + off, len - off, room, &next);
		piece = xstrndup(text + off, n);
		p[1] = piece;
		jbuf_reset(&jb);
		assert_int_equal(irc_build(&jb, NULL, 0, source, "PRIVMSG", p,
		    2, IRC_BUILD_TRAILING, NULL), 0);
		if (off == 0)
			assert_int_equal(jb.len, IRC_LINE_MAX);
		free(piece);
	}
	assert_int_equal(jb.len, IRC_LINE_MAX - room + 5);
	jbuf_free(&jb);
	free(text);
}

/* CTCP ACTION both ways, and other CTCP requests told apart. */
static void
test_ctcp(void **state)
{
	const char	*body;
	char		*s;
	size_t		 len;

	s = irc_ctcp_action("waves at " GAEBAL "xyz", 15);
	assert_string_equal(s, "\001ACTION waves at " GAEBAL "\001");
	assert_int_equal(irc_ctcp_unwrap(s, &body, &len), IRC_CTCP_ACTION);
	assert_int_equal(len, 15);
	assert_memory_equal(body, "waves at " GAEBAL, 15);
	free(s);

	assert_int_equal(irc_ctcp_unwrap("\001ACTION dances", &body, &len),
	    IRC_CTCP_ACTION);
	assert_int_equal(len, 6);
	assert_memory_equal(body, "dances", 6);
	assert_int_equal(irc_ctcp_unwrap("\001ACTION\001", &body, &len),
	    IRC_CTCP_ACTION);
	assert_int_equal(len, 0);
	assert_int_equal(irc_ctcp_unwrap("\001ACTIONS x\001", &body, &len),
	    IRC_CTCP_OTHER);
	assert_int_equal(irc_ctcp_unwrap("\001VERSION\001", &body, &len),
	    IRC_CTCP_OTHER);
	assert_int_equal(len, 7);
	assert_memory_equal(body, "VERSION", 7);
	assert_int_equal(irc_ctcp_unwrap("hello", &body, &len),
	    IRC_CTCP_NONE);
	assert_int_equal(len, 5);
	assert_string_equal(body, "hello");
}

/* Every native error code has its reply: a numeric, an ERROR, or both. */
static void
test_numerics(void **state)
{
	static const struct {
		enum proto_err	err;
		int		numeric;
	} want[] = {
		{ PERR_NO_SUCH_NICK, 401 }, { PERR_NO_SUCH_ROOM, 403 },
		{ PERR_MUTED, 404 }, { PERR_TOO_MANY_ROOMS, 405 },
		{ PERR_TEXT_INVALID, 412 }, { PERR_LINE_TOO_LONG, 417 },
		{ PERR_BAD_TYPE, 421 }, { PERR_NICK_INVALID, 432 },
		{ PERR_NICK_RESERVED, 432 }, { PERR_NICK_TAKEN, 433 },
		{ PERR_NICK_CLAIMED, 433 }, { PERR_NOT_IN_ROOM, 442 },
		{ PERR_NOT_REGISTERED, 451 }, { PERR_BAD_FIELD, 461 },
		{ PERR_ALREADY_REGISTERED, 462 }, { PERR_BAD_PASSWORD, 464 },
		{ PERR_PASSWORD, 464 }, { PERR_BANNED, 465 },
		{ PERR_ROOM_FULL, 471 }, { PERR_ROOM_INVALID, 476 },
		{ PERR_NOT_OPER, 481 }, { PERR_OPER_DISABLED, 491 },
		{ PERR_SENDQ, 0 }, { PERR_SHUTTING_DOWN, 0 },
		{ PERR_HUB_FULL, 0 },
	};
	u_int	i;
	int	num;

	assert_int_equal(irc_err_numeric(PERR_NONE), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(irc_err_numeric(want[i].err), want[i].numeric);
	for (i = PERR_NONE + 1; i < PERR_NCODES; i++) {
		num = irc_err_numeric(i);
		/* A numeric is an error reply (or 263), else an ERROR. */
		if (num == 0)
			assert_true(irc_err_closes(i));
		else
			assert_true(num == 263 || (num >= 400 && num < 1000));
	}
	assert_true(irc_err_closes(PERR_BANNED));
	assert_true(irc_err_closes(PERR_PASSWORD));
	assert_false(irc_err_closes(PERR_BAD_PASSWORD));
	assert_false(irc_err_closes(PERR_NO_SUCH_NICK));
	assert_int_equal(irc_err_numeric(PERR_NCODES), 400);
}

/* The numerics' parameters, and ERROR where the connection ends. */
static void
test_err_encode(void **state)
{
	struct irc_msg	 msg;
	struct jbuf	 jb;
	enum irc_perr	 perr;
	char		 code[8], *cause = NULL, *long_cmd;
	u_int		 i;

	jbuf_init(&jb);
	irc_err_encode(&jb, "hub.test", "alice", PERR_NO_SUCH_NICK, "PRIVMSG",
	    "bob", NULL, NULL);
	assert_string_equal(jb.buf,
	    ":hub.test 401 alice bob :No such nick/channel\r\n");
	jbuf_reset(&jb);
	/* 401 says IRC's words too, not the native "no such nick: bob". */
	irc_err_encode(&jb, "hub.test", "alice", PERR_NO_SUCH_NICK, "PRIVMSG",
	    "bob", NULL, "no such nick: bob");
	assert_string_equal(jb.buf,
	    ":hub.test 401 alice bob :No such nick/channel\r\n");
	jbuf_reset(&jb);
	/* 442 and 403 say IRC's words, not the native detail. */
	irc_err_encode(&jb, "hub.test", "alice", PERR_NOT_IN_ROOM, "PART",
	    NULL, "dev", "not in room dev");
	assert_string_equal(jb.buf,
	    ":hub.test 442 alice #dev :You're not on that channel\r\n");
	jbuf_reset(&jb);
	irc_err_encode(&jb, "hub.test", NULL, PERR_BAD_FIELD, "JOIN", NULL,
	    NULL, NULL);
	assert_string_equal(jb.buf,
	    ":hub.test 461 * JOIN :Not enough parameters\r\n");
	jbuf_reset(&jb);
	irc_err_encode(&jb, "hub.test", "alice", PERR_ALREADY_IN_ROOM, "JOIN",
	    NULL, "dev", NULL);
	assert_string_equal(jb.buf,
	    ":hub.test 443 alice alice #dev :is already on channel\r\n");
	jbuf_reset(&jb);
	irc_err_encode(&jb, "hub.test", "alice", PERR_BANNED, NULL, NULL,
	    NULL, "banned until Monday");
	assert_string_equal(jb.buf, ":hub.test 465 alice :banned until Monday"
	    "\r\nERROR :banned until Monday\r\n");
	jbuf_reset(&jb);
	irc_err_encode(&jb, "hub.test", "alice", PERR_SENDQ, NULL, NULL, NULL,
	    NULL);
	assert_string_equal(jb.buf, "ERROR :Max SendQ exceeded\r\n");

	/* A client's long command is cut in the reply. */
	jbuf_reset(&jb);
	long_cmd = check_repeat("C", 500);
	irc_err_encode(&jb, "hub.test", "alice", PERR_BAD_TYPE, long_cmd,
	    NULL, NULL, NULL);
	check_lines(jb.buf);
	assert_non_null(strstr(jb.buf, " 421 alice CCCC"));
	assert_non_null(strstr(jb.buf, " :Unknown command\r\n"));
	free(long_cmd);

	/* Every code, even with odd arguments, gives lines that parse. */
	for (i = 0; i <= PERR_NCODES; i++) {
		jbuf_reset(&jb);
		irc_err_encode(&jb, "hub.test", i % 2 ? ":odd" : "a b", i,
		    i % 2 ? "a b" : ":cmd", ":x", "r o", "");
		check_lines(jb.buf);
		assert_int_equal(irc_parse(jb.buf, strcspn(jb.buf, "\r"), &msg,
		    &perr, &cause), 0);
		if (irc_err_numeric(i) != 0 || i == PERR_NONE ||
		    i == PERR_NCODES) {
			snprintf(code, sizeof code, "%03d",
			    irc_err_numeric(i == PERR_NONE ||
			    i == PERR_NCODES ? PERR_INTERNAL : i));
			assert_string_equal(msg.command, code);
			assert_string_equal(msg.params[0], "*");
		} else
			assert_string_equal(msg.command, "ERROR");
		irc_msg_free(&msg);
	}
	jbuf_free(&jb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_tags),
		cmocka_unit_test(test_parse_endings),
		cmocka_unit_test(test_parse_params),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_bad),
		cmocka_unit_test(test_build_fit),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tag_escape),
		cmocka_unit_test(test_split_lines),
		cmocka_unit_test(test_split_utf8),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_split_fit),
		cmocka_unit_test(test_ctcp),
		cmocka_unit_test(test_numerics),
		cmocka_unit_test(test_err_encode),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
