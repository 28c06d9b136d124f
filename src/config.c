/* SPDX-License-Identifier: ISC */
/* config.c: KEY=VALUE configuration files, connection targets and paths. */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chatroom.h"

/*
 * Read a configuration file of KEY=VALUE lines.  Blank lines and lines
 * starting with '#' are skipped; spaces around the key and value, and a
 * byte order mark at the start of the file, are trimmed.  Keys are folded to upper case and '-' becomes '_', so
 * "flush-interval = 2" and "FLUSH_INTERVAL=2" mean the same.
 */
int
config_load(const char *path, struct config_entry **entries, size_t *n,
    char **cause)
{
	FILE			*f;
	char			*line = NULL, *p, *eq, *key, *value, *end;
	size_t			 size = 0;
	ssize_t			 len;
	int			 lineno = 0;
	struct config_entry	*e;

	*entries = NULL;
	*n = 0;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while ((len = getline(&line, &size, f)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		p = line;
		/* Editors on some systems start a UTF-8 file with a BOM. */
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		for (; isspace((u_char)*p); p++)
			/* nothing */;
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			xasprintf(cause, "%s:%d: expected KEY=VALUE", path,
			    lineno);
			goto fail;
		}
		for (end = eq; end > p && isspace((u_char)end[-1]); end--)
			/* nothing */;
		key = xstrndup(p, end - p);
		for (p = key; *p != '\0'; p++) {
			if (*p == '-')
				*p = '_';
			*p = toupper((u_char)*p);
		}
		for (value = eq + 1; isspace((u_char)*value); value++)
			/* nothing */;
		for (end = value + strlen(value);
		    end > value && isspace((u_char)end[-1]); end--)
			/* nothing */;
		*entries = xreallocarray(*entries, *n + 1, sizeof **entries);
		e = &(*entries)[(*n)++];
		e->key = key;
		e->value = xstrndup(value, end - value);
		e->line = lineno;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(line);
	fclose(f);
	return (0);

fail:
	free(line);
	fclose(f);
	config_free(*entries, *n);
	*entries = NULL;
	*n = 0;
	return (-1);
}

/* Free what config_load returned. */
void
config_free(struct config_entry *entries, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(entries[i].key);
		free(entries[i].value);
	}
	free(entries);
}

/* Look up a key (upper case); the last occurrence wins. */
const char *
config_get(struct config_entry *entries, size_t n, const char *key)
{
	size_t	i;

	for (i = n; i > 0; i--) {
		if (strcmp(entries[i - 1].key, key) == 0)
			return (entries[i - 1].value);
	}
	return (NULL);
}

/* Is a setting's value yes (1, yes, true or on, in any case)? */
int
config_true(const char *v)
{
	return (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0);
}

/* Is a setting's value no (0, no, false or off, in any case)? */
int
config_false(const char *v)
{
	return (strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0);
}

/* The keys of the client's configuration file (chatroom.conf(5)). */
static const char *const config_client_keys[] = {
	"HOST", "PORT", "NICK", "ROOM", "REJOIN", "HIGHLIGHT", "TIMESTAMP",
	"NICK_COLOURS", "IRC_COLOURS", "MOUSE", "TITLE", "NOTIFY", "LOGS",
	"LOG_NEW_FILES", "SCROLLBACK_BYTES", "SCROLLBACK_WINDOW_BYTES",
	"LAG_PING", "LAG_GIVE_UP"
};

#define CONFIG_NKEYS \
	(sizeof config_client_keys / sizeof config_client_keys[0])

static void	config_problem_at(struct target *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	config_problem_v(struct target *, int, const char *,
		    va_list) __attribute__((format(printf, 3, 0)));
static u_int	config_distance(const char *, const char *);
static void	config_unknown(struct target *, struct config_entry *);

/*
 * Note a problem with the client's configuration file, at the line of key
 * (the one that counts, the last).  It is kept for the terminal client to
 * show where it can be seen, in its status window, or for --batch to tell
 * on stderr (config_problems_print).
 */
void
config_problem(struct target *t, const char *key, const char *fmt, ...)
{
	va_list	ap;
	size_t	i;
	int	lineno = 0;

	for (i = t->nsettings; i > 0; i--) {
		if (strcmp(t->settings[i - 1].key, key) == 0) {
			lineno = t->settings[i - 1].line;
			break;
		}
	}
	va_start(ap, fmt);
	config_problem_v(t, lineno, fmt, ap);
	va_end(ap);
}

/* Note a problem at a line of the file. */
static void
config_problem_at(struct target *t, int lineno, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	config_problem_v(t, lineno, fmt, ap);
	va_end(ap);
}

/*
 * Note a problem, as "file:line: text", in the order of the lines (those
 * of the whole file first), not in the order found: values are judged
 * where they are used, after the unknown keys.
 */
static void
config_problem_v(struct target *t, int lineno, const char *fmt, va_list ap)
{
	char	*text, *line;
	u_int	 i;

	xvasprintf(&text, fmt, ap);
	if (t->settings_path == NULL)
		line = text;
	else {
		if (lineno != 0)
			xasprintf(&line, "%s:%d: %s", t->settings_path,
			    lineno, text);
		else
			xasprintf(&line, "%s: %s", t->settings_path, text);
		free(text);
	}
	t->problems = xreallocarray(t->problems, t->nproblems + 1,
	    sizeof *t->problems);
	t->problem_lines = xreallocarray(t->problem_lines, t->nproblems + 1,
	    sizeof *t->problem_lines);
	for (i = t->nproblems; i > 0 && t->problem_lines[i - 1] > lineno; i--) {
		t->problems[i] = t->problems[i - 1];
		t->problem_lines[i] = t->problem_lines[i - 1];
	}
	t->problems[i] = line;
	t->problem_lines[i] = lineno;
	t->nproblems++;
}

/* Tell the problems noted so far on stderr, and forget them. */
void
config_problems_print(struct target *t)
{
	u_int	i;

	for (i = 0; i < t->nproblems; i++) {
		log_stderr("chatroom: %s\n", t->problems[i]);
		free(t->problems[i]);
	}
	free(t->problems);
	free(t->problem_lines);
	t->problems = NULL;
	t->problem_lines = NULL;
	t->nproblems = 0;
}

/*
 * How many letters must change to make one key the other (Levenshtein),
 * for keys of up to 32 bytes; more than that counts as far.
 */
static u_int
config_distance(const char *a, const char *b)
{
	u_int	row[33], diag, up, i, j;
	size_t	la = strlen(a), lb = strlen(b);

	if (la > 32 || lb > 32)
		return (UINT_MAX);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return (row[lb]);
}

/*
 * A key the client does not know is noted, with the known key it is
 * likely a slip for (HIGHLIGHTS, NICKCOLOURS): at most two letters off,
 * and fewer than a third of the key.
 */
static void
config_unknown(struct target *t, struct config_entry *e)
{
	const char	*best = NULL;
	u_int		 d, best_d = UINT_MAX, i;

	for (i = 0; i < CONFIG_NKEYS; i++) {
		if (strcmp(e->key, config_client_keys[i]) == 0)
			return;
		d = config_distance(e->key, config_client_keys[i]);
		if (d < best_d) {
			best_d = d;
			best = config_client_keys[i];
		}
	}
	if (best != NULL && best_d <= 2 && best_d * 3 < strlen(e->key))
		config_problem_at(t, e->line, _("unknown key %s, ignored (did "
		    "you mean %s?)"), e->key, best);
	else
		config_problem_at(t, e->line, _("unknown key %s, ignored"),
		    e->key);
}

static int	target_parse_one(const char *, struct target *, char **);

/*
 * Parse a connection target: [nick@]host[:port], where host may be an IPv6
 * address in brackets ([::1]:7777) or a bare one (::1, no port), and more
 * hubs of the same cluster may follow after commas (host[:port],...); a
 * room to join may end it (/#room or /room).  Parts that are not given are
 * left NULL for the caller to fill in.
 */
int
target_parse(const char *s, struct target *t, char **cause)
{
	const char	*at, *host, *close, *comma, *slash;
	char		*first, *end;
	struct target	 alt;

	memset(t, 0, sizeof *t);
	at = strrchr(s, '@');
	if ((slash = strchr(at != NULL ? at : s, '/')) != NULL) {
		host = slash[1] == '#' ? slash + 2 : slash + 1;
		if (*host == '\0') {
			xasprintf(cause, "bad room in '%s'", s);
			return (-1);
		}
		first = xstrndup(s, slash - s);
		if (target_parse(first, t, &end) != 0) {
			xasprintf(cause, "%s (target '%s')", end, s);
			free(end);
			free(first);
			return (-1);
		}
		free(first);
		t->room = xstrdup(host);
		return (0);
	}
	/* More hubs of one cluster may follow, separated by commas. */
	at = strchr(s, '@');
	comma = strchr(at != NULL ? at : s, ',');
	if (comma != NULL) {
		if (comma[1] == '\0' || strchr(comma + 1, '@') != NULL) {
			xasprintf(cause, "bad list of hubs in '%s'", s);
			return (-1);
		}
		for (host = comma + 1; host != NULL; host = close) {
			close = strchr(host, ',');
			first = close != NULL ? xstrndup(host, close - host) :
			    xstrdup(host);
			if (close != NULL)
				close++;
			if (target_parse(first, &alt, &end) != 0)
				goto bad;
			free(first);
			t->alts = xreallocarray(t->alts, t->nalts + 1,
			    sizeof *t->alts);
			t->alt_ports = xreallocarray(t->alt_ports, t->nalts + 1,
			    sizeof *t->alt_ports);
			t->alts[t->nalts] = alt.host;
			t->alt_ports[t->nalts++] = alt.port;
			alt.host = alt.port = NULL;
			target_free(&alt);
		}
		first = xstrndup(s, comma - s);
		if (target_parse_one(first, t, &end) != 0)
			goto bad;
		free(first);
		return (0);
	}
	return (target_parse_one(s, t, cause));

bad:
	xasprintf(cause, "%s in '%s'", end, s);
	free(end);
	free(first);
	target_free(t);
	return (-1);
}

/* Parse one [NICK@]HOST[:PORT] into a target (its alternates kept). */
static int
target_parse_one(const char *s, struct target *t, char **cause)
{
	const char	*at, *host, *colon, *close;
	char		*end;
	long		 port;

	if ((at = strrchr(s, '@')) != NULL) {
		if (at == s) {
			xasprintf(cause, "empty nick in '%s'", s);
			return (-1);
		}
		t->nick = xstrndup(s, at - s);
		host = at + 1;
	} else
		host = s;

	if (*host == '[') {
		if ((close = strchr(host, ']')) == NULL || close == host + 1) {
			xasprintf(cause, "bad address in '%s'", s);
			goto fail;
		}
		t->host = xstrndup(host + 1, close - host - 1);
		colon = close + 1;
		if (*colon != '\0' && *colon != ':') {
			xasprintf(cause, "bad address in '%s'", s);
			goto fail;
		}
		if (*colon == '\0')
			colon = NULL;
	} else {
		colon = strchr(host, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL;	/* a bare IPv6 address */
		if (colon != NULL)
			t->host = xstrndup(host, colon - host);
		else
			t->host = xstrdup(host);
	}
	if (*t->host == '\0') {
		xasprintf(cause, "no host in '%s'", s);
		goto fail;
	}
	if (colon != NULL) {
		errno = 0;
		port = strtol(colon + 1, &end, 10);
		if (!isdigit((u_char)colon[1]) || *end != '\0' || errno != 0 ||
		    port < 1 || port > 65535) {
			xasprintf(cause, "bad port in '%s'", s);
			goto fail;
		}
		t->port = xstrdup(colon + 1);
	}
	return (0);

fail:
	free(t->nick);
	free(t->host);
	t->nick = t->host = NULL;
	return (-1);
}

/* Free a target's strings. */
void
target_free(struct target *t)
{
	u_int	i;

	for (i = 0; i < t->nalts; i++) {
		free(t->alts[i]);
		free(t->alt_ports[i]);
	}
	free(t->alts);
	free(t->alt_ports);
	free(t->nick);
	free(t->host);
	free(t->port);
	free(t->trust);
	free(t->password);
	free(t->room);
	config_free(t->settings, t->nsettings);
	free(t->settings_path);
	for (i = 0; i < t->nproblems; i++)
		free(t->problems[i]);
	free(t->problems);
	free(t->problem_lines);
	memset(t, 0, sizeof *t);
}

/* Parse a decimal number within [min, max]. */
int
parse_number(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (!isdigit((u_char)*s) && !(*s == '-' && isdigit((u_char)s[1])))
		return (-1);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

/* Build a path under an XDG base directory, with a fallback under HOME. */
static char *
xdg_path(const char *var, const char *fallback, const char *name)
{
	const char	*base, *home;
	char		*path;

	if ((base = getenv(var)) != NULL && *base == '/') {
		xasprintf(&path, "%s/chatroom/%s", base, name);
		return (path);
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		home = "/tmp";
	xasprintf(&path, "%s/%s/chatroom/%s", home, fallback, name);
	return (path);
}

/* A file in $XDG_STATE_HOME/chatroom. */
char *
state_path(const char *name)
{
	return (xdg_path("XDG_STATE_HOME", ".local/state", name));
}

/* A file in $XDG_CONFIG_HOME/chatroom. */
char *
config_path(const char *name)
{
	return (xdg_path("XDG_CONFIG_HOME", ".config", name));
}

/* Create the directories above a file, like mkdir -p. */
int
make_parent_dirs(const char *path, char **cause)
{
	char	*copy, *p;

	copy = xstrdup(path);
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", copy, strerror(errno));
			free(copy);
			return (-1);
		}
		*p = '/';
	}
	free(copy);
	return (0);
}

/*
 * Could make_parent_dirs and a new file at path succeed, without making
 * anything (for --check)?  The nearest directory above it that exists
 * must let this process write in it.
 */
int
config_check_dirs(const char *path, char **cause)
{
	struct stat	 st;
	char		*dir;

	dir = xstrdup(path);
	for (;;) {
		dir = util_parent_dir(dir);
		if (stat(dir, &st) == 0)
			break;
		if (errno != ENOENT || strcmp(dir, ".") == 0 ||
		    strcmp(dir, "/") == 0)
			goto fail;
	}
	errno = ENOTDIR;
	if (!S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) != 0)
		goto fail;
	free(dir);
	return (0);

fail:
	xasprintf(cause, "%s: %s", dir, strerror(errno));
	free(dir);
	return (-1);
}

/* Read a password: the first line of a file. */
int
config_read_password(const char *path, char **out)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0;
	ssize_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		log_stderr("chatroom: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	n = getline(&line, &size, f);
	fclose(f);
	if (n <= 0) {
		log_stderr(_("chatroom: %s: empty password file\n"), path);
		free(line);
		return (-1);
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) > CR_PASSWORD_MAX) {
		log_stderr(_("chatroom: %s: password longer than %d "
		    "bytes\n"), path, CR_PASSWORD_MAX);
		free(line);
		return (-1);
	}
	*out = line;
	return (0);
}

/* The host of -a, without the brackets an IPv6 address may come in. */
char *
config_parse_address(const char *s)
{
	size_t	len = strlen(s);

	if (len > 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || memchr(s, '[', len) != NULL ||
	    memchr(s, ']', len) != NULL || memchr(s, '/', len) != NULL ||
	    memchr(s, ',', len) != NULL || memchr(s, '@', len) != NULL)
		return (NULL);
	return (xstrndup(s, len));
}

/*
 * The hub's listening address: --listen (or LISTEN=, or the default) with
 * its host replaced by -a and its port by -p when they are given.  The
 * result is [HOST]:PORT, in brackets when HOST is an IPv6 address.
 */
char *
config_listen_address(const char *listen, const char *address,
    const char *port)
{
	const char	*colon, *p;
	char		*host, *out;

	if (*listen == '[' && (colon = strstr(listen, "]:")) != NULL) {
		host = xstrndup(listen + 1, colon - listen - 1);
		p = colon + 2;
	} else if ((colon = strrchr(listen, ':')) != NULL) {
		host = xstrndup(listen, colon - listen);
		p = colon + 1;
	} else {
		host = xstrdup("");
		p = listen;
	}
	if (address != NULL) {
		free(host);
		host = xstrdup(address);
	}
	if (port != NULL)
		p = port;
	if (strchr(host, ':') != NULL)
		xasprintf(&out, "[%s]:%s", host, p);
	else
		xasprintf(&out, "%s:%s", host, p);
	free(host);
	return (out);
}

/*
 * Complete a client target from the command line and the client config
 * file ($XDG_CONFIG_HOME/chatroom/config: HOST=, PORT=, NICK=, ROOM=); -a
 * and -p override the host and port of the target and of the file.  The
 * nick may still be missing: the TUI asks for it, --batch takes $USER.
 */
int
config_resolve_target(const char *arg, const char *address,
    const char *port_arg, struct target *t)
{
	struct config_entry	*e = NULL;
	size_t			 n = 0;
	const char		*v;
	char			*path, *cause;
	long long		 port;
	size_t			 i;

	memset(t, 0, sizeof *t);
	if (arg != NULL && target_parse(arg, t, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (-1);
	}
	path = config_path("config");
	if (access(path, F_OK) == 0 && config_load(path, &e, &n, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		free(path);
		return (-1);
	}
	t->settings_path = path;
	if (address != NULL) {
		free(t->host);
		t->host = xstrdup(address);
	}
	if (port_arg != NULL) {
		free(t->port);
		t->port = xstrdup(port_arg);
	}
	if (t->host == NULL && (v = config_get(e, n, "HOST")) != NULL)
		t->host = xstrdup(v);
	if (t->port == NULL && (v = config_get(e, n, "PORT")) != NULL)
		t->port = xstrdup(v);
	if (t->nick == NULL && (v = config_get(e, n, "NICK")) != NULL)
		t->nick = xstrdup(v);
	if (t->room == NULL && (v = config_get(e, n, "ROOM")) != NULL &&
	    *v != '\0')
		t->room = xstrdup(*v == '#' ? v + 1 : v);
	t->settings = e;
	t->nsettings = n;
	for (i = 0; i < n; i++)
		config_unknown(t, &e[i]);
	if (t->host == NULL) {
		log_stderr(_("chatroom: no hub given (try: chatroom "
		    "NICK@HOST:PORT)\n"));
		return (-1);
	}
	if (t->port == NULL)
		t->port = xstrdup(CR_DEFAULT_PORT);
	else if (parse_number(t->port, 1, 65535, &port) != 0) {
		log_stderr(_("chatroom: bad port '%s' (expected an "
		    "integer from 1 to 65535)\n"), t->port);
		return (-1);
	}
	return (0);
}
