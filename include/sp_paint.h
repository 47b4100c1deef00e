/* sp_paint.h: painters translate a display list into a file format. */
#ifndef SP_PAINT_H
#define SP_PAINT_H

#include "sp.h"
#include <stdio.h>

#include "sp_dl.h"

/*
 * A painter is a const table; an entry it cannot honour is NULL and
 * paint.c skips it. The first failure sticks in the context and close
 * returns it (0 or -1), so the operations return nothing.
 */
struct sp_painter {
	const char	*name;
	void		*(*open)(const struct sp_dl *, FILE *out);
	void		 (*page_begin)(void *, int n, int32_t w, int32_t h);
	void		 (*glyphs)(void *, const struct sp_op *);
	void		 (*fill)(void *, const struct sp_op *);
	void		 (*tag_begin)(void *, const struct sp_op *);
	void		 (*tag_end)(void *, const struct sp_op *);
	void		 (*outline)(void *, int page, const struct sp_op *);
	void		 (*page_end)(void *);
	int		 (*close)(void *);
	/* links and named destinations (SP_OP_LINK, _URI, _DEST) */
	void		 (*link)(void *, const struct sp_op *);
	void		 (*uri)(void *, const struct sp_op *);
	void		 (*dest)(void *, int page, const struct sp_op *);
	/* the operations that follow go through this page transform
	 * (imposition), until the next place or the end of the page;
	 * last, so that tables written before it leave it NULL */
	void		 (*place)(void *, const struct sp_place *);
	/* a filled polygon (SP_OP_POLY): charts with curves */
	void		 (*poly)(void *, const struct sp_op *);
};

extern const struct sp_painter sp_paint_pdf;
extern const struct sp_painter sp_paint_png;
extern const struct sp_painter sp_paint_pdfa;	/* paint_haru.c: PDF/A-1b */

/*
 * Paint DL with the painter NAME ("pdf", "png", "pdfa") into the stream OUT.
 * PAGE >= 0 paints that page alone (0-based), -1 all of them. With
 * CONSUME each page's operations are freed once painted (the pages stay,
 * empty). Returns 0 or -1 after reporting.
 */
int	sp_paint(const char *name, struct sp_dl *, int page, FILE *out,
	    int consume);

/*
 * Paint DL imposed: sheet side i, SW x SH, holds the pages of places
 * PER*i .. PER*i+PER-1 (sp_booklet), each through its transform. Only
 * what is drawn goes on a sheet: no structure tags or outline, since the
 * sheets hold the pages out of reading order. Returns 0 or -1.
 */
int	sp_paint_imposed(const char *name, struct sp_dl *, const struct sp_place *,
	    int nplaces, int per, int32_t sw, int32_t sh, FILE *out);

/*
 * The same one page at a time, for pages handed over as layout finishes
 * them. The display list's font table may grow between pages.
 */
struct sp_painting;
struct sp_painting *sp_paint_open(const char *name, const struct sp_dl *,
		    FILE *out);
void		 sp_paint_page(struct sp_painting *, struct sp_dl *, int page,
		    int consume);
/*
 * The same, painting on a thread of its own while layout goes on:
 * sp_paint_page hands the page over (with CONSUME its ops belong to the
 * painter from then on; without, it paints a copy of the op array, so
 * that a second painter can be handed the same page) and returns at
 * once, waiting only when 8 pages are already waiting; sp_paint_close
 * paints the rest and joins.
 * The output is the same bytes. A painter opened this way may read the
 * pages of the display list it is given only in its open function.
 */
struct sp_painting *sp_paint_open_thread(const char *name,
		    const struct sp_dl *, FILE *out);
int		 sp_paint_close(struct sp_painting *);

/*
 * paint_pdfpatch.c: a filter between cairo and the file that adds what
 * cairo 1.16 leaves out of a tagged PDF: /Lang on the catalog and /Alt
 * on each /Figure structure element (in the order given), correcting the
 * cross-reference offsets. Write returns -1 once writing failed; close
 * flushes, frees, and returns 0 or -1.
 */
struct sp_pdfpatch;
struct sp_pdfpatch *sp_pdfpatch_new(FILE *out, const char *lang);
void		 sp_pdfpatch_alt(struct sp_pdfpatch *, const char *alt);
/* The next /Span structure element's /ActualText (NULL: none; every
 * Span is announced, in order, so that the right one gets it). */
void		 sp_pdfpatch_actual(struct sp_pdfpatch *, const char *text);
int		 sp_pdfpatch_write(struct sp_pdfpatch *, const void *, size_t);
int		 sp_pdfpatch_close(struct sp_pdfpatch *);

#endif
