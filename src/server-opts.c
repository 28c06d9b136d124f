/* SPDX-License-Identifier: ISC */
/* server-opts.c: the hub's options, from the command line or a config file. */

#include <sys/types.h>

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * One table holds every hub option: its long name on the command line
 * (--flood-burst), which also gives its config file key (FLOOD_BURST), the
 * field of struct server_opts it sets, and for a number its range and
 * default.
 */
#define SERVER_OPT_STRING	0	/* char *, replaced */
#define SERVER_OPT_LIST		1	/* char **, with a count: added to */
#define SERVER_OPT_INT		2	/* int, in the range */
#define SERVER_OPT_SIZE		3	/* size_t, in the range */
#define SERVER_OPT_FLAG		4	/* int: no argument; yes/no in a file */
#define SERVER_OPT_NAME		5	/* char *, an IRC server name */

#define SERVER_OPT_CLIENT	0x1	/* the client takes it too */
#define SERVER_OPT_NOKEY	0x2	/* not in a config file */
#define SERVER_OPT_RESTART	0x4	/* a reload cannot change it */

#define SO(f)	offsetof(struct server_opts, f)
static const struct server_opt {
	const char	*name;
	int		 type;
	size_t		 offset;
	long long	 min;
	long long	 max;
	long long	 value;		/* the default */
	int		 flags;
} server_opts_table[] = {
	{ "listen", SERVER_OPT_STRING, SO(listen), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "history", SERVER_OPT_STRING, SO(history), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "flush-interval", SERVER_OPT_INT, SO(flush_interval), 1, 3600,
	    CR_DEFAULT_FLUSH, 0 },
	{ "history-size", SERVER_OPT_INT, SO(history_size), 1, 1000000,
	    CR_DEFAULT_HISTORY, 0 },
	{ "replay", SERVER_OPT_INT, SO(replay), 0, 1000000,
	    CR_DEFAULT_REPLAY, 0 },
	{ "resume-timeout", SERVER_OPT_INT, SO(resume_seconds), 0, 86400,
	    CR_DEFAULT_RESUME, 0 },
	{ "admin-password-file", SERVER_OPT_STRING, SO(admin_password_file),
	    0, 0, 0, 0 },
	{ "log-file", SERVER_OPT_STRING, SO(log_file), 0, 0, 0,
	    SERVER_OPT_CLIENT | SERVER_OPT_RESTART },
	{ "log-messages", SERVER_OPT_FLAG, SO(log_messages), 0, 0, 0, 0 },
	{ "flood-burst", SERVER_OPT_INT, SO(flood_burst), 1, 10000,
	    CR_FLOOD_BURST, 0 },
	{ "flood-rate", SERVER_OPT_INT, SO(flood_rate), 0, 100000,
	    CR_FLOOD_RATE, 0 },
	{ "max-clients-per-ip", SERVER_OPT_INT, SO(max_per_ip), 0, 1000000,
	    CR_MAX_PER_IP, 0 },
	{ "max-clients", SERVER_OPT_INT, SO(max_clients), 1, 10000000,
	    CR_MAX_CLIENTS, 0 },
	{ "handshake-timeout", SERVER_OPT_INT, SO(handshake_timeout), 1, 3600,
	    CR_HANDSHAKE_TIMEOUT, 0 },
	{ "ping-timeout", SERVER_OPT_INT, SO(ping_timeout), 2, 86400,
	    CR_PING_TIMEOUT, 0 },
	{ "send-queue", SERVER_OPT_SIZE, SO(sendq_max), 4096,
	    1024 * 1024 * 1024, CR_SENDQ_MAX, 0 },
	{ "history-bytes", SERVER_OPT_SIZE, SO(history_bytes), 1024 * 1024,
	    1LL << 40, CR_DEFAULT_HISTORY_BYTES, 0 },
	{ "room-history-bytes", SERVER_OPT_SIZE, SO(room_history_bytes),
	    1024 * 1024, 1LL << 40, CR_DEFAULT_ROOM_BYTES, 0 },
	{ "tls-cert", SERVER_OPT_STRING, SO(tls_cert), 0, 0, 0, 0 },
	{ "tls-key", SERVER_OPT_STRING, SO(tls_key), 0, 0, 0, 0 },
	{ "insecure", SERVER_OPT_FLAG, SO(insecure), 0, 0, 0,
	    SERVER_OPT_CLIENT | SERVER_OPT_NOKEY | SERVER_OPT_RESTART },
	{ "check", SERVER_OPT_FLAG, SO(check), 0, 0, 0,
	    SERVER_OPT_NOKEY | SERVER_OPT_RESTART },
	{ "irc-listen", SERVER_OPT_LIST, SO(irc_listen), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "irc-server-name", SERVER_OPT_NAME, SO(irc_server_name), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "irc-autojoin", SERVER_OPT_STRING, SO(irc_autojoin), 0, 0, 0, 0 },
	{ "admin-email", SERVER_OPT_STRING, SO(admin_email), 0, 0, 0, 0 },
	{ "claim-days", SERVER_OPT_INT, SO(claim_days), 1, 36500,
	    CR_CLAIM_DAYS, 0 },
	{ "motd-file", SERVER_OPT_STRING, SO(motd_file), 0, 0, 0, 0 },
	{ "password-file", SERVER_OPT_STRING, SO(password_file), 0, 0, 0,
	    SERVER_OPT_CLIENT },
	{ "cluster", SERVER_OPT_STRING, SO(cluster), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "cluster-password-file", SERVER_OPT_STRING,
	    SO(cluster_password_file), 0, 0, 0, SERVER_OPT_RESTART },
	{ "metrics", SERVER_OPT_STRING, SO(metrics), 0, 0, 0,
	    SERVER_OPT_RESTART },
	{ "stats-interval", SERVER_OPT_INT, SO(stats_interval), 0, 86400, 0,
	    0 },
	{ "cluster-ttl", SERVER_OPT_INT, SO(cluster_ttl), 2, 3600,
	    CR_CLUSTER_TTL, SERVER_OPT_RESTART },

	/* The limits per address. */
	{ "login-burst", SERVER_OPT_INT, SO(login_burst), 1, 1000000,
	    CR_LOGIN_BURST, 0 },
	{ "login-rate", SERVER_OPT_INT, SO(login_rate), 0, 1000000,
	    CR_LOGIN_RATE, 0 },
	{ "churn-seconds", SERVER_OPT_INT, SO(churn_seconds), 0, 86400,
	    CR_CHURN_SECONDS, 0 },
	{ "max-ghosts-per-ip", SERVER_OPT_INT, SO(max_ghosts_per_ip), 0,
	    1000000, CR_GHOSTS_PER_IP, 0 },
	{ "max-ghosts", SERVER_OPT_INT, SO(max_ghosts), 0, 10000000,
	    CR_GHOSTS, 0 },
	{ "room-burst", SERVER_OPT_INT, SO(room_burst), 1, 1000000,
	    CR_ROOM_BURST, 0 },
	{ "room-rate", SERVER_OPT_INT, SO(room_rate), 0, 1000000,
	    CR_ROOM_RATE, 0 },
	{ "room-expire", SERVER_OPT_INT, SO(room_expire), 0,
	    10 * 365 * 86400, CR_ROOM_EXPIRE, 0 },
	{ "max-claims-per-key", SERVER_OPT_INT, SO(claims_per_key), 0,
	    1000000, CR_CLAIMS_PER_KEY, 0 },
	{ "claims-per-ip", SERVER_OPT_INT, SO(claims_per_ip), 0, 1000000,
	    CR_CLAIMS_PER_IP, 0 },
	{ "max-claims", SERVER_OPT_INT, SO(max_claims), 0, 100000000,
	    CR_CLAIMS, 0 },
};
#undef SO
#define SERVER_NOPTS	(sizeof server_opts_table / sizeof server_opts_table[0])
_Static_assert(SERVER_NOPTS <= sizeof ((struct server_opts *)0)->given,
    "struct server_opts has no room to note every option given");

static int	server_opts_apply(struct server_opts *, u_int, const char *,
		    const char *, const char *, char **);
static int	server_opts_key(const char *, const char *);
static void	server_opts_verbosity(struct server_opts *,
		    const struct config_entry *);
static void	server_opts_twice(const char *, const struct config_entry *, size_t,
		    u_int);
static int	server_opts_read(struct server_opts *, const char *, char **);
static void	server_opts_list_free(struct server_opts *);
static void	server_opts_copy(struct server_opts *,
		    const struct server_opts *);
static void	server_opts_forget(struct server_opts *);
static int	server_opts_differ(const struct server_opts *,
		    const struct server_opts *, u_int);
static char	*server_opts_value(const struct server_opts *, u_int);
static void	server_opts_key_name(u_int, char *, size_t);
static void	server_opts_take(struct server_opts *, struct server_opts *,
		    u_int);
static const char *server_opts_level(int);

/* Set every hub option to its default. */
void
server_opts_init(struct server_opts *o)
{
	const struct server_opt	*so;
	u_int			 i;

	memset(o, 0, sizeof *o);
	o->verbosity = LOG_INFO;
	for (i = 0; i < SERVER_NOPTS; i++) {
		so = &server_opts_table[i];
		if (so->type == SERVER_OPT_INT)
			*(int *)((char *)o + so->offset) = so->value;
		else if (so->type == SERVER_OPT_SIZE)
			*(size_t *)((char *)o + so->offset) = so->value;
	}
}

/* Free what the hub options hold. */
void
server_opts_free(struct server_opts *o)
{
	const struct server_opt	*so;
	u_int			 i;

	for (i = 0; i < SERVER_NOPTS; i++) {
		so = &server_opts_table[i];
		if (so->type == SERVER_OPT_STRING ||
		    so->type == SERVER_OPT_NAME) {
			free(*(char **)((char *)o + so->offset));
			*(char **)((char *)o + so->offset) = NULL;
		}
	}
	server_opts_list_free(o);
	free(o->config);
	o->config = NULL;
	if (o->loaded != NULL) {
		server_opts_free(o->loaded);
		free(o->loaded);
		o->loaded = NULL;
	}
}

/* Free the IRC listeners' list. */
static void
server_opts_list_free(struct server_opts *o)
{
	u_int	i;

	for (i = 0; i < o->nirc_listen; i++)
		free(o->irc_listen[i]);
	free(o->irc_listen);
	o->irc_listen = NULL;
	o->nirc_listen = 0;
}

/* How many hub options there are, for the command line's table. */
u_int
server_opts_count(void)
{
	return (SERVER_NOPTS);
}

/* The long name of hub option i; *has_arg is 0 for a flag. */
const char *
server_opts_name(u_int i, int *has_arg)
{
	*has_arg = server_opts_table[i].type != SERVER_OPT_FLAG;
	return (server_opts_table[i].name);
}

/*
 * Set one hub option.  A bad value is reported with the option's name
 * (--flood-burst, or FLOOD_BURST after where, the file and line) and what
 * it accepts; returns -1 then, the reason in *cause.
 */
static int
server_opts_apply(struct server_opts *o, u_int i, const char *value,
    const char *name, const char *where, char **cause)
{
	const struct server_opt	*so = &server_opts_table[i];
	void			*field = (char *)o + so->offset;
	long long		 n;
	char			 label[600];

	/* What an error names: the option, or the file, line and key. */
	if (where != NULL)
		snprintf(label, sizeof label, "%s: %s", where, name);
	else
		snprintf(label, sizeof label, "%s", name);
	switch (so->type) {
	case SERVER_OPT_INT:
	case SERVER_OPT_SIZE:
		if (parse_number(value, so->min, so->max, &n) != 0) {
			xasprintf(cause, _("%s: invalid value '%s' (expected "
			    "an integer from %lld to %lld)"), label, value,
			    so->min, so->max);
			return (-1);
		}
		if (so->type == SERVER_OPT_INT)
			*(int *)field = n;
		else
			*(size_t *)field = n;
		break;
	case SERVER_OPT_FLAG:
		/* Strict in a file: "off" or a typo must not turn it on. */
		if (value == NULL || config_true(value))
			*(int *)field = 1;
		else if (config_false(value))
			*(int *)field = 0;
		else {
			xasprintf(cause, _("%s=%s: expected yes or no"), label,
			    value);
			return (-1);
		}
		break;
	case SERVER_OPT_LIST:
		o->irc_listen = xreallocarray(o->irc_listen,
		    o->nirc_listen + 1, sizeof *o->irc_listen);
		o->irc_listen[o->nirc_listen++] = xstrdup(value);
		break;
	case SERVER_OPT_NAME:
		if (*value == '\0' || strpbrk(value, " :!@,*?\r\n") != NULL) {
			xasprintf(cause, _("%s: not a server name: '%s'"),
			    where != NULL ? where : name, value);
			return (-1);
		}
		/* FALLTHROUGH */
	case SERVER_OPT_STRING:
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		break;
	}
	return (0);
}

/*
 * Set hub option i from the command line (value NULL for a flag); a config
 * file then leaves it alone.
 */
int
server_opts_set(struct server_opts *o, u_int i, const char *value)
{
	char	name[64], *cause;

	o->given[i] = 1;
	snprintf(name, sizeof name, "--%s", server_opts_table[i].name);
	if (server_opts_apply(o, i, value, name, NULL, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Was a hub option given on the command line that a client has no use for? */
int
server_opts_hub_only(const struct server_opts *o)
{
	u_int	i;

	for (i = 0; i < SERVER_NOPTS; i++) {
		if (o->given[i] &&
		    (server_opts_table[i].flags & SERVER_OPT_CLIENT) == 0)
			return (1);
	}
	return (0);
}

static int	server_opts_check_addr(const struct server_opts *,
		    const char *, const char *, int, char **);

/* Does a file name have what looks like a comment: a '#' after a blank? */
static int
server_opts_comment(const char *value)
{
	const char	*p;

	for (p = value; (p = strchr(p, '#')) != NULL; p++) {
		if (p > value && isblank((u_char)p[-1]))
			return (1);
	}
	return (0);
}

/* The hub's config file, kept by server_opts_check to name a value's line. */
static char	*server_opts_file;

/*
 * The config file's line that gave hub option name (for a list, the
 * line with value), or 0 when the command line gave it or nothing did.
 * The file is read again: this is for errors only.
 */
int
server_opts_line(const struct server_opts *o, const char *name,
    const char *value)
{
	struct config_entry	*e;
	size_t			 n, i;
	u_int			 k;
	int			 line = 0;
	char			*cause;

	for (k = 0; k < SERVER_NOPTS; k++) {
		if (strcmp(server_opts_table[k].name, name) == 0)
			break;
	}
	if (k == SERVER_NOPTS || o->given[k] || server_opts_file == NULL)
		return (0);
	if (config_load(server_opts_file, &e, &n, &cause) != 0) {
		free(cause);
		return (0);
	}
	for (i = 0; i < n; i++) {
		if (server_opts_key(name, e[i].key) &&
		    (value == NULL || strcmp(e[i].value, value) == 0))
			line = e[i].line;
	}
	config_free(e, n);
	return (line);
}

/*
 * What an error about hub option name ("listen") names: the option when
 * the command line gave it or nothing did (--listen), or the config
 * file, line and key it came from (hub.conf:3: LISTEN).  For a list
 * (IRC_LISTEN), value picks the line.  The file is read again: this is
 * for errors only.
 */
const char *
server_opts_where(const struct server_opts *o, const char *name,
    const char *value)
{
	static char		 where[600];
	size_t			 i;
	int			 line;

	snprintf(where, sizeof where, "--%s", name);
	if ((line = server_opts_line(o, name, value)) != 0) {
		snprintf(where, sizeof where, "%s:%d: ", server_opts_file,
		    line);
		i = strlen(where);
		for (; *name != '\0' && i + 1 < sizeof where; name++)
			where[i++] = *name == '-' ? '_' :
			    toupper((u_char)*name);
		where[i] = '\0';
	}
	return (where);
}

/*
 * Check a listening address, [HOST]:PORT, HOST:PORT or PORT (for IRC,
 * also HOST or [HOST] alone): getaddrinfo takes any number as a port,
 * keeping its low 16 bits, and an empty one as port 0, any free port.
 * An explicit 0 is kept for the hub's own listeners (tests use it).
 */
static int
server_opts_check_addr(const struct server_opts *o, const char *name,
    const char *spec, int irc, char **cause)
{
	const char	*port, *close;
	long long	 n;

	if (*spec == '[') {
		if ((close = strchr(spec, ']')) == NULL || close == spec + 1 ||
		    (close[1] != ':' && (close[1] != '\0' || !irc))) {
			xasprintf(cause, _("%s: bad address '%s' (expected "
			    "[HOST]:PORT)"), server_opts_where(o, name, spec),
			    spec);
			return (-1);
		}
		if (close[1] == '\0')
			return (0);
		port = close + 2;
	} else if ((port = strrchr(spec, ':')) != NULL)
		port++;
	else if (irc && *spec != '\0')
		return (0);
	else
		port = spec;
	if (parse_number(port, strcmp(name, "metrics") != 0 ? 0 : 1, 65535,
	    &n) != 0) {
		xasprintf(cause, _("%s: invalid port '%s' in '%s' (expected "
		    "an integer from 1 to 65535)"), server_opts_where(o, name,
		    spec), port, spec);
		return (-1);
	}
	return (0);
}

/*
 * Check the hub's options as a start would meet them, before anything
 * starts, for --check, and at a reload before any is taken: the ports of
 * the listening addresses, the cluster's address, the rooms IRC users
 * join, and file names that are empty.  A fault is told in *cause with
 * where the value came from; the config file (or NULL) is kept for later
 * errors to do the same.  At a reload the listening address may be
 * unset: the start's default is good.
 */
int
server_opts_check(struct server_opts *o, const char *config, char **cause)
{
	static const char	*files[] = { "history", "admin-password-file",
				    "log-file", "tls-cert", "tls-key",
				    "motd-file", "password-file",
				    "cluster-password-file" };
	const struct server_opt	*so;
	enum proto_err		 err;
	char			*why, *copy, *p, *room;
	u_int			 i, k;
	int			 rc = 0;

	free(server_opts_file);
	server_opts_file = config != NULL ? xstrdup(config) : NULL;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		for (k = 0; k < SERVER_NOPTS; k++) {
			so = &server_opts_table[k];
			if (strcmp(so->name, files[i]) == 0)
				break;
		}
		p = *(char **)((char *)o + so->offset);
		if (p != NULL && *p == '\0') {
			xasprintf(cause, _("%s: empty value (expected a "
			    "file)"),
			    server_opts_where(o, files[i], NULL));
			return (-1);
		}
		/*
		 * "HISTORY=/var/lib/h.json # note": in a file a '#' inside
		 * a line is part of the value, so this names another file,
		 * which the hub would start anew.  Refused, never guessed.
		 */
		if (p != NULL && !o->given[k] && server_opts_file != NULL &&
		    server_opts_comment(p)) {
			xasprintf(cause, _("%s: the value '%s' has a '#' after "
			    "a space: a comment must be on a line of its own "
			    "(a '#' inside a line is part of the value)"),
			    server_opts_where(o, files[i], NULL), p);
			return (-1);
		}
	}
	if (o->listen != NULL &&
	    server_opts_check_addr(o, "listen", o->listen, 0, cause) != 0)
		return (-1);
	for (i = 0; i < o->nirc_listen; i++) {
		if (server_opts_check_addr(o, "irc-listen", o->irc_listen[i],
		    1, cause) != 0)
			return (-1);
	}
	if (o->metrics != NULL &&
	    server_opts_check_addr(o, "metrics", o->metrics, 0, cause) != 0)
		return (-1);
	if (o->cluster != NULL && cluster_check_url(o->cluster, &why) != 0) {
		xasprintf(cause, "%s: %s",
		    server_opts_where(o, "cluster", NULL), why);
		free(why);
		return (-1);
	}
	if (o->irc_autojoin == NULL)
		return (0);
	/* As server_irc_registered reads it: #a,b with empty names skipped. */
	copy = p = xstrdup(o->irc_autojoin);
	while (rc == 0 && (room = strsep(&p, ",")) != NULL) {
		if (*room == '#')
			room++;
		if (*room == '\0')
			continue;
		if (proto_check_room(room, &err, &why) != 0) {
			xasprintf(cause, _("%s: bad room '%s': %s"),
			    server_opts_where(o, "irc-autojoin", NULL), room,
			    why);
			free(why);
			rc = -1;
		}
	}
	free(copy);
	return (rc);
}

/* Is key the config file key of the option named name (log-file: LOG_FILE)? */
static int
server_opts_key(const char *name, const char *key)
{
	for (; *name != '\0'; name++, key++) {
		if (*name == '-' ? *key != '_' :
		    *key != toupper((u_char)*name))
			return (0);
	}
	return (*key == '\0');
}

/* VERBOSE and QUIET in a config file; -v or -q on the command line wins. */
static void
server_opts_verbosity(struct server_opts *o, const struct config_entry *e)
{
	if (o->verbosity != LOG_INFO)
		return;
	if (e->key[0] == 'V' && strcmp(e->value, "2") == 0)
		o->verbosity = LOG_TRACE;
	else if (config_true(e->value))
		o->verbosity = e->key[0] == 'V' ? LOG_DEBUG : LOG_QUIET;
}

/*
 * Apply a hub config file, skipping what the command line set; the first
 * error stops it, with the file and line in *cause.
 */
/*
 * A key the file gave before (but a list's, such as IRC_LISTEN, which
 * adds): the later line wins, and a warning says so, for a forgotten
 * line above is a common mistake.
 */
static void
server_opts_twice(const char *path, const struct config_entry *e, size_t i,
    u_int k)
{
	const struct server_opt	*so = &server_opts_table[k];
	size_t			 j;

	if (so->type == SERVER_OPT_LIST)
		return;
	for (j = 0; j < i; j++) {
		if (server_opts_key(so->name, e[j].key)) {
			log_warnx("%s:%d: %s was set on line %d already; the "
			    "later line wins", path, e[i].line, e[i].key,
			    e[j].line);
			return;
		}
	}
}

static int
server_opts_read(struct server_opts *o, const char *path, char **cause)
{
	const struct server_opt	*so;
	struct config_entry	*e;
	size_t			 n, i;
	u_int			 k;
	char			 where[512];

	if (config_load(path, &e, &n, cause) != 0)
		return (-1);
	for (i = 0; i < n; i++) {
		for (k = 0; k < SERVER_NOPTS; k++) {
			so = &server_opts_table[k];
			if ((so->flags & SERVER_OPT_NOKEY) == 0 &&
			    server_opts_key(so->name, e[i].key))
				break;
		}
		if (k < SERVER_NOPTS) {
			server_opts_twice(path, e, i, k);
			if (o->given[k])
				continue;
			snprintf(where, sizeof where, "%s:%d", path,
			    e[i].line);
			if (server_opts_apply(o, k, e[i].value, e[i].key,
			    where, cause) != 0)
				goto fail;
		} else if (strcmp(e[i].key, "VERBOSE") == 0 ||
		    strcmp(e[i].key, "QUIET") == 0)
			server_opts_verbosity(o, &e[i]);
		else {
			xasprintf(cause, _("%s:%d: unknown key %s"), path,
			    e[i].line, e[i].key);
			goto fail;
		}
	}
	config_free(e, n);
	return (0);

fail:
	config_free(e, n);
	return (-1);
}

/*
 * Apply the hub's config file at start-up, and keep what it said (before
 * the defaults that depend on other options are filled in) for a reload
 * to compare with.
 */
int
server_opts_load(struct server_opts *o, const char *path)
{
	char	*cause;

	o->verbosity_given = o->verbosity != LOG_INFO;
	if (server_opts_read(o, path, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (-1);
	}
	free(o->config);
	o->config = xstrdup(path);
	if (o->loaded != NULL) {
		server_opts_free(o->loaded);
		free(o->loaded);
	}
	o->loaded = xcalloc(1, sizeof *o->loaded);
	server_opts_copy(o->loaded, o);
	return (0);
}

/*
 * Read the config file the hub started with again into next: the
 * defaults, then what the command line gave (which still wins), then the
 * file.  What the command line gave is taken as it was before the
 * defaults that depend on other options (-a and -p in the listening
 * address) were filled in, as the file's values are.  Then the checks
 * of a start (server_opts_check) are made.  On an error next is left
 * empty and *cause says where.
 */
int
server_opts_reread(const struct server_opts *o, struct server_opts *next,
    char **cause)
{
	server_opts_copy(next, o->loaded);
	server_opts_forget(next);
	if (server_opts_read(next, o->config, cause) != 0)
		goto fail;
	if ((next->tls_cert == NULL) != (next->tls_key == NULL)) {
		xasprintf(cause, "%s: TLS_CERT and TLS_KEY go together",
		    o->config);
		goto fail;
	}
	/* What would refuse a start refuses the reload. */
	if (server_opts_check(next, o->config, cause) != 0)
		goto fail;
	return (0);

fail:
	server_opts_free(next);
	memset(next, 0, sizeof *next);
	return (-1);
}

/* Copy every option (none of the reload state) from one set to another. */
static void
server_opts_copy(struct server_opts *to, const struct server_opts *from)
{
	const struct server_opt	*so;
	char			**field;
	u_int			  i;

	memcpy(to, from, sizeof *to);
	to->config = NULL;
	to->loaded = NULL;
	for (i = 0; i < SERVER_NOPTS; i++) {
		so = &server_opts_table[i];
		if (so->type != SERVER_OPT_STRING &&
		    so->type != SERVER_OPT_NAME)
			continue;
		field = (char **)((char *)to + so->offset);
		if (*field != NULL)
			*field = xstrdup(*field);
	}
	to->irc_listen = NULL;
	to->nirc_listen = 0;
	for (i = 0; i < from->nirc_listen; i++) {
		to->irc_listen = xreallocarray(to->irc_listen, i + 1,
		    sizeof *to->irc_listen);
		to->irc_listen[to->nirc_listen++] =
		    xstrdup(from->irc_listen[i]);
	}
}

/* Put back the defaults of every option the command line did not give. */
static void
server_opts_forget(struct server_opts *o)
{
	const struct server_opt	*so;
	void			*field;
	u_int			 i;

	if (!o->verbosity_given)
		o->verbosity = LOG_INFO;
	for (i = 0; i < SERVER_NOPTS; i++) {
		if (o->given[i])
			continue;
		so = &server_opts_table[i];
		field = (char *)o + so->offset;
		switch (so->type) {
		case SERVER_OPT_INT:
			*(int *)field = so->value;
			break;
		case SERVER_OPT_SIZE:
			*(size_t *)field = so->value;
			break;
		case SERVER_OPT_FLAG:
			*(int *)field = 0;
			break;
		case SERVER_OPT_LIST:
			server_opts_list_free(o);
			break;
		case SERVER_OPT_NAME:
		case SERVER_OPT_STRING:
			free(*(char **)field);
			*(char **)field = NULL;
			break;
		}
	}
}

/* Do two sets of options differ in option i? */
static int
server_opts_differ(const struct server_opts *a, const struct server_opts *b,
    u_int i)
{
	const struct server_opt	*so = &server_opts_table[i];
	const char		*x, *y;
	u_int			 k;

	switch (so->type) {
	case SERVER_OPT_INT:
	case SERVER_OPT_FLAG:
		return (*(const int *)((const char *)a + so->offset) !=
		    *(const int *)((const char *)b + so->offset));
	case SERVER_OPT_SIZE:
		return (*(const size_t *)((const char *)a + so->offset) !=
		    *(const size_t *)((const char *)b + so->offset));
	case SERVER_OPT_LIST:
		if (a->nirc_listen != b->nirc_listen)
			return (1);
		for (k = 0; k < a->nirc_listen; k++) {
			if (strcmp(a->irc_listen[k], b->irc_listen[k]) != 0)
				return (1);
		}
		return (0);
	}
	x = *(char * const *)((const char *)a + so->offset);
	y = *(char * const *)((const char *)b + so->offset);
	if (x == NULL || y == NULL)
		return (x != y);
	return (strcmp(x, y) != 0);
}

/* Option i's value as the log shows it. */
static char *
server_opts_value(const struct server_opts *o, u_int i)
{
	const struct server_opt	*so = &server_opts_table[i];
	const void		*field = (const char *)o + so->offset;
	const char		*s;
	char			*out;

	switch (so->type) {
	case SERVER_OPT_INT:
		xasprintf(&out, "%d", *(const int *)field);
		return (out);
	case SERVER_OPT_SIZE:
		xasprintf(&out, "%zu", *(const size_t *)field);
		return (out);
	case SERVER_OPT_FLAG:
		return (xstrdup(*(const int *)field ? "yes" : "no"));
	case SERVER_OPT_LIST:
		return (xstrdup(o->nirc_listen > 0 ? "(a list)" : "(none)"));
	}
	s = *(char * const *)field;
	return (xstrdup(s != NULL ? s : "(none)"));
}

/* Option i's config file key, FLOOD_BURST for flood-burst. */
static void
server_opts_key_name(u_int i, char *key, size_t size)
{
	const char	*name = server_opts_table[i].name;
	size_t		 n;

	for (n = 0; name[n] != '\0' && n + 1 < size; n++)
		key[n] = name[n] == '-' ? '_' : toupper((u_char)name[n]);
	key[n] = '\0';
}

/* Move option i's value from one set to another. */
static void
server_opts_take(struct server_opts *to, struct server_opts *from, u_int i)
{
	const struct server_opt	*so = &server_opts_table[i];
	void			*dst = (char *)to + so->offset;
	void			*src = (char *)from + so->offset;

	switch (so->type) {
	case SERVER_OPT_INT:
	case SERVER_OPT_FLAG:
		*(int *)dst = *(int *)src;
		break;
	case SERVER_OPT_SIZE:
		*(size_t *)dst = *(size_t *)src;
		break;
	case SERVER_OPT_LIST:
		/* Every list is a restart's: nothing takes one. */
		break;
	case SERVER_OPT_NAME:
	case SERVER_OPT_STRING:
		free(*(char **)dst);
		*(char **)dst = *(char **)src;
		*(char **)src = NULL;
		break;
	}
}

/*
 * Put what a reread found into the options in use: each setting that a
 * running hub can change is taken and logged ("reload: PING_TIMEOUT 60 ->
 * 30"); one that needs a restart keeps its value, and the log says so
 * once if the file no longer says what it said at start-up, and counts
 * in *waiting.  What the command line gave is the same in both.  Returns
 * how many changed now.
 */
u_int
server_opts_update(struct server_opts *o, struct server_opts *next,
    u_int *waiting)
{
	const struct server_opt	*so;
	char			 key[64], *was, *now;
	u_int			 i, changed = 0;

	*waiting = 0;
	for (i = 0; i < SERVER_NOPTS; i++) {
		so = &server_opts_table[i];
		if (o->given[i] || (so->flags & SERVER_OPT_NOKEY))
			continue;
		server_opts_key_name(i, key, sizeof key);
		if (so->flags & SERVER_OPT_RESTART) {
			if (o->loaded != NULL &&
			    server_opts_differ(o->loaded, next, i)) {
				log_warnx("reload: %s changed; it takes effect "
				    "at the next restart", key);
				(*waiting)++;
			}
			continue;
		}
		if (!server_opts_differ(o, next, i))
			continue;
		was = server_opts_value(o, i);
		now = server_opts_value(next, i);
		log_info("reload: %s %s -> %s", key, was, now);
		free(was);
		free(now);
		server_opts_take(o, next, i);
		changed++;
	}
	if (!o->verbosity_given && o->verbosity != next->verbosity) {
		log_info("reload: VERBOSE/QUIET %s -> %s",
		    server_opts_level(o->verbosity),
		    server_opts_level(next->verbosity));
		o->verbosity = next->verbosity;
		changed++;
	}
	return (changed);
}

/* A log level's name, for the reload's log. */
static const char *
server_opts_level(int level)
{
	switch (level) {
	case LOG_QUIET:
		return ("quiet");
	case LOG_DEBUG:
		return ("verbose");
	case LOG_TRACE:
		return ("verbose=2");
	}
	return ("normal");
}
