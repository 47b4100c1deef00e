/* layout_shape.c: with layout_text.c the only Pango and HarfBuzz user:
 * words shaped straight with HarfBuzz on Pango's fonts (shape plans
 * found once; on the sp-shape thread too), Pango's shaping of a word
 * the fonts of its role lack a glyph for, and glyphs made display-list
 * runs (for layout_text.c's paragraphs too). It calls nothing of
 * layout_text.c, whose font setup it shapes with. */
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>
#include <pango/pangofc-font.h>

#include "ltext.h"

/*
 * The OpenType features of a role: the style's, with the standard
 * ligatures off, so that "fl" is two letters in the PDF's text (copied,
 * searched and read aloud) and not one ligature character.
 */
static char *
feature_string(const struct sp_textstyle *ts)
{
	const char	*f = ts->features;

	return f != NULL && *f != '\0' ? sp_printf("liga=0, clig=0, %s", f) :
	    sp_strdup("liga=0, clig=0");
}

PangoAttribute *
lt_features(struct sp_pango *t, enum sp_role role)
{
	if (t->feat[role] == NULL)
		t->feat[role] = feature_string(&t->st->role[role]);
	return pango_attr_font_features_new(t->feat[role]);
}

/* The display-list font index of a Pango font. */
int
lt_font_index(struct sp_pango *t, PangoFont *f)
{
	PangoFontDescription *d;
	FcPattern	*pat;
	FcChar8		*file = NULL;
	int		 i, idx = 0, size;
	char		*name;

	for (i = 0; i < t->nfonts; i++)
		if (t->fonts[i].font == f)
			return t->fonts[i].index;
	pat = pango_fc_font_get_pattern(PANGO_FC_FONT(f));
	FcPatternGetString(pat, FC_FILE, 0, &file);
	FcPatternGetInteger(pat, FC_INDEX, 0, &idx);
	d = pango_font_describe_with_absolute_size(f);
	size = pango_font_description_get_size(d);
	name = pango_font_description_to_string(d);
	t->fonts = sp_realloc(t->fonts, (t->nfonts + 1) * sizeof(*t->fonts));
	t->fonts[t->nfonts].font = g_object_ref(f);
	t->fonts[t->nfonts].index = sp_dl_font(t->dl,
	    file ? (const char *)file : "?", idx, size, name);
	g_free(name);
	pango_font_description_free(d);
	return t->fonts[t->nfonts++].index;
}

/*
 * Turn one Pango glyph item into a display-list glyph op in font FONT
 * (an index of DL's font table). Soft hyphens that did not break vanish;
 * one that broke shows "-" in the text and flags the run
 * (SP_GLYPHS_HYPHEN). A glyph the fonts lack is noted in DL, which is
 * NULL (touched by no one) on the pre-shaping thread: its words have
 * none. Memory comes from A and malloc only.
 */
static void
make_run(struct sp_dl *dl, int font, struct sp_arena *a, const char *text,
    PangoGlyphItem *gi, int32_t x, struct sp_tl_run *run)
{
	PangoGlyphString *gs = gi->glyphs;
	PangoItem	*item = gi->item;
	struct sp_op	*op = &run->op;
	struct sp_buf	 tx = { NULL, 0, 0 };
	struct {
		size_t	 off, len;
		int	 nglyph;
	}		*seg;
	char		*out;
	size_t		 o;
	int		 i, j, ng = 0, nc = 0, start, end, big = 0;
	int		 rtl = item->analysis.level & 1, hyphen = 0;
	int32_t		 pen = 0;

	op->type = SP_OP_GLYPHS;
	op->font = (uint16_t)font;
	op->x = x;
	op->glyphs = sp_arena_alloc(a, sizeof(*op->glyphs) *
	    (gs->num_glyphs + 1));
	op->clusters = sp_arena_alloc(a, sizeof(uint8_t) * 2 *
	    (gs->num_glyphs + 1));
	sp_buf_puts(&tx, "");
	/* clusters in glyph (visual) order: its text is tx[off, off+len] */
	seg = sp_calloc(gs->num_glyphs + 1, sizeof(*seg));
	for (i = 0; i < gs->num_glyphs; i = j) {
		int	 nglyph = 0;
		size_t	 before = tx.len;

		start = gs->log_clusters[i];
		for (j = i; j < gs->num_glyphs &&
		    gs->log_clusters[j] == start; j++)
			;
		/* a cluster's text runs to where the next one (in text
		 * order) starts: after it in glyph order, or before it in a
		 * right-to-left run */
		if (rtl)
			end = i > 0 ? gs->log_clusters[i - 1] : item->length;
		else
			end = j < gs->num_glyphs ? gs->log_clusters[j] :
			    item->length;
		for (int k = i; k < j; k++) {
			PangoGlyphInfo *g = &gs->glyphs[k];

			/* a character the bundled fonts lack shows as the
			 * font's empty box (glyph 0) and is counted, so the
			 * reader sees it and the user is told */
			if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
				/* counted where drawn (layout.c) */
				if (dl != NULL && dl->missing_cp == 0)
					dl->missing_cp = g->glyph &
					    ~PANGO_GLYPH_UNKNOWN_FLAG;
				op->glyphs[ng].id = 0;
				op->glyphs[ng].x = pen;
				op->glyphs[ng].y = 0;
				ng++;
				nglyph++;
			} else if (g->glyph != PANGO_GLYPH_EMPTY &&
			    g->glyph <= 0xFFFF) {
				op->glyphs[ng].id = (uint16_t)g->glyph;
				op->glyphs[ng].x = pen + g->geometry.x_offset;
				op->glyphs[ng].y = (int16_t)g->geometry.y_offset;
				ng++;
				nglyph++;
			}
			pen += g->geometry.width;
		}
		/* the cluster's text, without soft hyphens and the marks
		 * addr_text puts into addresses */
		for (int b = start; b < end; b++) {
			const char *ch = text + item->offset + b;

			if (b + 2 < end && (unsigned char)ch[0] == 0xE2 &&
			    (((unsigned char)ch[1] == 0x80 &&
			    (unsigned char)ch[2] == 0x8B) ||
			    ((unsigned char)ch[1] == 0x81 &&
			    (unsigned char)ch[2] == 0xA0))) {
				b += 2;
				continue;
			}

			if ((unsigned char)ch[0] == 0xC2 &&
			    (unsigned char)ch[1] == 0xAD && b + 1 < end + 1) {
				if (nglyph > 0 && end - start == 2) {
					sp_buf_putc(&tx, '-');
					hyphen = 1;
				}
				b++;
				continue;
			}
			sp_buf_putc(&tx, *ch);
		}
		if (nglyph == 0 && tx.len == before)
			continue;
		if (tx.len - before > 255 || nglyph > 255)
			big = 1;	/* no map rather than a wrong one */
		seg[nc].off = before;
		seg[nc].len = tx.len - before;
		seg[nc].nglyph = nglyph;
		nc++;
	}
	/* text and cluster map in text order; for a right-to-left run the
	 * painter maps the first cluster to the last glyphs */
	out = sp_arena_alloc(a, tx.len + 1);
	for (i = 0, o = 0; i < nc; i++) {
		int k = rtl ? nc - 1 - i : i;

		memcpy(out + o, tx.s + seg[k].off, seg[k].len);
		o += seg[k].len;
		op->clusters[2 * i] = (uint8_t)seg[k].len;
		op->clusters[2 * i + 1] = (uint8_t)seg[k].nglyph;
	}
	/* a broken soft hyphen is the run's last cluster (text order) */
	op->level = (uint8_t)((rtl ? SP_GLYPHS_RTL : 0) |
	    (hyphen && !rtl && nc > 0 && seg[nc - 1].len == 1 &&
	    tx.s[seg[nc - 1].off] == '-' ? SP_GLYPHS_HYPHEN : 0));
	free(seg);
	op->nglyphs = ng;
	op->nclusters = big ? 0 : nc;
	op->ntext = (int)tx.len;
	op->text = out;
	op->w = pen;
	sp_buf_free(&tx);
}

/* make_run for layout_text.c (Pango's paragraphs); the words shaped here
 * call it as it is. */
void
lt_make_run(struct sp_dl *dl, int font, struct sp_arena *a, const char *text,
    PangoGlyphItem *gi, int32_t x, struct sp_tl_run *run)
{
	make_run(dl, font, a, text, gi, x, run);
}

/* ------------------------------------------------- shaping words */

/*
 * What pango_shape_with_flags (Pango 1.50) asks HarfBuzz for a word in
 * FONT, into H, found once: the font's HarfBuzz font, its features (the
 * font's own, then those of the role, FEAT, as Pango gathers them from
 * the attributes) and the segment's properties; plan_make adds the shape
 * plan. Pango makes a sub-font, parses the features and looks the plan
 * up again for every word: a fifth of the shaping time of Sak 03-26.
 * Left without a plan, words go through pango_shape_with_flags.
 */
static void
hb_for(PangoContext *ctx, const char *feat, PangoFont *font,
    struct hbshape *h)
{
	const char	*f, *end;

	if ((h->hb = pango_font_get_hb_font(font)) == NULL)
		return;
	pango_font_get_features(font, h->feat, 32, &h->nfeat);
	for (f = feat; f != NULL && h->nfeat < 32;
	    f = end != NULL ? end + 1 : NULL) {
		end = strchr(f, ',');
		if (hb_feature_from_string(f, end != NULL ? (int)(end - f) : -1,
		    &h->feat[h->nfeat])) {
			/* the attribute's: the whole text */
			h->feat[h->nfeat].start = 0;
			h->feat[h->nfeat].end = (unsigned)-1;
			h->nfeat++;
		}
	}
	memset(&h->props, 0, sizeof(h->props));
	h->props.direction = HB_DIRECTION_LTR;
	h->props.script = (hb_script_t)g_unicode_script_to_iso15924(
	    G_UNICODE_SCRIPT_LATIN);
	h->props.language = hb_language_from_string(pango_language_to_string(
	    pango_context_get_language(ctx)), -1);
}

/*
 * H's shape plan, from HarfBuzz's cache of the face's plans: made once,
 * by whichever thread comes first (HarfBuzz's cache and plans may be
 * shared between threads; a plan costs ~0.1 ms to make).
 */
static void
plan_make(struct hbshape *h)
{
	const int	*coords;
	unsigned	 ncoords;

	coords = hb_font_get_var_coords_normalized(h->hb, &ncoords);
	h->plan = hb_shape_plan_create_cached2(hb_font_get_face(h->hb),
	    &h->props, h->feat, h->nfeat, coords, ncoords, NULL);
}

/* The description of a role's font (D, for TS) in style FLAGS
 * (SP_SPAN_B, _I); the caller frees it. */
static PangoFontDescription *
style_desc(const PangoFontDescription *d, const struct sp_textstyle *ts,
    unsigned flags)
{
	PangoFontDescription *c = pango_font_description_copy(d);

	if (flags & SP_SPAN_B)
		pango_font_description_set_weight(c, PANGO_WEIGHT_BOLD);
	if (flags & SP_SPAN_I)
		pango_font_description_set_style(c, ts->italic ?
		    PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
	return c;
}

/*
 * Each role's font in each of the four styles, its HarfBuzz font and
 * features, loaded with the rest of the setup on its thread when words
 * are to be shaped ahead of layout: that thread (sp_shaper_new) may not
 * call Pango itself, and the main thread takes them from here too
 * (get_shaper). Some twenty serve a document; all 68 cost the font
 * thread ~0.7 ms while the master is read. The shape plans (0.1 ms a
 * face) are made where they are first needed (plan_make).
 */
void
lt_setup_shapes(struct fontsetup *fs)
{
	PangoFontDescription *d;
	struct setshape	*ss;
	char		*feat;
	int		 r, k;

	for (r = 0; r < SP_ROLE__MAX; r++) {
		feat = feature_string(&fs->st->role[r]);
		for (k = 0; k < 4; k++) {
			ss = &fs->shape[r][k];
			d = style_desc(fs->desc[r], &fs->st->role[r],
			    (unsigned)k);
			ss->font = pango_font_map_load_font(fs->fm, fs->ctx, d);
			pango_font_description_free(d);
			if (ss->font != NULL)
				hb_for(fs->ctx, feat, ss->font, &ss->h);
		}
		free(feat);
	}
	fs->shaped = 1;
}

/*
 * TEXT (N bytes) shaped with H's plan into GS, as pango_hb_shape and
 * pango_shape_internal leave it, in the buffer *BUF (made on first use).
 * -1 if the font lacks a character (glyph 0: Pango's own shaping then
 * finds another font, as before). No Pango call: any thread may shape,
 * each with its own buffer, glyph string and H.
 */
static int
shape_words(hb_buffer_t **buf, const struct hbshape *h, const char *text,
    size_t n, PangoGlyphString *gs)
{
	hb_glyph_info_t	*info;
	hb_glyph_position_t *pos;
	hb_buffer_t	*b;
	unsigned	 ng, i;

	if (*buf == NULL)
		*buf = hb_buffer_create();
	b = *buf;
	hb_buffer_clear_contents(b);
	hb_buffer_set_segment_properties(b, &h->props);
	hb_buffer_set_cluster_level(b,
	    HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_flags(b, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
	hb_buffer_set_invisible_glyph(b, PANGO_GLYPH_EMPTY);
	hb_buffer_add_utf8(b, text, (int)n, 0, (int)n);
	hb_shape_plan_execute(h->plan, h->hb, b, h->feat, h->nfeat);
	info = hb_buffer_get_glyph_infos(b, &ng);
	pos = hb_buffer_get_glyph_positions(b, NULL);
	if (ng == 0)
		return -1;
	pango_glyph_string_set_size(gs, (int)ng);
	for (i = 0; i < ng; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];

		if (info[i].codepoint == 0)
			return -1;
		g->glyph = info[i].codepoint;
		gs->log_clusters[i] = (int)info[i].cluster;
		g->attr.is_cluster_start = i == 0 ||
		    info[i].cluster != info[i - 1].cluster;
		g->geometry.width = pos[i].x_advance;
		g->geometry.x_offset = pos[i].x_offset;
		g->geometry.y_offset = -pos[i].y_offset;
		if (g->geometry.width < 0) {
			g->geometry.width = -g->geometry.width;
			g->geometry.x_offset += g->geometry.width;
		}
	}
	return 0;
}

/* Does GS hold a glyph its font lacks? */
static int
unknown(const PangoGlyphString *gs)
{
	int	i;

	for (i = 0; i < gs->num_glyphs; i++)
		if (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
			return 1;
	return 0;
}

/*
 * The word TEXT (N bytes), shaped into GS, as W: one run in font FONT
 * (of DL, or NULL: see make_run) and COLOUR, with the drawn FLAGS.
 */
static void
word_run(struct sp_dl *dl, int font, uint32_t colour, struct sp_arena *a,
    const char *text, size_t n, unsigned flags, PangoGlyphString *gs,
    struct sp_tl_word *w)
{
	PangoGlyphItem	 gi;
	PangoItem	 it;

	memset(&it, 0, sizeof(it));	/* left to right, from 0 */
	it.length = (int)n;
	gi.item = &it;
	gi.glyphs = gs;
	w->runs = sp_arena_alloc(a, 2 * sizeof(*w->runs));
	make_run(dl, font, a, text, &gi, 0, &w->runs[0]);
	w->runs[0].op.colour = colour;
	w->runs[0].flags = flags & SP_SPAN_DRAWN;
	w->width = w->runs[0].op.w;
	w->nruns = 1;
}

/* The shaper of ROLE in style FLAGS (SP_SPAN_B, _I): its font and plan
 * from the setup, or loaded and made on first use. */
static struct shaper *
get_shaper(struct sp_pango *t, int role, unsigned flags)
{
	struct shaper	*sh = &t->shapers[role][flags & 3];
	struct setshape	*ss = &t->fs->shape[role][flags & 3];
	PangoFontDescription *d;

	if (sh->tried)
		return sh;
	sh->tried = 1;
	sh->extra = g_slist_prepend(NULL, lt_features(t, role));
	if (t->fs->shaped) {
		if ((sh->font = ss->font) == NULL)
			return sh;
		g_object_ref(sh->font);
		if (!t->slow && ss->h.hb != NULL) {
			sh->h = ss->h;
			plan_make(&sh->h);
		}
		return sh;
	}
	d = style_desc(t->desc[role], &t->st->role[role], flags);
	sh->font = pango_font_map_load_font(t->fm, t->ctx, d);
	pango_font_description_free(d);
	if (sh->font != NULL && !t->slow) {
		hb_for(t->ctx, t->feat[role], sh->font, &sh->h);
		if (sh->h.hb != NULL)
			plan_make(&sh->h);
	}
	return sh;
}

/*
 * Shape a word straight with HarfBuzz, in the font of its role and
 * style: no itemising, no layout. -1 when the font lacks a glyph (then
 * the word goes through a Pango layout, which finds another font).
 */
static int
shape_direct(struct sp_pango *t, struct sp_arena *a, const char *text,
    int role, unsigned flags, struct sp_tl_word *w)
{
	struct shaper	*sh = get_shaper(t, role, flags);
	PangoGlyphString *gs;
	PangoItem	 it;
	size_t		 n = strlen(text);

	if (sh->font == NULL)
		return -1;
	if (t->gs == NULL)
		t->gs = pango_glyph_string_new();
	gs = t->gs;
	if (sh->h.plan != NULL) {
		if (shape_words(&t->hbuf, &sh->h, text, n, gs) != 0)
			return -1;
	} else {
		memset(&it, 0, sizeof(it));
		it.offset = 0;
		it.length = (int)n;
		it.num_chars = (int)g_utf8_strlen(text, (gssize)n);
		it.analysis.font = sh->font;
		it.analysis.level = 0;
		it.analysis.gravity = PANGO_GRAVITY_SOUTH;
		it.analysis.script = PANGO_SCRIPT_LATIN;
		it.analysis.language = pango_context_get_language(t->ctx);
		it.analysis.extra_attrs = sh->extra;
		pango_shape_with_flags(text, (int)n, text, (int)n,
		    &it.analysis, gs, PANGO_SHAPE_NONE);
	}
	if (unknown(gs))
		return -1;
	word_run(t->dl, lt_font_index(t, sh->font), t->st->role[role].colour,
	    a, text, n, flags, gs, w);
	return 0;
}

/* ------------------------------------- shaping off the main thread */

/*
 * A thread's own shaping (see sp_shaper_new): for each role and style
 * what shape_direct shapes with (the setup's), made on first use with a
 * HarfBuzz font of its own (a sub-font of Pango's: the same scale, so
 * the same advances to the unit) and the face's cached shape plan (the
 * same plan: HarfBuzz lets threads share it). The fonts' display-list
 * indices are the owner's to give (sp_pango_adopt).
 */
struct sp_shaper {
	const struct fontsetup *fs;
	struct hbshape	 h[SP_ROLE__MAX][4];	/* hb NULL: not yet */
	uint32_t	 colour[SP_ROLE__MAX];
	hb_buffer_t	*buf;
	PangoGlyphString *gs;
};

struct sp_shaper *
sp_shaper_new(struct sp_pango *t)
{
	struct sp_shaper *s;
	int		 r;

	if (t->slow || !t->fs->shaped)
		return NULL;
	s = sp_calloc(1, sizeof(*s));
	s->fs = t->fs;
	for (r = 0; r < SP_ROLE__MAX; r++)
		s->colour[r] = t->st->role[r].colour;
	s->gs = pango_glyph_string_new();
	return s;
}

int
sp_shaper_word(struct sp_shaper *s, struct sp_arena *a, const char *text,
    size_t n, int role, unsigned flags, struct sp_tl_word *w)
{
	struct hbshape	*h = &s->h[role][flags & 3];
	const struct hbshape *from = &s->fs->shape[role][flags & 3].h;

	if (h->hb == NULL) {
		if (from->hb == NULL)
			return -1;
		*h = *from;
		h->hb = hb_font_create_sub_font(from->hb);
		hb_font_make_immutable(h->hb);
		plan_make(h);
	}
	if (shape_words(&s->buf, h, text, n, s->gs) != 0 || unknown(s->gs))
		return -1;
	word_run(NULL, 0, s->colour[role], a, text, n, flags, s->gs, w);
	return 0;
}

void
sp_shaper_free(struct sp_shaper *s)
{
	int	r, k;

	if (s == NULL)
		return;
	for (r = 0; r < SP_ROLE__MAX; r++)
		for (k = 0; k < 4; k++) {
			hb_shape_plan_destroy(s->h[r][k].plan);
			hb_font_destroy(s->h[r][k].hb);
		}
	hb_buffer_destroy(s->buf);
	pango_glyph_string_free(s->gs);
	free(s);
}

void
sp_pango_adopt(struct sp_pango *t, int role, unsigned flags,
    struct sp_tl_word *w)
{
	w->runs[0].op.font = (uint16_t)lt_font_index(t,
	    get_shaper(t, role, flags)->font);
}

void
sp_pango_word(struct sp_pango *t, struct sp_arena *a, const char *text,
    size_t n, int role, unsigned flags, struct sp_tl_word *w)
{
	const struct sp_textstyle *ts = &t->st->role[role];
	PangoAttrList	*al;
	PangoLayoutLine	*pl;
	GSList		*gl;
	int		 nr;

	if (shape_direct(t, a, text, role, flags, w) == 0)
		return;
	al = pango_attr_list_new();
	pango_attr_list_insert(al, lt_features(t, role));
	if (flags & SP_SPAN_B)
		pango_attr_list_insert(al,
		    pango_attr_weight_new(PANGO_WEIGHT_BOLD));
	if (flags & SP_SPAN_I)
		pango_attr_list_insert(al, pango_attr_style_new(ts->italic ?
		    PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC));
	pango_layout_set_font_description(t->layout, t->desc[role]);
	pango_layout_set_width(t->layout, -1);
	pango_layout_set_alignment(t->layout, PANGO_ALIGN_LEFT);
	pango_layout_set_text(t->layout, text, (int)n);
	pango_layout_set_attributes(t->layout, al);
	pango_attr_list_unref(al);
	pl = pango_layout_get_line_readonly(t->layout, 0);
	w->runs = sp_arena_alloc(a,
	    (g_slist_length(pl->runs) + 1) * sizeof(*w->runs));
	nr = 0;
	for (gl = pl->runs; gl != NULL; gl = gl->next) {
		struct sp_tl_run *run = &w->runs[nr];

		make_run(t->dl, lt_font_index(t, ((PangoGlyphItem *)
		    gl->data)->item->analysis.font), a, text, gl->data,
		    w->width, run);
		run->op.colour = ts->colour;
		run->flags = flags & SP_SPAN_DRAWN;
		w->width += run->op.w;
		if (run->op.nglyphs > 0 || run->op.ntext > 0)
			nr++;
	}
	w->nruns = nr;
}
