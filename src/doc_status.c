/* doc_status.c: status tables, legend, summary table and bar chart,
 * built from a plan version and a status report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

/* What a placeholder asks for: version, report and filters. */
struct query {
	const struct sp_version	*version;
	const struct sp_node	*report;
	char			**areas;	/* NULL: all */
	int			 nareas;
	int			 want[SP_ST__MAX];	/* status filter */
};

static void
split_ids(const char *s, char ***out, int *n)
{
	char	*copy, *tok, *save = NULL;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return;
	copy = sp_strdup(s);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		*out = sp_realloc(*out, (*n + 1) * sizeof(char *));
		(*out)[(*n)++] = sp_strdup(tok);
	}
	free(copy);
}

static int
query(struct sp_build *B, const struct sp_node *n, struct query *q)
{
	const char	*st = sp_attr(n, "status");
	char		**words;
	int		 nw, i;

	memset(q, 0, sizeof(*q));
	q->version = sp_version_find(B->plan, sp_attr(n, "versjon"));
	q->report = sp_find(B->plan, sp_attr(n, "rapport"));
	if (q->version == NULL || q->report == NULL ||
	    q->report->type != SP_STATUSRAPPORT)
		return -1;		/* lint reports it */
	split_ids(sp_attr(n, "innsatsområde"), &q->areas, &q->nareas);
	for (i = 0; i < SP_ST__MAX; i++)
		q->want[i] = st == NULL;
	split_ids(st, &words, &nw);
	for (i = 0; i < nw; i++) {
		enum sp_status s = sp_status_parse(words[i]);

		if (s != SP_ST_NONE)
			q->want[s] = 1;
		free(words[i]);
	}
	free(words);
	return 0;
}

static void
query_free(struct query *q)
{
	int	i;

	for (i = 0; i < q->nareas; i++)
		free(q->areas[i]);
	free(q->areas);
}

static int
area_wanted(const struct query *q, const struct sp_node *area)
{
	int	i;

	if (q->nareas == 0)
		return 1;
	for (i = 0; i < q->nareas; i++)
		if (area != NULL && strcmp(q->areas[i], sp_attr(area, "id")) == 0)
			return 1;
	return 0;
}

static enum sp_status
status_of(struct sp_build *B, const struct query *q, const struct sp_node *t,
    const struct sp_node **st)
{
	enum sp_status	s;

	*st = sp_report_status(B->plan, q->report, sp_attr(t, "id"));
	if (*st == NULL)
		return SP_ST_IKKJE;
	s = sp_status_parse(sp_attr(*st, "verdi"));
	return s == SP_ST_NONE ? SP_ST_IKKJE : s;
}

static void
status_cell(struct sp_build *B, struct sp_row *row, enum sp_status s)
{
	/* a status on a fill is set bold; one without a fill (white:
	 * ikkje vurdert) in the plain cell face, so a column of them stays
	 * quiet and the assessed ones stand out */
	int		 plain = B->st->status_fill[s] == 0xFFFFFF;
	struct sp_cell	*c = sp_row_cell(row, plain ? SP_ROLE_CELL :
			    SP_ROLE_STATUS);

	/* white means no fill, so the row rules stay visible */
	c->fill = plain ? SP_NOFILL : B->st->status_fill[s];
	c->colour = B->st->status_text[s];
	c->text.flags |= SP_RICH_NOHYPH | SP_RICH_WHOLE;
	sp_rich_add(&c->text, B->st->status_label[s] ?
	    B->st->status_label[s] : sp_status_word(s), 0);
}

static void
band_row(struct sp_build *B, struct sp_table *tb, const char *text,
    enum sp_role role, uint32_t fillc, uint32_t colour)
{
	struct sp_row	*row = sp_table_row(tb, SP_ROW_KEEP);
	struct sp_cell	*c = sp_row_cell(row, role);

	(void)B;
	c->span = tb->ncols;
	c->fill = fillc;
	c->colour = colour;
	sp_rich_add(&c->text, text, 0);		/* area_title's, as it is */
}

/* "1  Næring": the number, two spaces, the name (white space folded). */
static char *
area_title(const struct sp_node *area)
{
	const char	*nr = sp_attr(area, "nr");
	char		*namn = sp_build_text(sp_attr(area, "namn")), *s;

	if (nr == NULL)
		return namn;
	s = sp_printf("%s  %s", nr, namn);
	free(namn);
	return s;
}

/*
 * The caption over a status table or summary, kept with it: WHAT (may
 * be NULL), the report's title and its date ("ikkje oppgitt" when the
 * report has none).
 */
static void
caption(struct sp_build *B, struct sp_block *parent, const struct sp_node *n,
    const struct query *q, const char *what)
{
	const struct sp_style *st = B->st;
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_PARA);
	const char	*dato = sp_attr(q->report, "dato");
	char		*date = dato != NULL ? sp_date_long(dato) : NULL;
	char		*s;

	b->role = SP_ROLE_SMALL;
	b->keep = 1;
	b->file = n->file;
	b->line = n->line;
	s = sp_printf("%s%s%s · %s: %s", what != NULL ? what : "",
	    what != NULL ? " – " : "", sp_attr(q->report, "tittel"),
	    st->l_date, date != NULL ? date : st->l_nodate);
	sp_build_add(&b->text, s, SP_SPAN_B);
	free(s);
	free(date);
}

static void
status_table(struct sp_build *B, const struct sp_node *n, struct query *q,
    struct sp_block *parent)
{
	const struct sp_style *st = B->st;
	struct sp_block	*b;
	struct sp_table	*tb;
	struct sp_row	*row;
	const struct sp_node *last_area = NULL, *last_goal = NULL;
	const char	*k = sp_attr(n, "kommentar");
	int		 comment = k == NULL || strcmp(k, "nei") != 0;
	int		 inv = 0, col;
	size_t		 i;

	/* an Involvering column when a tiltak shown has one */
	for (i = 0; i < q->version->ntiltak && !inv; i++) {
		const struct sp_node *t = q->version->tiltak[i], *sn;

		inv = sp_child(t, SP_INVOLVERING) != NULL &&
		    area_wanted(q, sp_tiltak_area(t)) &&
		    q->want[status_of(B, q, t, &sn)];
	}
	caption(B, parent, n, q, NULL);
	b = sp_block_new(B->doc, parent, SP_B_TABLE);
	b->file = n->file;
	b->line = n->line;
	tb = b->table = sp_table_new(5 + comment + inv);
	/* every column as wide as what it holds needs (layout_table.c) */
	for (col = 0; col < tb->ncols; col++)
		tb->width[col] = -1.0;
	row = sp_table_row(tb, SP_ROW_HEAD);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_nr, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_tiltak, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_tid, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_ansvar, 0);
	if (inv)
		sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_involvering, 0);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_status, 0);
	if (comment)
		sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_kommentar, 0);
	sp_row_head(B, row);
	for (i = 0; i < q->version->ntiltak; i++) {
		const struct sp_node *t = q->version->tiltak[i], *sn;
		const struct sp_node *area = sp_tiltak_area(t);
		const struct sp_node *goal = sp_tiltak_goal(t);
		enum sp_status s = status_of(B, q, t, &sn);

		if (!area_wanted(q, area) || !q->want[s])
			continue;
		if (area != last_area && area != NULL) {
			char *title = area_title(area);

			band_row(B, tb, title, SP_ROLE_BAND, st->band_fill,
			    st->band_colour);
			free(title);
			last_area = area;
			last_goal = NULL;
		}
		if (goal == NULL && last_goal != NULL) {
			/* a tiltak of the area itself after those of a mål
			 * gets the area's name again, not the mål above */
			char *title = area != NULL ? area_title(area) :
			    sp_strdup("");

			band_row(B, tb, title, SP_ROLE_GOAL, st->goal_fill,
			    SP_NOFILL);
			free(title);
			last_goal = NULL;
		}
		if (goal != last_goal && goal != NULL) {
			struct sp_row *gr = sp_table_row(tb, SP_ROW_KEEP);
			struct sp_cell *c = sp_row_cell(gr, SP_ROLE_GOAL);

			c->span = tb->ncols;
			c->fill = st->goal_fill;
			if (goal->type == SP_MAL) {
				char *lab = sp_printf("%s %s ", st->l_mal,
				    sp_attr(goal, "nr") ? sp_attr(goal, "nr") :
				    "");

				sp_rich_add(&c->text, lab, 0);
				free(lab);
				sp_build_rich(B, sp_child(goal, SP_TEKST),
				    &c->text);
			} else {
				char *g = sp_build_text(sp_attr(goal, "namn"));

				sp_rich_add(&c->text, g, 0);
				free(g);
			}
			last_goal = goal;
		}
		row = sp_table_row(tb, 0);
		/* numbers, dates and names are not hyphenated: their
		 * columns widen to their widest word */
		sp_cell_text(row, SP_ROLE_CELL, sp_attr(t, "nr"), 0)->text.flags |=
		    SP_RICH_NOHYPH;
		sp_cell_tiltak(B, row, t);
		sp_cell_node(B, row, sp_child(t, SP_TID))->text.flags |=
		    SP_RICH_NOHYPH;
		sp_cell_node(B, row, sp_child(t, SP_ANSVAR))->text.flags |=
		    SP_RICH_NOHYPH;
		if (inv)
			sp_cell_node(B, row, sp_child(t, SP_INVOLVERING))->
			    text.flags |= SP_RICH_NOHYPH;
		status_cell(B, row, s);
		if (comment)
			sp_cell_node(B, row, sn);
	}
	tb->summary = sp_printf("%s %s", st->l_status, sp_attr(q->version->node,
	    "tittel"));
}

static void
legend(struct sp_build *B, const struct sp_node *n, struct sp_block *parent)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_TABLE);
	struct sp_row	*row;
	struct sp_cell	*c;
	int		 s;

	b->file = n->file;
	b->line = n->line;
	b->table = sp_table_new(2);
	b->table->width[0] = 70;
	b->table->width[1] = -1;
	for (s = 0; s < SP_ST__MAX; s++) {
		row = sp_table_row(b->table, 0);
		status_cell(B, row, (enum sp_status)s);
		c = sp_row_cell(row, SP_ROLE_CELL);
		sp_rich_add(&c->text, B->st->status_meaning[s] ?
		    B->st->status_meaning[s] : "", 0);
	}
	b->table->summary = sp_strdup(B->st->l_legend);
}

/* Counts per area: counts[a * SP_ST__MAX + s]. */
static int
count(struct sp_build *B, struct query *q, const struct sp_node ***areas,
    int **counts)
{
	int	 na = 0;
	size_t	 i;

	*areas = NULL;
	*counts = NULL;
	for (i = 0; i < q->version->ntiltak; i++) {
		const struct sp_node *t = q->version->tiltak[i], *sn;
		const struct sp_node *a = sp_tiltak_area(t);
		enum sp_status s = status_of(B, q, t, &sn);

		if (a == NULL || !area_wanted(q, a) || !q->want[s])
			continue;
		if (na == 0 || (*areas)[na - 1] != a) {
			*areas = sp_realloc(*areas, (na + 1) * sizeof(**areas));
			*counts = sp_realloc(*counts, (na + 1) * SP_ST__MAX *
			    sizeof(int));
			memset(*counts + na * SP_ST__MAX, 0,
			    SP_ST__MAX * sizeof(int));
			(*areas)[na++] = a;
		}
		(*counts)[(na - 1) * SP_ST__MAX + s]++;
	}
	return na;
}

static void
summary(struct sp_build *B, const struct sp_node *n, struct query *q,
    struct sp_block *parent)
{
	const struct sp_style *st = B->st;
	struct sp_block	*b;
	const struct sp_node **areas;
	struct sp_row	*row;
	int		*counts, na, a, s, tot[SP_ST__MAX + 1] = { 0 };
	char		 num[32];
	struct sp_cell	*c;

	caption(B, parent, n, q, st->l_summary);
	b = sp_block_new(B->doc, parent, SP_B_TABLE);
	b->file = n->file;
	b->line = n->line;
	b->table = sp_table_new(2 + SP_ST__MAX);
	b->table->width[0] = -1;
	for (s = 0; s <= SP_ST__MAX; s++) {
		b->table->width[1 + s] = 46;
		b->table->align[1 + s] = SP_ALIGN_RIGHT;
	}
	row = sp_table_row(b->table, SP_ROW_HEAD);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_innsatsomrade, 0);
	for (s = 0; s < SP_ST__MAX; s++)
		sp_cell_text(row, SP_ROLE_CELLHEAD, st->status_label[s],
		    SP_ALIGN_RIGHT)->text.flags |= SP_RICH_WHOLE;
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_sum, SP_ALIGN_RIGHT);
	sp_row_head(B, row);
	na = count(B, q, &areas, &counts);
	for (a = 0; a < na; a++) {
		char *title = area_title(areas[a]);
		int sum = 0;

		row = sp_table_row(b->table, 0);
		c = sp_row_cell(row, SP_ROLE_CELL);
		sp_rich_add(&c->text, title, 0);	/* its two spaces */
		c->text.flags |= SP_RICH_NOHYPH;
		free(title);
		for (s = 0; s < SP_ST__MAX; s++) {
			snprintf(num, sizeof(num), "%d",
			    counts[a * SP_ST__MAX + s]);
			sp_cell_text(row, SP_ROLE_CELL, num, SP_ALIGN_RIGHT);
			sum += counts[a * SP_ST__MAX + s];
			tot[s] += counts[a * SP_ST__MAX + s];
		}
		snprintf(num, sizeof(num), "%d", sum);
		sp_cell_text(row, SP_ROLE_GOAL, num, SP_ALIGN_RIGHT);
		tot[SP_ST__MAX] += sum;
	}
	sp_row_sums(B, b->table, tot, SP_ST__MAX + 1);
	b->table->summary = sp_strdup(st->l_sum);
	free(areas);
	free(counts);
}

static void
chart(struct sp_build *B, const struct sp_node *n, struct query *q,
    struct sp_block *parent)
{
	const struct sp_style *st = B->st;
	struct sp_block	*b;
	struct sp_chart	*c;
	const struct sp_node **areas;
	struct sp_buf	 alt = { NULL, 0, 0 };
	int		*counts, na, a, s;

	if (sp_attr(n, "tittel") != NULL) {
		b = sp_block_new(B->doc, parent, SP_B_PARA);
		b->role = SP_ROLE_H3;
		b->keep = 1;
		sp_rich_add(&b->text, sp_attr(n, "tittel"), 0);
	}
	b = sp_block_new(B->doc, parent, SP_B_CHART);
	b->file = n->file;
	b->line = n->line;
	c = b->chart = sp_calloc(1, sizeof(*c));
	na = count(B, q, &areas, &counts);
	c->nbars = na;
	c->nseg = SP_ST__MAX;
	c->bar_label = sp_calloc(na + 1, sizeof(char *));
	c->seg_label = sp_calloc(SP_ST__MAX, sizeof(char *));
	c->seg_fill = sp_calloc(SP_ST__MAX, sizeof(uint32_t));
	c->seg_text = sp_calloc(SP_ST__MAX, sizeof(uint32_t));
	c->value = counts;
	for (s = 0; s < SP_ST__MAX; s++) {
		c->seg_label[s] = sp_strdup(st->status_label[s]);
		c->seg_fill[s] = st->status_fill[s];
		c->seg_text[s] = st->status_text[s];
	}
	sp_buf_printf(&alt, "%s. ", sp_attr(n, "tittel") ?
	    sp_attr(n, "tittel") : st->l_status);
	for (a = 0; a < na; a++) {
		c->bar_label[a] = area_title(areas[a]);
		sp_buf_printf(&alt, "%s:", c->bar_label[a]);
		for (s = 0; s < SP_ST__MAX; s++)
			sp_buf_printf(&alt, " %d %s%s",
			    counts[a * SP_ST__MAX + s], st->status_label[s],
			    s + 1 < SP_ST__MAX ? "," : ".");
		sp_buf_puts(&alt, a + 1 < na ? " " : "");
	}
	c->alt = alt.s;
	free(areas);
}

/* How many tiltak the placeholder's filters let through. */
static size_t
matches(struct sp_build *B, const struct query *q)
{
	size_t	i, k = 0;

	for (i = 0; i < q->version->ntiltak; i++) {
		const struct sp_node *t = q->version->tiltak[i], *sn;

		k += area_wanted(q, sp_tiltak_area(t)) &&
		    q->want[status_of(B, q, t, &sn)];
	}
	return k;
}

/*
 * A filter that lets no tiltak through says so in a sentence ("Ingen
 * tiltak med status Grøn under innsatsområde 2  Reiseliv."), under the
 * caption or title the placeholder would have had, not an empty table.
 */
static void
none(struct sp_build *B, const struct sp_node *n, struct query *q,
    struct sp_block *parent)
{
	const struct sp_style *st = B->st;
	struct sp_block	*b;
	struct sp_buf	 s = { NULL, 0, 0 };
	int		 i, k = 0;

	if (n->type == SP_STATUSTABELL)
		caption(B, parent, n, q, NULL);
	else if (n->type == SP_STATUSSAMANDRAG)
		caption(B, parent, n, q, st->l_summary);
	else if (sp_attr(n, "tittel") != NULL) {
		b = sp_block_new(B->doc, parent, SP_B_PARA);
		b->role = SP_ROLE_H3;
		b->keep = 1;
		sp_rich_add(&b->text, sp_attr(n, "tittel"), 0);
	}
	sp_buf_puts(&s, st->l_status_none);
	for (i = 0; i < SP_ST__MAX; i++)
		k += q->want[i];
	for (i = 0; i < SP_ST__MAX && k < SP_ST__MAX; i++)
		if (q->want[i])
			sp_buf_printf(&s, "%s%s", s.len > 0 &&
			    strstr(s.s, " med status ") != NULL ? " eller " :
			    " med status ", st->status_label[i] ?
			    st->status_label[i] : sp_status_word(i));
	for (i = 0; i < q->nareas; i++) {
		const struct sp_node *a = sp_find_in(q->version->node,
		    q->areas[i]);
		char *t = a != NULL ? area_title(a) : sp_strdup(q->areas[i]);

		sp_buf_printf(&s, "%s%s", i == 0 ? " under innsatsområde " :
		    " eller ", t);
		free(t);
	}
	sp_buf_puts(&s, ".");
	b = sp_block_new(B->doc, parent, SP_B_PARA);
	b->file = n->file;
	b->line = n->line;
	sp_build_add(&b->text, s.s, 0);
	sp_buf_free(&s);
}

void
sp_build_status(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	struct query	q;

	if (n->type == SP_STATUSFORKLARING) {
		legend(B, n, parent);
		return;
	}
	if (query(B, n, &q) != 0)
		return;
	if (matches(B, &q) == 0) {
		none(B, n, &q, parent);
		query_free(&q);
		return;
	}
	switch (n->type) {
	case SP_STATUSTABELL:
		status_table(B, n, &q, parent);
		break;
	case SP_STATUSSAMANDRAG:
		summary(B, n, &q, parent);
		break;
	case SP_STATUSDIAGRAM:
		chart(B, n, &q, parent);
		break;
	default:
		break;
	}
	query_free(&q);
}
