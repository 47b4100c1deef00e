# orphans.awk DUMP: tables (of three body rows or more) that begin with a
# single body row at the foot of a page, from a display-list dump; exits 1
# if there is one. A row is counted where its first cell (TD) begins.
/^page / { p = $2 }
/^  begin Table/ { t++; np[t] = 0; tot[t] = 0 }
/^  begin TR/ { inrow = 1; td = 0 }
/^  begin TD/ && inrow && !td {
	td = 1; tot[t]++
	if (np[t] == 0 || pg[t, np[t]] != p) {
		np[t]++; pg[t, np[t]] = p; cnt[t, np[t]] = 0
	}
	cnt[t, np[t]]++
}
/^  end TR/ { inrow = 0 }
END {
	for (i = 1; i <= t; i++)
		if (tot[i] >= 3 && np[i] > 1 && cnt[i, 1] < 2) {
			print "table " i ": a single row at the foot of page " pg[i, 1]
			bad = 1
		}
	exit bad
}
