/* SPDX-License-Identifier: ISC */
/* test-ring.c: unit tests of rings that grow on demand, against a model. */

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
#include "server.h"

#define NRINGS		3		/* rings the model drives at once */
#define MODEL_MAX	1000		/* the largest ring size tried */
#define FIRST_CAP	8		/* slots of a ring's first array */

/*
 * What a ring should hold: ids in order, what each costs, and when each
 * was kept (the hub's budget drops the one kept first, wherever it is).
 */
struct model {
	uint64_t	 id[MODEL_MAX];
	size_t		 cost[MODEL_MAX];
	uint64_t	 kept[MODEL_MAX];
	u_int		 n;
	u_int		 size;
	size_t		 bytes;
	size_t		 max_bytes;	/* 0: not counted (not a room's) */
	uint64_t	 gone;		/* the highest id it let go */
	uint64_t	*lost;		/* a room's: every id it let go */
	u_int		 nlost;
};

static struct model	models[NRINGS];
static struct ring	rings[NRINGS];
static uint64_t		model_kept_next;
static size_t		model_total;
static size_t		model_budget;

static uint32_t		 test_random(void);
static struct message	*test_message(uint64_t);
static void		 test_text(uint64_t, char *, size_t);
static void		 model_let_go(struct model *, uint64_t);
static void		 model_remove(struct model *, u_int);
static void		 model_trim(struct model *);
static void		 model_push(struct model *, uint64_t, size_t);
static int		 model_insert(struct model *, uint64_t, size_t);
static u_int		 model_since(struct model *, uint64_t);
static void		 check_ring(u_int);
static void		 run_model(u_int, int, size_t, u_int);
static void		 test_ring_lazy(void **);
static void		 test_ring_grow_wrapped(void **);
static void		 test_ring_insert_wrapped(void **);
static void		 test_ring_shrink(void **);
static void		 test_ring_set_size(void **);
static void		 test_ring_borrow(void **);
static void		 test_ring_model(void **);
static void		 test_ring_model_budgets(void **);

/* A small fixed generator: the same operations on every run. */
static uint32_t
test_random(void)
{
	static uint32_t	x = 2463534242U;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return (x);
}

/* The text of message id: its length varies, and so does its cost. */
static void
test_text(uint64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "m%llu-%.*s", (unsigned long long)id,
	    (int)(id % 37), "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq");
}

/* A message with this id, its text made from the id. */
static struct message *
test_message(uint64_t id)
{
	char	text[64];

	test_text(id, text, sizeof text);
	return (message_new(id, (int64_t)id * 10, MSG_TEXT, "dev", "a",
	    text, NULL));
}

/* The model let go of a message: a room's remembers every id. */
static void
model_let_go(struct model *md, uint64_t id)
{
	if (id > md->gone)
		md->gone = id;
	if (md->max_bytes == 0)
		return;
	md->lost = xreallocarray(md->lost, md->nlost + 1, sizeof *md->lost);
	md->lost[md->nlost++] = id;
}

/* Take the model's message at pos out. */
static void
model_remove(struct model *md, u_int pos)
{
	model_let_go(md, md->id[pos]);
	if (md->max_bytes != 0) {
		md->bytes -= md->cost[pos];
		model_total -= md->cost[pos];
	}
	memmove(md->id + pos, md->id + pos + 1,
	    (md->n - pos - 1) * sizeof *md->id);
	memmove(md->cost + pos, md->cost + pos + 1,
	    (md->n - pos - 1) * sizeof *md->cost);
	memmove(md->kept + pos, md->kept + pos + 1,
	    (md->n - pos - 1) * sizeof *md->kept);
	md->n--;
}

/* Over the room's budget, drop its oldest; over the hub's, the first kept. */
static void
model_trim(struct model *md)
{
	struct model	*oldest;
	u_int		 i, j, pos;

	if (md->max_bytes == 0)
		return;
	while (md->n > 0 && md->bytes > md->max_bytes)
		model_remove(md, 0);
	while (model_budget > 0 && model_total > model_budget) {
		oldest = NULL;
		pos = 0;
		for (i = 0; i < NRINGS; i++) {
			if (models[i].max_bytes == 0)
				continue;
			for (j = 0; j < models[i].n; j++) {
				if (oldest == NULL ||
				    models[i].kept[j] < oldest->kept[pos]) {
					oldest = &models[i];
					pos = j;
				}
			}
		}
		assert_non_null(oldest);
		model_remove(oldest, pos);
	}
}

/* Add the newest message, dropping the oldest of a full ring. */
static void
model_push(struct model *md, uint64_t id, size_t cost)
{
	if (md->n == md->size)
		model_remove(md, 0);
	md->id[md->n] = id;
	md->cost[md->n] = cost;
	md->kept[md->n] = model_kept_next++;
	md->n++;
	if (md->max_bytes != 0) {
		md->bytes += cost;
		model_total += cost;
	}
	model_trim(md);
}

/* Index of the first id above the given one. */
static u_int
model_since(struct model *md, uint64_t id)
{
	u_int	i;

	for (i = 0; i < md->n && md->id[i] <= id; i++)
		;
	return (i);
}

/* Put a message where its id belongs, as ring_insert should. */
static int
model_insert(struct model *md, uint64_t id, size_t cost)
{
	u_int	pos;

	if (md->n == 0 || md->id[md->n - 1] < id) {
		model_push(md, id, cost);
		return (0);
	}
	pos = model_since(md, id);
	if (pos > 0 && md->id[pos - 1] == id)
		return (-1);
	if (md->n == md->size) {
		if (pos == 0) {
			model_let_go(md, id);
			return (-1);
		}
		model_remove(md, 0);
		pos--;
	}
	memmove(md->id + pos + 1, md->id + pos, (md->n - pos) * sizeof *md->id);
	memmove(md->cost + pos + 1, md->cost + pos,
	    (md->n - pos) * sizeof *md->cost);
	memmove(md->kept + pos + 1, md->kept + pos,
	    (md->n - pos) * sizeof *md->kept);
	md->id[pos] = id;
	md->cost[pos] = cost;
	md->kept[pos] = model_kept_next++;
	md->n++;
	if (md->max_bytes != 0) {
		md->bytes += cost;
		model_total += cost;
	}
	model_trim(md);
	return (0);
}

/*
 * A ring holds what its model does, in order, and an array no larger than
 * it needs: at most its limit, at most four times its messages once past
 * the first arrays, and none when empty.
 */
static void
check_ring(u_int k)
{
	struct ring	*r = &rings[k];
	struct model	*md = &models[k];
	struct message	*m;
	char		 text[64];
	uint64_t	 probe;
	u_int		 i, n, missed, known;

	assert_int_equal(r->count, md->n);
	assert_int_equal(r->size, md->size);
	for (i = 0; i < md->n; i++) {
		m = ring_get(r, i);
		assert_true(m->id == md->id[i]);
		assert_true(m->ts == (int64_t)md->id[i] * 10);
		test_text(m->id, text, sizeof text);
		assert_string_equal(m->text, text);
	}
	if (md->max_bytes != 0)
		assert_int_equal(r->bytes, md->bytes);
	assert_true(r->gone == md->gone);
	assert_true(r->count <= r->cap);
	assert_true(r->cap <= r->size);
	assert_true(r->start < r->cap || r->cap == 0);
	assert_true((r->msgs == NULL) == (r->cap == 0));
	if (r->count == 0 && md->max_bytes != 0)
		assert_int_equal(r->cap, 0);
	assert_true(r->cap < 2 * FIRST_CAP || r->cap <= 4 * r->count);
	probe = test_random() % (md->n > 0 ? md->id[md->n - 1] + 2 : 3);
	assert_int_equal(ring_since(r, probe), model_since(md, probe));
	assert_int_equal(ring_has(r, probe),
	    model_since(md, probe) > 0 &&
	    md->id[model_since(md, probe) - 1] == probe);

	/*
	 * What a resume after probe missed: a room's ring counts them when
	 * all it let go before its latest 1024 are not after probe.
	 */
	probe = test_random() % (md->gone + 2);
	missed = 0;
	known = md->max_bytes != 0;
	for (i = 0; i < md->nlost; i++) {
		if (md->lost[i] > probe)
			missed++;
		if (md->lost[i] > probe && i + 1024 < md->nlost)
			known = 0;
	}
	assert_int_equal(ring_missed(r, probe, &n), md->gone > probe);
	assert_int_equal(n, known ? missed : 0);
}

/*
 * Drive NRINGS rings of this size and their models with pushes, inserts
 * out of order and (with budgets) trims, checking after every step.
 */
static void
run_model(u_int size, int budgets, size_t hub_budget, u_int steps)
{
	struct message	*m;
	uint64_t	 next_id = 1, id;
	u_int		 step, k, op;
	size_t		 cost;
	int		 rc;

	memset(models, 0, sizeof models);
	model_kept_next = 0;
	model_total = 0;
	model_budget = hub_budget;
	message_set_budget(hub_budget);
	for (k = 0; k < NRINGS; k++) {
		models[k].size = size;
		ring_init(&rings[k], size);
		if (budgets) {
			/* Room for about half its limit of messages. */
			models[k].max_bytes = (size_t)size * 220 / 2 + 200;
			ring_set_budget(&rings[k], models[k].max_bytes);
		}
	}
	for (step = 0; step < steps; step++) {
		k = test_random() % NRINGS;
		op = test_random() % 100;
		if (op < 55 || next_id == 1) {
			id = next_id;
			next_id += 1 + test_random() % 3;
			m = test_message(id);
			cost = m->cost;
			ring_push(&rings[k], m);
			model_push(&models[k], id, cost);
		} else if (op < 92 || !budgets) {
			/* One that came late, or one the ring knows. */
			id = 1 + test_random() % (next_id - 1);
			m = test_message(id);
			cost = m->cost;
			rc = ring_insert(&rings[k], m);
			assert_int_equal(rc,
			    model_insert(&models[k], id, cost));
			if (rc != 0)
				message_unref(m);
		} else {
			/* A squeeze: the room's budget drops, then returns. */
			models[k].max_bytes /= 1 + test_random() % 8;
			ring_set_budget(&rings[k], models[k].max_bytes);
			model_trim(&models[k]);
			check_ring(k);
			models[k].max_bytes = (size_t)size * 220 / 2 + 200;
			ring_set_budget(&rings[k], models[k].max_bytes);
		}
		for (k = 0; k < NRINGS; k++)
			check_ring(k);
		if (budgets)
			assert_int_equal(message_kept_bytes(), model_total);
	}
	for (k = 0; k < NRINGS; k++) {
		ring_free(&rings[k]);
		assert_null(rings[k].msgs);
		assert_null(rings[k].lost);
		free(models[k].lost);
	}
	assert_int_equal(message_kept_bytes(), 0);
	message_set_budget(0);
}

/* No array until the first message; then it doubles up to the limit. */
static void
test_ring_lazy(void **state)
{
	struct ring	 r;
	uint64_t	 id;
	u_int		 cap = 0;

	(void)state;

	ring_init(&r, 5000);
	assert_null(r.msgs);
	assert_int_equal(r.cap, 0);
	assert_int_equal(ring_since(&r, 7), 0);
	assert_false(ring_has(&r, 7));
	for (id = 1; id <= 5003; id++) {
		ring_push(&r, test_message(id));
		if (r.cap != cap) {
			/* It grew when full: doubled, or to the limit. */
			assert_int_equal(r.count, cap + 1);
			assert_int_equal(r.cap, cap == 0 ? FIRST_CAP :
			    cap * 2 < 5000 ? cap * 2 : 5000);
			cap = r.cap;
		}
	}
	assert_int_equal(r.cap, 5000);
	assert_int_equal(r.count, 5000);
	assert_true(ring_get(&r, 0)->id == 4);
	assert_true(ring_get(&r, 4999)->id == 5003);
	ring_free(&r);
	assert_null(r.msgs);
	assert_int_equal(r.cap, 0);

	/* A limit below the first array's size is the array's size. */
	ring_init(&r, 3);
	for (id = 1; id <= 5; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.cap, 3);
	assert_true(ring_get(&r, 0)->id == 3);
	ring_free(&r);
}

/* A ring that wrapped keeps its order when its array grows. */
static void
test_ring_grow_wrapped(void **state)
{
	struct ring	 r;
	uint64_t	 id;
	size_t		 cost;
	u_int		 i;

	(void)state;

	ring_init(&r, 100);
	ring_set_budget(&r, 0);		/* counted, no limit of its own */
	for (id = 1; id <= FIRST_CAP; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.cap, FIRST_CAP);

	/* A budget for the newest five drops the three oldest. */
	cost = 0;
	for (i = 3; i < FIRST_CAP; i++)
		cost += ring_get(&r, i)->cost;
	ring_set_budget(&r, cost);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.start, 3);
	ring_set_budget(&r, 0);

	/* Three more wrap around the end of the array; then one grows it. */
	for (id = FIRST_CAP + 1; id <= FIRST_CAP + 3; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.count, FIRST_CAP);
	assert_int_equal(r.cap, FIRST_CAP);
	assert_int_equal(r.start, 3);
	ring_push(&r, test_message(FIRST_CAP + 4));
	assert_int_equal(r.cap, 2 * FIRST_CAP);
	assert_int_equal(r.count, FIRST_CAP + 1);
	for (i = 0; i < r.count; i++)
		assert_true(ring_get(&r, i)->id == 4 + i);
	ring_free(&r);
	assert_int_equal(message_kept_bytes(), 0);
}

/*
 * Messages that come late go where their ids belong in a wrapped array:
 * shifting the newer ones across its end, and growing it when full.
 */
static void
test_ring_insert_wrapped(void **state)
{
	struct ring	 r;
	struct message	*m;
	uint64_t	 id;
	uint64_t	 want[] = { 4, 6, 8, 10, 11, 12, 13, 14, 16, 18,
			     20 };
	size_t		 cost;
	u_int		 i;

	(void)state;

	ring_init(&r, 100);
	ring_set_budget(&r, 0);
	for (id = 2; id <= 16; id += 2)		/* 2 .. 16: a full array */
		ring_push(&r, test_message(id));
	cost = 0;
	for (i = 2; i < FIRST_CAP; i++)
		cost += ring_get(&r, i)->cost;
	ring_set_budget(&r, cost);		/* 6 .. 16 from slot 2 */
	ring_set_budget(&r, 0);
	ring_push(&r, test_message(18));	/* in slot 0 */
	assert_int_equal(r.start, 2);
	assert_int_equal(r.count, FIRST_CAP - 1);

	/* 11 shifts 12 .. 18 along, across the end of the array. */
	assert_int_equal(ring_insert(&r, test_message(11)), 0);
	assert_int_equal(r.cap, FIRST_CAP);
	assert_int_equal(r.count, FIRST_CAP);
	assert_int_equal(r.start, 2);

	/* 13 finds it full and wrapped: it grows first. */
	assert_int_equal(ring_insert(&r, test_message(13)), 0);
	assert_int_equal(r.cap, 2 * FIRST_CAP);
	assert_int_equal(ring_insert(&r, test_message(4)), 0);	/* oldest */
	m = test_message(12);			/* known: the caller's */
	assert_int_equal(ring_insert(&r, m), -1);
	message_unref(m);
	ring_push(&r, test_message(20));
	assert_int_equal(r.count, sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(ring_get(&r, i)->id == want[i]);
	ring_free(&r);
	assert_int_equal(message_kept_bytes(), 0);
}

/* Trimmed by a budget, a ring gives back most of its array. */
static void
test_ring_shrink(void **state)
{
	struct ring	 r;
	uint64_t	 id;
	size_t		 cost;
	u_int		 i;

	(void)state;

	ring_init(&r, 1000);
	ring_set_budget(&r, 0);
	for (id = 1; id <= 1000; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.cap, 1000);
	cost = 0;
	for (i = 990; i < 1000; i++)
		cost += ring_get(&r, i)->cost;
	ring_set_budget(&r, cost);
	assert_int_equal(r.count, 10);
	assert_true(r.cap >= 10 && r.cap <= 40);
	for (i = 0; i < 10; i++)
		assert_true(ring_get(&r, i)->id == 991 + i);

	/* Pushing again grows it back, in order. */
	ring_set_budget(&r, 0);
	for (id = 1001; id <= 1100; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.count, 110);
	for (i = 0; i < r.count; i++)
		assert_true(ring_get(&r, i)->id == 991 + i);

	/* A budget nothing fits in empties it and frees the array. */
	ring_set_budget(&r, 1);
	assert_int_equal(r.count, 0);
	assert_null(r.msgs);
	assert_int_equal(r.cap, 0);
	ring_push(&r, test_message(2000));	/* too big for it: gone too */
	assert_int_equal(r.count, 0);
	assert_null(r.msgs);
	ring_set_budget(&r, 0);
	ring_push(&r, test_message(2001));
	assert_int_equal(r.count, 1);
	assert_int_equal(r.cap, FIRST_CAP);
	ring_free(&r);
	assert_int_equal(message_kept_bytes(), 0);
}

/*
 * A reload's new --history-size: a wrapped ring keeps its newest, in
 * order, in an array no larger than the new size; a larger one lets it
 * grow again.
 */
static void
test_ring_set_size(void **state)
{
	struct ring	 r;
	uint64_t	 id;
	u_int		 i;

	(void)state;

	ring_init(&r, 100);
	ring_set_budget(&r, 0);
	for (id = 1; id <= 150; id++)		/* wrapped: 51 .. 150 */
		ring_push(&r, test_message(id));
	assert_int_equal(r.cap, 100);
	assert_int_not_equal(r.start, 0);
	ring_set_size(&r, 10);
	assert_int_equal(r.count, 10);
	assert_int_equal(r.cap, 10);
	for (i = 0; i < 10; i++)
		assert_true(ring_get(&r, i)->id == 141 + i);
	ring_push(&r, test_message(151));
	assert_int_equal(r.count, 10);
	assert_true(ring_get(&r, 0)->id == 142);

	ring_set_size(&r, 30);
	for (id = 152; id <= 200; id++)
		ring_push(&r, test_message(id));
	assert_int_equal(r.count, 30);
	assert_int_equal(r.cap, 30);
	for (i = 0; i < 30; i++)
		assert_true(ring_get(&r, i)->id == 171 + i);
	ring_free(&r);
	assert_int_equal(message_kept_bytes(), 0);
}

/* A snapshot's copy of a wrapped ring is in order and its own array. */
static void
test_ring_borrow(void **state)
{
	struct ring	 r, copy;
	uint64_t	 id;
	u_int		 i;

	(void)state;

	ring_init(&r, 10);
	for (id = 1; id <= 25; id++)
		ring_push(&r, test_message(id));
	assert_true(r.start != 0);
	ring_borrow(&copy, &r);
	assert_int_equal(copy.count, 10);
	assert_true(copy.msgs != r.msgs);
	for (i = 0; i < 10; i++) {
		assert_ptr_equal(ring_get(&copy, i), ring_get(&r, i));
		assert_int_equal(ring_get(&copy, i)->refs, 1);
	}
	free(copy.msgs);

	ring_init(&copy, 1);			/* an empty ring's copy */
	ring_free(&r);
	ring_borrow(&r, &copy);
	assert_int_equal(r.count, 0);
	assert_non_null(r.msgs);
	free(r.msgs);
}

/* Rings of many sizes follow the model through pushes and late inserts. */
static void
test_ring_model(void **state)
{
	static const u_int	sizes[] = { 1, 2, 3, 7, 8, 9, 15, 16, 17,
				    100, MODEL_MAX };
	u_int			i;

	(void)state;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		run_model(sizes[i], 0, 0, sizes[i] < 100 ? 600 : 4000);
}

/*
 * With budgets too: rooms' budgets drop their oldest, the hub's drops the
 * message kept first anywhere (a late one may sit after newer ones), and
 * arrays shrink and grow again.
 */
static void
test_ring_model_budgets(void **state)
{
	static const u_int	sizes[] = { 1, 2, 7, 9, 16, 17, 100,
				    MODEL_MAX };
	u_int			i;

	(void)state;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		run_model(sizes[i], 1, 0, sizes[i] < 100 ? 600 : 4000);
		run_model(sizes[i], 1, (size_t)sizes[i] * 220, sizes[i] < 100 ?
		    600 : 4000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_lazy),
		cmocka_unit_test(test_ring_grow_wrapped),
		cmocka_unit_test(test_ring_insert_wrapped),
		cmocka_unit_test(test_ring_shrink),
		cmocka_unit_test(test_ring_set_size),
		cmocka_unit_test(test_ring_borrow),
		cmocka_unit_test(test_ring_model),
		cmocka_unit_test(test_ring_model_budgets),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
