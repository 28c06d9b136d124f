/* SPDX-License-Identifier: ISC */
/* history-journal.c: the append-only journal of changes beside the history. */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * The history file is a snapshot, rewritten whole in the background; the
 * journal holds what changed since, one JSON record a line:
 *	{"t":"msg","room":...,"id":...}	a message a room stored
 *	{"t":"room","name":...,"number":N}	a room made, and its number
 *	{"t":"ids","next":N}		ids below N may have been handed out
 *	{"t":"bans","bans":[...]}	the bans and mutes, after a change
 *	{"t":"topic","room":...,"topic":...}	a room's new topic
 *	{"version":1,...}		the state without messages (rooms,
 *					topics, claims, bans, sessions)
 * The messages a loop pass stores are written in one write, by an event
 * made active with the first of them, and before any of them can leave:
 * the acknowledgements and the members' copies are only queued when the
 * room stores a message, and sent by the peers' flush, which is moved
 * behind that event (peer_flush_behind), or by the write event of a
 * member whose output waited for its socket; a message to a room with
 * such a member is written at once (peer_writes_early).  So nothing
 * acknowledged or delivered is ever missing from the kernel's page cache:
 * a killed hub loses nothing.  A thread fdatasyncs the journal each flush
 * interval, which bounds what a crash of the machine loses.
 *
 * When a write fails (a full disk, a quota, an I/O error), the records
 * wait in memory, up to an eighth of --history-bytes, and every write
 * tries them again (at most once a second, and each flush interval): the
 * first that succeeds writes them all.  Past the limit the hub refuses
 * new messages (PERR_STORAGE) rather than accept what it could lose.
 *
 * Journals are numbered, PATH.journal.N.  A snapshot starts journal N+1
 * and says "journal": N+1; once the snapshot is renamed into place the
 * older journals go.  At start the snapshot is read, then every journal
 * from its number on; a torn last record (a write the crash cut) is
 * ignored.  Ids are reserved ahead in blocks, each reservation synced
 * before any of its ids is handed out, so ids only ever rise.
 */

#define JOURNAL_ID_BLOCK	1024
#define JOURNAL_COMPACT_MIN	(4 * 1024 * 1024)
#define JOURNAL_RETRY_MS	1000	/* failing: try again at most so often */

static struct {
	char		*path;		/* the history file */
	char		*file;		/* the journal being appended to */
	int		 fd;		/* -1: no journal */
	uint64_t	 gen;
	off_t		 off;		/* end of the complete records */
	struct jbuf	 buf;		/* records waiting to be written */
	struct event	*write_ev;	/* the end of the pass */
	int		 scheduled;
	int		 failing;	/* the last write failed */
	int64_t		 tried;		/* when, in ms */
	size_t		 backlog_max;	/* bytes to keep while failing */
	u_int		 waiting;	/* messages in buf */
	uint64_t	 held_first;	/* the ids of the first and last */
	uint64_t	 held_last;
	int		 held;		/* other records in buf: */
#define JOURNAL_HELD_ROOM	0x1
#define JOURNAL_HELD_TOPIC	0x2
#define JOURNAL_HELD_BANS	0x4
#define JOURNAL_HELD_STATE	0x8
	int		 write_errno;	/* why the last write failed */
	u_int		 refused;	/* messages refused meanwhile */
	int		 refusing;	/* past backlog_max: said so */
	int		 state_wanted;	/* a state record is owed */
	int		 pending_old;	/* old journals wait for a snapshot */
	int		 changes;	/* records since the rotation */
	off_t		 snapshot_size;
	uint64_t	 ids_asked;	/* the reservation written */
	uint64_t	 ids_gen;	/* in this journal, */
	off_t		 ids_off;	/* ending here */
	uint64_t	 ids_durable;	/* the reservation synced */

	pthread_t	 thread;	/* the syncer */
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 running;
	int		 want;		/* a sync is asked for */
	int		 quit;
	int		 sync_fd;
	int		 old_fd;	/* the last journal: sync, close */
	int		 dir_sync;	/* a journal was created */
	uint64_t	 sync_gen;
	off_t		 sync_off;	/* what the asked sync covers */
	uint64_t	 synced_gen;
	off_t		 synced_off;	/* on disk up to here */
	int		 sync_errno;
	int		 sync_said;	/* the loop logged sync_errno */
} jr = { .fd = -1, .sync_fd = -1, .old_fd = -1 };

static int	 history_journal_gen_cmp(const void *, const void *);
static void	*history_journal_main(void *);
static void	 history_journal_write_cb(evutil_socket_t, short, void *);
static int	 history_journal_write(void);
static int	 history_journal_early(struct room *);
static void	 history_journal_retry(void);
static void	 history_journal_now(void);
static void	 history_journal_ask_sync(int);
static int	 history_journal_create(uint64_t, char **);

/* The name of journal gen beside the history file. */
char *
history_journal_name(const char *path, uint64_t gen)
{
	char	*name;

	xasprintf(&name, "%s.journal.%llu", path, (unsigned long long)gen);
	return (name);
}

/* Order journal numbers. */
static int
history_journal_gen_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/* The numbers of the journals beside the history file, in order. */
size_t
history_journal_list(const char *path, uint64_t **gens)
{
	glob_t		 g;
	char		*pattern, *end;
	const char	*p;
	size_t		 i, n = 0, plen = strlen(path) + strlen(".journal.");
	unsigned long long v;

	*gens = NULL;
	xasprintf(&pattern, "%s.journal.*", path);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		*gens = xcalloc(g.gl_pathc, sizeof **gens);
		for (i = 0; i < g.gl_pathc; i++) {
			p = g.gl_pathv[i] + plen;
			if (strlen(g.gl_pathv[i]) <= plen || *p < '0' ||
			    *p > '9')
				continue;
			errno = 0;
			v = strtoull(p, &end, 10);
			if (*end != '\0' || errno != 0)
				continue;
			(*gens)[n++] = v;
		}
	}
	globfree(&g);
	free(pattern);
	if (n > 0)
		qsort(*gens, n, sizeof **gens, history_journal_gen_cmp);
	return (n);
}

/* The syncer: fdatasync the journal when asked. */
static void *
history_journal_main(void *arg)
{
	int		 fd, old, dir, err, dfd;
	uint64_t	 gen;
	off_t		 off;
	char		*copy;

	pthread_mutex_lock(&jr.lock);
	for (;;) {
		while (!jr.want && !jr.quit)
			pthread_cond_wait(&jr.cond, &jr.lock);
		if (!jr.want)
			break;
		jr.want = 0;
		fd = jr.sync_fd;
		old = jr.old_fd;
		jr.old_fd = -1;
		dir = jr.dir_sync;
		jr.dir_sync = 0;
		gen = jr.sync_gen;
		off = jr.sync_off;
		pthread_mutex_unlock(&jr.lock);

		err = 0;
		if (old != -1) {
			if (fdatasync(old) != 0)
				err = errno;
			close(old);
		}
		if (dir) {
			copy = xstrdup(jr.path);
			if ((dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC)) != -1) {
				fsync(dfd);
				close(dfd);
			}
			free(copy);
		}
		if (fd != -1 && fdatasync(fd) != 0)
			err = errno;

		pthread_mutex_lock(&jr.lock);
		jr.sync_errno = err;
		if (err == 0 && (gen > jr.synced_gen ||
		    (gen == jr.synced_gen && off > jr.synced_off))) {
			jr.synced_gen = gen;
			jr.synced_off = off;
		}
		pthread_cond_broadcast(&jr.cond);
	}
	pthread_mutex_unlock(&jr.lock);
	return (NULL);
}

/* Create journal gen and append to it from now on. */
static int
history_journal_create(uint64_t gen, char **cause)
{
	char	*file;
	int	 fd;

	file = history_journal_name(jr.path, gen);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, "%s: %s", file, strerror(errno));
		free(file);
		return (-1);
	}
	free(jr.file);
	jr.file = file;
	jr.fd = fd;
	jr.gen = gen;
	jr.off = 0;
	return (0);
}

/*
 * Start the journal: create journal gen beside the history file and the
 * thread that syncs it.  Replayed journals wait for the next snapshot.
 */
int
history_journal_open(const char *path, uint64_t gen, int replayed,
    char **cause)
{
	struct stat	st;

	jr.path = xstrdup(path);
	if (history_journal_create(gen, cause) != 0) {
		free(jr.path);
		jr.path = NULL;
		return (-1);
	}
	jr.snapshot_size = stat(path, &st) == 0 ? st.st_size : 0;
	jr.pending_old = replayed;
	jr.backlog_max = server_options()->history_bytes / 8;
	jbuf_init(&jr.buf);
	jr.write_ev = event_new(server_base(), -1, 0,
	    history_journal_write_cb, NULL);
	pthread_mutex_init(&jr.lock, NULL);
	pthread_cond_init(&jr.cond, NULL);
	jr.sync_fd = jr.fd;
	jr.dir_sync = 1;
	if ((errno = pthread_create(&jr.thread, NULL, history_journal_main,
	    NULL)) != 0)
		fatal("pthread_create");
	jr.running = 1;
	history_journal_ask_sync(0);
	return (0);
}

/* Append the waiting records to the journal; -1 if that failed. */
static int
history_journal_write(void)
{
	size_t	done = 0;
	ssize_t	n;
	int	err;

	jr.scheduled = 0;
	if (jr.fd == -1 || jr.buf.len == 0)
		return (0);
	jr.tried = now_ms();
	while (done < jr.buf.len) {
		n = pwrite(jr.fd, jr.buf.buf + done, jr.buf.len - done,
		    jr.off + done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		done += n;
	}
	jr.off += done;
	if (jr.failing) {
		log_info("journal %s written again: the %zu bytes of changes "
		    "(%u message%s) that waited in memory are written; %u "
		    "message%s refused meanwhile; messages are accepted "
		    "again", jr.file, done, jr.waiting, jr.waiting == 1 ? "" :
		    "s", jr.refused, jr.refused == 1 ? " was" : "s were");
	}
	jbuf_reset(&jr.buf);
	jr.failing = jr.refusing = 0;
	jr.waiting = jr.refused = 0;
	jr.held = 0;
	return (0);

fail:
	/* No torn record stays behind: the next try starts there. */
	err = errno;
	if (ftruncate(jr.fd, jr.off) != 0)
		log_debug("journal %s not truncated (the next write goes "
		    "over it): %s", jr.file, strerror(errno));
	metrics.journal_write_failures++;
	jr.write_errno = err;
	if (!jr.failing)
		log_warnx("journal %s not written: %s; %zu bytes of changes "
		    "wait in memory (at most %zu, then new messages are "
		    "refused) and are tried again with each message (at most "
		    "once a second) and each flush interval",
		    jr.file, strerror(err), jr.buf.len, jr.backlog_max);
	jr.failing = 1;
	return (-1);
}

/* The end of a loop pass that stored messages: write them. */
static void
history_journal_write_cb(evutil_socket_t fd, short what, void *arg)
{
	history_journal_write();
}

/* Could a copy of a message to the room be sent before the pass's end? */
static int
history_journal_early(struct room *room)
{
	u_int	i;

	for (i = 0; i < room->nmembers; i++) {
		if (room->members[i]->peer != NULL &&
		    peer_writes_early(room->members[i]->peer))
			return (1);
	}
	return (0);
}

/* The journal is failing: try again, at most once a second. */
static void
history_journal_retry(void)
{
	if (jr.failing && now_ms() - jr.tried >= JOURNAL_RETRY_MS)
		history_journal_write();
}

/*
 * Can the hub take a message it will store?  Not while changes it could
 * not write fill the memory allowed them: one that could be lost is
 * refused instead.
 */
int
history_journal_accepting(void)
{
	if (!jr.failing)
		return (1);
	history_journal_retry();
	if (!jr.failing || jr.buf.len < jr.backlog_max)
		return (1);
	if (!jr.refusing)
		log_warnx("journal %s still not written and %zu bytes of "
		    "changes wait in memory, the limit: new messages are "
		    "refused until it can be written", jr.file, jr.buf.len);
	jr.refusing = 1;
	jr.refused++;
	metrics.storage_refusals++;
	return (0);
}

/* Ask the syncer to make what is written so far durable. */
static void
history_journal_ask_sync(int wait)
{
	uint64_t	gen;
	off_t		off;

	if (!jr.running)
		return;
	pthread_mutex_lock(&jr.lock);
	jr.sync_fd = jr.fd;
	jr.sync_gen = gen = jr.gen;
	jr.sync_off = off = jr.off;
	jr.want = 1;
	pthread_cond_signal(&jr.cond);
	while (wait && (jr.synced_gen < gen || (jr.synced_gen == gen &&
	    jr.synced_off < off)) && (jr.want || jr.sync_errno == 0))
		pthread_cond_wait(&jr.cond, &jr.lock);
	pthread_mutex_unlock(&jr.lock);
}

/* Open a record of type t in the journal's buffer. */
static void
history_journal_begin(struct jbuf *jb, const char *t)
{
	jb->first = 1;
	jbuf_object_begin(jb, NULL);
	jbuf_str(jb, "t", t);
}

/* Close the record: one line. */
static void
history_journal_end(struct jbuf *jb)
{
	jbuf_object_end(jb);
	jbuf_add(jb, "\n", 1);
}

/*
 * Journal a message a room stored: written before its ack or a copy can
 * leave (at the end of the pass, or at once), or kept while the journal
 * fails.
 */
void
history_journal_message(struct room *room, const struct message *m)
{
	struct jbuf	*jb = &jr.buf;

	if (jr.fd == -1)
		return;
	history_journal_begin(jb, "msg");
	jbuf_str(jb, "room", room->name);
	jbuf_int(jb, "id", (long long)m->id);
	jbuf_int(jb, "ts", m->ts);
	jbuf_str(jb, "nick", m->nick);
	jbuf_str(jb, "text", m->text);
	if (MSG_KIND(m->kind) == MSG_ACTION)
		jbuf_str(jb, "kind", "action");
	else if (MSG_KIND(m->kind) == MSG_IMAGE)
		jbuf_str(jb, "kind", "image");
	if (m->kind & MSG_NOTICE)
		jbuf_bool(jb, "notice", 1);
	if (m->image != NULL)
		jbuf_raw(jb, "image", m->image);
	history_serialise_origin(jb, m->hub, m->host);
	history_journal_end(jb);
	jr.changes = 1;
	if (jr.waiting++ == 0)
		jr.held_first = m->id;
	jr.held_last = m->id;
	if (jr.failing)
		history_journal_retry();
	else if (jr.write_ev == NULL || history_journal_early(room))
		history_journal_write();
	else if (!jr.scheduled) {
		jr.scheduled = 1;
		event_active(jr.write_ev, 0, 0);
		peer_flush_behind();
	}
}

/*
 * Journal a room made, with its number: written at once, before the
 * number can be shown, so a hub killed before the next state record
 * gives the room the same number when it starts again, and never gives
 * that number to another room.  Rooms are made rarely.
 */
void
history_journal_room(struct room *room)
{
	struct jbuf	*jb = &jr.buf;

	if (jr.fd == -1)
		return;
	history_journal_begin(jb, "room");
	jbuf_str(jb, "name", room->name);
	jbuf_int(jb, "number", (long long)room->seq);
	jbuf_int(jb, "created", room->created);
	if (room->topic != NULL && *room->topic != '\0')
		jbuf_str(jb, "topic", room->topic);
	if (room->topic_by != NULL) {
		jbuf_str(jb, "topic_by", room->topic_by);
		jbuf_int(jb, "topic_at", room->topic_at);
	}
	history_journal_end(jb);
	jr.held |= JOURNAL_HELD_ROOM;
	history_journal_now();
}

/*
 * Journal the bans and mutes after an operator changed them: written at
 * once, before the operator is told, so a hub killed the moment after
 * does not let the banned user back in.  Bans are few and change rarely.
 */
void
history_journal_bans(void)
{
	struct jbuf	*jb = &jr.buf;
	struct hist	 h;

	if (jr.fd == -1)
		return;
	memset(&h, 0, sizeof h);
	ban_to_hist(&h);
	history_journal_begin(jb, "bans");
	history_serialise_bans(&h, jb);
	history_journal_end(jb);
	history_free(&h);
	jr.held |= JOURNAL_HELD_BANS;
	history_journal_now();
}

/* Journal a room's new topic, at once (before the change is shown). */
void
history_journal_topic(struct room *room)
{
	struct jbuf	*jb = &jr.buf;

	if (jr.fd == -1)
		return;
	history_journal_begin(jb, "topic");
	jbuf_str(jb, "room", room->name);
	jbuf_str(jb, "topic", room->topic != NULL ? room->topic : "");
	if (room->topic_by != NULL) {
		jbuf_str(jb, "topic_by", room->topic_by);
		jbuf_int(jb, "topic_at", room->topic_at);
	}
	history_journal_end(jb);
	jr.held |= JOURNAL_HELD_TOPIC;
	history_journal_now();
}

/* Write a record that must not wait for the end of the pass. */
static void
history_journal_now(void)
{
	jr.changes = 1;
	if (jr.failing)
		history_journal_retry();
	else
		history_journal_write();
}

/*
 * Journal the state without messages (a flush tick found it changed):
 * the rooms with their topics, the claims, bans and sessions.
 */
void
history_journal_state(void)
{
	struct hist		 h;
	struct room		*room;
	struct jbuf		 jb;
	size_t			 i = 0;

	if (jr.fd == -1)
		return;
	if (jr.failing) {
		/* The state is whole: one record, once there is space. */
		jr.state_wanted = 1;
		return;
	}
	memset(&h, 0, sizeof h);
	h.next_id = server_peek_id();
	h.room_seq = room_last_seq();
	h.rooms = xcalloc(room_count() > 0 ? room_count() : 1,
	    sizeof *h.rooms);
	TAILQ_FOREACH(room, &room_list, entry) {
		h.rooms[i].name = room->name;		/* borrowed */
		h.rooms[i].topic = room->topic;
		h.rooms[i].topic_by = room->topic_by;
		h.rooms[i].topic_at = room->topic_at;
		h.rooms[i].created = room->created;
		h.rooms[i].seq = room->seq;
		i++;
	}
	h.nrooms = i;
	claim_to_hist(&h);
	ban_to_hist(&h);
	session_to_hist(&h);
	jbuf_init(&jb);
	history_serialise_into(&h, &jb);
	jbuf_add(&jr.buf, jb.buf, jb.len);
	jbuf_free(&jb);
	jr.changes = 1;
	jr.held |= JOURNAL_HELD_STATE;
	free(h.rooms);
	h.rooms = NULL;
	h.nrooms = 0;
	history_free(&h);
}

/*
 * Journal the state at once: the hub has just promised something it
 * holds (a direct message kept for a lost session) or forgotten it.
 */
void
history_journal_state_now(void)
{
	if (jr.fd == -1)
		return;
	history_journal_state();
	history_journal_now();
}

/*
 * A flush tick: append what waits and have it synced (for a crash of the
 * machine; a killed hub loses nothing written).
 */
void
history_journal_sync(void)
{
	int	err;

	if (jr.fd == -1)
		return;
	if (history_journal_write() == 0 && jr.state_wanted) {
		jr.state_wanted = 0;
		history_journal_state();
		history_journal_write();
	}
	pthread_mutex_lock(&jr.lock);
	err = jr.sync_errno;
	pthread_mutex_unlock(&jr.lock);
	if (err != 0 && !jr.sync_said)
		log_warnx("journal %s not synced to disk: %s; a crash of the "
		    "machine (not of the hub) may lose what was written "
		    "since the last sync", jr.file, strerror(err));
	else if (err == 0 && jr.sync_said)
		log_info("journal %s synced to disk again", jr.file);
	jr.sync_said = err != 0;
	history_journal_ask_sync(0);
}

/*
 * Ids from next on are about to be handed out: make sure a reservation
 * covering them is on disk first, renewing it half a block ahead (the
 * syncer does it meanwhile).  Returns the id at which to call again.
 */
uint64_t
history_journal_reserve(uint64_t next)
{
	struct jbuf	*jb = &jr.buf;
	int		 durable;

	if (jr.fd == -1)
		return (UINT64_MAX);
	if (jr.ids_asked < next + JOURNAL_ID_BLOCK / 2) {
		jr.ids_asked = (jr.ids_asked > next ? jr.ids_asked : next) +
		    JOURNAL_ID_BLOCK;
		history_journal_begin(jb, "ids");
		jbuf_int(jb, "next", (long long)jr.ids_asked);
		history_journal_end(jb);
		if (history_journal_write() != 0) {
			/* Not on disk: the hub goes on, and says so. */
			jr.ids_durable = jr.ids_asked;
			return (next + 1);
		}
		jr.ids_gen = jr.gen;
		jr.ids_off = jr.off;
		history_journal_ask_sync(jr.ids_durable <= next);
	}
	pthread_mutex_lock(&jr.lock);
	durable = jr.synced_gen > jr.ids_gen || (jr.synced_gen ==
	    jr.ids_gen && jr.synced_off >= jr.ids_off);
	pthread_mutex_unlock(&jr.lock);
	if (durable)
		jr.ids_durable = jr.ids_asked;
	if (jr.ids_durable <= next)
		history_journal_ask_sync(1);
	if (jr.ids_durable <= next)
		jr.ids_durable = jr.ids_asked;	/* the sync failed: go on */
	return (jr.ids_durable < jr.ids_asked - JOURNAL_ID_BLOCK / 2 ?
	    jr.ids_durable : jr.ids_asked - JOURNAL_ID_BLOCK / 2);
}

/* Is the journal big enough (or are there old ones) to fold it in? */
int
history_journal_wants_compaction(void)
{
	if (jr.fd == -1)
		return (0);
	return (jr.pending_old || jr.off + (off_t)jr.buf.len >=
	    (jr.snapshot_size > JOURNAL_COMPACT_MIN ? jr.snapshot_size :
	    JOURNAL_COMPACT_MIN));
}

/*
 * A snapshot is being taken: go on in a new journal, which the snapshot
 * names as the first it does not hold.  The last one is synced and closed
 * by the syncer (the snapshot may yet fail).  Returns the new number.
 */
uint64_t
history_journal_rotate(void)
{
	static int64_t	 rotate_logged;
	char		*cause;
	int		 old = jr.fd;

	if (jr.fd == -1)
		return (0);
	if (history_journal_write() != 0)
		return (jr.gen);	/* keep the records: carry on here */
	if (history_journal_create(jr.gen + 1, &cause) != 0) {
		/* Tried with each save: once a minute is enough to say. */
		if (now_ms() - rotate_logged >= 60 * 1000) {
			log_warnx("journal not rotated: %s", cause);
			rotate_logged = now_ms();
		}
		free(cause);
		jr.fd = old;
		return (jr.gen);
	}
	rotate_logged = 0;
	pthread_mutex_lock(&jr.lock);
	while (jr.old_fd != -1) {	/* the last rotation's, not synced */
		jr.want = 1;
		pthread_cond_signal(&jr.cond);
		pthread_cond_wait(&jr.cond, &jr.lock);
	}
	jr.old_fd = old;
	jr.dir_sync = 1;
	jr.changes = 0;
	pthread_mutex_unlock(&jr.lock);
	history_journal_ask_sync(0);
	/* The reservation in force goes on in the new journal. */
	if (jr.ids_asked > 0) {
		jr.ids_asked = 0;
		history_journal_reserve(server_peek_id());
	}
	return (jr.gen);
}

/*
 * A snapshot naming journal gen was written (ok) or not.  Written, it
 * holds every journal before gen: they go.  Not written, they wait for
 * the next one.
 */
void
history_journal_compacted(int ok, uint64_t gen)
{
	struct stat	 st;
	uint64_t	*gens;
	size_t		 n, i;
	char		*file;

	if (jr.path == NULL)
		return;
	if (!ok) {
		jr.pending_old = 1;
		return;
	}
	if (stat(jr.path, &st) == 0)
		jr.snapshot_size = st.st_size;
	jr.pending_old = 0;
	n = history_journal_list(jr.path, &gens);
	for (i = 0; i < n && gens[i] < gen; i++) {
		file = history_journal_name(jr.path, gens[i]);
		if (unlink(file) != 0 && errno != ENOENT)
			log_warn("%s", file);
		free(file);
	}
	free(gens);
}

/* Does the journal hold changes no written snapshot holds? */
int
history_journal_pending(void)
{
	return (jr.changes || jr.pending_old);
}

/*
 * Is everything since the last snapshot safe in the journal: written,
 * synced and still there?
 */
int
history_journal_safe(void)
{
	struct stat	st;

	if (jr.fd == -1 || history_journal_write() != 0)
		return (0);
	history_journal_ask_sync(1);
	if (jr.synced_gen != jr.gen || jr.synced_off < jr.off)
		return (0);
	return (fstat(jr.fd, &st) == 0 && st.st_nlink > 0 &&
	    stat(jr.file, &st) == 0);
}

/*
 * The hub is stopping: try once more to write what waits in memory (and
 * the state owed meanwhile), and have it synced.  Returns 0 if nothing
 * waits any longer.
 */
int
history_journal_flush(void)
{
	if (jr.fd == -1)
		return (0);
	jr.tried = 0;		/* now, whenever the last try was */
	if (history_journal_write() != 0)
		return (-1);
	if (jr.state_wanted) {
		jr.state_wanted = 0;
		history_journal_state();
		if (history_journal_write() != 0)
			return (-1);	/* the record waits with the rest */
	}
	history_journal_ask_sync(1);
	return (0);
}

/*
 * What waits in memory, written to no journal, in words for the log
 * ("735 messages (ids 3605 to 4339) and the topics set"); NULL if
 * nothing does.  Everything else since the
 * last snapshot is in the journals, which the next start replays.
 */
char *
history_journal_held(void)
{
	struct jbuf	 jb;
	char		*msgs = NULL, *s;
	const char	*what[4];
	u_int		 n = 0, i;

	/*
	 * A reservation of ids alone loses nothing: no id is handed out
	 * after it, and the next start numbers from the journals' last.
	 */
	if (jr.fd == -1 || (jr.waiting == 0 && jr.held == 0 &&
	    !jr.state_wanted))
		return (NULL);
	if (jr.waiting > 0) {
		xasprintf(&msgs, "%u messages (ids %llu to %llu)", jr.waiting,
		    (unsigned long long)jr.held_first,
		    (unsigned long long)jr.held_last);
		what[n++] = msgs;
	}
	if (jr.held & JOURNAL_HELD_ROOM)
		what[n++] = "the rooms made";
	if (jr.held & JOURNAL_HELD_TOPIC)
		what[n++] = "the topics set";
	if (jr.held & JOURNAL_HELD_BANS)
		what[n++] = "the ban and mute changes";
	if ((jr.held & JOURNAL_HELD_STATE) || jr.state_wanted)
		what[n++] = "the claim and session changes";
	jbuf_init(&jb);
	for (i = 0; i < n; i++) {
		if (i > 0)
			jbuf_add(&jb, i + 1 == n ? " and " : ", ",
			    i + 1 == n ? 5 : 2);
		jbuf_add(&jb, what[i], strlen(what[i]));
	}
	jbuf_add(&jb, "", 1);
	s = xstrdup(jb.buf);
	jbuf_free(&jb);
	free(msgs);
	return (s);
}

/* Is the journal failing (its changes wait in memory)? */
int
history_journal_failing(void)
{
	return (jr.fd != -1 && jr.failing);
}

/*
 * Is the journal in trouble, for /healthz: NULL if not, else why (in a
 * static buffer), after one more try to write it (at most once a second)
 * so that a disk with room again shows at once.
 */
const char *
history_journal_trouble(void)
{
	static char	why[256];

	if (jr.fd == -1 || !jr.failing)
		return (NULL);
	history_journal_retry();
	if (!jr.failing)
		return (NULL);
	snprintf(why, sizeof why, "journal not written (%s): %s; %zu bytes "
	    "of changes wait in memory", strerror(jr.write_errno),
	    jr.refusing ? "new messages are refused (storage)" :
	    "messages are still taken", jr.buf.len);
	return (why);
}

/* The bytes of changes waiting in memory while the journal fails. */
size_t
history_journal_waiting(void)
{
	return (jr.fd != -1 && jr.failing ? jr.buf.len : 0);
}

/* The journal being appended to, for messages. */
const char *
history_journal_file(void)
{
	return (jr.file);
}

/*
 * Stop the journal at exit.  After a final snapshot that holds it all
 * (clean: no change and no new id since), the last journal goes;
 * otherwise it is kept for the next start.
 */
void
history_journal_close(int clean)
{
	if (jr.path == NULL)
		return;
	history_journal_write();
	history_journal_ask_sync(1);
	pthread_mutex_lock(&jr.lock);
	jr.quit = 1;
	pthread_cond_signal(&jr.cond);
	pthread_mutex_unlock(&jr.lock);
	pthread_join(jr.thread, NULL);
	jr.running = 0;
	if (jr.old_fd != -1)
		close(jr.old_fd);
	close(jr.fd);
	if (clean && !jr.changes)
		unlink(jr.file);
	pthread_mutex_destroy(&jr.lock);
	pthread_cond_destroy(&jr.cond);
	if (jr.write_ev != NULL)
		event_free(jr.write_ev);
	jbuf_free(&jr.buf);
	free(jr.file);
	free(jr.path);
	memset(&jr, 0, sizeof jr);
	jr.fd = jr.sync_fd = jr.old_fd = -1;
}
