-- extract/lexicon.lua -- the word lists erg extract is built on: how
-- organisation names end and begin, what "the company" may stand for,
-- months, weekdays, scales and currencies.  Plain data: edit freely (a
-- --rules file can also add to these tables, see rules.lua).

local L = {}

-- The last word of an organisation's name tells its type: "Acme Inc.",
-- "Harbor Safety Agency", "Federal Court".  Compared case-sensitively,
-- without a final dot.
L.suffixes = {
  company = {"Inc", "Incorporated", "Corp", "Corporation", "Ltd", "Limited", "LLC", "PLC", "Plc", "GmbH",
             "AG", "SA", "NV", "Co", "Company", "Group", "Holdings", "Airlines", "Airways", "Bank",
             "Technologies", "Motors", "Industries", "Labs", "Laboratories", "Partners", "Capital",
             "Ventures", "Pharmaceuticals", "Mining", "Telecom", "Shipping", "Logistics", "Robotics",
             "Enterprises", "Brewery", "Foods"},
  government_body = {"Agency", "Administration", "Bureau", "Commission", "Department", "Ministry",
                     "Office", "Service", "Authority", "Directorate", "Police", "Board", "Secretariat",
                     "Inspectorate", "Guard", "Navy", "Army"},
  court = {"Court", "Tribunal"},
  legislature = {"Parliament", "Senate", "Assembly", "Congress", "Legislature", "Bundestag", "Knesset"},
  media_org = {"Magazine", "Times", "Post", "News", "Journal", "Herald", "Gazette", "Tribune", "Press",
               "Daily", "Chronicle", "Observer", "Review", "Broadcasting", "Ledger", "Courier", "Sentinel",
               "Examiner", "Register", "Bulletin", "Dispatch", "Inquirer"},
  group = {"University", "Institute", "Foundation", "Association", "Union", "Coalition", "Alliance",
           "Council", "Federation", "Society", "Network", "Fund"},
}

-- A head word followed by "of": "Department of Homeland Security",
-- "Ministry of Finance", "Court of Appeal".
L.prefixes = {
  government_body = {"Department", "Ministry", "Bureau", "Office", "Agency", "Commission", "Secretary",
                     "Directorate", "Board"},
  court = {"Court"},
  group = {"University", "Institute", "Council", "Association", "Federation"},
  company = {"Bank"},
}

-- Capitalised verbs of headlines ("Harbor Agency Fines Acme Ltd"): a
-- name never starts with one.
L.headline_verbs = {"Fines", "Secures", "Approves", "Cuts", "Eyes", "Nears", "Seeks", "Wins", "Buys",
                    "Sues", "Signs", "Hires", "Orders", "Invests", "Builds", "Expands", "Pulls", "Faces",
                    "Responds", "Plans", "Says", "Warns", "Backs", "Joins", "Opens", "Closes", "Raises",
                    "Sells", "Acquires", "Launches", "Oversees", "Supplies", "Provides", "Awards",
                    "Partners", "Wants", "Gets", "Takes", "Makes", "Testifies", "Denies", "Calls", "Urges"}

-- Words that may sit inside an organisation's name between capitalised
-- words ("Department of Health and Human Services").
L.name_joiners = {["of"] = true, ["and"] = true, ["for"] = true, ["&"] = true, ["the"] = true,
                  ["on"] = true, ["de"] = true}

-- Capitalised words that start sentences or headlines but are not part of
-- a name: "The Harbor Agency" is the Harbor Agency.
L.not_name_start = {["The"] = true, ["A"] = true, ["An"] = true, ["In"] = true, ["On"] = true,
                    ["At"] = true, ["For"] = true, ["But"] = true, ["And"] = true, ["Its"] = true,
                    ["This"] = true, ["That"] = true, ["Meanwhile"] = true, ["However"] = true,
                    ["According"] = true, ["After"] = true, ["When"] = true, ["While"] = true}

-- Words skipped when reading an acronym's letters off its definition:
-- "Department of Homeland Security (DHS)".
L.acronym_skip = {["of"] = true, ["and"] = true, ["the"] = true, ["for"] = true, ["&"] = true,
                  ["on"] = true, ["in"] = true, ["to"] = true, ["de"] = true, ["la"] = true,
                  ["des"] = true, ["du"] = true}

-- "the company" refers back to the last company mentioned; the noun says
-- which entity types it may stand for.
L.anaphora = {
  company = {"company"}, firm = {"company"}, airline = {"company"}, carrier = {"company"},
  agency = {"government_body"}, department = {"government_body"}, ministry = {"government_body"},
  court = {"court"}, newspaper = {"media_org"}, outlet = {"media_org"}, publication = {"media_org"},
  startup = {"company"}, lawmakers = {"legislature"},
}
-- How many sentences back an anaphor may look.
L.anaphora_reach = 3

-- Hedges that make a figure approximate ("almost 1,400 terabytes").
L.hedges = {"almost", "nearly", "about", "around", "roughly", "approximately", "some", "over",
            "more than", "up to", "at least", "close to", "an estimated", "just under", "just over"}

L.months = {january = 1, february = 2, march = 3, april = 4, may = 5, june = 6, july = 7,
            august = 8, september = 9, october = 10, november = 11, december = 12,
            jan = 1, feb = 2, mar = 3, apr = 4, jun = 6, jul = 7, aug = 8, sep = 9, sept = 9,
            oct = 10, nov = 11, dec = 12}
L.weekdays = {monday = 1, tuesday = 2, wednesday = 3, thursday = 4, friday = 5, saturday = 6,
              sunday = 7}
-- A bare month ("in July") is a date only after one of these words, so
-- that "may" and "march" stay verbs.
L.month_cues = {["in"] = true, ["since"] = true, ["by"] = true, ["until"] = true, ["from"] = true,
                ["through"] = true, ["of"] = true, ["last"] = true, ["early"] = true, ["late"] = true,
                ["mid"] = true, ["this"] = true, ["next"] = true, ["during"] = true, ["before"] = true,
                ["after"] = true, ["between"] = true, ["and"] = true, ["to"] = true, ["on"] = true}

L.scales = {thousand = 1e3, million = 1e6, billion = 1e9, trillion = 1e12,
            k = 1e3, m = 1e6, mn = 1e6, mln = 1e6, b = 1e9, bn = 1e9, tn = 1e12}

-- Currency marks before '$' and the unit each names.
L.dollar_prefixes = {[""] = "usd", US = "usd", A = "aud", AU = "aud", C = "cad", CA = "cad",
                     NZ = "nzd", HK = "hkd", S = "sgd", NT = "twd", R = "brl", MX = "mxn"}
L.currency_signs = {["€"] = "eur", ["£"] = "gbp", ["¥"] = "jpy", ["₹"] = "inr"}
L.currency_words = {dollars = "usd", dollar = "usd", euros = "eur", euro = "eur", pounds = "gbp",
                    yen = "jpy", rupees = "inr", yuan = "cny"}

-- Data volumes, as a factor to terabytes.
L.data_units = {terabytes = 1, terabyte = 1, tb = 1, petabytes = 1e3, petabyte = 1e3, pb = 1e3,
                exabytes = 1e6, exabyte = 1e6, eb = 1e6, gigabytes = 1e-3, gigabyte = 1e-3,
                gb = 1e-3, megabytes = 1e-6, mb = 1e-6}

-- Words after an entity that make what follows an intention or something
-- under way: "Qualcomm to invest", "OpenAI nears".
L.planned = {["to"] = true, ["will"] = true, ["plans"] = true, ["plan"] = true, ["planned"] = true,
             ["intends"] = true, ["aims"] = true, ["would"] = true, ["could"] = true, ["may"] = true,
             ["set"] = true, ["proposes"] = true, ["proposed"] = true}
L.pending = {["nears"] = true, ["near"] = true, ["eyes"] = true, ["seeks"] = true, ["seek"] = true,
             ["seeking"] = true, ["considers"] = true, ["mulls"] = true, ["weighs"] = true,
             ["explores"] = true, ["wants"] = true, ["wanted"] = true, ["pursues"] = true}

-- Where a clause ends, for {X*} slots that take every entity to its end.
L.clause_breaks = {[";"] = true, ["but"] = true, ["while"] = true, ["whereas"] = true,
                   ["although"] = true, ["though"] = true, ["which"] = true, ["who"] = true}

-- Relationship types that have no direction.
L.undirected = {partnered_with = true, negotiates_with = true, mentioned_with = true}

return L
