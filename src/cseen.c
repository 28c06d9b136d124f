/* SPDX-License-Identifier: ISC */
/* cseen.c: which message ids a client window already shows. */

#include <sys/types.h>

#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * A window must never show a message twice: after a hub restart the
 * client joins its rooms again and the hub replays their last messages,
 * most of which the window shows already.  Ids only grow within a room,
 * so the highest id shown answers almost every question.  One rule
 * covers history: a replayed message at or below that id is old (shown
 * already, or older than what is shown), so only what is new is added.
 * A live message below it is new unless it is among the last ids shown:
 * in a cluster, messages sent during a split arrive late with lower ids,
 * and those must be shown, once.
 */

/* Start with nothing shown. */
void
cseen_init(struct cseen *s)
{
	memset(s, 0, sizeof *s);
}

/* Does the window show message id already (for a replayed one, or not)? */
int
cseen_shown(struct cseen *s, uint64_t id, int replayed)
{
	u_int	i;

	if (id == 0 || id > s->high)
		return (0);
	if (replayed)
		return (1);
	for (i = 0; i < CSEEN_RECENT; i++) {
		if (s->recent[i] == id)
			return (1);
	}
	return (0);
}

/* The window now shows message id. */
void
cseen_add(struct cseen *s, uint64_t id)
{
	if (id == 0)
		return;
	if (id > s->high)
		s->high = id;
	s->recent[s->next] = id;
	s->next = (s->next + 1) % CSEEN_RECENT;
}
