/* paint_haru.c: the painter of the archival PDF/A-1b copies, with
 * paint_haru_pdfa.c (what PDF/A asks beyond painting) the only libharu
 * user, through src/haru.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"
#include "haru.h"

#define PT(v)	((double)(v) / SP_UNITS)

/*
 * Text placement. libharu draws text, not glyph ids: each cluster of a
 * glyph run is drawn as the characters it came from. A run starts where
 * the display list puts it; within it, the characters follow one another
 * by the font's own advances, and where the display list has a glyph
 * elsewhere (kerning, a justified space, the layout's rounding adding
 * up) the string ends and the next starts there, rounded to a thousandth
 * of the font size, unless it is less than SLACK thousandths away. That
 * is the rule cairo follows for its own copy (its TJ adjustments), so the
 * two agree on where each word ends within a few thousandths of a point:
 * pdftotext, whose reading order can turn on such hairs, reads both the
 * same.
 */
#define SLACK	3

struct ctx {
	const struct sp_dl	*dl;
	FILE			*out;
	HPDF_Doc		 pdf;
	HPDF_Page		 page;
	double			 height;	/* of the page, in points */
	struct hfont		*hf;
	int			 nhf;
	int			*slot;		/* display-list font -> hf */
	int			 nslot;
	int			 intext;	/* inside BT ... ET */
	int			 curfont;	/* display-list font + 1 */
	int64_t			 curcolour;	/* -1: none set on this page */
	HPDF_Outline		 outline[8];	/* parent per level */
	/* the string being gathered: where it starts, where it ends */
	struct sp_buf		 seg;
	double			 segx, segy, pen;
	int			 newrun;	/* the next place starts a run */
	int			 failed;
	HPDF_STATUS		 err, detail;	/* the first libharu error */
	double			 cpu, cpu0;	/* seconds of this painter */
	/* named destinations, and the links to them, joined at the end */
	struct hmark {
		char		*name;
		HPDF_Page	 page;
		HPDF_Rect	 box;		/* a link's; a dest's top */
	}			*dests, *links;
	int			 ndests, nlinks;
	/* every page so far and its height: a page's number may come
	 * after the page (late_begin) */
	HPDF_Page		*pages;
	double			*heights;
	int			 npages;
};

static void
on_error(HPDF_STATUS no, HPDF_STATUS detail, void *v)
{
	struct ctx	*c = v;

	if (!c->failed) {
		c->err = no;
		c->detail = detail;
	}
	c->failed = 1;
}

static void *
haru_open(const struct sp_dl *dl, FILE *out)
{
	struct ctx	*c = sp_calloc(1, sizeof(*c));

	c->dl = dl;
	c->out = out;
	c->curcolour = -1;
	if ((c->pdf = HPDF_New(on_error, c)) == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "libharu: cannot start a document");
		free(c);
		return NULL;
	}
	HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(c->pdf);
	/* Info strings and outline titles: UTF-16 from UTF-8 */
	HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
	sp_buf_puts(&c->seg, "");
	return c;
}

/* The libharu font of display-list font I, embedded on first use. */
static int
font_slot(struct ctx *c, int i)
{
	const struct sp_dl_font	*f = &c->dl->fonts[i];
	const char		*name;
	int			 j;

	if (i >= c->nslot) {
		c->slot = sp_realloc(c->slot, c->dl->nfonts * sizeof(int));
		for (j = c->nslot; j < c->dl->nfonts; j++)
			c->slot[j] = -1;
		c->nslot = c->dl->nfonts;
	}
	if (c->slot[i] >= 0)
		return c->slot[i];
	for (j = 0; j < c->nhf; j++)
		if (c->hf[j].index == f->index &&
		    strcmp(c->hf[j].file, f->file) == 0)
			return c->slot[i] = j;
	name = f->index == 0 ?
	    HPDF_LoadTTFontFromFile(c->pdf, f->file, HPDF_TRUE) :
	    HPDF_LoadTTFontFromFile2(c->pdf, f->file, f->index, HPDF_TRUE);
	if (name == NULL) {
		sp_msg(SP_SYSERR, f->file, 0, "libharu cannot embed this font");
		c->failed = 1;
		return -1;
	}
	c->hf = sp_realloc(c->hf, (c->nhf + 1) * sizeof(*c->hf));
	c->hf[c->nhf].file = f->file;
	c->hf[c->nhf].index = f->index;
	c->hf[c->nhf].font = HPDF_GetFont(c->pdf, name, "UTF-8");
	c->hf[c->nhf].used = sp_calloc(65536 / 8, 1);
	c->hf[c->nhf].astral = NULL;
	c->hf[c->nhf].nastral = 0;
	if (c->hf[c->nhf].font == NULL) {
		sp_msg(SP_SYSERR, f->file, 0, "libharu cannot use this font");
		c->failed = 1;
		free(c->hf[c->nhf].used);
		return -1;
	}
	return c->slot[i] = c->nhf++;
}

static void
page_begin(void *v, int n, int32_t w, int32_t h)
{
	struct ctx	*c = v;

	(void)n;
	c->cpu0 = sp_thread_cpu();
	if (c->failed)
		return;
	c->page = HPDF_AddPage(c->pdf);
	HPDF_Page_SetWidth(c->page, (HPDF_REAL)PT(w));
	HPDF_Page_SetHeight(c->page, (HPDF_REAL)PT(h));
	c->height = PT(h);
	c->intext = 0;
	c->curfont = 0;
	c->curcolour = -1;
	c->pages = sp_realloc(c->pages, (c->npages + 1) * sizeof(*c->pages));
	c->heights = sp_realloc(c->heights, (c->npages + 1) *
	    sizeof(*c->heights));
	c->pages[c->npages] = c->page;
	c->heights[c->npages++] = c->height;
}

/* The late part of page N (its number): drawn onto that page, which
 * libharu keeps open until the document is saved. */
static void
late_begin(void *v, int n)
{
	struct ctx	*c = v;

	c->cpu0 = sp_thread_cpu();
	if (c->failed)
		return;
	if (n < 0 || n >= c->npages) {
		sp_msg(SP_SYSERR, NULL, 0, "a page number for page %d, "
		    "which is not there", n + 1);
		c->failed = 1;
		return;
	}
	c->page = c->pages[n];
	c->height = c->heights[n];
	c->intext = 0;
	c->curfont = 0;
	c->curcolour = -1;
}

static void
late_page(void *v)
{
	(void)v;	/* libharu's pages stay open: nothing to keep */
}

static void
colour(struct ctx *c, uint32_t rgb)
{
	if (c->curcolour == rgb)
		return;
	c->curcolour = rgb;
	HPDF_Page_SetRGBFill(c->page, ((rgb >> 16) & 0xFF) / 255.0f,
	    ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f);
}

/* Draw the gathered string at its start. */
static void
flush(struct ctx *c)
{
	if (c->seg.len == 0)
		return;
	if (!c->failed) {
		if (!c->intext) {
			HPDF_Page_BeginText(c->page);
			c->intext = 1;
		}
		HPDF_Page_SetTextMatrix(c->page, 1, 0, 0, 1,
		    (HPDF_REAL)c->segx, (HPDF_REAL)(c->height - c->segy));
		HPDF_Page_ShowText(c->page, c->seg.s);
	}
	c->seg.len = 0;
	c->seg.s[0] = '\0';
}

static void
end_text(struct ctx *c)
{
	flush(c);
	if (c->intext && !c->failed)
		HPDF_Page_EndText(c->page);
	c->intext = 0;
}

/* One UTF-8 character of S (N bytes left) into *CP; its length. */
static int
utf8(const unsigned char *s, int n, uint32_t *cp)
{
	int	len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 :
	    (s[0] & 0xF8) == 0xF0 ? 4 : 1;
	if (len > n)
		len = 1;
	*cp = len == 2 ? s[0] & 0x1F : len == 3 ? s[0] & 0x0F : s[0] & 0x07;
	for (i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3F);
	if (len == 1)
		*cp = 0xFFFD;
	return len;
}

/* The glyph libharu shows for CP in the font of SLOT. */
static unsigned
glyph_of(const struct ctx *c, int slot, uint32_t cp)
{
	HPDF_FontAttr	 a = (HPDF_FontAttr)c->hf[slot].font->attr;

	return cp > 0xFFFF ? 0 :
	    HPDF_TTFontDef_GetGlyphid(a->fontdef, (HPDF_UINT16)cp);
}

/*
 * libharu encodes text as 16-bit codes, so a character beyond the BMP
 * (which the bundled fonts have no glyph for: the display list shows
 * it as the empty box) is drawn as a private-use code the font has no
 * glyph for either, from U+F8FF down, and the ToUnicode map gives that
 * code the character's UTF-16 pair: it shows and extracts as in the
 * cairo copy.
 */
static uint32_t
astral(struct ctx *c, int slot, uint32_t cp)
{
	struct hfont	*h = &c->hf[slot];
	int		 i;

	for (i = 0; i < h->nastral; i++)
		if (h->astral[i] == cp)
			return 0xF8FF - i;
	if (h->nastral == 0x1900 || glyph_of(c, slot, 0xF8FF - i) != 0)
		return 0xFFFD;
	h->astral = sp_realloc(h->astral, (i + 1) * sizeof(uint32_t));
	h->astral[h->nastral++] = cp;
	return 0xF8FF - i;
}

/*
 * Add the characters TEXT[0..N) to the string, to stand at X, Y (points
 * from the top left). They join the string being gathered when they
 * are where it would put them, else they start a new one.
 */
static void
place(struct ctx *c, int slot, double size, const char *text, int n,
    double x, double y, int alone)
{
	struct hfont	*h = &c->hf[slot];
	double		 w = 0;
	uint32_t	 cp;
	int		 i, k;

	if (alone || c->seg.len == 0 || c->newrun || y != c->segy) {
		flush(c);
		c->segx = c->pen = x;
		c->segy = y;
		c->newrun = 0;
	} else {
		/* how far off, in thousandths of the font size */
		long r = lround((x - c->pen) * 1000 / size);

		if (r <= -SLACK || r >= SLACK) {
			flush(c);
			c->segx = c->pen = c->pen + r * size / 1000;
		}
	}
	for (i = 0; i < n; i += k) {
		k = utf8((const unsigned char *)text + i, n - i, &cp);
		if (cp < 0x20)
			continue;
		if (cp > 0xFFFF) {
			char	u[3];

			if ((cp = astral(c, slot, cp)) == 0xFFFD)
				h->used[cp >> 3] |= 1 << (cp & 7);
			u[0] = (char)(0xE0 | (cp >> 12));
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			sp_buf_put(&c->seg, u, 3);
		} else {
			h->used[cp >> 3] |= 1 << (cp & 7);
			sp_buf_put(&c->seg, text + i, k);
		}
		w += HPDF_Font_GetUnicodeWidth(h->font, (HPDF_UNICODE)cp);
	}
	c->pen += w * size / 1000;
	if (alone)
		flush(c);
}

/*
 * A cluster whose characters map one to one onto its glyphs through the
 * font's own character map is placed glyph by glyph; any other (a
 * ligature, say) is drawn as its characters from its first glyph on.
 */
static void
cluster(struct ctx *c, int slot, double size, const struct sp_op *op,
    const char *text, int nb, int g, int ng, int alone)
{
	const struct sp_dl_glyph *gl = op->glyphs + g;
	uint32_t	 cp;
	int		 i, k, n, exact = 1;

	for (i = 0, n = 0; i < nb && exact; i += k, n++) {
		k = utf8((const unsigned char *)text + i, nb - i, &cp);
		if (n >= ng || glyph_of(c, slot, cp) != gl[n].id)
			exact = 0;
	}
	if (!exact || n != ng) {
		place(c, slot, size, text, nb, PT(op->x + gl[0].x),
		    PT(op->y + gl[0].y), alone);
		return;
	}
	for (i = 0, n = 0; i < nb; i += k, n++) {
		k = utf8((const unsigned char *)text + i, nb - i, &cp);
		place(c, slot, size, text + i, k, PT(op->x + gl[n].x),
		    PT(op->y + gl[n].y), alone);
	}
}

static void
glyphs(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	double		 size;
	int		 slot, k, g, t, rtl = op->level & 1;

	if (c->failed || op->ntext == 0)
		return;
	if ((slot = font_slot(c, op->font)) < 0)
		return;
	size = PT(c->dl->fonts[op->font].size);
	if (c->curfont != op->font + 1 || op->colour != c->curcolour)
		flush(c);
	if (!c->intext) {
		HPDF_Page_BeginText(c->page);
		c->intext = 1;
	}
	if (c->curfont != op->font + 1) {
		HPDF_Page_SetFontAndSize(c->page, c->hf[slot].font,
		    (HPDF_REAL)size);
		c->curfont = op->font + 1;
	}
	colour(c, op->colour);
	c->newrun = 1;
	if (op->nclusters == 0 || op->nglyphs == 0) {
		/* no cluster map: the text from the first glyph on */
		place(c, slot, size, op->text, op->ntext, PT(op->x +
		    (op->nglyphs ? op->glyphs[0].x : 0)), PT(op->y), 1);
		return;
	}
	/*
	 * Clusters are in text order; in a right-to-left run the first of
	 * them has the last glyphs. A cluster with text but no glyph is
	 * invisible in the display list and is not drawn.
	 */
	g = rtl ? op->nglyphs : 0;
	for (k = 0, t = 0; k < op->nclusters; k++) {
		int nb = op->clusters[2 * k], ng = op->clusters[2 * k + 1];

		if (rtl)
			g -= ng;
		if (ng > 0 && g >= 0 && g + ng <= op->nglyphs)
			cluster(c, slot, size, op, op->text + t, nb, g, ng,
			    rtl);
		if (!rtl)
			g += ng;
		t += nb;
	}
}

static void
fill(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	if (c->failed)
		return;
	end_text(c);
	colour(c, op->colour);
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)PT(op->x),
	    (HPDF_REAL)(c->height - PT(op->y) - PT(op->h)),
	    (HPDF_REAL)PT(op->w), (HPDF_REAL)PT(op->h));
	HPDF_Page_Fill(c->page);
}

/* A filled polygon (the curves of a flow diagram). */
static void
poly(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	int		 k;

	if (c->failed || op->npts < 3)
		return;
	end_text(c);
	colour(c, op->colour);
	for (k = 0; k < op->npts; k++)
		(k == 0 ? HPDF_Page_MoveTo : HPDF_Page_LineTo)(c->page,
		    (HPDF_REAL)PT(op->pts[2 * k]),
		    (HPDF_REAL)(c->height - PT(op->pts[2 * k + 1])));
	HPDF_Page_ClosePath(c->page);
	HPDF_Page_Fill(c->page);
}

/* Outline entries: bookmarks to the page, at the entry's height. */
static void
outline(void *v, int page, const struct sp_op *op)
{
	struct ctx		*c = v;
	HPDF_Destination	 d;
	HPDF_Outline		 o;
	HPDF_Encoder		 utf8enc;
	int			 lv = op->level < 1 ? 1 : op->level > 7 ? 7 :
				    op->level;

	(void)page;
	if (c->failed)
		return;
	utf8enc = HPDF_GetEncoder(c->pdf, "UTF-8");
	o = HPDF_CreateOutline(c->pdf, lv > 1 ? c->outline[lv - 1] : NULL,
	    op->name, utf8enc);
	if (o == NULL)
		return;
	HPDF_Outline_SetOpened(o, lv == 1);
	/* [page /XYZ 0 top null]: the reader keeps its zoom, which
	 * HPDF_Destination_SetXYZ (zoom 0.08 to 32) cannot say */
	d = HPDF_Page_CreateDestination(c->page);
	HPDF_Array_Clear(d);
	HPDF_Array_Add(d, c->page);
	HPDF_Array_AddName(d, "XYZ");
	HPDF_Array_AddReal(d, 0);
	HPDF_Array_AddReal(d, (HPDF_REAL)(c->height - PT(op->y)));
	HPDF_Array_Add(d, HPDF_Null_New(c->pdf->mmgr));
	HPDF_Outline_SetDestination(o, d);
	c->outline[lv] = o;
	for (int i = lv + 1; i < 8; i++)
		c->outline[i] = o;
}

/* The box of OP in PDF coordinates of the current page. */
static HPDF_Rect
box(const struct ctx *c, const struct sp_op *op)
{
	HPDF_Rect	r;

	r.left = (HPDF_REAL)PT(op->x);
	r.right = (HPDF_REAL)PT(op->x + op->w);
	r.top = (HPDF_REAL)(c->height - PT(op->y));
	r.bottom = (HPDF_REAL)(c->height - PT(op->y + op->h));
	return r;
}

/* Remember a link or a named destination on the current page. */
static void
mark(struct ctx *c, struct hmark **v, int *n, const struct sp_op *op)
{
	*v = sp_realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = sp_strdup(op->name);
	(*v)[*n].page = c->page;
	(*v)[*n].box = box(c, op);
	(*n)++;
}

/*
 * PDF/A-1 wants every annotation printable (/F 4: Print, not Hidden);
 * links get no border.
 */
static void
annot_flags(HPDF_Annotation a)
{
	if (a == NULL)
		return;
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	HPDF_Dict_AddNumber(a, "F", 4);
}

static void
link(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	if (!c->failed)
		mark(c, &c->links, &c->nlinks, op);
}

static void
dest(void *v, int page, const struct sp_op *op)
{
	struct ctx	*c = v;

	(void)page;
	if (!c->failed)
		mark(c, &c->dests, &c->ndests, op);
}

static void
uri(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	if (!c->failed && op->name != NULL && *op->name != '\0')
		annot_flags(HPDF_Page_CreateURILinkAnnot(c->page, box(c, op),
		    op->name));
}

/* Each link to a named destination becomes a GoTo to its place. */
static void
join_links(struct ctx *c)
{
	HPDF_Destination d;
	int		 i, j;

	for (i = 0; i < c->nlinks && !c->failed; i++) {
		for (j = 0; j < c->ndests; j++)
			if (strcmp(c->dests[j].name, c->links[i].name) == 0)
				break;
		if (j == c->ndests)
			continue;	/* as cairo: a link to nowhere is none */
		d = HPDF_Page_CreateDestination(c->dests[j].page);
		HPDF_Array_Clear(d);
		HPDF_Array_Add(d, c->dests[j].page);
		HPDF_Array_AddName(d, "XYZ");
		HPDF_Array_AddReal(d, c->dests[j].box.left);
		HPDF_Array_AddReal(d, c->dests[j].box.top);
		HPDF_Array_Add(d, HPDF_Null_New(c->pdf->mmgr));
		annot_flags(HPDF_Page_CreateLinkAnnot(c->links[i].page,
		    c->links[i].box, d));
	}
}

static void
page_end(void *v)
{
	struct ctx	*c = v;

	end_text(c);
	c->cpu += sp_thread_cpu() - c->cpu0;
}

static int
haru_close(void *v)
{
	struct ctx	*c = v;
	HPDF_Array	 id;
	HPDF_BYTE	 zero[16], *buf = NULL;
	HPDF_UINT32	 len = 0;
	int		 i;

	c->cpu0 = sp_thread_cpu();
	end_text(c);
	if (c->failed)
		goto out;
	/* the /ID first: SetPDFAConformance keeps one that is there */
	memset(zero, 0, sizeof(zero));
	id = HPDF_Array_New(c->pdf->mmgr);
	HPDF_Dict_Add(c->pdf->trailer, "ID", id);
	HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zero, 16));
	HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, zero, 16));
	join_links(c);
	haru_metadata(c->pdf, c->dl);
	if (haru_output_intent(c->pdf) != 0)
		c->failed = 1;
	for (i = 0; i < c->nhf; i++)
		haru_font_finish(&c->hf[i]);
	if (c->failed || HPDF_SaveToStream(c->pdf) != HPDF_OK)
		goto out;
	len = HPDF_GetStreamSize(c->pdf);
	buf = sp_malloc(len ? len : 1);
	if (HPDF_ReadFromStream(c->pdf, buf, &len) != HPDF_OK &&
	    len != HPDF_GetStreamSize(c->pdf)) {
		c->failed = 1;
		goto out;
	}
	if (haru_set_id(buf, len) != 0) {
		sp_msg(SP_SYSERR, NULL, 0, "libharu: no trailer /ID to set");
		c->failed = 1;
		goto out;
	}
	if (fwrite(buf, 1, len, c->out) != len) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot write the PDF/A copy");
		c->failed = 2;
	}
out:
	if (c->failed == 1 && c->err != 0)
		sp_msg(SP_SYSERR, NULL, 0, "libharu: error 0x%04X (detail %u)",
		    (unsigned)c->err, (unsigned)c->detail);
	i = c->failed ? -1 : 0;
	free(buf);
	HPDF_Free(c->pdf);
	if (getenv("SAKSPAPIR_TIMING") != NULL)
		fprintf(stderr, "timing: pdfa     %7.1f ms  (CPU time of the "
		    "libharu painter)\n", (c->cpu + sp_thread_cpu() - c->cpu0) * 1e3);
	for (int j = 0; j < c->nhf; j++) {
		free(c->hf[j].used);
		free(c->hf[j].astral);
	}
	for (int j = 0; j < c->ndests; j++)
		free(c->dests[j].name);
	for (int j = 0; j < c->nlinks; j++)
		free(c->links[j].name);
	free(c->dests);
	free(c->links);
	free(c->hf);
	free(c->slot);
	free(c->pages);
	free(c->heights);
	sp_buf_free(&c->seg);
	free(c);
	return i;
}

const struct sp_painter sp_paint_pdfa = {
	.name = "pdfa",
	.open = haru_open,
	.page_begin = page_begin,
	.glyphs = glyphs,
	.fill = fill,
	.outline = outline,
	.page_end = page_end,
	.late_page = late_page,
	.late_begin = late_begin,
	.late_end = page_end,
	.close = haru_close,
	.link = link,
	.uri = uri,
	.dest = dest,
	.poly = poly,
};
