-- extract/matcher.lua -- the pattern language of extraction rules, and
-- matching it against a sentence.
--
-- A sentence is a list of items: words (and punctuation), entity mentions
-- and quantities (see mentions.lua).  A pattern is a line of elements,
-- separated by spaces:
--
--   oversees            a word, ignoring case; "oversee*" any word that
--                       starts so; "a|b|c" one of several; "," "'s" ":"
--                       punctuation and the possessive
--   {A}                 an entity mention, remembered as A
--   {A:company|court}   ... of one of these types ({A:-product}: any type
--                       but these)
--   {A+}                a list: "X, Y and Z" ("the" "its" allowed before
--                       each); one relationship is made per entity
--   {A*}                every entity from here to the end of the clause
--   {A?}                an optional mention
--   <money> <data> <count> <date> <percent> <quantity>
--                       a figure of that kind ("<count?>": optional)
--   ...  ...5           a gap of up to 8 (5) words or figures, no entity
--   ***  ***20          a gap of up to 12 (20) items of any kind
--   ( a b | c )         one of several sequences;  [ a b ]  optional
--   ^  $                the start / end of the sentence
--
-- Gaps are lazy (shortest first); lists are greedy.  M.compile(text)
-- returns a compiled pattern or raises with the reason;
-- M.find_all(pattern, items) returns every match, one per start item:
--   {first = i, last = j, gaps = n, slots = {A = {items...}, ...},
--    quantities = {items...}}

local L = require "extract.lexicon"

local M = {}

-- ---- compiling -----------------------------------------------------------------
local function lex(text)
  local toks, i = {}, 1
  while i <= #text do
    local c = text:sub(i, i)
    if c:match("%s") then
      i = i + 1
    elseif c == "{" or c == "<" then
      local close = c == "{" and "}" or ">"
      local j = text:find(close, i, true)
      if not j then error(("unclosed %s in pattern"):format(c), 0) end
      toks[#toks + 1] = text:sub(i, j)
      i = j + 1
    elseif c == "\\" then
      toks[#toks + 1] = {lit = text:sub(i + 1, i + 1)}
      i = i + 2
    elseif c:match("[%(%)%[%]|,;:%^%$]") then
      toks[#toks + 1] = c
      i = i + 1
    else
      local j = i
      while j <= #text and not text:sub(j, j):match("[%s{}<>%(%)%[%],;:\\]") do j = j + 1 end
      local w = text:sub(i, j - 1)
      -- "a|b" stays one word; a lone "|" was taken above
      toks[#toks + 1] = w
      i = j
    end
  end
  return toks
end

local function parse_types(spec)
  if not spec or spec == "" then return nil end
  local neg = spec:sub(1, 1) == "-"
  local set = {}
  for t in spec:gsub("^%-", ""):gmatch("[^|]+") do set[t] = true end
  return {neg = neg, set = set}
end

local function element(tok)
  if type(tok) == "table" then return {kind = "word", alts = {{lit = tok.lit}}} end
  if tok:sub(1, 1) == "{" then
    local name, mod, types = tok:match("^{(%a[%w_]*)([%+%*%?]?):?([^}]*)}$")
    if not name then error(("bad slot %s (write {A}, {A+:type} ...)"):format(tok), 0) end
    return {kind = "slot", name = name, mod = mod, types = parse_types(types)}
  end
  if tok:sub(1, 1) == "<" then
    local qk, opt = tok:match("^<(%a+)(%??)>$")
    local known = {money = true, data = true, count = true, date = true, percent = true, quantity = true}
    if not qk or not known[qk] then error(("bad figure %s (<money>, <data>, <count>, <date>, <percent>)"):format(tok), 0) end
    return {kind = "qty", qkind = qk, optional = opt == "?"}
  end
  local dots, n = tok:match("^(%.%.%.)(%d*)$")
  if dots then return {kind = "gap", max = tonumber(n) or 8, any = false} end
  local stars, m = tok:match("^(%*%*%*)(%d*)$")
  if stars then return {kind = "gap", max = tonumber(m) or 12, any = true} end
  if tok == "^" then return {kind = "start"} end
  if tok == "$" then return {kind = "finish"} end
  local alts = {}
  for a in (tok .. "|"):gmatch("([^|]*)|") do
    if a == "" then error(("empty alternative in '%s'"):format(tok), 0) end
    a = a:lower():gsub("’", "'")
    if a:sub(-1) == "*" and #a > 1 then alts[#alts + 1] = {prefix = a:sub(1, -2)}
    else alts[#alts + 1] = {lit = a} end
  end
  return {kind = "word", alts = alts}
end

-- seq := elem*; a group is "( seq | seq )" or "[ seq ]".
local function parse_seq(toks, i, closer)
  local seqs, seq = {}, {}
  while true do
    local t = toks[i]
    if t == nil then
      if closer then error(("missing '%s' in pattern"):format(closer), 0) end
      break
    end
    if t == closer then break end
    if t == ")" or t == "]" then error(("unexpected '%s' in pattern"):format(t), 0) end
    if t == "|" then
      if not closer then error("'|' outside ( ) or [ ] (write a|b for one of two words)", 0) end
      seqs[#seqs + 1] = seq
      seq = {}
      i = i + 1
    elseif t == "(" or t == "[" then
      local inner
      inner, i = parse_seq(toks, i + 1, t == "(" and ")" or "]")
      seq[#seq + 1] = {kind = "group", alts = inner, optional = t == "["}
      i = i + 1
    else
      seq[#seq + 1] = element(t)
      i = i + 1
    end
  end
  seqs[#seqs + 1] = seq
  return seqs, i
end

function M.compile(text)
  local seqs = parse_seq(lex(text), 1, nil)
  if #seqs[1] == 0 then error("empty pattern", 0) end
  -- the words a sentence must hold for a match: a quick test first
  local needs = {}
  for _, el in ipairs(seqs[1]) do
    if el.kind == "word" then needs[#needs + 1] = el.alts end
  end
  return {text = text, seq = seqs[1], needs = needs}
end

-- ---- matching ----------------------------------------------------------------------
local function word_ok(el, item)
  if item.kind ~= "word" then return false end
  for _, a in ipairs(el.alts) do
    if a.lit and item.norm == a.lit then return true end
    if a.prefix and item.norm:sub(1, #a.prefix) == a.prefix then return true end
  end
  return false
end

local function type_ok(types, item)
  if item.kind ~= "entity" then return false end
  if not types then return true end
  local has = types.set[item.entity.type] == true
  if types.neg then return not has end
  return has
end

local function qty_ok(el, item)
  return item.kind == "quantity" and (el.qkind == "quantity" or item.q.kind == el.qkind)
end

local determiners = {the = true, its = true, their = true, a = true, an = true, his = true, her = true,
                     our = true}

-- A slot may start one determiner early: "to the Department of ...".
local function skip_determiner(items, i)
  local it = items[i]
  if it and it.kind == "word" and determiners[it.norm] and items[i + 1] and items[i + 1].kind == "entity" then
    return i + 1
  end
  return i
end
local joiners = {[","] = true, ["and"] = true, ["or"] = true, ["&"] = true}

-- The ends (last item index) of the lists of mentions starting at i,
-- longest first: each a list of the items.
local function lists_at(items, i, types)
  if not items[i] or not type_ok(types, items[i]) then return {} end
  local out, cur, j = {}, {items[i]}, i
  out[1] = {last = i, ents = {items[i]}}
  while true do
    local k = j + 1
    local saw = false
    while items[k] and items[k].kind == "word" and (joiners[items[k].norm] or
          (items[k].norm == "as" and items[k + 1] and items[k + 1].norm == "well" and items[k + 2] and items[k + 2].norm == "as")) do
      if items[k].norm == "as" then k = k + 2 end
      k = k + 1
      saw = true
    end
    if items[k] and items[k].kind == "word" and determiners[items[k].norm] then k = k + 1 end
    if not saw or not items[k] or not type_ok(types, items[k]) then break end
    cur = {table.unpack(cur)}
    cur[#cur + 1] = items[k]
    table.insert(out, 1, {last = k, ents = cur})
    j = k
  end
  return out
end

local function clause_end(items, i)
  local j = i
  while items[j] do
    local it = items[j]
    if it.kind == "word" and L.clause_breaks[it.norm] then break end
    j = j + 1
  end
  return j - 1
end

local function bind(state, name, ents)
  local s = {slots = {}, quantities = state.quantities, gaps = state.gaps}
  for k, v in pairs(state.slots) do s.slots[k] = v end
  s.slots[name] = ents
  return s
end

local function with_qty(state, item)
  local q = {table.unpack(state.quantities)}
  q[#q + 1] = item
  return {slots = state.slots, quantities = q, gaps = state.gaps}
end

local function with_gap(state, n)
  return {slots = state.slots, quantities = state.quantities, gaps = state.gaps + n}
end

local match_seq

-- Matches element el at item i; calls k(next_i, state) for each way,
-- returning the first non-nil result.
local function match_el(el, items, i, state, k)
  local kind = el.kind
  if kind == "word" then
    if items[i] and word_ok(el, items[i]) then return k(i + 1, state) end
    return nil
  elseif kind == "slot" then
    i = skip_determiner(items, i)
    if el.mod == "+" then
      for _, l in ipairs(lists_at(items, i, el.types)) do
        local r = k(l.last + 1, bind(state, el.name, l.ents))
        if r then return r end
      end
      return nil
    elseif el.mod == "*" then
      local last = clause_end(items, i)
      local ents = {}
      for j = i, last do
        if type_ok(el.types, items[j]) then ents[#ents + 1] = items[j] end
      end
      if #ents == 0 then return nil end
      return k(last + 1, bind(state, el.name, ents))
    end
    -- "Microsoft's Azure": the thing owned first, the owner second
    local owned = items[i + 2]
    if items[i] and items[i].kind == "entity" and items[i + 1] and items[i + 1].norm == "'s" and owned and
       type_ok(el.types, owned) then
      local r = k(i + 3, bind(state, el.name, {owned}))
      if r then return r end
    end
    if items[i] and type_ok(el.types, items[i]) then
      local r = k(i + 1, bind(state, el.name, {items[i]}))
      if r then return r end
    end
    if el.mod == "?" then return k(i, state) end
    return nil
  elseif kind == "qty" then
    if items[i] and qty_ok(el, items[i]) then
      local r = k(i + 1, with_qty(state, items[i]))
      if r then return r end
    end
    if el.optional then return k(i, state) end
    return nil
  elseif kind == "gap" then
    for n = 0, el.max do
      local r = k(i + n, with_gap(state, n))
      if r then return r end
      local it = items[i + n]
      if not it then return nil end
      if not el.any and it.kind == "entity" then return nil end
    end
    return nil
  elseif kind == "start" then
    if i == 1 then return k(i, state) end
    return nil
  elseif kind == "finish" then
    if i == #items + 1 then return k(i, state) end
    return nil
  elseif kind == "group" then
    for _, seq in ipairs(el.alts) do
      local r = match_seq(seq, 1, items, i, state, k)
      if r then return r end
    end
    if el.optional then return k(i, state) end
    return nil
  end
  error("unknown element " .. tostring(kind))
end

match_seq = function(seq, n, items, i, state, k)
  local el = seq[n]
  if not el then return k(i, state) end
  return match_el(el, items, i, state, function(j, st)
    return match_seq(seq, n + 1, items, j, st, k)
  end)
end

-- Does the sentence hold a word for each word element of the pattern?
local function possible(p, items)
  local words = items.words
  if not words then
    words = {}
    for i, it in ipairs(items) do
      it.index = i
      if it.kind == "word" then words[it.norm] = true end
    end
    items.words = words
  end
  for _, alts in ipairs(p.needs) do
    local any = false
    for _, a in ipairs(alts) do
      if a.lit and words[a.lit] then any = true break end
      if a.prefix then
        for w in pairs(words) do
          if w:sub(1, #a.prefix) == a.prefix then any = true break end
        end
        if any then break end
      end
    end
    if not any then return false end
  end
  return true
end

-- Could the pattern's first element match at item i?
local function can_start(el, items, i)
  local it = items[i]
  if el.kind == "word" then return word_ok(el, it) end
  if el.kind == "slot" and el.mod ~= "?" then
    return it.kind == "entity" or (it.kind == "word" and determiners[it.norm] ~= nil)
  end
  return true
end

-- Every match of pattern p in items, one per start item.
function M.find_all(p, items)
  local out = {}
  if not possible(p, items) then return out end
  local anchored = p.seq[1].kind == "start"
  for start = 1, anchored and 1 or #items do
    if not anchored and not can_start(p.seq[1], items, start) then goto continue end
    local r = match_seq(p.seq, 1, items, start, {slots = {}, quantities = {}, gaps = 0}, function(j, st)
      if j <= start then return nil end -- matched nothing
      return {first = start, last = j - 1, gaps = st.gaps, slots = st.slots, quantities = st.quantities}
    end)
    if r then out[#out + 1] = r end
    ::continue::
  end
  return out
end

return M
