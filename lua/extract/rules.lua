-- extract/rules.lua -- the default relationship rules of erg extract, in
-- the vocabulary of graphs/README.md (oversees, supplies, orders_from...).
--
-- A rule:
--   name       shown in the output (the `rule` attribute) and in review
--   pattern    a pattern (or a list of them) in matcher.lua's language
--   rel        {FROM_SLOT, TYPE, TO_SLOT, attr = value, ...}, or rels = {...}
--              values: literals, "@X" (the id of slot X's entity), "@X*"
--              (all of their ids), or function(match, ctx)
--   confidence how sure a match makes us (default 0.7); lowered by long
--              gaps and by mentions found through "the company"
--   new        {SLOT = {name = "{A} funding round", type = "event"}}: an
--              entity the rule names (reused when the graph has it)
--   date_attr  where a date goes ("date", or "as_of" for a measurement)
--   dates      which date: the first inside the matched words (default),
--              "sentence": else the first of the sentence, false: none
--   quantities figures: those inside the matched words (default),
--              "sentence": the sentence's too, false: none
--   count_attr where a captured <count> goes (default "count")
--   modality = false: no "planned"/"pending" status from "X to ..."
--   defer      true: no relationship between two entities an earlier rule
--              already joined in the sentence (the general rules below
--              that stand behind the specific ones above)
--   exclude    "was|were": no match whose words include one of these (to
--              keep a passive "X was built with Y" from reading as X builds)
--   fn         function(ctx, rule) for what a pattern cannot say; ctx has
--              match(pattern), propose(name, from, type, to, attrs, conf),
--              last_proposal(type), memory (per article), sentence, doc
--
-- Figures in the matched words fill amount_usd, amount_aud, data_tb,
-- valuation_usd... (quantities.lua).  A --rules file returns a list of
-- rules tried before these, or {rules = {...}, replace = true} to use its
-- own only, and may add names: {names = {{name = "Acme", type = "company"}}}.

local verbs = {
  provide = "provide|provides|provided|providing|supply|supplies|supplied|supplying|deliver|delivers|delivered|sell|sells|sold",
  use = "use|uses|used|using|relies|rely|relied|relying|depends|depend|depended|leverages|leveraged|runs|ran",
  oversee = "oversee|oversees|overseeing|oversaw|supervise|supervises|supervised|regulates|regulate|regulated|governs",
}

local N = require "extract.names"

-- Entity types in slots: any organisation, any place.
local ORG = "organization|company|government_body|court|legislature|media_org|group|sports_team"
local PLACE = "place|country|facility"
local ORG_SET = {}
for t in ORG:gmatch("[^|]+") do ORG_SET[t] = true end

-- Roles that make a person part of an organisation ("IBM chairman John Akers").
local ROLE = "spokesman|spokeswoman|spokesperson|chairman|chairwoman|president|director|chief|head|" ..
  "official|officials|executive|analyst|economist|professor|researcher|scientist|lawyer|attorney|" ..
  "member|leader|founder|manager|editor|reporter|correspondent|secretary|minister|commissioner|" ..
  "governor|senator|mayor|ambassador|general|commander|coach|vice|deputy|treasurer|trustee|agent|" ..
  "administrator|superintendent|dean|astronomer|physicist|engineer|employee|worker|staff|aide|adviser|" ..
  "sen.|gov.|rep.|dr.|leader|boss|owner|publisher|producer|prosecutor|judge|justice|officer|detective|" ..
  "sheriff|chancellor|premier|king|queen|prince|envoy|delegate|negotiator|law|political|former|senior|" ..
  "top|news|press|general|assistant|associate|special|anchorman|anchor|anchorwoman|trader|candidate|" ..
  "nominee|chairperson|spokesmen|columnist|writer|physician|surgeon|pilot|historian|curator|coordinator"
-- Verbs of killing.
local KILL = "killed|kills|kill|killing|assassinated|assassinate|assassinating|murdered|murder|murdering|" ..
  "shot|shoots|shooting|slew|slain|stabbed|stabbing|strangled|executed|poisoned|gunned|beheaded|hanged|" ..
  "bludgeoned|ambushed"

-- The products named inside a match (for the `product` attribute).
local function products(m, ctx) return ctx.products(m) end

return {
  -- ---- authority and structure ------------------------------------------------
  {name = "oversees-which", confidence = 0.9,
   pattern = "{A} , which|that " .. verbs.oversee .. " {B+}",
   rel = {"A", "oversees", "B"}},
  {name = "umbrella", confidence = 0.85,
   pattern = "{A} , [ the ] umbrella|parent agency|department|body|organization|organisation|company that|which " .. verbs.oversee .. " {B+}",
   rels = {{"A", "oversees", "B"}, {"B", "part_of", "A"}}},
  {name = "oversees", confidence = 0.75,
   pattern = "{A} ... " .. verbs.oversee .. " {B+}",
   rel = {"A", "oversees", "B"}},
  {name = "overseen-by", confidence = 0.8,
   pattern = "{B} ...4 overseen|supervised|regulated by {A}",
   rel = {"A", "oversees", "B"}},
  {name = "part-of", confidence = 0.8,
   pattern = {"{A} , [ a|an|the ] part|unit|division|component|arm|branch|member of {B}",
              "{A} ...3 is|are|was|were|became [ a|an|the ] part|unit|division|component|arm|branch|member of {B}"},
   rel = {"A", "part_of", "B"}},
  {name = "subsidiary", confidence = 0.8,
   pattern = {"{B} , [ a|an|the ] subsidiary|unit of {A}", "{B} , owned by {A}", "{B} ...3 is|was owned by {A}"},
   rel = {"A", "owns", "B"}},
  {name = "spokesperson-for", confidence = 0.85,
   pattern = {"{A:person} for|at {B:company|government_body|media_org|court|legislature}",
              "{A:person} , [ a|an|the ] ...2 spokesperson|spokesman|spokeswoman|official|employee|engineer|analyst|lawyer|officer|member|adviser|advisor|researcher for|at|of|with {B:company|government_body|media_org|court|legislature|group}"},
   rel = {"A", "part_of", "B"}},
  {name = "services-including", confidence = 0.75,
   pattern = "{A:product} services|tools|products|features|offerings [ , ] ( including | such as ) ...3 {B+:product}",
   rel = {"B", "part_of", "A"}},
  {name = "runs-on", confidence = 0.6,
   pattern = "{B:product} on|within {A:product}",
   rel = {"B", "part_of", "A"}},

  -- ---- supply ------------------------------------------------------------------------
  {name = "provides-to-through", confidence = 0.85,
   pattern = "{A} ... " .. verbs.provide .. " ...3 [ {P:product} ...3 ] to {B+} ***12 through|via {Z}",
   rels = {{"A", "supplies", "B", via = "@Z", product = products},
           {"A", "provides_through", "Z", product = products}, {"Z", "supplies", "B", product = products}}},
  {name = "provides-to", confidence = 0.75,
   pattern = {"{A} ... " .. verbs.provide .. " ...3 [ {P:product} ...3 ] to {B+}",
              "{A} ... supplies|supplied|supply|supplying|provides|provided|provide [ the ] {B+} with"},
   rel = {"A", "supplies", "B", product = products}},
  {name = "supplier-of", confidence = 0.7,
   pattern = "{A} ...2 supplier|provider|vendor|contractor of|for|to {B}",
   rel = {"A", "supplies", "B"}},

  -- ---- orders, contracts, money -------------------------------------------------
  {name = "ordered-from", dates = "sentence", quantities = "sentence", confidence = 0.85,
   pattern = "{A:-product|topic} ...3 order|orders|ordered|bought|buys|buy|purchased|purchases <count?> ***4 from {B}",
   rels = {{"A", "orders_from", "B", product = products}}},
  {name = "order-from", dates = "sentence", quantities = "sentence", confidence = 0.8,
   pattern = "{B} secure*|win|wins|won|land*|receive*|get|gets|got|book*|bag* [ a|an ] <count?> ***4 order|orders|contract|contracts from {A}",
   rels = {{"A", "orders_from", "B", product = products}}},
  -- "$101M in U.S. Defense contracts": from the country's Department of
  -- Defense when the names know it, else from the country.
  {name = "contracts-from", fn = function(ctx)
     local pat = "{B} secure*|win|wins|won|land*|receive*|get|gets|got|award* <money> in|of ...2 {A:government_body|country|company} ...3 contract|contracts|deals|deal"
     for _, m in ipairs(ctx.match(pat)) do
       local a, b = m.slots.A[1], m.slots.B[1]
       local from = a.entity
       local word = ctx.items[a.index + 1]
       if a.entity.type == "country" and word and word.kind == "word" then
         local dept = ctx.find_name(a.entity.name .. " Department of " .. word.text) or
                      ctx.find_name("Department of " .. word.text)
         if dept then from = dept end
       end
       ctx.propose("contracts-from", from, "orders_from", b.entity, ctx.figures(m), 0.6)
     end
   end},
  {name = "awarded-contract", dates = "sentence", quantities = "sentence", confidence = 0.8,
   pattern = {"{A} award*|grant*|gave|give* {B} [ a|an ] <money?> ...3 contract|contracts|deal|order",
              "{A} award*|grant*|gave|give*|signed [ a|an|the ] <money?> ...3 contract|contracts|deal|order to|with [ the ] {B}"},
   rel = {"A", "orders_from", "B"}},
  {name = "order-product", confidence = 0.6, quantities = false, dates = false,
   pattern = "{A:company} secure*|win|wins|won|land*|receive*|book* <count?> {P:product} ...3 order|orders",
   rel = {"A", "develops", "P"}},
  {name = "contract-for-product", confidence = 0.6, quantities = false, dates = false,
   pattern = "{A:company} ***8 contract|contracts|deal|deals for|covering {P+:product}",
   rel = {"A", "develops", "P"}},
  {name = "fines", dates = "sentence", confidence = 0.9,
   pattern = "{A} fine|fines|fined|penalise*|penalize* {B} <money?>",
   rel = {"A", "fines", "B"}},
  {name = "fined-by", dates = "sentence", confidence = 0.9,
   pattern = "{B} ...2 ( fined | penalised | penalized | ordered to pay ) <money?> ***6 by {A}",
   rel = {"A", "fines", "B"}},
  {name = "invests-in", dates = "sentence", quantities = "sentence", confidence = 0.85,
   pattern = "{A} ...4 invest|invests|invested|investing|put|puts|pour|pours|poured <money?> ...3 in|into {B+}",
   rel = {"A", "invests_in", "B"}},
  {name = "funds", dates = "sentence", quantities = "sentence", confidence = 0.8,
   pattern = {"{A} fund|funds|funded|finance|finances|financed {B+}",
              "{A} ...3 gave|give|gives|granted|grant|grants|allocated|allocates <money> ...4 to {B}"},
   rel = {"A", "funds", "B"}},
  {name = "funded-by", dates = "sentence", quantities = "sentence", confidence = 0.8,
   pattern = "{B} ...3 receive|receives|received|got|gets <money> ***6 from {A}",
   rel = {"A", "funds", "B"}},
  {name = "funding-round", dates = "sentence", quantities = "sentence", confidence = 0.8,
   pattern = "{A:company} ...3 raise*|raising|near|nears|eye|eyes|seek*|close*|closing|complete*|target* ***8 funding|financing round [ at <money> ]",
   new = {R = {name = "{A} funding round", type = "event"}},
   rel = {"A", "raises", "R"}},
  {name = "stake-cut", dates = "sentence", confidence = 0.85, modality = false,
   pattern = "{A} cut|cuts|trim|trims|trimmed|reduce|reduces|reduced|slash|slashes|slashed|sold|sell|sells [ their|its ] {B+} stake|stakes|holdings|positions|shares",
   rel = {"A", "holds_stake_in", "B", change = "decreased"}},
  {name = "stake-raise", dates = "sentence", confidence = 0.85, modality = false,
   pattern = "{A} raise|raises|raised|boost|boosts|boosted|increase|increases|increased|add|adds|added [ their|its|to ] {B+} stake|stakes|holdings|positions|shares",
   rel = {"A", "holds_stake_in", "B", change = "increased"}},
  {name = "stake-in", confidence = 0.8,
   pattern = "{A} ...3 stake|stakes|shares|holding in {B}",
   rel = {"A", "holds_stake_in", "B"}},

  -- ---- making, owning, using ----------------------------------------------------
  {name = "possessive-product", confidence = 0.75, quantities = false, dates = false,
   pattern = "{A:company} 's ...6 {B:product}",
   rel = {"A", "develops", "B"}},
  {name = "appositive-possessive", confidence = 0.75, quantities = false, dates = false,
   pattern = "{B:product} , {A:company} 's",
   rel = {"A", "develops", "B"}},
  {name = "possessive-company", confidence = 0.75, quantities = false, dates = false,
   pattern = "{A:company} 's {B:company}",
   rel = {"A", "owns", "B"}},
  {name = "possessive-event", confidence = 0.7, quantities = false, dates = false,
   pattern = "{A:person} 's {B:event}",
   rel = {"A", "leads", "B"}},
  {name = "possessive-place", confidence = 0.7, quantities = false, dates = false,
   pattern = "{A:country} 's {B:event|facility}",
   rel = {"B", "located_in", "A"}},
  {name = "develops", dates = "sentence", confidence = 0.8, exclude = "was|were|been|being",
   pattern = "{A} ...3 develop|develops|developed|make|makes|made|build|builds|built|design|designs|designed|manufacture*|produce|produces|produced|operate|operates|launch|launches|launched <money?> ...2 {B:product|facility}",
   rel = {"A", "develops", "B"}},
  {name = "develops-by", confidence = 0.8, quantities = false,
   pattern = "{B:product|facility} , ...4 built|developed|made|designed|operated|run|manufactured by {A}",
   rel = {"A", "develops", "B"}},
  {name = "used-by", confidence = 0.75, quantities = false,
   pattern = "{B:product|facility} ...3 is|are|was|were|being ( used | relied on | depended on ) by {A}",
   rel = {"A", "uses", "B"}},
  {name = "owns", confidence = 0.85,
   pattern = "{A} ...2 own|owns|owned|acquire|acquires|acquired|bought|buys|purchased [ the ] {B:company|media_org|organization}",
   rel = {"A", "owns", "B"}},
  {name = "uses", confidence = 0.75,
   pattern = "{A} ...3 " .. verbs.use .. " [ on ] ...3 {B*:product|facility}",
   rel = {"A", "uses", "B"}},
  {name = "reliance-on", confidence = 0.75,
   pattern = "{A} ...4 reliance|dependence|dependency on ***2 {B:product}",
   rel = {"A", "uses", "B"}},
  {name = "built-with", confidence = 0.7,
   pattern = "{B:facility|product} ***6 ( with | using | powered by | running on ) {C+:product}",
   rel = {"B", "uses", "C"}},
  {name = "stores-data", dates = "sentence", confidence = 0.85, date_attr = "as_of",
   pattern = {"{A} ...6 held|holds|hold|stored|stores|store|keeps|kept ...2 <data> ...3 in|on {B:product}",
              "{A} ...8 data|files|records ...2 stored|held|kept|hosted in|on ***3 {B:product}"},
   rel = {"A", "stores_data_in", "B",
          images_equiv = function(m, ctx) return ctx.count_of("images") end}},
  {name = "located-in", confidence = 0.7, quantities = false,
   pattern = "{A:facility|event|group} in {B:country}",
   rel = {"A", "located_in", "B"}},
  {name = "based-in", confidence = 0.8, quantities = false,
   pattern = "{A} , ...3 based|headquartered|located in {B:country}",
   rel = {"A", "located_in", "B"}},

  -- ---- people and events ------------------------------------------------------------
  {name = "leads", confidence = 0.8, quantities = false,
   pattern = {"{A:person} , [ the|its|a ] ...2 chief|head|ceo|chairman|chairwoman|chair|director|president|founder|leader [ executive|officer ] of|at {B}",
              "{B} ...2 ( chief executive | ceo | chairman | chairwoman | head | director | founder | president | leader ) {A:person}",
              "{A:person} ...2 lead|leads|led|heads|headed|runs|ran|chairs {B}",
              "{B} [ 's ] chief|ceo|chairman|chairwoman|chair|director|president|founder|head [ executive|officer ] , {A:person}"},
   rel = {"A", "leads", "B"}},
  {name = "carried-out-by", confidence = 0.75, quantities = false,
   pattern = "{B:event} by {A}",
   rel = {"A", "carries_out", "B"}},
  {name = "carries-out", confidence = 0.75,
   pattern = {"{A} ...3 carried|carries|carry|carrying out ...2 {B:event}",
              "{A} ...3 conducted|conducts|conduct|conducting|enforces|enforced ...2 {B:event}"},
   rel = {"A", "carries_out", "B"}},
  {name = "withdraws", dates = "sentence", confidence = 0.85,
   pattern = "{A} ...2 ( pull* out of | withdr* from | quit* | exit* | left | leaves ) ...2 {B}",
   rel = {"A", "withdraws_from", "B"}},
  {name = "testifies", dates = "sentence", confidence = 0.8,
   pattern = "{A:person} testif* ***12 over|about|on|regarding|concerning {B}",
   rel = {"A", "testifies_about", "B"}},
  {name = "approves", dates = "sentence", confidence = 0.85,
   pattern = "{A} ...2 approve|approves|approved|clear|clears|cleared|authori*|licensed|licenses|permits|permitted {B}",
   rel = {"A", "approves", "B"}},
  {name = "trade-talks", confidence = 0.7, quantities = false,
   pattern = {"^ {A} ***16 amid|during|in {B:country} trade talks|negotiations|talks",
              "{A} ...4 talks|negotiations|negotiating|negotiates|negotiated with {B}"},
   rel = {"A", "negotiates_with", "B"}},
  {name = "partners", confidence = 0.8, quantities = false,
   pattern = {"{A} ...3 and its|their partners [ , ] {B+}",
              "{A} ...2 partnered|partners|teamed|works|worked|collaborated with {B+}"},
   rel = {"A", "partnered_with", "B"}},
  {name = "seeks-access", dates = "sentence", confidence = 0.85, modality = false,
   pattern = "{A} ...2 seek*|want*|request* ...2 access to {B}",
   rel = {"A", "seeks_access_to", "B", status = "pending"}},
  {name = "calls-on", dates = "sentence", confidence = 0.85,
   pattern = "{A} ...3 call|calls|called on|urge|urges|urged|asked|asks|pressed|presses {B+}",
   rel = {"A", "calls_on", "B"}},
  {name = "denies", dates = "sentence", confidence = 0.8,
   pattern = {"{A} ...6 not believe|think ...2 {B}", "{A} ...3 deny|denies|denied|rejects|rejected|disputes|disputed ...4 {B}"},
   rel = {"A", "denies", "B"}},
  {name = "criticizes", dates = "sentence", confidence = 0.75,
   pattern = "{A} ...3 criticiz*|criticis*|condemn*|attack*|fault*|blasted|slammed {B}",
   rel = {"A", "criticizes", "B"}},
  {name = "supports", dates = "sentence", confidence = 0.7,
   pattern = "{A} ...3 support|supports|supported|backs|backed|endorse*|praise* {B}",
   rel = {"A", "supports", "B"}},
  {name = "declined-comment", dates = "sentence", confidence = 0.7,
   pattern = "{A} ...2 declined|refused to comment|discuss ***8 {B}",
   rel = {"A", "declined_comment", "B"}},

  -- ---- reporting ----------------------------------------------------------------------
  {name = "reported", dates = "sentence", confidence = 0.7,
   pattern = {"{A:media_org} ...3 cited|reported|revealed|found|published|obtained|reviewed ...6 {B:-product|media_org|topic}",
              "obtained|reviewed|seen|published by {A:media_org} ***24 about|whether ***2 {B*:-product|media_org|topic|event}"},
   rel = {"A", "reported_on", "B"}},
  -- "...: Bloomberg report" ends a headline: the outlet reported the news,
  -- that is the entity the headline's rules made (a funding round), else
  -- its subject.
  {name = "report-by", fn = function(ctx)
     for _, m in ipairs(ctx.match(": {A:media_org} report|reports $")) do
       local target
       for _, e in ipairs(ctx.sentence.created or {}) do target = target or e end
       local first = ctx.sentence.mentions[1]
       target = target or (first and first.entity)
       if target then ctx.propose("report-by", m.slots.A[1].entity, "reported_on", target, {}, 0.55) end
     end
   end},
  -- Partners named in the same sentence as a report share in it.
  {name = "co-reporters", fn = function(ctx)
     local made = {table.unpack(ctx.sentence.proposals)}
     for _, p in ipairs(made) do
       if p.type == "partnered_with" then
         for _, q in ipairs(made) do
           if q.type == "reported_on" and (q.from == p.from or q.from == p.to) then
             local partner = q.from == p.from and p.to or p.from
             ctx.propose("co-reporters", partner, "reported_on", q.to, {}, 0.5)
           end
         end
       end
     end
   end},

  -- ---- rules that need more than one pattern ----------------------------------------
  -- Who spoke last ("X said ..."), for "The statement came after Y".
  {name = "speaker", fn = function(ctx)
     for _, m in ipairs(ctx.match("{A} ...3 said|says|stated|states|added|noted|told|emphasized|emphasised|argued|announced|insisted")) do
       ctx.memory.speaker = m.slots.A[1].entity
     end
   end},
  {name = "statement-after", fn = function(ctx)
     if not ctx.memory.speaker then return end
     for _, m in ipairs(ctx.match("statement|response|comments|remarks came|follows|followed after|following {B:media_org}")) do
       ctx.propose("statement-after", ctx.memory.speaker, "responds_to", m.slots.B[1].entity, {}, 0.6)
     end
   end},
  {name = "in-response", fn = function(ctx)
     for _, m in ipairs(ctx.match("^ in response [ , ] {A}")) do
       local media = ctx.last_mention("media_org")
       if media then ctx.propose("in-response", m.slots.A[1].entity, "responds_to", media, {}, 0.55) end
     end
   end},
  -- "This was up from 400 terabytes in July 2025": an earlier figure of
  -- the latest relationship that carried one of the same kind.
  {name = "up-from", fn = function(ctx)
     for _, m in ipairs(ctx.match("^ this|that|it ( was | is | had been ) up|down from <quantity>")) do
       local q = m.quantities[1].q
       local prev = ctx.last_proposal(nil, function(p) return p.attrs[q.attr] ~= nil end)
       if prev then
         local attrs = {[q.attr] = q.value}
         for _, x in ipairs(ctx.sentence.quantities) do
           if x.kind == "date" and x.date then attrs[q.kind == "money" and "date" or "as_of"] = ctx.iso(x.date) break end
         end
         ctx.propose("up-from", prev.from, prev.type, prev.to, attrs, 0.7)
       end
     end
   end},
  -- A product whose name starts with its maker's: "Microsoft cloud
  -- productivity tools" named with Microsoft in one sentence.
  {name = "maker-in-name", fn = function(ctx)
     for _, p in ipairs(ctx.sentence.mentions) do
       if p.entity.type == "product" then
         for _, c in ipairs(ctx.sentence.mentions) do
           local n = c.entity.name
           if c.entity.type == "company" and p.entity.name:sub(1, #n + 1) == n .. " " then
             ctx.propose("maker-in-name", c.entity, "develops", p.entity, {}, 0.55)
           end
         end
       end
     end
   end},
  -- Names inside names: "SpaceX Starlink" (SpaceX develops Starlink),
  -- "India AI startups" (located in India), "Amazon's Ring" (owns).
  {name = "nested", fn = function(ctx)
     for _, m in ipairs(ctx.sentence.mentions) do
       for _, n in ipairs(m.nested or {}) do
         if n.first == m.first then
           local outer, inner = m.entity, n.entity
           local after = ctx.doc.text:sub(n.last + 1, n.last + 4)
           local poss = after:match("^'s") or after:match("^’s")
           if inner.type == "company" and outer.type == "product" then
             ctx.propose("nested", inner, "develops", outer, {}, 0.65)
           elseif inner.type == "company" and outer.type == "company" and poss then
             ctx.propose("nested", inner, "owns", outer, {}, 0.65)
           elseif inner.type == "country" and (outer.type == "event" or outer.type == "facility" or outer.type == "group") then
             ctx.propose("nested", outer, "located_in", inner, {}, 0.6)
           elseif inner.type == "person" and outer.type == "event" and poss then
             ctx.propose("nested", inner, "leads", outer, {}, 0.6)
           end
         end
       end
     end
   end},

  -- ---- power mapping: boards, lawsuits --------------------------------------------
  {name = "board-seat", confidence = 0.8, quantities = false,
   pattern = {"{P:person} ...3 sits|sit|sat|serves|served|serve|seat|seats|joined|joins|elected|appointed|named on|to [ the ] board of [ directors of ] [ the ] {O}",
              "{P:person} , ***10 , [ also ] sits|sit|sat|serves|served|serve|joined|joins on|to [ the ] board of [ directors of ] [ the ] {O}",
              "{P:person} , ***10 , [ also ] joined|joins [ the ] board of [ directors of ] [ the ] {O}",
              "{P:person} ...3 joined|joins [ the ] board of [ directors of ] [ the ] {O}",
              "{P:person} , [ a|an ] [ former ] board member|director|trustee|member of|at [ the ] [ board of ] {O}",
              "{O} 's board [ of directors ] ...3 includes|included {P+:person}"},
   rel = {"P", "board_member_of", "O"}},
  {name = "sues", dates = "sentence", quantities = "sentence", confidence = 0.85,
   exclude = "was|were|been|being",
   pattern = {"{A} ...2 sued|sues|sue|suing [ the ] {B+}", "{A} ...3 filed|files|brought [ a ] ( lawsuit | suit | complaint ) against [ the ] {B+}"},
   rel = {"A", "sues", "B"}},
  {name = "sued-by", dates = "sentence", quantities = "sentence", confidence = 0.85,
   pattern = "{B} ...3 was|were|been|is|are|being sued by {A}",
   rel = {"A", "sues", "B"}},
  {name = "acquires", dates = "sentence", quantities = "sentence", confidence = 0.85,
   pattern = {"{A} ...2 completed|completes|agreed|agrees ...2 acquisition|purchase|takeover of [ the ] {B}",
              "{A} 's acquisition|purchase|takeover of [ the ] {B}"},
   rel = {"A", "owns", "B"}},

  -- ---- people, organisations and places, without known names ------------------
  -- (CoNLL04's relations: works_for, killed, based_in, lives_in, located_in.)
  {name = "apposition-role-of", defer = true, confidence = 0.7, quantities = false, dates = false,
   pattern = "{P:person} , [ a|an|the ] ...5 of|for|at|with [ the ] {O:" .. ORG .. "}",
   rel = {"P", "works_for", "O"}},
  {name = "apposition-org-role", defer = true, confidence = 0.7, quantities = false, dates = false,
   pattern = "{P:person} , [ a|an|the|another ] [ former ] {O:" .. ORG .. "}",
   rel = {"P", "works_for", "O"}},
  {name = "possessive-employee", defer = true, confidence = 0.65, quantities = false, dates = false,
   pattern = "{O:" .. ORG .. "} 's ...3 {P:person}",
   rel = {"P", "works_for", "O"}},
  {name = "org-role-person", defer = true, confidence = 0.65, quantities = false, dates = false,
   pattern = "{O:" .. ORG .. "} [ ( ...3 ) ] [ " .. ROLE .. " ] " .. ROLE .. " {P:person}",
   rel = {"P", "works_for", "O"}},
  {name = "person-of-org", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = "{P+:person} of|at [ the ] {O:" .. ORG .. "}",
   rel = {"P", "works_for", "O"}},
  {name = "person-role-of-org", defer = true, confidence = 0.65, quantities = false, dates = false,
   pattern = "{P:person} [ the|a|an ] " .. ROLE .. " of|for|at [ the ] {O:" .. ORG .. "}",
   rel = {"P", "works_for", "O"}},
  {name = "role-for-org-person", defer = true, confidence = 0.7, quantities = false, dates = false,
   pattern = ROLE .. " of|for|at [ the ] {O:" .. ORG .. "} [ , ] {P:person}",
   rel = {"P", "works_for", "O"}},
  {name = "works-for", defer = true, confidence = 0.75, quantities = false, dates = false,
   pattern = {"{P:person} ...4 work|works|worked|working|employed for|at|by [ the ] {O:" .. ORG .. "}",
              "{P:person} ...3 joined|heads|headed|leads|led|runs|ran|founded|represents|represented [ the ] {O:" .. ORG .. "}"},
   rel = {"P", "works_for", "O"}},
  -- "... said Robin Woods, a spokeswoman": she speaks for the sentence's
  -- first organisation; "Coast Guard Lt. Steve Hardy": a role between.
  {name = "said-spokesperson", defer = true, confidence = 0.5, quantities = false, dates = false,
   pattern = "^ [ the ] {O:" .. ORG .. "} ***30 said|says [ " .. ROLE .. " ] {P:person} , [ a|an|the ] ...3 " .. ROLE,
   rel = {"P", "works_for", "O"}},
  {name = "org-title-person", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = "{O:" .. ORG .. "} ( lt|capt|sgt|col|gen|judge|cmdr|adm|maj|sen|gov|rep|candidate|officer|chief|director|leader ) [ \\. ] {P:person}",
   rel = {"P", "works_for", "O"}},
  {name = "employs", defer = true, confidence = 0.7, quantities = false, dates = false,
   pattern = {"{O:" .. ORG .. "} ...3 employs|employed|hired|hires|appointed|named {P:person}",
              "{O:" .. ORG .. "} , based in ***4 , employs|employed|hired|hires {P:person}"},
   rel = {"O", "employs", "P"}},

  -- "A ... killed B", "B was shot ... by A": the verb's voice says who
  -- did it; the killer is the closest person before an active verb (or
  -- after "by"), the victims every person right after it.
  {name = "killed", fn = function(ctx)
     local items = ctx.items
     local kill = {}
     for w in KILL:gmatch("[^|]+") do kill[w] = true end
     local function person(it) return it and it.kind == "entity" and it.entity.type == "person" end
     for v, it in ipairs(items) do
       if it.kind == "word" and kill[it.norm] then
         local passive = false
         for b = v - 1, math.max(1, v - 2), -1 do
           local n = items[b].norm
           if n == "was" or n == "were" or n == "been" or n == "be" or n == "being" then passive = true end
         end
         -- victims: persons after the verb, through "and" and short roles
         local victims, k = {}, v + 1
         local steps = 0
         -- ("killed Phoenix newspaper reporter Don Bolles": a place or an
         -- organisation on the way is the victim's, not the end)
         while items[k] and steps < 7 do
           local x = items[k]
           if person(x) then victims[#victims + 1] = x.entity
           elseif x.kind == "word" and (x.norm == "by" or x.norm == "." or x.norm == ";" or
                  (x.norm == "," and #victims > 0) or (x.norm == "and" and #victims == 0 and steps > 0)) then
             break
           end
           k, steps = k + 1, steps + 1
         end
         -- killers: the person after "by" (passive), else the closest before
         local killer
         if passive or items[v + 1] and items[v + 1].norm == "by" then
           for x = v + 1, math.min(#items, v + 12) do
             if items[x].norm == "by" and person(items[x + 1]) then killer = items[x + 1].entity break end
           end
           if killer then
             victims = {}
             for b = v - 1, math.max(1, v - 8), -1 do
               if person(items[b]) then victims[1] = items[b].entity break end
             end
           end
         else
           for b = v - 1, math.max(1, v - 14), -1 do
             if person(items[b]) then killer = items[b].entity break end
           end
         end
         if killer then
           for _, vic in ipairs(victims) do
             if vic ~= killer and not ctx.joined(killer, vic) then ctx.propose("killed", killer, "killed", vic, {}, passive and 0.75 or 0.7) end
           end
         end
       end
     end
   end},
  {name = "assassin-of", defer = true, confidence = 0.75, quantities = false, dates = false,
   pattern = {"{A:person} , ...3 assassin|killer|murderer|slayer of {B:person}",
              "{B:person} 's assassin|killer|murderer|slayer [ , ] {A:person}",
              "{B:person} assassin|killer|murderer {A:person}",
              "assassin|killer|murderer|slayer of {B:person} , {A:person}",
              "assassination|murder|killing|slaying|shooting of {B:person} by {A:person}",
              "{A:person} ...8 assassination|murder|killing|slaying|shooting of {B:person}",
              "{B:person} 's assassination|murder|killing|slaying ...3 by {A:person}",
              "{B:person} 's assassin|killer|murderer , {A:person}"},
   rel = {"A", "killed", "B"}},

  {name = "org-in-place", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = {"{O:" .. ORG .. "} ...3 based|headquartered|located in [ the ] {L:" .. PLACE .. "}",
              "{O:" .. ORG .. "} [ , ] in|of [ the ] {L:" .. PLACE .. "}",
              "{O:" .. ORG .. "} , ...3 based|headquartered|located in [ the ] {L:" .. PLACE .. "}",
              "{O:" .. ORG .. "} ...2 in|of {L2:" .. PLACE .. "} , {L:" .. PLACE .. "}"},
   rel = {"O", "based_in", "L"}},
  -- "New Orleans-based Popeyes" (names.lua cuts the place before "-based")
  {name = "x-based", confidence = 0.8, quantities = false, dates = false,
   pattern = "{L:" .. PLACE .. "} ...1 {O:" .. ORG .. "}",
   fn = function(ctx, rule)
     for _, m in ipairs(ctx.match(rule.pattern)) do
       local l, o = m.slots.L[1], m.slots.O[1]
       if ctx.doc.text:sub(l.last + 1, l.last + 6) == "-based" and not ctx.joined(l.entity, o.entity) then
         ctx.propose("x-based", o.entity, "based_in", l.entity, {}, 0.8)
       end
     end
   end},
  {name = "place-possessive-org", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = {"{L:" .. PLACE .. "} 's {O:" .. ORG .. "}", "{L:" .. PLACE .. "} {O:" .. ORG .. "}"},
   rel = {"O", "based_in", "L"}},

  {name = "person-of-place", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = {"{P:person} , [ a|an|the ] ...3 of|from [ the ] {L:" .. PLACE .. "}",
              "{P:person} of|from {L:" .. PLACE .. "}"},
   rel = {"P", "lives_in", "L"}},
  {name = "place-possessive-person", defer = true, confidence = 0.6, quantities = false, dates = false,
   pattern = {"{L:" .. PLACE .. "} 's ...4 {P:person}",
              "{L:" .. PLACE .. "} [ " .. ROLE .. " ] " .. ROLE .. " [ \\. ] {P:person}"},
   rel = {"P", "lives_in", "L"}},
  {name = "lives-in", defer = true, confidence = 0.7, quantities = false, dates = false,
   pattern = {"{P:person} ...5 lives|lived|living|resides|resided|born|raised|grew|died|buried|settled|moved|returned [ up ] in|at|to [ the ] {L:" .. PLACE .. "}",
              "{P:person} , [ a|an ] {L:" .. PLACE .. "} native|resident|man|woman",
              "{L:" .. PLACE .. "} native|resident|-born {P:person}",
              "{P:person} ...6 home in|at [ the ] {L:" .. PLACE .. "}",
              "{P:person} , [ the ] " .. ROLE .. " of [ the ] {L:" .. PLACE .. "}"},
   rel = {"P", "lives_in", "L"}},
  {name = "born-in", defer = true, confidence = 0.65, quantities = false, dates = false,
   pattern = {"{P:person} ***10 born ***6 in|at [ the ] {L:" .. PLACE .. "}",
              "^ born in {L:" .. PLACE .. "} ***12 , {P:person}",
              "{P:person} ***10 his|her native {L:" .. PLACE .. "}"},
   rel = {"P", "lives_in", "L"}},

  -- "Tupelo, Miss.", "Rome in Lazio": the second place is the larger.
  {name = "place-comma-place", fn = function(ctx)
     for _, pat in ipairs{"{A:" .. PLACE .. "} , {B:" .. PLACE .. "}", "{A:" .. PLACE .. "} in|of [ the ] {B:" .. PLACE .. "}",
                          "{A:" .. PLACE .. "} , [ the ] ...3 of|in [ the ] {B:" .. PLACE .. "}",
                          "{B:" .. PLACE .. "} 's {A:" .. PLACE .. "}"} do
       for _, m in ipairs(ctx.match(pat)) do
         local a, b = m.slots.A[1].entity, m.slots.B[1].entity
         local ra, rb = N.place_rank(a.name, a.type), N.place_rank(b.name, b.type)
         if (rb > ra or (rb == ra and ra < 3 and b.type ~= "facility")) and not ctx.joined(a, b) then
           ctx.propose("place-comma-place", a, "located_in", b, {}, 0.7)
         end
       end
     end
   end},
  -- A sentence that names one person and one place (or one organisation
  -- and one place, or one person and one organisation) and joins them by
  -- no pattern most often says that the person lives or works there, or
  -- that the organisation is based there: in CoNLL04's news sentences
  -- about four times in five.  A guess, so the weakest confidence (0.35);
  -- the review list shows it as rule "sole-pair".
  {name = "sole-pair", fn = function(ctx)
     local by = {P = {}, O = {}, L = {}}
     local seen = {}
     for _, it in ipairs(ctx.items) do
       if it.kind == "entity" and not seen[it.entity] and it.mention.found_by ~= "anaphora" then
         seen[it.entity] = true
         local t = it.entity.type
         local k = t == "person" and "P" or (t == "place" or t == "country") and "L" or ORG_SET[t] and "O"
         if k then by[k][#by[k] + 1] = it.entity end
       end
     end
     local joined = {}
     for _, p in ipairs(ctx.sentence.proposals) do
       if p.type ~= "mentioned_with" then joined[p.from] = true; joined[p.to] = true end
     end
     local function sole(a, b, typ)
       if #by[a] == 1 and #by[b] == 1 and not joined[by[a][1]] and not joined[by[b][1]] then
         ctx.propose("sole-pair", by[a][1], typ, by[b][1], {}, 0.35)
       end
     end
     sole("P", "L", "lives_in")
     sole("O", "L", "based_in")
     sole("P", "O", "works_for")
   end},
}
