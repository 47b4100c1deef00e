/* paint_pdf.c: the painter "pdf": the display list written straight into a
 * tagged PDF through our own writer (paint_pdfwrite.c, paint_pdffont.c),
 * page by page; the document's catalog, outline, destinations and metadata
 * are paint_pdfdoc.c's, the structure tree paint_pdftree.c's. See README,
 * "Accessible PDF". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"
#include "sp_pdf.h"
#include "pdfdoc.h"

/* One embedded font: a file and a face in it; display-list fonts of
 * several sizes share it (and its subset). */
struct face {
	char			*file;
	int			 index;
	struct sp_pdffont	*font;
	int			 num;		/* its Type0 font object */
};

enum { M_SPAN = -3, M_NONE = -2, M_ARTIFACT = -1 };	/* else the element */

struct ctx {
	const struct sp_dl	*dl;
	FILE			*out;
	struct sp_pdfw		*w;
	struct sp_pdftree	*tree;
	struct sp_pdfdoc	*doc;
	int			 pages;		/* the page tree object */
	int			 resources;	/* the one /Resources object */
	int			*kids;		/* page objects */
	int			 nkids, capkids;
	int			 nkey;		/* next /StructParent(s) key */
	struct late {			/* per page: its late part */
		int		 num;	/* its content stream, 0: none */
		int32_t		 h;	/* the page's height */
	}			*late;
	int			 nlate;
	int			 lating;	/* the page being painted gets one */
	int			 latenow;	/* the page of the late part */
	struct face		*faces;
	int			 nfaces;
	int			*slot;		/* display-list font -> face */
	int			 nslot;
	int			 failed;
	/* the page being painted */
	int			 page;		/* 0-based */
	int			 pageobj;
	int32_t			 ph;		/* its height */
	int32_t			 pw;
	struct sp_buf		 b;		/* its content */
	struct sp_buf		 annots;	/* " N 0 R" each */
	int			 marks;		/* MCIDs on it */
	/* the state of the content */
	int			 mark;		/* M_*, or the element marked */
	int			 intext;	/* inside BT .. ET */
	int			 font;		/* display-list font set, -1 */
	int64_t			 colour;	/* -1: none set */
	int32_t			 rise;
	int64_t			 lx, ly;	/* text line start, 1/1000 pt */
	int			 skip;		/* inside an Artifact */
	int			 placed;	/* a place's q is open */
	struct sp_buf		 tmp;
	char			 comp[256][8];	/* colour components */
	/* the Link element open: its text so far, and its annotations,
	 * written when it ends, with that text as their /Contents */
	int			 inlink;
	struct sp_buf		 ltext;
	int64_t			 ly0;		/* y of its last run */
	int			 lhyph;		/* that run ended in a cut */
	struct pend {
		int		 obj;
		int		 uri;
		char		*dict;		/* all but /Contents */
		char		*name;		/* the URI or destination */
	}			*pend;
	int			 npend;
};

/*
 * Glyph id ID as its two bytes in a literal string: the bytes as they
 * are (half the size of hex), but a backslash before ( ) and \, and CR
 * written \r, which readers would take for an end of line.
 */
static void
glyph_id(struct sp_buf *b, unsigned id)
{
	int	 k;

	for (k = 8; k >= 0; k -= 8) {
		int	 c = (id >> k) & 0xFF;

		if (c == '(' || c == ')' || c == '\\')
			sp_buf_putc(b, '\\');
		if (c == '\r') {
			sp_buf_putc(b, '\\');
			c = 'r';
		}
		sp_buf_putc(b, c);
	}
}

/* ----------------------------------------------------------- numbers */

/* Pango units to thousandths of a point, rounded. */
static int64_t
milli(int64_t v)
{
	return v >= 0 ? (v * 1000 + 512) / 1024 : -((-v * 1000 + 512) / 1024);
}

/*
 * M thousandths of a point, written by sp_pdf_num: the Pango units
 * nearest to M/1000 pt are within 0.49/1000 pt of it, so they print as
 * exactly M/1000. Text positions are kept in these, so that relative
 * moves add up to where each run is, without drift.
 */
static void
num_milli(struct sp_buf *b, int64_t m)
{
	int64_t	 v = m >= 0 ? (m * 1024 + 500) / 1000 :
		    -((-m * 1024 + 500) / 1000);

	sp_pdf_num(b, v);
}

static void
num(struct sp_buf *b, int64_t v)
{
	sp_pdf_num(b, v);
}

/* N numbers (Pango units) at V, a space between each two. */
static void
nums(struct sp_buf *b, int n, const int64_t *v)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sp_buf_putc(b, ' ');
		sp_pdf_num(b, v[i]);
	}
}

/* ------------------------------------------------------------ fonts */

/* The face of display-list font I, made on first use. */
static struct face *
face(struct ctx *c, int i)
{
	const struct sp_dl_font *f = &c->dl->fonts[i];
	int		 j;

	if (i >= c->nslot) {
		c->slot = sp_realloc(c->slot, (i + 1) * sizeof(int));
		for (j = c->nslot; j <= i; j++)
			c->slot[j] = -1;
		c->nslot = i + 1;
	}
	if (c->slot[i] >= 0)
		return &c->faces[c->slot[i]];
	for (j = 0; j < c->nfaces; j++)
		if (c->faces[j].index == f->index &&
		    strcmp(c->faces[j].file, f->file) == 0) {
			c->slot[i] = j;
			return &c->faces[j];
		}
	c->faces = sp_realloc(c->faces, (c->nfaces + 1) * sizeof(*c->faces));
	j = c->nfaces;
	if ((c->faces[j].font = sp_pdffont_new(f->file, f->index)) == NULL) {
		c->failed = 1;
		return NULL;
	}
	c->nfaces++;
	c->faces[j].file = sp_strdup(f->file);
	c->faces[j].index = f->index;
	c->faces[j].num = sp_pdfw_alloc(c->w);
	c->slot[i] = j;
	return &c->faces[j];
}

/* ------------------------------------------------------ marked content */

static void
end_text(struct ctx *c)
{
	if (c->intext) {
		sp_buf_puts(&c->b, "ET\n");
		c->intext = 0;
	}
}

/* Ends the mark, and first the text object inside it. */
static void
end_mark(struct ctx *c)
{
	end_text(c);
	if (c->mark != M_NONE) {
		sp_buf_puts(&c->b, "EMC\n");
		if (c->mark == M_SPAN)	/* its Span element ends with it */
			sp_pdftree_end(c->tree, "Span");
		c->mark = M_NONE;
	}
}

/*
 * Structure marks. Whatever is drawn while an element is open (and no
 * Artifact) belongs to the innermost open element: text always, fills
 * only inside a Figure (elsewhere they are rules and backgrounds); it
 * goes in a marked-content sequence with an MCID of that element's type.
 * Everything else is drawn inside /Artifact sequences. A sequence opens
 * only when something is drawn into it, so none is empty, and it holds
 * whole text objects.
 *
 * (A table row as one text object, its cells' marks inside it, makes a
 * file 1 % smaller, but pdftotext then reads the words of a row in
 * another order than those of the PDF/A copy, where each cell is a text
 * object of its own: t_arkiv.sh compares the two.)
 */
static void
mark(struct ctx *c, int fill)
{
	int	 el = sp_pdftree_current(c->tree);

	if (c->skip > 0 || (fill && el >= 0 &&
	    strcmp(sp_pdftree_top(c->tree), "Figure") != 0))
		el = M_ARTIFACT;
	if (el < 0)
		el = M_ARTIFACT;
	if (c->mark == el)
		return;
	end_mark(c);
	if (el == M_ARTIFACT)
		sp_buf_puts(&c->b, "/Artifact BMC\n");
	else {
		sp_buf_putc(&c->b, '/');
		sp_buf_puts(&c->b, sp_pdftree_top(c->tree));
		sp_buf_puts(&c->b, "<</MCID ");
		num(&c->b, (int64_t)sp_pdftree_mark(c->tree, c->page) *
		    SP_UNITS);
		sp_buf_puts(&c->b, ">>BDC\n");
		c->marks++;
	}
	c->mark = el;
}

/* ------------------------------------------------------------ drawing */

/* Sets the fill colour, unless it is set already: each component as a
 * fraction of 255 with three decimals, from a table made once; a grey
 * as a grey. */
static void
colour(struct ctx *c, uint32_t rgb)
{
	int		 k, v;

	if (c->colour == rgb)
		return;
	if (c->comp[0][0] == '\0')
		for (v = 0; v < 256; v++) {
			char	*e;

			snprintf(c->comp[v], sizeof(c->comp[v]), "%.3f",
			    v / 255.0);
			for (e = c->comp[v] + strlen(c->comp[v]) - 1;
			    *e == '0'; e--)
				*e = '\0';
			if (*e == '.')
				*e = '\0';
		}
	c->colour = rgb;
	if ((rgb >> 16) == (rgb & 0xFF) && ((rgb >> 8) & 0xFF) == (rgb & 0xFF)) {
		/* a grey (black, white) */
		sp_buf_puts(&c->b, c->comp[rgb & 0xFF]);
		sp_buf_puts(&c->b, " g\n");
		return;
	}
	for (k = 16; k >= 0; k -= 8) {
		sp_buf_puts(&c->b, c->comp[(rgb >> k) & 0xFF]);
		sp_buf_putc(&c->b, ' ');
	}
	sp_buf_puts(&c->b, "rg\n");
}

/*
 * The text of OP's glyphs, for the font's /ToUnicode: the first glyph of
 * a cluster gets the cluster's text, the others none. Where that cannot
 * be so -- a glyph the font lacks (glyph 0), or a glyph whose /ToUnicode
 * says another text, given it before (the glyph of "é" for the composed
 * "e" U+0301 and for "é") -- the cluster's glyphs [lo, hi) go into a span
 * with its text as /ActualText, in SPAN (returns how many).
 */
struct span {
	int		 lo, hi;
	const char	*text;
	int		 n;
};

static int
use_glyphs(struct sp_pdffont *f, const struct sp_op *op, struct span **span)
{
	int	 k, g = 0, t = 0, j, n = op->nglyphs, ns = 0;
	int	 back = op->level & SP_GLYPHS_RTL;

	*span = NULL;
	if (op->nclusters == 0) {
		for (j = 0; j < n; j++)
			sp_pdffont_use(f, op->glyphs[j].id, NULL, 0);
		return 0;
	}
	for (k = 0; k < op->nclusters; k++) {
		int	 nb = op->clusters[2 * k], ng = op->clusters[2 * k + 1];
		int	 lo = back ? n - g - ng : g, hi = lo + ng, none = 0;
		int	 other = 0;

		if (lo < 0)
			lo = 0;
		if (hi > n)
			hi = n;
		for (j = lo; j < hi; j++)
			none |= op->glyphs[j].id == 0;
		if (none && sp_pdffont_fffd(f) != 0)	/* shown instead */
			sp_pdffont_use(f, sp_pdffont_fffd(f), "\xEF\xBF\xBD", 3);
		for (j = lo; j < hi; j++)
			other |= sp_pdffont_use(f, op->glyphs[j].id,
			    none ? NULL : op->text + t,
			    j == (back ? hi - 1 : lo) ? nb : 0);
		if ((none || other) && nb > 0 && hi > lo) {
			*span = sp_realloc(*span, (ns + 1) * sizeof(**span));
			(*span)[ns].lo = lo;
			(*span)[ns].hi = hi;
			(*span)[ns].text = op->text + t;
			(*span)[ns++].n = nb;
		}
		g += ng;
		t += nb;
	}
	for (; g < n; g++)
		sp_pdffont_use(f, op->glyphs[back ? n - 1 - g : g].id, NULL, 0);
	if (back)	/* the spans in the order of the glyphs */
		for (j = 0; j < ns / 2; j++) {
			struct span x = (*span)[j];

			(*span)[j] = (*span)[ns - 1 - j];
			(*span)[ns - 1 - j] = x;
		}
	return ns;
}

/*
 * The glyphs [lo, hi) of OP (a whole run, or a span of it when SP is not
 * NULL): moved to from the start of the last line (Td), the glyphs as
 * two-byte ids in one TJ with an adjustment wherever a glyph is not where
 * the advance of the one before (the font's /W) puts it. The pen is
 * followed in thousandths of Pango units times the size, from the run's
 * origin, so that rounded adjustments never add up to a drift; a glyph
 * off the baseline gets a text rise.
 *
 * A span in an element's content is a Span element of its own, inside
 * the element, whose one marked-content sequence /Span<</MCID/ActualText>>
 * holds it (poppler ends an element's content at the first EMC inside it,
 * so a span nested there lost the rest of the element's text; and poppler
 * reads /ActualText under the tag Span only, which now is the element's
 * type too: qa-findings F19). It ends where the sequence does (end_mark).
 * In an artifact it is nested in it.
 */
static void
show_part(struct ctx *c, struct face *fc, const struct sp_op *op, int lo,
    int hi, const struct span *sp)
{
	struct sp_buf	*b = &c->b;
	int64_t		 x, y, size = c->dl->fonts[op->font].size, pen = 0;
	int		 i, open = 0, own;
	char		*t = sp != NULL ? sp_strndup(sp->text, sp->n) : NULL;

	own = sp != NULL && c->skip == 0 && sp_pdftree_current(c->tree) >= 0;
	if (own) {
		end_mark(c);
		sp_pdftree_begin(c->tree, "Span", NULL);
		sp_buf_puts(b, "/Span<</MCID ");
		num(b, (int64_t)sp_pdftree_mark(c->tree, c->page) * SP_UNITS);
		sp_buf_puts(b, "/ActualText");
		sp_pdf_text(b, t);
		sp_buf_puts(b, ">>BDC\n");
		c->marks++;
		c->mark = M_SPAN;
	} else
		mark(c, 0);
	x = milli(op->x);
	y = milli(op->y);
	if (!c->intext) {
		sp_buf_puts(b, "BT\n1 0 0 -1 ");
		num_milli(b, x);
		sp_buf_putc(b, ' ');
		num_milli(b, y);
		sp_buf_puts(b, " Tm\n");
		c->intext = 1;
	} else {
		/* even 0 0: it puts the text position back at the start of
		 * the line, where the run's glyph positions count from */
		num_milli(b, x - c->lx);
		sp_buf_putc(b, ' ');
		num_milli(b, c->ly - y);
		sp_buf_puts(b, " Td\n");
	}
	c->lx = x;
	c->ly = y;
	if (c->font != op->font) {
		sp_buf_printf(b, "/F%d ", c->slot[op->font]);
		num(b, size);
		sp_buf_puts(b, " Tf\n");
		c->font = op->font;
	}
	colour(c, op->colour);
	if (sp != NULL && !own) {
		sp_buf_puts(b, "/Span<</ActualText");
		sp_pdf_text(b, t);
		sp_buf_puts(b, ">>BDC\n");
	}
	for (i = lo; i < hi; i++) {
		const struct sp_dl_glyph *g = &op->glyphs[i];
		unsigned id = g->id;
		int64_t	 a;

		/* no text shows .notdef (PDF/UA-1 7.21.8): a character
		 * the fonts lack is the font's U+FFFD, if it has one */
		if (id == 0 && sp_pdffont_fffd(fc->font) != 0)
			id = sp_pdffont_fffd(fc->font);
		if (-g->y != c->rise) {
			if (open)
				sp_buf_puts(b, ")]TJ\n");
			open = 0;
			num(b, -g->y);
			sp_buf_puts(b, " Ts\n");
			c->rise = -g->y;
		}
		a = size > 0 ? (pen - (int64_t)g->x * 1000) : 0;
		a = a >= 0 ? (a + size / 2) / (size ? size : 1) :
		    -((-a + size / 2) / (size ? size : 1));
		if (id != g->id) {
			/* U+FFFD squeezed or widened (Tz) to the advance of
			 * .notdef, which layout gave it, so that it covers
			 * what text extraction sees of it and no more */
			int64_t	 w0 = sp_pdffont_width(fc->font, 0);
			int64_t	 wf = sp_pdffont_width(fc->font, id);
			int	 tz = w0 > 0 && wf > 0 && w0 != wf;

			if (open)
				sp_buf_puts(b, ")]TJ\n");
			open = 0;
			if (a != 0) {
				sp_buf_putc(b, '[');
				num(b, a * SP_UNITS);
				sp_buf_puts(b, "]TJ\n");
				pen -= a * size;
			}
			if (tz) {
				num(b, 100 * SP_UNITS * w0 / wf);
				sp_buf_puts(b, " Tz\n");
			}
			sp_buf_puts(b, "[(");
			glyph_id(b, id);
			sp_buf_puts(b, ")]TJ\n");
			if (tz)
				sp_buf_puts(b, "100 Tz\n");
			pen += (tz ? w0 : wf) * size;
			continue;
		}
		if (!open) {
			sp_buf_putc(b, '[');
			if (a != 0) {
				num(b, a * SP_UNITS);
				pen -= a * size;
			}
			sp_buf_putc(b, '(');
			open = 1;
		} else if (a != 0) {
			sp_buf_putc(b, ')');
			num(b, a * SP_UNITS);
			sp_buf_putc(b, '(');
			pen -= a * size;
		}
		glyph_id(b, id);
		pen += (int64_t)sp_pdffont_width(fc->font, id) * size;
	}
	if (open)
		sp_buf_puts(b, ")]TJ\n");
	if (sp != NULL && !own)
		sp_buf_puts(b, "EMC\n");
	if (own)
		end_mark(c);
	free(t);
}

/* A glyph run: its parts between spans, and its spans (see above). */
static void
show(struct ctx *c, const struct sp_op *op)
{
	struct face	*fc;
	struct span	*span;
	int		 i = 0, k, ns;

	/* after a font that cannot be read, nothing more is shown (its
	 * message is said once) */
	if (op->nglyphs <= 0 || c->failed || (fc = face(c, op->font)) == NULL)
		return;
	if (c->inlink && c->skip == 0 && op->ntext > 0) {
		/* a new line of the link's text is a new word, unless
		 * the word was cut */
		if (c->ltext.len > 0 && op->y != c->ly0 && !c->lhyph &&
		    c->ltext.s[c->ltext.len - 1] != ' ' && op->text[0] != ' ')
			sp_buf_putc(&c->ltext, ' ');
		sp_buf_put(&c->ltext, op->text, op->ntext);
		c->ly0 = op->y;
		c->lhyph = 0;
	}
	ns = use_glyphs(fc->font, op, &span);
	for (k = 0; k < ns; k++) {
		if (span[k].lo > i)
			show_part(c, fc, op, i, span[k].lo, NULL);
		show_part(c, fc, op, span[k].lo, span[k].hi, &span[k]);
		i = span[k].hi;
	}
	if (i < op->nglyphs)
		show_part(c, fc, op, i, op->nglyphs, NULL);
	free(span);
}

/*
 * A run that ends in the hyphen of a word broken at the line end is
 * shown in two parts: the hyphen outside the element's marked content,
 * as an artifact, so that the structure (and what reads it) has the
 * word whole, while plain text extraction still sees a hyphen at the end
 * of the line and joins the word (poppler does).
 */
static void
glyphs(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	struct sp_op	 head, tail;
	int		 gl, bl;

	if (!(op->level & SP_GLYPHS_HYPHEN) || op->nclusters < 1 ||
	    (op->level & SP_GLYPHS_RTL)) {
		show(c, op);
		return;
	}
	bl = op->clusters[2 * (op->nclusters - 1)];
	gl = op->clusters[2 * (op->nclusters - 1) + 1];
	head = *op;
	head.nglyphs -= gl;
	head.nclusters -= 1;
	head.ntext -= bl;
	tail = *op;
	tail.glyphs += head.nglyphs;
	tail.clusters += 2 * head.nclusters;
	tail.text += head.ntext;
	tail.nglyphs = gl;
	tail.nclusters = 1;
	tail.ntext = bl;
	/* the tail's glyphs keep their x from the run's origin */
	show(c, &head);
	c->lhyph = 1;
	c->skip++;
	show(c, &tail);
	c->skip--;
}

static void
fill(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	struct sp_buf	*b = &c->b;
	int64_t		 r[4] = { op->x, op->y, op->w, op->h };

	mark(c, 1);
	end_text(c);
	colour(c, op->colour);
	nums(b, 4, r);
	sp_buf_puts(b, " re f\n");
}

static void
poly(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	struct sp_buf	*b = &c->b;
	int		 k;

	if (op->npts < 1)
		return;
	mark(c, 1);
	end_text(c);
	colour(c, op->colour);
	for (k = 0; k < op->npts; k++) {
		num(b, op->pts[2 * k]);
		sp_buf_putc(b, ' ');
		num(b, op->pts[2 * k + 1]);
		sp_buf_puts(b, k == 0 ? " m\n" : " l\n");
	}
	sp_buf_puts(b, "h f\n");
}

/* ------------------------------------------------------- structure */

/* Structure tags build the tree (see mark). Within an Artifact nothing
 * is tagged. */
static void
tag_begin(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	if (c->mark == M_SPAN)		/* a span's element ends first */
		end_mark(c);
	if (strcmp(op->name, "Artifact") == 0) {
		c->skip++;
		return;
	}
	if (c->skip == 0)
		sp_pdftree_begin(c->tree, op->name, op->attrs);
	if (c->skip == 0 && strcmp(op->name, "Link") == 0 &&
	    c->inlink++ == 0) {
		c->ltext.len = 0;
		c->lhyph = 0;
	}
}

/*
 * URI U as it reads: its %XX escapes decoded, if they make UTF-8 text
 * (layout breaks a long URL into a Link element per line, so the text of
 * one is not all of it); else U as it is. The caller frees it.
 */
static char *
readable_uri(const char *u)
{
	char		*s = sp_malloc(strlen(u) + 1), *d = s;
	const char	*q;
	const unsigned char *p;
	int		 k = 0;

	for (q = u; *q != '\0'; q++) {
		unsigned	 v;

		if (q[0] == '%' && strspn(q + 1, "0123456789abcdefABCDEF") >= 2 &&
		    sscanf(q + 1, "%2x", &v) == 1 && v >= 0x20) {
			*d++ = (char)v;
			q += 2;
		} else
			*d++ = *q;
	}
	*d = '\0';
	/* UTF-8: a lead byte and its K continuation bytes */
	for (p = (const unsigned char *)s; *p != '\0' && k >= 0; p++)
		if (k > 0)
			k = (*p & 0xC0) == 0x80 ? k - 1 : -1;
		else if (*p >= 0xF5 || (*p >= 0x80 && *p < 0xC2))
			k = -1;
		else
			k = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2;
	if (k != 0) {
		free(s);
		return sp_strdup(u);
	}
	return s;
}

/*
 * The annotations of the Link element that ends: each with /Contents,
 * its description for assistive technology (Matterhorn 28-004): where a
 * URI goes, as it reads, or else the element's text, or the destination.
 */
static void
flush_links(struct ctx *c)
{
	struct sp_buf	*t = &c->tmp;
	int		 i;

	sp_buf_putc(&c->ltext, '\0');
	for (i = 0; i < c->npend; i++) {
		struct pend	*p = &c->pend[i];

		t->len = 0;
		sp_buf_puts(t, p->dict);
		sp_buf_puts(t, "/Contents");
		if (p->uri) {
			char	*r = readable_uri(p->name);

			sp_pdf_text(t, r);
			free(r);
		} else
			sp_pdf_text(t, c->ltext.s[0] != '\0' ? c->ltext.s :
			    p->name);
		sp_buf_puts(t, ">>");
		if (!c->failed)
			sp_pdfw_obj(c->w, p->obj, t->s, t->len);
		free(p->dict);
		free(p->name);
	}
	c->npend = 0;
	c->ltext.len = 0;
}

static void
tag_end(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	if (c->mark == M_SPAN)
		end_mark(c);
	if (strcmp(op->name, "Artifact") == 0) {
		c->skip--;
		return;
	}
	if (c->skip == 0 && strcmp(op->name, "Link") == 0 &&
	    c->inlink > 0 && --c->inlink == 0)
		flush_links(c);
	if (c->skip == 0 && !c->failed &&
	    sp_pdftree_end(c->tree, op->name) != 0) {
		sp_msg(SP_SYSERR, NULL, 0, "structure tags do not nest: "
		    "%s ends inside %s", op->name, sp_pdftree_top(c->tree) ?
		    sp_pdftree_top(c->tree) : "nothing");
		c->failed = 1;
	}
}

static void
outline(void *v, int page, const struct sp_op *op)
{
	struct ctx	*c = v;

	(void)page;
	sp_pdfdoc_outline(c->doc, op->name, op->level, c->pageobj,
	    c->ph - op->y);
}

static void
dest(void *v, int page, const struct sp_op *op)
{
	struct ctx	*c = v;

	(void)page;
	sp_pdfdoc_dest(c->doc, op->name, c->pageobj, op->x, c->ph - op->y);
}

/*
 * A link: an annotation over its box, belonging to the Link element its
 * text is in (layout puts one around a link's glyph runs), or to one of
 * its own; it encloses no drawing.
 */
static void
link_to(struct ctx *c, int uri, const struct sp_op *op)
{
	struct sp_buf	*t = &c->tmp;
	int64_t		 rect[4] = { op->x, c->ph - op->y - op->h,
			    op->x + op->w, c->ph - op->y };
	int		 own, obj, key;

	if (c->skip != 0)
		return;
	if (c->mark == M_SPAN)
		end_mark(c);
	own = sp_pdftree_top(c->tree) == NULL ||
	    strcmp(sp_pdftree_top(c->tree), "Link") != 0;
	obj = sp_pdfw_alloc(c->w);
	key = c->nkey++;
	if (own)
		sp_pdftree_begin(c->tree, "Link", NULL);
	sp_pdftree_link(c->tree);
	sp_pdftree_annot(c->tree, obj, key);
	if (own)
		sp_pdftree_end(c->tree, "Link");
	t->len = 0;
	sp_buf_puts(t, "<</Type/Annot/Subtype/Link/Rect[");
	nums(t, 4, rect);
	sp_buf_puts(t, "]/Border[0 0 0]");
	if (uri) {
		sp_buf_puts(t, "/A<</S/URI/URI");
		sp_pdfdoc_string(t, op->name);
		sp_buf_puts(t, ">>");
	} else {
		sp_buf_puts(t, "/Dest");
		sp_pdfdoc_string(t, op->name);
	}
	sp_buf_printf(t, "/P %d 0 R/StructParent %d", c->pageobj, key);
	c->pend = sp_realloc(c->pend, (c->npend + 1) * sizeof(*c->pend));
	c->pend[c->npend].obj = obj;
	c->pend[c->npend].uri = uri;
	c->pend[c->npend].dict = sp_strndup(t->s, t->len);
	c->pend[c->npend++].name = sp_strdup(op->name);
	if (!c->inlink)		/* a Link of its own: no text */
		flush_links(c);
	sp_buf_printf(&c->annots, " %d 0 R", obj);
}

static void
paint_link(void *v, const struct sp_op *op)
{
	link_to(v, 0, op);
}

static void
paint_uri(void *v, const struct sp_op *op)
{
	link_to(v, 1, op);
}

/* ------------------------------------------------------------ pages */

static void *
pdf_open(const struct sp_dl *dl, FILE *out)
{
	struct ctx	*c = sp_calloc(1, sizeof(*c));

	c->dl = dl;
	c->out = out;
	c->w = sp_pdfw_new(out);
	c->tree = sp_pdftree_new(dl->lang, c->w);
	c->doc = sp_pdfdoc_new(dl);
	c->pages = sp_pdfw_alloc(c->w);
	c->resources = sp_pdfw_alloc(c->w);
	sp_buf_puts(&c->b, "");
	sp_buf_puts(&c->annots, "");
	sp_buf_puts(&c->tmp, "");
	sp_buf_puts(&c->ltext, "");
	return c;
}

/*
 * A content stream begins, for a page H high, with nothing set: Pango
 * units run down from the top left corner. With SAVED inside q .. Q, so
 * that the streams of a page with a late part each keep their own state.
 */
static void
content_begin(struct ctx *c, int32_t h, int saved)
{
	c->b.len = 0;
	c->mark = M_NONE;
	c->intext = 0;
	c->font = -1;
	c->colour = -1;
	c->rise = 0;
	sp_buf_puts(&c->b, saved ? "q 1 0 0 -1 0 " : "1 0 0 -1 0 ");
	num(&c->b, h);
	sp_buf_puts(&c->b, " cm\n");
}

static void
page_begin(void *v, int n, int32_t w, int32_t h)
{
	struct ctx	*c = v;

	(void)n;
	c->pageobj = sp_pdfw_alloc(c->w);
	sp_pdftree_page(c->tree, c->page, c->pageobj, -1);
	c->pw = w;
	c->ph = h;
	c->annots.len = 0;
	c->marks = 0;
	content_begin(c, h, 0);
}

/*
 * A placed page (imposition): what follows is drawn scaled by the
 * place's factor about the page's top left corner, put at (x, y) of the
 * sheet, inside q .. Q; the Q forgets the font and colour set.
 */
static void
unplace(struct ctx *c)
{
	if (!c->placed)
		return;
	end_mark(c);
	sp_buf_puts(&c->b, "Q\n");
	c->placed = 0;
	c->font = -1;
	c->colour = -1;
	c->rise = 0;
}

static void
place(void *v, const struct sp_place *pl)
{
	struct ctx	*c = v;
	struct sp_buf	*b = &c->b;
	int64_t		 s = (int64_t)(pl->scale * SP_UNITS + 0.5);
	int64_t		 m[6] = { s, 0, 0, s, pl->x, pl->y };

	unplace(c);
	end_mark(c);
	sp_buf_puts(b, "q ");
	nums(b, 6, m);
	sp_buf_puts(b, " cm\n");
	c->placed = 1;
}

static void
page_end(void *v)
{
	struct ctx	*c = v;
	struct sp_buf	*t = &c->tmp;
	int64_t		 box[2] = { c->pw, c->ph };
	int		 contents, key = -1;

	end_mark(c);
	unplace(c);
	if (c->lating)
		sp_buf_puts(&c->b, "Q\n");
	contents = sp_pdfw_alloc(c->w);
	sp_pdfw_stream(c->w, contents, "", c->b.s, c->b.len, 1);
	if (c->page >= c->nlate) {
		c->late = sp_realloc(c->late, (c->page + 1) * 2 *
		    sizeof(*c->late));
		memset(c->late + c->nlate, 0, ((c->page + 1) * 2 - c->nlate) *
		    sizeof(*c->late));
		c->nlate = (c->page + 1) * 2;
	}
	if (c->lating) {
		c->late[c->page].num = sp_pdfw_alloc(c->w);
		c->late[c->page].h = c->ph;
		c->lating = 0;
	}
	if (c->marks > 0)
		key = c->nkey++;
	sp_pdftree_page(c->tree, c->page, c->pageobj, key);
	t->len = 0;
	sp_buf_printf(t, "<</Type/Page/Parent %d 0 R/MediaBox[0 0 ",
	    c->pages);
	nums(t, 2, box);
	if (c->late[c->page].num != 0)
		sp_buf_printf(t, "]/Resources %d 0 R/Contents[%d 0 R %d 0 R]",
		    c->resources, contents, c->late[c->page].num);
	else
		sp_buf_printf(t, "]/Resources %d 0 R/Contents %d 0 R",
		    c->resources, contents);
	if (c->annots.len > 0) {
		sp_buf_puts(t, "/Annots[");
		sp_buf_put(t, c->annots.s + 1, c->annots.len - 1);
		sp_buf_puts(t, "]/Tabs/S");
	}
	if (key >= 0)
		sp_buf_printf(t, "/StructParents %d", key);
	sp_buf_puts(t, ">>");
	sp_pdfw_obj(c->w, c->pageobj, t->s, t->len);
	if (c->nkids == c->capkids) {
		c->capkids = c->capkids ? 2 * c->capkids : 64;
		c->kids = sp_realloc(c->kids, c->capkids * sizeof(int));
	}
	c->kids[c->nkids++] = c->pageobj;
	c->page++;
}

/*
 * A page's number after the page (sp_paint_late): the page gets a second
 * content stream, whose number its /Contents names already, written
 * when the late part comes. It is page furniture: all of it an artifact.
 */
static void
late_page(void *v)
{
	struct ctx	*c = v;

	/* the two streams are one content: each keeps its own state */
	c->lating = 1;
	content_begin(c, c->ph, 1);
}

static void
late_begin(void *v, int n)
{
	struct ctx	*c = v;

	c->skip++;
	c->ph = n < c->nlate ? c->late[n].h : 0;
	c->latenow = n;
	content_begin(c, c->ph, 1);
}

static void
late_end(void *v)
{
	struct ctx	*c = v;
	int		 n = c->latenow;

	end_mark(c);
	sp_buf_puts(&c->b, "Q\n");
	c->skip--;
	if (n < 0 || n >= c->nlate || c->late[n].num == 0) {
		if (!c->failed)
			sp_msg(SP_SYSERR, NULL, 0, "a page number for page %d, "
			    "which has no room for one", n + 1);
		c->failed = 1;
		return;
	}
	sp_pdfw_stream(c->w, c->late[n].num, "", c->b.s, c->b.len, 1);
	c->late[n].num = 0;
}

/* The fonts, the resources and the page tree. */
static void
finish_pages(struct ctx *c)
{
	struct sp_buf	*t = &c->tmp;
	int		 i;

	for (i = 0; i < c->nfaces; i++)
		if (sp_pdffont_write(c->faces[i].font, c->w,
		    c->faces[i].num) != 0)
			c->failed = 1;
	t->len = 0;
	sp_buf_puts(t, "<</Font<<");
	for (i = 0; i < c->nfaces; i++)
		sp_buf_printf(t, "/F%d %d 0 R", i, c->faces[i].num);
	sp_buf_puts(t, ">>>>");
	sp_pdfw_obj(c->w, c->resources, t->s, t->len);
	t->len = 0;
	sp_buf_puts(t, "<</Type/Pages/Kids[");
	for (i = 0; i < c->nkids; i++)
		sp_buf_printf(t, i ? " %d 0 R" : "%d 0 R", c->kids[i]);
	sp_buf_printf(t, "]/Count %d>>", c->nkids);
	sp_pdfw_obj(c->w, c->pages, t->s, t->len);
}

static int
close_ctx(void *v)
{
	struct ctx	*c = v;
	int		 i, rc, root = 0, info = 0;

	if (!c->failed && sp_pdftree_current(c->tree) >= 0) {
		sp_msg(SP_SYSERR, NULL, 0, "structure tags do not nest: %s "
		    "never ends", sp_pdftree_top(c->tree));
		c->failed = 1;
	}
	if (c->npend > 0)	/* a Link that never ended (said above) */
		flush_links(c);
	for (i = 0; i < c->nlate && !c->failed; i++)
		if (c->late[i].num != 0)	/* never came: an empty one */
			sp_pdfw_stream(c->w, c->late[i].num, "", "", 0, 1);
	if (!c->failed) {
		finish_pages(c);
		/* a document with no structure at all (a booklet's sheets)
		 * stays untagged: no tree, no /MarkInfo, no claim of PDF/UA */
		root = sp_pdfdoc_finish(c->doc, c->w, c->pages,
		    sp_pdftree_emit(c->tree), &info);
	}
	if (c->failed)
		sp_pdfw_abort(c->w);
	else if (sp_pdfw_close(c->w, root, info) != 0) {
		/* a failed write is said by the file's owner, with its path
		 * and the system's reason (sp_out_abort) */
		if (!ferror(c->out))
			sp_msg(SP_SYSERR, NULL, 0, "cannot write the PDF");
		c->failed = 1;
	}
	sp_pdfdoc_free(c->doc);
	sp_pdftree_free(c->tree);
	for (i = 0; i < c->nfaces; i++) {
		sp_pdffont_free(c->faces[i].font);
		free(c->faces[i].file);
	}
	free(c->faces);
	free(c->slot);
	free(c->kids);
	free(c->late);
	sp_buf_free(&c->b);
	sp_buf_free(&c->annots);
	sp_buf_free(&c->tmp);
	sp_buf_free(&c->ltext);
	free(c->pend);
	rc = c->failed ? -1 : 0;
	free(c);
	return rc;
}

const struct sp_painter sp_paint_pdf = {
	"pdf", pdf_open, page_begin, glyphs, fill, tag_begin, tag_end,
	outline, page_end, close_ctx, paint_link, paint_uri, dest,
	place, poly, late_page, late_begin, late_end
};
