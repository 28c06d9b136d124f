/* SPDX-License-Identifier: ISC */
/* history-replay.c: bring a loaded history up to date with its journals. */

#include <sys/types.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * The journals (see history-journal.c) are read after the history file,
 * oldest first, each record applied to the parsed history: a message goes
 * into its room's ring (in id order; one the file holds already is
 * dropped), a room record gives a room (made if missing) its number, an
 * id reservation raises the next id, and a state record replaces the
 * rooms, claims, bans and sessions, keeping the messages.  A room the
 * state record does not list goes with its messages (the file's and the
 * journals'): a room that expired (the flush tick that removes it writes
 * a state record) is not brought back, and a room record after it makes
 * the name anew.
 */

struct replay_key {			/* a room of the history being read */
	char		*key;		/* case-folded name */
	size_t		 idx;
};

static int	 history_replay_key_cmp(const void *, const void *);
static void	 history_replay_index_free(void **);
static void	 history_replay_index(struct hist *, void **);
static struct hist_room *history_replay_room(struct hist *, void **,
		    const char *, int64_t, u_int);
static int	 history_replay_msg(cJSON *, u_int, struct hist *, void **,
		    char **);
static int	 history_replay_room_record(cJSON *, u_int, struct hist *,
		    void **, char **);
static int	 history_replay_bans(cJSON *, struct hist *, char **);
static void	 history_replay_topic_by(struct hist_room *, const char *,
		     long long);
static int	 history_replay_topic(cJSON *, u_int, struct hist *, void **,
		    char **);
static int	 history_replay_state(cJSON *, u_int, struct hist *, void **,
		    char **);
static int	 history_replay_record(const char *, size_t, u_int,
		    struct hist *, void **, char **);
static int	 history_replay_file(const char *, u_int, struct hist *,
		    void **, char **);

/* Order the rooms of a history being read by case-folded name. */
static int
history_replay_key_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct replay_key *)a)->key,
	    ((const struct replay_key *)b)->key));
}

/* Forget the index of rooms. */
static void
history_replay_index_free(void **tree)
{
	struct replay_key	*k;

	while (*tree != NULL) {
		k = *(struct replay_key **)*tree;
		tdelete(k, tree, history_replay_key_cmp);
		free(k->key);
		free(k);
	}
}

/* Index the rooms of a history by case-folded name. */
static void
history_replay_index(struct hist *h, void **tree)
{
	struct replay_key	*k;
	size_t			 i;

	history_replay_index_free(tree);
	for (i = 0; i < h->nrooms; i++) {
		k = xcalloc(1, sizeof *k);
		k->key = utf8_casefold(h->rooms[i].name);
		k->idx = i;
		if (tsearch(k, tree, history_replay_key_cmp) == NULL)
			fatalx("tsearch failed");
	}
}

/* The room of a history with a name, made if it is missing. */
static struct hist_room *
history_replay_room(struct hist *h, void **tree, const char *name,
    int64_t created, u_int size)
{
	struct replay_key	 find, *k, **found;
	struct hist_room	*hr;

	find.key = utf8_casefold(name);
	found = tfind(&find, tree, history_replay_key_cmp);
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
	if (tsearch(k, tree, history_replay_key_cmp) == NULL)
		fatalx("tsearch failed");
	return (hr);
}

/* Replay a message record into a history. */
static int
history_replay_msg(cJSON *rec, u_int size, struct hist *h,
    void **tree, char **why)
{
	const char		*room, *nick, *text, *kind_s = NULL;
	const char		*hub, *host;
	long long		 id, ts;
	int			 kind = MSG_TEXT, notice = 0;
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
	    proto_get_str(rec, "kind", 0, &kind_s) != 0 ||
	    proto_get_bool(rec, "notice", 0, &notice) != 0 ||
	    history_parse_origin(rec, &hub, &host) != 0) {
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
	hr = history_replay_room(h, tree, room, ts, size);
	if (notice)
		kind |= MSG_NOTICE;
	m = message_new(id, ts, kind, hr->name, nick, text, image);
	if (hub != NULL)
		message_set_hub(m, hub, host);
	cJSON_free(image);
	if (ring_insert(&hr->ring, m) != 0)
		message_unref(m);	/* in the snapshot already */
	if ((uint64_t)id >= h->next_id)
		h->next_id = id + 1;
	return (0);
}

/*
 * Replay a room record: the room, made if missing, takes the number (a
 * room of that name made again after the last state record has the new
 * one), which also raises the highest number given.  A bad number is
 * mended as in the file (see room_from_hist).
 */
static int
history_replay_room_record(cJSON *rec, u_int size, struct hist *h,
    void **tree, char **why)
{
	const char		*name, *topic, *by = NULL;
	long long		 created = 0, at = 0;
	enum proto_err		 err;
	struct hist_room	*hr;
	uint64_t		 seq;
	int			 bad;

	if (proto_get_str(rec, "name", 1, &name) != 0 ||
	    proto_get_int(rec, "created", 0, &created) != 0 ||
	    proto_get_str(rec, "topic", 0, &topic) != 0 ||
	    proto_get_str(rec, "topic_by", 0, &by) != 0 ||
	    proto_get_int(rec, "topic_at", 0, &at) != 0) {
		*why = xstrdup("a room with a missing or wrong field");
		return (-1);
	}
	if (proto_check_stored_room(name, &err, why) != 0)
		return (-1);
	bad = history_parse_number(rec, "number", &seq) != 0;
	hr = history_replay_room(h, tree, name, created, size);
	hr->seq = seq;
	hr->seq_bad = bad;
	if (topic != NULL) {
		free(hr->topic);
		hr->topic = xstrdup(topic);
	}
	history_replay_topic_by(hr, by, at);
	if (seq > h->room_seq)
		h->room_seq = seq;
	return (0);
}

/* Replay the bans and mutes an operator changed: they replace the last. */
static int
history_replay_bans(cJSON *rec, struct hist *h, char **why)
{
	struct hist	st, old;

	memset(&st, 0, sizeof st);
	if (history_parse_extra(rec, &st, why) != 0) {
		history_free(&st);
		return (-1);
	}
	memset(&old, 0, sizeof old);
	old.bans = h->bans;
	old.nbans = h->nbans;
	old.lifts = h->lifts;
	old.nlifts = h->nlifts;
	history_free(&old);
	h->bans = st.bans;
	h->nbans = st.nbans;
	h->lifts = st.lifts;
	h->nlifts = st.nlifts;
	st.bans = NULL;
	st.nbans = 0;
	st.lifts = NULL;
	st.nlifts = 0;
	history_free(&st);
	return (0);
}

/* Who set a room's topic, when: a record without them does not know. */
static void
history_replay_topic_by(struct hist_room *hr, const char *by, long long at)
{
	free(hr->topic_by);
	hr->topic_by = NULL;
	hr->topic_at = 0;
	if (by != NULL && *by != '\0' && at > 0 && *hr->topic != '\0') {
		hr->topic_by = xstrdup(by);
		hr->topic_at = at;
	}
}

/* Replay a room's new topic (a room the journal has not made is made). */
static int
history_replay_topic(cJSON *rec, u_int size, struct hist *h, void **tree,
    char **why)
{
	const char		*name, *topic, *by = NULL;
	long long		 at = 0;
	enum proto_err		 err;
	struct hist_room	*hr;

	if (proto_get_str(rec, "room", 1, &name) != 0 ||
	    proto_get_str(rec, "topic", 1, &topic) != 0 ||
	    proto_get_str(rec, "topic_by", 0, &by) != 0 ||
	    proto_get_int(rec, "topic_at", 0, &at) != 0) {
		*why = xstrdup("a topic with a missing or wrong field");
		return (-1);
	}
	if (proto_check_stored_room(name, &err, why) != 0)
		return (-1);
	if ((hr = history_replay_room(h, tree, name, 0, size)) != NULL) {
		free(hr->topic);
		hr->topic = xstrdup(topic);
		history_replay_topic_by(hr, by, at);
	}
	return (0);
}

/*
 * Replay a state record: the rooms it lists (in its order, keeping the
 * messages read so far), and its claims, bans and sessions.
 */
static int
history_replay_state(cJSON *rec, u_int size, struct hist *h,
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
		rooms[i].topic_by = st.rooms[i].topic_by;
		rooms[i].topic_at = st.rooms[i].topic_at;
		st.rooms[i].topic_by = NULL;
		rooms[i].created = st.rooms[i].created;
		rooms[i].seq = st.rooms[i].seq;
		rooms[i].seq_bad = st.rooms[i].seq_bad;
		st.rooms[i].name = st.rooms[i].topic = NULL;
		old = history_replay_room(h, tree, rooms[i].name, 0, 0);
		if (old != NULL) {
			rooms[i].ring = old->ring;
			ring_init(&old->ring, size);	/* moved */
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
	tmp.lifts = h->lifts;
	tmp.nlifts = h->nlifts;
	tmp.sessions = h->sessions;
	tmp.nsessions = h->nsessions;
	tmp.boxes = h->boxes;
	tmp.nboxes = h->nboxes;
	history_free(&tmp);
	h->rooms = rooms;
	h->nrooms = st.nrooms;
	h->claims = st.claims;
	h->nclaims = st.nclaims;
	h->bans = st.bans;
	h->nbans = st.nbans;
	h->lifts = st.lifts;
	h->nlifts = st.nlifts;
	h->sessions = st.sessions;
	h->nsessions = st.nsessions;
	h->boxes = st.boxes;
	h->nboxes = st.nboxes;
	st.claims = NULL;
	st.bans = NULL;
	st.lifts = NULL;
	st.sessions = NULL;
	st.boxes = NULL;
	st.nclaims = st.nbans = st.nlifts = st.nsessions = st.nboxes = 0;
	if (st.next_id > h->next_id)
		h->next_id = st.next_id;
	if (st.room_seq > h->room_seq)
		h->room_seq = st.room_seq;
	history_free(&st);
	history_replay_index(h, tree);
	return (0);
}

/* Replay one record (a line without its newline). */
static int
history_replay_record(const char *line, size_t len, u_int size,
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
		rc = history_replay_state(rec, size, h, tree, why);
	else if (strcmp(t, "msg") == 0)
		rc = history_replay_msg(rec, size, h, tree, why);
	else if (strcmp(t, "room") == 0)
		rc = history_replay_room_record(rec, size, h, tree, why);
	else if (strcmp(t, "bans") == 0)
		rc = history_replay_bans(rec, h, why);
	else if (strcmp(t, "topic") == 0)
		rc = history_replay_topic(rec, size, h, tree, why);
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
history_replay_file(const char *file, u_int size, struct hist *h,
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
		    history_replay_record(p, nl - p, size, h, tree,
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
	log_info("%s: %zu record%s replayed", file, n, n == 1 ? "" : "s");
	free(data);
	return (0);
}

/*
 * Bring a loaded snapshot up to date with the journals beside it, and
 * say which journal to append to next.  Journals the snapshot holds
 * already (a crash came between its rename and their removal) go,
 * unless only checking (readonly).
 */
int
history_replay(const char *path, u_int size, struct hist *h,
    uint64_t *next_gen, int *replayed, int readonly, char **cause)
{
	uint64_t	*gens;
	size_t		 n, i;
	char		*file;
	void		*tree = NULL;
	int		 rc = 0;

	n = history_journal_list(path, &gens);
	*next_gen = h->journal > 0 ? h->journal : 1;
	*replayed = 0;
	history_replay_index(h, &tree);
	for (i = 0; i < n; i++) {
		file = history_journal_name(path, gens[i]);
		if (gens[i] < h->journal) {
			if (!readonly && unlink(file) == 0)
				log_info("removed %s, which the history file "
				    "holds already", file);
		} else {
			if ((rc = history_replay_file(file, size, h, &tree,
			    cause)) != 0) {
				free(file);
				break;
			}
			*replayed = 1;
			*next_gen = gens[i] + 1;
		}
		free(file);
	}
	history_replay_index_free(&tree);
	free(gens);
	return (rc);
}
