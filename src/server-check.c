/* SPDX-License-Identifier: ISC */
/* server-check.c: --check, and the files a start needs. */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "server.h"

static int	server_check_writes(struct server_opts *);

/*
 * Can the files the options name be opened?  If not, say which option
 * named the file and where (hub.conf:4: MOTD_FILE: /x: No such file or
 * directory): a path alone leaves an admin to guess.
 */
int
server_check_files(struct server_opts *opts)
{
	const char	*names[] = { "admin-password-file", "password-file",
			    "motd-file", "cluster-password-file", "tls-cert",
			    "tls-key" };
	const char	*paths[] = { opts->admin_password_file,
			    opts->password_file, opts->motd_file,
			    opts->cluster != NULL ?
			    opts->cluster_password_file : NULL,
			    opts->insecure ? NULL : opts->tls_cert,
			    opts->insecure ? NULL : opts->tls_key };
	u_int		 i;
	int		 fd;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (paths[i] == NULL)
			continue;
		if ((fd = open(paths[i], O_RDONLY)) == -1) {
			log_stderr("chatroom: %s: %s: %s\n",
			    server_opts_where(opts, names[i], NULL), paths[i],
			    strerror(errno));
			return (-1);
		}
		close(fd);
	}
	return (0);
}

/*
 * Can the hub write where a start would make files: the log, and the
 * history's directory (its journals, and the first time its own TLS
 * pair, go there too)?  Told with where the setting came from, as
 * server_check_files does.
 */
static int
server_check_writes(struct server_opts *opts)
{
	const char	*why;
	char		*cause;

	if (opts->log_file != NULL && log_check(opts->log_file) != 0) {
		why = strerror(errno);
		log_stderr("chatroom: %s: %s: %s\n", server_opts_where(opts,
		    "log-file", NULL), opts->log_file, why);
		return (-1);
	}
	if (config_check_dirs(opts->history, &cause) != 0) {
		log_stderr("chatroom: %s: %s: %s\n", server_opts_where(opts,
		    "history", NULL), opts->history, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * --check: read the settings' files as a start would, the history and
 * journals included, and resolve the addresses, but write nothing, take
 * no lock and bind nothing, so that a running hub's next configuration
 * can be tried beside it.  Returns the exit status.
 */
int
server_check(struct server_opts *opts)
{
	struct addrinfo	*res;
	struct hist	 h;
	SSL_CTX		*ctx;
	uint64_t	 gen;
	char		*cert, *key, *cause, *secret = NULL;
	int		 replayed, rc = 0;
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

	if (server_check_files(opts) != 0 || server_check_writes(opts) != 0)
		return (1);
	for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		if (server_secret_password(opts, secrets[i].name,
		    secrets[i].path, &secret, &cause) != 0) {
			log_stderr("chatroom: %s\n", cause);
			free(cause);
			return (1);
		}
		server_secret_free(secret);
	}
	if (opts->motd_file != NULL) {
		if (server_secret_motd(opts->motd_file, &secret, &cause) != 0) {
			log_stderr("chatroom: %s\n", cause);
			free(cause);
			return (1);
		}
		free(secret);
	}
	if (!opts->insecure) {
		server_tls_paths(opts, &cert, &key);
		/* The hub's own pair is made at the first start. */
		if (opts->tls_cert != NULL || access(cert, F_OK) == 0 ||
		    access(key, F_OK) == 0) {
			if ((ctx = server_tls_ctx(opts, cert, key,
			    &cause)) == NULL) {
				log_stderr("chatroom: %s\n", cause);
				free(cause);
				free(cert);
				free(key);
				return (1);
			}
			server_tls_expiry_of(ctx, 0);	/* as a start warns */
			SSL_CTX_free(ctx);
		}
		free(cert);
		free(key);
	} else if (opts->tls_cert != NULL || opts->tls_key != NULL)
		log_warnx("--insecure: --tls-cert and --tls-key (TLS_CERT, "
		    "TLS_KEY) are ignored");
	if ((rc = history_load(opts->history, opts->history_size, &h,
	    &cause)) != 0 || history_replay(opts->history, opts->history_size,
	    &h, &gen, &replayed, 1, &cause) != 0) {
		history_free(&h);
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (1);
	}
	history_free(&h);
	if (server_resolve(opts->listen, 0, &res) != 0)
		return (1);
	freeaddrinfo(res);
	for (i = 0; i < opts->nirc_listen; i++) {
		if (server_resolve(opts->irc_listen[i], 1, &res) != 0)
			return (1);
		freeaddrinfo(res);
	}
	printf(_("chatroom: configuration OK\n"));
	return (0);
}
