/* SPDX-License-Identifier: ISC */
/* client-hello.c: saying hello: the hub's challenge, our key and proofs. */

#include <sys/types.h>

#include <event2/event.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pwd.h>
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
	/* Only the session that has this nick now, not a new one. */
	if (c->flags & CLIENT_NICK_RESUME)
		req.takeover = 1;
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

/*
 * A login name as a nick the hub takes, or NULL.  POSIX allows login
 * names the nick rules refuse ("1alice"): what a nick may not hold is
 * dropped, as are the characters a nick may not start with, except a
 * digit, which gets a '_' before it ("_1alice", not another user's
 * "alice"); what is left is cut to CR_NICK_MAX characters.
 */
char *
client_hello_nick_from(const char *login)
{
	size_t		 len = strlen(login), off, out = 0, n = 0;
	char		*nick, *cause;
	uint32_t	 cp;
	int		 l;
	enum proto_err	 err;

	nick = xmalloc(len + 2);
	for (off = 0; off < len && n < CR_NICK_MAX; off += l) {
		if ((l = utf8_decode(login + off, len - off, &cp)) <= 0) {
			l = 1;		/* not UTF-8: drop the byte */
			continue;
		}
		if (utf8_is_unsafe(cp) || utf8_is_invisible(cp) ||
		    cp == ' ' || cp == 0xa0 || cp == 0x3000 ||
		    (cp >= 0x2000 && cp <= 0x200f) || cp == 0xfeff ||
		    (cp < 0x80 && strchr(",\"\\!@:/*?", (int)cp) != NULL))
			continue;
		if (out == 0 && cp < 0x80 && strchr("#&$-+", (int)cp) != NULL)
			continue;
		if (out == 0 && cp >= '0' && cp <= '9') {
			nick[out++] = '_';
			n++;
		}
		memcpy(nick + out, login + off, l);
		out += l;
		n++;
	}
	nick[out] = '\0';
	if (proto_check_nick(nick, &err, &cause) != 0) {
		free(cause);
		free(nick);
		return (NULL);
	}
	return (nick);
}

/*
 * The nick to offer when none is given: the login name ($USER, else
 * $LOGNAME, else the name of the account the client runs as, since a
 * service or "env -i" sets neither), made a valid nick.  *login is the
 * name it came from (valid until the next getpw call), or NULL if none
 * is known; the caller tells the user when they differ.
 */
char *
client_hello_default_nick(const char **login)
{
	struct passwd	*pw;
	const char	*v;

	if ((v = getenv("USER")) == NULL || *v == '\0')
		v = getenv("LOGNAME");
	if ((v == NULL || *v == '\0') && (pw = getpwuid(getuid())) != NULL)
		v = pw->pw_name;
	if (v == NULL || *v == '\0') {
		*login = NULL;
		return (NULL);
	}
	*login = v;
	return (client_hello_nick_from(v));
}

/*
 * The nick a session has now, for the nick it was started with: "/nick
 * 太郎" and a client started again as "bob@hub" takes the 太郎 session
 * over, as irssi users expect their usual command line to bring back
 * what they had.  The file "sessions" in the state directory has a line
 * "key started-as nick-now" for each session whose nick changed; only the
 * key that owns the session can take it over, so a stale line costs one
 * refused hello, after which the client starts as the nick it was given.
 *
 * A session lives on every hub of a cluster, and a user may come back on
 * another of its addresses (a failover, the list form, another name), so
 * the key is, as for the windows (client-last.c), "cluster:ID" once the
 * welcome gave the cluster's id, else the hub's "host:port".  The cluster
 * is known only after the hello, so each address a welcome named a
 * cluster on is kept too, in a line "host:port @cluster ID" (no nick
 * holds an '@'): an address kept uses its cluster's lines.  One never
 * met, with no line of its own, uses those of the one cluster that has a
 * line for the nick, if only one has: a guess, which a refusal does not
 * make stale.
 */
#define CLIENT_HELLO_SESSIONS	"sessions"
#define CLIENT_HELLO_MAP	"@cluster"

/* A line of the file: key, then two words; a line we do not read, raw. */
struct client_hello_line {
	char	*key;
	char	*a;		/* started-as, or CLIENT_HELLO_MAP; NULL: raw */
	char	*b;		/* nick-now, or the cluster's id */
};

/* The lines of the file (NULL and *n 0 if none). */
static struct client_hello_line *
client_hello_sessions_load(u_int *n)
{
	struct client_hello_line	*lines = NULL, *l;
	FILE				*f;
	char				*path, *line = NULL, *a, *b;
	size_t				 size = 0;
	ssize_t				 len;

	*n = 0;
	path = state_path(CLIENT_HELLO_SESSIONS);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return (NULL);
	while ((len = getline(&line, &size, f)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		lines = xreallocarray(lines, *n + 1, sizeof *lines);
		l = &lines[(*n)++];
		l->a = l->b = NULL;
		if (!utf8_valid(line, len) || (a = strchr(line, ' ')) == NULL ||
		    (b = strchr(a + 1, ' ')) == NULL || b[1] == '\0' ||
		    strchr(b + 1, ' ') != NULL) {
			l->key = xstrdup(line);
			continue;
		}
		l->key = xstrndup(line, a - line);
		l->a = xstrndup(a + 1, b - a - 1);
		l->b = xstrdup(b + 1);
	}
	free(line);
	fclose(f);
	return (lines);
}

/* Free what client_hello_sessions_load returned. */
static void
client_hello_sessions_free(struct client_hello_line *lines, u_int n)
{
	u_int	i;

	for (i = 0; i < n; i++) {
		free(lines[i].key);
		free(lines[i].a);
		free(lines[i].b);
	}
	free(lines);
}

/* Write the lines back. */
static void
client_hello_sessions_save(struct client_hello_line *lines, u_int n)
{
	FILE	*f;
	char	*path, *buf = NULL, *cause;
	size_t	 len = 0;
	u_int	 i;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	for (i = 0; i < n; i++) {
		if (lines[i].key == NULL)
			continue;	/* removed */
		if (lines[i].a == NULL)
			fprintf(f, "%s\n", lines[i].key);
		else
			fprintf(f, "%s %s %s\n", lines[i].key, lines[i].a,
			    lines[i].b);
	}
	fclose(f);
	path = state_path(CLIENT_HELLO_SESSIONS);
	if (make_parent_dirs(path, &cause) != 0 ||
	    util_write_file(path, buf, len, &cause) != 0) {
		log_debug("%s", cause);
		free(cause);
	}
	free(path);
	free(buf);
}

/* The value (b) of the line for key and a, or NULL. */
static const char *
client_hello_sessions_get(struct client_hello_line *lines, u_int n,
    const char *key, const char *a)
{
	const char	*b = NULL;
	u_int		 i;

	for (i = 0; i < n; i++) {
		if (lines[i].key != NULL && lines[i].a != NULL &&
		    strcmp(lines[i].key, key) == 0 &&
		    strcmp(lines[i].a, a) == 0)
			b = lines[i].b;		/* the last one wins */
	}
	return (b);
}

/*
 * Set the line for key and a to b, or remove it (b NULL).  1 if the lines
 * changed.
 */
static int
client_hello_sessions_set(struct client_hello_line **lines, u_int *n,
    const char *key, const char *a, const char *b)
{
	struct client_hello_line	*l;
	u_int				 i;
	int				 changed = 0, kept = 0;

	for (i = 0; i < *n; i++) {
		l = &(*lines)[i];
		if (l->key == NULL || l->a == NULL ||
		    strcmp(l->key, key) != 0 || strcmp(l->a, a) != 0)
			continue;
		if (b != NULL && !kept && strcmp(l->b, b) == 0) {
			kept = 1;
			continue;
		}
		free(l->key);
		free(l->a);
		free(l->b);
		l->key = l->a = l->b = NULL;
		changed = 1;
	}
	if (b != NULL && !kept) {
		*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
		l = &(*lines)[(*n)++];
		l->key = xstrdup(key);
		l->a = xstrdup(a);
		l->b = xstrdup(b);
		changed = 1;
	}
	return (changed);
}

/* The address of the target's hub i, as "host:port" ("[v6]:port"). */
static char *
client_hello_addr(struct client *c, u_int i)
{
	char	*s;

	if (strchr(c->hosts[i], ':') != NULL)
		xasprintf(&s, "[%s]:%s", c->hosts[i], c->ports[i]);
	else
		xasprintf(&s, "%s:%s", c->hosts[i], c->ports[i]);
	return (s);
}

/*
 * The key whose lines a client starting as nick reads: the cluster one of
 * the target's addresses was met in, else the address with a line for
 * the nick, else the only cluster with a line for it (*guess set), else
 * NULL.
 */
static char *
client_hello_session_key(struct client *c, struct client_hello_line *lines,
    u_int n, const char *nick, int *guess)
{
	char		*addr, *key = NULL;
	const char	*cl;
	u_int		 i, j;

	*guess = 0;
	for (i = 0; i < c->nhosts && key == NULL; i++) {
		addr = client_hello_addr(c, i);
		if ((cl = client_hello_sessions_get(lines, n, addr,
		    CLIENT_HELLO_MAP)) != NULL) {
			xasprintf(&key, "cluster:%s", cl);
			if (client_hello_sessions_get(lines, n, key,
			    nick) == NULL) {
				free(key);	/* older lines of the address */
				key = NULL;
			}
		}
		if (key == NULL &&
		    client_hello_sessions_get(lines, n, addr, nick) != NULL)
			key = xstrdup(addr);
		free(addr);
	}
	if (key != NULL)
		return (key);
	for (j = 0; j < n; j++) {
		if (lines[j].a == NULL || lines[j].key == NULL ||
		    strncmp(lines[j].key, "cluster:", 8) != 0 ||
		    strcmp(lines[j].a, nick) != 0)
			continue;
		if (key != NULL && strcmp(key, lines[j].key) != 0) {
			free(key);	/* two clusters: which? */
			return (NULL);
		}
		if (key == NULL)
			key = xstrdup(lines[j].key);
	}
	*guess = key != NULL;
	return (key);
}

/*
 * Before the first connection: if the session started as our nick has
 * another nick now, hello as that nick and ask the hub for a takeover
 * only (client_hello_send); the nick we were given is kept to fall back
 * on.  Lines are followed (bob became 太郎, started as 太郎 became jiro).
 */
void
client_hello_recall(struct client *c)
{
	struct client_hello_line	*lines;
	const char			*now, *next;
	char				*key;
	u_int				 n;
	int				 i, guess;

	if (c->ident == NULL || c->nick == NULL || *c->nick == '\0')
		return;
	c->start_nick = xstrdup(c->nick);
	lines = client_hello_sessions_load(&n);
	if ((key = client_hello_session_key(c, lines, n, c->nick,
	    &guess)) == NULL) {
		client_hello_sessions_free(lines, n);
		return;
	}
	now = client_hello_sessions_get(lines, n, key, c->nick);
	for (i = 0; now != NULL && i < 8; i++) {
		if (strcmp(now, c->nick) == 0)
			break;
		if ((next = client_hello_sessions_get(lines, n, key,
		    now)) == NULL || strcmp(next, now) == 0)
			break;
		now = next;
	}
	if (now != NULL && strcmp(now, c->nick) != 0) {
		free(c->nick);
		c->nick = xstrdup(now);
		c->flags |= CLIENT_NICK_RESUME;
		if (guess)
			c->flags |= CLIENT_NICK_GUESS;
		c->session_key = key;
		key = NULL;
	}
	free(key);
	client_hello_sessions_free(lines, n);
}

/*
 * Is err the hub's refusal of a takeover asked from the sessions file
 * (client_hello_recall)?  The session ended (a /quit since the nick
 * changed) or its nick went to another: the line was stale, which the
 * user never asked about, so the refusal is not shown; the client starts
 * as the nick it was given (client_hello_recall_failed).
 */
int
client_hello_recall_refused(struct client *c, enum proto_err err)
{
	static const enum proto_err	 refusals[] = {
		PERR_BAD_TOKEN, PERR_NICK_TAKEN, PERR_NICK_CLAIMED,
		PERR_NICK_INVALID, PERR_NICK_RESERVED
	};
	u_int				 i;

	if (c->state != CLIENT_HANDSHAKE || !(c->flags & CLIENT_NICK_RESUME))
		return (0);
	for (i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		if (err == refusals[i])
			return (1);
	}
	return (0);
}

/*
 * The hub refused the takeover (no session of our key has that nick
 * now): forget the line, unless it was a guess (another cluster's), and
 * start as the nick we were given.  Returns 1 if the client should say
 * hello again at once.
 */
int
client_hello_recall_failed(struct client *c)
{
	struct client_hello_line	*lines;
	u_int				 n;

	if (!(c->flags & CLIENT_NICK_RESUME))
		return (0);
	c->flags &= ~CLIENT_NICK_RESUME;
	if (!(c->flags & CLIENT_NICK_GUESS)) {
		lines = client_hello_sessions_load(&n);
		if (client_hello_sessions_set(&lines, &n, c->session_key,
		    c->start_nick, NULL))
			client_hello_sessions_save(lines, n);
		client_hello_sessions_free(lines, n);
	}
	c->flags &= ~CLIENT_NICK_GUESS;
	free(c->nick);
	c->nick = xstrdup(c->start_nick);
	return (1);
}

/* Say in a window that the session of another nick was taken over. */
void
client_hello_note_resumed(struct client *c, struct croom *r)
{
	if (!(c->flags & CLIENT_NICK_RESUMED) || c->start_nick == NULL)
		return;
	client_notice(c, r, CLINE_NOTICE, _("resuming your session as %s "
	    "(started as %s)"), c->nick, c->start_nick);
}

/*
 * We are in, or our nick changed: keep the nick the session has now for
 * the nick the client was started with, under the cluster if the hub is
 * one of a cluster (and the address it was met at, with the cluster, in
 * place of the lines kept for the target's addresses before), else under
 * the hub's address.
 */
void
client_hello_note_nick(struct client *c)
{
	struct client_hello_line	*lines;
	char				*key, *addr;
	const char			*now;
	u_int				 n, i;
	int				 changed = 0;

	if (c->start_nick == NULL || c->nick == NULL)
		return;
	if (c->state != CLIENT_READY)
		c->flags &= ~CLIENT_NICK_RESUMED;	/* a new welcome */
	if (c->flags & CLIENT_NICK_RESUME) {
		/* Said here and in each room of the session, as it comes. */
		c->flags &= ~(CLIENT_NICK_RESUME | CLIENT_NICK_GUESS);
		c->flags |= CLIENT_NICK_RESUMED;
		client_hello_note_resumed(c, c->status);
	}
	now = strcmp(c->start_nick, c->nick) == 0 ? NULL : c->nick;
	lines = client_hello_sessions_load(&n);
	addr = client_tls_hub_name(c);
	if (c->cluster != NULL) {
		xasprintf(&key, "cluster:%s", c->cluster);
		changed |= client_hello_sessions_set(&lines, &n, addr,
		    CLIENT_HELLO_MAP, c->cluster);
		changed |= client_hello_sessions_set(&lines, &n, addr,
		    c->start_nick, NULL);
		for (i = 0; i < c->nhosts; i++) {
			free(addr);
			addr = client_hello_addr(c, i);
			changed |= client_hello_sessions_set(&lines, &n, addr,
			    c->start_nick, NULL);
		}
	} else
		key = xstrdup(addr);
	changed |= client_hello_sessions_set(&lines, &n, key, c->start_nick,
	    now);
	if (changed)
		client_hello_sessions_save(lines, n);
	client_hello_sessions_free(lines, n);
	free(addr);
	free(key);
}
