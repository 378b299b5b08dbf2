# erg -- build, test and install.  `make demo` and `make check` work on a
# fresh Debian machine: both run `make deps` first, which installs any
# missing Debian package (and does nothing when all are present).

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build/release
CC       ?= cc
SAN      ?=

BUILD_PKGS = liblua5.4-dev lua5.4 libigraph-dev libcsv-dev libxml2-dev libjansson-dev libedit-dev check pkg-config libutf8proc-dev
TEST_PKGS  = time clang valgrind libxml2-utils python3-networkx python3-scipy python3-igraph chromium python3-pil
PKGS       = $(BUILD_PKGS) $(TEST_PKGS)

PKG_DEPS  = lua5.4 igraph libxml-2.0 jansson libutf8proc
WARN      = -Wall -Wextra -Werror
OPT       ?= -O2 -g
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) -D_GNU_SOURCE -fPIC $(SANFLAGS) \
             $(shell pkg-config --cflags $(PKG_DEPS) 2>/dev/null)
LIBS      = $(shell pkg-config --libs igraph libxml-2.0 jansson libutf8proc 2>/dev/null) -lcsv -lm -lpthread
LUALIBS   = $(shell pkg-config --libs lua5.4 2>/dev/null)
CHECKLIBS = $(shell pkg-config --libs check 2>/dev/null)

ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

# ---- the layers ---------------------------------------------------------------
# One folder a layer; each folder's .c files are picked up by wildcard, so a
# new file needs no line here.  core/ builds liberg (core/erg.h); lua/module
# is the Lua binding (lib/lua/5.4/erg.so for the stock interpreter, not
# linked against liblua); lua/engine is the script engine and sandbox
# (lua/erg_lua.h, liberg_lua with the module); lua/cli is the erg program.
CORE_DIRS  = base store io analysis text draw
CORE_SRC   = $(foreach d,$(CORE_DIRS),$(wildcard core/$(d)/*.c))
CORE_HDR   = core/erg.h $(wildcard core/*/*.h)
MOD_SRC    = $(wildcard lua/module/*.c)
ENGINE_SRC = $(wildcard lua/engine/*.c)
CLI_SRC    = $(wildcard lua/cli/*.c)
LERG_SRC   = $(MOD_SRC) $(ENGINE_SRC)
LUA_HDR    = lua/erg_lua.h $(wildcard lua/*/*.h)
UNIT_SRC   = $(wildcard tests/unit/*.c tests/unit/*/*.c)

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
MOD_OBJ  = $(MOD_SRC:%.c=$(BUILD)/%.o)
LERG_OBJ = $(LERG_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
EDITLIBS  = $(shell pkg-config --libs libedit 2>/dev/null)
# Where erg.so is installed: on lua5.4's search path for PREFIX /usr/local and /usr.
LUA_CMOD ?= $(if $(filter /usr,$(PREFIX)),$(shell pkg-config --variable=INSTALL_CMOD lua5.4 2>/dev/null),$(PREFIX)/lib/lua/5.4)

ifeq ($(BUILD),build/release)
LIBDIR = lib
BINDIR = bin
else
LIBDIR = $(BUILD)/lib
BINDIR = $(BUILD)/bin
endif

LIBA  = $(LIBDIR)/liberg.a
LIBSO = $(LIBDIR)/liberg.so
ERG   = $(BINDIR)/erg
UNIT  = $(BUILD)/tests/unit_tests
LIBLUA_A  = $(LIBDIR)/liberg_lua.a
LIBLUA_SO = $(LIBDIR)/liberg_lua.so
LUAMOD    = $(LIBDIR)/lua/5.4/erg.so

.PHONY: all deps demo check test unit cli-test peer-test asan install uninstall clean \
        embed-test install-lua uninstall-lua

all: $(LIBA) $(LIBSO) $(ERG) $(LIBLUA_A) $(LIBLUA_SO) $(LUAMOD)

# Header dependencies come from the compiler (-MMD -MP): touching any
# header rebuilds exactly the objects that include it.
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -DERG_DATADIR='"$(PREFIX)/share/erg"' -c $< -o $@

-include $(CORE_OBJ:.o=.d) $(LERG_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# ---- core: liberg --------------------------------------------------------------
$(LIBA): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(LIBSO): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) -Wl,-soname,liberg.so.0 -o $@ $^ $(LIBS)

# ---- lua/module and lua/engine: erg.so, liberg_lua ---------------------------------
$(LIBLUA_A): $(LERG_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(LIBLUA_SO): $(LERG_OBJ) $(LIBSO)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) -Wl,-soname,liberg_lua.so.0 -o $@ $(LERG_OBJ) -L$(LIBDIR) -lerg $(LUALIBS)

$(LUAMOD): $(MOD_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(SANFLAGS) -o $@ $(MOD_OBJ) $(CORE_OBJ) $(LIBS)

# ---- lua/cli: the erg program ---------------------------------------------------------
$(ERG): $(CLI_OBJ) $(LERG_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $(CLI_OBJ) $(LERG_OBJ) $(LIBA) $(LIBS) $(LUALIBS) $(EDITLIBS)

# ---- install ---------------------------------------------------------------------
# Data (the built-in graph, the extract pipeline) goes to PREFIX/share/erg;
# the installed erg finds it beside its own bin/, so a binary built for
# one PREFIX works when installed to another.
install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/erg/graphs/ice-azure \
	  $(DESTDIR)$(PREFIX)/share/erg/lua/extract $(DESTDIR)$(LUA_CMOD)
	install -m 644 $(LIBA) $(DESTDIR)$(PREFIX)/lib/liberg.a
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/liberg.so.0
	ln -sf liberg.so.0 $(DESTDIR)$(PREFIX)/lib/liberg.so
	install -m 644 $(LIBLUA_A) $(DESTDIR)$(PREFIX)/lib/liberg_lua.a
	install -m 755 $(LIBLUA_SO) $(DESTDIR)$(PREFIX)/lib/liberg_lua.so.0
	ln -sf liberg_lua.so.0 $(DESTDIR)$(PREFIX)/lib/liberg_lua.so
	install -m 644 core/erg.h $(DESTDIR)$(PREFIX)/include/erg.h
	install -m 644 lua/erg_lua.h $(DESTDIR)$(PREFIX)/include/erg_lua.h
	install -m 755 $(ERG) $(DESTDIR)$(PREFIX)/bin/erg
	install -m 755 $(LUAMOD) $(DESTDIR)$(LUA_CMOD)/erg.so
	install -m 644 graphs/ice-azure/*.csv $(DESTDIR)$(PREFIX)/share/erg/graphs/ice-azure/
	install -m 644 lua/extract/*.lua $(DESTDIR)$(PREFIX)/share/erg/lua/extract/
	sed -e 's|@PREFIX@|$(PREFIX)|' core/erg.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/erg.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/liberg.a $(DESTDIR)$(PREFIX)/lib/liberg.so* \
	  $(DESTDIR)$(PREFIX)/lib/liberg_lua.a $(DESTDIR)$(PREFIX)/lib/liberg_lua.so* \
	  $(DESTDIR)$(PREFIX)/include/erg.h $(DESTDIR)$(PREFIX)/include/erg_lua.h \
	  $(DESTDIR)$(PREFIX)/bin/erg $(DESTDIR)$(LUA_CMOD)/erg.so $(DESTDIR)$(PREFIX)/lib/pkgconfig/erg.pc
	rm -rf $(DESTDIR)$(PREFIX)/share/erg

clean:
	rm -rf build lib bin

# ---- tests ---------------------------------------------------------------------------
# `make test` (what `make check` runs after `make all`): the unit tests, the
# command-line tests, the peer tests, the embedding example, the install
# check and a small benchmark run (see tests/README.md).
test: unit cli-test peer-test embed-test install-test bench-smoke

UNIT_CFLAGS = $(CFLAGS_ALL) -Icore -Ilua -Itests/unit
$(UNIT): $(UNIT_SRC) $(LIBA) $(LIBLUA_A) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -o $@ $(UNIT_SRC) $(LIBLUA_A) $(LIBA) $(CHECKLIBS) $(LIBS) $(LUALIBS)

unit: $(UNIT)
	CK_DEFAULT_TIMEOUT=60 ERG_TESTDATA=tests/data $(UNIT)

# Every tests/cli/*.sh script, with $$ERG naming the binary under test
# (tests/cli/lua*.sh also load erg.so into the stock interpreter).
cli-test: $(ERG) $(LUAMOD)
	@fail=0; for t in tests/cli/*.sh; do \
	  ERG=$(CURDIR)/$(ERG) ERG_GRAPH=$(CURDIR)/graphs/ice-azure bash $$t || fail=1; \
	done; exit $$fail

# Every tests/peers/*.py: erg's numbers and files against networkx and
# python-igraph (Debian's python3, which sees Debian's python packages).
peer-test: $(ERG)
	@fail=0; for t in $(wildcard tests/peers/*.py); do \
	  ERG=$(CURDIR)/$(ERG) ERG_GRAPH=$(CURDIR)/graphs/ice-azure /usr/bin/python3 $$t || fail=1; \
	done; exit $$fail

# examples/embed.c built as a user would: against erg installed into a
# temporary PREFIX, with pkg-config; its output is checked.
embed-test: all
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/erg-embed-XXXXXX") && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s install PREFIX=$$tmp >/dev/null && \
	export PKG_CONFIG_PATH=$$tmp/lib/pkgconfig && \
	$(CC) -std=c11 $(WARN) $(SANFLAGS) -o $$tmp/embed examples/embed.c $$(pkg-config --cflags --libs erg) && \
	LD_LIBRARY_PATH=$$tmp/lib ERG_GRAPH=$(CURDIR)/graphs/ice-azure $$tmp/embed >$$tmp/out && \
	diff -u tests/lua/expected/embed.out $$tmp/out && echo "embed: ok"

# The installed erg, built for the default PREFIX and installed to another,
# finds its built-in graph and its extract pipeline (tests/install/install.sh).
install-test: all
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/erg-install-XXXXXX") && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s install PREFIX=$$tmp/p >/dev/null && \
	PREFIX=$$tmp/p bash tests/install/install.sh

# Installs what is missing, with apt-get (through sudo when not root).
deps:
	@missing=""; for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The main job on the built-in graph: a summary, the most central
# entities, how Microsoft reaches ICE (every hop with its source), the
# communities, and out/ holding the graph as GraphML, GEXF and CSV, a
# drawing and an HTML report.
demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	@echo; echo "== The built-in graph"; ./bin/erg info
	@echo; echo "== Most central (PageRank, ignoring direction)"; ./bin/erg rank --by pagerank --mode all --top 10
	@echo; echo "== Brokers (betweenness)"; ./bin/erg rank --by betweenness --top 5
	@echo; echo "== How Microsoft reaches ICE"; ./bin/erg path microsoft ice --all --max-hops 2
	@echo; echo "== Communities"; ./bin/erg communities --method louvain --seed 1
	@echo; echo "== Files"
	@./bin/erg export --format graphml -o out/ice-azure.graphml
	@./bin/erg export --format gexf -o out/ice-azure.gexf
	@./bin/erg export --format csv -o out/ice-azure-csv
	@./bin/erg render -o out/ice-azure.svg --title "ICE, Microsoft Azure and a day of business headlines"
	@./bin/erg report -o out/ice-azure.html --pair microsoft:ice --pair guardian:dhs \
	  --title "ICE, Microsoft Azure and a day of business headlines"

check: deps
	$(MAKE) all
	$(MAKE) test

asan: deps
	$(MAKE) BUILD=build/asan SAN=1 OPT="-O1 -g" all
	ERG_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) BUILD=build/asan SAN=1 OPT="-O1 -g" test

# ---- fuzzing (libFuzzer, clang) ----------------------------------------------
# `make fuzz FUZZ_SECONDS=N` runs each target for N seconds on a scratch copy
# of its seed corpus (tests/fuzz/corpus/TARGET), failing on any crash, leak
# or sanitizer report.  Inputs that once crashed live in
# tests/fuzz/crashes/TARGET/ and are replayed by `make fuzz-regress`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = csv graphml lua cli
FUZZ_DIR     = build/fuzz
FUZZ_CFLAGS  = -std=c11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(shell pkg-config --cflags $(PKG_DEPS) 2>/dev/null)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(CORE_SRC) $(LIBS)

.PHONY: fuzz fuzz-regress
fuzz: deps $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_DIR)/corpus-$$t; mkdir -p $(FUZZ_DIR)/corpus-$$t $(FUZZ_DIR)/artifacts-$$t; \
	  cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus-$$t/; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS)s"; \
	  ASAN_OPTIONS=detect_leaks=1 $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -close_fd_mask=3 \
	    -rss_limit_mb=2048 -artifact_prefix=$(FUZZ_DIR)/artifacts-$$t/ -print_final_stats=1 \
	    $(FUZZ_DIR)/corpus-$$t 2>$(FUZZ_DIR)/log-$$t.txt || { tail -60 $(FUZZ_DIR)/log-$$t.txt; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" $(FUZZ_DIR)/log-$$t.txt; \
	done

fuzz-regress: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  if ls tests/fuzz/crashes/$$t/* >/dev/null 2>&1; then \
	    $(FUZZ_DIR)/fuzz_$$t tests/fuzz/crashes/$$t/* || exit 1; fi; \
	done

# ---- benchmarks (tests/bench) --------------------------------------------------
# `make bench [BENCH_SCALE=small|medium|large]` runs erg against networkx,
# python-igraph and igraph's C library side by side on generated graphs
# (cached in build/bench) and prints a table (tests/bench/run.py).  `make
# test` runs the small scale as bench-smoke only to keep the harness
# working: it checks results, never timings.
BENCH_SCALE ?= small
BENCH_BIN    = $(BUILD)/bench
BENCH_CFLAGS = -std=c11 $(WARN) $(OPT) -D_GNU_SOURCE $(shell pkg-config --cflags igraph 2>/dev/null)

$(BENCH_BIN)/erg_bench: tests/bench/erg_bench.c $(LIBA) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(SANFLAGS) -Icore -o $@ $< $(LIBA) $(LIBS)

$(BENCH_BIN)/igraph_bench: tests/bench/igraph_bench.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(shell pkg-config --libs igraph 2>/dev/null) -lcsv -lm

$(BENCH_BIN)/csvraw: tests/bench/csvraw.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lcsv

$(BENCH_BIN)/spawn: tests/bench/spawn.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

.PHONY: bench bench-smoke bench-profile
bench: $(ERG) $(BENCH_BIN)/erg_bench $(BENCH_BIN)/igraph_bench $(BENCH_BIN)/csvraw $(BENCH_BIN)/spawn
	/usr/bin/python3 tests/bench/run.py --scale $(BENCH_SCALE) --erg $(ERG) --bin $(BENCH_BIN) --data build/bench

bench-smoke:
	@$(MAKE) --no-print-directory bench BENCH_SCALE=small

# perf profiles of erg's import, export, GraphML import and PageRank on the
# graph `make bench` generated for BENCH_SCALE.
bench-profile: $(BENCH_BIN)/erg_bench
	sh tests/bench/profile.sh $(BENCH_SCALE) $(BENCH_BIN)


# The Lua API through sandboxed scripts (erg_lua.h's engine), and the
# command line: lua/cli*.c built as they are, their main renamed
# erg_cli_main, called on arguments split from the input.
$(FUZZ_DIR)/fuzz_lua: tests/fuzz/fuzz_lua.c $(CORE_SRC) $(LERG_SRC) $(CORE_HDR) $(LUA_HDR)
	@mkdir -p $(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(CORE_SRC) $(LERG_SRC) $(LIBS) $(LUALIBS)

$(FUZZ_DIR)/fuzz_cli: tests/fuzz/fuzz_cli.c $(CORE_SRC) $(LERG_SRC) $(CLI_SRC) $(CORE_HDR) $(LUA_HDR)
	@mkdir -p $(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Dmain=erg_cli_main -DERG_SRCDIR='"$(CURDIR)"' -o $@ $< \
	  $(CORE_SRC) $(LERG_SRC) $(CLI_SRC) $(LIBS) $(LUALIBS) $(EDITLIBS)

# ---- valgrind (memcheck) -------------------------------------------------------
# `make valgrind`: the Check unit tests and the command-line tests under
# memcheck (tests/valgrind/memcheck.sh): any error or definite leak, in any
# process (forked Check children included), fails.  Check's timeouts are
# scaled (CK_TIMEOUT_MULTIPLIER).  Left out as too slow under valgrind
# (Lua runs about 15x slower): the Lua sandbox and Lua API scripts, the
# browser test (report.sh), the big-graph tests (faults, progress, limits);
# a unit test case tagged "valgrind-slow" is skipped too.
VALGRIND_CLI = analysis core graphml render
VG_DIR       = build/valgrind

valgrind: deps
	$(MAKE) all $(UNIT)
	@rm -rf $(VG_DIR); mkdir -p $(VG_DIR)/logs
	@printf '#!/bin/sh\nexec "%s/tests/valgrind/memcheck.sh" "%s/$(ERG)" "$$@"\n' "$(CURDIR)" "$(CURDIR)" >$(VG_DIR)/erg
	@chmod +x $(VG_DIR)/erg
	@export VG_LOGDIR=$(CURDIR)/$(VG_DIR)/logs; fail=0; \
	echo "== valgrind: unit tests"; \
	CK_DEFAULT_TIMEOUT=60 CK_TIMEOUT_MULTIPLIER=10 CK_EXCLUDE_TAGS=valgrind-slow ERG_TESTDATA=tests/data \
	  tests/valgrind/memcheck.sh $(UNIT) || fail=1; \
	for t in $(VALGRIND_CLI); do \
	  echo "== valgrind: tests/cli/$$t.sh"; \
	  ERG=$(CURDIR)/$(VG_DIR)/erg ERG_GRAPH=$(CURDIR)/graphs/ice-azure bash tests/cli/$$t.sh || fail=1; \
	done; \
	reports=$$(find $(VG_DIR)/logs -type f -size +0); \
	if [ -n "$$reports" ]; then echo "valgrind: reports in $$reports"; head -c 20000 $$reports; fail=1; fi; \
	echo "valgrind: $$(ls $(VG_DIR)/logs | wc -l) processes checked, $$(echo $$reports | wc -w) with reports"; \
	exit $$fail

# ---- allocation failure in igraph (LD_PRELOAD shim, no ASan) ---------------------
FAULT_DIR = build/fault

$(FAULT_DIR)/failmalloc.so: tests/fault/failmalloc.c
	@mkdir -p $(FAULT_DIR)
	$(CC) -std=c11 $(WARN) -O2 -g -fPIC -shared -o $@ $< -ldl

# Runs a private copy of bin/erg (a rebuild meanwhile cannot disturb it).
fault: deps $(FAULT_DIR)/failmalloc.so
	$(MAKE) all
	@cp $(ERG) $(FAULT_DIR)/erg
	FAILMALLOC=$(CURDIR)/$(FAULT_DIR)/failmalloc.so ERG=$(CURDIR)/$(FAULT_DIR)/erg \
	  ERG_GRAPH=$(CURDIR)/graphs/ice-azure bash tests/fault/igraph.sh

# ---- ThreadSanitizer ---------------------------------------------------------------
# The core and tests/tsan/tsan_threads.c built with clang -fsanitize=thread:
# readers sharing a graph, a graph per thread, analyses in several threads.
TSAN_DIR = build/tsan

$(TSAN_DIR)/tsan_threads: tests/tsan/tsan_threads.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(TSAN_DIR)
	clang -std=c11 -g -O1 -D_GNU_SOURCE -fsanitize=thread -fno-omit-frame-pointer \
	  $(shell pkg-config --cflags $(PKG_DEPS) 2>/dev/null) -o $@ $< $(CORE_SRC) $(LIBS)

tsan: deps $(TSAN_DIR)/tsan_threads
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 $(TSAN_DIR)/tsan_threads

.PHONY: valgrind fault tsan
