#!/bin/sh
# t_cuts.sh: no word is ever cut between two letters without a hyphen,
# in any document of any master we have (plan/, every fixture, a
# genplan master), and table columns are as wide as their names,
# numbers and status labels need (layout_table.c, col_widths).
. test/lib.sh
plan 10

test/genplan 200 "$T/g" >/dev/null 2>&1
MASTERS="$MASTER $(ls test/fixtures/*/master.xml) $T/g/master.xml"

# The text a master's documents are made from: its XML files without the
# tags, and the styles' labels.
words() {
	find "$(dirname "$1")" -name '*.xml' -exec cat {} + | sed 's/<[^>]*>/ /g'
	cat styles/*.style
}

# Every target of every master, as the display list painted into its PDF
# (out/ holds the master's: the sak, vedlegg, plans, diffs, bundles).
: > "$T/cuts"
i=0
for m in $MASTERS; do
	i=$((i + 1))
	words "$m" > "$T/w$i"
	$SP build "$m" --dump-layout > "$T/d$i.dl" 2>/dev/null ||
		echo "$m: build failed" >> "$T/cuts"
	awk -f test/cuts.awk "$T/w$i" "$T/d$i.dl" "$T/d$i.dl" >> "$T/cuts" 2>&1 ||
		echo "$m: cut" >> "$T/cuts"
done
check "no word of any document of plan/, the fixtures or genplan is cut between letters without a hyphen" \
	sh -c "! grep . '$T/cuts'"

# The check itself: it finds a name cut as a98858e cut it, and takes a
# line ended by the text's own line break for none.
printf 'Kompetanserådet\nDelt\nTid: før 2021\n' > "$T/wc"
cat > "$T/cut.dl" <<'END'
page 1 595.28 841.89
  begin TD box=70.87,100.00,40.00,40.00
  text f1 #1a1a1a 74.87 110.00 w=30.00 "Kompeta" g=7/7 h=00000000
  text f1 #1a1a1a 74.87 120.00 w=30.00 "nserådet" g=8/8 h=00000000
  end TD
  begin TD box=70.87,140.00,40.00,40.00
  text f1 #1a1a1a 74.87 150.00 w=30.00 "Delt" g=4/4 h=00000000
  text f1 #1a1a1a 74.87 160.00 w=30.00 "Tid: før 2021" g=13/13 h=00000000
  end TD
END
check "control: the check finds 'Kompeta' / 'nserådet' and only that" sh -c "
	! awk -f test/cuts.awk '$T/wc' '$T/cut.dl' '$T/cut.dl' > '$T/cc' &&
	grep -q 'Kompeta' '$T/cc' && [ \$(wc -l < '$T/cc') = 1 ]"

# A word in capitals (never hyphenated) wider than the page breaks with
# a hyphen at each line's end, not between two letters without one.
rm -rf "$T/long" && cp -r test/fixtures/tables "$T/long"
w=$(printf 'KOMPETANSERÅDET%.0s' 1 2 3 4 5 6 7 8 9 10)
sed -i "0,/<celle>1<\/celle>/s//<celle>1 $w<\/celle>/" "$T/long/master.xml"
words "$T/long/master.xml" > "$T/wl"
$SP build "$T/long/master.xml" sak-tabellar --dump-layout > "$T/long.dl" 2>/dev/null
check "a word in capitals wider than the page breaks with a hyphen on every line" sh -c "
	awk -f test/cuts.awk '$T/wl' '$T/long.dl' '$T/long.dl' &&
	[ \$(grep -c '\"[KOMPETANSRÅD]*-\" .* hyphen\$' '$T/long.dl') -ge 2 ]"

# A status label stays whole: no cell has "Ikkje" at the end of one line
# and "vurdert" at the start of the next.
status='
/^  begin T[DH]/ { prev = ""; next }
/^  text / {
	t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t)
	if (prev ~ /Ikkje ?$/ && t ~ /^vurdert/) { print FILENAME ": Ikkje / vurdert"; bad++ }
	if (t ~ /Ikkje vurdert/) n++
	prev = t
}
END { exit bad || n == 0 }'
check "every \"Ikkje vurdert\" in a table is on one line" awk "$status" "$T"/d*.dl

# Every line of every cell fits its cell: no run wider than the box less
# its padding (4 pt a side), so no column is narrower than a word it has
# to hold whole.
fits='
/^  begin T[DH] box=/ { split(substr($3, 5), b, ","); x0 = b[1]; x1 = b[1] + b[3]; inc = 1; next }
/^  end T[DH]/ { inc = 0; next }
inc && /^  text / {
	w = $6; sub(/^w=/, "", w)
	if ($4 + w > x1 - 3.5 + 0.01) { print FILENAME ": a run past its cell: " $0; bad++ }
	n++
}
END { exit bad || n == 0 }'
check "every line of every table cell stays inside its cell's padding" awk "$fits" "$T"/d*.dl

# Sak 03-26: the Tiltak column gets what the others do not need (it was
# 114 pt, its texts wrapped in many short lines, the sak 10 pages), and
# the columns of names, numbers and statuses keep their widest entry.
$SP build $MASTER sak-03-26 --dump-layout > "$T/sak.dl" 2>/dev/null
tw=$(awk '/^  begin TH box=/ { split(substr($3, 5), b, ","); w = b[3] } /^  text / && /"Tiltak"/ && w { print int(w); exit }' "$T/sak.dl")
check "Sak 03-26: the Tiltak column is 140 pt or wider (${tw:-no} pt)" test "${tw:-0}" -ge 140
check "Sak 03-26: 'Opplysningskontor', 'Klimakoordinator' and 'Ikkje vurdert' each on one line" sh -c "
	grep -q '\"Opplysningskontor \\?\"' '$T/sak.dl' && grep -q '\"Klimakoordinator \\?\"' '$T/sak.dl' &&
	grep -q '\"Ikkje vurdert\"' '$T/sak.dl'"
check "plan-sp-2022: 'Kompetanserådet' and 'Kommune' whole in the handlingsprogram" sh -c "
	$SP build $MASTER plan-sp-2022 --dump-layout | grep -q '\"Kompetanserådet' &&
	$SP build $MASTER plan-sp-2022 --dump-layout | grep -Eq '\"Kommune[ ,\"]'"
# The tables of one innsatsområde's handlingsprogram share their column
# widths: Jernbane's, Veg's and Breiband's Tid columns line up.
check "plan-sp-2022: the Jernbane, Veg and Breiband tables' Tid columns line up" sh -c "
	$SP build $MASTER plan-sp-2022 --dump-layout | awk '
		/^  text / && /\"(Jernbane|Veg|Breiband)\"/ { want = 1; next }
		want && /^  text / && /\"Tid\"/ { x[++n] = \$4; want = 0 }
		END { exit !(n == 3 && x[1] == x[2] && x[2] == x[3]) }'"
check "Sak 03-26 is 8 pages (10 with the Tiltak column squeezed)" sh -c "
	[ \$(pdfinfo out/sak-03-26.pdf | awk '/^Pages:/ { print \$2 }') = 8 ]"
rm -rf "$T"
