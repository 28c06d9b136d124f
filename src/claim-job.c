/* SPDX-License-Identifier: ISC */
/* claim-job.c: nick passwords hashed and checked off the event loop. */

#include <sys/types.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "server.h"

/*
 * An scrypt hash costs tens of milliseconds of CPU by design; run on the
 * event loop it would stall every connection each time someone logs in.
 * So one worker thread does the hashing: the loop queues a job, the
 * worker hashes or checks the password and writes a byte to a pipe, and
 * the loop finishes the job against the claims as they are then (they
 * may have changed meanwhile) and calls back.  The worker sees only
 * copies of strings; claims, sessions and sockets stay on the loop.  One
 * thread bounds the memory scrypt takes (8 MiB) and CLAIM_JOB_MAX bounds
 * the queue; past it a login is told to come back later.
 *
 * Every answer comes through the callback, from the loop and never from
 * inside the call that queued the job, so a caller has one path.  A
 * caller that goes away first cancels its jobs with claim_job_cancel().
 */
#define CLAIM_JOB_MAX		32	/* queued or running at once */

#define CLAIM_JOB_VERIFY	0	/* a login against a stored hash */
#define CLAIM_JOB_CREATE	1	/* a login claiming a free nick */
#define CLAIM_JOB_SET		2	/* the owner sets a password */
#define CLAIM_JOB_HASH		3	/* a hash, nothing stored */
struct claim_job {
	int			 kind;
	char			*ip;
	char			*nick;
	char			*pubkey;	/* set: the owner's key */
	char			*password;	/* wiped once used */
	char			*stored;	/* verify: the hash */
	char			*hash;		/* create, set: new */
	int			 matched;	/* verify: 1, 0, -1 */
	struct claim_job_done	 done;
	int			 decided;	/* done without hashing */
	claim_job_cb		*cb;		/* NULL: cancelled */
	void			*arg;
	TAILQ_ENTRY(claim_job)	 entry;
};
TAILQ_HEAD(claim_jobs, claim_job);

static pthread_t	 claim_job_thread;
static int		 claim_job_started;
static int		 claim_job_stopping;
static pthread_mutex_t	 claim_job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 claim_job_cond = PTHREAD_COND_INITIALIZER;
static struct claim_jobs claim_job_todo =
			    TAILQ_HEAD_INITIALIZER(claim_job_todo);
static struct claim_jobs claim_job_ready =
			    TAILQ_HEAD_INITIALIZER(claim_job_ready);
static struct claim_job	*claim_job_running;	/* on the worker now */
static u_int		 claim_job_n;
static int		 claim_job_pipe[2] = { -1, -1 };
static struct event	*claim_job_event;

static int	 claim_job_start(void);
static void	*claim_job_main(void *);
static void	 claim_job_wake(void);
static void	 claim_job_read_cb(evutil_socket_t, short, void *);
static struct claim_job *claim_job_new(int, const char *, const char *,
		    const char *, claim_job_cb *, void *);
static void	 claim_job_queue(struct claim_job *);
static void	 claim_job_decide(struct claim_job *, int, int);
static void	 claim_job_finish(struct claim_job *);
static void	 claim_job_free(struct claim_job *);

/* Start the worker and the pipe it wakes the loop through; 0 if it runs. */
static int
claim_job_start(void)
{
	int	i;

	if (claim_job_started)
		return (0);
	if (pipe(claim_job_pipe) != 0) {
		log_warn("pipe");
		return (-1);
	}
	for (i = 0; i < 2; i++) {
		fcntl(claim_job_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(claim_job_pipe[i], F_SETFL, O_NONBLOCK);
	}
	claim_job_event = event_new(server_base(), claim_job_pipe[0],
	    EV_READ|EV_PERSIST, claim_job_read_cb, NULL);
	if (claim_job_event == NULL || event_add(claim_job_event, NULL) != 0)
		fatalx("cannot watch the password worker");
	claim_job_stopping = 0;
	if ((errno = pthread_create(&claim_job_thread, NULL, claim_job_main,
	    NULL)) != 0) {
		log_warn("pthread_create");
		event_free(claim_job_event);
		claim_job_event = NULL;
		close(claim_job_pipe[0]);
		close(claim_job_pipe[1]);
		claim_job_pipe[0] = claim_job_pipe[1] = -1;
		return (-1);
	}
	claim_job_started = 1;
	return (0);
}

/* The worker: hash or check one password at a time, until told to stop. */
static void *
claim_job_main(void *arg)
{
	struct claim_job	*job;

	pthread_mutex_lock(&claim_job_lock);
	for (;;) {
		while (TAILQ_EMPTY(&claim_job_todo) && !claim_job_stopping)
			pthread_cond_wait(&claim_job_cond, &claim_job_lock);
		if (claim_job_stopping)
			break;
		job = TAILQ_FIRST(&claim_job_todo);
		TAILQ_REMOVE(&claim_job_todo, job, entry);
		claim_job_running = job;
		pthread_mutex_unlock(&claim_job_lock);

		if (job->kind == CLAIM_JOB_VERIFY)
			job->matched = claim_pass_verify(job->stored,
			    job->password);
		else
			job->hash = claim_pass_hash(job->password);
		explicit_bzero(job->password, strlen(job->password));

		pthread_mutex_lock(&claim_job_lock);
		claim_job_running = NULL;
		TAILQ_INSERT_TAIL(&claim_job_ready, job, entry);
		claim_job_wake();
	}
	pthread_mutex_unlock(&claim_job_lock);
	return (NULL);
}

/* Wake the loop: a job is ready (a full pipe has wakes enough). */
static void
claim_job_wake(void)
{
	ssize_t	n;

	n = write(claim_job_pipe[1], "", 1);
	(void)n;
}

/* The loop: finish the jobs that are ready, one at a time. */
static void
claim_job_read_cb(evutil_socket_t fd, short events, void *arg)
{
	struct claim_job	*job;
	char			 buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		/* nothing */;
	for (;;) {
		pthread_mutex_lock(&claim_job_lock);
		if ((job = TAILQ_FIRST(&claim_job_ready)) != NULL)
			TAILQ_REMOVE(&claim_job_ready, job, entry);
		pthread_mutex_unlock(&claim_job_lock);
		if (job == NULL)
			break;
		claim_job_finish(job);
	}
}

/* A job with copies of what it needs. */
static struct claim_job *
claim_job_new(int kind, const char *ip, const char *nick,
    const char *password, claim_job_cb *cb, void *arg)
{
	struct claim_job	*job;

	job = xcalloc(1, sizeof *job);
	job->kind = kind;
	job->ip = xstrdup(ip != NULL ? ip : "");
	job->nick = xstrdup(nick);
	job->password = xstrdup(password);
	job->cb = cb;
	job->arg = arg;
	job->done.nick = job->nick;
	claim_job_n++;
	return (job);
}

/* Hand a job to the worker. */
static void
claim_job_queue(struct claim_job *job)
{
	pthread_mutex_lock(&claim_job_lock);
	TAILQ_INSERT_TAIL(&claim_job_todo, job, entry);
	pthread_cond_signal(&claim_job_cond);
	pthread_mutex_unlock(&claim_job_lock);
}

/*
 * Answer a job without hashing, from the loop's next pass (through a
 * timer if the worker and its pipe could not be started).
 */
static void
claim_job_decide(struct claim_job *job, int result, int wait)
{
	struct timeval	tv = { 0, 0 };

	job->decided = 1;
	job->done.result = result;
	job->done.wait = wait;
	explicit_bzero(job->password, strlen(job->password));
	pthread_mutex_lock(&claim_job_lock);
	TAILQ_INSERT_TAIL(&claim_job_ready, job, entry);
	if (claim_job_started)
		claim_job_wake();
	pthread_mutex_unlock(&claim_job_lock);
	if (!claim_job_started && event_base_once(server_base(), -1,
	    EV_TIMEOUT, claim_job_read_cb, NULL, &tv) != 0)
		fatalx("event_base_once failed");
}

/*
 * Check a login's password against a nick's claim (SASL PLAIN), or,
 * with create, claim the nick with it if nobody claims it.  The callback
 * gets one of the CLAIM_AUTH_* results.  A wrong password counts against
 * the address as a wrong hub password does (auth.c), and while the
 * address must wait, every try is answered CLAIM_AUTH_WAIT unchecked.
 */
void
claim_job_login(const char *ip, const char *nick, const char *password,
    int create, claim_job_cb *cb, void *arg)
{
	struct claim_job	*job;
	const char		*stored;
	enum proto_err		 err;
	char			*cause = NULL;
	int			 wait;

	job = claim_job_new(CLAIM_JOB_VERIFY, ip, nick, password, cb, arg);
	if (claim_job_start() != 0 || claim_job_n > CLAIM_JOB_MAX) {
		claim_job_decide(job, CLAIM_AUTH_BUSY, 1);
		return;
	}
	if ((wait = auth_wait(job->ip)) > 0) {
		claim_job_decide(job, CLAIM_AUTH_WAIT, wait);
		return;
	}
	/* A claim made under the older rules still opens, but no held name. */
	if (proto_check_nick(nick, &err, &cause) != 0) {
		free(cause);
		cause = NULL;
		if (err == PERR_NICK_RESERVED ||
		    claim_check(nick, NULL) == 1 ||
		    proto_check_kept_nick(nick, &err, &cause) != 0) {
			free(cause);
			claim_job_decide(job, CLAIM_AUTH_INVALID, 0);
			return;
		}
	}
	if (claim_check(nick, NULL) == 0) {
		if ((stored = claim_password(nick)) == NULL) {
			claim_job_decide(job, CLAIM_AUTH_NO_PASSWORD, 0);
			return;
		}
		job->stored = xstrdup(stored);
		claim_job_queue(job);
		return;
	}
	if (!create) {
		claim_job_decide(job, CLAIM_AUTH_UNCLAIMED, 0);
		return;
	}
	if (claim_pass_valid(password, &cause) != 0 ||
	    ban_find(BAN_NICK, nick) != NULL) {
		free(cause);
		claim_job_decide(job, CLAIM_AUTH_INVALID, 0);
		return;
	}
	if (session_find_nick(nick) != NULL) {
		/* Someone uses the nick without claiming it. */
		claim_job_decide(job, CLAIM_AUTH_TAKEN, 0);
		return;
	}
	job->kind = CLAIM_JOB_CREATE;
	claim_job_queue(job);
}

/*
 * Set the password of a nick a key owns (the native "password" request
 * numbered seq): CLAIM_AUTH_OK once the hash is stored, CLAIM_AUTH_LOST
 * if the key no longer owns the nick by then.
 */
void
claim_job_set(const char *nick, const char *pubkey, const char *password,
    long long seq, claim_job_cb *cb, void *arg)
{
	struct claim_job	*job;

	job = claim_job_new(CLAIM_JOB_SET, NULL, nick, password, cb, arg);
	job->pubkey = xstrdup(pubkey);
	job->done.seq = seq;
	if (claim_job_start() != 0 || claim_job_n > CLAIM_JOB_MAX) {
		claim_job_decide(job, CLAIM_AUTH_BUSY, 1);
		return;
	}
	claim_job_queue(job);
}

/*
 * Hash a password for the caller, who stores it (the operator password's
 * hash, server_oper_hash): CLAIM_AUTH_OK with done->hash, valid during the
 * callback only, and done->seq the tag given.  -1 if the worker cannot
 * run: the caller hashes on the loop itself.
 */
int
claim_job_hash(const char *password, long long tag, claim_job_cb *cb,
    void *arg)
{
	struct claim_job	*job;

	if (claim_job_start() != 0)
		return (-1);
	job = claim_job_new(CLAIM_JOB_HASH, NULL, "", password, cb, arg);
	job->done.seq = tag;
	claim_job_queue(job);
	return (0);
}

/* Finish a job on the loop, against the claims as they are now. */
static void
claim_job_finish(struct claim_job *job)
{
	const char	*stored;
	char		*cause;
	int		 result;

	if (job->decided || job->cb == NULL)
		goto done;
	switch (job->kind) {
	case CLAIM_JOB_VERIFY:
		stored = claim_password(job->nick);
		if (job->matched == 1 && stored != NULL &&
		    strcmp(stored, job->stored) == 0) {
			claim_seen(job->nick);
			result = CLAIM_AUTH_OK;
		} else if (stored == NULL && claim_check(job->nick, NULL)) {
			/* Released meanwhile. */
			result = CLAIM_AUTH_UNCLAIMED;
		} else {
			auth_failed(job->ip);
			result = CLAIM_AUTH_BAD;
		}
		break;
	case CLAIM_JOB_CREATE:
		if (job->hash == NULL)
			result = CLAIM_AUTH_BUSY;
		else if (session_find_nick(job->nick) != NULL)
			result = CLAIM_AUTH_TAKEN;
		else if (server_addr_claim(job->ip, NULL, &cause) != 0) {
			log_info("%s: no new claim of %s: %s", job->ip,
			    job->nick, cause);
			free(cause);
			result = CLAIM_AUTH_LIMIT;
		} else if (claim_take_password(job->nick, job->hash) != 0)
			result = CLAIM_AUTH_BAD;	/* claimed meanwhile */
		else
			result = CLAIM_AUTH_NEW;
		break;
	case CLAIM_JOB_HASH:
		result = job->hash != NULL ? CLAIM_AUTH_OK : CLAIM_AUTH_BUSY;
		job->done.hash = job->hash;
		break;
	default:
		if (job->hash == NULL)
			result = CLAIM_AUTH_BUSY;
		else if (claim_set_password(job->nick, job->pubkey,
		    job->hash) != 0)
			result = CLAIM_AUTH_LOST;
		else
			result = CLAIM_AUTH_OK;
		break;
	}
	job->done.result = result;
	job->done.wait = result == CLAIM_AUTH_BAD ? auth_wait(job->ip) : 0;
done:
	if (job->cb != NULL)
		job->cb(job->arg, &job->done);
	claim_job_free(job);
}

/* Free a job, wiping the secrets it held. */
static void
claim_job_free(struct claim_job *job)
{
	claim_job_n--;
	explicit_bzero(job->password, strlen(job->password));
	free(job->password);
	if (job->hash != NULL) {
		explicit_bzero(job->hash, strlen(job->hash));
		free(job->hash);
	}
	free(job->stored);
	free(job->pubkey);
	free(job->nick);
	free(job->ip);
	free(job);
}

/* Whoever waits for these jobs is gone: never call it back. */
void
claim_job_cancel(void *arg)
{
	struct claim_job	*job;

	pthread_mutex_lock(&claim_job_lock);
	TAILQ_FOREACH(job, &claim_job_todo, entry) {
		if (job->arg == arg)
			job->cb = NULL;
	}
	TAILQ_FOREACH(job, &claim_job_ready, entry) {
		if (job->arg == arg)
			job->cb = NULL;
	}
	if (claim_job_running != NULL && claim_job_running->arg == arg)
		claim_job_running->cb = NULL;
	pthread_mutex_unlock(&claim_job_lock);
}

/* Stop the worker and drop what is left, unanswered (at exit). */
void
claim_job_free_all(void)
{
	struct claim_job	*job;

	if (claim_job_started) {
		pthread_mutex_lock(&claim_job_lock);
		claim_job_stopping = 1;
		pthread_cond_signal(&claim_job_cond);
		pthread_mutex_unlock(&claim_job_lock);
		pthread_join(claim_job_thread, NULL);
	}
	while ((job = TAILQ_FIRST(&claim_job_todo)) != NULL) {
		TAILQ_REMOVE(&claim_job_todo, job, entry);
		claim_job_free(job);
	}
	while ((job = TAILQ_FIRST(&claim_job_ready)) != NULL) {
		TAILQ_REMOVE(&claim_job_ready, job, entry);
		claim_job_free(job);
	}
	if (!claim_job_started)
		return;
	event_free(claim_job_event);
	claim_job_event = NULL;
	close(claim_job_pipe[0]);
	close(claim_job_pipe[1]);
	claim_job_pipe[0] = claim_job_pipe[1] = -1;
	claim_job_started = 0;
}
