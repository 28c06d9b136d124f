/* SPDX-License-Identifier: ISC */
/* client-event-notice.c: the hub's notices, worded: mutes, bans, DMs held. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	client_event_notice_mute(struct client *, cJSON *,
		    const char *, const char *);
static struct croom *client_event_notice_dm_window(struct client *,
		    const char *, int);
static void	client_event_notice_dm_held(struct client *, cJSON *,
		    const char *);
static void	client_event_notice_banned(struct client *, cJSON *,
		    const char *);

/*
 * Whether we are muted, and until when (ms, 0 for no end): the title says.
 * Which mute was told is kept across a reconnection (the welcome forgets
 * CLIENT_MUTED), to tell a reminder from a mute set while we were away.
 */
void
client_event_notice_muted(struct client *c, int muted, int64_t until)
{
	if (muted) {
		c->flags |= CLIENT_MUTED;
		c->muted_until = until;
	} else
		c->flags &= ~CLIENT_MUTED;
	c->mute_told = muted;
	c->mute_told_until = muted ? until : 0;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * muted, unmuted: to the operator, who; to the user it names, by whom
 * and until when (a hub that does not say by whom: as to the operator);
 * muted_until: to a user back while muted, the same.  The end is in local
 * time with what is left, as /bans says it; an older hub sends only the
 * duration or the end in UTC, shown as sent.  The operator's reason for a
 * mute, if any, comes after.
 */
static void
client_event_notice_mute(struct client *c, cJSON *obj, const char *code,
    const char *subject)
{
	const char	*by = client_event_str(obj, PF_NICK);
	const char	*duration = client_event_str(obj, PF_TEXT);
	const char	*reason = client_event_str(obj, PF_REASON);
	int		 muted = strcmp(code, "unmuted") != 0;
	int		 type = CLINE_NOTICE, still = 0;
	long long	 until;
	char		*line, end[128];

	until = 0;	/* absent: an older hub, or a mute with no end */
	if (proto_get_int(obj, PF_UNTIL, 0, &until) != 0 || until < 0)
		until = 0;
	if (until > 0)
		fmt_until(until, end, sizeof end);
	/*
	 * A reminder of the mute we were told of, on coming back; not if it
	 * is another: a hub of a cluster that restarted cannot know whether
	 * a mute was set while it was down.
	 */
	if (proto_get_bool(obj, PF_STILL, 0, &still) != 0 || !c->mute_told ||
	    c->mute_told_until != until)
		still = 0;
	if (*by == '\0' || c->nick == NULL ||
	    strcmp(subject, c->nick) != 0) {
		if (muted && until > 0)
			xasprintf(&line, _("%s is muted until %s"), subject,
			    end);
		else if (muted && *duration != '\0')
			xasprintf(&line, _("%s is muted for %s"), subject,
			    duration);
		else if (muted)		/* said, so a slip shows */
			xasprintf(&line, _("%s is muted with no end: /unmute "
			    "lifts it"), subject);
		else
			xasprintf(&line, _("%s may speak again"), subject);
	} else if (!muted)
		xasprintf(&line, _("you may speak again (%s lifted your "
		    "mute)"), by);
	else if (still) {
		/* Told again on coming back: not a new mute. */
		type = CLINE_ERROR;
		if (until <= 0 && *duration != '\0')	/* older words */
			snprintf(end, sizeof end, "%s", duration);
		if ((until > 0 || *duration != '\0') && *reason != '\0')
			xasprintf(&line, _("you are still muted until %s (by "
			    "%s: %s)"), end, by, reason);
		else if (until > 0 || *duration != '\0')
			xasprintf(&line, _("you are still muted until %s (by "
			    "%s)"), end, by);
		else if (*reason != '\0')
			xasprintf(&line, _("you are still muted until %s "
			    "lifts it (%s)"), by, reason);
		else
			xasprintf(&line, _("you are still muted until %s "
			    "lifts it"), by);
		client_event_notice_muted(c, 1, until);
	} else {
		type = CLINE_ERROR;
		if (until > 0)
			xasprintf(&line, _("%s muted you: you cannot speak "
			    "until %s"), by, end);
		else if (strcmp(code, "muted_until") == 0)
			xasprintf(&line, _("%s muted you until %s: you cannot "
			    "speak until then"), by, duration);
		else if (*duration != '\0')
			xasprintf(&line, _("%s muted you for %s: you cannot "
			    "speak until then"), by, duration);
		else
			xasprintf(&line, _("%s muted you: you cannot speak "
			    "until they lift it"), by);
		client_event_notice_muted(c, 1, until);
	}
	/* Lifted on another hub of a cluster, it is told without by whom. */
	if (!muted && c->nick != NULL && strcmp(subject, c->nick) == 0)
		client_event_notice_muted(c, 0, 0);
	if (muted && *reason != '\0' && !still)
		/* TRANSLATORS: a mute's notice, then the operator's reason. */
		client_notice(c, c->current, type, _("%s (reason: %s)"), line,
		    reason);
	else
		client_notice(c, c->current, type, "%s", line);
	free(line);
}

/*
 * Where a notice about our DMs to nick goes: its conversation, where the
 * messages are, if it is open; else the window in view.  With create, a
 * message the hub keeps (and shows next) opens a first conversation
 * now, so that the notice is in it, as for one the client had before.
 */
static struct croom *
client_event_notice_dm_window(struct client *c, const char *nick,
    int create)
{
	struct croom	*r;

	r = client_room(c, nick, create ? CLIENT_ROOM_NEW_DM : CLIENT_ROOM_DM);
	if (r != NULL && (r->flags & CROOM_DM)) {
		if (create)
			client_room_open(c, r);
		return (r);
	}
	return (c->current);
}

/*
 * dm_held: a direct message to a lost user waits for their resume, for
 * at most the time the hub says (an older hub does not say).
 */
static void
client_event_notice_dm_held(struct client *c, cJSON *obj,
    const char *subject)
{
	long long	secs = 0;
	char		span[64];

	if (proto_get_int(obj, PF_DURATION, 0, &secs) != 0 || secs <= 0) {
		client_notice(c, client_event_notice_dm_window(c, subject, 1),
		    CLINE_NOTICE, _("%s lost the connection; the hub keeps "
		    "your message until they are back"), subject);
		return;
	}
	client_notice(c, client_event_notice_dm_window(c, subject, 1),
	    CLINE_NOTICE, _("%s lost the connection; the hub keeps your "
	    "message for up to %s, until they are back"), subject,
	    fmt_duration(secs, span, sizeof span));
}

/*
 * banned: to the operator, what was banned and until when, in local time
 * as every end (an older hub sends the duration alone), then the reason,
 * as a mute's notice says it (older hubs do not send it).
 */
static void
client_event_notice_banned(struct client *c, cJSON *obj,
    const char *subject)
{
	const char	*duration = client_event_str(obj, PF_TEXT);
	const char	*reason = client_event_str(obj, PF_REASON);
	long long	 until = 0;
	char		*line, end[128];

	if (proto_get_int(obj, PF_UNTIL, 0, &until) == 0 && until > 0)
		xasprintf(&line, _("%s is banned until %s"), subject,
		    fmt_until(until, end, sizeof end));
	else if (*duration != '\0')
		xasprintf(&line, _("%s is banned for %s"), subject, duration);
	else	/* said, so a slip shows */
		xasprintf(&line, _("%s is banned with no end: /unban lifts it"),
		    subject);
	if (*reason != '\0')
		client_notice(c, c->current, CLINE_NOTICE, _("%s (reason: %s)"),
		    line, reason);
	else
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	free(line);
	/* The window it is in needs no "was banned by" after it. */
	free(c->ban_told);
	c->ban_told = xstrdup(subject);
}

/* notice: something the hub did for us, worded here. */
void
client_event_notice(struct client *c, cJSON *obj)
{
	const char	*code = client_event_str(obj, PF_CODE);
	const char	*subject = client_event_str(obj, PF_SUBJECT);

	if (strcmp(code, "released") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the claim on %s was released"), subject);
	else if (strcmp(code, "password_set") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("IRC clients may now log in as %s with that password "
		    "(SASL PLAIN)"), subject);
	else if (strcmp(code, "password_cleared") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the IRC password of %s is deleted"), subject);
	else if (strcmp(code, "password_none") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s has no IRC password: nothing to delete"), subject);
	else if (strcmp(code, "banned") == 0)
		client_event_notice_banned(c, obj, subject);
	else if (strcmp(code, "banned_elsewhere") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is on another hub of the cluster: bans and kicks "
		    "act on this hub only; ban them there too"), subject);
	else if (strcmp(code, "unbanned") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is no longer banned"), subject);
	else if (strcmp(code, "muted") == 0 ||
	    strcmp(code, "unmuted") == 0)
		client_event_notice_mute(c, obj, code, subject);
	else if (strcmp(code, "muted_until") == 0)	/* back, muted */
		client_event_notice_mute(c, obj, code, subject);
	else if (strcmp(code, "mute_ended") == 0) {
		client_notice(c, c->current, CLINE_NOTICE,
		    _("you may speak again: your mute ended"));
		client_event_notice_muted(c, 0, 0);
	} else if (strcmp(code, "degraded") == 0)	/* (older hubs: an address) */
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub lost contact with the other hubs: only users "
		    "of this hub can be reached for now"));
	else if (strcmp(code, "recovered") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the hub is back in contact with the other hubs"));
	else if (strcmp(code, "dm_held") == 0) {
		client_event_notice_dm_held(c, obj, subject);
		client_people_tell(c, subject, 1);	/* "is back" said there */
	} else if (strcmp(code, "dm_full") == 0)
		client_notice(c, client_event_notice_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s lost the connection and too many messages wait for "
		    "them already: yours was not kept"), subject);
	else if (strcmp(code, "away") == 0)
		client_people_away_notice(c, subject,
		    client_event_str(obj, PF_TEXT));
	else if (strcmp(code, "not_claimed") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is yours for this session only: the hub keeps no "
		    "more claims for your key or your address"), subject);
	else if (strcmp(code, "oper_lost") == 0)
		client_notice(c, c->current, CLINE_ERROR,
		    _("you are no longer an operator: /oper again"));
	else if (strcmp(code, "dm_expired") == 0)
		client_notice(c, client_event_notice_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s did not come back; your messages to them were not "
		    "delivered"), subject);
	else if (strcmp(code, "dm_taken") == 0)
		client_notice(c, client_event_notice_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s's connection ended and the nick was taken by someone "
		    "else; your messages to them were not delivered"), subject);
	else if (strcmp(code, "dm_unsure") == 0)
		client_notice(c, client_event_notice_dm_window(c, subject, 0),
		    CLINE_ERROR,
		    _("%s did not come back; your last messages to them may "
		    "not have been delivered"), subject);
	else if (strcmp(code, "invite") == 0 &&
	    !client_ignore_has(c, subject))
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s invites you to #%s (/join %s)"), subject,
		    client_event_str(obj, PF_ROOM),
		    client_event_str(obj, PF_ROOM));
}
