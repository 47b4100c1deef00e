/* pdfdoc.h: paint_pdfdoc.c, the document-wide part of the PDF painter
 * (paint_pdf.c): outline, named destinations, document information, XMP
 * metadata and the catalog. Private to the two. */
#ifndef PDFDOC_H
#define PDFDOC_H

#include <stdint.h>

#include "sp.h"
#include "sp_dl.h"
#include "sp_pdf.h"

struct sp_pdfdoc;
/* The metadata is DL's (its strings live as long as the painting). */
struct sp_pdfdoc *sp_pdfdoc_new(const struct sp_dl *dl);
void		 sp_pdfdoc_free(struct sp_pdfdoc *);
/* An outline entry TITLE at LEVEL (1..7) pointing at Y (PDF points from
 * the bottom, in Pango units) of the page object PAGE. */
void		 sp_pdfdoc_outline(struct sp_pdfdoc *, const char *title,
		    int level, int page, int32_t y);
/* The named destination NAME is at X, Y (as above) of page object PAGE;
 * the first of a name counts. */
void		 sp_pdfdoc_dest(struct sp_pdfdoc *, const char *name, int page,
		    int32_t x, int32_t y);
/* S as a PDF literal string (bytes as they are) appended to B. */
void		 sp_pdfdoc_string(struct sp_buf *b, const char *s);
/*
 * Writes the outline, the name tree of the destinations, the XMP
 * metadata, the document information (its number into *INFO) and the
 * catalog of the page tree PAGES and the structure tree root ROOT (0:
 * untagged) into W; returns the catalog's number.
 */
int		 sp_pdfdoc_finish(struct sp_pdfdoc *, struct sp_pdfw *w,
		    int pages, int root, int *info);

#endif
