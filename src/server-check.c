/* SPDX-License-Identifier: ISC */
/* server-check.c: --check, and the files a start needs. */

#include <sys/types.h>

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <libgen.h>
#include <pwd.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "server.h"

/* A fault found, with the config file's line it came from (0: none). */
struct server_check_fault {
	int		 line;
	u_int		 n;		/* found n-th: the order within a line */
	char		*text;
};

static struct server_check_fault *server_check_faults;
static u_int		 server_check_nfaults;

static void	server_check_fault(const struct server_opts *, const char *,
		    char *);
static int	server_check_fault_cmp(const void *, const void *);
static int	server_check_report(void);
static void	server_check_files_into(struct server_opts *, int *);
static void	server_check_writes(struct server_opts *, int *);
static const char *server_check_user(uid_t);
static int	server_check_connect(const struct addrinfo *, const char **);
static void	server_check_cluster(struct server_opts *);

/*
 * Keep a fault (text, taken) of hub option name, to be told with the
 * others in the config file's order: an administrator fixing a copied
 * sample sees every missing file at once, top to bottom.
 */
static void
server_check_fault(const struct server_opts *opts, const char *name,
    char *text)
{
	struct server_check_fault	*f;

	server_check_faults = xreallocarray(server_check_faults,
	    server_check_nfaults + 1, sizeof *server_check_faults);
	f = &server_check_faults[server_check_nfaults];
	f->line = name != NULL ? server_opts_line(opts, name, NULL) : 0;
	f->n = server_check_nfaults++;
	f->text = text;
}

/* Command-line faults first, then by line, then as found. */
static int
server_check_fault_cmp(const void *a, const void *b)
{
	const struct server_check_fault	*fa = a, *fb = b;

	if (fa->line != fb->line)
		return (fa->line < fb->line ? -1 : 1);
	return (fa->n < fb->n ? -1 : fa->n > fb->n);
}

/* Tell the faults kept, in order, and forget them; -1 if there were any. */
static int
server_check_report(void)
{
	u_int	i, n = server_check_nfaults;

	if (n > 1)
		qsort(server_check_faults, n, sizeof *server_check_faults,
		    server_check_fault_cmp);
	for (i = 0; i < n; i++) {
		log_stderr("chatroom: %s\n", server_check_faults[i].text);
		free(server_check_faults[i].text);
	}
	free(server_check_faults);
	server_check_faults = NULL;
	server_check_nfaults = 0;
	return (n > 0 ? -1 : 0);
}

/* The files the options name that a start opens, in the table's order. */
static const char *const server_check_names[] = {
	"admin-password-file", "password-file", "motd-file",
	"cluster-password-file", "tls-cert", "tls-key"
};
#define SERVER_CHECK_NFILES \
	(sizeof server_check_names / sizeof server_check_names[0])

/*
 * Can the files the options name be opened?  If not, say which option
 * named the file and where (hub.conf:4: MOTD_FILE: /x: No such file or
 * directory): a path alone leaves an admin to guess.  Each file that
 * cannot be opened is marked in bad.
 */
static void
server_check_files_into(struct server_opts *opts, int *bad)
{
	const char	*paths[SERVER_CHECK_NFILES] = { opts->admin_password_file,
			    opts->password_file, opts->motd_file,
			    opts->cluster != NULL ?
			    opts->cluster_password_file : NULL,
			    opts->insecure ? NULL : opts->tls_cert,
			    opts->insecure ? NULL : opts->tls_key };
	const char	*name;
	char		*text;
	u_int		 i;
	int		 fd;

	for (i = 0; i < SERVER_CHECK_NFILES; i++) {
		bad[i] = 0;
		if (paths[i] == NULL)
			continue;
		if ((fd = open(paths[i], O_RDONLY)) == -1) {
			name = server_check_names[i];
			xasprintf(&text, "%s: %s: %s", server_opts_where(opts,
			    name, NULL), paths[i], strerror(errno));
			server_check_fault(opts, name, text);
			bad[i] = 1;
			continue;
		}
		close(fd);
	}
}

/* The files a start opens: every one that cannot be is told, in order. */
int
server_check_files(struct server_opts *opts)
{
	int	bad[SERVER_CHECK_NFILES];

	server_check_files_into(opts, bad);
	return (server_check_report());
}

/* Was the file of option name found unreadable by server_check_files? */
static int
server_check_bad(const int *bad, const char *name)
{
	u_int	i;

	for (i = 0; i < SERVER_CHECK_NFILES; i++) {
		if (strcmp(server_check_names[i], name) == 0)
			return (bad[i]);
	}
	return (0);
}

/*
 * Can the hub write where a start would make files: the log, and the
 * history's directory (its journals, and the first time its own TLS
 * pair, go there too)?  Told with where the setting came from, as
 * server_check_files does; *history_bad is set if the history's
 * directory is the fault.
 */
static void
server_check_writes(struct server_opts *opts, int *history_bad)
{
	const char	*why;
	char		*cause, *text;

	*history_bad = 0;
	if (opts->log_file != NULL && log_check(opts->log_file) != 0) {
		why = strerror(errno);
		xasprintf(&text, "%s: %s: %s", server_opts_where(opts,
		    "log-file", NULL), opts->log_file, why);
		server_check_fault(opts, "log-file", text);
	}
	if (config_check_dirs(opts->history, &cause) != 0) {
		xasprintf(&text, "%s: %s: %s", server_opts_where(opts,
		    "history", NULL), opts->history, cause);
		free(cause);
		server_check_fault(opts, "history", text);
		*history_bad = 1;
	}
}

/*
 * --check: read the settings' files as a start would, the history and
 * journals included, and resolve the addresses, but write nothing, take
 * no lock and bind nothing, so that a running hub's next configuration
 * can be tried beside it.  Every fault is told, in the config file's
 * order; a file that cannot be opened is not read again for its
 * contents.  Returns the exit status.
 */
int
server_check(struct server_opts *opts)
{
	struct addrinfo	*res;
	struct hist	 h;
	SSL_CTX		*ctx;
	uint64_t	 gen;
	char		*cert, *key, *cause, *secret = NULL;
	int		 replayed, rc = 0, bad[SERVER_CHECK_NFILES];
	int		 history_bad;
	u_int		 i;
	struct {
		const char	*name;
		const char	*path;
	} secrets[] = {
		{ "admin-password-file", opts->admin_password_file },
		{ "password-file", opts->password_file },
		{ "cluster-password-file", opts->cluster != NULL ?
		    opts->cluster_password_file : NULL },
	};

	server_check_files_into(opts, bad);
	server_check_writes(opts, &history_bad);
	for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		if (server_check_bad(bad, secrets[i].name))
			continue;
		if (server_secret_password(opts, secrets[i].name,
		    secrets[i].path, &secret, &cause) != 0) {
			server_check_fault(opts, secrets[i].name, cause);
			continue;
		}
		server_secret_free(secret);
	}
	if (opts->motd_file != NULL && !server_check_bad(bad, "motd-file")) {
		if (server_secret_motd(opts->motd_file, &secret, &cause) != 0)
			server_check_fault(opts, "motd-file", cause);
		else
			free(secret);
	}
	if (!opts->insecure && !server_check_bad(bad, "tls-cert") &&
	    !server_check_bad(bad, "tls-key")) {
		server_tls_paths(opts, &cert, &key);
		/* The hub's own pair is made at the first start. */
		if (opts->tls_cert != NULL || access(cert, F_OK) == 0 ||
		    access(key, F_OK) == 0) {
			if ((ctx = server_tls_ctx(opts, cert, key,
			    &cause)) == NULL)
				server_check_fault(opts, opts->tls_cert !=
				    NULL ? "tls-cert" : "history", cause);
			else {
				server_tls_expiry_of(ctx, 0);	/* as a start warns */
				SSL_CTX_free(ctx);
			}
		}
		free(cert);
		free(key);
	} else if (opts->insecure &&
	    (opts->tls_cert != NULL || opts->tls_key != NULL))
		log_warnx("--insecure: --tls-cert and --tls-key (TLS_CERT, "
		    "TLS_KEY) are ignored");
	if (!history_bad) {
		if ((rc = history_load(opts->history, opts->history_size, &h,
		    &cause)) != 0 || history_replay(opts->history,
		    opts->history_size, &h, &gen, &replayed, 1, &cause) != 0)
			server_check_fault(opts, "history", cause);
		history_free(&h);
	}
	if (server_check_report() != 0)
		return (1);
	if (server_resolve(opts->listen, 0, &res) != 0)
		return (1);
	freeaddrinfo(res);
	for (i = 0; i < opts->nirc_listen; i++) {
		if (server_resolve(opts->irc_listen[i], 1, &res) != 0)
			return (1);
		freeaddrinfo(res);
	}
	server_check_cluster(opts);
	printf(_("chatroom: configuration OK\n"));
	return (0);
}

/*
 * Can a connection to the --cluster address be opened (within 3
 * seconds)?  0, or -1 with the reason in *why.
 */
static int
server_check_connect(const struct addrinfo *ai, const char **why)
{
	struct pollfd	pfd;
	socklen_t	len;
	int		fd, error = 0;

	if ((fd = socket(ai->ai_family, ai->ai_socktype,
	    ai->ai_protocol)) == -1) {
		*why = strerror(errno);
		return (-1);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1 &&
	    errno != EINPROGRESS)) {
		*why = strerror(errno);
		close(fd);
		return (-1);
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 3000) != 1) {
		*why = strerror(ETIMEDOUT);
		close(fd);
		return (-1);
	}
	len = sizeof error;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == -1)
		error = errno;
	close(fd);
	if (error != 0) {
		*why = strerror(error);
		return (-1);
	}
	return (0);
}

/*
 * The --cluster address: a start with a Redis it cannot reach runs, and
 * serves its own users only until Redis answers, so the check warns, as
 * for a certificate near its end, and passes.  Nothing is sent to Redis.
 */
static void
server_check_cluster(struct server_opts *opts)
{
	struct addrinfo	 hints, *res, *ai;
	const char	*where, *why = NULL;
	char		*host, port[16];
	int		 n, error;

	if (opts->cluster == NULL ||
	    (host = cluster_url_host(opts->cluster, &n)) == NULL)
		return;
	where = server_opts_where(opts, "cluster", NULL);
	snprintf(port, sizeof port, "%d", n);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((error = getaddrinfo(host, port, &hints, &res)) != 0) {
		log_stderr(_("chatroom: warning: %s: the Redis host %s is not "
		    "found (%s): a hub started now would serve only its own "
		    "users, until it is found\n"), where, host, gai_strerror(error));
		free(host);
		return;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (server_check_connect(ai, &why) == 0)
			break;
	}
	if (ai == NULL)
		log_stderr(_("chatroom: warning: %s: nothing answers on %s "
		    "port %s (%s): a hub started now would serve only its own "
		    "users, until Redis answers\n"), where, host, port, why);
	freeaddrinfo(res);
	free(host);
}

/* A user's name, or the number when it has none. */
static const char *
server_check_user(uid_t uid)
{
	static char	 name[64];
	struct passwd	*pw;

	if ((pw = getpwuid(uid)) != NULL)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "%lu", (u_long)uid);
	return (name);
}

/*
 * Run as root on a history directory another user owns (the service's
 * /var/lib/chatroom), a start would leave files that user cannot read,
 * and the service would not start again: refuse.  A --check as root may
 * pass files that user cannot read: warn.  0 if all is well.
 */
int
server_check_owner(struct server_opts *opts)
{
	struct stat	 sb;
	char		*copy, *dir;
	int		 rc = 0;

	if (geteuid() != 0)
		return (0);
	copy = xstrdup(opts->history);
	dir = dirname(copy);
	if (stat(dir, &sb) == 0 && sb.st_uid != 0) {
		if (opts->check) {
			log_stderr(_("chatroom: warning: checked as root, but "
			    "%s belongs to %s, who runs the hub: files only "
			    "root can read pass here; check as that user: "
			    "runuser -u %s -- chatroom --serve --check ...\n"),
			    dir, server_check_user(sb.st_uid),
			    server_check_user(sb.st_uid));
		} else {
			log_stderr("chatroom: running as root, but %s belongs "
			    "to %s: the files the hub made there would be "
			    "root's, which %s cannot read; run the hub as "
			    "that user: runuser -u %s -- chatroom --serve ...\n",
			    dir, server_check_user(sb.st_uid),
			    server_check_user(sb.st_uid),
			    server_check_user(sb.st_uid));
			rc = -1;
		}
	}
	free(copy);
	return (rc);
}
