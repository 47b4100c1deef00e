/* paint_pdfpatch.c: the filter between cairo and the file. It finishes
 * what cairo 1.16 cannot write into a tagged PDF: it marks the page
 * content (structure marks and artifacts), replaces cairo's structure
 * tree by the one of paint_pdftree.c, adds XMP metadata, the language,
 * /DisplayDocTitle and /Tabs, compresses the content, and writes a new
 * cross-reference table. The only zlib user. See README, "Accessible PDF". */
#define _GNU_SOURCE	/* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "sp.h"
#include "sp_paint.h"

/*
 * cairo writes in many small pieces; they are gathered and looked at
 * once there is a good amount (the marks and the tree wait until then).
 */
#define GATHER	(256 * 1024)

struct sp_pdfpatch {
	FILE		*out;
	struct sp_pdftree *tree;
	const struct sp_dl *dl;		/* metadata for XMP */
	struct sp_buf	 in;		/* received, not yet handled */
	size_t		 at;		/* handled bytes at the front of in */
	size_t		 next;		/* look again when in is this long */
	long		 pos;		/* bytes written */
	long		*xref;		/* offset per object, -1 none */
	int		 nxref;
	int		 npage;		/* content streams seen */
	int		 tagged;	/* there is a structure tree */
	int		 tail;		/* in cairo's xref and trailer */
	char		*catalog;	/* cairo's catalog, held to the end */
	int		 catnum;
	char		*producer, *created, *modified; /* from /Info */
	struct sp_buf	 page;		/* a content stream, rewritten */
	struct sp_buf	 z;		/* the same, compressed */
	int		 failed;
};

struct sp_pdfpatch *
sp_pdfpatch_new(FILE *out, struct sp_pdftree *tree, const struct sp_dl *dl)
{
	struct sp_pdfpatch *p = sp_calloc(1, sizeof(*p));

	p->out = out;
	p->tree = tree;
	p->dl = dl;
	p->next = GATHER;
	sp_buf_puts(&p->in, "");
	return p;
}

static void
emit(struct sp_pdfpatch *p, const char *s, size_t n)
{
	if (n > 0 && fwrite(s, 1, n, p->out) != n)
		p->failed = 1;
	p->pos += (long)n;
}

/* Object NUM starts here. */
static void
here(struct sp_pdfpatch *p, int num)
{
	if (num >= p->nxref) {
		int	n = num + 1024;

		p->xref = sp_realloc(p->xref, n * sizeof(long));
		for (int i = p->nxref; i < n; i++)
			p->xref[i] = -1;
		p->nxref = n;
	}
	p->xref[num] = p->pos;
}

static const char *
find(const char *s, size_t n, const char *pat)
{
	return memmem(s, n, pat, strlen(pat));
}

/* The integer after KEY in the N bytes at S, or DEF. */
static int
key_int(const char *s, size_t n, const char *key, int def)
{
	const char	*k = find(s, n, key);

	if (k == NULL)
		return def;
	return atoi(k + strlen(key));
}

/* ------------------------------------------------------ page content */

/* Does the content line L (ending in '\n') begin or paint a path? */
static int
path_op(const char *l, size_t n)
{
	static const char *const ops[] = { "m", "l", "c", "v", "y", "h",
	    "re", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh",
	    "BI", NULL };
	const char	*e = l + n - 1, *t;
	int		 i;

	for (t = e; t > l && t[-1] != ' '; t--)
		;
	for (i = 0; ops[i] != NULL; i++)
		if ((size_t)(e - t) == strlen(ops[i]) &&
		    memcmp(t, ops[i], e - t) == 0)
			return 1;
	return 0;
}

static int
line_is(const char *l, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(l, s, n) == 0;
}

/* Is the last operator of the line L the operator OP ("BT\n")? cairo
 * puts a colour and "BT" on one line. */
static int
last_op(const char *l, size_t n, const char *op)
{
	size_t	m = strlen(op);

	return n >= m && memcmp(l + n - m, op, m) == 0 && (n == m ||
	    l[n - m - 1] == ' ');
}

/* A marked-content start as cairo writes one for a tag:
 * "/Name << /MCID k >> BDC"; returns k or -1. */
static int
mark_line(const char *l, size_t n)
{
	const char	*m;

	if (n < 20 || l[0] != '/' || !line_is(l + n - 5, 5, " BDC\n"))
		return -1;
	if ((m = find(l, n, " << /MCID ")) == NULL)
		return -1;
	return atoi(m + 10);
}

/*
 * Rewrite the content stream of page PG (0-based) into p->page. Each
 * marked-content sequence cairo opened for a structure mark gets the
 * type of its element (an empty one is dropped and its MCID given up);
 * whatever is drawn outside them is put in /Artifact sequences. cairo
 * writes one operator per line (arrays may go on over lines, but no line
 * of theirs starts with an operator), ends text objects before marked
 * content, and escapes line ends in strings, so lines suffice.
 */
static void
rewrite(struct sp_pdfpatch *p, const char *s, size_t n, int pg)
{
	struct sp_buf	*o = &p->page;
	const char	*e = s + n, *l, *nl;
	int		 depth = 0, art = 0, intext = 0, k;

	o->len = 0;
	for (l = s; l < e; l = nl) {
		size_t	 len;

		nl = memchr(l, '\n', e - l);
		nl = nl != NULL ? nl + 1 : e;
		len = nl - l;
		if (depth > 0) {
			if (len >= 5 && line_is(l + len - 5, 5, " BDC\n"))
				depth++;
			else if (line_is(l, len, "EMC\n"))
				depth--;
			sp_buf_put(o, l, len);
			continue;
		}
		if ((k = mark_line(l, len)) >= 0) {
			const char *type = sp_pdftree_mctype(p->tree, pg, k);

			if (art) {
				sp_buf_puts(o, "EMC\n");
				art = 0;
			}
			if (nl < e && (size_t)(e - nl) >= 4 &&
			    memcmp(nl, "EMC\n", 4) == 0) {
				/* nothing drawn: no marked content */
				sp_pdftree_unused(p->tree, pg, k);
				nl += 4;
				continue;
			}
			if (type != NULL)
				sp_buf_printf(o, "/%s <</MCID %d>> BDC\n", type,
				    k);
			else
				sp_buf_puts(o, "/Artifact BMC\n");
			depth = 1;
			continue;
		}
		if (line_is(l, len, "q\n") || line_is(l, len, "Q\n")) {
			if (art && !intext) {
				sp_buf_puts(o, "EMC\n");
				art = 0;
			}
		} else if (last_op(l, len, "BT\n")) {
			intext = 1;
			if (!art) {
				sp_buf_puts(o, "/Artifact BMC\n");
				art = 1;
			}
		} else if (last_op(l, len, "ET\n"))
			intext = 0;
		else if (!art && !intext && path_op(l, len)) {
			sp_buf_puts(o, "/Artifact BMC\n");
			art = 1;
		}
		sp_buf_put(o, l, len);
	}
	if (art)
		sp_buf_puts(o, "EMC\n");
}

/* Compress the N bytes at S into p->z. */
static void
deflate_to(struct sp_pdfpatch *p, const char *s, size_t n)
{
	z_stream	 z;
	uLong		 cap = compressBound((uLong)n);

	memset(&z, 0, sizeof(z));
	p->z.len = 0;
	sp_buf_put(&p->z, "", 0);
	if (p->z.cap < cap + 1) {
		p->z.s = sp_realloc(p->z.s, cap + 1);
		p->z.cap = cap + 1;
	}
	/* the fastest level: three times as fast as cairo's own (6) on page
	 * content, for a file about as big as cairo made it with its tree */
	if (deflateInit(&z, 1) != Z_OK) {
		p->failed = 1;
		return;
	}
	z.next_in = (Bytef *)s;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)p->z.s;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		p->failed = 1;
	p->z.len = z.total_out;
	deflateEnd(&z);
}

/* ------------------------------------------------------------ objects */

/* The literal string (...) at S, balanced, without its parentheses. */
static char *
literal(const char *s)
{
	const char	*e;
	int		 depth = 0;

	for (e = s; *e != '\0'; e++) {
		if (*e == '\\' && e[1] != '\0')
			e++;
		else if (*e == '(')
			depth++;
		else if (*e == ')' && --depth == 0)
			break;
	}
	return sp_printf("%.*s", (int)(e - s - 1), s + 1);
}

/*
 * The document information: its producer and dates are kept for the XMP
 * metadata, which must agree with them, and the dates get the "D:" that
 * cairo 1.16 leaves out of them.
 */
static void
info(struct sp_pdfpatch *p, int num, const char *s, size_t n)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const char	*l, *nl, *e = s + n;

	sp_buf_puts(&b, "");
	for (l = s; l < e; l = nl) {
		nl = memchr(l, '\n', e - l);
		nl = nl != NULL ? nl + 1 : e;
		if (nl - l > 13 && memcmp(l, "<< /Producer (", 14) == 0)
			p->producer = literal(l + 13);
		if (nl - l > 18 && memcmp(l, "   /CreationDate (", 18) == 0) {
			p->created = literal(l + 17);
			if (strncmp(p->created, "D:", 2) != 0) {
				sp_buf_printf(&b, "   /CreationDate (D:%s)\n",
				    p->created);
				continue;
			}
		}
		if (nl - l > 13 && memcmp(l, "   /ModDate (", 13) == 0) {
			p->modified = literal(l + 12);
			if (strncmp(p->modified, "D:", 2) != 0) {
				sp_buf_printf(&b, "   /ModDate (D:%s)\n",
				    p->modified);
				continue;
			}
		}
		sp_buf_put(&b, l, nl - l);
	}
	here(p, num);
	emit(p, b.s, b.len);
	sp_buf_free(&b);
}

/*
 * Handle one object: NUM, its text S (N bytes, from "N 0 obj"), and for
 * a stream the data D (DN bytes) and the length object LEN (0: none)
 * that follows it and is part of S .. S + N.
 */
static void
object(struct sp_pdfpatch *p, int num, const char *s, size_t n,
    const char *d, size_t dn, int len)
{
	const char	*body = memchr(s, '\n', n);
	size_t		 bn;

	body = body != NULL ? body + 1 : s + n;
	bn = s + n - body;
	if (d != NULL) {
		/* a stream cairo left uncompressed: a page's content or a
		 * ToUnicode map; compressed here, with a direct length */
		int	 plain = bn > 12 && memcmp(body, "<< /Length ", 11) == 0 &&
			    find(body, d - body, "/Filter") == NULL;
		char	*h;

		if (!plain) {
			here(p, num);
			emit(p, s, n);
			return;
		}
		if (!(dn >= 8 && memcmp(d, "/CIDInit", 8) == 0)) {
			rewrite(p, d, dn, p->npage++);
			deflate_to(p, p->page.s, p->page.len);
		} else
			deflate_to(p, d, dn);
		here(p, num);
		h = sp_printf("%d 0 obj\n<< /Length %zu /Filter /FlateDecode "
		    ">>\nstream\n", num, p->z.len);
		emit(p, h, strlen(h));
		emit(p, p->z.s, p->z.len);
		emit(p, "\nendstream\nendobj\n", 18);
		free(h);
		(void)len;	/* the length object is dropped */
		return;
	}
	/* cairo's structure tree: replaced */
	if ((bn >= 19 && memcmp(body, "<< /Type /StructElem", 20) == 0) ||
	    (bn >= 23 && memcmp(body, "<< /Type /StructTreeRoot", 24) == 0) ||
	    (bn >= 2 && memcmp(body, "[\n", 2) == 0) ||
	    (bn >= 10 && memcmp(body, "<< /Nums [", 10) == 0 &&
	    find(body, bn, " 0 R") != NULL))
		return;
	if (bn >= 14 && memcmp(body, "<< /Type /Page ", 15) == 0) {
		/* "<< /Type /Page % N": page N, numbered from 1 */
		int	 pg = key_int(body, bn, "/Type /Page % ", 0) - 1;
		const char *annots = find(body, bn, "/Annots");
		const char *end = find(body, bn, ">>\nendobj");

		sp_pdftree_page(p->tree, pg, num, key_int(body, bn,
		    "/StructParents ", -1));
		here(p, num);
		if (annots != NULL && end != NULL) {
			emit(p, s, end - s);
			emit(p, "   /Tabs /S\n", 12);
			emit(p, end, s + n - end);
		} else
			emit(p, s, n);
		return;
	}
	if (bn >= 14 && memcmp(body, "<< /Type /Annot", 15) == 0 &&
	    find(body, bn, "/StructParent ") != NULL)
		sp_pdftree_annot(p->tree, num, key_int(body, bn,
		    "/StructParent ", -1));
	if (bn >= 16 && memcmp(body, "<< /Type /Catalog", 17) == 0) {
		p->catalog = sp_printf("%.*s", (int)bn, body);
		p->catnum = num;
		return;
	}
	if (bn >= 12 && memcmp(body, "<< /Producer", 12) == 0) {
		info(p, num, s, n);
		return;
	}
	here(p, num);
	emit(p, s, n);
}

/*
 * Take whole objects off the front of what is held. Returns when what
 * is left is not yet a whole object.
 */
static void
objects(struct sp_pdfpatch *p)
{
	for (;;) {
		const char	*s = p->in.s + p->at, *e = p->in.s + p->in.len;
		const char	*st, *eo, *d, *x;
		size_t		 n = e - s;
		int		 num;

		if (n == 0)
			return;
		if (n >= 5 && memcmp(s, "xref\n", 5) == 0) {
			p->tail = 1;
			return;
		}
		if (*s < '0' || *s > '9') {
			/* the header: passed on a line at a time */
			const char *nl = memchr(s, '\n', n);

			if (nl == NULL)
				return;
			emit(p, s, nl + 1 - s);
			p->at += nl + 1 - s;
			continue;
		}
		if ((x = memchr(s, '\n', n)) == NULL)
			return;
		num = atoi(s);
		/* a stream's dictionary ends on its own line, so "stream"
		 * comes before the first "endobj" (which may be in the data) */
		eo = find(s, n, "\nendobj\n");
		if (eo == NULL)
			return;
		st = find(s, eo - s, "\nstream\n");
		if (st == NULL) {
			object(p, num, s, eo + 8 - s, NULL, 0, 0);
			p->at += eo + 8 - s;
			continue;
		}
		/* a stream: its end is the "endstream" whose length object
		 * (next) agrees with the data, or its direct /Length */
		d = st + 8;
		{
			int	 lobj = key_int(s, st - s, "/Length ", -1);
			int	 indirect = find(s, st - s, " 0 R") != NULL;
			const char *es = d, *lo, *le;

			for (;;) {
				es = find(es, e - es, "endstream\nendobj\n");
				if (es == NULL)
					return;
				if (!indirect) {
					if (es - d >= lobj)
						break;
					es++;
					continue;
				}
				lo = es + 17;
				le = find(lo, e - lo, "\nendobj\n");
				if (le == NULL)
					return;
				if (atoi(lo) == lobj) {
					/* the end of line before "endstream"
					 * may be counted or not */
					long L = atol(memchr(lo, '\n',
					    le + 1 - lo));

					if (L == (long)(es - d) ||
					    L + 1 == (long)(es - d))
						break;
				}
				es++;
			}
			if (indirect) {
				le = find(es + 17, e - es - 17, "\nendobj\n");
				if (find(s, st - s, "/Filter") != NULL) {
					/* kept as it is, length object too */
					object(p, num, s, es + 17 - s, d,
					    es - d, 0);
					p->at += es + 17 - s;
					continue;
				}
				object(p, num, s, le + 8 - s, d, es - d, lobj);
				p->at += le + 8 - s;
			} else {
				object(p, num, s, es + 17 - s, d, es - d, 0);
				p->at += es + 17 - s;
			}
		}
	}
}

int
sp_pdfpatch_write(struct sp_pdfpatch *p, const void *data, size_t len)
{
	sp_buf_put(&p->in, data, len);
	if (!p->tail && p->in.len >= p->next) {
		objects(p);
		memmove(p->in.s, p->in.s + p->at, p->in.len - p->at);
		p->in.len -= p->at;
		p->in.s[p->in.len] = '\0';
		p->at = 0;
		/* what is left is part of one object: wait for more */
		p->next = p->in.len + GATHER;
	}
	return p->failed ? -1 : 0;
}

/* ----------------------------------------------------------- the end */

/* The tree's writer hands its bytes on here. */
static void
tree_out(void *arg, const char *s, size_t n)
{
	emit(arg, s, n);
}

/* XML text: & < > escaped. */
static void
xml(struct sp_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s == '&')
			sp_buf_puts(b, "&amp;");
		else if (*s == '<')
			sp_buf_puts(b, "&lt;");
		else if (*s == '>')
			sp_buf_puts(b, "&gt;");
		else
			sp_buf_putc(b, *s);
}

/* "YYYYMMDDHHmmSS[Z|+HH'mm]" from /Info as an XMP date. */
static void
xmp_date(struct sp_buf *b, const char *d)
{
	static const char sep[] = "--T::";
	int	 i;

	if (d != NULL && strncmp(d, "D:", 2) == 0)
		d += 2;
	if (d == NULL || strlen(d) < 4)
		return;
	sp_buf_put(b, d, 4);
	for (i = 0; i < 5 && strlen(d + 4 + 2 * i) >= 2 &&
	    d[4 + 2 * i] >= '0' && d[4 + 2 * i] <= '9'; i++) {
		sp_buf_putc(b, sep[i]);
		sp_buf_put(b, d + 4 + 2 * i, 2);
	}
	d += 4 + 2 * i;
	if (*d == 'Z')
		sp_buf_putc(b, 'Z');
	else if ((*d == '+' || *d == '-') && strlen(d) >= 6)
		sp_buf_printf(b, "%c%.2s:%.2s", *d, d + 1, d + 4);
}

/* The XMP metadata stream, object NUM, agreeing with /Info. */
static void
xmp(struct sp_pdfpatch *p, struct sp_buf *b, int num)
{
	const struct sp_dl *dl = p->dl;
	struct sp_buf	 x = { NULL, 0, 0 };

	sp_buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\"\n"
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
	    "<dc:format>application/pdf</dc:format>\n"
	    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml(&x, dl->title);
	sp_buf_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n");
	if (dl->author != NULL && *dl->author != '\0') {
		sp_buf_puts(&x, "<dc:creator><rdf:Seq><rdf:li>");
		xml(&x, dl->author);
		sp_buf_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (dl->subject != NULL && *dl->subject != '\0') {
		sp_buf_puts(&x, "<dc:description><rdf:Alt><rdf:li "
		    "xml:lang=\"x-default\">");
		xml(&x, dl->subject);
		sp_buf_puts(&x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (dl->lang != NULL && *dl->lang != '\0') {
		sp_buf_puts(&x, "<dc:language><rdf:Bag><rdf:li>");
		xml(&x, dl->lang);
		sp_buf_puts(&x, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (dl->keywords != NULL && *dl->keywords != '\0') {
		sp_buf_puts(&x, "<pdf:Keywords>");
		xml(&x, dl->keywords);
		sp_buf_puts(&x, "</pdf:Keywords>\n");
	}
	if (p->producer != NULL) {
		sp_buf_puts(&x, "<pdf:Producer>");
		xml(&x, p->producer);
		sp_buf_puts(&x, "</pdf:Producer>\n");
	}
	sp_buf_puts(&x, "<xmp:CreatorTool>sakspapir " SP_VERSION
	    "</xmp:CreatorTool>\n");
	if (p->created != NULL) {
		sp_buf_puts(&x, "<xmp:CreateDate>");
		xmp_date(&x, p->created);
		sp_buf_puts(&x, "</xmp:CreateDate>\n");
	}
	if (p->modified != NULL) {
		sp_buf_puts(&x, "<xmp:ModifyDate>");
		xmp_date(&x, p->modified);
		sp_buf_puts(&x, "</xmp:ModifyDate>\n<xmp:MetadataDate>");
		xmp_date(&x, p->modified);
		sp_buf_puts(&x, "</xmp:MetadataDate>\n");
	}
	if (p->tagged)
		sp_buf_puts(&x, "<pdfuaid:part>1</pdfuaid:part>\n");
	sp_buf_puts(&x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
	sp_buf_printf(b, "%d 0 obj\n<< /Type /Metadata /Subtype /XML "
	    "/Length %zu >>\nstream\n", num, x.len);
	sp_buf_put(b, x.s, x.len);
	sp_buf_puts(b, "\nendstream\nendobj\n");
	sp_buf_free(&x);
}

/* Cairo's catalog without its structure entries, with ours. */
static void
catalog(struct sp_pdfpatch *p, struct sp_buf *b, int root, int meta)
{
	const char	*c = p->catalog, *l, *nl;

	sp_buf_printf(b, "%d 0 obj\n", p->catnum);
	for (l = c; *l != '\0'; l = nl) {
		nl = strchr(l, '\n');
		nl = nl != NULL ? nl + 1 : l + strlen(l);
		if (strncmp(l, "   /StructTreeRoot ", 19) == 0 ||
		    strncmp(l, "   /MarkInfo ", 13) == 0 ||
		    strncmp(l, "   /Lang ", 9) == 0)
			continue;
		if (strncmp(l, ">>", 2) == 0) {
			if (p->tagged)
				sp_buf_printf(b, "   /StructTreeRoot %d 0 R\n"
				    "   /MarkInfo << /Marked true >>\n", root);
			sp_buf_printf(b, "   /Metadata %d 0 R\n"
			    "   /ViewerPreferences << /DisplayDocTitle true >>\n",
			    meta);
			if (p->dl->lang != NULL && *p->dl->lang != '\0') {
				sp_buf_puts(b, "   /Lang ");
				sp_pdf_text(b, p->dl->lang);
				sp_buf_putc(b, '\n');
			}
		}
		sp_buf_put(b, l, nl - l);
	}
}

int
sp_pdfpatch_close(struct sp_pdfpatch *p)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const char	*t = p->in.s + p->at;
	const char	*tr = strstr(t, "trailer");
	int		 size, info, n, i, root, meta, rc;
	size_t		*off;
	long		 xrefat, start;

	objects(p);
	t = p->in.s + p->at;
	tr = strstr(t, "trailer");
	if (!p->tail || tr == NULL || p->catalog == NULL) {
		/* not a whole PDF from cairo: nothing to finish */
		emit(p, t, p->in.len - p->at);
		goto out;
	}
	size = key_int(tr, strlen(tr), "/Size ", 0);
	info = key_int(tr, strlen(tr), "/Info ", 0);
	/* a document with no structure at all (a booklet's sheets) stays
	 * untagged: no tree, no /MarkInfo, no claim of PDF/UA */
	p->tagged = sp_pdftree_size(p->tree) > 2;
	n = p->tagged ? sp_pdftree_size(p->tree) : 0;
	off = sp_calloc(n + 1, sizeof(size_t));
	sp_buf_puts(&b, "");
	start = p->pos;
	root = p->tagged ? sp_pdftree_write(p->tree, &b, size, off, tree_out,
	    p) : 0;
	meta = size + n;
	off[n] = (size_t)(p->pos - start) + b.len;
	xmp(p, &b, meta);
	for (i = 0; i <= n; i++) {
		here(p, size + i);
		p->xref[size + i] = start + (long)off[i];
	}
	emit(p, b.s, b.len);
	b.len = 0;
	here(p, p->catnum);
	catalog(p, &b, root, meta);
	emit(p, b.s, b.len);
	free(off);

	xrefat = p->pos;
	b.len = 0;
	sp_buf_printf(&b, "xref\n0 %d\n0000000000 65535 f \n", meta + 1);
	for (i = 1; i <= meta; i++)
		if (i < p->nxref && p->xref[i] >= 0)
			sp_buf_printf(&b, "%010ld 00000 n \n", p->xref[i]);
		else
			sp_buf_puts(&b, "0000000000 00000 f \n");
	sp_buf_printf(&b, "trailer\n<< /Size %d\n   /Root %d 0 R\n", meta + 1,
	    p->catnum);
	if (info > 0)
		sp_buf_printf(&b, "   /Info %d 0 R\n", info);
	sp_buf_printf(&b, ">>\nstartxref\n%ld\n%%%%EOF\n", xrefat);
	emit(p, b.s, b.len);
out:
	rc = p->failed ? -1 : 0;
	sp_buf_free(&b);
	sp_buf_free(&p->in);
	sp_buf_free(&p->page);
	sp_buf_free(&p->z);
	free(p->xref);
	free(p->catalog);
	free(p->producer);
	free(p->created);
	free(p->modified);
	free(p);
	return rc;
}
