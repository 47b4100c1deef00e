#!/bin/sh
# sentences.sh [-w] SEED PDF|TEXT [SKIP]: every sentence of the seed's text
# must appear in the PDF's extracted text (pdftotext), in order. White
# space, hyphens, dashes, colons, bullets and markdown marks are ignored
# (line breaks and hyphenation move them). Lines matching the regex SKIP
# are left out. Prints what is missing.
# With -w the second argument is a text file, compared word for word:
# white space is made single spaces on both sides, and only markdown marks
# (**), list marks ("- " in the seed, "•" in the text) are dropped, so a
# word cut by a hyphen or a space, or run into the next, is missing.
words=0
[ "$1" = -w ] && { words=1; shift; }
seed=$1 in=$2 skip=${3:-^$}
if [ $words = 1 ]; then cat "$in"; else pdftotext "$in" -; fi |
awk -v skip="$skip" -v seedf="$seed" -v words=$words '
function norm(s) {
	if (words) {
		gsub(/\xc2\xa0/, " ", s)
		gsub(/[ \t\r\n]+/, " ", s)
		return s
	}
	gsub(/\xc2\xad|\xc2\xa0|\xe2\x80\x93|\xe2\x80\x94|\xe2\x80\xa2/, "", s)
	gsub(/[ \t\r\n:*#_\-]/, "", s)
	return s
}
{ all = all $0 "\n" }
END {
	if (words)
		gsub(/\xe2\x80\xa2 */, "", all)
	text = norm(all); pos = 1; missing = 0; n = 0
	while ((getline line < seedf) > 0) {
		if (line ~ skip) continue
		gsub(/\*\*/, "", line)
		if (words)
			sub(/^- /, "", line)
		# split into sentences at . ? ! followed by a space
		while (length(line) > 0) {
			if (match(line, /[.?!] /)) {
				s = substr(line, 1, RSTART); line = substr(line, RSTART + 2)
			} else { s = line; line = "" }
			s = norm(s)
			if (words) { sub(/^ /, "", s); sub(/ $/, "", s) }
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
