/* SPDX-License-Identifier: ISC */
/* history.c: the crash-safe JSON history file: load, lock, write. */

#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

static const char *history_file_kind(mode_t);

/* The names of the kinds of bans in the history file. */
static const struct {
	int		 kind;
	const char	*name;
} history_ban_kinds[] = {
	{ BAN_NICK, "nick" },
	{ BAN_IP, "ip" },
	{ BAN_MUTE, "mute" }
};

#define HISTORY_NBAN_KINDS \
	(sizeof history_ban_kinds / sizeof history_ban_kinds[0])

/* A ban's kind by its name in the file, or -1. */
int
history_ban_kind(const char *name)
{
	size_t	i;

	for (i = 0; i < HISTORY_NBAN_KINDS; i++) {
		if (strcmp(name, history_ban_kinds[i].name) == 0)
			return (history_ban_kinds[i].kind);
	}
	return (-1);
}

/* The name of a ban's kind in the file. */
const char *
history_ban_name(int kind)
{
	size_t	i;

	for (i = 0; i < HISTORY_NBAN_KINDS; i++) {
		if (history_ban_kinds[i].kind == kind)
			return (history_ban_kinds[i].name);
	}
	return ("nick");
}

/* A word for a kind of file that is not a regular one. */
static const char *
history_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return ("directory");
	if (S_ISFIFO(mode))
		return ("FIFO");
	if (S_ISSOCK(mode))
		return ("socket");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return ("device");
	return ("special file");
}

/*
 * Load the history file.  A missing file is an empty history; anything
 * else that goes wrong is an error naming the file, which is not touched.
 * A file whose checksum does not match (history-seal.c) is an error too,
 * like any other damage: nothing in it is trusted, and nothing of it (its
 * claims and bans above all) may be dropped by starting without it.
 */
int
history_load(const char *path, u_int size, struct hist *h, char **cause)
{
	struct stat	 st;
	char		*data, *why, *backup;
	int		 fd;
	ssize_t		 n;
	size_t		 off = 0;

	memset(h, 0, sizeof *h);
	h->next_id = 1;
	/*
	 * Anything but a regular file is refused before it is opened: a
	 * FIFO would block the open, and a device would never be replaced
	 * by the saves.  O_NONBLOCK covers a swap between stat and open.
	 */
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: the history must be a regular file, not "
		    "a %s", path, history_file_kind(st.st_mode));
		return (-1);
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: the history must be a regular file",
		    path);
		close(fd);
		return (-1);
	}
	data = xmalloc(st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(fd, data + off, st.st_size - off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			xasprintf(cause, "%s: %s", path, n == 0 ?
			    "file shrank while reading" : strerror(errno));
			free(data);
			close(fd);
			return (-1);
		}
		off += n;
	}
	close(fd);
	data[off] = '\0';
	if (history_seal_check(data, off, &why) == -1) {
		xasprintf(&backup, "%s.backup", path);
		xasprintf(cause, "%s: damaged: %s; the hub does not start and "
		    "the file was left untouched%s%s%s; if it was edited by "
		    "hand on purpose, delete its \"sha256\" field (a file "
		    "without one loads as before)", path, why,
		    access(backup, F_OK) == 0 ? "; a backup is at " : "",
		    access(backup, F_OK) == 0 ? backup : "",
		    access(backup, F_OK) == 0 ? " (chatroom(1), Backups)" : "");
		free(backup);
		free(why);
		free(data);
		return (-1);
	}
	if (history_parse(data, off, size, h, &why) != 0) {
		/* After a downgrade, an empty history is the wrong advice. */
		if (strstr(why, HISTORY_NEWER) != NULL)
			xasprintf(cause, "%s: %s; the file was left untouched: "
			    "run the newer chatroom on it", path, why);
		else if (strstr(why, HISTORY_TWICE) != NULL)
			xasprintf(cause, "%s: %s; the file was left untouched: "
			    "rename one of the two rooms, or move the messages "
			    "of one into the other in id order (chatroom.conf(5))",
			    path, why);
		else
			xasprintf(cause, "%s: %s; the file was left untouched: "
			    "move it aside (mv %s %s.bad) to start with an "
			    "empty history", path, why, path, path);
		free(why);
		free(data);
		return (-1);
	}
	free(data);
	return (0);
}

/* Free a parsed history. */
void
history_free(struct hist *h)
{
	struct hist_session	*hs;
	size_t			 i, j;

	for (i = 0; i < h->nrooms; i++) {
		free(h->rooms[i].name);
		free(h->rooms[i].topic);
		free(h->rooms[i].topic_by);
		if (h->borrowed)		/* see ring_borrow */
			free(h->rooms[i].ring.msgs);
		else
			ring_free(&h->rooms[i].ring);
	}
	free(h->rooms);
	h->rooms = NULL;
	h->nrooms = 0;
	for (i = 0; i < h->nclaims; i++) {
		free(h->claims[i].nick);
		free(h->claims[i].hash);
		free(h->claims[i].pubkey);
		free(h->claims[i].pass);
	}
	free(h->claims);
	h->claims = NULL;
	h->nclaims = 0;
	for (i = 0; i < h->nsessions; i++) {
		hs = &h->sessions[i];
		free(hs->nick);
		free(hs->token);
		free(hs->pubkey);
		free(hs->away);
		free(hs->oper);
		free(hs->hub);
		for (j = 0; j < hs->nrooms; j++)
			free(hs->rooms[j]);
		free(hs->rooms);
		free(hs->last_ids);
		for (j = 0; j < hs->ndms; j++) {
			free(hs->dms[j].from);
			free(hs->dms[j].frame);
			free(hs->dms[j].hub);
			free(hs->dms[j].host);
		}
		free(hs->dms);
		for (j = 0; j < hs->nresend; j++) {
			free(hs->resend[j].from);
			free(hs->resend[j].frame);
			free(hs->resend[j].hub);
			free(hs->resend[j].host);
		}
		free(hs->resend);
		for (j = 0; j < hs->nunsure; j++)
			free(hs->unsure[j]);
		free(hs->unsure);
	}
	free(h->sessions);
	h->sessions = NULL;
	h->nsessions = 0;
	for (i = 0; i < h->nboxes; i++) {
		free(h->boxes[i].key);
		free(h->boxes[i].nick);
		for (j = 0; j < h->boxes[i].ndms; j++) {
			free(h->boxes[i].dms[j].from);
			free(h->boxes[i].dms[j].frame);
			free(h->boxes[i].dms[j].hub);
			free(h->boxes[i].dms[j].host);
		}
		free(h->boxes[i].dms);
	}
	free(h->boxes);
	h->boxes = NULL;
	h->nboxes = 0;
	for (i = 0; i < h->nbans; i++) {
		free(h->bans[i].target);
		free(h->bans[i].reason);
		free(h->bans[i].by);
	}
	free(h->bans);
	h->bans = NULL;
	h->nbans = 0;
	for (i = 0; i < h->nlifts; i++)
		free(h->lifts[i].target);
	free(h->lifts);
	h->lifts = NULL;
	h->nlifts = 0;
}

/*
 * Remove temporary files a killed hub left beside the history file (a
 * write interrupted by a crash; the real file was never touched).
 */
void
history_clean_temp(const char *path)
{
	char	*pattern;
	glob_t	 g;
	size_t	 i;

	xasprintf(&pattern, "%s.tmp.??????", path);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			if (unlink(g.gl_pathv[i]) == 0)
				log_info("removed %s, left by an interrupted "
				    "write", g.gl_pathv[i]);
		}
	}
	globfree(&g);
	free(pattern);
}

/* The lock file this hub holds, for history_unlock. */
static int	 history_lock_fd = -1;
static char	*history_lock_file;

/*
 * Hold path.lock for as long as the hub runs: two hubs on one history
 * file would replay each other's journals, remove each other's temporary
 * files and overwrite each other's saves.  flock goes with the process,
 * even a killed one, so a stale lock file stops no one.  The file says
 * which process holds it, for the message a second hub gives.
 */
int
history_lock(const char *path, char **cause)
{
	int		 fd;
	char		*file, buf[32];
	ssize_t		 n;
	struct stat	 sb, fsb;

	if (history_lock_fd != -1)
		return (0);
	xasprintf(&file, "%s.lock", path);
again:
	if ((fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		xasprintf(cause, "%s: %s", file, strerror(errno));
		free(file);
		return (-1);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			n = pread(fd, buf, sizeof buf - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			xasprintf(cause, "%s is in use by another hub%s%s%s: "
			    "give each hub its own --history", path,
			    *buf != '\0' ? " (process " : "", buf,
			    *buf != '\0' ? ")" : "");
		} else
			xasprintf(cause, "%s: %s", file, strerror(errno));
		close(fd);
		free(file);
		return (-1);
	}
	/*
	 * A hub that stopped meanwhile removed the file it held locked (see
	 * history_unlock): this lock is on a file no one else will open.
	 */
	if (fstat(fd, &fsb) == 0 && (stat(file, &sb) != 0 ||
	    sb.st_dev != fsb.st_dev || sb.st_ino != fsb.st_ino)) {
		close(fd);
		goto again;
	}
	history_lock_fd = fd;
	history_lock_file = file;
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, n, 0) != n)
		log_warn("cannot write the history lock file");
	return (0);
}

/*
 * Remove the lock file as the hub stops or refuses to start, while still
 * holding it: a hub that opened it meanwhile sees it gone and makes its
 * own (see history_lock).  A lock another hub holds is never ours.
 */
void
history_unlock(void)
{
	if (history_lock_fd == -1)
		return;
	if (unlink(history_lock_file) != 0 && errno != ENOENT)
		log_warn("cannot remove %s", history_lock_file);
	close(history_lock_fd);
	history_lock_fd = -1;
	free(history_lock_file);
	history_lock_file = NULL;
}

/* Replace the history file atomically (see util_write_file). */
int
history_write(const char *path, const char *data, size_t len, char **cause)
{
	return (util_write_file(path, data, len, cause));
}
