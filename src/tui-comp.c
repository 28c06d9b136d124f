/* SPDX-License-Identifier: ISC */
/* tui-comp.c: Tab completion of commands, nicks, rooms and windows. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * Tab offers at most this many candidates: nobody cycles through more,
 * and the nicks of every room (up to CR_CLIENT_MEMBERS each) would take
 * long to compare with each other.
 */
#define TUI_COMP_MAX	256

static void	tui_comp_add(struct tui *, const char *, const char *,
		    const char *, const char *);
static void	tui_comp_apply(struct tui *);
static int	tui_comp_gone(struct croom *, const char *);
static void	tui_comp_others(struct tui *, const char *, const char *,
		    const char *);
static void	tui_comp_windows(struct tui *, const char *, int);
static void	tui_comp_help(struct tui *, const char *);
static const char *tui_comp_option(const char *);

/* Forget the completion in progress. */
void
tui_comp_reset(struct tui *t)
{
	u_int	i;

	for (i = 0; i < t->ncomp; i++)
		free(t->comp[i]);
	free(t->comp);
	t->comp = NULL;
	t->ncomp = 0;
}

/* Add a candidate if it starts with the word (ignoring case), once. */
static void
tui_comp_add(struct tui *t, const char *cand, const char *word,
    const char *before, const char *after)
{
	char	*c, *w, *s;
	u_int	 i;
	int	 match;

	if (t->ncomp >= TUI_COMP_MAX)
		return;
	c = utf8_casefold(cand);
	w = utf8_casefold(word);
	match = strncmp(c, w, strlen(w)) == 0;
	free(c);
	free(w);
	if (!match)
		return;
	xasprintf(&s, "%s%s%s", before, cand, after);
	for (i = 0; i < t->ncomp; i++) {
		if (strcmp(t->comp[i], s) == 0) {
			free(s);
			return;
		}
	}
	t->comp = xreallocarray(t->comp, t->ncomp + 1, sizeof *t->comp);
	t->comp[t->ncomp++] = s;
}

/* A whole candidate (file names), added once, for other parts. */
void
tui_comp_add_whole(struct tui *t, const char *cand, const char *after)
{
	char	*s;
	u_int	 i;

	xasprintf(&s, "%s%s", cand, after);
	for (i = 0; i < t->ncomp; i++) {
		if (strcmp(t->comp[i], s) == 0) {
			free(s);
			return;
		}
	}
	t->comp = xreallocarray(t->comp, t->ncomp + 1, sizeof *t->comp);
	t->comp[t->ncomp++] = s;
}

/* Put the current candidate in place of the word. */
static void
tui_comp_apply(struct tui *t)
{
	const char	*s = t->comp[t->comp_idx];

	tui_input_delete(t, t->comp_start, t->comp_end);
	tui_input_insert(t, s, strlen(s));
	t->comp_end = t->cur;
}

/*
 * Has someone who spoke in a room left it since (a part, a quit, a new
 * nick)?  As in irssi, only members are offered.  A room whose member
 * list is not all known (not joined, pages still to come, or past
 * CR_CLIENT_MEMBERS) keeps every speaker.
 */
static int
tui_comp_gone(struct croom *r, const char *nick)
{
	if ((r->flags & (CROOM_DM | CROOM_PAGES)) ||
	    !(r->flags & CROOM_JOINED) || r->nextra > 0)
		return (0);
	return (!client_room_member_has(r, nick));
}

/*
 * After the nicks of the room in view, those of the other windows, as
 * irssi offers query partners and the nicks of other channels: so that
 * /msg, /whois or @ complete in a conversation or a quiet room too.  The
 * partners of conversations come first, then the members of the other
 * rooms in the order of the room list.
 */
static void
tui_comp_others(struct tui *t, const char *word, const char *before,
    const char *after)
{
	struct client	*c = t->client;
	struct croom	*r;
	u_int		 i;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->current && (r->flags & CROOM_DM))
			tui_comp_add(t, r->name, word, before, after);
	}
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->current || r == c->status ||
		    (r->flags & CROOM_DM) || !(r->flags & CROOM_JOINED))
			continue;
		for (i = 0; i < r->nmembers; i++) {
			if (strcmp(r->members[i], c->nick) != 0)
				tui_comp_add(t, r->members[i], word, before,
				    after);
		}
	}
}

/*
 * The argument of /window, or of /leave (without status): the windows as
 * the room list names them, in its order, "status", "#room" and "@nick"
 * (so that a room and a conversation of the same name are told apart);
 * rooms only after #, conversations only after @.
 */
static void
tui_comp_windows(struct tui *t, const char *word, int status)
{
	struct client	*c = t->client;
	struct croom	*r;
	const char	*w = word;
	int		 dm;

	if (*word == '#' || *word == '@')
		w = word + 1;
	else if (status)
		tui_comp_add(t, _("status"), w, "", " ");
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->status || !(r->flags & CROOM_JOINED))
			continue;
		dm = (r->flags & CROOM_DM) != 0;
		if ((*word == '#' && dm) || (*word == '@' && !dm))
			continue;
		tui_comp_add(t, r->name, w, dm ? "@" : "#", " ");
	}
}

/* The argument of /help: the commands, their aliases and "keys". */
static void
tui_comp_help(struct tui *t, const char *word)
{
	const struct cmd_entry	*e;
	const char		*w = word, *before = "";

	if (*word == '/') {
		w = word + 1;
		before = "/";
	}
	for (e = cmd_table; e->name != NULL; e++) {
		tui_comp_add(t, e->name, w, before, " ");
		if (e->alias != NULL)
			tui_comp_add(t, e->alias, w, before, " ");
	}
	if (*before == '\0')
		tui_comp_add(t, "keys", w, "", " ");
}

/* The option a command takes as its first argument ("/topic -delete"). */
static const char *
tui_comp_option(const char *cmd)
{
	static const struct {
		const char	*cmd;
		const char	*option;
	} options[] = {
		{ "/ban", "-force" },
		{ "/ircpass", "-delete" },
		{ "/topic", "-delete" },
	};
	size_t	i;

	for (i = 0; i < sizeof options / sizeof options[0]; i++) {
		if (strcmp(cmd, options[i].cmd) == 0)
			return (options[i].option);
	}
	return (NULL);
}

/*
 * Tab: complete the word before the cursor.  A /command at the start, a
 * window after /window, a room or conversation after /leave (what it
 * closes), a command or "keys" after /help, an option such as -delete
 * after /topic, a room after # or /join, else a nick:
 * the most recent speakers still present first, then the other members,
 * then the nicks of the other windows; "nick: " at the start of the line.
 * After /invite, the nicks of the other windows who are not in this room.
 * A room matches the rooms the client is in and the last list of the
 * hub's; when none does, the hub is asked for its list, and the answer
 * completes the word (see tui_comp_rooms).  Pressing Tab again cycles
 * through the candidates.
 */
void
tui_comp_word(struct tui *t)
{
	struct client		*c = t->client;
	struct croom		*r = c->current, *rr;
	const struct cmd_entry	*e;
	struct cline		*l;
	char			*word, *first, *cause;
	const char		*w, *before, *after, *option = NULL;
	size_t			 ws, fl;
	u_int			 i;
	int			 rooms = 0, nicks_only = 0, asked = 0;
	int			 invite = 0, windows = 0, help = 0;
	int			 leave = 0;

	/* Tab again cycles, or goes on inside the one directory found. */
	if (t->comp != NULL && t->cur == t->comp_end && (t->ncomp > 1 ||
	    t->comp[0][strlen(t->comp[0]) - 1] != '/')) {
		t->comp_idx = (t->comp_idx + 1) % t->ncomp;
		tui_comp_apply(t);
		return;
	}
	tui_comp_reset(t);
	for (ws = t->cur; ws > 0; ws--) {
		/* "\ " is a space inside a file name. */
		if ((t->buf[ws - 1] == ' ' && (ws < 2 ||
		    t->buf[ws - 2] != '\\')) || t->buf[ws - 1] == '\n')
			break;
	}
	word = xstrndup(t->buf + ws, t->cur - ws);
	for (fl = 0; fl < t->len && t->buf[fl] != ' '; fl++)
		/* nothing */;
	first = xstrndup(t->buf, fl);
	if (ws > fl && ws == fl + 1) {
		if (strcmp(first, "/join") == 0 ||
		    strcmp(first, "/names") == 0 ||
		    strcmp(first, "/who") == 0)
			rooms = 1;
		if (strcmp(first, "/msg") == 0 ||
		    strcmp(first, "/query") == 0 ||
		    strcmp(first, "/kick") == 0)
			nicks_only = 1;
		invite = strcmp(first, "/invite") == 0;
		windows = strcmp(first, "/window") == 0;
		leave = strcmp(first, "/leave") == 0 ||
		    strcmp(first, "/part") == 0;
		help = strcmp(first, "/help") == 0;
		if (word[0] == '-')
			option = tui_comp_option(first);
	}

	if (ws == fl + 1 && (strcmp(first, "/image") == 0 ||
	    strcmp(first, "/img") == 0))
		tui_files_complete(t, word);
	else if (ws == 0 && word[0] == '/') {
		for (e = cmd_table; e->name != NULL; e++) {
			tui_comp_add(t, e->name, word + 1, "/", " ");
			if (e->alias != NULL)
				tui_comp_add(t, e->alias, word + 1, "/", " ");
		}
	} else if (windows || leave)
		tui_comp_windows(t, word, windows);
	else if (help)
		tui_comp_help(t, word);
	else if (option != NULL)
		tui_comp_add(t, option, word, "", " ");
	else if (invite && word[0] != '#') {
		/* Those of other rooms and conversations, not of this one. */
		w = word[0] == '@' ? word + 1 : word;
		TAILQ_FOREACH(rr, &c->rooms, entry) {
			if (rr == r || rr == c->status ||
			    !(rr->flags & CROOM_JOINED))
				continue;
			if ((rr->flags & CROOM_DM) &&
			    !client_room_member_has(r, rr->name))
				tui_comp_add(t, rr->name, w, "", " ");
			for (i = 0; i < rr->nmembers; i++) {
				if (strcmp(rr->members[i], c->nick) != 0 &&
				    !client_room_member_has(r, rr->members[i]))
					tui_comp_add(t, rr->members[i], w, "",
					    " ");
			}
		}
	} else if (rooms || word[0] == '#') {
		w = word[0] == '#' ? word + 1 : word;
		before = word[0] == '#' ? "#" : "";
		TAILQ_FOREACH(rr, &c->rooms, entry) {
			if (rr != c->status && !(rr->flags & CROOM_DM) &&
			    (rr->flags & CROOM_JOINED))
				tui_comp_add(t, rr->name, w, before, " ");
		}
		for (i = 0; i < c->nroomlist; i++)
			tui_comp_add(t, c->roomlist[i].name, w, before, " ");
		if (t->ncomp == 0 && t->comp_rooms == 0 &&
		    c->state == CLIENT_READY) {
			if (cmd_execute(c, "/rooms", &cause) == 0) {
				t->comp_rooms = 1;
				t->comp_rooms_at = t->cur;
				t->comp_rooms_len = t->len;
				asked = 1;
			}
			free(cause);
		}
	} else {
		w = word[0] == '@' ? word + 1 : word;
		before = word[0] == '@' ? "@" : "";
		for (i = r->buf.count; i > 0 && r->buf.count - i < 1000; i--) {
			l = cbuf_get(&r->buf, i - 1);
			if (l->nick == NULL || (l->flags & CLINE_SELF) ||
			    (l->kind != CLINE_MSG && l->kind != CLINE_ACTION &&
			    l->kind != CLINE_DM && l->kind != CLINE_IMAGE))
				continue;
			if (tui_comp_gone(r, l->nick))
				continue;
			tui_comp_add(t, l->nick, w, before, ws == 0 &&
			    !nicks_only && *before == '\0' ? ": " : " ");
		}
		if (r->flags & CROOM_DM)
			tui_comp_add(t, r->name, w, before, ws == 0 &&
			    *before == '\0' ? ": " : " ");
		for (i = 0; i < r->nmembers; i++) {
			if (strcmp(r->members[i], c->nick) == 0)
				continue;
			tui_comp_add(t, r->members[i], w, before, ws == 0 &&
			    !nicks_only && *before == '\0' ? ": " : " ");
		}
		after = ws == 0 && *before == '\0' ? ": " : " ";
		tui_comp_others(t, w, before, after);
	}
	free(word);
	free(first);
	if (t->ncomp == 0) {
		tui_comp_reset(t);
		if (!asked)
			beep();
		return;
	}
	t->comp_start = ws;
	t->comp_end = t->cur;
	t->comp_idx = 0;
	tui_comp_apply(t);
}

/*
 * The hub's list of rooms came for a Tab that found no room: complete
 * with it, unless the line changed meanwhile.  Returns 1 if the list was
 * asked for that, so that it is not shown.
 */
int
tui_comp_rooms(struct tui *t)
{
	if (t->comp_rooms != 1)
		return (0);
	t->comp_rooms = 2;	/* no second question */
	if (t->cur == t->comp_rooms_at && t->len == t->comp_rooms_len)
		tui_comp_word(t);
	t->comp_rooms = 0;
	return (1);
}
