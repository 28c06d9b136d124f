/* SPDX-License-Identifier: ISC */
/* client-event-room.c: the hub's events about rooms and the people in them. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	client_event_room_hint(struct client *, struct croom *);
static char	*client_event_room_reason(const char *, const char *);

/* room: state of a room we are in, before its replay. */
void
client_event_room(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*members, *m;
	const char	*name = client_event_str(obj, PF_ROOM);
	long long	 history = 0, missed = 0;
	int		 resumed = 0, more = 0, gap = 0, known;

	/* A room we showed already: the frame of a resume, not a takeover. */
	known = (r = client_room(c, name, 0)) != NULL &&
	    (r->flags & CROOM_JOINED);
	if ((r = client_room(c, name, CLIENT_ROOM_NEW)) == NULL) {
		client_notice(c, c->status, CLINE_ERROR,
		    _("too many windows: #%s is not shown"), name);
		return;
	}
	r->flags |= CROOM_JOINED;
	client_last_reads_kept(c, r);	/* how far it was read last time */
	free(r->topic);
	r->topic = client_room_unformat(client_event_str(obj, PF_TOPIC));
	client_people_before(r);
	client_room_members_clear(r);
	members = cJSON_GetObjectItemCaseSensitive(obj, PF_MEMBERS);
	cJSON_ArrayForEach(m, members) {
		if (cJSON_IsString(m))
			client_room_member_add(r, m->valuestring);
	}
	client_people_room(c, r, obj);
	client_hello_note_resumed(c, r);
	if (c->current == c->status && !known) { /* taken over: a room */
		c->current = r;
		r->flags |= CROOM_ADOPTED;
	}
	proto_get_int(obj, PF_HISTORY, 0, &history);
	proto_get_bool(obj, PF_RESUMED, 0, &resumed);
	/* --batch has no title bar to show the topic of a room joined. */
	if ((c->flags & CLIENT_TOPIC_NOTE) && !resumed && *r->topic != '\0')
		client_notice(c, r, CLINE_NOTICE, _("topic of #%s: %s"),
		    r->name, r->topic);
	if (history > 0 && !resumed) {	/* on resume: missed, not history */
		r->flags |= CROOM_REPLAY;
		r->replayed = 0;
	}
	/* The hub let go of some it would replay: say so where they were. */
	proto_get_bool(obj, PF_GAP, 0, &gap);
	proto_get_int(obj, PF_MISSED, 0, &missed);
	if (resumed && gap)
		r->flags |= CROOM_GAP;	/* for client_inflight_reconcile */
	if (resumed && gap && missed > 0)
		client_notice(c, r, CLINE_NOTICE, ngettext(
		    "%lld message you missed in #%s is no longer kept by "
		    "the hub", "%lld messages you missed in #%s are no longer "
		    "kept by the hub", missed), missed, name);
	else if (resumed && gap)
		client_notice(c, r, CLINE_NOTICE, _("some messages you "
		    "missed in #%s are no longer kept by the hub"), name);
	/* A big room's other members follow (see client_list_members). */
	proto_get_bool(obj, PF_MORE, 0, &more);
	if (more) {
		r->flags |= CROOM_PAGES;
		return;
	}
	r->flags &= ~CROOM_PAGES;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * history_end: the replay is over; set what it added apart with a marker.
 * A replay that added nothing (the window shows it all already, see
 * cseen.c) adds no marker either.
 */
void
client_event_room_history_end(struct client *c, cJSON *obj)
{
	struct croom	*r;

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	if (r->flags & CROOM_REPLAY) {
		r->flags &= ~CROOM_REPLAY;
		/*
		 * Unread at its end: the read marker above the first of them
		 * parts history from what came meanwhile; "end of history"
		 * below them would say they are old.
		 */
		if (r->replayed > 0 && !(r->flags & CROOM_MISSED))
			client_room_add(c, r, CLINE_MARKER, CLINE_HISTORY, 0,
			    NULL, _("end of history"));
		r->flags &= ~(CROOM_MISSED|CROOM_TOMARK);
	}
	client_people_compare(c, r);
}

/* joined: someone (maybe us) joined a room. */
void
client_event_room_joined(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	int		 self = strcmp(nick, c->nick) == 0, rejoined;

	r = client_room(c, client_event_str(obj, PF_ROOM),
	    self ? CLIENT_ROOM_NEW : CLIENT_ROOM_FIND);
	if (r == NULL)
		return;
	client_room_member_add(r, nick);
	client_people_joined(c, nick, obj);
	if (self) {
		/*
		 * Joining again after a reconnection leaves the view be, the
		 * status window too; the last run's rooms in a new session
		 * leave it be unless it is the status window.
		 */
		rejoined = client_last_order_rejoined(c, r->name);
		if (client_last_named_in(c, r))
			;	/* the target's room: shown */
		else if (r->flags & CROOM_REJOIN)
			;
		else if (c->current == c->status && c->last_njoining > 0)
			client_show(c, r);	/* the last run's view may come */
		else if (!rejoined || c->current == c->status)
			client_switch(c, r);
		r->flags |= CROOM_JOINED;
		r->flags &= ~CROOM_REJOIN;
		client_room_own_event(c, r, client_event_ts(obj),
		    _("you joined #%s"), r->name);
		client_event_room_hint(c, r);
	} else
		client_room_event(c, r, client_event_ts(obj),
		    _("%s joined #%s"), nick, r->name);
}

/*
 * The first room joined in a run of the terminal client, or the one the
 * target names once it is in, says where help is: in the status window
 * and in that room, where the client usually goes.  From a hub with a
 * message of the day, which is in the status window, the room says where
 * that is instead.  Not in their logs, where it would come again each
 * run.
 */
static void
client_event_room_hint(struct client *c, struct croom *r)
{
	const char	*hint;

	if ((~c->flags & CLIENT_HINT) || (c->flags & CLIENT_NAMED))
		return;
	c->flags &= ~CLIENT_HINT;
	if (c->flags & CLIENT_MOTD) {
		if (r != c->status)
			client_room_add(c, r, CLINE_NOTICE, CLINE_NOLOG, 0,
			    NULL, _("the hub's message of the day is in the "
			    "status window: Alt-0"));
		return;
	}
	hint = _("type /help for commands, /rooms for the room list, "
	    "Alt-1..9 to switch windows");
	client_room_add(c, c->status, CLINE_NOTICE, CLINE_NOLOG, 0, NULL,
	    hint);
	if (r != c->status)
		client_room_add(c, r, CLINE_NOTICE, CLINE_NOLOG, 0, NULL,
		    hint);
}

/* left: someone (maybe us) left a room, maybe saying why. */
void
client_event_room_left(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*reason = client_event_str(obj, PF_REASON);

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	if (strcmp(nick, c->nick) == 0) {
		client_notice(c, c->status, CLINE_NOTICE, _("you left #%s"),
		    r->name);
		client_room_remove(c, r);
		return;
	}
	if (!client_room_member_del(r, nick) && r->nextra > 0)
		r->nextra--;	/* one of those only counted */
	client_people_gone(c, nick);
	if (*reason != '\0')
		client_room_event(c, r, client_event_ts(obj),
		    _("%s left #%s (%s)"), nick, r->name, reason);
	else
		client_room_event(c, r, client_event_ts(obj),
		    _("%s left #%s"), nick, r->name);
}

/*
 * The reasons the hub itself gives when a session ends or an operator
 * removes someone, in the user's language; a reason someone wrote is
 * shown as it is.
 */
static const char *client_event_room_reasons[] = {
	N_("connection lost"),
	N_("hub lost"),
	N_("excess flood"),
	N_("line too long"),
	N_("ping timeout"),
	N_("quit"),
	N_("kicked"),
	N_("banned")
};

/*
 * A reason to show: the hub's own translated (free the result), or NULL
 * for none: empty, or none, what the hub says when the user gave none.
 */
static char *
client_event_room_reason(const char *reason, const char *none)
{
	static const char	 ban[] = "banned: ";
	static const char	 ping[] = "Ping timeout: ";
	const char		*rest;
	char			*out, *end;
	u_long			 n;
	u_int			 i;

	if (*reason == '\0' || strcmp(reason, none) == 0)
		return (NULL);
	for (i = 0; i < sizeof client_event_room_reasons /
	    sizeof client_event_room_reasons[0]; i++) {
		if (strcmp(reason, client_event_room_reasons[i]) == 0)
			return (xstrdup(_(client_event_room_reasons[i])));
	}
	/* A ban removes with "banned: " and the ban's own reason. */
	if (strncmp(reason, ban, sizeof ban - 1) == 0) {
		rest = reason + sizeof ban - 1;
		if (strcmp(rest, "banned") == 0)
			return (xstrdup(_("banned")));
		xasprintf(&out, _("banned: %s"), rest);
		return (out);
	}
	/* A ping timeout ends a session with how long it was. */
	if (strncmp(reason, ping, sizeof ping - 1) == 0) {
		rest = reason + sizeof ping - 1;
		errno = 0;
		n = strtoul(rest, &end, 10);
		if (*rest >= '0' && *rest <= '9' && errno == 0 &&
		    strcmp(end, " seconds") == 0) {
			xasprintf(&out, ngettext("Ping timeout: %lu second",
			    "Ping timeout: %lu seconds", n), n);
			return (out);
		}
	}
	return (xstrdup(reason));
}

/* signoff: someone left the hub. */
void
client_event_room_signoff(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*reason = client_event_str(obj, PF_REASON);
	char		*why = client_event_room_reason(reason, "quit");

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!client_room_member_del(r, nick) &&
		    (!(r->flags & CROOM_DM) || strcmp(r->name, nick) != 0))
			continue;
		if (why == NULL)
			client_room_event(c, r, client_event_ts(obj),
			    _("%s quit"), nick);
		else
			client_room_event(c, r, client_event_ts(obj),
			    _("%s quit (%s)"), nick, why);
	}
	free(why);
	client_people_gone(c, nick);
}

/* lost: someone's connection dropped; they may come back. */
void
client_event_room_lost(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick))
			client_room_event(c, r, client_event_ts(obj),
			    _("%s lost the connection"), nick);
	}
	client_people_lost(c, nick);	/* dimmed until back or gone */
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * back: someone resumed their session, said where their loss was (see
 * client_people_back).  With a room (one frame for each of theirs), they
 * are a member of it again after we saw them quit (a resume on another
 * hub, or their hub restarted): told in that room, and in the DM window
 * with them, which showed the quit, with the first.
 */
void
client_event_room_back(struct client *c, cJSON *obj)
{
	struct croom	*r, *in = NULL, *dm;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*room = client_event_str(obj, PF_ROOM);
	int		 say, returned = 1, unseen = 0;

	if (proto_get_bool(obj, PF_UNSEEN, 0, &unseen) != 0)
		unseen = 0;
	if (*room != '\0') {
		TAILQ_FOREACH(r, &c->rooms, entry) {
			if (!(r->flags & CROOM_DM) &&
			    client_room_member_has(r, nick))
				returned = 0;
		}
		if ((in = client_room(c, room, 0)) != NULL &&
		    !client_room_member_has(in, nick))
			client_room_member_add(in, nick);
	}
	/* A loss we only knew from a room frame ends without a word. */
	say = client_people_back(c, nick, unseen);
	if ((say & CLIENT_BACK_ROOMS) && *room != '\0' && returned)
		say |= CLIENT_BACK_DM;
	if ((dm = client_room(c, nick, CLIENT_ROOM_DM)) != NULL &&
	    !(dm->flags & CROOM_DM))
		dm = NULL;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r->flags & CROOM_DM) {
			if (r != dm || !(say & CLIENT_BACK_DM))
				continue;
		} else if (!(say & CLIENT_BACK_ROOMS) || (*room == '\0' ?
		    !client_room_member_has(r, nick) : r != in))
			continue;
		client_room_event(c, r, client_event_ts(obj),
		    _("%s is back"), nick);
	}
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* renamed: a nick change (maybe ours). */
void
client_event_room_renamed(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*old = client_event_str(obj, PF_OLD);
	const char	*nick = client_event_str(obj, PF_NICK);
	int		 self = strcmp(old, c->nick) == 0, shown = 0;

	if (self) {
		free(c->nick);
		c->nick = xstrdup(nick);
		client_hello_note_nick(c);	/* for the next start */
	}
	client_people_renamed(c, old, nick);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!self && client_room_rename_dm(c, r, old, nick)) {
			client_room_event(c, r, client_event_ts(obj),
			    _("%s is now known as %s"), old, nick);
			continue;
		}
		if (client_room_member_del(r, old)) {
			client_room_member_add(r, nick);
			if (self)
				client_room_own_event(c, r,
				    client_event_ts(obj),
				    _("you are now known as %s"), nick);
			else
				client_room_event(c, r, client_event_ts(obj),
				    _("%s is now known as %s"), old, nick);
			shown = 1;
		}
	}
	/* Said where it was typed too: a conversation has no member list. */
	if (self && (!shown || !client_room_member_has(c->current, nick)))
		client_room_own_event(c, c->current, client_event_ts(obj),
		    _("you are now known as %s"), nick);
}

/* topic_changed: a room's topic was set. */
void
client_event_room_topic(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*topic = client_event_str(obj, PF_TOPIC);
	const char	*nick = client_event_str(obj, PF_NICK);
	char		*text;

	if ((r = client_room(c, client_event_str(obj, PF_ROOM), 0)) == NULL)
		return;
	free(r->topic);
	r->topic = client_room_unformat(topic);
	if (*topic == '\0')
		xasprintf(&text, _("%s cleared the topic"), nick);
	else
		xasprintf(&text, _("%s changed the topic to: %s"), nick, topic);
	/* The user's own topic is no news to them (see the read marker). */
	client_room_add(c, r, CLINE_EVENT, strcmp(nick, c->nick) == 0 ?
	    CLINE_SELF : 0, client_event_ts(obj), NULL, text);
	free(text);
}

/*
 * kicked: someone (maybe us) was removed from the hub.  When it is us the
 * hub closes the connection next: that loss is told with who and why, not
 * as a closed connection (see client_fail), and it is not retried, which
 * would only fight the operator.
 */
void
client_event_room_kicked(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_event_str(obj, PF_NICK);
	const char	*by = client_event_str(obj, PF_BY);
	const char	*reason = client_event_str(obj, PF_REASON);
	char		*why = client_event_room_reason(reason, "kicked");
	char		*line, end[128];
	long long	 until = -1;
	int		 ban, told = 0, mine;

	/* A ban removes with "banned", or "banned: " and its reason. */
	ban = strcmp(reason, "banned") == 0 ||
	    strncmp(reason, "banned: ", 8) == 0;
	if (ban) {
		free(why);
		why = *reason == '\0' || strcmp(reason, "banned") == 0 ||
		    strcmp(reason + 8, "banned") == 0 ? NULL :
		    xstrdup(reason + 8);
	}
	/* A ban's end: 0 for none; an older hub does not say it. */
	if (proto_get_int(obj, PF_UNTIL, 0, &until) != 0 || until < 0)
		until = -1;
	if (until > 0)
		fmt_until(until, end, sizeof end);
	if (ban && strcmp(nick, c->nick) == 0) {
		free(c->last_error);
		if (until > 0 && why != NULL)
			xasprintf(&c->last_error,
			    _("you were banned by %s until %s: %s"), by, end,
			    why);
		else if (until > 0)
			xasprintf(&c->last_error,
			    _("you were banned by %s until %s"), by, end);
		else if (until == 0 && why != NULL)
			xasprintf(&c->last_error,
			    _("you were banned by %s for good: %s"), by, why);
		else if (until == 0)
			xasprintf(&c->last_error,
			    _("you were banned by %s for good"), by);
		else if (why == NULL)
			xasprintf(&c->last_error, _("you were banned by %s"),
			    by);
		else
			xasprintf(&c->last_error,
			    _("you were banned by %s: %s"), by, why);
		free(why);
		client_notice(c, c->current, CLINE_ERROR, "%s", c->last_error);
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_KICKED;
		return;
	}
	if (strcmp(nick, c->nick) == 0) {
		free(c->last_error);
		if (why == NULL)
			xasprintf(&c->last_error, _("you were kicked by %s"),
			    by);
		else
			xasprintf(&c->last_error,
			    _("you were kicked by %s (%s)"), by, why);
		free(why);
		client_notice(c, c->current, CLINE_ERROR, "%s", c->last_error);
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_KICKED;
		return;
	}
	/* Others read the end too, as the user does; older hubs: none. */
	if (ban && until > 0 && why != NULL)
		xasprintf(&line, _("%s was banned by %s until %s: %s"), nick,
		    by, end, why);
	else if (ban && until > 0)
		xasprintf(&line, _("%s was banned by %s until %s"), nick, by,
		    end);
	else if (ban && until == 0 && why != NULL)
		xasprintf(&line, _("%s was banned by %s for good: %s"), nick,
		    by, why);
	else if (ban && until == 0)
		xasprintf(&line, _("%s was banned by %s for good"), nick, by);
	else if (ban && why == NULL)
		xasprintf(&line, _("%s was banned by %s"), nick, by);
	else if (ban)
		xasprintf(&line, _("%s was banned by %s: %s"), nick, by, why);
	else if (why == NULL)
		xasprintf(&line, _("%s was kicked by %s"), nick, by);
	else
		xasprintf(&line, _("%s was kicked by %s (%s)"), nick, by, why);
	/*
	 * Our ban of nick: its notice told it in the current window
	 * already, with the end and the reason; the other rooms see it.
	 */
	mine = ban && c->ban_told != NULL && c->nick != NULL &&
	    strcmp(by, c->nick) == 0 && strcmp(nick, c->ban_told) == 0;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		/* The rooms, and the conversation with nick, as a quit. */
		if (!client_room_member_del(r, nick) &&
		    (!(r->flags & CROOM_DM) || strcmp(r->name, nick) != 0))
			continue;
		if (mine && r == c->current)
			continue;
		client_room_event(c, r, client_event_ts(obj), "%s", line);
		if (r == c->current)
			told = 1;
	}
	if (mine) {
		free(c->ban_told);
		c->ban_told = NULL;
	}
	/*
	 * Our kick is confirmed where we typed it, as a ban is by its
	 * notice: in the window in view, unless the line is there already
	 * (a room of the kicked user's); a user we share no room with too.
	 */
	if (!told && !ban && c->nick != NULL && strcmp(by, c->nick) == 0)
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	free(line);
	free(why);
	client_people_gone(c, nick);
}
