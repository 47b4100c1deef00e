#!/bin/sh
# t_cli.sh: the command line contract: help, version, exit codes, messages
# with file:line, and that a failed build touches no output.
. test/lib.sh
plan 55

check "--help exits 0 and shows the commands" sh -c "$SP --help | grep -q 'sakspapir build'"
check "--version prints the version" sh -c "$SP --version | grep -Eq '^sakspapir [0-9]+\.[0-9]+'"
check "no arguments: usage, exit 2" exits 2 $SP
check "unknown command: exit 2" exits 2 $SP frobnicate
check "build without a master: exit 2" exits 2 $SP build
check "unknown option: exit 2" exits 2 $SP build --bogus $MASTER
check "unknown target: exit 2" exits 2 $SP build $MASTER sak-99-99 -o "$T/none"
check "unknown target writes nothing" test ! -e "$T/none"
check "list names every sak with its output" sh -c "$SP list $MASTER | grep -q '^sak-03-26	out/sak-03-26.pdf$' && $SP list $MASTER | grep -q '^sak-38-26	'"

# Progress lines on a terminal only (script(1), from the essential
# bsdutils, gives the build one).
script -qc "$SP build $MASTER -o '$T/tty'" /dev/null > "$T/tty.txt" 2>&1
check "progress lines on a terminal: [1/N] out/…" grep -q '^\[1/[0-9]*\] .*sak-03-26.pdf' "$T/tty.txt"
$SP build $MASTER sak-38-26 -o "$T/notty" > "$T/notty.txt" 2>&1
check "no progress lines when not on a terminal" test ! -s "$T/notty.txt"

# Nested parts, beside and below each other: every message names the
# part and its line, and deps lists them all.
mkdir -p "$T/n/saker/del" "$T/n/felles"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<region xmlns:xi="http://www.w3.org/2001/XInclude" id="n" namn="Nest" stad="Nestby">' \
    '  <organisasjon><organ id="r" namn="Rådet"/></organisasjon>' \
    '  <xi:include href="saker/s.xml"/>' '</region>' > "$T/n/master.xml"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<sak xmlns:xi="http://www.w3.org/2001/XInclude" id="sak-n" nr="01-26" organ="r" dato="2026-01-01">' \
    '  <tittel>Nest</tittel>' '  <xi:include href="del/sek.xml"/>' \
    '  <xi:include href="t.xml"/>' '  <xi:include href="../felles/f.xml"/>' '</sak>' > "$T/n/saker/s.xml"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<seksjon tittel="Del">' '' \
    '  <avsnitt>Sjå <tiltakref ref="nope-1"/>.</avsnitt>' '</seksjon>' > "$T/n/saker/del/sek.xml"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<avsnitt>T <tiltakref ref="nope-2"/>.</avsnitt>' > "$T/n/saker/t.xml"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<seksjon tittel="F">' \
    '  <avsnitt>F</avsnitt>' '  <avsnitt>Sjå <tiltakref ref="nope-3"/>.</avsnitt>' '</seksjon>' > "$T/n/felles/f.xml"
check "nested parts: lint exits 1" exits 1 $SP lint "$T/n/master.xml"
check "an error two parts deep names that part and line" has "$T/err" "saker/del/sek.xml:4: error: .*nope-1"
check "an error in a part beside its includer, too" has "$T/err" "saker/t.xml:2: error: .*nope-2"
check "and in a part up and across" has "$T/err" "felles/f.xml:4: error: .*nope-3"
check "deps lists every nested part" sh -c "$SP deps '$T/n/master.xml' sak-n | grep -q 'master.xml .*saker/s.xml .*saker/del/sek.xml .*saker/t.xml .*felles/f.xml'"
sed -i 's|href="t.xml"|href="tt.xml"|' "$T/n/saker/s.xml"
check "a missing nested part: exit 1" exits 1 $SP lint "$T/n/master.xml"
check "named at the include's file and line" has "$T/err" "saker/s.xml:5: error: cannot include .*tt.xml"

# deps: a make rule with every part of the master.
check "deps: a make rule for the target" sh -c "$SP deps $MASTER sak-38-26 | grep -q '^out/sak-38-26.pdf: plan/hallingdal.xml plan/organisasjon.xml .*plan/saker/sak-38-26.xml .*standard.style'"
check "deps of an unknown target: exit 2" exits 2 $SP deps $MASTER sak-99-99

# A missing master.
check "missing master: exit 1" exits 1 $SP build "$T/nothing.xml" -o "$T/o"
check "missing master: the message names the file" has "$T/err" "nothing.xml: error:"

# Broken copies of the real master, each beside an existing good PDF.
mkcopy() {
	rm -rf "$T/m" && cp -r plan "$T/m" && mkdir -p "$T/m/out" &&
	printf 'earlier good output' > "$T/m/out/sak-38-26.pdf"
}
untouched() {
	[ "$(cat "$T/m/out/sak-38-26.pdf")" = "earlier good output" ] &&
	[ "$(ls "$T/m/out")" = "sak-38-26.pdf" ]
}

mkcopy
sed -i '0,/<avsnitt>/s//<avsnitt><b>/' "$T/m/saker/sak-38-26.xml"
check "malformed XML in a part: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "malformed XML: FILE:LINE: error: names the part" has "$T/err" "saker/sak-38-26.xml:[0-9]+: error:"
check "malformed XML: existing PDF untouched, nothing new" untouched

mkcopy
sed -i 's/verdi="raud"/verdi="blå"/' "$T/m/status/status-2026.xml"
check "schema violation (bad status word): exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "schema violation: file:line of the part" has "$T/err" "status/status-2026.xml:[0-9]+: error: schema:"
check "schema violation: existing PDF untouched" untouched

mkcopy
sed -i 's/<kommune id="gol"/<kommune idx="gol"/' "$T/m/organisasjon.xml"
check "schema error in a part beside the master: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "and the message names that part, not the master" has "$T/err" "m/organisasjon.xml:[0-9]+: error: schema"

mkcopy
sed -i 's/<tiltak id="rp24-1.1.1"/<tiltak/' "$T/m/versjonar/rp-2024.xml"
check "schema violation (tiltak without id): exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "missing id: file:line of the tiltak" has "$T/err" "versjonar/rp-2024.xml:[0-9]+: error: schema:.*tiltak"

mkcopy
sed -i 's|saker/sak-38-26.xml|saker/sak-38-99.xml|' "$T/m/hallingdal.xml"
check "missing XIncluded file: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "missing file: FILE:LINE: of the include" has "$T/err" "hallingdal.xml:[0-9]+: error:.*sak-38-99"
check "missing file: existing PDF untouched" untouched

mkcopy
sed -i 's|<?xml version="1.0" encoding="UTF-8"?>|&\n<!DOCTYPE region [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>|' "$T/m/hallingdal.xml"
check "a DOCTYPE with an external entity is refused: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" -o "$T/m/out"
check "DOCTYPE refusal names file and line" has "$T/err" "hallingdal.xml:[0-9]+: error: a DOCTYPE"

mkcopy
check "I/O error (output under a file): exit 3" exits 3 $SP build "$T/m/hallingdal.xml" sak-38-26 -o "$T/m/out/sak-38-26.pdf/x"
check "I/O error: existing PDF untouched" untouched

mkcopy
printf 'include = %s/styles/standard.style\nlabel.page = Side %%s av %%s\n' "$PWD" > "$T/fmt.style"
check "a page label that is not a safe format: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" --style "$T/fmt.style" -o "$T/m/out"
check "a directory as the style: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" --style "$T" -o "$T/m/out"
check "and it says so" has "$T/err" "cannot read the style: is a directory"

mkcopy
printf 'page.width = wide\n' > "$T/bad.style"
check "bad style value: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" --style "$T/bad.style" -o "$T/m/out"
check "bad style: FILE:LINE: error:" has "$T/err" "bad.style:1: error: bad value for page.width"
check "bad style: existing PDF untouched" untouched

mkcopy
printf 'include = %s/styles/standard.style\n# a face we do not ship\nrole.body.family = Arial\n' "$PWD" > "$T/font.style"
check "a font family not bundled: exit 1" exits 1 $SP build "$T/m/hallingdal.xml" sak-38-26 --style "$T/font.style" -o "$T/m/out"
check "a font family not bundled: FILE:LINE of the role.*.family line" has "$T/err" "font.style:3: error: font family \"Arial\" is not among the bundled fonts"

# Characters the bundled fonts lack: drawn as boxes, kept in the text, and
# reported once with the sak's file and line; rows wider than their table
# are refused.
cat > "$T/e.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<region id="e" namn="Kantrådet" stad="Kantby">
  <organisasjon><organ id="r" namn="Rådet"/></organisasjon>
  <sak id="sak-e" nr="01-26" organ="r" dato="2026-01-01"><tittel>Kant</tittel>
    <avsnitt>Helsing: 你好.</avsnitt>
    <avsnitt>Arabisk: مرحبا.</avsnitt>
  </sak>
</region>
XML
check "missing glyphs: the build succeeds" exits 0 $SP build "$T/e.xml" -o "$T/e"
check "missing glyphs: a warning with file:line names the first" has "$T/err" "e.xml:4: warning: sak-e: 7 characters without a glyph .*U\+4F60"
check "missing glyphs: the text still extracts" sh -c "pdftotext '$T/e/sak-e.pdf' - | grep -q '你好'"
check "right-to-left text extracts too" sh -c "pdftotext '$T/e/sak-e.pdf' - | grep -q 'ح'"
# PDF/UA-1 7.21.8: no text shows .notdef; the font's U+FFFD stands in
check "missing glyphs: no glyph 0 (.notdef) is shown, and the tagging holds (pdfcheck)" \
    sh -c "qpdf --qdf --object-streams=disable '$T/e/sak-e.pdf' - | ./build/pdfcheck sak-e"
sed 's|<avsnitt>Helsing: 你好.</avsnitt>|<tabell><kolonne/><rad><celle>a</celle><celle>b</celle></rad></tabell>|' "$T/e.xml" > "$T/f.xml"
check "a table row wider than its table: exit 1" exits 1 $SP build "$T/f.xml" -o "$T/f"
check "a table row wider than its table: lint says where" sh -c "$SP lint '$T/f.xml' 2>&1 | grep -q 'f.xml:5: error: table row needs 2 columns, the table has 1'"

# SAKSPAPIR_TIMING: each stage's wall time is its own; cleanup (the
# frees after the last document) once counted everything since 'free',
# layout and writing included
SAKSPAPIR_TIMING=1 $SP build $MASTER sak-03-26 -o "$T/tm" 2> "$T/tm.err"
check "SAKSPAPIR_TIMING: cleanup's wall time is not layout's too" awk '$2 == "layout" { l = $3 } $2 == "cleanup" { c = $3 } END { exit !(l > 0 && c != "" && c < l) }' "$T/tm.err"

rm -rf "$T"
