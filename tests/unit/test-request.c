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

static void	 encode_is(const struct proto_request *, const char *);
static void	 event_is(const struct hub_event *, const char *);
static void	 test_hello(void **);
static void	 test_say(void **);
static void	 test_rooms(void **);
static void	 test_moderation(void **);
static void	 test_people(void **);
static void	 test_people_events(void **);
static void	 test_no_seq(void **);
static void	 test_not_a_request(void **);
static void	 test_parses_back(void **);

/* Encode a request and compare the frame with what clients always sent. */
static void
encode_is(const struct proto_request *req, const char *want)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	assert_int_equal(proto_request_encode(&jb, req), 0);
	assert_int_equal(jb.len, strlen(want));
	assert_memory_equal(jb.buf, want, jb.len);
	jbuf_free(&jb);
}

/* hello: a resume adds the token and the last id seen. */
static void
test_hello(void **state)
{
	struct proto_request	req = { .type = PROTO_HELLO, .nick = "ann",
	    .client = "chatroom 1" };

	encode_is(&req, "{\"type\":\"hello\",\"version\":2,\"nick\":\"ann\","
	    "\"client\":\"chatroom 1\"}\n");
	req.token = "abcd";
	req.last_id = 42;
	req.key = "6b";
	req.sig = "5e";
	req.legacy = "1e";
	req.password = "pw";
	encode_is(&req, "{\"type\":\"hello\",\"version\":2,\"nick\":\"ann\","
	    "\"token\":\"abcd\",\"last_id\":42,\"key\":\"6b\","
	    "\"sig\":\"5e\",\"legacy\":\"1e\",\"password\":\"pw\","
	    "\"client\":\"chatroom 1\"}\n");
}

/* msg and dm: text, an action, a picture as raw JSON. */
static void
test_say(void **state)
{
	struct proto_request	msg = { .type = PROTO_MSG, .seq = 3,
	    .room = "dev", .text = "hi \"all\"" };
	struct proto_request	dm = { .type = PROTO_DM, .seq = 4,
	    .to = "bob", .text = "waves", .action = 1 };
	struct proto_request	img = { .type = PROTO_MSG, .seq = 5,
	    .room = "dev", .text = "a.png", .image = "{\"w\":1}" };

	encode_is(&msg, "{\"type\":\"msg\",\"seq\":3,\"room\":\"dev\","
	    "\"text\":\"hi \\\"all\\\"\"}\n");
	encode_is(&dm, "{\"type\":\"dm\",\"seq\":4,\"to\":\"bob\","
	    "\"text\":\"waves\",\"action\":true}\n");
	encode_is(&img, "{\"type\":\"msg\",\"seq\":5,\"room\":\"dev\","
	    "\"text\":\"a.png\",\"image\":{\"w\":1}}\n");
}

/* join by name or number, create with a topic, leave, names, topic. */
static void
test_rooms(void **state)
{
	struct proto_request	req = { .type = PROTO_JOIN, .seq = 1,
	    .room = "dev" };

	encode_is(&req, "{\"type\":\"join\",\"seq\":1,\"room\":\"dev\"}\n");
	req.room = NULL;
	req.number = 7;
	encode_is(&req, "{\"type\":\"join\",\"seq\":1,\"room\":7}\n");
	memset(&req, 0, sizeof req);
	req.type = PROTO_CREATE;
	req.seq = 2;
	req.room = "book-club";
	encode_is(&req, "{\"type\":\"create\",\"seq\":2,"
	    "\"room\":\"book-club\"}\n");
	req.topic = "Book Club";
	encode_is(&req, "{\"type\":\"create\",\"seq\":2,"
	    "\"room\":\"book-club\",\"topic\":\"Book Club\"}\n");
	req.type = PROTO_LEAVE;
	encode_is(&req, "{\"type\":\"leave\",\"seq\":2,"
	    "\"room\":\"book-club\"}\n");
	req.type = PROTO_NAMES;
	encode_is(&req, "{\"type\":\"names\",\"seq\":2,"
	    "\"room\":\"book-club\"}\n");
	req.type = PROTO_TOPIC;
	req.text = "";
	encode_is(&req, "{\"type\":\"topic\",\"seq\":2,"
	    "\"room\":\"book-club\",\"text\":\"\"}\n");
	memset(&req, 0, sizeof req);
	req.type = PROTO_ROOMS;
	req.seq = 9;
	encode_is(&req, "{\"type\":\"rooms\",\"seq\":9}\n");
}

/* The operator's requests: optional fields are left out when NULL. */
static void
test_moderation(void **state)
{
	struct proto_request	kick = { .type = PROTO_KICK, .seq = 1,
	    .nick = "bob" };
	struct proto_request	ban = { .type = PROTO_BAN, .seq = 2,
	    .target = "10.0.0.1", .duration = "2h", .reason = "spam" };
	struct proto_request	mute = { .type = PROTO_MUTE, .seq = 3,
	    .nick = "bob", .duration = "30m" };
	struct proto_request	release = { .type = PROTO_RELEASE, .seq = 4 };
	struct proto_request	oper = { .type = PROTO_OPER, .seq = 5,
	    .password = "pw" };

	encode_is(&kick, "{\"type\":\"kick\",\"seq\":1,\"nick\":\"bob\"}\n");
	kick.reason = "flood";
	encode_is(&kick, "{\"type\":\"kick\",\"seq\":1,\"nick\":\"bob\","
	    "\"reason\":\"flood\"}\n");
	encode_is(&ban, "{\"type\":\"ban\",\"seq\":2,\"target\":\"10.0.0.1\","
	    "\"duration\":\"2h\",\"reason\":\"spam\"}\n");
	ban.duration = NULL;
	encode_is(&ban, "{\"type\":\"ban\",\"seq\":2,\"target\":\"10.0.0.1\","
	    "\"reason\":\"spam\"}\n");
	ban.type = PROTO_UNBAN;
	encode_is(&ban, "{\"type\":\"unban\",\"seq\":2,"
	    "\"target\":\"10.0.0.1\"}\n");
	encode_is(&mute, "{\"type\":\"mute\",\"seq\":3,\"nick\":\"bob\","
	    "\"duration\":\"30m\"}\n");
	mute.type = PROTO_UNMUTE;
	encode_is(&mute, "{\"type\":\"unmute\",\"seq\":3,\"nick\":\"bob\"}\n");
	encode_is(&release, "{\"type\":\"release\",\"seq\":4}\n");
	release.nick = "ann";
	encode_is(&release, "{\"type\":\"release\",\"seq\":4,"
	    "\"nick\":\"ann\"}\n");
	encode_is(&oper, "{\"type\":\"oper\",\"seq\":5,\"password\":\"pw\"}\n");
}

/* whois a nick; away with a message, or alone to be back. */
static void
test_people(void **state)
{
	struct proto_request	whois = { .type = PROTO_WHOIS, .seq = 1,
	    .nick = "bob" };
	struct proto_request	away = { .type = PROTO_AWAY, .seq = 2,
	    .text = "at lunch" };

	encode_is(&whois, "{\"type\":\"whois\",\"seq\":1,\"nick\":\"bob\"}\n");
	encode_is(&away, "{\"type\":\"away\",\"seq\":2,"
	    "\"text\":\"at lunch\"}\n");
	away.text = NULL;
	encode_is(&away, "{\"type\":\"away\",\"seq\":2}\n");
}

/* Encode a hub event and compare the frame. */
static void
event_is(const struct hub_event *ev, const char *want)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	proto_event_encode(&jb, ev);
	assert_int_equal(jb.len, strlen(want));
	assert_memory_equal(jb.buf, want, jb.len);
	jbuf_free(&jb);
}

/*
 * The hub's answers about people: userinfo leaves out what is false or
 * absent; away_changed without text is back; a room frame and joined
 * list who is away.
 */
static void
test_people_events(void **state)
{
	static const char	*rooms[] = { "lobby", "dev" };
	static const char	*members[] = { "ann", "bob" };
	static const char	*away[] = { "bob" };
	struct hub_whois	 w = { .nick = "bob", .since = 1000,
	    .idle = 5, .rooms = rooms, .nrooms = 2 };
	struct hub_event	 ev = { .type = PROTO_USERINFO, .seq = 3,
	    .whois = &w };

	event_is(&ev, "{\"type\":\"userinfo\",\"seq\":3,\"nick\":\"bob\","
	    "\"since\":1000,\"idle\":5,\"rooms\":[\"lobby\",\"dev\"],"
	    "\"claimed\":false}\n");
	w.claimed = w.lost = w.oper = 1;
	w.away = "out";
	w.address = "::1";
	event_is(&ev, "{\"type\":\"userinfo\",\"seq\":3,\"nick\":\"bob\","
	    "\"since\":1000,\"idle\":5,\"rooms\":[\"lobby\",\"dev\"],"
	    "\"claimed\":true,\"away\":\"out\",\"address\":\"::1\","
	    "\"lost\":true,\"oper\":true}\n");

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_AWAY_CHANGED;
	ev.nick = "bob";
	ev.ts = 7;
	ev.text = "out";
	event_is(&ev, "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":7,"
	    "\"text\":\"out\"}\n");
	ev.text = NULL;
	event_is(&ev, "{\"type\":\"away_changed\",\"nick\":\"bob\","
	    "\"ts\":7}\n");

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ROOM;
	ev.room = "dev";
	ev.text = "";
	ev.members = members;
	ev.nmembers = 2;
	ev.away_members = away;
	ev.naway = 1;
	event_is(&ev, "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"\","
	    "\"members\":[\"ann\",\"bob\"],\"away\":[\"bob\"],"
	    "\"history\":0}\n");

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_JOINED;
	ev.room = "dev";
	ev.nick = "bob";
	ev.ts = 8;
	ev.away = "out";
	event_is(&ev, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"bob\","
	    "\"ts\":8,\"away\":\"out\"}\n");
	ev.type = PROTO_LEFT;
	event_is(&ev, "{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"bob\","
	    "\"ts\":8}\n");

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = "away";
	ev.subject = "bob";
	ev.text = "out";
	event_is(&ev, "{\"type\":\"notice\",\"code\":\"away\","
	    "\"subject\":\"bob\",\"text\":\"out\"}\n");
}

/* Frames that expect no answer carry no seq. */
static void
test_no_seq(void **state)
{
	struct proto_request	quit = { .type = PROTO_QUIT };
	struct proto_request	pong = { .type = PROTO_PONG };
	struct proto_request	join = { .type = PROTO_JOIN, .room = "dev" };

	encode_is(&quit, "{\"type\":\"quit\"}\n");
	quit.reason = "bye";
	encode_is(&quit, "{\"type\":\"quit\",\"reason\":\"bye\"}\n");
	encode_is(&pong, "{\"type\":\"pong\"}\n");
	encode_is(&join, "{\"type\":\"join\",\"room\":\"dev\"}\n");
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
	    PROTO_AWAY };
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
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_say),
		cmocka_unit_test(test_rooms),
		cmocka_unit_test(test_moderation),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_people_events),
		cmocka_unit_test(test_no_seq),
		cmocka_unit_test(test_not_a_request),
		cmocka_unit_test(test_parses_back),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
