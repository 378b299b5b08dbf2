-- who_supplies_ice.lua -- who supplies ICE, and through whom.
--
--   erg run examples/who_supplies_ice.lua [ENTITY]
--
-- For every "supplies" relationship into the entity (ICE by default): the
-- supplier, what it supplies, and the channel.  A relationship with a "via"
-- attribute went through intermediaries; the supplier's "provides_through"
-- relationships name them.  Suppliers that are themselves such a channel
-- say on whose behalf they deliver.

local target = graph:entity(arg[1] or "ICE")
if not target then error("no entity '" .. (arg[1] or "ICE") .. "'") end

-- "Name (id)", the way people read an entity.
local function label(e) return ("%s (%s)"):format(e.name or e.id, e.id) end

-- The names of the entities a list attribute refers to, or its ids.
local function names(ids)
  local out = {}
  for _, id in ipairs(ids or {}) do
    local e = graph:entity(id)
    out[#out + 1] = e and e.name or id
  end
  return table.concat(out, "; ")
end

print("Who supplies " .. label(target) .. ":")
for r in target:in_("supplies") do
  local supplier = r.from
  print("  " .. label(supplier))
  local products = names(r:get("product"))
  if products ~= "" then print("    supplies: " .. products) end
  if r:get("via") then
    local channels = graph:V(supplier):out("provides_through"):order("id"):list()
    for _, c in ipairs(channels) do print("    through:  " .. label(c)) end
  end
  for ch in supplier:in_("provides_through") do
    print("    on behalf of: " .. label(ch.from))
  end
  print(("    claim:    %s (sources: %s)"):format(r:get("certainty"), table.concat(r:get("source"), ", ")))
end
