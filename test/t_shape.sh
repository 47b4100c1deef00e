#!/bin/sh
# t_shape.sh: words shaped ahead of layout on a thread of their own
# (sp-shape, layout_para.c): whichever thread shaped a word, the output is
# the same. By default (or SAKSPAPIR_SHAPE_THREAD=0) every word is shaped
# on the main thread; =1 races a thread against layout; =first lets the
# thread walk the whole document before layout starts (so every word it
# takes comes from it).
. test/lib.sh

$SP list $MASTER | cut -f2 | sed 's|^out/||' > "$T/targets"
nt=$(wc -l < "$T/targets")
plan $((12 + 2 * nt))

check "build, words shaped on the main thread only (the default)" \
    env -u SAKSPAPIR_SHAPE_THREAD $SP build $MASTER -o "$T/m" --archive
check "build, every word the thread takes shaped before layout" \
    env SAKSPAPIR_SHAPE_THREAD=first $SP build $MASTER -o "$T/f" --archive
check "build, the thread racing layout" \
    env SAKSPAPIR_SHAPE_THREAD=1 $SP build $MASTER -o "$T/r" --archive
for n in $(cat "$T/targets"); do
	check "$n: the thread's words give the bytes of the main thread's" \
	    sh -c "cmp '$T/m/$n' '$T/f/$n' && cmp '$T/m/$n' '$T/r/$n'"
	check "$n: its PDF/A copy too" sh -c "test ! -e '$T/m/arkiv/$n' ||
	    { cmp '$T/m/arkiv/$n' '$T/f/arkiv/$n' &&
	    cmp '$T/m/arkiv/$n' '$T/r/arkiv/$n'; }"
done

# The display lists (glyphs, widths, positions, font table) of a sak, a
# plan and a diff.
dumps() {
	for d in sak-03-26 plan-rp-2024 diff-sp-2022-rp-2024; do
		for v in 0 first 1; do
			SAKSPAPIR_SHAPE_THREAD=$v $SP build $MASTER "$d" \
			    --dump-layout > "$T/$d.$v.dl" || return 1
		done
		test -s "$T/$d.0.dl" && cmp "$T/$d.0.dl" "$T/$d.first.dl" &&
		    cmp "$T/$d.0.dl" "$T/$d.1.dl" || return 1
	done
}
check "--dump-layout: the same display lists with and without the thread" dumps

# A synthetic sak of 400 tiltak: a table over many pages, streamed to
# the painter while the words are shaped ahead.
test -x build/genplan && build/genplan 400 "$T/g" > /dev/null 2>&1
check "synthetic sak: built with the thread" \
    env SAKSPAPIR_TIMING=1 SAKSPAPIR_SHAPE_THREAD=first $SP build "$T/g/master.xml" -o "$T/g1"
cp "$T/c.err" "$T/g1.timing"
check "synthetic sak: built without it" \
    env SAKSPAPIR_TIMING=1 SAKSPAPIR_SHAPE_THREAD=0 $SP build "$T/g/master.xml" -o "$T/g0"
cp "$T/c.err" "$T/g0.timing"
check "synthetic sak: built racing" \
    env SAKSPAPIR_SHAPE_THREAD=1 $SP build "$T/g/master.xml" -o "$T/g2"
check "synthetic sak: the same bytes all three ways" sh -c "test \$(pdfinfo '$T/g1/sak-syntetisk.pdf' | awk '/^Pages:/ { print \$2 }') -gt 5 && cmp '$T/g0/sak-syntetisk.pdf' '$T/g1/sak-syntetisk.pdf' && cmp '$T/g0/sak-syntetisk.pdf' '$T/g2/sak-syntetisk.pdf'"
# the comparisons above compare something: the thread did shape, and
# layout took its words (SAKSPAPIR_TIMING says how many)
check "synthetic sak: layout took hundreds of words from the thread" awk '
	/words shaped ahead, layout took/ { if ($2 >= 200 && $7 >= 200) ok = 1 }
	END { exit !ok }' "$T/g1.timing"
check "synthetic sak: no thread with SAKSPAPIR_SHAPE_THREAD=0, nor by default" sh -c \
    "! grep -q 'shaped ahead' '$T/g0.timing' && env -u SAKSPAPIR_SHAPE_THREAD SAKSPAPIR_TIMING=1 $SP build '$T/g/master.xml' -o '$T/g3' 2>&1 | grep -q '^timing: layout' && ! env -u SAKSPAPIR_SHAPE_THREAD SAKSPAPIR_TIMING=1 $SP build '$T/g/master.xml' -o '$T/g3' 2>&1 | grep -q 'shaped ahead'"
check "SAKSPAPIR_SLOW (Pango shapes every word): no thread" sh -c \
    "SAKSPAPIR_SHAPE_THREAD=1 SAKSPAPIR_TIMING=1 SAKSPAPIR_SLOW=1 $SP build $MASTER sak-03-26 -o '$T/s' 2> '$T/s.err' && test -s '$T/s/sak-03-26.pdf' && ! grep -q 'shaped ahead' '$T/s.err'"
check "a build's timing names the thread's words" sh -c \
    "SAKSPAPIR_TIMING=1 SAKSPAPIR_SHAPE_THREAD=first $SP build $MASTER sak-03-26 -o '$T/t' 2>&1 | grep -Eq '^timing: [0-9]+ words shaped ahead, layout took [0-9]+ of its [0-9]+\$'"
rm -rf "$T"
