/* chatroom.h: shared types, every limit, and prototypes grouped by file. */

#ifndef CHATROOM_H
#define CHATROOM_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/queue.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)	gettext(s)
#else
#define _(s)	(s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s)	(s)

#include "proto.h"

struct event_base;
struct cJSON;

/*
 * Limits.  Every bound on input lives here and is documented in
 * chatroom-protocol(7).  Sizes are in bytes, lengths of names in characters.
 */
#define CR_LINE_MAX		8192		/* an ordinary frame, with '\n' */
#define CR_IMAGE_LINE_MAX	(192 * 1024)	/* a frame carrying an image */
#define CR_CLIENT_LINE_MAX	(1024 * 1024)	/* what a client accepts */
#define CR_TEXT_MAX		4000		/* message text */
#define CR_NICK_MAX		32		/* nick, characters */
#define CR_ROOM_MAX		32		/* room name, characters */
#define CR_TOPIC_MAX		300		/* topic text */
#define CR_REASON_MAX		200		/* quit and kick reasons */
#define CR_ROOMS_PER_CLIENT	32
#define CR_MEMBERS_PER_ROOM	20000
#define CR_ROOMS_MAX		10000		/* rooms on one hub */
#define CR_SENDQ_MAX		(256 * 1024)	/* queued output per client */
#define CR_TOKEN_BYTES		16		/* resume token, hex-encoded */
#define CR_PASSWORD_MAX		256

#define CR_DEFAULT_PORT		"7777"
#define CR_DEFAULT_FLUSH	1		/* seconds */
#define CR_DEFAULT_HISTORY	1000		/* messages kept per room */
#define CR_DEFAULT_REPLAY	50		/* messages replayed on join */
#define CR_DEFAULT_RESUME	120		/* seconds a session waits */
#define CR_HANDSHAKE_TIMEOUT	10		/* seconds to send hello */
#define CR_PING_TIMEOUT		60		/* silent seconds before a drop;
						   a ping goes at half of it */
#define CR_FLOOD_BURST		10		/* requests at once */
#define CR_FLOOD_RATE		5		/* requests a second after */
#define CR_FLOOD_QUEUE		20		/* requests held back, at most */
#define CR_FLOOD_QUEUE_BYTES	(512 * 1024)
#define CR_FLOOD_STRIKES	20		/* refusals before a drop */
#define CR_MAX_PER_IP		10		/* connections from one address */
#define CR_MAX_CLIENTS		19000		/* connections in all */
#define CR_CLAIM_DAYS		90		/* idle claims expire */
#define CR_SECRET_BYTES		32		/* a client's nick secret */
#define CR_SCROLLBACK		10000		/* client lines kept per room */
#define CR_LOBBY		"lobby"

/* Cluster mode (--cluster): hubs sharing state through Redis. */
#define CR_CLUSTER_BEAT		2		/* seconds between heartbeats */
#define CR_CLUSTER_TTL		10		/* a silent hub is dead after */
#define CR_CLUSTER_BACKOFF_MAX	8000		/* ms between reconnections */
#define CR_CLUSTER_BLOCK	100000		/* ids kept for a split */
#define CR_CLUSTER_SCAN		500		/* entries searched on a retry */
#define CR_CLUSTER_OUTBOX	100000		/* messages held while split */

/* log.c */
#define LOG_QUIET	0
#define LOG_INFO	1
#define LOG_DEBUG	2
void		 log_open(int, const char *);
void		 log_close(void);
void		 log_set_tui(int);
void		 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatal(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatalx(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		 log_set_fatal_hook(void (*)(void));

/* xmalloc.c */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
int		 xvasprintf(char **, const char *, va_list);

/* utf8.c */
int		 utf8_valid(const char *, size_t);
int		 utf8_decode(const char *, size_t, uint32_t *);
size_t		 utf8_encode(uint32_t, char *);
size_t		 utf8_strlen(const char *, size_t);
int		 utf8_cpwidth(uint32_t);
size_t		 utf8_width(const char *, size_t);
int		 utf8_is_unsafe(uint32_t);
char		*utf8_sanitize(const char *, size_t, int);
char		*utf8_casefold(const char *);
size_t		 utf8_fit(const char *, size_t, size_t, size_t *);
size_t		 utf8_wrap(const char *, size_t, size_t, size_t *);
size_t		 utf8_prev(const char *, size_t);
size_t		 utf8_next(const char *, size_t, size_t);

/* proto.c: validation of names shared by hub and clients */
int		 proto_check_nick(const char *, enum proto_err *, char **);
int		 proto_check_room(const char *, enum proto_err *, char **);
int		 proto_check_text(const char *, size_t, int, enum proto_err *,
		     char **);
void		 proto_make_error(struct jbuf *, enum proto_err, const char *,
		     long long);

/* config.c: KEY=VALUE files and connection targets */
struct config_entry {
	char	*key;
	char	*value;
	int	 line;
};
int		 config_load(const char *, struct config_entry **, size_t *,
		     char **);
void		 config_free(struct config_entry *, size_t);
const char	*config_get(struct config_entry *, size_t, const char *);
struct target {
	char	*nick;
	char	*host;
	char	*port;
	int	 insecure;	/* --insecure: plain TCP */
	char	*trust;		/* --trust FINGERPRINT */
	char	*password;	/* the hub's password, if it has one */
	char	**alts;		/* more hubs of a cluster to try */
	char	**alt_ports;	/* their ports, or NULL: the first's */
	u_int	  nalts;
};
int		 target_parse(const char *, struct target *, char **);
void		 target_free(struct target *);
int		 parse_number(const char *, long long, long long, long long *);
char		*state_path(const char *);
char		*config_path(const char *);
int		 make_parent_dirs(const char *, char **);

/* util.c: the clock, hex and password files, for both roles */
int64_t		 now_ms(void);
void		 util_fix_clock(int64_t);
void		 util_hex(const void *, size_t, char *);
void		 util_random_hex(char *, size_t);
int		 util_read_password(const char *, char **);

/* tls.c */
struct ssl_ctx_st;
struct ssl_st;
struct x509_st;
int		 tls_make_self_signed(const char *, const char *, char **);
struct ssl_ctx_st *tls_server_ctx(const char *, const char *, char **);
struct ssl_ctx_st *tls_client_ctx(char **);
char		*tls_fingerprint(struct x509_st *);
int		 tls_fingerprint_equal(const char *, const char *);
int		 tls_known_check(const char *, const char *, const char *, int *);
int		 tls_known_add(const char *, const char *, const char *,
		     char **);

/* peer.c: line-framed bufferevent shared by the hub and the client */
struct peer;
typedef void	(*peer_cb)(struct peer *, const char *, size_t, void *);
struct peer	*peer_new(struct event_base *, int, size_t, size_t, peer_cb,
		     void *);
struct peer	*peer_new_tls(struct event_base *, int, struct ssl_st *, int,
		     size_t, size_t, peer_cb, void *);
void		 peer_set_ready(struct peer *, void (*)(struct peer *, void *));
struct ssl_st	*peer_ssl(struct peer *);
int		 peer_send(struct peer *, const void *, size_t);
void		 peer_close(struct peer *);
void		 peer_free(struct peer *);
size_t		 peer_queued(struct peer *);
int		 peer_dead(struct peer *);
void		 peer_set_maxline(struct peer *, size_t);
void		 peer_fail(struct peer *, const char *);
const char	*peer_reason(struct peer *);

/* Hub options, from the command line and the config file. */
struct server_opts {
	char		*listen;
	char		*history;
	int		 flush_interval;
	int		 history_size;
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
	char		*tls_cert;
	char		*tls_key;
	int		 claim_days;		/* idle claims expire */
	char		*motd_file;
	char		*password_file;		/* hub password */
	char		*cluster;		/* redis://HOST:PORT[/DB] */
	char		*cluster_password_file;
};

/* history.c: per-room rings and the JSON history file */
#define MSG_TEXT	0
#define MSG_ACTION	1
#define MSG_IMAGE	2
struct message {
	uint64_t	 id;
	int64_t		 ts;		/* ms since the epoch */
	int		 kind;
	char		*nick;
	char		*text;
	char		*image;		/* JSON object text, or NULL */
	char		*line;		/* the encoded frame, shared by all */
	size_t		 linelen;
	u_int		 refs;
	struct message	*dead;		/* next on the graveyard */
};
struct ring {
	struct message	**msgs;
	u_int		  size;
	u_int		  start;
	u_int		  count;
};
void		 message_encode(struct jbuf *, uint64_t, int64_t, int,
		     const char *, const char *, const char *, const char *);
struct message	*message_new(uint64_t, int64_t, int, const char *,
		     const char *, const char *, const char *);
void		 message_ref(struct message *);
void		 message_unref(struct message *);
void		 message_hold(int);
void		 ring_init(struct ring *, u_int);
void		 ring_free(struct ring *);
void		 ring_push(struct ring *, struct message *);
struct message	*ring_get(struct ring *, u_int);
u_int		 ring_since(struct ring *, uint64_t);
int		 ring_insert(struct ring *, struct message *);
int		 ring_has(struct ring *, uint64_t);
struct hist_room {
	char		*name;
	char		*topic;
	int64_t		 created;
	struct ring	 ring;
};
struct hist_claim {
	char		*nick;
	char		*hash;		/* hex SHA-256 of nick key and secret */
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
};
struct hist {
	int		 borrowed;	/* rings point at messages, no refs */
	uint64_t	 next_id;
	struct hist_room *rooms;
	size_t		 nrooms;
	struct hist_claim *claims;
	size_t		 nclaims;
	struct hist_ban	*bans;
	size_t		 nbans;
};
int		 history_load(const char *, u_int, struct hist *, char **);
int		 history_parse(const char *, size_t, u_int, struct hist *,
		     char **);
void		 history_free(struct hist *);
char		*history_serialise(struct hist *, size_t *);
void		 history_serialise_into(struct hist *, struct jbuf *);
int		 history_write(const char *, const char *, size_t, char **);
void		 history_clean_temp(const char *);

/* server.c */
struct server;
struct session;
struct room;
extern struct server *server;
int		 server_main(struct server_opts *);
void		 server_shutdown(const char *);
void		 server_mark_dirty(void);
uint64_t	 server_next_id(void);
void		 server_note_id(uint64_t);
uint64_t	 server_peek_id(void);
struct event_base *server_base(void);
struct server_opts *server_options(void);
struct ssl_ctx_st *server_tls(void);
int		 server_check_oper(const char *);
int		 server_check_password(const char *);
const char	*server_motd(void);

/* server-client.c */
struct sclient;
void		 sclient_accept(struct event_base *, int, const char *,
		     const char *);
void		 sclient_send(struct sclient *, const char *, size_t);
void		 sclient_send_jbuf(struct sclient *, struct jbuf *);
void		 sclient_error(struct sclient *, enum proto_err, const char *,
		     long long);
void		 sclient_drop(struct sclient *, const char *);
void		 sclient_close_all(const char *);
u_int		 sclient_count(void);
void		 sclient_ack(struct sclient *, long long, uint64_t);
void		 sclient_notice(struct sclient *, const char *, const char *);
void		 sclient_notice_all(const char *, const char *);
struct cluster_hello {
	int		 result;
#define CLUSTER_OK	0	/* the nick was free: a new session */
#define CLUSTER_RESUMED	1	/* the token matched: the session moved */
#define CLUSTER_TAKEN	2	/* the nick is held on another hub */
#define CLUSTER_FAILED	3	/* Redis was lost meanwhile */
	char		*nick;
	char		 token[CR_TOKEN_BYTES * 2 + 1];
	char		*secret;
	char		*rooms;		/* tab-separated, when resumed */
	int		 orphaned;	/* its hub had been given up */
	long long	 last_id;
	long long	 seq;
};
void		 sclient_hello_done(struct sclient *, struct cluster_hello *);
void		 sclient_nick_done(struct sclient *, int, const char *,
		     long long);
void		 sclient_dm_done(struct sclient *, const char *,
		     const char *, size_t, long long, uint64_t);
void		 sclient_takeover_remote(struct session *, enum proto_err,
		     const char *);

/* session.c: identities that outlive their connections (resume) */
#define SESSION_OPER	0x1
struct session {
	char		*nick;
	char		*key;		/* case-folded nick */
	char		 token[CR_TOKEN_BYTES * 2 + 1];
	int		 flags;
	char		*ip;		/* of the current connection */
	char		*secret;	/* proves claims; kept in memory only */
	struct room	**rooms;
	u_int		  nrooms;
	struct sclient	*client;	/* NULL while waiting for resume */
	struct event	*expire;
	int64_t		 since;
	u_int		 mark;		/* de-duplicates fan-out */
	TAILQ_ENTRY(session) entry;
};
struct session	*session_create(const char *);
void		 session_new_token(char *);
struct session	*session_next(struct session *);
void		 session_fanout_rooms(struct room **, u_int, const char *,
		     size_t);
struct session	*session_find_nick(const char *);
struct session	*session_find_token(const char *);
int		 session_rename(struct session *, const char *);
void		 session_detach(struct session *, int);
void		 session_attach(struct session *, struct sclient *);
void		 session_destroy(struct session *, const char *);
void		 session_send(struct session *, const char *, size_t);
void		 session_fanout_peers(struct session *, const char *, size_t,
		     int);
void		 session_free_all(void);
u_int		 session_count(void);

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
	int64_t		 created;
	struct session	**members;
	u_int		  nmembers;
	u_int		  amembers;
	struct ring	  ring;
	struct rmember	 *remote;	/* members on other hubs (cluster) */
	u_int		  nremote;
	char		  mark[48];	/* last stream entry seen (cluster) */
	TAILQ_ENTRY(room) entry;
};
TAILQ_HEAD(rooms, room);
extern struct rooms room_list;
struct room	*room_create(const char *, const char *, int64_t);
struct room	*room_find(const char *);
struct room	*room_by_number(u_int);
u_int		 room_count(void);
int		 room_add(struct room *, struct session *);
int		 room_remove(struct room *, struct session *);
int		 room_has(struct room *, struct session *);
void		 room_fanout(struct room *, const char *, size_t);
void		 room_append(struct room *, struct message *);
int		 room_ingest(struct room *, struct message *);
void		 room_remote_add(struct room *, const char *, const char *);
int		 room_remote_remove(struct room *, const char *);
void		 room_remote_clear(void);
void		 room_remote_drop_hub(const char *);
u_int		 room_size(struct room *);
const char	*room_member_nick(struct room *, u_int);
void		 room_replay(struct room *, struct session *, u_int, uint64_t);
void		 room_free_all(void);
void		 room_to_hist(struct hist *);
void		 room_from_hist(struct hist *, u_int);

/* cluster.c: several hubs as one chat, through Redis */
int		 cluster_init(struct server_opts *);
void		 cluster_free(void);
int		 cluster_enabled(void);
int		 cluster_up(void);
const char	*cluster_hub(void);
uint64_t	 cluster_local_id(void);
void		 cluster_forget(struct sclient *);
void		 cluster_msg(struct sclient *, long long, struct room *,
		     int64_t, int, const char *, const char *, const char *);
void		 cluster_dm(struct sclient *, long long, const char *,
		     const char *, size_t);
void		 cluster_hello(struct sclient *, const char *, const char *,
		     const char *, long long, long long);
void		 cluster_shutdown(void);
int		 cluster_busy(void);
void		 cluster_fuzz_bus(const char *, size_t);
void		 cluster_nick(struct sclient *, struct session *, const char *,
		     long long);
void		 cluster_session(struct session *);
void		 cluster_session_gone(struct session *);
void		 cluster_resumed(struct session *);
void		 cluster_room_event(struct room *, const char *, size_t);
void		 cluster_peers(struct session *, const char *, size_t);
void		 cluster_room_created(struct room *);

/* claim.c: nicks held by a secret, without accounts */
int		 claim_check(const char *, const char *);
void		 claim_take(const char *, const char *);
int		 claim_release(const char *);
void		 claim_seen(const char *);
void		 claim_to_hist(struct hist *);
void		 claim_from_hist(struct hist *);
void		 claim_expire(int64_t);
void		 claim_free_all(void);

/* ban.c: bans by nick or address, and mutes */
int		 ban_add(int, const char *, int64_t, const char *,
		     const char *);
int		 ban_remove(int, const char *);
const struct hist_ban *ban_find(int, const char *);
u_int		 ban_count(void);
const struct hist_ban *ban_get(u_int);
void		 ban_to_hist(struct hist *);
void		 ban_from_hist(struct hist *);
void		 ban_free_all(void);

/* Client side model: plain structs the TUI, --batch and tests share. */
#define CLINE_MSG	0	/* <nick> text */
#define CLINE_ACTION	1	/* * nick text */
#define CLINE_DM	2	/* a direct message, in or out */
#define CLINE_EVENT	3	/* join, leave, nick, topic: dimmed */
#define CLINE_NOTICE	4	/* local information */
#define CLINE_ERROR	5	/* an error from the hub or a command */
#define CLINE_MARKER	6	/* end of replayed history */
#define CLINE_IMAGE	7	/* ASCII art */
struct cline {
	int64_t		 ts;
	int		 kind;
	int		 flags;
#define CLINE_SELF	0x1	/* sent by this user */
#define CLINE_MENTION	0x2	/* mentions this user */
#define CLINE_HISTORY	0x4	/* replayed from history */
#define CLINE_OUT	0x8	/* a DM this user sent */
	uint64_t	 id;
	char		*nick;		/* sanitised, or NULL */
	char		*text;		/* sanitised display text */
	void		*image;		/* struct image *, for CLINE_IMAGE */
};
struct cbuf {
	struct cline	**lines;
	u_int		  size;
	u_int		  start;
	u_int		  count;
	uint64_t	  total;	/* lines ever added */
};
#define CROOM_DM	0x1
#define CROOM_JOINED	0x2
#define CROOM_REPLAY	0x4	/* inside a history replay */
struct croom {
	char		*name;		/* room name, or nick for a DM */
	char		*topic;
	int		 flags;
	char		**members;
	u_int		  nmembers;
	u_int		  unread;
	int		  mention;
	struct cbuf	  buf;
	TAILQ_ENTRY(croom) entry;
};
TAILQ_HEAD(crooms, croom);
struct roominfo {
	u_int		 number;
	char		*name;
	char		*topic;
	u_int		 nmembers;
	char		*members;	/* comma-separated */
};

#define CLIENT_DISCONNECTED	0
#define CLIENT_CONNECTING	1
#define CLIENT_HANDSHAKE	2
#define CLIENT_READY		3
#define CLIENT_WAITING		4	/* backing off before a retry */
#define CLIENT_CLOSED		5

struct client;
/* What the interface (TUI or --batch) is told by the client core. */
struct client_ui {
	void	(*line)(struct client *, struct croom *, struct cline *);
	void	(*state)(struct client *);
	void	(*roomlist)(struct client *);
	void	(*error)(struct client *, enum proto_err, const char *);
	void	(*raw)(struct client *, const char *, size_t);
	void	(*closed)(struct client *, int);
	void	(*ask_trust)(struct client *, const char *);
	void	*data;
};
struct client {
	struct event_base *base;
	struct client_ui  *ui;
	char		  *host;
	char		  *port;
	char		 **hosts;	/* every hub to try, in turn */
	char		 **ports;
	u_int		   nhosts;
	u_int		   hostidx;	/* the one in use */
	u_int		   tried;	/* others tried since it failed */
	char		  *nick;
	char		   token[CR_TOKEN_BYTES * 2 + 1];
	uint64_t	   last_id;
	int		   state;
	int		   flags;
#define CLIENT_RECONNECT	0x1	/* retry lost connections */
#define CLIENT_OPER		0x2
#define CLIENT_QUITTING		0x4
#define CLIENT_EVER_READY	0x8
	struct peer	  *peer;
	struct event	  *timer;
	int		   backoff;
	int		   retry_at;
	long long	   seq;
	u_int		   pending;	/* requests not yet acknowledged */
	struct crooms	   rooms;
	struct croom	  *current;
	struct croom	  *status;	/* where notices go before a room */
	struct roominfo	  *roomlist;
	u_int		   nroomlist;
	u_int		   scrollback;
	u_int		   image_width;	/* default /image width */
	char		  *hub;
	char		  *last_error;
	enum proto_err	   last_err;
	struct ssl_ctx_st *tls;		/* NULL with --insecure */
	char		  *trust;	/* --trust FINGERPRINT */
	char		  *fingerprint;	/* of the hub, while asking */
	char		  *secret;	/* proves our claimed nicks */
	char		  *password;	/* the hub's password */
};
struct client	*client_new(struct event_base *, const char *, const char *,
		     const char *, struct client_ui *);
void		 client_free(struct client *);
void		 client_connect(struct client *);
void		 client_add_hub(struct client *, const char *, const char *);
int		 client_set_tls(struct client *, int, const char *, char **);
void		 client_trust(struct client *, int);
char		*client_hub_name(struct client *);
int		 client_send_frame(struct client *, struct jbuf *);
long long	 client_next_seq(struct client *);
void		 client_quit(struct client *, const char *);
struct croom	*client_room(struct client *, const char *, int);
void		 client_switch(struct client *, struct croom *);
void		 client_notice(struct client *, struct croom *, int,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
void		 client_handle_line(struct client *, const char *, size_t);
void		 cbuf_init(struct cbuf *, u_int);
void		 cbuf_free(struct cbuf *);
void		 cbuf_clear(struct cbuf *);
struct cline	*cbuf_get(struct cbuf *, u_int);
void		 cbuf_push(struct cbuf *, struct cline *);
void		 cline_free(struct cline *);
int		 client_mentions(const char *, const char *);

/* cmd.c: slash commands shared by the TUI and --batch */
#define CMD_NEEDS_ROOM	0x1	/* needs a current room */
#define CMD_LOCAL	0x2	/* works without a connection */
struct cmd_entry {
	const char	*name;
	const char	*alias;
	const char	*usage;
	const char	*help;
	int		 minargs;
	int		 maxargs;	/* the last argument takes the rest */
	int		 flags;
	int		(*exec)(struct client *, int, char **, char **);
};
extern const struct cmd_entry cmd_table[];
const struct cmd_entry *cmd_find(const char *, char **);
int		 cmd_execute(struct client *, const char *, char **);
int		 cmd_split(const char *, int, char ***, int *);
void		 cmd_free_argv(int, char **);

/* fmt.c: event text in the user's language, shared by TUI and --batch */
char		*fmt_time(int64_t, char *, size_t);
char		*fmt_cline(struct client *, struct croom *, struct cline *);
const char	*fmt_error(enum proto_err);
char		*fmt_error_detail(enum proto_err, const char *);

/* batch.c */
int		 batch_main(struct target *, int);

/* tui.c */
int		 tui_main(struct target *);

#endif
