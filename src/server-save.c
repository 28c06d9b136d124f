/* SPDX-License-Identifier: ISC */
/* server-save.c: the hub's history snapshots, written by a thread. */

#include <sys/types.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * The history file is a snapshot of the hub's state; the journal
 * (history-journal.c) holds what changed since.  The loop takes a snapshot
 * (references to the immutable messages, cheap), a worker thread
 * serialises, writes and fsyncs it, and an event tells the loop when it
 * is done.  Only the loop touches reference counts.
 */
static struct {
	struct server_opts	 *opts;
	uint64_t		  saved_id;	/* next_id the file holds */
	int			  lost;		/* the final save failed */
	char			 *lost_cause;	/* why */
	int64_t			  lost_at;	/* ms */
	int			  lost_said;	/* what it lost is logged */
	int			  lost_safe;	/* the journals held it all */
	pthread_t		  writer;
	pthread_mutex_t		  writer_lock;
	pthread_cond_t		  writer_cond;
	struct hist		 *writer_job;	/* waiting for the worker */
	struct hist		 *writer_busy;	/* being written */
	int			  writer_result;
	size_t			  writer_len;	/* bytes it wrote or tried */
	char			 *writer_cause;
	int			  writer_quit;
	int			  pending_save;	/* a tick found it busy */
	int			  backup_wanted; /* SIGUSR1, not yet taken */
	int			  writer_backup; /* this job writes one too */
	int			  backup_result;
	char			 *backup_cause;
	int64_t			  save_start;	/* ms, of the last snapshot */
	int64_t			  save_end;
	u_int			  failures;	/* saves failed in a row */
	int64_t			  failure_logged; /* ms */
	int64_t			  saved_logged;	/* ms, 0: none logged yet */
	u_int			  saved_quiet;	/* saves since, at debug */

	struct event		 *writer_done;
	int			  writer_pipe[2]; /* worker -> loop wake-up */
} save;

/*
 * A save that keeps failing is logged again at most this often, and so
 * are the saves that succeed (one a second while anyone talks).
 */
#define SAVE_FAILURE_LOG_MS	(60 * 1000)
#define SAVE_LOG_MS		(60 * 1000)

/*
 * A stopping hub whose last save failed, with changes that no journal
 * could take, tries the journal again this long before it exits and
 * they are lost: a disk that was full a moment ago may have room now.
 */
#define SAVE_FINAL_RETRY_MS	(10 * 1000)

static void	server_save_snapshot(struct hist *);
static int	server_save_write(void);
static void	*server_save_main(void *);
static void	server_save_done_cb(evutil_socket_t, short, void *);
static long long server_save_now_us(void);
static void	server_save_async(void);
static void	server_save_log(void);
static void	server_save_lost(void);
static char	*server_save_backup_path(void);
static void	server_save_backup_done(struct hist *, int, char *);

/* Set up for a history loaded with this next id. */
void
server_save_init(struct server_opts *opts, uint64_t saved_id)
{
	save.opts = opts;
	save.saved_id = saved_id;
}

/* Start the writer thread. */
void
server_save_start(void)
{
	if (pipe2(save.writer_pipe, O_CLOEXEC) != 0)
		fatal("pipe2");
	save.writer_done = event_new(server_base(), save.writer_pipe[0],
	    EV_READ | EV_PERSIST, server_save_done_cb, NULL);
	event_add(save.writer_done, NULL);
	pthread_mutex_init(&save.writer_lock, NULL);
	pthread_cond_init(&save.writer_cond, NULL);
	if ((errno = pthread_create(&save.writer, NULL, server_save_main,
	    NULL)) != 0)
		fatal("pthread_create");
}

/*
 * At shutdown, with the writer stopped: write the history file if the
 * journal holds anything it does not (or it is missing).  Who is still
 * there was last seen now, which the file must say.
 */
void
server_save_final(void)
{
	int	dirty;

	claim_seen_live();
	/* In the journal too: if the save fails, the next start has it. */
	if ((dirty = server_take_dirty()))
		history_journal_state();
	if (dirty || history_journal_pending() ||
	    access(save.opts->history, F_OK) != 0)
		server_save_write();
	else if (save.failures == 0)
		log_info("history saved to %s before shutdown: nothing "
		    "changed since", save.opts->history);
}

/*
 * Release the writer and close the journal at exit; the exit status: 1
 * if the final save failed.
 */
int
server_save_free(void)
{
	if (save.writer_done == NULL)
		return (save.lost);
	if (!save.writer_quit)
		server_save_stop();
	if (save.lost)
		server_save_lost();
	free(save.lost_cause);
	history_journal_close(!save.lost &&
	    save.saved_id == server_peek_id());
	event_free(save.writer_done);
	close(save.writer_pipe[0]);
	close(save.writer_pipe[1]);
	pthread_mutex_destroy(&save.writer_lock);
	pthread_cond_destroy(&save.writer_cond);
	return (save.lost);
}

/* Fill a history with what the file holds: rooms, claims and bans. */
static void
server_save_snapshot(struct hist *h)
{
	h->next_id = server_peek_id();
	room_to_hist(h);
	claim_to_hist(h);
	ban_to_hist(h);
	session_to_hist(h);
}

/*
 * Write the history file now, at shutdown, and make the hub exit non-zero
 * if that fails.  What the journals hold is not lost; what waits in
 * memory because they could not be written is tried again while the hub
 * stops (server_save_holding), and only then logged as lost.
 */
static int
server_save_write(void)
{
	struct hist	 h;
	struct jbuf	 jb;
	char		*data, *cause, *held;
	size_t		 len;
	int64_t		 start = now_ms();
	int		 safe;

	metrics_save_start();
	/*
	 * Nothing changes after this (the hub is stopping): if the journals
	 * hold every change now, a failed save loses nothing, whatever the
	 * new journal the rotation starts could write.
	 */
	safe = history_journal_safe();
	memset(&h, 0, sizeof h);
	h.journal = history_journal_rotate();
	server_save_snapshot(&h);
	jbuf_init(&jb);
	history_serialise_into(&h, &jb);
	history_seal_add(&jb);
	data = jb.buf;
	len = jb.len;
	history_free(&h);
	if (history_write(save.opts->history, data, len, &cause) != 0) {
		history_journal_compacted(0, h.journal);
		save.lost = 1;
		save.lost_safe = safe;
		save.lost_cause = cause;
		save.lost_at = now_ms();
		metrics_save_done(-1);
		free(data);
		/* The failed save's temporary file is gone: room, maybe. */
		if (safe || history_journal_flush() == 0 ||
		    (held = history_journal_held()) == NULL) {
			server_save_lost();
			return (-1);
		}
		log_warnx("history NOT saved at shutdown: %s; the journal "
		    "%s cannot be written either: %s wait in memory; trying "
		    "it again for %d seconds before they are lost (make room "
		    "on its disk now to keep them)", cause,
		    history_journal_file(), held, SAVE_FINAL_RETRY_MS / 1000);
		free(held);
		return (-1);
	}
	metrics_save_done(0);
	history_journal_compacted(1, h.journal);
	save.saved_id = server_peek_id();
	free(data);
	log_info("history saved to %s at shutdown: %zu bytes in %lld ms",
	    save.opts->history, len, (long long)(now_ms() - start));
	return (0);
}

/*
 * The last save failed: log, once, what is lost.  The journals keep
 * everything they took since the last save (the next start replays
 * them); only what waits in memory, written to none, is lost.
 */
static void
server_save_lost(void)
{
	char		*held;
	const char	*file = history_journal_file();
	uint64_t	 first = save.saved_id, last = server_peek_id() - 1;

	if (save.lost_said)
		return;
	save.lost_said = 1;
	history_journal_flush();
	if (save.lost_safe || history_journal_safe())
		log_warnx("history NOT saved at shutdown: %s; nothing is "
		    "lost: the journals beside it (the last is %s) hold every "
		    "change since the last save and are replayed at the next "
		    "start", save.lost_cause, file);
	else if ((held = history_journal_held()) != NULL) {
		log_warnx("history NOT saved at shutdown: %s; lost: %s, "
		    "which no journal could take; the journals beside it "
		    "(the last is %s) hold every change before them and are "
		    "replayed at the next start", save.lost_cause, held, file);
		free(held);
	} else if (file != NULL && access(file, F_OK) == 0)
		log_warnx("history NOT saved at shutdown: %s; the journals "
		    "beside it (the last is %s) hold every change since the "
		    "last save and are replayed at the next start, but not "
		    "all of it is known to be synced to disk: a crash of the "
		    "machine before the kernel writes it would lose it",
		    save.lost_cause, file);
	else if (last >= first)
		log_warnx("history NOT saved at shutdown: %s; the journal is "
		    "gone; lost: %llu messages (ids %llu to %llu) and any "
		    "room, topic, claim or ban change since the last save",
		    save.lost_cause, (unsigned long long)(last - first + 1),
		    (unsigned long long)first, (unsigned long long)last);
	else
		log_warnx("history NOT saved at shutdown: %s; the journal is "
		    "gone; lost: the room, topic, claim or ban changes since "
		    "the last save (no new messages)", save.lost_cause);
}

/*
 * The hub is stopping and its last save failed with changes that wait in
 * memory: try the journal again (each call, once the loop is idle).
 * Returns 1 while the hub should wait for it; once written, or after
 * SAVE_FINAL_RETRY_MS, what is lost is logged.
 */
int
server_save_holding(void)
{
	static int64_t	tried;
	int64_t		now = now_ms();

	if (!save.lost || save.lost_said)
		return (0);
	if (now - tried >= 250) {
		tried = now;
		if (history_journal_flush() == 0) {
			log_info("journal %s written at shutdown: what waited "
			    "in memory is kept", history_journal_file());
			server_save_lost();
			return (0);
		}
	}
	if (now - save.lost_at < SAVE_FINAL_RETRY_MS)
		return (1);
	server_save_lost();
	return (0);
}

/* The worker: write each snapshot it is handed. */
static void *
server_save_main(void *arg)
{
	struct hist		*h;
	struct jbuf		 buf;
	char			*cause = NULL, *bcause, *backup = NULL;
	int			 rc, brc;

	/*
	 * The worker runs at the loop's priority.  At SCHED_IDLE (or nice
	 * 19) a busy machine starved it for seconds, and a message acked
	 * before the flush tick was still unwritten long after it: the
	 * flush interval bounds what a crash loses only if the write runs.
	 * On a machine with several cores it does not delay the loop.
	 */
	jbuf_init(&buf);
	pthread_mutex_lock(&save.writer_lock);
	for (;;) {
		while (save.writer_job == NULL && !save.writer_quit)
			pthread_cond_wait(&save.writer_cond,
			    &save.writer_lock);
		if (save.writer_job == NULL)
			break;
		h = save.writer_job;
		save.writer_job = NULL;
		if (save.writer_backup)
			backup = server_save_backup_path();
		pthread_mutex_unlock(&save.writer_lock);

		history_serialise_into(h, &buf);
		history_seal_add(&buf);
		rc = history_write(save.opts->history, buf.buf, buf.len,
		    &cause);
		/* The same bytes, for the backup asked for. */
		brc = -1;
		bcause = NULL;
		if (backup != NULL)
			brc = history_write(backup, buf.buf, buf.len, &bcause);

		pthread_mutex_lock(&save.writer_lock);
		save.backup_result = brc;
		save.backup_cause = bcause;
		free(backup);
		backup = NULL;
		save.writer_result = rc;
		save.writer_len = buf.len;
		save.writer_cause = cause;
		cause = NULL;
		/* Wake the loop; libevent itself is never touched here. */
		while (write(save.writer_pipe[1], "", 1) == -1 &&
		    errno == EINTR)
			/* retry */;
	}
	pthread_mutex_unlock(&save.writer_lock);
	jbuf_free(&buf);
	return (NULL);
}

/* Back in the loop: release the snapshot, and retry later on failure. */
static void
server_save_done_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hist	*h;
	char		*cause, *bcause, byte, need[128];
	const char	*where;
	int		 rc, backup, brc;
	long long	 start;
	size_t		 len;

	if (fd != -1)
		while (read(fd, &byte, 1) == -1 && errno == EINTR)
			/* retry */;
	pthread_mutex_lock(&save.writer_lock);
	if ((h = save.writer_busy) == NULL || save.writer_job != NULL) {
		pthread_mutex_unlock(&save.writer_lock);
		return;		/* nothing finished (a late wake-up) */
	}
	save.writer_busy = NULL;
	rc = save.writer_result;
	len = save.writer_len;
	cause = save.writer_cause;
	save.writer_cause = NULL;
	backup = save.writer_backup;
	save.writer_backup = 0;
	brc = save.backup_result;
	bcause = save.backup_cause;
	save.backup_cause = NULL;
	pthread_mutex_unlock(&save.writer_lock);

	if (backup)
		server_save_backup_done(h, brc, bcause);
	free(bcause);

	metrics_save_done(rc);
	save.save_end = now_ms();
	if (rc != 0) {
		/*
		 * Retried every interval: a directory that stays read-only
		 * must not write two lines a second to the log for a day.
		 */
		where = history_journal_failing() ? "the journal cannot "
		    "be written either: the changes wait in memory" :
		    "the journal holds the changes meanwhile";
		/*
		 * A full disk: the new copy is written whole beside the old
		 * one, which an administrator sizing the disk must know.
		 */
		need[0] = '\0';
		if (cause != NULL && (strstr(cause, strerror(ENOSPC)) !=
		    NULL || strstr(cause, strerror(EDQUOT)) != NULL))
			snprintf(need, sizeof need, " (the new copy needs %zu "
			    "bytes free beside the old one)", len);
		if (save.failures++ == 0) {
			log_warnx("history not saved (will retry): %s%s; %s",
			    cause, need, where);
			save.failure_logged = save.save_end;
		} else if (save.save_end - save.failure_logged >=
		    SAVE_FAILURE_LOG_MS) {
			log_warnx("history still not saved after %u tries: "
			    "%s%s; %s", save.failures, cause, need, where);
			save.failure_logged = save.save_end;
		}
		history_journal_compacted(0, 0);
	} else {
		if (save.failures > 0) {
			log_info("history saved to %s, after %u failed tries",
			    save.opts->history, save.failures);
			save.saved_logged = save.save_end;
			save.saved_quiet = 0;
		} else
			server_save_log();
		save.failures = 0;
		if (h != NULL) {
			save.saved_id = h->next_id;
			history_journal_compacted(1, h->journal);
		}
	}
	free(cause);
	start = server_save_now_us();
	if (h != NULL) {
		history_free(h);
		free(h);
	}
	message_hold(0);
	log_debug("history snapshot released in %lld us",
	    server_save_now_us() - start);

	/*
	 * A tick found the writer busy: fold the journal in now rather than
	 * a whole interval later.
	 */
	if (save.pending_save && !save.writer_quit) {
		save.pending_save = 0;
		if (history_journal_wants_compaction() || save.backup_wanted)
			server_save_async();
	}
}

/* Where a backup goes: beside the history file, NAME.backup. */
static char *
server_save_backup_path(void)
{
	char	*path;

	xasprintf(&path, "%s.backup", save.opts->history);
	return (path);
}

/* A backup was written, or was not. */
static void
server_save_backup_done(struct hist *h, int rc, char *cause)
{
	char	*path = server_save_backup_path();

	if (rc == 0)
		log_info("backup written to %s: the whole history, messages "
		    "up to id %llu", path, h != NULL && h->next_id > 0 ?
		    (unsigned long long)h->next_id - 1 : 0ULL);
	else
		log_warnx("backup not written to %s: %s", path, cause != NULL ?
		    cause : "unknown error");
	free(path);
}

/*
 * SIGUSR1: write a backup, a snapshot of everything the hub holds (the
 * journals folded in), to NAME.backup beside the history file, with the
 * same care as the history file itself (temporary file, fsync, rename).
 * A copy of the history file alone, taken while the hub runs, lacks
 * what only the journals hold yet.
 */
void
server_save_backup(void)
{
	if (save.writer_quit)
		return;
	log_info("backup asked for (SIGUSR1)");
	save.backup_wanted = 1;
	server_save_async();
}

/*
 * Log a save that succeeded: the first, then at most one line a minute
 * that counts the others (each at debug), so that a busy hub does not
 * write a line a second.
 */
static void
server_save_log(void)
{
	if (save.saved_logged != 0 &&
	    save.save_end - save.saved_logged < SAVE_LOG_MS) {
		save.saved_quiet++;
		log_debug("history saved to %s", save.opts->history);
		return;
	}
	if (save.saved_quiet > 0)
		log_info("history saved to %s (%u times since the line "
		    "before)", save.opts->history, save.saved_quiet + 1);
	else
		log_info("history saved to %s", save.opts->history);
	save.saved_logged = save.save_end;
	save.saved_quiet = 0;
}

/* Microseconds of monotonic time, for timing the loop's share of a save. */
static long long
server_save_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* Hand a snapshot to the writer, unless it is still busy. */
static void
server_save_async(void)
{
	struct hist	*h;
	long long	 start;

	pthread_mutex_lock(&save.writer_lock);
	if (save.writer_busy != NULL) {
		pthread_mutex_unlock(&save.writer_lock);
		save.pending_save = 1;	/* again when it is done */
		return;
	}
	metrics_save_start();
	save.save_start = now_ms();
	start = server_save_now_us();
	h = xcalloc(1, sizeof *h);
	message_hold(1);
	h->journal = history_journal_rotate();
	server_save_snapshot(h);
	log_debug("history snapshot taken in %lld us",
	    server_save_now_us() - start);
	save.writer_busy = h;
	save.writer_job = h;
	save.writer_backup = save.backup_wanted;
	save.backup_wanted = 0;
	pthread_cond_signal(&save.writer_cond);
	pthread_mutex_unlock(&save.writer_lock);
}

/*
 * A flush tick: journal the state if it changed and have the journal
 * synced.  Then fold the journal into a new snapshot, in the background:
 * at once when it has grown past the snapshot, otherwise when something
 * changed, but with the writer busy at most half the time (a big history
 * is not rewritten back to back; the journal keeps the changes).
 */
void
server_save_tick(void)
{
	int64_t	now = now_ms();

	if (server_take_dirty())
		history_journal_state();
	history_journal_sync();
	if (history_journal_wants_compaction() ||
	    (history_journal_pending() && now - save.save_end >=
	    save.save_end - save.save_start))
		server_save_async();
}

/* Stop the writer thread after its current job. */
void
server_save_stop(void)
{
	pthread_mutex_lock(&save.writer_lock);
	save.writer_quit = 1;
	pthread_cond_signal(&save.writer_cond);
	pthread_mutex_unlock(&save.writer_lock);
	pthread_join(save.writer, NULL);
	if (save.writer_busy != NULL)
		server_save_done_cb(-1, 0, NULL);
}
