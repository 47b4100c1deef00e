#!/bin/sh
# t_golden.sh: display-list dumps against the goldens in test/golden/.
# Each golden is NAME.dl with a first line "# MASTER TARGET". The dump
# carries every glyph run's glyph count, cluster count and a hash of its
# glyph ids, offsets and clusters, so a change of shaping shows too.
# After a deliberate change to layout or data, look at the PDFs, then
# refresh with: UPDATE_GOLDEN=1 sh test/t_golden.sh (or make golden).
. test/lib.sh

n=$(ls test/golden/*.dl 2>/dev/null | wc -l)
plan $((n + 1))
check "there are golden dumps ($n)" test "$n" -gt 0
for g in test/golden/*.dl; do
	[ -f "$g" ] || continue
	set -- $(sed -n '1s/^# //p' "$g")
	master=$1 target=$2
	name=$(basename "$g")
	{ echo "# $master $target"; $SP build "$master" "$target" --dump-layout; } > "$T/new" 2>"$T/err"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		check "golden $name: updated" cp "$T/new" "$g"
		continue
	fi
	check "golden $name: the dump is unchanged" diff -u "$g" "$T/new"
done
rm -rf "$T"
