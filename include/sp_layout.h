/* sp_layout.h: typesetting entry points (blocks -> display list). */
#ifndef SP_LAYOUT_H
#define SP_LAYOUT_H

#include "sp_block.h"
#include "sp_dl.h"
#include "sp_style.h"

/* ---- hyph.c: the only libhyphen user */
struct sp_hyph;
/*
 * The patterns of DICT: from its compiled form when a current one is
 * found (build/hyph/NAME.bin in the data directories), else loaded on a
 * thread. NULL after reporting.
 */
struct sp_hyph	*sp_hyph_new(const char *dict);
/* Compile DICT into OUT (atomically); 0 or -1 after reporting. */
int		 sp_hyph_compile(const char *dict, const char *out);
/*
 * Whether DICT reads as libhyphen patterns: a regular file of at most
 * 16 MB whose first line names a character set and whose other lines are
 * patterns (text, some with digits); 0, or -1 with *WHY set. A current
 * compiled form of DICT (sp_hyph_compile checks its source) answers
 * without the file being read.
 */
int		 sp_hyph_check(const char *dict, const char **why);
void		 sp_hyph_free(struct sp_hyph *);
/*
 * The patterns' digits for WORD (N bytes, 1 to 255, Latin-1) into HY
 * (N + 5 bytes) as libhyphen's hnj_hyphen_hyphenate2 gives them: odd
 * where a hyphen may follow byte k (no limits, memo or word rules
 * applied); 0, or -1 without patterns. For the tests, which hold the
 * compiled form to libhyphen's answers.
 */
int		 sp_hyph_word(struct sp_hyph *, const char *word, int n,
		    char *hy);
/* Whether the patterns are the compiled form (not libhyphen's). */
int		 sp_hyph_compiled(struct sp_hyph *);
/* At least BEFORE letters before a hyphen and AFTER after it (2, 3). */
void		 sp_hyph_limits(struct sp_hyph *, int before, int after);
/*
 * Return TEXT with U+00AD soft hyphens inserted at the places the
 * patterns allow in words of 8 letters or more, with the limits'
 * letters on either side; never in numbers, next to digits, in words in
 * capitals, in addresses (URL, e-mail) or in words holding the author's
 * own soft hyphens. Byte offsets move; POS
 * (if not NULL) receives for every input byte (and the end) its output
 * offset. The caller frees both.
 */
char		*sp_hyph_text(struct sp_hyph *, const char *text, unsigned **pos);
/*
 * Where sp_hyph_text would put its soft hyphens into TEXT (N bytes),
 * without making the text: AT[p] (N + 1 bytes) is 1 where one goes just
 * before byte p, else 0.
 */
void		 sp_hyph_points(struct sp_hyph *, const char *text, size_t n,
		    unsigned char *at);

/* ---- layout_para.c, layout_text.c and layout_shape.c: rich text to lines */
struct sp_text;

struct sp_tl_run {
	struct sp_op	 op;		/* a ready SP_OP_GLYPHS, x/y relative */
	unsigned	 flags;		/* SP_SPAN_U / SP_SPAN_S decorations */
};

/* The part of a link on one line: its box is the line's height. */
struct sp_tl_link {
	int32_t		 x, w;		/* from the line's origin */
	const char	*href;		/* the span's: "#name" or a URI */
};

struct sp_tl_line {
	int32_t		 top;		/* from the paragraph top */
	int32_t		 height;
	int32_t		 baseline;	/* from the line top */
	int32_t		 width;
	struct sp_tl_run *runs;
	int		 nruns;
	struct sp_tl_link *links;	/* links on this line, or NULL */
	int		 nlinks;
};

struct sp_tl_para {
	struct sp_tl_line *lines;
	int		 nlines;
	int32_t		 height;
	struct sp_arena	*arena;		/* the lines' runs and glyph data:
					 * they go with the paragraph
					 * (placing a line copies them to
					 * the page) */
};

/* ---- layout_break.c: line break opportunities (Unicode annex #14) */
#define SP_BRK_NO	0
#define SP_BRK_YES	1		/* a line may break before the byte */
#define SP_BRK_MUST	2		/* after a line feed, and at the end */
/*
 * The break opportunity before each byte of TEXT (N bytes) into BRK
 * (N + 1). -1 when TEXT holds a character the filler does not set
 * (other scripts, marks, controls): then Pango sets it.
 */
int		 sp_fill_breaks(const char *text, size_t n, unsigned char *brk);
/*
 * Inside an address (a word with "://", one starting "www.", an e-mail
 * address) a line breaks only after "/" or "." (and after "@" in an
 * e-mail address), never elsewhere and never with a hyphen added: MARK
 * (N + 1 bytes) gets SP_ADDR_BREAK before each byte where the address
 * may break, SP_ADDR_KEEP where it may not, 0 outside addresses. The
 * number of addresses in TEXT.
 */
#define SP_ADDR_BREAK	1
#define SP_ADDR_KEEP	2
int		 sp_addr_marks(const char *text, size_t n, unsigned char *mark);

/* ---- layout_fill.c: the fast line filler; it makes no Pango call */

/* A shaped word (or part of one) in one style; its runs start at x 0. */
struct sp_tl_word {
	struct sp_tl_run *runs;
	int		 nruns;
	int32_t		 width;
};

/* What the filler needs from its caller. */
struct sp_fill_env {
	/* the word S (N bytes) shaped in ROLE with FLAGS (SP_SPAN_*); it
	 * stays valid while the caller lives */
	const struct sp_tl_word *(*shape)(void *arg, const char *s, size_t n,
			    int role, unsigned flags);
	void		*arg;
	struct sp_hyph	*hyph;		/* NULL: no hyphenation */
	const int32_t	*pitch;		/* line pitch by role */
	const int32_t	*base;		/* baseline in the line by role */
	int		 measure;	/* sizes only, no glyph runs */
	int		 nohyph;	/* hyphenate only a word wider than
					 * a line */
	struct sp_fill_scratch *scratch; /* working memory kept from one
					 * paragraph to the next, or NULL */
};

/* The filler's working memory, for one caller at a time. */
struct sp_fill_scratch;
struct sp_fill_scratch *sp_fill_scratch_new(void);
void		 sp_fill_scratch_free(struct sp_fill_scratch *);

/*
 * Break RICH into lines WIDTH wide from shaped words, greedily, at the
 * break opportunities of layout_break.c and the hyphen points of hyph.c
 * (the author's soft hyphens too). -1 (OUT left empty) for text it does
 * not handle (tabs, scripts other than Latin, a word in several styles
 * wider than a line): the caller sets that through Pango.
 */
int		 sp_fill_lines(const struct sp_fill_env *, const struct sp_rich *,
		    enum sp_role, int32_t width, int align,
		    struct sp_tl_para *);
/*
 * The words sp_fill_lines asks its shaper for when it fills RICH in ROLE,
 * those that do not hang on the width (no hyphenated starts, no pieces
 * of a word wider than a line): FN(ARG, S, N, ROLE, FLAGS) for each, in
 * the text's order, repeats and all, until FN returns non-zero. SC is
 * working memory of the caller's thread. -1 for text the filler does not
 * set; it makes no call that is not safe on any thread.
 */
int		 sp_fill_words(const struct sp_rich *, enum sp_role,
		    struct sp_fill_scratch *sc, int (*fn)(void *arg,
		    const char *s, size_t n, int role, unsigned flags),
		    void *arg);
/* Add the part of link HREF from X, W wide, to line LN. */
void		 sp_tl_line_link(struct sp_tl_line *, int32_t x, int32_t w,
		    const char *href);
/* P's arena for its lines' glyph data, made on first use. */
struct sp_arena	*sp_tl_para_arena(struct sp_tl_para *p);
/* Free P's lines and their glyph data; P is left empty. */
void		 sp_tl_para_free(struct sp_tl_para *p);

/* ---- layout_text.c and layout_shape.c: the only Pango and HarfBuzz
 * users (sp_pango_word, sp_shaper_*, sp_pango_adopt: layout_shape.c) */
/*
 * The Pango side of one document's text: the fonts of STYLE (the font
 * setup, made once a run, see sp_text_preload), words shaped and
 * Pango's own paragraph layout. With SLOW, words are shaped through
 * pango_shape, not HarfBuzz's plan. NULL after reporting.
 */
struct sp_pango;
struct sp_pango	*sp_pango_new(const struct sp_style *, struct sp_dl *,
		    const char *fontsdir, int slow);
void		 sp_pango_free(struct sp_pango *);
/* The line pitch and baseline of each role (SP_ROLE__MAX each). */
void		 sp_pango_metrics(const struct sp_pango *, int32_t *pitch,
		    int32_t *base);
/*
 * TEXT (a word, N bytes) shaped in ROLE with FLAGS (SP_SPAN_B, _I;
 * _DRAWN kept on the runs) into W, its glyph data in arena A.
 */
void		 sp_pango_word(struct sp_pango *, struct sp_arena *a,
		    const char *text, size_t n, int role, unsigned flags,
		    struct sp_tl_word *w);
/*
 * Shaping words on another thread. sp_shaper_new (on the thread that
 * owns the sp_pango) returns what one other thread shapes with; NULL
 * where words are not shaped through HarfBuzz (SLOW) or the fonts were
 * not loaded ahead (sp_text_preload loads them; Pango may load fonts on
 * one thread only). sp_shaper_word (the other thread) shapes as
 * sp_pango_word does on its direct path, with a HarfBuzz font and
 * buffer of its own and no Pango call, the glyph data in A: -1 for a
 * word it cannot shape (a glyph the font lacks; sp_pango_word then goes
 * through Pango). The run's font is no index yet: the owner gives it
 * with sp_pango_adopt where it would have shaped the word itself, so the
 * display list's font table is the same whichever thread shaped. Free
 * the shaper (the owner, after the other thread is done) before the
 * sp_pango.
 */
struct sp_shaper;
/*
 * Whether words are shaped ahead (SAKSPAPIR_SHAPE_THREAD): unset or 0
 * not (the default: on the loaded 2-core machine it was measured on it
 * did not pay), 1 on a thread racing layout, "first" on a thread that
 * finishes before layout starts.
 */
#define SP_SHAPE_OFF	0
#define SP_SHAPE_ON	1
#define SP_SHAPE_FIRST	2
int		 sp_shape_thread(void);
struct sp_shaper *sp_shaper_new(struct sp_pango *);
int		 sp_shaper_word(struct sp_shaper *, struct sp_arena *a,
		    const char *text, size_t n, int role, unsigned flags,
		    struct sp_tl_word *w);
void		 sp_shaper_free(struct sp_shaper *);
void		 sp_pango_adopt(struct sp_pango *, int role, unsigned flags,
		    struct sp_tl_word *w);
/*
 * R laid out by Pango into OUT: *TEXT is R's text as it is to be set
 * (soft hyphens and address marks put in), POS maps R's bytes to it
 * (NULL: the same). A soft hyphen that breaks a rule of the filler's is
 * taken out again, so *TEXT may be replaced and POS changed; the caller
 * frees both. With MEASURE, no links.
 */
void		 sp_pango_para(struct sp_pango *, const struct sp_rich *r,
		    char **text, unsigned *pos, enum sp_role, int32_t width,
		    int align, int measure, struct sp_tl_para *out);
/*
 * R's text in Unicode NFC ("a" + U+030A as "å"), into OUT with the spans
 * moved with their text (each span's piece normalised alone; hrefs are
 * R's, not copied): 1, the caller frees OUT's text and spans. 0, OUT
 * untouched, when R is in NFC already (a text with no character from
 * U+0300 up is, without a look).
 */
int		 sp_text_nfc(const struct sp_rich *r, struct sp_rich *out);
/* Pango's break opportunities for TEXT as sp_fill_breaks gives them;
 * -1 for text that is not UTF-8. */
int		 sp_text_breaks(const char *text, size_t n, unsigned char *brk);

/* ---- layout_para.c */
/* The font setup for a style: private fontconfig from FONTSDIR. */
struct sp_text	*sp_text_new(const struct sp_style *, struct sp_dl *,
		    const char *fontsdir, struct sp_hyph *);
void		 sp_text_free(struct sp_text *);
/*
 * Make the font setup for STYLE and FONTSDIR on a thread, for the first
 * sp_text_new to take; every later text shares it. sp_text_cleanup
 * waits for that thread and, if FREE, frees the setup (at exit).
 */
void		 sp_text_preload(const struct sp_style *, const char *fontsdir);
void		 sp_text_cleanup(int free);	/* (both layout_text.c's) */
/*
 * Break RICH into lines WIDTH wide (Pango units) in the text style of
 * ROLE. The lines and their glyph data belong to the caller
 * (sp_tl_para_free).
 */
void		 sp_text_layout(struct sp_text *, const struct sp_rich *,
		    enum sp_role, int32_t width, int align,
		    struct sp_tl_para *);
/*
 * Shape the words of a document ahead of layout on a thread of its own
 * (when sp_shape_thread says so): WALK(DOC, VISIT, ARG) calls VISIT for
 * each text in the order layout sets it, with the role it is set in,
 * and stops when VISIT returns non-zero; it runs on that thread and must
 * only read DOC, which must live until sp_text_free. The words come out
 * the same whichever thread shapes them.
 */
typedef int	(*sp_text_visit)(void *arg, const struct sp_rich *,
		    enum sp_role);
typedef void	(*sp_text_walk)(const void *doc, sp_text_visit visit,
		    void *arg);
void		 sp_text_ahead(struct sp_text *, sp_text_walk walk,
		    const void *doc);
/* The width of the widest word of R (between spaces) in ROLE. */
int32_t		 sp_text_widest(struct sp_text *, const struct sp_rich *,
		    enum sp_role);
/* How wide a text is set (Pango units), for a table's column widths */
struct sp_text_extent {
	int32_t	 maxw;		/* its widest line unbroken (lines as given) */
	int32_t	 minw;		/* its widest part no line may break inside */
	int32_t	 minh;		/* the same if a name may be hyphenated */
	int32_t	 widest;	/* its widest word */
	int32_t	 sum;		/* all its words and the spaces between */
};
/*
 * The extent of R in ROLE. minw: a word of text not to be hyphenated
 * (names, numbers, dates; nohyph) whole up to CAP, else the widest piece
 * between the hyphen points, with its hyphen; with SP_RICH_WHOLE, the
 * whole text if it is no wider than CAP. minh: the same with every word
 * hyphenated where it may be. Both are FLOOR at least: a word no wider
 * than that is not measured in pieces (INT32_MAX: none is). Widths from
 * the word cache.
 */
void		 sp_text_extent(struct sp_text *, const struct sp_rich *,
		    enum sp_role, int32_t cap, int32_t floor,
		    struct sp_text_extent *);
/* Line pitch of a role, in Pango units. */
int32_t		 sp_text_pitch(const struct sp_text *, enum sp_role);

/* Measuring only: lines get their sizes but no glyph runs. */
void		 sp_text_measure(struct sp_text *, int on);

/* ---- layout.c */
typedef void	(*sp_page_fn)(void *arg, struct sp_dl *, int page);
/*
 * Typeset DOC with STYLE into a new display list, hyphenating with HY
 * (may be NULL) when the style asks for it. With DONE, pages are handed
 * to DONE(ARG, dl, n) one by one as they are finished (after a first
 * pass that counts them), and DONE may free their operations; without
 * it every page stays in the list. While pages stream, the page array
 * and the font table do not move, so DONE may hand pages to another
 * thread. Returns NULL after reporting (fonts missing). The caller frees
 * with sp_dl_free.
 */
struct sp_dl	*sp_layout(const struct sp_doc *, const struct sp_style *,
		    const char *fontsdir, struct sp_hyph *hy, sp_page_fn done,
		    void *arg);
/*
 * The late part of page N: a page PART holding only the operations of
 * N's page number, which LATE may take (as sp_paint_late does).
 */
typedef void	(*sp_late_fn)(void *arg, struct sp_dl *, int n,
		    struct sp_page *part);
/*
 * The same, for a painter that can take a page's number after the page
 * (sp_paint_can_late): with DONE and LATE, a document without a table of
 * contents is laid out in one pass, big or small, and each page goes to
 * DONE as soon as it is finished; the pages finished before the last one
 * is known come without their number (sp_page.late set), and at the end
 * LATE is called for each of them in order. Here the page array and the
 * font table may move between calls: a painter on another thread works
 * from copies (sp_paint_page and sp_paint_late make them).
 */
struct sp_dl	*sp_layout_stream(const struct sp_doc *,
		    const struct sp_style *, const char *fontsdir,
		    struct sp_hyph *hy, sp_page_fn done, sp_late_fn late,
		    void *arg);

/* ---- layout_bundle.c: laid-out documents composed into a bundle */
struct sp_part {
	struct sp_dl	*dl;		/* laid out; its pages are taken */
	int		 shift;		/* added to its outline levels */
	int		 odd;		/* begins on an odd (right) page */
	const char	*dest;		/* a named destination at its top, and
					 * the prefix of its own (NULL: none) */
};

struct sp_bundle {
	const struct sp_style *st;
	const char	*fontsdir;
	const char	*folio;		/* " · %d": the bundle's page number
					 * beside each document's own */
	const char	*blank;		/* on a page left blank on purpose */
	const char	*mark;		/* in the top margin of every page,
					 * or NULL */
};

/*
 * The first page (from 1) of each of N parts of NPAGES pages, with a
 * blank page before those marked ODD that would begin on an even page.
 * Returns the pages in all.
 */
int		 sp_bundle_starts(const int *npages, const int *odd, int n,
		    int *start);
/*
 * One display list of the N parts in order, as sp_bundle_starts counts
 * them: their pages taken over, not laid out again (fonts merged,
 * outline levels shifted, each part's Document a Part of one Document,
 * its destinations and links to them named "DEST/name" to keep them
 * apart), numbered on beside their own numbers, blank pages marked. The
 * parts are left with empty pages; they are still the caller's to free.
 * NULL after reporting (fonts missing); the caller frees the bundle with
 * sp_dl_free.
 */
struct sp_dl	*sp_bundle(const struct sp_bundle *, struct sp_part *, int n);
/* Marked blank pages onto DL until its pages are a multiple of M. */
int		 sp_bundle_pad(const struct sp_bundle *, struct sp_dl *,
		    int m);
/*
 * The pages of DL (a multiple of 4) imposed two to a sheet side SW x SH
 * in saddle-stitch order: sheet side k holds places 2k (left) and
 * 2k+1 (right). Returns the places; the caller frees *OUT.
 */
int		 sp_booklet(const struct sp_dl *, int32_t sw, int32_t sh,
		    struct sp_place **out);

#endif
