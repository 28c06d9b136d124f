/* SPDX-License-Identifier: ISC */
/* metrics.c: the hub's figures, served to Prometheus and logged. */

#include <sys/types.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * Counters are plain fields of one global struct, incremented in place by
 * the code that sees the event: the hub is one thread, so there is no lock,
 * and nothing is allocated.  Gauges (users, rooms, history entries) are not
 * kept up to date on the hot path; they are counted when asked for, by
 * walking the sessions and rooms, which a scrape every few seconds affords.
 *
 * --metrics serves GET /metrics (the Prometheus text format) and GET
 * /healthz (200 while the hub serves, its journal is written and its
 * history is saved; 503 and the reason otherwise) with
 * libevent's HTTP server on the hub's own loop.
 */
struct metrics	metrics;

/* What the exposition and the log line say, gathered at once. */
struct metrics_figures {
	u_int		 open;
	uint64_t	 accepted;
	u_int		 users;
	u_int		 waiting;
	u_int		 rooms;
	uint64_t	 members;
	uint64_t	 entries;
	uint64_t	 received;
	uint64_t	 delivered;
	int		 cluster;
	int		 cluster_up;
	int		 degraded;
	u_int		 outbox;
};

static struct {
	struct evhttp	*http;
	struct event	*stats;
	int64_t		 started;	/* ms since the epoch */
	int		 serving;	/* between ready and shutdown */
	struct timespec	 save_start;
	uint64_t	 saves;
	uint64_t	 saves_failed;
	double		 save_seconds;	/* all saves, added up */
	int64_t		 last_save;	/* last success, ms since the epoch */
	int64_t		 tls_expiry;	/* the certificate's, ms; 0: none */
	int		 save_failing;	/* the last save failed */
} mx;

static const char *metrics_kinds[METRICS_KINDS] = {
	"text", "action", "image", "dm"
};
static const char *metrics_limits[METRICS_LIMITS] = {
	"login", "room", "claim", "ghost", "join"
};
static const char *metrics_bad_frames[METRICS_BAD_FRAMES] = {
	"bad_json", "bad_utf8", "bad_type", "bad_field"
};
static const char *metrics_hs_reasons[METRICS_HS_REASONS] = {
	"tls", "timeout", "refused", "renegotiation"
};
static const char *metrics_ops[METRICS_OPS] = {
	"kick", "ban", "unban", "mute", "unmute"
};
static const char *metrics_oper_results[METRICS_OPER_RESULTS] = {
	"ok", "wrong_password", "throttled"
};
static const char *metrics_ban_kinds[2] = { "ban", "mute" };

static void	metrics_gather(struct metrics_figures *);
static void	metrics_head(struct evbuffer *, const char *, const char *,
		    const char *);
static void	metrics_label(struct evbuffer *, const char *);
static void	metrics_value(struct evbuffer *, const char *, const char *,
		    const char *, uint64_t);
static void	metrics_time(struct evbuffer *, const char *, const char *,
		    int64_t);
static void	metrics_by(struct evbuffer *, const char *, const char *,
		    const char *, const char *, const char **,
		    const uint64_t *, u_int);
static void	metrics_by_listener(struct evbuffer *, const char *,
		    const char *, const char *, int);
static void	metrics_oper_actions(struct evbuffer *);
static void	metrics_expose(struct evbuffer *);
static void	metrics_http_cb(struct evhttp_request *, void *);
static void	metrics_stats_cb(evutil_socket_t, short, void *);
static void	metrics_log(const char *);
static int	metrics_bind(const char *, char **);

/* Count a listening socket; its number goes with each connection. */
u_int
metrics_listener_add(const char *name, int tls, int irc)
{
	struct metrics_listener	*l;

	metrics.listeners = xreallocarray(metrics.listeners,
	    metrics.nlisteners + 1, sizeof *metrics.listeners);
	l = &metrics.listeners[metrics.nlisteners];
	memset(l, 0, sizeof *l);
	l->name = xstrdup(name);
	l->tls = tls;
	l->irc = irc;
	return (metrics.nlisteners++);
}

/* The TLS certificate in use expires then (ms since the epoch). */
void
metrics_tls_expiry(int64_t ms)
{
	mx.tls_expiry = ms;
}

/* A history save begins (on the loop, before the worker takes it). */
void
metrics_save_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &mx.save_start);
}

/* A history save ended: 0 if it succeeded, -1 if not. */
void
metrics_save_done(int rc)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	mx.save_seconds += (now.tv_sec - mx.save_start.tv_sec) +
	    (now.tv_nsec - mx.save_start.tv_nsec) / 1e9;
	mx.saves++;
	if (rc != 0) {
		mx.saves_failed++;
		mx.save_failing = 1;
	} else {
		mx.save_failing = 0;
		mx.last_save = now_ms();
	}
}

/* The hub stops serving: /healthz says so from now on. */
void
metrics_stop(void)
{
	mx.serving = 0;
}

/* Count what is not counted as it happens. */
static void
metrics_gather(struct metrics_figures *f)
{
	struct session	*s = NULL;
	struct room	*room;
	u_int		 i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < metrics.nlisteners; i++) {
		f->open += metrics.listeners[i].open;
		f->accepted += metrics.listeners[i].accepted;
	}
	while ((s = session_next(s)) != NULL) {
		if (s->client != NULL)
			f->users++;
		else
			f->waiting++;
	}
	TAILQ_FOREACH(room, &room_list, entry) {
		f->rooms++;
		f->members += room->nmembers;
		f->entries += room->ring.count;
	}
	for (i = 0; i < METRICS_KINDS; i++) {
		f->received += metrics.received[i];
		f->delivered += metrics.delivered[i];
	}
	f->cluster = cluster_enabled();
	f->cluster_up = cluster_up();
	f->degraded = cluster_degraded();
	f->outbox = cluster_outbox();
}

/* The HELP and TYPE lines of a metric. */
static void
metrics_head(struct evbuffer *b, const char *name, const char *type,
    const char *help)
{
	evbuffer_add_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, type);
}

/* A label value, quoted and escaped as the text format wants. */
static void
metrics_label(struct evbuffer *b, const char *value)
{
	const char	*p;

	evbuffer_add(b, "\"", 1);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			evbuffer_add_printf(b, "\\%c", *p);
		else if (*p == '\n')
			evbuffer_add(b, "\\n", 2);
		else
			evbuffer_add(b, p, 1);
	}
	evbuffer_add(b, "\"", 1);
}

/* A metric of one sample: its HELP and TYPE lines, and the sample. */
static void
metrics_value(struct evbuffer *b, const char *name, const char *type,
    const char *help, uint64_t value)
{
	metrics_head(b, name, type, help);
	evbuffer_add_printf(b, "%s %llu\n", name, (unsigned long long)value);
}

/* A gauge of a time, given in ms since the epoch, in seconds. */
static void
metrics_time(struct evbuffer *b, const char *name, const char *help,
    int64_t ms)
{
	metrics_head(b, name, "gauge", help);
	evbuffer_add_printf(b, "%s %.3f\n", name, ms / 1000.0);
}

/* A metric of n samples, one for each value of a label. */
static void
metrics_by(struct evbuffer *b, const char *name, const char *type,
    const char *help, const char *label, const char **labels,
    const uint64_t *values, u_int n)
{
	u_int	i;

	metrics_head(b, name, type, help);
	for (i = 0; i < n; i++) {
		evbuffer_add_printf(b, "%s{%s=\"%s\"} %llu\n", name, label,
		    labels[i], (unsigned long long)values[i]);
	}
}

/* A metric of one sample for each listening socket: accepted or open. */
static void
metrics_by_listener(struct evbuffer *b, const char *name, const char *type,
    const char *help, int open)
{
	struct metrics_listener	*l;
	u_int			 i;

	metrics_head(b, name, type, help);
	for (i = 0; i < metrics.nlisteners; i++) {
		l = &metrics.listeners[i];
		evbuffer_add_printf(b, "%s{listener=", name);
		metrics_label(b, l->name);
		evbuffer_add_printf(b, ",protocol=\"%s\",transport=\"%s\"} "
		    "%llu\n", l->irc ? "irc" : "json", l->tls ? "tls" : "plain",
		    open ? l->open : (unsigned long long)l->accepted);
	}
}

/*
 * The operators' actions on this hub, by action and by the protocol the
 * operator used (an IRC KILL is a kick, KLINE a ban, UNKLINE an unban).
 */
static void
metrics_oper_actions(struct evbuffer *b)
{
	static const char	*protocols[2] = { "json", "irc" };
	const char		*name = "chatroom_oper_actions_total";
	u_int			 i, j;

	metrics_head(b, name, "counter", "Moderation by operators of this "
	    "hub, by action (kick, ban, unban, mute, unmute; IRC KILL is a "
	    "kick, KLINE a ban, UNKLINE an unban) and by protocol.");
	for (i = 0; i < METRICS_OPS; i++) {
		for (j = 0; j < 2; j++) {
			evbuffer_add_printf(b, "%s{action=\"%s\",protocol="
			    "\"%s\"} %llu\n", name, metrics_ops[i],
			    protocols[j],
			    (unsigned long long)metrics.oper_actions[i][j]);
		}
	}
}

/* Write every metric in the Prometheus text exposition format. */
static void
metrics_expose(struct evbuffer *b)
{
	static const char	*results[] = { "ok", "failed" };
	struct metrics_figures	 f;
	uint64_t		 saves[2];

	metrics_gather(&f);

	metrics_head(b, "chatroom_build_info", "gauge",
	    "The hub's version, as a label; always 1.");
	evbuffer_add_printf(b, "chatroom_build_info{version=");
	metrics_label(b, PACKAGE_VERSION);
	evbuffer_add_printf(b, "} 1\n");
	metrics_time(b, "chatroom_start_time_seconds",
	    "When the hub started, in seconds since the epoch.", mx.started);

	metrics_by_listener(b, "chatroom_connections_accepted_total",
	    "counter", "Connections accepted, by listening socket and "
	    "protocol.", 0);
	metrics_by_listener(b, "chatroom_connections_open", "gauge",
	    "Connections open now, by listening socket and protocol.", 1);

	metrics_value(b, "chatroom_users", "gauge",
	    "Users connected to this hub now.", f.users);
	metrics_value(b, "chatroom_sessions_waiting", "gauge",
	    "Sessions whose connection was lost, waiting for a resume.",
	    f.waiting);
	metrics_value(b, "chatroom_rooms", "gauge", "Rooms on this hub.",
	    f.rooms);
	metrics_value(b, "chatroom_room_members", "gauge",
	    "Room memberships of this hub's sessions, added over all rooms.",
	    f.members);

	metrics_by(b, "chatroom_messages_received_total", "counter",
	    "Messages accepted from clients, by kind (room messages: text, "
	    "action, image; dm: direct messages).", "kind", metrics_kinds,
	    metrics.received, METRICS_KINDS);
	metrics_by(b, "chatroom_deliveries_total", "counter",
	    "Messages sent to the members of their room (or the target of a "
	    "dm) on this hub, one per member, by kind; replays not included.",
	    "kind", metrics_kinds, metrics.delivered, METRICS_KINDS);
	metrics_value(b, "chatroom_sent_bytes_total", "counter",
	    "Bytes of protocol frames of every type handed to connections.",
	    metrics.sent_bytes);

	metrics_value(b, "chatroom_send_queue_drops_total", "counter",
	    "Connections dropped because their send queue was full.",
	    metrics.sendq_drops);
	metrics_value(b, "chatroom_flood_refusals_total", "counter",
	    "Requests refused by flood control (\"slow down\").",
	    metrics.flood_refusals);
	metrics_value(b, "chatroom_flood_disconnects_total", "counter",
	    "Connections dropped for excess flood.", metrics.flood_drops);
	metrics_value(b, "chatroom_line_too_long_disconnects_total", "counter",
	    "Connections closed for a line (a frame, an IRC line) longer than "
	    "the hub takes.", metrics.line_drops);
	metrics_by(b, "chatroom_bad_frames_total", "counter",
	    "Frames of native clients refused as malformed, by reason: not "
	    "JSON (or nested too deeply), not UTF-8, no or an unknown type, a "
	    "field of the wrong type.", "reason", metrics_bad_frames,
	    metrics.bad_frames, METRICS_BAD_FRAMES);
	metrics_by(b, "chatroom_address_limits_total", "counter",
	    "Times the limits per address held one back, by limit: a login "
	    "refused, a new room refused, a claim not made, a waiting session "
	    "ended early, a join refused.", "limit", metrics_limits,
	    metrics.address_limits, METRICS_LIMITS);
	metrics_value(b, "chatroom_rooms_expired_total", "counter",
	    "Rooms removed after staying empty and quiet.",
	    metrics.rooms_expired);
	metrics_by(b, "chatroom_handshake_failures_total", "counter",
	    "Connections that never logged in, by reason: the TLS handshake "
	    "did not finish, no hello in time, or refused; and connections "
	    "closed for a TLS renegotiation, which the hub refuses.", "reason",
	    metrics_hs_reasons, metrics.handshake_failures,
	    METRICS_HS_REASONS);

	metrics_oper_actions(b);
	metrics_by(b, "chatroom_oper_logins_total", "counter",
	    "Attempts to become an operator (oper, IRC OPER), by result: "
	    "the right password, a wrong one, or refused after too many "
	    "wrong ones from the address.", "result", metrics_oper_results,
	    metrics.oper_logins, METRICS_OPER_RESULTS);
	metrics_by(b, "chatroom_bans_ended_total", "counter",
	    "Bans and mutes that ran out (not lifted by an operator), "
	    "while the hub ran or while it was down.", "kind",
	    metrics_ban_kinds, metrics.bans_ended, 2);

	saves[0] = mx.saves - mx.saves_failed;
	saves[1] = mx.saves_failed;
	metrics_by(b, "chatroom_history_saves_total", "counter",
	    "History file saves, by result.", "result", results, saves, 2);
	metrics_head(b, "chatroom_history_save_duration_seconds", "summary",
	    "Time from snapshot to the file written and synced.");
	evbuffer_add_printf(b, "chatroom_history_save_duration_seconds_sum "
	    "%.6f\n", mx.save_seconds);
	evbuffer_add_printf(b, "chatroom_history_save_duration_seconds_count "
	    "%llu\n", (unsigned long long)mx.saves);
	metrics_time(b, "chatroom_history_last_save_timestamp_seconds",
	    "When the history was last saved, in seconds since the epoch "
	    "(0: not yet).", mx.last_save);
	metrics_value(b, "chatroom_journal_write_failures_total", "counter",
	    "Writes to the journal that failed (a full disk, a quota, an I/O "
	    "error); each try again counts.", metrics.journal_write_failures);
	metrics_value(b, "chatroom_journal_failing", "gauge",
	    "1 while the journal cannot be written and changes wait in "
	    "memory.", history_journal_failing());
	metrics_value(b, "chatroom_journal_waiting_bytes", "gauge",
	    "Bytes of changes waiting in memory for the journal.",
	    history_journal_waiting());
	metrics_value(b, "chatroom_storage_refusals_total", "counter",
	    "Messages refused (storage) because the journal could not be "
	    "written and the memory allowed its changes was full.",
	    metrics.storage_refusals);
	metrics_value(b, "chatroom_history_entries", "gauge",
	    "Messages held in the rooms' history.", f.entries);
	metrics_time(b, "chatroom_tls_certificate_expiry_timestamp_seconds",
	    "When the TLS certificate in use expires, in seconds since the "
	    "epoch (0: plain TCP).", mx.tls_expiry);

	metrics_value(b, "chatroom_cluster_enabled", "gauge",
	    "1 if the hub is part of a cluster (--cluster).", f.cluster);
	metrics_value(b, "chatroom_cluster_redis_up", "gauge",
	    "1 if the hub is in contact with Redis and in step.",
	    f.cluster_up);
	metrics_value(b, "chatroom_cluster_degraded", "gauge",
	    "1 while split from Redis, serving this hub's users only.",
	    f.degraded);
	metrics_value(b, "chatroom_cluster_outbox_messages", "gauge",
	    "Messages held for Redis while split from it.", f.outbox);
}

/* Answer /metrics, /healthz, and nothing else. */
static void
metrics_http_cb(struct evhttp_request *req, void *arg)
{
	struct evkeyvalq	*headers;
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(req);
	const char		*path = NULL, *trouble;
	struct evbuffer		*body;

	headers = evhttp_request_get_output_headers(req);

	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		evhttp_add_header(headers, "Allow", "GET, HEAD");
		evhttp_send_error(req, 405, "Method Not Allowed");
		return;
	}
	if (uri != NULL)
		path = evhttp_uri_get_path(uri);
	if (path == NULL || (strcmp(path, "/metrics") != 0 &&
	    strcmp(path, "/healthz") != 0)) {
		evhttp_send_error(req, HTTP_NOTFOUND, NULL);
		return;
	}
	if ((body = evbuffer_new()) == NULL) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	if (strcmp(path, "/metrics") == 0) {
		metrics_expose(body);
		evhttp_add_header(headers, "Content-Type",
		    "text/plain; version=0.0.4; charset=utf-8");
		evhttp_send_reply(req, HTTP_OK, "OK", body);
	} else {
		evhttp_add_header(headers, "Content-Type",
		    "text/plain; charset=utf-8");
		evhttp_add_header(headers, "Cache-Control", "no-store");
		if (!mx.serving) {
			evbuffer_add_printf(body, "shutting down\n");
			evhttp_send_reply(req, 503, "Service Unavailable",
			    body);
		} else if ((trouble = history_journal_trouble()) != NULL) {
			evbuffer_add_printf(body, "%s\n", trouble);
			evhttp_send_reply(req, 503, "Service Unavailable",
			    body);
		} else if (mx.save_failing) {
			evbuffer_add_printf(body, "history not saved\n");
			evhttp_send_reply(req, 503, "Service Unavailable",
			    body);
		} else {
			evbuffer_add_printf(body, "ok\n");
			evhttp_send_reply(req, HTTP_OK, "OK", body);
		}
	}
	evbuffer_free(body);
}

/* Log the figures on one line. */
static void
metrics_log(const char *what)
{
	struct metrics_figures	f;
	char			cluster[96] = "";

	metrics_gather(&f);
	if (f.cluster) {
		snprintf(cluster, sizeof cluster, "; cluster %s, outbox %u",
		    f.cluster_up ? "up" : f.degraded ? "degraded" : "down",
		    f.outbox);
	}
	log_info("%s: %u connections (%llu accepted), %u users, %u waiting, "
	    "%u rooms, %llu members; %llu received, %llu delivered, %llu "
	    "bytes sent; dropped %llu for send queue, %llu for "
	    "flood (%llu refused); handshake failures %llu tls, %llu timeout, "
	    "%llu refused; %llu saves (%llu failed), %llu history entries%s",
	    what, f.open, (unsigned long long)f.accepted, f.users, f.waiting,
	    f.rooms, (unsigned long long)f.members,
	    (unsigned long long)f.received, (unsigned long long)f.delivered,
	    (unsigned long long)metrics.sent_bytes,
	    (unsigned long long)metrics.sendq_drops,
	    (unsigned long long)metrics.flood_drops,
	    (unsigned long long)metrics.flood_refusals,
	    (unsigned long long)metrics.handshake_failures[METRICS_HS_TLS],
	    (unsigned long long)metrics.handshake_failures[METRICS_HS_TIMEOUT],
	    (unsigned long long)metrics.handshake_failures[METRICS_HS_REFUSED],
	    (unsigned long long)mx.saves, (unsigned long long)mx.saves_failed,
	    (unsigned long long)f.entries, cluster);
}

/* --stats-interval: the figures in the log, now and then. */
static void
metrics_stats_cb(evutil_socket_t fd, short what, void *arg)
{
	metrics_log("stats");
}

/*
 * Listen for HTTP on [HOST]:PORT, HOST:PORT or PORT; without a host, on
 * the loopback address only: the figures are for the operator.
 */
static int
metrics_bind(const char *spec, char **cause)
{
	char		*host, *port;
	const char	*colon;
	long long	 n;

	if (*spec == '[') {
		if ((colon = strstr(spec, "]:")) == NULL) {
			xasprintf(cause, "bad --metrics: %s", spec);
			return (-1);
		}
		host = xstrndup(spec + 1, colon - spec - 1);
		port = xstrdup(colon + 2);
	} else if ((colon = strrchr(spec, ':')) != NULL) {
		host = xstrndup(spec, colon - spec);
		port = xstrdup(colon + 1);
	} else {
		host = xstrdup("");
		port = xstrdup(spec);
	}
	if (*host == '\0') {
		free(host);
		host = xstrdup("127.0.0.1");
	}
	if (parse_number(port, 1, 65535, &n) != 0) {
		xasprintf(cause, "bad --metrics port: %s", spec);
		goto fail;
	}
	if (evhttp_bind_socket_with_handle(mx.http, host, n) == NULL) {
		xasprintf(cause, "cannot listen for metrics on %s%s%s:%lld: "
		    "%s", strchr(host, ':') != NULL ? "[" : "", host,
		    strchr(host, ':') != NULL ? "]" : "", n, strerror(errno));
		goto fail;
	}
	log_info("metrics on http://%s%s%s:%lld/metrics",
	    strchr(host, ':') != NULL ? "[" : "", host,
	    strchr(host, ':') != NULL ? "]" : "", n);
	free(host);
	free(port);
	return (0);

fail:
	free(host);
	free(port);
	return (-1);
}

/*
 * Start what the options ask for: the HTTP server (--metrics) and the
 * periodic log line (--stats-interval).  Called when the hub is ready.
 */
int
metrics_init(struct event_base *base, struct server_opts *opts,
    char **cause)
{
	struct timeval	tv;

	mx.started = now_ms();
	mx.serving = 1;
	if (opts->metrics != NULL) {
		if ((mx.http = evhttp_new(base)) == NULL) {
			*cause = xstrdup("evhttp_new failed");
			return (-1);
		}
		evhttp_set_allowed_methods(mx.http, EVHTTP_REQ_GET |
		    EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
		    EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
		    EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
		evhttp_set_timeout(mx.http, 10);
		evhttp_set_max_headers_size(mx.http, 8192);
		evhttp_set_max_body_size(mx.http, 4096);
		evhttp_set_gencb(mx.http, metrics_http_cb, NULL);
		if (metrics_bind(opts->metrics, cause) != 0)
			return (-1);
	}
	if (opts->stats_interval > 0) {
		mx.stats = event_new(base, -1, EV_PERSIST, metrics_stats_cb,
		    NULL);
		tv.tv_sec = opts->stats_interval;
		tv.tv_usec = 0;
		evtimer_add(mx.stats, &tv);
	}
	return (0);
}

/* --stats-interval changed (a reload): the next line after the new one. */
void
metrics_set_stats_interval(struct event_base *base, int seconds)
{
	struct timeval	tv;

	if (seconds == 0) {
		if (mx.stats != NULL)
			event_del(mx.stats);
		return;
	}
	if (mx.stats == NULL)
		mx.stats = event_new(base, -1, EV_PERSIST, metrics_stats_cb,
		    NULL);
	tv.tv_sec = seconds;
	tv.tv_usec = 0;
	evtimer_add(mx.stats, &tv);
}

/* When the hub started serving, ms since the epoch (0: not yet). */
int64_t
metrics_started(void)
{
	return (mx.started);
}

/* At exit: the figures in the log once more, then free everything. */
void
metrics_free(void)
{
	u_int	i;

	if (mx.started != 0)
		metrics_log("final stats");
	if (mx.http != NULL)
		evhttp_free(mx.http);
	if (mx.stats != NULL)
		event_free(mx.stats);
	for (i = 0; i < metrics.nlisteners; i++)
		free(metrics.listeners[i].name);
	free(metrics.listeners);
	memset(&metrics, 0, sizeof metrics);
	memset(&mx, 0, sizeof mx);
}
