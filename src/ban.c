/* SPDX-License-Identifier: ISC */
/* ban.c: bans by nick or address, and mutes, with optional expiry. */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/* Few enough to keep in an array, scanned on each connection. */
static struct hist_ban	*ban_list;
static u_int		 ban_n;
static struct event	*ban_timer;	/* at the first end to come */
static int		 ban_done;	/* freeing: arm no more */

static void	ban_arm(void);
static void	ban_timer_cb(evutil_socket_t, short, void *);
static int	ban_match(const struct hist_ban *, int, const char *);
static int	ban_parse_range(const char *, int *, u_char *, int *);
static int	ban_in_range(const char *, const char *);
static u_int	ban_index(int, const char *, char **);
static void	ban_log_end(const struct hist_ban *, const char *);

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

/*
 * Parse ADDRESS/BITS: the family, the address with the bits past the
 * prefix cleared, and the prefix length (1 to 32 for IPv4, 1 to 128 for
 * IPv6; an IPv4-mapped address is taken as the IPv4 range it maps).
 * Returns 0, -1 if s has no '/' after an address (not a range at all),
 * or 1 if it does but the range is not valid.
 */
static int
ban_parse_range(const char *s, int *af, u_char *addr, int *bits)
{
	const char	*slash;
	char		*host, *end;
	int		 ok, max, i;

	if ((slash = strchr(s, '/')) == NULL)
		return (-1);
	host = xstrndup(s, slash - s);
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, host, addr) == 1) {
		*af = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, addr) == 1) {
		*af = AF_INET6;
		max = 128;
	} else {
		free(host);
		return (-1);
	}
	free(host);
	if (slash[1] < '0' || slash[1] > '9' || strlen(slash + 1) > 3)
		return (1);
	*bits = (int)strtol(slash + 1, &end, 10);
	if (*end != '\0' || *bits < 1 || *bits > max)
		return (1);
	if (*af == AF_INET6 && IN6_IS_ADDR_V4MAPPED((struct in6_addr *)addr)) {
		if (*bits < 96)
			return (1);
		memmove(addr, addr + 12, 4);
		memset(addr + 4, 0, 12);
		*af = AF_INET;
		*bits -= 96;
		if (*bits == 0)
			return (1);
	}
	ok = *bits;
	for (i = 0; i < 16; i++) {
		if (ok >= 8)
			ok -= 8;
		else {
			addr[i] &= (u_char)(0xff00 >> ok);
			ok = 0;
		}
	}
	return (0);
}

/*
 * The canonical text of an address range, ADDRESS/BITS, with the bits
 * past the prefix cleared, as 10.1.2.3/8 is 10.0.0.0/8; a prefix of the
 * whole address is the address alone.  NULL if s is not a valid range
 * (*bad is set when it looks like one all the same: an address, a '/').
 */
char *
ban_canonical_range(const char *s, int *bad)
{
	u_char	 addr[16];
	char	 buf[INET6_ADDRSTRLEN], *out;
	int	 af, bits, rc;

	*bad = 0;
	if ((rc = ban_parse_range(s, &af, addr, &bits)) != 0) {
		*bad = rc == 1;
		return (NULL);
	}
	inet_ntop(af, addr, buf, sizeof buf);
	if (bits == (af == AF_INET ? 32 : 128))
		return (xstrdup(buf));
	xasprintf(&out, "%s/%d", buf, bits);
	return (out);
}

/* Is the canonical address ip inside the range key (ADDRESS/BITS)? */
static int
ban_in_range(const char *key, const char *ip)
{
	u_char	net[16], a[16];
	int	af, bits, i;

	if (ban_parse_range(key, &af, net, &bits) != 0)
		return (0);
	memset(a, 0, sizeof a);
	if (inet_pton(af, ip, a) != 1)
		return (0);
	for (i = 0; bits > 0; i++, bits -= 8) {
		if (bits >= 8 ? a[i] != net[i] :
		    (a[i] & (u_char)(0xff00 >> bits)) != net[i])
			return (0);
	}
	return (1);
}

/*
 * Does a ban on key (an address or a range) cover the canonical address
 * ip?  For the hub's own checks: at a connection, and at a new ban.
 */
int
ban_covers(const char *key, const char *ip)
{
	if (strchr(key, '/') != NULL)
		return (ban_in_range(key, ip));
	return (strcmp(key, ip) == 0);
}

/*
 * The key an entry is found by: a canonical address or range, or a
 * folded nick.
 */
char *
ban_key(int kind, const char *target)
{
	char	*key;
	int	 bad;

	if (kind != BAN_IP)
		return (utf8_casefold(target));
	if ((key = ban_canonical_address(target)) == NULL &&
	    (key = ban_canonical_range(target, &bad)) == NULL)
		key = xstrdup(target);
	return (key);
}

/*
 * Does an entry apply to this kind and target (nick or address)?  An
 * address is matched by a ban on it or on a range that holds it.
 */
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
	if (kind == BAN_IP)
		same = ban_covers(b->target, key);
	else
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

/*
 * Add (or replace) an entry; until is 0 for ever, set is when it was set
 * (0: now), so that the cluster keeps the newer of a ban and its lifting.
 */
int
ban_add(int kind, const char *target, int64_t until, const char *reason,
    const char *by, int64_t set)
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
	b->set = set != 0 ? set : now_ms();
	server_mark_dirty();
	ban_arm();
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
	ban_arm();
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
		b->set = ban_list[i].set;
	}
	cluster_ban_to_hist(h);
}

/*
 * Take the entries of a loaded history.  Those that ended while the hub
 * was down are logged and left out, and the journal says so, so that the
 * next start does not log them again.  One that ends more than a year
 * from now (an older hub took any duration: 99999d ran to the year 2300)
 * is brought to the limit a new one gets, with a line in the log.
 */
void
ban_from_hist(struct hist *h)
{
	struct hist_ban	*b;
	int64_t		 now = now_ms();
	size_t		 i;
	u_int		 changed = 0;
	char		 was[64], end[64];

	for (i = 0; i < h->nbans; i++) {
		b = &h->bans[i];
		if (b->until != 0 && b->until <= now) {
			ban_log_end(b, " while the hub was down");
			metrics.bans_ended[b->kind == BAN_MUTE]++;
			changed++;
			continue;
		}
		if (b->until > now + PROTO_DURATION_MAX) {
			ban_end(b, was, sizeof was);
			b->until = now + PROTO_DURATION_MAX;
			ban_end(b, end, sizeof end);
			log_info("the %s on %s ran to %s, past the 365d limit: "
			    "it ends %s (set by %s)", b->kind == BAN_MUTE ?
			    "mute" : "ban", b->target, was, end, b->by);
			changed++;
		}
		ban_add(b->kind, b->target, b->until, b->reason, b->by,
		    b->set != 0 ? b->set : 1);
	}
	cluster_ban_from_hist(h);
	if (changed > 0)
		history_journal_bans();
}

/* Say in the log that a ban or a mute ran out, and who had set it. */
static void
ban_log_end(const struct hist_ban *b, const char *when)
{
	if (b->kind == BAN_MUTE)
		log_info("the mute on %s ended%s (set by %s)", b->target,
		    when, b->by);
	else
		log_info("the ban on %s ended%s (set by %s: %s)", b->target,
		    when, b->by, b->reason);
}

/*
 * Forget the bans and mutes whose time is up, each with a line in the log:
 * the audit trail says when each ended, as it says who set it.  A user
 * whose mute ended is told, as when an operator lifts it.  The journal
 * forgets them too, or a restart would log them again.
 */
void
ban_expire(int64_t now)
{
	struct hist_ban	*b;
	struct session	*s;
	u_int		 i = 0, ended = 0;

	while (i < ban_n) {
		b = &ban_list[i];
		if (b->until == 0 || b->until > now) {
			i++;
			continue;
		}
		ban_log_end(b, "");
		metrics.bans_ended[b->kind == BAN_MUTE]++;
		if (b->kind == BAN_MUTE &&
		    (s = session_find_nick(b->target)) != NULL &&
		    s->client != NULL)
			server_client_notice(s->client, "mute_ended", s->nick);
		free(b->target);
		free(b->reason);
		free(b->by);
		ban_list[i] = ban_list[--ban_n];
		ended++;
	}
	if (ended > 0)
		history_journal_bans();
	ban_arm();
}

/* The first end to come is here: those due end now, not at a tick. */
static void
ban_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	ban_expire(now_ms());
}

/*
 * Wake at the first end to come, so that a muted user is told at the end
 * of the mute, not at the next flush tick (which still expires what a
 * clock step made due).  At most an hour at a time, as the wall clock the
 * ends are kept in may step meanwhile.
 */
static void
ban_arm(void)
{
	struct timeval	tv;
	int64_t		first = 0, wait;
	u_int		i;

	if (ban_done || server_base() == NULL)
		return;
	if (ban_timer == NULL &&
	    (ban_timer = evtimer_new(server_base(), ban_timer_cb, NULL)) ==
	    NULL)
		fatalx("evtimer_new failed");
	evtimer_del(ban_timer);
	for (i = 0; i < ban_n; i++) {
		if (ban_list[i].until != 0 &&
		    (first == 0 || ban_list[i].until < first))
			first = ban_list[i].until;
	}
	if (first == 0)
		return;
	/* A millisecond after: the entry ends at until (until <= now). */
	wait = first - now_ms() + 1;
	if (wait < 1)
		wait = 1;
	if (wait > 3600 * 1000)
		wait = 3600 * 1000;
	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	evtimer_add(ban_timer, &tv);
}

/* Free every entry (at exit). */
void
ban_free_all(void)
{
	ban_done = 1;
	if (ban_timer != NULL)
		event_free(ban_timer);
	ban_timer = NULL;
	while (ban_n > 0)
		ban_remove(ban_list[0].kind, ban_list[0].target);
	free(ban_list);
	ban_list = NULL;
	ban_done = 0;		/* the fuzzer adds more on the same loop */
}

/*
 * The reason an operator gave for a ban or a mute, or NULL: the hub keeps
 * "" when none was given ("banned" in the files and Redis of older hubs).
 */
const char *
ban_reason(const struct hist_ban *b)
{
	if (b->reason == NULL || *b->reason == '\0' ||
	    strcmp(b->reason, "banned") == 0)
		return (NULL);
	return (b->reason);
}

/*
 * The end of a ban or a mute for users, in UTC as the hub cannot know
 * their time zone ("2026-12-02 14:30 UTC"), into buf; "" if it has none.
 */
void
ban_end(const struct hist_ban *b, char *buf, size_t len)
{
	*buf = '\0';
	if (b->until != 0)
		util_utc(b->until, buf, len);
}

/*
 * Why a banned nick or address is refused, for the user: "the nick bob
 * is banned until 2026-12-02 14:30 UTC: spam", or ": no reason given",
 * so that none is not taken for one lost on the way.  Without its end, a
 * user cannot tell a ban of an hour from one for good, and tries again
 * and again.
 */
char *
ban_refusal(const struct hist_ban *b, const char *who)
{
	char	 end[64], when[80] = "";
	char	*out;

	ban_end(b, end, sizeof end);
	if (*end != '\0')
		snprintf(when, sizeof when, " until %s", end);
	if (ban_reason(b) == NULL)
		xasprintf(&out, "%s is banned%s: no reason given", who, when);
	else
		xasprintf(&out, "%s is banned%s: %s", who, when,
		    ban_reason(b));
	return (out);
}
