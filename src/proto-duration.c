/* SPDX-License-Identifier: ISC */
/* proto-duration.c: durations as ban and mute take them, and as sent. */

#include <sys/types.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"

static int64_t	proto_duration_unit(const char *, size_t *);

/*
 * The units a duration may be written in: English, and those the client
 * shows in French and Korean (fmt_duration), so that what it prints can
 * be typed back.  Names are matched whole, ASCII case ignored.
 */
static const struct proto_duration_unit {
	const char	*name;
	int64_t		 ms;
} proto_duration_units[] = {
	{ "s", 1000 }, { "sec", 1000 }, { "secs", 1000 },
	{ "second", 1000 }, { "seconds", 1000 },
	{ "seconde", 1000 }, { "secondes", 1000 },
	{ "\xec\xb4\x88", 1000 },				/* 초 */
	{ "m", 60 * 1000 }, { "min", 60 * 1000 }, { "mins", 60 * 1000 },
	{ "minute", 60 * 1000 }, { "minutes", 60 * 1000 },
	{ "\xeb\xb6\x84", 60 * 1000 },				/* 분 */
	{ "h", 3600 * 1000 }, { "hr", 3600 * 1000 }, { "hrs", 3600 * 1000 },
	{ "hour", 3600 * 1000 }, { "hours", 3600 * 1000 },
	{ "heure", 3600 * 1000 }, { "heures", 3600 * 1000 },
	{ "\xec\x8b\x9c\xea\xb0\x84", 3600 * 1000 },		/* 시간 */
	{ "d", 86400 * 1000LL }, { "day", 86400 * 1000LL },
	{ "days", 86400 * 1000LL }, { "j", 86400 * 1000LL },
	{ "jour", 86400 * 1000LL }, { "jours", 86400 * 1000LL },
	{ "\xec\x9d\xbc", 86400 * 1000LL },			/* 일 */
	{ "w", 7 * 86400 * 1000LL }, { "week", 7 * 86400 * 1000LL },
	{ "weeks", 7 * 86400 * 1000LL }, { "sem", 7 * 86400 * 1000LL },
	{ "semaine", 7 * 86400 * 1000LL },
	{ "semaines", 7 * 86400 * 1000LL },
	{ "\xec\xa3\xbc", 7 * 86400 * 1000LL },			/* 주 */
	/* Months of 30 days and years of 365, as an operator says them. */
	{ "month", 30 * 86400 * 1000LL }, { "months", 30 * 86400 * 1000LL },
	{ "mois", 30 * 86400 * 1000LL },
	{ "\xea\xb0\x9c\xec\x9b\x94", 30 * 86400 * 1000LL },	/* 개월 */
	{ "year", 365 * 86400 * 1000LL }, { "years", 365 * 86400 * 1000LL },
	{ "an", 365 * 86400 * 1000LL }, { "ans", 365 * 86400 * 1000LL },
	{ "\xeb\x85\x84", 365 * 86400 * 1000LL },			/* 년 */
};

#define PROTO_DURATION_NUNITS \
	(sizeof proto_duration_units / sizeof proto_duration_units[0])

/* The unit a run of letters at s names, its length in *len; 0 if none. */
static int64_t
proto_duration_unit(const char *s, size_t *len)
{
	const struct proto_duration_unit	*u;
	size_t					 i, n = 0;

	/* Letters: ASCII ones, or any byte of a multibyte character. */
	while (isalpha((u_char)s[n]) || (u_char)s[n] >= 0x80)
		n++;
	*len = n;
	for (i = 0; i < PROTO_DURATION_NUNITS; i++) {
		u = &proto_duration_units[i];
		if (n != 0 && strlen(u->name) == n &&
		    strncasecmp(s, u->name, n) == 0)
			return (u->ms);
	}
	return (0);
}

/*
 * The longest duration at the start of s, in *ms; returns how many
 * bytes it takes, 0 if none.  A duration is one or more numbers each
 * with a unit ("2h30m", "1 h 30 min", "7일", "1d 12h") or a bare number
 * of seconds; a space may stand between a number and its unit and
 * between parts.  A number of one or two digits under 60 right after
 * hours, with nothing after it, is minutes: "1h30", "2h05", "1 h 30",
 * as French writes and says them; a bare number anywhere else is
 * refused, as in "1d12".  What follows is not looked at: the caller says
 * whether it may (the reason after a duration) or not.  The bound is
 * on the time, not the number, so that 99999d is refused as 99999999s
 * is.
 */
size_t
proto_duration_prefix(const char *s, int64_t *ms)
{
	const char	*p = s, *q, *u;
	size_t		 done = 0, len;
	int64_t		 total = 0, n, unit, last = 0;
	int		 first = 1;

	while (isdigit((u_char)*p)) {
		for (n = 0, q = p; isdigit((u_char)*q); q++) {
			if (n > PROTO_DURATION_MAX / 10)
				return (0);
			n = n * 10 + (*q - '0');
		}
		for (u = q; *u == ' '; u++)
			/* nothing */;
		unit = proto_duration_unit(u, &len);
		if (unit != 0 && (u[len] == '\0' || u[len] == ' ' ||
		    isdigit((u_char)u[len]))) {
			if (n > (PROTO_DURATION_MAX - total) / unit)
				return (0);
			total += n * unit;
			last = unit;
			p = u + len;
			done = p - s;
		} else if (first && (*q == '\0' || *q == ' ')) {
			/* A bare number: seconds, and nothing after it. */
			if (n > PROTO_DURATION_MAX / 1000)
				return (0);
			total = n * 1000;
			done = q - s;
			break;
		} else if (last == 3600 * 1000 && q - p <= 2 && n < 60 &&
		    (*q == '\0' || *q == ' ')) {
			/* Minutes after hours, "1h30" as one says 1 h 30. */
			if (n * 60 * 1000 > PROTO_DURATION_MAX - total)
				return (0);
			total += n * 60 * 1000;
			done = q - s;
			break;
		} else
			break;
		first = 0;
		for (q = p; *q == ' '; q++)
			/* nothing */;
		if (!isdigit((u_char)*q))
			break;
		p = q;
	}
	if (done == 0 || total <= 0)
		return (0);
	*ms = total;
	return (done);
}

/*
 * Parse a whole duration (proto_duration_prefix) into ms: "30s", "10m",
 * "2h30m", "1h30", "7d", "7 j", "1시간 30분" or plain seconds.
 */
int
proto_duration_parse(const char *s, int64_t *ms)
{
	size_t	len;

	len = proto_duration_prefix(s, ms);
	if (len == 0 || s[len] != '\0')
		return (-1);
	return (0);
}

/*
 * Is a duration written as every hub reads it, digits then maybe one of
 * the English units (52w, 90), so that it may be sent as written?
 */
int
proto_duration_plain(const char *s)
{
	size_t	n = strspn(s, "0123456789");

	return (n != 0 && (s[n] == '\0' ||
	    (strchr("smhdw", s[n]) != NULL && s[n + 1] == '\0')));
}

/*
 * A duration of ms as one word any hub takes ("90m", "7d"): the largest
 * unit that divides it, so that a hub that knows only the English
 * single units reads what a newer client understood.
 */
char *
proto_duration_word_of(int64_t ms, char *buf, size_t len)
{
	static const struct {
		int64_t	ms;
		char	unit;
	} units[] = {
		{ 86400 * 1000LL, 'd' }, { 3600 * 1000, 'h' },
		{ 60 * 1000, 'm' }, { 1000, 's' },
	};
	size_t	i;

	for (i = 0; i < sizeof units / sizeof units[0] - 1; i++) {
		if (ms % units[i].ms == 0)
			break;
	}
	snprintf(buf, len, "%lld%c", (long long)(ms / units[i].ms),
	    units[i].unit);
	return (buf);
}

/*
 * Is a word meant as a duration, valid or not: a digit (after a sign, if
 * any) then only digits and letters, as 2x, 10min, -5m, 99999d or 7일?  Such
 * a word where a duration may stand is refused when it is not a valid
 * one, rather than taken as the start of a reason: a typo must not make
 * a ban permanent.  Addresses (dots, colons) and words are not.
 */
int
proto_duration_word(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!isdigit((u_char)*s))
		return (0);
	/* ASCII letters and digits, or any byte of a multibyte letter. */
	for (; *s != '\0'; s++) {
		if ((*s < '0' || *s > '9') && (*s < 'a' || *s > 'z') &&
		    (*s < 'A' || *s > 'Z') && (u_char)*s < 0x80)
			return (0);
	}
	return (1);
}
