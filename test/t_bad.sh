#!/bin/sh
# t_bad.sh: the bad-input corpus. Every test/bad/NAME.expect names its
# exit status ("exit N") and the message ("message REGEX") for the input
# beside it: NAME.xml is built as the master, NAME.style is the style
# for test/bad/ok.xml. Each case must give that exit status, say one
# thing first (an error line "sakspapir: FILE:LINE: error: ..." matching
# REGEX; warnings may come before it),
# print nothing that is not a sakspapir: line, leave the output directory
# as it was (an old PDF in it stays, nothing is added), and end within
# $BAD_TIME seconds and $BAD_VMEM kB of memory (0: no limit, for the
# sanitizer builds). lint must agree on the masters. Cases that need
# files made on the spot (FIFOs, 10 MB, symbolic links, /dev/full) are
# written out below.
. test/lib.sh
BAD_TIME=${BAD_TIME:-60}
BAD_VMEM=${BAD_VMEM:-2000000}

ncases=$(ls test/bad/*.expect | wc -l)
plan $((ncases + 33))

# bounded CMD...: CMD with the time and memory limits; its stdout and
# stderr in $T/out and $T/err; returns its status.
bounded() {
	(
		[ "$BAD_VMEM" != 0 ] && ulimit -v "$BAD_VMEM"
		exec timeout -k 5 "$BAD_TIME" "$@"
	) > "$T/out" 2> "$T/err"
}

# fresh: an output directory holding an old PDF.
fresh() {
	rm -rf "$T/o" && mkdir -p "$T/o" && printf 'old PDF' > "$T/o/sak-k.pdf"
}

# untouched: the output directory as fresh left it.
untouched() {
	[ "$(ls -A "$T/o")" = "sak-k.pdf" ] && [ "$(cat "$T/o/sak-k.pdf")" = "old PDF" ] ||
		{ echo "the output directory changed:" >&2; ls -lA "$T/o" >&2; return 1; }
}

# said EXIT REGEX STATUS: STATUS is EXIT, the first error line of $T/err
# (warnings may come before it) is "sakspapir: FILE...: error: ..."
# matching REGEX, and every line is one of ours (no libxml2 or cairo text
# of its own, no second line of one).
said() {
	[ "$3" = "$1" ] || { echo "exit $3, wanted $1" >&2; cat "$T/err" >&2; return 1; }
	grep -m 1 ': error: ' "$T/err" | grep -Eq -- "^sakspapir: .*$2" ||
		{ echo "first error does not match: $2" >&2; cat "$T/err" >&2; return 1; }
	! grep -vq '^sakspapir: ' "$T/err" ||
		{ echo "a line that is not a sakspapir: message:" >&2; cat "$T/err" >&2; return 1; }
}

# corpus NAME: one case of test/bad/.
corpus() {
	name=$1
	want=$(sed -n 's/^exit //p' "test/bad/$name.expect")
	msg=$(sed -n 's/^message //p' "test/bad/$name.expect")
	rm -rf "$T/c" && mkdir -p "$T/c" && cp test/bad/ok.xml "test/bad/$name".* "$T/c/"
	if [ -f "$T/c/$name.style" ]; then
		set -- "$T/c/ok.xml" --style "$T/c/$name.style"
	else
		set -- "$T/c/$name.xml"
	fi
	fresh
	bounded $SP build "$@" -o "$T/o"
	rc=$?
	if [ "$want" = 0 ]; then
		[ $rc = 0 ] && [ ! -s "$T/err" ] && pdf "$T/o/sak-k.pdf" ||
			{ echo "exit $rc" >&2; cat "$T/err" >&2; return 1; }
		return 0
	fi
	said "$want" "$msg" $rc && untouched || return 1
	[ -f "$T/c/$name.xml" ] || return 0
	bounded $SP lint "$T/c/$name.xml"
	rc=$?
	[ $rc = "$want" ] && grep -Eq -- "^sakspapir: .*$msg" "$T/err" ||
		{ echo "lint: exit $rc, or no line matching $msg" >&2; cat "$T/err" >&2; return 1; }
}

for e in test/bad/*.expect; do
	name=$(basename "$e" .expect)
	check "bad/$name: $(sed -n '1s/^# //p' "$e")" corpus "$name"
done

# Made on the spot.
rm -rf "$T/c" && mkdir -p "$T/c" && cp test/bad/ok.xml "$T/c/"
OK="$T/c/ok.xml"
head='<?xml version="1.0" encoding="UTF-8"?>
<region xmlns:xi="http://www.w3.org/2001/XInclude" id="k" namn="K" stad="K">
  <organisasjon><organ id="r" namn="R"/></organisasjon>'
sakx() {	# sakx FILE BODY: a master with one sak holding BODY
	printf '%s\n<sak id="sak-k" nr="01-26" organ="r" dato="2026-01-01"><tittel>K</tittel>\n%s\n</sak></region>\n' "$head" "$2" > "$1"
}

fresh; bounded $SP build "$T/c/nothing.xml" -o "$T/o"
check "missing master: exit 1, the file named" said 1 'nothing\.xml: error: cannot read the master file: No such file' $?
mkfifo "$T/c/fifo.xml"
fresh; bounded $SP build "$T/c/fifo.xml" -o "$T/o"
check "a FIFO as the master: refused at once, not waited on" said 1 'fifo\.xml: error: cannot read the master file: is a FIFO' $?
fresh; bounded $SP build /dev/zero -o "$T/o"
check "/dev/zero as the master: refused, not read for ever" said 1 '/dev/zero: error: cannot read the master file: is a device' $?
sakx "$T/c/inc.xml" '<avsnitt>x</avsnitt><xi:include href="fifo.xml"/>'
fresh; bounded $SP build "$T/c/inc.xml" -o "$T/o"
check "an XInclude of a FIFO: refused with the include's line" said 1 'inc\.xml:5: error: cannot include .*fifo\.xml: is a FIFO' $?
sakx "$T/c/loopa.xml" '<avsnitt>x</avsnitt><xi:include href="loopb.xml"/>'
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<seksjon xmlns:xi="http://www.w3.org/2001/XInclude" tittel="B"><xi:include href="loopa.xml"/></seksjon>' > "$T/c/loopb.xml"
fresh; bounded $SP build "$T/c/loopa.xml" -o "$T/o"
check "an XInclude loop of two parts: named at the include" said 1 'loopb\.xml:2: error: .*loopa\.xml includes itself' $?
check "  and nothing written" untouched
# The root of a part is not expanded: an xi:include there is the schema's
# fault, at the part's line, however the parts are read.
sakx "$T/c/rootinc.xml" '<avsnitt>x</avsnitt><xi:include href="rootinc-a.xml"/>'
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<!-- a part of a part -->' \
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="rootinc-b.xml"/>' > "$T/c/rootinc-a.xml"
printf '%s\n' '<avsnitt>b</avsnitt>' > "$T/c/rootinc-b.xml"
fresh; bounded $SP build "$T/c/rootinc.xml" -o "$T/o"
check "an xi:include as the root of a part: the schema's fault at its line" said 1 'rootinc-a\.xml:3: error: schema: Did not expect element include there' $?
# A part of a part of a valid master: its elements and text keep their
# file and line (lint's fault), and its text is built.
mkdir -p "$T/c/del"
sakx "$T/c/nest.xml" '<avsnitt>x</avsnitt><xi:include href="del/a.xml"/>'
printf '%s\n' '<seksjon xmlns:xi="http://www.w3.org/2001/XInclude" tittel="A">' \
    '  <avsnitt>Ytre del.</avsnitt>' '  <xi:include href="b.xml"/>' '</seksjon>' > "$T/c/del/a.xml"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<!-- inst -->' '<seksjon tittel="B">' \
    '  <avsnitt>Indre <b>del</b><!-- c -->, sjå' '  <tiltakref ref="nope"/>.</avsnitt>' '</seksjon>' > "$T/c/del/b.xml"
bounded $SP lint "$T/c/nest.xml"
check "a fault in a part of a part: said at its file and line" said 1 'del/b\.xml:5: error: <tiltakref> ref: unknown tiltak nope' $?
sed -i 's/<tiltakref ref="nope"\/>/ingenting/' "$T/c/del/b.xml"
fresh; bounded $SP build "$T/c/nest.xml" -o "$T/o"
check "  and without it the text of both parts is built" sh -c "[ $? = 0 ] &&
	pdftotext '$T/o/sak-k.pdf' - | tr '\\n' ' ' | grep -q 'Ytre del\..*Indre del, sjå ingenting\.'"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "<b>"; printf "x"; for (i = 0; i < 200000; i++) printf "</b>" }' > "$T/deep"
sakx "$T/c/deep.xml" "<avsnitt>$(cat "$T/deep")</avsnitt>"
fresh; bounded $SP build "$T/c/deep.xml" -o "$T/o"
check "200 000-deep nesting: refused with file:line, bounded" said 1 'deep\.xml:5: error: Excessive depth' $?
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "ordet ein " }' > "$T/big"
sakx "$T/c/big.xml" "<avsnitt>$(cat "$T/big")</avsnitt>"
fresh; bounded $SP build "$T/c/big.xml" -o "$T/o"
check "a 10 MB paragraph: refused with file:line, bounded" said 1 'big\.xml:5: error: a text of 10000000 bytes without markup' $?
awk 'BEGIN { for (i = 0; i < 110000; i++) printf "%099d\n", 0 }' > "$T/bigc"
sakx "$T/c/bigc.xml" "<!-- $(cat "$T/bigc") --><avsnitt>x</avsnitt>"
fresh; bounded $SP build "$T/c/bigc.xml" -o "$T/o"
check "an 11 MB comment: refused in words, at its last line, bounded" said 1 'bigc\.xml:110004: error: a comment of more than 10 MB ends here' $?
check "  and nothing written" untouched
{ printf '%s\n<sak id="sak-k" nr="01-26" organ="r" dato="2026-01-01"><tittel>' "$head"
  awk 'BEGIN { for (i = 0; i < 200000; i++) printf "T" }'
  printf '</tittel><avsnitt>x</avsnitt></sak></region>\n'; } > "$T/c/title.xml"
bounded $SP build "$T/c/title.xml" -o "$T/t"
check "a 200 000-letter title: built within the limits (it was quadratic)" test $? = 0

# Past line 65 535 (libxml2 keeps 16 bits of a line): an empty element's
# own line, both from the careful read (a schema fault) and from the
# quick one (a valid master with a fault lint finds).
far() {	# far FILE ATTR: line 70 000 a tiltakref, 70 003 a <br ATTR/>
	{ printf '%s\n<sak id="sak-k" nr="01-26" organ="r" dato="2026-01-01"><tittel>K</tittel>\n<avsnitt>x' "$head"
	  awk 'BEGIN { for (i = 0; i < 69995; i++) print "" }'
	  printf '<tiltakref ref="nope"/>\ny</avsnitt>\n<avsnitt>z\n<br%s/>\nw</avsnitt></sak></region>\n' "$2"; } > "$1"
}
far "$T/c/far.xml" ' foo="1"'
fresh; bounded $SP build "$T/c/far.xml" -o "$T/o"
check "a schema fault at line 70 003: said at that line" said 1 'far\.xml:70003: error: schema: <br> attribute foo is not allowed' $?
far "$T/c/far.xml" ''
bounded $SP lint "$T/c/far.xml"
check "a lint fault at line 70 000 of a valid master: said at that line" said 1 'far\.xml:70000: error: <tiltakref> ref: unknown tiltak nope' $?

# Identifiers: the quick read checks the schema's pattern itself; a
# letter outside ASCII is a letter, a digit first is refused as before.
sed 's/id="sak-k"/id="Øvre-sak"/' "$OK" > "$T/c/idok.xml"
bounded $SP lint "$T/c/idok.xml"
check "an id that starts with Ø: valid" test $? = 0
sed 's/id="sak-k"/id="9k"/' "$OK" > "$T/c/id9.xml"
bounded $SP lint "$T/c/id9.xml"
check "an id that starts with a digit: said as before" said 1 'id9\.xml:4: error: schema: <sak> id="9k" is not an identifier' $?

fresh; bounded $SP build "$OK" --style "$T/c/nostyle.style" -o "$T/o"
check "missing style: exit 1, named" said 1 'nostyle\.style: error: cannot read the style: No such file' $?
mkfifo "$T/c/fifo.style"
fresh; bounded $SP build "$OK" --style "$T/c/fifo.style" -o "$T/o"
check "a FIFO as the style: refused at once" said 1 'fifo\.style: error: cannot read the style: is a FIFO' $?
printf 'include = standard.style\nhyphen.dict = fifo.style\n' > "$T/c/hfifo.style"
fresh; bounded $SP build "$OK" --style "$T/c/hfifo.style" -o "$T/o"
check "a FIFO as hyphen.dict: refused at once, with file:line" said 1 'hfifo\.style:2: error: hyphen\.dict = fifo\.style: is a FIFO' $?

# A font file of the bundle missing: refused, not set in another face.
mkdir -p "$T/data/plan" "$T/data/build"
cp -r styles fonts "$T/data/" && cp -r plan/schema "$T/data/plan/" && cp -r build/hyph "$T/data/build/"
rm "$T/data/fonts/NotoSerif-Regular.ttf"
fresh; SAKSPAPIR_DATA="$T/data" bounded $SP build "$OK" -o "$T/o"
check "a missing font file: exit 3, the family and face named, nothing written" sh -c "
	[ $? = 3 ] && grep -q 'error: font family \"Noto Serif\" has no regular face among the bundled fonts' '$T/err' &&
	[ \"\$(cat '$T/o/sak-k.pdf')\" = 'old PDF' ]"

# A font file of the bundle there but damaged (cut short): fontconfig
# leaves it out without a word; the message names the file.
head -c 20000 fonts/NotoSerif-Regular.ttf > "$T/data/fonts/NotoSerif-Regular.ttf"
fresh; SAKSPAPIR_DATA="$T/data" bounded $SP build "$OK" -o "$T/o"
check "a damaged font file: exit 3, the file named as unreadable, nothing written" sh -c "
	[ $? = 3 ] && grep -q '^sakspapir: $T/data/fonts/NotoSerif-Regular.ttf: error: font family \"Noto Serif\" has no regular face among the bundled fonts in .* (this font file is there but fontconfig cannot read it' '$T/err' &&
	[ \$(wc -l < '$T/err') = 1 ] && [ \"\$(cat '$T/o/sak-k.pdf')\" = 'old PDF' ]"

# Output that cannot be written.
printf 'a file' > "$T/c/afile"
bounded $SP build "$OK" -o "$T/c/afile"
check "an output directory that is a file: exit 3, the path and the reason" said 3 'afile/sak-k\.pdf: error: .*Not a directory' $?
bounded $SP build "$OK" -o ''
check "-o '': a usage error, nothing written to /" said 2 'error: -o needs a directory' $?
for cmd in "list $OK" "deps $OK sak-k" "build $OK --dump-layout" "export $OK --version nope" "--help"; do
	case $cmd in export*) want=1 ;; *) want=3 ;; esac
	$SP $cmd > /dev/full 2> "$T/err"
	check "sakspapir $(echo "$cmd" | cut -d' ' -f1) > /dev/full: exit $want, said" said $want 'error: ' $?
done
(
	$SP build "$OK" --dump-layout 2> "$T/pipe.err" | head -n 1 > /dev/null
)
check "--dump-layout | head -1: quiet" test ! -s "$T/pipe.err"

# An output path that is a symbolic link to a file elsewhere: the link is
# replaced by the new PDF, the file it pointed at is never written.
rm -rf "$T/s" && mkdir -p "$T/s/o" && printf 'precious' > "$T/s/elsewhere.txt"
ln -s ../elsewhere.txt "$T/s/o/sak-k.pdf"
bounded $SP build "$OK" -o "$T/s/o"
check "a symlinked output: built, the file elsewhere untouched" sh -c "[ $? = 0 ] && [ \"\$(cat '$T/s/elsewhere.txt')\" = precious ] && [ ! -L '$T/s/o/sak-k.pdf' ] && pdfinfo '$T/s/o/sak-k.pdf' >/dev/null"

# export of a version with a report on another one
cp test/bad/report-version.xml "$T/c/ev.xml"
sed -i 's/<statustabell versjon="v2"/<statustabell versjon="v1"/' "$T/c/ev.xml"
bounded $SP export "$T/c/ev.xml" --version v2 --status s1
check "export --version v2 --status (a report on v1): exit 1, the report's file:line" said 1 'ev\.xml:19: error: status report s1 is a report on v1, not on v2' $?
rm -rf "$T"
