#!/bin/sh
# t_runner.sh: test/run.sh cannot report green over a broken suite. It is
# run on a throwaway tree of fake test scripts and a fake build/unit: a
# script that crashes, one that prints nothing, one that stops short, one
# that exits non-zero, and a missing unit program are each a failure
# naming the script; a healthy tree is all green (the control).
. test/lib.sh
plan 17

# tree DIR: a tree with run.sh, lib.sh and one healthy script and unit.
tree() {
	rm -rf "$1" && mkdir -p "$1/test" "$1/build" &&
	cp test/run.sh test/lib.sh "$1/test/" &&
	printf '%s\n' '. test/lib.sh' 'plan 2' 'check one true' 'check two true' \
	    'rm -rf "$T"' > "$1/test/t_good.sh" &&
	printf '%s\n' '#!/bin/sh' 'echo 1..1' 'echo "ok - unit"' > "$1/build/unit" &&
	chmod +x "$1/build/unit"
}

R="$T/r"
tree "$R"
check "healthy tree: the runner exits 0" exits 0 env UNIT=build/unit sh "$R/test/run.sh"
check "healthy tree: 3 passed, 0 failed" has "$T/out" '^3 passed, 0 failed$'

tree "$R"
printf '%s\n' '. test/lib.sh' 'plan 2' 'check first true' 'kill -SEGV $$' \
    'check second true' > "$R/test/t_crash.sh"
check "a crashing script: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the crash is a failure naming the script and signal" has "$T/out" '^not ok - test/t_crash\.sh: killed by signal 11'
check "the count has both the crash and the short plan" has "$T/out" '^4 passed, 2 failed$'

tree "$R"
printf '%s\n' 'exit 0' > "$R/test/t_silent.sh"
check "a silent script: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the silent script is named: no plan" has "$T/out" '^not ok - test/t_silent\.sh: declares no plan'

tree "$R"
printf '%s\n' '. test/lib.sh' 'plan 3' 'check a true' 'check b true' 'rm -rf "$T"' > "$R/test/t_short.sh"
check "a short script: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the short script is named with its count" has "$T/out" '^not ok - test/t_short\.sh: printed 2 results of the 3 it planned'

tree "$R"
printf '%s\n' '. test/lib.sh' 'plan 1' 'check a true' 'rm -rf "$T"' 'exit 4' > "$R/test/t_exit.sh"
check "a script exiting 4 after all its results: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the exit status is named" has "$T/out" '^not ok - test/t_exit\.sh: exited with status 4'

tree "$R"
printf '%s\n' '#!/bin/sh' 'echo 1..2' 'echo "ok - unit"' 'kill -SEGV $$' > "$R/build/unit"
check "a unit program that crashes after one ok: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the unit program is named" has "$T/out" '^not ok - build/unit: killed by signal 11'

tree "$R"
rm "$R/build/unit"
check "a missing build/unit: the runner exits 1" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "the missing unit program is named" has "$T/out" '^not ok - build/unit: is missing'

tree "$R"
printf '%s\n' '. test/lib.sh' 'plan 1' 'fails "a crash is no refusal" sh -c "kill -SEGV \$\$"' 'rm -rf "$T"' > "$R/test/t_fails.sh"
check "fails: a command that crashes is not an expected failure" exits 1 env UNIT=build/unit sh "$R/test/run.sh"
check "it is reported as a crash" has "$T/out" '^not ok - a crash is no refusal \(exit 139'
rm -rf "$T"
