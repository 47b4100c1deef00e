/* doc_table.c: the table builder shared by prose tables (doc_prose.c)
 * and status tables (doc_status.c): columns, header rows in the house
 * style, text and inline cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

/* A cell of S (plain text, folded) in ROLE aligned ALIGN, at the end of
 * ROW. */
/*
 * A table's first two body rows start on one page and its last two end
 * on one: no row stands alone at the foot or the head of a page (where
 * the table has three body rows or more).
 */
void
sp_table_keep_ends(struct sp_table *t)
{
	int	first, n;

	for (first = 0; first < t->nrows &&
	    (t->rows[first].flags & SP_ROW_HEAD); first++)
		;
	n = t->nrows - first;
	if (n < 3)
		return;
	t->rows[first].flags |= SP_ROW_KEEP;
	t->rows[t->nrows - 2].flags |= SP_ROW_KEEP;
}

struct sp_cell *
sp_cell_text(struct sp_row *row, enum sp_role role, const char *s, int align)
{
	struct sp_cell	*c = sp_row_cell(row, role);
	char		*t = sp_build_text(s != NULL ? s : "");

	sp_rich_add(&c->text, t, 0);
	c->align = align;
	free(t);
	return c;
}

/* A body cell with the inline content of N (empty for NULL). */
struct sp_cell *
sp_cell_node(struct sp_build *B, struct sp_row *row, const struct sp_node *n)
{
	struct sp_cell	*c = sp_row_cell(row, SP_ROLE_CELL);

	if (n != NULL)
		sp_build_rich(B, n, &c->text);
	else
		sp_rich_add(&c->text, "", 0);
	return c;
}

/* A tiltak's text: inline text, then any list as "• item" lines. */
void
sp_cell_tiltak(struct sp_build *B, struct sp_row *row, const struct sp_node *t)
{
	struct sp_cell	*c = sp_row_cell(row, SP_ROLE_CELL);
	const struct sp_node *tekst = sp_child(t, SP_TEKST), *l, *p;

	sp_build_rich(B, tekst, &c->text);
	if ((l = sp_child(tekst, SP_LISTE)) == NULL)
		return;
	for (p = l->first; p != NULL; p = p->next) {
		char *s;

		if (p->type != SP_PUNKT)
			continue;
		s = sp_node_plain(B->plan, p);
		sp_rich_add(&c->text, "\n• ", 0);
		sp_rich_add(&c->text, s, 0);
		free(s);
	}
}

/* The house header: every cell of ROW in the style's header colours. */
void
sp_row_head(struct sp_build *B, struct sp_row *row)
{
	int	i;

	for (i = 0; i < row->ncells; i++) {
		row->cells[i].fill = B->st->head_fill;
		row->cells[i].colour = B->st->head_colour;
	}
}

/* The sum row of a table of counts: the style's word for it, then the N
 * totals TOT, every cell in the style's goal fill. */
void
sp_row_sums(struct sp_build *B, struct sp_table *t, const int *tot, int n)
{
	struct sp_row	*row = sp_table_row(t, 0);
	char		 num[32];
	int		 i;

	sp_cell_text(row, SP_ROLE_GOAL, B->st->l_sum, 0);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%d", tot[i]);
		sp_cell_text(row, SP_ROLE_GOAL, num, SP_ALIGN_RIGHT);
	}
	for (i = 0; i < row->ncells; i++)
		row->cells[i].fill = B->st->goal_fill;
}

/* Points above 0, a share as minus its weight, or -1 for no width. */
static double
col_width(const char *w)
{
	double	d;

	switch (sp_parse_width(w, &d)) {
	case 1:
		return d;
	case 2:
		return -d;
	default:
		return -1;
	}
}

void
sp_build_table(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	struct sp_block	*b;
	const struct sp_node *c, *cell;
	int		 ncols = 0, i;

	if (sp_attr(n, "tittel") != NULL) {
		/* the caption stays with its table */
		b = sp_block_new(B->doc, parent, SP_B_PARA);
		b->role = SP_ROLE_SMALL;
		b->keep = 1;
		sp_build_add(&b->text, sp_attr(n, "tittel"), SP_SPAN_B);
	}
	b = sp_block_new(B->doc, parent, SP_B_TABLE);

	for (c = n->first; c != NULL; c = c->next)
		if (c->type == SP_KOLONNE)
			ncols++;
	b->table = sp_table_new(ncols);
	if (sp_attr(n, "tittel") != NULL)
		b->table->summary = sp_strdup(sp_attr(n, "tittel"));
	b->file = n->file;
	b->line = n->line;
	for (c = n->first, i = 0; c != NULL; c = c->next) {
		const char *j;

		if (c->type != SP_KOLONNE)
			continue;
		b->table->width[i] = col_width(sp_attr(c, "breidd"));
		j = sp_attr(c, "justering");
		b->table->align[i] = j == NULL ? SP_ALIGN_LEFT :
		    strcmp(j, "høgre") == 0 ? SP_ALIGN_RIGHT :
		    strcmp(j, "midt") == 0 ? SP_ALIGN_CENTER : SP_ALIGN_LEFT;
		i++;
	}
	for (c = n->first; c != NULL; c = c->next) {
		const char *h;
		int head, col = 0;
		struct sp_row *row;

		if (c->type != SP_RAD)
			continue;
		h = sp_attr(c, "hovud");
		head = h != NULL && strcmp(h, "ja") == 0;
		row = sp_table_row(b->table, head ? SP_ROW_HEAD : 0);
		for (cell = c->first; cell != NULL; cell = cell->next) {
			struct sp_cell *ce;

			if (cell->type != SP_CELLE)
				continue;
			ce = sp_row_cell(row, head ? SP_ROLE_TABLEHEAD :
			    SP_ROLE_TABLE);
			ce->span = (int)sp_attr_int(cell, "spenn", 1,
			    SP_MAXSPAN, 1);
			ce->align = col < ncols ? b->table->align[col] : 0;
			if (head) {
				ce->fill = B->st->head_fill;
				ce->colour = B->st->head_colour;
			}
			sp_build_rich(B, cell, &ce->text);
			col += ce->span;
		}
	}
	sp_table_keep_ends(b->table);
}

void
sp_build_diagram(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	const struct sp_node *t = sp_find(B->plan, sp_attr(n, "tabell"));
	const struct sp_node *lab, *val, *row, *r, *c;
	struct sp_block	*b;
	struct sp_chart	*ch;
	struct sp_buf	 alt = { NULL, 0, 0 };
	long		 col = sp_attr_int(n, "kolonne", 2, SP_MAXSPAN, 2), v;
	int		 i, k;

	if (t == NULL || t->type != SP_TABELL)
		return;			/* lint reports it */
	b = sp_block_new(B->doc, parent, SP_B_PARA);
	b->role = SP_ROLE_SMALL;
	b->keep = 1;
	sp_build_add(&b->text, B->st->l_figure, SP_SPAN_B);
	sp_build_add(&b->text, ": ", SP_SPAN_B);
	sp_build_add(&b->text, sp_attr(n, "tittel"), SP_SPAN_B);
	b = sp_block_new(B->doc, parent, SP_B_CHART);
	b->file = n->file;
	b->line = n->line;
	ch = b->chart = sp_calloc(1, sizeof(*ch));
	ch->nseg = 1;
	for (i = 0; sp_table_cell(t, i, 1, &row) != NULL || row != NULL; i++)
		;
	ch->bar_label = sp_calloc(i + 1, sizeof(char *));
	ch->value = sp_calloc(i + 1, sizeof(int));
	ch->seg_label = sp_calloc(1, sizeof(char *));
	ch->seg_fill = sp_calloc(1, sizeof(uint32_t));
	ch->seg_text = sp_calloc(1, sizeof(uint32_t));
	ch->seg_fill[0] = B->st->accent;
	ch->seg_text[0] = 0xFFFFFF;
	/* the legend names the column, from the header row if any */
	for (r = t->first; r != NULL && ch->seg_label[0] == NULL; r = r->next)
		if (r->type == SP_RAD && sp_attr(r, "hovud") != NULL &&
		    strcmp(sp_attr(r, "hovud"), "ja") == 0)
			for (c = r->first, k = 0; c != NULL; c = c->next)
				if (c->type == SP_CELLE && ++k == col)
					ch->seg_label[0] = sp_node_plain(B->plan,
					    c);
	if (ch->seg_label[0] == NULL)
		ch->seg_label[0] = sp_strdup(sp_attr(n, "tittel"));
	sp_buf_printf(&alt, "%s:", sp_attr(n, "tittel"));
	for (i = 0; (lab = sp_table_cell(t, i, 1, &row)) != NULL ||
	    row != NULL; i++) {
		char	*s, *l;

		val = sp_table_cell(t, i, (int)col, NULL);
		s = val != NULL ? sp_node_plain(B->plan, val) : NULL;
		l = lab != NULL ? sp_node_plain(B->plan, lab) : sp_strdup("");
		if (s == NULL || sp_parse_number(s, &v) != 0)
			v = 0;		/* lint reports it */
		ch->bar_label[ch->nbars] = sp_build_text(l);
		ch->value[ch->nbars++] = (int)v;
		sp_buf_printf(&alt, " %s %s;", ch->bar_label[ch->nbars - 1],
		    s != NULL ? s : "");
		free(s);
		free(l);
	}
	if (alt.len > 0)
		alt.s[alt.len - 1] = '.';
	ch->alt = alt.s;
}
