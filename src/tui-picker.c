/* SPDX-License-Identifier: ISC */
/* tui-picker.c: the room picker: every room of the hub, filtered as typed. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

#define TUI_CTRL(c)	((c) & 0x1f)

static void	tui_picker_enter(struct tui *);
static void	tui_picker_command(struct tui *);
static void	tui_picker_space(struct tui *);
static char	*tui_picker_footer(const char *, u_int);

/* The hub's rooms that match the picker's filter, in the hub's order. */
u_int
tui_picker_rows(struct tui *t, struct roominfo ***listp)
{
	struct client	 *c = t->client;
	struct roominfo	**list;
	char		 *f, *name, *topic;
	u_int		  i, n = 0;

	list = xcalloc(c->nroomlist + 1, sizeof *list);
	f = utf8_casefold(t->filter);
	for (i = 0; i < c->nroomlist; i++) {
		name = utf8_casefold(c->roomlist[i].name);
		topic = utf8_casefold(c->roomlist[i].topic);
		if (strstr(name, f) != NULL || strstr(topic, f) != NULL)
			list[n++] = &c->roomlist[i];
		free(name);
		free(topic);
	}
	free(f);
	*listp = list;
	return (n);
}

/* Open the picker and ask the hub for a fresh list of rooms. */
void
tui_picker_open(struct tui *t)
{
	struct client	*c = t->client;
	char		*cause;

	t->picker = 1;
	t->sel = 0;
	t->picker_space = 0;
	free(t->filter);
	t->filter = xstrdup("");
	if (c->state == CLIENT_READY) {
		if (cmd_execute(c, "/rooms", &cause) == 0)
			t->picker_asked = 1;
		free(cause);
	}
	tui_dirty(t);
}

/* Close the picker. */
void
tui_picker_close(struct tui *t)
{
	t->picker = 0;
	tui_dirty(t);
}

/* Enter in the picker: switch to the room, or join (or create) it. */
static void
tui_picker_enter(struct tui *t)
{
	struct client	 *c = t->client;
	struct roominfo	**list;
	struct croom	 *r;
	char		 *name, *line, *cause;
	u_int		  n;

	n = tui_picker_rows(t, &list);
	if (n > 0)
		name = xstrdup(list[t->sel < n ? t->sel : 0]->name);
	else if (*t->filter != '\0')
		name = xstrdup(t->filter[0] == '#' ? t->filter + 1 : t->filter);
	else
		name = NULL;
	free(list);
	tui_picker_close(t);
	if (name == NULL)
		return;
	r = client_room(c, name, 0);
	if (r != NULL && r != c->status && (r->flags & CROOM_JOINED))
		tui_switch(t, r);
	else {
		xasprintf(&line, "/join %s", name);
		if (cmd_execute(c, line, &cause) != 0 && cause != NULL) {
			client_notice(c, c->current, CLINE_ERROR, "%s", cause);
			free(cause);
		}
		free(line);
	}
	free(name);
}

/*
 * A '/' typed first: close the picker and start a command in the input
 * line.  A line being typed there goes to the input history (Up brings it
 * back) rather than having the command typed into it.
 */
static void
tui_picker_command(struct tui *t)
{
	tui_picker_close(t);
	if (t->len > 0)
		tui_input_recall(t->client, t->buf);
	tui_input_set(t, "/");
}

/*
 * A space typed in the picker.  After "join" the user is typing a join as
 * in the input line: what follows is the room ("join #dev" joins #dev, not
 * "#join#dev").  Else it is not taken, and the picker says why, rather than
 * making "my room" into #myroom unseen, until the filter is edited back.
 */
/*
 * The footer in width columns: whole if it fits; else its first and last
 * parts (between " · "), so that the key that closes stays readable
 * ("Entrée : rejoindre · Échap : fermer"); else cut with an ellipsis.
 */
static char *
tui_picker_footer(const char *what, u_int width)
{
	const char	*first, *last, *p;
	char		*s, *cut;

	if (utf8_width(what, strlen(what)) <= width ||
	    (first = strstr(what, " · ")) == NULL)
		return (tui_ellipsize(what, width));
	for (last = p = first; (p = strstr(p + 1, " · ")) != NULL; last = p)
		/* nothing */;
	if (last == first)
		return (tui_ellipsize(what, width));
	xasprintf(&s, "%.*s%s", (int)(first - what), what, last);
	cut = tui_ellipsize(s, width);
	free(s);
	return (cut);
}

static void
tui_picker_space(struct tui *t)
{
	if (strcasecmp(t->filter, "join") == 0) {
		t->filter[0] = '\0';
		t->sel = 0;
	} else
		t->picker_space = 1;
}

/* A key while the picker is open. */
void
tui_picker_key(struct tui *t, wint_t ch, int key, int meta)
{
	char	buf[8];
	size_t	len = strlen(t->filter), n;

	if (key) {
		switch (ch) {
		case KEY_UP:
			if (t->sel > 0)
				t->sel--;
			break;
		case KEY_DOWN:
			t->sel++;
			break;
		case KEY_PPAGE:
			t->sel = t->sel > 10 ? t->sel - 10 : 0;
			break;
		case KEY_NPAGE:
			t->sel += 10;
			break;
		case KEY_ENTER:
			tui_picker_enter(t);
			break;
		case KEY_BACKSPACE:
			if (len > 0)
				t->filter[utf8_gc_prev(t->filter, len)] = '\0';
			t->sel = 0;
			t->picker_space = 0;
			break;
		default:
			if (ch == KEY_F(2))
				tui_picker_close(t);
			break;
		}
		return;
	}
	if (meta) {
		if (ch == 27)
			tui_picker_close(t);
		return;
	}
	switch (ch) {
	case 27:
	case TUI_CTRL('g'):
		tui_picker_close(t);
		break;
	case TUI_CTRL('p'):
		if (t->sel > 0)
			t->sel--;
		break;
	case TUI_CTRL('n'):
		t->sel++;
		break;
	case '\r':
	case '\n':
		tui_picker_enter(t);
		break;
	case 127:
	case TUI_CTRL('h'):
		if (len > 0)
			t->filter[utf8_gc_prev(t->filter, len)] = '\0';
		t->sel = 0;
		t->picker_space = 0;
		break;
	case TUI_CTRL('u'):
		t->filter[0] = '\0';
		t->sel = 0;
		t->picker_space = 0;
		break;
	case ' ':
		tui_picker_space(t);
		break;
	case '/':
		/*
		 * No room name starts with '/': a command, as in the input
		 * line.  Typed on, it goes there, where Tab completes it.
		 */
		if (len == 0) {
			tui_picker_command(t);
			break;
		}
		/* FALLTHROUGH */
	case '#':
		/*
		 * Names are shown after a '#' of their own: a first one is
		 * that, not part of the name, which would match no room.
		 */
		if (len == 0)
			break;
		/* FALLTHROUGH */
	default:
		if (ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF) ||
		    utf8_is_unsafe(ch) || len >= CR_ROOM_MAX * 4)
			break;
		n = utf8_encode(ch, buf);
		t->filter = xrealloc(t->filter, len + n + 1);
		memcpy(t->filter + len, buf, n);
		t->filter[len + n] = '\0';
		t->sel = 0;
		break;
	}
}

/* The room picker, over the scrollback. */
void
tui_picker_draw(struct tui *t, int *cy, int *cx)
{
	struct client	 *c = t->client;
	struct roominfo	**list, *ri;
	struct croom	 *r;
	char		  num[16], *hint;
	const char	 *what;
	const char	 *title = _(" Rooms ");
	attr_t		  attr;
	u_int		  n, i, start, rows, members;
	int		  bw, bh, bx, by, y, x, namew;

	n = tui_picker_rows(t, &list);
	bw = COLS - 4 < 76 ? COLS - 4 : 76;
	bh = (int)n + 4;
	if (bh < 6)
		bh = 6;
	if (bh > LINES - 2)
		bh = LINES - 2;
	bx = (COLS - bw) / 2;
	by = 1 + (LINES - 2 - bh) / 2;
	for (y = by; y < by + bh; y++)
		tui_fill(y, bx, bw, 0);
	mvhline(by, bx + 1, TUI_ACS(t, ACS_HLINE, '-'), bw - 2);
	mvhline(by + bh - 1, bx + 1, TUI_ACS(t, ACS_HLINE, '-'), bw - 2);
	mvvline(by + 1, bx, TUI_ACS(t, ACS_VLINE, '|'), bh - 2);
	mvvline(by + 1, bx + bw - 1, TUI_ACS(t, ACS_VLINE, '|'), bh - 2);
	mvaddch(by, bx, TUI_ACS(t, ACS_ULCORNER, '+'));
	mvaddch(by, bx + bw - 1, TUI_ACS(t, ACS_URCORNER, '+'));
	mvaddch(by + bh - 1, bx, TUI_ACS(t, ACS_LLCORNER, '+'));
	mvaddch(by + bh - 1, bx + bw - 1, TUI_ACS(t, ACS_LRCORNER, '+'));
	tui_put(by, bx + 2, bx + bw - 2, title, strlen(title), A_BOLD);
	/*
	 * Or why a space typed was not taken (see tui_picker_space).  When
	 * the box is too narrow, the middle keys go whole, then what is left
	 * is cut with an ellipsis, not mid-word.
	 */
	if (t->picker_space)
		what = _(" room names cannot contain spaces ");
	else
		what = _(" Enter: join · /: a command · Esc: close ");
	hint = tui_picker_footer(what, bw > 4 ? bw - 4 : 1);
	attr = t->picker_space ? A_BOLD : A_DIM;
	tui_put(by + bh - 1, bx + 2, bx + bw - 2, hint, strlen(hint), attr);
	free(hint);

	x = tui_put(by + 1, bx + 2, bx + bw - 2, _("filter: "),
	    strlen(_("filter: ")), A_BOLD);
	*cx = tui_put(by + 1, x, bx + bw - 3, t->filter, strlen(t->filter),
	    0);
	*cy = by + 1;

	rows = bh - 3;
	if (n == 0) {
		if (t->picker_asked && c->nroomlist == 0)
			hint = xstrdup(_("loading…"));
		else if (*t->filter != '\0')
			xasprintf(&hint,
			    _("no room matches; Enter creates #%s"), t->filter);
		else
			hint = xstrdup(_("there are no rooms"));
		tui_put(by + 2, bx + 2, bx + bw - 2, hint, strlen(hint), A_DIM);
		free(hint);
	}
	if (t->sel >= n)
		t->sel = n > 0 ? n - 1 : 0;
	start = t->sel >= rows ? t->sel - rows + 1 : 0;
	namew = bw / 3;
	for (i = start; i < n && i - start < rows; i++) {
		ri = list[i];
		y = by + 2 + (i - start);
		attr = i == t->sel ? A_REVERSE : 0;
		tui_fill(y, bx + 1, bw - 2, attr);
		r = client_room(c, ri->name, 0);
		x = bx + 2;
		if (r != NULL && (r->flags & CROOM_JOINED))
			tui_put(y, x, x + 1, "*", 1, attr | A_BOLD);
		x = tui_put(y, x + 2, x + 3, "#", 1, attr);
		/* Cut with an ellipsis, as the title cuts a topic. */
		tui_put_clipped(y, x, x + namew, ri->name, attr | A_BOLD);
		x += namew + 1;
		/* A room the user is in counts who came since the list. */
		if (r != NULL && (r->flags & CROOM_JOINED) &&
		    !(r->flags & CROOM_DM))
			members = client_room_member_count(r);
		else
			members = ri->nmembers;
		snprintf(num, sizeof num, "%4u  ", members);
		x = tui_put(y, x, bx + bw - 2, num, strlen(num), attr);
		tui_put_clipped(y, x, bx + bw - 2, ri->topic, attr | A_DIM);
	}
	free(list);
}
