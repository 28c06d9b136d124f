/* SPDX-License-Identifier: ISC */
/* server-login-nick.c: nick, and the claim on it: release, password. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "peer.h"
#include "proto.h"
#include "server.h"

static void	server_login_nick_rename(struct server_client *, const char *,
		    long long);
static void	server_login_nick_password_cb(void *,
		    const struct claim_job_done *);
static int	server_login_nick_often(struct server_client *, long long);

/*
 * Claim a nick for a proven key, or refresh its owner's claim, within the
 * caps (server_addr_claim).  0 if the key holds the nick now; else the
 * user is told, once welcomed, that the nick is theirs for the session
 * only.
 */
int
server_login_nick_claim(struct server_client *c, const char *nick,
    const char *pubkey)
{
	char	*cause;

	if (pubkey == NULL)
		return (0);
	if (claim_check(nick, pubkey) != 2 &&
	    server_addr_claim(c->ip->ip, pubkey, &cause) != 0) {
		log_info("%s: no claim on %s: %s", c->addr, nick, cause);
		free(cause);
		metrics.address_limits[METRICS_LIMIT_CLAIM]++;
		return (-1);
	}
	claim_take(nick, pubkey);
	return (0);
}

/*
 * Has this connection changed nick CR_NICK_CHANGES times in the last
 * CR_NICK_CHANGE_SECS seconds?  Then refuse with flood (IRC servers say
 * 438, "Nick change too fast"): each change is a line on the screen of
 * everyone who shares a room, and a nick that hops escapes /ignore.
 * Otherwise recall this change in place of the oldest and return 0.
 */
static int
server_login_nick_often(struct server_client *c, long long seq)
{
	return (server_client_flood_pace(c, c->nick_at, CR_NICK_CHANGES,
	    CR_NICK_CHANGE_SECS, "nick", seq));
}

/* nick: change nick; the user and everyone sharing a room are told. */
void
server_login_nick(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick, *legacy;
	const struct hist_ban *ban;
	struct session	*s = c->session, *other;
	enum proto_err	 err;
	u_char		 fp[CR_FP_BYTES];
	char		*cause, *who;
	int		 claim;

	if (proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "legacy", 0, &legacy) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (server_login_check_nick(nick, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	/* A new nick would shed the mute. */
	if (server_chat_muted(c, seq))
		return;
	if ((other = session_find_nick(nick)) != NULL && other != s) {
		if (c->irc != NULL)
			server_irc_nick_taken(c, nick);
		else
			server_client_errorf(c, PERR_NICK_TAKEN, seq,
		    "the nick %s is taken", nick);
		return;
	}
	if ((ban = ban_find(BAN_NICK, nick)) != NULL) {
		xasprintf(&who, "the nick %s", nick);
		cause = ban_refusal(ban, who);
		free(who);
		server_client_error_until(c, PERR_BANNED, cause, seq,
		    ban->until);
		free(cause);
		return;
	}
	/* An old claim on the new nick moves to the key, as at hello. */
	if (legacy != NULL && s->pubkey != NULL)
		claim_migrate(nick, s->pubkey, legacy, c->nonce,
		    server_login_fingerprint(c, fp));
	if ((claim = claim_check(nick, s->pubkey)) == 0 &&
	    !server_login_proven(c, nick)) {
		server_client_errorf(c, PERR_NICK_CLAIMED, seq,
		    "the nick %s is claimed by someone else", nick);
		return;
	}
	if (claim == 1 && server_login_nick_claim(c, nick, s->pubkey) != 0)
		server_client_notice(c, "not_claimed", nick);
	if (strcmp(nick, s->nick) == 0) {
		server_client_ack(c, seq, 0);
		return;
	}
	if (server_login_nick_often(c, seq))
		return;
	/*
	 * In a cluster Redis answers: what the connection sends meanwhile
	 * waits, so that it goes out under the new nick, and the replies
	 * keep their order, as on one hub.
	 */
	server_backend()->nick(c, s, nick, seq, server_client_flood_ask(c));
}

/*
 * The backend answered a nick change: the nick is ours (ok 1), taken (0),
 * or the backend was lost meanwhile (-1).  Then what waited goes on: the
 * wait of this change (gen), not of a later one, if this answer comes
 * after its wait was given up.
 */
void
server_login_nick_done(struct server_client *c, int ok, const char *nick,
    long long seq, u_int gen)
{
	struct session	*other;

	if (c->session == NULL)
		;
	else if (ok == -1) {
		server_client_error(c, PERR_INTERNAL, "the cluster was lost; "
		    "try again", seq);
	} else if (!ok || ((other = session_find_nick(nick)) != NULL &&
	    other != c->session)) {
		if (c->irc != NULL)	/* on another hub: as here */
			server_irc_nick_taken(c, nick);
		else
			server_client_errorf(c, PERR_NICK_TAKEN, seq,
			    "the nick %s is taken", nick);
	} else
		server_login_nick_rename(c, nick, seq);
	server_client_flood_answered(c, gen);
}

/* Change the nick and tell the user and everyone sharing a room. */
static void
server_login_nick_rename(struct server_client *c, const char *nick,
    long long seq)
{
	struct session		*s = c->session;
	struct hub_event	 ev;
	char			*old;

	old = xstrdup(s->nick);
	server_backend()->session_gone(s);	/* the old nick */
	session_rename(s, nick);
	log_info("%s is now known as %s", old, nick);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_RENAMED;
	ev.old = old;
	ev.nick = nick;
	ev.ts = now_ms();
	/* DM partners too, so that their conversation follows the nick. */
	server_event_peers(s, &ev, FANOUT_SELF|FANOUT_PARTNERS);
	server_people_renamed(s, old);
	server_backend()->session(s);
	free(old);
	server_client_ack(c, seq, 0);
}

/* release: give up the claim on our nick, or (operators) on any nick. */
void
server_login_nick_release(struct server_client *c, cJSON *obj, long long seq)
{
	struct session	*s = c->session;
	const char	*nick;

	if (proto_get_str(obj, "nick", 0, &nick) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"nick\" must be a string", seq);
		return;
	}
	if (nick == NULL)
		nick = s->nick;
	else if (session_find_nick(nick) != s && !(s->flags & SESSION_OPER)) {
		server_client_error(c, PERR_NOT_OPER, "only operators may free "
		    "another user's nick", seq);
		return;
	}
	if (claim_check(nick, NULL) == 1) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "the nick %s is not claimed", nick);
		return;
	}
	if (!(s->flags & SESSION_OPER) && claim_check(nick, s->pubkey) != 2) {
		server_client_errorf(c, PERR_NICK_CLAIMED, seq,
		    "you do not hold a claim on %s", nick);
		return;
	}
	if (claim_release(nick, s->nick,
	    claim_check(nick, s->pubkey) == 2) != 0) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "the nick %s is not claimed", nick);
		return;
	}
	server_client_notice(c, "released", nick);
	server_client_ack(c, seq, 0);
}

/*
 * password: set (or, without one, clear) the password with which IRC
 * clients log in with our claimed nick.  Only the key that owns the claim
 * may; the hash is made off the loop and the answer comes after.
 */
void
server_login_nick_password(struct server_client *c, cJSON *obj, long long seq)
{
	struct session	*s = c->session;
	const char	*password;
	char		*cause;

	if (proto_get_str(obj, PF_PASSWORD, 0, &password) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"password\" must be a string", seq);
		return;
	}
	if (s->pubkey == NULL || claim_check(s->nick, s->pubkey) != 2) {
		server_client_errorf(c, PERR_NICK_CLAIMED, seq,
		    "you do not hold a claim on %s", s->nick);
		return;
	}
	if (password == NULL || *password == '\0') {
		/* Nothing to clear is said as such, not as a deletion. */
		if (claim_password(s->nick) == NULL) {
			server_client_notice(c, "password_none", s->nick);
			server_client_ack(c, seq, 0);
			return;
		}
		claim_set_password(s->nick, s->pubkey, NULL);
		server_client_notice(c, "password_cleared", s->nick);
		server_client_ack(c, seq, 0);
		return;
	}
	if (claim_pass_valid(password, &cause) != 0) {
		server_client_error(c, PERR_BAD_FIELD, cause, seq);
		free(cause);
		return;
	}
	/* The next request waits for the answer: they run in order. */
	peer_hold(c->peer);
	claim_job_set(s->nick, s->pubkey, password, seq,
	    server_login_nick_password_cb, c);
}

/* The password of a "password" request is hashed and stored, or not. */
static void
server_login_nick_password_cb(void *arg, const struct claim_job_done *done)
{
	struct server_client	*c = arg;

	peer_release(c->peer);
	if (c->session == NULL)
		return;
	switch (done->result) {
	case CLAIM_AUTH_OK:
		server_client_notice(c, "password_set", done->nick);
		server_client_ack(c, done->seq, 0);
		break;
	case CLAIM_AUTH_LOST:
		server_client_errorf(c, PERR_NICK_CLAIMED, done->seq,
		    "you no longer hold a claim on %s", done->nick);
		break;
	default:
		server_client_error(c, PERR_FLOOD, "too many passwords are "
		    "being checked: try again in a moment", done->seq);
		break;
	}
}
