/* SPDX-License-Identifier: ISC */
/* server-oper-remote.c: an operator kicks or mutes a user of another hub. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * A user of another hub of the cluster is known here through the rooms
 * it shares with this hub's users; one in no such room (a DM partner, a
 * spammer who joins nothing) is looked up in the cluster's nick table
 * (the backend's whereis), and the kick or the mute goes on when the
 * answer comes.  Until then the connection's later commands wait
 * (server_client_flood_ask), so that the answer (an IRC operator's NOTICE)
 * comes before their replies, as for IRC's WHOIS of such a user
 * (server-irc-remote.c).  The hub that has the user removes it or tells
 * it.
 */

/* A kick or a mute waiting to learn where its user is. */
struct server_oper_remote {
	int		 mute;		/* else a kick */
	char		*nick;
	char		*reason;
	char		*duration;	/* a mute's, or NULL */
	int64_t		 ms;
	long long	 seq;
	u_int		 gen;		/* server_client_flood_ask's */
};

static int	server_oper_remote_known(const char *);
static void	server_oper_remote_ask(struct server_client *,
		    struct server_oper_remote *);
static void	server_oper_remote_found(struct server_client *, int,
		    const char *, const char *, void *);
static void	server_oper_remote_free(struct server_oper_remote *);
static void	server_oper_remote_do_kick(struct server_client *,
		    const char *, const char *, long long);
static void	server_oper_remote_told(struct session *, const char *,
		    const char *);

/*
 * Does a room here list a nick not of this hub as a member elsewhere,
 * with the other hubs in reach?
 */
static int
server_oper_remote_known(const char *nick)
{
	char	*key;
	int	 remote;

	if (!server_backend()->remote())
		return (0);
	key = utf8_casefold(nick);
	remote = server_people_remote_member(NULL, key);
	free(key);
	return (remote);
}

/* Kick a nick that has no session here. */
void
server_oper_remote_kick(struct server_client *c, const char *nick,
    const char *reason, long long seq)
{
	struct server_oper_remote	*r;

	if (server_oper_remote_known(nick)) {
		server_oper_remote_do_kick(c, nick, reason, seq);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->nick = xstrdup(nick);
	r->reason = xstrdup(reason);
	r->seq = seq;
	server_oper_remote_ask(c, r);
}

/* Mute a nick that has no session here. */
void
server_oper_remote_mute(struct server_client *c, const char *nick,
    int64_t ms, const char *duration, const char *reason, long long seq)
{
	struct server_oper_remote	*r;

	if (server_oper_remote_known(nick)) {
		server_oper_mute_set(c, NULL, nick, ms, duration, reason, seq);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->mute = 1;
	r->nick = xstrdup(nick);
	r->reason = xstrdup(reason);
	r->duration = duration != NULL ? xstrdup(duration) : NULL;
	r->ms = ms;
	r->seq = seq;
	server_oper_remote_ask(c, r);
}

/*
 * Ask the cluster where the user is; the connection's later commands
 * wait for the answer (gen is set first, as it may come at once).
 */
static void
server_oper_remote_ask(struct server_client *c, struct server_oper_remote *r)
{
	r->gen = server_client_flood_ask(c);
	server_whereis(c, r->nick, server_oper_remote_found, r);
}

/*
 * Where the user is: kick or mute it as its hub spells it, or say why
 * not.  The operator may have gone, or lost the right, meanwhile.
 */
static void
server_oper_remote_found(struct server_client *c, int result,
    const char *nick, const char *hub, void *arg)
{
	struct server_oper_remote	*r = arg;
	const char			*was;

	if (c == NULL)
		goto out;
	if (c->session == NULL || !(c->session->flags & SESSION_OPER))
		goto done;
	was = server_irc_event_subject(c, r->nick);	/* IRC's 401 names it */
	if (result == WHEREIS_FOUND && session_find_nick(nick) == NULL) {
		if (r->mute)
			server_oper_mute_set(c, NULL, nick, r->ms, r->duration,
			    r->reason, r->seq);
		else
			server_oper_remote_do_kick(c, nick, r->reason, r->seq);
	} else if (result == WHEREIS_LOST) {
		server_client_errorf(c, PERR_UNREACHABLE, r->seq, "%s is not "
		    "on this hub, and the other hubs cannot be reached now",
		    r->nick);
	} else
		server_client_errorf(c, PERR_NO_SUCH_NICK, r->seq,
		    "no such nick: %s", r->nick);
	server_irc_event_subject(c, was);
done:
	server_client_flood_answered(c, r->gen);
out:
	server_oper_remote_free(r);
}

/* Free a waiting kick or mute. */
static void
server_oper_remote_free(struct server_oper_remote *r)
{
	free(r->nick);
	free(r->reason);
	free(r->duration);
	free(r);
}

/* Have the hub that has the user remove it, and confirm. */
static void
server_oper_remote_do_kick(struct server_client *c, const char *nick,
    const char *reason, long long seq)
{
	if (cluster_ban_kick(nick, c->session->nick, reason) != 0) {
		server_client_errorf(c, PERR_UNREACHABLE, seq, "%s is on "
		    "another hub, which cannot be reached now: not kicked",
		    nick);
		return;
	}
	server_oper_count(c, METRICS_OP_KICK);
	log_info("%s kicked %s (on another hub): %s", c->session->nick, nick,
	    reason);
	server_client_ack(c, seq, 0);
	server_oper_remote_told(c->session, nick, reason);
}

/*
 * A kick of a user of another hub is told to the operator by that hub's
 * kicked event, through the rooms they share; with none, the operator is
 * told here, as a kick on this hub tells it, so that the kick is
 * confirmed as a ban or a mute is.
 */
static void
server_oper_remote_told(struct session *oper, const char *nick,
    const char *reason)
{
	struct hub_event	 ev;
	struct server_event	 out;
	char			*key;
	u_int			 i;
	int			 shared = 0;

	key = utf8_casefold(nick);
	for (i = 0; i < oper->nrooms && !shared; i++)
		shared = server_people_remote_member(oper->rooms[i], key);
	free(key);
	if (shared)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_KICKED;
	ev.nick = nick;
	ev.by = oper->nick;
	ev.ts = now_ms();
	ev.reason = reason;
	server_event_init(&out, &ev);
	server_event_send(&out, oper);
	server_event_free(&out);
}
