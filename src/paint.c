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

int
sp_paint(const char *name, struct sp_dl *dl, int only, FILE *out,
    int consume)
{
	const struct sp_painter *p = NULL;
	size_t	 i;
	int	 n, j;
	void	*ctx;

	for (i = 0; i < sizeof(painters) / sizeof(painters[0]); i++)
		if (strcmp(painters[i]->name, name) == 0)
			p = painters[i];
	if (p == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "no painter named %s", name);
		return -1;
	}
	if ((ctx = p->open(dl, out)) == NULL)
		return -1;
	for (n = 0; n < dl->npages; n++) {
		const struct sp_page *pg = &dl->pages[n];

		if (only >= 0 && n != only)
			continue;
		if (p->page_begin != NULL)
			p->page_begin(ctx, n, pg->width, pg->height);
		for (j = 0; j < pg->nops; j++) {
			const struct sp_op *op = &pg->ops[j];

			switch (op->type) {
			case SP_OP_GLYPHS:
				if (p->glyphs != NULL)
					p->glyphs(ctx, op);
				break;
			case SP_OP_FILL:
				if (p->fill != NULL)
					p->fill(ctx, op);
				break;
			case SP_OP_TAG_BEGIN:
				if (p->tag_begin != NULL)
					p->tag_begin(ctx, op);
				break;
			case SP_OP_TAG_END:
				if (p->tag_end != NULL)
					p->tag_end(ctx, op);
				break;
			case SP_OP_OUTLINE:
				if (p->outline != NULL)
					p->outline(ctx, n, op);
				break;
			}
		}
		if (p->page_end != NULL)
			p->page_end(ctx);
		if (consume) {
			/* a painted page's ops are not needed again */
			free(dl->pages[n].ops);
			dl->pages[n].ops = NULL;
			dl->pages[n].nops = dl->pages[n].cap = 0;
		}
	}
	return p->close(ctx);
}
