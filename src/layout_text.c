/* layout_text.c: the only Pango user: the font setup, words shaped
 * (HarfBuzz on Pango's fonts, or Pango itself), and Pango's own layout
 * of a paragraph the fast filler does not set. What is shaped and laid
 * out when, and what is kept, is layout_para.c's. */
#include <limits.h>
#include <dirent.h>
#include <stdio.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* What HarfBuzz shapes a word of one role and style with. */
struct hbshape {
	hb_font_t	*hb;
	hb_shape_plan_t	*plan;		/* NULL: through pango_shape */
	hb_segment_properties_t props;
	hb_feature_t	 feat[32];
	unsigned	 nfeat;
};

/* The Pango side of one document's text (see sp_pango_new). */
struct sp_pango {
	const struct sp_style	*st;
	struct sp_dl		*dl;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoLayout		*layout;
	PangoFontDescription	*desc[SP_ROLE__MAX];
	int32_t			 pitch[SP_ROLE__MAX];	/* line pitch */
	int32_t			 base[SP_ROLE__MAX];	/* baseline in line */
	struct fontsetup	*fs;		/* the setup it came from */
	struct fontref		*fonts;
	int			 nfonts;
	int			 slow;		/* SAKSPAPIR_SLOW: Pango only */
	struct shaper {			/* a font for direct shaping */
		PangoFont	*font;
		GSList		*extra;	/* font features */
		int		 tried;
		struct hbshape	 h;	/* its hb font: the font's own
					 * (Pango's) */
	}			 shapers[SP_ROLE__MAX][4];
	hb_buffer_t		*hbuf;		/* for shaping words */
	PangoGlyphString	*gs;		/* their glyphs */
	char			*feat[SP_ROLE__MAX];	/* OpenType features */
};

/*
 * GLib's g_thread_new, as Pango calls it. Pango 1.50 starts two threads
 * for each font pattern it has not seen (a family, weight, style and size:
 * Sak 03-26 has 17), one for FcFontSetMatch and one for FcFontSetSort,
 * and waits for the first when it needs the font. With our private
 * configuration of a few fonts both take microseconds, and making the
 * 34 threads cost more: 2.5-3.5 ms of CPU per build (perf stat
 * task-clock, 27.2 -> 24.1 ms for Sak 03-26), some of it on the main
 * thread, which also waited for each. So those two run where they are
 * asked for, as Pango's own code would with no threads; the result is
 * the same (every PDF of out/ byte-identical). Any other thread starts
 * as GLib starts it. This definition takes the place of GLib's for the
 * whole process (the executable's symbols come first).
 */
GThread *
g_thread_new(const gchar *name, GThreadFunc func, gpointer data)
{
	GThread	*th;
	GError	*err = NULL;

	if (name != NULL && (strcmp(name, "[pango] FcFontSetMatch") == 0 ||
	    strcmp(name, "[pango] FcFontSetSort") == 0)) {
		func(data);
		/* the caller unrefs what it gets */
		return g_thread_ref(g_thread_self());
	}
	if ((th = g_thread_try_new(name, func, data, &err)) == NULL) {
		/* what GLib's own does */
		fprintf(stderr, "sakspapir: cannot start a thread: %s\n",
		    err != NULL ? err->message : "unknown error");
		abort();
	}
	return th;
}

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

static PangoAttribute *
features(struct sp_pango *t, enum sp_role role)
{
	if (t->feat[role] == NULL)
		t->feat[role] = feature_string(&t->st->role[role]);
	return pango_attr_font_features_new(t->feat[role]);
}

/*
 * The first of the four faces inline markup can ask for (regular, bold,
 * italic, bold italic) that FAMILY lacks in FC, as its name ("" when it
 * has none at all); NULL when it has them all. Without this a missing NotoSerif-Regular.ttf was set
 * silently in NotoSerif-Bold.
 */
static const char *
face_missing(FcConfig *fc, const char *family)
{
	static const struct {
		int		 weight, slant;
		const char	*name;
	} faces[] = {
		{ -1, -1, "" },		/* the family at all */
		{ FC_WEIGHT_REGULAR, FC_SLANT_ROMAN, "regular" },
		{ FC_WEIGHT_BOLD, FC_SLANT_ROMAN, "bold" },
		{ FC_WEIGHT_REGULAR, FC_SLANT_ITALIC, "italic" },
		{ FC_WEIGHT_BOLD, FC_SLANT_ITALIC, "bold italic" },
	};
	FcObjectSet	*os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	const char	*missing = NULL;
	size_t		 i;

	for (i = 0; i < sizeof(faces) / sizeof(faces[0]) && !missing; i++) {
		FcPattern	*p = FcPatternCreate();
		FcFontSet	*fs;

		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
		if (faces[i].weight >= 0) {
			FcPatternAddInteger(p, FC_WEIGHT, faces[i].weight);
			FcPatternAddInteger(p, FC_SLANT, faces[i].slant);
		}
		fs = FcFontList(fc, p, os);
		if (fs == NULL || fs->nfont == 0)
			missing = faces[i].name;
		if (fs != NULL)
			FcFontSetDestroy(fs);
		FcPatternDestroy(p);
	}
	FcObjectSetDestroy(os);
	return missing;
}

/*
 * The font setup (private fontconfig, Pango font map and context, the
 * roles' fonts and metrics) costs a few milliseconds and is the same for
 * every document of a run: it is made once, kept, and may be made ahead
 * on a thread (sp_text_preload) while the master is read.
 */
struct fontsetup {
	const struct sp_style	*st;
	char			*dir;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoFontDescription	*desc[SP_ROLE__MAX];
	int32_t			 pitch[SP_ROLE__MAX];
	int32_t			 base[SP_ROLE__MAX];
	int			 shaped;	/* the fonts below loaded */
	struct setshape {		/* each role's font in each style */
		PangoFont	*font;	/* NULL: none */
		struct hbshape	 h;
	}			 shape[SP_ROLE__MAX][4];
};

static struct fontsetup	*setup;		/* the one in use */
static struct fontsetup	*preloaded;	/* made on the thread */
static pthread_t	 prethread;
static int		 prestarted;

static void
setup_free(struct fontsetup *fs)
{
	int	r;

	if (fs == NULL)
		return;
	for (r = 0; r < SP_ROLE__MAX; r++) {
		if (fs->desc[r] != NULL)
			pango_font_description_free(fs->desc[r]);
		for (int k = 0; k < 4; k++) {
			if (fs->shape[r][k].font != NULL)
				g_object_unref(fs->shape[r][k].font);
			hb_shape_plan_destroy(fs->shape[r][k].h.plan);
		}
	}
	if (fs->ctx != NULL)
		g_object_unref(fs->ctx);
	if (fs->fm != NULL)
		g_object_unref(fs->fm);
	if (fs->fc != NULL)
		FcConfigDestroy(fs->fc);	/* the font map had its own ref */
	free(fs->dir);
	free(fs);
}

/*
 * The first font file of DIR (by name) that fontconfig did not take into
 * FC's fonts, a path the caller frees; NULL if there is none. A damaged
 * file is left out of the set without a word, so a face seems missing
 * although its file is there.
 */
static char *
font_unread(FcConfig *fc, const char *dir)
{
	FcFontSet	*set = FcConfigGetFonts(fc, FcSetSystem);
	DIR		*d;
	struct dirent	*e;
	char		*best = NULL;
	size_t		 n;
	int		 i, known;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 5 || (strcasecmp(e->d_name + n - 4, ".ttf") != 0 &&
		    strcasecmp(e->d_name + n - 4, ".otf") != 0))
			continue;
		for (known = 0, i = 0; set != NULL && i < set->nfont &&
		    !known; i++) {
			FcChar8	*file;
			const char *base;

			if (FcPatternGetString(set->fonts[i], FC_FILE, 0,
			    &file) != FcResultMatch)
				continue;
			base = strrchr((const char *)file, '/');
			base = base != NULL ? base + 1 : (const char *)file;
			known = strcmp(base, e->d_name) == 0;
		}
		if (!known && (best == NULL || strcmp(e->d_name, best) < 0)) {
			free(best);
			best = sp_strdup(e->d_name);
		}
	}
	closedir(d);
	if (best != NULL) {
		char *path = sp_printf("%s/%s", dir, best);

		free(best);
		return path;
	}
	return NULL;
}

/* A font setup for ST from DIR; NULL (after reporting if REPORT). */
static struct fontsetup *
setup_new(const struct sp_style *st, const char *dir, int report)
{
	struct fontsetup *fs;
	char		*conf, *abs;
	int		 r, k;
	const char	*face;

	fs = sp_calloc(1, sizeof(*fs));
	fs->st = st;
	fs->dir = sp_strdup(dir);
	fs->fc = FcConfigCreate();
	/* fontconfig takes a relative path as relative to its own dir */
	if ((abs = realpath(dir, NULL)) != NULL) {
		conf = sp_printf("%s/fonts.conf", abs);
		free(abs);
	} else
		conf = sp_printf("%s/fonts.conf", dir);
	if (!FcConfigParseAndLoad(fs->fc, (const FcChar8 *)conf, FcTrue) ||
	    !FcConfigBuildFonts(fs->fc)) {
		if (report)
			sp_msg(SP_SYSERR, conf, 0, "cannot load the font setup");
		free(conf);
		setup_free(fs);
		return NULL;
	}
	free(conf);
	for (r = 0; r < SP_ROLE__MAX; r++) {
		for (k = 0; k < r; k++)	/* each family once */
			if (strcmp(st->role[k].family, st->role[r].family) == 0)
				break;
		if (k == r && (face = face_missing(fs->fc,
		    st->role[r].family)) != NULL) {
			if (report && *face == '\0')
				sp_msg(SP_ERROR, st->role[r].family_file ?
				    st->role[r].family_file : st->path,
				    st->role[r].family_line, "font family "
				    "\"%s\" is not among the bundled fonts in "
				    "%s", st->role[r].family, dir);
			else if (report) {	/* a file we ship is gone */
				char *bad = font_unread(fs->fc, dir);

				sp_msg(SP_SYSERR, bad != NULL ? bad : st->path,
				    0, "font family \"%s\" has no %s face "
				    "among the bundled fonts in %s (%s)",
				    st->role[r].family, face, dir, bad != NULL ?
				    "this font file is there but fontconfig "
				    "cannot read it: damaged or cut short?" :
				    "a font file is missing or unreadable");
				free(bad);
			}
			setup_free(fs);
			return NULL;
		}
	}
	/*
	 * A Pango font map starts a thread that loads fontconfig's default
	 * setup (FcInit) unless there is one: ours, made current, spares
	 * parsing the configuration and listing the fonts a second time
	 * (5 % of the CPU time of Sak 03-26). Nothing here asks for the
	 * default setup; the painters load font files by their paths.
	 */
	FcConfigSetCurrent(fs->fc);
	fs->fm = pango_ft2_font_map_new();
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fs->fm), fs->fc);
	pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(fs->fm), 72, 72);
	fs->ctx = pango_font_map_create_context(fs->fm);
	pango_context_set_round_glyph_positions(fs->ctx, FALSE);
	pango_context_set_language(fs->ctx,
	    pango_language_from_string(st->lang ? st->lang : "nn-NO"));
	for (r = 0; r < SP_ROLE__MAX; r++) {
		const struct sp_textstyle *ts = &st->role[r];
		PangoFont	*font;
		hb_font_extents_t ext;
		int32_t	 asc, desc;

		fs->desc[r] = pango_font_description_new();
		pango_font_description_set_family(fs->desc[r], ts->family);
		pango_font_description_set_absolute_size(fs->desc[r],
		    ts->size * PANGO_SCALE);
		pango_font_description_set_weight(fs->desc[r], ts->bold ?
		    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(fs->desc[r], ts->italic ?
		    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
		/*
		 * The ascent and descent pango_context_get_metrics gives:
		 * those of the first font of the role's fontset, from
		 * HarfBuzz's extents of Pango's font. Asked of Pango, each
		 * role's metrics also laid out a sample text and the digits
		 * for character widths we never use (86 % of the setup).
		 */
		memset(&ext, 0, sizeof(ext));
		if ((font = pango_context_load_font(fs->ctx, fs->desc[r]))
		    != NULL) {
			hb_font_get_extents_for_direction(
			    pango_font_get_hb_font(font), HB_DIRECTION_LTR,
			    &ext);
			g_object_unref(font);
		}
		asc = ext.ascender;
		desc = -ext.descender;
		fs->pitch[r] = (int32_t)(ts->size * ts->leading * PANGO_SCALE);
		fs->base[r] = (fs->pitch[r] - asc - desc) / 2 + asc;
	}
	return fs;
}

static void	hb_for(PangoContext *, const char *feat, PangoFont *,
		    struct hbshape *);
static PangoFontDescription *style_desc(const PangoFontDescription *,
		    const struct sp_textstyle *, unsigned flags);

/*
 * Each role's font in each of the four styles, its HarfBuzz font and
 * features, loaded with the rest of the setup on its thread when words
 * are to be shaped ahead of layout: that thread (sp_shaper_new) may not
 * call Pango itself, and the main thread takes them from here too
 * (get_shaper). Some twenty serve a document; all 68 cost the font
 * thread ~0.7 ms while the master is read. The shape plans (0.1 ms a
 * face) are made where they are first needed (plan_make).
 */
static void
setup_shapes(struct fontsetup *fs)
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

int
sp_shape_thread(void)
{
	const char	*e = getenv("SAKSPAPIR_SHAPE_THREAD");

	if (e == NULL)
		return SP_SHAPE_OFF;
	return strcmp(e, "1") == 0 ? SP_SHAPE_ON : strcmp(e, "first") == 0 ?
	    SP_SHAPE_FIRST : SP_SHAPE_OFF;
}

struct preargs {
	const struct sp_style	*st;
	char			*dir;
};

static void *
preload(void *arg)
{
	struct preargs	*a = arg;

	prctl(PR_SET_NAME, "sp-fonts");	/* for top -H and perf */
	preloaded = setup_new(a->st, a->dir, 0);
	if (preloaded != NULL && sp_shape_thread() != SP_SHAPE_OFF)
		setup_shapes(preloaded);
	free(a->dir);
	free(a);
	return NULL;
}

void
sp_text_preload(const struct sp_style *st, const char *fontsdir)
{
	struct preargs	*a;

	if (prestarted || setup != NULL)
		return;
	a = sp_malloc(sizeof(*a));
	a->st = st;
	a->dir = sp_strdup(fontsdir);
	if (pthread_create(&prethread, NULL, preload, a) == 0)
		prestarted = 1;
	else {
		free(a->dir);
		free(a);
	}
}

void
sp_text_cleanup(int all)
{
	if (prestarted) {
		pthread_join(prethread, NULL);
		prestarted = 0;
	}
	if (!all)
		return;
	if (preloaded != setup)
		setup_free(preloaded);
	setup_free(setup);
	setup = preloaded = NULL;
}

static struct fontsetup *
get_setup(const struct sp_style *st, const char *dir)
{
	if (prestarted) {
		pthread_join(prethread, NULL);
		prestarted = 0;
		if (preloaded != NULL && setup == NULL)
			setup = preloaded;
		else
			setup_free(preloaded);
		preloaded = NULL;
	}
	if (setup != NULL && setup->st == st && strcmp(setup->dir, dir) == 0)
		return setup;
	/* another style or place: a setup of its own, reported */
	setup_free(setup);
	setup = setup_new(st, dir, 1);
	return setup;
}

struct sp_pango *
sp_pango_new(const struct sp_style *st, struct sp_dl *dl,
    const char *fontsdir, int slow)
{
	struct sp_pango	 *t;
	struct fontsetup *fs;

	if ((fs = get_setup(st, fontsdir)) == NULL)
		return NULL;
	t = sp_calloc(1, sizeof(*t));
	t->st = st;
	t->dl = dl;
	t->fs = fs;
	t->fc = fs->fc;
	t->fm = fs->fm;
	t->ctx = fs->ctx;
	memcpy(t->desc, fs->desc, sizeof(t->desc));
	memcpy(t->pitch, fs->pitch, sizeof(t->pitch));
	memcpy(t->base, fs->base, sizeof(t->base));
	t->layout = pango_layout_new(t->ctx);
	t->slow = slow;
	pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD_CHAR);
	return t;
}

void
sp_pango_metrics(const struct sp_pango *t, int32_t *pitch, int32_t *base)
{
	memcpy(pitch, t->pitch, sizeof(t->pitch));
	memcpy(base, t->base, sizeof(t->base));
}

void
sp_pango_free(struct sp_pango *t)
{
	int	r;

	if (t == NULL)
		return;
	for (r = 0; r < t->nfonts; r++)
		g_object_unref(t->fonts[r].font);
	free(t->fonts);
	for (r = 0; r < SP_ROLE__MAX; r++)
		for (int k = 0; k < 4; k++) {
			if (t->shapers[r][k].font != NULL)
				g_object_unref(t->shapers[r][k].font);
			g_slist_free_full(t->shapers[r][k].extra,
			    (GDestroyNotify)pango_attribute_destroy);
			hb_shape_plan_destroy(t->shapers[r][k].h.plan);
		}
	hb_buffer_destroy(t->hbuf);
	if (t->gs != NULL)
		pango_glyph_string_free(t->gs);
	if (t->layout != NULL)
		g_object_unref(t->layout);
	for (r = 0; r < SP_ROLE__MAX; r++)
		free(t->feat[r]);
	free(t);	/* the font setup stays for the next document */
}

/* The display-list font index of a Pango font. */
static int
font_index(struct sp_pango *t, PangoFont *f)
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

/* Put AT over bytes A..B of the text. */
static void
span_attr(PangoAttrList *al, PangoAttribute *at, unsigned a, unsigned b)
{
	at->start_index = a;
	at->end_index = b;
	pango_attr_list_insert(al, at);
}

static int
cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/*
 * Is C (from U+0300 up) one that NFC leaves as it is and that never
 * composes with what comes before it? Only the punctuation of everyday
 * text is named (U+2010-U+205E: dashes, quotes, bullet, ellipsis, the
 * narrow no-break space; U+20A0-U+20C0 currency signs), so that a text
 * with an en dash is not normalised for nothing; anything else from
 * U+0300 up (combining marks, the Ångström sign) is looked at.
 */
static int
nfc_stable(gunichar c)
{
	return (c >= 0x2010 && c <= 0x205E) || (c >= 0x20A0 && c <= 0x20C0);
}

int
sp_text_nfc(const struct sp_rich *r, struct sp_rich *out)
{
	const unsigned char *u = (const unsigned char *)r->text;
	unsigned	*cut, *to, n, ncut = 0, i, k;
	GString		*b;
	int		 same;

	if (u == NULL)
		return 0;
	for (; *u != '\0'; u++)	/* U+0300 is CC 80 */
		if (*u >= 0xCC && !nfc_stable(g_utf8_get_char(
		    (const char *)u)))
			break;
	if (*u == '\0')
		return 0;
	/* the span edges cut the text into pieces, each normalised alone */
	n = (unsigned)strlen(r->text);
	cut = sp_calloc(2 * r->nspans + 2, sizeof(*cut));
	cut[ncut++] = 0;
	cut[ncut++] = n;
	for (i = 0; i < r->nspans; i++) {
		cut[ncut++] = r->spans[i].start;
		cut[ncut++] = r->spans[i].end;
	}
	qsort(cut, ncut, sizeof(*cut), cmp_uint);
	to = sp_calloc(ncut, sizeof(*to));
	b = g_string_sized_new(n + 1);
	for (i = 0; i < ncut; i++) {
		to[i] = (unsigned)b->len;
		if (i + 1 < ncut && cut[i + 1] > cut[i]) {
			gchar *nf = g_utf8_normalize(r->text + cut[i],
			    cut[i + 1] - cut[i], G_NORMALIZE_NFC);

			if (nf == NULL)		/* not UTF-8: as it is */
				g_string_append_len(b, r->text + cut[i],
				    cut[i + 1] - cut[i]);
			else
				g_string_append(b, nf);
			g_free(nf);
		}
	}
	same = b->len == n && memcmp(b->str, r->text, n) == 0;
	if (!same) {
		*out = *r;
		out->text = sp_strndup(b->str, b->len);
		out->spans = r->nspans > 0 ?
		    sp_calloc(r->nspans, sizeof(*out->spans)) : NULL;
		for (i = 0; i < r->nspans; i++) {
			out->spans[i] = r->spans[i];
			for (k = 0; cut[k] != r->spans[i].start; k++)
				;
			out->spans[i].start = to[k];
			for (k = 0; cut[k] != r->spans[i].end; k++)
				;
			out->spans[i].end = to[k];
		}
	}
	g_string_free(b, TRUE);
	free(cut);
	free(to);
	return !same;
}

int
sp_text_breaks(const char *text, size_t n, unsigned char *brk)
{
	PangoLogAttr	*la;
	const char	*p;
	int		 nc = (int)g_utf8_strlen(text, (gssize)n), i;

	if (!g_utf8_validate(text, (gssize)n, NULL))
		return -1;
	la = g_new0(PangoLogAttr, nc + 1);
	pango_get_log_attrs(text, (int)n, -1, pango_language_from_string("nn"),
	    la, nc + 1);
	memset(brk, SP_BRK_NO, n + 1);
	for (i = 0, p = text; i <= nc; i++) {
		if (i > 0)
			brk[p - text] = la[i].is_mandatory_break ? SP_BRK_MUST :
			    la[i].is_line_break ? SP_BRK_YES : SP_BRK_NO;
		if (i < nc)
			p = g_utf8_next_char(p);
	}
	g_free(la);
	return 0;
}

/* The parts of R's links on the Pango line PL (bytes of TEXT mapped by
 * POS), at X0 with logical width LW. */
static void
pango_links(const struct sp_rich *r, const unsigned *pos,
    PangoLayoutLine *pl, int32_t x0, int32_t lw, struct sp_tl_line *ln)
{
	unsigned	i;
	int		ls = pl->start_index, le = pl->start_index + pl->length;

	for (i = 0; i < r->nspans; i++) {
		const struct sp_span *s = &r->spans[i];
		int	 a = (int)(pos ? pos[s->start] : s->start);
		int	 b = (int)(pos ? pos[s->end] : s->end);
		int	 lo = a > ls ? a : ls, hi = b < le ? b : le, x1, x2;

		if (!(s->flags & SP_SPAN_LINK) || s->href == NULL || lo >= hi)
			continue;
		pango_layout_line_index_to_x(pl, lo, 0, &x1);
		if (hi < le)
			pango_layout_line_index_to_x(pl, hi, 0, &x2);
		else
			x2 = lw;
		sp_tl_line_link(ln, x0 + x1, x2 - x1, s->href);
	}
}

/* Does a line of PL end where Pango found no break (a word cut
 * between letters)? */
static int
wrapped(PangoLayout *pl)
{
	const PangoLogAttr *la;
	const char	*text = pango_layout_get_text(pl);
	GSList		*l;
	int		 n;

	la = pango_layout_get_log_attrs_readonly(pl, &n);
	for (l = pango_layout_get_lines_readonly(pl); l != NULL &&
	    l->next != NULL; l = l->next) {
		PangoLayoutLine *ln = l->data;
		long	 c = g_utf8_pointer_to_offset(text, text +
			    ln->start_index + ln->length);

		if (c < n && !la[c].is_line_break)
			return 1;
	}
	return 0;
}

/* Does Pango's line PL end in a soft hyphen of TEXT, where it broke? */
static int
ends_shy(const char *text, PangoLayoutLine *pl)
{
	int	e = pl->start_index + pl->length;

	return pl->length >= 2 && (unsigned char)text[e - 2] == 0xC2 &&
	    (unsigned char)text[e - 1] == 0xAD;
}

/*
 * The byte offset in TEXT (ORIG hyphenated, POS its map) of a soft
 * hyphen of the patterns that breaks a rule of the filler's: a third
 * hyphenated line in a row, or a last line of one word that is the end
 * of a word hyphenated on the line before. -1 if none.
 */
static int
bad_hyphen(PangoLayout *pl, const char *text, const char *orig,
    const unsigned *pos)
{
	GSList		*l = pango_layout_get_lines_readonly(pl);
	PangoLayoutLine	*ln = NULL, *prev = NULL;
	size_t		 n = strlen(orig), i;
	int		 inrow = 0, at = -1, words = 0, in = 0, alnum = 0;

	for (; l != NULL && at < 0; l = l->next) {
		prev = ln;
		ln = l->data;
		inrow = ends_shy(text, ln) ? inrow + 1 : 0;
		if (inrow > 2)
			at = ln->start_index + ln->length - 2;
	}
	if (at < 0 && prev != NULL && ends_shy(text, prev)) {
		/* the last line: one word (letters or digits in it)? */
		for (i = (size_t)ln->start_index;
		    i <= (size_t)(ln->start_index + ln->length); i++) {
			if (i == (size_t)(ln->start_index + ln->length) ||
			    text[i] == ' ' || text[i] == '\n') {
				words += in && alnum;
				in = alnum = 0;
				continue;
			}
			in = 1;
			alnum |= (unsigned char)text[i] >= 0x80 ||
			    g_ascii_isalnum(text[i]);
		}
		if (words == 1)
			at = prev->start_index + prev->length - 2;
	}
	/* the author's own soft hyphens stay */
	for (i = 0; at >= 0 && i < n; i++)
		if (pos[i] == (unsigned)at)
			return -1;
	return at;
}

void
sp_pango_para(struct sp_pango *t, const struct sp_rich *r, char **textp,
    unsigned *pos, enum sp_role role, int32_t width, int align, int measure,
    struct sp_tl_para *out)
{
	const struct sp_textstyle *ts = &t->st->role[role];
	PangoAttrList	*al;
	PangoLayoutIter	*it;
	char		*text = *textp;
	unsigned	 i;
	int		 n, cap = 0, fix, q;
	char		*keep = NULL;
	unsigned	*keeppos = NULL;

	for (fix = 0; ; fix++) {
		al = pango_attr_list_new();
		pango_attr_list_insert(al, features(t, role));
		for (i = 0; i < r->nspans; i++) {
			const struct sp_span *s = &r->spans[i];
			unsigned a = pos ? pos[s->start] : s->start;
			unsigned b = pos ? pos[s->end] : s->end;

			if (s->flags & SP_SPAN_B)
				span_attr(al, pango_attr_weight_new(
				    PANGO_WEIGHT_BOLD), a, b);
			if (s->flags & SP_SPAN_I)
				span_attr(al, pango_attr_style_new(ts->italic ?
				    PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC),
				    a, b);
			if (s->flags & SP_SPAN_U)
				span_attr(al, pango_attr_underline_new(
				    PANGO_UNDERLINE_SINGLE), a, b);
			if (s->flags & SP_SPAN_S)
				span_attr(al, pango_attr_strikethrough_new(
				    TRUE), a, b);
			/* diff marks ride on a decoration colour: read
			 * back below */
			if (s->flags & SP_SPAN_DEL)
				span_attr(al,
				    pango_attr_strikethrough_color_new(0, 0, 0),
				    a, b);
			if (s->flags & SP_SPAN_INS)
				span_attr(al, pango_attr_underline_color_new(0,
				    0, 0), a, b);
			/* a link's text in runs of its own (an attribute
			 * that draws nothing), so that lay_emit_line puts
			 * them in the Link element (qa-findings F38) */
			if (s->flags & SP_SPAN_LINK)
				span_attr(al, pango_attr_overline_color_new(0,
				    0, 0), a, b);
		}
		pango_layout_set_font_description(t->layout, t->desc[role]);
		pango_layout_set_width(t->layout, width);
		pango_layout_set_alignment(t->layout, align ==
		    SP_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : align ==
		    SP_ALIGN_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		pango_layout_set_text(t->layout, text, -1);
		pango_layout_set_attributes(t->layout, al);
		pango_attr_list_unref(al);
		/*
		 * The hyphenation rules the filler keeps, kept here too: the
		 * soft hyphen that breaks one goes, unless the word then
		 * breaks between letters (that text comes back).
		 */
		if (keep != NULL && wrapped(t->layout)) {
			free(text);
			text = keep;
			keep = NULL;
			memcpy(pos, keeppos, (strlen(r->text) + 1) *
			    sizeof(*pos));
			fix = 8;
			continue;
		}
		free(keep);
		keep = NULL;
		if (pos == NULL || fix >= 8 || (q = bad_hyphen(t->layout,
		    text, r->text, pos)) < 0)
			break;
		keep = sp_strdup(text);
		if (keeppos == NULL)
			keeppos = sp_malloc((strlen(r->text) + 1) *
			    sizeof(*pos));
		memcpy(keeppos, pos, (strlen(r->text) + 1) * sizeof(*pos));
		memmove(text + q, text + q + 2, strlen(text + q + 2) + 1);
		for (i = 0; i <= strlen(r->text); i++)
			if (pos[i] > (unsigned)q)
				pos[i] -= 2;
	}
	free(keep);
	free(keeppos);

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
		ln->runs = sp_arena_alloc(sp_tl_para_arena(out),
		    (g_slist_length(pl->runs) + 1) * sizeof(*ln->runs));
		x = log.x;
		for (gl = pl->runs; gl != NULL; gl = gl->next) {
			PangoGlyphItem *gi = gl->data;
			struct sp_tl_run *run = &ln->runs[nr];
			GSList	*ea;

			make_run(t->dl, font_index(t, gi->item->analysis.font),
			    sp_tl_para_arena(out), text, gi, x, run);
			run->op.colour = ts->colour;
			for (ea = gi->item->analysis.extra_attrs; ea != NULL;
			    ea = ea->next) {
				PangoAttribute *at = ea->data;

				if (at->klass->type == PANGO_ATTR_UNDERLINE)
					run->flags |= SP_SPAN_U;
				if (at->klass->type ==
				    PANGO_ATTR_STRIKETHROUGH)
					run->flags |= SP_SPAN_S;
				if (at->klass->type ==
				    PANGO_ATTR_STRIKETHROUGH_COLOR)
					run->flags |= SP_SPAN_DEL;
				if (at->klass->type ==
				    PANGO_ATTR_UNDERLINE_COLOR)
					run->flags |= SP_SPAN_INS;
			}
			x += run->op.w;
			if (run->op.nglyphs > 0 || run->op.ntext > 0)
				nr++;
		}
		ln->nruns = nr;
		if (!measure)
			pango_links(r, pos, pl, log.x, log.width, ln);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	out->nlines = n;
	out->height = n * t->pitch[role];
	*textp = text;
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
	sh->extra = g_slist_prepend(NULL, features(t, role));
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
	word_run(t->dl, font_index(t, sh->font), t->st->role[role].colour, a,
	    text, n, flags, gs, w);
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
	w->runs[0].op.font = (uint16_t)font_index(t,
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
	pango_attr_list_insert(al, features(t, role));
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

		make_run(t->dl, font_index(t, ((PangoGlyphItem *)gl->data)->
		    item->analysis.font), a, text, gl->data, w->width, run);
		run->op.colour = ts->colour;
		run->flags = flags & SP_SPAN_DRAWN;
		w->width += run->op.w;
		if (run->op.nglyphs > 0 || run->op.ntext > 0)
			nr++;
	}
	w->nruns = nr;
}
