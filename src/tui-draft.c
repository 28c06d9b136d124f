/* SPDX-License-Identifier: ISC */
/* tui-draft.c: each window keeps what was typed in it but not sent. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The input line belongs to the window it was typed in.  On a switch, the
 * text left in it (say, a command the client refused) stays with that
 * window and comes back there, and the new window's own text, if any,
 * takes its place; so nothing typed for one room is sent to another.
 * Windows are named as "#room", "@nick" or "*" for the status window,
 * case-folded, so that a window closed and opened again finds its text.
 */

static char	*tui_draft_key(struct tui *, struct croom *);

/* The name a window's draft is kept under. */
static char *
tui_draft_key(struct tui *t, struct croom *r)
{
	char	*fold, *key;

	if (r == t->client->status)
		return (xstrdup("*"));
	fold = utf8_casefold(r->name);
	xasprintf(&key, "%c%s", (r->flags & CROOM_DM) ? '@' : '#', fold);
	free(fold);
	return (key);
}

/* The window in view changed: keep the line for the old, load the new. */
void
tui_draft_switch(struct tui *t)
{
	char	*key;
	u_int	 i;

	if (t->trust_prompt || t->nick_prompt)
		return;
	key = tui_draft_key(t, t->client->current);
	if (t->draft_key != NULL && strcmp(t->draft_key, key) == 0) {
		free(key);
		return;
	}
	t->send_ask = 0;
	t->pasting = 0;
	if (t->draft_key != NULL && t->len > 0 && !t->submitting) {
		t->drafts = xreallocarray(t->drafts, t->ndrafts + 1,
		    sizeof *t->drafts);
		t->drafts[t->ndrafts].key = t->draft_key;
		t->drafts[t->ndrafts++].text = xstrdup(t->buf);
	} else
		free(t->draft_key);
	t->draft_key = key;
	for (i = 0; i < t->ndrafts; i++) {
		if (strcmp(t->drafts[i].key, key) != 0)
			continue;
		tui_input_set(t, t->drafts[i].text);
		free(t->drafts[i].key);
		free(t->drafts[i].text);
		t->drafts[i] = t->drafts[--t->ndrafts];
		return;
	}
	tui_input_clear(t);
}

/* Forget every draft. */
void
tui_draft_free(struct tui *t)
{
	u_int	i;

	for (i = 0; i < t->ndrafts; i++) {
		free(t->drafts[i].key);
		free(t->drafts[i].text);
	}
	free(t->drafts);
	free(t->draft_key);
	t->drafts = NULL;
	t->ndrafts = 0;
	t->draft_key = NULL;
}
