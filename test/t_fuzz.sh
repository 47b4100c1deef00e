#!/bin/sh
# t_fuzz.sh: damaged masters never crash the compiler. Each round breaks
# a copy of the fixture region one way (a line deleted, doubled, cut short
# or with an attribute emptied) at a line that moves with the round; build
# and lint must answer with exit 0 or 1 and, on 1, a file:line message.
. test/lib.sh
plan 3
FX=test/fixtures/fjord
rounds=48 crashed=0 nomsg=0 refused=0 i=1
while [ $i -le $rounds ]; do
	rm -rf "$T/m" && cp -r "$FX" "$T/m"
	case $((i % 3)) in
	0) f="$T/m/master.xml" ;;
	1) f="$T/m/versjonar/fj-2025.xml" ;;
	*) f="$T/m/saker/sak-07-25.xml" ;;
	esac
	n=$(wc -l < "$f")
	l=$(( (i * 37) % n + 1 ))
	case $((i % 4)) in
	0) sed -i "${l}d" "$f" ;;
	1) sed -i "${l}p" "$f" ;;
	2) sed -i "${l}s/>.*//" "$f" ;;
	3) sed -i "${l}s/=\"[^\"]*\"/=\"\"/" "$f" ;;
	esac
	for cmd in build lint; do
		if [ $cmd = build ]; then
			$SP build "$T/m/master.xml" -o "$T/o" >/dev/null 2>"$T/err"
		else
			$SP lint "$T/m/master.xml" >/dev/null 2>"$T/err"
		fi
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
			echo "# round $i ($f line $l): $cmd exited $rc"
			crashed=$((crashed + 1))
		fi
		[ $rc -eq 1 ] && refused=$((refused + 1))
		if [ $rc -eq 1 ] && ! grep -Eq '^sakspapir: [^ ]+:[0-9]+: error: ' "$T/err"; then
			echo "# round $i ($f line $l): $cmd failed without file:line"
			sed 's/^/#   /' "$T/err" | head -3
			nomsg=$((nomsg + 1))
		fi
	done
	i=$((i + 1))
done
echo "# $refused of $((2 * rounds)) runs refused the damaged master"
check "the damage is real: some runs refuse it" test $refused -gt 10
check "$rounds damaged masters: no crash (exit 0 or 1 only)" test $crashed -eq 0
check "$rounds damaged masters: every refusal names file:line" test $nomsg -eq 0
rm -rf "$T"
