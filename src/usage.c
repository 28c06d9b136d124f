/* SPDX-License-Identifier: ISC */
/* usage.c: the text of --help and --version, the hint after a usage error. */

#include <sys/types.h>

#include <stdio.h>

#include <Imlib2.h>
#include <caca.h>
#include <cjson/cJSON.h>
#include <curses.h>
#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <openssl/crypto.h>
#include <utf8proc.h>

#include "chatroom.h"

/* Print usage. */
void
usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [NICK@]HOST[:PORT][/#ROOM]\n"
	    "       %s --batch [--json] [--live] [NICK@]HOST[:PORT][/#ROOM]\n"
	    "       %s --serve [OPTION]...\n"), "chatroom", "chatroom",
	    "chatroom");
	fputs(_("A terminal chat: a hub (--serve) and a full-screen client.\n"
	    "\n"
	    "Client:\n"
	    "      --batch                line mode for scripts and bots: "
	    "read stdin,\n"
	    "                             print events on stdout\n"
	    "      --json                 with --batch, print raw protocol "
	    "lines\n"
	    "      --live                 with --batch, leave out messages "
	    "replayed\n"
	    "                             from history\n"
	    "      --trust FINGERPRINT    accept the hub's certificate with "
	    "this SHA-256\n"
	    "                             fingerprint (and remember it)\n"
	    "      --insecure             plain TCP, no TLS (both sides "
	    "must say so)\n"
	    "      --password-file FILE   the hub's password (hub: require "
	    "it)\n"
	    "      --no-logs              keep no conversation logs\n"
	    "      --no-mouse             leave the mouse to the terminal\n"
	    "\n"
	    "Hub:\n"
	    "      --serve                run the hub\n"
	    "      --config FILE          read KEY=VALUE settings from FILE\n"
	    "      --listen [HOST]:PORT   address to listen on (default "
	    ":7777, all)\n"
	    "      --history FILE         history file (default "
	    "$XDG_STATE_HOME/chatroom/history.json)\n"
	    "      --flush-interval SECS  seconds between history writes "
	    "(default 1)\n"
	    "      --history-size N       messages kept per room (default "
	    "1000)\n"
	    "      --replay N             messages replayed on join "
	    "(default 50)\n"
	    "      --resume-timeout SECS  how long a lost session may be "
	    "resumed (default 120)\n"
	    "      --admin-password-file FILE  enable /oper with the "
	    "password in FILE\n"
	    "      --tls-cert FILE        TLS certificate chain (default: a "
	    "self-signed\n"
	    "                             one made beside the history file)\n"
	    "      --tls-key FILE         the certificate's private key\n"
	    "      --motd-file FILE       message of the day shown on login\n"
	    "      --claim-days N         forget nick claims unused for N "
	    "days (default 90)\n"
	    "      --log-file FILE        log to FILE instead of stderr\n"
	    "      --log-messages         log message text too\n"
	    "      --flood-burst N        requests a client may send at once "
	    "(default 10)\n"
	    "      --flood-rate N         requests a second after the burst "
	    "(default 5;\n"
	    "                             0 turns flood control off)\n"
	    "      --max-clients-per-ip N connections from one address "
	    "(default 10, 0: any)\n"
	    "      --max-clients N        connections in all (default 19000)\n"
	    "      --handshake-timeout SECS  time to say hello (default 10)\n"
	    "      --ping-timeout SECS    drop silent clients after SECS "
	    "(default 60)\n"
	    "      --send-queue BYTES     output queued for a client before "
	    "it is\n"
	    "                             dropped (default 262144)\n"), f);
	fputs(_("      --history-bytes BYTES  memory the messages of all rooms "
	    "may take;\n"
	    "                             the oldest go first (default "
	    "134217728)\n"
	    "      --room-history-bytes BYTES  the same for each room "
	    "(default 8388608)\n"), f);
	fputs(_("      --cluster redis://HOST[:PORT][/DB]\n"
	    "                             share rooms, nicks and history with "
	    "other hubs\n"
	    "                             through Redis\n"
	    "      --cluster-password-file FILE  the Redis password\n"), f);
	fputs(_("      --cluster-ttl SECS     how long a silent hub counts as "
	    "alive (default 10)\n"), f);
	fputs(_("      --irc-listen [HOST]:PORT  also take IRC clients there "
	    "(repeatable;\n"
	    "                             TLS unless --insecure; a HOST "
	    "alone: port 6697)\n"
	    "      --irc-server-name NAME the server's name for IRC clients "
	    "(default:\n"
	    "                             the host name)\n"
	    "      --irc-autojoin ROOM[,ROOM]  rooms IRC clients join on "
	    "login (default\n"
	    "                             none)\n"), f);
	fputs(_("      --admin-email ADDRESS  how to reach the hub's operators, "
	    "for IRC's\n"
	    "                             ADMIN (default: not said)\n"), f);
	fputs(_("      --metrics [HOST]:PORT  serve /metrics (Prometheus) and "
	    "/healthz over\n"
	    "                             HTTP (without a host: on "
	    "127.0.0.1)\n"
	    "      --stats-interval SECS  log a line of figures every SECS "
	    "seconds\n"
	    "                             (default 0: never)\n"), f);
	fputs(_("      --check                read the settings and the files "
	    "they name, write\n"
	    "                             nothing, say whether the hub would "
	    "start\n"), f);
	fputs(_("Hub limits per address (see chatroom(1)):\n"
	    "      --login-burst N        logins at once (default 20)\n"
	    "      --login-rate N         logins a minute after the burst "
	    "(default 30;\n"
	    "                             0: no limit)\n"
	    "      --churn-seconds SECS   a session ending sooner, under churn, "
	    "signs\n"
	    "                             off without its reason (default 60)\n"
	    "      --max-ghosts-per-ip N  sessions waiting for a resume "
	    "(default 20)\n"
	    "      --max-ghosts N         ... from all addresses (default "
	    "2000)\n"
	    "      --room-burst N         rooms made at once (default 10)\n"
	    "      --room-rate N          rooms an hour after the burst "
	    "(default 12; 0: any)\n"
	    "      --room-expire SECS     rooms empty and quiet this long go "
	    "(default\n"
	    "                             604800, a week; 0: never)\n"
	    "      --max-claims-per-key N nicks one key may claim (default "
	    "10)\n"
	    "      --claims-per-ip N      new claims a day (default 20; 0: "
	    "any)\n"
	    "      --max-claims N         claims in all (default 100000)\n"),
	    f);
	fputs(_("  -a, --address HOST         hub: the address to listen on; "
	    "client: the\n"
	    "                             hub to connect to\n"
	    "  -p, --port PORT            hub: the port to listen on; client: "
	    "the hub's\n"
	    "                             port\n"), f);
	fputs(_("  -v, --verbose              log more (twice: every delivery "
	    "too)\n"
	    "  -q, --quiet                log only warnings\n"
	    "\n"
	    "      --help                 show this help and exit\n"
	    "      --version              show the versions (libraries too) and "
	    "exit\n"
	    "\n"
	    "See chatroom(1) for the commands and key bindings.\n"), f);
}

/*
 * The version, and the version of each library as loaded, since a bug
 * report needs both and a distribution may update a library alone;
 * hiredis says only the version it was built with.
 */
void
usage_version(FILE *f)
{
	int	im = imlib_version();

	fprintf(f, "%s\n", PACKAGE_STRING);
	fputs("Copyright (c) 2026 The chatroom authors\n"
	    "License: ISC\n", f);
	fputs(_("This is free software: you may use, copy, modify and "
	    "distribute it.\nThere is NO WARRANTY, to the extent permitted "
	    "by law.\n"), f);
	fputs(_("Libraries:\n"), f);
	fprintf(f, "  libevent %s\n", event_get_version());
	fprintf(f, "  %s\n", OpenSSL_version(OPENSSL_VERSION));
	fprintf(f, "  %s\n", curses_version());
	fprintf(f, "  cJSON %s\n", cJSON_Version());
	fprintf(f, "  libcaca %s\n", caca_get_version());
	fprintf(f, "  Imlib2 %d.%d.%d\n", im / 10000, im / 100 % 100, im % 100);
	fprintf(f, "  utf8proc %s\n", utf8proc_version());
	fprintf(f, "  hiredis %d.%d.%d\n", HIREDIS_MAJOR, HIREDIS_MINOR,
	    HIREDIS_PATCH);
}

/* After a usage error: one line pointing to --help, as getopt said why. */
void
usage_short(void)
{
	log_stderr(_("Try 'chatroom --help' for more information.\n"));
}
