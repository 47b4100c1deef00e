/* sp_dl.h: the display list, pages of plain drawing operations. */
#ifndef SP_DL_H
#define SP_DL_H

#include <stdint.h>
#include <stdio.h>

/* Coordinates are integer Pango units: 1024 per point, origin top left. */
#define SP_UNITS	1024

enum sp_op_type {
	SP_OP_GLYPHS,		/* a positioned glyph run with its text */
	SP_OP_FILL,		/* a filled rectangle */
	SP_OP_TAG_BEGIN,	/* structure element begins (name, attrs) */
	SP_OP_TAG_END,
	SP_OP_OUTLINE,		/* an outline (bookmark) entry here */
	SP_OP_LINK,		/* box x,y,w,h links to the named
				 * destination name */
	SP_OP_URI,		/* box x,y,w,h links to the URI name */
	SP_OP_DEST,		/* the named destination name is at x,y */
	SP_OP_POLY		/* a filled polygon: npts points pts */
};

/* Flags of a glyph run (in level). */
#define SP_GLYPHS_RTL	 0x01	/* the run is right to left */
#define SP_GLYPHS_HYPHEN 0x02	/* its last cluster is the hyphen put
				 * where a word was broken at the line end:
				 * not part of the text (an artifact) */

struct sp_dl_glyph {
	int32_t		 x;		/* from the run's origin */
	uint16_t	 id;		/* glyph index in the font */
	int16_t		 y;		/* offset from the baseline */
};

struct sp_dl_font {
	char		*file;		/* font file path */
	int		 index;		/* face index in the file */
	int		 size;		/* Pango units */
	char		*name;		/* family and style, for dumps */
};

/* 64 bytes: a big plan has hundreds of thousands of these. */
struct sp_op {
	uint8_t		 type;		/* enum sp_op_type */
	uint8_t		 level;		/* outline level; for glyphs,
					 * SP_GLYPHS_* flags */
	uint16_t	 font;		/* index in the font table */
	uint32_t	 colour;	/* 0xRRGGBB */
	int32_t		 x, y;		/* run origin (baseline) or rect corner */
	int32_t		 w, h;		/* rectangle size; run advance in w */
	union {
		struct {		/* SP_OP_GLYPHS */
			struct sp_dl_glyph *glyphs;
			const char	*text;	/* UTF-8 the glyphs show */
			uint8_t		*clusters; /* (bytes, glyphs) pairs */
			int32_t		 nglyphs;
			int32_t		 ntext;
			int32_t		 nclusters; /* 0: no cluster map */
		};
		struct {		/* tags, outline entries, links */
			const char	*name;	/* tag name; outline title;
						 * destination name; URI */
			const char	*attrs;	/* tag attributes */
		};
		struct {		/* SP_OP_POLY */
			int32_t		*pts;	/* x0, y0, x1, y1, ... */
			int32_t		 npts;	/* points (pairs) */
		};
	};
};

struct sp_page {
	int32_t		 width, height;
	struct sp_op	*ops;
	int		 nops;
	int		 cap;
	struct sp_arena	*arena;		/* the glyphs, clusters and text of
					 * its ops (sp_dl_keep): they go
					 * when the page has been painted */
	int		 folio, efolio;	/* ops [folio, efolio): the page
					 * number in the footer, right
					 * aligned ("Side 2 av 9") */
	int		 late;		/* its page number comes later, on
					 * its own (sp_layout_stream) */
};

/*
 * Where a page of a display list goes on a sheet (imposition): scaled by
 * SCALE about its top left corner, which lands at (X, Y) of the sheet,
 * in Pango units. PAGE -1 leaves the place empty.
 */
struct sp_place {
	int		 page;
	int32_t		 x, y;
	double		 scale;
};

struct sp_dl {
	struct sp_arena	 *arena;	/* glyphs, text, clusters, names */
	struct sp_page	 *pages;
	int		  npages;
	int		  cappages;
	struct sp_dl_font *fonts;
	int		  nfonts;
	/* document metadata for painters */
	char		 *title, *author, *subject, *keywords, *lang;
	char		 *date;		/* "YYYY-MM-DDTHH:MM:SS" */
	struct sp_arena	**kept;		/* arenas of display lists composed
					 * into this one (sp_dl_adopt) */
	int		  nkept;
	int		  missing;	/* characters without a glyph */
	uint32_t	  missing_cp;	/* the first of them */
};

struct sp_dl	*sp_dl_new(void);
void		 sp_dl_free(struct sp_dl *);
struct sp_page	*sp_dl_page(struct sp_dl *, int32_t w, int32_t h);
/* Room for N pages, so that the page array does not move. */
void		 sp_dl_reserve(struct sp_dl *, int n);
struct sp_op	*sp_dl_op(struct sp_page *, enum sp_op_type);
/*
 * Copy the glyphs, clusters and text of glyph op OP on page PG into the
 * page's own arena, so that they live exactly as long as the page.
 */
void		 sp_dl_keep(struct sp_page *pg, struct sp_op *op);
/* The same into arena A. */
void		 sp_dl_op_copy(struct sp_arena *a, struct sp_op *op);
/* Give back the unused room of a finished page's op array. */
void		 sp_dl_page_done(struct sp_page *);
/* Free a page's operations and its arena; the page stays, empty. */
void		 sp_dl_page_clear(struct sp_page *);
int		 sp_dl_font(struct sp_dl *, const char *file, int index,
		    int size, const char *name);
/*
 * DL takes over the data of SRC's operations (glyphs, text, names, the
 * pages' arenas): they live as long as DL, and SRC gets an empty arena
 * of its own.
 */
void		 sp_dl_adopt(struct sp_dl *dl, struct sp_dl *src);
/* The stable text dump used by golden tests. */
void		 sp_dl_dump(const struct sp_dl *, FILE *);

#endif
