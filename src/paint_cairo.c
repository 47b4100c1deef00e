/* paint_cairo.c: the only cairo user; tagged PDF and PNG previews. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "sp.h"
#include "sp_paint.h"

#define PT(v)	((double)(v) / SP_UNITS)

struct ctx {
	const struct sp_dl	*dl;
	FILE			*out;
	struct sp_pdfpatch	*patch;		/* PDF: finishes the tagging */
	struct sp_pdftree	*tree;		/* PDF: the structure tree */
	int			 page;		/* the page being painted */
	int			 marking;	/* a mark is open in cairo */
	int			 markel;	/* for this element */
	cairo_surface_t		*surface;
	cairo_t			*cr;
	cairo_font_face_t	**faces;
	cairo_scaled_font_t	**scaled;	/* per display-list font */
	int			 nfaces;
	int			 curfont;
	int64_t			 curcolour;	/* -1: none set yet */
	int			 png;
	int			 failed;
	int			 outline[8];	/* parent id per level */
	int			 skip;		/* inside an Artifact */
	int			 placed;	/* a page transform is set */
	double			 placescale;	/* the scale of the last */
	cairo_glyph_t		*gbuf;
	cairo_text_cluster_t	*cbuf;
	char			*tbuf;
	int			 gcap, ccap, tcap;
	/* the glyph runs gathered and not yet shown (see flush) */
	int			 pglyphs, pclusters, ptext;
	int			 pfont, prtl;
	uint32_t		 pcolour;
};

static const cairo_user_data_key_t ft_key;
static FT_Library ft;	/* lives as long as the process: cairo caches faces */

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	if (fwrite(data, 1, len, closure) != len)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_patched(void *closure, const unsigned char *data, unsigned int len)
{
	struct ctx	*c = closure;

	if (sp_pdfpatch_write(c->patch, data, len) != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

static void
done_face(void *face)
{
	FT_Done_Face(face);
}

/* The face of display-list font I, loaded on first use: one face per
 * file, so sizes share a font subset. */
static cairo_font_face_t *
face(struct ctx *c, int i)
{
	const struct sp_dl_font *f;
	FT_Face		 ff;
	int		 j, n = c->dl->nfonts;

	if (i >= c->nfaces) {
		c->faces = sp_realloc(c->faces, n * sizeof(*c->faces));
		c->scaled = sp_realloc(c->scaled, n * sizeof(*c->scaled));
		for (j = c->nfaces; j < n; j++) {
			c->faces[j] = NULL;
			c->scaled[j] = NULL;
		}
		c->nfaces = n;
	}
	if (c->faces[i] != NULL)
		return c->faces[i];
	f = &c->dl->fonts[i];
	for (j = 0; j < c->nfaces; j++)
		if (c->faces[j] != NULL && c->dl->fonts[j].index == f->index &&
		    strcmp(c->dl->fonts[j].file, f->file) == 0)
			return c->faces[i] = cairo_font_face_reference(
			    c->faces[j]);
	if ((ft == NULL && FT_Init_FreeType(&ft) != 0) ||
	    FT_New_Face(ft, f->file, f->index, &ff) != 0) {
		sp_msg(SP_SYSERR, f->file, 0, "cannot load font");
		c->failed = 1;
		return NULL;
	}
	c->faces[i] = cairo_ft_font_face_create_for_ft_face(ff, 0);
	cairo_font_face_set_user_data(c->faces[i], &ft_key, ff, done_face);
	return c->faces[i];
}

static void
set_font_options(cairo_t *cr)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
}

static void *
pdf_open(const struct sp_dl *dl, FILE *out)
{
	struct ctx	*c = sp_calloc(1, sizeof(*c));
	cairo_surface_t	*s;
	char		*was = getenv("CAIRO_DEBUG_PDF");

	c->curcolour = -1;
	c->dl = dl;
	c->out = out;
	c->tree = sp_pdftree_new(dl->lang);
	c->patch = sp_pdfpatch_new(out, c->tree, dl);
	/*
	 * cairo 1.16 leaves the content streams uncompressed while this is
	 * set (it reads it when the surface is made): paint_pdfpatch.c marks
	 * them and compresses them itself.
	 */
	if (was != NULL)
		was = sp_strdup(was);
	setenv("CAIRO_DEBUG_PDF", "1", 1);
	s = cairo_pdf_surface_create_for_stream(write_patched, c,
	    dl->npages ? PT(dl->pages[0].width) : 595,
	    dl->npages ? PT(dl->pages[0].height) : 842);
	if (was != NULL) {
		setenv("CAIRO_DEBUG_PDF", was, 1);
		free(was);
	} else
		unsetenv("CAIRO_DEBUG_PDF");
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, dl->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
	    dl->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
	    dl->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS,
	    dl->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "sakspapir " SP_VERSION);
	if (dl->date != NULL) {
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_CREATE_DATE, dl->date);
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_MOD_DATE, dl->date);
	}
	c->surface = s;
	c->cr = cairo_create(s);
	set_font_options(c->cr);
	return c;
}

static void *
png_open(const struct sp_dl *dl, FILE *out)
{
	struct ctx	*c = sp_calloc(1, sizeof(*c));

	c->dl = dl;
	c->out = out;
	c->png = 1;
	return c;
}

static void
page_begin(void *v, int n, int32_t w, int32_t h)
{
	struct ctx	*c = v;

	(void)n;
	if (c->png) {
		double scale = 150.0 / 72.0;

		c->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    (int)(PT(w) * scale + 0.5), (int)(PT(h) * scale + 0.5));
		c->cr = cairo_create(c->surface);
		set_font_options(c->cr);
		cairo_set_source_rgb(c->cr, 1, 1, 1);
		cairo_paint(c->cr);
		cairo_scale(c->cr, scale, scale);
		c->curfont = 0;
		c->curcolour = -1;
		return;
	}
	cairo_pdf_surface_set_size(c->surface, PT(w), PT(h));
}

/* Sets the source colour, unless it is set already. */
static void
colour(struct ctx *c, uint32_t rgb)
{
	if (c->curcolour == rgb)
		return;
	c->curcolour = rgb;
	cairo_set_source_rgb(c->cr, ((rgb >> 16) & 0xFF) / 255.0,
	    ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

/*
 * Structure marks. Whatever is drawn while an element is open (and no
 * Artifact) belongs to the innermost open element: text always, fills
 * only inside a Figure (elsewhere they are rules and backgrounds). It is
 * put between cairo_tag_begin and _end, only so that cairo writes a
 * marked-content sequence with an MCID around it; paint_pdfpatch.c gives
 * it its element's type and writes the tree. The tag is a Link without
 * attributes: cairo 1.16 writes no annotation for it, and as long as all
 * its tags are links it writes no structure tree of its own either (one
 * object per mark, to be dropped again, was a tenth of the time of a big
 * sak). A mark is opened only when something is drawn, so none is
 * empty, and closed when the drawing belongs elsewhere or the page ends.
 * Anything drawn outside a mark becomes an artifact.
 */
static void
mark(struct ctx *c, int fill)
{
	int	 el;

	if (c->tree == NULL)
		return;
	el = sp_pdftree_current(c->tree);
	if (c->skip > 0 || (fill && el >= 0 &&
	    strcmp(sp_pdftree_top(c->tree), "Figure") != 0))
		el = -1;
	if (c->marking && c->markel == el)
		return;
	if (c->marking) {
		cairo_tag_end(c->cr, CAIRO_TAG_LINK);
		c->marking = 0;
	}
	if (el < 0)
		return;
	sp_pdftree_mark(c->tree, c->page, 1);
	cairo_tag_begin(c->cr, CAIRO_TAG_LINK, "");
	c->marking = 1;
	c->markel = el;
}

/*
 * Glyph runs are not shown one by one: the lines of a paragraph or a
 * cell that follow each other in one font and colour are gathered and
 * shown by one call, since each call has a cost of its own in cairo's
 * PDF surface (on a big status table this halves the calls and saves a
 * tenth of the time; the PDF is the same). Anything else drawn, a tag,
 * and the end of the page show what is gathered; an outline entry draws
 * nothing and does not.
 */
static void
flush(struct ctx *c)
{
	int	f = c->pfont;

	if (c->pglyphs == 0)
		return;
	if (face(c, f) == NULL) {
		c->pglyphs = c->pclusters = c->ptext = 0;
		return;
	}
	if (c->scaled[f] == NULL) {
		cairo_matrix_t		 fm, ctm;
		cairo_font_options_t	*fo = cairo_font_options_create();

		cairo_matrix_init_scale(&fm, PT(c->dl->fonts[f].size),
		    PT(c->dl->fonts[f].size));
		cairo_get_matrix(c->cr, &ctm);
		cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
		cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
		c->scaled[f] = cairo_scaled_font_create(c->faces[f], &fm, &ctm,
		    fo);
		cairo_font_options_destroy(fo);
	}
	mark(c, 0);
	if (c->curfont != f + 1) {
		cairo_set_scaled_font(c->cr, c->scaled[f]);
		c->curfont = f + 1;
	}
	colour(c, c->pcolour);
	if (c->pclusters == 0)
		cairo_show_glyphs(c->cr, c->gbuf, c->pglyphs);
	else
		cairo_show_text_glyphs(c->cr, c->tbuf, c->ptext, c->gbuf,
		    c->pglyphs, c->cbuf, c->pclusters, c->prtl ?
		    CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
	c->pglyphs = c->pclusters = c->ptext = 0;
}

static void
gather(struct ctx *c, const struct sp_op *op)
{
	int		 i, g, k;

	if (c->pglyphs > 0 && (c->pfont != op->font ||
	    c->pcolour != op->colour || c->prtl != (op->level & SP_GLYPHS_RTL) ||
	    (c->pclusters == 0) != (op->nclusters == 0)))
		flush(c);
	if (c->pglyphs == 0) {
		c->pfont = op->font;
		c->pcolour = op->colour;
		c->prtl = op->level & SP_GLYPHS_RTL;
	}
	g = c->pglyphs;
	k = c->pclusters;
	if (g + op->nglyphs > c->gcap) {
		c->gcap = (g + op->nglyphs) * 2;
		c->gbuf = sp_realloc(c->gbuf, c->gcap * sizeof(*c->gbuf));
	}
	if (k + op->nclusters > c->ccap) {
		c->ccap = (k + op->nclusters) * 2;
		c->cbuf = sp_realloc(c->cbuf, c->ccap * sizeof(*c->cbuf));
	}
	for (i = 0; i < op->nglyphs; i++) {
		c->gbuf[g + i].index = op->glyphs[i].id;
		c->gbuf[g + i].x = PT(op->x + op->glyphs[i].x);
		c->gbuf[g + i].y = PT(op->y + op->glyphs[i].y);
	}
	for (i = 0; i < op->nclusters; i++) {
		c->cbuf[k + i].num_bytes = op->clusters[2 * i];
		c->cbuf[k + i].num_glyphs = op->clusters[2 * i + 1];
	}
	if (op->nclusters > 0) {
		if (c->ptext + op->ntext > c->tcap) {
			c->tcap = (c->ptext + op->ntext) * 2;
			c->tbuf = sp_realloc(c->tbuf, c->tcap);
		}
		memcpy(c->tbuf + c->ptext, op->text, op->ntext);
		c->ptext += op->ntext;
	}
	c->pglyphs += op->nglyphs;
	c->pclusters += op->nclusters;
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
	    c->tree == NULL) {
		gather(c, op);
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
	if (head.nglyphs > 0)
		gather(c, &head);
	flush(c);
	c->skip++;
	gather(c, &tail);
	flush(c);
	c->skip--;
}

static void
fill(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	flush(c);
	mark(c, 1);
	colour(c, op->colour);
	cairo_rectangle(c->cr, PT(op->x), PT(op->y), PT(op->w), PT(op->h));
	cairo_fill(c->cr);
}

static void
poly(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	int		 k;

	flush(c);
	mark(c, 1);
	colour(c, op->colour);
	for (k = 0; k < op->npts; k++)
		(k == 0 ? cairo_move_to : cairo_line_to)(c->cr,
		    PT(op->pts[2 * k]), PT(op->pts[2 * k + 1]));
	cairo_close_path(c->cr);
	cairo_fill(c->cr);
}

/*
 * Structure tags build the tree (see mark); cairo is not told of them.
 * Within an Artifact nothing is tagged.
 */
static void
tag_begin(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	flush(c);
	if (strcmp(op->name, "Artifact") == 0) {
		c->skip++;
		return;
	}
	if (c->skip == 0 && c->tree != NULL)
		sp_pdftree_begin(c->tree, op->name, op->attrs);
}

static void
tag_end(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	flush(c);
	if (strcmp(op->name, "Artifact") == 0) {
		c->skip--;
		return;
	}
	if (c->skip == 0 && c->tree != NULL && !c->failed &&
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
	char		*link;
	int		 lv = op->level < 1 ? 1 : op->level > 7 ? 7 : op->level;
	int		 parent = lv > 1 ? c->outline[lv - 1] :
			    CAIRO_PDF_OUTLINE_ROOT;

	link = sp_printf("page=%d pos=[0 %.2f]", page + 1, PT(op->y));
	c->outline[lv] = cairo_pdf_surface_add_outline(c->surface, parent,
	    op->name, link, lv == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	for (int i = lv + 1; i < 8; i++)
		c->outline[i] = c->outline[lv];
	free(link);
}

/*
 * Links and named destinations. cairo 1.16 takes them as tags whose
 * attributes are a string: values in single quotes, with ' and \
 * escaped by a backslash. A link gives its box, so it encloses no
 * drawing; a destination gives its point.
 */
static char *
quoted(const char *s)
{
	struct sp_buf	b = { NULL, 0, 0 };

	sp_buf_putc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			sp_buf_putc(&b, '\\');
		sp_buf_putc(&b, *s);
	}
	sp_buf_putc(&b, '\'');
	sp_buf_putc(&b, '\0');
	return b.s;
}

static void
link_to(struct ctx *c, const char *key, const struct sp_op *op)
{
	char	*q, *attrs;

	if (c->skip != 0)
		return;
	flush(c);
	/*
	 * cairo writes the annotation and an empty marked-content sequence
	 * for the tag, which takes an MCID (dropped again): the open mark
	 * ends first, so that the tag is not inside it. The annotation
	 * belongs to the Link element the text is in (layout puts one around
	 * a link's glyph runs), or to one of its own.
	 */
	if (c->marking) {
		cairo_tag_end(c->cr, CAIRO_TAG_LINK);
		c->marking = 0;
	}
	if (c->tree != NULL) {
		int	own = sp_pdftree_top(c->tree) == NULL ||
			    strcmp(sp_pdftree_top(c->tree), "Link") != 0;

		sp_pdftree_mark(c->tree, c->page, 0);
		if (own)
			sp_pdftree_begin(c->tree, "Link", NULL);
		sp_pdftree_link(c->tree);
		if (own)
			sp_pdftree_end(c->tree, "Link");
	}
	q = quoted(op->name);
	attrs = sp_printf("%s=%s rect=[%.2f %.2f %.2f %.2f]", key, q,
	    PT(op->x), PT(op->y), PT(op->w), PT(op->h));
	cairo_tag_begin(c->cr, CAIRO_TAG_LINK, attrs);
	cairo_tag_end(c->cr, CAIRO_TAG_LINK);
	free(attrs);
	free(q);
}

static void
paint_link(void *v, const struct sp_op *op)
{
	link_to(v, "dest", op);
}

static void
paint_uri(void *v, const struct sp_op *op)
{
	link_to(v, "uri", op);
}

static void
paint_dest(void *v, int page, const struct sp_op *op)
{
	struct ctx	*c = v;
	char		*q, *attrs;

	(void)page;
	q = quoted(op->name);
	attrs = sp_printf("name=%s x=%.2f y=%.2f", q, PT(op->x), PT(op->y));
	cairo_tag_begin(c->cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(c->cr, CAIRO_TAG_DEST);
	free(attrs);
	free(q);
}

/*
 * A placed page (imposition): what follows is drawn scaled by the
 * place's factor about the page's top left corner, put at (x, y) of the
 * sheet. Vectors stay vectors and text stays text. The state saved
 * before is restored at the next place or the end of the sheet, which
 * forgets the font and colour set. Scaled fonts are made for one
 * transform, so a new scale makes them anew.
 */
static void
unplace(struct ctx *c)
{
	if (!c->placed)
		return;
	cairo_restore(c->cr);
	c->placed = 0;
	c->curfont = 0;
	c->curcolour = -1;
}

static void
place(void *v, const struct sp_place *pl)
{
	struct ctx	*c = v;
	int		 i;

	flush(c);
	unplace(c);
	if (pl->scale != c->placescale) {
		for (i = 0; i < c->nfaces; i++)
			if (c->scaled[i] != NULL) {
				cairo_scaled_font_destroy(c->scaled[i]);
				c->scaled[i] = NULL;
			}
		c->placescale = pl->scale;
	}
	cairo_save(c->cr);
	cairo_translate(c->cr, PT(pl->x), PT(pl->y));
	cairo_scale(c->cr, pl->scale, pl->scale);
	c->placed = 1;
}

static void
page_end(void *v)
{
	struct ctx	*c = v;

	flush(c);
	unplace(c);
	if (c->png) {
		cairo_destroy(c->cr);
		c->cr = NULL;
		if (cairo_surface_write_to_png_stream(c->surface, write_out,
		    c->out) != CAIRO_STATUS_SUCCESS) {
			/* a failed write is said by the file's owner, with
			 * its path (sp_out_abort) */
			if (!ferror(c->out))
				sp_msg(SP_SYSERR, NULL, 0, "cannot write a "
				    "PNG page");
			c->failed = 1;
		}
		cairo_surface_destroy(c->surface);
		c->surface = NULL;
		return;
	}
	if (c->marking) {
		cairo_tag_end(c->cr, CAIRO_TAG_LINK);
		c->marking = 0;
	}
	cairo_show_page(c->cr);
	c->page++;
}

static int
close_ctx(void *v)
{
	struct ctx	*c = v;
	int		 i, rc;

	if (c->tree != NULL && !c->failed &&
	    sp_pdftree_current(c->tree) >= 0) {
		sp_msg(SP_SYSERR, NULL, 0, "structure tags do not nest: %s "
		    "never ends", sp_pdftree_top(c->tree));
		c->failed = 1;
	}
	if (c->cr != NULL) {
		if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
			sp_msg(SP_SYSERR, NULL, 0, "cairo: %s",
			    cairo_status_to_string(cairo_status(c->cr)));
			c->failed = 1;
		}
		cairo_destroy(c->cr);
	}
	/*
	 * After an error on the context (unbalanced structure tags, say)
	 * cairo 1.16 can crash while finishing the PDF surface, so a failed
	 * surface is not finished: the document is not written anyway. It is
	 * destroyed all the same (that does not crash; make check-asan found
	 * the 120 KB it kept otherwise, with the unit test of this path).
	 */
	if (c->surface != NULL && !c->failed) {
		cairo_surface_finish(c->surface);
		if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS) {
			if (!ferror(c->out))
				sp_msg(SP_SYSERR, NULL, 0, "cairo: %s",
				    cairo_status_to_string(
				    cairo_surface_status(c->surface)));
			c->failed = 1;
		}
		cairo_surface_destroy(c->surface);
	} else if (c->surface != NULL)
		cairo_surface_destroy(c->surface);
	if (c->patch != NULL && sp_pdfpatch_close(c->patch) != 0) {
		/* a failed write is said by the file's owner, with its path
		 * and the system's reason (sp_out_abort) */
		if (!ferror(c->out))
			sp_msg(SP_SYSERR, NULL, 0, "cannot write the PDF");
		c->failed = 1;
	}
	sp_pdftree_free(c->tree);
	for (i = 0; i < c->nfaces; i++) {
		if (c->scaled[i] != NULL)
			cairo_scaled_font_destroy(c->scaled[i]);
		if (c->faces[i] != NULL)
			cairo_font_face_destroy(c->faces[i]);
	}
	free(c->scaled);
	free(c->faces);
	free(c->gbuf);
	free(c->cbuf);
	free(c->tbuf);
	rc = c->failed ? -1 : 0;
	free(c);
	return rc;
}

const struct sp_painter sp_paint_pdf = {
	"pdf", pdf_open, page_begin, glyphs, fill, tag_begin, tag_end,
	outline, page_end, close_ctx, paint_link, paint_uri, paint_dest,
	place, poly
};

const struct sp_painter sp_paint_png = {
	"png", png_open, page_begin, glyphs, fill, NULL, NULL, NULL,
	page_end, close_ctx, NULL, NULL, NULL, place, poly
};
