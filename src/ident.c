/* SPDX-License-Identifier: ISC */
/* ident.c: a client's Ed25519 key and the proofs of hello, for both roles. */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "chatroom.h"

/*
 * A client owns its nicks by an Ed25519 key pair kept in its state
 * directory.  At each connection the hub sends a fresh random challenge;
 * the client signs the transcript below, which names this protocol, the
 * challenge, the SHA-256 of the certificate the client saw (zeros over
 * plain TCP) and the nick.  A hub never learns anything it could present
 * to another hub, or to itself later: the challenge changes each time and
 * a hub relaying another's challenge has another certificate.
 *
 * Claims made before keys hold a hash of a secret; the client proves it
 * knows that hash with an HMAC of the same transcript, once per hub, and
 * the hub then binds the claim to the key.
 */

static size_t	ident_transcript(const u_char *, const u_char *, const char *,
		    u_char **);
static int	ident_unhex(const char *, u_char *, size_t);
static int	ident_no_passphrase(char *, int, int, void *);

/* The bytes a proof covers: context, challenge, certificate hash, nick. */
static size_t
ident_transcript(const u_char *nonce, const u_char *fp, const char *nick,
    u_char **out)
{
	static const char	 context[] = "chatroom hello v2";
	size_t			 clen = sizeof context, nlen, len;
	u_char			*p;

	if (nick == NULL)
		nick = "";
	nlen = strlen(nick);
	len = clen + CR_NONCE_BYTES + CR_FP_BYTES + nlen;
	p = *out = xmalloc(len);
	memcpy(p, context, clen);	/* with its NUL, as a separator */
	p += clen;
	memcpy(p, nonce, CR_NONCE_BYTES);
	p += CR_NONCE_BYTES;
	memcpy(p, fp, CR_FP_BYTES);
	p += CR_FP_BYTES;
	memcpy(p, nick, nlen);
	return (len);
}

/* Decode exactly len bytes of hex. */
static int
ident_unhex(const char *in, u_char *out, size_t len)
{
	size_t	i;
	u_int	byte;

	if (strlen(in) != len * 2)
		return (-1);
	for (i = 0; i < len; i++) {
		if (sscanf(in + i * 2, "%2x", &byte) != 1 ||
		    strspn(in + i * 2, "0123456789abcdefABCDEF") < 2)
			return (-1);
		out[i] = byte;
	}
	return (0);
}

/* Decode a challenge as it comes on the wire. */
int
ident_parse_nonce(const char *hex, u_char *nonce)
{
	return (ident_unhex(hex, nonce, CR_NONCE_BYTES));
}

/* A key with a passphrase: refuse it, noting that OpenSSL asked. */
static int
ident_no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	*(int *)arg = 1;
	return (-1);
}

/*
 * Load the key pair from a file, or make one there (mode 0600) if there
 * is none; its directory must exist.  NULL with a reason on failure.
 */
EVP_PKEY *
ident_load(const char *path, char **cause)
{
	EVP_PKEY	*key = NULL;
	FILE		*f;
	int		 fd, asked = 0;

	if ((f = fopen(path, "r")) != NULL) {
		/* Never OpenSSL's prompt on the terminal, under the TUI. */
		key = PEM_read_PrivateKey(f, NULL, ident_no_passphrase,
		    &asked);
		fclose(f);
		ERR_clear_error();
		if (key == NULL && asked) {
			xasprintf(cause, "%s is encrypted: chatroom needs the "
			    "key without a passphrase", path);
			return (NULL);
		}
		if (key == NULL || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
			EVP_PKEY_free(key);
			xasprintf(cause, "%s: not an Ed25519 private key",
			    path);
			return (NULL);
		}
		return (key);
	}
	if (errno != ENOENT) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL) {
		xasprintf(cause, "cannot make an Ed25519 key");
		return (NULL);
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		EVP_PKEY_free(key);
		return (NULL);
	}
	if (PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) != 1 ||
	    fflush(f) != 0 || fsync(fd) != 0) {
		xasprintf(cause, "%s: cannot write the key", path);
		fclose(f);
		unlink(path);
		EVP_PKEY_free(key);
		return (NULL);
	}
	fclose(f);
	return (key);
}

/* The public half of a key, as 64 hex digits. */
void
ident_public_hex(EVP_PKEY *key, char *out)
{
	u_char	raw[CR_KEY_BYTES];
	size_t	len = sizeof raw;

	if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1 ||
	    len != sizeof raw)
		fatalx("cannot read an Ed25519 public key");
	util_hex(raw, len, out);
}

/* Sign the transcript for a nick: 128 hex digits into out. */
int
ident_sign(EVP_PKEY *key, const u_char *nonce, const u_char *fp,
    const char *nick, char *out)
{
	EVP_MD_CTX	*md;
	u_char		*data, sig[CR_SIG_BYTES];
	size_t		 len, siglen = sizeof sig;
	int		 rc = -1;

	len = ident_transcript(nonce, fp, nick, &data);
	md = EVP_MD_CTX_new();
	if (md != NULL && EVP_DigestSignInit(md, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestSign(md, sig, &siglen, data, len) == 1 &&
	    siglen == sizeof sig) {
		util_hex(sig, siglen, out);
		rc = 0;
	}
	EVP_MD_CTX_free(md);
	free(data);
	return (rc);
}

/* Does a hex signature by a hex public key cover this transcript? */
int
ident_verify(const char *pubhex, const char *sighex, const u_char *nonce,
    const u_char *fp, const char *nick)
{
	EVP_PKEY	*key;
	EVP_MD_CTX	*md;
	u_char		 raw[CR_KEY_BYTES], sig[CR_SIG_BYTES], *data;
	size_t		 len;
	int		 ok = 0;

	if (ident_unhex(pubhex, raw, sizeof raw) != 0 ||
	    ident_unhex(sighex, sig, sizeof sig) != 0)
		return (0);
	key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw,
	    sizeof raw);
	if (key == NULL)
		return (0);
	len = ident_transcript(nonce, fp, nick, &data);
	md = EVP_MD_CTX_new();
	if (md != NULL &&
	    EVP_DigestVerifyInit(md, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestVerify(md, sig, sizeof sig, data, len) == 1)
		ok = 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	free(data);
	return (ok);
}

/*
 * The hash a claim of protocol version 1 kept: hex SHA-256 of the
 * case-folded nick, a newline and the secret.
 */
void
ident_claim_hash(const char *nick, const char *secret, char *out)
{
	EVP_MD_CTX	*md;
	u_char		 digest[EVP_MAX_MD_SIZE];
	u_int		 len = 0;
	char		*key;

	key = utf8_casefold(nick);
	md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(md, key, strlen(key)) != 1 ||
	    EVP_DigestUpdate(md, "\n", 1) != 1 ||
	    EVP_DigestUpdate(md, secret, strlen(secret)) != 1 ||
	    EVP_DigestFinal_ex(md, digest, &len) != 1 || len != 32)
		fatalx("SHA-256 failed");
	EVP_MD_CTX_free(md);
	free(key);
	util_hex(digest, len, out);
}

/*
 * The proof of an old claim: hex HMAC-SHA-256 of the transcript, keyed
 * by the claim's hash (as its 64 hex digits).
 */
void
ident_legacy_proof(const char *hash, const u_char *nonce, const u_char *fp,
    const char *nick, char *out)
{
	u_char	*data, mac[EVP_MAX_MD_SIZE];
	u_int	 maclen = 0;
	size_t	 len;

	len = ident_transcript(nonce, fp, nick, &data);
	if (HMAC(EVP_sha256(), hash, strlen(hash), data, len, mac,
	    &maclen) == NULL || maclen != 32)
		fatalx("HMAC-SHA-256 failed");
	free(data);
	util_hex(mac, maclen, out);
}

/* Does a presented proof match an old claim's hash (constant time)? */
int
ident_legacy_check(const char *hash, const char *proof, const u_char *nonce,
    const u_char *fp, const char *nick)
{
	char	want[65];

	if (strlen(hash) != 64 || strlen(proof) != 64)
		return (0);
	ident_legacy_proof(hash, nonce, fp, nick, want);
	return (CRYPTO_memcmp(want, proof, 64) == 0);
}
