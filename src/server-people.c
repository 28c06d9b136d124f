/* SPDX-License-Identifier: ISC */
/* server-people.c: whois, away messages, invites, DM partners. */

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
 * What the hub tells users about each other beyond their rooms.  The
 * answers are typed values (struct hub_whois, an away text) that any
 * codec can spell: the JSON protocol here, IRC's WHOIS and AWAY replies
 * elsewhere.  A session also remembers the last CR_DM_PARTNERS nicks it
 * exchanged direct messages with, so that a nick change reaches them
 * even when they share no room (their conversation window follows it).
 */
static int	server_people_list_find(char **, u_int, const char *);
static void	server_people_list_drop(char **, u_int *, u_int);
static void	server_people_list_front(char ***, u_int *, u_int,
		    const char *);
static void	server_people_list_clear(char ***, u_int *);
static void	server_people_announce(struct session *);
static int	server_people_invite_again(struct server_client *,
		    const char *, const char *);
static int	server_people_whois_far(struct server_client *, const char *,
		    long long);
static void	server_people_whois_found(struct server_client *, int,
		    const char *, const char *, void *);

/* Where a nick is in a list of nicks (ignoring case), or -1. */
static int
server_people_list_find(char **list, u_int n, const char *nick)
{
	char	*key, *have;
	u_int	 i;
	int	 found = -1;

	key = utf8_casefold(nick);
	for (i = 0; i < n && found == -1; i++) {
		have = utf8_casefold(list[i]);
		if (strcmp(have, key) == 0)
			found = i;
		free(have);
	}
	free(key);
	return (found);
}

/* Take entry i out of a list. */
static void
server_people_list_drop(char **list, u_int *n, u_int i)
{
	free(list[i]);
	memmove(list + i, list + i + 1, (*n - i - 1) * sizeof *list);
	(*n)--;
}

/*
 * Put a nick first in a list of at most max, once: an entry already there
 * moves, and past max the oldest (last) goes.
 */
static void
server_people_list_front(char ***list, u_int *n, u_int max, const char *nick)
{
	int	i;

	if ((i = server_people_list_find(*list, *n, nick)) != -1)
		server_people_list_drop(*list, n, i);
	else if (*n >= max)
		server_people_list_drop(*list, n, *n - 1);
	if (*list == NULL)
		*list = xcalloc(max, sizeof **list);
	memmove(*list + 1, *list, *n * sizeof **list);
	(*list)[0] = xstrdup(nick);
	(*n)++;
}

/* Empty a list and free it. */
static void
server_people_list_clear(char ***list, u_int *n)
{
	u_int	i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

/*
 * What the asking session may know about a nick: when its session began,
 * how long it has been silent, the rooms they share (an operator sees
 * every room and the address), its away message, whether a key holds the
 * nick and whether it waits for a resume.  0, or -1 with a reason.  The
 * answer points into the session: use it before the hub goes on.
 */
int
server_people_whois_find(struct session *asker, const char *nick,
    struct hub_whois *w, enum proto_err *err, char **cause)
{
	struct session	*s;
	int		 oper = (asker->flags & SESSION_OPER) != 0;
	int64_t		 now = now_ms();
	u_int		 i;
	char		*key;

	memset(w, 0, sizeof *w);
	if ((s = session_find_nick(nick)) == NULL) {
		*err = PERR_NO_SUCH_NICK;
		key = utf8_casefold(nick);
		if (server_backend()->remote() &&
		    server_people_remote_member(NULL, key))
			xasprintf(cause, "%s is on another hub of the cluster: "
			    "whois knows this hub's users only", nick);
		else
			xasprintf(cause, "no such nick: %s", nick);
		free(key);
		return (-1);
	}
	w->nick = s->nick;
	w->since = s->since;
	w->idle = now > s->active ? (now - s->active) / 1000 : 0;
	w->rooms = xcalloc(s->nrooms > 0 ? s->nrooms : 1, sizeof *w->rooms);
	for (i = 0; i < s->nrooms; i++) {
		if (oper || s == asker || room_has(s->rooms[i], asker))
			w->rooms[w->nrooms++] = s->rooms[i]->name;
	}
	w->away = s->away;
	if (oper)
		w->address = s->ip;
	w->claimed = claim_check(s->nick, NULL) != 1;
	w->by_password = w->claimed && !claim_keyed(s->nick);
	w->lost = s->client == NULL;
	w->oper = (s->flags & SESSION_OPER) != 0;
	return (0);
}

/* Free what server_people_whois_find allocated. */
void
server_people_whois_free(struct hub_whois *w)
{
	free(w->rooms);
	w->rooms = NULL;
	w->nrooms = 0;
}

/* A whois waiting to learn where its nick is. */
struct server_people_far {
	char		*nick;
	long long	 seq;
};

/*
 * A whois of a nick neither here nor in a room here, with other hubs in
 * reach: ask the cluster where it is (1), as a kick does, so that a user
 * of another hub who shares no room with this one is not "no such nick".
 */
static int
server_people_whois_far(struct server_client *c, const char *nick,
    long long seq)
{
	struct server_people_far	*far;
	char				*key;
	int				 known;

	if (session_find_nick(nick) != NULL ||
	    server_backend()->whereis == NULL || !server_backend()->remote())
		return (0);
	key = utf8_casefold(nick);
	known = server_people_remote_member(NULL, key);
	free(key);
	if (known)
		return (0);
	far = xcalloc(1, sizeof *far);
	far->nick = xstrdup(nick);
	far->seq = seq;
	server_backend()->whereis(c, nick, server_people_whois_found, far);
	return (1);
}

/* Where the nick of a whois is: the hub knows its own users only. */
static void
server_people_whois_found(struct server_client *c, int result,
    const char *nick, const char *hub, void *arg)
{
	struct server_people_far	*far = arg;

	if (c == NULL)
		;
	else if (result == WHEREIS_FOUND)
		server_client_errorf(c, PERR_NO_SUCH_NICK, far->seq, "%s is on "
		    "another hub of the cluster: whois knows this hub's users "
		    "only", nick);
	else if (result == WHEREIS_LOST)
		server_client_errorf(c, PERR_UNREACHABLE, far->seq, "%s is not "
		    "on this hub, and the other hubs cannot be reached now",
		    far->nick);
	else
		server_client_errorf(c, PERR_NO_SUCH_NICK, far->seq,
		    "no such nick: %s", far->nick);
	free(far->nick);
	free(far);
}

/* whois: who a nick is, as far as the asker may know. */
void
server_people_whois(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*nick;
	struct hub_whois	 w;
	struct hub_event	 ev;
	enum proto_err		 err;
	char			*cause;

	if (server_client_need_str(c, obj, PF_NICK, seq, &nick) != 0)
		return;
	if (server_people_whois_far(c, nick, seq))
		return;
	if (server_people_whois_find(c->session, nick, &w, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_USERINFO;
	ev.seq = seq;
	ev.whois = &w;
	server_client_send_event(c, &ev);
	server_people_whois_free(&w);
}

/* Tell the session and everyone sharing a room its away state. */
static void
server_people_announce(struct session *s)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_AWAY_CHANGED;
	ev.nick = s->nick;
	ev.ts = now_ms();
	ev.text = s->away;
	server_event_peers(s, &ev, FANOUT_SELF);
}

/*
 * Mark a session away with a message, or back with NULL or "".  Those
 * sharing a room are told (and the session itself); DM senders will be
 * told the new message once each.  0, or -1 with a reason.
 */
int
server_people_set_away(struct session *s, const char *text,
    enum proto_err *err, char **cause)
{
	if (text != NULL && *text == '\0')
		text = NULL;
	if (text != NULL && proto_check_text(text, CR_AWAY_MAX, 0, err,
	    cause) != 0)
		return (-1);
	if (text == NULL && s->away == NULL)
		return (0);
	if (text != NULL && s->away != NULL && strcmp(text, s->away) == 0)
		return (0);
	free(s->away);
	s->away = text != NULL ? xstrdup(text) : NULL;
	server_people_list_clear(&s->told, &s->ntold);
	server_mark_dirty();	/* kept with the session in the file */
	server_backend()->session(s);	/* and with its entry (cluster) */
	log_info("%s is %s", s->nick, text != NULL ? "away" : "back");
	server_people_announce(s);
	return (0);
}

/* away: set the away message, or come back without one. */
void
server_people_away(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*text;
	enum proto_err	 err;
	char		*cause;

	if (proto_get_str(obj, PF_TEXT, 0, &text) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"text\" must be a string", seq);
		return;
	}
	/* The message would be one more line to every room. */
	if (text != NULL && *text != '\0' && server_chat_muted(c, seq))
		return;
	if (server_people_set_away(c->session, text, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	server_client_ack(c, seq, 0);
}

/*
 * Is a case-folded nick a member on another hub of a room (of any room if
 * room is NULL)?  What the hub knows of the users of other hubs is the
 * rooms they are in.
 */
int
server_people_remote_member(struct room *room, const char *key)
{
	struct room	*r;
	u_int		 i;

	TAILQ_FOREACH(r, &room_list, entry) {
		if (room != NULL && r != room)
			continue;
		for (i = 0; i < r->nremote; i++) {
			if (strcmp(r->remote[i].key, key) == 0)
				return (1);
		}
	}
	return (0);
}

/*
 * Has this connection invited the user (key, case-folded) to the room in
 * the last CR_INVITE_AGAIN seconds?  Otherwise the invite is recalled, in
 * place of the oldest, and 0 returned: the same invite over and over is
 * a flood on the one user, however slow for the flood limiter.
 */
static int
server_people_invite_again(struct server_client *c, const char *key,
    const char *room)
{
	uint64_t	 h = 14695981039346656037ULL;	/* FNV-1a */
	int64_t		 now = mono_ms();
	const char	*p;
	u_int		 i, old = 0;

	for (p = key; *p != '\0'; p++)
		h = (h ^ (u_char)*p) * 1099511628211ULL;
	h *= 1099511628211ULL;			/* the '\0' between */
	for (p = room; *p != '\0'; p++)
		h = (h ^ (u_char)*p) * 1099511628211ULL;
	for (i = 0; i < CR_INVITES_HELD; i++) {
		if (c->invited_at[i] != 0 && c->invited[i] == h &&
		    now - c->invited_at[i] < CR_INVITE_AGAIN * 1000LL)
			return (1);
		if (c->invited_at[i] < c->invited_at[old])
			old = i;
	}
	c->invited[old] = h;
	c->invited_at[old] = now != 0 ? now : 1;
	return (0);
}

/*
 * A member of a room asks a user of this hub in, for the native invite
 * and IRC's INVITE alike.  Rooms are open to all (no +i), so the invite
 * is a notification and no more: an IRC user gets INVITE, a native user
 * the notice "invite" (a user whose connection is lost gets nothing).
 * The nick must be someone's, the room must exist (name NULL: the name
 * is no room's), the inviter must be in it and the user not, and a muted
 * user invites no one.  The hubs of a cluster pass no invites: a user of
 * another hub is no_such_nick with inv->remote set.  0 once the invite is
 * on its way, or -1 with a reason; inv says what was found either way.
 */
int
server_people_invite_user(struct server_client *c, const char *nick,
    const char *name, struct server_invite *inv, enum proto_err *err,
    char **cause)
{
	struct session		*s;
	struct room		*room;
	const struct hist_ban	*b;
	struct hub_event	 ev;
	char			*key, *chan;
	int			 rc = -1;

	memset(inv, 0, sizeof *inv);
	s = inv->to = session_find_nick(nick);
	key = utf8_casefold(nick);
	inv->remote = s == NULL && server_backend()->remote() &&
	    server_people_remote_member(NULL, key);
	if (s == NULL && !inv->remote) {
		*err = PERR_NO_SUCH_NICK;
		xasprintf(cause, "no such nick: %s", nick);
		goto out;
	}
	if (name == NULL || (room = inv->room = room_find(name)) == NULL) {
		*err = PERR_NO_SUCH_ROOM;
		xasprintf(cause, "no such room: %s", name != NULL ? name : "");
		goto out;
	}
	if (!room_has(room, c->session)) {
		*err = PERR_NOT_IN_ROOM;
		xasprintf(cause, "you are not in #%s", room->name);
		goto out;
	}
	if (s != NULL ? room_has(room, s) :
	    server_people_remote_member(room, key)) {
		*err = PERR_ALREADY_IN_ROOM;
		xasprintf(cause, "%s is already in %s",
		    s != NULL ? s->nick : nick, room->name);
		goto out;
	}
	if (s == NULL) {
		*err = PERR_NO_SUCH_NICK;
		xasprintf(cause, "%s is on another hub, and invites stay on "
		    "one hub", nick);
		goto out;
	}
	/* Nothing would reach a session waiting for its resume. */
	if (s->client == NULL) {
		*err = PERR_NO_SUCH_NICK;
		xasprintf(cause, "%s lost the connection; invite them once "
		    "they are back", s->nick);
		goto out;
	}
	if ((b = ban_find(BAN_MUTE, c->session->nick)) != NULL) {
		*err = PERR_MUTED;
		*cause = xstrdup(*b->reason != '\0' ? b->reason :
		    "you are muted");
		goto out;
	}

	if (server_people_invite_again(c, key, room->name)) {
		*err = PERR_FLOOD;
		xasprintf(cause, "you invited %s to #%s less than %d seconds "
		    "ago", s->nick, room->name, CR_INVITE_AGAIN);
		goto out;
	}

	xasprintf(&chan, "#%s", room->name);
	/* IRC: INVITE to the user, and to members with invite-notify. */
	server_irc_invited(c->session, s, room);
	if (s->client != NULL && s->client->irc == NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_NOTICE;
		ev.code = "invite";
		ev.subject = c->session->nick;
		ev.room = room->name;
		server_event_one(s, &ev);
	}
	log_debug("%s invites %s to %s", c->session->nick, s->nick, chan);
	free(chan);
	rc = 0;
out:
	free(key);
	return (rc);
}

/*
 * invite: ask a user into a room, as IRC's INVITE; the ack says it went,
 * and a user who is away has the inviter told the away message.
 */
void
server_people_invite(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*nick, *room;
	struct server_invite	 inv;
	struct hub_event	 ev;
	enum proto_err		 err;
	char			*cause;

	if (proto_get_str(obj, PF_NICK, 1, &nick) != 0 ||
	    proto_get_str(obj, PF_ROOM, 1, &room) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"nick\" and \"room\" are required", seq);
		return;
	}
	if (server_people_invite_user(c, nick, room, &inv, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	server_client_ack(c, seq, 0);
	if (inv.to->away != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_NOTICE;
		ev.code = "away";
		ev.subject = inv.to->nick;
		ev.text = inv.to->away;
		server_client_send_event(c, &ev);
	}
}

/*
 * A DM from a nick (here or on another hub of the cluster) to a session
 * here: the away message to tell the sender, if the receiver is away and
 * has not told this sender since it set that message (as irssi shows an
 * away reply once); else NULL.
 */
const char *
server_people_dm_away(const char *from, struct session *to)
{
	if (to->away == NULL || strcmp(from, to->nick) == 0 ||
	    server_people_list_find(to->told, to->ntold, from) != -1)
		return (NULL);
	server_people_list_front(&to->told, &to->ntold, CR_AWAY_TOLD, from);
	return (to->away);
}

/* Two sessions exchanged a direct message: each remembers the other. */
void
server_people_partner(struct session *a, struct session *b)
{
	if (a == b)
		return;
	server_people_list_front(&a->partners, &a->npartners, CR_DM_PARTNERS,
	    b->nick);
	server_people_list_front(&b->partners, &b->npartners, CR_DM_PARTNERS,
	    a->nick);
}

/*
 * A session changed nick from old: its partners remember it by the new
 * one (the rename itself reached them with FANOUT_PARTNERS), and so do
 * the senders told it is away.
 */
void
server_people_renamed(struct session *s, const char *old)
{
	struct session	*p;
	u_int		 i;
	int		 at;

	for (i = 0; i < s->npartners; i++) {
		if ((p = session_find_nick(s->partners[i])) == NULL ||
		    (at = server_people_list_find(p->partners, p->npartners,
		    old)) == -1)
			continue;
		free(p->partners[at]);
		p->partners[at] = xstrdup(s->nick);
	}
}

/* A session ends: free what this file kept for it. */
void
server_people_forget(struct session *s)
{
	free(s->away);
	s->away = NULL;
	server_people_list_clear(&s->told, &s->ntold);
	server_people_list_clear(&s->partners, &s->npartners);
}
