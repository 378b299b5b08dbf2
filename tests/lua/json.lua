-- json.lua -- erg.json.decode and erg.json.encode: strict RFC 8259 both
-- ways, null as erg.json.null, sorted keys, clear refusals.
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")
local J = erg.json

-- ---- decoding ------------------------------------------------------------------
local v = J.decode('{"a": [1, 2.5, null, true, false], "b": {"c": "\\u00e9\\ud83d\\ude00\\n\\"\\/"}, ' ..
                   '"big": 12345678901234567890, "neg": -3, "e": 1e2}')
T.eq("array of values", {v.a[1], v.a[2], v.a[4], v.a[5]}, {1, 2.5, true, false})
T.ok("null is the sentinel", v.a[3] == J.null)
T.eq("a sequence without holes", #v.a, 5)
T.eq("escapes and surrogate pairs", v.b.c, "é😀\n\"/")
T.eq("integers that fit are integers", math.type(v.neg), "integer")
T.eq("integers past 64 bits are floats", v.big, 1.2345678901234567e19)
T.eq("exponent makes a float", v.e, 100.0)
T.eq("scalars at the top", {J.decode('"x"'), J.decode(" 7 "), J.decode("true")}, {"x", 7, true})
T.ok("null at the top", J.decode("null") == J.null)
T.eq("empty containers", {J.decode("[]"), J.decode("{}")}, {{}, {}})
T.eq("a BOM is skipped", J.decode("\xEF\xBB\xBF[1]"), {1})

local function bad(name, text, want)
  local r, msg = J.decode(text)
  T.eq(name, {r, msg}, {nil, want})
end
bad("trailing comma", "[1,]", "1:4: expected a value")
bad("duplicate key", '{"a":1,"a":2}', "1:8: duplicate key 'a'")
bad("NaN", "\n  [NaN]", "2:4: expected a value")
bad("Infinity", "[-Infinity]", "1:2: expected a value")
bad("comment", "[1] // x", "1:5: text after the JSON value")
bad("single quotes", "['a']", "1:2: expected a value")
bad("leading zero", "[01]", "1:3: expected ',' or ']'")
bad("bare decimal point", "[1.]", "1:4: a digit must follow the decimal point")
bad("raw control character", '["a\tb"]', "1:4: control character in a string (escape it)")
bad("invalid UTF-8", '["\xC3("]', "1:3: invalid UTF-8 in a string")
bad("lone surrogate", '["\\udc00"]', "1:3: lone low surrogate")
bad("high surrogate alone", '["\\ud800x"]', "1:3: high surrogate without its low surrogate")
bad("bad escape", '["\\x"]', "1:3: bad escape")
bad("unterminated string", '["abc', "1:2: unterminated string")
bad("unterminated array", "[1, 2", "1:6: unterminated array")
bad("missing colon", '{"a" 1}', "1:6: expected ':'")
bad("key not a string", "{1: 2}", "1:2: expected a string key")
bad("empty text", "  ", "1:3: unexpected end of text")
bad("columns count characters", '"é" x', "1:5: text after the JSON value")
bad("nesting", string.rep("[", 201) .. string.rep("]", 201), "1:201: nesting deeper than 200 levels")
T.eq("nesting of 200 levels is fine", #J.decode(string.rep("[", 200) .. string.rep("]", 200)), 1)
T.err("not a string", "bad argument #1 to '?' (string expected, got no value)", J.decode)

-- ---- encoding ------------------------------------------------------------------
T.eq("sorted keys, compact", J.encode({b = 1, a = {true, false, J.null}, c = "x"}),
     '{"a":[true,false,null],"b":1,"c":"x"}')
T.eq("floats stay floats", J.encode({2.0, 0.1, 1e300, -0.5, 3}), "[2.0,0.1,1e+300,-0.5,3]")
T.eq("string escapes", J.encode("a\n\"\\\1\127é"), '"a\\n\\"\\\\\\u0001\127é"')
T.eq("empty table is an array", J.encode({}), "[]")
T.eq("nil and null", {J.encode(nil), J.encode(J.null)}, {"null", "null"})
T.eq("a date as ISO text", J.encode({erg.date("2025-07-14"), erg.date("2025")}), '["2025-07-14","2025"]')
T.eq("tostring of null", tostring(J.null), "null")
T.err("NaN refused", "json.encode: NaN (JSON has no NaN) at $[2]", J.encode, {1, 0 / 0})
T.err("inf refused", "json.encode: inf (JSON has no infinity) at $.x[3].y", J.encode, {x = {1, 2, {y = 1 / 0}}})
T.err("-inf refused", "json.encode: -inf (JSON has no infinity) at $", J.encode, -1 / 0)
local cyc = {list = {}}
cyc.list[1] = cyc
T.err("cycle refused", "json.encode: a table that contains itself at $.list[1]", J.encode, cyc)
local shared = {1}
T.eq("a table twice is no cycle", J.encode({shared, shared}), "[[1],[1]]")
T.err("number key refused", "json.encode: a table key that is a number (1.5), not a string at $", J.encode,
      {[1.5] = 1})
T.err("mixed table refused", "json.encode: a table key that is a number (1), not a string at $.t", J.encode,
      {t = {1, x = 2}})
T.err("function refused", "json.encode: a function (JSON cannot hold it) at $.f", J.encode, {f = print})
T.err("invalid UTF-8 refused", "json.encode: a string that is not valid UTF-8 at $[1]", J.encode, {"\xFF"})
do -- the path names where the nesting went too deep (cut at 255 bytes)
  local t = {}
  local top = t
  for _ = 1, 201 do t[1] = {} t = t[1] end
  local ok, e = pcall(J.encode, top)
  T.ok("deep nesting refused", not ok and e:find("^json%.encode: nesting deeper than 200 levels at %$%[1%]%[1%]") ~= nil, e)
end
T.err("null is read-only", "erg.json.null cannot hold fields", function() J.null.x = 1 end)

-- ---- round trips -------------------------------------------------------------------
local doc = '{"a":[1,2.5,null,"x"],"b":{"c":{"d":[]}},"e":-0.25,"f":"\\u0000 nul"}'
T.eq("decode then encode gives the text back", J.encode(J.decode(doc)), doc)
T.eq("a string with NUL survives", J.decode(doc).f, "\0 nul")

T.finish()
