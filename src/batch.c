/* SPDX-License-Identifier: ISC */
/* batch.c: the line-mode client for scripts, bots and tests (--batch). */

#include <sys/types.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

#define BATCH_PONG_MAX	128	/* bytes: longer lines are not a pong */

/*
 * The hub answers a connection's lines at its flood rate once a burst is
 * spent (5 a second): a long input then takes minutes.  After
 * BATCH_PACE_AFTER seconds with at least BATCH_PACE_LINES lines still to
 * go, stderr says so, once, with the rate seen and the time left.
 */
#define BATCH_PACE_AFTER	3
#define BATCH_PACE_LINES	10
#define BATCH_PACE_RECENT	8	/* lines the rate is taken over */

/*
 * The signals that end the client as Ctrl-C does, leaving the hub at once:
 * a service manager stops it with SIGTERM, a closed terminal sends SIGHUP.
 */
static const int batch_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define BATCH_NSIGNALS	(sizeof batch_signals / sizeof batch_signals[0])

/*
 * Each stdin line is what a user would type.  Lines are carried out one at
 * a time, each only once the hub has answered the previous one, so a
 * script's "/join dev" is in effect before its next line is sent.  At the
 * end of input the client waits for the last answer, then quits.
 */
struct batch {
	struct event_base	*base;
	struct client		*client;
	struct evbuffer		*in;
	struct event		*stdin_ev;
	struct event		*step;
	struct event		*sigs[BATCH_NSIGNALS];
	int			 eof;
	int			 json;
	int			 live;		/* --live */
	int			 rc;
	int			 login_refused; /* by a hub of the list */
	int			 done;
	int			 out_failed;	/* stdout cannot be written */
	u_int			 refused;	/* input lines refused */
	int64_t			 first_ms;	/* when the first line went */
	int64_t			 recent[BATCH_PACE_RECENT]; /* last lines' */
	u_int			 sent;		/* lines carried out */
	int			 told_pace;
	int			 quit_cmd;	/* a /quit line ended the run */
	const char		*switching;	/* the last line's /join */
};

static void	batch_line(struct client *, struct croom *, struct cline *);
static void	batch_state(struct client *);
static void	batch_roomlist(struct client *);
static void	batch_error(struct client *, enum proto_err, const char *);
static void	batch_raw(struct client *, const char *, size_t, int);
static void	batch_closed(struct client *, int);
static void	batch_stdin_cb(evutil_socket_t, short, void *);
static void	batch_step_cb(evutil_socket_t, short, void *);
static void	batch_signal_cb(evutil_socket_t, short, void *);
static void	batch_stop(struct batch *);
static void	batch_flush(struct batch *);
static char	*batch_readln(struct batch *, size_t *);
static int	batch_continued(struct batch *, char **, size_t *);
static void	batch_print(FILE *, const char *, const char *, int);
static char	*batch_json_safe(const char *, size_t);
static int	batch_own_pong(const char *, size_t);
static int	batch_pollable(int);
static void	batch_pace(struct batch *);
static u_int	batch_unsent(struct batch *);

/* Print a scrollback line: notices and events on stdout, errors stderr. */
static void
batch_line(struct client *c, struct croom *r, struct cline *l)
{
	struct batch	*b = c->ui->data;
	char		*s;

	if (l->kind == CLINE_ERROR) {
		batch_print(stderr, "chatroom: ", l->text, 0);
		return;
	}
	if (b->json || b->out_failed ||
	    (b->live && (l->flags & CLINE_HISTORY)))
		return;
	s = fmt_cline(c, r, l);
	batch_print(stdout, (l->flags & CLINE_HISTORY) ? "~" : "", s, 1);
	free(s);
	batch_flush(b);
}

/*
 * Standard output must take what is printed.  A reader gone (a closed
 * pipe: SIGPIPE is ignored, for the hub's socket) or a full disk ends the
 * client as SIGINT does, leaving the hub, with status 1: a bot nobody
 * reads must not stay in its rooms answering nothing.  Stopping waits
 * for the event loop (batch_step_cb): this runs inside the client's read.
 */
static void
batch_flush(struct batch *b)
{
	int	error;

	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	error = errno;
	if (b->out_failed)
		return;
	b->out_failed = 1;
	fprintf(stderr, _("chatroom: cannot write to standard output: %s\n"),
	    strerror(error));
	b->rc = 1;
	event_active(b->step, 0, 0);
}

/*
 * Print a line made of what the hub sent (names, member lists, topics,
 * text) with anything a terminal could act on made harmless.
 */
static void
batch_print(FILE *f, const char *prefix, const char *s, int keep_newlines)
{
	char	*safe;

	safe = utf8_sanitize(s, strlen(s), keep_newlines);
	fprintf(f, "%s%s\n", prefix, safe);
	fflush(f);
	free(safe);
}

/*
 * A frame as the hub sent it, made safe to print: a byte no terminal
 * should get raw (a control, DEL, an invalid byte) or an unsafe code
 * point is written as a \uXXXX escape.  Such characters can only be
 * inside JSON strings of a valid frame, where the escape means the same.
 */
static char *
batch_json_safe(const char *line, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 off = 0, o = 0;
	uint32_t		 cp;
	char			*out;
	int			 n;

	out = xreallocarray(NULL, len + 1, 6);
	while (off < len) {
		n = utf8_decode(line + off, len - off, &cp);
		if (n < 0) {
			cp = 0xfffd;
			n = 1;
		} else if (cp >= 0x20 && !utf8_is_unsafe(cp)) {
			memcpy(out + o, line + off, n);
			o += n;
			off += n;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'u';
		out[o++] = hex[(cp >> 12) & 0xf];
		out[o++] = hex[(cp >> 8) & 0xf];
		out[o++] = hex[(cp >> 4) & 0xf];
		out[o++] = hex[cp & 0xf];
		off += n;
	}
	out[o] = '\0';
	return (out);
}

/* A state change may let the next input line go. */
static void
batch_state(struct client *c)
{
	struct batch	*b = c->ui->data;

	/* Another hub of the list let it in after one refused it. */
	if (c->state == CLIENT_READY && b->login_refused) {
		b->login_refused = 0;
		b->rc = 0;
	}
	event_active(b->step, 0, 0);
}

/* Print the answer to /rooms. */
static void
batch_roomlist(struct client *c)
{
	struct batch	*b = c->ui->data;
	struct roominfo	*ri;
	char		 t[16], *line;
	u_int		 i;

	if (b->json || b->out_failed)
		return;
	fmt_time(now_ms(), t, sizeof t);
	if (c->nroomlist == 0)
		printf("[%s] -!- %s\n", t, _("there are no rooms"));
	for (i = 0; i < c->nroomlist; i++) {
		ri = &c->roomlist[i];
		xasprintf(&line, "[%s] -!- #%s (%u) %s%s%s", t, ri->name,
		    ri->nmembers, ri->topic, *ri->topic != '\0' ? " — " : "",
		    ri->nmembers == 0 ? _("no one is here") : ri->members);
		batch_print(stdout, "", line, 0);
		free(line);
	}
	batch_flush(b);
}

/*
 * An error from the hub: during the handshake it is fatal; after, it
 * refused a line (an expired resume token is the client's own business).
 */
static void
batch_error(struct client *c, enum proto_err err, const char *detail)
{
	struct batch	*b = c->ui->data;

	if (c->state == CLIENT_HANDSHAKE) {
		b->rc = 1;
		b->login_refused = (err == PERR_NICK_TAKEN ||
		    err == PERR_NICK_CLAIMED || err == PERR_BANNED);
	} else if (err != PERR_BAD_TOKEN) {
		b->refused++;
		if (b->switching != NULL)	/* the /join was refused */
			c->view_held = b->switching;
	}
}

/*
 * Is a line a pong?  The user cannot send a ping, so a pong answers the
 * client's own (its keepalive, or the end of a resume): not for stdout.
 * Only short lines are parsed again; a pong is a few bytes.
 */
static int
batch_own_pong(const char *line, size_t len)
{
	struct cJSON	*obj;
	enum proto_type	 type;
	enum proto_err	 err;
	char		*cause = NULL;

	if (len > BATCH_PONG_MAX)
		return (0);
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		free(cause);
		return (0);
	}
	cJSON_Delete(obj);
	return (type == PROTO_PONG);
}

/*
 * With --json, every protocol line goes to stdout as it came (escaped, see
 * batch_json_safe), except that a message replayed from history gets
 * "replay":true before its closing brace (the line parsed as an object,
 * so it ends in one), or is left out with --live, and that the answers to
 * the client's own pings are left out.
 */
static void
batch_raw(struct client *c, const char *line, size_t len, int replayed)
{
	struct batch	*b = c->ui->data;
	char		*safe;
	size_t		 slen;

	event_active(b->step, 0, 0);
	if (!b->json || b->out_failed || (replayed && b->live) ||
	    batch_own_pong(line, len))
		return;
	safe = batch_json_safe(line, len);
	slen = strlen(safe);
	while (replayed && slen > 0 && safe[slen - 1] != '}')
		slen--;
	if (replayed && slen > 0)
		printf("%.*s,\"replay\":true}\n", (int)slen - 1, safe);
	else
		printf("%s\n", safe);
	free(safe);
	batch_flush(b);
}

/* The connection is over (a notice said why after a takeover or a kick). */
static void
batch_closed(struct client *c, int error)
{
	struct batch	*b = c->ui->data;
	char		*why;

	if (error) {
		why = c->last_error != NULL ? utf8_sanitize(c->last_error,
		    strlen(c->last_error), 0) : xstrdup("");
		if (!(c->flags & CLIENT_EVER_READY) && b->rc == 0)
			fprintf(stderr, _("chatroom: cannot connect to %s:%s: "
			    "%s\n"), c->host, c->port, why);
		else if (b->rc == 0 &&
		    !(c->flags & (CLIENT_TAKEN | CLIENT_KICKED)))
			fprintf(stderr, _("chatroom: connection lost: %s\n"),
			    why);
		free(why);
		b->rc = 1;
	} else if (c->unconfirmed > 0) {
		/* A quit that gave up waiting for answers. */
		fprintf(stderr, ngettext("chatroom: the hub did not confirm %u "
		    "line before the quit; it may be lost\n", "chatroom: the "
		    "hub did not confirm %u lines before the quit; they may be "
		    "lost\n", c->unconfirmed), c->unconfirmed);
		b->rc = 1;
	}
	b->done = 1;
	event_base_loopexit(b->base, NULL);
}

/*
 * Can libevent wait on this descriptor?  Pipes, sockets and terminals,
 * yes; a regular file or a device such as /dev/null cannot be added to
 * epoll, and is always readable anyway, so it is read straight away.
 */
static int
batch_pollable(int fd)
{
	struct stat	st;

	if (fstat(fd, &st) != 0)
		return (1);
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return (1);
	return (S_ISCHR(st.st_mode) && isatty(fd));
}

/* Read what stdin has into the input buffer. */
static void
batch_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct batch	*b = arg;
	int		 n;

	n = evbuffer_read(b->in, fd, 65536);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		b->eof = 1;
		event_del(b->stdin_ev);
	}
	event_active(b->step, 0, 0);
}

/*
 * Take the next input line, or at the end of input what is left without
 * a newline.
 */
static char *
batch_readln(struct batch *b, size_t *len)
{
	char	*line;

	line = evbuffer_readln(b->in, len, EVBUFFER_EOL_LF);
	if (line == NULL && b->eof && evbuffer_get_length(b->in) > 0) {
		*len = evbuffer_get_length(b->in);
		line = xmalloc(*len + 1);
		evbuffer_remove(b->in, line, *len);
		line[*len] = '\0';
	}
	return (line);
}

/*
 * A line ending in a backslash continues on the next one: the message
 * carries a newline there, without the blanks before the backslash.  As
 * in a shell, backslashes at the end of a line stand for half as many:
 * "C:\\" is "C:\", and only an odd one left over continues the line, so
 * text of any kind can be sent by doubling the backslashes it ends with.
 * At the end of input a lone last backslash is kept as it is.  Returns -1
 * while the rest has not arrived, having put the lines taken back.
 */
static int
batch_continued(struct batch *b, char **line, size_t *len)
{
	struct evbuffer	*raw;
	char		*next, *joined;
	size_t		 nlen, n, keep;

	raw = evbuffer_new();
	if (raw == NULL)
		fatalx("evbuffer_new failed");
	evbuffer_add(raw, *line, *len);
	evbuffer_add(raw, "\n", 1);
	for (;;) {
		for (n = 0; n < *len && (*line)[*len - 1 - n] == '\\'; n++)
			;
		keep = n / 2;
		if (n % 2 == 0) {
			*len -= n - keep;
			break;
		}
		next = batch_readln(b, &nlen);
		if (next == NULL && !b->eof) {
			/* Put what was taken back and wait for more input. */
			evbuffer_prepend_buffer(b->in, raw);
			evbuffer_free(raw);
			free(*line);
			return (-1);
		}
		if (next == NULL) {
			fprintf(stderr, _("chatroom: the input ends with a "
			    "backslash: it is sent as it is\n"));
			*len -= keep;
			break;
		}
		evbuffer_add(raw, next, nlen);
		evbuffer_add(raw, "\n", 1);
		if (nlen > 0 && next[nlen - 1] == '\r')
			next[--nlen] = '\0';
		*len -= keep + 1;
		/* "one \" ends its line at "one", as the eye reads it. */
		while (keep == 0 && *len > 0 && ((*line)[*len - 1] == ' ' ||
		    (*line)[*len - 1] == '\t'))
			(*len)--;
		(*line)[*len] = '\0';
		xasprintf(&joined, "%s\n%s", *line, next);
		free(*line);
		free(next);
		*line = joined;
		*len = strlen(joined);
	}
	(*line)[*len] = '\0';
	evbuffer_free(raw);
	return (0);
}

/* Carry out input lines while the hub has answered everything. */
static void
batch_step_cb(evutil_socket_t fd, short what, void *arg)
{
	struct batch		*b = arg;
	struct client		*c = b->client;
	const char		*shows;
	char			*line, *cause;
	size_t			 len;

	if (b->out_failed && !b->done) {
		batch_stop(b);
		return;
	}
	while (!b->done && c->state == CLIENT_READY && c->pending == 0 &&
	    c->noutq == 0 && !(c->flags & (CLIENT_QUITTING |
	    CLIENT_RECONCILE))) {
		line = batch_readln(b, &len);
		if (line == NULL) {
			if (b->eof)
				client_quit(c, NULL);
			return;
		}
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (batch_continued(b, &line, &len) != 0)
			return;
		if (!utf8_valid(line, len)) {
			fprintf(stderr, _("chatroom: input is not valid UTF-8; "
			    "line skipped\n"));
			b->refused++;
			free(line);
			continue;
		}
		if (len == 0) {
			free(line);
			continue;
		}
		/*
		 * After a room change that failed, lines for the room in
		 * view are refused (cmd_view_held) until one works.
		 */
		b->switching = shows = cmd_shows(line);
		batch_pace(b);
		if (cmd_execute(c, line, &cause) != 0) {
			b->refused++;
			if (shows != NULL)
				c->view_held = shows;
			if (cause != NULL) {
				batch_print(stderr, "chatroom: ", cause, 0);
				free(cause);
			}
		} else if (shows != NULL)
			c->view_held = NULL;	/* unless the hub refuses it */
		if (c->flags & CLIENT_QUITTING)
			b->quit_cmd = 1;
		free(line);
	}
}

/*
 * After a /quit: count the input lines left, which are not sent.  Only
 * what stdin has now is read; a writer still open is not waited for.
 */
static u_int
batch_unsent(struct batch *b)
{
	char	*line;
	size_t	 len;
	u_int	 n = 0;
	int	 r;

	if (b->stdin_ev != NULL && !b->eof) {
		while ((r = evbuffer_read(b->in, STDIN_FILENO, 65536)) > 0 ||
		    (r == -1 && errno == EINTR))
			/* nothing */;
	}
	b->eof = 1;
	while ((line = batch_readln(b, &len)) != NULL) {
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len > 0)
			n++;
		free(line);
	}
	return (n);
}

/* Count a line carried out; say once if the hub paces a long input. */
static void
batch_pace(struct batch *b)
{
	int64_t		 now = mono_ms(), ms;
	size_t		 left = 0;
	struct evbuffer_ptr p;
	char		 when[32];
	double		 rate;

	if (b->sent == 0)
		b->first_ms = now;
	b->recent[b->sent++ % BATCH_PACE_RECENT] = now;
	ms = now - b->first_ms;
	/* Input still coming has no known length: look again later. */
	if (b->told_pace || ms < BATCH_PACE_AFTER * 1000 || !b->eof)
		return;
	b->told_pace = 1;	/* looked once: not told later */
	p = evbuffer_search(b->in, "\n", 1, NULL);
	while (p.pos != -1) {
		left++;
		if (evbuffer_ptr_set(b->in, &p, 1, EVBUFFER_PTR_ADD) != 0)
			break;
		p = evbuffer_search(b->in, "\n", 1, &p);
	}
	if (left < BATCH_PACE_LINES)
		return;
	/* The rate of the last lines: the burst the hub allows is spent. */
	if (b->sent >= BATCH_PACE_RECENT) {
		ms = now - b->recent[b->sent % BATCH_PACE_RECENT];
		rate = (double)(BATCH_PACE_RECENT - 1) * 1000 / (ms > 0 ? ms : 1);
	} else
		rate = (double)(b->sent - 1) * 1000 / ms;
	if (rate >= (double)left / BATCH_PACE_AFTER)
		return;		/* done soon enough: nothing to say */
	fmt_duration((long long)(left / (rate > 0.1 ? rate : 0.1)), when,
	    sizeof when);
	fprintf(stderr, ngettext("chatroom: the hub takes about %.0f line a "
	    "second from this connection; %zu more will take about %s\n",
	    "chatroom: the hub takes about %.0f lines a second from this "
	    "connection; %zu more will take about %s\n", (u_long)rate),
	    rate, left, when);
}

/* Ctrl-C, SIGTERM or SIGHUP (batch_signals). */
static void
batch_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	batch_stop(arg);
}

/*
 * Quit politely, at once.  A line sent and not yet answered may or may
 * not have reached the hub: say so, and fail.
 */
static void
batch_stop(struct batch *b)
{
	u_int	n;

	if (!b->done && (n = client_inflight_lines(b->client)) > 0) {
		fprintf(stderr, ngettext("chatroom: the hub did not confirm %u "
		    "line before the quit; it may be lost\n", "chatroom: the "
		    "hub did not confirm %u lines before the quit; they may be "
		    "lost\n", n), n);
		b->rc = 1;
	}
	client_quit(b->client, NULL);
	if (!b->done) {
		b->done = 1;
		event_base_loopexit(b->base, NULL);
	}
}

/* Run --batch against a target. */
int
batch_main(struct target *t, int flags)
{
	struct batch		 b;
	struct client_ui	 ui;
	char			*cause;
	int			 n;
	u_int			 i, unsent;

	signal(SIGPIPE, SIG_IGN);
	memset(&b, 0, sizeof b);
	memset(&ui, 0, sizeof ui);
	b.json = (flags & BATCH_JSON) != 0;
	b.live = (flags & BATCH_LIVE) != 0;
	b.base = event_base_new();
	b.in = evbuffer_new();
	if (b.base == NULL || b.in == NULL)
		fatalx("out of memory");
	ui.line = batch_line;
	ui.state = batch_state;
	ui.roomlist = batch_roomlist;
	ui.error = batch_error;
	ui.raw = batch_raw;
	ui.closed = batch_closed;
	ui.data = &b;

	if (!batch_pollable(STDIN_FILENO)) {
		while ((n = evbuffer_read(b.in, STDIN_FILENO, 65536)) > 0 ||
		    (n == -1 && errno == EINTR))
			/* nothing */;
		b.eof = 1;
	} else {
		evutil_make_socket_nonblocking(STDIN_FILENO);
		b.stdin_ev = event_new(b.base, STDIN_FILENO,
		    EV_READ | EV_PERSIST, batch_stdin_cb, &b);
		event_add(b.stdin_ev, NULL);
	}
	b.step = event_new(b.base, -1, 0, batch_step_cb, &b);
	for (i = 0; i < BATCH_NSIGNALS; i++) {
		b.sigs[i] = evsignal_new(b.base, batch_signals[i],
		    batch_signal_cb, &b);
		evsignal_add(b.sigs[i], NULL);
	}

	b.client = client_new(b.base, t->host, t->port, t->nick, &ui);
	b.client->flags |= CLIENT_TOPIC_NOTE;
	client_room_limits(b.client, t);
	client_lag_limits(b.client, t);
	config_problems_print(t);	/* stderr: nothing hides it */
	for (i = 0; i < t->nalts; i++)
		client_add_hub(b.client, t->alts[i],
		    t->alt_ports[i] != NULL ? t->alt_ports[i] : t->port);
	if (t->password != NULL)
		b.client->password = xstrdup(t->password);
	if (t->room != NULL)
		b.client->room = xstrdup(t->room);
	if (client_tls_set(b.client, t->insecure, t->trust, &cause) != 0) {
		fprintf(stderr, "chatroom: %s\n", cause);
		free(cause);
		b.rc = 1;
		goto out;
	}
	client_connect(b.client);
	event_base_dispatch(b.base);
	/* Everything ran, but a script must be able to tell what did not. */
	if (b.rc == 0 && b.refused > 0) {
		fprintf(stderr, ngettext("chatroom: %u line was refused\n",
		    "chatroom: %u lines were refused\n", b.refused), b.refused);
		b.rc = 3;
	}
	if (b.quit_cmd && (unsent = batch_unsent(&b)) > 0) {
		fprintf(stderr, ngettext("chatroom: %u line after /quit was "
		    "not sent\n", "chatroom: %u lines after /quit were not "
		    "sent\n", unsent), unsent);
		if (b.rc == 0)
			b.rc = 3;
	} else if (!b.quit_cmd && (b.client->flags & CLIENT_EVER_READY) &&
	    (unsent = batch_unsent(&b)) > 0) {
		/* A lost connection, a signal: where the script must resume. */
		fprintf(stderr, ngettext("chatroom: %u input line was not "
		    "sent\n", "chatroom: %u input lines were not sent\n",
		    unsent), unsent);
	}

out:
	client_free(b.client);
	if (b.stdin_ev != NULL)
		event_free(b.stdin_ev);
	event_free(b.step);
	for (i = 0; i < BATCH_NSIGNALS; i++)
		event_free(b.sigs[i]);
	util_exiting();
	evbuffer_free(b.in);
	event_base_free(b.base);
	return (b.rc);
}
