/* SPDX-License-Identifier: ISC */
/* client-people.c: /whois answers and who is away, as the hub tells us. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * The nicks away or lost are kept by case-folded nick for the members of
 * our rooms only: the hub announces away changes to those who share a
 * room, lost connections and resumes ("lost", "back") too, lists the
 * members away and lost in each room frame and says it when someone
 * joins.  An entry goes when the nick quits, leaves our last room with
 * it, or is neither away nor lost any more, so the set never outgrows the
 * rooms' members.  An entry also notes the away message a conversation
 * with them showed already, so that the hub's notice after our next DM
 * does not say it twice.
 */
struct client_away {
	char	*key;		/* case-folded nick */
	char	*said;		/* the message their conversation shows */
	int	 flags;
#define CLIENT_PEOPLE_AWAY	0x1	/* marked away (/away) */
#define CLIENT_PEOPLE_LOST	0x2	/* the hub waits for their resume */
#define CLIENT_PEOPLE_TOLD	0x4	/* the rooms showed the loss */
#define CLIENT_PEOPLE_TOLD_DM	0x8	/* their conversation showed it */
};

static int	client_people_cmp(const void *, const void *);
static void	client_people_free_node(void *);
static void	client_people_set(struct client *, const char *, int, int);
static void	client_people_forget(struct client *, const char *);
static int	client_people_in(cJSON *, const char *);
static struct client_away *client_people_find(struct client *,
		    const char *);
static void	client_people_count_cb(const void *, VISIT, void *);
static void	client_people_list(struct client *, struct croom *, cJSON *,
		    const char *, int);
static int	client_people_cmp_names(const void *, const void *);

/* Order entries by case-folded nick. */
static int
client_people_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct client_away *)a)->key,
	    ((const struct client_away *)b)->key));
}

/* Free one entry. */
static void
client_people_free_node(void *p)
{
	struct client_away	*a = p;

	free(a->key);
	free(a->said);
	free(a);
}

/* Forget every nick away or lost (the client ends). */
void
client_people_free(struct client *c)
{
	tdestroy(c->away, client_people_free_node);
	c->away = NULL;
	c->naway = 0;
	c->nlost = 0;
}

/*
 * Mark a nick away or lost (flag), or not; the entry goes with its last
 * flag.
 */
static void
client_people_set(struct client *c, const char *nick, int flag, int on)
{
	struct client_away	 find, *a, **found;
	u_int			*count;

	count = flag == CLIENT_PEOPLE_LOST ? &c->nlost : &c->naway;
	find.key = utf8_casefold(nick);
	found = tfind(&find, &c->away, client_people_cmp);
	if (on && found == NULL) {
		a = xcalloc(1, sizeof *a);
		a->key = find.key;
		a->flags = flag;
		if (tsearch(a, &c->away, client_people_cmp) == NULL)
			fatalx("tsearch failed");
		(*count)++;
		return;
	}
	free(find.key);
	if (found == NULL || ((*found)->flags & flag) == (on ? flag : 0))
		return;
	a = *found;
	if (on) {
		a->flags |= flag;
		(*count)++;
		return;
	}
	a->flags &= ~flag;
	(*count)--;
	if (flag == CLIENT_PEOPLE_LOST)
		a->flags &= ~(CLIENT_PEOPLE_TOLD|CLIENT_PEOPLE_TOLD_DM);
	if (flag == CLIENT_PEOPLE_AWAY) {
		free(a->said);
		a->said = NULL;
	}
	if (a->flags == 0) {
		tdelete(a, &c->away, client_people_cmp);
		client_people_free_node(a);
	}
}

/* Forget whether a nick is away or lost. */
static void
client_people_forget(struct client *c, const char *nick)
{
	if (c->away == NULL)
		return;
	client_people_set(c, nick, CLIENT_PEOPLE_AWAY, 0);
	client_people_set(c, nick, CLIENT_PEOPLE_LOST, 0);
}

/*
 * Note that the loss of a nick marked lost was shown, so that their
 * "back" is said in the same place: in the rooms (a "lost" event), or,
 * with dm, in the conversation with them (the hub's notice that it keeps
 * our message to them).
 */
void
client_people_tell(struct client *c, const char *nick, int dm)
{
	struct client_away	*a;

	if ((a = client_people_find(c, nick)) != NULL &&
	    (a->flags & CLIENT_PEOPLE_LOST))
		a->flags |= dm ? CLIENT_PEOPLE_TOLD_DM : CLIENT_PEOPLE_TOLD;
}

/* The entry of a nick away or lost, or NULL. */
static struct client_away *
client_people_find(struct client *c, const char *nick)
{
	struct client_away	find, **found;

	if (c->away == NULL)
		return (NULL);
	find.key = utf8_casefold(nick);
	found = tfind(&find, &c->away, client_people_cmp);
	free(find.key);
	return (found != NULL ? *found : NULL);
}

/* Is this nick away, as far as we know? */
int
client_people_is_away(struct client *c, const char *nick)
{
	struct client_away	*a;

	if (c->naway == 0 || (a = client_people_find(c, nick)) == NULL)
		return (0);
	return ((a->flags & CLIENT_PEOPLE_AWAY) != 0);
}

/* Has this nick lost the connection (the hub waits for a resume)? */
int
client_people_is_lost(struct client *c, const char *nick)
{
	struct client_away	*a;

	if (c->nlost == 0 || (a = client_people_find(c, nick)) == NULL)
		return (0);
	return ((a->flags & CLIENT_PEOPLE_LOST) != 0);
}

/* The room lost_in counts in, and the count so far. */
struct client_people_count {
	struct croom	*r;
	u_int		 n;
};

/* Count an entry lost if it is a member of the room (twalk_r). */
static void
client_people_count_cb(const void *node, VISIT which, void *arg)
{
	const struct client_away	*a = *(struct client_away *const *)node;
	struct client_people_count	*pc = arg;

	if ((which == postorder || which == leaf) &&
	    (a->flags & CLIENT_PEOPLE_LOST) &&
	    strmap_get(&pc->r->memberidx, a->key) != NULL)
		pc->n++;
}

/*
 * How many of a room's members we know by name have lost the connection.
 * The title bar asks on every redraw: the few lost are looked up in the
 * room, not the room's thousands in the set.
 */
u_int
client_people_lost_in(struct client *c, struct croom *r)
{
	struct client_people_count	pc = { r, 0 };

	if (c->nlost == 0 || r->nmembers == 0)
		return (0);
	twalk_r(c->away, client_people_count_cb, &pc);
	return (pc.n);
}

/* Mark the members a frame's array (field) lists with flag. */
static void
client_people_list(struct client *c, struct croom *r, cJSON *obj,
    const char *field, int flag)
{
	cJSON	*m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj, field)) {
		if (cJSON_IsString(m) &&
		    client_room_member_has(r, m->valuestring))
			client_people_set(c, m->valuestring, flag, 1);
	}
}

/* Does a frame's array of nicks list this one? */
static int
client_people_in(cJSON *array, const char *nick)
{
	cJSON	*m;

	cJSON_ArrayForEach(m, array) {
		if (cJSON_IsString(m) && strcmp(m->valuestring, nick) == 0)
			return (1);
	}
	return (0);
}

/*
 * A room frame or a page of its members (room_members): of the members
 * it lists, those away are the ones its "away" array lists, and those
 * lost the ones its "lost" array lists (a hub too old to send it lists
 * none).  One whose loss we showed and who is still lost keeps that
 * mark, so that their "back" is shown too.
 */
void
client_people_room(struct client *c, struct croom *r, cJSON *obj)
{
	cJSON			*m, *lost;
	struct client_away	*a;

	lost = cJSON_GetObjectItemCaseSensitive(obj, PF_LOST);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj,
	    PF_MEMBERS)) {
		if (!cJSON_IsString(m) ||
		    !client_room_member_has(r, m->valuestring))
			continue;
		if (c->nlost > 0 &&
		    (a = client_people_find(c, m->valuestring)) != NULL &&
		    (a->flags & CLIENT_PEOPLE_TOLD) &&
		    client_people_in(lost, m->valuestring))
			client_people_set(c, m->valuestring,
			    CLIENT_PEOPLE_AWAY, 0);
		else
			client_people_forget(c, m->valuestring);
	}
	client_people_list(c, r, obj, PF_AWAY, CLIENT_PEOPLE_AWAY);
	client_people_list(c, r, obj, PF_LOST, CLIENT_PEOPLE_LOST);
}

/* Someone joined one of our rooms, away if the hub says so. */
void
client_people_joined(struct client *c, const char *nick, cJSON *obj)
{
	client_people_set(c, nick, CLIENT_PEOPLE_LOST, 0);
	client_people_set(c, nick, CLIENT_PEOPLE_AWAY,
	    *client_event_str(obj, PF_AWAY) != '\0');
}

/*
 * lost: someone's connection dropped and the hub keeps their session;
 * the loss was shown.  Only the members of our rooms are kept.
 */
void
client_people_lost(struct client *c, const char *nick)
{
	struct croom	*r;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick)) {
			client_people_set(c, nick, CLIENT_PEOPLE_LOST, 1);
			client_people_tell(c, nick, 0);
			return;
		}
	}
}

/*
 * back: someone resumed their session.  Where to say so: where their
 * loss was shown (CLIENT_BACK_ROOMS, CLIENT_BACK_DM), or in the rooms if
 * we did not know of it (an older hub) unless the hub says nobody was
 * told of one (unseen); nowhere if we knew it only from
 * a room frame (a restart of the hub, which everyone went through, or a
 * loss before we joined).
 */
int
client_people_back(struct client *c, const char *nick, int unseen)
{
	struct client_away	*a;
	int			 say = 0;

	if (c->nlost == 0 || (a = client_people_find(c, nick)) == NULL ||
	    !(a->flags & CLIENT_PEOPLE_LOST))
		return (unseen ? 0 : CLIENT_BACK_ROOMS);
	if (a->flags & CLIENT_PEOPLE_TOLD)
		say |= CLIENT_BACK_ROOMS;
	if (a->flags & CLIENT_PEOPLE_TOLD_DM)
		say |= CLIENT_BACK_DM;
	client_people_set(c, nick, CLIENT_PEOPLE_LOST, 0);
	return (say);
}

/* A nick left a room or the hub: forget it once it is in none of ours. */
void
client_people_gone(struct client *c, const char *nick)
{
	struct croom	*r;

	if (c->away == NULL)
		return;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick))
			return;
	}
	client_people_forget(c, nick);
}

/*
 * A new connection after a lost one: the room frames to come give each
 * room's members as they are now, to compare with those we knew.  Who
 * was in a room and is not any more left it or the hub while we were
 * away (a hub restarted ends its IRC users' sessions, for one), and the
 * hub sends no event for that.
 */
void
client_people_recheck(struct client *c)
{
	struct croom	*r;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && !(r->flags & CROOM_DM))
			r->flags |= CROOM_RECHECK;
	}
}

/* A room frame after a reconnection: keep the members we knew. */
void
client_people_before(struct croom *r)
{
	if (!(r->flags & CROOM_RECHECK) || r->before != NULL)
		return;
	r->before = r->members;
	r->nbefore = r->nmembers;
	r->members = NULL;
	r->nmembers = 0;
}

/* Order names for qsort. */
static int
client_people_cmp_names(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The room's member list is whole again (its replay ended): one line
 * names those we knew who are not in it, at most CR_CLIENT_NAMES of
 * them.  Nothing is said when the list was cut short (CR_CLIENT_MEMBERS),
 * as one not named may only be counted.
 */
void
client_people_compare(struct client *c, struct croom *r)
{
	char	**gone, *list, *more;
	size_t	  len = 0, size = 256;
	u_int	  i, n = 0;

	r->flags &= ~CROOM_RECHECK;
	if (r->before == NULL)
		return;
	gone = xreallocarray(NULL, r->nbefore + 1, sizeof *gone);
	for (i = 0; r->nextra == 0 && i < r->nbefore; i++) {
		if (!client_room_member_has(r, r->before[i]) &&
		    (c->nick == NULL || strcmp(r->before[i], c->nick) != 0)) {
			gone[n++] = r->before[i];
			client_people_gone(c, r->before[i]);
		}
	}
	if (n > 0) {
		qsort(gone, n, sizeof *gone, client_people_cmp_names);
		list = xmalloc(size);
		*list = '\0';
		for (i = 0; i < n && i < CR_CLIENT_NAMES; i++) {
			while (len + strlen(gone[i]) + 3 > size)
				list = xrealloc(list, size *= 2);
			len += sprintf(list + len, "%s%s", i > 0 ? ", " : "",
			    gone[i]);
		}
		if (n > CR_CLIENT_NAMES) {
			xasprintf(&more, ngettext("%s%sand %u more",
			    "%s%sand %u more", n - CR_CLIENT_NAMES), list, ", ",
			    n - CR_CLIENT_NAMES);
			free(list);
			list = more;
		}
		client_room_event(c, r, 0, ngettext("%s is gone (left while "
		    "you were disconnected)", "%s are gone (left while you "
		    "were disconnected)", n), list);
		free(list);
	}
	free(gone);
	client_people_before_free(r);
}

/* Forget the members a room had before a reconnection. */
void
client_people_before_free(struct croom *r)
{
	u_int	i;

	for (i = 0; i < r->nbefore; i++)
		free(r->before[i]);
	free(r->before);
	r->before = NULL;
	r->nbefore = 0;
}

/* A nick changed: its marks follow it. */
void
client_people_renamed(struct client *c, const char *old, const char *nick)
{
	struct client_away	*a;
	int			 away = client_people_is_away(c, old);
	int			 lost = client_people_is_lost(c, old);
	int			 told = 0;

	if (!away && !lost)
		return;
	if ((a = client_people_find(c, old)) != NULL)
		told = a->flags & (CLIENT_PEOPLE_TOLD|CLIENT_PEOPLE_TOLD_DM);
	client_people_forget(c, old);
	if (away)
		client_people_set(c, nick, CLIENT_PEOPLE_AWAY, 1);
	if (lost)
		client_people_set(c, nick, CLIENT_PEOPLE_LOST, 1);
	if (told & CLIENT_PEOPLE_TOLD)
		client_people_tell(c, nick, 0);
	if (told & CLIENT_PEOPLE_TOLD_DM)
		client_people_tell(c, nick, 1);
}

/* away_changed: someone (maybe us) went away or came back. */
void
client_people_away_changed(struct client *c, cJSON *obj)
{
	const char	*nick = client_event_str(obj, PF_NICK);
	const char		*text = client_event_str(obj, PF_TEXT);
	struct croom		*r;
	struct client_away	*a;

	if (c->nick != NULL && strcmp(nick, c->nick) == 0) {
		if (*text != '\0')
			client_notice(c, c->current, CLINE_NOTICE,
			    _("you are marked as away: %s"), text);
		else {
			client_notice(c, c->current, CLINE_NOTICE,
			    _("you are no longer marked as away"));
			c->away_back = 0;
		}
		client_people_set(c, nick, CLIENT_PEOPLE_AWAY, *text != '\0');
		if (c->ui->state != NULL)
			c->ui->state(c);
		return;
	}
	client_people_set(c, nick, CLIENT_PEOPLE_AWAY, *text != '\0');
	/*
	 * An open conversation with them says it; rooms show it in the list.
	 * A closed one does not: it would come above the next message there,
	 * after which the hub's away reply says it.
	 */
	if ((a = client_people_find(c, nick)) != NULL) {
		free(a->said);
		a->said = NULL;
	}
	if ((r = client_room(c, nick, CLIENT_ROOM_DM)) != NULL &&
	    (r->flags & CROOM_JOINED)) {
		if (*text != '\0') {
			client_room_event(c, r, 0, _("%s is away: %s"), nick,
			    text);
			a = client_people_find(c, nick);
			free(a->said);
			a->said = xstrdup(text);
		} else
			client_room_event(c, r, 0, _("%s is no longer away"),
			    nick);
	}
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * The hub says the nick we sent a DM to is away: in their conversation
 * window (the message was delivered all the same), unless it says so
 * already.
 */
void
client_people_away_notice(struct client *c, const char *nick,
    const char *text)
{
	struct croom		*r;
	struct client_away	*a;

	if ((r = client_room(c, nick, CLIENT_ROOM_DM)) == NULL)
		r = c->current;
	else if ((a = client_people_find(c, nick)) != NULL &&
	    a->said != NULL && strcmp(a->said, text) == 0)
		return;
	client_notice(c, r, CLINE_NOTICE, _("%s is away: %s"), nick, text);
}

/* userinfo: the answer to /whois, a few lines in the window in view. */
void
client_people_userinfo(struct client *c, cJSON *obj)
{
	struct croom	*r = c->current;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*s;
	cJSON		*m;
	long long	 since = 0, idle = 0;
	int		 claimed = 0, lost = 0, oper = 0;
	char		*rooms = NULL, *tmp, when[64], dur[32];

	proto_get_int(obj, PF_SINCE, 0, &since);
	proto_get_int(obj, PF_IDLE, 0, &idle);
	proto_get_bool(obj, PF_CLAIMED, 0, &claimed);
	proto_get_bool(obj, PF_LOST, 0, &lost);
	proto_get_bool(obj, PF_OPER, 0, &oper);
	fmt_when(since, when, sizeof when);
	client_notice(c, r, CLINE_NOTICE, _("%s: connected since %s, idle %s"),
	    nick, when, fmt_duration(idle, dur, sizeof dur));
	if (lost)
		client_notice(c, r, CLINE_NOTICE, _("%s: lost the connection; "
		    "the hub keeps the session for a resume"), nick);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj,
	    PF_ROOMS)) {
		if (!cJSON_IsString(m))
			continue;
		if (rooms == NULL)
			xasprintf(&rooms, "#%s", m->valuestring);
		else {
			xasprintf(&tmp, "%s #%s", rooms, m->valuestring);
			free(rooms);
			rooms = tmp;
		}
	}
	if (rooms != NULL)
		client_notice(c, r, CLINE_NOTICE, _("%s: in %s"), nick, rooms);
	else
		client_notice(c, r, CLINE_NOTICE,
		    _("%s: in no room you share"), nick);
	free(rooms);
	if (*(s = client_event_str(obj, PF_AWAY)) != '\0')
		client_notice(c, r, CLINE_NOTICE, _("%s is away: %s"), nick, s);
	if (claimed && strcmp(client_event_str(obj, PF_CLAIM),
	    "password") == 0)
		client_notice(c, r, CLINE_NOTICE,
		    _("%s: the nick is claimed with a password"), nick);
	else if (claimed)
		client_notice(c, r, CLINE_NOTICE,
		    _("%s: the nick is claimed by a key"), nick);
	else
		client_notice(c, r, CLINE_NOTICE,
		    _("%s: the nick is not claimed"), nick);
	if (*(s = client_event_str(obj, PF_ADDRESS)) != '\0')
		client_notice(c, r, CLINE_NOTICE, _("%s: connects from %s"),
		    nick, s);
	if (oper)
		client_notice(c, r, CLINE_NOTICE, _("%s: a hub operator"),
		    nick);
	client_notice(c, r, CLINE_NOTICE, _("end of /whois %s"), nick);
}
