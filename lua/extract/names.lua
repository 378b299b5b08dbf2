-- extract/names.lua -- proper names in any text, without a list of the
-- names to expect: capitalised chunks with their joiners, cut where one
-- name ends and the next begins, and typed person, organisation or place.
--
--   local N = require "extract.names"
--   for _, c in ipairs(N.chunks(text, toks, free)) do ... end
--     -- c = {i =, j = (token range), first =, last = (bytes of the
--     --      mention, with a kept title), name = (without the title),
--     --      type = "person"|"organization"|"government_body"|"place"|
--     --      "country"|"other"|nil, cue = what decided the type, words =}
--     -- free(k): may token k be part of a name (not taken already)?
--
-- How a chunk is built (chunk()): capitalised words, initials ("F."),
-- name particles ("de", "van", "bin"), "of"/"for"/"and"/"the" only inside
-- organisation and place names whose head asks for them ("University of
-- Texas", "Center for Disease Control", "Department of Health and Human
-- Services"), "People's" before a name word.  Everything else ends it, so
-- "Scott Hinton of Elders Futures Inc." is two names.
--
-- How it is typed (own_type(), context_type(), in N.chunks), first rule
-- that speaks: the reference
-- places (places.lua, from iso-codes and tzdata; AP state abbreviations
-- below), organisation words (the lexicon's suffixes and more), place
-- words ("County", "River", "Mount ..."), a title before it (person), an
-- acronym (organisation), then the words around it ("said", "spokesman
-- for", "in", ", Calif."), and last its shape: two or more words are most
-- often a person.  "other" (a nationality, a lone title or organisation
-- word) and nil (a lone capitalised word at a sentence's start) make no
-- entity.  The word lists are plain tables: a --rules file's lexicon
-- function may change them through require "extract.names".

local L = require "extract.lexicon"
local places = require "extract.places"

local N = {}
local headline_verb = {}
for _, w in ipairs(L.headline_verbs or {}) do headline_verb[w] = true end

local function set(s)
  local t = {}
  for w in s:gmatch("%S+") do t[w] = true end
  return t
end

-- AP style state abbreviations (AP Stylebook; the dot is a separate token).
N.ap_states = {
  Ala = "Alabama", Ariz = "Arizona", Ark = "Arkansas", Calif = "California", Colo = "Colorado",
  Conn = "Connecticut", Del = "Delaware", Fla = "Florida", Ga = "Georgia", Ill = "Illinois", Ind = "Indiana",
  Kan = "Kansas", Kans = "Kansas", Ky = "Kentucky", La = "Louisiana", Md = "Maryland", Mass = "Massachusetts",
  Mich = "Michigan", Minn = "Minnesota", Miss = "Mississippi", Mo = "Missouri", Mont = "Montana",
  Neb = "Nebraska", Nev = "Nevada", ["N.H"] = "New Hampshire", ["N.J"] = "New Jersey", ["N.M"] = "New Mexico",
  ["N.Y"] = "New York", ["N.C"] = "North Carolina", ["N.D"] = "North Dakota", Okla = "Oklahoma",
  Ore = "Oregon", Pa = "Pennsylvania", ["R.I"] = "Rhode Island", ["S.C"] = "South Carolina",
  ["S.D"] = "South Dakota", Tenn = "Tennessee", Tex = "Texas", Vt = "Vermont", Va = "Virginia",
  Wash = "Washington", ["W.Va"] = "West Virginia", Wis = "Wisconsin", Wyo = "Wyoming",
  ["D.C"] = "District of Columbia",
}

-- Short and older names the ISO lists leave out.
N.extra_places = {
  ["U.S."] = "country", ["U.S.A."] = "country", USA = "country", US = "country", America = "country",
  ["United States"] = "country", Britain = "country", ["Great Britain"] = "country", UK = "country",
  ["U.K."] = "country", England = "country", Scotland = "country", Wales = "country", Russia = "country",
  ["Soviet Union"] = "country", USSR = "country", ["U.S.S.R."] = "country", Iran = "country",
  Syria = "country", Vietnam = "country", Laos = "country", ["South Korea"] = "country",
  ["North Korea"] = "country", Korea = "country", Taiwan = "country", Bolivia = "country",
  Venezuela = "country", Tanzania = "country", Moldova = "country", Macedonia = "country",
  ["Czech Republic"] = "country", Czechoslovakia = "country", Yugoslavia = "country",
  ["East Germany"] = "country", ["West Germany"] = "country", Burma = "country", Zaire = "country",
  Palestine = "country", Holland = "country", ["Ivory Coast"] = "country", Europe = "place",
  Asia = "place", Africa = "place", ["Latin America"] = "place", ["Middle East"] = "place",
  ["Persian Gulf"] = "place", ["Gaza Strip"] = "place", ["West Bank"] = "place", Gaza = "place",
  Jerusalem = "place", Beirut = "place", Moscow = "place", Washington = "place", Manila = "place",
  Beijing = "place", Peking = "place", Tokyo = "place", Bonn = "place", Berlin = "place", Rome = "place",
  Baghdad = "place", Tehran = "place", Cairo = "place", Jakarta = "place", Seoul = "place",
  Hollywood = "place", Boston = "place", Houston = "place", Dallas = "place", Atlanta = "place",
  Miami = "place", ["San Francisco"] = "place", Philadelphia = "place", Pittsburgh = "place",
  Cleveland = "place", Baltimore = "place", ["St. Louis"] = "place", Seattle = "place",
  Memphis = "place", Nashville = "place", Oakland = "place", ["Long Island"] = "place",
  Brooklyn = "place", Manhattan = "place", Bronx = "place", ["New Orleans"] = "place",
  Antarctica = "place", Siberia = "place", Bavaria = "place", Kashmir = "place", Punjab = "place",
  Hiroshima = "place", Nagasaki = "place", ["Hong Kong"] = "place", Geneva = "place", Milan = "place",
  Naples = "place", Venice = "place", Florence = "place", Munich = "place", Hamburg = "place",
  Frankfurt = "place", Leningrad = "place", Kiev = "place", Bombay = "place", Calcutta = "place",
  ["New Delhi"] = "place", Delhi = "place", Saigon = "place", Hanoi = "place", Havana = "place",
  Ottawa = "place", Toronto = "place", Montreal = "place", Vancouver = "place", Sydney = "place",
  Melbourne = "place", Pacific = "place", Atlantic = "place", Mediterranean = "place",
}

-- Organisations news names without an organisation word.
N.extra_orgs = set[[UN U.N. NATO Congress Pentagon Politburo Kremlin Interpol Reuters Xinhua XINHUA
  TASS ITAR-TASS Tass Greenpeace Hezbollah Hamas Fatah Solidarity Sandinistas Contras Mafia]]
N.extra_orgs["United Nations"] = true
for w in ("Harvard Yale Princeton Stanford Vatican Boeing Kremlin NASA"):gmatch("%S+") do N.extra_orgs[w] = true end
N.extra_orgs["European Community"] = true
N.extra_orgs["European Union"] = true
N.extra_orgs["Red Cross"] = true
N.extra_orgs["Khmer Rouge"] = true
N.extra_orgs["Supreme Court"] = true
N.extra_orgs["Wall Street"] = true

-- Nationalities, religions and parties used as adjectives: no entity.
N.demonyms = set[[Soviet Soviets Israeli Israelis Arab Arabs Jewish Jews Muslim Muslims Moslem Moslems
  Shiite Shiites Sunni Christian Christians Catholic Catholics Protestant Communist Communists Democrat
  Democrats Democratic Republican Republicans Iraqi Iraqis Pakistani Saudi Saudis Kuwaiti Thai Swiss
  Dutch Irish Greek Greeks Filipino Filipinos Afghan Kurdish Kurds Yemeni Somali Bengali Nepali Qatari
  French German British English Scottish Welsh Danish Swedish Finnish Polish Turkish Spanish Portuguese
  Czech Slovak Serb Serbs Croat Croats Basque Zulu Hindu Hindus Sikh Sikhs Buddhist Marxist Leninist
  Liberal Conservative Labor Labour Socialist Baltic Latino Hispanic Asian European African Western
  Eastern Northern Southern Allied Nazi Nazis Confederate Union]]
N.extra_places["Hague"] = "place"
N.extra_places["White House"] = "place"

-- A name's last word that makes it an organisation.
N.org_words = set[[Theatre Theater Council Ministry Bank Party Airlines Airways Church Museum Hospital Club
  Team Committee Corps Front Organization Organisation Co Corp Inc Ltd Association Union Institute
  University College School Academy Center Centre Foundation Fund Trust Exchange Forces Army Navy Police
  Department Office Court Senate Congress Parliament Assembly Times Post News Journal Press Network
  Broadcasting Records Studios Systems Electric Motors Communications Laboratory Laboratories Service
  Services Agency Commission Bureau Administration Authority Board Guard Brigade Movement League
  Federation Society Alliance Coalition Conference Cooperative Railroad Railway Railways Media Pictures
  Entertainment Films Productions Publishing Publications Magazine Gazette Tribune Herald Chronicle
  Telegraph Observer Radio Television Company Group Holdings Industries Enterprises Partners Associates
  Bros Foods Stores Legislature Cabinet Government Regime Command Division Battalion Regiment Squadron
  Commandos Guerrillas Rebels Brotherhood Institution Library Seminary Mission Orchestra Ballet Opera
  Band Choir Quartet Project Initiative Program Programme Campaign Ledger Courier Sentinel Examiner
  Register Bulletin Dispatch Inquirer Confederation Delegation Caucus Subcommittee Agency Inc. Corporation Incorporated Limited LLC PLC Plc GmbH AG Technologies Labs
  Pharmaceuticals Mining Telecom Shipping Logistics Capital Ventures Airline Lines Insurance Securities
  Investments Bancorp Bankshares Savings Futures Markets Petroleum Chemical Chemicals Energy Steel Oil
  Gas Airlines Magazines Newspapers Agency Reserve Secretariat Directorate Inspectorate Tribunal
  Knesset Bundestag Duma Sejm Diet Junta Politburo Presidium Ensemble Players Giants Yankees Dodgers
  Mets Cubs Lakers Celtics Bears Packers Cowboys Raiders Steelers Redskins Jets Bulls Bruins Royals]]
-- First words that make a name an organisation ("Bank of ...").
N.org_heads = set[[University Bank Department Ministry Institute College School Museum Council Board
  Church Academy Society Association Federation Union Court Center Centre Office Bureau Commission
  Committee Chamber House Party League Library Organization Organisation Fund Foundation Corps Army Navy
  Order Friends Daughters Sons Knights Brotherhood Federal National International Royal]]
-- Head words that take "of": "University of Texas", "Gulf of Mexico".
N.of_heads = set[[University Bank Department Ministry Institute College School Museum Council Board
  Church Academy Society Association Federation Union Court Center Centre Office Bureau Commission
  Committee Chamber House Party League Library Organization Organisation Fund Foundation Corps Order
  Friends Daughters Sons Knights Brotherhood Republic Kingdom Commonwealth Gulf Bay Isle Isles Sea Cape
  Lake Mount Duke Prince Princess Queen King Hall Port District City State States Islands Province
  Strait Straits Sisters Conference Congress Assembly Parliament Secretariat Agency Administration
  Authority Division Dept Museum Theatre Theater Hospital Tribunal Institutes Embassy Consulate Bishop
  Archbishop Diocese Emperor Empress Sultan Shah Emir Knights Hall Mayor Lady Lord Earl Count Countess
  Baron Baroness Marquis Statue Bank Banks Temple Cathedral Coast Isle Peninsula Valley Cabinet
  Organisation Chamber Federation Federal Ministry]]
-- Head words that take "for" ("Center for Disease Control") and "and"
-- ("Department of Health and Human Services": only after "of").
N.for_heads = set[[Center Centre Committee Council Institute Office Fund Foundation Commission Agency
  Association Coalition Alliance Campaign Society League Union Party Ministry Department Bureau Board
  Organization Organisation Movement Front Citizens Americans]]

-- Words of place names, last ("Darke County") or first ("Mount Etna").
N.place_last = set[[City County Park River Island Islands Mountain Mountains Lake Street Avenue Road
  Boulevard Valley Beach Province Bay Sea Ocean Gulf Strait Canyon Desert Peninsula Coast Square Bridge
  Highway Airport Harbor Harbour Falls Springs Heights Hills Forest Plaza Station Stadium Cemetery Canal
  Region District Territory Township Village Borough Parish Basin Plains Reef Creek Lane Drive Prison
  Penitentiary Base Field Dam Hall Arena Building Tower Palace Castle Memorial Monument Zoo Mall Range
  Glacier Point Cove Sound Straits Harbour Pass Gap Ridge Hill Mesa Plateau Republic Kingdom State
  Territories Emirates Kremlin Capitol Pentagon Ranch Farm Estate Parkway Expressway Freeway Turnpike]]
N.place_first = set[[Mount Mt Lake Fort Ft Port Cape Gulf Isle Lake Camp Glen Saint San Santa]]

-- Titles before a person's name.  Those CoNLL04 and most news style keep
-- inside the name ("President Lincoln", "Mr. Smith") are marked true;
-- the rest (false) are left outside it ("Sen. Bob Dole").
N.titles = {
  Mr = true, Mrs = true, Ms = true, Dr = true, Miss = true, President = true, King = true,
  Queen = true, Prince = true, Princess = true, Rev = true, Pope = true, Sir = true, Lord = true,
  Lady = true, Dame = true, Sen = false, Senator = false, Gov = false, Governor = false, Rep = false,
  Judge = false, Justice = false, Gen = false, Col = false, Lt = false, Capt = false, Sgt = false,
  Adm = false, Maj = false, Cpl = false, Pvt = false, Prof = false, Mayor = false, Chairman = false,
  Chancellor = false, Minister = false, Premier = false, Ambassador = false, Secretary = false,
  Attorney = false, Sheriff = false, Detective = false, Officer = false, Father = false, Sister = false,
  Brother = false, Rabbi = false, Bishop = false, Cardinal = false, Archbishop = false, Analyst = false,
  Chief = false, Deputy = false, Vice = false, Prime = false, General = false, Speaker = false,
  Commissioner = false, Director = false, Coach = false, Dean = false, Professor = false,
  Sheik = false, Sheikh = false, Ayatollah = false, Emperor = false, Sultan = false, Colonel = false,
  Lieutenant = false, Captain = false, Sergeant = false, Admiral = false, Major = false,
  Correspondent = false, Actor = false, Actress = false, Singer = false, Author = false, Novelist = false,
}
-- Title words that only ever come before a title ("Prime Minister",
-- "Vice President", "Attorney General"), joined into it.
N.title_pairs = {Prime = "Minister", Vice = "President", Attorney = "General", Chief = "Justice"}

-- Lower-case words before a name that make it a person ("analyst Scott
-- Hinton", "actor John Smith", "widow Coretta Scott King").
N.role_words = set[[spokesman spokeswoman spokesperson analyst professor director president chairman
  chairwoman actor actress singer author writer editor lawyer attorney officer leader minister senator
  governor official correspondent reporter colleague wife husband son daughter brother sister father
  mother widow assassin killer gunman manager executive coach player secretary judge mayor novelist
  poet playwright composer artist painter photographer economist scientist astronomer physicist doctor
  dr. surgeon nurse commander general colonel captain sergeant lieutenant agent detective sheriff
  prosecutor candidate congressman congresswoman representative ambassador envoy diplomat negotiator
  bishop priest pastor rev. rabbi cardinal guitarist pianist drummer comedian host anchor columnist
  historian biographer founder owner publisher producer chief vice deputy aide adviser advisor consultant
  partner investor banker trader broker dealer economist chancellor premier dictator king queen prince
  princess emperor pope speaker delegate mr. mrs. ms. nephew niece cousin uncle aunt grandson
  granddaughter grandfather grandmother boyfriend girlfriend fiancee fiance friend neighbor
  astronaut pilot driver captain conductor candidate member chairman vice-president aide]]

-- Capitalised words that open sentences but do not start a name.
N.not_start = set[[The A An In On At For But And Or Nor So Yet Its It It's He She They We I You His Her
  Their Our My Your This That These Those When While After Before As If Although Though Since Because
  Also Some Many Most All Both Each Every Other Another No Not There Here Then Now Today Yesterday
  Tomorrow Last Next Earlier Later Under Over With Without By From To Of Among Between During Despite
  Such What Who Whom Whose Which Where Why How Once One Two Three Four Five Six Seven Eight Nine Ten
  First Second Third Only Even Still Just More Less Few Several Until Unless Whether About Above Below
  Against Around Through Throughout Toward Towards Upon Within Into Onto Like Unlike Instead Meanwhile
  However Moreover Furthermore Nevertheless According Asked Says Said Yes Oh Well Please Let Do Does
  Did Is Are Was Were Be Been Has Have Had Will Would Can Could Should May Might Must Shall Monday
  Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August
  September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Wed
  Thu Fri Sat Sun Police Officials Authorities Witnesses Residents Sources Investigators
  Hundreds Thousands Dozens Millions Neither Either Much Any Whatever Whoever Thus Hence Therefore
  Indeed Perhaps Maybe Already Again Never Always Often Sometimes Soon Later Late Early Recently
  Currently Formerly Previously Finally Eventually Ultimately Initially Born Died Killed Former Dear
  Amid Amidst Among Near Along Across Beyond Behind Beside Besides Except Following Including Regarding Via Per]]

-- Name particles joined inside names: "Charles de Gaulle", "Vincent van Gogh".
N.particles = set[[de van von der den da di du la le del della dos das bin ibn al el ben y St. d' O']]

-- Possessives inside a name ("National People's Congress").
N.possessive_in_name = set[[People Workers Women Children Men Farmers Veterans Mothers Citizens Peoples
  Nations Traders Lloyd McDonald Macy Kellogg Children's Sotheby Christie Moody Reader]]

-- Capitalised words that are not names even mid-sentence: time zones,
-- numerals, common initialisms.
N.never = set[[I AP's GMT EST EDT PST PDT CST CDT UTC TV GDP GNP AM PM BC B.C. AD A.D. II III
  IV VI VII VIII IX XI XII Jr OK AIDS HIV DNA CEO UFO UR FOB CIF]]

local shouty, single_person

local function cap(t)
  return t and t.kind == "word" and t.text:match("^%u") ~= nil
end
N.cap = cap

-- All capitals, two letters or more ("XINHUA", "AP"; not "U.S.").
shouty = function(w)
  return #w >= 2 and not w:find("%l") and not w:find("%.") and w:find("%u%u") ~= nil
end

-- Is tokens[i] an initial ("F" then "." right after)?
local function initial(toks, i)
  local t, d = toks[i], toks[i + 1]
  return t and t.kind == "word" and t.text:match("^%u$") and d and d.text == "." and d.first == t.last + 1
end

local abbrev_dot = set[[Inc Corp Co Ltd Jr Sr St Mt Ft Bros Dept Assn Gov Sen Rep Gen Col Lt Capt Sgt Adm
  Maj Cpl Pvt Prof Rev Dr Mr Mrs Ms Calif Ariz Ark Ala Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md
  Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo]]

-- The place a name is, from the reference data: "country", "place" or nil.
function N.place_kind(name, prev)
  if shouty(name:gsub("[%s%.%-]", "")) then
    name = name:lower():gsub("%f[%w]%l", string.upper)
  end
  local k = N.extra_places[name] or places[name]
  if k == "country" then return "country" end
  if k then return "place" end
  local s = N.ap_states[(name:gsub("%.$", ""))]
  if s and (name:match("%.$") or (prev and prev.text == ",")) then return "place" end
  return nil
end

-- How large a place is: 3 a country, 2 a state, province or county
-- ("Miss.", "Darke County"), 1 a city or anything else.
local region_words = set[[County Province Region District State Prefecture Territory Oblast Canton]]
function N.place_rank(name, typ)
  if typ == "country" then return 3 end
  local k = places[name] or N.extra_places[name]
  if k == "country" then return 3 end
  if k == "subdivision" or N.ap_states[(name:gsub("%.$", ""))] then return 2 end
  if region_words[name:match("(%S+)$") or ""] then return 2 end
  if name == "Europe" or name == "Asia" or name == "Africa" or name == "Middle East" or name == "Latin America" then
    return 4
  end
  return 1
end

-- The end (token index) of the chunk that starts at i, and the index of
-- its first name word (after a title).  free(k): token k is not taken.
local function chunk(toks, i, free)
  local n = #toks
  local j = i
  local words = {}
  local head = toks[i].text
  local saw_of = false
  local function take_dot(k)
    -- "Inc." "F." "Calif." keep their dot
    if toks[k + 1] and toks[k + 1].text == "." and toks[k + 1].first == toks[k].last + 1
       and (abbrev_dot[toks[k].text] or toks[k].text:match("^%u$")) and free(k + 1) then
      return k + 1
    end
    return k
  end
  local last = i
  j = take_dot(i)
  last = j
  words[1] = toks[i].text
  j = j + 1
  -- "Tokyo-based": the place ends the chunk ("New Orleans-based Popeyes")
  if toks[i].text:match("%-based$") then return last end
  while j <= n and free(j) do
    local u = toks[j]
    local nxt = toks[j + 1]
    if cap(u) and not N.never[u.text] then
      -- a new sentence-like start inside ("... Inc. The") ends the chunk
      if N.not_start[u.text] and u.text ~= "Police" and not N.org_words[u.text] then break end
      -- a headline's verb ("Boeing Secures ...") is no part of a name
      if headline_verb[u.text] then break end
      -- codes ("FL1402001894") and a switch between upper case and mixed
      -- case ("Beijing XINHUA") end it too
      if u.text:find("%d") or shouty(u.text) ~= shouty(toks[last].text) then break end
      -- a title starts the next name: "Lee County Circuit Judge Thomas Gardner"
      local w = u.text:gsub("%.$", "")
      if N.titles[w] ~= nil and not N.titles[words[#words]] and (cap(nxt) or (nxt and nxt.text == "." and cap(toks[j + 2])))
         and not (nxt and N.org_words[nxt.text])
         and not (N.of_heads[w] and nxt and nxt.text == "of") then
        break
      end
      words[#words + 1] = u.text
      last = take_dot(j)
      j = last + 1
      if u.text:match("%-based$") then break end
    elseif u.kind == "number" and N.org_words[toks[j + 1] and toks[j + 1].text or ""] then
      last = j
      j = j + 1
    elseif cap(nxt) and free(j + 1) and (N.particles[u.text] and u.text:match("^%l")) then
      j = j + 1
    elseif u.text == "of" and not saw_of and cap(nxt) and free(j + 1) and (N.of_heads[words[#words]] or N.of_heads[head]
           or N.org_words[words[#words]]) and not N.titles[words[#words]] then
      saw_of = true
      j = j + 1
      if toks[j] and toks[j].text == "the" and cap(toks[j + 1]) then j = j + 1 end
    elseif u.text == "for" and cap(nxt) and free(j + 1) and (N.for_heads[words[#words]]) then
      saw_of = true
      j = j + 1
    elseif (u.text == "and" or u.text == "&") and cap(nxt) and free(j + 1) and
           (saw_of or u.text == "&") then
      j = j + 1
    elseif u.text == "'" and nxt and nxt.text == "s" and N.possessive_in_name[words[#words]] and
           cap(toks[j + 2]) and free(j + 2) then
      j = j + 2
    elseif (u.text == "'s" or u.text == "’s") and N.possessive_in_name[words[#words]] and cap(nxt) and free(j + 1) then
      j = j + 1
    else
      break
    end
  end
  return last
end

-- Does a run of tokens look like an acronym ("FBI", "NASA", "U.N.")?
local function acronym(name)
  local letters = select(2, name:gsub("%u", ""))
  return not name:find("%s") and letters >= 2 and not name:find("%l%l")
end

-- Nationalities and languages ("Spanish", "Americans"): CoNLL04's
-- "Other", no entity of erg's.
local function demonym(words, after)
  if #words ~= 1 then return false end
  local w = words[1]
  if w:match("%l%les$") or w:match("%lish$") or w:match("%lians$") or w:match("%leans$") or
     w:match("%lans$") or w:match("%lese$") then
    return true
  end
  -- "Italian government", not "Brian said"
  return (w:match("%lian$") or w:match("%lean$") or w:match("%lcan$") or w:match("%lch$")) ~= nil and after ~= nil
    and after.kind == "word" and after.text:match("^%l+$") ~= nil and not after.text:match("[sd]$")
end

-- The type a chunk's own words say, and the cue.
local function own_type(words, name, after, prev)
  local pk = N.place_kind(name, prev)
  if pk then return pk, "reference" end
  if N.extra_orgs[name] then return "organization", "org-word" end
  -- an organisation word alone ("the Theater", "the Party") names none
  if #words == 1 and N.org_words[words[1]] and not shouty(words[1]) then return "other", "generic" end
  if N.demonyms[words[1]] and (#words == 1 or (after and after.text:match("^%l"))) then return "other", "demonym" end
  if demonym(words, after) and not N.org_words[words[#words]] then return "other", "demonym" end
  if #words == 1 and N.titles[(words[1]:gsub("%.$", ""))] ~= nil then return "other", "title" end
  if #words >= 2 and shouty((name:gsub("[%s%-]", ""))) then return "organization", "shouty" end
  local last, first = words[#words]:gsub("%.$", ""), words[1]
  if N.org_words[last] or N.org_words[words[#words]] or N.org_words[last:match("%-(%u%l+)$") or ""] then
    return "organization", "org-word"
  end
  if N.place_last[last] then return "place", "place-word" end
  if N.place_first[first] and #words > 1 then return "place", "place-word" end
  if #words > 1 and N.org_heads[first] and name:find(" of ") then return "organization", "org-word" end
  if name:find(" of ") and N.place_kind(name:match(" of (.*)$")) and N.of_heads[first] then
    return "organization", "org-word"
  end
  if acronym(name) then return "organization", "acronym" end
  return nil
end

-- Typing by the words around the chunk (tokens i..j).
local function context_type(toks, i, j)
  local prev, prev2, nxt, nxt2 = toks[i - 1], toks[i - 2], toks[j + 1], toks[j + 2]
  local p = prev and prev.text:lower()
  local nx = nxt and nxt.text:lower()
  if p and N.role_words[p] then return "person", "role" end
  if prev and prev.text == "," and prev2 and N.role_words[prev2.text:lower()] then return "person", "role" end
  if nx == "said" or nx == "says" or nx == "told" or nx == "testified" or nx == "recalled" or
     nx == "added" or nx == "wrote" or nx == "asked" or nx == "explained" or nx == "insisted" then
    return "person", "said"
  end
  if nx == "," and nxt2 and (nxt2.text == "who" or nxt2.text:match("^%d+$")) then return "person", "who" end
  -- "Cardenas, candidate of the PRD", "Wright, a University of Texas law professor"
  if nx == "," then
    for k = j + 2, math.min(#toks, j + 8) do
      local w = toks[k].text
      if N.role_words[w:lower()] and w:match("^%l") then return "person", "role" end
      if w == "," or w == "." or w == "who" or w == "which" then break end
    end
  end
  if nx == "," and nxt2 and N.place_kind(nxt2.text .. (toks[j + 3] and toks[j + 3].text == "." and "." or "")) then
    return "place", "dateline"
  end
  if nx == "'" and nxt2 and nxt2.text == "s" and toks[j + 3] and N.role_words[toks[j + 3].text:lower()] then
    return "person", "kin"
  end
  if p == "in" or p == "near" or p == "from" or p == "outside" or p == "into" or p == "across" then
    return "place", "in"
  end
  if (p == "for" or p == "with" or p == "by" or p == "at") and prev2 and N.role_words[prev2.text:lower()] then
    return "organization", "for"
  end
  return nil
end

-- A single unknown name is a person's when a verb or a killing is next
-- to it: "when Sirhan shot him", "shooting Kennedy".
local person_verbs = set[[was is had has did who would will could said says wrote told shot killed
  pleaded testified died fired married met left became won lost denied admitted claimed thought
  wanted tried took went got made saw knew felt heard began kept gave sat stood ran spent lived
  assassinated murdered stabbed]]
local kill_words = set[[shot killed assassinated murdered shooting killing assassination murder
  slaying stabbed by assassin killer murderer widow wife]]
single_person = function(toks, i, j)
  local nx, pv = toks[j + 1], toks[i - 1]
  if nx and nx.kind == "word" and nx.text:match("^%l") and
     (person_verbs[nx.text] or nx.text:match("%led$")) then
    return true
  end
  if pv and kill_words[pv.text:lower()] then return true end
  if nx and (nx.text == "'s" or nx.text == "’s") and toks[j + 2] and kill_words[toks[j + 2].text] then
    return true
  end
  return false
end

-- The chunks of tokens free(k) allows, typed.  starts: token indexes that
-- begin a sentence or a quotation (a common word there is no name).
function N.chunks(text, toks, free)
  local out = {}
  local i, n = 1, #toks
  while i <= n do
    local t = toks[i]
    local start = i == 1 or (toks[i - 1] and (toks[i - 1].text:match("^[\"“‘'`:%(]$") ~= nil))
    local lead_the = false
    if t.text == "The" and start and cap(toks[i + 1]) and free(i + 1) then
      -- "The Associated Press": CoNLL04 (and the name itself) keep "The"
      lead_the, i = true, i + 1
      t = toks[i]
      start = false
    end
    if free(i) and cap(toks[i + 1]) and toks[i].kind == "word" and
       (N.demonyms[t.text] or t.text:match("%lan$") or t.text:match("%lese$")) and
       N.titles[toks[i + 1].text:gsub("%.$", "")] ~= nil and not N.place_kind(t.text) then
      -- "Haitian President Jean Bertrand Aristide": the nationality is no part
      i = i + 1
      t = toks[i]
    end
    if t.text:match("^[DRI]%-%u") then
      -- "D-Calif.": a party and a state, no name
      i = i + 1
      goto continue
    end
    if free(i) and cap(t) and not N.never[t.text] and not headline_verb[t.text] and not (N.not_start[t.text] and (start or not N.titles[t.text])) then
      -- a title, kept in the name or not
      local title_from, k = nil, i
      while toks[k] and N.titles[toks[k].text:gsub("%.$", "")] ~= nil and free(k) do
        local w = toks[k].text:gsub("%.$", "")
        local nx = k + 1
        if toks[nx] and toks[nx].text == "." and toks[nx].first == toks[k].last + 1 then nx = nx + 1 end
        if N.title_pairs[w] and toks[nx] and toks[nx].text == N.title_pairs[w] then nx = nx + 1 end
        if not (cap(toks[nx]) and free(nx)) then break end
        title_from = title_from or k
        k = nx
      end
      local name_from = k
      local j = chunk(toks, name_from, free)
      local words = {}
      for x = name_from, j do if toks[x].kind == "word" then words[#words + 1] = toks[x].text end end
      local first_tok = name_from
      local typ, cue
      -- "Tokyo-based": the name is the place before "-based"
      local cut = 0
      if toks[j].text:match("%-based$") and #words > 0 then
        cut = 6
        words[#words] = words[#words]:gsub("%-based$", "")
      end
      if title_from and name_from <= j then
        typ, cue = "person", "title"
        local w = toks[title_from].text:gsub("%.$", "")
        if N.titles[w] then first_tok = title_from end
      end
      -- a lone common word at the start of a sentence is no name
      local bare = text:sub(toks[name_from].first, toks[j].last - cut)
      -- a dateline: "NORTHPORT, March 4", "PERUGIA, Italy (AP)"
      if not typ and first_tok == 1 and toks[j + 1] and toks[j + 1].text == "," and shouty((bare:gsub("[%s%.%-]", ""))) then
        typ, cue = "place", "dateline"
      end
      if not typ then typ, cue = own_type(words, bare, toks[j + 1], toks[name_from - 1]) end
      if cut > 0 and typ ~= "country" then typ, cue = "place", "based" end
      if not typ then typ, cue = context_type(toks, first_tok, j) end
      -- "Lee County Circuit Judge Thomas Gardner": what stands before a
      -- title is the organisation the title belongs to
      if not typ and toks[j + 1] and N.titles[(toks[j + 1].text:gsub("%.$", ""))] ~= nil then
        typ, cue = "organization", "before-title"
      end
      if not typ then
        -- the shape: two or more words, or one inside a sentence, are most
        -- often a person's name (a first word may be any capitalised word)
        if #words >= 2 then typ, cue = "person", "shape"
        elseif not (start and first_tok == i) and single_person(toks, first_tok, j) then
          typ, cue = "person", "single"
        end
      end
      local span_first = toks[first_tok].first
      if lead_the and typ == "organization" then span_first = toks[first_tok - 1].first end
      -- "the Phnom Penh government": the government of the place
      local nt = toks[j + 1]
      if nt and nt.text == "government" and (typ == "place" or typ == "country") then
        typ, cue, j = "government_body", "org-word", j + 1
      end
      if #words > 0 then
        -- the entity's name leaves the title out; the mention keeps it
        out[#out + 1] = {i = first_tok, j = j, first = span_first, last = toks[j].last - cut, name = bare,
                         type = typ, cue = cue, words = #words, start = start and first_tok == i}
      end
      i = j + 1
    else
      i = i + 1
    end
    ::continue::
  end
  return out
end

return N
