/* layout_text.c: with layout_shape.c the only Pango, HarfBuzz and
 * fontconfig user: the font setup (a private fontconfig, Pango's font
 * map and context, made ahead on a thread; the roles' metrics), Pango's
 * threads, text normalised and its break opportunities, and Pango's own
 * layout of a paragraph the fast filler does not set. Words are shaped
 * and glyphs made display-list runs in layout_shape.c. What is shaped
 * and laid out when, and what is kept, is layout_para.c's. */
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

#include "ltext.h"

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
		lt_setup_shapes(preloaded);
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
		pango_attr_list_insert(al, lt_features(t, role));
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

			lt_make_run(t->dl, lt_font_index(t,
			    gi->item->analysis.font), sp_tl_para_arena(out),
			    text, gi, x, run);
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
