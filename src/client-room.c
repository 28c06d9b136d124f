/* SPDX-License-Identifier: ISC */
/* client-room.c: the client's model: rooms, conversations, members, lines. */

#include <sys/types.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * Rooms and DM conversations are kept in the order they were first seen,
 * with the status window ("*") first, and found by their case-folded
 * name in a hash map, under "#name" for a room and "@name" for a
 * conversation: a room and a nick of the same name are two windows.
 * Each has its members (for rooms) and a bounded scrollback of lines
 * already sanitised for display; the interface is told of every line
 * added.
 *
 * A hub decides what arrives, and a hostile one may send anything, so
 * everything here is bounded: CR_CLIENT_WINDOWS windows (a new one
 * closes the conversation used least recently, never the one in view),
 * CR_CLIENT_MEMBERS names a room (the others are only counted), and the
 * scrollbacks' bytes, per window and in all (the largest scrollback
 * loses its oldest lines first).
 */

static int	client_room_evict(struct client *);
static void	client_room_trim(struct client *, struct croom *);
static size_t	client_room_setting(struct target *, const char *, size_t);
static int	client_room_counts(int);
static void	client_room_vevent(struct client *, struct croom *, int,
		    int64_t, const char *, va_list)
		    __attribute__((format(printf, 5, 0)));

/* The key of a window in c->windows: its kind, then its folded name. */
char *
client_room_key(const char *name, int dm)
{
	char	*fold, *key;

	fold = utf8_casefold(name);
	xasprintf(&key, "%c%s", dm ? '@' : '#', fold);
	free(fold);
	return (key);
}

/*
 * Find a room, or with CLIENT_ROOM_DM a conversation, by name; create it
 * if asked (CLIENT_ROOM_NEW).
 */
struct croom *
client_room(struct client *c, const char *name, int create)
{
	struct croom	*r;
	char		*key;

	key = client_room_key(name, create & CLIENT_ROOM_DM);
	if ((r = strmap_get(&c->windows, key)) != NULL ||
	    !(create & CLIENT_ROOM_NEW)) {
		free(key);
		return (r);
	}
	if (c->nwindows >= CR_CLIENT_WINDOWS && !client_room_evict(c)) {
		log_debug("too many windows for %s", name);
		free(key);
		return (NULL);
	}
	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->topic = xstrdup("");
	if (create & CLIENT_ROOM_DM)
		r->flags |= CROOM_DM;
	r->active = ++c->tick;
	cbuf_init(&r->buf, c->scrollback, c->window_bytes, &c->bytes);
	cseen_init(&r->shown);
	strmap_init(&r->memberidx);
	strmap_set(&c->windows, key, r);
	c->nwindows++;
	TAILQ_INSERT_TAIL(&c->rooms, r, entry);
	client_last_order_place(c, r);	/* its place at the last run */
	free(key);
	return (r);
}

/*
 * A window as the user names it, as the room list shows it: "#name" only
 * a room, "@name" only a conversation; a bare name the room when the
 * user is in it, else the conversation, else whichever window there is.
 */
struct croom *
client_room_named(struct client *c, const char *name)
{
	struct croom	*r, *dm;

	if (name[0] == '#')
		return (client_room(c, name + 1, CLIENT_ROOM_FIND));
	if (name[0] == '@')
		return (client_room(c, name + 1, CLIENT_ROOM_DM));
	r = client_room(c, name, CLIENT_ROOM_FIND);
	if (r != NULL && (r->flags & CROOM_JOINED))
		return (r);
	if ((dm = client_room(c, name, CLIENT_ROOM_DM)) != NULL)
		return (dm);
	return (r);
}

/*
 * Make way for a new window: forget a conversation the user closed with
 * /leave, else close the one used least recently among those with
 * nothing unread, else among all, but never the one in view.  Rooms stay
 * (leaving them is the user's choice).  0 if there is no conversation to
 * close.
 */
static int
client_room_evict(struct client *c)
{
	struct croom	*r, *gone = NULL, *quiet = NULL, *any = NULL;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (!(r->flags & CROOM_DM) || r == c->current ||
		    r == c->status)
			continue;
		if (!(r->flags & CROOM_JOINED) && gone == NULL)
			gone = r;
		if (any == NULL || r->active < any->active)
			any = r;
		if (r->unread == 0 && !r->mention &&
		    (quiet == NULL || r->active < quiet->active))
			quiet = r;
	}
	if (gone != NULL) {
		client_room_remove(c, gone);
		return (1);
	}
	if ((r = quiet != NULL ? quiet : any) == NULL)
		return (0);
	if (r->unread == 0)
		client_notice(c, c->status, CLINE_NOTICE, _("closed the "
		    "conversation with %s: too many windows"), r->name);
	else
		client_notice(c, c->status, CLINE_NOTICE, ngettext("closed the "
		    "conversation with %s and its %u unread message: too many "
		    "windows", "closed the conversation with %s and its %u "
		    "unread messages: too many windows", r->unread), r->name,
		    r->unread);
	client_room_remove(c, r);
	return (1);
}

/*
 * Show a conversation's window: one closed with /leave comes back at the
 * end of the list, as a new window would, so that the windows after its
 * old place keep their numbers (as irssi does); one the last run had open
 * goes back to its place then (client_last_order_place).
 */
void
client_room_open(struct client *c, struct croom *r)
{
	if (r == c->status || (r->flags & CROOM_JOINED))
		return;
	TAILQ_REMOVE(&c->rooms, r, entry);
	TAILQ_INSERT_TAIL(&c->rooms, r, entry);
	r->flags |= CROOM_JOINED;
	client_last_order_place(c, r);	/* unless it had it already */
	/* What was unread went with the lines /leave cleared. */
	r->unread = 0;
	r->mention = 0;
}

/* Free a room, its members and its scrollback. */
void
client_room_free(struct croom *r)
{
	cbuf_free(&r->buf);
	client_room_members_clear(r);
	client_people_before_free(r);
	free(r->members);
	free(r->name);
	free(r->log_name);
	free(r->topic);
	free(r);
}

/*
 * Forget a room we left.  The one in view moves to the room before it in
 * the list, else the one after it, else the status window.
 */
void
client_room_remove(struct client *c, struct croom *r)
{
	char	*key;

	if (r == c->status)
		return;
	if (c->current == r) {
		c->current = TAILQ_PREV(r, crooms, entry);
		if (c->current == NULL || c->current == c->status)
			c->current = TAILQ_NEXT(r, entry);
		if (c->current == NULL)
			c->current = c->status;
	}
	client_last_order_removed(c, r); /* a room left is not joined again */
	key = client_room_key(r->name, r->flags & CROOM_DM);
	strmap_del(&c->windows, key);
	free(key);
	c->nwindows--;
	TAILQ_REMOVE(&c->rooms, r, entry);
	client_room_free(r);
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* A size in bytes from the configuration, or its default. */
static size_t
client_room_setting(struct target *tg, const char *key, size_t dflt)
{
	const char	*v;
	long long	 n;

	if ((v = config_get(tg->settings, tg->nsettings, key)) == NULL)
		return (dflt);
	if (parse_number(v, 65536, 1099511627776LL, &n) != 0) {
		config_problem(tg, key, _("%s=%s: expected a number of bytes "
		    "from %lld to %lld"), key, v, 65536LL, 1099511627776LL);
		return (dflt);
	}
	return (n);
}

/*
 * Take the scrollback bounds of the client's configuration file:
 * SCROLLBACK_BYTES in all, SCROLLBACK_WINDOW_BYTES a window.
 */
void
client_room_limits(struct client *c, struct target *tg)
{
	struct croom	*r;

	c->window_bytes = client_room_setting(tg, "SCROLLBACK_WINDOW_BYTES",
	    CR_WINDOW_BYTES);
	c->scrollback_bytes = client_room_setting(tg, "SCROLLBACK_BYTES",
	    CR_SCROLLBACK_BYTES);
	TAILQ_FOREACH(r, &c->rooms, entry)
		r->buf.max_bytes = c->window_bytes;
}

/*
 * Keep the scrollbacks under their bound in all: the largest loses its
 * oldest lines, down to none but the line just added to window keep.
 */
static void
client_room_trim(struct client *c, struct croom *keep)
{
	struct croom	*r, *big;

	while (c->bytes > c->scrollback_bytes) {
		big = NULL;
		TAILQ_FOREACH(r, &c->rooms, entry) {
			if (r->buf.count > (r == keep ? 1U : 0U) &&
			    (big == NULL || r->buf.bytes > big->buf.bytes))
				big = r;
		}
		if (big == NULL)
			break;
		cbuf_shift(&big->buf);
	}
}

/* Is nick a member of the room (one of those kept)? */
int
client_room_member_has(struct croom *r, const char *nick)
{
	char	*key;
	void	*v;

	key = utf8_casefold(nick);
	v = strmap_get(&r->memberidx, key);
	free(key);
	return (v != NULL);
}

/* How many members the room has, those only counted too. */
u_int
client_room_member_count(struct croom *r)
{
	return (r->nmembers + r->nextra);
}

/* Add a member name; past CR_CLIENT_MEMBERS, only count it. */
void
client_room_member_add(struct croom *r, const char *nick)
{
	char	*key;
	u_int	 n = r->nmembers;

	key = utf8_casefold(nick);
	if (strmap_get(&r->memberidx, key) != NULL) {
		free(key);
		return;
	}
	if (n >= CR_CLIENT_MEMBERS) {
		r->nextra++;
		free(key);
		return;
	}
	/* The array doubles, at each power of two. */
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0))
		r->members = xreallocarray(r->members, n == 0 ? 8 : n * 2,
		    sizeof *r->members);
	r->members[n] = xstrdup(nick);
	strmap_set(&r->memberidx, key, (void *)(uintptr_t)(n + 1));
	r->nmembers++;
	free(key);
}

/* Remove a member name; 1 if it was there. */
int
client_room_member_del(struct croom *r, const char *nick)
{
	char		*key;
	uintptr_t	 v;
	u_int		 i;

	key = utf8_casefold(nick);
	v = (uintptr_t)strmap_del(&r->memberidx, key);
	free(key);
	if (v == 0)
		return (0);
	i = v - 1;
	free(r->members[i]);
	if (i != --r->nmembers) {
		/* The last name moves into the gap. */
		r->members[i] = r->members[r->nmembers];
		key = utf8_casefold(r->members[i]);
		strmap_set(&r->memberidx, key, (void *)(uintptr_t)(i + 1));
		free(key);
	}
	return (1);
}

/* Forget every member. */
void
client_room_members_clear(struct croom *r)
{
	u_int	i;

	for (i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	r->nmembers = 0;
	r->nextra = 0;
	strmap_free(&r->memberidx);
}
/* Add a line to a room and tell the interface. */
void
client_room_add(struct client *c, struct croom *r, int kind, int flags,
    int64_t ts, const char *nick, const char *text)
{
	client_room_add_image(c, r, kind, flags, ts, 0, nick, text, NULL);
}

/*
 * Read the colour number after ^C (one or two digits, 99 for the default)
 * or ^D (up to six hex digits, all six for a colour) at *pp into *c and
 * move past it; 0 if there is none.
 */
static int
client_room_colour(const char **pp, int hex, int32_t *c)
{
	const char	*p = *pp;
	int32_t		 v = 0;
	int		 i;

	for (i = 0; i < (hex ? 6 : 2); i++) {
		if (isdigit((u_char)p[i]))
			v = v * (hex ? 16 : 10) + (p[i] - '0');
		else if (hex && isxdigit((u_char)p[i]))
			v = v * 16 + (tolower((u_char)p[i]) - 'a' + 10);
		else
			break;
	}
	if (i == 0)
		return (0);
	*pp = p + i;
	if (hex)
		*c = i == 6 ? CFMT_RGB | v : CFMT_DEFAULT;
	else
		*c = v >= 99 ? CFMT_DEFAULT : v;
	return (1);
}

/*
 * If *pp is at one of the formatting codes IRC clients put in text (bold,
 * colours with their numbers, italics, underline, reverse, reset...),
 * change the look f as it says and move past it; 0 if it is not.
 */
static int
client_room_code(const char **pp, struct cfmt *f)
{
	const char	*p = *pp;
	int32_t		 fg, bg;
	int		 hex;

	switch (*p++) {
	case 0x02:
		f->attr ^= CFMT_BOLD;
		break;
	case 0x1d:
		f->attr ^= CFMT_ITALIC;
		break;
	case 0x1f:
		f->attr ^= CFMT_UNDERLINE;
		break;
	case 0x16:
		f->attr ^= CFMT_REVERSE;
		break;
	case 0x1e:
		f->attr ^= CFMT_STRIKE;
		break;
	case 0x11:	/* monospace: a terminal is */
		break;
	case 0x0f:
		f->attr = 0;
		f->fg = f->bg = CFMT_DEFAULT;
		break;
	case 0x03:	/* ^C[NN[,NN]] */
	case 0x04:	/* ^D[RRGGBB[,RRGGBB]] */
		hex = p[-1] == 0x04;
		if (!client_room_colour(&p, hex, &fg)) {
			f->fg = f->bg = CFMT_DEFAULT;
			break;
		}
		f->fg = fg;
		if (p[0] == ',') {
			p++;
			if (client_room_colour(&p, hex, &bg))
				f->bg = bg;
			else
				p--;	/* a comma of the text */
		}
		break;
	default:
		return (0);
	}
	*pp = p;
	return (1);
}

/*
 * Drop the formatting codes IRC clients put in text, which would
 * otherwise show as ^B, ^C4 and so on around the words of every IRC user
 * who colours them (topics, logs, --batch).  Native clients cannot type
 * these controls.
 */
char *
client_room_unformat(const char *text)
{
	struct cfmt	 f = { 0, 0, CFMT_DEFAULT, CFMT_DEFAULT };
	char		*out, *o;
	const char	*p = text;

	o = out = xmalloc(strlen(text) + 1);
	while (*p != '\0') {
		if (!client_room_code(&p, &f))
			*o++ = *p++;
	}
	*o = '\0';
	return (out);
}

/* Do two looks differ? */
static int
client_room_fmt_differs(const struct cfmt *a, const struct cfmt *b)
{
	return (a->attr != b->attr || a->fg != b->fg || a->bg != b->bg);
}

/*
 * Sanitise the text of a message and take its IRC formatting out into
 * *fmt: where each change of look starts in the text given back.  A
 * change is moved to the start of a grapheme cluster, so that no cluster
 * is drawn in two pieces (and two widths).  Only the text, without the
 * codes, goes to the logs, --batch and searches.
 */
char *
client_room_format(const char *text, struct cfmt **fmtp, u_int *nfmtp)
{
	struct cfmt	 cur = { 0, 0, CFMT_DEFAULT, CFMT_DEFAULT };
	struct cfmt	 plain = cur, next, *fmt = NULL, *prev;
	const char	*p = text, *s = text, *q;
	char		*out, *piece;
	size_t		 len = 0, plen, off;
	u_int		 nfmt = 0, size = 0, i, j;

	/* Each input byte becomes at most three output bytes. */
	out = xreallocarray(NULL, strlen(text) + 1, 3);
	for (;;) {
		next = cur;
		q = p;
		if (*p != '\0' && !client_room_code(&q, &next)) {
			p++;
			continue;
		}
		/* At a code or the end: the text before it has the old look. */
		if (p > s) {
			piece = utf8_sanitize(s, p - s, 1);
			plen = strlen(piece);
			prev = nfmt > 0 ? &fmt[nfmt - 1] : &plain;
			if (plen > 0 && client_room_fmt_differs(&cur, prev)) {
				if (nfmt == size) {
					size = size == 0 ? 4 : size * 2;
					fmt = xreallocarray(fmt, size,
					    sizeof *fmt);
				}
				fmt[nfmt] = cur;
				fmt[nfmt++].off = len;
			}
			memcpy(out + len, piece, plen);
			len += plen;
			free(piece);
		}
		if (*p == '\0')
			break;
		cur = next;
		p = s = q;
	}
	out[len] = '\0';

	/* Move each change to the start of a cluster; drop those left idle. */
	off = 0;
	for (i = 0, j = 0; i < nfmt; i++) {
		while (off < fmt[i].off && off < len)
			off = utf8_gc_next(out, len, off);
		if (off >= len)
			break;
		if (j > 0 && fmt[j - 1].off == off)
			j--;
		prev = j > 0 ? &fmt[j - 1] : &plain;
		if (!client_room_fmt_differs(&fmt[i], prev))
			continue;
		next = fmt[i];
		next.off = off;
		fmt[j++] = next;
	}
	if (j == 0) {
		free(fmt);
		fmt = NULL;
	}
	*fmtp = fmt;
	*nfmtp = j;
	return (out);
}

/* Make a line, in no scrollback yet. */
struct cline *
client_room_line(int kind, int flags, int64_t ts, const char *nick,
    const char *text)
{
	struct cline	*l;
	char		*plain;

	l = xcalloc(1, sizeof *l);
	l->ts = ts != 0 ? ts : now_ms();
	l->kind = kind;
	l->flags = flags;
	l->nick = nick != NULL ? utf8_sanitize(nick, strlen(nick), 0) : NULL;
	/* Messages keep their look; other lines only the words. */
	if (kind == CLINE_MSG || kind == CLINE_ACTION || kind == CLINE_DM ||
	    kind == CLINE_IMAGE)
		l->text = client_room_format(text, &l->fmt, &l->nfmt);
	else {
		plain = client_room_unformat(text);
		l->text = utf8_sanitize(plain, strlen(plain), 1);
		free(plain);
	}
	return (l);
}

/* A room in view: all it shows is read. */
void
client_room_read(struct croom *r)
{
	if (r->shown.high > r->read_id)
		r->read_id = r->shown.high;
	if (r->last_ts > r->read_ts)
		r->read_ts = r->last_ts;
}

/* Is a line of this kind a message, which unread counts and a marker marks? */
static int
client_room_counts(int kind)
{
	return (kind == CLINE_MSG || kind == CLINE_ACTION || kind == CLINE_DM ||
	    kind == CLINE_IMAGE);
}

/*
 * Add a line, maybe carrying a picture (the line takes it over), and the
 * hub's id of the message if it has one.
 */
void
client_room_add_image(struct client *c, struct croom *r, int kind,
    int flags, int64_t ts, uint64_t id, const char *nick, const char *text,
    struct image *image)
{
	struct cline	*l;
	int		 after, unread;

	if (nick != NULL && !(flags & CLINE_SELF) && (kind == CLINE_MSG ||
	    kind == CLINE_ACTION || kind == CLINE_DM || kind == CLINE_IMAGE) &&
	    client_ignore_has(c, nick)) {
		image_free(image);
		return;
	}
	l = client_room_line(kind, flags, ts, nick, text);
	l->image = image;
	l->id = id;
	r->active = ++c->tick;
	cbuf_push(&r->buf, l);
	/*
	 * The read marker ("new messages", above line seen) is for messages
	 * from others that came while the window was out of view, the lines
	 * the hotlist counts: a line added in view, the user's own lines,
	 * events (joins, parts, topics, whoever made them) and the client's
	 * notices where it stands push it down.  A window never left has no
	 * marker (seen is 0).
	 */
	if (r->seen != 0 && r->seen + 1 == r->buf.total &&
	    (r == c->current || !client_room_counts(kind) ||
	    (flags & (CLINE_SELF | CLINE_OUT))))
		r->seen = r->buf.total;
	client_room_trim(c, r);
	/*
	 * A replayed line counts as unread when it came while the client
	 * was away: newer than what the log had (see client-log.c).
	 */
	after = client_log_line(c, r, l);
	/*
	 * A room read up to an id at the last run (client-last.c): the
	 * messages after it are unread, replayed or not, and none before.
	 */
	if ((r->flags & CROOM_KEPT) && id != 0)
		after = client_last_reads_after(r, id, l->ts);
	else if (!(flags & CLINE_HISTORY))
		after = 1;
	unread = !(flags & CLINE_SELF) && after && client_room_counts(kind);
	/*
	 * The first line of a replay that came while the client was away,
	 * in a window not yet left: the read marker goes above it, where
	 * the unread begins, in the window in view too (the room the client
	 * started again in), where nothing counts unread.  A line that comes
	 * live in view is seen as it comes: no marker above it.
	 */
	if (unread && ((flags & CLINE_HISTORY) || ((r->flags & CROOM_KEPT) &&
	    r != c->current)) && r->seen == 0) {
		r->seen = r->buf.total - 1;
		if (flags & CLINE_HISTORY)
			r->flags |= CROOM_MISSED;
		if (r == c->current)
			r->flags |= CROOM_TOMARK;
	}
	if (r == c->current)
		unread = 0;
	if (unread) {
		r->unread++;
		if (flags & CLINE_MENTION)
			r->mention = 1;
	} else if (id != 0 && r->unread == 0) {
		/* Read, and all before it. */
		if (id > r->read_id)
			r->read_id = id;
		if (l->ts > r->read_ts)
			r->read_ts = l->ts;
	}
	if (id != 0 && l->ts > r->last_ts)
		r->last_ts = l->ts;
	if (c->ui->line != NULL)
		c->ui->line(c, r, l);
}

/* Add a formatted event line with flags (CLINE_SELF: the user's own). */
static void
client_room_vevent(struct client *c, struct croom *r, int flags, int64_t ts,
    const char *fmt, va_list ap)
{
	char	*text;

	xvasprintf(&text, fmt, ap);
	client_room_add(c, r, CLINE_EVENT, flags, ts, NULL, text);
	free(text);
}

/* Add a formatted event line (join, leave, nick, topic). */
void
client_room_event(struct client *c, struct croom *r, int64_t ts,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	client_room_vevent(c, r, 0, ts, fmt, ap);
	va_end(ap);
}

/* Add an event line the user caused (own join, nick, topic). */
void
client_room_own_event(struct client *c, struct croom *r, int64_t ts,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	client_room_vevent(c, r, CLINE_SELF, ts, fmt, ap);
	va_end(ap);
}

/*
 * A conversation follows its peer: when old becomes nick, the window
 * with old is renamed, so replies go to nick and nick's messages land
 * there, and its log goes on in the file it began in (client-log.c).
 * Not when a window with the new nick exists already.
 */
int
client_room_rename_dm(struct client *c, struct croom *r, const char *old,
    const char *nick)
{
	struct croom	*o;
	char		*a, *b;
	int		 same;

	if (!(r->flags & CROOM_DM))
		return (0);
	a = utf8_casefold(r->name);
	b = utf8_casefold(old);
	same = strcmp(a, b) == 0;
	free(b);
	free(a);
	if (!same || ((o = client_room(c, nick, CLIENT_ROOM_DM)) != NULL &&
	    o != r))
		return (0);
	a = client_room_key(r->name, 1);
	strmap_del(&c->windows, a);
	free(a);
	if (r->log_name == NULL)
		r->log_name = r->name;
	else
		free(r->name);
	r->name = xstrdup(nick);
	a = utf8_casefold(r->log_name);
	b = utf8_casefold(nick);
	if (strcmp(a, b) == 0) {	/* back to the nick it began with */
		free(r->log_name);
		r->log_name = NULL;
	}
	free(b);
	free(a);
	a = client_room_key(nick, 1);
	strmap_set(&c->windows, a, r);
	free(a);
	if (c->ui->state != NULL)
		c->ui->state(c);
	return (1);
}
