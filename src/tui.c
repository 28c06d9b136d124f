/* tui.c: placeholder until the curses client lands. */
#include "chatroom.h"
#include <stdio.h>
int
tui_main(struct target *t)
{
	fprintf(stderr, "chatroom: the terminal client is not built yet\n");
	return (1);
}
