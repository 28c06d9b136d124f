/* SPDX-License-Identifier: ISC */
/* server-tls.c: the hub's certificate: load, make, reload, log, expiry. */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <libgen.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "server.h"

static int	server_tls_half_pair(const char *, const char *);
static void	server_tls_log(const char *);
static void	server_tls_log_fp(const char *, const char *);
static void	server_tls_log_irc(const char *);

/*
 * Is the hub's own pair only half there (one file missing or empty, as a
 * start on a full disk used to leave it)?  Say so, and how to recover.
 */
static int
server_tls_half_pair(const char *cert, const char *key)
{
	struct stat	sc, sk;
	int		hc, hk;

	hc = stat(cert, &sc) == 0;
	hk = stat(key, &sk) == 0;
	if (!hc && !hk)
		return (0);
	if (hc && hk && sc.st_size > 0 && sk.st_size > 0)
		return (0);
	log_stderr("chatroom: %s is %s and %s is %s: the hub's "
	    "certificate and key were not both written; remove both to make "
	    "a new pair (clients will see a new fingerprint)\n", cert,
	    !hc ? "missing" : sc.st_size == 0 ? "empty" : "there", key,
	    !hk ? "missing" : sk.st_size == 0 ? "empty" : "there");
	return (-1);
}

/*
 * Set up TLS: the given certificate and key, or the hub's own self-signed
 * pair beside the history file (made on first start, reused after).
 */
int
server_tls_init(struct server_opts *opts)
{
	char		*cert, *key, *cause;

	if (opts->insecure) {
		log_warnx("--insecure: connections are not encrypted");
		if (opts->tls_cert != NULL || opts->tls_key != NULL)
			log_warnx("--insecure: --tls-cert and --tls-key "
			    "(TLS_CERT, TLS_KEY) are ignored");
		return (0);
	}
	if ((opts->tls_cert == NULL) != (opts->tls_key == NULL)) {
		log_stderr("chatroom: --tls-cert and --tls-key go "
		    "together\n");
		return (-1);
	}
	server_tls_paths(opts, &cert, &key);
	if (opts->tls_cert == NULL) {
		history_clean_temp(cert);	/* a start that crashed */
		history_clean_temp(key);
		if (server_tls_half_pair(cert, key) != 0) {
			free(cert);
			free(key);
			return (-1);
		}
		if (access(cert, F_OK) != 0 && access(key, F_OK) != 0) {
			if (tls_make_self_signed(cert, key, &cause) != 0) {
				log_stderr("chatroom: %s\n", cause);
				free(cause);
				free(cert);
				free(key);
				return (-1);
			}
			log_info("created a self-signed certificate: %s", cert);
		}
	}
	server_set_tls(server_tls_ctx(opts, cert, key, &cause));
	if (server_tls() == NULL) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		free(cert);
		free(key);
		return (-1);
	}
	server_tls_log(cert);
	server_tls_expiry();
	free(cert);
	free(key);
	return (0);
}

/*
 * The certificate and key files: those given, or the hub's own pair
 * beside the history file.
 */
void
server_tls_paths(struct server_opts *opts, char **cert, char **key)
{
	char	*dir;

	if (opts->tls_cert != NULL) {
		*cert = xstrdup(opts->tls_cert);
		*key = xstrdup(opts->tls_key);
		return;
	}
	dir = xstrdup(opts->history);
	xasprintf(cert, "%s/hub-cert.pem", dirname(dir));
	free(dir);
	dir = xstrdup(opts->history);
	xasprintf(key, "%s/hub-key.pem", dirname(dir));
	free(dir);
}

/*
 * A server context from the certificate and key files.  An error about
 * a file the options gave names its setting, as server_check_files does
 * (hub.conf:5: TLS_KEY: /x/key.pem is encrypted: ...); one about the
 * hub's own pair, its path alone.
 */
SSL_CTX *
server_tls_ctx(struct server_opts *o, const char *cert, const char *key,
    char **cause)
{
	SSL_CTX	*ctx;
	char	*named;
	int	 fault;

	if ((ctx = tls_server_ctx(cert, key, &fault, cause)) != NULL)
		return (ctx);
	if (o->tls_cert != NULL && fault != 0) {
		xasprintf(&named, "%s: %s", server_opts_where(o,
		    fault == TLS_FAULT_KEY ? "tls-key" : "tls-cert", NULL),
		    *cause);
		free(*cause);
		*cause = named;
	}
	return (NULL);
}

/*
 * Warn when the certificate in use has expired or expires within two
 * weeks: clients that check it (one from a public authority) would
 * refuse the hub, and the log would show only failed handshakes.  At
 * start-up, at each reload and once a day; the metrics show the date.
 */
void
server_tls_expiry(void)
{
	server_tls_expiry_of(server_tls(), 1);
}

/*
 * Warn about the certificate of ctx (see server_tls_expiry); --check
 * warns the same, with no metrics.
 */
void
server_tls_expiry_of(SSL_CTX *ctx, int metrics_too)
{
	X509		*x;
	struct tm	 tm;
	time_t		 until;
	char		 when[64];
	int64_t		 left, days;

	if (ctx == NULL || (x = SSL_CTX_get0_certificate(ctx)) == NULL ||
	    ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) != 1)
		return;
	until = timegm(&tm);
	if (metrics_too)
		metrics_tls_expiry((int64_t)until * 1000);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	left = (int64_t)until * 1000 - now_ms();
	if (left <= 0)
		log_warnx("the TLS certificate expired on %s: clients that "
		    "check it refuse the hub; renew it, then reload the hub "
		    "(SIGHUP)", when);
	else if (left < 14LL * 86400 * 1000) {
		/* Rounded up, as the date reads: 4.99 days is "in 5 days". */
		days = (left + 86400LL * 1000 - 1) / (86400LL * 1000);
		log_warnx("the TLS certificate expires on %s, in %lld %s: "
		    "renew it, then reload the hub (SIGHUP)", when,
		    (long long)days, days == 1 ? "day" : "days");
	}
}

/* Log the certificate's fingerprint, which users compare. */
static void
server_tls_log(const char *cert)
{
	FILE	*f;
	X509	*x;
	char	*fp;

	if ((f = fopen(cert, "r")) == NULL)
		return;
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		if ((fp = tls_fingerprint(x)) != NULL) {
			server_tls_log_fp(cert, fp);
			free(fp);
		}
		X509_free(x);
	}
	fclose(f);
}

/*
 * Log a certificate's fingerprint, in the forms clients pin it, at start
 * and when a reload brings a new one; a reload that finds the same one
 * (each logrotate's) says it in a line.
 */
static void
server_tls_log_fp(const char *cert, const char *fp)
{
	static char	*last;

	if (last != NULL && strcmp(last, fp) == 0) {
		log_info("TLS certificate %s unchanged", cert);
		return;
	}
	free(last);
	last = xstrdup(fp);
	log_info("TLS certificate %s, SHA-256 fingerprint %s", cert, fp);
	if (server_options()->nirc_listen > 0)
		server_tls_log_irc(fp);
}

/*
 * The fingerprint as IRC clients pin it: irssi's -tls_pinned_cert takes
 * it as logged above (upper case, colons), WeeChat's tls_fingerprint as
 * lower-case hex digits alone (ssl_fingerprint before 4.0, as Debian 12's
 * 3.8 has it: told tls_fingerprint, it knows no such option).
 */
static void
server_tls_log_irc(const char *fp)
{
	char		 hex[128];
	const char	*p;
	size_t		 n = 0;

	for (p = fp; *p != '\0' && n + 1 < sizeof hex; p++) {
		if (*p != ':')
			hex[n++] = tolower((u_char)*p);
	}
	hex[n] = '\0';
	log_info("IRC: irssi -tls_pinned_cert %s", fp);
	log_info("IRC: weechat tls_fingerprint %s", hex);
	log_info("IRC: weechat before 4.0: ssl_fingerprint %s", hex);
}

/*
 * Load the certificate and key the options name, for new connections;
 * each connection holds a reference to the one it was made with.
 */
int
server_tls_reload(struct server_opts *o)
{
	struct server_opts	 paths;
	SSL_CTX			*ctx, *old;
	char			*cert, *key, *cause;
	int			 rc = 0;

	if (server_tls() == NULL)
		return (0);
	/* The hub's own pair lives beside the history file in use. */
	paths = *server_options();
	paths.tls_cert = o->tls_cert;
	paths.tls_key = o->tls_key;
	server_tls_paths(&paths, &cert, &key);
	if ((ctx = server_tls_ctx(&paths, cert, key, &cause)) == NULL) {
		log_warnx("reload: %s; keeping the certificate in use", cause);
		free(cause);
		rc = -1;
	} else {
		old = server_tls();
		server_set_tls(ctx);
		SSL_CTX_free(old);
		server_tls_log(cert);
		server_tls_expiry();
	}
	free(cert);
	free(key);
	return (rc);
}
