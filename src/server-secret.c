/* SPDX-License-Identifier: ISC */
/* server-secret.c: the hub's passwords and message of the day, from files. */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "server.h"

static void	server_secret_reload_log(struct server_opts *, const char *,
		    const char *);

/*
 * Read the password file the option name names (none: NULL), telling a
 * fault with where the option came from: hub.conf:3: PASSWORD_FILE:
 * /x: password longer than 256 bytes.
 */
int
server_secret_password(struct server_opts *o, const char *name,
    const char *path, char **out, char **cause)
{
	char	*why;

	*out = NULL;
	if (path == NULL)
		return (0);
	if (util_read_password(path, out, &why) != 0) {
		xasprintf(cause, "%s: %s", server_opts_where(o, name, NULL),
		    why);
		free(why);
		return (-1);
	}
	return (0);
}

/* Forget a secret read from a file. */
void
server_secret_free(char *secret)
{
	if (secret != NULL)
		explicit_bzero(secret, strlen(secret));
	free(secret);
}

/*
 * Read the message of the day (at most CR_MOTD_MAX bytes of UTF-8 text,
 * CRLF line ends taken as LF); an empty file is none (NULL).  A longer
 * file is cut before the character the limit splits, with a warning:
 * a cut in the middle of a character is no reason to call the file
 * invalid.
 */
int
server_secret_motd(const char *path, char **motd, char **cause)
{
	FILE	*f;
	char	 buf[CR_MOTD_MAX + 1];
	size_t	 n, i, j;
	int	 longer;

	*motd = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	n = fread(buf, 1, sizeof buf, f);
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		fclose(f);
		return (-1);
	}
	fclose(f);
	if ((longer = (n > CR_MOTD_MAX))) {
		n = CR_MOTD_MAX;
		for (i = 0; i < 3 && n > 0 && ((u_char)buf[n] & 0xc0) == 0x80;
		    i++)
			n--;
	}
	for (i = j = 0; i < n; i++) {
		if (buf[i] != '\r' || i + 1 == n || buf[i + 1] != '\n')
			buf[j++] = buf[i];
	}
	n = j;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	if (!utf8_valid(buf, n)) {
		xasprintf(cause, "%s: not valid UTF-8", path);
		return (-1);
	}
	if (longer)
		log_warnx("%s: longer than %d bytes: the message of the day "
		    "is its first %zu bytes", path, CR_MOTD_MAX, n);
	if (n > 0)
		*motd = xstrdup(buf);
	return (0);
}

/*
 * Read the operator and hub passwords and the message of the day from
 * the files the options name, and put them in use if all could be read;
 * operators of another operator password are then one no more.
 */
int
server_secret_reload(struct server_opts *o)
{
	char	*oper = NULL, *hub = NULL, *motd = NULL, *cause;

	if (server_secret_password(o, "admin-password-file",
	    o->admin_password_file, &oper, &cause) != 0 ||
	    server_secret_password(o, "password-file", o->password_file, &hub,
	    &cause) != 0 ||
	    (o->motd_file != NULL &&
	    server_secret_motd(o->motd_file, &motd, &cause) != 0)) {
		log_warnx("reload: %s", cause);
		free(cause);
		server_secret_free(oper);
		server_secret_free(hub);
		return (-1);
	}
	server_secret_reload_log(o, hub, motd);
	server_set_secrets(oper, hub, motd);
	server_oper_recheck();
	return (0);
}

/*
 * Say what a reload did with the message of the day and the hub password,
 * as it does with the certificate: the administrator who edited one of
 * them reads whether it took.  (A new operator password is said by each
 * operator it ends.)
 */
static void
server_secret_reload_log(struct server_opts *o, const char *hub,
    const char *motd)
{
	const char	*old = server_motd();
	int		 had;

	if (o->motd_file == NULL && old != NULL)
		log_info("reload: no message of the day any more");
	else if (o->motd_file != NULL && motd == NULL)
		log_info("reload: message of the day %s: empty, none is shown",
		    o->motd_file);
	else if (o->motd_file != NULL)
		log_info("reload: message of the day %s %s", o->motd_file,
		    old != NULL && strcmp(old, motd) == 0 ? "unchanged" :
		    "changed");
	had = server_check_password("") != -1;
	if (hub == NULL && had)
		log_info("reload: no hub password any more");
	else if (hub != NULL && !had)
		log_info("reload: a hub password is now required");
	else if (hub != NULL && server_check_password(hub) != 1)
		log_info("reload: the hub password changed");
}
