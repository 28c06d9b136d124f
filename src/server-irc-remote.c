/* SPDX-License-Identifier: ISC */
/* server-irc-remote.c: WHOIS, WHO, ISON, USERHOST of users of other hubs. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * A server of an IRC network answers WHOIS and WHO for a user of another
 * server; a hub does the same for a user of another hub of its cluster.
 * One that a room here lists is answered at once from what the room
 * knows.  One in no room shared with this hub (a DM partner only, a
 * spammer who joins nothing) is looked up in the cluster's nick table
 * (the backend's whereis), and answered when the answer comes.  Until
 * then the connection's later commands wait (server_client_flood_ask), as
 * ngircd holds a client behind its DNS look-up: IRC clients match
 * replies to commands by their order (irssi's redirections for WHOIS,
 * WHO and /notify's ISON), so a reply must not pass an earlier
 * command's.  WHO with a mask asks the nick table the same way for the
 * users of other hubs it matches (the backend's who).  Split from the
 * other hubs, the hub cannot tell whether the nick exists: 401 says so,
 * and a NOTICE too, since clients print their own words for 401.
 */

/*
 * ISON and USERHOST name several nicks at once: each of another hub that
 * no room here lists is looked up, and the one reply is sent when the
 * last answer comes (at once if none is needed).
 */
struct server_irc_lookup;
struct server_irc_lookup_nick {
	char				*asked;
	char				*nick;	/* as its hub spells it */
	char				*hub;	/* NULL: this hub's */
	int				 found;
	struct server_irc_lookup	*l;
};
struct server_irc_lookup {
	int				 userhost;	/* else ISON */
	u_int				 n;
	u_int				 pending;	/* answers to come */
	u_int				 gen;	/* server_client_flood_ask's */
	struct server_irc_lookup_nick	*nicks;
};

/*
 * WHO with a mask, waiting for the users of other hubs in no room here
 * that it matches (the backend's who).
 */
struct server_irc_whomask {
	char			*mask;	/* as asked */
	struct server_irc_whox	 whox;
	struct strmap		 seen;	/* those of other hubs listed */
	u_int			 left;	/* how many more may be */
	u_int			 gen;	/* server_client_flood_ask's */
};

/* A WHOIS or a WHO nick waiting to learn where its user is. */
struct server_irc_remote {
	int			 who;	/* else a WHOIS */
	char			*nick;	/* as asked */
	struct server_irc_whox	 whox;
	u_int			 gen;	/* server_client_flood_ask's */
};

static void	server_irc_remote_ask(struct server_client *,
		    const char *, server_whereis_cb, void *, u_int *);
static void	server_irc_remote_answer(struct server_client *,
		    const char *, const char *);
static void	server_irc_remote_found(struct server_client *, int,
		    const char *, const char *, void *);
static void	server_irc_remote_looked(struct server_client *, int,
		    const char *, const char *, void *);
static void	server_irc_remote_reply(struct server_client *,
		    struct server_irc_lookup *);
static char	*server_irc_remote_pattern(const char *);
static void	server_irc_remote_listed(struct server_client *, int,
		    u_int, char **, char **, void *);

/*
 * A user of another hub of the cluster that this hub knows of, because a
 * room here lists it among its members: the first such entry, or NULL.
 */
struct rmember *
server_irc_remote_find(const char *nick)
{
	struct room	*room;
	char		*key = utf8_casefold(nick);
	u_int		 i;

	TAILQ_FOREACH(room, &room_list, entry) {
		for (i = 0; i < room->nremote; i++) {
			if (strcmp(room->remote[i].key, key) == 0) {
				free(key);
				return (&room->remote[i]);
			}
		}
	}
	free(key);
	return (NULL);
}

/*
 * The away message of a user of another hub (by case-folded nick and
 * hub), as its hub said it: "Connection lost" if its session waits for a
 * resume, as for a user here; NULL if it is here.
 */
const char *
server_irc_remote_away(const char *key, const char *hub)
{
	const char	*away;

	if (server_backend()->away != NULL &&
	    (away = server_backend()->away(key, hub)) != NULL)
		return (away);
	if (server_backend()->lost != NULL && server_backend()->lost(key, hub))
		return ("Connection lost");
	return (NULL);
}

/*
 * WHOIS of a nick not on this hub: answered at once if a room here lists
 * it, else when the cluster says where it is.
 */
void
server_irc_remote_whois(struct server_client *c, const char *nick)
{
	struct server_irc_remote	*r;
	struct rmember			*rm;

	if ((rm = server_irc_remote_find(nick)) != NULL) {
		server_irc_remote_answer(c, rm->nick, rm->hub);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->nick = xstrdup(nick);
	server_irc_remote_ask(c, r->nick, server_irc_remote_found, r,
	    &r->gen);
}

/* WHO nick of a nick not on this hub: its 352 (if any), then 315. */
void
server_irc_remote_who(struct server_client *c, const char *nick,
    const struct server_irc_whox *whox)
{
	struct server_irc_remote	*r;
	struct rmember			*rm;

	if ((rm = server_irc_remote_find(nick)) != NULL) {
		server_irc_who_one(c, "*", rm->nick, rm->hub, whox);
		server_irc_numeric(c, "315", 2, nick, "End of WHO list");
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->who = 1;
	r->nick = xstrdup(nick);
	r->whox = *whox;
	server_irc_remote_ask(c, r->nick, server_irc_remote_found, r,
	    &r->gen);
}

/*
 * Ask the cluster where a nick is; the connection's later commands wait
 * for the answer, whose callback ends with server_client_flood_answered (gen
 * is set first, as the answer may come at once).
 */
static void
server_irc_remote_ask(struct server_client *c, const char *nick,
    server_whereis_cb cb, void *arg, u_int *gen)
{
	*gen = server_client_flood_ask(c);
	server_whereis(c, nick, cb, arg);
}

/*
 * WHOIS of a user of another hub of the cluster, from what this hub
 * knows, as a server of an IRC network answers for a user of another
 * server: 311 (the user as WHO shows it), 319 (the rooms here that list
 * it: a room of the cluster that no user of this hub is in is not
 * known), 312 (its hub, by the IRC server name that hub gives), 330 if
 * a claim holds the nick, 301 if it is away or lost (as its hub said),
 * 318.  Its idle time and address stay on its hub.
 */
static void
server_irc_remote_answer(struct server_client *c, const char *nick,
    const char *hub)
{
	const char	*server, *away;
	struct room	*room;
	struct jbuf	 rooms;
	char		*key = utf8_casefold(nick);
	u_int		 i;

	server = server_irc_hub_name(hub);
	server_irc_numeric(c, "311", 5, nick, nick, server, "*", nick);
	jbuf_init(&rooms);
	TAILQ_FOREACH(room, &room_list, entry) {
		for (i = 0; i < room->nremote; i++) {
			if (strcmp(room->remote[i].key, key) == 0)
				break;
		}
		if (i == room->nremote)
			continue;
		server_irc_whois_room(c, nick, &rooms, room->name);
	}
	server_irc_whois_room(c, nick, &rooms, NULL);
	server_irc_numeric(c, "312", 3, nick, server,
	    "another hub of this chatroom cluster");
	if (claim_check(nick, NULL) != 1)
		server_irc_numeric(c, "330", 3, nick, nick, "is logged in as");
	if ((away = server_irc_remote_away(key, hub)) != NULL)
		server_irc_numeric(c, "301", 2, nick, away);
	server_irc_numeric(c, "318", 2, nick, "End of /WHOIS list");
	free(key);
}

/* Where the user is: the answer, or 401 (WHOIS) or nothing (WHO). */
static void
server_irc_remote_found(struct server_client *c, int result,
    const char *nick, const char *hub, void *arg)
{
	struct server_irc_remote	*r = arg;
	char				*text;

	if (c == NULL || c->irc == NULL)
		;
	else if (r->who) {
		if (result == WHEREIS_FOUND)
			server_irc_who_one(c, "*", nick, hub, &r->whox);
		server_irc_numeric(c, "315", 2, r->nick, "End of WHO list");
	} else if (result == WHEREIS_FOUND)
		server_irc_remote_answer(c, nick, hub);
	else {
		if (result == WHEREIS_LOST) {
			xasprintf(&text, "%s is not on this hub, and the other "
			    "hubs cannot be reached now", r->nick);
			server_irc_event_unreachable(c, r->nick, text);
			free(text);
		} else
			server_irc_numeric(c, "401", 2, r->nick,
			    "No such nick/channel");
		server_irc_numeric(c, "318", 2, r->nick,
		    "End of /WHOIS list");
	}
	if (c != NULL)
		server_client_flood_answered(c, r->gen);
	free(r->nick);
	free(r);
}

/*
 * ISON (userhost 0) or USERHOST (1) of nicks: where each is, here, in a
 * room here (another hub's) or, asked of the cluster (the first
 * SIRC_LOOKUP_MAX others), on another hub; then the reply.
 */
void
server_irc_remote_lookup(struct server_client *c, int userhost,
    const char **nicks, u_int n)
{
	struct server_irc_lookup	*l;
	struct server_irc_lookup_nick	*ln;
	struct session			*s;
	struct rmember			*rm;
	u_int				 i, asked = 0;

	l = xcalloc(1, sizeof *l);
	l->userhost = userhost;
	l->n = n;
	l->nicks = xcalloc(n > 0 ? n : 1, sizeof *l->nicks);
	l->pending = 1;		/* until every look-up is on its way */
	for (i = 0; i < n; i++) {
		ln = &l->nicks[i];
		ln->l = l;
		ln->asked = xstrdup(nicks[i]);
		if ((s = session_find_nick(nicks[i])) != NULL) {
			ln->nick = xstrdup(s->nick);
			ln->found = 1;
		} else if ((rm = server_irc_remote_find(nicks[i])) != NULL) {
			ln->nick = xstrdup(rm->nick);
			ln->hub = xstrdup(rm->hub);
			ln->found = 1;
		} else if (server_backend()->whereis != NULL &&
		    asked++ < SIRC_LOOKUP_MAX) {
			l->pending++;
			server_irc_remote_ask(c, ln->asked,
			    server_irc_remote_looked, ln, &l->gen);
		}
	}
	if (--l->pending == 0)
		server_irc_remote_reply(c, l);
}

/* One nick of an ISON or USERHOST found (or not) on another hub. */
static void
server_irc_remote_looked(struct server_client *c, int result,
    const char *nick, const char *hub, void *arg)
{
	struct server_irc_lookup_nick	*ln = arg;
	struct server_irc_lookup	*l = ln->l;

	u_int				 gen = l->gen;

	if (result == WHEREIS_FOUND) {
		ln->nick = xstrdup(nick);
		ln->hub = xstrdup(hub);
		ln->found = 1;
	}
	if (--l->pending == 0)
		server_irc_remote_reply(c, l);	/* frees l */
	if (c != NULL)
		server_client_flood_answered(c, gen);
}

/*
 * Every nick of an ISON or USERHOST is placed: 303 with those found, or
 * 302 with nick[*]=+user@host for each, as USERHOST does for users here
 * (no * for another hub's, whose operators are theirs); then free it.
 * The connection may have gone meanwhile (c NULL).
 */
static void
server_irc_remote_reply(struct server_client *c,
    struct server_irc_lookup *l)
{
	struct server_irc_lookup_nick	*ln;
	struct session			*s;
	struct jbuf			 out;
	const char			*away, *host;
	char				*one, *key;
	u_int				 i;

	jbuf_init(&out);
	for (i = 0; i < l->n; i++) {
		ln = &l->nicks[i];
		if (!ln->found || out.len > 400)
			continue;
		if (out.len > 0)
			jbuf_add(&out, " ", 1);
		if (!l->userhost) {
			jbuf_add(&out, ln->nick, strlen(ln->nick));
			continue;
		}
		s = ln->hub == NULL ? session_find_nick(ln->nick) : NULL;
		if (ln->hub != NULL) {
			key = utf8_casefold(ln->nick);
			away = server_irc_remote_away(key, ln->hub);
			free(key);
			host = server_irc_hub_name(ln->hub);
		} else {
			away = server_irc_away_of(ln->nick);
			host = server_irc_name();
		}
		xasprintf(&one, "%s%s=%c%s@%s", ln->nick,
		    s != NULL && (s->flags & SESSION_OPER) ? "*" : "",
		    away != NULL ? '-' : '+', ln->nick, host);
		jbuf_add(&out, one, strlen(one));
		free(one);
	}
	if (c != NULL && c->irc != NULL)
		server_irc_numeric(c, l->userhost ? "302" : "303", 1,
		    out.len > 0 ? out.buf : "");
	jbuf_free(&out);
	for (i = 0; i < l->n; i++) {
		free(l->nicks[i].asked);
		free(l->nicks[i].nick);
		free(l->nicks[i].hub);
	}
	free(l->nicks);
	free(l);
}

/*
 * WHO with a mask, after this hub's users and those rooms here list
 * (seen, which this takes): the users of other hubs in no room here
 * that it matches, asked of the cluster (at most left more), then 315.
 * The connection's later commands wait for the answer.
 */
void
server_irc_remote_who_mask(struct server_client *c, const char *mask,
    const struct server_irc_whox *whox, struct strmap *seen, u_int left)
{
	struct server_irc_whomask	*wm;
	char				*pattern;

	wm = xcalloc(1, sizeof *wm);
	wm->mask = xstrdup(mask);
	wm->whox = *whox;
	wm->seen = *seen;
	wm->left = left;
	pattern = server_irc_remote_pattern(mask);
	wm->gen = server_client_flood_ask(c);
	server_backend()->who(c, pattern, SIRC_WHO_MAX,
	    server_irc_remote_listed, wm);
	free(pattern);
}

/*
 * What of a WHO mask the cluster can match against its nicks: the nick
 * part of nick!user@host, all nicks for user@host, else the mask.  The
 * hub then matches the mask itself (server_irc_who_match).
 */
static char *
server_irc_remote_pattern(const char *mask)
{
	const char	*bang;

	if ((bang = strchr(mask, '!')) != NULL)
		return (xstrndup(mask, bang - mask));
	if (strchr(mask, '@') != NULL)
		return (xstrdup("*"));
	return (xstrdup(mask));
}

/*
 * The users of other hubs a WHO mask may match: a 352 for each not
 * listed already (nor here by now) that it does match, on its hub's
 * server, then 315.  The cluster out of reach, only 315.
 */
static void
server_irc_remote_listed(struct server_client *c, int result, u_int n,
    char **nicks, char **hubs, void *arg)
{
	struct server_irc_whomask	*wm = arg;
	char				*key;
	u_int				 i;

	if (c != NULL && c->irc != NULL) {
		for (i = 0; i < n && wm->left > 0; i++) {
			key = utf8_casefold(nicks[i]);
			if (strmap_get(&wm->seen, key) == NULL &&
			    session_find_nick(nicks[i]) == NULL &&
			    server_irc_who_match(wm->mask, nicks[i],
			    server_irc_hub_name(hubs[i]))) {
				strmap_set(&wm->seen, key, wm);
				server_irc_who_one(c, "*", nicks[i], hubs[i],
				    &wm->whox);
				wm->left--;
			}
			free(key);
		}
		server_irc_numeric(c, "315", 2, wm->mask, "End of WHO list");
	}
	if (c != NULL)
		server_client_flood_answered(c, wm->gen);
	strmap_free(&wm->seen);
	free(wm->mask);
	free(wm);
}
