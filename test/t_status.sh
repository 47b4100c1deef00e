#!/bin/sh
# t_status.sh: status forms out (status-ut) and back in (status-inn):
# round trips through a test program and through LibreOffice, every error.
cd "$(dirname "$0")/.." || exit 3
. test/lib.sh
plan 59
FILL=./build/fillform
F=$T/forms
V="--version rp-2024"

# A copy of the master that will include the new report.
rm -rf "$T/plan"
cp -r plan "$T/plan"
sed -i 's|<xi:include href="status/status-2026.xml"/>|&\n  <xi:include href="status/status-haust.xml"/>|' "$T/plan/hallingdal.xml"
M2=$T/plan/hallingdal.xml
NEW=$T/plan/status/status-haust.xml
INN() { $SP status-inn $MASTER $V --id status-haust --dato 2026-09-20 "$@"; }

# ------------------------------------------------------------ forms out
check "status-ut writes one form per ansvarleg and lists them" \
    sh -c "$SP status-ut $MASTER $V --report status-2026 --frist 2026-09-01 -o $F > $T/ut.out &&
	grep -q '^$F/naeringshage.xlsx	4 tiltak	Næringshage\$' $T/ut.out &&
	[ \$(wc -l < $T/ut.out) = \$(ls $F/*.xlsx | wc -l) ]"
check "every form is a zip with a workbook (xlsx)" \
    sh -c "for f in $F/*.xlsx; do head -c 4 \$f | grep -q PK || exit 1; done"
check "file names are safe slugs" \
    sh -c "! ls $F | grep -v '^[a-z0-9][a-z0-9-]*\.xlsx\$'"
# where tiltak went: the unanswered-warnings name the form and row
where() { INN "$F/$1.xlsx" -o "$T/w.xml" 2>&1 >/dev/null | grep -o "$1.xlsx:Status!F[0-9]*: warning: tiltak [0-9.]*" ; }
where kommunen > "$T/kommunen.where"
where naeringshage > "$T/naeringshage.where"
where regionradet > "$T/regionradet.where"
check "5.1.2 (Ansvar 'Kommunen Næringshage') is on kommunen.xlsx and naeringshage.xlsx" \
    sh -c "grep -q 'kommunen.xlsx:Status!F7: warning: tiltak 5.1.2' $T/kommunen.where &&
	grep -q 'naeringshage.xlsx:Status!F9: warning: tiltak 5.1.2' $T/naeringshage.where"
check "3.1.4 (no Ansvar) is on the form of the region's own body" \
    grep -q 'regionradet.xlsx:Status!F10: warning: tiltak 3.1.4' "$T/regionradet.where"
check "'Hemsedal kommune' stays one body" test -f "$F/hemsedal-kommune.xlsx"
check "status-ut: unknown version is bad input (1)" \
    exits 1 $SP status-ut $MASTER --version nope -o "$T/none"
check "status-ut: nothing written for bad input" test ! -e "$T/none"
check "status-ut: unknown report is bad input (1)" \
    exits 1 $SP status-ut $MASTER $V --report nope -o "$T/none"
check "status-ut: missing -o is a usage error (2)" \
    exits 2 $SP status-ut $MASTER $V
check "status-ut: a bad --frist is a usage error (2)" \
    exits 2 $SP status-ut $MASTER $V --frist 1.9.2026 -o "$T/none"

# ------------------------------- the rule that splits Ansvar into bodies
# test/fixtures/skjema names, before each tiltak, the forms it must be on.
SK=test/fixtures/skjema/master.xml
check "fixture: status-ut writes the six forms the rule gives" \
    sh -c "$SP status-ut $SK --version dal-2025 -o $T/sk > $T/sk.out 2>/dev/null &&
	[ \"\$(cut -f 1 $T/sk.out | sed 's|.*/||' | sort | tr '\n' ' ')\" = \
	  'dku.xlsx kommunane.xlsx naeringshagen.xlsx radet.xlsx trakk-n-roll.xlsx vik-kommune.xlsx ' ]"
check "fixture: an organ's form carries its namn" \
    grep -q "^$T/sk/dku.xlsx	3 tiltak	Dagleg leiar/kommunedirektørutvalet\$" "$T/sk.out"
cat > "$T/sk.want" <<'EOF'
dku 2 3 13
kommunane 3 4 6 13
naeringshagen 5 6 8 13
radet 1 9 10 12 13
trakk-n-roll 11 12
vik-kommune 7 8
EOF
for f in dku kommunane naeringshagen radet trakk-n-roll vik-kommune; do
	printf '%s' "$f"
	$SP status-inn $SK --version dal-2025 --id x --dato 2026-01-01 "$T/sk/$f.xlsx" -o "$T/sk.xml" 2>&1 >/dev/null |
	    sed -n "s/.*$f\.xlsx:Status!F[0-9]*: warning: tiltak \([0-9]*\) .*/ \1/p" | tr -d '\n'
	echo
done > "$T/sk.got"
check "fixture: each tiltak is on the forms of its bodies, no other" diff -u "$T/sk.want" "$T/sk.got"
check "fixture: the cover lists the spellings that led to a form" \
    sh -c "$FILL --cat $T/sk/trakk-n-roll.xlsx xl/sharedStrings.xml | grep -q '2 tiltak der Ansvar seier «Tråkk.n Roll», «Tråkk.n Roll»'"
check "with SOURCE_DATE_EPOCH the forms are byte-identical run to run" \
    sh -c "SOURCE_DATE_EPOCH=1767225600 $SP status-ut $SK --version dal-2025 -o $T/sk1 >/dev/null 2>&1 &&
	SOURCE_DATE_EPOCH=1767225600 $SP status-ut $SK --version dal-2025 -o $T/sk2 >/dev/null 2>&1 &&
	for f in $T/sk1/*.xlsx; do cmp \$f $T/sk2/\${f##*/} || exit 1; done"

# ------------------------------------------ round trip: a program fills
mkdir -p "$T/fill"
cp "$F/naeringshage.xlsx" "$F/kommunen.xlsx" "$F/kru.xlsx" "$F/regionradet.xlsx" "$T/fill/"
$FILL "$T/fill/naeringshage.xlsx" \
    rp24-1.2.1 gul 'Fondet er under arbeid & <snart> "i haust"' \
    rp24-5.1.2 grøn 'Piloten er i gang; sjå «opplysningskontor»' \
    rp24-1.4.2 '' 'Berre kommentar'
$FILL "$T/fill/kommunen.xlsx" rp24-5.1.2 Grøn ''
$FILL "$T/fill/kru.xlsx" rp24-6.1.1 raud 'Ikkje starta' rp24-6.1.2 'Ikkje vurdert' 'Æ Ø Å æøå'
$FILL "$T/fill/regionradet.xlsx" rp24-3.1.4 grøn 'Ferdig' rp24-1.2.2 raud 'Dette blir det ikkje jobba med'
cat > "$T/want.tsv" <<'EOF'
rp24-1.2.1	gul	Fondet er under arbeid & <snart> "i haust"
rp24-1.2.2	raud	Dette blir det ikkje jobba med
rp24-1.4.2	ikkje-vurdert	Berre kommentar
rp24-3.1.4	grøn	Ferdig
rp24-5.1.2	grøn	Piloten er i gang; sjå «opplysningskontor»
rp24-6.1.1	raud	Ikkje starta
rp24-6.1.2	ikkje-vurdert	Æ Ø Å æøå
EOF
# what the master says once the report is included: id, status, comment
check "status-inn reads the filled forms and writes the report" \
    sh -c "$SP status-inn $MASTER $V --id status-haust --dato 2026-09-20 $T/fill/*.xlsx -o $NEW > $T/changes.txt 2> $T/inn.err"
check "the report validates XIncluded into the master (lint: no errors)" \
    sh -c "$SP lint $M2 2> $T/lint.err; ! grep -q 'status-haust.*error' $T/lint.err && $SP lint $M2 2>/dev/null; [ \$? = 0 ]"
check "the report says exactly what the forms said (export through the master)" \
    sh -c "answered() { $SP export $M2 $V --status status-haust | awk -F '\t' 'NR > 1 && (\$10 != \"ikkje-vurdert\" || \$11 != \"\") { print \$1 \"\t\" \$10 \"\t\" \$11 }'; };
	answered > $T/got.tsv && diff -u $T/want.tsv $T/got.tsv"
check "every tiltak of the version has one status in the report" \
    sh -c "[ \$(grep -c '<status ' $NEW) = \$($SP export $MASTER $V | tail -n +2 | wc -l) ]"
check "a tiltak nobody answered stays ikkje-vurdert with a warning naming its cell" \
    sh -c "grep -q 'kru.xlsx:Status!F8: warning: tiltak 6.1.3 has no answer: it stays ikkje-vurdert' $T/inn.err &&
	grep -q 'rp24-6.1.3\" verdi=\"ikkje-vurdert\"' $NEW"
check "a tiltak on no form read is a warning too" \
    grep -q 'warning: tiltak 2.5.1 (rp24-2.5.1) is on none of the forms read' "$T/inn.err"
check "one line sums up what stays ikkje-vurdert" \
    grep -q '^sakspapir: warning: 63 of 69 tiltak stay ikkje-vurdert: 44 on no form read, 19 without a status on their form (a form not returned?)$' "$T/inn.err"
check "a comment without a status is kept, with a warning" \
    grep -q 'naeringshage.xlsx:Status!F7: warning: tiltak 1.4.2 has a comment but no status' "$T/inn.err"
check "changes: ikkje-vurdert -> grøn listed as ferdig" \
    sh -c "grep -A3 '^Ferdige' $T/changes.txt | grep -q '5.1.2 *ikkje-vurdert -> grøn'"
check "changes: a new raud is listed, an unchanged raud is not" \
    sh -c "grep -A2 '^Nye raude (1)' $T/changes.txt | grep -q '6.1.1 *ikkje-vurdert -> raud' &&
	! grep -q '1.2.2 .*-> raud' $T/changes.txt"
check "changes: a new comment on an unchanged status is listed" \
    sh -c "grep -A6 '^Ny kommentar' $T/changes.txt | grep -q 'Æ Ø Å æøå'"
check "changes --format tsv: one row per change with its kind" \
    sh -c "$SP status-inn $MASTER $V --id status-haust --dato 2026-09-20 $T/fill/*.xlsx -o $T/tsv.xml --format tsv 2>/dev/null > $T/changes.tsv &&
	head -1 $T/changes.tsv | grep -q '^endring	id	nr	før	no	kommentar	tiltak\$' &&
	grep -q '^ferdig	rp24-3.1.4	3.1.4	ikkje-vurdert	grøn	Ferdig	' $T/changes.tsv &&
	grep -q '^raud	rp24-6.1.1	' $T/changes.tsv &&
	grep -q '^kommentar	rp24-6.1.2	' $T/changes.tsv"
# two bodies, one status, two comments: both kept, each after its body
mkdir -p "$T/two"
cp "$F/kommunen.xlsx" "$F/naeringshage.xlsx" "$T/two/"
$FILL "$T/two/kommunen.xlsx" rp24-5.1.2 gul 'Kommunane har sett av pengar'
$FILL "$T/two/naeringshage.xlsx" rp24-5.1.2 gul 'Opnar i mars'
check "two comments on one tiltak are both kept, each after its body's name" \
    sh -c "$SP status-inn $MASTER $V --id s2 --dato 2026-09-20 $T/two/kommunen.xlsx $T/two/naeringshage.xlsx -o $T/two.xml >/dev/null 2>&1 &&
	grep -q '<status tiltak=\"rp24-5.1.2\" verdi=\"gul\">Kommunen: Kommunane har sett av pengar – Næringshage: Opnar i mars</status>' $T/two.xml"

# gul -> grøn against the report just made, where 1.2.1 was gul
mkdir -p "$T/vinter"
cp "$F/naeringshage.xlsx" "$T/vinter/"
$FILL "$T/vinter/naeringshage.xlsx" rp24-1.2.1 grøn 'Fondet er oppretta'
check "changes: gul -> grøn against the previous report (--report)" \
    sh -c "$SP status-inn $M2 $V --id status-vinter --dato 2026-12-01 --report status-haust \
	    $T/vinter/naeringshage.xlsx -o $T/vinter.xml 2>/dev/null > $T/vinter.txt &&
	grep -A2 '^Ferdige (til grøn) (1)' $T/vinter.txt | grep -q '1.2.1 *gul -> grøn' &&
	grep -q '«Fondet er oppretta»' $T/vinter.txt"

# ------------------------------------------------------------ LibreOffice
# LibreOffice opens the filled forms (they are real spreadsheets), saves
# them as its own xlsx and as CSV the way a Norwegian user would (";",
# UTF-8 with a BOM, or Windows-1252); each reads back to the same report.
LO="timeout -k 5 120 soffice -env:UserInstallation=file://$T/lo --headless"
mkdir -p "$T/lo-xlsx" "$T/lo-utf8" "$T/lo-1252"
check "LibreOffice re-saves the filled forms as xlsx" \
    sh -c "$LO --convert-to xlsx:'Calc MS Excel 2007 XML' --outdir $T/lo-xlsx $T/fill/*.xlsx >/dev/null 2>&1 &&
	[ \$(ls $T/lo-xlsx/*.xlsx | wc -l) = 4 ]"
check "LibreOffice understood the drop-down, the colours and the protection" \
    sh -c "$FILL --cat $T/lo-xlsx/kru.xlsx xl/worksheets/sheet2.xml > $T/lo-sheet.xml &&
	grep -q '<dataValidation [^>]*type=\"list\"' $T/lo-sheet.xml &&
	grep -q 'grøn,gul,raud,ikkje-vurdert' $T/lo-sheet.xml &&
	grep -q '<sheetProtection ' $T/lo-sheet.xml &&
	grep -q '<conditionalFormatting ' $T/lo-sheet.xml &&
	grep -q '<col [^>]*hidden=\"true\"' $T/lo-sheet.xml"
check "LibreOffice saves the Status sheet as CSV (UTF-8, ';')" \
    sh -c "$LO --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,2' --outdir $T/lo-utf8 $T/fill/*.xlsx >/dev/null 2>&1 &&
	grep -q '^6.1.2;.*;Æ Ø Å æøå;' $T/lo-utf8/kru-Status.csv"
# Excel's "CSV UTF-8" puts a byte order mark first; LibreOffice 7.4 cannot.
mkdir -p "$T/lo-bom"
for f in "$T"/lo-utf8/*.csv; do
	{ printf '\357\273\277'; cat "$f"; } > "$T/lo-bom/${f##*/}"
done
check "LibreOffice saves the Status sheet as CSV (Windows-1252, ';')" \
    sh -c "$LO --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1,,0,false,true,false,false,false,2' --outdir $T/lo-1252 $T/fill/*.xlsx >/dev/null 2>&1 &&
	grep -q \"\$(printf '\306 \330 \305 \346\370\345')\" $T/lo-1252/kru-Status.csv"
tail -n +3 "$NEW" > "$T/want.xml"
for d in lo-xlsx lo-utf8 lo-bom lo-1252; do
	ext=csv; [ $d = lo-xlsx ] && ext=xlsx
	check "$d: four forms" sh -c "[ \$(ls $T/$d/*.$ext | wc -l) = 4 ]"
	check "$d: read back, the same report as from the filled forms" \
	    sh -c "$SP status-inn $MASTER $V --id status-haust --dato 2026-09-20 $T/$d/*.$ext -o $T/$d.xml >/dev/null 2>&1 &&
		tail -n +3 $T/$d.xml | diff -u $T/want.xml -"
done

# ------------------------------------------------------------ bad input
printf 'old\n' > "$T/keep.xml"
# bad CASE: status-inn on these files must exit 1 naming the cell, and
# leave the output file as it was.
bad() {
	desc=$1; want=$2; shift 2
	if $SP status-inn $MASTER $V --id status-haust --dato 2026-09-20 "$@" -o "$T/keep.xml" >/dev/null 2>"$T/bad.err"; then
		echo "not ok - $desc (it succeeded)"
	elif [ $? != 1 ]; then
		echo "not ok - $desc (exit status not 1)"
	elif ! grep -q -- "$want" "$T/bad.err"; then
		echo "not ok - $desc"; sed 's/^/#   /' "$T/bad.err" | head -5
	elif [ "$(cat "$T/keep.xml")" != old ]; then
		echo "not ok - $desc (the output was touched)"
	else
		echo "ok - $desc"
	fi
}
mkdir -p "$T/bad"
cp "$F/naeringshage.xlsx" "$T/bad/word.xlsx"
$FILL "$T/bad/word.xlsx" rp24-1.2.1 grønn ''
bad "unknown status word: FILE:SHEET!CELL, exit 1, nothing written" \
    "bad/word.xlsx:Status!F6: error: unknown status «grønn» for tiltak 1.2.1" "$T/bad/word.xlsx"
cp "$F/naeringshage.xlsx" "$T/bad/a.xlsx"; cp "$F/kommunen.xlsx" "$T/bad/b.xlsx"
$FILL "$T/bad/a.xlsx" rp24-5.1.2 gul ''
$FILL "$T/bad/b.xlsx" rp24-5.1.2 raud ''
bad "two forms disagree on one tiltak" \
    "bad/b.xlsx:Status!F7: error: tiltak 5.1.2 is raud here but gul in .*bad/a.xlsx:Status!F9: the forms disagree" \
    "$T/bad/a.xlsx" "$T/bad/b.xlsx"
$SP status-ut $MASTER --version sp-2022 -o "$T/old" >/dev/null
bad "a form for another version" \
    "rr.xlsx:Status!H2: error: this form is for version sp-2022, not rp-2024" "$T/old/rr.xlsx"
sed 's/rp24-1\.2\.1/rp24-9.9.9/' "$T/lo-utf8/naeringshage-Status.csv" > "$T/bad/id.csv"
bad "an id that is not in the version (CSV: FILE:CELL)" \
    "bad/id.csv:H6: error: unknown tiltak id rp24-9.9.9: version rp-2024 has no such tiltak" "$T/bad/id.csv"
sed 's/rp24-1\.2\.1//' "$T/lo-utf8/naeringshage-Status.csv" > "$T/bad/noid.csv"
bad "a status in a row without an id" \
    "bad/noid.csv:H6: error: a status or comment in a row without a tiltak id" "$T/bad/noid.csv"
sed '1s/sakspapir-statusskjema/x/' "$T/lo-utf8/naeringshage-Status.csv" > "$T/bad/nomark.csv"
bad "a CSV that is not a form" "bad/nomark.csv: error: not a status form made by 'sakspapir status-ut'" "$T/bad/nomark.csv"
$LO --convert-to ods --outdir "$T/bad" "$T/fill/kru.xlsx" >/dev/null 2>&1
$LO --convert-to xls --outdir "$T/bad" "$T/fill/kru.xlsx" >/dev/null 2>&1
bad "a form saved as OpenDocument (.ods) is told to be saved as xlsx" \
    "bad/kru.ods: error: an OpenDocument file (.ods), not xlsx" "$T/bad/kru.ods"
bad "a form saved as old Excel (.xls) is told to be saved as xlsx" \
    "bad/kru.xls: error: an old Excel file (.xls)" "$T/bad/kru.xls"
printf 'not a zip' > "$T/bad/fake.xlsx"
bad "an .xlsx that is no zip archive" "bad/fake.xlsx: error: not an xlsx file" "$T/bad/fake.xlsx"
bad "a file that cannot be read" "bad/missing.csv: error: cannot read" "$T/bad/missing.csv"
check "bad --dato is a usage error (2)" \
    exits 2 $SP status-inn $MASTER $V --id s --dato 2026-13-01 "$T/fill/kru.xlsx" -o "$T/keep.xml"
check "missing files is a usage error (2)" \
    exits 2 $SP status-inn $MASTER $V --id s --dato 2026-09-01 -o "$T/keep.xml"
check "an --id already used in the master is bad input (1)" \
    exits 1 $SP status-inn $MASTER $V --id status-2026 --dato 2026-09-01 "$T/fill/kru.xlsx" -o "$T/keep.xml"
check "... and says so" grep -q 'error: id status-2026 is taken' "$T/err"
check "after all that, the output is untouched" sh -c "[ \"\$(cat $T/keep.xml)\" = old ]"

# A filter that lets no tiltak through: a sentence in the document, a
# lint warning at the placeholder's line.
cp -r test/fixtures/fjord "$T/none"
sed -i '19a\    <statustabell versjon="fj-2025" rapport="fj-2025-status" status="grøn" innsatsområde="fj-2025-io2"/>\n    <statussamandrag versjon="fj-2025" rapport="fj-2025-status" status="grøn" innsatsområde="fj-2025-io2"/>' "$T/none/saker/sak-07-25.xml"
check "a status filter matching no tiltak: lint exit 0 with a warning at each placeholder's line" sh -c "
	$SP lint '$T/none/master.xml' 2> '$T/none/lint.err' &&
	grep -q 'sak-07-25.xml:20: warning: <statustabell>: no tiltak of fj-2025 has status=\"grøn\" under innsatsområde=\"fj-2025-io2\"' '$T/none/lint.err' &&
	grep -q 'sak-07-25.xml:21: warning: <statussamandrag>: no tiltak' '$T/none/lint.err'"
check "a status filter matching no tiltak: the document says 'Ingen tiltak med status Grøn under innsatsområde 2 …' (twice), no empty table or Sum row" sh -c "
	$SP build '$T/none/master.xml' sak-07-25 -o '$T/none/out' 2>/dev/null && pdftotext '$T/none/out/sak-07-25.pdf' '$T/none/s.txt' &&
	[ \$(grep -c '^Ingen tiltak med status Grøn under innsatsområde 2 Kompetanse og samferdsle\\.\$' '$T/none/s.txt') = 2 ] &&
	! grep -q '^Sum' '$T/none/s.txt'"

rm -rf "$T"
