/* layout_fill.c: the fast line filler. It makes no Pango call: words
 * come shaped from the caller (layout_text.c), lines are filled here. */
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

struct filler {
	const struct sp_fill_env *t;
	enum sp_role	 role;
	int32_t		 width;
	int		 align;
	struct sp_tl_para *out;
	int		 cap;
	struct placed	*pl;		/* the current line */
	int		 npl, cappl;
	int32_t		 x;		/* its width so far */
	const char	*href;		/* the link of the word being placed */
	const char	*sphref;	/* the link of the space before it */
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
	struct sp_arena	*a = t->arena;
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
	f->out->nlines++;
	if (f->align == SP_ALIGN_RIGHT)
		off = f->width - f->x;
	else if (f->align == SP_ALIGN_CENTER)
		off = (f->width - f->x) / 2;
	if (t->measure) {
		f->npl = 0;
		f->x = 0;
		return;
	}
	/* count the runs: a new one wherever font, colour or flags change */
	for (i = 0; i < f->npl; i++)
		nr += f->pl[i].p->nruns;
	ln->runs = sp_calloc(nr + 1, sizeof(*ln->runs));
	nr = 0;
	for (i = 0; i < f->npl; i = j) {
		const struct sp_tl_run *r0;
		struct sp_tl_run *run;
		int	 ng = 0, nt = 0, nc = 0, big = 0;
		int	 start_k;

		/* pieces i..j-1 join while the font, colour and decorations
		 * stay the same */
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
			    r->flags != r0->flags)
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

/* The byte offsets in S (N bytes) where the patterns allow a hyphen. */
static int
hyph_points(const struct sp_fill_env *t, const char *s, size_t n, size_t *at, int max)
{
	char		*w, *h;
	size_t		 i, in = 0;
	int		 k = 0;

	if (t->hyph == NULL || n < 8)
		return 0;
	w = sp_strndup(s, n);
	h = sp_hyph_text(t->hyph, w, NULL);
	for (i = 0; h[i] != '\0' && k < max; ) {
		if ((unsigned char)h[i] == 0xC2 &&
		    (unsigned char)h[i + 1] == 0xAD) {
			at[k++] = in;
			i += 2;
			continue;
		}
		i++;
		in++;
	}
	free(h);
	free(w);
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
char_cut(struct filler *f, const char *s, size_t m, unsigned flags)
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
		if (word(f->t, s, mid, f->role, flags)->width <= f->width)
			lo = mid;
		else
			hi = mid - 1;
		/* hi may now sit inside a character: back to its start */
		while (hi > lo && ((unsigned char)s[hi] & 0xC0) == 0x80)
			hi--;
	}
	return lo;
}

/*
 * Place the segment S (N bytes, one style) that starts a token, breaking
 * it (hyphen, or between letters as a last resort) if it cannot fit.
 * SPACE: the token follows a space on the same line.
 */
static void
place_word(struct filler *f, const char *s, size_t n, unsigned flags,
    int space, unsigned spflags)
{
	const struct sp_fill_env *t = f->t;
	const struct sp_tl_word *w, *sp;
	size_t		 at[64], cut, m;
	int		 np, i;

	while (n > 0) {
		if (n > LONGWORD) {
			/* longer than any line: work on its start only */
			if (f->npl > 0)
				flush(f);
			space = 0;
			goto too_long;
		}
		w = word(t, s, n, f->role, flags);
		sp = space && f->npl > 0 ? word(t, " ", 1, f->role, spflags) :
		    NULL;
		if (f->npl == 0 || f->x + (sp ? sp->width : 0) + w->width <=
		    f->width) {
			if (f->npl == 0 && w->width > f->width)
				goto too_long;
			if (sp != NULL)
				put(f, sp, f->sphref);
			put(f, w, f->href);
			return;
		}
		/* hyphenate: the longest prefix that fits, with "-"; a link
		 * never */
		np = flags & SP_SPAN_LINK ? 0 : hyph_points(t, s, n, at, 64);
		for (i = np - 1; i >= 0; i--) {
			char	*pre = sp_printf("%.*s-", (int)at[i], s);
			const struct sp_tl_word *pw = word(t, pre, at[i] + 1,
			    f->role, flags);

			free(pre);
			if (f->x + (sp ? sp->width : 0) + pw->width <= f->width) {
				if (sp != NULL)
					put(f, sp, f->sphref);
				put(f, pw, f->href);
				flush(f);
				s += at[i];
				n -= at[i];
				space = 0;
				break;
			}
		}
		if (i >= 0)
			continue;
		break_at_space(f, sp);
		space = 0;
		continue;
too_long:
		/* alone on a line and still too wide: hyphenate, or break
		 * between letters */
		m = n > LONGWORD ? LONGWORD : n;
		np = flags & SP_SPAN_LINK ? 0 : hyph_points(t, s, m, at, 64);
		for (i = np - 1; i >= 0; i--) {
			char	*pre = sp_printf("%.*s-", (int)at[i], s);
			const struct sp_tl_word *pw = word(t, pre, at[i] + 1,
			    f->role, flags);

			free(pre);
			if (pw->width <= f->width) {
				put(f, pw, f->href);
				flush(f);
				s += at[i];
				n -= at[i];
				break;
			}
		}
		if (i >= 0)
			continue;
		cut = char_cut(f, s, m, flags);
		put(f, word(t, s, cut, f->role, flags), f->href);
		flush(f);
		s += cut;
		n -= cut;
	}
}

/*
 * Can the fast path set this text? Latin and the punctuation and
 * symbol blocks; no tabs and no soft hyphens of the author's. The rest
 * goes to Pango.
 */
static int
simple(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t	 cp;

	while (*p != '\0') {
		if (*p < 0x80) {
			if (*p == '\t' || *p == '\r')
				return 0;
			p++;
			continue;
		}
		if (p[0] == 0xC2 && p[1] == 0xAD)
			return 0;	/* the author's soft hyphen: Pango */
		if ((*p & 0xE0) == 0xC0 && p[1] != '\0') {
			cp = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0 && p[1] != '\0' &&
		    p[2] != '\0') {
			cp = ((uint32_t)(*p & 0x0F) << 12) |
			    ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			p += 3;
		} else
			return 0;
		if (cp >= 0x0300 && !(cp >= 0x1E00 && cp < 0x2C00))
			return 0;	/* marks and other scripts */
	}
	return 1;
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

#define MAXSEG	16

int
sp_fill_lines(const struct sp_fill_env *t, const struct sp_rich *r,
    enum sp_role role, int32_t width, int align, struct sp_tl_para *out)
{
	struct filler	 f;
	const char	*s = r->text;
	size_t		 i = 0, n = strlen(s), j, k;
	struct {
		size_t	 start, end;
		unsigned flags;
		const char *href;
	}		 seg[MAXSEG];
	int		 nseg, q;

	if (!simple(s))
		return -1;
	memset(&f, 0, sizeof(f));
	f.t = t;
	f.role = role;
	f.width = width;
	f.align = align;
	f.out = out;
	while (i < n) {
		int space = 0;
		unsigned spflags = 0;

		f.sphref = NULL;
		while (i < n && (s[i] == ' ' || s[i] == '\n')) {
			if (s[i] == '\n')
				flush(&f);
			else {
				space = 1;
				spflags = flags_at(r, i);
				f.sphref = href_at(r, i);
			}
			i++;
		}
		if (i >= n)
			break;
		/* a token runs to the next space, or to just after a hyphen
		 * between letters */
		for (j = i; j < n && s[j] != ' ' && s[j] != '\n'; j++) {
			if (s[j] == '-' && j > i && j + 1 < n &&
			    s[j + 1] != ' ' && s[j + 1] != '-' &&
			    s[j - 1] != ' ' && s[j + 1] != '\n') {
				j++;
				break;
			}
			/* a URL may also break after a slash (not in "//") */
			if (s[j] == '/' && j > i && j + 1 < n &&
			    s[j - 1] != '/' && s[j + 1] != '/' &&
			    s[j + 1] != ' ' && s[j + 1] != '\n' &&
			    (flags_at(r, j) & SP_SPAN_LINK) &&
			    href_at(r, j) != NULL && href_at(r, j)[0] != '#') {
				j++;
				break;
			}
		}
		/* within a token, a segment per style */
		for (k = i, nseg = 0; k < j && nseg < MAXSEG; nseg++) {
			seg[nseg].start = k;
			seg[nseg].flags = flags_at(r, k);
			seg[nseg].href = href_at(r, k);
			for (k++; k < j && flags_at(r, k) == seg[nseg].flags &&
			    href_at(r, k) == seg[nseg].href; k++)
				;
			seg[nseg].end = k;
		}
		if (nseg == 1 || k < j) {
			/* one style (or too many to keep together) */
			for (q = 0; q < nseg; q++) {
				f.href = seg[q].href;
				place_word(&f, s + seg[q].start,
				    seg[q].end - seg[q].start, seg[q].flags,
				    q == 0 ? space : 0, spflags);
			}
			if (k < j) {
				f.href = href_at(r, seg[nseg - 1].end);
				place_word(&f, s + seg[nseg - 1].end,
				    j - seg[nseg - 1].end,
				    flags_at(r, seg[nseg - 1].end), 0, 0);
			}
		} else {
			/* several styles in one word («<i>Jobbe</i>»): the
			 * whole word moves to the next line if it must */
			const struct sp_tl_word *sp = word(t, " ", 1, role, spflags);
			int32_t	 tw = 0;

			for (q = 0; q < nseg; q++)
				tw += word(t, s + seg[q].start, seg[q].end -
				    seg[q].start, role, seg[q].flags)->width;
			if (tw > width) {
				/* wider than a line: Pango breaks it */
				free(f.pl);
				sp_tl_para_free(out);
				memset(out, 0, sizeof(*out));
				return -1;
			}
			if (f.npl > 0 && f.x + (space ? sp->width : 0) + tw >
			    width) {
				break_at_space(&f, space ? sp : NULL);
				space = 0;
			}
			if (space && f.npl > 0)
				put(&f, sp, f.sphref);
			for (q = 0; q < nseg; q++)
				put(&f, word(t, s + seg[q].start, seg[q].end -
				    seg[q].start, role, seg[q].flags),
				    seg[q].href);
		}
		i = j;
	}
	if (f.npl > 0 || out->nlines == 0)
		flush(&f);
	free(f.pl);
	out->height = out->nlines * t->pitch[role];
	return 0;
}
