/* SPDX-License-Identifier: ISC */
/* client-log.h: conversation logs, shared by the client-log*.c files. */

#ifndef CLIENT_LOG_H
#define CLIENT_LOG_H

#include <sys/types.h>

#include <stdint.h>
#include <time.h>

#define CLIENT_LOG_PENDING	(1024 * 1024)
#define CLIENT_LOG_CHUNK	65536	/* written at once past this */
#define CLIENT_LOG_FILES	64	/* files kept; others reopened */
#define CLIENT_LOG_NAME_MAX	200	/* bytes of a name in a file name */
#define CLIENT_LOG_TAIL		16384	/* read to find the last message */
#define CLIENT_LOG_SAME		32	/* hashes kept of the last time */

struct client_log_file {
	char			*name;		/* file name in the hub's dir */
	int			 fd;
	char			*buf;
	size_t			 len;
	size_t			 size;
	u_long			 dropped;
	int			 off;		/* not logged: too many new */
	int64_t			 born_ms;	/* a new room file's start */

	/*
	 * The last messages logged (see the top of
	 * client-log.c): those from
	 * same_ms to last_ms (one millisecond, or one second of a file
	 * without a mark) are hashed in same.
	 */
	int			 tail;		/* the file's end was read */
	int			 marked;	/* a mark is due */
	int64_t			 last_ms;	/* 0: none */
	int64_t			 same_ms;
	int64_t			 file_ms;	/* the file's last line's */
	int64_t			 put_ms;	/* the last line put's */
	u_int			 nsame;
	uint32_t		 same[CLIENT_LOG_SAME];	/* their hashes */
	TAILQ_ENTRY(client_log_file) entry;
};

/* The new files of one kind of window the hub can open. */
struct client_log_kind {
	u_int			 made;		/* this session */
	int			 capped;	/* 1 when due, 2 once told */
};

struct client_log {
	char			*dir;
	char			*marks;		/* the marks' dir */
	time_t			 stamp_t;	/* the second in stamp */
	char			 stamp[32];
	/* Most recently used first. */
	TAILQ_HEAD(client_log_files, client_log_file) files;
	struct strmap		 byname;
	u_int			 nfiles;
	int			 failed;	/* a warning was given */
	int			 held;		/* the nick is not in yet */
	char			*old_dir;	/* an older version's, to adopt */
	char			*old_marks;
	char			*fold;		/* the nick, case-folded */
	u_int			 newmax;	/* new files a kind, 0: any */
	struct client_log_kind	 kinds[2];	/* rooms, then DMs */
	struct strmap		 chosen;	/* files of windows we chose */

	/* The last window logged, to find its file without looking. */
	struct croom		*last_r;	/* compared, never followed */
	char			*last_name;
	int			 last_dm;
	struct client_log_file	*last_f;
};

/* client-log.c */
const char	*client_log_window(struct croom *);
char		*client_log_name(const char *, int);
uint32_t	 client_log_hash(const char *, const char *, size_t);
void		 client_log_saw(struct client_log_file *, int64_t, int64_t,
		     uint32_t);
off_t		 client_log_mark_read(struct client_log *,
		     struct client_log_file *);

/* client-log-read.c */
void		 client_log_read_tail(struct client_log *,
		     struct client_log_file *);
int		 client_log_read_fresh(struct client_log *,
		     struct client_log_file *, int64_t, const char *,
		     const char *);

#endif /* CLIENT_LOG_H */
