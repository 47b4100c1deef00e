#!/bin/sh
# t_plan.sh: the plan data and what is made from it: export of every version
# (checked row by row against the seed table), the status column, lint
# findings on the real master, schema and consistency rejections with
# file:line, a fixture region and a synthetic plan (the compiler knows no
# region or version of its own).
. test/lib.sh
plan 92

SEED=$SEEDS/000_f0894e16d98ad425.txt
HEADER='id	nr	innsatsområde	mål	tekst	tid	ansvar	involvering	merknad	status	kommentar	forgjengar'

# rows FILE N: FILE (TSV with a header) has exactly N data rows.
rows() {
	got=$(($(wc -l <"$1") - 1))
	[ "$got" = "$2" ] || { echo "$got rows, wanted $2" >&2; return 1; }
}

# header FILE: the first line of FILE is exactly the 12 export columns.
header() {
	[ "$(head -n 1 "$1")" = "$HEADER" ] || { echo "header is: $(head -n 1 "$1")" >&2; return 1; }
}

# seedcmp SEED EXPORT: the nr, tid and ansvar of the tiltak lines of the seed
# table equal columns 2, 6 and 7 of the export, row by row. White space is
# normalised by deleting "- " and every space (the seed's "Hal- lingdal").
seedcmp() {
	awk -F'\t' '
	function norm(s) { gsub(/- /, "", s); gsub(/[ \t\r]+/, "", s); return s }
	FNR == NR {
		if ($0 ~ /^[0-9]+\.[0-9]+\.[0-9]+\.? /) {
			n++; split($1, w, " "); nr[n] = w[1]; tid[n] = $2; an[n] = $3
		}
		next
	}
	FNR == 1 { next }
	{
		m++
		if (m > n) { print "export row " m " (" $2 ") has no seed row" > "/dev/stderr"; bad = 1; next }
		if (norm($2) != norm(nr[m])) { print "row " m ": nr " $2 " != seed " nr[m] > "/dev/stderr"; bad = 1 }
		if (norm($6) != norm(tid[m])) { print "row " m " (" nr[m] "): tid \"" $6 "\" != seed \"" tid[m] "\"" > "/dev/stderr"; bad = 1 }
		if (norm($7) != norm(an[m])) { print "row " m " (" nr[m] "): ansvar \"" $7 "\" != seed \"" an[m] "\"" > "/dev/stderr"; bad = 1 }
	}
	END {
		if (n == 0) { print "no tiltak lines in the seed" > "/dev/stderr"; bad = 1 }
		if (m != n) { print m " export rows, " n " seed rows" > "/dev/stderr"; bad = 1 }
		exit bad
	}' "$1" "$2"
}

# text PDF OUT: the text of PDF, on one line, with "- " deleted and runs of
# white space squeezed (so that line breaks and hyphenation do not matter).
text() {
	pdftotext "$1" - | tr '\n\f' '  ' | sed 's/- //g' | tr -s ' ' >"$2"
}
# flat STRING: the same normalisation for a string.
flat() {
	printf '%s' "$1" | tr '\n' ' ' | sed 's/- //g' | tr -s ' '
}
# contains FILE STRING: FILE holds STRING (fixed string).
contains() {
	[ -n "$2" ] || { echo "empty string" >&2; return 1; }
	grep -qF -- "$2" "$1" || { echo "not found: $2" >&2; return 1; }
}

# ---------------------------------------------------------------- 1. rp-2024
RP="$T/rp.tsv"
$SP export $MASTER --version rp-2024 --status status-2026 >"$RP" 2>"$T/rp.err"
check "export rp-2024: exit 0" test $? = 0
check "export rp-2024: header has exactly the 12 columns" header "$RP"
check "export rp-2024: 69 rows" rows "$RP" 69
check "export rp-2024: every row has 12 tab-separated fields" \
	awk -F'\t' 'NF != 12 { bad = 1 } END { exit bad + (NR < 2) }' "$RP"
check "export rp-2024: seed table has 69 tiltak lines" \
	sh -c "[ \$(grep -cE '^[0-9]+\.[0-9]+\.[0-9]+\.? ' '$SEED') = 69 ]"
check "export rp-2024: nr, tid, ansvar match the seed table row by row" seedcmp "$SEED" "$RP"
check "export rp-2024: 3.1.4 has an empty Ansvar in the seed" \
	awk -F'\t' '/^3\.1\.4 / { n++; if ($3 != "") bad = 1 } END { exit bad || n != 1 }' "$SEED"
check "export rp-2024: 3.1.4 has an empty Ansvar in the export" \
	awk -F'\t' '$2 == "3.1.4" { n++; if ($7 != "") bad = 1 } END { exit bad || n != 1 }' "$RP"

# ---------------------------------------------------------------- 2. sp-2022, sp-2021
$SP export $MASTER --version sp-2022 >"$T/sp22.tsv" 2>"$T/sp22.err"
check "export sp-2022: exit 0" test $? = 0
check "export sp-2022: 61 rows" rows "$T/sp22.tsv" 61
check "export sp-2022: numbered 1..61 in order" \
	awk -F'\t' 'NR > 1 { n++; if ($2 != n) { print "row " n ": nr " $2 > "/dev/stderr"; bad = 1 } } END { exit bad || n != 61 }' "$T/sp22.tsv"

$SP export $MASTER --version sp-2021 >"$T/sp21.tsv" 2>"$T/sp21.err"
check "export sp-2021: exit 0" test $? = 0
n21=$(grep -c '<tiltak ' plan/versjonar/sp-2021.xml)
check "export sp-2021: as many rows as <tiltak in sp-2021.xml ($n21)" sh -c "[ '$n21' -gt 0 ] && [ \$((\$(wc -l <'$T/sp21.tsv') - 1)) = '$n21' ]"
check "export sp-2021: every id starts with sp21-" \
	awk -F'\t' 'NR > 1 { n++; if ($1 !~ /^sp21-/) { print "id " $1 > "/dev/stderr"; bad = 1 } } END { exit bad || n == 0 }' "$T/sp21.tsv"

# ---------------------------------------------------------------- 3. JSON
JS="$T/rp.json"
$SP export $MASTER --version rp-2024 --status status-2026 --format json >"$JS" 2>"$T/js.err"
check "export --format json: exit 0" test $? = 0
check "export --format json: an array ([ ... ])" \
	sh -c "tr -d ' \t\n' <'$JS' | grep -q '^\[{.*}\]\$'"
for k in id nr innsatsområde mål tekst tid ansvar involvering merknad status kommentar forgjengar; do
	check "export --format json: \"$k\" in 69 objects" \
		sh -c "[ \$(grep -o '\"$k\": *\"' '$JS' | wc -l) = 69 ]"
done
check "export --format json: jq reads 69 objects of 12 keys" \
	jq -e 'length == 69 and all(.[]; (keys | length) == 12)' "$JS"

# ---------------------------------------------------------------- 4. export errors
check "export: unknown --version: exit 1" exits 1 $SP export $MASTER --version rp-1999
check "export: unknown --version: error names the master" has "$T/err" "hallingdal\.xml: error:.*rp-1999"
check "export: unknown --version: nothing on standard output" test ! -s "$T/out"
check "export: --format xml: exit 2" exits 2 $SP export $MASTER --version rp-2024 --format xml
check "export: missing --version: exit 2" exits 2 $SP export $MASTER

# ---------------------------------------------------------------- 5. status column
check "status: 1.2.2 is raud with its comment" \
	awk -F'\t' '$2 == "1.2.2" { n++; if ($10 != "raud" || $11 != "Dette blir det ikkje jobba med") bad = 1 } END { exit bad || n != 1 }' "$RP"
check "status: 1.1.1 (no comment) is ikkje-vurdert" \
	awk -F'\t' '$1 == "rp24-1.1.1" { n++; if ($10 != "ikkje-vurdert" || $11 != "") bad = 1 } END { exit bad || n != 1 }' "$RP"
check "status: every tiltak without a comment is ikkje-vurdert" \
	awk -F'\t' 'NR > 1 && $11 == "" { n++; if ($10 != "ikkje-vurdert") { print $2 ": " $10 > "/dev/stderr"; bad = 1 } } END { exit bad || n == 0 }' "$RP"
check "status: every status is one of the four words" \
	awk -F'\t' 'NR > 1 && $10 !~ /^(grøn|gul|raud|ikkje-vurdert)$/ { print $2 ": " $10 > "/dev/stderr"; bad = 1 } END { exit bad }' "$RP"
$SP export $MASTER --version rp-2024 >"$T/nostat.tsv" 2>/dev/null
check "no --status: header and 69 rows" sh -c "head -n 1 '$T/nostat.tsv' | grep -q 'status	kommentar	forgjengar\$' && [ \$(wc -l <'$T/nostat.tsv') = 70 ]"
check "no --status: status and kommentar empty in every row" \
	awk -F'\t' 'NR > 1 { n++; if (NF != 12 || $10 != "" || $11 != "") { print $2 > "/dev/stderr"; bad = 1 } } END { exit bad || n != 69 }' "$T/nostat.tsv"

# ---------------------------------------------------------------- 6. lint on the real master
check "lint: the real master exits 0" exits 0 $SP lint $MASTER
check "lint: 5.4.1 printed twice in rp-2024" has "$T/err" "rp-2024\.xml:[0-9]+: warning: .*5\.4\.1.*twice in rp-2024"
check "lint: 6.4.1 printed twice in rp-2024" has "$T/err" "rp-2024\.xml:[0-9]+: warning: .*6\.4\.1.*twice in rp-2024"
check "lint: 3.1.4 has no Ansvar" has "$T/err" "rp-2024\.xml:[0-9]+: warning: .*3\.1\.4.*no Ansvar"
check "lint: sak 03-26 numbered for 2026, dated 2025" has "$T/err" "sak-03-26\.xml:[0-9]+: warning: Sak 03-26 is numbered for 2026 but dated 15\. april 2025"
check "lint: no error on the real master" sh -c "! grep -q 'error:' '$T/err'"
check "lint --strict: exit 1" exits 1 $SP lint --strict $MASTER

# ---------------------------------------------------------------- 7. rejections
mkcopy() { rm -rf "$T/m" && cp -r plan "$T/m"; }
M="$T/m/hallingdal.xml"
# lineof FILE STRING: the number of the first line of FILE holding STRING.
lineof() { grep -nF -- "$2" "$1" | sed -n '1s/:.*//p'; }
# rejected WHAT SAYS PATTERN: the master copy is refused. lint exits 1 with
# a message matching PATTERN (SAYS describes it), and build exits 1
# writing nothing.
rejected() {
	check "$1: lint exit 1" exits 1 $SP lint "$M"
	check "$1: $2" has "$T/err" "$3"
	check "$1: build exit 1" exits 1 $SP build "$M" -o "$T/m/out"
	check "$1: build writes nothing" test ! -e "$T/m/out"
}

mkcopy
sed -i '0,/verdi="raud"/s//verdi="blå"/' "$T/m/status/status-2026.xml"
l=$(lineof "$T/m/status/status-2026.xml" 'verdi="blå"')
rejected "bad status word" "status/status-2026.xml:$l: error: schema" \
	"status/status-2026\.xml:$l: error: schema"

mkcopy
sed -i 's/<tiltak id="rp24-1.1.1"/<tiltak/' "$T/m/versjonar/rp-2024.xml"
l=$(lineof "$T/m/versjonar/rp-2024.xml" '<tiltak nr="1.1.1."')
rejected "tiltak without id" "versjonar/rp-2024.xml:$l: names tiltak" \
	"versjonar/rp-2024\.xml:$l: error: .*tiltak"

mkcopy
sed -i 's/<tiltak id="rp24-1.1.2"/<tiltak id="rp24-1.1.1"/' "$T/m/versjonar/rp-2024.xml"
l1=$(grep -nF 'id="rp24-1.1.1"' "$T/m/versjonar/rp-2024.xml" | sed -n '1s/:.*//p')
l2=$(grep -nF 'id="rp24-1.1.1"' "$T/m/versjonar/rp-2024.xml" | sed -n '2s/:.*//p')
rejected "duplicate id" "at the second ($l2), first at the first ($l1)" \
	"versjonar/rp-2024\.xml:$l2: error: duplicate id rp24-1\.1\.1.*first at [^ ]*versjonar/rp-2024\.xml:$l1"

mkcopy
sed -i '0,/forgjengar="sp22-2"/s//forgjengar="sp22-999"/' "$T/m/versjonar/rp-2024.xml"
l=$(lineof "$T/m/versjonar/rp-2024.xml" 'forgjengar="sp22-999"')
rejected "unknown lineage target" "versjonar/rp-2024.xml:$l: names sp22-999" \
	"versjonar/rp-2024\.xml:$l: error: .*sp22-999"

mkcopy
sed -i 's|^\( *\)<status tiltak="rp24-1.2.3"[^>]*/>|&\n\1<status tiltak="rp24-9.9.9" verdi="gul"/>|' "$T/m/status/status-2026.xml"
l=$(lineof "$T/m/status/status-2026.xml" 'rp24-9.9.9')
check "status for an unknown tiltak: the copy has it" test -n "$l"
rejected "status for an unknown tiltak" "status/status-2026.xml:$l: error: names it" \
	"status/status-2026\.xml:$l: error: .*rp24-9\.9\.9"

mkcopy
sed -i '/<status tiltak="rp24-1.2.2"/d' "$T/m/status/status-2026.xml"
check "status missing for a tiltak: the copy lacks it" sh -c "! grep -q 'rp24-1.2.2' '$T/m/status/status-2026.xml'"
check "status missing for a tiltak: lint exit 0" exits 0 $SP lint "$M"
check "status missing for a tiltak: warning with file:line names it" has "$T/err" "status/status-2026\.xml:[0-9]+: warning: .*rp24-1\.2\.2"
check "status missing for a tiltak: lint reports no error" sh -c "! grep -q 'error:' '$T/err'"
check "status missing for a tiltak: build succeeds" exits 0 $SP build "$M" sak-03-26 -o "$T/m/out"
check "status missing for a tiltak: build wrote the PDF" pdf "$T/m/out/sak-03-26.pdf"
$SP export "$M" --version rp-2024 --status status-2026 >"$T/m/x.tsv" 2>/dev/null
check "status missing for a tiltak: export shows it as ikkje-vurdert" \
	awk -F'\t' '$1 == "rp24-1.2.2" { n++; if ($10 != "ikkje-vurdert" || $11 != "") bad = 1 } END { exit bad || n != 1 }' "$T/m/x.tsv"

# ---------------------------------------------------------------- 8. fixture region
FJ=test/fixtures/fjord/master.xml
FJD=test/fixtures/fjord
check "fixture: lint exits 0" exits 0 $SP lint $FJ
check "fixture: build exits 0" exits 0 $SP build $FJ -o "$T/fj"
check "fixture: build wrote sak-07-25.pdf" pdf "$T/fj/sak-07-25.pdf"
text "$T/fj/sak-07-25.pdf" "$T/fj.txt"
title=$(sed -n 's:.*<tittel>\(.*\)</tittel>.*:\1:p' $FJD/saker/sak-07-25.xml)
check "fixture: the PDF holds the sak title ($title)" contains "$T/fj.txt" "$(flat "$title")"
tt=$(sed -n '/<tiltak id="fj-2025-1.2.1"/,/<\/tiltak>/s:.*<tekst>\(.*\)</tekst>.*:\1:p' $FJD/versjonar/fj-2025.xml)
check "fixture: the PDF holds the text of tiltak fj-2025-1.2.1" contains "$T/fj.txt" "$(flat "$tt")"
out=$(sed -n 's/.*<takut tiltak="\([^"]*\)".*/\1/p' $FJ | head -n 1)
in=$(sed -n '/<leggtil/,/<\/leggtil>/s/.*<tiltak id="\([^"]*\)".*/\1/p' $FJ | head -n 1)
$SP export $FJ --version fj-2025 >"$T/fjb.tsv" 2>/dev/null
$SP export $FJ --version fj-2025r1 >"$T/fjr.tsv" 2>"$T/fjr.err"
check "fixture: export fj-2025r1 exits 0" test $? = 0
check "fixture: the base fj-2025 has the tiltak taken out ($out)" sh -c "[ -n '$out' ] && cut -f1 '$T/fjb.tsv' | grep -qxF -- '$out'"
check "fixture: fj-2025r1 lacks the tiltak taken out ($out)" sh -c "[ -n '$out' ] && ! cut -f1 '$T/fjr.tsv' | grep -qxF -- '$out'"
check "fixture: fj-2025r1 has the tiltak put in ($in)" sh -c "[ -n '$in' ] && cut -f1 '$T/fjr.tsv' | grep -qxF -- '$in'"

# ---------------------------------------------------------------- 9. generality
check "the compiler names no region or version (src, include)" \
	sh -c "! grep -rIl -E 'Hallingdal|Regionrådet|sp-2021|sp-2022|rp-2024|status-2026' src include"

# ---------------------------------------------------------------- 10. genplan
check "test/genplan 100 DIR exits 0 (the wrapper runs build/genplan)" test/genplan 100 "$T/g"
check "genplan: build sak-syntetisk exits 0" exits 0 $SP build "$T/g/master.xml" sak-syntetisk -o "$T/g"
text "$T/g/sak-syntetisk.pdf" "$T/g.txt"
for label in Grøn Gul Raud "Ikkje vurdert"; do
	check "genplan: the PDF holds the label $label" contains "$T/g.txt" "$label"
done
build/genplan 100 "$T/g1" >/dev/null 2>&1
build/genplan 100 "$T/g2" >/dev/null 2>&1
check "genplan: the same N gives identical files" sh -c "[ -s '$T/g1/master.xml' ] && cmp '$T/g1/master.xml' '$T/g2/master.xml' && diff -r '$T/g1' '$T/g2'"

rm -rf "$T"
