/* doc_diff.c: plan-versus-plan diff documents (diff-FROM-TO), and the
 * <endringar> placeholder that puts a diff into a sak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"

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

/* ------------------------------------------------------------ helpers */

static int
area_ix(const struct sp_node **v, int n, const struct sp_node *a)
{
	int	i;

	for (i = 0; i < n; i++)
		if (v[i] == a)
			return i;
	return -1;
}

static void
areas(const struct sp_version *v, const struct sp_node ***out, int *n)
{
	size_t	i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < v->ntiltak; i++) {
		const struct sp_node *a = sp_tiltak_area(v->tiltak[i]);

		if (area_ix(*out, *n, a) >= 0)
			continue;
		*out = sp_realloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = a;
	}
}

/* "1  NÆRING" or the name alone; "–" for tiltak outside any area. */
static char *
area_title(const struct sp_node *area)
{
	const char	*nr = sp_attr(area, "nr");

	if (area == NULL)
		return sp_strdup("\xE2\x80\x93");
	return nr != NULL ? sp_printf("%s  %s", nr, sp_attr(area, "namn")) :
	    sp_strdup(sp_attr(area, "namn"));
}

/* S with its first letter in lower case ("Før" -> "før"). */
static char *
lower_first(const char *s)
{
	char	*t = sp_strdup(s);

	if (t[0] >= 'A' && t[0] <= 'Z')
		t[0] += 'a' - 'A';
	else if ((unsigned char)t[0] == 0xC3 && (unsigned char)t[1] >= 0x80 &&
	    (unsigned char)t[1] <= 0x9E)
		t[1] += 0x20;
	return t;
}

/* The printed number of a tiltak, else its id. */
static const char *
label_of(const struct sp_node *t)
{
	const char	*nr = sp_attr(t, "nr");

	return nr != NULL && *nr != '\0' ? nr : sp_attr(t, "id");
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* For each row, how many rows its old (WHICH 0) or new tiltak is in. */
static int *
degrees(const struct sp_diff *d, int which)
{
	const struct sp_node	**v = sp_calloc(d->nrows + 1, sizeof(*v));
	int			 *deg = sp_calloc(d->nrows + 1, sizeof(*deg));
	size_t			  r, n = 0, lo, hi;

	for (r = 0; r < d->nrows; r++) {
		const struct sp_node *t = which ? d->rows[r].to :
		    d->rows[r].from;

		if (t != NULL)
			v[n++] = t;
	}
	qsort(v, n, sizeof(*v), cmp_ptr);
	for (r = 0; r < d->nrows; r++) {
		const struct sp_node *t = which ? d->rows[r].to :
		    d->rows[r].from;

		if (t == NULL)
			continue;
		/* the run of T in the sorted array */
		for (lo = 0, hi = n; lo < hi;) {
			size_t mid = (lo + hi) / 2;

			if (cmp_ptr(&v[mid], &t) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (hi = lo; hi < n && v[hi] == t; hi++)
			;
		deg[r] = (int)(hi - lo);
	}
	free(v);
	return deg;
}

static void
dd_init(struct dd *x, struct sp_build *B, const struct sp_version *from,
    const struct sp_version *to, int flags)
{
	memset(x, 0, sizeof(*x));
	x->B = B;
	x->st = B->st;
	x->flags = flags;
	x->d = sp_diff_match(B->plan, from, to, flags);
	areas(from, &x->oarea, &x->noarea);
	areas(to, &x->narea, &x->nnarea);
	x->orows = degrees(x->d, 0);
	x->nrows = degrees(x->d, 1);
}

static void
dd_free(struct dd *x)
{
	sp_diff_free(x->d);
	free(x->oarea);
	free(x->narea);
	free(x->orows);
	free(x->nrows);
}

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
		if ((k = area_ix(*who, nw, a)) < 0) {
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
static char *
sentence(const struct dd *x)
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

static void
summary_table(struct dd *x, struct sp_block *parent, const struct sp_node *only)
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
		t = area_title(who[i]);
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
	if (only == NULL) {
		row = sp_table_row(b->table, 0);
		sp_cell_text(row, SP_ROLE_GOAL, st->l_sum, 0);
		for (c = 0; c <= C__MAX; c++) {
			snprintf(num, sizeof(num), "%d", tot[c]);
			sp_cell_text(row, SP_ROLE_GOAL, num, SP_ALIGN_RIGHT);
		}
		for (i = 0; i < row->ncells; i++)
			row->cells[i].fill = st->goal_fill;
	}
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

static void
flow(struct dd *x, struct sp_block *parent)
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

		i = row->from != NULL ? area_ix(x->oarea, x->noarea,
		    sp_tiltak_area(row->from)) : nl - 1;
		j = row->to != NULL ? area_ix(x->narea, x->nnarea,
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
		f->left_label[i] = i < nl - 1 ? area_title(x->oarea[i]) :
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
		l = j < nr - 1 ? area_title(x->narea[j]) :
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
				char *a = area_title(x->narea[j]);

				sp_buf_printf(&alt, " til %s", a);
				free(a);
			} else {
				char *w = lower_first(st->l_diff_removedcount);

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

/* ------------------------------------------------------------ details */

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
			char *a = area_title(sp_tiltak_area(r->from));

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
			char *be = lower_first(st->l_diff_before);
			char *af = lower_first(st->l_diff_after);

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

	tb->width[0] = 46;	/* "sp21-t09" where there is no number */
	tb->width[1] = -1;
	tb->width[2] = -1;
	tb->width[3] = 104;
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
	char		*t = area_title(area), *s;

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

	sp_cell_text(row, SP_ROLE_CELL, label_of(r->to != NULL ? r->to :
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
static int
details(struct dd *x, struct sp_block *parent, const struct sp_node *only)
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

/* ------------------------------------------------------------ lineage */

/* The <revisjon> a version was materialised from, or NULL. */
static const struct sp_node *
revision_of(const struct sp_plan *p, const struct sp_version *v)
{
	const struct sp_node	*n = sp_find(p, v->id);

	return n != NULL && n->type == SP_REVISJON ? n : NULL;
}

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
		if (revision_of(p, &p->versions[i]) == NULL) {
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

static void
lineage(struct dd *x, struct sp_block *parent)
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
				    "", label_of(v[i]->tiltak[t]),
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

/* ----------------------------------------------------------- document */

/* How the marks read: a sample of each, with its words. */
static void
legend(struct dd *x, struct sp_block *parent)
{
	const struct sp_style	*st = x->st;
	struct sp_block		*b = sp_block_new(x->B->doc, parent, SP_B_PARA);
	char			*s;

	b->role = SP_ROLE_SMALL;
	s = sp_printf("I tabellane er ord som er tekne ut, ");
	sp_build_add(&b->text, s, 0);
	free(s);
	sp_build_add(&b->text, "overstreka", SP_SPAN_S | SP_SPAN_DEL);
	sp_build_add(&b->text, " (i kolonna «", 0);
	sp_build_add(&b->text, st->l_diff_before, 0);
	sp_build_add(&b->text, "»), og ord som er sette inn, ", 0);
	sp_build_add(&b->text, "understreka", SP_SPAN_U | SP_SPAN_INS);
	sp_build_add(&b->text, " (i kolonna «", 0);
	sp_build_add(&b->text, st->l_diff_after, 0);
	sp_build_add(&b->text, "»). Uendra tiltak er ikkje med. Ein stjerne "
	    "(*) i slektskapstabellen viser eit tiltak som er kopla til "
	    "forgjengaren sin ved å samanlikne orda; dei andre er kopla "
	    "etter forgjengar-lenkjene i masterfila.", 0);
}

struct sp_doc *
sp_doc_diff(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_version *from, const struct sp_version *to, int flags)
{
	struct sp_build	 B;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	struct sp_block	*b;
	struct dd	 x;
	char		*s;
	int		 same;

	memset(&B, 0, sizeof(B));
	B.plan = plan;
	B.st = st;
	B.doc = d;
	dd_init(&x, &B, from, to, flags);
	d->title = sp_printf("%s %s \xE2\x80\x93 %s", st->l_diff_title,
	    from->id, to->id);
	d->subject = sp_printf("%s \xE2\x80\x93 %s", sp_attr(from->node,
	    "tittel"), sp_attr(to->node, "tittel"));
	d->keywords = sp_printf("%s, %s, %s", st->l_diff_title, from->id,
	    to->id);
	d->author = sp_strdup(sp_attr(plan->root, "namn"));
	d->date = sp_attr(to->node, "dato") != NULL ?
	    sp_strdup(sp_attr(to->node, "dato")) : NULL;
	d->running = sp_strdup(d->title);

	sp_doc_para(d, SP_ROLE_META, sp_attr(plan->root, "namn"), SP_SPAN_B);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	s = sp_printf("%s %s \xE2\x80\x93 %s", st->l_diff_title, from->id,
	    to->id);
	sp_build_add(&b->text, s, 0);
	free(s);
	s = sp_printf("Frå «%s» (%s) til «%s» (%s)", sp_attr(from->node,
	    "tittel"), from->id, sp_attr(to->node, "tittel"), to->id);
	sp_doc_para(d, SP_ROLE_META, s, 0);
	free(s);
	b = sp_block_new(d, NULL, SP_B_RULE);
	b->height = 1.2;

	sp_doc_heading(d, st->l_diff_summary, 2);
	s = sentence(&x);
	sp_doc_para(d, SP_ROLE_BODY, s, 0);
	free(s);
	summary_table(&x, NULL, NULL);
	sp_doc_para(d, SP_ROLE_SMALL, "Sum er tiltaka i den nye versjonen. "
	    "«Tekne ut» er tiltak i den gamle som ikkje er vidareførte; dei "
	    "er talde under innsatsområdet dei fleste av tiltaka rundt dei "
	    "gjekk til.", 0);

	sp_doc_heading(d, st->l_diff_flow, 2);
	b = sp_doc_para(d, SP_ROLE_BODY, "Figuren viser kvar tiltaka under "
	    "kvart innsatsområde i den gamle versjonen (til venstre) hamna i "
	    "den nye (til høgre). Tjukna på kvart band er talet på tiltak.", 0);
	b->keep = 1;	/* with the figure */
	flow(&x, NULL);

	sp_doc_heading(d, st->l_diff_details, 2);
	legend(&x, NULL);
	same = details(&x, NULL, NULL);
	s = sp_printf("%d uendra tiltak er ikkje %s.", same,
	    same == 1 ? "vist" : "viste");
	sp_doc_para(d, SP_ROLE_SMALL, s, 0);
	free(s);

	sp_doc_heading(d, st->l_diff_lineage, 2);
	sp_doc_para(d, SP_ROLE_BODY, "Kvar rad følgjer eitt tiltak, eller "
	    "tiltak som er delte eller slegne saman, gjennom versjonane av "
	    "planen. Teksten er den nyaste.", 0);
	lineage(&x, NULL);
	dd_free(&x);
	return d;
}

/* ------------------------------------------------------ the placeholder */

/*
 * <endringar frå="V1" til="V2" [innsatsområde="ID"] [vis="samandrag"|
 * "tiltak"]/> in a sak: the summing-up sentence and table, or the
 * changed tiltak of one innsatsområde of V2.
 */
void
sp_build_diff(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	const struct sp_version	*from = sp_version_find(B->plan,
				    sp_attr(n, "frå"));
	const struct sp_version	*to = sp_version_find(B->plan,
				    sp_attr(n, "til"));
	const char		*vis = sp_attr(n, "vis");
	const struct sp_node	*only = NULL;
	struct dd		 x;
	char			*s;

	if (from == NULL || to == NULL)
		return;		/* validation has said so */
	/* the area as the version has it (a revision has copies) */
	if (sp_attr(n, "innsatsområde") != NULL)
		only = sp_find_in(to->node, sp_attr(n, "innsatsområde"));
	dd_init(&x, B, from, to, 0);
	if (vis != NULL && strcmp(vis, "tiltak") == 0) {
		legend(&x, parent);
		details(&x, parent, only);
	} else {
		if (only == NULL) {
			struct sp_block *b = sp_block_new(B->doc, parent,
			    SP_B_PARA);

			s = sentence(&x);
			b->role = SP_ROLE_BODY;
			sp_build_add(&b->text, s, 0);
			free(s);
		}
		summary_table(&x, parent, only);
	}
	dd_free(&x);
}

/* ------------------------------------------------------------ targets */

int
sp_diff_pairs(const struct sp_plan *p, const struct sp_version ***from,
    const struct sp_version ***to)
{
	const struct sp_version	**v = NULL;
	int			  nv = 0, n = 0, i;
	size_t			  k;

	*from = *to = NULL;
	for (k = 0; k < p->nversions; k++)
		if (revision_of(p, &p->versions[k]) == NULL) {
			v = sp_realloc(v, (nv + 1) * sizeof(*v));
			v[nv++] = &p->versions[k];
		}
#define PAIR(a, b) do { \
		*from = sp_realloc(*from, (n + 1) * sizeof(**from)); \
		*to = sp_realloc(*to, (n + 1) * sizeof(**to)); \
		(*from)[n] = (a); \
		(*to)[n++] = (b); \
	} while (0)
	for (i = 0; i + 1 < nv; i++)
		PAIR(v[i], v[i + 1]);
	if (nv >= 3)
		PAIR(v[0], v[nv - 1]);
	for (k = 0; k < p->nversions; k++) {
		const struct sp_node *rev = revision_of(p, &p->versions[k]);
		const struct sp_version *b;

		if (rev == NULL)
			continue;
		b = sp_version_find(p, sp_attr(rev, "basis"));
		if (b != NULL)
			PAIR(b, &p->versions[k]);
	}
#undef PAIR
	free(v);
	return n;
}
