#!/bin/sh
# t_diff.sh: plan-versus-plan diffs: every tiltak accounted for, the
# golden TSV, word diffs and kinds of a small master, --auto against the
# hand-made pairs of the seeds and against a synthetic second version,
# --suggest, the export's lineage column, and bad input.
. test/lib.sh
plan 62
D=test/diff/master.xml
GEN=${GEN:-./build/genplan}

# accounted SP-ARGS...: every id of FROM is a from_id and every id of
# TO a to_id in the diff, and no other id appears.
accounted() {
	m=$1 from=$2 to=$3; shift 3
	$SP diff "$m" "$from" "$to" "$@" > "$T/acc.tsv" || return 1
	$SP export "$m" --version "$from" | cut -f 1 | tail -n +2 | sort > "$T/acc.from"
	$SP export "$m" --version "$to" | cut -f 1 | tail -n +2 | sort > "$T/acc.to"
	tail -n +2 "$T/acc.tsv" | cut -f 2 | grep -v '^$' | sort -u > "$T/acc.dfrom"
	tail -n +2 "$T/acc.tsv" | cut -f 4 | grep -v '^$' | sort -u > "$T/acc.dto"
	[ -s "$T/acc.from" ] && [ -s "$T/acc.to" ] &&
	    cmp "$T/acc.from" "$T/acc.dfrom" && cmp "$T/acc.to" "$T/acc.dto" &&
	    # singles are singles: a removed row has no to_id, a new one no from_id
	    ! awk -F'\t' 'NR > 1 && (($1 == "removed") != ($4 == "") ||
	        ($1 == "new") != ($2 == "")) { bad = 1 } END { exit !bad }' "$T/acc.tsv"
}
for pair in "sp-2021 sp-2022" "sp-2022 rp-2024" "sp-2021 rp-2024"; do
	check "every tiltak accounted for: hallingdal $pair" accounted $MASTER $pair
	check "every tiltak accounted for: hallingdal $pair --auto" accounted $MASTER $pair --auto
done
check "every tiltak accounted for: fjord fj-2023 fj-2025" accounted test/fixtures/fjord/master.xml fj-2023 fj-2025 --auto
check "every tiltak accounted for: fjord revision fj-2025 fj-2025r1" accounted test/fixtures/fjord/master.xml fj-2025 fj-2025r1
check "a revision against its base: the taken-out tiltak is removed, the put-in one new, the amended one changed" sh -c "
	$SP diff test/fixtures/fjord/master.xml fj-2025 fj-2025r1 > '$T/rev.tsv' &&
	grep -q '^removed	fj-2025-1.2.2	' '$T/rev.tsv' &&
	grep -q '^new			fj-2025r1-2.2.2	' '$T/rev.tsv' &&
	grep -q '^changed	fj-2025-2.1.2	.*	curated	' '$T/rev.tsv' &&
	[ \$(grep -c '^same	' '$T/rev.tsv') -gt 0 ]"

# The small master: one of each change, golden TSV and word diffs.
check "TSV: the header line of the contract" sh -c "$SP diff $D a b | head -n 1 | grep -qx 'kind	from_id	from_nr	to_id	to_nr	score	source	from_text	to_text'"
check "TSV of the small master matches test/diff/master.tsv" sh -c "$SP diff $D a b > '$T/d.tsv' && diff -u test/diff/master.tsv '$T/d.tsv'"
check "--auto finds the curated links of the small master, kinds and all" sh -c "
	$SP diff $D a b | cut -f 1-6,8,9 > '$T/cur' && $SP diff $D a b --auto > '$T/a2' &&
	cut -f 1-6,8,9 '$T/a2' > '$T/auto' && diff -u '$T/cur' '$T/auto' && ! grep -q '	curated	' '$T/a2'"
check "word diffs of the small master match test/diff/master.words" sh -c "$SP diff $D a b --format json | jq -r '.[] | .kind + \"|\" + .words + \"|\" + .fields' > '$T/w' && diff -u test/diff/master.words '$T/w'"
check "word diff: an insertion" grep -qF 'sykkelsatsinga i {+heile+} regionen.' "$T/w"
check "word diff: a deletion, the full stop kept" grep -qF 'kollektivtransport [-og fleire avgangar i helgene-].' "$T/w"
check "word diff: a replacement" grep -qF '[-innovasjon-]{+nyskaping+}' "$T/w"
check "word diff: punctuation on its own" grep -qF 'lærlingplassar[-,-] i alle kommunane[-.-]{+!+}' "$T/w"
check "word diff: Nynorsk letters stay whole" grep -qF '[-klimakoordinator-]{+klimakoordinatør+}' "$T/w"
check "field changes: Tid 2022 → 2026 and a new Merknad" sh -c "grep -qF 'Tid: 2022 → 2026' '$T/w' && grep -qF 'Merknad: – → Delfinansiert frå Viken.' '$T/w'"
check "a split: one old tiltak, two rows" sh -c "[ \$(grep -c '^split	a-6	' '$T/d.tsv') = 2 ]"
check "a merge: two old tiltak, one new" sh -c "grep -q '^merged	a-7	.*	b-7	' '$T/d.tsv' && grep -q '^merged	a-8	.*	b-7	' '$T/d.tsv'"
check "moved: the same text under another innsatsområde" grep -q '^moved	a-9	9	b-9	2.1.4	1.00	' "$T/d.tsv"
check "--suggest: forgjengar in the master's syntax, with the score as a comment" sh -c "
	$SP diff $D a b --auto --suggest > '$T/s' &&
	grep -qx '<tiltak id=\"b-7\" nr=\"2.1.3\" forgjengar=\"a-7 a-8\"> <!-- merged, score 0.90: .*-->' '$T/s' &&
	! grep -q 'b-11' '$T/s'"
check "--suggest without --auto proposes nothing the master already links" sh -c "$SP diff $D a b --suggest > '$T/s2' && [ \$(grep -c '<tiltak' '$T/s2') = 0 ]"
check "-o FILE writes the TSV there" sh -c "$SP diff $D a b -o '$T/o/d.tsv' && cmp '$T/o/d.tsv' '$T/d.tsv'"

# --auto against the hand-made pairs (test/diff/truth.tsv, from the seeds).
sh test/diff/score.sh $SP $MASTER test/diff/truth.tsv > "$T/pr" 2> "$T/pr.miss"
read tp fp fn prec rec < "$T/pr"
check "--auto on the seeds: precision $prec (>= 0.93), $tp right, $fp wrong" awk -v p="$prec" 'BEGIN { exit !(p >= 0.93) }'
check "--auto on the seeds: recall $rec (>= 0.88), $fn of $((tp + fn)) missed" awk -v r="$rec" 'BEGIN { exit !(r >= 0.88) }'

# A synthetic plan and its perturbed second version (genplan N DIR 2).
"$GEN" 1000 "$T/syn" 2 > /dev/null
check "genplan N DIR 2: a valid master with syn-1 and syn-2" sh -c "$SP lint '$T/syn/master.xml' 2>/dev/null && grep -q '<versjon id=\"syn-2\"' '$T/syn/master.xml'"
check "every tiltak accounted for: 1000 synthetic tiltak --auto" accounted "$T/syn/master.xml" syn-1 syn-2 --auto
$SP diff "$T/syn/master.xml" syn-1 syn-2 | awk -F'\t' 'NR > 1 && $2 != "" && $4 != "" { print $2, $4 }' | sort > "$T/syn.cur"
$SP diff "$T/syn/master.xml" syn-1 syn-2 --auto | awk -F'\t' 'NR > 1 && $2 != "" && $4 != "" { print $2, $4 }' | sort > "$T/syn.auto"
tp=$(comm -12 "$T/syn.cur" "$T/syn.auto" | wc -l)
check "--auto on 1000 synthetic tiltak: precision >= 0.95 ($tp of $(wc -l < "$T/syn.auto"))" awk -v a="$tp" -v b="$(wc -l < "$T/syn.auto")" 'BEGIN { exit !(b > 0 && a / b >= 0.95) }'
check "--auto on 1000 synthetic tiltak: recall >= 0.95 ($tp of $(wc -l < "$T/syn.cur"))" awk -v a="$tp" -v b="$(wc -l < "$T/syn.cur")" 'BEGIN { exit !(b > 0 && a / b >= 0.95) }'

# export: the lineage column.
check "export gains the forgjengar column, the curated lineage" sh -c "$SP export $MASTER --version sp-2022 | awk -F'\t' 'NR == 1 && \$12 != \"forgjengar\" { exit 1 } \$1 == \"sp22-24\" { f = \$12 } END { exit f != \"sp21-t24 sp21-t25 sp21-t26\" }'"

# The diff documents, built by default: every tiltak accounted for.
check "list names the diff documents of the real master" sh -c "$SP list $MASTER | cut -f 1 | grep -x diff-sp-2021-sp-2022 && $SP list $MASTER | cut -f 1 | grep -x diff-sp-2022-rp-2024 && $SP list $MASTER | cut -f 1 | grep -x diff-sp-2021-rp-2024"
check "list names the revision's diff document of the fixture" sh -c "$SP list test/fixtures/fjord/master.xml | grep -q '^diff-fj-2025-fj-2025r1	out/diff-fj-2025-fj-2025r1.pdf\$'"
$SP build $MASTER diff-sp-2021-sp-2022 diff-sp-2022-rp-2024 diff-sp-2021-rp-2024 -o "$T/docs" 2> "$T/docs.err"
$SP build test/fixtures/fjord/master.xml diff-fj-2023-fj-2025 diff-fj-2025-fj-2025r1 -o "$T/docs" 2>> "$T/docs.err"
check "the diff documents build without a missing glyph" sh -c "! grep -q 'without a glyph' '$T/docs.err' && [ -s '$T/docs/diff-fj-2025-fj-2025r1.pdf' ]"
# counted M FROM TO PDF: the document's counts against export and diff:
# "Den gamle versjonen (FROM) har N tiltak, den nye (TO) har M", the Sum
# row's kinds add up to M, its "Tekne ut" is every removed tiltak, and
# those with the carried-over ones make N.
counted() {
	m=$1 from=$2 to=$3 pdf=$4
	pdftotext -layout "$pdf" "$T/cnt.txt" || return 1
	n_from=$($SP export "$m" --version "$from" | tail -n +2 | wc -l)
	n_to=$($SP export "$m" --version "$to" | tail -n +2 | wc -l)
	$SP diff "$m" "$from" "$to" > "$T/cnt.tsv" || return 1
	removed=$(grep -c '^removed	' "$T/cnt.tsv")
	carried=$(awk -F'\t' 'NR > 1 && $2 != "" && $4 != "" { print $2 }' "$T/cnt.tsv" | sort -u | wc -l)
	tr '\n' ' ' < "$T/cnt.txt" | tr -s ' ' | grep -q "Den gamle versjonen ($from) har $n_from tiltak, den nye ($to) har $n_to\." || {
		echo "no sentence with $n_from and $n_to" >&2; return 1; }
	grep -E '^ *Sum( +[0-9]+){7} *$' "$T/cnt.txt" | head -n 1 | awk -v to="$n_to" \
	    -v rem="$removed" -v from="$n_from" -v car="$carried" '{
		s = $2 + $3 + $4 + $5 + $6
		if (s != to || $8 != to || $7 != rem || rem + car != from) {
			print "Sum row " $0 ": kinds " s ", new " to ", removed " rem ", carried " car ", old " from > "/dev/stderr"
			exit 1
		}
		ok = 1
	} END { exit !ok }'
}
check "counts add up in diff-sp-2021-sp-2022.pdf" counted $MASTER sp-2021 sp-2022 "$T/docs/diff-sp-2021-sp-2022.pdf"
check "counts add up in diff-sp-2022-rp-2024.pdf" counted $MASTER sp-2022 rp-2024 "$T/docs/diff-sp-2022-rp-2024.pdf"
check "counts add up in diff-sp-2021-rp-2024.pdf" counted $MASTER sp-2021 rp-2024 "$T/docs/diff-sp-2021-rp-2024.pdf"
check "counts add up in diff-fj-2023-fj-2025.pdf" counted test/fixtures/fjord/master.xml fj-2023 fj-2025 "$T/docs/diff-fj-2023-fj-2025.pdf"
check "counts add up in the revision's diff-fj-2025-fj-2025r1.pdf" counted test/fixtures/fjord/master.xml fj-2025 fj-2025r1 "$T/docs/diff-fj-2025-fj-2025r1.pdf"
check "the lineage appendix has a row for every sp-2021 tiltak" sh -c "
	pdftotext -layout '$T/docs/diff-sp-2021-rp-2024.pdf' '$T/lin.txt' &&
	for id in \$($SP export $MASTER --version sp-2021 | tail -n +2 | cut -f 1); do
		grep -q \"\$id\" '$T/lin.txt' || { echo \"\$id missing\" >&2; exit 1; }
	done"
check "the flow diagram is a figure whose alt text names every old innsatsområde" sh -c "
	qpdf --json '$T/docs/diff-sp-2021-sp-2022.pdf' | jq -r '.. | objects | select(.[\"/S\"] == \"/Figure\") | .[\"/Alt\"]' > '$T/alt' &&
	grep -q 'NÆRINGSLIV OG KOMPETANSEUTVIKLING (21): ' '$T/alt' && grep -q 'TENESTEUTVIKLING (11): ' '$T/alt' && grep -q 'Nye tiltak (7): ' '$T/alt'"
check "the flow diagram is drawn with curves (poly ops)" sh -c "$SP build $D diff-a-b --dump-layout | grep -c '^  poly #' | awk '{ exit \$1 < 4 }'"
check "every diff mark is a Span whose ActualText says deleted or inserted" sh -c "
	qpdf --json '$T/docs/diff-sp-2022-rp-2024.pdf' > '$T/q.json' &&
	n=\$(jq '[.. | objects | select(.[\"/S\"] == \"/Span\")] | length' '$T/q.json') &&
	a=\$(jq -r '.. | objects | select(has(\"/ActualText\")) | .[\"/ActualText\"]' '$T/q.json' | grep -cE '^u:(sletta|sett inn): ') &&
	[ \$n -gt 20 ] && [ \$n = \$a ]"
$SP build $D diff-a-b --dump-layout > "$T/ab.dump"
check "deleted words: struck through (the rule above the baseline) in the deletion colour" awk '
	/begin Span actual=.sletta: / { want = 1; next }
	want && $1 == "text" { y = $5; c = $3; next }
	want && $1 == "fill" { if ($4 >= y || $2 != c || c != "#b3261e") bad = 1; n++; want = 0 }
	END { exit bad || n < 3 }' "$T/ab.dump"
check "inserted words: underlined (the rule below the baseline), heavier, in the insertion colour" awk '
	/begin Span actual=.sett inn: / { want = 1; next }
	want && $1 == "text" { y = $5; c = $3; next }
	want && $1 == "fill" { if ($4 <= y || $2 != c || c != "#1f5fa8" || $6 < 0.8) bad = 1; n++; want = 0 }
	END { exit bad || n < 3 }' "$T/ab.dump"
check "diff --format pdf -o FILE.pdf writes the document" sh -c "$SP diff $D a b --format pdf -o '$T/p/ab.pdf' && pdfinfo '$T/p/ab.pdf' | grep -q 'Title: *Endringar i tiltaka a – b'"
check "diff --format pdf without -o FILE.pdf: exit 2" exits 2 $SP diff $D a b --format pdf

# agrees PDF: the summing-up sentence agrees in number with each count
# (Nynorsk: "1 nytt", "2 nye"; "1 ... er ikkje vidareført", "0 ... vidareførte").
agrees() {
	pdftotext "$1" - | tr '\n' ' ' | tr -s ' ' > "$T/agr.txt" || return 1
	grep -q 'Den gamle versjonen' "$T/agr.txt" || return 1
	awk '{
		if (!match($0, /[0-9]+ (delt ut av eller slege|delte ut av eller slegne) saman/)) exit 1
		split(substr($0, RSTART, RLENGTH), w, " "); if ((w[1] == 1) != (w[2] == "delt")) bad = 1
		if (!match($0, /og [0-9]+ (nytt|nye)\./)) exit 1
		split(substr($0, RSTART, RLENGTH), w, " "); if ((w[2] == 1) != (w[3] == "nytt.")) bad = 1
		if (!match($0, /[0-9]+ tiltak i den gamle versjonen er ikkje (vidareført|vidareførte)\./)) exit 1
		split(substr($0, RSTART, RLENGTH), w, " "); if ((w[1] == 1) != (w[9] == "vidareført.")) bad = 1
		exit bad
	}' "$T/agr.txt" && grep -q "$2" "$T/agr.txt"
}
$SP diff test/fixtures/fjord/master.xml fj-2025 fj-2025r1 --format pdf -o "$T/p/fj.pdf"
check "the summing-up sentence in the singular: 1 nytt, 1 tiltak ... er ikkje vidareført" agrees "$T/p/fj.pdf" 'og 1 nytt\. 1 tiltak i den gamle versjonen er ikkje vidareført\.'
$SP diff $MASTER sp-2021 rp-2024 --format pdf -o "$T/p/hd.pdf"
check "the summing-up sentence in the plural agrees too (hallingdal sp-2021 rp-2024)" agrees "$T/p/hd.pdf" ' nye\. '

# A renumbered tiltak is changed, its number named as a changed field;
# a number given where the old version numbered nothing is not a change.
cp -r test/fixtures/fjord "$T/renr"
sed -i 's|    <endre tiltak="fj-2025-2.1.2">|    <endre tiltak="fj-2025-1.1.2" nr="1.1.9"/>\n&|' "$T/renr/master.xml"
check "a pure renumbering (<endre nr=…/>) is changed, fields 'Nr.: 1.1.2 → 1.1.9', and the document says 'Nr.: før 1.1.2, no 1.1.9'" sh -c "
	$SP diff '$T/renr/master.xml' fj-2025 fj-2025r1 --format json | jq -e '[.[] | select(.from_nr == \"1.1.2\" and .to_nr == \"1.1.9\" and .kind == \"changed\" and .fields == \"Nr.: 1.1.2 → 1.1.9\")] | length == 1' &&
	$SP diff '$T/renr/master.xml' fj-2025 fj-2025r1 --format pdf -o '$T/renr/d.pdf' && pdftotext '$T/renr/d.pdf' - > '$T/renr/d.txt' &&
	grep -q '^Nr.: før 1.1.2, no 1.1.9\$' '$T/renr/d.txt' && grep -q '^4 uendra tiltak er ikkje viste\.' '$T/renr/d.txt'"
check "a tiltak numbered only in the new version (sp-2021 has no numbers) is no renumbering" sh -c "
	$SP diff $MASTER sp-2021 sp-2022 --format json | jq -e '([.[] | select(.fields | test(\"Nr\\\\.\"))] | length == 0) and ([.[] | select(.kind == \"same\")] | length > 0)'"

# A change whose deletion begins with no space (", med vekt på") and whose
# insertion has one ("og"): both texts keep their spaces. A <br/> in a
# field reads " / " in the changed fields.
cp -r test/fixtures/fjord "$T/sp"
sed -i 's|    <endre tiltak="fj-2025-2.1.2">|    <endre tiltak="fj-2025-1.1.1"><tekst>Vidareutvikle nettverket for sjømatbedrifter og foredling lokalt.</tekst><ansvar>Fjordrådet<br/>Kommunane<br/></ansvar></endre>\n&|' "$T/sp/master.xml"
$SP diff "$T/sp/master.xml" fj-2025 fj-2025r1 --format json > "$T/sp/d.json"
check "word diff: an insertion after a deletion keeps its space (sjømatbedrifter[-, med vekt på-]{+ og+} foredling)" \
	jq -e '[.[] | select(.to_nr == "1.1.1") | .words | select(contains("sjømatbedrifter[-, med vekt på-]{+ og+} foredling"))] | length == 1' "$T/sp/d.json"
check "every word diff reads as the old and the new text again (deletions dropped / insertions dropped)" jq -e '
	def norm: gsub("\\s+"; " ") | gsub("^ | $"; "");
	[.[] | select(.kind == "changed") | select(
	    (.words | gsub("\\{\\+[^}]*\\+\\}"; "") | gsub("\\[-|-\\]"; "") | norm) != (.from_text | norm) or
	    (.words | gsub("\\[-[^]]*-\\]"; "") | gsub("\\{\\+|\\+\\}"; "") | norm) != (.to_text | norm))] | length == 0' "$T/sp/d.json"
check "a <br/> in Ansvar reads ' / ' in the changed fields: 'Ansvar: Fjordrådet → Fjordrådet / Kommunane'" \
	jq -e '[.[] | select(.to_nr == "1.1.1") | .fields | select(. == "Ansvar: Fjordrådet → Fjordrådet / Kommunane")] | length == 1' "$T/sp/d.json"

# The placeholder in a sak.
$SP build $D sak-01-27 -o "$T/sak" && pdftotext -layout "$T/sak/sak-01-27.pdf" "$T/sak.txt"
check "<endringar>: the summing-up sentence and table in the sak" sh -c "tr '\n' ' ' < '$T/sak.txt' | tr -s ' ' | grep -q 'Den gamle versjonen (a) har 10 tiltak, den nye (b) har 10' && grep -qE '^ *Sum +0 +5 +1 +3 +1 +1 +10 *\$' '$T/sak.txt'"
check "<endringar vis=tiltak innsatsområde=…>: the changed tiltak of that area only" sh -c "grep -q '2.1.3' '$T/sak.txt' && grep -q 'Arrangere søppeldugnad' '$T/sak.txt' && ! grep -q '1.1.2 ' '$T/sak.txt'"
sed 's/til="b" innsatsområde="b-io2"/til="b" innsatsområde="b-io9"/; s/frå="a" til="b"\/>/frå="a" til="x"\/>/' $D > "$T/bad.xml"
check "<endringar> with an unknown version or area: lint exits 1 naming each at its line" sh -c "$SP lint '$T/bad.xml' 2> '$T/bad.err'; [ \$? = 1 ] && grep -q 'bad.xml:56: error: <endringar> til: unknown plan version x' '$T/bad.err' && grep -q 'bad.xml:58: error: <endringar> innsatsområde: no innsatsområde b-io9 in b' '$T/bad.err'"

# Bad input and usage.
check "an unknown version: exit 1, the message names it" sh -c "$SP diff $D a nope > '$T/x' 2> '$T/e'; [ \$? = 1 ] && grep -q 'error: no plan version nope' '$T/e' && [ ! -s '$T/x' ]"
check "a bad format: exit 2" exits 2 $SP diff $D a b --format xml
check "too few arguments: exit 2" exits 2 $SP diff $D a
printf 'earlier' > "$T/keep.tsv"
$SP diff $D a nope -o "$T/keep.tsv" 2>/dev/null
check "a failed diff leaves the output file untouched" sh -c "[ \"\$(cat '$T/keep.tsv')\" = earlier ]"
rm -rf "$T"
