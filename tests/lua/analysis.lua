-- analysis.lua -- g:rank, g:communities, g:components, g:path, g:paths and
-- g:ego: their values against `erg rank` and against what is counted or
-- searched here in Lua, write= round trips, the error messages, deleted
-- entities, and the sandbox's step budget on a big generated graph.
-- Run by tests/cli/lua.sh as: erg run tests/lua/analysis.lua TMPDIR
-- ($ERG names the erg binary; without it, bin/erg of this tree.)
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")
local tmp = assert(arg[1], "usage: erg run analysis.lua TMPDIR")
local ERG = os.getenv("ERG") or ((arg[0]:match("^(.*/)") or "./") .. "../../bin/erg")

-- ---- helpers -------------------------------------------------------------------
local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Runs erg with args (a list); returns stdout, the first line of stderr
-- and the exit status.
local function erg_cli(args)
  local words = {q(ERG)}
  for _, a in ipairs(args) do words[#words + 1] = q(a) end
  local errf = tmp .. "/stderr"
  local p = assert(io.popen(table.concat(words, " ") .. " 2>" .. q(errf)))
  local out = p:read("a")
  local _, _, status = p:close()
  local f = io.open(errf)
  local err = f and f:read("l") or ""
  if f then f:close() end
  return out, err, status
end

-- The rows of a CSV text (quoted fields allowed), without the header.
local function csv_rows(text)
  local rows, header = {}, nil
  for line in text:gmatch("[^\n]+") do
    local row, pos = {}, 1
    while pos <= #line + 1 do
      if line:sub(pos, pos) == '"' then
        local val, i = {}, pos + 1
        while true do
          local c = line:sub(i, i)
          if c == '"' and line:sub(i + 1, i + 1) == '"' then val[#val + 1] = '"'; i = i + 2
          elseif c == '"' then i = i + 1; break
          else val[#val + 1] = c; i = i + 1 end
        end
        row[#row + 1] = table.concat(val)
        pos = i + 1
      else
        local stop = line:find(",", pos, true) or #line + 1
        row[#row + 1] = line:sub(pos, stop - 1)
        pos = stop + 1
      end
    end
    if not header then
      header = row
    else
      local r = {}
      for i, name in ipairs(header) do r[name] = row[i] end
      rows[#rows + 1] = r
    end
  end
  return rows
end

-- Scores as id -> number ("nan" for NaN), from g:rank.
local function score_map(list)
  local m = {}
  for _, r in ipairs(list) do m[r.entity.id] = r.score ~= r.score and "nan" or r.score end
  return m
end

-- The same from `erg rank ... --format csv --top 0` (igraph's warnings
-- may go to stderr).
local function cli_scores(args)
  local full = {}
  for _, a in ipairs(args) do full[#full + 1] = a end
  for _, a in ipairs{"--format", "csv", "--top", "0"} do full[#full + 1] = a end
  local out, err, status = erg_cli(full)
  T.eq("erg " .. table.concat(args, " ") .. ": status", status, 0)
  local m = {}
  for _, r in ipairs(csv_rows(out)) do m[r.id] = r.score == "nan" and "nan" or tonumber(r.score) end
  return m
end

-- got and want hold the same ids, with scores equal to 1e-12 relative
-- (iterative solvers may differ in the last bits between runs).
local function close(name, got, want)
  local bad = {}
  for id, x in pairs(want) do
    local y = got[id]
    local ok = y ~= nil and (x == "nan" and y == "nan" or
      type(x) == "number" and type(y) == "number" and math.abs(x - y) <= 1e-12 * math.max(math.abs(x), math.abs(y)))
    if not ok then bad[#bad + 1] = ("%s: %s, wanted %s"):format(id, tostring(y), tostring(x)) end
  end
  for id in pairs(got) do if want[id] == nil then bad[#bad + 1] = id .. ": not wanted" end end
  T.ok(name, #bad == 0, table.concat(bad, "\n"))
end

local function high_to_low(list)
  for i = 2, #list do
    local a, b = list[i - 1].score, list[i].score
    if b == b and not (a >= b) then return false end
  end
  return true
end

local function ids(list)
  local out = {}
  for i, e in ipairs(list) do out[i] = e.id end
  return out
end

local function sorted(t)
  table.sort(t)
  return t
end

-- ---- g:rank against `erg rank` -------------------------------------------------
local g = graph
local n_entities = g:info().entities
local measures = {"degree", "strength", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector",
                  "hub", "authority", "coreness"}
for _, m in ipairs(measures) do
  local list = g:rank(m)
  close("rank " .. m .. ": as erg rank", score_map(list), cli_scores{"rank", "--by", m})
  T.ok("rank " .. m .. ": high to low, NaN last", high_to_low(list))
end
close("rank pagerank, mode all: as erg rank", score_map(g:rank("pagerank", {mode = "all"})),
      cli_scores{"rank", "--by", "pagerank", "--mode", "all"})
close("rank betweenness, normalized: as erg rank", score_map(g:rank("betweenness", {normalized = true})),
      cli_scores{"rank", "--by", "betweenness", "--normalized"})
close("rank degree, mode in, companies: as erg rank",
      score_map(g:rank("degree", {mode = "in", types = {"company"}})),
      cli_scores{"rank", "--by", "degree", "--mode", "in", "--restrict-types", "company"})
close("rank pagerank, damping, personal: as erg rank",
      score_map(g:rank("pagerank", {damping = 0.5, personal = {"ice", g:entity("dhs")}})),
      cli_scores{"rank", "--by", "pagerank", "--damping", "0.5", "--personal", "ice", "--personal", "dhs"})
close("rank closeness, supplies and develops only: as erg rank",
      score_map(g:rank("closeness", {rel_types = {"supplies", "develops"}, mode = "all"})),
      cli_scores{"rank", "--by", "closeness", "--rel-type", "supplies,develops", "--mode", "all"})

-- ---- g:rank against counting and summing in Lua -------------------------------
-- degree: every relationship counts once at each end (a self-loop twice);
-- out / in: along / against its direction, an undirected one both ways.
local function count_degrees(gr)
  local all, out, inn = {}, {}, {}
  for e in gr:entities() do all[e.id], out[e.id], inn[e.id] = 0, 0, 0 end
  for r in gr:relationships() do
    local a, b = r.from.id, r.to.id
    all[a] = all[a] + 1
    all[b] = all[b] + 1
    out[a], inn[b] = out[a] + 1, inn[b] + 1
    if not r.directed and a ~= b then out[b], inn[a] = out[b] + 1, inn[a] + 1 end
  end
  return all, out, inn
end
local function as_map(list)
  local m = {}
  for _, r in ipairs(list) do m[r.entity.id] = r.score end
  return m
end
local all, out, inn = count_degrees(g)
T.eq("rank degree: counted", as_map(g:rank("degree")), all)
T.eq("rank degree, mode out: counted", as_map(g:rank("degree", {mode = "out"})), out)
T.eq("rank degree, mode in: counted", as_map(g:rank("degree", {mode = "in"})), inn)
T.eq("rank degree: every entity", #g:rank("degree"), n_entities)
T.eq("rank degree: integers", math.type(g:rank("degree")[1].score), "integer")
T.eq("rank pagerank: floats", math.type(g:rank("pagerank")[1].score), "float")
local top3 = g:rank("degree", {top = 3})
local deg_list = g:rank("degree")
T.eq("rank top=3: the first three", {top3[1], top3[2], top3[3], top3[4]}, {deg_list[1], deg_list[2], deg_list[3], nil})
T.eq("rank top=0: all", #g:rank("degree", {top = 0}), n_entities)
local pr = g:rank("pagerank")
local sum = 0
for _, r in ipairs(pr) do sum = sum + r.score end
T.ok("rank pagerank: sums to 1", math.abs(sum - 1) < 1e-12, tostring(sum))

-- a generated weighted graph with parallel relationships, a self-loop and
-- undirected relationships, against erg rank -g and sums in Lua
local w = erg.new()
for i = 1, 12 do w:add_entity{id = "n" .. i, type = i % 3 == 0 and "hub" or "node"} end
local k = 0
for i = 1, 12 do
  for _, j in ipairs{i % 12 + 1, (i * 5) % 12 + 1} do
    k = k + 1
    w:add_relationship{from = "n" .. i, to = "n" .. j, type = k % 4 == 0 and "b" or "a",
                       directed = k % 3 ~= 0, w = (k * 7) % 5 + 0.5}
  end
end
w:add_relationship{from = "n1", to = "n2", type = "a", w = 2.25} -- parallel
w:add_relationship{from = "n4", to = "n4", type = "a", w = 1.0}  -- self-loop
w:save(tmp .. "/weighted")
for _, m in ipairs{"strength", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector"} do
  close("rank " .. m .. ", weighted: as erg rank",
        score_map(w:rank(m, {weight = "w"})), cli_scores{"-g", tmp .. "/weighted", "rank", "--by", m, "--weight", "w"})
end
local wall = count_degrees(w)
T.eq("rank degree with a self-loop: counted", as_map(w:rank("degree")), wall)
local strength = {}
for e in w:entities() do strength[e.id] = 0.0 end
for r in w:relationships() do
  strength[r.from.id] = strength[r.from.id] + r:get("w")
  strength[r.to.id] = strength[r.to.id] + r:get("w")
end
T.eq("rank strength, weighted: summed", as_map(w:rank("strength", {weight = "w"})), strength)

-- ---- write= ----------------------------------------------------------------------------
local scores = g:rank("pagerank", {write = "pr", top = 2})
T.eq("write: top does not limit what is written", #scores, 2)
local same, floats = true, true
for _, r in ipairs(g:rank("pagerank")) do
  same = same and r.entity:get("pr") == r.score
  floats = floats and math.type(r.entity:get("pr")) == "float"
end
T.ok("write pagerank: every score stored", same)
T.ok("write pagerank: floats", floats)
g:rank("degree", {write = "deg"})
local deg_ok = true
for id, d in pairs(all) do deg_ok = deg_ok and g:entity(id):get("deg") == d end
T.ok("write degree: the counts", deg_ok)
local schema = {}
for _, c in ipairs(g:schema("entity")) do schema[c.name] = c.type end
T.eq("write: float attributes", {schema.pr, schema.deg}, {"float", "float"})
-- closeness has no score for an entity that reaches nobody: none is written
local cl = g:rank("closeness", {write = "cl"})
local nan_ok = true
for _, r in ipairs(cl) do
  if r.score ~= r.score then nan_ok = nan_ok and r.entity:get("cl") == nil
  else nan_ok = nan_ok and r.entity:get("cl") == r.score end
end
T.ok("write closeness: NaN scores leave no value", nan_ok)
-- all or nothing: a string attribute refuses floats, and nothing changed
local countries = {}
for e in g:entities() do countries[e.id] = e:get("country") end
T.err("write into a string attribute", "attribute 'country' holds string values, not float",
      g.rank, g, "degree", {write = "country"})
local after = {}
for e in g:entities() do after[e.id] = e:get("country") end
T.eq("write into a string attribute: nothing changed", after, countries)
T.err("write into a field", "'name' is not an attribute of an entity: it is one of its fields",
      g.rank, g, "degree", {write = "name"})
-- only the view's entities are written
local h = erg.new()
h:add_entity{id = "x", type = "a", old = 5}
h:add_entity{id = "y", type = "b", old = 7}
h:add_relationship{from = "x", to = "y", type = "r"}
T.err("write a float into an int attribute", "attribute 'old' holds int values, not float",
      h.rank, h, "degree", {write = "old"})
h:communities("louvain", {write = "old", types = {"a"}})
T.eq("write an int, only the view: x written, y kept", {h:entity("x"):get("old"), h:entity("y"):get("old")}, {1, 7})

-- ---- components ------------------------------------------------------------------------
-- weak components by union-find over g:relationships()
local parent = {}
local function find(x)
  while parent[x] ~= x do x = parent[x] end
  return x
end
for e in g:entities() do parent[e.id] = e.id end
for r in g:relationships() do parent[find(r.from.id)] = find(r.to.id) end
local groups = {}
for e in g:entities() do
  local root = find(e.id)
  groups[root] = groups[root] or {}
  table.insert(groups[root], e.id)
end
local want_comps = {}
for _, members in pairs(groups) do want_comps[#want_comps + 1] = table.concat(sorted(members), ",") end
local comps = g:components()
local got_comps, by_size = {}, true
for i, c in ipairs(comps) do
  got_comps[#got_comps + 1] = table.concat(sorted(ids(c)), ",")
  if i > 1 then by_size = by_size and #comps[i - 1] >= #c end
end
T.eq("components: as union-find", sorted(got_comps), sorted(want_comps))
T.ok("components: largest first", by_size)
T.eq("components weak: the default", #g:components("weak"), #comps)
local s = erg.new()
for _, id in ipairs{"a", "b", "c", "d", "e"} do s:add_entity{id = id, type = "t"} end
for _, p in ipairs{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"d", "a"}} do s:add_relationship{from = p[1], to = p[2], type = "r"} end
s:add_relationship{from = "d", to = "e", type = "u", directed = false}
local strong = s:components("strong")
T.eq("components strong: a cycle, then the rest", {ids(strong[1]), #strong}, {{"a", "b", "c"}, 2})
T.eq("components strong: an undirected relationship binds both ways", sorted(ids(strong[2])), {"d", "e"})
s:components("strong", {write = "scc"})
T.eq("components write", {s:entity("a"):get("scc"), s:entity("e"):get("scc")}, {1, 2})
local view = s:components("weak", {rel_types = {"r"}})
T.eq("components: a view", {ids(view[1]), ids(view[2]), view[3]}, {{"a", "b", "c", "d"}, {"e"}, nil})

-- ---- communities -----------------------------------------------------------------------
-- modularity from the partition, recomputed here: sum over communities of
-- L_c / m - (d_c / 2m)^2 (each relationship one undirected link)
local function modularity(gr, comm)
  local of, m = {}, 0
  for c, members in ipairs(comm) do for _, e in ipairs(members) do of[e.id] = c end end
  local inside, degree = {}, {}
  for r in gr:relationships() do
    local a, b = of[r.from.id], of[r.to.id]
    m = m + 1
    degree[a] = (degree[a] or 0) + 1
    degree[b] = (degree[b] or 0) + 1
    if a == b then inside[a] = (inside[a] or 0) + 1 end
  end
  local qsum = 0
  for c in ipairs(comm) do qsum = qsum + (inside[c] or 0) / m - ((degree[c] or 0) / (2 * m)) ^ 2 end
  return qsum
end
local function cli_communities(args)
  local out, err, status = erg_cli(args)
  T.eq("erg " .. table.concat(args, " ") .. ": status", {status, err}, {0, ""})
  local list = {}
  for _, r in ipairs(csv_rows(out)) do
    local c = tonumber(r.community)
    list[c] = list[c] or {}
    table.insert(list[c], r.id)
  end
  return list
end
local function id_lists(comm)
  local out = {}
  for i, c in ipairs(comm) do out[i] = ids(c) end
  return out
end
for _, method in ipairs{"louvain", "leiden", "walktrap"} do
  local c = g:communities(method, {seed = 7})
  T.eq("communities " .. method .. ": as erg communities", id_lists(c),
       cli_communities{"communities", "--method", method, "--seed", "7", "--format", "csv"})
  T.ok("communities " .. method .. ": modularity recomputed",
       math.abs(c.modularity - modularity(g, c)) < 1e-12, ("%s vs %s"):format(c.modularity, modularity(g, c)))
  local seen, every = {}, true
  for _, members in ipairs(c) do for _, e in ipairs(members) do every = every and not seen[e]; seen[e] = true end end
  local count = 0
  for _ in pairs(seen) do count = count + 1 end
  T.ok("communities " .. method .. ": every entity once", every and count == n_entities)
end
T.eq("communities: louvain by default", id_lists(g:communities()), id_lists(g:communities("louvain")))
T.eq("communities: same seed, same answer", id_lists(g:communities("leiden", {seed = 3})),
     id_lists(g:communities("leiden", {seed = 3})))
local wc = w:communities("walktrap", {weight = "w", write = "wc"})
T.eq("communities weighted: as erg communities", id_lists(wc),
     cli_communities{"-g", tmp .. "/weighted", "communities", "--method", "walktrap", "--weight", "w", "--format", "csv"})
local wc_ok = true
for c, members in ipairs(wc) do for _, e in ipairs(members) do wc_ok = wc_ok and e:get("wc") == c end end
T.ok("communities write: the community numbers", wc_ok)
T.eq("communities write: ints", math.type(w:entity("n1"):get("wc")), "integer")
local lone = erg.new()
lone:add_entity{id = "solo", type = "t"}
T.eq("communities without relationships: no modularity", lone:communities("louvain").modularity, nil)

-- ---- path ------------------------------------------------------------------------------
-- breadth-first distances ignoring direction, from a
local function bfs(gr, a)
  local dist, queue = {[a.id] = 0}, {a}
  for _, e in ipairs(queue) do
    for r in e:both() do
      local o = r:other(e)
      if not dist[o.id] then dist[o.id] = dist[e.id] + 1; queue[#queue + 1] = o end
    end
  end
  return dist
end
-- a path must chain from a to b, each hop along its relationship
local function valid(p, a, b)
  local at = a
  for _, hop in ipairs(p) do
    local r = hop.rel
    if hop.from ~= at then return false end
    if hop.dir == "forward" and not (r.directed and r.from == hop.from and r.to == hop.to) then return false end
    if hop.dir == "backward" and not (r.directed and r.to == hop.from and r.from == hop.to) then return false end
    if hop.dir == "undirected" and (r.directed or r:other(hop.from) ~= hop.to) then return false end
    at = hop.to
  end
  return at == b
end
local ms = g:entity("microsoft")
local dist = bfs(g, ms)
local all_ok = true
for e in g:entities() do
  local p, msg = g:path(ms, e)
  if dist[e.id] then all_ok = all_ok and p ~= nil and #p == dist[e.id] and p.length == #p and valid(p, ms, e)
  else all_ok = all_ok and p == nil and msg == ("no path from 'microsoft' to '%s'"):format(e.id) end
end
T.ok("path: from microsoft to every entity, as breadth-first search", all_ok)
local p = g:path("microsoft", "ICE")
T.eq("path microsoft ice", {#p, p.length, p[1].rel.id, p[1].from, p[1].to, p[1].dir},
     {1, 1, "r-microsoft-supplies-ice", ms, g:entity("ice"), "forward"})
local csv = csv_rows((erg_cli{"path", "microsoft", "ice", "--each", "--format", "csv"}))
T.eq("path: as erg path", {#csv, csv[1].relationship, csv[1].direction}, {#p, p[1].rel.id, p[1].dir})
local back = g:path("ice", "microsoft", {mode = "all"})
T.eq("path against a relationship", {#back, back[1].dir, back[1].from.id}, {1, "backward", "ice"})
T.eq("path to itself", g:path("ice", "ice"), {length = 0})
local nop, why = g:path("ice", "microsoft", {mode = "out", rel_types = {"part_of"}})
T.eq("path: none", {nop, why}, {nil, "no path from 'ice' to 'microsoft' following relationship direction"})
-- weighted: Dijkstra in Lua over the generated graph, any direction
local function dijkstra(gr, a)
  local d, done = {[a] = 0}, {}
  while true do
    local best
    for id, x in pairs(d) do if not done[id] and (not best or x < d[best]) then best = id end end
    if not best then return d end
    done[best] = true
    for r in gr:entity(best):both() do
      local o = r:other(gr:entity(best)).id
      local nd = d[best] + r:get("w")
      if not d[o] or nd < d[o] then d[o] = nd end
    end
  end
end
local wd = dijkstra(w, "n1")
local wok = true
for e in w:entities() do
  local wp = w:path("n1", e, {weight = "w"})
  local total = 0.0
  for _, hop in ipairs(wp) do total = total + hop.rel:get("w") end
  wok = wok and math.abs(wp.length - wd[e.id]) < 1e-12 and total == wp.length and valid(wp, w:entity("n1"), e)
end
T.ok("path weighted: as Dijkstra", wok)
T.eq("path weighted: a float length", math.type(w:path("n1", "n2", {weight = "w"}).length), "float")

-- ---- paths -----------------------------------------------------------------------------
-- every simple path of at most 2 hops, by depth-first search in Lua
local function simple_paths(a, b, max)
  local found = {}
  local function walk(e, seen, rels)
    if e == b then found[#found + 1] = table.concat(rels, " "); return end
    if #rels == max then return end
    for r in e:both() do
      local o = r:other(e)
      if not seen[o] then
        seen[o] = true
        rels[#rels + 1] = r.id
        walk(o, seen, rels)
        rels[#rels] = nil
        seen[o] = nil
      end
    end
  end
  walk(a, {[a] = true}, {})
  return found
end
local ice = g:entity("ice")
local ps = g:paths(ms, "ice", {max_hops = 2})
local got, shortest_first, every_valid = {}, true, true
for i, path in ipairs(ps) do
  local rels = {}
  for _, hop in ipairs(path) do rels[#rels + 1] = hop.rel.id end
  got[#got + 1] = table.concat(rels, " ")
  every_valid = every_valid and valid(path, ms, ice) and path.length == #path
  if i > 1 then shortest_first = shortest_first and #ps[i - 1] <= #path end
end
T.eq("paths: as depth-first search", sorted(got), sorted(simple_paths(ms, ice, 2)))
T.ok("paths: valid, shortest first", every_valid and shortest_first)
T.eq("paths: not truncated", ps.truncated, false)
local few = g:paths(ms, "ice", {max_hops = 2, max_paths = 3})
T.eq("paths: max_paths", {#few, few.truncated}, {3, true})
T.eq("paths: default max_hops 4", #g:paths(ms, "ice"), #simple_paths(ms, ice, 4))
T.eq("paths: to itself", g:paths("ice", "ice"), {truncated = false})

-- ---- ego -------------------------------------------------------------------------------
local ego = g:ego("ice", 1)
local want_ents, want_rels = {ice = true}, {}
for r in ice:both() do want_ents[r:other(ice).id] = true end
for r in g:relationships() do
  if want_ents[r.from.id] and want_ents[r.to.id] then want_rels[#want_rels + 1] = r.id end
end
local want_ids = {}
for id in pairs(want_ents) do want_ids[#want_ids + 1] = id end
local got_ids, got_rels = {}, {}
for e in ego:entities() do got_ids[#got_ids + 1] = e.id end
for r in ego:relationships() do got_rels[#got_rels + 1] = r.id end
T.eq("ego: the neighbours", sorted(got_ids), sorted(want_ids))
T.eq("ego: the relationships among them", sorted(got_rels), sorted(want_rels))
T.eq("ego: a graph of its own", {ego:entity("ice").name, ego:entity("ice") ~= ice}, {ice.name, true})
T.eq("ego: hops 0", ego:ego("ice", 0):info().entities, 1)
T.eq("ego: default 1 hop", g:ego(ice):info(), ego:info())
ego:delete("ice")
T.eq("ego: changing it leaves the graph alone", g:entity("ice").id, "ice")

-- ---- errors ----------------------------------------------------------------------------
T.err("rank: unknown measure", "rank: unknown measure 'fame' (degree, strength, betweenness, closeness, " ..
      "harmonic, pagerank, eigenvector, hub, authority, coreness)", g.rank, g, "fame")
T.err("rank: no measure", "bad argument #1 to 'rank' (string expected, got no value)", function() return g:rank() end)
T.err("rank: bad mode", "rank: unknown mode 'sideways' (out, in or all)", g.rank, g, "degree", {mode = "sideways"})
T.err("path: bad mode", "path: unknown mode 'up' (out, in or all)", g.path, g, "ice", "dhs", {mode = "up"})
T.err("rank: mode not a string", "rank: 'mode' must be a string, not number", g.rank, g, "degree", {mode = 1})
T.err("rank: non-numeric weight", "weight attribute 'evidence' holds string values, not numbers",
      g.rank, g, "strength", {weight = "evidence"})
T.err("rank: unknown weight", "no relationship attribute 'heft' to use as weight", g.rank, g, "strength", {weight = "heft"})
T.err("rank: a relationship without weight", "relationship 'r-ice-part_of-dhs' has no weight 'data_tb'",
      g.rank, g, "pagerank", {weight = "data_tb"})
T.err("rank: unknown option", "rank: unknown option 'colour'", g.rank, g, "degree", {colour = "red"})
T.err("rank: option for another call", "rank: unknown option 'resolution'", g.rank, g, "degree", {resolution = 1})
T.err("rank: seed without sample", "rank: 'seed' goes with 'sample'", g.rank, g, "betweenness", {seed = 1})
T.err("rank: sample for another measure", "rank: 'sample' goes with betweenness", g.rank, g, "degree", {sample = 3})
T.err("rank: sample not positive", "rank: 'sample' must be positive", g.rank, g, "betweenness", {sample = 0})
T.err("rank: top negative", "rank: 'top' must not be negative", g.rank, g, "degree", {top = -1})
T.err("rank: top not an integer", "rank: 'top' must be an integer, not number", g.rank, g, "degree", {top = 1.5})
T.err("rank: damping", "rank: 'damping' must be between 0 and 1", g.rank, g, "pagerank", {damping = 1.5})
T.err("rank: personal elsewhere", "rank: 'personal' goes with pagerank", g.rank, g, "degree", {personal = {"ice"}})
T.err("rank: personal not entities", "rank: 'personal' must hold entities or entity ids, not number",
      g.rank, g, "pagerank", {personal = {1}})
T.err("rank: pagerank against direction", "pagerank: mode 'in' is not supported (use out or both)",
      g.rank, g, "pagerank", {mode = "in"})
T.err("rank: unknown type", "no entity has type 'compnay'", g.rank, g, "degree", {types = {"compnay"}})
T.err("rank: unknown relationship type", "no relationship has type 'sells'", g.rank, g, "degree", {rel_types = "sells"})
T.err("rank: types not a list", "rank: 'types' must be a list of type names, not number", g.rank, g, "degree", {types = 5})
T.err("rank: types of strings", "rank: 'types' must hold strings, not boolean", g.rank, g, "degree", {types = {true}})
T.err("rank: a bad date", "rank: 'since' wants a date like 2025, 2025-07 or 2025-07-14, not 'July'",
      g.rank, g, "degree", {date = "date", since = "July"})
T.err("rank: a window without a date attribute",
      "rank: a date window ('since', 'until_') needs 'date', the attribute to look at",
      g.rank, g, "degree", {since = erg.date("2025")})
T.err("rank: a window on a missing attribute", "no relationship attribute 'when' to use as date",
      g.rank, g, "degree", {date = "when", until_ = "2025-07"})
T.err("rank: options not a table", "bad argument #2 to 'rank' (table expected, got string)",
      function() return g:rank("degree", "all") end)
T.err("communities: unknown method", "communities: unknown method 'magic' (louvain, leiden or walktrap)",
      g.communities, g, "magic")
T.err("communities: mode is not an option", "communities: unknown option 'mode'", g.communities, g, "louvain", {mode = "out"})
T.err("communities: resolution", "communities: 'resolution' must be a positive number", g.communities, g, "leiden",
      {resolution = 0})
T.err("communities: seed", "communities: 'seed' must not be negative", g.communities, g, "louvain", {seed = -1})
T.err("components: unknown mode", "components: unknown mode 'medium' (weak or strong)", g.components, g, "medium")
T.err("paths: max_hops", "paths: 'max_hops' must be between 1 and 63", g.paths, g, "ice", "dhs", {max_hops = 64})
T.err("paths: max_paths", "paths: 'max_paths' must be positive", g.paths, g, "ice", "dhs", {max_paths = 0})
T.err("path: an unknown entity", "no entity 'nobody'", g.path, g, "ice", "nobody")
T.err("path: an entity of another graph", "entity 'n1' belongs to another graph", g.path, g, "ice", w:entity("n1"))
T.err("path: an entity outside the view",
      "entity 'ice' is not in the analysed view (its type is filtered out)", g.path, g, "ice", "microsoft",
      {types = {"company"}})
T.err("ego: negative hops", "ego: hops must not be negative", g.ego, g, "ice", -1)

-- ---- deleted entities ------------------------------------------------------------------
local d = erg.new()
for _, id in ipairs{"a", "b", "c"} do d:add_entity{id = id, type = "t"} end
d:add_relationship{from = "a", to = "b", type = "r"}
d:add_relationship{from = "b", to = "c", type = "r"}
local gone = d:entity("c")
d:delete(gone)
local msg = "entity 'c' was deleted"
T.err("deleted: path to", msg, d.path, d, "a", gone)
T.err("deleted: path from", msg, d.path, d, gone, "a")
T.err("deleted: paths", msg, d.paths, d, "a", gone)
T.err("deleted: ego", msg, d.ego, d, gone)
T.err("deleted: personal", msg, d.rank, d, "pagerank", {personal = {"a", gone}})
T.err("deleted: by id", "no entity 'c'", d.path, d, "a", "c")
T.eq("deleted: its relationships are gone", as_map(d:rank("degree")), {a = 1, b = 1})

-- ---- the sandbox's step budget ---------------------------------------------------------
-- a ring of 3000 entities with chords: 9001 units of graph size
local big = erg.new()
local N = 3000
for i = 1, N do big:add_entity{id = "v" .. i, type = "t"} end
for i = 1, N do
  big:add_relationship{from = "v" .. i, to = "v" .. (i % N + 1), type = "r"}
  big:add_relationship{from = "v" .. i, to = "v" .. ((i * 7) % N + 1), type = "r"}
end
big:save(tmp .. "/big")
local function sandboxed(steps, code)
  local outp, err, status = erg_cli{"-g", tmp .. "/big", "eval", "--sandbox", "--max-steps", tostring(steps), code}
  return {status, err, (outp:gsub("\n$", ""))}
end
local limit = "eval:1: sandbox: step limit reached (%d steps)"
T.eq("budget: degree fits 100000 steps", sandboxed(100000, 'return #graph:rank("degree")'), {0, "", tostring(N)})
T.eq("budget: degree trips 5000 steps", sandboxed(5000, 'return #graph:rank("degree")'), {3, limit:format(5000), ""})
T.eq("budget: a loop of cheap calls trips", sandboxed(1000000, 'for i = 1, 1000 do graph:rank("degree") end'),
     {3, limit:format(1000000), ""})
T.eq("budget: betweenness costs n times the size",
     sandboxed(1000000, 'return #graph:rank("betweenness")'), {3, limit:format(1000000), ""})
T.eq("budget: walktrap costs n times the size",
     sandboxed(1000000, 'return #graph:communities("walktrap")'), {3, limit:format(1000000), ""})
T.eq("budget: louvain fits", sandboxed(1000000, 'return #graph:communities("louvain") > 0'), {0, "", "true"})
T.eq("budget: components trip", sandboxed(5000, 'return #graph:components()'), {3, limit:format(5000), ""})
T.eq("budget: path trips", sandboxed(5000, 'return graph:path("v1", "v2")'), {3, limit:format(5000), ""})
T.eq("budget: paths cost the size times max_hops",
     sandboxed(100000, 'return #graph:paths("v1", "v2", {max_hops = 63})'), {3, limit:format(100000), ""})
T.eq("budget: ego trips", sandboxed(5000, 'return graph:ego("v1", 2)'), {3, limit:format(5000), ""})
T.eq("budget: pcall does not escape it",
     sandboxed(5000, 'pcall(graph.rank, graph, "degree") print("escaped")'), {3, limit:format(5000), ""})
local big_deg = count_degrees(big)
local v1 = big:entity("v1")
local near = {v1 = true}
for r in v1:both() do near[r:other(v1).id] = true end
local n_near = 0
for _ in pairs(near) do n_near = n_near + 1 end
T.eq("sandbox: write= and ego graphs allowed",
     sandboxed(10000000, 'graph:rank("degree", {write = "d"}) return graph:entity("v1"):get("d"), graph:ego("v1", 1):info().entities'),
     {0, "", ("%.1f\n%d"):format(big_deg.v1, n_near)})

T.finish()
