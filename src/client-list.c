/* SPDX-License-Identifier: ISC */
/* client-list.c: the hub's lists (rooms, names, bans), page after page. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static cJSON	*client_list_name(struct client *, const char *);
static const char *client_list_ban_kind(const char *);

/* roomlist: the answer to /rooms (also feeds the room picker). */
void
client_list_rooms(struct client *c, cJSON *obj)
{
	cJSON		*rooms, *jr, *members;
	struct roominfo	*ri;
	char		*plain;
	long long	 n = 0, count;
	u_int		 i, shown, add;
	int		 more = 0;

	/* A long list comes in pages: each but the last says "more". */
	if (!c->roomlist_more) {
		for (i = 0; i < c->nroomlist; i++) {
			free(c->roomlist[i].name);
			free(c->roomlist[i].topic);
			free(c->roomlist[i].members);
		}
		free(c->roomlist);
		c->roomlist = NULL;
		c->nroomlist = 0;
	}
	proto_get_bool(obj, PF_MORE, 0, &more);
	c->roomlist_more = more;
	rooms = cJSON_GetObjectItemCaseSensitive(obj, PF_ROOMS);
	add = cJSON_GetArraySize(rooms);
	if (add > CR_ROOMS_MAX - c->nroomlist)	/* no hub has more */
		add = CR_ROOMS_MAX - c->nroomlist;
	if (add > 0)
		c->roomlist = xreallocarray(c->roomlist, c->nroomlist + add,
		    sizeof *c->roomlist);
	cJSON_ArrayForEach(jr, rooms) {
		if (add-- == 0)
			break;
		ri = &c->roomlist[c->nroomlist++];
		n = count = 0;
		proto_get_int(jr, PF_N, 0, &n);
		proto_get_int(jr, PF_COUNT, 0, &count);
		ri->number = n;
		ri->nmembers = count;
		ri->name = utf8_sanitize(client_event_str(jr, PF_NAME),
		    strlen(client_event_str(jr, PF_NAME)), 0);
		plain = client_room_unformat(client_event_str(jr, PF_TOPIC));
		ri->topic = utf8_sanitize(plain, strlen(plain), 0);
		free(plain);
		/* The first names of a big room stay in the hub's order. */
		members = cJSON_GetObjectItemCaseSensitive(jr, PF_MEMBERS);
		ri->members = fmt_names(members, " ",
		    cJSON_GetArraySize(members) >= count, &shown);
	}
	if (!more && c->ui->roomlist != NULL)
		c->ui->roomlist(c);
}

/*
 * A member as /names shows them: "carl (lost)" while the hub keeps their
 * session for a resume (we share the room, so we were told).
 */
static cJSON *
client_list_name(struct client *c, const char *nick)
{
	cJSON	*item;
	char	*s;

	if (!client_people_is_lost(c, nick))
		return (cJSON_CreateString(nick));
	xasprintf(&s, _("%s (lost)"), nick);
	item = cJSON_CreateString(s);
	free(s);
	return (item);
}

/*
 * namelist: the answer to /names, shown in the window in view.  A big
 * room's comes in pages: each but the last says "more"; the names shown
 * are kept (CR_CLIENT_NAMES of them) and the others counted until the
 * last page.
 */
void
client_list_names(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*members, *m, *marked = NULL;
	char		*list, *all;
	u_int		 n, kept;
	int		 more = 0;

	r = client_room(c, client_event_str(obj, PF_ROOM), CLIENT_ROOM_FIND);
	members = cJSON_GetObjectItemCaseSensitive(obj, PF_MEMBERS);
	if (r != NULL) {
		cJSON_ArrayForEach(m, members) {
			if (cJSON_IsString(m))
				client_room_member_add(r, m->valuestring);
		}
	}
	proto_get_bool(obj, PF_MORE, 0, &more);
	if (more || c->names != NULL) {
		if (c->names == NULL) {
			c->names = cJSON_CreateArray();
			c->nnames = 0;
		}
		cJSON_ArrayForEach(m, members) {
			if (!cJSON_IsString(m))
				continue;
			if (c->nnames++ < CR_CLIENT_NAMES) {
				cJSON_AddItemToArray(c->names,
				    client_list_name(c, m->valuestring));
			}
		}
		if (more)
			return;
		members = c->names;
	} else if (c->nlost > 0) {
		marked = cJSON_CreateArray();
		cJSON_ArrayForEach(m, members) {
			if (cJSON_IsString(m))
				cJSON_AddItemToArray(marked,
				    client_list_name(c, m->valuestring));
		}
		members = marked;
	}
	list = fmt_names(members, " ", members != c->names ||
	    c->nnames <= CR_CLIENT_NAMES, &n);
	cJSON_Delete(marked);
	if (members == c->names) {
		kept = n;
		if ((n = c->nnames) > kept) {
			xasprintf(&all, ngettext("%s%sand %u more",
			    "%s%sand %u more", n - kept), list, " ", n - kept);
			free(list);
			list = all;
		}
		cJSON_Delete(c->names);
		c->names = NULL;
	}
	/*
	 * Where the user asked, as /rooms and /whois: "/names dev" typed in
	 * #lobby must not answer in #dev, out of view.
	 */
	client_notice(c, c->current, CLINE_NOTICE,
	    ngettext("#%s: %u member: %s", "#%s: %u members: %s", n),
	    client_event_str(obj, PF_ROOM), n, list);
	free(list);
}

/*
 * room_members: a page of the members of a big room, after its room
 * frame and before its messages.  Each is added to those the room frame
 * and the pages before it gave (as many as the member list keeps, the
 * others counted); the room is complete with the page without "more".
 * A page no room frame announced is ignored.
 */
void
client_list_members(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*m;
	int		 more = 0;

	r = client_room(c, client_event_str(obj, PF_ROOM), CLIENT_ROOM_FIND);
	if (r == NULL || !(r->flags & CROOM_PAGES))
		return;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj,
	    PF_MEMBERS)) {
		if (cJSON_IsString(m))
			client_room_member_add(r, m->valuestring);
	}
	client_people_room(c, r, obj);
	proto_get_bool(obj, PF_MORE, 0, &more);
	if (more)
		return;
	r->flags &= ~CROOM_PAGES;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * The kinds of bans as the hub names them, and as /bans shows them in the
 * user's language; a kind not in the table is shown as it came.
 */
static const struct {
	const char	*kind;
	const char	*shown;
} client_list_ban_kinds[] = {
	/* TRANSLATORS: /bans: a ban on a nick, before the nick. */
	{ "nick", N_("nick") },
	/* TRANSLATORS: /bans: a ban on an IP address, before the address. */
	{ "ip", N_("ip") },
	/* TRANSLATORS: /bans: a mute, before the muted nick. */
	{ "mute", N_("mute") }
};
#define CLIENT_LIST_NBAN_KINDS \
	(sizeof client_list_ban_kinds / sizeof client_list_ban_kinds[0])

/* How /bans names a kind of ban. */
static const char *
client_list_ban_kind(const char *kind)
{
	size_t	i;

	for (i = 0; i < CLIENT_LIST_NBAN_KINDS; i++) {
		if (strcmp(client_list_ban_kinds[i].kind, kind) == 0)
			return (_(client_list_ban_kinds[i].shown));
	}
	return (kind);
}

/*
 * banlist: the answer to /bans.  A ban or mute set without a reason says
 * so ("banned" is what older hubs kept when the operator gave none).
 */
void
client_list_bans(struct client *c, cJSON *obj)
{
	cJSON		*b;
	long long	 until;
	const char	*kind, *target, *by, *reason;
	char		 when[96];
	u_int		 n = 0;

	cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(obj, PF_BANS)) {
		until = 0;
		proto_get_int(b, PF_UNTIL, 0, &until);
		kind = client_list_ban_kind(client_event_str(b, PF_KIND));
		target = client_event_str(b, PF_TARGET);
		by = client_event_str(b, PF_BY);
		reason = client_event_str(b, PF_REASON);
		if (*reason == '\0' || strcmp(reason, "banned") == 0)
			reason = _("no reason given");
		if (until == 0)
			client_notice(c, c->current, CLINE_NOTICE,
			    _("%s %s (permanent) by %s: %s"), kind, target, by,
			    reason);
		else {
			fmt_until(until, when, sizeof when);
			client_notice(c, c->current, CLINE_NOTICE,
			    _("%s %s until %s by %s: %s"), kind, target, when,
			    by, reason);
		}
		n++;
	}
	if (n == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("there are no bans"));
}
