/* SPDX-License-Identifier: ISC */
/* tui-search.c: search the scrollback of the window in view. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * /search TEXT (or Ctrl-R, which starts the command) finds the newest line
 * of the window in view whose nick or text holds TEXT, ignoring case, and
 * holds the view there with the line highlighted.  Ctrl-R then goes to an
 * older match and Alt-R to a newer one; Esc, or leaving the window,
 * ends the search and the view follows the newest lines again.
 */

static int	tui_search_match(struct tui *, struct cline *);
static u_int	tui_search_count(struct tui *, u_int *);

/* Does a line hold the text searched for? */
static int
tui_search_match(struct tui *t, struct cline *l)
{
	char	*s;
	int	 found;

	if (l->kind == CLINE_MARKER)
		return (0);
	s = utf8_casefold(l->text);
	found = strstr(s, t->search) != NULL;
	free(s);
	if (!found && l->nick != NULL) {
		s = utf8_casefold(l->nick);
		found = strstr(s, t->search) != NULL;
		free(s);
	}
	return (found);
}

/* Count the matches, and which of them (from the newest) is the hit. */
static u_int
tui_search_count(struct tui *t, u_int *pos)
{
	struct cbuf	*b = &t->search_room->buf;
	uint64_t	 first = b->total - b->count, i;
	u_int		 n = 0;

	*pos = 0;
	for (i = b->total; i > first; i--) {
		if (!tui_search_match(t, cbuf_get(b, i - 1 - first)))
			continue;
		n++;
		if (i - 1 == t->search_hit)
			*pos = n;
	}
	return (n);
}

/* Stop searching; the view follows the newest lines again. */
void
tui_search_end(struct tui *t)
{
	if (t->search == NULL)
		return;
	free(t->search);
	t->search = NULL;
	t->search_room = NULL;
	tui_scroll_bottom(t);
}

/* Go to the next match, older (dir < 0) or newer; beep if there is none. */
void
tui_search_step(struct tui *t, int dir)
{
	struct croom	*r = t->client->current;
	struct cbuf	*b = &r->buf;
	uint64_t	 first = b->total - b->count, i;

	if (t->search == NULL || t->search_room != r) {
		tui_search_end(t);
		beep();
		return;
	}
	i = t->search_hit;
	for (;;) {
		if (dir < 0 ? i <= first : i + 1 >= b->total) {
			beep();
			return;
		}
		i += dir < 0 ? -1 : 1;
		if (tui_search_match(t, cbuf_get(b, i - first)))
			break;
	}
	t->search_hit = i;
	t->search_total = tui_search_count(t, &t->search_pos);
	tui_scroll_to(t, i);
}

/* Start searching the window in view; the newest match is shown first. */
int
tui_search_start(struct tui *t, const char *text, char **cause)
{
	struct croom	*r = t->client->current;
	struct cbuf	*b = &r->buf;

	tui_search_end(t);
	if (text == NULL || *text == '\0')
		return (0);
	t->search = utf8_casefold(text);
	t->search_room = r;
	t->search_hit = b->total;
	tui_search_step(t, -1);
	if (t->search_hit == b->total) {
		xasprintf(cause, _("not found: %s"), text);
		tui_search_end(t);
		return (-1);
	}
	return (0);
}

/*
 * What the title bar says while searching: "search: text (2/5)" and the
 * keys; brief, for a narrow terminal, without the keys.  NULL when not
 * searching (brief is then left alone).
 */
char *
tui_search_title(struct tui *t, char **brief)
{
	char	*s;

	if (t->search == NULL || t->search_room != t->client->current)
		return (NULL);
	xasprintf(&s, _("search: %s (%u/%u) · Ctrl-R older, Alt-R newer"),
	    t->search, t->search_pos, t->search_total);
	/* TRANSLATORS: the search in a narrow title bar, without the keys. */
	xasprintf(brief, _("search: %s (%u/%u)"), t->search, t->search_pos,
	    t->search_total);
	return (s);
}

/* /search from the command table. */
int
tui_search_command(struct client *c, const char *text, char **cause)
{
	return (tui_search_start(c->ui->data, text, cause));
}

/* Is line i of the window in view the match to highlight? */
int
tui_search_is_hit(struct tui *t, struct croom *r, uint64_t i)
{
	return (t->search != NULL && t->search_room == r &&
	    t->search_hit == i);
}
