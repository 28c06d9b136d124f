/* SPDX-License-Identifier: ISC */
/* client-ignore.c: the nicks whose messages the client does not show. */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * /ignore is the client's own business: the hub still sends everything
 * and the client drops messages, actions, pictures and direct messages
 * from the nicks listed here, without a trace in the scrollback, the
 * unread counts or the logs.  An entry may be a nick pattern, as irssi's
 * are: '*' stands for any characters and '?' for one (spam* ignores a
 * flooder who hops from spam1 to spam2).  The list is kept, case-folded,
 * one entry a line, in $XDG_STATE_HOME/chatroom/ignore, read on first use and written
 * (temporary file and rename) on every change.
 */

static void	client_ignore_load(struct client *);
static int	client_ignore_save(struct client *, char **);
static int	client_ignore_find(struct client *, const char *);
static int	client_ignore_match(const char *, const char *);

/* Read the list once. */
static void
client_ignore_load(struct client *c)
{
	FILE	*f;
	char	*path, *line = NULL;
	size_t	 size = 0;
	ssize_t	 n;

	if (c->ignore_loaded)
		return;
	c->ignore_loaded = 1;
	path = state_path("ignore");
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		free(path);
		return;
	}
	while ((n = getline(&line, &size, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || !utf8_valid(line, n) ||
		    client_ignore_find(c, line) != -1)
			continue;
		c->ignore = xreallocarray(c->ignore, c->nignore + 1,
		    sizeof *c->ignore);
		c->ignore[c->nignore++] = utf8_casefold(line);
	}
	free(line);
	fclose(f);
	free(path);
}

/* Write the list, replacing the file at once (util_write_file). */
static int
client_ignore_save(struct client *c, char **cause)
{
	FILE	*f;
	char	*path, *buf = NULL;
	size_t	 len = 0;
	u_int	 i;
	int	 rc;

	path = state_path("ignore");
	if (make_parent_dirs(path, cause) != 0) {
		free(path);
		return (-1);
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	for (i = 0; i < c->nignore; i++)
		fprintf(f, "%s\n", c->ignore[i]);
	fclose(f);
	rc = util_write_file(path, buf, len, cause);
	free(buf);
	free(path);
	return (rc);
}

/* Where a nick is in the list, or -1. */
static int
client_ignore_find(struct client *c, const char *nick)
{
	char	*fold;
	u_int	 i;
	int	 found = -1;

	fold = utf8_casefold(nick);
	for (i = 0; i < c->nignore; i++) {
		if (strcmp(c->ignore[i], fold) == 0) {
			found = i;
			break;
		}
	}
	free(fold);
	return (found);
}

/* Does a case-folded nick match a pattern ('*' any, '?' one character)? */
static int
client_ignore_match(const char *pattern, const char *nick)
{
	if (*pattern == '\0')
		return (*nick == '\0');
	if (*pattern == '*') {
		while (*pattern == '*')
			pattern++;
		if (*pattern == '\0')
			return (1);
		for (; *nick != '\0'; nick++) {
			if (client_ignore_match(pattern, nick))
				return (1);
		}
		return (0);
	}
	if (*nick == '\0')
		return (0);
	if (*pattern == '?') {
		/* One character: its UTF-8 continuation bytes too. */
		nick++;
		while (((u_char)*nick & 0xc0) == 0x80)
			nick++;
		return (client_ignore_match(pattern + 1, nick));
	}
	if (*pattern != *nick)
		return (0);
	return (client_ignore_match(pattern + 1, nick + 1));
}

/* Is this a pattern rather than a nick? */
int
client_ignore_is_pattern(const char *entry)
{
	return (strpbrk(entry, "*?") != NULL);
}

/* Are a nick's messages dropped (by its nick or a pattern)? */
int
client_ignore_has(struct client *c, const char *nick)
{
	char	*fold;
	u_int	 i;
	int	 found = 0;

	client_ignore_load(c);
	if (c->nignore == 0)
		return (0);
	fold = utf8_casefold(nick);
	for (i = 0; i < c->nignore && !found; i++)
		found = client_ignore_match(c->ignore[i], fold);
	free(fold);
	return (found);
}

/* Ignore a nick from now on; 1 if it already was. */
int
client_ignore_add(struct client *c, const char *nick, char **cause)
{
	client_ignore_load(c);
	if (client_ignore_find(c, nick) != -1)
		return (1);
	c->ignore = xreallocarray(c->ignore, c->nignore + 1,
	    sizeof *c->ignore);
	c->ignore[c->nignore++] = utf8_casefold(nick);
	return (client_ignore_save(c, cause));
}

/* Stop ignoring a nick; 1 if it was not ignored. */
int
client_ignore_del(struct client *c, const char *nick, char **cause)
{
	int	i;

	client_ignore_load(c);
	if ((i = client_ignore_find(c, nick)) == -1)
		return (1);
	free(c->ignore[i]);
	c->ignore[i] = c->ignore[--c->nignore];
	return (client_ignore_save(c, cause));
}

/* Forget the list (the file stays). */
void
client_ignore_free(struct client *c)
{
	u_int	i;

	for (i = 0; i < c->nignore; i++)
		free(c->ignore[i]);
	free(c->ignore);
	c->ignore = NULL;
	c->nignore = 0;
}
