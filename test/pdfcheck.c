/*
 * pdfcheck.c: checks the tagging of a PDF, independently of the painter
 * that wrote it (test/t_pdfua.sh runs it on every PDF in out/).
 *
 *	qpdf --qdf --object-streams=disable FILE.pdf - | pdfcheck [-d] NAME
 *
 * It reads the PDF qpdf rewrote (classic cross-reference table, streams
 * decompressed) from standard input and checks, printing one line per
 * problem ("NAME: ..."), exit status 1 when there is any:
 *  - content: everything painted (text, paths, images) is inside marked
 *    content with an MCID or inside an /Artifact; no MCID inside an
 *    artifact or another MCID; no marked-content sequence with an MCID that
 *    paints nothing; marked content and text objects nest separately;
 *    every text object ends, with no q, Q or BT inside it; no text
 *    shows glyph 0 (.notdef), nor a glyph its font program lacks;
 *  - fonts: each embedded TrueType program's tables agree: loca holds
 *    maxp's numGlyphs + 1 offsets, hmtx hhea's numberOfHMetrics long
 *    metrics and a bearing for every glyph after them;
 *  - structure: every MCID of the content belongs to exactly one element,
 *    every MCID an element names exists (no orphans), and the ParentTree
 *    maps each one back to that element; link annotations have a
 *    /StructParent that leads to a Link element holding them as OBJR,
 *    and a /Contents that describes them (Matterhorn 28-004);
 *  - tables: Table holds THead/TBody/TFoot/TR/Caption, TR holds TH/TD,
 *    every TH has a /Scope; every Figure has an /Alt; lists: L holds LI (and Caption), LI holds Lbl
 *    and LBody and is not empty; no P, H, L, LI, TR, Table or Link is
 *    empty;
 *  - document: /MarkInfo /Marked true, /Lang, /ViewerPreferences
 *    /DisplayDocTitle true, XMP metadata whose dc:title, dc:language and
 *    xmp:CreateDate and ModifyDate agree with /Info and /Lang and which
 *    says pdfuaid:part 1; /Tabs /S on every page with annotations.
 * With -d it prints the tree first: one element a line, indented, with
 * its /Lang, /Alt, /ActualText, /Scope and /ColSpan, and then a summary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_NULL, T_BOOL, T_NUM, T_STR, T_NAME, T_ARR, T_DICT, T_REF, T_KW };

struct val {
	int		 t;
	double		 num;
	char		*s;		/* string bytes, name, keyword */
	int		 len;		/* string length */
	int		 ref;		/* T_REF: object number */
	struct val	*a;		/* array items; dict: key, value, ... */
	int		 n;
	const char	*data;		/* a stream's data */
	long		 dlen;
};

static const char *buf;
static long	 blen;
static long	*xoff;			/* offset per object, 0: none */
static int	 nobj;
static struct val **cache;
static const char *name = "pdf";
static int	 problems;

static void bad(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
bad(const char *fmt, ...)
{
	va_list	 ap;

	printf("%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	problems++;
}

static void *
xcalloc(size_t n, size_t m)
{
	void	*p = calloc(n ? n : 1, m ? m : 1);

	if (p == NULL) {
		perror("pdfcheck");
		exit(2);
	}
	return p;
}

/* ------------------------------------------------------------ parser */

static int
isdelim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int
isspace_(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == 0;
}

static long
skipws(const char *s, long p, long e)
{
	for (;;) {
		while (p < e && isspace_((unsigned char)s[p]))
			p++;
		if (p < e && s[p] == '%') {
			while (p < e && s[p] != '\n' && s[p] != '\r')
				p++;
			continue;
		}
		return p;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
push(struct val *v, struct val *x)
{
	v->a = realloc(v->a, (v->n + 1) * sizeof(*v->a));
	if (v->a == NULL)
		exit(2);
	v->a[v->n++] = *x;
}

/* One value (or keyword) at *P in S .. E; refs "N G R" folded. */
static struct val
parse(const char *s, long *pp, long e)
{
	struct val	 v;
	long		 p = skipws(s, *pp, e), q;

	memset(&v, 0, sizeof(v));
	if (p >= e) {
		*pp = p;
		return v;
	}
	if (s[p] == '/') {
		for (q = p + 1; q < e && !isspace_((unsigned char)s[q]) &&
		    !isdelim((unsigned char)s[q]); q++)
			;
		v.t = T_NAME;
		v.s = strndup(s + p + 1, q - p - 1);
		*pp = q;
		return v;
	}
	if (s[p] == '(') {
		int	 depth = 1;
		char	*o = xcalloc(e - p + 1, 1);
		int	 n = 0;

		for (q = p + 1; q < e && depth > 0; q++) {
			char c = s[q];

			if (c == '\\' && q + 1 < e) {
				c = s[++q];
				if (c >= '0' && c <= '7') {
					int	 k = 0, m = 0;

					while (m < 3 && s[q] >= '0' && s[q] <= '7')
						k = k * 8 + (s[q++] - '0'), m++;
					q--;
					c = (char)k;
				} else if (c == 'n')
					c = '\n';
				else if (c == 'r')
					c = '\r';
				else if (c == 't')
					c = '\t';
				else if (c == 'b')
					c = '\b';
				else if (c == 'f')
					c = '\f';
				else if (c == '\n')
					continue;
			} else if (c == '(')
				depth++;
			else if (c == ')' && --depth == 0)
				break;
			o[n++] = c;
		}
		v.t = T_STR;
		v.s = o;
		v.len = n;
		*pp = q + 1;
		return v;
	}
	if (s[p] == '<' && p + 1 < e && s[p + 1] == '<') {
		v.t = T_DICT;
		p += 2;
		for (;;) {
			struct val k;

			p = skipws(s, p, e);
			if (p >= e || (s[p] == '>' && p + 1 < e &&
			    s[p + 1] == '>'))
				break;
			k = parse(s, &p, e);
			if (k.t != T_NAME)
				break;
			push(&v, &k);
			k = parse(s, &p, e);
			push(&v, &k);
		}
		*pp = p + 2;
		return v;
	}
	if (s[p] == '<') {
		char	*o = xcalloc(e - p + 1, 1);
		int	 n = 0, hi = -1;

		for (q = p + 1; q < e && s[q] != '>'; q++) {
			int	h = hexval((unsigned char)s[q]);

			if (h < 0)
				continue;
			if (hi < 0)
				hi = h;
			else {
				o[n++] = (char)(hi * 16 + h);
				hi = -1;
			}
		}
		if (hi >= 0)
			o[n++] = (char)(hi * 16);
		v.t = T_STR;
		v.s = o;
		v.len = n;
		*pp = q + 1;
		return v;
	}
	if (s[p] == '[') {
		v.t = T_ARR;
		p++;
		for (;;) {
			struct val x;

			p = skipws(s, p, e);
			if (p >= e || s[p] == ']')
				break;
			x = parse(s, &p, e);
			if (x.t == T_KW && strcmp(x.s, "R") == 0 && v.n >= 2 &&
			    v.a[v.n - 1].t == T_NUM && v.a[v.n - 2].t == T_NUM) {
				v.n -= 2;
				x.t = T_REF;
				x.ref = (int)v.a[v.n].num;
			}
			push(&v, &x);
		}
		*pp = p + 1;
		return v;
	}
	if (s[p] == ']' || s[p] == '>' || s[p] == ')' || s[p] == '{' ||
	    s[p] == '}') {
		v.t = T_KW;
		v.s = strndup(s + p, 1);
		*pp = p + 1;
		return v;
	}
	for (q = p; q < e && !isspace_((unsigned char)s[q]) &&
	    !isdelim((unsigned char)s[q]); q++)
		;
	if (q == p)
		q++;
	if ((s[p] >= '0' && s[p] <= '9') || s[p] == '-' || s[p] == '+' ||
	    s[p] == '.') {
		long	 r = q;
		struct val g;

		v.t = T_NUM;
		v.num = strtod(s + p, NULL);
		/* "N G R" */
		g = parse(s, &r, e);
		if (g.t == T_NUM) {
			long	 r2 = r;
			struct val k = parse(s, &r2, e);

			if (k.t == T_KW && strcmp(k.s, "R") == 0) {
				v.t = T_REF;
				v.ref = (int)v.num;
				q = r2;
			}
		}
		*pp = q;
		return v;
	}
	v.t = T_KW;
	v.s = strndup(s + p, q - p);
	if (strcmp(v.s, "null") == 0)
		v.t = T_NULL;
	else if (strcmp(v.s, "true") == 0 || strcmp(v.s, "false") == 0) {
		v.t = T_BOOL;
		v.num = v.s[0] == 't';
	}
	*pp = q;
	return v;
}

static struct val *get(const struct val *, const char *);

static struct val *
obj(int n)
{
	struct val	*v;
	long		 p;

	if (n <= 0 || n >= nobj || xoff[n] == 0)
		return NULL;
	if (cache[n] != NULL)
		return cache[n];
	v = xcalloc(1, sizeof(*v));
	cache[n] = v;
	p = xoff[n];
	parse(buf, &p, blen);		/* N */
	parse(buf, &p, blen);		/* G */
	parse(buf, &p, blen);		/* obj */
	*v = parse(buf, &p, blen);
	p = skipws(buf, p, blen);
	if (v->t == T_DICT && p + 6 <= blen && memcmp(buf + p, "stream", 6) ==
	    0) {
		struct val *l = get(v, "Length");

		p += 6;
		if (p < blen && buf[p] == '\r')
			p++;
		if (p < blen && buf[p] == '\n')
			p++;
		v->data = buf + p;
		v->dlen = l != NULL && l->t == T_NUM ? (long)l->num : 0;
		if (v->dlen < 0 || p + v->dlen > blen)
			v->dlen = 0;
	}
	return v;
}

static struct val *
deref(struct val *v)
{
	int	i;

	for (i = 0; v != NULL && v->t == T_REF && i < 8; i++)
		v = obj(v->ref);
	return v;
}

static struct val *
get(const struct val *d, const char *key)
{
	int	i;

	if (d == NULL || d->t != T_DICT)
		return NULL;
	for (i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->a[i].s, key) == 0)
			return deref(&d->a[i + 1]);
	return NULL;
}

static int
isname(const struct val *v, const char *s)
{
	return v != NULL && v->t == T_NAME && strcmp(v->s, s) == 0;
}

/* A PDF text string as UTF-8 (UTF-16BE with BOM, or bytes as Latin-1). */
static char *
text(const struct val *v)
{
	char	*o;
	int	 i, n = 0;

	if (v == NULL || v->t != T_STR)
		return strdup("");
	o = xcalloc(v->len * 3 + 1, 1);
	if (v->len >= 2 && (unsigned char)v->s[0] == 0xFE &&
	    (unsigned char)v->s[1] == 0xFF) {
		for (i = 2; i + 1 < v->len; i += 2) {
			unsigned c = ((unsigned char)v->s[i] << 8) |
			    (unsigned char)v->s[i + 1];

			if (c >= 0xD800 && c < 0xDC00 && i + 3 < v->len) {
				unsigned d = ((unsigned char)v->s[i + 2] << 8) |
				    (unsigned char)v->s[i + 3];

				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
			if (c < 0x80)
				o[n++] = (char)c;
			else if (c < 0x800) {
				o[n++] = (char)(0xC0 | (c >> 6));
				o[n++] = (char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000) {
				o[n++] = (char)(0xE0 | (c >> 12));
				o[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
				o[n++] = (char)(0x80 | (c & 0x3F));
			} else {
				o[n++] = (char)(0xF0 | (c >> 18));
				o[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
				o[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
				o[n++] = (char)(0x80 | (c & 0x3F));
			}
		}
		o = realloc(o, v->len * 3 + 8);
		return o;
	}
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->s[i];

		if (c < 0x80)
			o[n++] = (char)c;
		else {
			o[n++] = (char)(0xC0 | (c >> 6));
			o[n++] = (char)(0x80 | (c & 0x3F));
		}
	}
	return o;
}

/* ----------------------------------------------------------- content */

struct page {
	int		 obj;
	int		 key;		/* /StructParents, -1 */
	int		 nmcid;		/* highest MCID + 1 */
	int		*owner;		/* per MCID: element object, 0 none */
	char		*seen;		/* per MCID: in the content */
};

static struct page *pages;
static int	 npages;
static int	 nartifacts, nmcids;

static struct page *
page_of(int o)
{
	int	i;

	for (i = 0; i < npages; i++)
		if (pages[i].obj == o)
			return &pages[i];
	return NULL;
}

static void
collect_pages(struct val *node)
{
	struct val *kids;
	int	 i;

	node = deref(node);
	if (node == NULL)
		return;
	if (isname(get(node, "Type"), "Pages")) {
		kids = get(node, "Kids");
		for (i = 0; kids != NULL && i < kids->n; i++)
			if (kids->a[i].t == T_REF)
				collect_pages(&kids->a[i]);
		return;
	}
	pages = realloc(pages, (npages + 1) * sizeof(*pages));
	memset(&pages[npages], 0, sizeof(*pages));
	pages[npages].key = -1;
	npages++;
}

static int
painting(const char *op)
{
	static const char *const ops[] = { "Tj", "TJ", "'", "\"", "f", "F",
	    "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI", NULL };
	int	 i;

	for (i = 0; ops[i] != NULL; i++)
		if (strcmp(op, ops[i]) == 0)
			return 1;
	return 0;
}

#define MAXMC	64

/*
 * Does the operand V of TJ or Tj show the code 0, .notdef in a font of
 * two-byte codes and Identity CIDs (all of ours)? PDF/UA-1 7.21.8 forbids
 * it, and it has no Unicode (Matterhorn 10-001).
 */
static int
shows_notdef(const struct val *v)
{
	int	 i;

	if (v->t == T_ARR) {
		for (i = 0; i < v->n; i++)
			if (shows_notdef(&v->a[i]))
				return 1;
		return 0;
	}
	if (v->t != T_STR)
		return 0;
	for (i = 0; i + 1 < v->len; i += 2)
		if (v->s[i] == 0 && v->s[i + 1] == 0)
			return 1;
	return 0;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)be16(p) << 16 | be16(p + 2);
}

/*
 * The number of glyphs in the TrueType program of the Type0 font FONT,
 * after checking that its tables agree; -1 if it has none or they do
 * not (said once per program).
 */
static int
program_glyphs(struct val *font)
{
	static struct { const struct val *ff; int ng; } seen[64];
	static int	 nseen;
	struct val	*df = get(font, "DescendantFonts"), *ff;
	const unsigned char *d, *t[4] = { NULL };
	static const char *const tags[4] = { "head", "hhea", "maxp", "loca" };
	unsigned long	 len[4] = { 0 }, off, n, hlen = 0;
	const unsigned char *hmtx = NULL;
	unsigned	 nt, i, k, ng, nhm;

	ff = df != NULL && df->t == T_ARR && df->n > 0 ? get(get(deref(
	    &df->a[0]), "FontDescriptor"), "FontFile2") : NULL;
	if (ff == NULL || ff->data == NULL)
		return -1;
	for (i = 0; i < (unsigned)nseen; i++)
		if (seen[i].ff == ff)
			return seen[i].ng;
	d = (const unsigned char *)ff->data;
	n = (unsigned long)ff->dlen;
	nt = n >= 12 ? be16(d + 4) : 0;
	for (i = 0; i < nt && 12 + 16 * (unsigned long)(i + 1) <= n; i++) {
		const unsigned char *e = d + 12 + 16 * i;

		off = be32(e + 8);
		if (off > n || be32(e + 12) > n - off)
			continue;
		for (k = 0; k < 4; k++)
			if (memcmp(e, tags[k], 4) == 0) {
				t[k] = d + off;
				len[k] = be32(e + 12);
			}
		if (memcmp(e, "hmtx", 4) == 0) {
			hmtx = d + off;
			hlen = be32(e + 12);
		}
	}
	ng = 0;
	if (t[0] == NULL || len[0] < 54 || t[1] == NULL || len[1] < 36 ||
	    t[2] == NULL || len[2] < 6 || t[3] == NULL || hmtx == NULL)
		bad("a font program without head, hhea, maxp, loca or hmtx");
	else {
		ng = be16(t[2] + 4);
		nhm = be16(t[1] + 34);
		if (len[3] != (ng + 1UL) * (be16(t[0] + 50) == 1 ? 4 : 2))
			bad("a font program's loca holds %lu bytes for %u "
			    "glyphs", len[3], ng);
		else if (nhm == 0 || nhm > ng ||
		    hlen < 4UL * nhm + 2UL * (ng - nhm))
			bad("a font program's hmtx (%lu bytes) does not hold "
			    "%u long metrics of %u glyphs", hlen, nhm, ng);
	}
	if (nseen < 64) {
		seen[nseen].ff = ff;
		seen[nseen++].ng = ng > 0 ? (int)ng : -1;
	}
	return ng > 0 ? (int)ng : -1;
}

/* The highest two-byte code TJ or Tj's operand V shows, -1 if none. */
static int
highest_code(const struct val *v)
{
	int	 i, c, most = -1;

	if (v->t == T_ARR) {
		for (i = 0; i < v->n; i++)
			if ((c = highest_code(&v->a[i])) > most)
				most = c;
		return most;
	}
	if (v->t != T_STR)
		return -1;
	for (i = 0; i + 1 < v->len; i += 2)
		if ((c = (unsigned char)v->s[i] << 8 |
		    (unsigned char)v->s[i + 1]) > most)
			most = c;
	return most;
}

/* Check the content of page PG (number N, from 1). */
static void
check_content(struct page *pg, struct val *pd, int n)
{
	struct val	*c = get(pd, "Contents");
	struct val	 args[8];
	int		 nargs = 0, i;
	struct {
		int	 kind;		/* 0 other, 1 artifact, 2 MCID */
		int	 mcid, painted, bt;
	}		 st[MAXMC];
	int		 depth = 0, bt = 0, inart = 0, inmc = 0, ng = -1, hi;
	struct val	**streams;
	int		 ns = 0;

	if (c == NULL)
		return;
	streams = xcalloc(c->t == T_ARR ? c->n + 1 : 1, sizeof(*streams));
	if (c->t == T_ARR) {
		for (i = 0; i < c->n; i++)
			if (deref(&c->a[i]) != NULL)
				streams[ns++] = deref(&c->a[i]);
	} else
		streams[ns++] = c;
	for (i = 0; i < ns; i++) {
		const char *s = streams[i]->data;
		long	 p = 0, e = streams[i]->dlen;

		while (s != NULL && (p = skipws(s, p, e)) < e) {
			struct val v = parse(s, &p, e);

			if (v.t != T_KW) {
				if (nargs < 8)
					args[nargs++] = v;
				continue;
			}
			if (strcmp(v.s, "BI") == 0) {
				/* inline image: skip to EI */
				const char *ei = memmem(s + p, e - p, "EI", 2);

				p = ei != NULL ? ei - s + 2 : e;
			}
			if ((strcmp(v.s, "q") == 0 || strcmp(v.s, "Q") == 0 ||
			    strcmp(v.s, "BT") == 0) && bt > 0)
				bad("page %d: %s inside a text object", n, v.s);
			if ((strcmp(v.s, "TJ") == 0 || strcmp(v.s, "Tj") == 0) &&
			    nargs >= 1 && shows_notdef(&args[nargs - 1]))
				bad("page %d: glyph 0 (.notdef) shown", n);
			if (strcmp(v.s, "Tf") == 0 && nargs >= 2 &&
			    args[0].t == T_NAME)
				ng = program_glyphs(get(get(get(pd,
				    "Resources"), "Font"), args[0].s));
			if ((strcmp(v.s, "TJ") == 0 || strcmp(v.s, "Tj") == 0) &&
			    nargs >= 1 && ng > 0 &&
			    (hi = highest_code(&args[nargs - 1])) >= ng)
				bad("page %d: glyph %d shown, past the %d of "
				    "its font program", n, hi, ng);
			if (strcmp(v.s, "BT") == 0)
				bt++;
			else if (strcmp(v.s, "ET") == 0)
				bt--;
			else if (strcmp(v.s, "BMC") == 0 ||
			    strcmp(v.s, "BDC") == 0) {
				int	 kind = 0, mcid = -1;
				struct val *m;

				if (nargs >= 1 && isname(&args[0], "Artifact"))
					kind = 1;
				if (strcmp(v.s, "BDC") == 0 && nargs >= 2 &&
				    (m = get(&args[1], "MCID")) != NULL &&
				    m->t == T_NUM) {
					kind = kind ? 1 : 2;
					mcid = (int)m->num;
				}
				if (kind == 2 && (inart || inmc))
					bad("page %d: an MCID inside "
					    "an artifact or another MCID",
					    n);
				if (kind == 1 && inmc)
					bad("page %d: an artifact inside "
					    "tagged content", n);
				if (depth < MAXMC) {
					st[depth].kind = kind;
					st[depth].mcid = mcid;
					st[depth].painted = 0;
					st[depth].bt = bt;
				}
				depth++;
				inart += kind == 1;
				inmc += kind == 2;
				if (kind == 1)
					nartifacts++;
				if (kind == 2) {
					nmcids++;
					if (mcid >= pg->nmcid) {
						int k = mcid + 1;

						pg->owner = realloc(pg->owner,
						    k * sizeof(int));
						pg->seen = realloc(pg->seen, k);
						for (; pg->nmcid < k; pg->nmcid++) {
							pg->owner[pg->nmcid] = 0;
							pg->seen[pg->nmcid] = 0;
						}
					}
					if (pg->seen[mcid])
						bad("page %d: an MCID used "
						    "twice", n);
					pg->seen[mcid] = 1;
				}
			} else if (strcmp(v.s, "EMC") == 0) {
				if (depth == 0) {
					bad("page %d: EMC without BMC",
					    n);
				} else {
					depth--;
					if (depth < MAXMC) {
						if (st[depth].bt != bt)
							bad("page %d: "
							    "marked content and "
							    "a text object "
							    "overlap", n);
						if (st[depth].kind == 2 &&
						    !st[depth].painted)
							bad("page %d: an "
							    "MCID that paints "
							    "nothing", n);
						inart -= st[depth].kind == 1;
						inmc -= st[depth].kind == 2;
						/* painted inside: counts
						 * for the enclosing too */
						if (depth > 0 &&
						    st[depth].painted)
							st[depth - 1].painted = 1;
					}
				}
			} else if (painting(v.s)) {
				if (!inart && !inmc)
					bad("page %d: content neither "
					    "tagged nor artifact", n);
				if (depth > 0 && depth <= MAXMC)
					st[depth - 1].painted = 1;
			}
			nargs = 0;
		}
	}
	if (depth != 0)
		bad("page %d: marked content not closed", n);
	if (bt != 0)
		bad("page %d: a text object not closed", n);
	free(streams);
}

/* --------------------------------------------------------- structure */

static int	 nelems;
static int	 dump;

static struct val *
attr_of(struct val *e, const char *key)
{
	struct val *a = get(e, "A");
	int	 i;

	if (a == NULL)
		return NULL;
	if (a->t == T_DICT)
		return get(a, key);
	for (i = 0; a->t == T_ARR && i < a->n; i++) {
		struct val *d = deref(&a->a[i]);

		if (get(d, key) != NULL)
			return get(d, key);
	}
	return NULL;
}

static const char *
type_of(struct val *e)
{
	struct val *s = get(e, "S");

	return s != NULL && s->t == T_NAME ? s->s : "?";
}

static void walk(struct val *, int self, int depth);

/* Kid K of element EL (object SELF). Returns 1 if it is content. */
static int
kid(struct val *el, int self, struct val *k, int depth, const char *ptype)
{
	struct val *pg = get(el, "Pg"), *d;
	int	 mcid = -1, po = 0;

	if (k->t == T_REF) {
		d = deref(k);
		if (d != NULL && get(d, "S") != NULL) {
			const char *t = type_of(d), *s = ptype;

			if (strcmp(s, "Table") == 0 && strcmp(t, "THead") &&
			    strcmp(t, "TBody") && strcmp(t, "TFoot") &&
			    strcmp(t, "TR") && strcmp(t, "Caption"))
				bad("%s in Table", t);
			if ((strcmp(s, "THead") == 0 || strcmp(s, "TBody") ==
			    0 || strcmp(s, "TFoot") == 0) && strcmp(t, "TR"))
				bad("%s in a table section", t);
			if (strcmp(s, "TR") == 0 && strcmp(t, "TH") &&
			    strcmp(t, "TD"))
				bad("%s in TR", t);
			if (strcmp(s, "L") == 0 && strcmp(t, "LI") &&
			    strcmp(t, "Caption") && strcmp(t, "L"))
				bad("%s in L", t);
			if (strcmp(s, "LI") == 0 && strcmp(t, "Lbl") &&
			    strcmp(t, "LBody"))
				bad("%s in LI", t);
			walk(d, k->ref, depth + 1);
			return 1;
		}
		if (d != NULL && isname(get(d, "Type"), "OBJR")) {
			struct val *o = get(d, "Obj");

			(void)o;
			return 1;
		}
		if (d != NULL && isname(get(d, "Type"), "MCR")) {
			k = d;
		} else
			return 0;
	}
	if (k->t == T_NUM) {
		mcid = (int)k->num;
	} else if (k->t == T_DICT && isname(get(k, "Type"), "MCR")) {
		struct val *m = get(k, "MCID");

		if (get(k, "Pg") != NULL)
			pg = NULL;
		if (m != NULL)
			mcid = (int)m->num;
		for (int i = 0; i + 1 < k->n; i += 2)
			if (strcmp(k->a[i].s, "Pg") == 0 &&
			    k->a[i + 1].t == T_REF)
				po = k->a[i + 1].ref;
	} else if (k->t == T_DICT && isname(get(k, "Type"), "OBJR"))
		return 1;
	else
		return 0;
	if (po == 0)
		for (int i = 0; i + 1 < el->n; i += 2)
			if (strcmp(el->a[i].s, "Pg") == 0 &&
			    el->a[i + 1].t == T_REF)
				po = el->a[i + 1].ref;
	(void)pg;
	{
		struct page *p = page_of(po);

		if (p == NULL) {
			bad("MCID %d without a page", mcid);
			return 1;
		}
		if (mcid < 0 || mcid >= p->nmcid || !p->seen[mcid])
			bad("orphaned MCID %d: not in the page's content", mcid);
		else if (p->owner[mcid] != 0)
			bad("MCID %d belongs to two elements", mcid);
		else
			p->owner[mcid] = self;
	}
	if (dump)
		printf("%*smcid %d\n", 2 * depth + 2, "", mcid);
	return 1;
}

static void
walk(struct val *el, int self, int depth)
{
	struct val *k = get(el, "K"), *v;
	const char *t = type_of(el);
	int	 i, nk = 0;

	nelems++;
	if (dump) {
		printf("%*s%s", 2 * depth, "", t);
		if ((v = get(el, "Lang")) != NULL) {
			char *x = text(v);
			printf(" lang=%s", x);
			free(x);
		}
		if ((v = attr_of(el, "Scope")) != NULL && v->t == T_NAME)
			printf(" scope=%s", v->s);
		if ((v = attr_of(el, "ColSpan")) != NULL)
			printf(" colspan=%d", (int)v->num);
		if ((v = get(el, "Alt")) != NULL) {
			char *x = text(v);
			printf(" alt=\"%s\"", x);
			free(x);
		}
		if ((v = get(el, "ActualText")) != NULL) {
			char *x = text(v);
			printf(" actual=\"%s\"", x);
			free(x);
		}
		printf("\n");
	}
	if (strcmp(t, "TH") == 0 && attr_of(el, "Scope") == NULL)
		bad("TH without /Scope");
	/* Matterhorn 13-004 */
	if (strcmp(t, "Figure") == 0 && get(el, "Alt") == NULL &&
	    get(el, "ActualText") == NULL)
		bad("a Figure without /Alt");
	if (k != NULL && k->t == T_ARR) {
		for (i = 0; i < k->n; i++)
			nk += kid(el, self, &k->a[i], depth, t);
	} else if (k != NULL) {
		/* a single kid, given directly (not dereferenced) */
		for (i = 0; i + 1 < el->n; i += 2)
			if (strcmp(el->a[i].s, "K") == 0)
				nk += kid(el, self, &el->a[i + 1], depth, t);
	}
	if (nk == 0 && (strcmp(t, "P") == 0 || t[0] == 'H' ||
	    strcmp(t, "L") == 0 || strcmp(t, "LI") == 0 ||
	    strcmp(t, "TR") == 0 || strcmp(t, "Table") == 0 ||
	    strcmp(t, "Link") == 0 || strcmp(t, "LBody") == 0))
		bad("an empty %s element", t);
}

/* The value the ParentTree gives KEY. */
static struct val *
parent_tree(struct val *node, int key)
{
	struct val *nums, *kids, *r;
	int	 i;

	node = deref(node);
	if ((nums = get(node, "Nums")) != NULL)
		for (i = 0; i + 1 < nums->n; i += 2)
			if (nums->a[i].t == T_NUM && (int)nums->a[i].num == key)
				return &nums->a[i + 1];
	if ((kids = get(node, "Kids")) != NULL)
		for (i = 0; i < kids->n; i++)
			if ((r = parent_tree(&kids->a[i], key)) != NULL)
				return r;
	return NULL;
}

/* "D:YYYYMMDDHHmmSS..." and an XMP date agree? */
static int
same_date(const char *pdf, const char *xmp)
{
	char	 a[32], b[32];
	int	 n = 0, i;

	if (strncmp(pdf, "D:", 2) == 0)
		pdf += 2;
	for (i = 0; pdf[i] != '\0' && n < 30; i++)
		if (pdf[i] >= '0' && pdf[i] <= '9')
			a[n++] = pdf[i];
	a[n] = '\0';
	for (n = 0, i = 0; xmp[i] != '\0' && xmp[i] != '+' && xmp[i] != 'Z' &&
	    n < 30; i++)
		if (xmp[i] >= '0' && xmp[i] <= '9')
			b[n++] = xmp[i];
	b[n] = '\0';
	return strcmp(a, b) == 0;
}

/* The text of the first <TAG ...>...</TAG> in X, innermost li if any. */
/* XML text S with its character and entity references replaced, in place. */
static char *
unxml(char *s)
{
	static const char *const ent[] = { "amp;&", "lt;<", "gt;>",
	    "quot;\"", "apos;'" };
	char		*r, *w, *q;
	unsigned long	 c;
	size_t		 i, k;

	for (r = w = s; *r != '\0'; ) {
		if (*r != '&') {
			*w++ = *r++;
			continue;
		}
		for (i = 0; i < 5; i++) {
			k = strlen(ent[i]) - 1;
			if (strncmp(r + 1, ent[i], k) == 0)
				break;
		}
		if (i < 5) {
			*w++ = ent[i][k];
			r += k + 1;
		} else if (r[1] == '#' && (c = r[2] == 'x' ?
		    strtoul(r + 3, &q, 16) : strtoul(r + 2, &q, 10)) > 0 &&
		    *q == ';') {
			r = q + 1;
			if (c < 0x80)
				*w++ = (char)c;
			else if (c < 0x800) {
				*w++ = (char)(0xC0 | c >> 6);
				*w++ = (char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000) {
				*w++ = (char)(0xE0 | c >> 12);
				*w++ = (char)(0x80 | ((c >> 6) & 0x3F));
				*w++ = (char)(0x80 | (c & 0x3F));
			} else {
				*w++ = (char)(0xF0 | c >> 18);
				*w++ = (char)(0x80 | ((c >> 12) & 0x3F));
				*w++ = (char)(0x80 | ((c >> 6) & 0x3F));
				*w++ = (char)(0x80 | (c & 0x3F));
			}
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return s;
}

static char *
xmp_field(const char *x, const char *tag)
{
	char	 open[64], close[64];
	const char *s, *e, *li;

	snprintf(open, sizeof(open), "<%s", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if ((s = strstr(x, open)) == NULL || (e = strstr(s, close)) == NULL)
		return NULL;
	s = strchr(s, '>') + 1;
	if ((li = strstr(s, "<rdf:li")) != NULL && li < e) {
		s = strchr(li, '>') + 1;
		e = strstr(s, "</rdf:li>");
	}
	return unxml(strndup(s, e - s));
}

static void
check_document(struct val *cat, struct val *info)
{
	struct val *v, *meta;
	char	*x, *t, *f;

	v = get(get(cat, "MarkInfo"), "Marked");
	if (v == NULL || v->t != T_BOOL || !v->num)
		bad("no /MarkInfo /Marked true");
	v = get(cat, "Lang");
	t = text(v);
	if (*t == '\0')
		bad("no /Lang on the catalog");
	v = get(get(cat, "ViewerPreferences"), "DisplayDocTitle");
	if (v == NULL || v->t != T_BOOL || !v->num)
		bad("no /ViewerPreferences /DisplayDocTitle true");
	meta = get(cat, "Metadata");
	if (meta == NULL || meta->data == NULL) {
		bad("no XMP metadata");
		free(t);
		return;
	}
	x = strndup(meta->data, meta->dlen);
	if ((f = xmp_field(x, "dc:language")) == NULL || strcmp(f, t) != 0)
		bad("dc:language is not the /Lang %s", t);
	free(f);
	free(t);
	t = text(get(info, "Title"));
	f = xmp_field(x, "dc:title");
	if (*t == '\0' || f == NULL || strcmp(f, t) != 0)
		bad("dc:title is not the /Info /Title %s", t);
	free(f);
	free(t);
	t = text(get(info, "CreationDate"));
	f = xmp_field(x, "xmp:CreateDate");
	if (f == NULL || !same_date(t, f))
		bad("xmp:CreateDate does not agree with /CreationDate %s", t);
	free(f);
	free(t);
	t = text(get(info, "ModDate"));
	f = xmp_field(x, "xmp:ModifyDate");
	if (*t != '\0' && (f == NULL || !same_date(t, f)))
		bad("xmp:ModifyDate does not agree with /ModDate %s", t);
	free(f);
	free(t);
	if ((f = xmp_field(x, "pdfuaid:part")) == NULL || strcmp(f, "1") != 0)
		bad("XMP does not say pdfuaid:part 1");
	free(f);
	free(x);
}

int
main(int argc, char *argv[])
{
	static char	 chunk[65536];
	char		*b = NULL;
	size_t		 n, len = 0;
	const char	*sx;
	long		 p;
	struct val	 trailer, *cat, *root, *v;
	int		 i, j;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-d") == 0)
			dump = 1;
		else
			name = argv[i];
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		b = realloc(b, len + n + 1);
		if (b == NULL)
			return 2;
		memcpy(b + len, chunk, n);
		len += n;
	}
	if (b == NULL) {
		printf("%s: no input\n", name);
		return 1;
	}
	b[len] = '\0';
	buf = b;
	blen = (long)len;
	/* the classic table qpdf writes */
	for (sx = b + len - 1; sx > b && memcmp(sx, "startxref", 9) != 0; sx--)
		;
	p = strtol(sx + 9, NULL, 10);
	if (sx == b || p <= 0 || p >= blen || memcmp(b + p, "xref", 4) != 0) {
		printf("%s: no cross-reference table (give it qpdf --qdf "
		    "--object-streams=disable output)\n", name);
		return 1;
	}
	p += 4;
	for (;;) {
		struct val a, c;
		long	 q = p;

		a = parse(b, &q, blen);
		if (a.t != T_NUM)
			break;
		c = parse(b, &q, blen);
		p = skipws(b, q, blen);
		if (nobj < (int)(a.num + c.num)) {
			int	 old = nobj;

			nobj = (int)(a.num + c.num);
			xoff = realloc(xoff, nobj * sizeof(long));
			for (j = old; j < nobj; j++)
				xoff[j] = 0;
		}
		for (j = 0; j < (int)c.num; j++, p += 20)
			if (b[p + 17] == 'n')
				xoff[(int)a.num + j] = strtol(b + p, NULL, 10);
	}
	cache = xcalloc(nobj, sizeof(*cache));
	p = (long)(strstr(b + p, "trailer") - b) + 7;
	trailer = parse(b, &p, blen);
	cat = get(&trailer, "Root");
	if (cat == NULL) {
		printf("%s: no catalog\n", name);
		return 1;
	}
	collect_pages(get(cat, "Pages"));
	/* page objects: walk /Kids again for their numbers */
	{
		struct val *stack[64];
		int	 sp = 0, k = 0;

		stack[sp++] = get(cat, "Pages");
		while (sp > 0) {
			struct val *node = stack[--sp], *kids = get(node,
			    "Kids");

			for (i = kids != NULL ? kids->n - 1 : -1; i >= 0; i--) {
				struct val *kd = deref(&kids->a[i]);

				if (isname(get(kd, "Type"), "Pages") &&
				    sp < 64)
					stack[sp++] = kd;
				else if (kd != NULL && k < npages &&
				    kids->a[i].t == T_REF) {
					/* reversed below */
				}
			}
			for (i = 0; kids != NULL && i < kids->n; i++) {
				struct val *kd = deref(&kids->a[i]);

				if (!isname(get(kd, "Type"), "Pages") &&
				    k < npages)
					pages[k++].obj = kids->a[i].ref;
			}
		}
	}
	for (i = 0; i < npages; i++) {
		struct val *pd = obj(pages[i].obj);

		if ((v = get(pd, "StructParents")) != NULL)
			pages[i].key = (int)v->num;
		check_content(&pages[i], pd, i + 1);
		if (get(pd, "Annots") != NULL && !isname(get(pd, "Tabs"), "S"))
			bad("page %d has annotations but no /Tabs /S",
			    i + 1);
	}
	root = get(cat, "StructTreeRoot");
	if (root == NULL) {
		bad("no structure tree");
	} else {
		struct val *k = get(root, "K");

		if (k != NULL && k->t == T_ARR) {
			for (i = 0; i < k->n; i++)
				if (k->a[i].t == T_REF)
					walk(deref(&k->a[i]), k->a[i].ref, 0);
		} else
			for (i = 0; i + 1 < root->n; i += 2)
				if (strcmp(root->a[i].s, "K") == 0 &&
				    root->a[i + 1].t == T_REF)
					walk(deref(&root->a[i + 1]),
					    root->a[i + 1].ref, 0);
		/* every MCID of the content has its element, and the
		 * ParentTree says which */
		for (i = 0; i < npages; i++) {
			struct val *arr = NULL;

			if (pages[i].nmcid > 0 && pages[i].key < 0)
				bad("page %d has MCIDs but no "
				    "/StructParents", i + 1);
			if (pages[i].key >= 0)
				arr = deref(parent_tree(get(root,
				    "ParentTree"), pages[i].key));
			for (j = 0; j < pages[i].nmcid; j++) {
				if (!pages[i].seen[j])
					continue;
				if (pages[i].owner[j] == 0)
					bad("page %d: an MCID no element "
					    "holds", i + 1);
				if (arr == NULL || arr->t != T_ARR ||
				    j >= arr->n || arr->a[j].t != T_REF ||
				    arr->a[j].ref != pages[i].owner[j])
					bad("page %d: the ParentTree does "
					    "not lead an MCID to its element", i + 1);
			}
		}
	}
	/* link annotations: in the structure, as OBJR of a Link */
	for (i = 0; i < npages; i++) {
		struct val *an = get(obj(pages[i].obj), "Annots");

		for (j = 0; an != NULL && j < an->n; j++) {
			struct val *a = deref(&an->a[j]), *sp, *el, *k;
			int	 found = 0, m;

			if (!isname(get(a, "Subtype"), "Link"))
				continue;
			/* Matterhorn 28-004: an alternate description */
			if ((k = get(a, "Contents")) == NULL || k->t != T_STR ||
			    k->len == 0 || (k->len == 2 &&
			    memcmp(k->s, "\xFE\xFF", 2) == 0))
				bad("page %d: a link annotation without "
				    "/Contents", i + 1);
			if ((sp = get(a, "StructParent")) == NULL ||
			    root == NULL) {
				bad("page %d: a link annotation without "
				    "/StructParent", i + 1);
				continue;
			}
			el = deref(parent_tree(get(root, "ParentTree"),
			    (int)sp->num));
			if (el == NULL || strcmp(type_of(el), "Link") != 0) {
				bad("page %d: a link annotation whose "
				    "parent is no Link element", i + 1);
				continue;
			}
			k = get(el, "K");
			for (m = 0; k != NULL && m < (k->t == T_ARR ? k->n :
			    1); m++) {
				struct val *o = k->t == T_ARR ?
				    deref(&k->a[m]) : k;

				for (int q = 0; o != NULL && o->t == T_DICT &&
				    q + 1 < o->n; q += 2)
					if (strcmp(o->a[q].s, "Obj") == 0 &&
					    o->a[q + 1].t == T_REF &&
					    o->a[q + 1].ref == an->a[j].ref)
						found = 1;
			}
			if (!found)
				bad("page %d: a Link element without "
				    "its annotation as OBJR", i + 1);
		}
	}
	check_document(cat, get(&trailer, "Info"));
	if (dump || problems)
		printf("%s: %d pages, %d elements, %d MCIDs, %d artifacts, "
		    "%d problems\n", name, npages, nelems, nmcids, nartifacts,
		    problems);
	return problems ? 1 : 0;
}
