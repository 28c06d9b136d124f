/* SPDX-License-Identifier: ISC */
/* claim-pass.c: the passwords of claimed nicks as salted scrypt hashes. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "chatroom.h"

/*
 * A claimed nick may carry a password for clients that cannot prove a key
 * (IRC's SASL PLAIN).  The hub keeps only a slow salted hash, spelt
 *
 *	scrypt$LOG2N$R$P$SALT$HASH
 *
 * with SALT (16 bytes) and HASH (32 bytes) in hex, so that the cost can
 * be raised later without making old hashes unreadable.  The cost chosen,
 * N = 2^13, r = 8, p = 1, takes 8 MiB and about 27 ms of CPU on the
 * machine it was measured on; the hub runs it on a worker thread
 * (claim-job.c), never on its event loop.  Nothing here does I/O.
 */
#define CLAIM_PASS_LOG2N	13
#define CLAIM_PASS_R		8
#define CLAIM_PASS_P		1
#define CLAIM_PASS_SALT		16
#define CLAIM_PASS_LEN		32
#define CLAIM_PASS_MAXMEM	(64ULL * 1024 * 1024)

static int	claim_pass_derive(const char *, const u_char *, u_int, u_int,
		    u_int, u_char *);
static int	claim_pass_digit(char);
static int	claim_pass_unhex(const char *, size_t, u_char *);

/* scrypt of a password with a salt and a cost; 0 on success. */
static int
claim_pass_derive(const char *password, const u_char *salt, u_int log2n,
    u_int r, u_int p, u_char *out)
{
	if (log2n < 10 || log2n > 20 || r < 1 || r > 32 || p < 1 || p > 16)
		return (-1);
	if (EVP_PBE_scrypt(password, strlen(password), salt, CLAIM_PASS_SALT,
	    (uint64_t)1 << log2n, r, p, CLAIM_PASS_MAXMEM, out,
	    CLAIM_PASS_LEN) != 1)
		return (-1);
	return (0);
}

/* The value of a lower-case hex digit, or -1. */
static int
claim_pass_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* Decode len bytes of hex that end at a '$' or the end of the string. */
static int
claim_pass_unhex(const char *in, size_t len, u_char *out)
{
	size_t	i;
	int	hi, lo;

	for (i = 0; i < len; i++) {
		hi = claim_pass_digit(in[i * 2]);
		lo = hi < 0 ? -1 : claim_pass_digit(in[i * 2 + 1]);
		if (lo < 0)
			return (-1);
		out[i] = (hi << 4) | lo;
	}
	if (in[len * 2] != '\0' && in[len * 2] != '$')
		return (-1);
	return (0);
}

/*
 * Is a password one a claim may take?  8 to CR_PASSWORD_MAX bytes of
 * UTF-8 without control characters (SASL PLAIN could not carry a NUL,
 * and a short password is guessed from many addresses at once).
 */
int
claim_pass_valid(const char *password, char **cause)
{
	size_t	len = strlen(password), i;

	if (len < CR_CLAIM_PASS_MIN || len > CR_PASSWORD_MAX) {
		xasprintf(cause, "a password must be %d to %d bytes long",
		    CR_CLAIM_PASS_MIN, CR_PASSWORD_MAX);
		return (-1);
	}
	for (i = 0; i < len; i++) {
		if ((u_char)password[i] < 0x20 || password[i] == 0x7f) {
			xasprintf(cause, "a password may not hold control "
			    "characters");
			return (-1);
		}
	}
	if (!utf8_valid(password, len)) {
		xasprintf(cause, "a password must be valid UTF-8");
		return (-1);
	}
	return (0);
}

/* Hash a password with a fresh salt; the stored form, or NULL. */
char *
claim_pass_hash(const char *password)
{
	u_char	 salt[CLAIM_PASS_SALT], hash[CLAIM_PASS_LEN];
	char	 salthex[CLAIM_PASS_SALT * 2 + 1];
	char	 hashhex[CLAIM_PASS_LEN * 2 + 1], *out;

	if (RAND_bytes(salt, sizeof salt) != 1 ||
	    claim_pass_derive(password, salt, CLAIM_PASS_LOG2N, CLAIM_PASS_R,
	    CLAIM_PASS_P, hash) != 0)
		return (NULL);
	util_hex(salt, sizeof salt, salthex);
	util_hex(hash, sizeof hash, hashhex);
	xasprintf(&out, "scrypt$%d$%d$%d$%s$%s", CLAIM_PASS_LOG2N,
	    CLAIM_PASS_R, CLAIM_PASS_P, salthex, hashhex);
	explicit_bzero(hash, sizeof hash);
	return (out);
}

/* Is a stored hash well formed (as the history file must hold it)? */
int
claim_pass_stored_valid(const char *stored)
{
	u_char	salt[CLAIM_PASS_SALT], hash[CLAIM_PASS_LEN];
	u_int	log2n, r, p;
	int	n = 0;

	if (sscanf(stored, "scrypt$%u$%u$%u$%n", &log2n, &r, &p, &n) != 3 ||
	    n == 0 || log2n < 10 || log2n > 20 || r < 1 || r > 32 ||
	    p < 1 || p > 16 ||
	    strlen(stored + n) != CLAIM_PASS_SALT * 2 + 1 +
	    CLAIM_PASS_LEN * 2 ||
	    claim_pass_unhex(stored + n, sizeof salt, salt) != 0 ||
	    claim_pass_unhex(stored + n + sizeof salt * 2 + 1, sizeof hash,
	    hash) != 0)
		return (0);
	return (1);
}

/*
 * Does a password match a stored hash?  1 if it does, 0 if not, -1 if
 * the stored form cannot be read.  The comparison takes constant time.
 */
int
claim_pass_verify(const char *stored, const char *password)
{
	u_char	salt[CLAIM_PASS_SALT], want[CLAIM_PASS_LEN];
	u_char	got[CLAIM_PASS_LEN];
	u_int	log2n, r, p;
	int	n = 0, ok;

	if (!claim_pass_stored_valid(stored))
		return (-1);
	sscanf(stored, "scrypt$%u$%u$%u$%n", &log2n, &r, &p, &n);
	claim_pass_unhex(stored + n, sizeof salt, salt);
	claim_pass_unhex(stored + n + sizeof salt * 2 + 1, sizeof want, want);
	if (claim_pass_derive(password, salt, log2n, r, p, got) != 0)
		return (-1);
	ok = CRYPTO_memcmp(got, want, sizeof got) == 0;
	explicit_bzero(got, sizeof got);
	return (ok);
}
