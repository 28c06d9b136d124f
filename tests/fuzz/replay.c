/* SPDX-License-Identifier: ISC */
/* replay.c: run a fuzz target over corpus files, without libFuzzer. */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * make check links each target with this main() instead of libFuzzer's, so
 * the committed corpora are replayed by any compiler on every build.  A
 * target reports a violated property by aborting, which fails the test.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	replay_file(const char *);
static int	replay_dir(const char *);

/* Feed one file to the target; -1 if it cannot be read. */
static int
replay_file(const char *path)
{
	FILE	*f;
	uint8_t	*data;
	long	 size;
	size_t	 len;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: cannot size\n", path);
		fclose(f);
		return (-1);
	}
	/* Exactly size bytes, so a sanitizer sees any overread. */
	if ((data = malloc(size > 0 ? (size_t)size : 1)) == NULL) {
		fclose(f);
		return (-1);
	}
	len = fread(data, 1, size, f);
	fclose(f);
	if (len != (size_t)size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(data);
		return (-1);
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return (0);
}

/* Feed every regular file of a directory, in name order. */
static int
replay_dir(const char *dir)
{
	struct dirent	**names;
	struct stat	  st;
	char		 *path;
	int		  n, i, count = 0, failed = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			if (asprintf(&path, "%s/%s", dir,
			    names[i]->d_name) == -1)
				abort();
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) != 0)
					failed = 1;
				count++;
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	printf("replay: %s: %d inputs\n", dir, count);
	return (failed ? -1 : count);
}

/* Replay each argument: a corpus directory or a single input file. */
int
main(int argc, char **argv)
{
	struct stat	st;
	int		i, failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus-dir-or-file ...\n", argv[0]);
		return (2);
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			failed = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) <= 0)
				failed = 1;
		} else if (replay_file(argv[i]) != 0)
			failed = 1;
	}
	return (failed);
}
