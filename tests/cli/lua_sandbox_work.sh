# lua_sandbox_work.sh -- the sandbox against C work the step hook does not
# see (standard-library calls, comparisons of long strings, erg's own
# searches), crashes (nested traversals, coroutine.wrap on a live
# coroutine) and caller-sized argument lists.  Each attack must end with
# the step limit's message (exit status 3) or a clean error, within a
# time bound far below what the C work would take unbounded.
source "$(dirname "$0")/lib.sh"

# attack NAME STATUS FIRST_STDERR_LINE CODE [OPTIONS...]
attack() {
  local name=$1 want=$2 msg=$3 code=$4
  shift 4
  expect_status "$name: status" "$want" timeout 60 "$ERG" eval --sandbox "$@" "$code"
  expect_eq "$name: message" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "$msg"
}
LIMIT="eval:1: sandbox: step limit reached (2000000 steps)"
STEPS=(--max-steps 2000000 --max-memory 128M)

# ---- one standard-library call, unbounded work -----------------------------------------
attack "rep of an empty string" 3 "$LIMIT" 'return #string.rep("", math.maxinteger)' "${STEPS[@]}"
attack "rep of an empty string, method" 3 "$LIMIT" 'return #(""):rep(1 << 40, "")' "${STEPS[@]}"
attack "rep in a loop" 3 "$LIMIT" 'while true do local s = ("abc"):rep(10000, ",") end' "${STEPS[@]}"
HUGE='setmetatable({}, {__len = function() return math.maxinteger - 1 end})'
attack "insert driven by __len" 3 "$LIMIT" "table.insert($HUGE, 1, 0)" "${STEPS[@]}"
attack "remove driven by __len" 3 "$LIMIT" "table.remove($HUGE, 1)" "${STEPS[@]}"
attack "move of a huge range" 3 "$LIMIT" 'table.move({}, 1, math.maxinteger, 2)' "${STEPS[@]}"
attack "concat driven by __len" 3 "$LIMIT" \
  'return table.concat(setmetatable({}, {__len = function() return 1 << 40 end, __index = function() return "" end}))' "${STEPS[@]}"
attack "unpack driven by __len" 3 "$LIMIT" \
  'return select("#", table.unpack(setmetatable({}, {__len = function() return 900000 end})))' --max-steps 2000000
# a __len that answers differently the second time cannot get past the
# charge: the counted insert asks it once and works on that answer
expect_status "insert, __len changing its answer" 0 timeout 60 "$ERG" eval --sandbox "${STEPS[@]}" \
  'local n = 0 table.insert(setmetatable({}, {__len = function() n = n + 1 return n == 1 and 1 or math.maxinteger - 1 end}), 1, 0) return n'
expect_eq "insert, __len changing its answer: asked once" "$LAST_OUT" "1"
attack "sort of long strings" 3 "$LIMIT" \
  'local a = ("a"):rep(1 << 22) local t = {} for i = 1, 100000 do t[i] = a end table.sort(t)' "${STEPS[@]}"
attack "sort of a million numbers, repeated" 3 "$LIMIT" \
  'local t = {} for i = 1, 100000 do t[i] = (i * 7919) % 100003 end while true do table.sort(t) end' "${STEPS[@]}"
attack "utf8.len of 16 MB" 3 "$LIMIT" 'local a = ("a"):rep(1 << 24) while true do utf8.len(a) end' "${STEPS[@]}"
attack "utf8.codepoint of a long range" 3 "$LIMIT" 'local a = ("a"):rep(1 << 20) while true do utf8.codepoint(a, 1, 100000) end' "${STEPS[@]}"
attack "concat of 200k items" 3 "$LIMIT" \
  'local t = {} for i = 1, 200000 do t[i] = "abcdef" end while true do table.concat(t) end' "${STEPS[@]}"
attack "os.date with a huge format" 3 "$LIMIT" 'local f = ("%c"):rep(500000) while true do os.date(f) end' "${STEPS[@]}"
attack "load of a large chunk" 3 "$LIMIT" 'local s = ("local x = 1 + 2 * 3 "):rep(100000) while true do load(s) end' "${STEPS[@]}"
attack "format %q of a long string" 3 "$LIMIT" 'local a = ("\0"):rep(1 << 20) while true do string.format("%q", a) end' "${STEPS[@]}"
attack "tonumber of a long blank" 3 "$LIMIT" 'local a = (" "):rep(1 << 22) .. "1" while true do tonumber(a) end' "${STEPS[@]}"
attack "byte of a long range" 3 "$LIMIT" 'local a = ("a"):rep(100000) while true do a:byte(1, -1) end' "${STEPS[@]}"
attack "upper of a long string" 3 "$LIMIT" 'local a = ("a"):rep(1 << 22) while true do a:upper() end' "${STEPS[@]}"
attack "rawequal of long strings" 3 "$LIMIT" \
  'local a, b = ("a"):rep(1 << 24) .. "x", ("a"):rep(1 << 24) .. "y" while true do rawequal(a, b) end' "${STEPS[@]}"
# work inside one VM instruction: '<' and '==' on 16 MB strings (the CPU floor)
attack "comparing 16 MB strings" 3 "$LIMIT" \
  'local a, b = ("a"):rep(1 << 24), ("a"):rep(1 << 24) .. "b" while true do local x = a < b end' "${STEPS[@]}"
attack "equal-length 16 MB strings" 3 "$LIMIT" \
  'local a, b = ("a"):rep(1 << 24) .. "x", ("a"):rep(1 << 24) .. "y" while true do local x = a == b end' "${STEPS[@]}"
attack "concatenating 1 MB strings" 3 "$LIMIT" 'local a = ("a"):rep(1 << 20) while true do local b = a .. a end' "${STEPS[@]}"

# the same budget is not a CPU-time budget a hundred times larger: each of
# these stops within a few times what 2M plain steps take (a second is
# far above; unbounded, each ran for minutes to hours)
# (sanitized builds: steps are 10 times dearer, see LERG_NS_PER_STEP)
CPU_BOUND=2.0
[ -n "${ERG_SANITIZED:-}" ] && CPU_BOUND=20.0
cpu() { /usr/bin/python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[2:], capture_output=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
t = u.ru_utime + u.ru_stime
print("fast" if t < float(sys.argv[1]) else "slow %.2fs" % t)' "$CPU_BOUND" "$@"; }
expect_eq "16 MB comparisons: CPU time bounded" \
  "$(cpu "$ERG" eval --sandbox --max-steps 20000000 'local a, b = ("a"):rep(1 << 24), ("a"):rep(1 << 24) .. "b" while true do local x = a < b end')" fast
expect_eq "sort of long strings: CPU time bounded" \
  "$(cpu "$ERG" eval --sandbox --max-steps 20000000 'local a = ("a"):rep(1 << 22) local t = {} for i = 1, 100000 do t[i] = a end while true do table.sort(t) end')" fast

# ordinary use still works and gives Lua's answers
expect_status "stdlib results" 0 "$ERG" eval --sandbox \
  'local t = {5, 3, 1, 4, 2} table.sort(t) local u = {"b", "c", "a"} table.sort(u, function(a, b) return a > b end)
   local r = {1, 2, 3} table.insert(r, 1, 0) table.insert(r, 9) local x = table.remove(r, 2)
   return table.concat(t, ","), table.concat(u), table.concat(r, ","), x, select("#", table.unpack({1, 2, 3}, 2)),
     ("abc"):sub(2), ("abc"):rep(2, "-"), utf8.len("héllo"), ("x"):byte(), table.concat(table.move({1, 2, 3}, 1, 3, 2), ",")'
expect_eq "stdlib results: values" "$LAST_OUT" $'1,2,3,4,5\ncba\n0,2,3,9\n1\n2\nbc\nabc-abc\n5\n120\n1,1,2,3'
attack "insert: Lua's messages" 1 "eval:1: bad argument #2 to 'insert' (position out of bounds)" 'table.insert({}, 5, 1)'
attack "sort: Lua's messages" 1 "attempt to compare number with string" 'table.sort({1, "x", 2})'

# ---- erg's own C work ------------------------------------------------------------------------
CLIQUE='local g = erg.new() for i = 1, 14 do g:add_entity{id = "v" .. i, type = "t"} end
  for i = 1, 14 do for j = i + 1, 14 do g:add_relationship{from = g:entity("v" .. i), to = g:entity("v" .. j), type = "k"} end end
  return #g:paths(g:entity("v1"), g:entity("v2"), {max_hops = 13, mode = "all", max_paths = 10})'
attack "paths in a clique: steps" 3 "eval:3: sandbox: step limit reached (2000000 steps)" "$CLIQUE" --max-steps 2000000 --max-memory 1G
# the search's memory is the graph's, which --max-memory meters (igraph's
# own took 2.9 GB here)
attack "paths in a clique: memory" 3 "eval:3: sandbox: memory limit reached (67108864 bytes)" "$CLIQUE" --max-memory 64M --max-steps 10000000000
expect_status "paths: small answers unchanged" 0 "$ERG" eval --sandbox \
  'local g = erg.new() for i = 1, 4 do g:add_entity{id = "v" .. i, type = "t"} end
   for _, p in ipairs{{1, 2}, {2, 4}, {1, 3}, {3, 4}, {1, 4}, {1, 2}} do g:add_relationship{from = g:entity("v" .. p[1]), to = g:entity("v" .. p[2]), type = "k"} end
   local out = {} for _, p in ipairs(g:paths(g:entity("v1"), g:entity("v4"))) do local s = {} for _, h in ipairs(p) do s[#s + 1] = h.from.id .. h.to.id end out[#out + 1] = table.concat(s, "-") end
   return table.concat(out, " ")'
expect_eq "paths: small answers unchanged: paths" "$LAST_OUT" "v1v4 v1v2-v2v4 v1v2-v2v4 v1v3-v3v4"
GAZ='local gz = erg.text.gazetteer() local name = ("a "):rep(200) for i = 1, 2000 do gz:add(name .. "x" .. i, i) end
  return #gz:match(("a "):rep(3000), {all = true})'
attack "gazetteer: names sharing their first tokens" 3 "eval:2: sandbox: step limit reached (5000000 steps)" "$GAZ" --max-steps 5000000
expect_eq "gazetteer: CPU time bounded (unbounded: minutes)" "$(cpu "$ERG" eval --sandbox --max-steps 5000000 "$GAZ")" fast

# ---- crashes -----------------------------------------------------------------------------
attack "nested traversals in where()" 1 "eval:1: traversals nested too deeply (where() callbacks that start traversals)" \
  'local function f() local t = graph:V():where(function() return f() end) for i = 1, 250 do t = t:has("id") end return t:first() end return f()'
# (here Lua's own limit of 200 C calls comes first)
attack "nested short traversals" 1 "C stack overflow" \
  'local function f() return graph:V():where(function() return f() end):first() end return f()'
expect_status "nesting is counted back after an error" 0 "$ERG" eval --sandbox \
  'local function f(d) if d == 50 then error("deep") end return graph:V():where(function() return f(d + 1) end):first() end
   for i = 1, 20 do assert(not pcall(f, 0)) end return graph:V():where(function() return graph:V():first() ~= nil end):count()'
expect_eq "nesting is counted back: count" "$LAST_OUT" "$("$ERG" eval 'return graph:V():count()')"
cat >"$TMP/co.lua" <<'LUA'
local a, b
a = coroutine.wrap(function()
  local x <close> = setmetatable({}, {__close = function() print("a closed") end})
  coroutine.resume(b)
  print("a goes on")
end)
b = coroutine.create(function() print(pcall(a)) end)
a()
LUA
expect_status "wrap resumed while it resumes another" 0 timeout 60 "$ERG" run --sandbox "$TMP/co.lua"
expect_eq "wrap resumed while it resumes another: output" "$LAST_OUT" \
  $'false\tcannot resume non-suspended coroutine\na goes on\na closed'
attack "wrap resuming itself" 1 "eval:1: eval:1: cannot resume non-suspended coroutine" \
  'local co co = coroutine.wrap(function() co() end) co()'

# ---- many arguments, long lists ------------------------------------------------------------
printf 'print(select("#", ...), #arg, arg[1], arg[#arg])\n' >"$TMP/args.lua"
seq 1 100000 >"$TMP/args"
expect_status "100,000 arguments" 0 xargs -a "$TMP/args" -s 2000000 -x "$ERG" run --sandbox "$TMP/args.lua"
expect_eq "100,000 arguments: seen" "$LAST_OUT" $'100000\t100000\t1\t100000'
expect_status "100,000 arguments, trusted" 0 xargs -a "$TMP/args" -s 2000000 -x "$ERG" run "$TMP/args.lua"
expect_eq "100,000 arguments, trusted: seen" "$LAST_OUT" $'100000\t100000\t1\t100000'
expect_status "100,000-element list attribute" 0 "$ERG" eval --sandbox \
  'local t = {} for i = 1, 100000 do t[i] = i end local g = erg.new() g:add_entity{id = "a", type = "x", tags = t}
   local v = g:entity("a"):get("tags") return #v, v[100000], select("#", table.unpack(v))'
expect_eq "100,000-element list: read back" "$LAST_OUT" $'100000\n100000\n100000'
expect_status "pcall returning a full stack" 0 "$ERG" eval --sandbox \
  'local t = {} for i = 1, 990000 do t[i] = i end return select("#", pcall(table.unpack, t))'
expect_eq "pcall returning a full stack: count" "$LAST_OUT" "990001"

finish
