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

/*
 * Is the user mentioned: by nick, or by one of the words?  IRC formatting
 * codes are left out first, so that a nick in colour ("^C4nick") is still
 * a word.
 */
int
client_highlight_match(struct client *c, const char *text)
{
	char	*plain;
	u_int	 i;
	int	 found;

	plain = client_room_unformat(text);
	found = client_mentions(plain, c->nick);
	for (i = 0; !found && i < c->nhighlights; i++)
		found = client_mentions(plain, c->highlights[i]);
	free(plain);
	return (found);
}

/* Forget the words. */
void
client_highlight_free(struct client *c)
{
	client_highlight_set(c, "");
}
