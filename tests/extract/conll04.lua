-- conll04.lua -- how well erg extract finds the entities and the typed
-- relations of CoNLL04 (Roth & Yih 2004): news sentences annotated with
-- people, organisations, places (and "Other") and the relations Work_For,
-- Kill, OrgBased_In, Live_In and Located_In.
--
--   erg run tests/extract/conll04.lua DATA.json [--gazetteer GRAPH] [--list] [--limit N]
--
-- DATA.json: a split in the JSON shape TablERT ships (a list of
-- {tokens = {...}, tags = {"B-Peop", "I-Peop", "L-Peop", "U-Loc", "O"...},
-- relations = {{head = I, tail = J, type = T}}}, head and tail counting the
-- entities in text order from 0), or SpERT's ({entities = {{start, end,
-- type}}, relations = ...}).  Each sentence is one article: its tokens
-- joined by spaces, read with --lines each and no gazetteer (or GRAPH's
-- names with --gazetteer, to see what a graph's names add or leak).
--
-- Scoring is the usual strict one: an entity counts when its token span
-- and its type are right; a relation when both ends' spans, both ends'
-- types and the relation's type are right.  "Other" (nationalities,
-- events, titles of works) has no erg type and is left out of both sides.
-- erg's types map to CoNLL04's as below.  Prints precision, recall and F1
-- for entities and relations, overall and by type; --list adds every miss
-- and every false positive.

local root = (arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../.."
table.insert(package.searchers, 2, function(name)
  local rest = name:match("^extract%.([%w_]+)$")
  if not rest then return nil end
  local path = root .. "/lua/extract/" .. rest .. ".lua"
  return assert(loadfile(path, "t")), path
end)
local P = require "extract.pipeline"

local path, gazetteer_path, list, limit
do
  local i = 1
  while arg[i] do
    local a = arg[i]
    if a == "--list" then list = true
    elseif a == "--gazetteer" then i = i + 1; gazetteer_path = arg[i]
    elseif a == "--limit" then i = i + 1; limit = tonumber(arg[i])
    elseif not path then path = a
    else io.stderr:write("conll04.lua: unexpected argument '" .. a .. "'\n"); os.exit(2) end
    i = i + 1
  end
end
if not path then
  io.stderr:write("usage: erg run tests/extract/conll04.lua DATA.json [--gazetteer GRAPH] [--list] [--limit N]\n")
  os.exit(2)
end

-- erg's entity types as CoNLL04's
local entity_map = {
  person = "Peop",
  place = "Loc", country = "Loc", facility = "Loc",
  organization = "Org", company = "Org", government_body = "Org", court = "Org", legislature = "Org",
  media_org = "Org", group = "Org", sports_team = "Org", investor_group = "Org",
}
-- erg's relationship types as CoNLL04's: {type, swap ends?}; located_in
-- from an organisation is OrgBased_In, part_of from a person (a
-- spokesperson, an employee) Work_For.
local function relation_map(typ, from_type)
  if typ == "works_for" or typ == "leads" or (typ == "part_of" and from_type == "Peop") then return "Work_For", false end
  if typ == "employs" then return "Work_For", true end
  if typ == "based_in" then return "OrgBased_In", false end
  if typ == "lives_in" then return "Live_In", false end
  if typ == "located_in" then return from_type == "Org" and "OrgBased_In" or "Located_In", false end
  if typ == "killed" then return "Kill", false end
  return nil
end

local f = assert(io.open(path, "rb"))
local data, err = erg.json.decode(f:read("a"))
f:close()
if not data then io.stderr:write(path .. ":" .. err .. "\n"); os.exit(2) end

-- The gold entities of a sentence: {first =, last = (tokens, 1-based), type =}.
local function gold_entities(s)
  local out = {}
  if s.entities then
    for _, e in ipairs(s.entities) do out[#out + 1] = {first = e.start + 1, last = e["end"], type = e.type} end
    return out
  end
  local start
  for i, t in ipairs(s.tags) do
    local b, typ = t:match("^(%u)%-(.+)$")
    if b == "U" then out[#out + 1] = {first = i, last = i, type = typ}
    elseif b == "B" then start = i
    elseif b == "L" then out[#out + 1] = {first = start, last = i, type = typ} end
  end
  return out
end

local function counter() return {tp = 0, pred = 0, gold = 0} end
local E, R = {all = counter()}, {all = counter()}
local function count(t, typ, field)
  t.all[field] = t.all[field] + 1
  t[typ] = t[typ] or counter()
  t[typ][field] = t[typ][field] + 1
end

local gz = gazetteer_path and erg.load(gazetteer_path) or nil
local rules = P.compile_rules(require "extract.rules", "extract/rules.lua")
local shown = {}
local by_rule = {} -- rule name -> {right, found}

for n, s in ipairs(data) do
  if limit and n > limit then break end
  -- the text and where each token is in it
  local parts, at, pos = {}, {}, 1
  local by_first, by_last = {}, {}
  for i, tok in ipairs(s.tokens) do
    -- "Garfield 's": the possessive written as news writes it
    if i > 1 and tok == "'s" then
      pos = pos - 1
      parts[#parts] = parts[#parts] .. tok
    else
      parts[#parts + 1] = tok
    end
    at[i] = {pos, pos + #tok - 1}
    by_first[pos], by_last[pos + #tok - 1] = i, i
    pos = pos + #tok + 1
  end
  local text = table.concat(parts, " ")
  local function span_text(a, b) return text:sub(at[a][1], at[b][2]) end
  local gold = {}
  for _, e in ipairs(gold_entities(s)) do
    if e.type ~= "Other" then
      gold[e.first .. ":" .. e.last] = e
      count(E, e.type, "gold")
    end
  end
  local run = P.new{gazetteer = gz, rules = rules}
  local doc = P.add_document(run, "s" .. n, text, {lines = "each"})
  -- predicted entities: each mention's span (in tokens) and type
  local pred, spans_of = {}, {}
  for _, m in ipairs(doc.mentions) do
    local typ = entity_map[m.entity.type]
    -- CoNLL04 keeps a sentence's final dot in the last token ("Commission.")
    local a, b = by_first[m.first], by_last[m.last] or (text:sub(m.last + 1, m.last + 1) == "." and by_last[m.last + 1])
    -- "the company" and its like are no names: CoNLL04 marks none
    if m.found_by == "anaphora" then typ = nil end
    if typ and a and b then
      local k = a .. ":" .. b
      spans_of[m.entity] = spans_of[m.entity] or {}
      spans_of[m.entity][#spans_of[m.entity] + 1] = k
      if not pred[k] then
        pred[k] = typ
        count(E, typ, "pred")
        local g = gold[k]
        if g and g.type == typ then count(E, typ, "tp")
        elseif list then shown[#shown + 1] = ("%d\tentity+\t%s\t%s%s\t%s"):format(n, typ, span_text(a, b),
          g and (" (gold " .. g.type .. ")") or "", m.cue or m.found_by) end
      end
    elseif list and not typ and m.found_by ~= "anaphora" then
      shown[#shown + 1] = ("%d\tuntyped\t%s\t%s"):format(n, m.entity.type, text:sub(m.first, m.last))
    end
  end
  for k, g in pairs(gold) do
    if list and pred[k] ~= g.type then
      shown[#shown + 1] = ("%d\tentity-\t%s\t%s"):format(n, g.type, span_text(g.first, g.last))
    end
  end
  -- gold relations, by "head rel tail" span keys
  local ents = gold_entities(s)
  local gold_rel = {}
  for _, r in ipairs(s.relations) do
    local h, t = ents[r.head + 1], ents[r.tail + 1]
    local k = h.first .. ":" .. h.last .. " " .. r.type .. " " .. t.first .. ":" .. t.last
    gold_rel[k] = {h = h, t = t, type = r.type}
    count(R, r.type, "gold")
  end
  local seen = {}
  for _, r in ipairs(P.relationships(run)) do
    local ft = entity_map[r.from.type]
    local typ, swap = relation_map(r.type, ft)
    local a, b = r.from, r.to
    if swap then a, b = b, a end
    local ta, tb = entity_map[a.type], entity_map[b.type]
    if typ and spans_of[a] and spans_of[b] then
      -- the claim holds for one pair of the ends' mentions: the gold one if any
      local hit
      for _, ka in ipairs(spans_of[a]) do
        for _, kb in ipairs(spans_of[b]) do
          local k = ka .. " " .. typ .. " " .. kb
          local g = gold_rel[k]
          if g and g.h.type == ta and g.t.type == tb and not seen[k] then hit = k end
        end
      end
      local k = hit or (spans_of[a][1] .. " " .. typ .. " " .. spans_of[b][1])
      if not seen[k] then
        seen[k] = true
        count(R, typ, "pred")
        local rn = r.evidence[1].rule
        by_rule[rn] = by_rule[rn] or {0, 0}
        by_rule[rn][2] = by_rule[rn][2] + 1
        if hit then by_rule[rn][1] = by_rule[rn][1] + 1 end
        if hit then count(R, typ, "tp")
        elseif list then
          shown[#shown + 1] = ("%d\trel+\t%s %s %s\t(%s)"):format(n, a.name, typ, b.name, r.evidence[1].rule)
        end
      end
    end
  end
  for k, g in pairs(gold_rel) do
    if list and not seen[k] then
      -- "(ends found)": both ends were found with their types, only the relation was missed
      local ends = pred[g.h.first .. ":" .. g.h.last] == g.h.type and pred[g.t.first .. ":" .. g.t.last] == g.t.type
      shown[#shown + 1] = ("%d\trel-\t%s %s %s%s"):format(n, span_text(g.h.first, g.h.last), g.type,
                                                        span_text(g.t.first, g.t.last), ends and "\t(ends found)" or "")
    end
  end
end

local function line(label, c)
  local p = c.pred > 0 and c.tp / c.pred or 0
  local r = c.gold > 0 and c.tp / c.gold or 0
  local f1 = p + r > 0 and 2 * p * r / (p + r) or 0
  print(("%-12s P %.3f  R %.3f  F1 %.3f  (%d right of %d found, %d annotated)"):format(label, p, r, f1, c.tp,
    c.pred, c.gold))
end
local function report(title, t, types)
  print(title)
  line("  all", t.all)
  for _, typ in ipairs(types) do line("  " .. typ, t[typ] or counter()) end
end
table.sort(shown, function(x, y)
  local a, b = tonumber(x:match("^%d+")), tonumber(y:match("^%d+"))
  if a ~= b then return a < b end
  return x < y
end)
for _, l in ipairs(shown) do print(l) end
if list then
  local names = {}
  for k in pairs(by_rule) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do print(("rule\t%s\t%d right of %d"):format(k, by_rule[k][1], by_rule[k][2])) end
end
print(("%s: %d sentences"):format(path:match("[^/]*$"), limit and math.min(limit, #data) or #data))
report("entities", E, {"Peop", "Org", "Loc"})
report("relations", R, {"Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In"})
