-- central_organizations.lua -- which organizations hold the graph together:
-- the most central by PageRank, the brokers by betweenness, and the
-- communities they anchor.
--
--   erg run examples/central_organizations.lua [N]
--
-- Centralities are computed on the whole graph (people, products and
-- events shape who is central) and only organizations are listed.
-- Directions are ignored: a company that supplies an agency and one that
-- is supplied by it are equally connected to it.

local top = math.tointeger(tonumber(arg[1] or "5"))
local organization = {company = true, government_body = true, media_org = true, court = true,
                      legislature = true, investor_group = true}

local function label(e) return e.name or e.id end

-- The first n organizations of a ranking.
local function leaders(ranking, n)
  local out = {}
  for _, r in ipairs(ranking) do
    if #out == n then break end
    if organization[r.entity.type] then out[#out + 1] = r end
  end
  return out
end

print(("Most central organizations (PageRank, ignoring direction):"))
for i, r in ipairs(leaders(graph:rank("pagerank", {mode = "all"}), top)) do
  print(("  %d. %-48s %.4f"):format(i, label(r.entity), r.score))
end

print("\nBrokers (betweenness: shortest paths through them, ignoring direction):")
for i, r in ipairs(leaders(graph:rank("betweenness", {mode = "all"}), top)) do
  print(("  %d. %-48s %.1f"):format(i, label(r.entity), r.score))
end

-- Louvain is randomised: a seed makes the answer repeatable.  write= keeps
-- each entity's community number as its attribute "community".
local communities = graph:communities("louvain", {seed = 1, write = "community"})
print(("\nCommunities with organizations (Louvain, modularity %.4f):"):format(communities.modularity))
for k, members in ipairs(communities) do
  local orgs = {}
  for _, e in ipairs(members) do
    if organization[e.type] then orgs[#orgs + 1] = label(e) end
  end
  if #orgs > 0 then
    print(("  %d (%d entities): %s"):format(k, #members, table.concat(orgs, "; ")))
  end
end

local ice = graph:entity("ice")
local same = graph:V{type = "company"}:has("community", ice:get("community")):order("id"):values("id")
print(("\nCompanies in the community of %s: %s"):format(label(ice), table.concat(same, ", ")))
