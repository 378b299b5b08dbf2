-- traversal.lua -- every step and terminal of g:V(), laziness,
-- immutability, walks and their bounds, and the errors.
local T = dofile((arg[0]:match("^(.*/)") or "") .. "lib.lua")

--   a -supplies-> b, a -supplies-> c, b -owns-> d, c -supplies-> d,
--   d -part_of-> a, b -knows- c (undirected); e alone
local g = erg.new()
g:add_entity{id = "a", type = "company", name = "Alpha", aliases = {"AA"}, country = "US", size = 3, tags = {"x", "y"}}
g:add_entity{id = "b", type = "company", name = "Beta", country = "DE", size = 1}
g:add_entity{id = "c", type = "company", name = "Gamma", size = 2}
g:add_entity{id = "d", type = "agency", name = "Delta", country = "US"}
g:add_entity{id = "e", type = "agency", name = "Epsilon"}
g:add_relationship{from = "a", to = "b", type = "supplies"}
g:add_relationship{from = "a", to = "c", type = "supplies"}
g:add_relationship{from = "b", to = "d", type = "owns"}
g:add_relationship{from = "c", to = "d", type = "supplies"}
g:add_relationship{from = "d", to = "a", type = "part_of"}
g:add_relationship{from = "b", to = "c", type = "knows", directed = false}

local function ids(t) return t:values("id") end
local function sorted(t) local v = t:values("id"); table.sort(v); return v end

-- ---- starting points -----------------------------------------------------------
T.eq("V()", ids(g:V()), {"a", "b", "c", "d", "e"})
T.eq("V{type}", ids(g:V{type = "agency"}), {"d", "e"})
T.eq("V(id)", ids(g:V("a")), {"a"})
T.eq("V(alias)", ids(g:V("aa")), {"a"})
T.eq("V(entity)", ids(g:V(g:entity("b"))), {"b"})
T.eq("V{ids}", ids(g:V{"c", "a"}), {"c", "a"})
T.eq("V{ids, type}", ids(g:V{"a", "d", type = "company"}), {"a"})
T.eq("V{type} of no entity", g:V{type = "zzz"}:count(), 0)
T.eq("e:V()", ids(g:entity("d"):V():out()), {"a"})
T.err("V: unknown id", "no entity 'zzz'", g.V, g, "zzz")
T.err("V: unknown option", "V: unknown option 'bogus'", g.V, g, {bogus = 1})

-- ---- moving ------------------------------------------------------------------------
T.eq("out", sorted(g:V("a"):out()), {"b", "c"})
T.eq("out: undirected counts", sorted(g:V("b"):out()), {"c", "d"})
T.eq("out: a type", sorted(g:V("b"):out("owns")), {"d"})
T.eq("out: several types", sorted(g:V("b"):out("owns", "knows")), {"c", "d"})
T.eq("out: unknown type", g:V("b"):out("zzz"):count(), 0)
T.eq("in_", sorted(g:V("b"):in_()), {"a", "c"})
T.eq("in_: types", sorted(g:V("d"):in_("supplies", "owns")), {"b", "c"})
T.eq("both", sorted(g:V("a"):both()), {"b", "c", "d"})
T.eq("chained, with repeats", sorted(g:V("a"):out():out()), {"b", "c", "d", "d"})
T.eq("dedup", sorted(g:V("a"):out():out():dedup()), {"b", "c", "d"})
T.eq("dedup keeps the first", ids(g:V{"b", "a", "b", "a"}:dedup()), {"b", "a"})

-- ---- filtering ---------------------------------------------------------------------
T.eq("has(name, value)", ids(g:V():has("country", "US")), {"a", "d"})
T.eq("has(name)", ids(g:V():has("country")), {"a", "b", "d"})
T.eq("hasnot", ids(g:V():hasnot("country")), {"c", "e"})
T.eq("has: a list contains", ids(g:V():has("tags", "y")), {"a"})
T.eq("has: a list equals", ids(g:V():has("tags", {"x", "y"})), {"a"})
T.eq("has: lists in another order differ", g:V():has("tags", {"y", "x"}):count(), 0)
T.eq("has: numbers compare as numbers", ids(g:V():has("size", 3.0)), {"a"})
T.eq("has: fields", {ids(g:V():has("type", "agency")), ids(g:V():has("name", "Beta")), ids(g:V():has("id", "c"))},
     {{"d", "e"}, {"b"}, {"c"}})
T.eq("has: aliases", ids(g:V():has("aliases", "AA")), {"a"})
T.eq("has: no match", g:V():has("country", "FR"):count(), 0)

-- ---- comparison predicates: the test stays in C ------------------------------------
T.eq("gt", ids(g:V():has("size", erg.gt(1))), {"a", "c"})
T.eq("ge: an int bound, float values alike", ids(g:V():has("size", erg.ge(2.0))), {"a", "c"})
T.eq("lt", ids(g:V():has("size", erg.lt(3))), {"b", "c"})
T.eq("le", ids(g:V():has("size", erg.le(1))), {"b"})
T.eq("between, inclusive", ids(g:V():has("size", erg.between(1, 2))), {"b", "c"})
T.eq("ne: absent values pass no predicate", ids(g:V():has("size", erg.ne(3))), {"b", "c"})
T.eq("strings in byte order", ids(g:V():has("name", erg.ge("Delta"))), {"c", "d", "e"})
T.eq("another kind passes nothing", g:V():has("name", erg.gt(0)):count(), 0)
T.eq("a list passes when an item does", ids(g:V():has("tags", erg.gt("x"))), {"a"})
T.eq("aliases", ids(g:V():has("aliases", erg.lt("AB"))), {"a"})
T.eq("tostring", {tostring(erg.gt(5)), tostring(erg.between("a", "b")), tostring(erg.le(erg.date("2025-07")))},
     {"erg.gt(5)", 'erg.between("a", "b")', "erg.le(2025-07)"})
T.err("a bound of no kind", "erg.gt: argument 1 must be a number, a string or an erg.date (got table)", erg.gt, {})
T.err("bounds of two kinds", "erg.between: both bounds must be of one kind", erg.between, 1, "z")
T.eq("where", ids(g:V():where(function(e) return e.name:find("t") ~= nil end)), {"b", "d"})
T.err("where: errors pass through", "inner", function() g:V():where(function() error("inner") end):list() end)

-- ---- ordering and slicing --------------------------------------------------------
T.eq("order by an attribute, absent last", ids(g:V():order("size")), {"b", "c", "a", "d", "e"})
T.eq("order desc, absent still last", ids(g:V():order("size", "desc")), {"a", "c", "b", "d", "e"})
T.eq("order by name", ids(g:V():order("name", "desc")), {"c", "e", "d", "b", "a"})
T.eq("order by id by default", ids(g:V{"d", "b", "a"}:order()), {"a", "b", "d"})
T.eq("order is stable", ids(g:V():order("country")), {"b", "a", "d", "c", "e"})
T.eq("limit", ids(g:V():limit(2)), {"a", "b"})
T.eq("limit 0", g:V():limit(0):count(), 0)
T.eq("skip", ids(g:V():skip(3)), {"d", "e"})
T.eq("skip past the end", g:V():skip(10):count(), 0)
T.eq("skip then limit", ids(g:V():skip(1):limit(2)), {"b", "c"})

-- ---- walks ---------------------------------------------------------------------------
T.eq("walk 1 hop", sorted(g:V("a"):walk{max_depth = 1}), {"b", "c"})
T.eq("walk 2 hops", sorted(g:V("a"):walk{max_depth = 2}), {"b", "c", "d"})
T.eq("walk never returns to the start", sorted(g:V("a"):walk{max_depth = 10}), {"b", "c", "d"})
T.eq("walk in", sorted(g:V("a"):walk{dir = "in", max_depth = 1}), {"d"})
T.eq("walk in, 3 hops", sorted(g:V("a"):walk{dir = "in", max_depth = 3}), {"b", "c", "d"})
T.eq("walk both", sorted(g:V("e"):walk{dir = "both", max_depth = 3}), {})
T.eq("walk a type", sorted(g:V("a"):walk{type = "supplies", max_depth = 5}), {"b", "c", "d"})
T.eq("walk types", sorted(g:V("b"):walk{type = {"owns", "part_of"}, max_depth = 5}), {"a", "d"})
T.eq("walk min_depth 0 includes the start", sorted(g:V("a"):walk{min_depth = 0, max_depth = 1}), {"a", "b", "c"})
T.eq("walk only depth 2", sorted(g:V("a"):walk{min_depth = 2, max_depth = 2}), {"d"})
T.eq("walk depth 0", g:V("a"):walk{max_depth = 0}:count(), 0)
T.eq("walk nearest first", ids(g:V("d"):walk{max_depth = 3}), {"a", "c", "b"})
T.eq("walk once per start", ids(g:V{"b", "c"}:walk{type = "owns", max_depth = 1}), {"d"})
T.err("walk: max_depth required", "walk: max_depth is required (the most hops to take)",
      function() return g:V():walk{dir = "out"} end)
T.err("walk: max_depth an integer", "walk: max_depth must be a non-negative integer",
      function() return g:V():walk{max_depth = 1.5} end)
T.err("walk: max_depth not negative", "walk: max_depth must be a non-negative integer",
      function() return g:V():walk{max_depth = -1} end)
T.err("walk: dir", "walk: dir must be \"out\", \"in\" or \"both\", not 'up'",
      function() return g:V():walk{max_depth = 1, dir = "up"} end)
T.err("walk: unknown option", "walk: unknown option 'depth'", function() return g:V():walk{depth = 1} end)

-- ---- terminals -----------------------------------------------------------------------
T.eq("list", g:V("a"):out("supplies"):order():list(), {g:entity("b"), g:entity("c")})
T.eq("count", g:V():count(), 5)
T.eq("first", g:V():order("name", "desc"):first(), g:entity("c"))
T.eq("first of nothing", g:V():has("size", 99):first(), nil)
T.eq("values skip absent", g:V():values("size"), {3, 1, 2})
T.eq("values of lists", g:V():values("tags"), {{"x", "y"}})
local seen = {}
for e in g:V{type = "agency"}:iter() do seen[#seen + 1] = e.id end
T.eq("iter", seen, {"d", "e"})
local it = g:V("e"):iter()
T.eq("iter: one", it(), g:entity("e"))
T.eq("iter after the end", {it(), it()}, {nil, nil})

-- ---- laziness and immutability ----------------------------------------------------
local calls = 0
local counting = g:V():where(function() calls = calls + 1; return true end)
counting:first()
T.eq("first pulls one", calls, 1)
calls = 0
counting:limit(2):list()
T.eq("limit stops pulling", calls, 2)
calls = 0
local _ = counting:out():has("x"):order("y")
T.eq("nothing runs before a terminal", calls, 0)
local base = g:V("a")
local outs = base:out()
T.eq("a step makes a new traversal", {base:count(), outs:count()}, {1, 2})
local both1, both2 = base:out("supplies"), base:in_()
T.eq("branches are independent", {sorted(both1), sorted(both2)}, {{"b", "c"}, {"d"}})
T.eq("a traversal runs again", {outs:count(), outs:count()}, {2, 2})

-- ---- the graph must not change under a running traversal --------------------------
T.err("changing the graph while iterating",
      "the graph changed during the traversal (collect it with :list() before changing the graph)",
      function()
        for e in g:V():iter() do g:add_entity{id = "new-" .. e.id, type = "t"} end
      end)
g:delete("new-a")
for _, e in ipairs(g:V():list()) do e:set("seen", true) end
T.eq("changing after :list() is fine", g:V():has("seen", true):count(), 5)
local reentrant
reentrant = g:V():where(function() reentrant() return true end):iter()
T.err("re-entrant iterator", "a traversal's iterator was called from inside itself (or after it failed)", reentrant)

-- ---- argument errors and printing ---------------------------------------------------
T.err("where wants a function", "bad argument #1 to 'where' (function expected, got string)",
      function() return g:V():where("x") end)
T.err("limit not negative", "bad argument #1 to 'limit' (must not be negative)", function() return g:V():limit(-1) end)
T.err("order direction", "bad argument #2 to 'order' (invalid option 'up')", function() return g:V():order("name", "up") end)
T.err("has wants a name", "bad argument #1 to 'has' (string expected, got function)", function() return g:V():has(print) end)
T.err("has value with no erg type", "attribute 'x': a function has no erg type", function() return g:V():has("x", print) end)
T.err("out wants type names", "bad argument #1 to 'out' (string expected, got boolean)", function() return g:V():out(true) end)
local long = g:V()
for _ = 2, 256 do long = long:dedup() end
T.err("at most 256 steps", "a traversal has at most 256 steps", function() return long:dedup() end)
T.eq("256 steps run", long:count(), 5)
T.eq("tostring", tostring(g:V{type = "company"}:out("supplies", "owns"):has("country", "US"):hasnot("x")
                          :where(print):dedup():order("name", "desc"):limit(3):skip(1):walk{max_depth = 2, dir = "both"}),
     '<traversal V{type="company"}:out("supplies", "owns"):has("country", "US"):hasnot("x"):where():dedup()'
       .. ':order("name", "desc"):limit(3):skip(1):walk{max_depth=2, dir="both"}>')
T.eq("tostring of starts", tostring(g:V{"a", "b"}:in_():both()), '<traversal V("a", "b"):in_():both()>')

-- ---- the built-in graph ---------------------------------------------------------------
T.eq("government bodies within two hops of Microsoft",
     graph:V("microsoft"):walk{dir = "both", max_depth = 2}:has("type", "government_body"):dedup():order():values("id"),
     {"dhs", "executive_branch", "ice", "us_dod"})
T.eq("who supplies ICE", graph:V("ICE"):in_("supplies"):order():values("name"), {"Microsoft", "Microsoft's key partners"})

T.finish()
