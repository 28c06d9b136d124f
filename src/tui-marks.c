/* SPDX-License-Identifier: ISC */
/* tui-marks.c: the read marker, "day changed" rows and dated time stamps. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * Rows that are not lines of the scrollback are drawn above the line they
 * belong to and counted in its rows, so that scrolling, which works in
 * lines and rows, needs to know nothing about them.  A line can have two:
 * "day changed" when its local day is not the day of the line before, and
 * the read marker when it is the first line that arrived while the user
 * was in another window (croom.seen, set by client_switch).  A line from
 * another day than today has the date in its time stamp.
 */

static int64_t	tui_marks_day(int64_t);
static int	tui_marks_new_day(struct tui *, struct cbuf *, uint64_t);
static void	tui_marks_rule(struct tui *, int, int, int, const char *,
		    attr_t);

/* The local midnight that starts the day of a time, in milliseconds. */
static int64_t
tui_marks_day(int64_t ms)
{
	time_t		t = ms / 1000;
	struct tm	tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return ((int64_t)mktime(&tm) * 1000);
}

/* Learn when today started and ends; cheap unless the day has changed. */
void
tui_marks_today(struct tui *t)
{
	int64_t	now = now_ms();

	if (now >= t->today && now < t->tomorrow)
		return;
	t->today = tui_marks_day(now);
	/* 26 hours on is surely tomorrow, whatever daylight saving does. */
	t->tomorrow = tui_marks_day(t->today + 26 * 3600 * 1000);
}

/*
 * The time stamp of a line: "[hh:mm] " (or as TIMESTAMP= says) today,
 * "[Nov 21 hh:mm] " (in the user's language) on another day.
 */
void
tui_marks_stamp(struct tui *t, int64_t ms, char *buf, size_t size)
{
	time_t		tt = ms / 1000;
	struct tm	tm;
	char		tb[64];

	localtime_r(&tt, &tm);
	if (ms >= t->today && ms < t->tomorrow) {
		/* The format is the user's own TIMESTAMP= setting. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (t->set_stamp == NULL ||
		    strftime(tb, sizeof tb, t->set_stamp, &tm) == 0)
			strftime(tb, sizeof tb, "%H:%M", &tm);
#pragma GCC diagnostic pop
	}
	/* TRANSLATORS: strftime(3) format of a time on another day. */
	else if (strftime(tb, sizeof tb, _("%b %d %H:%M"), &tm) == 0)
		strftime(tb, sizeof tb, "%m-%d %H:%M", &tm);
	snprintf(buf, size, "[%s] ", tb);
}

/*
 * Does line i (i - first of the buffer) start another day than the line
 * before?  Two lines of today need no calendar, which keeps this cheap
 * while a flood is drawn.
 */
static int
tui_marks_new_day(struct tui *t, struct cbuf *b, uint64_t i)
{
	int64_t	a, c;

	if (i == 0)
		return (0);
	a = cbuf_get(b, i - 1)->ts;
	c = cbuf_get(b, i)->ts;
	if (a >= t->today && a < t->tomorrow && c >= t->today &&
	    c < t->tomorrow)
		return (0);
	return (tui_marks_day(a) != tui_marks_day(c));
}

/*
 * The room in view got, as the client started again, more messages that
 * came while it was away than the screen holds: hold the view with the
 * last line read at the top, the read marker under it, so that reading
 * goes on where it stopped, as the read marker of irssi or weechat lets
 * it.  Once done, or if the user scrolled already, no more.
 */
void
tui_marks_hold(struct tui *t, struct croom *r)
{
	struct cbuf	*b = &r->buf;
	uint64_t	 first = b->total - b->count, i;
	int		 have = 0;

	if (r != t->client->current)
		return;
	if (r->seen <= first || r->seen >= b->total ||
	    (t->view == r && t->scrolled)) {
		r->flags &= ~CROOM_TOMARK;
		return;
	}
	tui_draw_layout(t);
	for (i = r->seen - 1; i < b->total; i++) {
		have += tui_draw_sb_rows(t, b, i);
		if (have >= t->sb_h) {
			tui_scroll_show(t, r);
			t->scrolled = 1;
			t->anchor = i;
			t->skip = have - t->sb_h;
			tui_scroll_keep(t);	/* kept for when it is shown again */
			r->flags &= ~CROOM_TOMARK;
			return;
		}
	}
}

/* How many rows go above line i (counted over all lines) of room r. */
u_int
tui_marks_rows(struct tui *t, struct croom *r, uint64_t i)
{
	struct cbuf	*b = &r->buf;
	uint64_t	 first = b->total - b->count;
	u_int		 n = 0;

	if (i > first && tui_marks_new_day(t, b, i - first))
		n++;
	if (r->seen > first && r->seen == i && i < b->total)
		n++;
	return (n);
}

/* A horizontal rule across w columns at row y with text in its middle. */
static void
tui_marks_rule(struct tui *t, int y, int x, int w, const char *text,
    attr_t attr)
{
	size_t	len = strlen(text), tw;
	int	cx;

	mvhline(y, x, TUI_ACS(t, ACS_HLINE, '-') | attr, w);
	tw = utf8_width(text, len) + 2;
	cx = x + (w > (int)tw ? (w - (int)tw) / 2 : 0);
	mvaddch(y, cx, ' ' | attr);
	cx = tui_put(y, cx + 1, x + w, text, len, attr);
	if (cx < x + w)
		mvaddch(y, cx, ' ' | attr);
}

/*
 * Draw the rows above line i from row y, those within [top, bottom) only;
 * returns how many there are.
 */
u_int
tui_marks_draw(struct tui *t, struct croom *r, uint64_t i, int x, int y,
    int w, int top, int bottom)
{
	struct cbuf	*b = &r->buf;
	struct cline	*l;
	uint64_t	 first = b->total - b->count;
	time_t		 tt;
	struct tm	 tm;
	char		 date[128], *text;
	u_int		 n = 0;

	l = cbuf_get(b, i - first);
	if (i > first && tui_marks_new_day(t, b, i - first)) {
		if (y >= top && y < bottom) {
			tt = l->ts / 1000;
			localtime_r(&tt, &tm);
			/* TRANSLATORS: strftime(3) format of a day; %-d and
			 * %-m have no leading zero. */
			if (strftime(date, sizeof date, _("%A %-d %B %Y"),
			    &tm) == 0)
				strftime(date, sizeof date, "%Y-%m-%d", &tm);
			xasprintf(&text, _("day changed to %s"), date);
			tui_marks_rule(t, y, x, w, text, A_DIM);
			free(text);
		}
		y++;
		n++;
	}
	if (r->seen > first && r->seen == i && i < b->total) {
		if (y >= top && y < bottom)
			tui_marks_rule(t, y, x, w, _("new messages"),
			    (t->colour ? COLOR_PAIR(TUI_PAIR_ERROR) : 0));
		n++;
	}
	return (n);
}
