/* SPDX-License-Identifier: ISC */
/* test-ident.c: unit tests of the hello proofs in ident.c. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "chatroom.h"

static EVP_PKEY	*make_key(char *, char *);
static void	 test_sign_verify(void **);
static void	 test_bound(void **);
static void	 test_bad_input(void **);
static void	 test_legacy(void **);
static void	 test_load(void **);

static u_char	 nonce[CR_NONCE_BYTES], fp[CR_FP_BYTES];

/* Make a key pair in a fresh file; its path and public key in hex. */
static EVP_PKEY *
make_key(char *path, char *pub)
{
	EVP_PKEY	*key;
	char		*cause = NULL;
	int		 fd;

	strcpy(path, "/tmp/test-ident.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd != -1);
	close(fd);
	unlink(path);
	key = ident_load(path, &cause);
	assert_non_null(key);
	ident_public_hex(key, pub);
	return (key);
}

/* A signature verifies for the same challenge, certificate and nick. */
static void
test_sign_verify(void **state)
{
	EVP_PKEY	*key;
	char		 path[64], pub[65], sig[129];

	memset(nonce, 0x5a, sizeof nonce);
	memset(fp, 0xa5, sizeof fp);
	key = make_key(path, pub);
	assert_int_equal(ident_sign(key, nonce, fp, "alice", sig), 0);
	assert_int_equal(strlen(sig), 128);
	assert_true(ident_verify(pub, sig, nonce, fp, "alice"));
	assert_true(ident_verify(pub, sig, nonce, fp, "alice"));
	EVP_PKEY_free(key);
	unlink(path);
}

/* Another challenge, certificate, nick or key: no. */
static void
test_bound(void **state)
{
	EVP_PKEY	*key, *other;
	char		 path[64], path2[64], pub[65], pub2[65], sig[129];
	u_char		 nonce2[CR_NONCE_BYTES], fp2[CR_FP_BYTES];

	key = make_key(path, pub);
	other = make_key(path2, pub2);
	assert_int_equal(ident_sign(key, nonce, fp, "alice", sig), 0);
	memcpy(nonce2, nonce, sizeof nonce2);
	nonce2[31] ^= 1;
	memcpy(fp2, fp, sizeof fp2);
	fp2[0] ^= 0x80;
	assert_false(ident_verify(pub, sig, nonce2, fp, "alice"));
	assert_false(ident_verify(pub, sig, nonce, fp2, "alice"));
	assert_false(ident_verify(pub, sig, nonce, fp, "alicE"));
	assert_false(ident_verify(pub, sig, nonce, fp, NULL));
	assert_false(ident_verify(pub2, sig, nonce, fp, "alice"));
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	unlink(path);
	unlink(path2);
}

/* Malformed keys and signatures are refused, never crash. */
static void
test_bad_input(void **state)
{
	EVP_PKEY	*key;
	char		 path[64], pub[65], zeros[129];
	u_char		 raw[CR_NONCE_BYTES];

	key = make_key(path, pub);
	memset(zeros, '0', 128);
	zeros[128] = '\0';
	assert_false(ident_verify("", zeros, nonce, fp, "a"));
	assert_false(ident_verify("zz", "zz", nonce, fp, "a"));
	assert_false(ident_verify(pub, "", nonce, fp, "a"));
	assert_false(ident_verify(pub, zeros, nonce, fp, "a"));
	EVP_PKEY_free(key);
	unlink(path);
	assert_int_equal(ident_parse_nonce("00", raw), -1);
	assert_int_equal(ident_parse_nonce(zeros + 64, raw), 0);
	zeros[70] = 'g';
	assert_int_equal(ident_parse_nonce(zeros + 64, raw), -1);
}

/* An old claim's proof: the HMAC keyed by its hash, for this challenge. */
static void
test_legacy(void **state)
{
	char	hash[65], proof[65];

	ident_claim_hash("Carol", "0123456789abcdef", hash);
	assert_int_equal(strlen(hash), 64);
	ident_legacy_proof(hash, nonce, fp, "carol", proof);
	assert_true(ident_legacy_check(hash, proof, nonce, fp, "carol"));
	assert_false(ident_legacy_check(hash, proof, nonce, fp, "carl"));
	proof[0] = proof[0] == '0' ? '1' : '0';
	assert_false(ident_legacy_check(hash, proof, nonce, fp, "carol"));
	assert_false(ident_legacy_check(hash, "short", nonce, fp, "carol"));
}

/* A key file is made once with mode 0600 and loaded again. */
static void
test_load(void **state)
{
	EVP_PKEY	*key, *again;
	char		 path[64], pub[65], pub2[65], *cause = NULL;
	FILE		*f;

	key = make_key(path, pub);
	assert_int_equal(access(path, R_OK), 0);
	again = ident_load(path, &cause);
	assert_non_null(again);
	ident_public_hex(again, pub2);
	assert_string_equal(pub, pub2);
	EVP_PKEY_free(again);
	EVP_PKEY_free(key);
	f = fopen(path, "w");
	fputs("not a key\n", f);
	fclose(f);
	assert_null(ident_load(path, &cause));
	assert_non_null(cause);
	free(cause);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_load),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
