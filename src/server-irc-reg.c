/* SPDX-License-Identifier: ISC */
/* server-irc-reg.c: IRC registration: CAP, PASS, NICK, USER, SASL, welcome. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * Registration as modern servers do it: CAP LS suspends it until CAP
 * END; PASS carries the hub password; NICK and USER complete it, and
 * the hub then sees a native hello (server_login_hello), so the hub
 * password, bans and claims are checked as for any client.  Its welcome
 * is worded as 001-005, LUSERS and the MOTD; IRC clients join only the
 * rooms they ask for (and those of --irc-autojoin), never the lobby.
 *
 * SASL PLAIN is parsed here; the account is a nick and the password the
 * one its claim holds (claim-job.c checks it off the loop, or claims a
 * free nick with it), answered through server_irc_sasl_result(), and
 * registration waits for the answer.  A proved nick may be used as its
 * key's owner would (server_login_hello), so while CAP negotiation may
 * still bring SASL, NICK takes a claimed nick and the checks wait for
 * the registration.
 */

static void	server_irc_try_register(struct server_client *);
static void	server_irc_sasl_verify(struct server_client *, const char *,
		    const char *, const char *);
static void	server_irc_sasl_done(struct server_client *);
static void	server_irc_sasl_cb(void *, const struct claim_job_done *);
static const char *server_irc_nick_held(struct server_client *,
		    const char *);
static void	server_irc_cap_ls(struct server_client *, const char *);
static void	server_irc_cap_req(struct server_client *, const char *);
static void	server_irc_cap_list(struct server_client *, char *, size_t);
static int	server_irc_cap_find(const char *);
static void	server_irc_isupport(struct server_client *);
static char	*server_irc_realname(const char *);

/* The capabilities, as CAP LS names them. */
static const struct {
	const char	*name;
	int		 flag;
	const char	*value;		/* CAP LS 302 */
} server_irc_caps[] = {
	{ "away-notify", SIRC_CAP_AWAY_NOTIFY, NULL },
	{ "batch", SIRC_CAP_BATCH, NULL },
	{ "cap-notify", SIRC_CAP_CAP_NOTIFY, NULL },
	{ "draft/chathistory", SIRC_CAP_CHATHISTORY, NULL },
	{ "echo-message", SIRC_CAP_ECHO, NULL },
	{ "invite-notify", SIRC_CAP_INVITE_NOTIFY, NULL },
	{ "message-tags", SIRC_CAP_MESSAGE_TAGS, NULL },
	{ "multi-prefix", SIRC_CAP_MULTI_PREFIX, NULL },
	{ "sasl", SIRC_CAP_SASL, "PLAIN" },
	{ "server-time", SIRC_CAP_SERVER_TIME, NULL },
	{ "standard-replies", SIRC_CAP_STD_REPLIES, NULL },
	{ "userhost-in-names", SIRC_CAP_USERHOST, NULL },
};
#define SERVER_IRC_NCAPS (sizeof server_irc_caps / sizeof server_irc_caps[0])

/* Is SASL PLAIN offered: can server_irc_sasl_verify() say yes? */
int
server_irc_sasl_enabled(void)
{
	return (1);
}

/*
 * Find out whether the password proves the account (authcid, a nick),
 * for the identity authzid (empty: the same), and answer later with
 * server_irc_sasl_result().  An unclaimed nick is claimed with the
 * password; wrong passwords count against the address (auth.c).
 */
static void
server_irc_sasl_verify(struct server_client *c, const char *authzid,
    const char *authcid, const char *password)
{
	enum proto_err	 err;
	char		*a, *b, *cause;
	int		 same;

	if (!server_irc_nick_valid(authcid, &err, &cause)) {
		free(cause);
		server_irc_sasl_result(c, authcid, 0);
		return;
	}
	if (*authzid != '\0') {
		a = utf8_casefold(authzid);
		b = utf8_casefold(authcid);
		same = strcmp(a, b) == 0;
		free(a);
		free(b);
		if (!same) {
			log_info("%s: SASL for %s as %s refused", c->addr,
			    authcid, authzid);
			server_irc_sasl_result(c, authcid, 0);
			return;
		}
	}
	claim_job_login(c->ip->ip, authcid, password, 1, server_irc_sasl_cb,
	    c);
}

/* The claims answered a SASL check. */
static void
server_irc_sasl_cb(void *arg, const struct claim_job_done *done)
{
	static const char	*why[] = {
		[CLAIM_AUTH_OK] = "logged in",
		[CLAIM_AUTH_NEW] = "claimed the nick with a password",
		[CLAIM_AUTH_BAD] = "wrong password",
		[CLAIM_AUTH_UNCLAIMED] = "the nick is not claimed",
		[CLAIM_AUTH_NO_PASSWORD] = "the nick's claim has no password",
		[CLAIM_AUTH_TAKEN] = "the nick is in use, unclaimed",
		[CLAIM_AUTH_INVALID] = "not a nick or password one may claim",
		[CLAIM_AUTH_WAIT] = "too many wrong passwords lately",
		[CLAIM_AUTH_BUSY] = "too many logins at once",
		[CLAIM_AUTH_LOST] = "the claim changed",
		[CLAIM_AUTH_LIMIT] = "over the hub's limits on new claims",
	};
	struct server_client	*c = arg;
	int			 ok;

	ok = done->result == CLAIM_AUTH_OK || done->result == CLAIM_AUTH_NEW;
	log_info("%s: SASL for %s: %s", c->addr, done->nick,
	    why[done->result]);
	if (ok) {
		free(c->account);
		c->account = xstrdup(done->nick);
	}
	server_irc_sasl_result(c, done->nick, ok);
}

/* A capability by name; -1 if unknown (or not offered). */
static int
server_irc_cap_find(const char *name)
{
	size_t	i;

	for (i = 0; i < SERVER_IRC_NCAPS; i++) {
		if (strcmp(server_irc_caps[i].name, name) != 0)
			continue;
		if (server_irc_caps[i].flag == SIRC_CAP_SASL &&
		    !server_irc_sasl_enabled())
			return (-1);
		return ((int)i);
	}
	return (-1);
}

/* CAP LS, REQ, LIST and END. */
void
server_irc_cap(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;
	const char		*sub = msg->params[0], *params[3];
	char			 list[512];

	if (strcasecmp(sub, "LS") == 0) {
		server_irc_cap_ls(c, msg->nparams > 1 ? msg->params[1] : NULL);
	} else if (strcasecmp(sub, "REQ") == 0) {
		if (msg->nparams < 2) {
			server_irc_numeric(c, "461", 2, "CAP",
			    "Not enough parameters");
			return;
		}
		server_irc_cap_req(c, msg->params[1]);
	} else if (strcasecmp(sub, "LIST") == 0) {
		server_irc_cap_list(c, list, sizeof list);
		params[0] = server_irc_me(c);
		params[1] = "LIST";
		params[2] = list;
		server_irc_send(c, NULL, "CAP", params, 3, IRC_BUILD_TRAILING);
	} else if (strcasecmp(sub, "END") == 0) {
		if (c->session != NULL)
			return;
		irc->flags &= ~SIRC_CAPPING;
		server_irc_try_register(c);
	} else
		server_irc_numeric(c, "410", 2, sub, "Invalid CAP command");
}

/* CAP LS [302]: what is offered; registration waits for CAP END. */
static void
server_irc_cap_ls(struct server_client *c, const char *version)
{
	struct server_irc	*irc = c->irc;
	const char		*params[3];
	char			 list[512];
	size_t			 i, n = 0;

	if (c->session == NULL)
		irc->flags |= SIRC_CAPPING;
	if (version != NULL && (u_int)atoi(version) > irc->cap_version)
		irc->cap_version = atoi(version);
	/* 302 implies cap-notify. */
	if (irc->cap_version >= 302)
		irc->caps |= SIRC_CAP_CAP_NOTIFY;
	list[0] = '\0';
	for (i = 0; i < SERVER_IRC_NCAPS; i++) {
		if (server_irc_cap_find(server_irc_caps[i].name) < 0)
			continue;
		n += snprintf(list + n, sizeof list - n, "%s%s%s%s",
		    n > 0 ? " " : "", server_irc_caps[i].name,
		    server_irc_caps[i].value != NULL &&
		    irc->cap_version >= 302 ? "=" : "",
		    server_irc_caps[i].value != NULL &&
		    irc->cap_version >= 302 ? server_irc_caps[i].value : "");
		if (n >= sizeof list)
			fatalx("capability list too long");
	}
	params[0] = server_irc_me(c);
	params[1] = "LS";
	params[2] = list;
	server_irc_send(c, NULL, "CAP", params, 3, IRC_BUILD_TRAILING);
}

/* CAP REQ: all of the changes asked for, or none. */
static void
server_irc_cap_req(struct server_client *c, const char *req)
{
	struct server_irc	*irc = c->irc;
	const char		*params[3];
	char			*copy, *p, *word;
	int			 add = 0, del = 0, i, ok = 1;

	copy = xstrdup(req);
	for (p = copy; (word = strsep(&p, " ")) != NULL;) {
		if (*word == '\0')
			continue;
		if ((i = server_irc_cap_find(*word == '-' ? word + 1 :
		    word)) < 0) {
			ok = 0;
			break;
		}
		if (*word == '-')
			del |= server_irc_caps[i].flag;
		else
			add |= server_irc_caps[i].flag;
	}
	free(copy);
	if (c->session == NULL)
		irc->flags |= SIRC_CAPPING;
	params[0] = server_irc_me(c);
	params[1] = ok ? "ACK" : "NAK";
	params[2] = req;
	server_irc_send(c, NULL, "CAP", params, 3, IRC_BUILD_TRAILING);
	if (!ok)
		return;
	irc->caps = (irc->caps | add) & ~del;
	server_irc_event_set_codec(c);
}

/* The enabled capabilities, space-separated. */
static void
server_irc_cap_list(struct server_client *c, char *list, size_t size)
{
	size_t	i, n = 0;

	list[0] = '\0';
	for (i = 0; i < SERVER_IRC_NCAPS && n < size; i++) {
		if (c->irc->caps & server_irc_caps[i].flag)
			n += snprintf(list + n, size - n, "%s%s",
			    n > 0 ? " " : "", server_irc_caps[i].name);
	}
}

/* PASS: the hub password, checked with the registration. */
void
server_irc_pass(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;

	if (irc->pass != NULL) {
		explicit_bzero(irc->pass, strlen(irc->pass));
		free(irc->pass);
	}
	irc->pass = xstrndup(msg->params[0], CR_PASSWORD_MAX);
}

/* USER: the user name and real name; the nick may complete it. */
void
server_irc_user(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;

	if (irc->user != NULL) {
		server_irc_numeric(c, "462", 1, "You may not reregister");
		return;
	}
	if (*msg->params[3] == '\0') {
		server_irc_numeric(c, "461", 2, "USER",
		    "Not enough parameters");
		return;
	}
	irc->user = xstrndup(*msg->params[0] != '\0' ? msg->params[0] : "user",
	    CR_NICK_MAX);
	irc->realname = server_irc_realname(msg->params[3]);
	server_irc_try_register(c);
}

/*
 * The real name USER gave, as WHOIS and WHO show it: without mIRC colour
 * and formatting codes, CTCP's \001 and bidirectional controls; other
 * control characters in the caret form the hub shows elsewhere (ESC is
 * "^[", as irc_clean() and the terminal client write it, so an escape
 * sequence reads as one, not as its debris); a tab as a space, runs of
 * spaces as one and none at either end, at most SIRC_REALNAME_MAX
 * characters;
 * NULL if nothing is left.  The line is UTF-8 (server_irc_input checked
 * it).
 */
static char *
server_irc_realname(const char *in)
{
	char		*out;
	size_t		 len = strlen(in), off = 0, o = 0, n = 0;
	uint32_t	 cp;
	int		 k, i;

	out = xmalloc(len * 2 + 1);
	while (off < len && n < SIRC_REALNAME_MAX) {
		if ((k = utf8_decode(in + off, len - off, &cp)) < 0) {
			off++;
			continue;
		}
		off += k;
		if (cp == 0x03) {
			/* ^C, a colour: up to two digits, a comma, two. */
			for (i = 0; i < 2 && isdigit((u_char)in[off]); i++)
				off++;
			if (i > 0 && in[off] == ',' &&
			    isdigit((u_char)in[off + 1])) {
				off++;
				for (i = 0; i < 2 &&
				    isdigit((u_char)in[off]); i++)
					off++;
			}
			continue;
		}
		if (cp == '\t')
			cp = ' ';
		else if ((cp < 0x20 && strchr("\001\002\004\017\021\026\035"
		    "\036\037", cp) == NULL) || cp == 0x7f) {
			out[o++] = '^';
			out[o++] = cp == 0x7f ? '?' : cp + '@';
			n++;
			continue;
		} else if (utf8_is_unsafe(cp))
			continue;
		if (cp == ' ') {
			if (o == 0 || out[o - 1] == ' ')
				continue;	/* leading, or in a run */
			out[o++] = ' ';
		} else {
			memcpy(out + o, in + off - k, k);
			o += k;
		}
		n++;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	if (o == 0) {
		free(out);
		return (NULL);
	}
	return (out);
}

/*
 * Can IRC carry this nick: one the hub takes, without the '!' and '@'
 * of nick!user@host or a ':' or '#' that would read as a trailing
 * parameter or a channel.
 */
int
server_irc_nick_valid(const char *nick, enum proto_err *err, char **cause)
{
	if (proto_check_nick(nick, err, cause) != 0)
		return (0);
	if (strpbrk(nick, "!@,*?") != NULL || *nick == ':' || *nick == '#') {
		*err = PERR_NICK_INVALID;
		xasprintf(cause, "IRC cannot carry the nick %s", nick);
		return (0);
	}
	return (1);
}

/* A 432 that says why, as irssi and WeeChat show its text. */
void
server_irc_erroneous(struct server_client *c, const char *nick,
    const char *cause)
{
	char	*text;

	xasprintf(&text, "Erroneous nickname: %s", cause);
	server_irc_numeric(c, "432", 2, nick, text);
	free(text);
}

/*
 * Why this connection may not have a nick now (the text of a 433), or
 * NULL.  SASL for a nick makes it ours: claimed, or held by a session
 * that waits for its resume or by another IRC connection (which the
 * hello then takes over), but not by a native client.
 */
static const char *
server_irc_nick_held(struct server_client *c, const char *nick)
{
	struct session	*s;
	int		 proved = server_login_proven(c, nick);

	if ((s = session_find_nick(nick)) != NULL && (!proved ||
	    (s->client != NULL && s->client->irc == NULL)))
		return ("Nickname is already in use");
	if (claim_check(nick, NULL) == 0 && !proved)
		return ("Nickname is claimed by another user");
	return (NULL);
}

/*
 * NICK before registration: a nick the hub would take now, else 432 or
 * 433 and the client may try another.  While SASL may still prove it,
 * a claimed nick is taken and checked again at registration.
 */
void
server_irc_nick_early(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;
	const char		*nick = msg->params[0], *held;
	enum proto_err		 err;
	char			*cause;

	if (!server_irc_nick_valid(nick, &err, &cause)) {
		server_irc_erroneous(c, nick, cause);
		free(cause);
		return;
	}
	if ((held = server_irc_nick_held(c, nick)) != NULL &&
	    !(irc->flags & (SIRC_CAPPING|SIRC_SASL_WAIT))) {
		server_irc_numeric(c, "433", 2, nick, held);
		return;
	}
	free(irc->nick);
	irc->nick = xstrdup(nick);
	server_irc_try_register(c);
}

/*
 * With a nick and a user, and no CAP negotiation going on, hand the hub
 * a hello: it says welcome (server_irc_welcome) or refuses and closes.
 */
static void
server_irc_try_register(struct server_client *c)
{
	struct server_irc	*irc = c->irc;
	const char		*held;
	char			*nick;
	cJSON			*obj;

	if (irc->nick == NULL || irc->user == NULL || c->session != NULL ||
	    (irc->flags & (SIRC_CAPPING|SIRC_HELLO|SIRC_SASL_WAIT)))
		return;
	if ((held = server_irc_nick_held(c, irc->nick)) != NULL) {
		/* Taken while SASL might have proved it: another, please. */
		nick = irc->nick;
		irc->nick = NULL;	/* no nick yet: 433 to "*" */
		server_irc_numeric(c, "433", 2, nick, held);
		free(nick);
		return;
	}
	irc->flags |= SIRC_HELLO;
	obj = cJSON_CreateObject();
	cJSON_AddNumberToObject(obj, "version", PROTO_VERSION);
	cJSON_AddStringToObject(obj, "nick", irc->nick);
	if (irc->pass != NULL)
		cJSON_AddStringToObject(obj, "password", irc->pass);
	irc->cmd = "NICK";
	irc->arg = irc->nick;
	server_irc_call(c, server_login_hello, obj);
}

/*
 * The hub found a nick in use, on another hub of the cluster or here:
 * 433 with the usual text, whichever hub holds it.  Before registration
 * the hello's nick is dropped and the registration waits for another
 * NICK, as IRC clients expect (irssi tries its alternate nick; a closed
 * connection would only be tried again with the same nick, for ever).
 */
void
server_irc_nick_taken(struct server_client *c, const char *nick)
{
	struct server_irc	*irc = c->irc;
	char			*held = NULL;

	if (c->session == NULL && irc->nick != NULL) {
		held = irc->nick;
		irc->nick = NULL;
		irc->flags &= ~SIRC_HELLO;
		if (irc->arg == held) {
			irc->cmd = NULL;
			irc->arg = NULL;
		}
	}
	server_irc_numeric(c, "433", 2, nick, "Nickname is already in use");
	free(held);
}

/*
 * The hub said welcome: 001 to 005, LUSERS and the MOTD.  The session
 * is not resumed by token, so it ends with its connection.
 */
void
server_irc_welcome(struct server_client *c)
{
	const char	*name = server_irc_name(), *nick = server_irc_me(c);
	const char	*params[6];
	char		*text;

	c->flags |= SC_NORESUME;
	server_irc_event_set_codec(c);
	xasprintf(&text, "Welcome to the chatroom IRC network, %s!%s@%s",
	    nick, nick, name);
	server_irc_numeric(c, "001", 1, text);
	free(text);
	xasprintf(&text, "Your host is %s, running version %s", name,
	    PACKAGE_STRING);
	server_irc_numeric(c, "002", 1, text);
	free(text);
	server_irc_numeric(c, "003", 1, "This server was created with "
	    PACKAGE_STRING);
	params[0] = nick;
	params[1] = name;
	params[2] = PACKAGE_NAME "-" PACKAGE_VERSION;
	params[3] = "io";
	params[4] = "bn";
	params[5] = "b";
	server_irc_send(c, NULL, "004", params, 6, 0);
	server_irc_isupport(c);
	server_irc_lusers(c, NULL);
	server_irc_motd(c, NULL);
}

/* VERSION: 351, then the ISUPPORT tokens again, as modern servers do. */
void
server_irc_version(struct server_client *c, struct irc_msg *msg)
{
	server_irc_numeric(c, "351", 3, PACKAGE_NAME "-" PACKAGE_VERSION,
	    server_irc_name(), "chatroom hub with an IRC listener");
	server_irc_isupport(c);
}

/* 005: ISUPPORT, a few tokens a line. */
static void
server_irc_isupport(struct server_client *c)
{
	char		 tokens[16][64];
	const char	*end = "are supported by this server";
	u_int		 n = 0;

	snprintf(tokens[n++], sizeof tokens[0], "AWAYLEN=%d", CR_AWAY_MAX);
	snprintf(tokens[n++], sizeof tokens[0], "CASEMAPPING=ascii");
	snprintf(tokens[n++], sizeof tokens[0], "CHANLIMIT=#:%d",
	    CR_ROOMS_PER_CLIENT);
	snprintf(tokens[n++], sizeof tokens[0], "CHANMODES=b,,,n");
	snprintf(tokens[n++], sizeof tokens[0], "CHANNELLEN=%d",
	    CR_ROOM_MAX + 1);
	snprintf(tokens[n++], sizeof tokens[0], "CHANTYPES=#");
	snprintf(tokens[n++], sizeof tokens[0], "CHATHISTORY=%u",
	    server_irc_history_max());
	snprintf(tokens[n++], sizeof tokens[0], "KICKLEN=%d", CR_REASON_MAX);
	snprintf(tokens[n++], sizeof tokens[0], "MSGREFTYPES=msgid,timestamp");
	snprintf(tokens[n++], sizeof tokens[0], "NETWORK=chatroom");
	server_irc_numeric(c, "005", 11, tokens[0], tokens[1], tokens[2],
	    tokens[3], tokens[4], tokens[5], tokens[6], tokens[7], tokens[8],
	    tokens[9], end);
	n = 0;
	snprintf(tokens[n++], sizeof tokens[0], "NICKLEN=%d", CR_NICK_MAX);
	snprintf(tokens[n++], sizeof tokens[0], "PREFIX=(ov)@+");
	snprintf(tokens[n++], sizeof tokens[0], "TARGMAX=JOIN:,KICK:1,NAMES:1,"
	    "NOTICE:%d,PART:,PRIVMSG:%d,WHOIS:1", SIRC_TARGETS_MAX,
	    SIRC_TARGETS_MAX);
	snprintf(tokens[n++], sizeof tokens[0], "TOPICLEN=%d", CR_TOPIC_MAX);
	snprintf(tokens[n++], sizeof tokens[0], "UTF8ONLY");
	snprintf(tokens[n++], sizeof tokens[0], "WHOX");
	server_irc_numeric(c, "005", 7, tokens[0], tokens[1], tokens[2],
	    tokens[3], tokens[4], tokens[5], end);
}

/* The most users LUSERS counted, here and everywhere. */
static u_int	server_irc_most, server_irc_most_global;

/* Forget the most users counted (between fuzz inputs). */
void
server_irc_lusers_forget(void)
{
	server_irc_most = server_irc_most_global = 0;
}

/*
 * LUSERS: 251 to 255, then 265 and 266 (users here and everywhere, with
 * the most seen, which is the most any LUSERS or IRC welcome counted),
 * from the hub's own counts; everywhere adds the users of the other hubs
 * of a cluster that share a room with anyone.  251 counts everywhere, on
 * the live hubs of the cluster (each a server), this hub's +i users apart
 * as invisible; 252 (operators are per hub) and 255 this hub's own.
 */
void
server_irc_lusers(struct server_client *c, struct irc_msg *msg)
{
	struct session		*s;
	struct server_client	*cl;
	u_int			 users = 0, opers = 0, unknown = 0, global;
	u_int			 invisible = 0;
	char			 text[128], n[32], m[32];

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		users++;
		if (s->flags & SESSION_OPER)
			opers++;
		if (s->client != NULL && s->client->irc != NULL &&
		    (s->client->irc->flags & SIRC_INVISIBLE))
			invisible++;
	}
	for (cl = server_client_next(NULL); cl != NULL;
	    cl = server_client_next(cl)) {
		if (cl->session == NULL)
			unknown++;
	}
	global = users + cluster_remote_users();
	/* As RFC 2812 counts: the visible users, then the +i ones. */
	snprintf(text, sizeof text, "There are %u users and %u invisible on "
	    "%u servers", global - invisible, invisible, cluster_hubs_live());
	server_irc_numeric(c, "251", 1, text);
	snprintf(n, sizeof n, "%u", opers);
	server_irc_numeric(c, "252", 2, n, "operator(s) online");
	snprintf(n, sizeof n, "%u", unknown);
	server_irc_numeric(c, "253", 2, n, "unknown connection(s)");
	snprintf(n, sizeof n, "%u", room_count());
	server_irc_numeric(c, "254", 2, n, "channels formed");
	/* A session waiting for a resume is a user, as in 251 and 265. */
	snprintf(text, sizeof text, "I have %u clients and 1 servers", users);
	server_irc_numeric(c, "255", 1, text);
	if (users > server_irc_most)
		server_irc_most = users;
	snprintf(n, sizeof n, "%u", users);
	snprintf(m, sizeof m, "%u", server_irc_most);
	snprintf(text, sizeof text, "Current local users %u, max %u", users,
	    server_irc_most);
	server_irc_numeric(c, "265", 3, n, m, text);
	if (global > server_irc_most_global)
		server_irc_most_global = global;
	snprintf(n, sizeof n, "%u", global);
	snprintf(m, sizeof m, "%u", server_irc_most_global);
	snprintf(text, sizeof text, "Current global users %u, max %u", global,
	    server_irc_most_global);
	server_irc_numeric(c, "266", 3, n, m, text);
}

/* MOTD: the message of the day, a 372 a line, or 422. */
void
server_irc_motd(struct server_client *c, struct irc_msg *msg)
{
	const char	*motd = server_motd(), *p, *eol;
	char		*line;

	if (motd == NULL || *motd == '\0') {
		server_irc_numeric(c, "422", 1, "MOTD File is missing");
		return;
	}
	xasprintf(&line, "- %s Message of the day - ", server_irc_name());
	server_irc_numeric(c, "375", 1, line);
	free(line);
	for (p = motd; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		xasprintf(&line, "- %.*s", (int)(eol - p), p);
		server_irc_numeric(c, "372", 1, line);
		free(line);
	}
	server_irc_numeric(c, "376", 1, "End of /MOTD command.");
}

/* Registered: join the rooms of --irc-autojoin, if any. */
void
server_irc_registered(struct server_client *c)
{
	const char	*list = server_options()->irc_autojoin;
	char		*copy, *p, *name;
	cJSON		*obj;

	if (list == NULL)
		return;
	copy = xstrdup(list);
	for (p = copy; (name = strsep(&p, ",")) != NULL;) {
		if (c->session == NULL)
			break;
		if (*name == '#')
			name++;
		if (*name == '\0')
			continue;
		c->irc->cmd = "JOIN";
		c->irc->arg = name;
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "room", name);
		server_irc_call(c, server_chat_join, obj);
	}
	c->irc->cmd = NULL;
	c->irc->arg = NULL;
	free(copy);
}

/*
 * AUTHENTICATE: PLAIN, then the base64 of "authzid\0authcid\0password"
 * in pieces of 400 bytes (a shorter piece, or "+", ends it); "*" aborts.
 */
void
server_irc_authenticate(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc	*irc = c->irc;
	const char		*arg = msg->params[0], *params[1];
	size_t			 len = strlen(arg);

	if (irc->flags & SIRC_SASL_WAIT)
		return;
	if (!server_irc_sasl_enabled() || irc->account != NULL) {
		server_irc_numeric(c, irc->account != NULL ? "907" : "904", 1,
		    irc->account != NULL ? "You have already authenticated" :
		    "SASL authentication failed");
		return;
	}
	if (strcmp(arg, "*") == 0) {
		irc->flags &= ~SIRC_SASL_MECH;
		jbuf_reset(&irc->sasl);
		server_irc_numeric(c, "906", 1, "SASL authentication aborted");
		return;
	}
	if (!(irc->flags & SIRC_SASL_MECH)) {
		if (strcasecmp(arg, "PLAIN") != 0) {
			server_irc_numeric(c, "908", 2, "PLAIN",
			    "are available SASL mechanisms");
			server_irc_numeric(c, "904", 1,
			    "SASL authentication failed");
			return;
		}
		irc->flags |= SIRC_SASL_MECH;
		if (irc->sasl.buf == NULL)
			jbuf_init(&irc->sasl);
		jbuf_reset(&irc->sasl);
		params[0] = "+";
		server_irc_send(c, "", "AUTHENTICATE", params, 1, 0);
		return;
	}
	if (len > 400 || irc->sasl.len + len > 1200) {
		irc->flags &= ~SIRC_SASL_MECH;
		jbuf_reset(&irc->sasl);
		server_irc_numeric(c, "905", 1, "SASL message too long");
		return;
	}
	if (strcmp(arg, "+") != 0)
		jbuf_add(&irc->sasl, arg, len);
	if (len == 400)
		return;
	server_irc_sasl_done(c);
}

/* The whole SASL PLAIN message came: decode it and check it. */
static void
server_irc_sasl_done(struct server_client *c)
{
	struct server_irc	*irc = c->irc;
	u_char			 out[1024];
	const char		*authzid, *authcid, *password;
	int			 n;
	size_t			 i, nul[2], k = 0;

	irc->flags &= ~SIRC_SASL_MECH;
	n = EVP_DecodeBlock(out, (u_char *)irc->sasl.buf, irc->sasl.len);
	/* EVP_DecodeBlock counts the '=' padding as zero bytes. */
	if (n > 0 && irc->sasl.len > 0 && irc->sasl.buf[irc->sasl.len - 1] ==
	    '=')
		n -= irc->sasl.len > 1 && irc->sasl.buf[irc->sasl.len - 2] ==
		    '=' ? 2 : 1;
	explicit_bzero(irc->sasl.buf, irc->sasl.size);
	jbuf_reset(&irc->sasl);
	for (i = 0; n > 0 && i < (size_t)n && k < 2; i++) {
		if (out[i] == '\0')
			nul[k++] = i;
	}
	if (n <= 0 || (size_t)n >= sizeof out || k != 2) {
		explicit_bzero(out, sizeof out);
		server_irc_numeric(c, "904", 1, "SASL authentication failed");
		return;
	}
	out[n] = '\0';
	authzid = (const char *)out;
	authcid = (const char *)out + nul[0] + 1;
	password = (const char *)out + nul[1] + 1;
	irc->flags |= SIRC_SASL_WAIT;
	server_irc_sasl_verify(c, authzid, authcid, password);
	explicit_bzero(out, sizeof out);
}

/*
 * The answer to a SASL check: the account is proved (900, 903) or not
 * (904); registration, if it waited, goes on.
 */
void
server_irc_sasl_result(struct server_client *c, const char *account, int ok)
{
	struct server_irc	*irc = c->irc;
	char			*text, *me;

	irc->flags &= ~SIRC_SASL_WAIT;
	if (!ok) {
		/* claim_job_login counted a wrong password already. */
		server_irc_numeric(c, "904", 1, "SASL authentication failed");
		server_irc_try_register(c);
		return;
	}
	free(irc->account);
	irc->account = xstrdup(account);
	if (irc->nick == NULL)
		irc->nick = xstrdup(irc->account);
	xasprintf(&me, "%s!%s@%s", server_irc_me(c), server_irc_me(c),
	    server_irc_name());
	xasprintf(&text, "You are now logged in as %s", irc->account);
	server_irc_numeric(c, "900", 3, me, irc->account, text);
	server_irc_numeric(c, "903", 1, "SASL authentication successful");
	free(text);
	free(me);
	server_irc_try_register(c);
}
