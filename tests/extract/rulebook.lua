-- rulebook.lua -- every default rule of lua/extract/rules.lua on a short
-- article of its own (one or two sentences written for this test), with
-- the relationships it must give, exactly; and a check that no rule was
-- left without an article.
--
--   erg run tests/extract/rulebook.lua
--
-- Prints "rulebook: N passed, N failed"; exits 1 on a failure.

local root = (arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../.."
table.insert(package.searchers, 2, function(name)
  local rest = name:match("^extract%.([%w_]+)$")
  if not rest then return nil end
  local path = root .. "/lua/extract/" .. rest .. ".lua"
  return assert(loadfile(path, "t")), path
end)
local P = require "extract.pipeline"
local defaults = require "extract.rules"
local rules = P.compile_rules(defaults)

-- The names the articles use (a gazetteer, as a target graph would give).
local names = {
  {name = "Northport Port Authority", type = "government_body", id = "port", aliases = {"Port Authority"}},
  {name = "Maritime Safety Agency", type = "government_body", id = "msa", aliases = {"MSA"}},
  {name = "Meridian Systems", type = "company", id = "meridian", aliases = {"Meridian"}},
  {name = "HarborCloud", type = "product", id = "cloud"},
  {name = "HarborCloud Vault", type = "product", id = "vault"},
  {name = "Kestrel Air", type = "company", id = "kestrel"},
  {name = "AeroFab", type = "company", id = "aerofab"},
  {name = "Skylark X9", type = "product", id = "x9"},
  {name = "Tidewater Bank", type = "company", id = "tidewater"},
  {name = "The Northport Courier", type = "media_org", id = "courier", aliases = {"Courier"}},
  {name = "Harbor Review", type = "media_org", id = "review"},
  {name = "Bayline Partners", type = "company", id = "bayline"},
  {name = "Lena Ortiz", type = "person", id = "ortiz"},
  {name = "Valdoria", type = "country", id = "valdoria"},
  {name = "Ostland", type = "country", id = "ostland"},
  {name = "Northport Tech Forum", type = "event", id = "forum"},
  {name = "harbour crackdown", type = "event", id = "crackdown"},
  {name = "Coastal Growth Fund", type = "investor_group", id = "fund"},
  {name = "Valdorian startups", type = "group", id = "startups"},
  {name = "Eastmere Data Park", type = "facility", id = "park"},
  {name = "Brightwave", type = "company", id = "brightwave"},
  {name = "Brightwave Lumen OS", type = "product", id = "lumen", aliases = {"Lumen OS"}},
  {name = "Valdorian Senate", type = "legislature", id = "senate"},
  {name = "critics", type = "group", id = "critics"},
  {name = "Ferro Chips", type = "product", id = "chips"},
}

-- {rule, article, relationships "from type to" (mentioned_with left out)}
local book = {
  {"oversees-which", "The Maritime Safety Agency, which oversees the Port Authority, met on Monday.",
   {"msa oversees port"}},
  {"umbrella", "The Maritime Safety Agency, the umbrella agency that oversees the Port Authority, met.",
   {"msa oversees port", "port part_of msa"}},
  {"oversees", "The Maritime Safety Agency now oversees the Port Authority.", {"msa oversees port"}},
  {"overseen-by", "The Port Authority is overseen by the Maritime Safety Agency.", {"msa oversees port"}},
  {"part-of", "HarborCloud Vault is part of HarborCloud.", {"vault part_of cloud"}},
  {"subsidiary", "The Northport Courier, a subsidiary of Tidewater Bank, ran the story.", {"tidewater owns courier"}},
  {"spokesperson-for", "Lena Ortiz, a spokesperson for Meridian, said little.", {"ortiz part_of meridian"}},
  {"services-including", "HarborCloud services, including HarborCloud Vault, went down.", {"vault part_of cloud"}},
  {"runs-on", "Kestrel Air runs Lumen OS on HarborCloud.",
   {"kestrel uses lumen", "kestrel uses cloud", "lumen part_of cloud"}},
  {"provides-to-through", "Meridian provides HarborCloud to the Port Authority through Bayline Partners.",
   {"meridian supplies port", "meridian provides_through bayline", "bayline supplies port"}},
  {"provides-to", "Meridian supplies HarborCloud Vault to Kestrel Air.", {"meridian supplies kestrel"}},
  {"supplier-of", "Bayline Partners is a supplier to Kestrel Air.", {"bayline supplies kestrel"}},
  {"ordered-from", "Kestrel Air ordered 12 Skylark X9 jets from AeroFab.", {"kestrel orders_from aerofab"}},
  {"order-from", "AeroFab secured a 20 jet order from Kestrel Air.", {"kestrel orders_from aerofab"}},
  {"contracts-from", "Bayline Partners won $5 million in Valdoria port contracts.", {"valdoria orders_from bayline"}},
  {"awarded-contract", "The Port Authority awarded Bayline Partners a $2 million contract.",
   {"port orders_from bayline"}},
  {"order-product", "AeroFab wins 30 Skylark X9 orders.", {"aerofab develops x9"}},
  {"contract-for-product", "AeroFab signed contracts for Skylark X9 upgrades.", {"aerofab develops x9"}},
  {"fines", "The Maritime Safety Agency fined Kestrel Air $3 million.", {"msa fines kestrel"}},
  {"fined-by", "Kestrel Air was fined $1 million by the Maritime Safety Agency.", {"msa fines kestrel"}},
  {"invests-in", "Tidewater Bank will invest $10 million in Valdorian startups.", {"tidewater invests_in startups"}},
  {"funds", "The Valdorian Senate funds the Maritime Safety Agency.", {"senate funds msa"}},
  {"funded-by", "Meridian received $4 million from the Coastal Growth Fund.", {"fund funds meridian"}},
  {"funding-round", "Brightwave is raising money in a new funding round.",
   {"brightwave raises brightwave_funding_round"}},
  {"stake-cut", "The Coastal Growth Fund cut its Meridian stake.", {"fund holds_stake_in meridian"}},
  {"stake-raise", "The Coastal Growth Fund raised its AeroFab stake.", {"fund holds_stake_in aerofab"}},
  {"stake-in", "Tidewater Bank holds a stake in Brightwave.", {"tidewater holds_stake_in brightwave"}},
  {"possessive-product", "Meridian's HarborCloud grew fast.", {"meridian develops cloud"}},
  {"appositive-possessive", "HarborCloud, Meridian's platform, grew.", {"meridian develops cloud"}},
  {"possessive-company", "Tidewater Bank's Bayline Partners unit grew.", {"tidewater owns bayline"}},
  {"possessive-event", "Lena Ortiz's harbour crackdown began.", {"ortiz leads crackdown"}},
  {"possessive-place", "Valdoria's Northport Tech Forum opened.", {"forum located_in valdoria"}},
  {"develops", "Brightwave develops Lumen OS.", {"brightwave develops lumen"}},
  {"develops-by", "Lumen OS, a system built by Brightwave, is free.", {"brightwave develops lumen"}},
  {"used-by", "HarborCloud Vault is used by Kestrel Air.", {"kestrel uses vault"}},
  {"owns", "Tidewater Bank acquired Bayline Partners.", {"tidewater owns bayline"}},
  {"uses", "Kestrel Air uses HarborCloud and Lumen OS.", {"kestrel uses cloud", "kestrel uses lumen"}},
  {"reliance-on", "The Port Authority's reliance on HarborCloud grew.", {"port uses cloud"}},
  {"built-with", "The Eastmere Data Park was built with Ferro Chips.", {"park uses chips"}},
  {"stores-data", "Kestrel Air stores 300 terabytes in HarborCloud Vault.", {"kestrel stores_data_in vault"}},
  {"located-in", "The Eastmere Data Park in Valdoria opened.", {"park located_in valdoria"}},
  {"based-in", "Brightwave, based in Ostland, grew.", {"brightwave located_in ostland"}},
  -- people, organisations and places without known names (CoNLL04's relations)
  {"apposition-role-of", "Ana Ruiz, a retired pilot who flew for Tidewater Bank, left.", {"ana_ruiz works_for tidewater"}},
  {"apposition-org-role", "Ana Ruiz, a Tidewater Bank economist, left.", {"ana_ruiz works_for tidewater"}},
  {"possessive-employee", "Meridian's Ana Ruiz said nothing.", {"ana_ruiz works_for meridian"}},
  {"org-role-person", "Tidewater Bank economist Ana Ruiz left.", {"ana_ruiz works_for tidewater"}},
  {"person-of-org", "Ana Ruiz and Tom Lee of Tidewater Bank left.",
   {"ana_ruiz works_for tidewater", "tom_lee works_for tidewater"}},
  {"person-role-of-org", "The bank named Tom Lee publisher of the Harbor Review.", {"tom_lee works_for review"}},
  {"role-for-org-person", "The spokesman for Tidewater Bank, Tom Lee, declined.", {"tom_lee works_for tidewater"}},
  {"works-for", "Ana Ruiz has worked for Tidewater Bank since 2001.", {"ana_ruiz works_for tidewater"}},
  {"said-spokesperson", "Tidewater Bank will close two branches, said Tom Lee, a spokesman.",
   {"tom_lee works_for tidewater"}},
  {"org-title-person", "Maritime Safety Agency Capt. Tom Lee spoke.", {"tom_lee works_for msa"}},
  {"employs", "Tidewater Bank hired Ana Ruiz in June.", {"tidewater employs ana_ruiz"}},
  {"board-seat", "Lena Ortiz sits on the board of Tidewater Bank.", {"ortiz board_member_of tidewater"}},
  {"sues", "Meridian sued Tidewater Bank on Monday.", {"meridian sues tidewater"}},
  {"sued-by", "Tidewater Bank was sued by Meridian.", {"meridian sues tidewater"}},
  {"acquires", "Meridian completed its acquisition of Bayline Partners.", {"meridian owns bayline"}},
  {"killed", "Tom Lee, who shot Ana Ruiz and Lena Ortiz, fled.", {"tom_lee killed ana_ruiz", "tom_lee killed ortiz"}},
  {"assassin-of", "Ana Ruiz's assassin, Tom Lee, was caught.", {"tom_lee killed ana_ruiz"}},
  {"org-in-place", "Tidewater Bank of Valdoria grew.", {"tidewater based_in valdoria"}},
  {"x-based", "The Valdoria-based Tidewater Bank grew.", {"tidewater based_in valdoria"}},
  {"place-possessive-org", "Valdoria's Tidewater Bank grew.", {"tidewater based_in valdoria"}},
  {"person-of-place", "Ana Ruiz of Valdoria spoke.", {"ana_ruiz lives_in valdoria"}},
  {"place-possessive-person", "Valdoria's Ana Ruiz spoke.", {"ana_ruiz lives_in valdoria"}},
  {"lives-in", "Ana Ruiz was born in Valdoria.", {"ana_ruiz lives_in valdoria"}},
  {"born-in", "Ana Ruiz, born March 15, 1967, in Valdoria, left.", {"ana_ruiz lives_in valdoria"}},
  {"place-comma-place", "It rained in Eastmere, Valdoria.", {"eastmere located_in valdoria"}},
  {"sole-pair", "Ana Ruiz toured Valdoria.", {"ana_ruiz lives_in valdoria"}},
  {"leads", "Lena Ortiz, the chief executive of Meridian, spoke.", {"ortiz leads meridian"}},
  {"carried-out-by", "The harbour crackdown by the Maritime Safety Agency drew anger.", {"msa carries_out crackdown"}},
  {"carries-out", "The Maritime Safety Agency carried out the harbour crackdown.", {"msa carries_out crackdown"}},
  {"withdraws", "Lena Ortiz withdrew from the Northport Tech Forum.", {"ortiz withdraws_from forum"}},
  {"testifies", "Lena Ortiz testified before the Valdorian Senate about HarborCloud.",
   {"ortiz testifies_about cloud"}},
  {"approves", "Valdoria approved Lumen OS.", {"valdoria approves lumen"}},
  {"trade-talks", "Valdoria cut tariffs amid Ostland trade talks.", {"ostland negotiates_with valdoria"}},
  {"partners", "Meridian partnered with Brightwave.", {"brightwave partnered_with meridian"}},
  {"seeks-access", "Kestrel Air seeks access to HarborCloud Vault.", {"kestrel seeks_access_to vault"}},
  {"calls-on", "Meridian called on the Valdorian Senate and the Port Authority to act.",
   {"meridian calls_on senate", "meridian calls_on port"}},
  {"denies", "Meridian denied that Kestrel Air misused its data.", {"meridian denies kestrel"}},
  {"criticizes", "Critics criticized the harbour crackdown.", {"critics criticizes crackdown"}},
  {"supports", "Meridian backed the harbour crackdown.", {"meridian supports crackdown"}},
  {"declined-comment", "Kestrel Air declined to comment on HarborCloud.", {"kestrel declined_comment cloud"}},
  {"reported", "The Northport Courier reported that Meridian lost money.", {"courier reported_on meridian"}},
  {"report-by", "Meridian Cuts Jobs: Harbor Review Report", {"review reported_on meridian"}},
  {"co-reporters",
   "Documents obtained by the Northport Courier and its partners, the Harbor Review, raise questions about Meridian.",
   {"courier reported_on meridian", "courier partnered_with review", "review reported_on meridian"}},
  {"statement-after", "Meridian said it would appeal. The statement came after the Northport Courier ran its story.",
   {"meridian responds_to courier"}},
  {"in-response", "The Harbor Review questioned the deal. In response, Brightwave published its figures.",
   {"brightwave responds_to review"}},
  {"up-from", "Kestrel Air stores 300 terabytes in HarborCloud Vault. That was up from 100 terabytes in 2024.",
   {"kestrel stores_data_in vault", "kestrel stores_data_in vault"}},
  {"maker-in-name", "Kestrel Air now runs Brightwave Lumen OS, and Brightwave is pleased.",
   {"kestrel uses lumen", "brightwave develops lumen"}},
  {"nested", "Valdoria approved Brightwave Lumen OS.", {"valdoria approves lumen", "brightwave develops lumen"}},
}

local passed, failed = 0, 0
local fired = {}
for _, case in ipairs(book) do
  local rule, text, want = case[1], case[2], case[3]
  local run = P.new{rules = rules, names = names}
  P.add_document(run, rule .. ".txt", text, {})
  for _, p in ipairs(run.proposals) do fired[p.rule] = true end
  local got = {}
  for _, r in ipairs(P.relationships(run)) do
    if r.type ~= "mentioned_with" then got[#got + 1] = r.from.id .. " " .. r.type .. " " .. r.to.id end
  end
  table.sort(got)
  local w = {table.unpack(want)}
  table.sort(w)
  local by_rule = false
  for _, p in ipairs(run.proposals) do if p.rule == rule then by_rule = true end end
  if table.concat(got, "; ") == table.concat(w, "; ") and by_rule then
    passed = passed + 1
  else
    failed = failed + 1
    io.stderr:write(("FAIL [rulebook] %s: %s\n    expected: %s\n    actual:   %s%s\n"):format(rule, text,
      table.concat(w, "; "), table.concat(got, "; "), by_rule and "" or "\n    (the rule did not fire)"))
  end
end
-- every rule has its article ("speaker" only remembers who spoke)
for _, r in ipairs(defaults) do
  if r.name ~= "speaker" and not fired[r.name] then
    failed = failed + 1
    io.stderr:write(("FAIL [rulebook] rule %s has no article where it fires\n"):format(r.name))
  else
    passed = passed + 1
  end
end
print(("rulebook: %d passed, %d failed"):format(passed, failed))
if failed > 0 then os.exit(1) end
