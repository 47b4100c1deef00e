#!/bin/sh
# t_golden.sh: display-list dumps against the goldens in test/golden/.
# Each golden is NAME.dl with a first line "# MASTER TARGET". After a
# deliberate change to layout or data, look at the PDFs, then refresh
# with: UPDATE_GOLDEN=1 sh test/t_golden.sh (or make golden).
. test/lib.sh

for g in test/golden/*.dl; do
	set -- $(sed -n '1s/^# //p' "$g")
	master=$1 target=$2
	name=$(basename "$g")
	{ echo "# $master $target"; $SP build "$master" "$target" --dump-layout; } > "$T/new" 2>"$T/err"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$T/new" "$g"
		echo "# updated $g"
		continue
	fi
	check "golden $name: the dump is unchanged" diff -u "$g" "$T/new"
done
rm -rf "$T"
