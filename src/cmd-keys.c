/* SPDX-License-Identifier: ISC */
/* cmd-keys.c: the key bindings of the terminal client, for /help keys and F1. */

#include <sys/types.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * chatroom(1) describes every key at length; this is the short list the
 * client shows.  It lives with the commands because /help shows it.
 */

struct cmd_keys_entry {
	const char	*keys;
	const char	*help;
};

static const struct cmd_keys_entry cmd_keys_table[] = {
	/*
	 * TRANSLATORS: key names as keyboards in your language print them,
	 * one name a key, the same as in the other messages (Enter, Esc).
	 */
	{ N_("Left, Right, Ctrl-B, Ctrl-F"), N_("move one character") },
	{ N_("Alt-B, Alt-F"), N_("move one word") },
	{ N_("Ctrl-A, Ctrl-E, Home, End"), N_("go to the start or end of the "
	  "line") },
	{ N_("Backspace, Delete, Ctrl-D"), N_("delete a character") },
	{ N_("Ctrl-W, Alt-Backspace, Alt-D"), N_("delete a word") },
	{ N_("Ctrl-U, Ctrl-K"), N_("delete to the start or end of the line") },
	{ N_("Alt-Enter"), N_("start a new line in the message") },
	{ N_("Up, Down"), N_("walk through the lines typed before") },
	{ N_("Tab"), N_("complete a command, room or nick") },
	{ N_("PgUp, PgDn, Shift-Up, Shift-Down"), N_("scroll the scrollback") },
	{ N_("Ctrl-Home, Ctrl-End"), N_("scroll to the top or the bottom") },
	{ N_("Home, End"), N_("scroll to the top or the bottom when the input "
	  "line is empty") },
	{ N_("Alt-0 ... Alt-9, Ctrl-N, Ctrl-P"), N_("switch windows") },
	{ N_("Alt-A"), N_("go to the window that most wants attention") },
	{ N_("Ctrl-R, Alt-R"), N_("search the scrollback: an older or a newer "
	  "match") },
	{ N_("Esc"), N_("stop searching") },
	{ N_("F2, Ctrl-G"), N_("open the room picker") },
	{ N_("F3"), N_("show or hide the members of the room") },
	{ N_("Ctrl-L"), N_("redraw the screen") },
	{ N_("F1"), N_("show this list") },
};

/* List the key bindings in the window in view. */
void
cmd_keys_help(struct client *c)
{
	size_t	i;

	client_notice_shown(c, c->current, _("keys:"));
	for (i = 0; i < sizeof cmd_keys_table / sizeof cmd_keys_table[0];
	    i++)
		client_notice_shown(c, c->current, "  %s — %s",
		    _(cmd_keys_table[i].keys), _(cmd_keys_table[i].help));
	client_notice_shown(c, c->current,
	    _("chatroom(1) describes every key"));
}
