#!/bin/sh
# t_links.sh: links and named destinations, from the display list to the
# PDF's annotations (read through qpdf --json).
. test/lib.sh
plan 6

# The link annotations of PDF $1 as "URI" or "DEST", one per line.
annots() {
	qpdf --json "$1" | jq -r '.qpdf[1] | to_entries[] | .value.value
	    | select(type == "object") | select(.["/Subtype"] == "/Link")
	    | if .["/A"]["/URI"] then .["/A"]["/URI"] else (.["/Dest"] | tostring) end'
}

URL='https://hdnett-my.sharepoint.com/personal/kag_hallingdal_no/Documents/Documents/Samferdsel/Hallingdalsl%C3%B8ysinga/Hallingdalsl%C3%B8ysinga_v4_3_60fps_Med_musikk.mp4'
$SP build $MASTER vedlegg-regionalt-samarbeid -o "$T/v" 2>/dev/null
$SP build $MASTER vedlegg-regionalt-samarbeid --dump-layout > "$T/v.dl" 2>/dev/null
annots "$T/v/vedlegg-regionalt-samarbeid.pdf" > "$T/v.annots"
check "vedlegg: the URL in prose is a link to itself (non-ASCII percent-encoded), one box per line" \
    sh -c "[ \$(grep -c . '$T/v.annots') -ge 2 ] && ! grep -v -x -F 'u:$URL' '$T/v.annots'"
check "vedlegg: the dump has the URL's link boxes" sh -c "[ \$(grep -c '^  uri .* \"$URL\"\$' '$T/v.dl') -ge 2 ]"
# the lines of the URL, put together, are the URL as printed: no hyphen
awk '/^  text / && /hdnett|Hallingdalsløysinga/ { s = $0; sub(/^[^"]*"/, "", s); sub(/" g=.*$/, "", s); sub(/"$/, "", s); printf "%s", s } END { print "" }' "$T/v.dl" > "$T/v.url"
check "vedlegg: the URL is never hyphenated" grep -qx -F 'https://hdnett-my.sharepoint.com/personal/kag_hallingdal_no/Documents/Documents/Samferdsel/Hallingdalsløysinga/Hallingdalsløysinga_v4_3_60fps_Med_musikk.mp4' "$T/v.url"
# Matterhorn 28-004: every link annotation has a /Contents that says
# where it goes: a URL as it reads (all of it on each line's link), a
# link in the table of contents the entry's text
contents() {
	qpdf --json "$1" | jq -r '.qpdf[1] | to_entries[] | .value.value
	    | select(type == "object") | select(.["/Subtype"] == "/Link")
	    | .["/Contents"] // "NONE"'
}
contents "$T/v/vedlegg-regionalt-samarbeid.pdf" > "$T/v.contents"
check "vedlegg: each line's link of the URL has the whole URL, as it reads, as its /Contents" \
    sh -c "[ \$(grep -c -x -F 'u:https://hdnett-my.sharepoint.com/personal/kag_hallingdal_no/Documents/Documents/Samferdsel/Hallingdalsløysinga/Hallingdalsløysinga_v4_3_60fps_Med_musikk.mp4' '$T/v.contents') -ge 2 ]"
$SP build $MASTER plan-sp-2021 -o "$T/p" 2>/dev/null
contents "$T/p/plan-sp-2021.pdf" > "$T/p.contents"
check "plan-sp-2021: the contents' links have the entry's text as /Contents, none without" \
    sh -c "grep -q -x 'u:Innleiing' '$T/p.contents' && grep -q -x 'u:NÆRINGSLIV OG KOMPETANSEUTVIKLING' '$T/p.contents' && ! grep -q -x 'NONE' '$T/p.contents'"
check "a PNG has no links and still builds" $SP build $MASTER vedlegg-regionalt-samarbeid --png -o "$T/vp"

rm -rf "$T"
