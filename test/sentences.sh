#!/bin/sh
# sentences.sh SEED PDF [SKIP]: every sentence of the seed's text must appear
# in the PDF's extracted text, in order. White space, hyphens, dashes, colons,
# bullets and markdown marks are ignored (line breaks and hyphenation move
# them). Lines matching the regex SKIP are left out. Prints what is missing.
seed=$1 pdf=$2 skip=${3:-^$}
pdftotext "$pdf" - | awk -v skip="$skip" -v seedf="$seed" '
function norm(s) {
	gsub(/\xc2\xad|\xc2\xa0|\xe2\x80\x93|\xe2\x80\x94|\xe2\x80\xa2/, "", s)
	gsub(/[ \t\r\n:*#_\-]/, "", s)
	return s
}
{ pdf = pdf $0 "\n" }
END {
	text = norm(pdf); pos = 1; missing = 0; n = 0
	while ((getline line < seedf) > 0) {
		if (line ~ skip) continue
		gsub(/\*\*/, "", line)
		# split into sentences at . ? ! followed by a space
		while (length(line) > 0) {
			if (match(line, /[.?!] /)) {
				s = substr(line, 1, RSTART); line = substr(line, RSTART + 2)
			} else { s = line; line = "" }
			s = norm(s)
			if (length(s) < 3) continue
			n++
			i = index(substr(text, pos), s)
			if (i == 0) { print "missing or out of order: " s; missing++ }
			else pos += i - 1 + length(s)
		}
	}
	print n " sentences, " missing " missing" > "/dev/stderr"
	exit missing > 0
}'
