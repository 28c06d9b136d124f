/* SPDX-License-Identifier: ISC */
/* test-client-pages.c: a big room's members, in pages after its room frame. */

#include <sys/types.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "fake.h"

static void	 test_pages(void **);
static void	 test_pages_events(void **);
static void	 test_pages_stray(void **);
static void	 test_pages_again(void **);
static void	 test_pages_bound(void **);
static void	 test_pages_encoded(void **);
static void	 feed_event(struct fake *, const struct hub_event *,
		     const char *);
static char	*page(const char *, u_int, u_int, int);

/*
 * A room_members frame of the members "pN" for N from first to last - 1,
 * with more if asked.
 */
static char *
page(const char *room, u_int first, u_int last, int more)
{
	char	*out, *tmp;
	u_int	 i;

	xasprintf(&out, "{\"type\":\"room_members\",\"room\":\"%s\","
	    "\"members\":[", room);
	for (i = first; i < last; i++) {
		xasprintf(&tmp, "%s%s\"p%u\"", out, i > first ? "," : "", i);
		free(out);
		out = tmp;
	}
	xasprintf(&tmp, "%s]%s}", out, more ? ",\"more\":true" : "");
	free(out);
	return (out = tmp);
}

/*
 * The room frame's members and every page's make the list, with who is
 * away; the room is complete (the interface told) with the last page, and
 * its replay follows as usual.
 */
static void
test_pages(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	u_int		 states;

	fake_welcome(f);
	fake_feed(f, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"t\","
	    "\"members\":[\"ann\",\"bob\"],\"away\":[\"bob\"],\"history\":1,"
	    "\"more\":true}");
	r = client_room(c, "big", 0);
	assert_non_null(r);
	assert_true(r->flags & CROOM_JOINED);
	assert_true(r->flags & CROOM_PAGES);
	states = f->states;
	fake_feed(f, "{\"type\":\"room_members\",\"room\":\"big\","
	    "\"members\":[\"cy\",\"dee\"],\"away\":[\"dee\"],\"more\":true}");
	assert_int_equal(client_room_member_count(r), 4);
	assert_int_equal(f->states, states);
	assert_true(client_people_is_away(c, "bob"));
	assert_true(client_people_is_away(c, "dee"));
	assert_false(client_people_is_away(c, "cy"));
	fake_feed(f, "{\"type\":\"room_members\",\"room\":\"BIG\","
	    "\"members\":[\"eve\"]}");
	assert_int_equal(client_room_member_count(r), 5);
	assert_true(client_room_member_has(r, "eve"));
	assert_false(r->flags & CROOM_PAGES);
	assert_int_equal(f->states, states + 1);
	/* A page names no one away who is not: the pages before stand. */
	assert_true(client_people_is_away(c, "bob"));
	assert_true(r->flags & CROOM_REPLAY);
	fake_feed(f, "{\"type\":\"msg\",\"id\":7,\"room\":\"big\","
	    "\"nick\":\"cy\",\"text\":\"old\"}");
	fake_feed(f, "{\"type\":\"history_end\",\"room\":\"big\"}");
	assert_false(r->flags & CROOM_REPLAY);
	assert_string_equal(f->last_line->text, "end of history");
}

/*
 * What happened while the pages were made comes after them: a joined
 * for someone a page had, a left for someone none had, a rename of
 * someone a page had under the old nick or already under the new one.
 */
static void
test_pages_events(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	char		*line;

	fake_welcome(f);
	fake_feed(f, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"\","
	    "\"members\":[\"ann\",\"p0\"],\"more\":true}");
	line = page("big", 1, 50, 1);
	fake_feed(f, line);
	free(line);
	line = page("big", 50, 100, 0);
	fake_feed(f, line);
	free(line);
	r = client_room(c, "big", 0);
	assert_int_equal(client_room_member_count(r), 101);
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"big\",\"nick\":\"p99\","
	    "\"ts\":1}");
	assert_int_equal(client_room_member_count(r), 101);
	fake_feed(f, "{\"type\":\"left\",\"room\":\"big\",\"nick\":\"gone\","
	    "\"ts\":2}");
	assert_int_equal(client_room_member_count(r), 101);
	fake_feed(f, "{\"type\":\"left\",\"room\":\"big\",\"nick\":\"p3\","
	    "\"ts\":3}");
	assert_int_equal(client_room_member_count(r), 100);
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"p4\",\"nick\":\"p5\","
	    "\"ts\":4}");
	assert_int_equal(client_room_member_count(r), 99);
	assert_false(client_room_member_has(r, "p4"));
	assert_true(client_room_member_has(r, "p5"));
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"zz\",\"nick\":\"p6\","
	    "\"ts\":5}");
	assert_int_equal(client_room_member_count(r), 99);
}

/* A page no room frame announced, or after the last, changes nothing. */
static void
test_pages_stray(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	char		*line;

	fake_welcome(f);
	line = page("nowhere", 0, 10, 1);
	fake_feed(f, line);
	free(line);
	assert_null(client_room(c, "nowhere", 0));
	fake_join(f, "dev");
	r = client_room(c, "dev", 0);
	line = page("dev", 0, 10, 0);
	fake_feed(f, line);
	free(line);
	assert_int_equal(client_room_member_count(r), 2);
	assert_false(client_room_member_has(r, "p1"));
}

/* A new room frame (a rejoin) starts the list again. */
static void
test_pages_again(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	char		*line;

	fake_welcome(f);
	fake_feed(f, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"\","
	    "\"members\":[\"ann\"],\"more\":true}");
	line = page("big", 0, 30, 1);
	fake_feed(f, line);
	free(line);
	/* The connection went; the resumed one sends the room again. */
	fake_feed(f, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"\","
	    "\"members\":[\"ann\",\"p29\"],\"resumed\":true,\"more\":true}");
	r = client_room(c, "big", 0);
	assert_int_equal(client_room_member_count(r), 2);
	line = page("big", 100, 110, 0);
	fake_feed(f, line);
	free(line);
	assert_int_equal(client_room_member_count(r), 12);
	assert_false(client_room_member_has(r, "p0"));
	assert_false(r->flags & CROOM_PAGES);
}

/* Pages past the member list's bound are counted, not kept. */
static void
test_pages_bound(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	char		*line;
	u_int		 i, n = CR_CLIENT_MEMBERS + 500, step = 1000;

	fake_welcome(f);
	fake_feed(f, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"\","
	    "\"members\":[\"ann\"],\"more\":true}");
	for (i = 0; i < n; i += step) {
		line = page("big", i, i + step < n ? i + step : n,
		    i + step < n);
		fake_feed(f, line);
		free(line);
	}
	r = client_room(c, "big", 0);
	assert_int_equal(r->nmembers, CR_CLIENT_MEMBERS);
	assert_int_equal(client_room_member_count(r), n + 1);
	assert_true(client_room_member_has(r, "p0"));
	assert_false(r->flags & CROOM_PAGES);
}

/*
 * Encode an event as the hub does, check that the frame has (or, with
 * a leading '!', has not) a piece of text, and feed it to the client.
 */
static void
feed_event(struct fake *f, const struct hub_event *ev, const char *has)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	proto_event_encode(&jb, ev);
	assert_true(jb.len > 0 && jb.buf[jb.len - 1] == '\n');
	jb.buf[--jb.len] = '\0';
	if (*has == '!')
		assert_null(strstr(jb.buf, has + 1));
	else
		assert_non_null(strstr(jb.buf, has));
	fake_feed(f, jb.buf);
	jbuf_free(&jb);
}

/* The hub's encoders for the room frame and its pages, read back. */
static void
test_pages_encoded(void **state)
{
	struct fake		*f = *state;
	struct client		*c = f->client;
	struct croom		*r;
	struct hub_event	 ev;
	const char		*first[] = { "ann", "bob" }, *away[] = { "bob" };
	const char		*next[] = { "cy", "dee" };

	fake_welcome(f);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ROOM;
	ev.room = "big";
	ev.text = "a topic";
	ev.members = first;
	ev.nmembers = 2;
	ev.away_members = away;
	ev.naway = 1;
	ev.more = 1;
	feed_event(f, &ev, "\"members\":[\"ann\",\"bob\"],\"away\":[\"bob\"],"
	    "\"history\":0,\"more\":true}");
	r = client_room(c, "big", 0);
	assert_non_null(r);
	assert_string_equal(r->topic, "a topic");
	assert_true(r->flags & CROOM_PAGES);

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ROOM_MEMBERS;
	ev.room = "big";
	ev.members = next;
	ev.nmembers = 2;
	feed_event(f, &ev, "{\"type\":\"room_members\",\"room\":\"big\","
	    "\"members\":[\"cy\",\"dee\"]}");
	assert_int_equal(client_room_member_count(r), 4);
	assert_true(client_people_is_away(c, "bob"));
	assert_false(r->flags & CROOM_PAGES);

	/* A room that fits in one frame says no "more", as before. */
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ROOM;
	ev.room = "small";
	ev.text = "";
	ev.members = first;
	ev.nmembers = 2;
	feed_event(f, &ev, "!more");
	r = client_room(c, "small", 0);
	assert_int_equal(client_room_member_count(r), 2);
	assert_false(r->flags & CROOM_PAGES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FAKE_TEST(test_pages),
		FAKE_TEST(test_pages_events),
		FAKE_TEST(test_pages_stray),
		FAKE_TEST(test_pages_again),
		FAKE_TEST(test_pages_bound),
		FAKE_TEST(test_pages_encoded),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
