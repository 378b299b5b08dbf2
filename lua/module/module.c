/*
 * module.c -- the `erg` Lua module's entry point: luaopen_erg registers
 * what the other files of lua/module define, and nothing else (see
 * module.h for the layers).
 *
 * The module at a glance (every C error becomes a Lua error with the
 * core's message; lookups of what is absent give nil):
 *   erg.load(path) erg.new() erg.date(s | y [, m [, d]]) erg.pretty(v)
 *   erg.gt(x) erg.ge erg.lt erg.le erg.ne erg.between(lo, hi)  -- for has()
 *   erg.version  erg.text (text.c)
 *   g:entity(id|name|alias) g:relationship(id) g:source(id)
 *   g:entities([type | {type=}]) g:relationships([type | {type=, from=, to=}])
 *   g:sources()  -- iterators for `for x in ...`
 *   g:add_entity{id=, type=, name=, aliases={}, attr=v...}
 *   g:add_relationship{from=, to=, type=, id=, directed=, attr=v...}
 *   g:add_source{id=, attr=v...} g:delete(x) g:merge(keep, other)
 *   g:save(dir) g:export(format, path [, opts]) g:info() g:meta(k [, v])
 *   g:schema([kind]) g:V(...)  -- traversals, traversal.c
 *   g:rank g:communities g:components g:path g:paths g:ego -- analysis.c
 *   e.id e.type e.name e.aliases  e:get(a) e:set(a, v) e:attrs()
 *   e:sources() e:out([type]) e:in_([type]) e:both([type]) e:V()
 *   e:add_alias(s) e:remove_alias(s)
 *   r.id r.type r.from r.to r.directed  r:get r:set r:attrs r:sources
 *   r:other(e);  s.id s:get s:set s:attrs
 */
#include "module.h"

/* The graph's methods beyond graph.c's own. */
static const luaL_Reg graph_more[] = {
    {"entities", lerg_g_entities},
    {"relationships", lerg_g_relationships},
    {"sources", lerg_g_sources},
    {"add_entity", lerg_g_add_entity},
    {"add_relationship", lerg_g_add_relationship},
    {"add_source", lerg_g_add_source},
    {"delete", lerg_g_delete},
    {"V", lerg_trav_V},
    {"rank", lerg_g_rank},
    {"communities", lerg_g_communities},
    {"components", lerg_g_components},
    {"path", lerg_g_path},
    {"paths", lerg_g_paths},
    {"ego", lerg_g_ego},
    {NULL, NULL}};

static const luaL_Reg entity_more[] = {{"V", lerg_e_V}, {NULL, NULL}};

static const luaL_Reg module_fns[] = {
    {"load", lerg_load},
    {"new", lerg_new},
    {"date", lerg_date_new},
    {"pretty", lerg_pretty_fn},
    {NULL, NULL}};

int luaopen_erg(lua_State *L) {
    static const luaL_Reg *const graph_methods[] = {lerg_graph_methods, graph_more, lerg_find_methods, NULL};
    lerg_obj_open(L, graph_methods, entity_more);
    lerg_value_open(L);
    lerg_trav_open(L);
    luaL_newlib(L, module_fns);
    lerg_pred_open(L);
    lerg_text_open(L);
    lerg_csv_open(L);
    lerg_json_open(L);
    lua_pushliteral(L, ERG_VERSION);
    lua_setfield(L, -2, "version");
    return 1;
}
