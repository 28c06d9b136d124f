/* SPDX-License-Identifier: ISC */
/* chatroom.h: shared by both roles: limits, log, memory, utf8, config, peer. */

#ifndef CHATROOM_H
#define CHATROOM_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)	gettext(s)
#else
#define _(s)	(s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s)	(s)

struct event_base;
struct cJSON;

/*
 * Limits.  Every bound on input lives here and is documented in
 * chatroom-protocol(7).  Sizes are in bytes, lengths of names in characters.
 */
#define CR_LINE_MAX		32768		/* an ordinary frame, with '\n' */
#define CR_IMAGE_LINE_MAX	(192 * 1024)	/* a frame carrying an image */
#define CR_CLIENT_LINE_MAX	(1024 * 1024)	/* what a client accepts */
#define CR_HELLO_LINE_MAX	4096		/* a frame before hello */
#define CR_HELLO_SENDQ		(16 * 1024)	/* output queued before it */
#define CR_TEXT_MAX		4000		/* message text, characters */
#define CR_TEXT_BYTES		(CR_TEXT_MAX * 4) /* and at most these bytes */
#define CR_TEXT_LINES_MAX	25		/* lines in one message */
#define CR_TEXT_BLANKS_MAX	2		/* blank lines in a row */
#define CR_NICK_MAX		32		/* nick, characters */
#define CR_ROOM_MAX		32		/* room name, characters */
#define CR_TOPIC_MAX		300		/* topic text */
#define CR_REASON_MAX		200		/* quit and kick reasons */
#define CR_AWAY_MAX		200		/* away message, characters */
#define CR_AWAY_TOLD		64		/* DM senders told of it */
#define CR_DM_PARTNERS		32		/* DM partners remembered */
#define CR_ROOMS_PER_CLIENT	32
#define CR_MEMBERS_PER_ROOM	20000
#define CR_ROOMS_MAX		10000		/* rooms on one hub */
#define CR_ROOM_NUMBER_MAX	9007199254740991LL /* 2^53-1: exact in JSON */
#define CR_SENDQ_MAX		(256 * 1024)	/* queued output per client */
#define CR_TOKEN_BYTES		16		/* resume token, hex-encoded */
#define CR_PASSWORD_MAX		256
#define CR_MOTD_MAX		4096		/* message of the day, bytes */
#define CR_CLAIM_PASS_MIN	8		/* a claimed nick's password */

#define CR_DEFAULT_PORT		"7777"
#define CR_DEFAULT_FLUSH	1		/* seconds */
#define CR_DEFAULT_HISTORY	1000		/* messages kept per room */
#define CR_DEFAULT_HISTORY_BYTES (128 * 1024 * 1024) /* kept in all rooms */
#define CR_DEFAULT_ROOM_BYTES	(8 * 1024 * 1024) /* kept per room */
#define CR_DEFAULT_REPLAY	50		/* messages replayed on join */
#define CR_DEFAULT_RESUME	120		/* seconds a session waits */
#define CR_HANDSHAKE_TIMEOUT	10		/* seconds to send hello */
#define CR_CHALLENGE_WAIT	5		/* client: seconds for a challenge */
#define CR_PING_TIMEOUT		60		/* silent seconds before a drop;
						   a ping goes at half of it */
#define CR_FLOOD_BURST		10		/* requests at once */
#define CR_FLOOD_RATE		5		/* requests a second after */
#define CR_FLOOD_QUEUE		20		/* requests held back, at most */
#define CR_DM_HELD		20		/* DMs kept for a lost user */
#define CR_FD_RESERVE		32		/* open files kept from clients */
#define CR_DM_HELD_FROM		5		/* ... of them from one sender */
#define CR_INVITES_HELD		16		/* invites a connection recalls */
#define CR_INVITE_AGAIN		60		/* s before the same invite again */
#define CR_NICK_CHANGES		5		/* nick changes a connection may */
#define CR_NICK_CHANGE_SECS	20		/* ... make in so many seconds */
#define CR_TOPIC_CHANGES	5		/* topic changes a connection may */
#define CR_TOPIC_CHANGE_SECS	20		/* ... make in so many seconds */
#define CR_DM_RESEND_BYTES	65536		/* ... frames passed before a loss */
#define CR_DM_BOXES		64		/* keys with such frames kept */
#define CR_DM_BOX_SECONDS	86400		/* ... for at most a day */
#define CR_FLOOD_QUEUE_BYTES	(512 * 1024)
#define CR_FLOOD_STRIKES	20		/* refusals before a drop */
#define CR_JOIN_BURST		40		/* joins (replays) at once */
#define CR_JOIN_INTERVAL	6		/* then one per this many s */
#define CR_JOIN_ADDR_BURST	120		/* of one address: 3 connections' */
#define CR_ASK_WAIT		10		/* seconds input waits for a
						   look-up in Redis */
#define CR_MAX_PER_IP		10		/* connections from one address */
#define CR_AUTH_BURST		5		/* wrong passwords at once */
#define CR_AUTH_INTERVAL	10		/* seconds per wrong password after */
#define CR_AUTH_TRACKED		10000		/* addresses whose failures count */
#define CR_ERRLOG_BURST		50		/* error lines logged at once */
#define CR_ERRLOG_RATE		10		/* error lines a second after */
#define CR_LINGER_MS		2000		/* input drained after a close */
#define CR_LINGER_BYTES		(1024 * 1024)	/* ... at most this much */
#define CR_MAX_CLIENTS		19000		/* connections in all */
#define CR_LOGIN_BURST		20		/* logins at once, per address */
#define CR_LOGIN_RATE		30		/* logins a minute after */
#define CR_CHURN_SECONDS	60		/* a session younger than this
						   signs off without a reason */
#define CR_GHOSTS_PER_IP	20		/* sessions waiting for a resume */
#define CR_GHOSTS		2000		/* ... in all */
#define CR_ROOM_BURST		10		/* rooms made at once, per address */
#define CR_ROOM_RATE		12		/* rooms an hour after */
#define CR_ROOM_EXPIRE		(7 * 86400)	/* seconds empty and quiet */
#define CR_CLAIMS_PER_KEY	10		/* nicks one key may hold */
#define CR_CLAIMS_PER_IP	20		/* new claims a day, per address */
#define CR_CLAIMS		100000		/* claims in all */
#define CR_ADDR_TRACKED		50000		/* addresses counted at once */
#define CR_CLAIM_DAYS		90		/* idle claims expire */
#define CR_SECRET_BYTES		32		/* version 1 nick secret */
#define CR_NONCE_BYTES		32		/* a hub's hello challenge */
#define CR_FP_BYTES		32		/* SHA-256 of a certificate */
#define CR_KEY_BYTES		32		/* Ed25519 public key */
#define CR_SIG_BYTES		64		/* Ed25519 signature */
#define CR_SCROLLBACK		10000		/* client lines kept per room */
#define CR_SCROLLBACK_BYTES	(64 << 20)	/* client lines, all windows */
#define CR_WINDOW_BYTES		(8 << 20)	/* and in one window */
#define CR_CLIENT_WINDOWS	256		/* client windows, status too */
#define CR_CLIENT_MEMBERS	20000		/* names kept for a room */
#define CR_CLIENT_NAMES		500		/* names a notice lists */
#define CR_LOBBY		"lobby"

/* Cluster mode (--cluster): hubs sharing state through Redis. */
#define CR_CLUSTER_TTL		10		/* a silent hub is dead after */
#define CR_CLUSTER_BEATS	5		/* heartbeats in a TTL */
#define CR_CLUSTER_BACKOFF_MAX	8000		/* ms between reconnections */
#define CR_CLUSTER_BLOCK	100000		/* ids kept for a split */
#define CR_CLUSTER_SCAN		500		/* entries searched on a retry */
#define CR_CLUSTER_OUTBOX	100000		/* messages held while split */

/* log.c */
#define LOG_QUIET	0
#define LOG_INFO	1
#define LOG_DEBUG	2
#define LOG_TRACE	3	/* -v twice: a debug line per delivery too */
extern int	 log_level;
int		 log_open(int, const char *);
int		 log_check(const char *);
void		 log_close(void);
int		 log_reopen(void);
void		 log_set_tui(int);
int		 log_has_file(void);
void		 log_text(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
int		 log_burst(const char *);
void		 log_burst_flush(void);
void		 log_stderr(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatal(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatalx(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		 log_set_fatal_hook(void (*)(void));
void		 log_set_warn_hook(void (*)(const char *, void *), void *);

/* xmalloc.c */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
int		 xvasprintf(char **, const char *, va_list)
		     __attribute__((format(printf, 2, 0)));

/* strmap.c: a hash map from strings, for names from the network */
struct strmap_entry;
struct strmap {
	struct strmap_entry	**buckets;
	size_t			  nbuckets;
	size_t			  count;
};
void		 strmap_init(struct strmap *);
void		 strmap_free(struct strmap *);
void		*strmap_get(struct strmap *, const char *);
void		 strmap_set(struct strmap *, const char *, void *);
void		*strmap_del(struct strmap *, const char *);

/* utf8.c */
int		 utf8_valid(const char *, size_t);
size_t		 utf8_ascii(const char *, size_t);
struct utf8_range {			/* code points first to last */
	uint32_t	first;
	uint32_t	last;
};
int		 utf8_in_table(uint32_t, const struct utf8_range *, size_t);
int		 utf8_decode(const char *, size_t, uint32_t *);
size_t		 utf8_encode(uint32_t, char *);
size_t		 utf8_strlen(const char *, size_t);
int		 utf8_cpwidth(uint32_t);
size_t		 utf8_width(const char *, size_t);
int		 utf8_is_unsafe(uint32_t);
char		*utf8_sanitize(const char *, size_t, int);
char		*utf8_casefold(const char *);
int		 utf8_is_invisible(uint32_t);
int		 utf8_is_mark(uint32_t);
size_t		 utf8_fit(const char *, size_t, size_t, size_t *);
size_t		 utf8_wrap(const char *, size_t, size_t, size_t *);
size_t		 utf8_cut(const char *, size_t, size_t, size_t *);
size_t		 utf8_prev(const char *, size_t);
size_t		 utf8_next(const char *, size_t, size_t);
size_t		 utf8_head(const char *, size_t, size_t);

/* utf8-nfc.c */
u_int		 utf8_nfc_class(uint32_t);
char		*utf8_nfc(const char *);
int		 utf8_nfc_is(const char *);

/* utf8-lb.c */
#define UTF8_LB_BEFORE		0x1	/* a line may break before it */
#define UTF8_LB_AFTER		0x2	/* ... and after it */
#define UTF8_LB_SOFT		0x4	/* ... in a word too wide for a row */
#define UTF8_LB_NOBEFORE	0x8	/* never before it (。」) */
#define UTF8_LB_NOAFTER		0x10	/* never after it (「) */
#define UTF8_LB_HARD		0x20	/* utf8_lb_break: a break */
int		 utf8_lb_class(const char *, size_t);
int		 utf8_lb_break(int, int);

/* utf8-script.c */
int		 utf8_script_mixed(const char *, size_t, uint32_t *);
int		 utf8_script_compat_form(const char *, size_t, uint32_t *);

/* utf8-gc.c */
size_t		 utf8_gc_next(const char *, size_t, size_t);
size_t		 utf8_gc_prev(const char *, size_t);
size_t		 utf8_gc_start(const char *, size_t);
size_t		 utf8_gc_count(const char *, size_t);

/* config.c: KEY=VALUE files and connection targets */
struct config_entry {
	char	*key;
	char	*value;
	int	 line;
};
int		 config_load(const char *, struct config_entry **, size_t *,
		     char **);
void		 config_free(struct config_entry *, size_t);
int		 config_true(const char *);
int		 config_false(const char *);
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
	char	*room;		/* /#ROOM or ROOM=: joined at once */
	int	  no_logs;	/* --no-logs */
	int	  no_mouse;	/* --no-mouse */
	struct config_entry *settings;	/* the client's configuration file */
	size_t	  nsettings;
	char	 *settings_path;	/* its name */
	char	**problems;	/* what was wrong in it, to tell, */
	int	 *problem_lines;	/* by line (0: the whole file) */
	u_int	  nproblems;
};
int		 target_parse(const char *, struct target *, char **);
void		 target_free(struct target *);
int		 parse_number(const char *, long long, long long, long long *);
char		*state_path(const char *);
char		*config_path(const char *);
int		 make_parent_dirs(const char *, char **);
int		 config_check_dirs(const char *, char **);
int		 config_read_password(const char *, char **);
char		*config_parse_address(const char *);
char		*config_listen_address(const char *, const char *, const char *);
int		 config_resolve_target(const char *, const char *, const char *,
		     struct target *);
void		 config_problem(struct target *, const char *, const char *,
		     ...) __attribute__((format(printf, 3, 4)));
void		 config_problems_print(struct target *);

/* usage.c: --help, --version */
void		 usage(FILE *);
void		 usage_version(FILE *);
void		 usage_short(void);

/* util.c: the clock, hex, password files and exit, for both roles */
int64_t		 now_ms(void);
int64_t		 mono_ms(void);
void		 util_fix_clock(int64_t);
char		*util_utc(int64_t, char *, size_t);
void		 util_hex(const void *, size_t, char *);
void		 util_random_hex(char *, size_t);
int		 util_read_password(const char *, char **, char **);
int		 util_write_file(const char *, const char *, size_t, char **);
int		 util_replace_file(const char *, const char *, size_t, int,
		     char **);
char		*util_parent_dir(char *);
void		 util_exiting(void);

/* claim-pass.c: passwords of claimed nicks as scrypt hashes */
int		 claim_pass_valid(const char *, char **);
char		*claim_pass_hash(const char *);
int		 claim_pass_stored_valid(const char *);
int		 claim_pass_verify(const char *, const char *);

/* ident.c: a client's key pair and the proofs of hello */
struct evp_pkey_st;
int		 ident_parse_nonce(const char *, u_char *);
struct evp_pkey_st *ident_load(const char *, char **);
void		 ident_public_hex(struct evp_pkey_st *, char *);
int		 ident_sign(struct evp_pkey_st *, const u_char *,
		     const u_char *, const char *, char *);
int		 ident_verify(const char *, const char *, const u_char *,
		     const u_char *, const char *);
void		 ident_claim_hash(const char *, const char *, char *);
void		 ident_legacy_proof(const char *, const u_char *,
		     const u_char *, const char *, char *);
int		 ident_legacy_check(const char *, const char *, const u_char *,
		     const u_char *, const char *);

/* tls.c */
struct ssl_ctx_st;
struct ssl_st;
struct x509_st;
int		 tls_make_self_signed(const char *, const char *, char **);
#define TLS_FAULT_CERT	1	/* tls_server_ctx: the certificate's */
#define TLS_FAULT_KEY	2	/* the key's file */
struct ssl_ctx_st *tls_server_ctx(const char *, const char *, int *, char **);
struct ssl_ctx_st *tls_client_ctx(char **);
char		*tls_fingerprint(struct x509_st *);
int		 tls_fingerprint_raw(struct x509_st *, u_char *);
int		 tls_fingerprint_valid(const char *);
int		 tls_fingerprint_equal(const char *, const char *);
int		 tls_known_check(const char *, const char *, const char *, int *);
int		 tls_known_add(const char *, const char *, const char *,
		     char **);

/* peer.c, peer-tls.c: line-framed connections, for the hub and the client */
struct peer;
typedef void	(*peer_cb)(struct peer *, const char *, size_t, void *);
typedef int	(*peer_fill_cb)(struct peer *, size_t, void *);
struct peer	*peer_new(struct event_base *, int, size_t, size_t, peer_cb,
		     void *);
struct peer	*peer_new_tls(struct event_base *, int, struct ssl_st *, int,
		     size_t, size_t, peer_cb, void *);
void		 peer_set_ready(struct peer *, void (*)(struct peer *, void *));
void		 peer_set_oversize(struct peer *,
		     void (*)(struct peer *, void *));
struct ssl_st	*peer_ssl(struct peer *);
int		 peer_send(struct peer *, const void *, size_t);
int		 peer_pin(void (*)(void *), void *);
int		 peer_send_pinned(struct peer *, const void *, size_t);
void		 peer_close(struct peer *);
void		 peer_set_linger(struct peer *, int);
void		 peer_free(struct peer *);
size_t		 peer_queued(struct peer *);
void		 peer_add_source(struct peer *, peer_fill_cb, void (*)(void *),
		     void *);
void		 peer_emit(struct peer *, const void *, size_t);
int		 peer_has_sources(struct peer *);
void		 peer_drop_sources(struct peer *);
int		 peer_dead(struct peer *);
void		 peer_set_maxline(struct peer *, size_t);
void		 peer_hold(struct peer *);
void		 peer_release(struct peer *);
void		 peer_set_sendq(struct peer *, size_t);
void		 peer_fail(struct peer *, const char *);
const char	*peer_reason(struct peer *);
int		 peer_overflowed(struct peer *);
int		 peer_tls_pending(struct peer *);
int		 peer_tls_renegotiated(struct peer *);
int		 peer_writes_early(struct peer *);
void		 peer_flush_behind(void);
#define PEER_CAUSE_LOCAL	0	/* closed or failed by this side */
#define PEER_CAUSE_EOF		1	/* the other side closed it */
#define PEER_CAUSE_ERRNO	2	/* a socket error */
#define PEER_CAUSE_TLS		3	/* a TLS error */
int		 peer_cause(struct peer *, int *, unsigned long *);
const char	*peer_tls_plain(struct peer *, size_t *);

#endif
