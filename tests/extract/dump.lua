-- dump.lua -- a graph as sorted lines of text, every field and attribute
-- shown, so that two graphs can be compared with diff.
--
--   erg run tests/extract/dump.lua GRAPH

local g = erg.load(assert(arg[1], "usage: erg run dump.lua GRAPH"))

local function value(v)
  local t = type(v)
  if t == "string" then return ("%q"):format(v) end
  if t == "number" then
    if math.type(v) == "integer" then return ("%d"):format(v) end
    return ("%.15g"):format(v) .. (v == math.floor(v) and math.abs(v) < 1e15 and ".0" or "")
  end
  if t == "table" then
    local parts = {}
    for _, x in ipairs(v) do parts[#parts + 1] = value(x) end
    return "[" .. table.concat(parts, ", ") .. "]"
  end
  return tostring(v)
end

local function attrs(x)
  local a, keys = x:attrs(), {}
  for k in pairs(a) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = "    " .. k .. " = " .. value(a[k]) end
  return table.concat(parts, "\n")
end

local lines = {}
for e in g:entities() do
  local al = e.aliases
  table.sort(al)
  lines[#lines + 1] = ("entity %s (%s) %q aliases %s\n%s"):format(e.id, e.type, e.name or "", value(al), attrs(e))
end
table.sort(lines)
local rels = {}
for r in g:relationships() do
  rels[#rels + 1] = ("rel %s %s%s%s %s [%s]\n%s"):format(r.from.id, r.directed and "-" or "=", r.type,
    r.directed and "->" or "=", r.to.id, r.id, attrs(r))
end
table.sort(rels)
local srcs = {}
for s in g:sources() do srcs[#srcs + 1] = ("source %s\n%s"):format(s.id, attrs(s)) end
table.sort(srcs)
print(("graph: %d entities, %d relationships, %d sources"):format(#lines, #rels, #srcs))
for _, l in ipairs(lines) do print(l) end
for _, l in ipairs(rels) do print(l) end
for _, l in ipairs(srcs) do print(l) end
