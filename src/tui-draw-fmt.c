/* SPDX-License-Identifier: ISC */
/* tui-draw-fmt.c: drawing the IRC formatting of a message's text. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * A message from an IRC user keeps the look its formatting codes gave it
 * (client-room.c takes the codes out of the text into the line's changes
 * of look): bold, italics, underline, reverse and the mIRC colours.  Only
 * curses attributes and colour pairs reach the terminal, never a code or
 * an escape sequence from the text.  Curses has no strikethrough, so that
 * is left out; so are colours with IRC_COLOURS=no, NO_COLOR or a terminal
 * without them, and on a line that has its own colour (a mention, a
 * search hit) so that it still stands out.
 */

static int	tui_draw_fmt_rgb(int32_t);
static int	tui_draw_fmt_colour(struct tui *, int32_t, attr_t *);
static short	tui_draw_fmt_pair(struct tui *, int, int);
static attr_t	tui_draw_fmt_attr(struct tui *, const struct cfmt *, attr_t,
		    short *);

/* mIRC colours 0 to 15 as the terminal's 16 (white is 15, black 0...). */
static const u_char tui_draw_fmt_16[16] = {
	15, 0, 4, 2, 9, 1, 5, 3, 11, 10, 6, 14, 12, 13, 8, 7
};

/*
 * mIRC colours 16 to 98 as the terminal's 256, as the commonly used table
 * gives them (modern.ircdocs.horse, "IRC Formatting", checked entry by
 * entry): 24 of them are one step of the cube from the nearest to their
 * RGB values, so that other terminal clients show the same colours.
 */
static const u_char tui_draw_fmt_256[83] = {
	52, 94, 100, 58, 22, 29, 23, 24, 17, 54, 53, 89,
	88, 130, 142, 64, 28, 35, 30, 25, 18, 91, 90, 125,
	124, 166, 184, 106, 34, 49, 37, 33, 19, 129, 127, 161,
	196, 208, 226, 154, 46, 86, 51, 75, 21, 171, 201, 198,
	203, 215, 227, 191, 83, 122, 87, 111, 63, 177, 207, 205,
	217, 223, 229, 193, 157, 158, 159, 153, 147, 183, 219, 212,
	16, 233, 235, 237, 239, 241, 244, 247, 250, 254, 231
};

/* The nearest of the 256 colours' cube and grey ramp to 0xRRGGBB. */
static int
tui_draw_fmt_rgb(int32_t rgb)
{
	static const int	 level[6] = { 0, 95, 135, 175, 215, 255 };
	int			 c[3], q[3], i, grey, gv, dc, dg, d;

	c[0] = (rgb >> 16) & 0xff;
	c[1] = (rgb >> 8) & 0xff;
	c[2] = rgb & 0xff;
	dc = dg = 0;
	for (i = 0; i < 3; i++) {
		q[i] = c[i] < 48 ? 0 : c[i] < 115 ? 1 : (c[i] - 35) / 40;
		d = c[i] - level[q[i]];
		dc += d * d;
	}
	grey = ((c[0] + c[1] + c[2]) / 3 - 3) / 10;
	if (grey < 0)
		grey = 0;
	if (grey > 23)
		grey = 23;
	gv = 8 + grey * 10;
	for (i = 0; i < 3; i++)
		dg += (c[i] - gv) * (c[i] - gv);
	if (dg < dc)
		return (232 + grey);
	return (16 + q[0] * 36 + q[1] * 6 + q[2]);
}

/*
 * A colour of a change of look as a terminal colour, or -1 for the
 * default: 0 to 15 on a terminal of 8 colours are the dark ones (bold for
 * the bright ones when bold is not NULL); 16 to 98 and RGB colours need
 * 256 colours, else they are left out.
 */
static int
tui_draw_fmt_colour(struct tui *t, int32_t c, attr_t *bold)
{
	int	n;

	if (c < 0)
		return (-1);
	if (c & CFMT_RGB)
		return (COLORS >= 256 ? tui_draw_fmt_rgb(c & 0xffffff) : -1);
	if (c >= 16) {
		if (COLORS < 256 || c >= 99)
			return (-1);
		return (tui_draw_fmt_256[c - 16]);
	}
	n = tui_draw_fmt_16[c];
	if (!t->colours16 && n >= 8) {
		n -= 8;
		if (bold != NULL)
			*bold = A_BOLD;
	}
	return (n);
}

/*
 * The colour pair of fg on bg (-1: the default), made the first time it
 * is used; when the pairs run out, fg on the default background.
 */
static short
tui_draw_fmt_pair(struct tui *t, int fg, int bg)
{
	short	f, b, p;
	u_int	i;

	if (bg < 0 && fg < 16)
		return (TUI_PAIR_FG + fg);
	for (i = 0; i < t->nirc_pairs; i++) {
		if (t->irc_pairs[i].fg == fg && t->irc_pairs[i].bg == bg)
			return (t->irc_pairs[i].pair);
	}
	if (t->nirc_pairs < TUI_IRC_PAIRS && t->next_pair < t->max_pairs) {
		/* Without default colours, the default is white on black. */
		pair_content(TUI_PAIR_FG, &f, &b);
		p = t->next_pair++;
		init_pair(p, fg >= 0 ? fg : (b < 0 ? -1 : COLOR_WHITE),
		    bg >= 0 ? bg : b);
		t->irc_pairs[t->nirc_pairs].fg = fg;
		t->irc_pairs[t->nirc_pairs].bg = bg;
		t->irc_pairs[t->nirc_pairs++].pair = p;
		return (p);
	}
	return (fg >= 0 && fg < 16 ? TUI_PAIR_FG + fg : 0);
}

/*
 * The attributes of a change of look, added to those of the line, without
 * colour; the colour pair goes in *pair (that of attr if it has one).
 */
static attr_t
tui_draw_fmt_attr(struct tui *t, const struct cfmt *f, attr_t attr,
    short *pair)
{
	attr_t	bold = 0;
	int	fg, bg;

	*pair = PAIR_NUMBER(attr);
	attr &= ~A_COLOR;
	if (f->attr & CFMT_BOLD)
		attr |= A_BOLD;
	if (f->attr & CFMT_ITALIC)
		attr |= A_ITALIC;
	if (f->attr & CFMT_UNDERLINE)
		attr |= A_UNDERLINE;
	if (f->attr & CFMT_REVERSE)
		attr |= A_REVERSE;
	if (!t->colour || !t->set_irc_colours || *pair != 0)
		return (attr);
	fg = tui_draw_fmt_colour(t, f->fg, &bold);
	bg = tui_draw_fmt_colour(t, f->bg, NULL);
	if (fg < 0 && bg < 0)
		return (attr);
	*pair = tui_draw_fmt_pair(t, fg, bg);
	return (attr | bold);
}

/*
 * Put n bytes of a line's text from byte off at row y from column x, as
 * tui_put does, each piece in the look its formatting gives it.  Returns
 * the column after the text.
 */
int
tui_draw_fmt_text(struct tui *t, struct cline *l, int y, int x, int maxx,
    size_t off, size_t n, attr_t attr)
{
	size_t	end = off + n, stop;
	u_int	lo = 0, hi = l->nfmt, mid;
	attr_t	a;
	short	pair;

	/* The first change after off; the one before it is in force. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->fmt[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (off < end) {
		stop = lo < l->nfmt && l->fmt[lo].off < end ? l->fmt[lo].off :
		    end;
		if (lo > 0)
			a = tui_draw_fmt_attr(t, &l->fmt[lo - 1], attr, &pair);
		else {
			a = attr & ~A_COLOR;
			pair = PAIR_NUMBER(attr);
		}
		x = tui_put_pair(y, x, maxx, l->text + off, stop - off, a,
		    pair);
		off = stop;
		lo++;
	}
	return (x);
}
