/* SPDX-License-Identifier: ISC */
/* cmd-create.c: /create, and the room name a title makes. */

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static int	cmd_create_title_break(uint32_t);

/* Does a character of a title separate words of the room name made of it? */
static int
cmd_create_title_break(uint32_t cp)
{
	return (cp == ' ' || cp == '-' || cp == ',' || cp == '"' ||
	    cp == '\\' || cp == 0xa0 || cp == 0x3000 || cp == 0xfeff ||
	    (cp >= 0x2000 && cp <= 0x200f) || utf8_is_unsafe(cp));
}

/*
 * The room name a title of several words stands for: its words in lower
 * case joined by '-' ("Book Club" is book-club), without the characters a
 * name may not start with, cut to the longest name.  /create and /join
 * make it the same way, so that a room is found by the title it was
 * created with.
 */
char *
cmd_create_room_name(const char *title, char **cause)
{
	char		*fold, *out;
	size_t		 len, off, o = 0;
	uint32_t	 cp;
	u_int		 n = 0;
	int		 l, gap = 0;

	fold = utf8_casefold(title);
	len = strlen(fold);
	out = xmalloc(len + 1);
	for (off = 0; off < len && n < CR_ROOM_MAX; off += l) {
		if ((l = utf8_decode(fold + off, len - off, &cp)) < 0) {
			l = 1;
			gap = 1;
			continue;
		}
		if (cmd_create_title_break(cp)) {
			gap = 1;
			continue;
		}
		if (o == 0 && (cp == '@' || cp == '#' || cp == '/' ||
		    cp == '*' || cp == '+'))
			continue;
		if (gap && o > 0) {
			if (n + 2 > CR_ROOM_MAX)
				break;
			out[o++] = '-';
			n++;
		}
		gap = 0;
		memcpy(out + o, fold + off, l);
		o += l;
		n++;
	}
	out[o] = '\0';
	free(fold);
	if (o == 0) {
		xasprintf(cause, _("no room name can be made of \"%s\""), title);
		free(out);
		return (NULL);
	}
	return (out);
}

/* /create ROOM|TITLE: a title of several words is kept as the topic. */
int
cmd_create(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	 req = { .type = PROTO_CREATE };
	char			*name;
	int			 rc;

	/* No room name starts with '#': it is IRC's mark of a channel. */
	req.room = argv[0][0] == '#' ? argv[0] + 1 : argv[0];
	if (strchr(argv[0], ' ') == NULL) {
		/* Refused here, the cause is in the user's language. */
		if (proto_check_room_local(req.room, 1, cause) != 0)
			return (-1);
		return (client_send_request(c, &req));
	}
	/* In characters, as the hub counts a topic. */
	if (utf8_strlen(argv[0], strlen(argv[0])) > CR_TOPIC_MAX) {
		xasprintf(cause, _("a title has at most %d characters"),
		    CR_TOPIC_MAX);
		return (-1);
	}
	if ((name = cmd_create_room_name(argv[0], cause)) == NULL)
		return (-1);
	req.room = name;
	req.topic = argv[0];
	rc = client_send_request(c, &req);
	free(name);
	return (rc);
}
