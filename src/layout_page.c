/* layout_page.c: the page being filled: new pages, footers, glyph
 * lines, fills, structure tags, and paragraphs broken across pages. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"
#include "lay.h"

/* Close page N: its footer, then hand it on (or drop it when counting). */
void
lay_finish(struct lay *L, int n)
{
	struct sp_page	*pg = &L->dl->pages[n];
	int		 keep = L->page;

	if (L->measure) {
		if (n == 0)
			lay_footer(L, n);	/* its fonts join the table */
		sp_dl_page_clear(pg);
		return;
	}
	L->page = n;
	lay_footer(L, n);
	L->page = keep;
	sp_dl_page_done(pg);
	if (L->done != NULL)
		L->done(L->arg, L->dl, n);
}

struct sp_page *
lay_cur(struct lay *L)
{
	return &L->dl->pages[L->page];
}

void
lay_new_page(struct lay *L)
{
	if (L->dl->npages > 0)
		sp_dl_page_done(&L->dl->pages[L->page]);
	sp_dl_page(L->dl, L->pw, L->ph);
	L->page = L->dl->npages - 1;
	L->y = L->top;
	if (L->total > 0 || L->measure || L->late != NULL)
		while (L->finished < L->page - LAG)
			lay_finish(L, L->finished++);
}

int
lay_at_top(const struct lay *L)
{
	return L->y <= L->top;
}

void
lay_space(struct lay *L, int32_t h)
{
	if (!lay_at_top(L))
		L->y += h;
}

struct sp_op *
lay_tag(struct lay *L, enum sp_op_type t, const char *name, const char *attrs)
{
	struct sp_op	*op = sp_dl_op(lay_cur(L), t);

	op->name = name;
	op->attrs = attrs;
	return op;
}

void
lay_fill(struct lay *L, int32_t x, int32_t y, int32_t w, int32_t h, uint32_t c)
{
	struct sp_op	*op;

	if (c == SP_NOFILL || w <= 0 || h <= 0)
		return;
	op = sp_dl_op(lay_cur(L), SP_OP_FILL);
	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->colour = c;
}

/*
 * A deleted or inserted run of a diff is a Span of its own whose actual
 * text says so ("sletta: innovasjon"), for those who hear the page. The
 * tag goes before the glyph op that OP was made for; returns the op to
 * fill in its place.
 */
static struct sp_op *
diff_span(struct lay *L, const struct sp_tl_run *r, struct sp_op *op)
{
	const char	*what = r->flags & SP_SPAN_DEL ? L->st->l_diff_deleted :
			    L->st->l_diff_inserted;
	char		*a;

	if (r->op.ntext == 0)
		return op;
	a = sp_printf("actual='%s: %.*s'", what, (int)r->op.ntext, r->op.text);
	/* the glyph op just made becomes the tag; the run follows it */
	op->type = SP_OP_TAG_BEGIN;
	op->name = "Span";
	op->attrs = sp_arena_strdup(L->dl->arena, a);
	free(a);
	return sp_dl_op(lay_cur(L), SP_OP_GLYPHS);
}

/* A link's box: its part of the line (at X, Y), the line's height H. */
static void
link_box(struct lay *L, const struct sp_tl_link *k, int32_t x, int32_t y,
    int32_t h)
{
	int		 in = k->href[0] == '#';
	struct sp_op	*op = sp_dl_op(lay_cur(L), in ? SP_OP_LINK :
			    SP_OP_URI);

	op->x = x + k->x;
	op->y = y;
	op->w = k->w;
	op->h = h;
	op->name = sp_arena_strdup(L->dl->arena, k->href + in);
}

/* Put one laid-out line with its top at (x, y) on the current page. */
void
lay_emit_line(struct lay *L, const struct sp_tl_line *ln, int32_t x, int32_t y,
    uint32_t colour)
{
	int	i, k, cur = -1;
	char	*done = ln->nlinks > 0 ? sp_calloc(ln->nlinks, 1) : NULL;

	for (i = 0; i < ln->nruns; i++) {
		const struct sp_tl_run *r = &ln->runs[i];
		struct sp_op *op;
		int32_t	 th = U(0.5);

		/* a link's runs (the runs of a line break where links
		 * begin and end) go in a Link element, with its box */
		for (k = 0; k < ln->nlinks; k++)
			if (r->op.x >= ln->links[k].x - U(0.5) && r->op.x +
			    r->op.w <= ln->links[k].x + ln->links[k].w + U(0.5))
				break;
		if (k == ln->nlinks)
			k = -1;
		if (k != cur) {
			if (cur >= 0) {
				link_box(L, &ln->links[cur], x, y, ln->height);
				done[cur] = 1;
				lay_tag(L, SP_OP_TAG_END, "Link", NULL);
			}
			if (k >= 0)
				lay_tag(L, SP_OP_TAG_BEGIN, "Link", NULL);
			cur = k;
		}
		op = sp_dl_op(lay_cur(L), SP_OP_GLYPHS);
		if (r->flags & (SP_SPAN_DEL | SP_SPAN_INS))
			op = diff_span(L, r, op);
		*op = r->op;
		/* the glyphs go with the page, the line may go sooner */
		sp_dl_keep(lay_cur(L), op);
		op->x += x;
		op->y = y + ln->baseline;
		if (!L->measure)	/* glyph 0: a character no font has */
			for (int g = 0; g < op->nglyphs; g++)
				L->dl->missing += op->glyphs[g].id == 0;
		if (colour != SP_NOFILL)
			op->colour = colour;
		if (r->flags & SP_SPAN_DEL)
			op->colour = L->st->diff_del;
		if (r->flags & SP_SPAN_INS) {
			op->colour = L->st->diff_ins;
			th = U(0.8);	/* heavier than a plain underline */
		}
		if (r->flags & SP_SPAN_U)
			lay_fill(L, op->x, op->y + U(1.4), op->w, th,
			    op->colour);
		if (r->flags & SP_SPAN_S)
			lay_fill(L, op->x, op->y - ln->height / 4, op->w, th,
			    op->colour);
		if ((r->flags & (SP_SPAN_DEL | SP_SPAN_INS)) && r->op.ntext > 0)
			lay_tag(L, SP_OP_TAG_END, "Span", NULL);
	}
	if (cur >= 0) {
		link_box(L, &ln->links[cur], x, y, ln->height);
		done[cur] = 1;
		lay_tag(L, SP_OP_TAG_END, "Link", NULL);
	}
	for (i = 0; i < ln->nlinks; i++)
		if (!done[i])
			link_box(L, &ln->links[i], x, y, ln->height);
	free(done);
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
int
lay_lines_here(const struct lay *L, const struct sp_tl_para *p, int i)
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
		if (k == 0 && lay_at_top(L))
			k = room > 0 ? (int)(room / p->lines[i].height) : 1;
		if (k <= 0)
			k = lay_at_top(L) ? 1 : 0;
	}
	return k > n - i ? n - i : k;
}

void
lay_place_lines(struct lay *L, struct sp_tl_para *pp, int32_t x,
    uint32_t colour, int *first_page, int32_t *first_y)
{
	struct sp_tl_para p = *pp;
	int		  i = 0, k, n;

	n = p.nlines;
	if (first_page != NULL) {
		*first_page = L->page;
		*first_y = L->y;
	}
	while (i < n) {
		k = lay_lines_here(L, &p, i);
		if (k == 0) {
			lay_new_page(L);
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
				lay_emit_line(L, &p.lines[j], x,
				    y0 + p.lines[j].top, colour);
			L->y = y0 + p.lines[i + k - 1].top +
			    p.lines[i + k - 1].height;
		}
		i += k;
		if (i < n)
			lay_new_page(L);
	}
}

/* The most of the running footer text laid out (bytes): a line of it. */
#define RUNNING_MAX	1024

/* Where the footer's baseline is. */
#define FOOTER_Y(L)	((L)->ph - U((L)->st->margin_bottom) + U(10))

/* "Side X av Y" of page I, right aligned, on the current page. */
static void
folio(struct lay *L, int i)
{
	struct sp_tl_para p;
	struct sp_rich	  r = { NULL, NULL, 0, 0 };
	struct sp_page	 *pg;
	char		 *s;

	s = sp_printf(L->st->l_page ? L->st->l_page : "%d / %d", i + 1,
	    L->total);
	r.text = s;
	sp_text_layout(L->tx, &r, SP_ROLE_FOOTER, L->right - L->left,
	    SP_ALIGN_RIGHT, &p);
	pg = lay_cur(L);
	pg->folio = pg->nops;	/* a bundle numbers on beside it */
	if (p.nlines > 0)
		lay_emit_line(L, &p.lines[0], L->left, FOOTER_Y(L), SP_NOFILL);
	pg->efolio = pg->nops;
	sp_tl_para_free(&p);
	free(s);
}

/* Does T, laid out W wide in the footer's role, take at most one line? */
static int
one_line(struct lay *L, const char *t, int32_t w)
{
	struct sp_tl_para p;
	struct sp_rich	  r = { NULL, NULL, 0, 0 };
	int		  one;

	r.text = (char *)t;
	sp_text_layout(L->tx, &r, SP_ROLE_FOOTER, w, SP_ALIGN_LEFT, &p);
	one = p.nlines <= 1;
	sp_tl_para_free(&p);
	return one;
}

/*
 * The running text T as the footer shows it, W wide: whole if it takes
 * one line, else its first K words and " …" for the most K that fit (a
 * title cut at the line's end read as whole: "… av handlingsprogrammet
 * for"); T itself if not even one word fits. The caller frees. The
 * layouts repeat on every page and are found in the paragraph cache.
 */
static char *
running_line(struct lay *L, const char *t, int32_t w)
{
	size_t	*sp, nsp = 0, n = strlen(t), i, lo, hi, mid, e;
	char	*s, *best = NULL;

	if (one_line(L, t, w))
		return sp_strdup(t);
	sp = sp_calloc(n + 1, sizeof(*sp));
	for (i = 1; i < n; i++)
		if (t[i] == ' ' && t[i - 1] != ' ')
			sp[nsp++] = i;
	lo = 0;				/* words known to fit, with " …" */
	hi = nsp;
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		/* no dash, comma or colon before the ellipsis */
		for (e = sp[mid - 1]; e > 0 && (t[e - 1] == ' ' ||
		    t[e - 1] == ',' || t[e - 1] == ':' || t[e - 1] == ';' ||
		    (e >= 3 && memcmp(t + e - 3, "\xE2\x80\x93", 3) == 0)); )
			e -= t[e - 1] == ' ' || t[e - 1] == ',' ||
			    t[e - 1] == ':' || t[e - 1] == ';' ? 1 : 3;
		s = sp_printf("%.*s\xC2\xA0\xE2\x80\xA6", (int)e, t);
		if (e > 0 && one_line(L, s, w)) {
			free(best);
			best = s;
			lo = mid;
		} else {
			free(s);
			hi = mid - 1;
		}
	}
	free(sp);
	return best != NULL ? best : sp_strdup(t);
}

/* The footer of page I: running text left, "Side X av Y" right. */
void
lay_footer(struct lay *L, int i)
{
	struct sp_tl_para p;
	struct sp_rich	  r = { NULL, NULL, 0, 0 };
	int32_t		  y = FOOTER_Y(L);

	/* no rule above the footer: under a table's bottom rule, 4 pt
	 * apart, the two read as a double rule */
	lay_tag(L, SP_OP_TAG_BEGIN, "Artifact", NULL);
	if (L->doc->running != NULL) {
		/* Only its first line shows: set no more than a line can
		 * hold, or a title of 200 000 letters is set again on every
		 * one of its pages (quadratic: 5.7 s). */
		size_t	n = strlen(L->doc->running);
		char	*cut = NULL, *line;

		if (n > RUNNING_MAX) {
			n = RUNNING_MAX;
			while (n > 0 && ((unsigned char)L->doc->running[n] &
			    0xC0) == 0x80)
				n--;
			cut = sp_strndup(L->doc->running, n);
		}
		line = running_line(L, cut != NULL ? cut : L->doc->running,
		    (L->right - L->left) * 3 / 4);
		r.text = line;
		sp_text_layout(L->tx, &r, SP_ROLE_FOOTER,
		    (L->right - L->left) * 3 / 4, SP_ALIGN_LEFT, &p);
		if (p.nlines > 0)
			lay_emit_line(L, &p.lines[0], L->left, y, SP_NOFILL);
		sp_tl_para_free(&p);
		free(line);
		free(cut);
	}
	if (L->total > 0 || L->late == NULL)
		folio(L, i);
	else
		lay_cur(L)->late = 1;	/* the number comes with lay_late */
	lay_tag(L, SP_OP_TAG_END, "Artifact", NULL);
}

/*
 * The late parts: each page finished before the number of pages was
 * known gets its number now, on a page of its own that is handed to
 * LATE and then dropped again.
 */
void
lay_late(struct lay *L)
{
	int	n, real = L->dl->npages, keep = L->page;

	for (n = 0; n < real; n++) {
		if (!L->dl->pages[n].late)
			continue;
		sp_dl_page(L->dl, L->pw, L->ph);
		L->page = real;
		folio(L, n);
		L->late(L->arg, L->dl, n, &L->dl->pages[real]);
		sp_dl_page_clear(&L->dl->pages[real]);
		L->dl->npages = real;
	}
	L->page = keep;
}

