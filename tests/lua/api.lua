-- api.lua -- every function of the erg module, with exact values and
-- messages.  Run by tests/cli/lua.sh as: erg run tests/lua/api.lua TMPDIR
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")
local tmp = assert(arg[1], "usage: erg run api.lua TMPDIR")

-- ---- the module ----------------------------------------------------------
T.ok("version", type(erg.version) == "string" and erg.version:match("^%d+%.%d+%.%d+$") ~= nil, erg.version)
T.eq("require gives the module", require("erg"), erg)
local g = erg.new()
T.eq("new: empty", g:info(), {entities = 0, relationships = 0, sources = 0})
T.eq("new: tostring", tostring(g), "<graph: 0 entities, 0 relationships>")
T.eq("getmetatable is locked", getmetatable(g), "erg.graph")
T.err("load: missing", "/nonexistent/graph: No such file or directory", erg.load, "/nonexistent/graph")
T.err("load: not a string", "bad argument #1 to 'erg.load' (string expected, got no value)", erg.load)

-- ---- adding ---------------------------------------------------------------
local acme = g:add_entity{id = "acme", type = "company", name = "Acme Corp",
                          aliases = {"Acme", "ACME Inc"}, country = "US", founded = 1999}
T.eq("add_entity: fields", {acme.id, acme.type, acme.name, acme.aliases},
     {"acme", "company", "Acme Corp", {"Acme", "ACME Inc"}})
T.eq("add_entity: attrs", acme:attrs(), {country = "US", founded = 1999})
local globex = g:add_entity{id = "globex", type = "company"}
T.eq("add_entity: no name", globex.name, nil)
T.eq("add_entity: no aliases", globex.aliases, {})
local agency = g:add_entity{id = "agency", type = "government_body", name = "The Agency", country = "US"}

T.err("add_entity: id required", "add_entity: 'id' is required", g.add_entity, g, {type = "x"})
T.err("add_entity: type required", "add_entity: 'type' is required", g.add_entity, g, {id = "x"})
T.err("add_entity: id a string", "add_entity: 'id' must be a string, not number", g.add_entity, g, {id = 5, type = "x"})
T.err("add_entity: name a string", "add_entity: 'name' must be a string, not boolean", g.add_entity, g,
      {id = "x", type = "t", name = true})
T.err("add_entity: duplicate", "duplicate entity id 'acme'", g.add_entity, g, {id = "acme", type = "company"})
T.err("add_entity: empty id", "entity id must not be empty", g.add_entity, g, {id = "", type = "company"})
T.err("add_entity: aliases a table", "add_entity: 'aliases' must be a table, not string", g.add_entity, g,
      {id = "x", type = "t", aliases = "A"})
T.err("add_entity: alias a string", "add_entity: alias 2 must be a string, not number", g.add_entity, g,
      {id = "x", type = "t", aliases = {"a", 2}})
T.err("add_entity: key a string", "add_entity: field names must be strings, not number", g.add_entity, g,
      {id = "x", type = "t", [1] = "y"})
T.err("add_entity: a function", "attribute 'f': a function has no erg type", g.add_entity, g,
      {id = "x", type = "t", f = print})
T.err("add_entity: NUL in id", "id must not contain NUL bytes", g.add_entity, g, {id = "a\0b", type = "t"})
-- all or nothing: a refused attribute leaves no entity and no new attribute
T.err("add_entity: wrong type", "attribute 'country' holds string values, not int", g.add_entity, g,
      {id = "x", type = "t", country = 5, zzz_new = 1})
T.eq("add_entity: nothing added", {g:entity("x"), g:info().entities}, {nil, 3})
local names = {}
for _, c in ipairs(g:schema("entity")) do names[#names + 1] = c.name end
T.eq("add_entity: no new attribute declared", names, {"country", "founded"})

local r1 = g:add_relationship{from = acme, to = "globex", type = "supplies", amount_usd = 1.5e6}
T.eq("add_relationship: generated id", r1.id, "r1")
T.eq("add_relationship: fields", {r1.type, r1.from, r1.to, r1.directed}, {"supplies", acme, globex, true})
local r2 = g:add_relationship{id = "g-a", from = "globex", to = "The Agency", type = "supplies",
                              product = {"widgets", "gadgets"}, directed = false}
T.eq("add_relationship: given id, by name, undirected", {r2.id, r2.to, r2.directed}, {"g-a", agency, false})
T.err("add_relationship: from required", "add_relationship: 'from' is required", g.add_relationship, g,
      {to = "acme", type = "t"})
T.err("add_relationship: to required", "add_relationship: 'to' is required", g.add_relationship, g,
      {from = "acme", type = "t"})
T.err("add_relationship: type required", "add_relationship: 'type' is required", g.add_relationship, g,
      {from = "acme", to = "acme"})
T.err("add_relationship: unknown entity", "no entity 'nobody'", g.add_relationship, g,
      {from = "acme", to = "nobody", type = "t"})
T.err("add_relationship: directed a boolean", "add_relationship: 'directed' must be a boolean, not string",
      g.add_relationship, g, {from = "acme", to = "globex", type = "t", directed = "yes"})
T.err("add_relationship: duplicate id", "duplicate relationship id 'g-a'", g.add_relationship, g,
      {id = "g-a", from = "acme", to = "globex", type = "t"})
T.err("add_relationship: wrong attribute type", "attribute 'amount_usd' holds float values, not string",
      g.add_relationship, g, {from = "acme", to = "globex", type = "t", amount_usd = "lots"})
T.eq("add_relationship: nothing added", g:info().relationships, 2)
T.err("add_relationship: an entity of another graph", "entity 'acme' belongs to another graph",
      erg.new().add_relationship, erg.new(), {from = acme, to = acme, type = "t"})

local memo = g:add_source{id = "memo-1", title = "Internal memo", date = erg.date("2025-07")}
T.eq("add_source", {memo.id, memo:get("title"), tostring(memo:get("date"))}, {"memo-1", "Internal memo", "2025-07"})
T.err("add_source: id required", "add_source: 'id' is required", g.add_source, g, {title = "x"})
T.err("add_source: duplicate", "duplicate source id 'memo-1'", g.add_source, g, {id = "memo-1"})

-- ---- finding -----------------------------------------------------------------
T.eq("entity: by id", g:entity("acme"), acme)
T.eq("entity: by alias, any case", g:entity("acme inc"), acme)
T.eq("entity: by name", g:entity("ACME CORP"), acme)
T.eq("entity: absent", g:entity("nobody"), nil)
T.ok("entity: one object per entity", rawequal(g:entity("acme"), g:entity("Acme")))
g:add_entity{id = "acme2", type = "company", name = "Twin"}
g:add_entity{id = "acme3", type = "company", name = "twin"}
T.err("entity: ambiguous", "name 'Twin' is ambiguous: 2 entities carry it: acme2 (Twin), acme3 (twin); use an id", g.entity, g, "Twin")
g:delete("acme2")
g:delete(g:entity("acme3"))
T.eq("relationship: by id", g:relationship("g-a"), r2)
T.eq("relationship: absent", g:relationship("zzz"), nil)
T.eq("source: by id", g:source("memo-1"), memo)
T.eq("source: absent", g:source("zzz"), nil)

local function ids(iter)
  local out = {}
  for x in iter do out[#out + 1] = x.id end
  return out
end
T.eq("entities: all, insertion order", ids(g:entities()), {"acme", "globex", "agency"})
T.eq("entities: a type", ids(g:entities("company")), {"acme", "globex"})
T.eq("entities: {type=}", ids(g:entities{type = "government_body"}), {"agency"})
T.eq("entities: unknown type", ids(g:entities{type = "zzz"}), {})
T.err("entities: unknown option", "entities: unknown option 'kind'", g.entities, g, {kind = "x"})
T.eq("relationships: all", ids(g:relationships()), {"r1", "g-a"})
T.eq("relationships: type", ids(g:relationships("supplies")), {"r1", "g-a"})
T.eq("relationships: from", ids(g:relationships{from = "acme"}), {"r1"})
T.eq("relationships: to", ids(g:relationships{to = agency}), {"g-a"})
T.eq("relationships: from and to", ids(g:relationships{from = "globex", to = "agency"}), {"g-a"})
T.eq("relationships: from, type", ids(g:relationships{from = "globex", type = "owns"}), {})
T.err("relationships: unknown option", "relationships: unknown option 'via'", g.relationships, g, {via = 1})
T.eq("sources", ids(g:sources()), {"memo-1"})

-- ---- entity objects ----------------------------------------------------------------
T.eq("get: field", acme:get("name"), "Acme Corp")
T.eq("get: attribute", acme:get("founded"), 1999)
T.eq("get: absent", acme:get("nothing"), nil)
acme:set("employees", 250)
T.eq("set: new attribute", acme:get("employees"), 250)
acme:set("employees", nil)
T.eq("set nil: removed", acme:get("employees"), nil)
acme:set("name", "Acme Corporation")
T.eq("set: name field", acme.name, "Acme Corporation")
acme.name = "Acme Corp"
acme.type = "firm"
T.eq("field assignment", {acme.name, acme.type}, {"Acme Corp", "firm"})
acme.type = "company"
acme.aliases = {"Acme", "Acme Co"}
T.eq("aliases replaced", acme.aliases, {"Acme", "Acme Co"})
T.eq("old alias gone", g:entity("ACME Inc"), nil)
acme:add_alias("ACMECO")
acme:add_alias("acmeco")
T.eq("add_alias (case-insensitive no-op)", acme.aliases, {"Acme", "Acme Co", "ACMECO"})
acme:remove_alias("acmeco")
T.eq("remove_alias", acme.aliases, {"Acme", "Acme Co"})
T.err("remove_alias: absent", "entity 'acme' has no alias 'zzz'", acme.remove_alias, acme, "zzz")
T.err("set: id", "the id of entity 'acme' cannot be changed", acme.set, acme, "id", "x")
T.err("field: id", "the id of entity 'acme' cannot be changed", function() acme.id = "x" end)
T.err("field: unknown", "entity has no field 'country' (attributes are read with x:get('country'))",
      function() return acme.country end)
T.err("field: unknown assignment", "cannot set field 'country' of entity 'acme' (attributes are set with x:set('country', value))",
      function() acme.country = "FR" end)
T.err("set: wrong type", "attribute 'founded' holds int values, not string", acme.set, acme, "founded", "1999")
T.err("set: a table with other keys", "attribute 'from': a table value must be a list (keys 1..n), but it has key 'x'",
      acme.set, acme, "from", {x = 1})
T.eq("tostring", tostring(acme), "<entity acme>")
T.eq("getmetatable is locked", getmetatable(acme), "erg.entity")
T.eq("out", ids(acme:out()), {"r1"})
T.eq("in_", ids(agency:in_()), {"g-a"})
T.eq("in_ of an undirected relationship from its to side", ids(globex:in_()), {"g-a", "r1"})
T.eq("out of an undirected relationship from its to side", ids(agency:out()), {"g-a"})
T.eq("both", ids(globex:both()), {"g-a", "r1"})
T.eq("out: type", ids(acme:out("owns")), {})
T.eq("V", acme:V():out():list(), {globex})

-- deleting the relationship just returned is fine (and anything else too)
local seen = {}
for r in globex:both() do seen[#seen + 1] = r.id; g:delete(r) end
T.eq("deleting while iterating", {seen, g:info().relationships}, {{"g-a", "r1"}, 0})
r1 = g:add_relationship{id = "r1", from = acme, to = globex, type = "supplies", amount_usd = 1.5e6,
                        source = {"memo-1", "memo-2"}}
r2 = g:add_relationship{id = "g-a", from = globex, to = agency, type = "supplies", directed = false,
                        product = {"widgets", "gadgets"}, source = {"memo-1"}}

-- ---- relationship objects ----------------------------------------------------------
T.eq("relationship: get fields", {r1:get("id"), r1:get("type"), r1:get("from"), r1:get("to"), r1:get("directed")},
     {"r1", "supplies", acme, globex, true})
T.eq("relationship: attrs", r1:attrs(), {amount_usd = 1.5e6, source = {"memo-1", "memo-2"}})
T.eq("relationship: other", {r1:other(acme), r1:other("globex")}, {globex, acme})
T.err("relationship: other of a stranger", "relationship 'r1' does not touch entity 'agency'", r1.other, r1, agency)
r1.type = "sells_to"
T.eq("relationship: type assignment", r1.type, "sells_to")
T.err("relationship: from cannot be set", "cannot set field 'from' of relationship 'r1' (attributes are set with x:set('from', value))",
      function() r1.from = agency end)
T.err("relationship: reserved attribute", "'from' is not an attribute of a relationship: it is one of its fields",
      r1.set, r1, "from", "x")
T.eq("relationship: tostring", {tostring(r1), tostring(r2)},
     {"<relationship r1: acme -sells_to-> globex>", "<relationship g-a: globex -supplies- agency>"})
T.eq("sources: known ids only", r1:sources(), {memo})
r1:set("source", {"memo-1"}) -- a CSV graph directory must cite known sources
T.eq("sources: a list attribute", r2:sources(), {memo})
agency:set("source", "memo-1")
T.eq("sources: a string attribute", agency:sources(), {memo})
agency:set("source", nil)
T.eq("sources: none", acme:sources(), {})
T.eq("source: fields", {memo.id, memo:attrs()}, {"memo-1", {title = "Internal memo", date = erg.date("2025-07")}})
memo:set("publisher", "Acme")
T.eq("source: set", memo:get("publisher"), "Acme")
T.eq("source: tostring", tostring(memo), "<source memo-1>")

-- ---- graph-level ---------------------------------------------------------------------
T.eq("meta: absent", g:meta("title"), nil)
g:meta("title", "Test graph")
T.eq("meta: set", g:meta("title"), "Test graph")
g:meta("title", nil)
T.eq("meta: cleared", g:meta("title"), nil)
T.eq("schema: relationship", g:schema("relationship"),
     {{name = "amount_usd", type = "float"}, {name = "product", type = "string[]"}, {name = "source", type = "string[]"}})
T.err("schema: bad kind", "bad argument #1 to 'schema' (invalid option 'bogus')", function() return g:schema("bogus") end)
T.eq("info", g:info(), {entities = 3, relationships = 2, sources = 1})

-- ---- merging and deleting -----------------------------------------------------------
local globex2 = g:add_entity{id = "globex2", type = "company", name = "Globex Intl", country = "CH", size = 3}
g:add_relationship{id = "x1", from = globex2, to = agency, type = "lobbies"}
local kept = g:merge(globex, "globex2")
T.eq("merge: returns keep", kept, globex)
T.eq("merge: other's id and name become aliases", globex.aliases, {"globex2", "Globex Intl"})
T.eq("merge: attributes copied, the merge recorded", globex:attrs(), {country = "CH", size = 3, merged_from = {"globex2"}})
T.eq("merge: relationships re-pointed", g:relationship("x1").from, globex)
T.eq("merge: other's old id finds the kept entity", g:entity("globex2"), globex)
T.err("merge: into itself", "cannot merge entity 'acme' into itself", g.merge, g, acme, "acme")
g:delete(g:relationship("x1"))
T.eq("delete: relationship", g:relationship("x1"), nil)
local tmpe = g:add_entity{id = "tmp", type = "t"}
g:add_relationship{id = "t1", from = "tmp", to = "acme", type = "t"}
g:delete(tmpe)
T.eq("delete: entity and its relationships", {g:entity("tmp"), g:relationship("t1")}, {nil, nil})
T.err("delete: not an object", "bad argument #1 to 'delete' (entity, relationship or source expected, got number)",
      function() g:delete(5) end)

-- ---- saving, exporting, loading -----------------------------------------------------
g:save(tmp .. "/saved")
local back = erg.load(tmp .. "/saved")
T.eq("save/load: counts", back:info(), g:info())
T.eq("save/load: entity", {back:entity("acme").name, back:entity("acme").aliases, back:entity("acme"):attrs()},
     {"Acme Corp", {"Acme", "Acme Co"}, {country = "US", founded = 1999}})
T.eq("save/load: relationship", {back:relationship("g-a").directed, back:relationship("g-a"):get("product")},
     {false, {"widgets", "gadgets"}})
T.eq("save/load: types exact", {math.type(back:entity("acme"):get("founded")), math.type(back:relationship("r1"):get("amount_usd"))},
     {"integer", "float"})
g:export("csv", tmp .. "/exported")
T.eq("export csv", erg.load(tmp .. "/exported"):info(), g:info())
T.err("export: unknown format", "unknown export format 'nope'", g.export, g, "nope", tmp .. "/x")
T.err("export: unknown option", "export: unknown option 'pretty'", g.export, g, "csv", tmp .. "/y", {pretty = true})

-- ---- the built-in graph -----------------------------------------------------------------
local ice = graph:entity("ICE")
T.eq("built-in: ICE", {ice.id, ice.type, ice.name}, {"ice", "government_body", "U.S. Immigration and Customs Enforcement"})
T.eq("built-in: ice is part of dhs", graph:V(ice):out("part_of"):values("id"), {"dhs"})
local via = {}
for r in ice:in_("supplies") do via[#via + 1] = r.from.id .. ":" .. tostring(r:get("via")) end
table.sort(via)
T.eq("built-in: suppliers of ice", via, {"microsoft:key_partners", "microsoft_key_partners:nil"})
T.eq("built-in: sources of a relationship", graph:relationship("r-microsoft-supplies-ice"):get("source"),
     {"report-ice-azure-surge"})

-- ---- pretty ---------------------------------------------------------------------------------
T.eq("pretty: scalars", {erg.pretty(1), erg.pretty(1.5), erg.pretty("s"), erg.pretty(nil), erg.pretty(true)},
     {"1", "1.5", "s", "nil", "true"})
T.eq("pretty: table", erg.pretty({1, "two", x = {y = 2.0}, ["a b"] = false}),
     '{1, "two", ["a b"] = false, x = {y = 2.0}}')
local cyc = {}
cyc.self = cyc
T.eq("pretty: cycle", erg.pretty(cyc), "{self = <cycle>}")
T.eq("pretty: depth", erg.pretty({{{{{{{{}}}}}}}}), "{{{{{{{...}}}}}}}")
T.eq("pretty: entity card", erg.pretty(acme),
     '<entity acme>\n  type     "company"\n  name     "Acme Corp"\n  aliases  {"Acme", "Acme Co"}\n  country  "US"\n  founded  1999')
T.eq("pretty: nested entity", erg.pretty({acme, r1}), "{<entity acme>, <relationship r1: acme -sells_to-> globex>}")
T.eq("pretty: date", {erg.pretty(erg.date("2025-07")), erg.pretty({erg.date("2025")})}, {"2025-07", '{erg.date("2025")}'})
T.eq("pretty: string escapes", erg.pretty({"a\n\"b\"\\\1"}), '{"a\\n\\"b\\"\\\\\\1"}')

T.finish()
