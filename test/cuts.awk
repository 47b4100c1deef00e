# cuts.awk: words cut between two letters with no hyphen, in the
# display-list dumps of --dump-layout. Usage:
#   awk -f test/cuts.awk WORDS DUMP DUMP
# WORDS is the text the documents are made from (the master, the style);
# DUMP is read twice: first its runs join WORDS, then it is checked.
# Within a cell, paragraph or list item, a line that ends in a letter or
# digit with no space after it and no hyphen added, followed by a line
# that starts with one, is a cut when the two pieces make (part of) a
# word of the text: "Kommun" / "e". A line ended by the text's own line
# break ("Delt" / "Tid: før 2021") makes no such word. (Digits alone
# are t_typo.sh's: a number split over two lines.)
BEGIN {
	L = "([A-Za-z0-9]|Æ|Ø|Å|æ|ø|å|Ä|Ö|Ü|ä|ö|ü|é|è|ê|É|á|à|ó|ò|ô|í|ú|ç|ñ|ß|š|ž|č)"
	TAIL = L "+$"
	HEAD = "^" L "+"
	src = " "
}
FNR == 1 { file++ }
function run(line,   s) {
	s = line
	sub(/^[^"]*"/, "", s)
	sub(/" g=[0-9]+\/[0-9]+ h=[0-9a-f]+( hyphen)?$/, "", s)
	gsub(/\\"/, "\"", s)
	return s
}
function add(s) {
	chunk = chunk " " s
	if (length(chunk) > 8192) { src = src chunk; chunk = "" }
}
file == 1 { add($0); next }
file == 2 { if ($1 == "text") add(run($0)); next }
file == 3 && chunk != "" { src = src chunk " "; chunk = "" }
/^page / { page = $2; have = 0; next }
/^  (begin|end) / { if ($2 != "Span" && $2 != "Link") have = 0; next }
/^  text / {
	y = $5 + 0
	t = run($0)
	if (have && y > ly + 2) {
		lines++
		# an address breaks between letters where it must, with no
		# hyphen (a hyphen would read as part of it)
		last = lt
		sub(/.* /, "", last)
		if (!lhy && last !~ /(:\/\/|^www\.|@)/ &&
		    match(lt, TAIL) && (tail = substr(lt, RSTART)) != "" &&
		    match(t, HEAD) && (key = tail substr(t, 1, RLENGTH)) !~ /^[0-9]+$/ &&
		    index(src, key)) {
			printf "%s: page %d: \"%s\" / \"%s\": a word cut with no hyphen\n",
			    FILENAME, page, lt, t
			bad++
		}
	}
	if (!have || y > ly + 2)
		ly = y
	have = 1
	lt = t
	lhy = $0 ~ / hyphen$/
}
END { if (lines == 0) print FILENAME ": no lines to check"; exit bad > 0 || lines == 0 }
