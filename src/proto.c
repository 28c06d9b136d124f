/* SPDX-License-Identifier: ISC */
/* proto.c: frame types, error codes, held names and decoding (no I/O). */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"

/*
 * What proto_scan finds in a frame without parsing it: the top-level
 * "seq", and the first \u escape no string may hold.
 */
struct proto_scan {
	long long	 seq;		/* 0: none, or not a whole number */
	int		 flags;
#define PROTO_SCAN_NUL		0x1	/* \u0000, at nul */
#define PROTO_SCAN_SURROGATE	0x2	/* half a surrogate pair, at half */
#define PROTO_SCAN_DEEP		0x4	/* nested too deep, at deep */
	size_t		 nul;		/* where the escapes start */
	size_t		 half;
	size_t		 deep;
};

static char	*proto_held_key(const char *);
static void	proto_nfc_names(struct cJSON *);
static void	proto_scan(const char *, size_t, struct proto_scan *);
static int	proto_scan_hex(const char *, const char *, u_int *);
static const char *proto_scan_seq(const char *, const char *, long long *);


/* Wire names, indexed by enum proto_type. */
static const char *proto_type_names[PROTO_NTYPES] = {
	[PROTO_UNKNOWN] = "unknown",
	[PROTO_HELLO] = "hello",
	[PROTO_MSG] = "msg",
	[PROTO_DM] = "dm",
	[PROTO_JOIN] = "join",
	[PROTO_CREATE] = "create",
	[PROTO_LEAVE] = "leave",
	[PROTO_ROOMS] = "rooms",
	[PROTO_NAMES] = "names",
	[PROTO_TOPIC] = "topic",
	[PROTO_NICK] = "nick",
	[PROTO_OPER] = "oper",
	[PROTO_KICK] = "kick",
	[PROTO_SHUTDOWN] = "shutdown",
	[PROTO_PING] = "ping",
	[PROTO_QUIT] = "quit",
	[PROTO_WELCOME] = "welcome",
	[PROTO_ERROR] = "error",
	[PROTO_ACK] = "ack",
	[PROTO_PONG] = "pong",
	[PROTO_ROOM] = "room",
	[PROTO_HISTORY_END] = "history_end",
	[PROTO_ROOMLIST] = "roomlist",
	[PROTO_NAMELIST] = "namelist",
	[PROTO_JOINED] = "joined",
	[PROTO_LEFT] = "left",
	[PROTO_SIGNOFF] = "signoff",
	[PROTO_LOST] = "lost",
	[PROTO_BACK] = "back",
	[PROTO_RENAMED] = "renamed",
	[PROTO_TOPIC_CHANGED] = "topic_changed",
	[PROTO_KICKED] = "kicked",
	[PROTO_OPERED] = "opered",
	[PROTO_BYE] = "bye",
	[PROTO_RELEASE] = "release",
	[PROTO_BAN] = "ban",
	[PROTO_UNBAN] = "unban",
	[PROTO_BANS] = "bans",
	[PROTO_MUTE] = "mute",
	[PROTO_UNMUTE] = "unmute",
	[PROTO_BANLIST] = "banlist",
	[PROTO_MOTD] = "motd",
	[PROTO_NOTICE] = "notice",
	[PROTO_CHALLENGE] = "challenge",
	[PROTO_WHOIS] = "whois",
	[PROTO_AWAY] = "away",
	[PROTO_USERINFO] = "userinfo",
	[PROTO_AWAY_CHANGED] = "away_changed",
	[PROTO_PASSWORD] = "password",
	[PROTO_ROOM_MEMBERS] = "room_members",
	[PROTO_INVITE] = "invite",
};

/* Error code strings, indexed by enum proto_err. */
static const char *proto_err_names[PERR_NCODES] = {
	[PERR_NONE] = "none",
	[PERR_BAD_JSON] = "bad_json",
	[PERR_BAD_UTF8] = "bad_utf8",
	[PERR_BAD_TYPE] = "bad_type",
	[PERR_BAD_FIELD] = "bad_field",
	[PERR_LINE_TOO_LONG] = "line_too_long",
	[PERR_VERSION] = "version",
	[PERR_NOT_REGISTERED] = "not_registered",
	[PERR_ALREADY_REGISTERED] = "already_registered",
	[PERR_NICK_INVALID] = "nick_invalid",
	[PERR_NICK_RESERVED] = "nick_reserved",
	[PERR_NICK_TAKEN] = "nick_taken",
	[PERR_BAD_TOKEN] = "bad_token",
	[PERR_NO_SUCH_NICK] = "no_such_nick",
	[PERR_NO_SUCH_ROOM] = "no_such_room",
	[PERR_ROOM_INVALID] = "room_invalid",
	[PERR_ROOM_EXISTS] = "room_exists",
	[PERR_NOT_IN_ROOM] = "not_in_room",
	[PERR_ALREADY_IN_ROOM] = "already_in_room",
	[PERR_TOO_MANY_ROOMS] = "too_many_rooms",
	[PERR_ROOM_FULL] = "room_full",
	[PERR_TEXT_INVALID] = "text_invalid",
	[PERR_TEXT_TOO_LONG] = "text_too_long",
	[PERR_NOT_OPER] = "not_oper",
	[PERR_OPER_DISABLED] = "oper_disabled",
	[PERR_BAD_PASSWORD] = "bad_password",
	[PERR_FLOOD] = "flood",
	[PERR_SENDQ] = "sendq",
	[PERR_SHUTTING_DOWN] = "shutting_down",
	[PERR_HUB_FULL] = "hub_full",
	[PERR_INTERNAL] = "internal",
	[PERR_NICK_CLAIMED] = "nick_claimed",
	[PERR_BANNED] = "banned",
	[PERR_MUTED] = "muted",
	[PERR_PASSWORD] = "password",
	[PERR_BAD_PROOF] = "bad_proof",
	[PERR_DM_FULL] = "dm_full",
	[PERR_LOGIN_RATE] = "too_many_logins",
	[PERR_ROOM_RATE] = "too_many_new_rooms",
	[PERR_STORAGE] = "storage",
	[PERR_UNREACHABLE] = "unreachable",
	[PERR_EXCESS_FLOOD] = "excess_flood",
};

/*
 * Names no user may take now, as networks without services hold them
 * (InspIRCd's <badnick>, ngircd's services holds): whoever had NickServ
 * would be sent the IDENTIFY lines IRC clients send it by themselves.
 * A service is answered on IRC (server_irc_services); the others are
 * only refused.
 */
static const struct {
	const char	*name;		/* case-folded */
	int		 service;
} proto_held[] = {
	{ "nickserv", 1 },
	{ "chanserv", 1 },
	{ "operserv", 1 },
	{ "memoserv", 1 },
	{ "hostserv", 1 },
	{ "botserv", 1 },
	{ "saslserv", 1 },
	{ "helpserv", 1 },
	{ "infoserv", 1 },
	{ "groupserv", 1 },
	{ "statserv", 1 },
	{ "global", 1 },
};

/* The hub's own name (its IRC server name), case-folded, held as well. */
static char *proto_hub_name;

/* Return the wire name of a frame type. */
const char *
proto_type_name(enum proto_type type)
{
	if (type <= PROTO_UNKNOWN || type >= PROTO_NTYPES)
		return ("unknown");
	return (proto_type_names[type]);
}

/* Find a frame type by its wire name. */
enum proto_type
proto_type_lookup(const char *name)
{
	int	i;

	for (i = 1; i < PROTO_NTYPES; i++) {
		if (strcmp(proto_type_names[i], name) == 0)
			return (i);
	}
	return (PROTO_UNKNOWN);
}

/* Return the wire string of an error code. */
const char *
proto_err_name(enum proto_err err)
{
	if (err < 0 || err >= PERR_NCODES)
		return ("internal");
	return (proto_err_names[err]);
}

/* Find an error code by its wire string (unknown codes are "internal"). */
enum proto_err
proto_err_lookup(const char *name)
{
	int	i;

	for (i = 1; i < PERR_NCODES; i++) {
		if (strcmp(proto_err_names[i], name) == 0)
			return (i);
	}
	return (PERR_INTERNAL);
}

/* Hold the hub's own name (the server name IRC users see) as a nick. */
void
proto_hold_hub_name(const char *name)
{
	free(proto_hub_name);
	proto_hub_name = name != NULL ? proto_held_key(name) : NULL;
}

/*
 * The key a name is held under: case-folded, with fullwidth Latin
 * letters and digits (U+FF10-FF5A) as ASCII, so that "ＮickServ" is held
 * too.
 */
static char *
proto_held_key(const char *name)
{
	char		*key, *out;
	size_t		 len, off, o = 0;
	uint32_t	 cp;
	int		 l;

	key = utf8_casefold(name);
	len = strlen(key);
	out = xmalloc(len + 1);
	for (off = 0; off < len; off += l) {
		if ((l = utf8_decode(key + off, len - off, &cp)) <= 0)
			l = 1;
		if (l == 3 && cp >= 0xff10 && cp <= 0xff5a) {
			out[o++] = cp - 0xff10 + '0';
			continue;
		}
		memcpy(out + o, key + off, l);
		o += l;
	}
	out[o] = '\0';
	free(key);
	return (out);
}

/*
 * Is a nick held (see proto_held)?  1 for a service, 2 for another held
 * name, 0 if not.
 */
int
proto_nick_held(const char *nick)
{
	char	*key;
	u_int	 i;
	int	 held = 0;

	key = proto_held_key(nick);
	for (i = 0; i < sizeof proto_held / sizeof proto_held[0]; i++) {
		if (strcmp(key, proto_held[i].name) == 0) {
			held = proto_held[i].service ? 1 : 2;
			break;
		}
	}
	if (held == 0 && proto_hub_name != NULL &&
	    strcmp(key, proto_hub_name) == 0)
		held = 2;
	free(key);
	return (held);
}

/*
 * Parse one line into a JSON object and find its type.  On failure return
 * NULL with an error code and a reason.  An unknown type is not a failure
 * here (type is PROTO_UNKNOWN), so callers can answer it with the frame's
 * sequence number.
 */
struct cJSON *
proto_parse(const char *line, size_t len, enum proto_type *type,
    enum proto_err *err, char **cause)
{
	cJSON			*obj, *t;
	const char		*end;
	struct proto_scan	 sc;
	size_t			 at;

	*type = PROTO_UNKNOWN;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (!utf8_valid(line, len)) {
		*err = PERR_BAD_UTF8;
		*cause = xstrdup("frame is not valid UTF-8");
		return (NULL);
	}
	end = NULL;
	obj = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (obj == NULL) {
		*err = PERR_BAD_JSON;
		proto_scan(line, len, &sc);
		at = end != NULL && end >= line ? (size_t)(end - line) : 0;
		while (len > 0 && isspace((u_char)*line)) {
			line++;
			len--;
		}
		if (sc.flags & PROTO_SCAN_SURROGATE)
			xasprintf(cause, "a string holds half a surrogate pair "
			    "(at byte %zu), which is not a character", sc.half);
		else if (len == 0 || *line != '{')
			*cause = xstrdup("frame is not a JSON object");
		else if (sc.flags & PROTO_SCAN_DEEP)
			xasprintf(cause, "frame is nested more than %d levels "
			    "deep (at byte %zu), more than the hub reads",
			    CJSON_NESTING_LIMIT, sc.deep);
		else
			xasprintf(cause, "frame is not valid JSON (at byte "
			    "%zu)", at);
		return (NULL);
	}
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		*err = PERR_BAD_JSON;
		*cause = xstrdup("frame is not a JSON object");
		return (NULL);
	}
	/* cJSON takes \u0000 and cuts the string there: refuse it. */
	if (memmem(line, len, "\\u0000", 6) != NULL) {
		proto_scan(line, len, &sc);
		if (sc.flags & PROTO_SCAN_NUL) {
			cJSON_Delete(obj);
			*err = PERR_BAD_JSON;
			xasprintf(cause, "a string holds \\u0000 (at byte "
			    "%zu), which no string may", sc.nul);
			return (NULL);
		}
	}
	while (end < line + len && (*end == ' ' || *end == '\t'))
		end++;
	if (end != line + len) {
		cJSON_Delete(obj);
		*err = PERR_BAD_JSON;
		*cause = xstrdup("trailing data after the JSON object");
		return (NULL);
	}
	t = cJSON_GetObjectItemCaseSensitive(obj, PF_TYPE);
	if (t == NULL || !cJSON_IsString(t)) {
		cJSON_Delete(obj);
		*err = PERR_BAD_TYPE;
		*cause = xstrdup("frame has no \"type\" string");
		return (NULL);
	}
	*type = proto_type_lookup(t->valuestring);
	proto_nfc_names(obj);
	*err = PERR_NONE;
	return (obj);
}

/*
 * Put the names a frame holds in NFC (see utf8-nfc.c) before anything
 * compares, claims or keeps them: a nick or a room spelled with
 * conjoining jamo or combining accents is the same name as the one
 * spelled with precomposed characters.  Texts are left as they came.
 */
static void
proto_nfc_names(struct cJSON *obj)
{
	static const char	*fields[] = {
		PF_NICK, PF_ROOM, PF_TO, PF_FROM, PF_TARGET, PF_OLD, PF_BY
	};
	cJSON			*item;
	char			*nfc;
	u_int			 i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		item = cJSON_GetObjectItemCaseSensitive(obj, fields[i]);
		/* Most names are NFC (ASCII is) and need no copy. */
		if (item == NULL || !cJSON_IsString(item) ||
		    utf8_nfc_is(item->valuestring) ||
		    (nfc = utf8_nfc(item->valuestring)) == NULL)
			continue;
		cJSON_ReplaceItemInObjectCaseSensitive(obj, fields[i],
		    cJSON_CreateString(nfc));
		free(nfc);
	}
}

/*
 * The "seq" of a frame proto_parse refused, if it can still be found
 * (the frame is JSON enough around it), so that the error names the
 * request; else 0.
 */
long long
proto_frame_seq(const char *line, size_t len)
{
	struct proto_scan	sc;

	proto_scan(line, len, &sc);
	return (sc.seq);
}

/*
 * Walk a frame's JSON without building it, as far as it goes, for what
 * cJSON cannot tell: the top-level "seq" when it is a whole number, and
 * the first \u escape that is \u0000 or half a surrogate pair.  Any
 * bytes may come (the frame may be broken, or not UTF-8): strings and
 * nesting are followed, nothing else is checked.
 */
static void
proto_scan(const char *p, size_t len, struct proto_scan *sc)
{
	const char	*base = p, *end = p + len, *start = NULL;
	u_int		 u, lo;
	int		 depth = 0, key = 0;

	memset(sc, 0, sizeof *sc);
	for (; p < end; p++) {
		if (start != NULL) {		/* in a string */
			if (*p == '"') {
				/* A "seq" key of the frame itself? */
				key = depth == 1 && p - start == 3 &&
				    memcmp(start, "seq", 3) == 0;
				start = NULL;
				continue;
			}
			if (*p != '\\' || ++p == end)
				continue;
			if (*p != 'u' || proto_scan_hex(p + 1, end, &u) != 0)
				continue;
			if (u == 0 && !(sc->flags & PROTO_SCAN_NUL)) {
				sc->flags |= PROTO_SCAN_NUL;
				sc->nul = p - 1 - base;
			} else if (u >= 0xd800 && u <= 0xdbff &&
			    end - p >= 11 && p[5] == '\\' && p[6] == 'u' &&
			    proto_scan_hex(p + 7, end, &lo) == 0 &&
			    lo >= 0xdc00 && lo <= 0xdfff)
				p += 6;			/* a whole pair */
			else if (u >= 0xd800 && u <= 0xdfff &&
			    !(sc->flags & PROTO_SCAN_SURROGATE)) {
				sc->flags |= PROTO_SCAN_SURROGATE;
				sc->half = p - 1 - base;
			}
			p += 4;
			continue;
		}
		switch (*p) {
		case '"':
			start = p + 1;
			break;
		case '{':
		case '[':
			/* cJSON's bound, which keeps its recursion shallow. */
			if (++depth > CJSON_NESTING_LIMIT &&
			    !(sc->flags & PROTO_SCAN_DEEP)) {
				sc->flags |= PROTO_SCAN_DEEP;
				sc->deep = p - base;
			}
			break;
		case '}':
		case ']':
			depth--;
			break;
		case ':':
			if (key && sc->seq == 0)
				p = proto_scan_seq(p + 1, end, &sc->seq) - 1;
			break;
		}
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' &&
		    *p != '"' && *p != ':')
			key = 0;
	}
}

/* Four hex digits of a \u escape, if all are there. */
static int
proto_scan_hex(const char *p, const char *end, u_int *u)
{
	int	i;

	if (end - p < 4)
		return (-1);
	*u = 0;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((u_char)p[i]))
			return (-1);
		*u = *u * 16 + (isdigit((u_char)p[i]) ? p[i] - '0' :
		    tolower((u_char)p[i]) - 'a' + 10);
	}
	return (0);
}

/*
 * A positive whole number after a key's colon, ended by what may follow
 * a value; where the scan goes on.
 */
static const char *
proto_scan_seq(const char *p, const char *end, long long *seq)
{
	const char	*q;
	long long	 n = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	q = p;
	if (q == end || !isdigit((u_char)*q))
		return (p);
	for (; q < end && isdigit((u_char)*q); q++) {
		/* Past 2^53 - 1: not a seq. */
		if (n > (CR_ROOM_NUMBER_MAX - (*q - '0')) / 10)
			return (q);
		n = n * 10 + (*q - '0');
	}
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q == end || *q == ',' || *q == '}')
		*seq = n;
	return (q);
}

/* Fetch a string member; required ones must be present. */
int
proto_get_str(cJSON *obj, const char *key, int required, const char **out)
{
	cJSON	*item;

	*out = NULL;
	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL || cJSON_IsNull(item))
		return (required ? -1 : 0);
	if (!cJSON_IsString(item) || item->valuestring == NULL)
		return (-1);
	*out = item->valuestring;
	return (0);
}

/* Fetch an integer member (a JSON number without a fraction). */
int
proto_get_int(cJSON *obj, const char *key, int required, long long *out)
{
	cJSON	*item;
	double	 d;

	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL || cJSON_IsNull(item))
		return (required ? -1 : 0);
	if (!cJSON_IsNumber(item))
		return (-1);
	d = item->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < -9007199254740992.0 ||
	    d > 9007199254740992.0)
		return (-1);
	*out = (long long)d;
	return (0);
}

/* Fetch a boolean member. */
int
proto_get_bool(cJSON *obj, const char *key, int required, int *out)
{
	cJSON	*item;

	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL || cJSON_IsNull(item))
		return (required ? -1 : 0);
	if (!cJSON_IsBool(item))
		return (-1);
	*out = cJSON_IsTrue(item);
	return (0);
}

/*
 * A copy of a leave or quit reason on one line: each run of newlines
 * becomes one space, as a reason is one line (a trailing parameter on
 * IRC) and shown as one; NULL if nothing is left.
 */
char *
proto_flatten(const char *reason)
{
	char	*out, *o;

	o = out = xmalloc(strlen(reason) + 1);
	while (*reason != '\0') {
		if (*reason == '\r' || *reason == '\n') {
			reason += strspn(reason, "\r\n");
			if (o != out && *reason != '\0')
				*o++ = ' ';
			continue;
		}
		*o++ = *reason++;
	}
	*o = '\0';
	if (*out == '\0') {
		free(out);
		return (NULL);
	}
	return (out);
}

/* Encode an error frame, with the request's sequence number if any. */
void
proto_make_error(struct jbuf *jb, enum proto_err err, const char *detail,
    long long seq)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ERROR;
	ev.code = proto_err_name(err);
	ev.text = detail;
	ev.seq = seq;
	proto_event_encode(jb, &ev);
}
