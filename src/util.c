/* util.c: small helpers both roles need: the clock, hex and secret files. */

#include <sys/types.h>
#include <sys/time.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * empty.  Problems are told on stderr, as this runs before any log is open.
 */
int
util_read_password(const char *path, char **out)
{
	FILE	*f;
	char	 buf[CR_PASSWORD_MAX + 2];
	size_t	 len;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "chatroom: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (fgets(buf, sizeof buf, f) == NULL) {
		fprintf(stderr, "chatroom: %s: empty password file\n", path);
		fclose(f);
		return (-1);
	}
	fclose(f);
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (len == 0) {
		fprintf(stderr, "chatroom: %s: empty password\n", path);
		return (-1);
	}
	*out = xstrdup(buf);
	explicit_bzero(buf, sizeof buf);
	return (0);
}
