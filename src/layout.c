/* layout.c: blocks to pages: pagination, keeps, tables, charts, footers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"

#define U(pt)	((int32_t)((pt) * SP_UNITS))

struct lay {
	const struct sp_style	*st;
	const struct sp_doc	*doc;
	struct sp_dl		*dl;
	struct sp_text		*tx;
	int			 page;		/* current page index */
	int32_t			 y;		/* top of the free space */
	int32_t			 top, bottom, left, right;
	int32_t			 pw, ph;
	int			 total;		/* pages, once known */
	int			 finished;	/* pages before this are done */
	int			 measure;	/* first pass: count pages */
	sp_page_fn		 done;		/* called with each done page */
	void			*arg;
};

/* Pages stay open this long after the next begins: a list label or an
 * outline entry may still go back to where its block started. */
#define LAG	3

static void	footer(struct lay *, int);
static size_t	size(const struct sp_block *);

/* Documents bigger than this (blocks and rows) stream their pages. */
#define STREAM_BLOCKS	1500

/* Close page N: its footer, then hand it on (or drop it when counting). */
static void
finish(struct lay *L, int n)
{
	struct sp_page	*pg = &L->dl->pages[n];
	int		 keep = L->page;

	if (L->measure) {
		if (n == 0)
			footer(L, n);	/* its fonts join the table now */
		free(pg->ops);
		pg->ops = NULL;
		pg->nops = pg->cap = 0;
		return;
	}
	L->page = n;
	footer(L, n);
	L->page = keep;
	sp_dl_page_done(pg);
	if (L->done != NULL)
		L->done(L->arg, L->dl, n);
}

static struct sp_page *
cur(struct lay *L)
{
	return &L->dl->pages[L->page];
}

static void
new_page(struct lay *L)
{
	if (L->dl->npages > 0)
		sp_dl_page_done(&L->dl->pages[L->page]);
	sp_dl_page(L->dl, L->pw, L->ph);
	L->page = L->dl->npages - 1;
	L->y = L->top;
	if (L->total > 0 || L->measure)
		while (L->finished < L->page - LAG)
			finish(L, L->finished++);
}

static int
at_top(const struct lay *L)
{
	return L->y <= L->top;
}

static void
space(struct lay *L, int32_t h)
{
	if (!at_top(L))
		L->y += h;
}

static struct sp_op *
tag(struct lay *L, enum sp_op_type t, const char *name, const char *attrs)
{
	struct sp_op	*op = sp_dl_op(cur(L), t);

	op->name = name;
	op->attrs = attrs;
	return op;
}

static void
fill(struct lay *L, int32_t x, int32_t y, int32_t w, int32_t h, uint32_t c)
{
	struct sp_op	*op;

	if (c == SP_NOFILL || w <= 0 || h <= 0)
		return;
	op = sp_dl_op(cur(L), SP_OP_FILL);
	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->colour = c;
}

/* Put one laid-out line with its top at (x, y) on the current page. */
static void
emit_line(struct lay *L, const struct sp_tl_line *ln, int32_t x, int32_t y,
    uint32_t colour)
{
	int	i;

	for (i = 0; i < ln->nruns; i++) {
		const struct sp_tl_run *r = &ln->runs[i];
		struct sp_op *op = sp_dl_op(cur(L), SP_OP_GLYPHS);
		int32_t	 th = U(0.5);

		*op = r->op;
		op->x += x;
		op->y = y + ln->baseline;
		if (!L->measure)	/* glyph 0: a character no font has */
			for (int g = 0; g < op->nglyphs; g++)
				L->dl->missing += op->glyphs[g].id == 0;
		if (colour != SP_NOFILL)
			op->colour = colour;
		if (r->flags & SP_SPAN_U)
			fill(L, op->x, op->y + U(1.4), op->w, th, op->colour);
		if (r->flags & SP_SPAN_S)
			fill(L, op->x, op->y - ln->height / 4, op->w, th,
			    op->colour);
	}
}

/* --------------------------------------------------------- paragraphs */

/*
 * Place a paragraph in ROLE at x..x+w, breaking pages between lines with
 * widow and orphan control (two lines at least on either side).
 */
/*
 * How many lines of P from line I go on this page: all that fit, less
 * one or two so that neither page is left with a single line; 0 when
 * the paragraph should start on the next page.
 */
static int
lines_here(const struct lay *L, const struct sp_tl_para *p, int i)
{
	int32_t	room = L->bottom - L->y;
	int	k, n = p->nlines;

	for (k = 0; i + k < n && p->lines[i + k].top - p->lines[i].top +
	    p->lines[i + k].height <= room; k++)
		;
	if (k < n - i) {
		int rest = n - i - k;

		if (rest == 1 && k >= 3)
			k--;		/* no widow */
		else if (rest == 1 || k < 2)
			k = (n - i <= 3 || k < 2) ? 0 : k;
		if (k == 0 && at_top(L))
			k = room > 0 ? (int)(room / p->lines[i].height) : 1;
		if (k <= 0)
			k = at_top(L) ? 1 : 0;
	}
	return k > n - i ? n - i : k;
}

static void
place_lines(struct lay *L, struct sp_tl_para *pp, int32_t x, uint32_t colour,
    int *first_page, int32_t *first_y)
{
	struct sp_tl_para p = *pp;
	int		  i = 0, k, n;

	n = p.nlines;
	if (first_page != NULL) {
		*first_page = L->page;
		*first_y = L->y;
	}
	while (i < n) {
		k = lines_here(L, &p, i);
		if (k == 0) {
			new_page(L);
			continue;
		}
		if (first_page != NULL && i == 0) {
			*first_page = L->page;
			*first_y = L->y;
		}
		{
			int32_t y0 = L->y - p.lines[i].top;
			int	j;

			for (j = i; j < i + k; j++)
				emit_line(L, &p.lines[j], x,
				    y0 + p.lines[j].top, colour);
			L->y = y0 + p.lines[i + k - 1].top +
			    p.lines[i + k - 1].height;
		}
		i += k;
		if (i < n)
			new_page(L);
	}
}

static int32_t	table_start(struct lay *, const struct sp_block *);

/* A rough height for the start of a block, for keep-with-next. */
static int32_t
min_height(struct lay *L, const struct sp_block *b)
{
	if (b == NULL)
		return 0;
	switch (b->type) {
	case SP_B_PARA:
		return 2 * sp_text_pitch(L->tx, b->role) +
		    U(L->st->role[b->role].before);
	case SP_B_HEADING:
		/* a heading brings what it keeps with */
		return 2 * sp_text_pitch(L->tx, b->role) +
		    U(L->st->role[b->role].before) +
		    U(L->st->role[b->role].after) + min_height(L, b->next);
	case SP_B_LIST:
	case SP_B_QUOTE:
		return min_height(L, b->first);
	case SP_B_ITEM:
		return b->first != NULL ? min_height(L, b->first) :
		    2 * sp_text_pitch(L->tx, SP_ROLE_BODY);
	case SP_B_TABLE:
		return table_start(L, b);
	case SP_B_CHART:
		return U(60);
	default:
		return sp_text_pitch(L->tx, SP_ROLE_BODY);
	}
}

/* ------------------------------------------------------------- tables */

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
	fill(L, L->left, y - U(L->st->rule_width) / 2, L->right - L->left,
	    U(L->st->rule_width), L->st->rule_colour);
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
	int32_t	 used = 0, y0 = L->y;
	struct sp_op *op;
	int	 i, j;

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
	tag(L, SP_OP_TAG_BEGIN, "TR", NULL);
	for (i = 0; i < row->ncells; i++) {
		const struct sp_cell *c = &row->cells[i];
		struct cellbox *cb = &rb->c[i];
		int32_t base;

		fill(L, cb->x, y0, cb->w, used, c->fill);
		/* the cell's box travels with its tag, for checks */
		op = tag(L, SP_OP_TAG_BEGIN, head ? "TH" : "TD", NULL);
		op->x = cb->x;
		op->y = y0;
		op->w = cb->w;
		op->h = used;
		base = cb->done < cb->p.nlines ? cb->p.lines[cb->done].top : 0;
		for (j = cb->done; j < cb->p.nlines; j++) {
			const struct sp_tl_line *ln = &cb->p.lines[j];

			if (ln->top - base + ln->height + 2 * py > used)
				break;
			emit_line(L, ln, cb->x + px, y0 + py + ln->top - base,
			    c->colour ? c->colour : SP_NOFILL);
		}
		cb->done = j;
		tag(L, SP_OP_TAG_END, head ? "TH" : "TD", NULL);
	}
	tag(L, SP_OP_TAG_END, "TR", NULL);
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
 * also needs the start of the row after it.
 */
static int32_t
row_need(struct tab *T, int i, int32_t full)
{
	const struct sp_table *t = T->t;
	int32_t	 py = U(T->L->st->cell_pad_y);
	int32_t	 need = 0;
	int	 k;

	for (k = i; k < t->nrows; k++) {
		struct rowbox *r = row_at(T, k);

		/* a row that may split (a third of a page or more) needs
		 * only its first line here; see place_table */
		need += r->h > full / 3 && k > i ?
		    row_first_line(&t->rows[k], r, py) :
		    r->h > full ? row_first_line(&t->rows[k], r, py) : r->h;
		if (!(t->rows[k].flags & SP_ROW_KEEP))
			break;
	}
	return need;
}

static void
draw_head(struct tab *T, int nhead)
{
	int	j;

	for (j = 0; j < nhead; j++) {
		draw_row(T->L, &T->t->rows[j], &T->rb[j], -1, 1);
		reset_row(&T->t->rows[j], &T->rb[j]);
	}
}

/* Column edges from the widths (points, or shares of what is left). */
static void
tab_open(struct lay *L, const struct sp_table *t, struct tab *T)
{
	int32_t	 total = L->right - L->left, fixed = 0;
	double	 rel = 0;
	int	 i;

	T->L = L;
	T->t = t;
	T->colx = sp_calloc(t->ncols + 1, sizeof(*T->colx));
	T->rb = sp_calloc(t->nrows + 1, sizeof(*T->rb));
	for (i = 0; i < t->ncols; i++) {
		if (t->width[i] > 0)
			fixed += U(t->width[i]);
		else
			rel += t->width[i] < 0 ? -t->width[i] : 1;
	}
	/* fixed widths wider than the page share it in proportion */
	if (fixed > total) {
		for (i = 0, rel = 0; i < t->ncols; i++)
			rel += t->width[i] > 0 ? t->width[i] :
			    t->width[i] < 0 ? -t->width[i] : 1;
		fixed = 0;
	}
	T->colx[0] = L->left;
	for (i = 0; i < t->ncols; i++) {
		double share = t->width[i] < 0 ? -t->width[i] :
		    t->width[i] == 0 ? 1 : 0;

		if (fixed == 0 && t->width[i] > 0)
			share = t->width[i];
		T->colx[i + 1] = T->colx[i] + (share == 0 ? U(t->width[i]) :
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
	new_page(T->L);
	if (repeat)
		draw_head(T, nhead);
	return T->L->y;
}

/* The height a table needs to start: its header and first body row. */
static int32_t
table_start(struct lay *L, const struct sp_block *b)
{
	struct tab	 T;
	int32_t		 headh, need = U(4);
	int		 nhead;

	tab_open(L, b->table, &T);
	nhead = tab_head(&T, &headh);
	need += headh;
	if (nhead < b->table->nrows)
		need += row_need(&T, nhead, L->bottom - L->top - headh);
	tab_close(&T);
	return need;
}

static void
place_table(struct lay *L, const struct sp_block *b)
{
	const struct sp_table *t = b->table;
	struct tab	 T;
	struct rowbox	*r;
	int32_t		 headh, full, need, py = U(L->st->cell_pad_y), fresh;
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

	space(L, U(4));
	/* the header and the first body row start together */
	if (L->y + headh + (nhead < t->nrows ? row_need(&T, nhead, full) : 0) >
	    L->bottom && !at_top(L))
		new_page(L);
	if (t->summary != NULL) {
		char *s = sp_printf("summary='%s'", t->summary);

		tag(L, SP_OP_TAG_BEGIN, "Table", sp_arena_strdup(L->dl->arena,
		    s));
		free(s);
	} else
		tag(L, SP_OP_TAG_BEGIN, "Table", NULL);
	draw_head(&T, nhead);
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
			if (L->y + need > L->bottom && L->y > fresh)
				fresh = cont_page(&T, nhead, repeat);
			draw_row(L, row, r, -1, 0);
		}
		free_row(row, r);
	}
	tag(L, SP_OP_TAG_END, "Table", NULL);
	tab_close(&T);
	L->y += U(6);
}

/* -------------------------------------------------------------- chart */

static void
place_chart(struct lay *L, const struct sp_block *b)
{
	const struct sp_chart *c = b->chart;
	int32_t	 labw = (L->right - L->left) * 36 / 100;
	int32_t	 barx = L->left + labw, barw = L->right - barx;
	int32_t	 barh = U(13), gap = U(6), lh, height;
	int	 i, s, max = 1;
	char	*alt;

	for (i = 0; i < c->nbars; i++) {
		int sum = 0;

		for (s = 0; s < c->nseg; s++)
			sum += c->value[i * c->nseg + s];
		if (sum > max)
			max = sum;
	}
	lh = sp_text_pitch(L->tx, SP_ROLE_SMALL);
	height = c->nbars * (2 * lh + gap) + 2 * lh + U(8);
	space(L, U(6));
	if (L->y + height > L->bottom && !at_top(L))
		new_page(L);
	alt = sp_printf("alt='%s'", c->alt);
	tag(L, SP_OP_TAG_BEGIN, "Figure", sp_arena_strdup(L->dl->arena, alt));
	free(alt);
	for (i = 0; i < c->nbars; i++) {
		struct sp_rich r = { c->bar_label[i], NULL, 0 };
		struct sp_tl_para p;
		int32_t x = barx, y, rowh;
		int	 k;

		/* the label may wrap; the bar centres on it */
		sp_text_layout(L->tx, &r, SP_ROLE_SMALL, labw - U(8),
		    SP_ALIGN_LEFT, &p);
		rowh = p.height > barh ? p.height : barh;
		if (L->y + rowh > L->bottom)
			new_page(L);
		for (k = 0; k < p.nlines; k++)
			emit_line(L, &p.lines[k], L->left, L->y +
			    (rowh - p.height) / 2 + p.lines[k].top, SP_NOFILL);
		sp_tl_para_free(&p);
		y = L->y + (rowh - barh) / 2;
		for (s = 0; s < c->nseg; s++) {
			int	 v = c->value[i * c->nseg + s];
			int32_t	 w = (int32_t)((int64_t)barw * v / max);
			char	 num[16];

			if (v == 0)
				continue;
			fill(L, x, y, w, barh, c->seg_fill[s]);
			if (c->seg_fill[s] == 0xFFFFFF) {	/* outline */
				int32_t t = U(0.5);

				fill(L, x, y, w, t, 0x8A949C);
				fill(L, x, y + barh - t, w, t, 0x8A949C);
				fill(L, x, y, t, barh, 0x8A949C);
				fill(L, x + w - t, y, t, barh, 0x8A949C);
			}
			snprintf(num, sizeof(num), "%d", v);
			r.text = num;
			sp_text_layout(L->tx, &r, SP_ROLE_SMALL, w,
			    SP_ALIGN_CENTER, &p);
			if (p.nlines == 1 && p.lines[0].width + U(2) < w)
				emit_line(L, &p.lines[0], x,
				    y + (barh - p.lines[0].height) / 2,
				    c->seg_text[s]);
			sp_tl_para_free(&p);
			x += w;
		}
		L->y += rowh + gap;
	}
	/* legend */
	if (L->y + lh > L->bottom)
		new_page(L);
	{
		int32_t x = barx;

		for (s = 0; s < c->nseg; s++) {
			struct sp_rich r = { c->seg_label[s], NULL, 0 };
			struct sp_tl_para p;

			fill(L, x, L->y + lh / 2 - U(4), U(8), U(8),
			    c->seg_fill[s] == 0xFFFFFF ? 0xE4E7EA :
			    c->seg_fill[s]);
			sp_text_layout(L->tx, &r, SP_ROLE_SMALL, U(140),
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0)
				emit_line(L, &p.lines[0], x + U(11), L->y,
				    SP_NOFILL);
			x += U(11) + (p.nlines ? p.lines[0].width : 0) + U(12);
			sp_tl_para_free(&p);
		}
		L->y += lh + U(6);
	}
	tag(L, SP_OP_TAG_END, "Figure", NULL);
}

/* ------------------------------------------------------------- blocks */

static void	place_block(struct lay *, const struct sp_block *, int32_t,
		    int32_t);
static void	place_blocks(struct lay *, const struct sp_block *, int32_t,
		    int32_t);

static const char *const htags[] = { "H1", "H1", "H2", "H3", "H4", "H5" };

static void
place_heading(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	const struct sp_textstyle *ts = &L->st->role[b->role];
	struct sp_op	*op;
	struct sp_tl_para p;

	/* the whole heading and the start of what follows share a page */
	sp_text_layout(L->tx, &b->text, b->role, w, SP_ALIGN_LEFT, &p);
	space(L, U(ts->before));
	if (L->y + p.height + U(ts->after) + min_height(L, b->next) >
	    L->bottom && !at_top(L))
		new_page(L);
	if (p.nlines > 0 && lines_here(L, &p, 0) == 0)
		new_page(L);
	/* the outline entry goes where the heading starts, now, while
	 * that page is still open */
	op = sp_dl_op(cur(L), SP_OP_OUTLINE);
	op->name = sp_arena_strdup(L->dl->arena, b->text.text);
	op->level = (uint8_t)b->level;
	op->y = L->y;
	tag(L, SP_OP_TAG_BEGIN, htags[b->level < 5 ? b->level : 5], NULL);
	place_lines(L, &p, x, SP_NOFILL, NULL, NULL);
	sp_tl_para_free(&p);
	tag(L, SP_OP_TAG_END, htags[b->level < 5 ? b->level : 5], NULL);
	L->y += U(ts->after);
}

static void
place_item(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	int32_t		 ind = U(L->st->indent_list);
	const struct sp_block *c;
	int		 first = 1;

	tag(L, SP_OP_TAG_BEGIN, "LI", NULL);
	for (c = b->first; c != NULL; c = c->next) {
		if (first && c->type == SP_B_PARA) {
			struct sp_rich lab = { b->label, NULL, 0 };
			struct sp_tl_para p, lp;

			/* the label goes beside the first line: find where
			 * that will be before placing either */
			space(L, U(L->st->role[c->role].before));
			sp_text_layout(L->tx, &c->text, c->role, w - ind,
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0 && lines_here(L, &p, 0) == 0)
				new_page(L);
			sp_text_layout(L->tx, &lab, c->role, ind, SP_ALIGN_LEFT,
			    &lp);
			tag(L, SP_OP_TAG_BEGIN, "Lbl", NULL);
			if (lp.nlines > 0) {
				/* an item with no text of its own still shows
				 * its label, on a line of its own */
				if (p.nlines == 0 && L->y + lp.lines[0].height >
				    L->bottom)
					new_page(L);
				emit_line(L, &lp.lines[0], x, L->y, SP_NOFILL);
				if (p.nlines == 0)
					L->y += lp.lines[0].height;
			}
			tag(L, SP_OP_TAG_END, "Lbl", NULL);
			sp_tl_para_free(&lp);
			tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
			place_lines(L, &p, x + ind, SP_NOFILL, NULL, NULL);
			tag(L, SP_OP_TAG_END, "LBody", NULL);
			sp_tl_para_free(&p);
			L->y += U(L->st->role[c->role].after) / 2;
		} else
			place_block(L, c, x + ind, w - ind);
		first = 0;
	}
	tag(L, SP_OP_TAG_END, "LI", NULL);
}

static void
place_missing(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	struct sp_tl_para p;
	int32_t		 pad = U(6);
	int		 i;

	sp_text_layout(L->tx, &b->text, SP_ROLE_SMALL, w - 2 * pad,
	    SP_ALIGN_LEFT, &p);
	space(L, U(3));
	if (L->y + p.height + 2 * pad > L->bottom && !at_top(L))
		new_page(L);
	fill(L, x, L->y, w, p.height + 2 * pad, 0xF1F2F3);
	fill(L, x, L->y, U(2), p.height + 2 * pad, 0x8A949C);
	tag(L, SP_OP_TAG_BEGIN, "P", NULL);
	for (i = 0; i < p.nlines; i++)
		emit_line(L, &p.lines[i], x + pad, L->y + pad + p.lines[i].top,
		    SP_NOFILL);
	tag(L, SP_OP_TAG_END, "P", NULL);
	L->y += p.height + 2 * pad + U(8);
	sp_tl_para_free(&p);
}

static void
place_block(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	const struct sp_textstyle *ts = &L->st->role[b->role];
	const struct sp_block *c;

	switch (b->type) {
	case SP_B_HEADING:
		place_heading(L, b, x, w);
		break;
	case SP_B_PARA:
		space(L, U(ts->before));
		if (b->keep && L->y + min_height(L, b) +
		    min_height(L, b->next) > L->bottom && !at_top(L))
			new_page(L);
		{
			struct sp_tl_para p;

			/* the tag opens on the page the first line goes to */
			sp_text_layout(L->tx, &b->text, b->role, w,
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0 && lines_here(L, &p, 0) == 0)
				new_page(L);
			tag(L, SP_OP_TAG_BEGIN, "P", NULL);
			place_lines(L, &p, x, SP_NOFILL, NULL, NULL);
			tag(L, SP_OP_TAG_END, "P", NULL);
			sp_tl_para_free(&p);
		}
		L->y += U(ts->after);
		break;
	case SP_B_LIST:
		tag(L, SP_OP_TAG_BEGIN, "L", NULL);
		for (c = b->first; c != NULL; c = c->next)
			place_item(L, c, x, w);
		tag(L, SP_OP_TAG_END, "L", NULL);
		L->y += U(3);
		break;
	case SP_B_ITEM:
		place_item(L, b, x, w);
		break;
	case SP_B_QUOTE:
		tag(L, SP_OP_TAG_BEGIN, "BlockQuote", NULL);
		space(L, U(2));
		place_blocks(L, b->first, x + U(L->st->indent_quote),
		    w - 2 * U(L->st->indent_quote));
		tag(L, SP_OP_TAG_END, "BlockQuote", NULL);
		break;
	case SP_B_TABLE:
		place_table(L, b);
		break;
	case SP_B_CHART:
		place_chart(L, b);
		break;
	case SP_B_MISSING:
		place_missing(L, b, x, w);
		break;
	case SP_B_SPACE:
		space(L, U(b->height));
		break;
	case SP_B_RULE:
		if (L->y + U(2) > L->bottom)
			new_page(L);
		fill(L, x, L->y, w, U(b->height > 0 ? b->height : 0.8),
		    L->st->accent);
		L->y += U(6);
		break;
	}
}

/* B and the blocks after it. */
static void
place_blocks(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	for (; b != NULL; b = b->next)
		place_block(L, b, x, w);
}

/* The footer of page I: running text left, "Side X av Y" right. */
static void
footer(struct lay *L, int i)
{
	struct sp_tl_para p;
	struct sp_rich	  r = { NULL, NULL, 0 };
	int32_t		  y = L->ph - U(L->st->margin_bottom) + U(10);
	char		 *s;

	fill(L, L->left, y - U(4), L->right - L->left, U(0.4),
	    L->st->rule_colour);
	tag(L, SP_OP_TAG_BEGIN, "Artifact", NULL);
	if (L->doc->running != NULL) {
		r.text = L->doc->running;
		sp_text_layout(L->tx, &r, SP_ROLE_FOOTER,
		    (L->right - L->left) * 3 / 4, SP_ALIGN_LEFT, &p);
		if (p.nlines > 0)
			emit_line(L, &p.lines[0], L->left, y, SP_NOFILL);
		sp_tl_para_free(&p);
	}
	s = sp_printf(L->st->l_page ? L->st->l_page : "%d / %d", i + 1,
	    L->total);
	r.text = s;
	sp_text_layout(L->tx, &r, SP_ROLE_FOOTER, L->right - L->left,
	    SP_ALIGN_RIGHT, &p);
	if (p.nlines > 0)
		emit_line(L, &p.lines[0], L->left, y, SP_NOFILL);
	sp_tl_para_free(&p);
	tag(L, SP_OP_TAG_END, "Artifact", NULL);
	free(s);
}

/* One pass over the document; returns the number of pages. */
static int
pass(struct lay *L)
{
	const struct sp_block *b;

	L->finished = 0;
	new_page(L);
	tag(L, SP_OP_TAG_BEGIN, "Document", NULL);
	for (b = L->doc->first; b != NULL; b = b->next)
		place_block(L, b, L->left, L->right - L->left);
	tag(L, SP_OP_TAG_END, "Document", NULL);
	if (L->total == 0 && !L->measure)
		L->total = L->dl->npages;	/* one pass: known now */
	while (L->finished < L->dl->npages)
		finish(L, L->finished++);
	return L->dl->npages;
}

struct sp_dl *
sp_layout(const struct sp_doc *doc, const struct sp_style *st,
    const char *fontsdir, struct sp_hyph *hy, sp_page_fn done, void *arg)
{
	struct lay	 L;
	int		 i;

	memset(&L, 0, sizeof(L));
	L.st = st;
	L.doc = doc;
	L.done = done;
	L.arg = arg;
	L.dl = sp_dl_new();
	L.dl->title = sp_strdup(doc->title ? doc->title : "");
	L.dl->author = sp_strdup(doc->author ? doc->author : "");
	L.dl->subject = sp_strdup(doc->subject ? doc->subject : "");
	L.dl->keywords = sp_strdup(doc->keywords ? doc->keywords : "");
	L.dl->lang = sp_strdup(st->lang ? st->lang : "nn-NO");
	L.dl->date = doc->date != NULL ? sp_strdup(doc->date) : NULL;
	if ((L.tx = sp_text_new(st, L.dl, fontsdir,
	    st->hyphenate ? hy : NULL)) == NULL) {
		sp_dl_free(L.dl);
		return NULL;
	}
	L.pw = U(st->page_w);
	L.ph = U(st->page_h);
	L.top = U(st->margin_top);
	L.bottom = L.ph - U(st->margin_bottom);
	L.left = U(st->margin_left);
	L.right = L.pw - U(st->margin_right);
	if (done != NULL && size(doc->first) > STREAM_BLOCKS) {
		/*
		 * Streaming a big document: a first pass counts the pages
		 * without keeping glyphs, so the second can hand each page,
		 * footer and all, to the painter as soon as it is done.
		 * A small one is laid out once and handed over at the end.
		 */
		L.measure = 1;
		sp_text_measure(L.tx, 1);
		L.total = pass(&L);
		for (i = 0; i < L.dl->npages; i++)
			free(L.dl->pages[i].ops);
		L.dl->npages = 0;
		/* the second pass makes the same pages: the array and the
		 * font table stay put while a painter reads them */
		sp_dl_reserve(L.dl, L.total + 1);
		L.measure = 0;
		sp_text_measure(L.tx, 0);
	}
	pass(&L);
	sp_text_free(L.tx);
	return L.dl;
}

/* Blocks, list items and table rows in a block list. */
static size_t
size(const struct sp_block *b)
{
	size_t	n = 0;

	for (; b != NULL; b = b->next) {
		n++;
		if (b->table != NULL)
			n += (size_t)b->table->nrows;
		n += size(b->first);
	}
	return n;
}
