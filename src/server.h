/* SPDX-License-Identifier: ISC */
/* server.h: the hub: options, history, sessions, rooms, cluster, bans. */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdint.h>

#include "chatroom.h"
#include "proto.h"

struct cJSON;
struct event;
struct room;
struct addrinfo;
struct ssl_ctx_st;

/* Hub options, from the command line and the config file. */
struct server_opts {
	char		*listen;
	char		*history;
	int		 flush_interval;
	int		 history_size;
	size_t		 history_bytes;		/* all rooms' messages */
	size_t		 room_history_bytes;	/* one room's */
	int		 replay;
	int		 resume_seconds;
	char		*admin_password_file;
	char		*log_file;
	int		 log_messages;
	int		 verbosity;
	size_t		 sendq_max;
	int		 flood_burst;
	int		 flood_rate;		/* 0: no flood control */
	int		 max_per_ip;		/* 0: no limit */
	int		 max_clients;
	int		 handshake_timeout;
	int		 ping_timeout;
	int		 insecure;		/* plain TCP */
	int		 check;			/* --check: read, then exit */
	char		*tls_cert;
	char		*tls_key;
	int		 claim_days;		/* idle claims expire */
	char		*motd_file;
	char		*password_file;		/* hub password */
	char		*cluster;		/* redis://HOST:PORT[/DB] */
	char		*cluster_password_file;
	char		*metrics;		/* [HOST]:PORT for HTTP */
	int		 stats_interval;	/* seconds, 0: off */
	int		 cluster_ttl;		/* seconds a silent hub lives */
	char		**irc_listen;		/* [HOST]:PORT, IRC */
	u_int		  nirc_listen;
	char		*irc_server_name;	/* NULL: the host name */
	char		*irc_autojoin;		/* ROOM[,ROOM], or NULL */
	char		*admin_email;		/* IRC's ADMIN, or NULL */
	int		 login_burst;		/* logins at once, per address */
	int		 login_rate;		/* a minute after; 0: any */
	int		 churn_seconds;		/* younger: signoff, no reason */
	int		 max_ghosts_per_ip;	/* sessions waiting for resume */
	int		 max_ghosts;
	int		 room_burst;		/* rooms made at once, per address */
	int		 room_rate;		/* an hour after; 0: any */
	int		 room_expire;		/* seconds empty and quiet; 0: never */
	int		 claims_per_key;
	int		 claims_per_ip;		/* new claims a day; 0: any */
	int		 max_claims;
	u_char		 given[64];		/* per option of server-opts.c:
						   set on the command line */
	int		 verbosity_given;	/* -v or -q */
	char		*config;		/* the file read at start-up */
	struct server_opts *loaded;		/* as read then, for reloads */
};

/* message.c: refcounted messages, encoded once, and per-room rings */
#define MSG_TEXT	0
#define MSG_ACTION	1
#define MSG_IMAGE	2
#define MSG_NOTICE	0x10		/* or'ed in: an IRC NOTICE */
#define MSG_KIND(k)	((k) & ~MSG_NOTICE)
struct message {
	uint64_t	 id;
	int64_t		 ts;		/* ms since the epoch */
	int		 kind;
	char		*nick;
	char		*text;
	char		*image;		/* JSON object text, or NULL */
	char		*tags;		/* IRC client-only tags, or NULL */
	char		*hub;		/* the sender's hub's id, NULL: ours */
	char		*host;		/* that hub's IRC name, if told */
	char		*line;		/* the encoded frame, shared by all */
	size_t		 linelen;
	u_int		 refs;
	struct message	*dead;		/* next on the graveyard */
	size_t		 cost;		/* bytes it holds, for the budgets */
	struct ring	*ring;		/* the room's ring that keeps it */
	TAILQ_ENTRY(message) stored;	/* kept messages, oldest first */
};
struct ring {
	struct message	**msgs;		/* NULL until the first message */
	u_int		  size;		/* at most this many messages */
	u_int		  cap;		/* slots in msgs, grown on demand */
	u_int		  start;
	u_int		  count;
	size_t		  bytes;	/* what its messages cost */
	size_t		  max_bytes;	/* 0: not counted (not a room's) */
	uint64_t	  gone;		/* the highest id it let go */
	uint64_t	 *lost;		/* a room's: the latest ids let go */
	u_int		  nlost;
	u_int		  lost_start;
	u_int		  lost_cap;
	uint64_t	  lost_floor;	/* the highest let go, not in lost */
};
void		 message_encode(struct jbuf *, uint64_t, int64_t, int,
		     const char *, const char *, const char *, const char *);
struct message	*message_new(uint64_t, int64_t, int, const char *,
		     const char *, const char *, const char *);
void		 message_set_hub(struct message *, const char *,
		     const char *);
struct message	*message_new_frame(uint64_t, int64_t, int, const char *,
		     const char *, const char *, const char *, size_t);
void		 message_ref(struct message *);
void		 message_unref(struct message *);
void		 message_unpin(void *);
void		 message_hold(int);
size_t		 message_set_budget(size_t);
size_t		 message_kept_bytes(void);
void		 ring_init(struct ring *, u_int);
void		 ring_set_budget(struct ring *, size_t);
void		 ring_set_size(struct ring *, u_int);
void		 ring_free(struct ring *);
void		 ring_borrow(struct ring *, struct ring *);
void		 ring_push(struct ring *, struct message *);
struct message	*ring_get(struct ring *, u_int);
u_int		 ring_since(struct ring *, uint64_t);
int		 ring_insert(struct ring *, struct message *);
int		 ring_has(struct ring *, uint64_t);
int		 ring_missed(struct ring *, uint64_t, u_int *);
/* history.c: the JSON history file */
struct hist_room {
	char		*name;
	char		*topic;
	char		*topic_by;	/* who set it, or NULL if not known */
	int64_t		 topic_at;	/* and when (ms), or 0 */
	int64_t		 created;
	uint64_t	 seq;		/* its number; 0: none kept */
	int		 seq_bad;	/* the file's number was not valid */
	struct ring	 ring;
};
struct hist_claim {
	char		*nick;
	char		*hash;		/* version 1: hex SHA-256 of a secret */
	char		*pubkey;	/* version 2: hex Ed25519 key */
	char		*pass;		/* scrypt hash of a password, or NULL */
	int64_t		 seen;
};
#define BAN_NICK	0
#define BAN_IP		1
#define BAN_MUTE	2
struct hist_ban {
	int		 kind;
	char		*target;	/* nick (case-folded) or address */
	int64_t		 until;		/* ms since the epoch, 0: for ever */
	char		*reason;
	char		*by;
	int64_t		 set;		/* ms since the epoch, 0: unknown */
};
struct hist_dm {			/* a DM kept for a lost session */
	char		*from;		/* its sender, or "" for a notice */
	char		*frame;		/* the JSON frame, with its newline */
	char		*hub;		/* the sender's hub, NULL: this one */
	char		*host;		/* that hub's IRC name, or NULL */
};
struct hist_session {			/* a session kept across a restart */
	char		 *nick;
	char		 *token;
	char		 *pubkey;	/* or NULL */
	char		 *away;		/* its away message, or NULL */
	char		 *oper;		/* an operator: the password's hash */
	int		  oper_lost;	/* was one, not told it is no more */
	int		  unseen;	/* lost, but nobody was told: its
					   hub died under its connection */
	char		 *hub;		/* its cluster hub id, or NULL */
	char		**rooms;
	uint64_t	 *last_ids;	/* the last id delivered, per room */
	size_t		  nrooms;
	int64_t		  since;	/* when it began (ms), or 0 */
	int64_t		  active;	/* it last said something (ms), or 0 */
	int64_t		  lost;		/* when it was lost (ms), or 0 */
	struct hist_dm	 *dms;		/* kept until it resumes */
	size_t		  ndms;
	char		**unsure;	/* sent DMs just before the loss */
	size_t		  nunsure;
	struct hist_dm	 *resend;	/* ... those sent again on a resume */
	size_t		  nresend;
};
struct hist_box {			/* DMs kept for a key whose session ended */
	char		*key;		/* the session's key, hex */
	char		*nick;		/* the session's nick */
	int64_t		 until;		/* forgotten then (ms) */
	struct hist_dm	*dms;
	size_t		 ndms;
};
struct hist {
	int		 borrowed;	/* rings point at messages, no refs */
	uint64_t	 next_id;
	uint64_t	 journal;	/* the first journal not in the file */
	uint64_t	 room_seq;	/* the highest room number given */
	struct hist_room *rooms;
	size_t		 nrooms;
	struct hist_claim *claims;
	size_t		 nclaims;
	struct hist_ban	*bans;
	size_t		 nbans;
	struct hist_ban	*lifts;		/* lifted while apart: kind, target, set */
	size_t		 nlifts;
	struct hist_session *sessions;
	size_t		 nsessions;
	struct hist_box	*boxes;
	size_t		 nboxes;
};
#define HISTORY_VERSION	1
/* How a history file from a later version is described. */
#define HISTORY_NEWER	"written by a newer chatroom"
/* How two rooms of one name are described. */
#define HISTORY_TWICE	"appears twice in the \"rooms\" array"
int		 history_ban_kind(const char *);
const char	*history_ban_name(int);
int		 history_load(const char *, u_int, struct hist *, char **);
void		 history_free(struct hist *);
int		 history_write(const char *, const char *, size_t, char **);
void		 history_clean_temp(const char *);
int		 history_lock(const char *, char **);
void		 history_unlock(void);

/* history-parse.c: read a history document, checking every field */
int		 history_parse(const char *, size_t, u_int, struct hist *,
		     char **);
int		 history_parse_doc(struct cJSON *, u_int, struct hist *,
		     char **);
int		 history_parse_number(struct cJSON *, const char *,
		     uint64_t *);
int		 history_parse_origin(struct cJSON *, const char **,
		     const char **);
int		 history_parse_extra(struct cJSON *, struct hist *, char **);

/* history-serialise.c: write a history as one JSON document */
char		*history_serialise(struct hist *, size_t *);
void		 history_serialise_into(struct hist *, struct jbuf *);
void		 history_serialise_bans(const struct hist *, struct jbuf *);
void		 history_serialise_origin(struct jbuf *, const char *,
		     const char *);

/* history-seal.c: the history file's checksum */
void		 history_seal_add(struct jbuf *);
int		 history_seal_check(const char *, size_t, char **);

/* history-journal.c: the append-only journal beside the history file */
char		*history_journal_name(const char *, uint64_t);
size_t		 history_journal_list(const char *, uint64_t **);
int		 history_journal_open(const char *, uint64_t, int, char **);
void		 history_journal_message(struct room *, const struct message *);
void		 history_journal_room(struct room *);
void		 history_journal_bans(void);
void		 history_journal_topic(struct room *);
int		 history_journal_accepting(void);
void		 history_journal_state(void);
void		 history_journal_state_now(void);
void		 history_journal_sync(void);
uint64_t	 history_journal_reserve(uint64_t);
int		 history_journal_wants_compaction(void);
uint64_t	 history_journal_rotate(void);
void		 history_journal_compacted(int, uint64_t);
int		 history_journal_pending(void);
int		 history_journal_safe(void);
int		 history_journal_failing(void);
const char	*history_journal_trouble(void);
size_t		 history_journal_waiting(void);
int		 history_journal_flush(void);
char		*history_journal_held(void);
const char	*history_journal_file(void);
void		 history_journal_close(int);

/* history-replay.c: bring a loaded history up to date with its journals */
int		 history_replay(const char *, u_int, struct hist *, uint64_t *,
		     int *, int, char **);

/* server.c: the hub's lifecycle (listeners, signals, timers, exit) */
int		 server_main(struct server_opts *);
void		 server_reload(void);
int		 server_resolve(const char *, int, struct addrinfo **);

/* server-secret.c: the hub's passwords and message of the day, from files */
int		 server_secret_password(struct server_opts *, const char *,
		     const char *, char **, char **);
void		 server_secret_free(char *);
int		 server_secret_motd(const char *, char **, char **);
int		 server_secret_reload(struct server_opts *);

/* server-tls.c: the hub's certificate: load, make, reload, log, expiry */
int		 server_tls_init(struct server_opts *);
void		 server_tls_paths(struct server_opts *, char **, char **);
struct ssl_ctx_st *server_tls_ctx(struct server_opts *, const char *,
		     const char *, char **);
void		 server_tls_expiry(void);
void		 server_tls_expiry_of(struct ssl_ctx_st *, int);
int		 server_tls_reload(struct server_opts *);

/* server-check.c: --check, and the files a start needs */
int		 server_check(struct server_opts *);
int		 server_check_files(struct server_opts *);
int		 server_check_owner(struct server_opts *);

/* server-save.c: the history snapshots and their writer thread */
void		 server_save_init(struct server_opts *, uint64_t);
void		 server_save_start(void);
void		 server_save_tick(void);
void		 server_save_stop(void);
void		 server_save_final(void);
int		 server_save_free(void);
int		 server_save_holding(void);
void		 server_save_backup(void);

/* server-opts.c: the hub's options, from the command line or a file */
void		 server_opts_init(struct server_opts *);
void		 server_opts_free(struct server_opts *);
u_int		 server_opts_count(void);
const char	*server_opts_name(u_int, int *);
int		 server_opts_line(const struct server_opts *, const char *,
		    const char *);
const char	*server_opts_where(const struct server_opts *, const char *,
		     const char *);
int		 server_opts_check(struct server_opts *, const char *,
		     char **);
int		 server_opts_set(struct server_opts *, u_int, const char *);
int		 server_opts_hub_only(const struct server_opts *);
int		 server_opts_load(struct server_opts *, const char *);
int		 server_opts_reread(const struct server_opts *,
		     struct server_opts *, char **);
u_int		 server_opts_update(struct server_opts *, struct server_opts *,
		    u_int *);

/* server-fn.c: hub-wide state and accessors */
struct server_backend;
struct server_client;
struct session;
struct room;
void		 server_init(struct event_base *, struct server_opts *);
void		 server_free_state(void);
void		 server_set_secrets(char *, char *, char *);
void		 server_set_tls(struct ssl_ctx_st *);
void		 server_set_fd_cap(u_int);
u_int		 server_max_clients(void);
void		 server_set_irc_port(const char *);
const char	*server_irc_port(void);
void		 server_set_stop(void (*)(void));
void		 server_set_reload(void (*)(void));
int		 server_rehash(void);
void		 server_set_backend(const struct server_backend *);
const struct server_backend *server_backend(void);
struct event_base *server_base(void);
struct server_opts *server_options(void);
struct ssl_ctx_st *server_tls(void);
const u_char	*server_fingerprint(void);
uint64_t	 server_next_id(void);
uint64_t	 server_peek_id(void);
void		 server_note_id(uint64_t);
void		 server_mark_dirty(void);
int		 server_take_dirty(void);
int		 server_check_oper(const char *);
const char	*server_oper_hash(void);
int		 server_oper_hash_matches(const char *);
int		 server_oper_hash_pending(void);
#define SERVER_OPER_PROOF_LEN (5 + 64 + 1)	/* "hmac$", hex, NUL */
int		 server_oper_proof(const char *, char *);
int		 server_oper_proof_matches(const char *, const char *);
int		 server_check_password(const char *);
const char	*server_motd(void);
int		 server_stopping(void);
void		 server_shutdown(const char *);

/*
 * The backend: where the hub's shared facts live.  The hub calls it; it
 * answers only through the completion functions below (and the hub's
 * state accessors: rooms, sessions, ids).  server_local_backend is one
 * hub alone; cluster_backend shares nicks, rooms and messages with other
 * hubs through Redis, and falls back to the local behaviour while it is
 * not in contact (the hub then serves its own users, "degraded").
 *
 * Completion functions (backend -> hub), each for one kind of request:
 *	server_login_hello_done		a hello was decided
 *	server_login_nick_done		a nick change was decided
 *	server_chat_dm_done		a DM left for another hub
 *	server_client_ack		a request is done (a message's id)
 *	server_client_error		a request failed
 *	server_login_takeover_remote	another hub took over a session
 *	server_client_notice_all	tell every user (degraded, recovered)
 * A backend that keeps a server_client across a callback must drop it when
 * told by forget().
 */
struct server_hello {
	int		 result;
#define HELLO_OK	0	/* the nick was free: a new session */
#define HELLO_RESUMED	1	/* the token matched: the session moved */
#define HELLO_TAKEN	2	/* the nick is held on another hub */
#define HELLO_FAILED	3	/* the backend was lost meanwhile */
	char		*nick;
	char		 token[CR_TOKEN_BYTES * 2 + 1];	/* "": new */
	char		*pubkey;	/* proven at hello, or NULL */
	char		*rooms;		/* tab-separated, if resumed */
	char		*oper;		/* if resumed: proof of the
					   operator password it gave
					   (server_oper_proof), or NULL */
	int		 held;		/* if taken (or resumed), what holds
					   (held) it there */
#define HELLO_HELD_UNKNOWN 0	/* a hub that does not say */
#define HELLO_HELD_NATIVE 1	/* a native client connected */
#define HELLO_HELD_IRC	2	/* an IRC connection */
#define HELLO_HELD_LOST	3	/* a session waiting for its resume */
	long long	 last_id;
	long long	 seq;
};
/* What a backend's whereis found. */
#define WHEREIS_NONE	0	/* no hub has the nick */
#define WHEREIS_FOUND	1	/* another hub has it */
#define WHEREIS_LOST	2	/* the other hubs cannot be asked now */
typedef void (*server_whereis_cb)(struct server_client *, int,
    const char *, const char *, void *);
void		 server_whereis(struct server_client *, const char *,
		    server_whereis_cb, void *);
/* What a backend's who found: result (WHEREIS_*), n nicks and hubs. */
typedef void (*server_who_cb)(struct server_client *, int, u_int,
    char **, char **, void *);

struct server_backend {
	const char	*name;

	/* Requests that may wait: each ends in its completion function. */
	void		(*hello)(struct server_client *, const char *nick,
			    const char *token, const char *pubkey,
			    long long last_id, long long seq);
	/* gen: server_client_flood_ask's, for server_login_nick_done. */
	void		(*nick)(struct server_client *, struct session *,
			    const char *, long long, u_int gen);
	/* A room message: number, store, deliver (room_say), acknowledge. */
	void		(*say)(struct server_client *, long long seq,
			    struct room *, int64_t ts, int kind,
			    const char *nick, const char *text,
			    const char *image, const char *tags);
	/* Can requests reach other hubs now (a DM to a nick not here)? */
	int		(*remote)(void);
	/* A DM for a nick not on this hub, as an event with id 0. */
	void		(*dm)(struct server_client *, long long seq,
			    const char *to, const struct hub_event *);
	/* An id for a DM delivered here. */
	uint64_t	(*dm_id)(void);
	/*
	 * What became of a DM from a nick not on this hub (a notice
	 * dm_held, dm_expired or dm_unsure, as its JSON frame); NULL for
	 * none.
	 */
	void		(*dm_notice)(const char *, const char *, size_t);
	/*
	 * A CTCP from an IRC user here (its text cleaned, without the
	 * \001s) for a nick not on this hub, or for the members of a room
	 * on other hubs: the hub holding the nick hands it to
	 * server_irc_ctcp_remote(), and what became of it comes back to
	 * server_irc_ctcp_result().  NULL: CTCP stays on the hub.
	 */
	void		(*ctcp)(struct server_client *, const char *to,
			    const char *text, int notice);
	/*
	 * Where a nick not on this hub is: done(c, result, nick as its hub
	 * spells it, hub id, arg) once, with c NULL if the connection went
	 * meanwhile.  NULL: no other hub.
	 */
	void		(*whereis)(struct server_client *, const char *,
			    server_whereis_cb, void *);
	/*
	 * The users of other hubs whose case-folded nicks match a pattern
	 * (* and ?, as Redis's MATCH), at most max: done(c, WHEREIS_FOUND
	 * or WHEREIS_LOST, n, nicks as their hubs spell them, hub ids,
	 * arg) once, with c NULL if the connection went meanwhile.  NULL:
	 * no other hub.
	 */
	void		(*who)(struct server_client *, const char *, u_int,
			    server_who_cb, void *);

	/* Facts to publish; the frames are the JSON encoding. */
	void		(*room_event)(struct room *, const char *, size_t);
	void		(*peers_event)(struct session *, const char *,
			    size_t);
	void		(*room_changed)(struct room *);	/* new; topic */
	void		(*session)(struct session *);	/* nick, rooms */
	void		(*session_gone)(struct session *);
	/*
	 * The away message of a user of another hub (by case-folded nick
	 * and the hub that holds it), or NULL.  NULL: no other hubs.
	 */
	const char	*(*away)(const char *, const char *);
	/* Is the connection of a user of another hub lost?  Same keys. */
	int		(*lost)(const char *, const char *);
	void		(*resumed)(struct session *);	/* moved here */

	/* The connection is gone: keep no pointer to it. */
	void		(*forget)(struct server_client *);
	/* What welcome tells users while degraded, or NULL. */
	const char	*(*degraded)(void);
	void		(*shutdown)(void);
	int		(*busy)(void);		/* at exit: still busy */
};
extern const struct server_backend server_local_backend;
extern const struct server_backend cluster_backend;

/* metrics.c: counters incremented in place, served over HTTP and logged */
#define METRICS_DM		3	/* after the MSG_* kinds */
#define METRICS_KINDS		4
#define METRICS_HS_TLS		0	/* the TLS handshake did not finish */
#define METRICS_HS_TIMEOUT	1	/* no hello in time */
#define METRICS_HS_REFUSED	2	/* refused at accept or hello */
#define METRICS_HS_RENEG	3	/* a TLS renegotiation, refused */
#define METRICS_HS_REASONS	4
#define METRICS_LIMIT_LOGIN	0	/* a hello refused: too many logins */
#define METRICS_LIMIT_ROOM	1	/* a new room refused */
#define METRICS_LIMIT_CLAIM	2	/* a claim not made */
#define METRICS_LIMIT_GHOST	3	/* a waiting session ended early */
#define METRICS_LIMIT_JOIN	4	/* a join refused */
#define METRICS_LIMITS		5
#define METRICS_BAD_JSON	0	/* a frame that does not parse */
#define METRICS_BAD_UTF8	1	/* a frame that is not UTF-8 */
#define METRICS_BAD_TYPE	2	/* no or an unknown type */
#define METRICS_BAD_FIELD	3	/* a field of the wrong type */
#define METRICS_BAD_FRAMES	4
#define METRICS_OP_KICK		0	/* kick, IRC KILL */
#define METRICS_OP_BAN		1	/* ban, IRC KLINE */
#define METRICS_OP_UNBAN	2	/* unban, IRC UNKLINE */
#define METRICS_OP_MUTE		3
#define METRICS_OP_UNMUTE	4
#define METRICS_OPS		5
#define METRICS_OPER_OK		0	/* oper: the right password */
#define METRICS_OPER_WRONG	1	/* a wrong one */
#define METRICS_OPER_THROTTLED	2	/* refused: too many wrong ones */
#define METRICS_OPER_RESULTS	3
struct metrics_listener {
	char		*name;		/* the address it is bound to */
	int		 tls;
	int		 irc;		/* an IRC listener */
	uint64_t	 accepted;
	u_int		 open;
};
struct metrics {
	struct metrics_listener *listeners;
	u_int		 nlisteners;
	uint64_t	 received[METRICS_KINDS];
	uint64_t	 delivered[METRICS_KINDS];
	uint64_t	 sent_bytes;
	uint64_t	 sendq_drops;
	uint64_t	 flood_refusals;
	uint64_t	 flood_drops;
	uint64_t	 line_drops;		/* closed: line too long */
	uint64_t	 bad_frames[METRICS_BAD_FRAMES];
	uint64_t	 handshake_failures[METRICS_HS_REASONS];
	uint64_t	 address_limits[METRICS_LIMITS];	/* server-addr.c */
	uint64_t	 rooms_expired;
	uint64_t	 oper_actions[METRICS_OPS][2];	/* [op][irc] */
	uint64_t	 oper_logins[METRICS_OPER_RESULTS];
	uint64_t	 bans_ended[2];			/* [mute] */
	uint64_t	 journal_write_failures;	/* history-journal.c */
	uint64_t	 storage_refusals;
};
extern struct metrics metrics;
int		 metrics_init(struct event_base *, struct server_opts *,
		     char **);
void		 metrics_set_stats_interval(struct event_base *, int);
void		 metrics_free(void);
u_int		 metrics_listener_add(const char *, int, int);
void		 metrics_save_start(void);
void		 metrics_tls_expiry(int64_t);
void		 metrics_save_done(int);
void		 metrics_stop(void);
int64_t		 metrics_started(void);

/* server-client.c: one connection's life (accept, input, dispatch, free) */
struct server_client_held {
	char		*line;
	size_t		 len;
	TAILQ_ENTRY(server_client_held) entry;
};
struct ipcount {			/* connections per address */
	char		*ip;
	u_int		 n;
};
struct server_client {
	struct peer	*peer;
	char		*addr;
	struct ipcount	*ip;
	u_int		 listener;	/* its number in the metrics */
	int		 codec;		/* SERVER_CODEC_* */
	struct session	*session;
	int64_t		 due;		/* its next check, on a deadline queue */
	TAILQ_ENTRY(server_client) due_entry;
	int64_t		 last_input;
	struct server_irc *irc;		/* an IRC connection's state */
	char		*account;	/* the nick a password proved, or NULL */
	u_char		 nonce[CR_NONCE_BYTES];	/* hello signs it */
	int		 flags;
#define SC_PINGED	0x1
#define SC_NORESUME	0x2	/* quit or kicked: no resume window */
#define SC_WAITING	0x4	/* hello sent on to the backend */
#define SC_DUE		0x8	/* on a deadline queue */
#define SC_DUE_HELLO	0x10	/* that queue is the handshake's */
#define SC_UNLOGGED	0x20	/* a flood's: not logged (log_burst) */
#define SC_PINGOUT	0x40	/* dropped for its ping timeout */
#define SC_ASKING	0x80	/* a reply waits for the backend */

	/* Flood control: a token bucket and the requests held back. */
	double		 tokens;
	int64_t		 refilled;
	struct event	*flood;
	TAILQ_HEAD(, server_client_held) held;
	u_int		 nheld;
	u_int		 strikes;
	size_t		 heldbytes;

	/* Joins, each of which replays history: a bucket of their own. */
	double		 join_tokens;
	int64_t		 join_refilled;

	/* Its last invites (who and where, hashed), not to repeat them. */
	uint64_t	 invited[CR_INVITES_HELD];
	int64_t		 invited_at[CR_INVITES_HELD];

	/* When it last changed nick, not to hop from nick to nick. */
	int64_t		 nick_at[CR_NICK_CHANGES];
	/* ... and its topic changes, each shown to all the room's members. */
	int64_t		 topic_at[CR_TOPIC_CHANGES];

	/* Look-ups whose replies must come before the next command's. */
	u_int		 asking;
	u_int		 ask_gen;	/* waits given up */
	struct event	*ask;		/* bounds the wait */

	TAILQ_ENTRY(server_client) entry;
};
void		 server_client_accept(struct event_base *, int, const char *,
		     const char *, u_int, int);
struct server_client *server_client_next(struct server_client *);
void		 server_client_input(struct server_client *, const char *,
		     size_t, int);
void		 server_client_kill(struct server_client *, const char *);
void		 server_client_write(struct server_client *, const char *,
		     size_t);
void		 server_client_send_event(struct server_client *,
		     const struct hub_event *);
void		 server_client_error(struct server_client *, enum proto_err,
		     const char *, long long);
int		 server_client_need_str(struct server_client *, struct cJSON *,
		     const char *, long long, const char **);
void		 server_client_error_until(struct server_client *,
		     enum proto_err, const char *, long long, int64_t);
void		 server_client_errorf(struct server_client *, enum proto_err,
		     long long, const char *, ...)
		     __attribute__((format(printf, 4, 5)));
void		 server_client_ack(struct server_client *, long long, uint64_t);
void		 server_client_drop(struct server_client *, const char *);
void		 server_client_close_all(const char *);
u_int		 server_client_count(void);
void		 server_client_notice(struct server_client *, const char *,
		     const char *);
void		 server_client_notice_all(const char *, const char *);

/* server-client-flood.c: a connection's flood control and held input */
int		 server_client_flood_gate(struct server_client *, const char *,
		     size_t, u_int, int, int);
int		 server_client_flood_charge(struct server_client *);
int		 server_client_flood_charge_invalid(struct server_client *,
		     long long);
int		 server_client_flood_take(struct server_client *, u_int);
void		 server_client_flood_hold(struct server_client *, const char *,
		     size_t, long long);
void		 server_client_flood_unwait(struct server_client *);
u_int		 server_client_flood_ask(struct server_client *);
void		 server_client_flood_answered(struct server_client *, u_int);
int		 server_client_flood_pace(struct server_client *, int64_t *,
		     u_int, int, const char *, long long);

/* server-client-due.c: a connection's deadlines: handshake, pings */
void		 server_client_due(struct server_client *, int, int64_t);
void		 server_client_due_remove(struct server_client *);
void		 server_client_due_registered(struct server_client *);
void		 server_client_due_retime(void);
void		 server_client_due_free(void);

/* server-login.c: hello, welcome, takeover, quit */
void		 server_login_hello(struct server_client *, struct cJSON *,
		     long long);
void		 server_login_hello_done(struct server_client *,
		     struct server_hello *);
void		 server_login_takeover_remote(struct session *, enum proto_err,
		     const char *, const char *);
void		 server_login_quit(struct server_client *, struct cJSON *,
		     long long);
int		 server_login_proven(struct server_client *, const char *);
int		 server_login_check_nick(const char *, enum proto_err *,
		     char **);
const u_char	*server_login_fingerprint(struct server_client *, u_char *);

/* server-login-nick.c: nick, and the claim on it: release, password */
void		 server_login_nick(struct server_client *, struct cJSON *,
		     long long);
void		 server_login_nick_done(struct server_client *, int,
		     const char *, long long, u_int);
int		 server_login_nick_claim(struct server_client *, const char *,
		     const char *);
void		 server_login_nick_release(struct server_client *,
		     struct cJSON *, long long);
void		 server_login_nick_password(struct server_client *,
		     struct cJSON *, long long);

/* server-chat.c: msg, dm, join, create, leave, rooms, names, topic */
int		 server_chat_muted(struct server_client *, long long);
void		 server_chat_msg(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_dm(struct server_client *, struct cJSON *,
		     long long);
int		 server_chat_unreachable(const char *);
void		 server_chat_dm_full(struct server_client *, const char *,
		     long long);
#define SERVER_DM_TELL	0x1	/* tell the sender it is held */
#define SERVER_DM_KEPT	0x2	/* kept for the session, not live */
void		 server_chat_dm_in(struct session *, const char *, size_t,
		     const char *, const char *, const char *, int);
void		 server_chat_away_notice(struct server_client *, const char *,
		     const char *);
void		 server_chat_dm_done(struct server_client *, const char *,
		     const char *, size_t, long long, uint64_t, int);
int		 server_chat_join_room(struct server_client *, struct room *,
		     long long);
void		 server_chat_join_lobby(struct server_client *, struct room *);
void		 server_chat_join(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_create(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_leave(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_rooms(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_names(struct server_client *, struct cJSON *,
		     long long);
void		 server_chat_topic(struct server_client *, struct cJSON *,
		     long long);

/* server-people.c: whois, away, invites, DM partners */
struct server_invite {			/* what an invite found */
	struct session	*to;		/* the user, if of this hub */
	struct room	*room;		/* the room, if it exists */
	int		 remote;	/* the nick: a user of another hub */
};
void		 server_people_whois(struct server_client *, struct cJSON *,
		     long long);
int		 server_people_whois_find(struct session *, const char *,
		     struct hub_whois *, enum proto_err *, char **);
void		 server_people_whois_free(struct hub_whois *);
void		 server_people_away(struct server_client *, struct cJSON *,
		     long long);
int		 server_people_set_away(struct session *, const char *,
		     enum proto_err *, char **);
const char	*server_people_dm_away(const char *, struct session *);
void		 server_people_partner(struct session *, struct session *);
void		 server_people_renamed(struct session *, const char *);
void		 server_people_forget(struct session *);
int		 server_people_remote_member(struct room *, const char *);
void		 server_people_invite(struct server_client *, struct cJSON *,
		     long long);
int		 server_people_invite_user(struct server_client *,
		     const char *, const char *, struct server_invite *,
		     enum proto_err *, char **);

/* server-oper.c: oper, kick, ban, unban, bans, mute, unmute, shutdown */
void		 server_oper_count(struct server_client *, int);
void		 server_oper_oper(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_kick(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_shutdown(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_ban(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_unban(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_bans(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_mute(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_unmute(struct server_client *, struct cJSON *,
		     long long);
void		 server_oper_recheck(void);
void		 server_oper_tell_mute(struct server_client *, int);
void		 server_oper_kick_here(const char *, const char *,
		     const char *, const char *);
void		 server_oper_enforce(const struct hist_ban *);
void		 server_oper_lifted(int, const char *);
void		 server_oper_mute_set(struct server_client *, struct session *,
		     const char *, int64_t, const char *, const char *,
		     long long);

/* server-oper-remote.c: kick and mute users of other hubs */
void		 server_oper_remote_kick(struct server_client *, const char *,
		     const char *, long long);
void		 server_oper_remote_mute(struct server_client *, const char *,
		     int64_t, const char *, const char *, long long);
void		 server_oper_hashed(const char *);
void		 server_oper_drop(struct session *, int);
int		 server_oper_carried(struct session *, const char *,
		     const char *);

/* server-irc.c: IRC connections, a second codec beside JSON */
struct server_irc;
struct server_event;
void		 server_irc_new(struct server_client *);
void		 server_irc_free(struct server_client *);
void		 server_irc_oversize(struct peer *, void *);
const char	*server_irc_ctags(struct server_client *);
void		 server_irc_input(struct server_client *, const char *, size_t,
		     int);
/* server-irc-event.c */
void		 server_irc_event_reply(struct server_client *,
		     const struct hub_event *);
void		 server_irc_event_encode(int, struct jbuf *,
		     const struct hub_event *);
void		 server_irc_event_deliver(struct server_event *,
		     struct session *);
void		 server_irc_event_kept(struct session *,
		     const struct hub_event *);
void		 server_irc_event_closing(struct server_client *, const char *);
/* server-irc-reg.c */
void		 server_irc_registered(struct server_client *);
void		 server_irc_nick_taken(struct server_client *, const char *);
/* server-irc-ctcp.c: CTCP from and to users of other hubs */
#define CTCP_NONE	0	/* nothing to tell the sender */
#define CTCP_RELAYED	1	/* to an IRC user: echoed to the sender */
#define CTCP_NATIVE	2	/* to a native user: answered for it */
#define CTCP_AWAY	3	/* to a session waiting for its resume */
#define CTCP_UNKNOWN	4	/* to no one: no such nick */
#define CTCP_LOST	5	/* the cluster was lost first: maybe not sent */
int		 server_irc_ctcp_remote(const char *, const char *,
		     const char *, const char *, int, const char **);
void		 server_irc_ctcp_result(const char *, const char *,
		     const char *, int, int);
/* server-irc-hist.c */
void		 server_irc_replay(struct room *, struct session *, u_int);
/* server-irc-seen.c */
void		 server_irc_seen_save(int);
void		 server_irc_seen_free(void);

/* server-event.c: events on their way out, encoded once per codec */
#define SERVER_CODEC_JSON	0	/* the chatroom protocol */
#define SERVER_CODEC_IRC	1	/* IRC: plus the variant's bits */
#define SERVER_IRC_VARIANTS	8	/* tags, away-notify, server-time */
#define SERVER_NCODECS		(SERVER_CODEC_IRC + SERVER_IRC_VARIANTS)
struct server_event {
	const struct hub_event	*ev;
	struct jbuf		 enc[SERVER_NCODECS];	/* NULL buf: not yet */
	int			 borrowed;	/* the JSON came as bytes */
	int			 pinned;	/* and live until the flush */
	struct hub_event	*decoded;	/* from those bytes, for IRC */
	const char		*host;		/* hub_event's */
	struct cJSON		*json;
	char			*image;
};
void		 server_event_encode(int, struct jbuf *,
		     const struct hub_event *);
void		 server_event_init(struct server_event *,
		     const struct hub_event *);
void		 server_event_init_json(struct server_event *, const char *,
		     size_t);
void		 server_event_init_shared(struct server_event *,
		     const struct hub_event *, const char *, size_t);
const char	*server_event_bytes(struct server_event *, int, size_t *);
const struct hub_event *server_event_value(struct server_event *);
void		 server_event_send(struct server_event *, struct session *);
void		 server_event_members(struct server_event *, struct session **,
		     u_int, struct session *);
void		 server_event_free(struct server_event *);
void		 server_event_room(struct room *, const struct hub_event *,
		     struct session *);
void		 server_event_peers(struct session *, const struct hub_event *,
		     int);
void		 server_event_one(struct session *, const struct hub_event *);

/* session.c: identities that outlive their connections (resume) */
struct session_dm {			/* a DM kept until a resume */
	char		*from;
	char		*hub;		/* the sender's hub, NULL: this one */
	char		*host;		/* that hub's IRC name, or NULL */
	char		*line;
	size_t		 len;
	TAILQ_ENTRY(session_dm) entry;
};
#define SESSION_OPER	0x1
#define SESSION_RESTORED 0x2	/* loaded from the history file */
#define SESSION_GHOST	0x8	/* waits for a resume, counted (server-addr.c) */
#define SESSION_OPER_LOST 0x10	/* restored without its operator status */
#define SESSION_MUTE_UNTOLD 0x20 /* muted while it had no connection */
#define SESSION_UNSEEN	0x40	/* never said lost: its hub died under it */
struct server_addr;
struct session {
	char		*nick;
	char		*key;		/* case-folded nick */
	char		 token[CR_TOKEN_BYTES * 2 + 1];
	int		 flags;
	char		*ip;		/* of the current connection */
	char		*pubkey;	/* hex Ed25519 key proven at hello */
	struct room	**rooms;
	u_int		  nrooms;
	struct server_client	*client;	/* NULL while detached */
	struct peer	*peer;		/* its connection's, or NULL */
	const char	*addr;		/* its connection's, for logs */
	int		 codec;		/* its connection's */
	int		 lost_ping;	/* the ping timeout it was lost to, s */
	struct event	*expire;
	int64_t		 since;
	int64_t		 active;	/* it last said something, ms */
	char		*away;		/* its away message, or NULL */
	char		*oper_hash;	/* its operator password, hashed */
	char		*hub_was;	/* restored: the hub id it was on */
	char		**told;		/* DM senders told it is away */
	u_int		  ntold;
	char		**partners;	/* recent DM partners, newest first */
	u_int		  npartners;
	uint64_t	 lost_id;	/* the last id when it was lost */
	int64_t		 lost_at;	/* when it was lost (ms), or 0 */
	uint64_t	*resume_ids;	/* restored: last id per room */
	TAILQ_HEAD(, session_dm) dms;	/* kept while it is lost */
	u_int		 ndms;
	char		*sent_from[CR_DM_HELD];	/* the last DMs sent to it: */
	int64_t		 sent_at[CR_DM_HELD];	/* from whom, when */
	char		*sent_line[CR_DM_HELD];	/* the JSON frame, or NULL */
	size_t		 sent_len[CR_DM_HELD];
	size_t		 sent_bytes;	/* of the frames, CR_DM_RESEND_BYTES */
	u_int		 nsent;
	u_int		 mark;		/* de-duplicates fan-out */
	struct server_addr *ghost_of;	/* its address, while a ghost */
	TAILQ_ENTRY(session) ghost_entry;	/* its address's ghosts */
	TAILQ_ENTRY(session) ghosts_entry;	/* every ghost */
	TAILQ_ENTRY(session) entry;
};
struct session	*session_create(const char *);
void		 session_new_token(char *);
struct session	*session_next(struct session *);
void		 session_fanout_rooms(struct room **, u_int,
		     struct server_event *);
struct session	*session_find_nick(const char *);
struct session	*session_find_token(const char *);
void		 session_set_token(struct session *, const char *);
int		 session_rename(struct session *, const char *);
void		 session_detach(struct session *, int, int, int64_t);
void		 session_attach(struct session *, struct server_client *,
		     struct peer *, const char *);
void		 session_destroy(struct session *, const char *);
void		 session_write(struct session *, const char *, size_t);
#define FANOUT_SELF	0x1	/* the session itself too */
#define FANOUT_PARTNERS	0x2	/* and its recent DM partners */
void		 session_fanout_peers(struct session *, struct server_event *,
		     int);
void		 session_free_all(void);
u_int		 session_count(void);
const char	*session_signoff_reason(struct session *, const char *);
void		 session_to_hist(struct hist *);
u_int		 session_from_hist(struct hist *);
int		 session_restore_oper(struct session *, const char *);

/* session-dm.c: direct messages kept for sessions, and for ended ones */
struct session_dm_box;
int		 session_dm_hold(struct session *, const char *,
		     const char *, const char *, const char *, size_t);
int		 session_dm_room(struct session *, const char *);
void		 session_dm_free(struct session_dm *);
void		 session_dm_keep(struct session *, const char *, const char *,
		     const char *, const char *, size_t);
void		 session_dm_deliver(struct session *, int);
void		 session_dm_irc(struct session *, const char *, const char *,
		     const char *, size_t);
void		 session_dm_drop(struct session *, int);
long long	 session_dm_held_secs(struct session *);
void		 session_dm_tell(const char *, const char *, const char *,
		     long long);
void		 session_dm_tell_here(struct session *, const char *,
		     const char *, long long);
int64_t		 session_dm_sent_window(void);
int64_t		 session_dm_sent_since(int64_t, int64_t);
void		 session_dm_note(struct session *, const char *, const char *,
		     size_t);
void		 session_dm_sent_add(struct session *, const char *, int64_t,
		     const char *, size_t);
void		 session_dm_sent_prune(struct session *, int64_t);
void		 session_dm_tell_unsure(struct session *);
struct session_dm_box *session_dm_box_get(const char *, const char *, int64_t);
void		 session_dm_box_add(struct session_dm_box *, const char *,
		     const char *, size_t);
void		 session_dm_box_keep(struct session *);
void		 session_dm_box_deliver(struct session *);
void		 session_dm_box_free_all(void);
void		 session_dm_to_hist(struct session *, struct hist_session *);
void		 session_dm_boxes_to_hist(struct hist *);
void		 session_dm_boxes_from_hist(struct hist *);

/* room.c */
struct rmember {
	char		*nick;
	char		*key;		/* case-folded nick */
	char		*hub;		/* the hub the member is on */
};
struct room {
	char		*name;
	char		*key;		/* case-folded name */
	char		*topic;
	char		*topic_by;	/* who set it, or NULL if not known */
	int64_t		 topic_at;	/* and when (ms), or 0 */
	int64_t		 created;
	int64_t		 active;	/* last message, or last member gone */
	uint64_t	 seq;		/* its number, kept across restarts */
	struct session	**members;
	u_int		  nmembers;
	u_int		  amembers;
	struct ring	  ring;
	struct rmember	 *remote;	/* members on other hubs (cluster) */
	u_int		  nremote;
	char		  mark[48];	/* last stream entry seen (cluster) */
	LIST_HEAD(, room_cursor) cursors;	/* lists on their way */
	TAILQ_ENTRY(room) entry;
};
TAILQ_HEAD(rooms, room);
extern struct rooms room_list;
/*
 * A place in a room's members, for a list sent in pages: a member who
 * leaves before it moves it back, so no one is skipped.
 */
struct room_cursor {
	struct room	*room;		/* NULL once done, or the room gone */
	u_int		 local;		/* the next local member */
	u_int		 remote;	/* the next member on another hub */
	LIST_ENTRY(room_cursor) entry;	/* in its room's cursors */
};
/* A page of members: nicks, and those of them away (arrays to free). */
struct room_page {
	const char	**nicks;
	size_t		  n;
	const char	**away;
	size_t		  naway;
	const char	**lost;		/* waiting for a resume */
	size_t		  nlost;
};
struct room	*room_create(const char *, const char *, int64_t);
void		 room_set_topic(struct room *, const char *, const char *,
		     int64_t);
void		 room_destroy(struct room *);
u_int		 room_expire(int64_t, int64_t);
struct room	*room_find(const char *);
struct room	*room_by_seq(uint64_t);
struct room	*room_from_seq(uint64_t);
uint64_t	 room_last_seq(void);
u_int		 room_count(void);
int		 room_add(struct room *, struct session *);
int		 room_remove(struct room *, struct session *);
int		 room_has(struct room *, struct session *);
void		 room_fanout(struct room *, const char *, size_t,
		     const char *);
int		 room_say(struct room *, struct message *);
void		 room_remote_add(struct room *, const char *, const char *);
int		 room_remote_remove(struct room *, const char *);
const char	*room_remote_hub(struct room *, const char *);
int		 room_remote_rehome(struct room *, const char *,
		     const char *);
int		 room_remote_rename(struct room *, const char *,
		     const char *);
void		 room_remote_clear(void);
void		 room_remote_drop_hub(const char *, const char *);
u_int		 room_size(struct room *);
const char	*room_member_nick(struct room *, u_int);
const char	**room_member_nicks(struct room *, u_int, size_t *);
void		 room_cursor_start(struct room_cursor *, struct room *);
void		 room_cursor_stop(struct room_cursor *);
int		 room_cursor_page(struct room_cursor *, size_t,
		     struct room_page *);
void		 room_replay(struct room *, struct session *, u_int, uint64_t);
void		 room_free_all(void);
void		 room_to_hist(struct hist *);
u_int		 room_from_hist(struct hist *, u_int);

/* cluster.c: several hubs as one chat, through Redis (cluster_backend) */
int		 cluster_init(struct server_opts *);
int		 cluster_check_url(const char *, char **);
char		*cluster_url_host(const char *, int *);
void		 cluster_free(void);
int		 cluster_enabled(void);
const char	*cluster_id(void);
const char	*cluster_hub_id(void);
int		 cluster_up(void);
int		 cluster_degraded(void);
u_int		 cluster_outbox(void);
void		 cluster_fuzz_bus(const char *, size_t);
u_int		 cluster_remote_users(void);
const char	*cluster_hub_name(const char *);
u_int		 cluster_hubs_live(void);
const char	*cluster_hub_other(u_int);
void		 cluster_claim_put(const char *, int);
void		 cluster_claim_drop(const char *);
void		 cluster_ban_put(int, const char *);
void		 cluster_ban_lift(int, const char *);
void		 cluster_ban_to_hist(struct hist *);
void		 cluster_ban_from_hist(struct hist *);
int		 cluster_ban_kick(const char *, const char *, const char *);

/* server-addr.c: limits per address: logins, joins, rooms, claims, ghosts */
int		 server_addr_login(const char *);
int		 server_addr_churning(const char *);
int		 server_addr_join(const char *);
int		 server_addr_room(const char *);
int		 server_addr_claim(const char *, const char *, char **);
void		 server_addr_ghost_add(struct session *);
void		 server_addr_ghost_remove(struct session *);
struct session	*server_addr_ghost_over(struct session *, const char **);
u_int		 server_addr_ghosts(void);
void		 server_addr_expire(void);
void		 server_addr_free_all(void);

/* auth.c: wrong passwords counted per address */
int		 auth_wait(const char *);
void		 auth_failed(const char *);
void		 auth_free_all(void);

/* claim.c: nicks held by a key, without accounts */
int		 claim_check(const char *, const char *);
int		 claim_migrate(const char *, const char *, const char *,
		     const u_char *, const u_char *);
void		 claim_take(const char *, const char *);
int		 claim_take_password(const char *, const char *);
int		 claim_set_password(const char *, const char *, const char *);
const char	*claim_password(const char *);
int		 claim_keyed(const char *);
int		 claim_release(const char *, const char *, int);
void		 claim_seen(const char *);
void		 claim_seen_live(void);
int64_t		 claim_last_seen(const char *);
void		 claim_to_hist(struct hist *);
void		 claim_from_hist(struct hist *);
void		 claim_expire(int64_t);
void		 claim_free_all(void);
u_int		 claim_count(void);
u_int		 claim_count_key(const char *);
char		*claim_entry(const char *);
int		 claim_same_owner(const char *, const char *, const char *,
		     const char *);
int		 claim_remote_set(const char *, const char *, const char *,
		     const char *, int64_t);
void		 claim_remote_drop(const char *);

/*
 * claim-job.c: passwords hashed and checked on a worker thread.  The
 * callback runs on the event loop with one of these results; wait is
 * the seconds an address must wait (CLAIM_AUTH_WAIT, and after a
 * CLAIM_AUTH_BAD that used up its tries).
 */
#define CLAIM_AUTH_OK		0	/* the password opens the claim */
#define CLAIM_AUTH_NEW		1	/* a free nick is now claimed with it */
#define CLAIM_AUTH_BAD		2	/* wrong password (counted) */
#define CLAIM_AUTH_UNCLAIMED	3	/* nobody claims the nick */
#define CLAIM_AUTH_NO_PASSWORD	4	/* claimed by a key, no password set */
#define CLAIM_AUTH_TAKEN	5	/* in use by someone who did not claim it */
#define CLAIM_AUTH_INVALID	6	/* not a nick or password one may claim */
#define CLAIM_AUTH_WAIT		7	/* too many wrong passwords lately */
#define CLAIM_AUTH_BUSY		8	/* too many logins at once: retry */
#define CLAIM_AUTH_LOST		9	/* set: the key lost the claim */
#define CLAIM_AUTH_LIMIT	10	/* a new claim is over the claim caps */
struct claim_job_done {
	int		 result;
	int		 wait;
	const char	*nick;
	long long	 seq;		/* set: the request answered */
	const char	*hash;		/* hash: the hash made */
};
typedef void	 claim_job_cb(void *, const struct claim_job_done *);
void		 claim_job_login(const char *, const char *, const char *,
		     int, claim_job_cb *, void *);
void		 claim_job_set(const char *, const char *, const char *,
		     long long, claim_job_cb *, void *);
int		 claim_job_hash(const char *, long long, claim_job_cb *,
		     void *);
void		 claim_job_cancel(void *);
void		 claim_job_free_all(void);

/* ban.c: bans by nick or address, and mutes */
int		 ban_add(int, const char *, int64_t, const char *,
		     const char *, int64_t);
int		 ban_remove(int, const char *);
const struct hist_ban *ban_find(int, const char *);
const char	*ban_reason(const struct hist_ban *);
char		*ban_refusal(const struct hist_ban *, const char *);
void		 ban_end(const struct hist_ban *, char *, size_t);
u_int		 ban_count(void);
const struct hist_ban *ban_get(u_int);
void		 ban_to_hist(struct hist *);
void		 ban_from_hist(struct hist *);
void		 ban_expire(int64_t);
void		 ban_free_all(void);
char		*ban_canonical_address(const char *);
char		*ban_key(int, const char *);
char		*ban_canonical_range(const char *, int *);
int		 ban_covers(const char *, const char *);

#endif
