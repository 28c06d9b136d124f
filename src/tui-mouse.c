/* SPDX-License-Identifier: ISC */
/* tui-mouse.c: the wheel scrolls, a click on the room list or hotlist switches. */

#include <sys/types.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The terminal is asked for button events in SGR form (modes 1000 and
 * 1006): ESC [ < button ; column ; row M (or m on release).  curses hands
 * over "ESC [ <" as a key code of ours and the rest is read here, so the
 * reports do not depend on what the terminfo entry says about mice.
 * --no-mouse or MOUSE=no leave the mouse to the terminal, for selecting
 * text.
 */

#define TUI_MOUSE_KEY	(KEY_MAX + 3)
#define TUI_MOUSE_WHEEL	3	/* rows a wheel step scrolls */

static int	tui_mouse_on;

static void	tui_mouse_click(struct tui *, int, int);
static void	tui_mouse_list(struct tui *, int);

/* Ask the terminal for mouse reports. */
void
tui_mouse_start(struct tui *t)
{
	if (!t->set_mouse)
		return;
	define_key("\033[<", TUI_MOUSE_KEY);
	fputs("\033[?1000h\033[?1006h", stdout);
	fflush(stdout);
	tui_mouse_on = 1;
}

/* Stop the reports; safe to call from the fatal hook. */
void
tui_mouse_stop(void)
{
	if (!tui_mouse_on)
		return;
	fputs("\033[?1006l\033[?1000l", stdout);
	fflush(stdout);
	tui_mouse_on = 0;
}

/* A left click at a cell: a window of the room list or of the hotlist. */
static void
tui_mouse_click(struct tui *t, int x, int y)
{
	u_int	i;

	if (y == 0) {
		for (i = 0; i < t->nhot_at; i++) {
			if (x >= t->hot_at[i].x0 && x < t->hot_at[i].x1) {
				tui_switch(t, tui_room_at(t, t->hot_at[i].num));
				return;
			}
		}
		return;
	}
	if (t->sb_x > 0 && x < TUI_LIST_WIDTH && y >= t->sb_y &&
	    y < t->sb_y + t->sb_h)
		tui_mouse_list(t, y - t->sb_y);
}

/*
 * A click on row y of the room list: its window, or for a marker of
 * windows with news out of sight, the one of them nearest the list.
 */
static void
tui_mouse_list(struct tui *t, int y)
{
	u_int	low, high;
	int	level;

	if (t->list_up && y == 0) {
		if (tui_hotlist_among(t, 0, t->list_start, &level, &low,
		    &high) > 0)
			tui_switch(t, tui_room_at(t, high));
		return;
	}
	if (t->list_down && y == t->sb_h - 1) {
		if (tui_hotlist_among(t, t->list_start + t->sb_h - 1 -
		    t->list_up, UINT_MAX, &level, &low, &high) > 0)
			tui_switch(t, tui_room_at(t, low));
		return;
	}
	tui_switch(t, tui_room_at(t, t->list_start + y - t->list_up));
}

/*
 * A key: if it starts a mouse report, read the report and act on it.
 * Returns 1 if the key was taken.
 */
int
tui_mouse_key(struct tui *t, wint_t ch, int key)
{
	int	 v[3] = { 0, 0, 0 }, n = 0, r;
	wint_t	 c;

	if (!key || ch != TUI_MOUSE_KEY)
		return (0);
	/* The rest came with it; a report cut short is dropped. */
	while ((r = wget_wch(stdscr, &c)) == OK) {
		if (c >= '0' && c <= '9' && v[n] < 100000)
			v[n] = v[n] * 10 + (c - '0');
		else if (c == ';' && n < 2)
			n++;
		else
			break;
	}
	if (r != OK || n != 2 || (c != 'M' && c != 'm'))
		return (1);
	if (c == 'm')
		return (1);		/* a release */
	switch (v[0] & ~(4 | 8 | 16)) {	/* without Shift, Alt, Ctrl */
	case 64:
		tui_scroll(t, TUI_MOUSE_WHEEL);
		break;
	case 65:
		tui_scroll(t, -TUI_MOUSE_WHEEL);
		break;
	case 0:
		tui_mouse_click(t, v[1] - 1, v[2] - 1);
		break;
	}
	tui_dirty(t);
	return (1);
}
