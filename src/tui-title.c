/* SPDX-License-Identifier: ISC */
/* tui-title.c: the terminal's title, and notifications through the terminal. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The terminal's title (OSC 2) names the window in view and counts the
 * unread messages elsewhere, "chatroom: #lobby (3)", so that a minimised
 * terminal or a tab shows when something came.  The title the terminal had
 * is saved on its title stack at start and put back at exit (CSI 22 t and
 * CSI 23 t, which xterm, VTE, kitty and others know).  The Linux console
 * and dumb terminals get nothing.
 *
 * With NOTIFY=osc777 or NOTIFY=osc9, a mention or a direct message that
 * arrives also asks the terminal for a desktop notification (OSC 777, as
 * rxvt-unicode, foot and VTE take it, or OSC 9, as iTerm2, kitty and
 * Windows Terminal do).  Text from the network is sanitised and stripped
 * of anything that could end the sequence.
 */

#define TUI_TITLE_MAX	200	/* bytes of text in a title or notification */

static int	tui_title_usable(void);
static void	tui_title_osc(const char *, const char *, const char *);

/* Can the terminal take a title? */
static int
tui_title_usable(void)
{
	const char	*term = getenv("TERM");

	return (term != NULL && strcmp(term, "dumb") != 0 &&
	    strncmp(term, "linux", 5) != 0);
}

/* Write an OSC sequence: prefix, text made safe, the bell that ends it. */
static void
tui_title_osc(const char *prefix, const char *a, const char *b)
{
	char	*s, *safe;
	size_t	 len;

	xasprintf(&s, "%s%s", a, b != NULL ? b : "");
	safe = utf8_sanitize(s, strlen(s), 0);
	len = utf8_fit(safe, strlen(safe), TUI_TITLE_MAX, NULL);
	printf("\033]%s%.*s\007", prefix, (int)len, safe);
	fflush(stdout);
	free(safe);
	free(s);
}

/* Save the terminal's title, to be put back by tui_title_stop. */
void
tui_title_start(struct tui *t)
{
	if (!t->set_title || !tui_title_usable())
		return;
	fputs("\033[22;0t", stdout);
	fflush(stdout);
	t->title_on = 1;
}

/* Put the terminal's own title back. */
void
tui_title_stop(struct tui *t)
{
	if (!t->title_on)
		return;
	fputs("\033[23;0t", stdout);
	fflush(stdout);
	t->title_on = 0;
}

/* Set the title if what it says has changed; after each draw. */
void
tui_title_update(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r;
	char		*title, *where;
	u_int		 unread = 0;

	if (!t->title_on)
		return;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->current)
			unread += r->unread;
	}
	if (c->current == c->status)
		where = xstrdup(c->host);
	else
		xasprintf(&where, "%s%s", (c->current->flags & CROOM_DM) ?
		    "@" : "#", c->current->name);
	if (unread > 0)
		xasprintf(&title, "chatroom: %s (%u)", where, unread);
	else
		xasprintf(&title, "chatroom: %s", where);
	free(where);
	if (t->title != NULL && strcmp(t->title, title) == 0) {
		free(title);
		return;
	}
	free(t->title);
	t->title = title;
	tui_title_osc("2;", title, NULL);
}

/* A new line: ask for a notification if it is a mention or a DM. */
void
tui_title_notify(struct tui *t, struct croom *r, struct cline *l)
{
	char	*head;

	if (t->set_notify == TUI_NOTIFY_OFF ||
	    (l->flags & (CLINE_HISTORY | CLINE_SELF)) || l->nick == NULL)
		return;
	if (!(l->flags & CLINE_MENTION) && CLINE_HEAD_KIND(l) != CLINE_DM)
		return;
	if (r->flags & CROOM_DM)
		xasprintf(&head, "%s: ", l->nick);
	else
		xasprintf(&head, "#%s <%s> ", r->name, l->nick);
	/* Semicolons would end the title field of OSC 777. */
	if (t->set_notify == TUI_NOTIFY_OSC777) {
		tui_title_osc("777;notify;chatroom;", head, l->text);
	} else
		tui_title_osc("9;", head, l->text);
	free(head);
}
