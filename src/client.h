/* SPDX-License-Identifier: ISC */
/* client.h: the client model, its interface seam, commands and formats. */

#ifndef CLIENT_H
#define CLIENT_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdint.h>

#include "chatroom.h"
#include "proto.h"

struct event;
struct event_base;
struct image;
struct peer;
struct ssl_ctx_st;
struct target;

/* Client side model: plain structs the TUI, --batch and tests share. */
#define CLINE_MSG	0	/* <nick> text */
#define CLINE_ACTION	1	/* * nick text */
#define CLINE_DM	2	/* a direct message, in or out */
#define CLINE_EVENT	3	/* join, leave, nick, topic: dimmed */
#define CLINE_NOTICE	4	/* local information */
#define CLINE_ERROR	5	/* an error from the hub or a command */
#define CLINE_MARKER	6	/* end of replayed history */
#define CLINE_IMAGE	7	/* ASCII art */

/* The ids of the last DMs shown kept per hub (client-last.c). */
#define CLIENT_LAST_DM_IDS 64
/*
 * How the text of a line looks from byte off on, as the IRC formatting
 * codes of a message said (client-room.c); the codes are not in the text.
 */
#define CFMT_BOLD	0x1
#define CFMT_ITALIC	0x2
#define CFMT_UNDERLINE	0x4
#define CFMT_REVERSE	0x8
#define CFMT_STRIKE	0x10
#define CFMT_DEFAULT	-1		/* the colour of the terminal */
#define CFMT_RGB	0x1000000	/* | 0xRRGGBB; else mIRC 0 to 98 */
struct cfmt {
	uint32_t	 off;
	int		 attr;		/* CFMT_* */
	int32_t		 fg;
	int32_t		 bg;
};
struct cline {
	int64_t		 ts;
	int		 kind;
	int		 flags;
#define CLINE_SELF	0x1	/* sent by this user */
#define CLINE_MENTION	0x2	/* mentions this user */
#define CLINE_HISTORY	0x4	/* replayed from history */
#define CLINE_OUT	0x8	/* a DM this user sent */
#define CLINE_PENDING	0x10	/* typed while disconnected: not sent yet */
#define CLINE_DIRECT	0x20	/* a direct message (a picture's line too) */
#define CLINE_NOLOG	0x40	/* shown only: kept out of the log files */
#define CLINE_IRCNOTICE	0x80	/* an IRC NOTICE: -nick- text */
	uint64_t	 id;
	char		*nick;		/* sanitised, or NULL */
	char		*text;		/* sanitised display text */
	void		*image;		/* struct image *, for CLINE_IMAGE */
	struct cfmt	*fmt;		/* IRC formatting, by offset */
	u_int		 nfmt;
	size_t		 bytes;		/* the memory it takes, about */
};
/* The kind a line is shown as: a picture sent directly heads as a DM. */
#define CLINE_HEAD_KIND(l) ((l)->kind == CLINE_IMAGE && \
	((l)->flags & CLINE_DIRECT) ? CLINE_DM : (l)->kind)
struct cbuf {
	struct cline	**lines;
	u_int		  size;		/* lines kept at most */
	u_int		  alloc;	/* slots allocated */
	u_int		  start;
	u_int		  count;
	uint64_t	  total;	/* lines ever added */
	size_t		  bytes;	/* what the lines take */
	size_t		  max_bytes;	/* and may take */
	size_t		 *all;		/* the client's sum, or NULL */
};
/* The message ids a window shows (cseen.c). */
#define CSEEN_RECENT	64
struct cseen {
	uint64_t	 high;			/* the highest id shown */
	uint64_t	 recent[CSEEN_RECENT];	/* the last ids shown */
	u_int		 next;
};
#define CROOM_DM	0x1
#define CROOM_JOINED	0x2
#define CROOM_REPLAY	0x4	/* inside a history replay */
#define CROOM_REJOIN	0x8	/* joining again after a reconnection */
#define CROOM_PAGES	0x10	/* more pages of members to come */
#define CROOM_RECHECK	0x20	/* compare members after a reconnection */
#define CROOM_ADOPTED	0x40	/* the session was in it when we took it */
#define CROOM_GAP	0x80	/* its resume replay lacks messages */
#define CROOM_MISSED	0x100	/* the replay has unread: marker set */
#define CROOM_KEPT	0x200	/* read up to kept_id at the last run */
#define CROOM_TOMARK	0x400	/* in view: show its read marker */
struct croom {
	char		*name;		/* room name, or nick for a DM */
	char		*log_name;	/* a DM's log's nick, if renamed */
	char		*topic;
	int		 flags;
	char		**members;
	u_int		  nmembers;
	u_int		  nextra;	/* members beyond CR_CLIENT_MEMBERS */
	struct strmap	  memberidx;	/* folded nick: index + 1 */
	char		**before;	/* members before a reconnection */
	u_int		  nbefore;
	uint64_t	  active;	/* the client's tick when last used */
	u_int		  unread;
	int		  mention;
	uint64_t	  seen;		/* buf.total when last left */
	uint64_t	  read_id;	/* the last message id read */
	int64_t		  read_ts;	/* and the latest time (ms) read */
	int64_t		  last_ts;	/* the latest message's time */
	uint64_t	  kept_id;	/* read_id of the last run (CROOM_KEPT) */
	int64_t		  kept_ts;	/* and read_ts */
	struct cbuf	  buf;
	struct cseen	  shown;		/* message ids shown */
	u_int		  replayed;	/* new lines of the replay under way */
	int		  held;		/* the terminal's view of it, kept */
	uint64_t	  held_anchor;	/* while another is in sight (see */
	u_int		  held_skip;	/* tui-scroll.c) */
	TAILQ_ENTRY(croom) entry;
};
TAILQ_HEAD(crooms, croom);

/*
 * A request held back by the client itself: with CLIENT_INFLIGHT requests
 * unanswered, more wait here rather than run into the hub's flood control
 * (a burst of 10 and 20 held, at 5 a second), which refuses the rest and
 * at last disconnects, as when many lines are typed or pasted one by one.
 */
#define CLIENT_INFLIGHT		16
#define CLIENT_OUTQ_MAX		1000	/* lines held, at most */
#define CLIENT_QUIT_WAIT	5	/* seconds a quit waits for an answer */
#define CLIENT_LATE_MS		2000	/* a line unanswered shows as sending */
#define CLIENT_TLS_WAIT		10	/* seconds for a first TLS handshake */

/*
 * Keepalive (client_lag_tick): after CLIENT_LAG_IDLE seconds with nothing
 * from the hub the client pings it; an answer awaited (to that ping or to
 * any request) for CLIENT_LAG_SHOW seconds is shown as lag, and after
 * CLIENT_LAG_MAX seconds the connection counts as lost: the client
 * reconnects and resumes as after any loss.  TCP keepalive on the socket
 * is a backstop: idle CLIENT_TCP_IDLE seconds, then CLIENT_TCP_COUNT
 * probes CLIENT_TCP_INTERVAL seconds apart.
 */
#define CLIENT_LAG_IDLE		30
#define CLIENT_LAG_SHOW		5
#define CLIENT_LAG_MAX		90
#define CLIENT_LAG_LIMIT	3600	/* most for LAG_PING, LAG_GIVE_UP */
#define CLIENT_TCP_IDLE		60
#define CLIENT_TCP_INTERVAL	10
#define CLIENT_TCP_COUNT	6
struct client_frame {
	char			*buf;
	size_t			 len;
	int			 counted;	/* has a seq: answered */
	int			 quit;		/* then close */
	long long		 seq;
	int			 type;		/* enum proto_type */
	int			 action;
	int			 image;		/* carries a picture */
	char			*to;		/* msg: room; dm: nick */
	char			*text;		/* msg, dm: the text */
	struct cline		*line;		/* shown as not sent yet, or NULL */
	char			*window;	/* and where */
	int			 window_dm;	/* a conversation */
	int			 late;		/* typed: shown once the hub is late */
	int64_t			 since_ms;	/* when it was made */
	int			 fate;		/* see client_inflight_match */
	int			 gap;		/* its room's replay lacks some */
#define CLIENT_FATE_UNKNOWN	0	/* may or may not have been stored */
#define CLIENT_FATE_STORED	1	/* the replay has it: never again */
#define CLIENT_FATE_RESEND	2	/* surely not stored: send again */
	TAILQ_ENTRY(client_frame) entry;
};
TAILQ_HEAD(client_frames, client_frame);
struct roominfo {
	long long	 number;	/* the hub's number for the room */
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
	void	(*raw)(struct client *, const char *, size_t, int);
	void	(*closed)(struct client *, int);
	void	(*ask_trust)(struct client *, const char *);
	int	(*search)(struct client *, const char *, char **);
	int	(*names)(struct client *);
	void	(*recall)(struct client *, const char *);
	void	*data;
};
/* How far a room was read at the last run (client-last.c). */
struct client_read {
	char		*key;		/* the room's key */
	uint64_t	 id;		/* the last message read */
	int64_t		 ts;		/* the latest time read (ms) */
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
	u_char		  *hubbanned;	/* per hub: a ban refused us */
	char		  *nick;
	char		   token[CR_TOKEN_BYTES * 2 + 1];
	uint64_t	   last_id;
	int		   state;
	int		   flags;
#define CLIENT_RECONNECT	0x1	/* retry lost connections */
#define CLIENT_OPER		0x2
#define CLIENT_QUITTING		0x4
#define CLIENT_EVER_READY	0x8
#define CLIENT_HELLO_READY	0x10	/* the transport is trusted */
#define CLIENT_CHALLENGED	0x20	/* the hub's challenge came */
#define CLIENT_HEARD		0x40	/* a line came on this connection */
#define CLIENT_NOT_HUB		0x80	/* what answered is not a hub */
#define CLIENT_TAKEN		0x100	/* another connection took over */
#define CLIENT_SILENT		0x200	/* no challenge came in time */
#define CLIENT_RECONCILE	0x400	/* resumed: reading what was stored */
#define CLIENT_REPLAY_EXACT	0x800	/* the welcome said replay_exact */
#define CLIENT_TOLD_TYPED	0x1000	/* said lines typed now will wait */
#define CLIENT_KICKED		0x2000	/* an operator removed us */
#define CLIENT_REPLAY_ROOMS	0x4000	/* exact but in rooms with a gap */
#define CLIENT_BANNED		0x8000	/* every hub of the list bans */
#define CLIENT_NICK_RESUME	0x10000	/* hello as the session's nick now */
#define CLIENT_NICK_RESUMED	0x20000	/* and took it over: say so */
#define CLIENT_NEW_SESSION	0x40000	/* the welcome said new_session */
#define CLIENT_MUTED		0x80000	/* we may not speak: muted_until */
#define CLIENT_TAKING_BACK	0x100000 /* Enter after a takeover */
#define CLIENT_NAMED		0x200000 /* the target's room is not in yet */
#define CLIENT_NICK_GUESS	0x400000 /* NICK_RESUME by another address */
#define CLIENT_HINT		0x800000 /* the /help hint is due (TUI) */
#define CLIENT_TOPIC_NOTE	0x1000000 /* a joined room's topic: a line */
#define CLIENT_MOTD		0x2000000 /* the hub sent a message of the day */
	struct peer	  *peer;
	struct event	  *timer;
	struct event	  *lag_timer;	/* keepalive: client_lag_tick */
	struct event	  *late_timer;	/* client_send_late_cb */
	int64_t		   heard_ms;	/* when the hub last sent a line */
	int64_t		   wait_ms;	/* since when an answer is awaited */
	int64_t		   lag_due;	/* when the keepalive timer is due */
	int		   lag;		/* seconds of lag shown, or 0 */
	int		   lag_idle;	/* CLIENT_LAG_*, or the test's */
	int		   lag_show;
	int		   lag_max;
	int		   backoff;
	int		   retry_at;
	long long	   seq;
	u_int		   pending;	/* requests not yet acknowledged */
	struct client_frames sent;	/* those requests, in order */
	struct client_frames outq;	/* held back: too many pending */
	u_int		   noutq;
	struct client_frames unsure;	/* unanswered when a connection went */
	struct client_frames own;	/* our messages the resume replayed */
	uint64_t	   own_after;	/* the last_id the resume gave */
	uint64_t	   own_last_id;	/* ids seen while reconciling */
	long long	   own_seq;	/* the ping that ends the replay */
	char		  *own_nick;	/* our nick when the connection went */
	char		  *start_nick;	/* the nick we were started as */
	char		  *session_key;	/* its line's key (client-hello.c) */
	u_int		   unconfirmed;	/* lines a quit left unanswered */
	u_int		   unsent;	/* and held lines it dropped */
	char		  *answered;	/* a line shown waiting, as typed */
	struct crooms	   rooms;
	struct croom	  *current;
	struct croom	  *status;	/* where notices go before a room */
	struct roominfo	  *roomlist;
	u_int		   nroomlist;
	int		   roomlist_more;	/* pages of it still to come */
	struct cJSON	  *names;	/* namelist pages so far, or NULL */
	u_int		   nnames;	/* and how many names they had */
	u_int		   scrollback;
	size_t		   window_bytes;	/* scrollback bytes per window */
	size_t		   scrollback_bytes;	/* and in all */
	size_t		   bytes;	/* what the scrollbacks take */
	struct strmap	   windows;	/* folded name: struct croom */
	u_int		   nwindows;
	uint64_t	   tick;		/* counts uses of windows */
	u_int		   image_width;	/* default /image width */
	u_int		   image_rows;	/* and height, at most (0: any) */
	char		  *hub;
	char		  *last_error;
	char		  *ban_told;	/* the nick our last ban's notice named */
	enum proto_err	   last_err;
	int64_t		   last_until;	/* the error's end of a ban (ms) */
	int64_t		   muted_until;	/* CLIENT_MUTED: its end (ms), 0 for
					   none or not said */
	int		   mute_told;	/* a mute was told and holds, across
					   a reconnection too */
	int64_t		   mute_told_until; /* its end, as muted_until */
	struct ssl_ctx_st *tls;		/* NULL with --insecure */
	char		  *trust;	/* --trust FINGERPRINT */
	char		  *fingerprint;	/* of the hub, while asking */
	struct evp_pkey_st *ident;	/* our key pair: proves our nicks */
	char		   pubkey[CR_KEY_BYTES * 2 + 1];
	char		  *secret;	/* version 1 secret, to move claims */
	u_char		   nonce[CR_NONCE_BYTES];	/* hub's challenge */
	u_char		   hubfp[CR_FP_BYTES];	/* SHA-256 of its certificate */
	char		  *password;	/* the hub's password */
	char		  *room;	/* joined after the first login */
	char		  *last_hub;	/* client-last.c: HOST:PORT, or NULL */
	char		  *last_key;	/* NICK@HOST:PORT once logged in,
					   or NICK@cluster:ID */
	char		  *last_addr;	/* NICK@HOST:PORT under a cluster */
	char		  *cluster;	/* the welcome's cluster id, or NULL */
	char		  *last_want;	/* the room to show once in it */
	char		  *last_saved;	/* the room kept last */
	char		  *last_dms;	/* the conversations kept last */
	int		   last_dms_open; /* those kept were reopened */
	long long	   last_dm_ids[CLIENT_LAST_DM_IDS]; /* DMs shown */
	u_int		   last_ndm_ids;
	u_int		   last_ndm_old; /* the first so many: last run's */
	char		 **last_order;	/* window keys, in the last run's order */
	u_char		  *last_placed;	/* that one has had its place */
	u_int		   last_norder;
	u_int		   last_nplaced;
	u_int		   last_settle;	/* seconds the order has waited */
	int		   last_rejoin;	/* REJOIN: join the last run's rooms */
	char		 **last_joining; /* rooms joined again, not yet in */
	u_int		   last_njoining;
	u_int		   last_rejoined; /* how many were asked for */
	struct client_read *last_reads;	/* how far rooms were read */
	u_int		   last_nreads;
	struct client_log *log;		/* conversation logs, or NULL */
	char		 **ignore;	/* /ignore: case-folded nicks */
	u_int		   nignore;
	int		   ignore_loaded;
	char		 **highlights;	/* HIGHLIGHT= words */
	u_int		   nhighlights;
	void		  *away;	/* nicks away, lost (client-people.c) */
	u_int		   naway;
	u_int		   nlost;
	long long	   away_back;	/* seq of a /away alone, unanswered */
	const char	  *view_held;	/* --batch: a /join that failed */
};

/* client.c: connection, handshake, reconnect and resume, sending */
struct client	*client_new(struct event_base *, const char *, const char *,
		     const char *, struct client_ui *);
void		 client_free(struct client *);
void		 client_connect(struct client *);
void		 client_add_hub(struct client *, const char *, const char *);
void		 client_ready(struct client *, int);
char		*client_password_refusal(const char *);
void		 client_quit(struct client *, const char *);
void		 client_quit_wait(struct client *);
void		 client_take_back(struct client *);
void		 client_switch(struct client *, struct croom *);
void		 client_show(struct client *, struct croom *);
struct croom	*client_window(struct client *, u_int);
void		 client_notice(struct client *, struct croom *, int,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
void		 client_notice_shown(struct client *, struct croom *,
		     const char *, ...) __attribute__((format(printf, 3, 4)));
int		 client_mentions(const char *, const char *);

/* client-send.c: sending requests, and the lines held or late meanwhile */
int		 client_send(struct client *, const struct proto_request *, int,
		     char **);
void		 client_send_late_init(struct client *, struct event_base *);
void		 client_send_late_show(struct client *);
void		 client_send_held(struct client *);
int		 client_send_awaits(struct client *, long long);
u_int		 client_send_pending(struct client *, struct croom *,
		     struct cline **, u_int);
u_int		 client_send_held_lines(struct client *);
void		 client_send_keep_held(struct client *);
void		 client_send_drop_held(struct client *, int);
#define CLIENT_NOT_SENT		(-2)	/* a good line that cannot go yet */
#define CMD_ONE_LINE		(-3)	/* a command given several lines */
#define CLIENT_SAY_DM		0x1	/* to a nick, not a room */
#define CLIENT_SAY_ACTION	0x2	/* an action, as /me sends */
int		 client_send_say(struct client *, const char *, int,
		     const char *, const char *, char **);
int		 client_send_request(struct client *,
		     const struct proto_request *);

/* client-tls.c: the hub's certificate, trusted, pinned or refused */
char		*client_tls_hub_name(struct client *);
int		 client_tls_hub_known(struct client *);
int		 client_tls_set(struct client *, int, const char *, char **);
void		 client_tls_ready(struct peer *, void *);
void		 client_tls_trust(struct client *, int);
int		 client_tls_plain_hub(struct peer *);

/* client-lag.c: keepalive, lag shown, and a silent hub given up */
void		 client_lag_handshake(struct client *);
void		 client_lag_pong(struct client *);
void		 client_lag_init(struct client *, struct event_base *);
void		 client_lag_limits(struct client *, struct target *);
void		 client_lag_keepalive(int);
void		 client_lag_start(struct client *);
void		 client_lag_stop(struct client *);
void		 client_lag_heard(struct client *);
void		 client_lag_wait(struct client *);
void		 client_lag_tick(struct client *);

/* client-inflight.c: requests sent and unanswered, across connections */
struct client_frame *client_frame_new(const struct jbuf *,
		     const struct proto_request *);
void		 client_frame_free(struct client_frame *);
void		 client_inflight_sent(struct client *, struct client_frame *);
const struct client_frame *client_inflight_find(struct client *, long long);
int		 client_inflight_answered(struct client *, long long);
void		 client_inflight_settled(struct client *, int);
void		 client_inflight_lost(struct client *);
u_int		 client_inflight_lines(struct client *);
int		 client_inflight_welcome(struct client *, int);
void		 client_inflight_own(struct client *, const char *,
		     const char *, const char *, int, int, uint64_t);
int		 client_inflight_match(struct client_frames *,
		     struct client_frames *);
void		 client_inflight_unknown(struct client *);
void		 client_inflight_free(struct client *);

/* client-highlight.c */
void		 client_highlight_set(struct client *, const char *);
int		 client_highlight_match(struct client *, const char *);
void		 client_highlight_free(struct client *);

/* client-ignore.c */
int		 client_ignore_is_pattern(const char *);
int		 client_ignore_has(struct client *, const char *);
int		 client_ignore_add(struct client *, const char *, char **);
int		 client_ignore_del(struct client *, const char *, char **);
void		 client_ignore_free(struct client *);

/* client-last.c: the room last viewed on each hub */
void		 client_last_start(struct client *);
int		 client_last_apply(struct client *);
void		 client_last_forget(struct client *);
void		 client_last_note(struct client *);
void		 client_last_reopen(struct client *);
void		 client_last_dms_note(struct client *);
int		 client_last_dm_shown(struct client *, long long);
int		 client_last_named(struct client *, const char *);
int		 client_last_named_in(struct client *, struct croom *);
void		 client_last_flush(struct client *);
void		 client_last_free(struct client *);

/* client-last-order.c */
void		 client_last_order_read(struct client *, const char *);
int		 client_last_order_find(struct client *, struct croom *);
void		 client_last_order_place(struct client *, struct croom *);
void		 client_last_order_rejoin(struct client *, const char *);
int		 client_last_order_rejoined(struct client *, const char *);
void		 client_last_order_joining_free(struct client *);
void		 client_last_order_removed(struct client *, struct croom *);

/* client-last-reads.c */
void		 client_last_reads_read(struct client *, const char *);
void		 client_last_reads_free(struct client *);
void		 client_last_reads_kept(struct client *, struct croom *);
int		 client_last_reads_after(struct croom *, uint64_t, int64_t);
void		 client_last_reads_recount(struct client *, struct croom *);

/* client-people.c */
void		 client_people_free(struct client *);
int		 client_people_is_away(struct client *, const char *);
int		 client_people_is_lost(struct client *, const char *);
u_int		 client_people_lost_in(struct client *, struct croom *);
void		 client_people_lost(struct client *, const char *);
#define CLIENT_BACK_ROOMS 0x1	/* say "is back" in the shared rooms */
#define CLIENT_BACK_DM 0x2	/* in the conversation with them */
int		 client_people_back(struct client *, const char *, int);
void		 client_people_tell(struct client *, const char *, int);
void		 client_people_room(struct client *, struct croom *,
		     struct cJSON *);
void		 client_people_joined(struct client *, const char *,
		     struct cJSON *);
void		 client_people_gone(struct client *, const char *);
void		 client_people_recheck(struct client *);
void		 client_people_before(struct croom *);
void		 client_people_compare(struct client *, struct croom *);
void		 client_people_before_free(struct croom *);
void		 client_people_renamed(struct client *, const char *,
		     const char *);
void		 client_people_away_changed(struct client *,
		     struct cJSON *);
void		 client_people_away_notice(struct client *, const char *,
		     const char *);
void		 client_people_userinfo(struct client *, struct cJSON *);

/* client-log.c */
struct client_log *client_log_new(const char *, const char *, u_int);
void		 client_log_cluster(struct client_log *, const char *);
int		 client_log_accept(struct client_log *, char **);
void		 client_log_free(struct client_log *);
void		 client_log_flush(struct client_log *);
void		 client_log_chosen(struct client_log *, const char *, int);
int		 client_log_line(struct client *, struct croom *,
		     struct cline *);

/* client-log-read.c */
void		 client_log_read_recent(struct client *, struct croom *);

const char	*client_hello_legacy_proof(struct client *, const char *,
		     char *);
void		 client_hello_challenge(struct client *, const char *);
void		 client_hello_start(struct client *);
char		*client_hello_nick_from(const char *);
char		*client_hello_default_nick(const char **);
struct evp_pkey_st *client_hello_load_key(char *);
void		 client_hello_recall(struct client *);
int		 client_hello_recall_refused(struct client *, enum proto_err);
int		 client_hello_recall_failed(struct client *);
void		 client_hello_note_nick(struct client *);
void		 client_hello_note_resumed(struct client *, struct croom *);
char		*client_hello_load_secret(void);

/* client-event.c: events from the hub, applied to the model */
void		 client_event_dispatch(struct client *, const char *, size_t);
const char	*client_event_str(struct cJSON *, const char *);
int64_t		 client_event_ts(struct cJSON *);

/* client-event-room.c: rooms and their members, as the hub tells */
void		 client_event_room(struct client *, struct cJSON *);
void		 client_event_room_history_end(struct client *,
		     struct cJSON *);
void		 client_event_room_joined(struct client *, struct cJSON *);
void		 client_event_room_left(struct client *, struct cJSON *);
void		 client_event_room_signoff(struct client *, struct cJSON *);
void		 client_event_room_lost(struct client *, struct cJSON *);
void		 client_event_room_back(struct client *, struct cJSON *);
void		 client_event_room_renamed(struct client *, struct cJSON *);
void		 client_event_room_topic(struct client *, struct cJSON *);
void		 client_event_room_kicked(struct client *, struct cJSON *);

/* client-event-notice.c: what the hub did for us, worded */
void		 client_event_notice(struct client *, struct cJSON *);
void		 client_event_notice_muted(struct client *, int, int64_t);

/* client-list.c: the hub's lists, page after page */
void		 client_list_rooms(struct client *, struct cJSON *);
void		 client_list_names(struct client *, struct cJSON *);
void		 client_list_members(struct client *, struct cJSON *);
void		 client_list_bans(struct client *, struct cJSON *);

/* client-room.c: rooms and conversations, their members and lines */
#define CLIENT_ROOM_FIND	0	/* only an existing room */
#define CLIENT_ROOM_NEW		1	/* or a new one */
#define CLIENT_ROOM_DM		2	/* a conversation, not a room */
#define CLIENT_ROOM_NEW_DM	(CLIENT_ROOM_NEW | CLIENT_ROOM_DM)
struct croom	*client_room(struct client *, const char *, int);
char		*client_room_key(const char *, int);
struct croom	*client_room_named(struct client *, const char *);
struct cline	*client_room_line(int, int, int64_t, const char *,
		     const char *);
void		 client_room_limits(struct client *, struct target *);
void		 client_room_members_clear(struct croom *);
u_int		 client_room_member_count(struct croom *);
void		 client_room_free(struct croom *);
void		 client_room_open(struct client *, struct croom *);
void		 client_room_remove(struct client *, struct croom *);
int		 client_room_member_has(struct croom *, const char *);
char		*client_room_unformat(const char *);
char		*client_room_format(const char *, struct cfmt **, u_int *);
void		 client_room_member_add(struct croom *, const char *);
int		 client_room_member_del(struct croom *, const char *);
int		 client_room_rename_dm(struct client *, struct croom *,
		     const char *, const char *);
void		 client_room_add(struct client *, struct croom *, int, int,
		     int64_t, const char *, const char *);
void		 client_room_read(struct croom *);
void		 client_room_add_image(struct client *, struct croom *, int,
		     int, int64_t, uint64_t, const char *, const char *,
		     struct image *);
void		 client_room_event(struct client *, struct croom *, int64_t,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
void		 client_room_own_event(struct client *, struct croom *,
		     int64_t, const char *, ...)
		     __attribute__((format(printf, 4, 5)));

/* cbuf.c: the scrollback of a room */
void		 cbuf_init(struct cbuf *, u_int, size_t, size_t *);
void		 cbuf_free(struct cbuf *);
void		 cbuf_clear(struct cbuf *);
struct cline	*cbuf_get(struct cbuf *, u_int);
void		 cbuf_push(struct cbuf *, struct cline *);
int		 cbuf_shift(struct cbuf *);
void		 cline_free(struct cline *);

/* cseen.c: which message ids a window shows */
void		 cseen_init(struct cseen *);
int		 cseen_shown(struct cseen *, uint64_t, int);
void		 cseen_add(struct cseen *, uint64_t);

/* cmd.c: slash commands shared by the TUI and --batch */
#define CMD_NEEDS_ROOM	0x1	/* needs a current room */
#define CMD_LOCAL	0x2	/* works without a connection */
#define CMD_EXACT	0x4	/* no prefix: it cannot be undone */
#define CMD_LINES	0x8	/* its text may have several lines (/me) */
#define CMD_SHOWS	0x10	/* with only its required arguments, it
				   shows another window (/join, /msg NICK) */
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
const char	*cmd_typed(void);
char		*cmd_no_room(struct client *);
const char	*cmd_shows(const char *);
int		 cmd_split(const char *, int, char ***, int *);
void		 cmd_free_argv(int, char **);
int		 cmd_view_held(struct client *, char **);

/* cmd-room.c */
int		 cmd_room_invite(struct client *, int, char **, char **);
int		 cmd_room_join(struct client *, int, char **, char **);
int		 cmd_room_leave(struct client *, int, char **, char **);
int		 cmd_room_names(struct client *, int, char **, char **);
int		 cmd_room_rooms(struct client *, int, char **, char **);
int		 cmd_room_topic(struct client *, int, char **, char **);

/* cmd-oper.c */
int		 cmd_oper(struct client *, int, char **, char **);
int		 cmd_oper_kick(struct client *, int, char **, char **);
int		 cmd_oper_shutdown(struct client *, int, char **, char **);
int		 cmd_oper_ban(struct client *, int, char **, char **);
int		 cmd_oper_bans(struct client *, int, char **, char **);
int		 cmd_oper_mute(struct client *, int, char **, char **);
int		 cmd_oper_unban(struct client *, int, char **, char **);
int		 cmd_oper_unmute(struct client *, int, char **, char **);

/* cmd-image.c */
int		 cmd_image(struct client *, int, char **, char **);
int		 cmd_image_args(const char *, char **, char ***, int *,
		     char **);

/* cmd-create.c */
int		 cmd_create(struct client *, int, char **, char **);
char		*cmd_create_room_name(const char *, char **);

/* cmd-ignore.c */
int		 cmd_ignore(struct client *, int, char **, char **);
int		 cmd_unignore(struct client *, int, char **, char **);

/* cmd-ircpass.c */
int		 cmd_ircpass(struct client *, int, char **, char **);
int		 cmd_ircpass_secret(const char *);

/* cmd-search.c */
int		 cmd_search(struct client *, int, char **, char **);

/* cmd-keys.c */
void		 cmd_keys_help(struct client *);

/* fmt.c: event text in the user's language, shared by TUI and --batch */
char		*fmt_time(int64_t, char *, size_t);
char		*fmt_duration(long long, char *, size_t);
char		*fmt_when(int64_t, char *, size_t);
int		 fmt_today(int64_t);
char		*fmt_until(int64_t, char *, size_t);
char		*fmt_cline(struct client *, struct croom *, struct cline *);
const char	*fmt_error(enum proto_err);
#define FAIL_RESOLVE		10	/* getaddrinfo failed, with its code */
#define FAIL_EOF_INSECURE	11	/* plain TCP closed before any answer */
#define FAIL_NOT_HUB		12	/* it answered, not in our protocol */
#define FAIL_SILENT		13	/* no challenge came: not a hub */
#define FAIL_SILENT_INSECURE	14	/* the same without TLS */
#define FAIL_SILENT_AGAIN	15	/* the same from a hub we were in */
#define FAIL_TLS_SILENT		16	/* the TLS handshake got no answer */
#define FAIL_TLS_SILENT_AGAIN	17	/* the same from a hub we were in */
#define FAIL_PLAIN_HUB		18	/* TLS met a hub's challenge in clear */
char		*fmt_failure(int, unsigned long, const char *, int *);
char		*fmt_error_detail(enum proto_err, const char *, int64_t);
int		 fmt_end_reason(const char *, char **, const char **);
void		 fmt_end_local(char **, int64_t);
struct cJSON;
char		*fmt_names(struct cJSON *, const char *, int, u_int *);

/* batch.c */
#define BATCH_JSON	0x1	/* --json: protocol frames on stdout */
#define BATCH_LIVE	0x2	/* --live: leave out replayed messages */
int		 batch_main(struct target *, int);

/* tui.c */
int		 tui_main(struct target *);

#endif
