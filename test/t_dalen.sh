#!/bin/sh
# t_dalen.sh: the fixture test/fixtures/dalen, a second region written
# only from the README, the man page and the schema: five versions
# linked by forgjengar (the last a draft), a revision that puts a tiltak
# in after another, a status report without a date, a vedlegg whose
# 69-row table runs over three pages (its Merknad on one line each since
# column widths follow what the columns hold), with a chart of it.
. test/lib.sh
plan 9

DA=test/fixtures/dalen/master.xml
O=$T/da

check "lint: exit 0, one warning (the new tiltak 2b has no Tid and no Ansvar)" sh -c "
	$SP lint $DA 2>'$T/lint'; [ \$? = 0 ] && [ \$(wc -l < '$T/lint') = 1 ] &&
	grep -q 'warning: tiltak 2b (v5r1-n) has no Tid and no Ansvar' '$T/lint'"
$SP list $DA > "$T/list"
$SP build $DA -o "$O" --archive 2>"$T/err"
rc=$?
check "build --archive: 16 targets, exit 0, no message, the copies pass the PDF/A-1b checker" sh -c "
	[ $rc = 0 ] && [ ! -s '$T/err' ] && [ \$(wc -l < '$T/list') = 16 ] &&
	sh test/pdfa_check.sh $O/arkiv/*.pdf $O/arkiv/trykk/*.pdf"
pdftotext -layout "$O/sak-01-26.pdf" "$T/sak.txt"
check "a report without a date: the caption says «Dato: ikkje oppgitt»" \
	grep -q '^Status utan dato · Dato: ikkje oppgitt' "$T/sak.txt"
check "the revision's tiltak 2b stands after 2 and before 3, with its list" sh -c "
	awk '/^ *[0-9][0-9a-z]* +Tiltak|^ *2b +Nytt/ { print \$1 }' '$T/sak.txt' | tr '\n' ' ' | grep -q '^1 2 2b 3 4 5 6 7 ' &&
	grep -A2 '^ *2b ' '$T/sak.txt' | grep -q '•'"
check "the draft version's title page says Utkast with its date" sh -c "
	pdftotext -l 1 '$O/plan-v5.pdf' - | grep -q '^Utkast 2024\$'"
check "the 69-row table: every row, its header again on each page it runs over (three)" sh -c "
	pdftotext '$O/vl.pdf' - | grep -q '^Post 69\$' && n=0 &&
	for p in \$(seq 1 \$(pdfinfo '$O/vl.pdf' | awk '/^Pages:/ { print \$2 }')); do
		pdftotext -f \$p -l \$p -layout '$O/vl.pdf' - > '$T/vlp' || exit 1
		grep -Eq '^ *Post [0-9]+ +[0-9]+ +Merknad' '$T/vlp' || continue
		n=\$((n + 1)); grep -Eq '^ *Post +Kr +Merknad' '$T/vlp' || exit 1
	done; [ \$n -ge 3 ]"
check "diff v1 v5: the forgjengar chain through three versions between is followed" sh -c "
	$SP diff $DA v1 v5 > '$T/d.tsv' && [ \$(grep -c '	curated	' '$T/d.tsv') -ge 5 ] &&
	grep -q '^changed	v1-t1	1	v5-t1	1	' '$T/d.tsv'"
check "the chart has a bar per body row: its alt text names Post 1 and Post 69" sh -c "
	$SP build $DA vl --dump-layout | grep -q 'Post 69' &&
	[ \$($SP build $DA vl --dump-layout | grep -c '\"Post 69\"') -ge 2 ]"
check "no glyph run leaves the text area on any page of any target" in_text_area "$T/list" "$DA"
