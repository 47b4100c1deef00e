/* doc_diff_detail.c: the changed tiltak of a diff document, row by row:
 * the word diff of old and new text, what changed, under bands of their
 * areas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "dd.h"

/*
 * Segment S of a word diff onto one side R (OP its own changes, shown
 * with FLAGS). A space alone between two changes waits in *GAP until
 * something follows it on this side, and goes only before a word: the
 * other side's words between would leave "vegpakke ." behind.
 */
static void
side_add(struct sp_rich *r, const struct sp_wseg *s, enum sp_wop op,
    int *gap, unsigned flags)
{
	const char	*p = s->text;
	size_t		 n = strlen(p);
	char		*t;

	while (*p == ' ')
		p++;
	if (*gap && p == s->text && strchr(".,;:!?)»", *p) == NULL)
		sp_build_add(r, " ", 0);
	*gap = 0;
	/* the unchanged text's last space waits for what follows */
	if (s->op == SP_W_SAME)
		while (n > 0 && s->text[n - 1] == ' ') {
			n--;
			*gap = 1;
		}
	t = sp_strndup(s->text, n);
	sp_build_add(r, t, s->op == op ? flags : 0);
	free(t);
}

/*
 * The word diff of the tekst of A and B into two cells: OLD with the
 * deleted words struck through, NEW with the inserted ones underlined.
 */
static void
text_cells(struct dd *x, const struct sp_node *a, const struct sp_node *b,
    struct sp_cell *old, struct sp_cell *neu)
{
	char		*ta = sp_node_plain(x->B->plan, sp_child(a, SP_TEKST));
	char		*tb = sp_node_plain(x->B->plan, sp_child(b, SP_TEKST));
	struct sp_wdiff	*w;
	size_t		 i;
	int		 gap[2] = { 0, 0 };

	/* words whole: a struck or underlined word read in two halves
	 * over a line break is hard to follow */
	old->text.flags |= SP_RICH_NOHYPH;
	neu->text.flags |= SP_RICH_NOHYPH;
	if (a == NULL || b == NULL) {
		sp_build_add(a != NULL ? &old->text : &neu->text,
		    a != NULL ? ta : tb, 0);
		sp_build_add(a != NULL ? &neu->text : &old->text,
		    "\xE2\x80\x93", 0);
		free(ta);
		free(tb);
		return;
	}
	w = sp_wdiff(ta, tb);
	for (i = 0; i < w->nsegs; i++) {
		const struct sp_wseg *s = &w->segs[i];

		if (s->op != SP_W_INS)
			side_add(&old->text, s, SP_W_DEL, &gap[0],
			    SP_SPAN_S | SP_SPAN_DEL);
		if (s->op != SP_W_DEL)
			side_add(&neu->text, s, SP_W_INS, &gap[1],
			    SP_SPAN_U | SP_SPAN_INS);
	}
	if (old->text.text == NULL)
		sp_rich_add(&old->text, "", 0);
	if (neu->text.text == NULL)
		sp_rich_add(&neu->text, "", 0);
	sp_wdiff_free(w);
	free(ta);
	free(tb);
}

/* What a row is, in words, with the fields that changed and where a
 * moved tiltak came from. */
static void
change_cell(struct dd *x, const struct sp_dpair *r, struct sp_cell *c)
{
	const struct sp_style	*st = x->st;
	struct sp_buf		 b = { NULL, 0, 0 };
	char			*f;

	sp_buf_puts(&b, st->l_diff_kind[r->kind]);
	if (r->from != NULL && r->to != NULL) {
		if (r->moved || r->kind == SP_D_MOVED) {
			const struct sp_node *g = sp_tiltak_goal(r->from);
			char *a = dd_area_title(sp_tiltak_area(r->from));

			sp_buf_printf(&b, "\n%s %s", "frå", a);
			if (g != NULL && g->type == SP_MAL &&
			    sp_attr(g, "nr") != NULL)
				sp_buf_printf(&b, ", %s %s", st->l_mal,
				    sp_attr(g, "nr"));
			else if (g != NULL && sp_attr(g, "namn") != NULL)
				sp_buf_printf(&b, ", %s", sp_attr(g, "namn"));
			free(a);
		}
		{
			char *be = dd_lower_first(st->l_diff_before);
			char *af = dd_lower_first(st->l_diff_after);

			f = sp_diff_fields(x->B->plan, r->from, r->to, be, af);
			free(be);
			free(af);
		}
		if (*f != '\0')
			sp_buf_printf(&b, "\n%s", f);
		free(f);
		if (!r->curated)
			sp_buf_printf(&b, "\n(ordlikskap %.2f)", r->score);
	}
	/* names and dates: hyphenated only when wider than the column */
	c->text.flags |= SP_RICH_NOHYPH;
	/* one line each: the cell breaks at the newlines */
	{
		char *line, *save = NULL;

		for (line = strtok_r(b.s, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (c->text.text != NULL)
				sp_rich_add(&c->text, "\n", 0);
			sp_rich_add(&c->text, line, 0);
		}
	}
	sp_buf_free(&b);
}

static struct sp_table *
detail_table(struct dd *x, struct sp_block *parent)
{
	const struct sp_style	*st = x->st;
	struct sp_block		*b = sp_block_new(x->B->doc, parent,
				    SP_B_TABLE);
	struct sp_table		*tb = b->table = sp_table_new(4);
	struct sp_row		*row;

	/* as wide as what they hold needs (layout_table.c) */
	tb->width[0] = -1;
	tb->width[1] = -1;
	tb->width[2] = -1;
	tb->width[3] = -1;
	row = sp_table_row(tb, SP_ROW_HEAD);
	sp_cell_text(row, SP_ROLE_CELLHEAD, "Nr.", 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_before, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_after, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_diff_change, 0);
	sp_row_head(x->B, row);
	tb->summary = sp_printf("%s, %s \xE2\x80\x93 %s", st->l_diff_details,
	    x->d->from->id, x->d->to->id);
	return tb;
}

static void
band(struct dd *x, struct sp_table *tb, const struct sp_node *area,
    const char *suffix)
{
	struct sp_row	*row = sp_table_row(tb, SP_ROW_KEEP);
	struct sp_cell	*c = sp_row_cell(row, SP_ROLE_BAND);
	char		*t = dd_area_title(area), *s;

	s = suffix != NULL ? sp_printf("%s (%s)", t, suffix) : sp_strdup(t);
	c->span = tb->ncols;
	c->fill = x->st->band_fill;
	c->colour = x->st->band_colour;
	sp_build_add(&c->text, s, 0);
	free(s);
	free(t);
}

static void
detail_row(struct dd *x, struct sp_table *tb, const struct sp_dpair *r)
{
	struct sp_row	*row = sp_table_row(tb, 0);

	sp_cell_text(row, SP_ROLE_CELL, dd_label_of(r->to != NULL ? r->to :
	    r->from), 0);
	/* all four first: adding a cell may move the others */
	sp_row_cell(row, SP_ROLE_CELL);
	sp_row_cell(row, SP_ROLE_CELL);
	sp_row_cell(row, SP_ROLE_CELL);
	text_cells(x, r->from, r->to, &row->cells[1], &row->cells[2]);
	change_cell(x, r, &row->cells[3]);
}

/*
 * The changed rows, under the band of their new area (only ONLY's when
 * not NULL), then the removed ones under their old areas. Returns how
 * many rows were left out as unchanged.
 */
int
dd_details(struct dd *x, struct sp_block *parent, const struct sp_node *only)
{
	struct sp_table		*tb = NULL;
	const struct sp_node	*last = NULL;
	int			 same = 0, a;
	size_t			 r;

	for (a = 0; a < x->nnarea; a++) {
		if (only != NULL && x->narea[a] != only)
			continue;
		last = NULL;
		for (r = 0; r < x->d->nrows; r++) {
			const struct sp_dpair *row = &x->d->rows[r];

			if (row->to == NULL ||
			    sp_tiltak_area(row->to) != x->narea[a])
				continue;
			if (row->kind == SP_D_SAME) {
				same++;
				continue;
			}
			if (tb == NULL)
				tb = detail_table(x, parent);
			if (last == NULL)
				band(x, tb, x->narea[a], NULL);
			last = x->narea[a];
			detail_row(x, tb, row);
		}
	}
	for (a = 0; a < x->noarea; a++) {
		last = NULL;
		for (r = 0; r < x->d->nrows; r++) {
			const struct sp_dpair *row = &x->d->rows[r];
			const struct sp_node *to;

			if (row->kind != SP_D_REMOVED ||
			    sp_tiltak_area(row->from) != x->oarea[a])
				continue;
			to = sp_diff_area_map(x->d, x->oarea[a]);
			if (only != NULL && (to != NULL ? to : x->oarea[a]) !=
			    only)
				continue;
			if (tb == NULL)
				tb = detail_table(x, parent);
			if (last == NULL)
				band(x, tb, x->oarea[a], x->d->from->id);
			last = x->oarea[a];
			detail_row(x, tb, row);
		}
	}
	return same;
}
