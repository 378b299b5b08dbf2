#!/usr/bin/env bash
# interrupts.sh -- Ctrl-C and SIGTERM: an export interrupted mid-way leaves
# the old output byte for byte and no temporary beside it, and erg ends
# with the signal's status (130, 143); stale temporaries of erg's naming
# left by dead processes are swept by the next export, and nothing else.
# In erg shell, Ctrl-C interrupts the running chunk or clears the line;
# only Ctrl-D leaves.
source "$(dirname "$0")/lib.sh"

# a graph big enough that writing it takes a while (300k relationships)
mkdir -p "$TMP/big"
/usr/bin/python3 - "$TMP/big" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/entities.csv", "w") as f:
    f.write("id,type,name\n")
    f.writelines(f"e{i},t,Entity number {i}\n" for i in range(50000))
with open(d + "/relationships.csv", "w") as f:
    f.write("from,to,type,note\n")
    f.writelines(f"e{i % 50000},e{(i * 31) % 50000},links,some words to make the file longer {i}\n"
                 for i in range(300000))
PY

# wait_for GLOB: polls (up to 30 s) until a path matches GLOB
wait_for() {
  local n=0
  while [ $n -lt 3000 ]; do
    compgen -G "$1" >/dev/null && return 0
    sleep 0.01; n=$((n + 1))
  done
  return 1
}

# interrupt SIGNAL FORMAT TARGET GLOB WANT: starts an export of the big
# graph over TARGET's old contents, sends SIGNAL once GLOB (a temporary
# being written) exists, and checks status WANT, old bytes, no temporary
interrupt() {
  local sig=$1 fmt=$2 target=$3 glob=$4 want=$5
  # (bash starts background jobs with SIGINT ignored, which erg respects)
  env --default-signal=INT "$ERG" -g "$TMP/big" export --format "$fmt" -o "$target" 2>"$TMP/int.err" &
  local pid=$!
  if wait_for "$glob"; then ok; else bad "$sig $fmt: a temporary appeared"; fi
  kill -"$sig" $pid
  wait $pid
  expect_eq "$sig $fmt: exit status" "$?" "$want"
  expect_eq "$sig $fmt: nothing on stderr" "$(cat "$TMP/int.err")" ""
}

# single files: old output first, from the small built-in graph
mkdir -p "$TMP/o"
"$ERG" export --format graphml -o "$TMP/o/g.graphml" 2>/dev/null
cp "$TMP/o/g.graphml" "$TMP/g.graphml.orig"
interrupt INT graphml "$TMP/o/g.graphml" "$TMP/o/g.graphml.tmp-*" 130
expect_eq "INT graphml: old bytes" "$(cmp "$TMP/o/g.graphml" "$TMP/g.graphml.orig" && echo same)" "same"
expect_eq "INT graphml: no temporary" "$(ls "$TMP/o")" "g.graphml"
interrupt TERM json "$TMP/o/g.graphml" "$TMP/o/g.graphml.tmp-*" 143
expect_eq "TERM json: old bytes" "$(cmp "$TMP/o/g.graphml" "$TMP/g.graphml.orig" && echo same)" "same"
expect_eq "TERM json: no temporary" "$(ls "$TMP/o")" "g.graphml"

# directories: the temporary directory and the file inside it both go
"$ERG" export --format csv -o "$TMP/o/csv" 2>/dev/null
cp -r "$TMP/o/csv" "$TMP/csv.orig"
interrupt TERM csv "$TMP/o/csv" "$TMP/o/csv.tmp-*/relationships.csv.tmp-*" 143
expect_eq "TERM csv: old files" "$(diff -r "$TMP/o/csv" "$TMP/csv.orig" && echo same)" "same"
expect_eq "TERM csv: no temporary" "$(ls "$TMP/o")" $'csv\ng.graphml'
interrupt INT neo4j "$TMP/o/neo" "$TMP/o/neo.tmp-*/relationships.csv.tmp-*" 130
expect_eq "INT neo4j, no old set: nothing made" "$(ls "$TMP/o")" $'csv\ng.graphml'

# ---- stale temporaries ----------------------------------------------------
true & dead=$!
wait $dead
mkdir -p "$TMP/st"
cd "$TMP/st" || exit 1
echo stale >"g.graphml.tmp-$dead-AbC123"          # erg's naming, dead pid: swept
echo live >"g.graphml.tmp-$$-AbC123"              # a live process's: kept
echo short >"g.graphml.tmp-$dead-AbC12"           # not erg's shape: kept
echo other >"g.graphml.tmp-x$dead-AbC123"         # not erg's shape: kept
echo mine >"h.graphml.tmp-$dead-AbC123"           # another target's: kept
mkdir "g.graphml.tmp-$dead-dir123"                # a directory for a file target: kept
mkdir "csv.tmp-$dead-Qw3rty"                      # a dead export's directory: swept
echo a >"csv.tmp-$dead-Qw3rty/entities.csv"
echo b >"csv.tmp-$dead-Qw3rty/relationships.csv.tmp-$dead-zzzzzz"
mkdir "csv.tmp-$dead-F0reig"                      # holds a foreign file: kept
echo a >"csv.tmp-$dead-F0reig/entities.csv"
echo mine >"csv.tmp-$dead-F0reig/notes.txt"
expect_status "stale: file export" 0 "$ERG" export --format graphml -o g.graphml
expect_status "stale: directory export" 0 "$ERG" export --format csv -o csv
expect_eq "stale: only erg's dead temporaries swept" "$(ls -A | sort)" "$(printf '%s\n' csv "csv.tmp-$dead-F0reig" g.graphml \
  "g.graphml.tmp-$$-AbC123" "g.graphml.tmp-$dead-AbC12" "g.graphml.tmp-$dead-dir123" "g.graphml.tmp-x$dead-AbC123" \
  "h.graphml.tmp-$dead-AbC123" | sort)"
expect_eq "stale: foreign directory untouched" "$(ls "csv.tmp-$dead-F0reig")" $'entities.csv\nnotes.txt'
expect_eq "stale: a live process's file untouched" "$(cat "g.graphml.tmp-$$-AbC123")" "live"
cd - >/dev/null || exit 1

# ---- erg shell on a terminal (a pty from python3's pty module) -------------
cat >"$TMP/shell_pty.py" <<'PY'
# Drives `erg shell` on a pty: prints one line per step, "name: yes/no".
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.environ["ERG_HISTORY"] = ""
    os.execv(sys.argv[1], [sys.argv[1], "shell"])
buf = b""
def until(token, timeout=20):
    """Waits for token in what the shell writes from now on."""
    global buf
    end = time.time() + timeout
    while token not in buf and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            buf += data
    found = token in buf
    buf = buf[buf.index(token) + len(token):] if found else b""
    return found
def step(name, found):
    print(f"{name}: {'yes' if found else 'no'}", flush=True)
step("prompt", until(b"erg> "))
os.write(fd, b"while true do end\r")
time.sleep(0.5)
os.write(fd, b"\x03")
step("loop interrupted", until(b"stdin:1: interrupted\r\n"))
step("prompt after interrupt", until(b"erg> "))
os.write(fd, b"1+1\r")
step("same session evaluates", until(b"\r\n2\r\n"))
os.write(fd, b"while true do pcall(function() while true do end end) end\r")
time.sleep(0.5)
os.write(fd, b"\x03")
step("pcall cannot catch it", until(b"stdin:1: interrupted\r\n"))
os.write(fd, b"x = 41 -- typed, then Ctrl-C")
time.sleep(0.3)
os.write(fd, b"\x03")
time.sleep(0.3)
os.write(fd, b"print(x == nil and 'line dropped' or 'ran')\r")
step("Ctrl-C at the prompt clears the line", until(b"\r\nline dropped\r\n"))
os.write(fd, b"y = 1 +\r")
step("continuation prompt", until(b"...> "))
os.write(fd, b"\x03")
time.sleep(0.3)
os.write(fd, b"print(y == nil and 'chunk dropped' or 'ran')\r")
step("Ctrl-C in a continued chunk drops it", until(b"\r\nchunk dropped\r\n"))
os.write(fd, b"\x04")
# never wait forever: a shell that missed a step may not take the Ctrl-D
end = time.time() + 20
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("exit:", os.WEXITSTATUS(status) if os.WIFEXITED(status) else f"signal {os.WTERMSIG(status)}")
        break
    if time.time() > end:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        print("exit: did not leave on Ctrl-D")
        break
    try:
        if select.select([fd], [], [], 0.1)[0]:
            os.read(fd, 4096)
    except OSError:
        pass
PY
shell_out=$(timeout 180 /usr/bin/python3 "$TMP/shell_pty.py" "$ERG" 2>&1)
expect_eq "shell: Ctrl-C interrupts, Ctrl-D leaves" "$shell_out" "prompt: yes
loop interrupted: yes
prompt after interrupt: yes
same session evaluates: yes
pcall cannot catch it: yes
Ctrl-C at the prompt clears the line: yes
continuation prompt: yes
Ctrl-C in a continued chunk drops it: yes
exit: 0"

# ---- long analyses: a progress bar, and Ctrl-C stops them cleanly -------------
cat >"$TMP/rank_pty.py" <<'PY'
# Runs erg rank on a pty; once the bar shows, sends SIGINT; prints what
# the terminal showed after it and the exit status.
import os, pty, re, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.environ["ERG_PROGRESS_DELAY"] = "0"
    os.execv(sys.argv[1], sys.argv[1:])
buf, sent = b"", False
end = time.time() + 60
while time.time() < end:
    if select.select([fd], [], [], 0.1)[0]:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        buf += data
    if not sent and re.search(rb"computing betweenness +\[#* *\] +[0-9.]+%, [0-9]+s left", buf):
        print("bar: yes")
        mark = len(buf)
        os.kill(pid, signal.SIGINT)
        sent = True
    if sent:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
else:
    done = False
if not sent or not done:
    # never wait forever: a process that ignored the interrupt is killed
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
if not sent:
    print("no bar")
else:
    tail = buf[mark:].decode(errors="replace").replace("\r", "\n")
    print("message: " + ("yes" if "\nerg: betweenness: interrupted\n" in tail else "no: " + tail[-200:]))
print("status:", 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
PY
rank_out=$(timeout 180 /usr/bin/python3 "$TMP/rank_pty.py" "$ERG" -g "$TMP/big" rank --by betweenness --mode all 2>&1)
expect_eq "rank: bar, Ctrl-C, clean stop" "$rank_out" "bar: yes
message: yes
status: 130"
# sampled betweenness: the options and their errors
expect_status "rank --sample: runs" 0 "$ERG" rank --by betweenness --sample 10 --seed 3 --top 1 --format csv
first=$LAST_OUT
expect_status "rank --sample: same seed" 0 "$ERG" rank --by betweenness --sample 10 --seed 3 --top 1 --format csv
expect_eq "rank --sample: same seed, same scores" "$LAST_OUT" "$first"
expect_status "rank --sample 0" 2 "$ERG" rank --by betweenness --sample 0
expect_eq "rank --sample 0: message" "$LAST_ERR" "erg: rank: --sample wants a positive number of sources, not '0'"
expect_status "rank --sample with degree" 2 "$ERG" rank --by degree --sample 5
expect_eq "rank --sample with degree: message" "$LAST_ERR" "erg: rank: --sample goes with --by betweenness"
expect_status "rank --seed alone" 2 "$ERG" rank --by betweenness --seed 5
expect_eq "rank --seed alone: message" "$LAST_ERR" "erg: rank: --seed goes with --sample"
expect_status "g:rank sample" 0 "$ERG" eval 'local a = graph:rank("betweenness", {sample=10, seed=3, top=1}); local b = graph:rank("betweenness", {top=1}); return #a, a[1].entity.id'
expect_eq "g:rank sample: result" "$LAST_OUT" $'1\nice'

finish
