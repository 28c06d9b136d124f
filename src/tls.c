/* SPDX-License-Identifier: ISC */
/* tls.c: TLS contexts, the hub's own certificate, fingerprints, known_hubs. */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "chatroom.h"

static char	*tls_error(const char *);
static int	 tls_no_passphrase(char *, int, int, void *);
static int	 tls_server_pair(SSL_CTX *, const char *, const char *,
		     int *, char **);
static int	 tls_add_ext(X509 *, int, const char *);
static void	 tls_normalise(const char *, char *, size_t);

/* The most recent OpenSSL error as text, after a prefix. */
static char *
tls_error(const char *what)
{
	unsigned long	 e = ERR_get_error();
	char		 buf[256], *s;

	if (e == 0)
		snprintf(buf, sizeof buf, "unknown error");
	else
		ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	xasprintf(&s, "%s: %s", what, buf);
	return (s);
}

/*
 * OpenSSL's password callback for a key that has a passphrase: refuse,
 * noting that it asked.  Without a callback, OpenSSL asks on the
 * terminal, and the hub's event loop stops until someone answers.
 */
static int
tls_no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	if (arg != NULL)
		*(int *)arg = 1;
	return (-1);
}

/* Add an X509v3 extension to a self-signed certificate. */
static int
tls_add_ext(X509 *x, int nid, const char *value)
{
	X509_EXTENSION	*ext;
	X509V3_CTX	 ctx;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return (-1);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return (0);
}

/*
 * Create a self-signed certificate and key (P-256, ten years) for this
 * host; both files are written with mode 0600.  A hub without --tls-cert
 * uses it, and clients pin its fingerprint on first use.
 */
int
tls_make_self_signed(const char *certfile, const char *keyfile, char **cause)
{
	EVP_PKEY	*key = NULL;
	X509		*x = NULL;
	X509_NAME	*name;
	BIO		*bio = NULL;
	char		 host[256], san[600], *data;
	long		 len;
	int		 rc = -1;
	u_char		 serial[16];
	BIGNUM		*bn = NULL;

	if (gethostname(host, sizeof host) != 0 || *host == '\0')
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	if ((key = EVP_EC_gen("P-256")) == NULL) {
		*cause = tls_error("key generation");
		goto out;
	}
	if ((x = X509_new()) == NULL)
		goto fail;
	X509_set_version(x, 2);
	arc4random_buf(serial, sizeof serial);
	serial[0] &= 0x7f;
	bn = BN_bin2bn(serial, sizeof serial, NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 24 * 3600);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const u_char *)"chatroom hub", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const u_char *)host, -1, -1, 0);
	X509_set_issuer_name(x, name);
	snprintf(san, sizeof san, "DNS:%s,DNS:localhost,IP:127.0.0.1,"
	    "IP:::1", host);
	if (tls_add_ext(x, NID_subject_alt_name, san) != 0 ||
	    tls_add_ext(x, NID_basic_constraints, "critical,CA:FALSE") != 0)
		goto fail;
	if (X509_sign(x, key, EVP_sha256()) == 0)
		goto fail;

	if (make_parent_dirs(keyfile, cause) != 0)
		goto out;
	/*
	 * Each file is written whole or not at all (util_write_file:
	 * temporary file, fsync, rename).  The key goes first; if the
	 * certificate cannot follow it, the key is removed again so that the
	 * next start makes a new pair.
	 */
	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)) {
		*cause = tls_error(keyfile);
		goto out;
	}
	len = BIO_get_mem_data(bio, &data);
	if (util_write_file(keyfile, data, len, cause) != 0)
		goto out;
	(void)BIO_reset(bio);
	if (!PEM_write_bio_X509(bio, x)) {
		*cause = tls_error(certfile);
		unlink(keyfile);
		goto out;
	}
	len = BIO_get_mem_data(bio, &data);
	if (util_write_file(certfile, data, len, cause) != 0) {
		unlink(keyfile);
		goto out;
	}
	rc = 0;
	goto out;

fail:
	*cause = tls_error("certificate");
out:
	BIO_free(bio);
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(key);
	return (rc);
}

/* The server's order: the same sets as OpenSSL's defaults, reordered. */
#define TLS_SUITES	"TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:" \
			"TLS_AES_256_GCM_SHA384"
#define TLS_CIPHERS	"ECDHE+AES128+AESGCM:ECDHE+CHACHA20:" \
			"ALL:!COMPLEMENTOFDEFAULT:!eNULL"

/*
 * A server context from a certificate chain and key (TLS 1.2 or later).
 * When a file is at fault, *fault (if not NULL) says which,
 * TLS_FAULT_CERT or TLS_FAULT_KEY, for the caller to name the setting
 * that gave it; else 0.
 */
SSL_CTX *
tls_server_ctx(const char *certfile, const char *keyfile, int *fault,
    char **cause)
{
	SSL_CTX	*ctx;
	int	 which = 0;

	if (fault == NULL)
		fault = &which;
	*fault = 0;
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		*cause = tls_error("SSL_CTX_new");
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_PRIORITIZE_CHACHA);
	/*
	 * OpenSSL's own choices, AES-128-GCM first: a hub encrypts each
	 * message once per member, and with AES instructions AES-128 costs
	 * about three quarters of AES-256.  A client whose first choice is
	 * ChaCha20 (no AES instructions) gets ChaCha20.
	 */
	if (SSL_CTX_set_ciphersuites(ctx, TLS_SUITES) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, TLS_CIPHERS) != 1) {
		*cause = tls_error("ciphers");
		SSL_CTX_free(ctx);
		return (NULL);
	}
	/*
	 * Clients do not resume sessions: no session cache holding every
	 * connection's session, no tickets to make and send.
	 */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(ctx, 0);
	/* Nothing the hub reads may ask for a passphrase. */
	SSL_CTX_set_default_passwd_cb(ctx, tls_no_passphrase);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
	if (tls_server_pair(ctx, certfile, keyfile, fault, cause) != 0) {
		SSL_CTX_free(ctx);
		return (NULL);
	}
	return (ctx);
}

/*
 * Load a certificate chain and its key into a server context, saying
 * what is wrong in words, and in *fault which file: one that is not PEM,
 * a key with a passphrase, a key of another certificate.
 */
static int
tls_server_pair(SSL_CTX *ctx, const char *certfile, const char *keyfile,
    int *fault, char **cause)
{
	EVP_PKEY	*key;
	X509		*x;
	BIO		*bio;
	int		 asked = 0;

	*fault = TLS_FAULT_CERT;
	if ((bio = BIO_new_file(certfile, "r")) == NULL) {
		ERR_clear_error();
		xasprintf(cause, "%s: %s", certfile, strerror(errno));
		return (-1);
	}
	BIO_free(bio);
	if (SSL_CTX_use_certificate_chain_file(ctx, certfile) != 1) {
		ERR_clear_error();
		xasprintf(cause, "%s is not a PEM certificate", certfile);
		return (-1);
	}
	*fault = TLS_FAULT_KEY;
	if ((bio = BIO_new_file(keyfile, "r")) == NULL) {
		ERR_clear_error();
		xasprintf(cause, "%s: %s", keyfile, strerror(errno));
		return (-1);
	}
	key = PEM_read_bio_PrivateKey(bio, NULL, tls_no_passphrase, &asked);
	BIO_free(bio);
	ERR_clear_error();
	if (key == NULL) {
		if (asked)
			xasprintf(cause, "%s is encrypted: give the hub a key "
			    "without a passphrase", keyfile);
		else
			xasprintf(cause, "%s is not a PEM private key",
			    keyfile);
		return (-1);
	}
	/*
	 * Compared first: OpenSSL drops the certificate for a key that
	 * does not match it, and then complains of no certificate.
	 */
	if ((x = SSL_CTX_get0_certificate(ctx)) == NULL ||
	    X509_check_private_key(x, key) != 1) {
		ERR_clear_error();
		xasprintf(cause, "%s does not match the certificate %s",
		    keyfile, certfile);
		EVP_PKEY_free(key);
		return (-1);
	}
	if (SSL_CTX_use_PrivateKey(ctx, key) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		*cause = tls_error(keyfile);
		EVP_PKEY_free(key);
		return (-1);
	}
	EVP_PKEY_free(key);
	*fault = 0;
	return (0);
}

/* A client context that knows the system's certificate authorities. */
SSL_CTX *
tls_client_ctx(char **cause)
{
	SSL_CTX	*ctx;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		*cause = tls_error("SSL_CTX_new");
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_default_verify_paths(ctx);
	/* Verification is judged after the handshake (CA or pinned). */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	return (ctx);
}

/* The SHA-256 fingerprint of a certificate, as AB:CD:... */
char *
tls_fingerprint(X509 *x)
{
	u_char		md[EVP_MAX_MD_SIZE];
	u_int		len, i;
	char		*s;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1)
		return (NULL);
	s = xmalloc(len * 3 + 1);
	for (i = 0; i < len; i++)
		snprintf(s + i * 3, 4, "%02X%s", md[i], i + 1 < len ? ":" : "");
	return (s);
}

/* The SHA-256 of a certificate as CR_FP_BYTES bytes, for hello proofs. */
int
tls_fingerprint_raw(X509 *x, u_char *out)
{
	u_char		md[EVP_MAX_MD_SIZE];
	u_int		len;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1 || len != CR_FP_BYTES)
		return (-1);
	memcpy(out, md, CR_FP_BYTES);
	return (0);
}

/* Upper-case hex digits only, so AB:cd and ABCD compare equal. */
static void
tls_normalise(const char *in, char *out, size_t size)
{
	size_t	n = 0;

	if (strncasecmp(in, "sha256:", 7) == 0)
		in += 7;
	for (; *in != '\0' && n + 1 < size; in++) {
		if (isxdigit((u_char)*in))
			out[n++] = toupper((u_char)*in);
	}
	out[n] = '\0';
}

/*
 * Is this a SHA-256 fingerprint as a user would give it: 64 hexadecimal
 * digits, maybe in pairs between colons or spaces, maybe after "sha256:"?
 */
int
tls_fingerprint_valid(const char *s)
{
	size_t	n = 0;

	if (strncasecmp(s, "sha256:", 7) == 0)
		s += 7;
	for (; *s != '\0'; s++) {
		if (isxdigit((u_char)*s))
			n++;
		else if (*s != ':' && *s != ' ')
			return (0);
	}
	return (n == 64);
}

/* Do two fingerprints name the same certificate? */
int
tls_fingerprint_equal(const char *a, const char *b)
{
	char	na[128], nb[128];

	tls_normalise(a, na, sizeof na);
	tls_normalise(b, nb, sizeof nb);
	return (strlen(na) == 64 && strcmp(na, nb) == 0);
}

/*
 * Look a hub up in the known_hubs file ("HOST:PORT FINGERPRINT" lines).
 * Returns 1 when the fingerprint matches, 0 when the hub is unknown, and
 * -1 when a different fingerprint is recorded (its line number in *line).
 */
int
tls_known_check(const char *path, const char *hub, const char *fp, int *line)
{
	FILE	*f;
	char	 buf[1024], *sp;
	int	 n = 0, found = 0;

	*line = 0;
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(buf, sizeof buf, f) != NULL) {
		n++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || (sp = strchr(buf, ' ')) == NULL)
			continue;
		*sp++ = '\0';
		if (strcmp(buf, hub) != 0)
			continue;
		if (tls_fingerprint_equal(sp, fp)) {
			fclose(f);
			return (1);
		}
		found = -1;
		*line = n;
	}
	fclose(f);
	return (found);
}

/* Remember a hub's fingerprint in the known_hubs file. */
int
tls_known_add(const char *path, const char *hub, const char *fp,
    char **cause)
{
	FILE	*f;
	int	 fd;

	if (make_parent_dirs(path, cause) != 0)
		return (-1);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd == -1 || (f = fdopen(fd, "a")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	fprintf(f, "%s %s\n", hub, fp);
	if (fclose(f) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	return (0);
}
