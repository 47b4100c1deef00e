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
};

/* doc_prose.c: prose blocks and inline text. */
void	sp_build_blocks(struct sp_build *, const struct sp_node *first,
	    struct sp_block *parent);
void	sp_build_rich(struct sp_build *, const struct sp_node *,
	    struct sp_rich *);
/* Plain UTF-8 with spaces folded and numbers' spaces made non-breaking. */
char	*sp_build_text(const char *);

/* doc_status.c: status tables, legend, summary and chart. */
void	sp_build_status(struct sp_build *, const struct sp_node *,
	    struct sp_block *parent);

/*
 * doc_sak.c: whole documents. Each returns a new document the caller
 * frees with sp_doc_free.
 */
struct sp_doc	*sp_doc_sak(const struct sp_plan *, const struct sp_style *,
		    const struct sp_node *sak);
struct sp_doc	*sp_doc_vedlegg(const struct sp_plan *,
		    const struct sp_style *, const struct sp_node *vedlegg);

#endif
