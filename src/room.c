/* SPDX-License-Identifier: ISC */
/* room.c: rooms, their members and fan-out of encoded frames. */

#include <sys/types.h>

#include <limits.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * Rooms live in a list in order of their numbers, in an array in the same
 * order for finding a number by binary search, and in a tree keyed by
 * case-folded name.  A room's number (seq) is given when it is made, one
 * more than the highest given before, and is never given again: the
 * history file and the journal keep each room's number and the highest
 * given, so a number names one room for as long as it lives, across
 * restarts and crashes too.  A room outlives its members: its history and
 * topic stay.
 */
struct rooms	 room_list = TAILQ_HEAD_INITIALIZER(room_list);
static void	*room_tree;
static struct room **room_index;	/* by seq, room_n of them */
static u_int	 room_n;
static u_int	 room_nalloc;
static uint64_t	 room_seq;		/* the highest number given */

static int	room_cmp(const void *, const void *);
static u_int	room_index_at(uint64_t);
static struct room *room_make(const char *, const char *, int64_t, uint64_t);
static void	room_free(struct room *);
static void	room_cursor_gone(struct room *, int, u_int);

/* Order rooms by case-folded name. */
static int
room_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct room *)a)->key,
	    ((const struct room *)b)->key));
}

/* The place in room_index of the first room numbered seq or more. */
static u_int
room_index_at(uint64_t seq)
{
	u_int	lo = 0, hi = room_n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (room_index[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * Set a room's topic, and who set it when (by NULL or at 0: not known, as
 * in a history from before they were kept); an empty topic has neither.
 */
void
room_set_topic(struct room *room, const char *topic, const char *by,
    int64_t at)
{
	if (topic != room->topic) {
		free(room->topic);
		room->topic = xstrdup(topic);
	}
	free(room->topic_by);
	room->topic_by = NULL;
	room->topic_at = 0;
	if (*room->topic != '\0' && by != NULL && *by != '\0' && at > 0) {
		room->topic_by = xstrdup(by);
		room->topic_at = at;
	}
}

/*
 * Make a room numbered seq, which no room has: in the list and the index
 * at its number's place (the end, but for rooms loaded out of order).
 */
static struct room *
room_make(const char *name, const char *topic, int64_t created, uint64_t seq)
{
	struct room	*room;
	u_int		 at;

	room = xcalloc(1, sizeof *room);
	room->name = xstrdup(name);
	room->key = utf8_casefold(name);
	room->topic = xstrdup(topic != NULL ? topic : "");
	room->created = created;
	room->active = created;
	room->seq = seq;
	if (seq > room_seq)
		room_seq = seq;
	LIST_INIT(&room->cursors);
	ring_init(&room->ring, server_options()->history_size);
	ring_set_budget(&room->ring, server_options()->room_history_bytes);
	if (tsearch(room, &room_tree, room_cmp) == NULL)
		fatalx("tsearch failed");
	if (room_n == room_nalloc) {
		room_nalloc = room_nalloc == 0 ? 64 : room_nalloc * 2;
		room_index = xreallocarray(room_index, room_nalloc,
		    sizeof *room_index);
	}
	at = room_index_at(seq);
	memmove(room_index + at + 1, room_index + at,
	    (room_n - at) * sizeof *room_index);
	room_index[at] = room;
	if (at == 0)
		TAILQ_INSERT_HEAD(&room_list, room, entry);
	else
		TAILQ_INSERT_AFTER(&room_list, room_index[at - 1], room, entry);
	room_n++;
	return (room);
}

/*
 * Create a room; the name must be valid and free.  Its number is
 * journalled at once, before anyone can see it.
 */
struct room *
room_create(const char *name, const char *topic, int64_t created)
{
	struct room	*room;

	if (room_seq >= CR_ROOM_NUMBER_MAX)
		fatalx("no room number left");
	room = room_make(name, topic, created, room_seq + 1);
	history_journal_room(room);
	log_info("room %s created, number %llu", name,
	    (unsigned long long)room->seq);
	return (room);
}

/* The highest room number given so far. */
uint64_t
room_last_seq(void)
{
	return (room_seq);
}

/* Find a room by name, ignoring case. */
struct room *
room_find(const char *name)
{
	struct room	 find, **found;

	find.key = utf8_casefold(name);
	found = tfind(&find, &room_tree, room_cmp);
	free(find.key);
	return (found != NULL ? *found : NULL);
}

/* Find a room by the number /rooms shows (its seq); NULL if it went. */
struct room *
room_by_seq(uint64_t seq)
{
	struct room	*room;

	if ((room = room_from_seq(seq)) == NULL || room->seq != seq)
		return (NULL);
	return (room);
}

/*
 * The room numbered seq, or if it went, the first room made after it: where
 * a list that stopped at room seq goes on.  NULL if there is none.
 */
struct room *
room_from_seq(uint64_t seq)
{
	u_int	at;

	at = room_index_at(seq);
	return (at < room_n ? room_index[at] : NULL);
}

/* How many rooms there are. */
u_int
room_count(void)
{
	return (room_n);
}

/* Is the session a member? */
int
room_has(struct room *room, struct session *s)
{
	u_int	i;

	for (i = 0; i < s->nrooms; i++) {
		if (s->rooms[i] == room)
			return (1);
	}
	return (0);
}

/* Add a member; fails if the room or the session is full. */
int
room_add(struct room *room, struct session *s)
{
	if (room_has(room, s))
		return (0);
	if (room->nmembers >= CR_MEMBERS_PER_ROOM ||
	    s->nrooms >= CR_ROOMS_PER_CLIENT)
		return (-1);
	if (room->nmembers == room->amembers) {
		room->amembers = room->amembers == 0 ? 8 : room->amembers * 2;
		room->members = xreallocarray(room->members, room->amembers,
		    sizeof *room->members);
	}
	room->members[room->nmembers++] = s;
	s->rooms = xreallocarray(s->rooms, s->nrooms + 1, sizeof *s->rooms);
	s->rooms[s->nrooms++] = room;
	server_mark_dirty();	/* sessions' rooms are in the history file */
	return (0);
}

/* Remove a member, keeping the order of the others. */
int
room_remove(struct room *room, struct session *s)
{
	u_int	i;

	for (i = 0; i < room->nmembers; i++) {
		if (room->members[i] == s)
			break;
	}
	if (i == room->nmembers)
		return (-1);
	room_cursor_gone(room, 0, i);
	memmove(&room->members[i], &room->members[i + 1],
	    (room->nmembers - i - 1) * sizeof *room->members);
	if (--room->nmembers == 0)
		room->active = now_ms();	/* empty from now: see room_expire */
	for (i = 0; i < s->nrooms; i++) {
		if (s->rooms[i] == room)
			break;
	}
	if (i < s->nrooms) {
		memmove(&s->rooms[i], &s->rooms[i + 1],
		    (s->nrooms - i - 1) * sizeof *s->rooms);
		if (s->resume_ids != NULL) {
			memmove(&s->resume_ids[i], &s->resume_ids[i + 1],
			    (s->nrooms - i - 1) * sizeof *s->resume_ids);
		}
		s->nrooms--;
	}
	server_mark_dirty();
	return (0);
}

/*
 * Deliver an event known as JSON bytes (from another hub) to every
 * member: the same bytes to those that speak JSON, the event decoded
 * once and encoded once per variant for the others.
 */
void
room_fanout(struct room *room, const char *line, size_t len,
    const char *host)
{
	struct server_event	out;

	server_event_init_json(&out, line, len);
	out.host = host;
	server_event_members(&out, room->members, room->nmembers, NULL);
	server_event_free(&out);
}

/*
 * A message said in the room, here or on another hub: store it (in id
 * order; a late one from another hub goes where its id belongs), deliver
 * its shared bytes to every member and journal it.  The
 * room takes its own reference.  A message the room already has (a
 * cluster resynchronisation may bring it twice) or one older than all a
 * full ring holds is neither kept nor delivered: -1.
 */
int
room_say(struct room *room, struct message *m)
{
	struct hub_event	ev;
	struct server_event	out;

	if (ring_has(&room->ring, m->id))
		return (-1);
	message_ref(m);
	if (ring_insert(&room->ring, m) != 0) {
		message_unref(m);
		return (-1);
	}
	metrics.delivered[MSG_KIND(m->kind)] += room->nmembers;
	if (m->ts > room->active)
		room->active = m->ts;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_MSG;
	ev.id = m->id;
	ev.ts = m->ts;
	ev.room = room->name;
	ev.nick = m->nick;
	ev.text = m->text;
	ev.action = MSG_KIND(m->kind) == MSG_ACTION;
	ev.notice = (m->kind & MSG_NOTICE) != 0;
	ev.image = m->image;
	ev.tags = m->tags;
	ev.host = server_irc_origin(m->hub, m->host);
	server_event_init_shared(&out, &ev, m->line, m->linelen);
	/* Its frame lives until the pass's output is out: sent uncopied. */
	message_ref(m);
	if (peer_pin(message_unpin, m) == 0)
		out.pinned = 1;
	else
		message_unref(m);
	server_event_members(&out, room->members, room->nmembers, NULL);
	server_event_free(&out);
	history_journal_message(room, m);
	return (0);
}

/* Members on this hub and (in a cluster) on the others. */
u_int
room_size(struct room *room)
{
	return (room->nmembers + room->nremote);
}

/* The i-th member's nick, local members first. */
const char *
room_member_nick(struct room *room, u_int i)
{
	if (i < room->nmembers)
		return (room->members[i]->nick);
	return (room->remote[i - room->nmembers].nick);
}

/* The nicks of up to max members, local first, in an array to free. */
const char **
room_member_nicks(struct room *room, u_int max, size_t *n)
{
	const char	**nicks;
	u_int		  i;

	*n = room_size(room) < max ? room_size(room) : max;
	nicks = xcalloc(*n + 1, sizeof *nicks);
	for (i = 0; i < *n; i++)
		nicks[i] = room_member_nick(room, i);
	return (nicks);
}

/* Note a member on another hub (replacing an older entry for the nick). */
void
room_remote_add(struct room *room, const char *nick, const char *hub)
{
	struct rmember	*rm;

	if (session_find_nick(nick) != NULL)
		return;
	room_remote_remove(room, nick);
	room->remote = xreallocarray(room->remote, room->nremote + 1,
	    sizeof *room->remote);
	rm = &room->remote[room->nremote++];
	rm->nick = xstrdup(nick);
	rm->key = utf8_casefold(nick);
	rm->hub = xstrdup(hub);
}

/* Forget one remote member entry. */
static void
room_remote_delete(struct room *room, u_int i)
{
	room_cursor_gone(room, 1, i);
	free(room->remote[i].nick);
	free(room->remote[i].key);
	free(room->remote[i].hub);
	memmove(&room->remote[i], &room->remote[i + 1],
	    (room->nremote - i - 1) * sizeof *room->remote);
	room->nremote--;
}

/* The hub a member on another hub is on, or NULL if not a member. */
const char *
room_remote_hub(struct room *room, const char *nick)
{
	char	*key = utf8_casefold(nick);
	u_int	 i;

	for (i = 0; i < room->nremote; i++) {
		if (strcmp(room->remote[i].key, key) == 0) {
			free(key);
			return (room->remote[i].hub);
		}
	}
	free(key);
	return (NULL);
}

/* A member on another hub left; 0 if it was there. */
int
room_remote_remove(struct room *room, const char *nick)
{
	char	*key = utf8_casefold(nick);
	u_int	 i;

	for (i = 0; i < room->nremote; i++) {
		if (strcmp(room->remote[i].key, key) == 0) {
			room_remote_delete(room, i);
			free(key);
			return (0);
		}
	}
	free(key);
	return (-1);
}

/* A member on another hub is on another one now; 0 if it was there. */
int
room_remote_rehome(struct room *room, const char *nick, const char *hub)
{
	char	*key = utf8_casefold(nick);
	u_int	 i;

	for (i = 0; i < room->nremote; i++) {
		if (strcmp(room->remote[i].key, key) == 0) {
			free(room->remote[i].hub);
			room->remote[i].hub = xstrdup(hub);
			free(key);
			return (0);
		}
	}
	free(key);
	return (-1);
}

/*
 * A member on another hub changed nick: its entry keeps its place, so a
 * member list on its way (see room_replay) neither skips nor repeats it.
 * 0 if the old nick was there.
 */
int
room_remote_rename(struct room *room, const char *old, const char *nick)
{
	char	*key = utf8_casefold(old), *nkey = utf8_casefold(nick);
	u_int	 i, j;

	for (i = 0; i < room->nremote; i++) {
		if (strcmp(room->remote[i].key, key) == 0)
			break;
	}
	free(key);
	if (i == room->nremote || session_find_nick(nick) != NULL) {
		free(nkey);
		if (i == room->nremote)
			return (-1);
		room_remote_delete(room, i);
		return (0);
	}
	for (j = 0; j < room->nremote; j++) {
		if (j != i && strcmp(room->remote[j].key, nkey) == 0) {
			room_remote_delete(room, j);
			if (j < i)
				i--;
			break;
		}
	}
	free(room->remote[i].nick);
	free(room->remote[i].key);
	room->remote[i].nick = xstrdup(nick);
	room->remote[i].key = nkey;
	return (0);
}

/* Forget every remote member (before reloading them from Redis). */
void
room_remote_clear(void)
{
	struct room	*room;

	TAILQ_FOREACH(room, &room_list, entry) {
		while (room->nremote > 0)
			room_remote_delete(room, room->nremote - 1);
	}
}

/*
 * A hub died or shut down (the reason says which): its users sign off.
 * Each local user sharing a room with one of them is told once.
 */
void
room_remote_drop_hub(const char *hub, const char *reason)
{
	struct room		*room, *r2, **rooms = NULL;
	struct hub_event	 ev;
	struct server_event	 out;
	char			*nick;
	u_int			 i, j, n;

	TAILQ_FOREACH(room, &room_list, entry) {
		i = 0;
		while (i < room->nremote) {
			if (strcmp(room->remote[i].hub, hub) != 0) {
				i++;
				continue;
			}
			nick = xstrdup(room->remote[i].nick);
			n = 0;
			for (r2 = room; r2 != NULL; r2 = TAILQ_NEXT(r2, entry)) {
				for (j = 0; j < r2->nremote; j++) {
					if (strcmp(r2->remote[j].hub, hub) != 0 ||
					    strcmp(r2->remote[j].nick, nick) != 0)
						continue;
					rooms = xreallocarray(rooms, n + 1,
					    sizeof *rooms);
					rooms[n++] = r2;
					room_remote_delete(r2, j);
					break;
				}
			}
			memset(&ev, 0, sizeof ev);
			ev.type = PROTO_SIGNOFF;
			ev.nick = nick;
			ev.host = server_irc_hub_name(hub);
			ev.ts = now_ms();
			ev.reason = reason;
			server_event_init(&out, &ev);
			session_fanout_rooms(rooms, n, &out);
			server_event_free(&out);
			free(nick);
		}
	}
	free(rooms);
}

/*
 * Start a list of a room's members at its first.  Each page is made from
 * the members as they are then, going on from where the one before
 * stopped.  Someone who joins meanwhile is in a later page; someone who
 * leaves is in no later one: with the joined and left frames sent after
 * the list, a client ends with the members as they are.
 */
void
room_cursor_start(struct room_cursor *cur, struct room *room)
{
	cur->room = room;
	cur->local = cur->remote = 0;
	LIST_INSERT_HEAD(&room->cursors, cur, entry);
}

/* The list is done (or the room gone): the room forgets the cursor. */
void
room_cursor_stop(struct room_cursor *cur)
{
	if (cur->room == NULL)
		return;
	LIST_REMOVE(cur, entry);
	cur->room = NULL;
}

/* A member left a room: cursors past its place go back by one. */
static void
room_cursor_gone(struct room *room, int remote, u_int i)
{
	struct room_cursor	*cur;

	LIST_FOREACH(cur, &room->cursors, entry) {
		if (remote && i < cur->remote)
			cur->remote--;
		else if (!remote && i < cur->local)
			cur->local--;
	}
}

/*
 * The next page of members, about size bytes of names (local members
 * first, with those away and those lost; of the others, those their hubs
 * said are away).
 * 1 if more follow; else the cursor is stopped.
 */
int
room_cursor_page(struct room_cursor *cur, size_t size, struct room_page *pg)
{
	struct room	*room = cur->room;
	struct session	*s;
	struct rmember	*rm;
	size_t		 put = 0, max;

	memset(pg, 0, sizeof *pg);
	max = room != NULL ? room_size(room) : 0;
	if (max > size / 4 + 1)		/* each costs 4 bytes or more */
		max = size / 4 + 1;
	pg->nicks = xcalloc(max + 1, sizeof *pg->nicks);
	pg->away = xcalloc(max + 1, sizeof *pg->away);
	pg->lost = xcalloc(max + 1, sizeof *pg->lost);
	if (room == NULL)
		return (0);
	while (cur->local < room->nmembers && put < size && pg->n < max) {
		s = room->members[cur->local++];
		pg->nicks[pg->n++] = s->nick;
		if (s->away != NULL)
			pg->away[pg->naway++] = s->nick;
		/* Lost, or kept over a restart and not resumed yet. */
		if (s->client == NULL)
			pg->lost[pg->nlost++] = s->nick;
		put += 4 + strlen(s->nick);
	}
	while (cur->remote < room->nremote && put < size && pg->n < max) {
		rm = &room->remote[cur->remote++];
		pg->nicks[pg->n++] = rm->nick;
		if (server_backend()->away != NULL &&
		    server_backend()->away(rm->key, rm->hub) != NULL)
			pg->away[pg->naway++] = rm->nick;
		put += 4 + strlen(rm->nick);
	}
	if (cur->local < room->nmembers || cur->remote < room->nremote)
		return (1);
	room_cursor_stop(cur);
	return (0);
}

/*
 * A replay on its way to one connection: the room's frame, the stored
 * messages it had when asked (held by reference) and history_end, made
 * as the connection drains (see peer_add_source).  Live frames for the
 * member wait behind it, so the order is the one a client expects.
 * A big room's members come in pages: the room frame has the first ones
 * and "more", room_members frames the others, the last without "more".
 */
struct room_replay {
	char		 *name;
	struct room_cursor cur;		/* the members to send */
	int		  codec;
	int		  resumed;
	int		  gap;		/* it let go of some after after_id */
	u_int		  missed;	/* how many, 0 if not known */
	int		  started;	/* the room frame is out */
	int		  more;		/* and the last page is not */
	struct message	**msgs;
	u_int		  n;
	u_int		  next;
};

static int	room_replay_fill(struct peer *, size_t, void *);
static void	room_replay_free(void *);
static void	room_replay_event(struct peer *, int,
		    const struct hub_event *);
static void	room_replay_members(struct peer *, struct room_replay *,
		    size_t);

/*
 * Send a member the room's state, then up to max stored messages newer
 * than after_id (replay on join, or what was missed on resume), framed by
 * "room" (with the count) and "history_end".  However much that is, it
 * is made as the member reads it: only what the member leaves unread
 * counts against its send queue.  On resume the room frame says if the
 * room let go of messages after after_id (a gap before the replay) and,
 * when known, how many; a join (after_id 0) asked for the latest only.
 */
void
room_replay(struct room *room, struct session *s, u_int max, uint64_t after_id)
{
	struct room_replay	*rr;
	u_int			 first, i;

	if (s->peer == NULL)
		return;
	first = ring_since(&room->ring, after_id);
	if (room->ring.count - first > max)
		first = room->ring.count - max;
	if (s->codec != SERVER_CODEC_JSON) {
		server_irc_replay(room, s, first);
		return;
	}

	rr = xcalloc(1, sizeof *rr);
	rr->name = xstrdup(room->name);
	room_cursor_start(&rr->cur, room);
	rr->codec = s->codec;
	rr->resumed = after_id > 0;
	if (after_id > 0)
		rr->gap = ring_missed(&room->ring, after_id, &rr->missed);
	rr->n = room->ring.count - first;
	rr->msgs = xcalloc(rr->n > 0 ? rr->n : 1, sizeof *rr->msgs);
	for (i = 0; i < rr->n; i++) {
		rr->msgs[i] = ring_get(&room->ring, first + i);
		message_ref(rr->msgs[i]);
	}
	peer_add_source(s->peer, room_replay_fill, room_replay_free, rr);
}

/* Encode an event for a replay's connection and put it out. */
static void
room_replay_event(struct peer *peer, int codec, const struct hub_event *ev)
{
	static struct jbuf	jb;	/* scratch; the loop's thread only */

	if (jb.buf == NULL)
		jbuf_init(&jb);
	server_event_encode(codec, &jb, ev);
	metrics.sent_bytes += jb.len;
	peer_emit(peer, jb.buf, jb.len);
}

/*
 * Put the next page of members, about size bytes of them: the room frame
 * first, then room_members frames; the last page says no "more" (an
 * empty one if the room went meanwhile).
 */
static void
room_replay_members(struct peer *peer, struct room_replay *rr, size_t size)
{
	struct hub_event	 ev;
	struct room_page	 pg;

	memset(&ev, 0, sizeof ev);
	ev.type = rr->started ? PROTO_ROOM_MEMBERS : PROTO_ROOM;
	ev.room = rr->name;
	ev.text = "";
	if (rr->cur.room != NULL) {
		ev.room = rr->cur.room->name;
		ev.text = rr->cur.room->topic;
	}
	ev.count = rr->n;
	ev.resumed = rr->resumed;
	ev.gap = rr->gap;
	ev.missed = rr->missed;
	ev.more = room_cursor_page(&rr->cur, size, &pg);
	ev.members = pg.nicks;
	ev.nmembers = pg.n;
	ev.away_members = pg.away;
	ev.naway = pg.naway;
	ev.lost_members = pg.lost;
	ev.nlost = pg.nlost;
	rr->started = 1;
	rr->more = ev.more;
	room_replay_event(peer, rr->codec, &ev);
	free(pg.nicks);
	free(pg.away);
	free(pg.lost);
}

/*
 * Put the next part of a replay: the room's frame and the pages of its
 * members, then messages up to about size bytes, then history_end.
 */
static int
room_replay_fill(struct peer *peer, size_t size, void *arg)
{
	struct room_replay	*rr = arg;
	struct message		*m;
	struct hub_event	 ev;
	size_t			 put = 0;

	if (!rr->started || rr->more) {
		room_replay_members(peer, rr, size);
		return (1);
	}
	while (rr->next < rr->n && put < size) {
		m = rr->msgs[rr->next];
		rr->msgs[rr->next++] = NULL;
		metrics.sent_bytes += m->linelen;
		peer_emit(peer, m->line, m->linelen);
		put += m->linelen;
		message_unref(m);
	}
	if (rr->next < rr->n)
		return (1);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_HISTORY_END;
	ev.room = rr->name;
	room_replay_event(peer, rr->codec, &ev);
	return (0);
}

/* Free a replay, with the references it still holds. */
static void
room_replay_free(void *arg)
{
	struct room_replay	*rr = arg;
	u_int			 i;

	room_cursor_stop(&rr->cur);
	for (i = rr->next; i < rr->n; i++)
		message_unref(rr->msgs[i]);
	free(rr->msgs);
	free(rr->name);
	free(rr);
}

/*
 * Copy the rooms into a history for saving.  The rings are copied as
 * arrays of pointers, borrowed without references (see message_hold), so
 * a snapshot of 100,000 messages costs a few memcpy calls in the loop.
 */
void
room_to_hist(struct hist *h)
{
	struct room		*room;
	struct hist_room	*hr;

	h->borrowed = 1;
	h->room_seq = room_seq;
	h->nrooms = room_n;
	h->rooms = xcalloc(room_n > 0 ? room_n : 1, sizeof *h->rooms);
	hr = h->rooms;
	TAILQ_FOREACH(room, &room_list, entry) {
		hr->name = xstrdup(room->name);
		hr->topic = xstrdup(room->topic);
		if (room->topic_by != NULL)
			hr->topic_by = xstrdup(room->topic_by);
		hr->topic_at = room->topic_at;
		hr->created = room->created;
		hr->seq = room->seq;
		ring_borrow(&hr->ring, &room->ring);
		hr++;
	}
}

/*
 * Create the rooms of a loaded history, taking over its messages.  Each
 * keeps its number; one without (a file from before numbers were kept,
 * or a room only a journal's message names), with a bad one or with one
 * an earlier room has gets a new one, above every number given.  Returns
 * how many got one, for the file to be saved with them.
 */
u_int
room_from_hist(struct hist *h, u_int size)
{
	struct hist_room	*hr;
	struct room		*room, *other;
	u_int			 i, first;
	size_t			 j;
	u_int			 unnumbered = 0, mended = 0;

	if (h->room_seq > room_seq)
		room_seq = h->room_seq;
	for (j = 0; j < h->nrooms; j++) {
		if (h->rooms[j].seq > room_seq)
			room_seq = h->rooms[j].seq;
	}
	for (j = 0; j < h->nrooms; j++) {
		hr = &h->rooms[j];
		if ((room = room_find(hr->name)) != NULL)
			goto messages;
		other = hr->seq != 0 ? room_by_seq(hr->seq) : NULL;
		if (hr->seq == 0 && !hr->seq_bad) {
			unnumbered++;
			room = room_make(hr->name, hr->topic, hr->created,
			    room_seq + 1);
		} else if (other != NULL || hr->seq_bad) {
			room = room_make(hr->name, hr->topic, hr->created,
			    room_seq + 1);
			if (other != NULL)
				log_warnx("history: room %s has number %llu, "
				    "as room %s has: it is now number %llu",
				    hr->name, (unsigned long long)hr->seq,
				    other->name,
				    (unsigned long long)room->seq);
			else
				log_warnx("history: room %s has a bad number "
				    "(not a whole number from 1 to %lld): it "
				    "is now number %llu", hr->name,
				    CR_ROOM_NUMBER_MAX,
				    (unsigned long long)room->seq);
			mended++;
		} else
			room = room_make(hr->name, hr->topic, hr->created,
			    hr->seq);
		if (hr->topic_by != NULL && strcmp(room->topic, hr->topic) == 0)
			room_set_topic(room, hr->topic, hr->topic_by,
			    hr->topic_at);
	messages:
		/* What the room lets go of here, or let go before, is gone. */
		first = hr->ring.count > size ? hr->ring.count - size : 0;
		if (first > 0 && ring_get(&hr->ring, first - 1)->id >
		    room->ring.gone)
			room->ring.gone = ring_get(&hr->ring, first - 1)->id;
		if (hr->ring.gone > room->ring.gone)
			room->ring.gone = hr->ring.gone;
		/* How many went before is not known: no number for them. */
		if (room->ring.gone > room->ring.lost_floor)
			room->ring.lost_floor = room->ring.gone;
		for (i = first; i < hr->ring.count; i++) {
			message_ref(ring_get(&hr->ring, i));
			ring_push(&room->ring, ring_get(&hr->ring, i));
			if (ring_get(&hr->ring, i)->ts > room->active)
				room->active = ring_get(&hr->ring, i)->ts;
		}
	}
	if (unnumbered > 0)
		log_info("history: %u room%s had no number (written by an "
		    "older version): numbered in their order, up to %llu",
		    unnumbered, unnumbered == 1 ? "" : "s",
		    (unsigned long long)room_seq);
	return (unnumbered + mended);
}

/* Free a room taken out of the index (and its history). */
static void
room_free(struct room *room)
{
	while (!LIST_EMPTY(&room->cursors))
		room_cursor_stop(LIST_FIRST(&room->cursors));
	TAILQ_REMOVE(&room_list, room, entry);
	tdelete(room, &room_tree, room_cmp);
	ring_free(&room->ring);
	while (room->nremote > 0)
		room_remote_delete(room, room->nremote - 1);
	free(room->remote);
	free(room->members);
	free(room->name);
	free(room->key);
	free(room->topic);
	free(room->topic_by);
	free(room);
	server_mark_dirty();
}

/* Free a room no session is in (and its history). */
void
room_destroy(struct room *room)
{
	u_int	at;

	at = room_index_at(room->seq);
	if (at == room_n || room_index[at] != room)
		fatalx("room %s not in the index", room->name);
	memmove(room_index + at, room_index + at + 1,
	    (room_n - at - 1) * sizeof *room_index);
	room_n--;
	room_free(room);
}

/*
 * Rooms nobody is in and nobody spoke in for idle milliseconds go, with
 * their history (the lobby stays): so rooms made and left, or kept only
 * in the history file, do not use up the hub's CR_ROOMS_MAX for good.
 * Their numbers are not given again.  The index closes up once, in the
 * same pass.  Returns how many went.
 */
u_int
room_expire(int64_t now, int64_t idle)
{
	struct room	*room;
	u_int		 i, kept = 0, n = 0;

	for (i = 0; i < room_n; i++) {
		room = room_index[i];
		if (room_size(room) > 0 || now - room->active < idle ||
		    strcmp(room->key, CR_LOBBY) == 0) {
			room_index[kept++] = room;
			continue;
		}
		log_info("room %s expired: empty and quiet", room->name);
		room_free(room);
		metrics.rooms_expired++;
		n++;
	}
	room_n = kept;
	return (n);
}

/*
 * Free every room (at exit, so leak checkers stay quiet, or between a
 * fuzzer's runs): with no room left, numbering starts again from 1.
 */
void
room_free_all(void)
{
	struct room	*room;

	while ((room = TAILQ_LAST(&room_list, rooms)) != NULL)
		room_destroy(room);	/* the last: the index closes at once */
	free(room_index);
	room_index = NULL;
	room_n = room_nalloc = 0;
	room_seq = 0;
}
