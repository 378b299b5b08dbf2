-- extract/output.lua -- what erg extract writes: the draft graph (its
-- entities, one source per article, the relationships with their
-- provenance) and the review list.
--
-- Provenance, on each relationship (lists aligned: one element per
-- supporting sentence) and on each entity (one per article naming it):
--   found_in      string[]  source id of the article
--   sentence      int[]     sentence number in the article, from 1
--   offset_start  int[]     byte offset of the sentence's first byte, from 0
--   offset_end    int[]     byte offset just past its last byte
--   rule          string[]  the rule that fired (relationships)
-- and source (string[], the articles), evidence (the first supporting
-- sentence) and confidence (0..1, several sentences strengthen it).

local erg = erg or require "erg"
local O = {}

local function slug(s)
  local x = s:lower():gsub("[^%w]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
  return x ~= "" and x or "article"
end

local function basename(path)
  return path:match("([^/]*)$")
end

local function squash(s)
  return (s:gsub("%s+", " "))
end

-- Gives each article a source id (its file name without extension).
function O.name_sources(run, graph)
  local used = {}
  for _, doc in ipairs(run.docs) do
    local base = slug((basename(doc.name):gsub("%.[^.]*$", "")))
    local id, n = base, 1
    while used[id] do n = n + 1; id = base .. "-" .. n end
    used[id] = true
    doc.source_id = id
  end
end

local function append_unique(list, v)
  for _, x in ipairs(list) do if x == v then return list end end
  list[#list + 1] = v
  return list
end

-- The entity's object in graph, made when absent.
local function ensure(graph, ent)
  local ok, e = pcall(graph.entity, graph, ent.id)
  if ok and e and e.id == ent.id then return e end
  local aliases = {}
  for _, a in ipairs(ent.aliases or {}) do if a ~= ent.name then append_unique(aliases, a) end end
  return graph:add_entity{id = ent.id, type = ent.type, name = ent.name, aliases = aliases}
end

local function list_attr(obj, name)
  local v = obj:get(name)
  local out = {}
  if type(v) == "table" then for _, x in ipairs(v) do out[#out + 1] = x end
  elseif v ~= nil then out[1] = v end
  return out
end

local function add_provenance(obj, doc, sentence, rule)
  local found, sent, os_, oe, rules = list_attr(obj, "found_in"), list_attr(obj, "sentence"),
    list_attr(obj, "offset_start"), list_attr(obj, "offset_end"), rule and list_attr(obj, "rule")
  found[#found + 1] = doc.source_id
  sent[#sent + 1] = sentence.index
  os_[#os_ + 1] = sentence.first - 1
  oe[#oe + 1] = sentence.last
  obj:set("found_in", found)
  obj:set("sentence", sent)
  obj:set("offset_start", os_)
  obj:set("offset_end", oe)
  if rules then
    rules[#rules + 1] = rule
    obj:set("rule", rules)
  end
  obj:set("source", append_unique(list_attr(obj, "source"), doc.source_id))
end

local date_attrs = {date = true, as_of = true}

-- A relationship of graph that states the same as r (same ends and type,
-- no figure that differs), or nil.
local function existing(graph, from, to, r, identity)
  local function scan(a, b)
    for x in graph:relationships{from = a, to = b, type = r.type} do
      local same = true
      for _, k in ipairs(identity) do
        local v = x:get(k)
        local w = r.attrs[k]
        if v ~= nil and w ~= nil and tostring(v) ~= tostring(w) then same = false end
      end
      if same then return x end
    end
  end
  return scan(from, to) or (not r.directed and scan(to, from)) or nil
end

-- Writes the run into graph: entities, sources, relationships.
function O.build(run, rels, graph, opts)
  O.name_sources(run, graph)
  for _, doc in ipairs(run.docs) do
    local ok, s = pcall(graph.source, graph, doc.source_id)
    if not (ok and s) then
      graph:add_source{id = doc.source_id, title = basename(doc.name), file = doc.path or doc.name,
                       date = doc.date and erg.date(require("extract.quantities").iso(doc.date)) or nil,
                       sentences = #doc.sentences}
    end
  end
  -- entities: every one a relationship uses or a sentence names
  local objs = {}
  local function obj(ent)
    if not objs[ent] then
      local e = ensure(graph, ent)
      if not ent.known and e:get("found_by") == nil then e:set("found_by", ent.found_by) end
      objs[ent] = e
    end
    return objs[ent]
  end
  local cited = {} -- entities with provenance from a mention
  for _, doc in ipairs(run.docs) do
    local first, count = {}, {}
    for _, m in ipairs(doc.mentions) do
      count[m.entity] = (count[m.entity] or 0) + 1
      if not first[m.entity] then first[m.entity] = m end
    end
    for _, m in ipairs(doc.mentions) do
      if first[m.entity] == m then
        local e = obj(m.entity)
        add_provenance(e, doc, doc.sentences[m.sentence], nil)
        e:set("mentions", (e:get("mentions") or 0) + count[m.entity])
        cited[m.entity] = true
      end
    end
  end
  local identity = require("extract.pipeline").identity_attrs
  for _, r in ipairs(rels) do
    local from, to = obj(r.from), obj(r.to)
    local x = opts.merge and existing(graph, from, to, r, identity)
    if not x then
      local base = ("r-%s-%s-%s"):format(r.from.id, r.type, r.to.id)
      local id, n = base, 1
      while graph:relationship(id) do n = n + 1; id = base .. "-" .. n end
      local spec = {id = id, from = from, to = to, type = r.type, directed = r.directed,
                    confidence = r.confidence + 0.0,
                    evidence = squash(r.evidence[1].sentence.text)}
      for k, v in pairs(r.attrs) do
        if date_attrs[k] then spec[k] = erg.date(v)
        elseif type(v) == "number" and k ~= "count" and k ~= "images_equiv" and math.type(v) == "integer" then spec[k] = v + 0.0
        else spec[k] = v end
      end
      x = graph:add_relationship(spec)
    else
      for k, v in pairs(r.attrs) do
        if x:get(k) == nil then x:set(k, date_attrs[k] and erg.date(v) or v) end
      end
    end
    for _, e in ipairs(r.evidence) do add_provenance(x, e.doc, e.sentence, e.rule) end
    r.object = x
    -- an entity named only inside another name ("India" in "India's
    -- summit") or made by a rule is cited by the sentence of its first
    -- relationship
    for _, ent in ipairs({r.from, r.to}) do
      if not cited[ent] then
        cited[ent] = true
        add_provenance(obj(ent), r.evidence[1].doc, r.evidence[1].sentence, nil)
      end
    end
  end
  if not opts.merge then
    local names = {}
    for _, doc in ipairs(run.docs) do names[#names + 1] = basename(doc.name) end
    graph:meta("title", "Extracted from " .. table.concat(names, ", "))
  end
  graph:meta("generator", "erg extract")
end

-- ---- review -------------------------------------------------------------------------
-- The sentence with the mentions of the given entities in [brackets].
local function marked(doc, sentence, ents)
  local text, out, pos = doc.text, {}, sentence.first
  for _, m in ipairs(sentence.mentions) do
    if ents[m.entity] and m.first >= pos then
      out[#out + 1] = text:sub(pos, m.first - 1)
      out[#out + 1] = "[" .. text:sub(m.first, m.last) .. "]"
      pos = m.last + 1
    end
  end
  out[#out + 1] = text:sub(pos, sentence.last)
  return squash(table.concat(out))
end

local function wrap(s, indent, width)
  local lines, line = {}, ""
  for w in s:gmatch("%S+") do
    if #line + #w + 1 > width - #indent and line ~= "" then
      lines[#lines + 1] = indent .. line
      line = w
    else
      line = line == "" and w or line .. " " .. w
    end
  end
  if line ~= "" then lines[#lines + 1] = indent .. line end
  return table.concat(lines, "\n")
end

local function attr_text(attrs)
  local keys = {}
  for k in pairs(attrs) do if k ~= "unresolved_date" then keys[#keys + 1] = k end end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = attrs[k]
    if type(v) == "table" then v = table.concat(v, ";") end
    if type(v) == "number" and v == math.floor(v) and math.abs(v) < 2^53 then v = ("%d"):format(v) end
    parts[#parts + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(parts, "  ")
end

local function date_text(d)
  return d and require("extract.quantities").iso(d) or "unknown"
end

-- Writes the review list to f (a file handle).
function O.review(run, rels, f)
  local strong, weak, sentences = {}, {}, 0
  for _, r in ipairs(rels) do
    if r.type == "mentioned_with" then weak[#weak + 1] = r else strong[#strong + 1] = r end
  end
  for _, doc in ipairs(run.docs) do sentences = sentences + #doc.sentences end
  f:write(("erg extract: %d article%s, %d sentences: %d relationships proposed, %d weak links, %d new entities\n")
    :format(#run.docs, #run.docs == 1 and "" or "s", sentences, #strong, #weak, #run.registry.new))
  f:write("Tick [x] accept or [x] reject under each proposal; in its sentences the two entities are\n" ..
          "in [brackets].  Offsets are bytes of the article: [start-end), from 0.\n\n")
  f:write("Articles\n")
  for _, doc in ipairs(run.docs) do
    local how = doc.date and (doc.dateline and doc.date == doc.dateline and "dateline" or "--date") or
      "none: weekdays and bare months stay unresolved (give --date)"
    f:write(("  %-20s %s  (%d sentences; date %s, %s)\n"):format(doc.source_id or doc.name, doc.name, #doc.sentences,
      date_text(doc.date), how))
  end
  if #run.registry.new > 0 then
    f:write("\nNew entities (not in the target graph)\n")
    for _, e in ipairs(run.registry.new) do
      local extra = #e.aliases > 0 and ("  aka " .. table.concat(e.aliases, ", ")) or ""
      f:write(("  %-32s %-16s %s  [%s]%s\n"):format(e.id, e.type, e.name, e.found_by, extra))
    end
  end
  -- graph names the text may mean but that were not linked (mentions.lua's guard)
  local cands = {}
  for _, doc in ipairs(run.docs) do
    for _, c in ipairs(doc.candidates or {}) do cands[#cands + 1] = {doc = doc, c = c} end
  end
  if #cands > 0 then
    f:write("\nPossible graph names (not linked: check by hand)\n")
    for _, x in ipairs(cands) do
      f:write(("  %s #%d [%d-%d] '%s' may be %s (%s): %s\n"):format(x.doc.source_id or x.doc.name, x.c.sentence,
        x.c.first - 1, x.c.last, x.c.text, x.c.entity.id, x.c.entity.type, x.c.why))
    end
  end
  f:write("\nRelationships\n")
  for i, r in ipairs(strong) do
    local arrow = r.directed and ("-%s->"):format(r.type) or ("-%s-"):format(r.type)
    f:write(("\n[%d] %s %s %s    confidence %.2f\n"):format(i, r.from.id, arrow, r.to.id, r.confidence))
    f:write(("    %s (%s) %s %s (%s)\n"):format(r.from.name, r.from.type, r.type:gsub("_", " "), r.to.name, r.to.type))
    local a = attr_text(r.attrs)
    if a ~= "" then f:write("    " .. a .. "\n") end
    if r.attrs.unresolved_date then
      f:write(("    date unresolved: '%s' (the article has no date; give --date YYYY-MM-DD)\n"):format(r.attrs.unresolved_date))
    end
    for _, e in ipairs(r.evidence) do
      f:write(("    %s #%d [%d-%d] rule %s:\n"):format(e.doc.source_id, e.sentence.index, e.sentence.first - 1,
        e.sentence.last, e.rule))
      f:write(wrap(marked(e.doc, e.sentence, {[r.from] = true, [r.to] = true}), "      ", 100) .. "\n")
    end
    f:write("    [ ] accept   [ ] reject\n")
  end
  if #weak > 0 then
    f:write("\nWeak links (named in the same sentence, no rule joined them)\n")
    for i, r in ipairs(weak) do
      local where = {}
      for _, e in ipairs(r.evidence) do where[#where + 1] = ("%s #%d"):format(e.doc.source_id, e.sentence.index) end
      f:write(("  [%d] %s -- %s    %.2f    %s\n"):format(#strong + i, r.from.id, r.to.id, r.confidence,
        table.concat(where, ", ")))
    end
  end
end

return O
