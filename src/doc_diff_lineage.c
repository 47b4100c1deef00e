/* doc_diff_lineage.c: the lineage table of a diff document: each tiltak
 * followed through every version of the plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "dd.h"

/*
 * The versions a lineage runs through: every versjon of the master in
 * order, and TO after them when it is a revision.
 */
static int
chain(const struct sp_plan *p, const struct sp_version *to,
    const struct sp_version ***out)
{
	size_t	i;
	int	n = 0, has = 0;

	*out = sp_calloc(p->nversions + 2, sizeof(**out));
	for (i = 0; i < p->nversions; i++)
		if (dd_revision_of(p, &p->versions[i]) == NULL) {
			(*out)[n++] = &p->versions[i];
			has |= &p->versions[i] == to;
		}
	if (!has)
		(*out)[n++] = to;
	return n;
}

/* Union-find over (column, tiltak) pairs, numbered in column order. */
static int
find(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static int
node_ix(const struct sp_version *v, int base, const struct sp_node *t)
{
	size_t	i;

	for (i = 0; i < v->ntiltak; i++)
		if (v->tiltak[i] == t)
			return base + (int)i;
	return -1;
}

struct lrow {
	int	 root;
	int	 key;		/* where the row sorts */
};

static int
cmp_lrow(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

void
dd_lineage(struct dd *x, struct sp_block *parent)
{
	const struct sp_style	 *st = x->st;
	const struct sp_plan	 *p = x->B->plan;
	const struct sp_version	**v;
	int			  nv = chain(p, x->d->to, &v), i, k, n = 0;
	int			 *base, *up, *autolink, nr = 0;
	struct lrow		 *rows;
	struct sp_block		 *b;
	struct sp_table		 *tb;
	struct sp_row		 *row;
	size_t			  r, t;

	base = sp_calloc(nv + 1, sizeof(*base));
	for (i = 0; i < nv; i++) {
		base[i] = n;
		n += (int)v[i]->ntiltak;
	}
	up = sp_calloc(n + 1, sizeof(*up));
	autolink = sp_calloc(n + 1, sizeof(*autolink));
	for (k = 0; k < n; k++)
		up[k] = k;
	for (i = 0; i + 1 < nv; i++) {
		struct sp_diff *d = sp_diff_match(p, v[i], v[i + 1],
		    x->flags);

		for (r = 0; r < d->nrows; r++) {
			int a, c;

			if (d->rows[r].from == NULL || d->rows[r].to == NULL)
				continue;
			a = node_ix(v[i], base[i], d->rows[r].from);
			c = node_ix(v[i + 1], base[i + 1], d->rows[r].to);
			if (a < 0 || c < 0)
				continue;
			up[find(up, a)] = find(up, c);
			autolink[c] |= !d->rows[r].curated;
		}
		sp_diff_free(d);
	}
	/* a row per lineage, in the order of its newest tiltak */
	rows = sp_calloc(n + 1, sizeof(*rows));
	for (i = nv - 1; i >= 0; i--)
		for (t = 0; t < v[i]->ntiltak; t++) {
			int root = find(up, base[i] + (int)t);

			for (k = 0; k < nr && rows[k].root != root; k++)
				;
			if (k == nr) {
				rows[nr].root = root;
				rows[nr].key = (nv - 1 - i) * n + (int)t;
				nr++;
			}
		}
	qsort(rows, nr, sizeof(*rows), cmp_lrow);

	b = sp_block_new(x->B->doc, parent, SP_B_TABLE);
	tb = b->table = sp_table_new(nv + 1);
	for (i = 0; i < nv; i++) {
		tb->width[i] = 52;
	}
	tb->width[nv] = -1;
	row = sp_table_row(tb, SP_ROW_HEAD);
	for (i = 0; i < nv; i++)
		sp_cell_text(row, SP_ROLE_CELLHEAD, v[i]->id, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_tiltak, 0);
	sp_row_head(x->B, row);
	for (k = 0; k < nr; k++) {
		const struct sp_node *newest = NULL;
		char *s;

		row = sp_table_row(tb, 0);
		for (i = 0; i < nv; i++) {
			struct sp_buf cell = { NULL, 0, 0 };

			sp_buf_puts(&cell, "");
			for (t = 0; t < v[i]->ntiltak; t++) {
				int ix = base[i] + (int)t;

				if (find(up, ix) != rows[k].root)
					continue;
				sp_buf_printf(&cell, "%s%s%s", cell.len ? ", " :
				    "", dd_label_of(v[i]->tiltak[t]),
				    autolink[ix] ? "*" : "");
				newest = v[i]->tiltak[t];
			}
			sp_cell_text(row, SP_ROLE_CELL, cell.len ? cell.s :
			    "\xE2\x80\x93", 0);
			sp_buf_free(&cell);
		}
		s = sp_node_plain(p, sp_child(newest, SP_TEKST));
		sp_cell_text(row, SP_ROLE_CELL, s, 0);
		free(s);
	}
	tb->summary = sp_strdup(st->l_diff_lineage);
	free(rows);
	free(up);
	free(autolink);
	free(base);
	free(v);
}
