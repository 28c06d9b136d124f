/* SPDX-License-Identifier: ISC */
/* proto-check.c: validation of nicks, room names and message text. */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

/* How proto_check_name checks and words its cause. */
#define PROTO_NAME_STRICT	0x1	/* a new name: no invisibles */
#define PROTO_NAME_LOCAL	0x2	/* a client's own: user's language */
#define PROTO_NAME_SCRIPT	0x4	/* a new name: one script of letters */

static const char *proto_check_name_text(int, const char *);
static int	proto_check_name(const char *, size_t, enum proto_err,
		    enum proto_err *, char **, int, int);
static int	proto_check_kept_nick_as(const char *, enum proto_err *,
		    char **, int);
static int	proto_check_nick_as(const char *, enum proto_err *, char **,
		    int);
static int	proto_check_room_name(const char *, enum proto_err *, char **,
		    int);

/* Names no user may take. */
static const char *proto_reserved[] = { "system", "server", "chatroom" };

/*
 * A cause as the hub sends it, in English, or in the user's language for
 * a client's own check (PROTO_NAME_LOCAL).
 */
static const char * __attribute__((format_arg(2)))
proto_check_name_text(int flags, const char *s)
{
	return ((flags & PROTO_NAME_LOCAL) ? _(s) : s);
}

/*
 * Check a name shared by nicks and rooms (room set): length and
 * characters.  A new name (PROTO_NAME_STRICT) may not hold invisible
 * characters either, nor start with a combining mark, which would sit on
 * whatever is shown before it; one read back from the history file or
 * another hub was valid when it was made, and is taken as it is.
 */
static int
proto_check_name(const char *name, size_t max, enum proto_err invalid,
    enum proto_err *err, char **cause, int room, int flags)
{
	char		*nfc;
	size_t		 len = strlen(name), off, n;
	uint32_t	 cp;
	int		 l;

	if (!utf8_valid(name, len)) {
		*err = invalid;
		*cause = xstrdup(proto_check_name_text(flags, room ?
		    N_("a room name must be valid UTF-8") :
		    N_("a nick must be valid UTF-8")));
		return (-1);
	}
	/* Counted as the hub keeps it, in NFC (see proto_nfc_names). */
	if ((nfc = utf8_nfc(name)) != NULL) {
		n = utf8_strlen(nfc, strlen(nfc));
		free(nfc);
	} else
		n = utf8_strlen(name, len);
	if (n == 0 || n > max) {
		*err = invalid;
		xasprintf(cause, proto_check_name_text(flags, room ?
		    N_("a room name must be 1 to %zu characters") :
		    N_("a nick must be 1 to %zu characters")), max);
		return (-1);
	}
	for (off = 0; off < len; off += l) {
		l = utf8_decode(name + off, len - off, &cp);
		/*
		 * Nothing the user can see (the unsafe ones past C1, and the
		 * zero-width ones): name it.
		 */
		if (l > 0 && cp > 0x9f && (utf8_is_unsafe(cp) ||
		    (cp >= 0x200b && cp <= 0x200d) || cp == 0xfeff)) {
			*err = invalid;
			xasprintf(cause, proto_check_name_text(flags, room ?
			    N_("a room name may not contain invisible "
			    "characters or text direction controls (U+%04X)") :
			    N_("a nick may not contain invisible characters "
			    "or text direction controls (U+%04X)")), (u_int)cp);
			return (-1);
		}
		if (l < 0 || utf8_is_unsafe(cp) || cp == ' ' || cp == 0xa0 ||
		    cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200f) ||
		    cp == 0xfeff || cp == ',' || cp == '"' || cp == '\\') {
			*err = invalid;
			*cause = xstrdup(proto_check_name_text(flags, room ?
			    N_("a room name may not contain spaces, commas, "
			    "quotes or control characters") :
			    N_("a nick may not contain spaces, commas, quotes "
			    "or control characters")));
			return (-1);
		}
		if ((flags & PROTO_NAME_STRICT) && utf8_is_invisible(cp)) {
			*err = invalid;
			xasprintf(cause, proto_check_name_text(flags, room ?
			    N_("a room name may not contain invisible or "
			    "unassigned characters (U+%04X)") :
			    N_("a nick may not contain invisible or "
			    "unassigned characters (U+%04X)")), (u_int)cp);
			return (-1);
		}
		if (off == 0 && (flags & PROTO_NAME_STRICT) &&
		    utf8_is_mark(cp)) {
			*err = invalid;
			xasprintf(cause, proto_check_name_text(flags, room ?
			    N_("a room name may not start with a combining "
			    "mark (U+%04X)") :
			    N_("a nick may not start with a combining mark "
			    "(U+%04X)")), (u_int)cp);
			return (-1);
		}
		if (off == 0 && (cp == '@' || cp == '#' || cp == '/' ||
		    cp == '*' || cp == '-' || cp == '+')) {
			*err = invalid;
			xasprintf(cause, proto_check_name_text(flags, room ?
			    N_("a room name may not start with '%c'") :
			    N_("a nick may not start with '%c'")), (char)cp);
			return (-1);
		}
	}
	if ((flags & PROTO_NAME_SCRIPT) && utf8_script_mixed(name, len, &cp)) {
		*err = invalid;
		xasprintf(cause, proto_check_name_text(flags, room ?
		    N_("a room name may not mix Latin, Greek and Cyrillic "
		    "letters (U+%04X)") :
		    N_("a nick may not mix Latin, Greek and Cyrillic "
		    "letters (U+%04X)")), (u_int)cp);
		return (-1);
	}
	if ((flags & PROTO_NAME_SCRIPT) &&
	    utf8_script_compat_form(name, len, &cp)) {
		*err = invalid;
		xasprintf(cause, proto_check_name_text(flags, room ?
		    N_("a room name may not use fullwidth, circled or "
		    "mathematical letters or digits (U+%04X): type plain ones") :
		    N_("a nick may not use fullwidth, circled or "
		    "mathematical letters or digits (U+%04X): type plain ones")),
		    (u_int)cp);
		return (-1);
	}
	return (0);
}

/*
 * Check a nick against the rules the hub has kept longest: 1-32
 * characters, no spaces or controls, not reserved, nor '!', '@' or a
 * leading ':', which would break IRC's nick!user@host and its
 * parameters.  A nick claimed under these rules alone still opens for
 * its owner (see proto_check_nick).
 */
static int
proto_check_kept_nick_as(const char *nick, enum proto_err *err,
    char **cause, int flags)
{
	char	*key;
	u_int	 i;

	if (proto_check_name(nick, CR_NICK_MAX, PERR_NICK_INVALID, err, cause,
	    0, flags | PROTO_NAME_STRICT) != 0)
		return (-1);
	if (strpbrk(nick, "!@") != NULL || *nick == ':') {
		*err = PERR_NICK_INVALID;
		*cause = xstrdup(proto_check_name_text(flags, N_("a nick may not "
		    "contain '!' or '@', nor start with ':'")));
		return (-1);
	}
	key = utf8_casefold(nick);
	for (i = 0; i < sizeof proto_reserved / sizeof proto_reserved[0];
	    i++) {
		if (strcmp(key, proto_reserved[i]) == 0) {
			free(key);
			*err = PERR_NICK_RESERVED;
			xasprintf(cause, proto_check_name_text(flags,
			    N_("the nick %s is reserved")), nick);
			return (-1);
		}
	}
	free(key);
	return (0);
}

/* Check a nick against the kept rules (see proto_check_kept_nick_as). */
int
proto_check_kept_nick(const char *nick, enum proto_err *err, char **cause)
{
	return (proto_check_kept_nick_as(nick, err, cause, 0));
}

/*
 * Check a new nick: the kept rules, and what modern IRC servers refuse
 * too, so that a nick reads as one word in IRC lines and in our
 * commands.  Not ':' (IRC's trailing parameter, "nick: " addressing),
 * '/' (our commands, the paths of conversation logs), '*' and '?'
 * (masks); not a digit first (RFC 1459 and the servers since, whose
 * user ids start with one), nor '&' (IRC's other channel prefix) or '$'
 * (a server mask); proto_check_name already refuses '#', '-', '+', '@',
 * '/' and '*' first.  Nor letters of two scripts (utf8-script.c), nor a
 * held name (proto_held, the hub's own name).  Nicks made before (from
 * the history file or another hub) are not checked again.
 */
static int
proto_check_nick_as(const char *nick, enum proto_err *err, char **cause,
    int flags)
{
	/* The whole rule in one message, not the older one first. */
	if (proto_check_name(nick, CR_NICK_MAX, PERR_NICK_INVALID, err, cause,
	    0, flags | PROTO_NAME_STRICT | PROTO_NAME_SCRIPT) != 0)
		return (-1);
	if (strpbrk(nick, "!@:/*?") != NULL) {
		*err = PERR_NICK_INVALID;
		*cause = xstrdup(proto_check_name_text(flags, N_("a nick may not "
		    "contain '!', '@', ':', '/', '*' or '?'")));
		return (-1);
	}
	if (*nick >= '0' && *nick <= '9') {
		*err = PERR_NICK_INVALID;
		*cause = xstrdup(proto_check_name_text(flags,
		    N_("a nick may not start with a digit")));
		return (-1);
	}
	if (*nick == '&' || *nick == '$') {
		*err = PERR_NICK_INVALID;
		xasprintf(cause, proto_check_name_text(flags,
		    N_("a nick may not start with '%c'")), *nick);
		return (-1);
	}
	if (proto_check_kept_nick_as(nick, err, cause, flags) != 0)
		return (-1);
	if (proto_nick_held(nick) != 0) {
		*err = PERR_NICK_RESERVED;
		xasprintf(cause, proto_check_name_text(flags,
		    N_("the nick %s is reserved")), nick);
		return (-1);
	}
	return (0);
}

/* Check a new nick (see proto_check_nick_as), for the hub. */
int
proto_check_nick(const char *nick, enum proto_err *err, char **cause)
{
	return (proto_check_nick_as(nick, err, cause, 0));
}

/*
 * Check a new nick for a client, before it asks the hub: the cause in the
 * user's language.
 */
int
proto_check_nick_local(const char *nick, char **cause)
{
	enum proto_err	err;

	return (proto_check_nick_as(nick, &err, cause, PROTO_NAME_LOCAL));
}

/*
 * Is a nick from another hub or Redis one a hub could have given, then or
 * now (invisible characters were allowed before)?
 */
int
proto_check_stored_nick(const char *nick)
{
	enum proto_err	 err;
	char		*cause;

	if (proto_check_name(nick, CR_NICK_MAX, PERR_NICK_INVALID, &err,
	    &cause, 0, 0) == 0)
		return (0);
	free(cause);
	return (-1);
}

/*
 * Check a room name against the rules; strict for new names.  A name of
 * digits is a name ("5" is IRC's #5): join tells it from a room number
 * by its JSON type, a string or a number.
 */
static int
proto_check_room_name(const char *room, enum proto_err *err, char **cause,
    int flags)
{
	return (proto_check_name(room, CR_ROOM_MAX, PERR_ROOM_INVALID, err,
	    cause, 1, flags));
}

/*
 * Check a new room name: 1-32 characters, no spaces, controls or
 * invisibles, letters of one script.
 */
int
proto_check_room(const char *room, enum proto_err *err, char **cause)
{
	return (proto_check_room_name(room, err, cause, PROTO_NAME_STRICT |
	    PROTO_NAME_SCRIPT));
}

/* Check a room name read back from the history file or another hub. */
int
proto_check_stored_room(const char *room, enum proto_err *err, char **cause)
{
	return (proto_check_room_name(room, err, cause, 0));
}

/*
 * Check a room name for a client, before it asks the hub (strict for a
 * room it would make): the cause in the user's language.
 */
int
proto_check_room_local(const char *room, int strict, char **cause)
{
	enum proto_err	err;

	return (proto_check_room_name(room, &err, cause, PROTO_NAME_LOCAL |
	    (strict ? PROTO_NAME_STRICT | PROTO_NAME_SCRIPT : 0)));
}

/*
 * Check the lines of a multi-line message: at most CR_TEXT_LINES_MAX of
 * them and at most CR_TEXT_BLANKS_MAX blank ones in a row, so that one
 * message cannot blank every watcher's screen nor become thousands of
 * IRC lines.  A line of only spaces and tabs is blank; "\r\n" is one
 * end of line.
 */
static int
proto_check_lines(const char *text, size_t len, enum proto_err *err,
    char **cause)
{
	size_t	off, lines = 1, run = 0;
	int	blank = 1;

	for (off = 0; off < len; off++) {
		switch (text[off]) {
		case '\r':
			if (off + 1 < len && text[off + 1] == '\n')
				break;
			/* FALLTHROUGH */
		case '\n':
			if (blank && ++run > CR_TEXT_BLANKS_MAX) {
				*err = PERR_TEXT_INVALID;
				xasprintf(cause, "text has more than %d blank "
				    "lines in a row", CR_TEXT_BLANKS_MAX);
				return (-1);
			}
			if (!blank)
				run = 0;
			lines++;
			blank = 1;
			break;
		case ' ':
		case '\t':
			break;
		default:
			blank = 0;
			break;
		}
	}
	if (lines > CR_TEXT_LINES_MAX) {
		*err = PERR_TEXT_TOO_LONG;
		xasprintf(cause, "text has more than %d lines (this one has "
		    "%zu)", CR_TEXT_LINES_MAX, lines);
		return (-1);
	}
	return (0);
}

/*
 * Check message text: valid UTF-8, something visible, within max
 * characters, newlines only where allowed and then in few enough lines.
 * Other control characters are kept (they may be part of what a user
 * pasted); every client neutralises them before display.
 */
int
proto_check_text(const char *text, size_t max, int newlines,
    enum proto_err *err, char **cause)
{
	size_t		 len = strlen(text), off, run;
	uint32_t	 cp;
	int		 l, blank = 1, flag = 0;

	/* Characters (code points), so that every script gets as many. */
	if (len > max * 4 || utf8_strlen(text, len) > max) {
		*err = PERR_TEXT_TOO_LONG;
		xasprintf(cause, "text is longer than %zu characters", max);
		return (-1);
	}
	for (off = 0; off < len; off += l) {
		/* Once it is known not blank, ASCII has nothing to check. */
		if (!blank && newlines &&
		    (run = utf8_ascii(text + off, len - off)) > 0) {
			off += run;
			l = 0;
			flag = 0;
			continue;
		}
		if ((u_char)text[off] < 0x80) {		/* ASCII goes fast */
			cp = (u_char)text[off];
			l = 1;
		} else
			l = utf8_decode(text + off, len - off, &cp);
		if (l < 0) {
			*err = PERR_BAD_UTF8;
			*cause = xstrdup("text is not valid UTF-8");
			return (-1);
		}
		if ((cp == '\n' || cp == '\r') && !newlines) {
			*err = PERR_TEXT_INVALID;
			*cause = xstrdup("text may not contain newlines");
			return (-1);
		}
		/*
		 * Tag characters (U+E0000-E007F) mirror ASCII and show
		 * nothing: a text can hide a second one in them ("ASCII
		 * smuggling") for a bot, a log or a paste to read.  They
		 * belong only in the flags of England, Scotland and Wales,
		 * U+1F3F4 followed by tags up to the cancel tag U+E007F.
		 */
		if (cp >= 0xe0000 && cp <= 0xe007f) {
			if (!flag || cp < 0xe0020) {
				*err = PERR_TEXT_INVALID;
				xasprintf(cause, "text holds hidden tag "
				    "characters (U+%04X), which no one sees",
				    (u_int)cp);
				return (-1);
			}
			if (cp == 0xe007f)
				flag = 0;
		} else
			flag = (cp == 0x1f3f4);
		/*
		 * Invisible ones (U+200B, U+3164, U+2800) show nothing, nor
		 * do combining marks with no letter to sit on (U+0301 alone
		 * lands on the space after the nick).
		 */
		if (blank && cp != ' ' && cp != '\n' && cp != '\r' &&
		    cp != '\t' && !utf8_is_invisible(cp) && !utf8_is_mark(cp))
			blank = 0;
	}
	if (blank) {
		*err = PERR_TEXT_INVALID;
		*cause = xstrdup("text is empty or has nothing visible");
		return (-1);
	}
	if (newlines && proto_check_lines(text, len, err, cause) != 0)
		return (-1);
	return (0);
}
