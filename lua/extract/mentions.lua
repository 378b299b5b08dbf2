-- extract/mentions.lua -- who is named in a sentence.  Four sources, in
-- order of trust:
--
--  1. the gazetteer: names and aliases of the target graph's entities (and
--     of any the rules file lists), matched by erg.text (C);
--  2. acronyms the article defines, "Immigration and Customs Enforcement
--     (ICE)": the long form is looked up in the gazetteer (else a new
--     entity is made), and the acronym names the same entity in the rest of
--     the article;
--  3. organisation patterns of lexicon.lua: "... Agency", "... Inc.",
--     "Department of ...", and "Dr. Jane Roe" for people;
--  4. "the company", "the agency": the last entity of a fitting type in the
--     sentence or the few before it.
--
-- Every mention resolves to one entity (a table: id, name, type, aliases,
-- known, found_by).  Sentences become lists of items for the rules:
--   {kind = "word", norm = "oversees", first =, last =}
--   {kind = "entity", entity = E, mention = M, first =, last =}
--   {kind = "quantity", q = Q, first =, last =}

local erg = erg or require "erg"
local L = require "extract.lexicon"
local N = require "extract.names"

local M = {}
local guard -- below: keeps graph names from leaking

-- ---- the entity registry -------------------------------------------------------
-- A registry holds every entity of a run: those of the target graph (by
-- id) and the new ones (by lower-case name), and the run's gazetteer.
function M.registry(target)
  return {target = target, by_id = {}, by_name = {}, gz = erg.text.gazetteer(), new = {}}
end

local function slug(name)
  local s = name:lower():gsub("’", "'"):gsub("'s%f[%W]", "s"):gsub("[^%w]+", "_"):gsub("^_+", ""):gsub("_+$", "")
  return s ~= "" and s or "entity"
end
M.slug = slug

-- Adds an entity of the target graph (an erg entity object).
function M.add_known(R, e)
  local ent = {id = e.id, name = e.name or e.id, type = e.type, aliases = e.aliases or {}, known = true,
               found_by = "graph"}
  R.by_id[ent.id] = ent
  R.by_name[ent.name:lower()] = R.by_name[ent.name:lower()] or ent
  pcall(R.gz.add, R.gz, ent.name, ent)
  for _, a in ipairs(ent.aliases) do pcall(R.gz.add, R.gz, a, ent) end
  return ent
end

-- Adds a name the rules file lists: {name =, type =, id =, aliases =}.
function M.add_listed(R, spec)
  local ent = M.entity(R, spec.name, spec.type or "organization", "listed", spec.id)
  for _, a in ipairs(spec.aliases or {}) do
    ent.aliases[#ent.aliases + 1] = a
    pcall(R.gz.add, R.gz, a, ent)
  end
  R.gz:add(spec.name, ent)
  return ent
end

-- The entity called name: a known one (by name or alias, any case), one
-- made earlier in the run, or a new one of type typ.
function M.entity(R, name, typ, found_by, id)
  local key = name:lower():gsub("’", "'")
  if R.by_name[key] then return R.by_name[key] end
  if R.target then
    local e = R.target:entity(name)
    if e and R.by_id[e.id] then return R.by_id[e.id] end
  end
  id = id or slug(name)
  local base, n = id, 1
  while R.by_id[id] or (R.target and R.target:entity(id) and R.target:entity(id).id == id) do
    n = n + 1
    id = base .. "_" .. n
  end
  local ent = {id = id, name = name, type = typ, aliases = {}, known = false, found_by = found_by}
  R.by_id[id] = ent
  R.by_name[key] = ent
  R.new[#R.new + 1] = ent
  return ent
end

-- The type an organisation's name suggests, or nil.
local suffix_type, prefix_type = {}, {}
for typ, words in pairs(L.suffixes) do for _, w in ipairs(words) do suffix_type[w] = typ end end
for typ, words in pairs(L.prefixes) do for _, w in ipairs(words) do prefix_type[w] = typ end end
local headline_verb = {}
for _, w in ipairs(L.headline_verbs or {}) do headline_verb[w] = true end

function M.guess_type(name)
  local words = {}
  for w in name:gmatch("[%w&']+") do words[#words + 1] = w end
  for i = #words, 1, -1 do
    if suffix_type[words[i]] then return suffix_type[words[i]] end
  end
  for i = 1, #words - 1 do
    if prefix_type[words[i]] and words[i + 1] == "of" then return prefix_type[words[i]] end
  end
  return nil
end

-- ---- helpers on tokens -------------------------------------------------------------
local function capitalised(t)
  return t.kind == "word" and t.text:match("^%u") ~= nil
end

local function norm(s)
  return (s:lower():gsub("’", "'"):gsub("‘", "'"))
end

local quote_marks = {['"'] = true, ["“"] = true, ["”"] = true, ["‘"] = true, ["’"] = true, ["'"] = true,
                     ["«"] = true, ["»"] = true}

-- ---- acronyms ------------------------------------------------------------------------
-- Letters an acronym spells, read off one word of its long form, last
-- first ("Anti-Fraud" gives F, A).
local function initials(word)
  local out = {}
  for part in word:gmatch("[^%-]+") do out[#out + 1] = part:sub(1, 1):upper() end
  return out
end

-- Finds "Long Form Name (LFN)" in the tokens of a sentence; returns a list
-- of {acronym =, long =, first =, last = (of the long form)}.
function M.acronyms(text, toks)
  local found = {}
  for k = 2, #toks - 2 do
    local acr = toks[k + 1]
    if toks[k].text == "(" and toks[k + 2].text == ")" and acr.kind == "word" then
      local letters = {}
      for c in acr.text:gmatch("%u") do letters[#letters + 1] = c end
      local lower = select(2, acr.text:gsub("%l", ""))
      if #letters >= 2 and #letters <= 10 and lower <= 2 then
        local li, j = #letters, k - 1
        while j >= 1 and li >= 1 do
          local t = toks[j]
          if t.kind ~= "word" and t.text ~= "&" then break end
          if L.acronym_skip[t.text:lower()] and li < #letters then
            j = j - 1
          elseif capitalised(t) then
            local ini = initials(t.text)
            local ok = true
            for x = #ini, 1, -1 do
              if li >= 1 and letters[li] == ini[x] then li = li - 1
              elseif x == #ini then ok = false break end
            end
            if not ok then break end
            j = j - 1
          else
            break
          end
        end
        if li == 0 then
          local first = toks[j + 1].first
          while L.acronym_skip[toks[j + 1].text:lower()] do j = j + 1; first = toks[j + 1].first end
          found[#found + 1] = {acronym = acr.text, long = text:sub(first, toks[k - 1].last),
                               first = first, last = toks[k - 1].last}
        end
      end
    end
  end
  return found
end

-- ---- gazetteer matches -------------------------------------------------------------
-- The gazetteer mentions of text[first..last]: primary mentions (leftmost
-- longest, the article's own names first) each with the other entities
-- named inside it (nested: "SpaceX" in "SpaceX Starlink").
local function gazetteer_mentions(R, doc, text, first, last)
  local all = {}
  for _, m in ipairs(doc.gz:match(text, first, last, {all = true})) do m.doc = true; all[#all + 1] = m end
  for _, m in ipairs(R.gz:match(text, first, last, {all = true})) do all[#all + 1] = m end
  table.sort(all, function(a, b)
    if a.first ~= b.first then return a.first < b.first end
    if a.last ~= b.last then return a.last > b.last end
    if (a.doc or false) ~= (b.doc or false) then return a.doc == true end
    return false
  end)
  local primary, pos = {}, 0
  local i = 1
  while i <= #all do
    local m = all[i]
    if m.first > pos then
      -- every candidate entity for this same span
      local cands, j = {}, i
      while all[j] and all[j].first == m.first and all[j].last == m.last do
        local e = all[j].value
        local dup = false
        for _, c in ipairs(cands) do if c == e then dup = true end end
        if not dup and not (m.doc and not all[j].doc and #cands > 0) then cands[#cands + 1] = e end
        j = j + 1
      end
      local chosen = cands[1]
      if #cands > 1 then
        -- prefer the one this article already named
        for _, c in ipairs(cands) do if doc.seen[c] then chosen = c break end end
      end
      primary[#primary + 1] = {entity = chosen, first = m.first, last = m.last, nested = {},
                               confidence = #cands > 1 and 0.7 or 1.0, found_by = m.doc and "article" or "gazetteer",
                               ambiguous = #cands > 1 and cands or nil}
      pos = m.last
      i = j
    else
      i = i + 1
    end
  end
  for _, m in ipairs(all) do
    for _, p in ipairs(primary) do
      if m.first >= p.first and m.last <= p.last and (m.first > p.first or m.last < p.last) and m.value ~= p.entity then
        local dup = false
        for _, n in ipairs(p.nested) do if n.entity == m.value then dup = true end end
        if not dup then p.nested[#p.nested + 1] = {entity = m.value, first = m.first, last = m.last} end
      end
    end
  end
  return primary
end

-- A headline in title case ("Harbor Agency Fines Acme Shipping Ltd"):
-- most longer words capitalised.
local function title_case(toks)
  local long, caps = 0, 0
  for _, t in ipairs(toks) do
    if t.kind == "word" and #t.text >= 4 then
      long = long + 1
      if t.text:match("^%u") then caps = caps + 1 end
    end
  end
  return long >= 4 and caps >= 0.7 * long
end

-- A headline in title case: at most one long word in lower case (a
-- sentence full of names has more) and no full stop.
local small_words = {from = true, with = true, into = true, amid = true, over = true, after = true, than = true,
                     upon = true, onto = true, near = true, says = false}
local function strict_title_case(toks)
  local long, low = 0, 0
  for _, t in ipairs(toks) do
    -- wire service slugs ("FL2706231194 Havana Radio Reloj Network") are no headlines
    if t.text:match("%u%u%d%d%d%d") then return false end
    if t.kind == "word" and #t.text >= 4 then
      long = long + 1
      if t.text:match("^%l") and not L.acronym_skip[t.text] and not small_words[t.text] then low = low + 1 end
    end
  end
  local last = toks[#toks]
  return long >= 4 and low == 0 and not (last and last.text:match("^[%.!?]$"))
end

-- ---- graph names never leak -------------------------------------------------------
-- A name of the target graph names its entity only as a whole and where
-- nothing else could be meant.  Dropped, and kept as a candidate for
-- review (doc.candidates: {entity =, text =, first =, last =, sentence =,
-- why =}) instead:
--  * a match inside a longer proper name the graph does not know
--    ("Congress" in "National People's Congress", "Colorado" in "Colorado
--    Springs");
--  * a single word that the place lists call a place, for an entity that is
--    no place ("Colorado" for the Colorado Buffaloes);
--  * a short acronym the article neither defines nor spells out ("ICE"
--    in a text about Iceland's ministers);
--  * a name several graph entities share, none of them named before.
-- Names the article itself defined (found_by "article") always count.
local place_types = {place = true, country = true, facility = true}
-- "Meridian Systems Inc." is the graph's Meridian Systems
local legal_forms = {Inc = true, Corp = true, Co = true, Ltd = true, LLC = true, PLC = true, Plc = true, GmbH = true,
                     AG = true, SA = true, NV = true, Limited = true, Incorporated = true, Corporation = true,
                     LP = true, LLP = true, SE = true}

-- Is name in text as a whole: not inside a longer capitalised name
-- ("Congress" in "National People's Congress")?
local function whole_in(text, name)
  local from = 1
  while true do
    local a, b = text:find(name, from, true)
    if not a then return false end
    local before = text:sub(math.max(1, a - 40), a - 1):match("(%S+)%s*$")
    local after = text:sub(b + 1, b + 40):match("^%s*(%S+)")
    local joined_before = before and (before:match("'s$") or before:match("’s$") or
                                      (before:match("^%u") and not before:match("[%.,;:]$")))
    local joined_after = after and after:match("^%u") and text:sub(b + 1, b + 1):match("%s")
    if not joined_before and not joined_after then return true end
    from = b + 1
  end
end

-- Does the article name the entity in full, or an entity the graph links
-- to it?  (A short acronym needs that support: "ICE" next to DHS or
-- Microsoft is the agency; "ICE minister" in a Venezuelan story is not.)
local function supported(R, doc, ent)
  doc.support = doc.support or {}
  if doc.support[ent] ~= nil then return doc.support[ent] end
  local text = doc.text
  local ok = whole_in(text, ent.name)
  if not ok and #ent.name > 5 then ok = text:lower():find(ent.name:lower(), 1, true) ~= nil end
  if not ok and R.target_graph then
    if not R.neighbours then
      R.neighbours = {}
      for r in R.target_graph:relationships() do
        local a, b = r.from.id, r.to.id
        R.neighbours[a] = R.neighbours[a] or {}
        R.neighbours[b] = R.neighbours[b] or {}
        R.neighbours[a][#R.neighbours[a] + 1] = b
        R.neighbours[b][#R.neighbours[b] + 1] = a
      end
    end
    for _, id in ipairs(R.neighbours[ent.id] or {}) do
      local n = R.by_id[id]
      if n then
        local names = {n.name}
        for _, a in ipairs(n.aliases) do names[#names + 1] = a end
        for _, nm in ipairs(names) do
          if #nm >= 3 and whole_in(text, nm) then ok = true break end
        end
      end
      if ok then break end
    end
  end
  doc.support[ent] = ok
  return ok
end

local function candidate(doc, sentence, text, m, why)
  doc.candidates = doc.candidates or {}
  local list = m.ambiguous or {m.entity}
  for _, e in ipairs(list) do
    doc.candidates[#doc.candidates + 1] = {entity = e, text = text:sub(m.first, m.last), first = m.first,
                                           last = m.last, sentence = sentence.index, why = why}
  end
end

guard = function(R, doc, sentence, text, toks, mentions)
  -- in a title-case headline every word is capitalised: no longer names
  local chunks = strict_title_case(toks) and {} or N.chunks(text, toks, function(k) return toks[k] ~= nil end)
  local kept = {}
  for _, m in ipairs(mentions) do
    local why
    if m.found_by == "gazetteer" then
      local piece = text:sub(m.first, m.last)
      for _, c in ipairs(chunks) do
        if c.first <= m.first and m.last <= c.last and (c.first < m.first or c.last > m.last) then
          -- the rest of the chunk: known too ("SpaceX Starlink"), or a title, or new?
          local rest_known = true
          for k = c.i, c.j do
            local t = toks[k]
            if N.cap(t) and (t.last < m.first or t.first > m.last) and not N.titles[(t.text:gsub("%.$", ""))]
               and not legal_forms[t.text] then
              local covered_by_other = false
              for _, o in ipairs(mentions) do
                if o ~= m and o.first <= t.first and t.last <= o.last then covered_by_other = true end
              end
              if not covered_by_other then rest_known = false end
            end
          end
          if not rest_known then why = "part of the longer name '" .. text:sub(c.first, c.last) .. "'" end
        end
      end
      if not why and not piece:find("%s") then
        local typ = m.entity.type
        if N.place_kind(piece) and not place_types[typ] then
          why = "a place's name too"
        elseif piece:match("^%u%u%u?%u?%u?$") and not doc.seen[m.entity] and not supported(R, doc, m.entity) then
          why = "an acronym the article neither spells out nor names a neighbour of"
        end
      end
      if not why and m.ambiguous and not doc.seen[m.entity] then why = "a name several entities share" end
    end
    if why then candidate(doc, sentence, text, m, why) else kept[#kept + 1] = m end
  end
  return kept
end

-- ---- organisation and person patterns ------------------------------------------
local function covered(pos, spans)
  for _, s in ipairs(spans) do
    if pos >= s.first and pos <= s.last then return true end
  end
  return false
end

-- Suffixes that name an organisation even in a title-case headline.
local strong_suffix = {Inc = true, Corp = true, Corporation = true, Ltd = true, LLC = true, PLC = true,
                       GmbH = true, Agency = true, Ministry = true, Commission = true, Bureau = true,
                       Authority = true, Department = true}

-- New organisations and people in the tokens not yet covered by spans.
local function pattern_mentions(R, doc, text, toks, spans)
  local out = {}
  local headline = title_case(toks)
  local i = 1
  local n = #toks
  local function free(k) return toks[k] and not covered(toks[k].first, spans) end
  while i <= n do
    local t = toks[i]
    -- people (with their titles: "President John F. Kennedy") are
    -- names.lua's, which knows initials
    if free(i) and capitalised(t) and not L.not_name_start[t.text] and not headline_verb[t.text] then
      -- a run of capitalised words, with joiners inside
      local j, last_cap = i, i
      local has_prefix, last_and = false, nil
      while j <= n and free(j) do
        local u = toks[j]
        if capitalised(u) or (u.kind == "number" and j > i) then
          last_cap = j
          if suffix_type[u.text] and j > i then break end
          if prefix_type[u.text] and toks[j + 1] and toks[j + 1].text == "of" then has_prefix = true end
        elseif L.name_joiners[u.text] and toks[j + 1] and capitalised(toks[j + 1]) and free(j + 1) then
          if (u.text == "and" or u.text == "&") and has_prefix then last_and = j end
        else
          break
        end
        j = j + 1
      end
      local stop = last_cap
      -- "Ministry of Fisheries and Bayline Partners Ltd.": two names
      if last_and and suffix_type[toks[stop].text] then stop = last_and - 1 end
      -- more suffix words: "Acme Shipping Ltd"
      while toks[stop + 1] and free(stop + 1) and suffix_type[toks[stop + 1].text] do stop = stop + 1 end
      local head = toks[stop]
      local typ = suffix_type[head.text] and stop > i and (not headline or strong_suffix[head.text])
        and suffix_type[head.text]
      if last_and and stop == last_and - 1 then typ = nil end
      if not typ and has_prefix then
        for k = i, stop - 1 do
          if prefix_type[toks[k].text] and toks[k + 1].text == "of" and k + 1 < stop then typ = prefix_type[toks[k].text] end
        end
      end
      if typ then
        local last = head.last
        -- "Inc." keeps its dot
        if toks[stop + 1] and toks[stop + 1].text == "." and toks[stop + 1].first == head.last + 1
           and (head.text == "Inc" or head.text == "Corp" or head.text == "Co" or head.text == "Ltd") then
          last = toks[stop + 1].last
        end
        -- "Analyst Scott Hinton of Elders Futures Inc.": the person's part
        -- before "of"/"for"/"at" is no part of the company's name (unless
        -- a head word asks for it: "Bank of ...")
        local from = i
        for k = i, stop - 1 do
          local w = toks[k].text
          if w:match("%-based$") then
            from = k + 1 -- "Tokyo-based Sony Corp.": names.lua takes the place
          elseif k > i and (w == "of" and not N.of_heads[toks[k - 1].text]) or (w == "for" and not N.for_heads[toks[k - 1].text])
             or w == "at" then
            from = k + 1
          end
        end
        if from > i then t = toks[from] end
        local name = text:sub(t.first, last)
        out[#out + 1] = {entity = M.entity(R, name, typ, "pattern"), first = t.first, last = last, nested = {},
                         confidence = 0.8, found_by = "pattern"}
        i = stop + 1
        goto next
      end
    end
    i = i + 1
    ::next::
  end
  return out
end

-- ---- proper names (names.lua) ------------------------------------------------
-- New people, organisations and places in the tokens not yet covered by
-- spans: every typed proper-name chunk.  An organisation gets the finer
-- type its name suggests (company, government_body...) where it has one.
local cue_confidence = {reference = 0.8, ["org-word"] = 0.8, title = 0.8, role = 0.75, said = 0.7,
                        dateline = 0.75, acronym = 0.6, ["in"] = 0.6, shape = 0.55, single = 0.45, shouty = 0.55, ["before-title"] = 0.55, based = 0.75, who = 0.7, kin = 0.7,
                        ["for"] = 0.6}
local function name_mentions(R, doc, text, toks, spans)
  local function free(k) return toks[k] ~= nil and not covered(toks[k].first, spans) end
  local out = {}
  -- in a title-case headline every word is capitalised: only names the
  -- reference data or a title vouch for
  local headline = strict_title_case(toks)
  for _, c in ipairs(N.chunks(text, toks, free)) do
    if c.type and c.type ~= "other" and (not headline or c.cue == "reference" or c.cue == "title") then
      local typ = c.type
      if typ == "organization" then typ = M.guess_type(c.name) or typ end
      out[#out + 1] = {entity = M.entity(R, c.name, typ, "name"), first = c.first, last = c.last, nested = {},
                       confidence = cue_confidence[c.cue] or 0.6, found_by = "name", cue = c.cue}
    end
  end
  return out
end

-- ---- "the company" ------------------------------------------------------------------
local function anaphora(doc, sentence, toks, spans, earlier)
  local out = {}
  for k = 1, #toks - 1 do
    local t = toks[k]
    -- not in apposition: "the Department of ..., the umbrella agency that"
    local appositive = k >= 3 and toks[k - 1].text == "," and covered(toks[k - 2].first, spans)
    if t.text:lower() == "the" and not covered(t.first, spans) and not appositive then
      local noun_at = k + 1
      local types = L.anaphora[norm(toks[k + 1].text)]
      if not types and toks[k + 2] and toks[k + 1].text:match("^%l+$") then
        noun_at = k + 2
        types = L.anaphora[norm(toks[k + 2].text)]
        if types and not toks[k + 2].text:match("^%l") then types = nil end
      end
      if types and toks[noun_at].text:match("^%l") and not covered(toks[noun_at].first, spans) then
        local allowed = {}
        for _, ty in ipairs(types) do allowed[ty] = true end
        -- the latest fitting mention before it in this sentence, else the
        -- first (the subject, most likely) of the closest sentence before
        local referent
        for x = #earlier, 1, -1 do
          local m = earlier[x]
          if m.sentence == sentence.index and m.last < t.first and allowed[m.entity.type] then
            referent = m.entity
            break
          end
        end
        for back = 1, L.anaphora_reach do
          if referent then break end
          for _, m in ipairs(earlier) do
            if m.sentence == sentence.index - back and allowed[m.entity.type] and m.found_by ~= "anaphora" then
              referent = m.entity
              break
            end
          end
        end
        if referent then
          out[#out + 1] = {entity = referent, first = t.first, last = toks[noun_at].last, nested = {},
                           confidence = 0.75, found_by = "anaphora"}
        end
      end
    end
  end
  return out
end

-- ---- a sentence ---------------------------------------------------------------------
-- Fills sentence.mentions and sentence.items.  doc.mentions lists the
-- article's mentions so far (for anaphora); doc.gz holds its own names.
function M.analyse(R, doc, sentence, quantities)
  local text, first, last = doc.text, sentence.first, sentence.last
  local toks = erg.text.tokens(text, first, last)
  sentence.tokens = toks
  -- acronyms defined here: known long forms, else new entities
  for _, a in ipairs(M.acronyms(text, toks)) do
    local ent
    for _, m in ipairs(R.gz:match(text, a.first, a.last, {all = true})) do
      if m.last == a.last and (not ent or m.first <= a.first) then ent = m.value end
    end
    if not ent then
      ent = M.entity(R, a.long, M.guess_type(a.long) or "organization", "acronym")
      doc.gz:add(a.long, ent)
    end
    doc.gz:add(a.acronym, ent)
    local have = false
    for _, x in ipairs(ent.aliases) do if x == a.acronym then have = true end end
    if not have and not ent.known then ent.aliases[#ent.aliases + 1] = a.acronym end
    doc.acronyms[#doc.acronyms + 1] = {acronym = a.acronym, entity = ent, sentence = sentence.index}
  end
  local mentions = guard(R, doc, sentence, text, toks, gazetteer_mentions(R, doc, text, first, last))
  -- a figure wins over a name that overlaps it; a count loses
  local kept = {}
  for _, m in ipairs(mentions) do
    local clash = false
    for _, q in ipairs(quantities) do
      if q.kind ~= "count" and m.first <= q.last and q.first <= m.last then clash = true end
    end
    if not clash then kept[#kept + 1] = m end
  end
  mentions = kept
  local spans = {}
  for _, m in ipairs(mentions) do spans[#spans + 1] = m end
  for _, q in ipairs(quantities) do if q.kind ~= "count" then spans[#spans + 1] = q end end
  local found = pattern_mentions(R, doc, text, toks, spans)
  for _, m in ipairs(found) do spans[#spans + 1] = m end
  for _, m in ipairs(name_mentions(R, doc, text, toks, spans)) do found[#found + 1] = m end
  for _, m in ipairs(found) do
    mentions[#mentions + 1] = m
    spans[#spans + 1] = m
    doc.gz:add(text:sub(m.first, m.last), m.entity)
  end
  table.sort(mentions, function(a, b) return a.first < b.first end)
  -- "Long Form (LF)": one mention
  local merged = {}
  for _, m in ipairs(mentions) do
    local prev = merged[#merged]
    if prev and prev.entity == m.entity and text:sub(prev.last + 1, m.first - 1):match("^%s*%($")
       and text:sub(m.last + 1, m.last + 1) == ")" then
      prev.last = m.last + 1
      prev.acronym = text:sub(m.first, m.last)
    else
      merged[#merged + 1] = m
    end
  end
  mentions = merged
  for _, m in ipairs(mentions) do m.sentence = sentence.index end
  -- the mentions "the company" may point back to: the last few sentences'
  local earlier, from = {}, #doc.mentions + 1
  while from > 1 and doc.mentions[from - 1].sentence >= sentence.index - L.anaphora_reach do from = from - 1 end
  for x = from, #doc.mentions do earlier[#earlier + 1] = doc.mentions[x] end
  for _, m in ipairs(mentions) do earlier[#earlier + 1] = m end
  local spans2 = {}
  for _, m in ipairs(mentions) do spans2[#spans2 + 1] = m end
  for _, m in ipairs(anaphora(doc, sentence, toks, spans2, earlier)) do
    m.sentence = sentence.index
    mentions[#mentions + 1] = m
  end
  table.sort(mentions, function(a, b) return a.first < b.first end)
  for _, m in ipairs(mentions) do
    doc.mentions[#doc.mentions + 1] = m
    doc.seen[m.entity] = true
  end
  sentence.mentions = mentions
  sentence.quantities = quantities
  -- the items
  local items = {}
  local mi, qi = 1, 1
  local k = 1
  while k <= #toks do
    local t = toks[k]
    local m, q = mentions[mi], quantities[qi]
    while m and m.last < t.first do mi = mi + 1; m = mentions[mi] end
    while q and q.last < t.first do qi = qi + 1; q = quantities[qi] end
    -- (a mention may end inside a token: "Tokyo" of "Tokyo-based")
    if m and m.first <= t.first and t.first <= m.last and not (q and q.kind ~= "count" and q.first <= t.first) then
      items[#items + 1] = {kind = "entity", entity = m.entity, mention = m, first = m.first, last = m.last}
      while toks[k] and toks[k].first <= m.last do k = k + 1 end
      mi = mi + 1
    elseif q and q.first <= t.first and t.last <= q.last then
      items[#items + 1] = {kind = "quantity", q = q, first = q.first, last = q.last}
      while toks[k] and toks[k].first <= q.last do k = k + 1 end
      qi = qi + 1
    else
      if not quote_marks[t.text] then
        items[#items + 1] = {kind = "word", norm = norm(t.text), text = t.text, first = t.first, last = t.last}
      end
      k = k + 1
    end
  end
  sentence.items = items
end

return M
