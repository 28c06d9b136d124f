/* SPDX-License-Identifier: ISC */
/* server-irc.c: an IRC connection: input, dispatch, replies and delivery. */

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
 * answer with hub events; server_irc_reply() words those answers as
 * numerics, knowing which command is being carried out.
 *
 * Events for many users (a room's message, a join) are encoded once per
 * codec variant (server_irc_encode): the bytes depend on the server name,
 * message-tags, server-time and away-notify, so an IRC session's codec is
 * SERVER_CODEC_IRC plus those bits.  Who gets an event (echo-message, its
 * own KILL) is decided per session in server_irc_deliver().
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
static void	server_irc_write(struct server_client *, struct jbuf *);
static void	server_irc_error(struct server_client *,
		    const struct hub_event *);
static char	*server_irc_notice_text(struct server_client *,
		    const struct hub_event *);
static char	*server_irc_dm_text(const char *, const char *, long long);
static char	*server_irc_span(long long, char *, size_t);
static void	server_irc_notice(struct server_client *,
		    const struct hub_event *);
static void	server_irc_opered(struct server_client *);
static int	server_irc_variant(int);
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
static struct jbuf	server_irc_jb;
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
		    server_client_charge(c) == 0) {
			/* Said, never dropped in silence: the text is lost. */
			what = server_irc_command_of(line, len);
			server_irc_refuse(c, what, NULL, "INVALID_TEXT",
			    "Message rejected: it holds a NUL or CR byte");
			free(what);
		} else if (irc_perr_numeric(perr) != 0 &&
		    server_client_charge(c) == 0)
			server_irc_numeric(c, "417", 1,
			    "Input line was too long");
		return;
	}
	name = msg.command;
	if (!utf8_valid(line, len)) {
		/* UTF8ONLY: refused, and the bytes never echoed. */
		if (server_client_charge(c) == 0)
			server_irc_refuse(c, utf8_valid(name, strlen(name)) ?
			    name : "*", server_irc_target_of(&msg),
			    "INVALID_UTF8",
			    "Message rejected: not UTF-8, the only encoding "
			    "this server takes");
		goto out;
	}
	if ((cmd = server_irc_find(name)) == NULL) {
		if (server_client_charge(c) == 0) {
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
		if (server_client_charge(c) == 0)
			server_irc_numeric(c, "451", 1,
			    "You have not registered");
		goto out;
	}
	irc->cmd = cmd->name;	/* a 263 names it, and a JOIN's channels */
	if (strcmp(cmd->name, "JOIN") == 0 && msg.nparams > 0)
		irc->arg = msg.params[0];
	if (server_client_gate(c, line, len, cmd->cost, released,
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
static void
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

/* The irc_ctx flags standing for a connection's capabilities. */
int
server_irc_ctx_flags(int caps)
{
	int	flags = 0;

	if (caps & SIRC_CAP_MESSAGE_TAGS)
		flags |= IRC_TAGS;
	else if (caps & SIRC_CAP_SERVER_TIME)
		flags |= IRC_SERVER_TIME;
	if (caps & SIRC_CAP_AWAY_NOTIFY)
		flags |= IRC_AWAY_NOTIFY;
	if (caps & SIRC_CAP_ECHO)
		flags |= IRC_ECHO;
	return (flags);
}

/* The codec variant of some capabilities: the bits that change bytes. */
static int
server_irc_variant(int caps)
{
	int	flags = server_irc_ctx_flags(caps), v = 0;

	if (flags & IRC_TAGS)
		v |= 1;
	if (flags & IRC_AWAY_NOTIFY)
		v |= 2;
	if (flags & IRC_SERVER_TIME)
		v |= 4;
	return (SERVER_CODEC_IRC + v);
}

/* The capabilities changed: move the connection to its variant. */
void
server_irc_set_codec(struct server_client *c)
{
	c->codec = server_irc_variant(c->irc->caps);
	if (c->session != NULL && c->session->client == c)
		c->session->codec = c->codec;
}

/* Encode an event for every connection of one IRC variant. */
void
server_irc_encode(int codec, struct jbuf *jb, const struct hub_event *ev)
{
	struct irc_ctx	ctx;
	int		v = codec - SERVER_CODEC_IRC;

	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	if (v & 1)
		ctx.flags |= IRC_TAGS;
	if (v & 2)
		ctx.flags |= IRC_AWAY_NOTIFY;
	if (v & 4)
		ctx.flags |= IRC_SERVER_TIME;
	irc_event_encode(jb, ev, &ctx);
}

/*
 * Deliver an event to an IRC session: unless it does not want it (its
 * own message without echo-message), the bytes its variant shares; a
 * user killed gets the KILL and ERROR that are its alone.
 */
void
server_irc_deliver(struct server_event *out, struct session *s)
{
	const struct hub_event	*ev = server_event_value(out);
	struct server_client	*c = s->client;
	struct irc_ctx		 ctx;
	const char		*line, *params[1];
	char			*ban, *text;
	size_t			 len;

	if (ev == NULL || c == NULL || c->irc == NULL)
		return;
	/* Its own too: the client shows it (a replay would repeat it). */
	if (ev->type == PROTO_MSG && ev->room != NULL && !ev->tagmsg)
		server_irc_seen_note(s, ev->room, ev->id);
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = s->nick;
	ctx.flags = server_irc_ctx_flags(c->irc->caps);
	if (!irc_event_wanted(ev, s->nick, &ctx))
		return;
	if (ev->type == PROTO_KICKED && ev->nick != NULL &&
	    strcmp(ev->nick, s->nick) == 0) {
		jbuf_reset(&server_irc_jb);
		irc_event_kill(&server_irc_jb, ev, &ctx);
		server_irc_write(c, &server_irc_jb);
		/* A ban's end, as others' QUIT says it. */
		if ((ban = irc_event_ban_reason(ev)) != NULL)
			xasprintf(&text, "Closing link: Killed (%s (%s))",
			    ev->by != NULL ? ev->by : "*", ban);
		else
			text = xstrdup("Closing link: killed");
		params[0] = text;
		server_irc_send(c, NULL, "ERROR", params, 1,
		    IRC_BUILD_TRAILING);
		free(text);
		free(ban);
		return;
	}
	if ((line = server_event_bytes(out, s->codec, &len)) != NULL &&
	    len > 0)
		session_write(s, line, len);
}

/*
 * A native answer to this connection alone, worded for IRC: the welcome
 * as the registration numerics, errors as their numerics about the
 * command being carried out, lists as their numerics; acknowledgements
 * and frames the registration or the command said already, nothing.
 */
void
server_irc_reply(struct server_client *c, const struct hub_event *ev)
{
	struct irc_ctx	ctx;

	switch (ev->type) {
	case PROTO_CHALLENGE:
	case PROTO_ACK:
	case PROTO_PONG:
	case PROTO_MOTD:
	case PROTO_ROOM:
	case PROTO_HISTORY_END:
	case PROTO_BANLIST:
	case PROTO_NAMELIST:	/* NAMES and LIST are IRC's own */
	case PROTO_ROOMLIST:
		return;
	case PROTO_WELCOME:
		server_irc_welcome(c);
		return;
	case PROTO_ERROR:
		server_irc_error(c, ev);
		return;
	case PROTO_NOTICE:
		server_irc_notice(c, ev);
		return;
	case PROTO_OPERED:
		server_irc_opered(c);
		return;
	case PROTO_USERINFO:
		if (ev->whois != NULL)
			server_irc_userinfo(c, ev->whois);
		return;
	default:
		break;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = server_irc_me(c);
	ctx.flags = server_irc_ctx_flags(c->irc->caps);
	jbuf_reset(&server_irc_jb);
	irc_event_encode(&server_irc_jb, ev, &ctx);
	server_irc_write(c, &server_irc_jb);
}

/*
 * The hub ends the connection for a reason of its own (the session's nick
 * went to another hub of the cluster): an ERROR that says why, which IRC
 * clients show, rather than a 433 for a NICK the client never sent.
 */
void
server_irc_closing(struct server_client *c, const char *why)
{
	const char	*params[1];
	char		*text;

	xasprintf(&text, "Closing link: %s", why);
	params[0] = text;
	server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
	free(text);
}

/* OPER worked: 381, then the user mode +o, as IRC servers say it. */
static void
server_irc_opered(struct server_client *c)
{
	const char	*nick = server_irc_me(c), *params[2];

	server_irc_numeric(c, "381", 1, "You are now an IRC operator");
	params[0] = nick;
	params[1] = "+o";
	server_irc_send(c, nick, "MODE", params, 2, IRC_BUILD_TRAILING);
}

/*
 * An error, as the numeric standing for its code, about the command
 * being carried out and its subject.  A NOTICE is never answered with
 * one, unless the error ends the connection.
 */
static void
server_irc_error(struct server_client *c, const struct hub_event *ev)
{
	struct server_irc	*irc = c->irc;
	enum proto_err		 err;
	const char		*room = NULL, *nick = NULL, *params[1];
	char			*text = NULL;

	err = ev->code != NULL ? proto_err_lookup(ev->code) : PERR_INTERNAL;
	irc->flags |= SIRC_FAILED;
	if ((irc->flags & SIRC_QUIET) && !irc_err_closes(err))
		return;
	if (irc->arg != NULL) {
		nick = irc->arg;
		room = *irc->arg == '#' ? irc->arg + 1 : irc->arg;
	}
	if (err == PERR_BAD_TOKEN && ev->subject != NULL) {
		/* Taken over (by a proved login): an ERROR that says so. */
		server_irc_seen_lost(c);	/* before the new one's replay */
		xasprintf(&text, "Closing link: your nick was taken over by "
		    "a new login from %s", ev->subject);
		params[0] = text;
		server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
		free(text);
		return;
	}
	if (err == PERR_NOT_REGISTERED) {
		/* Only the handshake deadline says so: the close follows. */
		params[0] = "Closing link: registration timed out";
		server_irc_send(c, "", "ERROR", params, 1, IRC_BUILD_TRAILING);
		return;
	}
	/* Speaking in a channel one is not in: 404, as IRC servers say. */
	if (err == PERR_NOT_IN_ROOM && irc->cmd != NULL &&
	    (strcmp(irc->cmd, "PRIVMSG") == 0 ||
	    strcmp(irc->cmd, "NOTICE") == 0)) {
		jbuf_reset(&server_irc_jb);
		irc_err_encode(&server_irc_jb, server_irc_name(),
		    server_irc_me(c), PERR_MUTED, irc->cmd, nick, room,
		    "Cannot send to channel (you are not in it)");
		server_irc_write(c, &server_irc_jb);
		return;
	}
	/*
	 * 263 has no channel parameter: a JOIN refused for the pace (of
	 * requests, or of new rooms) says which channels in its text, since
	 * JOIN #a,#b,#c may be refused for #c alone.
	 */
	if ((err == PERR_FLOOD || err == PERR_ROOM_RATE) && irc->cmd != NULL &&
	    strcmp(irc->cmd, "JOIN") == 0 && irc->arg != NULL &&
	    *irc->arg == '#') {
		xasprintf(&text, "Cannot join %s: %s", irc->arg,
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "Please wait a while and try again");
	}
	/*
	 * A mute refuses more than a channel's messages, where 404 names the
	 * channel: a nick change, which IRC servers refuse with 447, and a
	 * message to a nick (531, as InspIRCd and UnrealIRCd say it).
	 */
	if (err == PERR_MUTED && irc->cmd != NULL &&
	    strcmp(irc->cmd, "NICK") == 0) {
		xasprintf(&text, "Cannot change nickname: %s",
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "you are muted");
		server_irc_numeric(c, "447", 1, text);
		free(text);
		return;
	}
	if (err == PERR_MUTED && nick != NULL && *nick != '#' &&
	    irc->cmd != NULL && strcmp(irc->cmd, "PRIVMSG") == 0) {
		server_irc_numeric(c, "531", 2, nick,
		    ev->text != NULL && *ev->text != '\0' ? ev->text :
		    "you are muted");
		return;
	}
	jbuf_reset(&server_irc_jb);
	irc_err_encode(&server_irc_jb, server_irc_name(), server_irc_me(c),
	    err, irc->cmd, nick, room, text != NULL ? text : ev->text);
	server_irc_write(c, &server_irc_jb);
	free(text);
}

/*
 * Set what an IRC connection's errors are about (the nick of 401) and
 * return what it was: an answer that comes after its command was carried
 * out (when the cluster has said where a nick is) names it as it would
 * have then.  Nothing for a native connection.
 */
const char *
server_irc_subject(struct server_client *c, const char *arg)
{
	const char	*was;

	if (c->irc == NULL)
		return (NULL);
	was = c->irc->arg;
	c->irc->arg = arg;
	return (was);
}

/*
 * 401 for a nick whose hub cannot be reached now, with why (text), which
 * a NOTICE says too (see irc_err_encode).
 */
void
server_irc_unreachable(struct server_client *c, const char *nick,
    const char *text)
{
	jbuf_reset(&server_irc_jb);
	irc_err_encode(&server_irc_jb, server_irc_name(), server_irc_me(c),
	    PERR_UNREACHABLE, NULL, nick, NULL, text);
	server_irc_write(c, &server_irc_jb);
}

/*
 * The words of the notices an IRC user must understand, about themselves:
 * a mute, its end, and operator status lost in a restart or a reload; an
 * operator's K-line with its end; the hub's contact with the other hubs
 * of its cluster lost and back; NULL for the others (code: subject).
 */
static char *
server_irc_notice_text(struct server_client *c, const struct hub_event *ev)
{
	const char	*me = server_irc_me(c);
	char		*text = NULL, *line;

	if (ev->code != NULL && ev->subject != NULL &&
	    strcmp(ev->code, "banned") == 0)
		return (server_irc_kline_text(ev->subject));
	if (ev->code != NULL && ev->subject != NULL &&
	    strncmp(ev->code, "dm_", 3) == 0)
		return (server_irc_dm_text(ev->code, ev->subject, ev->secs));
	/* The cluster's state: the subject is the Redis address. */
	if (ev->code != NULL && ev->subject != NULL &&
	    strcmp(ev->code, "degraded") == 0) {
		xasprintf(&text, "The hub lost contact with the other hubs "
		    "(%s): only users of this hub can be reached for now",
		    ev->subject);
		return (text);
	}
	if (ev->code != NULL && ev->subject != NULL &&
	    strcmp(ev->code, "recovered") == 0) {
		xasprintf(&text, "The hub is back in contact with the other "
		    "hubs (%s)", ev->subject);
		return (text);
	}
	if (ev->code == NULL || ev->subject == NULL ||
	    strcmp(ev->subject, me) != 0)
		return (NULL);
	if (ev->still && strncmp(ev->code, "muted", 5) == 0 &&
	    ev->nick != NULL) {
		/* Told again on coming back: not a new mute. */
		if (strcmp(ev->code, "muted_until") == 0 && ev->text != NULL)
			xasprintf(&text, "You are still muted until %s (by %s",
			    ev->text, ev->nick);
		else
			xasprintf(&text, "You are still muted, with no end "
			    "(by %s", ev->nick);
		line = text;
		if (ev->reason != NULL)
			xasprintf(&text, "%s: %s)", line, ev->reason);
		else
			xasprintf(&text, "%s)", line);
		free(line);
		return (text);
	} else if (strcmp(ev->code, "muted") == 0 && ev->nick != NULL) {
		if (ev->text != NULL)
			xasprintf(&text, "%s muted you for %s: you cannot "
			    "speak until then", ev->nick, ev->text);
		else
			xasprintf(&text, "%s muted you: you cannot speak "
			    "until they lift it", ev->nick);
	} else if (strcmp(ev->code, "muted_until") == 0 && ev->nick != NULL &&
	    ev->text != NULL)
		xasprintf(&text, "%s muted you until %s: you cannot speak "
		    "until then", ev->nick, ev->text);
	else if (strcmp(ev->code, "unmuted") == 0 && ev->nick != NULL)
		xasprintf(&text, "You may speak again (%s lifted your mute)",
		    ev->nick);
	else if (strcmp(ev->code, "mute_ended") == 0)
		text = xstrdup("You may speak again: your mute ended");
	else if (strcmp(ev->code, "oper_lost") == 0)
		text = xstrdup("You are no longer an IRC operator: the hub's "
		    "operator password changed; OPER again");
	if (text != NULL && ev->reason != NULL &&
	    strncmp(ev->code, "muted", 5) == 0) {
		/* The operator's reason for a mute, after it. */
		line = text;
		xasprintf(&text, "%s (reason: %s)", line, ev->reason);
		free(line);
	}
	return (text);
}

/* A number of seconds as its largest unit or two: "2h 30m", "45s". */
static char *
server_irc_span(long long secs, char *buf, size_t size)
{
	static const long long	 per[] = { 86400, 3600, 60, 1 };
	static const char	 unit[] = "dhms";
	long long		 rest;
	u_int			 i;

	for (i = 0; i < 3 && secs < per[i]; i++)
		/* nothing */;
	rest = i < 3 ? (secs % per[i]) / per[i + 1] : 0;
	if (rest != 0)
		snprintf(buf, size, "%lld%c %lld%c", secs / per[i], unit[i],
		    rest, unit[i + 1]);
	else
		snprintf(buf, size, "%lld%c", secs / per[i], unit[i]);
	return (buf);
}

/*
 * What became of a direct message to nick, worded as the native client
 * words it: held for a lost session (for up to secs, if not 0), refused
 * as too many wait, or (it never came back) not delivered, or maybe not.
 * NULL for another code.
 */
static char *
server_irc_dm_text(const char *code, const char *nick, long long secs)
{
	char	*text = NULL, span[64];

	if (strcmp(code, "dm_held") == 0 && secs > 0)
		xasprintf(&text, "%s is disconnected: your message is kept "
		    "for up to %s, for them if they come back by then as the "
		    "same user; if not, you will be told", nick,
		    server_irc_span(secs, span, sizeof span));
	else if (strcmp(code, "dm_held") == 0)
		xasprintf(&text, "%s is disconnected: your message is kept "
		    "for them if they come back as the same user; if not, "
		    "you will be told", nick);
	else if (strcmp(code, "dm_full") == 0)
		xasprintf(&text, "%s lost the connection and too many "
		    "messages wait for them already: yours was not kept",
		    nick);
	else if (strcmp(code, "dm_expired") == 0)
		xasprintf(&text, "%s did not come back; your messages to them "
		    "were not delivered", nick);
	else if (strcmp(code, "dm_taken") == 0)
		xasprintf(&text, "%s's connection ended and the nick was taken "
		    "by someone else; your messages to them were not "
		    "delivered", nick);
	else if (strcmp(code, "dm_unsure") == 0)
		xasprintf(&text, "%s did not come back; your last messages to "
		    "them may not have been delivered", nick);
	return (text);
}

/*
 * A hub notice (its code and subject) as a NOTICE from the server; the
 * receiver of a DM is away: 301 (not for a NOTICE).
 */
static void
server_irc_notice(struct server_client *c, const struct hub_event *ev)
{
	const char	*params[2];
	char		*text;

	if (ev->code != NULL && strcmp(ev->code, "away") == 0 &&
	    ev->subject != NULL && ev->text != NULL) {
		if (!(c->irc->flags & SIRC_QUIET))
			server_irc_numeric(c, "301", 2, ev->subject, ev->text);
		return;
	}

	if ((text = server_irc_notice_text(c, ev)) == NULL)
		xasprintf(&text, "%s%s%s", ev->code != NULL ? ev->code :
		    "notice", ev->subject != NULL ? ": " : "",
		    ev->subject != NULL ? ev->subject : "");
	params[0] = server_irc_me(c);
	params[1] = text;
	server_irc_send(c, NULL, "NOTICE", params, 2, IRC_BUILD_TRAILING);
	free(text);
	/* The user mode OPER set goes as it came, for clients that show it. */
	if (ev->code != NULL && strcmp(ev->code, "oper_lost") == 0) {
		params[1] = "-o";
		server_irc_send(c, params[0], "MODE", params, 2,
		    IRC_BUILD_TRAILING);
	}
}
