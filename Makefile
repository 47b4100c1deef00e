# sakspapir: build the compiler, render every document into out/, test.
#   make            check/install Debian packages, build, render into out/
#   make test       build and run every test ("N passed, N failed" last)
#   make bench      median wall time and peak memory per document
#   make check-asan the whole suite on an AddressSanitizer + UBSan build
#   make check-valgrind  the whole suite under valgrind memcheck (slow)
#   make fuzz       libFuzzer on the master, the style and the fonts (FUZZ_TIME=s each)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
sinclude config.mk

VERSION	 = 0.1.0
PREFIX	?= /usr/local
DATADIR	 = $(PREFIX)/share/sakspapir
CC	?= cc
PKGS	 = libxml-2.0 pangoft2 freetype2 fontconfig libdeflate
# Opened when a form is written or read and when a PNG is painted
# (src/lib.c), not linked: linked, they and what they bring were loaded
# at the start of every run.
DLPKGS	 = xlsxwriter libzip cairo
WARN	 = -Wall -Wextra -Wshadow
CFLAGS	?= -O2 -g
SP_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	   -Iinclude -DSP_VERSION=\"$(VERSION)\" -DSP_DATADIR=\"$(DATADIR)\" \
	   -MMD -MP
MASTER	 = plan/hallingdal.xml

# Debian packages: build, then what the tests need.
DEBS	 = build-essential pkg-config libxml2-dev libxml2-utils libcairo2-dev \
	   libpango1.0-dev libhpdf-dev libhyphen-dev hyphen-no \
	   libxlsxwriter-dev libzip-dev libdeflate-dev \
	   poppler-utils qpdf mupdf-tools jq libreoffice-calc-nogui valgrind
# Only for make fuzz (libFuzzer comes with clang's runtime libraries).
FUZZDEBS = clang libclang-rt-14-dev

SRCS	 = $(wildcard src/*.c)
OBJS	 = $(SRCS:src/%.c=build/%.o)
PLAN	 = $(shell find plan -name '*.xml' -o -name '*.rng')
DATA	 = $(wildcard styles/*.style) fonts/fonts.conf $(wildcard fonts/*.ttf) \
	   icc/sRGB.icc

all: out/.built

# The package check runs first and only once per change of this Makefile.
build/.debs: Makefile
	@mkdir -p build
	@sh test/debs.sh $(DEBS)
	@touch $@

build/.flags: build/.debs
	@pkg-config --cflags $(PKGS) $(DLPKGS) > build/.cflags
	@pkg-config --libs $(PKGS) > build/.libs
	@touch $@

build/%.o: src/%.c build/.flags
	$(CC) $(CFLAGS) $(SP_CFLAGS) $$(cat build/.cflags) -c $< -o $@

build/sakspapir: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $$(cat build/.libs) -lhpdf -lhyphen -lpthread -lm

build/genplan: test/genplan.c build/.debs
	$(CC) $(CFLAGS) -std=c11 $(WARN) -o $@ test/genplan.c

# Fills in status forms for the round-trip tests, as a person would.
build/fillform: test/fillform.c build/.flags
	$(CC) $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -o $@ \
	    test/fillform.c $$(pkg-config --cflags --libs libzip)

# Unit tests: linked against every object but main.o.
build/unit: test/unit.c $(filter-out build/main.o,$(OBJS))
	$(CC) $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    $(WARN) -Iinclude $$(cat build/.cflags) -o $@ test/unit.c \
	    $(filter-out build/main.o,$(OBJS)) $$(cat build/.libs) -lhpdf -lhyphen \
	    -lpthread -lm

# Nynorsk hyphenation patterns, compiled once (loading them takes longer
# than typesetting a sak).
HYPHBIN	 = build/hyph/hyph_nn_NO.dic.bin build/hyph/hyph_nb_NO.dic.bin
build/hyph/%.dic.bin: build/sakspapir /usr/share/hyphen/%.dic
	./build/sakspapir hyph-compile /usr/share/hyphen/$*.dic $@
# On a new machine the patterns arrive with hyphen-no while make runs,
# after make has looked at /usr/share/hyphen and found nothing; this rule
# has them installed first (order-only: a newer build/.debs does not
# make them out of date) and then looks again.
# Named, not a pattern, so that make never takes them for intermediate
# files of its own and deletes them.
HYPHDIC	 = $(HYPHBIN:build/hyph/%.bin=/usr/share/hyphen/%)
$(HYPHDIC): | build/.debs
	@test -f $@ || { echo "$@ is missing: is hyphen-no installed?" >&2; exit 1; }
.PRECIOUS: $(HYPHDIC)

out/.built: build/sakspapir $(HYPHBIN) $(PLAN) $(DATA)
	@mkdir -p out
	./build/sakspapir build $(MASTER) -o out --archive
	@touch $@

test: build/sakspapir build/genplan build/unit build/timeit build/fillform \
	    build/pdfcheck $(HYPHBIN) out/.built
	@sh test/run.sh

# The bare Pango + cairo floor that make bench measures sakspapir against.
build/floor: test/floor.c build/.debs
	$(CC) $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) \
	    $$(pkg-config --cflags pangocairo cairo-pdf) -o $@ test/floor.c \
	    $$(pkg-config --libs pangocairo cairo-pdf)

# The tagging checker of the tests: it shares no code with the painter.
build/pdfcheck: test/pdfcheck.c build/.debs
	$(CC) $(CFLAGS) -std=c11 -D_GNU_SOURCE $(WARN) -o $@ test/pdfcheck.c

build/timeit: test/timeit.c
	$(CC) $(CFLAGS) -std=c11 -D_DEFAULT_SOURCE $(WARN) -o $@ test/timeit.c

bench: build/sakspapir build/genplan build/timeit build/floor $(HYPHBIN)
	@sh test/bench.sh

golden: build/sakspapir $(HYPHBIN)
	UPDATE_GOLDEN=1 sh test/t_golden.sh

install: build/sakspapir $(HYPHBIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(DATADIR)/styles $(DESTDIR)$(DATADIR)/fonts \
	    $(DESTDIR)$(DATADIR)/plan/schema $(DESTDIR)$(DATADIR)/icc
	install -m 755 build/sakspapir $(DESTDIR)$(PREFIX)/bin/sakspapir
	install -m 644 sakspapir.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 styles/*.style $(DESTDIR)$(DATADIR)/styles/
	install -m 644 fonts/*.ttf fonts/fonts.conf fonts/OFL.txt \
	    fonts/COPYRIGHT $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 plan/schema/sakspapir.rng $(DESTDIR)$(DATADIR)/plan/schema/
	install -m 644 icc/sRGB.icc icc/COPYRIGHT $(DESTDIR)$(DATADIR)/icc/
	install -d $(DESTDIR)$(DATADIR)/build/hyph
	install -m 644 $(HYPHBIN) $(DESTDIR)$(DATADIR)/build/hyph/

# Sanitizers: the compiler and the unit tests built again with
# AddressSanitizer and UBSan (objects under build/asan/), and the whole
# suite run on them: any report ends the process with a non-zero status,
# which the runner counts. Leaks that fontconfig and Pango keep until
# exit are suppressed by name in test/lsan.supp (each entry says why).
# The binaries sit in build/ so they find their data as the real one does.
ASAN	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
ASANOBJS = $(SRCS:src/%.c=build/asan/%.o)
SANENV	 = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=150 \
	   LSAN_OPTIONS=suppressions=$(CURDIR)/test/lsan.supp:print_suppressions=0 \
	   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=150
build/asan/%.o: src/%.c build/.flags
	@mkdir -p build/asan
	$(CC) $(ASAN) $(SP_CFLAGS) $$(cat build/.cflags) -c $< -o $@
build/sakspapir-asan: $(ASANOBJS)
	$(CC) $(ASAN) -o $@ $(ASANOBJS) $$(cat build/.libs) -lhpdf -lhyphen \
	    -lpthread -lm
build/unit-asan: test/unit.c $(filter-out build/asan/main.o,$(ASANOBJS))
	$(CC) $(ASAN) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    $(WARN) -Iinclude $$(cat build/.cflags) -o $@ test/unit.c \
	    $(filter-out build/asan/main.o,$(ASANOBJS)) $$(cat build/.libs) \
	    -lhpdf -lhyphen -lpthread -lm
check-asan: build/sakspapir-asan build/unit-asan build/sakspapir \
	    build/genplan build/timeit build/fillform $(HYPHBIN)
	@$(SANENV) SP=build/sakspapir-asan UNIT=build/unit-asan BAD_VMEM=0 SP_MEMX=10 \
	    sh test/run.sh

# The same suite under valgrind memcheck, through test/valgrind.sh (a
# stand-in for the binary). Much slower than check-asan; not in CI.
check-valgrind: build/sakspapir build/unit build/genplan build/timeit \
	    build/fillform $(HYPHBIN)
	@SP=test/valgrind.sh VG_BIN=$(CURDIR)/build/sakspapir UNIT=test/valgrind-unit.sh \
	    BAD_VMEM=0 BAD_TIME=600 TEST_TIMEOUT=7200 SP_MEMX=10 sh test/run.sh

# Fuzzing: libFuzzer with clang's AddressSanitizer and UBSan, three
# targets (test/fuzz.c), each for FUZZ_TIME seconds from a seed corpus
# of the masters and styles in plan/, styles/ and test/ and the fonts. Crashes land in
# build/fuzz/crash-*; make each one a case in test/bad/.
FUZZ_TIME ?= 60
FUZZCC	 = clang
FUZZF	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
FUZZOBJS = $(filter-out build/fuzz/main.o,$(SRCS:src/%.c=build/fuzz/%.o))
build/.fuzzdebs: Makefile
	@mkdir -p build
	@sh test/debs.sh $(FUZZDEBS)
	@touch $@
build/fuzz/%.o: src/%.c build/.flags build/.fuzzdebs
	@mkdir -p build/fuzz
	$(FUZZCC) $(FUZZF) -fsanitize=fuzzer-no-link $(SP_CFLAGS) \
	    $$(cat build/.cflags) -c $< -o $@
build/fuzz-master: test/fuzz.c $(FUZZOBJS)
	$(FUZZCC) $(FUZZF) -fsanitize=fuzzer -std=c11 -D_DEFAULT_SOURCE \
	    $(WARN) -Iinclude $$(cat build/.cflags) -o $@ test/fuzz.c \
	    $(FUZZOBJS) $$(cat build/.libs) -lhpdf -lhyphen -lpthread -lm
build/fuzz-style: test/fuzz.c $(FUZZOBJS)
	$(FUZZCC) $(FUZZF) -fsanitize=fuzzer -DFUZZ_STYLE -std=c11 \
	    -D_DEFAULT_SOURCE $(WARN) -Iinclude $$(cat build/.cflags) -o $@ \
	    test/fuzz.c $(FUZZOBJS) $$(cat build/.libs) -lhpdf -lhyphen \
	    -lpthread -lm
build/fuzz-font: test/fuzz.c $(FUZZOBJS)
	$(FUZZCC) $(FUZZF) -fsanitize=fuzzer -DFUZZ_FONT -std=c11 \
	    -D_DEFAULT_SOURCE $(WARN) -Iinclude $$(cat build/.cflags) -o $@ \
	    test/fuzz.c $(FUZZOBJS) $$(cat build/.libs) -lhpdf -lhyphen \
	    -lpthread -lm
fuzz: build/fuzz-master build/fuzz-style build/fuzz-font $(HYPHBIN)
	@sh test/fuzz.sh $(FUZZ_TIME)

clean:
	rm -rf build out

.PHONY: all test bench golden install clean check-asan check-valgrind fuzz

-include $(OBJS:.o=.d) $(ASANOBJS:.o=.d) $(FUZZOBJS:.o=.d)
