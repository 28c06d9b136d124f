/* SPDX-License-Identifier: ISC */
/* server-oper.c: operators: oper, kick, ban, unban, bans, mute, shutdown. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * Becoming an operator, and what only operators may do (the dispatch
 * table in server-client.c checks the right before these run).
 */
static int	server_oper_duration(struct server_client *, const char *,
		    int64_t *, long long);
static void	server_oper_remove_session(struct session *, const char *,
		    const char *, const char *, int64_t);
static void	server_oper_tell(struct server_client *, const char *,
		    const char *, const char *, const char *, int64_t,
		    const char *);
static void	server_oper_notice_mute(struct server_client *, const char *,
		    const char *, const char *, const char *, int64_t,
		    const char *, int);
static void	server_oper_flatten(cJSON *);
static int	server_oper_reason_long(struct server_client *,
		    const char *, long long);
static int	server_oper_own_nick(struct server_client *, const char *);
static int	server_oper_self(struct server_client *, int, const char *,
		    long long);

/* Count an operator's action, by the protocol it came by (metrics.c). */
void
server_oper_count(struct server_client *c, int op)
{
	metrics.oper_actions[op][c->codec != SERVER_CODEC_JSON]++;
}

/* oper: become an operator with the admin password. */
void
server_oper_oper(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*password, *hash;
	struct hub_event	 ev;
	int			 ok, wait;

	if (server_client_need_str(c, obj, "password", seq, &password) != 0)
		return;
	ok = server_check_oper(password);
	if (ok < 0) {
		server_client_error(c, PERR_OPER_DISABLED,
		    "this hub has no operator password", seq);
		return;
	}
	if ((wait = auth_wait(c->ip->ip)) > 0) {
		metrics.oper_logins[METRICS_OPER_THROTTLED]++;
		server_client_errorf(c, PERR_BAD_PASSWORD, seq,
		    "too many wrong passwords from your address: try again "
		    "in %d seconds", wait);
		return;
	}
	if (ok == 0) {
		metrics.oper_logins[METRICS_OPER_WRONG]++;
		log_warnx("%s: failed /oper as %s", c->addr,
		    c->session->nick);
		auth_failed(c->ip->ip);
		server_client_error(c, PERR_BAD_PASSWORD, "wrong password",
		    seq);
		return;
	}
	/*
	 * The history file keeps it, with the password's hash (session.c),
	 * and so does the cluster, for a hub the session may move to.
	 */
	c->session->flags |= SESSION_OPER;
	c->session->flags &= ~SESSION_OPER_LOST;
	free(c->session->oper_hash);
	hash = server_oper_hash();
	c->session->oper_hash = hash != NULL ? xstrdup(hash) : NULL;
	server_mark_dirty();
	metrics.oper_logins[METRICS_OPER_OK]++;
	server_backend()->session(c->session);
	log_info("%s is now an operator", c->session->nick);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_OPERED;
	ev.nick = c->session->nick;
	server_client_send_event(c, &ev);
	server_client_ack(c, seq, 0);
}

/*
 * A reload brought another operator password (another file, new
 * content, or none): an operator whose session holds the hash of the one
 * it gave is one no more, as after a restart (session_restore_oper).  One
 * connected is told now; one whose connection is lost, when it resumes.
 * The hash of each password is checked once (server_oper_hash_matches).
 */
void
server_oper_recheck(void)
{
	struct session	*s;
	int		 matches;
	u_int		 dropped = 0;

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		if (!(s->flags & SESSION_OPER))
			continue;
		/* Without a hash yet: made while the same password's was. */
		matches = s->oper_hash != NULL ?
		    server_oper_hash_matches(s->oper_hash) :
		    server_oper_hash_pending();
		if (matches == 1)
			continue;
		server_oper_drop(s, matches);
		server_backend()->session(s);
		dropped++;
	}
	/* The history file keeps operators. */
	if (dropped > 0)
		server_mark_dirty();
}

/*
 * The operator password's hash is made (server_oper_hash): the operators
 * made while it was, who have none yet, get it, for the history file and
 * the cluster.
 */
void
server_oper_hashed(const char *hash)
{
	struct session	*s;
	u_int		 n = 0;

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		if ((s->flags & SESSION_OPER) && s->oper_hash == NULL) {
			s->oper_hash = xstrdup(hash);
			server_backend()->session(s);	/* and the cluster */
			n++;
		}
	}
	if (n > 0)
		server_mark_dirty();
}

/*
 * A session is an operator no more: the hub's password changed (matches
 * 0) or there is none (-1).  Said in the log, and to its user now or, if
 * its connection is lost (or it was restored from the file), at resume.
 */
void
server_oper_drop(struct session *s, int matches)
{
	s->flags &= ~SESSION_OPER;
	free(s->oper_hash);
	s->oper_hash = NULL;
	log_info("%s: no longer an operator: %s", s->nick, matches < 0 ?
	    "the hub has no operator password now" :
	    "the operator password changed");
	if (s->client != NULL)
		server_client_notice(s->client, "oper_lost", s->nick);
	else
		s->flags |= SESSION_OPER_LOST;
}

/*
 * A session moved here from another hub of a cluster was an operator
 * there, and proof is what that hub wrote (server_oper_proof): it is one
 * here if the proof is of this hub's password for token, the one the
 * client resumed with.  If not (another password, none, a session taken
 * over by a login, which gave no token, a proof an older hub wrote, or
 * "-": no proof, or no longer an operator there and not told yet) its
 * user is told, as after a restart with another password.  0 if it is
 * one.
 */
int
server_oper_carried(struct session *s, const char *proof, const char *token)
{
	const char	*hash;
	int		 matches;

	matches = server_oper_proof_matches(proof, token);
	if (matches == 1) {
		s->flags |= SESSION_OPER;
		free(s->oper_hash);
		hash = server_oper_hash();	/* for the history file */
		s->oper_hash = hash != NULL ? xstrdup(hash) : NULL;
		server_mark_dirty();
		return (0);
	}
	if (strncmp(proof, "scrypt$", 7) == 0)
		log_info("%s: the operator entry in Redis is an older hub's",
		    s->nick);
	server_oper_drop(s, matches);
	return (-1);
}

/*
 * A kick's, a ban's or a mute's reason on one line, in the request itself
 * (newlines become one space, as for a leave or a quit: proto_flatten):
 * it is shown as one line, natively and as IRC's trailing parameter.
 */
static void
server_oper_flatten(cJSON *obj)
{
	cJSON	*item;
	char	*flat;

	item = cJSON_GetObjectItemCaseSensitive(obj, "reason");
	if (item == NULL || !cJSON_IsString(item) ||
	    strpbrk(item->valuestring, "\r\n") == NULL)
		return;
	flat = proto_flatten(item->valuestring);
	cJSON_ReplaceItemInObjectCaseSensitive(obj, "reason",
	    cJSON_CreateString(flat != NULL ? flat : ""));
	free(flat);
}

/*
 * Is a reason for a kick, a ban or a mute too long?  Then the operator is
 * told the limit, in characters as for an away message (a byte count
 * would refuse 100 accented letters), and 1 returned.
 */
static int
server_oper_reason_long(struct server_client *c, const char *reason,
    long long seq)
{
	size_t	n;

	if ((n = utf8_strlen(reason, strlen(reason))) <= CR_REASON_MAX)
		return (0);
	server_client_errorf(c, PERR_TEXT_TOO_LONG, seq, "a reason has at "
	    "most %d characters (this one has %zu)", CR_REASON_MAX, n);
	return (1);
}

/* kick: disconnect a user from the hub; the session ends. */
void
server_oper_kick(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick, *reason;
	struct session	*target;

	server_oper_flatten(obj);
	if (proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (reason == NULL || *reason == '\0')
		reason = "kicked";
	if (server_oper_reason_long(c, reason, seq))
		return;
	if ((target = session_find_nick(nick)) == NULL) {
		/* The hub that has the user removes it. */
		server_oper_remote_kick(c, nick, reason, seq);
		return;
	}
	server_oper_count(c, METRICS_OP_KICK);
	log_info("%s kicked %s: %s", c->session->nick, target->nick, reason);
	server_client_ack(c, seq, 0);
	server_oper_remove_session(target, c->session->nick, NULL, reason, 0);
}

/*
 * Remove a user from the hub (kick or ban): everyone who shares a room,
 * the user and the operator are told; the session ends with no resume.
 * A ban's end goes with it, so that the user learns it at the ban: until
 * is 0 for a kick, -1 for a ban with no end, else the end (ms).
 */
static void
server_oper_remove_session(struct session *target, const char *by,
    const char *by_host, const char *reason, int64_t until)
{
	struct session		*oper = session_find_nick(by);
	struct hub_event	 ev;
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_KICKED;
	ev.nick = target->nick;
	ev.by = by;
	ev.by_host = by_host;
	ev.ts = now_ms();
	ev.reason = reason;
	ev.until = until;
	server_event_init(&out, &ev);
	session_fanout_peers(target, &out, 1);
	line = server_event_bytes(&out, SERVER_CODEC_JSON, &len);
	server_backend()->peers_event(target, line, len);
	/* The operator, unless the fan-out reached it already. */
	if (oper != NULL && oper->mark != target->mark)
		server_event_send(&out, oper);
	server_event_free(&out);
	if (target->client != NULL) {
		target->client->flags |= SC_NORESUME;
		target->client->session = NULL;
		server_client_drop(target->client, "kicked");
	}
	session_destroy(target, NULL);
}

/* shutdown: stop the hub (operators only). */
void
server_oper_shutdown(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*reason;

	if (proto_get_str(obj, "reason", 0, &reason) != 0 || reason == NULL ||
	    *reason == '\0' ||
	    utf8_strlen(reason, strlen(reason)) > CR_REASON_MAX)
		reason = "the hub is shutting down";
	log_info("shutdown requested by %s", c->session->nick);
	server_client_ack(c, seq, 0);
	server_shutdown(reason);
}

/*
 * A ban's or a mute's duration, if it has one (else 0: for ever); a bad
 * one is answered with an error and -1.
 */
static int
server_oper_duration(struct server_client *c, const char *duration,
    int64_t *ms, long long seq)
{
	*ms = 0;
	if (duration != NULL && proto_duration_parse(duration, ms) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "a duration is like 30m, 1h30m or 7d, at most 365d",
		    seq);
		return (-1);
	}
	return (0);
}

/* Is nick (in any case) the operator's own? */
static int
server_oper_own_nick(struct server_client *c, const char *nick)
{
	char	*own, *other;
	int	 same;

	own = utf8_casefold(c->session->nick);
	other = utf8_casefold(nick);
	same = strcmp(own, other) == 0;
	free(other);
	free(own);
	return (same);
}

/*
 * Would a ban on key (a folded nick, a canonical address or range) shut
 * out the operator who sets it: its own nick, or the address it is
 * connected from?  Then the error is sent and 1 returned: the operator
 * could not come back to lift the ban, so, as IRC servers refuse a K-line
 * that matches its setter, only a request with "force" may.  IRC's KLINE
 * comes here too.
 */
static int
server_oper_self(struct server_client *c, int kind, const char *key,
    long long seq)
{
	if (kind == BAN_IP) {
		if (!ban_covers(key, c->ip->ip))
			return (0);
		server_client_errorf(c, PERR_BAD_FIELD, seq, "a ban on %s "
		    "covers your own address, %s: you could not connect to "
		    "lift it (/ban -force bans all the same)", key,
		    c->ip->ip);
		return (1);
	}
	if (!server_oper_own_nick(c, key))
		return (0);
	server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is your own nick: "
	    "you could not log in to lift the ban (/ban -force bans all the "
	    "same)", c->session->nick);
	return (1);
}

/*
 * ban: a nick or an address, for a time ("30m", "2h", "7d") or for ever,
 * with a reason.  Users it matches are removed at once.  Not the
 * operator's own nick or address, unless forced.
 */
void
server_oper_ban(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*target, *duration, *reason, *shown;
	struct session	*s;
	struct server_client	*o, *onext;
	int64_t		 ms = 0, until;
	int		 kind, bad, self, force = 0, given;
	enum proto_err	 err;
	char		*cause, *why, *addr, *key;

	server_oper_flatten(obj);
	if (proto_get_str(obj, "target", 1, &target) != 0 ||
	    proto_get_str(obj, "duration", 0, &duration) != 0 ||
	    proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"target\" is required",
		    seq);
		return;
	}
	if (proto_get_bool(obj, PF_FORCE, 0, &force) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"force\" is true or "
		    "false", seq);
		return;
	}
	if (server_oper_duration(c, duration, &ms, seq) != 0)
		return;
	/* Kept as "" without one (see ban_reason). */
	if (!(given = reason != NULL && *reason != '\0'))
		reason = "";
	if (server_oper_reason_long(c, reason, seq))
		return;
	/* An address, a range (ADDRESS/BITS), else a nick. */
	if ((addr = ban_canonical_address(target)) == NULL &&
	    (addr = ban_canonical_range(target, &bad)) == NULL && bad) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "bad address "
		    "range: %s (ADDRESS/BITS, as 192.0.2.0/24 or "
		    "2001:db8::/48)", target);
		return;
	}
	kind = addr != NULL ? BAN_IP : BAN_NICK;
	/* A nick made under the older rules may be banned too. */
	if (kind == BAN_NICK &&
	    proto_check_kept_nick(target, &err, &cause) != 0) {
		/* Neither: say both what was tried and what is taken. */
		server_client_errorf(c, err, seq, "%s is neither a nick nor an "
		    "address (%s; an address is as 192.0.2.7, or a range as "
		    "192.0.2.0/24)", target, cause);
		free(cause);
		return;
	}
	/* An address as it is kept: 10.1.2.3/8 is 10.0.0.0/8. */
	shown = addr != NULL ? addr : target;
	if (!force) {
		key = addr != NULL ? xstrdup(addr) : utf8_casefold(target);
		self = server_oper_self(c, kind, key, seq);
		free(key);
		if (self) {
			free(addr);
			return;
		}
	}
	until = ms > 0 ? now_ms() + ms : 0;
	ban_add(kind, shown, until, reason, c->session->nick, 0);
	server_oper_count(c, METRICS_OP_BAN);
	history_journal_bans();
	cluster_ban_put(kind, shown);
	if (given)
		log_info("%s banned %s for %s: %s", c->session->nick, shown,
		    ms > 0 ? duration : "ever", reason);
	else
		log_info("%s banned %s for %s", c->session->nick, shown,
		    ms > 0 ? duration : "ever");
	server_oper_tell(c, "banned", shown, NULL, ms > 0 ? duration : NULL,
	    until, given ? reason : NULL);
	server_client_ack(c, seq, 0);

	if (given)
		xasprintf(&why, "banned: %s", reason);
	else
		why = xstrdup("banned");
	if (kind == BAN_NICK) {
		if ((s = session_find_nick(target)) != NULL &&
		    s != c->session)
			server_oper_remove_session(s, c->session->nick, NULL,
			    why, until > 0 ? until : -1);
	} else {
		for (o = server_client_next(NULL); o != NULL; o = onext) {
			onext = server_client_next(o);
			if (!ban_covers(addr, o->ip->ip) || o == c)
				continue;
			if ((s = o->session) != NULL)
				server_oper_remove_session(s,
				    c->session->nick, NULL, why,
				    until > 0 ? until : -1);
			else
				server_client_drop(o, "banned address");
		}
	}
	free(why);
	free(addr);
}

/* unban: lift a ban on a nick or an address. */
void
server_oper_unban(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*target, *shown;
	char		*addr;
	int		 kind, bad;

	if (server_client_need_str(c, obj, "target", seq, &target) != 0)
		return;
	if ((addr = ban_canonical_address(target)) == NULL)
		addr = ban_canonical_range(target, &bad);
	kind = addr != NULL ? BAN_IP : BAN_NICK;
	shown = addr != NULL ? addr : target;
	if (ban_remove(kind, shown) != 0) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is not banned",
		    shown);
		free(addr);
		return;
	}
	server_oper_count(c, METRICS_OP_UNBAN);
	history_journal_bans();
	cluster_ban_lift(kind, shown);
	log_info("%s lifted the ban on %s", c->session->nick, shown);
	server_client_notice(c, "unbanned", shown);
	server_client_ack(c, seq, 0);
	free(addr);
}

/* bans: the bans and mutes in force. */
void
server_oper_bans(struct server_client *c, cJSON *obj, long long seq)
{
	const struct hist_ban	*b;
	struct hub_event	 ev;
	struct hub_ban_entry	*bans, *e;
	int64_t			 now = now_ms();
	u_int			 i;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_BANLIST;
	ev.seq = seq;
	bans = xcalloc(ban_count() + 1, sizeof *bans);
	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->until != 0 && b->until <= now)
			continue;
		e = &bans[ev.nbans++];
		e->kind = b->kind == BAN_IP ? "ip" : b->kind == BAN_MUTE ?
		    "mute" : "nick";
		e->target = b->target;
		e->until = b->until;
		e->reason = ban_reason(b) != NULL ? ban_reason(b) : "";
		e->by = b->by;
	}
	ev.bans = bans;
	server_client_send_event(c, &ev);
	free(bans);
}

/*
 * mute: a user may stay but not speak, for a time or until unmuted, with
 * a reason they are told.
 */
void
server_oper_mute(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick, *duration, *reason;
	struct session	*s;
	int64_t		 ms = 0;
	int		 force = 0;

	server_oper_flatten(obj);
	if (proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "duration", 0, &duration) != 0 ||
	    proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (proto_get_bool(obj, PF_FORCE, 0, &force) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"force\" is true or "
		    "false", seq);
		return;
	}
	if (server_oper_duration(c, duration, &ms, seq) != 0)
		return;
	if (reason == NULL)
		reason = "";
	if (server_oper_reason_long(c, reason, seq))
		return;
	/* As for a ban: one's own mute could not be lifted by oneself. */
	if (!force && server_oper_own_nick(c, nick)) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is your own "
		    "nick: you could not lift the mute yourself (/mute -force "
		    "mutes all the same)", c->session->nick);
		return;
	}
	if ((s = session_find_nick(nick)) == NULL) {
		server_oper_remote_mute(c, nick, ms, duration, reason, seq);
		return;
	}
	server_oper_mute_set(c, s, s->nick, ms, duration, reason, seq);
}

/*
 * Mute a user, of this hub (s) or of another (s NULL: its hub tells the
 * user), nick as its hub spells it, for ms (0: until unmuted).
 */
void
server_oper_mute_set(struct server_client *c, struct session *s,
    const char *nick, int64_t ms, const char *duration, const char *reason,
    long long seq)
{
	const char	*shown = nick, *why;
	int64_t		 until;

	until = ms > 0 ? now_ms() + ms : 0;
	ban_add(BAN_MUTE, shown, until, reason, c->session->nick, 0);
	server_oper_count(c, METRICS_OP_MUTE);
	history_journal_bans();
	cluster_ban_put(BAN_MUTE, shown);
	why = *reason != '\0' ? reason : NULL;
	if (why != NULL)
		log_info("%s muted %s for %s: %s", c->session->nick, shown,
		    ms > 0 ? duration : "ever", why);
	else
		log_info("%s muted %s for %s", c->session->nick, shown,
		    ms > 0 ? duration : "ever");
	if (s != NULL && s->client != NULL)
		server_oper_tell(s->client, "muted", s->nick, c->session->nick,
		    ms > 0 ? duration : NULL, until, why);
	else if (s != NULL)	/* told at its resume, as new */
		s->flags |= SESSION_MUTE_UNTOLD;
	if (s != c->session)
		server_oper_tell(c, "muted", shown, c->session->nick,
		    ms > 0 ? duration : NULL, until, why);
	server_client_ack(c, seq, 0);
}

/*
 * A user who comes while muted (a login, a resume, a takeover) is told by
 * whom and until when, in UTC as a ban's refusal is: else they learn it
 * only from a refused line, and not how long it lasts.  One whose mute
 * ended while away is told nothing: it is gone.  A session that goes on
 * (a resume, a takeover) was told of its mute already, unless it was set
 * while the session had no connection: then "still" says the notice is a
 * reminder, not a new mute.
 */
void
server_oper_tell_mute(struct server_client *c, int known)
{
	struct session		*s = c->session;
	const struct hist_ban	*b;
	char			 end[64];
	int			 still;

	if (s == NULL)
		return;
	still = known && !(s->flags & SESSION_MUTE_UNTOLD);
	s->flags &= ~SESSION_MUTE_UNTOLD;
	if ((b = ban_find(BAN_MUTE, s->nick)) == NULL)
		return;
	ban_end(b, end, sizeof end);
	if (*end == '\0')
		server_oper_notice_mute(c, "muted", s->nick, b->by, NULL, 0,
		    ban_reason(b), still);
	else
		server_oper_notice_mute(c, "muted_until", s->nick, b->by, end,
		    b->until, ban_reason(b), still);
}

/*
 * A notice of a ban or a mute: its code, whom it is about, the operator
 * (or NULL), the duration given (or NULL for one without an end), its end
 * (ms, 0 for none: the client says it in the user's time zone) and the
 * operator's reason for a ban or a mute (or NULL).
 */
static void
server_oper_tell(struct server_client *to, const char *code,
    const char *subject, const char *by, const char *duration, int64_t until,
    const char *reason)
{
	server_oper_notice_mute(to, code, subject, by, duration, until, reason,
	    0);
}

/* The same, a mute's told again if still. */
static void
server_oper_notice_mute(struct server_client *to, const char *code,
    const char *subject, const char *by, const char *duration, int64_t until,
    const char *reason, int still)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = code;
	ev.subject = subject;
	ev.nick = by;
	ev.text = duration;
	ev.until = until;
	ev.reason = reason;
	ev.still = still;
	server_client_send_event(to, &ev);
}

/* unmute: let a user speak again. */
void
server_oper_unmute(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick;
	struct session	*s;

	if (server_client_need_str(c, obj, "nick", seq, &nick) != 0)
		return;
	/*
	 * A mute binds operators too, or muting one would mean nothing:
	 * another operator lifts it, or its end.
	 */
	if (server_oper_own_nick(c, nick) &&
	    ban_find(BAN_MUTE, c->session->nick) != NULL) {
		server_client_error(c, PERR_BAD_FIELD, "you cannot lift your "
		    "own mute: another operator may, or it ends", seq);
		return;
	}
	if (ban_remove(BAN_MUTE, nick) != 0) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is not muted",
		    nick);
		return;
	}
	server_oper_count(c, METRICS_OP_UNMUTE);
	history_journal_bans();
	cluster_ban_lift(BAN_MUTE, nick);
	log_info("%s let %s speak again", c->session->nick, nick);
	if ((s = session_find_nick(nick)) != NULL && s->client != NULL)
		server_oper_tell(s->client, "unmuted", s->nick, c->session->nick,
		    NULL, 0, NULL);
	if (s != c->session)
		server_client_notice(c, "unmuted", nick);
	server_client_ack(c, seq, 0);
}

/*
 * A kick from an operator of hub, another hub, for a user of this one:
 * the same removal as a kick here, by the operator as that hub names it.
 */
void
server_oper_kick_here(const char *hub, const char *nick, const char *by,
    const char *reason)
{
	struct session	*target;

	if ((target = session_find_nick(nick)) == NULL)
		return;
	log_info("%s (on another hub) kicked %s: %s", by, target->nick,
	    reason);
	server_oper_remove_session(target, by, server_irc_hub_name(hub), reason,
	    0);
}

/*
 * A ban or a mute set on another hub holds here: the users it bans are
 * removed, as a ban here removes them, and a muted user is told.
 */
void
server_oper_enforce(const struct hist_ban *b)
{
	struct server_client	*o, *onext;
	struct session		*s;
	char			*why, *target, *by, end[64];
	int64_t			 ends = b->until > 0 ? b->until : -1;

	if (ban_reason(b) != NULL)
		xasprintf(&why, "banned: %s", ban_reason(b));
	else
		why = xstrdup("banned");
	target = xstrdup(b->target);
	by = xstrdup(b->by);
	switch (b->kind) {
	case BAN_NICK:
		if ((s = session_find_nick(target)) != NULL)
			server_oper_remove_session(s, by, NULL, why, ends);
		break;
	case BAN_IP:
		for (o = server_client_next(NULL); o != NULL; o = onext) {
			onext = server_client_next(o);
			if (o->ip == NULL || !ban_covers(target, o->ip->ip))
				continue;
			if ((s = o->session) != NULL)
				server_oper_remove_session(s, by, NULL, why, ends);
			else
				server_client_drop(o, "banned address");
		}
		break;
	case BAN_MUTE:
		if ((s = session_find_nick(target)) == NULL)
			break;
		if (s->client == NULL) {	/* told at its resume, as new */
			s->flags |= SESSION_MUTE_UNTOLD;
			break;
		}
		ban_end(b, end, sizeof end);
		if (*end == '\0')
			server_oper_tell(s->client, "muted", s->nick, by, NULL,
			    0, ban_reason(b));
		else
			server_oper_tell(s->client, "muted_until", s->nick,
			    by, end, b->until, ban_reason(b));
		break;
	}
	free(target);
	free(by);
	free(why);
}

/* A mute lifted on another hub: its user here is told. */
void
server_oper_lifted(int kind, const char *key)
{
	struct session	*s;

	if (kind == BAN_MUTE && (s = session_find_nick(key)) != NULL &&
	    s->client != NULL)
		server_client_notice(s->client, "unmuted", s->nick);
}
