/* SPDX-License-Identifier: ISC */
/* client-highlight.c: words besides the user's nick that count as mentions. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * HIGHLIGHT=word,other in the client's configuration: a message holding
 * one of these as a word (ignoring case, as the nick is found) is a
 * mention, highlighted, counted with "!" and rung for.
 */

/* Take a comma-separated list of words, replacing any before. */
void
client_highlight_set(struct client *c, const char *list)
{
	char	*copy, *word, *p;
	u_int	 i;

	for (i = 0; i < c->nhighlights; i++)
		free(c->highlights[i]);
	free(c->highlights);
	c->highlights = NULL;
	c->nhighlights = 0;

	copy = xstrdup(list);
	for (p = copy; (word = strsep(&p, ",")) != NULL; ) {
		word += strspn(word, " ");
		word[strcspn(word, " ")] = '\0';
		if (*word == '\0' || !utf8_valid(word, strlen(word)))
			continue;
		c->highlights = xreallocarray(c->highlights,
		    c->nhighlights + 1, sizeof *c->highlights);
		c->highlights[c->nhighlights++] = xstrdup(word);
	}
	free(copy);
}

/* Is the user mentioned: by nick, or by one of the words? */
int
client_highlight_match(struct client *c, const char *text)
{
	u_int	i;

	if (client_mentions(text, c->nick))
		return (1);
	for (i = 0; i < c->nhighlights; i++) {
		if (client_mentions(text, c->highlights[i]))
			return (1);
	}
	return (0);
}

/* Forget the words. */
void
client_highlight_free(struct client *c)
{
	client_highlight_set(c, "");
}
