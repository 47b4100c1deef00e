/* sp_doc.h: document builders, model to block tree. */
#ifndef SP_DOC_H
#define SP_DOC_H

#include "sp.h"
#include "sp_block.h"
#include "sp_style.h"

struct sp_build {
	const struct sp_plan	*plan;
	const struct sp_style	*st;
	struct sp_doc		*doc;
	int			 depth;		/* section nesting */
	/* plan documents: fills in the plan placeholders (skildringar,
	 * resultatmålliste, handlingsprogram); NULL elsewhere */
	void			(*place)(struct sp_build *,
				    const struct sp_node *, struct sp_block *);
	void			*arg;		/* for place */
};

/* doc_prose.c: prose blocks (sections, paragraphs, lists, quotations,
 * missing figures; tables and status placeholders through the others). */
void	sp_build_blocks(struct sp_build *, const struct sp_node *first,
	    struct sp_block *parent);

/* doc_rich.c: inline text; it calls none of the other builders. */
/* The inline content of N, white space trimmed at the end. */
void	sp_build_rich(struct sp_build *, const struct sp_node *,
	    struct sp_rich *);
/* The inline content of N appended to R with FLAGS added (SP_SPAN_*). */
void	sp_build_inline(struct sp_build *, const struct sp_node *,
	    struct sp_rich *, unsigned flags);
/* S appended to R with white space folded against R's end. */
void	sp_build_add(struct sp_rich *, const char *s, unsigned flags);
/* Plain UTF-8 with spaces folded and numbers' spaces made non-breaking. */
char	*sp_build_text(const char *);

/* doc_table.c: the table builder both prose and status tables use. */
/* A <tabell> with its caption. */
void	sp_build_table(struct sp_build *, const struct sp_node *,
	    struct sp_block *parent);
/* A cell of plain S (folded) in ROLE and ALIGN at the end of ROW. */
struct sp_cell *sp_cell_text(struct sp_row *, enum sp_role, const char *s,
	    int align);
/* A body cell with the inline content of N (empty for NULL). */
struct sp_cell *sp_cell_node(struct sp_build *, struct sp_row *,
	    const struct sp_node *n);
/* A <diagram>: a bar chart of the figures of the table it names. */
void	sp_build_diagram(struct sp_build *, const struct sp_node *,
	    struct sp_block *parent);
/* Keep the first two and the last two body rows of T together. */
void	sp_table_keep_ends(struct sp_table *);
/* A cell with tiltak T's text, its list as "• item" lines. */
void	sp_cell_tiltak(struct sp_build *, struct sp_row *,
	    const struct sp_node *t);
/* Every cell of ROW in the style's header colours. */
void	sp_row_head(struct sp_build *, struct sp_row *);
/* The sum row of a table of counts: the style's word, the N totals TOT. */
void	sp_row_sums(struct sp_build *, struct sp_table *, const int *tot,
	    int n);

/* doc_status.c: status tables, legend, summary and chart. */
void	sp_build_status(struct sp_build *, const struct sp_node *,
	    struct sp_block *parent);

/* doc_sak.c: a paragraph of S in ROLE with FLAGS, and a heading, at the
 * end of document D. */
struct sp_block	*sp_doc_para(struct sp_doc *d, enum sp_role, const char *s,
		    unsigned flags);
struct sp_block	*sp_doc_heading(struct sp_doc *d, const char *s, int level);

/*
 * doc_sak.c: whole documents. Each returns a new document the caller
 * frees with sp_doc_free.
 */
struct sp_doc	*sp_doc_sak(const struct sp_plan *, const struct sp_style *,
		    const struct sp_node *sak);
struct sp_doc	*sp_doc_vedlegg(const struct sp_plan *,
		    const struct sp_style *, const struct sp_node *vedlegg);

/* doc_diff.c: plan-versus-plan diffs. */
/* The diff document of FROM against TO (FLAGS as sp_diff_match's);
 * the caller frees it. */
struct sp_doc	*sp_doc_diff(const struct sp_plan *, const struct sp_style *,
		    const struct sp_version *from,
		    const struct sp_version *to, int flags);
/* The <endringar> placeholder of a sak. */
void		 sp_build_diff(struct sp_build *, const struct sp_node *,
		    struct sp_block *parent);
/* The title of the diff document of two versions (caller frees). */
char		*sp_diff_title(const struct sp_style *, const struct sp_version *,
		    const struct sp_version *);
/*
 * The diff documents a master has: each versjon against the next, the
 * first against the last when there are three or more, and each
 * revisjon against its basis. Returns how many; the caller frees both
 * arrays.
 */
int		 sp_diff_pairs(const struct sp_plan *,
		    const struct sp_version ***from,
		    const struct sp_version ***to);

/* doc_mote.c: a meeting's print bundle. */
struct sp_mote_item {
	const struct sp_node	*node;		/* a sak, or a vedlegg */
	int			 vedlegg;	/* of the sak before it */
};
/*
 * The documents of MOTE's bundle in order: each sak of the saksliste,
 * then its vedlegg. Returns how many; the caller frees *OUT.
 */
int		 sp_mote_items(const struct sp_plan *, const struct sp_node *mote,
		    struct sp_mote_item **out);
/* The named destination where item I begins ("del2-sak-03-26"); caller
 * frees. The saksliste links to it. */
char		*sp_mote_dest(const struct sp_mote_item *it, int i);
/* "Møte i" (label.mote), the body, the date; caller frees. */
char		*sp_mote_title(const struct sp_plan *, const struct sp_style *,
		    const struct sp_node *mote);
/*
 * The cover: the innkalling and the saksliste of IT[0..N), with START[i]
 * the page each begins on in the bundle (NULL: not known yet).
 */
struct sp_doc	*sp_doc_mote(const struct sp_plan *, const struct sp_style *,
		    const struct sp_node *mote, const struct sp_mote_item *it,
		    int n, const int *start);
/* doc_plan.c: a plan version (or a materialised revision) V, whole. */
struct sp_doc	*sp_doc_plan(const struct sp_plan *, const struct sp_style *,
		    const struct sp_version *v);

#endif
