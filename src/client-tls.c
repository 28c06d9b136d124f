/* SPDX-License-Identifier: ISC */
/* client-tls.c: the hub's certificate, trusted, pinned or refused. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

static char	*client_tls_name(const char *, const char *);
static char	*client_tls_list_known(struct client *, const char *,
		    const char *);

/* A hub as known_hubs names it: HOST:PORT, [V6]:PORT. */
static char *
client_tls_name(const char *host, const char *port)
{
	char	*s;

	if (strchr(host, ':') != NULL)
		xasprintf(&s, "[%s]:%s", host, port);
	else
		xasprintf(&s, "%s:%s", host, port);
	return (s);
}

/* The hub in use as known_hubs names it. */
char *
client_tls_hub_name(struct client *c)
{
	return (client_tls_name(c->host, c->port));
}

/*
 * Another hub of the list (a cluster's, whose hubs share one
 * certificate) that known_hubs trusts with the fingerprint fp: its name,
 * or NULL.  The handshake proved the hub in use holds that certificate's
 * key, so it is the one the user trusted, under another address.
 */
static char *
client_tls_list_known(struct client *c, const char *known, const char *fp)
{
	char	*name;
	u_int	 i;
	int	 line;

	for (i = 0; i < c->nhosts; i++) {
		if (i == c->hostidx)
			continue;
		name = client_tls_name(c->hosts[i], c->ports[i]);
		if (tls_known_check(known, name, fp, &line) == 1)
			return (name);
		free(name);
	}
	return (NULL);
}

/*
 * Do we know the hub is one: its fingerprint given (--trust) or in
 * known_hubs?  Then a handshake that does not end is a hub that hangs,
 * not something else listening.
 */
int
client_tls_hub_known(struct client *c)
{
	char	*known, *hub;
	int	 line, rc;

	if (c->trust != NULL)
		return (1);
	known = state_path("known_hubs");
	hub = client_tls_hub_name(c);
	rc = tls_known_check(known, hub, "", &line);	/* no fingerprint is "" */
	free(hub);
	free(known);
	return (rc != 0);
}

/* Use TLS (the default) or plain TCP, and an expected fingerprint. */
int
client_tls_set(struct client *c, int insecure, const char *trust,
    char **cause)
{
	if (trust != NULL)
		c->trust = xstrdup(trust);
	if (insecure)
		return (0);
	if ((c->tls = tls_client_ctx(cause)) == NULL)
		return (-1);
	return (0);
}

/*
 * The TLS handshake is over: accept a certificate that chains to a known
 * authority and names the host, or one whose fingerprint was pinned
 * before; otherwise ask the user (trust on first use, like ssh), or with
 * --trust compare.  A changed fingerprint is refused loudly.  A refusal's
 * words are the failure's reason, not a notice: the terminal client's
 * screen is gone when the user reads it, and its exit message says it.
 */
void
client_tls_ready(struct peer *peer, void *arg)
{
	struct client	*c = arg;
	SSL		*ssl = peer_ssl(peer);
	X509		*x;
	char		*fp, *hub, *known, *cause, *why = NULL, *other;
	int		 line, rc;

	evtimer_del(c->timer);	/* done: the user may be asked */
	if ((x = SSL_get0_peer_certificate(ssl)) == NULL ||
	    (fp = tls_fingerprint(x)) == NULL) {
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub sent no certificate"));
		peer_fail(peer, _("no certificate"));
		return;
	}
	if (tls_fingerprint_raw(x, c->hubfp) != 0) {
		free(fp);
		peer_fail(peer, _("no certificate"));
		return;
	}
	if (SSL_get_verify_result(ssl) == X509_V_OK) {
		free(fp);
		client_hello_start(c);
		return;
	}
	hub = client_tls_hub_name(c);
	known = state_path("known_hubs");
	rc = tls_known_check(known, hub, fp, &line);
	if (c->trust != NULL) {
		/* What the user says on the command line wins. */
		if (!tls_fingerprint_equal(c->trust, fp)) {
			xasprintf(&why, _("the certificate of %s does not "
			    "match --trust (its fingerprint is %s)"), hub, fp);
			c->flags &= ~CLIENT_RECONNECT;
			peer_fail(peer, why);
			goto out;
		}
		if (rc != 1 && tls_known_add(known, hub, fp, &cause) != 0) {
			client_notice(c, c->current, CLINE_ERROR, "%s", cause);
			free(cause);
		}
		client_hello_start(c);
		goto out;
	}
	if (rc == 1) {
		client_hello_start(c);
		goto out;
	}
	if (rc == 0 && (other = client_tls_list_known(c, known, fp)) != NULL) {
		/* A hub of the same list: no question in a failover. */
		if (tls_known_add(known, hub, fp, &cause) != 0) {
			client_notice(c, c->current, CLINE_ERROR, "%s", cause);
			free(cause);
		} else
			client_notice(c, c->current, CLINE_NOTICE,
			    _("%s has the certificate trusted for %s: "
			    "trusted too"), hub, other);
		free(other);
		client_hello_start(c);
		goto out;
	}
	if (rc == -1) {
		xasprintf(&why, _("WARNING: the certificate of %s has "
		    "CHANGED; its fingerprint is now %s. This may be an "
		    "attack. If the change is expected, remove line %d of %s."),
		    hub, fp, line, known);
		c->flags &= ~CLIENT_RECONNECT;
		peer_fail(peer, why);
		goto out;
	}
	if (c->ui->ask_trust != NULL) {
		free(c->fingerprint);
		c->fingerprint = fp;
		fp = NULL;
		c->ui->ask_trust(c, c->fingerprint);
		goto out;
	}
	xasprintf(&why, _("the certificate of %s is not trusted; its "
	    "fingerprint is %s. If that is right, connect once with --trust "
	    "%s"), hub, fp, fp);
	c->flags &= ~CLIENT_RECONNECT;
	peer_fail(peer, why);
out:
	free(why);
	free(fp);
	free(hub);
	free(known);
}

/* The user's answer to "trust this hub?". */
void
client_tls_trust(struct client *c, int yes)
{
	char	*hub, *known, *cause;

	if (c->fingerprint == NULL || c->peer == NULL)
		return;
	if (!yes) {
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_QUITTING;
		peer_fail(c->peer, _("certificate not trusted"));
		return;
	}
	hub = client_tls_hub_name(c);
	known = state_path("known_hubs");
	if (tls_known_add(known, hub, c->fingerprint, &cause) != 0) {
		client_notice(c, c->current, CLINE_ERROR, "%s", cause);
		free(cause);
	}
	free(hub);
	free(known);
	free(c->fingerprint);
	c->fingerprint = NULL;
	client_lag_handshake(c);
	client_hello_start(c);
}

/*
 * Did TLS fail on a hub's challenge sent in the clear: a hub run with
 * --insecure, not something else on the port?
 */
int
client_tls_plain_hub(struct peer *peer)
{
	cJSON		*obj;
	enum proto_type	 type;
	enum proto_err	 err;
	const char	*line;
	char		*cause;
	size_t		 len;

	if ((line = peer_tls_plain(peer, &len)) == NULL)
		return (0);
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		free(cause);
		return (0);
	}
	cJSON_Delete(obj);
	return (type == PROTO_CHALLENGE);
}
