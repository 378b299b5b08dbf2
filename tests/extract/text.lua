-- text.lua -- tests of erg.text (tokens, sentences, gazetteers) and of the
-- extraction modules one by one: figures and dates, the rule pattern
-- language, acronyms, organisation patterns, "the company".
--
--   erg run tests/extract/text.lua
--
-- Prints "text: N passed, N failed"; exits 1 on a failure.

local root = (arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../.."
table.insert(package.searchers, 2, function(name)
  local rest = name:match("^extract%.([%w_]+)$")
  if not rest then return nil end
  local path = root .. "/lua/extract/" .. rest .. ".lua"
  return assert(loadfile(path, "t")), path
end)

local passed, failed = 0, 0
local function show(v)
  if type(v) ~= "table" then return type(v) == "string" and ("%q"):format(v) or tostring(v) end
  local parts, keys = {}, {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
  return "{" .. table.concat(parts, ", ") .. "}"
end
local function same(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
local function eq(name, got, want)
  if same(got, want) then passed = passed + 1 return end
  failed = failed + 1
  io.stderr:write(("FAIL [text] %s\n    expected: %s\n    actual:   %s\n"):format(name, show(want), show(got)))
end
local function err(name, pattern, fn, ...)
  local ok, e = pcall(fn, ...)
  if not ok and tostring(e):find(pattern, 1, true) then passed = passed + 1 return end
  failed = failed + 1
  io.stderr:write(("FAIL [text] %s\n    expected an error with: %s\n    got: %s\n"):format(name, pattern,
    ok and "no error" or tostring(e)))
end

local T = erg.text

-- ---- tokens --------------------------------------------------------------------------
local function toks(s, i, j)
  local out = {}
  for _, t in ipairs(T.tokens(s, i, j)) do out[#out + 1] = t.kind:sub(1, 1) .. ":" .. t.text end
  return out
end
eq("tokens: joiners, initialisms, possessives",
   toks("U.S. Microsoft's Reese’s F-35 AT&T don't agencies' e.g. J. Smith"),
   {"w:U.S.", "w:Microsoft", "w:'s", "w:Reese", "w:’s", "w:F-35", "w:AT&T", "w:don't", "w:agencies", "p:'",
    "w:e.g.", "w:J", "p:.", "w:Smith"})
eq("tokens: numbers", toks("1,400 3.5 2025 $101M A$16 737-800 12th"),
   {"n:1,400", "n:3.5", "n:2025", "p:$", "w:101M", "w:A", "p:$", "n:16", "w:737-800", "w:12th"})
eq("tokens: a number ends before a final dot", toks("in 2025."), {"w:in", "n:2025", "p:."})
eq("tokens: quotes and dashes are punctuation", toks("“Yes” — no"), {"p:“", "w:Yes", "p:”", "p:—", "w:no"})
eq("tokens: a range of the string", toks("alpha beta gamma", 7, 10), {"w:beta"})
local t = T.tokens("ab cd")[2]
eq("tokens: positions", {t.first, t.last, t.kind}, {4, 5, "word"})
eq("tokens: invalid UTF-8 is punctuation", toks("a\xff\xfeb"), {"w:a", "p:\xff", "p:\xfe", "w:b"})
eq("tokens: empty", toks(""), {})

-- ---- sentences --------------------------------------------------------------------------
local function sents(s, ...)
  local out = {}
  for _, x in ipairs(T.sentences(s, ...)) do out[#out + 1] = s:sub(x.first, x.last) end
  return out
end
eq("sentences: titles, suffixes, numbers",
   sents("Dr. Ruiz joined Acme Inc. last year. The firm grew 3.5 percent. It is based in the U.S. Its rival is not."),
   {"Dr. Ruiz joined Acme Inc. last year.", "The firm grew 3.5 percent.", "It is based in the U.S.",
    "Its rival is not."})
eq("sentences: U.S. inside a name", sents("The U.S. Department of Energy said so. Fine."),
   {"The U.S. Department of Energy said so.", "Fine."})
eq("sentences: quotes", sents('"We will win." The chairman left. "Will it work?" she asked.'),
   {'"We will win."', "The chairman left.", '"Will it work?" she asked.'})
eq("sentences: initials and ellipsis", sents("J. R. Smith waited... and waited. Then he left!"),
   {"J. R. Smith waited... and waited.", "Then he left!"})
eq("sentences: Gen. and No.", sents("They met Gen. Lee at No. 10 on Monday. It rained."),
   {"They met Gen. Lee at No. 10 on Monday.", "It rained."})
eq("sentences: more abbreviations", sents("Ask Supt. Hale. Ask Cmdt. Ruiz.", {abbreviations = {"Cmdt"}}),
   {"Ask Supt. Hale.", "Ask Cmdt. Ruiz."})
local wrapped = "This text is wrapped at a narrow\nwidth, so a line break is\nNot an end.\n\nNew paragraph"
eq("sentences: guess keeps wrapped lines", sents(wrapped), {"This text is wrapped at a narrow\nwidth, so a line break is\nNot an end.", "New paragraph"})
eq("sentences: headlines one a line", sents("Acme Buys Widget Maker\nBank Fines Acme\n"),
   {"Acme Buys Widget Maker", "Bank Fines Acme"})
eq("sentences: blank", sents("One line\nTwo line", {lines = "blank"}), {"One line\nTwo line"})
eq("sentences: each", sents("one line\ntwo line", {lines = "each"}), {"one line", "two line"})
eq("sentences: range", sents("A b. C d. E f.", 6, 9), {"C d."})
eq("sentences: range and options", sents("a\nb\nc", 3, 5, {lines = "each"}), {"b", "c"})
eq("sentences: only spaces", sents("  \n\t "), {})
local x = T.sentences("  Hi there.  ")[1]
eq("sentences: positions without the spaces", {x.first, x.last}, {3, 11})
err("sentences: unknown option", "unknown option 'line'", T.sentences, "x", {line = "each"})
err("sentences: bad lines", "invalid option 'every'", T.sentences, "x", {lines = "every"})

-- ---- gazetteers -----------------------------------------------------------------------------
local gz = T.gazetteer()
gz:add("ICE", "ice")
gz:add("U.S. Immigration and Customs Enforcement", "ice")
gz:add("US", "us")
gz:add("Ring", "ring")
gz:add("Amazon's Ring", "ring")
gz:add("the courts", "courts")
gz:add("Reese's", "reeses")
gz:add("The Guardian", "guardian")
gz:add("key partners", "partners")
gz:add("Colorado", "state")
gz:add("Colorado", "team")
eq("gazetteer: count", #gz, 11)
gz:add("ICE", "ice")
eq("gazetteer: adding again is a no-op", #gz, 11)
local function found(s, opts)
  local out = {}
  for _, m in ipairs(gz:match(s, opts)) do out[#out + 1] = s:sub(m.first, m.last) .. "=" .. m.value end
  return out
end
eq("gazetteer: capitals and case", found("ICE and the ice; Ring, a ring; US and us"),
   {"ICE=ice", "Ring=ring", "US=us"})
eq("gazetteer: longest, initialisms",
   found("The U.S. Immigration and Customs Enforcement (ICE) and the US"),
   {"U.S. Immigration and Customs Enforcement=ice", "ICE=ice", "US=us"})
eq("gazetteer: typographic apostrophes, The/the", found("Amazon’s Ring; Reese’s; the Guardian; The Courts"),
   {"Amazon’s Ring=ring", "Reese’s=reeses", "the Guardian=guardian", "The Courts=courts"})
eq("gazetteer: any case for lower-case names", found("Key Partners and KEY PARTNERS"),
   {"Key Partners=partners", "KEY PARTNERS=partners"})
eq("gazetteer: every value of an ambiguous name", found("in Colorado"), {"Colorado=state", "Colorado=team"})
eq("gazetteer: all, nested", found("Amazon’s Ring", {all = true}), {"Amazon’s Ring=ring", "Ring=ring"})
eq("gazetteer: range", found("ICE and US", 5, 10), {"US=us"})
local m = gz:match("xx ICE")[1]
eq("gazetteer: positions", {m.first, m.last}, {4, 6})
err("gazetteer: a name without words", "has no words", gz.add, gz, " ", "x")
err("gazetteer: a nil value", "a value is needed", gz.add, gz, "x")
err("gazetteer: a word too long", "too long", gz.add, gz, ("a"):rep(300), "x")
local tables = T.gazetteer()
local v = {}
tables:add("Alpha", v)
tables:add("Alpha One", v)
eq("gazetteer: table values come back as they are", tables:match("Alpha One")[1].value == v, true)

-- ---- figures and dates ------------------------------------------------------------------
local Q = require "extract.quantities"
local function figs(s, art)
  local out = {}
  for _, q in ipairs(Q.find(s, 1, #s, art)) do
    local d = q.date and Q.iso(q.date) or (q.unresolved and "?" or nil)
    out[#out + 1] = {q.kind, q.attr, q.value or d, q.text, q.approx, q.noun}
  end
  return out
end
eq("money: billions, A$, M, euros, valuation",
   figs("a $75 billion increase, A$16 million, $101M, €40 million and $850 Billion Valuation"),
   {{"money", "amount_usd", 75e9, "$75 billion"}, {"money", "amount_aud", 16e6, "A$16 million"},
    {"money", "amount_usd", 101e6, "$101M"}, {"money", "amount_eur", 40e6, "€40 million"},
    {"money", "valuation_usd", 850e9, "$850 Billion"}})
eq("money: cents and words", figs("$12.75 by Friday, 5 million euros"),
   {{"money", "amount_usd", 12.75, "$12.75"}, {"date", "date", "?", "Friday"},
    {"money", "amount_eur", 5e6, "5 million euros"}})
eq("data: terabytes, petabytes, hedges", figs("almost 1,400 terabytes, 2.5 PB and 400 TB"),
   {{"data", "data_tb", 1400.0, "1,400 terabytes", true}, {"data", "data_tb", 2500.0, "2.5 PB"},
    {"data", "data_tb", 400.0, "400 TB"}})
eq("counts and percentages", figs("50 jets, 490 million images, 12 percent, 3%"),
   {{"count", "count", 50, "50", nil, "jets"}, {"count", "count", 490000000, "490 million", nil, "images"},
    {"percent", "percent", 12.0, "12 percent"}, {"percent", "percent", 3.0, "3%"}})
eq("years are dates, not counts", figs("in 2025 and 1,900 staff"),
   {{"date", "date", "2025", "2025"}, {"count", "count", 1900, "1,900", nil, "staff"}})
local art = {year = 2026, month = 2, day = 18} -- a Wednesday
eq("dates: full, ISO, month and year",
   figs("on March 4, 2026, on 4 March 2026, on 2026-02-17, in July 2025, by Jan. 5, 2026", art),
   {{"date", "date", "2026-03-04", "March 4, 2026"}, {"date", "date", "2026-03-04", "4 March 2026"},
    {"date", "date", "2026-02-17", "2026-02-17"}, {"date", "date", "2025-07", "July 2025"},
    {"date", "date", "2026-01-05", "Jan. 5, 2026"}})
eq("dates: resolved against the article",
   figs("In July, in January, on Tuesday, on Wednesday, March 2, yesterday, last year", art),
   {{"date", "date", "2025-07", "July"}, {"date", "date", "2026-01", "January"},
    {"date", "date", "2026-02-17", "Tuesday"}, {"date", "date", "2026-02-18", "Wednesday"},
    {"date", "date", "2025-03-02", "March 2"}, {"date", "date", "2026-02-17", "yesterday"},
    {"date", "date", "2025", "last year"}})
eq("dates: unresolved without an article date", figs("in January, on Tuesday"),
   {{"date", "date", "?", "January"}, {"date", "date", "?", "Tuesday"}})
eq("dates: a weekday needs a day", figs("on Tuesday", {year = 2026, month = 2}),
   {{"date", "date", "?", "Tuesday"}})
eq("dates: may and march stay verbs", figs("prices may rise as crowds march; in May"), {})
eq("dates: impossible dates are not dates", figs("on February 30, 2026"), {{"count", "count", 30, "30"}})
eq("weekday arithmetic", {Q.weekday(2026, 2, 18), Q.weekday(2000, 1, 1), Q.weekday(2024, 2, 29)}, {3, 6, 4})
eq("dateline: a short first line", Q.dateline("Published March 3, 2026\n\nBody text."),
   {year = 2026, month = 3, day = 3})
eq("dateline: before a dash", Q.dateline("NORTHPORT, Jan. 5, 2026 -- The agency said so on a long line of text that goes on and on and on past a hundred and twenty bytes."),
   {year = 2026, month = 1, day = 5})
eq("dateline: none", Q.dateline("The agency said on March 3, 2026 that it had a very long first line, much longer than a heading would ever be in any article we know of."),
   nil)

-- ---- the pattern language ------------------------------------------------------------------
local Mt = require "extract.matcher"
err("pattern: unclosed slot", "unclosed {", Mt.compile, "{A oversees")
err("pattern: unknown figure", "bad figure <foo>", Mt.compile, "{A} paid <foo>")
err("pattern: bar outside a group", "'|' outside", Mt.compile, "{A} a | b {B}")
err("pattern: unbalanced", "missing ')'", Mt.compile, "{A} ( a | b {B}")
err("pattern: empty", "empty pattern", Mt.compile, "  ")
err("pattern: bad slot", "bad slot {1}", Mt.compile, "{1} x")
local function items(spec)
  local out = {}
  for w in spec:gmatch("%S+") do
    local id, typ = w:match("^@(%w+):(%w+)$")
    if id then out[#out + 1] = {kind = "entity", entity = {id = id, type = typ}}
    elseif w:match("^#") then out[#out + 1] = {kind = "quantity", q = {kind = w:sub(2)}}
    else out[#out + 1] = {kind = "word", norm = w} end
  end
  return out
end
local function matches(pattern, spec)
  local out = {}
  for _, m in ipairs(Mt.find_all(Mt.compile(pattern), items(spec))) do
    local s = {}
    local names = {}
    for k in pairs(m.slots) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      local ids = {}
      for _, it in ipairs(m.slots[k]) do ids[#ids + 1] = it.entity.id end
      s[#s + 1] = k .. "=" .. table.concat(ids, "+")
    end
    out[#out + 1] = table.concat(s, " ") .. (#m.quantities > 0 and (" #" .. #m.quantities) or "")
  end
  return out
end
eq("match: words and slots", matches("{A} , which oversee* {B}", "@dhs:gov , which oversees @ice:gov"),
   {"A=dhs B=ice"})
eq("match: a gap skips words, not entities", matches("{A} ... oversees {B}",
   "@x:gov said @dhs:gov also oversees @ice:gov"), {"A=dhs B=ice"})
eq("match: *** skips entities", matches("^ {A} *** oversees {B}", "@x:gov said @dhs:gov also oversees @ice:gov"),
   {"A=x B=ice"})
eq("match: lists", matches("{A} called on {B+}", "@ms:co called on @c:leg , the @e:gov , and @j:court to act"),
   {"A=ms B=c+e+j"})
eq("match: types", matches("{A:company} 's {B:product}", "@ms:company 's @az:product and @x:gov 's @y:product"),
   {"A=ms B=az"})
eq("match: negated types", matches("{A:-product} uses {B}", "@p:product uses @q:gov"), {})
eq("match: the owned thing first", matches("out of {B}", "out of @in:country 's @summit:event"), {"B=summit"})
eq("match: optional groups and figures", matches("{A} ordered <count?> [ new ] jets from {B}",
   "@va:co ordered #count new jets from @b:co and @x:co ordered jets from @y:co"), {"A=va B=b #1", "A=x B=y"})
eq("match: alternatives of sequences", matches("{A} ( pulls out of | quits ) {B}",
   "@g:person pulls out of @s:event ; @h:person quits @t:event"), {"A=g B=s", "A=h B=t"})
eq("match: every entity of the clause", matches("{A} uses {B*:product}",
   "@i:gov uses @a:product and @b:product alongside @c:co , which @d:product"), {"A=i B=a+b"})
eq("match: a determiner before a slot", matches("to {B}", "to the @dhs:gov"), {"B=dhs"})

-- ---- mentions: acronyms, patterns, "the agency" -------------------------------------------------
local P = require "extract.pipeline"
local M = require "extract.mentions"
local function mentions(text, names)
  local run = P.new{rules = {}, names = names or {}}
  local doc = P.add_document(run, "t.txt", text, {})
  local out = {}
  for _, s in ipairs(doc.sentences) do
    for _, mm in ipairs(s.mentions) do
      out[#out + 1] = ("%s=%s:%s[%s]"):format(text:sub(mm.first, mm.last), mm.entity.id, mm.entity.type, mm.found_by)
    end
  end
  return out
end
eq("acronyms: defined, then used",
   mentions("The Department of Homeland Security (DHS) met the Anti-Fraud Unit (AFU). DHS and the AFU agreed."),
   {"Department of Homeland Security (DHS)=department_of_homeland_security:government_body[article]",
    "Anti-Fraud Unit (AFU)=anti_fraud_unit:organization[article]",
    "DHS=department_of_homeland_security:government_body[article]",
    "AFU=anti_fraud_unit:organization[article]"})
eq("acronyms: a known long form", mentions("Immigration and Customs Enforcement (ICE) grew. ICE spent more.",
   {{name = "U.S. Immigration and Customs Enforcement", type = "government_body", id = "ice",
     aliases = {"Immigration and Customs Enforcement"}}}),
   {"Immigration and Customs Enforcement (ICE)=ice:government_body[gazetteer]", "ICE=ice:government_body[article]"})
-- XYZ is no alias of the company; on its own it is an acronym's name
eq("acronyms: letters must fit", mentions("Big Widget Company (XYZ) sold widgets."),
   {"Big Widget Company=big_widget_company:company[pattern]", "XYZ=xyz:organization[name]"})
eq("patterns: suffixes, prefixes, people",
   mentions("Dr. Ana Ruiz of the Harbor Safety Agency met the Ministry of Fisheries and Bayline Partners Ltd. today."),
   {"Dr. Ana Ruiz=ana_ruiz:person[name]", "Harbor Safety Agency=harbor_safety_agency:government_body[pattern]",
    "Ministry of Fisheries=ministry_of_fisheries:government_body[pattern]",
    "Bayline Partners Ltd.=bayline_partners_ltd:company[pattern]"})
eq("patterns: title-case headlines need a strong suffix",
   mentions("Harbor Agency Fines Acme Shipping Ltd Over Satellite Internet Service"),
   {"Harbor Agency=harbor_agency:government_body[pattern]",
    "Acme Shipping Ltd=acme_shipping_ltd:company[pattern]"})
-- names.lua: proper names without a list (the misses of issue 19)
eq("names: a person of a company", mentions("Analyst Scott Hinton of Elders Futures Inc. said prices fell."),
   {"Scott Hinton=scott_hinton:person[name]", "Elders Futures Inc.=elders_futures_inc:company[pattern]"})
eq("names: initials and a kept title", mentions("President John F. Kennedy was shot."),
   {"President John F. Kennedy=john_f_kennedy:person[name]"})
eq("names: a university's person", mentions("Boston University's Michael D. Papagiannis said the signal was faint."),
   {"Boston University=boston_university:group[pattern]", "Michael D. Papagiannis=michael_d_papagiannis:person[name]"})
eq("names: an apposition", mentions("Wright, a University of Texas law professor, disagreed."),
   {"Wright=wright:person[name]", "University of Texas=university_of_texas:group[pattern]"})
eq("names: a dateline", mentions("PERUGIA, Italy (AP) _ Police said."),
   {"PERUGIA=perugia:place[name]", "Italy=italy:country[name]", "AP=ap:organization[name]"})
eq("names: a place word and a state abbreviation", mentions("He lived in Hot Springs National Park, Ark., until 1990."),
   {"Hot Springs National Park=hot_springs_national_park:place[name]", "Ark.=ark:place[name]"})
eq("names: an organisation word, a nationality left out",
   mentions("They met at the Hakawati Theatre in Arab east Jerusalem."),
   {"Hakawati Theatre=hakawati_theatre:organization[name]", "Jerusalem=jerusalem:place[name]"})
eq("names: a possessive inside a name", mentions("The National People's Congress met in Beijing."),
   {"The National People's Congress=national_peoples_congress:legislature[name]", "Beijing=beijing:place[name]"})
eq("names: a title starts a name", mentions("Lee County Circuit Judge Thomas Gardner ruled."),
   {"Lee County Circuit=lee_county_circuit:organization[name]", "Thomas Gardner=thomas_gardner:person[name]"})
eq("names: X-based Y", mentions("The New Orleans-based Popeyes Famous Fried Chicken Co. and Tokyo-based Sony Corp. grew."),
   {"New Orleans=new_orleans:place[name]", "Popeyes Famous Fried Chicken Co.=popeyes_famous_fried_chicken_co:company[name]",
    "Tokyo=tokyo:place[name]", "Sony Corp.=sony_corp:company[pattern]"})
eq("names: a sentence's first word", mentions("Yesterday the Police said nothing. Kennedy won."),
   {})

-- the graph's names never leak
local function candidates(text, names)
  local run = P.new{rules = {}, names = names or {}}
  local doc = P.add_document(run, "t.txt", text, {})
  local out = {}
  for _, c in ipairs(doc.candidates or {}) do out[#out + 1] = c.text .. "?" .. c.entity.id .. ": " .. c.why end
  return out
end
local congress = {{name = "U.S. Congress", type = "legislature", id = "us_congress", aliases = {"Congress"}}}
eq("leak: a graph name inside a longer name", mentions("The National People's Congress met.", congress),
   {"The National People's Congress=national_peoples_congress:legislature[name]"})
eq("leak: ... is a candidate", candidates("The National People's Congress met.", congress),
   {"Congress?us_congress: part of the longer name 'The National People's Congress'"})
eq("leak: the whole name links", mentions("Congress met.", congress), {"Congress=us_congress:legislature[gazetteer]"})
local buffs = {{name = "Colorado Buffaloes", type = "sports_team", id = "buffs", aliases = {"Colorado"}}}
eq("leak: a place's name", mentions("Snow fell in Colorado on Monday.", buffs), {"Colorado=colorado:place[name]"})
eq("leak: ... is a candidate", candidates("Snow fell in Colorado on Monday.", buffs),
   {"Colorado?buffs: a place's name too"})
local ice = {{name = "U.S. Immigration and Customs Enforcement", type = "government_body", id = "ice", aliases = {"ICE"}}}
eq("leak: an acronym without support", mentions("Miguel Rodriguez Mendoza, ICE minister, spoke.", ice),
   {"Miguel Rodriguez Mendoza=miguel_rodriguez_mendoza:person[name]", "ICE=ice_2:organization[name]"})
eq("leak: an acronym the article spells out",
   mentions("U.S. Immigration and Customs Enforcement grew. ICE spent more.", ice),
   {"U.S. Immigration and Customs Enforcement=ice:government_body[gazetteer]", "ICE=ice:government_body[gazetteer]"})
eq("leak: case counts", mentions("The ice melted.", ice), {})

eq("anaphora: the subject of the sentence before",
   mentions("Acme Corp. sued Beta Inc. on Friday. The company said it would appeal."),
   {"Acme Corp.=acme_corp:company[pattern]", "Beta Inc.=beta_inc:company[pattern]",
    "The company=acme_corp:company[anaphora]"})
eq("anaphora: not in apposition",
   mentions("The Harbor Safety Agency, the agency that oversees ports, met."),
   {"Harbor Safety Agency=harbor_safety_agency:government_body[pattern]"})
eq("guess_type", {M.guess_type("Acme Inc"), M.guess_type("Ministry of Fisheries"), M.guess_type("Blue Sky")},
   {"company", "government_body"})

print(("text: %d passed, %d failed"):format(passed, failed))
if failed > 0 then os.exit(1) end
