/* SPDX-License-Identifier: ISC */
/* fmt.c: event lines in the user's language, shared by the TUI and --batch. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/* Sentences for the hub's error codes, translated when shown. */
static int	fmt_names_cmp(const void *, const void *);

static const char *fmt_errors[PERR_NCODES] = {
	[PERR_NONE] = N_("no error"),
	[PERR_BAD_JSON] = N_("the hub could not parse a frame"),
	[PERR_BAD_UTF8] = N_("text is not valid UTF-8"),
	[PERR_BAD_TYPE] = N_("the hub does not know that request"),
	[PERR_BAD_FIELD] = N_("a request had a missing or wrong field"),
	[PERR_LINE_TOO_LONG] = N_("a request was too long"),
	[PERR_VERSION] = N_("the hub speaks another protocol version"),
	[PERR_NOT_REGISTERED] = N_("not logged in yet"),
	[PERR_ALREADY_REGISTERED] = N_("already logged in"),
	[PERR_NICK_INVALID] = N_("that nick is not allowed"),
	[PERR_NICK_RESERVED] = N_("that nick is reserved"),
	[PERR_NICK_TAKEN] = N_("that nick is taken"),
	[PERR_BAD_TOKEN] = N_("the session could not be resumed"),
	[PERR_NO_SUCH_NICK] = N_("no such nick"),
	[PERR_NO_SUCH_ROOM] = N_("no such room"),
	[PERR_ROOM_INVALID] = N_("that room name is not allowed"),
	[PERR_ROOM_EXISTS] = N_("that room already exists"),
	[PERR_NOT_IN_ROOM] = N_("you are not in that room"),
	[PERR_ALREADY_IN_ROOM] = N_("you are already in that room"),
	[PERR_TOO_MANY_ROOMS] = N_("too many rooms"),
	[PERR_ROOM_FULL] = N_("that room is full"),
	[PERR_TEXT_INVALID] = N_("that text cannot be sent"),
	[PERR_TEXT_TOO_LONG] = N_("that text is too long"),
	[PERR_NOT_OPER] = N_("only operators may do that"),
	[PERR_OPER_DISABLED] = N_("this hub has no operators"),
	[PERR_BAD_PASSWORD] = N_("wrong password"),
	[PERR_FLOOD] = N_("slow down: too many messages"),
	[PERR_SENDQ] = N_("too much output queued"),
	[PERR_SHUTTING_DOWN] = N_("the hub is shutting down"),
	[PERR_HUB_FULL] = N_("the hub is full"),
	[PERR_INTERNAL] = N_("the hub had an internal error"),
	[PERR_NICK_CLAIMED] = N_("that nick is claimed by someone else"),
	[PERR_BANNED] = N_("you are banned"),
	[PERR_MUTED] = N_("you are muted"),
	[PERR_PASSWORD] = N_("this hub needs a password"),
	[PERR_BAD_PROOF] = N_("the hub did not accept the proof of your key"),
	[PERR_DM_FULL] = N_("that user lost the connection and has too many "
	    "messages waiting"),
	[PERR_LOGIN_RATE] = N_("too many logins from your address: the hub "
	    "lets you in again in a little while"),
	[PERR_ROOM_RATE] = N_("too many new rooms from your address: wait a "
	    "while before making another"),
	[PERR_STORAGE] = N_("the hub cannot store messages now (its disk is "
	    "full): your message was not sent; try again later"),
	[PERR_UNREACHABLE] = N_("the other hubs of the cluster cannot be "
	    "reached now: not done"),
	[PERR_EXCESS_FLOOD] = N_("the hub closed the connection: too many "
	    "requests too fast (excess flood)"),
};

/*
 * Why a connection to the hub failed, in words a user understands rather
 * than the library's: cause is a PEER_CAUSE_* or FAIL_* value, code its
 * errno, getaddrinfo code or OpenSSL error, detail the text to fall back
 * on.  *lasting is set when trying again later cannot help (no such
 * host, nothing listening, not a hub), so a client that never got in
 * gives up rather than retrying for ever.
 */
char *
fmt_failure(int cause, unsigned long code, const char *detail, int *lasting)
{
	char	*s;

	*lasting = 0;
	switch (cause) {
	case FAIL_RESOLVE:
		if ((int)code == EAI_NONAME
#ifdef EAI_NODATA
		    || (int)code == EAI_NODATA
#endif
		    ) {
			*lasting = 1;
			return (xstrdup(_("host not found")));
		}
		xasprintf(&s, _("the host name could not be looked up (%s)"),
		    gai_strerror((int)code));
		return (s);
	case PEER_CAUSE_ERRNO:
		switch ((int)code) {
		case ECONNREFUSED:
			*lasting = 1;
			return (xstrdup(_("nothing listens on that port")));
		case ETIMEDOUT:
			return (xstrdup(_("the host did not answer")));
		case EHOSTUNREACH:
		case ENETUNREACH:
		case EHOSTDOWN:
		case ENETDOWN:
			return (xstrdup(_("the host cannot be reached")));
		case ECONNRESET:
		case EPIPE:
			return (xstrdup(_("the hub closed the connection")));
		}
		xasprintf(&s, _("the connection failed (%s)"),
		    strerror((int)code));
		return (s);
	case PEER_CAUSE_TLS:
		switch (ERR_GET_REASON(code)) {
		case SSL_R_WRONG_VERSION_NUMBER:
		case SSL_R_UNKNOWN_PROTOCOL:
		case SSL_R_PACKET_LENGTH_TOO_LONG:
			*lasting = 1;
			return (xstrdup(_("that is not a chatroom hub "
			    "(it did not speak TLS)")));
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
		case SSL_R_UNEXPECTED_EOF_WHILE_READING:
			return (xstrdup(_("the hub closed the connection")));
#endif
		case SSL_R_UNSUPPORTED_PROTOCOL:
		case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
			*lasting = 1;
			return (xstrdup(_("the hub's TLS version is not "
			    "supported")));
		}
		xasprintf(&s, _("the secure connection failed (%s)"),
		    ERR_reason_error_string(code) != NULL ?
		    ERR_reason_error_string(code) : detail);
		return (s);
	case PEER_CAUSE_EOF:
		return (xstrdup(_("the hub closed the connection")));
	case FAIL_EOF_INSECURE:
		*lasting = 1;
		return (xstrdup(_("the hub closed the connection at once "
		    "(if it speaks TLS, leave out --insecure)")));
	case FAIL_PLAIN_HUB:
		*lasting = 1;
		return (xstrdup(_("the hub runs without TLS (--insecure): "
		    "connect with --insecure")));
	case FAIL_NOT_HUB:
		*lasting = 1;
		return (xstrdup(_("that is not a chatroom hub (it answered "
		    "something else)")));
	case FAIL_SILENT:
		*lasting = 1;
		return (xstrdup(_("that is not a chatroom hub (it did not "
		    "greet us)")));
	case FAIL_SILENT_INSECURE:
		*lasting = 1;
		return (xstrdup(_("that is not a chatroom hub (it did not "
		    "greet us; if it speaks TLS, leave out --insecure)")));
	case FAIL_SILENT_AGAIN:
		return (xstrdup(_("the hub accepted the connection but did "
		    "not answer")));
	case FAIL_TLS_SILENT:
		*lasting = 1;
		return (xstrdup(_("that is not a chatroom hub (it did not "
		    "complete the TLS handshake)")));
	case FAIL_TLS_SILENT_AGAIN:
		return (xstrdup(_("the hub accepted the connection but did "
		    "not complete the TLS handshake")));
	}
	return (xstrdup(detail));
}

/* Local [hh:mm] for a time in ms since the epoch. */
char *
fmt_time(int64_t ms, char *buf, size_t len)
{
	time_t		t = ms / 1000;
	struct tm	tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M", &tm);
	return (buf);
}

/* Is a time in ms since the epoch today, in local time? */
int
fmt_today(int64_t ms)
{
	time_t		t = ms / 1000, now = time(NULL);
	struct tm	tm, today;

	if (localtime_r(&t, &tm) == NULL || localtime_r(&now, &today) == NULL)
		return (0);
	return (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday);
}

/*
 * When a ban or a mute ends, or a user was last seen or connected, in
 * local time and the user's language as the scrollback's stamps are
 * (tui_marks_stamp): "13:47" today, "Dec 03 13:47" on another day of
 * the year, with the year on another year.
 */
char *
fmt_when(int64_t ms, char *buf, size_t len)
{
	time_t		 t = ms / 1000, now = time(NULL);
	struct tm	 tm, today;
	const char	*format;

	*buf = '\0';
	if (localtime_r(&t, &tm) == NULL || localtime_r(&now, &today) == NULL)
		return (buf);	/* a year past what time_t holds */
	if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
		format = "%H:%M";
	/*
	 * In a sentence, as people write dates: no zero before the day or
	 * the month ("Dec 6", "6 déc.", "12월 6일"); the scrollback's stamps
	 * keep theirs, to line up (tui_marks_stamp).
	 */
	else if (tm.tm_year == today.tm_year)
		/* TRANSLATORS: strftime(3) format of a time on another day, in
		 * a sentence: %-d and %-m have no leading zero. */
		format = _("%b %-d %H:%M");
	else
		/* TRANSLATORS: strftime(3) format of a time in another year, in
		 * a sentence: %-d and %-m have no leading zero. */
		format = _("%b %-d %Y %H:%M");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, len, format, &tm) == 0)
		strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
#pragma GCC diagnostic pop
	return (buf);
}

/*
 * The end of a ban or a mute and how long that is from now, as every
 * line of the client says it: "13:47 (in 9m 58s)"; the time alone once
 * it is past.  The time left is rounded to its second unit shown, so
 * that a 7-day ban listed a second after it was set is "in 7d", as its
 * confirmation said, not "in 6d 23h".
 */
char *
fmt_until(int64_t ms, char *buf, size_t len)
{
	long long	left = (ms - now_ms() + 999) / 1000;
	char		when[64], span[64];

	if (left >= 86400)
		left = (left + 1800) / 3600 * 3600;
	else if (left >= 3600)
		left = (left + 30) / 60 * 60;
	fmt_when(ms, when, sizeof when);
	if (left <= 0)
		snprintf(buf, len, "%s", when);
	else
		/* TRANSLATORS: when a ban ends, and the time left. */
		snprintf(buf, len, _("%s (in %s)"), when,
		    fmt_duration(left, span, sizeof span));
	return (buf);
}

/* One unit of a duration (0: days ... 3: seconds), appended to buf. */
static void
fmt_duration_unit(char *buf, size_t size, u_int unit, long long n)
{
	size_t	len = strlen(buf);

	if (len != 0 && len + 1 < size)
		buf[len++] = ' ';
	if (len >= size)
		return;
	switch (unit) {
	case 0:
		/* TRANSLATORS: days, in a duration such as "2d 3h". */
		snprintf(buf + len, size - len, _("%lldd"), n);
		break;
	case 1:
		/* TRANSLATORS: hours, in "2d 3h" or "2h 5m". */
		snprintf(buf + len, size - len, _("%lldh"), n);
		break;
	case 2:
		/* TRANSLATORS: minutes, in "2h 5m" or "5m 10s". */
		snprintf(buf + len, size - len, _("%lldm"), n);
		break;
	default:
		/* TRANSLATORS: seconds, in "5m 10s" or "0s". */
		snprintf(buf + len, size - len, _("%llds"), n);
		break;
	}
}

/*
 * A number of seconds as its two largest units, in the user's language:
 * "2d 3h", "5m 10s", "3m" (a second unit of zero is left out), "0s".
 */
char *
fmt_duration(long long secs, char *buf, size_t size)
{
	static const long long	per[] = { 86400, 3600, 60, 1 };
	long long		rest;
	u_int			i;

	if (size == 0)
		return (buf);
	*buf = '\0';
	if (secs < 0)
		secs = 0;
	for (i = 0; i < 3 && secs < per[i]; i++)
		/* nothing */;
	fmt_duration_unit(buf, size, i, secs / per[i]);
	if (i < 3 && (rest = (secs % per[i]) / per[i + 1]) != 0)
		fmt_duration_unit(buf, size, i + 1, rest);
	return (buf);
}

/*
 * An error code as a sentence in the user's language.  Where no
 * translation exists the hub's own detail (which names the nick or room)
 * is better, so callers show that instead; see fmt_error_detail.
 */
const char *
fmt_error(enum proto_err err)
{
	if (err < 0 || err >= PERR_NCODES)
		err = PERR_INTERNAL;
	return (_(fmt_errors[err]));
}

/*
 * The end and reason after the hub's words of a ban or mute ("... until
 * 2026-12-02 14:30 UTC: spam", ": spam", " until ...", or nothing), into
 * end (free it; NULL for none) and reason (in p; NULL for none); -1 for
 * anything else.
 */
int
fmt_end_reason(const char *p, char **end, const char **reason)
{
	static const char	 until[] = " until ";

	*end = NULL;
	*reason = NULL;
	if (strncmp(p, until, sizeof until - 1) == 0) {
		p += sizeof until - 1;
		/* The end's own colon ("14:30") has no space after it. */
		if ((*reason = strstr(p, ": ")) != NULL) {
			*end = xstrndup(p, *reason - p);
			*reason += 2;
		} else
			*end = xstrdup(p);
	} else if (strncmp(p, ": ", 2) == 0)
		*reason = p + 2;
	else if (*p != '\0')
		return (-1);
	return (0);
}

/*
 * A ban's or a mute's end as the hub's words say it, "2026-12-02 14:30
 * UTC", replaced by the end in ms the hub sends beside (0 if none, from
 * an older hub) in local time with what is left, "13:47 (in 9m 58s)".
 */
void
fmt_end_local(char **end, int64_t until)
{
	char	buf[128];

	if (*end == NULL || until <= 0)
		return;
	free(*end);
	*end = xstrdup(fmt_until(until, buf, sizeof buf));
}

/*
 * A mute's refusal, "you are muted until 2026-12-02 14:30 UTC: spam"
 * (server_chat_muted), as a translated sentence with its end (see
 * fmt_end_local) and reason; NULL if the hub said something else.
 */
static char *
fmt_error_muted(const char *detail, int64_t until)
{
	static const char	 is[] = "you are muted";
	const char		*reason;
	char			*end, *out;

	if (strncmp(detail, is, sizeof is - 1) != 0 ||
	    fmt_end_reason(detail + sizeof is - 1, &end, &reason) != 0)
		return (NULL);
	fmt_end_local(&end, until);
	if (end != NULL && reason != NULL)
		xasprintf(&out, _("you are muted until %s: %s"), end, reason);
	else if (end != NULL)
		xasprintf(&out, _("you are muted until %s"), end);
	else if (reason != NULL)
		xasprintf(&out, _("you are muted: %s"), reason);
	else
		out = xstrdup(_(fmt_errors[PERR_MUTED]));
	free(end);
	return (out);
}

/*
 * A ban's refusal, "the nick zed is banned until 2026-12-02 14:30 UTC:
 * spam" (ban_refusal), with its end in local time (see fmt_end_local);
 * NULL if the hub said something else or sent no end beside.
 */
static char *
fmt_error_banned(const char *detail, int64_t until)
{
	static const char	 is[] = " is banned";
	const char		*p, *reason;
	char			*end, *out;

	if (until <= 0 || (p = strstr(detail, is)) == NULL ||
	    fmt_end_reason(p + sizeof is - 1, &end, &reason) != 0)
		return (NULL);
	if (end == NULL)
		return (NULL);
	fmt_end_local(&end, until);
	xasprintf(&out, "%.*s until %s%s%s", (int)(p + sizeof is - 1 - detail),
	    detail, end, reason != NULL ? ": " : "",
	    reason != NULL ? reason : "");
	free(end);
	return (out);
}

/*
 * An /unban or /unmute of one who is not banned or muted, "bob is not
 * muted" (server_oper_unban, server_oper_unmute), in the user's language;
 * NULL if the hub said something else.
 */
static char *
fmt_error_not_sanctioned(const char *detail)
{
	static const char	 banned[] = " is not banned";
	static const char	 muted[] = " is not muted";
	size_t			 n = strlen(detail);
	char			*who, *out;

	if (n > sizeof banned - 1 &&
	    strcmp(detail + n - (sizeof banned - 1), banned) == 0) {
		who = xstrndup(detail, n - (sizeof banned - 1));
		xasprintf(&out, _("%s is not banned"), who);
	} else if (n > sizeof muted - 1 &&
	    strcmp(detail + n - (sizeof muted - 1), muted) == 0) {
		who = xstrndup(detail, n - (sizeof muted - 1));
		xasprintf(&out, _("%s is not muted"), who);
	} else
		return (NULL);
	free(who);
	return (out);
}

/*
 * The text to show for an error: the translated sentence of its code, or
 * the hub's English detail where the code has no translation (the detail
 * is for logs and for clients without one: chatroom-protocol(7)); until
 * is the end of a mute or a ban the hub sent beside it (ms, or 0).
 */
char *
fmt_error_detail(enum proto_err err, const char *detail, int64_t until)
{
	const char	*sentence;
	char		*s, *banned = NULL;
	size_t		 len;
	u_int		 cp;

	if (err < 0 || err >= PERR_NCODES)
		err = PERR_INTERNAL;
	sentence = fmt_error(err);
	if (*detail == '\0')
		return (xstrdup(sentence));
	if (err == PERR_MUTED && (s = fmt_error_muted(detail, until)) != NULL)
		return (s);
	/* The hub's limit per address is not the hub being full. */
	if (err == PERR_HUB_FULL &&
	    strcmp(detail, "too many connections from your address") == 0)
		return (xstrdup(_("too many connections from your address")));
	/* proto_check_text's, the hub's or the client's own. */
	if (err == PERR_TEXT_INVALID &&
	    strcmp(detail, "text is empty or has nothing visible") == 0)
		return (xstrdup(_("the text is empty or has nothing visible")));
	if (err == PERR_TEXT_INVALID && sscanf(detail,
	    "text holds hidden tag characters (U+%X)", &cp) == 1) {
		xasprintf(&s, _("the text hides tag characters (U+%04X), "
		    "which no one sees"), cp);
		return (s);
	}
	if (err == PERR_BAD_FIELD &&
	    (s = fmt_error_not_sanctioned(detail)) != NULL)
		return (s);
	if (err == PERR_BANNED &&
	    (banned = fmt_error_banned(detail, until)) != NULL)
		detail = banned;
	len = strlen(fmt_errors[err]);
	/*
	 * Not translated; or a bad field, whose sentence says only that
	 * something was wrong while the hub's says what ("bob is not
	 * muted"): the hub's words.
	 */
	if (err == PERR_NO_SUCH_ROOM && sentence == fmt_errors[err] &&
	    strncmp(detail, "no such room: ", 14) == 0 && detail[14] != '#' &&
	    detail[14] != '\0')
		xasprintf(&s, "no such room: #%s", detail + 14);
	else if (sentence == fmt_errors[err] || err == PERR_BAD_FIELD)
		s = xstrdup(detail);
	else if (err == PERR_BANNED)	/* its end and reason are there */
		xasprintf(&s, "%s (%s)", sentence, detail);
	/*
	 * The hub's sentence and what it is about ("no such nick: zed"):
	 * the translation and the same subject; a room with its "#", as
	 * the user typed it and every other line writes it.
	 */
	else if (strncasecmp(detail, fmt_errors[err], len) == 0 &&
	    strncmp(detail + len, ": ", 2) == 0 && detail[len + 2] != '\0') {
		if (err == PERR_NO_SUCH_ROOM && detail[len + 2] != '#')
			/* TRANSLATORS: an error, then the room it is about. */
			xasprintf(&s, _("%s: #%s"), sentence, detail + len + 2);
		else
			/* TRANSLATORS: an error, then what it is about: a nick. */
			xasprintf(&s, _("%s: %s"), sentence, detail + len + 2);
	}
	/* The translation alone, never the same words again in English. */
	else
		s = xstrdup(sentence);
	free(banned);
	return (s);
}

/* Append text, indenting each continuation line by indent columns. */
static void
fmt_append_indented(char **out, const char *text, size_t indent)
{
	const char	*p, *nl;
	char		*s;

	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		xasprintf(&s, "%s%.*s\n%*s", *out, (int)(nl - p), p,
		    (int)indent, "");
		free(*out);
		*out = s;
	}
	xasprintf(&s, "%s%s", *out, p);
	free(*out);
	*out = s;
}

/*
 * One scrollback line as --batch prints it: "[hh:mm] #room <nick> text",
 * multi-line text continuing on lines indented under the text.  A line
 * of a conversation that is not one of its messages (an action, an
 * event, a notice) names it as "@nick", as a room's lines name the room:
 * a direct message's own form, "*nick*", names its peer already.
 */
char *
fmt_cline(struct client *c, struct croom *r, struct cline *l)
{
	struct image	*img = l->image;
	char		 t[16], *out, *room, *tmp;
	u_int		 y;

	fmt_time(l->ts, t, sizeof t);
	if (r == c->status)
		room = xstrdup("");
	else if (r->flags & CROOM_DM)
		xasprintf(&room, "@%s ", r->name);
	else
		xasprintf(&room, "#%s ", r->name);

	switch (CLINE_HEAD_KIND(l)) {
	case CLINE_MSG:
	case CLINE_IMAGE:
		if (l->flags & CLINE_IRCNOTICE)
			xasprintf(&out, "[%s] %s-%s- ", t, room, l->nick);
		else
			xasprintf(&out, "[%s] %s<%s> ", t, room, l->nick);
		break;
	case CLINE_ACTION:
		xasprintf(&out, "[%s] %s* %s ", t, room, l->nick);
		break;
	case CLINE_DM:
		if (l->flags & CLINE_IRCNOTICE)
			xasprintf(&out, "[%s] %s-%s- ", t,
			    (l->flags & CLINE_OUT) ? "-> " : "", l->nick);
		else if (l->flags & CLINE_OUT)
			xasprintf(&out, "[%s] -> *%s* ", t, l->nick);
		else
			xasprintf(&out, "[%s] *%s* ", t, l->nick);
		break;
	case CLINE_EVENT:
	case CLINE_MARKER:
		xasprintf(&out, "[%s] %s-- ", t, room);
		break;
	default:
		xasprintf(&out, "[%s] %s-!- ", t, room);
		break;
	}
	fmt_append_indented(&out, l->text, utf8_width(out, strlen(out)));
	free(room);
	if (l->kind == CLINE_IMAGE && img != NULL) {
		for (y = 0; y < img->h; y++) {
			tmp = out;
			xasprintf(&out, "%s\n        %s", tmp, img->rows[y]);
			free(tmp);
		}
	}
	return (out);
}

/* A name and its case-folded key, to sort names as the nick list does. */
struct fmt_name {
	char		*fold;
	const char	*name;
};

/* Order names ignoring case. */
static int
fmt_names_cmp(const void *a, const void *b)
{
	const struct fmt_name	*na = a, *nb = b;
	int			 rc;

	if ((rc = strcmp(na->fold, nb->fold)) == 0)
		rc = strcmp(na->name, nb->name);
	return (rc);
}

/*
 * The names of a list, joined by sep: CR_CLIENT_NAMES of them at most,
 * then how many more there are.  The count of names is put in *n.  A
 * whole list (not cut short here, nor by the caller: whole) is in the
 * order of the nick list, ignoring case, so that a nick is found in a
 * long one; a list cut short keeps the hub's order, whose first names
 * are those shown.
 */
char *
fmt_names(cJSON *list, const char *sep, int whole, u_int *n)
{
	cJSON		*m;
	struct fmt_name	*names;
	char		*out, *more;
	size_t		 len = 0, size = 256, need;
	u_int		 i, kept = 0;

	names = xreallocarray(NULL, CR_CLIENT_NAMES, sizeof *names);
	*n = 0;
	cJSON_ArrayForEach(m, list) {
		if (!cJSON_IsString(m))
			continue;
		if ((*n)++ >= CR_CLIENT_NAMES)
			continue;
		names[kept].name = m->valuestring;
		names[kept++].fold = utf8_casefold(m->valuestring);
	}
	if (whole && *n <= CR_CLIENT_NAMES)
		qsort(names, kept, sizeof *names, fmt_names_cmp);
	out = xmalloc(size);
	*out = '\0';
	for (i = 0; i < kept; i++) {
		need = len + strlen(sep) + strlen(names[i].name) + 1;
		while (need > size)
			out = xrealloc(out, size *= 2);
		len += sprintf(out + len, "%s%s", len > 0 ? sep : "",
		    names[i].name);
		free(names[i].fold);
	}
	free(names);
	if (*n > CR_CLIENT_NAMES) {
		xasprintf(&more, ngettext("%s%sand %u more", "%s%sand %u more",
		    *n - CR_CLIENT_NAMES), out, sep, *n - CR_CLIENT_NAMES);
		free(out);
		out = more;
	}
	return (out);
}
