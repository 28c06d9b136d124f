/* SPDX-License-Identifier: ISC */
/* tui-paste.c: bracketed paste into the input line, and "send N lines?". */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The terminal is asked to bracket pasted text with ESC [ 200 ~ and
 * ESC [ 201 ~ (mode 2004); curses hands each bracket over as a key code of
 * ours.  In between, Enter and newlines go into the input line instead of
 * sending it, so a pasted block becomes one message of several lines that
 * the user can still look over.  Sending a message of more than
 * TUI_PASTE_ASK lines first asks "send N lines?".
 */

#define TUI_PASTE_START	(KEY_MAX + 1)
#define TUI_PASTE_END	(KEY_MAX + 2)

/* Turn bracketed paste on; curses learns the two brackets. */
void
tui_paste_start(void)
{
	define_key("\033[200~", TUI_PASTE_START);
	define_key("\033[201~", TUI_PASTE_END);
	fputs("\033[?2004h", stdout);
	fflush(stdout);
}

/* Turn it off again, before the terminal is given back. */
void
tui_paste_stop(void)
{
	fputs("\033[?2004l", stdout);
	fflush(stdout);
}

/*
 * Look at a key first: the brackets, and keys inside a paste, which are
 * text.  Returns 1 if the key was taken.
 */
int
tui_paste_key(struct tui *t, wint_t ch, int key, int meta)
{
	char	buf[8];

	if (key && ch == TUI_PASTE_START) {
		t->pasting = 1;
		return (1);
	}
	if (key && ch == TUI_PASTE_END) {
		t->pasting = 0;
		return (1);
	}
	if (!t->pasting || t->picker || t->trust_prompt || t->nick_prompt)
		return (0);
	if (key || meta)
		return (1);
	if (ch == '\r' || ch == '\n')
		tui_input_insert(t, "\n", 1);
	else if (ch == '\t')
		tui_input_insert(t, " ", 1);
	else if (ch <= 0x10FFFF && (ch < 0xD800 || ch > 0xDFFF) &&
	    !utf8_is_unsafe(ch))
		tui_input_insert(t, buf, utf8_encode(ch, buf));
	return (1);
}

/*
 * How many lines the input has, not counting the newlines at its end (a
 * pasted block usually ends with one), which are not sent.
 */
u_int
tui_paste_lines(struct tui *t)
{
	u_int	n = 1;
	size_t	i;

	for (i = tui_paste_end(t->buf, t->len); i > 0; i--) {
		if (t->buf[i - 1] == '\n')
			n++;
	}
	return (n);
}

/* Where the text ends without its trailing newlines. */
size_t
tui_paste_end(const char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	return (len);
}

/*
 * Enter was pressed: should the user first say yes to sending this many
 * lines?  Returns 1 if the question is now being asked.
 */
int
tui_paste_ask(struct tui *t)
{
	if (t->send_ask || tui_paste_lines(t) <= TUI_PASTE_ASK ||
	    t->trust_prompt || t->nick_prompt)
		return (0);
	t->send_ask = 1;
	return (1);
}

/*
 * A key while "send N lines?" is asked: yes sends, no goes back to
 * editing with the text kept.  Returns 1 if the key was taken.
 */
int
tui_paste_answer(struct tui *t, wint_t ch, int key, int meta)
{
	char	buf[8];
	int	yes;

	if (!t->send_ask)
		return (0);
	if (key && ch == KEY_ENTER)
		yes = 1;
	else if (key || meta)
		return (1);
	else if (ch == '\r' || ch == '\n')
		yes = 1;
	else if (ch == 27 || ch == ('g' & 0x1f))
		yes = 0;
	else {
		if (ch > 0x10FFFF || utf8_is_unsafe(ch))
			return (1);
		buf[utf8_encode(ch, buf)] = '\0';
		if ((yes = rpmatch(buf)) == -1)
			yes = strchr("yY", buf[0]) != NULL ? 1 :
			    strchr("nN", buf[0]) != NULL ? 0 : -1;
		if (yes == -1) {
			beep();
			return (1);
		}
	}
	if (yes)
		tui_input_send(t);
	t->send_ask = 0;
	tui_dirty(t);
	return (1);
}

/* The prompt while the question is asked. */
char *
tui_paste_prompt(struct tui *t)
{
	char	*s;
	u_int	 n = tui_paste_lines(t);

	xasprintf(&s, ngettext("send %u line? (y/n) ",
	    "send %u lines? (y/n) ", n), n);
	return (s);
}
