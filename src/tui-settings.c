/* SPDX-License-Identifier: ISC */
/* tui-settings.c: the terminal client's settings from its configuration file. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "tui.h"

/*
 * Besides HOST, PORT and NICK, the client's configuration file
 * ($XDG_CONFIG_HOME/chatroom/config, described in chatroom.conf(5)) holds
 * these; the command line's --no-logs and --no-mouse win over them.  A
 * value that makes no sense is reported (config_problem: in the status
 * window) and the default kept.
 */

static int	tui_settings_bool(struct target *, const char *, int);

/* A yes/no setting, or its default when absent or not understood. */
static int
tui_settings_bool(struct target *tg, const char *key, int dflt)
{
	const char	*v;

	if ((v = config_get(tg->settings, tg->nsettings, key)) == NULL)
		return (dflt);
	if (config_false(v))
		return (0);
	if (config_true(v))
		return (1);
	config_problem(tg, key, _("%s=%s: expected yes or no"), key, v);
	return (dflt);
}

/* Take the settings of the target's configuration. */
void
tui_settings_load(struct tui *t, struct target *tg)
{
	const char	*v;
	long long	 n;

	t->set_logs = !tg->no_logs && tui_settings_bool(tg, "LOGS", 1);
	t->set_mouse = !tg->no_mouse && tui_settings_bool(tg, "MOUSE", 1);
	t->set_title = tui_settings_bool(tg, "TITLE", 1);
	t->set_nick_colours = tui_settings_bool(tg, "NICK_COLOURS", 1);
	t->set_irc_colours = tui_settings_bool(tg, "IRC_COLOURS", 1);
	t->client->last_rejoin = tui_settings_bool(tg, "REJOIN", 1);

	t->set_notify = TUI_NOTIFY_OFF;
	if ((v = config_get(tg->settings, tg->nsettings, "NOTIFY")) != NULL) {
		if (strcasecmp(v, "osc777") == 0)
			t->set_notify = TUI_NOTIFY_OSC777;
		else if (strcasecmp(v, "osc9") == 0)
			t->set_notify = TUI_NOTIFY_OSC9;
		else if (!config_false(v))
			config_problem(tg, "NOTIFY", _("NOTIFY=%s: expected "
			    "osc777, osc9 or no"), v);
	}

	free(t->set_stamp);
	t->set_stamp = NULL;
	if ((v = config_get(tg->settings, tg->nsettings, "TIMESTAMP")) !=
	    NULL && *v != '\0' && strlen(v) < 32)
		t->set_stamp = xstrdup(v);

	if ((v = config_get(tg->settings, tg->nsettings, "HIGHLIGHT")) !=
	    NULL)
		client_highlight_set(t->client, v);

	t->set_log_new = TUI_LOG_NEW;
	if ((v = config_get(tg->settings, tg->nsettings, "LOG_NEW_FILES")) !=
	    NULL) {
		if (parse_number(v, 0, TUI_LOG_NEW_MAX, &n) == 0)
			t->set_log_new = n;
		else
			config_problem(tg, "LOG_NEW_FILES", _("%s: invalid "
			    "value '%s' (expected an integer from %lld to "
			    "%lld)"), "LOG_NEW_FILES", v, 0LL,
			    (long long)TUI_LOG_NEW_MAX);
	}
}
