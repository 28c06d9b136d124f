/* SPDX-License-Identifier: ISC */
/* tui-hotlist.c: the windows with news, most important first, and Alt-A. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The hotlist names the windows with unread messages by their number in
 * the room list (the number Alt-N takes), as "Act: @4 3! 2": direct
 * messages first, marked with @, then rooms that mention the user, marked
 * with !, then the rest; each group in room-list order.  It is drawn in the
 * title bar, so it shows at every width, with or without the room list,
 * and Alt-A goes to its first entry.  When the entries do not all fit,
 * those that do are followed by "+N", the number left out: an entry is
 * never cut (@30 cut to @3 would read as another window).
 */

static int	tui_hotlist_level(struct croom *);
static int	tui_hotlist_cmp(const void *, const void *);
static int	tui_hotlist_more(u_int);

/* How much a window asks for attention: 0 not at all, 3 most. */
static int
tui_hotlist_level(struct croom *r)
{
	if (r->unread == 0)
		return (0);
	if (r->flags & CROOM_DM)
		return (3);
	if (r->mention)
		return (2);
	return (1);
}

/* Order entries: higher level first, then by number. */
static int
tui_hotlist_cmp(const void *a, const void *b)
{
	const struct tui_hot	*ha = a, *hb = b;

	if (ha->level != hb->level)
		return (hb->level > ha->level ? 1 : -1);
	return (ha->num > hb->num) - (ha->num < hb->num);
}

/* The windows with news, most important first; the count is returned. */
u_int
tui_hotlist(struct tui *t, struct tui_hot **listp)
{
	struct client	*c = t->client;
	struct croom	*r;
	struct tui_hot	*list = NULL;
	u_int		 n = 0, num = 0;
	int		 level;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && !(r->flags & CROOM_JOINED))
			continue;
		num++;
		if (r == c->current || (level = tui_hotlist_level(r)) == 0)
			continue;
		list = xreallocarray(list, n + 1, sizeof *list);
		list[n].r = r;
		list[n].num = num - 1;
		list[n].level = level;
		n++;
	}
	if (n > 1)
		qsort(list, n, sizeof *list, tui_hotlist_cmp);
	*listp = list;
	return (n);
}

/* The text of one entry: "@4", "3!" or "2". */
void
tui_hotlist_entry(struct tui_hot *h, char *buf, size_t size)
{
	snprintf(buf, size, "%s%u%s", h->level == 3 ? "@" : "", h->num,
	    h->level == 2 ? "!" : "");
}

/* The columns " +N" takes, for N entries left out (none: 0). */
static int
tui_hotlist_more(u_int left)
{
	char	buf[32];

	if (left == 0)
		return (0);
	return (snprintf(buf, sizeof buf, " +%u", left));
}

/* The columns the hotlist takes, 0 when there is nothing to show. */
int
tui_hotlist_width(struct tui *t)
{
	struct tui_hot	*list;
	char		 buf[32];
	u_int		 n, i;
	int		 w;

	if ((n = tui_hotlist(t, &list)) == 0)
		return (0);
	w = utf8_width(_("Act:"), strlen(_("Act:")));
	for (i = 0; i < n; i++) {
		tui_hotlist_entry(&list[i], buf, sizeof buf);
		w += 1 + strlen(buf);
	}
	free(list);
	return (w);
}

/*
 * The fewest columns the hotlist can be drawn in, "Act: +N" with every
 * entry left out (0 when there is nothing to show): in less, it is not
 * drawn at all rather than as a cut label.
 */
int
tui_hotlist_min_width(struct tui *t)
{
	struct tui_hot	*list;
	u_int		 n;

	if ((n = tui_hotlist(t, &list)) == 0)
		return (0);
	free(list);
	return (utf8_width(_("Act:"), strlen(_("Act:"))) +
	    tui_hotlist_more(n));
}

/*
 * Draw the hotlist at row y from column x, within maxx, over a bar in attr;
 * mentions and direct messages stand out in their colours.  Returns the
 * column after it.
 */
int
tui_hotlist_draw(struct tui *t, int y, int x, int maxx, attr_t attr)
{
	struct tui_hot	*list;
	char		 buf[32];
	const char	*act = _("Act:");
	attr_t		 a;
	u_int		 n, i, j;
	int		 rest, w;

	t->nhot_at = 0;
	if ((n = tui_hotlist(t, &list)) == 0)
		return (x);
	x = tui_put(y, x, maxx, act, strlen(act), attr);
	for (i = 0; i < n; i++) {
		/* What all the entries left take; if too much, +N ends it. */
		rest = 0;
		for (j = i; j < n; j++) {
			tui_hotlist_entry(&list[j], buf, sizeof buf);
			rest += 1 + strlen(buf);
		}
		tui_hotlist_entry(&list[i], buf, sizeof buf);
		w = 1 + strlen(buf);
		if (x + rest > maxx &&
		    x + w + tui_hotlist_more(n - i - 1) > maxx) {
			snprintf(buf, sizeof buf, " +%u", n - i);
			if (x + (int)strlen(buf) <= maxx)
				x = tui_put(y, x, maxx, buf, strlen(buf),
				    attr | A_BOLD);
			break;
		}
		if (list[i].level == 3)
			a = TUI_PAIR_HOT_DM;
		else if (list[i].level == 2)
			a = TUI_PAIR_HOT_MENTION;
		else
			a = TUI_PAIR_HOT;
		a = t->colour ? (attr & ~A_COLOR) | COLOR_PAIR(a) : attr;
		x = tui_put(y, x, maxx, " ", 1, attr);
		if (t->nhot_at < TUI_HOT_AT) {
			t->hot_at[t->nhot_at].x0 = x;
			t->hot_at[t->nhot_at].num = list[i].num;
		}
		x = tui_put(y, x, maxx, buf, strlen(buf), a | A_BOLD);
		if (t->nhot_at < TUI_HOT_AT)
			t->hot_at[t->nhot_at++].x1 = x;
	}
	free(list);
	return (x);
}

/* Alt-A: go to the window that most wants attention. */
void
tui_hotlist_next(struct tui *t)
{
	struct tui_hot	*list;
	u_int		 n;

	if ((n = tui_hotlist(t, &list)) == 0) {
		beep();
		return;
	}
	tui_switch(t, list[0].r);
	free(list);
}

/*
 * How many windows with news are among the room-list entries from first
 * up to (not including) last: the markers of a room list too long to
 * show whole count them.  The highest level goes in *level, and the
 * number of the last of them in *high, the first in *low (a click on
 * the marker above goes to the one nearest the list, as below).
 */
u_int
tui_hotlist_among(struct tui *t, u_int first, u_int last, int *level,
    u_int *low, u_int *high)
{
	struct tui_hot	*list;
	u_int		 n, i, count = 0;

	*level = 0;
	*low = *high = 0;
	n = tui_hotlist(t, &list);
	for (i = 0; i < n; i++) {
		if (list[i].num < first || list[i].num >= last)
			continue;
		if (count == 0 || list[i].num < *low)
			*low = list[i].num;
		if (count == 0 || list[i].num > *high)
			*high = list[i].num;
		if (list[i].level > *level)
			*level = list[i].level;
		count++;
	}
	free(list);
	return (count);
}
