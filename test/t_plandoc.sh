#!/bin/sh
# t_plandoc.sh: the plan documents (plan-sp-2021, plan-sp-2022,
# plan-rp-2024): their text against the seeds, the contents and its
# links, the outline, the draft mark, the handlingsprogram tables.
. test/lib.sh
plan 50

$SP build $MASTER plan-sp-2021 plan-sp-2022 plan-rp-2024 -o "$T/p" 2>"$T/err"
check "list names the three plans with their outputs" sh -c "$SP list $MASTER | grep -q '^plan-sp-2021	out/plan-sp-2021.pdf\$' && $SP list $MASTER | grep -q '^plan-sp-2022	' && $SP list $MASTER | grep -q '^plan-rp-2024	'"
check "the three plans build" test -s "$T/p/plan-sp-2021.pdf" -a -s "$T/p/plan-sp-2022.pdf" -a -s "$T/p/plan-rp-2024.pdf"
# a contents entry reads as it looks, its title before its page number
# (a screen reader follows the structure: it read "3 Innleiing")
check "plan-sp-2021: each contents entry in the structure is its title, then its page number" \
    sh -c "pdfinfo -struct-text '$T/p/plan-sp-2021.pdf' | awk '/^ *TOCI\$/ { n++; s = 1; next } s == 1 && /^ *\"/ { s = 2; first = \$0; next } s == 2 && /^ *\"/ { if (first ~ /^ *\"[0-9]+\"\$/ || \$0 !~ /^ *\"[0-9]+\"\$/) bad++; s = 0 } END { exit !(n > 10 && bad == 0) }'"

# The text: word sequences of the seeds found in the PDFs.
check "plan-sp-2022 holds >= 95 % of the word sequences of seed 001" sh test/wordseq.sh "$SEEDS/001_3b5197017b85fcae.txt" "$T/p/plan-sp-2022.pdf" 95
check "plan-sp-2021 holds >= 95 % of the word sequences of seed 004" sh test/wordseq.sh "$SEEDS/004_083f83aef8ab9ffa.txt" "$T/p/plan-sp-2021.pdf" 95
fails "control: plan-sp-2022 does not hold 95 % of seed 004" sh test/wordseq.sh "$SEEDS/004_083f83aef8ab9ffa.txt" "$T/p/plan-sp-2022.pdf" 95
check "plan-rp-2024 holds the handlingsprogram rows of seed 000 (tiltak 1.1.1 to 6.4.2)" sh -c "pdftotext -raw '$T/p/plan-rp-2024.pdf' - | tr -s ' \n' '  ' | grep -q 'Utarbeide ein felles plattform for næringsutvikling i Hallingdal' && pdftotext '$T/p/plan-rp-2024.pdf' - | grep -q '^6.4.2'"

# The contents: every link on its pages goes to a named destination, on
# the page the contents prints, where the heading stands.
for v in sp-2021 sp-2022 rp-2024; do
	f="$T/p/plan-$v.pdf"
	sh test/pdflinks.sh "$f" > "$T/$v.links"
	$SP build $MASTER plan-$v --dump-layout > "$T/$v.dl" 2>/dev/null
	# name, printed page and heading text, from the display list: the
	# text before a link op on the contents pages is its number; the
	# heading after a dest op is its text
	awk '
	/^page / { pg = $2 }
	/^  text / { t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t); last = t }
	/^  link / && pg <= 3 { n = $0; sub(/^.* "/, "", n); sub(/"$/, "", n); if (last ~ /^[0-9]+$/) num[n] = last }
	/^  dest / { n = $0; sub(/^.* "/, "", n); sub(/"$/, "", n); want = n; next }
	/^  text / && want != "" { head[want] = last; want = "" }
	END { for (n in num) print n "\t" num[n] "\t" head[n] }' "$T/$v.dl" | sort > "$T/$v.toc"
	bad=0 n=0
	while IFS='	' read -r name num head; do
		n=$((n + 1))
		pg=$(awk -v n="$name" '$1 == "dest" && $2 == n { print $3 }' "$T/$v.links")
		grep -q "^link [23] $name\$" "$T/$v.links" || { echo "no contents link to $name" >&2; bad=1; }
		[ "$pg" = "$num" ] || { echo "$name: printed $num, destination on page $pg" >&2; bad=1; }
		pdftotext -f "${pg:-1}" -l "${pg:-1}" "$f" - 2>/dev/null | tr -s ' \n' '  ' | grep -qF -- "$head" ||
		    { echo "$name: heading «$head» not on page $pg" >&2; bad=1; }
	done < "$T/$v.toc"
	echo "$n" > "$T/$v.n"
	check "plan-$v: every contents entry links to its heading, on the page it prints ($(cat "$T/$v.n") entries)" sh -c "[ $bad = 0 ] && [ $n -ge 5 ]"
	# the outline: the headings of the display list, in order, each
	# on the page its entry goes to
	grep '^outline ' "$T/$v.links" | cut -d' ' -f3- > "$T/$v.ol.pdf"
	awk '/^  outline / { t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t); print t }' "$T/$v.dl" > "$T/$v.ol.dl"
	check "plan-$v: the outline is the headings, in order" sh -c "[ -s '$T/$v.ol.pdf' ] && diff '$T/$v.ol.dl' '$T/$v.ol.pdf'"
	bad=0
	while read -r w pg title; do
		pdftotext -f "$pg" -l "$pg" "$f" - 2>/dev/null | tr -s ' \n' '  ' | grep -qF -- "$(echo "$title" | cut -c1-30)" ||
		    { echo "outline «$title»: not on page $pg" >&2; bad=1; }
	done <<EOT
$(grep '^outline ' "$T/$v.links")
EOT
	check "plan-$v: every outline entry goes to the page its heading is on" test $bad = 0
done

check "no table of the three plans begins with a single row at the foot of a page" sh -c "awk -f test/orphans.awk '$T/sp-2021.dl' && awk -f test/orphans.awk '$T/sp-2022.dl' && awk -f test/orphans.awk '$T/rp-2024.dl'"

# The draft says so on every page; the adopted ones say by whom.
pages=$(pdfinfo "$T/p/plan-sp-2021.pdf" | awk '/^Pages:/ { print $2 }')
bad=0
for i in $(seq 1 "$pages"); do
	pdftotext -f $i -l $i "$T/p/plan-sp-2021.pdf" - | grep -q 'Utkast 10. april 2021' || bad=$i
done
check "plan-sp-2021: «Utkast 10. april 2021» on every one of its $pages pages" test $bad = 0
check "plan-sp-2022: the title page says it was adopted by Hallingtinget" sh -c "pdftotext -f 1 -l 1 '$T/p/plan-sp-2022.pdf' - | grep -q '^Vedteken av Hallingtinget'"
check "plan-rp-2024: the title page says the sources hold only its handlingsprogram" sh -c "pdftotext -f 1 -l 1 '$T/p/plan-rp-2024.pdf' - | tr '\n' ' ' | grep -q 'berre handlingsprogrammet'"
check "plan-rp-2024: no chapters are invented (only Handlingsprogram and Historikk)" sh -c "! grep -v -e '^outline 1 ' -e ' Innhald\$' -e ' Handlingsprogram\$' -e ' Historikk\$' -e '^outline [0-9]* [0-9] ' '$T/rp-2024.links' | grep -q '^outline'"

# The handlingsprogram: all four columns, the header on every page.
check "plan-sp-2022: the handlingsprogram has the columns Tid, Ansvar, Involvering, Merknad" sh -c "pdftotext -raw '$T/p/plan-sp-2022.pdf' - | grep -q 'Næringsutvikling og arbeidsplassar Tid Ansvar Involvering Merknad'"
check "plan-sp-2021: the source's own column labels (Tidsramme, Innvolering)" sh -c "pdftotext -raw '$T/p/plan-sp-2021.pdf' - | grep -q 'Næringsutvikling og arbeidsplassar Tidsramme Ansvar Innvolering Merknad'"
awk '/^page / { pg = $2 } /^  outline 2 "Handlingsprogram/ { on = 1 } /^  outline 2 "Historikk/ { on = 0 }
    on && /^  begin TD/ { td[pg] = 1 } on && /^  begin TH/ { th[pg] = 1 }
    END { for (p in td) if (!(p in th)) { print "page " p ": table rows without a header"; bad = 1 } exit bad }' "$T/sp-2022.dl" > "$T/hdr" 2>&1
check "plan-sp-2022: every page with handlingsprogram rows repeats the header row" sh -c "test ! -s '$T/hdr' || { cat '$T/hdr'; false; }"

# A rolling revision is a plan of its own; its history says what changed.
FJ=test/fixtures/fjord/master.xml
$SP build $FJ -o "$T/fj" 2>/dev/null
check "fixture: one plan per version and per rolling revision" sh -c "$SP list $FJ | cut -f1 | grep -c '^plan-' | grep -qx 3 && test -s '$T/fj/plan-fj-2025r1.pdf'"
check "fixture: the revision's title page names the plan it rolls" sh -c "pdftotext -f 1 -l 1 '$T/fj/plan-fj-2025r1.pdf' - | grep -q '^Rullering av Regional plan for Fjordland 2025–2028 (fj-2025)'"
pdftotext -raw "$T/fj/plan-fj-2025r1.pdf" "$T/fjr.txt"
check "fixture: the revision's handlingsprogram lacks the tiltak taken out and has the one put in" sh -c "grep -q 'Greie ut ein felles bustadstrategi' '$T/fjr.txt' && ! pdftotext -raw '$T/fj/plan-fj-2025r1.pdf' - | sed '/^Historikk/,\$d' | grep -q 'Kartleggje tareskog'"
check "fixture: the revision's history lists its changes" sh -c "grep -q 'Teke ut: tiltak 1.2.2 «Kartleggje tareskog' '$T/fjr.txt' && grep -q 'Lagt til: 1 tiltak under Mål 2.2' '$T/fjr.txt' && grep -q 'Endra: tiltak 2.1.2' '$T/fjr.txt'"
check "fixture: the base plan's history lists its revision" sh -c "pdftotext -raw '$T/fj/plan-fj-2025.pdf' - | tr '\n' ' ' | grep -q 'Rulleringar: Regional plan for Fjordland 2025–2028, rullert 2026 (fj-2025r1) – Vedteken av Fjordtinget, 26. februar 2026'"

# A figure the source only mentions: one quiet caption, and a note.
check "plan-sp-2022: a figure the source only mentions is a caption «Figur: … — ikkje med i kjelda»" sh -c "pdftotext '$T/p/plan-sp-2022.pdf' - | tr -s '\n' ' ' | grep -q 'Figur: bustadattraktivitet samanlikna med attraktivitet for arbeidsplassar, næringsliv og sysselsetting — ikkje med i kjelda'"
$SP lint $MASTER 2>"$T/lint.err"; rc=$?
nfig=$(grep -rh '<manglar>Figur:' plan | wc -l)
check "lint: a note with file:line for each of the $nfig missing figures" sh -c "[ \$(grep -Ec '^sakspapir: plan/[^:]+:[0-9]+: note: figure not in the source, printed as a caption: ' '$T/lint.err') = $nfig ] && [ $nfig -ge 5 ]"
cp -r test/fixtures/fjord "$T/fjn"
sed -i 's|<tid>2023</tid>|<tid>2023</tid>|; 0,/<avsnitt>/s|<avsnitt>|<manglar>Figur: eit kart</manglar><avsnitt>|' "$T/fjn/master.xml"
$SP lint --strict "$T/fjn/master.xml" 2>"$T/fjn.err"; rc2=$?
check "lint --strict: a note alone leaves the exit status at 0" sh -c "[ $rc2 = 0 ] && grep -q 'note: figure not in the source, printed as a caption: eit kart' '$T/fjn.err'"

# What changed from the version before, as the diff counts it.
$SP diff $MASTER sp-2021 sp-2022 > "$T/d.tsv" 2>/dev/null
want=$(awk -F'\t' 'NR > 1 { k = $1; id = k == "split" ? $2 : k == "merged" ? $4 : NR; if (!((k, id) in seen)) { seen[k, id]; n[k]++ } }
    END { split("same uendra changed endra moved flytta split delte merged slegne·saman removed tekne·ut new nye", w, " ");
    for (i = 1; i < 14; i += 2) if (n[w[i]]) { s = s sep n[w[i]] " " w[i + 1]; sep = ", " } gsub(/·/, " ", s); print s }' "$T/d.tsv")
check "plan-sp-2022: the history counts the changes from sp-2021 as sakspapir diff does ($want)" sh -c "[ -n '$want' ] && pdftotext -raw '$T/p/plan-sp-2022.pdf' - | tr -s '\n' ' ' | grep -qF 'Endringar: Frå Strategisk plan for Hallingdal 2021–2024 (sp-2021): $want (tiltak'"
check "plan-sp-2022: the history points to the diff document by its title, not to a command" sh -c "pdftotext -raw '$T/p/plan-sp-2022.pdf' - | tr -s '\n' ' ' | grep -qF '7 nye (tiltak; sjå «Endringar i tiltaka sp-2021 – sp-2022»)' && ! pdftotext '$T/p/plan-sp-2022.pdf' - | grep -q 'sakspapir diff' && $SP list $MASTER | grep -q '^diff-sp-2021-sp-2022	'"
check "fixture: the revision's history counts its changes from its basis" sh -c "pdftotext -raw '$T/fj/plan-fj-2025r1.pdf' - | tr -s '\n' ' ' | grep -qF 'Endringar: Frå Regional plan for Fjordland 2025–2028 (fj-2025): 5 uendra, 1 endra, 1 teken ut, 1 ny'"

# Figures in tables: right-aligned, thousands apart by no-break spaces.
nb=$(printf '\302\240') en=$(printf '\342\200\223')
grep -F -e "\"9${nb}682${nb}355\"" -e "\"46${nb}724\"" "$T/sp-2022.dl" | awk '{ print $4 + substr($6, 3) }' > "$T/right"
check "plan-sp-2022: «9 682 355» with no-break spaces, right-aligned with «46 724» above it" awk 'NR == 1 { a = $1 } NR == 2 { d = $1 - a; exit !(d < 0.03 && d > -0.03) } END { if (NR != 2) exit 1 }' "$T/right"

# A figure drawn from the figures of a table (fixture: negative values too).
DG=test/fixtures/diagram/master.xml
check "diagram fixture: lint finds nothing" sh -c "$SP lint $DG 2>&1 | grep -v ': note: ' | grep -q . && false || true"
$SP build $DG plan-p1 --dump-layout > "$T/dg.dl" 2>"$T/dg.err"
check "diagram: a tagged figure whose alt text gives every figure of the table" grep -q "begin Figure alt='Personar i dalen ein snittdag: Snitt innb. pr. dag, totalt 46 724; Pluss 6 % 2 803; Fråtrekk innbyggjarar -20 000; Fråtrekk dagsturisme -1 000; Gjestedøgn snitt pr. døgn 26 527.'" "$T/dg.dl"
# bars in the accent colour: the negative ones end where the positive start
awk '/begin Figure/ { on = 1 } /end Figure/ { on = 0 } on && /^  fill #1f4e79/ { n++; x[n] = $3; w[n] = $5 }
    END { if (n < 5) exit 1; z = x[1]; if (x[3] + w[3] - z > 0.02 || z - x[3] - w[3] > 0.02) exit 1;
          if (w[1] <= w[5] || w[5] <= w[2] || w[3] <= w[4]) exit 1 }' "$T/dg.dl"
check "diagram: one bar a row, negative ones left of the zero line, lengths in the order of the figures" test $? = 0
check "diagram: the values printed as «46 724», «–20 000» (no-break spaces, en dash)" sh -c "grep -qF '\"46${nb}724\"' '$T/dg.dl' && grep -qF '\"${en}20${nb}000\"' '$T/dg.dl' && grep -qF '\"2${nb}803\"' '$T/dg.dl'"
mkdir -p "$T/dgb"
sed 's|<celle>2 803</celle>|<celle>ca. 2 800</celle>|' $DG > "$T/dgb/a.xml"
sed 's|tabell="t-gjester"|tabell="t-ingen"|' $DG > "$T/dgb/b.xml"
sed 's|tabell="t-gjester"/>|tabell="t-gjester" kolonne="3"/>|' $DG > "$T/dgb/c.xml"
$SP lint "$T/dgb/a.xml" 2>"$T/dgb/a.err"; ra=$?
$SP lint "$T/dgb/b.xml" 2>"$T/dgb/b.err"; rb=$?
$SP lint "$T/dgb/c.xml" 2>"$T/dgb/c.err"; rc=$?
check "diagram: a cell that is no figure, an unknown table, a missing column: each an error at its line" sh -c "[ $ra$rb$rc = 111 ] && grep -Eq 'a.xml:[0-9]+: error: diagram Personar i dalen ein snittdag: «ca. 2 800» is not a figure' '$T/dgb/a.err' && grep -Eq 'b.xml:[0-9]+: error: .*t-ingen' '$T/dgb/b.err' && grep -Eq 'c.xml:[0-9]+: error: diagram: tabell t-gjester has no column 3' '$T/dgb/c.err'"
# A note row over the whole table ("Kjelde: …") is no bar; a row short of
# the column is named by its line and words; one mistake in many rows is
# one message.
sed 's|        <rad><celle>Gjestedøgn snitt pr. døgn</celle><celle>26 527</celle></rad>|&\n        <rad><celle spenn="2">Kjelde: SSB</celle></rad>|' $DG > "$T/dgb/note.xml"
$SP lint "$T/dgb/note.xml" > "$T/dgb/note.err" 2>&1; rn=$?
$SP build "$T/dgb/note.xml" plan-p1 --dump-layout > "$T/dgb/note.dl" 2>>"$T/dgb/note.err"
check "diagram: a 'Kjelde: SSB' row spanning the table is left out of the chart (lint clean, the same five bars), and printed in the table" sh -c "
	[ $rn = 0 ] && ! grep -q error '$T/dgb/note.err' &&
	grep -q \"begin Figure alt='Personar i dalen ein snittdag: Snitt innb. pr. dag, totalt 46 724; Pluss 6 % 2 803; Fråtrekk innbyggjarar -20 000; Fråtrekk dagsturisme -1 000; Gjestedøgn snitt pr. døgn 26 527.'\" '$T/dgb/note.dl' &&
	grep -q '\"Kjelde: SSB\"' '$T/dgb/note.dl'"
sed 's|<rad><celle spenn="2">Kjelde: SSB</celle></rad>|<rad><celle>Kjelde: SSB</celle></rad>|' "$T/dgb/note.xml" > "$T/dgb/short.xml"
ln=$(grep -n 'Kjelde: SSB' "$T/dgb/short.xml" | cut -d: -f1)
check "diagram: a row without the figure's column: one error at that row's line, naming its words and how to write a note" sh -c "
	$SP lint '$T/dgb/short.xml' 2> '$T/dgb/short.err'; [ \$? = 1 ] && [ \$(wc -l < '$T/dgb/short.err') = 1 ] &&
	grep -q '^sakspapir: $T/dgb/short.xml:$ln: error: diagram Personar i dalen ein snittdag: the row «Kjelde: SSB» has no column 2; a note under the table goes in one <celle spenn=\"2\">' '$T/dgb/short.err'"
sed 's|<celle>\(-*[0-9][0-9 ]*\)</celle></rad>|<celle>ca. \1</celle></rad>|' $DG > "$T/dgb/many.xml"
ln=$(grep -n 'ca\. ' "$T/dgb/many.xml" | head -n 1 | cut -d: -f1)
check "diagram: five cells with the same mistake: one error at the first, '(and 4 more rows of this table)', saying how a figure is written" sh -c "
	$SP lint '$T/dgb/many.xml' 2> '$T/dgb/many.err'; [ \$? = 1 ] && [ \$(grep -c 'is not a figure' '$T/dgb/many.err') = 1 ] &&
	grep -q '^sakspapir: $T/dgb/many.xml:$ln: error: diagram Personar i dalen ein snittdag: «ca. 46 724» is not a figure (and 4 more rows of this table): write whole numbers, digits in groups of three' '$T/dgb/many.err'"
# A chart's caption shares a page with the chart's first bars, however
# long the table above pushes them: tables of 6 to 75 rows before it.
captioned() {
	bad=""
	for n in $(seq 6 3 75); do
		rows=$(seq 1 $n | awk '{ printf "        <rad><celle>Post %d</celle><celle>%d</celle></rad>\\n", $1, $1 * 11 }')
		sed "s|        <rad><celle>Gjestedøgn snitt pr. døgn</celle><celle>26 527</celle></rad>|&\n$rows|" $DG > "$T/dgb/m$n.xml"
		$SP build "$T/dgb/m$n.xml" plan-p1 --dump-layout 2>/dev/null | awk '
			/^page / { pg++ }
			/"Figur:/ { cap = pg }
			/begin Figure/ { fig = pg; on = 1; next }
			on && /^  fill / { bar = pg; on = 0 }
			END { exit !(cap && cap == fig && fig == bar) }' || bad="$bad $n"
	done
	[ -z "$bad" ] || { echo "caption parted from its chart with$bad rows above" >&2; return 1; }
}
check "diagram: the caption 'Figur: …' and the first bar share a page, after tables of 6 to 75 rows" captioned
# A number wider than its column parts after a "." only, never between
# two digits ("14.15" stays whole, "1.1.2." ends a line).
cp -r test/fixtures/fjord "$T/nr"
sed -i 's|<tiltak id="fj-2025-1.1.2" nr="1.1.2"|<tiltak id="fj-2025-1.1.2" nr="1.1.2.3.4.5.6.7.8.9.10.11.12.13.14.15"|' "$T/nr/versjonar/fj-2025.xml"
$SP build "$T/nr/master.xml" plan-fj-2025 -o "$T/nr/o" 2>/dev/null
check "a long number in the Nr. column breaks only after its dots" sh -c "
	pdftotext -layout '$T/nr/o/plan-fj-2025.pdf' - | awk '
		/^ *1\\.1\\.2\\./ { on = 1 }
		on && \$1 ~ /^[0-9.]+\$/ { n++; all = all \$1; if (last != \"\" && last !~ /\\.\$/) bad = 1; last = \$1; next }
		on { on = 0 }
		END { exit bad || n < 2 || all != \"1.1.2.3.4.5.6.7.8.9.10.11.12.13.14.15\" }'"
check "diagram: a bad master writes nothing" sh -c "! $SP build '$T/dgb/a.xml' -o '$T/dgb/out' 2>/dev/null && test ! -e '$T/dgb/out/plan-p1.pdf'"

# A version with neither prose nor innsatsområde: no invented note, no
# empty Handlingsprogram chapter.
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<region id="r" namn="Rådet" stad="By">' \
    '  <versjon id="tom" tittel="Ein tom plan" periode="2030" status="utkast"/>' '</region>' > "$T/tom.xml"
$SP build "$T/tom.xml" -o "$T/tom" 2>/dev/null
check "an empty version: title page, contents and history, nothing claimed" sh -c "pdftotext '$T/tom/plan-tom.pdf' - > '$T/tom.txt' && grep -q '^Historikk' '$T/tom.txt' && ! grep -q -e 'berre handlingsprogrammet' -e '^Handlingsprogram' '$T/tom.txt'"

# Bokmål: the words a plan document prints itself come from the style.
$SP build $FJ plan-fj-2025r1 --style styles/bokmal.style -o "$T/nb" 2>"$T/nb.err"
check "bokmal.style: a plan's contents, title page and history in Bokmål" sh -c "pdftotext -raw '$T/nb/plan-fj-2025r1.pdf' - | tr -s '\n' ' ' > '$T/nb.txt' && grep -q 'Innhold ' '$T/nb.txt' && grep -q 'Vedtatt av Fjordtinget' '$T/nb.txt' && grep -q 'Tatt ut: tiltak 1.2.2' '$T/nb.txt' && grep -q 'Endringer: Fra Regional plan for Fjordland 2025–2028 (fj-2025): 5 uendret, 1 endret, 1 tatt ut, 1 ny' '$T/nb.txt' && ! grep -q 'Teke ut\|uendra\|Innhald' '$T/nb.txt' && test ! -s '$T/nb.err'"

# The plan parts stand in a versjon only.
mkdir -p "$T/bad" && cp -r plan/. "$T/bad/"
sed -i 's|<avsnitt>|<handlingsprogram/><avsnitt>|' "$T/bad/saker/sak-38-26.xml"
$SP lint "$T/bad/hallingdal.xml" 2>"$T/bad.err"; rc=$?
check "lint: a <handlingsprogram/> in a sak is an error with its file and line" sh -c "[ $rc = 1 ] && grep -Eq 'saker/sak-38-26.xml:[0-9]+: error: <handlingsprogram> stands only in the prose of a versjon' '$T/bad.err'"

rm -rf "$T"
