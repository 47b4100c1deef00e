/* layout.c: blocks to pages: pagination, keeps, headings, lists, charts;
 * tables are in layout_table.c, the page primitives in layout_page.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"
#include "lay.h"

static size_t	size(const struct sp_block *);
static int	has_toc(const struct sp_block *);

/* Documents bigger than this (blocks and rows) stream their pages. */
#define STREAM_BLOCKS	1500

/*
 * Does paragraph B stay with the block after it: a caption, or a lead-in
 * ending in ":" before the list, table or chart it introduces?
 */
static int
keeps_next(const struct sp_block *b)
{
	const char	*s = b->text.text;
	size_t		 n;
	enum sp_btype	 t;

	if (b->type != SP_B_PARA || b->next == NULL)
		return 0;
	if (b->keep)
		return 1;
	if (s == NULL || (n = strlen(s)) == 0 || s[n - 1] != ':')
		return 0;
	t = b->next->type;
	return t == SP_B_LIST || t == SP_B_TABLE || t == SP_B_CHART ||
	    (t == SP_B_PARA && b->next->keep);	/* a table's caption */
}

/* The space before a chart, and a bar's row (a label of up to two lines). */
#define CHART_BEFORE	U(6)
#define CHART_ROW(L)	(2 * sp_text_pitch((L)->tx, SP_ROLE_SMALL) + U(6))

/* A chart's height as place_chart reckons it, the space before it too. */
static int32_t
chart_height(struct lay *L, const struct sp_chart *c)
{
	return CHART_BEFORE + c->nbars * CHART_ROW(L) +
	    2 * sp_text_pitch(L->tx, SP_ROLE_SMALL) + U(8);
}

/*
 * What must fit below a chart's caption: the whole chart where it fits
 * on a page (it then moves whole), else its first three bars (it then
 * starts where it is and runs on over the pages).
 */
static int32_t
chart_start(struct lay *L, const struct sp_chart *c)
{
	int32_t	 h = chart_height(L, c);

	return h <= L->bottom - L->top ? h : CHART_BEFORE + 3 * CHART_ROW(L);
}

/* A rough height for the start of a block, for keep-with-next. */
static int32_t
min_height(struct lay *L, const struct sp_block *b)
{
	if (b == NULL)
		return 0;
	switch (b->type) {
	case SP_B_PARA:
		/* a paragraph kept with the next brings it along */
		return 2 * sp_text_pitch(L->tx, b->role) +
		    U(L->st->role[b->role].before) +
		    (keeps_next(b) ? min_height(L, b->next) : 0);
	case SP_B_HEADING: {
		/* a heading, as tall as it is set, brings what it keeps
		 * with */
		struct sp_tl_para p;
		int32_t	 h;

		sp_text_layout(L->tx, &b->text, b->role, L->right - L->left,
		    SP_ALIGN_LEFT, &p);
		h = p.nlines > 0 ? p.height : sp_text_pitch(L->tx, b->role);
		sp_tl_para_free(&p);
		return h + U(L->st->role[b->role].before) +
		    U(L->st->role[b->role].after) + min_height(L, b->next);
	}
	case SP_B_LIST:
	case SP_B_QUOTE:
		return min_height(L, b->first);
	case SP_B_ITEM:
		return b->first != NULL ? min_height(L, b->first) :
		    2 * sp_text_pitch(L->tx, SP_ROLE_BODY);
	case SP_B_TABLE:
		return lay_table_start(L, b);
	case SP_B_CHART:
		return chart_start(L, b->chart);
	case SP_B_FLOW:
		return lay_flow_height(L, b);
	default:
		return sp_text_pitch(L->tx, SP_ROLE_BODY);
	}
}

/* -------------------------------------------------------------- chart */

/*
 * A bar segment or a legend chip: its fill, and where the fill is white
 * (a status without a colour) an outline in the style's chart.outline.
 */
static void
segment(struct lay *L, int32_t x, int32_t y, int32_t w, int32_t h,
    uint32_t fill)
{
	int32_t	 t = U(0.75);
	uint32_t o = L->st->chart_outline;

	lay_fill(L, x, y, w, h, fill);
	if (fill != 0xFFFFFF)
		return;
	lay_fill(L, x, y, w, t, o);
	lay_fill(L, x, y + h - t, w, t, o);
	lay_fill(L, x, y, t, h, o);
	lay_fill(L, x + w - t, y, t, h, o);
}

/* V with its thousands apart by no-break spaces, an en dash for the
 * minus (the bundled fonts have no U+2212): "9 682 355", "–20 000". */
static void
chart_number(int v, char *buf, size_t n)
{
	char	 d[16];
	size_t	 o = 0;
	int	 i, len;

	len = snprintf(d, sizeof(d), "%lld", v < 0 ? -(long long)v :
	    (long long)v);
	if (v < 0 && o + 3 < n) {
		memcpy(buf, "\xE2\x80\x93", 3);
		o = 3;
	}
	for (i = 0; i < len && o + 3 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			memcpy(buf + o, "\xC2\xA0", 2);
			o += 2;
		}
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

/*
 * A horizontal bar chart: one bar a row, its segments stacked. Bars run
 * right from a zero line, and for negative values left of it; a value
 * stands in its segment where it fits, else (a bar of one segment)
 * beside the bar's end.
 */
static void
place_chart(struct lay *L, const struct sp_block *b)
{
	const struct sp_chart *c = b->chart;
	int32_t	 labw = (L->right - L->left) * 36 / 100;
	int32_t	 barx = L->left + labw, barw = L->right - barx - U(40);
	int32_t	 barh = U(13), gap = U(6), lh, gw, x0;
	int32_t	 sgap = U(L->st->chart_gap);
	int64_t	 hi = 0, lo = 0;
	int	 i, s;
	char	*alt;

	for (i = 0; i < c->nbars; i++) {
		int64_t pos = 0, neg = 0;

		for (s = 0; s < c->nseg; s++) {
			int v = c->value[i * c->nseg + s];

			if (v > 0)
				pos += v;
			else
				neg += v;
		}
		if (pos > hi)
			hi = pos;
		if (neg < lo)
			lo = neg;
	}
	if (lo == 0) {
		barw += U(40);		/* no value stands left of a bar */
		if (hi == 0)
			hi = 1;
	}
	if (lo < 0)
		barx += U(40);
	x0 = barx + (int32_t)(barw * -lo / (hi - lo));
	lh = sp_text_pitch(L->tx, SP_ROLE_SMALL);
	lay_space(L, CHART_BEFORE);
	if (L->y - CHART_BEFORE + chart_start(L, c) > L->bottom &&
	    !lay_at_top(L))
		lay_new_page(L);
	alt = sp_printf("alt='%s'", c->alt);
	lay_tag(L, SP_OP_TAG_BEGIN, "Figure",
	    sp_arena_strdup(L->dl->arena, alt));
	free(alt);
	for (i = 0; i < c->nbars; i++) {
		struct sp_rich r = { c->bar_label[i], NULL, 0,
			    SP_RICH_NOHYPH };
		struct sp_tl_para p;
		int32_t xp = x0, xn = x0, y, rowh;
		int	 k;

		/* the label may wrap; the bar centres on it */
		sp_text_layout(L->tx, &r, SP_ROLE_SMALL, labw - U(8),
		    SP_ALIGN_LEFT, &p);
		rowh = p.height > barh ? p.height : barh;
		if (L->y + rowh > L->bottom)
			lay_new_page(L);
		for (k = 0; k < p.nlines; k++)
			lay_emit_line(L, &p.lines[k], L->left, L->y +
			    (rowh - p.height) / 2 + p.lines[k].top, SP_NOFILL);
		sp_tl_para_free(&p);
		y = L->y + (rowh - barh) / 2;
		for (s = 0; s < c->nseg; s++) {
			int	 v = c->value[i * c->nseg + s];
			int32_t	 w = (int32_t)(barw * (v < 0 ? -(int64_t)v : v) /
				    (hi - lo));
			int32_t	 x = v < 0 ? xn - w : xp;
			char	 num[32];

			if (v == 0)
				continue;
			/* a white gap parts it from the next segment, so
			 * that every segment keeps its contrast with the
			 * page's white, also in greyscale */
			for (k = s + 1; k < c->nseg &&
			    c->value[i * c->nseg + k] == 0; k++)
				;
			gw = k < c->nseg && w > sgap ? w - sgap : w;
			segment(L, x, y, gw, barh, c->seg_fill[s]);
			chart_number(v, num, sizeof(num));
			r.text = num;
			sp_text_layout(L->tx, &r, SP_ROLE_SMALL, gw,
			    SP_ALIGN_CENTER, &p);
			if (p.nlines == 1 && p.lines[0].width + U(2) < gw)
				lay_emit_line(L, &p.lines[0], x,
				    y + (barh - p.lines[0].height) / 2,
				    c->seg_text[s]);
			else if (c->nseg == 1) {
				int32_t tw;

				sp_tl_para_free(&p);
				sp_text_layout(L->tx, &r, SP_ROLE_SMALL,
				    U(80), SP_ALIGN_LEFT, &p);
				tw = p.nlines == 1 ? p.lines[0].width : 0;
				if (p.nlines == 1)
					lay_emit_line(L, &p.lines[0], v < 0 ?
					    x - tw - U(3) : x + w + U(3),
					    y + (barh - p.lines[0].height) /
					    2, SP_NOFILL);
			}
			sp_tl_para_free(&p);
			if (v < 0)
				xn -= w;
			else
				xp += w;
		}
		if (lo < 0)	/* the zero line */
			lay_fill(L, x0 - U(0.25), y - gap / 2, U(0.5),
			    barh + gap, 0x4A4F55);
		L->y += rowh + gap;
	}
	/* legend */
	if (L->y + lh > L->bottom)
		lay_new_page(L);
	{
		int32_t x = barx;

		for (s = 0; s < c->nseg; s++) {
			struct sp_rich r = { c->seg_label[s], NULL, 0,
				    SP_RICH_NOHYPH };
			struct sp_tl_para p;

			/* the chip is drawn as the segment is */
			segment(L, x, L->y + lh / 2 - U(4), U(8), U(8),
			    c->seg_fill[s]);
			sp_text_layout(L->tx, &r, SP_ROLE_SMALL, U(140),
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0)
				lay_emit_line(L, &p.lines[0], x + U(11), L->y,
				    SP_NOFILL);
			x += U(11) + (p.nlines ? p.lines[0].width : 0) + U(12);
			sp_tl_para_free(&p);
		}
		L->y += lh + U(6);
	}
	lay_tag(L, SP_OP_TAG_END, "Figure", NULL);
}

/* ------------------------------------------------------------- blocks */

static void	place_block(struct lay *, const struct sp_block *, int32_t,
		    int32_t);
static void	place_blocks(struct lay *, const struct sp_block *, int32_t,
		    int32_t);

static const char *const htags[] = { "H1", "H1", "H2", "H3", "H4", "H5" };

/* A named destination here; its page is remembered for the contents. */
static void
anchor(struct lay *L, const char *name, int32_t x)
{
	struct sp_op	*op = sp_dl_op(lay_cur(L), SP_OP_DEST);
	int		 i;

	op->name = sp_arena_strdup(L->dl->arena, name);
	op->x = x;
	op->y = L->y;
	for (i = 0; i < L->nanchors; i++)
		if (strcmp(L->anchors[i].name, name) == 0)
			break;
	if (i == L->nanchors) {
		L->anchors = sp_realloc(L->anchors, (i + 1) *
		    sizeof(*L->anchors));
		L->anchors[i].name = name;
		L->nanchors++;
	}
	L->anchors[i].page = L->page;
}

/* The page number the anchor NAME went to, 0 if not (yet) known. */
static int
anchor_page(const struct lay *L, const char *name)
{
	int	i;

	for (i = 0; i < L->nanchors; i++)
		if (strcmp(L->anchors[i].name, name) == 0)
			return L->anchors[i].page + 1;
	return 0;
}

/*
 * A table of contents: each entry its text, indented by level, and its
 * page number at the right, both links to the entry's anchor. The page
 * numbers come from the first pass; the number column has a fixed width,
 * so the second pass breaks the same lines.
 */
static void
place_toc(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	const struct sp_block *e;
	int32_t		 numw = U(28), gap = U(10);

	lay_tag(L, SP_OP_TAG_BEGIN, "TOC", NULL);
	for (e = b->first; e != NULL; e = e->next) {
		const struct sp_textstyle *ts = &L->st->role[e->role];
		int32_t	 ind = U(14) * (e->level > 2 ? e->level - 2 : 0);
		struct sp_rich num = { NULL, NULL, 0, 0 };
		struct sp_tl_para p, np;
		char	*href = sp_printf("#%s", e->ref ? e->ref : "");
		char	*s = sp_printf("%d", anchor_page(L, e->ref ? e->ref :
			    ""));

		sp_rich_add_link(&num, s, 0, href);
		sp_text_layout(L->tx, &e->text, e->role, w - ind - numw - gap,
		    SP_ALIGN_LEFT, &p);
		sp_text_layout(L->tx, &num, e->role, numw, SP_ALIGN_RIGHT,
		    &np);
		lay_space(L, U(ts->before));
		if (p.nlines > 0 && (L->y + p.height > L->bottom ||
		    lay_lines_here(L, &p, 0) < p.nlines))
			lay_new_page(L);
		lay_tag(L, SP_OP_TAG_BEGIN, "TOCI", NULL);
		lay_tag(L, SP_OP_TAG_BEGIN, "Reference", NULL);
		/* the title, then its number beside its last line: in the
		 * order they are read */
		lay_place_lines(L, &p, x + ind, SP_NOFILL, NULL, NULL);
		if (p.nlines > 0 && np.nlines > 0)
			lay_emit_line(L, &np.lines[0], x + w - numw,
			    L->y - p.lines[p.nlines - 1].height, SP_NOFILL);
		lay_tag(L, SP_OP_TAG_END, "Reference", NULL);
		lay_tag(L, SP_OP_TAG_END, "TOCI", NULL);
		L->y += U(ts->after);
		sp_tl_para_free(&p);
		sp_tl_para_free(&np);
		sp_rich_free(&num);
		free(href);
		free(s);
	}
	lay_tag(L, SP_OP_TAG_END, "TOC", NULL);
}

static void
place_heading(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	const struct sp_textstyle *ts = &L->st->role[b->role];
	struct sp_op	*op;
	struct sp_tl_para p;

	/* the whole heading and the start of what follows share a page */
	sp_text_layout(L->tx, &b->text, b->role, w, SP_ALIGN_LEFT, &p);
	lay_space(L, U(ts->before));
	if (L->y + p.height + U(ts->after) + min_height(L, b->next) >
	    L->bottom && !lay_at_top(L))
		lay_new_page(L);
	if (p.nlines > 0 && lay_lines_here(L, &p, 0) == 0)
		lay_new_page(L);
	/* the outline entry goes where the heading starts, now, while
	 * that page is still open */
	op = sp_dl_op(lay_cur(L), SP_OP_OUTLINE);
	op->name = sp_arena_strdup(L->dl->arena, b->text.text);
	op->level = (uint8_t)b->level;
	op->y = L->y;
	if (b->anchor != NULL)
		anchor(L, b->anchor, x);
	lay_tag(L, SP_OP_TAG_BEGIN, htags[b->level < 5 ? b->level : 5], NULL);
	lay_place_lines(L, &p, x, SP_NOFILL, NULL, NULL);
	sp_tl_para_free(&p);
	lay_tag(L, SP_OP_TAG_END, htags[b->level < 5 ? b->level : 5], NULL);
	L->y += U(ts->after);
}

/*
 * The indent of list B's items: the style's, or wider where a label
 * ("10.", "999 999.") and a gap of LABEL_GAP would not fit in it, for
 * every item of the list alike. A label is one line in the indent, so a
 * label wider than it lost its last characters ("999998." printed "99").
 */
#define LABEL_GAP	U(4)
static int32_t
list_indent(struct lay *L, const struct sp_block *b)
{
	int32_t		 ind = U(L->st->indent_list), lw;
	const struct sp_block *it;

	for (it = b->first; it != NULL; it = it->next) {
		struct sp_rich lab = { it->label, NULL, 0, 0 };

		if (it->type != SP_B_ITEM || it->label == NULL ||
		    it->first == NULL || it->first->type != SP_B_PARA)
			continue;
		lw = sp_text_widest(L->tx, &lab, it->first->role) + LABEL_GAP;
		if (lw > ind)
			ind = lw;
	}
	return ind;
}

static void
place_item(struct lay *L, const struct sp_block *b, int32_t x, int32_t w,
    int32_t ind)
{
	const struct sp_block *c;
	int		 first = 1;

	lay_tag(L, SP_OP_TAG_BEGIN, "LI", NULL);
	for (c = b->first; c != NULL; c = c->next) {
		if (first && c->type == SP_B_PARA) {
			struct sp_rich lab = { b->label, NULL, 0, 0 };
			struct sp_tl_para p, lp;

			/* the label goes beside the first line: find where
			 * that will be before placing either */
			lay_space(L, U(L->st->role[c->role].before));
			sp_text_layout(L->tx, &c->text, c->role, w - ind,
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0 && lay_lines_here(L, &p, 0) == 0)
				lay_new_page(L);
			sp_text_layout(L->tx, &lab, c->role, ind, SP_ALIGN_LEFT,
			    &lp);
			lay_tag(L, SP_OP_TAG_BEGIN, "Lbl", NULL);
			if (lp.nlines > 0) {
				/* an item with no text of its own still shows
				 * its label, on a line of its own */
				if (p.nlines == 0 && L->y + lp.lines[0].height >
				    L->bottom)
					lay_new_page(L);
				lay_emit_line(L, &lp.lines[0], x, L->y,
				    SP_NOFILL);
				if (p.nlines == 0)
					L->y += lp.lines[0].height;
			}
			lay_tag(L, SP_OP_TAG_END, "Lbl", NULL);
			sp_tl_para_free(&lp);
			/* the body holds the rest of the item too, nested
			 * lists included */
			lay_tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
			lay_place_lines(L, &p, x + ind, SP_NOFILL, NULL, NULL);
			sp_tl_para_free(&p);
			L->y += U(L->st->role[c->role].after) / 2;
		} else {
			if (first)
				lay_tag(L, SP_OP_TAG_BEGIN, "LBody", NULL);
			place_block(L, c, x + ind, w - ind);
		}
		first = 0;
	}
	if (!first)
		lay_tag(L, SP_OP_TAG_END, "LBody", NULL);
	lay_tag(L, SP_OP_TAG_END, "LI", NULL);
}

static void
place_missing(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	struct sp_tl_para p;
	int32_t		 pad = U(6);
	int		 i;

	sp_text_layout(L->tx, &b->text, SP_ROLE_SMALL, w - 2 * pad,
	    SP_ALIGN_LEFT, &p);
	lay_space(L, U(3));
	if (L->y + p.height + 2 * pad > L->bottom && !lay_at_top(L))
		lay_new_page(L);
	lay_fill(L, x, L->y, w, p.height + 2 * pad, L->st->missing_fill);
	lay_fill(L, x, L->y, U(2), p.height + 2 * pad, L->st->missing_bar);
	lay_tag(L, SP_OP_TAG_BEGIN, "P", NULL);
	for (i = 0; i < p.nlines; i++)
		lay_emit_line(L, &p.lines[i], x + pad,
		    L->y + pad + p.lines[i].top, SP_NOFILL);
	lay_tag(L, SP_OP_TAG_END, "P", NULL);
	L->y += p.height + 2 * pad + U(8);
	sp_tl_para_free(&p);
}

/* The tag attributes of a block in a language of its own, or NULL. */
static const char *
lang_attrs(struct lay *L, const struct sp_block *b)
{
	char		*s;
	const char	*a;

	if (b->lang == NULL)
		return NULL;
	s = sp_printf("lang='%s'", b->lang);
	a = sp_arena_strdup(L->dl->arena, s);
	free(s);
	return a;
}

static void
place_block(struct lay *L, const struct sp_block *b, int32_t x, int32_t w)
{
	const struct sp_textstyle *ts = &L->st->role[b->role];
	const struct sp_block *c;
	int32_t		 ind;

	switch (b->type) {
	case SP_B_HEADING:
		place_heading(L, b, x, w);
		break;
	case SP_B_PARA:
		lay_space(L, U(ts->before));
		/* a caption or lead-in and the start of what it introduces
		 * share a page */
		if (keeps_next(b) && L->y + min_height(L, b) > L->bottom &&
		    !lay_at_top(L))
			lay_new_page(L);
		{
			struct sp_tl_para p;

			/* the tag opens on the page the first line goes to */
			sp_text_layout(L->tx, &b->text, b->role, w,
			    SP_ALIGN_LEFT, &p);
			if (p.nlines > 0 && lay_lines_here(L, &p, 0) == 0)
				lay_new_page(L);
			lay_tag(L, SP_OP_TAG_BEGIN, "P", lang_attrs(L, b));
			lay_place_lines(L, &p, x, SP_NOFILL, NULL, NULL);
			lay_tag(L, SP_OP_TAG_END, "P", NULL);
			sp_tl_para_free(&p);
		}
		L->y += U(ts->after);
		break;
	case SP_B_LIST:
		lay_tag(L, SP_OP_TAG_BEGIN, "L", NULL);
		ind = list_indent(L, b);
		for (c = b->first; c != NULL; c = c->next)
			place_item(L, c, x, w, ind);
		lay_tag(L, SP_OP_TAG_END, "L", NULL);
		L->y += U(3);
		break;
	case SP_B_ITEM:
		place_item(L, b, x, w, U(L->st->indent_list));
		break;
	case SP_B_QUOTE:
		lay_tag(L, SP_OP_TAG_BEGIN, "BlockQuote", lang_attrs(L, b));
		lay_space(L, U(2));
		place_blocks(L, b->first, x + U(L->st->indent_quote),
		    w - 2 * U(L->st->indent_quote));
		lay_tag(L, SP_OP_TAG_END, "BlockQuote", NULL);
		/* as much space after the quotation (its attribution) as
		 * before it, after a paragraph */
		for (c = b->first; c != NULL && c->next != NULL; c = c->next)
			;
		if (c != NULL && L->st->role[SP_ROLE_BODY].after + 2 >
		    L->st->role[c->role].after)
			L->y += U(L->st->role[SP_ROLE_BODY].after + 2 -
			    L->st->role[c->role].after);
		break;
	case SP_B_TABLE:
		lay_place_table(L, b);
		break;
	case SP_B_CHART:
		place_chart(L, b);
		break;
	case SP_B_FLOW:
		lay_place_flow(L, b);
		break;
	case SP_B_MISSING:
		place_missing(L, b, x, w);
		break;
	case SP_B_SPACE:
		lay_space(L, U(b->height));
		break;
	case SP_B_BREAK:
		if (!lay_at_top(L))
			lay_new_page(L);
		L->y += U(b->height);
		break;
	case SP_B_TOC:
		place_toc(L, b, x, w);
		break;
	case SP_B_RULE:
		/* clear of the descenders of the line above by 3 pt (the
		 * line's box ends about where they do) */
		lay_space(L, U(3));
		if (L->y + U(2) > L->bottom)
			lay_new_page(L);
		lay_fill(L, x, L->y, w, U(b->height > 0 ? b->height : 0.8),
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


/* One pass over the document; returns the number of pages. */
static int
pass(struct lay *L)
{
	const struct sp_block *b;

	L->finished = 0;
	lay_new_page(L);
	lay_tag(L, SP_OP_TAG_BEGIN, "Document", NULL);
	for (b = L->doc->first; b != NULL; b = b->next)
		place_block(L, b, L->left, L->right - L->left);
	lay_tag(L, SP_OP_TAG_END, "Document", NULL);
	if (L->total == 0 && !L->measure)
		L->total = L->dl->npages;	/* one pass: known now */
	while (L->finished < L->dl->npages)
		lay_finish(L, L->finished++);
	if (L->late != NULL)
		lay_late(L);
	return L->dl->npages;
}

/*
 * The texts of the blocks from B, in the order place_block sets them and
 * in the roles it sets them in, to VISIT; non-zero when VISIT said stop.
 * The walk of sp_text_ahead: it runs on the shaping thread and only
 * reads. What it leaves out (list labels, charts, footers) is shaped
 * where it is set.
 */
static int
walk_blocks(const struct sp_block *b, sp_text_visit visit, void *arg)
{
	const struct sp_row *row;
	int	 i, k;

	for (; b != NULL; b = b->next) {
		if ((b->type == SP_B_HEADING || b->type == SP_B_PARA) &&
		    visit(arg, &b->text, b->role))
			return 1;
		if (b->type == SP_B_MISSING &&
		    visit(arg, &b->text, SP_ROLE_SMALL))
			return 1;
		for (i = 0; b->type == SP_B_TABLE && i < b->table->nrows; i++)
			for (row = &b->table->rows[i], k = 0; k < row->ncells;
			    k++)
				if (visit(arg, &row->cells[k].text,
				    row->cells[k].role))
					return 1;
		/* lists, items, quotations, contents entries */
		if (walk_blocks(b->first, visit, arg))
			return 1;
	}
	return 0;
}

static void
walk_doc(const void *doc, sp_text_visit visit, void *arg)
{
	walk_blocks(((const struct sp_doc *)doc)->first, visit, arg);
}

struct sp_dl *
sp_layout(const struct sp_doc *doc, const struct sp_style *st,
    const char *fontsdir, struct sp_hyph *hy, sp_page_fn done, void *arg)
{
	return sp_layout_stream(doc, st, fontsdir, hy, done, NULL, arg);
}

struct sp_dl *
sp_layout_stream(const struct sp_doc *doc, const struct sp_style *st,
    const char *fontsdir, struct sp_hyph *hy, sp_page_fn done,
    sp_late_fn late, void *arg)
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
	sp_text_ahead(L.tx, walk_doc, doc);
	L.pw = U(st->page_w);
	L.ph = U(st->page_h);
	L.top = U(st->margin_top);
	L.bottom = L.ph - U(st->margin_bottom);
	L.left = U(st->margin_left);
	L.right = L.pw - U(st->margin_right);
	if (done != NULL && late != NULL && !has_toc(doc->first))
		/*
		 * One pass, each page to the painter as soon as it is
		 * finished, its number late. A measuring pass cost a third
		 * of the main thread's time on a big status table, and a
		 * small document was painted only after it was laid out.
		 */
		L.late = late;
	else if ((done != NULL && size(doc->first) > STREAM_BLOCKS) ||
	    has_toc(doc->first)) {
		/*
		 * Streaming a big document to a painter that needs each page
		 * whole: a first pass counts the pages without keeping
		 * glyphs, so the second can hand each page, footer and all,
		 * to the painter as soon as it is done. A small one is laid
		 * out once and handed over at the end. A table of contents
		 * takes its page numbers from the first pass too.
		 */
		L.measure = 1;
		sp_text_measure(L.tx, 1);
		L.total = pass(&L);
		for (i = 0; i < L.dl->npages; i++)
			sp_dl_page_clear(&L.dl->pages[i]);
		L.dl->npages = 0;
		/* the second pass makes the same pages: the array and the
		 * font table stay put while a painter reads them */
		sp_dl_reserve(L.dl, L.total + 1);
		L.measure = 0;
		sp_text_measure(L.tx, 0);
	}
	pass(&L);
	sp_text_free(L.tx);
	free(L.anchors);
	free(L.wcol);
	return L.dl;
}

/* Is there a table of contents among the blocks? */
static int
has_toc(const struct sp_block *b)
{
	for (; b != NULL; b = b->next)
		if (b->type == SP_B_TOC || has_toc(b->first))
			return 1;
	return 0;
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

