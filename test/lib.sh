# lib.sh: the small test harness every test/t_*.sh uses (sourced).
# plan N: this script prints N results (run.sh holds it to that).
# check DESC CMD...: CMD must exit 0.  fails DESC CMD...: CMD must exit
# non-zero without crashing. Each result is one line; run.sh adds them up.
SP=${SP:-./build/sakspapir}
MASTER=${MASTER:-plan/hallingdal.xml}
SEEDS=${SEEDS:-../shared/seeds}
T=${TMPDIR:-/tmp}/sp-test.$$
# Memory bounds are for the real build; make check-asan and
# check-valgrind widen them by this factor (shadow memory, quarantine).
MEMX=${SP_MEMX:-1}
mkdir -p "$T"

plan() {
	echo "1..$1"
}

check() {
	desc=$1; shift
	if "$@" >"$T/c.out" 2>"$T/c.err"; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		sed 's/^/#   /' "$T/c.out" "$T/c.err" | head -20
	fi
}

fails() {
	desc=$1; shift
	"$@" >"$T/c.out" 2>"$T/c.err"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "not ok - $desc (it succeeded)"
	elif [ $rc -gt 125 ]; then
		echo "not ok - $desc (exit $rc: it crashed or could not run)"
		sed 's/^/#   /' "$T/c.err" | head -20
	else
		echo "ok - $desc"
	fi
}

# exits CODE CMD...: CMD exits with CODE.
exits() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || { echo "exit $got, wanted $want" >&2; cat "$T/err" >&2; return 1; }
}

# pdf FILE: FILE is a PDF that poppler reads, with at least one page.
pdf() {
	pdf_n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	[ "${pdf_n:-0}" -gt 0 ] || { echo "$1: not a PDF with pages" >&2; return 1; }
}

# has FILE REGEX: FILE has a line matching the extended regex.
has() {
	grep -Eq -- "$2" "$1" || { echo "no line matching: $2" >&2; head -5 "$1" >&2; return 1; }
}

# in_text_area LIST MASTER: no glyph run of any target in LIST (the output
# of `sakspapir list`; booklets left out) leaves the text area of A4 (left
# margin 70.87, measure 462.05) or the page's height, in its display list.
in_text_area() {
	for t in $(cut -f1 "$1" | grep -v -- -hefte); do
		$SP build "$2" "$t" --dump-layout | awk -v t="$t" "
		/^page / { ph = \$4; pg = \$2 }
		/^ *text / { x = \$4; y = \$5; w = substr(\$6, 3)
			if (x + w > 533.4 || x < 70.3 || y > ph - 30 || y < 30) { print t, pg, \$0; bad = 1 } }
		END { exit bad }" || return 1
	done
}
