/* SPDX-License-Identifier: ISC */
/* cmd-ignore.c: /ignore and /unignore, kept by the client alone. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static int	cmd_ignore_check(const char *, char **);

/*
 * Is an /ignore argument a nick, or a nick pattern ('*' and '?' stand for
 * characters a nick may hold, so the pattern with them replaced must be
 * a nick)?  An address mask (nick!user@host) is refused: the client sees
 * nicks only.
 */
static int
cmd_ignore_check(const char *arg, char **cause)
{
	enum proto_err	 err;
	char		*copy, *cp;
	int		 rc, letters = 0;

	if (strpbrk(arg, "!@") != NULL) {
		xasprintf(cause, _("%s: only nicks and nick patterns (such as "
		    "spam*) can be ignored, not addresses"), arg);
		return (-1);
	}
	if (!client_ignore_is_pattern(arg))
		return (proto_check_kept_nick(arg, &err, cause));
	copy = xstrdup(arg);
	for (cp = copy; *cp != '\0'; cp++) {
		if (*cp == '*' || *cp == '?')
			*cp = 'a';
		else
			letters = 1;
	}
	if (!letters) {
		free(copy);
		xasprintf(cause, _("%s would match every nick"), arg);
		return (-1);
	}
	rc = proto_check_kept_nick(copy, &err, cause);
	free(copy);
	return (rc);
}

/*
 * /ignore [NICK|PATTERN]: drop the messages of a nick, or of every nick a
 * pattern matches, from now on; or list what is ignored.
 */
int
cmd_ignore(struct client *c, int argc, char **argv, char **cause)
{
	u_int		 i;
	int		 rc;

	if (argc == 0) {
		client_ignore_has(c, "");
		if (c->nignore == 0) {
			client_notice(c, c->current, CLINE_NOTICE,
			    _("no one is ignored"));
			return (0);
		}
		for (i = 0; i < c->nignore; i++)
			client_notice(c, c->current, CLINE_NOTICE,
			    _("ignored: %s"), c->ignore[i]);
		return (0);
	}
	/* Someone else's nick, which the older rules may have allowed. */
	if (cmd_ignore_check(argv[0], cause) != 0)
		return (-1);
	if ((rc = client_ignore_add(c, argv[0], cause)) == -1)
		return (-1);
	if (rc == 1)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is already ignored"), argv[0]);
	else if (client_ignore_is_pattern(argv[0]))
		client_notice(c, c->current, CLINE_NOTICE,
		    _("ignoring every nick matching %s; /unignore %s undoes "
		    "it"), argv[0], argv[0]);
	else
		client_notice(c, c->current, CLINE_NOTICE,
		    _("ignoring %s; /unignore %s undoes it"), argv[0], argv[0]);
	return (0);
}

/* /unignore NICK */
int
cmd_unignore(struct client *c, int argc, char **argv, char **cause)
{
	int	rc;

	if ((rc = client_ignore_del(c, argv[0], cause)) == -1)
		return (-1);
	if (rc == 1) {
		xasprintf(cause, _("%s is not ignored"), argv[0]);
		return (-1);
	}
	client_notice(c, c->current, CLINE_NOTICE, _("no longer ignoring %s"),
	    argv[0]);
	return (0);
}
