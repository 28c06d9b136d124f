/* SPDX-License-Identifier: ISC */
/* tui-files.c: Tab completes file names after /image. */

#include <sys/types.h>
#include <sys/stat.h>

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * The word before the cursor is the start of a path: the files it can
 * become are the candidates, a directory with "/" after it so that Tab
 * goes on inside it.  A leading ~ stays as typed.  Spaces in a name are
 * escaped with a backslash, as /image reads them.
 */

/* Add the files the word can be completed to; how many were found. */
u_int
tui_files_complete(struct tui *t, const char *word)
{
	glob_t		 g;
	struct stat	 sb;
	const char	*home = getenv("HOME");
	char		*pattern, *cand, *esc, *p, *q;
	size_t		 i, hl = 0;
	u_int		 n = 0;

	if (word[0] == '~' && (word[1] == '/' || word[1] == '\0') &&
	    home != NULL && *home != '\0') {
		xasprintf(&pattern, "%s%s*", home, word + 1);
		hl = strlen(home);
	} else
		xasprintf(&pattern, "%s*", word);
	/* What was typed escaped is looked for unescaped. */
	for (p = q = pattern; *p != '\0'; p++) {
		if (p[0] == '\\' && p[1] == ' ')
			continue;
		*q++ = *p;
	}
	*q = '\0';
	if (glob(pattern, GLOB_MARK, NULL, &g) != 0) {
		free(pattern);
		return (0);
	}
	for (i = 0; i < g.gl_pathc && n < TUI_FILES_MAX; i++) {
		if (stat(g.gl_pathv[i], &sb) != 0)
			continue;
		if (hl > 0)
			xasprintf(&cand, "~%s", g.gl_pathv[i] + hl);
		else
			cand = xstrdup(g.gl_pathv[i]);
		esc = xcalloc(2, strlen(cand) + 1);
		for (p = cand, q = esc; *p != '\0'; p++) {
			if (*p == ' ')
				*q++ = '\\';
			*q++ = *p;
		}
		tui_comp_add_whole(t, esc, S_ISDIR(sb.st_mode) ? "" : " ");
		free(esc);
		free(cand);
		n++;
	}
	globfree(&g);
	free(pattern);
	return (n);
}
