#!/bin/sh
# t_tables.sh: tables in the typesetter, checked on the display-list dump
# of test/fixtures/tables (and the status table of Sak 03-26).
. test/lib.sh
plan 15
FX=test/fixtures/tables/master.xml

$SP build $FX sak-tabellar --dump-layout > "$T/fx.dl" 2>"$T/err"
$SP build $MASTER sak-03-26 --dump-layout > "$T/sak.dl" 2>>"$T/err"
$SP build $FX -o "$T/o" 2>>"$T/err"
check "fixture builds" pdf "$T/o/sak-tabellar.pdf"

# Every glyph run inside a cell lies inside that cell's box.
inside='
/^  begin T[DH] box=/ { split(substr($3, 5), b, ","); inb = 1; next }
/^  end T[DH]/ { inb = 0; next }
inb && /^  text / {
	x = $4; y = $5; w = substr($6, 3)
	if (x < b[1] - 0.01 || x + w > b[1] + b[3] + 0.01 || y < b[2] || y > b[2] + b[4]) {
		print "outside its cell: " $0; bad++
	}
	n++
}
END { print n " runs checked"; exit bad || n == 0 }'
check "fixture: no text drawn outside its cell" awk "$inside" "$T/fx.dl"
check "sak-03-26: no text drawn outside its cell" awk "$inside" "$T/sak.dl"

# Header rows repeat: on every page where a table goes on from the page
# before, the first cell is a header cell.
first='
/^page / { p = $2; seen = !intable }
/^  begin Table/ { intable = 1 }
/^  end Table/ { intable = 0 }
/^  begin T[DH] / && !seen { seen = 1; pages++; if ($2 != "TH") { print "page " p " goes on with a body row"; bad++ } }
END { print pages " continued pages"; exit bad || pages < 1 }'
check "fixture: header row first on every page a table goes on to" awk "$first" "$T/fx.dl"
check "sak-03-26: header row first on every page a table goes on to" awk "$first" "$T/sak.dl"

# Keep with next: no page breaks a table right after a band or mål row.
keep='
/^page / { if (intable && last == "keep") { print "page " p " ends with a band/mål row"; bad++ } p = $2; last = "" }
/^  begin Table/ { intable = 1 }
/^  end Table/ { intable = 0 }
/^  begin TR/ { k = 0; cells = 0 }
/^  begin T[DH] / { cells++ }
/^  fill #(d6e2ee|f2f5f8) / { k = 1 }
/^  text .* "(Mål [0-9]|[0-9]+ [A-ZÆØÅ])/ && cells == 1 { k = 1 }
/^  end TR/ { last = k ? "keep" : "row"; n += k; k = 0 }
END { print n " band and mål rows"; exit bad || n == 0 }'
check "fixture: no page ends with a band or mål row" awk "$keep" "$T/fx.dl"
check "sak-03-26: no page ends with a band or mål row" awk "$keep" "$T/sak.dl"

# A row taller than a page splits between lines: all of it is there, in
# order, over more than one page, and the row after it follows.
pdftotext "$T/o/sak-tabellar.pdf" "$T/fx.txt"
check "tall row: all 900 words, in order" awk '
{ for (i = 1; i <= NF; i++) if ($i ~ /^ord[0-9]+$/) { n = substr($i, 4) + 0; if (n != last + 1) bad = 1; last = n } }
END { exit bad || last != 900 }' "$T/fx.txt"
check "tall row: spans pages" awk '/^page /{p=$2} /"ord1 /{a=p} /SLUTT/{b=p} END{exit !(b > a)}' "$T/fx.dl"
check "tall row: the next row follows it" grep -q "Rada etter den høge rada." "$T/fx.txt"

# Spanning row: one cell as wide as the table.
check "spanning row covers every column" awk '
/begin TH box=/ && x0 == "" { split(substr($3,5), b, ","); x0 = b[1] }
/begin TD box=/ { split(substr($3,5), b, ","); cur = b[1] " " b[3] }
/"Spennande rad/ { split(cur, c, " "); if (c[1] == x0 && c[2] > 400) ok = 1 }
END { exit !ok }' "$T/fx.dl"

# Empty cells still make cells; the row with only "Tom rad elles".
check "empty cells are laid out as cells" awk '
/begin TR/ { cells = 0; texts = 0 } /begin TD/ { cells++ } /^  text / { texts++ }
/end TR/ && cells == 3 && texts == 1 { n++ }
END { exit n < 2 }' "$T/fx.dl"

# 60-letter words in 14 mm columns: the columns widen to the widest
# piece between hyphen points, or a third of the measure for a word with
# none, which breaks there with a hyphen added; each cell's lines, their
# line-end hyphens dropped, give the word again.
cell='
/^  begin TD/ { c = "" }
/^  text / { t = $0; sub(/^[^"]*"/, "", t); sub(/" g=.*$/, "", t); sub(/-$/, "", t); c = c t }
/^  end TD/ && index(c, w) { ok = 1 }
END { exit !ok }'
check "60-letter words are all there" sh -c "
	awk -v w=samferdselsinfrastrukturutbyggingsfinansieringsordninganeabc '$cell' '$T/fx.dl' &&
	awk -v w=xqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzxqzx '$cell' '$T/fx.dl'"
check "60-letter word wraps over several lines" awk '/"[xqz]+-?"/ { n++ } END { exit n < 3 }' "$T/fx.dl"

# Status filters: only io2 in the second table, only raud/gul in the third.
check "filter by innsatsområde (5th table) and by status (6th)" awk '
/^  begin Table/ { t++ }
t == 5 && /"[13]  ?Område/ { bad = 1 }
t == 5 && /"2  ?Område 2"/ { io2 = 1 }
t == 6 && /"(Grøn|Ikkje vurdert)"/ { bad = 1 }
t == 6 && /"Raud"/ { raud = 1 }
END { exit bad || !io2 || !raud }' "$T/fx.dl"

rm -rf "$T"
