/* SPDX-License-Identifier: ISC */
/* cluster-split.c: a hub split from Redis serves its own users alone. */

#include <sys/types.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "cluster.h"

/*
 * While Redis is unreachable the hub serves its own users alone
 * ("degraded"): messages get ids from a block reserved in advance, are
 * delivered and acknowledged locally and wait in an outbox; after
 * reconnecting the hub reads what it missed from the streams
 * (cluster-sync.c), then sends the outbox on.  A message that was in
 * flight when the connection broke is sent again with its unique id, and
 * the script first looks for it in the stream, so nothing is stored twice.
 * So every room message on its way to Redis is kept (in flight, or in the
 * outbox) until Redis answers.
 */

static void	cluster_split_free_out(struct cluster_out *);

/* An id for a message while split from Redis: from the reserved block. */
uint64_t
cluster_split_id(void)
{
	uint64_t	id;

	if (cluster.block_next != 0 && cluster.block_next < cluster.block_end) {
		id = cluster.block_next++;
		server_mark_dirty();
		return (id);
	}
	if (!cluster.warned_block) {
		log_warnx("cluster: the reserved ids are used up; ids given "
		    "during this split may not be unique in the cluster");
		cluster.warned_block = 1;
	}
	return (server_next_id());
}

/* Take a new block of ids for a split, ending at end. */
void
cluster_split_set_block(long long end)
{
	cluster.block_end = (uint64_t)end + 1;
	cluster.block_next = cluster.block_end - CR_CLUSTER_BLOCK;
}

/* The message's reply: its id, or an error. */
static void
cluster_split_msg_cb(redisReply *reply, void *arg)
{
	struct cluster_out	*out = arg;

	if (reply == NULL)	/* lost: cluster_split_begin kept it */
		return;
	if (out->inflight)
		TAILQ_REMOVE(&cluster.inflight, out, entry);
	else {
		TAILQ_REMOVE(&cluster.outbox, out, entry);
		cluster.noutbox--;
	}
	if (reply->type == REDIS_REPLY_INTEGER && reply->integer > 0) {
		server_note_id(reply->integer);
		if (out->client != NULL)
			server_client_ack(out->client, out->seq,
			    reply->integer);
	} else if (out->client != NULL)
		server_client_error(out->client, PERR_INTERNAL,
		    "the cluster could not store the message", out->seq);
	cluster_split_free_out(out);
}

/* Send a message to Redis; it stays in flight until the answer. */
void
cluster_split_send(struct cluster_out *out)
{
	const char	*args[10];
	size_t		 lens[10];
	char		*stream, id[32], maxlen[32], *header, *origin;
	u_int		 i;

	xasprintf(&stream, CL_PREFIX "room:%s", out->roomkey);
	xasprintf(&header, "m\t%s\t%s", cluster.hub, out->roomkey);
	snprintf(id, sizeof id, "%llu", (unsigned long long)out->id);
	snprintf(maxlen, sizeof maxlen, "%d", server_options()->history_size);
	args[0] = CL_PREFIX "id";
	args[1] = stream;
	args[2] = out->frame;
	args[3] = out->frame + out->idat + 1;
	args[4] = out->uid;
	args[5] = id;
	args[6] = maxlen;
	args[7] = header;
	args[8] = out->check ? "1" : "0";
	args[9] = origin = cluster_bus_dm_origin_value();
	for (i = 0; i < 10; i++)
		lens[i] = (size_t)-1;
	lens[2] = out->idat;
	lens[3] = out->len - out->idat - 1;
	out->inflight = 1;
	TAILQ_INSERT_TAIL(&cluster.inflight, out, entry);
	if (cluster_script_eval(CS_MSG, 2, 10, args, lens,
	    cluster_split_msg_cb, out) != 0) {
		TAILQ_REMOVE(&cluster.inflight, out, entry);
		out->inflight = 0;
		TAILQ_INSERT_TAIL(&cluster.outbox, out, entry);
		cluster.noutbox++;
	}
	free(origin);
	free(header);
	free(stream);
}

/*
 * Split: keep a message in the outbox, with an id of our block, and make
 * it here as Redis will make it for the others (the parts of its frame
 * around that id).  Returns it for the caller to deliver.
 */
struct message *
cluster_split_hold(struct cluster_out *out, int64_t ts, int kind,
    const char *nick, const char *text, const char *image)
{
	struct message	*m;
	char		*line;
	size_t		 len;

	out->id = cluster_split_id();
	out->check = 1;
	line = cluster_bus_with_id(out->frame, out->len, out->idat, out->id,
	    &len);
	m = message_new_frame(out->id, ts, kind, nick, text, image, line,
	    len);
	free(line);
	TAILQ_INSERT_TAIL(&cluster.outbox, out, entry);
	cluster.noutbox++;
	return (m);
}

/*
 * The connection is lost (or never came): what was in flight is sent
 * again later, looked for first; tell the users and the log, and try
 * again with back-off.
 */
void
cluster_split_begin(int was, const char *why)
{
	struct cluster_out	*out;

	while ((out = TAILQ_FIRST(&cluster.inflight)) != NULL) {
		TAILQ_REMOVE(&cluster.inflight, out, entry);
		out->inflight = 0;
		out->check = 1;
		TAILQ_INSERT_TAIL(&cluster.outbox, out, entry);
		cluster.noutbox++;
	}

	cluster.backoff = cluster.backoff == 0 ? 250 : cluster.backoff * 2;
	if (cluster.backoff > CR_CLUSTER_BACKOFF_MAX)
		cluster.backoff = CR_CLUSTER_BACKOFF_MAX;
	cluster.retry_at = now_ms() + cluster.backoff;
	if (was == CL_UP || !cluster.degraded) {
		log_warnx("cluster: lost Redis at %s (%s): serving this hub's "
		    "users only; retrying", cluster.url, why);
		if (!cluster.stopping)
			server_client_notice_all("degraded", "Redis");
		cluster.degraded = 1;
	} else
		log_debug("cluster: Redis at %s: %s; retrying in %d ms",
		    cluster.url, why, cluster.backoff);
}

/*
 * In step again: send the outbox on, and tell the users and the log if
 * they were told of the split.  Returns 1 if they were.
 */
int
cluster_split_end(void)
{
	struct cluster_outs	 todo;
	struct cluster_out	*out;
	u_int			 n = cluster.noutbox;

	TAILQ_INIT(&todo);
	TAILQ_CONCAT(&todo, &cluster.outbox, entry);
	cluster.noutbox = 0;
	while ((out = TAILQ_FIRST(&todo)) != NULL) {
		TAILQ_REMOVE(&todo, out, entry);
		cluster_split_send(out);
	}
	if (!cluster.degraded)
		return (0);
	log_warnx("cluster: back in contact with Redis at %s as hub %s; %u "
	    "held messages sent on", cluster.url, cluster.hub, n);
	server_client_notice_all("recovered", "Redis");
	cluster.degraded = 0;
	return (1);
}

/* A client is gone: no answer from Redis may touch it. */
void
cluster_split_forget(struct server_client *c)
{
	struct cluster_out	*out;

	TAILQ_FOREACH(out, &cluster.inflight, entry) {
		if (out->client == c)
			out->client = NULL;
	}
	TAILQ_FOREACH(out, &cluster.outbox, entry) {
		if (out->client == c)
			out->client = NULL;
	}
}

/* Free a message on its way. */
static void
cluster_split_free_out(struct cluster_out *out)
{
	free(out->roomkey);
	free(out->frame);
	free(out);
}

/* Free what is in flight and the outbox (at exit). */
void
cluster_split_free(void)
{
	struct cluster_out	*out;

	while ((out = TAILQ_FIRST(&cluster.inflight)) != NULL) {
		TAILQ_REMOVE(&cluster.inflight, out, entry);
		cluster_split_free_out(out);
	}
	while ((out = TAILQ_FIRST(&cluster.outbox)) != NULL) {
		TAILQ_REMOVE(&cluster.outbox, out, entry);
		cluster_split_free_out(out);
	}
	cluster.noutbox = 0;
}
