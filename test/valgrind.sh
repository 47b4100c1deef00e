#!/bin/sh
# valgrind.sh ARGS...: $VG_BIN (build/sakspapir) under valgrind memcheck,
# for make check-valgrind, which runs the whole suite with SP pointing
# here. Any error or definite leak makes the exit status 150 (above 125,
# so the checks take it for a crash, never for a refusal); suppressions
# in test/valgrind.supp, each explained.
here=$(dirname "$0")
exec valgrind -q --error-exitcode=150 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --suppressions="$here/valgrind.supp" --child-silent-after-fork=yes \
    "${VG_BIN:-build/sakspapir}" "$@"
