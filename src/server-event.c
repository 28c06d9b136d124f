/* SPDX-License-Identifier: ISC */
/* server-event.c: a hub event on its way out, encoded once per codec. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * A room or a user's peers may be reached through different codecs: the
 * JSON protocol, and IRC in SERVER_IRC_VARIANTS variants (with or without
 * tags, server-time, away-notify; see server_irc_event_encode).  An event is
 * encoded the first time a session of a codec needs it, and those bytes
 * are shared by every other session of that codec: never one encoding per
 * member.  The backend is handed the JSON bytes, which is what other hubs
 * read.
 */

/* Encode an event in a codec, into a buffer the caller keeps. */
void
server_event_encode(int codec, struct jbuf *jb, const struct hub_event *ev)
{
	if (codec == SERVER_CODEC_JSON)
		proto_event_encode(jb, ev);
	else
		server_irc_event_encode(codec, jb, ev);
}

/* Start an event on its way; nothing is encoded yet. */
void
server_event_init(struct server_event *out, const struct hub_event *ev)
{
	memset(out, 0, sizeof *out);
	out->ev = ev;
}

/*
 * Start on its way an event known only as JSON bytes (from another hub):
 * they are borrowed, and decoded if a session of another codec needs the
 * event (server_event_value).  Its user's host (the hub_event's) may be
 * set in out->host after.
 */
void
server_event_init_json(struct server_event *out, const char *line,
    size_t len)
{
	memset(out, 0, sizeof *out);
	out->enc[SERVER_CODEC_JSON].buf = (char *)line;
	out->enc[SERVER_CODEC_JSON].len = len;
	out->borrowed = 1;
}

/*
 * Start on its way an event whose JSON bytes exist already (a stored
 * message's frame): they are borrowed, other codecs encode the event.
 */
void
server_event_init_shared(struct server_event *out, const struct hub_event *ev,
    const char *line, size_t len)
{
	server_event_init_json(out, line, len);
	out->ev = ev;
}

/* The event's bytes in a codec, encoded on first use; NULL if unknown. */
const char *
server_event_bytes(struct server_event *out, int codec, size_t *len)
{
	struct jbuf	*jb = &out->enc[codec];

	*len = 0;
	if (jb->buf == NULL) {
		if (server_event_value(out) == NULL)
			return (NULL);
		jbuf_init(jb);
		server_event_encode(codec, jb, server_event_value(out));
	}
	*len = jb->len;
	return (jb->buf);
}

/*
 * The event as a value: as given, or decoded once from the JSON bytes
 * another hub sent (for codecs other than JSON); NULL if they are not a
 * hub event.
 */
const struct hub_event *
server_event_value(struct server_event *out)
{
	struct hub_event	*ev;
	struct jbuf		*jb = &out->enc[SERVER_CODEC_JSON];
	enum proto_type		 type;
	enum proto_err		 err;
	long long		 n;
	char			*cause;
	cJSON			*img;

	if (out->ev != NULL || out->decoded != NULL)
		return (out->ev != NULL ? out->ev : out->decoded);
	if (jb->buf == NULL || (out->json = proto_parse(jb->buf, jb->len,
	    &type, &err, &cause)) == NULL) {
		if (jb->buf != NULL)
			free(cause);
		return (NULL);
	}
	ev = out->decoded = xcalloc(1, sizeof *ev);
	ev->type = type;
	ev->host = out->host;
	n = 0;	/* an absent field leaves it alone */
	if (proto_get_int(out->json, PF_ID, 0, &n) == 0 && n > 0)
		ev->id = n;
	n = 0;
	if (proto_get_int(out->json, PF_TS, 0, &n) == 0)
		ev->ts = n;
	proto_get_str(out->json, PF_ROOM, 0, &ev->room);
	proto_get_str(out->json, PF_NICK, 0, &ev->nick);
	proto_get_str(out->json, PF_OLD, 0, &ev->old);
	proto_get_str(out->json, PF_TO, 0, &ev->to);
	proto_get_str(out->json, PF_BY, 0, &ev->by);
	proto_get_str(out->json, PF_REASON, 0, &ev->reason);
	proto_get_str(out->json, PF_AWAY, 0, &ev->away);
	proto_get_str(out->json, type == PROTO_TOPIC_CHANGED ? PF_TOPIC :
	    PF_TEXT, 0, &ev->text);
	n = -1;	/* kicked: a ban's end, 0 for none; absent: a kick */
	if (type == PROTO_KICKED &&
	    proto_get_int(out->json, PF_UNTIL, 0, &n) == 0 && n >= 0)
		ev->until = n > 0 ? n : -1;
	proto_get_bool(out->json, PF_ACTION, 0, &ev->action);
	proto_get_bool(out->json, PF_NOTICE, 0, &ev->notice);
	img = cJSON_GetObjectItemCaseSensitive(out->json, PF_IMAGE);
	if (cJSON_IsObject(img))
		ev->image = out->image = cJSON_PrintUnformatted(img);
	return (ev);
}

/* Deliver the event to one session, in its codec. */
void
server_event_send(struct server_event *out, struct session *s)
{
	const char	*line;
	size_t		 len;

	if (s->peer == NULL)
		return;
	if (s->codec != SERVER_CODEC_JSON) {
		server_irc_event_deliver(out, s);	/* who gets what differs */
		return;
	}
	if ((line = server_event_bytes(out, s->codec, &len)) != NULL)
		session_write(s, line, len);
}

/*
 * Deliver the event to n sessions but one (or none): the fan-out's loop.
 * The JSON bytes are looked up once, and those sessions get them with
 * nothing between the loop and their peer's queue.
 */
void
server_event_members(struct server_event *out, struct session **members,
    u_int n, struct session *except)
{
	struct session	*s;
	const char	*line = NULL;
	size_t		 len = 0;
	u_int		 i, sent = 0;
	int		 looked = 0;

	for (i = 0; i < n; i++) {
		s = members[i];
		if (s == except || s->peer == NULL)
			continue;
		if (s->codec != SERVER_CODEC_JSON) {
			server_irc_event_deliver(out, s);
			continue;
		}
		if (!looked) {
			line = server_event_bytes(out, SERVER_CODEC_JSON, &len);
			looked = 1;
		}
		if (line == NULL)
			continue;
		if (log_level >= LOG_TRACE)
			session_write(s, line, len);	/* says so, and counts */
		else {
			if (out->pinned)
				peer_send_pinned(s->peer, line, len);
			else
				peer_send(s->peer, line, len);
			sent++;
		}
	}
	metrics.sent_bytes += (uint64_t)sent * len;
}

/* Release the encodings. */
void
server_event_free(struct server_event *out)
{
	u_int	i;

	free(out->decoded);
	cJSON_Delete(out->json);
	cJSON_free(out->image);
	for (i = 0; i < SERVER_NCODECS; i++) {
		if (out->enc[i].buf != NULL && !(out->borrowed &&
		    i == SERVER_CODEC_JSON))
			jbuf_free(&out->enc[i]);
	}
}

/*
 * Deliver an event to every member of a room but one (or none), and hand
 * it to the backend for the room's members on other hubs.
 */
void
server_event_room(struct room *room, const struct hub_event *ev,
    struct session *except)
{
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	server_event_init(&out, ev);
	server_event_members(&out, room->members, room->nmembers, except);
	line = server_event_bytes(&out, SERVER_CODEC_JSON, &len);
	server_backend()->room_event(room, line, len);
	server_event_free(&out);
}

/*
 * Deliver an event once to everyone sharing a room with the session (and
 * as flags ask, FANOUT_*, to the session itself and its DM partners), here
 * and, through the backend, to room peers on the other hubs.
 */
void
server_event_peers(struct session *s, const struct hub_event *ev, int flags)
{
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	server_event_init(&out, ev);
	session_fanout_peers(s, &out, flags);
	line = server_event_bytes(&out, SERVER_CODEC_JSON, &len);
	server_backend()->peers_event(s, line, len);
	server_event_free(&out);
}

/* Deliver an event to one session alone. */
void
server_event_one(struct session *s, const struct hub_event *ev)
{
	struct server_event	out;

	server_event_init(&out, ev);
	server_event_send(&out, s);
	server_event_free(&out);
}
