-- types.lua -- Lua values and erg types map exactly, both ways; a value
-- with no erg type is an error naming the attribute.
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")

local g = erg.new()
local e = g:add_entity{id = "e", type = "t"}
local f = g:add_entity{id = "f", type = "t"}

local function roundtrip(name, v)
  e:set(name, v)
  return e:get(name)
end

-- ---- scalars --------------------------------------------------------------
T.eq("int stays int", math.type(roundtrip("i", 3)), "integer")
T.eq("float stays float", math.type(roundtrip("x", 3.0)), "float")
T.eq("float value", roundtrip("x", 2.5), 2.5)
T.eq("max integer", roundtrip("big", math.maxinteger), math.maxinteger)
T.eq("min integer", roundtrip("small", math.mininteger), math.mininteger)
T.eq("bool", {roundtrip("b", true), roundtrip("b", false)}, {true, false})
T.eq("string", roundtrip("s", "héllo"), "héllo")
T.err("string with a NUL", "attribute 's': string holds a NUL byte (byte 2)", e.set, e, "s", "a\0b")
T.eq("schema types", g:schema("entity"), {
  {name = "i", type = "int"}, {name = "x", type = "float"}, {name = "big", type = "int"},
  {name = "small", type = "int"}, {name = "b", type = "bool"}, {name = "s", type = "string"}})
f:set("x", 4)
T.eq("an exact int under a float attribute becomes a float", {f:get("x"), math.type(f:get("x"))}, {4.0, "float"})
T.err("a float under an int attribute", "attribute 'i' holds int values, not float", e.set, e, "i", 1.5)
T.err("a string under an int attribute", "attribute 'i' holds int values, not string", e.set, e, "i", "3")
T.err("a bool under a string attribute", "attribute 's' holds string values, not bool", e.set, e, "s", true)
T.err("invalid UTF-8", "attribute 's': string is not valid UTF-8 (byte 1, 0xFF)", e.set, e, "s", "\xff\xfe")
T.eq("nil removes", roundtrip("i", nil), nil)

-- ---- values with no erg type ------------------------------------------------
T.err("function", "attribute 'fn': a function has no erg type", e.set, e, "fn", print)
T.err("coroutine", "attribute 'co': a thread has no erg type", e.set, e, "co", coroutine.create(print))
T.err("entity", "attribute 'who': an erg.entity has no erg type", e.set, e, "who", f)
T.err("graph", "attribute 'g': an erg.graph has no erg type", e.set, e, "g", g)
T.err("nested table", "attribute 'l': list element 1 is a table; a list holds bools, ints, floats, strings or dates",
      e.set, e, "l", {{1}})
T.err("function in a list", "attribute 'l': list element 2 is a function, which has no erg type", e.set, e, "l", {1, print})
T.err("table with other keys", "attribute 'l': a table value must be a list (keys 1..n), but it has key 'a'",
      e.set, e, "l", {a = 1})
T.err("table with a float key", "attribute 'l': a table value must be a list (keys 1..n), but it has key 1.5",
      e.set, e, "l", {[1.5] = 1})
T.err("mixed list", "attribute 'l': list element 2 is string, not int", e.set, e, "l", {1, "a"})
T.err("list of bools then an int", "attribute 'l': list element 2 is int, not bool", e.set, e, "l", {true, 1})
T.err("in add_entity too", "attribute 'bad': a function has no erg type", g.add_entity, g,
      {id = "z", type = "t", bad = print})
T.eq("nothing half-added", g:entity("z"), nil)

-- ---- lists ------------------------------------------------------------------------
local ints = roundtrip("ints", {1, 2, 3})
T.eq("int list", {ints, math.type(ints[1])}, {{1, 2, 3}, "integer"})
local floats = roundtrip("floats", {1, 2.5})
T.eq("ints and floats make a float list", {floats, math.type(floats[1])}, {{1.0, 2.5}, "float"})
T.eq("string list", roundtrip("strs", {"a", "b;c"}), {"a", "b;c"})
T.eq("bool list", roundtrip("bools", {true, false}), {true, false})
local dates = roundtrip("dates", {erg.date("2025"), erg.date("2025-07-14")})
T.eq("date list", {tostring(dates[1]), tostring(dates[2])}, {"2025", "2025-07-14"})
T.eq("empty list", roundtrip("empty", {}), {})
T.eq("list schema", g:schema("entity")[7], {name = "ints", type = "int[]"})
T.eq("empty list declares string[]", g:schema("entity")[12], {name = "empty", type = "string[]"})
T.err("a scalar under a list attribute", "attribute 'ints' holds int[] values, not int", e.set, e, "ints", 1)
T.err("a list under a scalar attribute", "attribute 'x' holds float values, not string[]", e.set, e, "x", {"a"})
T.eq("a fresh table each read", rawequal(e:get("ints"), e:get("ints")), false)

-- ---- dates ------------------------------------------------------------------------
local d = erg.date("2025-07")
T.eq("date fields", {d.year, d.month, d.day}, {2025, 7, nil})
T.eq("year only", {erg.date("2025").month, erg.date("2025").day}, {nil, nil})
T.eq("from numbers", {tostring(erg.date(2025)), tostring(erg.date(2025, 7)), tostring(erg.date(2025, 7, 14))},
     {"2025", "2025-07", "2025-07-14"})
T.eq("copy", tostring(erg.date(d)), "2025-07")
T.ok("equal", erg.date("2025-07") == erg.date(2025, 7))
T.ok("not equal", erg.date("2025-07") ~= erg.date("2025-07-01"))
T.ok("less: year before month", erg.date("2025") < erg.date("2025-01"))
T.ok("less: months", erg.date("2025-01-31") < erg.date("2025-02"))
T.ok("less or equal", erg.date("2025-07") <= erg.date("2025-07"))
T.eq("concat", "on " .. d .. "!", "on 2025-07!")
T.eq("stored and read", tostring(roundtrip("when", d)), "2025-07")
T.eq("date schema", g:schema("entity")[13], {name = "when", type = "date"})
T.err("month 13", "erg.date: '2025-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", erg.date, "2025-13")
T.err("not a date", "erg.date: 'July' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", erg.date, "July")
T.err("February 30", "erg.date: 2025-02-30 is not a date", erg.date, 2025, 2, 30)
T.err("day without month", "erg.date: 2025-0-5 is not a date", erg.date, 2025, 0, 5)
T.err("year out of range", "erg.date: 10000-0-0 is not a date", erg.date, 10000)
T.err("unknown field", "a date has no field 'week' (year, month, day)", function() return d.week end)
T.eq("getmetatable is locked", getmetatable(d), "erg.date")

T.finish()
