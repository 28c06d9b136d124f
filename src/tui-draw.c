/* SPDX-License-Identifier: ISC */
/* tui-draw.c: layout, drawing primitives, the room list and the input line. */

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

static void	tui_draw_list_span(struct tui *, u_int, u_int);
static void	tui_draw_list_marker(struct tui *, int, const char *, u_int,
		    u_int);
static void	tui_draw_list(struct tui *);
static void	tui_draw_input(struct tui *, int *, int *);
static void	tui_draw_small(void);

/* Nick colours: no white (the user's own nick) and no dark blue. */
static const u_int tui_nick_colours[] = {
	1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14
};

/* A colour pair as an attribute, or nothing without colours. */
attr_t
tui_pair(struct tui *t, int pair)
{
	return (t->colour ? COLOR_PAIR(pair) : 0);
}

/*
 * The look of a nick: a colour from a hash of its case-folded form (FNV-1a),
 * so every client shows the same nick in the same colour; the user's own
 * nick is bold in the default colour instead.
 */
attr_t
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
attr_t
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
 * Which part of a room list of n entries, the one in view at cur, shows in
 * its rows: the entry on the top row goes in list_start.  Windows with news
 * out of sight above or below must not go unseen (the title bar's hotlist
 * says "+N" when it is full, too), so a marker takes the top or bottom row
 * while there are any: list_up, list_down.  The window in view stays shown.
 */
static void
tui_draw_list_span(struct tui *t, u_int n, u_int cur)
{
	u_int	h = t->sb_h, start, rows, low, high;
	int	level;

	start = cur >= h ? cur - h + 1 : 0;
	t->list_up = t->list_down = 0;
	/* Too few rows for a marker and an entry between. */
	while (n > h && h >= 3) {
		t->list_up = start > 0 &&
		    tui_hotlist_among(t, 0, start, &level, &low, &high) > 0;
		rows = h - t->list_up;
		t->list_down = start + rows < n &&
		    tui_hotlist_among(t, start + rows, n, &level, &low,
		    &high) > 0;
		rows -= t->list_down;
		if (cur < start + rows)
			break;
		start = cur - rows + 1;
	}
	t->list_start = start;
}

/*
 * A marker row of the room list: "↓ 3 active", the windows with news
 * between first and last, in the colour of the most urgent.
 */
static void
tui_draw_list_marker(struct tui *t, int y, const char *arrow, u_int first,
    u_int last)
{
	char	*s;
	u_int	 n, low, high;
	int	 level, pair;

	n = tui_hotlist_among(t, first, last, &level, &low, &high);
	if (level == 3)
		pair = TUI_PAIR_DM;
	else if (level == 2)
		pair = TUI_PAIR_MENTION;
	else
		pair = TUI_PAIR_UNREAD;
	/*
	 * TRANSLATORS: an arrow, then how many windows out of sight there
	 * have news; in the 16-column room list.
	 */
	xasprintf(&s, _("%s %u active"), arrow, n);
	tui_fill(y, 0, TUI_LIST_WIDTH, 0);
	tui_put_clipped(y, 1, TUI_LIST_WIDTH, s, A_BOLD | tui_pair(t, pair));
	free(s);
}

/*
 * The room list: joined rooms and conversations, numbered for Alt-N, with
 * a marker above or below for the windows with news out of sight.
 */
static void
tui_draw_list(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r;
	char		 num[16], cnt[16];
	attr_t		 attr;
	int		 y, n = 0, cur = 0, start, x, end, total;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->current)
			cur = n;
		if (r == c->status || (r->flags & CROOM_JOINED))
			n++;
	}
	total = n;
	tui_draw_list_span(t, total, cur);
	start = t->list_start;
	end = t->sb_y + t->sb_h - t->list_down;
	mvvline(t->sb_y, TUI_LIST_WIDTH, TUI_ACS(t, ACS_VLINE, '|'), t->sb_h);
	if (t->list_up)
		tui_draw_list_marker(t, t->sb_y, t->ascii ? "^" : "↑", 0,
		    start);
	n = 0;
	y = t->sb_y + t->list_up;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && !(r->flags & CROOM_JOINED))
			continue;
		if (n++ < start)
			continue;
		if (y >= end)
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
	if (t->list_down)
		tui_draw_list_marker(t, end, t->ascii ? "v" : "↓", start +
		    (end - t->sb_y - t->list_up), total);
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
	tui_draw_sb(t);
	if (t->sb_x > 0)
		tui_draw_list(t);
	if (t->nl_x > 0)
		tui_nicklist_draw(t);
	tui_draw_bar(t);
	tui_draw_input(t, &cy, &cx);
	if (t->picker)
		tui_picker_draw(t, &cy, &cx);
	move(cy, cx);
	curs_set(1);
	refresh();
	tui_title_update(t);
}
