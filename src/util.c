/* SPDX-License-Identifier: ISC */
/* util.c: for both roles: clock, hex, secrets, atomic writes, paths, exit. */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"

/* A frozen clock, or 0: the real one. */
static int64_t	util_clock;

/* Milliseconds since the epoch. */
int64_t
now_ms(void)
{
	struct timeval	tv;

	if (util_clock != 0)
		return (util_clock);
	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

/*
 * Milliseconds on a clock that never steps, for idle times, deadlines and
 * rates: a wall clock set back or forward must not drop every connection
 * or starve a flood bucket.  The frozen clock, when there is one.
 */
int64_t
mono_ms(void)
{
	struct timespec	ts;

	if (util_clock != 0)
		return (util_clock);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * A time in ms since the epoch as users anywhere read it, in UTC to the
 * minute ("2026-12-02 14:30 UTC"), into buf; "" if it cannot be.
 */
char *
util_utc(int64_t ms, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)(ms / 1000);

	if (len == 0)
		return (buf);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		*buf = '\0';
	return (buf);
}

/*
 * Freeze the clock at ms since the epoch, or thaw it with 0: unit tests and
 * fuzz targets need the same bytes twice and time they can move on.
 */
void
util_fix_clock(int64_t ms)
{
	util_clock = ms;
}

/* Write len bytes as 2 * len lower-case hex digits and a NUL into out. */
void
util_hex(const void *in, size_t len, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	const u_char		*p = in;
	size_t			 i;

	for (i = 0; i < len; i++) {
		out[i * 2] = hex[p[i] >> 4];
		out[i * 2 + 1] = hex[p[i] & 0xf];
	}
	out[len * 2] = '\0';
}

/* Fill out with len random bytes, hex-encoded (2 * len + 1 bytes). */
void
util_random_hex(char *out, size_t len)
{
	u_char	buf[64];

	if (len > sizeof buf)
		fatalx("util_random_hex: %zu bytes", len);
	arc4random_buf(buf, len);
	util_hex(buf, len, out);
	explicit_bzero(buf, sizeof buf);
}

/*
 * Read a password or secret: the first line of a file, which must not be
 * empty nor longer than CR_PASSWORD_MAX bytes, the clients' limit (a hub
 * password they refuse would keep everyone out).  A fault is told in
 * *cause, with the file's name.
 */
int
util_read_password(const char *path, char **out, char **cause)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0, len;
	ssize_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	n = getline(&line, &size, f);
	if (n == -1 && ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		fclose(f);
		goto fail;
	}
	fclose(f);
	if (n <= 0) {
		xasprintf(cause, "%s: empty password file", path);
		goto fail;
	}
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len == 0) {
		xasprintf(cause, "%s: empty password", path);
		goto fail;
	}
	if (len > CR_PASSWORD_MAX) {
		xasprintf(cause, "%s: password longer than %d bytes", path,
		    CR_PASSWORD_MAX);
		goto fail;
	}
	*out = line;
	return (0);

fail:
	if (line != NULL)
		explicit_bzero(line, size);
	free(line);
	return (-1);
}

/*
 * Replace the file atomically: write a temporary file in the same
 * directory, fsync it, rename it over the old one and fsync the directory.
 * On any failure the old file is left as it was.  The file gets mode
 * 0600: the hub's history and its TLS key are both written this way.
 */
int
util_write_file(const char *path, const char *data, size_t len, char **cause)
{
	return (util_replace_file(path, data, len, 1, cause));
}

/*
 * The same, synced (the file and its directory) only if sync: a file
 * rewritten every second that need only survive a kill, not a power
 * cut, is renamed in place without the cost of the syncs.
 */
int
util_replace_file(const char *path, const char *data, size_t len, int sync,
    char **cause)
{
	char	*tmp, *dircopy;
	int	 fd, dfd, saved;
	size_t	 off = 0;
	ssize_t	 n;

	xasprintf(&tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	fchmod(fd, 0600);
	while (off < len) {
		/* Modest chunks: a long write is not one long kernel copy. */
		n = write(fd, data + off, len - off > 262144 ? 262144 :
		    len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += n;
	}
	if (sync && fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	if (!sync)
		return (0);

	dircopy = xstrdup(path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(dircopy);
	return (0);

fail:
	saved = errno;
	xasprintf(cause, "%s: %s", path, strerror(saved));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return (-1);
}

/*
 * Cut path, an allocated string, to the directory that holds it: "." for
 * a bare name, "/" for a name at the root.  Returns the string, which is
 * a new one for a bare name.
 */
char *
util_parent_dir(char *path)
{
	char	*slash;

	if ((slash = strrchr(path, '/')) == NULL) {
		free(path);
		return (xstrdup("."));
	}
	if (slash == path)
		slash[1] = '\0';
	else
		*slash = '\0';
	return (path);
}

/*
 * The process is on its way out: what is left frees memory, and the
 * libraries' handlers registered with atexit run.  A SIGINT, SIGTERM or
 * SIGHUP now (a second Ctrl-C, a service manager's stop) would end it
 * half way through that, with the default action once the loop's
 * handlers are gone; it ends in a moment anyway, so they are ignored.
 */
void
util_exiting(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}
