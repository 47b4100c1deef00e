#!/bin/sh
# run.sh: runs every test/t_*.sh and the C unit tests; ends with
# "N passed, N failed".
cd "$(dirname "$0")/.." || exit 3
out=${TMPDIR:-/tmp}/sp-run.$$
: > "$out"
for t in test/t_*.sh; do
	echo "# $t"
	sh "$t" 2>&1 | tee -a "$out"
done
if [ -x build/unit ]; then
	echo "# build/unit"
	./build/unit 2>&1 | tee -a "$out"
fi
pass=$(grep -c '^ok - ' "$out")
fail=$(grep -c '^not ok - ' "$out")
rm -f "$out"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
