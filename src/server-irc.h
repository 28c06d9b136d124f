/* SPDX-License-Identifier: ISC */
/* server-irc.h: the hub's IRC listener, shared by its server-irc*.c files. */

#ifndef SERVER_IRC_H
#define SERVER_IRC_H

#include <sys/types.h>

#include "irc.h"

struct cJSON;
struct event;
struct irc_msg;
struct message;

/* Capabilities, as CAP names them (server-irc-reg.c has the table). */
#define SIRC_CAP_SERVER_TIME	0x1
#define SIRC_CAP_MESSAGE_TAGS	0x2
#define SIRC_CAP_ECHO		0x4
#define SIRC_CAP_BATCH		0x8
#define SIRC_CAP_AWAY_NOTIFY	0x10
#define SIRC_CAP_CAP_NOTIFY	0x20
#define SIRC_CAP_USERHOST	0x40	/* userhost-in-names */
#define SIRC_CAP_SASL		0x80
#define SIRC_CAP_CHATHISTORY	0x100	/* draft/chathistory */
#define SIRC_CAP_MULTI_PREFIX	0x200	/* no prefixes: nothing to do */
#define SIRC_CAP_INVITE_NOTIFY	0x400	/* INVITE of others to its channels */
#define SIRC_CAP_STD_REPLIES	0x800	/* standard-replies: FAIL, not NOTICE */

#define SIRC_TARGETS_MAX	4	/* PRIVMSG a,b,c,d */
#define SIRC_REALNAME_MAX	64	/* characters USER's real name keeps */
#define SIRC_ISON_MAX		64	/* nicks an ISON looks for */
#define SIRC_LOOKUP_MAX		16	/* of those, looked up in the cluster */
#define SIRC_WHO_MAX		200	/* users WHO with a mask shows */
#define SIRC_SEEN_OLD		4	/* former nicks whose replays follow */

/* One IRC connection's state; the session (once registered) is c's. */
struct server_irc {
	char		*nick;		/* asked for, unregistered */
	char		*user;
	char		*realname;	/* cleaned, or NULL: the nick */
	char		*pass;		/* PASS, the hub password */
	char		*account;	/* proved by SASL, or NULL */
	struct jbuf	 sasl;		/* AUTHENTICATE pieces */
	int		 caps;		/* SIRC_CAP_* */
	int		 flags;
#define SIRC_CAPPING	0x1	/* CAP LS or REQ: registration waits */
#define SIRC_QUIET	0x2	/* NOTICE: no error replies */
#define SIRC_HELLO	0x4	/* the hello went to the hub */
#define SIRC_SASL_MECH	0x8	/* AUTHENTICATE PLAIN: data next */
#define SIRC_INVISIBLE	0x10	/* user mode +i */
#define SIRC_SASL_WAIT	0x20	/* a SASL check is under way */
#define SIRC_FAILED	0x40	/* the command got an error */
#define SIRC_QUITTED	0x80	/* it sent QUIT: a clean end */
	u_int		 cap_version;
	u_int		 batches;	/* batch references given */
	const char	*cmd;		/* the command carried out now */
	const char	*arg;		/* its nick or channel */
	char		*ctags;		/* its client-only tags, or NULL */
	struct jbuf	*page;		/* a source's lines go there */
	struct event	*quit;		/* a QUIT waiting for answers */
	char		*quit_reason;
	char		*seen_nick;	/* the nick server-irc-seen.c keys */
	char		*seen_key;	/* it, folded */
	char		*seen_old[SIRC_SEEN_OLD]; /* its nicks before */
	u_int		 seen_nold;
	time_t		 seen_touched;	/* its rooms' entries, last kept */
	void		*seen_last;	/* the entry it was last sent to */
	u_int		 seen_gen;	/* and the table's generation then */
	int		 seen_unproven;	/* sent to since the last proof PING */
	u_int		 seen_ping;	/* that PING's number, 0 if answered */
	u_int		 seen_pings;	/* proof PINGs sent it */
	time_t		 seen_pinged;	/* when it was sent */
};

/* Puts the next part of an answer made as the connection drains. */
typedef int	(*server_irc_fill_cb)(struct server_client *, struct jbuf *,
		    size_t, void *);

/* server-irc.c: input, dispatch, sending replies */
extern struct jbuf server_irc_jb;
const char	*server_irc_name(void);
const char	*server_irc_me(struct server_client *);
void		 server_irc_write(struct server_client *, struct jbuf *);
void		 server_irc_send(struct server_client *, const char *,
		     const char *, const char **, u_int, int);
void		 server_irc_numeric(struct server_client *, const char *,
		     u_int, ...);
void		 server_irc_fail(struct server_client *, const char *,
		     const char *, const char *);
void		 server_irc_call(struct server_client *,
		     void (*)(struct server_client *, struct cJSON *,
		     long long), struct cJSON *);
void		 server_irc_add_source(struct server_client *,
		     server_irc_fill_cb, void (*)(void *), void *);

/* server-irc-event.c: codec variants, delivery, replies to hub events */
int		 server_irc_event_ctx_flags(int);
const char	*server_irc_event_stamp(int, int64_t, char *, size_t);
void		 server_irc_event_set_codec(struct server_client *);
void		 server_irc_event_unreachable(struct server_client *,
		     const char *, const char *);
const char	*server_irc_event_subject(struct server_client *,
		     const char *);

/* server-irc-reg.c: CAP, PASS, NICK, USER, AUTHENTICATE, welcome */
void		 server_irc_cap(struct server_client *, struct irc_msg *);
void		 server_irc_pass(struct server_client *, struct irc_msg *);
void		 server_irc_user(struct server_client *, struct irc_msg *);
void		 server_irc_erroneous(struct server_client *, const char *,
		    const char *);
int		 server_irc_nick_valid(const char *, enum proto_err *,
		     char **);
void		 server_irc_nick_early(struct server_client *,
		     struct irc_msg *);
void		 server_irc_authenticate(struct server_client *,
		     struct irc_msg *);
void		 server_irc_welcome(struct server_client *);
void		 server_irc_lusers_forget(void);
void		 server_irc_lusers(struct server_client *,
		     struct irc_msg *);
void		 server_irc_motd(struct server_client *, struct irc_msg *);
void		 server_irc_version(struct server_client *,
		     struct irc_msg *);
int		 server_irc_sasl_enabled(void);
void		 server_irc_sasl_result(struct server_client *,
		     const char *, int);

/* server-irc-cmd.c: channels, messages */
void		 server_irc_join(struct server_client *, struct irc_msg *);
void		 server_irc_part(struct server_client *, struct irc_msg *);
void		 server_irc_privmsg(struct server_client *,
		     struct irc_msg *);
void		 server_irc_nick(struct server_client *, struct irc_msg *);
void		 server_irc_topic(struct server_client *, struct irc_msg *);
void		 server_irc_names(struct server_client *, struct irc_msg *);
void		 server_irc_list(struct server_client *, struct irc_msg *);
void		 server_irc_mode(struct server_client *, struct irc_msg *);
void		 server_irc_kick(struct server_client *, struct irc_msg *);
void		 server_irc_invite(struct server_client *, struct irc_msg *);
void		 server_irc_invited(struct session *, struct session *,
		     struct room *);
void		 server_irc_quit(struct server_client *, struct irc_msg *);
void		 server_irc_ping(struct server_client *, struct irc_msg *);
void		 server_irc_pong(struct server_client *, struct irc_msg *);
void		 server_irc_tagmsg(struct server_client *,
		     struct irc_msg *);

/* server-irc-ctcp.c: CTCP other than ACTION */
void		 server_irc_ctcp(struct server_client *, const char *,
		     const char *, size_t, int);

/* server-irc-oper.c: operators */
void		 server_irc_oper(struct server_client *, struct irc_msg *);
void		 server_irc_kill(struct server_client *, struct irc_msg *);
void		 server_irc_rehash(struct server_client *, struct irc_msg *);
void		 server_irc_die(struct server_client *, struct irc_msg *);
void		 server_irc_kline(struct server_client *, struct irc_msg *);
char		*server_irc_kline_text(const char *);
void		 server_irc_unkline(struct server_client *,
		     struct irc_msg *);
void		 server_irc_wallops(struct server_client *,
		     struct irc_msg *);
void		 server_irc_stats(struct server_client *, struct irc_msg *);

/*
 * The server a user of another hub of the cluster is on, when that hub's
 * IRC server name is not known (a hub of an older version, or one that
 * has not beaten since this hub started).
 */
#define SIRC_OTHER_HUB	"another.hub.of.this.network"

/*
 * WHOX (WHO mask %fields[,token]): the fields asked for, of
 * SIRC_WHOX_FIELDS, and the token to give back.  No fields: a plain WHO.
 */
#define SIRC_WHOX_FIELDS	"tcuihsnfdlaor"	/* in the order of 354 */
struct server_irc_whox {
	char	fields[sizeof SIRC_WHOX_FIELDS];
	char	token[4];
};

/* server-irc-info.c: who is who, away, names, lists */
void		 server_irc_who(struct server_client *, struct irc_msg *);
void		 server_irc_who_one(struct server_client *, const char *,
		     const char *, const char *,
		     const struct server_irc_whox *);
int		 server_irc_who_match(const char *, const char *,
		     const char *);
void		 server_irc_whois_room(struct server_client *, const char *,
		     struct jbuf *, const char *);
const char	*server_irc_hub_name(const char *);
const char	*server_irc_origin(const char *, const char *);

/* server-irc-remote.c: WHOIS and WHO of a user of another hub */
struct rmember	*server_irc_remote_find(const char *);
const char	*server_irc_remote_away(const char *, const char *);
void		 server_irc_remote_lookup(struct server_client *, int,
		     const char **, u_int);
void		 server_irc_remote_whois(struct server_client *, const char *);
void		 server_irc_remote_who(struct server_client *, const char *,
		     const struct server_irc_whox *);
void		 server_irc_remote_who_mask(struct server_client *,
		     const char *, const struct server_irc_whox *,
		     struct strmap *, u_int);
void		 server_irc_whois(struct server_client *, struct irc_msg *);
void		 server_irc_whowas(struct server_client *,
		     struct irc_msg *);
void		 server_irc_time(struct server_client *, struct irc_msg *);
void		 server_irc_info(struct server_client *, struct irc_msg *);
void		 server_irc_admin(struct server_client *, struct irc_msg *);
void		 server_irc_links(struct server_client *, struct irc_msg *);
void		 server_irc_away(struct server_client *, struct irc_msg *);
void		 server_irc_ison(struct server_client *, struct irc_msg *);
void		 server_irc_userhost(struct server_client *,
		     struct irc_msg *);
void		 server_irc_namreply(struct server_client *, struct room *);
void		 server_irc_roomlist(struct server_client *, const char *);
void		 server_irc_userinfo(struct server_client *,
		     const struct hub_whois *);
void		 server_irc_topic_reply(struct server_client *,
		     struct room *, int);
const char	*server_irc_away_of(const char *);
const char	*server_irc_account(struct session *);

/* server-irc-hist.c: history after a join, and CHATHISTORY */
void		 server_irc_chathistory(struct server_client *,
		     struct irc_msg *);
u_int		 server_irc_history_max(void);
/* server-irc-seen.c: the last message a nick was sent in each room */
void		 server_irc_seen_note(struct session *, const char *,
		     uint64_t);
uint64_t	 server_irc_seen_get(struct server_client *, const char *);
int		 server_irc_seen_same(struct server_client *, const char *);
void		 server_irc_seen_touch(struct server_client *);
void		 server_irc_seen_pong(struct server_client *, const char *);
void		 server_irc_seen_lost(struct server_client *);

#endif
