/* SPDX-License-Identifier: ISC */
/* server-fn.c: the hub-wide state every hub file shares, and its accessors. */

#include <sys/types.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * What the whole hub shares: the event loop, the options, the message id
 * counter, whether the history file is out of date, the secrets and the
 * backend.  server.c owns the lifecycle (listeners, signals, timers, the
 * history writer) and hands this file what it set up; the frame fuzzer
 * sets it up the same way without listening, so it runs the real thing.
 * As in tmux, the functions keep the plain server_ prefix.
 */
static struct {
	struct event_base	*base;
	struct server_opts	*opts;
	SSL_CTX			*tls;
	u_char			 fp[CR_FP_BYTES];	/* zeros: no TLS */
	uint64_t		 next_id;
	uint64_t		 id_limit;	/* reserve again from here */
	int			 dirty;
	int			 stopping;
	u_int			 fd_cap;	/* connections files allow */
	char			*irc_port;	/* the first IRC port, or NULL */
	char			*oper_password;
	char			*oper_hash;	/* of oper_password, or NULL */
	char			*oper_wrong;	/* a hash it did not match */
	long long		 oper_gen;	/* new with each password */
	int			 oper_hashing;	/* a job hashes it */
	long long		 oper_hashing_gen; /* of that password */
	char			*hub_password;
	char			*motd;
	void			(*stop)(void);
	void			(*reload)(void);
	const struct server_backend *backend;
} server_state;

static int	server_password_equal(const char *, const char *);
static void	server_oper_hash_cb(void *, const struct claim_job_done *);
static void	server_free_secret(char **);

/* Set up the state for a loop and options; ids start at 1. */
void
server_init(struct event_base *base, struct server_opts *opts)
{
	memset(&server_state, 0, sizeof server_state);
	server_state.base = base;
	server_state.opts = opts;
	server_state.next_id = 1;
	server_state.fd_cap = (u_int)-1;
	server_state.backend = &server_local_backend;
}

/* The port IRC clients are taken on: the first IRC listener's. */
void
server_set_irc_port(const char *port)
{
	free(server_state.irc_port);
	server_state.irc_port = xstrdup(port);
}

/* The port IRC clients are taken on, or NULL if none is. */
const char *
server_irc_port(void)
{
	return (server_state.irc_port);
}

/* The connections the open-files limit leaves room for (server.c). */
void
server_set_fd_cap(u_int cap)
{
	server_state.fd_cap = cap;
}

/* How many connections the hub takes: --max-clients, or what files allow. */
u_int
server_max_clients(void)
{
	u_int	max = server_state.opts->max_clients;

	return (max < server_state.fd_cap ? max : server_state.fd_cap);
}

/* Wipe and free a secret. */
static void
server_free_secret(char **secret)
{
	if (*secret != NULL) {
		explicit_bzero(*secret, strlen(*secret));
		free(*secret);
		*secret = NULL;
	}
}

/* Forget the state (at exit, or between fuzz inputs). */
void
server_free_state(void)
{
	server_free_secret(&server_state.oper_password);
	free(server_state.oper_hash);
	free(server_state.oper_wrong);
	server_free_secret(&server_state.hub_password);
	free(server_state.motd);
	free(server_state.irc_port);
	if (server_state.tls != NULL)
		SSL_CTX_free(server_state.tls);
	memset(&server_state, 0, sizeof server_state);
}

/*
 * Take the operator and hub passwords and the message of the day (each
 * may be NULL), in place of any before; the state owns them from now on.
 */
void
server_set_secrets(char *oper_password, char *hub_password, char *motd)
{
	/* SIGHUP replaces them: the old ones go (a new password's hash). */
	if (server_state.oper_password == NULL || oper_password == NULL ||
	    strcmp(server_state.oper_password, oper_password) != 0) {
		free(server_state.oper_hash);
		server_state.oper_hash = NULL;
		free(server_state.oper_wrong);
		server_state.oper_wrong = NULL;
		server_state.oper_gen++;
	}
	server_free_secret(&server_state.oper_password);
	server_free_secret(&server_state.hub_password);
	free(server_state.motd);
	server_state.oper_password = oper_password;
	server_state.hub_password = hub_password;
	server_state.motd = motd;
}

/*
 * Take the TLS context (NULL with --insecure) and hash its certificate,
 * which clients bind their hello proofs to.
 */
void
server_set_tls(SSL_CTX *tls)
{
	X509	*x;

	server_state.tls = tls;
	memset(server_state.fp, 0, sizeof server_state.fp);
	if (tls != NULL && (x = SSL_CTX_get0_certificate(tls)) != NULL &&
	    tls_fingerprint_raw(x, server_state.fp) != 0)
		fatalx("cannot hash the hub's certificate");
}

/* The SHA-256 of the hub's certificate, or zeros over plain TCP. */
const u_char *
server_fingerprint(void)
{
	return (server_state.fp);
}

/* What to call when the hub stops, after the clients were told. */
void
server_set_stop(void (*stop)(void))
{
	server_state.stop = stop;
}

/* What reloads the hub's files (server_reload, in the lifecycle). */
void
server_set_reload(void (*reload)(void))
{
	server_state.reload = reload;
}

/*
 * Reload as SIGHUP does, for an operator's command (IRC's REHASH); the
 * lifecycle, which links apart from the rest of the hub, says how.
 */
int
server_rehash(void)
{
	if (server_state.reload == NULL)
		return (-1);
	server_state.reload();
	return (0);
}

/* Put the hub behind another backend (the cluster). */
void
server_set_backend(const struct server_backend *backend)
{
	server_state.backend = backend;
}

/* The backend: one hub alone, or several through Redis. */
const struct server_backend *
server_backend(void)
{
	return (server_state.backend);
}

/*
 * Ask the backend which hub has a nick, and call back with the answer; a
 * hub alone knows it is on no other (WHEREIS_NONE, at once).
 */
void
server_whereis(struct server_client *c, const char *nick,
    server_whereis_cb cb, void *arg)
{
	if (server_state.backend->whereis == NULL) {
		cb(c, WHEREIS_NONE, NULL, NULL, arg);
		return;
	}
	server_state.backend->whereis(c, nick, cb, arg);
}

/* The hub's event loop. */
struct event_base *
server_base(void)
{
	return (server_state.base);
}

/* The hub's options. */
struct server_opts *
server_options(void)
{
	return (server_state.opts);
}

/* The hub's TLS context, or NULL with --insecure. */
SSL_CTX *
server_tls(void)
{
	return (server_state.tls);
}

/*
 * Hand out the next message id; ids only ever rise, across restarts and
 * crashes too: they are reserved in the journal, in blocks, before use.
 */
uint64_t
server_next_id(void)
{
	if (server_state.next_id >= server_state.id_limit)
		server_state.id_limit =
		    history_journal_reserve(server_state.next_id);
	return (server_state.next_id++);
}

/* The next id, without taking it. */
uint64_t
server_peek_id(void)
{
	return (server_state.next_id);
}

/* An id assigned elsewhere (another hub, the history): stay above it. */
void
server_note_id(uint64_t id)
{
	if (id >= server_state.next_id)
		server_state.next_id = id + 1;
}

/* Something the history file holds has changed. */
void
server_mark_dirty(void)
{
	server_state.dirty = 1;
}

/* Has something changed since the last call?  Clears the mark. */
int
server_take_dirty(void)
{
	int	dirty = server_state.dirty;

	server_state.dirty = 0;
	return (dirty);
}

/* Compare a password with the one wanted: 1 right, 0 wrong, -1 none. */
static int
server_password_equal(const char *want, const char *password)
{
	size_t	i, len, plen;
	u_char	diff;

	if (want == NULL)
		return (-1);
	if (password == NULL)
		return (0);
	/* Compare in time that does not depend on where they differ. */
	plen = strlen(password);
	len = strlen(want);
	diff = plen != len;
	for (i = 0; i < len; i++)
		diff |= (u_char)want[i] ^ (u_char)(i < plen ? password[i] : 0);
	return (diff == 0);
}

/* Check the hub password at hello: 1 right, 0 wrong, -1 no password. */
int
server_check_password(const char *password)
{
	return (server_password_equal(server_state.hub_password, password));
}

/* Check an operator password: 1 right, 0 wrong, -1 no password set. */
int
server_check_oper(const char *password)
{
	return (server_password_equal(server_state.oper_password, password));
}

/*
 * The operator password as a salted slow hash (claim_pass_hash), made
 * once per password: the history file keeps it with each operator's
 * session, so that a restart keeps an operator only while the password
 * it gave is the hub's.  The hash takes tens of milliseconds, so the
 * password worker makes it (claim_job_hash), as it does nick passwords:
 * NULL until then, and the operators made meanwhile get it when it comes
 * (server_oper_hashed).  On the loop only if the worker cannot run.
 * NULL without a password.
 */
const char *
server_oper_hash(void)
{
	if (server_state.oper_hash != NULL ||
	    server_state.oper_password == NULL || server_state.oper_hashing)
		return (server_state.oper_hash);
	if (claim_job_hash(server_state.oper_password, server_state.oper_gen,
	    server_oper_hash_cb, &server_state) == 0) {
		server_state.oper_hashing = 1;
		server_state.oper_hashing_gen = server_state.oper_gen;
	} else {
		server_state.oper_hash =
		    claim_pass_hash(server_state.oper_password);
	}
	return (server_state.oper_hash);
}

/*
 * Is the worker hashing the operator password as it is now?  An operator
 * made meanwhile has no hash yet, and still gave the right password.  1
 * if it is, 0 if not, -1 without a password (as server_oper_hash_matches).
 */
int
server_oper_hash_pending(void)
{
	if (server_state.oper_password == NULL)
		return (-1);
	return (server_state.oper_hashing &&
	    server_state.oper_hashing_gen == server_state.oper_gen);
}

/*
 * The worker made the hash: keep it if the password is still the one it
 * is of, else make the new one's (for operators made since a reload).
 */
static void
server_oper_hash_cb(void *arg, const struct claim_job_done *done)
{
	server_state.oper_hashing = 0;
	if (done->hash == NULL || done->seq != server_state.oper_gen) {
		server_oper_hash();
		return;
	}
	if (server_state.oper_hash == NULL)
		server_state.oper_hash = xstrdup(done->hash);
	server_oper_hashed(server_state.oper_hash);
}

/*
 * Is a hash from the history file one of the operator password?  1 if
 * it is, 0 if not, -1 without a password.  The sessions of one password
 * share its hash, so the answer is kept: a start checks each hash once.
 */
int
server_oper_hash_matches(const char *stored)
{
	if (server_state.oper_password == NULL)
		return (-1);
	if (server_state.oper_hash != NULL &&
	    strcmp(stored, server_state.oper_hash) == 0)
		return (1);
	if (server_state.oper_wrong != NULL &&
	    strcmp(stored, server_state.oper_wrong) == 0)
		return (0);
	if (claim_pass_verify(stored, server_state.oper_password) != 1) {
		free(server_state.oper_wrong);
		server_state.oper_wrong = xstrdup(stored);
		return (0);
	}
	free(server_state.oper_hash);
	server_state.oper_hash = xstrdup(stored);
	return (1);
}

/*
 * The proof, for the other hubs of a cluster, that a session whose
 * resume token is token gave the operator password: HMAC-SHA-256 keyed
 * by the token, of the password, as "hmac$HEX" in out
 * (SERVER_OPER_PROOF_LEN).  Redis keeps it with the session, but only a
 * hash of the token: whoever reads Redis cannot try passwords against
 * it, while the hub the session resumes on, given the token by the
 * client, checks it against its own password at no cost.  -1 without a
 * password or a token.
 */
int
server_oper_proof(const char *token, char *out)
{
	static const char	 tag[] = "chatroom operator password\n";
	u_char			 md[EVP_MAX_MD_SIZE];
	u_int			 len = 0;
	char			*data;
	size_t			 n;

	if (server_state.oper_password == NULL || token == NULL ||
	    *token == '\0')
		return (-1);
	n = xasprintf(&data, "%s%s", tag, server_state.oper_password);
	if (HMAC(EVP_sha256(), token, (int)strlen(token), (u_char *)data, n,
	    md, &len) == NULL || len != 32) {
		explicit_bzero(data, n);
		free(data);
		return (-1);
	}
	explicit_bzero(data, n);
	free(data);
	memcpy(out, "hmac$", 5);
	util_hex(md, len, out + 5);
	explicit_bzero(md, sizeof md);
	return (0);
}

/*
 * Is a proof from another hub of a cluster one of this hub's operator
 * password, for the session's token?  1 if it is, 0 if not (another
 * password, another token, or a proof an older hub wrote: the salted
 * hash it kept before), -1 without a password.
 */
int
server_oper_proof_matches(const char *proof, const char *token)
{
	char	mine[SERVER_OPER_PROOF_LEN];

	if (server_state.oper_password == NULL)
		return (-1);
	if (server_oper_proof(token, mine) != 0 ||
	    strlen(proof) != strlen(mine))
		return (0);
	return (CRYPTO_memcmp(proof, mine, strlen(mine)) == 0);
}

/* The message of the day, or NULL. */
const char *
server_motd(void)
{
	return (server_state.motd);
}

/* Is the hub shutting down? */
int
server_stopping(void)
{
	return (server_state.stopping);
}

/*
 * Stop: say goodbye to every client, let the backend tell the others,
 * then let the lifecycle save the history and leave the loop.
 */
void
server_shutdown(const char *reason)
{
	if (server_state.stopping)
		return;
	server_state.stopping = 1;
	log_info("shutting down: %s", reason);
	server_client_close_all(reason);
	server_state.backend->shutdown();
	if (server_state.stop != NULL)
		server_state.stop();
}
