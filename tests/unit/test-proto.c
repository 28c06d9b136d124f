/* SPDX-License-Identifier: ISC */
/* test-proto.c: unit tests of the wire protocol helpers in proto.c. */

#include <sys/types.h>

#include <limits.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "check.h"

#define KOREAN	"\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94" \
		" \xec\x97\xac\xeb\x9f\xac\xeb\xb6\x84"	/* 안녕하세요 여러분 */
#define MINSU	"\xea\xb9\x80\xeb\xaf\xbc\xec\x88\x98"	/* 김민수 */
#define ZOE	"Zo\xc3\xab"				/* Zoë */
#define GAEBAL	"\xea\xb0\x9c\xeb\xb0\x9c"		/* 개발 */

static cJSON	*frame_parse(struct jbuf *);
static void	 nick_ok(const char *);
static void	 nick_bad(const char *, enum proto_err);
static void	 room_ok(const char *);
static void	 room_bad(const char *);
static void	 text_ok(const char *, size_t, int);
static void	 text_bad(const char *, size_t, int, enum proto_err);
static void	 parse_bad(const char *, size_t, enum proto_err);
static void	 parse_cause(const char *, const char *);
static void	 test_parse_bad_escape(void **);
static void	 test_frame_seq(void **);
static void	 test_type_names(void **);
static void	 test_err_names(void **);
static void	 test_jbuf_values(void **);
static void	 test_jbuf_escape(void **);
static void	 test_jbuf_escape_every_byte(void **);
static void	 test_jbuf_nesting(void **);
static void	 test_jbuf_reuse(void **);
static void	 test_parse_valid(void **);
static void	 test_parse_bad_utf8(void **);
static void	 test_parse_bad_json(void **);
static void	 test_parse_bad_type(void **);
static void	 test_parse_unknown_type(void **);
static void	 test_get_str(void **);
static void	 test_get_int(void **);
static void	 test_get_bool(void **);
static void	 test_check_nick(void **);
static void	 test_check_room(void **);
static void	 test_check_text(void **);
static void	 test_make_error(void **);
static void	 test_parse_duration(void **);
static void	 test_duration_word(void **);
static void	 test_parse_duration_parts(void **);
static void	 test_duration_word_of(void **);

/*
 * Check that a finished frame is one line ending in '\n' and parse it with
 * cJSON, independently of proto_parse.
 */
static cJSON *
frame_parse(struct jbuf *jb)
{
	cJSON	*obj;

	assert_true(jb->len > 0);
	assert_int_equal(strlen(jb->buf), jb->len);
	assert_int_equal(jb->buf[jb->len - 1], '\n');
	assert_null(memchr(jb->buf, '\n', jb->len - 1));
	obj = cJSON_ParseWithLength(jb->buf, jb->len);
	assert_non_null(obj);
	assert_true(cJSON_IsObject(obj));
	return (obj);
}

static void
nick_ok(const char *nick)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_nick(nick, &err, &cause) != 0)
		fail_msg("nick '%s' rejected: %s", nick, cause);
	assert_null(cause);
}

static void
nick_bad(const char *nick, enum proto_err expect)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_nick(nick, &err, &cause) == 0)
		fail_msg("nick '%s' accepted", nick);
	assert_int_equal(err, expect);
	assert_non_null(cause);
	assert_true(*cause != '\0');
	free(cause);
}

static void
room_ok(const char *room)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_room(room, &err, &cause) != 0)
		fail_msg("room '%s' rejected: %s", room, cause);
	assert_null(cause);
}

static void
room_bad(const char *room)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_room(room, &err, &cause) == 0)
		fail_msg("room '%s' accepted", room);
	assert_int_equal(err, PERR_ROOM_INVALID);
	assert_non_null(cause);
	free(cause);
}

static void
text_ok(const char *text, size_t max, int newlines)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_text(text, max, newlines, &err, &cause) != 0)
		fail_msg("text '%s' rejected: %s", text, cause);
	assert_null(cause);
}

static void
text_bad(const char *text, size_t max, int newlines, enum proto_err expect)
{
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	if (proto_check_text(text, max, newlines, &err, &cause) == 0)
		fail_msg("text '%s' accepted", text);
	assert_int_equal(err, expect);
	assert_non_null(cause);
	free(cause);
}

/* A line proto_parse must refuse with the given code. */
static void
parse_bad(const char *line, size_t len, enum proto_err expect)
{
	enum proto_type	 type = PROTO_PING;
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;
	cJSON		*obj;

	obj = proto_parse(line, len, &type, &err, &cause);
	if (obj != NULL) {
		cJSON_Delete(obj);
		fail_msg("line '%.*s' parsed", (int)len, line);
	}
	assert_int_equal(err, expect);
	assert_int_equal(type, PROTO_UNKNOWN);
	assert_non_null(cause);
	free(cause);
}

/* Every type has a distinct wire name that looks up to itself. */
static void
test_type_names(void **state)
{
	const char	*name;
	int		 i, j;

	(void)state;

	for (i = 1; i < PROTO_NTYPES; i++) {
		name = proto_type_name(i);
		assert_non_null(name);
		assert_string_not_equal(name, "unknown");
		assert_int_equal(proto_type_lookup(name), i);
		for (j = 1; j < i; j++)
			assert_string_not_equal(proto_type_name(j), name);
	}
	/* The wire strings are part of the protocol. */
	assert_string_equal(proto_type_name(PROTO_HELLO), "hello");
	assert_string_equal(proto_type_name(PROTO_MSG), "msg");
	assert_string_equal(proto_type_name(PROTO_HISTORY_END),
	    "history_end");
	assert_string_equal(proto_type_name(PROTO_TOPIC_CHANGED),
	    "topic_changed");
	assert_string_equal(proto_type_name(PROTO_BYE), "bye");

	assert_string_equal(proto_type_name(PROTO_UNKNOWN), "unknown");
	assert_string_equal(proto_type_name(PROTO_NTYPES), "unknown");
	assert_string_equal(proto_type_name((enum proto_type)-1), "unknown");
	assert_int_equal(proto_type_lookup("unknown"), PROTO_UNKNOWN);
	assert_int_equal(proto_type_lookup("frobnicate"), PROTO_UNKNOWN);
	assert_int_equal(proto_type_lookup(""), PROTO_UNKNOWN);
	assert_int_equal(proto_type_lookup("MSG"), PROTO_UNKNOWN);
	assert_int_equal(proto_type_lookup("msg "), PROTO_UNKNOWN);
}

/* Every error code has a distinct wire string that looks up to itself. */
static void
test_err_names(void **state)
{
	const char	*name;
	int		 i, j;

	(void)state;

	for (i = 1; i < PERR_NCODES; i++) {
		name = proto_err_name(i);
		assert_non_null(name);
		assert_true(*name != '\0');
		assert_int_equal(proto_err_lookup(name), i);
		for (j = 0; j < i; j++)
			assert_string_not_equal(proto_err_name(j), name);
	}
	assert_string_equal(proto_err_name(PERR_NONE), "none");
	assert_string_equal(proto_err_name(PERR_BAD_JSON), "bad_json");
	assert_string_equal(proto_err_name(PERR_NICK_RESERVED),
	    "nick_reserved");
	assert_string_equal(proto_err_name(PERR_INTERNAL), "internal");

	/* Out of range codes and unknown strings become "internal". */
	assert_string_equal(proto_err_name(PERR_NCODES), "internal");
	assert_string_equal(proto_err_name((enum proto_err)-1), "internal");
	assert_int_equal(proto_err_lookup("no_such_code"), PERR_INTERNAL);
	assert_int_equal(proto_err_lookup(""), PERR_INTERNAL);
	assert_int_equal(proto_err_lookup("BAD_JSON"), PERR_INTERNAL);
}

/* Strings, integers, booleans and raw JSON come back as written. */
static void
test_jbuf_values(void **state)
{
	struct jbuf	 jb;
	cJSON		*obj, *item;

	(void)state;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_MSG);
	jbuf_str(&jb, "room", "dev");
	jbuf_strn(&jb, "text", "hello world", 5);
	jbuf_int(&jb, "id", 42);
	jbuf_int(&jb, "neg", -7);
	jbuf_int(&jb, "zero", 0);
	jbuf_int(&jb, "max", 9007199254740991LL);
	jbuf_bool(&jb, "yes", 1);
	jbuf_bool(&jb, "no", 0);
	jbuf_bool(&jb, "two", 2);
	jbuf_raw(&jb, "image", "{\"w\":2,\"h\":1,\"rows\":[\"ab\"]}");
	jbuf_str(&jb, "empty", "");
	jbuf_end(&jb);

	obj = frame_parse(&jb);
	assert_string_equal(cJSON_GetObjectItem(obj, "type")->valuestring,
	    "msg");
	assert_string_equal(cJSON_GetObjectItem(obj, "room")->valuestring,
	    "dev");
	assert_string_equal(cJSON_GetObjectItem(obj, "text")->valuestring,
	    "hello");
	assert_int_equal(cJSON_GetObjectItem(obj, "id")->valueint, 42);
	assert_true(cJSON_GetObjectItem(obj, "neg")->valuedouble == -7);
	assert_true(cJSON_GetObjectItem(obj, "zero")->valuedouble == 0);
	assert_true(cJSON_GetObjectItem(obj, "max")->valuedouble ==
	    9007199254740991.0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(obj, "yes")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(obj, "no")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(obj, "two")));
	assert_string_equal(cJSON_GetObjectItem(obj, "empty")->valuestring,
	    "");
	item = cJSON_GetObjectItem(obj, "image");
	assert_true(cJSON_IsObject(item));
	assert_int_equal(cJSON_GetObjectItem(item, "w")->valueint, 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(item,
	    "rows"), 0)->valuestring, "ab");
	assert_int_equal(cJSON_GetArraySize(obj), 12);
	cJSON_Delete(obj);
	jbuf_free(&jb);
	assert_null(jb.buf);
}

/* Quotes, backslashes and controls are escaped; UTF-8 passes through. */
static void
test_jbuf_escape(void **state)
{
	static const char	 nasty[] = "say \"hi\" \\o/ a\x01z\x1f"
	    "\nline2\r\tend\x7f " KOREAN;
	struct jbuf		 jb;
	cJSON			*obj;
	const char		*text;

	(void)state;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_MSG);
	jbuf_str(&jb, "text", nasty);
	jbuf_str(&jb, "k\"ey\n", "v");
	jbuf_end(&jb);

	/* The encoded bytes, not just what a parser accepts. */
	assert_non_null(strstr(jb.buf, "say \\\"hi\\\" \\\\o/"));
	assert_non_null(strstr(jb.buf, "a\\u0001z\\u001f"));
	assert_non_null(strstr(jb.buf, "\\nline2"));
	assert_non_null(strstr(jb.buf, "end\\u007f"));
	assert_non_null(strstr(jb.buf, KOREAN));
	assert_null(strchr(jb.buf, '\x01'));
	assert_null(strchr(jb.buf, '\r'));
	assert_null(strchr(jb.buf, '\t'));

	obj = frame_parse(&jb);
	text = cJSON_GetObjectItem(obj, "text")->valuestring;
	assert_string_equal(text, nasty);
	assert_string_equal(cJSON_GetObjectItem(obj, "k\"ey\n")->valuestring,
	    "v");
	cJSON_Delete(obj);

	/* A string with nothing to escape is copied as is. */
	jbuf_reset(&jb);
	jbuf_escape(&jb, KOREAN, strlen(KOREAN));
	assert_int_equal(jb.len, strlen(KOREAN) + 2);
	assert_memory_equal(jb.buf, "\"" KOREAN "\"", jb.len);

	/* Only n bytes are escaped, even past a NUL. */
	jbuf_reset(&jb);
	jbuf_escape(&jb, "a\0b", 3);
	assert_int_equal(jb.len, 10);
	assert_memory_equal(jb.buf, "\"a\\u0000b\"", 10);

	/* DEL, C1 and bidirectional controls are escaped too (issue 19). */
	jbuf_reset(&jb);
	jbuf_escape(&jb, "\x7f|\xc2\x9b|\xe2\x80\xae|\xe2\x81\xa6|"
	    "\xe2\x80\x8f|\xd8\x9c|\xe2\x80\xa8|\xc3\xa9", 26);
	assert_string_equal(jb.buf, "\"\\u007f|\\u009b|\\u202e|\\u2066|"
	    "\\u200f|\\u061c|\\u2028|\xc3\xa9\"");
	jbuf_free(&jb);
}

/*
 * Every byte value, at every place in a run of plain bytes longer than a
 * word (the escaper looks at eight bytes at a time), comes out as a byte
 * at a time would have it.
 */
static void
test_jbuf_escape_every_byte(void **state)
{
	char		 in[19], want[64], *w;
	struct jbuf	 jb;
	u_int		 b, at, i;

	(void)state;
	jbuf_init(&jb);
	for (b = 0; b < 256; b++) {
		for (at = 0; at < sizeof in; at++) {
			memset(in, 'a', sizeof in);
			in[at] = (char)b;
			w = want;
			*w++ = '"';
			for (i = 0; i < sizeof in; i++) {
				if (i != at)
					*w++ = 'a';
				else if (b == '"' || b == '\\')
					w += sprintf(w, "\\%c", b);
				else if (b == '\n')
					w += sprintf(w, "\\n");
				else if (b == '\t')
					w += sprintf(w, "\\t");
				else if (b < 0x20 || b == 0x7f)
					w += sprintf(w, "\\u%04x", b);
				else	/* ASCII, or a lone byte copied as is */
					*w++ = (char)b;
			}
			*w++ = '"';
			jbuf_reset(&jb);
			jbuf_escape(&jb, in, sizeof in);
			assert_int_equal(jb.len, w - want);
			assert_memory_equal(jb.buf, want, jb.len);
			/* And as a key, which takes a shorter way when plain. */
			jbuf_reset(&jb);
			in[sizeof in - 1] = '\0';
			jbuf_begin(&jb, PROTO_MSG);
			jbuf_int(&jb, in, 1);
			jbuf_end(&jb);
			assert_non_null(strstr(jb.buf, ",\""));
			if (b != 0 && at < sizeof in - 1) {
				w[-2] = '"';	/* the key lost its last byte */
				w[-1] = ':';
				assert_memory_equal(strstr(jb.buf, ",\"") + 1,
				    want, w - want);
			}
		}
	}
	jbuf_free(&jb);
}

/* Integers come out as snprintf would write them, to the extremes. */
static void
test_jbuf_int_digits(void **state)
{
	static const long long	 v[] = { 0, 7, -7, 10, -10, 1764500000,
	    9007199254740991LL, LLONG_MAX, LLONG_MIN };
	struct jbuf		 jb;
	char			 want[64];
	u_int			 i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		jbuf_init(&jb);
		jbuf_int(&jb, NULL, v[i]);
		snprintf(want, sizeof want, "%lld", v[i]);
		assert_string_equal(jb.buf, want);
		jbuf_free(&jb);
	}
}

/* Arrays and objects nest with commas in the right places. */
static void
test_jbuf_nesting(void **state)
{
	struct jbuf	 jb;
	cJSON		*obj, *arr, *el, *lim;

	(void)state;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_ROOMLIST);
	jbuf_array_begin(&jb, "empty");
	jbuf_array_end(&jb);
	jbuf_array_begin(&jb, "members");
	jbuf_array_str(&jb, "alice");
	jbuf_array_str(&jb, MINSU);
	jbuf_array_str(&jb, "q\"uote");
	jbuf_array_end(&jb);
	jbuf_array_begin(&jb, "rooms");
	jbuf_object_begin(&jb, NULL);
	jbuf_int(&jb, "n", 1);
	jbuf_str(&jb, "name", "lobby");
	jbuf_object_end(&jb);
	jbuf_object_begin(&jb, NULL);
	jbuf_object_end(&jb);
	jbuf_object_begin(&jb, NULL);
	jbuf_int(&jb, "n", 3);
	jbuf_array_begin(&jb, "x");
	jbuf_array_str(&jb, "y");
	jbuf_array_end(&jb);
	jbuf_object_end(&jb);
	jbuf_array_end(&jb);
	jbuf_object_begin(&jb, "limits");
	jbuf_int(&jb, "text", CR_TEXT_MAX);
	jbuf_object_end(&jb);
	jbuf_int(&jb, "after", 5);
	jbuf_end(&jb);

	obj = frame_parse(&jb);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(obj,
	    "empty")), 0);
	arr = cJSON_GetObjectItem(obj, "members");
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	assert_string_equal(cJSON_GetArrayItem(arr, 0)->valuestring, "alice");
	assert_string_equal(cJSON_GetArrayItem(arr, 1)->valuestring, MINSU);
	assert_string_equal(cJSON_GetArrayItem(arr, 2)->valuestring,
	    "q\"uote");
	arr = cJSON_GetObjectItem(obj, "rooms");
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	el = cJSON_GetArrayItem(arr, 0);
	assert_int_equal(cJSON_GetObjectItem(el, "n")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(el, "name")->valuestring,
	    "lobby");
	el = cJSON_GetArrayItem(arr, 1);
	assert_true(cJSON_IsObject(el));
	assert_null(el->child);
	el = cJSON_GetArrayItem(arr, 2);
	assert_int_equal(cJSON_GetObjectItem(el, "n")->valueint, 3);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(el, "x"),
	    0)->valuestring, "y");
	lim = cJSON_GetObjectItem(obj, "limits");
	assert_int_equal(cJSON_GetObjectItem(lim, "text")->valueint,
	    CR_TEXT_MAX);
	assert_int_equal(cJSON_GetObjectItem(obj, "after")->valueint, 5);
	cJSON_Delete(obj);
	jbuf_free(&jb);
}

/* A buffer grows for long values and starts afresh with each frame. */
static void
test_jbuf_reuse(void **state)
{
	struct jbuf	 jb;
	cJSON		*obj;
	char		*big;

	(void)state;

	big = check_repeat("\"x\x02", 5000);
	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_MSG);
	jbuf_str(&jb, "text", big);
	jbuf_end(&jb);
	assert_true(jb.size > jb.len);
	obj = frame_parse(&jb);
	assert_string_equal(cJSON_GetObjectItem(obj, "text")->valuestring,
	    big);
	cJSON_Delete(obj);

	jbuf_begin(&jb, PROTO_PING);
	jbuf_int(&jb, "seq", 9);
	jbuf_end(&jb);
	assert_string_equal(jb.buf, "{\"type\":\"ping\",\"seq\":9}\n");
	assert_int_equal(jb.len, strlen(jb.buf));
	jbuf_free(&jb);
	free(big);
}

/* A well-formed frame gives its type, with or without line endings. */
static void
test_parse_valid(void **state)
{
	static const char	*lines[] = {
		"{\"type\":\"msg\",\"room\":\"dev\",\"text\":\"hi\"}",
		"{\"type\":\"msg\",\"room\":\"dev\",\"text\":\"hi\"}\n",
		"{\"type\":\"msg\",\"room\":\"dev\",\"text\":\"hi\"}\r\n",
		"  { \"type\" : \"msg\" , \"text\" : \"" KOREAN "\" } \t\n",
	};
	static const char	 tail[] = "{\"type\":\"ping\"}GARBAGE";
	enum proto_type		 type;
	enum proto_err		 err;
	char			*cause;
	cJSON			*obj;
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		type = PROTO_UNKNOWN;
		err = PERR_INTERNAL;
		cause = NULL;
		obj = proto_parse(lines[i], strlen(lines[i]), &type, &err,
		    &cause);
		if (obj == NULL)
			fail_msg("line %zu refused: %s", i, cause);
		assert_int_equal(type, PROTO_MSG);
		assert_int_equal(err, PERR_NONE);
		assert_null(cause);
		cJSON_Delete(obj);
	}

	/* Only len bytes are looked at. */
	obj = proto_parse(tail, 15, &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_PING);
	cJSON_Delete(obj);
	parse_bad(tail, strlen(tail), PERR_BAD_JSON);
}

/* Bytes that are not UTF-8 are refused before JSON parsing. */
static void
test_parse_bad_utf8(void **state)
{
	static const char	bad1[] = "{\"type\":\"msg\",\"text\":\"\xff\"}";
	static const char	bad2[] = "{\"type\":\"msg\",\"text\":\"\xc0\xaf\"}";
	static const char	bad3[] = "{\"type\":\"msg\",\"text\":\"\xed\xa0\x80\"}";
	static const char	bad4[] = "{\"type\":\"msg\",\"text\":\"\xec\x95\"}";
	static const char	nul[] = "{\"type\":\"msg\",\"text\":\"a\0b\"}";

	(void)state;

	parse_bad(bad1, sizeof bad1 - 1, PERR_BAD_UTF8);
	parse_bad(bad2, sizeof bad2 - 1, PERR_BAD_UTF8);	/* overlong */
	parse_bad(bad3, sizeof bad3 - 1, PERR_BAD_UTF8);	/* surrogate */
	parse_bad(bad4, sizeof bad4 - 1, PERR_BAD_UTF8);	/* truncated */
	parse_bad(nul, sizeof nul - 1, PERR_BAD_UTF8);	/* embedded NUL */
	parse_bad("\xff", 1, PERR_BAD_UTF8);
}

/* Anything but exactly one JSON object is bad JSON. */
static void
test_parse_bad_json(void **state)
{
	static const char	*lines[] = {
		"",
		"\n",
		"hello",
		"[1,2,3]",
		"[{\"type\":\"msg\"}]",
		"\"msg\"",
		"42",
		"null",
		"{\"type\":\"msg\"",
		"{\"type\":\"msg\",}",
		"{type:\"msg\"}",
		"{\"type\":\"msg\"} x",
		"{\"type\":\"msg\"}{\"type\":\"msg\"}",
		"{\"type\":\"msg\"}\n{\"type\":\"msg\"}",
		"{\"type\":\"msg\"},",
	};
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		parse_bad(lines[i], strlen(lines[i]), PERR_BAD_JSON);
}

/* A line proto_parse must refuse as bad JSON, for this reason. */
static void
parse_cause(const char *line, const char *want)
{
	enum proto_type	 type;
	enum proto_err	 err = PERR_NONE;
	char		*cause = NULL;

	assert_null(proto_parse(line, strlen(line), &type, &err, &cause));
	assert_int_equal(err, PERR_BAD_JSON);
	if (strstr(cause, want) == NULL)
		fail_msg("'%s': '%s', not '%s'", line, cause, want);
	free(cause);
}

/*
 * A JSON object whose string holds \u0000 (which cJSON would cut short)
 * or half a surrogate pair is refused with that reason, not "not a JSON
 * object"; a whole pair and an escaped backslash before u0000 are fine.
 */
static void
test_parse_bad_escape(void **state)
{
	static const char	 pair[] =
	    "{\"type\":\"msg\",\"text\":\"\\ud83d\\ude00 \\\\u0000\"}";
	enum proto_type		 type;
	enum proto_err		 err;
	char			*cause = NULL;
	cJSON			*obj;

	(void)state;

	parse_cause("{\"type\":\"msg\",\"text\":\"a \\u0000 b\"}",
	    "\\u0000 (at byte 24)");
	parse_cause("{\"type\":\"msg\",\"text\":\"a \\ud800 b\"}",
	    "half a surrogate pair (at byte 24)");
	parse_cause("{\"type\":\"msg\",\"text\":\"a \\uDC00\"}",
	    "half a surrogate pair");
	parse_cause("{\"type\":\"msg\",\"text\":\"\\ud800\\u0041\"}",
	    "half a surrogate pair");
	/* The walk's frame: the surrogate is why it does not parse. */
	parse_cause("{\"type\":\"msg\",\"text\":\"nul \\u0000 after lone "
	    "\\ud800 x\"}", "surrogate");
	parse_cause("{\"type\":\"msg\",}", "not valid JSON (at byte 14)");
	parse_cause("[1]", "not a JSON object");
	parse_cause("  hello", "not a JSON object");

	obj = proto_parse(pair, strlen(pair), &type, &err, &cause);
	if (obj == NULL)
		fail_msg("'%s' refused: %s", pair, cause);
	cJSON_Delete(obj);
}

/* The seq of a refused frame, when it can be told; 0 otherwise. */
static void
test_frame_seq(void **state)
{
	static const struct {
		const char	*line;
		long long	 seq;
	} t[] = {
		{ "{\"type\":\"msg\",\"text\":\"\xff\",\"seq\":7}", 7 },
		{ "{\"seq\" : 12 , \"text\":\"\\ud800\"}", 12 },
		{ "{\"type\":\"msg\",\"seq\":3", 3 },
		{ "{\"type\":\"msg\",\"seq\":3,}", 3 },
		{ "{\"text\":\"\\\"seq\\\":5\",\"seq\":6}", 6 },
		{ "{\"x\":{\"seq\":5},\"seq\":6}", 6 },
		{ "{\"x\":[\"seq\",5]}", 0 },
		{ "{\"seq\":\"5\"}", 0 },
		{ "{\"seq\":-5}", 0 },
		{ "{\"seq\":5.5}", 0 },
		{ "{\"seq\":99999999999999999999}", 0 },
		{ "not json \"seq\":4", 0 },
		{ "", 0 },
	};
	size_t	i;

	(void)state;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (proto_frame_seq(t[i].line, strlen(t[i].line)) != t[i].seq)
			fail_msg("'%s': seq %lld, not %lld", t[i].line,
			    proto_frame_seq(t[i].line, strlen(t[i].line)),
			    t[i].seq);
	}
}

/* A frame needs a "type" member that is a string. */
static void
test_parse_bad_type(void **state)
{
	static const char	*lines[] = {
		"{}",
		"{\"seq\":1}",
		"{\"Type\":\"msg\"}",
		"{\"type\":5}",
		"{\"type\":null}",
		"{\"type\":true}",
		"{\"type\":[\"msg\"]}",
		"{\"type\":{\"name\":\"msg\"}}",
	};
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		parse_bad(lines[i], strlen(lines[i]), PERR_BAD_TYPE);
}

/* An unknown type string still parses, so it can be answered by seq. */
static void
test_parse_unknown_type(void **state)
{
	static const char	 line[] = "{\"type\":\"frobnicate\",\"seq\":3}\n";
	enum proto_type		 type = PROTO_MSG;
	enum proto_err		 err = PERR_INTERNAL;
	char			*cause = NULL;
	long long		 seq = 0;
	cJSON			*obj;

	(void)state;

	obj = proto_parse(line, strlen(line), &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_UNKNOWN);
	assert_int_equal(err, PERR_NONE);
	assert_null(cause);
	assert_int_equal(proto_get_int(obj, "seq", 1, &seq), 0);
	assert_int_equal(seq, 3);
	cJSON_Delete(obj);

	obj = proto_parse("{\"type\":\"unknown\"}", 18, &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_UNKNOWN);
	cJSON_Delete(obj);
}

/* The object the getter tests share. */
#define FIELDS	"{\"type\":\"msg\",\"s\":\"x\",\"e\":\"\",\"n\":5,\"neg\":-3," \
		"\"f\":1.5,\"q\":\"1\",\"b\":true,\"bf\":false,\"nul\":null," \
		"\"big\":1e300,\"lim\":9007199254740992," \
		"\"over\":9007199254740994,\"arr\":[1],\"obj\":{}}"

static void
test_get_str(void **state)
{
	const char	*s;
	cJSON		*obj;

	(void)state;

	obj = cJSON_Parse(FIELDS);
	assert_non_null(obj);

	assert_int_equal(proto_get_str(obj, "s", 1, &s), 0);
	assert_string_equal(s, "x");
	assert_int_equal(proto_get_str(obj, "s", 0, &s), 0);
	assert_string_equal(s, "x");
	assert_int_equal(proto_get_str(obj, "e", 1, &s), 0);
	assert_string_equal(s, "");

	s = "stale";
	assert_int_equal(proto_get_str(obj, "missing", 0, &s), 0);
	assert_null(s);
	assert_int_equal(proto_get_str(obj, "missing", 1, &s), -1);
	assert_int_equal(proto_get_str(obj, "nul", 0, &s), 0);
	assert_null(s);
	assert_int_equal(proto_get_str(obj, "nul", 1, &s), -1);
	assert_int_equal(proto_get_str(obj, "S", 0, &s), 0);	/* case */
	assert_null(s);

	/* Present with the wrong type is an error, even when optional. */
	assert_int_equal(proto_get_str(obj, "n", 0, &s), -1);
	assert_int_equal(proto_get_str(obj, "n", 1, &s), -1);
	assert_int_equal(proto_get_str(obj, "b", 0, &s), -1);
	assert_int_equal(proto_get_str(obj, "arr", 0, &s), -1);
	assert_int_equal(proto_get_str(obj, "obj", 0, &s), -1);
	cJSON_Delete(obj);
}

static void
test_get_int(void **state)
{
	long long	 v;
	cJSON		*obj;

	(void)state;

	obj = cJSON_Parse(FIELDS);
	assert_non_null(obj);

	assert_int_equal(proto_get_int(obj, "n", 1, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(proto_get_int(obj, "neg", 0, &v), 0);
	assert_true(v == -3);
	assert_int_equal(proto_get_int(obj, "lim", 1, &v), 0);
	assert_true(v == 9007199254740992LL);

	v = 77;
	assert_int_equal(proto_get_int(obj, "missing", 0, &v), 0);
	assert_int_equal(v, 77);
	assert_int_equal(proto_get_int(obj, "nul", 0, &v), 0);
	assert_int_equal(v, 77);
	assert_int_equal(proto_get_int(obj, "missing", 1, &v), -1);
	assert_int_equal(proto_get_int(obj, "nul", 1, &v), -1);

	assert_int_equal(proto_get_int(obj, "q", 0, &v), -1);	/* "1" */
	assert_int_equal(proto_get_int(obj, "f", 0, &v), -1);	/* 1.5 */
	assert_int_equal(proto_get_int(obj, "big", 0, &v), -1);
	assert_int_equal(proto_get_int(obj, "over", 0, &v), -1);
	assert_int_equal(proto_get_int(obj, "b", 0, &v), -1);
	assert_int_equal(proto_get_int(obj, "arr", 0, &v), -1);
	assert_int_equal(v, 77);
	cJSON_Delete(obj);
}

static void
test_get_bool(void **state)
{
	int	 v;
	cJSON	*obj;

	(void)state;

	obj = cJSON_Parse(FIELDS);
	assert_non_null(obj);

	assert_int_equal(proto_get_bool(obj, "b", 1, &v), 0);
	assert_true(v);
	assert_int_equal(proto_get_bool(obj, "bf", 1, &v), 0);
	assert_false(v);

	v = 77;
	assert_int_equal(proto_get_bool(obj, "missing", 0, &v), 0);
	assert_int_equal(v, 77);
	assert_int_equal(proto_get_bool(obj, "nul", 0, &v), 0);
	assert_int_equal(v, 77);
	assert_int_equal(proto_get_bool(obj, "missing", 1, &v), -1);

	assert_int_equal(proto_get_bool(obj, "n", 0, &v), -1);
	assert_int_equal(proto_get_bool(obj, "s", 0, &v), -1);
	assert_int_equal(proto_get_bool(obj, "q", 1, &v), -1);
	assert_int_equal(v, 77);
	cJSON_Delete(obj);
}

/* Nicks: 1-32 characters, printable, no leading sigils, not reserved. */
static void
test_check_nick(void **state)
{
	enum proto_err	 err;
	char		*s, *cause = NULL;

	(void)state;

	nick_ok("alice");
	nick_ok(MINSU);
	nick_ok(ZOE);
	nick_ok("a");
	nick_ok("bob_2");
	nick_ok("systems");
	nick_ok("my-server");
	s = check_repeat("a", CR_NICK_MAX);
	nick_ok(s);
	free(s);
	s = check_repeat(MINSU, CR_NICK_MAX / 3);	/* characters, not bytes */
	assert_int_equal(strlen(s), 90);
	nick_ok(s);
	free(s);

	s = check_repeat("a", CR_NICK_MAX + 1);
	nick_bad(s, PERR_NICK_INVALID);
	free(s);
	s = check_repeat("\xea\xb0\x80", CR_NICK_MAX + 1);
	nick_bad(s, PERR_NICK_INVALID);
	free(s);
	nick_bad("", PERR_NICK_INVALID);
	nick_bad("a b", PERR_NICK_INVALID);
	nick_bad(" alice", PERR_NICK_INVALID);
	nick_bad("@x", PERR_NICK_INVALID);
	nick_bad("#x", PERR_NICK_INVALID);
	nick_bad("/x", PERR_NICK_INVALID);
	nick_bad("a,b", PERR_NICK_INVALID);
	nick_bad("a\"b", PERR_NICK_INVALID);
	nick_bad("a\\b", PERR_NICK_INVALID);
	nick_bad("a\x01" "b", PERR_NICK_INVALID);
	nick_bad("a\tb", PERR_NICK_INVALID);
	nick_bad("a\nb", PERR_NICK_INVALID);
	nick_bad("a\x1b[31m", PERR_NICK_INVALID);
	nick_bad("a\x7f", PERR_NICK_INVALID);
	nick_bad("a\xc2\x85", PERR_NICK_INVALID);	/* U+0085 NEL */
	nick_bad("a\xe2\x80\xae" "b", PERR_NICK_INVALID); /* U+202E RLO */
	nick_bad("a\xe3\x80\x80" "b", PERR_NICK_INVALID); /* U+3000 */
	nick_bad("a\xc2\xa0" "b", PERR_NICK_INVALID);	/* U+00A0 */
	nick_bad("a\xef\xbb\xbf", PERR_NICK_INVALID);	/* U+FEFF */
	nick_bad("\xff", PERR_NICK_INVALID);
	nick_bad("a\xc0\xaf", PERR_NICK_INVALID);

	/* Invisible and default-ignorable code points (issue 19, item 13). */
	nick_bad("a\xe2\x81\xa0" "b", PERR_NICK_INVALID);	/* U+2060 WJ */
	nick_bad("a\xc2\xad" "b", PERR_NICK_INVALID);	/* U+00AD SHY */
	nick_bad("a\xcd\x8f" "b", PERR_NICK_INVALID);	/* U+034F CGJ */
	nick_bad("\xe3\x85\xa4", PERR_NICK_INVALID);	/* U+3164 filler */
	nick_bad("a\xe2\x80\x8b", PERR_NICK_INVALID);	/* U+200B ZWSP */
	nick_bad("a\xe2\x80\x8d" "b", PERR_NICK_INVALID); /* U+200D ZWJ */
	nick_bad("a\xef\xb8\x8f", PERR_NICK_INVALID);	/* U+FE0F VS16 */
	nick_bad("a\xf3\xa0\x81\xa1", PERR_NICK_INVALID); /* U+E0061 tag */
	nick_bad("a\xf3\xa0\x84\x80", PERR_NICK_INVALID); /* U+E0100 VS17 */
	nick_bad("a\xe2\xa0\x80", PERR_NICK_INVALID);	/* U+2800 blank */
	nick_bad("a\xee\x80\x80", PERR_NICK_INVALID);	/* U+E000 private */
	nick_bad("a\xe2\x80\x89" "b", PERR_NICK_INVALID); /* U+2009 */
	nick_bad("a\xef\xbe\xa0", PERR_NICK_INVALID);	/* U+FFA0 */
	nick_ok("\xc3\xa9" "cole");				/* école */
	nick_ok("\xe1\xba\xa0NH");				/* ẠNH */
	assert_int_equal(proto_check_stored_nick("a\xe2\x81\xa0" "b"), 0);
	assert_int_equal(proto_check_stored_nick("a b"), -1);

	nick_bad("System", PERR_NICK_RESERVED);
	nick_bad("\xc5\xbfystem", PERR_NICK_RESERVED);	/* U+017F ſ */
	nick_bad("system", PERR_NICK_RESERVED);
	nick_bad("SERVER", PERR_NICK_RESERVED);
	nick_bad("chatroom", PERR_NICK_RESERVED);
	nick_bad("ChatRoom", PERR_NICK_RESERVED);

	/* What IRC lines, masks and our commands would read apart. */
	nick_bad("a:b", PERR_NICK_INVALID);
	nick_bad("bob:", PERR_NICK_INVALID);
	nick_bad("a/b", PERR_NICK_INVALID);
	nick_bad("a*", PERR_NICK_INVALID);
	nick_bad("who?", PERR_NICK_INVALID);
	nick_bad("a!b", PERR_NICK_INVALID);
	nick_bad("1abc", PERR_NICK_INVALID);
	nick_bad("9", PERR_NICK_INVALID);
	nick_bad("&x", PERR_NICK_INVALID);
	nick_bad("$x", PERR_NICK_INVALID);
	nick_bad("-x", PERR_NICK_INVALID);
	nick_bad("+x", PERR_NICK_INVALID);
	nick_ok("a1");
	nick_ok("[away]");
	nick_ok("x|y");
	nick_ok("a.b");
	nick_ok("_1");
	nick_ok("`^{}");
	nick_ok("a&b$");
	nick_ok("o'brien");
	/* Nicks claimed before keep opening. */
	assert_int_equal(proto_check_kept_nick("a:b", &err, &cause), 0);
	assert_int_equal(proto_check_kept_nick("1abc", &err, &cause), 0);
	assert_int_equal(proto_check_kept_nick("a/b", &err, &cause), 0);
	assert_int_equal(proto_check_kept_nick("a!b", &err, &cause), -1);
	free(cause);
}

/* Room names: like nicks, digits alone included (IRC's #5). */
static void
test_check_room(void **state)
{
	enum proto_err	 err;
	char		*s, *cause = NULL;

	(void)state;

	room_ok("dev");
	room_ok(GAEBAL);
	room_ok("room1");
	room_ok("1room");
	room_ok("2024-plans");
	room_ok("123");
	room_ok("0");
	room_ok("system");	/* reserved only as a nick */
	s = check_repeat("r", CR_ROOM_MAX);
	room_ok(s);
	free(s);

	room_bad("");
	room_bad("a b");
	room_bad("dev ");
	room_bad("a\tb");
	room_bad("a\x01");
	room_bad("#dev");
	room_bad("a,b");
	room_bad("\xff");
	s = check_repeat("r", CR_ROOM_MAX + 1);
	room_bad(s);
	free(s);
	s = check_repeat("\xea\xb0\x9c", CR_ROOM_MAX + 1);
	room_bad(s);
	free(s);
	room_bad("dev\xe2\x81\xa0");			/* U+2060 */
	room_bad("d\xc2\xad" "ev");			/* U+00AD */

	/* Counted in NFC: 32 syllables as 96 conjoining jamo (ᄀ ᅡ ᆨ = 각). */
	s = check_repeat("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", CR_ROOM_MAX);
	room_ok(s);
	free(s);
	s = check_repeat("e\xcc\x81", CR_ROOM_MAX + 1);	/* é decomposed */
	room_bad(s);
	free(s);
	/* A combining mark with nothing to sit on. */
	room_bad("\xcc\x81" "dev");			/* U+0301 */
	room_bad("\xe2\x83\x9d" "dev");			/* U+20DD */
	room_ok("de\xcc\x81v");
	nick_bad("\xcc\x81lodie", PERR_NICK_INVALID);
	nick_ok("e\xcc\x81lodie");

	/* Names the history file holds load even if now refused. */
	assert_int_equal(proto_check_stored_room("dev\xe2\x81\xa0", &err,
	    &cause), 0);
	assert_int_equal(proto_check_stored_room("a b", &err, &cause), -1);
	free(cause);
}

/* Text: not blank, bounded in characters, newlines only when allowed. */
static void
test_check_text(void **state)
{
	char	*s;

	(void)state;

	text_ok("hello", CR_TEXT_MAX, 0);
	text_ok(KOREAN, CR_TEXT_MAX, 0);
	text_ok("  padded  ", CR_TEXT_MAX, 0);
	text_ok("a\tb", CR_TEXT_MAX, 0);
	text_ok("bell\x07", CR_TEXT_MAX, 0);	/* kept; clients neutralise */
	text_ok("two\nlines", CR_TEXT_MAX, 1);
	text_ok("crlf\r\nlines", CR_TEXT_MAX, 1);

	text_bad("two\nlines", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad("cr\rhere", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad("trailing\n", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad("", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad("", CR_TEXT_MAX, 1, PERR_TEXT_INVALID);
	text_bad("   ", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad(" \t ", CR_TEXT_MAX, 0, PERR_TEXT_INVALID);
	text_bad("\n\n", CR_TEXT_MAX, 1, PERR_TEXT_INVALID);
	text_bad(" \r\n\t", CR_TEXT_MAX, 1, PERR_TEXT_INVALID);
	text_bad("bad \xff", CR_TEXT_MAX, 0, PERR_BAD_UTF8);
	text_bad("cut \xec\x95", CR_TEXT_MAX, 0, PERR_BAD_UTF8);

	/* The limit is in characters, inclusive: Korean gets as many. */
	text_ok("abcde", 5, 0);
	text_bad("abcdef", 5, 0, PERR_TEXT_TOO_LONG);
	text_ok(MINSU, 3, 0);
	text_bad(MINSU, 2, 0, PERR_TEXT_TOO_LONG);
	s = check_repeat("\xea\xb0\x9c", CR_TEXT_MAX);	/* 12000 bytes */
	text_ok(s, CR_TEXT_MAX, 0);
	free(s);
	s = check_repeat("\xea\xb0\x9c", CR_TEXT_MAX + 1);
	text_bad(s, CR_TEXT_MAX, 0, PERR_TEXT_TOO_LONG);
	free(s);
}

/* An error frame carries the code string, detail and seq when given. */
static void
test_make_error(void **state)
{
	struct jbuf	 jb;
	enum proto_type	 type;
	enum proto_err	 err;
	char		*cause = NULL;
	const char	*s;
	long long	 seq;
	cJSON		*obj;

	(void)state;

	jbuf_init(&jb);
	proto_make_error(&jb, PERR_NICK_TAKEN, "the nick \"bob\" is taken",
	    7);
	obj = frame_parse(&jb);
	cJSON_Delete(obj);
	obj = proto_parse(jb.buf, jb.len, &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_ERROR);
	assert_int_equal(proto_get_str(obj, "code", 1, &s), 0);
	assert_string_equal(s, "nick_taken");
	assert_int_equal(proto_err_lookup(s), PERR_NICK_TAKEN);
	assert_int_equal(proto_get_str(obj, "detail", 1, &s), 0);
	assert_string_equal(s, "the nick \"bob\" is taken");
	assert_int_equal(proto_get_int(obj, "seq", 1, &seq), 0);
	assert_int_equal(seq, 7);
	assert_int_equal(cJSON_GetArraySize(obj), 4);
	cJSON_Delete(obj);

	/* No seq for unsolicited errors; the buffer is reused. */
	proto_make_error(&jb, PERR_FLOOD, KOREAN, 0);
	assert_null(strstr(jb.buf, "nick_taken"));
	obj = proto_parse(jb.buf, jb.len, &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_ERROR);
	assert_int_equal(proto_get_str(obj, "code", 1, &s), 0);
	assert_string_equal(s, "flood");
	assert_int_equal(proto_get_str(obj, "detail", 1, &s), 0);
	assert_string_equal(s, KOREAN);
	assert_null(cJSON_GetObjectItem(obj, "seq"));
	cJSON_Delete(obj);
	jbuf_free(&jb);
}

/*
 * Durations: each unit, and one bound on the time, not on the number:
 * 365d is the most, written in any unit.
 */
static void
test_parse_duration(void **state)
{
	int64_t	ms;

	(void)state;

	assert_int_equal(proto_duration_parse("90", &ms), 0);
	assert_int_equal(ms, 90 * 1000);
	assert_int_equal(proto_duration_parse("30s", &ms), 0);
	assert_int_equal(ms, 30 * 1000);
	assert_int_equal(proto_duration_parse("10m", &ms), 0);
	assert_int_equal(ms, 10 * 60 * 1000);
	assert_int_equal(proto_duration_parse("2h", &ms), 0);
	assert_int_equal(ms, 2 * 3600 * 1000);
	assert_int_equal(proto_duration_parse("7d", &ms), 0);
	assert_int_equal(ms, 7 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("1w", &ms), 0);
	assert_int_equal(ms, 7 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("365d", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);
	assert_int_equal(proto_duration_parse("52w", &ms), 0);
	assert_int_equal(proto_duration_parse("8760h", &ms), 0);
	assert_int_equal(proto_duration_parse("525600m", &ms), 0);
	assert_int_equal(proto_duration_parse("31536000", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);
	/* Months of 30 days, years of 365, in words. */
	assert_int_equal(proto_duration_parse("1 year", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);
	assert_int_equal(proto_duration_parse("1\xeb\x85\x84", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);		/* 1년 */
	assert_int_equal(proto_duration_parse("2 months", &ms), 0);
	assert_int_equal(ms, 60 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("3 mois", &ms), 0);
	assert_int_equal(ms, 90 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("2 years", &ms), -1);
	assert_int_equal(proto_duration_parse("13 months", &ms), -1);

	/* Past a year, however written. */
	assert_int_equal(proto_duration_parse("366d", &ms), -1);
	assert_int_equal(proto_duration_parse("53w", &ms), -1);
	assert_int_equal(proto_duration_parse("99999d", &ms), -1);
	assert_int_equal(proto_duration_parse("315360000w", &ms), -1);
	assert_int_equal(proto_duration_parse("8761h", &ms), -1);
	assert_int_equal(proto_duration_parse("31536001", &ms), -1);
	assert_int_equal(proto_duration_parse("99999999999999999999d", &ms),
	    -1);

	/* Not durations. */
	assert_int_equal(proto_duration_parse("0", &ms), -1);
	assert_int_equal(proto_duration_parse("0m", &ms), -1);
	assert_int_equal(proto_duration_parse("-5m", &ms), -1);
	assert_int_equal(proto_duration_parse("2x", &ms), -1);
	assert_int_equal(proto_duration_parse("m", &ms), -1);
	assert_int_equal(proto_duration_parse("", &ms), -1);
	assert_int_equal(proto_duration_parse(" 5m", &ms), -1);
	assert_int_equal(proto_duration_parse("5m ", &ms), -1);
	assert_int_equal(proto_duration_parse("7jx", &ms), -1);
	assert_int_equal(proto_duration_parse("1d12", &ms), -1);
	assert_int_equal(proto_duration_parse("30m15", &ms), -1);
	assert_int_equal(proto_duration_parse("2h60", &ms), -1);
	assert_int_equal(proto_duration_parse("2h030", &ms), -1);
	assert_int_equal(proto_duration_parse("2h30 5", &ms), -1);
	assert_int_equal(proto_duration_parse("2h30x", &ms), -1);
	assert_int_equal(proto_duration_parse("1.5h", &ms), -1);
	assert_int_equal(proto_duration_parse("7\xec\x9d\xbc\xea\xb0\x84", &ms),
	    -1);					/* 7일간 */
	assert_int_equal(proto_duration_parse("200d200d", &ms), -1);
}

/*
 * Durations in parts and in the units the client shows in French and
 * Korean (F7, F8 of the walk): what it prints can be typed back.
 */
static void
test_parse_duration_parts(void **state)
{
	int64_t	ms;
	size_t	len;

	(void)state;

	assert_int_equal(proto_duration_parse("2h30m", &ms), 0);
	assert_int_equal(ms, 150 * 60 * 1000);
	assert_int_equal(proto_duration_parse("1d12h", &ms), 0);
	assert_int_equal(ms, 36 * 3600 * 1000LL);
	assert_int_equal(proto_duration_parse("1d 12h", &ms), 0);
	assert_int_equal(ms, 36 * 3600 * 1000LL);
	assert_int_equal(proto_duration_parse("10min", &ms), 0);
	assert_int_equal(ms, 10 * 60 * 1000);
	assert_int_equal(proto_duration_parse("1H30M", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);
	/* French: j, h, min, s, with or without a space. */
	assert_int_equal(proto_duration_parse("7j", &ms), 0);
	assert_int_equal(ms, 7 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("7 j", &ms), 0);
	assert_int_equal(ms, 7 * 86400 * 1000LL);
	assert_int_equal(proto_duration_parse("1 h 30 min", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_parse("2 j 3 h", &ms), 0);
	assert_int_equal(ms, 51 * 3600 * 1000LL);
	assert_int_equal(proto_duration_parse("3 jours", &ms), 0);
	assert_int_equal(ms, 3 * 86400 * 1000LL);
	/* Korean: 일, 시간, 분, 초. */
	assert_int_equal(proto_duration_parse("7\xec\x9d\xbc", &ms), 0);
	assert_int_equal(ms, 7 * 86400 * 1000LL);		/* 7일 */
	assert_int_equal(proto_duration_parse("3\xeb\xb6\x84", &ms), 0);
	assert_int_equal(ms, 3 * 60 * 1000);			/* 3분 */
	assert_int_equal(proto_duration_parse(
	    "1\xec\x8b\x9c\xea\xb0\x84 30\xeb\xb6\x84", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);		/* 1시간 30분 */
	assert_int_equal(proto_duration_parse("45\xec\xb4\x88", &ms), 0);
	assert_int_equal(ms, 45 * 1000);			/* 45초 */
	/* Minutes after hours, with no unit: 1h30, 2h05, 1 h 30. */
	assert_int_equal(proto_duration_parse("1h30", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_parse("2h05", &ms), 0);
	assert_int_equal(ms, 125 * 60 * 1000);
	assert_int_equal(proto_duration_parse("2h5", &ms), 0);
	assert_int_equal(ms, 125 * 60 * 1000);
	assert_int_equal(proto_duration_parse("1 h 30", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_parse("1 heure 30", &ms), 0);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_parse("1d2h30", &ms), 0);
	assert_int_equal(ms, (26 * 60 + 30) * 60 * 1000LL);
	assert_int_equal(proto_duration_parse("0h45", &ms), 0);
	assert_int_equal(ms, 45 * 60 * 1000);
	assert_int_equal(proto_duration_parse("8760h0", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);
	assert_int_equal(proto_duration_parse("8759h61", &ms), -1);
	assert_int_equal(proto_duration_parse("8760h1", &ms), -1);
	assert_int_equal(proto_duration_prefix("1h30 spam", &ms), 4);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_prefix("1 h 30 spam", &ms), 6);
	assert_int_equal(ms, 90 * 60 * 1000);

	/* The bound is on the sum. */
	assert_int_equal(proto_duration_parse("364d24h", &ms), 0);
	assert_int_equal(ms, PROTO_DURATION_MAX);
	assert_int_equal(proto_duration_parse("364d24h1s", &ms), -1);

	/* A prefix: the duration, then what may be a reason. */
	assert_int_equal(proto_duration_prefix("1 h 30 min spam", &ms), 10);
	assert_int_equal(ms, 90 * 60 * 1000);
	assert_int_equal(proto_duration_prefix("5 spammer", &ms), 1);
	assert_int_equal(ms, 5 * 1000);
	assert_int_equal(proto_duration_prefix("2h30m stop", &ms), 5);
	assert_int_equal(proto_duration_prefix("2x", &ms), 0);
	assert_int_equal(proto_duration_prefix("spam", &ms), 0);
	len = proto_duration_prefix("7jx", &ms);
	assert_true(len == 0 || "7jx"[len] != '\0');
}

/* The word a newer client sends for a duration: any hub reads it. */
static void
test_duration_word_of(void **state)
{
	char	buf[32];

	(void)state;

	assert_string_equal(proto_duration_word_of(150 * 60 * 1000, buf,
	    sizeof buf), "150m");
	assert_string_equal(proto_duration_word_of(7 * 86400 * 1000LL, buf,
	    sizeof buf), "7d");
	assert_string_equal(proto_duration_word_of(36 * 3600 * 1000LL, buf,
	    sizeof buf), "36h");
	assert_string_equal(proto_duration_word_of(90 * 1000, buf,
	    sizeof buf), "90s");
}

/* Words meant as durations, valid or not; addresses and words are not. */
static void
test_duration_word(void **state)
{
	(void)state;

	assert_true(proto_duration_word("5"));
	assert_true(proto_duration_word("0"));
	assert_true(proto_duration_word("2x"));
	assert_true(proto_duration_word("0m"));
	assert_true(proto_duration_word("10min"));
	assert_true(proto_duration_word("99999d"));
	assert_true(proto_duration_word("-5m"));
	assert_true(proto_duration_word("+5m"));
	assert_true(proto_duration_word("2nd"));
	assert_false(proto_duration_word(""));
	assert_false(proto_duration_word("-"));
	assert_false(proto_duration_word("x2"));
	assert_false(proto_duration_word("spam"));
	assert_false(proto_duration_word("192.0.2.7"));
	assert_false(proto_duration_word("2001:db8::1"));
	assert_false(proto_duration_word("10.0.0.0/8"));
	assert_false(proto_duration_word("1.5h"));
	assert_false(proto_duration_word("5 spam"));
	assert_true(proto_duration_word("5\xc3\xa9"));
	assert_true(proto_duration_word("7\xec\x9d\xbc"));	/* 7일 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_err_names),
		cmocka_unit_test(test_jbuf_values),
		cmocka_unit_test(test_jbuf_escape),
		cmocka_unit_test(test_jbuf_escape_every_byte),
		cmocka_unit_test(test_jbuf_nesting),
		cmocka_unit_test(test_jbuf_int_digits),
		cmocka_unit_test(test_jbuf_reuse),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_bad_utf8),
		cmocka_unit_test(test_parse_bad_json),
		cmocka_unit_test(test_parse_bad_escape),
		cmocka_unit_test(test_frame_seq),
		cmocka_unit_test(test_parse_bad_type),
		cmocka_unit_test(test_parse_unknown_type),
		cmocka_unit_test(test_get_str),
		cmocka_unit_test(test_get_int),
		cmocka_unit_test(test_get_bool),
		cmocka_unit_test(test_check_nick),
		cmocka_unit_test(test_check_room),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_make_error),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_duration_word),
		cmocka_unit_test(test_parse_duration_parts),
		cmocka_unit_test(test_duration_word_of),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
