/* SPDX-License-Identifier: ISC */
/* history-serialise.c: write a history as one JSON document. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/* The hub of the sender of a message or a kept DM, if not this hub. */
void
history_serialise_origin(struct jbuf *jb, const char *hub, const char *host)
{
	if (hub == NULL)
		return;
	jbuf_str(jb, "hub", hub);
	if (host != NULL)
		jbuf_str(jb, "host", host);
}

/* Encode a history as one JSON document. */
char *
history_serialise(struct hist *h, size_t *len)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	history_serialise_into(h, &jb);
	*len = jb.len;
	return (jb.buf);
}

/* The "bans" array, of the history file and of the journal's records. */
void
history_serialise_bans(const struct hist *h, struct jbuf *jb)
{
	size_t	i;

	jbuf_array_begin(jb, "bans");
	for (i = 0; i < h->nbans; i++) {
		jbuf_object_begin(jb, NULL);
		jbuf_str(jb, "kind", history_ban_name(h->bans[i].kind));
		jbuf_str(jb, "target", h->bans[i].target);
		jbuf_int(jb, "until", h->bans[i].until);
		jbuf_str(jb, "reason", h->bans[i].reason);
		jbuf_str(jb, "by", h->bans[i].by);
		if (h->bans[i].set != 0)
			jbuf_int(jb, "set", h->bans[i].set);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
	if (h->nlifts == 0)
		return;
	jbuf_array_begin(jb, "lifts");
	for (i = 0; i < h->nlifts; i++) {
		jbuf_object_begin(jb, NULL);
		jbuf_str(jb, "kind", history_ban_name(h->lifts[i].kind));
		jbuf_str(jb, "target", h->lifts[i].target);
		jbuf_int(jb, "when", h->lifts[i].set);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
}

/*
 * Encode a history into a buffer the caller keeps: the hub's writer
 * reuses one, so each flush does not map and unmap megabytes again.
 */
void
history_serialise_into(struct hist *h, struct jbuf *out)
{
	struct jbuf		 jb = *out;
	struct hist_room	*hr;
	struct hist_session	*hs;
	struct message		*m;
	size_t			 i, k;
	u_int			 j;

	jbuf_reset(&jb);
	jbuf_object_begin(&jb, NULL);
	jbuf_int(&jb, "version", HISTORY_VERSION);
	jbuf_int(&jb, "next_id", (long long)h->next_id);
	if (h->journal > 0)
		jbuf_int(&jb, "journal", (long long)h->journal);
	if (h->room_seq > 0)
		jbuf_int(&jb, "last_room_number", (long long)h->room_seq);
	jbuf_int(&jb, "saved", now_ms());
	jbuf_array_begin(&jb, "rooms");
	for (i = 0; i < h->nrooms; i++) {
		hr = &h->rooms[i];
		jbuf_object_begin(&jb, NULL);
		jbuf_str(&jb, "name", hr->name);
		if (hr->seq > 0)
			jbuf_int(&jb, "number", (long long)hr->seq);
		jbuf_str(&jb, "topic", hr->topic != NULL ? hr->topic : "");
		if (hr->topic_by != NULL) {
			jbuf_str(&jb, "topic_by", hr->topic_by);
			jbuf_int(&jb, "topic_at", hr->topic_at);
		}
		jbuf_int(&jb, "created", hr->created);
		jbuf_int(&jb, "gone", (long long)hr->ring.gone);
		jbuf_array_begin(&jb, "messages");
		for (j = 0; j < hr->ring.count; j++) {
			m = ring_get(&hr->ring, j);
			jbuf_object_begin(&jb, NULL);
			jbuf_int(&jb, "id", (long long)m->id);
			jbuf_int(&jb, "ts", m->ts);
			jbuf_str(&jb, "nick", m->nick);
			jbuf_str(&jb, "text", m->text);
			if (MSG_KIND(m->kind) == MSG_ACTION)
				jbuf_str(&jb, "kind", "action");
			else if (MSG_KIND(m->kind) == MSG_IMAGE)
				jbuf_str(&jb, "kind", "image");
			if (m->kind & MSG_NOTICE)
				jbuf_bool(&jb, "notice", 1);
			if (m->image != NULL)
				jbuf_raw(&jb, "image", m->image);
			history_serialise_origin(&jb, m->hub, m->host);
			jbuf_object_end(&jb);
		}
		jbuf_array_end(&jb);
		jbuf_object_end(&jb);
	}
	jbuf_array_end(&jb);
	jbuf_array_begin(&jb, "claims");
	for (i = 0; i < h->nclaims; i++) {
		jbuf_object_begin(&jb, NULL);
		jbuf_str(&jb, "nick", h->claims[i].nick);
		if (h->claims[i].pubkey != NULL)
			jbuf_str(&jb, "key", h->claims[i].pubkey);
		else if (h->claims[i].hash != NULL)
			jbuf_str(&jb, "hash", h->claims[i].hash);
		if (h->claims[i].pass != NULL)
			jbuf_str(&jb, "pass", h->claims[i].pass);
		jbuf_int(&jb, "seen", h->claims[i].seen);
		jbuf_object_end(&jb);
	}
	jbuf_array_end(&jb);
	history_serialise_bans(h, &jb);
	jbuf_array_begin(&jb, "sessions");
	for (i = 0; i < h->nsessions; i++) {
		hs = &h->sessions[i];
		jbuf_object_begin(&jb, NULL);
		jbuf_str(&jb, "nick", hs->nick);
		jbuf_str(&jb, "token", hs->token);
		if (hs->pubkey != NULL)
			jbuf_str(&jb, "key", hs->pubkey);
		if (hs->away != NULL)
			jbuf_str(&jb, "away", hs->away);
		if (hs->oper != NULL)
			jbuf_str(&jb, "oper", hs->oper);
		else if (hs->oper_lost)
			jbuf_bool(&jb, "oper_lost", 1);
		if (hs->hub != NULL)
			jbuf_str(&jb, "hub", hs->hub);
		if (hs->since != 0)
			jbuf_int(&jb, "since", hs->since);
		if (hs->active != 0)
			jbuf_int(&jb, "active", hs->active);
		jbuf_array_begin(&jb, "rooms");
		for (k = 0; k < hs->nrooms; k++) {
			jbuf_object_begin(&jb, NULL);
			jbuf_str(&jb, "name", hs->rooms[k]);
			jbuf_int(&jb, "last_id", (long long)hs->last_ids[k]);
			jbuf_object_end(&jb);
		}
		jbuf_array_end(&jb);
		if (hs->lost != 0)
			jbuf_int(&jb, "lost", hs->lost);
		if (hs->unseen)
			jbuf_bool(&jb, "unseen", 1);
		if (hs->ndms > 0) {
			jbuf_array_begin(&jb, "dms");
			for (k = 0; k < hs->ndms; k++) {
				jbuf_object_begin(&jb, NULL);
				jbuf_str(&jb, "from", hs->dms[k].from);
				jbuf_str(&jb, "frame", hs->dms[k].frame);
				history_serialise_origin(&jb, hs->dms[k].hub,
				    hs->dms[k].host);
				jbuf_object_end(&jb);
			}
			jbuf_array_end(&jb);
		}
		if (hs->nunsure > 0) {
			jbuf_array_begin(&jb, "dm_unsure");
			for (k = 0; k < hs->nunsure; k++)
				jbuf_str(&jb, NULL, hs->unsure[k]);
			jbuf_array_end(&jb);
		}
		if (hs->nresend > 0) {
			jbuf_array_begin(&jb, "dm_resend");
			for (k = 0; k < hs->nresend; k++) {
				jbuf_object_begin(&jb, NULL);
				jbuf_str(&jb, "from", hs->resend[k].from);
				jbuf_str(&jb, "frame", hs->resend[k].frame);
				jbuf_object_end(&jb);
			}
			jbuf_array_end(&jb);
		}
		jbuf_object_end(&jb);
	}
	jbuf_array_end(&jb);
	if (h->nboxes > 0) {
		jbuf_array_begin(&jb, "dm_boxes");
		for (i = 0; i < h->nboxes; i++) {
			jbuf_object_begin(&jb, NULL);
			jbuf_str(&jb, "key", h->boxes[i].key);
			jbuf_str(&jb, "nick", h->boxes[i].nick);
			jbuf_int(&jb, "until", h->boxes[i].until);
			jbuf_array_begin(&jb, "dms");
			for (k = 0; k < h->boxes[i].ndms; k++) {
				jbuf_object_begin(&jb, NULL);
				jbuf_str(&jb, "from", h->boxes[i].dms[k].from);
				jbuf_str(&jb, "frame",
				    h->boxes[i].dms[k].frame);
				jbuf_object_end(&jb);
			}
			jbuf_array_end(&jb);
			jbuf_object_end(&jb);
		}
		jbuf_array_end(&jb);
	}
	jbuf_object_end(&jb);
	if (jb.len + 2 > jb.size)
		jb.buf = xrealloc(jb.buf, (jb.size = jb.len + 2));
	jb.buf[jb.len++] = '\n';
	jb.buf[jb.len] = '\0';
	*out = jb;
}
