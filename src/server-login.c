/* SPDX-License-Identifier: ISC */
/* server-login.c: hello, welcome, takeover and quit. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <openssl/ssl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "peer.h"
#include "proto.h"
#include "server.h"

/*
 * Who a connection is: a hello makes a new session, resumes one by its
 * token or lets a claim's owner take over its ghost; the backend decides
 * whether a nick is free everywhere (server_login_hello_done and
 * server_login_nick_done are its answers).
 */
static void	server_login_welcome(struct server_client *, int, int64_t,
		    long long, int);
static int	server_login_prove(struct server_client *, const char *,
		    const char *, const char *, const char *, long long);
static void	server_login_takeover(struct server_client *,
		    struct session *, long long, int);
static void	server_login_refuse(struct server_client *, enum proto_err,
		    const char *, long long);
static int	server_login_hello_fields(struct server_client *, cJSON *,
		    long long);
static void	server_login_refuse_until(struct server_client *,
		    enum proto_err, const char *, long long, int64_t);
static void	server_login_refusef(struct server_client *, enum proto_err,
		    long long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	server_login_rejoined(struct session *, struct room **,
		    u_int);
static void	server_login_register(struct server_client *, const char *,
		    const char *, const char *);
static void	server_login_far_found(struct server_client *, int,
		    const char *, const char *, void *);

/* A takeover hello waiting to know where its nick is. */
struct server_login_far {
	char		*nick;
	char		*token;
	char		*key;
	long long	 last_id;
	long long	 seq;
};

/*
 * Tell a client it is in: its nick, token and the hub's limits, and when
 * a returning owner of the nick last used it.
 *
 * replay_exact tells a resuming client that the replay after its last_id
 * has every message of the session the hub stored or ever will, so that a
 * line in flight it lacks can go again.  A hub alone stores and journals
 * a message as it reads the request, before it reads another request or
 * hello.  A cluster hub cannot say so: a message goes to Redis and comes
 * back on the bus, and one on its way (from this hub, or written by a
 * hub that then died) can be stored after the replay.  Nor can a hub
 * whose room let go of a message after last_id, as when more came than
 * --history-size keeps: the replay starts after it, and a line of the
 * client's may be among those it lacks.  The other rooms' replays are
 * exact all the same: replay_exact_rooms says so, and the room event of
 * each room that let go says gap.
 *
 * new_session tells a client that its session was made now, in #lobby
 * alone, not taken over with its rooms: the terminal client then joins
 * the rooms its user left at /quit.
 *
 * cluster, the cluster's id (cluster.c), tells a client that this hub is
 * one of several that behave as one: it keeps its windows by the id, not
 * by the hub's address, and finds them again on any of them.
 */
static void
server_login_welcome(struct server_client *c, int resumed, int64_t last_seen,
    long long last_id, int new_session)
{
	struct hub_event	 ev = {
		.type = PROTO_WELCOME,
		.nick = c->session->nick,
		.token = c->session->token,
		.resumed = resumed,
		.text = PACKAGE_STRING,
		.count = server_options()->resume_seconds,
		.ts = last_seen,
		.new_session = new_session,
		.cluster = cluster_id(),
	};
	struct session		*s = c->session;
	const char		*subject;
	u_int			 i;
	int			 exact;

	/* A room that let go of a message after last_id cannot replay it. */
	exact = server_backend() == &server_local_backend;
	for (i = 0; exact && last_id > 0 && i < s->nrooms; i++) {
		if (s->rooms[i]->ring.gone > (uint64_t)last_id)
			exact = 0;
	}
	ev.exact = exact;
	/* Exact still in the rooms whose room event says no gap. */
	ev.exact_rooms = server_backend() == &server_local_backend;

	server_client_send_event(c, &ev);
	if ((subject = server_backend()->degraded()) != NULL)
		server_client_notice(c, "degraded", subject);
	server_oper_tell_mute(c, !new_session);
}

/*
 * Give a session a new connection: a resume by token (what was missed,
 * after last_id) or the owner of a claimed nick taking over its ghost (a
 * fresh replay).  If the session still had a connection it is dropped.
 */
static void
server_login_takeover(struct server_client *c, struct session *s,
    long long last_id, int resumed)
{
	struct server_client	*old;
	struct hub_event	 ev;
	int			 was_lost = s->client == NULL;
	int			 restored = s->flags & SESSION_RESTORED;
	int			 unseen;
	uint64_t		 after;
	u_int			 i;

	if ((old = s->client) != NULL) {
		/* The old client is told when, and from which address. */
		old->session = NULL;
		old->flags |= SC_NORESUME;
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_ERROR;
		ev.code = proto_err_name(PERR_BAD_TOKEN);
		ev.text = "session taken over by another connection";
		ev.subject = c->ip->ip;
		ev.ts = now_ms();
		log_info("%s: error bad_token: session taken over from %s",
		    old->addr, c->ip->ip);
		server_client_send_event(old, &ev);
		server_client_drop(old, "replaced by a new connection");
	}
	session_attach(s, c, c->peer, c->addr);
	c->session = s;
	server_client_due_registered(c);
	server_backend()->session(s);	/* what holds it now */
	free(s->ip);
	s->ip = xstrdup(c->ip->ip);
	claim_seen(s->nick);
	log_info("%s: %s %s", c->addr, s->nick, resumed ? "resumed" :
	    "took over its session");
	server_login_welcome(c, resumed, 0, last_id, 0);
	/*
	 * After a crash the client may have seen ids the file never got:
	 * never give them out again, and replay after what the file says.
	 * (A clean stop saves every id the hub gave out or was given.)
	 */
	if (restored && resumed && last_id > 0 &&
	    (uint64_t)last_id >= server_peek_id()) {
		log_warnx("%s: %s saw id %lld, beyond the ids the history "
		    "file has (lost in a crash?); ids go on after it",
		    c->addr, s->nick, last_id);
		server_note_id((uint64_t)last_id);
		last_id = 0;
	}

	/*
	 * What was missed: after the client's last id, or after what the
	 * hub had sent it before a restart if the client does not say.
	 */
	for (i = 0; i < s->nrooms; i++) {
		if (s->codec != SERVER_CODEC_JSON) {
			/* An IRC client opens a channel on its own JOIN. */
			memset(&ev, 0, sizeof ev);
			ev.type = PROTO_JOINED;
			ev.room = s->rooms[i]->name;
			ev.nick = s->nick;
			ev.ts = now_ms();
			server_event_one(s, &ev);
		}
		after = resumed && last_id > 0 ? (uint64_t)last_id : 0;
		if (after == 0 && resumed && s->resume_ids != NULL)
			after = s->resume_ids[i];
		room_replay(s->rooms[i], s, after > 0 ? UINT32_MAX :
		    (u_int)server_options()->replay, after);
	}
	free(s->resume_ids);
	s->resume_ids = NULL;
	s->flags &= ~SESSION_RESTORED;
	session_dm_deliver(s, resumed);
	/* An operator before the restart, but the password changed. */
	if (s->flags & SESSION_OPER_LOST) {
		s->flags &= ~SESSION_OPER_LOST;
		server_client_notice(c, "oper_lost", s->nick);
		server_mark_dirty();	/* told: the file must forget it */
	}
	/*
	 * A restored session was listed lost as well (room_cursor_page).
	 * One that was connected when its hub died was never said to be
	 * lost: the other hubs, whose users still list it, say nothing
	 * (cluster_bus_peers).
	 */
	unseen = (s->flags & SESSION_UNSEEN) != 0;
	s->flags &= ~SESSION_UNSEEN;
	if (!was_lost)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_BACK;
	ev.nick = s->nick;
	ev.unseen = unseen;
	ev.ts = now_ms();
	server_event_peers(s, &ev, 0);
}

/*
 * Has this connection proved the nick with its claim's password (IRC's
 * SASL PLAIN, claim_job_login), as a key's signature proves it?
 */
int
server_login_proven(struct server_client *c, const char *nick)
{
	char	*a, *b;
	int	 same;

	if (c->account == NULL)
		return (0);
	a = utf8_casefold(c->account);
	b = utf8_casefold(nick);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return (same);
}

/*
 * May a user ask for this nick, at hello or with nick?  One the rules
 * allow now, or one the rules that came before allowed that a claim or
 * a session still holds: its owner proves it next, as for any claimed
 * nick, and a newcomer is refused it there.  A reserved name never opens,
 * claimed or not: a NickServ claimed before it was held would still be
 * sent IRC users' passwords.
 */
int
server_login_check_nick(const char *nick, enum proto_err *err, char **cause)
{
	enum proto_err	 kerr;
	char		*kcause;

	if (proto_check_nick(nick, err, cause) == 0)
		return (0);
	if (*err == PERR_NICK_RESERVED)
		return (-1);
	if (proto_check_kept_nick(nick, &kerr, &kcause) != 0) {
		free(kcause);
		return (-1);
	}
	if (claim_check(nick, NULL) == 1 && session_find_nick(nick) == NULL)
		return (-1);
	free(*cause);
	*cause = NULL;
	return (0);
}

/* Refuse a hello and close. */
static void
server_login_refuse(struct server_client *c, enum proto_err err,
    const char *detail, long long seq)
{
	server_login_refuse_until(c, err, detail, seq, 0);
}

/* Refuse a hello for a ban with an end (ms, 0 for none), and close. */
static void
server_login_refuse_until(struct server_client *c, enum proto_err err,
    const char *detail, long long seq, int64_t until)
{
	metrics.handshake_failures[METRICS_HS_REFUSED]++;
	server_client_error_until(c, err, detail, seq, until);
	server_client_drop(c, proto_err_name(err));
}

/* Refuse a hello with a formatted detail and close. */
static void
server_login_refusef(struct server_client *c, enum proto_err err,
    long long seq, const char *fmt, ...)
{
	va_list	 ap;
	char	*detail;

	va_start(ap, fmt);
	xvasprintf(&detail, fmt, ap);
	va_end(ap);
	server_login_refuse(c, err, detail, seq);
	free(detail);
}

/*
 * The SHA-256 of the certificate this connection was made with, which its
 * client's proofs are bound to: after a reload (SIGHUP) with a renewed
 * certificate it is no longer the hub's.  Zeros over plain TCP.
 */
const u_char *
server_login_fingerprint(struct server_client *c, u_char *fp)
{
	X509	*x;

	if (c->peer == NULL || c->peer->ssl == NULL ||
	    (x = SSL_get_certificate(c->peer->ssl)) == NULL ||
	    tls_fingerprint_raw(x, fp) != 0)
		return (server_fingerprint());
	return (fp);
}

/*
 * Check the proofs of a hello: a signature of this connection's challenge
 * by the key presented, and, for a claim made before keys, the proof of
 * its secret's hash, which moves that claim to the key.  0 if they hold.
 */
static int
server_login_prove(struct server_client *c, const char *nick,
    const char *key, const char *sig, const char *legacy, long long seq)
{
	u_char		 buf[CR_FP_BYTES];
	const u_char	*fp = server_login_fingerprint(c, buf);

	if ((key == NULL) != (sig == NULL) || (legacy != NULL && key == NULL)) {
		server_login_refuse(c, PERR_BAD_FIELD, "\"key\" and \"sig\" "
		    "go together, and \"legacy\" needs them", seq);
		return (-1);
	}
	if (key == NULL)
		return (0);
	if (!ident_verify(key, sig, c->nonce, fp, nick)) {
		log_warnx("%s: a hello signature did not verify", c->addr);
		server_login_refuse(c, PERR_BAD_PROOF, "the signature does not "
		    "match this connection's challenge", seq);
		return (-1);
	}
	if (legacy != NULL && nick != NULL)
		claim_migrate(nick, key, legacy, c->nonce, fp);
	return (0);
}

/*
 * The members of hello and what each must be, so a refusal names the one
 * at fault ("\"last_id\" must be an integer") rather than the two that
 * are right.
 */
#define SERVER_LOGIN_INT	0
#define SERVER_LOGIN_STR	1
#define SERVER_LOGIN_BOOL	2
static const struct server_login_field {
	const char	*name;
	int		 type;
} server_login_hello_table[] = {
	{ "version", SERVER_LOGIN_INT },
	{ "nick", SERVER_LOGIN_STR },
	{ "token", SERVER_LOGIN_STR },
	{ "secret", SERVER_LOGIN_STR },
	{ "key", SERVER_LOGIN_STR },
	{ "sig", SERVER_LOGIN_STR },
	{ "legacy", SERVER_LOGIN_STR },
	{ "password", SERVER_LOGIN_STR },
	{ "last_id", SERVER_LOGIN_INT },
	{ PF_TAKEOVER, SERVER_LOGIN_BOOL },
	{ PF_CLIENT, SERVER_LOGIN_STR },
};

/*
 * Check the members of a hello: each present one of its type, "version"
 * and a nick or a token there.  Refuse (and close) naming the first at
 * fault and return -1, or return 0.
 */
static int
server_login_hello_fields(struct server_client *c, cJSON *obj, long long seq)
{
	static const char		*what[] = { "an integer", "a string",
					    "true or false" };
	const struct server_login_field	*f;
	const char			*str;
	long long			 n;
	int				 b, bad;
	size_t				 i;

	for (i = 0; i < sizeof server_login_hello_table /
	    sizeof server_login_hello_table[0]; i++) {
		f = &server_login_hello_table[i];
		switch (f->type) {
		case SERVER_LOGIN_INT:
			bad = proto_get_int(obj, f->name, 0, &n) != 0;
			break;
		case SERVER_LOGIN_STR:
			bad = proto_get_str(obj, f->name, 0, &str) != 0;
			break;
		default:
			bad = proto_get_bool(obj, f->name, 0, &b) != 0;
			break;
		}
		if (bad) {
			server_login_refusef(c, PERR_BAD_FIELD, seq,
			    "\"%s\" must be %s", f->name, what[f->type]);
			return (-1);
		}
	}
	if (cJSON_GetObjectItemCaseSensitive(obj, "version") == NULL) {
		server_login_refuse(c, PERR_BAD_FIELD,
		    "hello needs \"version\"", seq);
		return (-1);
	}
	if (proto_get_str(obj, "nick", 0, &str) == 0 && str == NULL &&
	    proto_get_str(obj, "token", 0, &str) == 0 && str == NULL) {
		server_login_refuse(c, PERR_BAD_FIELD,
		    "hello needs \"nick\" or \"token\"", seq);
		return (-1);
	}
	return (0);
}

/*
 * hello: register a new nick, or resume a session by token.  The hub
 * password, proofs, bans and nick claims are checked here.
 */
void
server_login_hello(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*nick, *token, *secret, *password;
	const char		*key, *sig, *legacy;
	const struct hist_ban	*ban;
	struct server_login_far	*w;
	long long		 version, last_id = 0;
	struct session		*s = NULL;
	enum proto_err		 err;
	char			*cause, *who;
	int			 claim, proven, wait, takeover = 0, far = 0;

	if (c->session != NULL || (c->flags & SC_WAITING)) {
		server_client_error(c, PERR_ALREADY_REGISTERED,
		    "already registered", seq);
		return;
	}
	if (server_login_hello_fields(c, obj, seq) != 0)
		return;
	if (proto_get_int(obj, "version", 1, &version) != 0 ||
	    proto_get_str(obj, "nick", 0, &nick) != 0 ||
	    proto_get_str(obj, "token", 0, &token) != 0 ||
	    proto_get_str(obj, "secret", 0, &secret) != 0 ||
	    proto_get_str(obj, "key", 0, &key) != 0 ||
	    proto_get_str(obj, "sig", 0, &sig) != 0 ||
	    proto_get_str(obj, "legacy", 0, &legacy) != 0 ||
	    proto_get_str(obj, "password", 0, &password) != 0 ||
	    proto_get_int(obj, "last_id", 0, &last_id) != 0 ||
	    proto_get_bool(obj, PF_TAKEOVER, 0, &takeover) != 0 ||
	    (nick == NULL && token == NULL)) {
		server_login_refuse(c, PERR_BAD_FIELD,
		    "hello needs \"version\" "
		    "and \"nick\" or \"token\"", seq);
		return;
	}
	/*
	 * A resume of a session the hub holds costs nothing: after a hub
	 * restart, everyone behind one NAT comes back at once.
	 */
	if ((token == NULL || session_find_token(token) == NULL) &&
	    (wait = server_addr_login(c->ip->ip)) > 0) {
		metrics.address_limits[METRICS_LIMIT_LOGIN]++;
		server_login_refusef(c, PERR_LOGIN_RATE, seq, "too many logins "
		    "from your address: try again in %d seconds", wait);
		return;
	}
	if (version < PROTO_VERSION_MIN || version > PROTO_VERSION) {
		server_login_refuse(c, PERR_VERSION,
		    "this hub speaks protocol versions 1 and 2", seq);
		return;
	}
	if (secret != NULL) {
		/* A version 1 client would show its secret to any hub. */
		server_login_refuse(c, PERR_VERSION, "this hub takes no "
		    "secrets: a nick is proved with a key (protocol version "
		    "2)", seq);
		return;
	}
	if (version < 2 && (key != NULL || sig != NULL || legacy != NULL)) {
		server_login_refuse(c, PERR_BAD_FIELD, "keys need protocol "
		    "version 2", seq);
		return;
	}
	if (server_check_password(password) >= 0 &&
	    (wait = auth_wait(c->ip->ip)) > 0) {
		server_login_refusef(c, PERR_PASSWORD, seq, "too many wrong "
		    "passwords from your address: try again in %d seconds",
		    wait);
		return;
	}
	if (server_check_password(password) == 0) {
		log_warnx("%s: wrong or missing hub password", c->addr);
		if (password != NULL)
			auth_failed(c->ip->ip);
		server_login_refuse(c, PERR_PASSWORD, password == NULL ?
		    "this hub needs a password" : "wrong password", seq);
		return;
	}
	if (server_login_prove(c, nick, key, sig, legacy, seq) != 0)
		return;

	if (token != NULL && (s = session_find_token(token)) != NULL) {
		/* A token alone does not resume a session a key opened. */
		if (s->pubkey != NULL && (key == NULL ||
		    strcmp(s->pubkey, key) != 0)) {
			server_login_refuse(c, PERR_BAD_TOKEN, "this session "
			    "belongs to another key", seq);
			return;
		}
		server_login_takeover(c, s, last_id, 1);
		return;
	}
	if (nick == NULL) {
		server_login_refuse(c, PERR_BAD_TOKEN,
		    "unknown or expired token", seq);
		return;
	}
	if (server_login_check_nick(nick, &err, &cause) != 0) {
		server_login_refuse(c, err, cause, seq);
		free(cause);
		return;
	}
	if ((ban = ban_find(BAN_NICK, nick)) != NULL) {
		xasprintf(&who, "the nick %s", nick);
		cause = ban_refusal(ban, who);
		free(who);
		server_login_refuse_until(c, PERR_BANNED, cause, seq,
		    ban->until);
		free(cause);
		return;
	}
	/*
	 * A client started with the nick its session had before a /nick
	 * asks for that session by its nick now, and for nothing else: no
	 * new session under a nick the user did not give.
	 */
	s = session_find_nick(nick);
	if (takeover && s == NULL && key != NULL &&
	    server_backend()->whereis != NULL && server_backend()->remote())
		far = 1;	/* perhaps on another hub of the cluster */
	else if (takeover && (s == NULL || key == NULL || s->pubkey == NULL ||
	    strcmp(key, s->pubkey) != 0)) {
		xasprintf(&cause, "no session of your key has the nick %s",
		    nick);
		server_login_refuse(c, PERR_BAD_TOKEN, cause, seq);
		free(cause);
		return;
	}
	claim = claim_check(nick, key);
	proven = server_login_proven(c, nick);
	if (s != NULL) {
		/* The owner takes over its ghost: by its claim or its key. */
		if (claim == 2 || (key != NULL && s->pubkey != NULL &&
		    strcmp(key, s->pubkey) == 0)) {
			claim_seen(nick);
			server_login_takeover(c, s, 0, 0);
			return;
		}
		/*
		 * The claim's password takes over a session that waits for
		 * its resume, as a resume would: its rooms and what it
		 * missed; or an IRC connection still open, most often a
		 * stale one the client left behind when it reconnected.  A
		 * native client's stays: it would take the nick back.
		 */
		if (proven && (s->client == NULL || s->client->irc != NULL)) {
			/* Restored: what the file says it was sent. */
			claim_seen(nick);
			server_login_takeover(c, s, (s->flags &
			    SESSION_RESTORED) || s->client != NULL ? 0 :
			    (long long)s->lost_id, 1);
			return;
		}
		xasprintf(&cause, "the nick %s is taken", nick);
		server_login_refuse(c, PERR_NICK_TAKEN, cause, seq);
		free(cause);
		return;
	}
	if (claim == 0 && !proven) {
		xasprintf(&cause, "the nick %s is claimed by someone else",
		    nick);
		server_login_refuse(c, PERR_NICK_CLAIMED, cause, seq);
		free(cause);
		return;
	}
	/* The backend decides whether the nick is free everywhere. */
	c->flags |= SC_WAITING;
	if (far) {
		w = xcalloc(1, sizeof *w);
		w->nick = xstrdup(nick);
		w->token = token != NULL ? xstrdup(token) : NULL;
		w->key = xstrdup(key);
		w->last_id = last_id;
		w->seq = seq;
		server_backend()->whereis(c, nick, server_login_far_found, w);
		return;
	}
	server_backend()->hello(c, nick, token, key, last_id, seq);
}

/*
 * Where the nick of a takeover with no session here is: a session on
 * another hub of the cluster goes on to the backend's hello, which moves
 * it here for its key's owner, as a takeover here would take it; none is
 * refused as here, not made a new session.
 */
static void
server_login_far_found(struct server_client *c, int result,
    const char *nick, const char *hub, void *arg)
{
	struct server_login_far	*w = arg;
	char			*cause;

	if (c != NULL && result == WHEREIS_FOUND)
		server_backend()->hello(c, w->nick, w->token, w->key,
		    w->last_id, w->seq);
	else if (c != NULL) {
		server_client_flood_unwait(c);
		xasprintf(&cause, "no session of your key has the nick %s",
		    w->nick);
		server_login_refuse(c, PERR_BAD_TOKEN, cause, w->seq);
		free(cause);
	}
	free(w->nick);
	free(w->token);
	free(w->key);
	free(w);
}

/* The backend answered a hello. */
void
server_login_hello_done(struct server_client *c, struct server_hello *h)
{
	struct session	*s;
	struct room	*room, **unseen;
	char		*cause, *copy, *p, *name;
	u_int		 nunseen = 0;
	int		 seen;

	server_client_flood_unwait(c);
	if (c->irc != NULL && (h->result == HELLO_TAKEN ||
	    (h->result != HELLO_RESUMED && session_find_nick(h->nick)))) {
		/* As for a nick in use here: another, please. */
		server_irc_nick_taken(c, h->nick);
		return;
	}
	if (h->result == HELLO_TAKEN && h->held == HELLO_HELD_IRC) {
		xasprintf(&cause, "the nick %s is in use by an IRC login on "
		    "another hub", h->nick);
		server_login_refuse(c, PERR_NICK_TAKEN, cause, h->seq);
		free(cause);
		return;
	}
	if (h->result == HELLO_TAKEN && h->held == HELLO_HELD_NATIVE) {
		xasprintf(&cause, "the nick %s is in use by a client on "
		    "another hub", h->nick);
		server_login_refuse(c, PERR_NICK_TAKEN, cause, h->seq);
		free(cause);
		return;
	}
	if (h->result == HELLO_TAKEN ||
	    (h->result != HELLO_RESUMED && session_find_nick(h->nick))) {
		xasprintf(&cause, "the nick %s is taken", h->nick);
		server_login_refuse(c, PERR_NICK_TAKEN, cause, h->seq);
		free(cause);
		return;
	}
	if (h->result == HELLO_OK || h->result == HELLO_FAILED) {
		/* HELLO_FAILED: the backend was lost; serve the user here. */
		server_login_register(c, h->nick, h->pubkey,
		    h->token[0] != '\0' ? h->token : NULL);
		return;
	}

	/* A session from another hub: take its nick, token and rooms. */
	if ((s = session_find_nick(h->nick)) != NULL) {
		server_login_takeover(c, s, h->last_id, 1);
		return;
	}
	s = session_create(h->nick);
	session_set_token(s, h->token);
	if (h->pubkey != NULL)
		s->pubkey = xstrdup(h->pubkey);
	copy = xstrdup(h->rooms != NULL ? h->rooms : "");
	unseen = xcalloc(CR_ROOMS_PER_CLIENT, sizeof *unseen);
	for (p = copy; (name = strsep(&p, "\t")) != NULL;) {
		if (*name == '\0')
			continue;
		if ((room = room_find(name)) == NULL) {
			if (room_count() >= CR_ROOMS_MAX)
				continue;
			room = room_create(name, "", now_ms());
		}
		/*
		 * Not listed here: its users saw it quit with its hub (or
		 * it waited unseen, its hub restarted: cluster-sync.c).
		 */
		seen = room_remote_remove(room, s->nick) == 0;
		if (room_add(room, s) == 0 && !seen &&
		    nunseen < CR_ROOMS_PER_CLIENT)
			unseen[nunseen++] = room;
	}
	free(copy);
	/*
	 * An operator there is one here if it gave this hub's password
	 * (told at once if not); held by a connection when its hub died,
	 * it was never said to be lost.
	 */
	if (h->oper != NULL && server_oper_carried(s, h->oper, h->token) != 0)
		log_info("%s: %s was an operator on its hub, not here",
		    c->addr, s->nick);
	if (h->held == HELLO_HELD_NATIVE || h->held == HELLO_HELD_IRC)
		s->flags |= SESSION_UNSEEN;
	log_info("%s: %s resumed a session from another hub", c->addr,
	    s->nick);
	server_backend()->resumed(s);
	server_login_takeover(c, s, h->last_id, 1);
	server_login_rejoined(s, unseen, nunseen);
	free(unseen);
}

/*
 * Announce a session back in rooms whose members here saw it quit, to
 * everyone in them but itself: "is back", not a join (for IRC, a JOIN).
 */
static void
server_login_rejoined(struct session *s, struct room **rooms, u_int n)
{
	struct hub_event	ev;
	u_int			i;

	for (i = 0; i < n; i++) {
		if (!room_has(rooms[i], s))
			continue;
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_BACK;
		ev.room = rooms[i]->name;
		ev.nick = s->nick;
		ev.ts = now_ms();
		server_event_room(rooms[i], &ev, s);
	}
}

/*
 * Another hub took one of our sessions by its token, or a login there
 * that proved the nick took it over from addr: the connection here (if
 * any) is closed, told as a takeover here would tell it, and the session
 * ends without a word to its rooms.
 */
void
server_login_takeover_remote(struct session *s, enum proto_err err,
    const char *why, const char *addr)
{
	struct server_client	*old;
	struct hub_event	 ev;

	if ((old = s->client) != NULL) {
		old->session = NULL;
		old->flags |= SC_NORESUME;
		if (addr != NULL) {
			memset(&ev, 0, sizeof ev);
			ev.type = PROTO_ERROR;
			ev.code = proto_err_name(err);
			ev.text = "session taken over by another connection";
			ev.subject = addr;
			ev.ts = now_ms();
			server_client_send_event(old, &ev);
		} else if (old->irc != NULL)
			server_irc_event_closing(old, why);	/* not a 433: ERROR */
		else
			server_client_error(old, err, why, 0);
		server_client_drop(old, why);
	}
	if (addr != NULL)
		log_info("%s: %s, from %s", s->nick, why, addr);
	else
		log_info("%s: %s", s->nick, why);
	session_destroy(s, NULL);
}

/* Create a session for a free nick and put it in the lobby. */
static void
server_login_register(struct server_client *c, const char *nick,
    const char *pubkey, const char *token)
{
	struct session		*s;
	struct room		*lobby;
	struct hub_event	 ev;
	int64_t			 last_seen = 0;
	int			 claimed = 0;

	/* A claim this key already held: its owner is back. */
	if (pubkey != NULL && claim_check(nick, pubkey) == 2)
		last_seen = claim_last_seen(nick);
	s = session_create(nick);
	if (token != NULL)
		session_set_token(s, token);	/* found by it to resume */
	session_attach(s, c, c->peer, c->addr);
	c->session = s;
	server_client_due_registered(c);
	s->ip = xstrdup(c->ip->ip);
	if (pubkey != NULL) {
		s->pubkey = xstrdup(pubkey);
		claimed = server_login_nick_claim(c, nick, pubkey);
	}
	c->flags &= ~SC_UNLOGGED;	/* a flood's no more: logged in full */
	log_info("%s: registered as %s%s", c->addr, nick, last_seen != 0 ?
	    ", the owner of the nick back" : "");
	server_login_welcome(c, 0, last_seen, 0, 1);
	if (claimed != 0)
		server_client_notice(c, "not_claimed", nick);
	server_backend()->session(s);
	if (server_motd() != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_MOTD;
		ev.text = server_motd();
		server_client_send_event(c, &ev);
	}

	if (c->irc != NULL) {
		/* IRC clients join what they ask for (or --irc-autojoin). */
		server_irc_registered(c);
		return;
	}
	/*
	 * A new session joins, even its nick's owner's: "is back" is for a
	 * session resumed, which the others saw lost.
	 */
	if ((lobby = room_find(CR_LOBBY)) == NULL)
		lobby = room_create(CR_LOBBY, "", now_ms());
	server_chat_join_lobby(c, lobby);
	/* Its key's session ended unresumed: what it may not have read. */
	session_dm_box_deliver(s);
}

/* quit: leave the hub for good; no resume window. */
void
server_login_quit(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*reason;
	char		*flat = NULL;
	struct session	*s = c->session;

	if (proto_get_str(obj, "reason", 0, &reason) != 0 || reason == NULL ||
	    (reason = flat = proto_flatten(reason)) == NULL ||
	    utf8_strlen(reason, strlen(reason)) > CR_REASON_MAX)
		reason = "quit";
	c->flags |= SC_NORESUME;
	if (s != NULL) {
		log_info("%s quit: %s", s->nick, reason);
		c->session = NULL;
		s->client = NULL;
		s->peer = NULL;
		/* The others may see less of it (session_signoff_reason). */
		session_destroy(s, session_signoff_reason(s, reason));
	}
	free(flat);
	server_client_drop(c, "quit");
}
