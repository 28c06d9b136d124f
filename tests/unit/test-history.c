/* SPDX-License-Identifier: ISC */
/* test-history.c: unit tests of message rings, the history file, replay. */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "check.h"
#include "server.h"

#define KOREAN	"\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94"
#define GAEBAL	"\xea\xb0\x9c\xeb\xb0\x9c"		/* 개발 */
#define IMAGE	"{\"w\":2,\"h\":1,\"rows\":[\"#@\"]}"
#define SAVED	1700000000000LL

static void	 hist_room_init(struct hist_room *, const char *,
		     const char *, int64_t, u_int);
static void	 hist_build(struct hist *);
static void	 hist_assert_equal(struct hist *, struct hist *);
static u_int	 count_entries(const char *);
static char	*read_all(const char *, size_t *);
static void	 parse_bad(const char *, const char *);
static void	 test_parse_too_many_rooms(void **);
static void	 test_ring(void **);
static void	 test_ring_refs(void **);
static void	 test_ring_since(void **);
static void	 test_message_new(void **);
static void	 test_message_parts(void **);
static void	 test_roundtrip(void **);
static void	 test_next_id(void **);
static void	 test_room_numbers(void **);
static void	 test_parse_truncated(void **);
static void	 test_parse_version(void **);
static void	 test_parse_fields(void **);
static void	 test_parse_order(void **);
static void	 test_parse_utf8(void **);
static void	 test_parse_trailing(void **);
static void	 test_parse_ring_smaller(void **);
static void	 test_write_load(void **);
static void	 test_write_no_dir(void **);
static void	 test_write_fail(void **);
static void	 test_load_missing(void **);
static void	 test_load_corrupt(void **);
static void	 replay_dir(const char *, struct hist *);
static void	 append_line(const char *, const char *);
static void	 test_replay_expired(void **);
static void	 test_sessions(void **);
static void	 test_session_dms(void **);
static void	 test_origin(void **);

/* Fill in one room of a hand-built history. */
static void
hist_room_init(struct hist_room *hr, const char *name, const char *topic,
    int64_t created, u_int size)
{
	hr->name = xstrdup(name);
	hr->topic = topic != NULL ? xstrdup(topic) : NULL;
	hr->created = created;
	ring_init(&hr->ring, size);
}

/* A history with every kind of message, odd text and an empty room. */
static void
hist_build(struct hist *h)
{
	struct hist_room	*hr;

	memset(h, 0, sizeof *h);
	h->next_id = 100;
	h->nrooms = 3;
	h->rooms = xcalloc(h->nrooms, sizeof *h->rooms);

	hr = &h->rooms[0];
	hist_room_init(hr, "lobby", "Welcome, \"everyone\" \\o/", 1000, 10);
	ring_push(&hr->ring, message_new(1, 1001, MSG_TEXT, hr->name,
	    "alice", "hello", NULL));
	ring_push(&hr->ring, message_new(2, 1002, MSG_ACTION, hr->name,
	    "bob", "waves", NULL));
	ring_push(&hr->ring, message_new(5, 1005, MSG_IMAGE, hr->name,
	    "alice", "cat.png", IMAGE));

	hr = &h->rooms[1];
	hist_room_init(hr, GAEBAL, "", 2000, 10);
	ring_push(&hr->ring, message_new(3, 2003, MSG_TEXT, hr->name,
	    "\xea\xb9\x80\xeb\xaf\xbc\xec\x88\x98", KOREAN "\nline two\t\x01",
	    NULL));
	ring_push(&hr->ring, message_new(4, 2004, MSG_TEXT, hr->name, "bob",
	    "</script>\"'\\", NULL));

	hr = &h->rooms[2];
	hist_room_init(hr, "quiet", "no messages yet", 3000, 10);
}

/* Two histories hold the same rooms and messages. */
static void
hist_assert_equal(struct hist *a, struct hist *b)
{
	struct hist_room	*ra, *rb;
	struct message		*ma, *mb;
	size_t			 i;
	u_int			 j;

	assert_true(a->next_id == b->next_id);
	assert_int_equal(a->nrooms, b->nrooms);
	for (i = 0; i < a->nrooms; i++) {
		ra = &a->rooms[i];
		rb = &b->rooms[i];
		assert_string_equal(ra->name, rb->name);
		assert_string_equal(ra->topic != NULL ? ra->topic : "",
		    rb->topic != NULL ? rb->topic : "");
		assert_true(ra->created == rb->created);
		assert_int_equal(ra->ring.count, rb->ring.count);
		for (j = 0; j < ra->ring.count; j++) {
			ma = ring_get(&ra->ring, j);
			mb = ring_get(&rb->ring, j);
			assert_true(ma->id == mb->id);
			assert_true(ma->ts == mb->ts);
			assert_int_equal(ma->kind, mb->kind);
			assert_string_equal(ma->nick, mb->nick);
			assert_string_equal(ma->text, mb->text);
			if (ma->image == NULL)
				assert_null(mb->image);
			else {
				assert_non_null(mb->image);
				assert_string_equal(ma->image, mb->image);
			}
			assert_int_equal(ma->linelen, mb->linelen);
			assert_memory_equal(ma->line, mb->line, ma->linelen);
		}
	}
}

/* How many entries a directory has, besides . and .. */
static u_int
count_entries(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	u_int		 n = 0;

	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

/* Read a whole file. */
static char *
read_all(const char *path, size_t *len)
{
	struct stat	 st;
	char		*data;
	int		 fd;

	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(fstat(fd, &st), 0);
	data = malloc(st.st_size + 1);
	assert_non_null(data);
	assert_int_equal(read(fd, data, st.st_size), st.st_size);
	data[st.st_size] = '\0';
	close(fd);
	*len = st.st_size;
	return (data);
}

/* A document history_parse must refuse with a reason containing want. */
static void
parse_bad(const char *doc, const char *want)
{
	struct hist	 h;
	char		*cause = NULL;

	if (history_parse(doc, strlen(doc), 10, &h, &cause) == 0) {
		history_free(&h);
		fail_msg("document accepted: %s", doc);
	}
	assert_non_null(cause);
	if (want != NULL && strstr(cause, want) == NULL)
		fail_msg("cause '%s' does not mention '%s'", cause, want);
	assert_int_equal(h.nrooms, 0);
	assert_null(h.rooms);
	free(cause);
}

/* A ring keeps the newest messages in order and evicts the oldest. */
static void
test_ring(void **state)
{
	struct ring	 r;
	uint64_t	 id;

	(void)state;

	ring_init(&r, 3);
	assert_int_equal(r.size, 3);
	assert_int_equal(r.count, 0);
	for (id = 1; id <= 2; id++)
		ring_push(&r, message_new(id, id * 10, MSG_TEXT, "dev", "a",
		    "t", NULL));
	assert_int_equal(r.count, 2);
	assert_true(ring_get(&r, 0)->id == 1);
	assert_true(ring_get(&r, 1)->id == 2);

	for (id = 3; id <= 7; id++)
		ring_push(&r, message_new(id, id * 10, MSG_TEXT, "dev", "a",
		    "t", NULL));
	assert_int_equal(r.count, 3);
	assert_true(ring_get(&r, 0)->id == 5);
	assert_true(ring_get(&r, 1)->id == 6);
	assert_true(ring_get(&r, 2)->id == 7);
	assert_true(ring_get(&r, 2)->ts == 70);
	ring_free(&r);
	assert_null(r.msgs);
	assert_int_equal(r.count, 0);

	/* A ring of size 0 still holds one message. */
	ring_init(&r, 0);
	assert_int_equal(r.size, 1);
	ring_push(&r, message_new(1, 0, MSG_TEXT, "dev", "a", "t", NULL));
	ring_push(&r, message_new(2, 0, MSG_TEXT, "dev", "a", "t", NULL));
	assert_int_equal(r.count, 1);
	assert_true(ring_get(&r, 0)->id == 2);
	ring_free(&r);
}

/* Eviction drops only the ring's reference. */
static void
test_ring_refs(void **state)
{
	struct ring	 r;
	struct message	*kept;

	(void)state;

	ring_init(&r, 2);
	kept = message_new(1, 0, MSG_TEXT, "dev", "alice", "keep me", NULL);
	assert_int_equal(kept->refs, 1);
	message_ref(kept);		/* as a send queue would */
	ring_push(&r, kept);
	assert_int_equal(kept->refs, 2);
	ring_push(&r, message_new(2, 0, MSG_TEXT, "dev", "a", "t", NULL));
	ring_push(&r, message_new(3, 0, MSG_TEXT, "dev", "a", "t", NULL));
	assert_true(ring_get(&r, 0)->id == 2);
	assert_int_equal(kept->refs, 1);
	assert_string_equal(kept->text, "keep me");
	message_unref(kept);
	message_unref(NULL);
	ring_free(&r);
}

/* ring_since finds the first message after an id, wrapped or not. */
static void
test_ring_since(void **state)
{
	struct ring	 r;
	uint64_t	 id;
	u_int		 i;

	(void)state;

	ring_init(&r, 10);
	assert_int_equal(ring_since(&r, 0), 0);
	for (id = 2; id <= 8; id += 2)		/* 2 4 6 8 */
		ring_push(&r, message_new(id, 0, MSG_TEXT, "dev", "a", "t",
		    NULL));
	assert_int_equal(ring_since(&r, 0), 0);
	assert_int_equal(ring_since(&r, 1), 0);
	assert_int_equal(ring_since(&r, 2), 1);
	assert_int_equal(ring_since(&r, 3), 1);
	assert_int_equal(ring_since(&r, 5), 2);
	assert_int_equal(ring_since(&r, 7), 3);
	assert_int_equal(ring_since(&r, 8), 4);
	assert_int_equal(ring_since(&r, UINT64_MAX), 4);
	ring_free(&r);

	/* After wrapping: ids 11..17 in a ring of 7, start in the middle. */
	ring_init(&r, 7);
	for (id = 1; id <= 17; id++)
		ring_push(&r, message_new(id, 0, MSG_TEXT, "dev", "a", "t",
		    NULL));
	assert_int_equal(r.count, 7);
	assert_true(r.start != 0);
	for (id = 0; id <= 20; id++) {
		i = ring_since(&r, id);
		if (id < 11)
			assert_int_equal(i, 0);
		else if (id >= 17)
			assert_int_equal(i, 7);
		else {
			assert_int_equal(i, id - 10);
			assert_true(ring_get(&r, i)->id == id + 1);
		}
	}
	ring_free(&r);
}

/* The shared frame is one line of JSON with the message's fields. */
static void
test_message_new(void **state)
{
	struct message	*m;
	enum proto_type	 type;
	enum proto_err	 err;
	char		*cause = NULL;
	cJSON		*obj, *img;

	(void)state;

	m = message_new(7, 1700000000123LL, MSG_ACTION, "dev", "alice",
	    "waves \"hi\"", NULL);
	assert_int_equal(m->refs, 1);
	assert_int_equal(m->kind, MSG_ACTION);
	assert_null(m->image);
	assert_int_equal(m->linelen, strlen(m->line));
	assert_int_equal(m->line[m->linelen - 1], '\n');
	obj = proto_parse(m->line, m->linelen, &type, &err, &cause);
	assert_non_null(obj);
	assert_int_equal(type, PROTO_MSG);
	assert_int_equal(cJSON_GetObjectItem(obj, "id")->valueint, 7);
	assert_true(cJSON_GetObjectItem(obj, "ts")->valuedouble ==
	    1700000000123.0);
	assert_string_equal(cJSON_GetObjectItem(obj, "room")->valuestring,
	    "dev");
	assert_string_equal(cJSON_GetObjectItem(obj, "nick")->valuestring,
	    "alice");
	assert_string_equal(cJSON_GetObjectItem(obj, "text")->valuestring,
	    "waves \"hi\"");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(obj, "action")));
	assert_null(cJSON_GetObjectItem(obj, "image"));
	cJSON_Delete(obj);
	message_unref(m);

	m = message_new(8, 1, MSG_TEXT, GAEBAL, "bob", KOREAN "\n", NULL);
	assert_null(memchr(m->line, '\n', m->linelen - 1));
	obj = proto_parse(m->line, m->linelen, &type, &err, &cause);
	assert_non_null(obj);
	assert_null(cJSON_GetObjectItem(obj, "action"));
	assert_string_equal(cJSON_GetObjectItem(obj, "room")->valuestring,
	    GAEBAL);
	assert_string_equal(cJSON_GetObjectItem(obj, "text")->valuestring,
	    KOREAN "\n");
	cJSON_Delete(obj);
	message_unref(m);

	m = message_new(9, 2, MSG_IMAGE, "dev", "carol", "cat.png", IMAGE);
	assert_string_equal(m->image, IMAGE);
	obj = proto_parse(m->line, m->linelen, &type, &err, &cause);
	assert_non_null(obj);
	assert_null(cJSON_GetObjectItem(obj, "action"));
	img = cJSON_GetObjectItem(obj, "image");
	assert_true(cJSON_IsObject(img));
	assert_int_equal(cJSON_GetObjectItem(img, "w")->valueint, 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(img,
	    "rows"), 0)->valuestring, "#@");
	cJSON_Delete(obj);
	message_unref(m);
}

/*
 * A frame made with id 0, cut where the encoder says, and put around
 * an id (as Redis does in cluster mode), is the frame made with that id;
 * a message made around those bytes sends them as they are.
 */
static void
test_message_parts(void **state)
{
	struct jbuf	 jb, want;
	struct message	*m;
	char		 line[512];
	size_t		 at;
	int		 n;

	(void)state;

	jbuf_init(&jb);
	jbuf_init(&want);
	message_encode(&jb, 0, 5, MSG_IMAGE, "dev", "carol", "cat.png", IMAGE);
	at = jb.idend;
	assert_true(at > 0 && at < jb.len);
	assert_int_equal(jb.buf[at - 1], '0');
	message_encode(&want, 1234567, 5, MSG_IMAGE, "dev", "carol",
	    "cat.png", IMAGE);
	assert_true(want.len < sizeof line);
	memcpy(line, jb.buf, at - 1);
	n = snprintf(line + at - 1, sizeof line - at, "%d", 1234567);
	memcpy(line + at - 1 + n, jb.buf + at, jb.len - at);
	assert_int_equal(jb.len - 1 + n, want.len);
	assert_memory_equal(line, want.buf, want.len);

	m = message_new_frame(1234567, 5, MSG_IMAGE, "carol", "cat.png",
	    IMAGE, line, want.len);
	assert_int_equal(m->linelen, want.len);
	assert_memory_equal(m->line, want.buf, want.len);
	assert_int_equal(m->line[m->linelen], '\0');
	assert_string_equal(m->image, IMAGE);
	assert_string_equal(m->nick, "carol");
	message_unref(m);
	jbuf_free(&jb);
	jbuf_free(&want);
}

/* Serialising and parsing gives the same history, and stable bytes. */
static void
test_roundtrip(void **state)
{
	struct hist	 h, back, again;
	char		*text, *text2, *cause = NULL;
	size_t		 len, len2;
	cJSON		*doc;

	(void)state;

	hist_build(&h);
	text = history_serialise(&h, &len);
	assert_int_equal(strlen(text), len);
	assert_int_equal(text[len - 1], '\n');

	doc = cJSON_ParseWithLength(text, len);
	assert_non_null(doc);
	assert_int_equal(cJSON_GetObjectItem(doc, "version")->valueint, 1);
	assert_true(cJSON_GetObjectItem(doc, "saved")->valuedouble ==
	    (double)SAVED);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "rooms")), 3);
	cJSON_Delete(doc);

	if (history_parse(text, len, CR_DEFAULT_HISTORY, &back, &cause) != 0)
		fail_msg("history_parse: %s", cause);
	hist_assert_equal(&h, &back);
	assert_int_equal(ring_get(&back.rooms[0].ring, 1)->kind, MSG_ACTION);
	assert_int_equal(ring_get(&back.rooms[0].ring, 2)->kind, MSG_IMAGE);
	assert_int_equal(ring_get(&back.rooms[1].ring, 0)->kind, MSG_TEXT);

	/* What was parsed serialises to the same bytes. */
	text2 = history_serialise(&back, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(text, text2, len);
	if (history_parse(text2, len2, CR_DEFAULT_HISTORY, &again,
	    &cause) != 0)
		fail_msg("history_parse: %s", cause);
	hist_assert_equal(&h, &again);

	history_free(&again);
	history_free(&back);
	history_free(&h);
	assert_null(h.rooms);
	assert_int_equal(h.nrooms, 0);
	free(text2);
	free(text);
}

/* next_id is never at or below an id already used. */
static void
test_next_id(void **state)
{
	struct hist	 h, back;
	char		*text, *cause = NULL;
	size_t		 len;

	(void)state;

	hist_build(&h);
	h.next_id = 2;			/* stale: messages go up to 5 */
	text = history_serialise(&h, &len);
	assert_int_equal(history_parse(text, len, 10, &back, &cause), 0);
	assert_true(back.next_id == 6);
	history_free(&back);
	free(text);
	history_free(&h);

	assert_int_equal(history_parse("{\"version\":1,\"rooms\":[]}", 24, 10,
	    &back, &cause), 0);
	assert_true(back.next_id == 1);
	assert_int_equal(back.nrooms, 0);
	history_free(&back);

	assert_int_equal(history_parse("{\"version\":1,\"next_id\":50,"
	    "\"rooms\":[]}\n\n", 39, 10, &back, &cause), 0);
	assert_true(back.next_id == 50);
	history_free(&back);
}

/*
 * Room numbers and the highest given are read and written back; a bad
 * number loses no room (it is marked for room_from_hist to mend), and a
 * bad highest number is ignored.
 */
static void
test_room_numbers(void **state)
{
	static const char doc[] = "{\"version\":1,\"last_room_number\":"
	    "12,\"rooms\":["
	    "{\"name\":\"a\",\"number\":3},"
	    "{\"name\":\"b\"},"
	    "{\"name\":\"c\",\"number\":0},"
	    "{\"name\":\"d\",\"number\":-4},"
	    "{\"name\":\"e\",\"number\":\"5\"},"
	    "{\"name\":\"f\",\"number\":1.5},"
	    "{\"name\":\"g\",\"number\":9007199254740992},"
	    "{\"name\":\"h\",\"number\":9007199254740991},"
	    "{\"name\":\"i\",\"number\":null}]}";
	static const uint64_t seq[] = { 3, 0, 0, 0, 0, 0, 0,
	    9007199254740991ULL, 0 };
	static const int bad[] = { 0, 0, 1, 1, 1, 1, 1, 0, 0 };
	struct hist	 h, back;
	char		*text, *cause = NULL;
	size_t		 len, i;

	(void)state;

	if (history_parse(doc, sizeof doc - 1, 10, &h, &cause) != 0)
		fail_msg("history_parse: %s", cause);
	assert_true(h.room_seq == 12);
	assert_int_equal(h.nrooms, 9);
	for (i = 0; i < h.nrooms; i++) {
		assert_true(h.rooms[i].seq == seq[i]);
		assert_int_equal(h.rooms[i].seq_bad, bad[i]);
	}
	text = history_serialise(&h, &len);
	assert_non_null(strstr(text, "\"last_room_number\":12,"));
	assert_non_null(strstr(text, "{\"name\":\"a\",\"number\":3,"));
	assert_non_null(strstr(text, "{\"name\":\"b\",\"topic\""));
	assert_int_equal(history_parse(text, len, 10, &back, &cause), 0);
	assert_true(back.room_seq == 12);
	for (i = 0; i < back.nrooms; i++)
		assert_true(back.rooms[i].seq == seq[i]);
	history_free(&back);
	free(text);
	history_free(&h);

	assert_int_equal(history_parse("{\"version\":1,\"last_room_number\":"
	    "-1,\"rooms\":[]}", 46, 10, &h, &cause), 0);
	assert_true(h.room_seq == 0);
	history_free(&h);
}

/* A document cut short says where it ends. */
static void
test_parse_truncated(void **state)
{
	struct hist	 h, back;
	char		*text, *cause = NULL;
	size_t		 len, cut;

	(void)state;

	hist_build(&h);
	text = history_serialise(&h, &len);
	history_free(&h);

	/*
	 * Every cut fails.  One on a character boundary is bad JSON and
	 * says at which byte; one inside a character is bad UTF-8.
	 */
	for (cut = 0; cut < len - 1; cut++) {
		back.nrooms = 99;
		if (history_parse(text, cut, 10, &back, &cause) == 0)
			fail_msg("document cut at %zu accepted", cut);
		assert_non_null(cause);
		if (((u_char)text[cut] & 0xc0) != 0x80 &&
		    strstr(cause, "byte") == NULL)
			fail_msg("cut at %zu: '%s'", cut, cause);
		assert_int_equal(back.nrooms, 0);
		assert_null(back.rooms);
		free(cause);
		cause = NULL;
	}
	text[len / 2] = '\0';
	parse_bad(text, "byte");
	free(text);
}

/* Only version 1 is understood. */
static void
test_parse_version(void **state)
{
	(void)state;

	parse_bad("{\"version\":2,\"next_id\":1,\"rooms\":[]}", "version 2");
	parse_bad("{\"version\":0,\"rooms\":[]}", "version");
	parse_bad("{\"next_id\":1,\"rooms\":[]}", "version");
	parse_bad("{\"version\":\"1\",\"rooms\":[]}", "version");
	parse_bad("{\"version\":1.5,\"rooms\":[]}", "version");
}

/* A file with more rooms than a hub holds is refused, not a crash. */
static void
test_parse_too_many_rooms(void **state)
{
	char	*doc, *p;
	size_t	 i, n = CR_ROOMS_MAX + 1;

	(void)state;
	doc = p = xmalloc(64 + n * 24);
	p += sprintf(p, "{\"version\":1,\"rooms\":[");
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s{\"name\":\"r%zu\"}", i ? "," : "", i);
	sprintf(p, "]}");
	parse_bad(doc, "too many rooms");
	free(doc);
}

/* Every field has to have its type. */
static void
test_parse_fields(void **state)
{
	static const char	*docs[] = {
		"[]",
		"\"history\"",
		"{\"version\":1}",
		"{\"version\":1,\"rooms\":{}}",
		"{\"version\":1,\"rooms\":null}",
		"{\"version\":1,\"next_id\":\"5\",\"rooms\":[]}",
		"{\"version\":1,\"next_id\":0,\"rooms\":[]}",
		"{\"version\":1,\"next_id\":-3,\"rooms\":[]}",
		"{\"version\":1,\"rooms\":[5]}",
		"{\"version\":1,\"rooms\":[{}]}",
		"{\"version\":1,\"rooms\":[{\"name\":5}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"topic\":5}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\","
		    "\"created\":\"now\"}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"#dev\"}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"a b\"}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\","
		    "\"messages\":{}}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\","
		    "\"messages\":[5]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":\"1\",\"ts\":1,\"nick\":\"a\",\"text\":\"t\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1.5,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":0,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"nick\":\"a\",\"text\":\"t\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":7,\"text\":\"t\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":[]}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":\"t\","
		    "\"kind\":\"video\"}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":\"t\","
		    "\"kind\":1}]}]}",
		"{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":\"t\","
		    "\"image\":\"cat\"}]}]}",
		/* A good room, then a bad one: the first is freed too. */
		"{\"version\":1,\"rooms\":[{\"name\":\"ok\",\"messages\":"
		    "[{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"}]},"
		    "{\"name\":\"dev\",\"messages\":"
		    "[{\"id\":2,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"},"
		    "{\"id\":3,\"ts\":1,\"nick\":\"a\"}]}]}",
	};
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++)
		parse_bad(docs[i], NULL);
}

/* Ids rise strictly within a room. */
static void
test_parse_order(void **state)
{
	(void)state;

	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":["
	    "{\"id\":2,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"},"
	    "{\"id\":1,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"}]}]}", "order");
	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":["
	    "{\"id\":3,\"ts\":1,\"nick\":\"a\",\"text\":\"t\"},"
	    "{\"id\":3,\"ts\":1,\"nick\":\"a\",\"text\":\"u\"}]}]}", "order");
}

/* Two rooms of one name, compared without case, are refused. */
static void
test_parse_twice(void **state)
{
	struct hist	 h;
	char		*cause = NULL;
	const char	*ok = "{\"version\":1,\"rooms\":[{\"name\":\"lobby\"},"
	    "{\"name\":\"dev\"},{\"name\":\"lobbyist\"}]}";

	(void)state;

	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"lobby\"},"
	    "{\"name\":\"dev\"},{\"name\":\"lobby\"}]}",
	    "room lobby appears twice in the \"rooms\" array (rooms 1 and 3 "
	    "of it)");
	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"Dev\"},"
	    "{\"name\":\"lobby\"},{\"name\":\"dEV\"}]}",
	    "room Dev appears twice in the \"rooms\" array (rooms 1 and 3 "
	    "of it, the second as dEV)");
	if (history_parse(ok, strlen(ok), 10, &h, &cause) != 0)
		fail_msg("three rooms refused: %s", cause);
	assert_int_equal(h.nrooms, 3);
	history_free(&h);
}

/* Bytes that are not UTF-8 are refused. */
static void
test_parse_utf8(void **state)
{
	(void)state;

	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"topic\":"
	    "\"\xff\"}]}", "UTF-8");
	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"topic\":"
	    "\"\xed\xa0\x80\"}]}", "UTF-8");
}

/* Anything after the document but white space is refused. */
static void
test_parse_trailing(void **state)
{
	(void)state;

	parse_bad("{\"version\":1,\"rooms\":[]}x", "trailing");
	parse_bad("{\"version\":1,\"rooms\":[]}\n{}", "trailing");
	parse_bad("{\"version\":1,\"rooms\":[]}]", "trailing");
}

/* A smaller ring keeps the newest messages; next_id still covers all. */
static void
test_parse_ring_smaller(void **state)
{
	struct hist		 h, back;
	struct hist_room	*hr;
	char			*text, *cause = NULL;
	size_t			 len;
	uint64_t		 id;

	(void)state;

	memset(&h, 0, sizeof h);
	h.next_id = 6;
	h.nrooms = 1;
	h.rooms = xcalloc(1, sizeof *h.rooms);
	hr = &h.rooms[0];
	hist_room_init(hr, "dev", "t", 1, 10);
	for (id = 1; id <= 5; id++)
		ring_push(&hr->ring, message_new(id, id, MSG_TEXT, "dev", "a",
		    "t", NULL));
	text = history_serialise(&h, &len);
	history_free(&h);

	assert_int_equal(history_parse(text, len, 2, &back, &cause), 0);
	assert_int_equal(back.nrooms, 1);
	assert_int_equal(back.rooms[0].ring.count, 2);
	assert_true(ring_get(&back.rooms[0].ring, 0)->id == 4);
	assert_true(ring_get(&back.rooms[0].ring, 1)->id == 5);
	assert_true(back.next_id == 6);
	history_free(&back);
	free(text);
}

/* A file written then loaded is the same history; no temp file is left. */
static void
test_write_load(void **state)
{
	struct hist	 h, back;
	struct stat	 st;
	char		*dir, *path, *text, *data, *cause = NULL;
	size_t		 len, dlen;

	(void)state;

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&path, "%s/history.json", dir) > 0);

	hist_build(&h);
	text = history_serialise(&h, &len);
	if (history_write(path, text, len, &cause) != 0)
		fail_msg("history_write: %s", cause);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	data = read_all(path, &dlen);
	assert_int_equal(dlen, len);
	assert_memory_equal(data, text, len);
	free(data);

	if (history_load(path, CR_DEFAULT_HISTORY, &back, &cause) != 0)
		fail_msg("history_load: %s", cause);
	hist_assert_equal(&h, &back);
	history_free(&back);
	free(text);

	/* A second write replaces the first. */
	history_free(&h);
	memset(&h, 0, sizeof h);
	h.next_id = 7;
	text = history_serialise(&h, &len);
	assert_int_equal(history_write(path, text, len, &cause), 0);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(history_load(path, 10, &back, &cause), 0);
	assert_int_equal(back.nrooms, 0);
	assert_true(back.next_id == 7);
	history_free(&back);
	free(text);

	free(path);
	check_remove_tree(dir);
	free(dir);
}

/* Writing into a missing directory fails with a cause and makes nothing. */
static void
test_write_no_dir(void **state)
{
	struct stat	 st;
	char		*dir, *sub, *path, *cause = NULL;

	(void)state;

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&sub, "%s/missing", dir) > 0);
	assert_true(asprintf(&path, "%s/history.json", sub) > 0);
	assert_int_equal(history_write(path, "{}\n", 3, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, sub));
	free(cause);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(stat(sub, &st), -1);
	assert_int_equal(count_entries(dir), 0);
	free(path);
	free(sub);
	check_remove_tree(dir);
	free(dir);
}

/* A write that fails late (here the rename) leaves no temporary file. */
static void
test_write_fail(void **state)
{
	struct stat	 st;
	char		*dir, *path, *inner, *cause = NULL;

	(void)state;

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&path, "%s/history.json", dir) > 0);
	assert_true(asprintf(&inner, "%s/keep", path) > 0);
	assert_int_equal(mkdir(path, 0700), 0);	/* rename onto it fails */
	assert_int_equal(mkdir(inner, 0700), 0);
	assert_int_equal(history_write(path, "{}\n", 3, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	free(cause);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(stat(inner, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(inner);
	free(path);
	check_remove_tree(dir);
	free(dir);
}

/* A missing file is an empty history; a directory is an error. */
static void
test_load_missing(void **state)
{
	struct hist	 h;
	char		*dir, *path, *cause = NULL;

	(void)state;

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&path, "%s/none.json", dir) > 0);
	h.next_id = 99;
	h.nrooms = 99;
	assert_int_equal(history_load(path, 10, &h, &cause), 0);
	assert_null(cause);
	assert_true(h.next_id == 1);
	assert_int_equal(h.nrooms, 0);
	assert_null(h.rooms);
	assert_int_equal(count_entries(dir), 0);
	history_free(&h);

	assert_int_equal(history_load(dir, 10, &h, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, dir));
	free(cause);

	free(path);
	check_remove_tree(dir);
	free(dir);
}

/* A damaged file is an error naming it, and it is left exactly as it was. */
static void
test_load_corrupt(void **state)
{
	struct hist	 h;
	char		*dir, *path, *text, *before, *after, *cause = NULL;
	size_t		 len, blen, alen;
	FILE		*f;

	(void)state;

	hist_build(&h);
	text = history_serialise(&h, &len);
	history_free(&h);

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&path, "%s/history.json", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len / 2, f), len / 2);
	assert_int_equal(fclose(f), 0);
	before = read_all(path, &blen);

	assert_int_equal(history_load(path, 10, &h, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, "byte"));
	assert_int_equal(h.nrooms, 0);
	assert_null(h.rooms);
	free(cause);

	after = read_all(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	assert_int_equal(count_entries(dir), 1);

	free(after);
	free(before);
	free(text);
	free(path);
	check_remove_tree(dir);
	free(dir);
}

/* Load the history file of a directory and replay its journals. */
static void
replay_dir(const char *dir, struct hist *h)
{
	char		*path, *cause = NULL;
	uint64_t	 next_gen;
	int		 replayed;

	assert_true(asprintf(&path, "%s/history.json", dir) > 0);
	if (history_load(path, 10, h, &cause) != 0)
		fail_msg("history_load: %s", cause);
	if (history_replay(path, 10, h, &next_gen, &replayed, 0,
	    &cause) != 0)
		fail_msg("history_replay: %s", cause);
	assert_true(next_gen == 3);
	assert_int_equal(replayed, 1);
	free(path);
}

/* Append a line to a file. */
static void
append_line(const char *path, const char *line)
{
	FILE	*f;

	f = fopen(path, "a");
	assert_non_null(f);
	assert_true(fprintf(f, "%s\n", line) > 0);
	assert_int_equal(fclose(f), 0);
}

/*
 * A room that expired after the last save is gone after a replay: the
 * state record journalled at the expiry drops it, with the messages of
 * the file and of earlier records.  The same name made again later comes
 * back fresh (its new number, only its new messages), and replaying the
 * same journals again gives the same history.
 */
static void
test_replay_expired(void **state)
{
	static const char file[] = "{\"version\":1,\"next_id\":3,"
	    "\"journal\":2,\"last_room_number\":2,\"rooms\":["
	    "{\"name\":\"lobby\",\"number\":1,\"topic\":\"\",\"created\":1000,"
	    "\"messages\":[]},"
	    "{\"name\":\"old\",\"number\":2,\"topic\":\"t\",\"created\":1000,"
	    "\"messages\":["
	    "{\"id\":1,\"ts\":1001,\"nick\":\"u\",\"text\":\"old-one\"},"
	    "{\"id\":2,\"ts\":1002,\"nick\":\"u\",\"text\":\"old-two\"}]}]}\n";
	struct hist		 h, again;
	struct message		*m;
	char			*dir, *path, *journal;
	FILE			*f;

	(void)state;

	dir = check_temp_dir("test-history");
	assert_true(asprintf(&path, "%s/history.json", dir) > 0);
	assert_true(asprintf(&journal, "%s/history.json.journal.2", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(file, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);

	/* A message after the save, then the expiry's state record. */
	append_line(journal, "{\"t\":\"msg\",\"room\":\"old\",\"id\":3,"
	    "\"ts\":1003,\"nick\":\"u\",\"text\":\"old-three\"}");
	append_line(journal, "{\"version\":1,\"next_id\":4,"
	    "\"last_room_number\":2,\"rooms\":[{\"name\":\"lobby\","
	    "\"number\":1,\"topic\":\"\",\"created\":1000,\"messages\":[]}]}");
	replay_dir(dir, &h);
	assert_int_equal(h.nrooms, 1);
	assert_string_equal(h.rooms[0].name, "lobby");
	assert_true(h.room_seq == 2);
	assert_true(h.next_id == 4);
	history_free(&h);

	/* The name made again (another case), with a message. */
	append_line(journal, "{\"t\":\"room\",\"name\":\"Old\",\"number\":3,"
	    "\"created\":5000}");
	append_line(journal, "{\"t\":\"msg\",\"room\":\"Old\",\"id\":4,"
	    "\"ts\":5001,\"nick\":\"v\",\"text\":\"new-one\"}");
	replay_dir(dir, &h);
	assert_int_equal(h.nrooms, 2);
	assert_string_equal(h.rooms[1].name, "Old");
	assert_true(h.rooms[1].seq == 3);
	assert_true(h.rooms[1].created == 5000);
	assert_string_equal(h.rooms[1].topic, "");
	assert_int_equal(h.rooms[1].ring.count, 1);
	m = ring_get(&h.rooms[1].ring, 0);
	assert_true(m->id == 4);
	assert_string_equal(m->text, "new-one");
	assert_true(h.room_seq == 3);
	assert_true(h.next_id == 5);

	/* Replayed again (a second crash before any save): the same. */
	replay_dir(dir, &again);
	hist_assert_equal(&h, &again);
	assert_true(again.rooms[1].seq == 3);
	assert_true(again.room_seq == 3);
	history_free(&again);
	history_free(&h);

	free(journal);
	free(path);
	check_remove_tree(dir);
	free(dir);
}

/*
 * A session keeps when it began and, for an operator, the hash of the
 * password it gave (or that it is to be told it is one no longer),
 * through a save and a load; files without them load, and a malformed
 * hash or start is refused.
 */
static void
test_sessions(void **state)
{
	const char	*oper = "scrypt$13$8$1$"
			    "000102030405060708090a0b0c0d0e0f$"
			    "000102030405060708090a0b0c0d0e0f"
			    "101112131415161718191a1b1c1d1e1f";
	const char	*tok = "0123456789abcdef0123456789abcdef";
	struct hist	 h, back;
	char		*doc, *data, *cause = NULL;
	size_t		 len;

	(void)state;
	xasprintf(&doc, "{\"version\":1,\"rooms\":[],\"sessions\":["
	    "{\"nick\":\"alice\",\"token\":\"%s\",\"oper\":\"%s\","
	    "\"since\":1700000000123,\"rooms\":[]},"
	    "{\"nick\":\"bob\",\"token\":\"%s\",\"oper_lost\":true,"
	    "\"rooms\":[]}]}", tok, oper, tok);
	if (history_parse(doc, strlen(doc), 10, &h, &cause) != 0)
		fail_msg("%s", cause);
	free(doc);
	assert_int_equal(h.nsessions, 2);
	assert_string_equal(h.sessions[0].oper, oper);
	assert_true(h.sessions[0].since == 1700000000123LL);
	assert_int_equal(h.sessions[0].oper_lost, 0);
	assert_null(h.sessions[1].oper);
	assert_int_equal(h.sessions[1].oper_lost, 1);
	assert_true(h.sessions[1].since == 0);

	data = history_serialise(&h, &len);
	assert_non_null(strstr(data, "\"since\":1700000000123"));
	assert_int_equal(history_parse(data, len, 10, &back, &cause), 0);
	free(data);
	assert_int_equal(back.nsessions, 2);
	assert_string_equal(back.sessions[0].oper, oper);
	assert_true(back.sessions[0].since == 1700000000123LL);
	assert_int_equal(back.sessions[0].oper_lost, 0);
	assert_null(back.sessions[1].oper);
	assert_int_equal(back.sessions[1].oper_lost, 1);
	assert_true(back.sessions[1].since == 0);
	history_free(&back);
	history_free(&h);

	xasprintf(&doc, "{\"version\":1,\"rooms\":[],\"sessions\":["
	    "{\"nick\":\"alice\",\"token\":\"%s\",\"oper\":\"s3cret\","
	    "\"rooms\":[]}]}", tok);
	parse_bad(doc, "session");
	free(doc);
	xasprintf(&doc, "{\"version\":1,\"rooms\":[],\"sessions\":["
	    "{\"nick\":\"alice\",\"token\":\"%s\",\"since\":-1,"
	    "\"rooms\":[]}]}", tok);
	parse_bad(doc, "session");
	free(doc);
}

/*
 * The direct messages kept for a lost session go through a save and a
 * load with it, escapes and all, and so do the senders of those it may
 * not have read; a frame that is not a JSON line is refused.
 */
static void
test_session_dms(void **state)
{
	const char	*tok = "0123456789abcdef0123456789abcdef";
	struct hist	 h, back;
	char		*doc, *data, *cause = NULL;
	size_t		 len;

	(void)state;
	xasprintf(&doc, "{\"version\":1,\"rooms\":[],\"sessions\":["
	    "{\"nick\":\"alice\",\"token\":\"%s\",\"rooms\":[],"
	    "\"lost\":5,\"dm_unsure\":[\"carol\"],"
	    "\"dms\":[{\"from\":\"bob\",\"frame\":"
	    "\"{\\\"type\\\":\\\"dm\\\"}\\n\"},"
	    "{\"from\":\"\",\"frame\":\"{}\\n\"}]}]}", tok);
	if (history_parse(doc, strlen(doc), 10, &h, &cause) != 0)
		fail_msg("%s", cause);
	free(doc);
	assert_int_equal(h.sessions[0].ndms, 2);
	assert_string_equal(h.sessions[0].dms[0].from, "bob");
	assert_string_equal(h.sessions[0].dms[0].frame,
	    "{\"type\":\"dm\"}\n");
	assert_string_equal(h.sessions[0].dms[1].from, "");

	data = history_serialise(&h, &len);
	assert_int_equal(history_parse(data, len, 10, &back, &cause), 0);
	free(data);
	assert_int_equal(back.sessions[0].ndms, 2);
	assert_string_equal(back.sessions[0].dms[0].frame,
	    "{\"type\":\"dm\"}\n");
	assert_string_equal(back.sessions[0].dms[1].frame, "{}\n");
	assert_int_equal(back.sessions[0].nunsure, 1);
	assert_string_equal(back.sessions[0].unsure[0], "carol");
	history_free(&back);
	history_free(&h);

	xasprintf(&doc, "{\"version\":1,\"rooms\":[],\"sessions\":["
	    "{\"nick\":\"alice\",\"token\":\"%s\",\"rooms\":[],"
	    "\"dms\":[{\"from\":\"bob\",\"frame\":\"PRIVMSG\\n\"}]}]}",
	    tok);
	parse_bad(doc, "session");
	free(doc);
}

#define HUB_B	"0123456789abcdef"

/*
 * A message or a kept DM of a user of another hub keeps that hub's id and
 * IRC name through a save and a load; one without them (a file from
 * before, or a user of this hub) has neither; a wrong one is refused.
 */
static void
test_origin(void **state)
{
	static const char	*doc = "{\"version\":1,\"rooms\":[{\"name\":"
	    "\"dev\",\"messages\":[{\"id\":1,\"ts\":5,\"nick\":\"dave\","
	    "\"text\":\"hi\",\"hub\":\"" HUB_B "\",\"host\":\"b.test\"},"
	    "{\"id\":2,\"ts\":6,\"nick\":\"carol\",\"text\":\"yo\"},"
	    "{\"id\":3,\"ts\":7,\"nick\":\"gil\",\"text\":\"hey\","
	    "\"hub\":\"" HUB_B "\"}]}],\"sessions\":[{\"nick\":\"holly\","
	    "\"token\":\"" HUB_B HUB_B "\",\"rooms\":[],\"lost\":9,\"dms\":["
	    "{\"from\":\"gil\",\"frame\":\"{}\\n\",\"hub\":\"" HUB_B "\","
	    "\"host\":\"b.test\"},{\"from\":\"carol\",\"frame\":"
	    "\"{}\\n\"}]}]}";
	struct hist		 h, again;
	struct message		*m;
	char			*cause = NULL, *data;
	size_t			 len;
	u_int			 pass;

	(void)state;
	if (history_parse(doc, strlen(doc), 10, &h, &cause) != 0)
		fail_msg("%s", cause);
	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(h.rooms[0].ring.count, 3);
		m = ring_get(&h.rooms[0].ring, 0);
		assert_string_equal(m->hub, HUB_B);
		assert_string_equal(m->host, "b.test");
		m = ring_get(&h.rooms[0].ring, 1);
		assert_null(m->hub);
		assert_null(m->host);
		m = ring_get(&h.rooms[0].ring, 2);
		assert_string_equal(m->hub, HUB_B);
		assert_null(m->host);
		assert_int_equal(h.sessions[0].ndms, 2);
		assert_string_equal(h.sessions[0].dms[0].hub, HUB_B);
		assert_string_equal(h.sessions[0].dms[0].host, "b.test");
		assert_null(h.sessions[0].dms[1].hub);
		assert_null(h.sessions[0].dms[1].host);
		data = history_serialise(&h, &len);
		history_free(&h);
		assert_int_equal(history_parse(data, len, 10, &again, &cause),
		    0);
		free(data);
		h = again;
	}
	history_free(&h);

	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
	    "[{\"id\":1,\"ts\":5,\"nick\":\"d\",\"text\":\"x\","
	    "\"host\":\"b.test\"}]}]}", "wrong field");
	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
	    "[{\"id\":1,\"ts\":5,\"nick\":\"d\",\"text\":\"x\","
	    "\"hub\":\"XYZ\"}]}]}", "wrong field");
	parse_bad("{\"version\":1,\"rooms\":[{\"name\":\"dev\",\"messages\":"
	    "[{\"id\":1,\"ts\":5,\"nick\":\"d\",\"text\":\"x\","
	    "\"hub\":\"" HUB_B "\",\"host\":\"b.test :evil\"}]}]}",
	    "wrong field");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring),
		cmocka_unit_test(test_ring_refs),
		cmocka_unit_test(test_ring_since),
		cmocka_unit_test(test_message_new),
		cmocka_unit_test(test_message_parts),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_session_dms),
		cmocka_unit_test(test_next_id),
		cmocka_unit_test(test_room_numbers),
		cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_parse_version),
		cmocka_unit_test(test_parse_too_many_rooms),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_order),
		cmocka_unit_test(test_parse_twice),
		cmocka_unit_test(test_parse_utf8),
		cmocka_unit_test(test_parse_trailing),
		cmocka_unit_test(test_parse_ring_smaller),
		cmocka_unit_test(test_write_load),
		cmocka_unit_test(test_write_no_dir),
		cmocka_unit_test(test_write_fail),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_corrupt),
		cmocka_unit_test(test_replay_expired),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_origin),
	};

	/*
	 * history_serialise() stamps the document with now_ms(): a fixed
	 * clock makes serialising twice give the same bytes.
	 */
	util_fix_clock(SAVED);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
