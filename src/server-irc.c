/* SPDX-License-Identifier: ISC */
/* server-irc.c: an IRC connection: input, dispatch, sending replies. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * An IRC client is a second codec beside the JSON protocol, in the same
 * hub and loop.  Its lines are parsed by irc.c, checked against the
 * table below (registration, parameters, flood cost) and carried out by
 * the server_irc_* commands, which mostly build the native request and
 * call the native handler: every rule the hub enforces (limits, bans,
 * mutes, claims, operators) applies the same way.  The native handlers
 * answer with hub events; server_irc_event_reply() words those answers
 * as numerics, knowing which command is being carried out.
 */

struct server_irc_cmd {
	const char	*name;
	void		(*exec)(struct server_client *, struct irc_msg *);
	u_int		 min;		/* parameters, else 461 */
	int		 flags;
#define SIRC_PREREG	0x1	/* allowed before registration */
#define SIRC_ONLYPRE	0x2	/* only before registration, else 462 */
#define SIRC_QUIT	0x4	/* waits behind held requests */
#define SIRC_OPER	0x8	/* operators only, else 481 */
#define SIRC_TEXT	0x10	/* its last param is text: not put in NFC */
#define SIRC_SECRET	0x20	/* passwords: no param put in NFC */
	u_int		 cost;		/* flood tokens, 0: in order */
};

static const struct server_irc_cmd *server_irc_find(const char *);
static char	*server_irc_client_tags(const struct irc_msg *);
static char	*server_irc_command_of(const char *, size_t);
static const char *server_irc_target_of(const struct irc_msg *);
static void	server_irc_refuse(struct server_client *, const char *,
		    const char *, const char *, const char *);
static int	server_irc_source_fill(struct peer *, size_t, void *);
static void	server_irc_source_free(void *);

/*
 * An answer made as the connection drains (see peer_add_source): fill
 * writes the next part with the usual reply functions, which put their
 * lines in the page rather than the send queue.  The source holds the
 * connection, which outlives it: server_client_free frees the peer, and
 * with it its sources, and a fill only runs on a live peer.
 */
struct server_irc_source {
	struct server_client	*c;
	server_irc_fill_cb	 fill;
	void			(*free)(void *);
	void			*arg;
};

/* The commands, in alphabetical order (server_irc_find). */
static const struct server_irc_cmd server_irc_cmds[] = {
	{ "ADMIN", server_irc_admin, 0, 0, 1 },
	{ "AUTHENTICATE", server_irc_authenticate, 1,
	    SIRC_PREREG|SIRC_ONLYPRE|SIRC_SECRET, 1 },
	{ "AWAY", server_irc_away, 0, SIRC_TEXT, 1 },
	{ "CAP", server_irc_cap, 1, SIRC_PREREG, 0 },
	{ "CHATHISTORY", server_irc_chathistory, 3, 0, 1 },
	{ "DIE", server_irc_die, 0, SIRC_OPER, 1 },
	{ "INFO", server_irc_info, 0, 0, 1 },
	{ "INVITE", server_irc_invite, 0, 0, 1 },
	{ "ISON", server_irc_ison, 1, 0, 1 },
	{ "JOIN", server_irc_join, 1, 0, 1 },
	{ "KICK", server_irc_kick, 2, SIRC_TEXT, 1 },
	{ "KILL", server_irc_kill, 1, SIRC_OPER, 1 },
	{ "KLINE", server_irc_kline, 1, SIRC_OPER, 1 },
	{ "LINKS", server_irc_links, 0, 0, 1 },
	{ "LIST", server_irc_list, 0, 0, 1 },
	{ "LUSERS", server_irc_lusers, 0, 0, 1 },
	{ "MODE", server_irc_mode, 1, 0, 1 },
	{ "MOTD", server_irc_motd, 0, 0, 1 },
	{ "NAMES", server_irc_names, 0, 0, 1 },
	{ "NICK", server_irc_nick, 0, SIRC_PREREG, 1 },
	{ "NOTICE", server_irc_privmsg, 0, SIRC_TEXT, 1 },
	{ "OPER", server_irc_oper, 2, SIRC_SECRET, 1 },
	{ "PART", server_irc_part, 1, SIRC_TEXT, 1 },
	{ "PASS", server_irc_pass, 1, SIRC_PREREG|SIRC_ONLYPRE|SIRC_SECRET,
	    0 },
	{ "PING", server_irc_ping, 0, SIRC_PREREG, 0 },
	{ "PONG", server_irc_pong, 0, SIRC_PREREG, 0 },
	{ "PRIVMSG", server_irc_privmsg, 0, SIRC_TEXT, 1 },
	{ "QUIT", server_irc_quit, 0, SIRC_PREREG|SIRC_QUIT|SIRC_TEXT, 0 },
	{ "REHASH", server_irc_rehash, 0, SIRC_OPER, 1 },
	{ "STATS", server_irc_stats, 0, 0, 1 },
	{ "TAGMSG", server_irc_tagmsg, 1, 0, 1 },
	{ "TIME", server_irc_time, 0, 0, 1 },
	{ "TOPIC", server_irc_topic, 1, SIRC_TEXT, 1 },
	{ "UNKLINE", server_irc_unkline, 1, SIRC_OPER, 1 },
	{ "USER", server_irc_user, 4, SIRC_PREREG|SIRC_ONLYPRE|SIRC_TEXT,
	    0 },
	{ "USERHOST", server_irc_userhost, 1, 0, 1 },
	{ "VERSION", server_irc_version, 0, 0, 1 },
	{ "WALLOPS", server_irc_wallops, 1, SIRC_OPER|SIRC_TEXT, 1 },
	{ "WHO", server_irc_who, 0, 0, 1 },
	{ "WHOIS", server_irc_whois, 1, 0, 1 },
	{ "WHOWAS", server_irc_whowas, 1, 0, 1 },
};

/* One scratch buffer for replies, as server-client.c keeps for JSON. */
struct jbuf		server_irc_jb;
static char		*server_irc_host;

/* The server's name in prefixes: --irc-server-name or the host name. */
const char *
server_irc_name(void)
{
	char	host[256];

	if (server_options()->irc_server_name != NULL)
		return (server_options()->irc_server_name);
	if (server_irc_host == NULL) {
		if (gethostname(host, sizeof host) != 0 || *host == '\0' ||
		    strpbrk(host, " :!@") != NULL)
			snprintf(host, sizeof host, "chatroom");
		host[sizeof host - 1] = '\0';
		server_irc_host = xstrdup(host);
	}
	return (server_irc_host);
}

/* The connection's nick: its session's, the one asked for, or "*". */
const char *
server_irc_me(struct server_client *c)
{
	if (c->session != NULL)
		return (c->session->nick);
	if (c->irc != NULL && c->irc->nick != NULL)
		return (c->irc->nick);
	return ("*");
}

/* Give a new connection its IRC state. */
void
server_irc_new(struct server_client *c)
{
	c->irc = xcalloc(1, sizeof *c->irc);
	c->codec = SERVER_CODEC_IRC;
	if (server_irc_jb.buf == NULL)
		jbuf_init(&server_irc_jb);
}

/*
 * A line too long even to parse (past twice IRC_INPUT_MAX): 417 and
 * ERROR, in IRC, before the peer closes the connection.
 */
void
server_irc_oversize(struct peer *peer, void *arg)
{
	struct server_client	*c = arg;
	const char		*params[1];

	if (c->irc == NULL)
		return;
	server_irc_numeric(c, "417", 1, "Input line was too long");
	params[0] = "Closing link: input line too long";
	server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
}

/* Free a connection's IRC state. */
void
server_irc_free(struct server_client *c)
{
	struct server_irc	*irc = c->irc;

	free(irc->nick);
	free(irc->user);
	free(irc->realname);
	if (irc->pass != NULL)
		explicit_bzero(irc->pass, strlen(irc->pass));
	free(irc->pass);
	free(irc->account);
	free(irc->ctags);
	if (irc->quit != NULL)
		event_free(irc->quit);
	free(irc->quit_reason);
	if (!(irc->flags & SIRC_QUITTED) && !server_stopping())
		server_irc_seen_lost(c);	/* what it was sent is unsure */
	free(irc->seen_nick);
	free(irc->seen_key);
	while (irc->seen_nold > 0)
		free(irc->seen_old[--irc->seen_nold]);
	if (irc->sasl.buf != NULL) {
		explicit_bzero(irc->sasl.buf, irc->sasl.size);
		jbuf_free(&irc->sasl);
	}
	free(irc);
	c->irc = NULL;
}

/* Find a command by its upper-case name. */
static const struct server_irc_cmd *
server_irc_find(const char *name)
{
	size_t	lo = 0, hi, mid;
	int	cmp;

	hi = sizeof server_irc_cmds / sizeof server_irc_cmds[0];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		cmp = strcmp(name, server_irc_cmds[mid].name);
		if (cmp == 0)
			return (&server_irc_cmds[mid]);
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

/*
 * One line from the client: parse, check, hold back beyond the flood
 * limit (released: it was held and its turn came), carry out.
 */
void
server_irc_input(struct server_client *c, const char *line, size_t len,
    int released)
{
	struct server_irc		*irc = c->irc;
	const struct server_irc_cmd	*cmd;
	struct irc_msg			 msg;
	enum irc_perr			 perr;
	char				*cause, *what;
	const char			*name;
	int				 registered = c->session != NULL;

	if (irc->quit != NULL)
		return;		/* it quit: nothing more counts */
	if (registered)
		server_irc_seen_touch(c);
	if (irc_parse(line, len, &msg, &perr, &cause) != 0) {
		free(cause);
		if (perr == IRC_PERR_BAD_CHAR &&
		    server_client_flood_charge(c) == 0) {
			/* Said, never dropped in silence: the text is lost. */
			what = server_irc_command_of(line, len);
			server_irc_refuse(c, what, NULL, "INVALID_TEXT",
			    "Message rejected: it holds a NUL or CR byte");
			free(what);
		} else if (irc_perr_numeric(perr) != 0 &&
		    server_client_flood_charge(c) == 0)
			server_irc_numeric(c, "417", 1,
			    "Input line was too long");
		return;
	}
	name = msg.command;
	if (!utf8_valid(line, len)) {
		/* UTF8ONLY: refused, and the bytes never echoed. */
		if (server_client_flood_charge(c) == 0)
			server_irc_refuse(c, utf8_valid(name, strlen(name)) ?
			    name : "*", server_irc_target_of(&msg),
			    "INVALID_UTF8",
			    "Message rejected: not UTF-8, the only encoding "
			    "this server takes");
		goto out;
	}
	if ((cmd = server_irc_find(name)) == NULL) {
		if (server_client_flood_charge(c) == 0) {
			if (registered)
				server_irc_numeric(c, "421", 2, name,
				    "Unknown command");
			else
				server_irc_numeric(c, "451", 1,
				    "You have not registered");
		}
		goto out;
	}
	/* The nicks and channels it names in NFC, texts as they came. */
	if (!(cmd->flags & SIRC_SECRET)) {
		irc_msg_nfc(&msg, msg.nparams -
		    ((cmd->flags & SIRC_TEXT) && msg.nparams > 0));
	}
	if (!registered && !(cmd->flags & SIRC_PREREG) &&
	    !(c->flags & SC_WAITING)) {
		if (server_client_flood_charge(c) == 0)
			server_irc_numeric(c, "451", 1,
			    "You have not registered");
		goto out;
	}
	irc->cmd = cmd->name;	/* a 263 names it, and a JOIN's channels */
	if (strcmp(cmd->name, "JOIN") == 0 && msg.nparams > 0)
		irc->arg = msg.params[0];
	if (server_client_flood_gate(c, line, len, cmd->cost, released,
	    cmd->flags & SIRC_QUIT)) {
		if (c->irc != NULL) {
			c->irc->cmd = NULL;
			c->irc->arg = NULL;
		}
		goto out;
	}
	irc->cmd = NULL;
	irc->arg = NULL;
	/* Held behind the hello, then refused: the hub said no meanwhile. */
	if (c->session == NULL && !(cmd->flags & SIRC_PREREG)) {
		server_irc_numeric(c, "451", 1, "You have not registered");
		goto out;
	}
	if (c->session != NULL && (cmd->flags & SIRC_ONLYPRE)) {
		server_irc_numeric(c, "462", 1, "You may not reregister");
		goto out;
	}
	if ((cmd->flags & SIRC_OPER) && !(c->session->flags & SESSION_OPER)) {
		server_irc_numeric(c, "481", 1,
		    "Permission Denied- You're not an IRC operator");
		goto out;
	}
	if (msg.nparams < cmd->min ||
	    (cmd->min > 0 && *msg.params[0] == '\0' &&
	    strcmp(cmd->name, "USER") != 0)) {
		server_irc_numeric(c, "461", 2, cmd->name,
		    "Not enough parameters");
		goto out;
	}
	irc->cmd = cmd->name;
	irc->arg = msg.nparams > 0 ? msg.params[0] : NULL;
	irc->flags &= ~SIRC_FAILED;
	irc->ctags = server_irc_client_tags(&msg);
	cmd->exec(c, &msg);
	if (c->irc != NULL) {
		c->irc->cmd = NULL;
		c->irc->arg = NULL;
		c->irc->flags &= ~SIRC_QUIET;
		free(c->irc->ctags);
		c->irc->ctags = NULL;
	}
out:
	irc_msg_free(&msg);
}

/*
 * The client-only tags of a line (those whose key begins with '+'), as
 * they are written, for relaying: NULL if none.  Of a key given twice,
 * the last value counts.  They fit: the parser took at most
 * IRC_CLIENT_TAGS_MAX bytes of tags.
 */
static char *
server_irc_client_tags(const struct irc_msg *msg)
{
	struct jbuf	jb;
	char		*s;
	u_int		i, j;

	memset(&jb, 0, sizeof jb);
	for (i = 0; i < msg->ntags; i++) {
		if (*msg->tags[i].key != '+')
			continue;
		for (j = i + 1; j < msg->ntags; j++) {
			if (strcmp(msg->tags[i].key, msg->tags[j].key) == 0)
				break;
		}
		if (j < msg->ntags)
			continue;
		if (jb.buf == NULL)
			jbuf_init(&jb);
		else
			jbuf_add(&jb, ";", 1);
		jbuf_add(&jb, msg->tags[i].key, strlen(msg->tags[i].key));
		if (*msg->tags[i].value != '\0') {
			jbuf_add(&jb, "=", 1);
			irc_tag_escape(&jb, msg->tags[i].value);
		}
	}
	if (jb.buf == NULL)
		return (NULL);
	s = xstrndup(jb.buf, jb.len);
	jbuf_free(&jb);
	return (s);
}

/* The client-only tags of the IRC command carried out now, or NULL. */
const char *
server_irc_ctags(struct server_client *c)
{
	if (c->irc == NULL)
		return (NULL);
	return (c->irc->ctags);
}

/*
 * The command of a line the parser refused for a NUL or CR in it: that
 * of the line cut there, or "*".
 */
static char *
server_irc_command_of(const char *line, size_t len)
{
	struct irc_msg	 msg;
	enum irc_perr	 perr;
	char		*cause, *name;
	size_t		 n;

	for (n = 0; n < len; n++) {
		if (line[n] == '\0' || line[n] == '\r' || line[n] == '\n')
			break;
	}
	if (irc_parse(line, n, &msg, &perr, &cause) != 0) {
		free(cause);
		return (xstrdup("*"));
	}
	if (utf8_valid(msg.command, strlen(msg.command)))
		name = xstrdup(msg.command);
	else
		name = xstrdup("*");
	irc_msg_free(&msg);
	return (name);
}

/*
 * The targets of a PRIVMSG or NOTICE whose bytes are refused, if they can
 * be named (UTF-8 themselves); NULL for another command.
 */
static const char *
server_irc_target_of(const struct irc_msg *msg)
{
	const char	*t;

	if (strcasecmp(msg->command, "PRIVMSG") != 0 &&
	    strcasecmp(msg->command, "NOTICE") != 0)
		return (NULL);
	if (msg->nparams < 2)
		return (NULL);
	t = msg->params[0];
	if (*t == '\0' || !utf8_valid(t, strlen(t)))
		return (NULL);
	return (t);
}

/*
 * Refuse a line for its bytes: FAIL command code :text to a client that
 * negotiated standard-replies, else the text from the server, which every
 * client shows (a PRIVMSG or NOTICE refused so would be lost without a
 * word; NOTICE too is answered, since the hub, not a user, speaks).  For
 * a message's targets (NULL: not known), a channel gets 404, which
 * clients such as irssi show in the channel's window, where the user
 * sees the line as sent; a nick is named in a NOTICE.
 */
static void
server_irc_refuse(struct server_client *c, const char *command,
    const char *targets, const char *code, const char *text)
{
	const char	*params[2];
	char		*s, *copy, *p, *t;

	if (c->irc->caps & SIRC_CAP_STD_REPLIES) {
		server_irc_fail(c, command, code, text);
		return;
	}
	params[0] = server_irc_me(c);
	if (targets == NULL) {
		xasprintf(&s, "%s: %s", command, text);
		params[1] = s;
		server_irc_send(c, NULL, "NOTICE", params, 2,
		    IRC_BUILD_TRAILING);
		free(s);
		return;
	}
	copy = xstrdup(targets);
	for (p = copy; (t = strsep(&p, ",")) != NULL;) {
		if (*t == '\0')
			continue;
		if (*t == '#') {
			server_irc_numeric(c, "404", 2, t, text);
			continue;
		}
		xasprintf(&s, "%s %s: %s", command, t, text);
		params[1] = s;
		server_irc_send(c, NULL, "NOTICE", params, 2,
		    IRC_BUILD_TRAILING);
		free(s);
	}
	free(copy);
}

/* A standard reply: FAIL command code :text. */
void
server_irc_fail(struct server_client *c, const char *command,
    const char *code, const char *text)
{
	const char	*params[3];

	params[0] = command;
	params[1] = code;
	params[2] = text;
	server_irc_send(c, NULL, "FAIL", params, 3, IRC_BUILD_TRAILING);
}

/*
 * Queue what a reply built in jb (or, while a source fills, add it to the
 * source's page), then empty it.
 */
void
server_irc_write(struct server_client *c, struct jbuf *jb)
{
	if (jb->len > 0 && c->irc != NULL && c->irc->page != NULL)
		jbuf_add(c->irc->page, jb->buf, jb->len);
	else if (jb->len > 0)
		server_client_write(c, jb->buf, jb->len);
	jbuf_reset(jb);
}

/*
 * Answer with a source: fill(c, page, size, arg) puts about size bytes of
 * lines with the reply functions and returns 0 once it has put the last
 * ones; free_arg frees arg when the answer is over or the connection goes.
 * What is sent to the connection meanwhile comes after the answer.
 */
void
server_irc_add_source(struct server_client *c, server_irc_fill_cb fill,
    void (*free_arg)(void *), void *arg)
{
	struct server_irc_source	*src;

	src = xcalloc(1, sizeof *src);
	src->c = c;
	src->fill = fill;
	src->free = free_arg;
	src->arg = arg;
	peer_add_source(c->peer, server_irc_source_fill,
	    server_irc_source_free, src);
}

/* Make the next part of an IRC answer and put it out. */
static int
server_irc_source_fill(struct peer *peer, size_t size, void *arg)
{
	static struct jbuf		 page;	/* the loop's thread only */
	struct server_irc_source	*src = arg;
	struct server_client		*c = src->c;
	int				 more;

	if (c->irc == NULL || c->irc->page != NULL)
		return (0);
	if (page.buf == NULL)
		jbuf_init(&page);
	jbuf_reset(&page);
	c->irc->page = &page;
	more = src->fill(c, &page, size, src->arg);
	c->irc->page = NULL;
	if (page.len > 0) {
		metrics.sent_bytes += page.len;
		peer_emit(peer, page.buf, page.len);
	}
	if (page.size > 65536)
		jbuf_free(&page);	/* a picture made it grow */
	return (more);
}

/* Free an IRC answer's source and its argument. */
static void
server_irc_source_free(void *arg)
{
	struct server_irc_source	*src = arg;

	if (src->free != NULL)
		src->free(src->arg);
	free(src);
}

/*
 * Send one line to the client: from source (NULL: the server, "": none),
 * with the
 * given flags for irc_build (the last parameter is cut to fit).
 */
void
server_irc_send(struct server_client *c, const char *source,
    const char *command, const char **params, u_int n, int flags)
{
	if (source == NULL)
		source = server_irc_name();
	else if (*source == '\0')
		source = NULL;
	jbuf_reset(&server_irc_jb);
	/* Whatever it carries, a user's text may be in it: made safe. */
	if (irc_build(&server_irc_jb, NULL, 0, source, command, params, n,
	    flags|IRC_BUILD_FIT|IRC_BUILD_CLEAN, NULL) != 0) {
		log_debug("irc: %s to %s left out", command, c->addr);
		return;
	}
	server_irc_write(c, &server_irc_jb);
}

/*
 * Send a numeric reply: the client's nick, then n parameters given as
 * strings, the last after ':'.
 */
void
server_irc_numeric(struct server_client *c, const char *code, u_int n, ...)
{
	const char	*params[IRC_PARAMS_MAX];
	va_list		 ap;
	u_int		 i;

	if (n + 1 > IRC_PARAMS_MAX)
		fatalx("too many parameters for numeric %s", code);
	params[0] = server_irc_me(c);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		params[i + 1] = va_arg(ap, const char *);
	va_end(ap);
	server_irc_send(c, NULL, code, params, n + 1,
	    n > 0 ? IRC_BUILD_TRAILING : 0);
}

/* Carry out a native request built for an IRC command, and free it. */
void
server_irc_call(struct server_client *c,
    void (*fn)(struct server_client *, cJSON *, long long), cJSON *obj)
{
	fn(c, obj, 0);
	cJSON_Delete(obj);
}
