/* SPDX-License-Identifier: ISC */
/* tui-draw-bar.c: the title bar: window, topic, hotlist, scroll, state. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

static char	*tui_draw_bar_more(struct tui *, struct croom *);
static void	tui_draw_bar_state(struct tui *, char **, char **);
static void	tui_draw_bar_muted(struct client *, char **, char **);
static char	*tui_draw_bar_right(const char *, const char *, const char *);

/*
 * A mute on us, after the state: "muted until 13:47" (fmt_when), or
 * "muted" for one with no end.  One whose end has passed is not shown,
 * should the hub not say that it ended (older hubs).
 */
static void
tui_draw_bar_muted(struct client *c, char **full, char **brief)
{
	char	*s, when[64];

	if (!(c->flags & CLIENT_MUTED) ||
	    (c->muted_until > 0 && c->muted_until <= now_ms()))
		return;
	if (c->muted_until > 0)
		/* TRANSLATORS: the state, then our mute's end in local time. */
		xasprintf(&s, _("%s, muted until %s"), *full,
		    fmt_when(c->muted_until, when, sizeof when));
	else
		/* TRANSLATORS: the state, then that we are muted. */
		xasprintf(&s, _("%s, muted"), *full);
	free(*full);
	*full = s;
	if (*brief == NULL)
		/* TRANSLATORS: the state in a narrow title bar. */
		*brief = xstrdup(_("muted"));
	else {
		xasprintf(&s, _("%s, muted"), *brief);
		free(*brief);
		*brief = s;
	}
}

/*
 * The connection as the title bar says it: in full, and in short for a
 * narrow terminal (NULL: nothing worth the room, as "connected as").
 */
static void
tui_draw_bar_state(struct tui *t, char **full, char **brief)
{
	struct client	*c = t->client;
	int64_t		 left_ms;

	*brief = NULL;
	if ((*full = tui_search_title(t, brief)) != NULL)
		return;
	if (t->trust_prompt)
		*full = xstrdup(_("trust this hub?"));
	else if (t->nick_prompt && *c->nick == '\0')
		*full = xstrdup(_("choose a nick"));	/* none given yet */
	else if (t->nick_prompt)
		*full = xstrdup(_("choose another nick"));
	else if (c->flags & CLIENT_TAKEN)
		*full = xstrdup(_("taken over — Enter takes it back"));
	if (*full != NULL) {
		*brief = xstrdup(*full);
		return;
	}
	switch (c->state) {
	case CLIENT_READY:
		if (c->lag > 0) {
			/* An answer is awaited: see client_lag_tick. */
			xasprintf(full, _("connected as %s, lag %ds"), c->nick,
			    c->lag);
			/* TRANSLATORS: the state in a narrow title bar. */
			xasprintf(brief, _("lag %ds"), c->lag);
		} else if (client_people_is_away(c, c->nick)) {
			xasprintf(full, _("connected as %s, away"), c->nick);
			/* TRANSLATORS: the state in a narrow title bar. */
			*brief = xstrdup(_("away"));
		} else
			xasprintf(full, _("connected as %s"), c->nick);
		tui_draw_bar_muted(c, full, brief);
		break;
	case CLIENT_CONNECTING:
	case CLIENT_HANDSHAKE:
		*full = xstrdup(_("connecting…"));
		*brief = xstrdup(*full);
		break;
	case CLIENT_WAITING:
		left_ms = t->retry_ms - now_ms();
		if (left_ms < 0)
			left_ms = 0;
		if (c->flags & CLIENT_EVER_READY)
			xasprintf(full, _("disconnected — retrying in %d s"),
			    (int)((left_ms + 999) / 1000));
		else
			xasprintf(full, _("not connected — retrying in %d s"),
			    (int)((left_ms + 999) / 1000));
		*brief = xstrdup(_("disconnected"));
		break;
	default:
		*full = xstrdup(_("disconnected"));
		*brief = xstrdup(*full);
		break;
	}
}

/*
 * How far the view is scrolled up, for the title bar: "5 more below", or
 * NULL at the bottom.  The lines waiting for the hub under the newest are
 * counted, as scrolling down shows them: all of them above the newest
 * line, and those wholly out of view at it, in the rows skipped.
 */
static char *
tui_draw_bar_more(struct tui *t, struct croom *r)
{
	struct cbuf	*b = &r->buf;
	uint64_t	 n = 0;
	u_int		 pending;
	char		*s;

	if (!t->scrolled || t->view != r || t->anchor >= b->total)
		return (NULL);
	if (t->anchor + 1 < b->total) {
		n = b->total - 1 - t->anchor;
		tui_draw_sb_pending(t, r, t->sb_h, 0, 0, 0, &pending);
	} else
		tui_draw_sb_pending(t, r, t->skip, 0, 0, 0, &pending);
	n += pending;
	if (n == 0)
		return (NULL);
	xasprintf(&s, _("%llu more below"), (unsigned long long)n);
	return (s);
}

/*
 * The right of the title bar: how far the view is scrolled up, the
 * members, the connection, each after " · "; NULL parts are left out.
 */
static char *
tui_draw_bar_right(const char *more, const char *members, const char *state)
{
	const char	*part[3] = { more, members, state };
	char		*s = xstrdup(""), *tmp;
	u_int		 i;

	for (i = 0; i < sizeof part / sizeof part[0]; i++) {
		if (part[i] == NULL)
			continue;
		tmp = s;
		xasprintf(&s, "%s%s%s", tmp, *tmp != '\0' ? " · " : "",
		    part[i]);
		free(tmp);
	}
	return (s);
}

/*
 * The title bar: where we are, the topic, the hotlist, how far the view
 * is scrolled, who is here, the connection.  The name of the window comes
 * first, cut only if it alone does not fit; then, as the terminal gets
 * narrower, the member count goes, the connection is said in short (or
 * not at all once connected), the scroll count goes, and the hotlist
 * keeps what is left.  The topic has whatever space remains.
 */
void
tui_draw_bar(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r = c->current;
	char		*name, *left, *right, *full, *brief, *cut, *topic;
	char		*members = NULL, *more = NULL;
	attr_t		 attr;
	size_t		 nw, rw, space, hw, lw, after;
	int		 x, cx, step;

	attr = t->colour ? COLOR_PAIR(TUI_PAIR_TITLE) : A_REVERSE;
	tui_fill(0, 0, COLS, attr);
	if (COLS < 3)
		return;

	if (r == c->status) {
		xasprintf(&name, "chatroom — %s:%s", c->host, c->port);
		left = xstrdup(name);
	} else if (r->flags & CROOM_DM) {
		xasprintf(&name, "@%s", r->name);
		xasprintf(&left, "%s — %s", name, _("direct messages"));
	} else {
		xasprintf(&name, "#%s", r->name);
		/* Control characters as the scrollback shows them, ^[. */
		if (*r->topic != '\0') {
			topic = utf8_sanitize(r->topic, strlen(r->topic), 0);
			xasprintf(&left, "%s — %s", name, topic);
			free(topic);
		} else
			left = xstrdup(name);
	}
	/* What follows the name and " — ": the topic, or "direct messages". */
	after = utf8_width(name, strlen(name)) + 3;
	nw = utf8_width(name, strlen(name));
	if (nw + 1 >= (size_t)COLS - 2) {
		/* Only the name, cut if it must be. */
		cut = tui_ellipsize(name, COLS - 2);
		tui_put(0, 1, COLS - 1, cut, strlen(cut), attr);
		free(cut);
		goto out;
	}
	space = COLS - 2 - nw - 1;

	tui_draw_bar_state(t, &full, &brief);
	/* Not connected, the count is the one from before: left out. */
	if (r != c->status && !(r->flags & CROOM_DM) &&
	    c->state == CLIENT_READY)
		members = tui_nicklist_count(t, r);
	more = tui_draw_bar_more(t, r);

	/* Give way, a step at a time, until the right fits. */
	hw = tui_hotlist_width(t);
	right = NULL;
	for (step = 0; step < 4; step++) {
		free(right);
		right = tui_draw_bar_right(step < 3 ? more : NULL,
		    step < 1 ? members : NULL, step < 2 ? full : brief);
		rw = utf8_width(right, strlen(right));
		if (hw > 0 && rw > 0)
			rw += 3;
		if (hw + rw <= space)
			break;
	}
	if (hw + rw > space) {
		/*
		 * The hotlist keeps its place; without it, the state is cut.
		 * A search is a mode the keys depend on: it stays, and the
		 * hotlist gives way to it.
		 */
		if (hw > 0 && t->search != NULL && t->search_room == r) {
			hw = 0;
			rw = utf8_width(right, strlen(right));
		} else if (hw > 0)
			rw = 0;
		/* "Act: +N" at the least, or nothing: no cut label. */
		if (hw > space && (size_t)tui_hotlist_min_width(t) > space)
			hw = 0;
		else if (hw > space)
			hw = space;
		if (hw + rw > space)
			rw = space - hw;
	}
	if (rw > 0 && utf8_width(right, strlen(right)) > rw) {
		/* Cut with an ellipsis, not mid-word ("Alt" for "Alt-R"). */
		cut = tui_ellipsize(right, rw);
		free(right);
		right = cut;
	}

	x = COLS - 1 - hw - rw;
	cx = tui_hotlist_draw(t, 0, x, x + hw, attr);
	if (hw > 0 && rw > 0)
		cx = tui_put(0, cx, COLS - 1, " · ", strlen(" · "), attr);
	if (rw > 0)
		tui_put(0, cx, COLS - 1, right, strlen(right), attr | A_BOLD);
	/*
	 * The topic has what is left, cut with an ellipsis; with fewer than
	 * TUI_TITLE_MIN_TOPIC columns for it, the name stands alone rather
	 * than before a dash and a letter or two.
	 */
	lw = utf8_width(left, strlen(left));
	if (x - 2 >= 1 && lw > (size_t)(x - 2) && lw > after &&
	    (size_t)(x - 2) < after + TUI_TITLE_MIN_TOPIC)
		tui_put(0, 1, x - 1, name, strlen(name), attr);
	else
		tui_put_clipped(0, 1, x - 1, left, attr);
	free(right);
	free(full);
	free(brief);
	free(members);
	free(more);
out:
	free(name);
	free(left);
}
