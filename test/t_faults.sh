#!/bin/sh
# t_faults.sh: a failing disk, a killed or interrupted build, two builds
# at once: either every output of a build is replaced or none is, no
# temporary file stays behind, and the message names the file and the
# system's reason. A full disk is played by a file size limit (ulimit -f,
# with SIGXFSZ ignored, so that write fails with EFBIG).
. test/lib.sh
plan 19

OK=test/bad/ok.xml
# waitfor GLOB: wait up to 20 s for a file matching GLOB; 0 if one came.
waitfor() {
	i=0
	while [ $i -lt 200 ]; do
		for f in $1; do
			[ -e "$f" ] && return 0
		done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# notmp DIR: no temporary of ours left in DIR.
notmp() {
	! ls -A "$1" | grep -q '\.tmp\.' || { ls -lA "$1" >&2; return 1; }
}

# A later target fails to write: the earlier one is not replaced either.
# The limit (50 kB) lies between the two PDFs' sizes (about 37 and 67 kB).
mkdir -p "$T/f"
printf 'old sak' > "$T/f/sak-38-26.pdf"
printf 'old vedlegg' > "$T/f/vedlegg-regionalt-samarbeid.pdf"
(trap '' XFSZ; ulimit -f 100; exec $SP build $MASTER sak-38-26 vedlegg-regionalt-samarbeid -o "$T/f") 2> "$T/err"
rc=$?
check "disk full on the second of two targets: exit 3" test $rc = 3
check "  the message names the file and the system's reason" has "$T/err" "^sakspapir: $T/f/vedlegg-regionalt-samarbeid\.pdf: error: cannot write: File too large$"
check "  one message" test "$(wc -l < "$T/err")" = 1
check "  the first target is not replaced either (all or none)" test "$(cat "$T/f/sak-38-26.pdf")" = "old sak"
check "  nor the second" test "$(cat "$T/f/vedlegg-regionalt-samarbeid.pdf")" = "old vedlegg"
check "  and no temporary file is left" notmp "$T/f"
check "without the limit both are replaced" sh -c "$SP build $MASTER sak-38-26 vedlegg-regionalt-samarbeid -o '$T/f' && pdfinfo '$T/f/sak-38-26.pdf' >/dev/null && pdfinfo '$T/f/vedlegg-regionalt-samarbeid.pdf' >/dev/null"

# kill -9 in the middle of the 10 000-tiltak sak: the old PDF stays, the
# temporary the killed run left is gone after the next run.
build/genplan 10000 "$T/g" > /dev/null 2>&1
mkdir -p "$T/k"
printf 'old' > "$T/k/sak-syntetisk.pdf"
$SP build "$T/g/master.xml" -o "$T/k" 2>/dev/null &
pid=$!
waitfor "$T/k/sak-syntetisk.pdf.tmp.*" && sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "kill -9 mid-build: it was killed while writing (a temporary is there)" sh -c "ls '$T/k' | grep -q '^sak-syntetisk\.pdf\.tmp\.'"
check "  the old PDF is intact" test "$(cat "$T/k/sak-syntetisk.pdf")" = old
printf 'not ours' > "$T/k/notes.txt.tmp.abcdef"
check "the next run builds" $SP build "$T/g/master.xml" -o "$T/k"
check "  and removes the killed run's temporary" sh -c "! ls -A '$T/k' | grep -q '\.pdf\.tmp\.'"
check "  but not a file of another pattern" test -f "$T/k/notes.txt.tmp.abcdef"

# SIGTERM and SIGINT: the temporaries go with the process.
for sig in TERM INT; do
	rm -rf "$T/s" && mkdir -p "$T/s" && printf 'old' > "$T/s/sak-syntetisk.pdf"
	# a background job of a non-interactive shell ignores SIGINT:
	# let it have the default back
	sh -c "trap - INT; exec $SP build '$T/g/master.xml' -o '$T/s'" 2>/dev/null &
	pid=$!
	waitfor "$T/s/sak-syntetisk.pdf.tmp.*"
	kill -$sig $pid
	wait $pid 2>/dev/null
	rc=$?
	check "SIG$sig mid-build: ended by the signal, the old PDF intact, no temporary left" \
	    sh -c "[ $rc -gt 128 ] && [ \"\$(cat '$T/s/sak-syntetisk.pdf')\" = old ] && ! ls -A '$T/s' | grep -q tmp"
done

# Two builds into one directory at once: whole files.
$SP build $MASTER sak-38-26 -o "$T/ref" 2>/dev/null
$SP build $MASTER sak-38-26 -o "$T/two" 2>/dev/null &
$SP build $MASTER sak-38-26 -o "$T/two" 2>/dev/null
wait
check "two builds at once into one directory: a whole file, as one build makes it" cmp "$T/ref/sak-38-26.pdf" "$T/two/sak-38-26.pdf"
check "  and no temporary left" notmp "$T/two"

# The output mode follows the umask.
(umask 077; $SP build $OK -o "$T/u1" 2>/dev/null)
(umask 022; $SP build $OK -o "$T/u2" 2>/dev/null)
check "umask 077: the PDF is -rw-------" sh -c "ls -l '$T/u1/sak-k.pdf' | grep -q '^-rw------- '"
check "umask 022: the PDF is -rw-r--r--" sh -c "ls -l '$T/u2/sak-k.pdf' | grep -q '^-rw-r--r-- '"

# deps: a path with a space is one prerequisite, as make reads it.
mkdir -p "$T/my plan"
cp $OK "$T/my plan/a master.xml"
printf 'out/sak-k.pdf:\n\t@echo remade\ninclude d.mk\n' > "$T/my plan/Makefile"
spabs=$(cd "$(dirname "$SP")" && pwd)/$(basename "$SP")
(cd "$T/my plan" && "$spabs" deps "a master.xml" sak-k > d.mk)
mkdir -p "$T/my plan/out" && touch -d '1 hour ago' "$T/my plan/out/sak-k.pdf"
# unescaped, make would look for the files "a" and "master.xml"
check "deps: a path with spaces is escaped; make reads it back as the one file" sh -c "cd '$T/my plan' && make -s | grep -qx remade"
rm -rf "$T"
