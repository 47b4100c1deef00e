#!/bin/sh
# t_arkiv.sh: the archival PDF/A-1b copies (build --archive, out/arkiv/):
# the independent checker on every one, the same text and word positions
# as the everyday PDF, no reader warnings, byte-identical rebuilds.
. test/lib.sh

# Poppler's reading order can flip where two columns' words stand at its
# gap threshold, on the copy's coordinates rounded a few ten-thousandths
# of a point otherwise (plan-rp-2024: "tiltak:" and the Tid "2025" 8 pt
# to its right): the words are compared page by page in one order, each
# word with its box (wordbox.awk then holds every box to 0.02 pt).
# words PDF: its words, a line each, sorted within each page.
words() {
	pdftotext "$1" - 2>/dev/null | awk 'BEGIN { RS = "\f" } { n = split($0, w, /[ \n]+/); for (i = 1; i <= n; i++) if (w[i] != "") print NR "\t" w[i] }' | sort
}
# boxes PDF: pdftotext -bbox's pages and words, the words of a page in
# order of their text and place.
boxes() {
	pdftotext -bbox "$1" - 2>/dev/null | awk -F'"' '
		/<page / { p++; printf "%d\t\t-1\t-1\t%s\n", p, $0 }
		/<word / { t = $0; sub(/^[^>]*>/, "", t); printf "%d\t%s\t%s\t%s\t%s\n", p, t, $4, $2, $0 }' |
	    sort -t "$(printf '\t')" -k1,1n -k2,2 -k3,3g -k4,4g | cut -f5-
}

$SP build $MASTER -o "$T/a" --archive 2>"$T/err.a"
# the documents: every PDF but the booklets (print impositions of the
# bundles, which are archived as bundles), as paths under the output
(cd "$T/a" && find . -name '*.pdf' ! -path './arkiv/*' ! -name '*-hefte.pdf' |
    sed 's|^\./||' | sort) > "$T/docs"
(cd "$T/a/arkiv" && find . -type f | sed 's|^\./||' | sort) > "$T/copies"
# 12 results for each document, 32 for the rest
plan $((12 * $(wc -l < "$T/docs") + 32))
check "build --archive succeeds and says nothing" sh -c "test -s '$T/a/arkiv/sak-03-26.pdf' && ! test -s '$T/err.a'"
check "every document in the output has one archival copy, bundles too" sh -c "cmp '$T/docs' '$T/copies' && grep -q '^trykk/' '$T/copies'"

for n in $(cat "$T/docs"); do
	f="$T/a/$n"
	a="$T/a/arkiv/$n"
	check "$n: PDF/A-1b checker passes on the archival copy" sh test/pdfa_check.sh "$a"
	check "$n: qpdf --check finds no problem in the copy" qpdf --check "$a"
	check "$n: pdffonts: every font embedded, bundled Noto only" sh -c "pdffonts '$a' | awk 'NR>2 { if (\$1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\\+Noto(Sans|Serif)-(Regular|Bold|Italic|BoldItalic)(,Bold|,Italic|,BoldItalic)?\$/) bad=1; if (\$(NF-4) != \"yes\") bad=1; n++ } END { exit bad || n == 0 }'"
	words "$f" > "$T/c.txt"
	words "$a" > "$T/h.txt"
	pdftotext "$a" /dev/null 2>"$T/h.err"
	check "$n: pdftotext of the copy has the words of the PDF, page by page" sh -c "test -s '$T/c.txt' && cmp '$T/c.txt' '$T/h.txt'"
	check "$n: pdftotext says nothing on stderr" test ! -s "$T/h.err"
	check "$n: pdffonts and pdfinfo say nothing on stderr" sh -c "pdffonts '$a' 2>&1 >/dev/null | wc -c | grep -qx 0 && pdfinfo '$a' 2>&1 >/dev/null | wc -c | grep -qx 0"
	check "$n: same number of pages" sh -c "test \"\$(pdfinfo '$f' | grep ^Pages)\" = \"\$(pdfinfo '$a' | grep ^Pages)\""
	boxes "$f" > "$T/c.box"
	boxes "$a" > "$T/h.box"
	check "$n: every word on the same page at the same place (0.02 pt)" awk -v tol=0.02 -f test/wordbox.awk "$T/c.box" "$T/h.box"
	qpdf --json "$f" | jq -r -f test/links.jq > "$T/c.links"
	qpdf --json "$a" | jq -r -f test/links.jq > "$T/h.links"
	check "$n: the same links, to the same pages and URIs" cmp "$T/c.links" "$T/h.links"
	check "$n: same title and author as the PDF" sh -c "pdfinfo '$f' | grep -E '^(Title|Author|Subject|CreationDate):' > '$T/c.info'; pdfinfo '$a' | grep -E '^(Title|Author|Subject|CreationDate):' | cmp - '$T/c.info'"
done

# The checker is not a stub: it fails the everyday PDF, and copies with
# one requirement broken each, for that reason.
# broken DESC SED REGEX: a copy changed by the sed expression SED fails
# the checker with a problem matching REGEX.
broken() {
	LC_ALL=C sed "$2" "$a" > "$T/bad.pdf"
	check "checker fails a copy $1" sh -c "! cmp -s '$a' '$T/bad.pdf' && ! sh test/pdfa_check.sh '$T/bad.pdf' > '$T/bad.chk'; grep -Eq \"\$0\" '$T/bad.chk'" "$3"
}
a="$T/a/arkiv/sak-38-26.pdf"
# (the everyday PDF has a trailer /ID now that our own writer makes it)
check "checker fails the everyday PDF: version, intent, pdfaid" sh -c "! sh test/pdfa_check.sh '$T/a/sak-38-26.pdf' > '$T/pdf.chk'; grep -q 'not 1.4' '$T/pdf.chk' && grep -q 'output intent' '$T/pdf.chk' && grep -q 'pdfaid:part is' '$T/pdf.chk'"
broken "without a GTS_PDFA1 output intent" 's/GTS_PDFA1/GTS_PDFX1/' "0 GTS_PDFA1 output intents"
broken "whose XMP title disagrees with Info" 's/"x-default">Sak 38-26/"x-default">Sak 38-27/' "Info /Title .* but XMP title 'Sak 38-27"
broken "that claims conformance U" "s/pdfaid:conformance='B'/pdfaid:conformance='U'/" "conformance is 'U', not B"
broken "with a PDF 1.7 header" 's/^%PDF-1.4/%PDF-1.7/' "header is not %PDF-1.4"
broken "with a fill alpha below 1" 's|/Type /Catalog|/ca 0.5 /Type /Catalog|' "fill alpha /ca 0.5"
broken "with a font that is not embedded" 's|/FontFile2|/FontFileX|' "font /HPDFAA.* is not embedded"
broken "whose dates disagree" 's|<xmp:ModifyDate>2026|<xmp:ModifyDate>2027|' "Info /ModDate .* but XMP ModifyDate '2027"
broken "with bytes after %%EOF" '$ a junk' "something after the last %%EOF"
broken "that is encrypted" 's|^/Root |/Encrypt 3 0 R /Root |' "encrypted"
check "control: the vedlegg's copy has its two URL links, plan-rp-2024's its contents" sh -c "qpdf --json '$T/a/arkiv/vedlegg-regionalt-samarbeid.pdf' | jq -r -f test/links.jq | grep -c '^page [0-9]*: u:https://' | grep -qx 2 && qpdf --json '$T/a/arkiv/plan-rp-2024.pdf' | jq -r -f test/links.jq | grep -q '^page 2: to page 3'"
a="$T/a/arkiv/vedlegg-regionalt-samarbeid.pdf"
broken "with a link that does not print" 's|/F 4|/F 0|' "/Link annotation that does not print"
a="$T/a/arkiv/sak-38-26.pdf"
broken "with JavaScript" 's|/Type /Catalog|/OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Type /Catalog|' "JavaScript"

# The ToUnicode maps are bfrange maps, not libharu's begincidrange.
check "sak-38-26: no cidrange in any ToUnicode map" sh -c "qpdf --qdf --object-streams=disable '$a' '$T/qdf.pdf'; grep -a -q beginbfrange '$T/qdf.pdf' && ! grep -a -q begincidrange '$T/qdf.pdf'"

# A big sak, streamed page by page to both painters: the same text, and
# the copy passes the checker.
test/genplan 1000 "$T/syn" > /dev/null 2>&1
$SP build "$T/syn/master.xml" sak-syntetisk -o "$T/syn/o" --archive 2>/dev/null
check "1000-tiltak sak: the archival copy passes the checker" sh test/pdfa_check.sh "$T/syn/o/arkiv/sak-syntetisk.pdf"
words "$T/syn/o/sak-syntetisk.pdf" > "$T/syn/c.txt"
words "$T/syn/o/arkiv/sak-syntetisk.pdf" > "$T/syn/h.txt"
check "1000-tiltak sak: pdftotext of the copy has the words of the PDF, page by page" sh -c "test -s '$T/syn/c.txt' && cmp '$T/syn/c.txt' '$T/syn/h.txt'"
boxes "$T/syn/o/sak-syntetisk.pdf" > "$T/syn/c.box"
boxes "$T/syn/o/arkiv/sak-syntetisk.pdf" > "$T/syn/h.box"
check "1000-tiltak sak: every word at the same place (0.02 pt)" awk -v tol=0.02 -f test/wordbox.awk "$T/syn/c.box" "$T/syn/h.box"

# Characters off the beaten track: none in the bundled fonts (CJK, Arabic
# and Hebrew, right to left; an emoji beyond the 16-bit codes libharu
# encodes), composites of composites (½), ligature characters, and a
# title with XML's special characters (for the XMP).
cat > "$T/edge.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<region id="e" namn="Kantrådet" stad="Kantby">
  <organisasjon><organ id="r" namn="Rådet"/></organisasjon>
  <sak id="sak-e" nr="01-26" organ="r" dato="2026-01-01"><tittel>Kant &amp; &lt;kant&gt; «sitat» 'x' "y"</tittel>
    <avsnitt>Helsing: 你好. Smil 😀 no. Pil → og ≥ 5 og ﬁn og ﬂ. Grad 5 °C, 5″, 1½ og ¾.</avsnitt>
    <avsnitt>Arabisk: مرحبا. Hebraisk: שלום. Office, offisiell, flyt, fjord.</avsnitt>
  </sak>
</region>
XML
$SP build "$T/edge.xml" -o "$T/edge" --archive 2>/dev/null
check "edge cases: the copy passes the checker (the title escaped in the XMP)" sh test/pdfa_check.sh "$T/edge/arkiv/sak-e.pdf"
pdftotext "$T/edge/sak-e.pdf" "$T/edge/c.txt" 2>/dev/null
pdftotext "$T/edge/arkiv/sak-e.pdf" "$T/edge/h.txt" 2>/dev/null
check "edge cases: pdftotext of the copy equals that of the PDF, emoji and all" sh -c "grep -q '😀' '$T/edge/c.txt' && cmp '$T/edge/c.txt' '$T/edge/h.txt'"
# the word "1½" from the PDF's word boxes, cut out of both at 300 dpi
pdftotext -bbox "$T/edge/sak-e.pdf" "$T/edge/c.box" 2>/dev/null
set -- $(grep '>1½<' "$T/edge/c.box" | awk -F'"' '{ printf "%d %d %d %d", $2 * 300 / 72 - 4, $4 * 300 / 72 - 4, ($6 - $2) * 300 / 72 + 8, ($8 - $4) * 300 / 72 + 8 }')
pdftoppm -r 300 -gray -x "$1" -y "$2" -W "$3" -H "$4" "$T/edge/sak-e.pdf" "$T/edge/c"
pdftoppm -r 300 -gray -x "$1" -y "$2" -W "$3" -H "$4" "$T/edge/arkiv/sak-e.pdf" "$T/edge/h"
check "edge cases: 1½ looks the same in both (under 40 grey pixels differ at 300 dpi; without its numerals, 304)" sh -c "test -s '$T/edge/c-1.pgm' && test \$(cmp -l '$T/edge/c-1.pgm' '$T/edge/h-1.pgm' | wc -l) -lt 40"

# Reproducible: a second build from another directory, with the program
# and its data elsewhere, a second later, gives the same bytes from both
# painters.
mkdir -p "$T/other/build" "$T/run"
cp -R styles fonts icc plan "$T/other/"
cp build/sakspapir "$T/other/build/"
cp -R build/hyph "$T/other/build/"
sleep 1
(cd "$T/run" && "$T/other/build/sakspapir" build "$T/other/plan/hallingdal.xml" -o "$T/b" --archive 2>/dev/null)
for n in $(cat "$T/docs"); do
	check "$n: byte-identical from another directory (the PDF)" cmp "$T/a/$n" "$T/b/$n"
	check "$n: byte-identical from another directory (libharu)" cmp "$T/a/arkiv/$n" "$T/b/arkiv/$n"
done

# SOURCE_DATE_EPOCH sets the dates of both, in Info and XMP alike.
SOURCE_DATE_EPOCH=1767225600 $SP build $MASTER sak-38-26 -o "$T/e1" --archive 2>/dev/null
sleep 1
SOURCE_DATE_EPOCH=1767225600 $SP build $MASTER sak-38-26 -o "$T/e2" --archive 2>/dev/null
check "SOURCE_DATE_EPOCH: the copy's dates are 2026-01-01" sh -c "pdfinfo -isodates '$T/e1/arkiv/sak-38-26.pdf' | grep -q '^CreationDate: *2026-01-01T00:00:00' && pdfinfo -isodates '$T/e1/arkiv/sak-38-26.pdf' | grep -q '^ModDate: *2026-01-01T00:00:00'"
check "SOURCE_DATE_EPOCH: the XMP says the same" sh -c "grep -a -q '<xmp:CreateDate>2026-01-01T00:00:00+00:00</xmp:CreateDate>' '$T/e1/arkiv/sak-38-26.pdf'"
check "SOURCE_DATE_EPOCH: the checker passes" sh test/pdfa_check.sh "$T/e1/arkiv/sak-38-26.pdf"
check "SOURCE_DATE_EPOCH: two builds, the same bytes (libharu)" cmp "$T/e1/arkiv/sak-38-26.pdf" "$T/e2/arkiv/sak-38-26.pdf"
check "SOURCE_DATE_EPOCH: two builds, the same bytes (the PDF)" cmp "$T/e1/sak-38-26.pdf" "$T/e2/sak-38-26.pdf"
check "SOURCE_DATE_EPOCH changes the copy (its /ID follows the content)" sh -c "! cmp -s '$T/e1/arkiv/sak-38-26.pdf' '$T/a/arkiv/sak-38-26.pdf'"

# Without --archive there is no copy; a failed build leaves both alone.
$SP build $MASTER sak-38-26 -o "$T/n" 2>/dev/null
check "without --archive no arkiv/ is written" test ! -e "$T/n/arkiv"
mkdir -p "$T/ro"
echo old > "$T/ro/sak-38-26.pdf"
echo "not a directory" > "$T/ro/arkiv"
check "arkiv/ that cannot be made: exit 3" exits 3 $SP build $MASTER sak-38-26 -o "$T/ro" --archive
check "... with a message naming it" has "$T/err" "^sakspapir: .*arkiv.*error"
check "... and the PDF is left as it was" sh -c "test \"\$(cat '$T/ro/sak-38-26.pdf')\" = old"

rm -rf "$T"
