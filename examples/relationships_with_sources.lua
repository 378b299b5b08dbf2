-- relationships_with_sources.lua -- every relationship of an entity, each
-- with the sources behind it.
--
--   erg run examples/relationships_with_sources.lua [ENTITY]
--
-- Relationships leaving the entity are shown as "-type->", those arriving
-- as "<-type-".  Each cites its sources by id in its "source" attribute;
-- x:sources() turns those ids into the graph's source records, listed once
-- at the end with their titles.

local e = graph:entity(arg[1] or "microsoft")
if not e then error("no entity '" .. (arg[1] or "microsoft") .. "'") end

print(("%s (%s), %s"):format(e.name or e.id, e.id, e.type))
local rels = {}
for r in e:both() do rels[#rels + 1] = r end
table.sort(rels, function(a, b) return a.id < b.id end)

local cited, order = {}, {}
for _, r in ipairs(rels) do
  local arrow = r.from == e and ("-%s-> %s"):format(r.type, r.to.id)
                             or ("<-%s- %s"):format(r.type, r.from.id)
  local ids = {}
  for _, s in ipairs(r:sources()) do
    ids[#ids + 1] = s.id
    if not cited[s] then cited[s] = true; order[#order + 1] = s end
  end
  print(("  %-44s %-20s %s"):format(arrow, r:get("certainty") or "?", table.concat(ids, ", ")))
end

print(("%d relationships, citing %d sources:"):format(#rels, #order))
table.sort(order, function(a, b) return a.id < b.id end)
for _, s in ipairs(order) do
  local date = s:get("date")
  print(("  %s: %s%s"):format(s.id, s:get("title"), date and (" (" .. tostring(date) .. ")") or ""))
end
