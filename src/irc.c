/* SPDX-License-Identifier: ISC */
/* irc.c: IRC lines: parse, build, tags, text pieces, CTCP and numerics. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "irc.h"

/*
 * The IRC codec's grammar, as RFC 1459 and the IRCv3 message-tags
 * specification write it:
 *
 *	[@tags SPACE] [:source SPACE] command [SPACE params] [SPACE :trailing]
 *
 * ending in "\r\n" (a reader takes "\n" alone too).  Nothing here does
 * I/O or knows the hub: the listener reads lines, parses them here,
 * dispatches, and builds its replies here.
 */

static void	irc_parse_tags(struct irc_msg *, char *);
static int	irc_tag_key_valid(const char *);
static int	irc_word_valid(const char *);
static int	irc_middle_valid(const char *);
static size_t	irc_cut(const char *, size_t, size_t);
static char	*irc_err_subject(const char *, const char *, const char *);
static void	irc_fail(struct jbuf *, size_t, char **, const char *);

/*
 * What each native error code is on IRC: a numeric with its subject
 * parameter, or (numeric 0) an ERROR line; closes says the connection
 * ends after it.  The listener answers with some numerics of its own
 * that no native code stands for: 417 for long lines (irc_perr_numeric),
 * 421 unknown command, 461 missing parameters, 451 before registration,
 * 472 and 482 for channel modes and KICK, 904 for a failed SASL.
 *
 *	native code		numeric	name
 *	bad_json		421	ERR_UNKNOWNCOMMAND
 *	bad_utf8		400	ERR_UNKNOWNERROR
 *	bad_type		421	ERR_UNKNOWNCOMMAND
 *	bad_field		461	ERR_NEEDMOREPARAMS
 *	line_too_long		417	ERR_INPUTTOOLONG
 *	version			400	ERR_UNKNOWNERROR
 *	not_registered		451	ERR_NOTREGISTERED
 *	already_registered	462	ERR_ALREADYREGISTERED
 *	nick_invalid		432	ERR_ERRONEUSNICKNAME
 *	nick_reserved		432	ERR_ERRONEUSNICKNAME
 *	nick_taken		433	ERR_NICKNAMEINUSE
 *	bad_token		904	ERR_SASLFAIL
 *	no_such_nick		401	ERR_NOSUCHNICK
 *	no_such_room		403	ERR_NOSUCHCHANNEL
 *	room_invalid		476	ERR_BADCHANMASK
 *	room_exists		400	ERR_UNKNOWNERROR (no CREATE)
 *	not_in_room		442	ERR_NOTONCHANNEL
 *	already_in_room		443	ERR_USERONCHANNEL
 *	too_many_rooms		405	ERR_TOOMANYCHANNELS
 *	room_full		471	ERR_CHANNELISFULL
 *	text_invalid		412	ERR_NOTEXTTOSEND
 *	text_too_long		417	ERR_INPUTTOOLONG
 *	not_oper		481	ERR_NOPRIVILEGES
 *	oper_disabled		491	ERR_NOOPERHOST
 *	bad_password		464	ERR_PASSWDMISMATCH
 *	flood			263	RPL_TRYAGAIN
 *	sendq			ERROR, closes
 *	shutting_down		ERROR, closes
 *	hub_full		ERROR, closes
 *	internal		400	ERR_UNKNOWNERROR
 *	nick_claimed		433	ERR_NICKNAMEINUSE
 *	banned			465	ERR_YOUREBANNEDCREEP, closes
 *	muted			404	ERR_CANNOTSENDTOCHAN
 *	password		464	ERR_PASSWDMISMATCH, closes
 *	bad_proof		904	ERR_SASLFAIL, closes
 *	dm_full			437	ERR_UNAVAILRESOURCE
 *	too_many_logins		ERROR, closes
 *	too_many_new_rooms	263	RPL_TRYAGAIN
 *	storage			404	ERR_CANNOTSENDTOCHAN
 *	unreachable		401	ERR_NOSUCHNICK, and a NOTICE: why
 */
#define IRC_SUBJ_NONE		0	/* <client> :text */
#define IRC_SUBJ_CMD		1	/* <client> <command> :text */
#define IRC_SUBJ_NICK		2	/* <client> <nick> :text */
#define IRC_SUBJ_CHAN		3	/* <client> <channel> :text */
#define IRC_SUBJ_NICK_CHAN	4	/* <client> <nick> <channel> :text */
struct irc_numeric {
	int		 numeric;
	int		 subject;
	int		 closes;
	const char	*text;
	int		 told;		/* the detail in a NOTICE too */
	int		 plain;		/* the text, never the detail */
};
static const struct irc_numeric irc_numerics[PERR_NCODES] = {
	[PERR_NONE] = { 0, IRC_SUBJ_NONE, 0, NULL, 0, 0 },
	[PERR_BAD_JSON] = { 421, IRC_SUBJ_CMD, 0, "Unknown command", 0, 0 },
	[PERR_BAD_UTF8] = { 400, IRC_SUBJ_CMD, 0, "Not valid UTF-8", 0, 0 },
	[PERR_BAD_TYPE] = { 421, IRC_SUBJ_CMD, 0, "Unknown command", 0, 0 },
	[PERR_BAD_FIELD] = { 461, IRC_SUBJ_CMD, 0,
	    "Not enough parameters", 0, 0 },
	[PERR_LINE_TOO_LONG] = { 417, IRC_SUBJ_NONE, 0,
	    "Input line was too long", 0, 0 },
	[PERR_VERSION] = { 400, IRC_SUBJ_CMD, 0, "Unsupported version", 0, 0 },
	[PERR_NOT_REGISTERED] = { 451, IRC_SUBJ_NONE, 0,
	    "You have not registered", 0, 0 },
	[PERR_ALREADY_REGISTERED] = { 462, IRC_SUBJ_NONE, 0,
	    "You may not reregister", 0, 0 },
	[PERR_NICK_INVALID] = { 432, IRC_SUBJ_NICK, 0,
	    "Erroneous nickname", 0, 0 },
	[PERR_NICK_RESERVED] = { 432, IRC_SUBJ_NICK, 0,
	    "Erroneous nickname", 0, 0 },
	[PERR_NICK_TAKEN] = { 433, IRC_SUBJ_NICK, 0,
	    "Nickname is already in use", 0, 0 },
	[PERR_BAD_TOKEN] = { 904, IRC_SUBJ_NONE, 0,
	    "SASL authentication failed", 0, 0 },
	[PERR_NO_SUCH_NICK] = { 401, IRC_SUBJ_NICK, 0,
	    "No such nick/channel", 0, 1 },
	[PERR_NO_SUCH_ROOM] = { 403, IRC_SUBJ_CHAN, 0, "No such channel", 0,
	    1 },
	[PERR_ROOM_INVALID] = { 476, IRC_SUBJ_CHAN, 0,
	    "Bad channel mask", 0, 0 },
	[PERR_ROOM_EXISTS] = { 400, IRC_SUBJ_CMD, 0,
	    "Channel already exists", 0, 0 },
	[PERR_NOT_IN_ROOM] = { 442, IRC_SUBJ_CHAN, 0,
	    "You're not on that channel", 0, 1 },
	[PERR_ALREADY_IN_ROOM] = { 443, IRC_SUBJ_NICK_CHAN, 0,
	    "is already on channel", 0, 0 },
	[PERR_TOO_MANY_ROOMS] = { 405, IRC_SUBJ_CHAN, 0,
	    "You have joined too many channels", 0, 0 },
	[PERR_ROOM_FULL] = { 471, IRC_SUBJ_CHAN, 0,
	    "Cannot join channel (+l)", 0, 0 },
	[PERR_TEXT_INVALID] = { 412, IRC_SUBJ_NONE, 0,
	    "No text to send", 0, 0 },
	[PERR_TEXT_TOO_LONG] = { 417, IRC_SUBJ_NONE, 0,
	    "Input line was too long", 0, 0 },
	[PERR_NOT_OPER] = { 481, IRC_SUBJ_NONE, 0,
	    "Permission Denied- You're not an IRC operator", 0, 0 },
	[PERR_OPER_DISABLED] = { 491, IRC_SUBJ_NONE, 0,
	    "No O-lines for your host", 0, 0 },
	[PERR_BAD_PASSWORD] = { 464, IRC_SUBJ_NONE, 0,
	    "Password incorrect", 0, 0 },
	[PERR_FLOOD] = { 263, IRC_SUBJ_CMD, 0,
	    "Please wait a while and try again", 0, 0 },
	[PERR_SENDQ] = { 0, IRC_SUBJ_NONE, 1, "Max SendQ exceeded", 0, 0 },
	[PERR_SHUTTING_DOWN] = { 0, IRC_SUBJ_NONE, 1,
	    "The hub is shutting down", 0, 0 },
	[PERR_HUB_FULL] = { 0, IRC_SUBJ_NONE, 1, "The hub is full", 0, 0 },
	[PERR_INTERNAL] = { 400, IRC_SUBJ_CMD, 0, "Internal error", 0, 0 },
	[PERR_NICK_CLAIMED] = { 433, IRC_SUBJ_NICK, 0,
	    "Nickname is claimed by another user", 0, 0 },
	[PERR_BANNED] = { 465, IRC_SUBJ_NONE, 1,
	    "You are banned from this server", 0, 0 },
	[PERR_MUTED] = { 404, IRC_SUBJ_CHAN, 0,
	    "Cannot send to channel", 0, 0 },
	[PERR_PASSWORD] = { 464, IRC_SUBJ_NONE, 1, "Password incorrect", 0, 0 },
	[PERR_BAD_PROOF] = { 904, IRC_SUBJ_NONE, 1,
	    "SASL authentication failed", 0, 0 },
	[PERR_DM_FULL] = { 437, IRC_SUBJ_NICK, 0,
	    "Nick is temporarily unavailable", 0, 0 },
	[PERR_LOGIN_RATE] = { 0, IRC_SUBJ_NONE, 1,
	    "Too many connections from your address, try again later", 0, 0 },
	[PERR_ROOM_RATE] = { 263, IRC_SUBJ_CMD, 0,
	    "Please wait a while and try again", 0, 0 },
	[PERR_STORAGE] = { 404, IRC_SUBJ_CHAN, 0,
	    "Cannot send to channel (the server cannot store messages now)",
	    0, 0 },
	[PERR_UNREACHABLE] = { 401, IRC_SUBJ_NICK, 0,
	    "No such nick/channel (on another hub, which cannot be reached "
	    "now)", 1, 0 },
	[PERR_EXCESS_FLOOD] = { 0, IRC_SUBJ_NONE, 1, "Excess Flood", 0, 0 },
};

/*
 * Parse one line, with or without its "\r\n" or "\n", into msg (freed
 * with irc_msg_free() on success).  Limits are those of a client's line.
 */
int
irc_parse(const char *line, size_t len, struct irc_msg *msg,
    enum irc_perr *err, char **cause)
{
	char	*p, *end, *tags = NULL, *s;
	size_t	 n;

	memset(msg, 0, sizeof *msg);
	*err = IRC_PERR_NONE;
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	for (n = 0; n < len; n++) {
		if (line[n] == '\0' || line[n] == '\r' || line[n] == '\n') {
			*err = IRC_PERR_BAD_CHAR;
			*cause = xstrdup("line holds a NUL, CR or LF");
			return (-1);
		}
	}

	msg->buf = xmalloc(len + 1);
	memcpy(msg->buf, line, len);
	msg->buf[len] = '\0';
	p = msg->buf;
	end = p + len;

	if (*p == '@') {
		tags = p + 1;
		while (p < end && *p != ' ')
			p++;
		/* The tag section with its '@' and the space after it. */
		if ((size_t)(p - msg->buf) + 1 > IRC_CLIENT_TAGS_MAX) {
			*err = IRC_PERR_TAGS_TOO_LONG;
			*cause = xstrdup("message tags too long");
			goto fail;
		}
		if (p < end)
			*p++ = '\0';
	}
	while (p < end && *p == ' ')
		p++;
	if ((size_t)(end - p) + 2 > IRC_LINE_MAX) {
		*err = IRC_PERR_TOO_LONG;
		*cause = xstrdup("line too long");
		goto fail;
	}
	if (tags != NULL)
		irc_parse_tags(msg, tags);

	if (p < end && *p == ':') {
		s = ++p;
		while (p < end && *p != ' ')
			p++;
		if (p < end)
			*p++ = '\0';
		if (*s != '\0')
			msg->source = s;
		while (p < end && *p == ' ')
			p++;
	}
	/* A command that would read as a source or tags is none. */
	if (p == end || *p == ':' || *p == '@') {
		if (p == end && tags == NULL && msg->source == NULL) {
			*err = IRC_PERR_EMPTY;
			*cause = xstrdup("empty line");
		} else {
			*err = IRC_PERR_NO_COMMAND;
			*cause = xstrdup("no command");
		}
		goto fail;
	}

	msg->command = p;
	for (; p < end && *p != ' '; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p -= 'a' - 'A';
	}
	if (p < end)
		*p++ = '\0';

	while (msg->nparams < IRC_PARAMS_MAX) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (*p == ':') {
			msg->params[msg->nparams++] = p + 1;
			msg->trailing = 1;
			break;
		}
		/* The fifteenth parameter is the rest of the line. */
		msg->params[msg->nparams++] = p;
		if (msg->nparams == IRC_PARAMS_MAX)
			break;
		while (p < end && *p != ' ')
			p++;
		if (p < end)
			*p++ = '\0';
	}
	return (0);

fail:
	irc_msg_free(msg);
	return (-1);
}

/*
 * Split a tag section into its tags, unescaping the values in place.
 * Empty tags and tags with a key IRCv3 would not allow are dropped.
 */
static void
irc_parse_tags(struct irc_msg *msg, char *s)
{
	char	*tag, *value;
	size_t	 n = 1;

	for (tag = s; *tag != '\0'; tag++) {
		if (*tag == ';')
			n++;
	}
	msg->tags = xcalloc(n, sizeof *msg->tags);
	while ((tag = strsep(&s, ";")) != NULL) {
		if ((value = strchr(tag, '=')) != NULL) {
			*value++ = '\0';
			value[irc_tag_unescape(value, value,
			    strlen(value))] = '\0';
		} else
			value = tag + strlen(tag);
		if (!irc_tag_key_valid(tag))
			continue;
		msg->tags[msg->ntags].key = tag;
		msg->tags[msg->ntags].value = value;
		msg->ntags++;
	}
}

/* Free a parsed line. */
void
irc_msg_free(struct irc_msg *msg)
{
	u_int	i;

	for (i = 0; i < IRC_PARAMS_MAX; i++)
		free(msg->nfc[i]);
	free(msg->tags);
	free(msg->buf);
	memset(msg, 0, sizeof *msg);
}

/*
 * Put the first n params of a line in NFC (see utf8-nfc.c): the nicks and
 * channels it names are compared and kept in that form.  A param that is
 * not UTF-8 is left for the caller to refuse.
 */
void
irc_msg_nfc(struct irc_msg *msg, u_int n)
{
	u_int	 i;
	char	*nfc;

	for (i = 0; i < n && i < msg->nparams; i++) {
		if ((nfc = utf8_nfc(msg->params[i])) == NULL)
			continue;
		if (strcmp(nfc, msg->params[i]) == 0) {
			free(nfc);
			continue;
		}
		free(msg->nfc[i]);
		msg->nfc[i] = nfc;
		msg->params[i] = nfc;
	}
}

/* A tag's value (the last one given wins), or NULL if it is absent. */
const char *
irc_msg_tag(const struct irc_msg *msg, const char *key)
{
	u_int	i;

	for (i = msg->ntags; i > 0; i--) {
		if (strcmp(msg->tags[i - 1].key, key) == 0)
			return (msg->tags[i - 1].value);
	}
	return (NULL);
}

/* The numeric that answers a line that could not be parsed; 0: none. */
int
irc_perr_numeric(enum irc_perr err)
{
	switch (err) {
	case IRC_PERR_TOO_LONG:
	case IRC_PERR_TAGS_TOO_LONG:
		return (417);
	default:
		return (0);
	}
}

/*
 * Is this a tag key: an optional client-only '+', an optional vendor
 * (a host name) and '/', then letters, digits and hyphens.
 */
static int
irc_tag_key_valid(const char *key)
{
	const char	*p = key;

	if (*p == '+')
		p++;
	if (*p == '\0')
		return (0);
	for (; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '/'))
			return (0);
	}
	return (1);
}

/* Is this a source or command: not empty, no space, CR or LF. */
static int
irc_word_valid(const char *s)
{
	return (*s != '\0' && strpbrk(s, " \r\n") == NULL);
}

/* Can this be a parameter before the last: a word not read as trailing. */
static int
irc_middle_valid(const char *s)
{
	return (irc_word_valid(s) && *s != ':');
}

/* Append a tag value, escaped. */
void
irc_tag_escape(struct jbuf *jb, const char *s)
{
	const char	*run;

	while (*s != '\0') {
		run = s;
		while (*s != '\0' && strchr(";\\ \r\n", *s) == NULL)
			s++;
		if (s != run)
			jbuf_add(jb, run, s - run);
		switch (*s) {
		case '\0':
			return;
		case ';':
			jbuf_add(jb, "\\:", 2);
			break;
		case ' ':
			jbuf_add(jb, "\\s", 2);
			break;
		case '\\':
			jbuf_add(jb, "\\\\", 2);
			break;
		case '\r':
			jbuf_add(jb, "\\r", 2);
			break;
		case '\n':
			jbuf_add(jb, "\\n", 2);
			break;
		}
		s++;
	}
}

/*
 * Unescape len bytes of a tag value into dst (which may be src); return
 * the new length.  An unknown escape stands for its character; a lone
 * '\' at the end is dropped.
 */
size_t
irc_tag_unescape(char *dst, const char *src, size_t len)
{
	size_t	i, o = 0;

	for (i = 0; i < len; i++) {
		if (src[i] != '\\') {
			dst[o++] = src[i];
			continue;
		}
		if (++i == len)
			break;
		switch (src[i]) {
		case ':':
			dst[o++] = ';';
			break;
		case 's':
			dst[o++] = ' ';
			break;
		case 'r':
			dst[o++] = '\r';
			break;
		case 'n':
			dst[o++] = '\n';
			break;
		default:
			dst[o++] = src[i];
			break;
		}
	}
	return (o);
}

/* Undo a build: drop what it appended, and say why. */
static void
irc_fail(struct jbuf *jb, size_t start, char **cause, const char *why)
{
	jb->len = start;
	jb->buf[start] = '\0';
	if (cause != NULL)
		*cause = xstrdup(why);
}

/*
 * The length of the longest start of s, at most max bytes, that does not
 * cut a UTF-8 sequence in two (bytes that are not UTF-8 are cut anywhere).
 */
static size_t
irc_cut(const char *s, size_t len, size_t max)
{
	size_t	n;

	if (len <= max)
		return (len);
	for (n = max; n > 0 && max - n < 3; n--) {
		if (((u_char)s[n] & 0xc0) != 0x80)
			return (n);
	}
	if (((u_char)s[n] & 0xc0) != 0x80)
		return (n);
	return (max);
}

/*
 * Text a user wrote made safe for an IRC user's terminal: IRC's own
 * formatting codes (bold, colours, italics, reset...) and line breaks
 * pass, a tab becomes a space and other control characters take the
 * caret form, as the terminal client shows them (ESC is "^["), C1
 * controls become U+FFFD.  So \001 is "^A", as native users see it, and
 * no text opens a CTCP request of its own (but with ctcp, a \001 first
 * and last stays: the text is a CTCP the hub built).  IRC servers pass
 * such bytes on; bots and bare clients that print lines to a terminal
 * would obey them.  Every line the hub sends an IRC client has its
 * trailing parameter through here (irc_build with IRC_BUILD_CLEAN).
 */
char *
irc_clean(const char *s, int ctcp)
{
	const u_char	*p = (const u_char *)s, *end;
	char		*out, *o;

	end = p + strlen(s);
	o = out = xmalloc(strlen(s) * 3 + 1);
	if (ctcp && *p == '\001') {
		*o++ = *p++;
		if (p < end && end[-1] == '\001')
			end--;
		else
			ctcp = 0;
	} else
		ctcp = 0;
	for (; p < end; p++) {
		if (*p == '\t')
			*o++ = ' ';
		else if (*p == 0x7f || (*p < 0x20 && strchr("\n\r\002\003"
		    "\004\017\021\026\035\036\037", *p) == NULL)) {
			*o++ = '^';
			*o++ = *p == 0x7f ? '?' : *p + '@';
		} else if (*p == 0xc2 && p + 1 < end && p[1] >= 0x80 &&
		    p[1] <= 0x9f) {
			memcpy(o, "\357\277\275", 3);	/* U+FFFD */
			o += 3;
			p++;
		} else
			*o++ = *p;
	}
	if (ctcp)
		*o++ = '\001';
	*o = '\0';
	return (out);
}

/*
 * Append one line, ending in "\r\n", to jb (initialised): tags, source
 * (or NULL), command and params.  The last param goes after ':' when it
 * must (or always with IRC_BUILD_TRAILING).  A line that would break the
 * grammar or the limits is not appended: -1 and a cause.
 */
int
irc_build(struct jbuf *jb, const struct irc_tag *tags, u_int ntags,
    const char *source, const char *command, const char *const *params,
    u_int nparams, int flags, char **cause)
{
	size_t		 start = jb->len, body, room, n, i;
	const char	*last;
	char		*safe = NULL;
	u_int		 t;

	if (ntags > 0) {
		jbuf_add(jb, "@", 1);
		for (t = 0; t < ntags; t++) {
			if (!irc_tag_key_valid(tags[t].key)) {
				irc_fail(jb, start, cause, "bad tag key");
				return (-1);
			}
			if (t > 0)
				jbuf_add(jb, ";", 1);
			jbuf_add(jb, tags[t].key, strlen(tags[t].key));
			if (tags[t].value != NULL && *tags[t].value != '\0') {
				jbuf_add(jb, "=", 1);
				irc_tag_escape(jb, tags[t].value);
			}
		}
		jbuf_add(jb, " ", 1);
		if (jb->len - start > IRC_SERVER_TAGS_MAX) {
			irc_fail(jb, start, cause, "tags too long");
			return (-1);
		}
	}
	body = jb->len;

	if (source != NULL) {
		if (!irc_word_valid(source)) {
			irc_fail(jb, start, cause, "bad source");
			return (-1);
		}
		jbuf_add(jb, ":", 1);
		jbuf_add(jb, source, strlen(source));
		jbuf_add(jb, " ", 1);
	}
	/* A command must not read as a source or as tags. */
	if (!irc_word_valid(command) || (source == NULL && (*command == ':' ||
	    (ntags == 0 && *command == '@')))) {
		irc_fail(jb, start, cause, "bad command");
		return (-1);
	}
	jbuf_add(jb, command, strlen(command));

	if (nparams > IRC_PARAMS_MAX) {
		irc_fail(jb, start, cause, "too many parameters");
		return (-1);
	}
	for (t = 0; t + 1 < nparams; t++) {
		if (!irc_middle_valid(params[t])) {
			irc_fail(jb, start, cause, "bad middle parameter");
			return (-1);
		}
		jbuf_add(jb, " ", 1);
		jbuf_add(jb, params[t], strlen(params[t]));
	}
	if (jb->len - body + 2 > IRC_LINE_MAX) {
		irc_fail(jb, start, cause, "line too long");
		return (-1);
	}
	if (nparams > 0) {
		last = params[nparams - 1];
		if (!(flags & IRC_BUILD_FIT) && strpbrk(last, "\r\n") != NULL) {
			irc_fail(jb, start, cause, "CR or LF in a parameter");
			return (-1);
		}
		if (flags & IRC_BUILD_CLEAN) {
			safe = irc_clean(last, flags & IRC_BUILD_CTCP);
			last = safe;
		}
		if ((flags & IRC_BUILD_TRAILING) || *last == '\0' ||
		    *last == ':' || strpbrk(last, " \r\n") != NULL)
			jbuf_add(jb, " :", 2);
		else
			jbuf_add(jb, " ", 1);
		n = strlen(last);
		room = jb->len - body + 2 > IRC_LINE_MAX ? 0 :
		    IRC_LINE_MAX - 2 - (jb->len - body);
		if (n > room) {
			if (!(flags & IRC_BUILD_FIT)) {
				free(safe);
				irc_fail(jb, start, cause, "line too long");
				return (-1);
			}
			n = irc_cut(last, n, room);
		}
		i = jb->len;
		jbuf_add(jb, last, n);
		for (; i < jb->len; i++) {
			if (jb->buf[i] == '\r' || jb->buf[i] == '\n')
				jb->buf[i] = ' ';
		}
		free(safe);
		if (jb->len - body + 2 > IRC_LINE_MAX) {
			irc_fail(jb, start, cause, "line too long");
			return (-1);
		}
	}
	jbuf_add(jb, "\r\n", 2);
	return (0);
}

/*
 * The bytes of text a line "[:source ]command target :text\r\n" has
 * room for (wrapped in a CTCP ACTION if action); 0 if none.
 */
size_t
irc_text_room(const char *source, const char *command, const char *target,
    int action)
{
	size_t	used;

	used = strlen(command) + 1 + strlen(target) + 2 + 2;
	if (source != NULL)
		used += 1 + strlen(source) + 1;
	if (action)
		used += strlen("\001ACTION \001");
	return (used >= IRC_LINE_MAX ? 0 : IRC_LINE_MAX - used);
}

/*
 * The next piece of a text to send as one PRIVMSG: its length (maybe 0,
 * for an empty line) and in *next how far to move on.  A piece ends at a
 * line break ("\n", "\r\n" or "\r", not included) or before room bytes:
 * at a space if there is one in the second half of the room (the space is
 * left out, as IRC clients split long lines), else anywhere but inside a
 * UTF-8 sequence.  The pieces joined again, with the line breaks and
 * those spaces, are the text.  Room below 4 bytes counts as 4.
 */
size_t
irc_split(const char *s, size_t len, size_t room, size_t *next)
{
	size_t	eol, cut, sp;

	if (room < 4)
		room = 4;
	for (eol = 0; eol < len && s[eol] != '\n' && s[eol] != '\r'; eol++)
		/* nothing */;
	if (eol > room) {
		cut = irc_cut(s, eol, room);
		for (sp = cut; sp > cut / 2; sp--) {
			if (s[sp] == ' ') {
				*next = sp + 1;
				return (sp);
			}
		}
		*next = cut;
		return (cut);
	}
	*next = eol;
	if (eol < len) {
		(*next)++;
		if (s[eol] == '\r' && eol + 1 < len && s[eol + 1] == '\n')
			(*next)++;
	}
	return (eol);
}

/* Wrap len bytes of text in a CTCP ACTION (what /me sends). */
char *
irc_ctcp_action(const char *text, size_t len)
{
	char	*out;

	xasprintf(&out, "\001ACTION %.*s\001", (int)len, text);
	return (out);
}

/*
 * What a PRIVMSG or NOTICE text is: plain (IRC_CTCP_NONE, the body is the
 * text), an ACTION (the body is what the user did) or another CTCP
 * request (the body is the request, its closing \001 not included).
 */
int
irc_ctcp_unwrap(const char *text, const char **body, size_t *len)
{
	const char	*end;

	if (text[0] != '\001') {
		*body = text;
		*len = strlen(text);
		return (IRC_CTCP_NONE);
	}
	text++;
	if ((end = strchr(text, '\001')) == NULL)
		end = text + strlen(text);
	if (strncmp(text, "ACTION", 6) == 0 &&
	    (text + 6 == end || text[6] == ' ')) {
		*body = text + 6 + (text + 6 < end);
		*len = end - *body;
		return (IRC_CTCP_ACTION);
	}
	*body = text;
	*len = end - text;
	return (IRC_CTCP_OTHER);
}

/* The numeric that stands for a native error code; 0: an ERROR line. */
int
irc_err_numeric(enum proto_err err)
{
	if (err < 0 || err >= PERR_NCODES)
		err = PERR_INTERNAL;
	return (irc_numerics[err].numeric);
}

/* Does the connection end after this error? */
int
irc_err_closes(enum proto_err err)
{
	if (err < 0 || err >= PERR_NCODES)
		return (0);
	return (irc_numerics[err].closes);
}

/*
 * A numeric's parameter: s after a prefix, cut to IRC_SUBJECT_MAX bytes
 * (a client's command may be long), or the fallback if s cannot be one.
 */
static char *
irc_err_subject(const char *prefix, const char *s, const char *fallback)
{
	char	*out;
	size_t	 n;

	if (s == NULL || !irc_middle_valid(s))
		return (xstrdup(fallback));
	n = irc_cut(s, strlen(s), IRC_SUBJECT_MAX);
	xasprintf(&out, "%s%.*s", prefix, (int)n, s);
	return (out);
}

/*
 * Append the reply to a failed request: the numeric standing for a
 * native error code, from server to client (the recipient's nick or
 * NULL), about a command, nick and room as the numeric takes them (NULL:
 * "*").  The detail (NULL: the numeric's usual text) is the last
 * parameter.  Codes that end the connection add an ERROR line.
 */
void
irc_err_encode(struct jbuf *jb, const char *server, const char *client,
    enum proto_err err, const char *command, const char *nick,
    const char *room, const char *detail)
{
	const struct irc_numeric	*num;
	const char			*params[5];
	char				 code[8], *who, *cmd, *subj, *chan;
	u_int				 n = 0;

	if (err <= PERR_NONE || err >= PERR_NCODES)
		err = PERR_INTERNAL;
	num = &irc_numerics[err];
	/*
	 * The native detail of some codes names the room in the native way
	 * (without its '#'), beside the channel parameter: IRC's own words.
	 */
	if (detail == NULL || *detail == '\0' || num->plain)
		detail = num->text;
	who = irc_err_subject("", client, "*");
	cmd = irc_err_subject("", command, "*");
	subj = irc_err_subject("", nick, who);
	chan = irc_err_subject("#", room, "*");

	if (num->numeric != 0) {
		snprintf(code, sizeof code, "%03d", num->numeric);
		params[n++] = who;
		switch (num->subject) {
		case IRC_SUBJ_CMD:
			params[n++] = cmd;
			break;
		case IRC_SUBJ_NICK:
			params[n++] = subj;
			break;
		case IRC_SUBJ_NICK_CHAN:
			params[n++] = subj;
			/* FALLTHROUGH */
		case IRC_SUBJ_CHAN:
			params[n++] = chan;
			break;
		}
		params[n++] = detail;
		/* Without the source if a long server name leaves no room. */
		if (irc_build(jb, NULL, 0, server, code, params, n,
		    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN,
		    NULL) != 0 &&
		    irc_build(jb, NULL, 0, NULL, code, params, n,
		    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN,
		    NULL) != 0)
			fatalx("cannot build numeric %s", code);
	}
	/*
	 * Clients print their own words for some numerics (irssi's "No
	 * such nick/channel" for any 401): why is told in a NOTICE from
	 * the server as well, which they show as sent.
	 */
	if (num->numeric != 0 && num->told) {
		params[0] = who;
		params[1] = detail;
		if (irc_build(jb, NULL, 0, server, "NOTICE", params, 2,
		    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN,
		    NULL) != 0 &&
		    irc_build(jb, NULL, 0, NULL, "NOTICE", params, 2,
		    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN,
		    NULL) != 0)
			fatalx("cannot build NOTICE");
	}
	if (num->numeric == 0 || num->closes) {
		params[0] = detail;
		if (irc_build(jb, NULL, 0, NULL, "ERROR", params, 1,
		    IRC_BUILD_TRAILING|IRC_BUILD_FIT|IRC_BUILD_CLEAN,
		    NULL) != 0)
			fatalx("cannot build ERROR");
	}
	free(chan);
	free(subj);
	free(cmd);
	free(who);
}

/*
 * Is this an IRC server name, fit for a prefix's host (another hub's
 * name, from Redis or kept in the history file)?  Nothing with a space,
 * a colon, '!', '@', ',', '*', '?' or a control character, nor too long.
 */
int
irc_server_name_ok(const char *name, size_t len)
{
	size_t	i;

	if (len == 0 || len > IRC_SERVER_NAME_MAX || strlen(name) != len ||
	    !utf8_valid(name, len))
		return (0);
	for (i = 0; i < len; i++) {
		if ((u_char)name[i] < 0x20 || name[i] == 0x7f ||
		    strchr(" :!@,*?", name[i]) != NULL)
			return (0);
	}
	return (1);
}
