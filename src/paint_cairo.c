/* paint_cairo.c: the only cairo user: PNG previews (the PDF is paint_pdf.c's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "sp.h"
#include "sp_data.h"
#include "sp_paint.h"

/*
 * cairo is opened when a PNG is first painted, not linked: linked, it
 * and the libraries it brings (pixman, X11, xcb and theirs, a dozen)
 * were loaded and relocated at the start of every run, PNG or not.
 */
#define CAIROFNS(X) \
	X(cairo_close_path) \
	X(cairo_create) \
	X(cairo_destroy) \
	X(cairo_fill) \
	X(cairo_font_face_destroy) \
	X(cairo_font_face_reference) \
	X(cairo_font_face_set_user_data) \
	X(cairo_font_options_create) \
	X(cairo_font_options_destroy) \
	X(cairo_font_options_set_hint_metrics) \
	X(cairo_font_options_set_hint_style) \
	X(cairo_ft_font_face_create_for_ft_face) \
	X(cairo_get_matrix) \
	X(cairo_image_surface_create) \
	X(cairo_line_to) \
	X(cairo_matrix_init_scale) \
	X(cairo_move_to) \
	X(cairo_paint) \
	X(cairo_rectangle) \
	X(cairo_restore) \
	X(cairo_save) \
	X(cairo_scale) \
	X(cairo_scaled_font_create) \
	X(cairo_scaled_font_destroy) \
	X(cairo_set_font_options) \
	X(cairo_set_scaled_font) \
	X(cairo_set_source_rgb) \
	X(cairo_show_glyphs) \
	X(cairo_show_text_glyphs) \
	X(cairo_surface_destroy) \
	X(cairo_surface_write_to_png_stream) \
	X(cairo_translate)

SP_LIB_TABLE(cf, CAIROFNS);

#define PT(v)	((double)(v) / SP_UNITS)

struct ctx {
	const struct sp_dl	*dl;
	FILE			*out;
	cairo_surface_t		*surface;
	cairo_t			*cr;
	cairo_font_face_t	**faces;
	cairo_scaled_font_t	**scaled;	/* per display-list font */
	int			 nfaces;
	int			 curfont;
	int64_t			 curcolour;	/* -1: none set yet */
	int			 failed;
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
			return c->faces[i] = cf.cairo_font_face_reference(
			    c->faces[j]);
	if ((ft == NULL && FT_Init_FreeType(&ft) != 0) ||
	    FT_New_Face(ft, f->file, f->index, &ff) != 0) {
		sp_msg(SP_SYSERR, f->file, 0, "cannot load font");
		c->failed = 1;
		return NULL;
	}
	c->faces[i] = cf.cairo_ft_font_face_create_for_ft_face(ff, 0);
	cf.cairo_font_face_set_user_data(c->faces[i], &ft_key, ff, done_face);
	return c->faces[i];
}

/* Font options with no hinting of outlines or metrics; caller destroys. */
static cairo_font_options_t *
unhinted(void)
{
	cairo_font_options_t *fo = cf.cairo_font_options_create();

	cf.cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cf.cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	return fo;
}

static void
set_font_options(cairo_t *cr)
{
	cairo_font_options_t *fo = unhinted();

	cf.cairo_set_font_options(cr, fo);
	cf.cairo_font_options_destroy(fo);
}

static void *
png_open(const struct sp_dl *dl, FILE *out)
{
	static const char *const so[] = { "libcairo.so.2", "libcairo.so",
		    NULL };
	static int	 loaded;
	struct ctx	*c;

	if (SP_LIB_LOAD(so, cf, &loaded, NULL, "cairo to paint PNG pages") != 0)
		return NULL;
	c = sp_calloc(1, sizeof(*c));
	c->dl = dl;
	c->out = out;
	return c;
}

static void
page_begin(void *v, int n, int32_t w, int32_t h)
{
	struct ctx	*c = v;
	double		 scale = 150.0 / 72.0;

	(void)n;
	c->surface = cf.cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)(PT(w) * scale + 0.5), (int)(PT(h) * scale + 0.5));
	c->cr = cf.cairo_create(c->surface);
	set_font_options(c->cr);
	cf.cairo_set_source_rgb(c->cr, 1, 1, 1);
	cf.cairo_paint(c->cr);
	cf.cairo_scale(c->cr, scale, scale);
	c->curfont = 0;
	c->curcolour = -1;
}

/* Sets the source colour, unless it is set already. */
static void
colour(struct ctx *c, uint32_t rgb)
{
	if (c->curcolour == rgb)
		return;
	c->curcolour = rgb;
	cf.cairo_set_source_rgb(c->cr, ((rgb >> 16) & 0xFF) / 255.0,
	    ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

/*
 * Glyph runs are not shown one by one: the lines of a paragraph or a
 * cell that follow each other in one font and colour are gathered and
 * shown by one call, since each call has a cost of its own in cairo.
 * Anything else drawn and the end of the page show what is gathered.
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
		cairo_font_options_t	*fo = unhinted();

		cf.cairo_matrix_init_scale(&fm, PT(c->dl->fonts[f].size),
		    PT(c->dl->fonts[f].size));
		cf.cairo_get_matrix(c->cr, &ctm);
		c->scaled[f] = cf.cairo_scaled_font_create(c->faces[f], &fm,
		    &ctm, fo);
		cf.cairo_font_options_destroy(fo);
	}
	if (c->curfont != f + 1) {
		cf.cairo_set_scaled_font(c->cr, c->scaled[f]);
		c->curfont = f + 1;
	}
	colour(c, c->pcolour);
	if (c->pclusters == 0)
		cf.cairo_show_glyphs(c->cr, c->gbuf, c->pglyphs);
	else
		cf.cairo_show_text_glyphs(c->cr, c->tbuf, c->ptext, c->gbuf,
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

static void
glyphs(void *v, const struct sp_op *op)
{
	gather(v, op);
}

static void
fill(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;

	flush(c);
	colour(c, op->colour);
	cf.cairo_rectangle(c->cr, PT(op->x), PT(op->y), PT(op->w), PT(op->h));
	cf.cairo_fill(c->cr);
}

static void
poly(void *v, const struct sp_op *op)
{
	struct ctx	*c = v;
	int		 k;

	flush(c);
	colour(c, op->colour);
	for (k = 0; k < op->npts; k++)
		(k == 0 ? cf.cairo_move_to : cf.cairo_line_to)(c->cr,
		    PT(op->pts[2 * k]), PT(op->pts[2 * k + 1]));
	cf.cairo_close_path(c->cr);
	cf.cairo_fill(c->cr);
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
	cf.cairo_restore(c->cr);
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
				cf.cairo_scaled_font_destroy(c->scaled[i]);
				c->scaled[i] = NULL;
			}
		c->placescale = pl->scale;
	}
	cf.cairo_save(c->cr);
	cf.cairo_translate(c->cr, PT(pl->x), PT(pl->y));
	cf.cairo_scale(c->cr, pl->scale, pl->scale);
	c->placed = 1;
}

static void
page_end(void *v)
{
	struct ctx	*c = v;

	flush(c);
	unplace(c);
	cf.cairo_destroy(c->cr);
	c->cr = NULL;
	if (cf.cairo_surface_write_to_png_stream(c->surface, write_out,
	    c->out) != CAIRO_STATUS_SUCCESS) {
		/* a failed write is said by the file's owner, with its path
		 * (sp_out_abort) */
		if (!ferror(c->out))
			sp_msg(SP_SYSERR, NULL, 0, "cannot write a PNG page");
		c->failed = 1;
	}
	cf.cairo_surface_destroy(c->surface);
	c->surface = NULL;
}

static int
close_ctx(void *v)
{
	struct ctx	*c = v;
	int		 i, rc;

	if (c->cr != NULL)
		cf.cairo_destroy(c->cr);
	if (c->surface != NULL)
		cf.cairo_surface_destroy(c->surface);
	for (i = 0; i < c->nfaces; i++) {
		if (c->scaled[i] != NULL)
			cf.cairo_scaled_font_destroy(c->scaled[i]);
		if (c->faces[i] != NULL)
			cf.cairo_font_face_destroy(c->faces[i]);
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

const struct sp_painter sp_paint_png = {
	"png", png_open, page_begin, glyphs, fill, NULL, NULL, NULL,
	page_end, close_ctx, NULL, NULL, NULL, place, poly,
	NULL, NULL, NULL
};
