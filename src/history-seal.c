/* SPDX-License-Identifier: ISC */
/* history-seal.c: the history file's checksum. */

#include <sys/types.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * The history file is written whole and renamed into place, but a disk
 * can still damage it later: a flipped byte inside a message's text is
 * valid JSON and would be loaded as if it had been said.  So the file
 * starts with the SHA-256 of everything after it, in hex:
 *
 *	{"sha256":"<64 hex digits>","version":1,...}\n
 *
 * The digest covers the bytes from "version" to the final newline, the
 * document as an older hub wrote it but for its first brace.  A file
 * without it (from an older hub, or made by hand) is read as before; an
 * older hub reads a sealed one too, as it skips members it does not know.
 * A file that starts with the seal and does not match it, or is cut
 * short, is damaged: the hub does not start (see history_load).
 */
#define HISTORY_SEAL_HEAD	"{\"sha256\":\""
#define HISTORY_SEAL_HEX	(2 * 32)
#define HISTORY_SEAL_LEN	(sizeof HISTORY_SEAL_HEAD - 1 + \
				 HISTORY_SEAL_HEX + 2)

static void	history_seal_digest(const char *, size_t, char *);

/* The SHA-256 of data in lowercase hex, into out (HISTORY_SEAL_HEX + 1). */
static void
history_seal_digest(const char *data, size_t len, char *out)
{
	u_char	md[EVP_MAX_MD_SIZE];
	u_int	mdlen = 0, i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen * 2 != HISTORY_SEAL_HEX)
		fatalx("SHA-256 failed");
	for (i = 0; i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Put the seal in front of a serialised history ("{...}\n"). */
void
history_seal_add(struct jbuf *jb)
{
	char	hex[HISTORY_SEAL_HEX + 1];

	if (jb->len < 2 || jb->buf[0] != '{')
		fatalx("history_seal_add: not a document");
	history_seal_digest(jb->buf + 1, jb->len - 1, hex);
	if (jb->len + HISTORY_SEAL_LEN > jb->size)
		jb->buf = xrealloc(jb->buf, (jb->size = jb->len +
		    HISTORY_SEAL_LEN));
	/* The first brace gives way to the seal and its own brace. */
	memmove(jb->buf + HISTORY_SEAL_LEN, jb->buf + 1, jb->len - 1);
	memcpy(jb->buf, HISTORY_SEAL_HEAD, sizeof HISTORY_SEAL_HEAD - 1);
	memcpy(jb->buf + sizeof HISTORY_SEAL_HEAD - 1, hex, HISTORY_SEAL_HEX);
	memcpy(jb->buf + HISTORY_SEAL_LEN - 2, "\",", 2);
	jb->len += HISTORY_SEAL_LEN - 1;
	jb->buf[jb->len] = '\0';
}

/*
 * Check the seal of a history file's bytes: 0 if it matches, 1 if there
 * is none (an older file), -1 if the file is damaged (why in *cause).
 */
int
history_seal_check(const char *data, size_t len, char **cause)
{
	char	hex[HISTORY_SEAL_HEX + 1];
	size_t	head = sizeof HISTORY_SEAL_HEAD - 1, i;

	if (len < head || memcmp(data, HISTORY_SEAL_HEAD, head) != 0)
		return (1);
	if (len < HISTORY_SEAL_LEN) {
		xasprintf(cause, "cut short inside its checksum (%zu bytes)",
		    len);
		return (-1);
	}
	for (i = head; i < head + HISTORY_SEAL_HEX; i++) {
		if ((data[i] < '0' || data[i] > '9') &&
		    (data[i] < 'a' || data[i] > 'f'))
			break;
	}
	if (i != head + HISTORY_SEAL_HEX ||
	    memcmp(data + i, "\",", 2) != 0) {
		xasprintf(cause, "its checksum is damaged (at byte %zu)", i);
		return (-1);
	}
	history_seal_digest(data + HISTORY_SEAL_LEN, len - HISTORY_SEAL_LEN,
	    hex);
	if (memcmp(hex, data + head, HISTORY_SEAL_HEX) != 0) {
		xasprintf(cause, "its content does not match its checksum "
		    "(SHA-256 %.12s..., the file says %.12s...; %zu bytes: "
		    "damaged or cut short on disk)", hex, data + head, len);
		return (-1);
	}
	return (0);
}
