/* SPDX-License-Identifier: ISC */
/* tui-scroll.c: moving the view of the scrollback, and holding it. */

#include <sys/types.h>

#include <stdlib.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

static int	tui_scroll_fits_above(struct tui *, struct cbuf *);

/*
 * Each window keeps where it was scrolled to, as irssi's and weechat's
 * do: the view in sight is t->scrolled, t->anchor and t->skip, and every
 * change to them is kept in its room too (tui_scroll_keep), so that a
 * window shown again (tui_scroll_show) is where it was left.  Kept as it
 * changes rather than on leaving, since the room left may be freed by
 * then.
 */

/* Keep the view's hold in its room. */
void
tui_scroll_keep(struct tui *t)
{
	if (t->view == NULL)
		return;
	t->view->held = t->scrolled;
	t->view->held_anchor = t->anchor;
	t->view->held_skip = t->skip;
}

/* Show a window's scrollback where it was left. */
void
tui_scroll_show(struct tui *t, struct croom *r)
{
	if (t->view == r)
		return;
	t->view = r;
	if (r == NULL) {
		t->scrolled = 0;
		return;
	}
	t->scrolled = r->held;
	t->anchor = r->held_anchor;
	t->skip = r->held_skip;
}

/* With the view held, do the lines above the anchor fill the screen? */
static int
tui_scroll_fits_above(struct tui *t, struct cbuf *b)
{
	uint64_t	first = b->total - b->count, i = t->anchor;
	int		have;

	have = tui_draw_sb_rows(t, b, i) - t->skip;
	while (have < t->sb_h && i > first)
		have += tui_draw_sb_rows(t, b, --i);
	return (have >= t->sb_h);
}

/* Hold the view with the oldest line at the top. */
void
tui_scroll_top(struct tui *t)
{
	struct cbuf	*b = &t->client->current->buf;
	uint64_t	 i;
	int		 have = 0;

	tui_draw_layout(t);
	t->view = t->client->current;
	for (i = b->total - b->count; i < b->total; i++) {
		have += tui_draw_sb_rows(t, b, i);
		if (have >= t->sb_h) {
			t->scrolled = 1;
			t->anchor = i;
			t->skip = have - t->sb_h;
			tui_scroll_keep(t);
			tui_dirty(t);
			return;
		}
	}
	t->scrolled = 0;
	tui_scroll_keep(t);
	tui_dirty(t);
}

/* Hold the view with line i (counted over all lines) at the bottom. */
void
tui_scroll_to(struct tui *t, uint64_t i)
{
	struct cbuf	*b = &t->client->current->buf;

	tui_draw_layout(t);
	t->view = t->client->current;
	if (i + 1 >= b->total) {
		t->scrolled = 0;
		tui_scroll_keep(t);
		tui_dirty(t);
		return;
	}
	t->scrolled = 1;
	t->anchor = i;
	t->skip = 0;
	if (!tui_scroll_fits_above(t, b))
		tui_scroll_top(t);
	tui_scroll_keep(t);
	tui_dirty(t);
}

/* Follow the newest lines again. */
void
tui_scroll_bottom(struct tui *t)
{
	t->scrolled = 0;
	tui_scroll_keep(t);
	tui_dirty(t);
}

/* Rows a page key moves. */
int
tui_scroll_page(struct tui *t)
{
	tui_draw_layout(t);
	return (t->sb_h > 2 ? t->sb_h - 1 : 1);
}

/* Move the view n rows back (n > 0) or forward (n < 0). */
void
tui_scroll(struct tui *t, int n)
{
	struct croom	*r = t->client->current;
	struct cbuf	*b = &r->buf;
	uint64_t	 first = b->total - b->count, last = b->total - 1;

	tui_draw_layout(t);
	tui_scroll_show(t, r);
	if (b->count == 0 || (!t->scrolled && n <= 0))
		return;
	if (!t->scrolled) {
		t->scrolled = 1;
		t->anchor = last;
		t->skip = 0;
	}
	if (t->anchor < first) {
		t->anchor = first;
		t->skip = 0;
	}
	for (; n > 0; n--) {
		if (t->skip + 1 < tui_draw_sb_rows(t, b, t->anchor))
			t->skip++;
		else if (t->anchor > first) {
			t->anchor--;
			t->skip = 0;
		} else
			break;
	}
	for (; n < 0; n++) {
		if (t->skip > 0)
			t->skip--;
		else if (t->anchor < last) {
			t->anchor++;
			t->skip = tui_draw_sb_rows(t, b, t->anchor) - 1;
		} else
			break;
	}
	if (t->anchor >= last && t->skip == 0)
		t->scrolled = 0;
	else if (!tui_scroll_fits_above(t, b))
		tui_scroll_top(t);
	tui_scroll_keep(t);
	tui_dirty(t);
}
