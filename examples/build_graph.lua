-- build_graph.lua -- build a small graph from scratch, save it as a CSV
-- graph directory, and read it back.
--
--   erg run examples/build_graph.lua OUT_DIR

local out = arg[1] or error("usage: erg run examples/build_graph.lua OUT_DIR")

local g = erg.new()
g:meta("title", "A small supply chain")
g:add_source{id = "memo-1", title = "Internal memo", date = erg.date("2025-07")}

local acme = g:add_entity{id = "acme", type = "company", name = "Acme Corp",
                          aliases = {"Acme"}, country = "US", founded = 1999,
                          source = {"memo-1"}}
g:add_entity{id = "globex", type = "company", name = "Globex", country = "US"}
g:add_entity{id = "agency", type = "government_body", name = "The Agency"}

g:add_relationship{from = acme, to = "globex", type = "supplies",
                   amount_usd = 1.5e6, date = erg.date("2025-07-14"),
                   source = {"memo-1"}}
g:add_relationship{from = "globex", to = "agency", type = "supplies",
                   product = {"widgets", "gadgets"}}

g:save(out)

local back = erg.load(out)
local info = back:info()
print(("%s, saved and read back: %d entities, %d relationships, %d sources"):format(
  g:meta("title"), info.entities, info.relationships, info.sources))
for r in back:relationships{type = "supplies"} do
  print(("  %s -supplies-> %s"):format(r.from.name, r.to.name))
end
local a = back:entity("Acme")
print(("acme: founded %d (%s), country %s"):format(a:get("founded"), math.type(a:get("founded")), a:get("country")))
local r = back:relationships{from = "acme"}()
print(("amount %.1f (%s), date %s"):format(r:get("amount_usd"), math.type(r:get("amount_usd")), tostring(r:get("date"))))
print("who reaches the agency: " .. table.concat(back:V("agency"):walk{dir = "in", max_depth = 5}:order("id"):values("id"), ", "))
