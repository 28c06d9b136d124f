/* server.h: the hub: options, history, sessions, rooms, cluster, bans. */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdint.h>

#include "chatroom.h"
#include "proto.h"

struct event;
struct ssl_ctx_st;

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
	char		*metrics;		/* [HOST]:PORT for HTTP */
	int		 stats_interval;	/* seconds, 0: off */
};

/* message.c: refcounted messages, encoded once, and per-room rings */
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
/* history.c: the JSON history file */
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

/* metrics.c: counters incremented in place, served over HTTP and logged */
#define METRICS_DM		3	/* after the MSG_* kinds */
#define METRICS_KINDS		4
#define METRICS_HS_TLS		0	/* the TLS handshake did not finish */
#define METRICS_HS_TIMEOUT	1	/* no hello in time */
#define METRICS_HS_REFUSED	2	/* refused at accept or hello */
#define METRICS_HS_REASONS	3
struct metrics_listener {
	char		*name;		/* the address it is bound to */
	int		 tls;
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
	uint64_t	 handshake_failures[METRICS_HS_REASONS];
};
extern struct metrics metrics;
int		 metrics_init(struct event_base *, struct server_opts *,
		     char **);
void		 metrics_free(void);
u_int		 metrics_listener_add(const char *, int);
void		 metrics_save_start(void);
void		 metrics_save_done(int);
void		 metrics_stop(void);

/* server-client.c */
struct server_client;
void		 server_client_accept(struct event_base *, int, const char *,
		     const char *, u_int);
void		 server_client_send(struct server_client *, const char *,
		     size_t);
void		 server_client_send_jbuf(struct server_client *, struct jbuf *);
void		 server_client_error(struct server_client *, enum proto_err,
		     const char *, long long);
void		 server_client_drop(struct server_client *, const char *);
void		 server_client_close_all(const char *);
u_int		 server_client_count(void);
void		 server_client_ack(struct server_client *, long long, uint64_t);
void		 server_client_notice(struct server_client *, const char *,
		     const char *);
void		 server_client_notice_all(const char *, const char *);
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
void		 server_client_hello_done(struct server_client *,
		     struct cluster_hello *);
void		 server_client_nick_done(struct server_client *, int,
		     const char *, long long);
void		 server_client_dm_done(struct server_client *, const char *,
		     const char *, size_t, long long, uint64_t);
void		 server_client_takeover_remote(struct session *, enum proto_err,
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
	struct server_client	*client;	/* NULL while detached */
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
void		 session_attach(struct session *, struct server_client *);
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
int		 cluster_degraded(void);
u_int		 cluster_outbox(void);
const char	*cluster_hub(void);
uint64_t	 cluster_local_id(void);
void		 cluster_forget(struct server_client *);
void		 cluster_msg(struct server_client *, long long, struct room *,
		     int64_t, int, const char *, const char *, const char *);
void		 cluster_dm(struct server_client *, long long, const char *,
		     const char *, size_t);
void		 cluster_hello(struct server_client *, const char *,
		     const char *, const char *, long long, long long);
void		 cluster_shutdown(void);
int		 cluster_busy(void);
void		 cluster_fuzz_bus(const char *, size_t);
void		 cluster_nick(struct server_client *, struct session *,
		     const char *, long long);
void		 cluster_session(struct session *);
void		 cluster_session_gone(struct session *);
void		 cluster_resumed(struct session *);
void		 cluster_room_event(struct room *, const char *, size_t);
void		 cluster_peers(struct session *, const char *, size_t);
void		 cluster_room_created(struct room *);

/* auth.c: wrong passwords counted per address */
int		 auth_wait(const char *);
void		 auth_failed(const char *);
void		 auth_free_all(void);

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
char		*ban_canonical_address(const char *);

#endif
