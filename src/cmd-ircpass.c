/* SPDX-License-Identifier: ISC */
/* cmd-ircpass.c: /ircpass, the password of a claimed nick for IRC clients. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * A native client proves its nicks with its key; an IRC client cannot,
 * so the owner of a claimed nick may give it a password, which IRC
 * clients send with SASL PLAIN.  The hub keeps only a slow hash of it.
 * The password goes to the hub once, over the connection's TLS, and is
 * neither shown nor kept in the input history.
 */

/* Is a line one that sets a password, to be kept out of the history? */
int
cmd_ircpass_secret(const char *line)
{
	size_t	len = strlen("/ircpass");

	return (strncasecmp(line, "/ircpass", len) == 0 &&
	    (line[len] == ' ' || line[len] == '\0'));
}

/* /ircpass PASSWORD|-delete: set or clear our nick's IRC password. */
int
cmd_ircpass(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	 req = { .type = PROTO_PASSWORD };
	char			*why;

	if (strcmp(argv[0], "-delete") != 0) {
		if (claim_pass_valid(argv[0], &why) != 0) {
			free(why);
			xasprintf(cause, _("a password must be %d to %d bytes "
			    "long, without control characters"),
			    CR_CLAIM_PASS_MIN, CR_PASSWORD_MAX);
			return (-1);
		}
		req.password = argv[0];
	}
	return (client_send_request(c, &req));
}
