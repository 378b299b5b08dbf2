-- provenance.lua -- checks the provenance extract wrote: for every
-- relationship and entity of GRAPH, the lists found_in, sentence,
-- offset_start, offset_end (and rule) are aligned; each entry's offsets
-- are a trimmed sentence of its article; the first one's bytes are the
-- evidence (white space squeezed); confidence is in (0, 1].
--
--   erg run tests/extract/provenance.lua GRAPH ARTICLE_DIR
-- prints "provenance: N checked" or the problems (and exits 1).

local g = erg.load(arg[1])
local dir = arg[2]
local texts, problems, checked = {}, {}, 0

local function article(source_id)
  if not texts[source_id] then
    local s = g:source(source_id)
    local path = s and s:get("file")
    local f = path and (io.open(path, "rb") or io.open(dir .. "/" .. path, "rb"))
    texts[source_id] = f and f:read("a") or false
    if f then f:close() end
  end
  return texts[source_id]
end

local function check(x, what)
  local found, sent, os_, oe = x:get("found_in"), x:get("sentence"), x:get("offset_start"), x:get("offset_end")
  if not found then return end
  if not (#found == #sent and #sent == #os_ and #os_ == #oe) then
    problems[#problems + 1] = what .. ": provenance lists of different lengths"
    return
  end
  local rules = x:get("rule")
  if rules and #rules ~= #found then problems[#problems + 1] = what .. ": rule list not aligned" end
  for i = 1, #found do
    local text = article(found[i])
    if not text then
      problems[#problems + 1] = what .. ": no article for source " .. found[i]
    else
      local bytes = text:sub(os_[i] + 1, oe[i])
      if bytes == "" or bytes:match("^%s") or bytes:match("%s$") then
        problems[#problems + 1] = ("%s: offsets %d-%d are not a trimmed sentence"):format(what, os_[i], oe[i])
      end
      if i == 1 and x:get("evidence") and bytes:gsub("%s+", " ") ~= x:get("evidence") then
        problems[#problems + 1] = what .. ": evidence is not the bytes at its offsets"
      end
      checked = checked + 1
    end
  end
  local c = x:get("confidence")
  if c and not (c > 0 and c <= 1) then problems[#problems + 1] = what .. ": confidence out of range" end
end

for e in g:entities() do check(e, "entity " .. e.id) end
for r in g:relationships() do check(r, "relationship " .. r.id) end
for _, p in ipairs(problems) do print(p) end
print(("provenance: %d checked, %d problems"):format(checked, #problems))
if #problems > 0 then os.exit(1) end
