/* SPDX-License-Identifier: ISC */
/* irc.h: the IRC codec: lines, numerics, hub events as IRC; no I/O. */

#ifndef IRC_H
#define IRC_H

#include <sys/types.h>

#include <stddef.h>

#include "proto.h"

/*
 * Limits of RFC 1459 and IRCv3 message-tags.  The part of a line after
 * its tags is at most IRC_LINE_MAX bytes with its "\r\n"; the tags a
 * client sends at most IRC_CLIENT_TAGS_MAX bytes with their '@' and the
 * space after them (4,094 of tag data); a server's tags at most
 * IRC_SERVER_TAGS_MAX.  A reader takes lines up to IRC_INPUT_MAX bytes
 * and answers longer ones with 417.
 */
#define IRC_LINE_MAX		512
#define IRC_CLIENT_TAGS_MAX	4096
#define IRC_SERVER_TAGS_MAX	8191
#define IRC_INPUT_MAX		(IRC_CLIENT_TAGS_MAX + IRC_LINE_MAX)
#define IRC_PARAMS_MAX		15
#define IRC_TEXT_MIN		64	/* text room a PRIVMSG keeps */
#define IRC_SUBJECT_MAX		128	/* bytes of a name in a numeric */
#define IRC_SERVER_NAME_MAX	255	/* bytes of another hub's name */

/* Why a line was not parsed; irc_perr_numeric() gives the reply. */
enum irc_perr {
	IRC_PERR_NONE = 0,
	IRC_PERR_EMPTY,		/* nothing but spaces: ignore it */
	IRC_PERR_TOO_LONG,	/* past IRC_LINE_MAX: 417 */
	IRC_PERR_TAGS_TOO_LONG,	/* past IRC_CLIENT_TAGS_MAX: 417 */
	IRC_PERR_BAD_CHAR,	/* a NUL, CR or LF inside the line */
	IRC_PERR_NO_COMMAND,	/* tags or a source but no command */
};

/* One message tag; the value is unescaped, "" when the tag has none. */
struct irc_tag {
	const char	*key;
	const char	*value;
};

/* A parsed line.  Every pointer points into buf. */
struct irc_msg {
	char		*buf;
	struct irc_tag	*tags;
	u_int		 ntags;
	const char	*source;	/* without its ':', NULL if none */
	const char	*command;	/* in upper case */
	const char	*params[IRC_PARAMS_MAX];
	u_int		 nparams;
	int		 trailing;	/* the last param came after ':' */
	char		*nfc[IRC_PARAMS_MAX]; /* params irc_msg_nfc changed */
};

/* irc_build() flags. */
#define IRC_BUILD_TRAILING	0x1	/* the last param after ':' */
#define IRC_BUILD_FIT		0x2	/* cut the last param to fit;
					   CR, LF in it become spaces */
#define IRC_BUILD_CLEAN		0x4	/* make the last param safe
					   (irc_clean) */
#define IRC_BUILD_CTCP		0x8	/* it is a CTCP: keep the \001
					   at its ends */

/* irc_ctcp_unwrap() results. */
#define IRC_CTCP_NONE		0
#define IRC_CTCP_ACTION		1
#define IRC_CTCP_OTHER		2

/*
 * How to spell hub events for one kind of IRC connection (a codec
 * variant).  The bytes depend on the server name and on IRC_TAGS,
 * IRC_SERVER_TIME and IRC_AWAY_NOTIFY; IRC_ECHO changes who gets an
 * event, not its bytes (irc_event_wanted()).  nick is the recipient, for
 * the numerics of error events, which go to one connection only.  No tag
 * goes to a client that did not ask for it: server-time alone gets time
 * and no msgid.
 */
struct irc_ctx {
	const char	*server;	/* in prefixes and users' hosts */
	const char	*nick;		/* NULL: "*" */
	int		 flags;
#define IRC_TAGS	0x1	/* message-tags: msgid and time */
#define IRC_AWAY_NOTIFY	0x2	/* lost and back as AWAY */
#define IRC_ECHO	0x4	/* echo-message */
#define IRC_SERVER_TIME	0x8	/* server-time alone: time */
	const char	*stamp;		/* before each line of a message */
};

/* irc.c: lines, tags, text pieces, CTCP, numerics */
int		 irc_parse(const char *, size_t, struct irc_msg *,
		     enum irc_perr *, char **);
void		 irc_msg_free(struct irc_msg *);
void		 irc_msg_nfc(struct irc_msg *, u_int);
const char	*irc_msg_tag(const struct irc_msg *, const char *);
int		 irc_perr_numeric(enum irc_perr);
int		 irc_build(struct jbuf *, const struct irc_tag *, u_int,
		     const char *, const char *, const char *const *, u_int,
		     int, char **);
void		 irc_tag_escape(struct jbuf *, const char *);
size_t		 irc_tag_unescape(char *, const char *, size_t);
char		*irc_clean(const char *, int);
size_t		 irc_text_room(const char *, const char *, const char *,
		     int);
size_t		 irc_split(const char *, size_t, size_t, size_t *);
char		*irc_ctcp_action(const char *, size_t);
int		 irc_ctcp_unwrap(const char *, const char **, size_t *);
int		 irc_err_numeric(enum proto_err);
int		 irc_err_closes(enum proto_err);
void		 irc_err_encode(struct jbuf *, const char *, const char *,
		     enum proto_err, const char *, const char *, const char *,
		     const char *);
int		 irc_server_name_ok(const char *, size_t);

/* irc-event.c: hub events as IRC lines */
void		 irc_event_encode(struct jbuf *, const struct hub_event *,
		     const struct irc_ctx *);
int		 irc_event_wanted(const struct hub_event *, const char *,
		     const struct irc_ctx *);
char		*irc_event_ban_reason(const struct hub_event *);
void		 irc_event_kill(struct jbuf *, const struct hub_event *,
		     const struct irc_ctx *);
void		 irc_event_invite(struct jbuf *, const struct hub_event *,
		     const struct irc_ctx *);

#endif
