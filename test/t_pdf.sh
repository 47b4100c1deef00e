#!/bin/sh
# t_pdf.sh: the rendered PDFs, checked through poppler-utils, qpdf and
# MuPDF (a second reader, stricter than poppler about fonts).
. test/lib.sh

# Every target the master names (list), not whatever the build left.
$SP list $MASTER | cut -f2 | sed 's|^out/||' > "$T/targets"
nt=$(wc -l < "$T/targets")
plan $((39 + 9 * nt))
check "list names the targets ($nt)" test "$nt" -gt 2
check "build of every target succeeds" $SP build $MASTER -o "$T/a"
$SP build $MASTER -o "$T/b" 2>"$T/err.b"
for n in $(cat "$T/targets"); do
	f="$T/a/$n"
	check "$n: a PDF with pages" pdf "$f"
	check "$n: two builds are byte-identical" cmp "$f" "$T/b/$n"
	check "$n: qpdf --check finds no problem" qpdf --check "$f"
	# a number allocated and never written would be a free entry, read
	# as null wherever it is referred to: qpdf lists none of them
	check "$n: every object number is written (none left free)" sh -c "test \$(qpdf --show-xref '$f' | grep -c 'compressed;') -eq \$(( \$(qpdf --show-object=trailer '$f' | sed -n 's/.*\/Size \([0-9]*\).*/\\1/p') - 1 ))"
	case $n in
	*-hefte.pdf)	# a booklet's sheets hold the pages out of reading
		# order: untagged on purpose, its bundle is the tagged one
		check "$n: untagged print sheets, the bundle tagged" sh -c \
		    "pdfinfo '$f' | grep -q '^Tagged: *no' && pdfinfo '${f%-hefte.pdf}.pdf' | grep -q '^Tagged: *yes'" ;;
	*)	check "$n: tagged" sh -c "pdfinfo '$f' | grep -q '^Tagged: *yes'" ;;
	esac
	# every page drawn by MuPDF, with not a warning (Debian's mutool
	# always says it has no ICC support: that line alone is dropped)
	check "$n: MuPDF draws every page without a word" sh -c "mutool draw -q -r 12 -o '$T/mu-%d.png' '$f' > '$T/mu.out' 2>&1; rc=\$?; grep -v '^warning: ICC support is not available\$' '$T/mu.out'; test \$rc -eq 0 && ! grep -q -v '^warning: ICC support is not available\$' '$T/mu.out' && ls '$T'/mu-*.png > /dev/null && rm -f '$T'/mu-*.png"
	check "$n: only bundled fonts, all embedded" sh -c "pdffonts '$f' | awk 'NR>2 { if (\$1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\\+Noto(Sans|Serif)-(Regular|Bold|Italic|BoldItalic)\$/) bad=1; if (\$(NF-4) != \"yes\") bad=1; n++ } END { exit bad || n == 0 }'"
done

f="$T/a/sak-38-26.pdf"
check "sak-38-26: every sentence of the seed, in order" sh test/sentences.sh "$SEEDS/002_96947c3d0fb392ad.txt" "$f" '^\*\*Sak 38-26'
fails "sentence check fails on the wrong document (control)" sh test/sentences.sh "$SEEDS/002_96947c3d0fb392ad.txt" "$T/a/sak-03-26.pdf" '^\*\*Sak 38-26'
check "sak-38-26: title in the metadata" sh -c "pdfinfo '$f' | grep -q '^Title: *Sak 38-26 Drøftingssak – næringsutvikling. Oppfølging frå Hallingting$'"
check "sak-38-26: author is the signer" sh -c "pdfinfo '$f' | grep -q '^Author: *Jan Olav Helling$'"
check "sak-38-26: creation date is the sak's date" sh -c "pdfinfo '$f' | grep -q '^CreationDate: .*Jun 11 .*2026'"
check "sak-38-26: footer Side 1 av N" sh -c "pdftotext -f 1 -l 1 '$f' - | grep -Eq '^Side 1 av [0-9]+$'"
check "sak-38-26: signature place and date" sh -c "pdftotext '$f' - | grep -q '^Hallingdal, 11. juni 2026$'"
check "sak-38-26: the tagged text keeps the spaces at line breaks" sh -c "pdfinfo -struct-text '$f' | grep -q 'Det er stor semje om at kommunane bør ha fokus på næringsutvikling fordi det skaper attraksjonskraft, arbeidsplassar, hindrar fråflytting'"
check "sak-38-26: footers stay out of the tagged text" sh -c "pdfinfo -struct-text '$f' > '$T/struct.txt' && grep -q 'Regionrådet har drøfta saka' '$T/struct.txt' && ! grep -q 'Side 1 av' '$T/struct.txt'"
check "sak-38-26: outline has the headings" sh -c "qpdf --json '$f' | grep -q '\"title\": \"Vurdering\"'"

# PNG previews: one file a page, real PNGs.
$SP build $MASTER sak-38-26 --png -o "$T/png" 2>/dev/null
check "--png writes one PNG a page" sh -c "test -s '$T/png/sak-38-26-1.png' && test -s '$T/png/sak-38-26-2.png' && head -c 4 '$T/png/sak-38-26-1.png' | grep -q PNG"
check "--png writes no PDF" test ! -e "$T/png/sak-38-26.pdf"
# cairo (and the dozen libraries it brings) is opened for PNG pages only
# (paint_cairo.c): the dynamic loader says which files it loads.
LD_DEBUG=files $SP build $MASTER sak-38-26 -o "$T/ldpdf" 2>"$T/ld-pdf" >/dev/null
LD_DEBUG=files $SP build $MASTER sak-38-26 --png -o "$T/ldpng" 2>"$T/ld-png" >/dev/null
check "a PDF build does not load cairo, pixman or X11" sh -c "test -s '$T/ldpdf/sak-38-26.pdf' && grep -q 'file=libpango' '$T/ld-pdf' && ! grep -E -q 'file=lib(cairo|pixman|X11)' '$T/ld-pdf'"
check "a --png build loads cairo when it paints" sh -c "test -s '$T/ldpng/sak-38-26-1.png' && grep -q 'file=libcairo.so.2.*dynamically loaded' '$T/ld-png'"

# The style is read at run time: a wider left margin moves the text.
sed 's/^margin.left.*/margin.left = 40mm/' styles/standard.style > "$T/wide.style"
$SP build $MASTER sak-38-26 --dump-layout > "$T/std.dl" 2>/dev/null
$SP build $MASTER sak-38-26 --style "$T/wide.style" --dump-layout > "$T/wide.dl" 2>/dev/null
check "style: text starts at the standard 25 mm margin" grep -q '^  text f[0-9]* #[0-9a-f]* 70.87 ' "$T/std.dl"
check "style: a 40 mm margin in the style file moves it, no rebuild" sh -c "grep -q '^  text f[0-9]* #[0-9a-f]* 113.39 ' '$T/wide.dl' && ! grep -q '^  text f[0-9]* #[0-9a-f]* 70.87 ' '$T/wide.dl'"

# Bokmål is a style that includes the standard one and changes its words.
$SP build $MASTER sak-03-26 --style styles/bokmal.style -o "$T/nb" 2>/dev/null
pdftotext -raw "$T/nb/sak-03-26.pdf" "$T/nb.txt" 2>/dev/null
check "bokmal.style: Bokmål status words in the table" sh -c "grep -q 'Ikke vurdert' '$T/nb.txt' && grep -q 'Rød' '$T/nb.txt' && ! grep -q 'Ikkje vurdert' '$T/nb.txt'"
check "bokmal.style: the PDF language is nb-NO" sh -c "qpdf --qdf --object-streams=disable '$T/nb/sak-03-26.pdf' - | grep -a -q -i '^  /Lang <FEFF006E0062002D004E004F>$'"

# The compiled hyphenation patterns hyphenate exactly as the .dic does.
SAKSPAPIR_HYPH_SOURCE=1 $SP build $MASTER -o "$T/h" 2>/dev/null
for n in $(cat "$T/targets"); do
	check "$n: compiled patterns give the same bytes as the .dic" cmp "$T/a/$n" "$T/h/$n"
done
test -x build/genplan && build/genplan 400 "$T/g" >/dev/null 2>&1 &&
    $SP build "$T/g/master.xml" -o "$T/g1" 2>/dev/null &&
    SAKSPAPIR_HYPH_SOURCE=1 $SP build "$T/g/master.xml" -o "$T/g2" 2>/dev/null
check "synthetic sak: compiled patterns give the same bytes as the .dic" cmp "$T/g1/sak-syntetisk.pdf" "$T/g2/sak-syntetisk.pdf"
# A damaged compiled file (cut short, or a count in its header past the
# end) is refused when mapped: a warning names it, the .dic is loaded
# instead, and the sak has the same bytes.
mkdir -p "$T/dmg/plan" "$T/dmg/build"
cp -r styles fonts icc "$T/dmg/" && cp -r plan/schema "$T/dmg/plan/" && cp -r build/hyph "$T/dmg/build/"
bin="$T/dmg/build/hyph/hyph_nn_NO.dic.bin"
head -c 300000 build/hyph/hyph_nn_NO.dic.bin > "$bin"
SAKSPAPIR_DATA="$T/dmg" $SP build $MASTER sak-03-26 -o "$T/dmg1" 2>"$T/dmg1.err"
check "a truncated compiled hyphenation file: warned about, the .dic used, the same bytes" sh -c "[ $? = 0 ] && grep -q 'hyph_nn_NO\.dic\.bin: warning: damaged compiled hyphenation patterns; loading /usr/share/hyphen/hyph_nn_NO\.dic instead (remove this file' '$T/dmg1.err' && cmp '$T/a/sak-03-26.pdf' '$T/dmg1/sak-03-26.pdf'"
# nstates of the second level (bytes 116..119 of the header) made huge
{ head -c 116 build/hyph/hyph_nn_NO.dic.bin; printf '\377\377\377\177'; tail -c +121 build/hyph/hyph_nn_NO.dic.bin; } > "$bin"
SAKSPAPIR_DATA="$T/dmg" $SP build $MASTER sak-03-26 -o "$T/dmg2" 2>"$T/dmg2.err"
check "a compiled hyphenation file with a count past its end: warned about, the same bytes" sh -c "[ $? = 0 ] && test \$(wc -c < '$bin') = \$(wc -c < build/hyph/hyph_nn_NO.dic.bin) && grep -q 'warning: damaged compiled hyphenation patterns' '$T/dmg2.err' && cmp '$T/a/sak-03-26.pdf' '$T/dmg2/sak-03-26.pdf'"
# 400 tiltak are streamed, page by page, to the painting thread; painting
# in line must give the same bytes.
SAKSPAPIR_PAINT_THREAD=0 $SP build "$T/g/master.xml" -o "$T/g3" 2>/dev/null
check "synthetic sak: the painting thread gives the bytes of painting in line" sh -c "test \$(pdfinfo '$T/g1/sak-syntetisk.pdf' | awk '/^Pages:/ { print \$2 }') -gt 5 && cmp '$T/g1/sak-syntetisk.pdf' '$T/g3/sak-syntetisk.pdf'"
# A streamed page's glyphs go once it is painted; with --archive the PDF
# and the PDF/A painters share them (each page's arena has two owners):
# the same bytes as one painter alone and as painting in line (check-asan
# runs this under AddressSanitizer, which sees a glyph freed too soon).
$SP build "$T/g/master.xml" -o "$T/g4" --archive 2>/dev/null
SAKSPAPIR_PAINT_THREAD=0 $SP build "$T/g/master.xml" -o "$T/g5" --archive 2>/dev/null
check "synthetic sak --archive: the PDF is the one built without the PDF/A copy" cmp "$T/g1/sak-syntetisk.pdf" "$T/g4/sak-syntetisk.pdf"
check "synthetic sak --archive: the PDF/A copy painted on threads is the one painted in line" sh -c "test -s '$T/g4/arkiv/sak-syntetisk.pdf' && cmp '$T/g4/arkiv/sak-syntetisk.pdf' '$T/g5/arkiv/sak-syntetisk.pdf' && cmp '$T/g4/sak-syntetisk.pdf' '$T/g5/sak-syntetisk.pdf'"
# One layout pass: the pages finished before the last was known get
# their number late, as a second content stream. Every page (of the PDF
# and of its PDF/A copy) says its own number and the right count, once,
# on its last line (pdftotext -layout keeps a page's lines in order).
# folios FILE: fails naming the first page that does not.
folios() {
	np=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	[ "${np:-0}" -gt 5 ] || { echo "only ${np:-no} pages"; return 1; }
	i=1
	while [ "$i" -le "$np" ]; do
		pdftotext -layout -f "$i" -l "$i" "$1" - | awk -v want="Side $i av $np" '
			/Side [0-9]+ av [0-9]+/ { n++ }
			/[^ \t\f]/ { last = $0 }
			END { l = length(last); w = length(want)
			      exit !(n == 1 && l >= w && substr(last, l - w + 1) == want) }' ||
		    { echo "page $i of $np: no \"Side $i av $np\" at its foot"; return 1; }
		i=$((i + 1))
	done
}
check "synthetic sak: every page numbered, the late numbers too" folios "$T/g1/sak-syntetisk.pdf"
check "synthetic sak --archive: every page of the PDF/A copy numbered" folios "$T/g4/arkiv/sak-syntetisk.pdf"
$SP list $MASTER | sed 's|\tout/|\t|' > "$T/names"
while IFS='	' read -r name n; do
	SAKSPAPIR_PAINT_THREAD=0 $SP build $MASTER "$name" -o "$T/p" 2>/dev/null
	check "$n: the painting thread gives the bytes of painting in line" cmp "$T/a/$n" "$T/p/$n"
done < "$T/names"

SOURCE_DATE_EPOCH=86400 $SP build $MASTER sak-38-26 -o "$T/c" 2>/dev/null
check "SOURCE_DATE_EPOCH sets the creation date" sh -c "pdfinfo '$T/c/sak-38-26.pdf' | grep -q '^CreationDate: .*Jan  2 .*1970'"

# Sak 03-26: every tiltak of the seed's table with its Tid and Ansvar, in
# the source's order (content order, so -raw).
f="$T/a/sak-03-26.pdf"
pdftotext -raw "$f" "$T/raw.txt"
check "sak-03-26: all 69 tiltak with Tid and Ansvar in source order" awk -F'\t' '
function norm(s) {
	gsub(/<[^>]*>/, "", s)
	gsub(/\xc2\xad|\xc2\xa0|\xe2\x80\x93|\xe2\x80\xa2/, "", s)
	gsub(/[ \t\r\n:*#_\-]/, "", s)
	return s
}
FNR == NR { pdf = pdf $0 "\n"; next }
$1 ~ /^[1-6]\.[0-9]\.[0-9]/ {
	nrows++
	match($1, /^[1-6]\.[0-9]\.[0-9]\.?/)
	want[1] = substr($1, 1, RLENGTH); want[2] = substr($1, RLENGTH + 1)
	want[3] = $2; want[4] = $3
	for (k = 1; k <= 4; k++) {
		s = norm(want[k]); if (s == "") continue
		i = index(substr(text, pos), s)
		if (i == 0) { print "row " nrows " field " k " missing: " s; bad++ }
		else pos += i - 1 + length(s)
	}
}
FNR == 1 && NR != 1 { text = norm(pdf); pos = 1 }
END { print nrows " rows"; exit bad || nrows != 69 }' "$T/raw.txt" "$SEEDS/000_f0894e16d98ad425.txt"

# The header row on every page the table spans.
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
check "sak-03-26: header row on every page that holds tiltak rows" sh -c '
	p=1 n=0; while [ $p -le '"$pages"' ]; do
		pdftotext -raw -f $p -l $p "'"$f"'" - > "'"$T"'/pg.txt"
		if grep -Eq "^[1-6]\.[0-9]\.[0-9]\.? " "'"$T"'/pg.txt"; then
			n=$((n+1))
			grep -Eq "^Nr. Tiltak Tid Ansvar (Involvering )?Status Kommentar$" "'"$T"'/pg.txt" || { echo "page $p"; exit 1; }
		fi
		p=$((p+1))
	done
	echo "$n pages with tiltak rows"; [ "${n:-0}" -gt 1 ]'

# Status cells: fill plus word. Raud for 1.2.2 in the table.
$SP build $MASTER sak-03-26 --dump-layout > "$T/dl.txt"
raud=$(sed -n 's/^status\.raud\.fill *= *#\(......\).*/\1/p' styles/standard.style | tr 'A-F' 'a-f')
check "sak-03-26: a raud cell carries the word Raud on its fill" awk -v raud="$raud" '
$1 == "fill" && $2 == "#" raud { f = 1; next }
f && /begin TD/ { next }
f && /text .*"Raud"/ { n++ }
{ f = 0 }
END { exit n < 2 }' "$T/dl.txt"
check "sak-03-26: the chart is a tagged figure with alt text" has "$T/dl.txt" "begin Figure alt='Status per innsatsområde\. 1  NÆRINGSUTVIKLING"
# the catalog and the structure elements are in compressed object
# streams: read through qpdf's uncompressed rewrite
qpdf --qdf --object-streams=disable "$f" "$T/q.pdf"
check "sak-03-26: the figure has its alternative text in the PDF" sh -c "./build/pdfcheck -d sak-03-26 < '$T/q.pdf' | grep -q '^  *Figure alt=\"Status per innsatsområde\. 1  NÆRINGSUTVIKLING'"
check "sak-03-26: the document language is nn-NO" sh -c "grep -a -q -i '^  /Lang <FEFF006E006E002D004E004F>$' '$T/q.pdf'"
# the cross-reference stream, as qpdf reads it: each object written
# plainly is where it says, each other one in an object stream that is
qpdf --show-xref "$f" > "$T/xref.txt"
check "sak-03-26: every cross-reference offset points at its object" awk '
FNR == NR { data = data $0 "\n"; next }
/uncompressed; offset = / {
	split($1, k, "/"); o = $NF + 0; plain[k[1]] = 1; n++
	if (substr(data, o + 1, length(k[1] " 0 obj")) != k[1] " 0 obj") { print "object " k[1] " not at " o; bad++ }
}
/: compressed; stream = / { sub(/,/, "", $5); instream[$5] = 1; m++ }
END {
	for (s in instream) if (!(s in plain)) { print "object stream " s " is not in the file"; bad++ }
	sx = substr(data, length(data) - 40)
	match(sx, /startxref\n[0-9]+/); x = substr(sx, RSTART + 10, RLENGTH - 10) + 0
	if (substr(data, x + 1) !~ /^[0-9]+ 0 obj/) { print "startxref is off"; bad++ }
	print n " objects at offsets, " m " in object streams"
	exit bad > 0 || n == 0 || m == 0
}' "$f" "$T/xref.txt"
check "sak-03-26: legend words of the source" sh -c "grep -q 'Påstarta – i rute' '$T/raw.txt' && grep -q 'Ikkje gjennomført – ikkje i rute' '$T/raw.txt' && grep -q 'Ferdig, gjennomført' '$T/raw.txt'"
check "sak-03-26: the NOU quotation is there" grep -q "Det hjelper lite å ha en rettighet" "$T/raw.txt"
check "sak-03-26: and its source under it" grep -q "^– NOU 2026:1 En bærekraftig kommunesektor$" "$T/raw.txt"

rm -rf "$T"
