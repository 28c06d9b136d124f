/* SPDX-License-Identifier: ISC */
/* check.c: helpers shared by the unit tests. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "irc.h"
#include "check.h"

/* A string of n copies of s. */
char *
check_repeat(const char *s, u_int n)
{
	size_t	 len = strlen(s);
	char	*out;
	u_int	 i;

	out = xmalloc(len * n + 1);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return (out);
}

/* Every line of an encoding ends in "\r\n", parses and keeps the limits. */
void
check_lines(const char *s)
{
	struct irc_msg	 msg;
	const char	*eol, *body;
	enum irc_perr	 err;
	char		*cause = NULL;

	for (; *s != '\0'; s = eol + 2) {
		assert_non_null(eol = strstr(s, "\r\n"));
		assert_null(memchr(s, '\n', eol - s));
		body = s;
		if (*s == '@')
			body = strchr(s, ' ') + 1;
		assert_true(eol + 2 - body <= IRC_LINE_MAX);
		assert_true(body - s <= IRC_SERVER_TAGS_MAX);
		if (body - s <= IRC_CLIENT_TAGS_MAX) {
			if (irc_parse(s, eol + 2 - s, &msg, &err, &cause) != 0)
				fail_msg("%.*s: %s", (int)(eol - s), s, cause);
			irc_msg_free(&msg);
		}
	}
}

/* Make a new temporary directory named after a test; its path. */
char *
check_temp_dir(const char *name)
{
	const char	*tmpdir;
	char		*path;

	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	assert_true(asprintf(&path, "%s/%s.XXXXXX", tmpdir, name) > 0);
	assert_non_null(mkdtemp(path));
	return (path);
}

/* Remove a directory made by a test (paths here contain no quotes). */
void
check_remove_tree(const char *path)
{
	char	*cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", path) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}
