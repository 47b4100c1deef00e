#!/bin/sh
# pdfa_check.sh FILE...: checks each PDF against the PDF/A-1b rules the
# archival copies must keep, independently of the code that wrote them:
# qpdf reads the file (pdfa_check.jq walks its JSON), xmllint the XMP.
#   - a %PDF-1.4 header followed by a binary comment line; endstream
#     after an end of line; nothing after %%EOF; arrays within 8191;
#   - every font program embedded; no transparency, encryption,
#     JavaScript or forbidden actions; printable annotations; a trailer /ID;
#   - an unfiltered XMP packet with pdfaid:part 1 and conformance B, whose
#     title, author, subject, keywords, creator tool, producer and dates
#     agree with the Info dictionary;
#   - one GTS_PDFA1 output intent with an RGB ICC profile of version 2.
# Prints "FILE: problem" for each problem found; exits 1 if there was one.
dir=$(dirname "$0")
tmp=${TMPDIR:-/tmp}/pdfa-check.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
status=0

bad() {
	echo "$f: $*"
	status=1
}

# xmp NAMESPACE NAME: the value of the property (attribute or element)
xmp() {
	xmllint --xpath "string((//@*[local-name()='$2' and namespace-uri()='$1'] | //*[local-name()='$2' and namespace-uri()='$1'])[1])" "$tmp/xmp" 2>/dev/null
}

# The Info entry NAME as text ("" if there is none).
info() {
	jq -r --arg k "/$1" '.qpdf[1].trailer.value["/Info"] as $r
	    | (.qpdf[1]["obj:" + $r].value[$k] // "") | sub("^u:"; "")' \
	    "$tmp/json"
}

# PDF date D:YYYYMMDDHHmmSS[Z|+HH'mm'] or XMP date to one form.
canon_pdf() {
	printf '%s\n' "$1" | sed -E \
	    -e "s/^D:([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})/\1-\2-\3T\4:\5:\6/" \
	    -e "s/([+-])([0-9]{2})'([0-9]{2})'?$/\1\2:\3/" -e 's/Z$/+00:00/'
}
canon_xmp() {
	printf '%s\n' "$1" | sed -E 's/Z$/+00:00/'
}

DC=http://purl.org/dc/elements/1.1/
XMPNS=http://ns.adobe.com/xap/1.0/
PDFNS=http://ns.adobe.com/pdf/1.3/
AID=http://www.aiim.org/pdfa/ns/id/

for f in "$@"; do
	if [ "$(head -c 8 "$f")" != "%PDF-1.4" ]; then
		bad "header is not %PDF-1.4"
	fi
	# the second line: % and at least four bytes above 127
	if ! sed -n 2p "$f" | LC_ALL=C grep -aq '^%[^ -~][^ -~][^ -~][^ -~]'; then
		bad "no binary comment after the header"
	fi
	# the file's syntax: endstream after an end of line, nothing after
	# the last %%EOF but one
	if [ "$(LC_ALL=C grep -a -o 'endstream' "$f" | wc -l)" != \
	    "$(LC_ALL=C grep -a -c '^endstream' "$f")" ]; then
		bad "an endstream without an end of line before it"
	fi
	if ! tail -c 8 "$f" | LC_ALL=C grep -aq '%%EOF.\{0,2\}$'; then
		bad "something after the last %%EOF"
	fi
	# an encrypted file may not even open: look at the trailer first
	if tail -c 4096 "$f" | sed -n '/^trailer/,$p' | grep -aq /Encrypt; then
		bad "encrypted (/Encrypt in the trailer)"
	fi
	qpdf --json "$f" > "$tmp/json" 2>"$tmp/err"
	case $? in
	0)	;;
	3)	bad "qpdf warns: $(head -1 "$tmp/err")" ;;	# read all the same
	*)	bad "qpdf cannot read it: $(head -1 "$tmp/err")"
		continue ;;
	esac
	jq -r -f "$dir/pdfa_check.jq" "$tmp/json" | sort -u > "$tmp/problems"
	while IFS= read -r p; do
		bad "$p"
	done < "$tmp/problems"

	# the XMP packet
	meta=$(jq -r '.qpdf[1].trailer.value["/Root"] as $r
	    | .qpdf[1]["obj:" + $r].value["/Metadata"] // ""' "$tmp/json")
	if [ -z "$meta" ] || ! qpdf --show-object="$meta" \
	    --filtered-stream-data "$f" > "$tmp/xmp" 2>/dev/null; then
		bad "cannot read the XMP packet"
		continue
	fi
	if ! head -c 20 "$tmp/xmp" | grep -q '^<?xpacket begin='; then
		bad "the XMP packet has no xpacket header"
	fi
	if ! tail -c 40 "$tmp/xmp" | grep -q "<?xpacket end=.[rw].?>"; then
		bad "the XMP packet has no xpacket trailer"
	fi
	if grep -q '<?xpacket[^>]*bytes=' "$tmp/xmp"; then
		bad "the xpacket header has a bytes attribute"
	fi
	if ! xmllint --noout "$tmp/xmp" 2>"$tmp/err"; then
		bad "the XMP is not well-formed XML: $(head -1 "$tmp/err")"
		continue
	fi
	[ "$(xmp $AID part)" = 1 ] || bad "pdfaid:part is '$(xmp $AID part)', not 1"
	[ "$(xmp $AID conformance)" = B ] ||
	    bad "pdfaid:conformance is '$(xmp $AID conformance)', not B"
	# Info and XMP agree (an entry on one side only is a disagreement)
	for pair in Title:$DC:title Author:$DC:creator \
	    Subject:$DC:description Keywords:$PDFNS:Keywords \
	    Creator:$XMPNS:CreatorTool Producer:$PDFNS:Producer; do
		key=${pair%%:*}
		rest=${pair#*:}
		name=${rest##*:}
		ns=${rest%:*}
		a=$(info "$key")
		b=$(xmp "$ns" "$name")
		[ "$a" = "$b" ] ||
		    bad "Info /$key '$a' but XMP $name '$b'"
	done
	for pair in CreationDate:CreateDate ModDate:ModifyDate; do
		a=$(info "${pair%:*}")
		b=$(xmp $XMPNS "${pair#*:}")
		[ -n "$a" ] || bad "no Info /${pair%:*}"
		[ "$(canon_pdf "$a")" = "$(canon_xmp "$b")" ] ||
		    bad "Info /${pair%:*} '$a' but XMP ${pair#*:} '$b'"
	done

	# the ICC profile: version 2, RGB, with the ICC signature
	icc=$(jq -r '.qpdf[1] as $o | $o.trailer.value["/Root"] as $r
	    | [($o["obj:" + $r].value["/OutputIntents"] // [])[]
	    | $o["obj:" + .].value | select(.["/S"] == "/GTS_PDFA1")
	    | .["/DestOutputProfile"]][0] // ""' "$tmp/json")
	if [ -n "$icc" ] && qpdf --show-object="$icc" --filtered-stream-data \
	    "$f" > "$tmp/icc" 2>/dev/null; then
		[ "$(dd if="$tmp/icc" bs=1 skip=36 count=4 2>/dev/null)" = acsp ] ||
		    bad "the output profile is not an ICC profile"
		[ "$(dd if="$tmp/icc" bs=1 skip=16 count=4 2>/dev/null)" = "RGB " ] ||
		    bad "the output profile is not for RGB"
		[ "$(od -An -tu1 -j8 -N1 "$tmp/icc" | tr -d ' ')" = 2 ] ||
		    bad "the output profile is not ICC version 2"
	fi
done
exit $status
