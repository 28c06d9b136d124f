/* SPDX-License-Identifier: ISC */
/* server.c: the hub's lifecycle: listeners, signals, timers, exit. */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/resource.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <netdb.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

struct server {
	struct event_base	 *base;
	struct server_opts	 *opts;
	struct evconnlistener	**listeners;
	u_int			  nlisteners;
	struct event		 *sigint;
	struct event		 *sigterm;
	struct event		 *sighup;
	struct event		 *sigusr1;
	struct event		 *sigusr2;
	struct event		 *flush;
	struct event		 *exit_timer;
	struct event		 *accept_timer;	/* re-enables accepting */
	int			  accept_backoff; /* ms */
};
static struct server	*server;
static u_int		 server_fd_cap = (u_int)-1;

static int	server_listen(const char *, int);
static void	server_fd_init(const struct server_opts *);
static void	server_accept_cb(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static void	server_accept_error_cb(struct evconnlistener *, void *);
static void	server_signal_cb(evutil_socket_t, short, void *);
static void	server_reload_cb(evutil_socket_t, short, void *);
static int	server_tty_alive(void);
static int	server_tty_start(void);
static void	server_ignore_cb(evutil_socket_t, short, void *);
static void	server_flush_cb(evutil_socket_t, short, void *);
static void	server_exit_cb(evutil_socket_t, short, void *);
static void	server_accept_resume_cb(evutil_socket_t, short, void *);
static void	server_stop(void);
static void	server_bind_name(const struct sockaddr *, socklen_t, char *,
		    size_t);
static void	server_reload_keep(char **, const char *);
static u_int	server_reload_apply(struct server_opts *);
static void	server_reload_history(void);

/* An address as the log gives it: 127.0.0.1:6697 or [::1]:6697. */
static void
server_bind_name(const struct sockaddr *sa, socklen_t len, char *name,
    size_t size)
{
	char	host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(name, size, "?");
		return;
	}
	snprintf(name, size, "%s%s%s:%s", sa->sa_family == AF_INET6 ?
	    "[" : "", host, sa->sa_family == AF_INET6 ? "]" : "", serv);
}

/*
 * Bind one address; IPv6 sockets are IPv6-only so both families bind.
 * The address that failed, and why, in failed and *err.
 */
static int
server_bind(struct addrinfo *ai, int irc, char *failed, size_t len, int *err)
{
	struct evconnlistener	*l;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	char			 name[NI_MAXHOST + NI_MAXSERV + 4];
	int			 fd, one = 1;
	u_int			 n;

	server_bind_name(ai->ai_addr, ai->ai_addrlen, name, sizeof name);
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, ai->ai_protocol);
	if (fd == -1) {
		*err = errno;
		snprintf(failed, len, "%s", name);
		return (-1);
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 512) != 0) {
		*err = errno;
		snprintf(failed, len, "%s", name);
		close(fd);
		errno = *err;
		return (-1);
	}
	/* Port 0 takes any free port: name the one taken. */
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == 0)
		server_bind_name((struct sockaddr *)&ss, sslen, name,
		    sizeof name);
	/* The port to name to an IRC client that came to another one. */
	if (irc && server_irc_port() == NULL && strrchr(name, ':') != NULL)
		server_set_irc_port(strrchr(name, ':') + 1);
	n = metrics_listener_add(name, server_tls() != NULL, irc);
	/* The listener's number, and whether it speaks IRC, in one word. */
	l = evconnlistener_new(server->base, server_accept_cb,
	    (void *)(uintptr_t)(n << 1 | (irc != 0)), LEV_OPT_CLOSE_ON_FREE,
	    -1, fd);
	if (l == NULL) {
		close(fd);
		return (-1);
	}
	evconnlistener_set_error_cb(l, server_accept_error_cb);
	server->listeners = xreallocarray(server->listeners,
	    server->nlisteners + 1, sizeof *server->listeners);
	server->listeners[server->nlisteners++] = l;
	log_info("listening on %s%s", name, irc ? " (IRC)" : "");
	return (0);
}

/*
 * Resolve [HOST]:PORT (all addresses when HOST is empty).  For IRC a
 * HOST alone is on the usual port: 6697 with TLS, 6667 without.
 */
int
server_resolve(const char *spec, int irc, struct addrinfo **res)
{
	struct addrinfo	 hints;
	char		*host = NULL, *port;
	const char	*colon, *opt = irc ? "--irc-listen" : "--listen";
	const char	*dflt = server->opts->insecure ? "6667" : "6697";
	int		 error;

	if (*spec == '[') {
		if ((colon = strstr(spec, "]:")) == NULL) {
			if (!irc || spec[strlen(spec) - 1] != ']') {
				log_stderr("chatroom: bad %s: %s\n", opt,
				    spec);
				return (-1);
			}
			host = xstrndup(spec + 1, strlen(spec) - 2);
			port = xstrdup(dflt);
		} else {
			host = xstrndup(spec + 1, colon - spec - 1);
			port = xstrdup(colon + 2);
		}
	} else if ((colon = strrchr(spec, ':')) != NULL) {
		if (colon != spec)
			host = xstrndup(spec, colon - spec);
		port = xstrdup(colon + 1);
	} else if (irc) {
		host = xstrdup(spec);
		port = xstrdup(dflt);
	} else
		port = xstrdup(spec);

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	error = getaddrinfo(host, port, &hints, res);
	free(host);
	free(port);
	if (error != 0) {
		log_stderr("chatroom: %s: %s: %s\n", server_opts_where(
		    server->opts, opt + 2, irc ? spec : NULL), spec,
		    gai_strerror(error));
		return (-1);
	}
	return (0);
}

/*
 * Listen on [HOST]:PORT, on each of its addresses.  An address that
 * fails beside one that works is a warning; when none works, the error
 * is said once, as the reason the hub does not start.
 */
static int
server_listen(const char *spec, int irc)
{
	struct addrinfo	*res, *ai;
	char		 failed[NI_MAXHOST + NI_MAXSERV + 4];
	int		 ok = 0, nfailed = 0, err = 0;

	if (server_resolve(spec, irc, &res) != 0)
		return (-1);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (server_bind(ai, irc, failed, sizeof failed, &err) == 0)
			ok = 1;
		else if (ok)
			log_warnx("cannot listen on %s: %s", failed,
			    strerror(err));
		else
			nfailed++;
	}
	freeaddrinfo(res);
	if (!ok) {
		log_stderr("chatroom: cannot listen on %s: %s\n", spec,
		    strerror(err));
		if (log_has_file())
			log_warnx("cannot listen on %s: %s", spec,
			    strerror(err));
		return (-1);
	}
	if (nfailed > 0)
		log_warnx("cannot listen on %s: %s (%d of its addresses)",
		    spec, strerror(err), nfailed);
	return (0);
}

/* A new connection. */
static void
server_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	char	host[NI_MAXHOST], serv[NI_MAXSERV], *ip;
	char	addr[NI_MAXHOST + NI_MAXSERV + 4];

	if (server_stopping()) {
		close(fd);
		return;
	}
	server->accept_backoff = 0;
	if (getnameinfo(sa, salen, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(host, sizeof host, "unknown");
		snprintf(addr, sizeof addr, "unknown");
	}
	else if (sa->sa_family == AF_INET6)
		snprintf(addr, sizeof addr, "[%s]:%s", host, serv);
	else
		snprintf(addr, sizeof addr, "%s:%s", host, serv);
	/* Bans and per-address counts compare canonical addresses. */
	if ((ip = ban_canonical_address(host)) == NULL)
		ip = xstrdup(host);
	server_client_accept(server->base, fd, addr, ip, (uintptr_t)arg >> 1,
	    (uintptr_t)arg & 1);
	free(ip);
}

/*
 * accept() failed.  Out of file descriptors, the pending connection stays
 * in the backlog and the listener would fire again at once: stop accepting
 * for a while (backing off up to two seconds) and keep serving the others.
 */
static void
server_accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct timeval	tv;
	int		err = errno;
	u_int		i;

	if (err != EMFILE && err != ENFILE && err != ENOBUFS &&
	    err != ENOMEM) {
		log_warn("accept");
		return;
	}
	server->accept_backoff = server->accept_backoff == 0 ? 100 :
	    server->accept_backoff * 2;
	if (server->accept_backoff > 2000)
		server->accept_backoff = 2000;
	log_warnx("accept: %s; pausing for %d ms", strerror(err),
	    server->accept_backoff);
	for (i = 0; i < server->nlisteners; i++)
		evconnlistener_disable(server->listeners[i]);
	tv.tv_sec = server->accept_backoff / 1000;
	tv.tv_usec = (server->accept_backoff % 1000) * 1000;
	evtimer_add(server->accept_timer, &tv);
}

/* Accept again after a pause. */
static void
server_accept_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	u_int	i;

	if (server_stopping())
		return;
	for (i = 0; i < server->nlisteners; i++)
		evconnlistener_enable(server->listeners[i]);
}

/* The signals the hub handles, by the names kill(1) and admins use. */
static const struct {
	int		 sig;
	const char	*name;
} server_signal_names[] = {
	{ SIGHUP, "SIGHUP" },
	{ SIGINT, "SIGINT" },
	{ SIGTERM, "SIGTERM" },
	{ SIGUSR1, "SIGUSR1" },
	{ SIGUSR2, "SIGUSR2" },
};

/* A signal's name for the log ("SIGHUP"), or its number. */
static const char *
server_signal_name(int sig)
{
	static char	buf[32];
	u_int		i;

	for (i = 0; i < sizeof server_signal_names /
	    sizeof server_signal_names[0]; i++) {
		if (server_signal_names[i].sig == sig)
			return (server_signal_names[i].name);
	}
	snprintf(buf, sizeof buf, "signal %d", sig);
	return (buf);
}

/* SIGINT or SIGTERM: shut down cleanly. */
static void
server_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	log_info("received %s", server_signal_name(sig));
	server_shutdown("the hub is shutting down");
}

/*
 * SIGUSR2: other daemons reopen their logs or dump state on it, and by
 * default it would end the hub on the spot, unsaved.
 */
static void
server_ignore_cb(evutil_socket_t sig, short what, void *arg)
{
	log_warnx("received %s: ignored (SIGHUP reloads, SIGUSR1 writes a "
	    "backup, SIGTERM stops)", server_signal_name(sig));
}

/* SIGUSR1: a backup of the history, beside it. */
static void
server_backup_cb(evutil_socket_t sig, short what, void *arg)
{
	server_save_backup();
}

/* The hub started with a controlling terminal (run by hand). */
static int	server_had_tty;

/*
 * Does the hub have a controlling terminal that works?  Once the
 * terminal hangs up, the kernel detaches it and opening /dev/tty fails.
 */
static int
server_tty_alive(void)
{
	int	fd;

	if ((fd = open("/dev/tty", O_RDWR|O_NOCTTY|O_NONBLOCK|O_CLOEXEC)) ==
	    -1)
		return (0);
	close(fd);
	return (1);
}

/*
 * Does the hub run on a terminal whose loss should stop it?  It has a
 * controlling terminal, and was not started by nohup (SIGHUP ignored,
 * until the hub catches it), which asks for it to outlive the terminal.
 */
static int
server_tty_start(void)
{
	struct sigaction	sa;

	if (sigaction(SIGHUP, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return (0);
	return (server_tty_alive());
}

/*
 * SIGHUP: reload what an administrator changes while the hub runs.  But
 * a hub started on a terminal that is gone (its window was closed) was
 * hung up, as any program run there: it saves and exits rather than live
 * on unseen, holding its history file.
 */
static void
server_reload_cb(evutil_socket_t sig, short what, void *arg)
{
	if (server_had_tty && !server_tty_alive()) {
		log_info("received %s: the terminal is gone",
		    server_signal_name(sig));
		server_shutdown("the hub is shutting down");
		return;
	}
	log_info("received %s: reloading", server_signal_name(sig));
	server_reload();
}

/*
 * Read the hub's config file again (the one it started with, if any),
 * open the log file again, and read the TLS certificate and key, the
 * operator and hub passwords and the message of the day again, from the
 * paths the file now gives.  A file with an error, or with a value a
 * start would refuse (server_opts_check), changes nothing: no other file
 * is read, since the administrator is still editing, and a new operator
 * password beside a typo must not end operators' status meanwhile; only
 * the log file is opened again, for logrotate.  A certificate, password
 * or message of the day that cannot be read is logged and the hub keeps
 * what it had, under the old path: a bad file never stops a running
 * hub.  Then each setting a running hub can change is applied and
 * logged; the others (listening addresses, the history file, the
 * cluster) wait for a restart, and the log says so.  Connections keep
 * the certificate they were made with.  Public, so that an operator's
 * command (such as IRC's REHASH) may do the same.
 */
void
server_reload(void)
{
	struct server_opts	*opts = server->opts, next, *use = opts;
	int			 failed = 0;
	u_int			 waiting = 0;
	char			*cause;

	if (log_reopen() != 0)
		failed = 1;
	if (opts->config != NULL) {
		if (server_opts_reread(opts, &next, &cause) != 0) {
			log_warnx("reload: %s; keeping the settings in use, "
			    "and the certificate, passwords and message of "
			    "the day", cause);
			free(cause);
			log_info("reloaded only the log file: the "
			    "configuration file was refused");
			return;
		}
		use = &next;
	}
	if (server_tls_reload(use) != 0) {
		if (use == &next) {
			server_reload_keep(&next.tls_cert, opts->tls_cert);
			server_reload_keep(&next.tls_key, opts->tls_key);
		}
		failed = 1;
	}
	if (server_secret_reload(use) != 0) {
		log_warnx("reload: keeping the passwords and message of the "
		    "day in use");
		if (use == &next) {
			server_reload_keep(&next.admin_password_file,
			    opts->admin_password_file);
			server_reload_keep(&next.password_file,
			    opts->password_file);
			server_reload_keep(&next.motd_file, opts->motd_file);
		}
		failed = 1;
	}
	if (use == &next) {
		waiting = server_reload_apply(&next);
		server_opts_free(&next);
	}
	log_info("reloaded%s%s", failed ? ", with warnings" : "",
	    waiting > 0 ? "; the settings said above wait for the next "
	    "restart" : "");
}

/* A path whose file could not be read: the reread keeps the old one. */
static void
server_reload_keep(char **path, const char *in_use)
{
	free(*path);
	*path = in_use != NULL ? xstrdup(in_use) : NULL;
}

/*
 * Take the settings a reread found, and do what a changed one needs
 * beyond the new value (most are read where they are used): the log
 * level, the connections' deadlines, the periodic timers, the budget
 * of the history's messages.  Returns how many changed settings wait
 * for a restart.
 */
static u_int
server_reload_apply(struct server_opts *next)
{
	struct server_opts	*opts = server->opts;
	struct server_opts	 was = *opts;	/* its numbers only */
	struct timeval		 tv;
	u_int			 waiting;

	if (server_opts_update(opts, next, &waiting) == 0) {
		if (waiting == 0)
			log_info("reload: %s: no setting changed",
			    opts->config);
		else
			log_info("reload: %s: no other setting changed",
			    opts->config);
		return (waiting);
	}
	log_level = opts->verbosity;
	if (opts->ping_timeout != was.ping_timeout ||
	    opts->handshake_timeout != was.handshake_timeout)
		server_client_due_retime();
	if (opts->stats_interval != was.stats_interval)
		metrics_set_stats_interval(server->base, opts->stats_interval);
	if (opts->flush_interval != was.flush_interval) {
		tv.tv_sec = opts->flush_interval;
		tv.tv_usec = 0;
		evtimer_add(server->flush, &tv);
	}
	if (opts->history_size != was.history_size ||
	    opts->room_history_bytes != was.room_history_bytes ||
	    opts->history_bytes != was.history_bytes)
		server_reload_history();
	return (waiting);
}

/*
 * The history's limits changed: each room keeps at most the new number
 * and size of messages, and all rooms the new total, the oldest going
 * first; a snapshot without them is due.
 */
static void
server_reload_history(void)
{
	struct server_opts	*opts = server->opts;
	struct room		*room;
	size_t			 bytes = message_kept_bytes();
	uint64_t		 gone = 0;

	TAILQ_FOREACH(room, &room_list, entry) {
		gone += room->ring.count;
		ring_set_size(&room->ring, opts->history_size);
		ring_set_budget(&room->ring, opts->room_history_bytes);
		gone -= room->ring.count;
	}
	message_set_budget(opts->history_bytes);
	if (gone > 0 || message_kept_bytes() < bytes)
		server_mark_dirty();
}

/* Periodic flush: expire idle claims, journal and save the history. */
static void
server_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	static int64_t	last_expiry, last_sweep, last_tls;
	int64_t		now = now_ms();

	if (now - last_expiry > 3600 * 1000) {
		last_expiry = now;
		claim_expire(now - (int64_t)server->opts->claim_days * 86400 *
		    1000);
	}
	ban_expire(now);
	if (last_tls == 0)
		last_tls = now;		/* checked at start-up */
	else if (now - last_tls > 86400 * 1000) {
		last_tls = now;
		server_tls_expiry();
	}
	if (now - last_sweep > 60 * 1000) {
		last_sweep = now;
		server_addr_expire();
		log_burst_flush();
#ifdef HAVE_MALLOC_TRIM
		malloc_trim(0);		/* see server_main */
#endif
	}
	/* In a cluster, other hubs may have members or speak: rooms stay. */
	if (server->opts->room_expire > 0 && !cluster_enabled())
		room_expire(now, (int64_t)server->opts->room_expire * 1000);
	server_save_tick();
	server_irc_seen_save(0);
}

/* Leave the loop once clients are gone or the grace time is over. */
static void
server_exit_cb(evutil_socket_t fd, short what, void *arg)
{
	struct timeval	tv = { 0, 50000 };
	static int	ticks;

	if (server_save_holding())
		;	/* a last chance for what the disk could not take */
	else if ((server_client_count() == 0 &&
	    !server_backend()->busy()) || ++ticks > 60) {
		event_base_loopexit(server->base, NULL);
		return;
	}
	evtimer_add(server->exit_timer, &tv);
}

/*
 * The clients were told the hub is stopping (server_shutdown): stop
 * accepting, save the history, and leave the loop once they are gone.
 */
static void
server_stop(void)
{
	struct timeval	tv = { 0, 0 };
	u_int		i;

	metrics_stop();
	for (i = 0; i < server->nlisteners; i++)
		evconnlistener_disable(server->listeners[i]);
	server_save_stop();
	server_save_final();
	evtimer_add(server->exit_timer, &tv);
}

/*
 * Size the connections to the open-files limit, as ngircd and InspIRCd
 * do: the soft limit is raised to the hard one, and if --max-clients
 * connections (and the hub's own files) still do not fit, the operator is
 * told at start and connections stop CR_FD_RESERVE descriptors short of
 * the limit, so that the history, its journal and the logs can always be
 * written.
 */
static void
server_fd_init(const struct server_opts *opts)
{
	struct rlimit	rl;
	rlim_t		want;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		log_warn("getrlimit");
		return;
	}
	want = (rlim_t)opts->max_clients + CR_FD_RESERVE;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want &&
	    rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want)
			rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
			log_warn("setrlimit");
			getrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return;
	server_fd_cap = rl.rlim_cur > 2 * CR_FD_RESERVE ?
	    (u_int)(rl.rlim_cur - CR_FD_RESERVE) : (u_int)rl.rlim_cur / 2;
	log_warnx("--max-clients %d needs %llu open files, but the limit is "
	    "%llu (ulimit -n): at most %u connections will be accepted; "
	    "raise the limit or lower --max-clients", opts->max_clients,
	    (unsigned long long)want, (unsigned long long)rl.rlim_cur,
	    server_fd_cap);
}

/* Run the hub until it is shut down. */
int
server_main(struct server_opts *opts)
{
	struct event_config	*cfg;
	struct hist		 h;
	struct timeval		 tv;
	uint64_t		 gen;
	int			 replayed;
	size_t			 loaded, kept;
	u_int			 renumbered, dropped, nrooms, nsessions;
	char			*cause, *oper_password = NULL;
	char			*hub_password = NULL, *motd = NULL;
	u_int			 i;
	int			 rc, fresh;
	int64_t			 start = now_ms();

	server = xcalloc(1, sizeof *server);
	server->opts = opts;
	server_fd_init(opts);
	cfg = event_config_new();
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	server->base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	if (server->base == NULL)
		fatalx("event_base_new failed");
	server_init(server->base, opts);
	server_set_fd_cap(server_fd_cap);
	/* IRC users see the hub's name as a server's: no user may take it. */
	proto_hold_hub_name(server_irc_name());
	server_set_stop(server_stop);
	server_set_reload(server_reload);
	signal(SIGPIPE, SIG_IGN);
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
	/*
	 * The fan-out makes and frees each pass's output arrays all the time;
	 * with glibc's defaults, a free near the top of the heap gave its
	 * pages back and the next pass took them again: brk calls and fresh
	 * zeroed pages every pass.  The heap is trimmed on purpose instead,
	 * after a burst of TLS handshakes and once a minute.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif

	if (server_check_owner(opts) != 0)
		return (1);
	if (opts->check) {
		rc = server_check(opts);
		event_base_free(server->base);
		free(server);
		server = NULL;
		return (rc);
	}
	if (server_check_files(opts) != 0)
		return (1);
	if (server_secret_password(opts, "admin-password-file",
	    opts->admin_password_file, &oper_password, &cause) != 0 ||
	    server_secret_password(opts, "password-file", opts->password_file,
	    &hub_password, &cause) != 0 ||
	    (opts->motd_file != NULL &&
	    server_secret_motd(opts->motd_file, &motd, &cause) != 0)) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		server_secret_free(oper_password);
		server_secret_free(hub_password);
		return (1);
	}
	server_set_secrets(oper_password, hub_password, motd);

	if (make_parent_dirs(opts->history, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (1);
	}
	if (history_lock(opts->history, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		if (opts->log_file != NULL)
			log_warnx("%s", cause);
		free(cause);
		return (1);
	}
	/* Only for the log: whether it loads a file or starts one. */
	fresh = access(opts->history, F_OK) != 0 && errno == ENOENT;
	if (history_load(opts->history, opts->history_size, &h,
	    &cause) != 0 || history_replay(opts->history, opts->history_size, &h,
	    &gen, &replayed, 0, &cause) != 0) {
		history_free(&h);
		log_stderr("chatroom: %s\n", cause);
		if (opts->log_file != NULL)
			log_warnx("%s", cause);
		free(cause);
		return (1);
	}
	if (server_tls_init(opts) != 0) {
		history_free(&h);
		return (1);
	}
	/*
	 * What can still fail (an address in use, the metrics' included, a
	 * host that does not resolve) before a new journal is made: a hub
	 * restarted again and again must not leave one behind each time.
	 * No connection is taken before the event loop runs, with
	 * everything loaded.
	 */
	if (server_listen(opts->listen, 0) != 0) {
		history_free(&h);
		return (1);
	}
	for (i = 0; i < opts->nirc_listen; i++) {
		if (server_listen(opts->irc_listen[i], 1) != 0) {
			history_free(&h);
			return (1);
		}
	}
	if (metrics_init(server->base, opts, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		if (log_has_file())
			log_warnx("%s", cause);
		free(cause);
		history_free(&h);
		return (1);
	}
	history_clean_temp(opts->history);
	if (history_journal_open(opts->history, gen, replayed, &cause) != 0) {
		log_stderr("chatroom: cannot start the journal: %s\n",
		    cause);
		free(cause);
		history_free(&h);
		return (1);
	}

	server_note_id(h.next_id - 1);
	server_save_init(opts, h.next_id);
	for (i = 0, loaded = 0; i < h.nrooms; i++)
		loaded += h.rooms[i].ring.count;
	renumbered = room_from_hist(&h, opts->history_size);
	kept = message_set_budget(opts->history_bytes);
	claim_from_hist(&h);
	ban_from_hist(&h);
	dropped = session_from_hist(&h);
	history_free(&h);
	claim_expire(now_ms() - (int64_t)opts->claim_days * 86400 * 1000);
	server_take_dirty();
	/* To the limits, with room numbers, without operators dropped. */
	if (kept < loaded || renumbered > 0 || dropped > 0)
		server_mark_dirty();
	if (room_find(CR_LOBBY) == NULL)
		room_create(CR_LOBBY, "", now_ms());
	nrooms = room_count();
	nsessions = session_count();
	log_info("%s %s: %u room%s, %u session%s, next id %llu, %lld ms",
	    fresh ? "no history file yet: starting a new one at" :
	    "history loaded from", opts->history, nrooms, nrooms == 1 ? "" :
	    "s", nsessions, nsessions == 1 ? "" : "s",
	    (unsigned long long)server_peek_id(),
	    (long long)(now_ms() - start));

	if (cluster_init(opts) != 0)
		return (1);
	if (cluster_enabled())
		server_set_backend(&cluster_backend);

	server->sigint = evsignal_new(server->base, SIGINT, server_signal_cb,
	    NULL);
	server->sigterm = evsignal_new(server->base, SIGTERM,
	    server_signal_cb, NULL);
	server_had_tty = server_tty_start();
	server->sighup = evsignal_new(server->base, SIGHUP, server_reload_cb,
	    NULL);
	evsignal_add(server->sigint, NULL);
	evsignal_add(server->sigterm, NULL);
	evsignal_add(server->sighup, NULL);
	server->sigusr1 = evsignal_new(server->base, SIGUSR1,
	    server_backup_cb, NULL);
	server->sigusr2 = evsignal_new(server->base, SIGUSR2,
	    server_ignore_cb, NULL);
	evsignal_add(server->sigusr1, NULL);
	evsignal_add(server->sigusr2, NULL);
	server->flush = event_new(server->base, -1, EV_PERSIST,
	    server_flush_cb, NULL);
	tv.tv_sec = opts->flush_interval;
	tv.tv_usec = 0;
	evtimer_add(server->flush, &tv);
	server->exit_timer = evtimer_new(server->base, server_exit_cb, NULL);
	server->accept_timer = evtimer_new(server->base,
	    server_accept_resume_cb, NULL);
	server_save_start();

	log_info("%s hub ready", PACKAGE_STRING);
	event_base_dispatch(server->base);
	log_info("hub stopped");
	server_irc_seen_save(1);
	metrics_free();

	for (i = 0; i < server->nlisteners; i++)
		evconnlistener_free(server->listeners[i]);
	free(server->listeners);
	event_free(server->sigint);
	event_free(server->sigterm);
	event_free(server->sighup);
	event_free(server->sigusr1);
	event_free(server->sigusr2);
	util_exiting();
	event_free(server->flush);
	event_free(server->exit_timer);
	event_free(server->accept_timer);
	rc = server_save_free();
	server_irc_seen_free();
	session_free_all();
	server_addr_free_all();
	cluster_free();
	room_free_all();
	claim_free_all();
	ban_free_all();
	auth_free_all();
	server_free_state();
	proto_hold_hub_name(NULL);
	event_base_free(server->base);
	free(server);
	server = NULL;
	return (rc);
}
