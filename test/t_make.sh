#!/bin/sh
# t_make.sh: the Makefile: nothing to do the second time; install puts a
# working compiler and its data where PREFIX and DESTDIR say.
. test/lib.sh
plan 14
MAKE=${MAKE:-make}
unset MAKEFLAGS MFLAGS

check "make renders every target into out/" sh -c "$MAKE -s all >/dev/null 2>&1 && test -s out/sak-03-26.pdf -a -s out/sak-38-26.pdf"
check "a second make has nothing to do" $MAKE -q all
check "make -n all would run no command" sh -c "test -z \"\$($MAKE -s -n all)\""

check "make install PREFIX DESTDIR" sh -c "$MAKE -s install PREFIX=/usr DESTDIR='$T/inst' >/dev/null"
for f in usr/bin/sakspapir usr/share/man/man1/sakspapir.1 \
    usr/share/sakspapir/styles/standard.style \
    usr/share/sakspapir/fonts/fonts.conf usr/share/sakspapir/fonts/OFL.txt \
    usr/share/sakspapir/fonts/NotoSerif-Regular.ttf \
    usr/share/sakspapir/plan/schema/sakspapir.rng \
    usr/share/sakspapir/build/hyph/hyph_nn_NO.dic.bin; do
	check "installed: $f" test -s "$T/inst/$f"
done
# The installed compiler finds its data beside itself, not in this tree:
# build a copy of the master kept away from the source tree's schema.
cp -r plan "$T/p" && rm -rf "$T/p/schema"
check "the installed compiler builds a sak" "$T/inst/usr/bin/sakspapir" build "$T/p/hallingdal.xml" sak-38-26 -o "$T/o"
check "with the installed fonts only" sh -c "pdffonts '$T/o/sak-38-26.pdf' | grep -q NotoSerif-Regular"
rm -rf "$T"
