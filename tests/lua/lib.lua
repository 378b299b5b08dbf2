-- lib.lua -- the Lua tests' tiny harness.  A test file loads it with
--   local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")
-- checks with T.eq / T.ok / T.err, and ends with T.finish(), which prints
-- "NAME: N passed, N failed" and exits 1 on any failure.
local T = {passed = 0, failed = 0, name = (arg[0] or "?"):match("([^/]*)%.lua$") or "?"}

local function show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if type(v) ~= "table" then return tostring(v) end
  local parts, n = {}, #v
  for i = 1, n do parts[#parts + 1] = show(v[i]) end
  local keys = {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do parts[#parts + 1] = "[" .. show(k) .. "]=" .. show(v[k]) end
  return "{" .. table.concat(parts, ", ") .. "}"
end
T.show = show

-- Deep equality; numbers must also agree in math.type (1 is not 1.0).
local function same(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) == "number" then return a == b and math.type(a) == math.type(b) end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function fail(name, detail)
  T.failed = T.failed + 1
  io.stderr:write(("FAIL [%s] %s\n"):format(T.name, name))
  if detail then io.stderr:write("    " .. detail:gsub("\n", "\n    ") .. "\n") end
end

function T.ok(name, cond, detail)
  if cond then T.passed = T.passed + 1 else fail(name, detail) end
end

function T.eq(name, got, want)
  T.ok(name, same(got, want), "expected: " .. show(want) .. "\nactual:   " .. show(got))
end

-- The message of an error without its "chunk:line: " position.
function T.message(e)
  if type(e) ~= "string" then return e end
  return (e:gsub("^[^\n:]*:%d+: ", ""))
end

-- fn(...) must raise exactly the message want (position stripped).
function T.err(name, want, fn, ...)
  local ok, e = pcall(fn, ...)
  if ok then return fail(name, "no error; expected: " .. want) end
  T.eq(name, T.message(e), want)
end

function T.finish()
  print(("%s: %d passed, %d failed"):format(T.name, T.passed, T.failed))
  if T.failed > 0 then os.exit(1) end
end

return T
