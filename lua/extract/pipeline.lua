-- extract/pipeline.lua -- from article text to proposed relationships,
-- each with the sentence that supports it.
--
--   local P = require "extract.pipeline"
--   local run = P.new{gazetteer = g, rules = rules}   -- g: an erg graph or nil
--   P.add_document(run, "a.txt", text, {date = {year=2026, month=2, day=3}})
--   local rels = P.relationships(run)                  -- merged proposals
--
-- Per sentence: figures and dates (quantities.lua), mentions (mentions.lua),
-- then every rule (rules.lua) against the sentence's items, then a weak
-- `mentioned_with` link for entities named together that no rule joined.

local erg = erg or require "erg"
local L = require "extract.lexicon"
local Q = require "extract.quantities"
local M = require "extract.mentions"
local Matcher = require "extract.matcher"

local P = {}

-- ---- rules ----------------------------------------------------------------------
-- Checks and compiles a list of rules; raises naming the bad rule.
function P.compile_rules(list, origin)
  local out = {}
  for i, r in ipairs(list) do
    local where = ("%s: rule %d"):format(origin or "rules", i)
    if type(r) ~= "table" then error(where .. ": not a table", 0) end
    if r.name then where = where .. " (" .. tostring(r.name) .. ")" end
    if not r.name then error(where .. ": needs a name", 0) end
    local pats = r.pattern and (type(r.pattern) == "table" and r.pattern or {r.pattern}) or {}
    if #pats == 0 and not r.fn then error(where .. ": needs a pattern or a fn", 0) end
    local c = {}
    for _, p in ipairs(pats) do
      local ok, res = pcall(Matcher.compile, p)
      if not ok then error(("%s: %s in '%s'"):format(where, res, p), 0) end
      c[#c + 1] = res
    end
    local rels = r.rels or (r.rel and {r.rel}) or {}
    if #pats > 0 and #rels == 0 and not r.fn then error(where .. ": needs rel or rels (what to make)", 0) end
    for _, t in ipairs(rels) do
      if type(t[1]) ~= "string" or type(t[2]) ~= "string" or type(t[3]) ~= "string" then
        error(where .. ": each rel is {FROM_SLOT, TYPE, TO_SLOT, attr = value...}", 0)
      end
    end
    local exclude
    if r.exclude then
      exclude = {}
      for w in r.exclude:gmatch("[^|]+") do exclude[w:lower()] = true end
    end
    local rule = setmetatable({compiled = c, rels = rels, exclude_set = exclude}, {__index = r})
    out[#out + 1] = rule
  end
  return out
end

-- ---- a run -------------------------------------------------------------------------
-- opts: gazetteer (an erg graph whose names are looked for; nil: none),
-- target (the graph new ids must not clash with), rules (a list),
-- names (extra {name=, type=, aliases=} to look for).
function P.new(opts)
  local R = M.registry(opts.target or opts.gazetteer)
  R.target_graph = opts.gazetteer
  if opts.gazetteer then
    for e in opts.gazetteer:entities() do M.add_known(R, e) end
  end
  for _, spec in ipairs(opts.names or {}) do M.add_listed(R, spec) end
  return {registry = R, rules = opts.rules or {}, docs = {}, proposals = {}, patterns = {}}
end

-- ---- making relationships ---------------------------------------------------------
local function fill(template, slots)
  return (template:gsub("{(%a[%w_]*)}", function(name)
    local s = slots[name]
    return s and s[1] and s[1].entity.name or ""
  end))
end

-- The value of an attribute spec for match m: "@X" the id of X's entity,
-- "@X*" the ids of all of them; a function is called with (m, ctx).
local function attr_value(spec, m, ctx)
  if type(spec) == "function" then return spec(m, ctx) end
  if type(spec) == "string" and spec:sub(1, 1) == "@" then
    local name, all = spec:match("^@(%a[%w_]*)(%*?)$")
    local s = m.slots[name]
    if not s or #s == 0 then return nil end
    if all == "*" then
      local ids = {}
      for _, it in ipairs(s) do ids[#ids + 1] = it.entity.id end
      return ids
    end
    return s[1].entity.id
  end
  return spec
end

-- Planned or pending, from the words right after the match's first item
-- ("Qualcomm to invest", "OpenAI nears").
local function modality(items, m)
  local j = m.first + 1
  if items[j] and items[j].kind == "word" and items[j].norm == "also" then j = j + 1 end
  local w = items[j]
  if not w or w.kind ~= "word" then return nil end
  if L.planned[w.norm] then
    if w.norm == "set" and not (items[j + 1] and items[j + 1].norm == "to") then return nil end
    return "planned"
  end
  if L.pending[w.norm] then return "pending" end
  return nil
end

-- Figures and the date a match carries into its relationships: those
-- the pattern captured and those inside the matched words, or with
-- rule.quantities / rule.dates = "sentence" the sentence's (the first of
-- each kind), or none with false.
local function figures(rule, m, sentence, attrs)
  local list, seen = {}, {}
  for _, it in ipairs(m.quantities) do list[#list + 1] = it end
  local qmode, dmode = rule.quantities, rule.dates
  if qmode ~= false then
    for i = m.first, m.last do
      local it = sentence.items[i]
      if it.kind == "quantity" then list[#list + 1] = it end
    end
    if qmode == "sentence" then
      for _, it in ipairs(sentence.items) do
        if it.kind == "quantity" then list[#list + 1] = it end
      end
    end
  else
    list = {}
  end
  local captured = {}
  for _, c in ipairs(m.quantities) do captured[c.q] = true end
  local date
  for _, it in ipairs(list) do
    local q = it.q
    if not seen[q] then
      seen[q] = true
      if q.kind == "money" or q.kind == "data" then
        if attrs[q.attr] == nil then attrs[q.attr] = q.value end
        if q.approx then attrs.approx = true end
      elseif q.kind == "count" and captured[q] then
        local name = rule.count_attr or "count"
        if attrs[name] == nil then attrs[name] = math.tointeger(q.value) or q.value end
      elseif q.kind == "date" and dmode ~= false then
        date = date or q
      end
    end
  end
  if not date and dmode ~= false then
    for i = m.first, m.last do
      local it = sentence.items[i]
      if it.kind == "quantity" and it.q.kind == "date" then date = date or it.q end
    end
    if not date and dmode == "sentence" then
      for _, q in ipairs(sentence.quantities) do
        if q.kind == "date" then date = q break end
      end
    end
  end
  if date then
    local name = rule.date_attr or "date"
    if date.date then
      if attrs[name] == nil then attrs[name] = Q.iso(date.date) end
    else
      attrs.unresolved_date = date.text
    end
  end
end

local function propose(run, doc, sentence, rule, from, typ, to, attrs, conf)
  if from == to then return end
  local p = {from = from, to = to, type = typ, attrs = attrs, confidence = conf,
             directed = not L.undirected[typ], rule = rule, doc = doc, sentence = sentence}
  sentence.proposals[#sentence.proposals + 1] = p
  run.proposals[#run.proposals + 1] = p
  return p
end

local function mention_conf(items)
  local c = 1
  for _, it in ipairs(items) do c = math.min(c, it.mention and it.mention.confidence or 1) end
  return c
end

local context -- below: what fn rules and attribute functions see

-- Do two entities already have a relationship from this sentence?
local function joined(sentence, a, b)
  for _, p in ipairs(sentence.proposals) do
    if p.type ~= "mentioned_with" and ((p.from == a and p.to == b) or (p.from == b and p.to == a)) then return true end
  end
  return false
end

local function apply_match(run, doc, sentence, rule, m)
  local R = run.registry
  if rule.exclude_set then
    for i = m.first, m.last do
      local it = sentence.items[i]
      if it.kind == "word" and rule.exclude_set[it.norm] then return end
    end
  end
  for slot, spec in pairs(rule.new or {}) do
    local name = fill(spec.name, m.slots)
    if name ~= "" then
      local e = M.entity(R, name, spec.type or "organization", "rule")
      m.slots[slot] = {{kind = "entity", entity = e, mention = {confidence = 1, found_by = "rule"}}}
      sentence.created = sentence.created or {}
      sentence.created[#sentence.created + 1] = e
    end
  end
  local status = rule.modality ~= false and modality(sentence.items, m) or nil
  local ctx = context(run, doc, sentence)
  for _, t in ipairs(rule.rels) do
    local froms, tos = m.slots[t[1]], m.slots[t[3]]
    if froms and tos then
      for _, f in ipairs(froms) do
        for _, x in ipairs(tos) do
          local attrs = {}
          for k, v in pairs(t) do
            if type(k) == "string" then attrs[k] = attr_value(v, m, ctx) end
          end
          if status and attrs.status == nil then attrs.status = status end
          figures(rule, m, sentence, attrs)
          local conf = (t.confidence or rule.confidence or 0.7) * mention_conf({f, x}) * 0.97 ^ (m.gaps or 0)
          -- a deferring rule says nothing where an earlier rule spoke
          if not (rule.defer and joined(sentence, f.entity, x.entity)) then propose(run, doc, sentence, rule.name, f.entity, t[2], x.entity, attrs, math.floor(conf * 100 + 0.5) / 100) end
        end
      end
    end
  end
end

-- What a fn rule sees: the sentence, the article, and helpers.
context = function(run, doc, sentence)
  local ctx = {run = run, doc = doc, sentence = sentence, items = sentence.items, memory = doc.memory}
  -- every match of a pattern (compiled once per run)
  function ctx.match(text)
    local p = run.patterns[text]
    if not p then
      p = Matcher.compile(text)
      run.patterns[text] = p
    end
    return Matcher.find_all(p, sentence.items)
  end
  -- do a and b have a relationship from this sentence already?
  function ctx.joined(a, b) return joined(sentence, a, b) end
  -- proposes a relationship; from, to: entity tables (slot items' .entity)
  function ctx.propose(rule_name, from, typ, to, attrs, confidence)
    return propose(run, doc, sentence, rule_name, from, typ, to, attrs or {}, confidence or 0.6)
  end
  -- the latest relationship proposed in the article's few sentences
  -- before this one (of a type, or any; pred(p) true)
  function ctx.last_proposal(typ, pred)
    for i = #run.proposals, 1, -1 do
      local p = run.proposals[i]
      if p.doc ~= doc or p.sentence.index < sentence.index - 5 then break end
      if p.sentence ~= sentence and (not typ or p.type == typ) and (not pred or pred(p)) then return p end
    end
    return nil
  end
  -- the ids of the products named inside a match (nil: none)
  function ctx.products(m)
    local ids = {}
    for i = m.first, m.last do
      local it = sentence.items[i]
      if it.kind == "entity" and it.entity.type == "product" then ids[#ids + 1] = it.entity.id end
    end
    return #ids > 0 and ids or nil
  end
  -- the value of a count of things in the sentence ("490 million images")
  function ctx.count_of(noun)
    for _, q in ipairs(sentence.quantities) do
      if q.kind == "count" and q.noun == noun then return q.value end
    end
    return nil
  end
  -- the entity of the latest mention of a type in the sentences before
  function ctx.last_mention(typ)
    for i = #doc.mentions, 1, -1 do
      local m = doc.mentions[i]
      if m.sentence < sentence.index and m.entity.type == typ then return m.entity end
    end
    return nil
  end
  -- the entity a name (or alias) of the gazetteer or of the run names
  function ctx.find_name(name)
    local e = run.registry.by_name[name:lower()]
    if e then return e end
    for _, x in ipairs(run.registry.gz:match(name)) do
      if x.first == 1 and x.last == #name then return x.value end
    end
    return nil
  end
  -- the figures and date a match carries (as a rule's relationships get them)
  function ctx.figures(m, rule)
    local attrs = {}
    figures(rule or {}, m, sentence, attrs)
    return attrs
  end
  ctx.apply = function(rule, m) return apply_match(run, doc, sentence, rule, m) end
  ctx.iso = Q.iso
  return ctx
end

local function run_rules(run, doc, sentence)
  for _, rule in ipairs(run.rules) do
    if rule.fn then
      rule.fn(context(run, doc, sentence), rule)
    else
      for _, p in ipairs(rule.compiled) do
        for _, m in ipairs(Matcher.find_all(p, sentence.items)) do apply_match(run, doc, sentence, rule, m) end
      end
    end
  end
end

-- Entities named together in a sentence that no rule joined.
local function co_occurrence(run, doc, sentence)
  local joined = {}
  for _, p in ipairs(sentence.proposals) do
    joined[p.from] = joined[p.from] or {}
    joined[p.from][p.to] = true
    joined[p.to] = joined[p.to] or {}
    joined[p.to][p.from] = true
  end
  local ents, seen = {}, {}
  for _, m in ipairs(sentence.mentions) do
    if not seen[m.entity] then
      seen[m.entity] = m
      ents[#ents + 1] = m
    end
  end
  for i = 1, #ents do
    for j = i + 1, #ents do
      local a, b = ents[i].entity, ents[j].entity
      if not (joined[a] and joined[a][b]) then
        local conf = (ents[i].found_by == "anaphora" or ents[j].found_by == "anaphora") and 0.2 or 0.3
        propose(run, doc, sentence, "mentioned_with", a, "mentioned_with", b, {}, conf)
      end
    end
  end
end

-- ---- documents ---------------------------------------------------------------------
-- Reads one article.  name: how it is cited (the file name); opts.date:
-- the article's date ({year=, month=, day=}), else its dateline is used;
-- opts.lines: how line breaks end sentences ("guess", "blank", "each").
function P.add_document(run, name, text, opts)
  opts = opts or {}
  local doc = {name = name, text = text, index = #run.docs + 1, gz = erg.text.gazetteer(), mentions = {},
               seen = {}, acronyms = {}, memory = {}, sentences = {}}
  doc.dateline = Q.dateline(text)
  doc.date = opts.date or doc.dateline
  run.docs[#run.docs + 1] = doc
  for i, span in ipairs(erg.text.sentences(text, {lines = opts.lines or "guess"})) do
    local s = {index = i, first = span.first, last = span.last, text = text:sub(span.first, span.last),
               proposals = {}}
    doc.sentences[i] = s
    local qs = Q.find(text, s.first, s.last, doc.date)
    M.analyse(run.registry, doc, s, qs)
    run_rules(run, doc, s)
    co_occurrence(run, doc, s)
  end
  return doc
end

-- ---- merging proposals --------------------------------------------------------------
-- Attributes that say which fact a relationship states: two proposals
-- with different values of one of these are two relationships.
P.identity_attrs = {"date", "as_of", "data_tb", "amount_usd", "amount_aud", "amount_eur", "amount_gbp",
                    "valuation_usd", "count", "status", "change", "percent"}

local function compatible(a, b)
  for _, k in ipairs(P.identity_attrs) do
    if a[k] ~= nil and b[k] ~= nil and a[k] ~= b[k] then return false end
  end
  return true
end

local function key(p)
  local f, t = p.from.id, p.to.id
  if not p.directed and t < f then f, t = t, f end
  return f .. "\0" .. p.type .. "\0" .. t
end

-- The proposals merged into relationships: one per (from, type, to) and
-- compatible figures, with every supporting sentence, in the order first
-- found.  mentioned_with links are dropped between entities some other
-- relationship joins (in the result, or in `existing`, a function
-- (a, b) -> bool).
function P.relationships(run, existing)
  local groups, order = {}, {}
  for _, p in ipairs(run.proposals) do
    local k = key(p)
    groups[k] = groups[k] or {}
    local into
    for _, r in ipairs(groups[k]) do
      if compatible(r.attrs, p.attrs) then into = r break end
    end
    if not into then
      into = {from = p.from, to = p.to, type = p.type, directed = p.directed, attrs = {}, evidence = {},
              confidence = 0}
      if not p.directed and p.to.id < p.from.id then into.from, into.to = p.to, p.from end
      groups[k][#groups[k] + 1] = into
      order[#order + 1] = into
    end
    for a, v in pairs(p.attrs) do
      if into.attrs[a] == nil then into.attrs[a] = v end
    end
    local dup = false
    for _, e in ipairs(into.evidence) do
      if e.doc == p.doc and e.sentence == p.sentence then
        dup = true
        if p.confidence > e.confidence then e.confidence, e.rule = p.confidence, p.rule end
      end
    end
    if not dup then
      into.evidence[#into.evidence + 1] = {doc = p.doc, sentence = p.sentence, rule = p.rule, confidence = p.confidence}
    end
  end
  -- a resolved date settles an unresolved one
  for _, r in ipairs(order) do
    if r.attrs.unresolved_date and (r.attrs.date or r.attrs.as_of) then r.attrs.unresolved_date = nil end
    local keep = 1
    for _, e in ipairs(r.evidence) do keep = keep * (1 - e.confidence) end
    r.confidence = math.floor((1 - keep) * 100 + 0.5) / 100
  end
  local linked = {}
  for _, r in ipairs(order) do
    if r.type ~= "mentioned_with" then
      linked[r.from.id .. "\0" .. r.to.id] = true
      linked[r.to.id .. "\0" .. r.from.id] = true
    end
  end
  local out = {}
  for _, r in ipairs(order) do
    if r.type ~= "mentioned_with" or not (linked[r.from.id .. "\0" .. r.to.id] or
       (existing and existing(r.from, r.to))) then
      out[#out + 1] = r
    end
  end
  return out
end

return P
