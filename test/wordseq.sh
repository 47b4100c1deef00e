#!/bin/sh
# wordseq.sh SEED PDF [MIN] [N]: how many of the seed's word sequences
# (every run of N words, default 5) the PDF's text holds, as
# "FOUND of TOTAL word sequences (P %)". Exits 1 below MIN per cent
# (default 95). Letters and digits only, lower case, compared without
# the spaces between words, so line breaks and hyphenation in either text
# (the seed's "Hal- lingdal", the PDF's "vedte-/ken") do not count; the
# PDF's text is read in content order (pdftotext -raw), so table cells
# come in the order the seed lists them; the running footer ("… Side 3
# av 13") is page furniture and is left out.
seed=$1 pdf=$2 min=${3:-95} n=${4:-5}
pdftotext -raw "$pdf" - | LC_ALL=C awk -v seedf="$seed" -v min="$min" -v n="$n" '
function norm(s) {
	# lower case; the letters outside ASCII become one byte each
	s = tolower(s)
	gsub(/\xc3\x86|\xc3\xa6/, "\001", s); gsub(/\xc3\x98|\xc3\xb8/, "\002", s)
	gsub(/\xc3\x85|\xc3\xa5/, "\003", s); gsub(/\xc3\x89|\xc3\xa9/, "e", s)
	gsub(/\xc3\x96|\xc3\xb6/, "\004", s); gsub(/\xc3\x84|\xc3\xa4/, "\005", s)
	gsub(/\xc3\x9c|\xc3\xbc/, "\006", s)
	return s
}
function letters(s) {
	gsub(/[^a-z0-9\001-\006]/, "", s)
	return s
}
/ Side [0-9]+ av [0-9]+$/ { next }
{ pdf = pdf " " $0 }
END {
	text = letters(norm(pdf))
	nw = 0
	while ((getline line < seedf) > 0) {
		line = norm(line)
		k = split(line, w, /[ \t]+/)
		for (i = 1; i <= k; i++) {
			x = letters(w[i])
			if (x != "") word[++nw] = x
		}
	}
	found = 0; total = 0
	for (i = 1; i + n - 1 <= nw; i++) {
		s = ""
		for (j = 0; j < n; j++) s = s word[i + j]
		total++
		if (index(text, s) > 0) found++
		else if (ENVIRON["WORDSEQ_SHOW"] != "") print "missing: " s
	}
	p = total ? 100 * found / total : 0
	printf "%d of %d word sequences (%.1f %%)\n", found, total, p
	exit p < min
}'
