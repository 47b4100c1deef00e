#!/bin/sh
# t_aeroydal.sh: the QA master test/fixtures/aeroydal, written from the
# docs alone (parts in directories and files named with æ ø å, an
# innsatsområde and a mål with no tiltak, a tiltak of 1 400 characters, a
# sak with 14 vedlegg and a list numbered from 999 998, a status report
# missing tiltak, a revision, a meeting): every target built, checked as
# PDF, as tagged PDF and as PDF/A, its text against the master; and a set
# of broken copies of it, each one message with FILE:LINE, the exit status
# of the contract and the output directory untouched.
. test/lib.sh
FX=test/fixtures/aeroydal
M=$FX/master.xml
O=$T/o
plan 46

# ------------------------------------------------------------ lint
$SP lint $M > "$T/lint.out" 2> "$T/lint.err"
check "lint: exit 0, and exactly its five findings, each FILE:LINE" sh -c "
	[ \$(wc -l < '$T/lint.err') = 5 ] && [ ! -s '$T/lint.out' ] &&
	grep -q '^sakspapir: $FX/delar/versjon-2025.xml:54: warning: tiltak ae25-5 has no Tid and no Ansvar\$' '$T/lint.err' &&
	[ \$(grep -c '^sakspapir: $FX/delar/status-2027.xml:3: warning: status report ae-status-2027 has no status for tiltak ae2[57]-[25]\$' '$T/lint.err') = 2 ] &&
	grep -q '^sakspapir: $FX/delar/vedlegg/brev.xml:5: note: ' '$T/lint.err' &&
	grep -q '^sakspapir: $FX/delar/møte.xml:6: warning: sak sak-13-27 is for tinget' '$T/lint.err'"

# ------------------------------------------------------------ build
$SP build $M -o "$O" --archive > "$T/b.out" 2> "$T/b.err"
check "build --archive: exit 0, silent" test $? = 0 -a ! -s "$T/b.err"
check "build: the 12 targets list names, and 11 archival copies" sh -c "
	[ \$($SP list $M | wc -l) = 12 ] &&
	[ \$(find '$O' -name '*.pdf' ! -path '*/arkiv/*' | wc -l) = 12 ] &&
	[ \$(find '$O/arkiv' -name '*.pdf' | wc -l) = 11 ]"

ua() {
	qpdf --qdf --object-streams=disable "$1" "$T/q.pdf" || return 1
	./build/pdfcheck "$1" < "$T/q.pdf"
}
mu() {
	mutool draw -q -r 12 -o "$T/mu-%d.png" "$1" > "$T/mu.out" 2>&1 &&
	    ! grep -qv '^warning: ICC support is not available$' "$T/mu.out"
}
pdfok() { qpdf --check "$1" > /dev/null && mu "$1" && ua "$1"; }
for f in "$O"/*.pdf "$O"/trykk/*.pdf; do
	n=${f#"$O"/}
	case $n in
	*-hefte.pdf)	# imposed sheets: untagged on purpose
		check "$n: qpdf and MuPDF read it" mu "$f" ;;
	*)
		check "$n: qpdf, MuPDF, and tagged (pdfcheck)" pdfok "$f" ;;
	esac
done
check "every archival copy passes the PDF/A-1b checks" sh -c "sh test/pdfa_check.sh '$O'/arkiv/*.pdf '$O'/arkiv/trykk/*.pdf"

# ------------------------------------------------------------ text
pdftotext "$O/sak-12-27.pdf" "$T/sak.txt"
# a list label is laid out in the list's indent on one line: one wider
# than the style's indent lost its end ("999998." printed "99")
check "a list from 999 998: every label whole, the indent widened for it" sh -c "
	grep -q '^999998\. Samferdsel: Rassikringa' '$T/sak.txt' &&
	grep -q '^999999\. Ferjeavløysinga' '$T/sak.txt' &&
	grep -q '^1000000\. Tredje punkt\.' '$T/sak.txt' && grep -q '^2\. tunnel' '$T/sak.txt'"
check "a vedleggliste of 14: '10.' to '14.' each with its text" sh -c "
	for i in 10 11 12 13 14; do grep -q \"^\$i\. [A-ZÆØÅ]\" '$T/sak.txt' || exit 1; done"
# every tiltak text of the plan, whole, in the plan's structure text (the
# tiltak of ae-2023 fit on their pages; see qa-findings F27 for a row
# split over two pages)
sh test/structtext.sh "$O/plan-ae-2023.pdf" > "$T/st.txt"
$SP export $M --version ae-2023 | tail -n +2 | cut -f 5 > "$T/tekst.txt"
check "plan-ae-2023: the 6 tiltak texts whole in the structure text" sh -c "
	[ \$(wc -l < '$T/tekst.txt') = 6 ] &&
	while IFS= read -r l; do grep -Fq -- \"\$l\" '$T/st.txt' || { echo \"missing: \$l\"; exit 1; }; done < '$T/tekst.txt'"
check "names with æ ø å extract as written (title, signer, places)" sh -c "
	pdftotext '$O/sak-12-27.pdf' - | tr '\n' ' ' | grep -q 'Åse Øvrebø-Ærlig' &&
	pdfinfo '$O/sak-12-27.pdf' | grep -q '^Title: *Sak 12-27 Regionplan for Ærøydal' &&
	pdfinfo '$O/sak-12-27.pdf' | grep -q '^Author: *Åse Øvrebø-Ærlig' &&
	grep -q 'Ølsfjord, 3. mai 2027' '$T/sak.txt'"
check "the Sami quotation and the English paragraph carry their /Lang" sh -c "
	qpdf --qdf --object-streams=disable '$O/plan-ae-2025.pdf' '$T/l1.pdf' &&
	grep -aq '/Lang <feff00730065>' '$T/l1.pdf' &&
	qpdf --qdf --object-streams=disable '$O/vedlegg-brev.pdf' '$T/l2.pdf' &&
	grep -aq '/Lang <feff0065006e>' '$T/l2.pdf'"
check "an innsatsområde and a mål with no tiltak: headed, the area saying 'Ingen tiltak.'" sh -c "
	pdftotext '$O/plan-ae-2025.pdf' - | grep -A1 '^3 Klimatilpassings- og beredskapsarbeid\$' | grep -q '^Ingen tiltak\.\$' &&
	pdftotext '$O/plan-ae-2025.pdf' - | grep -q 'Mål 2.2 Eit mål utan tiltak enno.'"

# the footer shows one line of the title: a longer one is cut after a
# word and says so ("… av handlingsprogrammet for" read as whole); Sak
# 12-27 is 6 pages (7 before the column widths by content)
check "a title too long for the footer: cut after a word, with …; a short one whole" sh -c "
	pdftotext -layout -f 1 -l 1 '$O/sak-12-27.pdf' - | grep -q 'Sak 12-27 Regionplan for Ærøydal – .*programmet … *Side 1 av 6' &&
	pdftotext -layout -f 1 -l 1 '$O/sak-13-27.pdf' - | grep -q 'Sak 13-27 Kort  *Side 1 av 1' &&
	! pdftotext '$O/sak-13-27.pdf' - | grep -q '…'"

# ------------------------------------------------------------ links
sh test/pdflinks.sh "$O/plan-ae-2025.pdf" > "$T/links.txt"
check "plan-ae-2025: every contents link has its destination, 10 of each" sh -c "
	[ \$(grep -c '^dest ' '$T/links.txt') = 10 ] &&
	for d in \$(sed -n 's/^link [0-9]* //p' '$T/links.txt' | sort -u); do grep -q \"^dest \$d \" '$T/links.txt' || exit 1; done"
check "plan-ae-2025: the URL with å and ø is a link, percent-encoded" \
    grep -q '^uri 3 https://www.aeroydal.example/h%C3%B8yring/regionplan-2025?side=innspel&spr%C3%A5k=nn$' "$T/links.txt"
sh test/pdflinks.sh "$O/trykk/mote-2027-05.pdf" > "$T/blinks.txt"
pdftotext -layout -f 1 -l 1 "$O/trykk/mote-2027-05.pdf" "$T/cover.txt"
# the saksliste's page numbers are where each document begins
check "bundle: the saksliste's pages are the pages its links go to" sh -c "
	grep -q '^dest del1-sak-12-27 3\$' '$T/blinks.txt' && grep -q '^dest del5-sak-13-27 15\$' '$T/blinks.txt' &&
	grep -Eq 'Sak 12-27 .* 3\$' '$T/cover.txt' && grep -Eq 'Sak 13-27 +Kort +15\$' '$T/cover.txt' &&
	grep -Eq 'Vedlegg 2: Ø +11\$' '$T/cover.txt'"

# ------------------------------------------------------------ commands
check "export: 6 rows of ae-2025r1, the unnumbered tiltak under its gruppe" sh -c "
	$SP export $M --version ae-2025r1 --status ae-status-2027 > '$T/e.tsv' &&
	[ \$(wc -l < '$T/e.tsv') = 7 ] &&
	grep -q '^ae25-5		Utan nummer: kultur- og frivilligheitsarbeid	Kulturarv	Digitalisere bygdebøkene\.	.*ikkje-vurdert' '$T/e.tsv'"
check "diff --auto: the merge found by words (2 rows to ae25-2)" sh -c "
	[ \$($SP diff $M ae-2023 ae-2025r1 --auto | grep -c '^merged	ae23-[23]	.*	ae25-2	') = 2 ]"
check "deps: every part, including those named with æ ø å" sh -c "
	$SP deps $M sak-12-27 > '$T/deps' && grep -q 'delar/møte.xml' '$T/deps' &&
	grep -q 'delar/vedlegg/økonomi.xml' '$T/deps' && [ \$(wc -l < '$T/deps') = 1 ]"
check "status-ut: 4 forms, the region's own body gets the tiltak without Ansvar" sh -c "
	$SP status-ut $M --version ae-2025r1 --report ae-status-2027 -o '$T/f' > '$T/f.out' &&
	[ \$(wc -l < '$T/f.out') = 4 ] && grep -q '^$T/f/radet.xlsx	3 tiltak	' '$T/f.out'"

$SP status-inn $M --version ae-2025r1 --id ae-haust --dato 2027-10-01 "$T/f/kdu.xlsx" -o "$T/haust.xml" > /dev/null 2> "$T/si.err"
check "status-inn: a tiltak on no form read is named once by its id when it has no number" sh -c "
	grep -q '^sakspapir: warning: tiltak ae25-5 is on none of the forms read: it stays ikkje-vurdert\$' '$T/si.err' &&
	grep -q '^sakspapir: warning: tiltak 1.1.1 (ae25-1) is on none of the forms read' '$T/si.err' && [ -s '$T/haust.xml' ]"

# ------------------------------------------------------------ broken copies
# mut NAME SHELL: a copy of the fixture changed by SHELL (run in it), built
# into a copy of the good output; the exit status in $T/rc, stderr in
# $T/err, and whether the output is byte for byte as it was.
mut() {
	rm -rf "$T/m" "$T/mo" && cp -r $FX "$T/m" && cp -r "$O" "$T/mo" &&
	    (cd "$T/m" && eval "$2") &&
	    (cd "$T/mo" && find . -type f -exec md5sum {} + | sort) > "$T/sum1"
	$SP build "$T/m/master.xml" -o "$T/mo" > /dev/null 2> "$T/err"
	echo $? > "$T/rc"
	(cd "$T/mo" && find . -type f -exec md5sum {} + | sort) > "$T/sum2"
}
# one EXIT REGEX: that exit status, the first line is the error matching
# REGEX (after the part's directory), every line ours, output untouched
one() {
	[ "$(cat "$T/rc")" = "$1" ] && head -1 "$T/err" |
	    grep -Eq -- "^sakspapir: $T/m/$2" && ! grep -qv '^sakspapir: ' "$T/err" &&
	    cmp -s "$T/sum1" "$T/sum2" || { cat "$T/err"; return 1; }
}
mut a "sed -i 's|<tid>2027</tid>|<tid>2027</tidd>|' delar/rulleringar.xml"
check "broken XML in a part: its FILE:LINE, exit 1, output untouched" one 1 'delar/rulleringar.xml:9: error: <tid> \(opened at line 9\) is not closed'
mut b "rm delar/vedlegg/tomt.xml"
check "a missing part: the include's FILE:LINE, exit 1" one 1 'master.xml:23: error: cannot include .*tomt.xml: No such file'
mut c "sed -i 's|<vedlegg id=\"vedlegg-tomt\" tittel=\"Ø\"/>|<vedlegg id=\"vedlegg-tomt\" tittel=\"Ø\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"brev.xml\"/></vedlegg>|' delar/vedlegg/tomt.xml; sed -i 's|<manglar>|<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"tomt.xml\"/><manglar>|' delar/vedlegg/brev.xml"
check "a part including a part that includes it: named, exit 1" one 1 'delar/vedlegg/brev.xml:5: error: .*tomt.xml includes itself'
mut d "sed -i 's|id=\"ae23-6\"|id=\"ae25-1\"|' delar/versjon-2023.xml"
check "a duplicate id across parts: the second named, exit 1" one 1 'delar/versjon-2025.xml:19: error: duplicate id ae25-1 \(first at .*versjon-2023.xml:50\)'
mut e "sed -i 's|<tiltak id=\"ae23-1\" nr=\"1.1.1\">|<tiltak id=\"ae23-1\" nr=\"1.1.1\" forgjengar=\"ae25-1\">|' delar/versjon-2023.xml"
check "a forgjengar in a later version: an error at the tiltak, exit 1" one 1 "delar/versjon-2023.xml:12: error: <tiltak> forgjengar: ae25-1 is a tiltak of versjon ae-2025 .*, which comes after this tiltak's version"
mut f "sed -i 's|tiltak=\"ae25-3\" verdi|tiltak=\"ae23-4\" verdi|' delar/status-2027.xml"
check "a status for a tiltak of another version: its line, exit 1" one 1 'delar/status-2027.xml:6: error: status report ae-status-2027 names unknown tiltak ae23-4'
mut g "sed -i 's|dato=\"2027-05-03\" stad|dato=\"2027-02-29\" stad|' delar/saker/sak-12-27.xml"
check "29 February in a year that has none: exit 1" one 1 'delar/saker/sak-12-27.xml:3: error: <sak> dato: 2027-02-29 is not a calendar date'
mut h ": > delar/status-2027.xml"
check "an empty part: its name, exit 1" one 1 'delar/status-2027.xml:1: error: the file is empty: no XML in it'
mut i "iconv -f UTF-8 -t ISO-8859-1 delar/status-2027.xml > x && mv x delar/status-2027.xml"
check "a part saved as Latin-1, declared UTF-8: told to save it as UTF-8" one 1 'delar/status-2027.xml:2: error: the file is not UTF-8 text .*save it as UTF-8'
mut j "sed -i '1s/UTF-8/UTF-16/' delar/status-2027.xml && iconv -f UTF-8 -t UTF-16 delar/status-2027.xml > x && mv x delar/status-2027.xml"
check "a part in UTF-16 (declared, with its BOM): read, the same PDFs" sh -c "[ \$(cat '$T/rc') = 0 ] && [ ! -s '$T/err' ] && cmp -s '$T/sum1' '$T/sum2'"
mut n "printf '\\0<x/>' >> delar/status-2027.xml"
check "a NUL byte after a part's root (damaged, or padded): its line, exit 1" one 1 'delar/status-2027.xml:9: error: a NUL byte: the file is damaged'
mut k "rm delar/status-2027.xml && mkdir delar/status-2027.xml"
check "a directory where a part should be: named, exit 1" one 1 'master.xml:19: error: cannot include .*status-2027.xml: is a directory, not a file'
mut l "sed -i 's|dato=\"2027-05-12\"|dato=\"2027-05\"|' delar/møte.xml"
check "a meeting dated by month: in words, at its line in møte.xml" one 1 'delar/møte.xml:2: error: schema: <møte> dato="2027-05" is not a whole date YYYY-MM-DD'
rm -rf "$T/mo/sak-12-27.pdf" && printf 'x' > "$T/of"
$SP build $M sak-12-27 -o "$T/of" 2> "$T/err"
check "an output directory that is a file: exit 3, the path named" sh -c "[ $? = 3 ] && grep -q '^sakspapir: $T/of/sak-12-27.pdf: error: cannot create: Not a directory\$' '$T/err' && [ \"\$(cat '$T/of')\" = x ]"
$SP build "$FX" -o "$T/mo" 2> "$T/err"
check "the fixture's directory as the master: exit 1, said so" sh -c "[ $? = 1 ] && grep -q '^sakspapir: $FX: error: cannot read the master file: is a directory, not a file\$' '$T/err'"

rm -rf "$T"
