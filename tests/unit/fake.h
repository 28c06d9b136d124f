/* SPDX-License-Identifier: ISC */
/* fake.h: a client model behind a fake interface, for the unit tests. */

#ifndef FAKE_H
#define FAKE_H

/*
 * The fake interface counts what the client core tells it and keeps the
 * last line added.  A test may give the client a connected peer over a
 * socketpair, whose far end shows the frames sent.
 */
struct fake {
	struct event_base	*base;
	struct client		*client;
	struct client_ui	 ui;
	int			 sv[2];
	u_int			 lines;
	u_int			 states;
	u_int			 roomlists;
	u_int			 errors;
	u_int			 raws;
	enum proto_err		 last_err;
	struct croom		*last_room;
	struct cline		*last_line;
	char			 state_dir[64];
};

/* A test run on a fresh client. */
#define FAKE_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, fake_setup, fake_teardown)

int		 fake_setup(void **);
int		 fake_teardown(void **);
void		 fake_feed(struct fake *, const char *);
void		 fake_connect(struct fake *);
char		*fake_sent(struct fake *);
void		 fake_welcome(struct fake *);
void		 fake_join(struct fake *, const char *);

#endif
