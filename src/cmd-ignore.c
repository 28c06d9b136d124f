/* SPDX-License-Identifier: ISC */
/* cmd-ignore.c: /ignore and /unignore, kept by the client alone. */

#include <sys/types.h>

#include <stdlib.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/* /ignore [NICK]: drop a nick's messages from now on, or list the nicks. */
int
cmd_ignore(struct client *c, int argc, char **argv, char **cause)
{
	enum proto_err	 err;
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
	if (proto_check_kept_nick(argv[0], &err, cause) != 0)
		return (-1);
	if ((rc = client_ignore_add(c, argv[0], cause)) == -1)
		return (-1);
	if (rc == 1)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is already ignored"), argv[0]);
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
