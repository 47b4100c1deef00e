#!/bin/sh
# t_typo.sh: typesetting to a typographer's standard (issue 12), checked
# on the display-list dumps of every document of every master we have:
# plan/, the fixtures and a genplan master.
. test/lib.sh
plan 30

test/genplan 120 "$T/g" >/dev/null 2>&1
VD=test/fixtures/vidda/master.xml
MASTERS="$MASTER test/fixtures/fjord/master.xml test/fixtures/tables/master.xml $VD $T/g/master.xml"

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
	grep -q '^  text f[0-9]* #14324f .*"1  NÆRINGSUTVIKLING' "$T/plan.dl"
check "breaks: band rows read \"1  NÆRINGSUTVIKLING\" (two spaces) in the Pango breaker" \
	grep -q '^  text f[0-9]* #14324f .*"1  NÆRINGSUTVIKLING' "$T/plan.slow.dl"

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

# ------------------------------------------------------------ pages

# Styles' colours, for the checks below.
col() { sed -n "s/^$1[[:space:]]*=[[:space:]]*#\([0-9A-Fa-f]\{6\}\).*/\1/p" styles/standard.style | tr 'A-F' 'a-f'; }
band=$(col table.band-fill) goal=$(col table.goal-fill) head=$(col table.head-fill)

# A band row, a mål row and the first two tiltak stay together: a page
# that ends with a band or mål row followed by fewer than two tiltak
# rows does not go on with tiltak of that group on the next page (a
# tiltak row split over the pages counts on both).
keep='
/^page / { if (pending) { endpg = pg; waiting = 1; wnt = nt } ; pg = $2; pending = 0; nt = 0; next }
/^  (begin|end) Table/ { pending = 0; waiting = 0; next }
/^  begin TR/ { tr = 1; next }
tr && /^  fill / { kind = ($2 == "#" band || $2 == "#" goal) ? "K" : ($2 == "#" head ? "H" : "T"); tr = 0; if (kind != "T") row(); else look = 2; next }
look == 2 && /^  begin TD/ { look = 1; next }
tr && /^  begin TD/ { kind = "T"; tr = 0; look = 1; next }
look { look = 0; cont = $0 !~ /^  text /; row() }
function row() {
	if (waiting && kind != "H") {
		# a split row goes on here: it was the second (or first) tiltak
		if (kind == "T" && wnt + (cont ? 1 : 0) < 2) { print FILENAME ": page " endpg " strands a band/mål row with " wnt " tiltak"; bad++ }
		waiting = 0
	}
	if (kind == "K") { pending = 1; nt = 0; rows++ }
	else if (kind == "T" && pending) { nt++; if (nt >= 2) pending = 0 }
	kind = ""; cont = 0
}
END { exit bad || rows == 0 }'
for f in plan fjord g; do
	check "pages: $f: a band or mål row never ends a page without two tiltak under it" \
		awk -v band="$band" -v goal="$goal" -v head="$head" "$keep" "$T/$f.dl"
done

# A lead-in paragraph ending in ":" (or a caption) and the list or
# table after it share a page.
lead='
/^page / { pg = $2; next }
/^  begin Artifact/ { art = 1; next }
/^  end Artifact/ { art = 0; next }
art { next }
armed && /^  text / { if (pg != lpg) { print FILENAME ": " what " (page " lpg ") / its first line on page " pg; bad++ } ; armed = 0; n++; next }
/^  begin P/ && !armed { inp = 1; last = ""; next }
inp && /^  text / { t = $0; sub(/" g=.*$/, "", t); sub(/"$/, "", t); last = t; next }
/^  end P/ && inp { inp = 0; if (last ~ /:$/) { lead = 1; lpg = pg; what = last } ; next }
/^  begin (L|Table|Figure)/ && lead { armed = 1; lead = 0; next }
/^  begin / && !armed { lead = 0 }
END { exit bad || n == 0 }'
check "pages: a paragraph ending in \":\" is on the page of the list or table it introduces" awk "$lead" "$T"/*[!w].dl

# ----------------------------------------------------------- tables

# The row rule crosses every fill: no cell fill drawn after a rule
# covers it.
rules='
/^page / { for (k in ry) delete ry[k]; nr = 0; for (k in fy) delete fy[k]; nf = 0; next }
$1 == "fill" && $6 + 0 <= 0.6 && $5 + 0 > 100 { ry[nr] = $4; rh[nr] = $6; rx[nr] = $3; rw[nr] = $5; ri[nr] = NR; nr++; rules++; next }
$1 == "fill" && $2 != "#" head && $2 != "#ffffff" && $6 + 0 > 5 { fy[nf] = $4; fh[nf] = $6; fx[nf] = $3; fw[nf] = $5; fi[nf] = NR; nf++ }
/^  end Table/ {
	for (i = 0; i < nr; i++) for (j = 0; j < nf; j++)
		if (fi[j] > ri[i] && fx[j] < rx[i] + rw[i] && fx[j] + fw[j] > rx[i] && fy[j] < ry[i] + rh[i] - 0.01 && fy[j] + fh[j] > ry[i] + 0.01) {
			print FILENAME ": a fill at " fy[j] " covers the rule at " ry[i]; bad++
		}
	nr = 0; nf = 0
}
END { exit bad || rules == 0 }'
check "tables: every row rule shows between two cell fills (no fill covers it)" awk -v head="$head" "$rules" "$T/plan.dl" "$T/fjord.dl"

# No double rule: no two full-width rules within 10 pt of each other on
# a page (a table's bottom rule and the footer rule were 7 pt apart).
double='
/^page / { n = 0; next }
$1 == "fill" && $6 + 0 <= 1.3 && $5 + 0 > 300 { for (i = 0; i < n; i++) if ($4 - y[i] > 0.3 && $4 - y[i] < 10) { print FILENAME ": rules at " y[i] " and " $4; bad++ } ; y[n++] = $4; all++ }
END { exit bad || all == 0 }'
check "tables: no two rules read as a double rule (10 pt apart or less)" awk "$double" "$T"/*[!w].dl

# The last row of a table never stands alone under the header of a new
# page (a row split over the pages excepted).
widow='
/^page / { pg = $2; next }
/^  begin Table/ { nb = 0; next }
/^  begin TR/ { tr = 1; next }
tr && /^  fill / && $2 == "#" head { tr = 0; next }
tr && /^  begin TD/ { tr = 0; look = 1; next }
tr && /^  fill / { next }
look { look = 0; nb++; bp[nb] = pg; cont[nb] = $0 !~ /^  text /; next }
/^  end Table/ { n++; if (nb >= 2 && bp[nb] != bp[nb - 1] && !cont[nb]) { print FILENAME ": the last row alone on page " bp[nb]; bad++ } }
END { exit bad || n == 0 }'
check "tables: the last row of a table is never alone on a page" awk -v head="$head" "$widow" "$T"/*[!w].dl

check "tables: Sak 03-26 prints the Involvering column and its three cells" sh -c "
	grep -q '\"Involvering\"' '$T/plan.dl' && grep -q '\"Regionalt \"' '$T/plan.dl' && grep -q '\"Regionrådet BFK\"' '$T/plan.dl'"
check "tables: the status table says which report and date it shows" \
	grep -q '"Status for regionplanen, våren 2026 · Dato: ikkje oppgitt"' "$T/plan.dl"

# ---------------------------------------------------------- details

# The title rule clears the descenders of the line above by 3 pt: it is
# at least a quarter of that line's size (Noto's descenders) + 3 pt
# below its baseline.
title='
/^font / { size[$2] = $4 }
/^  text / { f = substr($2, 2); base = $5; sz = size[f] }
$1 == "fill" && $6 == "1.20" { n++; if ($4 - base < 0.25 * sz + 3) { print FILENAME ": rule " $4 - base " pt under a " sz " pt baseline"; bad++ } }
END { exit bad || n == 0 }'
check "details: the title rule is 3 pt or more clear of the descenders above it" awk "$title" "$T"/*[!w].dl

# Chart: the segments of a bar are parted by a white gap, and the chip
# of the white "Ikkje vurdert" has the segment's outline.
chart='
/^  begin Figure/ { inf = 1; next }
/^  end Figure/ { inf = 0; next }
inf && $1 == "fill" && $6 == "13.00" && $5 + 0 > 1 { if (lasty == $4 && $3 < lastx + lastw + 1.4) { print "segments touch at " $3; bad++ } ; lasty = $4; lastx = $3; lastw = $5; segs++ }
inf && $1 == "fill" && $5 == "8.00" && $2 == "#ffffff" { chip = NR }
inf && $1 == "fill" && chip && NR == chip + 1 && $2 != "#ffffff" { outlined++ }
END { exit bad || segs == 0 || !outlined }'
check "chart: segments are parted by a white gap; the white chip is outlined like its segment" awk "$chart" "$T/plan.dl"

# A bar's label, on one line or two, is centred on its bar: the middle
# of its lines (baselines less a third of the size) within 1.5 pt of
# the bar's middle.
centre='
/^font / { size[$2] = $4 }
/^  begin Figure/ { inf = 1; nl = 0; next }
/^  end Figure/ { inf = 0; next }
inf && /^  text / && $4 == left { if (nl == 0) first = $5; last = $5; sz = size[substr($2, 2)]; nl++; next }
inf && $1 == "fill" && $6 == "13.00" && nl > 0 {
	m = (first + last) / 2 - sz / 3; b = $4 + 6.5; d = m - b; if (d < 0) d = -d
	if (d > 1.5) { print FILENAME ": a label of " nl " lines is " d " pt off its bar"; bad++ }
	n++; if (nl > 1) two++; nl = 0
}
END { exit bad || n == 0 || two == 0 }'
check "chart: every label, of one line or two, is centred on its bar" awk -v left=70.87 "$centre" "$T/plan.dl" "$T/vidda.dl"

# Status colours: 3:1 against white for every filled status, text on a
# fill 4.5:1, and four distinct greys.
check "chart: every status fill has 3:1 against white, its text 4.5:1, and the greys differ by 30 or more" awk '
function lin(c) { c = c / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ^ 2.4 }
function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
function lum(h) { return 0.2126 * lin(hex(substr(h, 1, 2))) + 0.7152 * lin(hex(substr(h, 3, 2))) + 0.0722 * lin(hex(substr(h, 5, 2))) }
function grey(h) { return 0.299 * hex(substr(h, 1, 2)) + 0.587 * hex(substr(h, 3, 2)) + 0.114 * hex(substr(h, 5, 2)) }
function ratio(a, b,  x, y) { x = lum(a) + 0.05; y = lum(b) + 0.05; return x > y ? x / y : y / x }
/^status\.[a-z]*\.(fill|text) / { v = tolower($3); sub(/^#/, "", v); split($1, k, "."); c[k[2] "." k[3]] = v; if (k[3] == "fill") s[++n] = k[2] }
END {
	for (i = 1; i <= n; i++) {
		f = c[s[i] ".fill"]; t = c[s[i] ".text"]
		if (f != "ffffff" && ratio(f, "ffffff") < 3) { print s[i] ": " ratio(f, "ffffff") " against white"; bad++ }
		if (f != "ffffff" && ratio(f, t) < 4.5) { print s[i] ": text " ratio(f, t); bad++ }
		for (j = 1; j < i; j++) { d = grey(f) - grey(c[s[j] ".fill"]); if (d < 0) d = -d; if (d < 30) { print s[i] " and " s[j] " greys " d " apart"; bad++ } }
	}
	exit bad || n != 4
}' styles/standard.style

check "vedlegg: the head says which sak it belongs to, and the date" \
	grep -q '"Vedlegg 1 til Sak.03-26 · Dato: 15. april 2025"' "$T/plan.dl"
check "tiltakref: \"tiltak 1.1.1 «…»\", the word once, no full stop doubled" sh -c "
	grep -q 'er tiltak 1.1.1 «' '$T/fjord.dl' && grep -q 'tiltak.2.1.2 «' '$T/fjord.dl' &&
	! grep -q 'tiltak tiltak' '$T/fjord.dl' && ! grep -Eq '\.(» ?)\.' '$T/fjord.dl'"

# ------------------------------------------------- a second region
# test/fixtures/vidda: written from the README, the man page and the
# schema only, in another shape than the fjord fixture.
check "vidda: lint exits 0 with only the two warnings it should give" sh -c "
	$SP lint $VD 2>'$T/vl.err'; [ \$? = 0 ] || exit 1
	[ \$(grep -c ': warning: ' '$T/vl.err') = 2 ] && ! grep -q ': error: ' '$T/vl.err' &&
	grep -q 'vs-2026h has no status for tiltak vp24-c1' '$T/vl.err'"
check "vidda: build writes every target it lists, quietly" sh -c "
	$SP build $VD -o '$T/vd' 2>'$T/vb.err' && [ ! -s '$T/vb.err' ] &&
	for t in \$($SP list $VD | cut -f1); do test -s '$T/vd/'\$t.pdf || exit 1; done"
check "vidda: the vedlegg names both saker that list it, and its date" \
	grep -q '"Vedlegg 1 til Sak.12/26; Vedlegg 2 til Sak.31/26 · Dato: 1. mars 2026"' "$T/vidda.dl"
check "vidda: a tiltakref into the older plan names it" sh -c "
	pdftotext '$T/vd/sak-12-26.pdf' - | tr '\n' ' ' | grep -q 'fjellområda» i Viddaplanen 2020–2023, som var'"
check "vidda: the captions give the dated and the undated report" sh -c "
	grep -q '\"Statusrapport våren 2026 · Dato: 20. mars 2026\"' '$T/vidda.dl' &&
	grep -q '\"Statusrapport hausten 2026 · Dato: ikkje oppgitt\"' '$T/vidda.dl'"
check "vidda: Involvering only in the tables whose tiltak have one" sh -c "
	[ \$(grep -c '\"Involvering\"' '$T/vidda.dl') -ge 2 ] &&
	pdftotext -f 2 -l 2 '$T/vd/sak-12-26.pdf' - | grep -q '^Nr\.$' &&
	awk '/begin Table/ { t++ } t == 4 && /\"Involvering\"/ { bad = 1 } END { exit bad || t < 5 }' '$T/vidda.dl'"
check "vidda: the author's soft hyphen is where besøksforvaltning may break, and the text keeps it whole" sh -c "
	pdftotext '$T/vd/sak-12-26.pdf' - | tr -d '\n' | grep -q 'besøks-\?forvaltning og informasjon'"

rm -rf "$T"
