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
 * "hub started-as nick-now" for each session whose nick changed; only the
 * key that owns the session can take it over, so a stale line costs one
 * refused hello, after which the client starts as the nick it was given.
 */
#define CLIENT_HELLO_SESSIONS	"sessions"

/* The nick-now for hub and nick in the file, or NULL. */
static char *
client_hello_session_read(const char *hub, const char *nick)
{
	FILE	*f;
	char	*path, *line = NULL, *now = NULL, *a, *b;
	size_t	 size = 0;
	ssize_t	 n;

	path = state_path(CLIENT_HELLO_SESSIONS);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return (NULL);
	while ((n = getline(&line, &size, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((a = strchr(line, ' ')) == NULL)
			continue;
		*a++ = '\0';
		if ((b = strchr(a, ' ')) == NULL || b[1] == '\0')
			continue;
		*b++ = '\0';
		if (strcmp(line, hub) != 0 || strcmp(a, nick) != 0 ||
		    !utf8_valid(b, strlen(b)) || strchr(b, ' ') != NULL)
			continue;
		free(now);
		now = xstrdup(b);
	}
	free(line);
	fclose(f);
	return (now);
}

/* Keep (now not NULL) or forget the line for hub and nick. */
static void
client_hello_session_write(const char *hub, const char *nick,
    const char *now)
{
	FILE	*f, *old;
	char	*path, *buf = NULL, *line = NULL, *cause, *a, *b;
	size_t	 size = 0, len = 0;
	int	 found = 0;

	path = state_path(CLIENT_HELLO_SESSIONS);
	if ((old = fopen(path, "r")) == NULL && now == NULL) {
		free(path);
		return;
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	while (old != NULL && getline(&line, &size, old) != -1) {
		if ((a = strchr(line, ' ')) != NULL &&
		    (size_t)(a - line) == strlen(hub) &&
		    strncmp(line, hub, a - line) == 0 &&
		    (b = strchr(a + 1, ' ')) != NULL &&
		    (size_t)(b - a - 1) == strlen(nick) &&
		    strncmp(a + 1, nick, b - a - 1) == 0) {
			found = 1;
			continue;
		}
		fputs(line, f);
	}
	free(line);
	if (old != NULL)
		fclose(old);
	if (now != NULL)
		fprintf(f, "%s %s %s\n", hub, nick, now);
	fclose(f);
	if ((now != NULL || found) &&
	    (make_parent_dirs(path, &cause) != 0 ||
	    util_write_file(path, buf, len, &cause) != 0)) {
		log_debug("%s", cause);
		free(cause);
	}
	free(buf);
	free(path);
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
	char	*hub, *now, *next;
	int	 i;

	if (c->ident == NULL || c->nick == NULL || *c->nick == '\0')
		return;
	c->start_nick = xstrdup(c->nick);
	hub = client_hub_name(c);
	now = client_hello_session_read(hub, c->nick);
	for (i = 0; now != NULL && i < 8; i++) {
		if (strcmp(now, c->nick) == 0)
			break;
		if ((next = client_hello_session_read(hub, now)) == NULL ||
		    strcmp(next, now) == 0) {
			free(next);
			break;
		}
		free(now);
		now = next;
	}
	free(hub);
	if (now == NULL || strcmp(now, c->nick) == 0) {
		free(now);
		return;
	}
	free(c->nick);
	c->nick = now;
	c->flags |= CLIENT_NICK_RESUME;
}

/*
 * The hub refused the takeover (no session of our key has that nick
 * now): forget the line and start as the nick we were given.  Returns 1
 * if the client should say hello again at once.
 */
int
client_hello_recall_failed(struct client *c)
{
	char	*hub;

	if (!(c->flags & CLIENT_NICK_RESUME))
		return (0);
	c->flags &= ~CLIENT_NICK_RESUME;
	hub = client_hub_name(c);
	client_hello_session_write(hub, c->start_nick, NULL);
	free(hub);
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
 * the nick the client was started with.
 */
void
client_hello_note_nick(struct client *c)
{
	char	*hub;

	if (c->start_nick == NULL || c->nick == NULL)
		return;
	if (c->state != CLIENT_READY)
		c->flags &= ~CLIENT_NICK_RESUMED;	/* a new welcome */
	if (c->flags & CLIENT_NICK_RESUME) {
		/* Said here and in each room of the session, as it comes. */
		c->flags &= ~CLIENT_NICK_RESUME;
		c->flags |= CLIENT_NICK_RESUMED;
		client_hello_note_resumed(c, c->status);
	}
	hub = client_hub_name(c);
	client_hello_session_write(hub, c->start_nick,
	    strcmp(c->start_nick, c->nick) == 0 ? NULL : c->nick);
	free(hub);
}
