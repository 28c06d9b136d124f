/* SPDX-License-Identifier: ISC */
/* tui-draw.c: layout and drawing of title, room list, scrollback and input. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"
#include "tui.h"

/*
 * Every frame is drawn from the model (struct client and its rooms) onto
 * stdscr from scratch; curses sends only the difference.  All widths come
 * from utf8.c and every character is placed at the column we computed, so
 * wrapping, clipping and the cursor agree with each other for CJK text
 * whatever the C library's wcwidth thinks.
 */

/* A piece of a line's prefix: text and how it looks. */
struct tui_seg {
	const char	*s;
	attr_t		 attr;
};

static attr_t	tui_pair(struct tui *, int);
static attr_t	tui_nick_attr(struct tui *, const char *);
static attr_t	tui_image_attr(struct tui *, u_int, u_int, short *);
static int	tui_draw_pending(struct tui *, struct croom *, int, int,
		    int, int, u_int *);
static char	*tui_draw_more(struct tui *, struct croom *);
static u_int	tui_draw_cline(struct tui *, struct cline *, int, int, int,
		    int, int);
static void	tui_draw_scrollback(struct tui *);
static void	tui_draw_list(struct tui *);
static void	tui_draw_state(struct tui *, char **, char **);
static void	tui_draw_muted(struct client *, char **, char **);
static char	*tui_draw_right(const char *, const char *, const char *);
static void	tui_draw_title(struct tui *);
static void	tui_draw_input(struct tui *, int *, int *);
static void	tui_draw_small(void);

/* Nick colours: no white (the user's own nick) and no dark blue. */
static const u_int tui_nick_colours[] = {
	1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14
};

/* A colour pair as an attribute, or nothing without colours. */
static attr_t
tui_pair(struct tui *t, int pair)
{
	return (t->colour ? COLOR_PAIR(pair) : 0);
}

/*
 * The look of a nick: a colour from a hash of its case-folded form (FNV-1a),
 * so every client shows the same nick in the same colour; the user's own
 * nick is bold in the default colour instead.
 */
static attr_t
tui_nick_attr(struct tui *t, const char *nick)
{
	char		*key;
	const u_char	*p;
	uint32_t	 h = 2166136261U;
	u_int		 n;

	if (strcmp(nick, t->client->nick) == 0)
		return (A_BOLD);
	if (!t->colour || !t->set_nick_colours)
		return (0);
	key = utf8_casefold(nick);
	for (p = (const u_char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 16777619U;
	free(key);
	n = tui_nick_colours[h % (sizeof tui_nick_colours /
	    sizeof tui_nick_colours[0])];
	if (n >= 8 && !t->colours16)
		return (COLOR_PAIR(TUI_PAIR_FG + n) | A_BOLD);
	return (COLOR_PAIR(TUI_PAIR_FG + n));
}

/*
 * The look of a picture cell, its colour pair in *pair; pairs are made as
 * colours are first used, past the 256 that fit in an attr_t so that
 * pictures and IRC colours both have theirs (see tui_colours).
 */
static attr_t
tui_image_attr(struct tui *t, u_int fg, u_int bg, short *pair)
{
	attr_t	bold = 0;
	short	p;

	*pair = 0;
	if (!t->colour)
		return (0);
	fg &= 15;
	bg &= 15;
	if (!t->colours16) {
		if (fg >= 8)
			bold = A_BOLD;
		fg &= 7;
		bg &= 7;
	}
	if ((p = t->image_pair[fg][bg]) == 0) {
		if (t->next_pair < t->max_pairs) {
			p = t->next_pair++;
			init_pair(p, fg, bg);
			t->image_pair[fg][bg] = p;
		} else
			p = TUI_PAIR_FG + fg;
	}
	*pair = p;
	return (bold);
}

/*
 * Put UTF-8 text at row y from column x, stopping before column maxx; each
 * character goes where our width tables say, with combining marks kept on
 * their base.  Text is clipped between grapheme clusters, and U+200D is
 * left out so that no terminal joins emoji into fewer columns than we
 * counted (see utf8-gc.c).  A newline shows as ↵.  Returns the column after
 * the text.
 */
int
tui_put(int y, int x, int maxx, const char *s, size_t len, attr_t attr)
{
	return (tui_put_pair(y, x, maxx, s, len, attr & ~A_COLOR,
	    PAIR_NUMBER(attr)));
}

/*
 * Put text as tui_put does, in colour pair pair (which may be past the 256
 * an attr_t holds) and the attributes of attr without its colour.
 */
int
tui_put_pair(int y, int x, int maxx, const char *s, size_t len, attr_t attr,
    short pair)
{
	size_t		 off = 0, end;
	uint32_t	 cp;
	wchar_t		 wc[CCHARW_MAX + 1];
	cchar_t		 cc;
	int		 n, w, nwc;

	attr &= ~A_COLOR;
	while (off < len) {
		end = utf8_gc_next(s, len, off);
		if (x + (int)utf8_width(s + off, end - off) > maxx)
			break;
		while (off < end) {
			if ((n = utf8_decode(s + off, end - off, &cp)) < 0) {
				cp = 0xFFFD;
				n = 1;
			}
			off += n;
			if (cp == '\n')
				cp = 0x21B5;
			else if (utf8_is_unsafe(cp))
				cp = '?';
			if ((w = utf8_cpwidth(cp)) == 0)
				continue;
			if (x + w > maxx)
				return (x);
			wc[0] = cp;
			nwc = 1;
			while (off < end && (n = utf8_decode(s + off,
			    end - off, &cp)) > 0 && !utf8_is_unsafe(cp) &&
			    utf8_cpwidth(cp) == 0) {
				if (nwc < CCHARW_MAX && cp != 0x200D)
					wc[nwc++] = cp;
				off += n;
			}
			wc[nwc] = L'\0';
			setcchar(&cc, wc, attr, pair, NULL);
			mvadd_wch(y, x, &cc);
			x += w;
		}
	}
	return (x);
}

/*
 * A copy of s cut to width columns, with an ellipsis at the end if it had
 * to be cut, so that two long names cut alike still look cut.
 */
char *
tui_ellipsize(const char *s, size_t width)
{
	size_t	 len = strlen(s), n;
	char	*out;

	if (utf8_width(s, len) <= width)
		return (xstrdup(s));
	if (width == 0)
		return (xstrdup(""));
	n = utf8_fit(s, len, width - 1, NULL);
	xasprintf(&out, "%.*s…", (int)n, s);
	return (out);
}

/* Put a name between x and maxx, with an ellipsis if it is cut. */
int
tui_put_clipped(int y, int x, int maxx, const char *s, attr_t attr)
{
	char	*cut;

	if (maxx <= x)
		return (x);
	cut = tui_ellipsize(s, maxx - x);
	x = tui_put(y, x, maxx, cut, strlen(cut), attr);
	free(cut);
	return (x);
}

/* Fill part of a row with blanks in an attribute. */
void
tui_fill(int y, int x, int n, attr_t attr)
{
	if (n > 0)
		mvhline(y, x, ' ' | attr, n);
}

/* Work out where the scrollback goes at the current size. */
void
tui_draw_layout(struct tui *t)
{
	tui_marks_today(t);
	t->sb_x = COLS >= TUI_LIST_COLS ? TUI_LIST_WIDTH + 1 : 0;
	t->sb_y = 1;
	t->sb_w = COLS - t->sb_x;
	t->sb_h = LINES - 2;
	t->nl_x = 0;
	if (tui_nicklist_shown(t, t->sb_w)) {
		t->nl_x = t->sb_x + t->sb_w - TUI_NICKS_WIDTH;
		t->sb_w -= TUI_NICKS_WIDTH + 1;
	}
	if (t->sb_w < 1)
		t->sb_w = 1;
	if (t->sb_h < 1)
		t->sb_h = 1;
}

/*
 * Lay out a scrollback line in w columns with its first row at screen row
 * y, drawing only the rows that fall in [top, bottom) (none when top ==
 * bottom, to count).  "[hh:mm] <nick> " starts the first row and the text
 * wraps into rows indented under itself; a picture follows, clipped.
 * Returns the number of rows.
 */
static u_int
tui_draw_cline(struct tui *t, struct cline *l, int x, int y, int w,
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
tui_draw_rows(struct tui *t, struct cbuf *b, uint64_t i)
{
	u_int	rows;

	rows = tui_marks_rows(t, t->client->current, i) +
	    tui_draw_cline(t, cbuf_get(b, i - (b->total - b->count)), 0, 0,
	    t->sb_w, 0, 0);
	if (i + 1 == b->total)
		rows += tui_draw_pending(t, t->client->current, 0, 0, 0, 0,
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
static int
tui_draw_pending(struct tui *t, struct croom *r, int end, int top,
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
		rows = tui_draw_cline(t, l, 0, 0, t->sb_w, 0, 0);
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
		tui_draw_cline(t, l, t->sb_x, y - rows, t->sb_w,
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
static void
tui_draw_scrollback(struct tui *t)
{
	struct cbuf	*b = &t->view->buf;
	uint64_t	 first = b->total - b->count, i;
	int		 bottom = t->sb_y + t->sb_h, y;
	u_int		 rows, m;

	if (b->count == 0) {
		tui_draw_pending(t, t->view, bottom, t->sb_y, bottom, 1, NULL);
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
		rows = tui_draw_rows(t, b, i);
		if (t->skip >= rows)
			t->skip = rows - 1;
		y += t->skip;
	}
	tui_scroll_keep(t);
	for (;;) {
		rows = tui_draw_rows(t, b, i);
		y -= rows;
		m = tui_marks_draw(t, t->view, i, t->sb_x, y, t->sb_w,
		    t->sb_y, bottom);
		t->hl = tui_search_is_hit(t, t->view, i);
		tui_draw_cline(t, cbuf_get(b, i - first), t->sb_x, y + m,
		    t->sb_w, t->sb_y, bottom);
		t->hl = 0;
		if (i + 1 == b->total)
			tui_draw_pending(t, t->view, y + rows, t->sb_y, bottom,
			    1, NULL);
		if (y <= t->sb_y || i == first)
			break;
		i--;
	}
}

/* The room list: joined rooms and conversations, numbered for Alt-N. */
static void
tui_draw_list(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r;
	char		 num[16], cnt[16];
	attr_t		 attr;
	int		 y, n = 0, cur = 0, start, x;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->current)
			cur = n;
		if (r == c->status || (r->flags & CROOM_JOINED))
			n++;
	}
	start = cur >= t->sb_h ? cur - t->sb_h + 1 : 0;
	t->list_start = start;
	mvvline(t->sb_y, TUI_LIST_WIDTH, TUI_ACS(t, ACS_VLINE, '|'), t->sb_h);
	n = 0;
	y = t->sb_y;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && !(r->flags & CROOM_JOINED))
			continue;
		if (n++ < start)
			continue;
		if (y >= t->sb_y + t->sb_h)
			break;
		attr = r == c->current ? A_REVERSE : 0;
		if (r->unread > 0)
			attr |= A_BOLD;
		tui_fill(y, 0, TUI_LIST_WIDTH, attr);
		snprintf(num, sizeof num, "%2d ", n - 1);
		x = tui_put(y, 0, TUI_LIST_WIDTH, num, strlen(num), attr);
		cnt[0] = '\0';
		if (r->unread > 0)
			snprintf(cnt, sizeof cnt, " %u%s", r->unread,
			    r->mention ? "!" : "");
		if (r == c->status)
			x = tui_put(y, x, TUI_LIST_WIDTH - strlen(cnt),
			    _("status"), strlen(_("status")), attr | A_DIM);
		else {
			x = tui_put(y, x, x + 1, (r->flags & CROOM_DM) ?
			    "@" : "#", 1, attr);
			tui_put_clipped(y, x, TUI_LIST_WIDTH - strlen(cnt),
			    r->name, attr);
		}
		if (cnt[0] != '\0')
			tui_put(y, TUI_LIST_WIDTH - strlen(cnt), TUI_LIST_WIDTH,
			    cnt, strlen(cnt), attr | tui_pair(t, r->mention ?
			    TUI_PAIR_MENTION : TUI_PAIR_UNREAD));
		y++;
	}
}

/*
 * A mute on us, after the state: "muted until 13:47" (fmt_when), or
 * "muted" for one with no end.  One whose end has passed is not shown,
 * should the hub not say that it ended (older hubs).
 */
static void
tui_draw_muted(struct client *c, char **full, char **brief)
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
tui_draw_state(struct tui *t, char **full, char **brief)
{
	struct client	*c = t->client;
	int64_t		 left_ms;

	*brief = NULL;
	if ((*full = tui_search_title(t)) != NULL)
		/* nothing */;
	else if (t->trust_prompt)
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
		tui_draw_muted(c, full, brief);
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
tui_draw_more(struct tui *t, struct croom *r)
{
	struct cbuf	*b = &r->buf;
	uint64_t	 n = 0;
	u_int		 pending;
	char		*s;

	if (!t->scrolled || t->view != r || t->anchor >= b->total)
		return (NULL);
	if (t->anchor + 1 < b->total) {
		n = b->total - 1 - t->anchor;
		tui_draw_pending(t, r, t->sb_h, 0, 0, 0, &pending);
	} else
		tui_draw_pending(t, r, t->skip, 0, 0, 0, &pending);
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
tui_draw_right(const char *more, const char *members, const char *state)
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
static void
tui_draw_title(struct tui *t)
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

	tui_draw_state(t, &full, &brief);
	/* Not connected, the count is the one from before: left out. */
	if (r != c->status && !(r->flags & CROOM_DM) &&
	    c->state == CLIENT_READY)
		members = tui_nicklist_count(t, r);
	more = tui_draw_more(t, r);

	/* Give way, a step at a time, until the right fits. */
	hw = tui_hotlist_width(t);
	right = NULL;
	for (step = 0; step < 4; step++) {
		free(right);
		right = tui_draw_right(step < 3 ? more : NULL,
		    step < 1 ? members : NULL, step < 2 ? full : brief);
		rw = utf8_width(right, strlen(right));
		if (hw > 0 && rw > 0)
			rw += 3;
		if (hw + rw <= space)
			break;
	}
	if (hw + rw > space) {
		/* The hotlist keeps its place; without it, the state is cut. */
		if (hw > 0)
			rw = 0;
		if (hw > space)
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

/*
 * The input line: a prompt, then the text scrolled sideways so that the
 * cursor is always in view; while a paste waits for "send N lines?", the
 * question alone.  Gives back where the cursor goes.
 */
static void
tui_draw_input(struct tui *t, int *cy, int *cx)
{
	struct croom	*r = t->client->current;
	char		*prompt, *name, *left;
	size_t		 pw, avail, w, cw, chars, lw, prev, next, step;
	int		 y = LINES - 1, x, pmax;

	if (t->send_ask)
		prompt = tui_paste_prompt(t);
	else if (t->trust_prompt)
		prompt = xstrdup(_("trust (yes/no)? "));
	else if (t->nick_prompt)
		prompt = xstrdup(_("nick: "));
	else if (r == t->client->status)
		prompt = xstrdup("> ");
	else {
		/* A long name is cut so that "] " still ends the prompt. */
		name = tui_ellipsize(r->name, COLS / 3 > 4 ? COLS / 3 - 4 : 1);
		xasprintf(&prompt, "[%s%s] ", (r->flags & CROOM_DM) ? "@" :
		    "#", name);
		free(name);
	}
	/*
	 * A question keeps its question mark: its answer is a word or a
	 * nick, and needs less room than a message.
	 */
	if (t->send_ask)
		pmax = COLS - 1;
	else if (t->trust_prompt || t->nick_prompt)
		pmax = COLS * 2 / 3;
	else
		pmax = COLS / 3;
	x = tui_put(y, 0, pmax, prompt, strlen(prompt), A_BOLD);
	free(prompt);
	if (t->send_ask) {
		/* The question alone: the text shows again after a no. */
		*cy = y;
		*cx = x;
		return;
	}
	pw = x;
	avail = COLS - pw - 1;

	/* Near the message limit, say how much room is left. */
	chars = utf8_strlen(t->buf, t->len);
	if (chars + TUI_LIMIT_WARN > CR_TEXT_MAX && !t->trust_prompt &&
	    !t->nick_prompt) {
		if (chars <= CR_TEXT_MAX)
			xasprintf(&left, _(" %zu left"), CR_TEXT_MAX - chars);
		else
			xasprintf(&left, _(" %zu too many"), chars -
			    CR_TEXT_MAX);
		lw = utf8_width(left, strlen(left));
		if (lw + 10 < avail) {
			avail -= lw;
			tui_put(y, COLS - 1 - lw, COLS - 1, left, strlen(left),
			    chars > CR_TEXT_MAX ? tui_pair(t, TUI_PAIR_ERROR) |
			    A_BOLD : A_DIM);
		}
		free(left);
	}

	if (t->first > t->cur)
		t->first = t->cur;
	/*
	 * Widths are kept as the window moves, a cluster at a time, so that
	 * a line of thousands of characters costs one pass per draw.  With
	 * room to spare (the terminal grew), show more on the left.
	 */
	w = utf8_width(t->buf + t->first, t->len - t->first);
	while (t->first > 0) {
		prev = utf8_gc_prev(t->buf, t->first);
		step = utf8_width(t->buf + prev, t->first - prev);
		if (w + step > avail)
			break;
		w += step;
		t->first = prev;
	}
	/* Scrolling left, show some of what comes before the cursor. */
	if (t->first == t->cur && t->cur > 0) {
		w = 0;
		while (t->first > 0 && w < avail / 2) {
			prev = utf8_gc_prev(t->buf, t->first);
			w += utf8_width(t->buf + prev, t->first - prev);
			t->first = prev;
		}
	}
	/*
	 * Keep the cursor in view, and the whole cluster under it (two
	 * columns for a wide one): let clusters go on the left.
	 */
	cw = 1;
	if (t->cur < t->len) {
		next = utf8_gc_next(t->buf, t->len, t->cur);
		cw = utf8_width(t->buf + t->cur, next - t->cur);
		if (cw < 1)
			cw = 1;
	}
	w = utf8_width(t->buf + t->first, t->cur - t->first);
	while (w + cw > avail + 1 && t->first < t->cur) {
		next = utf8_gc_next(t->buf, t->len, t->first);
		w -= utf8_width(t->buf + t->first, next - t->first);
		t->first = next;
	}
	tui_put(y, pw, pw + avail + 1, t->buf + t->first, t->len - t->first,
	    0);
	*cy = y;
	*cx = pw + w;
}

/*
 * Too small to be useful: say so instead of drawing garbage, the words
 * wrapped over as many rows as they need, in the middle of the screen.
 */
static void
tui_draw_small(void)
{
	const char	*msg = _("terminal too small");
	size_t		 len = strlen(msg), off, n, next, rows = 0;
	int		 x, y;

	if (COLS < 1 || LINES < 1)
		return;
	for (off = 0; off < len; off += next) {
		utf8_wrap(msg + off, len - off, COLS, &next);
		rows++;
	}
	y = LINES > (int)rows ? (LINES - (int)rows) / 2 : 0;
	for (off = 0; off < len && y < LINES; off += next, y++) {
		n = utf8_wrap(msg + off, len - off, COLS, &next);
		x = (COLS - (int)utf8_width(msg + off, n)) / 2;
		tui_put(y, x > 0 ? x : 0, COLS, msg + off, n, A_BOLD);
	}
}

/* Draw the whole screen. */
void
tui_draw(struct tui *t)
{
	int	cy = 0, cx = 0;

	erase();
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		tui_draw_small();
		curs_set(0);
		refresh();
		return;
	}
	tui_draw_layout(t);
	tui_scroll_show(t, t->client->current);
	tui_draw_scrollback(t);
	if (t->sb_x > 0)
		tui_draw_list(t);
	if (t->nl_x > 0)
		tui_nicklist_draw(t);
	tui_draw_title(t);
	tui_draw_input(t, &cy, &cx);
	if (t->picker)
		tui_picker_draw(t, &cy, &cx);
	move(cy, cx);
	curs_set(1);
	refresh();
	tui_title_update(t);
}
