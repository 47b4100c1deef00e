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

/*
 * The column widths of T: the table's, with a column widened to hold
 * the widest word of its header cells and of the cells that are not to
 * be hyphenated (names, dates, status words); a column of a share that
 * would be narrower gets that width. Kept for the last table asked
 * about: a table is asked about more than once.
 */
static const double *
col_widths(struct lay *L, const struct sp_table *t)
{
	double	 px = L->st->cell_pad_x, *w, *min;
	double	 total = (double)(L->right - L->left) / SP_UNITS;
	int	 i, j, col, changed;

	if (L->wtab == t)
		return L->wcol;
	free(L->wcol);
	L->wtab = t;
	w = L->wcol = sp_calloc(t->ncols + 1, sizeof(*L->wcol));
	min = sp_calloc(t->ncols + 1, sizeof(*min));
	memcpy(w, t->width, t->ncols * sizeof(*w));
	for (i = 0; i < t->nrows; i++)
		for (j = 0, col = 0; j < t->rows[i].ncells && col < t->ncols;
		    col += t->rows[i].cells[j++].span) {
			const struct sp_cell *c = &t->rows[i].cells[j];
			double	 m;

			if (c->span != 1 || (c->role != SP_ROLE_CELLHEAD &&
			    c->role != SP_ROLE_TABLEHEAD &&
			    !(c->text.flags & SP_RICH_NOHYPH)))
				continue;
			m = (double)sp_text_widest(L->tx, &c->text, c->role) /
			    SP_UNITS + 2 * px + 0.5;
			/* one long word (a URL, a 60-letter name) widens its
			 * column only so far: past a third of the measure it
			 * is broken in its cell rather than leave the other
			 * columns a few letters wide */
			if (m > total / 3)
				m = total / 3;
			if (m > min[col])
				min[col] = m;
		}
	for (i = 0; i < t->ncols; i++)
		if (w[i] > 0 && min[i] > w[i])
			w[i] = min[i];
	/* a share narrower than its widest word becomes that width, and
	 * the others share what is left */
	do {
		double	 fixed = 0, rel = 0;

		changed = 0;
		for (i = 0; i < t->ncols; i++) {
			if (w[i] > 0)
				fixed += w[i];
			else
				rel += w[i] < 0 ? -w[i] : 1;
		}
		if (rel == 0 || fixed >= total)
			break;
		for (i = 0; i < t->ncols; i++)
			if (w[i] <= 0 && min[i] > 0 && (total - fixed) *
			    (w[i] < 0 ? -w[i] : 1) / rel < min[i]) {
				w[i] = min[i];
				changed = 1;
				break;
			}
	} while (changed);
	free(min);
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
