/* sp_block.h: the block tree that document builders hand to layout. */
#ifndef SP_BLOCK_H
#define SP_BLOCK_H

#include <stdint.h>

#include "sp.h"

/* Inline formatting over byte ranges of a rich text. */
#define SP_SPAN_B	0x01
#define SP_SPAN_I	0x02
#define SP_SPAN_U	0x04
#define SP_SPAN_S	0x08
#define SP_SPAN_SUP	0x10
#define SP_SPAN_LINK	0x20	/* a link to href; never hyphenated */
#define SP_SPAN_DEL	0x40	/* deleted in a diff: struck, coloured, and
				 * tagged as such (with SP_SPAN_S) */
#define SP_SPAN_INS	0x80	/* inserted in a diff (with SP_SPAN_U) */
/* what a laid-out run keeps of its span: what is drawn or tagged */
#define SP_SPAN_DRAWN	(SP_SPAN_U | SP_SPAN_S | SP_SPAN_DEL | SP_SPAN_INS)

/* Spans do not overlap: each holds all the flags of its range. */
struct sp_span {
	unsigned	 start;		/* byte offset */
	unsigned	 end;		/* byte offset, exclusive */
	unsigned	 flags;		/* SP_SPAN_* */
	char		*href;		/* SP_SPAN_LINK: "#name" for a named
					 * destination, else a URI; owned */
};

struct sp_rich {
	char		*text;		/* UTF-8, single-spaced */
	struct sp_span	*spans;
	unsigned	 nspans;
	unsigned	 flags;		/* SP_RICH_* */
};

/* Hyphenate only a word wider than the line (names, labels). */
#define SP_RICH_NOHYPH	0x01
/* Kept on one line where it fits (a status label: "Ikkje vurdert"). */
#define SP_RICH_WHOLE	0x02

/* Text roles: each has its font, size and spacing in the style. */
enum sp_role {
	SP_ROLE_BODY = 0,
	SP_ROLE_TITLE,		/* the sak's title */
	SP_ROLE_META,		/* sak number, body, date line */
	SP_ROLE_H1,
	SP_ROLE_H2,
	SP_ROLE_H3,
	SP_ROLE_QUOTE,
	SP_ROLE_CELL,
	SP_ROLE_CELLHEAD,
	SP_ROLE_BAND,		/* innsatsområde band in a table */
	SP_ROLE_GOAL,		/* mål row in a table */
	SP_ROLE_STATUS,		/* status label in a coloured cell */
	SP_ROLE_SMALL,		/* captions, legend, chart labels */
	SP_ROLE_SIGN,		/* signature block */
	SP_ROLE_FOOTER,
	SP_ROLE_TABLE,		/* a prose table's cells (cell if unset) */
	SP_ROLE_TABLEHEAD,	/* its header cells (cellhead if unset) */
	SP_ROLE__MAX
};

enum sp_btype {
	SP_B_HEADING,		/* text, level 1..3 */
	SP_B_PARA,		/* text in role */
	SP_B_LIST,		/* children are SP_B_ITEM */
	SP_B_ITEM,		/* label + children */
	SP_B_QUOTE,		/* children are paragraphs */
	SP_B_TABLE,
	SP_B_CHART,
	SP_B_FLOW,		/* a flow diagram (flow) */
	SP_B_MISSING,		/* a boxed note: content lost from the source */
	SP_B_SPACE,		/* vertical space of height (pt) */
	SP_B_RULE,		/* a thin horizontal rule */
	SP_B_BREAK,		/* a new page (unless at the top of one),
				 * then height (pt) of space */
	SP_B_TOC		/* a table of contents: children are
				 * SP_B_PARA entries (text, level, ref) */
};

#define SP_ALIGN_LEFT	0
#define SP_ALIGN_RIGHT	1
#define SP_ALIGN_CENTER	2

#define SP_ROW_HEAD	0x01	/* repeated on every page the table spans */
#define SP_ROW_KEEP	0x02	/* keep with the next row */

#define SP_NOFILL	0xFFFFFFFFu

struct sp_cell {
	struct sp_rich	 text;
	int		 span;		/* columns spanned, >= 1 */
	enum sp_role	 role;
	int		 align;
	uint32_t	 fill;		/* 0xRRGGBB or SP_NOFILL */
	uint32_t	 colour;	/* text colour 0xRRGGBB */
	struct sp_block	*list;		/* optional list under the text */
};

struct sp_row {
	unsigned	 flags;		/* SP_ROW_* */
	struct sp_cell	*cells;
	int		 ncells;
};

struct sp_table {
	int		 ncols;
	double		*width;		/* >0: points; <0: relative share */
	int		*align;
	struct sp_row	*rows;
	int		 nrows;
	int		 cap;
	char		*summary;	/* what the table holds, for tagging */
	/* tables laid out with the same column widths, from what they all
	 * hold (a handlingsprogram's): the first of them, and the next */
	const struct sp_table *first;
	const struct sp_table *next;
};

/* A stacked horizontal bar chart. */
struct sp_chart {
	int		  nbars;
	int		  nseg;		/* segments per bar */
	char		**bar_label;
	char		**seg_label;	/* legend words */
	uint32_t	 *seg_fill;
	uint32_t	 *seg_text;	/* text colour on the fill */
	int		 *value;	/* nbars * nseg */
	char		 *alt;		/* alternative text */
};

/*
 * A flow (alluvial) diagram: how the items of the left groups went to
 * the right groups. Each ribbon i -> j is FROM[i * nright + j] items
 * thick where it leaves and TO[i * nright + j] where it arrives (they
 * differ when an item was split or merged); a bar is as tall as the
 * ribbons at it.
 */
struct sp_flow {
	int		  nleft, nright;
	char		**left_label;
	char		**right_label;
	uint32_t	 *left_fill;	/* bar colour per left group */
	uint32_t	 *right_fill;
	double		 *from;		/* nleft * nright */
	double		 *to;
	char		 *alt;		/* alternative text */
};

struct sp_block {
	enum sp_btype	 type;
	enum sp_role	 role;
	int		 level;		/* heading level; list depth */
	struct sp_rich	 text;
	char		*label;		/* list item label */
	char		*anchor;	/* a named destination where the
					 * block starts (headings), or NULL */
	char		*ref;		/* a contents entry: the anchor it
					 * lists, whose page it shows */
	int		 ordered;	/* list: numbered */
	double		 height;	/* SP_B_SPACE */
	int		 keep;		/* keep with next block */
	char		*lang;		/* its language (xml:lang), or NULL:
					 * the document's */
	struct sp_table	*table;
	struct sp_chart	*chart;
	struct sp_flow	*flow;		/* SP_B_FLOW */
	const char	*file;		/* source position, for messages */
	int		 line;
	struct sp_block	*first;
	struct sp_block	*last;
	struct sp_block	*next;
};

/* A whole document ready for layout. */
struct sp_doc {
	char		*title;		/* PDF metadata */
	char		*author;
	char		*subject;
	char		*keywords;
	char		*date;		/* ISO date for the creation date */
	char		*running;	/* running head on pages 2.. */
	struct sp_block	*first;
	struct sp_block	*last;
};

struct sp_block	*sp_block_new(struct sp_doc *, struct sp_block *parent,
		    enum sp_btype);
void		 sp_doc_free(struct sp_doc *);
void		 sp_rich_free(struct sp_rich *);
/* Append text (a C string) with flags to a rich text. */
void		 sp_rich_add(struct sp_rich *, const char *, unsigned flags);
/* The same as a link to HREF ("#name": a named destination; else a URI). */
void		 sp_rich_add_link(struct sp_rich *, const char *,
		    unsigned flags, const char *href);
/*
 * Make every URL in the text (http://, https://, www., up to the next
 * space, less trailing punctuation) a link to itself.
 */
void		 sp_rich_autolink(struct sp_rich *);

struct sp_table	*sp_table_new(int ncols);
struct sp_row	*sp_table_row(struct sp_table *, unsigned flags);
struct sp_cell	*sp_row_cell(struct sp_row *, enum sp_role);

#endif
