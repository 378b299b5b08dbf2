# lua.sh -- the scripting commands (run, eval, shell), the Lua test files
# under tests/lua, the examples with their expected output, and the erg
# module in the stock lua5.4 interpreter.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LUAT=$ROOT/tests/lua

# ---- the Lua test files --------------------------------------------------------
for t in api types deleted traversal analysis; do
  expect_status "tests/lua/$t.lua" 0 "$ERG" run "$LUAT/$t.lua" "$TMP"
  expect_contains "tests/lua/$t.lua: summary" "$LAST_OUT" "$t: "
  expect_contains "tests/lua/$t.lua: no failure" "$LAST_OUT" " passed, 0 failed"
  [ -n "$LAST_ERR" ] && bad "tests/lua/$t.lua: stderr" "$LAST_ERR"
done
# pattern functions: the sandbox's step-counted ones give what Lua's give
expect_status "patterns, trusted" 0 "$ERG" run "$LUAT/patterns.lua"
TRUSTED=$LAST_OUT
expect_status "patterns, sandboxed" 0 "$ERG" run --sandbox "$LUAT/patterns.lua"
expect_eq "patterns: same results" "$LAST_OUT" "$TRUSTED"
expect_contains "patterns: enough cases" "$(printf '%s\n' "$TRUSTED" | tail -n1)" "3519 cases"

# ---- the examples, trusted and sandboxed -----------------------------------------
for ex in who_supplies_ice government_near_microsoft relationships_with_sources central_organizations; do
  expect_status "example $ex" 0 "$ERG" run "$ROOT/examples/$ex.lua"
  expect_eq "example $ex: output" "$LAST_OUT" "$(cat "$LUAT/expected/$ex.out")"
  expect_status "example $ex, sandboxed" 0 "$ERG" run --sandbox "$ROOT/examples/$ex.lua"
  expect_eq "example $ex, sandboxed: output" "$LAST_OUT" "$(cat "$LUAT/expected/$ex.out")"
done
expect_status "example build_graph" 0 "$ERG" run "$ROOT/examples/build_graph.lua" "$TMP/small"
expect_eq "example build_graph: output" "$LAST_OUT" "$(cat "$LUAT/expected/build_graph.out")"
expect_status "example build_graph: the graph it saved" 0 "$ERG" check "$TMP/small"
mkdir "$TMP/sb"
expect_status "example build_graph, sandboxed" 0 "$ERG" run --sandbox --out "$TMP/sb" "$ROOT/examples/build_graph.lua" small
expect_eq "example build_graph, sandboxed: output" "$LAST_OUT" "$(cat "$LUAT/expected/build_graph.out")"
[ -f "$TMP/sb/small/entities.csv" ] && ok || bad "example build_graph, sandboxed: wrote inside --out"
expect_status "example who_supplies_ice with an argument" 0 "$ERG" run "$ROOT/examples/who_supplies_ice.lua" dhs
expect_contains "example who_supplies_ice with an argument: output" "$LAST_OUT" \
  "Who supplies U.S. Department of Homeland Security (dhs):"

# ---- erg run -------------------------------------------------------------------------
cat > "$TMP/args.lua" <<'EOF'
#!/usr/bin/env erg
print(arg[0] == ..., select("#", ...), ...)
print(arg[1], arg[2], #arg, graph:info().entities, type(erg.load))
EOF
expect_status "run: arguments" 0 "$ERG" run "$TMP/args.lua" one "two words"
expect_eq "run: arguments: output" "$LAST_OUT" "$(printf 'false\t2\tone\ttwo words\none\ttwo words\t2\t62\tfunction')"
printf 'local x = 1\n\nlocal function f()\n  error("went wrong")\nend\nf()\n' > "$TMP/err.lua"
expect_status "run: an error" 1 "$ERG" run "$TMP/err.lua"
expect_eq "run: an error: message and traceback" "$LAST_ERR" "$(printf '%s\n' \
  "$TMP/err.lua:4: went wrong" "stack traceback:" "	[C]: in function 'error'" \
  "	$TMP/err.lua:4: in local 'f'" "	$TMP/err.lua:6: in main chunk" "	[C]: in ?")"
printf 'local x = = 1\n' > "$TMP/syntax.lua"
expect_status "run: a syntax error" 1 "$ERG" run "$TMP/syntax.lua"
expect_eq "run: a syntax error: message" "$LAST_ERR" "$TMP/syntax.lua:1: unexpected symbol near '='"
printf 'graph:entity("ice"):get({})\n' > "$TMP/argerr.lua"
expect_status "run: a C error" 1 "$ERG" run "$TMP/argerr.lua"
expect_eq "run: a C error: first line" "$(printf '%s\n' "$LAST_ERR" | head -n1)" \
  "$TMP/argerr.lua:1: bad argument #1 to 'get' (string expected, got table)"
printf 'local e = graph:entity("ice")\ngraph:delete(e)\nprint(e.name)\n' > "$TMP/deleted.lua"
expect_status "run: a deleted entity" 1 "$ERG" run "$TMP/deleted.lua"
expect_eq "run: a deleted entity: first line" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "$TMP/deleted.lua:3: entity 'ice' was deleted"
expect_status "run: a missing script" 2 "$ERG" run "$TMP/nope.lua"
expect_eq "run: a missing script: message" "$LAST_ERR" "erg: cannot open $TMP/nope.lua: No such file or directory"
expect_status "run: a directory" 2 "$ERG" run "$TMP"
expect_eq "run: a directory: message" "$LAST_ERR" "erg: cannot open $TMP: Is a directory"
expect_status "run: no script" 2 "$ERG" run
expect_eq "run: no script: message" "$LAST_ERR" "erg: run: no script given (usage: erg run [OPTIONS] SCRIPT [ARGS...])"
expect_status "run: unknown option" 2 "$ERG" run --fast x.lua
expect_eq "run: unknown option: message" "$LAST_ERR" "erg: run: unknown option '--fast' (see 'erg run --help')"
expect_status "run: options end at --" 0 "$ERG" run -- "$TMP/args.lua" --sandbox
expect_contains "run: options end at --: the script's argument" "$LAST_OUT" "--sandbox"
expect_status "run: error objects" 1 "$ERG" eval 'error({})'
expect_eq "run: error objects: message" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "(error object is a table value)"
expect_status "run: error objects with __tostring" 1 "$ERG" eval 'error(setmetatable({}, {__tostring = function() return "mine" end}))'
expect_eq "run: error objects with __tostring: message" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "mine"
expect_status "run: --help" 0 "$ERG" run --help
expect_contains "run: --help: usage" "$LAST_OUT" "usage: erg [-g GRAPH] run [OPTIONS] SCRIPT [ARGS...]"

# another graph: -g and ERG_GRAPH
"$ERG" eval 'local g = erg.new() g:add_entity{id = "solo", type = "t"} g:save("'"$TMP/solo"'")' >/dev/null
expect_status "run -g" 0 "$ERG" -g "$TMP/solo" eval 'graph:V():values("id")'
expect_eq "run -g: output" "$LAST_OUT" '{"solo"}'
expect_status "ERG_GRAPH" 0 env ERG_GRAPH="$TMP/solo" "$ERG" eval 'graph:info().entities'
expect_eq "ERG_GRAPH: output" "$LAST_OUT" "1"
expect_status "a graph that does not load" 2 "$ERG" -g "$TMP/nope" eval '1'

# ---- erg eval --------------------------------------------------------------------------
expect_status "eval: an expression" 0 "$ERG" eval 'graph:V{type = "government_body"}:count()'
expect_eq "eval: an expression: output" "$LAST_OUT" "4"
expect_status "eval: several values" 0 "$ERG" eval '1, 2.0, "three", nil, {4, five = 5}'
expect_eq "eval: several values: output" "$LAST_OUT" "$(printf '1\n2.0\nthree\nnil\n{4, five = 5}')"
expect_status "eval: statements" 0 "$ERG" eval 'local x = 1 print("printed", x)'
expect_eq "eval: statements: output" "$LAST_OUT" "$(printf 'printed\t1')"
expect_status "eval: return" 0 "$ERG" eval 'local t = {} for r in graph:entity("ice"):in_("oversees") do t[#t + 1] = r.from.id end return t'
expect_eq "eval: return: output" "$LAST_OUT" '{"dhs"}'
expect_status "eval: an entity" 0 "$ERG" eval 'graph:entity("dhs")'
expect_eq "eval: an entity: card" "$(printf '%s\n' "$LAST_OUT" | head -n4)" "$(printf '%s\n' '<entity dhs>' \
  '  type       "government_body"' '  name       "U.S. Department of Homeland Security"' \
  '  aliases    {"DHS", "Department of Homeland Security"}')"
expect_status "eval: a relationship" 0 "$ERG" eval 'graph:relationship("r-dhs-oversees-ice")'
expect_eq "eval: a relationship: first line" "$(printf '%s\n' "$LAST_OUT" | head -n1)" \
  "<relationship r-dhs-oversees-ice: dhs -oversees-> ice>"
expect_status "eval: a syntax error" 1 "$ERG" eval 'x = = 1'
expect_eq "eval: a syntax error: message" "$LAST_ERR" "eval:1: unexpected symbol near '='"
expect_status "eval: no code" 2 "$ERG" eval
expect_eq "eval: no code: message" "$LAST_ERR" "erg: eval: give exactly one chunk of code (usage: erg eval [OPTIONS] 'CODE')"

# ---- erg shell ---------------------------------------------------------------------------
printf '%s\n' 'x = graph:entity("ice")' 'x.id' 'function twice(n)' '  return 2 * n' 'end' \
  'twice(21)' 'error("oops")' 'twice(x)' '{"a", 1}' 'local y = 5' 'y' > "$TMP/session"
expect_status "shell: a session" 0 "$ERG" shell < "$TMP/session"
expect_eq "shell: a session: output" "$LAST_OUT" "$(printf 'ice\n42\n{"a", 1}\nnil')"
expect_eq "shell: a session: errors" "$(printf '%s\n' "$LAST_ERR" | grep '^stdin')" "$(printf '%s\n' 'stdin:1: oops' \
  "stdin:2: attempt to perform arithmetic on a erg.entity value (local 'n')")"
printf 'for i = 1, 2 do\n' > "$TMP/unfinished"
expect_status "shell: an unfinished chunk at the end" 0 "$ERG" shell < "$TMP/unfinished"
expect_eq "shell: an unfinished chunk at the end: error" "$LAST_ERR" "stdin:1: 'end' expected near <eof>"
expect_status "shell: unknown argument" 2 "$ERG" shell x
expect_status "shell --help" 0 "$ERG" shell --help
expect_contains "shell --help: usage" "$LAST_OUT" "usage: erg [-g GRAPH] shell"

# ---- the module in the stock interpreter -------------------------------------------------
LIBDIR=$(cd "$(dirname "$ERG")/../lib" && pwd)
MOD=$LIBDIR/lua/5.4/erg.so
expect_eq "erg.so is not linked against liblua" "$(readelf -d "$MOD" | grep NEEDED | grep -c liblua)" "0"
PRELOAD=""
if readelf -d "$MOD" | grep NEEDED | grep -q asan; then # a sanitizer build
  PRELOAD="$(cc -print-file-name=libasan.so) $(cc -print-file-name=libubsan.so)"
fi
expect_status "require from lua5.4" 0 env LD_PRELOAD="$PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
  LUA_CPATH="$LIBDIR/lua/5.4/?.so" lua5.4 -e '
    local erg = require "erg"
    local g = erg.load(os.getenv("ERG_GRAPH"))
    print(erg.version, g:entity("ICE").name)
    print(table.concat(g:V("microsoft"):walk{dir = "both", max_depth = 2}:has("type", "government_body"):dedup():order():values("id"), ","))
    local h = erg.new()
    h:add_entity{id = "x", type = "t", n = 1}
    print(h:entity("x"):get("n"), math.type(h:entity("x"):get("n")))'
expect_eq "require from lua5.4: output" "$LAST_OUT" "$(printf '%s\tU.S. Immigration and Customs Enforcement\ndhs,executive_branch,ice,us_dod\n1\tinteger' \
  "$("$ERG" eval 'erg.version')")"


# ---- erg.json (tests/lua/json.lua), in erg and in the stock interpreter ----------------
expect_status "tests/lua/json.lua" 0 "$ERG" run "$LUAT/json.lua"
expect_contains "tests/lua/json.lua: no failure" "$LAST_OUT" "json: 53 passed, 0 failed"
expect_status "tests/lua/json.lua from lua5.4" 0 env LD_PRELOAD="$PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
  LUA_CPATH="$LIBDIR/lua/5.4/?.so" lua5.4 -e 'erg = require "erg"; arg = {[0] = "'"$LUAT"'/json.lua"}; dofile(arg[0])'
expect_contains "tests/lua/json.lua from lua5.4: no failure" "$LAST_OUT" "json: 53 passed, 0 failed"
expect_status "erg.json on graph data" 0 "$ERG" eval \
  'local e = graph:entity("ice") return erg.json.encode({id = e.id, aliases = e.aliases})'
expect_eq "erg.json on graph data: text" "$LAST_OUT" \
  '{"aliases":["ICE","U.S. Immigration and Customs Enforcement","US Immigration and Customs Enforcement","Immigration and Customs Enforcement"],"id":"ice"}'
# ---- help: what -g takes, in every script command's help --------------------------------
for cmd in run eval shell; do
  expect_status "$cmd --help" 0 "$ERG" $cmd --help
  expect_contains "$cmd --help: -g" "$LAST_OUT" "-g GRAPH (before the command): a CSV graph directory or a graph file in any
format erg reads"
done
# a script that cannot be read is bad usage (2), one that fails is a runtime error (1)
expect_status "run: unreadable graph" 2 "$ERG" -g "$TMP/nope.graphml" run "$TMP/nope.lua"

finish
