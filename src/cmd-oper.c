/* SPDX-License-Identifier: ISC */
/* cmd-oper.c: operators' slash commands: /oper, /kick, bans and mutes. */

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static char	*cmd_oper_sanction_bad(const char *, const char *);
static int	cmd_oper_sanction(struct client *, struct proto_request *, int,
	    char **, char **);
static char	*cmd_oper_digits(const char *);
static size_t	 cmd_oper_unfold(const char *, size_t);

/* /kick NICK [REASON] */
int
cmd_oper_kick(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_KICK, .nick = argv[0],
	    .reason = argc > 1 ? argv[1] : NULL };

	return (client_send_request(c, &req));
}

/* /oper PASSWORD */
int
cmd_oper(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_OPER,
	    .password = argv[0] };

	return (client_send_request(c, &req));
}

/* /shutdown [REASON] */
int
cmd_oper_shutdown(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_SHUTDOWN,
	    .reason = argc > 0 ? argv[0] : NULL };

	return (client_send_request(c, &req));
}

/*
 * The words of a refused duration, as the operator wrote them: "2x", or a
 * number with the unit word after it ("2 years", over the bound), not
 * the number alone, which would read as a duration.
 */
static char *
cmd_oper_sanction_bad(const char *word, const char *rest)
{
	char	*bad;
	size_t	 n, sign = (*word == '-' || *word == '+');

	n = strspn(word + sign, "0123456789");
	if (rest == NULL || word[sign + n] != '\0' ||
	    !(isalpha((u_char)*rest) || (u_char)*rest >= 0x80))
		return (xstrdup(word));
	n = strcspn(rest, " ");
	xasprintf(&bad, "%s %.*s", word, (int)n, rest);
	return (bad);
}

/*
 * The text with its full-width digits (U+FF10 to U+FF19, as a Korean,
 * Japanese or Chinese input method types digits in full-width mode) made
 * ASCII, so that "７일" is the "7일" it looks like.  Each takes three
 * bytes and becomes one; see cmd_oper_unfold.
 */
static char *
cmd_oper_digits(const char *s)
{
	char	*out, *o;

	o = out = xstrdup(s);
	while (*s != '\0') {
		if ((u_char)s[0] == 0xef && (u_char)s[1] == 0xbc &&
		    (u_char)s[2] >= 0x90 && (u_char)s[2] <= 0x99) {
			*o++ = '0' + ((u_char)s[2] - 0x90);
			s += 3;
		} else
			*o++ = *s++;
	}
	*o = '\0';
	return (out);
}

/* The offset in s of offset off of cmd_oper_digits(s). */
static size_t
cmd_oper_unfold(const char *s, size_t off)
{
	const char	*p = s;

	for (; off > 0 && *p != '\0'; off--) {
		if ((u_char)p[0] == 0xef && (u_char)p[1] == 0xbc &&
		    (u_char)p[2] >= 0x90 && (u_char)p[2] <= 0x99)
			p += 3;
		else
			p++;
	}
	return (p - s);
}

/*
 * The words of /ban and /mute (req->type), [-force] TARGET [DURATION]
 * [REASON], into req, then the request.  A duration may be written in
 * parts and in the units the client shows ("2h30m", "1 h 30 min",
 * "7일": proto_duration_prefix); it goes to the hub as one word any hub
 * takes.  A word after the target that starts with a digit is a
 * duration or 0 for no end, or it is refused: a typo such as 2x, or a
 * unit the parser does not know, must not start the reason of a
 * sanction that never ends; so must full-width digits ("７일"), read as
 * the ASCII ones.  Without a duration the rest is all reason.
 */
static int
cmd_oper_sanction(struct client *c, struct proto_request *req, int argc,
    char **argv, char **cause)
{
	int64_t	  ms;
	size_t	  len;
	char	 *rest = NULL, *line = NULL, **av = argv, word[32], *bad;
	char	 *digits = NULL;
	const char *w;
	int	  ac = argc, ban = req->type == PROTO_BAN, rc;

	if (strcmp(argv[0], "-force") == 0) {
		if (argc == 1) {
			*cause = xstrdup(ban ?
			    _("-force needs a nick or an address") :
			    _("-force needs a nick"));
			return (-1);
		}
		/* The words after -force, split again. */
		xasprintf(&line, "%s%s%s", argv[1], argc > 2 ? " " : "",
		    argc > 2 ? argv[2] : "");
		cmd_split(line, 3, &av, &ac);
		req->force = 1;
	}
	if (ban)
		req->target = av[0];
	else
		req->nick = av[0];
	if (ac > 1) {
		/* The duration may take words of the rest: "1 h 30 min". */
		xasprintf(&rest, "%s%s%s", av[1], ac > 2 ? " " : "",
		    ac > 2 ? av[2] : "");
		digits = cmd_oper_digits(rest);
		w = digits + (*digits == '-' || *digits == '+');
		if (strncmp(digits, "0", 1) == 0 &&
		    (digits[1] == '\0' || digits[1] == ' ')) {
			/* For good, said so: the reason may be "2nd ...". */
			if (ac > 2)
				req->reason = av[2];
		} else if ((len = proto_duration_prefix(digits, &ms)) != 0 &&
		    (digits[len] == '\0' || digits[len] == ' ')) {
			req->duration = proto_duration_word_of(ms, word,
			    sizeof word);
			/* As written when every hub reads it so: 52w. */
			if (len == strlen(av[1]) && proto_duration_plain(av[1]))
				req->duration = av[1];
			/* The reason as typed, its own digits untouched. */
			len = cmd_oper_unfold(rest, len);
			while (rest[len] == ' ')
				len++;
			if (rest[len] != '\0')
				req->reason = rest + len;
		} else if (isdigit((u_char)*w)) {
			bad = cmd_oper_sanction_bad(av[1], ac > 2 ? av[2] :
			    NULL);
			xasprintf(cause, ban ? _("%s is not a duration: a "
			    "duration is like 30m, 1h30m or 7d (units s, m, h, "
			    "d, w), at most 365d (0 bans for good)") :
			    _("%s is not a duration: a duration is like 30m, "
			    "1h30m or 7d (units s, m, h, d, w), at most 365d (0 "
			    "mutes until /unmute)"), bad);
			free(bad);
			rc = -1;
			goto out;
		} else
			/* No duration: the rest is all reason. */
			req->reason = rest;
	}
	rc = client_send_request(c, req);
out:
	free(digits);
	free(rest);
	if (av != argv)
		cmd_free_argv(ac, av);
	free(line);
	return (rc);
}

/*
 * /ban [-force] NICK|ADDRESS [DURATION] [REASON]: -force asks the hub to
 * ban even the operator's own nick or address; 0 is a ban for good.
 */
int
cmd_oper_ban(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_BAN };

	return (cmd_oper_sanction(c, &req, argc, argv, cause));
}

/* /bans */
int
cmd_oper_bans(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_BANS };

	return (client_send_request(c, &req));
}

/*
 * /mute [-force] NICK [DURATION] [REASON]: 0 is a mute with no end, as for
 * /ban and KLINE; the hub takes that as no duration at all.  -force asks
 * the hub to mute even the operator's own nick, which they could not lift
 * themselves.
 */
int
cmd_oper_mute(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_MUTE };

	return (cmd_oper_sanction(c, &req, argc, argv, cause));
}

/* /unban NICK|ADDRESS */
int
cmd_oper_unban(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_UNBAN,
	    .target = argv[0] };

	return (client_send_request(c, &req));
}

/* /unmute NICK */
int
cmd_oper_unmute(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_UNMUTE, .nick = argv[0] };

	return (client_send_request(c, &req));
}
