/*
 * layout_bundle.c: laid-out documents composed into one display list (a
 * meeting's print bundle) as they are, and the imposition of a booklet.
 */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"

#define U(pt)	((int32_t)((pt) * SP_UNITS))

struct comp {
	const struct sp_bundle	*b;
	struct sp_dl		*dl;
	struct sp_text		*tx;
	int			*fontmap;	/* part font -> bundle font */
	int32_t			 pw, ph;
};

int
sp_bundle_starts(const int *npages, const int *odd, int n, int *start)
{
	int	i, page = 1;

	for (i = 0; i < n; i++) {
		if (odd[i] && page % 2 == 0)
			page++;		/* a blank page before it */
		start[i] = page;
		page += npages[i];
	}
	return page - 1;
}

static const char *
dup(struct comp *C, const char *s)
{
	return s != NULL ? sp_arena_strdup(C->dl->arena, s) : NULL;
}

/* The lines of TEXT in ROLE, WIDTH wide: the caller frees P. */
static void
set_text(struct comp *C, const char *text, enum sp_role role, int32_t width,
    int align, struct sp_tl_para *p)
{
	struct sp_rich	r = { NULL, NULL, 0, 0 };

	r.text = (char *)text;
	sp_text_layout(C->tx, &r, role, width, align, p);
}

/* Line LN of a laid-out paragraph onto page PG, its baseline at BASE. */
static void
put_line(struct sp_page *pg, const struct sp_tl_line *ln, int32_t x,
    int32_t base)
{
	int	i;

	for (i = 0; i < ln->nruns; i++) {
		struct sp_op *op = sp_dl_op(pg, SP_OP_GLYPHS);

		*op = ln->runs[i].op;
		sp_dl_keep(pg, op);
		op->x += x;
		op->y = base;
	}
}

static void
artifact(struct sp_page *pg, int begin)
{
	struct sp_op	*op = sp_dl_op(pg, begin ? SP_OP_TAG_BEGIN :
			    SP_OP_TAG_END);

	op->name = "Artifact";
}

/* The bundle's own line in the top margin of a page (an example says so). */
static void
mark(struct comp *C, struct sp_page *pg)
{
	const struct sp_style	*st = C->b->st;
	struct sp_tl_para	 p;

	if (C->b->mark == NULL)
		return;
	set_text(C, C->b->mark, SP_ROLE_FOOTER, C->pw - U(st->margin_left) -
	    U(st->margin_right), SP_ALIGN_RIGHT, &p);
	artifact(pg, 1);
	if (p.nlines > 0)
		put_line(pg, &p.lines[0], U(st->margin_left),
		    U(st->margin_top) / 2);
	artifact(pg, 0);
	sp_tl_para_free(&p);
}

/* A page left blank on purpose, and saying so. */
static void
blank(struct comp *C)
{
	const struct sp_style	*st = C->b->st;
	struct sp_page		*pg = sp_dl_page(C->dl, C->pw, C->ph);
	struct sp_tl_para	 p;
	int32_t			 w = C->pw - U(st->margin_left) -
				    U(st->margin_right);

	set_text(C, C->b->blank, SP_ROLE_SMALL, w, SP_ALIGN_CENTER, &p);
	artifact(pg, 1);
	if (p.nlines > 0)
		put_line(pg, &p.lines[0], U(st->margin_left), C->ph / 2);
	artifact(pg, 0);
	sp_tl_para_free(&p);
	mark(C, pg);
}

/*
 * The running page number N beside the page's own ("Side 2 av 9 · 14"):
 * the own number's runs move left by the width of the new one, which
 * takes their place at the right margin, on the same baseline.
 */
static void
folio(struct comp *C, struct sp_page *pg, int from, int to, int n)
{
	struct sp_tl_para p;
	struct sp_op	*op;
	char		*s = sp_printf(C->b->folio, n);
	int32_t		 right = 0, base = 0, w;
	int		 i;

	for (i = from; i < to; i++) {
		op = &pg->ops[i];
		if (op->type != SP_OP_GLYPHS)
			continue;
		if (op->x + op->w > right)
			right = op->x + op->w;
		base = op->y;
	}
	set_text(C, s, SP_ROLE_FOOTER, C->pw, SP_ALIGN_LEFT, &p);
	free(s);
	if (p.nlines == 0) {
		sp_tl_para_free(&p);
		return;
	}
	w = p.lines[0].width;
	for (i = from; i < to; i++)
		if (pg->ops[i].type == SP_OP_GLYPHS)
			pg->ops[i].x -= w;
	put_line(pg, &p.lines[0], right - w, base);
	sp_tl_para_free(&p);
}

/*
 * OP in the bundle: its data stays where it is (the bundle has adopted
 * the part's arena), its font is the bundle's, names change where the
 * bundle needs other ones.
 */
static void
copy_op(struct comp *C, const struct sp_part *pt, struct sp_page *pg,
    const struct sp_op *src)
{
	struct sp_op	*op = sp_dl_op(pg, src->type);

	*op = *src;
	switch (src->type) {
	case SP_OP_GLYPHS:
		op->font = (uint16_t)C->fontmap[src->font];
		break;
	case SP_OP_TAG_BEGIN:
	case SP_OP_TAG_END:
		/* each document is a part of the bundle's one document */
		if (strcmp(src->name, "Document") == 0)
			op->name = "Part";
		break;
	case SP_OP_OUTLINE:
		op->level = (uint8_t)(src->level + pt->shift);
		break;
	case SP_OP_LINK:
	case SP_OP_DEST:
		/* a document's own names, kept apart from the others' */
		if (pt->dest != NULL) {
			char *s = sp_printf("%s/%s", pt->dest, src->name);

			op->name = dup(C, s);
			free(s);
		}
		break;
	default:
		break;
	}
}

struct sp_dl *
sp_bundle(const struct sp_bundle *b, struct sp_part *parts, int n)
{
	struct comp	 C;
	struct sp_page	*pg;
	struct sp_op	*op;
	struct sp_dl	*src;
	int		 i, j, k, f, num = 0;

	memset(&C, 0, sizeof(C));
	C.b = b;
	C.dl = sp_dl_new();
	C.pw = U(b->st->page_w);
	C.ph = U(b->st->page_h);
	if ((C.tx = sp_text_new(b->st, C.dl, b->fontsdir, NULL)) == NULL) {
		sp_dl_free(C.dl);
		return NULL;
	}
	src = parts[0].dl;
	C.dl->title = sp_strdup(src->title);
	C.dl->author = sp_strdup(src->author);
	C.dl->subject = sp_strdup(src->subject);
	C.dl->keywords = sp_strdup(src->keywords);
	C.dl->lang = sp_strdup(src->lang);
	C.dl->date = src->date != NULL ? sp_strdup(src->date) : NULL;
	for (i = 0; i < n; i++) {
		src = parts[i].dl;
		C.fontmap = sp_realloc(C.fontmap, (src->nfonts + 1) *
		    sizeof(int));
		for (f = 0; f < src->nfonts; f++)
			C.fontmap[f] = sp_dl_font(C.dl, src->fonts[f].file,
			    src->fonts[f].index, src->fonts[f].size,
			    src->fonts[f].name);
		C.dl->missing += src->missing;
		sp_dl_adopt(C.dl, src);
		if (parts[i].odd && C.dl->npages % 2 == 1)
			blank(&C);
		for (j = 0; j < src->npages; j++) {
			struct sp_page *sp = &src->pages[j];

			pg = sp_dl_page(C.dl, sp->width, sp->height);
			num = C.dl->npages;
			if (num == 1) {
				op = sp_dl_op(pg, SP_OP_TAG_BEGIN);
				op->name = "Document";
			}
			if (j == 0 && parts[i].dest != NULL) {
				op = sp_dl_op(pg, SP_OP_DEST);
				op->name = dup(&C, parts[i].dest);
			}
			for (k = 0; k < sp->nops; k++) {
				copy_op(&C, &parts[i], pg, &sp->ops[k]);
				if (k + 1 == sp->efolio && sp->efolio > sp->folio)
					folio(&C, pg, pg->nops - (sp->efolio -
					    sp->folio), pg->nops, num);
			}
			free(sp->ops);	/* copied: the part's page is done */
			sp->ops = NULL;
			sp->nops = sp->cap = 0;
			mark(&C, pg);
			if (i == n - 1 && j == src->npages - 1) {
				op = sp_dl_op(pg, SP_OP_TAG_END);
				op->name = "Document";
			}
			sp_dl_page_done(pg);
		}
	}
	free(C.fontmap);
	sp_text_free(C.tx);
	return C.dl;
}

int
sp_bundle_pad(const struct sp_bundle *b, struct sp_dl *dl, int multiple)
{
	struct comp	C;

	memset(&C, 0, sizeof(C));
	C.b = b;
	C.dl = dl;
	C.pw = U(b->st->page_w);
	C.ph = U(b->st->page_h);
	if (dl->npages % multiple == 0)
		return 0;
	if ((C.tx = sp_text_new(b->st, C.dl, b->fontsdir, NULL)) == NULL)
		return -1;
	while (dl->npages % multiple != 0)
		blank(&C);
	sp_text_free(C.tx);
	return 0;
}

int
sp_booklet(const struct sp_dl *dl, int32_t sw, int32_t sh,
    struct sp_place **out)
{
	int	m = dl->npages, sides = m / 2, k, s, half;
	int32_t	pw, ph, hw = sw / 2;
	double	scale;

	*out = NULL;
	if (m == 0 || m % 4 != 0)
		return 0;
	pw = dl->pages[0].width;
	ph = dl->pages[0].height;
	scale = (double)hw / pw < (double)sh / ph ? (double)hw / pw :
	    (double)sh / ph;
	*out = sp_calloc(2 * sides, sizeof(**out));
	for (k = 0; k < sides; k++) {
		/* sheet s: outside M-2s | 2s+1, inside 2s+2 | M-2s-1 */
		s = k / 2;
		for (half = 0; half < 2; half++) {
			struct sp_place *pl = &(*out)[2 * k + half];

			if (k % 2 == 0)
				pl->page = half == 0 ? m - 2 * s : 2 * s + 1;
			else
				pl->page = half == 0 ? 2 * s + 2 : m - 2 * s - 1;
			pl->page--;	/* 0-based */
			pl->scale = scale;
			pl->x = half * hw + (int32_t)((hw - pw * scale) / 2);
			pl->y = (int32_t)((sh - ph * scale) / 2);
		}
	}
	return 2 * sides;
}
