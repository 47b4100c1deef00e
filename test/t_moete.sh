#!/bin/sh
# t_moete.sh: meetings in the master (møte, saksliste) and their lint
# checks; the print bundle and the A5 booklet built from them (out/trykk/).
. test/lib.sh
plan 30

MF=moete/eksempel-2026-06.xml
mkcopy() { rm -rf "$T/m" && cp -r plan "$T/m"; }
M="$T/m/hallingdal.xml"
lineof() { grep -nF -- "$2" "$1" | sed -n '1s/:.*//p'; }
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

mkcopy
sed -i 's/<sakref ref="sak-38-26"/<sakref ref="sak-99-26"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" 'sak-99-26')
rejected "unknown sak on the saksliste" "moete/eksempel-2026-06\.xml:$l: error: .*unknown sak sak-99-26"

mkcopy
sed -i 's/<sakref ref="sak-38-26"/<sakref ref="vedlegg-regionalt-samarbeid"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" '<sakref ref="vedlegg-regionalt-samarbeid"')
rejected "a vedlegg on the saksliste" "moete/eksempel-2026-06\.xml:$l: error: .*is a vedlegg, not a sak"

mkcopy
sed -i 's/<sakref ref="sak-38-26"/<sakref ref="sak-03-26"/' "$T/m/$MF"
l=$(grep -nF 'sak-03-26' "$T/m/$MF" | sed -n '2s/:.*//p')
rejected "a sak twice on the saksliste" "moete/eksempel-2026-06\.xml:$l: error: sak sak-03-26 is on the saksliste twice"

mkcopy
sed -i 's|<sakref ref="sak-38-26"/>|<sakref ref="sak-38-26"><vedleggref ref="vedlegg-nope"/></sakref>|' "$T/m/$MF"
l=$(lineof "$T/m/$MF" 'vedlegg-nope')
rejected "an unknown vedlegg for a sak" "moete/eksempel-2026-06\.xml:$l: error: .*unknown vedlegg vedlegg-nope"

mkcopy
sed -i 's/tid="10:00"/tid="25:00"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" '<møte ')
rejected "a time that is none" "moete/eksempel-2026-06\.xml:$l: error: <møte> tid: 25:00"

mkcopy
sed -i 's/organ="regionradet"/organ="sak-03-26"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" '<møte ')
rejected "a meeting of no body" "moete/eksempel-2026-06\.xml:$l: error: .*organ: sak-03-26 is a sak, not an organ"

mkcopy
sed -i 's/dato="2026-06-18"/dato="2026-05-02"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" 'sak-38-26')
warned "a sak dated after its meeting" "moete/eksempel-2026-06\.xml:$l: warning: sak sak-38-26 is dated 2026-06-11, after the meeting of 2\. mai 2026"

mkcopy
sed -i 's/organ="regionradet"/organ="hallingtinget"/' "$T/m/$MF"
l=$(lineof "$T/m/$MF" 'sak-03-26')
warned "a sak for another body" "moete/eksempel-2026-06\.xml:$l: warning: sak sak-03-26 is for regionradet, the meeting is of hallingtinget"

rm -rf "$T"
