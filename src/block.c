/* block.c: allocation and freeing of the block tree. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_block.h"

struct sp_block *
sp_block_new(struct sp_doc *doc, struct sp_block *parent, enum sp_btype t)
{
	struct sp_block	*b = sp_calloc(1, sizeof(*b));

	b->type = t;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = b;
		else
			parent->first = b;
		parent->last = b;
	} else {
		if (doc->last != NULL)
			doc->last->next = b;
		else
			doc->first = b;
		doc->last = b;
	}
	return b;
}

void
sp_rich_free(struct sp_rich *r)
{
	free(r->text);
	free(r->spans);
	r->text = NULL;
	r->spans = NULL;
	r->nspans = 0;
}

void
sp_rich_add(struct sp_rich *r, const char *s, unsigned flags)
{
	size_t	 old = r->text != NULL ? strlen(r->text) : 0;
	size_t	 n = strlen(s);

	r->text = sp_realloc(r->text, old + n + 1);
	memcpy(r->text + old, s, n + 1);
	if (flags == 0 || n == 0)
		return;
	if (r->nspans > 0 && r->spans[r->nspans - 1].end == old &&
	    r->spans[r->nspans - 1].flags == flags) {
		r->spans[r->nspans - 1].end = (unsigned)(old + n);
		return;
	}
	r->spans = sp_realloc(r->spans, (r->nspans + 1) * sizeof(*r->spans));
	r->spans[r->nspans].start = (unsigned)old;
	r->spans[r->nspans].end = (unsigned)(old + n);
	r->spans[r->nspans].flags = flags;
	r->nspans++;
}

struct sp_table *
sp_table_new(int ncols)
{
	struct sp_table	*t = sp_calloc(1, sizeof(*t));
	int		 i;

	t->ncols = ncols;
	t->width = sp_calloc(ncols, sizeof(double));
	t->align = sp_calloc(ncols, sizeof(int));
	for (i = 0; i < ncols; i++)
		t->width[i] = -1;
	return t;
}

struct sp_row *
sp_table_row(struct sp_table *t, unsigned flags)
{
	struct sp_row	*r;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = sp_realloc(t->rows, t->cap * sizeof(*r));
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->flags = flags;
	return r;
}

struct sp_cell *
sp_row_cell(struct sp_row *r, enum sp_role role)
{
	struct sp_cell	*c;

	r->cells = sp_realloc(r->cells, (r->ncells + 1) * sizeof(*c));
	c = &r->cells[r->ncells++];
	memset(c, 0, sizeof(*c));
	c->span = 1;
	c->role = role;
	c->fill = SP_NOFILL;
	return c;
}

static void block_free(struct sp_block *);

static void
table_free(struct sp_table *t)
{
	int	i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++) {
			sp_rich_free(&t->rows[i].cells[j].text);
			block_free(t->rows[i].cells[j].list);
		}
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t->width);
	free(t->align);
	free(t->summary);
	free(t);
}

static void
chart_free(struct sp_chart *c)
{
	int	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nbars; i++)
		free(c->bar_label[i]);
	for (i = 0; i < c->nseg; i++)
		free(c->seg_label[i]);
	free(c->bar_label);
	free(c->seg_label);
	free(c->seg_fill);
	free(c->seg_text);
	free(c->value);
	free(c->alt);
	free(c);
}

static void
block_free(struct sp_block *b)
{
	struct sp_block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		block_free(b->first);
		sp_rich_free(&b->text);
		free(b->label);
		table_free(b->table);
		chart_free(b->chart);
		free(b);
	}
}

void
sp_doc_free(struct sp_doc *d)
{
	if (d == NULL)
		return;
	block_free(d->first);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	free(d->date);
	free(d->running);
	free(d);
}
