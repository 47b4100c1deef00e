# wordbox.awk A B: compares two `pdftotext -bbox` files word by word:
# the same pages and words in the same order, each box corner within
# tol points (awk -v tol=0.05). Prints the first difference; exit 1.
FNR == NR {
	if ($0 ~ /<(word|page) /)
		a[++n] = $0
	next
}
$0 ~ /<(word|page) / {
	b[++m] = $0
}
function text(s) {
	sub(/^[^>]*>/, "", s)
	return s
}
END {
	if (n != m) {
		print "pages and words: " n " against " m
		exit 1
	}
	for (i = 1; i <= n; i++) {
		if (text(a[i]) != text(b[i])) {
			print "differs: " a[i] " | " b[i]
			exit 1
		}
		split(a[i], fa, "\"")
		split(b[i], fb, "\"")
		for (k = 2; k <= 8; k += 2) {
			d = fa[k] - fb[k]
			if (d < 0)
				d = -d
			if (d > max)
				max = d
			if (d > tol) {
				print "moved by " d ": " a[i] " | " b[i]
				exit 1
			}
		}
	}
	print "largest difference " max " pt"
}
