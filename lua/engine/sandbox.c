/*
 * sandbox.c -- the sandbox: what a script may reach, built fresh for
 * every run from an allow-list, and where it may read and write files.
 *
 * The state itself holds the real libraries; a script never sees them.
 * Its chunk's _ENV is a new table with copies of the allowed functions, so
 * whatever a script changes (string.find = ..., _G.x = ...) is gone at the
 * next run.  Two things are shared by every run because Lua shares them:
 * the string metatable (through which s:find() reaches the state's string
 * table) and the metatables of erg's objects.  Both are locked
 * (__metatable), and the state's string table has the step-counted
 * pattern functions and no dump.
 *
 * Denied names raise a violation instead of reading as nil, so a script
 * that tries io.open learns why it stopped: "sandbox: 'io' is not allowed".
 * setmetatable refuses finalizers; load takes text only; pcall, xpcall,
 * coroutine.wrap and coroutine.close are replaced so that no script code
 * runs unwatched after the step hook stopped the run (see below).
 */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <lualib.h>

static const char *const base_allowed[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal", "rawget",
    "rawlen", "rawset", "select", "tonumber", "tostring", "type", "_VERSION",
    "print", /* the engine's, which writes through erg_lua_opts.write */
    NULL};
static const char *const globals_denied[] = {
    "io", "debug", "package", "dofile", "loadfile", "collectgarbage", NULL};
static const char *const os_allowed[] = {"clock", "date", "difftime", "time", NULL};
static const char *const os_denied[] = {
    "execute", "exit", "getenv", "remove", "rename", "tmpname", "setlocale", NULL};
static const char *const string_denied[] = {"dump", NULL};
static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine", NULL};

/* __index of a guarded table: upvalue 1 the prefix ("os."), upvalue 2 the
 * set of denied names. */
static int deny_index(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL)
            return lerg_violation(L, lerg_engine(L), "sandbox: '%s%s' is not allowed",
                                  lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, 2));
    }
    return 0;
}

/* Gives the table on the top a locked metatable whose __index raises a
 * violation for the denied names. */
static void guard(lua_State *L, const char *prefix, const char *const *denied) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, prefix);
    lua_newtable(L);
    for (; *denied; denied++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, *denied);
    }
    lua_pushcclosure(L, deny_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

/* ---- setup, once per state ------------------------------------------------------ */
void lerg_sandbox_setup(lua_State *L, erg_lua *E) {
    static const luaL_Reg opens[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os},     {NULL, NULL}};
    (void)E;
    for (const luaL_Reg *o = opens; o->name; o++) {
        luaL_requiref(L, o->name, o->func, 0);
        lua_pop(L, 1);
    }
    lerg_stdlib_open(L);
    /* the state's own string table: reachable through ("").x */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lerg_pattern_open(L, -1);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    guard(L, "string.", string_denied);
    lua_pop(L, 2);
    /* the string metatable: getmetatable("") gives false */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
}

/* ---- the environment of a run ----------------------------------------------------- */
/* setmetatable(t, mt) refusing finalizers: an object is marked for
 * finalization only when its metatable has __gc as it is set, so checking
 * here is enough (adding __gc later does nothing). */
static int sb_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return lerg_violation(L, lerg_engine(L), "sandbox: finalizers (__gc) are not allowed");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* ---- protected calls and coroutines --------------------------------------------
 * The count hook stops a script by raising an error.  Lua runs a hook with
 * further hooks off and turns them back on only when the hook returns or
 * when a protected call catches the error, so between the raise and that
 * catch no script code may run, or it would run unwatched:
 *  - an xpcall message handler runs at the point of the error: once the
 *    run is stopped, handlers are skipped;
 *  - a coroutine that died that way must not run its to-be-closed
 *    variables (coroutine.close, or coroutine.wrap on error) once stopped;
 *  - a coroutine may not yield across pcall or xpcall here (they are plain
 *    protected calls), so an error cannot resume a yielded pcall inside a
 *    dead coroutine (lua_resume's recovery). */
static int sb_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    int st = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    luaL_checkstack(L, 1, "too many results"); /* the function may fill the stack */
    lua_pushboolean(L, st == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

static int guarded_handler(lua_State *L) {
    if (lerg_engine(L)->host.stopped) return 1; /* the error, untouched */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_pushvalue(L, 1);
    lua_replace(L, 2); /* the function after the handler */
    lua_replace(L, 1);
    int st = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 1);
    lua_pushboolean(L, st == LUA_OK);
    lua_replace(L, 1);
    return lua_gettop(L);
}

static void close_thread(lua_State *co, lua_State *L) {
#if LUA_VERSION_NUM > 504 || (defined(LUA_VERSION_RELEASE_NUM) && LUA_VERSION_RELEASE_NUM >= 50406)
    lua_closethread(co, L);
#else
    (void)L;
    lua_resetthread(co);
#endif
}

/* The function coroutine.wrap returns: resumes its thread (upvalue 1).
 * As lcorolib.c's auxwrap: a thread that is running or normal (it resumed
 * another) is refused without touching it, and only a thread that died of
 * its error is closed; closing a live one would free the stack that the C
 * code resuming it still uses, or run its <close> handlers early. */
static int wrapped_call(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int narg = lua_gettop(L), nres, st = lua_status(co);
    if (co == L) return luaL_error(L, "cannot resume non-suspended coroutine");
    if (st == LUA_OK) {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) return luaL_error(L, "cannot resume non-suspended coroutine");
        if (lua_gettop(co) == 0) return luaL_error(L, "cannot resume dead coroutine");
    } else if (st != LUA_YIELD) {
        return luaL_error(L, "cannot resume dead coroutine");
    }
    if (!lua_checkstack(co, narg)) return luaL_error(L, "too many arguments to resume");
    lua_xmove(L, co, narg);
    st = lua_resume(co, L, narg, &nres);
    if (st == LUA_OK || st == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    st = lua_status(co);
    if (st != LUA_OK && st != LUA_YIELD && !lerg_engine(L)->host.stopped) close_thread(co, L);
    lua_xmove(co, L, 1); /* the error */
    if (lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int sb_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, wrapped_call, 1);
    return 1;
}

/* coroutine.close, refused once the run is stopped. */
static int sb_close(lua_State *L) {
    erg_lua *E = lerg_engine(L);
    if (E->host.stopped) return lerg_violation(L, E, "%s", E->vmsg);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* load(chunk [, chunkname [, mode [, env]]]): text only, in the run's
 * environment (upvalue 1) unless an env is given. */
static int sb_load(lua_State *L) {
    erg_lua *E = lerg_engine(L);
    int has_env = lua_gettop(L) >= 4;
    size_t n;
    const char *s;
    if (lua_type(L, 1) == LUA_TFUNCTION) {
        luaL_Buffer b;
        const char *name = luaL_optstring(L, 2, "=(load)");
        lua_settop(L, 4);
        luaL_buffinit(L, &b);
        for (;;) {
            lua_pushvalue(L, 1);
            lua_call(L, 0, 1);
            if (lua_isnil(L, -1) || (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) == 0)) {
                lua_pop(L, 1);
                break;
            }
            if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "reader function must return a string");
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
        s = lua_tolstring(L, -1, &n);
        if (n > 0 && s[0] == LUA_SIGNATURE[0]) return lerg_violation(L, E, "sandbox: binary chunks are not allowed");
        lerg_stdlib_charge_load(L, n);
        if (luaL_loadbufferx(L, s, n, name, "t") != LUA_OK) {
            luaL_pushfail(L);
            lua_insert(L, -2);
            return 2;
        }
    } else {
        s = luaL_checklstring(L, 1, &n);
        const char *name = luaL_optstring(L, 2, s);
        if (n > 0 && s[0] == LUA_SIGNATURE[0]) return lerg_violation(L, E, "sandbox: binary chunks are not allowed");
        lerg_stdlib_charge_load(L, n);
        if (luaL_loadbufferx(L, s, n, name, "t") != LUA_OK) {
            luaL_pushfail(L);
            lua_insert(L, -2);
            return 2;
        }
    }
    if (has_env) lua_pushvalue(L, 4);
    else lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* require("erg") and nothing else. */
static int sb_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    if (strcmp(name, "erg") != 0)
        return lerg_violation(L, lerg_engine(L), "sandbox: require '%s' is not allowed (only \"erg\")", name);
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
}

/* Pushes a shallow copy of the table at idx (only the names in allow when
 * not NULL). */
static void copy_table(lua_State *L, int idx, const char *const *allow) {
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    if (allow) {
        for (; *allow; allow++) {
            lua_getfield(L, idx, *allow);
            lua_setfield(L, -2, *allow);
        }
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

void lerg_sandbox_env(lua_State *L, erg_lua *E) {
    lua_createtable(L, 0, 40);
    int env = lua_gettop(L);
    lua_pushglobaltable(L);
    int G = lua_gettop(L);
    for (const char *const *k = base_allowed; *k; k++) {
        lua_getfield(L, G, *k);
        lua_setfield(L, env, *k);
    }
    lua_pushcfunction(L, sb_setmetatable);
    lua_setfield(L, env, "setmetatable");
    lua_pushcfunction(L, sb_pcall);
    lua_setfield(L, env, "pcall");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, env, "xpcall");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, sb_load, 1);
    lua_setfield(L, env, "load");
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    int loaded = lua_gettop(L);
    for (const char *const *lib = libs; *lib; lib++) {
        lua_getfield(L, loaded, *lib);
        copy_table(L, -1, NULL);
        if (!strcmp(*lib, "string")) guard(L, "string.", string_denied);
        if (!strcmp(*lib, "coroutine")) {
            lua_pushcfunction(L, sb_wrap);
            lua_setfield(L, -2, "wrap");
            lua_getfield(L, -1, "close");
            lua_pushcclosure(L, sb_close, 1);
            lua_setfield(L, -2, "close");
        }
        lua_setfield(L, env, *lib);
        lua_pop(L, 1);
    }
    lua_getfield(L, loaded, LUA_OSLIBNAME);
    copy_table(L, -1, os_allowed);
    guard(L, "os.", os_denied);
    lua_setfield(L, env, "os");
    lua_pop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, E->module_ref);
    copy_table(L, -1, NULL);
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, sb_require, 1);
    lua_setfield(L, env, "require");
    lua_setfield(L, env, "erg");
    lua_pop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, E->graph_ref);
    lua_setfield(L, env, "graph");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_settop(L, env);
    guard(L, "", globals_denied);
}

/* ---- files ------------------------------------------------------------------------- */
/* The bytes at path: a file's size, or the sum of the regular files
 * directly in a directory (what erg's writers make). */
static uint64_t bytes_at(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return 0;
    if (!S_ISDIR(st.st_mode)) return S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    uint64_t total = 0;
    DIR *d = opendir(path);
    if (!d) return 0;
    char p[PATH_MAX];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (snprintf(p, sizeof p, "%s/%s", path, e->d_name) >= (int)sizeof p) continue;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) total += (uint64_t)st.st_size;
    }
    closedir(d);
    return total;
}

/* Writing and reading files cost a step a byte, so that a script cannot
 * fill the disk (or spin on reading) within its step budget. */
void lerg_sandbox_written(lua_State *L, void *ud, const char *path) {
    erg_lua *E = ud;
    lerg_charge(L, &E->host, bytes_at(path));
}


/*
 * The path gate.  Every file a script reads or writes is reached from the
 * directory descriptor of --out that the engine holds for its life
 * (E->out_fd), one component at a time with openat(O_NOFOLLOW): a
 * symbolic link anywhere on the way (planted in a directory under --out,
 * or swapped in for a directory while the script runs) is refused, never
 * followed.  The core takes path strings, so the gate hands it
 * /proc/self/fd/D/NAME, where D is a descriptor of the last directory,
 * opened beneath --out and kept open until the run ends: whatever happens
 * to the names under --out afterwards, the core's files (the temporary
 * file and the rename of erg_out included) stay in that directory.  The
 * last component must be absent (writing), a regular file, or a directory
 * whose entries are all regular files or directories (a CSV graph): a
 * FIFO, device or socket is refused by name, so nothing blocks on it.
 * Messages name the script's own path, never the host's; lerg_raise maps
 * /proc/self/fd/D/ back through the registry's table "erg.paths".
 */
#define GATE_FDS 16 /* directories a run keeps open at once (a ring) */

static int gate_keep(erg_lua *E, int fd) {
    int slot = E->gate_next++ % GATE_FDS;
    if (E->gate_fd[slot] > 0) close(E->gate_fd[slot]);
    E->gate_fd[slot] = fd;
    return fd;
}

void lerg_sandbox_close_fds(erg_lua *E) {
    for (int i = 0; i < GATE_FDS && i < (int)(sizeof E->gate_fd / sizeof E->gate_fd[0]); i++) {
        if (E->gate_fd[i] > 0) close(E->gate_fd[i]);
        E->gate_fd[i] = -1;
    }
}

/* Refuses a directory with an entry a reader could follow out or block
 * on (a symbolic link, a FIFO...). */
static void check_dir_entries(lua_State *L, erg_lua *E, int dirfd, const char *name, const char *path) {
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return; /* the core reports what is wrong */
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) continue;
        char entry[NAME_MAX + 1];
        snprintf(entry, sizeof entry, "%s", e->d_name); /* closedir frees e */
        closedir(d);
        lerg_violation(L, E, "sandbox: path '%s' holds %s ('%s')", path,
                       S_ISLNK(st.st_mode) ? "a symbolic link" : "a file that is not a regular file", entry);
    }
    closedir(d);
}

/* Remembers that host prefix /proc/self/fd/D/ stands for the script's
 * directory dir (len bytes, "" for --out itself). */
static void gate_name(lua_State *L, int fd, const char *dir, size_t len) {
    luaL_getsubtable(L, LUA_REGISTRYINDEX, "erg.paths");
    lua_pushfstring(L, "/proc/self/fd/%d/", fd);
    lua_pushlstring(L, dir, len);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

void lerg_sandbox_path(lua_State *L, void *ud, const char *path, bool write) {
    erg_lua *E = ud;
    if (E->out_fd < 0)
        lerg_violation(L, E, "sandbox: %s '%s' needs an output directory (erg run --out DIR)",
                       write ? "writing" : "reading", path);
    if (!*path) lerg_violation(L, E, "sandbox: empty path");
    if (!strcmp(path, "-")) lerg_violation(L, E, "sandbox: writing to standard output is not allowed (use print)");
    if (path[0] == '/')
        lerg_violation(L, E, "sandbox: path '%s' is absolute; give a path inside the output directory", path);
    if (strlen(path) >= PATH_MAX) lerg_violation(L, E, "sandbox: path '%s' is too long", path);
    for (const char *q = path; *q;) { /* no '.' or '..' anywhere, before any lookup */
        size_t len = strcspn(q, "/");
        if ((len == 1 && q[0] == '.') || (len == 2 && q[0] == '.' && q[1] == '.'))
            lerg_violation(L, E, "sandbox: path '%s' leaves the output directory or has a '.' part", path);
        q += len;
        while (*q == '/') q++;
    }
    /* the components, each checked; dir is the last directory.  Every
     * descriptor goes into the ring at once, so a refusal leaks none. */
    int dir = E->out_fd;
    const char *last = NULL, *p = path;
    char name[NAME_MAX + 1];
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
            lerg_violation(L, E, "sandbox: path '%s' leaves the output directory or has a '.' part", path);
        if (len > NAME_MAX) lerg_violation(L, E, "sandbox: path '%s' is too long", path);
        memcpy(name, p, len);
        name[len] = '\0';
        const char *next = p + len;
        while (*next == '/') next++;
        if (!*next) { /* the last component */
            last = p;
            break;
        }
        int fd = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            struct stat st;
            if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                lerg_violation(L, E, "sandbox: path '%s' goes through a symbolic link", path);
            /* not refusals, only failures: a script may catch them */
            if (errno == ENOENT) luaL_error(L, "%s: no such directory '%s'", path, name);
            luaL_error(L, "%s: '%s' is not a directory", path, name);
        }
        dir = gate_keep(E, fd);
        p = next;
    }
    if (!last) lerg_violation(L, E, "sandbox: path '%s' names no file", path);
    if (dir == E->out_fd) { /* a descriptor of its own for the core */
        int fd = fcntl(dir, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) lerg_violation(L, E, "sandbox: too many open files");
        dir = gate_keep(E, fd);
    }
    struct stat st;
    bool exists = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && S_ISLNK(st.st_mode)) lerg_violation(L, E, "sandbox: path '%s' goes through a symbolic link", path);
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        lerg_violation(L, E, "sandbox: path '%s' is not a regular file or directory", path);
    if (!write && exists && S_ISDIR(st.st_mode)) check_dir_entries(L, E, dir, name, path);
    gate_name(L, dir, path, (size_t)(last - path));
    lua_pushfstring(L, "/proc/self/fd/%d/%s", dir, name);
    if (!write) lerg_charge(L, &E->host, bytes_at(lua_tostring(L, -1)));
}
