/* SPDX-License-Identifier: ISC */
/* check.h: helpers shared by the unit tests of the protocol and IRC. */

#ifndef CHECK_H
#define CHECK_H

char		*check_repeat(const char *, u_int);
void		 check_lines(const char *);

#endif
