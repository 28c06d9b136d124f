/* SPDX-License-Identifier: ISC */
/* client-room.c: the client's model: rooms, conversations, members, lines. */

#include <sys/types.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * Rooms and DM conversations are kept in the order they were first seen,
 * with the status window ("*") first.  Each has its members (for rooms)
 * and a bounded scrollback of lines already sanitised for display; the
 * interface is told of every line added.
 */

/* Find a room or DM conversation by name; create it if asked. */
struct croom *
client_room(struct client *c, const char *name, int create)
{
	struct croom	*r;
	char		*key, *k2;

	key = utf8_casefold(name);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		k2 = utf8_casefold(r->name);
		if (strcmp(key, k2) == 0) {
			free(k2);
			free(key);
			return (r);
		}
		free(k2);
	}
	free(key);
	if (!create)
		return (NULL);
	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->topic = xstrdup("");
	cbuf_init(&r->buf, c->scrollback);
	cseen_init(&r->shown);
	TAILQ_INSERT_TAIL(&c->rooms, r, entry);
	return (r);
}

/* Free a room, its members and its scrollback. */
void
client_room_free(struct croom *r)
{
	u_int	i;

	cbuf_free(&r->buf);
	for (i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	free(r->members);
	free(r->name);
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
	if (r == c->status)
		return;
	if (c->current == r) {
		c->current = TAILQ_PREV(r, crooms, entry);
		if (c->current == NULL || c->current == c->status)
			c->current = TAILQ_NEXT(r, entry);
		if (c->current == NULL)
			c->current = c->status;
	}
	TAILQ_REMOVE(&c->rooms, r, entry);
	client_room_free(r);
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* Is nick a member of the room? */
int
client_room_member_has(struct croom *r, const char *nick)
{
	u_int	i;

	for (i = 0; i < r->nmembers; i++) {
		if (strcmp(r->members[i], nick) == 0)
			return (1);
	}
	return (0);
}

/* Add a member name. */
void
client_room_member_add(struct croom *r, const char *nick)
{
	if (client_room_member_has(r, nick))
		return;
	r->members = xreallocarray(r->members, r->nmembers + 1,
	    sizeof *r->members);
	r->members[r->nmembers++] = xstrdup(nick);
}

/* Remove a member name; 1 if it was there. */
int
client_room_member_del(struct croom *r, const char *nick)
{
	u_int	i;

	for (i = 0; i < r->nmembers; i++) {
		if (strcmp(r->members[i], nick) == 0) {
			free(r->members[i]);
			r->members[i] = r->members[--r->nmembers];
			return (1);
		}
	}
	return (0);
}

/* Add a line to a room and tell the interface. */
void
client_room_add(struct client *c, struct croom *r, int kind, int flags,
    int64_t ts, const char *nick, const char *text)
{
	client_room_add_image(c, r, kind, flags, ts, nick, text, NULL);
}

/* Add a line, maybe carrying a picture (the line takes it over). */
void
client_room_add_image(struct client *c, struct croom *r, int kind,
    int flags, int64_t ts, const char *nick, const char *text,
    struct image *image)
{
	struct cline	*l;

	if (nick != NULL && !(flags & CLINE_SELF) && (kind == CLINE_MSG ||
	    kind == CLINE_ACTION || kind == CLINE_DM || kind == CLINE_IMAGE) &&
	    client_ignore_has(c, nick)) {
		image_free(image);
		return;
	}
	l = xcalloc(1, sizeof *l);
	l->image = image;
	l->ts = ts != 0 ? ts : now_ms();
	l->kind = kind;
	l->flags = flags;
	l->nick = nick != NULL ? utf8_sanitize(nick, strlen(nick), 0) : NULL;
	l->text = utf8_sanitize(text, strlen(text), 1);
	cbuf_push(&r->buf, l);
	client_log_line(c, r, l);
	if (r != c->current && kind != CLINE_MARKER &&
	    !(flags & (CLINE_HISTORY | CLINE_SELF)) &&
	    (kind == CLINE_MSG || kind == CLINE_ACTION || kind == CLINE_DM ||
	    kind == CLINE_IMAGE)) {
		r->unread++;
		if (flags & CLINE_MENTION)
			r->mention = 1;
	}
	if (c->ui->line != NULL)
		c->ui->line(c, r, l);
}

/* Add a formatted event line (join, leave, nick, topic). */
void
client_room_event(struct client *c, struct croom *r, int64_t ts,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	client_room_add(c, r, CLINE_EVENT, 0, ts, NULL, text);
	free(text);
}

/*
 * A conversation follows its peer: when old becomes nick, the window
 * with old is renamed, so replies go to nick and nick's messages land
 * there.  Not when a window with the new nick exists already.
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
	free(a);
	free(b);
	if (!same || ((o = client_room(c, nick, 0)) != NULL && o != r))
		return (0);
	free(r->name);
	r->name = xstrdup(nick);
	if (c->ui->state != NULL)
		c->ui->state(c);
	return (1);
}
