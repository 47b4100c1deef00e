#!/bin/sh
# valgrind-unit.sh: build/unit under valgrind memcheck (make check-valgrind).
VG_BIN=$(cd "$(dirname "$0")/.." && pwd)/build/unit exec sh "$(dirname "$0")/valgrind.sh" "$@"
