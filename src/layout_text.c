/* layout_text.c: the only Pango user; rich text to lines of glyph runs. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>

#include "sp.h"
#include "sp_layout.h"

struct fontref {
	PangoFont	*font;
	int		 index;		/* in the display list's font table */
};

struct sp_text {
	const struct sp_style	*st;
	struct sp_dl		*dl;
	struct sp_hyph		*hyph;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoLayout		*layout;
	PangoFontDescription	*desc[SP_ROLE__MAX];
	int32_t			 pitch[SP_ROLE__MAX];	/* line pitch */
	int32_t			 base[SP_ROLE__MAX];	/* baseline in line */
	struct fontref		*fonts;
	int			 nfonts;
};

static int
family_exists(FcConfig *fc, const char *family)
{
	FcPattern	*p = FcPatternCreate();
	FcObjectSet	*os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet	*fs;
	int		 found;

	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	fs = FcFontList(fc, p, os);
	found = fs != NULL && fs->nfont > 0;
	if (fs != NULL)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(p);
	return found;
}

struct sp_text *
sp_text_new(const struct sp_style *st, struct sp_dl *dl, const char *fontsdir,
    struct sp_hyph *hyph)
{
	struct sp_text	*t;
	char		*conf, *abs;
	int		 r;

	t = sp_calloc(1, sizeof(*t));
	t->st = st;
	t->dl = dl;
	t->hyph = hyph;
	t->fc = FcConfigCreate();
	/* fontconfig takes a relative path as relative to its own dir */
	if ((abs = realpath(fontsdir, NULL)) != NULL) {
		conf = sp_printf("%s/fonts.conf", abs);
		free(abs);
	} else
		conf = sp_printf("%s/fonts.conf", fontsdir);
	if (!FcConfigParseAndLoad(t->fc, (const FcChar8 *)conf, FcTrue) ||
	    !FcConfigBuildFonts(t->fc)) {
		sp_msg(SP_SYSERR, conf, 0, "cannot load the font setup");
		free(conf);
		sp_text_free(t);
		return NULL;
	}
	free(conf);
	for (r = 0; r < SP_ROLE__MAX; r++)
		if (!family_exists(t->fc, st->role[r].family)) {
			sp_msg(SP_ERROR, st->path, 0, "font family \"%s\" is "
			    "not among the bundled fonts in %s",
			    st->role[r].family, fontsdir);
			sp_text_free(t);
			return NULL;
		}
	t->fm = pango_ft2_font_map_new();
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->fm), t->fc);
	pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(t->fm), 72, 72);
	t->ctx = pango_font_map_create_context(t->fm);
	pango_context_set_round_glyph_positions(t->ctx, FALSE);
	pango_context_set_language(t->ctx,
	    pango_language_from_string(st->lang ? st->lang : "nn-NO"));
	t->layout = pango_layout_new(t->ctx);
	pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD_CHAR);
	for (r = 0; r < SP_ROLE__MAX; r++) {
		const struct sp_textstyle *ts = &st->role[r];
		PangoFontMetrics *m;
		int32_t	 asc, desc;

		t->desc[r] = pango_font_description_new();
		pango_font_description_set_family(t->desc[r], ts->family);
		pango_font_description_set_absolute_size(t->desc[r],
		    ts->size * PANGO_SCALE);
		pango_font_description_set_weight(t->desc[r], ts->bold ?
		    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(t->desc[r], ts->italic ?
		    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
		m = pango_context_get_metrics(t->ctx, t->desc[r], NULL);
		asc = pango_font_metrics_get_ascent(m);
		desc = pango_font_metrics_get_descent(m);
		pango_font_metrics_unref(m);
		t->pitch[r] = (int32_t)(ts->size * ts->leading * PANGO_SCALE);
		t->base[r] = (t->pitch[r] - asc - desc) / 2 + asc;
	}
	return t;
}

void
sp_text_free(struct sp_text *t)
{
	int	r;

	if (t == NULL)
		return;
	for (r = 0; r < SP_ROLE__MAX; r++)
		if (t->desc[r] != NULL)
			pango_font_description_free(t->desc[r]);
	for (r = 0; r < t->nfonts; r++)
		g_object_unref(t->fonts[r].font);
	free(t->fonts);
	if (t->layout != NULL)
		g_object_unref(t->layout);
	if (t->ctx != NULL)
		g_object_unref(t->ctx);
	if (t->fm != NULL)
		g_object_unref(t->fm);
	else if (t->fc != NULL)
		FcConfigDestroy(t->fc);
	free(t);
}

/* The display-list font index of a Pango font. */
static int
font_index(struct sp_text *t, PangoFont *f)
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
 * Turn one Pango glyph item into a display-list glyph op. Soft hyphens
 * that did not break vanish; one that broke shows "-" in the text.
 */
static void
make_run(struct sp_text *t, const char *text, PangoGlyphItem *gi,
    int32_t x, struct sp_tl_run *run)
{
	struct sp_arena	*a = t->dl->arena;
	PangoGlyphString *gs = gi->glyphs;
	PangoItem	*item = gi->item;
	struct sp_op	*op = &run->op;
	struct sp_buf	 tx = { NULL, 0, 0 };
	int		 i, j, ng = 0, nc = 0, start, end;
	int32_t		 pen = 0;

	op->type = SP_OP_GLYPHS;
	op->font = font_index(t, item->analysis.font);
	op->x = x;
	op->glyphs = sp_arena_alloc(a, sizeof(*op->glyphs) *
	    (gs->num_glyphs + 1));
	op->clusters = sp_arena_alloc(a, sizeof(int16_t) * 2 *
	    (gs->num_glyphs + 1));
	sp_buf_puts(&tx, "");
	for (i = 0; i < gs->num_glyphs; i = j) {
		int	 nglyph = 0;
		size_t	 before = tx.len;

		start = gs->log_clusters[i];
		for (j = i; j < gs->num_glyphs &&
		    gs->log_clusters[j] == start; j++)
			;
		end = j < gs->num_glyphs ? gs->log_clusters[j] : item->length;
		for (int k = i; k < j; k++) {
			PangoGlyphInfo *g = &gs->glyphs[k];

			/* bundled fonts have < 65536 glyphs; others are
			 * not drawn rather than drawn wrong */
			if (g->glyph != PANGO_GLYPH_EMPTY &&
			    !(g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
			    g->glyph <= 0xFFFF) {
				op->glyphs[ng].id = (uint16_t)g->glyph;
				op->glyphs[ng].x = pen + g->geometry.x_offset;
				op->glyphs[ng].y = (int16_t)g->geometry.y_offset;
				ng++;
				nglyph++;
			}
			pen += g->geometry.width;
		}
		/* the cluster's text, without soft hyphens */
		for (int b = start; b < end; b++) {
			const char *c = text + item->offset + b;

			if ((unsigned char)c[0] == 0xC2 &&
			    (unsigned char)c[1] == 0xAD && b + 1 < end + 1) {
				if (nglyph > 0 && end - start == 2)
					sp_buf_putc(&tx, '-');
				b++;
				continue;
			}
			sp_buf_putc(&tx, *c);
		}
		if (nglyph == 0 && tx.len == before)
			continue;
		op->clusters[2 * nc] = (int16_t)(tx.len - before);
		op->clusters[2 * nc + 1] = (int16_t)nglyph;
		nc++;
	}
	op->nglyphs = ng;
	op->nclusters = nc;
	op->ntext = (int)tx.len;
	op->text = sp_arena_strndup(a, tx.s, tx.len);
	op->w = pen;
	sp_buf_free(&tx);
}

void
sp_text_layout(struct sp_text *t, const struct sp_rich *r, enum sp_role role,
    int32_t width, int align, struct sp_tl_para *out)
{
	const struct sp_textstyle *ts = &t->st->role[role];
	PangoAttrList	*al;
	PangoLayoutIter	*it;
	unsigned	*pos = NULL;
	char		*text;
	unsigned	 i;
	int		 n, cap = 0;

	memset(out, 0, sizeof(*out));
	if (r->text == NULL || r->text[0] == '\0')
		return;
	if (t->st->hyphenate && t->hyph != NULL)
		text = sp_hyph_text(t->hyph, r->text, &pos);
	else
		text = sp_strdup(r->text);
	al = pango_attr_list_new();
	if (ts->features != NULL)
		pango_attr_list_insert(al,
		    pango_attr_font_features_new(ts->features));
	for (i = 0; i < r->nspans; i++) {
		const struct sp_span *s = &r->spans[i];
		unsigned a = pos ? pos[s->start] : s->start;
		unsigned b = pos ? pos[s->end] : s->end;
		PangoAttribute *at;

		if (s->flags & SP_SPAN_B) {
			at = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			at->start_index = a;
			at->end_index = b;
			pango_attr_list_insert(al, at);
		}
		if (s->flags & SP_SPAN_I) {
			at = pango_attr_style_new(ts->italic ?
			    PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
			at->start_index = a;
			at->end_index = b;
			pango_attr_list_insert(al, at);
		}
		if (s->flags & SP_SPAN_U) {
			at = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
			at->start_index = a;
			at->end_index = b;
			pango_attr_list_insert(al, at);
		}
		if (s->flags & SP_SPAN_S) {
			at = pango_attr_strikethrough_new(TRUE);
			at->start_index = a;
			at->end_index = b;
			pango_attr_list_insert(al, at);
		}
	}
	pango_layout_set_font_description(t->layout, t->desc[role]);
	pango_layout_set_width(t->layout, width);
	pango_layout_set_alignment(t->layout, align == SP_ALIGN_RIGHT ?
	    PANGO_ALIGN_RIGHT : align == SP_ALIGN_CENTER ?
	    PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(t->layout, text, -1);
	pango_layout_set_attributes(t->layout, al);
	pango_attr_list_unref(al);

	it = pango_layout_get_iter(t->layout);
	n = 0;
	do {
		PangoLayoutLine	*pl = pango_layout_iter_get_line_readonly(it);
		PangoRectangle	 log;
		struct sp_tl_line *ln;
		GSList		*gl;
		int32_t		 x;
		int		 nr = 0;

		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			out->lines = sp_realloc(out->lines, cap * sizeof(*ln));
		}
		ln = &out->lines[n++];
		memset(ln, 0, sizeof(*ln));
		pango_layout_iter_get_line_extents(it, NULL, &log);
		ln->top = (n - 1) * t->pitch[role];
		ln->height = t->pitch[role];
		ln->baseline = t->base[role];
		ln->width = log.width;
		ln->runs = sp_calloc(g_slist_length(pl->runs) + 1,
		    sizeof(*ln->runs));
		x = log.x;
		for (gl = pl->runs; gl != NULL; gl = gl->next) {
			PangoGlyphItem *gi = gl->data;
			struct sp_tl_run *run = &ln->runs[nr];
			GSList	*ea;

			make_run(t, text, gi, x, run);
			run->op.colour = ts->colour;
			for (ea = gi->item->analysis.extra_attrs; ea != NULL;
			    ea = ea->next) {
				PangoAttribute *at = ea->data;

				if (at->klass->type == PANGO_ATTR_UNDERLINE)
					run->flags |= SP_SPAN_U;
				if (at->klass->type ==
				    PANGO_ATTR_STRIKETHROUGH)
					run->flags |= SP_SPAN_S;
			}
			x += run->op.w;
			if (run->op.nglyphs > 0 || run->op.ntext > 0)
				nr++;
		}
		ln->nruns = nr;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	out->nlines = n;
	out->height = n * t->pitch[role];
	free(pos);
	free(text);
}

void
sp_tl_para_free(struct sp_tl_para *p)
{
	int	i;

	for (i = 0; i < p->nlines; i++)
		free(p->lines[i].runs);
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
}

int32_t
sp_text_pitch(const struct sp_text *t, enum sp_role role)
{
	return t->pitch[role];
}
