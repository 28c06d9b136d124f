/* SPDX-License-Identifier: ISC */
/* ban.c: bans by nick or address, and mutes, with optional expiry. */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/* Few enough to keep in an array, scanned on each connection. */
static struct hist_ban	*ban_list;
static u_int		 ban_n;

static int	ban_match(const struct hist_ban *, int, const char *);
static u_int	ban_index(int, const char *, char **);
static char	*ban_key(int, const char *);

/*
 * The canonical text of an IPv4 or IPv6 address, or NULL if s is not one:
 * IPv6 as inet_ntop writes it (RFC 5952: lower case, the longest run of
 * zeros shortened), so 0:0:0:0:0:0:0:1 is ::1, and an IPv4-mapped IPv6
 * address as the IPv4 address it maps.
 */
char *
ban_canonical_address(const char *s)
{
	struct in_addr	a4;
	struct in6_addr	a6;
	char		buf[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET, s, &a4) == 1)
		return (xstrdup(inet_ntop(AF_INET, &a4, buf, sizeof buf)));
	if (inet_pton(AF_INET6, s, &a6) != 1)
		return (NULL);
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4, &a6.s6_addr[12], sizeof a4);
		return (xstrdup(inet_ntop(AF_INET, &a4, buf, sizeof buf)));
	}
	return (xstrdup(inet_ntop(AF_INET6, &a6, buf, sizeof buf)));
}

/* The key an entry is found by: a canonical address or a folded nick. */
static char *
ban_key(int kind, const char *target)
{
	char	*key;

	if (kind != BAN_IP)
		return (utf8_casefold(target));
	if ((key = ban_canonical_address(target)) == NULL)
		key = xstrdup(target);
	return (key);
}

/* Does an entry apply to this kind and target (nick or address)? */
static int
ban_match(const struct hist_ban *b, int kind, const char *target)
{
	char	*key;
	int	 same;

	if (b->kind != kind)
		return (0);
	if (b->until != 0 && b->until <= now_ms())
		return (0);
	key = ban_key(kind, target);
	same = strcmp(b->target, key) == 0;
	free(key);
	return (same);
}

/*
 * The index of the entry for this kind and target (ban_n if none); the
 * target's key (canonical or case-folded) is handed back.
 */
static u_int
ban_index(int kind, const char *target, char **key)
{
	u_int	i;

	*key = ban_key(kind, target);
	for (i = 0; i < ban_n; i++) {
		if (ban_list[i].kind == kind &&
		    strcmp(ban_list[i].target, *key) == 0)
			break;
	}
	return (i);
}

/* Add (or replace) an entry; until is 0 for ever. */
int
ban_add(int kind, const char *target, int64_t until, const char *reason,
    const char *by)
{
	struct hist_ban	*b;
	char		*key;
	u_int		 i;

	if ((i = ban_index(kind, target, &key)) == ban_n) {
		ban_list = xreallocarray(ban_list, ban_n + 1,
		    sizeof *ban_list);
		b = &ban_list[ban_n++];
		memset(b, 0, sizeof *b);
		b->kind = kind;
		b->target = key;
	} else {
		b = &ban_list[i];
		free(key);
		free(b->reason);
		free(b->by);
	}
	b->until = until;
	b->reason = xstrdup(reason != NULL ? reason : "");
	b->by = xstrdup(by != NULL ? by : "");
	server_mark_dirty();
	return (0);
}

/* Remove an entry; -1 if there was none. */
int
ban_remove(int kind, const char *target)
{
	char	*key;
	u_int	 i;

	i = ban_index(kind, target, &key);
	free(key);
	if (i == ban_n)
		return (-1);
	free(ban_list[i].target);
	free(ban_list[i].reason);
	free(ban_list[i].by);
	ban_list[i] = ban_list[--ban_n];
	server_mark_dirty();
	return (0);
}

/* The entry in force for a nick or address, or NULL. */
const struct hist_ban *
ban_find(int kind, const char *target)
{
	u_int	i;

	for (i = 0; i < ban_n; i++) {
		if (ban_match(&ban_list[i], kind, target))
			return (&ban_list[i]);
	}
	return (NULL);
}

/* How many entries there are (expired ones included until saved). */
u_int
ban_count(void)
{
	return (ban_n);
}

/* The i-th entry. */
const struct hist_ban *
ban_get(u_int i)
{
	return (i < ban_n ? &ban_list[i] : NULL);
}

/* Copy the entries still in force into a history for saving. */
void
ban_to_hist(struct hist *h)
{
	struct hist_ban	*b;
	int64_t		 now = now_ms();
	u_int		 i;

	h->nbans = 0;
	h->bans = xcalloc(ban_n > 0 ? ban_n : 1, sizeof *h->bans);
	for (i = 0; i < ban_n; i++) {
		if (ban_list[i].until != 0 && ban_list[i].until <= now)
			continue;
		b = &h->bans[h->nbans++];
		b->kind = ban_list[i].kind;
		b->target = xstrdup(ban_list[i].target);
		b->until = ban_list[i].until;
		b->reason = xstrdup(ban_list[i].reason);
		b->by = xstrdup(ban_list[i].by);
	}
}

/* Take the entries of a loaded history. */
void
ban_from_hist(struct hist *h)
{
	size_t	i;

	for (i = 0; i < h->nbans; i++) {
		ban_add(h->bans[i].kind, h->bans[i].target, h->bans[i].until,
		    h->bans[i].reason, h->bans[i].by);
	}
}

/* Free every entry (at exit). */
void
ban_free_all(void)
{
	while (ban_n > 0)
		ban_remove(ban_list[0].kind, ban_list[0].target);
	free(ban_list);
	ban_list = NULL;
}
