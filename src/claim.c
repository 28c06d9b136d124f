/* SPDX-License-Identifier: ISC */
/* claim.c: nicks claimed by a client's key, without accounts. */

#include <sys/types.h>

#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * A client keeps an Ed25519 key pair and proves it at hello (ident.c);
 * the hub keeps the public key per nick, so a claimed nick is refused to
 * anyone else and follows its owner across restarts.  A claim made under
 * protocol version 1 holds the hash of a secret instead, and moves to the
 * first key that proves it knows that hash.
 *
 * A claim may also hold the scrypt hash of a password (claim-pass.c) for
 * IRC clients, which log in with SASL PLAIN: set by the key's owner, or
 * made by an IRC client that claimed a free nick, in which case the claim
 * has no key at all and only a password opens it.
 *
 * With --cluster every hub holds every claim of the cluster: each change
 * made here goes to Redis and the other hubs (cluster-claim.c), and
 * theirs come in through claim_remote_set and claim_remote_drop.
 */
struct claim {
	char		*key;		/* case-folded nick */
	char		*nick;
	char		 hash[65];	/* version 1, or "" */
	char		 pubkey[65];	/* version 2, or "" */
	char		*pass;		/* scrypt hash, or NULL */
	int64_t		 seen;
};

static void	*claim_tree;
static u_int	 claim_n;

static int	claim_cmp(const void *, const void *);
static struct claim *claim_find(const char *);
static struct claim *claim_new(const char *);
static void	claim_destroy(struct claim *);
static void	claim_free_cb(void *);

/* Order claims by key. */
static int
claim_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct claim *)a)->key,
	    ((const struct claim *)b)->key));
}

/* The claim on a nick, or NULL. */
static struct claim *
claim_find(const char *nick)
{
	struct claim	 find, **found;

	find.key = utf8_casefold(nick);
	found = tfind(&find, &claim_tree, claim_cmp);
	free(find.key);
	return (found != NULL ? *found : NULL);
}

/* Add an empty claim on a nick nobody claims. */
static struct claim *
claim_new(const char *nick)
{
	struct claim	*cl;

	cl = xcalloc(1, sizeof *cl);
	cl->key = utf8_casefold(nick);
	cl->nick = xstrdup(nick);
	if (tsearch(cl, &claim_tree, claim_cmp) == NULL)
		fatalx("tsearch failed");
	claim_n++;
	return (cl);
}

/* Forget a claim. */
static void
claim_destroy(struct claim *cl)
{
	tdelete(cl, &claim_tree, claim_cmp);
	claim_n--;
	claim_free_cb(cl);
}

/*
 * May this proven public key (or NULL) use this nick?  1: nobody claims
 * it; 2: the key owns it; 0: someone else does, an old claim waits for
 * its proof, or only a password opens it (claim_job_login).
 */
int
claim_check(const char *nick, const char *pubkey)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return (1);
	if (pubkey == NULL || cl->pubkey[0] == '\0')
		return (0);
	return (strcmp(cl->pubkey, pubkey) == 0 ? 2 : 0);
}

/*
 * Move an old claim on a nick to a key, if the proof shows the client
 * knows the claim's hash for this connection's challenge.  0 if it moved.
 */
int
claim_migrate(const char *nick, const char *pubkey, const char *proof,
    const u_char *nonce, const u_char *fp)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL || cl->hash[0] == '\0' ||
	    !ident_legacy_check(cl->hash, proof, nonce, fp, nick))
		return (-1);
	memcpy(cl->pubkey, pubkey, sizeof cl->pubkey);
	cl->pubkey[64] = '\0';
	explicit_bzero(cl->hash, sizeof cl->hash);
	log_info("claim on %s moved to a key", cl->nick);
	server_mark_dirty();
	cluster_claim_put(cl->nick, 0);
	return (0);
}

/* Claim a free nick for a proven key (or refresh the owner's claim). */
void
claim_take(const char *nick, const char *pubkey)
{
	struct claim	*cl;
	int		 fresh = 0;

	if (pubkey == NULL || strlen(pubkey) != 64)
		return;
	if ((cl = claim_find(nick)) == NULL) {
		cl = claim_new(nick);
		memcpy(cl->pubkey, pubkey, sizeof cl->pubkey);
		log_info("nick %s claimed", nick);
		fresh = 1;
	}
	cl->seen = now_ms();
	server_mark_dirty();
	cluster_claim_put(cl->nick, fresh);
}

/*
 * Claim a free nick with only a password (an IRC client's SASL PLAIN):
 * its stored hash.  -1 if someone claimed the nick meanwhile.
 */
int
claim_take_password(const char *nick, const char *hash)
{
	struct claim	*cl;

	if (claim_find(nick) != NULL)
		return (-1);
	cl = claim_new(nick);
	cl->pass = xstrdup(hash);
	cl->seen = now_ms();
	log_info("nick %s claimed with a password", nick);
	server_mark_dirty();
	cluster_claim_put(cl->nick, 1);
	return (0);
}

/*
 * Set (a stored hash) or clear (NULL) the password of a nick the key
 * owns.  -1 if the key does not own the nick.
 */
int
claim_set_password(const char *nick, const char *pubkey, const char *hash)
{
	struct claim	*cl;

	if (pubkey == NULL || (cl = claim_find(nick)) == NULL ||
	    cl->pubkey[0] == '\0' || strcmp(cl->pubkey, pubkey) != 0)
		return (-1);
	free(cl->pass);
	cl->pass = hash != NULL ? xstrdup(hash) : NULL;
	log_info("password of %s %s", cl->nick, hash != NULL ? "set" :
	    "cleared");
	server_mark_dirty();
	cluster_claim_put(cl->nick, 0);
	return (0);
}

/* The stored password hash of a claimed nick, or NULL. */
const char *
claim_password(const char *nick)
{
	struct claim	*cl;

	return ((cl = claim_find(nick)) != NULL ? cl->pass : NULL);
}

/* Does a key (or an old claim's hash) hold the nick, not a password alone? */
int
claim_keyed(const char *nick)
{
	struct claim	*cl;

	return ((cl = claim_find(nick)) != NULL &&
	    (cl->pubkey[0] != '\0' || cl->hash[0] != '\0'));
}

/*
 * Give up the claim on a nick, at the request of the user by: its owner,
 * or an operator (the log says which); by is NULL for an expiry, which
 * its caller logs.
 */
int
claim_release(const char *nick, const char *by, int owner)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return (-1);
	if (by != NULL)
		log_info("claim on %s released by %s%s", cl->nick,
		    owner ? "its owner, " : "the operator ", by);
	cluster_claim_drop(cl->nick);
	claim_destroy(cl);
	server_mark_dirty();
	return (0);
}

/* When the owner last used a claimed nick (0: not claimed). */
int64_t
claim_last_seen(const char *nick)
{
	struct claim	*cl;

	return ((cl = claim_find(nick)) != NULL ? cl->seen : 0);
}

/*
 * The owner used the nick now: at a login or a resume, and when a session
 * with it ends or loses its connection, so that "last seen" is when the
 * user was last there, not when they came.
 */
void
claim_seen(const char *nick)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return;
	cl->seen = now_ms();
	server_mark_dirty();
	/* The other hubs expire claims by it too. */
	cluster_claim_put(cl->nick, 0);
}

/* The hub stops: the users still there were last seen now. */
void
claim_seen_live(void)
{
	struct session	*s;
	struct claim	*cl;

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		if (s->client != NULL && (cl = claim_find(s->nick)) != NULL) {
			cl->seen = now_ms();
			server_mark_dirty();
		}
	}
}

/*
 * A claim as the other hubs of a cluster get it:
 * "NICK\tPUBKEY\tHASH\tPASS\tSEEN" (empty fields for what it lacks), or
 * NULL if the nick is not claimed.
 */
char *
claim_entry(const char *nick)
{
	struct claim	*cl;
	char		*out;

	if ((cl = claim_find(nick)) == NULL)
		return (NULL);
	xasprintf(&out, "%s\t%s\t%s\t%s\t%lld", cl->nick, cl->pubkey,
	    cl->hash, cl->pass != NULL ? cl->pass : "", (long long)cl->seen);
	return (out);
}

/*
 * Does the claim on a nick belong to this owner (a key, an old hash, or
 * for a claim with neither, a password)?  1 if so, 0 if another owner's,
 * -1 if the nick is not claimed here.
 */
int
claim_same_owner(const char *nick, const char *pubkey, const char *hash,
    const char *pass)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return (-1);
	if (cl->pubkey[0] != '\0' || *pubkey != '\0')
		return (strcmp(cl->pubkey, pubkey) == 0);
	if (cl->hash[0] != '\0' || *hash != '\0')
		return (strcmp(cl->hash, hash) == 0);
	return (cl->pass != NULL && strcmp(cl->pass, pass) == 0);
}

/*
 * Take a claim from another hub of the cluster, as it is there (the later
 * of the two "last seen" stays).  -1 if it makes no sense.
 */
int
claim_remote_set(const char *nick, const char *pubkey, const char *hash,
    const char *pass, int64_t seen)
{
	struct claim	*cl;

	if ((*pubkey != '\0' && strlen(pubkey) != 64) ||
	    (*hash != '\0' && strlen(hash) != 64) ||
	    (*pubkey == '\0' && *hash == '\0' && *pass == '\0'))
		return (-1);
	if ((cl = claim_find(nick)) != NULL && strcmp(cl->nick, nick) != 0) {
		/* The same nick in another case: the other hub's wins. */
		free(cl->nick);
		cl->nick = xstrdup(nick);
	}
	if (cl == NULL)
		cl = claim_new(nick);
	snprintf(cl->pubkey, sizeof cl->pubkey, "%s", pubkey);
	snprintf(cl->hash, sizeof cl->hash, "%s", hash);
	if (cl->pass != NULL) {
		explicit_bzero(cl->pass, strlen(cl->pass));
		free(cl->pass);
	}
	cl->pass = *pass != '\0' ? xstrdup(pass) : NULL;
	if (seen > cl->seen)
		cl->seen = seen;
	server_mark_dirty();
	return (0);
}

/* Another hub of the cluster released or expired a claim. */
void
claim_remote_drop(const char *nick)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return;
	claim_destroy(cl);
	server_mark_dirty();
}

/* twalk has no argument: the history being filled. */
static struct hist	*claim_walk_hist;

/* Copy one claim into the history. */
static void
claim_walk_cb(const void *node, VISIT which, int depth)
{
	const struct claim	*cl = *(const struct claim * const *)node;
	struct hist_claim	*hc;
	struct session		*s;

	if (which != postorder && which != leaf)
		return;
	hc = &claim_walk_hist->claims[claim_walk_hist->nclaims++];
	hc->nick = xstrdup(cl->nick);
	if (cl->pubkey[0] != '\0')
		hc->pubkey = xstrdup(cl->pubkey);
	else if (cl->hash[0] != '\0')
		hc->hash = xstrdup(cl->hash);
	if (cl->pass != NULL)
		hc->pass = xstrdup(cl->pass);
	hc->seen = cl->seen;
	/* In use: the file says now, for a restart or a crash. */
	if ((s = session_find_nick(cl->nick)) != NULL && s->client != NULL)
		hc->seen = now_ms();
}

/* Copy every claim into a history for saving. */
void
claim_to_hist(struct hist *h)
{
	h->nclaims = 0;
	h->claims = xcalloc(claim_n > 0 ? claim_n : 1, sizeof *h->claims);
	claim_walk_hist = h;
	twalk(claim_tree, claim_walk_cb);
	claim_walk_hist = NULL;
}

/* Take the claims of a loaded history. */
void
claim_from_hist(struct hist *h)
{
	struct hist_claim	*hc;
	struct claim		*cl;
	size_t			 i;

	for (i = 0; i < h->nclaims; i++) {
		hc = &h->claims[i];
		if ((cl = claim_find(hc->nick)) != NULL) {
			/* Two spellings of one name (NFC): the first holds. */
			log_info("claim on %s dropped: same nick as %s, "
			    "claimed before it", hc->nick, cl->nick);
			continue;
		}
		if (hc->pubkey != NULL ? strlen(hc->pubkey) != 64 :
		    hc->hash != NULL ? strlen(hc->hash) != 64 :
		    hc->pass == NULL)
			continue;
		cl = claim_new(hc->nick);
		if (hc->pubkey != NULL)
			memcpy(cl->pubkey, hc->pubkey, 65);
		else if (hc->hash != NULL)
			memcpy(cl->hash, hc->hash, 65);
		if (hc->pass != NULL)
			cl->pass = xstrdup(hc->pass);
		cl->seen = h->claims[i].seen;
	}
}

/*
 * Drop claims not used since the cut-off.  A nick in use, or waiting for
 * a resume, is kept as it is: when its session ends it is seen again.
 */
void
claim_expire(int64_t before)
{
	struct hist	 h;
	size_t		 i;

	memset(&h, 0, sizeof h);
	claim_to_hist(&h);
	for (i = 0; i < h.nclaims; i++) {
		if (session_find_nick(h.claims[i].nick) != NULL)
			continue;
		if (h.claims[i].seen < before) {
			log_info("claim on %s expired", h.claims[i].nick);
			claim_release(h.claims[i].nick, NULL, 0);
		}
	}
	history_free(&h);
}

/* Free one claim for tdestroy. */
static void
claim_free_cb(void *arg)
{
	struct claim	*cl = arg;

	free(cl->key);
	free(cl->nick);
	if (cl->pass != NULL) {
		explicit_bzero(cl->pass, strlen(cl->pass));
		free(cl->pass);
	}
	free(cl);
}

/* Free every claim, and stop the password worker (at exit). */
void
claim_free_all(void)
{
	claim_job_free_all();
	tdestroy(claim_tree, claim_free_cb);
	claim_tree = NULL;
	claim_n = 0;
}

/* How many nicks are claimed. */
u_int
claim_count(void)
{
	return (claim_n);
}

/* twalk has no argument: the key being counted, and the count. */
static const char	*claim_count_pubkey;
static u_int		 claim_count_n;

/* Count one claim if the key holds it. */
static void
claim_count_cb(const void *node, VISIT which, int depth)
{
	const struct claim	*cl = *(const struct claim * const *)node;

	if ((which == postorder || which == leaf) &&
	    strcmp(cl->pubkey, claim_count_pubkey) == 0)
		claim_count_n++;
}

/* How many nicks a public key holds (a walk: claims are capped). */
u_int
claim_count_key(const char *pubkey)
{
	claim_count_pubkey = pubkey;
	claim_count_n = 0;
	twalk(claim_tree, claim_count_cb);
	claim_count_pubkey = NULL;
	return (claim_count_n);
}
