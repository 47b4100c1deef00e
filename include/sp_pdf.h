/* sp_pdf.h: sakspapir's own PDF writer, in three parts: the file
 * (paint_pdfwrite.c: objects, object streams, cross-reference stream), the
 * fonts (paint_pdffont.c: TrueType subsets) and the painter that uses both
 * (paint_pdf.c). Neither part calls the painter. */
#ifndef SP_PDF_H
#define SP_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sp.h"

/* ------------------------------------------------------ paint_pdfwrite.c */

/*
 * A PDF file being written to OUT (PDF 1.7). Objects are numbered by
 * sp_pdfw_alloc and may be written in any order, each once. Plain
 * objects (dictionaries, arrays) are gathered into compressed object
 * streams; streams are written at once. The first failure sticks and
 * sp_pdfw_close returns it.
 */
struct sp_pdfw;
struct sp_pdfw	*sp_pdfw_new(FILE *out);
/* A new object number. */
int		 sp_pdfw_alloc(struct sp_pdfw *);
/* Object NUM is the N bytes at S (without "NUM 0 obj" / "endobj"). */
void		 sp_pdfw_obj(struct sp_pdfw *, int num, const char *s,
		    size_t n);
/*
 * Object NUM is a stream: DICT holds its entries without the brackets,
 * /Length and /Filter (which the writer adds); DATA, N bytes, is deflated
 * when Z. DICT may be "".
 */
void		 sp_pdfw_stream(struct sp_pdfw *, int num, const char *dict,
		    const void *data, size_t n, int z);
/*
 * Ends the file: what is gathered, the cross-reference stream, the
 * trailer with /Root ROOT and /Info INFO (0: none) and an /ID made from
 * the bytes written (so the same input gives the same file). Frees W.
 * Returns 0, or -1 when writing failed (errno tells why).
 */
int		 sp_pdfw_close(struct sp_pdfw *, int root, int info);
/* Frees W after a failure elsewhere, writing nothing more. */
void		 sp_pdfw_abort(struct sp_pdfw *);
/* V Pango units (1/1024 pt) as a PDF number in points, at most three
 * decimals, no exponent, appended to B. */
void		 sp_pdf_num(struct sp_buf *b, int64_t v);

/* ------------------------------------------------------- paint_pdffont.c */

/*
 * One embedded font: face INDEX of the TrueType (glyf) file FILE, shown
 * with Identity-H (two-byte codes are the font's glyph ids), embedded as
 * a CIDFontType2 subset of the glyphs used, with /W and /ToUnicode.
 * sp_pdffont_new returns NULL after a message naming FILE when it cannot
 * read it.
 */
struct sp_pdffont;
struct sp_pdffont *sp_pdffont_new(const char *file, int index);
void		 sp_pdffont_free(struct sp_pdffont *);
/* The glyph of U+FFFD (REPLACEMENT CHARACTER) in the font, 0: none. */
unsigned	 sp_pdffont_fffd(const struct sp_pdffont *);
/* The advance of glyph GID in 1/1000 em (what /W says for it). */
int		 sp_pdffont_width(const struct sp_pdffont *, unsigned gid);
/*
 * Glyph GID is used, and shows the N bytes of UTF-8 at TEXT (N may be 0:
 * no text of its own, as the second glyph of a cluster; TEXT NULL: no
 * claim on its text). The first text a glyph is given is the one
 * /ToUnicode maps it to; returns 1 when that is not TEXT (the use needs
 * an /ActualText of its own), else 0.
 */
int		 sp_pdffont_use(struct sp_pdffont *, unsigned gid,
		    const char *text, size_t n);
/*
 * Writes the font into W: the Type0 font is object NUM (allocated by the
 * caller, who refers to it from the pages); the descendant font,
 * descriptor, font file and ToUnicode get numbers of their own. The subset
 * tag (six capitals) depends only on the glyphs used. Returns 0 or -1
 * after a message.
 */
int		 sp_pdffont_write(struct sp_pdffont *, struct sp_pdfw *w,
		    int num);

#endif
