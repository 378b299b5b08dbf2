# lua_sandbox.sh -- attacks on `erg eval/run --sandbox`: each must end with
# exit status 3 and a message naming the denied operation or the limit
# (or, where the attack cannot even get started, fail harmlessly), within
# a time bound, leaving the files outside --out untouched.
source "$(dirname "$0")/lib.sh"

# attack NAME STATUS FIRST_STDERR_LINE CODE [OPTIONS...]
attack() {
  local name=$1 want=$2 msg=$3 code=$4
  shift 4
  expect_status "$name: status" "$want" timeout 60 "$ERG" eval --sandbox "$@" "$code"
  expect_eq "$name: message" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "$msg"
}
STEPS=(--max-steps 1000000)
MEM=(--max-memory 16M)

# ---- forbidden libraries and functions ---------------------------------------
attack "io" 3 "eval:1: sandbox: 'io' is not allowed" 'io.open("/etc/passwd")'
attack "io.write" 3 "eval:1: sandbox: 'io' is not allowed" 'io.write("x")'
attack "os.execute" 3 "eval:1: sandbox: 'os.execute' is not allowed" 'os.execute("touch '"$TMP"'/pwned")'
attack "os.exit" 3 "eval:1: sandbox: 'os.exit' is not allowed" 'os.exit(0)'
attack "os.getenv" 3 "eval:1: sandbox: 'os.getenv' is not allowed" 'return os.getenv("HOME")'
touch "$TMP/victim"
attack "os.remove" 3 "eval:1: sandbox: 'os.remove' is not allowed" 'os.remove("'"$TMP"'/victim")'
[ -e "$TMP/victim" ] && ok || bad "os.remove: the file is still there"
attack "os.rename" 3 "eval:1: sandbox: 'os.rename' is not allowed" 'os.rename("a", "b")'
attack "debug" 3 "eval:1: sandbox: 'debug' is not allowed" 'debug.sethook()'
attack "package" 3 "eval:1: sandbox: 'package' is not allowed" 'package.loadlib("libc.so.6", "system")'
attack "require" 3 "eval:1: sandbox: require 'os' is not allowed (only \"erg\")" 'require("os")'
attack "dofile" 3 "eval:1: sandbox: 'dofile' is not allowed" 'dofile("/etc/passwd")'
attack "loadfile" 3 "eval:1: sandbox: 'loadfile' is not allowed" 'loadfile("/etc/passwd")'
attack "collectgarbage" 3 "eval:1: sandbox: 'collectgarbage' is not allowed" 'collectgarbage("stop")'
attack "string.dump" 3 "eval:1: sandbox: 'string.dump' is not allowed" 'string.dump(print)'
attack "dump through the string metatable" 3 "eval:1: sandbox: 'string.dump' is not allowed" 'return ("").dump(print)'
attack "the string metatable" 1 "eval:1: attempt to index a boolean value (local 'mt')" \
  'local mt = getmetatable("") print(mt) mt.__index = {}'
expect_eq "the string metatable: hidden" "$LAST_OUT" "false"
attack "the environment's metatable" 1 "eval:1: cannot change a protected metatable" 'setmetatable(_ENV, nil)'
attack "erg's metatables" 1 "eval:1: attempt to index a string value" 'getmetatable(graph).__index = nil'

# ---- binary chunks ---------------------------------------------------------------
attack "binary chunk" 3 "eval:1: sandbox: binary chunks are not allowed" 'load("\27Lua\84\0")'
attack "binary chunk from a reader" 3 "eval:1: sandbox: binary chunks are not allowed" \
  'local n = 0 load(function() n = n + 1 if n == 1 then return "\27Lua" end end)'
"$ERG" eval 'local f = io.open("'"$TMP"'/bin.lua", "wb") f:write(string.dump(load("print(1)"))) f:close()' >/dev/null
expect_status "binary script: status" 3 timeout 60 "$ERG" run --sandbox "$TMP/bin.lua"
expect_eq "binary script: message" "$LAST_ERR" "sandbox: binary chunks are not allowed"
expect_status "binary chunk as eval code" 3 "$ERG" eval --sandbox "$(head -c 4 "$TMP/bin.lua")"

# ---- the step limit ----------------------------------------------------------------
attack "infinite loop" 3 "eval:1: sandbox: step limit reached (1000000 steps)" 'while true do end' "${STEPS[@]}"
attack "infinite loop, default limit" 3 "eval:1: sandbox: step limit reached (100000000 steps)" 'local i = 0 while true do i = i + 1 end'
attack "loop under pcall" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'while true do pcall(function() while true do end end) end' "${STEPS[@]}"
attack "pcall swallows, then goes on" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'pcall(function() while true do end end) print("escaped")' "${STEPS[@]}"
expect_eq "pcall swallows, then goes on: nothing printed" "$LAST_OUT" ""
attack "looping message handler" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'xpcall(function() while true do end end, function() while true do end end) print("escaped")' "${STEPS[@]}"
attack "looping handler after a hook error in C" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'xpcall(function() table.sort({3, 2, 1}, function() while true do end end) end, function() while true do end end)' "${STEPS[@]}"
attack "looping __close in a wrapped coroutine" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end)()' "${STEPS[@]}"
attack "looping __close, closed after" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end) coroutine.resume(co) coroutine.close(co)' "${STEPS[@]}"
attack "yield across pcall" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'local co = coroutine.wrap(function() print(pcall(function() coroutine.yield() end)) while true do end end) co() co()' "${STEPS[@]}"
expect_eq "yield across pcall: refused" "$LAST_OUT" "false	attempt to yield across a C-call boundary"
attack "coroutine loop" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end' "${STEPS[@]}"
attack "coroutines swallow" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'while true do coroutine.resume(coroutine.create(function() while true do end end)) end' "${STEPS[@]}"
attack "looping comparator" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'table.sort({3, 2, 1}, function() while true do end end)' "${STEPS[@]}"
attack "looping __tostring through print" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'print(setmetatable({}, {__tostring = function() while true do end end}))' "${STEPS[@]}"

# ---- pattern matching is charged ---------------------------------------------------
attack "pattern bomb: find" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'return ("a"):rep(40):find(("a*"):rep(40) .. "b")' "${STEPS[@]}"
attack "pattern bomb: string.match" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'return string.match(("x"):rep(5000), ".-.-.-.-y")' "${STEPS[@]}"
attack "pattern bomb: gsub" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'return ("a"):rep(30):gsub(("(a*)"):rep(20) .. "b", "")' "${STEPS[@]}"
attack "pattern bomb: gmatch" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'for x in ("a"):rep(30):gmatch(("a?"):rep(30) .. ("a"):rep(30) .. "b") do end' "${STEPS[@]}"
attack "plain find bomb" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'return ("a"):rep(1000000):find(("a"):rep(500000) .. "b", 1, true)' "${STEPS[@]}"

# ---- the memory limit ----------------------------------------------------------------
attack "string.rep bomb" 3 "sandbox: memory limit reached (16777216 bytes)" 'local s = string.rep("x", 100000000)' "${MEM[@]}"
attack "table growth" 3 "sandbox: memory limit reached (16777216 bytes)" \
  'local t = {} for i = 1, 1e9 do t[i] = i end' "${MEM[@]}"
attack "doubling string" 3 "sandbox: memory limit reached (16777216 bytes)" 'local s = "x" while true do s = s .. s end' "${MEM[@]}"
attack "memory error caught, then going on" 3 "eval:1: sandbox: memory limit reached (16777216 bytes)" \
  'pcall(string.rep, "x", 1e8) print("still running")' "${MEM[@]}"
expect_eq "memory error caught: nothing printed" "$LAST_OUT" ""
# the core's allocations for the script count too (the message has a
# position when a core allocation was the one refused)
memory_attack() {
  local name=$1 limit=$2 code=$3
  expect_status "$name: status" 3 timeout 60 "$ERG" eval --sandbox --max-memory "$limit" "$code"
  expect_contains "$name: message" "$LAST_ERR" "sandbox: memory limit reached ("
}
memory_attack "graph bomb" 8M 'local g = erg.new() for i = 1, 1e7 do g:add_entity{id = "e" .. i, type = "t", n = i} end'
memory_attack "host graph bomb" 8M 'for i = 1, 1e7 do graph:add_entity{id = "e" .. i, type = "t"} end'
memory_attack "copies made by the core" 6M \
  'local s = ("x"):rep(1000000) for i = 1, 100 do graph:entity("ice"):set("note" .. i, s .. i) end'

# ---- recursion, finalizers, error objects -----------------------------------------------
attack "deep recursion" 3 "eval:1: sandbox: stack overflow (recursion too deep)" 'local function f() return 1 + f() end return f()' --max-memory 256M
attack "deep recursion in a small memory" 3 "sandbox: memory limit reached (4194304 bytes)" \
  'local function f() return 1 + f() end return f()' --max-memory 4M
attack "metamethod recursion" 3 "eval:1: sandbox: stack overflow (recursion too deep)" \
  'local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x'
attack "finalizer" 3 "eval:1: sandbox: finalizers (__gc) are not allowed" 'setmetatable({}, {__gc = function() end})'
attack "finalizer loop added later" 0 "" \
  'local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end for i = 1, 1e5 do local _ = {} end print("done")' "${STEPS[@]}"
expect_eq "finalizer loop added later: never runs" "$LAST_OUT" "done"
attack "error object with a looping __tostring" 1 "(error object is a table value)" \
  'error(setmetatable({}, {__tostring = function() while true do end end}))'
attack "error object with a failing __tostring" 1 "(error object is a table value)" \
  'error(setmetatable({}, {__tostring = function() error("no") end}))'

# ---- traversals are charged -----------------------------------------------------------
attack "traversal explosion" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'return graph:V():both():both():both():both():both():both():both():both():count()' "${STEPS[@]}"
expect_status "traversal explosion into memory: status" 3 timeout 60 "$ERG" eval --sandbox --max-memory 16M --max-steps 1000000000 \
  'return #graph:V():both():both():both():both():both():both():both():list()'
expect_contains "traversal explosion into memory: message" "$LAST_ERR" "sandbox: memory limit reached (16777216 bytes)"

# ---- files --------------------------------------------------------------------------------
mkdir -p "$TMP/sbout" "$TMP/sboutside"
ln -s "$TMP/sboutside" "$TMP/sbout/link"
OUT=(--out "$TMP/sbout")
attack "write without --out" 3 "eval:1: sandbox: writing 'x' needs an output directory (erg run --out DIR)" 'graph:save("x")'
attack "read without --out" 3 "eval:1: sandbox: reading '/etc' needs an output directory (erg run --out DIR)" 'erg.load("/etc")'
attack "parent directory" 3 "eval:1: sandbox: path '../escape' leaves the output directory or has a '.' part" \
  'graph:save("../escape")' "${OUT[@]}"
attack "parent inside a path" 3 "eval:1: sandbox: path 'a/../../escape' leaves the output directory or has a '.' part" \
  'graph:export("csv", "a/../../escape")' "${OUT[@]}"
attack "the output directory itself" 3 "eval:1: sandbox: path '.' leaves the output directory or has a '.' part" \
  'graph:save(".")' "${OUT[@]}"
attack "absolute path" 3 "eval:1: sandbox: path '$TMP/escape' is absolute; give a path inside the output directory" \
  "graph:save('$TMP/escape')" "${OUT[@]}"
attack "symbolic link out" 3 "eval:1: sandbox: path 'link/g' goes through a symbolic link" 'graph:save("link/g")' "${OUT[@]}"
attack "symbolic link read" 3 "eval:1: sandbox: path 'link' goes through a symbolic link" 'erg.load("link")' "${OUT[@]}"
attack "standard output" 3 "eval:1: sandbox: writing to standard output is not allowed (use print)" \
  'graph:export("csv", "-")' "${OUT[@]}"
attack "read outside" 3 "eval:1: sandbox: path '/etc/passwd' is absolute; give a path inside the output directory" \
  'erg.load("/etc/passwd")' "${OUT[@]}"
mkdir "$TMP/disk"
attack "filling the disk" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'for i = 1, 1e6 do graph:save("copy" .. i) end' --out "$TMP/disk" "${STEPS[@]}"
expect_eq "filling the disk: a byte written is a step" "$(( $(ls "$TMP/disk" | wc -l) < 40 ))" "1"
attack "reading in a loop" 3 "eval:1: sandbox: step limit reached (1000000 steps)" \
  'graph:save("g") while true do erg.load("g") end' --out "$TMP/disk" "${STEPS[@]}"
expect_eq "nothing escaped" "$(ls "$TMP/sboutside"; ls "$TMP" | grep -c escape)" "0"

# ---- what the sandbox allows -------------------------------------------------------------
attack "saving inside --out" 0 "" 'graph:save("copy") return erg.load("copy"):info().entities' "${OUT[@]}"
expect_eq "saving inside --out: read back" "$LAST_OUT" "62"
[ -f "$TMP/sbout/copy/entities.csv" ] && ok || bad "saving inside --out: the file is there"
attack "allowed libraries" 0 "" \
  'return type(os.time()), type(os.clock()), os.date("!%Y", 0), math.floor(2.5), utf8.char(233), table.concat({1, 2}, ","), select("#", 1, 2), require("erg") == erg, string.format("%5.1f", 1.25)'
expect_eq "allowed libraries: values" "$LAST_OUT" "$(printf 'number\nnumber\n1970\n2\né\n1,2\n2\ntrue\n  1.2')"
attack "load of text" 0 "" 'return load("return 1 + x", "chunk", "t", {x = 41})(), load("return graph ~= nil")()'
expect_eq "load of text: values" "$LAST_OUT" "$(printf '42\ntrue')"
attack "a fresh environment" 0 "" 'x = 1 string.find = nil return x, ("abc"):find("b")'
expect_eq "a fresh environment: values" "$LAST_OUT" "$(printf '1\n2\n2')"
attack "denied names read by rawget" 0 "" 'return rawget(_G, "io") == nil and rawget(os, "execute") == nil'

# ---- a script file: positions name the script ---------------------------------------------
printf 'local x = 1\nio.write("x")\n' > "$TMP/attack.lua"
expect_status "script: status" 3 "$ERG" run --sandbox "$TMP/attack.lua"
expect_eq "script: message" "$LAST_ERR" "$TMP/attack.lua:2: sandbox: 'io' is not allowed"
expect_status "bad --out" 2 "$ERG" run --sandbox --out "$TMP/nowhere" "$TMP/attack.lua"
expect_eq "bad --out: message" "$LAST_ERR" "erg: run: output directory '$TMP/nowhere': No such file or directory"
expect_status "--out without --sandbox" 2 "$ERG" run --out "$TMP/sbout" "$TMP/attack.lua"
expect_eq "--out without --sandbox: message" "$LAST_ERR" \
  "erg: run: --out only applies with --sandbox (a trusted script may write anywhere)"
expect_status "bad --max-memory" 2 "$ERG" eval --sandbox --max-memory 12X '1'
expect_eq "bad --max-memory: message" "$LAST_ERR" \
  "erg: eval: --max-memory wants a positive number of bytes (e.g. 1048576 or 64M), not '12X'"
expect_status "bad --max-steps" 2 "$ERG" eval --max-steps -5 '1'
expect_eq "bad --max-steps: message" "$LAST_ERR" "erg: eval: --max-steps wants a positive number, not '-5'"
expect_status "limits without --sandbox" 3 "$ERG" eval --max-steps 1000 'while true do end'
expect_eq "limits without --sandbox: message" "$LAST_ERR" "eval:1: sandbox: step limit reached (1000 steps)"


# ---- erg.json in the sandbox: decoding is allowed, charged and counted ------------------
attack "json decode allowed" 0 "" 'local v = erg.json.decode("{\"a\": [1, null]}") return v.a[1], v.a[2] == erg.json.null, erg.json.encode(v)'
expect_eq "json decode allowed: values" "$LAST_OUT" "$(printf '1\ntrue\n{"a":[1,null]}')"
# a 50 MB string costs its bytes: decoding it passes --max-steps and stops
expect_status "json: 50 MB string under --max-steps" 3 timeout 60 "$ERG" eval --sandbox --max-steps 1000000 \
  --max-memory 256M 'local s = "\"" .. string.rep("a", 50 * 1024 * 1024) .. "\"" return #erg.json.decode(s)'
expect_eq "json: 50 MB string under --max-steps: message" "$LAST_ERR" "eval:1: sandbox: step limit reached (1000000 steps)"
# the same text with the steps to spare decodes
expect_status "json: 50 MB string with steps to spare" 0 timeout 60 "$ERG" eval --sandbox --max-steps 100000000 \
  --max-memory 256M 'local s = "\"" .. string.rep("a", 50 * 1024 * 1024) .. "\"" return #erg.json.decode(s)'
expect_eq "json: 50 MB string with steps to spare: length" "$LAST_OUT" "52428800"
# decoded values live in Lua memory: --max-memory stops a big array
expect_status "json: big array under --max-memory" 3 timeout 60 "$ERG" eval --sandbox --max-steps 1000000000 \
  --max-memory 64M 'local s = "[" .. string.rep("1,", 5 * 1024 * 1024) .. "1]" return #erg.json.decode(s)'
expect_eq "json: big array under --max-memory: message" "$LAST_ERR" "sandbox: memory limit reached (67108864 bytes)"

finish
