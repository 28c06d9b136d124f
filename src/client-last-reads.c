/* SPDX-License-Identifier: ISC */
/*
 * client-last-reads.c: how far each room was read at the last run, and
 * its messages after that counted unread again (see client-last.c).
 */

#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * Keep how far a room was read at the last run: "#room ID TS", the id of
 * the last message read and the latest time (ms) read.
 */
void
client_last_reads_read(struct client *c, const char *p)
{
	struct client_read	*rd;
	const char		*sp;
	char			*end, *name;
	const char		*q;
	unsigned long long	 id;
	long long		 ts;

	if (*p != '#' || (sp = strchr(p, ' ')) == NULL || sp - p < 2 ||
	    c->last_nreads >= CR_ROOMS_PER_CLIENT || sp[1] == '-')
		return;
	errno = 0;
	id = strtoull(sp + 1, &end, 10);
	if (end == sp + 1 || *end != ' ' || errno != 0)
		return;
	q = end + 1;
	ts = strtoll(q, &end, 10);
	if (end == q || *end != '\0' || errno != 0 || ts < 0)
		return;
	name = xstrndup(p + 1, sp - p - 1);
	c->last_reads = xreallocarray(c->last_reads, c->last_nreads + 1,
	    sizeof *c->last_reads);
	rd = &c->last_reads[c->last_nreads++];
	rd->key = client_room_key(name, 0);
	rd->id = id;
	rd->ts = ts;
	free(name);
}

/* Forget how far the last run's rooms were read. */
void
client_last_reads_free(struct client *c)
{
	u_int	i;

	for (i = 0; i < c->last_nreads; i++)
		free(c->last_reads[i].key);
	free(c->last_reads);
	c->last_reads = NULL;
	c->last_nreads = 0;
}

/*
 * We are in a room: if it was read up to an id at the last run, the
 * messages after it count unread (client_room_add_image), once: the id
 * is used up.  Lines it has already are counted again.
 */
void
client_last_reads_kept(struct client *c, struct croom *r)
{
	char	*key;
	u_int	 i;

	if (c->last_nreads == 0 || (r->flags & CROOM_DM))
		return;
	key = client_room_key(r->name, 0);
	for (i = 0; i < c->last_nreads; i++) {
		if (strcmp(c->last_reads[i].key, key) == 0)
			break;
	}
	free(key);
	if (i == c->last_nreads)
		return;
	r->flags |= CROOM_KEPT;
	r->kept_id = c->last_reads[i].id;
	r->kept_ts = c->last_reads[i].ts;
	free(c->last_reads[i].key);
	memmove(c->last_reads + i, c->last_reads + i + 1,
	    (c->last_nreads - i - 1) * sizeof *c->last_reads);
	if (--c->last_nreads == 0)
		client_last_reads_free(c);
	if (r != c->current && r->buf.count > 0)
		client_last_reads_recount(c, r);
}

/*
 * Is a message of a room read up to kept_id at the last run unread: after
 * it, or later than the latest read then (a hub whose history was lost
 * numbers its messages from 1 again)?
 */
int
client_last_reads_after(struct croom *r, uint64_t id, int64_t ts)
{
	return (id > r->kept_id || ts > r->kept_ts);
}

/*
 * Count again a room's unread messages, those after the id it was read
 * up to at the last run: it was in view only while the client put its
 * windows back, or had lines before that id was known.
 */
void
client_last_reads_recount(struct client *c, struct croom *r)
{
	struct cline	*l;
	u_int		 i;

	if (!(r->flags & CROOM_KEPT) || r == c->current)
		return;
	r->unread = 0;
	r->mention = 0;
	for (i = 0; i < r->buf.count; i++) {
		l = cbuf_get(&r->buf, i);
		if ((l->kind != CLINE_MSG && l->kind != CLINE_ACTION &&
		    l->kind != CLINE_IMAGE) || (l->flags & CLINE_SELF) ||
		    l->id == 0 || !client_last_reads_after(r, l->id, l->ts))
			continue;
		if (r->unread++ == 0) {
			r->seen = r->buf.total - (r->buf.count - i);
			if (r->flags & CROOM_REPLAY)
				r->flags |= CROOM_MISSED;
		}
		if (l->flags & CLINE_MENTION)
			r->mention = 1;
	}
	if (r->unread > 0) {
		r->read_id = r->kept_id;
		r->read_ts = r->kept_ts;
	}
}
