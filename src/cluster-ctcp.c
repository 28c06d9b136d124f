/* SPDX-License-Identifier: ISC */
/* cluster-ctcp.c: CTCP between IRC users of different hubs. */

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
 * A CTCP is not a message: it is neither numbered nor stored, and the bus
 * carries it in its header alone (its text has no tab or line break once
 * cleaned).  One payload kind does both ways:
 *
 *	q HUB FROMHUB KIND RESULT FROM TO TEXT
 *
 * KIND is p (a request, PRIVMSG) or n (a reply, NOTICE).  With RESULT 0
 * it is the CTCP itself, for HUB: the hub holding the nick TO, which
 * Redis finds (CS_TONICK), or "*", every hub, for the members of the
 * channel TO.  Otherwise it is what became of it (CTCP_*), for HUB, the
 * sender's, with TO as the nick's hub spells it.
 */

/* The longest text a CTCP may have: it came in one IRC line. */
#define CL_CTCP_MAX	512

/* A CTCP on its way to a nick's hub: what to tell the sender if none. */
struct cluster_ctcp {
	char	*from;
	char	*to;
	char	*text;
	int	 notice;
};

static char	*cluster_ctcp_tail(const char *, int, const char *,
		    const char *, const char *);
static void	cluster_ctcp_found_cb(redisReply *, void *);
static void	cluster_ctcp_result(const char *, const char *, const char *,
		    const char *, const char *, int);

/* The payload's fields after HUB, from a tab. */
static char *
cluster_ctcp_tail(const char *kind, int result, const char *from,
    const char *to, const char *text)
{
	char	*tail;

	xasprintf(&tail, "\t%s\t%s\t%d\t%s\t%s\t%s", cluster.hub, kind,
	    result, from, to, text);
	return (tail);
}

/*
 * What Redis did with a CTCP for a nick: tell the sender if it went
 * nowhere, or if the cluster was lost first (as for a DM).
 */
static void
cluster_ctcp_found_cb(redisReply *reply, void *arg)
{
	struct cluster_ctcp	*cc = arg;

	if (reply == NULL)
		server_irc_ctcp_result(cc->from, cc->to, cc->text, cc->notice,
		    CTCP_LOST);
	else if (reply->type == REDIS_REPLY_INTEGER) {
		if (reply->integer == 0)
			server_irc_ctcp_result(cc->from, cc->to, cc->text,
			    cc->notice, CTCP_UNKNOWN);
		else if (reply->integer == 2)
			server_irc_ctcp_result(cc->from, cc->to, cc->text,
			    cc->notice, CTCP_AWAY);
	}
	free(cc->from);
	free(cc->to);
	free(cc->text);
	free(cc);
}

/*
 * A CTCP from a user here for a nick not on this hub (to the hub that
 * holds it), or for a channel's members on other hubs (to every hub).
 */
void
cluster_ctcp(struct server_client *c, const char *to, const char *text,
    int notice)
{
	struct cluster_ctcp	*cc;
	const char		*kind = notice ? "n" : "p", *args[5];
	char			*tail, *header, *key;

	if (cluster.state != CL_UP || c->session == NULL)
		return;
	tail = cluster_ctcp_tail(kind, 0, c->session->nick, to, text);
	if (*to == '#') {
		xasprintf(&header, "q\t*%s", tail);
		cluster_bus_publish(header, strlen(header), NULL, 0);
		free(header);
		free(tail);
		return;
	}
	cc = xcalloc(1, sizeof *cc);
	cc->from = xstrdup(c->session->nick);
	cc->to = xstrdup(to);
	cc->text = xstrdup(text);
	cc->notice = notice;
	key = utf8_casefold(to);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = "q";
	args[3] = tail;
	args[4] = "";
	if (cluster_script_eval(CS_TONICK, 1, 5, args, NULL,
	    cluster_ctcp_found_cb, cc) != 0)
		cluster_ctcp_found_cb(NULL, cc);
	free(key);
	free(tail);
}

/* Tell the sender's hub what became of its user's CTCP. */
static void
cluster_ctcp_result(const char *hub, const char *kind, const char *from,
    const char *to, const char *text, int result)
{
	char	*tail, *header;

	tail = cluster_ctcp_tail(kind, result, from, to, text);
	xasprintf(&header, "q\t%s%s", hub, tail);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);
	free(tail);
}

/*
 * A "q" payload (f: its fields after HUB): a CTCP for this hub, or what
 * became of one of ours.
 */
void
cluster_ctcp_bus(const char *hub, char **f, u_int n)
{
	const char	*from, *to, *text, *nick;
	int		 notice, result;

	if (n != 6 || strlen(f[1]) != 1 || (*f[1] != 'p' && *f[1] != 'n') ||
	    strlen(f[2]) != 1 || *f[2] < '0' || *f[2] > '0' + CTCP_UNKNOWN ||
	    strlen(f[5]) > CL_CTCP_MAX) {
		log_warnx("cluster: a malformed CTCP on the bus");
		return;
	}
	notice = *f[1] == 'n';
	result = *f[2] - '0';
	from = f[3];
	to = f[4];
	text = f[5];
	if (!cluster_bus_good_nick(from) || (*to != '#' &&
	    !cluster_bus_good_nick(to))) {
		log_warnx("cluster: a malformed CTCP on the bus");
		return;
	}
	if (strcmp(hub, "*") == 0) {
		/* For a channel's members, from another hub. */
		if (result == CTCP_NONE && *to == '#' &&
		    strcmp(f[0], cluster.hub) != 0)
			server_irc_ctcp_remote(from, f[0], to, text, notice,
			    &nick);
		return;
	}
	if (strcmp(hub, cluster.hub) != 0 || *to == '#')
		return;
	if (result != CTCP_NONE) {
		server_irc_ctcp_result(from, to, text, notice, result);
		return;
	}
	result = server_irc_ctcp_remote(from, f[0], to, text, notice,
	    &nick);
	if (result != CTCP_NONE)
		cluster_ctcp_result(f[0], f[1], from, nick, text, result);
}
