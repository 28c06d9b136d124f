/* SPDX-License-Identifier: ISC */
/* chatroom.c: main(): locale, options, and the choice of role. */

#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "server.h"

enum {
	OPT_SERVE = 256,
	OPT_BATCH,
	OPT_JSON,
	OPT_LIVE,
	OPT_CONFIG,
	OPT_LISTEN,
	OPT_HISTORY,
	OPT_FLUSH,
	OPT_HISTORY_SIZE,
	OPT_REPLAY,
	OPT_RESUME,
	OPT_ADMIN,
	OPT_LOG_FILE,
	OPT_LOG_MESSAGES,
	OPT_FLOOD_BURST,
	OPT_FLOOD_RATE,
	OPT_MAX_PER_IP,
	OPT_MAX_CLIENTS,
	OPT_HANDSHAKE,
	OPT_PING,
	OPT_SENDQ,
	OPT_HISTORY_BYTES,
	OPT_ROOM_HISTORY_BYTES,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_INSECURE,
	OPT_TRUST,
	OPT_CLAIM_DAYS,
	OPT_MOTD,
	OPT_PASSWORD,
	OPT_CLUSTER,
	OPT_CLUSTER_PASSWORD,
	OPT_METRICS,
	OPT_STATS_INTERVAL,
	OPT_CLUSTER_TTL,
	OPT_IRC_LISTEN,
	OPT_IRC_SERVER_NAME,
	OPT_IRC_AUTOJOIN,
	OPT_LOGIN_BURST,	/* the limits of server_limits[], in order */
	OPT_LOGIN_RATE,
	OPT_CHURN,
	OPT_GHOSTS_PER_IP,
	OPT_GHOSTS,
	OPT_ROOM_BURST,
	OPT_ROOM_RATE,
	OPT_ROOM_EXPIRE,
	OPT_CLAIMS_PER_KEY,
	OPT_CLAIMS_PER_IP,
	OPT_CLAIMS,
	OPT_NO_LOGS,
	OPT_NO_MOUSE,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option chatroom_options[] = {
	{ "serve", no_argument, NULL, OPT_SERVE },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "flush-interval", required_argument, NULL, OPT_FLUSH },
	{ "history-size", required_argument, NULL, OPT_HISTORY_SIZE },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "resume-timeout", required_argument, NULL, OPT_RESUME },
	{ "admin-password-file", required_argument, NULL, OPT_ADMIN },
	{ "log-file", required_argument, NULL, OPT_LOG_FILE },
	{ "log-messages", no_argument, NULL, OPT_LOG_MESSAGES },
	{ "flood-burst", required_argument, NULL, OPT_FLOOD_BURST },
	{ "flood-rate", required_argument, NULL, OPT_FLOOD_RATE },
	{ "max-clients-per-ip", required_argument, NULL, OPT_MAX_PER_IP },
	{ "max-clients", required_argument, NULL, OPT_MAX_CLIENTS },
	{ "handshake-timeout", required_argument, NULL, OPT_HANDSHAKE },
	{ "ping-timeout", required_argument, NULL, OPT_PING },
	{ "send-queue", required_argument, NULL, OPT_SENDQ },
	{ "history-bytes", required_argument, NULL, OPT_HISTORY_BYTES },
	{ "room-history-bytes", required_argument, NULL,
	    OPT_ROOM_HISTORY_BYTES },
	{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
	{ "tls-key", required_argument, NULL, OPT_TLS_KEY },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "irc-listen", required_argument, NULL, OPT_IRC_LISTEN },
	{ "irc-server-name", required_argument, NULL, OPT_IRC_SERVER_NAME },
	{ "irc-autojoin", required_argument, NULL, OPT_IRC_AUTOJOIN },
	{ "no-logs", no_argument, NULL, OPT_NO_LOGS },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "trust", required_argument, NULL, OPT_TRUST },
	{ "claim-days", required_argument, NULL, OPT_CLAIM_DAYS },
	{ "motd-file", required_argument, NULL, OPT_MOTD },
	{ "password-file", required_argument, NULL, OPT_PASSWORD },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "cluster-password-file", required_argument, NULL,
	    OPT_CLUSTER_PASSWORD },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "stats-interval", required_argument, NULL, OPT_STATS_INTERVAL },
	{ "cluster-ttl", required_argument, NULL, OPT_CLUSTER_TTL },
	{ "login-burst", required_argument, NULL, OPT_LOGIN_BURST },
	{ "login-rate", required_argument, NULL, OPT_LOGIN_RATE },
	{ "churn-seconds", required_argument, NULL, OPT_CHURN },
	{ "max-ghosts-per-ip", required_argument, NULL, OPT_GHOSTS_PER_IP },
	{ "max-ghosts", required_argument, NULL, OPT_GHOSTS },
	{ "room-burst", required_argument, NULL, OPT_ROOM_BURST },
	{ "room-rate", required_argument, NULL, OPT_ROOM_RATE },
	{ "room-expire", required_argument, NULL, OPT_ROOM_EXPIRE },
	{ "max-claims-per-key", required_argument, NULL, OPT_CLAIMS_PER_KEY },
	{ "claims-per-ip", required_argument, NULL, OPT_CLAIMS_PER_IP },
	{ "max-claims", required_argument, NULL, OPT_CLAIMS },
	{ "address", required_argument, NULL, 'a' },
	{ "port", required_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

#ifdef ENABLE_NLS
static const char *build_localedir(char *, size_t);
#endif
static int	apply_server_option(struct server_opts *, int, const char *,
		    const char *, const char *);
static const char *option_name(int);
static int	apply_server_config(struct server_opts *, const char *,
		    const int *);

#ifdef ENABLE_NLS
/*
 * The catalogues to use: those the build tree keeps in po/locale (see
 * Makefile.am) when this binary is src/chatroom of a build tree, else the
 * installed ones.
 */
static const char *
build_localedir(char *buf, size_t size)
{
	char	 exe[4096], *slash;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return (LOCALEDIR);
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return (LOCALEDIR);
	*slash = '\0';
	if ((slash = strrchr(exe, '/')) == NULL || strcmp(slash, "/src") != 0)
		return (LOCALEDIR);
	*slash = '\0';
	if ((size_t)snprintf(buf, size, "%s/po/locale", exe) >= size ||
	    access(buf, F_OK) != 0)
		return (LOCALEDIR);
	return (buf);
}
#endif

/* The range of each numeric hub option, for checking and for messages. */
static const struct {
	int		 opt;
	long long	 min;
	long long	 max;
} server_ranges[] = {
	{ OPT_CLAIM_DAYS, 1, 36500 },
	{ OPT_STATS_INTERVAL, 0, 86400 },
	{ OPT_CLUSTER_TTL, 2, 3600 },
	{ OPT_FLUSH, 1, 3600 },
	{ OPT_HISTORY_SIZE, 1, 1000000 },
	{ OPT_REPLAY, 0, 1000000 },
	{ OPT_RESUME, 0, 86400 },
	{ OPT_FLOOD_BURST, 1, 10000 },
	{ OPT_FLOOD_RATE, 0, 100000 },
	{ OPT_MAX_PER_IP, 0, 1000000 },
	{ OPT_MAX_CLIENTS, 1, 10000000 },
	{ OPT_HANDSHAKE, 1, 3600 },
	{ OPT_PING, 2, 86400 },
	{ OPT_SENDQ, 4096, 1024 * 1024 * 1024 },
	{ OPT_HISTORY_BYTES, 1024 * 1024, 1LL << 40 },
	{ OPT_ROOM_HISTORY_BYTES, 1024 * 1024, 1LL << 40 },
};

/*
 * The hub's limits per address: integer options that only set a field,
 * each with its config key, range and default.
 */
static const struct {
	int		 opt;
	const char	*key;
	long long	 min;
	long long	 max;
	size_t		 offset;
	int		 value;		/* the default */
} server_limits[] = {
	{ OPT_LOGIN_BURST, "LOGIN_BURST", 1, 1000000,
	    offsetof(struct server_opts, login_burst), CR_LOGIN_BURST },
	{ OPT_LOGIN_RATE, "LOGIN_RATE", 0, 1000000,
	    offsetof(struct server_opts, login_rate), CR_LOGIN_RATE },
	{ OPT_CHURN, "CHURN_SECONDS", 0, 86400,
	    offsetof(struct server_opts, churn_seconds), CR_CHURN_SECONDS },
	{ OPT_GHOSTS_PER_IP, "MAX_GHOSTS_PER_IP", 0, 1000000,
	    offsetof(struct server_opts, max_ghosts_per_ip),
	    CR_GHOSTS_PER_IP },
	{ OPT_GHOSTS, "MAX_GHOSTS", 0, 10000000,
	    offsetof(struct server_opts, max_ghosts), CR_GHOSTS },
	{ OPT_ROOM_BURST, "ROOM_BURST", 1, 1000000,
	    offsetof(struct server_opts, room_burst), CR_ROOM_BURST },
	{ OPT_ROOM_RATE, "ROOM_RATE", 0, 1000000,
	    offsetof(struct server_opts, room_rate), CR_ROOM_RATE },
	{ OPT_ROOM_EXPIRE, "ROOM_EXPIRE", 0, 10 * 365 * 86400,
	    offsetof(struct server_opts, room_expire), CR_ROOM_EXPIRE },
	{ OPT_CLAIMS_PER_KEY, "MAX_CLAIMS_PER_KEY", 0, 1000000,
	    offsetof(struct server_opts, claims_per_key), CR_CLAIMS_PER_KEY },
	{ OPT_CLAIMS_PER_IP, "CLAIMS_PER_IP", 0, 1000000,
	    offsetof(struct server_opts, claims_per_ip), CR_CLAIMS_PER_IP },
	{ OPT_CLAIMS, "MAX_CLAIMS", 0, 100000000,
	    offsetof(struct server_opts, max_claims), CR_CLAIMS },
};
#define SERVER_NLIMITS	(sizeof server_limits / sizeof server_limits[0])

/*
 * Set one hub option.  A bad number is reported with the option's name
 * (--flood-burst, or FLOOD_BURST after where, the file and line) and the
 * range it accepts; returns -1 then.
 */
static int
apply_server_option(struct server_opts *o, int opt, const char *value,
    const char *name, const char *where)
{
	long long	n = 0, min = 0, max = 0;
	size_t		i, limit = SERVER_NLIMITS;
	char		label[600];
	int		ranged = 0;

	for (i = 0; i < sizeof server_ranges / sizeof server_ranges[0]; i++) {
		if (server_ranges[i].opt == opt) {
			ranged = 1;
			min = server_ranges[i].min;
			max = server_ranges[i].max;
		}
	}
	for (i = 0; i < SERVER_NLIMITS; i++) {
		if (server_limits[i].opt == opt) {
			ranged = 1;
			limit = i;
			min = server_limits[i].min;
			max = server_limits[i].max;
		}
	}
	if (ranged && parse_number(value, min, max, &n) != 0) {
		if (where != NULL)
			snprintf(label, sizeof label, "%s: %s", where, name);
		else
			snprintf(label, sizeof label, "%s", name);
		fprintf(stderr, _("chatroom: %s: invalid value '%s' (expected "
		    "an integer from %lld to %lld)\n"), label, value, min, max);
		return (-1);
	}
	if (limit < SERVER_NLIMITS) {
		*(int *)((char *)o + server_limits[limit].offset) = n;
		return (0);
	}

	switch (opt) {
	case OPT_LISTEN:
		free(o->listen);
		o->listen = xstrdup(value);
		break;
	case OPT_HISTORY:
		free(o->history);
		o->history = xstrdup(value);
		break;
	case OPT_ADMIN:
		free(o->admin_password_file);
		o->admin_password_file = xstrdup(value);
		break;
	case OPT_LOG_FILE:
		free(o->log_file);
		o->log_file = xstrdup(value);
		break;
	case OPT_MOTD:
		free(o->motd_file);
		o->motd_file = xstrdup(value);
		break;
	case OPT_PASSWORD:
		free(o->password_file);
		o->password_file = xstrdup(value);
		break;
	case OPT_CLUSTER:
		free(o->cluster);
		o->cluster = xstrdup(value);
		break;
	case OPT_CLUSTER_PASSWORD:
		free(o->cluster_password_file);
		o->cluster_password_file = xstrdup(value);
		break;
	case OPT_IRC_LISTEN:
		o->irc_listen = xreallocarray(o->irc_listen,
		    o->nirc_listen + 1, sizeof *o->irc_listen);
		o->irc_listen[o->nirc_listen++] = xstrdup(value);
		break;
	case OPT_IRC_SERVER_NAME:
		if (*value == '\0' || strpbrk(value, " :!@,*?\r\n") != NULL) {
			fprintf(stderr, _("chatroom: %s: not a server name: "
			    "'%s'\n"), where != NULL ? where : name, value);
			return (-1);
		}
		free(o->irc_server_name);
		o->irc_server_name = xstrdup(value);
		break;
	case OPT_IRC_AUTOJOIN:
		free(o->irc_autojoin);
		o->irc_autojoin = xstrdup(value);
		break;
	case OPT_METRICS:
		free(o->metrics);
		o->metrics = xstrdup(value);
		break;
	case OPT_STATS_INTERVAL:
		o->stats_interval = n;
		break;
	case OPT_CLUSTER_TTL:
		o->cluster_ttl = n;
		break;
	case OPT_TLS_CERT:
		free(o->tls_cert);
		o->tls_cert = xstrdup(value);
		break;
	case OPT_TLS_KEY:
		free(o->tls_key);
		o->tls_key = xstrdup(value);
		break;
	case OPT_CLAIM_DAYS:
		o->claim_days = n;
		break;
	case OPT_FLUSH:
		o->flush_interval = n;
		break;
	case OPT_HISTORY_SIZE:
		o->history_size = n;
		break;
	case OPT_REPLAY:
		o->replay = n;
		break;
	case OPT_RESUME:
		o->resume_seconds = n;
		break;
	case OPT_FLOOD_BURST:
		o->flood_burst = n;
		break;
	case OPT_FLOOD_RATE:
		o->flood_rate = n;
		break;
	case OPT_MAX_PER_IP:
		o->max_per_ip = n;
		break;
	case OPT_MAX_CLIENTS:
		o->max_clients = n;
		break;
	case OPT_HANDSHAKE:
		o->handshake_timeout = n;
		break;
	case OPT_PING:
		o->ping_timeout = n;
		break;
	case OPT_SENDQ:
		o->sendq_max = n;
		break;
	case OPT_HISTORY_BYTES:
		o->history_bytes = n;
		break;
	case OPT_ROOM_HISTORY_BYTES:
		o->room_history_bytes = n;
		break;
	case OPT_LOG_MESSAGES:
		o->log_messages = strcmp(value, "0") != 0 &&
		    strcasecmp(value, "no") != 0 &&
		    strcasecmp(value, "false") != 0;
		break;
	}
	return (0);
}

/* The long name of a command line option, as "--name". */
static const char *
option_name(int opt)
{
	static char	buf[64];
	size_t		i;

	for (i = 0; chatroom_options[i].name != NULL; i++) {
		if (chatroom_options[i].val == opt) {
			snprintf(buf, sizeof buf, "--%s",
			    chatroom_options[i].name);
			return (buf);
		}
	}
	return ("?");
}

/* Config keys of the hub and the options they stand for. */
static const struct {
	const char	*key;
	int		 opt;
} server_keys[] = {
	{ "LISTEN", OPT_LISTEN },
	{ "HISTORY", OPT_HISTORY },
	{ "FLUSH_INTERVAL", OPT_FLUSH },
	{ "HISTORY_SIZE", OPT_HISTORY_SIZE },
	{ "REPLAY", OPT_REPLAY },
	{ "RESUME_TIMEOUT", OPT_RESUME },
	{ "ADMIN_PASSWORD_FILE", OPT_ADMIN },
	{ "LOG_FILE", OPT_LOG_FILE },
	{ "LOG_MESSAGES", OPT_LOG_MESSAGES },
	{ "FLOOD_BURST", OPT_FLOOD_BURST },
	{ "FLOOD_RATE", OPT_FLOOD_RATE },
	{ "MAX_CLIENTS_PER_IP", OPT_MAX_PER_IP },
	{ "MAX_CLIENTS", OPT_MAX_CLIENTS },
	{ "HANDSHAKE_TIMEOUT", OPT_HANDSHAKE },
	{ "PING_TIMEOUT", OPT_PING },
	{ "SEND_QUEUE", OPT_SENDQ },
	{ "HISTORY_BYTES", OPT_HISTORY_BYTES },
	{ "ROOM_HISTORY_BYTES", OPT_ROOM_HISTORY_BYTES },
	{ "TLS_CERT", OPT_TLS_CERT },
	{ "TLS_KEY", OPT_TLS_KEY },
	{ "MOTD_FILE", OPT_MOTD },
	{ "PASSWORD_FILE", OPT_PASSWORD },
	{ "CLAIM_DAYS", OPT_CLAIM_DAYS },
	{ "CLUSTER", OPT_CLUSTER },
	{ "CLUSTER_PASSWORD_FILE", OPT_CLUSTER_PASSWORD },
	{ "METRICS", OPT_METRICS },
	{ "STATS_INTERVAL", OPT_STATS_INTERVAL },
	{ "IRC_LISTEN", OPT_IRC_LISTEN },
	{ "IRC_SERVER_NAME", OPT_IRC_SERVER_NAME },
	{ "IRC_AUTOJOIN", OPT_IRC_AUTOJOIN },
};

/* Apply a hub config file, skipping what the command line set. */
static int
apply_server_config(struct server_opts *o, const char *path, const int *set)
{
	struct config_entry	*e;
	size_t			 n, i, k;
	char			*cause, where[512];
	int			 known;

	if (config_load(path, &e, &n, &cause) != 0) {
		fprintf(stderr, "chatroom: %s\n", cause);
		free(cause);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		known = 0;
		for (k = 0; k < sizeof server_keys / sizeof server_keys[0];
		    k++) {
			if (strcmp(e[i].key, server_keys[k].key) != 0)
				continue;
			known = 1;
			if (set[server_keys[k].opt - OPT_SERVE])
				break;
			snprintf(where, sizeof where, "%s:%d", path,
			    e[i].line);
			if (apply_server_option(o, server_keys[k].opt,
			    e[i].value, e[i].key, where) != 0) {
				config_free(e, n);
				return (-1);
			}
		}
		for (k = 0; !known && k < SERVER_NLIMITS; k++) {
			if (strcmp(e[i].key, server_limits[k].key) != 0)
				continue;
			known = 1;
			if (set[server_limits[k].opt - OPT_SERVE])
				break;
			snprintf(where, sizeof where, "%s:%d", path,
			    e[i].line);
			if (apply_server_option(o, server_limits[k].opt,
			    e[i].value, e[i].key, where) != 0) {
				config_free(e, n);
				return (-1);
			}
		}
		if (!known && (strcmp(e[i].key, "VERBOSE") == 0 ||
		    strcmp(e[i].key, "QUIET") == 0)) {
			known = 1;
			/* -v or -q on the command line wins. */
			if (o->verbosity == LOG_INFO && e[i].key[0] == 'V' &&
			    strcmp(e[i].value, "2") == 0)
				o->verbosity = LOG_TRACE;
			else if (o->verbosity == LOG_INFO &&
			    (strcmp(e[i].value, "1") == 0 ||
			    strcasecmp(e[i].value, "yes") == 0 ||
			    strcasecmp(e[i].value, "true") == 0))
				o->verbosity = e[i].key[0] == 'V' ? LOG_DEBUG :
				    LOG_QUIET;
		}
		if (!known) {
			fprintf(stderr, _("chatroom: %s:%d: unknown key %s\n"),
			    path, e[i].line, e[i].key);
			config_free(e, n);
			return (-1);
		}
	}
	config_free(e, n);
	return (0);
}

int
main(int argc, char **argv)
{
	struct server_opts	 o;
	struct target		 t;
	int			 ch, serve = 0, batch = 0, json = 0, live = 0;
	int			 rc, i, no_logs = 0, no_mouse = 0;
	int			 set[OPT_VERSION - OPT_SERVE + 1];
	char			*config = NULL, *trust = NULL, *listen;
	char			*address = NULL, *port = NULL;
	const char		*v;
	long long		 n;
#ifdef ENABLE_NLS
	const char		*localedir;
	char			 builddir[4096];
#endif

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/*
	 * CHATROOM_LOCALEDIR names catalogues not yet installed; without
	 * it, a binary run from the build tree uses the build tree's.
	 */
	if ((localedir = getenv("CHATROOM_LOCALEDIR")) == NULL ||
	    *localedir == '\0')
		localedir = build_localedir(builddir, sizeof builddir);
	bindtextdomain(PACKAGE, localedir);
	textdomain(PACKAGE);
#endif

	memset(&o, 0, sizeof o);
	memset(set, 0, sizeof set);
	o.flush_interval = CR_DEFAULT_FLUSH;
	o.history_size = CR_DEFAULT_HISTORY;
	o.replay = CR_DEFAULT_REPLAY;
	o.resume_seconds = CR_DEFAULT_RESUME;
	o.verbosity = LOG_INFO;
	o.sendq_max = CR_SENDQ_MAX;
	o.history_bytes = CR_DEFAULT_HISTORY_BYTES;
	o.room_history_bytes = CR_DEFAULT_ROOM_BYTES;
	o.flood_burst = CR_FLOOD_BURST;
	o.flood_rate = CR_FLOOD_RATE;
	o.max_per_ip = CR_MAX_PER_IP;
	o.max_clients = CR_MAX_CLIENTS;
	o.handshake_timeout = CR_HANDSHAKE_TIMEOUT;
	o.ping_timeout = CR_PING_TIMEOUT;
	o.claim_days = CR_CLAIM_DAYS;
	o.cluster_ttl = CR_CLUSTER_TTL;
	for (i = 0; i < (int)SERVER_NLIMITS; i++)
		*(int *)((char *)&o + server_limits[i].offset) =
		    server_limits[i].value;

	while ((ch = getopt_long(argc, argv, "a:p:vq", chatroom_options,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_SERVE:
			serve = 1;
			break;
		case OPT_BATCH:
			batch = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_LIVE:
			live = 1;
			break;
		case OPT_CONFIG:
			free(config);
			config = xstrdup(optarg);
			break;
		case OPT_LOG_MESSAGES:
			set[ch - OPT_SERVE] = 1;
			o.log_messages = 1;
			break;
		case OPT_LISTEN:
		case OPT_HISTORY:
		case OPT_FLUSH:
		case OPT_HISTORY_SIZE:
		case OPT_REPLAY:
		case OPT_RESUME:
		case OPT_ADMIN:
		case OPT_LOG_FILE:
		case OPT_FLOOD_BURST:
		case OPT_FLOOD_RATE:
		case OPT_MAX_PER_IP:
		case OPT_MAX_CLIENTS:
		case OPT_HANDSHAKE:
		case OPT_PING:
		case OPT_SENDQ:
		case OPT_HISTORY_BYTES:
		case OPT_ROOM_HISTORY_BYTES:
		case OPT_TLS_CERT:
		case OPT_TLS_KEY:
		case OPT_MOTD:
		case OPT_PASSWORD:
		case OPT_CLAIM_DAYS:
		case OPT_CLUSTER:
		case OPT_CLUSTER_PASSWORD:
		case OPT_METRICS:
		case OPT_STATS_INTERVAL:
		case OPT_CLUSTER_TTL:
		case OPT_IRC_LISTEN:
		case OPT_IRC_SERVER_NAME:
		case OPT_IRC_AUTOJOIN:
			set[ch - OPT_SERVE] = 1;
			if (apply_server_option(&o, ch, optarg,
			    option_name(ch), NULL) != 0)
				return (2);
			break;
		case OPT_INSECURE:
			o.insecure = 1;
			break;
		case OPT_NO_LOGS:
			no_logs = 1;
			break;
		case OPT_NO_MOUSE:
			no_mouse = 1;
			break;
		case OPT_TRUST:
			free(trust);
			trust = xstrdup(optarg);
			break;
		case 'a':
			free(address);
			if ((address = config_parse_address(optarg)) == NULL) {
				fprintf(stderr, _("chatroom: bad address "
				    "'%s'\n"), optarg);
				return (2);
			}
			break;
		case 'p':
			if (parse_number(optarg, 1, 65535, &n) != 0) {
				fprintf(stderr, _("chatroom: %s: invalid value "
				    "'%s' (expected an integer from %lld to "
				    "%lld)\n"), option_name(ch), optarg, 1LL,
				    65535LL);
				return (2);
			}
			free(port);
			port = xstrdup(optarg);
			break;
		case 'v':
			/* Twice: every delivery too. */
			o.verbosity = o.verbosity >= LOG_DEBUG ? LOG_TRACE :
			    LOG_DEBUG;
			break;
		case 'q':
			o.verbosity = LOG_QUIET;
			break;
		case OPT_HELP:
			usage(stdout);
			return (0);
		case OPT_VERSION:
			printf("%s\n", PACKAGE_STRING);
			fputs("Copyright (c) 2026 The chatroom authors\n"
			    "License: ISC\n", stdout);
			fputs(_("This is free software: you may use, copy, "
			    "modify and distribute it.\nThere is NO WARRANTY, "
			    "to the extent permitted by law.\n"), stdout);
			return (0);
		default:
			if (ch >= OPT_LOGIN_BURST && ch <= OPT_CLAIMS) {
				set[ch - OPT_SERVE] = 1;
				if (apply_server_option(&o, ch, optarg,
				    option_name(ch), NULL) != 0)
					return (2);
				break;
			}
			usage_short();
			return (2);
		}
	}
	argc -= optind;
	argv += optind;

	if (serve) {
		if (argc != 0 || batch || trust != NULL) {
			fprintf(stderr, _("chatroom: --serve takes no target, "
			    "--batch or --trust\n"));
			usage_short();
			return (2);
		}
		if (config != NULL && apply_server_config(&o, config, set) != 0)
			return (2);
		/* The hub's logs and protocol details are always English. */
		setlocale(LC_MESSAGES, "C");
		if ((o.tls_cert == NULL) != (o.tls_key == NULL)) {
			fprintf(stderr, _("chatroom: --tls-cert and --tls-key "
			    "go together\n"));
			return (2);
		}
		if (o.listen == NULL)
			o.listen = xstrdup(":" CR_DEFAULT_PORT);
		if (address != NULL || port != NULL) {
			listen = config_listen_address(o.listen, address, port);
			free(o.listen);
			o.listen = listen;
		}
		free(address);
		free(port);
		if (o.history == NULL)
			o.history = state_path("history.json");
		log_open(o.verbosity, o.log_file);
		rc = server_main(&o);
		log_close();
		free(o.listen);
		free(o.history);
		free(o.admin_password_file);
		free(o.log_file);
		free(o.tls_cert);
		free(o.tls_key);
		free(o.motd_file);
		free(o.password_file);
		free(o.cluster);
		free(o.cluster_password_file);
		free(o.metrics);
		for (i = 0; i < (int)o.nirc_listen; i++)
			free(o.irc_listen[i]);
		free(o.irc_listen);
		free(o.irc_server_name);
		free(o.irc_autojoin);
		free(config);
		return (rc);
	}

	for (i = 0; i < (int)(sizeof set / sizeof set[0]); i++) {
		if ((set[i] && i != OPT_LOG_FILE - OPT_SERVE &&
		    i != OPT_PASSWORD - OPT_SERVE) ||
		    config != NULL) {
			fprintf(stderr, _("chatroom: hub options need "
			    "--serve\n"));
			return (2);
		}
	}
	if (argc > 1 || ((json || live) && !batch)) {
		if (argc > 1)
			fprintf(stderr, _("chatroom: one target only\n"));
		else if (json)
			fprintf(stderr, _("chatroom: --json needs --batch\n"));
		else
			fprintf(stderr, _("chatroom: --live needs --batch\n"));
		usage_short();
		return (2);
	}
	rc = config_resolve_target(argc == 1 ? argv[0] : NULL, address, port,
	    &t);
	free(address);
	free(port);
	if (rc != 0)
		return (2);
	if (t.nick == NULL && batch) {
		if ((v = getenv("USER")) == NULL || *v == '\0') {
			fprintf(stderr, _("chatroom: no nick given and $USER "
			    "is not set\n"));
			target_free(&t);
			return (2);
		}
		t.nick = xstrdup(v);
	}
	t.insecure = o.insecure;
	t.trust = trust;
	t.no_logs = no_logs;
	t.no_mouse = no_mouse;
	if (o.password_file != NULL &&
	    config_read_password(o.password_file, &t.password) != 0) {
		target_free(&t);
		return (2);
	}
	log_open(o.verbosity >= LOG_DEBUG ? LOG_DEBUG : LOG_QUIET, o.log_file);
	free(o.password_file);
	free(o.log_file);
	if (batch)
		rc = batch_main(&t, (json ? BATCH_JSON : 0) |
		    (live ? BATCH_LIVE : 0));
	else
		rc = tui_main(&t);
	target_free(&t);
	log_close();
	return (rc);
}
