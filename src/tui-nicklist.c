/* SPDX-License-Identifier: ISC */
/* tui-nicklist.c: the pane of the members of the room in view. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * F3, or /names alone in a room, shows or hides a pane on the right of the
 * scrollback listing the room's members in alphabetical order (ignoring
 * case), the user in bold, those away dimmed, and those who lost the
 * connection dimmed too until they are back or gone: the hub keeps their
 * session for a resume, and its head counts them apart ("3 here, 1
 * lost"), as the title bar does, or on a second line where that does not
 * fit ("4 membres", then "1 déconnecté").  It takes TUI_NICKS_WIDTH
 * columns and a border, and stays hidden in a direct conversation, the
 * status window, or when it would leave the scrollback fewer than
 * TUI_NICKS_MIN_SB columns.
 */

/* A nick with its case-folded form, folded once for the sort. */
struct tui_nick {
	char		*fold;
	const char	*nick;
};

static int	tui_nicklist_cmp(const void *, const void *);

/* Order nicks ignoring case. */
static int
tui_nicklist_cmp(const void *a, const void *b)
{
	const struct tui_nick	*na = a, *nb = b;
	int			 rc;

	if ((rc = strcmp(na->fold, nb->fold)) == 0)
		rc = strcmp(na->nick, nb->nick);
	return (rc);
}

/* The members of a room counted, those lost apart: "5 members". */
char *
tui_nicklist_count(struct tui *t, struct croom *r)
{
	char	*s;
	u_int	 total, lost;

	total = client_room_member_count(r);
	lost = client_people_lost_in(t->client, r);
	if (lost == 0)
		xasprintf(&s, ngettext("%u member", "%u members", total),
		    total);
	else
		xasprintf(&s, ngettext("%u here, %u lost", "%u here, %u lost",
		    lost), total - lost, lost);
	return (s);
}

/* Does the pane show, at this size and in this window? */
int
tui_nicklist_shown(struct tui *t, int sb_w)
{
	struct croom	*r = t->client->current;

	return (t->nicklist && r != t->client->status &&
	    !(r->flags & CROOM_DM) &&
	    sb_w - TUI_NICKS_WIDTH - 1 >= TUI_NICKS_MIN_SB);
}

/* Show or hide the pane. */
void
tui_nicklist_toggle(struct tui *t)
{
	t->nicklist = !t->nicklist;
	tui_dirty(t);
}

/* /names alone in a room: the same as F3. */
int
tui_nicklist_command(struct client *c)
{
	struct tui	*t = c->ui->data;

	tui_nicklist_toggle(t);
	return (0);
}

/* Draw the pane in the columns the layout gave it. */
void
tui_nicklist_draw(struct tui *t)
{
	struct croom	 *r = t->client->current;
	struct tui_nick	 *nicks;
	char		  head[64], *count, *lost;
	attr_t		  attr;
	u_int		  i, rows, total, nlost, heads = 1;
	int		  x = t->nl_x, y;

	mvvline(t->sb_y, x - 1, TUI_ACS(t, ACS_VLINE, '|'), t->sb_h);
	total = client_room_member_count(r);
	count = tui_nicklist_count(t, r);
	if (utf8_width(count, strlen(count)) > TUI_NICKS_WIDTH) {
		/*
		 * A split count too wide for the pane ("5 ici, 1 déconnecté")
		 * would be cut mid-word: the count on one line and the lost
		 * on the next, as a nick list shows a group under its own
		 * head, rather than a word cut short.  Too wide still, the
		 * names dimmed below say who is lost.
		 */
		free(count);
		xasprintf(&count, ngettext("%u member", "%u members", total),
		    total);
		nlost = client_people_lost_in(t->client, r);
		/* TRANSLATORS: under "%u members" in the nick list pane, at
		   most 16 columns, the same word as in "%u here, %u lost". */
		xasprintf(&lost, ngettext("%u lost", "%u lost", nlost), nlost);
		if (utf8_width(lost, strlen(lost)) <= TUI_NICKS_WIDTH &&
		    t->sb_h > 2) {
			tui_put(t->sb_y + 1, x, x + TUI_NICKS_WIDTH, lost,
			    strlen(lost), A_DIM);
			heads = 2;
		}
		free(lost);
	}
	tui_put(t->sb_y, x, x + TUI_NICKS_WIDTH, count, strlen(count), A_DIM);
	free(count);

	nicks = xreallocarray(NULL, r->nmembers + 1, sizeof *nicks);
	for (i = 0; i < r->nmembers; i++) {
		nicks[i].nick = r->members[i];
		nicks[i].fold = utf8_casefold(r->members[i]);
	}
	qsort(nicks, r->nmembers, sizeof *nicks, tui_nicklist_cmp);
	rows = t->sb_h > (int)heads ? t->sb_h - heads : 0;
	for (i = 0; i < r->nmembers && i < rows; i++) {
		y = t->sb_y + heads + i;
		if (i + 1 == rows && total > rows) {
			snprintf(head, sizeof head, _("+%u more"), total - i);
			tui_put(y, x, x + TUI_NICKS_WIDTH, head, strlen(head),
			    A_DIM);
			break;
		}
		attr = strcmp(nicks[i].nick, t->client->nick) == 0 ? A_BOLD : 0;
		if (client_people_is_away(t->client, nicks[i].nick) ||
		    client_people_is_lost(t->client, nicks[i].nick))
			attr |= A_DIM;
		tui_put_clipped(y, x, x + TUI_NICKS_WIDTH, nicks[i].nick,
		    attr);
	}
	for (i = 0; i < r->nmembers; i++)
		free(nicks[i].fold);
	free(nicks);
}
