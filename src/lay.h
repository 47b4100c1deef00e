/* lay.h: the state of a layout and the page primitives, shared by
 * layout.c (blocks), layout_table.c (tables) and layout_page.c (the page
 * being filled); layout_page.c calls neither of the others. */
#ifndef LAY_H
#define LAY_H

#define U(pt)	((int32_t)((pt) * SP_UNITS))

/* Pages stay open this long after the next begins: a list label or an
 * outline entry may still go back to where its block started. */
#define LAG	3

struct lay {
	const struct sp_style	*st;
	const struct sp_doc	*doc;
	struct sp_dl		*dl;
	struct sp_text		*tx;
	int			 page;		/* current page index */
	int32_t			 y;		/* top of the free space */
	int32_t			 top, bottom, left, right;
	int32_t			 pw, ph;
	int			 total;		/* pages, once known */
	int			 finished;	/* pages before this are done */
	int			 measure;	/* first pass: count pages */
	sp_page_fn		 done;		/* called with each done page */
	sp_late_fn		 late;		/* one pass, page numbers late */
	void			*arg;
	struct lay_anchor {		/* where the anchors went */
		const char	*name;	/* the block's */
		int		 page;
	}			*anchors;
	int			 nanchors;
	const struct sp_table	*wtab;		/* the table of wcol */
	double			*wcol;		/* its column widths */
};

/* ---- layout_page.c */
/* Close page N: its footer, then hand it on (or drop it when counting). */
void		 lay_finish(struct lay *, int n);
struct sp_page	*lay_cur(struct lay *);
/* Start a page; close those more than LAG behind it. */
void		 lay_new_page(struct lay *);
int		 lay_at_top(const struct lay *);
/* H of vertical space, except at the top of a page. */
void		 lay_space(struct lay *, int32_t h);
struct sp_op	*lay_tag(struct lay *, enum sp_op_type, const char *name,
		    const char *attrs);
/* A filled rectangle in colour C; nothing for SP_NOFILL or no area. */
void		 lay_fill(struct lay *, int32_t x, int32_t y, int32_t w,
		    int32_t h, uint32_t c);
/* One laid-out line with its top at (X, Y), in COLOUR unless
 * SP_NOFILL. */
void		 lay_emit_line(struct lay *, const struct sp_tl_line *,
		    int32_t x, int32_t y, uint32_t colour);
/* How many lines of P from line I go on this page (widows, orphans);
 * 0 when the paragraph should start on the next page. */
int		 lay_lines_here(const struct lay *, const struct sp_tl_para *,
		    int i);
/* Place P at X, breaking pages between lines; FIRST_PAGE and FIRST_Y
 * (may be NULL) receive where its first line went. */
void		 lay_place_lines(struct lay *, struct sp_tl_para *, int32_t x,
		    uint32_t colour, int *first_page, int32_t *first_y);
/* The footer of page I: running text left, "Side X av Y" right. */
void		 lay_footer(struct lay *, int i);
/* The late parts of the pages finished without their number (LATE). */
void		 lay_late(struct lay *);

/* ---- layout_flow.c */
/* A flow diagram, whole on one page, tagged as a figure. */
void		 lay_place_flow(struct lay *, const struct sp_block *);
/* Its height, for keeping a heading with it. */
int32_t		 lay_flow_height(struct lay *, const struct sp_block *);

/* ---- layout_table.c */
/* The height a table needs to start: its header and first body row. */
int32_t		 lay_table_start(struct lay *, const struct sp_block *);
void		 lay_place_table(struct lay *, const struct sp_block *);

#endif
