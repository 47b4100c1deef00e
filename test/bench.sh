#!/bin/sh
# bench.sh: median wall time and peak memory per document (make bench).
#
# Builds each target of plan/hallingdal.xml alone (the print bundle and
# the booklet of its meeting too), and sak-syntetisk of synthetic masters
# from build/genplan with 100, 1000 and 10000 tiltak, then a meeting's
# bundle and booklet of the 1000 and 10000 tiltak saker,
# BENCH_RUNS times each (default 5): wall time from fork to exit and peak
# RSS, both measured by build/timeit (test/timeit.c). Prints one line per document with the medians, a total for the real
# documents, and the cost per 1000 table rows for the synthetic sizes; then
# the time diff --auto takes to match two synthetic versions of 100, 1000
# and 10000 tiltak each; and what the archival copy (--archive) costs on
# Sak 03-26 and the 10000-tiltak sak.
# Everything is built into a temporary directory; out/ is not touched.
# Exit status: 0, 1 if a build fails, 2 on a bad BENCH_RUNS, 3 on I/O.

cd "$(dirname "$0")/.." || exit 3
SP=./build/sakspapir
GEN=./build/genplan
MASTER=plan/hallingdal.xml
SIZES="100 1000 10000"
RUNS=${BENCH_RUNS:-5}

case $RUNS in
''|*[!0-9]*|0) echo "bench.sh: BENCH_RUNS must be a positive whole number" >&2
	exit 2 ;;
esac
for f in "$SP" "$GEN" ./build/timeit ./build/floor; do
	[ -x "$f" ] || { echo "bench.sh: $f is missing; run make first" >&2; exit 3; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sp-bench.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

clock="build/timeit: fork to exit by CLOCK_MONOTONIC, peak RSS by wait4"

# run1 MASTER TARGET: one build into $tmp/out; prints "ms kB". Fails, with
# the build's messages on stderr, if the build does. With MASTER "floor",
# TARGET is a TSV of table rows that build/floor typesets instead.
run1() {
	if [ "$1" = floor ]; then
		FONTCONFIG_FILE=$PWD/fonts/fonts.conf ./build/timeit \
		    ./build/floor "$2" "$tmp/floor.pdf" 2>"$tmp/err"
	else
		./build/timeit "$SP" build "$1" "$2" -o "$tmp/out" $BUILDARGS \
		    2>"$tmp/err"
	fi || { cat "$tmp/err" >&2; return 1; }
}

# median: the median of the numbers on standard input ("-" if any is "-").
median() {
	sort -n | awk '
		$1 == "-" { dash = 1 }
		{ v[NR] = $1 }
		END {
			if (dash || NR == 0) { print "-"; exit }
			if (NR % 2) print v[(NR + 1) / 2]
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# bench LABEL MASTER TARGET: RUNS builds; prints the line of the table and
# leaves the medians in $ms (milliseconds) and $kb (kB or "-").
bench() {
	: > "$tmp/runs"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		run1 "$2" "$3" >> "$tmp/runs" || {
			echo "bench.sh: building $3 of $2 failed" >&2; exit 1; }
		i=$((i + 1))
	done
	ms=$(awk '{ print $1 }' "$tmp/runs" | median)
	kb=$(awk '{ print $2 }' "$tmp/runs" | median)
	awk -v l="$1" -v ms="$ms" -v kb="$kb" 'BEGIN {
		printf "%-36s %9.0f %9s\n", l, ms,
		    kb == "-" ? "-" : sprintf("%.1f", kb / 1024) }'
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
echo "$("$SP" --version) bench, $(date -u +%Y-%m-%d)," \
    "median of $RUNS runs per document"
echo "machine: $(uname -m), $ncpu CPUs${cpu:+, $cpu}"
echo "clock:   $clock"
echo
printf '%-36s %9s %9s\n' "document" "wall ms" "peak MB"

# Documents measured against the floor: "label|master|target|rows.tsv".
: > "$tmp/floors"

# The real documents, each built alone.
targets=$("$SP" list "$MASTER" | cut -f 1) || exit 1
sum=0
max=0
n=0
for t in $targets; do
	bench "$t" "$MASTER" "$t"
	sum=$(awk -v a="$sum" -v b="$ms" 'BEGIN { print a + b }')
	max=$(awk -v a="$max" -v b="$kb" 'BEGIN { print b == "-" || a == "-" ? "-" : (b > a ? b : a) }')
	n=$((n + 1))
	# The status table of Sak 03-26: the same rows for the floor.
	if [ "$t" = sak-03-26 ]; then
		"$SP" export "$MASTER" --version rp-2024 --status status-2026 \
		    > "$tmp/rows-03-26.tsv" || exit 1
		echo "$t|$MASTER|$t|$tmp/rows-03-26.tsv" >> "$tmp/floors"
	fi
done
awk -v l="total, $n real documents" -v ms="$sum" -v kb="$max" 'BEGIN {
	printf "%-36s %9.0f %9s   (wall: sum, peak: max)\n", l, ms,
	    kb == "-" ? "-" : sprintf("%.1f", kb / 1024) }'

# Synthetic masters: sak-syntetisk shows every status placeholder for N
# tiltak (the status table has N rows).
: > "$tmp/growth"
for n in $SIZES; do
	"$GEN" "$n" "$tmp/syn-$n" || { echo "bench.sh: genplan $n failed" >&2; exit 1; }
	bench "sak-syntetisk, $n tiltak" "$tmp/syn-$n/master.xml" sak-syntetisk
	echo "$n $ms" >> "$tmp/growth"
	"$SP" export "$tmp/syn-$n/master.xml" --version syn-1 \
	    --status syn-status > "$tmp/rows-$n.tsv" || exit 1
	echo "sak-syntetisk, $n tiltak|$tmp/syn-$n/master.xml|sak-syntetisk|$tmp/rows-$n.tsv" >> \
	    "$tmp/floors"
done

# Bundles of a synthetic sak: composing and imposing many pages. The
# same sak alone was measured above, in this run: the ratio is the cost
# of the cover, the copy of every page and the second painting.
echo
printf '%-36s %9s %9s %9s\n' "print bundle (trykk/)" "wall ms" "peak MB" \
    "x sak"
for n in 1000 10000; do
	m="$tmp/syn-$n/master.xml"
	sed -i 's|^</region>|<møte id="mote-syn" organ="regionradet" dato="2026-06-01" stad="Fjelldal"><saksliste><sakref ref="sak-syntetisk"/></saksliste></møte>\n</region>|' "$m"
	alone=$(awk -v n="$n" '$1 == n { print $2 }' "$tmp/growth")
	for t in trykk/mote-syn trykk/mote-syn-hefte; do
		bench "$t, $n tiltak" "$m" "$t" > "$tmp/line"
		awk -v l="$(cat "$tmp/line")" -v ms="$ms" -v a="$alone" \
		    'BEGIN { printf "%s %9.2f\n", l, ms / a }'
	done
done

# The archival copy (--archive, paint_haru.c): "haru ms" is the CPU time
# of the libharu painter as SAKSPAPIR_TIMING reports it (its own thread's
# clock, so other load on the machine counts little); "wall ms" is the
# whole build with --archive, against the same build without it, both
# measured in this run. Medians of RUNS runs.
echo
printf '%-36s %9s %9s %9s %9s\n' "archival copy (--archive)" "haru ms" \
    "wall ms" "x plain" "peak MB"
for d in "sak-03-26|$MASTER|sak-03-26" \
    "sak-syntetisk, 10000 tiltak|$tmp/syn-10000/master.xml|sak-syntetisk"; do
	label=${d%%|*}
	m=${d#*|}
	m=${m%|*}
	t=${d##*|}
	bench x "$m" "$t" > /dev/null
	plain=$ms
	BUILDARGS=--archive
	bench x "$m" "$t" > /dev/null
	: > "$tmp/haru"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		SAKSPAPIR_TIMING=1 "$SP" build "$m" "$t" -o "$tmp/out" \
		    --archive 2>&1 | awk '$2 == "pdfa" { print $3 }' >> "$tmp/haru"
		i=$((i + 1))
	done
	BUILDARGS=
	awk -v l="$label" -v h="$(median < "$tmp/haru")" -v ms="$ms" \
	    -v p="$plain" -v kb="$kb" 'BEGIN {
		printf "%-36s %9.0f %9.0f %9.2f %9s\n", l, h, ms, ms / p,
		    kb == "-" ? "-" : sprintf("%.1f", kb / 1024) }'
done

echo
echo "growth with size (sak-syntetisk; linear when the last column is flat)"
printf '%8s %9s %15s %22s\n' "rows" "wall ms" "ms/1000 rows" "ms/1000 added rows"
awk '{
	per = $2 / $1 * 1000
	if (NR == 1) add = "-"
	else add = sprintf("%.1f", ($2 - pms) / ($1 - prows) * 1000)
	printf "%8d %9.0f %15.1f %22s\n", $1, $2, per, add
	prows = $1; pms = $2
}' "$tmp/growth"

# The floor: build/floor (test/floor.c) typesets the same table rows with
# bare Pango and cairo (no XML, hyphenation, tags, keeps or footers). The
# document and the floor are run in turn, RUNS times each, and each
# median taken over those runs, so that both meet the same load and the
# ratio holds on a busy machine too.
echo
echo "ratio to the floor (test/floor.c: the same rows, bare Pango + cairo;"
echo "the document and the floor run in turn, medians of $RUNS each)"
printf '%-36s %9s %9s %9s %9s\n' "document" "wall ms" "floor ms" "ratio" \
    "floor MB"
while IFS='|' read -r label m t rows; do
	: > "$tmp/doc"
	: > "$tmp/flo"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		run1 "$m" "$t" < /dev/null >> "$tmp/doc" &&
		    run1 floor "$rows" < /dev/null >> "$tmp/flo" || {
			echo "bench.sh: $label or its floor failed" >&2; exit 1; }
		i=$((i + 1))
	done
	sms=$(awk '{ print $1 }' "$tmp/doc" | median)
	fms=$(awk '{ print $1 }' "$tmp/flo" | median)
	fkb=$(awk '{ print $2 }' "$tmp/flo" | median)
	awk -v l="$label" -v s="$sms" -v f="$fms" -v kb="$fkb" 'BEGIN {
		printf "%-36s %9.0f %9.0f %9.2f %9s\n", l, s, f, s / f,
		    kb == "-" ? "-" : sprintf("%.1f", kb / 1024) }'
done < "$tmp/floors"

# Plan-versus-plan matching: syn-1 against its perturbed second version
# syn-2 (genplan N DIR 2), 'diff --auto' (every pair found by matching,
# none read from forgjengar). "match ms" is the matching alone, as the
# command reports it under SAKSPAPIR_TIMING; "wall ms" is the whole
# command, reading and validating the master included.
echo
echo "diff --auto syn-1 syn-2 (matching; both columns medians of $RUNS runs)"
printf '%-36s %9s %9s %9s\n' "tiltak per side" "match ms" "wall ms" "peak MB"
for n in $SIZES; do
	"$GEN" "$n" "$tmp/diff-$n" 2 || { echo "bench.sh: genplan $n 2 failed" >&2; exit 1; }
	: > "$tmp/match"
	: > "$tmp/runs"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		SAKSPAPIR_TIMING=1 "$SP" diff "$tmp/diff-$n/master.xml" syn-1 syn-2 \
		    --auto 2>&1 >/dev/null | awk '$2 == "match" { print $3 }' >> "$tmp/match"
		./build/timeit "$SP" diff "$tmp/diff-$n/master.xml" syn-1 syn-2 \
		    --auto >> "$tmp/runs" || { echo "bench.sh: diff of $n failed" >&2; exit 1; }
		i=$((i + 1))
	done
	mms=$(median < "$tmp/match")
	ms=$(awk '{ print $1 }' "$tmp/runs" | median)
	kb=$(awk '{ print $2 }' "$tmp/runs" | median)
	sides=$(grep -c '<tiltak id="syn2-' "$tmp/diff-$n/master.xml")
	awk -v l="$n + $sides" -v m="$mms" -v ms="$ms" -v kb="$kb" 'BEGIN {
		printf "%-36s %9.1f %9.0f %9s\n", l, m, ms,
		    kb == "-" ? "-" : sprintf("%.1f", kb / 1024) }'
done
