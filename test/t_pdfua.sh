#!/bin/sh
# t_pdfua.sh: the tagging of every PDF in out/, checked by test/pdfcheck.c
# on qpdf's uncompressed rewrite of it (see the comment there for what it
# checks), and the structure text of Sak 38-26 against its seed.
. test/lib.sh
CHECK=${CHECK:-./build/pdfcheck}

# ua PDF: pdfcheck's verdict on PDF.
ua() {
	qpdf --qdf --object-streams=disable "$1" "$T/q.pdf" || return 1
	"$CHECK" "$1" < "$T/q.pdf"
}

# every PDF in out/ and its print bundles; a booklet's sheets hold the
# pages out of reading order and are untagged on purpose (t_pdf.sh)
set --
for f in out/*.pdf out/trykk/*.pdf; do
	case $f in *-hefte.pdf|*'*'*) ;; *) set -- "$@" "$f" ;; esac
done
plan $(($# + 15))
for f in "$@"; do
	check "$f: tagged for PDF/UA (pdfcheck)" ua "$f"
done
f=out/sak-38-26.pdf
check "$f: there is a PDF to read" pdf "$f"
sh test/structtext.sh "$f" > "$T/struct.txt"
check "sak-38-26: the structure text has every sentence of seed 002, word for word" \
    sh test/sentences.sh -w "$SEEDS/002_96947c3d0fb392ad.txt" "$T/struct.txt" '^\*\*'
check "sak-38-26: the control fails: the display-list text has cut words" \
    sh -c "$SP build $MASTER sak-38-26 --dump-layout | sed -n 's/^  text [^\"]*\"\(.*\)\" g=.*/\1/p' > '$T/dl.txt' && ! sh test/sentences.sh -w '$SEEDS/002_96947c3d0fb392ad.txt' '$T/dl.txt' '^\*\*'"
check "sak-38-26: no footer in the structure text" \
    sh -c "! grep -q 'Side [0-9]* av' '$T/struct.txt' && pdftotext '$f' - | grep -q 'Side 1 av'"
check "sak-38-26: a word broken at the line end is whole in the structure text" \
    grep -q 'tema: næringsutvikling, helsesamarbeidet' "$T/struct.txt"
check "sak-38-26: and in the extracted text" \
    sh -c "pdftotext '$f' - | grep -q 'tema: næringsutvikling, helsesamarbeidet'"
# control: with its artifact marks blanked out, pdfcheck must object
qpdf --qdf --object-streams=disable "$f" "$T/q.pdf"
sed 's|^/Artifact BMC$|             |' "$T/q.pdf" > "$T/bad.pdf"
fails "pdfcheck finds content that is neither tagged nor artifact (control)" \
    "$CHECK" control < "$T/bad.pdf"
qpdf --qdf --object-streams=disable out/sak-03-26.pdf "$T/q.pdf"
sed 's|^  /Alt <|  /Xlt <|' "$T/q.pdf" > "$T/bad.pdf"
check "pdfcheck finds a Figure without /Alt: the chart of Sak 03-26 with its /Alt renamed (control)" \
    sh -c "grep -q '^  /Xlt <' '$T/bad.pdf' && ! '$CHECK' control < '$T/bad.pdf' > '$T/bad.out' && grep -q 'control: a Figure without /Alt' '$T/bad.out'"
# control: the first font program of Sak 03-26 told it has 2 glyphs
# (maxp.numGlyphs): pdfcheck must see loca disagree and glyphs shown past
# the end (od/dd: the offsets of the stream, its maxp entry and table)
L=$(grep -boa '/Length1' "$T/q.pdf" | head -1 | cut -d: -f1)
S=$(tail -c +$((L + 1)) "$T/q.pdf" | grep -boa '^stream$' | head -1 | cut -d: -f1)
S=$((L + S + 7))
M=$(tail -c +$((S + 1)) "$T/q.pdf" | grep -boa 'maxp' | head -1 | cut -d: -f1)
O=$(od -An -tu1 -j $((S + M + 8)) -N 4 "$T/q.pdf" |
    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
cp "$T/q.pdf" "$T/bad.pdf"
printf '\000\002' | dd of="$T/bad.pdf" bs=1 seek=$((S + O + 4)) conv=notrunc 2>/dev/null
check "pdfcheck finds a font program whose maxp disagrees with its loca and with the glyphs shown (control)" \
    sh -c "! '$CHECK' control < '$T/bad.pdf' > '$T/bad.out'; grep -q 'control: a font program.s loca holds [0-9]* bytes for 2 glyphs' '$T/bad.out' && grep -q 'control: page 1: glyph [0-9]* shown, past the 2 of its font program' '$T/bad.out'"
check "pdfcheck -d dumps the tree: a TH with its scope in Sak 03-26" \
    sh -c "qpdf --qdf --object-streams=disable out/sak-03-26.pdf - | $CHECK -d sak-03-26 | grep -q '^        TH scope=Column$'"
check "sak-03-26: the NOU quotation (xml:lang=\"nb\") is a BlockQuote with /Lang nb" \
    sh -c "qpdf --qdf --object-streams=disable out/sak-03-26.pdf - | $CHECK -d sak-03-26 | grep -q '^  BlockQuote lang=nb$'"
check "sak-03-26: the bullet lines of a tiltak's cell are a list: TD > L > LI > Lbl, LBody" \
    sh -c "qpdf --qdf --object-streams=disable out/sak-03-26.pdf - | $CHECK -d sak-03-26 | grep -v mcid | awk '/^ *TD\$/ { s = 1; next } s == 1 && /^ *L\$/ { s = 2; next } s == 2 && /^ *LI\$/ { s = 3; next } s == 3 && /^ *Lbl\$/ { ok = 1 } { s = 0 } END { exit !ok }'"
# a title with & and < is written &amp; and &lt; in the XMP: the same
# title as /Info's, which pdfcheck must see (it compared the XML as text)
cat > "$T/amp.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<region id="k" namn="Kantrådet" stad="Kantby">
  <organisasjon><organ id="r" namn="Rådet"/></organisasjon>
  <sak id="sak-k" nr="01-26" organ="r" dato="2026-01-01"><tittel>Plan- &amp; byggesak &lt;utkast&gt; "ny"</tittel><avsnitt>Tekst.</avsnitt></sak>
</region>
XML
$SP build "$T/amp.xml" -o "$T/amp" 2>/dev/null
check "a title with & and < in it: XMP and /Info agree (pdfcheck)" ua "$T/amp/sak-k.pdf"
qpdf --qdf --object-streams=disable "$T/amp/sak-k.pdf" "$T/q.pdf"
sed 's|byggesak &lt;utkast|byggesak &lt;UTKAST|' "$T/q.pdf" > "$T/bad.pdf"
fails "pdfcheck finds a dc:title that is not the /Info /Title (control)" \
    "$CHECK" control < "$T/bad.pdf"
mkdir -p "$T/m" && cp -r plan "$T/m/" && sed -i 's/xml:lang="nb"/xml:lang="not a language"/' "$T/m/plan/saker/sak-03-26.xml"
fails "lint refuses an xml:lang that is no language tag" $SP lint "$T/m/plan/hallingdal.xml"
rm -rf "$T"
