-- government_near_microsoft.lua -- the government bodies within two hops
-- of Microsoft, in any direction, with one path to each.
--
--   erg run examples/government_near_microsoft.lua [ENTITY] [HOPS]

local start = graph:entity(arg[1] or "microsoft")
local hops = math.tointeger(tonumber(arg[2] or "2"))

-- The traversal runs in C: walk breadth-first up to `hops` relationships
-- away (either direction), keep government bodies, each once, by id.
local bodies = graph:V(start)
  :walk{dir = "both", max_depth = hops}
  :has("type", "government_body")
  :dedup()
  :order("id")
  :list()

-- One shortest path to each, from a breadth-first search in Lua.
local function path_to(goal)
  local prev, queue, seen = {}, {start}, {[start] = true}
  for _, e in ipairs(queue) do
    if e == goal then break end
    for r in e:both() do
      local n = r:other(e)
      if not seen[n] then
        seen[n], prev[n] = true, {e, r}
        queue[#queue + 1] = n
      end
    end
  end
  local steps, e = {}, goal
  while prev[e] do
    local from, r = prev[e][1], prev[e][2]
    table.insert(steps, 1, r.from == from and ("-%s->"):format(r.type) or ("<-%s-"):format(r.type))
    table.insert(steps, 2, e.id)
    e = from
  end
  return start.id .. " " .. table.concat(steps, " ")
end

print(("Government bodies within %d hops of %s:"):format(hops, start.name))
for _, b in ipairs(bodies) do
  print(("  %-18s %s"):format(b.id, b.name))
  print("    " .. path_to(b))
end
