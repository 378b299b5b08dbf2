-- Interlocks on a small board-membership graph (examples/boards, invented
-- data): which organisations share board members, and through whom.
--   bin/erg -g examples/boards run examples/interlocks.lua
for _, x in ipairs(graph:interlocks{via = "board_member"}) do
  local names = {}
  for _, p in ipairs(x.via) do names[#names + 1] = p.name end
  print(string.format("%s -- %s: %d (%s)", x.a.name, x.b.name, x.count, table.concat(names, ", ")))
end
-- any relationship type counts a person once per organisation
for _, x in ipairs(graph:interlocks{}) do
  print(x.a.id, x.b.id, x.count)
end
-- the same organisation twice? dedupe proposes it, merge records it, unmerge undoes it
for _, p in ipairs(graph:dedupe()) do
  print(string.format("candidate %s + %s: %.4f", p.keep.id, p.other.id, p.score))
end
local acme, report = graph:merge("acme", "acme2")
print(report.id, report.moved, #acme.aliases, table.concat(acme:get("merged_from"), ","))
print(graph:entity("acme2").id)                       -- the old id finds acme
graph:unmerge(report.id)
print(graph:entity("acme2").name, #graph:merges())
