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
	SP_OP_OUTLINE		/* an outline (bookmark) entry here */
};

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

struct sp_op {
	enum sp_op_type	 type;
	int32_t		 x, y;		/* run origin (baseline) or rect corner */
	int32_t		 w, h;		/* rectangle size */
	uint32_t	 colour;	/* 0xRRGGBB */
	int		 font;		/* index in the font table */
	int		 nglyphs;
	struct sp_dl_glyph *glyphs;
	const char	*text;		/* UTF-8 the glyphs show */
	int		 ntext;
	int16_t		*clusters;	/* (bytes, glyphs) pairs */
	int		 nclusters;
	const char	*name;		/* tag name; outline title */
	const char	*attrs;		/* tag attributes */
	int		 level;		/* outline level */
};

struct sp_page {
	int32_t		 width, height;
	struct sp_op	*ops;
	int		 nops;
	int		 cap;
};

struct sp_dl {
	struct sp_arena	 *arena;	/* glyphs, text, clusters, names */
	struct sp_page	 *pages;
	int		  npages;
	struct sp_dl_font *fonts;
	int		  nfonts;
	/* document metadata for painters */
	char		 *title, *author, *subject, *keywords, *lang;
	char		 *date;		/* "YYYY-MM-DDTHH:MM:SS" */
};

struct sp_dl	*sp_dl_new(void);
void		 sp_dl_free(struct sp_dl *);
struct sp_page	*sp_dl_page(struct sp_dl *, int32_t w, int32_t h);
struct sp_op	*sp_dl_op(struct sp_page *, enum sp_op_type);
int		 sp_dl_font(struct sp_dl *, const char *file, int index,
		    int size, const char *name);
/* The stable text dump used by golden tests. */
void		 sp_dl_dump(const struct sp_dl *, FILE *);

#endif
