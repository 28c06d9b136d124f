/* SPDX-License-Identifier: ISC */
/* cmd-image.c: the arguments of /image: a path as a shell would write it. */

#include <sys/types.h>

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * /image PATH [WIDTH] [CHARSET] [DITHER]: the path may be in single or
 * double quotes, have its spaces escaped with a backslash, or simply
 * contain spaces (the longest run of words that names a file is the
 * path); a leading ~ or ~user is the home directory.
 */

static int	cmd_image_option(const char *);
static char	*cmd_image_tilde(const char *);
static char	*cmd_image_join(char **, int);

/* Is a word one of the options that may follow the path? */
static int
cmd_image_option(const char *w)
{
	return (isdigit((u_char)w[0]) || image_check_charset(w) ||
	    image_check_dither(w));
}

/* The first n words joined again with single spaces. */
static char *
cmd_image_join(char **words, int n)
{
	char	*s, *t;
	int	 i;

	s = xstrdup(words[0]);
	for (i = 1; i < n; i++) {
		t = s;
		xasprintf(&s, "%s %s", t, words[i]);
		free(t);
	}
	return (s);
}

/* Expand a leading ~ or ~user, as a shell does. */
static char *
cmd_image_tilde(const char *path)
{
	struct passwd	*pw;
	const char	*home = NULL, *rest;
	char		*user, *out;

	if (path[0] != '~')
		return (xstrdup(path));
	rest = path + strcspn(path, "/");
	if (rest == path + 1) {
		if ((home = getenv("HOME")) == NULL || *home == '\0') {
			if ((pw = getpwuid(getuid())) != NULL)
				home = pw->pw_dir;
		}
	} else {
		user = xstrndup(path + 1, rest - path - 1);
		if ((pw = getpwnam(user)) != NULL)
			home = pw->pw_dir;
		free(user);
	}
	if (home == NULL)
		return (xstrdup(path));
	xasprintf(&out, "%s%s", home, rest);
	return (out);
}

/*
 * Split the text after /image into the path (expanded) and the options
 * after it.  Returns -1 with a reason if there is no path.
 */
int
cmd_image_args(const char *line, char **path, char ***optv, int *optc,
    char **cause)
{
	char		**words = NULL, *raw, *p, *q, quote;
	int		  nwords = 0, first, i;
	const char	 *s = line;

	*path = NULL;
	*optv = NULL;
	*optc = 0;
	s += strspn(s, " ");
	if (*s == '"' || *s == '\'') {
		quote = *s++;
		if ((q = strchr(s, quote)) == NULL) {
			*cause = xstrdup(_("unterminated quote in the path"));
			return (-1);
		}
		raw = xstrndup(s, q - s);
		cmd_split(q + 1, 3, optv, optc);
		goto done;
	}

	/* Words, with "\ " kept inside a word. */
	p = raw = xstrdup(s);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		words = xreallocarray(words, nwords + 1, sizeof *words);
		words[nwords++] = q = p;
		while (*p != '\0' && *p != ' ') {
			if (p[0] == '\\' && p[1] == ' ')
				p++;
			*q++ = *p++;
		}
		if (*p != '\0')
			p++;
		*q = '\0';
	}
	if (nwords == 0) {
		free(raw);
		free(words);
		*cause = xstrdup(_("usage: /image PATH [WIDTH] [CHARSET] "
		    "[DITHER]"));
		return (-1);
	}
	/*
	 * The path is the longest run of words from the start that names a
	 * file; if none does, everything before the options at the end.
	 */
	for (first = nwords; first > 0; first--) {
		q = cmd_image_join(words, first);
		p = cmd_image_tilde(q);
		free(q);
		i = access(p, F_OK);
		free(p);
		if (i == 0)
			break;
	}
	if (first == 0) {
		/*
		 * No file: the path ends before the first option among the
		 * last three words, so that "t.png 20 bogus" names t.png
		 * and its options are checked as options.
		 */
		for (first = nwords - 3 > 1 ? nwords - 3 : 1; first < nwords;
		    first++) {
			if (cmd_image_option(words[first]))
				break;
		}
	}
	*optv = xreallocarray(NULL, nwords - first + 1, sizeof **optv);
	for (i = first; i < nwords; i++)
		(*optv)[(*optc)++] = xstrdup(words[i]);
	q = cmd_image_join(words, first);
	free(raw);
	free(words);
	raw = q;
done:
	*path = cmd_image_tilde(raw);
	free(raw);
	return (0);
}

/* /image PATH [WIDTH] [CHARSET] [DITHER] */
int
cmd_image(struct client *c, int argc, char **argv, char **cause)
{
	struct image	*img;
	long long	 width = 0;
	const char	*charset = "ascii", *dither = "fstein", *base;
	char		*json, *path, **optv;
	int		 i, optc, rc;
	u_int		 max_h = 0;

	if (cmd_image_args(argv[0], &path, &optv, &optc, cause) != 0)
		return (-1);
	for (i = 0; i < optc; i++) {
		if (isdigit((u_char)optv[i][0])) {
			if (parse_number(optv[i], 1, IMAGE_MAX_W, &width) != 0) {
				xasprintf(cause, _("width must be 1 to %d"),
				    IMAGE_MAX_W);
				goto fail;
			}
		} else if (image_check_charset(optv[i]))
			charset = optv[i];
		else if (image_check_dither(optv[i]))
			dither = optv[i];
		else {
			xasprintf(cause, _("unknown image option: %s (the "
			    "options are a width, a character set: ascii, "
			    "shades or blocks, and a dithering: fstein, none, "
			    "ordered2, ordered4, ordered8 or random)"),
			    optv[i]);
			goto fail;
		}
	}
	/* Without a width, a picture fits the terminal's few rows too. */
	if (width == 0) {
		width = c->image_width > 0 ? c->image_width : IMAGE_DEFAULT_W;
		max_h = c->image_rows;
	}
	if (image_from_file(path, width, max_h, charset, dither, &img,
	    cause) != 0)
		goto fail;
	cmd_free_argv(optc, optv);
	json = image_to_json(img);
	image_free(img);
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	rc = client_send_say(c, c->current->name,
	    (c->current->flags & CROOM_DM) ? CLIENT_SAY_DM : 0,
	    *base != '\0' ? base : "image", json, cause);
	free(json);
	free(path);
	return (rc);

fail:
	cmd_free_argv(optc, optv);
	free(path);
	return (-1);
}
