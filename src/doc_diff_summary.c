/* doc_diff_summary.c: the summing-up of a diff document: the sentence,
 * the table of counts per innsatsområde, the flow diagram of where the
 * tiltak went. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "dd.h"

/* Columns of the summary: the kinds as they are counted there. */
enum col { C_SAME, C_CHANGED, C_MOVED, C_SPLIT, C_NEW, C_REMOVED, C__MAX };

/* Bar colours of the flow diagram's old groups (Okabe and Ito's
 * colour-blind safe set, darkened where text must stand beside it). */
static const uint32_t palette[] = {
	0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xE69F00,
	0x6A3D9A, 0x8C6D31
};
#define NPAL	(sizeof(palette) / sizeof(palette[0]))
#define GREY	0x8A949C

/* The column a row counts in. */
static enum col
col_of(const struct sp_dpair *r)
{
	switch (r->kind) {
	case SP_D_SAME:
		return C_SAME;
	case SP_D_CHANGED:
		return C_CHANGED;
	case SP_D_MOVED:
		return C_MOVED;
	case SP_D_SPLIT:
	case SP_D_MERGED:
		return C_SPLIT;
	case SP_D_NEW:
		return C_NEW;
	default:
		return C_REMOVED;
	}
}

/*
 * Counts per row of the summary: the new version's areas, then the old
 * areas whose removed tiltak map to none of them. Every new tiltak is
 * counted once (by its first row), every removed old one once. Returns
 * the number of rows; *WHO gets each row's area, *OLDROW whether it is
 * an old one, *N the counts.
 */
static int
counts(const struct dd *x, const struct sp_node *only,
    const struct sp_node ***who, int **n)
{
	const struct sp_node	*prev = NULL;
	int			 nw = x->nnarea, i, k;
	size_t			 r;

	*who = sp_calloc(x->nnarea + x->noarea + 1, sizeof(**who));
	for (i = 0; i < x->nnarea; i++)
		(*who)[i] = x->narea[i];
	*n = sp_calloc((x->nnarea + x->noarea + 1) * C__MAX, sizeof(**n));
	for (r = 0; r < x->d->nrows; r++) {
		const struct sp_dpair *row = &x->d->rows[r];
		const struct sp_node *a;

		if (row->to != NULL) {
			if (row->to == prev)
				continue;	/* a new tiltak counts once */
			prev = row->to;
			a = sp_tiltak_area(row->to);
		} else {
			a = sp_diff_area_map(x->d, sp_tiltak_area(row->from));
			if (a == NULL)
				a = sp_tiltak_area(row->from);
		}
		if ((k = dd_area_ix(*who, nw, a)) < 0) {
			(*who)[nw] = a;
			k = nw++;
		}
		(*n)[k * C__MAX + col_of(row)]++;
	}
	if (only != NULL) {
		/* just the one area */
		for (i = 0; i < nw && (*who)[i] != only; i++)
			;
		if (i < nw) {
			memmove(*n, *n + i * C__MAX, C__MAX * sizeof(**n));
			(*who)[0] = only;
			return 1;
		}
		return 0;
	}
	return nw;
}

/* ------------------------------------------------------------ summary */

/* The sentence that sums a diff up; the caller frees it. */
char *
dd_sentence(const struct dd *x)
{
	const struct sp_style	*st = x->st;
	int			 c[C__MAX] = { 0 }, curated = 0, autos = 0;
	const struct sp_node	*prev = NULL;
	size_t			 r;

	for (r = 0; r < x->d->nrows; r++) {
		const struct sp_dpair *row = &x->d->rows[r];

		if (row->from != NULL && row->to != NULL) {
			curated += row->curated;
			autos += !row->curated;
		}
		if (row->to != NULL && row->to == prev)
			continue;
		prev = row->to;
		c[col_of(row)]++;
	}
	(void)st;
	/* Nynorsk agreement with "tiltak" (neuter): one is "delt ut ... eller
	 * slege saman", "nytt", "vidareført"; zero and many take the plural.
	 * "uendra", "endra", "flytta", "henta" are the same in both. */
	return sp_printf("Den gamle versjonen (%s) har %zu tiltak, den nye "
	    "(%s) har %zu. Av tiltaka i den "
	    "nye versjonen er %d uendra, %d endra i tekst eller felt, %d "
	    "flytta til eit anna innsatsområde eller mål, %d %s frå eldre "
	    "tiltak, og %d %s. %d tiltak i den "
	    "gamle versjonen er ikkje %s. Av koplingane er %d "
	    "henta frå forgjengar-lenkjene i masterfila og %d funne ved å "
	    "samanlikne orda.", x->d->from->id, x->d->from->ntiltak,
	    x->d->to->id, x->d->to->ntiltak, c[C_SAME], c[C_CHANGED],
	    c[C_MOVED], c[C_SPLIT], c[C_SPLIT] == 1 ?
	    "delt ut av eller slege saman" : "delte ut av eller slegne saman",
	    c[C_NEW], c[C_NEW] == 1 ? "nytt" : "nye", c[C_REMOVED],
	    c[C_REMOVED] == 1 ? "vidareført" : "vidareførte", curated, autos);
}

void
dd_summary(struct dd *x, struct sp_block *parent, const struct sp_node *only)
{
	const struct sp_style	*st = x->st;
	struct sp_block		*b = sp_block_new(x->B->doc, parent,
				    SP_B_TABLE);
	const struct sp_node	**who;
	struct sp_row		*row;
	int			*n, nw, i, c, tot[C__MAX + 1] = { 0 };
	char			 num[32], *t;

	b->table = sp_table_new(C__MAX + 2);
	b->table->width[0] = -1;
	for (c = 1; c <= C__MAX + 1; c++) {
		b->table->width[c] = 44;
		b->table->align[c] = SP_ALIGN_RIGHT;
	}
	row = sp_table_row(b->table, SP_ROW_HEAD);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_innsatsomrade, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_kind[SP_D_SAME],
	    SP_ALIGN_RIGHT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_kind[SP_D_CHANGED],
	    SP_ALIGN_RIGHT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_kind[SP_D_MOVED],
	    SP_ALIGN_RIGHT);
	t = sp_printf("%s / %s", st->l_diff_kind[SP_D_SPLIT],
	    st->l_diff_kind[SP_D_MERGED]);
	sp_cell_text(row, SP_ROLE_CELLHEAD, t, SP_ALIGN_RIGHT);
	free(t);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_newcount,
	    SP_ALIGN_RIGHT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_removedcount,
	    SP_ALIGN_RIGHT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_sum, SP_ALIGN_RIGHT);
	sp_row_head(x->B, row);
	nw = counts(x, only, &who, &n);
	for (i = 0; i < nw; i++) {
		int sum = 0;

		row = sp_table_row(b->table, 0);
		t = dd_area_title(who[i]);
		if (i >= x->nnarea) {	/* an old area nothing went on from */
			char *o = sp_printf("%s (%s)", t, x->d->from->id);

			free(t);
			t = o;
		}
		sp_cell_text(row, SP_ROLE_CELL, t, 0);
		free(t);
		for (c = 0; c < C__MAX; c++) {
			snprintf(num, sizeof(num), "%d", n[i * C__MAX + c]);
			sp_cell_text(row, SP_ROLE_CELL, num, SP_ALIGN_RIGHT);
			tot[c] += n[i * C__MAX + c];
			if (c != C_REMOVED)
				sum += n[i * C__MAX + c];
		}
		snprintf(num, sizeof(num), "%d", sum);
		sp_cell_text(row, SP_ROLE_GOAL, num, SP_ALIGN_RIGHT);
		tot[C__MAX] += sum;
	}
	if (only == NULL)
		sp_row_sums(x->B, b->table, tot, C__MAX + 1);
	b->table->summary = sp_printf("%s, %s \xE2\x80\x93 %s",
	    st->l_diff_summary, x->d->from->id, x->d->to->id);
	free(who);
	free(n);
}

/* --------------------------------------------------------------- flow */

/* A weight as words: "3" or "2,5". */
static void
weight(struct sp_buf *b, double w)
{
	if (w == (int)w)
		sp_buf_printf(b, "%d", (int)w);
	else
		sp_buf_printf(b, "%d,%d", (int)w, (int)(w * 10 + 0.5) % 10);
}

void
dd_flow(struct dd *x, struct sp_block *parent)
{
	const struct sp_style	*st = x->st;
	struct sp_block		*b = sp_block_new(x->B->doc, parent, SP_B_FLOW);
	struct sp_flow		*f = b->flow = sp_calloc(1, sizeof(*f));
	struct sp_buf		 alt = { NULL, 0, 0 };
	int			 i, j, nl = x->noarea + 1, nr = x->nnarea + 1;
	size_t			 r;

	f->nleft = nl;
	f->nright = nr;
	f->left_label = sp_calloc(nl, sizeof(char *));
	f->right_label = sp_calloc(nr, sizeof(char *));
	f->left_fill = sp_calloc(nl, sizeof(uint32_t));
	f->right_fill = sp_calloc(nr, sizeof(uint32_t));
	f->from = sp_calloc(nl * nr, sizeof(double));
	f->to = sp_calloc(nl * nr, sizeof(double));
	/* the last group of each side: new tiltak come from nothing on
	 * the left, removed ones go to nothing on the right */
	for (r = 0; r < x->d->nrows; r++) {
		const struct sp_dpair *row = &x->d->rows[r];

		i = row->from != NULL ? dd_area_ix(x->oarea, x->noarea,
		    sp_tiltak_area(row->from)) : nl - 1;
		j = row->to != NULL ? dd_area_ix(x->narea, x->nnarea,
		    sp_tiltak_area(row->to)) : nr - 1;
		f->from[i * nr + j] += row->from != NULL ? 1.0 / x->orows[r] :
		    1;
		f->to[i * nr + j] += row->to != NULL ? 1.0 / x->nrows[r] : 1;
	}
	for (i = 0; i < nl; i++) {
		double out = 0;

		for (j = 0; j < nr; j++)
			out += f->from[i * nr + j];
		f->left_fill[i] = i < nl - 1 ? palette[i % NPAL] : GREY;
		f->left_label[i] = i < nl - 1 ? dd_area_title(x->oarea[i]) :
		    sp_strdup(st->l_diff_newcount);
		{
			char *l = sp_printf("%s (%.0f)", f->left_label[i], out);

			free(f->left_label[i]);
			f->left_label[i] = l;
		}
	}
	for (j = 0; j < nr; j++) {
		double in = 0;
		char *l;

		for (i = 0; i < nl; i++)
			in += f->to[i * nr + j];
		f->right_fill[j] = j < nr - 1 ? 0x3C4650 : GREY;
		l = j < nr - 1 ? dd_area_title(x->narea[j]) :
		    sp_strdup(st->l_diff_removedcount);
		f->right_label[j] = sp_printf("%s (%.0f)", l, in);
		free(l);
	}

	/* the alternative text says all the picture does */
	sp_buf_printf(&alt, "%s: %s (%s) til %s (%s). ", st->l_diff_flow,
	    x->d->from->id, sp_attr(x->d->from->node, "tittel"), x->d->to->id,
	    sp_attr(x->d->to->node, "tittel"));
	for (i = 0; i < nl; i++) {
		int first = 1;

		sp_buf_printf(&alt, "%s: ", f->left_label[i]);
		for (j = 0; j < nr; j++) {
			if (f->from[i * nr + j] <= 0)
				continue;
			sp_buf_puts(&alt, first ? "" : ", ");
			weight(&alt, f->from[i * nr + j]);
			if (j < nr - 1) {
				char *a = dd_area_title(x->narea[j]);

				sp_buf_printf(&alt, " til %s", a);
				free(a);
			} else {
				char *w = dd_lower_first(st->l_diff_removedcount);

				sp_buf_printf(&alt, " %s", w);
				free(w);
			}
			first = 0;
		}
		sp_buf_puts(&alt, ". ");
	}
	sp_buf_puts(&alt, "Delte og samanslegne tiltak er talde i delar.");
	/* no apostrophes: the text goes into a quoted tag attribute */
	for (r = 0; r < alt.len; r++)
		if (alt.s[r] == '\'')
			alt.s[r] = ' ';
	f->alt = alt.s;
}
