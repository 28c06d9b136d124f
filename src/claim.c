/* claim.c: nicks claimed by a client's secret, without accounts. */

#include <sys/types.h>

#include <openssl/evp.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * A client keeps a random secret and presents it at hello; the hub keeps
 * only a hash of it per nick (never the secret), so a claimed nick is
 * refused to anyone else and follows its owner across restarts.
 */
struct claim {
	char		*key;		/* case-folded nick */
	char		*nick;
	char		 hash[65];
	int64_t		 seen;
};

static void	*claim_tree;
static u_int	 claim_n;

static int	claim_cmp(const void *, const void *);
static void	claim_hash(const char *, const char *, char *);
static struct claim *claim_find(const char *);
static void	claim_destroy(struct claim *);

/* Order claims by key. */
static int
claim_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct claim *)a)->key,
	    ((const struct claim *)b)->key));
}

/* Hash a secret for a nick: hex SHA-256 of "key\nsecret". */
static void
claim_hash(const char *key, const char *secret, char *out)
{
	EVP_MD_CTX	*md;
	u_char		 digest[EVP_MAX_MD_SIZE];
	u_int		 len, i;

	md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, key, strlen(key));
	EVP_DigestUpdate(md, "\n", 1);
	EVP_DigestUpdate(md, secret, strlen(secret));
	EVP_DigestFinal_ex(md, digest, &len);
	EVP_MD_CTX_free(md);
	for (i = 0; i < len && i < 32; i++)
		snprintf(out + i * 2, 3, "%02x", digest[i]);
	out[64] = '\0';
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

/* Forget a claim. */
static void
claim_destroy(struct claim *cl)
{
	tdelete(cl, &claim_tree, claim_cmp);
	claim_n--;
	free(cl->key);
	free(cl->nick);
	free(cl);
}

/*
 * May this secret (or NULL) use this nick?  1: nobody claims it; 2: the
 * secret owns it; 0: someone else does.
 */
int
claim_check(const char *nick, const char *secret)
{
	struct claim	*cl;
	char		 hash[65];
	u_char		 diff = 0;
	u_int		 i;

	if ((cl = claim_find(nick)) == NULL)
		return (1);
	if (secret == NULL || *secret == '\0')
		return (0);
	claim_hash(cl->key, secret, hash);
	for (i = 0; i < 64; i++)
		diff |= (u_char)hash[i] ^ (u_char)cl->hash[i];
	return (diff == 0 ? 2 : 0);
}

/* Claim a free nick for a secret (or refresh the owner's claim). */
void
claim_take(const char *nick, const char *secret)
{
	struct claim	*cl;

	if (secret == NULL || *secret == '\0')
		return;
	if ((cl = claim_find(nick)) == NULL) {
		cl = xcalloc(1, sizeof *cl);
		cl->key = utf8_casefold(nick);
		cl->nick = xstrdup(nick);
		if (tsearch(cl, &claim_tree, claim_cmp) == NULL)
			fatalx("tsearch failed");
		claim_n++;
		claim_hash(cl->key, secret, cl->hash);
		log_info("nick %s claimed", nick);
	}
	cl->seen = now_ms();
	server_mark_dirty();
}

/* Give up the claim on a nick. */
int
claim_release(const char *nick)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) == NULL)
		return (-1);
	log_info("claim on %s released", cl->nick);
	claim_destroy(cl);
	server_mark_dirty();
	return (0);
}

/* The owner used the nick now. */
void
claim_seen(const char *nick)
{
	struct claim	*cl;

	if ((cl = claim_find(nick)) != NULL)
		cl->seen = now_ms();
}

/* twalk has no argument: the history being filled. */
static struct hist	*claim_walk_hist;

/* Copy one claim into the history. */
static void
claim_walk_cb(const void *node, VISIT which, int depth)
{
	const struct claim	*cl = *(const struct claim * const *)node;
	struct hist_claim	*hc;

	if (which != postorder && which != leaf)
		return;
	hc = &claim_walk_hist->claims[claim_walk_hist->nclaims++];
	hc->nick = xstrdup(cl->nick);
	hc->hash = xstrdup(cl->hash);
	hc->seen = cl->seen;
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
	struct claim	*cl;
	size_t		 i;

	for (i = 0; i < h->nclaims; i++) {
		if (claim_find(h->claims[i].nick) != NULL ||
		    strlen(h->claims[i].hash) != 64)
			continue;
		cl = xcalloc(1, sizeof *cl);
		cl->key = utf8_casefold(h->claims[i].nick);
		cl->nick = xstrdup(h->claims[i].nick);
		memcpy(cl->hash, h->claims[i].hash, 65);
		cl->seen = h->claims[i].seen;
		if (tsearch(cl, &claim_tree, claim_cmp) == NULL)
			fatalx("tsearch failed");
		claim_n++;
	}
}

/* Drop claims not used since the cut-off. */
void
claim_expire(int64_t before)
{
	struct hist	 h;
	size_t		 i;

	memset(&h, 0, sizeof h);
	claim_to_hist(&h);
	for (i = 0; i < h.nclaims; i++) {
		if (session_find_nick(h.claims[i].nick) != NULL) {
			claim_seen(h.claims[i].nick);	/* in use now */
			continue;
		}
		if (h.claims[i].seen < before) {
			log_info("claim on %s expired", h.claims[i].nick);
			claim_release(h.claims[i].nick);
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
	free(cl);
}

/* Free every claim (at exit). */
void
claim_free_all(void)
{
	tdestroy(claim_tree, claim_free_cb);
	claim_tree = NULL;
	claim_n = 0;
}
