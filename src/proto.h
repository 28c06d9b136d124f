/* SPDX-License-Identifier: ISC */
/* proto.h: the chatroom wire protocol, shared by the hub and every client. */

#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Newline-delimited JSON over TCP: one UTF-8 JSON object per line, each with
 * a "type" string.  The first frame a client sends is "hello"; the hub
 * answers "welcome" or an "error" and closes.  Numbers given to a type or an
 * error code are never reused; new fields may be added, and readers ignore
 * fields they do not know.  man/chatroom-protocol.7 is the reference.
 *
 * Version 2: a client proves its claimed nicks with a key pair and the
 * hub's challenge instead of sending a secret.  Hubs still take version 1
 * hellos that carry no secret.
 */
#define PROTO_VERSION 2
#define PROTO_VERSION_MIN 1

/* Frame types, both directions.  The names are the wire strings. */
enum proto_type {
	PROTO_UNKNOWN = 0,

	/* Client to hub. */
	PROTO_HELLO,		/* nick, version, [token], [last_id], [client],
				   [key, sig, [legacy]] */
	PROTO_MSG,		/* room, text, [action], [image], [seq] */
	PROTO_DM,		/* to, text, [action], [image], [seq] */
	PROTO_JOIN,		/* room (name or number), [seq] */
	PROTO_CREATE,		/* room, [seq] */
	PROTO_LEAVE,		/* room, [reason], [seq] */
	PROTO_ROOMS,		/* [seq] */
	PROTO_NAMES,		/* room, [seq] */
	PROTO_TOPIC,		/* room, text, [seq] */
	PROTO_NICK,		/* nick, [seq] */
	PROTO_OPER,		/* password, [seq] */
	PROTO_KICK,		/* nick, [reason], [seq] */
	PROTO_SHUTDOWN,		/* [reason], [seq] */
	PROTO_PING,		/* [seq] */
	PROTO_QUIT,		/* [reason] */

	/* Hub to client. */
	PROTO_WELCOME,		/* version, nick, token, resumed, hub,
				   replay_exact, limits, [last_seen] */
	PROTO_ERROR,		/* code, detail, [seq], [nick], [room] */
	PROTO_ACK,		/* seq, [id] */
	PROTO_PONG,		/* [seq] */
	PROTO_ROOM,		/* room, topic, members, [away], [lost],
				   [history], [more] */
	PROTO_HISTORY_END,	/* room */
	PROTO_ROOMLIST,		/* rooms: [{n, name, topic, members}] */
	PROTO_NAMELIST,		/* room, members */
	PROTO_JOINED,		/* room, nick, ts */
	PROTO_LEFT,		/* room, nick, ts, [reason] */
	PROTO_SIGNOFF,		/* nick, ts, [reason] */
	PROTO_LOST,		/* nick, ts */
	PROTO_BACK,		/* nick, ts */
	PROTO_RENAMED,		/* old, nick, ts */
	PROTO_TOPIC_CHANGED,		/* room, nick, topic, ts */
	PROTO_KICKED,		/* nick, by, ts, [reason] */
	PROTO_OPERED,		/* nick */
	PROTO_BYE,		/* reason: the hub is shutting down */

	/* Identity and moderation (added in version 1, never renumbered). */
	PROTO_RELEASE,		/* c->h: [nick] (operators: any nick), [seq] */
	PROTO_BAN,		/* c->h: target, [duration], [reason], [seq] */
	PROTO_UNBAN,		/* c->h: target, [seq] */
	PROTO_BANS,		/* c->h: [seq] */
	PROTO_MUTE,		/* c->h: nick, [duration], [seq] */
	PROTO_UNMUTE,		/* c->h: nick, [seq] */
	PROTO_BANLIST,		/* h->c: bans: [{kind, target, until, reason, by}] */
	PROTO_MOTD,		/* h->c: text */
	PROTO_NOTICE,		/* h->c: code, subject: hub information */

	/* Proofs of identity (added in version 2). */
	PROTO_CHALLENGE,	/* h->c: nonce, first on every connection */

	/* People: who someone is, and away messages. */
	PROTO_WHOIS,		/* c->h: nick, [seq] */
	PROTO_AWAY,		/* c->h: [text] (none: back), [seq] */
	PROTO_USERINFO,		/* h->c: seq, nick, since, idle, rooms,
				   claimed, [away], [address], [lost],
				   [oper] */
	PROTO_AWAY_CHANGED,	/* h->c: nick, ts, [text] (none: back) */

	/* Passwords for IRC clients (added in version 2, later). */
	PROTO_PASSWORD,		/* c->h: [password] (none: clear it), [seq] */

	/* The members of a big room after its "room" frame (added later). */
	PROTO_ROOM_MEMBERS,	/* h->c: room, members, [away], [lost],
				   [more] */

	/* Invites, as IRC's INVITE (added later). */
	PROTO_INVITE,		/* c->h: nick, room, [seq] */

	PROTO_NTYPES
};

/* Stable error codes carried by "error" frames; the strings go on the wire. */
enum proto_err {
	PERR_NONE = 0,
	PERR_BAD_JSON,		/* the line is not a JSON object */
	PERR_BAD_UTF8,		/* the line is not valid UTF-8 */
	PERR_BAD_TYPE,		/* missing or unknown "type" */
	PERR_BAD_FIELD,		/* a field is missing or has the wrong type */
	PERR_LINE_TOO_LONG,	/* a frame exceeds the line limit */
	PERR_VERSION,		/* unsupported protocol version */
	PERR_NOT_REGISTERED,	/* hello has not been sent yet */
	PERR_ALREADY_REGISTERED,/* a second hello */
	PERR_NICK_INVALID,
	PERR_NICK_RESERVED,
	PERR_NICK_TAKEN,
	PERR_BAD_TOKEN,		/* resume token unknown or expired */
	PERR_NO_SUCH_NICK,
	PERR_NO_SUCH_ROOM,
	PERR_ROOM_INVALID,
	PERR_ROOM_EXISTS,
	PERR_NOT_IN_ROOM,
	PERR_ALREADY_IN_ROOM,
	PERR_TOO_MANY_ROOMS,
	PERR_ROOM_FULL,
	PERR_TEXT_INVALID,	/* empty text, or forbidden characters */
	PERR_TEXT_TOO_LONG,
	PERR_NOT_OPER,
	PERR_OPER_DISABLED,
	PERR_BAD_PASSWORD,
	PERR_FLOOD,
	PERR_SENDQ,
	PERR_SHUTTING_DOWN,
	PERR_HUB_FULL,
	PERR_INTERNAL,
	PERR_NICK_CLAIMED,	/* another key holds the nick */
	PERR_BANNED,
	PERR_MUTED,
	PERR_PASSWORD,		/* the hub password is missing or wrong */
	PERR_BAD_PROOF,		/* a signature or old-claim proof is wrong */
	PERR_DM_FULL,		/* too many DMs wait for a lost session */
	PERR_LOGIN_RATE,	/* too many logins from the address */
	PERR_ROOM_RATE,		/* too many rooms made from the address */
	PERR_STORAGE,		/* the hub cannot store messages now */
	PERR_UNREACHABLE,	/* the nick's hub cannot be reached now */
	PERR_EXCESS_FLOOD,	/* closed: too many requests refused */

	PERR_NCODES
};

/*
 * Field names, as they go on the wire.  Fields of the "limits" object in
 * "welcome" reuse these names where they match.
 */
#define PF_ACTION	"action"
#define PF_NOTICE	"notice"
#define PF_ADDRESS	"address"
#define PF_AWAY		"away"
#define PF_BANS		"bans"
#define PF_BY		"by"
#define PF_CLAIMED	"claimed"
#define PF_CLAIM	"claim"		/* userinfo: "key", "password" */
#define PF_CLIENT	"client"
#define PF_CLUSTER	"cluster"
#define PF_CODE		"code"
#define PF_COUNT	"count"
#define PF_DETAIL	"detail"
#define PF_DURATION	"duration"
#define PF_HISTORY	"history"
#define PF_HUB		"hub"
#define PF_IDLE		"idle"
#define PF_FORCE	"force"
#define PF_FROM		"from"
#define PF_GAP		"gap"
#define PF_ID		"id"
#define PF_IMAGE	"image"
#define PF_IMAGE_LINE	"image_line"
#define PF_JOINED	"joined"
#define PF_PUBKEY	"key"
#define PF_KIND		"kind"
#define PF_LAST_ID	"last_id"
#define PF_LAST_SEEN	"last_seen"
#define PF_LEGACY	"legacy"
#define PF_TAKEOVER	"takeover"
#define PF_LIMITS	"limits"
#define PF_LINE		"line"
#define PF_LOST		"lost"
#define PF_MEMBERS	"members"
#define PF_MISSED	"missed"
#define PF_MORE		"more"
#define PF_N		"n"
#define PF_NAME		"name"
#define PF_NICK		"nick"
#define PF_NONCE	"nonce"
#define PF_OLD		"old"
#define PF_OPER		"oper"
#define PF_PASSWORD	"password"
#define PF_REASON	"reason"
#define PF_REPLAY_EXACT	"replay_exact"
#define PF_REPLAY_ROOMS	"replay_exact_rooms"
#define PF_NEW_SESSION	"new_session"
#define PF_RESUME	"resume"
#define PF_RESUMED	"resumed"
#define PF_ROOM		"room"
#define PF_ROOMS	"rooms"
#define PF_SECRET	"secret"
#define PF_SEQ		"seq"
#define PF_SIG		"sig"
#define PF_SINCE	"since"
#define PF_STILL	"still"
#define PF_SUBJECT	"subject"
#define PF_TARGET	"target"
#define PF_TEXT		"text"
#define PF_TO		"to"
#define PF_TOKEN	"token"
#define PF_TOPIC	"topic"
#define PF_UNSEEN	"unseen"
#define PF_TS		"ts"
#define PF_TYPE		"type"
#define PF_UNTIL	"until"
#define PF_VERSION	"version"

/* A growing output buffer for encoding frames. */
struct jbuf {
	char	*buf;
	size_t	 len;
	size_t	 size;
	int	 first;		/* no comma needed before the next member */
	size_t	 idend;		/* msg, dm: just past the id, else 0 */
};

const char	*proto_type_name(enum proto_type);
enum proto_type	 proto_type_lookup(const char *);
const char	*proto_err_name(enum proto_err);
enum proto_err	 proto_err_lookup(const char *);

/* jbuf.c: build one frame, ending in '\n', into a jbuf. */
void		 jbuf_init(struct jbuf *);
void		 jbuf_reset(struct jbuf *);
void		 jbuf_free(struct jbuf *);
void		 jbuf_begin(struct jbuf *, enum proto_type);
void		 jbuf_end(struct jbuf *);
void		 jbuf_add(struct jbuf *, const char *, size_t);
void		 jbuf_str(struct jbuf *, const char *, const char *);
void		 jbuf_strn(struct jbuf *, const char *, const char *, size_t);
void		 jbuf_int(struct jbuf *, const char *, long long);
void		 jbuf_bool(struct jbuf *, const char *, int);
void		 jbuf_raw(struct jbuf *, const char *, const char *);
void		 jbuf_array_begin(struct jbuf *, const char *);
void		 jbuf_array_str(struct jbuf *, const char *);
void		 jbuf_array_end(struct jbuf *);
void		 jbuf_object_begin(struct jbuf *, const char *);
void		 jbuf_object_end(struct jbuf *);
void		 jbuf_escape(struct jbuf *, const char *, size_t);

/*
 * A hub event as a typed value: what happened, not how it is spelt.  A
 * codec turns it into bytes for one kind of client: proto_event_encode()
 * is the JSON codec of this protocol, one encoder per hub frame kind
 * (proto-event.c).  Members a kind does not use are 0 or NULL.
 */
struct hub_room_entry {			/* roomlist */
	long long	  n;		/* the number /rooms shows */
	const char	 *name;
	const char	 *topic;
	long long	  count;	/* members, here and elsewhere */
	int		  joined;
	const char	**members;	/* the first few */
	size_t		  nmembers;
};
struct hub_ban_entry {			/* banlist */
	const char	 *kind;		/* "nick", "ip" or "mute" */
	const char	 *target;
	int64_t		  until;	/* 0: for ever */
	const char	 *reason;
	const char	 *by;
};
struct hub_whois {			/* userinfo: the answer to whois */
	const char	 *nick;
	int64_t		  since;	/* the session began, ms */
	int64_t		  idle;		/* seconds since it spoke */
	const char	**rooms;	/* shared with the asker (operators:
					   all) */
	size_t		  nrooms;
	const char	 *away;		/* the away message, or NULL */
	const char	 *address;	/* for operators only, else NULL */
	int		  claimed;	/* a claim holds the nick */
	int		  by_password;	/* by a password alone */
	int		  lost;		/* waiting for a resume */
	int		  oper;
};
struct hub_event {
	enum proto_type	  type;
	uint64_t	  id;		/* msg, dm, ack */
	int64_t		  ts;
	long long	  seq;		/* the request answered, if any */
	long long	  count;	/* room: history; welcome: resume */
	const char	 *room;
	const char	 *nick;
	const char	 *host;		/* nick's IRC host: its hub's
					   name, NULL for this hub's
					   users (never sent) */
	const char	 *old;		/* renamed */
	const char	 *to;		/* dm */
	const char	 *by;		/* kicked */
	const char	 *by_host;	/* kicked: by's IRC host, NULL for
					   this hub's users (never sent) */
	const char	 *text;		/* text, topic, detail, motd, hub;
					   away_changed, notice: away */
	const char	 *away;		/* joined: the joiner's away */
	const char	 *reason;
	const char	 *code;		/* error, notice */
	long long	  secs;		/* notice dm_held: how long it may
					   wait (seconds), 0 if not said */
	int64_t		  until;	/* notice muted, muted_until,
					   banned; error muted, banned: the
					   end (ms), 0 for none; kicked:
					   a ban's end, -1 for none, 0 for
					   a kick */
	int		  still;	/* notice muted, muted_until: a
					   reminder of a mute told before */
	const char	 *subject;	/* notice; error: from (takeover) */
	const char	 *token;	/* welcome; challenge: nonce */
	const char	 *image;	/* canonical JSON object, or NULL */
	int		  action;
	int		  notice;	/* msg, dm: a notice, not kept */
	int		  tagmsg;	/* msg, dm: IRC's TAGMSG, no text */
	const char	 *tags;		/* msg, dm: IRC client-only tags,
					   escaped, "+a=b;+c" */
	int		  resumed;
	int		  exact;		/* welcome: replay_exact */
	int		  exact_rooms;	/* welcome: replay_exact_rooms */
	int		  new_session;	/* welcome: a session just made */
	int		  unseen;	/* back: nobody was told it was
					   lost (its hub died under it) */
	const char	 *cluster;	/* welcome: the cluster's id */
	int		  gap;		/* room: the replay lacks messages */
	long long	  missed;	/* room: how many, 0 if not known */
	int		  more;		/* roomlist, namelist, room,
					   room_members: a page */
	const char	**members;	/* room, room_members, namelist */
	size_t		  nmembers;
	const struct hub_room_entry *rooms;	/* roomlist */
	size_t		  nrooms;
	const struct hub_ban_entry *bans;	/* banlist */
	size_t		  nbans;
	const char	**away_members;	/* room, room_members: those away */
	size_t		  naway;
	const char	**lost_members;	/* room, room_members: those whose
					   session waits for a resume */
	size_t		  nlost;
	const struct hub_whois *whois;	/* userinfo */
};
void		 proto_event_encode(struct jbuf *, const struct hub_event *);

/*
 * Decoding.  A frame is parsed once with cJSON; the getters below fetch and
 * check fields, returning 0 or -1 (a field that is present with the wrong
 * type is an error even when optional).
 */
struct cJSON;
struct cJSON	*proto_parse(const char *, size_t, enum proto_type *,
		     enum proto_err *, char **);
long long	 proto_frame_seq(const char *, size_t);
int		 proto_get_str(struct cJSON *, const char *, int,
		     const char **);
int		 proto_get_int(struct cJSON *, const char *, int,
		     long long *);
int		 proto_get_bool(struct cJSON *, const char *, int, int *);

/*
 * A request from a client to the hub, as a value.  Its type says which of
 * the fields its frame carries (see enum proto_type); the others stay NULL
 * or 0, and NULL optional fields are left out.  A seq of 0 means no answer
 * is expected; image is the JSON text of a picture.
 */
struct proto_request {
	enum proto_type	 type;
	long long	 seq;
	const char	*room;
	long long	 number;	/* join: a room by number, if no room */
	const char	*to;
	const char	*nick;
	const char	*text;
	int		 action;
	const char	*image;
	const char	*topic;
	const char	*reason;
	const char	*target;
	const char	*duration;
	const char	*password;
	const char	*token;		/* hello: the session to resume */
	long long	 last_id;	/* hello: the last message seen */
	const char	*key;		/* hello: our public key, in hex */
	const char	*sig;		/* hello: its signature of the challenge */
	const char	*legacy;	/* hello, nick: moves an old claim */
	const char	*client;	/* hello: the program and its version */
	int		 takeover;	/* hello: only the session of the nick */
	int		 force;		/* ban: even the sender's own */
};

/* proto-request.c: one encoder per kind of client request. */
int		 proto_request_encode(struct jbuf *,
		     const struct proto_request *);

/*
 * proto-duration.c: durations as ban and mute take them: "30s", "10m",
 * "2h", "7d", "1w", at most a year however they are written.
 */
#define PROTO_DURATION_MAX	(365 * 24 * 3600 * 1000LL)	/* in ms */
size_t		 proto_duration_prefix(const char *, int64_t *);
int		 proto_duration_parse(const char *, int64_t *);
char		*proto_duration_word_of(int64_t, char *, size_t);
int		 proto_duration_plain(const char *);
int		 proto_duration_word(const char *);

/* proto.c: held names, reasons on one line, and error frames. */
void		 proto_hold_hub_name(const char *);
int		 proto_nick_held(const char *);
char		*proto_flatten(const char *);
void		 proto_make_error(struct jbuf *, enum proto_err, const char *,
		     long long);

/* proto-check.c: validation of nicks, room names and message text. */
int		 proto_check_nick(const char *, enum proto_err *, char **);
int		 proto_check_kept_nick(const char *, enum proto_err *,
		     char **);
int		 proto_check_room(const char *, enum proto_err *, char **);
int		 proto_check_stored_room(const char *, enum proto_err *,
		     char **);
int		 proto_check_stored_nick(const char *);
int		 proto_check_nick_local(const char *, char **);
int		 proto_check_room_local(const char *, int, char **);
int		 proto_check_text(const char *, size_t, int, enum proto_err *,
		     char **);

#endif
