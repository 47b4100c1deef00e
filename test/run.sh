#!/bin/sh
# run.sh: runs every test/t_*.sh and the C unit tests (build/unit, or
# $UNIT) and ends with "N passed, N failed"; exits 1 on any failure.
#
# Each of them is judged as a whole, not only by its "ok - "/"not ok - "
# lines: it must declare its plan (one line "1..N", see plan in lib.sh),
# print exactly N results, and exit 0 within $TEST_TIMEOUT seconds. A
# crash, a non-zero exit, a missing plan, a short or long count, a hang
# or a missing build/unit is one more failure, a "not ok" line naming it.
# TESTS="t_cli t_edge unit" runs only those (make check-valgrind TESTS=...).
cd "$(dirname "$0")/.." || exit 3
UNIT=${UNIT:-build/unit}
LIMIT=${TEST_TIMEOUT:-900}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sp-run.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pass=0 fail=0

# bad NAME WHY: one failure of the script NAME as a whole.
bad() {
	echo "not ok - $1: $2"
	fail=$((fail + 1))
}

# one NAME CMD...: runs CMD, shows its output as it comes, adds up its
# results and judges its exit status and plan.
one() {
	name=$1; shift
	echo "# $name"
	{ timeout -k 10 "$LIMIT" "$@" 2>&1; echo $? > "$tmp/rc"; } | tee "$tmp/out"
	rc=$(cat "$tmp/rc")
	p=$(grep -c '^ok - ' "$tmp/out")
	f=$(grep -c '^not ok - ' "$tmp/out")
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$rc" -eq 124 ]; then
		bad "$name" "did not finish within ${LIMIT}s"
	elif [ "$rc" -gt 128 ]; then
		bad "$name" "killed by signal $((rc - 128)) after $((p + f)) results"
	elif [ "$rc" -ne 0 ]; then
		bad "$name" "exited with status $rc"
	fi
	plans=$(grep -c '^1\.\.[0-9][0-9]*$' "$tmp/out")
	planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$tmp/out" | head -n 1)
	if [ "$plans" -eq 0 ]; then
		bad "$name" "declares no plan (a line 1..N before its results)"
	elif [ "$plans" -gt 1 ]; then
		bad "$name" "declares $plans plans"
	elif [ "$((p + f))" -ne "$planned" ]; then
		bad "$name" "printed $((p + f)) results of the $planned it planned"
	fi
}

# picked NAME: NAME is among $TESTS, or $TESTS is empty (all).
picked() {
	[ -z "${TESTS:-}" ] && return 0
	case " $TESTS " in *" $1 "*) return 0 ;; esac
	return 1
}

n=0
for t in test/t_*.sh; do
	[ -f "$t" ] || continue
	picked "$(basename "$t" .sh)" || continue
	n=$((n + 1))
	one "$t" sh "$t"
done
if picked unit; then
	n=$((n + 1))
	if [ -x "$UNIT" ]; then
		one "$UNIT" "$UNIT"
	else
		bad "$UNIT" "is missing (make builds it)"
	fi
fi
[ "$n" -gt 0 ] || bad test/run.sh "found no test/t_*.sh (or none of TESTS)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
