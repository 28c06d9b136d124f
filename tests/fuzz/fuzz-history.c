/* SPDX-License-Identifier: ISC */
/* fuzz-history.c: fuzz target for the history file loader. */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * The input is a history document.  Parsing must fail cleanly or succeed;
 * what succeeds must serialise to a document that parses again and
 * serialises to the same bytes (the hub rewrites its file every flush, so
 * a drifting round trip would corrupt it slowly).  A violated property
 * aborts.
 */

#define FUZZ_RING	50

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hist	 h, h2;
	struct jbuf	 jb;
	char		*cause = NULL, *out, *out2;
	size_t		 len, len2;

	/*
	 * history-serialise.c stamps the file with the time; a fixed one
	 * keeps runs equal.
	 */
	util_fix_clock(1700000000000LL);
	/* The checksum at the head: any bytes are checked without a fault. */
	if (history_seal_check((const char *)data, size, &cause) == -1) {
		if (cause == NULL) {
			fprintf(stderr, "fuzz-history: damage without a "
			    "cause\n");
			abort();
		}
		free(cause);
		cause = NULL;
	}
	if (history_parse((const char *)data, size, FUZZ_RING, &h,
	    &cause) != 0) {
		if (cause == NULL) {
			fprintf(stderr, "fuzz-history: failure without a "
			    "cause\n");
			abort();
		}
		free(cause);
		return (0);
	}
	out = history_serialise(&h, &len);
	if (strlen(out) != len) {
		fprintf(stderr, "fuzz-history: serialised length wrong\n");
		abort();
	}
	if (history_parse(out, len, FUZZ_RING, &h2, &cause) != 0) {
		fprintf(stderr, "fuzz-history: own output does not parse: %s\n"
		    "%s", cause, out);
		abort();
	}
	if (h2.nrooms != h.nrooms || h2.next_id != h.next_id ||
	    h2.nclaims != h.nclaims || h2.nbans != h.nbans ||
	    h2.nsessions != h.nsessions) {
		fprintf(stderr, "fuzz-history: rooms, claims, bans, sessions "
		    "or next_id changed\n");
		abort();
	}
	out2 = history_serialise(&h2, &len2);
	if (len2 != len || memcmp(out, out2, len) != 0) {
		fprintf(stderr, "fuzz-history: round trip differs:\n%s%s",
		    out, out2);
		abort();
	}
	free(out2);
	/* Sealed, it matches its checksum and reads the same. */
	jb.buf = out;
	jb.size = len + 1;
	jb.len = len;
	history_seal_add(&jb);
	out = jb.buf;
	if (history_seal_check(out, jb.len, &cause) != 0) {
		fprintf(stderr, "fuzz-history: own seal does not match\n");
		abort();
	}
	history_free(&h2);
	if (history_parse(out, jb.len, FUZZ_RING, &h2, &cause) != 0 ||
	    h2.nrooms != h.nrooms || h2.next_id != h.next_id) {
		fprintf(stderr, "fuzz-history: sealed output reads otherwise\n");
		abort();
	}
	free(out);
	history_free(&h2);
	history_free(&h);
	return (0);
}
