#!/bin/sh
# t_moete.sh: meetings in the master (møte, saksliste) and their lint
# checks; the print bundle and the A5 booklet built from them (out/trykk/).
. test/lib.sh
plan 83

MF=moete/eksempel-2026-06.xml
mkcopy() { rm -rf "$T/m" && cp -r plan "$T/m"; }
M="$T/m/hallingdal.xml"
# rejected WHAT PATTERN: lint exits 1 with a message matching PATTERN,
# build exits 1 and writes nothing.
rejected() {
	check "$1: lint exit 1" exits 1 $SP lint "$M"
	check "$1: file:line message" has "$T/err" "$2"
	check "$1: build exit 1" exits 1 $SP build "$M" -o "$T/m/out"
	check "$1: build writes nothing" test ! -e "$T/m/out"
}
# warned WHAT PATTERN: lint exits 0 with a warning matching PATTERN.
warned() {
	check "$1: lint exit 0" exits 0 $SP lint "$M"
	check "$1: file:line warning" has "$T/err" "$2"
}

# ---------------------------------------------------------- 1. the model
check "meeting: the real master lints without a meeting finding" \
	sh -c "$SP lint $MASTER 2>&1 | grep -q moete; test \$? = 1"
check "meeting: the example says it is one in the XML" \
	grep -q 'eksempel="ja"' plan/$MF

# finding KIND WHAT SED AT N PATTERN: a copy of the master changed by the
# sed expression SED is KIND (rejected or warned) with a message matching
# PATTERN at the line holding AT (the Nth such line).
finding() {
	mkcopy
	sed -i "$3" "$T/m/$MF"
	l=$(grep -nF -- "$4" "$T/m/$MF" | sed -n "$5s/:.*//p")
	$1 "$2" "moete/eksempel-2026-06\.xml:$l: $6"
}
finding rejected "unknown sak on the saksliste" \
	's/<sakref ref="sak-38-26"/<sakref ref="sak-99-26"/' 'sak-99-26' 1 \
	'error: .*unknown sak sak-99-26'
finding rejected "a vedlegg on the saksliste" \
	's/<sakref ref="sak-38-26"/<sakref ref="vedlegg-regionalt-samarbeid"/' \
	'<sakref ref="vedlegg-regionalt-samarbeid"' 1 \
	'error: .*is a vedlegg, not a sak'
finding rejected "a sak twice on the saksliste" \
	's/<sakref ref="sak-38-26"/<sakref ref="sak-03-26"/' 'sak-03-26' 2 \
	'error: sak sak-03-26 is on the saksliste twice'
finding rejected "an unknown vedlegg for a sak" \
	's|<sakref ref="sak-38-26"/>|<sakref ref="sak-38-26"><vedleggref ref="vedlegg-nope"/></sakref>|' \
	'vedlegg-nope' 1 'error: .*unknown vedlegg vedlegg-nope'
finding rejected "a time that is none" 's/tid="10:00"/tid="25:00"/' \
	'<møte ' 1 'error: <møte> tid: 25:00'
finding rejected "a meeting of no body" \
	's/organ="regionradet"/organ="sak-03-26"/' '<møte ' 1 \
	'error: .*organ: sak-03-26 is a sak, not an organ'
finding warned "a sak dated after its meeting" \
	's/dato="2026-06-18"/dato="2026-05-02"/' 'sak-38-26' 1 \
	'warning: sak sak-38-26 is dated 2026-06-11, after the meeting of 2\. mai 2026'
finding warned "a sak for another body" \
	's/organ="regionradet"/organ="hallingtinget"/' 'sak-03-26' 1 \
	'warning: sak sak-03-26 is for regionradet, the meeting is of hallingtinget'

# ------------------------------------------------------ 2. the bundle
ID=mote-eksempel-2026-06
B="$T/b/trykk/$ID.pdf"
H="$T/b/trykk/$ID-hefte.pdf"
check "list: the bundle and the booklet are targets under trykk/" sh -c \
	"$SP list $MASTER | grep -qx 'trykk/$ID	out/trykk/$ID.pdf' &&
	 $SP list $MASTER | grep -qx 'trykk/$ID-hefte	out/trykk/$ID-hefte.pdf'"
check "build with no target writes the bundle and the booklet" sh -c \
	"$SP build $MASTER -o '$T/b' && test -s '$B' && test -s '$H'"
check "deps knows the bundle target" sh -c \
	"$SP deps $MASTER trykk/$ID | grep -q '^out/trykk/$ID.pdf: .*moete/eksempel-2026-06.xml'"
check "the booklet alone: only it is written" sh -c \
	"$SP build $MASTER trykk/$ID-hefte -o '$T/h1' && test -s '$T/h1/trykk/$ID-hefte.pdf' && test ! -e '$T/h1/trykk/$ID.pdf'"
check "an unknown bundle target: exit 2" exits 2 $SP build $MASTER trykk/mote-nope -o "$T/none"

np=$(pdfinfo "$B" | sed -n 's/^Pages: *//p')
check "the bundle has pages ($np)" test "${np:-0}" -gt 4
# page I's text, one file per page
i=1
while [ "$i" -le "${np:-0}" ]; do
	pdftotext -f $i -l $i -layout "$B" "$T/p$i.txt"
	i=$((i + 1))
done
# Where each document begins: its own "Side 1 av" in the footer.
: > "$T/starts"
i=1
while [ "$i" -le "${np:-0}" ]; do
	grep -q 'Side 1 av' "$T/p$i.txt" && echo "$i" >> "$T/starts"
	i=$((i + 1))
done
check "every document (cover, 2 saker, 1 vedlegg) begins once" \
	test "$(wc -l < "$T/starts")" = 4
check "every document begins on an odd (right-hand) page" \
	sh -c "! grep -q '[02468]$' '$T/starts'"
# Continuous numbering beside each document's own: "Side 2 av 8 · 4".
bad=0; i=1
while [ "$i" -le "${np:-0}" ]; do
	if grep -q 'Side [0-9]* av' "$T/p$i.txt"; then
		grep -Eq "Side [0-9]+ av [0-9]+.·.$i\$" "$T/p$i.txt" || { bad=1; echo "page $i" >&2; }
	fi
	i=$((i + 1))
done
check "each page numbered on beside its own number (· N)" test $bad = 0
# Blank pages: no footer, the notice, and a document begins after each.
bad=0; nb=0; i=1
while [ "$i" -le "${np:-0}" ]; do
	if ! grep -q 'Side [0-9]* av' "$T/p$i.txt"; then
		nb=$((nb + 1))
		grep -q 'Denne sida er med vilje blank' "$T/p$i.txt" || bad=1
		[ $((i % 2)) = 0 ] && grep -qx "$((i + 1))" "$T/starts" || bad=1
	fi
	i=$((i + 1))
done
check "blank pages ($nb) say so and stand before a right-hand start" \
	sh -c "test $bad = 0 && test $nb -ge 1"
check "the example is marked on every page" \
	sh -c "test \$(cat $T/p*.txt | grep -c 'Eksempel – ikkje eit verkeleg møte') -ge $np"
check "the title says it is an example" sh -c "pdfinfo '$B' | grep -q '^Title:.*Eksempel'"
# The saksliste on the cover against where each sak really begins.
for nr in 03-26 38-26; do
	p=$(grep -E "Sak.$nr " "$T/p1.txt" | head -n 1 | awk '{ print $NF }')
	check "saksliste: Sak $nr on page ${p:-?}" sh -c \
		"test -n '$p' && grep -qx '$p' '$T/starts' && grep -q 'Sak.$nr.*Side 1 av' '$T/p$p.txt'"
done
p=$(grep -E "Vedlegg 1: Regionalt samarbeid" "$T/p1.txt" | awk '{ print $NF }')
check "saksliste: the vedlegg of Sak 03-26 on page ${p:-?}" sh -c \
	"test -n '$p' && grep -q 'Vedlegg – Regionalt samarbeid.*Side 1 av' '$T/p$p.txt'"
s03=$(grep -E "Sak.03-26 " "$T/p1.txt" | awk '{ print $NF }')
s38=$(grep -E "Sak.38-26 " "$T/p1.txt" | awk '{ print $NF }')
check "each sak's vedlegg come after it, before the next sak" \
	sh -c "test '$s03' -lt '$p' && test '$p' -lt '$s38'"
# The saksliste's links: each names a destination on the page its line says.
qpdf --json "$B" > "$T/b.json" 2>/dev/null
jq -r '.pages | to_entries[] | "\(.value.object) \(.key + 1)"' "$T/b.json" > "$T/pageobj"
jq -r '.qpdf[1] | to_entries[] | .value.value | select(type == "object")
	| select(.["/Names"] | type == "array") | .["/Names"] | . as $n
	| range(0; length; 2) | "\($n[.]) \($n[. + 1][0])"' "$T/b.json" |
	sed 's/^u://' > "$T/dests"
jq -r '.qpdf[1] | to_entries[] | .value.value | select(type == "object")
	| select(.["/Subtype"] == "/Link") | select(.["/Dest"]) | .["/Dest"]' "$T/b.json" |
	sed 's/^u://' | sort -u > "$T/links"
bad=0
for want in "del1-sak-03-26 $s03" "del2-vedlegg-regionalt-samarbeid $p" "del3-sak-38-26 $s38"; do
	d=${want% *}; pg=${want#* }
	obj=$(awk -v d="$d" '$1 == d { print $2, $3, $4 }' "$T/dests")
	got=$(awk -v o="$obj" '$1 " " $2 " " $3 == o { print $4 }' "$T/pageobj")
	grep -qx "$d" "$T/links" && [ "$got" = "$pg" ] || { bad=1; echo "$d: page $got, want $pg" >&2; }
done
check "saksliste: its links go to the pages it names" test $bad = 0
check "booklet: no links or destinations on the sheets" sh -c \
	"qpdf --json '$H' | jq -e '[.qpdf[1][] | .value | select(type == \"object\") | select(.[\"/Subtype\"] == \"/Link\" or .[\"/Names\"])] | length == 0' >/dev/null"
# The outline: the cover and each sak at the top, each vedlegg under its sak.
qpdf --json --json-key=outlines "$B" > "$T/ol.json" 2>/dev/null
jq -r '.outlines[] | "\(.destpageposfrom1) \(.title)"' "$T/ol.json" > "$T/ol1"
jq -r '.outlines[] | .title as $t | .kids[] | "\($t) > \(.destpageposfrom1) \(.title)"' "$T/ol.json" > "$T/ol2"
check "outline: the cover at the top, page 1" grep -q '^1 Møte i ' "$T/ol1"
check "outline: Sak 03-26 at the top, on its page" grep -Eqx "$s03 Sak.03-26 Regionplan – status og vegen vidare" "$T/ol1"
check "outline: Sak 38-26 at the top, on its page" grep -Eqx "$s38 Sak.38-26 Drøftingssak – næringsutvikling. Oppfølging frå Hallingting" "$T/ol1"
check "outline: the vedlegg under Sak 03-26, on its page" grep -Eqx "Sak.03-26 Regionplan – status og vegen vidare > $p Regionalt samarbeid i Hallingdal" "$T/ol2"
check "outline: the saker keep their headings" grep -q '^Sak.03-26 .* > [0-9]* Bakgrunn$' "$T/ol2"
check "one structure tree: one Document, a Part per document" sh -c \
	"$SP build $MASTER trykk/$ID --dump-layout > '$T/b.dl' &&
	 test \$(grep -c '^  begin Document' '$T/b.dl') = 1 &&
	 test \$(grep -c '^  begin Part' '$T/b.dl') = 4"
check "one structure tree: each document one Part, whole across its pages" sh -c \
	"test \$(pdfinfo -struct '$B' | grep -a -c '^  Part') = 4 && test \$(pdfinfo -struct '$B' | grep -a -c '^[A-Z]') = 1"
check "the bundle's furniture (footers, marks, blank pages) stays out of the tagged text" sh -c \
	"pdfinfo -struct-text '$B' > '$T/st.txt' && grep -q 'Regionrådet har drøfta saka' '$T/st.txt' && ! grep -q 'Side 1 av\\|med vilje blank' '$T/st.txt'"
check "fonts merged: every font once in the bundle's table" sh -c \
	"grep '^font ' '$T/b.dl' | cut -d' ' -f3- | sort | uniq -d | grep -q . ; test \$? = 1"
check "the bundle's fonts are the bundled ones, embedded" sh -c \
	"pdffonts '$B' | tail -n +3 | awk '{ print \$1 }' | grep -v -E '^[A-Z]{6}\+Noto(Sans|Serif)' | grep -q . ; test \$? = 1"

# A cover of several pages moves every document on: it is laid out again
# until its length stays, and the saksliste still names the right pages.
mkcopy
para='<avsnitt>Ei lang innkalling: denne setninga står her mange gonger for å gjera framsida lengre enn éi side, slik at sakene flyttar seg.</avsnitt>'
awk -v p="$para" '/<\/innkalling>/ { for (k = 0; k < 45; k++) print "    " p } { print }' \
	"$T/m/$MF" > "$T/m/x" && mv "$T/m/x" "$T/m/$MF"
$SP build "$M" trykk/$ID -o "$T/lc" 2>/dev/null
L="$T/lc/trykk/$ID.pdf"
pdftotext -layout "$L" "$T/lc.txt" 2>/dev/null
bad=0; ndoc=0
for nr in 03-26 38-26; do
	pg=$(grep -E "^ *Sak.$nr " "$T/lc.txt" | head -n 1 | awk '{ print $NF }')
	[ -n "$pg" ] && pdftotext -layout -f "$pg" -l "$pg" "$L" - 2>/dev/null | grep -q "Sak.$nr.*Side 1 av" || bad=1
	[ -n "$pg" ] && [ $((pg % 2)) = 1 ] || bad=1
	ndoc=$((ndoc + 1))
done
cov=$(pdftotext -f 1 -l 1 -layout "$L" - 2>/dev/null | grep -o 'Side 1 av [0-9]*' | head -n 1)
check "a cover of ${cov#Side 1 av } pages: the saksliste names where Sak 03-26 and 38-26 begin" \
	sh -c "test $bad = 0 && test '${cov#Side 1 av }' -ge 2"

# A real meeting (no eksempel="ja") carries no example mark anywhere.
mkcopy
sed -i 's/ eksempel="ja"//' "$T/m/$MF"
$SP build "$M" trykk/$ID -o "$T/re" 2>/dev/null
check "a meeting not marked as an example says nothing of one" sh -c \
	"pdftotext '$T/re/trykk/$ID.pdf' - | grep -q 'Saksliste' && ! pdftotext '$T/re/trykk/$ID.pdf' - | grep -q 'Eksempel – ikkje' && ! pdfinfo '$T/re/trykk/$ID.pdf' | grep -q '^Title:.*Eksempel'"
# The Bokmål style's words on the cover and the blank pages.
$SP build $MASTER trykk/$ID --style styles/bokmal.style -o "$T/nb" 2>/dev/null
check "bokmal.style: the bundle's own words in Bokmål" sh -c \
	"pdftotext '$T/nb/trykk/$ID.pdf' - > '$T/nb.txt' && grep -q 'Sted: ' '$T/nb.txt' && grep -q 'Denne siden er blank med vilje' '$T/nb.txt' && ! grep -q 'Denne sida er med vilje blank' '$T/nb.txt'"

# The bundle's number is a word of the style (label.folio), checked there.
printf 'include = %s/styles/standard.style\nlabel.folio = s. %%d\n' "$PWD" > "$T/fo.style"
printf 'include = %s/styles/standard.style\nlabel.folio = s. %%s\n' "$PWD" > "$T/bad.style"
$SP build $MASTER trykk/$ID --style "$T/fo.style" -o "$T/fo" 2>/dev/null
check "label.folio: the bundle's number as the style words it" sh -c \
	"pdftotext -f 3 -l 3 -layout '$T/fo/trykk/$ID.pdf' - | grep -Eq 'Side 1 av [0-9]+.s\..3\$'"
check "label.folio without one %d: exit 1, named in the style" sh -c \
	"$SP build $MASTER trykk/$ID --style '$T/bad.style' -o '$T/fo3' 2>'$T/fo3.err'; test \$? = 1 &&
	 grep -q 'bad.style: error: label.folio needs one %d' '$T/fo3.err' && test ! -e '$T/fo3'"

# ----------------------------------------------------- 3. the booklet
nh=$(pdfinfo "$H" | sed -n 's/^Pages: *//p')
m=$(( (np + 3) / 4 * 4 ))
check "booklet: $m bundle pages (padded to a multiple of 4) on $((m / 2)) sheet sides" test "$nh" = $((m / 2))
check "booklet: landscape A4 sheets" sh -c "pdfinfo '$H' | grep -q '^Page size: *841.89 x 595.2'"
check "booklet: no images, only vectors and text" sh -c \
	"test \$(pdfimages -list '$H' | tail -n +3 | wc -l) = 0"
check "booklet: the text extracts" sh -c \
	"pdftotext '$H' - | grep -q 'Regionplan – status og vegen vidare'"
# Saddle stitch: side k of sheet s shows M-2s | 2s+1 (front), 2s+2 | M-2s-1
# (back), read from each half's running number.
half() {	# half FILE SIDE LEFT|RIGHT: the running number on that half
	x=0; [ "$3" = right ] && x=421
	pdftotext -f "$2" -l "$2" -x $x -y 0 -W 421 -H 596 -r 72 "$1" - |
	    sed -n 's/.*Side [0-9]* av [0-9]*.·.\([0-9]*\)$/\1/p' | head -n 1
}
bad=0; k=1
while [ "$k" -le "$nh" ]; do
	s=$(( (k - 1) / 2 ))
	if [ $((k % 2)) = 1 ]; then l=$((m - 2 * s)); r=$((2 * s + 1)); else l=$((2 * s + 2)); r=$((m - 2 * s - 1)); fi
	gl=$(half "$H" $k left); gr=$(half "$H" $k right)
	# a blank page has no number: then the page must be a blank one
	for w in "$l:$gl" "$r:$gr"; do
		want=${w%%:*}; got=${w#*:}
		if [ -n "$got" ]; then [ "$got" = "$want" ] || bad=1
		elif [ "$want" -le "$np" ]; then grep -q 'Side [0-9]* av' "$T/p$want.txt" && bad=1
		fi
	done
	[ $bad = 1 ] && { echo "side $k: want $l|$r got $gl|$gr" >&2; break; }
	k=$((k + 1))
done
check "booklet: pages in saddle-stitch order" test $bad = 0
# A bundle that is no multiple of 4: the booklet pads it with blank pages.
# (The first meeting, of the shorter ones and the whole, whose page count
# is no multiple of 4: page counts move as the documents change.)
for drop in sak-38-26 sak-03-26 ingen; do
	mkcopy
	sed -i "/<sakref ref=\"$drop\"/d" "$T/m/$MF"
	$SP build "$M" trykk/$ID -o "$T/m/o" >/dev/null 2>&1
	[ $(( $(pdfinfo "$T/m/o/trykk/$ID.pdf" | sed -n 's/^Pages: *//p') % 4 )) != 0 ] && break
done
check "a meeting whose bundle is no multiple of 4 pages builds" exits 0 $SP build "$M" trykk/$ID trykk/$ID-hefte -o "$T/m/o"
n2=$(pdfinfo "$T/m/o/trykk/$ID.pdf" | sed -n 's/^Pages: *//p')
h2=$(pdfinfo "$T/m/o/trykk/$ID-hefte.pdf" | sed -n 's/^Pages: *//p')
check "booklet of $n2 pages: $(( (n2 + 3) / 4 * 2 )) sides" test "$h2" = $(( (n2 + 3) / 4 * 2 ))
check "booklet padding: the last sheet's blank pages say so" sh -c \
	"test $((n2 % 4)) != 0 && pdftotext -f 1 -l 1 '$T/m/o/trykk/$ID-hefte.pdf' - | grep -q 'Denne sida er med vilje blank'"
$SP build $MASTER trykk/$ID-hefte --png -o "$T/hp" 2>/dev/null
# landscape: the PNG's width (big-endian at byte 16) above its height (20)
check "booklet --png: one landscape preview per sheet side" sh -c \
	"test \$(ls '$T/hp/trykk/' | grep -c '^$ID-hefte-[0-9]*\.png\$') = $nh &&
	 od -An -tu1 -j16 -N8 '$T/hp/trykk/$ID-hefte-1.png' | awk '{ exit !(\$1*16777216+\$2*65536+\$3*256+\$4 > \$5*16777216+\$6*65536+\$7*256+\$8) }'"
check "booklet --dump-layout: the imposition" sh -c \
	"$SP build $MASTER trykk/$ID-hefte --dump-layout | head -n 1 | grep -qx 'sheet 1 front $m | 1 scale 0.7071'"
# ------------------------------------------- 4. black-and-white print
# Every page of the bundle rendered in greyscale (pdftoppm -gray, 72 dpi:
# a pixel a point). The status fills are found in the display list; each
# is sampled just inside its corner. The classes must stay apart: each
# one grey, the greys of two classes and of the paper (the unfilled
# Ikkje vurdert) at least 32 levels of 255 apart.
ST=styles/standard.style
fillof_key() { sed -n "s/^$1[[:space:]]*=[[:space:]]*#//p" $ST | tr 'A-F' 'a-f'; }
fillof() { sed -n "s/^status\.$1\.fill[[:space:]]*=[[:space:]]*#//p" $ST | tr 'A-F' 'a-f'; }
gron=$(fillof gron); gul=$(fillof gul); raud=$(fillof raud)
awk -v g="#$gron" -v y="#$gul" -v r="#$raud" '
	/^page / { p = $2 }
	/^  fill / && ($2 == g || $2 == y || $2 == r) && $5 >= 4 && $6 >= 4 {
		c = ($2 == g) ? "gron" : ($2 == y) ? "gul" : "raud"
		printf "%d %s %d %d\n", p, c, int($3) + 2, int($4) + 2
	}' "$T/b.dl" > "$T/fills"
: > "$T/greys"
i=1; bad=0
while [ "$i" -le "${np:-0}" ]; do
	pdftoppm -gray -r 72 -f $i -l $i "$B" "$T/g" || bad=1
	pgm=$(ls "$T"/g-*.pgm 2>/dev/null | head -n 1)
	if [ -n "$pgm" ]; then
		hdr=$(head -n 3 "$pgm" | wc -c)
		w=$(sed -n 2p "$pgm" | cut -d' ' -f1)
		awk -v p=$i '$1 == p { print $2, $3, $4 }' "$T/fills" |
		while read c x y; do
			v=$(od -An -tu1 -j $((hdr + y * w + x)) -N1 "$pgm" | tr -d ' ')
			echo "$c $v" >> "$T/greys"
		done
		# the paper: the top left corner of the page
		echo "paper $(od -An -tu1 -j $((hdr + 5 * w + 5)) -N1 "$pgm" | tr -d ' ')" >> "$T/greys"
		rm -f "$pgm"
	else
		bad=1
	fi
	i=$((i + 1))
done
check "grey: every page of the bundle renders in greyscale" test $bad = 0
for c in gron gul raud; do
	check "grey: the bundle has $c fills to measure" grep -q "^$c " "$T/greys"
done
awk '{ n[$1]++; s[$1] += $2; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
	END { for (c in n) printf "%s %.1f %d %d\n", c, s[c] / n[c], lo[c], hi[c] }' "$T/greys" > "$T/classes"
sed 's/^/# grey level (mean min max): /' "$T/classes"
check "grey: each class prints as one grey (spread within 8 levels)" \
	awk '$4 - $3 > 8 { bad = 1 } END { exit bad }' "$T/classes"
check "grey: the classes and the paper are 32 levels apart or more" \
	awk '{ m[NR] = $2 } END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) { d = m[i] - m[j]; if (d < 0) d = -d; if (d < 32) bad = 1 } exit bad || NR != 4 }' "$T/classes"
# The same classes on the booklet's sheets, where the pages are scaled
# by 1/√2: the fills of every bundle page, found through the imposition.
$SP build $MASTER trykk/$ID-hefte --dump-layout > "$T/h.imp"
awk 'NR == FNR { side++; left[$4] = side; right[$6] = side; sc = $8; next }
	{ p = $1; if (p in left) { s = left[p]; ox = 0 } else if (p in right) { s = right[p]; ox = 421 } else next
	  printf "%d %s %d %d\n", s, $2, int(ox + ($3) * sc + 0.5), int($4 * sc + 0.5) }' \
	"$T/h.imp" "$T/fills" > "$T/hfills"
: > "$T/hgreys"
for side in $(cut -d' ' -f1 "$T/hfills" | sort -un); do
	pdftoppm -gray -r 72 -f $side -l $side "$H" "$T/hg"
	pgm=$(ls "$T"/hg-*.pgm 2>/dev/null | head -n 1)
	[ -n "$pgm" ] || continue
	hdr=$(head -n 3 "$pgm" | wc -c)
	w=$(sed -n 2p "$pgm" | cut -d' ' -f1)
	awk -v s=$side '$1 == s { print $2, $3, $4 }' "$T/hfills" |
	while read c x y; do
		echo "$c $(od -An -tu1 -j $((hdr + y * w + x)) -N1 "$pgm" | tr -d ' ')" >> "$T/hgreys"
	done
	rm -f "$pgm"
done
awk '{ n[$1]++; s[$1] += $2 } END { for (c in n) printf "%s %.1f\n", c, s[c] / n[c] }' "$T/hgreys" > "$T/hclasses"
sed "s/^/# booklet grey level: /" "$T/hclasses"
check "grey: the booklet's sheets keep the classes apart (32 levels, as the bundle within 8)" \
	awk 'NR == FNR { b[$1] = $2; next } { m[++n] = $2; d = $2 - b[$1]; if (d < -8 || d > 8) bad = 1 }
	     END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) { d = m[i] - m[j]; if (d < 0) d = -d; if (d < 32) bad = 1 } exit bad || n != 3 }' \
	"$T/classes" "$T/hclasses"
check "saksliste: its header row in the house header colours" sh -c \
	"sed -n '/^page 1 /,/^page 2 /p' '$T/b.dl' | grep -B3 ' \"Tittel\"' | grep -qi \"^  fill #\$(sed -n 's/^table.head-fill[[:space:]]*=[[:space:]]*#//p' $ST) \""

# The diff marks in black and white: deleted words are struck through,
# inserted ones underlined, in two hues that print as about the same
# grey. The marks must tell them apart: at 288 dpi (4 pixels a point) the
# row of a word's own mark is dark (grey under 128) along the word, the
# row where the other mark would be is not (words 6 pt wide or more).
DEL=$(fillof_key diff.del.colour); INS=$(fillof_key diff.ins.colour)
DT=$($SP list $MASTER | cut -f1 | grep '^diff-' | head -n 1)
$SP build $MASTER "$DT" --dump-layout > "$T/d.dl" 2>/dev/null
awk -v d="#$DEL" -v i="#$INS" '/^page / { p = $2 } /^  text / { base = $5 }
	/^  fill / && ($2 == d || $2 == i) && $5 >= 6 { print p, ($2 == d ? "del" : "ins"), $3, $3 + $5, $4 + $6 / 2 - base, base }' \
	"$T/d.dl" > "$T/marks"
# each mark's offset from its word's baseline
sdel=$(awk '$2 == "del" { print $5; exit }' "$T/marks")
sins=$(awk '$2 == "ins" { print $5; exit }' "$T/marks")
# darkrow PAGE X0 X1 Y: the share of dark pixels along that row (points)
darkrow() {
	pdftoppm -gray -r 288 -f $1 -l $1 -singlefile \
	    $(awk -v a=$2 -v b=$3 -v y=$4 'BEGIN { printf "-x %d -y %d -W %d -H 1", a * 4 + 4, y * 4, (b - a) * 4 - 8 }') \
	    "$T/b/$DT.pdf" "$T/row" 2>/dev/null || { echo 0; return; }
	hdr=$(head -n 3 "$T/row.pgm" | wc -c)
	tail -c +$((hdr + 1)) "$T/row.pgm" | od -An -tu1 -v |
	    awk '{ for (k = 1; k <= NF; k++) { n++; d += $k < 128 } } END { printf "%.2f\n", n ? d / n : 0 }'
}
bad=0; nd=0; ni=0
while read -r pg kind x0 x1 off base; do
	if [ "$kind" = del ]; then nd=$((nd + 1)); n=$nd; o=$sins; else ni=$((ni + 1)); n=$ni; o=$sdel; fi
	[ $n -gt 5 ] && continue
	own=$(darkrow $pg $x0 $x1 $(awk -v b=$base -v f=$off 'BEGIN { print b + f }'))
	other=$(darkrow $pg $x0 $x1 $(awk -v b=$base -v f=$o 'BEGIN { print b + f }'))
	echo "# $kind mark, page $pg: its own row $own dark, the other mark's row $other"
	awk -v a=$own -v b=$other 'BEGIN { exit !(a >= 0.9 && b <= 0.6) }' || bad=1
done < "$T/marks"
check "grey: $DT has struck (del) and underlined (ins) words to measure" \
	sh -c "test $nd -gt 0 && test $ni -gt 0"
check "grey: struck and underlined words stay apart in black and white (by their marks, not their hues)" test $bad = 0

rm -rf "$T"
