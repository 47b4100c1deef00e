/* layout_table.c: tables on pages: column widths, rows laid out as
 * needed, rows split between lines, header rows repeated, keep rows. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"
#include "lay.h"

struct cellbox {
	struct sp_tl_para p;
	int32_t		 x, w;		/* cell box */
	int		 done;		/* lines already placed */
};

struct rowbox {
	struct cellbox	*c;
	int32_t		 h;
};

static void
layout_row(struct lay *L, const struct sp_table *t, const struct sp_row *row,
    const int32_t *colx, struct rowbox *rb)
{
	int32_t	 px = U(L->st->cell_pad_x), py = U(L->st->cell_pad_y);
	int	 i, col = 0;

	rb->c = sp_calloc(row->ncells + 1, sizeof(*rb->c));
	rb->h = 0;
	for (i = 0; i < row->ncells; i++) {
		const struct sp_cell *c = &row->cells[i];
		int	 end = col + c->span > t->ncols ? t->ncols :
		    col + c->span;
		int32_t	 h;

		if (col >= t->ncols)
			break;		/* more cells than columns: lint says */

		rb->c[i].x = colx[col];
		rb->c[i].w = colx[end] - colx[col];
		sp_text_layout(L->tx, &c->text, c->role, rb->c[i].w - 2 * px,
		    c->align, &rb->c[i].p);
		h = rb->c[i].p.height + 2 * py;
		if (h > rb->h)
			rb->h = h;
		col = end;
	}
	if (rb->h == 0)
		rb->h = sp_text_pitch(L->tx, SP_ROLE_CELL) + 2 * py;
}

static void
free_row(const struct sp_row *row, struct rowbox *rb)
{
	int	i;

	if (rb->c == NULL)
		return;
	for (i = 0; i < row->ncells; i++)
		sp_tl_para_free(&rb->c[i].p);
	free(rb->c);
	rb->c = NULL;
}

static void
rule(struct lay *L, int32_t y)
{
	lay_fill(L, L->left, y - U(L->st->rule_width) / 2, L->right - L->left,
	    U(L->st->rule_width), L->st->rule_colour);
}

/*
 * One line of a cell. A cell's text may go on with "• " lines (the items
 * of a tiltak's list, typed into its text): they are a list, each
 * item an LI with the bullet as its Lbl and the rest (and the lines
 * that hang under it) as its LBody. *LIST says an item is open.
 */
static int
bullet(const struct sp_tl_line *ln)
{
	return ln->nruns > 0 && ln->runs[0].op.ntext >= 3 &&
	    memcmp(ln->runs[0].op.text, "\xe2\x80\xa2", 3) == 0;
}

static void
cell_line(struct lay *L, const struct sp_tl_line *ln, int32_t x, int32_t y,
    uint32_t colour, int *list)
{
	const struct sp_op *o = ln->nruns > 0 ? &ln->runs[0].op : NULL;
	struct sp_tl_line lab, body;
	struct sp_tl_run *r;

	if (!bullet(ln)) {
		lay_emit_line(L, ln, x, y, colour);
		return;
	}
	if (*list) {
		lay_tag(L, SP_OP_TAG_END, "LBody", NULL);
		lay_tag(L, SP_OP_TAG_END, "LI", NULL);
	} else
		lay_tag(L, SP_OP_TAG_BEGIN, "L", NULL);
	*list = 1;
	lay_tag(L, SP_OP_TAG_BEGIN, "LI", NULL);
	if (o->nclusters < 2 || o->clusters[0] != 3 || o->clusters[1] != 1 ||
	    (o->level & SP_GLYPHS_RTL)) {
		/* no cluster map to part the bullet from the text by */
		lay_tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
		lay_emit_line(L, ln, x, y, colour);
		return;
	}
	/* the bullet's run, and the rest of the line */
	r = sp_calloc(ln->nruns + 1, sizeof(*r));
	memcpy(r + 1, ln->runs, ln->nruns * sizeof(*r));
	r[0] = ln->runs[0];
	r[0].op.nglyphs = 1;
	r[0].op.nclusters = 1;
	r[0].op.ntext = 3;
	r[0].op.w = o->glyphs[1].x;
	r[0].op.level &= ~SP_GLYPHS_HYPHEN;
	r[1].op.glyphs = o->glyphs + 1;
	r[1].op.nglyphs = o->nglyphs - 1;
	r[1].op.clusters = o->clusters + 2;
	r[1].op.nclusters = o->nclusters - 1;
	r[1].op.text = o->text + 3;
	r[1].op.ntext = o->ntext - 3;
	lab = *ln;
	lab.runs = r;
	lab.nruns = 1;
	lab.nlinks = 0;
	body = *ln;
	body.runs = r + 1;
	lay_tag(L, SP_OP_TAG_BEGIN, "Lbl", NULL);
	lay_emit_line(L, &lab, x, y, colour);
	lay_tag(L, SP_OP_TAG_END, "Lbl", NULL);
	lay_tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
	lay_emit_line(L, &body, x, y, colour);
	free(r);
}

/*
 * A header cell heads its column (or the columns it spans); a body cell
 * that spans columns (an innsatsområde or mål band) says how many.
 */
static const char *
cell_attrs(struct lay *L, const struct sp_cell *c, int head)
{
	char		*s;
	const char	*a;

	if (c->span <= 1)
		return head ? "scope='col'" : NULL;
	s = sp_printf("%scolspan='%d'", head ? "scope='col' " : "", c->span);
	a = sp_arena_strdup(L->dl->arena, s);
	free(s);
	return a;
}

/*
 * Draw the lines of a row that fit in AVAIL (all when AVAIL < 0),
 * advancing each cell's done count. Returns the height used.
 */
static int32_t
draw_row(struct lay *L, const struct sp_row *row, struct rowbox *rb,
    int32_t avail, int head)
{
	int32_t	 py = U(L->st->cell_pad_y), px = U(L->st->cell_pad_x);
	int32_t	 used = 0, y0 = L->y, rw = (U(L->st->rule_width) + 1) / 2;
	struct sp_op *op;
	int	 i, j, list;

	/* how tall the slice is */
	for (i = 0; i < row->ncells; i++) {
		struct cellbox *cb = &rb->c[i];
		int32_t h = 0, base = cb->done < cb->p.nlines ?
		    cb->p.lines[cb->done].top : 0;

		for (j = cb->done; j < cb->p.nlines; j++) {
			int32_t bot = cb->p.lines[j].top - base +
			    cb->p.lines[j].height;

			if (avail >= 0 && bot + 2 * py > avail)
				break;
			h = bot;
		}
		if (h + 2 * py > used)
			used = h + 2 * py;
	}
	if (avail < 0 && rb->h > used)
		used = rb->h;
	lay_tag(L, SP_OP_TAG_BEGIN, "TR", NULL);
	for (i = 0; i < row->ncells; i++) {
		const struct sp_cell *c = &row->cells[i];
		struct cellbox *cb = &rb->c[i];
		int32_t base;

		/* a body row's fill starts below the rule above it, so that
		 * the rule shows between two fills of one colour */
		lay_fill(L, cb->x, y0 + (head ? 0 : rw), cb->w,
		    used - (head ? 0 : rw), c->fill);
		/* the cell's box travels with its tag, for checks */
		op = lay_tag(L, SP_OP_TAG_BEGIN, head ? "TH" : "TD",
		    cell_attrs(L, c, head));
		op->x = cb->x;
		op->y = y0;
		op->w = cb->w;
		op->h = used;
		base = cb->done < cb->p.nlines ? cb->p.lines[cb->done].top : 0;
		/* an item going on from the page before opens again (as
		 * the cell does, in a list of its own) */
		for (list = 0, j = 0; j < cb->done && !list; j++)
			list = bullet(&cb->p.lines[j]);
		/* (unless this page's part begins with an item: then the
		 * list begins again with it, and no item is left empty) */
		if (list && cb->done < cb->p.nlines &&
		    !bullet(&cb->p.lines[cb->done])) {
			lay_tag(L, SP_OP_TAG_BEGIN, "L", NULL);
			lay_tag(L, SP_OP_TAG_BEGIN, "LI", NULL);
			lay_tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
		} else
			list = 0;
		for (j = cb->done; j < cb->p.nlines; j++) {
			const struct sp_tl_line *ln = &cb->p.lines[j];

			if (ln->top - base + ln->height + 2 * py > used)
				break;
			cell_line(L, ln, cb->x + px, y0 + py + ln->top - base,
			    c->colour ? c->colour : SP_NOFILL, &list);
		}
		if (list)
			lay_tag(L, SP_OP_TAG_END, "LBody", NULL);
		if (list)
			lay_tag(L, SP_OP_TAG_END, "LI", NULL);
		if (list)
			lay_tag(L, SP_OP_TAG_END, "L", NULL);
		cb->done = j;
		lay_tag(L, SP_OP_TAG_END, head ? "TH" : "TD", NULL);
	}
	lay_tag(L, SP_OP_TAG_END, "TR", NULL);
	L->y = y0 + used;
	if (!head)
		rule(L, L->y);
	return used;
}

static int
row_done(const struct sp_row *row, const struct rowbox *rb)
{
	int	i;

	for (i = 0; i < row->ncells; i++)
		if (rb->c[i].done < rb->c[i].p.nlines)
			return 0;
	return 1;
}

static void
reset_row(const struct sp_row *row, struct rowbox *rb)
{
	int	i;

	for (i = 0; i < row->ncells; i++)
		rb->c[i].done = 0;
}

static int32_t
row_first_line(const struct sp_row *row, const struct rowbox *rb, int32_t py)
{
	int32_t	h = 0;
	int	i;

	for (i = 0; i < row->ncells; i++)
		if (rb->c[i].p.nlines > 0 && rb->c[i].p.lines[0].height > h)
			h = rb->c[i].p.lines[0].height;
	return h + 2 * py;
}

/* Rows are laid out as they are needed and freed once drawn. */
struct tab {
	struct lay		*L;
	const struct sp_table	*t;
	struct rowbox		*rb;
	int32_t			*colx;
};

static struct rowbox *
row_at(struct tab *T, int i)
{
	if (T->rb[i].c == NULL)
		layout_row(T->L, T->t, &T->t->rows[i], T->colx, &T->rb[i]);
	return &T->rb[i];
}

/*
 * The height row I needs below it on this page: all of it, or its first
 * line if it is taller than a page; a chain of keep rows (band, mål)
 * also needs the two rows after it (the first two tiltak), or what of
 * them there is before the next keep row.
 */
static int32_t
row_need(struct tab *T, int i, int32_t full)
{
	const struct sp_table *t = T->t;
	int32_t	 py = U(T->L->st->cell_pad_y);
	int32_t	 need = 0;
	int	 k, body = 0, chain = (t->rows[i].flags & SP_ROW_KEEP) != 0;

	for (k = i; k < t->nrows; k++) {
		struct rowbox *r = row_at(T, k);

		/* a row that may split (a third of a page or more) needs
		 * only its first line here; see place_table */
		need += r->h > full / 3 && k > i ?
		    row_first_line(&t->rows[k], r, py) :
		    r->h > full ? row_first_line(&t->rows[k], r, py) : r->h;
		if (t->rows[k].flags & SP_ROW_KEEP)
			continue;
		if (!chain || ++body >= 2 || k + 1 >= t->nrows ||
		    (t->rows[k + 1].flags & SP_ROW_KEEP))
			break;
	}
	return need;
}

/*
 * The header rows: tagged as THead the first time, and as an artifact
 * where they are repeated on a page the table goes on to (the reader has
 * heard them once).
 */
static void
draw_head(struct tab *T, int nhead, int again)
{
	int	j;

	if (nhead == 0)
		return;
	lay_tag(T->L, SP_OP_TAG_BEGIN, again ? "Artifact" : "THead", NULL);
	for (j = 0; j < nhead; j++) {
		draw_row(T->L, &T->t->rows[j], &T->rb[j], -1, 1);
		reset_row(&T->t->rows[j], &T->rb[j]);
	}
	lay_tag(T->L, SP_OP_TAG_END, again ? "Artifact" : "THead", NULL);
}

/* Body rows sampled for how their cells' lines grow with the widths */
#define SAMPLE_ROWS	240
/* A cell's lines as given (line breaks, list items) measured one by one */
#define CELL_LINES	8

/* A sampled cell: its lines as given, set unbroken (points) */
struct sample {
	float	 line[CELL_LINES];	/* the first ones */
	float	 rest;			/* the others, added up */
	int	 n;			/* how many (0: empty) */
};

/* What the columns of a table hold, in points with the cells' padding */
struct fit {
	int	 ncols, nrows;	/* rows sampled */
	double	*lo;		/* [col]: its widest part no line may break
				 * inside (a name, a status, a syllable) */
	double	*soft;	/* [col]: lo with names hyphenated */
	double	*hi;		/* [col]: its widest cell on one line */
	struct sample *cell;	/* [row * ncols + col] */
};

/* A body row with a cell of one column (a band across the table, a
 * goal, tells nothing of the columns) */
static int
content_row(const struct sp_row *row)
{
	int	 j;

	if (row->flags & SP_ROW_HEAD)
		return 0;
	for (j = 0; j < row->ncells; j++)
		if (row->cells[j].span == 1)
			return 1;
	return 0;
}

/* The lines of cell C as given, unbroken, into S (E: its extent) */
static void
sample_cell(struct lay *L, const struct sp_cell *c,
    const struct sp_text_extent *ce, struct sample *s)
{
	const char *t = c->text.text, *e;
	struct sp_rich part = c->text;
	char	 buf[512];
	size_t	 n;
	double	 w;

	/* a cell of one line (most) is measured whole: its extent */
	if (strchr(t, '\n') == NULL) {
		s->line[0] = (float)ce->maxw / SP_UNITS;
		s->n = ce->maxw > 0;
		return;
	}
	/* else line by line, without its spans' styles */
	part.spans = NULL;
	part.nspans = 0;
	for (; *t != '\0'; t = *e ? e + 1 : e) {
		struct sp_text_extent x;

		e = strchr(t, '\n');
		if (e == NULL)
			e = t + strlen(t);
		n = (size_t)(e - t) < sizeof(buf) - 1 ? (size_t)(e - t) :
		    sizeof(buf) - 1;
		memcpy(buf, t, n);
		buf[n] = '\0';
		part.text = buf;
		sp_text_extent(L->tx, &part, c->role, INT32_MAX, INT32_MAX,
		    &x);
		w = (double)x.maxw / SP_UNITS;
		if (s->n < CELL_LINES)
			s->line[s->n] = (float)w;
		else
			s->rest += (float)w;
		s->n++;
	}
}

/*
 * Fill F from every cell of T that is in one column: lo, soft and hi
 * from every row, the lines of every STEPth body row (counted in *K,
 * at most SAMPLE_ROWS in all). KEEP: how wide a name or a status may be
 * and still never break (wider, it breaks at its hyphen points); MOST:
 * the widest minimum of a column.
 */
static void
table_content(struct lay *L, const struct sp_table *t, double keep,
    double most, int step, int *k, struct fit *F)
{
	double	 px2 = 2 * L->st->cell_pad_x;
	int32_t	 cap = U(keep - px2);
	int	 i, j, col;

	for (i = 0; i < t->nrows; i++) {
		const struct sp_row *row = &t->rows[i];
		int	 head = (row->flags & SP_ROW_HEAD) != 0;
		int	 sample = content_row(row) && (*k)++ % step == 0 &&
			    F->nrows < SAMPLE_ROWS;

		for (j = 0, col = 0; j < row->ncells && col < t->ncols;
		    col += row->cells[j++].span) {
			const struct sp_cell *c = &row->cells[j];
			struct sp_text_extent e;
			double	 m;

			if (c->span != 1 || c->text.text == NULL)
				continue;
			/* a word no wider than the column is yet needs no
			 * measuring in pieces */
			m = F->soft[col] < F->lo[col] ? F->soft[col] :
			    F->lo[col];
			sp_text_extent(L->tx, &c->text, c->role, cap,
			    m > px2 + 1 ? U(m - px2 - 1) : 0, &e);
			/* half a point for rounding and kerning; a part
			 * wider than a third of the measure (a word with no
			 * hyphen point, a long address) is broken in its
			 * cell rather than leave the other columns a few
			 * letters wide */
			m = (double)e.minw / SP_UNITS + px2 + 0.5;
			if (m > most)
				m = most;
			if (m > F->lo[col])
				F->lo[col] = m;
			/* a header is never hyphenated */
			m = (double)(head || c->role == SP_ROLE_CELLHEAD ||
			    c->role == SP_ROLE_TABLEHEAD ? e.minw : e.minh) /
			    SP_UNITS + px2 + 0.5;
			if (m > most)
				m = most;
			if (m > F->soft[col])
				F->soft[col] = m;
			m = (double)e.maxw / SP_UNITS + px2 + 0.5;
			if (m > F->hi[col])
				F->hi[col] = m;
			if (sample && !head)
				sample_cell(L, c, &e, &F->cell[(size_t)F->nrows *
				    t->ncols + col]);
		}
		if (sample)
			F->nrows++;
	}
}

/* F from the tables of T's group (T alone if it has none) */
static void
col_content(struct lay *L, const struct sp_table *t0, double keep,
    double most, struct fit *F)
{
	const struct sp_table *t;
	int	 i, nbody = 0, step, k = 0;

	for (t = t0; t != NULL; t = t->next)
		for (i = 0; i < t->nrows; i++)
			nbody += content_row(&t->rows[i]);
	step = nbody > SAMPLE_ROWS ? (nbody + SAMPLE_ROWS - 1) / SAMPLE_ROWS :
	    1;
	F->ncols = t0->ncols;
	F->nrows = 0;
	F->cell = sp_calloc((size_t)t0->ncols * SAMPLE_ROWS + 1,
	    sizeof(*F->cell));
	for (t = t0; t != NULL; t = t->next)
		table_content(L, t, keep, most, step, &k, F);
}

/* Lines a line LW wide takes IN wide: one if it fits, else what it
 * fills and half a line more (it breaks where it may, not where full) */
static double
line_lines(double lw, double in)
{
	return lw <= in ? 1 : lw / in + 0.5;
}

/* Lines the sampled cell S takes in a column W wide */
static double
cell_lines(const struct sample *s, double w, double px2)
{
	double	 in = w - px2 > 1 ? w - px2 : 1, l = 0;
	int	 i;

	for (i = 0; i < s->n && i < CELL_LINES; i++)
		l += line_lines(s->line[i], in);
	if (s->n > CELL_LINES)
		l += (s->n - CELL_LINES) * line_lines(s->rest /
		    (s->n - CELL_LINES), in);
	return l;
}

/* A column's weight: a share's (2* claims twice), else 1 */
static double
weight(const struct sp_table *t, int i)
{
	return t->width[i] < 0 ? -t->width[i] : 1;
}

/*
 * The sampled rows' height in lines (a row as tall as its tallest
 * cell), and a quarter of all their cells' lines: a column that does
 * not set its rows' height still reads better in longer lines.
 */
#define LINES_WEIGHT	0.25

/* Scratch of grow(): the sampled cells' lines at the widths now */
struct lines {
	double	*now;		/* [row * ncols + col] */
	double	*nl, *best;	/* [row]: a column a step wider */
	double	*m1, *m2;	/* [row]: its tallest cell, the next */
	int	*arg;		/* [row]: the column of the tallest */
};

/* Row R's tallest cells, from S->now */
static void
row_most(const struct fit *F, struct lines *S, int r)
{
	const double *row = S->now + (size_t)r * F->ncols;
	int	 i;

	S->m1[r] = S->m2[r] = 0;
	S->arg[r] = -1;
	for (i = 0; i < F->ncols; i++)
		if (row[i] > S->m1[r]) {
			S->m2[r] = S->m1[r];
			S->m1[r] = row[i];
			S->arg[r] = i;
		} else if (row[i] > S->m2[r])
			S->m2[r] = row[i];
}

/* How the sampled rows' lines change with column C's cells at S->nl */
static double
lines_change(const struct fit *F, const struct lines *S, int c)
{
	double	 d = 0, other;
	int	 r;

	for (r = 0; r < F->nrows; r++) {
		other = S->arg[r] == c ? S->m2[r] : S->m1[r];
		d += (S->nl[r] > other ? S->nl[r] : other) - S->m1[r] +
		    LINES_WEIGHT * (S->nl[r] - S->now[(size_t)r * F->ncols +
		    c]);
	}
	return d;
}

/*
 * W (the minimums, SPARE left over them) grown: a step at a time to the
 * column where it makes the sampled rows shortest (lines_change), up to
 * TOP; what no column gains by up to the widest cells, then by width.
 * Returns the sampled rows' height in lines at the end.
 */
static double
grow(const struct sp_table *t, const struct fit *F, double *w,
    const double *top, double spare, double px2, struct lines *S)
{
	double	 step, sum, need, h = 0, hc, gain, d = 0;
	int	 i, r, c;

	for (r = 0; r < F->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			S->now[(size_t)r * t->ncols + i] = cell_lines(&F->cell[
			    (size_t)r * t->ncols + i], w[i], px2);
			h += LINES_WEIGHT * S->now[(size_t)r * t->ncols + i];
		}
		row_most(F, S, r);
		h += S->m1[r];
	}
	step = spare / 64 > 1 ? spare / 64 : 1;
	while (spare >= step && F->nrows > 0) {
		gain = 1e-9;
		c = -1;
		for (i = 0; i < t->ncols; i++) {
			if (t->width[i] > 0 || w[i] + step > top[i] + step / 2)
				continue;
			for (r = 0; r < F->nrows; r++)
				S->nl[r] = cell_lines(&F->cell[(size_t)r *
				    t->ncols + i], w[i] + step, px2);
			hc = h + lines_change(F, S, i);
			if ((h - hc) * weight(t, i) > gain) {
				gain = (h - hc) * weight(t, i);
				c = i;
				memcpy(S->best, S->nl, F->nrows * sizeof(*S->nl));
				d = hc;
			}
		}
		if (c < 0)
			break;
		w[c] += step;
		spare -= step;
		h = d;
		for (r = 0; r < F->nrows; r++) {
			S->now[(size_t)r * t->ncols + c] = S->best[r];
			row_most(F, S, r);
		}
	}
	for (i = 0, sum = 0; i < t->ncols; i++)
		if (t->width[i] <= 0 && F->hi[i] > w[i])
			sum += F->hi[i] - w[i];
	for (i = 0, need = spare; i < t->ncols && sum > 0; i++)
		if (t->width[i] <= 0 && F->hi[i] > w[i]) {
			d = (F->hi[i] - w[i]) * (need < sum ? need / sum : 1);
			w[i] += d;
			spare -= d;
		}
	if (spare > 0.01) {
		for (i = 0, sum = 0; i < t->ncols; i++)
			if (t->width[i] <= 0)
				sum += w[i];
		for (i = 0, need = spare; i < t->ncols && sum > 0; i++)
			if (t->width[i] <= 0)
				w[i] += need * w[i] / sum;
	}
	return h;
}

/*
 * W from the minimums MIN of the columns without a width in points
 * (SPARE is the measure less those in points): grown as grow() does, or
 * when even the minimums do not fit, in proportion to them. Returns the
 * sampled rows' height in lines, or -1 when the minimums do not fit.
 */
static double
from_minimums(const struct sp_table *t, const struct fit *F, const double *min,
    double *w, const double *top, double spare, double px2, struct lines *S)
{
	double	 need = 0;
	int	 i;

	for (i = 0; i < t->ncols; i++)
		if (t->width[i] <= 0)
			need += w[i] = min[i];
	if (need < spare)
		return grow(t, F, w, top, spare - need, px2, S);
	for (i = 0; i < t->ncols; i++)
		if (t->width[i] <= 0 && spare > 0)
			w[i] = spare * min[i] / need;
	return -1;
}

/*
 * The column widths of T, in points, from what its columns hold. No
 * column is narrower than its widest part that may not break: a name, a
 * number, a date, a status label whole (up to a quarter of the measure),
 * a word of running text from hyphen point to hyphen point (up to a
 * third). A width given in points stays, widened to that. The measure
 * left goes, a step at a time, to the column where it makes the sampled
 * rows shortest (a share's weight scales its gain), up to its widest
 * cell on one line, or about 80 letters for running text. Width no
 * column can use goes to the columns whose cells are wider, then by
 * width. When even the minimums do not fit, they share the measure in
 * proportion. Kept for the last table asked about: a table is asked
 * about more than once.
 */
static const double *
col_widths(struct lay *L, const struct sp_table *t)
{
	double	 total = (double)(L->right - L->left) / SP_UNITS;
	double	 px2 = 2 * L->st->cell_pad_x, *w, *w2, *top, spare, h, h2;
	double	 line = 32.0 * sp_text_pitch(L->tx, SP_ROLE_CELL) / SP_UNITS;
	struct fit F;
	struct lines S;
	int	 i, any = 0;

	/* a table of a group: the group's widths */
	if (t->first != NULL)
		t = t->first;
	if (L->wtab == t)
		return L->wcol;
	free(L->wcol);
	L->wtab = t;
	w = L->wcol = sp_calloc(t->ncols + 1, sizeof(*L->wcol));
	F.lo = sp_calloc(5 * (size_t)t->ncols + 1, sizeof(double));
	F.hi = F.lo + t->ncols;
	F.soft = F.hi + t->ncols;
	top = F.soft + t->ncols;
	w2 = top + t->ncols;
	col_content(L, t, total / 4, total / 3, &F);
	S.now = sp_calloc((size_t)(t->ncols + 4) * (F.nrows + 1),
	    sizeof(*S.now));
	S.nl = S.now + (size_t)t->ncols * F.nrows;
	S.best = S.nl + F.nrows + 1;
	S.m1 = S.best + F.nrows + 1;
	S.m2 = S.m1 + F.nrows + 1;
	S.arg = sp_calloc(F.nrows + 1, sizeof(*S.arg));
	spare = total;
	for (i = 0; i < t->ncols; i++) {
		if (t->width[i] > 0) {
			w[i] = t->width[i] > F.lo[i] ? t->width[i] : F.lo[i];
			spare -= w[i];
			continue;
		}
		any = 1;
		if (F.lo[i] < px2 + 4)		/* an empty column */
			F.lo[i] = px2 + 4;
		if (F.hi[i] < F.lo[i])
			F.hi[i] = F.lo[i];
		/* running text no longer than a readable line */
		top[i] = F.hi[i] > line + px2 ? line + px2 : F.hi[i];
		if (top[i] < F.lo[i])
			top[i] = F.lo[i];
		if (F.soft[i] < px2 + 4)
			F.soft[i] = px2 + 4;
	}
	if (!any)
		goto done;
	/*
	 * Names hyphenated (their widest piece between hyphen points as
	 * their columns' minimums) only where that makes the table a sixth
	 * shorter, or the minimums with names whole do not fit: a tiltak
	 * of a page beside "Kommunedirektørutvalet", not Sak 03-26's
	 * "Opplysningskontor".
	 */
	h = from_minimums(t, &F, F.lo, w, top, spare, px2, &S);
	for (i = 0; i < t->ncols; i++)
		if (t->width[i] <= 0 && F.soft[i] < F.lo[i] - 0.01)
			break;
	if (i < t->ncols) {
		memcpy(w2, w, t->ncols * sizeof(*w));
		h2 = from_minimums(t, &F, F.soft, w2, top, spare, px2, &S);
		if ((h < 0 && h2 >= 0) || (h2 >= 0 && h2 < h * 5 / 6))
			memcpy(w, w2, t->ncols * sizeof(*w));
	}
done:
	free(S.now);
	free(S.arg);
	free(F.cell);
	free(F.lo);
	return w;
}

/* Column edges from the widths (points, or shares of what is left). */
static void
tab_open(struct lay *L, const struct sp_table *t, struct tab *T)
{
	const double *width = col_widths(L, t);
	int32_t	 total = L->right - L->left, fixed = 0;
	double	 rel = 0;
	int	 i;

	T->L = L;
	T->t = t;
	T->colx = sp_calloc(t->ncols + 1, sizeof(*T->colx));
	T->rb = sp_calloc(t->nrows + 1, sizeof(*T->rb));
	for (i = 0; i < t->ncols; i++) {
		if (width[i] > 0)
			fixed += U(width[i]);
		else
			rel += width[i] < 0 ? -width[i] : 1;
	}
	/* fixed widths wider than the page share it in proportion */
	if (fixed > total) {
		for (i = 0, rel = 0; i < t->ncols; i++)
			rel += width[i] > 0 ? width[i] :
			    width[i] < 0 ? -width[i] : 1;
		fixed = 0;
	}
	T->colx[0] = L->left;
	for (i = 0; i < t->ncols; i++) {
		double share = width[i] < 0 ? -width[i] :
		    width[i] == 0 ? 1 : 0;

		if (fixed == 0 && width[i] > 0)
			share = width[i];
		T->colx[i + 1] = T->colx[i] + (share == 0 ? U(width[i]) :
		    (int32_t)((total - fixed) * (share / rel)));
	}
	T->colx[t->ncols] = L->right;
}

static void
tab_close(struct tab *T)
{
	int	i;

	for (i = 0; i < T->t->nrows; i++)
		free_row(&T->t->rows[i], &T->rb[i]);
	free(T->rb);
	free(T->colx);
}

static int
tab_head(struct tab *T, int32_t *headh)
{
	int	i;

	*headh = 0;
	for (i = 0; i < T->t->nrows && (T->t->rows[i].flags & SP_ROW_HEAD);
	    i++)
		*headh += row_at(T, i)->h;
	return i;
}

/* The height of the next line still to place in a row, with padding. */
static int32_t
row_next_line(const struct sp_row *row, const struct rowbox *rb, int32_t py)
{
	int32_t	h = 0;
	int	i;

	for (i = 0; i < row->ncells; i++)
		if (rb->c[i].done < rb->c[i].p.nlines &&
		    rb->c[i].p.lines[rb->c[i].done].height > h)
			h = rb->c[i].p.lines[rb->c[i].done].height;
	return h + 2 * py;
}

/* Room for a slice of a row here: at least its next line. */
static int32_t
room(struct lay *L, const struct sp_row *row, const struct rowbox *rb,
    int32_t py)
{
	int32_t	r = L->bottom - L->y, one = row_next_line(row, rb, py);

	return r < one ? one : r;
}

/* A new page for a table going on: the header again if it repeats.
 * Returns where the rows start. */
static int32_t
cont_page(struct tab *T, int nhead, int repeat)
{
	lay_new_page(T->L);
	if (repeat)
		draw_head(T, nhead, 1);
	return T->L->y;
}

/*
 * What the first body row (at NHEAD) needs below the header; in a table
 * of two body rows, both, so that the last is not left alone under the
 * header of the next page.
 */
static int32_t
start_need(struct tab *T, int nhead, int32_t full)
{
	int32_t	 need = row_need(T, nhead, full);
	struct rowbox *a, *b;

	if (T->t->nrows != nhead + 2 ||
	    (T->t->rows[nhead].flags & SP_ROW_KEEP))
		return need;
	a = row_at(T, nhead);
	b = row_at(T, nhead + 1);
	return a->h + b->h <= full / 3 ? a->h + b->h : need;
}

/* The height a table needs to start: its header and first body row. */
int32_t
lay_table_start(struct lay *L, const struct sp_block *b)
{
	struct tab	 T;
	int32_t		 headh, need = U(4);
	int		 nhead;

	tab_open(L, b->table, &T);
	nhead = tab_head(&T, &headh);
	need += headh;
	if (nhead < b->table->nrows)
		need += start_need(&T, nhead, L->bottom - L->top - headh);
	tab_close(&T);
	return need;
}

void
lay_place_table(struct lay *L, const struct sp_block *b)
{
	const struct sp_table *t = b->table;
	struct tab	 T;
	struct rowbox	*r;
	int32_t		 headh, full, need, fresh;
	int32_t		 py = U(L->st->cell_pad_y);
	int		 i, nhead, repeat = 1;

	tab_open(L, t, &T);
	nhead = tab_head(&T, &headh);
	if (headh > L->bottom - L->top) {
		/* a header taller than a page is set as ordinary rows,
		 * which split between lines */
		nhead = 0;
		headh = 0;
	}
	/* a header that leaves less than a few lines of room is not
	 * repeated: rows need the page more */
	if (L->bottom - L->top - headh < 4 * (sp_text_pitch(L->tx,
	    SP_ROLE_CELL) + 2 * py))
		repeat = 0;
	full = L->bottom - L->top - (repeat ? headh : 0);

	lay_space(L, U(4));
	/* the header and the first body row start together */
	if (L->y + headh + (nhead < t->nrows ? start_need(&T, nhead, full) : 0) >
	    L->bottom && !lay_at_top(L))
		lay_new_page(L);
	if (t->summary != NULL) {
		char *s = sp_printf("summary='%s'", t->summary);

		lay_tag(L, SP_OP_TAG_BEGIN, "Table",
		    sp_arena_strdup(L->dl->arena, s));
		free(s);
	} else
		lay_tag(L, SP_OP_TAG_BEGIN, "Table", NULL);
	draw_head(&T, nhead, 0);
	lay_tag(L, SP_OP_TAG_BEGIN, "TBody", NULL);
	fresh = L->y;
	for (i = nhead; i < t->nrows; i++) {
		const struct sp_row *row = &t->rows[i];

		r = row_at(&T, i);
		need = row_need(&T, i, full);
		if (need > full)
			need = full;	/* a chain taller than a page */
		/*
		 * A row a third of a page or taller splits between lines
		 * where the page ends (the keep rows above it counted on
		 * that); a shorter one moves whole. A fresh page always
		 * takes at least one line.
		 */
		if (L->y + r->h > L->bottom && r->h > full / 3) {
			if (L->y > fresh && L->bottom - L->y <
			    row_next_line(row, r, py))
				fresh = cont_page(&T, nhead, repeat);
			draw_row(L, row, r, room(L, row, r, py), 0);
			while (!row_done(row, r)) {
				fresh = cont_page(&T, nhead, repeat);
				draw_row(L, row, r, room(L, row, r, py), 0);
			}
		} else {
			/* the last row does not go alone under the header of
			 * a new page: the one before it goes with it */
			if (i == t->nrows - 2 && L->y > fresh && !(t->rows[i +
			    1].flags & SP_ROW_KEEP)) {
				struct rowbox *last = row_at(&T, i + 1);

				if (last->h <= full / 3 && L->y + r->h +
				    last->h > L->bottom && L->y + r->h <=
				    L->bottom)
					need = r->h + last->h;
			}
			if (L->y + need > L->bottom && L->y > fresh)
				fresh = cont_page(&T, nhead, repeat);
			draw_row(L, row, r, -1, 0);
		}
		free_row(row, r);
	}
	lay_tag(L, SP_OP_TAG_END, "TBody", NULL);
	lay_tag(L, SP_OP_TAG_END, "Table", NULL);
	tab_close(&T);
	L->y += U(6);
}
