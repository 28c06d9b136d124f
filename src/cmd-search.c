/* SPDX-License-Identifier: ISC */
/* cmd-search.c: /search, which the terminal client carries out. */

#include <sys/types.h>

#include <stdlib.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * Searching needs a scrollback on a screen, so the command hands the text
 * to the interface; --batch, which prints lines and forgets them, has none.
 */

/* /search [TEXT]: find TEXT in the window in view; alone, stop searching. */
int
cmd_search(struct client *c, int argc, char **argv, char **cause)
{
	if (c->ui->search == NULL) {
		*cause = xstrdup(_("/search works in the terminal client only"));
		return (-1);
	}
	return (c->ui->search(c, argc == 1 ? argv[0] : NULL, cause));
}
