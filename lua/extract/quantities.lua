-- extract/quantities.lua -- figures and dates in a sentence, normalised:
-- "$75 billion" is 75000000000 in amount_usd, "A$16 million" 16000000 in
-- amount_aud, "1,400 terabytes" 1400 in data_tb, "July 2025" 2025-07.  A
-- bare "January" or "Tuesday" is resolved against the article's date, or
-- left unresolved (and flagged) when there is none.
--
-- Q.find(text, first, last, article_date) returns the quantities of
-- text:sub(first, last), ordered, never overlapping:
--   {kind = "money" | "data" | "percent" | "count" | "date",
--    first =, last =      -- byte positions in text (1-based, inclusive)
--    text =, value =, unit =, attr =  -- the attribute it fills: "amount_usd"
--    approx = true        -- hedged: "almost", "about"...
--    noun =               -- counts: the word after the number ("jets")
--    date = {year=, month=, day=} | nil, unresolved = true | nil}

local L = require "extract.lexicon"

local Q = {}

local function number(s)
  return tonumber((s:gsub(",", "")))
end

-- Is the quantity starting at local position a hedged?
local function hedged(s, a)
  local before = s:sub(1, a - 1):lower()
  for _, h in ipairs(L.hedges) do
    if before:find("%f[%a]" .. h:gsub(" ", "%%s+") .. "%s*$") then return true end
  end
  return false
end

-- The scale after a number ending at e: attached ("101M", "2bn") or a
-- word ("75 billion").  Returns the multiplier and the new end.
local function scale_after(s, e)
  local a, b, w = s:find("^(%a+)", e + 1)
  if a and #w <= 3 and L.scales[w:lower()] and not s:sub(b + 1, b + 1):match("%a") then
    return L.scales[w:lower()], b
  end
  a, b, w = s:find("^%s+(%a+)", e + 1)
  if a and #w >= 2 and L.scales[w:lower()] and (#w > 3 or w:lower() == "bn" or w:lower() == "mn") then
    return L.scales[w:lower()], b
  end
  return 1, e
end

local function money(out, s, a, b, unit, num_at)
  local ns, ne, num = s:find("^%s?(%d[%d,]*%.?%d*)", num_at)
  if not ns then return end
  num = num:gsub("[.,]$", "")
  ne = ns + #s:match("^%s?", ns) + #num - 1
  local mult, e = scale_after(s, ne)
  local value = number(num) * mult
  local attr = "amount_" .. unit
  if s:find("^%s+[Vv]aluation", e + 1) or s:sub(1, a - 1):lower():find("valu[a-z]*%s+[a-z]*%s*at%s*$")
     or s:sub(1, a - 1):lower():find("valuation%s+of%s*$") then
    attr = "valuation_" .. unit
  end
  out[#out + 1] = {kind = "money", first = a, last = e, value = value + 0.0, unit = unit, attr = attr,
                   approx = hedged(s, a) or nil}
end

local function find_money(s, out)
  local i = 1
  while true do
    local a = s:find("$", i, true)
    if not a then break end
    local pre = s:sub(1, a - 1):match("(%u%u?)$") or ""
    local start = a
    if pre ~= "" and L.dollar_prefixes[pre] and not s:sub(1, a - #pre - 1):match("%a$") then
      start = a - #pre
    else
      pre = ""
    end
    money(out, s, start, a, L.dollar_prefixes[pre], a + 1)
    i = a + 1
  end
  for sign, unit in pairs(L.currency_signs) do
    i = 1
    while true do
      local a, b = s:find(sign, i, true)
      if not a then break end
      money(out, s, a, b, unit, b + 1)
      i = b + 1
    end
  end
end

-- ---- dates ------------------------------------------------------------------
-- Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
local function days(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil(z)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp + (mp < 10 and 3 or -9)
  return m <= 2 and y + 1 or y, m, d
end
Q.days, Q.civil = days, civil

-- 1 = Monday ... 7 = Sunday.
function Q.weekday(y, m, d)
  return (days(y, m, d) + 3) % 7 + 1
end

local function valid(y, m, d)
  if not y or y < 1 or y > 9999 then return false end
  if m and (m < 1 or m > 12) then return false end
  if d then
    if not m or d < 1 then return false end
    local ny, nm = m == 12 and y + 1 or y, m == 12 and 1 or m + 1
    if d > days(ny, nm, 1) - days(y, m, 1) then return false end
  end
  return true
end

-- Resolves a partial date against the article's date (the most recent
-- such month or day not after it: news tells what happened).  Returns
-- {year=, month=, day=} or nil.
local function resolve(spec, art)
  if spec.year then return spec end
  if not art or not art.year then return nil end
  if spec.relative == "year" then return {year = art.year + spec.offset} end
  if spec.weekday then
    if not art.day then return nil end
    local today = days(art.year, art.month, art.day)
    local back = (Q.weekday(art.year, art.month, art.day) - spec.weekday) % 7
    local y, m, d = civil(today - back)
    return {year = y, month = m, day = d}
  end
  if spec.relative == "day" then
    if not art.day then return nil end
    local y, m, d = civil(days(art.year, art.month, art.day) + spec.offset)
    return {year = y, month = m, day = d}
  end
  if spec.month then
    if not art.month then return nil end
    local y = art.year
    if spec.month > art.month or (spec.day and art.day and spec.month == art.month and spec.day > art.day) then
      y = y - 1
    end
    return {year = y, month = spec.month, day = spec.day}
  end
  return nil
end

local function add_date(out, a, e, spec, art, s)
  if spec.year and not valid(spec.year, spec.month, spec.day) then return end
  local d = resolve(spec, art)
  out[#out + 1] = {kind = "date", first = a, last = e, date = d, unresolved = not d or nil,
                   attr = "date", text = s:sub(a, e)}
end

local function cue_before(s, a)
  local w = s:sub(1, a - 1):match("(%a+)[%s%-]*$")
  return w and L.month_cues[w:lower()]
end

local function find_dates(s, out, art)
  for a, y, m, d, e in s:gmatch("()(%d%d%d%d)%-(%d%d)%-(%d%d)()") do
    if not s:sub(a - 1, a - 1):match("[%w%-]") and not s:sub(e, e):match("[%w%-]") then
      add_date(out, a, e - 1, {year = tonumber(y), month = tonumber(m), day = tonumber(d)}, art, s)
    end
  end
  for a, y, m, e in s:gmatch("()(%d%d%d%d)%-(%d%d)()") do
    if not s:sub(a - 1, a - 1):match("[%w%-]") and not s:sub(e, e):match("[%w%-]") then
      add_date(out, a, e - 1, {year = tonumber(y), month = tonumber(m)}, art, s)
    end
  end
  for a, w, e in s:gmatch("()(%a+)()") do
    local lw = w:lower()
    local capital = w:match("^%u")
    if capital and L.months[lw] and not s:sub(a - 1, a - 1):match("[%w]") then
      local m = L.months[lw]
      local stop = e - 1
      if #w <= 4 and s:sub(e, e) == "." then stop = e end
      local start = a
      local dd = s:sub(1, a - 1):match("(%d%d?)%s+$")
      local _, de, day, year = s:find("^%s+(%d%d?),?%s+(%d%d%d%d)%f[%D]", stop + 1)
      if de then
        add_date(out, a, de, {year = tonumber(year), month = m, day = tonumber(day)}, art, s)
      elseif dd and s:find("^,?%s+%d%d%d%d%f[%D]", stop + 1) then
        local _, ye, yy = s:find("^,?%s+(%d%d%d%d)", stop + 1)
        start = a - #s:sub(1, a - 1):match("%d%d?%s+$")
        add_date(out, start, ye, {year = tonumber(yy), month = m, day = tonumber(dd)}, art, s)
      else
        local _, ye, yy = s:find("^,?%s+(%d%d%d%d)%f[%D]", stop + 1)
        local _, me, mday = s:find("^%s+(%d%d?)%f[%D]", stop + 1)
        if ye then
          add_date(out, a, ye, {year = tonumber(yy), month = m}, art, s)
        elseif me and not s:find("^%s+%d%d?%s*%%", stop + 1) then
          add_date(out, a, me, {month = m, day = tonumber(mday)}, art, s)
        elseif #w > 3 and (cue_before(s, a) or s:sub(1, a - 1):find("mid%-$")) then
          add_date(out, a, e - 1, {month = m}, art, s)
        end
      end
    elseif capital and L.weekdays[lw] then
      add_date(out, a, e - 1, {weekday = L.weekdays[lw]}, art, s)
    elseif lw == "today" or lw == "yesterday" or lw == "tomorrow" then
      add_date(out, a, e - 1, {relative = "day", offset = lw == "today" and 0 or lw == "yesterday" and -1 or 1},
               art, s)
    elseif (lw == "last" or lw == "this" or lw == "next") and s:find("^%s+year%f[%A]", e) then
      local _, ye = s:find("^%s+year", e)
      add_date(out, a, ye, {relative = "year", offset = lw == "last" and -1 or lw == "next" and 1 or 0}, art, s)
    end
  end
  for a, w, y, e in s:gmatch("()(%a+)[%s%-]+(%d%d%d%d)()") do
    local lw = w:lower()
    if (L.month_cues[lw] or lw == "mid" or lw == "end" or lw == "start") and not L.months[lw]
       and not s:sub(e, e):match("[%w%-]") then
      local yy = tonumber(y)
      if yy >= 1800 and yy <= 2100 then
        add_date(out, e - 4, e - 1, {year = yy}, art, s)
      end
    end
  end
end

-- Numbers not taken by money or dates: data volumes, percentages,
-- amounts in currency words, and counts.
local function find_numbers(s, out)
  for a, num, e in s:gmatch("()(%d[%d,]*%.?%d*)()") do
    local ok = not s:sub(a - 1, a - 1):match("[%w%.%-%$/+]") and not s:sub(e, e):match("[%w%-]")
    num = num:gsub("[.,]$", "")
    local ne = a + #num - 1
    if ok then
      local mult, se = scale_after(s, ne)
      local value = number(num) * mult
      local _, ue, unit = s:find("^%s*(%a+)", se + 1)
      local lu = unit and unit:lower()
      local approx = hedged(s, a) or nil
      if lu and L.data_units[lu] and (#lu > 2 or unit == unit:upper()) then
        out[#out + 1] = {kind = "data", first = a, last = ue, value = value * L.data_units[lu] + 0.0,
                         unit = "tb", attr = "data_tb", approx = approx}
      elseif s:find("^%s*%%", se + 1) or lu == "percent" or (lu == "per" and s:find("^%s+cent", ue + 1)) then
        local _, pe = s:find("^%s*%%", se + 1)
        if not pe then _, pe = s:find("^%s*per%s*cent", se + 1) end
        out[#out + 1] = {kind = "percent", first = a, last = pe, value = value + 0.0, unit = "percent",
                         attr = "percent", approx = approx}
      elseif lu and L.currency_words[lu] then
        out[#out + 1] = {kind = "money", first = a, last = ue, value = value + 0.0,
                         unit = L.currency_words[lu], attr = "amount_" .. L.currency_words[lu], approx = approx}
      elseif value == math.floor(value) and not (mult == 1 and #num == 4 and value >= 1800 and value <= 2100) then
        out[#out + 1] = {kind = "count", first = a, last = se, value = math.tointeger(value) or value,
                         noun = lu, attr = "count", approx = approx}
      end
    end
  end
end

local function overlaps(x, list)
  for _, y in ipairs(list) do
    if x.first <= y.last and y.first <= x.last then return true end
  end
  return false
end

-- Keeps the first of overlapping candidates, in priority order.
local function pick(groups)
  local kept = {}
  for _, list in ipairs(groups) do
    table.sort(list, function(x, y)
      if x.first ~= y.first then return x.first < y.first end
      return x.last > y.last
    end)
    for _, x in ipairs(list) do
      if not overlaps(x, kept) then kept[#kept + 1] = x end
    end
  end
  table.sort(kept, function(x, y) return x.first < y.first end)
  return kept
end

function Q.find(text, first, last, art)
  local s = text:sub(first, last)
  local m, d, n = {}, {}, {}
  find_money(s, m)
  find_dates(s, d, art)
  find_numbers(s, n)
  local out = pick({m, d, n})
  for _, q in ipairs(out) do
    q.text = s:sub(q.first, q.last)
    q.first, q.last = q.first + first - 1, q.last + first - 1
  end
  return out
end

-- The ISO form of a resolved date ("2025-07").
function Q.iso(d)
  if d.day then return ("%04d-%02d-%02d"):format(d.year, d.month, d.day) end
  if d.month then return ("%04d-%02d"):format(d.year, d.month) end
  return ("%04d"):format(d.year)
end

-- A dateline: a full date in one of the first three lines when that line
-- is short (a heading or "WASHINGTON, Jan. 5, 2026 --"), or a date before
-- a dash at the start of the first paragraph.  Returns {year=, month=,
-- day=} or nil.
function Q.dateline(text)
  local n = 0
  for line in text:gmatch("[^\n]+") do
    if line:match("%S") then
      n = n + 1
      -- a heading does not end like a sentence; a date that opens the
      -- line is a dateline even then
      local heading = #line <= 120 and not line:match("[.!?]%s*$")
      local head = heading and line or line:match("^(.-)%s+%-%-?%s") or line:match("^(.-)%s+–%s")
        or line:match("^(.-)%s+—%s") or (#line <= 120 and line:sub(1, 40)) or ""
      if head ~= "" then
        for _, q in ipairs(Q.find(head, 1, #head, nil)) do
          if q.kind == "date" and q.date and q.date.day then return q.date end
        end
      end
      if n == 3 then break end
    end
  end
  return nil
end

return Q
