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

/*
 * The options of main() itself; the hub's (server-opts.c) come between
 * the two tables, as OPT_HUB and on.
 */
enum {
	OPT_SERVE = 256,
	OPT_BATCH,
	OPT_JSON,
	OPT_LIVE,
	OPT_CONFIG,
	OPT_TRUST,
	OPT_NO_LOGS,
	OPT_NO_MOUSE,
	OPT_HELP,
	OPT_VERSION,
	OPT_HUB,
};

/* The role and its config file. */
static const struct option chatroom_roles[] = {
	{ "serve", no_argument, NULL, OPT_SERVE },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "config", required_argument, NULL, OPT_CONFIG },
};

/* The client's, and those of both roles. */
static const struct option chatroom_options[] = {
	{ "no-logs", no_argument, NULL, OPT_NO_LOGS },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "trust", required_argument, NULL, OPT_TRUST },
	{ "address", required_argument, NULL, 'a' },
	{ "port", required_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
};
#define CHATROOM_NROLES	(sizeof chatroom_roles / sizeof chatroom_roles[0])
#define CHATROOM_NOPTIONS \
	(sizeof chatroom_options / sizeof chatroom_options[0])

#ifdef ENABLE_NLS
static const char *build_localedir(char *, size_t);
#endif
static struct option *chatroom_getopt_table(void);
static void	chatroom_bad_option(int, const char *);

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

/*
 * The table for getopt_long: the roles, the hub's options, then the rest
 * (in this order "--h is ambiguous" lists them as it always did).  It is
 * made once and kept to the end.
 */
static struct option *
chatroom_getopt_table(void)
{
	static struct option	*table;
	struct option		*hub;
	u_int			 i, n = server_opts_count();
	int			 has_arg;

	if (table != NULL)
		return (table);
	table = xcalloc(CHATROOM_NROLES + n + CHATROOM_NOPTIONS + 1,
	    sizeof *table);
	memcpy(table, chatroom_roles, sizeof chatroom_roles);
	hub = table + CHATROOM_NROLES;
	for (i = 0; i < n; i++) {
		hub[i].name = server_opts_name(i, &has_arg);
		hub[i].has_arg = has_arg ? required_argument : no_argument;
		hub[i].val = OPT_HUB + i;
	}
	memcpy(hub + n, chatroom_options, sizeof chatroom_options);
	return (table);
}

/*
 * Say what getopt_long did not take, as it would (its own messages are
 * off): through log_stderr, so that under the journal they carry an error
 * priority as the hub's other start-up errors do.
 */
static void
chatroom_bad_option(int ch, const char *arg)
{
	char	short_opt[3];

	if (strncmp(arg, "--", 2) != 0 && optopt > 0 && optopt < 256) {
		short_opt[0] = '-';
		short_opt[1] = optopt;
		short_opt[2] = '\0';
		arg = short_opt;
	}
	if (ch == ':')
		log_stderr(_("chatroom: option '%s' requires an argument\n"),
		    arg);
	else
		log_stderr(_("chatroom: unrecognized option '%s'\n"), arg);
	usage_short();
}

int
main(int argc, char **argv)
{
	/* Static: an early return (2) leaves what it holds reachable. */
	static struct server_opts o;
	struct target		 t;
	int			 ch, serve = 0, batch = 0, json = 0, live = 0;
	int			 rc, no_logs = 0, no_mouse = 0;
	char			*config = NULL, *trust = NULL, *listen;
	char			*cause;
	char			*address = NULL, *port = NULL;
	const char		*v, *why;
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

	server_opts_init(&o);
	opterr = 0;	/* its messages, through log_stderr */
	while ((ch = getopt_long(argc, argv, ":a:p:vq",
	    chatroom_getopt_table(), NULL)) != -1) {
		switch (ch) {
		case '?':
		case ':':
			chatroom_bad_option(ch, argv[optind - 1]);
			return (2);
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
		case OPT_NO_LOGS:
			no_logs = 1;
			break;
		case OPT_NO_MOUSE:
			no_mouse = 1;
			break;
		case OPT_TRUST:
			if (!tls_fingerprint_valid(optarg)) {
				log_stderr(_("chatroom: --trust: '%s' is not a "
				    "SHA-256 fingerprint (64 hexadecimal digits, "
				    "colons allowed)\n"), optarg);
				return (2);
			}
			free(trust);
			trust = xstrdup(optarg);
			break;
		case 'a':
			free(address);
			if ((address = config_parse_address(optarg)) == NULL) {
				log_stderr(_("chatroom: bad address "
				    "'%s'\n"), optarg);
				return (2);
			}
			break;
		case 'p':
			if (parse_number(optarg, 1, 65535, &n) != 0) {
				log_stderr(_("chatroom: %s: invalid value "
				    "'%s' (expected an integer from %lld to "
				    "%lld)\n"), "--port", optarg, 1LL,
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
			usage_version(stdout);
			return (0);
		default:
			if (ch >= OPT_HUB &&
			    ch < OPT_HUB + (int)server_opts_count()) {
				if (server_opts_set(&o, ch - OPT_HUB,
				    optarg) != 0)
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
			log_stderr(_("chatroom: --serve takes no target, "
			    "--batch or --trust\n"));
			usage_short();
			return (2);
		}
		if (config != NULL && server_opts_load(&o, config) != 0) {
			server_opts_free(&o);
			free(config);
			free(address);
			free(port);
			return (2);
		}
		if ((o.tls_cert == NULL) != (o.tls_key == NULL)) {
			log_stderr(_("chatroom: --tls-cert and --tls-key "
			    "go together\n"));
			server_opts_free(&o);
			free(config);
			free(address);
			free(port);
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
		if (server_opts_check(&o, config, &cause) != 0) {
			log_stderr("chatroom: %s\n", cause);
			free(cause);
			server_opts_free(&o);
			free(config);
			return (2);
		}
		/*
		 * The hub's logs and protocol details are always English;
		 * --check speaks to the administrator at the terminal, in
		 * the language of the option errors above.
		 */
		if (!o.check)
			setlocale(LC_MESSAGES, "C");
		/* --check writes nothing, the log included: warnings only. */
		if (o.check)
			log_open(LOG_QUIET, NULL);
		else if (log_open(o.verbosity, o.log_file) != 0) {
			why = strerror(errno);
			log_stderr("chatroom: %s: %s: %s\n",
			    server_opts_where(&o, "log-file", NULL),
			    o.log_file, why);
			server_opts_free(&o);
			free(config);
			return (1);
		}
		rc = server_main(&o);
		history_unlock();
		log_close();
		server_opts_free(&o);
		free(config);
		return (rc);
	}

	if (server_opts_hub_only(&o) || config != NULL) {
		log_stderr(_("chatroom: hub options need --serve\n"));
		return (2);
	}
	if (argc > 1 || ((json || live) && !batch)) {
		if (argc > 1)
			log_stderr(_("chatroom: one target only\n"));
		else if (json)
			log_stderr(_("chatroom: --json needs --batch\n"));
		else
			log_stderr(_("chatroom: --live needs --batch\n"));
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
		if ((t.nick = client_hello_default_nick(&v)) == NULL) {
			if (v == NULL)
				log_stderr(_("chatroom: no nick given, and no "
				    "login name to make one of: give one as "
				    "NICK@HOST\n"));
			else
				log_stderr(_("chatroom: no nick given, and the "
				    "login name %s cannot be made a nick: give "
				    "one as NICK@HOST\n"), v);
			target_free(&t);
			return (2);
		}
		if (strcmp(t.nick, v) != 0)
			log_stderr(_("chatroom: the login name %s is not a "
			    "valid nick: using %s\n"), v, t.nick);
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
	if (log_open(o.verbosity >= LOG_DEBUG ? LOG_DEBUG : LOG_QUIET,
	    o.log_file) != 0) {
		log_stderr("chatroom: %s: %s\n", o.log_file, strerror(errno));
		target_free(&t);
		server_opts_free(&o);
		return (1);
	}
	server_opts_free(&o);
	if (batch)
		rc = batch_main(&t, (json ? BATCH_JSON : 0) |
		    (live ? BATCH_LIVE : 0));
	else
		rc = tui_main(&t);
	target_free(&t);
	log_close();
	return (rc);
}
