#!/bin/sh
# t_typo.sh: typesetting to a typographer's standard (issue 12), checked
# on the display-list dumps of every document of every master we have:
# plan/, the fixtures and a genplan master.
. test/lib.sh
plan 8

test/genplan 120 "$T/g" >/dev/null 2>&1
MASTERS="$MASTER test/fixtures/fjord/master.xml test/fixtures/tables/master.xml $T/g/master.xml"

# Every text of every document through both line breakers' break
# opportunities (SAKSPAPIR_CHECK_BREAKS says where they differ), and the
# dumps of both breakers for the checks below.
: > "$T/diff"
for m in $MASTERS; do
	n=$(basename "$(dirname "$m")")
	SAKSPAPIR_CHECK_BREAKS=1 $SP build "$m" --dump-layout > "$T/$n.dl" 2>>"$T/diff"
	SAKSPAPIR_SLOW=1 $SP build "$m" --dump-layout > "$T/$n.slow.dl" 2>/dev/null
done
check "breaks: the filler and Pango agree on every break opportunity of every text of plan/, the fixtures and genplan" \
	sh -c "! grep 'break differs' '$T/diff'"

# No number is split over two lines ("2025–2" / "027"): a line of a
# paragraph or cell that ends in a digit is not followed by one that
# starts with a digit.
split='
!/^  *text / { prev = ""; next }
/^  *text / {
	t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t); sub(/"$/, "", t)
	x = $4; y = $5
	# the next line of the same text: below, close, and where it began
	if (prev != "" && y > prevy && y - prevy < 20 && x == prevx &&
	    prev ~ /[0-9]-?$/ && t ~ /^[0-9]/) {
		print FILENAME ": number split: \"" prev "\" / \"" t "\""; bad++
	}
	prev = t; prevx = x; prevy = y; n++
}
END { exit bad || n == 0 }'
check "breaks: no number or year range is split over two lines (fast breaker)" awk "$split" "$T"/*[!w].dl
check "breaks: no number or year range is split over two lines (Pango breaker)" awk "$split" "$T"/*.slow.dl

# The band rows' number and name keep their two spaces in both breakers.
check "breaks: band rows read \"1  NÆRINGSUTVIKLING\" (two spaces) in the fast breaker" \
	grep -q '"1  NÆRINGSUTVIKLING' "$T/plan.dl"
check "breaks: band rows read \"1  NÆRINGSUTVIKLING\" (two spaces) in the Pango breaker" \
	grep -q '"1  NÆRINGSUTVIKLING' "$T/plan.slow.dl"

# At most two hyphenated lines in a row (a word wider than its column
# excepted).
row='
function line(t) {
	if (t == "") return
	# a line of one piece of a word wider than the column is forced
	k = t ~ /[[:alpha:]]-$/ && t ~ / / ? k + 1 : 0
	if (k > 2) { print FILENAME ": three hyphens in a row, at \"" t "\""; bad++ }
	n++
}
!/^  *text / { line(last); last = ""; k = 0; next }
/^  *text / {
	t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t); sub(/"$/, "", t)
	if ($5 != lasty) line(last)
	last = t; lasty = $5
}
END { exit bad || n == 0 }'
check "hyph: never more than two hyphenated lines in a row" awk "$row" "$T"/*[!w].dl

# Names, dates and status words are not hyphenated: their columns widen
# to the widest word (Sak 03-26 p3 had "Klimakoordi-" / "nator Kommu-").
names='
/^  begin TD/ { cell = ""; next }
/^  end TD/ {
	j = cell; gsub(/-\|/, "", j)
	if (j ~ /(Klimakoordinator|Samferdselsutval|Kommunar)/ &&
	    cell ~ /(Klimakoordi|Samferdsel|Kommu)-\|/) { print "split: " cell; bad++ }
	n++; next
}
/^  *text / { t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t); sub(/"$/, "", t); cell = cell t "|" }
END { exit bad || n == 0 }'
check "tables: the names of the Ansvar column of Sak 03-26 are never hyphenated" awk "$names" "$T/plan.dl"
check "tables: the Tid of the fjord fixture reads 2025–2027 on one line" grep -q '"2025–2027"' "$T/fjord.dl"

rm -rf "$T"
