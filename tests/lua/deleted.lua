-- deleted.lua -- using an object after it was deleted raises "entity 'x'
-- was deleted" (or relationship, source), never undefined behaviour.
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")

local g = erg.new()
g:add_source{id = "memo", title = "Memo"}
local a = g:add_entity{id = "a", type = "t", name = "A", n = 1}
local b = g:add_entity{id = "b", type = "t"}
local r = g:add_relationship{id = "ab", from = a, to = b, type = "knows"}
local it = a:out()
local trav = g:V(a):out()
g:delete(a)

local gone = "entity 'a' was deleted"
T.err("id", gone, function() return a.id end)
T.err("name", gone, function() return a.name end)
T.err("type", gone, function() return a.type end)
T.err("aliases", gone, function() return a.aliases end)
T.err("get", gone, a.get, a, "n")
T.err("set", gone, a.set, a, "n", 2)
T.err("attrs", gone, a.attrs, a)
T.err("sources", gone, a.sources, a)
T.err("out", gone, a.out, a)
T.err("in_", gone, a.in_, a)
T.err("both", gone, a.both, a)
T.err("add_alias", gone, a.add_alias, a, "x")
T.err("field assignment", gone, function() a.name = "x" end)
T.err("V", gone, a.V, a)
T.err("g:V", gone, g.V, g, a)
T.err("add_relationship", gone, g.add_relationship, g, {from = a, to = b, type = "t"})
T.err("merge", gone, g.merge, g, b, a)
T.err("delete again", gone, g.delete, g, a)
T.err("a traversal built before", gone, trav.list, trav)
T.eq("tostring does not raise", tostring(a), "<entity a (deleted)>")
T.eq("pretty does not raise", erg.pretty(a), "<entity a (deleted)>")
T.eq("an iterator made before skips what was deleted", it(), nil)

-- its relationships went with it
local rgone = "relationship 'ab' was deleted"
T.err("relationship field", rgone, function() return r.type end)
T.err("relationship from", rgone, function() return r.from end)
T.err("relationship get", rgone, r.get, r, "x")
T.err("relationship other", rgone, r.other, r, b)
T.eq("relationship tostring", tostring(r), "<relationship ab (deleted)>")
T.eq("lookup", {g:entity("a"), g:relationship("ab")}, {nil, nil})

-- the id can be used again; the old object stays dead
local a2 = g:add_entity{id = "a", type = "t", name = "A again"}
T.eq("new entity, same id", a2.name, "A again")
T.ok("a different object", not rawequal(a, a2))
T.err("the old one still dead", gone, function() return a.name end)

-- sources
local s = g:source("memo")
g:delete(s)
T.err("source get", "source 'memo' was deleted", s.get, s, "title")
T.err("source id", "source 'memo' was deleted", function() return s.id end)

-- merged away
local c = g:add_entity{id = "c", type = "t"}
g:merge(b, c)
T.err("merged entity", "entity 'c' was deleted", function() return c.type end)

-- deleting during a relationship loop
local hub = g:add_entity{id = "hub", type = "t"}
for i = 1, 5 do
  g:add_relationship{id = "h" .. i, from = hub, to = g:add_entity{id = "n" .. i, type = "t"}, type = "has"}
end
local visited = {}
for rel in hub:out() do
  visited[#visited + 1] = rel.id
  if rel.id == "h5" then g:delete(g:relationship("h4")); g:delete(g:entity("n3")) end
end
T.eq("loop skips what the body deleted", visited, {"h5", "h2", "h1"})

T.finish()
