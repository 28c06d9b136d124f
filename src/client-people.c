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
 * The nicks away are kept by case-folded nick for the members of our
 * rooms only: the hub announces away changes to those who share a room,
 * lists the members away in each room frame and says it when someone
 * joins.  An entry goes when the nick quits or leaves our last room with
 * it, so the set never outgrows the rooms' members.  An entry also notes
 * the away message a conversation with them showed already, so that the
 * hub's notice after our next DM does not say it twice.
 */
struct client_away {
	char	*key;		/* case-folded nick */
	char	*said;		/* the message their conversation shows */
};

static int	client_people_cmp(const void *, const void *);
static void	client_people_free_node(void *);
static char	*client_people_duration(long long, char *, size_t);
static void	client_people_set(struct client *, const char *, int);
static struct client_away *client_people_find(struct client *,
		    const char *);
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

/* Forget every nick away (the client ends). */
void
client_people_free(struct client *c)
{
	tdestroy(c->away, client_people_free_node);
	c->away = NULL;
	c->naway = 0;
}

/* A number of seconds as the two largest units: "2d 3h", "5m 10s". */
static char *
client_people_duration(long long secs, char *buf, size_t size)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 86400)
		snprintf(buf, size, "%lldd %lldh", secs / 86400,
		    (secs % 86400) / 3600);
	else if (secs >= 3600)
		snprintf(buf, size, "%lldh %lldm", secs / 3600,
		    (secs % 3600) / 60);
	else if (secs >= 60)
		snprintf(buf, size, "%lldm %llds", secs / 60, secs % 60);
	else
		snprintf(buf, size, "%llds", secs);
	return (buf);
}

/* Mark a nick away or not. */
static void
client_people_set(struct client *c, const char *nick, int away)
{
	struct client_away	 find, *a, **found;

	find.key = utf8_casefold(nick);
	found = tfind(&find, &c->away, client_people_cmp);
	if (away && found == NULL) {
		a = xcalloc(1, sizeof *a);
		a->key = find.key;
		if (tsearch(a, &c->away, client_people_cmp) == NULL)
			fatalx("tsearch failed");
		c->naway++;
		return;
	}
	if (!away && found != NULL) {
		a = *found;
		tdelete(a, &c->away, client_people_cmp);
		client_people_free_node(a);
		c->naway--;
	}
	free(find.key);
}

/* The entry of a nick away, or NULL. */
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
	return (client_people_find(c, nick) != NULL);
}

/*
 * A room frame or a page of its members (room_members): of the members
 * it lists, those away are the ones its "away" array lists.
 */
void
client_people_room(struct client *c, struct croom *r, cJSON *obj)
{
	cJSON	*away, *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj,
	    PF_MEMBERS)) {
		if (cJSON_IsString(m) &&
		    client_room_member_has(r, m->valuestring))
			client_people_set(c, m->valuestring, 0);
	}
	away = cJSON_GetObjectItemCaseSensitive(obj, PF_AWAY);
	cJSON_ArrayForEach(m, away) {
		if (cJSON_IsString(m) &&
		    client_room_member_has(r, m->valuestring))
			client_people_set(c, m->valuestring, 1);
	}
}

/* Someone joined one of our rooms, away if the hub says so. */
void
client_people_joined(struct client *c, const char *nick, cJSON *obj)
{
	client_people_set(c, nick, *client_event_str(obj, PF_AWAY) != '\0');
}

/* A nick left a room or the hub: forget it once it is in none of ours. */
void
client_people_gone(struct client *c, const char *nick)
{
	struct croom	*r;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick))
			return;
	}
	client_people_set(c, nick, 0);
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
		    (c->nick == NULL || strcmp(r->before[i], c->nick) != 0))
			gone[n++] = r->before[i];
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

/* A nick changed: its away mark follows it. */
void
client_people_renamed(struct client *c, const char *old, const char *nick)
{
	if (!client_people_is_away(c, old))
		return;
	client_people_set(c, old, 0);
	client_people_set(c, nick, 1);
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
		client_people_set(c, nick, *text != '\0');
		if (c->ui->state != NULL)
			c->ui->state(c);
		return;
	}
	client_people_set(c, nick, *text != '\0');
	/* A conversation with them says it; rooms show it in the list. */
	if ((r = client_room(c, nick, 0)) != NULL && (r->flags & CROOM_DM)) {
		if (*text != '\0') {
			client_room_event(c, r, 0, _("%s is away: %s"), nick,
			    text);
			a = client_people_find(c, nick);
			free(a->said);
			a->said = xstrdup(text);
		} else
			client_room_event(c, r, 0, _("%s is back"), nick);
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

	if ((r = client_room(c, nick, 0)) == NULL || !(r->flags & CROOM_DM))
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
	char		*rooms = NULL, *tmp, when[32], dur[32];
	time_t		 t;
	struct tm	 tm;

	proto_get_int(obj, PF_SINCE, 0, &since);
	proto_get_int(obj, PF_IDLE, 0, &idle);
	proto_get_bool(obj, PF_CLAIMED, 0, &claimed);
	proto_get_bool(obj, PF_LOST, 0, &lost);
	proto_get_bool(obj, PF_OPER, 0, &oper);
	t = since / 1000;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	client_notice(c, r, CLINE_NOTICE, _("%s: connected since %s, idle %s"),
	    nick, when, client_people_duration(idle, dur, sizeof dur));
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
	if (claimed)
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
