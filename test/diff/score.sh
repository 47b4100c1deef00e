#!/bin/sh
# score.sh SP MASTER TRUTH: precision and recall of 'diff --auto' against
# the hand-made pairs in TRUTH, for every version pair TRUTH names.
# Prints "tp fp fn precision recall" and, on stderr, each miss.
SP=$1 MASTER=$2 TRUTH=$3
tmp=${TMPDIR:-/tmp}/sp-score.$$
trap 'rm -f "$tmp".*' EXIT
grep -v '^#' "$TRUTH" | cut -f 1-4 | sort -u > "$tmp.truth"
: > "$tmp.got"
for pair in $(cut -f 1,2 "$tmp.truth" | sort -u | tr '\t' ':'); do
	from=${pair%%:*} to=${pair#*:}
	"$SP" diff "$MASTER" "$from" "$to" --auto > "$tmp.tsv" || exit 1
	awk -F'\t' -v f="$from" -v t="$to" 'NR > 1 && $2 != "" && $4 != "" {
		print f "\t" t "\t" $2 "\t" $4 }' "$tmp.tsv" >> "$tmp.got"
done
sort -u "$tmp.got" -o "$tmp.got"
comm -13 "$tmp.truth" "$tmp.got" | sed 's/^/false match: /' >&2
comm -23 "$tmp.truth" "$tmp.got" | sed 's/^/missed: /' >&2
tp=$(comm -12 "$tmp.truth" "$tmp.got" | wc -l)
fp=$(comm -13 "$tmp.truth" "$tmp.got" | wc -l)
fn=$(comm -23 "$tmp.truth" "$tmp.got" | wc -l)
awk -v tp="$tp" -v fp="$fp" -v fn="$fn" 'BEGIN {
	printf "%d %d %d %.3f %.3f\n", tp, fp, fn,
	    tp + fp ? tp / (tp + fp) : 0, tp + fn ? tp / (tp + fn) : 0 }'
