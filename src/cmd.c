/* SPDX-License-Identifier: ISC */
/* cmd.c: the slash-command table shared by the TUI and --batch. */

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

static int	cmd_away(struct client *, int, char **, char **);
static int	cmd_release(struct client *, int, char **, char **);
static int	cmd_clear(struct client *, int, char **, char **);
static int	cmd_help(struct client *, int, char **, char **);
static int	cmd_me(struct client *, int, char **, char **);
static int	cmd_msg(struct client *, int, char **, char **);
static int	cmd_known_nick(struct client *, const char *);
static int	cmd_nick(struct client *, int, char **, char **);
static int	cmd_quit(struct client *, int, char **, char **);
static int	cmd_whois(struct client *, int, char **, char **);
static int	cmd_window(struct client *, int, char **, char **);
static int	cmd_say(struct client *, const char *, int, char **);
static const char *cmd_usage(const struct cmd_entry *);
static const char *cmd_word(const struct cmd_entry *, const char *);

/* The name or alias the command being carried out was typed as. */
static const char *cmd_typed_word;

/* Sorted by name; the help text is translated when shown. */
const struct cmd_entry cmd_table[] = {
	{ "away", NULL, N_("[MESSAGE]"),
	  N_("mark yourself away with a message (at most 200 characters) "
	  "those who share a room or send you a direct message see; alone, "
	  "come back"), 0, 1, 0, cmd_away },
	{ "ban", NULL, N_("[-force] NICK|ADDRESS|RANGE [DURATION] [REASON]"),
	  N_("ban a nick, an address or a range such as 192.0.2.0/24, for a "
	  "time like 30m, 1h30m or 7d (d: days), or for ever (operators "
	  "only)"), 1, 3, 0, cmd_oper_ban },
	{ "bans", NULL, "", N_("list bans and mutes (operators only)"),
	  0, 0, 0, cmd_oper_bans },
	{ "clear", NULL, "", N_("clear the scrollback of this window"),
	  0, 0, CMD_LOCAL, cmd_clear },
	{ "create", NULL, N_("ROOM|TITLE"),
	  N_("create a new room and join it (a title such as Book Club makes "
	  "#book-club, with the title as its topic)"), 1, 1, CMD_SHOWS,
	  cmd_create },
	{ "help", NULL, N_("[COMMAND|keys]"),
	  N_("list commands, explain one, or list the keys"),
	  0, 1, CMD_LOCAL, cmd_help },
	{ "ignore", NULL, N_("[NICK|PATTERN]"),
	  N_("hide a nick's messages from now on (spam* hides every nick "
	  "starting with spam), or list the nicks hidden"),
	  0, 1, CMD_LOCAL, cmd_ignore },
	{ "image", "img", N_("PATH [WIDTH] [CHARSET] [DITHER]"),
	  N_("send a picture as colour ASCII art (charsets: ascii, shades, "
	  "blocks; dithering: fstein, none, ordered2, ordered4, ordered8, "
	  "random)"), 1, 1, CMD_NEEDS_ROOM, cmd_image },
	{ "invite", NULL, N_("NICK [ROOM]"),
	  N_("tell a user about this room, or ROOM, and how to join it (you "
	  "must be in the room)"), 1, 2, 0, cmd_room_invite },
	{ "ircpass", NULL, N_("PASSWORD|-delete"),
	  N_("set the password with which IRC clients log in with your "
	  "claimed nick (SASL PLAIN), or delete it"), 1, 1, 0, cmd_ircpass },
	{ "join", NULL, N_("ROOM[,ROOM...]|TITLE"),
	  N_("join a room (created if missing) or switch to it"),
	  1, 1, CMD_SHOWS, cmd_room_join },
	{ "kick", NULL, N_("NICK [REASON]"),
	  N_("disconnect a user (operators only)"), 1, 2, 0, cmd_oper_kick },
	{ "leave", "part", N_("[ROOM] [REASON]"),
	  N_("leave a room, saying why to its members, or close a "
	  "conversation"), 0, 1, 0, cmd_room_leave },
	{ "me", NULL, N_("ACTION"), N_("describe what you are doing"),
	  1, 1, CMD_NEEDS_ROOM|CMD_LINES, cmd_me },
	{ "mute", NULL, N_("[-force] NICK [DURATION] [REASON]"),
	  N_("stop a user from speaking, for a time like 30m, 1h30m or 7d "
	  "(d: days), or until /unmute, telling them the reason (operators "
	  "only)"), 1, 3, 0,
	  cmd_oper_mute },
	{ "msg", "query", N_("NICK [TEXT]"),
	  N_("send a direct message (also: @NICK TEXT)"), 1, 2,
	  CMD_LINES|CMD_SHOWS, cmd_msg },
	{ "names", "who", N_("[ROOM]"), N_("list the members of a room (in "
	  "the terminal, alone: show or hide the nick list)"),
	  0, 1, 0, cmd_room_names },
	{ "nick", "name", N_("NEWNICK"), N_("change your nick"),
	  1, 1, 0, cmd_nick },
	{ "oper", NULL, N_("PASSWORD"),
	  N_("become a hub operator"), 1, 1, 0, cmd_oper },
	{ "quit", "exit", N_("[REASON]"), N_("leave the hub and exit"),
	  0, 1, CMD_LOCAL|CMD_EXACT, cmd_quit },
	{ "release", NULL, N_("[NICK]"),
	  N_("give up the claim on your nick (operators: on any nick)"),
	  0, 1, CMD_EXACT, cmd_release },
	{ "rooms", "list", "", N_("list every room on the hub"),
	  0, 0, 0, cmd_room_rooms },
	{ "search", NULL, N_("[TEXT]"),
	  N_("find text in the scrollback of this window (then Ctrl-R: an "
	  "older match, Alt-R: a newer one); alone, stop"), 0, 1, CMD_LOCAL,
	  cmd_search },
	{ "shutdown", NULL, N_("[REASON]"),
	  N_("stop the hub (operators only)"), 0, 1, CMD_EXACT,
	  cmd_oper_shutdown },
	{ "topic", NULL, N_("[TEXT|-delete]"),
	  N_("show, set or (with -delete) clear the topic of this room"),
	  0, 1, CMD_NEEDS_ROOM,
	  cmd_room_topic },
	{ "unban", NULL, N_("NICK|ADDRESS|RANGE"),
	  N_("lift a ban (operators only)"),
	  1, 1, 0, cmd_oper_unban },
	{ "unignore", NULL, N_("NICK|PATTERN"),
	  N_("show a nick's messages again"), 1, 1, CMD_LOCAL, cmd_unignore },
	{ "unmute", NULL, N_("NICK"), N_("let a muted user speak again "
	  "(operators only)"), 1, 1, 0, cmd_oper_unmute },
	{ "whois", NULL, N_("[NICK]"),
	  N_("show who a nick is: connected since, idle time, the rooms you "
	  "share, away message (alone in a conversation: its peer)"), 0, 1, 0,
	  cmd_whois },
	{ "window", NULL, N_("NUMBER|NAME"),
	  N_("show a window: its number in the room list (as Alt-N), or the "
	  "name of its room or nick"), 1, 1, CMD_LOCAL|CMD_SHOWS, cmd_window },
	{ NULL, NULL, NULL, NULL, 0, 0, 0, NULL }
};

/* A command's usage in the user's language ("" has no translation). */
static const char *
cmd_usage(const struct cmd_entry *e)
{
	return (*e->usage != '\0' ? _(e->usage) : "");
}

/*
 * The word to name a command by in its messages: the one the user typed,
 * its name or its alias in full ("/q" is told "usage: /query ...", as
 * irssi does).
 */
static const char *
cmd_word(const struct cmd_entry *e, const char *typed)
{
	if (e->alias != NULL &&
	    strncasecmp(e->name, typed, strlen(typed)) != 0)
		return (e->alias);
	return (e->name);
}

/* The command being carried out, as the user typed it (for its errors). */
const char *
cmd_typed(void)
{
	return (cmd_typed_word != NULL ? cmd_typed_word : "");
}

/*
 * Find a command: exact name, then exact alias, then a prefix of a name or
 * an alias that only one command has ("/q" is /query, "/l" could be /leave
 * or /list).  Commands that cannot be undone (/quit, /release, /shutdown)
 * are never found by a prefix.  An ambiguous prefix is an error that lists
 * the candidates.
 */
const struct cmd_entry *
cmd_find(const char *name, char **cause)
{
	const struct cmd_entry	*e, *found = NULL;
	size_t			 len = strlen(name);
	const char		*word;
	char			*list = NULL, *tmp;
	int			 n = 0;

	for (e = cmd_table; e->name != NULL; e++) {
		if (strcasecmp(e->name, name) == 0)
			return (e);
	}
	for (e = cmd_table; e->name != NULL; e++) {
		if (e->alias != NULL && strcasecmp(e->alias, name) == 0)
			return (e);
	}
	for (e = cmd_table; e->name != NULL; e++) {
		if (len == 0 || (e->flags & CMD_EXACT))
			continue;
		if (strncasecmp(e->name, name, len) == 0)
			word = e->name;
		else if (e->alias != NULL &&
		    strncasecmp(e->alias, name, len) == 0)
			word = e->alias;
		else
			continue;
		found = e;
		if (list == NULL)
			xasprintf(&list, "/%s", word);
		else {
			xasprintf(&tmp, "%s, /%s", list, word);
			free(list);
			list = tmp;
		}
		n++;
	}
	if (n == 1) {
		free(list);
		return (found);
	}
	if (n == 0)
		xasprintf(cause, _("unknown command: /%s (try /help)"), name);
	else
		xasprintf(cause, _("ambiguous command: /%s could be %s"), name,
		    list);
	free(list);
	return (NULL);
}

/*
 * Split arguments: at most max words, the last of which takes the rest of
 * the line as it is.  A word may also end a line: the next starts the
 * next line.
 */
int
cmd_split(const char *line, int max, char ***argvp, int *argcp)
{
	const char	*p = line, *start;
	char		**argv = NULL;
	int		 argc = 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		argv = xreallocarray(argv, argc + 1, sizeof *argv);
		if (argc == max - 1) {
			start = p;
			p += strlen(p);
			while (p > start && p[-1] == ' ')
				p--;
			argv[argc++] = xstrndup(start, p - start);
			break;
		}
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\n')
			p++;
		argv[argc++] = xstrndup(start, p - start);
		if (*p == '\n')
			p++;	/* "/msg bob" then lines of text */
	}
	*argvp = argv;
	*argcp = argc;
	return (0);
}

/* Free what cmd_split returned. */
void
cmd_free_argv(int argc, char **argv)
{
	int	i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/*
 * Carry out one line of input: a /command, @nick text, or text for the
 * current room or conversation ("//text" sends "/text").  Returns -1 with
 * a reason if nothing was sent, so the caller can keep the input, or
 * CLIENT_NOT_SENT if the line was good but could not go now (not
 * connected).
 *
 * Input of several lines (a paste) is a message, never a command with the
 * other lines as its argument: if its first word is no command (a pasted
 * path such as "/etc/hosts"), it is sent as text; if it is one, other than
 * those whose text may have several lines (/me, /msg), it is refused with
 * CMD_ONE_LINE and nothing runs.
 */
int
cmd_execute(struct client *c, const char *line, char **cause)
{
	const struct cmd_entry	*e;
	char			*name, **argv = NULL;
	const char		*rest, *word;
	size_t			 n;
	int			 argc = 0, rc, lines;

	*cause = NULL;
	if (line[0] == '/' && line[1] != '/') {
		lines = strchr(line, '\n') != NULL;
		n = strcspn(line + 1, " \n");
		name = xstrndup(line + 1, n);
		rest = line + 1 + n;
		if (*rest == ' ' || *rest == '\n')
			rest++;
		e = cmd_find(name, cause);
		if (e == NULL && lines) {
			free(*cause);
			*cause = NULL;
			free(name);
			return (cmd_say(c, line, 0, cause));
		}
		if (e == NULL) {
			free(name);
			return (-1);
		}
		word = cmd_typed_word = cmd_word(e, name);
		free(name);
		if (lines && (~e->flags & CMD_LINES)) {
			xasprintf(cause, _("/%s takes one line: nothing was "
			    "sent"), word);
			return (CMD_ONE_LINE);
		}
		cmd_split(rest, e->maxargs, &argv, &argc);
		if (e->maxargs == 0 && argc > 0) {
			/* "usage: /rooms " would show nothing to fix. */
			xasprintf(cause, _("/%s takes no arguments"), word);
			cmd_free_argv(argc, argv);
			return (-1);
		}
		if (argc < e->minargs || argc > e->maxargs) {
			xasprintf(cause, _("usage: /%s %s"), word,
			    cmd_usage(e));
			cmd_free_argv(argc, argv);
			return (-1);
		}
		if ((e->flags & CMD_NEEDS_ROOM) && cmd_view_held(c, cause)) {
			cmd_free_argv(argc, argv);
			return (-1);
		}
		if ((e->flags & CMD_NEEDS_ROOM) && c->current == c->status) {
			xasprintf(cause, _("/%s needs a room: /join one first"),
			    word);
			cmd_free_argv(argc, argv);
			return (-1);
		}
		rc = e->exec(c, argc, argv, cause);
		cmd_free_argv(argc, argv);
		return (rc);
	}
	if (line[0] == '/')
		line++;
	else if (line[0] == '@' && line[1] != '\0' && line[1] != ' ') {
		cmd_split(line + 1, 2, &argv, &argc);
		if (argc < 2) {
			*cause = xstrdup(_("usage: @NICK TEXT"));
			cmd_free_argv(argc, argv);
			return (-1);
		}
		rc = client_send_say(c, argv[0], CLIENT_SAY_DM, argv[1], NULL,
		    cause);
		cmd_free_argv(argc, argv);
		return (rc);
	}
	return (cmd_say(c, line, 0, cause));
}

/*
 * The command of a line if it shows another window, as it was typed (its
 * name or alias): /join, /window, /create, or /msg (/query) NICK without
 * text.  --batch holds back the lines for the room in view after one that
 * failed (see cmd_view_held).
 */
const char *
cmd_shows(const char *line)
{
	const struct cmd_entry	*e;
	const char		*rest, *word;
	char			*name, *cause = NULL, **argv;
	size_t			 n;
	int			 argc;

	if (line[0] != '/' || line[1] == '/')
		return (NULL);
	n = strcspn(line + 1, " \n");
	name = xstrndup(line + 1, n);
	e = cmd_find(name, &cause);
	free(cause);
	if (e == NULL || (~e->flags & CMD_SHOWS)) {
		free(name);
		return (NULL);
	}
	word = cmd_word(e, name);
	free(name);
	rest = line + 1 + n;
	if (*rest == ' ' || *rest == '\n')
		rest++;
	cmd_split(rest, e->maxargs, &argv, &argc);
	cmd_free_argv(argc, argv);
	return (argc <= e->minargs ? word : NULL);
}

/*
 * Refuse a line that would act on the window in view when the last room
 * change failed (c->view_held, set by --batch): the script meant another
 * room, so the line would land where it was not meant to.
 */
int
cmd_view_held(struct client *c, char **cause)
{
	const char	*held = c->view_held;

	if (held == NULL)
		return (0);
	if (c->current == c->status)
		xasprintf(cause, _("not sent: the last /%s failed and the "
		    "status window is still in view; lines for it are refused "
		    "until a /join or /window works"), held);
	else
		xasprintf(cause, _("not sent: the last /%s failed and %s%s is "
		    "still in view; lines for it are refused until a /join or "
		    "/window works"), held,
		    (c->current->flags & CROOM_DM) ? "@" : "#",
		    c->current->name);
	return (1);
}

/*
 * Why text typed in the status window goes nowhere: where to go instead,
 * a room already joined if there is one.
 */
char *
cmd_no_room(struct client *c)
{
	if (client_window(c, 1) == NULL)
		return (xstrdup(_("you are not in a room: /join one first")));
	return (xstrdup(_("the status window takes no messages: go to a room "
	    "with Alt-N or /window N, or /join one")));
}

/* Send text (or an action) to the room or conversation in view. */
static int
cmd_say(struct client *c, const char *text, int action, char **cause)
{
	int	flags = action ? CLIENT_SAY_ACTION : 0;

	if (*text == '\0')
		return (0);
	if (cmd_view_held(c, cause))
		return (-1);
	if (c->current == c->status) {
		*cause = cmd_no_room(c);
		return (-1);
	}
	if (c->current->flags & CROOM_DM)
		flags |= CLIENT_SAY_DM;
	return (client_send_say(c, c->current->name, flags, text, NULL, cause));
}

/* /clear */
static int
cmd_clear(struct client *c, int argc, char **argv, char **cause)
{
	cbuf_clear(&c->current->buf);
	if (c->ui->state != NULL)
		c->ui->state(c);
	return (0);
}

/* /help [COMMAND] */
static int
cmd_help(struct client *c, int argc, char **argv, char **cause)
{
	const struct cmd_entry	*e;
	const char		*name;
	char			*unknown;

	if (argc == 1 && strcmp(argv[0], "keys") == 0) {
		cmd_keys_help(c);
		return (0);
	}
	if (argc == 1) {
		name = argv[0][0] == '/' ? argv[0] + 1 : argv[0];
		if ((e = cmd_find(name, cause)) == NULL) {
			/* Asked for help already: not "try /help". */
			xasprintf(&unknown, _("unknown command: /%s (try "
			    "/help)"), name);
			if (strcmp(*cause, unknown) == 0) {
				free(*cause);
				xasprintf(cause, _("no help for %s: /help lists "
				    "the commands, /help keys the keys"), name);
			}
			free(unknown);
			return (-1);
		}
		client_notice_shown(c, c->current, "/%s%s%s — %s",
		    e->name, *e->usage != '\0' ? " " : "", cmd_usage(e),
		    _(e->help));
		if (e->alias != NULL)
			client_notice_shown(c, c->current,
			    _("alias: /%s"), e->alias);
		return (0);
	}
	client_notice_shown(c, c->current, _("commands:"));
	for (e = cmd_table; e->name != NULL; e++)
		client_notice_shown(c, c->current, "  /%s%s%s — %s",
		    e->name, *e->usage != '\0' ? " " : "", cmd_usage(e),
		    _(e->help));
	client_notice_shown(c, c->current,
	    _("@NICK TEXT sends a direct message; //TEXT sends text "
	    "starting with /"));
	client_notice_shown(c, c->current,
	    _("/help keys lists the key bindings"));
	return (0);
}

/* /me ACTION */
static int
cmd_me(struct client *c, int argc, char **argv, char **cause)
{
	return (cmd_say(c, argv[0], 1, cause));
}

/* /msg NICK [TEXT]: without text, open the conversation. */
static int
cmd_msg(struct client *c, int argc, char **argv, char **cause)
{
	struct croom	*r;

	if (argc == 1) {
		/* Open a window only for someone we know is there. */
		if (!cmd_known_nick(c, argv[0])) {
			xasprintf(cause, _("%s is in none of your rooms; "
			    "/msg %s TEXT sends a message all the same, if "
			    "they are on the hub"), argv[0], argv[0]);
			return (-1);
		}
		if ((r = client_room(c, argv[0], CLIENT_ROOM_NEW_DM)) ==
		    NULL) {
			xasprintf(cause, _("too many windows: close one with "
			    "/leave first"));
			return (-1);
		}
		client_room_open(c, r);
		client_switch(c, r);
		return (0);
	}
	return (client_send_say(c, argv[0], CLIENT_SAY_DM, argv[1], NULL,
	    cause));
}

/* Is a nick in one of our rooms, or in a conversation of ours? */
static int
cmd_known_nick(struct client *c, const char *nick)
{
	struct croom	*r;

	if (client_room(c, nick, CLIENT_ROOM_DM) != NULL)
		return (1);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_room_member_has(r, nick))
			return (1);
	}
	return (0);
}

/* /nick NEWNICK, with the proof that moves an old claim on it to our key. */
static int
cmd_nick(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_NICK, .nick = argv[0] };
	enum proto_err		err;
	char			proof[65], *kept, *nfc;
	int			rc;

	/* In NFC, as the hub keeps it: an old claim's proof covers it. */
	if ((nfc = utf8_nfc(argv[0])) != NULL)
		req.nick = nfc;
	req.legacy = client_hello_legacy_proof(c, req.nick, proof);
	/*
	 * Refused here, the cause is in the user's language.  A nick that
	 * only the older rules allow is for the hub to judge: it opens for
	 * the owner of a claim made under them, by the old secret or by the
	 * key the claim has since moved to, as at login.
	 */
	if (req.legacy == NULL && proto_check_nick_local(req.nick, cause) != 0) {
		if (proto_check_kept_nick(req.nick, &err, &kept) != 0) {
			free(kept);
			free(nfc);
			return (-1);
		}
		free(*cause);
		*cause = NULL;
	}
	rc = client_send_request(c, &req);
	free(nfc);
	return (rc);
}

/* /quit [REASON] */
static int
cmd_quit(struct client *c, int argc, char **argv, char **cause)
{
	client_quit(c, argc > 0 ? argv[0] : NULL);
	return (0);
}

/* /release [NICK] */
static int
cmd_release(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_RELEASE,
	    .nick = argc > 0 ? argv[0] : NULL };

	return (client_send_request(c, &req));
}

/*
 * /window NUMBER|NAME: the numbers are the room list's, as for Alt-N.  A
 * number no window has may still name a room ("/window 5" with fewer
 * windows shows #5); "/window #5" always means the room.  A name is as
 * the room list shows it: "status", "#room" only a room, "@nick" only a
 * conversation, and without # or @ either.  "status" is the status
 * window, as the list shows it, even with a room #status: the user is
 * told how to reach that one.
 */
static int
cmd_window(struct client *c, int argc, char **argv, char **cause)
{
	struct croom	*r = NULL;
	const char	*name = argv[0];
	long long	 n;

	if (parse_number(name, 0, UINT32_MAX, &n) == 0)
		r = client_window(c, n);
	else if (strcmp(name, _("status")) == 0 || strcmp(name, "status") == 0) {
		/* As the room list names it; say how to reach a namesake. */
		if ((r = client_room_named(c, name)) != NULL &&
		    r != c->status && (r->flags & CROOM_JOINED)) {
			client_switch(c, c->status);
			if (r->flags & CROOM_DM)
				client_notice(c, c->status, CLINE_NOTICE,
				    _("this is the status window: /window "
				    "@%s goes to the conversation"), r->name);
			else
				client_notice(c, c->status, CLINE_NOTICE,
				    _("this is the status window: /window "
				    "#%s goes to the room"), r->name);
			return (0);
		}
		r = c->status;
	}
	if (r == NULL && (r = client_room_named(c, name)) != NULL &&
	    (r == c->status || !(r->flags & CROOM_JOINED)))
		r = NULL;
	if (r == NULL) {
		xasprintf(cause, _("there is no window %s"), argv[0]);
		return (-1);
	}
	client_switch(c, r);
	return (0);
}

/* /away [MESSAGE]: alone, back. */
static int
cmd_away(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_AWAY,
	    .text = argc > 0 ? argv[0] : NULL };
	int			rc;

	if (argc > 0 && utf8_strlen(argv[0], strlen(argv[0])) > CR_AWAY_MAX) {
		xasprintf(cause, _("an away message has at most %d characters"),
		    CR_AWAY_MAX);
		return (-1);
	}
	if ((rc = client_send_request(c, &req)) != 0)
		return (rc);
	/* Its ack without an away_changed means we were not away. */
	if (req.text == NULL)
		c->away_back = c->seq;
	return (0);
}

/* /whois [NICK]: alone in a conversation, its peer. */
static int
cmd_whois(struct client *c, int argc, char **argv, char **cause)
{
	struct proto_request	req = { .type = PROTO_WHOIS };

	if (argc > 0)
		req.nick = argv[0][0] == '@' ? argv[0] + 1 : argv[0];
	else if ((c->current->flags & CROOM_DM) && cmd_view_held(c, cause))
		return (-1);
	else if (c->current->flags & CROOM_DM)
		req.nick = c->current->name;
	else {
		*cause = xstrdup(_("usage: /whois NICK"));
		return (-1);
	}
	return (client_send_request(c, &req));
}
