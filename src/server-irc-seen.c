/* SPDX-License-Identifier: ISC */
/* server-irc-seen.c: the last message each IRC nick was sent in a room. */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "server.h"
#include "server-irc.h"

/*
 * An IRC client has no resume token: after a hub restart, or when it
 * reconnects, it registers and joins again, and a JOIN replay of the
 * room's last lines would show it lines it has already.  So the hub
 * keeps, per nick and room, the id of the last message it sent that nick
 * there, when, and to which address; a JOIN replay starts after it if
 * the connection is the same person's by the rule of server_irc_seen_get.
 * The table is bounded and saved beside the history file (NAME.irc-seen)
 * so that it outlives a restart.
 *
 * Written is not read: a client that froze or lost its network is sent
 * lines until its ping timeout, and they die in a socket buffer.  So each
 * entry also keeps the last id proven read: now and then the hub sends a
 * PING of its own behind the lines (on the client's next input, at most
 * every SERVER_IRC_SEEN_PROVE seconds), and its PONG proves the client
 * read all that came before.  A connection lost uncleanly (no QUIT, the
 * hub not stopping) has its entries taken back to what was proven.
 *
 * A nick change does not start the client afresh: a bouncer or a bot
 * renamed for a while comes back with the nick it is configured with.
 * So a connection keeps the nicks it had before (SIRC_SEEN_OLD), and
 * what it is sent is noted for them too, unless someone else holds one.
 */
struct server_irc_seen {
	char		*nick;		/* folded */
	char		*room;
	char		*addr;
	uint64_t	 id;
	uint64_t	 pinged;	/* id when the proof PING went */
	uint64_t	 proven;	/* id before a PING that was answered */
	time_t		 when;		/* last sent there, or joined */
	u_int		 idx;		/* in server_irc_seen_all */
};

#define SERVER_IRC_SEEN_MAX	4096		/* nick and room pairs */
#define SERVER_IRC_SEEN_OWNED	(7 * 86400)	/* proved: a week */
#define SERVER_IRC_SEEN_ADDR	86400		/* same address: a day */
#define SERVER_IRC_SEEN_EVERY	1		/* seconds between saves */
#define SERVER_IRC_SEEN_TOUCH	3600		/* a connection's, at most */
#define SERVER_IRC_SEEN_PROVE	5		/* seconds between proof PINGs */
#define SERVER_IRC_SEEN_TOKEN	"chatroom-seen-"
#define SERVER_IRC_SEEN_MAGIC	"chatroom-irc-seen 1"

static void			 *server_irc_seen_tree;
static struct server_irc_seen	**server_irc_seen_all;
static u_int			  server_irc_seen_n;
static u_int			  server_irc_seen_cap;
static int			  server_irc_seen_loaded;
static int			  server_irc_seen_dirty;
static time_t			  server_irc_seen_saved;
static u_int			  server_irc_seen_gen;	/* entries freed */
static u_int			  server_irc_seen_failed; /* said once */

/*
 * The saves but the last are written and synced by a thread of their
 * own, so that the loop never waits for the disk: the loop hands it a
 * copy of the table, which replaces one still waiting.
 */
static struct {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 running;
	int		 quit;
	char		*path;		/* the job waiting, or NULL */
	char		*buf;
	size_t		 len;
	char		*cause;		/* the last write's failure */
	int		 result;	/* 1 ok, -1 failed, 0 none since */
} server_irc_seen_w;

static int	server_irc_seen_cmp(const void *, const void *);
static struct server_irc_seen *server_irc_seen_find(const char *,
		    const char *);
static struct server_irc_seen *server_irc_seen_add(const char *,
		    const char *, const char *, uint64_t, time_t);
static void	server_irc_seen_remove(struct server_irc_seen *);
static void	server_irc_seen_evict(void);
static int	server_irc_seen_older(const void *, const void *);
static void	server_irc_seen_load(void);
static char	*server_irc_seen_path(void);
static void	server_irc_seen_prove(struct server_client *);
static char	*server_irc_seen_dump(size_t *);
static void	*server_irc_seen_main(void *);
static void	server_irc_seen_result(int, char *);
static void	server_irc_seen_stop(void);
static const char *server_irc_seen_key(struct server_irc *, u_int);
static void	server_irc_seen_rename(struct server_irc *, const char *);
static void	server_irc_seen_also(struct session *, const char *,
		    const char *, uint64_t, time_t);

/* The connection's i-th key: its nick's, then its former nicks'. */
static const char *
server_irc_seen_key(struct server_irc *irc, u_int i)
{
	if (irc->seen_key == NULL)
		return (NULL);
	if (i == 0)
		return (irc->seen_key);
	if (i - 1 < irc->seen_nold)
		return (irc->seen_old[i - 1]);
	return (NULL);
}

/*
 * The connection's nick changed to nick: keep the key it had among its
 * former ones (the oldest goes if there are too many), not the new one.
 */
static void
server_irc_seen_rename(struct server_irc *irc, const char *nick)
{
	char	*key;
	u_int	 i;

	key = utf8_casefold(nick);
	for (i = 0; i < irc->seen_nold; i++) {
		if (strcmp(irc->seen_old[i], key) == 0) {
			free(irc->seen_old[i]);
			irc->seen_old[i] = irc->seen_old[--irc->seen_nold];
			break;
		}
	}
	if (irc->seen_key != NULL && strcmp(irc->seen_key, key) != 0) {
		if (irc->seen_nold == SIRC_SEEN_OLD) {
			free(irc->seen_old[0]);
			memmove(irc->seen_old, irc->seen_old + 1,
			    (SIRC_SEEN_OLD - 1) * sizeof *irc->seen_old);
			irc->seen_nold--;
		}
		irc->seen_old[irc->seen_nold++] = irc->seen_key;
	} else
		free(irc->seen_key);
	free(irc->seen_nick);
	irc->seen_nick = xstrdup(nick);
	irc->seen_key = key;
	irc->seen_last = NULL;
}

/*
 * Note a message sent for a former nick of the session's, unless another
 * session holds that nick now (it is theirs then).
 */
static void
server_irc_seen_also(struct session *s, const char *key, const char *room,
    uint64_t id, time_t now)
{
	struct server_irc_seen	*e;
	struct session		*holder;

	if ((holder = session_find_nick(key)) != NULL && holder != s)
		return;
	if ((e = server_irc_seen_find(key, room)) == NULL)
		e = server_irc_seen_add(key, room, s->client->ip != NULL ?
		    s->client->ip->ip : NULL, id, now);
	if (id > e->id)
		e->id = id;
	e->when = now;
}

/* Order entries by nick, then room. */
static int
server_irc_seen_cmp(const void *a, const void *b)
{
	const struct server_irc_seen	*x = a, *y = b;
	int				 cmp;

	if ((cmp = strcmp(x->nick, y->nick)) != 0)
		return (cmp);
	return (strcmp(x->room, y->room));
}

/* Find the entry of a folded nick in a room. */
static struct server_irc_seen *
server_irc_seen_find(const char *nick, const char *room)
{
	struct server_irc_seen	 find, **found;

	find.nick = (char *)nick;
	find.room = (char *)room;
	found = tfind(&find, &server_irc_seen_tree, server_irc_seen_cmp);
	return (found != NULL ? *found : NULL);
}

/* Add an entry, making room first if the table is full. */
static struct server_irc_seen *
server_irc_seen_add(const char *nick, const char *room, const char *addr,
    uint64_t id, time_t when)
{
	struct server_irc_seen	*e;

	if (server_irc_seen_n >= SERVER_IRC_SEEN_MAX)
		server_irc_seen_evict();
	e = xcalloc(1, sizeof *e);
	e->nick = xstrdup(nick);
	e->room = xstrdup(room);
	e->addr = xstrdup(addr != NULL ? addr : "");
	e->id = id;
	e->when = when;
	if (tsearch(e, &server_irc_seen_tree, server_irc_seen_cmp) == NULL)
		fatalx("tsearch failed");
	if (server_irc_seen_n == server_irc_seen_cap) {
		server_irc_seen_cap = server_irc_seen_cap * 2 + 64;
		server_irc_seen_all = xreallocarray(server_irc_seen_all,
		    server_irc_seen_cap, sizeof *server_irc_seen_all);
	}
	e->idx = server_irc_seen_n;
	server_irc_seen_all[server_irc_seen_n++] = e;
	return (e);
}

/* Take an entry out of the table and free it. */
static void
server_irc_seen_remove(struct server_irc_seen *e)
{
	struct server_irc_seen	*last;

	tdelete(e, &server_irc_seen_tree, server_irc_seen_cmp);
	server_irc_seen_gen++;	/* no connection keeps it now */
	last = server_irc_seen_all[--server_irc_seen_n];
	server_irc_seen_all[e->idx] = last;
	last->idx = e->idx;
	free(e->nick);
	free(e->room);
	free(e->addr);
	free(e);
}

/* Oldest first. */
static int
server_irc_seen_older(const void *a, const void *b)
{
	const struct server_irc_seen	*x = *(struct server_irc_seen **)a;
	const struct server_irc_seen	*y = *(struct server_irc_seen **)b;

	return ((x->when > y->when) - (x->when < y->when));
}

/*
 * The table is full: forget the quarter used least recently, at once,
 * so that a full table costs a sort now and then, not one per entry.
 */
static void
server_irc_seen_evict(void)
{
	struct server_irc_seen	**old;
	u_int			  i, n = server_irc_seen_n / 4 + 1;

	old = xreallocarray(NULL, server_irc_seen_n, sizeof *old);
	memcpy(old, server_irc_seen_all, server_irc_seen_n * sizeof *old);
	qsort(old, server_irc_seen_n, sizeof *old, server_irc_seen_older);
	for (i = 0; i < n; i++)
		server_irc_seen_remove(old[i]);
	free(old);
	server_irc_seen_dirty = 1;
}

/* The file beside the history file, or NULL if there is none. */
static char *
server_irc_seen_path(void)
{
	const char	*history = server_options()->history;
	char		*path;

	if (history == NULL || *history == '\0')
		return (NULL);
	xasprintf(&path, "%s.irc-seen", history);
	return (path);
}

/*
 * Read the saved table once.  It is a hint, not history: a line that
 * does not parse is skipped, and a missing or unreadable file is an
 * empty table (the replay is then the room's last lines, as before).
 */
static void
server_irc_seen_load(void)
{
	FILE			*f;
	char			*path, *line = NULL, *p, *field[5];
	size_t			 size = 0;
	ssize_t			 len;
	u_int			 n;
	unsigned long long	 id;
	long long		 when;
	char			*end;
	time_t			 now = time(NULL);

	if (server_irc_seen_loaded)
		return;
	server_irc_seen_loaded = 1;
	if ((path = server_irc_seen_path()) == NULL)
		return;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			log_warn("%s", path);
		free(path);
		return;
	}
	if ((len = getline(&line, &size, f)) <= 0 ||
	    strncmp(line, SERVER_IRC_SEEN_MAGIC "\n", len) != 0) {
		log_warnx("%s: not a table of IRC replays: ignored", path);
		goto out;
	}
	while ((len = getline(&line, &size, f)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		p = line;
		for (n = 0; n < 5 && p != NULL; n++)
			field[n] = strsep(&p, "\t");
		if (n != 5 || p != NULL || *field[0] == '\0' ||
		    *field[1] == '\0')
			continue;
		errno = 0;
		id = strtoull(field[3], &end, 10);
		if (errno != 0 || *end != '\0' || id == 0)
			continue;
		when = strtoll(field[4], &end, 10);
		if (errno != 0 || *end != '\0' ||
		    now - when > SERVER_IRC_SEEN_OWNED)
			continue;
		/* Taken as read: no one is connected to say otherwise. */
		if (server_irc_seen_find(field[0], field[1]) == NULL)
			server_irc_seen_add(field[0], field[1], field[2], id,
			    when)->proven = id;
	}
out:
	free(line);
	fclose(f);
	free(path);
}

/* The table as the file holds it. */
static char *
server_irc_seen_dump(size_t *len)
{
	struct server_irc_seen	*e;
	FILE			*f;
	char			*buf = NULL;
	u_int			 i;
	int			 bad;

	*len = 0;
	if ((f = open_memstream(&buf, len)) == NULL)
		fatal("open_memstream");
	fprintf(f, "%s\n", SERVER_IRC_SEEN_MAGIC);
	for (i = 0; i < server_irc_seen_n; i++) {
		e = server_irc_seen_all[i];
		fprintf(f, "%s\t%s\t%s\t%llu\t%lld\n", e->nick, e->room,
		    e->addr, (unsigned long long)e->id, (long long)e->when);
	}
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		fatalx("irc-seen table: out of memory");
	return (buf);
}

/* The writer: write each table handed over, until told to quit. */
static void *
server_irc_seen_main(void *arg)
{
	char	*path, *buf, *cause;
	size_t	 len;
	int	 rc;

	pthread_mutex_lock(&server_irc_seen_w.lock);
	for (;;) {
		while (server_irc_seen_w.path == NULL &&
		    !server_irc_seen_w.quit)
			pthread_cond_wait(&server_irc_seen_w.cond,
			    &server_irc_seen_w.lock);
		if (server_irc_seen_w.path == NULL)
			break;
		path = server_irc_seen_w.path;
		buf = server_irc_seen_w.buf;
		len = server_irc_seen_w.len;
		server_irc_seen_w.path = NULL;
		server_irc_seen_w.buf = NULL;
		pthread_mutex_unlock(&server_irc_seen_w.lock);

		cause = NULL;
		rc = util_write_file(path, buf, len, &cause);
		free(buf);
		free(path);

		pthread_mutex_lock(&server_irc_seen_w.lock);
		free(server_irc_seen_w.cause);
		server_irc_seen_w.cause = rc != 0 ? cause : NULL;
		server_irc_seen_w.result = rc != 0 ? -1 : 1;
	}
	pthread_mutex_unlock(&server_irc_seen_w.lock);
	return (NULL);
}

/*
 * Log a failure once until a save works again (it is a hint, not
 * history).  Takes cause.
 */
static void
server_irc_seen_result(int result, char *cause)
{
	if (result < 0) {
		if (!server_irc_seen_failed++)
			log_warnx("%s", cause);
	} else if (result > 0)
		server_irc_seen_failed = 0;
	free(cause);
}

/* Let the writer finish what it has and end. */
static void
server_irc_seen_stop(void)
{
	if (!server_irc_seen_w.running)
		return;
	pthread_mutex_lock(&server_irc_seen_w.lock);
	server_irc_seen_w.quit = 1;
	pthread_cond_signal(&server_irc_seen_w.cond);
	pthread_mutex_unlock(&server_irc_seen_w.lock);
	pthread_join(server_irc_seen_w.thread, NULL);
	server_irc_seen_w.running = 0;
	server_irc_seen_result(server_irc_seen_w.result,
	    server_irc_seen_w.cause);
	server_irc_seen_w.cause = NULL;
	server_irc_seen_w.result = 0;
}

/*
 * Save the table if it changed, at most every SERVER_IRC_SEEN_EVERY
 * seconds unless final (the hub stopping), replacing the file at once as
 * the history is (util_write_file: a new file, synced, renamed over the
 * old one).  The writer thread does it but for the final save, which
 * waits for it and then writes on the loop.
 */
void
server_irc_seen_save(int final)
{
	char	*path, *buf, *cause = NULL;
	size_t	 len;
	time_t	 now = time(NULL);
	int	 result;

	if (server_irc_seen_w.running && !final) {
		pthread_mutex_lock(&server_irc_seen_w.lock);
		result = server_irc_seen_w.result;
		cause = server_irc_seen_w.cause;
		server_irc_seen_w.result = 0;
		server_irc_seen_w.cause = NULL;
		pthread_mutex_unlock(&server_irc_seen_w.lock);
		server_irc_seen_result(result, cause);
	}
	if (final)
		server_irc_seen_stop();
	if (!server_irc_seen_dirty ||
	    (!final && now - server_irc_seen_saved < SERVER_IRC_SEEN_EVERY))
		return;
	server_irc_seen_saved = now;
	server_irc_seen_dirty = 0;
	if ((path = server_irc_seen_path()) == NULL)
		return;
	buf = server_irc_seen_dump(&len);
	if (final) {
		/* Nicks and their addresses: for the hub's user alone. */
		result = util_write_file(path, buf, len, &cause) != 0 ? -1 : 1;
		server_irc_seen_result(result, cause);
		free(buf);
		free(path);
		return;
	}
	if (!server_irc_seen_w.running) {
		pthread_mutex_init(&server_irc_seen_w.lock, NULL);
		pthread_cond_init(&server_irc_seen_w.cond, NULL);
		server_irc_seen_w.quit = 0;
		if ((errno = pthread_create(&server_irc_seen_w.thread, NULL,
		    server_irc_seen_main, NULL)) != 0)
			fatal("pthread_create");
		server_irc_seen_w.running = 1;
	}
	pthread_mutex_lock(&server_irc_seen_w.lock);
	free(server_irc_seen_w.path);	/* a table still waiting: stale */
	free(server_irc_seen_w.buf);
	server_irc_seen_w.path = path;
	server_irc_seen_w.buf = buf;
	server_irc_seen_w.len = len;
	pthread_cond_signal(&server_irc_seen_w.cond);
	pthread_mutex_unlock(&server_irc_seen_w.lock);
}

/* Forget the table (the hub is done). */
void
server_irc_seen_free(void)
{
	server_irc_seen_stop();
	while (server_irc_seen_n > 0)
		server_irc_seen_remove(server_irc_seen_all[0]);
	free(server_irc_seen_all);
	server_irc_seen_all = NULL;
	server_irc_seen_cap = 0;
}

/*
 * The hub sent (or replayed) a session message id of a room: remember it
 * for the session's nick, from the connection's address.  This runs for
 * every room message to every IRC member, so the connection keeps the
 * entry it was last sent to: a fan-out finds it without a look-up, until
 * the nick changes or an entry is freed.
 */
void
server_irc_seen_note(struct session *s, const char *room, uint64_t id)
{
	struct server_client	*c = s->client;
	struct server_irc	*irc;
	struct server_irc_seen	*e;
	const char		*addr = NULL, *nick;
	time_t			 now;
	u_int			 i;

	if (id == 0 || room == NULL || c == NULL || (irc = c->irc) == NULL)
		return;
	now = time(NULL);
	/* Folded once per nick, not once per message. */
	if (irc->seen_nick == NULL || strcmp(irc->seen_nick, s->nick) != 0)
		server_irc_seen_rename(irc, s->nick);
	e = irc->seen_last;
	if (e == NULL || irc->seen_gen != server_irc_seen_gen ||
	    strcmp(e->room, room) != 0) {
		if (c->ip != NULL)
			addr = c->ip->ip;	/* not its port */
		server_irc_seen_load();
		nick = irc->seen_key;
		if ((e = server_irc_seen_find(nick, room)) == NULL)
			e = server_irc_seen_add(nick, room, addr, id, now);
		else if (addr != NULL && strcmp(e->addr, addr) != 0) {
			free(e->addr);
			e->addr = xstrdup(addr);
		}
		irc->seen_last = e;
		irc->seen_gen = server_irc_seen_gen;
	}
	if (id > e->id)
		e->id = id;
	e->when = now;
	for (i = 0; i < irc->seen_nold; i++)
		server_irc_seen_also(s, irc->seen_old[i], room, id, now);
	irc->seen_unproven = 1;
	server_irc_seen_dirty = 1;
}

/*
 * A connection said something (a PONG will do): it is still there, so its
 * places in rooms where nothing was said for long are not let go as old.
 * At most hourly, which the limits of server_irc_seen_get leave room for.
 */
void
server_irc_seen_touch(struct server_client *c)
{
	struct session		*s = c->session;
	struct server_irc	*irc = c->irc;
	struct server_irc_seen	*e;
	const char		*key;
	time_t			 now = time(NULL);
	u_int			 i, k;

	if (s == NULL || irc == NULL || irc->seen_key == NULL ||
	    strcmp(irc->seen_nick, s->nick) != 0)
		return;
	/* One unanswered for a minute is given up: a later one may be. */
	if (irc->seen_unproven &&
	    now - irc->seen_pinged >= SERVER_IRC_SEEN_PROVE &&
	    (irc->seen_ping == 0 || now - irc->seen_pinged >= 60))
		server_irc_seen_prove(c);
	if (now - irc->seen_touched < SERVER_IRC_SEEN_TOUCH)
		return;
	irc->seen_touched = now;
	for (k = 0; (key = server_irc_seen_key(irc, k)) != NULL; k++) {
		for (i = 0; i < s->nrooms; i++) {
			e = server_irc_seen_find(key, s->rooms[i]->name);
			if (e != NULL && e->when < now) {
				e->when = now;
				server_irc_seen_dirty = 1;
			}
		}
	}
}

/*
 * Send a PING behind what the connection was sent: the entries of its
 * rooms remember their ids now, proven when the PONG comes back.
 */
static void
server_irc_seen_prove(struct server_client *c)
{
	struct session		*s = c->session;
	struct server_irc	*irc = c->irc;
	struct server_irc_seen	*e;
	const char		*params[1];
	const char		*key;
	char			 token[32];
	u_int			 i, k;

	for (k = 0; (key = server_irc_seen_key(irc, k)) != NULL; k++) {
		for (i = 0; i < s->nrooms; i++) {
			e = server_irc_seen_find(key, s->rooms[i]->name);
			if (e != NULL)
				e->pinged = e->id;
		}
	}
	/* Numbered per connection: the same input, the same answers. */
	if (++irc->seen_pings == 0)
		irc->seen_pings = 1;
	irc->seen_ping = irc->seen_pings;
	irc->seen_pinged = time(NULL);
	irc->seen_unproven = 0;
	snprintf(token, sizeof token, "%s%u", SERVER_IRC_SEEN_TOKEN,
	    irc->seen_ping);
	params[0] = token;
	server_irc_send(c, NULL, "PING", params, 1, IRC_BUILD_TRAILING);
}

/*
 * A PONG came: if it answers the proof PING, the client read everything
 * sent before it, so the ids its rooms' entries had then are proven.
 */
void
server_irc_seen_pong(struct server_client *c, const char *token)
{
	struct session		*s = c->session;
	struct server_irc	*irc = c->irc;
	struct server_irc_seen	*e;
	const char		*key;
	char			 want[32];
	u_int			 i, k;

	if (s == NULL || irc == NULL || irc->seen_ping == 0)
		return;
	snprintf(want, sizeof want, "%s%u", SERVER_IRC_SEEN_TOKEN,
	    irc->seen_ping);
	if (strcmp(token, want) != 0)
		return;
	irc->seen_ping = 0;
	if (irc->seen_key == NULL || strcmp(irc->seen_nick, s->nick) != 0)
		return;
	for (k = 0; (key = server_irc_seen_key(irc, k)) != NULL; k++) {
		for (i = 0; i < s->nrooms; i++) {
			e = server_irc_seen_find(key, s->rooms[i]->name);
			if (e != NULL && e->pinged > e->proven)
				e->proven = e->pinged;
		}
	}
}

/*
 * The connection ended without a QUIT (a ping timeout, a reset, a write
 * error, a kill): what it was sent since the last proof may never have
 * been read, so its nick's entries go back to what was proven, and a
 * rejoin replays the rest.  Rare, so a walk of the table will do (the
 * session and its rooms may be gone already).  A takeover by a proved
 * login says so before the new connection's replay.
 */
void
server_irc_seen_lost(struct server_client *c)
{
	struct server_irc	*irc = c->irc;
	struct server_irc_seen	*e;
	const char		*key;
	u_int			 i, k;

	if (irc == NULL || irc->seen_key == NULL)
		return;
	for (i = 0; i < server_irc_seen_n; i++) {
		e = server_irc_seen_all[i];
		if (e->id <= e->proven)
			continue;
		for (k = 0; (key = server_irc_seen_key(irc, k)) != NULL; k++)
			if (strcmp(e->nick, key) == 0)
				break;
		if (key == NULL)
			continue;
		e->id = e->proven;
		e->pinged = e->proven;
		server_irc_seen_dirty = 1;
	}
	/* Once: the entries may be a new connection's by its close. */
	free(irc->seen_nick);
	free(irc->seen_key);
	irc->seen_nick = irc->seen_key = NULL;
	while (irc->seen_nold > 0)
		free(irc->seen_old[--irc->seen_nold]);
	irc->seen_last = NULL;
}

/*
 * The last message id this connection's nick was sent in a room, if the
 * connection is taken for the same person: a claimed nick it proved
 * (SASL) within a week, or an unclaimed one from the same address within
 * a day.  Else 0: a newcomer to the nick gets the room's last lines.
 */
uint64_t
server_irc_seen_get(struct server_client *c, const char *room)
{
	struct session		*s = c->session;
	struct server_irc_seen	*e;
	char			*nick;
	time_t			 age;

	if (s == NULL)
		return (0);
	server_irc_seen_load();
	nick = utf8_casefold(s->nick);
	e = server_irc_seen_find(nick, room);
	free(nick);
	if (e == NULL)
		return (0);
	age = time(NULL) - e->when;
	if (claim_check(s->nick, NULL) == 0) {
		if (server_login_proven(c, s->nick) &&
		    age <= SERVER_IRC_SEEN_OWNED)
			return (e->id);
		return (0);
	}
	if (c->ip != NULL && strcmp(e->addr, c->ip->ip) == 0 &&
	    age <= SERVER_IRC_SEEN_ADDR)
		return (e->id);
	return (0);
}

/*
 * Is this connection taken for the same person as the last to hold its
 * nick?  For the direct messages kept for the nick while no one held it
 * (see CS_DM): by the nick's password if it is claimed, else by the
 * address they were held for (addr, which the cluster keeps whatever
 * hub or nick the user had before), or if none came with them, by the
 * rule of server_irc_seen_get in any room.
 */
int
server_irc_seen_same(struct server_client *c, const char *addr)
{
	struct session		*s = c->session;
	struct server_irc_seen	*e;
	char			*nick;
	time_t			 now = time(NULL);
	int			 claimed, same = 0;
	u_int			 i;

	if (s == NULL)
		return (0);
	claimed = claim_check(s->nick, NULL) == 0;
	if (claimed)
		return (server_login_proven(c, s->nick));
	if (c->ip == NULL)
		return (0);
	if (addr != NULL && *addr != '\0')
		return (strcmp(addr, c->ip->ip) == 0);
	server_irc_seen_load();
	nick = utf8_casefold(s->nick);
	for (i = 0; i < server_irc_seen_n && !same; i++) {
		e = server_irc_seen_all[i];
		same = strcmp(e->nick, nick) == 0 &&
		    strcmp(e->addr, c->ip->ip) == 0 &&
		    now - e->when <= SERVER_IRC_SEEN_ADDR;
	}
	free(nick);
	return (same);
}
