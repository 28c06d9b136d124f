/* SPDX-License-Identifier: ISC */
/* cluster.h: what the cluster's files share (the hub sees server.h only). */

#ifndef CLUSTER_H
#define CLUSTER_H

/*
 * With --cluster, hubs share one Redis and behave as one chat.
 *
 * Two connections per hub, both on the hub's event loop: one for commands,
 * one subscribed to the bus channel (cluster.c).  Every room message goes
 * through one Lua script (cluster-script.c) that takes the next id from a
 * shared counter, puts it between the two parts of the frame the hub
 * encoded around it, appends the frame to the room's capped stream (the
 * history of record) and publishes it on the bus; every hub, the sender's
 * included, delivers those bytes as the bus brings them (cluster-bus.c),
 * so all hubs show the same messages in the same order with the same ids.
 * Other events (joins, nick changes, topics...) are delivered locally at
 * once and published for the other hubs.  Nicks are unique across the
 * cluster (cluster-nick.c).  While Redis is away each hub serves its own
 * users alone (cluster-split.c); back in contact, it reads what it missed
 * (cluster-sync.c).
 *
 * Keys (all under "chatroom:"):
 *	id		the message id counter
 *	hubs		set of live hub ids; hub:ID lives while its hub
 *			beats, and a hub whose key lapsed is taken out of
 *			the set (its users released) by the next heartbeat
 *			of another
 *	nicks		hash: case-folded nick -> "HUB\tTOKENHASH\tNICK\tROOM..."
 *	rooms		hash: case-folded room -> "CREATED\tNAME\tTOPIC"
 *	claims		hash: case-folded nick ->
 *			"NICK\tPUBKEY\tHASH\tPASS\tSEEN", or "~TIME" once
 *			released (cluster-claim.c)
 *	bans		hash: KIND:TARGET -> "KIND\tTARGET\tUNTIL\tBY\tREASON",
 *			or "~TIME" once lifted (cluster-ban.c)
 *	room:KEY	stream of the room's messages (fields i: the id,
 *			u: the request's unique id, f: the frame)
 *	cluster-id	the cluster's id, set once (SET NX) by the first hub
 *			to reach Redis; the welcome gives it to clients, who
 *			keep their windows by it (client-last.c)
 *	aways		hash: case-folded nick -> "HUB\tTEXT", the away
 *			message of a session HUB holds (cluster-away.c)
 *	dmacks		set of the hubs that acknowledge direct messages
 *			(cluster-dm.c); an older hub is not in it
 *	dmwait		hash: id -> "HUB\tFROM\tTO\n" and the frame, a
 *			direct message published to a hub that acknowledges,
 *			until it does; HUB, which sent it, sends it again
 *			(cluster-dm.c), or a live hub once HUB is gone; the
 *			header stays so for hubs of the previous release
 *	dmwaithub	hash: id -> "HUB\tNAME", the hub that sent a DM in
 *			dmwait first and its IRC name, its sender's hub once
 *			adopted
 *	dmwaitat	sorted set: id -> when the copy in dmwait and its
 *			hub in dmwaithub go, if no hub deleted them (ms)
 *	held:NICK	list of the DMs waiting for a session whose hub went
 *	held		sorted set: case-folded nick -> when its held DMs
 *			expire (ms); the hubs tell their senders then
 * Bus payloads are a tab-separated header line, then the frame:
 *	m HUB ROOM SID	a room message		r HUB ROOM	a room event
 *	p HUB ROOM...	an event for a user's rooms	c HUB NAME	a new room
 *	d HUB NICK [FROMHUB]	a direct message for HUB, from FROMHUB
 *	a HUB ID [FROM]	a direct message taken, for HUB that sent it;
 *			with FROM, an away notice for its sender FROM
 *	x HUB [shutdown]	a hub gone
 *	t OLD NEW NICK	a session moved		j HUB NICK ROOM...  where it is
 *	s HUB		a hub resynchronised	k HUB NICK [CLAIM]  a claim
 *	b HUB KIND TARGET [UNTIL BY REASON]	a ban or mute set or lifted
 *	o HUB NICK BY REASON			a kick for the user's hub
 *	n HUB NICK	what became of NICK's direct messages, for its hub
 *	q HUB FROMHUB KIND RESULT FROM TO TEXT	a CTCP (cluster-ctcp.c)
 *
 * The files include <hiredis/hiredis.h>, chatroom.h, proto.h and server.h
 * before this one.
 */

#define CL_OFF		0	/* no --cluster */
#define CL_DOWN		1	/* waiting to reconnect: degraded */
#define CL_CONNECTING	2
#define CL_SYNCING	3	/* reading back what was missed */
#define CL_UP		4

#define CL_PREFIX	"chatroom:"
#define CL_BUS		CL_PREFIX "bus"
#define CL_ID		CL_PREFIX "cluster-id"

#define CL_SWEEP_COUNT	500		/* claims read in one step of a sweep */
#define CL_SWEEP_EVERY	(3600 * 1000)	/* ms between sweeps of old marks */
#define CL_WHO_COUNT	1000		/* nicks a WHO mask reads a step */
#define CL_WHO_STEPS	100		/* ... in at most so many steps */

/*
 * How long a held:NICK list outlives its DMs' expiry, for a hub to take
 * it and tell their senders (see CS_HELDEXP), and how many nicks' lists
 * one pass takes.
 */
#define CL_HELD_GRACE	(600 * 1000)
#define CL_HELD_COUNT	50

/* Held DMs taken: is the session the same user? By their address. */
#define CLUSTER_HELD_ASK (-1)

/*
 * Direct messages to other hubs kept until taken (cluster-dm.c): at
 * most CL_DM_KEPT; one not acknowledged within CL_DM_ACK_BEATS heartbeats
 * is sent again, at most CL_DM_TRIES times; the last CL_DM_SEEN ids taken
 * here are remembered, and as many acknowledgements that came before
 * Redis's answer to the message's first sending.
 */
#define CL_DM_KEPT	1024
#define CL_DM_ACK_BEATS	10
#define CL_DM_TRIES	3
#define CL_DM_SEEN	256

/*
 * Ids of direct messages settled here whose copy in dmwait Redis has not
 * yet been told to delete (it was away): deleted again at the next
 * contact.  At most CL_DM_FORGET; past that the oldest is given up.
 */
#define CL_DM_FORGET	1024

/* A direct message published to another hub, not yet acknowledged. */
struct cluster_dm {
	uint64_t		 id;
	char			 hub[17];	/* published to */
	char			*origin;	/* "HUB\tNAME" if adopted */
	char			*from;
	char			*to;
	char			*frame;		/* with its id */
	size_t			 len;
	int64_t			 sent;
	u_int			 tries;
	int			 busy;		/* being sent again */
	int			 acked;		/* meanwhile */
	TAILQ_ENTRY(cluster_dm)	 entry;
};

/*
 * A room message on its way to Redis: its frame made with id 0, the "0"
 * at idat, which Redis replaces with the id.
 */
struct cluster_out {
	struct server_client	*client;	/* to acknowledge, or NULL */
	long long		 seq;
	char			*roomkey;
	char			*frame;
	size_t			 len;
	size_t			 idat;
	uint64_t		 id;		/* 0: Redis assigns it */
	char			 uid[64];
	int			 check;		/* may be stored already */
	int			 inflight;
	TAILQ_ENTRY(cluster_out) entry;
};
TAILQ_HEAD(cluster_outs, cluster_out);

/*
 * A DM that came on the bus for a nick a hello here is taking, before
 * the hello's answer made the session: kept until it did (see
 * cluster_bus_dm_in).
 */
struct cluster_later {
	char			*key;		/* the nick, folded */
	char			*frame;
	size_t			 len;
	char			*ackhub;	/* or NULL */
	char			*ohub;		/* its sender's hub, or NULL */
	char			*oname;		/* its IRC name, or NULL */
	TAILQ_ENTRY(cluster_later) entry;
};
TAILQ_HEAD(cluster_laters, cluster_later);

/* A client waiting for Redis: a hello, a nick change or a direct message. */
struct cluster_wait {
	struct server_client	*client;
	long long		 seq;
	struct server_hello	 hello;
	char			 presented[CR_TOKEN_BYTES * 2 + 1];
	char			*nick;
	char			*from;		/* a DM's sender */
	char			*frame;		/* a DM with id 0 */
	size_t			 len;
	size_t			 idat;		/* where its "0" is */
	server_whereis_cb	 whereis;	/* a look-up's, until called */
	server_who_cb		 who;		/* a WHO's, until called */
	void			*arg;
	u_int			 queued;	/* a look-up's commands */
	u_int			 got;
	u_int			 gen;		/* server_client_flood_ask's */
	int			 asked;		/* (a DM's, from IRC) */
	int			 notice;	/* a DM's: a notice */
	int			 found;		/* WHEREIS_*, */
	char			*hub;		/* and where */
	char			*away;
	int			 lost;		/* -1: a reply failed */
	struct cluster_laters	 later;		/* a hello's DMs (above) */
	int			 answered;	/* a hello's, by Redis */
	struct event		*lag;		/* CHATROOM_TEST_*_LAG */
	int			 answer;	/* a nick change's, when lagged */
	TAILQ_ENTRY(cluster_wait) entry;
};

/* The scripts (cluster-script.c). */
enum {
	CS_MSG, CS_DM, CS_CLAIM, CS_OWN, CS_SYNC, CS_BEAT, CS_LOAD, CS_LEAVE,
	CS_NICKPUT, CS_NICKDROP, CS_NICKSWEEP, CS_TONICK, CS_HELDEXP, CS_BANPUT,
	CS_BANSWEEP, CS_DMAGAIN, CS_AWAYDROP, CS_HELDTAKE, CS_DMADOPT,
	CS_NICKWHO, CS_NSCRIPTS
};

/* A live hub of the cluster and its IRC server name (NULL: unknown). */
struct cluster_hub {
	char	*id;
	char	*name;
};

/* The cluster's state, one per hub. */
struct cluster {
	int			 state;
	char			*url;		/* for logs and notices */
	char			*host;
	int			 port;
	int			 db;
	char			*password;
	char			 hub[17];
	char			 id[17];	/* the cluster's, "" until known */
	struct cluster_hub	*hubs;		/* live, as the last beat saw */
	u_int			 nhubs;
	int			 ttl;		/* seconds a silent hub lives */

	redisAsyncContext	*cmd;
	redisAsyncContext	*sub;
	redisAsyncContext	*dead_cmd;	/* freed outside callbacks */
	redisAsyncContext	*dead_sub;
	struct event		*reaper;
	struct event		*tick;
	u_int			 gen;		/* connection number */

	int			 backoff;	/* ms */
	int64_t			 retry_at;
	int64_t			 started;	/* this connection attempt */
	int64_t			 last_reply;
	int64_t			 last_beat;
	int64_t			 last_purge;
	int64_t			 reap_after;	/* grace after a reconnection */
	u_int			 outstanding;
	u_int			 sync_pending;
	int			 degraded;	/* users were told */
	int			 ever_up;
	int			 stopping;
	int			 warned_block;

	struct cluster_outs	 inflight;
	struct cluster_outs	 outbox;
	u_int			 noutbox;
	TAILQ_HEAD(, cluster_wait) waits;
	TAILQ_HEAD(, cluster_dm) dms;		/* not yet acknowledged */
	u_int			 ndms;
	uint64_t		 dmseen[CL_DM_SEEN];	/* ids taken here */
	u_int			 dmseen_at;
	uint64_t		 dmacked[CL_DM_SEEN];	/* before Redis said */
	u_int			 dmacked_at;
	uint64_t		 dmforget[CL_DM_FORGET]; /* HDEL not yet done */
	u_int			 ndmforget;
	char			**queued;	/* the bus, while syncing */
	size_t			*queuedlen;
	u_int			 nqueued;

	uint64_t		 block_next;	/* ids for a split */
	uint64_t		 block_end;
	unsigned long long	 uidn;
};
extern struct cluster cluster;

/* cluster.c: connections, commands, heartbeats, init and free */
struct evp_md_st;
void		 cluster_hex(const struct evp_md_st *, const char *, char *);
void		 cluster_hash_token(const char *, const char *, char *);
int		 cluster_command(void (*)(redisReply *, void *), void *, int,
		     const char **, const size_t *);
void		 cluster_lost(const char *);
struct cluster_wait *cluster_wait_new(struct server_client *, long long);
void		 cluster_wait_free(struct cluster_wait *);

/* cluster-script.c: the Lua scripts Redis runs for the hubs */
void		 cluster_script_init(void);
int		 cluster_script_load(int, void (*)(redisReply *, void *),
		     void *);
int		 cluster_script_check(int, const char *);
int		 cluster_script_eval(int, int, int, const char **,
		     const size_t *, void (*)(redisReply *, void *), void *);

/* cluster-bus.c: the bus: events out, and what the other hubs send */
void		 cluster_bus_publish(const char *, size_t, const char *,
		     size_t);
char		*cluster_bus_with_rooms(char *, struct session *, int);
void		 cluster_bus_say(struct server_client *, long long,
		     struct room *, int64_t, int, const char *, const char *,
		     const char *, const char *);
char		*cluster_bus_with_id(const char *, size_t, size_t, uint64_t,
		     size_t *);
void		 cluster_bus_room_event(struct room *, const char *, size_t);
void		 cluster_bus_peers_event(struct session *, const char *,
		     size_t);
char		*cluster_bus_room_store(struct room *, const char *);
void		 cluster_bus_room_changed(struct room *);
void		 cluster_bus_resumed(struct session *);
struct room	*cluster_bus_find_room(const char *, const char *);
int		 cluster_bus_good_nick(const char *);
int		 cluster_hub_name_ok(const char *, size_t);
int		 cluster_bus_one_line(const char *, size_t);
struct cJSON	*cluster_bus_frame(const char *, size_t,
		     const enum proto_type *, char, const char *,
		     enum proto_type *);
u_int		 cluster_bus_fields(char *, char **, u_int);
void		 cluster_bus_ingest(const char *, const char *,
		     const char *, const char *, size_t);
void		 cluster_bus_room_created(char **, u_int);
void		 cluster_bus(const char *, size_t);
void		 cluster_bus_sub_cb(redisAsyncContext *, void *, void *);
void		 cluster_bus_drop_queued(void);

/* cluster-bus-dm.c: direct messages between hubs, sent, held and taken */
void		 cluster_bus_dm(struct server_client *, long long,
		     const char *, const struct hub_event *);
char		*cluster_bus_dm_origin_value(void);
void		 cluster_bus_dm_origin_parse(const char *, size_t, char **,
		     char **);
void		 cluster_bus_dm_held_take(const char *, int);
void		 cluster_bus_dm_held_expire(void);
void		 cluster_bus_dm_notice(const char *, const char *, size_t);
void		 cluster_bus_dm_in(const char *, const char *, size_t,
		     const char *, const char *, const char *);
void		 cluster_bus_dm_later(struct cluster_wait *);
void		 cluster_bus_dm_later_free(struct cluster_wait *);
void		 cluster_bus_dm_away_in(const char *, const char *, size_t);
void		 cluster_bus_dm_notice_in(struct session *, const char *,
		     size_t);

/* cluster-dm.c: direct messages to other hubs, kept until taken */
void		 cluster_dm_sent(const char *, uint64_t, const char *,
		     const char *, const char *, size_t);
void		 cluster_dm_acked(const char *);
void		 cluster_dm_again_hub(const char *, const char *);
void		 cluster_dm_check(void);
void		 cluster_dm_adopt(void);
int		 cluster_dm_seen(uint64_t);
void		 cluster_dm_ack(const char *, uint64_t, const char *,
		     struct session *);
void		 cluster_dm_forget_again(void);
void		 cluster_dm_free_all(void);

/* cluster-away.c: the away messages of the users of other hubs */
void		 cluster_away_set(const char *, const char *, const char *);
void		 cluster_away_renamed(const char *, const char *);
void		 cluster_away_moved(const char *, const char *);
void		 cluster_away_lost(const char *, const char *, int);
void		 cluster_away_forget_nick(const char *);
const char	*cluster_away_of(const char *, const char *);
int		 cluster_away_is_lost(const char *, const char *);
char		*cluster_away_entry(redisReply *, const char *);
int		 cluster_away_entry_lost(redisReply *, const char *);
void		 cluster_away_free_all(void);
void		 cluster_away_own(struct session *);
void		 cluster_away_gone(struct session *);
void		 cluster_away_load(void);

/* cluster-nick.c: nicks unique across the cluster, and where they are */
char		*cluster_nick_entry(struct session *);
void		 cluster_nick_session(struct session *);
void		 cluster_nick_own(struct session *);
void		 cluster_nick_session_gone(struct session *);
const char	*cluster_nick_claim_status(redisReply *);
int		 cluster_nick_same(struct session *, const char *);
void		 cluster_nick_hello(struct server_client *, const char *,
		     const char *, const char *, long long, long long);
void		 cluster_nick_change(struct server_client *, struct session *,
		     const char *, long long, u_int);
void		 cluster_nick_whereis(struct server_client *, const char *,
		     server_whereis_cb, void *);
void		 cluster_nick_who(struct server_client *, const char *, u_int,
		    server_who_cb, void *);

/* cluster-ctcp.c: CTCP between IRC users of different hubs */
void		 cluster_ctcp(struct server_client *, const char *,
		     const char *, int);
void		 cluster_ctcp_bus(const char *, char **, u_int);

/* cluster-sweep.c: walks that remove what no hub needs from a hash */
struct cluster_sweep {
	const char	*key;		/* the hash */
	int		 script;	/* one step (CS_*) */
	const char	*what;		/* for the log: "old release marks" */

	u_int		 gen;		/* cluster.gen of the walk, 0: none */
	int64_t		 last;		/* when the last walk began */
	int64_t		 now;
	int64_t		 cut;		/* entries older than this go */
	long long	 gone;
};
void		 cluster_sweep(struct cluster_sweep *, int64_t);

/* cluster-claim.c: claimed nicks shared by the hubs */
void		 cluster_claim_bus(const char *, char **, u_int);
void		 cluster_claim_load(int);
void		 cluster_claim_synced(void);
void		 cluster_claim_sweep(void);

/* cluster-ban.c: bans, mutes and kicks shared by the hubs */
void		 cluster_ban_bus(const char *, char **, u_int);
void		 cluster_ban_kick_bus(const char *, char **, u_int);
void		 cluster_ban_load(int);
void		 cluster_ban_synced(void);
void		 cluster_ban_sweep(void);

/* cluster-split.c: degraded mode: ids of a split, the outbox, retries */
uint64_t	 cluster_split_id(void);
void		 cluster_split_set_block(long long);
void		 cluster_split_send(struct cluster_out *);
struct message	*cluster_split_hold(struct cluster_out *, int64_t, int,
		     const char *, const char *, const char *);
void		 cluster_split_begin(int, const char *);
int		 cluster_split_end(void);
void		 cluster_split_forget(struct server_client *);
void		 cluster_split_free(void);

/* cluster-sync.c: in step again: what the other hubs did meanwhile */
void		 cluster_sync_start(void);
void		 cluster_sync_reload(void);
void		 cluster_sync_learn(const char *);
void		 cluster_sync_learn_rename(const char *, const char *);
void		 cluster_sync_unlearn(const char *);
void		 cluster_sync_forget(void);
void		 cluster_sync_tell(struct room *, enum proto_type,
		     const char *, const char *);
void		*cluster_sync_hold(void);
void		 cluster_sync_release(void *);

#endif /* CLUSTER_H */
