-- evaluate.lua -- how well an extracted graph recovers a reference graph.
--
--   erg run tests/extract/evaluate.lua EXTRACTED REFERENCE [--list]
--
-- Both are graphs erg can read (CSV directories).  A relationship matches
-- when a reference relationship has the same type and ends (either way
-- round for undirected types); each reference relationship matches at
-- most one extracted one.  mentioned_with links are weak co-occurrence
-- links, not claims: they are left out of precision and recall and only
-- counted in the "linked pairs" line.  Prints precision and recall over:
--   all        every reference relationship
--   reported   those the reference cites to a report (not only to
--              editorial background, which no article states)
--   same ents  those between two entities the extraction found
-- and with --list the matches, misses and extra relationships.

local extracted_path, reference_path = arg[1], arg[2]
local list = arg[3] == "--list"
if not extracted_path or not reference_path then
  io.stderr:write("usage: erg run evaluate.lua EXTRACTED REFERENCE [--list]\n")
  os.exit(2)
end
local X = erg.load(extracted_path)
local R = erg.load(reference_path)

local undirected = {partnered_with = true, negotiates_with = true, mentioned_with = true}

local function key(r)
  local a, b = r.from.id, r.to.id
  if undirected[r.type] and b < a then a, b = b, a end
  return a .. " " .. r.type .. " " .. b
end

local function pair(r)
  local a, b = r.from.id, r.to.id
  if b < a then a, b = b, a end
  return a .. " -- " .. b
end

local function background_only(r)
  local s = r:get("source")
  if type(s) ~= "table" then s = {s} end
  for _, x in ipairs(s) do
    if x ~= "editor-background" then return false end
  end
  return #s > 0
end

local found = {}
for e in X:entities() do found[e.id] = true end

local xs, weak = {}, {}
for r in X:relationships() do
  if r.type == "mentioned_with" then weak[#weak + 1] = r else xs[#xs + 1] = r end
end

-- multiset of extracted keys
local avail = {}
for _, r in ipairs(xs) do avail[key(r)] = (avail[key(r)] or 0) + 1 end

local groups = {all = {n = 0, hit = 0}, reported = {n = 0, hit = 0}, same = {n = 0, hit = 0}}
local hits, misses, used = {}, {}, {}
for r in R:relationships() do
  local k = key(r)
  local ok = (avail[k] or 0) > 0
  if ok then
    avail[k] = avail[k] - 1
    used[k] = (used[k] or 0) + 1
    hits[#hits + 1] = k
  else
    misses[#misses + 1] = k .. (background_only(r) and "   (background)" or "")
  end
  local function count(g) g.n = g.n + 1; if ok then g.hit = g.hit + 1 end end
  count(groups.all)
  if not background_only(r) then count(groups.reported) end
  if found[r.from.id] and found[r.to.id] then count(groups.same) end
end

local extra = {}
local seen = {}
for _, r in ipairs(xs) do
  local k = key(r)
  seen[k] = (seen[k] or 0) + 1
  if seen[k] > (used[k] or 0) then extra[#extra + 1] = k end
end

local matched = #hits
local function pct(a, b) return b > 0 and 100 * a / b or 0 end
print(("extracted: %d relationships (+ %d mentioned_with), %d entities; reference: %d relationships")
  :format(#xs, #weak, X:info().entities, groups.all.n))
print(("precision  %5.1f%%  (%d of %d extracted relationships are in the reference)")
  :format(pct(matched, #xs), matched, #xs))
for _, g in ipairs({{"all", "every reference relationship"}, {"reported", "reference relationships a report states"},
                    {"same", "reference relationships between entities the extraction found"}}) do
  local s = groups[g[1]]
  print(("recall     %5.1f%%  (%d of %d %s)"):format(pct(s.hit, s.n), s.hit, s.n, g[2]))
end
-- pairs linked at all (any type, any direction, mentioned_with included)
local xp = {}
for r in X:relationships() do xp[pair(r)] = true end
local rp, rn, rh = {}, 0, 0
for r in R:relationships() do
  if not rp[pair(r)] then
    rp[pair(r)] = true
    rn = rn + 1
    if xp[pair(r)] then rh = rh + 1 end
  end
end
print(("linked     %5.1f%%  (%d of %d reference entity pairs joined by some extracted link)"):format(pct(rh, rn), rh, rn))

if list then
  table.sort(hits) table.sort(misses) table.sort(extra)
  print("\nmatched:") for _, k in ipairs(hits) do print("  " .. k) end
  print("\nmissed:") for _, k in ipairs(misses) do print("  " .. k) end
  print("\nextra (not in the reference):") for _, k in ipairs(extra) do print("  " .. k) end
end
