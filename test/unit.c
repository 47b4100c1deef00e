/* unit.c: unit tests of hyphenation, line breaking and pagination. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdint.h>

#include <glib.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_layout.h"
#include "sp_dl.h"
#include "sp_paint.h"
#include "sp_pdf.h"
#include "../src/hyphpat.h"

#define U(pt)	((int32_t)((pt) * SP_UNITS))
#define SHY	"\xC2\xAD"
#define MAXPG	64

/*
 * The number of results main prints. test/run.sh holds the program to it:
 * a crash, an early return or a skipped group shows as a short count.
 * Adding a check means raising it.
 */
#define PLAN		169

static int		 failed;
static const char	*prefix = "";	/* put before each description */
static struct sp_style	*st;
static char		*fontsdir;
static struct sp_hyph	*hy;
/* The content box of the style's pages, in Pango units. */
static int32_t		 ctop, cbottom, cleft, cright;

/* Sixty words of Nynorsk, the pool every generated text draws on. */
static const char *const prose = "Regionrådet i Hallingdal har vedteke "
    "ein ny strategisk plan for næringsutvikling og kompetanseutvikling i "
    "perioden fram mot 2030. Planen byggjer på innspel frå kommunane, "
    "næringslivet og frivillige lag, og han peikar ut fire "
    "innsatsområde: samferdsel, busetjing, reiseliv og berekraftig "
    "arealforvaltning. Kvart tiltak har ein ansvarleg eigar, ei "
    "tidsramme og ein status som vert rapportert til rådet to gonger i "
    "året.";

/* 57 letters, padded to 60: no space, far wider than a narrow column. */
static const char *const longword =
    "samferdselsinfrastrukturutbyggingsfinansieringsordningane" "sin";

/* ------------------------------------------------------------ harness */

/* Print one result line ("ok - " or "not ok - "); returns COND. */
static int
check(int cond, const char *fmt, ...)
{
	va_list	ap;

	fputs(cond ? "ok - " : "not ok - ", stdout);
	fputs(prefix, stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failed = 1;
	return cond;
}

/* A diagnostic line after a failing result, kept to one line. */
static void
diag(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512], *p;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (p = buf; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	printf("#   %s\n", buf);
}

/* --------------------------------------------------------- text tools */

/* S without soft hyphens; the caller frees. */
static char *
unshy(const char *s)
{
	char	*o = sp_malloc(strlen(s) + 1), *p = o;

	while (*s != '\0') {
		if (strncmp(s, SHY, 2) == 0) {
			s += 2;
			continue;
		}
		*p++ = *s++;
	}
	*p = '\0';
	return o;
}

static int
nshy(const char *s)
{
	int	n = 0;

	while ((s = strstr(s, SHY)) != NULL) {
		n++;
		s += 2;
	}
	return n;
}

/* Letter indices (within S) before which a soft hyphen stands, as a mask. */
static unsigned long long
shy_mask(const char *s)
{
	unsigned long long m = 0;
	int	 letters = 0;

	for (; *s != '\0'; s = g_utf8_next_char(s)) {
		if (strncmp(s, SHY, 2) == 0) {
			if (letters < 64)
				m |= 1ULL << letters;
		} else
			letters++;
	}
	return m;
}

/* Word number I of the prose pool (cycling); the caller frees. */
static char *
pool_word(int i)
{
	int	 n = 0;
	const char *p = prose, *e;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0') {
			p = prose;
			continue;
		}
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		if (n++ == i)
			return sp_strndup(p, (size_t)(e - p));
		p = e;
	}
}

/* N words of the pool starting at word FROM; the caller frees. */
static char *
pool_words(int from, int n)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	char		*w;
	int		 i;

	sp_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		w = pool_word(from + i);
		if (i > 0)
			sp_buf_putc(&b, ' ');
		sp_buf_puts(&b, w);
		free(w);
	}
	return b.s;
}

/*
 * Check the soft hyphens of OUT word by word (a word is a run of
 * letters and soft hyphens): each has three letters at least on either
 * side, and no word under eight letters has any. Returns the number of
 * bad words; the first goes to BAD.
 */
static int
shy_rules(const char *out, char *bad, size_t badsz)
{
	const char	*p = out, *w;
	gunichar	 c;
	int		 nbad = 0;

	bad[0] = '\0';
	while (*p != '\0') {
		int	 letters = 0, n = 0, k, ok = 1, before[64];

		c = g_utf8_get_char(p);
		if (c != 0xAD && !g_unichar_isalpha(c)) {
			p = g_utf8_next_char(p);
			continue;
		}
		for (w = p; *p != '\0'; p = g_utf8_next_char(p)) {
			c = g_utf8_get_char(p);
			if (c == 0xAD) {
				if (n < 64)
					before[n++] = letters;
			} else if (g_unichar_isalpha(c))
				letters++;
			else
				break;
		}
		for (k = 0; k < n; k++)
			if (before[k] < 2 || letters - before[k] < 3 ||
			    letters < 8)
				ok = 0;
		if (!ok && nbad++ == 0)
			snprintf(bad, badsz, "%.*s", (int)(p - w), w);
	}
	return nbad;
}

/*
 * Whether POS maps every byte of IN to the same byte of OUT, rising,
 * with pos[n] at the end of OUT.
 */
static int
pos_ok(const char *in, const char *out, const unsigned *pos)
{
	size_t	i, n = strlen(in);

	for (i = 0; i < n; i++) {
		if (out[pos[i]] != in[i])
			return 0;
		if (i > 0 && pos[i] <= pos[i - 1])
			return 0;
	}
	return pos[n] == strlen(out);
}

/*
 * Whether OUT (laid-out lines joined by '\n') shows IN: equal once white
 * space is dropped on both sides and a '-' ending a line is dropped where
 * IN has a hyphenation point (with FORCED, also between two letters: a
 * word wider than its line breaks there with a hyphen added, never
 * without one). WHY gets the first difference.
 */
static int
same_text_as(const char *in, const char *out, char *why, size_t whysz,
    int forced)
{
	unsigned	*pos;
	char		*h = sp_hyph_text(hy, in, &pos);
	size_t		 i = 0, j = 0, n = strlen(in);
	int		 r = 0;

	why[0] = '\0';
	if (strstr(out, SHY) != NULL) {
		snprintf(why, whysz, "a soft hyphen is left in the text");
		goto out;
	}
	for (;;) {
		while (i < n && isspace((unsigned char)in[i]))
			i++;
		while (out[j] == ' ' || out[j] == '\n' || out[j] == '\t')
			j++;
		if (i == n && out[j] == '\0') {
			r = 1;
			break;
		}
		if (out[j] == '-' && (out[j + 1] == '\n' ||
		    out[j + 1] == '\0') && (i == n || in[i] != '-')) {
			if (i == 0 || i == n || ((pos[i] < 2 ||
			    strncmp(h + pos[i] - 2, SHY, 2) != 0) &&
			    !(forced && isalpha((unsigned char)in[i - 1]) &&
			    isalpha((unsigned char)in[i])))) {
				snprintf(why, whysz, "line-end hyphen at "
				    "byte %zu, not a hyphenation point: "
				    "\"%.20s\"", i, in + i);
				break;
			}
			j++;
			continue;
		}
		if (i == n || in[i] != out[j]) {
			snprintf(why, whysz, "differs at input byte %zu: "
			    "\"%.20s\" vs \"%.20s\"", i, in + i, out + j);
			break;
		}
		i++;
		j++;
	}
out:
	free(h);
	free(pos);
	return r;
}

static int
same_text(const char *in, const char *out, char *why, size_t whysz)
{
	return same_text_as(in, out, why, whysz, 0);
}

/* The text of a laid-out paragraph, lines joined by '\n'; caller frees. */
static char *
para_text(const struct sp_tl_para *p)
{
	struct sp_buf	b = { NULL, 0, 0 };
	int		i, k;

	sp_buf_puts(&b, "");
	for (i = 0; i < p->nlines; i++) {
		if (i > 0)
			sp_buf_putc(&b, '\n');
		for (k = 0; k < p->lines[i].nruns; k++)
			sp_buf_put(&b, p->lines[i].runs[k].op.text,
			    (size_t)p->lines[i].runs[k].op.ntext);
	}
	return b.s;
}

/*
 * Every line at most WIDTH wide, every run inside 0..WIDTH, tops rising
 * by the role's pitch. Returns 1 or 0 with WHY set.
 */
static int
lines_ok(const struct sp_text *tx, const struct sp_tl_para *p,
    enum sp_role role, int32_t width, char *why, size_t whysz)
{
	int32_t	pitch = sp_text_pitch(tx, role);
	int	i, k;

	for (i = 0; i < p->nlines; i++) {
		const struct sp_tl_line *ln = &p->lines[i];

		if (ln->width > width) {
			snprintf(why, whysz, "line %d is %d wide", i,
			    ln->width);
			return 0;
		}
		for (k = 0; k < ln->nruns; k++) {
			const struct sp_op *op = &ln->runs[k].op;

			if (op->x < 0 || op->x + op->w > width) {
				snprintf(why, whysz, "line %d run %d spans "
				    "%d..%d", i, k, op->x, op->x + op->w);
				return 0;
			}
		}
		if (i > 0 && ln->top - p->lines[i - 1].top != pitch) {
			snprintf(why, whysz, "line %d starts %d below the "
			    "last, pitch %d", i, ln->top - p->lines[i - 1].top,
			    pitch);
			return 0;
		}
	}
	return 1;
}

/* Every run's cluster map (if it has one) adds up to its text and glyphs. */
static int
clusters_ok(const struct sp_tl_para *p)
{
	int	i, k, c, nb, ng;

	for (i = 0; i < p->nlines; i++)
		for (k = 0; k < p->lines[i].nruns; k++) {
			const struct sp_op *op = &p->lines[i].runs[k].op;

			if (op->nclusters == 0)
				continue;
			nb = ng = 0;
			for (c = 0; c < op->nclusters; c++) {
				nb += op->clusters[2 * c];
				ng += op->clusters[2 * c + 1];
			}
			if (nb != op->ntext || ng != op->nglyphs)
				return 0;
		}
	return 1;
}

/*
 * No line but the first begins with closing punctuation or a no-break
 * space, no line but the last ends with opening punctuation or one.
 * Returns 1 or 0 with WHY set.
 */
static int
breaks_ok(const struct sp_tl_para *p, char *why, size_t whysz)
{
	static const char *const close[] = { ",", ".", ":", ";", "!", "?",
	    ")", "»", "\xC2\xA0", NULL };
	static const char *const open[] = { "«", "(", "\xC2\xA0", NULL };
	struct sp_buf	 b = { NULL, 0, 0 };
	int		 i, k, ok = 1;

	for (i = 0; ok && i < p->nlines; i++) {
		b.len = 0;
		sp_buf_puts(&b, "");
		for (k = 0; k < p->lines[i].nruns; k++)
			sp_buf_put(&b, p->lines[i].runs[k].op.text,
			    (size_t)p->lines[i].runs[k].op.ntext);
		while (b.len > 0 && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		for (k = 0; i > 0 && close[k] != NULL; k++)
			if (strncmp(b.s, close[k], strlen(close[k])) == 0)
				ok = 0;
		for (k = 0; i + 1 < p->nlines && open[k] != NULL; k++)
			if (b.len >= strlen(open[k]) && strcmp(b.s + b.len -
			    strlen(open[k]), open[k]) == 0)
				ok = 0;
		if (!ok)
			snprintf(why, whysz, "line %d: \"%s\"", i, b.s);
	}
	sp_buf_free(&b);
	return ok;
}

/* Whether two laid-out paragraphs have the same lines, runs and glyphs. */
static int
same_para(const struct sp_tl_para *a, const struct sp_tl_para *b)
{
	int	i, k, g;

	if (a->nlines != b->nlines || a->height != b->height)
		return 0;
	for (i = 0; i < a->nlines; i++) {
		const struct sp_tl_line *la = &a->lines[i], *lb = &b->lines[i];

		if (la->top != lb->top || la->width != lb->width ||
		    la->baseline != lb->baseline || la->nruns != lb->nruns)
			return 0;
		for (k = 0; k < la->nruns; k++) {
			const struct sp_op *x = &la->runs[k].op;
			const struct sp_op *y = &lb->runs[k].op;

			if (x->font != y->font || x->x != y->x ||
			    x->w != y->w || x->nglyphs != y->nglyphs ||
			    x->ntext != y->ntext || x->colour != y->colour ||
			    memcmp(x->text, y->text, (size_t)x->ntext) != 0)
				return 0;
			for (g = 0; g < x->nglyphs; g++)
				if (x->glyphs[g].id != y->glyphs[g].id ||
				    x->glyphs[g].x != y->glyphs[g].x)
					return 0;
		}
	}
	return 1;
}

/*
 * The longest run of pool words that sets in exactly N lines of ROLE at
 * WIDTH; the caller frees.
 */
static char *
text_of_lines(struct sp_text *tx, enum sp_role role, int32_t width, int n)
{
	struct sp_rich	 r = { NULL, NULL, 0, 0 };
	struct sp_tl_para p;
	char		*good = NULL;
	int		 w;

	for (w = 1; w < 1000; w++) {
		int	 nl;

		r.text = pool_words(0, w);
		sp_text_layout(tx, &r, role, width, SP_ALIGN_LEFT, &p);
		nl = p.nlines;
		sp_tl_para_free(&p);
		if (nl > n) {
			free(r.text);
			break;
		}
		free(good);
		good = r.text;
	}
	return good;
}

/* --------------------------------------------------------- doc tools */

static struct sp_doc *
doc_new(void)
{
	return sp_calloc(1, sizeof(struct sp_doc));
}

static struct sp_block *
add_text(struct sp_doc *d, enum sp_btype type, enum sp_role role,
    const char *text)
{
	struct sp_block	*b = sp_block_new(d, NULL, type);

	b->role = role;
	b->level = type == SP_B_HEADING ? 1 + (int)(role - SP_ROLE_H1) : 0;
	sp_rich_add(&b->text, text, 0);
	return b;
}

static void
add_space(struct sp_doc *d, double pt)
{
	sp_block_new(d, NULL, SP_B_SPACE)->height = pt;
}

/* Walks a display list op by op, keeping the open tags across pages. */
struct walk {
	const struct sp_dl *dl;
	int		 page;
	int		 i;		/* next op on the page */
	const struct sp_op *stack[64]; /* open tags */
	int		 depth;
	int		 np;		/* P tags begun so far */
	int		 p;		/* the open P's ordinal, or 0 */
};

static const struct sp_op *
walk(struct walk *w)
{
	const struct sp_op *op;

	while (w->page < w->dl->npages &&
	    w->i >= w->dl->pages[w->page].nops) {
		w->page++;
		w->i = 0;
	}
	if (w->page >= w->dl->npages)
		return NULL;
	op = &w->dl->pages[w->page].ops[w->i++];
	if (op->type == SP_OP_TAG_BEGIN) {
		if (w->depth < 64)
			w->stack[w->depth] = op;
		w->depth++;
		if (strcmp(op->name, "P") == 0)
			w->p = ++w->np;
	} else if (op->type == SP_OP_TAG_END) {
		if (w->depth > 0)
			w->depth--;
		if (strcmp(op->name, "P") == 0)
			w->p = 0;
	}
	return op;
}

/* The innermost open tag called NAME, or NULL. */
static const struct sp_op *
within(const struct walk *w, const char *name)
{
	int	i;

	for (i = (w->depth < 64 ? w->depth : 64) - 1; i >= 0; i--)
		if (strcmp(w->stack[i]->name, name) == 0)
			return w->stack[i];
	return NULL;
}

/*
 * Lines (distinct baselines) per page of the glyphs inside the TARGETth
 * P tag, footers left out. Returns the total.
 */
static int
p_lines(const struct sp_dl *dl, int target, int *per)
{
	struct walk	 w = { dl, 0, 0, { NULL }, 0, 0, 0 };
	const struct sp_op *op;
	int32_t		 ys[MAXPG][64];
	int		 total = 0, k;

	memset(per, 0, MAXPG * sizeof(*per));
	while ((op = walk(&w)) != NULL) {
		if (op->type != SP_OP_GLYPHS || w.p != target ||
		    within(&w, "Artifact") != NULL || w.page >= MAXPG)
			continue;
		for (k = 0; k < per[w.page]; k++)
			if (ys[w.page][k] == op->y)
				break;
		if (k == per[w.page] && k < 64) {
			ys[w.page][per[w.page]++] = op->y;
			total++;
		}
	}
	return total;
}

/* Pages of the first and last glyph inside tag NAME (or the TARGETth P). */
static void
tag_pages(const struct sp_dl *dl, const char *name, int target, int *first,
    int *last)
{
	struct walk	 w = { dl, 0, 0, { NULL }, 0, 0, 0 };
	const struct sp_op *op;

	*first = *last = -1;
	while ((op = walk(&w)) != NULL) {
		if (op->type != SP_OP_GLYPHS ||
		    within(&w, "Artifact") != NULL)
			continue;
		if (name != NULL ? within(&w, name) == NULL : w.p != target)
			continue;
		if (*first < 0)
			*first = w.page;
		*last = w.page;
	}
}

/* ------------------------------------------------------ 1. hyphenation */

static void
test_hyph(void)
{
	static const char *const mixed = "«Næringsutviklinga» i Hallingdal "
	    "2024–2027: 12\xC2\xA0" "345\xC2\xA0kr (3,5 %) til "
	    "kompetanseutvikling; ŋ-lyden, éin idé, réiselivsutvikling, "
	    "Straße, naïve, ÆØÅ-regionrådet, e-post: post@døme.no, "
	    "kompetanseŋutviklinga, «tilskotsordningane»!\t"
	    "«sluttrapporten»"
	    "\n🙂 samferdselsinfrastruktur…";
	static const char *const seven = "kommune planane fylket innspel "
	    "tiltaka arbeid rådet. Kommune, PLANANE og «innspel».";
	struct sp_hyph	*none;
	struct sp_buf	 corpus = { NULL, 0, 0 };
	char		*in, *out, *plain, bad[128];
	unsigned	*pos;
	unsigned long long m;
	int		 i, ok, nbad;

	check(hy != NULL, "hyph: the Nynorsk patterns load from %s",
	    st->hyphen_dict);
	if (hy == NULL)
		return;

	out = sp_hyph_text(hy, "næringsutvikling", NULL);
	plain = unshy(out);
	check(nshy(out) >= 1, "hyph: \"næringsutvikling\" gets a soft hyphen");
	check(strcmp(plain, "næringsutvikling") == 0,
	    "hyph: removing the soft hyphens gives \"næringsutvikling\" back");
	/* the compound joint with the linking s: nærings+utvikling */
	check(strstr(out, "rings" SHY "ut") != NULL,
	    "hyph: \"næringsutvikling\" may break after \"nærings\"");
	m = shy_mask(out);
	free(plain);
	free(out);

	out = sp_hyph_text(hy, "kompetanseutvikling", NULL);
	check(strstr(out, "kompetanse" SHY "ut") != NULL,
	    "hyph: \"kompetanseutvikling\" may break between \"kompetanse\" "
	    "and \"utvikling\"");
	free(out);

	out = sp_hyph_text(hy, "Næringsutvikling", NULL);
	ok = shy_mask(out) == m;
	free(out);
	check(ok, "hyph: a capital first letter breaks where lower case does");
	out = sp_hyph_text(hy, "NÆRINGSUTVIKLING og ARBEIDSPLASSAR", NULL);
	check(nshy(out) == 0, "hyph: words in capitals (Æ included) are "
	    "never hyphenated");
	free(out);

	/* The memo of words seen: 3000 distinct words make it grow several
	 * times; asking again gives what the patterns gave the first time. */
	{
		static char	*first[3000];
		char		 w[32];
		int		 k, same = 1, some = 0;

		for (k = 0; k < 3000; k++) {
			snprintf(w, sizeof(w), "samarbeid%cs%cutvikling",
			    'a' + k % 26, 'a' + k / 26 % 26);
			first[k] = sp_hyph_text(hy, w, NULL);
			some += nshy(first[k]) > 0;
		}
		for (k = 0; k < 3000; k++) {
			snprintf(w, sizeof(w), "samarbeid%cs%cutvikling",
			    'a' + k % 26, 'a' + k / 26 % 26);
			out = sp_hyph_text(hy, w, NULL);
			same = same && strcmp(out, first[k]) == 0;
			free(out);
			free(first[k]);
		}
		check(some > 0 && same, "hyph: a word asked for again (3000 "
		    "distinct words, the memo grown) gets the same hyphens");
	}

	out = sp_hyph_text(hy, seven, NULL);
	if (!check(strcmp(out, seven) == 0,
	    "hyph: words of seven letters or fewer are never hyphenated"))
		diag("got \"%s\"", out);
	free(out);

	out = sp_hyph_text(hy, "Hallingdal", NULL);
	plain = unshy(out);
	check(strcmp(plain, "Hallingdal") == 0,
	    "hyph: \"Hallingdal\" round-trips");
	free(plain);
	free(out);

	/* a corpus: the prose, the mixed text, and some long compounds */
	sp_buf_puts(&corpus, prose);
	sp_buf_puts(&corpus, " ");
	sp_buf_puts(&corpus, mixed);
	sp_buf_puts(&corpus, " arealforvaltninga fylkeskommunen "
	    "reiselivsnæringa landbruksforvaltninga kulturminneforvaltning "
	    "ungdomsrådet interkommunalt budsjettbehandlinga "
	    "Hemsedal Nesbyen Flå Gol Ål Hol Hallingdølen "
	    "abcdefgh ABCDEFGHI xyzzyxyz ");
	sp_buf_puts(&corpus, longword);
	out = sp_hyph_text(hy, corpus.s, &pos);
	check(nshy(out) >= 10, "hyph: the corpus gets soft hyphens (%d)",
	    nshy(out));
	nbad = shy_rules(out, bad, sizeof(bad));
	if (!check(nbad == 0, "hyph: no soft hyphen within the first two "
	    "or last three letters of a word, none in words under 8 letters"))
		diag("%d bad words, first \"%s\"", nbad, bad);
	plain = unshy(out);
	check(strcmp(plain, corpus.s) == 0,
	    "hyph: the corpus round-trips byte-exactly without soft hyphens");
	check(pos_ok(corpus.s, out, pos), "hyph: POS maps every input byte "
	    "of the corpus to the same byte of the output");
	free(plain);
	free(pos);
	free(out);
	sp_buf_free(&corpus);

	out = sp_hyph_text(hy, mixed, &pos);
	plain = unshy(out);
	check(strcmp(plain, mixed) == 0, "hyph: punctuation, digits, « », "
	    "NBSP, tab, ŋ, é, ß, emoji round-trip byte-exactly");
	check(pos_ok(mixed, out, pos), "hyph: POS map on the mixed text");
	check(strstr(out, "«" SHY) == NULL && strstr(out, SHY "»") == NULL &&
	    strstr(out, "\xC2\xA0" SHY) == NULL && strstr(out, SHY "\xC2\xA0")
	    == NULL, "hyph: no soft hyphen next to « » or NBSP");
	free(plain);
	free(pos);
	free(out);

	/* a letter run longer than the hyphenator's word buffer */
	in = sp_malloc(701);
	for (i = 0; i < 700; i++)
		in[i] = longword[i % 60];
	in[700] = '\0';
	out = sp_hyph_text(hy, in, &pos);
	plain = unshy(out);
	check(strcmp(plain, in) == 0 && pos_ok(in, out, pos),
	    "hyph: a 700-letter run round-trips with a right POS map");
	free(plain);
	free(pos);
	free(out);
	free(in);

	out = sp_hyph_text(hy, "", &pos);
	check(out != NULL && out[0] == '\0' && pos[0] == 0,
	    "hyph: empty text gives empty text");
	free(pos);
	free(out);

	out = sp_hyph_text(NULL, prose, NULL);
	check(strcmp(out, prose) == 0, "hyph: no dictionary, no hyphens");
	free(out);

	none = sp_hyph_new("/nonexistent/hyph_xx.dic");
	check(none == NULL, "hyph: a missing dictionary gives NULL");
	sp_hyph_free(none);
	sp_msg_reset();
}

/* ---------------------------------- 1b. the compiled patterns */

/*
 * The compiled patterns (hyph_pat.c) against libhyphen on the .dic
 * itself: the same digits for every word of the plan, pattern pieces
 * put together, and generated words (å, æ, ø, capitals, hyphens,
 * apostrophes, digits, dots, up to 250 bytes).
 */
struct hcmp {
	struct sp_hyph	*comp, *src;
	long		 n, bad;
	char		 first[600];
};

static void
hcmp_word(struct hcmp *c, const char *w, int n)
{
	char	 a[HP_MAXWORD + 5], b[HP_MAXWORD + 5];
	int	 i, k;

	if (n < 1 || n > 250)
		return;
	memset(a, 'x', sizeof(a));
	memset(b, 'y', sizeof(b));
	if (sp_hyph_word(c->comp, w, n, a) != 0 ||
	    sp_hyph_word(c->src, w, n, b) != 0) {
		c->bad++;
		return;
	}
	c->n++;
	if (memcmp(a, b, (size_t)n) == 0)
		return;
	if (c->bad++ == 0) {
		/* the word (bytes past ASCII as \xNN) and both digit rows */
		for (i = 0, k = 0; i < n && k < 300; i++)
			k += snprintf(c->first + k, sizeof(c->first) - (size_t)k,
			    (unsigned char)w[i] < 0x80 ? "%c" : "\\x%02X",
			    (unsigned char)w[i]);
		snprintf(c->first + k, sizeof(c->first) - (size_t)k,
		    ": compiled %.*s, libhyphen %.*s", n < 120 ? n : 120, a,
		    n < 120 ? n : 120, b);
	}
}

/* Latin-1 runs of letters, digits, '-' and '\'' in the UTF-8 text S,
 * each as it is and in lower case (as hyph.c lowers them). */
static void
hcmp_text(struct hcmp *c, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char	 w[251], lw[251];
	size_t	 i = 0;
	int	 n = 0, ch;

	while (i <= len) {
		ch = -1;
		if (i < len && ((u[i] >= 'a' && u[i] <= 'z') ||
		    (u[i] >= 'A' && u[i] <= 'Z') || (u[i] >= '0' &&
		    u[i] <= '9') || u[i] == '-' || u[i] == '\''))
			ch = u[i++];
		else if (i + 1 < len && u[i] == 0xC3 && (u[i + 1] & 0xC0) ==
		    0x80 && u[i + 1] != 0x97 && u[i + 1] != 0xB7) {
			ch = 0xC0 + (u[i + 1] & 0x3F);
			i += 2;
		}
		if (ch >= 0 && n < 250) {
			w[n] = (char)ch;
			lw[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch | 0x20 :
			    ch >= 0xC0 && ch < 0xE0 ? ch + 0x20 : ch);
			continue;
		}
		if (n > 0) {
			hcmp_word(c, w, n);
			hcmp_word(c, lw, n);
		}
		n = 0;
		if (ch < 0)
			i++;
	}
}

static uint32_t
hcmp_rand(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void
test_hyph_compiled(void)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz"
	    "\xE5\xE6\xF8\xE9\xFC\xC5\xC6\xD8" "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "-'0123456789.\xDF\xF7\xFF";
	struct hcmp	 c;
	struct sp_buf	 pieces = { NULL, 0, 0 };
	FILE		*find;
	char		 path[4096], w[256], *text, **piece = NULL;
	size_t		 len, npiece = 0, i;
	uint32_t	 seed = 2026;
	int		 k, n;
	long		 plan;

	memset(&c, 0, sizeof(c));
	c.comp = hy;
	if (!check(sp_hyph_compiled(hy), "hyph: the compiled patterns of "
	    "build/hyph/ are the ones in use"))
		return;
	setenv("SAKSPAPIR_HYPH_SOURCE", "1", 1);
	c.src = sp_hyph_new(st->hyphen_dict);
	unsetenv("SAKSPAPIR_HYPH_SOURCE");
	if (!check(c.src != NULL && !sp_hyph_compiled(c.src), "hyph: "
	    "SAKSPAPIR_HYPH_SOURCE has libhyphen load the .dic itself")) {
		sp_hyph_free(c.src);
		return;
	}

	/* every word of the plan */
	if ((find = popen("find plan -name '*.xml' -type f", "r")) != NULL) {
		while (fgets(path, sizeof(path), find) != NULL) {
			path[strcspn(path, "\n")] = '\0';
			if ((text = sp_file_read(path, &len)) != NULL)
				hcmp_text(&c, text, len);
			free(text);
		}
		pclose(find);
	}
	plan = c.n;

	/* the patterns' own letters, alone and two or three together */
	if ((text = sp_file_read(st->hyphen_dict, &len)) != NULL) {
		char *line, *save = NULL;

		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			for (n = 0; *line != '\0' && n < 64; line++)
				if (!(*line >= '0' && *line <= '9') &&
				    *line != '.' && *line != '\r' &&
				    *line != ' ' && *line != '\t')
					w[n++] = *line;
			if (n == 0)
				continue;
			piece = realloc(piece, (npiece + 1) * sizeof(*piece));
			piece[npiece++] = sp_strndup(w, (size_t)n);
			hcmp_word(&c, w, n);
		}
		free(text);
	}
	for (i = 0; npiece > 0 && i < 30000; i++) {
		pieces.len = 0;
		sp_buf_puts(&pieces, piece[hcmp_rand(&seed) % npiece]);
		if (i % 7 == 3)
			sp_buf_putc(&pieces, "-'19"[hcmp_rand(&seed) % 4]);
		sp_buf_puts(&pieces, piece[hcmp_rand(&seed) % npiece]);
		if (i % 3 == 0)
			sp_buf_puts(&pieces, piece[hcmp_rand(&seed) % npiece]);
		hcmp_word(&c, pieces.s, (int)pieces.len);
	}
	for (i = 0; i < npiece; i++)
		free(piece[i]);
	free(piece);
	sp_buf_free(&pieces);

	/* generated words, short to 250 bytes */
	for (i = 0; i < 20000; i++) {
		n = 1 + (int)(hcmp_rand(&seed) % (i % 10 == 0 ? 250 : 30));
		for (k = 0; k < n; k++)
			w[k] = abc[hcmp_rand(&seed) % (sizeof(abc) - 1)];
		hcmp_word(&c, w, n);
	}
	/* hyphens and apostrophes at the ends and doubled */
	{
		static const char *const odd[] = { "-", "--", "'", "-a", "a-",
		    "kommune-", "-kommune", "kommune--plan", "nærings-'liv",
		    "a-b-c-d-e-f-g-h", "samferdsel-12-plan", "12345678",
		    "1kommunane", "kommunane9", "9-9", "x'x'x'x", "....",
		    "arbeidsplassar-ar", "reiselivs-næringsutvikling" };
		char	 lat[64];

		for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			/* to Latin-1 */
			const unsigned char *p = (const unsigned char *)odd[i];

			for (n = 0; *p != '\0'; p++)
				if (*p != 0xC3)
					lat[n++] = (char)(p[0] >= 0x80 ?
					    p[0] + 0x40 : p[0]);
			hcmp_word(&c, lat, n);
		}
	}
	check(plan > 30000, "hyph: the words of plan/ compared (%ld)", plan);
	if (!check(c.bad == 0 && c.n > 100000, "hyph: the compiled patterns "
	    "give libhyphen's digits for every word (%ld words)", c.n))
		diag("%ld differ, first %s", c.bad, c.first);
	sp_hyph_free(c.src);
}

/*
 * A damaged compiled file (truncated, an offset or a count out of
 * bounds, a fallback or a transition that would loop) is refused when it
 * is mapped, never walked; a compiled file for another source or
 * version is passed over without a word.
 */
static int
hyph_damaged(const char *img, size_t len, int64_t size, int64_t mtime,
    const char *tmp)
{
	FILE	*f = fopen(tmp, "wb");
	struct hp *p;
	int	 damaged = -1;

	if (f == NULL)
		return -2;
	fwrite(img, 1, len, f);
	fclose(f);
	if ((p = hp_open(tmp, size, mtime, &damaged)) != NULL) {
		char	hyd[64];

		/* accepted: it is walked without harm */
		hp_hyphenate(p, "samferdselsutvikling", 20, hyd);
		hp_close(p);
		return -1;
	}
	return damaged;
}

static void
test_hyph_damaged(void)
{
	char		*good = NULL, *img, tmp[] = "/tmp/sp-unit-hyph-XXXXXX", file[64];
	char		*bin = sp_data_find(NULL, "build/hyph/hyph_nn_NO.dic.bin");
	size_t		 len, i;
	struct hp_head	 hd;
	struct stat	 sb;
	int		 all = 1, none = 1, r, k, l;
	uint32_t	 seed = 14, *u;
	struct sp_hyph	*h;

	if (!check(bin != NULL && (good = sp_file_read(bin, &len)) != NULL &&
	    len > sizeof(hd) && stat(st->hyphen_dict, &sb) == 0 &&
	    mkdtemp(tmp) != NULL, "hyph: the compiled patterns are read")) {
		free(bin);
		return;
	}
	snprintf(file, sizeof(file), "%s/p.bin", tmp);
	memcpy(&hd, good, sizeof(hd));
	img = sp_malloc(len);
#define AGAIN()	memcpy(img, good, len)
#define DAMAGED(why, n) do {						\
		r = hyph_damaged(img, (n), (int64_t)sb.st_size,		\
		    (int64_t)sb.st_mtime, file);			\
		if (r != 1 && all) {					\
			diag("not refused as damaged (%d): %s", r, why); \
			all = 0;					\
		}							\
	} while (0)
	AGAIN();
	r = hyph_damaged(img, len, (int64_t)sb.st_size, (int64_t)sb.st_mtime,
	    file);
	check(r == -1, "hyph: the compiled file as made is accepted");
	/* truncated anywhere past the header */
	for (i = sizeof(hd); i < len; i += len / 97)
		DAMAGED("truncated", i);
	DAMAGED("one byte short", len - 1);
	/* a wrong length, level count, offsets and counts */
	hd.len++;
	memcpy(img, &hd, sizeof(hd));
	DAMAGED("length", len);
	for (k = 0; k < 12; k++) {
		static const uint32_t val[] = { 0, 3, 0xFFFFFFFF, 0x80000000 };

		AGAIN();
		memcpy(&hd, good, sizeof(hd));
		if (k < 3) {
			hd.nlevels = val[k == 0 ? 0 : k == 1 ? 1 : 2];
		} else {
			l = k % 2;
			u = (uint32_t *)&hd.level[l];
			u[(k - 3) % 8] = 0xFFFFFFF0;
			if ((k - 3) % 8 == 1)	/* nstates */
				u[1] = (uint32_t)len;
		}
		memcpy(img, &hd, sizeof(hd));
		DAMAGED("a header field", len);
	}
	for (l = 0; l < 2; l++)
		for (k = 0; k < 8; k++) {
			uint32_t *f;

			AGAIN();
			memcpy(&hd, good, sizeof(hd));
			f = (uint32_t *)&hd.level[l] + k;
			*f = k == 4 || k == 6 ? (uint32_t)len : *f + 1 +
			    (uint32_t)len;
			if (k == 7)
				*f = 0xFFFFFFFF;	/* nnohyph */
			memcpy(img, &hd, sizeof(hd));
			DAMAGED("an offset or count past the end", len);
		}
	/* a state of each level: its transitions, fallback and match */
	memcpy(&hd, good, sizeof(hd));
	for (l = 0; l < (int)hd.nlevels && l < 2; l++)
		for (k = 0; k < 8; k++) {
			struct hp_state	s;
			uint32_t	at = hd.level[l].states + 16 *
			    (hd.level[l].nstates > 1000 ? 1000 : 1), t;

			AGAIN();
			memcpy(&s, img + at, sizeof(s));
			switch (k) {
			case 0: s.trans = hd.level[l].ntrans; s.ntrans = 1; break;
			case 1: s.ntrans = 0xFFFF; break;
			case 2: s.fallback = (int32_t)(at -
				    hd.level[l].states) / 16; break;
			case 3: s.fallback = -2; break;
			case 4: s.fallback = (int32_t)hd.level[l].nstates; break;
			case 5: s.match = hd.level[l].npool; s.mlen = 1; break;
			case 6:	/* the first transition of state 0 back to 0 */
				memcpy(&t, img + hd.level[l].trans, 4);
				t &= 0xFF;
				memcpy(img + hd.level[l].trans, &t, 4);
				break;
			case 7:	/* ...or past the last state */
				memcpy(&t, img + hd.level[l].trans, 4);
				t = (t & 0xFF) | hd.level[l].nstates << 8;
				memcpy(img + hd.level[l].trans, &t, 4);
				break;
			}
			if (k < 6)
				memcpy(img + at, &s, sizeof(s));
			DAMAGED("a state or transition", len);
		}
	check(all, "hyph: a truncated compiled file, or one with an offset, "
	    "count, fallback or transition out of bounds, is refused");
	/* another version or another source: passed over, not damaged */
	AGAIN();
	img[15] = '3';
	r = hyph_damaged(img, len, (int64_t)sb.st_size, (int64_t)sb.st_mtime,
	    file);
	k = r == 0;
	AGAIN();
	r = hyph_damaged(img, len, (int64_t)sb.st_size + 1,
	    (int64_t)sb.st_mtime, file);
	k = k && r == 0;
	r = hyph_damaged(img, 100, (int64_t)sb.st_size, (int64_t)sb.st_mtime,
	    file);
	check(k && r == 0, "hyph: a compiled file of another version or "
	    "source, or shorter than its header, is passed over");
	/* 1000 times a few bytes changed at random: refused or walked,
	 * never a crash (the file written once, the bytes put back) */
	{
		FILE	*f = fopen(file, "wb");
		int	 fd, refused = 0, walked = 0;

		if (f != NULL) {
			fwrite(good, 1, len, f);
			fclose(f);
		}
		fd = open(file, O_WRONLY);
		for (i = 0; i < 1000 && fd >= 0; i++) {
			size_t	 at[4];
			char	 c;
			struct hp *p;
			int	 dmg;

			for (k = 0; k < 4; k++) {
				at[k] = hcmp_rand(&seed) % (i % 2 ? len : 4096);
				c = (char)hcmp_rand(&seed);
				none = none && pwrite(fd, &c, 1, (off_t)at[k]) == 1;
			}
			if ((p = hp_open(file, (int64_t)sb.st_size,
			    (int64_t)sb.st_mtime, &dmg)) != NULL) {
				char	hyd[64];

				hp_hyphenate(p, "samferdselsutvikling", 20, hyd);
				hp_close(p);
				walked++;
			} else
				refused++;
			for (k = 3; k >= 0; k--)
				none = none && pwrite(fd, good + at[k], 1,
				    (off_t)at[k]) == 1;
		}
		if (fd >= 0)
			close(fd);
		check(fd >= 0 && none && refused > 100 && walked > 50,
		    "hyph: 1000 compiled files with bytes changed at random "
		    "are refused (%d) or walked without harm (%d)", refused,
		    walked);
	}
	/* through sp_hyph_new: a damaged file gives the .dic's hyphens */
	AGAIN();
	snprintf(file, sizeof(file), "%s/build", tmp);
	mkdir(file, 0700);
	snprintf(file, sizeof(file), "%s/build/hyph", tmp);
	mkdir(file, 0700);
	snprintf(file, sizeof(file), "%s/build/hyph/%s", tmp,
	    strrchr(bin, '/') + 1);
	{
		FILE	*f = fopen(file, "wb");
		char	 a[40], b[40];

		if (f != NULL) {
			fwrite(img, 1, len / 2, f);
			fclose(f);
		}
		setenv("SAKSPAPIR_DATA", tmp, 1);
		sp_msg_quiet(1);
		h = sp_hyph_new(st->hyphen_dict);
		sp_msg_quiet(0);
		unsetenv("SAKSPAPIR_DATA");
		r = h != NULL && !sp_hyph_compiled(h) &&
		    sp_msg_worst() == SP_WARNING &&
		    sp_hyph_word(h, "n\xE6ringsutviklinga", 17, a) == 0 &&
		    sp_hyph_word(hy, "n\xE6ringsutviklinga", 17, b) == 0 &&
		    memcmp(a, b, 17) == 0;
		sp_msg_reset();
		check(r, "hyph: a truncated compiled file is warned about, and "
		    "the .dic gives the same hyphens");
		sp_hyph_free(h);
		remove(file);
	}
	for (k = 0; k < 4; k++) {
		static const char *const made[] = { "build/hyph", "build",
		    "p.bin", "" };

		snprintf(file, sizeof(file), "%s/%s", tmp, made[k]);
		remove(file);
	}
	free(img);
	free(good);
	free(bin);
#undef AGAIN
#undef DAMAGED
}

/* ------------------------------------------ libraries opened on demand */

static void
test_lib(void)
{
	static const char *const none[] = { "libsakspapir-none.so.0", NULL };
	static const char *const libz[] = { "libsakspapir-none.so.0",
		    "libz.so.1", NULL };
	static const char *const names[] = { "zlibVersion" };
	static const char *const nofn[] = { "sakspapir_no_such_function" };
	struct {
		const char	*(*zlibVersion)(void);
	}			 z;
	int			 loaded = 0;

	fprintf(stderr, "unit: two errors are expected here:\n");
	check(sp_lib_load(none, names, 1, &z, &loaded, "form.xlsx",
	    "a library") == -1 && !loaded && sp_msg_worst() == SP_SYSERR,
	    "lib: a library that will not load is one system error");
	sp_msg_reset();
	check(sp_lib_load(libz, nofn, 1, &z, &loaded, "form.xlsx",
	    "a library") == -1 && !loaded && sp_msg_worst() == SP_SYSERR,
	    "lib: a function the library lacks is one system error");
	sp_msg_reset();
	memset(&z, 0, sizeof(z));
	check(sp_lib_load(libz, names, 1, &z, &loaded, "form.xlsx",
	    "zlib") == 0 && loaded && z.zlibVersion != NULL &&
	    strcmp(z.zlibVersion(), "1") > 0,
	    "lib: the next name on the list loads, its function is found");
	check(sp_lib_load(none, names, 1, &z, &loaded, "form.xlsx",
	    "a library") == 0 && sp_msg_worst() == SP_OK,
	    "lib: loaded once, not again");
}

/* ------------------------------------------- break opportunities, rules */

/* Where BRK (from sp_fill_breaks or sp_text_breaks) differs; -1: nowhere. */
static long
brk_diff(const char *s)
{
	size_t		 n = strlen(s), i;
	unsigned char	*a = sp_malloc(n + 1), *b = sp_malloc(n + 1);
	long		 at = -2;

	if (sp_fill_breaks(s, n, a) != 0 || sp_text_breaks(s, n, b) != 0)
		at = -3;
	for (i = 1; at == -2 && i <= n; i++)
		if (a[i] != b[i])
			at = (long)i;
	free(a);
	free(b);
	return at == -2 ? -1 : at;
}

/* The lines of P as "a|b|c" (runs' text without the space a line ends
 * in, lines joined by '|'). */
static char *
lines_of(const struct sp_tl_para *p)
{
	char	*t = para_text(p), *q, *o;

	for (q = o = t; *q != '\0'; q++) {
		if (*q == ' ' && (q[1] == '\n' || q[1] == '\0'))
			continue;
		*o++ = *q == '\n' ? '|' : *q;
	}
	*o = '\0';
	return t;
}

static void
test_breaks(void)
{
	/* every character class the filler sets, and its neighbours */
	static const char *const alpha[] = {
		"a", "Z", "ø", "Å", "é", "ŋ", "0", "7", " ", " ", "-", "–",
		"—", ".", ",", ":", ";", "!", "?", "/", "(", ")", "[", "]",
		"{", "}", "«", "»", "\"", "'", "’", "‘", "“", "”", "„", "%",
		"$", "€", "£", "+", "&", "*", "#", "@", "\xC2\xA0", SHY, "…",
		"•", "§", "°", "±", "×", "|", "_", "~", "=", "<", ">", "\\",
		"²", "´", "¿", "‐", "‑", "\xE2\x80\x89", "\xE2\x80\xAF",
		"\xE2\x80\x8B", "\xE2\x81\xA0", "‰", "′", "‹", "›", "‼", "™",
		"→", "≤", "№", "−", "·", "¶", "\n", "†", "‒", "―", "‚"
	};
	static const char *const cases[] = {
		"2025–2027", "1  Næring", "9\xC2\xA0" "682\xC2\xA0" "355 kr",
		"(NOU 2026:1) – sjå s. 4–5", "https://www.hallingdal.no/plan/",
		"post@hallingdal.no", "«Jobbe» og/eller e-post, 10-12 %",
		"Klima" SHY "koordinator", "a.s. o.s.v. 1.2.3. kr 100,-"
	};
	struct sp_dl	*dl = sp_dl_new();
	struct sp_text	*tx = sp_text_new(st, dl, fontsdir, hy);
	struct sp_rich	 r = { NULL, NULL, 0, 0 };
	struct sp_tl_para p;
	unsigned	 seed = 12345;
	size_t		 na = sizeof(alpha) / sizeof(alpha[0]);
	char		 s[128], first[128] = "", *t;
	int		 i, k, bad = 0, unset = 0, ok;

	for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++)
		if (brk_diff(cases[i]) != -1 && bad++ == 0)
			snprintf(first, sizeof(first), "%s", cases[i]);
	/* 30 000 strings of 2 to 9 characters from the alphabet */
	for (i = 0; i < 30000; i++) {
		int	 len = 2 + (int)((seed = seed * 1103515245u + 12345u) >>
			    16) % 8;
		long	 d;

		s[0] = '\0';
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(s, alpha[(seed >> 16) % na]);
		}
		d = brk_diff(s);
		unset += d == -3;
		if (d != -1 && bad++ == 0)
			snprintf(first, sizeof(first), "%s", s);
	}
	if (!check(bad == 0 && unset == 0, "breaks: the filler's break "
	    "opportunities are Pango's (UAX #14) for 30 000 strings over %zu "
	    "characters and the hard cases", na))
		diag("%d differ (%d not set by the filler), first \"%s\"", bad,
		    unset, first);

	if (!check(tx != NULL, "breaks: the bundled fonts load")) {
		sp_dl_free(dl);
		return;
	}
	/* a year range in a column too narrow for it */
	r.text = "2025–2027";
	sp_text_layout(tx, &r, SP_ROLE_CELL, U(26), SP_ALIGN_LEFT, &p);
	t = lines_of(&p);
	if (!check(strcmp(t, "2025–|2027") == 0, "breaks: a year range "
	    "breaks after its dash, never inside a number"))
		diag("got \"%s\"", t);
	free(t);
	sp_tl_para_free(&p);

	/* two spaces stay two: the band's "1  Næring" */
	{
		struct sp_rich	 one = { "1 Næring", NULL, 0, 0 };
		int32_t		 w1, w2;

		r.text = "1  Næring";
		sp_text_layout(tx, &r, SP_ROLE_BAND, U(300), SP_ALIGN_LEFT, &p);
		w2 = p.nlines == 1 ? p.lines[0].width : 0;
		t = para_text(&p);
		sp_tl_para_free(&p);
		sp_text_layout(tx, &one, SP_ROLE_BAND, U(300), SP_ALIGN_LEFT,
		    &p);
		w1 = p.nlines == 1 ? p.lines[0].width : 0;
		sp_tl_para_free(&p);
		if (!check(strcmp(t, "1  Næring") == 0 && w2 > w1,
		    "breaks: \"1  Næring\" keeps both spaces, and their width"))
			diag("got \"%s\", %d against %d", t, w2, w1);
		free(t);
	}

	/* numbers, addresses and capitals are not hyphenated */
	{
		static const char *const keep[] = {
			"2025–2027", "9\xC2\xA0" "682\xC2\xA0" "355",
			"https://www.regionradet.no/samarbeidsavtalane",
			"postmottak@hallingdalsregionen.no",
			"NÆRINGSUTVIKLINGA", "5Gnettverksutbygginga",
			"Klima" SHY "koordinatorane"
		};
		int	 nk = 0;

		for (i = 0; i < (int)(sizeof(keep) / sizeof(keep[0])); i++) {
			char *h = sp_hyph_text(hy, keep[i], NULL);

			if (nshy(h) != nshy(keep[i]) && nk++ == 0)
				snprintf(first, sizeof(first), "%s", h);
			free(h);
		}
		if (!check(nk == 0, "hyph: numbers, URLs, e-mail addresses, "
		    "words in capitals, next to digits or hyphenated by the "
		    "author get no soft hyphen of the patterns"))
			diag("first \"%s\"", first);
	}

	/* the limits come from the style, and hold */
	sp_hyph_limits(hy, 4, 5);
	t = sp_hyph_text(hy, "næringsutvikling kompetanseutvikling "
	    "arealforvaltninga reiselivsnæringa", NULL);
	ok = nshy(t) > 0;
	{
		const char	*q = t, *w = t;

		for (; *q != '\0'; q = g_utf8_next_char(q)) {
			if (*q == ' ')
				w = q + 1;
			if (strncmp(q, SHY, 2) == 0) {
				const char *e = strchr(q, ' ');
				char *pre = sp_strndup(w, (size_t)(q - w));
				char *rest = sp_strndup(q, e ? (size_t)(e - q) :
				    strlen(q));
				char *a = unshy(pre), *b = unshy(rest);

				if (g_utf8_strlen(a, -1) < 4 ||
				    g_utf8_strlen(b, -1) < 5)
					ok = 0;
				free(pre);
				free(rest);
				free(a);
				free(b);
			}
		}
	}
	check(ok, "hyph: hyphen.min-before 4 and min-after 5 hold (%s)", t);
	free(t);
	sp_hyph_limits(hy, (int)st->hyph_before, (int)st->hyph_after);

	/* at most two hyphenated lines in a row, and no runt */
	{
		struct sp_buf	 b = { NULL, 0, 0 };
		int		 inrow = 0, most = 0, runts = 0, w;

		for (w = 100; w <= 260; w += 8) {
			r.text = (char *)prose;
			sp_text_layout(tx, &r, SP_ROLE_BODY, U(w),
			    SP_ALIGN_LEFT, &p);
			t = para_text(&p);
			inrow = 0;
			for (i = 0; i < p.nlines; i++) {
				const struct sp_tl_line *ln = &p.lines[i];
				const struct sp_op *o = ln->nruns > 0 ?
				    &ln->runs[ln->nruns - 1].op : NULL;
				int h = o != NULL && o->ntext > 1 &&
				    o->text[o->ntext - 1] == '-' &&
				    o->text[o->ntext - 2] != ' ';

				inrow = h ? inrow + 1 : 0;
				if (inrow > most)
					most = inrow;
			}
			if (p.nlines >= 2) {
				const char *last = strrchr(t, '\n') + 1;

				if (strchr(last, ' ') == NULL &&
				    p.lines[p.nlines - 2].nruns > 0) {
					const struct sp_tl_line *pl =
					    &p.lines[p.nlines - 2];
					const struct sp_op *o =
					    &pl->runs[pl->nruns - 1].op;

					if (o->text[o->ntext - 1] == '-' &&
					    runts++ == 0)
						sp_buf_puts(&b, t);
				}
			}
			free(t);
			sp_tl_para_free(&p);
		}
		if (!check(most <= 2 && runts == 0, "text: at 21 widths, never "
		    "more than two hyphenated lines in a row (%d), never a "
		    "last line that is the end of a hyphenated word", most))
			diag("%d runts, first \"%s\"", runts, b.s ? b.s : "");
		sp_buf_free(&b);
	}

	/* a name is moved whole, not hyphenated, when it can be */
	r.text = "Klimakoordinator Kommunane";
	r.flags = SP_RICH_NOHYPH;
	sp_text_layout(tx, &r, SP_ROLE_CELL, U(70), SP_ALIGN_LEFT, &p);
	t = lines_of(&p);
	if (!check(strcmp(t, "Klimakoordinator|Kommunane") == 0,
	    "text: names (no hyphens unless a word is wider than the line) "
	    "break between words"))
		diag("got \"%s\"", t);
	free(t);
	sp_tl_para_free(&p);
	r.flags = 0;

	/* the author's soft hyphen is a place to break, shown as "-" */
	r.text = "Stor" SHY "kommunereform" SHY "arbeidet";
	sp_text_layout(tx, &r, SP_ROLE_BODY, U(70), SP_ALIGN_LEFT, &p);
	t = lines_of(&p);
	if (!check(strncmp(t, "Stor-|", 6) == 0 || strncmp(t,
	    "Storkommunereform-|", 19) == 0, "text: the author's soft "
	    "hyphens are where a word breaks, with a hyphen shown"))
		diag("got \"%s\"", t);
	free(t);
	sp_tl_para_free(&p);

	/* a bullet's lines after the first hang under its text */
	r.text = "Tiltak\n• Sjå på felles retningslinjer for næringsareal og "
	    "kontaktpersonar i alle kommunane";
	sp_text_layout(tx, &r, SP_ROLE_CELL, U(120), SP_ALIGN_LEFT, &p);
	ok = p.nlines >= 3;
	for (i = 2; ok && i < p.nlines; i++)
		ok = p.lines[i].nruns > 0 && p.lines[1].nruns > 0 &&
		    p.lines[i].runs[0].op.x > p.lines[1].runs[0].op.x + U(2);
	check(ok, "text: a bullet's next lines hang under its text (%d lines)",
	    p.nlines);
	sp_tl_para_free(&p);

	sp_text_free(tx);
	sp_dl_free(dl);
}

/* ---------------------------------------------------- 2. line breaking */

static void
test_text(void)
{
	struct sp_dl	*dl = sp_dl_new();
	struct sp_text	*tx = sp_text_new(st, dl, fontsdir, hy);
	struct sp_rich	 r = { NULL, NULL, 0, 0 };
	struct sp_tl_para p;
	char		*txt, why[160];
	char		 digits[61];
	int32_t		 w200 = 200 * SP_UNITS, w40 = 40 * SP_UNITS;
	int		 i, k, fb = -1, fr = -1, fi = -1, ok;

	if (!check(tx != NULL, "text: the bundled fonts load")) {
		sp_dl_free(dl);
		return;
	}

	r.text = (char *)prose;
	sp_text_layout(tx, &r, SP_ROLE_BODY, w200, SP_ALIGN_LEFT, &p);
	check(p.nlines >= 4, "text: 60 words at 200pt give several lines (%d)",
	    p.nlines);
	if (!check(lines_ok(tx, &p, SP_ROLE_BODY, w200, why, sizeof(why)),
	    "text: every line fits 200pt; tops rise by the body pitch"))
		diag("%s", why);
	check(p.nlines > 0 && p.lines[0].top == 0 && p.height ==
	    p.lines[p.nlines - 1].top + p.lines[p.nlines - 1].height,
	    "text: the lines fill the paragraph height from 0");
	txt = para_text(&p);
	if (!check(same_text(prose, txt, why, sizeof(why)), "text: the runs "
	    "hold the input (line-end hyphens only at hyphenation points)"))
		diag("%s", why);
	check(clusters_ok(&p), "text: cluster maps add up to text and glyphs");
	free(txt);
	sp_tl_para_free(&p);

	r.text = (char *)longword;
	sp_text_layout(tx, &r, SP_ROLE_CELL, w40, SP_ALIGN_LEFT, &p);
	check(p.nlines >= 3, "text: a 60-letter word at 40pt breaks into "
	    "several lines (%d)", p.nlines);
	if (!check(lines_ok(tx, &p, SP_ROLE_CELL, w40, why, sizeof(why)),
	    "text: every line of the long word fits 40pt"))
		diag("%s", why);
	txt = para_text(&p);
	if (!check(same_text_as(longword, txt, why, sizeof(why), 1),
	    "text: the long word's lines hold all its letters (a hyphen "
	    "added where a piece between hyphen points is wider than 40pt)"))
		diag("%s", why);
	free(txt);
	sp_tl_para_free(&p);

	for (i = 0; i < 60; i++)
		digits[i] = (char)('0' + (i * 7) % 10);
	digits[60] = '\0';
	r.text = digits;
	sp_text_layout(tx, &r, SP_ROLE_CELL, w40, SP_ALIGN_LEFT, &p);
	ok = lines_ok(tx, &p, SP_ROLE_CELL, w40, why, sizeof(why));
	txt = para_text(&p);
	if (!check(p.nlines >= 2 && ok && same_text(digits, txt, why,
	    sizeof(why)), "text: a 60-digit number at 40pt breaks, fits "
	    "and keeps its digits"))
		diag("%d lines; %s", p.nlines, why);
	free(txt);
	sp_tl_para_free(&p);

	r.text = (char *)"";
	sp_text_layout(tx, &r, SP_ROLE_BODY, w200, SP_ALIGN_LEFT, &p);
	check(p.nlines == 0 && p.height == 0, "text: empty text, no lines");
	sp_tl_para_free(&p);
	r.text = NULL;
	sp_text_layout(tx, &r, SP_ROLE_BODY, w200, SP_ALIGN_LEFT, &p);
	check(p.nlines == 0, "text: no text, no lines");
	sp_tl_para_free(&p);

	/* bold and italic spans pick other faces */
	sp_rich_add(&r, "Planen gjeld ", 0);
	sp_rich_add(&r, "kompetanseutvikling", SP_SPAN_B);
	sp_rich_add(&r, " og ", 0);
	sp_rich_add(&r, "reiseliv", SP_SPAN_I);
	sp_rich_add(&r, " i regionen.", 0);
	sp_text_layout(tx, &r, SP_ROLE_BODY, 400 * SP_UNITS, SP_ALIGN_LEFT,
	    &p);
	{
		struct sp_buf	bt = { NULL, 0, 0 };

		sp_buf_puts(&bt, "");
		for (i = 0; i < p.nlines; i++)
			for (k = 0; k < p.lines[i].nruns; k++) {
				const struct sp_op *op = &p.lines[i].runs[k].op;

				if (strstr(op->text, "kompetanse") != NULL ||
				    strstr(op->text, "utvikling") != NULL) {
					fb = op->font;
					sp_buf_put(&bt, op->text,
					    (size_t)op->ntext);
				} else if (strstr(op->text, "reiseliv") != NULL)
					fi = op->font;
				else if (strstr(op->text, "Planen") != NULL)
					fr = op->font;
			}
		check(p.nlines == 1 && fb >= 0 && fr >= 0 && fb != fr,
		    "text: a bold span is set in another font than the rest");
		if (!check(fb >= 0 && fr >= 0 && strstr(dl->fonts[fb].file,
		    "Bold") != NULL && strstr(dl->fonts[fr].file, "Bold") ==
		    NULL, "text: the bold span's font file is a Bold face"))
			diag("bold %s, regular %s",
			    fb >= 0 ? dl->fonts[fb].file : "-",
			    fr >= 0 ? dl->fonts[fr].file : "-");
		if (!check(bt.s != NULL && strcmp(bt.s,
		    "kompetanseutvikling") == 0,
		    "text: the bold run holds exactly the bold span"))
			diag("bold text \"%s\"", bt.s ? bt.s : "");
		check(fi >= 0 && strstr(dl->fonts[fi].file, "Italic") != NULL,
		    "text: an italic span is set in an Italic face");
		sp_buf_free(&bt);
	}
	sp_tl_para_free(&p);
	sp_rich_free(&r);

	/* the layout object is reused: nothing may carry over */
	r.text = (char *)"Planen gjeld kompetanseutvikling og reiseliv.";
	sp_text_layout(tx, &r, SP_ROLE_BODY, 400 * SP_UNITS, SP_ALIGN_LEFT,
	    &p);
	ok = p.nlines == 1;
	for (k = 0; ok && k < p.lines[0].nruns; k++)
		if (p.lines[0].runs[k].op.font != fr)
			ok = 0;
	check(ok, "text: spans of one paragraph do not leak into the next");
	sp_tl_para_free(&p);

	/* short plain texts may come from a cache: it must key on all */
	{
		struct sp_rich	 rb = { NULL, NULL, 0, 0 };
		struct sp_tl_para q, bo, hd, wd;
		int		 f;

		r.text = (char *)"Regionrådet";
		sp_text_layout(tx, &r, SP_ROLE_CELL, w40, SP_ALIGN_LEFT, &p);
		sp_text_layout(tx, &r, SP_ROLE_CELL, w40, SP_ALIGN_LEFT, &q);
		check(p.nlines > 0 && same_para(&p, &q), "text: a short text "
		    "laid out twice gives the same lines");
		sp_rich_add(&rb, "Regionrådet", SP_SPAN_B);
		sp_text_layout(tx, &rb, SP_ROLE_CELL, w40, SP_ALIGN_LEFT, &bo);
		check(bo.nlines > 0 && bo.lines[0].nruns > 0 &&
		    p.lines[0].nruns > 0 && bo.lines[0].runs[0].op.font !=
		    p.lines[0].runs[0].op.font, "text: the same short text "
		    "with a bold span is set in another font");
		sp_text_layout(tx, &r, SP_ROLE_CELLHEAD, w40, SP_ALIGN_LEFT,
		    &hd);
		f = hd.nlines > 0 && hd.lines[0].nruns > 0 ?
		    hd.lines[0].runs[0].op.font : -1;
		check(f >= 0 && strstr(dl->fonts[f].file, "Bold") != NULL &&
		    hd.lines[0].runs[0].op.colour ==
		    st->role[SP_ROLE_CELLHEAD].colour, "text: the same short "
		    "text in another role takes that role's face and colour");
		sp_text_layout(tx, &r, SP_ROLE_CELL, w200, SP_ALIGN_LEFT, &wd);
		check(p.nlines >= 2 && wd.nlines == 1, "text: the same short "
		    "text at another width is broken for that width");
		sp_tl_para_free(&wd);
		sp_tl_para_free(&hd);
		sp_tl_para_free(&bo);
		sp_tl_para_free(&q);
		sp_tl_para_free(&p);
		sp_rich_free(&rb);
	}

	/* forced breaks, alignment */
	r.text = (char *)"Første linje\nAndre linje";
	sp_text_layout(tx, &r, SP_ROLE_BODY, w200, SP_ALIGN_LEFT, &p);
	txt = para_text(&p);
	check(p.nlines == 2 && strncmp(txt, "Første linje", 13) == 0 &&
	    same_text(r.text, txt, why, sizeof(why)),
	    "text: a newline (<br/>) breaks the line there");
	free(txt);
	sp_tl_para_free(&p);
	r.text = (char *)"Side 1 av 2";
	sp_text_layout(tx, &r, SP_ROLE_FOOTER, w200, SP_ALIGN_RIGHT, &p);
	ok = p.nlines == 1 && p.lines[0].nruns > 0;
	if (ok) {
		const struct sp_tl_line *ln = &p.lines[0];
		const struct sp_op *last = &ln->runs[ln->nruns - 1].op;

		ok = last->x + last->w <= w200 &&
		    last->x + last->w > w200 - SP_UNITS;
	}
	check(ok, "text: right-aligned text ends at the right edge");
	sp_tl_para_free(&p);
	sp_text_layout(tx, &r, SP_ROLE_FOOTER, w200, SP_ALIGN_CENTER, &p);
	ok = p.nlines == 1 && p.lines[0].nruns > 0;
	if (ok) {
		const struct sp_tl_line *ln = &p.lines[0];
		int32_t	 l = ln->runs[0].op.x;
		int32_t	 rr = w200 - (ln->runs[ln->nruns - 1].op.x +
		    ln->runs[ln->nruns - 1].op.w);

		ok = l > 0 && (l - rr < SP_UNITS && rr - l < SP_UNITS);
	}
	check(ok, "text: centred text has equal room on either side");
	sp_tl_para_free(&p);

	/* punctuation, guillemets round styled words, no-break spaces */
	r.text = NULL;
	sp_rich_add(&r, "Regionrådet i «", 0);
	sp_rich_add(&r, "Hallingdal", SP_SPAN_B);
	sp_rich_add(&r, "» har vedteke ein ny plan (2024–2027) med "
	    "12\xC2\xA0" "345\xC2\xA0kr til «", 0);
	sp_rich_add(&r, "næringsutvikling", SP_SPAN_B);
	sp_rich_add(&r, "», kompetanse og ", 0);
	sp_rich_add(&r, "reiseliv", SP_SPAN_I);
	sp_rich_add(&r, ". Kvart tiltak har ein eigar, ei tidsramme og ein "
	    "status; rapporten kjem to gonger i året! Kva no? Sjå "
	    "«Vedlegg\xC2\xA0" "3» og «", 0);
	sp_rich_add(&r, "Hemsedal", SP_SPAN_U);
	sp_rich_add(&r, "».", 0);
	{
		int	 nw = 0, bfit = 0, btext = 0, bbreak = 0;
		char	 wfit[200] = "", wtext[200] = "", wbreak[200] = "";
		int32_t	 w;

		for (w = 80 * SP_UNITS; w <= 240 * SP_UNITS;
		    w += SP_UNITS / 2) {
			sp_text_layout(tx, &r, SP_ROLE_BODY, w, SP_ALIGN_LEFT,
			    &p);
			txt = para_text(&p);
			if (!lines_ok(tx, &p, SP_ROLE_BODY, w, why,
			    sizeof(why)) && bfit++ == 0)
				snprintf(wfit, sizeof(wfit), "%.1fpt: %s",
				    (double)w / SP_UNITS, why);
			if (!same_text(r.text, txt, why, sizeof(why)) &&
			    btext++ == 0)
				snprintf(wtext, sizeof(wtext), "%.1fpt: %s",
				    (double)w / SP_UNITS, why);
			if (!breaks_ok(&p, why, sizeof(why)) &&
			    bbreak++ == 0)
				snprintf(wbreak, sizeof(wbreak), "%.1fpt: %s",
				    (double)w / SP_UNITS, why);
			free(txt);
			sp_tl_para_free(&p);
			nw++;
		}
		if (!check(bfit == 0, "text: styled text with punctuation "
		    "fits every width from 80 to 240pt (%d widths)", nw))
			diag("%d widths fail, first %s", bfit, wfit);
		if (!check(btext == 0, "text: styled text with punctuation "
		    "keeps its text at every width"))
			diag("%d widths fail, first %s", btext, wtext);
		if (!check(bbreak == 0, "text: no line begins with , . : ; "
		    "! ? ) » or NBSP, none ends with « ( or NBSP"))
			diag("%d widths fail, first %s", bbreak, wbreak);
	}
	sp_rich_free(&r);

	sp_text_free(tx);
	sp_dl_free(dl);
}

/* ----------------------------------------------------- 3. pagination */

/* (a) widows and orphans, for paragraphs of N lines at every height. */
static void
test_widow(struct sp_text *tx, int n)
{
	int32_t		 pitch = sp_text_pitch(tx, SP_ROLE_BODY);
	int32_t		 c = cbottom - ctop;
	char		*para = text_of_lines(tx, SP_ROLE_BODY,
			    cright - cleft, n);
	unsigned long long seen = 0, allowed = 0;
	int		 per[MAXPG], tries = 0, bad1 = 0, badn = 0, k;
	int		 onepage = (2 * n + 2) * pitch < c;
	double		 h, h0, h1 = -1, hn = -1;

	for (k = 0; k <= n && k < 64; k++)
		if (k == 0 || k == n || (k >= 2 && n - k >= 2))
			allowed |= 1ULL << k;
	h0 = onepage ? (double)(c - (2 * n + 2) * pitch) / SP_UNITS : 0;
	for (h = h0; h <= (double)c / SP_UNITS;
	    h += (double)pitch / SP_UNITS / (onepage ? 5 : 2)) {
		struct sp_doc	*d = doc_new();
		struct sp_dl	*dl;
		int		 total, pg, first = -1;

		add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
		add_space(d, h);
		add_text(d, SP_B_PARA, SP_ROLE_BODY, para);
		dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
		total = p_lines(dl, 2, per);
		for (pg = 0; pg < dl->npages && pg < MAXPG; pg++) {
			if (per[pg] == 1 && bad1++ == 0)
				h1 = h;
			if (per[pg] > 0 && first < 0)
				first = pg;
		}
		if (first == 0 && per[0] < 64)
			seen |= 1ULL << per[0];
		else
			seen |= 1ULL;
		if (total != n && badn++ == 0)
			hn = h;
		tries++;
		sp_dl_free(dl);
		sp_doc_free(d);
	}
	if (!check(bad1 == 0, "widow/orphan: no page holds exactly one line "
	    "of a %d-line paragraph (%d heights)", n, tries))
		diag("%d heights fail, first a space of %.2fpt", bad1, h1);
	if (!check(badn == 0, "widow/orphan: all %d lines are placed at "
	    "every height", n))
		diag("%d heights fail, first %.2fpt", badn, hn);
	/* a paragraph that fits a page must show every allowed split */
	if (onepage && !check(seen == allowed, "widow/orphan: the heights "
	    "give every allowed split of %d lines on page 1, and no other",
	    n))
		diag("seen mask %#llx, allowed %#llx", seen, allowed);
	free(para);
}

/*
 * A table of 3 columns, the first 60pt wide: a header row, a first body
 * row of WORDS pool words in that column, and five short rows.
 */
static void
add_small_table(struct sp_doc *d, int words)
{
	struct sp_block	*b = sp_block_new(d, NULL, SP_B_TABLE);
	struct sp_row	*row;
	char		*s;
	int		 i;

	b->table = sp_table_new(3);
	b->table->width[0] = 60;
	row = sp_table_row(b->table, SP_ROW_HEAD);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Tiltak", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Ansvar", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Status", 0);
	for (i = 0; i < 6; i++) {
		row = sp_table_row(b->table, 0);
		s = i == 0 ? pool_words(0, words) : sp_strdup("Tiltaket");
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, s, 0);
		free(s);
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Rådet", 0);
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Gul", 0);
	}
}

/*
 * (b) keep-with-next: a heading of HLINES lines pushed down by every
 * height stays with the first line of what follows: a paragraph, or
 * when WORDS > 0 a table whose first row has WORDS words in a 60pt
 * column.
 */
static void
test_keep(struct sp_text *tx, int hlines, int words)
{
	int32_t		 pitch = sp_text_pitch(tx, SP_ROLE_BODY);
	int32_t		 c = cbottom - ctop;
	char		*head = text_of_lines(tx, SP_ROLE_H1,
			    cright - cleft, hlines);
	char		*para = text_of_lines(tx, SP_ROLE_BODY,
			    cright - cleft, 6);
	int		 tries = 0, bad = 0, split = 0;
	double		 h, hbad = -1;

	for (h = (double)(c - (20 + 2 * hlines) * pitch) / SP_UNITS;
	    h <= (double)c / SP_UNITS; h += (double)pitch / SP_UNITS / 5) {
		struct sp_doc	*d = doc_new();
		struct sp_dl	*dl;
		int		 hf, hl, pf, pl;

		add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
		add_space(d, h);
		add_text(d, SP_B_HEADING, SP_ROLE_H1, head);
		if (words > 0)
			add_small_table(d, words);
		else
			add_text(d, SP_B_PARA, SP_ROLE_BODY, para);
		dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
		tag_pages(dl, "H1", 0, &hf, &hl);
		if (words > 0)
			tag_pages(dl, "TD", 0, &pf, &pl);
		else
			tag_pages(dl, NULL, 2, &pf, &pl);
		if ((hf != pf || hf < 0) && bad++ == 0)
			hbad = h;
		if (hf != hl)
			split++;
		tries++;
		sp_dl_free(dl);
		sp_doc_free(d);
	}
	if (words > 0) {
		if (!check(bad == 0, "keep: a heading shares its page with "
		    "the first body row of a table (first row: %d pool "
		    "words in a 60pt cell; %d heights)", words, tries))
			diag("%d heights fail, first a space of %.2fpt", bad,
			    hbad);
	} else if (!check(bad == 0, "keep: a %d-line heading shares its "
	    "page with the first line of the paragraph (%d heights)", hlines,
	    tries))
		diag("%d heights fail, first a space of %.2fpt", bad, hbad);
	if (hlines > 1 && !check(split == 0, "keep: a %d-line heading is "
	    "never split across pages", hlines))
		diag("%d heights split it", split);
	free(head);
	free(para);
}

/*
 * A chain of headings (H1, then H2, then a paragraph) stays together:
 * neither heading ends a page the paragraph does not start on.
 */
static void
test_keep_chain(struct sp_text *tx)
{
	int32_t		 pitch = sp_text_pitch(tx, SP_ROLE_BODY);
	int32_t		 c = cbottom - ctop;
	char		*para = text_of_lines(tx, SP_ROLE_BODY,
			    cright - cleft, 6);
	int		 tries = 0, bad = 0;
	double		 h, hbad = -1;

	for (h = (double)(c - 24 * pitch) / SP_UNITS;
	    h <= (double)c / SP_UNITS; h += (double)pitch / SP_UNITS / 5) {
		struct sp_doc	*d = doc_new();
		struct sp_dl	*dl;
		int		 f1, l1, f2, l2, pf, pl;

		add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
		add_space(d, h);
		add_text(d, SP_B_HEADING, SP_ROLE_H1, "Vurdering");
		add_text(d, SP_B_HEADING, SP_ROLE_H2, "Økonomi");
		add_text(d, SP_B_PARA, SP_ROLE_BODY, para);
		dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
		tag_pages(dl, "H1", 0, &f1, &l1);
		tag_pages(dl, "H2", 0, &f2, &l2);
		tag_pages(dl, NULL, 2, &pf, &pl);
		if ((f1 < 0 || f1 != f2 || f2 != pf) && bad++ == 0)
			hbad = h;
		tries++;
		sp_dl_free(dl);
		sp_doc_free(d);
	}
	if (!check(bad == 0, "keep: H1, H2 and the first line of the "
	    "paragraph after them share a page (%d heights)", tries))
		diag("%d heights fail, first a space of %.2fpt", bad, hbad);
	free(para);
}

/*
 * A table's header never stands alone at the foot of a page: the first
 * body row (WORDS words in a 60pt cell) starts on the header's page.
 */
static void
test_table_head(struct sp_text *tx, int words)
{
	int32_t		 pitch = sp_text_pitch(tx, SP_ROLE_BODY);
	int32_t		 c = cbottom - ctop;
	int		 tries = 0, bad = 0;
	double		 h, hbad = -1;

	for (h = (double)(c - 12 * pitch) / SP_UNITS;
	    h <= (double)c / SP_UNITS; h += (double)pitch / SP_UNITS / 5) {
		struct sp_doc	*d = doc_new();
		struct sp_dl	*dl;
		int		 hf, hl, rf, rl;

		add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
		add_space(d, h);
		add_small_table(d, words);
		dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
		tag_pages(dl, "TH", 0, &hf, &hl);
		tag_pages(dl, "TD", 0, &rf, &rl);
		if ((hf != rf || hf < 0) && bad++ == 0)
			hbad = h;
		tries++;
		sp_dl_free(dl);
		sp_doc_free(d);
	}
	if (!check(bad == 0, "table: the header starts on the same page as "
	    "the first body row (first row: %d pool words in a 60pt cell; "
	    "%d heights)", words, tries))
		diag("%d heights fail, first a space of %.2fpt", bad, hbad);
}

/* A table of 3 columns: a header row and N body rows; caller's doc. */
static struct sp_table *
add_table(struct sp_doc *d, int n)
{
	struct sp_block	*b = sp_block_new(d, NULL, SP_B_TABLE);
	struct sp_table	*t = sp_table_new(3);
	struct sp_row	*row;
	char		*s;
	int		 i;

	b->table = t;
	t->summary = sp_strdup("Tiltak med ansvar og status");
	row = sp_table_row(t, SP_ROW_HEAD);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Tiltak", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Ansvar", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Status", 0);
	for (i = 1; i <= n; i++) {
		row = sp_table_row(t, 0);
		s = sp_printf("Rad %03d", i);
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, s, 0);
		free(s);
		s = pool_words(i, 1 + i % 9);
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, s, 0);
		free(s);
		sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Grøn", 0);
	}
	return t;
}

/*
 * Checks shared by the table tests: each page with body rows begins
 * with the header; every cell box lies in the content box and every
 * glyph in a cell lies in its box; glyphs stay in the content box.
 * Collects the text of first-column body cells into COL0, a '\n' between
 * lines. Returns the number of pages with body rows.
 */
static int
table_scan(const struct sp_dl *dl, const char *what, struct sp_buf *col0)
{
	struct walk	 w = { dl, 0, 0, { NULL }, 0, 0, 0 };
	const struct sp_op *op, *cell;
	struct sp_buf	 head = { NULL, 0, 0 };
	int		 pages = 0, page = -1, seen_td = 0, headok = 1;
	int		 boxok = 1, inbox = 1, incontent = 1, summary = 0;
	int32_t		 lasty = 0;
	int		 lastpg = 0;
	char		 why[200] = "";

	sp_buf_puts(col0, "");
	while ((op = walk(&w)) != NULL) {
		if (w.page != page) {
			page = w.page;
			seen_td = 0;
			head.len = 0;
			sp_buf_puts(&head, "");
		}
		if (op->type == SP_OP_TAG_BEGIN &&
		    strcmp(op->name, "Table") == 0 && op->attrs != NULL &&
		    strstr(op->attrs, "Tiltak med ansvar") != NULL)
			summary = 1;
		if (op->type == SP_OP_TAG_BEGIN && (strcmp(op->name, "TD") ==
		    0 || strcmp(op->name, "TH") == 0)) {
			if (op->x < cleft || op->x + op->w > cright ||
			    op->y < ctop || op->y + op->h > cbottom) {
				if (boxok)
					snprintf(why, sizeof(why), "page %d: "
					    "cell box y %.1f..%.1fpt",
					    page + 1, op->y / 1024.0,
					    (op->y + op->h) / 1024.0);
				boxok = 0;
			}
			if (strcmp(op->name, "TD") == 0 && !seen_td) {
				seen_td = 1;
				pages++;
				if (strcmp(head.s, "Tiltak|Ansvar|Status|")) {
					if (headok)
						snprintf(why, sizeof(why),
						    "page %d starts with "
						    "\"%s\"", page + 1,
						    head.s);
					headok = 0;
				}
			}
		}
		if (op->type == SP_OP_TAG_END && strcmp(op->name, "TH") == 0 &&
		    !seen_td)
			sp_buf_putc(&head, '|');
		if (op->type != SP_OP_GLYPHS)
			continue;
		/* a header repeated on a later page is an artifact, but it
		 * is shown all the same */
		if ((cell = within(&w, "TH")) != NULL && !seen_td)
			sp_buf_put(&head, op->text, (size_t)op->ntext);
		if (within(&w, "Artifact") != NULL)
			continue;
		if (op->x < cleft || op->x + op->w > cright ||
		    op->y <= ctop || op->y > cbottom) {
			if (incontent)
				snprintf(why, sizeof(why), "page %d: glyphs "
				    "\"%.*s\" at %.1f,%.1fpt", page + 1,
				    op->ntext, op->text, op->x / 1024.0,
				    op->y / 1024.0);
			incontent = 0;
		}
		if ((cell = within(&w, "TD")) == NULL)
			cell = within(&w, "TH");
		if (cell == NULL)
			continue;
		if (strcmp(cell->name, "TD") == 0 && cell->x == cleft) {
			if (col0->len > 0 && (op->y != lasty ||
			    w.page != lastpg))
				sp_buf_putc(col0, '\n');
			sp_buf_put(col0, op->text, (size_t)op->ntext);
			lasty = op->y;
			lastpg = w.page;
		}
		if (op->x < cell->x || op->x + op->w > cell->x + cell->w ||
		    op->y <= cell->y || op->y > cell->y + cell->h) {
			if (inbox)
				snprintf(why, sizeof(why), "page %d: glyphs "
				    "\"%.*s\" %.1f..%.1f,%.1fpt outside cell "
				    "%.1f..%.1f,%.1f..%.1fpt", page + 1,
				    op->ntext, op->text, op->x / 1024.0,
				    (op->x + op->w) / 1024.0, op->y / 1024.0,
				    cell->x / 1024.0,
				    (cell->x + cell->w) / 1024.0,
				    cell->y / 1024.0,
				    (cell->y + cell->h) / 1024.0);
			inbox = 0;
		}
	}
	if (!check(headok, "%s: every page with rows starts with the header",
	    what))
		diag("%s", why);
	if (!check(boxok, "%s: every cell box lies in the content box", what))
		diag("%s", why);
	if (!check(incontent, "%s: every glyph lies in the content box", what))
		diag("%s", why);
	if (!check(inbox, "%s: every glyph lies in its cell's box", what))
		diag("%s", why);
	if (strcmp(what, "table") == 0)
		check(summary, "%s: the Table tag carries the summary", what);
	sp_buf_free(&head);
	return pages;
}

/* (c) a long table repeats its header on every page. */
static void
test_table(void)
{
	struct sp_doc	*d = doc_new();
	struct sp_dl	*dl;
	struct sp_buf	 col0 = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	int		 pages, i;

	add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
	add_table(d, 120);
	add_text(d, SP_B_PARA, SP_ROLE_BODY, "Etter tabellen.");
	dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
	pages = table_scan(dl, "table", &col0);
	check(pages >= 3, "table: 120 rows span several pages (%d)", pages);
	sp_buf_puts(&want, "");
	for (i = 1; i <= 120; i++)
		sp_buf_printf(&want, "%sRad %03d", i > 1 ? "\n" : "", i);
	if (!check(strcmp(col0.s, want.s) == 0,
	    "table: every row appears once, in order"))
		diag("first column: \"%.60s\"...", col0.s);
	sp_buf_free(&want);
	sp_buf_free(&col0);
	sp_dl_free(dl);
	sp_doc_free(d);
}

/* (d) a row taller than a page splits between lines and loses none. */
static void
test_tall_row(void)
{
	struct sp_doc	*d = doc_new();
	struct sp_block	*b;
	struct sp_table	*t;
	struct sp_row	*row;
	struct sp_dl	*dl;
	struct sp_buf	 col0 = { NULL, 0, 0 };
	char		*tall = pool_words(0, 400), *want, why[160];
	int		 pages, first, last;

	add_text(d, SP_B_PARA, SP_ROLE_BODY, "Innleiing.");
	b = sp_block_new(d, NULL, SP_B_TABLE);
	b->table = t = sp_table_new(3);
	t->width[0] = 60;
	row = sp_table_row(t, SP_ROW_HEAD);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Tiltak", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Ansvar", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELLHEAD)->text, "Status", 0);
	row = sp_table_row(t, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Før", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Regionrådet", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Gul", 0);
	row = sp_table_row(t, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, tall, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Kommunane", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Raud", 0);
	row = sp_table_row(t, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Etter", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Rådet", 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Grøn", 0);
	dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
	pages = table_scan(dl, "tall row", &col0);
	tag_pages(dl, "TD", 0, &first, &last);
	check(pages >= 2 && last > first,
	    "tall row: a 400-word cell in a 60pt column spans pages (%d)",
	    pages);
	want = sp_printf("Før %s Etter", tall);
	if (!check(same_text(want, col0.s, why, sizeof(why)), "tall row: "
	    "the split cell shows every line once, in order"))
		diag("%s", why);
	free(want);
	free(tall);
	sp_buf_free(&col0);
	sp_dl_free(dl);
	sp_doc_free(d);
}

/* (e) a long word in a 40pt column stays in its cell. */
static void
test_narrow(void)
{
	struct sp_doc	*d = doc_new();
	struct sp_block	*b;
	struct sp_table	*t;
	struct sp_row	*row;
	struct sp_dl	*dl;
	struct walk	 w;
	const struct sp_op *op, *cell;
	struct sp_buf	 txt = { NULL, 0, 0 };
	int32_t		 px = U(st->cell_pad_x);
	int		 n = 0, inbox = 1, inpad = 1;
	char		 why[160] = "";

	b = sp_block_new(d, NULL, SP_B_TABLE);
	b->table = t = sp_table_new(2);
	t->width[0] = 40;
	row = sp_table_row(t, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, longword, 0);
	sp_rich_add(&sp_row_cell(row, SP_ROLE_CELL)->text, "Kort", 0);
	dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
	memset(&w, 0, sizeof(w));
	w.dl = dl;
	sp_buf_puts(&txt, "");
	while ((op = walk(&w)) != NULL) {
		if (op->type != SP_OP_GLYPHS || (cell = within(&w, "TD")) ==
		    NULL || cell->x != cleft)
			continue;
		n++;
		if (txt.len > 0)
			sp_buf_putc(&txt, '\n');
		sp_buf_put(&txt, op->text, (size_t)op->ntext);
		if (op->x < cell->x || op->x + op->w > cell->x + cell->w) {
			if (inbox)
				snprintf(why, sizeof(why), "\"%.*s\" spans "
				    "%.2f..%.2fpt, cell %.2f..%.2fpt",
				    op->ntext, op->text, op->x / 1024.0,
				    (op->x + op->w) / 1024.0,
				    cell->x / 1024.0,
				    (cell->x + cell->w) / 1024.0);
			inbox = 0;
		}
		if (op->x < cell->x + px ||
		    op->x + op->w > cell->x + cell->w - px)
			inpad = 0;
	}
	check(n >= 3, "narrow: the 60-letter word takes several lines in "
	    "the 40pt column (%d)", n);
	if (!check(inbox, "narrow: every line of it stays inside its TD box"))
		diag("%s", why);
	check(inpad, "narrow: every line of it stays inside the cell padding");
	if (!check(same_text(longword, txt.s, why, sizeof(why)),
	    "narrow: the cell shows every letter of the word"))
		diag("%s", why);
	sp_buf_free(&txt);
	sp_dl_free(dl);
	sp_doc_free(d);
}

static void
test_pages(void)
{
	struct sp_dl	*dl = sp_dl_new();
	struct sp_text	*tx = sp_text_new(st, dl, fontsdir, hy);

	if (tx == NULL) {
		check(0, "pages: the bundled fonts load");
		sp_dl_free(dl);
		return;
	}
	test_widow(tx, 6);
	test_widow(tx, 4);
	test_widow(tx, 3);
	test_widow(tx, 49);
	test_keep(tx, 1, 0);
	test_keep(tx, 3, 0);
	test_keep(tx, 1, 1);
	test_keep(tx, 1, 10);
	test_keep_chain(tx);
	test_table_head(tx, 1);
	test_table_head(tx, 10);
	sp_text_free(tx);
	sp_dl_free(dl);
	test_table();
	test_tall_row();
	test_narrow();
}

/* ------------------------------------------------------------ painter */

/*
 * A display list whose structure tags do not nest is an error of the
 * compiler, not of the input; the painter says so and fails, and does
 * not crash (cairo 1.16 does if a broken surface is finished).
 */
static void
test_paint_error(void)
{
	struct sp_doc	*d = doc_new();
	struct sp_dl	*dl;
	struct sp_op	*op;
	FILE		*f = tmpfile();
	int		 rc, i;

	for (i = 0; i < 40; i++) {
		if (i % 10 == 0)
			add_text(d, SP_B_HEADING, SP_ROLE_H1, "Vurdering");
		add_text(d, SP_B_PARA, SP_ROLE_BODY, prose);
	}
	dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
	/* the last page ends an element it never began, begins one */
	op = sp_dl_op(&dl->pages[dl->npages - 1], SP_OP_TAG_END);
	op->name = "Table";
	op = sp_dl_op(&dl->pages[dl->npages - 1], SP_OP_TAG_BEGIN);
	op->name = "TR";
	fprintf(stderr, "unit: an error is expected here:\n");
	rc = f == NULL ? 0 : sp_paint("pdf", dl, -1, f, 0);
	check(rc == -1, "painter: tags that do not nest make the PDF fail");
	if (f != NULL)
		fclose(f);
	sp_dl_free(dl);
	sp_doc_free(d);
}

/* ------------------------------------------------------------ 4. links */

/* The span of R whose link is HREF, or NULL. */
static const struct sp_span *
link_span(const struct sp_rich *r, const char *href)
{
	unsigned	i;

	for (i = 0; i < r->nspans; i++)
		if ((r->spans[i].flags & SP_SPAN_LINK) &&
		    r->spans[i].href != NULL &&
		    strcmp(r->spans[i].href, href) == 0)
			return &r->spans[i];
	return NULL;
}

static void
test_autolink(void)
{
	struct sp_rich	 r = { NULL, NULL, 0, 0 };
	const struct sp_span *a, *b;
	const char	*s;
	unsigned	 i, nlink = 0;

	sp_rich_add(&r, "Sjå ", 0);
	sp_rich_add(&r, "https://example.no/a/b", SP_SPAN_B);
	sp_rich_add(&r, ", (www.hallingdal.no/øl). Og «http://x.no/y»", 0);
	sp_rich_add(&r, " eller mailto:nokon, ikkje-www.feil.no", 0);
	sp_rich_autolink(&r);
	s = r.text;
	a = link_span(&r, "https://example.no/a/b");
	b = link_span(&r, "https://www.hallingdal.no/%C3%B8l");
	check(a != NULL && a->start == 5 && a->end == 27 &&
	    (a->flags & SP_SPAN_B), "links: a URL in bold becomes a bold link "
	    "over exactly its letters");
	check(b != NULL && strncmp(s + b->start, "www.hallingdal.no/øl",
	    b->end - b->start) == 0 && b->end - b->start ==
	    strlen("www.hallingdal.no/øl"), "links: www. gets https://, "
	    "letters outside ASCII are percent-encoded, the brackets and "
	    "full stop after it are left out");
	check(link_span(&r, "http://x.no/y") != NULL, "links: a URL in « » "
	    "ends before »");
	for (i = 0; i < r.nspans; i++) {
		nlink += (r.spans[i].flags & SP_SPAN_LINK) != 0;
		if (i > 0 && r.spans[i].start < r.spans[i - 1].end)
			nlink = 99;
	}
	check(nlink == 3, "links: exactly three links, spans in order and "
	    "not overlapping (%u)", nlink);
	sp_rich_free(&r);
}

/*
 * A URL much wider than its column: never hyphenated (the lines put
 * together give the URL letter for letter), and every line has one link
 * box, to the URL, over all its glyphs.
 */
static void
test_url_lines(void)
{
	static const char url[] = "https://hdnett-my.sharepoint.com/personal/"
	    "kag_hallingdal_no/Documents/Samferdsel/Hallingdalsløysinga/"
	    "Hallingdalsløysinga_v4_3_60fps_Med_musikk.mp4";
	struct sp_dl	*dl = sp_dl_new();
	struct sp_text	*tx = sp_text_new(st, dl, fontsdir, hy);
	struct sp_rich	 r = { NULL, NULL, 0, 0 };
	struct sp_tl_para p;
	struct sp_buf	 all = { NULL, 0, 0 };
	int		 i, k, boxes = 0, cover = 1;
	char		*href;

	sp_rich_add(&r, "Filmen ligg på ", 0);
	sp_rich_add(&r, url, 0);
	sp_rich_add(&r, " i dag.", 0);
	sp_rich_autolink(&r);
	href = sp_strdup(r.nspans == 1 ? r.spans[0].href : "");
	sp_text_layout(tx, &r, SP_ROLE_BODY, U(150), SP_ALIGN_LEFT, &p);
	sp_buf_puts(&all, "");
	for (i = 0; i < p.nlines; i++) {
		const struct sp_tl_line *ln = &p.lines[i];
		int32_t	 lo = INT32_MAX, hi = INT32_MIN;

		for (k = 0; k < ln->nruns; k++) {
			sp_buf_put(&all, ln->runs[k].op.text,
			    ln->runs[k].op.ntext);
			if (ln->runs[k].op.x < lo)
				lo = ln->runs[k].op.x;
			if (ln->runs[k].op.x + ln->runs[k].op.w > hi)
				hi = ln->runs[k].op.x + ln->runs[k].op.w;
		}
		if (all.len > 0 && all.s[all.len - 1] != ' ')
			sp_buf_putc(&all, ' ');
		boxes += ln->nlinks;
		for (k = 0; k < ln->nlinks; k++)
			if (strstr(href, "https://hdnett") != href ||
			    ln->links[k].href == NULL ||
			    strcmp(ln->links[k].href, href) != 0 ||
			    ln->links[k].w <= 0 ||
			    (i > 0 && i < p.nlines - 1 &&
			    (ln->links[k].x > lo + U(1) ||
			    ln->links[k].x + ln->links[k].w < hi - U(1))))
				cover = 0;
	}
	check(p.nlines >= 4 && boxes >= p.nlines - 1 && boxes <= p.nlines &&
	    cover, "links: a URL over %d lines has a box on each line it "
	    "is on, to the URL, over the line's glyphs (%d boxes)", p.nlines,
	    boxes);
	{
		/* the URL's lines, joined without the breaks, is the URL */
		struct sp_buf	 j = { NULL, 0, 0 };
		const char	*q;

		sp_buf_puts(&j, "");
		for (q = all.s; *q != '\0'; q++)
			if (*q != ' ')
				sp_buf_putc(&j, *q);
		check(strstr(j.s, "Hallingdalsløysinga_v4_3_60fps_Med_musikk.mp4"
		    "idag.") != NULL && strstr(j.s, "pålig") == NULL &&
		    strstr(j.s, url + 8) != NULL, "links: the URL is never "
		    "hyphenated: its lines give it letter for letter");
		sp_buf_free(&j);
	}
	sp_buf_free(&all);
	free(href);
	sp_tl_para_free(&p);
	sp_rich_free(&r);
	sp_text_free(tx);
	sp_dl_free(dl);
}

/*
 * Addresses in a narrow column break only after "/", "." or (e-mail)
 * "@": never after "-", never between letters, never with a hyphen.
 */
static void
test_addr_lines(void)
{
	static const char txt[] = "Skriv til post@fjellvidda.no eller sjå "
	    "https://www.fjellvidda.no/breiband/utbygging-2024-2028/status.";
	static const int32_t widths[] = { 120, 150, 180 };
	struct sp_dl	*dl = sp_dl_new();
	struct sp_text	*tx = sp_text_new(st, dl, fontsdir, hy);
	int		 w, i, k, bad = 0, inaddr = 0, mail = 0, lines = 0;

	for (w = 0; w < 3; w++) {
		struct sp_rich	 r = { NULL, NULL, 0, 0 };
		struct sp_tl_para p;
		struct sp_buf	 all = { NULL, 0, 0 }, j = { NULL, 0, 0 };
		const char	*q;

		sp_rich_add(&r, txt, 0);
		sp_rich_autolink(&r);
		sp_text_layout(tx, &r, SP_ROLE_BODY, U(widths[w]),
		    SP_ALIGN_LEFT, &p);
		sp_buf_puts(&all, "");
		for (i = 0; i < p.nlines; i++) {
			size_t	 a = all.len;
			char	 e;

			for (k = 0; k < p.lines[i].nruns; k++)
				sp_buf_put(&all, p.lines[i].runs[k].op.text,
				    p.lines[i].runs[k].op.ntext);
			e = all.len > a ? all.s[all.len - 1] : ' ';
			if (i < p.nlines - 1 && e != ' ' && e != '/' &&
			    e != '.' && e != '@') {
				bad++;
				fprintf(stderr, "# %d pt, line %d ends in "
				    "\"%c\"\n", widths[w], i + 1, e);
			}
			inaddr += i < p.nlines - 1 && (e == '/' || e == '.');
			mail += i < p.nlines - 1 && e == '@';
			if (e != ' ')
				sp_buf_putc(&all, ' ');
		}
		lines += p.nlines;
		sp_buf_puts(&j, "");
		for (q = all.s; *q != '\0'; q++)
			if (*q != ' ')
				sp_buf_putc(&j, *q);
		all.len = 0;
		sp_buf_puts(&all, "");
		for (q = txt; *q != '\0'; q++)
			if (*q != ' ')
				sp_buf_putc(&all, *q);
		if (strcmp(j.s, all.s) != 0) {
			bad++;
			fprintf(stderr, "# %d pt: \"%s\"\n", widths[w], j.s);
		}
		sp_buf_free(&all);
		sp_buf_free(&j);
		sp_tl_para_free(&p);
		sp_rich_free(&r);
	}
	check(bad == 0 && inaddr >= 3 && mail >= 1, "breaks: a URL and an "
	    "e-mail address in 120, 150 and 180 pt columns break only after "
	    "\"/\", \".\" or \"@\", never after \"-\" or between letters, "
	    "no hyphen added (%d lines, %d breaks in addresses, %d after "
	    "\"@\")", lines, inaddr + mail, mail);
	sp_text_free(tx);
	sp_dl_free(dl);
}

/* Does B hold the bytes of S? */
static int
has_bytes(const struct sp_buf *b, const char *s)
{
	size_t	i, n = strlen(s);

	for (i = 0; i + n <= b->len; i++)
		if (memcmp(b->s + i, s, n) == 0)
			return 1;
	return 0;
}

/*
 * An internal link on page 1 to a heading's named destination on page
 * 2: the display list has the link box, the destination where the
 * heading starts, and the PDF both.
 */
static void
test_link_ops(void)
{
	struct sp_doc	*d = doc_new();
	struct sp_block	*b;
	struct sp_dl	*dl;
	const struct sp_op *lk = NULL, *ds = NULL, *ol = NULL;
	int		 i, j, lkp = -1, dsp = -1, olp = -1;
	char		 path[] = "/tmp/sp-unit-link-XXXXXX";
	FILE		*f;
	int		 fd, rc = -1;

	b = sp_block_new(d, NULL, SP_B_PARA);
	b->role = SP_ROLE_BODY;
	sp_rich_add(&b->text, "Sjå ", 0);
	sp_rich_add_link(&b->text, "Vurdering", 0, "#h-vurdering");
	sp_rich_add(&b->text, " nedanfor.", 0);
	add_space(d, (cbottom - ctop) / SP_UNITS);
	b = add_text(d, SP_B_HEADING, SP_ROLE_H1, "Vurdering");
	b->anchor = sp_strdup("h-vurdering");
	add_text(d, SP_B_PARA, SP_ROLE_BODY, "Tekst.");
	dl = sp_layout(d, st, fontsdir, hy, NULL, NULL);
	for (i = 0; i < dl->npages; i++)
		for (j = 0; j < dl->pages[i].nops; j++) {
			const struct sp_op *op = &dl->pages[i].ops[j];

			if (op->type == SP_OP_LINK && lk == NULL) {
				lk = op;
				lkp = i;
			} else if (op->type == SP_OP_DEST && ds == NULL) {
				ds = op;
				dsp = i;
			} else if (op->type == SP_OP_OUTLINE && ol == NULL) {
				ol = op;
				olp = i;
			}
		}
	check(lk != NULL && lkp == 0 && strcmp(lk->name, "h-vurdering") == 0 &&
	    lk->w > U(20) && lk->h > 0 && lk->x > cleft, "links: the "
	    "internal link is a box on page 1 over the word, to h-vurdering");
	check(ds != NULL && dsp == 1 && olp == 1 && ds->y == ol->y &&
	    strcmp(ds->name, "h-vurdering") == 0, "links: the heading's named "
	    "destination is on page 2, where its outline entry is");
	if ((fd = mkstemp(path)) >= 0 && (f = fdopen(fd, "w+b")) != NULL) {
		struct sp_buf	 pdf = { NULL, 0, 0 };
		char		 buf[8192];
		size_t		 n;

		FILE		*q;
		char		*cmd;

		rc = sp_paint("pdf", dl, -1, f, 0);
		fclose(f);
		/* the objects are in compressed object streams: read them
		 * through qpdf's uncompressed rewrite */
		cmd = sp_printf("qpdf --qdf --object-streams=disable '%s' -",
		    path);
		if ((q = popen(cmd, "r")) != NULL) {
			while ((n = fread(buf, 1, sizeof(buf), q)) > 0)
				sp_buf_put(&pdf, buf, n);
			if (pclose(q) != 0)
				rc = -1;
		} else
			rc = -1;
		free(cmd);
		sp_buf_putc(&pdf, '\0');
		check(rc == 0 && has_bytes(&pdf, "/Subtype /Link") &&
		    has_bytes(&pdf, "(h-vurdering)") &&
		    has_bytes(&pdf, "/Dests"), "links: the PDF has "
		    "the link annotation and the named destination");
		sp_buf_free(&pdf);
	} else
		check(0, "links: a temporary file for the PDF");
	unlink(path);
	sp_dl_free(dl);
	sp_doc_free(d);
}

/* ------------------------------------------------------- 6. PDF writer */

/* sp_pdf_num of V, as a string (static). */
static const char *
pdfnum(int64_t v)
{
	static char	 s[64];
	struct sp_buf	 b = { 0 };

	sp_pdf_num(&b, v);
	snprintf(s, sizeof(s), "%s", b.s != NULL ? b.s : "");
	sp_buf_free(&b);
	return s;
}

/*
 * What sp_pdf_num should give, by another route: printf's "%.3f" of
 * V/1024 (exact in a double), nudged so that halves round away from zero
 * (the nearest non-half is 1/128 of a thousandth away), zeros trimmed.
 */
static const char *
pdfnum_ref(int64_t v)
{
	static char	 s[64];
	double		 d = (double)v / 1024;
	char		*e;

	snprintf(s, sizeof(s), "%.3f", d + (v < 0 ? -1e-9 : 1e-9));
	e = s + strlen(s);
	while (e[-1] == '0')
		*--e = '\0';
	if (e[-1] == '.')
		*--e = '\0';
	if (strcmp(s, "-0") == 0)
		strcpy(s, "0");
	return s;
}

/* Runs CMD through the shell; 1 when it exits 0. */
static int
sh_ok(const char *fmt, ...)
{
	char	 cmd[1024];
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		diag("%s: status %d", cmd, rc);
	return rc == 0;
}

/*
 * A small PDF written through sp_pdfw: a catalog, one page with a
 * rectangle, an /Info, and NFILL plain objects (an array referring to
 * them all) to fill several object streams. Returns sp_pdfw_close's
 * value.
 */
static int
pdfw_sample(FILE *f, int nfill, const char *title)
{
	struct sp_pdfw	*w = sp_pdfw_new(f);
	struct sp_buf	 b = { 0 };
	int		 cat, pages, page, cont, info, arr, i, *fill;
	static const char content[] = "0.2 0.4 0.6 rg 72 72 144.5 36 re f\n";

	cat = sp_pdfw_alloc(w);
	pages = sp_pdfw_alloc(w);
	page = sp_pdfw_alloc(w);
	cont = sp_pdfw_alloc(w);
	info = sp_pdfw_alloc(w);
	arr = sp_pdfw_alloc(w);
	fill = sp_calloc((size_t)nfill + 1, sizeof(*fill));
	for (i = 0; i < nfill; i++)
		fill[i] = sp_pdfw_alloc(w);
	/* written out of order on purpose */
	sp_pdfw_stream(w, cont, "", content, sizeof(content) - 1, 1);
	sp_buf_printf(&b, "<</Type/Page/Parent %d 0 R/MediaBox[0 0 ", pages);
	sp_pdf_num(&b, 595 * 1024 + 287);
	sp_buf_puts(&b, " ");
	sp_pdf_num(&b, 841 * 1024 + 911);
	sp_buf_printf(&b, "]/Contents %d 0 R/Resources<<>>>>", cont);
	sp_pdfw_obj(w, page, b.s, b.len);
	b.len = 0;
	sp_buf_printf(&b, "<</Type/Pages/Kids[%d 0 R]/Count 1>>", page);
	sp_pdfw_obj(w, pages, b.s, b.len);
	for (i = 0; i < nfill; i++) {
		b.len = 0;
		sp_buf_printf(&b, "<</Fill %d/Name(fill %d)>>", i, i);
		sp_pdfw_obj(w, fill[i], b.s, b.len);
	}
	b.len = 0;
	sp_buf_puts(&b, "[");
	for (i = 0; i < nfill; i++)
		sp_buf_printf(&b, "%d 0 R ", fill[i]);
	sp_buf_puts(&b, "]");
	sp_pdfw_obj(w, arr, b.s, b.len);
	b.len = 0;
	sp_buf_printf(&b, "<</Type/Catalog/Pages %d 0 R/SpFill %d 0 R>>",
	    pages, arr);
	sp_pdfw_obj(w, cat, b.s, b.len);
	b.len = 0;
	sp_buf_printf(&b, "<</Title(%s)/Producer(unit)>>", title);
	sp_pdfw_obj(w, info, b.s, b.len);
	sp_buf_free(&b);
	free(fill);
	return sp_pdfw_close(w, cat, info);
}

/* The whole of file PATH (size in *N); NULL when unreadable. */
static char *
slurp(const char *path, size_t *n)
{
	FILE	*f = fopen(path, "rb");
	char	*s;
	long	 len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	s = sp_malloc((size_t)len + 1);
	*n = fread(s, 1, (size_t)len, f);
	s[*n] = '\0';
	fclose(f);
	return s;
}

/* The first NEEDLE in the N bytes at S (which may hold NULs), or NULL. */
static const char *
find_bytes(const char *s, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = 0; s != NULL && i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

static void
test_pdfw(void)
{
	static const struct {
		int64_t		 v;
		const char	*s;
	} nums[] = {
		{ 0, "0" }, { 1024, "1" }, { -1024, "-1" }, { 1, "0.001" },
		{ -1, "-0.001" }, { 1023, "0.999" }, { 1025, "1.001" },
		{ 512, "0.5" }, { -512, "-0.5" }, { 256, "0.25" },
		{ -1536, "-1.5" }, { 5, "0.005" }, { 102400, "100" },
		{ -3 * 1024 - 100, "-3.098" },
		{ (int64_t)123456789 * 1024, "123456789" },
		{ INT64_MAX, "9007199254740991.999" },
		{ INT64_MIN, "-9007199254740992" },
	};
	char		 path[2][64], *a, *b2;
	size_t		 i, na, nb;
	int64_t		 v;
	int		 bad = 0, rc;
	FILE		*f;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (strcmp(pdfnum(nums[i].v), nums[i].s) != 0) {
			diag("sp_pdf_num(%lld) = %s, wanted %s",
			    (long long)nums[i].v, pdfnum(nums[i].v),
			    nums[i].s);
			bad = 1;
		}
	check(!bad, "pdf: sp_pdf_num on edge values (0, +-1, 1023, 512, "
	    "large, the int64 limits)");
	bad = 0;
	for (v = -4000000; v <= 4000000 && !bad; v += 7)
		if (strcmp(pdfnum(v), pdfnum_ref(v)) != 0) {
			diag("sp_pdf_num(%lld) = %s, printf says %s",
			    (long long)v, pdfnum(v), pdfnum_ref(v));
			bad = 1;
		}
	check(!bad, "pdf: sp_pdf_num agrees with printf rounding half away "
	    "from zero (-4e6..4e6 units, step 7)");

	for (i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "/tmp/sp-unit-pdfw%zu.%d.pdf",
		    i, (int)getpid());
		f = fopen(path[i], "wb");
		rc = f == NULL ? -1 : pdfw_sample(f, 450, "Sak 03/26");
		if (f != NULL)
			fclose(f);
		if (rc != 0)
			bad = 1;
	}
	check(!bad && sh_ok("qpdf --check %s >/dev/null", path[0]),
	    "pdf: a page and 450 objects (3 object streams) pass qpdf --check");
	check(sh_ok("qpdf --show-object=300 %s | grep -qx "
	    "'<< /Fill 293 /Name (fill 293) >>'", path[0]) &&
	    sh_ok("pdfinfo %s | grep -q '^Title: *Sak 03/26$'", path[0]) &&
	    sh_ok("pdfinfo %s | grep -q '^Page size: *595.28 x 841.89'",
	    path[0]),
	    "pdf: objects read back from the object streams and /Info");
	a = slurp(path[0], &na);
	b2 = slurp(path[1], &nb);
	check(a != NULL && b2 != NULL && na == nb && memcmp(a, b2, na) == 0 &&
	    find_bytes(a, na, "/ID[<") != NULL &&
	    strncmp(a, "%PDF-1.7\n%", 10) == 0,
	    "pdf: two writes of the same file give the same bytes, with an "
	    "/ID");
	free(b2);
	f = fopen(path[1], "wb");
	rc = f == NULL ? -1 : pdfw_sample(f, 450, "Sak 04/26");
	if (f != NULL)
		fclose(f);
	b2 = slurp(path[1], &nb);
	check(rc == 0 && find_bytes(a, na, "/ID[<") != NULL &&
	    find_bytes(b2, nb, "/ID[<") != NULL &&
	    memcmp(find_bytes(a, na, "/ID[<"), find_bytes(b2, nb, "/ID[<"),
	    38) != 0,
	    "pdf: another title gives another /ID");
	free(a);
	free(b2);
	if (getenv("SP_KEEP") == NULL) {
		unlink(path[0]);
		unlink(path[1]);
	}

	/* a full disk: the failure sticks and close reports it */
	if ((f = fopen("/dev/full", "wb")) != NULL) {
		errno = 0;
		rc = pdfw_sample(f, 2000, "full");
		check(rc == -1 && errno == ENOSPC,
		    "pdf: a write error is returned by sp_pdfw_close with "
		    "errno (ENOSPC on /dev/full)");
		fclose(f);
	} else
		check(0, "pdf: /dev/full opens");
	{
		struct sp_pdfw	*w;
		int		 n;

		f = tmpfile();
		w = sp_pdfw_new(f);
		n = sp_pdfw_alloc(w);
		sp_pdfw_obj(w, n, "<</Type/Catalog>>", 17);
		sp_pdfw_obj(w, n, "<</Type/Catalog>>", 17);
		errno = 0;
		rc = sp_pdfw_close(w, n, 0);
		check(rc == -1 && errno == EINVAL,
		    "pdf: an object written twice fails the file (EINVAL)");
		fclose(f);
	}
}

/* ------------------------------------------------------ 7. PDF fonts */

/* Table TAG of the sfnt at P (N bytes), its length in *LEN; NULL. */
static const unsigned char *
sfnt_table(const unsigned char *p, size_t n, const char *tag, size_t *len)
{
	unsigned	 i, nt;
	size_t		 off, l;

	if (n < 12)
		return NULL;
	nt = (unsigned)p[4] << 8 | p[5];
	for (i = 0; i < nt && 12 + 16 * (size_t)(i + 1) <= n; i++) {
		const unsigned char *r = p + 12 + 16 * i;

		if (memcmp(r, tag, 4) != 0)
			continue;
		off = (size_t)r[8] << 24 | (size_t)r[9] << 16 |
		    (size_t)r[10] << 8 | r[11];
		l = (size_t)r[12] << 24 | (size_t)r[13] << 16 |
		    (size_t)r[14] << 8 | r[15];
		if (off > n || l > n - off)
			return NULL;
		*len = l;
		return p + off;
	}
	return NULL;
}

/* Glyph G's offset in a loca table, long or short. */
static size_t
loca_at(const unsigned char *loca, int longfmt, unsigned g)
{
	const unsigned char *q = loca + (longfmt ? 4 : 2) * (size_t)g;

	return longfmt ? (size_t)q[0] << 24 | (size_t)q[1] << 16 |
	    (size_t)q[2] << 8 | q[3] : 2 * ((size_t)q[0] << 8 | q[1]);
}

/*
 * The PDF of page 0 of DL through sp_pdffont: every glyph placed on its
 * own (Tm), each font of the display list embedded. Returns
 * sp_pdfw_close's value, or -1 when a font would not load.
 */
static int
pdffont_sample(FILE *fp, const struct sp_dl *dl)
{
	struct sp_pdfw		*w = sp_pdfw_new(fp);
	struct sp_pdffont	*fonts[16] = { 0 };
	struct sp_buf		 c = { 0 }, b = { 0 };
	const struct sp_page	*pg = &dl->pages[0];
	int			 fnum[16], i, k, cat, pages, page, cont, bad = 0;
	int			 nf = dl->nfonts < 16 ? dl->nfonts : 16;

	cat = sp_pdfw_alloc(w);
	pages = sp_pdfw_alloc(w);
	page = sp_pdfw_alloc(w);
	cont = sp_pdfw_alloc(w);
	for (i = 0; i < nf; i++) {
		fnum[i] = sp_pdfw_alloc(w);
		if ((fonts[i] = sp_pdffont_new(dl->fonts[i].file,
		    dl->fonts[i].index)) == NULL)
			bad = 1;
	}
	for (i = 0; i < pg->nops && !bad; i++) {
		const struct sp_op *op = &pg->ops[i];
		int g = 0, t = 0;

		if (op->type != SP_OP_GLYPHS || op->font >= nf)
			continue;
		sp_buf_printf(&c, "BT/F%d ", op->font);
		sp_pdf_num(&c, dl->fonts[op->font].size);
		sp_buf_puts(&c, " Tf\n");
		/* each cluster's text goes with its first glyph */
		for (k = 0; k < op->nclusters; k++) {
			int nb = op->clusters[2 * k], ng = op->clusters[2 * k + 1];
			int j;

			for (j = 0; j < ng && g + j < op->nglyphs; j++)
				sp_pdffont_use(fonts[op->font],
				    op->glyphs[g + j].id, op->text + t,
				    j == 0 ? (size_t)nb : 0);
			g += ng;
			t += nb;
		}
		for (g = 0; g < op->nglyphs; g++) {
			sp_buf_puts(&c, "1 0 0 1 ");
			sp_pdf_num(&c, op->x + op->glyphs[g].x);
			sp_buf_putc(&c, ' ');
			sp_pdf_num(&c, pg->height - op->y - op->glyphs[g].y);
			sp_buf_printf(&c, " Tm<%04X>Tj\n", op->glyphs[g].id);
			if (op->nclusters == 0)
				sp_pdffont_use(fonts[op->font],
				    op->glyphs[g].id, NULL, 0);
		}
		sp_buf_puts(&c, "ET\n");
	}
	sp_pdfw_stream(w, cont, "", c.s, c.len, 1);
	sp_buf_printf(&b, "<</Type/Page/Parent %d 0 R/MediaBox[0 0 ", pages);
	sp_pdf_num(&b, pg->width);
	sp_buf_putc(&b, ' ');
	sp_pdf_num(&b, pg->height);
	sp_buf_printf(&b, "]/Contents %d 0 R/Resources<</Font<<", cont);
	for (i = 0; i < nf; i++)
		sp_buf_printf(&b, "/F%d %d 0 R", i, fnum[i]);
	sp_buf_puts(&b, ">>>>>>");
	sp_pdfw_obj(w, page, b.s, b.len);
	b.len = 0;
	sp_buf_printf(&b, "<</Type/Pages/Kids[%d 0 R]/Count 1>>", page);
	sp_pdfw_obj(w, pages, b.s, b.len);
	b.len = 0;
	sp_buf_printf(&b, "<</Type/Catalog/Pages %d 0 R>>", pages);
	sp_pdfw_obj(w, cat, b.s, b.len);
	for (i = 0; i < nf; i++)
		if (fonts[i] != NULL) {
			if (!bad && sp_pdffont_write(fonts[i], w, fnum[i]) != 0)
				bad = 1;
			sp_pdffont_free(fonts[i]);
		}
	sp_buf_free(&b);
	sp_buf_free(&c);
	if (bad) {
		sp_pdfw_abort(w);
		return -1;
	}
	return sp_pdfw_close(w, cat, 0);
}

/* Collapses runs of white space in S to one space, joins words broken
 * at a line end ("-\n"); returns S. */
static char *
squeeze(char *s)
{
	char	*r = s, *o = s;

	for (; *r != '\0'; r++) {
		if (r[0] == '-' && r[1] == '\n') {
			r++;
			continue;
		}
		if (isspace((unsigned char)*r)) {
			if (o > s && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *r;
	}
	while (o > s && o[-1] == ' ')
		o--;
	*o = '\0';
	return s;
}

/*
 * The subset in PDF against FONT (the file): every glyph it keeps is the
 * font's own bytes, every component of a composite glyph kept is kept
 * too, and glyf is much smaller. Returns a description of the first
 * failure, or NULL; *NCOMP counts the composite glyphs seen.
 */
static const char *
check_subset(const unsigned char *sub, size_t sn, const unsigned char *font,
    size_t fn, int *ncomp, size_t *glyf_sub, size_t *glyf_font)
{
	const unsigned char *sg, *sl, *fg, *fl, *fh, *mp, *smp;
	size_t		 sgn, sln, fgn, fln, fhn, mpn, smpn, a, e, fa, q;
	unsigned	 g, ng, c, flags;

	sg = sfnt_table(sub, sn, "glyf", &sgn);
	sl = sfnt_table(sub, sn, "loca", &sln);
	fg = sfnt_table(font, fn, "glyf", &fgn);
	fl = sfnt_table(font, fn, "loca", &fln);
	fh = sfnt_table(font, fn, "head", &fhn);
	mp = sfnt_table(font, fn, "maxp", &mpn);
	smp = sfnt_table(sub, sn, "maxp", &smpn);
	if (sg == NULL || sl == NULL || fg == NULL || fl == NULL ||
	    fh == NULL || mp == NULL || smp == NULL)
		return "a table is missing";
	/* the subset ends at the highest glyph it keeps */
	ng = (unsigned)smp[4] << 8 | smp[5];
	if (ng == 0 || ng > ((unsigned)mp[4] << 8 | mp[5]))
		return "the subset has more glyphs than the font";
	if (sln != 4 * ((size_t)ng + 1))
		return "the subset's loca is not long with numGlyphs + 1";
	*glyf_sub = sgn;
	*glyf_font = fgn;
	*ncomp = 0;
	for (g = 0; g < ng; g++) {
		a = loca_at(sl, 1, g);
		e = loca_at(sl, 1, g + 1);
		if (a == e)
			continue;
		if (e > sgn || a > e)
			return "loca past glyf";
		fa = loca_at(fl, fh[51], g);
		if (fa + (e - a) > fgn || memcmp(sg + a, fg + fa,
		    loca_at(fl, fh[51], g + 1) - fa) != 0)
			return "a glyph differs from the font's";
		if (e - a < 10 || !(sg[a] & 0x80))
			continue;
		(*ncomp)++;
		for (q = a + 10; q + 4 <= e; ) {
			flags = (unsigned)sg[q] << 8 | sg[q + 1];
			c = (unsigned)sg[q + 2] << 8 | sg[q + 3];
			if (c >= ng || loca_at(sl, 1, c) ==
			    loca_at(sl, 1, c + 1))
				return "a component of a composite is left out";
			q += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 :
			    flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
			if (!(flags & 0x20))
				break;
		}
	}
	return NULL;
}

/*
 * The object number of the /FontFile2 of the font whose name ends in
 * NAME in the PDF at PATH, as uncompressed (and renumbered) by qpdf into
 * PATH.qdf, or -1.
 */
static int
fontfile_of(const char *path, const char *name)
{
	char		 cmd[512], *s, *p, *o, *e;
	size_t		 n;
	int		 num = -1;

	snprintf(cmd, sizeof(cmd), "qpdf --qdf --object-streams=disable %s "
	    "%s.qdf", path, path);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s.qdf", path);
	s = slurp(cmd, &n);
	for (p = s; p != NULL && num < 0 &&
	    (p = (char *)find_bytes(p, n - (size_t)(p - s), name)) != NULL;
	    p++) {
		/* the object around it */
		for (o = p; o > s && strncmp(o, " 0 obj", 6) != 0; o--)
			;
		e = (char *)find_bytes(p, n - (size_t)(p - s), "endobj");
		o = (char *)find_bytes(o, e != NULL ? (size_t)(e - o) : 0,
		    "/FontFile2 ");
		if (o != NULL)
			num = atoi(o + 11);
	}
	free(s);
	return num;
}

static void
test_pdffont(void)
{
	static const char text[] = "Regionrådet i Hallingdal: «økonomi», "
	    "æøå ÆØÅ, fjord fiskar sjøfly — 10 % ≈ 2030. Første offisielle "
	    "eﬃlter? Nei: effektiv.";
	struct sp_doc	*d = doc_new();
	struct sp_dl	*dl;
	char		 path[64], cmd[512], *out, *want, *font, *sub;
	size_t		 n, fn, sn, gs = 0, gf = 0;
	const char	*why;
	int		 rc, ncomp = 0, i, ff;
	FILE		*f;

	add_text(d, SP_B_HEADING, SP_ROLE_H1, "Vurdering og tilråding");
	add_text(d, SP_B_PARA, SP_ROLE_BODY, text);
	add_text(d, SP_B_PARA, SP_ROLE_BODY, prose);
	dl = sp_layout(d, st, fontsdir, NULL, NULL, NULL);
	snprintf(path, sizeof(path), "/tmp/sp-unit-font.%d.pdf", (int)getpid());
	f = fopen(path, "wb");
	rc = f == NULL || dl == NULL || dl->npages == 0 ? -1 :
	    pdffont_sample(f, dl);
	if (f != NULL)
		fclose(f);
	check(rc == 0 && sh_ok("qpdf --check %s >/dev/null", path),
	    "pdf font: a page of text in subset fonts passes qpdf --check");
	check(sh_ok("pdffonts %s | awk 'NR > 2 { n++; if ($0 !~ "
	    "/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\\+Noto(Serif|Sans)-[A-Za-z]+ +"
	    "CID TrueType +Identity-H +yes +yes +yes /) bad = 1 } "
	    "END { exit bad || n < 2 }'", path),
	    "pdf font: pdffonts lists TAG+NotoSerif-Regular etc., CID "
	    "TrueType, embedded, subset, with ToUnicode");
	snprintf(cmd, sizeof(cmd), "pdftotext -layout %s %s.txt", path, path);
	out = NULL;
	if (system(cmd) == 0) {
		snprintf(cmd, sizeof(cmd), "%s.txt", path);
		out = slurp(cmd, &n);
	}
	want = sp_printf("Vurdering og tilråding %s %s", text, prose);
	/* what is on the page, and the footer */
	rc = out != NULL && strncmp(squeeze(out), squeeze(want),
	    strlen(want)) == 0 && strcmp(out + strlen(want), " Side 1 av 1") == 0;
	if (!rc)
		diag("pdftotext: %s", out != NULL ? out : "(none)");
	check(rc, "pdf font: pdftotext gives the text back (ligatures, "
	    "æøå, quotes, dashes)");
	free(out);
	free(want);

	/* the font program, taken out again by qpdf */
	rc = 0;
	for (i = 0; i < dl->nfonts && !rc; i++) {
		if (strstr(dl->fonts[i].file, "NotoSerif-Regular") == NULL)
			continue;
		if ((ff = fontfile_of(path, "+NotoSerif-Regular")) <= 0)
			break;
		snprintf(cmd, sizeof(cmd), "qpdf --show-object=%d "
		    "--filtered-stream-data %s.qdf > %s.ttf", ff, path, path);
		if (system(cmd) != 0)
			break;
		snprintf(cmd, sizeof(cmd), "%s.ttf", path);
		sub = slurp(cmd, &sn);
		font = slurp(dl->fonts[i].file, &fn);
		why = sub == NULL || font == NULL ? "cannot read them" :
		    check_subset((unsigned char *)sub, sn,
		    (unsigned char *)font, fn, &ncomp, &gs, &gf);
		if (why != NULL)
			diag("subset: %s", why);
		check(why == NULL && ncomp > 0, "pdf font: the subset keeps the "
		    "font's glyphs as they are, and the components of its %d "
		    "composite glyphs", ncomp);
		check(why == NULL && gs > 0 && gs * 20 < gf, "pdf font: the "
		    "subset's glyf is much smaller (%zu of %zu bytes)", gs, gf);
		free(sub);
		free(font);
		rc = 1;
	}
	if (!rc) {
		check(0, "pdf font: the NotoSerif-Regular program is found");
		check(0, "pdf font: (its glyf)");
	}
	if (getenv("SP_KEEP") == NULL) {
		unlink(path);
		snprintf(cmd, sizeof(cmd), "%s.txt", path);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s.ttf", path);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s.qdf", path);
		unlink(cmd);
	}
	sp_dl_free(dl);
	sp_doc_free(d);
}

/*
 * Fonts that are not right: missing, cut short, or with bytes changed
 * at random (the table directory and the tables it points at most
 * often). Each gives NULL after one message, or a font that writes
 * without reading past the file (ASan and valgrind watch).
 */
static void
test_pdffont_bad(void)
{
	char		 path[64], errpath[80], *font, *msg;
	size_t		 fn, n, k;
	struct sp_pdffont *f;
	struct sp_pdfw	*w;
	FILE		*fp, *null;
	unsigned	 r = 12345, g;
	int		 i, saved, nnull = 0, nok = 0, bad = 0;

	snprintf(path, sizeof(path), "/tmp/sp-unit-badfont.%d.ttf",
	    (int)getpid());
	snprintf(errpath, sizeof(errpath), "%s.err", path);
	msg = sp_printf("%s/NotoSerif-Regular.ttf", fontsdir);
	font = slurp(msg, &fn);
	free(msg);
	if (font == NULL) {
		check(0, "pdf font: fonts/NotoSerif-Regular.ttf is readable");
		check(0, "pdf font: (a short one)");
		check(0, "pdf font: (mutations)");
		return;
	}
	fflush(stderr);
	saved = dup(2);
	if ((fp = fopen(errpath, "w")) != NULL) {
		dup2(fileno(fp), 2);
		fclose(fp);
	}
	f = sp_pdffont_new("/nonexistent/Noto.ttf", 0);
	fflush(stderr);
	msg = slurp(errpath, &n);
	check(f == NULL && msg != NULL && strncmp(msg, "sakspapir: "
	    "/nonexistent/Noto.ttf: error: ", 40) == 0 &&
	    strchr(msg, '\n') == msg + n - 1,
	    "pdf font: a missing font file gives NULL and one message "
	    "naming it");
	free(msg);

	fp = fopen(path, "wb");
	if (fp != NULL) {
		fwrite(font, 1, 3000, fp);
		fclose(fp);
	}
	check(sp_pdffont_new(path, 0) == NULL && sp_pdffont_new(
	    "/dev/null", 0) == NULL,
	    "pdf font: a font cut short, a face that is not there: NULL");

	null = fopen("/dev/null", "wb");
	for (i = 0; i < 120 && null != NULL; i++) {
		char *m = sp_malloc(fn);

		memcpy(m, font, fn);
		for (k = 0; k < 1 + (size_t)i % 6; k++) {
			r = r * 1103515245u + 12345u;
			/* half within the directory, half anywhere */
			n = (r >> 8) % (k % 2 == 0 ? 400 : fn);
			r = r * 1103515245u + 12345u;
			m[n] = (char)(r >> 16);
		}
		if ((fp = fopen(path, "wb")) != NULL) {
			fwrite(m, 1, fn, fp);
			fclose(fp);
		}
		free(m);
		if ((f = sp_pdffont_new(path, 0)) == NULL) {
			nnull++;
			continue;
		}
		nok++;
		for (g = 0; g < 3000; g += 7)
			sp_pdffont_use(f, g, "a", 1);
		sp_pdffont_use(f, 70000, "b", 1);
		bad |= sp_pdffont_width(f, 70000) != 0;
		w = sp_pdfw_new(null);
		sp_pdffont_write(f, w, sp_pdfw_alloc(w));
		sp_pdfw_abort(w);
		sp_pdffont_free(f);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (null != NULL)
		fclose(null);
	check(!bad && nnull + nok == 120, "pdf font: 120 fonts with bytes "
	    "changed: %d refused, %d written, none read out of bounds",
	    nnull, nok);
	free(font);
	unlink(path);
	unlink(errpath);
}

/*
 * The ToUnicode map of many glyphs: 300 glyphs to characters that do not
 * follow each other (bfchar, in blocks of at most 100), 200 that do (one
 * bfrange per run within a last byte), a character past U+FFFF (a
 * surrogate pair) and a ligature (three characters).
 */
static void
test_pdffont_cmap(void)
{
	struct sp_pdffont *f;
	struct sp_pdfw	*w;
	char		 path[64], cmd[256], u[8], *s, *p;
	size_t		 n;
	unsigned	 g;
	int		 cnt, nchar = 0, nrange = 0, blocks = 0, big = 0;
	FILE		*fp;

	snprintf(path, sizeof(path), "/tmp/sp-unit-cmap.%d.pdf", (int)getpid());
	s = sp_printf("%s/NotoSerif-Regular.ttf", fontsdir);
	f = sp_pdffont_new(s, 0);
	free(s);
	if (f == NULL || (fp = fopen(path, "wb")) == NULL) {
		check(0, "pdf font: ToUnicode of 500 glyphs (setup)");
		sp_pdffont_free(f);
		return;
	}
	for (g = 0; g < 300; g++) {
		/* U+4E00 + 2g: three bytes of UTF-8, never consecutive */
		unsigned c = 0x4E00 + 2 * g;

		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		sp_pdffont_use(f, 10 + g, u, 3);
	}
	for (g = 0; g < 200; g++) {
		u[0] = (char)(0xC0 | (0x100 + g) >> 6);
		u[1] = (char)(0x80 | ((0x100 + g) & 0x3F));
		sp_pdffont_use(f, 400 + g, u, 2);
	}
	sp_pdffont_use(f, 700, "\xF0\x9F\x98\x80", 4);	/* U+1F600 */
	sp_pdffont_use(f, 701, "ffi", 3);
	sp_pdffont_use(f, 701, "x", 1);		/* the first text stays */
	w = sp_pdfw_new(fp);
	g = (unsigned)sp_pdfw_alloc(w);
	sp_pdffont_write(f, w, (int)g);
	sp_pdffont_free(f);
	sp_pdfw_close(w, (int)g, 0);	/* not a document: the map only */
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "qpdf --qdf --object-streams=disable %s "
	    "%s.qdf 2>/dev/null", path, path);
	(void)system(cmd);
	snprintf(cmd, sizeof(cmd), "%s.qdf", path);
	s = slurp(cmd, &n);
	for (p = s; p != NULL && (p = (char *)find_bytes(p,
	    n - (size_t)(p - s), "begin")) != NULL; p++) {
		if (strncmp(p, "beginbfchar", 11) != 0 &&
		    strncmp(p, "beginbfrange", 12) != 0)
			continue;
		/* the count is the number before it */
		{
			char *q = p;

			while (q > s && (q[-1] == ' ' || q[-1] == '\n'))
				q--;
			while (q > s && isdigit((unsigned char)q[-1]))
				q--;
			cnt = atoi(q);
		}
		blocks++;
		big |= cnt > 100;
		if (p[7] == 'c')
			nchar += cnt;
		else
			nrange += cnt;
	}
	check(s != NULL && !big && nchar == 302 && nrange == 1 + 1 &&
	    blocks == 5 && find_bytes(s, n, "<02BC><D83DDE00>") != NULL &&
	    find_bytes(s, n, "<02BD><006600660069>") != NULL &&
	    find_bytes(s, n, "<0190><01FF><0100>") != NULL &&
	    find_bytes(s, n, "<0200><0257><0170>") != NULL,
	    "pdf font: ToUnicode: 302 bfchar in blocks of at most 100, "
	    "two bfranges split at a last byte, a surrogate pair, a "
	    "ligature (%d chars, %d ranges, %d blocks)", nchar, nrange,
	    blocks);
	free(s);
	if (getenv("SP_KEEP") == NULL) {
		unlink(cmd);
		unlink(path);
	}
}

/* Run FN with the fast line filler, then with Pango's line breaking. */
static void
both_paths(void (*fn)(void))
{
	fn();
	setenv("SAKSPAPIR_SLOW", "1", 1);
	prefix = "(Pango path) ";
	fn();
	unsetenv("SAKSPAPIR_SLOW");
	prefix = "";
}

/*
 * The booklet's imposition and the bundle's page count, over every size:
 * pure arithmetic, checked against what folding a stack of sheets means.
 */
static void
test_booklet(void)
{
	struct sp_place	*pl = NULL;
	int		 m, k, n, bad = 0, seen[MAXPG + 1];
	int32_t		 sw = U(841.89), sh = U(595.28), hw = sw / 2;

	for (m = 4; m <= MAXPG && !bad; m += 4) {
		struct sp_dl *dl = sp_dl_new();

		for (k = 0; k < m; k++)
			sp_dl_page(dl, U(595.28), U(841.89));
		n = sp_booklet(dl, sw, sh, &pl);
		memset(seen, 0, sizeof(seen));
		bad |= n != m;
		for (k = 0; k < n && !bad; k++) {
			const struct sp_place *p = &pl[k];
			int32_t x0 = (k % 2) * hw;

			bad |= p->page < 0 || p->page >= m || seen[p->page]++;
			/* a side's two pages face each other in the fold */
			if (k % 2 == 1)
				bad |= pl[k - 1].page + p->page + 2 != m + 1;
			/* the back of a sheet goes on where its front stops */
			if (k % 4 == 2)
				bad |= p->page != pl[k - 1].page + 1;
			bad |= p->x < x0 || p->x + (int32_t)(U(595.28) *
			    p->scale) > x0 + hw + 1 || p->y < 0;
		}
		bad |= n > 1 && (pl[0].page != m - 1 || pl[1].page != 0);
		free(pl);
		pl = NULL;
		sp_dl_free(dl);
	}
	check(!bad, "booklet: every page once, facing pages summing to M+1, "
	    "front then back in reading order, inside its half (M = 4..%d)",
	    MAXPG);
	{
		struct sp_dl *dl = sp_dl_new();

		sp_dl_page(dl, U(595.28), U(841.89));
		sp_dl_page(dl, U(595.28), U(841.89));
		check(sp_booklet(dl, sw, sh, &pl) == 0 && pl == NULL,
		    "booklet: a page count that is no multiple of 4 is refused");
		sp_dl_free(dl);
	}
	/* documents of 1..5 pages, some on right-hand pages */
	bad = 0;
	for (k = 0; k < 3000 && !bad; k++) {
		int np[6], odd[6], start[6], total, i;
		unsigned r = (unsigned)k * 2654435761u;

		for (i = 0; i < 6; i++) {
			np[i] = 1 + (int)((r >> (3 * i)) % 5);
			odd[i] = (r >> (20 + i)) & 1;
		}
		total = sp_bundle_starts(np, odd, 6, start);
		for (i = 0; i < 6; i++) {
			int prev = i == 0 ? 1 : start[i - 1] + np[i - 1];

			bad |= odd[i] && start[i] % 2 == 0;
			/* a blank page only where a right-hand start needs it */
			bad |= start[i] != prev && !(odd[i] &&
			    start[i] == prev + 1 && prev % 2 == 0);
		}
		bad |= total != start[5] + np[5] - 1;
	}
	check(!bad, "bundle: right-hand starts, a blank page only where one "
	    "is needed, the pages counted (3000 bundles)");
}

int
main(void)
{
	char	*path, *slash;

	/* results survive a crash */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%d\n", PLAN);
	if ((path = sp_data_find(NULL, "styles/standard.style")) == NULL ||
	    (st = sp_style_load(path)) == NULL) {
		check(0, "setup: styles/standard.style loads");
		free(path);
		return 1;
	}
	free(path);
	if ((fontsdir = sp_data_find(NULL, "fonts/fonts.conf")) == NULL) {
		check(0, "setup: fonts/fonts.conf is found");
		sp_style_free(st);
		return 1;
	}
	if ((slash = strrchr(fontsdir, '/')) != NULL)
		*slash = '\0';
	ctop = U(st->margin_top);
	cbottom = U(st->page_h) - U(st->margin_bottom);
	cleft = U(st->margin_left);
	cright = U(st->page_w) - U(st->margin_right);
	hy = sp_hyph_new(st->hyphen_dict);

	test_hyph();
	test_hyph_compiled();
	test_hyph_damaged();
	test_lib();
	test_booklet();
	test_pdfw();
	test_pdffont();
	test_pdffont_bad();
	test_pdffont_cmap();
	if (hy != NULL) {
		/* the same properties through Pango's own line breaking */
		both_paths(test_text);
		test_pages();
		test_paint_error();
		test_autolink();
		both_paths(test_url_lines);
		both_paths(test_addr_lines);
		test_breaks();
		test_link_ops();
	}

	sp_hyph_free(hy);
	free(fontsdir);
	sp_style_free(st);
	return failed ? 1 : 0;
}
