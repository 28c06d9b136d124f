/* SPDX-License-Identifier: ISC */
/* log.c: levelled logging to stderr or a file; never to a screen the TUI owns. */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"

static void	log_vwrite(const char *, const char *, va_list, int)
	    __attribute__((format(printf, 2, 0)));
static FILE	*log_fopen(const char *);
static int	 log_to_journal(void);
static char	*log_escape(const char *);
static void	 log_hook(const char *, int);
static int	 log_burst_cmp(const void *, const void *);

/*
 * Connections logged per address: the first LOG_BURST_MAX of a minute in
 * full, the others only counted, and the count logged when the minute is
 * over, so a loop of connections cannot fill the disk.
 */
#define LOG_BURST_MAX		10
#define LOG_BURST_WINDOW	(60 * 1000)
struct log_burst {
	char			*key;
	int64_t			 start;
	u_int			 n;
	TAILQ_ENTRY(log_burst)	 entry;		/* oldest window first */
};
static TAILQ_HEAD(, log_burst) log_bursts = TAILQ_HEAD_INITIALIZER(log_bursts);
static void	*log_burst_tree;

static FILE	*log_file;
static char	*log_path;		/* the file's name, to open it again */
int		 log_level = LOG_INFO;	/* read by hot paths: one test */
static int	 log_tui;		/* stderr belongs to the TUI */
static int	 log_journal;		/* stderr is systemd's journal */
static void	(*log_fatal_hook)(void);
/* Per thread: the hook sees only what its own thread warns of. */
static _Thread_local void (*log_warn_hook)(const char *, void *);
static _Thread_local void *log_warn_arg;

/*
 * Open the log: level and an optional file (NULL means stderr).  If the
 * file cannot be opened, -1 with errno set: the caller says where the
 * name came from.
 */
int
log_open(int level, const char *path)
{
	log_level = level;
	log_journal = path == NULL && log_to_journal();
	if (path != NULL) {
		if ((log_file = log_fopen(path)) == NULL)
			return (-1);
		log_path = xstrdup(path);
	}
	return (0);
}

/*
 * Could log_open open path, without making or writing anything (for
 * --check)?  An existing file must take appends, a new one a directory
 * that lets it be made.  If not, -1 with errno set.
 */
int
log_check(const char *path)
{
	struct stat	 st;
	char		*dir;
	int		 fd, saved;

	/* O_NONBLOCK: a FIFO without a reader must not hang --check. */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK);
	if (fd != -1) {
		close(fd);
		return (0);
	}
	if (errno != ENOENT)
		return (-1);
	dir = util_parent_dir(xstrdup(path));
	if (stat(dir, &st) != 0 || (!S_ISDIR(st.st_mode) &&
	    (errno = ENOTDIR) != 0) || access(dir, W_OK | X_OK) != 0) {
		saved = errno;
		free(dir);
		errno = saved;
		return (-1);
	}
	free(dir);
	return (0);
}

/*
 * Is standard error systemd's journal (JOURNAL_STREAM names its device
 * and inode)?  Then lines go without a time stamp, which the journal
 * adds, and with a priority prefix, so that "journalctl -p warning"
 * shows the warnings.
 */
static int
log_to_journal(void)
{
	struct stat		 st;
	const char		*env;
	unsigned long long	 dev, ino;

	if ((env = getenv("JOURNAL_STREAM")) == NULL ||
	    sscanf(env, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return (0);
	return ((unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino);
}

/*
 * Open a log file to append to, made with mode 0600 when it is new: it
 * holds addresses and nicks, and message text with --log-messages or a
 * client's conversation.
 */
static FILE *
log_fopen(const char *path)
{
	FILE	*f;
	int	 fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return (NULL);
	if ((f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return (NULL);
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return (f);
}

/*
 * Open the log file again by its name (the hub's SIGHUP), so that a file
 * logrotate moved aside is let go; if it cannot be opened, keep the old.
 */
int
log_reopen(void)
{
	FILE	*f;

	if (log_path == NULL)
		return (0);
	if ((f = log_fopen(log_path)) == NULL) {
		log_warn("cannot open the log file %s again; still logging to "
		    "the old one", log_path);
		return (-1);
	}
	fclose(log_file);
	log_file = f;
	return (0);
}

/* Close the log file. */
void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	free(log_path);
	log_path = NULL;
}

/* Is there a log file (rather than stderr)? */
int
log_has_file(void)
{
	return (log_file != NULL);
}

/* A line of the conversation, for the client: into a log file only. */
void
log_text(const char *fmt, ...)
{
	va_list	ap;

	if (log_file == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
}

/* While the TUI owns the terminal, only a log file is written. */
void
log_set_tui(int on)
{
	log_tui = on;
}

/* Set what fatal() runs before exiting (the TUI restores the terminal). */
void
log_set_fatal_hook(void (*hook)(void))
{
	log_fatal_hook = hook;
}

/*
 * Hand each warning this thread logs to hook as well, until it is set to
 * NULL: an operator's REHASH shows what the reload logged, and not what
 * the history's writer threads warn of meanwhile.
 */
void
log_set_warn_hook(void (*hook)(const char *, void *), void *arg)
{
	log_warn_hook = hook;
	log_warn_arg = arg;
}

/* Write one line with a time stamp and a level. */
static void
log_vwrite(const char *level, const char *fmt, va_list ap, int err)
{
	FILE		*f = log_file;
	struct timeval	 tv;
	struct tm	 tm;
	char		 stamp[32], *msg, *safe;

	if (f == NULL) {
		if (log_tui)
			return;
		f = stderr;
	}
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	safe = log_escape(msg != NULL ? msg : "(out of memory)");
	if (f == stderr && log_journal) {
		/* sd-daemon(3) priorities: crit, warning, info, debug. */
		fprintf(f, "<%c>%s: %s", *level == 'f' ? '2' : *level == 'w' ?
		    '4' : *level == 'i' ? '6' : '7', level,
		    safe != NULL ? safe : "(out of memory)");
	} else {
		gettimeofday(&tv, NULL);
		localtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(f, "%s.%03ld %s: %s", stamp, (long)tv.tv_usec / 1000,
		    level, safe != NULL ? safe : "(out of memory)");
	}
	if (err != 0)
		fprintf(f, ": %s", strerror(err));
	fputc('\n', f);
	if (log_warn_hook != NULL && *level == 'w' && safe != NULL)
		log_hook(safe, err);
	free(safe);
	free(msg);
}

/* Give the warn hook a warning's text, with errno's if any. */
static void
log_hook(const char *safe, int err)
{
	char	*text;

	if (err == 0) {
		log_warn_hook(safe, log_warn_arg);
		return;
	}
	if (asprintf(&text, "%s: %s", safe, strerror(err)) == -1)
		return;
	log_warn_hook(text, log_warn_arg);
	free(text);
}

/*
 * Make a line safe to log: what a client chose (nicks, reasons, text)
 * must not start a new log line, reach a terminal as an escape sequence
 * or hide in the line.  Controls, DEL and invalid bytes become \xHH,
 * other unsafe or invisible code points (C1 controls, bidirectional
 * overrides, line separators, default-ignorable and format characters,
 * spaces other than U+0020, unassigned code points) \u{HHHH}, and a
 * backslash \\; printable UTF-8 stays as it is.  Plain malloc, since
 * running out of memory here must not call fatal().
 */
static char *
log_escape(const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 len = strlen(s), off = 0, o = 0;
	uint32_t		 cp;
	char			*out;
	int			 n;

	/* Each input byte becomes at most four output bytes. */
	if ((out = malloc(len * 4 + 1)) == NULL)
		return (NULL);
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n < 0 || cp < 0x20 || cp == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[(u_char)s[off] >> 4];
			out[o++] = hex[(u_char)s[off] & 0xf];
			off++;
			continue;
		}
		if (cp == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (utf8_is_unsafe(cp) || utf8_is_invisible(cp))
			o += sprintf(out + o, "\\u{%04x}", (u_int)cp);
		else {
			memcpy(out + o, s + off, n);
			o += n;
		}
		off += n;
	}
	out[o] = '\0';
	return (out);
}

/*
 * Tell whoever started the program why it cannot go on (a bad option, a
 * file it cannot read), on standard error whether or not the log is
 * open: as a terminal has always shown it, and with the journal's error
 * priority on each line when standard error is systemd's journal, which
 * would file it at info otherwise, so that "journalctl -p err" shows why
 * the hub did not start.
 */
void
log_stderr(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *line, *nl;
	int	 n;

	va_start(ap, fmt);
	if (!log_to_journal()) {
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		return;
	}
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n == -1)
		return;
	for (line = msg; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL) {
			fprintf(stderr, "<3>%s\n", line);
			break;
		}
		fprintf(stderr, "<3>%.*s\n", (int)(nl - line), line);
	}
	free(msg);
}

/* Log detail shown only with -v. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	log_vwrite("debug", fmt, ap, 0);
	va_end(ap);
}

/* Log an ordinary event. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_INFO)
		return;
	va_start(ap, fmt);
	log_vwrite("info", fmt, ap, 0);
	va_end(ap);
}

/* Log a warning with errno's text. */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	log_vwrite("warning", fmt, ap, err);
	va_end(ap);
}

/* Log a warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("warning", fmt, ap, 0);
	va_end(ap);
}

/* Log errno's text and exit after restoring the terminal. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	if (log_fatal_hook != NULL)
		log_fatal_hook();
	log_tui = 0;
	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, err);
	va_end(ap);
	exit(1);
}

/* Log and exit after restoring the terminal. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	if (log_fatal_hook != NULL)
		log_fatal_hook();
	log_tui = 0;
	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}

static int
log_burst_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct log_burst *)a)->key,
	    ((const struct log_burst *)b)->key));
}

/*
 * The windows that are over: log how many connections of each were not
 * logged, and forget them.  Called with each new connection and from the
 * hub's timer, so a flood's summary comes even if nothing follows it.
 */
void
log_burst_flush(void)
{
	struct log_burst	*b;
	int64_t			 now = mono_ms();

	while ((b = TAILQ_FIRST(&log_bursts)) != NULL &&
	    now - b->start >= LOG_BURST_WINDOW) {
		if (b->n > LOG_BURST_MAX) {
			log_info("%u more connections from %s in the last "
			    "minute (not logged one by one)",
			    b->n - LOG_BURST_MAX, b->key);
		}
		TAILQ_REMOVE(&log_bursts, b, entry);
		tdelete(b, &log_burst_tree, log_burst_cmp);
		free(b->key);
		free(b);
	}
}

/*
 * A new connection from key (its address): 1 if its lines are to be
 * logged, 0 if it is one too many this minute and only counted.
 */
int
log_burst(const char *key)
{
	struct log_burst	 find, *b, **found;

	log_burst_flush();
	find.key = (char *)key;
	if ((found = tfind(&find, &log_burst_tree, log_burst_cmp)) != NULL)
		b = *found;
	else {
		b = xcalloc(1, sizeof *b);
		b->key = xstrdup(key);
		b->start = mono_ms();
		if (tsearch(b, &log_burst_tree, log_burst_cmp) == NULL)
			fatalx("tsearch failed");
		TAILQ_INSERT_TAIL(&log_bursts, b, entry);
	}
	if (++b->n == LOG_BURST_MAX + 1) {
		log_info("more than %d connections from %s in a minute: the "
		    "others are counted, not logged one by one", LOG_BURST_MAX,
		    key);
	}
	return (b->n <= LOG_BURST_MAX);
}
