/* SPDX-License-Identifier: ISC */
/* strmap.c: a hash map from strings to pointers, keyed against flooding. */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"

/*
 * Names that come from the network (nicks, rooms) are keys here, so the
 * hash is SipHash-2-4 under a key drawn once per process: whoever picks
 * the names cannot make them share a bucket.  Buckets are chains; the
 * table doubles when it holds more entries than buckets, so a lookup
 * stays O(1) however many names there are.
 */

#define STRMAP_MIN	16

struct strmap_entry {
	char			*key;
	void			*value;
	struct strmap_entry	*next;
};

static uint64_t	strmap_k0, strmap_k1;
static int	strmap_keyed;

static uint64_t	strmap_hash(const char *);
static struct strmap_entry **strmap_slot(struct strmap *, const char *);
static void	strmap_grow(struct strmap *);

#define STRMAP_ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))
#define STRMAP_ROUND(v0, v1, v2, v3) do {				\
	v0 += v1; v1 = STRMAP_ROTL(v1, 13); v1 ^= v0;			\
	v0 = STRMAP_ROTL(v0, 32);					\
	v2 += v3; v3 = STRMAP_ROTL(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = STRMAP_ROTL(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = STRMAP_ROTL(v1, 17); v1 ^= v2;			\
	v2 = STRMAP_ROTL(v2, 32);					\
} while (0)

/* SipHash-2-4 of a string under the process's key. */
static uint64_t
strmap_hash(const char *s)
{
	uint64_t	 v0, v1, v2, v3, m;
	size_t		 len = strlen(s), i, j;
	const u_char	*p = (const u_char *)s;

	if (!strmap_keyed) {
		arc4random_buf(&strmap_k0, sizeof strmap_k0);
		arc4random_buf(&strmap_k1, sizeof strmap_k1);
		strmap_keyed = 1;
	}
	v0 = strmap_k0 ^ 0x736f6d6570736575ULL;
	v1 = strmap_k1 ^ 0x646f72616e646f6dULL;
	v2 = strmap_k0 ^ 0x6c7967656e657261ULL;
	v3 = strmap_k1 ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		m = 0;
		for (j = 0; j < 8; j++)
			m |= (uint64_t)p[i + j] << (8 * j);
		v3 ^= m;
		STRMAP_ROUND(v0, v1, v2, v3);
		STRMAP_ROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	m = (uint64_t)len << 56;
	for (j = 0; i + j < len; j++)
		m |= (uint64_t)p[i + j] << (8 * j);
	v3 ^= m;
	STRMAP_ROUND(v0, v1, v2, v3);
	STRMAP_ROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	for (j = 0; j < 4; j++)
		STRMAP_ROUND(v0, v1, v2, v3);
	return (v0 ^ v1 ^ v2 ^ v3);
}

/* Set up an empty map. */
void
strmap_init(struct strmap *m)
{
	m->buckets = NULL;
	m->nbuckets = 0;
	m->count = 0;
}

/* Free the map and its keys (the values are the caller's). */
void
strmap_free(struct strmap *m)
{
	struct strmap_entry	*e, *next;
	size_t			 i;

	for (i = 0; i < m->nbuckets; i++) {
		for (e = m->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	}
	free(m->buckets);
	strmap_init(m);
}

/* Where the entry for key is, or would be linked in. */
static struct strmap_entry **
strmap_slot(struct strmap *m, const char *key)
{
	struct strmap_entry	**ep;

	ep = &m->buckets[strmap_hash(key) & (m->nbuckets - 1)];
	while (*ep != NULL && strcmp((*ep)->key, key) != 0)
		ep = &(*ep)->next;
	return (ep);
}

/* Double the buckets and spread the entries over them. */
static void
strmap_grow(struct strmap *m)
{
	struct strmap_entry	**old = m->buckets, *e, *next;
	size_t			  n = m->nbuckets, i, h;

	m->nbuckets = n == 0 ? STRMAP_MIN : n * 2;
	m->buckets = xcalloc(m->nbuckets, sizeof *m->buckets);
	for (i = 0; i < n; i++) {
		for (e = old[i]; e != NULL; e = next) {
			next = e->next;
			h = strmap_hash(e->key) & (m->nbuckets - 1);
			e->next = m->buckets[h];
			m->buckets[h] = e;
		}
	}
	free(old);
}

/* The value for key, or NULL. */
void *
strmap_get(struct strmap *m, const char *key)
{
	struct strmap_entry	*e;

	if (m->count == 0)
		return (NULL);
	e = *strmap_slot(m, key);
	return (e != NULL ? e->value : NULL);
}

/* Set the value for key, adding it if it is not there. */
void
strmap_set(struct strmap *m, const char *key, void *value)
{
	struct strmap_entry	**ep, *e;

	if (m->count >= m->nbuckets)
		strmap_grow(m);
	ep = strmap_slot(m, key);
	if (*ep != NULL) {
		(*ep)->value = value;
		return;
	}
	e = xmalloc(sizeof *e);
	e->key = xstrdup(key);
	e->value = value;
	e->next = NULL;
	*ep = e;
	m->count++;
}

/* Remove key; its value, or NULL if it was not there. */
void *
strmap_del(struct strmap *m, const char *key)
{
	struct strmap_entry	**ep, *e;
	void			 *value;

	if (m->count == 0)
		return (NULL);
	ep = strmap_slot(m, key);
	if ((e = *ep) == NULL)
		return (NULL);
	*ep = e->next;
	value = e->value;
	free(e->key);
	free(e);
	m->count--;
	return (value);
}
