/* SPDX-License-Identifier: ISC */
/* server-irc-oper.c: IRC commands for hub operators. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * OPER, and what an operator coming from another IRC server types: each
 * maps to the hub's own operator mechanism (the native handler where
 * there is one), so an IRC operator and a native one do the same things
 * the same way.  The table in server-irc.c marks the commands that need
 * an operator (SIRC_OPER): they never run for others, who get 481.
 */

/* OPER name password: the hub's operator password (the name is not). */
void
server_irc_oper(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "password", msg->params[1]);
	server_irc_call(c, server_oper_oper, obj);
}

/* KILL nick [:reason]: the native kick. */
void
server_irc_kill(struct server_client *c, struct irc_msg *msg)
{
	cJSON	*obj;

	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "nick", msg->params[0]);
	if (msg->nparams > 1 && *msg->params[1] != '\0')
		cJSON_AddStringToObject(obj, "reason", msg->params[1]);
	server_irc_call(c, server_oper_kick, obj);
}
