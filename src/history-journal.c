/* SPDX-License-Identifier: ISC */
/* history-journal.c: the append-only journal of changes beside the history. */

#include <sys/types.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <pthread.h>
#include <search.h>
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
 *	{"t":"ids","next":N}		ids below N may have been handed out
 *	{"version":1,...}		the state without messages (rooms,
 *					topics, claims, bans, sessions)
 * A message is appended at the end of the loop pass that stored it, so
 * before its acknowledgement reaches the socket: a killed hub loses no
 * message it acknowledged.  A thread fdatasyncs the journal each flush
 * interval, which bounds what a crash of the machine loses.
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

struct journal_key {			/* a room of a history being read */
	char		*key;		/* case-folded name */
	size_t		 idx;
};

static struct {
	char		*path;		/* the history file */
	char		*file;		/* the journal being appended to */
	int		 fd;		/* -1: no journal */
	uint64_t	 gen;
	off_t		 off;		/* end of the complete records */
	struct jbuf	 buf;		/* records waiting to be written */
	struct event	*write_ev;
	int		 scheduled;
	int		 failing;	/* the last write failed */
	int		 pending_old;	/* old journals wait for a snapshot */
	int		 changes;	/* messages or state since the rotation */
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
} jr = { .fd = -1, .sync_fd = -1, .old_fd = -1 };

static char	*history_journal_name(const char *, uint64_t);
static int	 history_journal_gen_cmp(const void *, const void *);
static size_t	 history_journal_list(const char *, uint64_t **);
static int	 history_journal_key_cmp(const void *, const void *);
static void	 history_journal_index_free(void **);
static void	 history_journal_index(struct hist *, void **);
static struct hist_room *history_journal_room(struct hist *, void **,
		    const char *, int64_t, u_int);
static int	 history_journal_apply_msg(cJSON *, u_int, struct hist *,
		    void **, char **);
static int	 history_journal_apply_state(cJSON *, u_int, struct hist *,
		    void **, char **);
static int	 history_journal_apply(const char *, size_t, u_int,
		    struct hist *, void **, char **);
static int	 history_journal_read(const char *, u_int, struct hist *,
		    void **, char **);
static void	*history_journal_main(void *);
static void	 history_journal_write_cb(evutil_socket_t, short, void *);
static int	 history_journal_write(void);
static void	 history_journal_ask_sync(int);
static int	 history_journal_create(uint64_t, char **);

/* The name of journal gen beside the history file. */
static char *
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
static size_t
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
	qsort(*gens, n, sizeof **gens, history_journal_gen_cmp);
	return (n);
}

/* Order the rooms of a history being read by case-folded name. */
static int
history_journal_key_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct journal_key *)a)->key,
	    ((const struct journal_key *)b)->key));
}

/* Forget the index of rooms. */
static void
history_journal_index_free(void **tree)
{
	struct journal_key	*k;

	while (*tree != NULL) {
		k = *(struct journal_key **)*tree;
		tdelete(k, tree, history_journal_key_cmp);
		free(k->key);
		free(k);
	}
}

/* Index the rooms of a history by case-folded name. */
static void
history_journal_index(struct hist *h, void **tree)
{
	struct journal_key	*k;
	size_t			 i;

	history_journal_index_free(tree);
	for (i = 0; i < h->nrooms; i++) {
		k = xcalloc(1, sizeof *k);
		k->key = utf8_casefold(h->rooms[i].name);
		k->idx = i;
		if (tsearch(k, tree, history_journal_key_cmp) == NULL)
			fatalx("tsearch failed");
	}
}

/* The room of a history with a name, made if it is missing. */
static struct hist_room *
history_journal_room(struct hist *h, void **tree, const char *name,
    int64_t created, u_int size)
{
	struct journal_key	 find, *k, **found;
	struct hist_room	*hr;

	find.key = utf8_casefold(name);
	found = tfind(&find, tree, history_journal_key_cmp);
	if (found != NULL) {
		free(find.key);
		return (&h->rooms[(*found)->idx]);
	}
	if (size == 0) {
		free(find.key);
		return (NULL);
	}
	h->rooms = xreallocarray(h->rooms, h->nrooms + 1, sizeof *h->rooms);
	hr = &h->rooms[h->nrooms];
	memset(hr, 0, sizeof *hr);
	hr->name = xstrdup(name);
	hr->topic = xstrdup("");
	hr->created = created;
	ring_init(&hr->ring, size);
	k = xcalloc(1, sizeof *k);
	k->key = find.key;
	k->idx = h->nrooms++;
	if (tsearch(k, tree, history_journal_key_cmp) == NULL)
		fatalx("tsearch failed");
	return (hr);
}

/* Replay a message record into a history. */
static int
history_journal_apply_msg(cJSON *rec, u_int size, struct hist *h,
    void **tree, char **why)
{
	const char		*room, *nick, *text, *kind_s = NULL;
	long long		 id, ts;
	int			 kind = MSG_TEXT;
	cJSON			*img;
	char			*image = NULL;
	enum proto_err		 err;
	struct hist_room	*hr;
	struct message		*m;

	if (proto_get_str(rec, "room", 1, &room) != 0 ||
	    proto_get_int(rec, "id", 1, &id) != 0 || id <= 0 ||
	    proto_get_int(rec, "ts", 1, &ts) != 0 ||
	    proto_get_str(rec, "nick", 1, &nick) != 0 ||
	    proto_get_str(rec, "text", 1, &text) != 0 ||
	    proto_get_str(rec, "kind", 0, &kind_s) != 0) {
		*why = xstrdup("a message with a missing or wrong field");
		return (-1);
	}
	if (proto_check_stored_room(room, &err, why) != 0)
		return (-1);
	if (kind_s != NULL && strcmp(kind_s, "action") == 0)
		kind = MSG_ACTION;
	else if (kind_s != NULL && strcmp(kind_s, "image") == 0)
		kind = MSG_IMAGE;
	else if (kind_s != NULL) {
		xasprintf(why, "unknown message kind \"%s\"", kind_s);
		return (-1);
	}
	img = cJSON_GetObjectItemCaseSensitive(rec, "image");
	if (img != NULL) {
		if (!cJSON_IsObject(img)) {
			*why = xstrdup("a message with a bad image");
			return (-1);
		}
		image = cJSON_PrintUnformatted(img);
	}
	hr = history_journal_room(h, tree, room, ts, size);
	m = message_new(id, ts, kind, hr->name, nick, text, image);
	cJSON_free(image);
	if (ring_insert(&hr->ring, m) != 0)
		message_unref(m);	/* in the snapshot already */
	if ((uint64_t)id >= h->next_id)
		h->next_id = id + 1;
	return (0);
}

/*
 * Replay a state record: the rooms it lists (in its order, keeping the
 * messages read so far), and its claims, bans and sessions.
 */
static int
history_journal_apply_state(cJSON *rec, u_int size, struct hist *h,
    void **tree, char **why)
{
	struct hist		 st, tmp;
	struct hist_room	*rooms, *old;
	size_t			 i;

	if (history_parse_doc(rec, 1, &st, why) != 0)
		return (-1);
	rooms = xcalloc(st.nrooms > 0 ? st.nrooms : 1, sizeof *rooms);
	for (i = 0; i < st.nrooms; i++) {
		rooms[i].name = st.rooms[i].name;
		rooms[i].topic = st.rooms[i].topic;
		rooms[i].created = st.rooms[i].created;
		st.rooms[i].name = st.rooms[i].topic = NULL;
		old = history_journal_room(h, tree, rooms[i].name, 0, 0);
		if (old != NULL) {
			rooms[i].ring = old->ring;
			old->ring.msgs = NULL;
		} else
			ring_init(&rooms[i].ring, size);
	}

	/* The rooms it does not list are gone; take the rest over. */
	memset(&tmp, 0, sizeof tmp);
	tmp.rooms = h->rooms;
	tmp.nrooms = h->nrooms;
	tmp.claims = h->claims;
	tmp.nclaims = h->nclaims;
	tmp.bans = h->bans;
	tmp.nbans = h->nbans;
	tmp.sessions = h->sessions;
	tmp.nsessions = h->nsessions;
	history_free(&tmp);
	h->rooms = rooms;
	h->nrooms = st.nrooms;
	h->claims = st.claims;
	h->nclaims = st.nclaims;
	h->bans = st.bans;
	h->nbans = st.nbans;
	h->sessions = st.sessions;
	h->nsessions = st.nsessions;
	st.claims = NULL;
	st.bans = NULL;
	st.sessions = NULL;
	st.nclaims = st.nbans = st.nsessions = 0;
	if (st.next_id > h->next_id)
		h->next_id = st.next_id;
	history_free(&st);
	history_journal_index(h, tree);
	return (0);
}

/* Replay one record (a line without its newline). */
static int
history_journal_apply(const char *line, size_t len, u_int size,
    struct hist *h, void **tree, char **why)
{
	cJSON		*rec;
	const char	*t;
	long long	 next;
	int		 rc = -1;

	if (!utf8_valid(line, len) ||
	    (rec = cJSON_ParseWithLength(line, len)) == NULL) {
		*why = xstrdup("not a JSON record");
		return (-1);
	}
	if (!cJSON_IsObject(rec) || proto_get_str(rec, "t", 0, &t) != 0) {
		*why = xstrdup("not a record");
		goto out;
	}
	if (t == NULL)
		rc = history_journal_apply_state(rec, size, h, tree, why);
	else if (strcmp(t, "msg") == 0)
		rc = history_journal_apply_msg(rec, size, h, tree, why);
	else if (strcmp(t, "ids") == 0) {
		if (proto_get_int(rec, "next", 1, &next) != 0 || next < 1) {
			*why = xstrdup("a bad id reservation");
			goto out;
		}
		if ((uint64_t)next > h->next_id)
			h->next_id = next;
		rc = 0;
	} else
		xasprintf(why, "unknown record \"%s\"", t);
out:
	cJSON_Delete(rec);
	return (rc);
}

/*
 * Replay one journal.  Only its last record may be damaged (cut by a
 * crash, or zeros a crashed machine left): it is ignored.
 */
static int
history_journal_read(const char *file, u_int size, struct hist *h,
    void **tree, char **cause)
{
	struct stat	 st;
	char		*data, *why = NULL;
	const char	*p, *nl, *end, *q;
	size_t		 off = 0, n = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", file, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: the journal must be a regular file",
		    file);
		close(fd);
		return (-1);
	}
	data = xmalloc(st.st_size + 1);
	while (off < (size_t)st.st_size) {
		r = read(fd, data + off, st.st_size - off);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			xasprintf(cause, "%s: %s", file, r == 0 ?
			    "file shrank while reading" : strerror(errno));
			free(data);
			close(fd);
			return (-1);
		}
		off += r;
	}
	close(fd);
	data[off] = '\0';
	end = data + off;

	for (p = data; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL ||
		    history_journal_apply(p, nl - p, size, h, tree,
		    &why) != 0) {
			/* Anything valid after it?  Then it is damage. */
			for (q = nl != NULL ? nl + 1 : end; q < end; q++) {
				if (*q != '\0' && *q != '\n' && *q != ' ')
					break;
			}
			if (q < end) {
				xasprintf(cause, "%s: damaged record at byte "
				    "%zu (%s); the file was left untouched: "
				    "move it aside (mv %s %s.bad) to start "
				    "without the changes it holds", file,
				    (size_t)(p - data), why != NULL ? why :
				    "no newline", file, file);
				free(why);
				free(data);
				return (-1);
			}
			log_warnx("%s: ignored a torn last record (%zu bytes "
			    "at byte %zu: %s)", file, (size_t)(end - p),
			    (size_t)(p - data), why != NULL ? why :
			    "no newline");
			free(why);
			break;
		}
		n++;
	}
	log_info("%s: %zu records replayed", file, n);
	free(data);
	return (0);
}

/*
 * Bring a loaded snapshot up to date with the journals beside it, and
 * say which journal to append to next.  Journals the snapshot holds
 * already (a crash came between its rename and their removal) go.
 */
int
history_journal_replay(const char *path, u_int size, struct hist *h,
    uint64_t *next_gen, char **cause)
{
	uint64_t	*gens;
	size_t		 n, i;
	char		*file;
	void		*tree = NULL;
	int		 rc = 0;

	n = history_journal_list(path, &gens);
	*next_gen = h->journal > 0 ? h->journal : 1;
	history_journal_index(h, &tree);
	for (i = 0; i < n; i++) {
		file = history_journal_name(path, gens[i]);
		if (gens[i] < h->journal) {
			if (unlink(file) == 0)
				log_info("removed %s, which the history file "
				    "holds already", file);
		} else {
			if ((rc = history_journal_read(file, size, h, &tree,
			    cause)) != 0) {
				free(file);
				break;
			}
			jr.pending_old = 1;
			*next_gen = gens[i] + 1;
		}
		free(file);
	}
	history_journal_index_free(&tree);
	free(gens);
	return (rc);
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
 * thread that syncs it.
 */
int
history_journal_open(const char *path, uint64_t gen, char **cause)
{
	struct stat	st;

	jr.path = xstrdup(path);
	if (history_journal_create(gen, cause) != 0) {
		free(jr.path);
		jr.path = NULL;
		return (-1);
	}
	jr.snapshot_size = stat(path, &st) == 0 ? st.st_size : 0;
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
	jbuf_reset(&jr.buf);
	if (jr.failing)
		log_info("journal %s written again", jr.file);
	jr.failing = 0;
	return (0);

fail:
	/* No torn record stays behind: the next try starts there. */
	err = errno;
	if (ftruncate(jr.fd, jr.off) != 0)
		log_debug("journal %s not truncated (the next write goes "
		    "over it): %s", jr.file, strerror(errno));
	if (!jr.failing)
		log_warnx("journal %s not written: %s; %zu bytes of changes "
		    "wait in memory and are tried again each flush interval",
		    jr.file, strerror(err), jr.buf.len);
	jr.failing = 1;
	return (-1);
}

/* The end of a loop pass that stored messages: append them. */
static void
history_journal_write_cb(evutil_socket_t fd, short what, void *arg)
{
	history_journal_write();
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

/* Journal a message a room stored; written at the end of this pass. */
void
history_journal_message(const char *room, const struct message *m)
{
	struct jbuf	*jb = &jr.buf;

	if (jr.fd == -1)
		return;
	jb->first = 1;
	jbuf_object_begin(jb, NULL);
	jbuf_str(jb, "t", "msg");
	jbuf_str(jb, "room", room);
	jbuf_int(jb, "id", (long long)m->id);
	jbuf_int(jb, "ts", m->ts);
	jbuf_str(jb, "nick", m->nick);
	jbuf_str(jb, "text", m->text);
	if (m->kind == MSG_ACTION)
		jbuf_str(jb, "kind", "action");
	else if (m->kind == MSG_IMAGE)
		jbuf_str(jb, "kind", "image");
	if (m->image != NULL)
		jbuf_raw(jb, "image", m->image);
	jbuf_object_end(jb);
	jbuf_add(jb, "\n", 1);
	jr.changes = 1;
	if (!jr.scheduled && jr.write_ev != NULL) {
		jr.scheduled = 1;
		event_active(jr.write_ev, 0, 0);
	}
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
	memset(&h, 0, sizeof h);
	h.next_id = server_peek_id();
	h.rooms = xcalloc(room_count() > 0 ? room_count() : 1,
	    sizeof *h.rooms);
	TAILQ_FOREACH(room, &room_list, entry) {
		h.rooms[i].name = room->name;		/* borrowed */
		h.rooms[i].topic = room->topic;
		h.rooms[i].created = room->created;
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
	free(h.rooms);
	h.rooms = NULL;
	h.nrooms = 0;
	history_free(&h);
}

/*
 * A flush tick: append what waits and have it synced (for a crash of the
 * machine; a killed hub loses nothing written).
 */
void
history_journal_sync(void)
{
	if (jr.fd == -1)
		return;
	history_journal_write();
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
		jb->first = 1;
		jbuf_object_begin(jb, NULL);
		jbuf_str(jb, "t", "ids");
		jbuf_int(jb, "next", (long long)jr.ids_asked);
		jbuf_object_end(jb);
		jbuf_add(jb, "\n", 1);
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
	char	*cause;
	int	 old = jr.fd;

	if (jr.fd == -1)
		return (0);
	if (history_journal_write() != 0)
		return (jr.gen);	/* keep the records: carry on here */
	if (history_journal_create(jr.gen + 1, &cause) != 0) {
		log_warnx("journal not rotated: %s", cause);
		free(cause);
		jr.fd = old;
		return (jr.gen);
	}
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
	if (jr.write_ev != NULL)
		event_free(jr.write_ev);
	pthread_mutex_destroy(&jr.lock);
	pthread_cond_destroy(&jr.cond);
	jbuf_free(&jr.buf);
	free(jr.file);
	free(jr.path);
	memset(&jr, 0, sizeof jr);
	jr.fd = jr.sync_fd = jr.old_fd = -1;
}
