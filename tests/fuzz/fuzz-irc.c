/* SPDX-License-Identifier: ISC */
/* fuzz-irc.c: fuzz target for the IRC line codec and event encoder. */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "irc.h"

/*
 * The input is one IRC line as a client would send it.  It must parse or
 * be refused with a reason; what parses must build again into a line that
 * parses to the same message and builds to the same bytes.  The input
 * is then taken as a message text (first byte: the piece size) to check
 * the splitting, tag escaping, the PRIVMSGs the event encoder makes and
 * the numerics.
 * A violated property aborts.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	fuzz_fail(const char *);
static void	fuzz_check_msg(const struct irc_msg *);
static void	fuzz_same(const struct irc_msg *, const struct irc_msg *);
static char	*fuzz_build(const struct irc_msg *);
static void	fuzz_line(const char *, size_t);
static void	fuzz_lines(const char *);
static void	fuzz_split(const char *, size_t, size_t);
static void	fuzz_escape(const char *);
static void	fuzz_event(const char *, int);
static void	fuzz_numeric(const char *, int);

/* Report a broken property and abort, so the fuzzer keeps the input. */
static void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz-irc: property violated: %s\n", what);
	abort();
}

/* A parsed message keeps the grammar. */
static void
fuzz_check_msg(const struct irc_msg *msg)
{
	const char	*p;
	u_int		 i;

	if (msg->command == NULL || *msg->command == '\0' ||
	    strchr(msg->command, ' ') != NULL)
		fuzz_fail("bad command");
	for (p = msg->command; *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'z')
			fuzz_fail("command not in upper case");
	}
	if (msg->source != NULL && (*msg->source == '\0' ||
	    strchr(msg->source, ' ') != NULL))
		fuzz_fail("bad source");
	if (msg->nparams > IRC_PARAMS_MAX)
		fuzz_fail("too many params");
	for (i = 0; i + 1 < msg->nparams; i++) {
		p = msg->params[i];
		if (*p == '\0' || *p == ':' || strchr(p, ' ') != NULL)
			fuzz_fail("bad middle param");
	}
	for (i = 0; i < msg->nparams; i++) {
		if (strpbrk(msg->params[i], "\r\n") != NULL)
			fuzz_fail("CR or LF in a param");
	}
	for (i = 0; i < msg->ntags; i++) {
		if (*msg->tags[i].key == '\0' ||
		    strpbrk(msg->tags[i].key, "=; ") != NULL)
			fuzz_fail("bad tag key");
	}
}

/* Two messages are the same (the trailing flag aside). */
static void
fuzz_same(const struct irc_msg *a, const struct irc_msg *b)
{
	u_int	i;

	if (strcmp(a->command, b->command) != 0)
		fuzz_fail("round trip changed the command");
	if ((a->source == NULL) != (b->source == NULL) ||
	    (a->source != NULL && strcmp(a->source, b->source) != 0))
		fuzz_fail("round trip changed the source");
	if (a->nparams != b->nparams)
		fuzz_fail("round trip changed the param count");
	for (i = 0; i < a->nparams; i++) {
		if (strcmp(a->params[i], b->params[i]) != 0)
			fuzz_fail("round trip changed a param");
	}
	if (a->ntags != b->ntags)
		fuzz_fail("round trip changed the tag count");
	for (i = 0; i < a->ntags; i++) {
		if (strcmp(a->tags[i].key, b->tags[i].key) != 0 ||
		    strcmp(a->tags[i].value, b->tags[i].value) != 0)
			fuzz_fail("round trip changed a tag");
	}
}

/* Build a message again; NULL if the builder refuses it. */
static char *
fuzz_build(const struct irc_msg *msg)
{
	struct jbuf	 jb;
	char		*cause = NULL;

	jbuf_init(&jb);
	if (irc_build(&jb, msg->tags, msg->ntags, msg->source, msg->command,
	    msg->params, msg->nparams, 0, &cause) != 0) {
		if (cause == NULL)
			fuzz_fail("build refused without a cause");
		if (jb.len != 0)
			fuzz_fail("a refused build left bytes");
		free(cause);
		jbuf_free(&jb);
		return (NULL);
	}
	return (jb.buf);
}

/* parse, build, parse, build: the same message and the same bytes. */
static void
fuzz_line(const char *data, size_t size)
{
	struct irc_msg	 m1, m2;
	enum irc_perr	 err;
	char		*cause = NULL, *b1, *b2;
	const char	*last;

	if (irc_parse(data, size, &m1, &err, &cause) != 0) {
		if (err == IRC_PERR_NONE || cause == NULL || m1.buf != NULL)
			fuzz_fail("refused line without a reason");
		if ((err == IRC_PERR_TOO_LONG ||
		    err == IRC_PERR_TAGS_TOO_LONG) !=
		    (irc_perr_numeric(err) == 417))
			fuzz_fail("long line not answered by 417");
		free(cause);
		return;
	}
	fuzz_check_msg(&m1);

	if ((b1 = fuzz_build(&m1)) == NULL) {
		/*
		 * One message a client may send cannot be built again: a
		 * fifteenth param with spaces taken without ':' (the ':' may
		 * not fit).
		 */
		last = m1.nparams > 0 ? m1.params[m1.nparams - 1] : "";
		if (!(m1.nparams == IRC_PARAMS_MAX && !m1.trailing &&
		    strchr(last, ' ') != NULL))
			fuzz_fail("a parsed line does not build");
		irc_msg_free(&m1);
		return;
	}
	fuzz_lines(b1);
	if (irc_parse(b1, strlen(b1), &m2, &err, &cause) != 0)
		fuzz_fail("a built line does not parse");
	fuzz_same(&m1, &m2);
	if ((b2 = fuzz_build(&m2)) == NULL || strcmp(b1, b2) != 0)
		fuzz_fail("build is not stable");
	free(b2);
	free(b1);
	irc_msg_free(&m2);
	irc_msg_free(&m1);
}

/* Every line of s ends in "\r\n", parses and keeps the limits. */
static void
fuzz_lines(const char *s)
{
	struct irc_msg	 msg;
	const char	*eol, *body;
	enum irc_perr	 err;
	char		*cause = NULL;

	for (; *s != '\0'; s = eol + 2) {
		if ((eol = strstr(s, "\r\n")) == NULL)
			fuzz_fail("a line without \\r\\n");
		if (memchr(s, '\n', eol - s) != NULL)
			fuzz_fail("LF inside a line");
		body = s;
		if (*s == '@' && (body = memchr(s, ' ', eol - s)) == NULL)
			fuzz_fail("tags without a command");
		if (body != s)
			body++;
		if (eol + 2 - body > IRC_LINE_MAX)
			fuzz_fail("a line past 512 bytes");
		if (body - s > IRC_SERVER_TAGS_MAX)
			fuzz_fail("tags past their limit");
		if (body - s <= IRC_CLIENT_TAGS_MAX) {
			if (irc_parse(s, eol + 2 - s, &msg, &err, &cause) != 0)
				fuzz_fail("an encoded line does not parse");
			irc_msg_free(&msg);
		}
	}
}

/*
 * The pieces move on, fit, keep UTF-8 whole and join to the text (with
 * its line breaks, and a space where a long line was cut between words).
 */
static void
fuzz_split(const char *s, size_t len, size_t room)
{
	size_t	off, n, next, total = 0, eff = room < 4 ? 4 : room;

	for (off = 0; off < len; off += next) {
		n = irc_split(s + off, len - off, room, &next);
		if (next == 0 || next > len - off || n > next)
			fuzz_fail("irc_split did not move on");
		if (n > eff)
			fuzz_fail("a piece past its room");
		if (memchr(s + off, '\n', n) != NULL ||
		    memchr(s + off, '\r', n) != NULL)
			fuzz_fail("a piece holds a line break");
		/* Left out: a line break, or the space where a line is cut. */
		if (n < next && s[off + n] != '\n' && s[off + n] != '\r' &&
		    !(s[off + n] == ' ' && next == n + 1))
			fuzz_fail("irc_split skipped text");
		if (utf8_valid(s, len) && !utf8_valid(s + off, n))
			fuzz_fail("a piece cuts a character");
		total += n;
	}
	if (total > len)
		fuzz_fail("pieces longer than the text");
}

/* A tag value escapes and unescapes back. */
static void
fuzz_escape(const char *s)
{
	struct jbuf	 jb;
	size_t		 n;

	jbuf_init(&jb);
	irc_tag_escape(&jb, s);
	if (strpbrk(jb.buf, "; \r\n") != NULL)
		fuzz_fail("an escaped value holds a separator");
	n = irc_tag_unescape(jb.buf, jb.buf, jb.len);
	if (n != strlen(s) || memcmp(jb.buf, s, n) != 0)
		fuzz_fail("unescape does not undo escape");
	jbuf_free(&jb);
}

/* A message of this text becomes PRIVMSGs that keep the limits. */
static void
fuzz_event(const char *text, int flags)
{
	struct irc_ctx		ctx = { "hub.example", "bob", flags, NULL };
	struct hub_event	ev;
	struct jbuf		jb;

	memset(&ev, 0, sizeof ev);
	ev.type = (flags & 0x10) ? PROTO_DM : PROTO_MSG;
	ev.id = 7;
	ev.ts = 1764497280123LL;
	ev.room = "lobby";
	ev.nick = "alice";
	ev.to = "bob";
	ev.text = text;
	ev.action = (flags & 0x20) != 0;
	jbuf_init(&jb);
	irc_event_encode(&jb, &ev, &ctx);
	fuzz_lines(jb.buf);

	ev.type = PROTO_TOPIC_CHANGED;
	jbuf_reset(&jb);
	irc_event_encode(&jb, &ev, &ctx);
	fuzz_lines(jb.buf);
	jbuf_free(&jb);
}

/* Any error code about any names gives lines that keep the limits. */
static void
fuzz_numeric(const char *s, int err)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	irc_err_encode(&jb, "hub.example", s, err, s, s, s, s);
	if (jb.len == 0)
		fuzz_fail("an error code without a reply");
	fuzz_lines(jb.buf);
	jbuf_free(&jb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*body;
	char		*s;
	size_t		 len;

	fuzz_line((const char *)data, size);

	if (size < 1)
		return (0);
	len = size - 1;
	s = xmalloc(len + 1);
	memcpy(s, data + 1, len);
	s[len] = '\0';
	fuzz_split(s, len, data[0] * 2);
	len = strlen(s);
	fuzz_escape(s);
	irc_ctcp_unwrap(s, &body, &len);
	if (body < s || body + len > s + strlen(s))
		fuzz_fail("CTCP body outside the text");
	fuzz_event(s, data[0] & (IRC_TAGS|IRC_SERVER_TIME|0x10|0x20));
	fuzz_numeric(s, data[0] % (PERR_NCODES + 1));
	free(s);
	return (0);
}
