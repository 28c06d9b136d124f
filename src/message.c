/* SPDX-License-Identifier: ISC */
/* message.c: refcounted messages encoded once, and the per-room ring. */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * While the history writer reads a snapshot, messages that lose their
 * last reference wait on a graveyard instead of being freed: the snapshot
 * borrows them without references, so taking it touches no message.
 */
static int		 message_holding;
static struct message	*message_graveyard;

/*
 * The history's byte budgets: each message a room keeps counts what it
 * holds in memory (text, picture, encoded frame) against its room's
 * budget and the hub's.  Over either, the oldest go: the room's own, or
 * the oldest kept anywhere (this list is in the order they were kept).
 */
static TAILQ_HEAD(, message) message_kept =
    TAILQ_HEAD_INITIALIZER(message_kept);
static size_t		 message_kept_total;
static size_t		 message_budget;	/* 0: none */

/*
 * A ring holds at most size messages, but its array grows on demand: none
 * until the first message, then RING_MIN slots, doubled when full up to
 * size.  A hub of thousands of rooms and a large --history-size keeps
 * only what the rooms hold.  Trimmed by a budget to a quarter of its
 * array, a ring gives half back (all of it once empty).
 */
#define RING_MIN	8
/* The latest ids a room's ring let go that it remembers (8 KiB). */
#define RING_LOST	1024

static void	message_free(struct message *);
static int	message_id_cmp(const void *, const void *);
static void	message_trim(void);
static u_int	ring_slot(struct ring *, u_int);
static void	ring_copy(struct ring *, struct message **);
static void	ring_resize(struct ring *, u_int);
static void	ring_grow(struct ring *);
static void	ring_fit(struct ring *);
static void	ring_keep(struct ring *, struct message *);
static void	ring_remove(struct ring *, u_int);
static void	ring_trim(struct ring *);

/*
 * Encode a room message frame (the JSON codec's msg).  A frame made with
 * id 0 is the bytes before that "0" (it ends at jb->idend) and those
 * after it, to be put around the id once it is known (Redis gives it, in
 * cluster mode).
 */
void
message_encode(struct jbuf *jb, uint64_t id, int64_t ts, int kind,
    const char *room, const char *nick, const char *text, const char *image)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = id;
	ev.ts = ts;
	ev.room = room;
	ev.nick = nick;
	ev.text = text;
	ev.action = MSG_KIND(kind) == MSG_ACTION;
	ev.notice = (kind & MSG_NOTICE) != 0;
	ev.image = image;
	proto_event_encode(jb, &ev);
}

/*
 * Make a message and encode its frame once; every delivery and every
 * replay sends these same bytes.
 */
struct message *
message_new(uint64_t id, int64_t ts, int kind, const char *room,
    const char *nick, const char *text, const char *image)
{
	static struct jbuf	 jb;	/* scratch; the loop's thread only */

	if (jb.buf == NULL)
		jbuf_init(&jb);
	message_encode(&jb, id, ts, kind, room, nick, text, image);
	return (message_new_frame(id, ts, kind, nick, text, image, jb.buf,
	    jb.len));
}

/*
 * Make a message around its frame, encoded already (the cluster's bus
 * brings it encoded by the hub that took it): these bytes are what every
 * delivery and replay sends.
 */
struct message *
message_new_frame(uint64_t id, int64_t ts, int kind, const char *nick,
    const char *text, const char *image, const char *line, size_t len)
{
	struct message	*m;

	m = xcalloc(1, sizeof *m);
	m->id = id;
	m->ts = ts;
	m->kind = kind;
	m->nick = xstrdup(nick);
	m->text = xstrdup(text);
	m->image = image != NULL ? xstrdup(image) : NULL;
	m->refs = 1;
	m->line = xmalloc(len + 1);		/* exactly, not a scratch */
	memcpy(m->line, line, len);
	m->line[len] = '\0';
	m->linelen = len;
	m->cost = sizeof *m + len + 1 + strlen(nick) + 1 + strlen(text) + 1 +
	    (image != NULL ? strlen(image) + 1 : 0);
	return (m);
}

/*
 * The sender is a user of another hub of a cluster: that hub's id, and
 * its IRC server name if it gave one (NULL if not), kept with the message
 * for the sender's IRC host in every delivery and replay, after a restart
 * too (server_irc_origin).
 */
void
message_set_hub(struct message *m, const char *hub, const char *host)
{
	free(m->hub);
	m->hub = xstrdup(hub);
	m->cost += strlen(hub) + 1;
	free(m->host);
	m->host = NULL;
	if (host != NULL) {
		m->host = xstrdup(host);
		m->cost += strlen(host) + 1;
	}
}

/* Take a reference. */
void
message_ref(struct message *m)
{
	m->refs++;
}

/* Drop a reference, freeing the message with the last one. */
void
message_unref(struct message *m)
{
	if (m == NULL || --m->refs > 0)
		return;
	if (message_holding) {
		m->dead = message_graveyard;
		message_graveyard = m;
		return;
	}
	message_free(m);
}

/* Drop the reference a pass's output held (peer_pin). */
void
message_unpin(void *arg)
{
	message_unref(arg);
}

/* Hold dead messages (a snapshot is being written), or free them now. */
void
message_hold(int on)
{
	struct message	*m;

	message_holding = on;
	if (on)
		return;
	while ((m = message_graveyard) != NULL) {
		message_graveyard = m->dead;
		message_free(m);
	}
}

/* Free a message. */
static void
message_free(struct message *m)
{
	free(m->nick);
	free(m->text);
	free(m->image);
	free(m->tags);
	free(m->hub);
	free(m->host);
	free(m->line);
	free(m);
}

/* Order messages by id. */
static int
message_id_cmp(const void *a, const void *b)
{
	uint64_t	x = (*(struct message * const *)a)->id;
	uint64_t	y = (*(struct message * const *)b)->id;

	return (x < y ? -1 : x > y);
}

/*
 * Set the budget all rooms' messages share (0: none), once the rooms are
 * loaded: they were kept room after room, so put them in id order first,
 * for the oldest of the hub to go first.  Returns how many are kept.
 */
size_t
message_set_budget(size_t bytes)
{
	struct message	**all, *m;
	size_t		  n = 0, i;

	TAILQ_FOREACH(m, &message_kept, stored)
		n++;
	all = xcalloc(n > 0 ? n : 1, sizeof *all);
	i = 0;
	while ((m = TAILQ_FIRST(&message_kept)) != NULL) {
		TAILQ_REMOVE(&message_kept, m, stored);
		all[i++] = m;
	}
	qsort(all, n, sizeof *all, message_id_cmp);
	for (i = 0; i < n; i++)
		TAILQ_INSERT_TAIL(&message_kept, all[i], stored);
	free(all);
	message_budget = bytes;
	message_trim();
	n = 0;
	TAILQ_FOREACH(m, &message_kept, stored)
		n++;
	return (n);
}

/* What the messages rooms keep cost in all. */
size_t
message_kept_bytes(void)
{
	return (message_kept_total);
}

/* Over the hub's budget: drop the oldest messages kept in any room. */
static void
message_trim(void)
{
	struct message	*m;
	struct ring	*r;
	u_int		 pos;

	while (message_budget > 0 && message_kept_total > message_budget &&
	    (m = TAILQ_FIRST(&message_kept)) != NULL) {
		r = m->ring;
		pos = 0;
		if (ring_get(r, 0) != m) {	/* one that came late */
			pos = ring_since(r, m->id);
			if (pos == 0 || ring_get(r, pos - 1) != m)
				fatalx("a kept message is not in its ring");
			pos--;
		}
		ring_remove(r, pos);
		ring_fit(r);
	}
}

/*
 * Set up an empty ring holding at most size messages; its array comes
 * with the first message.
 */
void
ring_init(struct ring *r, u_int size)
{
	r->size = size > 0 ? size : 1;
	r->msgs = NULL;
	r->cap = 0;
	r->start = 0;
	r->count = 0;
	r->bytes = 0;
	r->max_bytes = 0;
	r->gone = 0;
	r->lost = NULL;
	r->nlost = r->lost_start = r->lost_cap = 0;
	r->lost_floor = 0;
}

/* Where in a ring's array its i-th oldest message is. */
static u_int
ring_slot(struct ring *r, u_int i)
{
	return ((r->start + i) % r->cap);
}

/* Copy a ring's message pointers, oldest first, to an array. */
static void
ring_copy(struct ring *r, struct message **to)
{
	u_int	first;

	if (r->count == 0)
		return;
	first = r->cap - r->start;	/* up to the end of the array */
	if (first > r->count)
		first = r->count;
	memcpy(to, r->msgs + r->start, first * sizeof *to);
	memcpy(to + first, r->msgs, (r->count - first) * sizeof *to);
}

/* Move a ring's messages, oldest first, to an array of cap slots. */
static void
ring_resize(struct ring *r, u_int cap)
{
	struct message	**msgs = NULL;

	if (cap < r->count)
		fatalx("a ring's array would lose messages");
	if (cap > 0) {
		msgs = xreallocarray(NULL, cap, sizeof *msgs);
		ring_copy(r, msgs);
	}
	free(r->msgs);
	r->msgs = msgs;
	r->cap = cap;
	r->start = 0;
}

/* Make a slot for one more message: double the array, up to the limit. */
static void
ring_grow(struct ring *r)
{
	u_int	cap;

	if (r->count < r->cap)
		return;
	if (r->cap == 0)
		cap = RING_MIN;
	else if (r->cap > r->size / 2)
		cap = r->size;
	else
		cap = r->cap * 2;
	ring_resize(r, cap < r->size ? cap : r->size);
}

/*
 * After a budget took messages: halve an array used to a quarter or less
 * (so pushing again does not grow it at once), and free an empty one.
 */
static void
ring_fit(struct ring *r)
{
	u_int	cap = r->cap;

	if (r->count == 0)
		cap = 0;
	while (cap / 2 >= RING_MIN && r->count <= cap / 4)
		cap /= 2;
	if (cap != r->cap)
		ring_resize(r, cap);
}

/*
 * Copy a ring for a snapshot: the same messages in an array of their own,
 * oldest first, borrowed without references (see message_hold).  Only
 * the array is the copy's to free.
 */
void
ring_borrow(struct ring *dst, struct ring *src)
{
	memset(dst, 0, sizeof *dst);
	dst->size = dst->cap = src->count > 0 ? src->count : 1;
	dst->count = src->count;
	dst->gone = src->gone;
	dst->msgs = xcalloc(dst->cap, sizeof *dst->msgs);
	ring_copy(src, dst->msgs);
}

/*
 * Hold at most size messages (a reload changed --history-size): the
 * oldest beyond it go now, and the array shrinks to fit.
 */
void
ring_set_size(struct ring *r, u_int size)
{
	if (size == 0)
		size = 1;
	while (r->count > size)
		ring_remove(r, 0);
	r->size = size;
	if (r->cap > size)
		ring_resize(r, size);
	ring_fit(r);
}

/*
 * Make a ring a room's: its messages count against its budget (0: no
 * limit of its own) and the hub's.
 */
void
ring_set_budget(struct ring *r, size_t bytes)
{
	r->max_bytes = bytes > 0 ? bytes : SIZE_MAX;
	ring_trim(r);
}

/* Count a message a room's ring took. */
static void
ring_keep(struct ring *r, struct message *m)
{
	if (r->max_bytes == 0 || m->ring != NULL)
		return;
	m->ring = r;
	r->bytes += m->cost;
	message_kept_total += m->cost;
	TAILQ_INSERT_TAIL(&message_kept, m, stored);
}

/*
 * Note that a ring let go of a message.  It remembers the highest id (a
 * replay after an id below it lacks a message, see server_login_welcome)
 * and a room's ring the latest RING_LOST ids, to say how many a resumed
 * session missed (see ring_missed); older ones only raise lost_floor.
 */
static void
ring_let_go(struct ring *r, uint64_t id)
{
	uint64_t	old;

	if (id > r->gone)
		r->gone = id;
	if (r->max_bytes == 0)
		return;
	if (r->nlost == r->lost_cap && r->lost_cap < RING_LOST) {
		/* Its start stays 0 until it is as big as it gets. */
		r->lost_cap = r->lost_cap > 0 ? r->lost_cap * 2 : RING_MIN;
		r->lost = xreallocarray(r->lost, r->lost_cap, sizeof *r->lost);
	}
	if (r->nlost == r->lost_cap) {
		old = r->lost[r->lost_start];
		if (old > r->lost_floor)
			r->lost_floor = old;
		r->lost[r->lost_start] = id;
		r->lost_start = (r->lost_start + 1) % r->lost_cap;
		return;
	}
	r->lost[(r->lost_start + r->nlost++) % r->lost_cap] = id;
}

/*
 * Whether a ring let go of a message with an id above after (a replay
 * after it lacks it), and how many in *n; *n is 0 when the number is not
 * known (let go before a restart, or more than RING_LOST ago).
 */
int
ring_missed(struct ring *r, uint64_t after, u_int *n)
{
	u_int	i;

	*n = 0;
	if (r->gone <= after)
		return (0);
	if (r->lost_floor > after)
		return (1);
	for (i = 0; i < r->nlost; i++) {
		if (r->lost[(r->lost_start + i) % r->lost_cap] > after)
			(*n)++;
	}
	return (1);
}

/* Take the message at pos out of a ring, dropping the ring's reference. */
static void
ring_remove(struct ring *r, u_int pos)
{
	struct message	*m = ring_get(r, pos);
	u_int		 i;

	ring_let_go(r, m->id);
	if (m->ring == r) {
		r->bytes -= m->cost;
		message_kept_total -= m->cost;
		TAILQ_REMOVE(&message_kept, m, stored);
		m->ring = NULL;
	}
	if (pos == 0)
		r->start = ring_slot(r, 1);
	else {
		for (i = pos; i + 1 < r->count; i++)
			r->msgs[ring_slot(r, i)] = r->msgs[ring_slot(r, i + 1)];
	}
	r->count--;
	message_unref(m);
}

/* Over a room's budget or the hub's: drop the oldest. */
static void
ring_trim(struct ring *r)
{
	if (r->max_bytes == 0)
		return;
	while (r->count > 0 && r->bytes > r->max_bytes)
		ring_remove(r, 0);
	ring_fit(r);
	message_trim();
}

/* Release a ring and its messages. */
void
ring_free(struct ring *r)
{
	while (r->count > 0)
		ring_remove(r, r->count - 1);
	free(r->msgs);
	r->msgs = NULL;
	free(r->lost);
	r->lost = NULL;
	r->nlost = r->lost_start = r->lost_cap = 0;
	r->cap = 0;
	r->start = 0;
	r->count = 0;
}

/*
 * Add a message (taking the caller's reference), evicting the oldest
 * when the ring is full or over a budget.
 */
void
ring_push(struct ring *r, struct message *m)
{
	if (r->count == r->size)
		ring_remove(r, 0);
	ring_grow(r);
	r->msgs[ring_slot(r, r->count)] = m;
	r->count++;
	ring_keep(r, m);
	ring_trim(r);
}

/* The i-th oldest message. */
struct message *
ring_get(struct ring *r, u_int i)
{
	return (r->msgs[ring_slot(r, i)]);
}

/* Index of the first message with an id above the given one. */
u_int
ring_since(struct ring *r, uint64_t id)
{
	u_int	lo = 0, hi = r->count, mid;

	while (lo < hi) {		/* ids rise through the ring */
		mid = lo + (hi - lo) / 2;
		if (ring_get(r, mid)->id <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * Keep a message in id order: a message from another hub that arrives
 * late (after a split of the cluster) goes where its id belongs.  One
 * older than everything a full ring holds is not kept.  Returns 0 if the
 * ring took the message's reference, -1 if the caller keeps it.
 */
int
ring_insert(struct ring *r, struct message *m)
{
	u_int	pos, i;

	if (r->count == 0 || ring_get(r, r->count - 1)->id < m->id) {
		ring_push(r, m);
		return (0);
	}
	pos = ring_since(r, m->id);
	if (pos > 0 && ring_get(r, pos - 1)->id == m->id)
		return (-1);
	if (r->count == r->size) {
		if (pos == 0) {		/* older than all: let go at once */
			ring_let_go(r, m->id);
			return (-1);
		}
		ring_remove(r, 0);
		pos--;
	}
	ring_grow(r);
	for (i = r->count; i > pos; i--)
		r->msgs[ring_slot(r, i)] = r->msgs[ring_slot(r, i - 1)];
	r->msgs[ring_slot(r, pos)] = m;
	r->count++;
	ring_keep(r, m);
	ring_trim(r);
	return (0);
}

/* Does the ring hold a message with this id? */
int
ring_has(struct ring *r, uint64_t id)
{
	u_int	pos;

	if (r->count == 0 || ring_get(r, r->count - 1)->id < id)
		return (0);
	pos = ring_since(r, id);
	return (pos > 0 && ring_get(r, pos - 1)->id == id);
}
