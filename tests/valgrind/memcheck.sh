#!/bin/sh
# memcheck.sh -- runs a program under valgrind's memcheck the way
# `make valgrind` wants: every error and every definite leak is a failure
# (exit 99), reported into $VG_LOGDIR/PID.log (one file per process,
# forked Check children included) so the test's own stdout and stderr stay
# as they are.  The suppressions (erg.supp) cover third-party noise only.
: "${VG_LOGDIR:?set VG_LOGDIR to a directory for the logs}"
here=$(dirname "$0")
exec valgrind --quiet --tool=memcheck --error-exitcode=99 \
  --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --track-origins=no --num-callers=30 --child-silent-after-fork=no \
  --suppressions="$here/erg.supp" \
  --log-file="$VG_LOGDIR/%p.log" "$@"
