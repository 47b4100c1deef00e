/* paint_pdfpatch.c: what cairo 1.16 cannot write into a tagged PDF (the
 * document language, alternative text on figures), patched into its
 * output as it streams past, with the cross-reference table corrected. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"

#define KEEP	64	/* bytes held back: a pattern may span two writes */

struct insert {
	long	 at;		/* offset in cairo's output */
	long	 len;		/* bytes put in there */
};

struct sp_pdfpatch {
	FILE		*out;
	char		*lang;		/* "/Lang (nn-NO)" entry, or NULL */
	char		**alts;		/* PDF strings, in figure order */
	int		 nalts, nextalt;
	char		**spans;	/* "/ActualText" or "", span order */
	int		 nspans, nextspan;
	struct sp_buf	 hold;		/* not yet written; from xref: all */
	long		 holdat;	/* cairo offset of hold.s[0] */
	int		 tail;		/* in the xref table and trailer */
	struct insert	*ins;
	int		 nins;
	long		 added;		/* bytes inserted so far */
	int		 failed;
};

/* A PDF text string: UTF-16BE with a byte order mark, in hex. */
static char *
pdf_text(const char *s)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const unsigned char *p = (const unsigned char *)s;
	uint32_t	 c;

	sp_buf_puts(&b, "<FEFF");
	while (*p != '\0') {
		if (*p < 0x80)
			c = *p++;
		else if ((*p & 0xE0) == 0xC0 && p[1] != '\0') {
			c = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0 && p[1] != '\0' &&
		    p[2] != '\0') {
			c = ((uint32_t)(*p & 0x0F) << 12) |
			    ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			p += 3;
		} else if ((*p & 0xF8) == 0xF0 && p[1] != '\0' &&
		    p[2] != '\0' && p[3] != '\0') {
			c = ((uint32_t)(*p & 0x07) << 18) |
			    ((uint32_t)(p[1] & 0x3F) << 12) |
			    ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
			p += 4;
		} else {
			c = 0xFFFD;
			p++;
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			sp_buf_printf(&b, "%04X%04X", 0xD800 + (c >> 10),
			    0xDC00 + (c & 0x3FF));
		} else
			sp_buf_printf(&b, "%04X", c);
	}
	sp_buf_putc(&b, '>');
	return b.s;
}

struct sp_pdfpatch *
sp_pdfpatch_new(FILE *out, const char *lang)
{
	struct sp_pdfpatch *p = sp_calloc(1, sizeof(*p));
	char		   *t;

	p->out = out;
	if (lang != NULL && *lang != '\0') {
		t = pdf_text(lang);
		p->lang = sp_printf("\n   /Lang %s", t);
		free(t);
	}
	sp_buf_puts(&p->hold, "");
	return p;
}

void
sp_pdfpatch_alt(struct sp_pdfpatch *p, const char *alt)
{
	char	*t = pdf_text(alt);

	p->alts = sp_realloc(p->alts, (p->nalts + 1) * sizeof(char *));
	p->alts[p->nalts++] = sp_printf("\n   /Alt %s", t);
	free(t);
}

void
sp_pdfpatch_actual(struct sp_pdfpatch *p, const char *text)
{
	char	*t = text != NULL ? pdf_text(text) : NULL;

	p->spans = sp_realloc(p->spans, (p->nspans + 1) * sizeof(char *));
	p->spans[p->nspans++] = t != NULL ?
	    sp_printf("\n   /ActualText %s", t) : sp_strdup("");
	free(t);
}

/* Is S (N bytes) the structure type PAT followed by white space? */
static int
stype(const char *s, size_t n, const char *pat, size_t m)
{
	return n > m && memcmp(s, pat, m) == 0 && (s[m] == '\n' ||
	    s[m] == ' ');
}

static void
emit(struct sp_pdfpatch *p, const char *s, size_t n)
{
	if (n > 0 && fwrite(s, 1, n, p->out) != n)
		p->failed = 1;
}

/* Write what is held up to N bytes, inserting after the patterns. */
static void
flush_to(struct sp_pdfpatch *p, size_t n)
{
	static const char cat[] = "/Type /Catalog";
	static const char fig[] = "/S /Figure";
	static const char span[] = "/S /Span";
	size_t		 i = 0, done = 0;

	while (i < n) {
		const char *s, *add = NULL, *slash;
		size_t	 m = 0;

		/* both patterns start with '/': skip to the next one */
		if ((p->lang == NULL && p->nextalt >= p->nalts &&
		    p->nextspan >= p->nspans) ||
		    (slash = memchr(p->hold.s + i, '/', n - i)) == NULL)
			break;
		i = (size_t)(slash - p->hold.s);
		s = slash;

		/* a match must end before N: what follows is not flushed */
		if (p->lang != NULL && n - i >= sizeof(cat) - 1 &&
		    memcmp(s, cat, sizeof(cat) - 1) == 0) {
			m = sizeof(cat) - 1;
			add = p->lang;
		} else if (p->nextalt < p->nalts &&
		    stype(s, n - i, fig, sizeof(fig) - 1)) {
			m = sizeof(fig) - 1;
			add = p->alts[p->nextalt++];
		} else if (p->nextspan < p->nspans &&
		    stype(s, n - i, span, sizeof(span) - 1)) {
			/* every span is counted; only diff marks get text */
			m = sizeof(span) - 1;
			add = p->spans[p->nextspan++];
			if (*add == '\0') {
				i += m;
				continue;
			}
		}
		if (add == NULL) {
			i++;
			continue;
		}
		emit(p, p->hold.s + done, i + m - done);
		emit(p, add, strlen(add));
		p->ins = sp_realloc(p->ins, (p->nins + 1) * sizeof(*p->ins));
		p->ins[p->nins].at = p->holdat + (long)(i + m);
		p->ins[p->nins].len = (long)strlen(add);
		p->nins++;
		p->added += (long)strlen(add);
		if (add == p->lang) {
			free(p->lang);
			p->lang = NULL;
		}
		i += m;
		done = i;
	}
	emit(p, p->hold.s + done, n - done);
	memmove(p->hold.s, p->hold.s + n, p->hold.len - n);
	p->hold.len -= n;
	p->hold.s[p->hold.len] = '\0';
	p->holdat += (long)n;
}

int
sp_pdfpatch_write(struct sp_pdfpatch *p, const void *data, size_t len)
{
	char	*x;

	sp_buf_put(&p->hold, data, len);
	if (!p->tail && (x = strstr(p->hold.s, "\nxref\n")) != NULL) {
		/* the table and trailer stay held until the end */
		flush_to(p, (size_t)(x - p->hold.s) + 1);
		p->tail = 1;
	}
	if (!p->tail && p->hold.len > KEEP)
		flush_to(p, p->hold.len - KEEP);
	return p->failed ? -1 : 0;
}

/* Where the byte at cairo's offset AT ends up. */
static long
moved(const struct sp_pdfpatch *p, long at)
{
	long	d = 0;
	int	i;

	for (i = 0; i < p->nins; i++)
		if (p->ins[i].at <= at)
			d += p->ins[i].len;
	return at + d;
}

int
sp_pdfpatch_close(struct sp_pdfpatch *p)
{
	char	*s, *line, *sx;
	long	 xrefat;
	int	 rc, i;

	if (!p->tail) {
		/* no cross-reference table: nothing to correct */
		flush_to(p, p->hold.len);
		goto out;
	}
	xrefat = p->holdat;		/* "xref" starts the held bytes */
	s = p->hold.s;
	/* "xref\n0 N\n" then N entries "OOOOOOOOOO GGGGG n \n" */
	line = strchr(s, '\n');
	line = line != NULL ? strchr(line + 1, '\n') : NULL;
	for (line = line ? line + 1 : NULL; line != NULL &&
	    s + p->hold.len - line >= 20 && line[10] == ' ' &&
	    line[16] == ' '; line += 20) {
		if (line[17] == 'n') {
			char	 num[11];
			long	 o;

			memcpy(num, line, 10);
			num[10] = '\0';
			o = strtol(num, NULL, 10);
			snprintf(num, sizeof(num), "%010ld", moved(p, o));
			memcpy(line, num, 10);
		}
	}
	if ((sx = strstr(s, "startxref\n")) != NULL) {
		char	*end = sx + strlen("startxref\n"), *num;

		num = sp_printf("startxref\n%ld\n%%%%EOF\n", moved(p, xrefat));
		*sx = '\0';
		emit(p, s, strlen(s));
		emit(p, num, strlen(num));
		free(num);
		(void)end;
	} else
		emit(p, s, p->hold.len);
	p->hold.len = 0;
out:
	rc = p->failed ? -1 : 0;
	for (i = 0; i < p->nalts; i++)
		free(p->alts[i]);
	free(p->alts);
	for (i = 0; i < p->nspans; i++)
		free(p->spans[i]);
	free(p->spans);
	free(p->lang);
	free(p->ins);
	sp_buf_free(&p->hold);
	free(p);
	return rc;
}
