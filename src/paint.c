/* paint.c: picks a painter by name and runs the page loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"

static const struct sp_painter *const painters[] = {
	&sp_paint_pdf,
	&sp_paint_png,
};

struct sp_painting {
	const struct sp_painter	*p;
	void			*ctx;
};

struct sp_painting *
sp_paint_open(const char *name, const struct sp_dl *dl, FILE *out)
{
	struct sp_painting	*pt;
	const struct sp_painter	*p = NULL;
	size_t			 i;
	void			*ctx;

	for (i = 0; i < sizeof(painters) / sizeof(painters[0]); i++)
		if (strcmp(painters[i]->name, name) == 0)
			p = painters[i];
	if (p == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "no painter named %s", name);
		return NULL;
	}
	if ((ctx = p->open(dl, out)) == NULL)
		return NULL;
	pt = sp_calloc(1, sizeof(*pt));
	pt->p = p;
	pt->ctx = ctx;
	return pt;
}

void
sp_paint_page(struct sp_painting *pt, struct sp_dl *dl, int n, int consume)
{
	const struct sp_painter	*p = pt->p;
	struct sp_page		*pg = &dl->pages[n];
	int			 j;

	if (p->page_begin != NULL)
		p->page_begin(pt->ctx, n, pg->width, pg->height);
	for (j = 0; j < pg->nops; j++) {
		const struct sp_op *op = &pg->ops[j];

		switch (op->type) {
		case SP_OP_GLYPHS:
			if (p->glyphs != NULL)
				p->glyphs(pt->ctx, op);
			break;
		case SP_OP_FILL:
			if (p->fill != NULL)
				p->fill(pt->ctx, op);
			break;
		case SP_OP_TAG_BEGIN:
			if (p->tag_begin != NULL)
				p->tag_begin(pt->ctx, op);
			break;
		case SP_OP_TAG_END:
			if (p->tag_end != NULL)
				p->tag_end(pt->ctx, op);
			break;
		case SP_OP_OUTLINE:
			if (p->outline != NULL)
				p->outline(pt->ctx, n, op);
			break;
		case SP_OP_LINK:
			if (p->link != NULL)
				p->link(pt->ctx, op);
			break;
		case SP_OP_URI:
			if (p->uri != NULL)
				p->uri(pt->ctx, op);
			break;
		case SP_OP_DEST:
			if (p->dest != NULL)
				p->dest(pt->ctx, n, op);
			break;
		}
	}
	if (p->page_end != NULL)
		p->page_end(pt->ctx);
	if (consume) {
		/* a painted page's ops are not needed again */
		free(pg->ops);
		pg->ops = NULL;
		pg->nops = pg->cap = 0;
	}
}

int
sp_paint_close(struct sp_painting *pt)
{
	int	rc = pt->p->close(pt->ctx);

	free(pt);
	return rc;
}

int
sp_paint(const char *name, struct sp_dl *dl, int only, FILE *out,
    int consume)
{
	struct sp_painting	*pt;
	int			 n;

	if ((pt = sp_paint_open(name, dl, out)) == NULL)
		return -1;
	for (n = 0; n < dl->npages; n++)
		if (only < 0 || n == only)
			sp_paint_page(pt, dl, n, consume);
	return sp_paint_close(pt);
}
