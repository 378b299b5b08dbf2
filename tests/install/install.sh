# install.sh -- erg installed to a PREFIX other than the one it was built
# for finds its data beside its own bin/: the built-in graph and the
# extract pipeline.  Called by `make install-test` with PREFIX installed.
set -u
: "${PREFIX:?set PREFIX to the installed tree}"
ERG=$PREFIX/bin/erg
. "$(dirname "$0")/../cli/lib.sh"
unset ERG_GRAPH ERG_EXTRACT_DIR
cd "$TMP"

expect_status "installed info" 0 "$ERG" info
expect_contains "installed info counts" "$LAST_OUT" "entities                 62"
printf 'Microsoft supplies cloud services to ICE, the spokesperson said.\n' >article.txt
expect_status "installed extract" 0 "$ERG" extract article.txt
expect_contains "installed extract proposes" "$LAST_OUT" "supplies"
expect_status "installed check" 0 "$ERG" check "$PREFIX/share/erg/graphs/ice-azure"
# the module is on the installed Lua path (a sanitized erg.so needs the
# sanitizer runtimes loaded first by the stock interpreter)
PRELOAD=""
if [ -n "${ERG_SANITIZED:-}" ]; then
  PRELOAD="$(cc -print-file-name=libasan.so) $(cc -print-file-name=libubsan.so)"
fi
expect_status "installed erg.so" 0 env LD_PRELOAD="$PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
  LUA_CPATH="$PREFIX/lib/lua/5.4/?.so" lua5.4 -e 'local erg = require "erg"; assert(erg.new())'
finish
