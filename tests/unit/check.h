/* SPDX-License-Identifier: ISC */
/* check.h: helpers shared by the unit tests. */

#ifndef CHECK_H
#define CHECK_H

char		*check_repeat(const char *, u_int);
void		 check_lines(const char *);
char		*check_temp_dir(const char *);
void		 check_remove_tree(const char *);

#endif
