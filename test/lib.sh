# lib.sh: the small test harness every test/t_*.sh uses (sourced).
# check DESC CMD...: CMD must exit 0.  fails DESC CMD...: CMD must not.
# Each result is one line; run.sh adds them up.
SP=${SP:-./build/sakspapir}
MASTER=${MASTER:-plan/hallingdal.xml}
SEEDS=${SEEDS:-../shared/seeds}
T=${TMPDIR:-/tmp}/sp-test.$$
mkdir -p "$T"

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
	if "$@" >"$T/c.out" 2>"$T/c.err"; then
		echo "not ok - $desc (it succeeded)"
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

# has FILE REGEX: FILE has a line matching the extended regex.
has() {
	grep -Eq -- "$2" "$1" || { echo "no line matching: $2" >&2; head -5 "$1" >&2; return 1; }
}
