/* layout_para.c: rich text to lines of glyph runs: the fast filler
 * (layout_fill.c) with words shaped once and kept, Pango's layout
 * (layout_text.c) for what the filler does not set, and the lines of
 * short texts kept. It makes no Pango call. */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"

/*
 * Short plain texts come back again and again in tables ("2026",
 * "Kommunane", "Gul"): their lines are kept and copied on a hit. The
 * copies share the glyph data, which the display list owns.
 */
#define CACHE_MAXTEXT	64

/* Longest word (bytes) measured in pieces between hyphen points */
#define FRAG_MAX	256

/* A shaped word (or part of one) in one style; runs start at x 0. */
struct piece {
	struct sp_tl_word w;		/* what the filler sees */
	char		*text;
	size_t		 len;		/* of the text, bytes */
	uint32_t	 hash;
	int		 role;
	unsigned	 flags;		/* SP_SPAN_* */
};

struct centry {
	char		*text;		/* NULL: empty slot */
	uint32_t	 hash;
	int		 role;
	int32_t		 width;
	int		 align;
	int		 measured;	/* made while measuring: the lines'
					 * sizes only, no glyph runs */
	struct sp_tl_para para;
};

struct sp_text {
	const struct sp_style	*st;
	struct sp_hyph		*hyph;
	struct sp_pango		*pango;		/* fonts and shaping */
	int32_t			 pitch[SP_ROLE__MAX];	/* line pitch */
	int32_t			 base[SP_ROLE__MAX];	/* baseline in line */
	struct centry		*cache;
	size_t			 ncache, capcache;
	struct piece		**words;	/* shaped words by text; the
						 * pieces live in warena and
						 * never move */
	struct sp_arena		*warena;	/* their glyph data */
	struct sp_arena		*carena;	/* the cached paragraphs' */
	size_t			 nwords, capwords;
	int			 slow;		/* SAKSPAPIR_SLOW: Pango only */
	int			 check;		/* SAKSPAPIR_CHECK_BREAKS */
	int			 measure;	/* no glyph runs; sizes only
						 * from the para cache */
	struct sp_fill_scratch	*scratch;	/* the filler's memory */
	struct ahead		*ahead;		/* words shaped ahead, or
						 * NULL */
	size_t			 taken;		/* of its words */
};

static uint32_t
hash(const char *s, int role, int32_t width, int align)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ (uint32_t)role) * 16777619u;
	h = (h ^ (uint32_t)width) * 16777619u;
	return (h ^ (uint32_t)align) * 16777619u;
}

static struct centry *
cache_slot(struct sp_text *t, const char *s, uint32_t h, int role,
    int32_t width, int align)
{
	struct centry	*e;
	size_t		 i;

	for (i = h & (t->capcache - 1); ; i = (i + 1) & (t->capcache - 1)) {
		e = &t->cache[i];
		if (e->text == NULL || (e->hash == h && e->role == role &&
		    e->width == width && e->align == align &&
		    strcmp(e->text, s) == 0))
			return e;
	}
}

/* A copy of FROM (no links) with glyph data of its own in arena A. */
static void
para_copy(const struct sp_tl_para *from, struct sp_tl_para *to,
    struct sp_arena *a)
{
	int	i, k;

	*to = *from;
	to->arena = NULL;
	to->lines = sp_malloc((from->nlines + 1) * sizeof(*to->lines));
	for (i = 0; i < from->nlines; i++) {
		to->lines[i] = from->lines[i];
		if (from->lines[i].nruns == 0) {	/* measured */
			to->lines[i].runs = NULL;
			continue;
		}
		to->lines[i].runs = sp_arena_alloc(a != NULL ? a :
		    sp_tl_para_arena(to), (from->lines[i].nruns + 1) *
		    sizeof(*to->lines[i].runs));
		memcpy(to->lines[i].runs, from->lines[i].runs,
		    from->lines[i].nruns * sizeof(*to->lines[i].runs));
		for (k = 0; k < to->lines[i].nruns; k++)
			sp_dl_op_copy(a != NULL ? a : sp_tl_para_arena(to),
			    &to->lines[i].runs[k].op);
	}
}

static void
cache_put(struct sp_text *t, const char *s, uint32_t h, int role,
    int32_t width, int align, const struct sp_tl_para *p)
{
	struct centry	*e;

	if (t->ncache + 1 > t->capcache / 2) {
		struct centry	*old = t->cache;
		size_t		 oldcap = t->capcache, i;

		t->capcache = oldcap ? oldcap * 2 : 256;
		t->cache = sp_calloc(t->capcache, sizeof(*t->cache));
		for (i = 0; i < oldcap; i++)
			if (old[i].text != NULL)
				*cache_slot(t, old[i].text, old[i].hash,
				    old[i].role, old[i].width,
				    old[i].align) = old[i];
		free(old);
	}
	e = cache_slot(t, s, h, role, width, align);
	if (e->text != NULL) {		/* sizes only: now the whole */
		sp_tl_para_free(&e->para);
		e->measured = t->measure;
		para_copy(p, &e->para, t->carena);
		return;
	}
	e->text = sp_strdup(s);
	e->hash = h;
	e->role = role;
	e->width = width;
	e->align = align;
	e->measured = t->measure;
	para_copy(p, &e->para, t->carena);
	t->ncache++;
}

struct sp_text *
sp_text_new(const struct sp_style *st, struct sp_dl *dl, const char *fontsdir,
    struct sp_hyph *hyph)
{
	struct sp_text	*t;
	struct sp_pango	*pango;
	int		 slow = getenv("SAKSPAPIR_SLOW") != NULL;

	if ((pango = sp_pango_new(st, dl, fontsdir, slow)) == NULL)
		return NULL;
	t = sp_calloc(1, sizeof(*t));
	t->st = st;
	t->hyph = hyph;
	sp_hyph_limits(hyph, (int)st->hyph_before, (int)st->hyph_after);
	t->pango = pango;
	sp_pango_metrics(pango, t->pitch, t->base);
	t->slow = slow;
	t->check = getenv("SAKSPAPIR_CHECK_BREAKS") != NULL;
	t->warena = sp_arena_new();
	t->carena = sp_arena_new();
	return t;
}

static void	ahead_free(struct ahead *, const struct sp_text *);

void
sp_text_free(struct sp_text *t)
{
	if (t == NULL)
		return;
	ahead_free(t->ahead, t);	/* before the fonts it shapes with */
	sp_pango_free(t->pango);
	for (size_t i = 0; i < t->capcache; i++)
		if (t->cache[i].text != NULL) {
			free(t->cache[i].text);
			sp_tl_para_free(&t->cache[i].para);
		}
	free(t->cache);
	free(t->words);
	sp_fill_scratch_free(t->scratch);
	sp_arena_free(t->warena);
	sp_arena_free(t->carena);
	free(t);
}

/*
 * Text that is hyphenated only where a word is wider than the line:
 * titles, headings, table headers, bands and mål rows, and what the
 * builder marks (names, chart labels).
 */
static int
nohyph(const struct sp_rich *r, enum sp_role role)
{
	switch (role) {
	case SP_ROLE_TITLE:
	case SP_ROLE_H1:
	case SP_ROLE_H2:
	case SP_ROLE_H3:
	case SP_ROLE_CELLHEAD:
	case SP_ROLE_TABLEHEAD:
	case SP_ROLE_BAND:
	case SP_ROLE_GOAL:
	case SP_ROLE_FOOTER:
		return 1;
	default:
		return (r->flags & SP_RICH_NOHYPH) != 0;
	}
}

static void	layout(struct sp_text *, const struct sp_rich *, enum sp_role,
		    int32_t, int, struct sp_tl_para *);
static int	fast(struct sp_text *, const struct sp_rich *, enum sp_role,
		    int32_t, int, struct sp_tl_para *);

/*
 * SAKSPAPIR_CHECK_BREAKS: say where the filler's break opportunities
 * for TEXT differ from Pango's (a test runs every document with it).
 */
static void
check_breaks(const char *text)
{
	size_t		 n = strlen(text), i;
	unsigned char	*a = sp_malloc(n + 1), *b = sp_malloc(n + 1);

	if (sp_fill_breaks(text, n, a) == 0 && sp_text_breaks(text, n, b) == 0)
		for (i = 1; i <= n; i++)
			if (a[i] != b[i]) {
				fprintf(stderr, "sakspapir: break differs at "
				    "byte %zu (filler %d, Pango %d): %s\n", i,
				    a[i], b[i], text);
				break;
			}
	free(a);
	free(b);
}

void
sp_text_layout(struct sp_text *t, const struct sp_rich *r, enum sp_role role,
    int32_t width, int align, struct sp_tl_para *out)
{

	struct sp_rich	 nfc;

	/* a text typed decomposed (pasted from macOS: "a" + U+030A) is set
	 * and extracted as the composed characters it means */
	if (sp_text_nfc(r, &nfc)) {
		sp_text_layout(t, &nfc, role, width, align, out);
		free(nfc.text);
		free(nfc.spans);
		return;
	}
	memset(out, 0, sizeof(*out));
	if (t->check && r->text != NULL)
		check_breaks(r->text);
	if (r->text == NULL || r->text[0] == '\0')
		return;
	if (r->nspans == 0 && strlen(r->text) <= CACHE_MAXTEXT) {
		uint32_t	 h = hash(r->text, role, width, align);

		/* the measuring pass takes the sizes of any entry; the real
		 * one only an entry with glyph runs, and makes them for an
		 * entry that has none yet */
		if (t->capcache > 0) {
			struct centry *e = cache_slot(t, r->text, h, role,
			    width, align);

			if (e->text != NULL && (t->measure || !e->measured)) {
				para_copy(&e->para, out, NULL);
				return;
			}
		}
		if (t->slow || fast(t, r, role, width, align, out) != 0)
			layout(t, r, role, width, align, out);
		cache_put(t, r->text, h, role, width, align, out);
		return;
	}
	if (t->slow || fast(t, r, role, width, align, out) != 0)
		layout(t, r, role, width, align, out);
}

/*
 * TEXT hyphenated as sp_hyph_text does, but for links: a URL is never
 * hyphenated (a hyphen would become part of the address it shows).
 */
static char *
hyphenate(struct sp_text *t, const struct sp_rich *r, unsigned **posp)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	size_t		 len = strlen(r->text), cur = 0, end, k;
	unsigned	*pos, *pp, i;
	char		*piece, *h;

	for (i = 0; i < r->nspans; i++)
		if (r->spans[i].flags & SP_SPAN_LINK)
			break;
	if (i == r->nspans)
		return sp_hyph_text(t->hyph, r->text, posp);
	pos = sp_calloc(len + 1, sizeof(*pos));
	sp_buf_puts(&b, "");
	for (i = 0; i <= r->nspans; i++) {
		const struct sp_span *s = i < r->nspans ? &r->spans[i] : NULL;

		if (s != NULL && !(s->flags & SP_SPAN_LINK))
			continue;
		end = s != NULL ? s->start : len;
		if (end > cur) {
			piece = sp_strndup(r->text + cur, end - cur);
			h = sp_hyph_text(t->hyph, piece, &pp);
			for (k = 0; k < end - cur; k++)
				pos[cur + k] = (unsigned)b.len + pp[k];
			sp_buf_puts(&b, h);
			free(pp);
			free(h);
			free(piece);
			cur = end;
		}
		if (s == NULL)
			break;
		for (k = s->start; k < s->end && k < len; k++)
			pos[k] = (unsigned)b.len + (unsigned)(k - s->start);
		if (s->end > s->start)
			sp_buf_put(&b, r->text + s->start, s->end - s->start);
		cur = s->end > cur ? s->end : cur;
	}
	pos[len] = (unsigned)b.len;
	*posp = pos;
	return b.s;
}

/* An ASCII character that is neither letter nor digit. */
static int
punct(char c)
{
	return c > ' ' && c < 0x7F && !(c >= '0' && c <= '9') &&
	    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z');
}

/*
 * Addresses break only after "/" and "." (sp_addr_marks), in Pango too:
 * a zero width space where one may break, a word joiner where Pango
 * would break but the address may not (next to punctuation, as after
 * "-"; between letters Pango breaks only a word wider than the line).
 * TEXT (ORIG with soft hyphens, POS its map, or NULL: ORIG itself) and
 * POS are replaced.
 */
static void
addr_text(const char *orig, char **textp, unsigned **posp)
{
	size_t		 n = strlen(orig), j, cur = 0, tj;
	unsigned char	*mark = sp_malloc(n + 1);
	unsigned	*pos = *posp, *np;
	struct sp_buf	 b = { NULL, 0, 0 };

	if (sp_addr_marks(orig, n, mark) == 0) {
		free(mark);
		return;
	}
	np = sp_calloc(n + 1, sizeof(*np));
	sp_buf_puts(&b, "");
	for (j = 0; j <= n; j++) {
		tj = pos != NULL ? pos[j] : j;
		if (tj > cur)
			sp_buf_put(&b, *textp + cur, tj - cur);
		cur = tj > cur ? tj : cur;
		if (j > 0 && j < n && mark[j] == SP_ADDR_BREAK)
			sp_buf_puts(&b, "\xE2\x80\x8B");
		else if (j > 0 && j < n && mark[j] == SP_ADDR_KEEP &&
		    (punct(orig[j - 1]) || punct(orig[j])))
			sp_buf_puts(&b, "\xE2\x81\xA0");
		np[j] = (unsigned)b.len;
	}
	sp_buf_puts(&b, *textp + cur);
	free(*textp);
	free(pos);
	free(mark);
	*textp = b.s;
	*posp = np;
}

/* R through Pango's layout, hyphenated as the filler would. */
static void
layout(struct sp_text *t, const struct sp_rich *r, enum sp_role role,
    int32_t width, int align, struct sp_tl_para *out)
{
	unsigned	*pos = NULL;
	char		*text;

	if (t->st->hyphenate && t->hyph != NULL && !nohyph(r, role))
		text = hyphenate(t, r, &pos);
	else
		text = sp_strdup(r->text);
	addr_text(r->text, &text, &pos);
	sp_pango_para(t->pango, r, &text, pos, role, width, align, t->measure,
	    out);
	free(pos);
	free(text);
}

/* ------------------------------------------------------ the fast path */

/*
 * The fast filler (layout_fill.c) breaks lines from words shaped once
 * and kept here; what it cannot set goes to layout() above.
 */

static uint32_t
word_hash(const char *s, size_t n, int role, unsigned flags)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h = (h ^ (uint32_t)role) * 16777619u;
	return (h ^ flags) * 16777619u;
}

/* Is E the word S (N bytes, hash H) in ROLE with FLAGS? */
static int
same_word(const struct piece *e, const char *s, size_t n, uint32_t h,
    int role, unsigned flags)
{
	return e->hash == h && e->len == n && e->role == role &&
	    e->flags == flags && memcmp(e->text, s, n) == 0;
}

static struct piece **
word_slot(struct sp_text *t, const char *s, size_t n, uint32_t h, int role,
    unsigned flags)
{
	struct piece	*e;
	size_t		 i;

	for (i = h & (t->capwords - 1); ; i = (i + 1) & (t->capwords - 1)) {
		e = t->words[i];
		if (e == NULL || same_word(e, s, n, h, role, flags))
			return &t->words[i];
	}
}

/*
 * Words shaped ahead (sp_text_ahead). A second thread (sp-shape) walks
 * the document in the order layout sets it, takes the words the filler
 * will ask for (sp_fill_words) and shapes each new one (sp_shaper_word)
 * into a table of pieces it shares with the main thread. A slot, once
 * set (compare and swap), holds its piece for good, and a piece is
 * whole before it is published (release): either thread may look a word
 * up (acquire) at any time. The main thread looks there for a word it
 * does not have yet; a slot it finds empty means "not yet", and it
 * shapes the word itself, never waiting, and publishes it so that the
 * thread, if it is behind, skips it. A word comes out the same from
 * either thread (the same font, features and plan; its font index is
 * given on the main thread when it is first used), so the output does
 * not depend on which one shaped it. The table never grows: AHEAD_WORDS
 * words at most, and the walk stops after AHEAD_IDLE bytes of text
 * brought no new word (a big table says the same words over again) or
 * when layout is done.
 */
#define AHEAD_SLOTS	8192
#define AHEAD_WORDS	(AHEAD_SLOTS / 2)
#define AHEAD_IDLE	(256 * 1024)
#define AHEAD_SEEN	4096		/* short plain texts it has had */

struct ahead {
	pthread_t	 thread;
	int		 running;	/* not yet joined */
	struct sp_shaper *shaper;
	struct sp_arena	*arena;		/* the pieces it shaped */
	struct sp_fill_scratch *scratch;
	_Atomic(struct piece *) *slots;	/* AHEAD_SLOTS */
	atomic_size_t	 used;		/* pieces published (or tried) */
	size_t		 nwords;	/* of them the thread's */
	size_t		 idle;		/* bytes since the last new word */
	uint32_t	 seen[AHEAD_SEEN];	/* their hashes (0: none) */
	sp_text_walk	 walk;
	const void	*doc;
	atomic_int	 stop;		/* layout is done */
};

/* The word S (N bytes, hash H) in ROLE with FLAGS from the table, or
 * NULL (either thread). */
static struct piece *
ahead_get(struct ahead *A, const char *s, size_t n, uint32_t h, int role,
    unsigned flags)
{
	struct piece	*e;
	size_t		 i;

	for (i = h & (AHEAD_SLOTS - 1); ; i = (i + 1) & (AHEAD_SLOTS - 1)) {
		e = atomic_load_explicit(&A->slots[i], memory_order_acquire);
		if (e == NULL || same_word(e, s, n, h, role, flags))
			return e;
	}
}

/* Publish the whole piece E unless its word is there already (either
 * thread). 0: the table is full. */
static int
ahead_put(struct ahead *A, struct piece *e)
{
	struct piece	*cur;
	size_t		 i;

	if (atomic_fetch_add(&A->used, 1) >= AHEAD_WORDS)
		return 0;
	for (i = e->hash & (AHEAD_SLOTS - 1); ; i = (i + 1) &
	    (AHEAD_SLOTS - 1)) {
		cur = NULL;
		if (atomic_compare_exchange_strong_explicit(&A->slots[i], &cur,
		    e, memory_order_release, memory_order_acquire) ||
		    same_word(cur, e->text, e->len, e->hash, e->role, e->flags))
			return 1;
	}
}

/* The thread's: the word S in ROLE with FLAGS shaped unless it is in
 * the table already (from either thread). Non-zero: stop. */
static int
ahead_word(void *arg, const char *s, size_t n, int role, unsigned flags)
{
	struct ahead	*A = arg;
	struct piece	*e;
	uint32_t	 h = word_hash(s, n, role, flags);

	if (ahead_get(A, s, n, h, role, flags) != NULL)
		return 0;
	if (atomic_load_explicit(&A->used, memory_order_relaxed) >=
	    AHEAD_WORDS)
		return 1;
	e = sp_arena_alloc(A->arena, sizeof(*e));
	e->text = sp_arena_strndup(A->arena, s, n);
	e->len = n;
	e->hash = h;
	e->role = role;
	e->flags = flags;
	/* a word it cannot shape keeps no runs: the main thread's */
	if (sp_shaper_word(A->shaper, A->arena, e->text, n, role, flags,
	    &e->w) != 0)
		memset(&e->w, 0, sizeof(e->w));
	if (!ahead_put(A, e))
		return 1;
	A->nwords++;
	A->idle = 0;
	return 0;
}

/*
 * The thread's: has it had the short plain text R in ROLE before? A
 * table says "Gul" and "2026" thousands of times (the main thread keeps
 * their lines, and has their words). It may forget a text, it never
 * says yes to one it has not had but for a hash collision: then it
 * shapes less ahead, and the main thread shapes what it lacks.
 */
static int
had(struct ahead *A, const struct sp_rich *r, enum sp_role role)
{
	uint32_t	 h;
	size_t		 i, k;

	if (r->nspans > 0 || strlen(r->text) > CACHE_MAXTEXT)
		return 0;
	if ((h = hash(r->text, role, 0, 0)) == 0)
		h = 1;
	for (i = h & (AHEAD_SEEN - 1), k = 0; k < 8;
	    i = (i + 1) & (AHEAD_SEEN - 1), k++) {
		if (A->seen[i] == h)
			return 1;
		if (A->seen[i] == 0) {
			A->seen[i] = h;
			return 0;
		}
	}
	return 0;
}

/* The thread's: one text of the walk. Non-zero: stop. */
static int
ahead_text(void *arg, const struct sp_rich *r, enum sp_role role)
{
	struct ahead	*A = arg;

	if (atomic_load_explicit(&A->stop, memory_order_relaxed) ||
	    A->idle > AHEAD_IDLE)
		return 1;
	if (r->text == NULL || r->text[0] == '\0' || had(A, r, role))
		return 0;
	A->idle += strlen(r->text);
	return sp_fill_words(r, role, A->scratch, ahead_word, A) > 0;
}

static void *
ahead_run(void *arg)
{
	struct ahead	*A = arg;

	prctl(PR_SET_NAME, "sp-shape");	/* for top -H and perf */
	/*
	 * The lowest priority (Linux gives each thread its own nice): it
	 * runs on a core nothing else wants and never takes one from the
	 * main thread or the painter, which layout waits for. Starved, it
	 * shapes less, and the main thread shapes what it lacks.
	 */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
	A->walk(A->doc, ahead_text, A);
	return NULL;
}

void
sp_text_ahead(struct sp_text *t, sp_text_walk walk, const void *doc)
{
	int		 mode = sp_shape_thread();
	struct sp_shaper *sh;
	struct ahead	*A;
	size_t		 i;

	if (t->ahead != NULL || t->slow || mode == SP_SHAPE_OFF ||
	    (sh = sp_shaper_new(t->pango)) == NULL)
		return;
	A = sp_calloc(1, sizeof(*A));
	A->shaper = sh;
	A->arena = sp_arena_new();
	A->scratch = sp_fill_scratch_new();
	A->slots = sp_malloc(AHEAD_SLOTS * sizeof(*A->slots));
	for (i = 0; i < AHEAD_SLOTS; i++)
		atomic_init(&A->slots[i], NULL);
	atomic_init(&A->stop, 0);
	atomic_init(&A->used, 0);
	A->walk = walk;
	A->doc = doc;
	if (pthread_create(&A->thread, NULL, ahead_run, A) != 0) {
		ahead_free(A, NULL);
		return;
	}
	A->running = 1;
	t->ahead = A;
	/* SAKSPAPIR_SHAPE_THREAD=first: the walk done before layout starts,
	 * so every word it takes comes from it (the tests compare) */
	if (mode == SP_SHAPE_FIRST) {
		pthread_join(A->thread, NULL);
		A->running = 0;
	}
}

/* Stop the thread and free what it made; T (if not NULL) is done with
 * its words. SAKSPAPIR_TIMING says how many it took. */
static void
ahead_free(struct ahead *A, const struct sp_text *t)
{
	if (A == NULL)
		return;
	atomic_store(&A->stop, 1);
	if (A->running)
		pthread_join(A->thread, NULL);
	if (t != NULL && getenv("SAKSPAPIR_TIMING") != NULL)
		fprintf(stderr, "timing: %zu words shaped ahead, layout took "
		    "%zu of its %zu\n", A->nwords, t->taken, t->nwords);
	sp_shaper_free(A->shaper);
	sp_fill_scratch_free(A->scratch);
	sp_arena_free(A->arena);
	free(A->slots);
	free(A);
}

/* The flags of the span over byte I of R, 0 if none. */
static unsigned
span_flags(const struct sp_rich *r, size_t i)
{
	unsigned	k;

	for (k = 0; k < r->nspans; k++)
		if (i >= r->spans[k].start && i < r->spans[k].end)
			return r->spans[k].flags;
	return 0;
}

/* S (N bytes) in ROLE with FLAGS shaped (sp_pango_word), once: the
 * filler's shaper (ARG is the text). */
static const struct sp_tl_word *
word(void *arg, const char *s, size_t n, int role, unsigned flags)
{
	struct sp_text	*t = arg;
	struct piece	*e;
	char		*text;
	uint32_t	 h = word_hash(s, n, role, flags);

	if (t->capwords > 0 && (e = *word_slot(t, s, n, h, role, flags)) != NULL)
		return &e->w;
	if (t->nwords + 1 > t->capwords / 2) {
		struct piece	**old = t->words;
		size_t		 oldcap = t->capwords, i;

		t->capwords = oldcap ? oldcap * 2 : 1024;
		t->words = sp_calloc(t->capwords, sizeof(*t->words));
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				*word_slot(t, old[i]->text, old[i]->len,
				    old[i]->hash, old[i]->role,
				    old[i]->flags) = old[i];
		free(old);
	}
	if (t->ahead != NULL && (e = ahead_get(t->ahead, s, n, h, role,
	    flags)) != NULL && e->w.nruns > 0) {
		/* shaped ahead: its font gets its index now, where this
		 * thread would have shaped it */
		sp_pango_adopt(t->pango, role, flags, &e->w);
		t->taken++;
		*word_slot(t, s, n, h, role, flags) = e;
		t->nwords++;
		return &e->w;
	}
	e = sp_arena_alloc(t->warena, sizeof(*e));
	*word_slot(t, s, n, h, role, flags) = e;
	e->text = text = sp_arena_strndup(t->warena, s, n);
	e->len = n;
	e->hash = h;
	e->role = role;
	e->flags = flags;

	sp_pango_word(t->pango, t->warena, text, n, role, flags, &e->w);
	t->nwords++;
	/* the thread need not shape it now */
	if (t->ahead != NULL)
		ahead_put(t->ahead, e);
	return &e->w;
}

/* The fast filler, with words from word() */
static int
fast(struct sp_text *t, const struct sp_rich *r, enum sp_role role,
    int32_t width, int align, struct sp_tl_para *out)
{
	struct sp_fill_env env;

	env.shape = word;
	env.arg = t;
	env.hyph = t->hyph;
	env.pitch = t->pitch;
	env.base = t->base;
	env.measure = t->measure;
	env.nohyph = nohyph(r, role);
	if (t->scratch == NULL)
		t->scratch = sp_fill_scratch_new();
	env.scratch = t->scratch;
	return sp_fill_lines(&env, r, role, width, align, out);
}


/* The width of the piece S (N bytes) of R at byte AT, a piece per style. */
static int32_t
piece_width(struct sp_text *t, const struct sp_rich *r, size_t at, size_t n,
    enum sp_role role, int *styles)
{
	const char	*s = r->text;
	size_t		 k, q;
	int32_t		 w = 0;
	unsigned	 f;

	*styles = 0;
	for (k = at; k < at + n; k = q) {
		f = span_flags(r, k);
		for (q = k + 1; q < at + n && span_flags(r, q) == f; q++)
			;
		w += word(t, s + k, q - k, role, f & (SP_SPAN_B |
		    SP_SPAN_I | SP_SPAN_U | SP_SPAN_S))->width;
		(*styles)++;
	}
	return w;
}

/*
 * The widest part of the word S (N bytes, one style) that a line may
 * not break inside, as the filler sets it: the word parts between its
 * break opportunities (after a hyphen, an address's "/" or "."), and
 * with HYPH, their pieces between hyphen points, each but a part's last
 * with the hyphen it gets (a date or number such as "2025–2027" stays
 * whole: no part starts with a digit). A word that
 * may not be hyphenated (a number,
 * a word in capitals, an address: sp_hyph_points leaves it whole) stays
 * whole between its break opportunities; with DOTS, also after each "."
 * and "/" (where the filler parts a number wider than its line).
 */
static int32_t
pieces(struct sp_text *t, const char *s, size_t n, enum sp_role role,
    unsigned flags, int hyph, int dots, int32_t whole)
{
	unsigned char	 at[FRAG_MAX + 1], brk[FRAG_MAX + 1], mark[FRAG_MAX + 1];
	char		 buf[FRAG_MAX + 2];
	size_t		 a, p, k;
	int32_t		 most = 0, w;
	int		 addr;

	if (n > FRAG_MAX || sp_fill_breaks(s, n, brk) != 0)
		return whole;
	addr = sp_addr_marks(s, n, mark) > 0;
	if (hyph && t->hyph != NULL)
		sp_hyph_points(t->hyph, s, n, at);
	else
		memset(at, 0, n + 1);
	for (a = 0, p = 1; p <= n; p++) {
		int	 part = p < n && ((addr && mark[p] ? mark[p] ==
			    SP_ADDR_BREAK : brk[p] == SP_BRK_YES &&
			    (s[p] < '0' || s[p] > '9')) ||
			    (dots && (s[p - 1] == '.' || s[p - 1] == '/')));

		if (p < n && !part && !at[p])
			continue;
		if (p == n && a == 0)
			return whole;	/* one piece */
		memcpy(buf, s + a, p - a);
		k = p - a;
		/* the author's soft hyphen shows as a hyphen there */
		if (part && k >= 2 && (unsigned char)buf[k - 2] == 0xC2 &&
		    (unsigned char)buf[k - 1] == 0xAD) {
			buf[k - 2] = '-';
			k--;
		} else if (p < n && !part)
			buf[k++] = '-';
		w = word(t, buf, k, role, flags)->width;
		if (w > most)
			most = w;
		a = p;
	}
	return most;
}

/* The widest part of a word as pieces() finds it, parted after its dots
 * too where a part is still wider than CAP */
static int32_t
widest_fragment(struct sp_text *t, const char *s, size_t n, enum sp_role role,
    unsigned flags, int hyph, int32_t cap, int32_t whole)
{
	int32_t	 w = pieces(t, s, n, role, flags, hyph, 0, whole);

	return w > cap ? pieces(t, s, n, role, flags, hyph, 1, w) : w;
}

void
sp_text_extent(struct sp_text *t, const struct sp_rich *r, enum sp_role role,
    int32_t cap, int32_t floor, struct sp_text_extent *e)
{
	const char	*s = r->text;
	size_t		 i = 0, j, n;
	int32_t		 line = 0, w, unit = 0, space = 0;
	int		 words = 0, styles, keep = nohyph(r, role);
	int		 hy, strict, soft;
	unsigned	 f, ff;

	memset(e, 0, sizeof(*e));
	e->minw = e->minh = floor;
	if (s == NULL)
		return;
	n = strlen(s);
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\n') {
			if (s[i] == '\n') {
				line = 0;
				words = 0;
			}
			i++;
			continue;
		}
		for (j = i; j < n && s[j] != ' ' && s[j] != '\n'; j++)
			;
		w = piece_width(t, r, i, j - i, role, &styles);
		if (words++ > 0) {
			if (space == 0)
				space = word(t, " ", 1, role, 0)->width;
			line += space;
			e->sum += space;
		}
		line += w;
		e->sum += w;
		if (line > e->maxw)
			e->maxw = line;
		if (w > e->widest)
			e->widest = w;
		/*
		 * What may not break: a word of a name, a number, a date
		 * (text not to be hyphenated) up to CAP; a word of running
		 * text, or a longer one, its widest piece between hyphen
		 * points. minh: any word's widest piece. Only a word wider
		 * than the widest so far needs its pieces.
		 */
		f = span_flags(r, i);
		ff = f & (SP_SPAN_B | SP_SPAN_I | SP_SPAN_U | SP_SPAN_S);
		hy = !(f & SP_SPAN_LINK);
		strict = (!keep || w > cap) && hy;
		soft = 0;
		if (styles != 1) {
			unit = w;
			soft = 1;
		} else if (w > e->minw) {
			unit = widest_fragment(t, s + i, j - i, role, ff,
			    strict, cap, w);
			soft = strict == hy;
		}
		if (w > e->minw || styles != 1) {
			if (unit > e->minw)
				e->minw = unit;
			if (soft && unit > e->minh)
				e->minh = unit;
		}
		if (!soft && w > e->minh) {
			unit = widest_fragment(t, s + i, j - i, role, ff, hy,
			    cap, w);
			if (unit > e->minh)
				e->minh = unit;
		}
		i = j;
	}
	/* a status label ("Ikkje vurdert") stays on one line if it can */
	if ((r->flags & SP_RICH_WHOLE) && e->maxw <= cap && e->maxw > e->minw)
		e->minw = e->minh = e->maxw;
}

int32_t
sp_text_widest(struct sp_text *t, const struct sp_rich *r, enum sp_role role)
{
	struct sp_text_extent e;

	sp_text_extent(t, r, role, INT32_MAX, INT32_MAX, &e);
	return e.widest;
}

void
sp_text_measure(struct sp_text *t, int on)
{
	t->measure = on;
}

int32_t
sp_text_pitch(const struct sp_text *t, enum sp_role role)
{
	return t->pitch[role];
}
