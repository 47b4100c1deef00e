/* layout_fill.c: the fast line filler. It makes no Pango call: words
 * come shaped from the caller (layout_para.c), lines are filled here;
 * and the lines' own helpers (links, the arena, freeing). */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"

/*
 * Most text here is Latin prose broken at spaces. Pango lays out every
 * paragraph from scratch (itemise, analyse breaks, shape); instead each
 * word is shaped once (by the caller, through Pango) and kept, and lines
 * are filled greedily from the words, hyphenating a word only when it
 * does not fit. Text this does not handle (tabs, other scripts than
 * Latin) goes back to the caller for the Pango path.
 */

/* The shaped word S (N bytes) in ROLE with FLAGS, from the caller. */
static const struct sp_tl_word *
word(const struct sp_fill_env *t, const char *s, size_t n, int role,
    unsigned flags)
{
	return t->shape(t->arg, s, n, role, flags);
}

/* A piece placed on the line being filled. */
struct placed {
	const struct sp_tl_word *p;
	int32_t		 x;
	const char	*href;		/* the link it is part of, or NULL */
};

/* Working memory of the filler, kept from one paragraph to the next: a
 * table of 10 000 tiltak fills 70 000 paragraphs, twice. */
struct sp_fill_scratch {
	unsigned char	*bytes;		/* brk, mark, hy and the points
					 * of a word, N + 1 each */
	size_t		 capbytes;
	struct placed	*pl;
	int		 cappl;
	struct lineinfo	*info;
	int		 capinfo;
};

struct filler {
	const struct sp_fill_env *t;
	const struct sp_rich *r;
	size_t		 n;		/* bytes of text */
	unsigned char	*brk;		/* SP_BRK_* before each byte */
	unsigned char	*hy;		/* hyphen points, once needed */
	enum sp_role	 role;
	int32_t		 width;
	int		 align;
	int		 nohyph;	/* only words wider than a line */
	struct sp_tl_para *out;
	int		 cap;
	struct placed	*pl;		/* the current line */
	int		 npl, cappl;
	int32_t		 x;		/* its width so far */
	int32_t		 indent;	/* of the current line */
	int32_t		 hang;		/* of a bullet's lines after its
					 * first, 0 outside bullets */
	const char	*href;		/* the link of the word being placed */
	const char	*sphref;	/* the link of the space before it */
	/* what the lines are made of, for the runt check */
	size_t		 tok;		/* the token being placed */
	size_t		 linetok;	/* the first token on this line */
	size_t		 lasttok;	/* the last token put on this line */
	int		 hyphened;	/* this line ends in a hyphen */
	int		 inrow;		/* lines in a row ending in one */
	size_t		 noh;		/* no hyphen in this token unless it
					 * is wider than a line */
	size_t		 before;	/* break before this token */
	struct lineinfo {
		size_t	 first, last;	/* tokens */
		int	 hyphened;
	}		*info;
	int		 capinfo;
	unsigned char	*mark;		/* address marks, N + 1 */
};

static void
put(struct filler *f, const struct sp_tl_word *p, const char *href)
{
	if (f->npl == f->cappl) {
		f->cappl = f->cappl ? f->cappl * 2 : 32;
		f->pl = sp_realloc(f->pl, f->cappl * sizeof(*f->pl));
	}
	f->pl[f->npl].p = p;
	f->pl[f->npl].x = f->x;
	f->pl[f->npl].href = href;
	f->npl++;
	f->x += p->width;
}

/*
 * End the line at a space: the space goes on as an invisible last glyph
 * that takes no width, so that text read from the tagged structure keeps
 * the word break ("status på", not "statuspå").
 */
static void
flush(struct filler *);

static void
break_at_space(struct filler *f, const struct sp_tl_word *sp)
{
	int32_t	x = f->x;

	if (sp != NULL && f->npl > 0) {
		put(f, sp, NULL);
		f->x = x;
	}
	flush(f);
}

/* Close the current line: merge its pieces into runs of one font. */
static void
flush(struct filler *f)
{
	const struct sp_fill_env *t = f->t;
	struct sp_arena	*a;
	struct sp_tl_line *ln;
	int32_t		 off = 0;
	int		 i, j, k, nr = 0;

	if (f->out->nlines == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->out->lines = sp_realloc(f->out->lines,
		    f->cap * sizeof(*ln));
	}
	ln = &f->out->lines[f->out->nlines];
	memset(ln, 0, sizeof(*ln));
	ln->top = f->out->nlines * t->pitch[f->role];
	ln->height = t->pitch[f->role];
	ln->baseline = t->base[f->role];
	ln->width = f->x;
	if (f->out->nlines >= f->capinfo) {
		f->capinfo = f->capinfo ? f->capinfo * 2 : 8;
		f->info = sp_realloc(f->info, f->capinfo * sizeof(*f->info));
	}
	f->info[f->out->nlines].first = f->linetok;
	f->info[f->out->nlines].last = f->lasttok;
	f->info[f->out->nlines].hyphened = f->hyphened;
	f->inrow = f->hyphened ? f->inrow + 1 : 0;
	f->hyphened = 0;
	f->linetok = f->tok;
	f->out->nlines++;
	off = f->indent;
	if (f->align == SP_ALIGN_RIGHT)
		off = f->width - f->x;
	else if (f->align == SP_ALIGN_CENTER)
		off = (f->width - f->x) / 2;
	f->indent = f->hang;
	if (t->measure) {
		f->npl = 0;
		f->x = 0;
		return;
	}
	a = sp_tl_para_arena(f->out);
	/* count the runs: a new one wherever font, colour or flags change */
	for (i = 0; i < f->npl; i++)
		nr += f->pl[i].p->nruns;
	ln->runs = sp_arena_alloc(a, (nr + 1) * sizeof(*ln->runs));
	nr = 0;
	for (i = 0; i < f->npl; i = j) {
		const struct sp_tl_run *r0;
		struct sp_tl_run *run;
		int	 ng = 0, nt = 0, nc = 0, big = 0;
		int	 start_k;

		/* pieces i..j-1 join while the font, colour, decorations and
		 * link stay the same (a link's text is tagged apart) */
		r0 = &f->pl[i].p->runs[0];
		if (f->pl[i].p->nruns != 1) {
			/* a word in several fonts: a copy of each run */
			for (k = 0; k < f->pl[i].p->nruns; k++) {
				const struct sp_op *o = &f->pl[i].p->runs[k].op;

				run = &ln->runs[nr++];
				*run = f->pl[i].p->runs[k];
				run->op.x += f->pl[i].x + off;
				run->op.glyphs = sp_arena_alloc(a,
				    sizeof(*o->glyphs) * (o->nglyphs + 1));
				memcpy(run->op.glyphs, o->glyphs,
				    sizeof(*o->glyphs) * o->nglyphs);
				run->op.text = sp_arena_strndup(a, o->text,
				    o->ntext);
				run->op.clusters = sp_arena_alloc(a,
				    2 * (o->nclusters + 1));
				memcpy(run->op.clusters, o->clusters,
				    2 * (size_t)o->nclusters);
			}
			j = i + 1;
			continue;
		}
		for (j = i; j < f->npl; j++) {
			const struct sp_tl_run *r = &f->pl[j].p->runs[0];

			if (f->pl[j].p->nruns != 1 || r->op.font != r0->op.font ||
			    r->op.colour != r0->op.colour ||
			    r->flags != r0->flags ||
			    f->pl[j].href != f->pl[i].href)
				break;
			ng += r->op.nglyphs;
			nt += r->op.ntext;
			nc += r->op.nclusters ? r->op.nclusters : 0;
			if (r->op.nclusters == 0 && r->op.ntext > 0)
				big = 1;
		}
		run = &ln->runs[nr++];
		*run = *r0;
		run->op.x = f->pl[i].x + off;
		run->op.nglyphs = ng;
		run->op.ntext = nt;
		run->op.nclusters = big ? 0 : nc;
		{
			/* glyphs, clusters and text in one block */
			char	*blk = sp_arena_alloc(a, sizeof(struct
				    sp_dl_glyph) * ng + 2 * (size_t)nc +
				    (size_t)nt + 1);
			char	*tx = blk + sizeof(struct sp_dl_glyph) * ng +
				    2 * (size_t)nc;
			int	 gi = 0, ti = 0, ci = 0;

			run->op.glyphs = (struct sp_dl_glyph *)blk;
			run->op.clusters = (uint8_t *)(blk +
			    sizeof(struct sp_dl_glyph) * ng);

			for (start_k = i; start_k < j; start_k++) {
				const struct sp_tl_run *r =
				    &f->pl[start_k].p->runs[0];
				int32_t dx = f->pl[start_k].x - f->pl[i].x;

				for (k = 0; k < r->op.nglyphs; k++) {
					run->op.glyphs[gi] = r->op.glyphs[k];
					run->op.glyphs[gi].x += dx;
					gi++;
				}
				memcpy(tx + ti, r->op.text, r->op.ntext);
				ti += r->op.ntext;
				if (!big) {
					memcpy(run->op.clusters + 2 * ci,
					    r->op.clusters,
					    2 * (size_t)r->op.nclusters);
					ci += r->op.nclusters;
				}
			}
			run->op.text = tx;
			/* a trailing space (break_at_space) takes no width */
			run->op.w = f->pl[j - 1].x + f->pl[j - 1].p->width;
			if (run->op.w > f->x)
				run->op.w = f->x;
			run->op.w -= f->pl[i].x;
		}
	}
	/* the hyphen added where a word broke: the last cluster of the
	 * last run, when that run has a cluster map ending in "-" */
	if (f->info[f->out->nlines - 1].hyphened && nr > 0) {
		struct sp_op *o = &ln->runs[nr - 1].op;

		if (o->nclusters > 0 && o->ntext > 0 &&
		    o->text[o->ntext - 1] == '-' &&
		    o->clusters[2 * (o->nclusters - 1)] == 1 &&
		    !(o->level & SP_GLYPHS_RTL))
			o->level |= SP_GLYPHS_HYPHEN;
	}
	ln->nruns = nr;
	/* the links: pieces in a row with the same link make one box */
	for (i = 0; i < f->npl; i = j) {
		int32_t	 end;

		for (j = i + 1; j < f->npl && f->pl[i].href != NULL &&
		    f->pl[j].href == f->pl[i].href; j++)
			;
		if (f->pl[i].href == NULL)
			continue;
		end = f->pl[j - 1].x + f->pl[j - 1].p->width;
		sp_tl_line_link(ln, f->pl[i].x + off, (end < f->x ? end :
		    f->x) - f->pl[i].x, f->pl[i].href);
	}
	f->npl = 0;
	f->x = 0;
}

void
sp_tl_line_link(struct sp_tl_line *ln, int32_t x, int32_t w,
    const char *href)
{
	if (w <= 0)
		return;
	ln->links = sp_realloc(ln->links, (ln->nlinks + 1) *
	    sizeof(*ln->links));
	ln->links[ln->nlinks].x = x;
	ln->links[ln->nlinks].w = w;
	ln->links[ln->nlinks].href = href;
	ln->nlinks++;
}

void
sp_tl_para_free(struct sp_tl_para *p)
{
	int	i;

	for (i = 0; i < p->nlines; i++)
		free(p->lines[i].links);	/* the runs are in the arena */
	free(p->lines);
	sp_arena_free(p->arena);
	p->arena = NULL;
	p->lines = NULL;
	p->nlines = 0;
}

struct sp_arena *
sp_tl_para_arena(struct sp_tl_para *p)
{
	if (p->arena == NULL)
		p->arena = sp_arena_new_small(1024);
	return p->arena;
}

/* ---------------------------------------------------------- hyphens */

/*
 * The hyphen points of the paragraph: HY[p] & HY_POINT is HY_PATTERN
 * where a line may end in a hyphen before byte p, HY_AUTHOR where it ends
 * after the author's soft hyphen just before p. The author's are found
 * for the whole paragraph when first needed; the patterns' (through
 * sp_hyph_points, which knows numbers, capitals and addresses) a word at
 * a time, for a word that does not fit, and marked HY_DONE: most long
 * words of a paragraph never end a line.
 */
#define HY_PATTERN	1
#define HY_AUTHOR	2
#define HY_POINT	3
#define HY_DONE		4

static void
hyph_author(struct filler *f)
{
	const char	*s = f->r->text;
	size_t		 i;

	f->hy = f->mark + f->n + 1;	/* the scratch's third part */
	memset(f->hy, 0, f->n + 1);
	for (i = 2; i <= f->n; i++)
		if ((unsigned char)s[i - 2] == 0xC2 &&
		    (unsigned char)s[i - 1] == 0xAD)
			f->hy[i] = HY_AUTHOR;
}

/* Does a gap between words (as sp_hyph_points parts them: a space, a
 * tab, a line break, a no-break space) start at byte I of S, N bytes? */
static size_t
gap_at(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')
		return 1;
	return s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0 ? 2 : 0;
}

/* The patterns' points in the words between gaps over bytes A..B. */
static void
hyph_words(struct filler *f, size_t a, size_t b)
{
	const unsigned char *s = (const unsigned char *)f->r->text;
	unsigned char	*at = f->hy + f->n + 1;	/* the fourth part */
	size_t		 e, p, g;

	if (f->t->hyph == NULL)
		return;
	while (a > 0 && gap_at(s, f->n, a - 1) == 0 &&
	    !(a >= 2 && gap_at(s, f->n, a - 2) == 2))
		a--;
	while (a < b) {
		for (e = a; e < f->n && gap_at(s, f->n, e) == 0; e++)
			;
		if (e > a && !(f->hy[a] & HY_DONE)) {
			sp_hyph_points(f->t->hyph, f->r->text + a, e - a, at);
			for (p = a; p < e; p++) {
				if (at[p - a] && !(f->hy[p] & HY_POINT))
					f->hy[p] |= HY_PATTERN;
				f->hy[p] |= HY_DONE;
			}
		}
		if (e >= f->n)
			break;
		g = gap_at(s, f->n, e);
		a = e + g;
	}
}

/*
 * The hyphen points inside the segment at byte A of the text, N bytes
 * long: CUT[k] bytes of it go before the hyphen, the rest resumes at
 * RESUME[k].
 */
static int
hyph_points(struct filler *f, size_t a, size_t n, size_t *cut,
    size_t *resume, int max)
{
	size_t	 p;
	int	 k = 0;

	if (f->hy == NULL)
		hyph_author(f);
	hyph_words(f, a, a + n);
	for (p = a + 1; p < a + n && k < max; p++) {
		if ((f->hy[p] & HY_POINT) == HY_PATTERN) {
			cut[k] = p - a;
			resume[k++] = p - a;
		} else if ((f->hy[p] & HY_POINT) == HY_AUTHOR && p - 2 > a) {
			cut[k] = p - 2 - a;
			resume[k++] = p - a;
		}
	}
	return k;
}

static size_t
utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Longer than this (bytes), a word cannot fit any line: only its start
 * is shaped and hyphenated, so a huge word costs linear time. */
#define LONGWORD	512

/*
 * The longest start of S (M bytes, at least one character) that fits the
 * line, found by halving: a handful of shapings, not one per letter.
 */
static size_t
char_cut(struct filler *f, const char *s, size_t m, unsigned flags,
    int32_t lw)
{
	size_t	lo = utf8_len(s), hi = m, mid;

	if (lo >= m)
		return m;
	while (lo < hi) {
		/* the middle, moved back to a character boundary */
		mid = lo + (hi - lo + 1) / 2;
		while (mid > lo && ((unsigned char)s[mid] & 0xC0) == 0x80)
			mid--;
		if (mid <= lo) {
			mid = lo + utf8_len(s + lo);
			if (mid > hi)
				break;
		}
		if (word(f->t, s, mid, f->role, flags)->width <= lw)
			lo = mid;
		else
			hi = mid - 1;
		/* hi may now sit inside a character: back to its start */
		while (hi > lo && ((unsigned char)s[hi] & 0xC0) == 0x80)
			hi--;
	}
	return lo;
}

/* Is the character at byte I of S a letter (ASCII, or any beyond it:
 * æ, ø, å and the like), or the one ending just before I? */
static int
letter_at(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xC3 && c <= 0xC5);
}

static int
letter_before(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 && letter_at(s, i - 1);
}

/* The first CUT bytes of S (at most LONGWORD) with a hyphen, shaped. */
static const struct sp_tl_word *
hyphened(struct filler *f, const char *s, size_t cut, unsigned flags)
{
	char	pre[LONGWORD + 1];

	memcpy(pre, s, cut);
	pre[cut] = '-';
	return word(f->t, pre, cut + 1, f->role, flags);
}

/*
 * The longest of S's NP hyphenated starts (CUT[i] bytes and "-") that
 * fits in ROOM after SP (spaces, or NULL), placed with SP and its line
 * ended. Returns which, -1 if none fits.
 */
static int
hyphen_start(struct filler *f, const char *s, const size_t *cut, int np,
    unsigned flags, const struct sp_tl_word *sp, int32_t room)
{
	const struct sp_tl_word *pw;
	int		 i;

	for (i = np - 1; i >= 0; i--) {
		pw = hyphened(f, s, cut[i], flags);
		if ((sp != NULL ? sp->width : 0) + pw->width > room)
			continue;
		if (sp != NULL)
			put(f, sp, f->sphref);
		put(f, pw, f->href);
		f->hyphened = 1;
		f->lasttok = f->tok;
		flush(f);
		return i;
	}
	return -1;
}

/*
 * Place the segment of the text at byte A, N bytes in one style, that
 * starts a token, breaking it (at a hyphen point, or between letters as
 * a last resort) if it cannot fit. NSP spaces (the bytes before A, in
 * SPFLAGS) go before it when it joins a line.
 */
static void
place_word(struct filler *f, size_t a, size_t n, unsigned flags, int nsp,
    unsigned spflags)
{
	const struct sp_fill_env *t = f->t;
	const char	*s = f->r->text + a;
	const struct sp_tl_word *w, *sp;
	size_t		 cut[64], resume[64], c, m;
	int		 np, i, may;

	while (n > 0) {
		int32_t	 lw = f->width - f->indent;

		if (n > LONGWORD) {
			/* longer than any line: work on its start only */
			if (f->npl > 0)
				flush(f);
			nsp = 0;
			goto too_long;
		}
		w = word(t, s, n, f->role, flags);
		sp = nsp > 0 && f->npl > 0 ? word(t, s - nsp, (size_t)nsp,
		    f->role, spflags) : NULL;
		if (f->npl == 0 || f->x + (sp ? sp->width : 0) + w->width <=
		    lw) {
			if (f->npl == 0 && w->width > lw)
				goto too_long;
			if (sp != NULL)
				put(f, sp, f->sphref);
			put(f, w, f->href);
			return;
		}
		/*
		 * Hyphenate: the longest start that fits, with "-". Not a
		 * link, not a third line in a row, not where the style or
		 * the runt check says no: then the word goes to the next
		 * line, and is hyphenated there only if it is wider than a
		 * line.
		 */
		may = !(flags & SP_SPAN_LINK) && !f->nohyph && f->inrow < 2 &&
		    f->noh != f->tok;
		np = may ? hyph_points(f, (size_t)(s - f->r->text), n, cut,
		    resume, 64) : 0;
		i = hyphen_start(f, s, cut, np, flags, sp, lw - f->x);
		if (i >= 0) {
			s += resume[i];
			n -= resume[i];
			nsp = 0;
			continue;
		}
		break_at_space(f, nsp > 0 ? word(t, " ", 1, f->role, spflags) :
		    NULL);
		nsp = 0;
		continue;
too_long:
		/* alone on a line and still too wide: hyphenate, or break
		 * between letters */
		m = n > LONGWORD ? LONGWORD : n;
		np = flags & SP_SPAN_LINK ? 0 : hyph_points(f,
		    (size_t)(s - f->r->text), m, cut, resume, 64);
		if ((i = hyphen_start(f, s, cut, np, flags, NULL, lw)) >= 0) {
			s += resume[i];
			n -= resume[i];
			continue;
		}
		c = char_cut(f, s, m, flags, lw);
		/* a number or path ("1.2.10.11", "a/b/c") parts after its
		 * last "." or "/" that fits, not between two digits */
		for (m = c; c < n && m > 1; m--)
			if (s[m - 1] == '.' || s[m - 1] == '/') {
				c = m;
				break;
			}
		/*
		 * Between two letters a word is never cut without a hyphen:
		 * the longest start that fits with one (not in a link or
		 * an address, where a hyphen would read as part of it).
		 */
		if (c < n && m <= 1 && !(flags & SP_SPAN_LINK) &&
		    f->mark[(size_t)(s - f->r->text) + c] == 0 &&
		    letter_at(s, c) && c > 0 && letter_before(s, c) &&
		    c <= LONGWORD) {
			size_t	 h = char_cut(f, s, c, flags, lw -
			    word(t, "-", 1, f->role, flags)->width);
			const struct sp_tl_word *pw;

			while (h > 0 && ((unsigned char)s[h] & 0xC0) == 0x80)
				h--;
			if (h > 0 && (pw = hyphened(f, s, h, flags))->width <=
			    lw) {
				put(f, pw, f->href);
				f->hyphened = 1;
				f->lasttok = f->tok;
				flush(f);
				s += h;
				n -= h;
				continue;
			}
		}
		put(f, word(t, s, c, f->role, flags), f->href);
		f->lasttok = f->tok;
		flush(f);
		s += c;
		n -= c;
	}
}

/*
 * The span holding byte I, or NULL. Spans come in text order and do not
 * overlap (sp_rich_add appends them), so a binary search: a paragraph of
 * 100 000 bold words took 33 s with a scan per byte.
 */
static const struct sp_span *
span_at(const struct sp_rich *r, size_t i)
{
	size_t	lo = 0, hi = r->nspans, mid;

	while (lo < hi) {		/* the first span ending after I */
		mid = lo + (hi - lo) / 2;
		if (r->spans[mid].end <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nspans && r->spans[lo].start <= i ? &r->spans[lo] :
	    NULL;
}

static unsigned
flags_at(const struct sp_rich *r, size_t i)
{
	const struct sp_span *sp = span_at(r, i);

	return sp != NULL ? sp->flags : 0;
}

static const char *
href_at(const struct sp_rich *r, size_t i)
{
	const struct sp_span *sp = span_at(r, i);

	return sp != NULL ? sp->href : NULL;
}

/* Does a line break after the soft hyphen just before byte I? Then it
 * is a hyphen point, not the end of a token. */
static int
after_shy(const char *s, size_t i)
{
	return i >= 2 && (unsigned char)s[i - 2] == 0xC2 &&
	    (unsigned char)s[i - 1] == 0xAD;
}

/* A bullet line ("• " after a line break): its next lines hang. */
static int32_t
bullet(struct filler *f, size_t i)
{
	const char *s = f->r->text + i;

	if (strncmp(s, "\xE2\x80\xA2 ", 4) != 0)
		return 0;
	return word(f->t, s, 4, f->role, flags_at(f->r, i))->width;
}

#define MAXSEG	16

/*
 * Fill the lines once. Tokens run from one break opportunity to the
 * next and end in their spaces, which go between words on a line and
 * vanish where it breaks. -1: a word in several styles wider than a line
 * (Pango breaks it).
 */
static int
fill(struct filler *f)
{
	const struct sp_fill_env *t = f->t;
	const struct sp_rich *r = f->r;
	const char	*s = r->text;
	size_t		 i = 0, n = f->n, j, e, k;
	struct {
		size_t	 start, end;
		unsigned flags;
		const char *href;
	}		 seg[MAXSEG];
	int		 nseg, q, nsp = 0;
	unsigned	 spflags = 0;

	f->hang = bullet(f, 0);
	f->indent = 0;
	while (i < n) {
		/* the token: to the next break opportunity */
		for (j = i + 1; j < n && (f->brk[j] == SP_BRK_NO ||
		    after_shy(s, j)); j++)
			;
		for (e = j; e > i && (s[e - 1] == ' ' || s[e - 1] == '\n');
		    e--)
			;
		f->tok = i;
		if (i == f->before && f->npl > 0)
			break_at_space(f, nsp > 0 ? word(t, " ", 1, f->role,
			    spflags) : NULL);
		if (f->npl == 0)
			f->linetok = i;
		f->sphref = nsp > 0 ? href_at(r, i - 1) : NULL;
		/* within a token, a segment per style */
		for (k = i, nseg = 0; k < e && nseg < MAXSEG; nseg++) {
			seg[nseg].start = k;
			seg[nseg].flags = flags_at(r, k);
			seg[nseg].href = href_at(r, k);
			for (k++; k < e && flags_at(r, k) == seg[nseg].flags &&
			    href_at(r, k) == seg[nseg].href; k++)
				;
			seg[nseg].end = k;
		}
		if (nseg == 0)
			;		/* spaces or a line break only */
		else if (nseg == 1 || k < e) {
			/* one style (or too many to keep together) */
			for (q = 0; q < nseg; q++) {
				f->href = seg[q].href;
				place_word(f, seg[q].start,
				    seg[q].end - seg[q].start, seg[q].flags,
				    q == 0 ? nsp : 0, spflags);
			}
			if (k < e) {
				f->href = href_at(r, k);
				place_word(f, k, e - k, flags_at(r, k), 0, 0);
			}
		} else {
			/* several styles in one word («<i>Jobbe</i>»): the
			 * whole word moves to the next line if it must */
			const struct sp_tl_word *sp = nsp > 0 ?
			    word(t, s + i - nsp, (size_t)nsp, f->role,
			    spflags) : NULL;
			int32_t	 tw = 0, lw = f->width - f->indent;

			for (q = 0; q < nseg; q++)
				tw += word(t, s + seg[q].start, seg[q].end -
				    seg[q].start, f->role, seg[q].flags)->width;
			if (tw > lw)
				return -1;
			if (f->npl > 0 && f->x + (sp ? sp->width : 0) + tw >
			    lw) {
				break_at_space(f, sp ? word(t, " ", 1, f->role,
				    spflags) : NULL);
				sp = NULL;
			}
			if (sp != NULL && f->npl > 0)
				put(f, sp, f->sphref);
			for (q = 0; q < nseg; q++)
				put(f, word(t, s + seg[q].start, seg[q].end -
				    seg[q].start, f->role, seg[q].flags),
				    seg[q].href);
		}
		if (nseg > 0)
			f->lasttok = i;
		/* what ends the token: spaces for the next, a line break */
		for (nsp = 0, k = e; k < j; k++) {
			if (s[k] == '\n') {
				flush(f);
				f->linetok = j;
				f->hang = bullet(f, j);
				f->indent = 0;
				nsp = 0;
				continue;
			}
			if (nsp++ == 0)
				spflags = flags_at(r, k);
		}
		i = j;
	}
	if (f->npl > 0 || f->out->nlines == 0 || (n > 0 && s[n - 1] == '\n'))
		flush(f);
	return 0;
}

/*
 * The words fill() asks for first, whatever the width: the bullet, each
 * token's segments (one per style and link, at most MAXSEG and the
 * rest), the spaces between tokens, as sp_fill_words promises.
 */
static int
fill_words(struct filler *f, int (*fn)(void *, const char *, size_t, int,
    unsigned), void *arg)
{
	const struct sp_rich *r = f->r;
	const char	*s = r->text;
	size_t		 i = 0, n = f->n, j, e, k, start;
	unsigned	 fl, spflags = 0;
	int		 nseg, nsp = 0, line = 1;

	while (i < n) {
		if (line && strncmp(s + i, "\xE2\x80\xA2 ", 4) == 0 &&
		    fn(arg, s + i, 4, f->role, flags_at(r, i)) != 0)
			return 1;
		line = 0;
		for (j = i + 1; j < n && (f->brk[j] == SP_BRK_NO ||
		    after_shy(s, j)); j++)
			;
		for (e = j; e > i && (s[e - 1] == ' ' || s[e - 1] == '\n');
		    e--)
			;
		if (nsp > 0 && (fn(arg, s + i - nsp, (size_t)nsp, f->role,
		    spflags) != 0 || fn(arg, " ", 1, f->role, spflags) != 0))
			return 1;
		for (k = i, nseg = 0; k < e; nseg++) {
			start = k;
			fl = flags_at(r, k);
			if (nseg < MAXSEG)
				for (k++; k < e && flags_at(r, k) == fl &&
				    href_at(r, k) == href_at(r, start); k++)
					;
			else
				k = e;
			if (k - start <= LONGWORD && fn(arg, s + start,
			    k - start, f->role, fl) != 0)
				return 1;
		}
		for (nsp = 0, k = e; k < j; k++) {
			if (s[k] == '\n') {
				line = 1;
				nsp = 0;
			} else if (nsp++ == 0)
				spflags = flags_at(r, k);
		}
		i = j;
	}
	return 0;
}

/* The words of bytes A..B that hold a letter or a digit. */
static int
words_in(const char *s, size_t a, size_t b)
{
	int	 n = 0, in = 0, alnum = 0;

	for (; a <= b; a++) {
		if (a == b || s[a] == ' ' || s[a] == '\n') {
			n += in && alnum;
			in = alnum = 0;
			continue;
		}
		in = 1;
		if ((unsigned char)s[a] >= 0x80 || (s[a] >= '0' && s[a] <= '9') ||
		    ((s[a] | 0x20) >= 'a' && (s[a] | 0x20) <= 'z'))
			alnum = 1;
	}
	return n;
}

/*
 * A runt: a last line of one word that is the end of a word hyphenated
 * on the line before, or shorter than a tenth of the line.
 */
static int
runt(const struct filler *f)
{
	const struct sp_tl_para *p = f->out;
	const struct lineinfo *last;

	if (p->nlines < 2)
		return 0;
	last = &f->info[p->nlines - 1];
	if (words_in(f->r->text, last->first, f->n) != 1)
		return 0;
	return f->info[p->nlines - 2].hyphened ||
	    p->lines[p->nlines - 1].width < f->width / 10;
}

static void
reset(struct filler *f)
{
	sp_tl_para_free(f->out);
	memset(f->out, 0, sizeof(*f->out));
	f->cap = 0;
	f->npl = 0;
	f->x = 0;
	f->inrow = 0;
	f->hyphened = 0;
	f->linetok = 0;
	f->lasttok = 0;
}

/* Addresses break only after "/" and "." (sp_addr_marks). */
static void
addr_breaks(struct filler *f)
{
	unsigned char	*mark = f->mark;
	size_t		 j;

	if (sp_addr_marks(f->r->text, f->n, mark) > 0)
		for (j = 1; j < f->n; j++)
			if (mark[j] != 0 && f->brk[j] != SP_BRK_MUST)
				f->brk[j] = mark[j] == SP_ADDR_BREAK ?
				    SP_BRK_YES : SP_BRK_NO;
}

struct sp_fill_scratch *
sp_fill_scratch_new(void)
{
	return sp_calloc(1, sizeof(struct sp_fill_scratch));
}

void
sp_fill_scratch_free(struct sp_fill_scratch *sc)
{
	if (sc == NULL)
		return;
	free(sc->bytes);
	free(sc->pl);
	free(sc->info);
	free(sc);
}

/* F's byte arrays (brk, mark, hy and a word's points) for its N bytes
 * from SC, made bigger when need be. */
static void
bytes(struct filler *f, struct sp_fill_scratch *sc)
{
	if (sc->capbytes < 4 * (f->n + 1)) {
		sc->capbytes = 4 * (f->n + 1) < 1024 ? 1024 : 4 * (f->n + 1);
		free(sc->bytes);
		sc->bytes = sp_malloc(sc->capbytes);
	}
	f->brk = sc->bytes;
	f->mark = f->brk + f->n + 1;
}

int
sp_fill_words(const struct sp_rich *r, enum sp_role role,
    struct sp_fill_scratch *sc, int (*fn)(void *, const char *, size_t, int,
    unsigned), void *arg)
{
	struct filler	 f;

	memset(&f, 0, sizeof(f));
	f.r = r;
	f.role = role;
	f.n = strlen(r->text);
	bytes(&f, sc);
	if (sp_fill_breaks(r->text, f.n, f.brk) != 0)
		return -1;
	addr_breaks(&f);
	return fill_words(&f, fn, arg);
}

int
sp_fill_lines(const struct sp_fill_env *t, const struct sp_rich *r,
    enum sp_role role, int32_t width, int align, struct sp_tl_para *out)
{
	struct sp_fill_scratch own, *sc = t->scratch != NULL ? t->scratch :
			    &own;
	struct filler	 f;
	int		 rc, nl;

	memset(&f, 0, sizeof(f));
	if (sc == &own)
		memset(&own, 0, sizeof(own));
	f.n = strlen(r->text);
	bytes(&f, sc);
	f.pl = sc->pl;
	f.cappl = sc->cappl;
	f.info = sc->info;
	f.capinfo = sc->capinfo;
	if (sp_fill_breaks(r->text, f.n, f.brk) != 0) {
		rc = -1;
		goto out;
	}
	f.t = t;
	f.r = r;
	addr_breaks(&f);
	f.role = role;
	f.width = width;
	f.align = align;
	f.nohyph = t->nohyph;
	f.out = out;
	f.noh = f.before = (size_t)-1;
	rc = fill(&f);
	if (rc == 0 && runt(&f)) {
		/*
		 * A runt: set the paragraph again, with the word hyphenated
		 * before it kept whole, or else the last word of the line
		 * before it moved down; kept if that makes no more lines
		 * and no runt.
		 */
		struct lineinfo prev = f.info[out->nlines - 2];
		struct sp_tl_para old = *out;

		nl = out->nlines;
		memset(out, 0, sizeof(*out));
		f.cap = 0;
		f.npl = 0;
		f.x = 0;
		f.inrow = 0;
		f.hyphened = 0;
		if (prev.hyphened)
			f.noh = prev.last;
		else if (prev.last != prev.first)
			f.before = prev.last;
		if ((f.noh != (size_t)-1 || f.before != (size_t)-1) &&
		    fill(&f) == 0 && out->nlines <= nl && !runt(&f))
			sp_tl_para_free(&old);
		else {
			sp_tl_para_free(out);
			*out = old;
		}
	}
	if (rc != 0)
		reset(&f);
	out->height = out->nlines * t->pitch[role];
out:
	sc->pl = f.pl;
	sc->cappl = f.cappl;
	sc->info = f.info;
	sc->capinfo = f.capinfo;
	if (sc == &own) {
		free(own.bytes);
		free(own.pl);
		free(own.info);
	}
	return rc;
}
