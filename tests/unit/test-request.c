/* SPDX-License-Identifier: ISC */
/* test-request.c: unit tests of the request encoders, and of people frames. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

static void	 frame_is(struct jbuf *, const char *, const char *, u_int);
static void	 test_requests(void **);
static void	 test_events(void **);
static void	 test_not_a_request(void **);
static void	 test_parses_back(void **);

/*
 * Requests and the frames clients always sent for them.  Where a case
 * follows another of the same type, it is that request with one field
 * changed; fields a request type does not carry stay set to show that the
 * encoder leaves them out.
 */
static const struct {
	struct proto_request	 req;
	const char		*want;
} requests[] = {
	/* hello: a resume adds the token and the last id seen. */
	{ { .type = PROTO_HELLO, .nick = "ann", .client = "chatroom 1" },
	  "{\"type\":\"hello\",\"version\":2,\"nick\":\"ann\","
	  "\"client\":\"chatroom 1\"}\n" },
	{ { .type = PROTO_HELLO, .nick = "ann", .client = "chatroom 1",
	    .token = "abcd", .last_id = 42, .key = "6b", .sig = "5e",
	    .legacy = "1e", .password = "pw" },
	  "{\"type\":\"hello\",\"version\":2,\"nick\":\"ann\","
	  "\"token\":\"abcd\",\"last_id\":42,\"key\":\"6b\","
	  "\"sig\":\"5e\",\"legacy\":\"1e\",\"password\":\"pw\","
	  "\"client\":\"chatroom 1\"}\n" },

	/* msg and dm: text, an action, a picture as raw JSON. */
	{ { .type = PROTO_MSG, .seq = 3, .room = "dev", .text = "hi \"all\"" },
	  "{\"type\":\"msg\",\"seq\":3,\"room\":\"dev\","
	  "\"text\":\"hi \\\"all\\\"\"}\n" },
	{ { .type = PROTO_DM, .seq = 4, .to = "bob", .text = "waves",
	    .action = 1 },
	  "{\"type\":\"dm\",\"seq\":4,\"to\":\"bob\","
	  "\"text\":\"waves\",\"action\":true}\n" },
	{ { .type = PROTO_MSG, .seq = 5, .room = "dev", .text = "a.png",
	    .image = "{\"w\":1}" },
	  "{\"type\":\"msg\",\"seq\":5,\"room\":\"dev\","
	  "\"text\":\"a.png\",\"image\":{\"w\":1}}\n" },

	/* join by name or number, create with a topic, leave, names, topic. */
	{ { .type = PROTO_JOIN, .seq = 1, .room = "dev" },
	  "{\"type\":\"join\",\"seq\":1,\"room\":\"dev\"}\n" },
	{ { .type = PROTO_JOIN, .seq = 1, .number = 7 },
	  "{\"type\":\"join\",\"seq\":1,\"room\":7}\n" },
	{ { .type = PROTO_CREATE, .seq = 2, .room = "book-club" },
	  "{\"type\":\"create\",\"seq\":2,\"room\":\"book-club\"}\n" },
	{ { .type = PROTO_CREATE, .seq = 2, .room = "book-club",
	    .topic = "Book Club" },
	  "{\"type\":\"create\",\"seq\":2,\"room\":\"book-club\","
	  "\"topic\":\"Book Club\"}\n" },
	{ { .type = PROTO_LEAVE, .seq = 2, .room = "book-club",
	    .topic = "Book Club" },
	  "{\"type\":\"leave\",\"seq\":2,\"room\":\"book-club\"}\n" },
	{ { .type = PROTO_NAMES, .seq = 2, .room = "book-club",
	    .topic = "Book Club" },
	  "{\"type\":\"names\",\"seq\":2,\"room\":\"book-club\"}\n" },
	{ { .type = PROTO_TOPIC, .seq = 2, .room = "book-club",
	    .topic = "Book Club", .text = "" },
	  "{\"type\":\"topic\",\"seq\":2,\"room\":\"book-club\","
	  "\"text\":\"\"}\n" },
	{ { .type = PROTO_ROOMS, .seq = 9 },
	  "{\"type\":\"rooms\",\"seq\":9}\n" },

	/* The operator's requests: optional fields are left out when NULL. */
	{ { .type = PROTO_KICK, .seq = 1, .nick = "bob" },
	  "{\"type\":\"kick\",\"seq\":1,\"nick\":\"bob\"}\n" },
	{ { .type = PROTO_KICK, .seq = 1, .nick = "bob", .reason = "flood" },
	  "{\"type\":\"kick\",\"seq\":1,\"nick\":\"bob\","
	  "\"reason\":\"flood\"}\n" },
	{ { .type = PROTO_BAN, .seq = 2, .target = "10.0.0.1",
	    .duration = "2h", .reason = "spam" },
	  "{\"type\":\"ban\",\"seq\":2,\"target\":\"10.0.0.1\","
	  "\"duration\":\"2h\",\"reason\":\"spam\"}\n" },
	{ { .type = PROTO_BAN, .seq = 2, .target = "10.0.0.1",
	    .reason = "spam" },
	  "{\"type\":\"ban\",\"seq\":2,\"target\":\"10.0.0.1\","
	  "\"reason\":\"spam\"}\n" },
	{ { .type = PROTO_UNBAN, .seq = 2, .target = "10.0.0.1",
	    .reason = "spam" },
	  "{\"type\":\"unban\",\"seq\":2,\"target\":\"10.0.0.1\"}\n" },
	{ { .type = PROTO_MUTE, .seq = 3, .nick = "bob", .duration = "30m" },
	  "{\"type\":\"mute\",\"seq\":3,\"nick\":\"bob\","
	  "\"duration\":\"30m\"}\n" },
	{ { .type = PROTO_UNMUTE, .seq = 3, .nick = "bob", .duration = "30m" },
	  "{\"type\":\"unmute\",\"seq\":3,\"nick\":\"bob\"}\n" },
	{ { .type = PROTO_RELEASE, .seq = 4 },
	  "{\"type\":\"release\",\"seq\":4}\n" },
	{ { .type = PROTO_RELEASE, .seq = 4, .nick = "ann" },
	  "{\"type\":\"release\",\"seq\":4,\"nick\":\"ann\"}\n" },
	{ { .type = PROTO_OPER, .seq = 5, .password = "pw" },
	  "{\"type\":\"oper\",\"seq\":5,\"password\":\"pw\"}\n" },

	/* whois a nick; away with a message, or alone to be back. */
	{ { .type = PROTO_WHOIS, .seq = 1, .nick = "bob" },
	  "{\"type\":\"whois\",\"seq\":1,\"nick\":\"bob\"}\n" },
	{ { .type = PROTO_AWAY, .seq = 2, .text = "at lunch" },
	  "{\"type\":\"away\",\"seq\":2,\"text\":\"at lunch\"}\n" },
	{ { .type = PROTO_AWAY, .seq = 2 },
	  "{\"type\":\"away\",\"seq\":2}\n" },

	/* invite: a nick into a room. */
	{ { .type = PROTO_INVITE, .seq = 3, .nick = "bob", .room = "dev",
	    .text = "hi" },
	  "{\"type\":\"invite\",\"seq\":3,\"nick\":\"bob\","
	  "\"room\":\"dev\"}\n" },

	/* Frames that expect no answer carry no seq. */
	{ { .type = PROTO_QUIT },
	  "{\"type\":\"quit\"}\n" },
	{ { .type = PROTO_QUIT, .reason = "bye" },
	  "{\"type\":\"quit\",\"reason\":\"bye\"}\n" },
	{ { .type = PROTO_PONG },
	  "{\"type\":\"pong\"}\n" },
	{ { .type = PROTO_JOIN, .room = "dev" },
	  "{\"type\":\"join\",\"room\":\"dev\"}\n" },
};

static const char	*whois_rooms[] = { "lobby", "dev" };
static const char	*room_members[] = { "ann", "bob" };
static const char	*room_away[] = { "bob" };
static const struct hub_whois whois_plain = { .nick = "bob",
    .since = 1000, .idle = 5, .rooms = whois_rooms, .nrooms = 2 };
static const struct hub_whois whois_full = { .nick = "bob",
    .since = 1000, .idle = 5, .rooms = whois_rooms, .nrooms = 2,
    .claimed = 1, .lost = 1, .oper = 1, .away = "out", .address = "::1" };
static const struct hub_whois whois_password = { .nick = "wee",
    .since = 1000, .idle = 5, .rooms = whois_rooms, .nrooms = 0,
    .claimed = 1, .by_password = 1 };

/*
 * The hub's answers about people: userinfo leaves out what is false or
 * absent; away_changed without text is back; a room frame and joined
 * list who is away.
 */
static const struct {
	struct hub_event	 ev;
	const char		*want;
} events[] = {
	{ { .type = PROTO_USERINFO, .seq = 3, .whois = &whois_plain },
	  "{\"type\":\"userinfo\",\"seq\":3,\"nick\":\"bob\","
	  "\"since\":1000,\"idle\":5,\"rooms\":[\"lobby\",\"dev\"],"
	  "\"claimed\":false}\n" },
	{ { .type = PROTO_USERINFO, .seq = 3, .whois = &whois_full },
	  "{\"type\":\"userinfo\",\"seq\":3,\"nick\":\"bob\","
	  "\"since\":1000,\"idle\":5,\"rooms\":[\"lobby\",\"dev\"],"
	  "\"claimed\":true,\"claim\":\"key\",\"away\":\"out\","
	  "\"address\":\"::1\",\"lost\":true,\"oper\":true}\n" },
	{ { .type = PROTO_USERINFO, .whois = &whois_password },
	  "{\"type\":\"userinfo\",\"nick\":\"wee\","
	  "\"since\":1000,\"idle\":5,\"rooms\":[],"
	  "\"claimed\":true,\"claim\":\"password\"}\n" },
	{ { .type = PROTO_AWAY_CHANGED, .nick = "bob", .ts = 7, .text = "out" },
	  "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":7,"
	  "\"text\":\"out\"}\n" },
	{ { .type = PROTO_AWAY_CHANGED, .nick = "bob", .ts = 7 },
	  "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":7}\n" },
	{ { .type = PROTO_ROOM, .room = "dev", .text = "",
	    .members = room_members, .nmembers = 2,
	    .away_members = room_away, .naway = 1 },
	  "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"\","
	  "\"members\":[\"ann\",\"bob\"],\"away\":[\"bob\"],"
	  "\"history\":0}\n" },
	{ { .type = PROTO_JOINED, .room = "dev", .nick = "bob", .ts = 8,
	    .away = "out" },
	  "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"bob\","
	  "\"ts\":8,\"away\":\"out\"}\n" },
	{ { .type = PROTO_LEFT, .room = "dev", .nick = "bob", .ts = 8,
	    .away = "out" },
	  "{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"bob\","
	  "\"ts\":8}\n" },
	{ { .type = PROTO_NOTICE, .code = "away", .subject = "bob",
	    .text = "out" },
	  "{\"type\":\"notice\",\"code\":\"away\","
	  "\"subject\":\"bob\",\"text\":\"out\"}\n" },
};

/* Compare a frame with the one wanted, naming the case if they differ. */
static void
frame_is(struct jbuf *jb, const char *want, const char *what, u_int i)
{
	if (jb->len != strlen(want) || memcmp(jb->buf, want, jb->len) != 0)
		print_error("%s %u: got %.*s", what, i, (int)jb->len, jb->buf);
	assert_int_equal(jb->len, strlen(want));
	assert_memory_equal(jb->buf, want, jb->len);
}

/* Each request encodes to the frame clients always sent. */
static void
test_requests(void **state)
{
	struct jbuf	jb;
	u_int		i;

	for (i = 0; i < sizeof requests / sizeof requests[0]; i++) {
		jbuf_init(&jb);
		assert_int_equal(proto_request_encode(&jb, &requests[i].req),
		    0);
		frame_is(&jb, requests[i].want, "request", i);
		jbuf_free(&jb);
	}
}

/* Each hub event encodes to its frame. */
static void
test_events(void **state)
{
	struct jbuf	jb;
	u_int		i;

	for (i = 0; i < sizeof events / sizeof events[0]; i++) {
		jbuf_init(&jb);
		proto_event_encode(&jb, &events[i].ev);
		frame_is(&jb, events[i].want, "event", i);
		jbuf_free(&jb);
	}
}

/* Only what a client sends has an encoder. */
static void
test_not_a_request(void **state)
{
	struct proto_request	req;
	struct jbuf		jb;

	memset(&req, 0, sizeof req);
	jbuf_init(&jb);
	req.type = PROTO_UNKNOWN;
	assert_int_equal(proto_request_encode(&jb, &req), -1);
	req.type = PROTO_WELCOME;
	assert_int_equal(proto_request_encode(&jb, &req), -1);
	req.type = PROTO_NTYPES;
	assert_int_equal(proto_request_encode(&jb, &req), -1);
	jbuf_free(&jb);
}

/* Every request kind parses back with its type. */
static void
test_parses_back(void **state)
{
	static const enum proto_type	 kinds[] = { PROTO_HELLO, PROTO_MSG,
	    PROTO_DM, PROTO_JOIN, PROTO_CREATE, PROTO_LEAVE, PROTO_ROOMS,
	    PROTO_NAMES, PROTO_TOPIC, PROTO_NICK, PROTO_OPER, PROTO_KICK,
	    PROTO_SHUTDOWN, PROTO_PING, PROTO_QUIT, PROTO_RELEASE, PROTO_BAN,
	    PROTO_UNBAN, PROTO_BANS, PROTO_MUTE, PROTO_UNMUTE, PROTO_WHOIS,
	    PROTO_AWAY, PROTO_INVITE };
	struct proto_request		 req = { .seq = 1, .room = "r",
	    .to = "t", .nick = "n", .text = "x", .target = "t",
	    .password = "p", .client = "c" };
	struct jbuf			 jb;
	cJSON				*obj;
	enum proto_type			 type;
	enum proto_err			 err;
	char				*cause;
	u_int				 i;

	jbuf_init(&jb);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		req.type = kinds[i];
		assert_int_equal(proto_request_encode(&jb, &req), 0);
		obj = proto_parse(jb.buf, jb.len - 1, &type, &err, &cause);
		assert_non_null(obj);
		assert_int_equal(type, kinds[i]);
		cJSON_Delete(obj);
	}
	jbuf_free(&jb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_not_a_request),
		cmocka_unit_test(test_parses_back),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
