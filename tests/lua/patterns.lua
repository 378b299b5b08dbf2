-- patterns.lua -- prints what string.find, match, gmatch and gsub give for
-- a corpus of cases and for random ones.  tests/cli/lua.sh runs it twice,
-- trusted (Lua's own functions) and --sandbox (erg's step-counted ones),
-- and requires the same output, errors included.
local out = {}
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = type(v) == "string" and ("%q"):format(v) or (type(v) == "table" or type(v) == "function") and type(v) or tostring(v)
  end
  return table.concat(t, " ", 1, t.n)
end
local function case(fname, ...)
  local args = table.pack(...)
  local f = string[fname]
  local res
  if fname == "gmatch" then
    res = show(pcall(function()
      local all = {}
      for a, b, c in f(table.unpack(args, 1, args.n)) do all[#all + 1] = show(a, b, c) end
      return table.concat(all, " | ")
    end))
  else
    res = show(pcall(f, table.unpack(args, 1, args.n)))
  end
  out[#out + 1] = fname .. "(" .. show(table.unpack(args, 1, args.n)) .. ") -> " .. res
end

local subjects = {"", "a", "hello world", "aaa", "  key = value  ", "f(a(b)c)d", "THE (quick) fox",
                  "x=1, y=22, z=333", "éà", "a.b.c", "[x]", "%d", "abcabcabc", "one\ntwo", "a\0b"}
local pats = {"", ".", "a", "a*", "a+", "a-", "a?", "^a", "a$", "^$", "%a+", "%d+", "%s*", "%w+", "%p",
              "%u", "%l+", "%x+", "%c", "%g+", "%A", "%D+", "%S+", "[abc]+", "[^abc]+", "[a-c]+", "[%a_]+",
              "[]]", "[^]]", "[%]]", "[a%-z]", "[-a]", "(a)", "(a*)(b?)", "()a()", "(%w+)=(%w+)", "%((%w+)%)",
              "%b()", "%b[]", "%f[%w]%w+", "%f[%W]", "(a)%1", "(%a)%1*", ".-b", ".*b", "[%s]*(.-)[%s]*$",
              "\n", "%.", "a.b", "%%", "%z", "x*$", "(h)(e)(l)(l)(o)", "b()", "^(%s*)", "[^\0]+", "%f[a]"}
for _, s in ipairs(subjects) do
  for _, p in ipairs(pats) do
    case("find", s, p)
    case("match", s, p)
  end
end
for _, p in ipairs(pats) do case("gmatch", "hello world (a(b)) x=1 aaa", p) end
for _, p in ipairs(pats) do case("gsub", "hello world (a(b)) x=1 aaa", p, "<%0>") end

-- init, plain, anchors, counts
case("find", "hello", "l", 4) case("find", "hello", "l", -1) case("find", "hello", "l", -10)
case("find", "hello", "l", 10) case("find", "hello", "", 6) case("find", "hello", "", 7)
case("find", "a.b", ".", 1, true) case("find", "a+b", "+", 1, true) case("find", "hello", "ll", 1, false)
case("find", "hello", "xyz", 1, true) case("find", "", "", 1, true) case("match", "hello", ".", -2)
case("match", "hello", "()ll()") case("find", "hello", "(l)(l)") case("match", "  x", "^%s*()")
case("gmatch", "abc", "", 1) case("gmatch", "abc", ".", 2) case("gmatch", "abc", ".", -1) case("gmatch", "abc", ".", 9)
case("gmatch", "^a^a", "^a") case("gmatch", "key=val, k2=v2", "(%w+)=(%w+)") case("gmatch", "a,b,,c", "([^,]*)")
case("gsub", "hello world", "o", "0") case("gsub", "hello world", "o", "0", 1) case("gsub", "hello", "", "-")
case("gsub", "hello world", "(%w+)", "%1 %1") case("gsub", "hello world", "%w+", "%0%%") case("gsub", "abc", "^a", "x")
case("gsub", "abc", "b*", "-") case("gsub", "hello", "(l)(l)", {ll = "LL", l = "L"}) case("gsub", "hello", "l", {l = false})
case("gsub", "hello", "%w", {h = 1, e = 2.5}) case("gsub", "x y", "%w", function(c) return c:upper() end)
case("gsub", "x y", "(%w)", function() return nil end) case("gsub", "abc", "()", "%1") case("gsub", "abc", "b", 5)
case("gsub", "abc", "b", "%2") case("gsub", "abc", "b", "%") case("gsub", "abc", "b", "%x") case("gsub", "abc", "b", true)
case("gsub", "abc", "b", {b = {}}) case("gsub", "abc", "(b)", function(x) return x, 1 end) case("gsub", "abc", "", "", 0)
case("gsub", "abc", ".", "%0", -1)

-- malformed patterns
for _, p in ipairs{"%", "[a", "[^", "[]", "%f", "%fa", "%b", "%ba", "(a", "a)", "%1", "(a)%2", "%0", "(()", "[%",
                   string.rep("(", 33) .. string.rep(")", 33), string.rep("a?", 300) .. string.rep("a", 300)} do
  case("find", "abc", p) case("match", "abc", p) case("gsub", "abc", p, "x")
end

-- random patterns over a small alphabet (same seed, same cases)
math.randomseed(42)
local atoms = {"a", "b", ".", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "%w", "%(", "%b()", "%f[%w]", "x"}
local quants = {"", "", "*", "+", "-", "?"}
local letters = {"a", "b", "c", "1", " ", "(", ")", "x"}
for _ = 1, 400 do
  local p, s = {}, {}
  if math.random(6) == 1 then p[1] = "^" end
  for _ = 1, math.random(0, 5) do
    local atom = atoms[math.random(#atoms)]
    if math.random(8) == 1 then p[#p + 1] = "(" .. atom .. ")" else p[#p + 1] = atom .. quants[math.random(#quants)] end
  end
  if math.random(8) == 1 then p[#p + 1] = "%1" end
  if math.random(6) == 1 then p[#p + 1] = "$" end
  for _ = 1, math.random(0, 10) do s[#s + 1] = letters[math.random(#letters)] end
  local pat, subj = table.concat(p), table.concat(s)
  case("find", subj, pat) case("match", subj, pat) case("gmatch", subj, pat) case("gsub", subj, pat, "[%0]")
end

print(table.concat(out, "\n"))
print(#out .. " cases")
