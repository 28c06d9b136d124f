/* SPDX-License-Identifier: ISC */
/* cluster-bus.c: what a hub tells the others, and what they tell it. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"
#include "cluster.h"

/*
 * The bus is one Redis channel all hubs subscribe to; a payload is a
 * header line naming its kind and sender (see cluster.h), then a frame as
 * clients get it.  Events of this hub go out as they happen; room
 * messages and direct messages to other hubs go through scripts that
 * number them first.  What comes in is checked (it is sent on to clients
 * as it is), applied to what this hub knows of the others, and delivered.
 */

static int	 cluster_bus_in(struct room **, u_int, struct room *);
static void	 cluster_bus_away(cJSON *, const char *, const char *,
		     const char *);
static void	 cluster_bus_pass_dms(struct session *, const char *,
		     const char *);
static int	 cluster_bus_hub_id(const char *);

/* The frames a payload of each kind may carry (r, p). */
/* A msg as a room event is a notice, which is fanned out, not stored. */
/* A back with a room is a claim's owner, or a resumed session, in it again. */
static const enum proto_type cluster_bus_room_types[] = {
	PROTO_JOINED, PROTO_BACK, PROTO_LEFT, PROTO_TOPIC_CHANGED, PROTO_MSG,
	PROTO_UNKNOWN
};
static const enum proto_type cluster_bus_peers_types[] = {
	PROTO_RENAMED, PROTO_SIGNOFF, PROTO_LOST, PROTO_BACK, PROTO_KICKED,
	PROTO_AWAY_CHANGED, PROTO_UNKNOWN
};

/* Publish a header and a frame on the bus (if in contact). */
void
cluster_bus_publish(const char *header, size_t hlen, const char *frame,
    size_t flen)
{
	const char	*argv[3];
	size_t		 lens[3];
	char		*payload;

	if (cluster.state != CL_UP)
		return;
	payload = xmalloc(hlen + 1 + flen);
	memcpy(payload, header, hlen);
	payload[hlen] = '\n';
	if (flen > 0)
		memcpy(payload + hlen + 1, frame, flen);
	argv[0] = "PUBLISH";
	argv[1] = CL_BUS;
	argv[2] = payload;
	lens[0] = 7;
	lens[1] = strlen(CL_BUS);
	lens[2] = hlen + 1 + flen;
	cluster_command(NULL, NULL, 3, argv, lens);
	free(payload);
}

/* A string, then a tab and each of the session's rooms (names or keys). */
char *
cluster_bus_with_rooms(char *head, struct session *s, int keys)
{
	char	*tmp;
	u_int	 i;

	for (i = 0; i < s->nrooms; i++) {
		xasprintf(&tmp, "%s\t%s", head, keys ? s->rooms[i]->key :
		    s->rooms[i]->name);
		free(head);
		head = tmp;
	}
	return (head);
}

/* A session resumed here from another hub: tell the others where it is. */
void
cluster_bus_resumed(struct session *s)
{
	char	*header;

	if (cluster.state != CL_UP)
		return;
	xasprintf(&header, "j\t%s\t%s", cluster.hub, s->nick);
	header = cluster_bus_with_rooms(header, s, 0);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);
	cluster_nick_session(s);
}

/* An event for one room (joined, left, topic): the other hubs fan it out. */
void
cluster_bus_room_event(struct room *room, const char *frame, size_t len)
{
	char	*header;

	if (cluster.state != CL_UP)
		return;
	xasprintf(&header, "r\t%s\t%s", cluster.hub, room->key);
	cluster_bus_publish(header, strlen(header), frame, len);
	free(header);
}

/* An event for everyone sharing a room with the session. */
void
cluster_bus_peers_event(struct session *s, const char *frame, size_t len)
{
	char	*header;

	if (cluster.state != CL_UP || s->nrooms == 0 || cluster.stopping)
		return;		/* (at shutdown, LEAVE tells the others) */
	xasprintf(&header, "p\t%s", cluster.hub);
	header = cluster_bus_with_rooms(header, s, 1);
	cluster_bus_publish(header, strlen(header), frame, len);
	free(header);
}

/*
 * Store a room's record (when it was created, its name and topic, then
 * who set it and when, which older hubs do not read) in the rooms hash
 * with cmd: HSET, or HSETNX to add it only if no hub has.  Returns the
 * record, for the caller to free.
 */
char *
cluster_bus_room_store(struct room *room, const char *cmd)
{
	const char	*argv[4];
	char		*value;

	xasprintf(&value, "%lld\t%s\t%s\t%s\t%lld", (long long)room->created,
	    room->name, room->topic, room->topic_by != NULL ? room->topic_by :
	    "", (long long)room->topic_at);
	argv[0] = cmd;
	argv[1] = CL_PREFIX "rooms";
	argv[2] = room->key;
	argv[3] = value;
	cluster_command(NULL, NULL, 4, argv, NULL);
	return (value);
}

/* A room was created or its topic changed. */
void
cluster_bus_room_changed(struct room *room)
{
	char	*value, *header;

	if (cluster.state != CL_UP)
		return;
	value = cluster_bus_room_store(room, "HSET");
	xasprintf(&header, "c\t%s\t%s", cluster.hub, value);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);
	free(value);
}

/*
 * A room message from a local user.  In contact, Redis numbers and
 * stores it and the bus delivers it; split, it is delivered here at once
 * and waits in the outbox.  IRC client tags do not cross hubs.
 */
void
cluster_bus_say(struct server_client *c, long long seq, struct room *room,
    int64_t ts, int kind, const char *nick, const char *text,
    const char *image, const char *tags)
{
	static struct jbuf	 jb;	/* scratch; the loop's thread only */
	struct cluster_out	*out;
	struct message		*m;

	if (cluster.state != CL_UP && cluster.noutbox >= CR_CLUSTER_OUTBOX) {
		server_client_error(c, PERR_INTERNAL,
		    "the cluster is unreachable "
		    "and too many messages are waiting", seq);
		return;
	}
	out = xcalloc(1, sizeof *out);
	out->seq = seq;
	out->roomkey = xstrdup(room->key);
	snprintf(out->uid, sizeof out->uid, "%s-%llu", cluster.hub,
	    ++cluster.uidn);
	if (jb.buf == NULL)
		jbuf_init(&jb);
	message_encode(&jb, 0, ts, kind, room->name, nick, text, image);
	out->idat = jb.idend - 1;
	out->frame = xstrndup(jb.buf, jb.len);
	out->len = jb.len;
	if (cluster.state == CL_UP) {
		out->client = c;
		cluster_split_send(out);
		return;
	}

	m = cluster_split_hold(out, ts, kind, nick, text, image);
	server_client_ack(c, seq, m->id);
	room_say(room, m);
	message_unref(m);
}

/*
 * A frame made with id 0 (the "0" at idat), with an id instead: what
 * Redis makes of its parts.
 */
char *
cluster_bus_with_id(const char *frame, size_t len, size_t idat,
    uint64_t id, size_t *outlen)
{
	char	*out, digits[32];
	size_t	 tail = len - idat - 1;
	int	 n;

	n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)id);
	*outlen = idat + n + tail;
	out = xmalloc(*outlen + 1);
	memcpy(out, frame, idat);
	memcpy(out + idat, digits, n);
	memcpy(out + idat + n, frame + idat + 1, tail);
	out[*outlen] = '\0';
	return (out);
}

/* Is this a hub's id, 16 lowercase hex digits? */
static int
cluster_bus_hub_id(const char *hub)
{
	return (strlen(hub) == 16 && strspn(hub, "0123456789abcdef") == 16);
}

/* A room by case-folded key, created (by its name) if missing. */
struct room *
cluster_bus_find_room(const char *key, const char *name)
{
	struct room	*room;
	enum proto_err	 err;
	char		*cause;

	if ((room = room_find(key)) != NULL)
		return (room);
	if (name == NULL || room_count() >= CR_ROOMS_MAX)
		return (NULL);
	if (proto_check_stored_room(name, &err, &cause) != 0) {
		free(cause);
		return (NULL);
	}
	room = room_create(name, "", now_ms());
	server_mark_dirty();
	return (room);
}

/* Is this a nick a hub could have given? */
int
cluster_bus_good_nick(const char *nick)
{
	return (proto_check_stored_nick(nick) == 0);
}

/* Is this frame one line, as clients get it? */
int
cluster_bus_one_line(const char *frame, size_t len)
{
	return (len > 0 && frame[len - 1] == '\n' &&
	    memchr(frame, '\n', len - 1) == NULL);
}

/*
 * Deliver and keep a room message from the cluster (the bus, from hub,
 * or a room's stream, from the hub it names and its IRC name host, or
 * hub NULL if it names none): checked, then sent to clients as the bytes
 * its hub encoded.  The fields are read for the history file, and for
 * IRC the sender's hub, if not this hub (else the hub a room here lists
 * the sender on, if any), kept with its name.
 */
void
cluster_bus_ingest(const char *key, const char *hub, const char *host,
    const char *frame, size_t len)
{
	cJSON		*obj, *img;
	const char	*type, *name, *nick, *text;
	long long	 id, ts;
	int		 action = 0, notice = 0, kind;
	char		*image = NULL, *fold = NULL;
	struct room	*room = NULL;
	struct message	*m;

	if (!cluster_bus_one_line(frame, len) || !utf8_valid(frame, len) ||
	    (obj = cJSON_ParseWithLength(frame, len)) == NULL) {
		log_warnx("cluster: a malformed message on the bus");
		return;
	}
	if (proto_get_str(obj, PF_TYPE, 1, &type) != 0 ||
	    proto_type_lookup(type) != PROTO_MSG ||
	    proto_get_int(obj, PF_ID, 1, &id) != 0 || id <= 0 ||
	    proto_get_int(obj, PF_TS, 1, &ts) != 0 ||
	    proto_get_str(obj, PF_ROOM, 1, &name) != 0 ||
	    proto_get_str(obj, PF_NICK, 1, &nick) != 0 ||
	    proto_get_str(obj, PF_TEXT, 1, &text) != 0 ||
	    proto_get_bool(obj, PF_ACTION, 0, &action) != 0 ||
	    proto_get_bool(obj, PF_NOTICE, 0, &notice) != 0 ||
	    !cluster_bus_good_nick(nick) || strlen(text) > CR_TEXT_BYTES ||
	    strcmp(fold = utf8_casefold(name), key) != 0 ||
	    (room = cluster_bus_find_room(key, name)) == NULL) {
		log_warnx("cluster: a malformed message on the bus");
		free(fold);
		cJSON_Delete(obj);
		return;
	}
	free(fold);
	kind = action ? MSG_ACTION : MSG_TEXT;
	if ((img = cJSON_GetObjectItemCaseSensitive(obj, PF_IMAGE)) != NULL &&
	    cJSON_IsObject(img)) {
		image = cJSON_PrintUnformatted(img);
		kind = MSG_IMAGE;
	}
	if (notice)
		kind |= MSG_NOTICE;
	server_note_id(id);
	m = message_new_frame(id, ts, kind, nick, text, image, frame, len);
	if (hub == NULL && session_find_nick(nick) == NULL)
		hub = room_remote_hub(room, nick);
	if (hub != NULL && strcmp(hub, cluster.hub) != 0)
		message_set_hub(m, hub, cluster_hub_name(hub) != NULL ?
		    cluster_hub_name(hub) : host);
	room_say(room, m);
	message_unref(m);
	cJSON_free(image);
	cJSON_Delete(obj);
}

/* Split a header into tab-separated fields (in place). */
u_int
cluster_bus_fields(char *header, char **fields, u_int max)
{
	u_int	n = 0;
	char	*p = header, *f;

	while (n < max && (f = strsep(&p, "\t")) != NULL)
		fields[n++] = f;
	return (n);
}

/*
 * Parse a frame from the bus, of the kind of payload given (a letter) and
 * from the hub given (or NULL if the payload does not say): a JSON object
 * of one of the types given (ending in PROTO_UNKNOWN), or NULL.
 */
cJSON *
cluster_bus_frame(const char *frame, size_t len, const enum proto_type *types,
    char kind, const char *hub, enum proto_type *type)
{
	cJSON		*obj;
	const char	*name = NULL;
	u_int		 i;

	*type = PROTO_UNKNOWN;
	if (len == 0 || (obj = cJSON_ParseWithLength(frame, len)) == NULL)
		return (NULL);
	if (cJSON_IsObject(obj) &&
	    proto_get_str(obj, PF_TYPE, 1, &name) == 0) {
		*type = proto_type_lookup(name);
		for (i = 0; *type != PROTO_UNKNOWN &&
		    types[i] != PROTO_UNKNOWN; i++) {
			if (types[i] == *type)
				return (obj);
		}
	}
	log_warnx("cluster: an unexpected frame on the bus: type %s in a "
	    "\"%c\" payload%s%s", name != NULL ? name : "(none)", kind,
	    hub != NULL ? " from hub " : "", hub != NULL ? hub : "");
	cJSON_Delete(obj);
	return (NULL);
}

/*
 * What an event from another hub says of a user's away message (in
 * field, absent if it is back): kept for IRC's WHOIS and WHO.
 */
static void
cluster_bus_away(cJSON *obj, const char *nick, const char *hub,
    const char *field)
{
	const char	*text = NULL;
	enum proto_err	 err;
	char		*cause;

	if (!cluster_bus_good_nick(nick) ||
	    proto_get_str(obj, field, 0, &text) != 0)
		return;
	if (text != NULL && *text == '\0')
		text = NULL;
	if (text != NULL &&
	    proto_check_text(text, CR_AWAY_MAX, 0, &err, &cause) != 0) {
		log_warnx("cluster: a malformed away message on the bus");
		free(cause);
		return;
	}
	cluster_away_set(nick, hub, text);
}

/* Is a nick listed among a room's members on other hubs? */
static int
cluster_bus_remote_has(struct room *room, const char *nick)
{
	char	*key = utf8_casefold(nick);
	u_int	 i;

	for (i = 0; i < room->nremote; i++) {
		if (strcmp(room->remote[i].key, key) == 0)
			break;
	}
	free(key);
	return (i < room->nremote);
}

/*
 * A room event from another hub: update what we know, then fan out.  A
 * join, back or departure that a reload of the members, or a back for
 * the user's rooms, already told clients of (cluster-sync.c,
 * cluster_bus_peers) is not told again.
 */
static void
cluster_bus_room(const char *hub, const char *key, const char *frame,
    size_t len)
{
	struct room	*room;
	cJSON		*obj;
	enum proto_type	 type;
	const char	*nick = NULL, *topic = NULL;

	obj = cluster_bus_frame(frame, len, cluster_bus_room_types, 'r', hub,
	    &type);
	if (obj == NULL)
		return;
	proto_get_str(obj, PF_NICK, 0, &nick);
	if ((room = cluster_bus_find_room(key, NULL)) == NULL) {
		const char	*name = NULL;

		proto_get_str(obj, PF_ROOM, 0, &name);
		room = cluster_bus_find_room(key, name);
	}
	if (room != NULL && nick != NULL) {
		if (((type == PROTO_JOINED || type == PROTO_BACK) &&
		    cluster_bus_remote_has(room, nick)) ||
		    (type == PROTO_LEFT &&
		    !cluster_bus_remote_has(room, nick))) {
			cJSON_Delete(obj);
			return;
		}
		if (type == PROTO_JOINED || type == PROTO_BACK) {
			room_remote_add(room, nick, hub);
			cluster_sync_learn(nick);
			if (type == PROTO_JOINED)
				cluster_bus_away(obj, nick, hub, PF_AWAY);
		} else if (type == PROTO_LEFT)
			room_remote_remove(room, nick);
		else if (type == PROTO_TOPIC_CHANGED &&
		    proto_get_str(obj, PF_TOPIC, 1, &topic) == 0) {
			room_set_topic(room, topic, nick, now_ms());
			server_mark_dirty();
		}
	}
	if (room != NULL)
		room_fanout(room, frame, len, server_irc_hub_name(hub));
	cJSON_Delete(obj);
}

/*
 * An event for a user's rooms from another hub.  A member this hub does
 * not list in a room (one its hub kept over a restart, which clients here
 * saw quit with the hub: cluster-sync.c) is not told to have quit there;
 * back, it is a member again, shown back in that room (for IRC, a JOIN),
 * after the rooms where it was listed had the frame.  A back of one
 * nobody saw lost (unseen: connected when its hub died, the restart fast
 * enough that this hub never gave that hub up) is not told where it is
 * still listed.
 */
static void
cluster_bus_peers(const char *hub, char **keys, u_int nkeys,
    const char *frame, size_t len)
{
	struct room		**rooms, **again;
	struct server_event	  out;
	cJSON			 *obj;
	enum proto_type		  type;
	const char		 *nick = NULL, *old = NULL;
	u_int			  i, n = 0, nagain = 0;
	int			  unseen = 0;

	obj = cluster_bus_frame(frame, len, cluster_bus_peers_types, 'p', hub,
	    &type);
	if (obj == NULL)
		return;
	proto_get_str(obj, PF_NICK, 0, &nick);
	proto_get_str(obj, PF_OLD, 0, &old);
	if (type != PROTO_BACK ||
	    proto_get_bool(obj, PF_UNSEEN, 0, &unseen) != 0)
		unseen = 0;
	rooms = xcalloc(nkeys > 0 ? nkeys : 1, sizeof *rooms);
	again = xcalloc(nkeys > 0 ? nkeys : 1, sizeof *again);
	for (i = 0; i < nkeys; i++) {
		if ((rooms[n] = room_find(keys[i])) == NULL)
			continue;
		if (nick != NULL && (type == PROTO_SIGNOFF ||
		    type == PROTO_KICKED)) {
			if (room_remote_remove(rooms[n], nick) != 0)
				continue;
		} else if (nick != NULL && old != NULL &&
		    type == PROTO_RENAMED)
			room_remote_rename(rooms[n], old, nick);
		else if (nick != NULL && type == PROTO_BACK &&
		    cluster_bus_good_nick(nick) &&
		    session_find_nick(nick) == NULL &&
		    !cluster_bus_remote_has(rooms[n], nick)) {
			again[nagain++] = rooms[n];
			continue;
		} else if (nick != NULL && type == PROTO_BACK && unseen)
			continue;	/* still listed: never seen lost */
		n++;
	}
	if (nick != NULL && old != NULL && type == PROTO_RENAMED) {
		cluster_sync_learn_rename(old, nick);
		cluster_away_renamed(old, nick);
	} else if (nick != NULL && type == PROTO_SIGNOFF) {
		cluster_sync_unlearn(nick);
		cluster_away_forget_nick(nick);
	} else if (nick != NULL && type == PROTO_AWAY_CHANGED)
		cluster_bus_away(obj, nick, hub, PF_TEXT);
	else if (nick != NULL && (type == PROTO_LOST || type == PROTO_BACK))
		cluster_away_lost(nick, hub, type == PROTO_LOST);
	server_event_init_json(&out, frame, len);
	out.host = server_irc_hub_name(hub);
	session_fanout_rooms(rooms, n, &out);
	server_event_free(&out);
	for (i = 0; i < nagain; i++) {
		room_remote_add(again[i], nick, hub);
		cluster_sync_tell(again[i], PROTO_BACK, nick, hub);
	}
	if (nagain > 0)
		cluster_sync_learn(nick);
	free(again);
	free(rooms);
	cJSON_Delete(obj);
}

/*
 * A session of ours moved to hub to: the DMs kept for it go there, on
 * the bus as Redis sends a DM, for the session it holds now (whose hub
 * tells their senders if it is gone).
 */
static void
cluster_bus_pass_dms(struct session *s, const char *to, const char *key)
{
	struct session_dm	*dm;
	char			*header;

	while ((dm = TAILQ_FIRST(&s->dms)) != NULL) {
		TAILQ_REMOVE(&s->dms, dm, entry);
		/*
		 * A notice kept for it (from "") stays with this hub.  A DM
		 * says its sender's hub (this one if none is kept), with no
		 * hub to acknowledge it to.
		 */
		if (*dm->from != '\0') {
			xasprintf(&header, "d\t%s\t%s\t\t%s\t%s", to, key,
			    dm->hub != NULL ? dm->hub : cluster.hub,
			    dm->hub != NULL ? (dm->host != NULL ? dm->host :
			    "") : server_irc_name());
			cluster_bus_publish(header, strlen(header), dm->line,
			    dm->len);
			free(header);
		}
		session_dm_free(dm);
	}
	s->ndms = 0;
}

/*
 * A session moved between hubs: ours ends, without a word to its rooms,
 * whose members here see it on the other hub now, as do the members of
 * its rooms here if it was ours.  A login that proved the nick there
 * took it over from addr (else the session was resumed by its token,
 * addr NULL).  Where it was not listed (its users here saw it quit),
 * it stays so until its back (cluster_bus_peers).
 */
static void
cluster_bus_moved(const char *from, const char *to, const char *key,
    const char *addr)
{
	struct session	*s;
	struct room	*room, **rooms;
	char		*nick;
	u_int		 i, n;

	if (strcmp(to, cluster.hub) == 0)
		return;
	if (strcmp(from, cluster.hub) == 0 &&
	    (s = session_find_nick(key)) != NULL) {
		nick = xstrdup(s->nick);
		n = s->nrooms;
		rooms = xreallocarray(NULL, n > 0 ? n : 1, sizeof *rooms);
		if (n > 0)		/* s->rooms may be NULL */
			memcpy(rooms, s->rooms, n * sizeof *rooms);
		cluster_bus_pass_dms(s, to, key);
		server_login_takeover_remote(s, PERR_BAD_TOKEN,
		    "session taken over on another hub", addr);
		for (i = 0; i < n; i++)
			room_remote_add(rooms[i], nick, to);
		free(rooms);
		free(nick);
	}
	TAILQ_FOREACH(room, &room_list, entry)
		room_remote_rehome(room, key, to);
	cluster_away_moved(key, to);
}

/*
 * Where a resumed session now is: listed under its new hub where it was
 * listed.  Where it was not (its users here saw it quit), the back that
 * follows makes it a member again, and says so (cluster_bus_peers).
 */
static void
cluster_bus_where(const char *hub, char **fields, u_int n)
{
	struct room	*room, **listed;
	u_int		 i, nlisted = 0;

	if (n < 1 || !cluster_bus_good_nick(fields[0]))
		return;
	listed = xreallocarray(NULL, room_count() + 1, sizeof *listed);
	TAILQ_FOREACH(room, &room_list, entry) {
		if (room_remote_remove(room, fields[0]) == 0 &&
		    nlisted < room_count())
			listed[nlisted++] = room;
	}
	for (i = 1; i < n; i++) {
		room = cluster_bus_find_room(fields[i], fields[i]);
		if (room != NULL && cluster_bus_in(listed, nlisted, room))
			room_remote_add(room, fields[0], hub);
	}
	free(listed);
	cluster_away_moved(fields[0], hub);
}

/* Is a room one of a list's? */
static int
cluster_bus_in(struct room **rooms, u_int n, struct room *room)
{
	u_int	i;

	for (i = 0; i < n; i++) {
		if (rooms[i] == room)
			return (1);
	}
	return (0);
}

/* A new room, or a new topic, from another hub. */
void
cluster_bus_room_created(char **fields, u_int n)
{
	struct room	*room;
	long long	 created, at = 0;
	const char	*by = NULL;
	enum proto_err	 err;
	char		*cause;

	if (n < 3)
		return;
	if (n >= 5 && *fields[3] != '\0') {
		if (proto_check_text(fields[3], CR_NICK_MAX, 0, &err,
		    &cause) != 0)
			free(cause);
		else if (parse_number(fields[4], 1, INT64_MAX, &at) == 0)
			by = fields[3];
	}
	if ((room = cluster_bus_find_room(fields[1], fields[1])) == NULL)
		return;
	if (*fields[2] != '\0' && proto_check_text(fields[2], CR_TOPIC_MAX, 0,
	    &err, &cause) != 0) {
		free(cause);
		return;
	}
	if (parse_number(fields[0], 0, INT64_MAX, &created) == 0 &&
	    created > 0 && (room->created == 0 || created < room->created))
		room->created = created;
	/* A record from an older hub does not say who set it. */
	if (strcmp(room->topic, fields[2]) != 0 || (by != NULL &&
	    (room->topic_by == NULL || room->topic_at != at ||
	    strcmp(room->topic_by, by) != 0))) {
		room_set_topic(room, fields[2], by, by != NULL ? at : 0);
		server_mark_dirty();
	}
}

/* Something arrived on the bus. */
void
cluster_bus(const char *payload, size_t len)
{
	const char	*nl, *frame;
	char		*header, *f[CR_ROOMS_PER_CLIENT + 8];
	size_t		 flen;
	u_int		 n;
	struct session	*s;
	struct room	*room;

	if ((nl = memchr(payload, '\n', len)) == NULL ||
	    !utf8_valid(payload, len)) {
		log_warnx("cluster: a malformed payload on the bus");
		return;
	}
	frame = nl + 1;
	flen = len - (frame - payload);
	/* A frame goes to clients as it is: one valid line, or nothing. */
	if (flen > 0 && !cluster_bus_one_line(frame, flen)) {
		log_warnx("cluster: a malformed frame on the bus");
		return;
	}
	header = xstrndup(payload, nl - payload);
	n = cluster_bus_fields(header, f, sizeof f / sizeof f[0]);
	if (n < 2 || strlen(f[0]) != 1)
		goto out;
	switch (f[0][0]) {
	case 'm':		/* m HUB ROOM SID: everyone, us included */
		if (n < 4)
			break;
		cluster_bus_ingest(f[2], f[1], NULL, frame, flen);
		if ((room = room_find(f[2])) != NULL)
			snprintf(room->mark, sizeof room->mark, "%s", f[3]);
		break;
	case 'r':
		if (n >= 3 && strcmp(f[1], cluster.hub) != 0)
			cluster_bus_room(f[1], f[2], frame, flen);
		break;
	case 'p':
		if (strcmp(f[1], cluster.hub) != 0)
			cluster_bus_peers(f[1], f + 2, n - 2, frame, flen);
		break;
	case 'c':
		if (strcmp(f[1], cluster.hub) != 0)
			cluster_bus_room_created(f + 2, n - 2);
		break;
	case 'd':	/* d HUB NICK [FROMHUB [OHUB ONAME]]: a DM for HUB */
		if (n >= 3 && strcmp(f[1], cluster.hub) == 0)
			cluster_bus_dm_in(f[2], frame, flen, n >= 4 &&
			    *f[3] != '\0' ? f[3] : NULL,
			    n >= 6 && cluster_bus_hub_id(f[4]) ? f[4] : NULL,
			    n >= 6 && cluster_hub_name_ok(f[5], strlen(f[5])) ?
			    f[5] : NULL);
		break;
	case 'a':		/* a HUB ID [FROM]: a DM HUB sent was taken */
		if (n < 3 || strcmp(f[1], cluster.hub) != 0)
			break;
		cluster_dm_acked(f[2]);
		if (n >= 4 && cluster_bus_good_nick(f[3]))
			cluster_bus_dm_away_in(f[3], frame, flen);
		break;
	case 'n':		/* n HUB NICK: what became of NICK's DMs */
		if (n >= 3 && strcmp(f[1], cluster.hub) == 0 &&
		    (s = session_find_nick(f[2])) != NULL)
			cluster_bus_dm_notice_in(s, frame, flen);
		break;
	case 'q':		/* q HUB FROMHUB ...: a CTCP */
		cluster_ctcp_bus(f[1], f + 2, n - 2);
		break;
	case 't':		/* t FROMHUB TOHUB NICK [ADDR]: a session moved */
		if (n >= 4)
			cluster_bus_moved(f[1], f[2], f[3], n >= 5 &&
			    *f[4] != '\0' ? f[4] : NULL);
		break;
	case 'j':
		if (strcmp(f[1], cluster.hub) != 0)
			cluster_bus_where(f[1], f + 2, n - 2);
		break;
	case 'x':
		if (strcmp(f[1], cluster.hub) == 0)
			break;
		if (n >= 3 && strcmp(f[2], "shutdown") == 0) {
			log_info("cluster: hub %s shut down", f[1]);
			room_remote_drop_hub(f[1], "hub shut down");
		} else {
			log_info("cluster: hub %s is gone", f[1]);
			room_remote_drop_hub(f[1], "hub lost");
		}
		cluster_dm_again_hub(f[1], f[1]);
		cluster_dm_adopt();	/* what it had not seen taken */
		break;
	case 's':
		if (strcmp(f[1], cluster.hub) != 0) {
			cluster_sync_reload();
			cluster_dm_again_hub(f[1], "");
		}
		break;
	case 'k':		/* k HUB NICK [CLAIM]: a claim changed */
		cluster_claim_bus(f[1], f + 2, n - 2);
		break;
	case 'b':		/* b HUB KIND TARGET [TIME | BAN]: a ban changed */
		cluster_ban_bus(f[1], f + 2, n - 2);
		break;
	case 'o':		/* o HUB NICK BY REASON: a kick */
		cluster_ban_kick_bus(f[1], f + 2, n - 2);
		break;
	}
out:
	free(header);
}

/* The subscription: its confirmation starts the sync; then the bus. */
void
cluster_bus_sub_cb(redisAsyncContext *ac, void *r, void *priv)
{
	redisReply	*reply = r, *kind, *payload;
	u_int		 n;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 3)
		return;
	kind = reply->element[0];
	if (kind->type != REDIS_REPLY_STRING)
		return;
	if (strcmp(kind->str, "subscribe") == 0) {
		if (cluster.state == CL_CONNECTING)
			cluster_sync_start();
		return;
	}
	if (strcmp(kind->str, "message") != 0)
		return;
	payload = reply->element[2];
	if (payload->type != REDIS_REPLY_STRING)
		return;
	if (cluster.state == CL_SYNCING) {
		n = cluster.nqueued;
		cluster.queued = xreallocarray(cluster.queued, n + 1,
		    sizeof *cluster.queued);
		cluster.queuedlen = xreallocarray(cluster.queuedlen, n + 1,
		    sizeof *cluster.queuedlen);
		cluster.queued[n] = xstrndup(payload->str, payload->len);
		cluster.queuedlen[cluster.nqueued++] = payload->len;
	} else if (cluster.state == CL_UP)
		cluster_bus(payload->str, payload->len);
}

/* Throw away the bus messages held during a sync. */
void
cluster_bus_drop_queued(void)
{
	u_int	i;

	for (i = 0; i < cluster.nqueued; i++)
		free(cluster.queued[i]);
	free(cluster.queued);
	free(cluster.queuedlen);
	cluster.queued = NULL;
	cluster.queuedlen = NULL;
	cluster.nqueued = 0;
}
