/* dd.h: a diff being written up (struct dd) and the parts of a diff
 * document, shared by doc_diff.c (the document, the placeholder),
 * doc_diff_summary.c, doc_diff_detail.c, doc_diff_lineage.c (its parts)
 * and doc_diff_rows.c (what they all use, calling none of them). */
#ifndef DD_H
#define DD_H

/* A diff being written up. */
struct dd {
	struct sp_build		*B;
	const struct sp_style	*st;
	struct sp_diff		*d;
	const struct sp_node	**oarea;	/* areas of the old version */
	int			  noarea;
	const struct sp_node	**narea;	/* areas of the new version */
	int			  nnarea;
	int			 *orows;	/* rows per old tiltak (by row) */
	int			 *nrows;	/* rows per new tiltak (by row) */
	int			  flags;	/* SP_DIFF_AUTO */
};

/* ---- doc_diff_rows.c */
/* X for the diff of FROM and TO (FLAGS as sp_diff_match's) built in B;
 * dd_free frees what it holds. */
void		 dd_init(struct dd *x, struct sp_build *B,
		    const struct sp_version *from, const struct sp_version *to,
		    int flags);
void		 dd_free(struct dd *x);
/* The index of area A among the N of V, or -1. */
int		 dd_area_ix(const struct sp_node **v, int n,
		    const struct sp_node *a);
/* "1  NÆRING" or the name alone; "–" for tiltak outside any area (NULL);
 * the caller frees it. */
char		*dd_area_title(const struct sp_node *area);
/* S with its first letter in lower case ("Før" -> "før"); the caller
 * frees it. */
char		*dd_lower_first(const char *s);
/* The printed number of a tiltak, else its id. */
const char	*dd_label_of(const struct sp_node *t);
/* The <revisjon> a version was materialised from, or NULL. */
const struct sp_node *dd_revision_of(const struct sp_plan *,
		    const struct sp_version *v);

/* ---- doc_diff_summary.c */
/* The sentence that sums a diff up; the caller frees it. */
char		*dd_sentence(const struct dd *x);
/* The table of counts per area (only ONLY's when not NULL) in PARENT. */
void		 dd_summary(struct dd *x, struct sp_block *parent,
		    const struct sp_node *only);
/* The flow diagram from the old areas to the new, with its alternative
 * text, in PARENT. */
void		 dd_flow(struct dd *x, struct sp_block *parent);

/* ---- doc_diff_detail.c */
/*
 * The changed rows, under the band of their new area (only ONLY's when
 * not NULL), then the removed ones under their old areas. Returns how
 * many rows were left out as unchanged.
 */
int		 dd_details(struct dd *x, struct sp_block *parent,
		    const struct sp_node *only);

/* ---- doc_diff_lineage.c */
/* The lineage table: a row per tiltak through every version. */
void		 dd_lineage(struct dd *x, struct sp_block *parent);

#endif
