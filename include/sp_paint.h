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
 * paint_pdftree.c: the structure tree of a tagged PDF, built while
 * painting: elements begin and end (TYPE, display-list ATTRS: alt, lang,
 * actual, scope, colspan, summary), and each marked-content sequence of
 * a page is a mark, numbered from 0 per page as cairo numbers its MCIDs,
 * belonging to the open element (CONTENT) or to nothing (a link's empty
 * one). paint_pdfpatch.c asks it for the type of each mark, tells it the
 * page and annotation objects, and has it write the tree at the end.
 */
struct sp_pdftree;
struct sp_pdftree *sp_pdftree_new(const char *lang);
void		 sp_pdftree_free(struct sp_pdftree *);
void		 sp_pdftree_begin(struct sp_pdftree *, const char *type,
		    const char *attrs);
/* Returns -1 when TYPE is not the innermost open element. */
int		 sp_pdftree_end(struct sp_pdftree *, const char *type);
/* The innermost open element (-1: none) and its type (NULL: none). */
int		 sp_pdftree_current(const struct sp_pdftree *);
const char	*sp_pdftree_top(const struct sp_pdftree *);
/* A mark on page N (0-based); returns its MCID. */
int		 sp_pdftree_mark(struct sp_pdftree *, int n, int content);
/* A link annotation belonging to the open element. */
void		 sp_pdftree_link(struct sp_pdftree *);
/* The element type of mark MCID of page N, NULL when it has none. */
const char	*sp_pdftree_mctype(const struct sp_pdftree *, int n, int mcid);
/* Mark MCID of page N drew nothing: it is dropped. */
void		 sp_pdftree_unused(struct sp_pdftree *, int n, int mcid);
/* Page N is object OBJ with /StructParents KEY (-1: none). */
void		 sp_pdftree_page(struct sp_pdftree *, int n, int obj, int key);
/* The next link annotation is object OBJ with /StructParent KEY. */
void		 sp_pdftree_annot(struct sp_pdftree *, int obj, int key);
/* Objects the tree takes; write them from number BASE into B, handing B
 * to OUT whenever it fills, with the offset of each (counted from the
 * first byte OUT gets) in OFF; returns the StructTreeRoot's number. */
int		 sp_pdftree_size(const struct sp_pdftree *);
int		 sp_pdftree_write(const struct sp_pdftree *, struct sp_buf *,
		    int base, size_t *off,
		    void (*out)(void *, const char *, size_t), void *arg);
/* S as a PDF text string (UTF-16BE, hex) appended to B. */
void		 sp_pdf_text(struct sp_buf *, const char *s);

/*
 * paint_pdfpatch.c: a filter between cairo and the file that finishes a
 * tagged PDF (see the file and README): cairo's content streams, which it
 * must be asked to leave uncompressed, are marked from TREE and
 * compressed; cairo's structure tree gives way to TREE's; XMP metadata
 * (from DL's metadata), /Lang, /DisplayDocTitle and /Tabs go in; the
 * cross-reference table is written anew. Write returns -1 once writing
 * failed; close writes the rest, frees, and returns 0 or -1.
 */
struct sp_pdfpatch;
struct sp_pdfpatch *sp_pdfpatch_new(FILE *out, struct sp_pdftree *tree,
		    const struct sp_dl *dl);
int		 sp_pdfpatch_write(struct sp_pdfpatch *, const void *, size_t);
int		 sp_pdfpatch_close(struct sp_pdfpatch *);

#endif
