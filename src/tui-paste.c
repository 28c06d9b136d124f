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
 * TUI_PASTE_ASK lines first asks "send N lines?".  Text longer than a
 * message may be, as a big paste is, is offered as several messages of
 * whole lines instead, "send M messages?", which go in order through the
 * client's queue (the hub's flood control paces them).  A paste is cut,
 * with a notice, only past TUI_PASTE_LINES lines or TUI_INPUT_MAX bytes.
 */

#define TUI_PASTE_START	(KEY_MAX + 1)
#define TUI_PASTE_END	(KEY_MAX + 2)
#define TUI_PASTE_WAIT	200	/* ms for the rest of a character */

static void	tui_paste_cut(struct tui *, int);
static int	tui_paste_plain(struct tui *);
static size_t	tui_paste_part(const char *, size_t, size_t, size_t *);
static u_int	tui_paste_parts(struct tui *);
static void	tui_paste_send(struct tui *);

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
	size_t	n;

	/*
	 * A paste reaches the client in pieces, which may end inside a
	 * character; wget_wch in nodelay mode then gives up on the part
	 * read so far and throws the next hundred and more bytes away as it
	 * looks for the start of a character.  While pasting, it waits a
	 * little for the rest instead.
	 */
	if (key && ch == TUI_PASTE_START) {
		t->pasting = 1;
		t->paste_from = t->cur;
		t->paste_lines = 1;
		t->paste_cut = 0;
		wtimeout(stdscr, TUI_PASTE_WAIT);
		return (1);
	}
	if (key && ch == TUI_PASTE_END) {
		t->pasting = 0;
		nodelay(stdscr, TRUE);
		return (1);
	}
	if (!t->pasting || t->picker || t->trust_prompt || t->nick_prompt)
		return (0);
	if (key || meta || t->paste_cut)
		return (1);
	if (ch == '\r' || ch == '\n')
		n = utf8_encode('\n', buf);
	else if (ch == '\t')
		n = utf8_encode(' ', buf);
	else if (ch <= 0x10FFFF && (ch < 0xD800 || ch > 0xDFFF) &&
	    !utf8_is_unsafe(ch))
		n = utf8_encode(ch, buf);
	else
		return (1);
	/* A newline after the last line taken may end the paste: no cut. */
	if (*buf == '\n' && t->paste_lines >= TUI_PASTE_LINES) {
		t->paste_lines = TUI_PASTE_LINES + 1;
		return (1);
	}
	if (t->paste_lines > TUI_PASTE_LINES) {
		tui_paste_cut(t, 0);
		return (1);
	}
	if (t->len + n > TUI_INPUT_MAX) {
		tui_paste_cut(t, 1);
		return (1);
	}
	tui_input_insert(t, buf, n);
	if (*buf == '\n')
		t->paste_lines++;
	return (1);
}

/*
 * The paste is too big for the input line: drop the rest of it, from the
 * end of its last whole line (from the cursor if the first line is too
 * long alone), and say where it was cut rather than beep at each
 * character.
 */
static void
tui_paste_cut(struct tui *t, int mid_line)
{
	struct client	*c = t->client;
	size_t		 i;
	u_int		 kept = TUI_PASTE_LINES;

	t->paste_cut = 1;
	if (mid_line) {
		for (i = t->cur; i > t->paste_from; i--) {
			if (t->buf[i - 1] == '\n')
				break;
		}
		kept = t->paste_lines - 1;
		if (i > t->paste_from) {
			/* The newline before the partial line too. */
			tui_input_delete(t, i - 1, t->cur);
		} else
			kept = 0;
	}
	if (kept == 0)
		client_notice(c, c->current, CLINE_ERROR, _("pasted text cut "
		    "inside its first line: the input line takes at most %d "
		    "lines and %d KiB; the rest was not pasted"),
		    TUI_PASTE_LINES, TUI_INPUT_MAX / 1024);
	else
		client_notice(c, c->current, CLINE_ERROR, _("pasted text cut "
		    "after line %u: the input line takes at most %d lines and "
		    "%d KiB; the rest was not pasted"), kept, TUI_PASTE_LINES,
		    TUI_INPUT_MAX / 1024);
	tui_dirty(t);
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
 * Is the input text for the window in view, rather than a command or a
 * direct message written as "@nick text"?  Only such text is offered as
 * several messages.
 */
static int
tui_paste_plain(struct tui *t)
{
	if (t->buf[0] == '/')
		return (0);
	if (t->buf[0] == '@' && t->buf[1] != '\0' && t->buf[1] != ' ')
		return (0);
	return (1);
}

/*
 * Where the message that starts at off in text of len bytes ends, and in
 * *next where the one after it starts: after as many whole lines as fit in
 * CR_TEXT_MAX characters, or, for a line too long alone, where it may wrap
 * before the limit, as utf8_cut has it (after a word, its spaces left out,
 * or between two ideographs), a word being cut only when it is longer
 * than a message.
 */
static size_t
tui_paste_part(const char *s, size_t len, size_t off, size_t *next)
{
	const char	*nl;
	size_t		 end = off, eol, chars = 0, n, lines = 0;

	while (end < len && lines < CR_TEXT_LINES_MAX) {
		nl = memchr(s + end, '\n', len - end);
		eol = nl != NULL ? (size_t)(nl - s) : len;
		n = utf8_strlen(s + end, eol - end) + (end > off ? 1 : 0);
		if (chars + n > CR_TEXT_MAX)
			break;
		chars += n;
		lines++;
		end = eol;
		if (end < len)
			end++;	/* on to the next line, after the newline */
	}
	if (end > off) {
		if (end < len || s[end - 1] == '\n')
			end--;	/* the newline is no text */
		*next = end;
		return (end);
	}
	/* One line alone is too long: as much of it as fits. */
	nl = memchr(s + off, '\n', len - off);
	eol = nl != NULL ? (size_t)(nl - s) : len;
	n = utf8_cut(s + off, eol - off, CR_TEXT_MAX, next);
	*next += off;
	return (off + n);
}

/* How many messages the input text makes; 1 if it is sent as it is. */
static u_int
tui_paste_parts(struct tui *t)
{
	size_t	len = tui_paste_end(t->buf, t->len), off = 0;
	u_int	n = 0;

	if (!tui_paste_plain(t) || (utf8_strlen(t->buf, len) <= CR_TEXT_MAX &&
	    tui_paste_lines(t) <= CR_TEXT_LINES_MAX))
		return (1);
	while (off < len) {
		tui_paste_part(t->buf, len, off, &off);
		if (off < len && t->buf[off] == '\n')
			off++;
		n++;
	}
	return (n);
}

/*
 * Enter was pressed: should the user first say yes to sending this many
 * lines, or to sending text too long for one message as several?  Returns
 * 1 if the question is now being asked.
 */
int
tui_paste_ask(struct tui *t)
{
	u_int	parts;

	if (t->send_ask || t->trust_prompt || t->nick_prompt)
		return (0);
	if ((parts = tui_paste_parts(t)) == 1 &&
	    tui_paste_lines(t) <= TUI_PASTE_ASK)
		return (0);
	t->send_ask = parts;
	if (parts > 1 && utf8_strlen(t->buf, tui_paste_end(t->buf,
	    t->len)) <= CR_TEXT_MAX) {
		client_notice(t->client, t->client->current, CLINE_NOTICE,
		    _("too many lines for one message (at most %d): its %u "
		    "lines would go as %u messages, in order"),
		    CR_TEXT_LINES_MAX, tui_paste_lines(t), parts);
	} else if (parts > 1) {
		client_notice(t->client, t->client->current, CLINE_NOTICE,
		    ngettext("too long for one message (%zu characters, at "
		    "most %d): its %u line would go as %u messages, in order",
		    "too long for one message (%zu characters, at most %d): "
		    "its %u lines would go as %u messages, in order",
		    tui_paste_lines(t)), utf8_strlen(t->buf,
		    tui_paste_end(t->buf, t->len)), CR_TEXT_MAX,
		    tui_paste_lines(t), parts);
	}
	return (1);
}

/*
 * Send text too long for one message as several, in order, to the window
 * in view.  What cannot go (not connected, too many lines waiting) stays
 * in the input line, and a notice says how much went.
 */
static void
tui_paste_send(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r = c->current;
	size_t		 len = tui_paste_end(t->buf, t->len), off = 0, end;
	size_t		 next;
	char		*text, *cause = NULL, *rest;
	u_int		 sent = 0, parts = t->send_ask;
	int		 flags = 0;

	if (r == c->status) {
		text = cmd_no_room(c);
		client_notice(c, r, CLINE_ERROR, "%s", text);
		free(text);
		return;
	}
	if (r->flags & CROOM_DM)
		flags |= CLIENT_SAY_DM;
	while (off < len) {
		end = tui_paste_part(t->buf, len, off, &next);
		text = xstrndup(t->buf + off, end - off);
		/* A part of nothing but blanks is no message to the hub. */
		if (text[strspn(text, " \n")] != '\0' &&
		    client_send_say(c, r->name, flags, text, NULL,
		    &cause) != 0) {
			free(text);
			break;
		}
		free(text);
		off = next;
		if (off < len && t->buf[off] == '\n')
			off++;
		sent++;
	}
	if (off >= len) {
		tui_input_set(t, "");
		tui_scroll_bottom(t);
		return;
	}
	if (cause != NULL) {
		client_notice(c, c->current, CLINE_ERROR, "%s", cause);
		free(cause);
	}
	client_notice(c, c->current, CLINE_ERROR, ngettext("%u of %u "
	    "message was sent; the rest stays in the input line",
	    "%u of %u messages were sent; the rest stays in the input line",
	    parts), sent, parts);
	rest = xstrndup(t->buf + off, t->len - off);
	tui_input_set(t, rest);
	free(rest);
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
		/*
		 * The locale's answers, else the prompt's own letters: with
		 * LANGUAGE=fr under LANG=C the prompt says (o/n) and the
		 * locale knows only y.
		 */
		if ((yes = rpmatch(buf)) == -1) {
			/* TRANSLATORS: the keys that answer yes to a "(y/n)"
			 * question (keep y and Y), then those for no. */
			yes = strstr(_("yY"), buf) != NULL ? 1 :
			    strstr(_("nN"), buf) != NULL ? 0 : -1;
		}
		if (yes == -1) {
			beep();
			return (1);
		}
	}
	if (yes && t->send_ask > 1)
		tui_paste_send(t);
	else if (yes)
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

	/* Short: the prompt may have a third of the width. */
	if (t->send_ask > 1)
		xasprintf(&s, ngettext("send %d message? (y/n) ",
		    "send %d messages? (y/n) ", t->send_ask), t->send_ask);
	else
		xasprintf(&s, ngettext("send %u line? (y/n) ",
		    "send %u lines? (y/n) ", n), n);
	return (s);
}
