/* SPDX-License-Identifier: ISC */
/* client-hello.c: saying hello: the hub's challenge, our key and proofs. */

#include <sys/types.h>

#include <event2/event.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static void	client_hello_send(struct client *);

/*
 * The connection is trusted: say hello once the hub's challenge is here
 * too (it may come first, while the user is asked about the certificate).
 */
void
client_hello_start(struct client *c)
{
	struct timeval	tv = { CR_CHALLENGE_WAIT, 0 };

	/*
	 * A hub that greeted us before is slow, not something else (stopped,
	 * or busy with a restart's crowd): wait as for any answer, rather
	 * than give up, and say so, every few seconds.
	 */
	if (c->flags & CLIENT_EVER_READY)
		tv.tv_sec = c->lag_max;
	c->flags |= CLIENT_HELLO_READY;
	if (c->flags & CLIENT_CHALLENGED)
		client_hello_send(c);
	else
		evtimer_add(c->timer, &tv);	/* a hub greets at once */
}

/*
 * The hub's challenge (its nonce, NULL if none), the first frame.  One
 * after the welcome comes too late to sign a hello and is ignored.
 */
void
client_hello_challenge(struct client *c, const char *nonce)
{
	if ((c->flags & CLIENT_CHALLENGED) || c->state != CLIENT_HANDSHAKE)
		return;
	if (nonce == NULL || ident_parse_nonce(nonce, c->nonce) != 0) {
		peer_fail(c->peer, _("the hub sent a bad challenge"));
		return;
	}
	c->flags |= CLIENT_CHALLENGED;
	if (c->flags & CLIENT_HELLO_READY) {
		evtimer_del(c->timer);
		client_hello_send(c);
	}
}

/*
 * The proof that we hold the old secret of a claim on a nick, for this
 * connection's challenge, into out (65 bytes); NULL without a secret.
 */
const char *
client_hello_legacy_proof(struct client *c, const char *nick, char *out)
{
	char	hash[65];

	if (c->secret == NULL || c->ident == NULL ||
	    !(c->flags & CLIENT_CHALLENGED))
		return (NULL);
	ident_claim_hash(nick, c->secret, hash);
	ident_legacy_proof(hash, c->nonce, c->hubfp, nick, out);
	explicit_bzero(hash, sizeof hash);
	return (out);
}

/*
 * Say hello: a new login, or a resume with the token.  The key signs the
 * challenge bound to the hub's certificate; the secret itself never goes
 * out, only a proof for this challenge that moves an old claim to the key.
 */
static void
client_hello_send(struct client *c)
{
	struct proto_request	req;
	char			sig[CR_SIG_BYTES * 2 + 1], proof[65];

	memset(&req, 0, sizeof req);
	req.type = PROTO_HELLO;
	req.nick = c->nick;
	if (c->token[0] != '\0') {
		req.token = c->token;
		req.last_id = c->last_id;
	}
	if (c->ident != NULL &&
	    ident_sign(c->ident, c->nonce, c->hubfp, c->nick, sig) == 0) {
		req.key = c->pubkey;
		req.sig = sig;
		req.legacy = client_hello_legacy_proof(c, c->nick, proof);
	}
	req.password = c->password;
	req.client = PACKAGE_STRING;
	client_send(c, &req, 0, NULL);
}

/*
 * Our key pair, made on first use and kept in the state directory with
 * mode 0600; its public half in hex into pubkey.  Without it nicks are
 * not claimed, which is no worse than before.
 */
struct evp_pkey_st *
client_hello_load_key(char *pubkey)
{
	EVP_PKEY	*key;
	char		*path, *cause;

	path = state_path("key");
	if (make_parent_dirs(path, &cause) != 0 ||
	    (key = ident_load(path, &cause)) == NULL) {
		log_debug("%s", cause);
		free(cause);
		free(path);
		return (NULL);
	}
	free(path);
	ident_public_hex(key, pubkey);
	return (key);
}

/*
 * The secret of protocol version 1, if an older version made one: it is
 * never sent, only used to prove old claims so that hubs move them to the
 * key.  No new secret is made.
 */
char *
client_hello_load_secret(void)
{
	char			*path, buf[CR_SECRET_BYTES * 2 + 2];
	ssize_t			 n;
	int			 fd;

	path = state_path("secret");
	if ((fd = open(path, O_RDONLY)) != -1) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		free(path);
		if (n < 16)
			return (NULL);
		buf[n] = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
		return (xstrdup(buf));
	}
	free(path);
	return (NULL);
}
