/* layout_flow.c: a flow (alluvial) diagram: groups on the left, groups on
 * the right, and a ribbon for what went from each to each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"
#include "lay.h"

#define GAP	U(7)		/* between the bars of one side */
#define BARW	U(9)		/* a bar's width */
#define STEPS	24		/* straight pieces of a ribbon's edge */
#define MAXH	U(330)		/* the bars of one side, at the most */

/* Geometry of one side: where each bar starts and how tall it is. */
struct side {
	int		 n;
	double		*size;		/* items */
	int32_t		*top;		/* bar top, from the diagram top */
	int32_t		*h;		/* bar height */
	int32_t		*slot;		/* bar or label, whichever is taller */
	struct sp_tl_para *label;
	int32_t		 height;	/* of the whole side */
};

/* The label of a bar: its text, wrapped to the label column. */
static void
labels(struct lay *L, struct side *s, char **text, int32_t w, int align)
{
	int	i;

	s->label = sp_calloc(s->n + 1, sizeof(*s->label));
	for (i = 0; i < s->n; i++) {
		struct sp_rich r = { text[i], NULL, 0, SP_RICH_NOHYPH };

		sp_text_layout(L->tx, &r, SP_ROLE_SMALL, w, align,
		    &s->label[i]);
	}
}

/* Bars UNIT per item, stacked with GAP, each slot tall enough for its
 * label. */
static void
stack(struct side *s, double unit)
{
	int	i;
	int32_t	y = 0;

	s->top = sp_calloc(s->n + 1, sizeof(*s->top));
	s->h = sp_calloc(s->n + 1, sizeof(*s->h));
	s->slot = sp_calloc(s->n + 1, sizeof(*s->slot));
	for (i = 0; i < s->n; i++) {
		s->h[i] = (int32_t)(s->size[i] * unit);
		s->slot[i] = s->h[i] > s->label[i].height ? s->h[i] :
		    s->label[i].height;
		s->top[i] = y + (s->slot[i] - s->h[i]) / 2;
		y += s->slot[i] + GAP;
	}
	s->height = y > 0 ? y - GAP : 0;
}

static void
side_free(struct side *s)
{
	int	i;

	for (i = 0; i < s->n; i++)
		sp_tl_para_free(&s->label[i]);
	free(s->label);
	free(s->size);
	free(s->top);
	free(s->h);
	free(s->slot);
}

/* The two sides of F laid out; returns the diagram's height. */
static int32_t
measure(struct lay *L, const struct sp_flow *f, struct side *l,
    struct side *r, int32_t labw)
{
	double	 unit, most = 0, ls = 0, rs = 0;
	int	 i, j;

	memset(l, 0, sizeof(*l));
	memset(r, 0, sizeof(*r));
	l->n = f->nleft;
	r->n = f->nright;
	l->size = sp_calloc(l->n + 1, sizeof(double));
	r->size = sp_calloc(r->n + 1, sizeof(double));
	for (i = 0; i < f->nleft; i++)
		for (j = 0; j < f->nright; j++) {
			l->size[i] += f->from[i * f->nright + j];
			r->size[j] += f->to[i * f->nright + j];
		}
	for (i = 0; i < l->n; i++)
		ls += l->size[i];
	for (j = 0; j < r->n; j++)
		rs += r->size[j];
	most = ls > rs ? ls : rs;
	labels(L, l, f->left_label, labw, SP_ALIGN_RIGHT);
	labels(L, r, f->right_label, labw, SP_ALIGN_LEFT);
	/* an item is 4 points at the most; all of them fit MAXH */
	unit = most > 0 ? (double)(MAXH - GAP * (l->n > r->n ? l->n : r->n))
	    / most : 0;
	if (unit > U(4))
		unit = U(4);
	if (unit < U(0.5))
		unit = U(0.5);
	stack(l, unit);
	stack(r, unit);
	return (l->height > r->height ? l->height : r->height) + U(12);
}

/* C mixed with white: T parts in 100 of C. */
static uint32_t
tint(uint32_t c, int t)
{
	uint32_t	out = 0;
	int		k;

	for (k = 0; k < 24; k += 8) {
		int v = (int)((c >> k) & 0xFF);

		out |= (uint32_t)(255 - (255 - v) * t / 100) << k;
	}
	return out;
}

/* The ribbon from (X0, A0..A1) to (X1, B0..B1): an S-curve each edge. */
static void
ribbon(struct lay *L, int32_t x0, int32_t a0, int32_t a1, int32_t x1,
    int32_t b0, int32_t b1, uint32_t colour)
{
	struct sp_op	*op;
	int		 k, n = 2 * (STEPS + 1);

	if (L->measure)
		return;
	op = sp_dl_op(lay_cur(L), SP_OP_POLY);
	op->colour = colour;
	op->npts = n;
	op->pts = sp_arena_alloc(L->dl->arena, 2 * n * sizeof(*op->pts));
	for (k = 0; k <= STEPS; k++) {
		double	t = (double)k / STEPS, s = t * t * (3 - 2 * t);

		op->pts[2 * k] = x0 + (int32_t)((x1 - x0) * t);
		op->pts[2 * k + 1] = a0 + (int32_t)((b0 - a0) * s);
		op->pts[2 * (n - 1 - k)] = op->pts[2 * k];
		op->pts[2 * (n - 1 - k) + 1] = a1 + (int32_t)((b1 - a1) * s);
	}
}

int32_t
lay_flow_height(struct lay *L, const struct sp_block *b)
{
	struct side	l, r;
	int32_t		h = measure(L, b->flow, &l, &r,
			    (L->right - L->left) * 30 / 100);

	side_free(&l);
	side_free(&r);
	return h;
}

void
lay_place_flow(struct lay *L, const struct sp_block *b)
{
	const struct sp_flow *f = b->flow;
	int32_t		 labw = (L->right - L->left) * 30 / 100;
	int32_t		 xl = L->left + labw + U(6), xr = L->right - labw -
			    U(6) - BARW, top, *ya, *ah, *yz, *zh, h;
	struct side	 l, r;
	int		 i, j, k, n;
	char		*alt;

	h = measure(L, f, &l, &r, labw);
	lay_space(L, U(6));
	if (L->y + h > L->bottom && !lay_at_top(L))
		lay_new_page(L);
	alt = sp_printf("alt='%s'", f->alt);
	lay_tag(L, SP_OP_TAG_BEGIN, "Figure",
	    sp_arena_strdup(L->dl->arena, alt));
	free(alt);
	top = L->y + U(4);

	/* ribbons first, under the bars: each leaves its left bar and
	 * reaches its right bar in the order of the other side */
	n = f->nleft * f->nright;
	ya = sp_calloc(n + 1, sizeof(*ya));
	ah = sp_calloc(n + 1, sizeof(*ah));
	yz = sp_calloc(n + 1, sizeof(*yz));
	zh = sp_calloc(n + 1, sizeof(*zh));
	for (i = 0; i < l.n; i++) {
		int32_t y = top + l.top[i];

		for (j = 0; j < r.n; j++) {
			k = i * f->nright + j;
			ah[k] = l.size[i] > 0 ? (int32_t)((double)l.h[i] *
			    f->from[k] / l.size[i]) : 0;
			ya[k] = y;
			y += ah[k];
		}
	}
	for (j = 0; j < r.n; j++) {
		int32_t y = top + r.top[j];

		for (i = 0; i < l.n; i++) {
			k = i * f->nright + j;
			zh[k] = r.size[j] > 0 ? (int32_t)((double)r.h[j] *
			    f->to[k] / r.size[j]) : 0;
			yz[k] = y;
			y += zh[k];
		}
	}
	/* the grey ones (from or to the last groups, nothing) under the
	 * coloured ones */
	for (k = 0; k < 2 * n; k++) {
		int	 c = k % n, grey;

		i = c / f->nright;
		j = c % f->nright;
		grey = i == l.n - 1 || j == r.n - 1;
		if ((ah[c] <= 0 && zh[c] <= 0) || grey != (k < n))
			continue;
		ribbon(L, xl + BARW, ya[c], ya[c] + ah[c], xr, yz[c],
		    yz[c] + zh[c], tint(f->left_fill[i], 55));
	}
	free(ya);
	free(ah);
	free(yz);
	free(zh);

	/* the bars, and their labels beside them */
	for (i = 0; i < l.n; i++) {
		lay_fill(L, xl, top + l.top[i], BARW, l.h[i] > U(1) ? l.h[i] :
		    U(1), f->left_fill[i]);
		for (k = 0; k < l.label[i].nlines; k++)
			lay_emit_line(L, &l.label[i].lines[k], L->left,
			    top + l.top[i] + (l.h[i] - l.label[i].height) / 2 +
			    l.label[i].lines[k].top, SP_NOFILL);
	}
	for (j = 0; j < r.n; j++) {
		lay_fill(L, xr, top + r.top[j], BARW, r.h[j] > U(1) ? r.h[j] :
		    U(1), f->right_fill[j]);
		for (k = 0; k < r.label[j].nlines; k++)
			lay_emit_line(L, &r.label[j].lines[k],
			    xr + BARW + U(6),
			    top + r.top[j] + (r.h[j] - r.label[j].height) / 2 +
			    r.label[j].lines[k].top, SP_NOFILL);
	}
	L->y += h + U(6);
	lay_tag(L, SP_OP_TAG_END, "Figure", NULL);
	side_free(&l);
	side_free(&r);
}
