/* SPDX-License-Identifier: ISC */
/* history-parse.c: read a history document, checking every field. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "irc.h"

/* A room's case-folded name and its place in the file, to sort. */
struct history_name {
	char	*key;
	size_t	 idx;
};

static int	history_parse_room(cJSON *, u_int, struct hist_room *,
		    uint64_t *, char **, size_t);
static int	history_parse_sessions(cJSON *, struct hist *, char **);
static int	history_parse_hub_valid(const char *);
static int	history_parse_boxes(cJSON *, struct hist *, char **);
static int	history_parse_dms(cJSON *, struct hist_session *);
static int	history_parse_dm_list(cJSON *, const char *,
		    struct hist_dm **, size_t *);
static int	history_parse_name_cmp(const void *, const void *);
static char	*history_parse_nfc(const char *);
static int	history_parse_twice(struct hist *, char **);

/*
 * Read a room number member: 0 if it is absent, -1 if it is not a whole
 * number from 1 to CR_ROOM_NUMBER_MAX (which the caller says and mends:
 * a bad number loses no room).
 */
int
history_parse_number(cJSON *obj, const char *key, uint64_t *out)
{
	long long	n = 0;

	*out = 0;
	if (proto_get_int(obj, key, 0, &n) != 0 || n < 0 ||
	    n > CR_ROOM_NUMBER_MAX ||
	    (n == 0 && cJSON_GetObjectItemCaseSensitive(obj, key) != NULL &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, key))))
		return (-1);
	*out = (uint64_t)n;
	return (0);
}

/* Read one room object of the history file. */
static int
history_parse_room(cJSON *jr, u_int size, struct hist_room *hr,
    uint64_t *max_id, char **why, size_t idx)
{
	cJSON		*jms, *jm, *img;
	const char	*name, *topic, *topic_by = NULL, *nick, *text, *kind_s,
			*hub, *host;
	long long	 created = 0, id, ts, gone = 0, topic_at = 0;
	int		 kind, notice;
	enum proto_err	 err;
	char		*cause, *image;
	uint64_t	 last = 0;
	size_t		 n = 0;
	struct message	*m;

	if (!cJSON_IsObject(jr) ||
	    proto_get_str(jr, "name", 1, &name) != 0 ||
	    proto_get_str(jr, "topic", 0, &topic) != 0 ||
	    proto_get_str(jr, "topic_by", 0, &topic_by) != 0 ||
	    proto_get_int(jr, "topic_at", 0, &topic_at) != 0 ||
	    proto_get_int(jr, "created", 0, &created) != 0 ||
	    proto_get_int(jr, "gone", 0, &gone) != 0 || gone < 0) {
		xasprintf(why, "room %zu has a missing or wrong field", idx);
		return (-1);
	}
	if (proto_check_stored_room(name, &err, &cause) != 0) {
		xasprintf(why, "room %zu: %s", idx, cause);
		free(cause);
		return (-1);
	}
	hr->name = history_parse_nfc(name);
	hr->topic = xstrdup(topic != NULL ? topic : "");
	if (topic_by != NULL && *topic_by != '\0' && topic_at > 0) {
		hr->topic_by = xstrdup(topic_by);
		hr->topic_at = topic_at;
	}
	hr->created = created;
	if (history_parse_number(jr, "number", &hr->seq) != 0)
		hr->seq_bad = 1;	/* room_from_hist gives another */
	ring_init(&hr->ring, size);

	jms = cJSON_GetObjectItemCaseSensitive(jr, "messages");
	if (jms != NULL && !cJSON_IsArray(jms)) {
		xasprintf(why, "room %s: \"messages\" is not an array", name);
		return (-1);
	}
	cJSON_ArrayForEach(jm, jms) {
		n++;
		kind_s = NULL;
		notice = 0;
		if (!cJSON_IsObject(jm) ||
		    proto_get_int(jm, "id", 1, &id) != 0 || id <= 0 ||
		    proto_get_int(jm, "ts", 1, &ts) != 0 ||
		    proto_get_str(jm, "nick", 1, &nick) != 0 ||
		    proto_get_str(jm, "text", 1, &text) != 0 ||
		    proto_get_str(jm, "kind", 0, &kind_s) != 0 ||
		    proto_get_bool(jm, "notice", 0, &notice) != 0 ||
		    history_parse_origin(jm, &hub, &host) != 0) {
			xasprintf(why, "room %s, message %zu: a missing or "
			    "wrong field", name, n);
			return (-1);
		}
		if ((uint64_t)id <= last) {
			xasprintf(why, "room %s, message %zu: ids out of "
			    "order", name, n);
			return (-1);
		}
		last = id;
		if (kind_s == NULL || strcmp(kind_s, "text") == 0)
			kind = MSG_TEXT;
		else if (strcmp(kind_s, "action") == 0)
			kind = MSG_ACTION;
		else if (strcmp(kind_s, "image") == 0)
			kind = MSG_IMAGE;
		else {
			xasprintf(why, "room %s, message %zu: unknown kind "
			    "\"%s\"", name, n, kind_s);
			return (-1);
		}
		image = NULL;
		img = cJSON_GetObjectItemCaseSensitive(jm, "image");
		if (img != NULL) {
			if (!cJSON_IsObject(img)) {
				xasprintf(why, "room %s, message %zu: bad "
				    "image", name, n);
				return (-1);
			}
			image = cJSON_PrintUnformatted(img);
		}
		if (notice)
			kind |= MSG_NOTICE;
		m = message_new(id, ts, kind, name, nick, text, image);
		if (hub != NULL)
			message_set_hub(m, hub, host);
		ring_push(&hr->ring, m);
		cJSON_free(image);
		if ((uint64_t)id > *max_id)
			*max_id = id;
	}
	/*
	 * The highest id the room let go, which a resume needs (see
	 * server_login_welcome); a file written before it was kept, with as
	 * many messages as the room keeps, may have let go any before them.
	 */
	if ((uint64_t)gone > hr->ring.gone)
		hr->ring.gone = gone;
	if (cJSON_GetObjectItemCaseSensitive(jr, "gone") == NULL &&
	    hr->ring.count == hr->ring.size &&
	    ring_get(&hr->ring, 0)->id - 1 > hr->ring.gone)
		hr->ring.gone = ring_get(&hr->ring, 0)->id - 1;
	return (0);
}

/*
 * A copy of a name read back, in NFC (see utf8-nfc.c): a file written
 * before names were kept so may hold them decomposed.  A name NFC would
 * make longer (one holding characters it may not compose again, such as
 * U+0958) is kept as it is, so that it stays within the limits it was
 * checked against; it still compares in NFC.
 */
static char *
history_parse_nfc(const char *name)
{
	char	*nfc;

	if ((nfc = utf8_nfc(name)) == NULL)
		return (xstrdup(name));
	if (utf8_strlen(nfc, strlen(nfc)) > utf8_strlen(name, strlen(name))) {
		free(nfc);
		return (xstrdup(name));
	}
	return (nfc);
}

/* Read the optional claims and bans of a history document (or record). */
int
history_parse_extra(cJSON *doc, struct hist *h, char **cause)
{
	cJSON		*arr, *j;
	const char	*nick, *hash, *key, *pass, *kind, *target, *reason;
	const char	*by;
	long long	 seen, until, set;
	struct hist_ban	*b;

	arr = cJSON_GetObjectItemCaseSensitive(doc, "claims");
	if (arr != NULL && !cJSON_IsArray(arr)) {
		*cause = xstrdup("\"claims\" is not an array");
		return (-1);
	}
	if (cJSON_GetArraySize(arr) > 0)
		h->claims = xcalloc(cJSON_GetArraySize(arr),
		    sizeof *h->claims);
	cJSON_ArrayForEach(j, arr) {
		seen = 0;
		if (!cJSON_IsObject(j) ||
		    proto_get_str(j, "nick", 1, &nick) != 0 ||
		    proto_get_str(j, "hash", 0, &hash) != 0 ||
		    proto_get_str(j, "key", 0, &key) != 0 ||
		    proto_get_str(j, "pass", 0, &pass) != 0 ||
		    proto_get_int(j, "seen", 0, &seen) != 0 ||
		    (hash != NULL && (key != NULL || pass != NULL)) ||
		    (hash == NULL && key == NULL && pass == NULL) ||
		    (hash != NULL && strlen(hash) != 64) ||
		    (key != NULL && strlen(key) != 64) ||
		    (pass != NULL && !claim_pass_stored_valid(pass))) {
			xasprintf(cause, "claim %zu has a missing or wrong "
			    "field", h->nclaims + 1);
			return (-1);
		}
		h->claims[h->nclaims].nick = history_parse_nfc(nick);
		if (hash != NULL)
			h->claims[h->nclaims].hash = xstrdup(hash);
		else if (key != NULL)
			h->claims[h->nclaims].pubkey = xstrdup(key);
		if (pass != NULL)
			h->claims[h->nclaims].pass = xstrdup(pass);
		h->claims[h->nclaims].seen = seen;
		h->nclaims++;
	}

	arr = cJSON_GetObjectItemCaseSensitive(doc, "bans");
	if (arr != NULL && !cJSON_IsArray(arr)) {
		*cause = xstrdup("\"bans\" is not an array");
		return (-1);
	}
	if (cJSON_GetArraySize(arr) > 0)
		h->bans = xcalloc(cJSON_GetArraySize(arr), sizeof *h->bans);
	cJSON_ArrayForEach(j, arr) {
		until = set = 0;
		reason = by = NULL;
		if (!cJSON_IsObject(j) ||
		    proto_get_str(j, "kind", 1, &kind) != 0 ||
		    proto_get_str(j, "target", 1, &target) != 0 ||
		    proto_get_int(j, "until", 0, &until) != 0 ||
		    proto_get_str(j, "reason", 0, &reason) != 0 ||
		    proto_get_str(j, "by", 0, &by) != 0 ||
		    proto_get_int(j, "set", 0, &set) != 0) {
			xasprintf(cause, "ban %zu has a missing or wrong "
			    "field", h->nbans + 1);
			return (-1);
		}
		b = &h->bans[h->nbans];
		if ((b->kind = history_ban_kind(kind)) == -1) {
			xasprintf(cause, "ban %zu has unknown kind \"%s\"",
			    h->nbans + 1, kind);
			return (-1);
		}
		b->target = history_parse_nfc(target);
		b->until = until;
		b->reason = xstrdup(reason != NULL ? reason : "");
		b->by = xstrdup(by != NULL ? by : "");
		b->set = set;
		h->nbans++;
	}

	/* Bans lifted while apart from the cluster, not yet told it. */
	arr = cJSON_GetObjectItemCaseSensitive(doc, "lifts");
	if (arr != NULL && !cJSON_IsArray(arr)) {
		*cause = xstrdup("\"lifts\" is not an array");
		return (-1);
	}
	if (cJSON_GetArraySize(arr) > 0)
		h->lifts = xcalloc(cJSON_GetArraySize(arr), sizeof *h->lifts);
	cJSON_ArrayForEach(j, arr) {
		set = 0;
		if (!cJSON_IsObject(j) ||
		    proto_get_str(j, "kind", 1, &kind) != 0 ||
		    proto_get_str(j, "target", 1, &target) != 0 ||
		    proto_get_int(j, "when", 1, &set) != 0 || set <= 0) {
			xasprintf(cause, "lift %zu has a missing or wrong "
			    "field", h->nlifts + 1);
			return (-1);
		}
		b = &h->lifts[h->nlifts];
		if ((b->kind = history_ban_kind(kind)) == -1) {
			xasprintf(cause, "lift %zu has unknown kind \"%s\"",
			    h->nlifts + 1, kind);
			return (-1);
		}
		b->target = history_parse_nfc(target);
		b->set = set;
		h->nlifts++;
	}
	return (0);
}

/* A cluster hub id: 16 lowercase hex digits. */
static int
history_parse_hub_valid(const char *hub)
{
	return (strlen(hub) == 16 &&
	    strspn(hub, "0123456789abcdef") == 16);
}

/*
 * Read the hub of the sender of a message or a kept DM (optional, of a
 * user of another hub of a cluster): its id, and the IRC server name it
 * gave, which is only told with an id.  Both NULL if absent (a user of
 * this hub, or a file from before they were kept); -1 if wrong.
 */
int
history_parse_origin(cJSON *j, const char **hub, const char **host)
{
	*hub = *host = NULL;
	if (proto_get_str(j, "hub", 0, hub) != 0 ||
	    proto_get_str(j, "host", 0, host) != 0 ||
	    (*hub != NULL && !history_parse_hub_valid(*hub)) ||
	    (*host != NULL && (*hub == NULL ||
	    !irc_server_name_ok(*host, strlen(*host)))))
		return (-1);
	return (0);
}

/*
 * Read the optional sessions of a history document (files from before
 * sessions were kept have none): nick, token, key, away message, rooms,
 * when a lost one was lost, and (files from before they were kept have
 * neither) when it began, when it last said something and, for an
 * operator, the hash of the operator password it gave, or whether it is
 * yet to be told it is no longer one, the cluster hub id it was on (so
 * that a hub restarted before the others gave its old id up knows its
 * own entries in Redis), and the direct messages kept for it until it
 * resumes.
 */
static int
history_parse_sessions(cJSON *doc, struct hist *h, char **cause)
{
	cJSON			*arr, *j, *jrooms, *jr;
	const char		*nick, *token, *key, *name, *away, *oper, *hub;
	long long		 last, lost, since, active;
	struct hist_session	*hs;
	int			 n, oper_lost, unseen;

	arr = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
	if (arr != NULL && !cJSON_IsArray(arr)) {
		*cause = xstrdup("\"sessions\" is not an array");
		return (-1);
	}
	if (cJSON_GetArraySize(arr) > 0)
		h->sessions = xcalloc(cJSON_GetArraySize(arr),
		    sizeof *h->sessions);
	cJSON_ArrayForEach(j, arr) {
		lost = since = active = 0;
		oper_lost = unseen = 0;
		if (!cJSON_IsObject(j) ||
		    proto_get_str(j, "nick", 1, &nick) != 0 ||
		    proto_get_str(j, "token", 1, &token) != 0 ||
		    proto_get_str(j, "key", 0, &key) != 0 ||
		    proto_get_str(j, "away", 0, &away) != 0 ||
		    proto_get_str(j, "oper", 0, &oper) != 0 ||
		    proto_get_bool(j, "oper_lost", 0, &oper_lost) != 0 ||
		    proto_get_str(j, "hub", 0, &hub) != 0 ||
		    (hub != NULL && !history_parse_hub_valid(hub)) ||
		    proto_get_int(j, "lost", 0, &lost) != 0 || lost < 0 ||
		    proto_get_bool(j, "unseen", 0, &unseen) != 0 ||
		    proto_get_int(j, "since", 0, &since) != 0 || since < 0 ||
		    proto_get_int(j, "active", 0, &active) != 0 || active < 0 ||
		    (away != NULL && strlen(away) > CR_AWAY_MAX * 4) ||
		    (oper != NULL && !claim_pass_stored_valid(oper)) ||
		    strlen(token) != CR_TOKEN_BYTES * 2 ||
		    (key != NULL && strlen(key) != CR_KEY_BYTES * 2) ||
		    !cJSON_IsArray(jrooms =
		    cJSON_GetObjectItemCaseSensitive(j, "rooms")))
			goto bad;
		hs = &h->sessions[h->nsessions++];
		hs->nick = history_parse_nfc(nick);
		hs->token = xstrdup(token);
		hs->pubkey = key != NULL ? xstrdup(key) : NULL;
		hs->away = away != NULL ? xstrdup(away) : NULL;
		hs->oper = oper != NULL ? xstrdup(oper) : NULL;
		hs->oper_lost = oper_lost;
		hs->hub = hub != NULL ? xstrdup(hub) : NULL;
		hs->since = since;
		hs->active = active;
		hs->lost = lost;
		hs->unseen = unseen;
		n = cJSON_GetArraySize(jrooms);
		hs->rooms = xcalloc(n > 0 ? n : 1, sizeof *hs->rooms);
		hs->last_ids = xcalloc(n > 0 ? n : 1, sizeof *hs->last_ids);
		cJSON_ArrayForEach(jr, jrooms) {
			last = 0;
			if (!cJSON_IsObject(jr) ||
			    proto_get_str(jr, "name", 1, &name) != 0 ||
			    proto_get_int(jr, "last_id", 0, &last) != 0 ||
			    last < 0)
				goto bad;
			hs->rooms[hs->nrooms] = history_parse_nfc(name);
			hs->last_ids[hs->nrooms++] = (uint64_t)last;
		}
		if (history_parse_dms(j, hs) != 0)
			goto bad;
	}
	return (0);

bad:
	xasprintf(cause, "session %zu has a missing or wrong field",
	    h->nsessions);
	return (-1);
}

/*
 * Read the direct messages kept for a lost session (optional): each its
 * sender and the JSON frame to send it on its resume; the senders of
 * those passed to its connection just before it was lost, and the frames
 * of those to send again on its resume.
 */
static int
history_parse_dms(cJSON *j, struct hist_session *hs)
{
	cJSON		*arr, *jd;
	int		 n;

	arr = cJSON_GetObjectItemCaseSensitive(j, "dm_unsure");
	if (arr != NULL) {
		if (!cJSON_IsArray(arr) ||
		    (n = cJSON_GetArraySize(arr)) > CR_DM_HELD)
			return (-1);
		hs->unsure = xcalloc(n > 0 ? n : 1, sizeof *hs->unsure);
		cJSON_ArrayForEach(jd, arr) {
			if (!cJSON_IsString(jd) || jd->valuestring == NULL)
				return (-1);
			hs->unsure[hs->nunsure++] = xstrdup(jd->valuestring);
		}
	}
	if (history_parse_dm_list(j, "dm_resend", &hs->resend,
	    &hs->nresend) != 0)
		return (-1);
	return (history_parse_dm_list(j, "dms", &hs->dms, &hs->ndms));
}

/*
 * Read the direct messages kept for the key of a session that ended
 * without a resume (optional), to send when that key logs in again.
 */
static int
history_parse_boxes(cJSON *doc, struct hist *h, char **cause)
{
	cJSON		*arr, *j;
	const char	*key, *nick;
	long long	 until;
	struct hist_box	*hb;

	arr = cJSON_GetObjectItemCaseSensitive(doc, "dm_boxes");
	if (arr == NULL)
		return (0);
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > CR_DM_BOXES) {
		*cause = xstrdup("\"dm_boxes\" is not an array of at most "
		    "64");
		return (-1);
	}
	h->boxes = xcalloc(cJSON_GetArraySize(arr) > 0 ?
	    cJSON_GetArraySize(arr) : 1, sizeof *h->boxes);
	cJSON_ArrayForEach(j, arr) {
		hb = &h->boxes[h->nboxes++];
		if (!cJSON_IsObject(j) ||
		    proto_get_str(j, "key", 1, &key) != 0 ||
		    proto_get_str(j, "nick", 1, &nick) != 0 ||
		    proto_get_int(j, "until", 1, &until) != 0) {
			*cause = xstrdup("a \"dm_boxes\" entry has a missing "
			    "or wrong field");
			return (-1);
		}
		hb->key = xstrdup(key);
		hb->nick = history_parse_nfc(nick);
		hb->until = until;
		if (history_parse_dm_list(j, "dms", &hb->dms, &hb->ndms) != 0) {
			*cause = xstrdup("a \"dm_boxes\" entry has wrong "
			    "\"dms\"");
			return (-1);
		}
	}
	return (0);
}

/*
 * A list of direct messages, each its sender, JSON frame and (for one
 * from another hub of a cluster) the sender's hub: NAME.
 */
static int
history_parse_dm_list(cJSON *j, const char *name, struct hist_dm **dms,
    size_t *ndms)
{
	cJSON		*arr, *jd;
	const char	*from, *frame, *hub, *host;
	int		 n;

	arr = cJSON_GetObjectItemCaseSensitive(j, name);
	if (arr == NULL)
		return (0);
	if (!cJSON_IsArray(arr) || (n = cJSON_GetArraySize(arr)) > CR_DM_HELD)
		return (-1);
	*dms = xcalloc(n > 0 ? n : 1, sizeof **dms);
	cJSON_ArrayForEach(jd, arr) {
		if (!cJSON_IsObject(jd) ||
		    proto_get_str(jd, "from", 1, &from) != 0 ||
		    proto_get_str(jd, "frame", 1, &frame) != 0 ||
		    *frame != '{' || frame[strlen(frame) - 1] != '\n' ||
		    history_parse_origin(jd, &hub, &host) != 0)
			return (-1);
		(*dms)[*ndms].from = xstrdup(from);
		if (hub != NULL)
			(*dms)[*ndms].hub = xstrdup(hub);
		if (host != NULL)
			(*dms)[*ndms].host = xstrdup(host);
		(*dms)[(*ndms)++].frame = xstrdup(frame);
	}
	return (0);
}

/*
 * Parse a history document.  Anything unexpected is an error, so that a
 * damaged file stops the hub instead of being overwritten.
 */
int
history_parse(const char *data, size_t len, u_int size, struct hist *h,
    char **cause)
{
	cJSON		*doc;
	const char	*end = NULL;
	size_t		 off;
	uint32_t	 cp;
	int		 l, rc;

	memset(h, 0, sizeof *h);
	h->next_id = 1;
	if (!utf8_valid(data, len)) {
		for (off = 0; off < len; off += l) {
			if ((l = utf8_decode(data + off, len - off, &cp)) < 0 ||
			    cp == 0)
				break;
		}
		xasprintf(cause, "not valid UTF-8 (at byte %zu)", off);
		return (-1);
	}
	doc = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (doc == NULL) {
		end = cJSON_GetErrorPtr();
		xasprintf(cause, "not valid JSON (at byte %zu)",
		    end != NULL && end >= data && end <= data + len ?
		    (size_t)(end - data) : len);
		return (-1);
	}
	while (end < data + len && (*end == ' ' || *end == '\n' ||
	    *end == '\r' || *end == '\t'))
		end++;
	if (end != data + len) {
		xasprintf(cause, "trailing data (at byte %zu)",
		    (size_t)(end - data));
		cJSON_Delete(doc);
		return (-1);
	}
	rc = history_parse_doc(doc, size, h, cause);
	cJSON_Delete(doc);
	return (rc);
}

/* Order room names by key, then by their place in the file. */
static int
history_parse_name_cmp(const void *a, const void *b)
{
	const struct history_name	*na = a, *nb = b;
	int				 c;

	if ((c = strcmp(na->key, nb->key)) != 0)
		return (c);
	return (na->idx < nb->idx ? -1 : na->idx > nb->idx);
}

/*
 * Refuse two rooms of one name (compared as the hub does, without case):
 * the hub has one room per name, and merging them could only reorder or
 * drop messages.  An edit by hand makes them; the hub never writes them.
 */
static int
history_parse_twice(struct hist *h, char **cause)
{
	struct history_name	*names;
	const char		*a, *b;
	size_t			 i;
	int			 rc = 0;

	if (h->nrooms < 2)
		return (0);
	names = xcalloc(h->nrooms, sizeof *names);
	for (i = 0; i < h->nrooms; i++) {
		names[i].key = utf8_casefold(h->rooms[i].name);
		names[i].idx = i;
	}
	qsort(names, h->nrooms, sizeof *names, history_parse_name_cmp);
	for (i = 1; i < h->nrooms; i++) {
		if (strcmp(names[i - 1].key, names[i].key) != 0)
			continue;
		a = h->rooms[names[i - 1].idx].name;
		b = h->rooms[names[i].idx].name;
		xasprintf(cause, "room %s " HISTORY_TWICE " (rooms %zu and "
		    "%zu of it%s%s)", a, names[i - 1].idx + 1,
		    names[i].idx + 1, strcmp(a, b) != 0 ? ", the second as " :
		    "", strcmp(a, b) != 0 ? b : "");
		rc = -1;
		break;
	}
	for (i = 0; i < h->nrooms; i++)
		free(names[i].key);
	free(names);
	return (rc);
}

/*
 * Read a parsed history document: the file's, or a state record of the
 * journal (the same document without messages).
 */
int
history_parse_doc(cJSON *doc, u_int size, struct hist *h, char **cause)
{
	cJSON		*jrooms, *jr;
	long long	 version, next_id = 1, journal = 0;
	uint64_t	 max_id = 0;
	size_t		 i = 0;
	char		*why = NULL;

	memset(h, 0, sizeof *h);
	h->next_id = 1;
	if (!cJSON_IsObject(doc) ||
	    proto_get_int(doc, "version", 1, &version) != 0) {
		*cause = xstrdup("no \"version\" number (at byte 0)");
		goto fail;
	}
	if (version > HISTORY_VERSION) {
		xasprintf(cause, "version %lld (at byte 0), " HISTORY_NEWER
		    " than this one, which reads version %d", version,
		    HISTORY_VERSION);
		goto fail;
	}
	if (version != HISTORY_VERSION) {
		xasprintf(cause, "unknown version %lld (at byte 0)", version);
		goto fail;
	}
	if (proto_get_int(doc, "next_id", 0, &next_id) != 0 || next_id < 1) {
		*cause = xstrdup("bad \"next_id\" (at byte 0)");
		goto fail;
	}
	if (proto_get_int(doc, "journal", 0, &journal) != 0 || journal < 0) {
		*cause = xstrdup("bad \"journal\" (at byte 0)");
		goto fail;
	}
	h->journal = (uint64_t)journal;
	if (history_parse_number(doc, "last_room_number", &h->room_seq) != 0)
		log_warnx("history: bad \"last_room_number\" (not a whole "
		    "number from 1 to %lld): ignored, new rooms are numbered "
		    "above the rooms' numbers", CR_ROOM_NUMBER_MAX);
	jrooms = cJSON_GetObjectItemCaseSensitive(doc, "rooms");
	if (jrooms == NULL || !cJSON_IsArray(jrooms)) {
		*cause = xstrdup("no \"rooms\" array (at byte 0)");
		goto fail;
	}
	if (cJSON_GetArraySize(jrooms) > CR_ROOMS_MAX) {
		*cause = xstrdup("too many rooms");	/* none to free yet */
		goto fail;
	}
	h->nrooms = cJSON_GetArraySize(jrooms);
	if (h->nrooms > 0)
		h->rooms = xcalloc(h->nrooms, sizeof *h->rooms);
	cJSON_ArrayForEach(jr, jrooms) {
		if (history_parse_room(jr, size, &h->rooms[i], &max_id, &why,
		    i) != 0) {
			h->nrooms = i + 1;
			xasprintf(cause, "%s (in the \"rooms\" array)", why);
			free(why);
			goto fail;
		}
		i++;
	}
	if (history_parse_twice(h, cause) != 0)
		goto fail;
	h->next_id = (uint64_t)next_id > max_id ? (uint64_t)next_id :
	    max_id + 1;
	if (history_parse_extra(doc, h, cause) != 0 ||
	    history_parse_sessions(doc, h, cause) != 0 ||
	    history_parse_boxes(doc, h, cause) != 0)
		goto fail;
	return (0);

fail:
	history_free(h);
	return (-1);
}
