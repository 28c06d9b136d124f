/* SPDX-License-Identifier: ISC */
/* test-client.c: the client model, fed hub frames, seen through a fake UI. */

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

static void	 test_welcome(void **);
static void	 test_mentions(void **);
static void	 test_join_and_switch(void **);
static void	 test_leave(void **);
static void	 test_messages(void **);
static void	 test_history(void **);
static void	 test_dm(void **);
static void	 test_dm_room_same_name(void **);
static void	 test_members(void **);
static void	 test_renamed(void **);
static void	 test_away(void **);
static void	 test_away_dm(void **);
static void	 test_back_told(void **);
static void	 test_reasons(void **);
static int	 shown(struct client *, const char *);
static void	 test_userinfo(void **);
static void	 test_roomlist(void **);
static void	 test_pending(void **);
static void	 test_not_connected(void **);
static void	 test_welcome_again(void **);
static void	 test_held_again(void **);
static void	 test_typed_held(void **);
static void	 test_error(void **);
static void	 test_bad_frames(void **);
static void	 dm_from(struct fake *, const char *, u_int);
static char	*member_list(u_int);
static void	 test_window_bound(void **);
static void	 test_member_bound(void **);
static void	 test_scrollback_bytes(void **);
static void	 test_inflight_match(void **);
static void	 test_inflight_resume(void **);
static void	 test_inflight_not_exact(void **);
static void	 test_inflight_new_session(void **);
static void	 frame_add(struct client_frames *, int, const char *,
		     const char *);
static int	 fates(struct client_frames *, const char *);
static void	 recall_cb(struct client *, const char *);
static void	 say_in(struct client *, const char *, const char *);
static void	 frames_free(struct client_frames *);
static void	 test_lag(void **);
static void	 test_lag_replay(void **);
static void	 sent_is(struct fake *, const char *);

/* What the fake interface was given back for the input history. */
static char	 recalled[1024];

/* welcome: ready, with the nick, token and hub the hub gave. */
static void
test_welcome(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_connect(f);
	free(fake_sent(f));
	fake_welcome(f);
	assert_int_equal(c->state, CLIENT_READY);
	assert_true(c->flags & CLIENT_EVER_READY);
	assert_string_equal(c->nick, "ann");
	assert_string_equal(c->token, "0123abcd");
	assert_string_equal(c->hub, "test hub");
	assert_true(f->states > 0);
	assert_ptr_equal(f->last_room, c->status);
	assert_int_equal(f->last_line->kind, CLINE_NOTICE);
	assert_string_equal(f->last_line->text,
	    "connected to 127.0.0.1 as ann");
	assert_int_equal(f->raws, 1);
}

/* Joining shows the room; joining another switches to it. */
static void
test_join_and_switch(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev, *ops;

	fake_join(f, "dev");
	dev = client_room(c, "dev", 0);
	assert_non_null(dev);
	assert_ptr_equal(c->current, dev);
	assert_true(dev->flags & CROOM_JOINED);
	assert_string_equal(dev->topic, "t");
	assert_int_equal(dev->nmembers, 2);
	assert_int_equal(f->last_line->kind, CLINE_EVENT);
	assert_string_equal(f->last_line->text, "you joined #dev");
	assert_int_equal(f->last_line->ts, 1000);

	fake_join(f, "ops");
	ops = client_room(c, "OPS", 0);	/* names are found folded */
	assert_ptr_equal(c->current, ops);
	client_switch(c, dev);
	assert_ptr_equal(c->current, dev);
	assert_ptr_equal(TAILQ_FIRST(&c->rooms), c->status);
	assert_ptr_equal(TAILQ_NEXT(c->status, entry), dev);
	assert_ptr_equal(TAILQ_NEXT(dev, entry), ops);
}

/* Leaving the room in view shows the one before it. */
static void
test_leave(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_join(f, "dev");
	fake_join(f, "ops");
	fake_join(f, "fun");
	client_switch(c, client_room(c, "ops", 0));
	fake_feed(f, "{\"type\":\"left\",\"room\":\"ops\",\"nick\":\"ann\"}");
	assert_null(client_room(c, "ops", 0));
	assert_ptr_equal(c->current, client_room(c, "dev", 0));
	assert_ptr_equal(f->last_room, c->status);
	assert_string_equal(f->last_line->text, "you left #ops");

	/* The first room, in view: the next one is shown. */
	fake_feed(f, "{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"ann\"}");
	assert_ptr_equal(c->current, client_room(c, "fun", 0));
	fake_feed(f, "{\"type\":\"left\",\"room\":\"fun\",\"nick\":\"ann\"}");
	assert_ptr_equal(c->current, c->status);
	assert_ptr_equal(TAILQ_FIRST(&c->rooms), c->status);
	assert_null(TAILQ_NEXT(c->status, entry));
}

/* Messages: who said it, a mention, unread counts away from view. */
static void
test_messages(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev, *ops;

	fake_join(f, "dev");
	fake_join(f, "ops");
	dev = client_room(c, "dev", 0);
	ops = client_room(c, "ops", 0);
	assert_ptr_equal(c->current, ops);

	fake_feed(f, "{\"type\":\"msg\",\"id\":7,\"room\":\"ops\","
	    "\"nick\":\"bob\",\"text\":\"hello\",\"ts\":2000}");
	assert_ptr_equal(f->last_room, ops);
	assert_int_equal(f->last_line->kind, CLINE_MSG);
	assert_string_equal(f->last_line->nick, "bob");
	assert_string_equal(f->last_line->text, "hello");
	assert_int_equal(f->last_line->flags, 0);
	assert_int_equal(ops->unread, 0);
	assert_int_equal(c->last_id, 7);

	fake_feed(f, "{\"type\":\"msg\",\"id\":8,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"ping Ann!\"}");
	assert_int_equal(f->last_line->flags, CLINE_MENTION);
	assert_int_equal(dev->unread, 1);
	assert_int_equal(dev->mention, 1);
	fake_feed(f, "{\"type\":\"msg\",\"id\":9,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"waves\",\"action\":true}");
	assert_int_equal(f->last_line->kind, CLINE_ACTION);
	assert_int_equal(dev->unread, 2);
	fake_feed(f, "{\"type\":\"msg\",\"id\":10,\"room\":\"dev\","
	    "\"nick\":\"ann\",\"text\":\"mine\"}");
	assert_int_equal(f->last_line->flags, CLINE_SELF);
	assert_int_equal(dev->unread, 2);
	assert_int_equal(c->last_id, 10);

	/* Control characters from the network are not shown as they are. */
	fake_feed(f, "{\"type\":\"msg\",\"id\":11,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"a\\u001b[2Jb\"}");
	assert_null(strchr(f->last_line->text, '\033'));

	/* An older id does not move the resume point back. */
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":3}");
	assert_int_equal(c->last_id, 11);

	/* Switching clears the unread count. */
	client_switch(c, dev);
	assert_int_equal(dev->unread, 0);
	assert_int_equal(dev->mention, 0);

	/* A message for a room we are not in is dropped. */
	f->lines = 0;
	fake_feed(f, "{\"type\":\"msg\",\"id\":12,\"room\":\"elsewhere\","
	    "\"nick\":\"bob\",\"text\":\"x\"}");
	assert_int_equal(f->lines, 0);
	assert_null(client_room(c, "elsewhere", 0));
}

/* A replay is marked as history and ends with a marker. */
static void
test_history(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev, *ops;

	fake_join(f, "ops");
	fake_feed(f, "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"\","
	    "\"members\":[\"ann\"],\"history\":2}");
	dev = client_room(c, "dev", 0);
	ops = client_room(c, "ops", 0);
	assert_true(dev->flags & CROOM_REPLAY);
	fake_feed(f, "{\"type\":\"msg\",\"id\":1,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"old\",\"ts\":5}");
	assert_int_equal(f->last_line->flags, CLINE_HISTORY);
	assert_int_equal(f->last_line->ts, 5);
	assert_int_equal(dev->unread, 0);
	fake_feed(f, "{\"type\":\"history_end\",\"room\":\"dev\"}");
	assert_false(dev->flags & CROOM_REPLAY);
	assert_int_equal(f->last_line->kind, CLINE_MARKER);
	assert_int_equal(dev->buf.count, 2);
	assert_ptr_equal(c->current, ops);

	/* A second history_end adds nothing. */
	fake_feed(f, "{\"type\":\"history_end\",\"room\":\"dev\"}");
	assert_int_equal(dev->buf.count, 2);

	/* On resume, what was replayed was missed, not history. */
	fake_feed(f, "{\"type\":\"room\",\"room\":\"fun\",\"topic\":\"\","
	    "\"members\":[\"ann\"],\"history\":3,\"resumed\":true}");
	assert_false(client_room(c, "fun", 0)->flags & CROOM_REPLAY);
}

/* Direct messages open a conversation named after the other user. */
static void
test_dm(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;

	fake_feed(f, "{\"type\":\"dm\",\"id\":4,\"nick\":\"bob\","
	    "\"to\":\"ann\",\"text\":\"psst\"}");
	r = client_room(c, "bob", CLIENT_ROOM_DM);
	assert_non_null(r);
	assert_true(r->flags & CROOM_DM);
	assert_true(r->flags & CROOM_JOINED);
	assert_int_equal(f->last_line->kind, CLINE_DM);
	assert_int_equal(f->last_line->flags, CLINE_MENTION | CLINE_DIRECT);
	assert_int_equal(r->unread, 1);
	assert_int_equal(c->last_id, 4);

	/* Our own, echoed: shown with the nick it went to. */
	fake_feed(f, "{\"type\":\"dm\",\"id\":5,\"nick\":\"ann\","
	    "\"to\":\"bob\",\"text\":\"yes?\"}");
	assert_ptr_equal(f->last_room, r);
	assert_int_equal(f->last_line->flags,
	    CLINE_OUT | CLINE_SELF | CLINE_DIRECT);
	assert_string_equal(f->last_line->nick, "bob");

	/* The other one signs off: said in the conversation. */
	fake_feed(f, "{\"type\":\"signoff\",\"nick\":\"bob\","
	    "\"reason\":\"bye\"}");
	assert_ptr_equal(f->last_room, r);
	assert_string_equal(f->last_line->text, "bob quit (bye)");
}

/*
 * A room and a conversation of the same name are two windows: a DM from
 * bob in #bob opens @bob beside it, and each keeps its lines.
 */
static void
test_dm_room_same_name(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*room, *dm;

	fake_join(f, "Bob");
	room = client_room(c, "bob", 0);
	assert_non_null(room);
	assert_null(client_room(c, "bob", CLIENT_ROOM_DM));
	fake_feed(f, "{\"type\":\"dm\",\"id\":4,\"nick\":\"bob\","
	    "\"to\":\"ann\",\"text\":\"psst\"}");
	dm = client_room(c, "BOB", CLIENT_ROOM_DM);
	assert_non_null(dm);
	assert_ptr_not_equal(dm, room);
	assert_ptr_equal(f->last_room, dm);
	assert_true(dm->flags & CROOM_DM);
	assert_false(room->flags & CROOM_DM);
	assert_ptr_equal(client_room(c, "bob", 0), room);
	fake_feed(f, "{\"type\":\"msg\",\"id\":5,\"room\":\"Bob\","
	    "\"nick\":\"bob\",\"text\":\"all\"}");
	assert_ptr_equal(f->last_room, room);

	/* Named as the room list shows them; a bare name is the room. */
	assert_ptr_equal(client_room_named(c, "#bob"), room);
	assert_ptr_equal(client_room_named(c, "@bob"), dm);
	assert_ptr_equal(client_room_named(c, "bob"), room);

	/* bob's new nick renames the conversation, not the room. */
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"bob\","
	    "\"nick\":\"rob\"}");
	assert_ptr_equal(client_room(c, "rob", CLIENT_ROOM_DM), dm);
	assert_null(client_room(c, "bob", CLIENT_ROOM_DM));
	assert_ptr_equal(client_room(c, "bob", 0), room);
	assert_string_equal(room->name, "Bob");

	/* Leaving the room leaves the conversation. */
	fake_feed(f, "{\"type\":\"left\",\"room\":\"Bob\","
	    "\"nick\":\"ann\"}");
	assert_null(client_room(c, "bob", 0));
	assert_ptr_equal(client_room(c, "rob", CLIENT_ROOM_DM), dm);
}

/* Members come and go, and are told in each room they share. */
static void
test_members(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev;

	fake_join(f, "dev");
	dev = client_room(c, "dev", 0);
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"cy\"}");
	assert_int_equal(dev->nmembers, 3);
	assert_true(client_room_member_has(dev, "cy"));
	assert_string_equal(f->last_line->text, "cy joined #dev");
	fake_feed(f, "{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"cy\"}");
	assert_false(client_room_member_has(dev, "cy"));
	assert_string_equal(f->last_line->text, "cy left #dev");
	fake_feed(f, "{\"type\":\"lost\",\"nick\":\"bob\"}");
	assert_string_equal(f->last_line->text, "bob lost the connection");
	fake_feed(f, "{\"type\":\"back\",\"nick\":\"bob\"}");
	assert_string_equal(f->last_line->text, "bob is back");
	fake_feed(f, "{\"type\":\"topic_changed\",\"room\":\"dev\","
	    "\"nick\":\"bob\",\"topic\":\"new\"}");
	assert_string_equal(dev->topic, "new");
	fake_feed(f, "{\"type\":\"kicked\",\"nick\":\"bob\",\"by\":\"op\","
	    "\"reason\":\"r\"}");
	assert_false(client_room_member_has(dev, "bob"));
	assert_string_equal(f->last_line->text, "bob was kicked by op (r)");
}

/* A nick change: ours changes the client's nick. */
static void
test_renamed(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev;

	fake_join(f, "dev");
	dev = client_room(c, "dev", 0);
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"bob\",\"nick\":\"rob\"}");
	assert_true(client_room_member_has(dev, "rob"));
	assert_false(client_room_member_has(dev, "bob"));
	assert_string_equal(f->last_line->text, "bob is now known as rob");
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"ann\","
	    "\"nick\":\"anna\"}");
	assert_string_equal(c->nick, "anna");
	assert_true(client_room_member_has(dev, "anna"));
	assert_string_equal(f->last_line->text, "you are now known as anna");
}

/*
 * Who is away: from the room frame, away_changed and joined; the mark
 * follows a nick change and goes when the nick leaves our rooms.
 */
static void
test_away(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_feed(f, "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"\","
	    "\"members\":[\"ann\",\"bob\",\"cy\"],\"away\":[\"bob\"]}");
	assert_true(client_people_is_away(c, "BOB"));
	assert_false(client_people_is_away(c, "cy"));
	fake_feed(f, "{\"type\":\"away_changed\",\"nick\":\"cy\",\"ts\":1,"
	    "\"text\":\"lunch\"}");
	assert_true(client_people_is_away(c, "cy"));
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"cy\",\"nick\":\"cyd\"}");
	assert_false(client_people_is_away(c, "cy"));
	assert_true(client_people_is_away(c, "cyd"));
	fake_feed(f, "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":1}");
	assert_false(client_people_is_away(c, "bob"));
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"dee\","
	    "\"ts\":1,\"away\":\"afk\"}");
	assert_true(client_people_is_away(c, "dee"));
	fake_feed(f, "{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"dee\","
	    "\"ts\":2}");
	assert_false(client_people_is_away(c, "dee"));
	fake_feed(f, "{\"type\":\"signoff\",\"nick\":\"cyd\",\"ts\":3}");
	assert_false(client_people_is_away(c, "cyd"));
	assert_int_equal(c->naway, 0);
	fake_feed(f, "{\"type\":\"away_changed\",\"nick\":\"ann\",\"ts\":1,"
	    "\"text\":\"brb\"}");
	assert_string_equal(f->last_line->text, "you are marked as away: brb");
}

/*
 * "is back" is said where the loss was: not for one known lost only from
 * a room frame (a restart, a loss before we joined).  A loss shown keeps
 * its mark through a room frame of our own reconnection and a rename.
 */
static void
test_back_told(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_join(f, "dev");
	fake_feed(f, "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"t\","
	    "\"members\":[\"ann\",\"bob\",\"cy\"],\"lost\":[\"bob\"]}");
	assert_true(client_people_is_lost(c, "bob"));
	fake_feed(f, "{\"type\":\"back\",\"nick\":\"bob\"}");
	assert_false(client_people_is_lost(c, "bob"));
	assert_false(shown(c, "bob is back"));

	fake_feed(f, "{\"type\":\"lost\",\"nick\":\"cy\"}");
	assert_true(shown(c, "cy lost the connection"));
	fake_feed(f, "{\"type\":\"room\",\"room\":\"dev\",\"topic\":\"t\","
	    "\"members\":[\"ann\",\"bob\",\"cy\"],\"lost\":[\"cy\"]}");
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"cy\",\"nick\":\"cyd\"}");
	assert_true(client_people_is_lost(c, "cyd"));
	fake_feed(f, "{\"type\":\"back\",\"nick\":\"cyd\"}");
	assert_string_equal(f->last_line->text, "cyd is back");
	assert_int_equal(c->nlost, 0);

	/* Not known lost at all (a hub too old to say): said as before. */
	fake_feed(f, "{\"type\":\"back\",\"nick\":\"bob\"}");
	assert_string_equal(f->last_line->text, "bob is back");
}

/*
 * The hub's own reasons go through the catalogue; a ban is told as a ban,
 * its default reason not at all ("banned: banned"); a user's words are
 * kept.
 */
static void
test_reasons(void **state)
{
	struct fake	*f = *state;

	fake_join(f, "dev");
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"cy\"}");
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"dee\"}");
	fake_feed(f, "{\"type\":\"kicked\",\"nick\":\"bob\",\"by\":\"op\","
	    "\"reason\":\"banned: banned\"}");
	assert_string_equal(f->last_line->text, "bob was banned by op");
	fake_feed(f, "{\"type\":\"kicked\",\"nick\":\"cy\",\"by\":\"op\","
	    "\"reason\":\"banned: spam\"}");
	assert_string_equal(f->last_line->text, "cy was banned by op: spam");
	/* A hub that says the end: "for good" for a ban without one. */
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"fay\"}");
	fake_feed(f, "{\"type\":\"kicked\",\"nick\":\"fay\",\"by\":\"op\","
	    "\"reason\":\"banned: spam\",\"until\":0}");
	assert_string_equal(f->last_line->text,
	    "fay was banned by op for good: spam");
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"gil\"}");
	fake_feed(f, "{\"type\":\"kicked\",\"nick\":\"gil\",\"by\":\"op\","
	    "\"reason\":\"banned\",\"until\":0}");
	assert_string_equal(f->last_line->text, "gil was banned by op for good");
	/* The operator's confirmation gives the reason, as a mute's does. */
	fake_feed(f, "{\"type\":\"notice\",\"code\":\"banned\","
	    "\"subject\":\"hal\",\"reason\":\"spam\"}");
	assert_string_equal(f->last_line->text,
	    "hal is banned with no end: /unban lifts it (reason: spam)");
	fake_feed(f, "{\"type\":\"notice\",\"code\":\"banned\","
	    "\"subject\":\"ida\",\"text\":\"2h\"}");
	assert_string_equal(f->last_line->text, "ida is banned for 2h");
	fake_feed(f, "{\"type\":\"signoff\",\"nick\":\"dee\","
	    "\"reason\":\"connection lost\"}");
	assert_string_equal(f->last_line->text, "dee quit (connection lost)");
	fake_feed(f, "{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"eve\"}");
	fake_feed(f, "{\"type\":\"signoff\",\"nick\":\"eve\","
	    "\"reason\":\"Ping timeout: 4 seconds\"}");
	assert_string_equal(f->last_line->text,
	    "eve quit (Ping timeout: 4 seconds)");
}

/*
 * A conversation says when its peer goes away; the hub's notice after a
 * DM then adds nothing, unless the message is another.
 */
static void
test_away_dm(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	u_int		 n;

	fake_join(f, "dev");
	fake_feed(f, "{\"type\":\"dm\",\"id\":5,\"ts\":1,\"nick\":\"bob\","
	    "\"to\":\"ann\",\"text\":\"hi\"}");
	r = client_room(c, "bob", CLIENT_ROOM_DM);
	assert_non_null(r);
	fake_feed(f, "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":2,"
	    "\"text\":\"lunch\"}");
	assert_ptr_equal(f->last_room, r);
	assert_string_equal(f->last_line->text, "bob is away: lunch");
	n = f->lines;
	fake_feed(f, "{\"type\":\"notice\",\"code\":\"away\","
	    "\"subject\":\"bob\",\"text\":\"lunch\"}");
	assert_int_equal(f->lines, n);
	fake_feed(f, "{\"type\":\"notice\",\"code\":\"away\","
	    "\"subject\":\"cy\",\"text\":\"gone\"}");
	assert_int_equal(f->lines, n + 1);
	assert_string_equal(f->last_line->text, "cy is away: gone");
	fake_feed(f, "{\"type\":\"away_changed\",\"nick\":\"bob\",\"ts\":3}");
	assert_string_equal(f->last_line->text, "bob is no longer away");
	fake_feed(f, "{\"type\":\"notice\",\"code\":\"away\","
	    "\"subject\":\"bob\",\"text\":\"lunch\"}");
	assert_ptr_equal(f->last_room, r);
	assert_string_equal(f->last_line->text, "bob is away: lunch");
}

/* Does a line of the window in view hold this text? */
static int
shown(struct client *c, const char *text)
{
	struct cline	*l;
	u_int		 i;

	for (i = 0; i < c->current->buf.count; i++) {
		l = cbuf_get(&c->current->buf, i);
		if (strstr(l->text, text) != NULL)
			return (1);
	}
	return (0);
}

/* The answer to /whois, a line per fact, sanitised. */
static void
test_userinfo(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_feed(f, "{\"type\":\"userinfo\",\"seq\":1,\"nick\":\"bob\","
	    "\"since\":1000,\"idle\":3725,\"rooms\":[\"dev\",\"fun\"],"
	    "\"claimed\":true,\"away\":\"out\\u0007\",\"lost\":true}");
	assert_string_equal(f->last_line->text, "end of /whois bob");
	assert_true(shown(c, "idle 1h 2m"));
	assert_true(shown(c, "bob: in #dev #fun"));
	assert_true(shown(c, "bob is away: out"));
	assert_false(shown(c, "\007"));
	assert_true(shown(c, "the hub keeps the session"));
	assert_true(shown(c, "bob: the nick is claimed by a key"));
	assert_false(shown(c, "connects from"));
}

/* The room list is kept for the interface, sanitised. */
static void
test_roomlist(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_feed(f, "{\"type\":\"roomlist\",\"rooms\":[{\"n\":1,"
	    "\"name\":\"dev\","
	    "\"topic\":\"code\\u0007\",\"count\":2,\"members\":[\"a\",\"b\"]},"
	    "{\"n\":2,\"name\":\"fun\",\"topic\":\"\",\"count\":0}]}");
	assert_int_equal(f->roomlists, 1);
	assert_int_equal(c->nroomlist, 2);
	assert_int_equal(c->roomlist[0].number, 1);
	assert_string_equal(c->roomlist[0].name, "dev");
	assert_null(strchr(c->roomlist[0].topic, '\007'));
	assert_int_equal(c->roomlist[0].nmembers, 2);
	assert_string_equal(c->roomlist[0].members, "a b");
	assert_string_equal(c->roomlist[1].members, "");
}

/* Requests are counted until answered; what went out is the frame. */
static void
test_pending(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause, *out;
	u_int		 i;

	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	assert_int_equal(c->pending, 0);

	assert_int_equal(cmd_execute(c, "hello", &cause), 0);
	assert_int_equal(cmd_execute(c, "/rooms", &cause), 0);
	assert_int_equal(cmd_execute(c, "/names", &cause), 0);
	assert_int_equal(cmd_execute(c, "/kick bob being rude", &cause), 0);
	assert_int_equal(c->pending, 4);
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"msg\",\"seq\":1,\"room\":\"dev\",\"text\":\"hello\"}\n"
	    "{\"type\":\"rooms\",\"seq\":2}\n"
	    "{\"type\":\"names\",\"seq\":3,\"room\":\"dev\"}\n"
	    "{\"type\":\"kick\",\"seq\":4,\"nick\":\"bob\","
	    "\"reason\":\"being rude\"}\n");
	free(out);

	/* Answers: an ack, a list, an error; a frame without seq is none. */
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":20}");
	assert_int_equal(c->pending, 3);
	fake_feed(f, "{\"type\":\"roomlist\",\"seq\":2,\"rooms\":[]}");
	assert_int_equal(c->pending, 2);
	fake_feed(f, "{\"type\":\"namelist\",\"room\":\"dev\",\"members\":[]}");
	assert_int_equal(c->pending, 2);
	fake_feed(f, "{\"type\":\"namelist\",\"seq\":3,\"room\":\"dev\","
	    "\"members\":[\"ann\"]}");
	assert_int_equal(c->pending, 1);
	fake_feed(f, "{\"type\":\"msg\",\"seq\":4,\"id\":21,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"a msg is no answer\"}");
	assert_int_equal(c->pending, 1);
	fake_feed(f, "{\"type\":\"error\",\"code\":\"not_oper\","
	    "\"detail\":\"no\",\"seq\":4}");
	assert_int_equal(c->pending, 0);
	fake_feed(f, "{\"type\":\"ack\",\"seq\":9}");
	assert_int_equal(c->pending, 0);

	/* The hub's ping gets a pong, which awaits nothing. */
	fake_feed(f, "{\"type\":\"ping\"}");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"pong\"}\n");
	free(out);
	assert_int_equal(c->pending, 0);

	/* At most CLIENT_INFLIGHT out; the others wait, in order. */
	for (i = 0; i < CLIENT_INFLIGHT + 2; i++)
		assert_int_equal(cmd_execute(c, "many", &cause), 0);
	assert_int_equal(c->pending, CLIENT_INFLIGHT);
	assert_int_equal(c->noutq, 2);
	free(fake_sent(f));
	fake_feed(f, "{\"type\":\"ack\",\"seq\":5}");
	assert_int_equal(c->pending, CLIENT_INFLIGHT);
	assert_int_equal(c->noutq, 1);
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"msg\",\"seq\":21,"
	    "\"room\":\"dev\",\"text\":\"many\"}\n");
	free(out);
	for (i = 6; i < 5 + CLIENT_INFLIGHT + 2; i++) {
		xasprintf(&out, "{\"type\":\"ack\",\"seq\":%u}", i);
		fake_feed(f, out);
		free(out);
	}
	assert_int_equal(c->pending, 0);
	assert_int_equal(c->noutq, 0);
	free(fake_sent(f));

	/*
	 * A DM in view goes to its nick; quit is the last frame, sent once
	 * everything before it is answered.
	 */
	assert_int_equal(cmd_execute(c, "/msg bob", &cause), 0);
	assert_int_equal(cmd_execute(c, "/me nods", &cause), 0);
	client_quit(c, "done");
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"dm\",\"seq\":23,\"to\":\"bob\",\"text\":\"nods\","
	    "\"action\":true}\n");
	free(out);
	fake_feed(f, "{\"type\":\"ack\",\"seq\":23}");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"quit\",\"reason\":\"done\"}\n");
	free(out);
}

/*
 * A second welcome: a resume goes on as before; a new session (the old one
 * expired) joins our rooms again, without waiting for answers.
 */
static void
test_welcome_again(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*out;

	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	fake_join(f, CR_LOBBY);
	fake_feed(f, "{\"type\":\"dm\",\"nick\":\"bob\",\"to\":\"ann\","
	    "\"text\":\"hi\"}");
	free(fake_sent(f));

	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true}");
	assert_int_equal(c->state, CLIENT_READY);
	assert_string_equal(f->last_line->text, "reconnected: session resumed");
	out = fake_sent(f);
	assert_string_equal(out, "");
	free(out);

	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\","
	    "\"token\":\"t3\"}");
	assert_string_equal(f->last_line->text, "reconnected as ann");
	/* Rooms are being joined again; the view stays where it was. */
	assert_true(client_room(c, "dev", 0)->flags & CROOM_REJOIN);
	assert_true(client_room(c, CR_LOBBY, 0)->flags & CROOM_REJOIN);
	assert_true(client_room(c, "bob", CLIENT_ROOM_DM)->flags &
	    CROOM_JOINED);
	assert_false(client_room(c, "bob", CLIENT_ROOM_DM)->flags &
	    CROOM_REJOIN);
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"join\",\"room\":\"dev\"}\n");
	free(out);
	assert_int_equal(c->pending, 0);
	assert_string_equal(c->token, "t3");
}

/*
 * Lines held back when the connection went go after the next welcome, in
 * order and with the numbers they had: at once after a resume, after the
 * joins of a new session.
 */
static void
test_held_again(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause, *out;
	u_int		 i;

	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	free(fake_sent(f));
	for (i = 0; i < CLIENT_INFLIGHT + 2; i++)
		assert_int_equal(cmd_execute(c, "many", &cause), 0);
	assert_int_equal(c->noutq, 2);
	free(fake_sent(f));

	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true}");
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"msg\",\"seq\":17,\"room\":\"dev\","
	    "\"text\":\"many\"}\n"
	    "{\"type\":\"msg\",\"seq\":18,\"room\":\"dev\","
	    "\"text\":\"many\"}\n");
	free(out);
	assert_int_equal(c->noutq, 0);
	assert_int_equal(c->pending, 2);

	/* 14 more go out, the last two wait; then a new session. */
	for (i = 0; i < CLIENT_INFLIGHT; i++)
		assert_int_equal(cmd_execute(c, "more", &cause), 0);
	assert_int_equal(c->noutq, 2);
	free(fake_sent(f));
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\","
	    "\"token\":\"t3\"}");
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"join\",\"room\":\"dev\"}\n"
	    "{\"type\":\"msg\",\"seq\":33,\"room\":\"dev\","
	    "\"text\":\"more\"}\n"
	    "{\"type\":\"msg\",\"seq\":34,\"room\":\"dev\","
	    "\"text\":\"more\"}\n");
	free(out);
	assert_int_equal(c->noutq, 0);

	/* New requests number on from there. */
	assert_int_equal(cmd_execute(c, "/rooms", &cause), 0);
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"rooms\",\"seq\":35}\n");
	free(out);
}

/*
 * A message typed while the client reconnects on its own waits, shown as
 * not sent yet, and goes after the welcome with the lines held; other
 * requests are refused.  Past the cap, or once the client no longer
 * reconnects, a message is refused too.  A quit counts what it drops.
 */
static void
test_typed_held(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*dev;
	struct cline	*lines[8];
	char		*cause = NULL, *out;
	u_int		 i, nlines;

	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	free(fake_sent(f));
	c->flags |= CLIENT_RECONNECT;
	dev = client_room(c, "dev", 0);
	client_switch(c, dev);

	/* The connection is lost: the client waits to try again. */
	c->state = CLIENT_WAITING;
	assert_int_equal(cmd_execute(c, "typed one", &cause), 0);
	assert_int_equal(c->noutq, 1);
	assert_string_equal(f->last_line->text, "not connected — the line "
	    "will be sent when the hub is back");
	nlines = f->lines;
	c->state = CLIENT_CONNECTING;
	assert_int_equal(cmd_execute(c, "/me two", &cause), 0);
	assert_int_equal(cmd_execute(c, "@bob psst", &cause), 0);
	assert_int_equal(f->lines, nlines);	/* said once */
	assert_int_equal(c->noutq, 3);
	assert_int_equal(client_send_pending(c, dev, lines, 8), 3);
	assert_string_equal(lines[0]->text, "typed one  (not sent yet)");
	assert_int_equal(lines[0]->kind, CLINE_MSG);
	assert_true(lines[0]->flags & CLINE_PENDING);
	assert_int_equal(lines[1]->kind, CLINE_ACTION);
	assert_int_equal(lines[2]->kind, CLINE_DM);
	assert_string_equal(lines[2]->nick, "bob");
	assert_int_equal(client_send_pending(c, dev, lines, 2), 2);
	assert_string_equal(lines[1]->text, "psst  (not sent yet)");
	assert_int_equal(client_send_pending(c, c->status, lines, 8), 0);

	/* Other requests are refused as before. */
	assert_int_equal(cmd_execute(c, "/join other", &cause),
	    CLIENT_NOT_SENT);
	assert_string_equal(f->last_line->text,
	    "not connected — nothing was sent");
	assert_int_equal(c->noutq, 3);

	/* Back: they go in order, and show until answered. */
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true}");
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"msg\",\"seq\":1,\"room\":\"dev\","
	    "\"text\":\"typed one\"}\n"
	    "{\"type\":\"msg\",\"seq\":2,\"room\":\"dev\","
	    "\"text\":\"two\",\"action\":true}\n"
	    "{\"type\":\"dm\",\"seq\":3,\"to\":\"bob\",\"text\":\"psst\"}\n");
	free(out);
	assert_int_equal(client_send_pending(c, dev, lines, 8), 3);
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":20}");
	assert_int_equal(client_send_pending(c, dev, lines, 8), 2);
	assert_string_equal(lines[0]->text, "two  (not sent yet)");

	/* Lost again: said again; the cap holds. */
	c->state = CLIENT_WAITING;
	for (i = 0; i < CLIENT_OUTQ_MAX; i++)
		assert_int_equal(cmd_execute(c, "again", &cause), 0);
	assert_int_equal(cmd_execute(c, "one too many", &cause),
	    CLIENT_NOT_SENT);
	assert_string_equal(f->last_line->text,
	    "not connected — nothing was sent");
	assert_int_equal(c->noutq, CLIENT_OUTQ_MAX);

	/* A quit drops them, and says so apart from those unanswered. */
	client_quit(c, NULL);
	assert_int_equal(c->unsent, CLIENT_OUTQ_MAX);
	assert_int_equal(c->unconfirmed, 2);
	assert_int_equal(c->noutq, 0);
}

/*
 * Nothing goes out before the welcome, and the user is told; nor after a
 * session, once the client no longer reconnects on its own.
 */
static void
test_not_connected(void **state)
{
	struct fake		*f = *state;
	struct client		*c = f->client;
	struct proto_request	 req = { .type = PROTO_ROOMS };
	char			*cause = NULL, *big;

	assert_int_equal(client_send_request(c, &req), CLIENT_NOT_SENT);
	assert_int_equal(c->pending, 0);
	assert_int_equal(f->last_line->kind, CLINE_ERROR);
	assert_string_equal(f->last_line->text,
	    "not connected — nothing was sent");
	assert_int_equal(client_send_say(c, "bob", CLIENT_SAY_DM, "hi", NULL,
	    &cause), CLIENT_NOT_SENT);
	assert_null(cause);
	c->flags |= CLIENT_EVER_READY | CLIENT_RECONNECT;
	c->state = CLIENT_CLOSED;	/* gave up: a ban, a bad password */
	assert_int_equal(client_send_say(c, "bob", CLIENT_SAY_DM, "hi", NULL,
	    &cause), CLIENT_NOT_SENT);
	c->state = CLIENT_WAITING;
	c->flags &= ~CLIENT_RECONNECT;	/* a refused nick */
	assert_int_equal(client_send_say(c, "bob", CLIENT_SAY_DM, "hi", NULL,
	    &cause), CLIENT_NOT_SENT);
	assert_int_equal(c->noutq, 0);

	/* Too long: refused with a reason. */
	big = xmalloc(CR_TEXT_MAX + 2);
	memset(big, 'x', CR_TEXT_MAX + 1);
	big[CR_TEXT_MAX + 1] = '\0';
	assert_int_equal(client_send_say(c, "dev", 0, big, NULL, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "message too long"));
	free(cause);
	free(big);
}

/* An error is shown and handed to the interface. */
static void
test_error(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_feed(f, "{\"type\":\"error\",\"code\":\"nick_taken\","
	    "\"detail\":\"taken\"}");
	assert_int_equal(f->errors, 1);
	assert_int_equal(f->last_err, PERR_NICK_TAKEN);
	assert_int_equal(c->last_err, PERR_NICK_TAKEN);
	assert_string_equal(c->last_error, "taken");
	assert_int_equal(f->last_line->kind, CLINE_ERROR);
}

/* Bad or unknown frames change nothing. */
static void
test_bad_frames(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;

	fake_feed(f, "not json");
	fake_feed(f, "{\"no\":\"type\"}");
	fake_feed(f, "{\"type\":\"from_the_future\",\"x\":1}");
	fake_feed(f, "{\"type\":\"hello\",\"nick\":\"x\"}");
	fake_feed(f, "{\"type\":\"msg\",\"room\":7}");
	fake_feed(f, "{\"type\":\"joined\"}");
	assert_int_equal(f->raws, 6);
	assert_int_equal(f->lines, 0);
	assert_int_equal(c->state, CLIENT_DISCONNECTED);
	assert_ptr_equal(TAILQ_FIRST(&c->rooms), c->status);
	assert_null(TAILQ_NEXT(c->status, entry));
}

/* A DM from nick, with id. */
static void
dm_from(struct fake *f, const char *nick, u_int id)
{
	char	*line;

	xasprintf(&line, "{\"type\":\"dm\",\"id\":%u,\"nick\":\"%s\","
	    "\"to\":\"ann\",\"text\":\"hi\"}", id, nick);
	fake_feed(f, line);
	free(line);
}

/*
 * Windows are bounded: a new conversation closes the one used least
 * recently, one with nothing unread first, never the one in view.
 */
static void
test_window_bound(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*view;
	char		 nick[32];
	uint64_t	 total;
	u_int		 i, n;

	fake_welcome(f);
	fake_join(f, "dev");
	dm_from(f, "view", 1);
	view = client_room(c, "view", CLIENT_ROOM_DM);
	client_switch(c, view);
	dm_from(f, "old", 2);
	dm_from(f, "quiet", 3);
	client_switch(c, client_room(c, "quiet", CLIENT_ROOM_DM));
	client_switch(c, view);
	assert_int_equal(client_room(c, "quiet", CLIENT_ROOM_DM)->unread, 0);

	/* Status, dev, view, old and quiet: fill up to the bound. */
	n = CR_CLIENT_WINDOWS - c->nwindows;
	for (i = 0; i < n; i++) {
		snprintf(nick, sizeof nick, "b%u", i);
		dm_from(f, nick, 10 + i);
	}
	assert_int_equal(c->nwindows, CR_CLIENT_WINDOWS);
	assert_non_null(client_room(c, "quiet", CLIENT_ROOM_DM));

	/* The next closes quiet, though old was used longer ago. */
	dm_from(f, "new1", 1000);
	assert_int_equal(c->nwindows, CR_CLIENT_WINDOWS);
	assert_null(client_room(c, "QUIET", CLIENT_ROOM_DM));
	assert_non_null(client_room(c, "old", CLIENT_ROOM_DM));
	assert_string_equal(cbuf_get(&c->status->buf,
	    c->status->buf.count - 1)->text,
	    "closed the conversation with quiet: too many windows");

	/* Then old, with its unread message, then the first b. */
	dm_from(f, "new2", 1001);
	assert_null(client_room(c, "old", CLIENT_ROOM_DM));
	assert_string_equal(cbuf_get(&c->status->buf,
	    c->status->buf.count - 1)->text, "closed the conversation with "
	    "old and its 1 unread message: too many windows");
	for (i = 0; i < 1000; i++) {
		snprintf(nick, sizeof nick, "c%u", i);
		dm_from(f, nick, 2000 + i);
	}
	assert_int_equal(c->nwindows, CR_CLIENT_WINDOWS);
	assert_ptr_equal(c->current, view);
	assert_ptr_equal(client_room(c, "view", CLIENT_ROOM_DM), view);
	assert_non_null(client_room(c, "dev", 0));
	assert_null(client_room(c, "b0", CLIENT_ROOM_DM));
	assert_non_null(client_room(c, "c999", CLIENT_ROOM_DM));

	/* A conversation closed with /leave goes first, without a word. */
	client_room(c, "c998", CLIENT_ROOM_DM)->flags &= ~CROOM_JOINED;
	total = c->status->buf.total;
	dm_from(f, "new3", 5000);
	assert_null(client_room(c, "c998", CLIENT_ROOM_DM));
	assert_non_null(client_room(c, "c800", CLIENT_ROOM_DM));
	assert_int_equal(c->status->buf.total, total);
}

/* "ann","M1",... up to n names, as JSON array members. */
static char *
member_list(u_int n)
{
	char	*out;
	size_t	 len, size = 16 + (size_t)n * 16;
	u_int	 i;

	out = xmalloc(size);
	len = snprintf(out, size, "\"ann\"");
	for (i = 1; i < n; i++)
		len += snprintf(out + len, size - len, ",\"M%u\"", i);
	return (out);
}

/* Member names are bounded, found ignoring case, and counted beyond. */
static void
test_member_bound(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*r;
	char		*list, *line, *want;
	u_int		 n = CR_CLIENT_MEMBERS + 5;

	fake_welcome(f);
	list = member_list(n);
	xasprintf(&line, "{\"type\":\"room\",\"room\":\"big\",\"topic\":\"\","
	    "\"members\":[%s]}", list);
	fake_feed(f, line);
	free(line);
	r = client_room(c, "big", 0);
	assert_int_equal(r->nmembers, CR_CLIENT_MEMBERS);
	assert_int_equal(client_room_member_count(r), n);
	assert_true(client_room_member_has(r, "m1"));
	assert_true(client_room_member_has(r, "M19999"));
	assert_false(client_room_member_has(r, "M20000"));

	/* One of those only counted leaves; one kept leaves. */
	fake_feed(f, "{\"type\":\"left\",\"room\":\"big\","
	    "\"nick\":\"M20003\"}");
	assert_int_equal(client_room_member_count(r), n - 1);
	fake_feed(f, "{\"type\":\"left\",\"room\":\"big\",\"nick\":\"M7\"}");
	assert_int_equal(r->nmembers, CR_CLIENT_MEMBERS - 1);
	assert_false(client_room_member_has(r, "M7"));
	assert_true(client_room_member_has(r, "m19999"));
	fake_feed(f, "{\"type\":\"renamed\",\"old\":\"M19999\","
	    "\"nick\":\"zed\"}");
	assert_false(client_room_member_has(r, "M19999"));
	assert_true(client_room_member_has(r, "ZED"));

	/* /names lists CR_CLIENT_NAMES of them, then how many more. */
	xasprintf(&line, "{\"type\":\"namelist\",\"room\":\"big\","
	    "\"members\":[%s]}", list);
	fake_feed(f, line);
	free(line);
	xasprintf(&want, "M%u and %u more", CR_CLIENT_NAMES - 1,
	    n - CR_CLIENT_NAMES);
	assert_non_null(strstr(f->last_line->text, want));
	free(want);
	free(list);
}

/* Scrollbacks keep to their bounds in bytes, each and in all. */
static void
test_scrollback_bytes(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	struct croom	*a, *b, *r;
	char		*text, *line;
	size_t		 sum;
	u_int		 i;

	c->window_bytes = 100000;
	c->scrollback_bytes = 150000;
	fake_welcome(f);
	fake_join(f, "a");
	fake_join(f, "b");
	a = client_room(c, "a", 0);
	b = client_room(c, "b", 0);
	text = xmalloc(1001);
	memset(text, 'x', 1000);
	text[1000] = '\0';
	for (i = 0; i < 300; i++) {
		xasprintf(&line, "{\"type\":\"msg\",\"id\":%u,\"room\":\"%s\","
		    "\"nick\":\"bob\",\"text\":\"%s\"}", i + 1,
		    i < 200 ? "a" : "b", text);
		fake_feed(f, line);
		free(line);
	}
	free(text);
	assert_true(a->buf.bytes <= 100000);
	assert_true(a->buf.count < 100);
	assert_true(c->bytes <= 150000);
	sum = 0;
	TAILQ_FOREACH(r, &c->rooms, entry)
		sum += r->buf.bytes;
	assert_int_equal(sum, c->bytes);
	/* The larger lost lines first; the line just added stays. */
	assert_true(b->buf.count > 0);
	assert_string_equal(cbuf_get(&b->buf, b->buf.count - 1)->nick, "bob");
	cbuf_clear(&a->buf);
	assert_int_equal(a->buf.bytes, 0);
	sum = 0;
	TAILQ_FOREACH(r, &c->rooms, entry)
		sum += r->buf.bytes;
	assert_int_equal(sum, c->bytes);
}

/* Add a message (or with a nick as to, a DM) to a list of requests. */
static void
frame_add(struct client_frames *list, int type, const char *to,
    const char *text)
{
	struct client_frame	*f;

	f = xcalloc(1, sizeof *f);
	f->type = type;
	f->to = xstrdup(to);
	f->text = xstrdup(text);
	f->counted = 1;
	TAILQ_INSERT_TAIL(list, f, entry);
}

/* Are the fates of a list these (u, s, r for each, in order)? */
static int
fates(struct client_frames *list, const char *want)
{
	struct client_frame	*f;
	char			 got[64];
	size_t			 n = 0;

	TAILQ_FOREACH(f, list, entry) {
		got[n++] = "usr"[f->fate];
		if (n == sizeof got - 1)
			break;
	}
	got[n] = '\0';
	if (strcmp(got, want) != 0) {
		print_error("fates %s, not %s\n", got, want);
		return (0);
	}
	return (1);
}

/* Free a list of requests. */
static void
frames_free(struct client_frames *list)
{
	struct client_frame	*f;

	while ((f = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, f, entry);
		client_frame_free(f);
	}
}

/*
 * Which lines in flight the replay after a resume has: the first ones,
 * room by room; lines alike told apart by their order; the lines after
 * the last stored go again, DMs, gaps and rooms with a gap stay unknown.
 */
static void
test_inflight_match(void **state)
{
	struct client_frames	sent, own;

	TAILQ_INIT(&sent);
	TAILQ_INIT(&own);

	/* Nothing of ours replayed: every room line goes again. */
	frame_add(&sent, PROTO_MSG, "dev", "a");
	frame_add(&sent, PROTO_DM, "bob", "a");
	frame_add(&sent, PROTO_MSG, "lobby", "a");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "rur"));

	/* The same text twice in a row, once stored: the second goes. */
	frames_free(&sent);
	frame_add(&sent, PROTO_MSG, "dev", "same");
	frame_add(&sent, PROTO_MSG, "dev", "same");
	frame_add(&own, PROTO_MSG, "dev", "same");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "sr"));

	/* Another room's line in between, stored: only the last goes. */
	frames_free(&sent);
	frames_free(&own);
	frame_add(&sent, PROTO_MSG, "dev", "same");
	frame_add(&sent, PROTO_MSG, "lobby", "same");
	frame_add(&sent, PROTO_MSG, "dev", "same");
	frame_add(&own, PROTO_MSG, "dev", "same");	/* dev's replay */
	frame_add(&own, PROTO_MSG, "lobby", "same");	/* then lobby's */
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "ssr"));

	/* The rooms replayed in the other order: the same fates. */
	frames_free(&own);
	frame_add(&own, PROTO_MSG, "lobby", "same");
	frame_add(&own, PROTO_MSG, "dev", "same");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "ssr"));

	/* A gap before the last stored line: refused or not kept, unknown. */
	frames_free(&own);
	frame_add(&own, PROTO_MSG, "dev", "same");
	frame_add(&own, PROTO_MSG, "dev", "same");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "sus"));

	/* An action is not the same line as a text. */
	frames_free(&sent);
	frames_free(&own);
	frame_add(&sent, PROTO_MSG, "dev", "waves");
	TAILQ_LAST(&sent, client_frames)->action = 1;
	frame_add(&sent, PROTO_MSG, "dev", "waves");
	frame_add(&own, PROTO_MSG, "dev", "waves");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "us"));

	/* A message of ours that is no line in flight: all is unknown. */
	frames_free(&sent);
	frames_free(&own);
	frame_add(&sent, PROTO_MSG, "dev", "one");
	frame_add(&sent, PROTO_MSG, "dev", "two");
	frame_add(&own, PROTO_MSG, "dev", "one");
	frame_add(&own, PROTO_MSG, "dev", "not sent");
	assert_int_equal(client_inflight_match(&sent, &own), -1);
	assert_true(fates(&sent, "su"));

	/*
	 * A room whose replay lacks messages: its lines it does not have
	 * stay unknown, those of the other rooms go again.
	 */
	frames_free(&sent);
	frames_free(&own);
	frame_add(&sent, PROTO_MSG, "dev", "one");
	frame_add(&sent, PROTO_MSG, "lobby", "two");
	TAILQ_LAST(&sent, client_frames)->gap = 1;
	frame_add(&sent, PROTO_MSG, "lobby", "three");
	TAILQ_LAST(&sent, client_frames)->gap = 1;
	frame_add(&sent, PROTO_MSG, "dev", "four");
	frame_add(&own, PROTO_MSG, "lobby", "two");
	assert_int_equal(client_inflight_match(&sent, &own), 0);
	assert_true(fates(&sent, "usur"));
	frames_free(&sent);
	frames_free(&own);
}

/* The fake interface's input history: lines given back, one a line. */
static void
recall_cb(struct client *c, const char *line)
{
	size_t	len = strlen(recalled);

	snprintf(recalled + len, sizeof recalled - len, "%s\n", line);
}

/* Type a line in a room's window. */
static void
say_in(struct client *c, const char *room, const char *text)
{
	char	*cause = NULL;

	client_switch(c, client_room(c, room, 0));
	assert_int_equal(cmd_execute(c, text, &cause), 0);
}

/*
 * A resume from a hub whose replay is exact: the lines in flight the
 * replay has are not sent again; those after the last of them go again,
 * in order, ahead of a line typed meanwhile; a DM in flight is given back
 * to the user.
 */
static void
test_inflight_resume(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause = NULL, *out;

	f->ui.recall = recall_cb;
	recalled[0] = '\0';
	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	fake_join(f, CR_LOBBY);
	say_in(c, "dev", "first");
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":10}");
	say_in(c, "dev", "same");
	say_in(c, "dev", "same");
	say_in(c, CR_LOBBY, "other");
	say_in(c, "dev", "same");
	say_in(c, "dev", "//last");
	assert_int_equal(cmd_execute(c, "@bob psst", &cause), 0);
	assert_int_equal(c->pending, 6);
	free(fake_sent(f));

	/* The connection is lost; the session resumes after id 10. */
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true,\"replay_exact\":true}");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"ping\",\"seq\":8}\n");
	free(out);
	assert_true(c->flags & CLIENT_RECONCILE);
	assert_int_equal(c->pending, 0);

	/* Nothing goes until the replay is over. */
	say_in(c, "dev", "typed meanwhile");
	assert_int_equal(c->noutq, 1);
	fake_feed(f, "{\"type\":\"room\",\"room\":\"dev\",\"members\":"
	    "[\"ann\",\"bob\"],\"history\":3,\"resumed\":true}");
	fake_feed(f, "{\"type\":\"msg\",\"id\":11,\"room\":\"dev\","
	    "\"nick\":\"ann\",\"text\":\"same\"}");
	fake_feed(f, "{\"type\":\"msg\",\"id\":12,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"same\"}");
	fake_feed(f, "{\"type\":\"msg\",\"id\":13,\"room\":\"dev\","
	    "\"nick\":\"ann\",\"text\":\"same\"}");
	fake_feed(f, "{\"type\":\"history_end\",\"room\":\"dev\"}");
	fake_feed(f, "{\"type\":\"room\",\"room\":\"lobby\",\"members\":"
	    "[\"ann\",\"bob\"],\"history\":1,\"resumed\":true}");
	fake_feed(f, "{\"type\":\"msg\",\"id\":14,\"room\":\"lobby\","
	    "\"nick\":\"ann\",\"text\":\"other\"}");
	fake_feed(f, "{\"type\":\"history_end\",\"room\":\"lobby\"}");
	out = fake_sent(f);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(c->last_id, 10);	/* not before it is over */

	fake_feed(f, "{\"type\":\"pong\",\"seq\":8}");
	assert_false(c->flags & CLIENT_RECONCILE);
	assert_int_equal(c->last_id, 14);
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"msg\",\"seq\":5,\"room\":\"dev\",\"text\":\"same\"}\n"
	    "{\"type\":\"msg\",\"seq\":6,\"room\":\"dev\",\"text\":\"/last\"}\n"
	    "{\"type\":\"msg\",\"seq\":9,\"room\":\"dev\","
	    "\"text\":\"typed meanwhile\"}\n");
	free(out);
	assert_int_equal(c->pending, 3);
	assert_string_equal(f->last_line->text, "2 lines sent before the "
	    "connection was lost had not reached the hub: sent again");
	assert_string_equal(recalled, "/msg bob psst\n");

	/* Lost again before the answers: they are settled again. */
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t3\","
	    "\"resumed\":true,\"replay_exact\":true}");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"ping\",\"seq\":10}\n");
	free(out);
	fake_feed(f, "{\"type\":\"msg\",\"id\":15,\"room\":\"dev\","
	    "\"nick\":\"ann\",\"text\":\"same\"}");
	fake_feed(f, "{\"type\":\"pong\",\"seq\":10}");
	out = fake_sent(f);
	assert_string_equal(out,
	    "{\"type\":\"msg\",\"seq\":6,\"room\":\"dev\",\"text\":\"/last\"}\n"
	    "{\"type\":\"msg\",\"seq\":9,\"room\":\"dev\","
	    "\"text\":\"typed meanwhile\"}\n");
	free(out);
	assert_string_equal(f->last_line->text, "2 lines sent before the "
	    "connection was lost had not reached the hub: sent again");
}

/*
 * A resume from a hub that does not say its replay is exact (an older
 * hub, or one of a cluster, where a line may be stored after the replay):
 * no line in flight is sent again, even one the replay lacks; the user is
 * told, and Up recalls them, and nothing waits for the replay to end.
 */
static void
test_inflight_not_exact(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*out;

	f->ui.recall = recall_cb;
	recalled[0] = '\0';
	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	say_in(c, "dev", "first");
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":10}");
	say_in(c, "dev", "one");
	say_in(c, "dev", "two");
	free(fake_sent(f));

	/* Lost; the session resumes after id 10, from an older hub. */
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true}");
	assert_false(c->flags & CLIENT_RECONCILE);
	out = fake_sent(f);
	assert_string_equal(out, "");
	free(out);
	/* Nothing waits for a replay to end: a new line goes at once. */
	say_in(c, "dev", "after");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"msg\",\"seq\":4,\"room\":\"dev\","
	    "\"text\":\"after\"}\n");
	free(out);
	assert_string_equal(recalled, "one\ntwo\n");
	assert_true(shown(c, "2 lines sent before the connection was lost "
	    "were not confirmed: they may be lost (Up recalls them)"));
	assert_int_equal(client_inflight_lines(c), 1);

	/* Lost again; a hub of a cluster says its replay is not exact. */
	recalled[0] = '\0';
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t3\","
	    "\"resumed\":true,\"replay_exact\":false}");
	assert_false(c->flags & CLIENT_RECONCILE);
	out = fake_sent(f);
	assert_string_equal(out, "");
	free(out);
	assert_string_equal(recalled, "after\n");
	assert_int_equal(client_inflight_lines(c), 0);
}

/*
 * A new session (the old one expired, or the hub lost it): the lines in
 * flight may or may not have been stored.  None is sent again; the user
 * is told, and Up recalls them.
 */
static void
test_inflight_new_session(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause = NULL, *out;

	f->ui.recall = recall_cb;
	recalled[0] = '\0';
	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	say_in(c, "dev", "first");
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":10}");
	say_in(c, "dev", "one");
	assert_int_equal(cmd_execute(c, "/me two", &cause), 0);
	assert_int_equal(cmd_execute(c, "/rooms", &cause), 0);
	free(fake_sent(f));

	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\","
	    "\"token\":\"t3\"}");
	out = fake_sent(f);
	assert_string_equal(out, "{\"type\":\"join\",\"room\":\"dev\"}\n");
	free(out);
	assert_string_equal(recalled, "one\n/me two\n");
	assert_int_equal(c->pending, 0);
	assert_int_equal(client_inflight_lines(c), 0);
	assert_true(shown(c, "2 lines sent before the connection was lost "
	    "were not confirmed: they may be lost (Up recalls them)"));
}

/* What the client sent since the last look is exactly this. */
static void
sent_is(struct fake *f, const char *want)
{
	char	*out;

	out = fake_sent(f);
	assert_string_equal(out, want);
	free(out);
}

/*
 * Tick second by second from a wait that began at t: lag shown from
 * CLIENT_LAG_SHOW, the connection given up at CLIENT_LAG_MAX.
 */
static void
lag_run_out(struct client *c, int64_t t)
{
	char	*why;
	int	 i;

	for (i = 1; i < CLIENT_LAG_MAX; i++) {
		util_fix_clock(t + i * 1000LL);
		client_lag_tick(c);
		assert_int_equal(c->lag, i < CLIENT_LAG_SHOW ? 0 : i);
	}
	assert_string_equal(peer_reason(c->peer), "connection closed");
	util_fix_clock(t + CLIENT_LAG_MAX * 1000LL);
	client_lag_tick(c);
	xasprintf(&why, "the hub did not answer for %d seconds",
	    CLIENT_LAG_MAX);
	assert_string_equal(peer_reason(c->peer), why);
	free(why);
}

/*
 * Keepalive: a silent hub is pinged; an answer awaited is shown as lag
 * from CLIENT_LAG_SHOW seconds on; any line ends the wait; after
 * CLIENT_LAG_MAX seconds the connection is given up.
 */
static void
test_lag(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	char		*cause;
	int64_t		 t = 1700000000000LL;
	u_int		 states;

	util_fix_clock(t);
	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	free(fake_sent(f));

	/* Heard from a while ago, not long enough: nothing. */
	util_fix_clock(t + CLIENT_LAG_IDLE * 1000LL - 1);
	client_lag_tick(c);
	sent_is(f, "");

	/* Silent for CLIENT_LAG_IDLE: a ping, which awaits its pong. */
	t += CLIENT_LAG_IDLE * 1000LL;
	util_fix_clock(t);
	client_lag_tick(c);
	sent_is(f, "{\"type\":\"ping\"}\n");
	assert_int_equal(c->pending, 0);
	assert_int_equal(c->lag, 0);
	util_fix_clock(t + 1000);
	client_lag_tick(c);
	sent_is(f, "");		/* one ping at a time */
	fake_feed(f, "{\"type\":\"pong\"}");
	assert_int_equal(c->wait_ms, 0);

	/* A line typed and unanswered: lag once CLIENT_LAG_SHOW is reached. */
	t += 2000;
	util_fix_clock(t);
	assert_int_equal(cmd_execute(c, "hello", &cause), 0);
	free(fake_sent(f));
	assert_int_equal(c->wait_ms, t);
	util_fix_clock(t + CLIENT_LAG_SHOW * 1000LL - 1);
	client_lag_tick(c);
	assert_int_equal(c->lag, 0);
	states = f->states;
	util_fix_clock(t + CLIENT_LAG_SHOW * 1000LL + 300);
	client_lag_tick(c);
	assert_int_equal(c->lag, CLIENT_LAG_SHOW);
	assert_int_equal(f->states, states + 1);	/* the title changes */
	util_fix_clock(t + CLIENT_LAG_SHOW * 1000LL + 1300);
	client_lag_tick(c);
	assert_int_equal(c->lag, CLIENT_LAG_SHOW + 1);
	sent_is(f, "");

	/* Any line from the hub ends the wait and the lag. */
	fake_feed(f, "{\"type\":\"msg\",\"id\":30,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"still here\"}");
	assert_int_equal(c->lag, 0);
	assert_int_equal(c->wait_ms, 0);
	assert_int_equal(f->states, states + 3);

	/*
	 * Then silence: a ping.  A timer far later than due means that this
	 * client stood still, not the hub: the wait starts again.
	 */
	t += CLIENT_LAG_SHOW * 1000LL + 1300 + CLIENT_LAG_IDLE * 1000LL;
	util_fix_clock(t);
	client_lag_tick(c);
	sent_is(f, "{\"type\":\"ping\"}\n");
	t += CLIENT_LAG_MAX * 1000LL;
	util_fix_clock(t);
	client_lag_tick(c);
	assert_int_equal(c->wait_ms, t);
	assert_int_equal(c->lag, 0);
	assert_string_equal(peer_reason(c->peer), "connection closed");

	/* Ticks on time, second by second: at CLIENT_LAG_MAX the end. */
	lag_run_out(c, t);
	util_fix_clock(0);
}

/*
 * After a resume, the end of the replay (the pong of the client's ping) is
 * awaited as an answer: each line of the replay starts the wait again,
 * the pong ends it, and a hub silent for CLIENT_LAG_MAX seconds before
 * the pong is given up (not CLIENT_LAG_IDLE seconds later).
 */
static void
test_lag_replay(void **state)
{
	struct fake	*f = *state;
	struct client	*c = f->client;
	int64_t		 t = 1700000000000LL;

	util_fix_clock(t);
	fake_connect(f);
	fake_welcome(f);
	fake_join(f, "dev");
	say_in(c, "dev", "first");
	fake_feed(f, "{\"type\":\"ack\",\"seq\":1,\"id\":10}");
	say_in(c, "dev", "in flight");
	free(fake_sent(f));

	/* A new connection resumes; the replay comes, then its end. */
	t += 5000;
	util_fix_clock(t);
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t2\","
	    "\"resumed\":true,\"replay_exact\":true}");
	sent_is(f, "{\"type\":\"ping\",\"seq\":3}\n");
	assert_true(c->flags & CLIENT_RECONCILE);
	assert_int_equal(c->wait_ms, t);
	t += 2000;
	util_fix_clock(t);
	fake_feed(f, "{\"type\":\"msg\",\"id\":11,\"room\":\"dev\","
	    "\"nick\":\"bob\",\"text\":\"meanwhile\"}");
	assert_int_equal(c->wait_ms, t);
	fake_feed(f, "{\"type\":\"msg\",\"id\":12,\"room\":\"dev\","
	    "\"nick\":\"ann\",\"text\":\"in flight\"}");
	fake_feed(f, "{\"type\":\"pong\",\"seq\":3}");
	assert_false(c->flags & CLIENT_RECONCILE);
	assert_int_equal(c->wait_ms, 0);
	sent_is(f, "");

	/* Again, and the hub falls silent before the end: given up. */
	say_in(c, "dev", "second");
	free(fake_sent(f));
	t += 1000;
	util_fix_clock(t);
	c->state = CLIENT_HANDSHAKE;
	fake_feed(f, "{\"type\":\"welcome\",\"nick\":\"ann\",\"token\":\"t3\","
	    "\"resumed\":true,\"replay_exact\":true}");
	sent_is(f, "{\"type\":\"ping\",\"seq\":5}\n");
	assert_int_equal(c->wait_ms, t);
	lag_run_out(c, t);
	util_fix_clock(0);
}

/* A nick or a highlight word is found as a word, in any script. */
static void
test_mentions(void **state)
{
	(void)state;
	/* Latin: whole words, ignoring case. */
	assert_true(client_mentions("hi bob, there?", "bob"));
	assert_true(client_mentions("BOB: look", "bob"));
	assert_true(client_mentions("bob's turn", "bob"));
	assert_false(client_mentions("bobby is here", "bob"));
	assert_false(client_mentions("kabob", "bob"));
	assert_false(client_mentions("bob_2 said", "bob"));
	assert_false(client_mentions("a café", "caf"));
	assert_true(client_mentions("café!", "café"));
	/* Punctuation and emoji outside ASCII end a word too. */
	assert_true(client_mentions("bob\xe2\x80\xa6 are you there", "bob"));
	assert_true(client_mentions("\xc2\xbf" "bob?", "bob"));
	assert_true(client_mentions("hi bob\xf0\x9f\x91\x8b", "bob"));
	assert_true(client_mentions("\xe3\x80\x8c" "bob\xe3\x80\x8d", "bob"));
	/* Japanese and Chinese have no spaces: ラーメン in ラーメン食べたい. */
	assert_true(client_mentions("\xe3\x83\xa9\xe3\x83\xbc\xe3\x83\xa1"
	    "\xe3\x83\xb3\xe9\xa3\x9f\xe3\x81\xb9\xe3\x81\x9f\xe3\x81\x84",
	    "\xe3\x83\xa9\xe3\x83\xbc\xe3\x83\xa1\xe3\x83\xb3"));
	/* 今夜は拉面 holds 拉面; bobさん holds bob. */
	assert_true(client_mentions("\xe4\xbb\x8a\xe5\xa4\x9c\xe3\x81\xaf"
	    "\xe6\x8b\x89\xe9\x9d\xa2", "\xe6\x8b\x89\xe9\x9d\xa2"));
	assert_true(client_mentions("bob\xe3\x81\x95\xe3\x82\x93", "bob"));
	/* Korean: a particle after a name (철수야), not a name inside one. */
	assert_true(client_mentions("\xec\xb2\xa0\xec\x88\x98\xec\x95\xbc "
	    "\xec\x95\x88\xeb\x85\x95", "\xec\xb2\xa0\xec\x88\x98"));
	assert_false(client_mentions("\xec\x98\x81\xec\xb2\xa0\xec\x88\x98",
	    "\xec\xb2\xa0\xec\x88\x98"));
	/*
	 * Either spelling of one name (NFC): 민수 written in conjoining
	 * jamo, élodie with e + U+0301, and the other way round.
	 */
	assert_true(client_mentions("\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab"
	    "\xe1\x84\x89\xe1\x85\xae: tu vois ?",
	    "\xeb\xaf\xbc\xec\x88\x98"));
	assert_true(client_mentions("salut E\xcc\x81lodie !",
	    "\xc3\xa9lodie"));
	assert_true(client_mentions("salut \xc3\xa9lodie",
	    "e\xcc\x81lodie"));
	/* A mark after the name makes another letter: not a mention. */
	assert_false(client_mentions("bobe\xcc\x81", "bobe"));
	assert_false(client_mentions("", "bob"));
	assert_false(client_mentions("bob", ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FAKE_TEST(test_welcome),
		FAKE_TEST(test_join_and_switch),
		FAKE_TEST(test_leave),
		FAKE_TEST(test_messages),
		FAKE_TEST(test_history),
		FAKE_TEST(test_dm),
		FAKE_TEST(test_dm_room_same_name),
		FAKE_TEST(test_members),
		FAKE_TEST(test_renamed),
		FAKE_TEST(test_away),
		FAKE_TEST(test_away_dm),
		FAKE_TEST(test_back_told),
		FAKE_TEST(test_reasons),
		FAKE_TEST(test_userinfo),
		FAKE_TEST(test_roomlist),
		FAKE_TEST(test_pending),
		FAKE_TEST(test_welcome_again),
		FAKE_TEST(test_held_again),
		FAKE_TEST(test_typed_held),
		FAKE_TEST(test_not_connected),
		FAKE_TEST(test_error),
		FAKE_TEST(test_bad_frames),
		FAKE_TEST(test_window_bound),
		FAKE_TEST(test_member_bound),
		FAKE_TEST(test_scrollback_bytes),
		cmocka_unit_test(test_inflight_match),
		FAKE_TEST(test_inflight_resume),
		FAKE_TEST(test_inflight_not_exact),
		FAKE_TEST(test_inflight_new_session),
		FAKE_TEST(test_lag),
		FAKE_TEST(test_lag_replay),
		cmocka_unit_test(test_mentions),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
