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
	/* a page's number painted after the page (sp_paint_late): the page
	 * being painted gets a late part (called after page_begin); the
	 * late part of page N begins and ends, its drawing between */
	void		 (*late_page)(void *);
	void		 (*late_begin)(void *, int n);
	void		 (*late_end)(void *);
};

extern const struct sp_painter sp_paint_pdf;	/* paint_pdf.c: tagged PDF */
extern const struct sp_painter sp_paint_png;	/* paint_cairo.c */
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
/* Can the painter NAME take a page's number after the page? */
int		 sp_paint_can_late(const char *name);
/*
 * PART, the late part of page N (sp_layout_stream), which was handed
 * over with sp_paint_page before: painted like a page, onto page N.
 */
void		 sp_paint_late(struct sp_painting *, struct sp_dl *, int n,
		    struct sp_page *part, int consume);

/*
 * paint_pdftree.c: the structure tree of a tagged PDF, built while
 * painting (paint_pdf.c) and written into W (paint_pdfwrite.c) as it
 * goes: elements begin and end (TYPE, display-list ATTRS: alt, lang,
 * actual, scope, colspan, summary), each written when it ends, one
 * object each (gathered into compressed object streams there); each
 * marked-content sequence of a page is a mark, numbered from 0 per page,
 * belonging to the open element. The painter tells it the page and
 * annotation objects before they are named, and has it write the rest at
 * the end.
 */
struct sp_pdftree;
struct sp_pdfw;
struct sp_pdftree *sp_pdftree_new(const char *lang, struct sp_pdfw *w);
void		 sp_pdftree_free(struct sp_pdftree *);
void		 sp_pdftree_begin(struct sp_pdftree *, const char *type,
		    const char *attrs);
/* Returns -1 when TYPE is not the innermost open element. */
int		 sp_pdftree_end(struct sp_pdftree *, const char *type);
/* The innermost open element (-1: none) and its type (NULL: none). */
int		 sp_pdftree_current(const struct sp_pdftree *);
const char	*sp_pdftree_top(const struct sp_pdftree *);
/* A mark of the open element on page N (0-based); returns its MCID. */
int		 sp_pdftree_mark(struct sp_pdftree *, int n);
/* A link annotation belonging to the open element. */
void		 sp_pdftree_link(struct sp_pdftree *);
/* Page N is object OBJ (told before its first mark) with /StructParents
 * KEY (-1: none, or not yet known). */
void		 sp_pdftree_page(struct sp_pdftree *, int n, int obj, int key);
/* The last link annotation is object OBJ with /StructParent KEY. */
void		 sp_pdftree_annot(struct sp_pdftree *, int obj, int key);
/* Once every element has ended: the ParentTree and the StructTreeRoot;
 * returns the StructTreeRoot's number, 0 when there is no element. */
int		 sp_pdftree_emit(struct sp_pdftree *);
/* S as a PDF text string (UTF-16BE, hex) appended to B. */
void		 sp_pdf_text(struct sp_buf *, const char *s);

#endif
