/* SPDX-License-Identifier: ISC */
/* cluster-script.c: the Lua scripts Redis runs for the hubs of a cluster. */

#include <sys/types.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "cluster.h"

/*
 * What must be atomic across hubs runs in Redis as a script: numbering,
 * storing and publishing a message; claiming a nick; a heartbeat that
 * buries dead hubs.  Each hub loads the scripts on every connection
 * (SCRIPT LOAD) and runs them by their SHA-1 (EVALSHA).
 */

#define CL_STRING1(x)	#x
#define CL_STRING(x)	CL_STRING1(x)

/* Who owns a claim's entry: its key, else its old hash, else its password. */
#define CL_OWNER_LUA \
	"local function owner(e)\n" \
	"  local p, h, s = string.match(e, " \
	"    '^[^\\t]*\\t([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t')\n" \
	"  if p == nil then return '' end\n" \
	"  if p ~= '' then return p end\n" \
	"  if h ~= '' then return h end\n" \
	"  return s\n" \
	"end\n"

/*
 * The time of an entry of chatroom:bans: "~TIME" for a lift mark, else
 * the sixth field of a ban (when it was set), 0 if it has none.
 */
#define CL_BANTIME_LUA \
	"local function bantime(e)\n" \
	"  local t = string.match(e, '^~(%d+)$')\n" \
	"  if t then return tonumber(t) end\n" \
	"  local _, tabs = string.gsub(e, '\\t', '')\n" \
	"  if tabs < 5 then return 0 end\n" \
	"  return tonumber(string.match(e, '\\t(%d+)$')) or 0\n" \
	"end\n"

#define CL_STR(x)	#x
#define CL_XSTR(x)	CL_STR(x)

/*
 * May one more DM, from the nick given, be held for a session in k (its
 * held:NICK), where most may wait?  Not if as many wait already, nor if
 * CR_DM_HELD_FROM of them are from that sender ('full'): its share, as a
 * hub that holds the session keeps (session_dm_room, which compares the
 * nicks in ASCII case as string.lower does), so that one stranger cannot
 * fill the list and shut everyone else out.
 */
#define CL_HELDFULL_LUA(most, from) \
	"  if redis.call('LLEN', k) >= tonumber(" most ") then\n" \
	"    return 'full'\n" \
	"  end\n" \
	"  local mine, who = 0, string.lower(" from ")\n" \
	"  for _, f in ipairs(redis.call('LRANGE', k, 0, -1)) do\n" \
	"    local ok, o = pcall(cjson.decode, f)\n" \
	"    if ok and type(o) == 'table' and type(o.nick) == 'string' and " \
	"      string.lower(o.nick) == who then\n" \
	"      mine = mine + 1\n" \
	"      if mine >= " CL_XSTR(CR_DM_HELD_FROM) " then\n" \
	"        return 'full'\n" \
	"      end\n" \
	"    end\n" \
	"  end\n"

/*
 * A DM is held for the nick's session (k its held:NICK, its life in ms):
 * the address of the IRC connection that last held it, if one did
 * (chatroom:ircaddrs, "HUB\tADDRESS"), is kept beside the list as long,
 * so that a hub where the user comes back as the same one knows it
 * (CS_HELDTAKE), whichever hub he was on, under whatever nick before.
 */
#define CL_HELDADDR_LUA(life) \
	"  local a = redis.call('HGET', '" CL_PREFIX "ircaddrs', ARGV[1])\n" \
	"  a = a and string.match(a, '^[^\\t]*\\t(.*)$')\n" \
	"  if a and a ~= '' then\n" \
	"    redis.call('SET', '" CL_PREFIX "heldaddr:' .. ARGV[1], a, " \
	"      'PX', " life ")\n" \
	"  else\n" \
	"    redis.call('DEL', '" CL_PREFIX "heldaddr:' .. ARGV[1])\n" \
	"  end\n"

/*
 * A DM is held for the nick's session (its id, and the hub that sent it
 * as "HUB\tNAME", its id and IRC server name): the sending hub is kept
 * beside the list as long, in heldhub:NICK by the DM's id, so that the
 * hub that takes it names that hub as its sender's IRC host.
 */
#define CL_HELDHUB_LUA(id, origin, life) \
	"  redis.call('HSET', '" CL_PREFIX "heldhub:' .. ARGV[1], " id ", " \
	"    " origin ")\n" \
	"  redis.call('PEXPIRE', '" CL_PREFIX "heldhub:' .. ARGV[1], " \
	"    " life ")\n"

static const char *cluster_scripts[CS_NSCRIPTS] = {
	/*
	 * MSG: KEYS id, stream; ARGV the frame before its id and after it,
	 * uid, id, maxlen, header, check, the sending hub ("HUB\tNAME", its
	 * id and IRC name: kept in the stream, for a hub that reads the
	 * message back from it to name its sender's hub).  A retried message
	 * is looked for first; otherwise it takes an id (unless it has one),
	 * goes into the stream and onto the bus.
	 */
	[CS_MSG] =
	"if ARGV[7] == '1' then\n"
	"  local r = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', "
	    CL_STRING(CR_CLUSTER_SCAN) ")\n"
	"  for _, e in ipairs(r) do\n"
	"    local f = e[2]\n"
	"    local uid, id = nil, nil\n"
	"    for i = 1, #f, 2 do\n"
	"      if f[i] == 'u' then uid = f[i + 1] end\n"
	"      if f[i] == 'i' then id = f[i + 1] end\n"
	"    end\n"
	"    if uid == ARGV[3] then return tonumber(id) end\n"
	"  end\n"
	"end\n"
	"local id = tonumber(ARGV[4])\n"
	"if id == 0 then id = redis.call('INCR', KEYS[1]) end\n"
	"local frame = ARGV[1] .. id .. ARGV[2]\n"
	"local sid = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*',"
	"  'i', id, 'u', ARGV[3], 'f', frame, 'h', ARGV[8])\n"
	"redis.call('PUBLISH', '" CL_BUS "', ARGV[6] .. '\\t' .. sid .. '\\n'"
	"  .. frame)\n"
	"return id\n",

	/*
	 * DM: KEYS nicks, id; ARGV nick key, the frame before its id and
	 * after it, how long held:NICK lives (ms), how many may wait, when
	 * the held DMs expire (ms).  0 if the nick is not held on a live
	 * hub, else the id of the message published to it; minus the id if
	 * its session waits for a resume after its hub went (owner
	 * "~TIME"): then the frame waits in held:NICK for the hub that takes
	 * the session ("full" if as many as may wait there already), and
	 * the held set says when a hub is to give them up (CS_HELDEXP);
	 * also "full" if its sender (ARGV[8]) has its share there already.
	 * ARGV[7] is the sending hub, in the payload's header; if the hub
	 * it went to acknowledges (it is in the set dmacks), the answer
	 * is {id, that hub} (cluster-dm.c), and the message waits in
	 * dmwait, with the sending hub and the nicks from and to (ARGV[8]
	 * and ARGV[9]), until it is taken: so it outlives the sending hub.
	 * ARGV[10] is the sending hub and its IRC name ("HUB\tNAME"), for
	 * a held one, and in dmwaithub for one adopted (CS_DMADOPT): not in
	 * dmwait's header, which a hub of the previous release reads as
	 * exactly "HUB\tFROM\tTO" (it deletes any other).  dmwaitat says
	 * when the copy and its hub go if no hub deleted them (CS_HELDEXP):
	 * after twice the resume window and the grace of held:NICK, long
	 * after any hub would have adopted it.
	 */
	[CS_DM] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if not v then return 0 end\n"
	"local owner = string.match(v, '^([^\\t]*)')\n"
	"if string.sub(owner, 1, 1) == '~' then\n"
	"  local k = '" CL_PREFIX "held:' .. ARGV[1]\n"
	CL_HELDFULL_LUA("ARGV[5]", "ARGV[8]")
	"  local id = redis.call('INCR', KEYS[2])\n"
	"  redis.call('RPUSH', k, ARGV[2] .. id .. ARGV[3])\n"
	"  redis.call('PEXPIRE', k, ARGV[4])\n"
	"  redis.call('ZADD', '" CL_PREFIX "held', ARGV[6], ARGV[1])\n"
	CL_HELDADDR_LUA("ARGV[4]")
	CL_HELDHUB_LUA("id", "ARGV[10]", "ARGV[4]")
	"  return -id\n"
	"end\n"
	"if owner == '' or "
	"  redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 0 then\n"
	"  return 0\n"
	"end\n"
	"local id = redis.call('INCR', KEYS[2])\n"
	"redis.call('PUBLISH', '" CL_BUS "', 'd\\t' .. owner .. '\\t' .. "
	"  ARGV[1] .. '\\t' .. ARGV[7] .. '\\n' .. ARGV[2] .. id .. ARGV[3])\n"
	"if redis.call('SISMEMBER', '" CL_PREFIX "dmacks', owner) == 1 then\n"
	"  redis.call('HSET', '" CL_PREFIX "dmwait', id, ARGV[7] .. '\\t' .. "
	"    ARGV[8] .. '\\t' .. ARGV[9] .. '\\n' .. ARGV[2] .. id .. ARGV[3])\n"
	"  if ARGV[10] ~= '' then\n"
	"    redis.call('HSET', '" CL_PREFIX "dmwaithub', id, ARGV[10])\n"
	"  end\n"
	"  redis.call('ZADD', '" CL_PREFIX "dmwaitat', "
	"    tonumber(ARGV[6]) + tonumber(ARGV[4]), id)\n"
	"  return {id, owner}\n"
	"end\n"
	"return id\n",

	/*
	 * CLAIM: KEYS nicks; ARGV nick key, hub, token hash or '', value,
	 * old nick key or '', '1' if our own entry may be replaced, and
	 * (optional) the address of a login that proved the nick, and '1'
	 * if it proved it with the claim's key.  A matching token moves the
	 * session here ("resumed", with the old value); so does a proved
	 * login, from a live hub, under the new token hash of the value,
	 * and the old hub is told from where, unless the kinds entry of
	 * that session says a native client is connected to it and the
	 * login proved only the password ("taken", as on one hub); its kind
	 * comes third ("native", "irc", "lost\tID", or "" from a hub that
	 * does not record it).  A nick held on a live hub is "taken", with
	 * the kind of what holds it third; otherwise "ok".  A hub restarted
	 * with its sessions names its id from before ninth: what that id
	 * holds is ours ("ok"), though the others may not have given it up
	 * yet, and they are told the session moved here.  A session moved
	 * here comes with its operator entry (chatroom:opers, "HUB\tTOKEN
	 * HASH\tPROOF", the proof of the operator password it gave keyed by
	 * its token: server_oper_proof) as fourth, or '' (the hub checks
	 * the proof against its own password).  The entry is the session's
	 * by its token hash, whatever its owner: a nick entry's owner is
	 * "~TIME" once its hub left (LEAVE leaves the operator entries as
	 * they were) or died (and a hub older than chatroom:opers renames
	 * only the nick entries of a dead hub).  One moved by its token has
	 * no kind third (nil) but its kind fifth.
	 */
	[CS_CLAIM] =
	"local function oper(owner, tok)\n"
	"  local o = redis.call('HGET', '" CL_PREFIX "opers', ARGV[1])\n"
	"  if not o or owner == ARGV[2] then return '' end\n"
	"  local t, p = string.match(o, '^[^\\t]*\\t([^\\t]*)\\t(.*)$')\n"
	"  if t == tok then return p end\n"
	"  return ''\n"
	"end\n"
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v then\n"
	"  local owner, tok = string.match(v, '^([^\\t]*)\\t([^\\t]*)')\n"
	"  if ARGV[3] ~= '' and tok == ARGV[3] then\n"
	"    local op, kind = oper(owner, tok), ''\n"
	"    local k = redis.call('HGET', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    local mine = owner .. '\\t' .. tok .. '\\t'\n"
	"    if k and string.sub(k, 1, #mine) == mine then\n"
	"      kind = string.sub(k, #mine + 1)\n"
	"    end\n"
	"    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. "
	"      string.sub(v, #owner + 1))\n"
	"    if owner ~= ARGV[2] then\n"
	"      redis.call('PUBLISH', '" CL_BUS "', 't\\t' .. owner .. '\\t' .."
	"        ARGV[2] .. '\\t' .. ARGV[1] .. '\\n')\n"
	"    end\n"
	"    if op == '' and kind == '' then return {'resumed', v} end\n"
	"    return {'resumed', v, false, op, kind}\n"
	"  end\n"
	"  if (ARGV[9] or '') ~= '' and owner == ARGV[9] and "
	"    owner ~= ARGV[2] then\n"
	"    local k = redis.call('HGET', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    if k and string.sub(k, 1, #owner + 1) == owner .. '\\t' then\n"
	"      redis.call('HDEL', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    end\n"
	"    redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])\n"
	"    redis.call('PUBLISH', '" CL_BUS "', 't\\t' .. owner .. '\\t' .."
	"      ARGV[2] .. '\\t' .. ARGV[1] .. '\\n')\n"
	"    return {'ok', ''}\n"
	"  end\n"
	"  local alive = owner ~= '' and string.sub(owner, 1, 1) ~= '~' and "
	"    redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 1\n"
	"  local from = ARGV[7] or ''\n"
	"  if from ~= '' and alive and owner ~= ARGV[2] then\n"
	"    local kind = ''\n"
	"    local k = redis.call('HGET', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    local mine = owner .. '\\t' .. tok .. '\\t'\n"
	"    if k and string.sub(k, 1, #mine) == mine then\n"
	"      kind = string.sub(k, #mine + 1)\n"
	"    end\n"
	"    if kind == 'native' and ARGV[8] ~= '1' then\n"
	"      return {'taken', '', kind}\n"
	"    end\n"
	"    local op = oper(owner, tok)\n"
	"    local fresh = string.match(ARGV[4], '^[^\\t]*\\t([^\\t]*)')\n"
	"    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\\t' .. "
	"      fresh .. string.sub(v, #owner + #tok + 2))\n"
	"    redis.call('HDEL', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    redis.call('PUBLISH', '" CL_BUS "', 't\\t' .. owner .. '\\t' .."
	"      ARGV[2] .. '\\t' .. ARGV[1] .. '\\t' .. from .. '\\n')\n"
	"    if op == '' then return {'resumed', v, kind} end\n"
	"    return {'resumed', v, kind, op}\n"
	"  end\n"
	"  if ARGV[1] ~= ARGV[5] and alive and "
	"    not (owner == ARGV[2] and ARGV[6] == '1') then\n"
	"    local k = redis.call('HGET', '" CL_PREFIX "kinds', ARGV[1])\n"
	"    local mine = owner .. '\\t' .. tok .. '\\t'\n"
	"    if k and string.sub(k, 1, #mine) == mine then\n"
	"      return {'taken', '', string.sub(k, #mine + 1)}\n"
	"    end\n"
	"    return {'taken', ''}\n"
	"  end\n"
	"end\n"
	"if ARGV[5] ~= '' and ARGV[5] ~= ARGV[1] then\n"
	"  local o = redis.call('HGET', KEYS[1], ARGV[5])\n"
	"  if o and string.match(o, '^([^\\t]*)') == ARGV[2] then\n"
	"    redis.call('HDEL', KEYS[1], ARGV[5])\n"
	"    redis.call('HDEL', '" CL_PREFIX "kinds', ARGV[5])\n"
	"    redis.call('HDEL', '" CL_PREFIX "ircaddrs', ARGV[5])\n"
	"    redis.call('HDEL', '" CL_PREFIX "opers', ARGV[5])\n"
	"  end\n"
	"end\n"
	"redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])\n"
	"return {'ok', ''}\n",

	/*
	 * OWN: KEYS nicks; ARGV nick key, hub, value ('' deletes), and
	 * (optional) the session's kind for the kinds entry: ours only.  A
	 * kinds entry, "HUB\tTOKENHASH\tKIND", says what holds the session
	 * ("native", "irc", or "lost\tID" while it waits for its resume,
	 * ID the last message it was sent): the token hash ties it to one
	 * session, and CLAIM trusts no other.  ARGV[5] (optional) is the
	 * address of an IRC connection holding it (chatroom:ircaddrs, for
	 * DMs held for the nick: CL_HELDADDR_LUA); a kind without it drops
	 * the nick's address.  ARGV[6] (optional, with a kind) is the
	 * proof of the operator password the session gave if it is an
	 * operator (server_oper_proof, or "-" if it has none), else '': its
	 * operator entry (chatroom:opers, "HUB\tTOKENHASH\tPROOF"), which a
	 * hub it moves to reads (CLAIM).
	 */
	[CS_OWN] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v and string.match(v, '^([^\\t]*)') ~= ARGV[2] then return 0 end\n"
	"if ARGV[3] == '' then\n"
	"  if v then redis.call('HDEL', KEYS[1], ARGV[1]) end\n"
	"  local k = redis.call('HGET', '" CL_PREFIX "kinds', ARGV[1])\n"
	"  if k and string.match(k, '^([^\\t]*)') == ARGV[2] then\n"
	"    redis.call('HDEL', '" CL_PREFIX "kinds', ARGV[1])\n"
	"  end\n"
	"  k = redis.call('HGET', '" CL_PREFIX "ircaddrs', ARGV[1])\n"
	"  if k and string.match(k, '^([^\\t]*)') == ARGV[2] then\n"
	"    redis.call('HDEL', '" CL_PREFIX "ircaddrs', ARGV[1])\n"
	"  end\n"
	"  k = redis.call('HGET', '" CL_PREFIX "opers', ARGV[1])\n"
	"  if k and string.match(k, '^([^\\t]*)') == ARGV[2] then\n"
	"    redis.call('HDEL', '" CL_PREFIX "opers', ARGV[1])\n"
	"  end\n"
	"else\n"
	"  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])\n"
	"  if ARGV[5] and ARGV[5] ~= '' then\n"
	"    redis.call('HSET', '" CL_PREFIX "ircaddrs', ARGV[1], "
	"      ARGV[2] .. '\\t' .. ARGV[5])\n"
	"  elseif ARGV[4] and ARGV[4] ~= '' then\n"
	"    redis.call('HDEL', '" CL_PREFIX "ircaddrs', ARGV[1])\n"
	"  end\n"
	"  if ARGV[4] and ARGV[4] ~= '' then\n"
	"    local id = string.match(ARGV[3], '^[^\\t]*\\t[^\\t]*')\n"
	"    redis.call('HSET', '" CL_PREFIX "kinds', ARGV[1], "
	"      id .. '\\t' .. ARGV[4])\n"
	"    if ARGV[6] and ARGV[6] ~= '' then\n"
	"      redis.call('HSET', '" CL_PREFIX "opers', ARGV[1], "
	"        id .. '\\t' .. ARGV[6])\n"
	"    else\n"
	"      redis.call('HDEL', '" CL_PREFIX "opers', ARGV[1])\n"
	"    end\n"
	"  end\n"
	"end\n"
	"return 1\n",

	/*
	 * SYNC: KEYS id, nicks; ARGV our highest id, block size, hub, ttl,
	 * the hub's IRC server name (the value of hub:ID, for the others'
	 * WHOIS, WHO and LUSERS).  The counter never goes below what we
	 * have seen (Redis may have lost it); a block of ids is kept for a
	 * split; entries of ours from before are dropped, kinds and
	 * operator entries too (the live ones are sent again).
	 */
	[CS_SYNC] =
	"local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
	"if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end\n"
	"local e = redis.call('INCRBY', KEYS[1], ARGV[2])\n"
	"local all = redis.call('HGETALL', KEYS[2])\n"
	"local mine = ARGV[3] .. '\\t'\n"
	"for i = 1, #all, 2 do\n"
	"  if string.sub(all[i + 1], 1, #mine) == mine then\n"
	"    redis.call('HDEL', KEYS[2], all[i])\n"
	"  end\n"
	"end\n"
	"for _, h in ipairs({'kinds', 'opers'}) do\n"
	"  all = redis.call('HGETALL', '" CL_PREFIX "' .. h)\n"
	"  for i = 1, #all, 2 do\n"
	"    if string.sub(all[i + 1], 1, #mine) == mine then\n"
	"      redis.call('HDEL', '" CL_PREFIX "' .. h, all[i])\n"
	"    end\n"
	"  end\n"
	"end\n"
	"all = redis.call('HKEYS', '" CL_PREFIX "ircaddrs')\n"
	"for _, n in ipairs(all) do\n"
	"  if redis.call('HEXISTS', KEYS[2], n) == 0 then\n"
	"    redis.call('HDEL', '" CL_PREFIX "ircaddrs', n)\n"
	"  end\n"
	"end\n"
	"redis.call('SADD', '" CL_PREFIX "hubs', ARGV[3])\n"
	"redis.call('SADD', '" CL_PREFIX "dmacks', ARGV[3])\n"
	"redis.call('SET', '" CL_PREFIX "hub:' .. ARGV[3], ARGV[5], 'EX', "
	"  ARGV[4])\n"
	"return e\n",

	/*
	 * BEAT: KEYS nicks, id; ARGV hub, ttl, now (ms), resume window
	 * (ms), '1' to purge, block size (0: none), '1' to look for dead
	 * hubs, the hub's IRC server name.  Returns {dead hubs, end of a
	 * new block of ids, {hub, name, ...} of the live hubs if it looked},
	 * or {-1, 0} if this hub was given up for dead (a hub of an older
	 * version names itself '1').  Dead hubs are removed: their users'
	 * entries are kept for the resume window (owner "~TIME"), which
	 * frees the nicks, with their operator entries, their kinds
	 * entries go, and the bus is told.  A
	 * block older than the newest ids is replaced, so that messages sent
	 * during a split sort near where they belong.
	 */
	[CS_BEAT] =
	"if not redis.call('SET', '" CL_PREFIX "hub:' .. ARGV[1], ARGV[8],"
	"  'EX', ARGV[2], 'XX') then return {-1, 0} end\n"
	"local dead = 0\n"
	"local hubs, names = {}, {}\n"
	"if ARGV[7] == '1' then\n"
	"  hubs = redis.call('SMEMBERS', '" CL_PREFIX "hubs')\n"
	"end\n"
	"for _, h in ipairs(hubs) do\n"
	"  local name = redis.call('GET', '" CL_PREFIX "hub:' .. h)\n"
	"  if name then\n"
	"    table.insert(names, h)\n"
	"    table.insert(names, name)\n"
	"  else\n"
	"    redis.call('SREM', '" CL_PREFIX "hubs', h)\n"
	"    redis.call('SREM', '" CL_PREFIX "dmacks', h)\n"
	"    local all = redis.call('HGETALL', KEYS[1])\n"
	"    local p = h .. '\\t'\n"
	"    for i = 1, #all, 2 do\n"
	"      local v = all[i + 1]\n"
	"      if string.sub(v, 1, #p) == p then\n"
	"        redis.call('HSET', KEYS[1], all[i], '~' .. ARGV[3] .. "
	"          string.sub(v, #h + 1))\n"
	"      end\n"
	"    end\n"
	"    all = redis.call('HGETALL', '" CL_PREFIX "kinds')\n"
	"    for i = 1, #all, 2 do\n"
	"      if string.sub(all[i + 1], 1, #p) == p then\n"
	"        redis.call('HDEL', '" CL_PREFIX "kinds', all[i])\n"
	"      end\n"
	"    end\n"
	"    all = redis.call('HGETALL', '" CL_PREFIX "opers')\n"
	"    for i = 1, #all, 2 do\n"
	"      local v = all[i + 1]\n"
	"      if string.sub(v, 1, #p) == p then\n"
	"        redis.call('HSET', '" CL_PREFIX "opers', all[i], '~' .. "
	"          ARGV[3] .. string.sub(v, #h + 1))\n"
	"      end\n"
	"    end\n"
	"    redis.call('PUBLISH', '" CL_BUS "', 'x\\t' .. h .. '\\n')\n"
	"    dead = dead + 1\n"
	"  end\n"
	"end\n"
	"if ARGV[5] == '1' then\n"
	"  local all = redis.call('HGETALL', KEYS[1])\n"
	"  for i = 1, #all, 2 do\n"
	"    local t = string.match(all[i + 1], '^~(%d+)\\t')\n"
	"    if t and tonumber(t) + tonumber(ARGV[4]) < tonumber(ARGV[3]) then\n"
	"      redis.call('HDEL', KEYS[1], all[i])\n"
	"      redis.call('HDEL', '" CL_PREFIX "ircaddrs', all[i])\n"
	"      redis.call('HDEL', '" CL_PREFIX "opers', all[i])\n"
	"    end\n"
	"  end\n"
	"end\n"
	"local block = 0\n"
	"if tonumber(ARGV[6]) > 0 then\n"
	"  block = redis.call('INCRBY', KEYS[2], ARGV[6])\n"
	"end\n"
	"if ARGV[7] == '1' then return {dead, block, names} end\n"
	"return {dead, block}\n",

	/*
	 * LOAD: KEYS nicks; ARGV hub.  The entries of the other live hubs,
	 * each followed by "lost" if its kinds entry says the session waits
	 * for its client (a hub restarted with it, say), else by "".
	 */
	[CS_LOAD] =
	"local out, alive, kinds = {}, {}, {}\n"
	"local all = redis.call('HGETALL', '" CL_PREFIX "kinds')\n"
	"for i = 1, #all, 2 do kinds[all[i]] = all[i + 1] end\n"
	"all = redis.call('HGETALL', KEYS[1])\n"
	"for i = 1, #all, 2 do\n"
	"  local v = all[i + 1]\n"
	"  local owner = string.match(v, '^([^\\t]*)')\n"
	"  if owner ~= ARGV[1] and owner ~= '' and "
	"    string.sub(owner, 1, 1) ~= '~' then\n"
	"    if alive[owner] == nil then\n"
	"      alive[owner] = redis.call('SISMEMBER', '" CL_PREFIX "hubs', "
	"        owner) == 1\n"
	"    end\n"
	"    if alive[owner] then\n"
	"      local id = string.match(v, '^[^\\t]*\\t[^\\t]*') or v\n"
	"      local k, lost = kinds[all[i]], ''\n"
	"      if k and string.sub(k, 1, #id + 6) == id .. '\\tlost\\t' then\n"
	"        lost = 'lost'\n"
	"      end\n"
	"      table.insert(out, v)\n"
	"      table.insert(out, lost)\n"
	"    end\n"
	"  end\n"
	"end\n"
	"return out\n",

	/*
	 * LEAVE: KEYS nicks; ARGV hub, now.  A hub shutting down: its
	 * sessions stay resumable elsewhere for the resume window, and the
	 * others are told it shut down (not lost).
	 */
	[CS_LEAVE] =
	"local all = redis.call('HGETALL', KEYS[1])\n"
	"local p = ARGV[1] .. '\\t'\n"
	"for i = 1, #all, 2 do\n"
	"  local v = all[i + 1]\n"
	"  if string.sub(v, 1, #p) == p then\n"
	"    redis.call('HSET', KEYS[1], all[i], '~' .. ARGV[2] .. "
	"      string.sub(v, #ARGV[1] + 1))\n"
	"  end\n"
	"end\n"
	"redis.call('DEL', '" CL_PREFIX "hub:' .. ARGV[1])\n"
	"redis.call('SREM', '" CL_PREFIX "hubs', ARGV[1])\n"
	"redis.call('SREM', '" CL_PREFIX "dmacks', ARGV[1])\n"
	"redis.call('PUBLISH', '" CL_BUS "', 'x\\t' .. ARGV[1] .. "
	"  '\\tshutdown\\n')\n"
	"return 1\n",

	/*
	 * NICKPUT: KEYS claims; ARGV nick key, entry, owner (its key, hash
	 * or password hash), 'new' or 'update'.  A new claim goes in unless
	 * a live one holds the nick; an update only over the same owner's
	 * claim (or none).  '' if it went in, else what holds the nick (a
	 * claim, or "~TIME": released).
	 */
	[CS_NICKPUT] =
	CL_OWNER_LUA
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v then\n"
	"  local live = string.sub(v, 1, 1) ~= '~'\n"
	"  if live and (ARGV[4] == 'new' or owner(v) ~= ARGV[3]) then\n"
	"    return v\n"
	"  end\n"
	"  if not live and ARGV[4] == 'update' then return v end\n"
	"end\n"
	"redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])\n"
	"return ''\n",

	/*
	 * NICKDROP: KEYS claims; ARGV nick key, owner, "~TIME".  A release:
	 * the claim becomes a mark of when, unless another owner's holds
	 * the nick.  1 if released.
	 */
	[CS_NICKDROP] =
	CL_OWNER_LUA
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v and string.sub(v, 1, 1) ~= '~' and owner(v) ~= ARGV[2] then\n"
	"  return 0\n"
	"end\n"
	"redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])\n"
	"return 1\n",

	/*
	 * NICKSWEEP: KEYS claims; ARGV cursor, now (ms, unused), cut-off
	 * (ms), count (as every sweep's step: cluster-sweep.c).  One
	 * step of a walk of the hash (HSCAN, so a step is bounded and other
	 * commands run between steps): the release marks older than the
	 * cut-off go.  A mark is read and deleted in the same script, so a
	 * nick claimed or released again meanwhile is never touched.
	 * Returns {next cursor ("0": done), marks removed}.
	 */
	[CS_NICKSWEEP] =
	"if redis.replicate_commands then pcall(redis.replicate_commands) end\n"
	"local r = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[4])\n"
	"local f, gone, cut = r[2], 0, tonumber(ARGV[3])\n"
	"for i = 1, #f, 2 do\n"
	"  local t = string.match(f[i + 1], '^~(%d+)$')\n"
	"  if t and tonumber(t) < cut and "
	"    redis.call('HGET', KEYS[1], f[i]) == f[i + 1] then\n"
	"    redis.call('HDEL', KEYS[1], f[i])\n"
	"    gone = gone + 1\n"
	"  end\n"
	"end\n"
	"return {r[1], gone}\n",

	/*
	 * TONICK: KEYS nicks; ARGV nick key, the payload's kind letter, the
	 * rest of its header (each field after a tab) and its frame.  The
	 * payload goes on the bus for the live hub that holds the nick, as
	 * "KIND\tHUB" and the rest.  1 if it went, 2 if the nick's session
	 * waits for a resume after its hub went, 0 if no live hub holds it.
	 */
	[CS_TONICK] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if not v then return 0 end\n"
	"local owner = string.match(v, '^([^\\t]*)')\n"
	"if string.sub(owner, 1, 1) == '~' then return 2 end\n"
	"if owner == '' or "
	"  redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 0 then\n"
	"  return 0\n"
	"end\n"
	"redis.call('PUBLISH', '" CL_BUS "', ARGV[2] .. '\\t' .. owner .. "
	"  ARGV[3] .. '\\n' .. ARGV[4])\n"
	"return 1\n",

	/*
	 * HELDEXP: KEYS held, nicks; ARGV now (ms), how many nicks.  The
	 * DMs held in Redis for nicks whose held DMs expired, taken (read
	 * and deleted at once, so one hub alone tells their senders): all
	 * their frames in one list.  A hub that gave the nick to a session
	 * took its DMs then (CS_HELDTAKE), so what is left at the end of
	 * the window went to no one, whoever holds the nick now.  Copies
	 * of DMs in dmwait whose time in dmwaitat passed go too (CS_DM):
	 * no hub deleted them, as the one that took the DM died before it
	 * could (Redis was away), and any would have adopted them by now.
	 */
	[CS_HELDEXP] =
	"local out = {}\n"
	"for _, id in ipairs(redis.call('ZRANGEBYSCORE', "
	"  '" CL_PREFIX "dmwaitat', '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])) do\n"
	"  redis.call('HDEL', '" CL_PREFIX "dmwait', id)\n"
	"  redis.call('HDEL', '" CL_PREFIX "dmwaithub', id)\n"
	"  redis.call('ZREM', '" CL_PREFIX "dmwaitat', id)\n"
	"end\n"
	"local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], "
	"  'LIMIT', 0, ARGV[2])\n"
	"for _, n in ipairs(due) do\n"
	"  local k = '" CL_PREFIX "held:' .. n\n"
	"  for _, f in ipairs(redis.call('LRANGE', k, 0, -1)) do\n"
	"    table.insert(out, f)\n"
	"  end\n"
	"  redis.call('DEL', k, '" CL_PREFIX "heldaddr:' .. n, "
	"    '" CL_PREFIX "heldhub:' .. n)\n"
	"  redis.call('ZREM', KEYS[1], n)\n"
	"end\n"
	"return out\n",

	/*
	 * BANPUT: KEYS bans; ARGV field, value, its time (ms: when the ban
	 * was set, or lifted), bus header.  The newer of the two wins: the
	 * value is written and published unless the entry there is newer
	 * (a ban's time is its sixth field, none in an entry of an older
	 * hub; a lift mark's is "~TIME").  1 if written, else 0.
	 */
	[CS_BANPUT] =
	CL_BANTIME_LUA
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v and bantime(v) > tonumber(ARGV[3]) then return 0 end\n"
	"redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])\n"
	"redis.call('PUBLISH', '" CL_BUS "', ARGV[4] .. '\\n')\n"
	"return 1\n",

	/*
	 * BANSWEEP: KEYS bans; ARGV cursor, now (ms), cut-off for lift
	 * marks (ms), count.  One step of a walk of the hash, as NICKSWEEP:
	 * the bans and mutes ended before now and the lift marks older than
	 * the cut-off go.  Returns {next cursor ("0": done), entries removed}.
	 */
	[CS_BANSWEEP] =
	"if redis.replicate_commands then pcall(redis.replicate_commands) end\n"
	"local r = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[4])\n"
	"local f, gone = r[2], 0\n"
	"local now, cut = tonumber(ARGV[2]), tonumber(ARGV[3])\n"
	"for i = 1, #f, 2 do\n"
	"  local v, old = f[i + 1], false\n"
	"  local t = string.match(v, '^~(%d+)$')\n"
	"  if t then\n"
	"    old = tonumber(t) < cut\n"
	"  else\n"
	"    local u = string.match(v, '^[^\\t]*\\t[^\\t]*\\t(%d+)\\t')\n"
	"    old = u ~= nil and tonumber(u) ~= 0 and tonumber(u) <= now\n"
	"  end\n"
	"  if old and redis.call('HGET', KEYS[1], f[i]) == v then\n"
	"    redis.call('HDEL', KEYS[1], f[i])\n"
	"    gone = gone + 1\n"
	"  end\n"
	"end\n"
	"return {r[1], gone}\n",

	/*
	 * DMAGAIN: KEYS nicks; ARGV nick key, the frame (with its id), how
	 * long held:NICK lives (ms), how many may wait, when the held DMs
	 * expire (ms), the sending hub, the hub declared gone (or ''), the
	 * message's id and its sending hub and that hub's IRC name, and '1'
	 * if it was adopted from that hub (which may be gone): the hub it is
	 * published to names that hub as its sender's, not this one; and
	 * the nick that sent it, whose share of held:NICK it counts in.  A
	 * direct message its hub did not acknowledge (cluster-dm.c), sent
	 * again as DM sends one: held (-1, or "full") if the session waits
	 * for its resume, published to the live hub that has it (1, or
	 * {1, hub} if that hub acknowledges), else 0: not delivered.
	 */
	[CS_DMAGAIN] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if not v then return 0 end\n"
	"local owner = string.match(v, '^([^\\t]*)')\n"
	"if string.sub(owner, 1, 1) == '~' then\n"
	"  local k = '" CL_PREFIX "held:' .. ARGV[1]\n"
	CL_HELDFULL_LUA("ARGV[4]", "ARGV[11]")
	"  redis.call('RPUSH', k, ARGV[2])\n"
	"  redis.call('PEXPIRE', k, ARGV[3])\n"
	"  redis.call('ZADD', '" CL_PREFIX "held', ARGV[5], ARGV[1])\n"
	CL_HELDADDR_LUA("ARGV[3]")
	CL_HELDHUB_LUA("ARGV[8]", "ARGV[9]", "ARGV[3]")
	"  return -1\n"
	"end\n"
	"if owner == '' or owner == ARGV[7] or "
	"  redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 0 then\n"
	"  return 0\n"
	"end\n"
	"local o = ''\n"
	"if ARGV[10] == '1' then o = '\\t' .. ARGV[9] end\n"
	"redis.call('PUBLISH', '" CL_BUS "', 'd\\t' .. owner .. '\\t' .. "
	"  ARGV[1] .. '\\t' .. ARGV[6] .. o .. '\\n' .. ARGV[2])\n"
	"if redis.call('SISMEMBER', '" CL_PREFIX "dmacks', owner) == 1 then\n"
	"  return {1, owner}\n"
	"end\n"
	"return 1\n",

	/*
	 * AWAYDROP: KEYS aways; ARGV nick key, hub.  The nick's away
	 * message goes if that hub wrote it (not if the nick's session is
	 * another hub's by now).  1 if it went.
	 */
	[CS_AWAYDROP] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v and string.sub(v, 1, #ARGV[2] + 1) == ARGV[2] .. '\\t' then\n"
	"  return redis.call('HDEL', KEYS[1], ARGV[1])\n"
	"end\n"
	"return 0\n",

	/*
	 * HELDTAKE: KEYS held:NICK, heldaddr:NICK, heldhub:NICK; ARGV how
	 * many.  The DMs held for a nick that a session here has now,
	 * taken: {the address of the IRC connection they were held for, or
	 * '', {id, "HUB\tNAME", ...} of their sending hubs (none for one
	 * an older hub held), frame...}.
	 */
	[CS_HELDTAKE] =
	"local out = {redis.call('GET', KEYS[2]) or '', "
	"  redis.call('HGETALL', KEYS[3])}\n"
	"local n = tonumber(ARGV[1])\n"
	"for _, f in ipairs(redis.call('LRANGE', KEYS[1], 0, n - 1)) do\n"
	"  table.insert(out, f)\n"
	"end\n"
	"redis.call('LTRIM', KEYS[1], n, -1)\n"
	"if redis.call('LLEN', KEYS[1]) == 0 then\n"
	"  redis.call('DEL', KEYS[2], KEYS[3])\n"
	"end\n"
	"return out\n",

	/*
	 * DMADOPT: KEYS dmwait, hubs; ARGV hub, how many.  The direct
	 * messages in dmwait whose sending hub is gone (not in hubs) are
	 * this hub's to send again now (cluster-dm.c): each names it as the
	 * hub that keeps it, and comes as {id, "HUB\tFROM\tTO\tOHUB\tONAME
	 * \nFRAME", ...}, OHUB and ONAME the hub that sent it first and its
	 * IRC name, kept in dmwaithub (CS_DM), not in dmwait, whose header
	 * stays "HUB\tFROM\tTO" for a hub of the previous release.  One
	 * without (a hub of the previous release wrote it) has the hub its
	 * header names as OHUB, its name unknown; kept in dmwaithub, should
	 * this hub die too, if the copy has a time to go (dmwaitat), else
	 * nothing would delete it.  Only one hub takes each, as the script
	 * is atomic.
	 */
	[CS_DMADOPT] =
	"local out = {}\n"
	"local all = redis.call('HGETALL', KEYS[1])\n"
	"for i = 1, #all, 2 do\n"
	"  if #out >= 2 * tonumber(ARGV[2]) then break end\n"
	"  local v = all[i + 1]\n"
	"  local h = string.match(v, '^([^\\t\\n]*)')\n"
	"  if h ~= ARGV[1] and "
	"    redis.call('SISMEMBER', KEYS[2], h) == 0 then\n"
	"    local o = redis.call('HGET', '" CL_PREFIX "dmwaithub', all[i])\n"
	"    if not o then\n"
	"      o = h .. '\\t'\n"
	"      if redis.call('ZSCORE', '" CL_PREFIX "dmwaitat', all[i]) then\n"
	"        redis.call('HSET', '" CL_PREFIX "dmwaithub', all[i], o)\n"
	"      end\n"
	"    end\n"
	"    v = ARGV[1] .. string.sub(v, #h + 1)\n"
	"    redis.call('HSET', KEYS[1], all[i], v)\n"
	"    local head, rest = string.match(v, '^([^\\n]*)(.*)$')\n"
	"    table.insert(out, all[i])\n"
	"    table.insert(out, head .. '\\t' .. o .. rest)\n"
	"  end\n"
	"end\n"
	"return out\n",

	/*
	 * NICKWHO: KEYS nicks, hubs, aways, kinds; ARGV hub, pattern, how
	 * many at most, count per step, steps at most.  The sessions of the
	 * other live hubs whose keys match the pattern (IRC's WHO with a
	 * mask), found by a walk of the hash (HSCAN with MATCH) of at most
	 * so many steps: {nick, hub, its aways entry or '', its kinds entry
	 * or '', ...}.
	 */
	[CS_NICKWHO] =
	"local out, alive, cursor, steps = {}, {}, '0', 0\n"
	"local max = 4 * tonumber(ARGV[3])\n"
	"repeat\n"
	"  local r = redis.call('HSCAN', KEYS[1], cursor, 'MATCH', ARGV[2], "
	"    'COUNT', ARGV[4])\n"
	"  cursor, steps = r[1], steps + 1\n"
	"  local f = r[2]\n"
	"  for i = 1, #f, 2 do\n"
	"    local owner, nick = string.match(f[i + 1], "
	"      '^([^\\t]*)\\t[^\\t]*\\t([^\\t]*)')\n"
	"    if owner and owner ~= ARGV[1] and owner ~= '' and "
	"      string.sub(owner, 1, 1) ~= '~' and #out < max then\n"
	"      if alive[owner] == nil then\n"
	"        alive[owner] = redis.call('SISMEMBER', KEYS[2], owner) == 1\n"
	"      end\n"
	"      if alive[owner] then\n"
	"        table.insert(out, nick)\n"
	"        table.insert(out, owner)\n"
	"        table.insert(out, redis.call('HGET', KEYS[3], f[i]) or '')\n"
	"        table.insert(out, redis.call('HGET', KEYS[4], f[i]) or '')\n"
	"      end\n"
	"    end\n"
	"  end\n"
	"until cursor == '0' or steps >= tonumber(ARGV[5]) or #out >= max\n"
	"return out\n",
};

/* The SHA-1 of each script, in hex: its name for EVALSHA. */
static char cluster_script_shas[CS_NSCRIPTS][41];

/* Name the scripts (at start). */
void
cluster_script_init(void)
{
	int	i;

	for (i = 0; i < CS_NSCRIPTS; i++)
		cluster_hex(EVP_sha1(), cluster_scripts[i],
		    cluster_script_shas[i]);
}

/* Load a script into Redis (on every new connection). */
int
cluster_script_load(int script, void (*fn)(redisReply *, void *), void *arg)
{
	const char	*argv[3];

	argv[0] = "SCRIPT";
	argv[1] = "LOAD";
	argv[2] = cluster_scripts[script];
	return (cluster_command(fn, arg, 3, argv, NULL));
}

/* Is this the name Redis gave a script the one we computed? */
int
cluster_script_check(int script, const char *sha)
{
	return (strcmp(sha, cluster_script_shas[script]) == 0);
}

/* Run one of our scripts: nkeys keys, then arguments (NULL lens: strings). */
int
cluster_script_eval(int script, int nkeys, int nargs, const char **args,
    const size_t *lens, void (*fn)(redisReply *, void *), void *arg)
{
	const char	*argv[16];
	size_t		 argvlen[16];
	char		 nk[16];
	int		 i;

	if (nargs + 3 > 16)
		fatalx("%s: too many arguments", __func__);
	snprintf(nk, sizeof nk, "%d", nkeys);
	argv[0] = "EVALSHA";
	argv[1] = cluster_script_shas[script];
	argv[2] = nk;
	for (i = 0; i < 3; i++)
		argvlen[i] = strlen(argv[i]);
	for (i = 0; i < nargs; i++) {
		argv[i + 3] = args[i];
		argvlen[i + 3] = lens != NULL && lens[i] != (size_t)-1 ?
		    lens[i] : strlen(args[i]);
	}
	return (cluster_command(fn, arg, nargs + 3, argv, argvlen));
}
