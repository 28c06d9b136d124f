/* SPDX-License-Identifier: ISC */
/* tui-input.c: line editor, key bindings and input history. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The input is one UTF-8 string with the cursor as a byte offset that
 * always sits between two grapheme clusters; every movement goes through
 * utf8_gc_next and utf8_gc_prev.  Keys are described in chatroom(1).
 */

#define TUI_CTRL(c)	((c) & 0x1f)

static int	tui_input_esc_seq(struct tui *, wint_t, int, int);
static void	tui_insert(struct tui *, const char *, size_t);
static void	tui_delete(struct tui *, size_t, size_t);
static void	tui_set(struct tui *, const char *);
static size_t	tui_word_left(struct tui *);
static size_t	tui_word_right(struct tui *);
static void	tui_submit(struct tui *);
static void	tui_submit_nick(struct tui *);
static void	tui_submit_trust(struct tui *);
static void	tui_hist_add(struct tui *, const char *);
static void	tui_hist_move(struct tui *, int);
static void	tui_held_add(struct tui *, char *, int);
static void	tui_room_step(struct tui *, int);
static int	tui_fkey(const char *);

/* The key code curses gives an extended key, or -1. */
static int
tui_fkey(const char *cap)
{
	char	*s = tigetstr(cap);
	int	 code;

	if (s == NULL || s == (char *)-1)
		return (-1);
	code = key_defined(s);
	return (code > 0 ? code : -1);
}

/*
 * Home and End as terminals send them whatever their description says
 * (under tmux, TERM=xterm-256color describes "\eOH" while tmux sends
 * "\e[1~"), taken as irssi and weechat take them.
 */
static const char *tui_input_home[] = {
	"\033[1~", "\033[7~", "\033[H", "\033OH"
};
static const char *tui_input_end[] = {
	"\033[4~", "\033[8~", "\033[F", "\033OF"
};

/* Teach curses the other sequences of Home and End. */
static void
tui_input_keys(void)
{
	size_t	i;

	for (i = 0; i < sizeof tui_input_home / sizeof tui_input_home[0]; i++) {
		if (key_defined(tui_input_home[i]) == 0)
			define_key(tui_input_home[i], KEY_HOME);
	}
	for (i = 0; i < sizeof tui_input_end / sizeof tui_input_end[0]; i++) {
		if (key_defined(tui_input_end[i]) == 0)
			define_key(tui_input_end[i], KEY_END);
	}
}

/* Start with an empty line. */
void
tui_input_init(struct tui *t)
{
	t->size = 256;
	t->buf = xmalloc(t->size);
	t->buf[0] = '\0';
	t->len = t->cur = t->first = 0;
	t->filter = xstrdup("");
	t->key_chome = tui_fkey("kHOM5");
	t->key_cend = tui_fkey("kEND5");
	tui_input_keys();
}

/*
 * Show a command's error (taken over), and maybe that the line is kept,
 * after the hub's answers to the requests typed before it: "/msg nobody"
 * then "/frob" shows "no such nick" before "unknown command".
 */
static void
tui_held_add(struct tui *t, char *cause, int kept)
{
	struct client	*c = t->client;
	struct tui_held	*h;

	if (cause == NULL && !kept)
		return;
	if (t->nheld == TUI_HELD_MAX)
		tui_held_flush(t, 1);
	h = &t->held[t->nheld++];
	h->text = cause;
	h->kept = kept;
	h->seq = c->seq;
	h->ms = now_ms();
	tui_held_flush(t, 0);
}

/*
 * Show the errors held whose requests before are answered, or all of
 * them (all set), or those held past TUI_HELD_WAIT: a slow hub does not
 * hide them for long.
 */
void
tui_held_flush(struct tui *t, int all)
{
	struct client	*c = t->client;
	struct tui_held	 h;
	int64_t		 now = now_ms();

	if (t->held_busy)
		return;		/* called back by its own notices */
	t->held_busy = 1;
	while (t->nheld > 0) {
		h = t->held[0];
		if (!all && now - h.ms < TUI_HELD_WAIT &&
		    client_send_awaits(c, h.seq))
			break;
		/* Out of the list first: the notices come back here. */
		memmove(&t->held[0], &t->held[1], --t->nheld * sizeof h);
		if (h.text != NULL)
			client_notice(c, c->current, CLINE_ERROR, "%s", h.text);
		if (h.kept)
			client_notice(c, c->current, CLINE_NOTICE, _("the line "
			    "is kept in the input history: Up brings it back"));
		free(h.text);
	}
	t->held_busy = 0;
}

/* Free the editor's memory. */
void
tui_input_free(struct tui *t)
{
	u_int	i;

	while (t->nheld > 0)
		free(t->held[--t->nheld].text);
	tui_comp_reset(t);
	for (i = 0; i < t->nhist; i++)
		free(t->hist[i]);
	free(t->hist_saved);
	free(t->buf);
	free(t->filter);
	t->buf = t->filter = t->hist_saved = NULL;
}

/* Empty the line. */
void
tui_input_clear(struct tui *t)
{
	tui_set(t, "");
	t->hist_pos = t->nhist;
}

/* Replace the whole line, for other parts of the client. */
void
tui_input_set(struct tui *t, const char *s)
{
	tui_set(t, s);
	t->hist_pos = t->nhist;
}

/* Insert text at the cursor, for other parts of the client. */
void
tui_input_insert(struct tui *t, const char *s, size_t n)
{
	tui_insert(t, s, n);
}

/* Delete the bytes in [from, to), for other parts of the client. */
void
tui_input_delete(struct tui *t, size_t from, size_t to)
{
	tui_delete(t, from, to);
}

/* Carry out the line as Enter does, for other parts of the client. */
void
tui_input_send(struct tui *t)
{
	tui_submit(t);
}

/* Replace the whole line, cursor at the end. */
static void
tui_set(struct tui *t, const char *s)
{
	t->len = t->cur = t->first = 0;
	t->buf[0] = '\0';
	tui_insert(t, s, strlen(s));
}

/* Insert bytes at the cursor. */
static void
tui_insert(struct tui *t, const char *s, size_t n)
{
	if (t->len + n > TUI_INPUT_MAX) {
		beep();
		return;
	}
	if (t->len + n + 1 > t->size) {
		/* Doubling: a big paste comes a character at a time. */
		t->size = t->len + n + 256;
		if (t->size < t->len * 2)
			t->size = t->len * 2;
		t->buf = xrealloc(t->buf, t->size);
	}
	memmove(t->buf + t->cur + n, t->buf + t->cur, t->len - t->cur + 1);
	memcpy(t->buf + t->cur, s, n);
	t->len += n;
	t->cur += n;
}

/* Delete the bytes in [from, to); the cursor goes to from. */
static void
tui_delete(struct tui *t, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(t->buf + from, t->buf + to, t->len - to + 1);
	t->len -= to - from;
	t->cur = from;
}

/* Start of the word before the cursor. */
static size_t
tui_word_left(struct tui *t)
{
	size_t	off = t->cur;

	while (off > 0 && (t->buf[off - 1] == ' ' || t->buf[off - 1] == '\n'))
		off--;
	while (off > 0 && t->buf[off - 1] != ' ' && t->buf[off - 1] != '\n')
		off--;
	return (off);
}

/* End of the word after the cursor. */
static size_t
tui_word_right(struct tui *t)
{
	size_t	off = t->cur;

	while (off < t->len && (t->buf[off] == ' ' || t->buf[off] == '\n'))
		off++;
	while (off < t->len && t->buf[off] != ' ' && t->buf[off] != '\n')
		off++;
	return (off);
}

/* Remember a line that was carried out. */
static void
tui_hist_add(struct tui *t, const char *line)
{
	if (t->nhist > 0 && strcmp(t->hist[t->nhist - 1], line) == 0)
		goto out;
	if (t->nhist == TUI_HISTORY) {
		free(t->hist[0]);
		memmove(t->hist, t->hist + 1, (TUI_HISTORY - 1) *
		    sizeof *t->hist);
		t->nhist--;
	}
	t->hist[t->nhist++] = xstrdup(line);
out:
	free(t->hist_saved);
	t->hist_saved = NULL;
	t->hist_pos = t->nhist;
}

/* Give a line back to the input history (a line the hub may not have). */
void
tui_input_recall(struct client *c, const char *line)
{
	tui_hist_add(c->ui->data, line);
}

/* Walk the input history; the line being typed is kept at the end. */
static void
tui_hist_move(struct tui *t, int dir)
{
	if (dir < 0) {
		if (t->hist_pos == 0)
			return;
		if (t->hist_pos == t->nhist) {
			free(t->hist_saved);
			t->hist_saved = xstrdup(t->buf);
		}
		tui_set(t, t->hist[--t->hist_pos]);
	} else {
		if (t->hist_pos >= t->nhist)
			return;
		if (++t->hist_pos == t->nhist)
			tui_set(t, t->hist_saved != NULL ? t->hist_saved : "");
		else
			tui_set(t, t->hist[t->hist_pos]);
	}
}

/* A new nick after the hub refused ours: log in again with it. */
static void
tui_submit_nick(struct tui *t)
{
	struct client	*c = t->client;
	char		*cause;

	if (proto_check_nick_local(t->buf, &cause) != 0) {
		client_notice(c, c->current, CLINE_ERROR, "%s", cause);
		free(cause);
		return;
	}
	free(c->nick);
	c->nick = xstrdup(t->buf);
	t->nick_prompt = 0;
	tui_input_clear(t);
	if (c->start_nick == NULL && !(c->flags & CLIENT_EVER_READY)) {
		/* A nick refused before any login: the logs are the next's. */
		client_log_free(c->log);
		c->log = NULL;
	}
	tui_log_start(t);
	c->flags |= CLIENT_RECONNECT;
	client_connect(c);
}

/* The answer to "trust this hub?". */
static void
tui_submit_trust(struct tui *t)
{
	struct client	*c = t->client;
	int		 yes;

	/*
	 * English answers, and the words of the user's language, in full
	 * and short ("o" for "oui" as apt's [O/n], "네" beside "예").
	 */
	if (strcasecmp(t->buf, "yes") == 0 || strcasecmp(t->buf, "y") == 0 ||
	    /* TRANSLATORS: the answer to "trust this hub?". */
	    strcasecmp(t->buf, _("yes")) == 0 ||
	    /* TRANSLATORS: "yes" shortened, or another everyday word for
	     * it, also taken as the answer to "trust this hub?". */
	    strcasecmp(t->buf, _("y")) == 0)
		yes = 1;
	else if (strcasecmp(t->buf, "no") == 0 ||
	    strcasecmp(t->buf, "n") == 0 ||
	    /* TRANSLATORS: the answer to "trust this hub?". */
	    strcasecmp(t->buf, _("no")) == 0 ||
	    /* TRANSLATORS: "no" shortened, or another everyday word for
	     * it, also taken as the answer to "trust this hub?". */
	    strcasecmp(t->buf, _("n")) == 0)
		yes = 0;
	else {
		client_notice(c, c->current, CLINE_ERROR,
		    _("please type yes or no"));
		tui_input_clear(t);
		return;
	}
	t->trust_prompt = 0;
	tui_input_clear(t);
	if (!yes) {
		free(t->exit_msg);
		t->exit_msg = xstrdup(_("chatroom: the hub's certificate was "
		    "not trusted\n"));
		t->rc = 1;
	}
	client_tls_trust(c, yes);
}

/*
 * Enter: carry out the line.  A line the client refused (a mistyped
 * command) or a good line that could not go (not connected) goes to the
 * input history and the input is cleared, as irssi and weechat do, so
 * that what is typed next does not run into it: Up brings it back to fix
 * or send again.  A message typed while the client reconnects is not
 * refused but held (see client_send_hold_typed), as any line sent.
 */
static void
tui_submit(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*before = c->current;
	char		*line, *cause;
	int		 rc, kept;

	if (t->trust_prompt) {
		tui_submit_trust(t);
		return;
	}
	if (t->nick_prompt) {
		tui_submit_nick(t);
		return;
	}
	if (t->len == 0 && (c->flags & CLIENT_TAKEN)) {
		client_take_back(c);
		return;
	}
	if (t->len == 0 || tui_paste_ask(t))
		return;
	/* A paste's last newline would send an empty last line. */
	line = xstrndup(t->buf, tui_paste_end(t->buf, t->len));
	if (*line == '\0') {
		free(line);
		tui_set(t, "");
		return;
	}
	/* A command that switches windows must not leave itself behind. */
	t->submitting = 1;
	rc = cmd_execute(c, line, &cause);
	t->submitting = 0;
	if (rc == CMD_ONE_LINE) {
		/* Nothing lost: the lines stay to be sent one at a time. */
		client_notice(c, c->current, CLINE_ERROR, "%s", cause);
		client_notice(c, c->current, CLINE_NOTICE, _("the text is kept "
		    "in the input line: send its lines one at a time"));
		free(cause);
		free(line);
		return;
	}
	if (rc != 0) {
		tui_set(t, "");
		/* Up brings it back, but for a password (see cmd-ircpass.c). */
		kept = !cmd_ircpass_secret(line);
		if (kept)
			tui_hist_add(t, line);
		tui_held_add(t, cause, kept && rc == CLIENT_NOT_SENT);
		free(line);
		return;
	}
	if (!cmd_ircpass_secret(line))
		tui_hist_add(t, line);
	free(line);
	if (c->current == before)
		tui_set(t, "");
	if (t->search == NULL)
		tui_scroll_bottom(t);
}

/* The n-th entry of the room list: 0 is the status window. */
struct croom *
tui_room_at(struct tui *t, u_int n)
{
	return (client_window(t->client, n));
}

/* Show another room, where it was left (tui_scroll_show). */
void
tui_switch(struct tui *t, struct croom *r)
{
	if (r == NULL)
		return;
	client_switch(t->client, r);
	tui_scroll_show(t, r);
}

/* Ctrl-N and Ctrl-P: the next or previous entry of the room list. */
static void
tui_room_step(struct tui *t, int dir)
{
	struct client	*c = t->client;
	struct croom	*r;
	u_int		 n = 0, cur = 0;

	while ((r = tui_room_at(t, n)) != NULL) {
		if (r == c->current)
			cur = n;
		n++;
	}
	if (n == 0)
		return;
	tui_switch(t, tui_room_at(t, (cur + n + dir) % n));
}

/*
 * Swallow the rest of an escape sequence curses did not decode (a key
 * the terminal's description lacks, as Home under a wrong TERM sends
 * "\e[1~"): CSI's parameters and intermediates up to its final byte, or
 * SS3's one character.  irssi drops them too; typed, "[1~" went into the
 * message.  1 if the key was part of one.
 */
static int
tui_input_esc_seq(struct tui *t, wint_t ch, int key, int meta)
{
	if (t->esc_seq == 0)
		return (0);
	if (key || meta) {
		t->esc_seq = 0;
		return (0);
	}
	if (t->esc_seq == 'O') {
		t->esc_seq = 0;
		return (ch >= 0x20 && ch <= 0x7e);
	}
	if (ch >= 0x20 && ch <= 0x3f)
		return (1);		/* parameters, intermediates */
	t->esc_seq = 0;
	return (ch >= 0x40 && ch <= 0x7e);	/* the final byte */
}

/*
 * One key from the keyboard: a curses key code (key), a character, or
 * either after Esc (meta, for Alt).
 */
void
tui_input_key(struct tui *t, wint_t ch, int key, int meta)
{
	char	buf[8];

	if (tui_input_esc_seq(t, ch, key, meta))
		return;
	if (key || meta || ch != '\t')
		tui_comp_reset(t);
	tui_dirty(t);
	if (tui_paste_answer(t, ch, key, meta) ||
	    tui_paste_key(t, ch, key, meta) || tui_mouse_key(t, ch, key))
		return;
	if (t->picker) {
		tui_picker_key(t, ch, key, meta);
		return;
	}
	if (key) {
		switch (ch) {
		case KEY_LEFT:
			t->cur = utf8_gc_prev(t->buf, t->cur);
			break;
		case KEY_RIGHT:
			t->cur = utf8_gc_next(t->buf, t->len, t->cur);
			break;
		case KEY_HOME:
			if (t->len == 0)
				tui_scroll_top(t);
			else
				t->cur = 0;
			break;
		case KEY_END:
			if (t->len == 0)
				tui_scroll_bottom(t);
			else
				t->cur = t->len;
			break;
		case KEY_BACKSPACE:
			/* Alt-Backspace can come as Esc, KEY_BACKSPACE. */
			if (meta)
				tui_delete(t, tui_word_left(t), t->cur);
			else
				tui_delete(t, utf8_gc_prev(t->buf, t->cur),
				    t->cur);
			break;
		case KEY_DC:
			tui_delete(t, t->cur, utf8_gc_next(t->buf, t->len,
			    t->cur));
			break;
		case KEY_UP:
			tui_hist_move(t, -1);
			break;
		case KEY_DOWN:
			tui_hist_move(t, 1);
			break;
		case KEY_PPAGE:
			tui_scroll(t, tui_scroll_page(t));
			break;
		case KEY_NPAGE:
			tui_scroll(t, -tui_scroll_page(t));
			break;
		case KEY_SR:
			tui_scroll(t, 1);
			break;
		case KEY_SF:
			tui_scroll(t, -1);
			break;
		case KEY_ENTER:
			tui_submit(t);
			break;
		default:
			if (ch == KEY_F(1))
				cmd_keys_help(t->client);
			else if (ch == KEY_F(3))
				tui_nicklist_toggle(t);
			else if (ch == KEY_F(2))
				tui_picker_open(t);
			else if ((int)ch == t->key_chome)
				tui_scroll_top(t);
			else if ((int)ch == t->key_cend)
				tui_scroll_bottom(t);
			break;
		}
		return;
	}
	if (meta) {
		switch (ch) {
		case '\r':
		case '\n':
			tui_insert(t, "\n", 1);
			break;
		case 'a':
			tui_hotlist_next(t);
			break;
		case 'r':
			tui_search_step(t, 1);
			break;
		case 'b':
			t->cur = tui_word_left(t);
			break;
		case 'f':
			t->cur = tui_word_right(t);
			break;
		case 'd':
			tui_delete(t, t->cur, tui_word_right(t));
			break;
		case 127:
		case TUI_CTRL('h'):
			tui_delete(t, tui_word_left(t), t->cur);
			break;
		default:
			if (ch >= '0' && ch <= '9') {
				tui_switch(t, tui_room_at(t, ch - '0'));
				break;
			}
			/* A key curses did not know (a TERM that is not right). */
			if (ch == '[' || ch == 'O') {
				t->esc_seq = ch;
				break;
			}
			/*
			 * Esc and then a character no Alt binding has: it
			 * goes in as typed.  Swallowed, the '/' of a quick
			 * "Esc, /oper PASSWORD" sent the password to the
			 * room as a message.
			 */
			if (ch >= ' ' && ch != 127)
				tui_input_key(t, ch, 0, 0);
			break;
		}
		return;
	}
	switch (ch) {
	case '\r':
	case '\n':
		tui_submit(t);
		break;
	case '\t':
		tui_comp_word(t);
		break;
	case TUI_CTRL('a'):
		t->cur = 0;
		break;
	case TUI_CTRL('e'):
		t->cur = t->len;
		break;
	case TUI_CTRL('b'):
		t->cur = utf8_gc_prev(t->buf, t->cur);
		break;
	case TUI_CTRL('f'):
		t->cur = utf8_gc_next(t->buf, t->len, t->cur);
		break;
	case TUI_CTRL('d'):
		tui_delete(t, t->cur, utf8_gc_next(t->buf, t->len, t->cur));
		break;
	case 127:
	case TUI_CTRL('h'):
		tui_delete(t, utf8_gc_prev(t->buf, t->cur), t->cur);
		break;
	case TUI_CTRL('u'):
		tui_delete(t, 0, t->cur);
		break;
	case TUI_CTRL('k'):
		tui_delete(t, t->cur, t->len);
		break;
	case TUI_CTRL('w'):
		tui_delete(t, tui_word_left(t), t->cur);
		break;
	case TUI_CTRL('l'):
		clearok(curscr, TRUE);
		break;
	case TUI_CTRL('r'):
		if (t->search != NULL)
			tui_search_step(t, -1);
		else if (t->len == 0)
			tui_set(t, "/search ");
		else
			beep();
		break;
	case TUI_CTRL('g'):
		tui_picker_open(t);
		break;
	case TUI_CTRL('n'):
		tui_room_step(t, 1);
		break;
	case TUI_CTRL('p'):
		tui_room_step(t, -1);
		break;
	case 27:
		tui_search_end(t);
		break;
	default:
		if (ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF) ||
		    utf8_is_unsafe(ch))
			break;
		tui_insert(t, buf, utf8_encode(ch, buf));
		break;
	}
}
