/* SPDX-License-Identifier: ISC */
/* tui-draw-sb.c: the scrollback drawn, its lines laid out and wrapped. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"
#include "tui.h"

/* A piece of a line's prefix: text and how it looks. */
struct tui_seg {
	const char	*s;
	attr_t		 attr;
};

static u_int	tui_draw_sb_cline(struct tui *, struct cline *, int, int, int,
		    int, int);

/*
 * Lay out a scrollback line in w columns with its first row at screen row
 * y, drawing only the rows that fall in [top, bottom) (none when top ==
 * bottom, to count).  "[hh:mm] <nick> " starts the first row and the text
 * wraps into rows indented under itself; a picture follows, clipped.
 * Returns the number of rows.
 */
static u_int
tui_draw_sb_cline(struct tui *t, struct cline *l, int x, int y, int w,
    int top, int bottom)
{
	struct tui_seg	 seg[6];
	struct image	*img = l->image;
	char		 stamp[80], *nick = NULL;
	const char	*text = l->text;
	attr_t		 tattr = 0, nattr = 0, mark, a;
	size_t		 len, off, n, next, cut;
	u_int		 nseg = 0, i, rows = 0, iy, ix;
	int		 indent = 0, cx, maxnick;
	short		 pair;

	if (l->kind == CLINE_MARKER) {
		if (y >= top && y < bottom) {
			mark = tui_pair(t, TUI_PAIR_MARKER) | A_DIM;
			mvhline(y, x, TUI_ACS(t, ACS_HLINE, '-') | mark, w);
			len = strlen(text);
			cut = utf8_width(text, len) + 2;
			cx = x + (w > (int)cut ? (w - (int)cut) / 2 : 0);
			mvaddch(y, cx, ' ' | mark);
			cx = tui_put(y, cx + 1, x + w, text, len, mark);
			if (cx < x + w)
				mvaddch(y, cx, ' ' | mark);
		}
		return (1);
	}

	/* The time is left out when the scrollback is narrow. */
	if (w >= 40) {
		tui_marks_stamp(t, l->ts, stamp, sizeof stamp);
		seg[nseg].s = stamp;
		seg[nseg++].attr = (l->flags & CLINE_HISTORY) ? A_DIM : 0;
	}
	if (l->nick != NULL) {
		maxnick = w / 3 > 1 ? w / 3 : 1;
		nick = tui_ellipsize(l->nick, maxnick);
		if ((l->flags & CLINE_SELF) && !(l->flags & CLINE_OUT))
			nattr = A_BOLD;
		else if (top < bottom)
			nattr = tui_nick_attr(t, l->nick);
	}
	if (l->flags & CLINE_MENTION)
		tattr = tui_pair(t, TUI_PAIR_MENTION) | A_BOLD;

	switch (CLINE_HEAD_KIND(l)) {
	case CLINE_MSG:
	case CLINE_IMAGE:
		if (l->flags & CLINE_IRCNOTICE) {
			/* An IRC NOTICE, as IRC clients show it. */
			mark = tui_pair(t, TUI_PAIR_NOTICE) | A_BOLD;
			seg[nseg].s = "-";
			seg[nseg++].attr = mark;
			seg[nseg].s = nick != NULL ? nick : "";
			seg[nseg++].attr = nattr;
			seg[nseg].s = "- ";
			seg[nseg++].attr = mark;
			break;
		}
		seg[nseg].s = "<";
		seg[nseg++].attr = 0;
		seg[nseg].s = nick != NULL ? nick : "";
		seg[nseg++].attr = nattr;
		seg[nseg].s = "> ";
		seg[nseg++].attr = 0;
		break;
	case CLINE_ACTION:
		seg[nseg].s = "* ";
		seg[nseg++].attr = A_BOLD;
		seg[nseg].s = nick != NULL ? nick : "";
		seg[nseg++].attr = nattr;
		seg[nseg].s = " ";
		seg[nseg++].attr = 0;
		break;
	case CLINE_DM:
		mark = tui_pair(t, TUI_PAIR_DM) | A_BOLD;
		if (l->flags & CLINE_IRCNOTICE)
			seg[nseg].s = (l->flags & CLINE_OUT) ? "-> -" : "-";
		else
			seg[nseg].s = (l->flags & CLINE_OUT) ? "-> *" : "*";
		seg[nseg++].attr = mark;
		seg[nseg].s = nick != NULL ? nick : "";
		seg[nseg++].attr = nattr;
		seg[nseg].s = (l->flags & CLINE_IRCNOTICE) ? "- " : "* ";
		seg[nseg++].attr = mark;
		tattr = (l->flags & CLINE_OUT) ? 0 : A_BOLD;
		break;
	case CLINE_EVENT:
		seg[nseg].s = "-- ";
		seg[nseg++].attr = A_DIM;
		tattr = A_DIM;
		break;
	case CLINE_ERROR:
		seg[nseg].s = "-!- ";
		seg[nseg++].attr = tui_pair(t, TUI_PAIR_ERROR) | A_BOLD;
		tattr = tui_pair(t, TUI_PAIR_ERROR);
		break;
	default:
		seg[nseg].s = "-!- ";
		seg[nseg++].attr = tui_pair(t, TUI_PAIR_NOTICE) | A_BOLD;
		break;
	}
	if (t->hl)
		tattr |= A_REVERSE;
	if (l->flags & CLINE_PENDING) {		/* not sent yet: dim */
		tattr |= A_DIM;
		for (i = 0; i < nseg; i++)
			seg[i].attr |= A_DIM;
	}
	for (i = 0; i < nseg; i++)
		indent += utf8_width(seg[i].s, strlen(seg[i].s));
	if (indent > w - 1)
		indent = w - 1;

	len = strlen(text);
	off = 0;
	do {
		n = utf8_wrap(text + off, len - off, w - indent, &next);
		if (y + (int)rows >= top && y + (int)rows < bottom) {
			if (rows == 0) {
				cx = x;
				for (i = 0; i < nseg; i++)
					cx = tui_put(y, cx, x + indent,
					    seg[i].s, strlen(seg[i].s),
					    seg[i].attr);
			}
			tui_draw_fmt_text(t, l, y + rows, x + indent, x + w,
			    off, n, tattr);
		}
		rows++;
		off += next;
	} while (off < len);
	free(nick);

	if (l->kind != CLINE_IMAGE || img == NULL)
		return (rows);
	indent = w > 16 ? 8 : 0;
	for (iy = 0; iy < img->h; iy++, rows++) {
		if (y + (int)rows < top || y + (int)rows >= bottom)
			continue;
		text = img->rows[iy];
		len = strlen(text);
		cx = x + indent;
		for (ix = 0, off = 0; ix < img->w && off < len; ix++) {
			next = utf8_next(text, len, off);
			a = tui_image_attr(t, img->fg[iy * img->w + ix],
			    img->bg[iy * img->w + ix], &pair);
			cx = tui_put_pair(y + rows, cx, x + w, text + off,
			    next - off, a, pair);
			off = next;
		}
	}
	return (rows);
}

/*
 * How many rows a line (numbered over all lines ever added) takes, with the
 * rows drawn above it; the newest line takes the rows of the messages
 * waiting for the hub under it too, so that scrolling counts them.
 */
u_int
tui_draw_sb_rows(struct tui *t, struct cbuf *b, uint64_t i)
{
	u_int	rows;

	rows = tui_marks_rows(t, t->client->current, i) +
	    tui_draw_sb_cline(t, cbuf_get(b, i - (b->total - b->count)), 0, 0,
	    t->sb_w, 0, 0);
	if (i + 1 == b->total)
		rows += tui_draw_sb_pending(t, t->client->current, 0, 0, 0, 0,
		    NULL);
	return (rows);
}

/*
 * Under the newest line, the messages of the user's that wait for the
 * hub (see client_send_pending), newest at the bottom, in at most half the
 * rows: the newest lines of the scrollback, such as the notices about the
 * connection, stay in sight above them.  A line taller than the rows left
 * shows its last rows, which end with the mark, under a row saying how
 * many are not shown; if older lines wait it takes half the rows left, so
 * that they show too.  They end at row end, drawn (if draw is set) only
 * between rows top and bottom: scrolled, they may be partly out of view.
 * Returns the rows they take; below, if not NULL, gets how many of them
 * are wholly under row bottom.
 */
int
tui_draw_sb_pending(struct tui *t, struct croom *r, int end, int top,
    int bottom, int draw, u_int *below)
{
	struct cline	**lines, *l;
	u_int		  n, rows, show, left;
	int		  used = 0, y;
	char		 *s;

	if (below != NULL)
		*below = 0;
	if (t->sb_h < 2)
		return (0);
	left = t->sb_h / 2;
	lines = xreallocarray(NULL, left, sizeof *lines);
	n = client_send_pending(t->client, r, lines, left);
	while (n > 0 && left > 0) {
		l = lines[--n];
		rows = tui_draw_sb_cline(t, l, 0, 0, t->sb_w, 0, 0);
		show = rows;
		if (rows > left) {
			show = left;
			if (n > 0 && left >= 4)
				show = left / 2;
		}
		y = end - used;
		used += show;
		left -= show;
		if (below != NULL && y - (int)show >= bottom)
			(*below)++;
		if (!draw)
			continue;
		if (show < rows && show >= 2) {
			if (y - (int)show >= top && y - (int)show < bottom) {
				xasprintf(&s, ngettext(
				    "(%u more row of this message)",
				    "(%u more rows of this message)",
				    rows - show + 1), rows - show + 1);
				tui_fill(y - show, t->sb_x, t->sb_w, 0);
				tui_put_clipped(y - show, t->sb_x,
				    t->sb_x + t->sb_w, s, A_DIM);
				free(s);
			}
			show--;
		}
		tui_draw_sb_cline(t, l, t->sb_x, y - rows, t->sb_w,
		    y - (int)show > top ? y - (int)show : top,
		    y < bottom ? y : bottom);
	}
	free(lines);
	return (used);
}

/*
 * The scrollback: from the bottom line (newest, or the anchor) upwards,
 * the messages waiting for the hub under the newest.
 */
void
tui_draw_sb(struct tui *t)
{
	struct cbuf	*b = &t->view->buf;
	uint64_t	 first = b->total - b->count, i;
	int		 bottom = t->sb_y + t->sb_h, y;
	u_int		 rows, m;

	if (b->count == 0) {
		tui_draw_sb_pending(t, t->view, bottom, t->sb_y, bottom, 1,
		    NULL);
		return;
	}
	if (t->scrolled && t->anchor >= b->total)
		t->scrolled = 0;
	if (t->scrolled && t->anchor < first) {
		t->anchor = first;
		t->skip = 0;
	}
	i = t->scrolled ? t->anchor : b->total - 1;
	y = bottom;
	if (t->scrolled) {
		rows = tui_draw_sb_rows(t, b, i);
		if (t->skip >= rows)
			t->skip = rows - 1;
		y += t->skip;
	}
	tui_scroll_keep(t);
	for (;;) {
		rows = tui_draw_sb_rows(t, b, i);
		y -= rows;
		m = tui_marks_draw(t, t->view, i, t->sb_x, y, t->sb_w,
		    t->sb_y, bottom);
		t->hl = tui_search_is_hit(t, t->view, i);
		tui_draw_sb_cline(t, cbuf_get(b, i - first), t->sb_x, y + m,
		    t->sb_w, t->sb_y, bottom);
		t->hl = 0;
		if (i + 1 == b->total)
			tui_draw_sb_pending(t, t->view, y + rows, t->sb_y,
			    bottom, 1, NULL);
		if (y <= t->sb_y || i == first)
			break;
		i--;
	}
}
