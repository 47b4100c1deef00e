#!/bin/sh
# fuzz.sh SECONDS: runs build/fuzz-master, build/fuzz-style and
# build/fuzz-font for SECONDS each (make fuzz), from seed corpora made of
# the masters and styles in plan/, styles/ and test/ (the masters with
# their parts expanded, so one input holds a whole region) and of the
# fonts in fonts/. The corpora grow in
# build/fuzz/corpus-*; a crash is written to build/fuzz/crash-* and ends
# the run with a non-zero status: turn it into a case in test/bad/.
cd "$(dirname "$0")/.." || exit 3
secs=${1:-60}
C=build/fuzz
mkdir -p "$C/corpus-master" "$C/corpus-style" "$C/corpus-font" \
    "$C/seed-master" "$C/seed-style" "$C/seed-font"
# seeds: every master of the tree, its parts expanded (xmllint), and
# the bad-input corpus as it is
for m in plan/hallingdal.xml test/fixtures/*/master.xml; do
	xmllint --xinclude --nonet "$m" 2>/dev/null | head -c 262144 > "$C/seed-master/$(echo "$m" | tr / _)"
done
for f in test/bad/*.xml plan/saker/*.xml; do
	cp "$f" "$C/seed-master/$(echo "$f" | tr / _)"
done
for f in styles/*.style test/bad/*.style; do
	cp "$f" "$C/seed-style/$(echo "$f" | tr / _)"
done
cp fonts/*.ttf "$C/seed-font/"
rc=0
for t in master style font; do
	echo "# fuzz-$t: $secs s"
	# a font is bigger than libFuzzer's default longest input
	case $t in
	font)	max=-max_len=1048576 ;;
	*)	max= ;;
	esac
	LSAN_OPTIONS=suppressions=$PWD/test/lsan.supp:print_suppressions=0 \
	    nice ./build/fuzz-$t -max_total_time="$secs" -timeout=30 \
	    -rss_limit_mb=3072 -close_fd_mask=3 -print_final_stats=1 $max \
	    -artifact_prefix="$C/crash-$t-" \
	    "$C/corpus-$t" "$C/seed-$t" > "$C/fuzz-$t.log" 2>&1
	# the whole log stays in build/fuzz/fuzz-*.log (stacks of reports)
	grep -E '^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|.*crash-)' "$C/fuzz-$t.log"
	ls "$C"/crash-$t-* >/dev/null 2>&1 && rc=1
done
exit $rc
