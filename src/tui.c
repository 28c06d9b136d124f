/* SPDX-License-Identifier: ISC */
/* tui.c: the terminal client: curses setup and teardown, the event loop. */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include <event2/event.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * This file alone starts and ends curses.  One libevent loop drives the
 * socket and the keyboard: the stdin read event drains wget_wch (in nodelay
 * mode) and every change only marks the screen dirty; a timer redraws at
 * most once per loop pass and at most every TUI_FRAME_MS, so a flood of
 * messages costs a few redraws a second and never delays typing.
 */

static void	tui_line(struct client *, struct croom *, struct cline *);
static void	tui_state(struct client *);
static void	tui_roomlist(struct client *);
static void	tui_error(struct client *, enum proto_err, const char *);
static void	tui_closed(struct client *, int);
static void	tui_ask_trust(struct client *, const char *);
static void	tui_first_login(struct tui *);
static void	tui_ask_nick(struct tui *);
static void	tui_offer_picker(struct tui *);
static int	tui_hung_up(void);
static void	tui_stdin_cb(evutil_socket_t, short, void *);
static void	tui_redraw_cb(evutil_socket_t, short, void *);
static void	tui_tick_cb(evutil_socket_t, short, void *);
static void	tui_winch_cb(evutil_socket_t, short, void *);
static void	tui_signal_cb(evutil_socket_t, short, void *);
static void	tui_fatal_hook(void);
static int	tui_start(struct tui *);
static void	tui_colours(struct tui *);
static void	tui_stop(struct tui *);
static void	tui_free(struct tui *);

/* Curses is running; the fatal hook must end it. */
static int	tui_curses_on;

/* A new scrollback line: ring the bell for a mention out of view. */
static void
tui_line(struct client *c, struct croom *r, struct cline *l)
{
	struct tui	*t = c->ui->data;

	if ((l->flags & CLINE_MENTION) &&
	    !(l->flags & (CLINE_HISTORY | CLINE_SELF)) &&
	    (r != c->current || t->scrolled))
		beep();
	/* An answer's error is shown: those typed after it follow. */
	tui_held_flush(t, 0);
	tui_title_notify(t, r, l);
	/* What was missed, replayed in view: from the marker on. */
	if (r->flags & CROOM_TOMARK) {
		tui_marks_hold(t, r);
		if (!(l->flags & CLINE_HISTORY))
			r->flags &= ~CROOM_TOMARK;
	}
	tui_dirty(t);
}

/*
 * The connection state or the current room changed.  A room that was left
 * is freed before this is called, so the view must not outlive it.
 */
static void
tui_state(struct client *c)
{
	struct tui	*t = c->ui->data;

	/* The conversations and room last open: see client-last.c. */
	client_last_reopen(c);
	if (client_last_apply(c))
		return;		/* the switch called us again */
	client_last_note(c);
	if (t->view != c->current) {
		tui_scroll_show(t, c->current);
		tui_search_end(t);
	}
	tui_draft_switch(t);
	if (c->state == CLIENT_WAITING)
		t->retry_ms = now_ms() + (int64_t)c->backoff * 1000;
	if (c->state != CLIENT_READY)
		t->comp_rooms = 0;	/* the answer to Tab's /rooms is lost */
	if (c->state == CLIENT_READY && t->nick_prompt) {
		/* A hub let us in after all: there is nothing to answer. */
		t->nick_prompt = 0;
		tui_input_clear(t);
		c->flags |= CLIENT_RECONNECT;
	}
	if (c->state == CLIENT_READY && !t->greeted) {
		t->greeted = 1;
		tui_first_login(t);
	}
	tui_dirty(t);
}

/*
 * Logged in for the first time.  Unless the target named a room (which
 * the client joins by itself) or the client joins the rooms of its last
 * run again (client-last.c), ask for the hub's rooms: if there are
 * others than the lobby, the picker offers them.
 */
static void
tui_first_login(struct tui *t)
{
	struct client	*c = t->client;
	char		*cause;

	if (c->room != NULL || c->last_rejoined > 0)
		return;
	if (cmd_execute(c, "/rooms", &cause) == 0)
		t->picker_offer = 1;
	free(cause);
}

/*
 * The first list of rooms: open the picker if there is a choice, unless
 * the user is in rooms already, or took over a session that was, even
 * in the lobby alone, as a client started again does with the session
 * its predecessor left: the choice was made then.
 */
static void
tui_offer_picker(struct tui *t)
{
	struct client	*c = t->client;
	struct croom	*r;
	u_int		 i;

	t->picker_offer = 0;
	for (i = 0; i < c->nroomlist; i++) {
		if (strcmp(c->roomlist[i].name, CR_LOBBY) != 0)
			break;
	}
	if (i == c->nroomlist || t->picker || t->nick_prompt ||
	    t->trust_prompt)
		return;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r->flags & CROOM_ADOPTED)
			return;
		if (r != c->status && (r->flags & CROOM_JOINED) &&
		    !(r->flags & CROOM_DM) && strcmp(r->name, CR_LOBBY) != 0)
			return;
	}
	t->picker = 1;
	t->sel = 0;
	free(t->filter);
	t->filter = xstrdup("");
	client_notice(c, c->current, CLINE_NOTICE,
	    _("this hub has other rooms: pick one, or type a name to create "
	    "it (Esc stays in #%s)"), CR_LOBBY);
}

/* The answer to /rooms: for the picker, or listed in the scrollback. */
static void
tui_roomlist(struct client *c)
{
	struct tui	*t = c->ui->data;
	struct roominfo	*ri;
	u_int		 i;

	if (tui_comp_rooms(t)) {
		tui_dirty(t);
		return;
	}
	if (t->picker_offer) {
		tui_offer_picker(t);
		tui_dirty(t);
		return;
	}
	if (t->picker_asked || t->picker) {
		t->picker_asked = 0;
		tui_dirty(t);
		return;
	}
	if (c->nroomlist == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("there are no rooms"));
	for (i = 0; i < c->nroomlist; i++) {
		ri = &c->roomlist[i];
		client_notice(c, c->current, CLINE_NOTICE,
		    "#%s (%u) %s%s%s", ri->name, ri->nmembers, ri->topic,
		    *ri->topic != '\0' ? " — " : "",
		    ri->nmembers == 0 ? _("no one is here") : ri->members);
	}
}

/*
 * An error from the hub: a refused nick while logging in asks for another.
 * The hub drops the connection; retrying the same nick is pointless, so
 * reconnection is off until the user has typed a new one.  Nicks are
 * taken and claimed per hub, so while the list has hubs not yet tried
 * this round the client goes on to them first, and asks only if none
 * lets it in.  A ban is per hub too: client_lost decides.
 */
static void
tui_error(struct client *c, enum proto_err err, const char *detail)
{
	struct tui	*t = c->ui->data;

	if (c->state != CLIENT_HANDSHAKE)
		return;
	if (err == PERR_PASSWORD || err == PERR_VERSION ||
	    err == PERR_BAD_PROOF) {
		/* Retrying the same login cannot help. */
		c->flags &= ~CLIENT_RECONNECT;
		tui_dirty(t);
		return;
	}
	if (err != PERR_NICK_TAKEN && err != PERR_NICK_INVALID &&
	    err != PERR_NICK_RESERVED && err != PERR_NICK_CLAIMED)
		return;
	if (err != PERR_NICK_INVALID && c->tried + 1 < c->nhosts)
		return;		/* the next hub may let us in */
	c->flags &= ~CLIENT_RECONNECT;
	if (!t->nick_prompt) {
		t->nick_prompt = 1;
		tui_input_set(t, c->nick);
	}
	if ((c->flags & CLIENT_TAKING_BACK) && err == PERR_NICK_TAKEN) {
		/* Enter again would only be refused again. */
		c->flags &= ~CLIENT_TAKING_BACK;
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the hub did not give the session back: only a login "
		    "with the key that claimed %s takes it from another "
		    "login; end that login (/quit there), then press Enter "
		    "on %s, or type another nick and press Enter"), c->nick,
		    c->nick);
		tui_dirty(t);
		return;
	}
	client_notice(c, c->current, CLINE_NOTICE,
	    _("type another nick and press Enter"));
	tui_dirty(t);
}

/*
 * No nick was given (no NICK@, no NICK=): ask for one before connecting,
 * offering the login name made a valid nick.  Enter connects (see
 * tui_submit_nick).
 */
static void
tui_ask_nick(struct tui *t)
{
	struct client	*c = t->client;
	const char	*login;
	char		*nick;

	t->nick_prompt = 1;
	nick = client_hello_default_nick(&login);
	tui_input_set(t, nick != NULL ? nick : "");
	if (login != NULL && (nick == NULL || strcmp(nick, login) != 0))
		client_notice(c, c->current, CLINE_NOTICE, _("the login name "
		    "%s is not a valid nick"), login);
	client_notice(c, c->current, CLINE_NOTICE,
	    _("choose a nick and press Enter"));
	free(nick);
	tui_dirty(t);
}

/* An unknown hub's certificate: ask the user, as ssh does. */
static void
tui_ask_trust(struct client *c, const char *fingerprint)
{
	struct tui	*t = c->ui->data;
	char		*hub;
	size_t		 len = strlen(fingerprint), off;

	hub = client_tls_hub_name(c);
	client_notice(c, c->current, CLINE_NOTICE,
	    _("the certificate of %s is not known; its SHA-256 fingerprint "
	    "is:"), hub);
	/*
	 * Eight bytes a line ("AB:CD:...", 23 columns), so that no wrap
	 * splits a byte of the string the user compares by eye.
	 */
	for (off = 0; off < len; off += TUI_FP_LINE) {
		client_notice(c, c->current, CLINE_NOTICE, "  %.*s",
		    (int)(len - off < TUI_FP_LINE ? len - off : TUI_FP_LINE - 1),
		    fingerprint + off);
	}
	client_notice(c, c->current, CLINE_NOTICE,
	    _("trust this hub? type yes or no and press Enter"));
	free(hub);
	if (!t->trust_prompt) {
		t->trust_prompt = 1;
		tui_input_clear(t);
	}
	tui_dirty(t);
}

/* The client is finished (quit, or the connection is gone for good). */
static void
tui_closed(struct client *c, int error)
{
	struct tui	*t = c->ui->data;
	char		*msg, *all;

	if (t->nick_prompt && !(c->flags & CLIENT_QUITTING)) {
		tui_dirty(t);
		return;
	}
	if ((c->flags & CLIENT_TAKEN) && !(c->flags & CLIENT_QUITTING)) {
		/* Keep the scrollback; Enter takes the session back. */
		t->picker = 0;
		t->picker_asked = 0;
		client_notice(c, c->current, CLINE_NOTICE,
		    _("press Enter to take the session back, or type /quit"));
		tui_dirty(t);
		return;
	}
	if (!error && c->unconfirmed > 0) {
		free(t->exit_msg);
		xasprintf(&t->exit_msg, ngettext("chatroom: the hub did not "
		    "confirm %u line before the quit; it may be lost\n",
		    "chatroom: the hub did not confirm %u lines before the "
		    "quit; they may be lost\n", c->unconfirmed),
		    c->unconfirmed);
	}
	if (!error && c->unsent > 0) {
		/* After what was not confirmed, if anything was not. */
		xasprintf(&msg, ngettext("chatroom: %u line waiting to be sent "
		    "was not sent before the quit\n", "chatroom: %u lines "
		    "waiting to be sent were not sent before the quit\n",
		    c->unsent), c->unsent);
		xasprintf(&all, "%s%s", c->unconfirmed > 0 ? t->exit_msg : "",
		    msg);
		free(msg);
		free(t->exit_msg);
		t->exit_msg = all;
	}
	if (error) {
		free(t->exit_msg);
		if ((c->flags & CLIENT_BANNED) && c->nhosts > 1)
			xasprintf(&t->exit_msg, _("chatroom: every hub of the "
			    "list bans you; %s:%s: %s\n"), c->host, c->port,
			    c->last_error);
		else if (c->flags & CLIENT_BANNED)
			xasprintf(&t->exit_msg, "chatroom: %s:%s: %s\n",
			    c->host, c->port, c->last_error);
		else if (!(c->flags & CLIENT_EVER_READY))
			xasprintf(&t->exit_msg, _("chatroom: cannot connect to "
			    "%s:%s: %s\n"), c->host, c->port, c->last_error);
		else if (c->flags & CLIENT_KICKED)
			xasprintf(&t->exit_msg, "chatroom: %s\n",
			    c->last_error);
		else
			xasprintf(&t->exit_msg, _("chatroom: connection lost: "
			    "%s\n"), c->last_error);
		t->rc = 1;
	}
	t->done = 1;
	event_base_loopexit(t->base, NULL);
}

/* Mark the screen for redrawing, no sooner than a frame after the last. */
void
tui_dirty(struct tui *t)
{
	struct timeval	now, tv, next;

	if (t->done || evtimer_pending(t->redraw_ev, NULL))
		return;
	gettimeofday(&now, NULL);
	tv.tv_sec = 0;
	tv.tv_usec = TUI_FRAME_MS * 1000;
	timeradd(&t->last_draw, &tv, &next);
	if (timercmp(&next, &now, <))
		timerclear(&tv);
	else
		timersub(&next, &now, &tv);
	evtimer_add(t->redraw_ev, &tv);
}

/* Redraw now. */
static void
tui_redraw_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tui	*t = arg;

	if (t->done)
		return;
	tui_held_flush(t, 0);	/* answered by an ack, or lost */
	tui_draw(t);
	gettimeofday(&t->last_draw, NULL);
}

/* Once a second: the "retrying in N s" countdown moves. */
static void
tui_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tui	*t = arg;

	if (t->client->state == CLIENT_WAITING)
		tui_dirty(t);
	if (t->nheld > 0)
		tui_held_flush(t, 0);
	client_last_flush(t->client);	/* the logs, then the DMs' ids */
}

/* Take the terminal's new size; everything reflows on the next draw. */
void
tui_resized(struct tui *t)
{
	struct winsize	ws;
	int		w;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	w = COLS - (COLS >= TUI_LIST_COLS ? TUI_LIST_WIDTH + 1 : 0) - 8;
	if (w > TUI_IMAGE_W)
		w = TUI_IMAGE_W;
	if (w < 8)
		w = 8;
	t->client->image_width = w;
	/* A picture sent without a width takes half the screen at most. */
	t->client->image_rows = LINES / 2 > 4 ? LINES / 2 : 4;
	tui_dirty(t);
}

/* SIGWINCH. */
static void
tui_winch_cb(evutil_socket_t sig, short what, void *arg)
{
	tui_resized(arg);
}

/*
 * SIGCONT: after a stop curses did not see (SIGSTOP, not Ctrl-Z), the
 * shell may have taken the terminal back and left it echoing, line by
 * line: set our modes again and draw everything, as irssi does.
 */
static void
tui_cont_cb(evutil_socket_t sig, short what, void *arg)
{
	struct tui	*t = arg;

	if (!tui_curses_on)
		return;
	reset_prog_mode();
	keypad(stdscr, TRUE);
	tui_paste_start();
	tui_mouse_start(t);
	tui_resized(t);
}

/* SIGINT, SIGTERM, SIGHUP: leave the hub politely, but do leave. */
static void
tui_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct tui	*t = arg;
	struct timeval	 tv = { 3, 0 };

	if (sig == SIGHUP)
		event_del(t->stdin_ev);
	event_base_loopexit(t->base, &tv);
	if (!(t->client->flags & CLIENT_QUITTING))
		client_quit(t->client, NULL);
}

/* Has the terminal on stdin hung up (its other end closed)? */
static int
tui_hung_up(void)
{
	struct pollfd	pfd = { STDIN_FILENO, POLLIN, 0 };

	if (poll(&pfd, 1, 0) != 1)
		return (0);
	return ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0);
}

/*
 * Keys are waiting.  Drain wget_wch: curses reads ahead (an Esc is
 * followed by the key it modifies), so what it buffers would otherwise
 * wait for the next byte on stdin.  Esc then a key is Alt-key.
 */
static void
tui_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tui	*t = arg;
	wint_t		 ch, ch2;
	int		 r, r2, got = 0;

	while (!t->done && (r = wget_wch(stdscr, &ch)) != ERR) {
		got = 1;
		if (r == KEY_CODE_YES) {
			if (ch == KEY_RESIZE)
				tui_resized(t);
			else
				tui_input_key(t, ch, 1, 0);
			continue;
		}
		/* Esc Esc is a plain Esc, then a new sequence. */
		while (ch == 27 && !t->done) {
			r2 = wget_wch(stdscr, &ch2);
			if (r2 == OK && ch2 == 27) {
				tui_input_key(t, ch, 0, 0);
				continue;
			}
			if (r2 == ERR)
				tui_input_key(t, ch, 0, 0);
			else
				tui_input_key(t, ch2, r2 == KEY_CODE_YES, 1);
			break;
		}
		if (ch == 27)
			continue;
		tui_input_key(t, ch, 0, 0);
	}
	if (got) {
		t->idle = 0;
		return;
	}
	/*
	 * Readable but no key: the terminal hung up, or only part of a
	 * character has come so far (a long paste arrives in pieces).  Ask
	 * the terminal which; without a clear answer, only a long run of
	 * empty wake-ups means it is gone.
	 */
	if (tui_hung_up() || ++t->idle >= TUI_IDLE_MAX) {
		event_del(t->stdin_ev);
		tui_signal_cb(SIGHUP, 0, t);
	}
}

/* fatal() and fatalx() give the terminal back before they print. */
static void
tui_fatal_hook(void)
{
	if (tui_curses_on) {
		tui_curses_on = 0;
		tui_paste_stop();
		tui_mouse_stop();
		endwin();
	}
}

/* Set up the colour pairs, unless NO_COLOR or the terminal says no. */
static void
tui_colours(struct tui *t)
{
	const char	*nc = getenv("NO_COLOR");
	short		 bg = -1;
	int		 i;

	t->colour = 0;
	if ((nc != NULL && *nc != '\0') || !has_colors())
		return;
	if (start_color() == ERR || COLOR_PAIRS <= TUI_PAIR_IMAGE)
		return;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	t->colours16 = COLORS >= 16;
	init_pair(TUI_PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(TUI_PAIR_ERROR, COLOR_RED, bg);
	init_pair(TUI_PAIR_NOTICE, COLOR_CYAN, bg);
	init_pair(TUI_PAIR_MENTION, COLOR_YELLOW, bg);
	init_pair(TUI_PAIR_DM, COLOR_MAGENTA, bg);
	init_pair(TUI_PAIR_UNREAD, COLOR_GREEN, bg);
	init_pair(TUI_PAIR_MARKER, COLOR_BLUE, bg);
	init_pair(TUI_PAIR_HOT, COLOR_GREEN, COLOR_BLUE);
	init_pair(TUI_PAIR_HOT_MENTION, COLOR_YELLOW, COLOR_BLUE);
	init_pair(TUI_PAIR_HOT_DM, COLOR_MAGENTA, COLOR_BLUE);
	for (i = 0; i < 16; i++)
		init_pair(TUI_PAIR_FG + i, t->colours16 ? i : i % 8, bg);
	/*
	 * Pictures (up to 256 pairs) and IRC colours (up to TUI_IRC_PAIRS)
	 * make theirs from one count; tui_put_pair takes pairs past the 256
	 * of an attr_t, so on terminals with enough pairs neither runs out.
	 */
	t->next_pair = TUI_PAIR_IMAGE;
	t->max_pairs = COLOR_PAIRS < SHRT_MAX ? COLOR_PAIRS : SHRT_MAX;
	t->colour = 1;
}

/* Take over the terminal. */
static int
tui_start(struct tui *t)
{
	const char	*term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("chatroom: the terminal client needs a "
		    "terminal (try --batch)\n"));
		return (-1);
	}
	if ((t->screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, _("chatroom: cannot use terminal type %s\n"),
		    term != NULL ? term : _("(unset)"));
		return (-1);
	}
	set_term(t->screen);
	tui_curses_on = 1;
	log_set_tui(1);
	log_set_fatal_hook(tui_fatal_hook);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	tui_colours(t);
	tui_paste_start();
	return (0);
}

/* Give the terminal back. */
static void
tui_stop(struct tui *t)
{
	tui_title_stop(t);
	if (tui_curses_on) {
		tui_curses_on = 0;
		tui_paste_stop();
		tui_mouse_stop();
		endwin();
	}
	log_set_fatal_hook(NULL);
	log_set_tui(0);
	if (t->screen != NULL) {
		delscreen(t->screen);
		t->screen = NULL;
	}
}

/* Free everything but the terminal. */
static void
tui_free(struct tui *t)
{
	if (t->client != NULL) {
		client_last_flush(t->client);
		client_free(t->client);
	}
	tui_draft_free(t);
	tui_input_free(t);
	if (t->stdin_ev != NULL)
		event_free(t->stdin_ev);
	if (t->redraw_ev != NULL)
		event_free(t->redraw_ev);
	if (t->tick_ev != NULL)
		event_free(t->tick_ev);
	if (t->sigwinch_ev != NULL)
		event_free(t->sigwinch_ev);
	if (t->sigint_ev != NULL)
		event_free(t->sigint_ev);
	if (t->sigterm_ev != NULL)
		event_free(t->sigterm_ev);
	if (t->sighup_ev != NULL)
		event_free(t->sighup_ev);
	if (t->sigcont_ev != NULL)
		event_free(t->sigcont_ev);
	event_base_free(t->base);
	free(t->exit_msg);
	free(t->search);
	free(t->set_stamp);
	free(t->title);
}

/*
 * Keep logs, if the settings say so, for the identity the client starts
 * as: its nick (the one given, not the one a session it takes over has
 * now) at the hub the target names, once the hub lets it in.
 */
void
tui_log_start(struct tui *t)
{
	struct client	*c = t->client;
	char		*hub;

	if (!t->set_logs || c->log != NULL)
		return;
	hub = client_tls_hub_name(c);
	c->log = client_log_new(hub, c->start_nick != NULL ? c->start_nick :
	    c->nick, t->set_log_new);
	free(hub);
}

/* The warning of a locale that is not UTF-8, in the user's language. */
#define TUI_CODESET_WARNING _("the locale's character set is %s, not " \
	"UTF-8: text other than ASCII cannot be shown; set LANG to a UTF-8 " \
	"locale, such as C.UTF-8")

/* Run the full-screen client against a target. */
int
tui_main(struct target *tg)
{
	struct tui	 t;
	struct timeval	 tv = { 1, 0 };
	const char	*p;
	char		*cause;
	int		 rc;
	u_int		 i;

	memset(&t, 0, sizeof t);
	signal(SIGPIPE, SIG_IGN);
	if ((t.base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	t.ui.line = tui_line;
	t.ui.state = tui_state;
	t.ui.roomlist = tui_roomlist;
	t.ui.error = tui_error;
	t.ui.closed = tui_closed;
	t.ui.ask_trust = tui_ask_trust;
	t.ui.search = tui_search_command;
	t.ui.names = tui_nicklist_command;
	t.ui.recall = tui_input_recall;
	t.ui.data = &t;
	t.client = client_new(t.base, tg->host, tg->port,
	    tg->nick != NULL ? tg->nick : "", &t.ui);
	for (i = 0; i < tg->nalts; i++)
		client_add_hub(t.client, tg->alts[i],
		    tg->alt_ports[i] != NULL ? tg->alt_ports[i] : tg->port);
	t.client->flags |= CLIENT_RECONNECT|CLIENT_HINT;
	if (tg->password != NULL)
		t.client->password = xstrdup(tg->password);
	if (tg->room != NULL)
		t.client->room = xstrdup(tg->room);
	client_hello_recall(t.client);	/* the session's nick now */
	client_last_start(t.client);
	if (client_tls_set(t.client, tg->insecure, tg->trust, &cause) != 0) {
		fprintf(stderr, "chatroom: %s\n", cause);
		free(cause);
		tui_free(&t);
		return (1);
	}
	tui_settings_load(&t, tg);
	client_room_limits(t.client, tg);
	client_lag_limits(t.client, tg);
	/* Without a nick yet, the logs start once one is chosen. */
	if (tg->nick != NULL)
		tui_log_start(&t);
	if (tui_start(&t) != 0) {
		tui_free(&t);
		return (1);
	}
	tui_input_init(&t);
	tui_draft_switch(&t);
	tui_title_start(&t);
	tui_mouse_start(&t);

	/* Signal events go in after curses so that ours are the handlers. */
	t.stdin_ev = event_new(t.base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    tui_stdin_cb, &t);
	t.redraw_ev = evtimer_new(t.base, tui_redraw_cb, &t);
	t.tick_ev = event_new(t.base, -1, EV_PERSIST, tui_tick_cb, &t);
	t.sigwinch_ev = evsignal_new(t.base, SIGWINCH, tui_winch_cb, &t);
	t.sigint_ev = evsignal_new(t.base, SIGINT, tui_signal_cb, &t);
	t.sigterm_ev = evsignal_new(t.base, SIGTERM, tui_signal_cb, &t);
	t.sighup_ev = evsignal_new(t.base, SIGHUP, tui_signal_cb, &t);
	t.sigcont_ev = evsignal_new(t.base, SIGCONT, tui_cont_cb, &t);
	if (t.stdin_ev == NULL || t.redraw_ev == NULL || t.tick_ev == NULL ||
	    t.sigwinch_ev == NULL || t.sigint_ev == NULL ||
	    t.sigterm_ev == NULL || t.sighup_ev == NULL ||
	    t.sigcont_ev == NULL)
		fatalx("cannot create events");
	event_add(t.stdin_ev, NULL);
	event_add(t.tick_ev, &tv);
	evsignal_add(t.sigwinch_ev, NULL);
	evsignal_add(t.sigint_ev, NULL);
	evsignal_add(t.sigterm_ev, NULL);
	evsignal_add(t.sighup_ev, NULL);
	evsignal_add(t.sigcont_ev, NULL);

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		/*
		 * Line drawing and non-ASCII text need a UTF-8 locale.  Only
		 * ASCII can be shown, so the warning is in English where its
		 * translation is not ASCII (Korean in ko_KR.EUC-KR): the one
		 * line that says what to do must be readable.
		 */
		t.ascii = 1;
		for (p = TUI_CODESET_WARNING; *p != '\0' &&
		    (u_char)*p < 0x80; p++)
			/* nothing */;
		if (*p == '\0')
			client_notice(t.client, t.client->status,
			    CLINE_ERROR, TUI_CODESET_WARNING,
			    nl_langinfo(CODESET));
		else
			client_notice(t.client, t.client->status,
			    CLINE_ERROR, "the locale's character set is %s, "
			    "not UTF-8: text other than ASCII cannot be "
			    "shown; set LANG to a UTF-8 locale, such as "
			    "C.UTF-8", nl_langinfo(CODESET));
	}
	/*
	 * On stderr they would be hidden by the screen, until the end.  They
	 * count as unread, in view or not: the first room soon takes the
	 * screen, and the room list and hotlist then point to them.
	 */
	for (i = 0; i < tg->nproblems; i++)
		client_notice(t.client, t.client->status, CLINE_ERROR, "%s",
		    tg->problems[i]);
	if (t.client->current == t.client->status)
		t.client->status->unread += tg->nproblems;
	tui_resized(&t);
	if (tg->nick == NULL)
		tui_ask_nick(&t);
	else
		client_connect(t.client);
	event_base_dispatch(t.base);

	tui_stop(&t);
	if (t.exit_msg != NULL)
		fputs(t.exit_msg, stderr);
	rc = t.rc;
	tui_free(&t);
	return (rc);
}
