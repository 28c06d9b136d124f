/* SPDX-License-Identifier: ISC */
/* server-irc-oper.c: IRC commands for hub operators. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * OPER, and what an operator coming from another IRC server types: each
 * maps to the hub's own operator mechanism (the native handler where
 * there is one), so an IRC operator and a native one do the same things
 * the same way.  The table in server-irc.c marks the commands that need
 * an operator (SIRC_OPER): they never run for others, who get 481.
 */

/* What a reload warned of, for the operator who asked for it. */
struct server_irc_warnings {
	char	**lines;
	u_int	  n;
};

static void	server_irc_oper_notice(struct server_client *, const char *,
		    ...) __attribute__((format(printf, 2, 3)));
static void	server_irc_rehash_warn(const char *, void *);
static int	server_irc_kline_duration(struct server_client *,
		    const char *, int, char **);
static char	*server_irc_kline_mask(struct server_client *, const char *,
		    const char *);
static int	server_irc_kline_exists(const char *);
static void	server_irc_stats_uptime(struct server_client *);
static void	server_irc_stats_left(long long, char *, size_t);
static void	server_irc_stats_bans(struct server_client *);
static void	server_irc_stats_opers(struct server_client *);

/* OPER name password: the hub's operator password (the name is not). */
void
server_irc_oper(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "password", msg->params[1]);
	server_irc_call(c, server_oper_oper, obj);
}

/* KILL nick [:reason]: the native kick. */
void
server_irc_kill(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "nick", msg->params[0]);
	if (msg->nparams > 1 && *msg->params[1] != '\0')
		cJSON_AddStringToObject(obj, "reason", msg->params[1]);
	server_irc_call(c, server_oper_kick, obj);
}

/*
 * DIE [reason]: the native shutdown: the history is saved and every
 * client is told, IRC clients with ERROR and the reason.
 */
void
server_irc_die(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	if (msg->nparams > 0 && *msg->params[0] != '\0')
		cJSON_AddStringToObject(obj, "reason", msg->params[0]);
	server_irc_call(c, server_oper_shutdown, obj);
}

/*
 * A KLINE duration as the native ban takes it, in *out (NULL for ever);
 * lead says it came before the mask, where a bare number is minutes as
 * in ratbox and charybdis (after it, seconds as in InspIRCd and ngircd).
 * One that is not valid is a NOTICE and -1: a typo must not be taken as
 * the reason of a ban for good.
 */
static int
server_irc_kline_duration(struct server_client *c, const char *s, int lead,
    char **out)
{
	int64_t	ms;
	char	word[32];

	*out = NULL;
	if (strcmp(s, "0") == 0)
		return (0);
	if (lead && strspn(s, "0123456789") == strlen(s))
		xasprintf(out, "%sm", s);
	else
		*out = xstrdup(s);
	if (proto_duration_parse(*out, &ms) == 0) {
		/* One word any hub of the cluster reads: 90m for 1h30m. */
		if (!proto_duration_plain(*out)) {
			free(*out);
			*out = xstrdup(proto_duration_word_of(ms, word,
			    sizeof word));
		}
		return (0);
	}
	server_irc_oper_notice(c, "KLINE: %s is not a duration: a duration is "
	    "like 30m, 1h30m or 7d (units s, m, h, d, w; before the mask, a "
	    "bare number is minutes; after it, seconds), at most 365d; 0 or "
	    "none is for ever", s);
	free(*out);
	*out = NULL;
	return (-1);
}

/*
 * The address or range a K-line mask names, as the native ban keeps it:
 * ADDRESS or ADDRESS/BITS, alone or after "*@" (the hub knows no user
 * names, so only "*" is taken).  Anything else is NULL and a NOTICE
 * saying why: a nick is banned with the native /ban, and host names and
 * wildcards are not matched.
 */
static char *
server_irc_kline_mask(struct server_client *c, const char *cmd,
    const char *mask)
{
	const char	*host = mask, *at;
	char		*addr;
	int		 bad;

	if ((at = strchr(mask, '@')) != NULL) {
		if (at != mask + 1 || *mask != '*') {
			server_irc_oper_notice(c, "%s: %s: the hub knows no "
			    "user names; give *@ADDRESS", cmd, mask);
			return (NULL);
		}
		host = at + 1;
	}
	if ((addr = ban_canonical_address(host)) != NULL ||
	    (addr = ban_canonical_range(host, &bad)) != NULL)
		return (addr);
	if (bad) {
		server_irc_oper_notice(c, "%s: bad address range: %s "
		    "(ADDRESS/BITS, as 192.0.2.0/24 or 2001:db8::/48)", cmd,
		    host);
	} else {
		server_irc_oper_notice(c, "%s: %s is not an address or an "
		    "ADDRESS/BITS range (a nick is banned with the native "
		    "/ban)", cmd, host);
	}
	return (NULL);
}

/*
 * KLINE [-force] [duration] mask [duration] [:reason]: the native ban on
 * an address or a range, which drops the users connected from there (the
 * operator's own connection excepted) and refuses new connections.  One
 * that covers the operator's own address is refused, worded for IRC, as
 * the operator could not connect to lift it, unless -force.  The
 * duration comes first as in ratbox and charybdis, where a bare number
 * is minutes, or after the mask as in InspIRCd and ngircd, where it is
 * seconds; else it is the native one (30m, 2h, 7d), 0 or none for ever.
 * A parameter where a duration may stand that looks like one
 * (proto_duration_word) is one.  The native answer is a NOTICE.
 */
void
server_irc_kline(struct server_client *c, struct irc_msg *msg)
{
	const char	*mask, *reason = NULL;
	char		*addr, *duration = NULL;
	u_int		 i = 0;
	int		 given = 0, force = 0;
	cJSON		*obj;

	if (strcasecmp(msg->params[0], "-force") == 0) {
		if (msg->nparams < 2) {
			server_irc_numeric(c, "461", 2, "KLINE",
			    "Not enough parameters");
			return;
		}
		force = 1;
		i++;
	}
	if (msg->nparams > i + 1 && proto_duration_word(msg->params[i])) {
		given = 1;
		if (server_irc_kline_duration(c, msg->params[i++], 1,
		    &duration) != 0)
			return;
	}
	mask = msg->params[i++];
	if (!given && i < msg->nparams &&
	    proto_duration_word(msg->params[i])) {
		if (server_irc_kline_duration(c, msg->params[i++], 0,
		    &duration) != 0)
			return;
	}
	if (i < msg->nparams)
		reason = msg->params[i];
	if ((addr = server_irc_kline_mask(c, "KLINE", mask)) == NULL) {
		free(duration);
		return;
	}
	/* Said here, as the native refusal names the native /ban -force. */
	if (!force && c->ip != NULL && ban_covers(addr, c->ip->ip)) {
		server_irc_oper_notice(c, "KLINE: a ban on %s covers your "
		    "own address, %s: you could not connect to lift it; put "
		    "-force first (KLINE -force %s) to set it all the same, "
		    "your own connection excepted", addr, c->ip->ip, mask);
		free(duration);
		free(addr);
		return;
	}
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "target", addr);
	if (force)
		cJSON_AddBoolToObject(obj, PF_FORCE, 1);
	if (duration != NULL)
		cJSON_AddStringToObject(obj, "duration", duration);
	if (reason != NULL && *reason != '\0')
		cJSON_AddStringToObject(obj, "reason", reason);
	server_irc_call(c, server_oper_ban, obj);
	free(duration);
	free(addr);
}

/* Is there a ban on exactly this canonical address or range? */
static int
server_irc_kline_exists(const char *addr)
{
	const struct hist_ban	*b;
	u_int			 i;

	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->kind == BAN_IP && strcmp(b->target, addr) == 0)
			return (1);
	}
	return (0);
}

/*
 * The answer to a KLINE (the hub's "banned" notice about an address or a
 * range): when it ends, in UTC as the refusal tells the banned, or that
 * it has no end, so that a slip (a K-line for ever) shows at once; then
 * the reason, as a mute's notice says it.
 */
char *
server_irc_kline_text(const char *subject)
{
	const struct hist_ban	*b = NULL;
	char			 end[64], *text;
	u_int			 i;

	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->kind != BAN_MUTE && strcmp(b->target, subject) == 0)
			break;
	}
	if (b == NULL || i == ban_count()) {
		xasprintf(&text, "banned: %s", subject);
		return (text);
	}
	ban_end(b, end, sizeof end);
	if (*end == '\0' && ban_reason(b) != NULL)
		xasprintf(&text, "banned: %s with no end: UNKLINE lifts it "
		    "(reason: %s)", subject, ban_reason(b));
	else if (*end == '\0')
		xasprintf(&text, "banned: %s with no end: UNKLINE lifts it",
		    subject);
	else if (ban_reason(b) != NULL)
		xasprintf(&text, "banned: %s until %s (reason: %s)", subject,
		    end, ban_reason(b));
	else
		xasprintf(&text, "banned: %s until %s", subject, end);
	return (text);
}

/* UNKLINE mask: the native unban of an address or a range. */
void
server_irc_unkline(struct server_client *c, struct irc_msg *msg)
{
	char	*addr;
	cJSON	*obj;

	if ((addr = server_irc_kline_mask(c, "UNKLINE", msg->params[0])) ==
	    NULL)
		return;
	if (!server_irc_kline_exists(addr)) {
		server_irc_oper_notice(c, "UNKLINE: no K-line on %s", addr);
		free(addr);
		return;
	}
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "target", addr);
	server_irc_call(c, server_oper_unban, obj);
	free(addr);
}

/*
 * WALLOPS :text: to every operator on IRC on this hub, the sender too.
 * The hub has no native way to show it, so native operators, and users
 * who set +w, do not get it.
 */
void
server_irc_wallops(struct server_client *c, struct irc_msg *msg)
{
	struct session	*s;
	const char	*params[1];
	char		*source;

	xasprintf(&source, "%s!%s@%s", c->session->nick, c->session->nick,
	    server_irc_name());
	params[0] = msg->params[0];
	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		if ((s->flags & SESSION_OPER) && s->client != NULL &&
		    s->client->irc != NULL)
			server_irc_send(s->client, source, "WALLOPS", params,
			    1, IRC_BUILD_TRAILING);
	}
	free(source);
	log_info("%s sent a WALLOPS", c->session->nick);
}

/*
 * REHASH: what SIGHUP does (server_rehash): the config file, the log
 * file, the TLS certificate and key, the passwords and the message of
 * the day are read again.  382, then a NOTICE for each warning the
 * reload logged: a config file with an error (where, and that the
 * settings in use are kept), a part that failed and kept what was in
 * use, a setting that waits for a restart.
 */
void
server_irc_rehash(struct server_client *c, struct irc_msg *msg)
{
	struct server_irc_warnings	w;
	u_int				i;

	log_info("%s asked for a reload (REHASH)", c->session->nick);
	server_irc_numeric(c, "382", 2, "chatroom", "Rehashing");
	memset(&w, 0, sizeof w);
	log_set_warn_hook(server_irc_rehash_warn, &w);
	if (server_rehash() != 0)
		log_warnx("reload: not available here");
	log_set_warn_hook(NULL, NULL);
	for (i = 0; i < w.n; i++) {
		server_irc_oper_notice(c, "REHASH: %s", w.lines[i]);
		free(w.lines[i]);
	}
	free(w.lines);
	if (w.n == 0)
		server_irc_oper_notice(c, "REHASH: reloaded the configuration, "
		    "certificate, passwords, MOTD and log file");
}

/* Keep a warning the reload logs (the hook must not log itself). */
static void
server_irc_rehash_warn(const char *text, void *arg)
{
	struct server_irc_warnings	*w = arg;

	w->lines = xreallocarray(w->lines, w->n + 1, sizeof *w->lines);
	w->lines[w->n++] = xstrdup(text);
}

/* A NOTICE from the server to the operator, as "*** text". */
static void
server_irc_oper_notice(struct server_client *c, const char *fmt, ...)
{
	const char	*params[2];
	char		*text, *line;
	va_list		 ap;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	xasprintf(&line, "*** %s", text);
	params[0] = server_irc_me(c);
	params[1] = line;
	server_irc_send(c, NULL, "NOTICE", params, 2, IRC_BUILD_TRAILING);
	free(line);
	free(text);
}

/* STATS u: the hub's uptime (242). */
static void
server_irc_stats_uptime(struct server_client *c)
{
	char	 text[64];
	int64_t	 up;

	up = metrics_started() != 0 ?
	    (now_ms() - metrics_started()) / 1000 : 0;
	snprintf(text, sizeof text, "Server Up %lld days %lld:%02lld:%02lld",
	    (long long)(up / 86400), (long long)(up % 86400 / 3600),
	    (long long)(up % 3600 / 60), (long long)(up % 60));
	server_irc_numeric(c, "242", 1, text);
}

/* Seconds as their two largest units, as a ban's duration: 2d 3h, 5m. */
static void
server_irc_stats_left(long long secs, char *buf, size_t size)
{
	static const long long	 per[] = { 86400, 3600, 60, 1 };
	static const char	 unit[] = "dhms";
	u_int			 i;

	for (i = 0; i < 3 && secs < per[i]; i++)
		;
	if (i < 3 && secs % per[i] / per[i + 1] != 0) {
		snprintf(buf, size, "%lld%c %lld%c", secs / per[i], unit[i],
		    secs % per[i] / per[i + 1], unit[i + 1]);
	} else
		snprintf(buf, size, "%lld%c", secs / per[i], unit[i]);
}

/*
 * STATS k: the bans in force, one 216 each: K, the target (an address or
 * range, or a nick), *, the kind, then the reason ("no reason given" for
 * none), when it ends (in UTC, as every time IRC clients are told) and
 * who set it.  Mutes are
 * not K-lines, and IRC has no letter of STATS for them: the native /bans
 * lists them.
 */
static void
server_irc_stats_bans(struct server_client *c)
{
	const struct hist_ban	*b;
	int64_t			 now = now_ms();
	u_int			 i;
	char			 when[128], date[64], left[48], *text;
	const char		*by;

	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->kind == BAN_MUTE || (b->until != 0 && b->until <= now))
			continue;
		if (b->until == 0)
			snprintf(when, sizeof when, "permanent");
		else {
			/* In UTC with its zone, as KLINE's notice says it. */
			ban_end(b, date, sizeof date);
			server_irc_stats_left((b->until - now + 999) / 1000,
			    left, sizeof left);
			snprintf(when, sizeof when, "until %s (in %s)", date,
			    left);
		}
		by = b->by != NULL ? b->by : "?";
		xasprintf(&text, "%s (%s, by %s)", ban_reason(b) != NULL ?
		    ban_reason(b) : "no reason given", when, by);
		server_irc_numeric(c, "216", 5, "K", b->target, "*",
		    b->kind == BAN_IP ? "ip" : "nick", text);
		free(text);
	}
}

/*
 * STATS o: who is an operator on this hub, one 243 each: O, the nick as
 * a mask, *, the nick, then how it is connected (IRC, native, or lost and
 * waiting for a resume).
 */
static void
server_irc_stats_opers(struct server_client *c)
{
	struct session	*s;
	const char	*how;
	char		*mask;

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		if (!(s->flags & SESSION_OPER))
			continue;
		if (s->client == NULL)
			how = "connection lost";
		else
			how = s->client->irc != NULL ? "IRC" : "native";
		xasprintf(&mask, "%s!%s@%s", s->nick, s->nick,
		    server_irc_name());
		server_irc_numeric(c, "243", 5, "O", mask, "*", s->nick, how);
		free(mask);
	}
}

/*
 * STATS [letter]: u gives the hub's uptime (242), as IRC servers do to
 * anyone; k the bans (216) and o the operators (243), to operators only
 * (481 for others).  Every query ends with 219, and the other letters
 * have nothing more.  Only the first letter counts, as on IRC servers.
 */
void
server_irc_stats(struct server_client *c, struct irc_msg *msg)
{
	char	 query[2] = "*";
	int	 letter;

	if (msg->nparams > 0 && isalpha((u_char)*msg->params[0]))
		query[0] = *msg->params[0];
	letter = tolower((u_char)query[0]);
	if (letter == 'u')
		server_irc_stats_uptime(c);
	else if ((letter == 'k' || letter == 'o') &&
	    !(c->session->flags & SESSION_OPER)) {
		server_irc_numeric(c, "481", 1,
		    "Permission Denied- You're not an IRC operator");
	} else if (letter == 'k')
		server_irc_stats_bans(c);
	else if (letter == 'o')
		server_irc_stats_opers(c);
	server_irc_numeric(c, "219", 2, query, "End of /STATS report");
}
