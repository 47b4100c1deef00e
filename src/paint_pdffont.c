/* paint_pdffont.c: TrueType fonts of our own PDF writer: reads the sfnt
 * tables of a glyf font, remembers the glyphs shown and their text, and
 * writes a CIDFontType2 subset with /W and /ToUnicode. No font library:
 * the tables are few and simple, and every offset read from the file is
 * checked against its end (the fonts are bundled, but a truncated or
 * replaced file must give a message, never a crash; the file is mapped,
 * so one truncated while a run reads it is the exception, see
 * sp_file_map). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_pdf.h"

/* The longest text /ToUnicode gives one glyph, in UTF-16 units. */
#define MAXUNITS	64

/* The tables a CIDFontType2 program needs (PDF 1.7, 9.9), those present
 * copied or rebuilt, in tag order. */
static const char *const keep[] = {
	"cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"
};
#define NKEEP	(sizeof(keep) / sizeof(keep[0]))

struct table {
	const uint8_t	*p;		/* within the file, NULL when absent */
	size_t		 n;
};

struct sp_pdffont {
	char		*file;
	const uint8_t	*data;		/* the whole file, mapped */
	size_t		 size;
	struct table	 t[NKEEP];	/* by the index of keep[] */
	unsigned	 nglyphs;
	unsigned	 upem;
	uint32_t	*loca;		/* nglyphs + 1 offsets into glyf */
	int32_t		*width;		/* per glyph, 1/1000 em */
	uint8_t		*used;		/* per glyph: shown (1) or needed (2) */
	uint32_t	*text;		/* per glyph: 1 + offset into texts, 0 */
	struct sp_buf	 texts;		/* NUL-terminated UTF-8 */
	char		 psname[64];	/* PostScript name, PDF-safe */
	int		 bbox[4];	/* head, 1/1000 em */
	int		 ascent, descent, capheight, stemv, flags;
	int		 italic;	/* post, degrees (rounded) */
	unsigned	 fffd;		/* the glyph of U+FFFD, 0: none */
};

/* --------------------------------------------------------- reading */

static unsigned
u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int
s16(const uint8_t *p)
{
	return (int16_t)u16(p);
}

static uint32_t
u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Font units V in 1/1000 em, rounded half away from zero. */
static int
em(const struct sp_pdffont *f, long v)
{
	long	 u = (long)f->upem;

	return (int)(v >= 0 ? (v * 1000 + u / 2) / u :
	    -((-v * 1000 + u / 2) / u));
}

/* The table TAG of the font whose directory is at DIR, or NULL. */
static const uint8_t *
find_table(const uint8_t *data, size_t size, size_t dir, const char *tag,
    size_t *len)
{
	unsigned	 n, i;
	const uint8_t	*r;
	uint32_t	 off, l;

	n = u16(data + dir + 4);
	for (i = 0; i < n; i++) {
		r = data + dir + 12 + 16 * (size_t)i;
		if (memcmp(r, tag, 4) != 0)
			continue;
		off = u32(r + 8);
		l = u32(r + 12);
		if (off > size || l > size - off)
			return NULL;
		*len = l;
		return data + off;
	}
	return NULL;
}

/*
 * The PostScript name (name ID 6), Windows UTF-16 or Mac Roman, kept to
 * the characters a PDF name and a PostScript name may hold; 0 when there
 * is none.
 */
static int
ps_name(struct sp_pdffont *f, const uint8_t *p, size_t n)
{
	unsigned	 count, soff, i, plat, len, off, k, c, step;
	size_t		 o = 0;

	if (p == NULL || n < 6)
		return 0;
	count = u16(p + 2);
	soff = u16(p + 4);
	if (6 + 12 * (size_t)count > n)
		return 0;
	for (i = 0; i < count; i++) {
		const uint8_t *r = p + 6 + 12 * (size_t)i;

		plat = u16(r);
		if (u16(r + 6) != 6 || (plat != 3 && plat != 1))
			continue;
		len = u16(r + 8);
		off = u16(r + 10);
		if ((size_t)soff + off + len > n)
			continue;
		step = plat == 3 ? 2 : 1;
		for (k = 0; k + step <= len && o + 1 < sizeof(f->psname);
		    k += step) {
			c = step == 2 ? u16(p + soff + off + k) :
			    p[soff + off + k];
			if (c > 32 && c < 127 && strchr("[](){}<>/%#", (int)c)
			    == NULL)
				f->psname[o++] = (char)c;
		}
		f->psname[o] = '\0';
		if (o > 0)
			return 1;
	}
	return 0;
}

/*
 * Maps FILE into F, read-only; 0, or -1 after a message. Only the pages
 * of the tables read are brought in, from the page cache (a sak touches
 * the directory, the metrics and the outlines of the glyphs it shows);
 * read whole, the six Noto files were 3.4 MB copied on every run. The
 * checks against the end stay, against the size mapped.
 */
static int
read_file(struct sp_pdffont *f, const char *file)
{
	const char	*why;

	if ((f->data = sp_file_map(file, &f->size, &why)) == NULL) {
		sp_msg(SP_SYSERR, file, 0, "cannot read font: %s", why);
		return -1;
	}
	return 0;
}

/*
 * The glyph the cmap table at P (N bytes) gives code point CP: from a
 * Unicode subtable of format 12 or 4 (the first found); 0 when none.
 */
static unsigned
cmap_glyph(const uint8_t *p, size_t n, uint32_t cp)
{
	size_t		 i, k, off, len, segs;
	unsigned	 fmt;

	if (p == NULL || n < 4)
		return 0;
	for (i = 0; i < u16(p + 2) && 4 + 8 * (i + 1) <= n; i++) {
		const uint8_t *r = p + 4 + 8 * i, *t;
		unsigned	 plat = u16(r), enc = u16(r + 2);

		if (!(plat == 0 || (plat == 3 && (enc == 1 || enc == 10))))
			continue;
		off = u32(r + 4);
		if (off > n - 2)
			continue;
		t = p + off;
		fmt = u16(t);
		if (fmt == 12 && off + 16 <= n) {
			len = u32(t + 12);	/* groups */
			for (k = 0; k < len && off + 16 + 12 * (k + 1) <= n;
			    k++) {
				const uint8_t *g = t + 16 + 12 * k;

				if (cp >= u32(g) && cp <= u32(g + 4))
					return u32(g + 8) + (cp - u32(g));
			}
		} else if (fmt == 4 && cp <= 0xFFFF && off + 14 <= n) {
			segs = u16(t + 6) / 2;
			if (off + 16 + 8 * segs > n)
				continue;
			for (k = 0; k < segs; k++) {
				const uint8_t *ro = t + 16 + 6 * segs + 2 * k;
				unsigned end = u16(t + 14 + 2 * k);
				unsigned start = u16(t + 16 + 2 * segs + 2 * k);
				unsigned delta = u16(t + 16 + 4 * segs + 2 * k);
				size_t	 at;

				if (cp > end)
					continue;
				if (cp < start)
					break;
				if (u16(ro) == 0)
					return (cp + delta) & 0xFFFF;
				at = (size_t)(ro - p) + u16(ro) + 2 * (cp - start);
				if (at + 2 > n || u16(p + at) == 0)
					return 0;
				return (u16(p + at) + delta) & 0xFFFF;
			}
		}
	}
	return 0;
}

/* The metrics and names of the descriptor, from head, hhea, OS/2, post,
 * name (the last three optional). */
static void
descriptor_metrics(struct sp_pdffont *f, size_t dir)
{
	const uint8_t	*head = f->t[3].p, *hhea = f->t[4].p, *p;
	size_t		 n;
	unsigned	 weight = 400;
	int		 i;

	for (i = 0; i < 4; i++)
		f->bbox[i] = em(f, s16(head + 36 + 2 * i));
	f->ascent = em(f, s16(hhea + 4));
	f->descent = em(f, s16(hhea + 6));
	f->capheight = f->ascent;
	f->flags = 4;			/* symbolic: shown by glyph id */
	if ((p = find_table(f->data, f->size, dir, "OS/2", &n)) != NULL) {
		if (n >= 6)
			weight = u16(p + 4);
		if (n >= 90 && u16(p) >= 2)
			f->capheight = em(f, s16(p + 88));
	}
	/* TrueType holds no stem width; this is the usual guess from the
	 * weight (400 -> 86, 700 -> 150) */
	f->stemv = 50 + (int)((weight / 65) * (weight / 65));
	if ((p = find_table(f->data, f->size, dir, "post", &n)) != NULL &&
	    n >= 16) {
		int64_t a = (int32_t)u32(p + 4);	/* 16.16 */

		f->italic = (int)((a >= 0 ? a + 0x8000 : a - 0x8000) / 0x10000);
		if (u32(p + 12) != 0)
			f->flags |= 1;		/* fixed pitch */
	}
	if (f->italic != 0)
		f->flags |= 64;
	p = find_table(f->data, f->size, dir, "name", &n);
	if (!ps_name(f, p, n)) {
		/* the file's name, without directory and extension */
		const char *b = strrchr(f->file, '/');
		size_t k = 0;

		for (b = b != NULL ? b + 1 : f->file; *b != '\0' && *b != '.' &&
		    k + 1 < sizeof(f->psname); b++)
			if (*b > 32 && *b < 127 && strchr("[](){}<>/%#", *b)
			    == NULL)
				f->psname[k++] = *b;
		f->psname[k] = '\0';
	}
	if (strstr(f->psname, "Serif") != NULL &&
	    strstr(f->psname, "Sans") == NULL)
		f->flags |= 2;
}

/* Finds and checks the tables of face INDEX; NULL on success, else why
 * not. */
static const char *
parse(struct sp_pdffont *f, int index)
{
	const uint8_t	*d = f->data, *head, *hhea, *maxp, *hmtx, *loca, *p;
	size_t		 dir = 0, n, i, nhm, glyflen;
	unsigned	 g, adv = 0;
	int		 longloca;

	if (f->size < 12)
		return "too short for a TrueType font";
	if (memcmp(d, "ttcf", 4) == 0) {
		if (index < 0 || f->size < 16 ||
		    (uint32_t)index >= u32(d + 8) ||
		    12 + 4 * ((size_t)index + 1) > f->size)
			return "no such face in the collection";
		dir = u32(d + 12 + 4 * (size_t)index);
		if (dir > f->size - 12)
			return "face offset past the end of the file";
	} else if (index != 0)
		return "no such face (the file holds one)";
	if (u32(d + dir) != 0x00010000 && memcmp(d + dir, "true", 4) != 0)
		return "not a TrueType font with glyf outlines";
	if (12 + 16 * (size_t)u16(d + dir + 4) > f->size - dir)
		return "table directory past the end of the file";
	for (i = 0; i < NKEEP; i++)
		f->t[i].p = find_table(d, f->size, dir, keep[i], &f->t[i].n);
	head = f->t[3].p;
	hhea = f->t[4].p;
	maxp = f->t[7].p;
	hmtx = f->t[5].p;
	loca = f->t[6].p;
	if (head == NULL || f->t[3].n < 54)
		return "no head table (or a short one)";
	if (hhea == NULL || f->t[4].n < 36)
		return "no hhea table (or a short one)";
	if (maxp == NULL || f->t[7].n < 6)
		return "no maxp table (or a short one)";
	if (f->t[2].p == NULL || loca == NULL || hmtx == NULL)
		return "no glyf, loca or hmtx table";
	f->upem = u16(head + 18);
	if (f->upem < 16 || f->upem > 16384)
		return "head.unitsPerEm out of range";
	f->nglyphs = u16(maxp + 4);
	if (f->nglyphs == 0)
		return "maxp.numGlyphs is 0";
	nhm = u16(hhea + 34);
	if (nhm == 0 || nhm > f->nglyphs || 4 * nhm > f->t[5].n)
		return "hhea.numberOfHMetrics does not fit hmtx";
	longloca = s16(head + 50) == 1;
	if (f->t[6].n < ((size_t)f->nglyphs + 1) * (longloca ? 4 : 2))
		return "loca table too short";
	glyflen = f->t[2].n;
	f->loca = sp_malloc(((size_t)f->nglyphs + 1) * sizeof(*f->loca));
	for (g = 0; g <= f->nglyphs; g++) {
		f->loca[g] = longloca ? u32(loca + 4 * (size_t)g) :
		    2 * (uint32_t)u16(loca + 2 * (size_t)g);
		if (f->loca[g] > glyflen || (g > 0 &&
		    f->loca[g] < f->loca[g - 1]))
			return "loca offsets out of order or past glyf";
	}
	f->width = sp_malloc(f->nglyphs * sizeof(*f->width));
	for (g = 0; g < f->nglyphs; g++) {
		if (g < nhm)
			adv = u16(hmtx + 4 * (size_t)g);
		f->width[g] = em(f, (long)adv);
	}
	n = f->nglyphs;
	f->used = sp_calloc(n, 1);
	f->text = sp_calloc(n, sizeof(*f->text));
	descriptor_metrics(f, dir);
	p = find_table(d, f->size, dir, "cmap", &n);
	if ((f->fffd = cmap_glyph(p, p != NULL ? n : 0, 0xFFFD)) >= f->nglyphs)
		f->fffd = 0;
	return NULL;
}

struct sp_pdffont *
sp_pdffont_new(const char *file, int index)
{
	struct sp_pdffont	*f = sp_calloc(1, sizeof(*f));
	const char		*why;

	f->file = sp_strdup(file);
	if (read_file(f, file) == -1) {
		sp_pdffont_free(f);
		return NULL;
	}
	if ((why = parse(f, index)) != NULL) {
		sp_msg(SP_SYSERR, file, 0, "bad font: %s", why);
		sp_pdffont_free(f);
		return NULL;
	}
	return f;
}

void
sp_pdffont_free(struct sp_pdffont *f)
{
	if (f == NULL)
		return;
	free(f->file);
	sp_file_unmap((void *)f->data, f->size);
	free(f->loca);
	free(f->width);
	free(f->used);
	free(f->text);
	sp_buf_free(&f->texts);
	free(f);
}

unsigned
sp_pdffont_fffd(const struct sp_pdffont *f)
{
	return f->fffd;
}

int
sp_pdffont_width(const struct sp_pdffont *f, unsigned gid)
{
	return gid < f->nglyphs ? f->width[gid] : 0;
}

int
sp_pdffont_use(struct sp_pdffont *f, unsigned gid, const char *text,
    size_t n)
{
	const char	*kept;

	if (gid >= f->nglyphs)
		return 0;
	f->used[gid] = 1;
	if (text == NULL)
		return 0;
	if (f->text[gid] == 0) {
		/* its first text; none ("") keeps it from having any */
		f->text[gid] = (uint32_t)f->texts.len + 1;
		sp_buf_put(&f->texts, text, n);
		sp_buf_putc(&f->texts, '\0');
		return 0;
	}
	kept = f->texts.s + f->text[gid] - 1;
	return strncmp(kept, text, n) != 0 || kept[n] != '\0';
}

/* ---------------------------------------------------------- subset */

/*
 * Marks (2) the glyphs the used ones are made of: a composite glyph
 * (numberOfContours < 0) names its components, which may be composite
 * in turn. Each glyph is looked at once, so a cycle in a bad font ends.
 */
static void
close_components(struct sp_pdffont *f)
{
	unsigned	*stack, g, c, flags;
	size_t		 sp = 0, q, len;
	const uint8_t	*p;

	stack = sp_malloc(f->nglyphs * sizeof(*stack));
	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g] != 0)
			stack[sp++] = g;
	while (sp > 0) {
		g = stack[--sp];
		p = f->t[2].p + f->loca[g];
		len = f->loca[g + 1] - f->loca[g];
		if (len < 10 || s16(p) >= 0)
			continue;
		for (q = 10; q + 4 <= len; ) {
			flags = u16(p + q);
			c = u16(p + q + 2);
			q += 4 + (flags & 0x0001 ? 4 : 2);
			if (flags & 0x0008)
				q += 2;		/* a scale */
			else if (flags & 0x0040)
				q += 4;		/* x and y scales */
			else if (flags & 0x0080)
				q += 8;		/* a two by two */
			if (c < f->nglyphs && f->used[c] == 0) {
				f->used[c] = 2;
				stack[sp++] = c;
			}
			if (!(flags & 0x0020))	/* no more components */
				break;
		}
	}
	free(stack);
}

static uint32_t
checksum(const uint8_t *p, size_t n)
{
	uint32_t	 sum = 0;
	uint8_t		 last[4] = { 0 };
	size_t		 i;

	for (i = 0; i + 4 <= n; i += 4)
		sum += u32(p + i);
	if (i < n) {
		memcpy(last, p + i, n - i);
		sum += u32(last);
	}
	return sum;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The subset font program into OUT: glyph ids unchanged, up to the
 * highest one used (maxp's numGlyphs, hhea's numberOfHMetrics, loca and
 * hmtx end there: Sak 03-26's highest is 526 of Noto Sans's 3317, and
 * the program 40 KB -> 17 KB before deflate); glyf holds the used
 * glyphs only, loca is rebuilt long, hmtx keeps the metrics of the used
 * glyphs (the others are zeros, which deflate to nothing), the rest is
 * copied. Table directory in tag order, checksums and head's
 * checkSumAdjustment as the OpenType spec has them.
 */
static void
subset(struct sp_pdffont *f, struct sp_buf *out)
{
	struct sp_buf	 glyf = { 0 }, loca = { 0 }, hmtx = { 0 }, head = { 0 },
			 hhea = { 0 }, maxp = { 0 };
	const uint8_t	*src[NKEEP];
	size_t		 len[NKEEP], off, nhm, need, i;
	unsigned	 g, ng, ntab = 0, sr = 1, es = 0;
	uint8_t		 b[4], *dir;
	uint32_t	 sum;

	for (ng = f->nglyphs; ng > 1 && f->used[ng - 1] == 0; ng--)
		;
	for (g = 0; g < ng; g++) {
		put32(b, (uint32_t)glyf.len);
		sp_buf_put(&loca, (const char *)b, 4);
		if (f->used[g] == 0)
			continue;
		sp_buf_put(&glyf, (const char *)f->t[2].p + f->loca[g],
		    f->loca[g + 1] - f->loca[g]);
		while (glyf.len % 4 != 0)
			sp_buf_putc(&glyf, 0);
	}
	put32(b, (uint32_t)glyf.len);
	sp_buf_put(&loca, (const char *)b, 4);
	/* long metrics for the first NHM glyphs, then left side bearings;
	 * sp_pdffont_new saw that the table holds them */
	nhm = u16(f->t[4].p + 34);
	if (nhm > ng)
		nhm = ng;
	need = 4 * nhm + 2 * (size_t)(ng - nhm);
	sp_buf_put(&hmtx, (const char *)f->t[5].p, need < f->t[5].n ? need :
	    f->t[5].n);
	while (hmtx.len < need)
		sp_buf_putc(&hmtx, 0);
	for (g = 0; g < ng; g++) {
		if (f->used[g] != 0)
			continue;
		if (g < nhm)
			memset(hmtx.s + 4 * (size_t)g, 0, 4);
		else
			memset(hmtx.s + 4 * nhm + 2 * (size_t)(g - nhm), 0, 2);
	}
	sp_buf_put(&hhea, (const char *)f->t[4].p, f->t[4].n);
	hhea.s[34] = (char)(nhm >> 8);
	hhea.s[35] = (char)nhm;
	sp_buf_put(&maxp, (const char *)f->t[7].p, f->t[7].n);
	maxp.s[4] = (char)(ng >> 8);
	maxp.s[5] = (char)ng;
	sp_buf_put(&head, (const char *)f->t[3].p, f->t[3].n);
	memset(head.s + 8, 0, 4);		/* checkSumAdjustment */
	head.s[50] = 0;				/* indexToLocFormat: long */
	head.s[51] = 1;
	for (i = 0; i < NKEEP; i++) {
		src[i] = f->t[i].p;
		len[i] = f->t[i].n;
	}
	src[2] = (const uint8_t *)glyf.s;
	len[2] = glyf.len;
	src[3] = (const uint8_t *)head.s;
	src[4] = (const uint8_t *)hhea.s;
	src[5] = (const uint8_t *)hmtx.s;
	len[5] = hmtx.len;
	src[6] = (const uint8_t *)loca.s;
	len[6] = loca.len;
	src[7] = (const uint8_t *)maxp.s;
	if (src[2] == NULL) {			/* no outline used */
		src[2] = (const uint8_t *)"";
		len[2] = 0;
	}
	for (i = 0; i < NKEEP; i++)
		ntab += src[i] != NULL;
	while (sr * 2 <= ntab) {
		sr *= 2;
		es++;
	}
	out->len = 0;
	sp_buf_put(out, "\0\1\0\0", 4);
	b[0] = (uint8_t)(ntab >> 8);
	b[1] = (uint8_t)ntab;
	b[2] = (uint8_t)((sr * 16) >> 8);
	b[3] = (uint8_t)(sr * 16);
	sp_buf_put(out, (const char *)b, 4);
	b[0] = 0;
	b[1] = (uint8_t)es;
	b[2] = (uint8_t)(((ntab - sr) * 16) >> 8);
	b[3] = (uint8_t)((ntab - sr) * 16);
	sp_buf_put(out, (const char *)b, 4);
	off = 12 + 16 * (size_t)ntab;
	for (i = 0; i < NKEEP; i++) {
		if (src[i] == NULL)
			continue;
		sp_buf_put(out, keep[i], 4);
		put32(b, checksum(src[i], len[i]));
		sp_buf_put(out, (const char *)b, 4);
		put32(b, (uint32_t)off);
		sp_buf_put(out, (const char *)b, 4);
		put32(b, (uint32_t)len[i]);
		sp_buf_put(out, (const char *)b, 4);
		off += (len[i] + 3) & ~(size_t)3;
	}
	for (i = 0; i < NKEEP; i++) {
		if (src[i] == NULL)
			continue;
		sp_buf_put(out, (const char *)src[i], len[i]);
		while (out->len % 4 != 0)
			sp_buf_putc(out, 0);
	}
	/* the whole font's sum goes into head, found in the directory */
	dir = (uint8_t *)out->s + 12;
	for (i = 0; memcmp(dir + 16 * i, "head", 4) != 0; i++)
		;
	sum = checksum((const uint8_t *)out->s, out->len);
	put32((uint8_t *)out->s + u32(dir + 16 * i + 8) + 8,
	    0xB1B0AFBAu - sum);
	sp_buf_free(&glyf);
	sp_buf_free(&loca);
	sp_buf_free(&hmtx);
	sp_buf_free(&head);
	sp_buf_free(&hhea);
	sp_buf_free(&maxp);
}

/* ------------------------------------------------------------ objects */

/* Six capitals from a hash of the glyphs used (FNV-1a). */
static void
subset_tag(const struct sp_pdffont *f, char tag[7])
{
	uint64_t	 h = 0xCBF29CE484222325ULL;
	unsigned	 g;
	int		 i;

	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g] == 1) {
			h = (h ^ (g & 0xFF)) * 0x100000001B3ULL;
			h = (h ^ (g >> 8)) * 0x100000001B3ULL;
		}
	for (i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The commonest width of the glyphs shown: /DW, left out of /W. */
static int
common_width(const struct sp_pdffont *f)
{
	int		*w = sp_malloc(f->nglyphs * sizeof(*w));
	unsigned	 g, n = 0, i, run, best = 0;
	int		 dw = 0;

	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g] == 1)
			w[n++] = f->width[g];
	qsort(w, n, sizeof(*w), cmp_int);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && w[i + run] == w[i]; run++)
			;
		if (run > best) {
			best = run;
			dw = w[i];
		}
	}
	free(w);
	return dw;
}

/* /W: each run of consecutive glyphs shown whose width is not DW. */
static void
put_widths(const struct sp_pdffont *f, struct sp_buf *b, int dw)
{
	unsigned	 g, open = 0;

	sp_buf_puts(b, "/W[");
	for (g = 0; g < f->nglyphs; g++) {
		if (f->used[g] != 1 || f->width[g] == dw) {
			if (open)
				sp_buf_puts(b, "]");
			open = 0;
			continue;
		}
		if (!open)
			sp_buf_printf(b, "%u[", g);
		else
			sp_buf_putc(b, ' ');
		sp_buf_printf(b, "%d", f->width[g]);
		open = 1;
	}
	sp_buf_puts(b, open ? "]]" : "]");
}

/*
 * The UTF-8 at S as UTF-16 code units into U (at most MAXUNITS);
 * returns their number. A malformed sequence becomes U+FFFD.
 */
static int
utf16(const char *s, uint16_t *u)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	int			 n = 0, k, i;

	while (*p != '\0' && n + 2 <= MAXUNITS) {
		if (*p < 0x80) {
			c = *p;
			k = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1F;
			k = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0F;
			k = 2;
		} else if ((*p & 0xF8) == 0xF0) {
			c = *p & 0x07;
			k = 3;
		} else {
			c = 0xFFFD;
			k = -1;
		}
		p++;
		for (i = 0; i < k; i++, p++) {
			if ((*p & 0xC0) != 0x80) {
				c = 0xFFFD;
				break;
			}
			c = c << 6 | (*p & 0x3F);
		}
		if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
			c = 0xFFFD;
		if (c >= 0x10000) {
			u[n++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
			u[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
		} else
			u[n++] = (uint16_t)c;
	}
	return n;
}

static void
put_hex4(struct sp_buf *b, unsigned v)
{
	static const char	 x[] = "0123456789ABCDEF";
	char			 s[4];

	s[0] = x[(v >> 12) & 15];
	s[1] = x[(v >> 8) & 15];
	s[2] = x[(v >> 4) & 15];
	s[3] = x[v & 15];
	sp_buf_put(b, s, 4);
}

/* One mapping of the CMap: glyph GID (to LAST when a range) shows the N
 * units at U (the first of the range). */
struct map {
	unsigned	 gid, last;
	uint16_t	 u[MAXUNITS];
	int		 n;
};

/* Writes the mappings M[0..N) of one kind (ranges or not) in blocks of
 * at most 100, as the CMap format wants. */
static void
put_maps(struct sp_buf *b, const struct map *m, size_t n, int ranges)
{
	size_t	 i, j, k, cnt;
	int	 u;

	for (i = 0; i < n; i = j) {
		cnt = 0;
		for (j = i; j < n && cnt < 100; j++)
			cnt += (m[j].last != m[j].gid) == ranges;
		if (cnt == 0)
			break;
		sp_buf_printf(b, "%zu %s\n", cnt, ranges ? "beginbfrange" :
		    "beginbfchar");
		for (k = i; k < j; k++) {
			if ((m[k].last != m[k].gid) != ranges)
				continue;
			sp_buf_putc(b, '<');
			put_hex4(b, m[k].gid);
			if (ranges) {
				sp_buf_puts(b, "><");
				put_hex4(b, m[k].last);
			}
			sp_buf_puts(b, "><");
			for (u = 0; u < m[k].n; u++)
				put_hex4(b, m[k].u[u]);
			sp_buf_puts(b, ">\n");
		}
		sp_buf_puts(b, ranges ? "endbfrange\n" : "endbfchar\n");
	}
}

/*
 * The ToUnicode CMap: each glyph shown with text maps to it (UTF-16BE,
 * surrogate pairs, several characters for a ligature). Runs of glyphs
 * mapping to consecutive single characters become one bfrange, within
 * the limits of the format (source and destination change only in the
 * last byte).
 */
static void
to_unicode(const struct sp_pdffont *f, struct sp_buf *b)
{
	struct map	*m = NULL, cur;
	size_t		 n = 0, cap = 0;
	unsigned	 g;

	for (g = 0; g < f->nglyphs; g++) {
		if (f->used[g] != 1 || f->text[g] == 0)
			continue;
		cur.gid = cur.last = g;
		cur.n = utf16(f->texts.s + f->text[g] - 1, cur.u);
		if (cur.n == 0)
			continue;
		if (n > 0 && cur.n == 1 && m[n - 1].n == 1 &&
		    m[n - 1].last + 1 == g && (g & 0xFF) != 0 &&
		    m[n - 1].u[0] + (g - m[n - 1].gid) == cur.u[0] &&
		    (cur.u[0] & 0xFF) != 0 &&
		    (cur.u[0] < 0xD800 || cur.u[0] >= 0xE000)) {
			m[n - 1].last = g;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			m = sp_realloc(m, cap * sizeof(*m));
		}
		m[n++] = cur;
	}
	sp_buf_puts(b, "/CIDInit/ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>"
	    " def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
	put_maps(b, m, n, 0);
	put_maps(b, m, n, 1);
	sp_buf_puts(b, "endcmap\nCMapName currentdict/CMap defineresource "
	    "pop\nend\nend\n");
	free(m);
}

int
sp_pdffont_write(struct sp_pdffont *f, struct sp_pdfw *w, int num)
{
	struct sp_buf	 b = { 0 }, prog = { 0 };
	char		 tag[7];
	int		 cid, fd, ff, tu, dw, i;

	if (f->used[0] == 0)
		f->used[0] = 2;		/* .notdef, always */
	close_components(f);
	subset_tag(f, tag);
	cid = sp_pdfw_alloc(w);
	fd = sp_pdfw_alloc(w);
	ff = sp_pdfw_alloc(w);
	tu = sp_pdfw_alloc(w);

	sp_buf_printf(&b, "<</Type/Font/Subtype/Type0/BaseFont/%s+%s"
	    "/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>",
	    tag, f->psname, cid, tu);
	sp_pdfw_obj(w, num, b.s, b.len);

	b.len = 0;
	dw = common_width(f);
	sp_buf_printf(&b, "<</Type/Font/Subtype/CIDFontType2/BaseFont/%s+%s"
	    "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
	    "/Supplement 0>>/FontDescriptor %d 0 R/CIDToGIDMap/Identity"
	    "/DW %d", tag, f->psname, fd, dw);
	put_widths(f, &b, dw);
	sp_buf_puts(&b, ">>");
	sp_pdfw_obj(w, cid, b.s, b.len);

	b.len = 0;
	sp_buf_printf(&b, "<</Type/FontDescriptor/FontName/%s+%s/Flags %d"
	    "/FontBBox[", tag, f->psname, f->flags);
	for (i = 0; i < 4; i++)
		sp_buf_printf(&b, i ? " %d" : "%d", f->bbox[i]);
	sp_buf_printf(&b, "]/ItalicAngle %d/Ascent %d/Descent %d"
	    "/CapHeight %d/StemV %d/FontFile2 %d 0 R>>", f->italic,
	    f->ascent, f->descent, f->capheight, f->stemv, ff);
	sp_pdfw_obj(w, fd, b.s, b.len);

	subset(f, &prog);
	b.len = 0;
	sp_buf_printf(&b, "/Length1 %zu", prog.len);
	sp_pdfw_stream(w, ff, b.s, prog.s, prog.len, 1);

	b.len = 0;
	to_unicode(f, &b);
	sp_pdfw_stream(w, tu, "", b.s, b.len, 1);
	sp_buf_free(&b);
	sp_buf_free(&prog);
	return 0;
}
