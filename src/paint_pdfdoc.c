/* paint_pdfdoc.c: the document-wide objects of the PDF painter: the
 * outline, the name tree of destinations, the document information, the
 * XMP metadata agreeing with it, and the catalog (see pdfdoc.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"
#include "sp_pdf.h"
#include "pdfdoc.h"

struct entry {				/* an outline entry */
	char		*title;
	int		 level, page;
	int32_t		 y;
	int		 parent;	/* entry, -1: the root */
	int		 first, last, prev, next;
	int		 vis;		/* descendants seen when open */
	int		 obj;
};

struct dest {
	char		*name;
	int		 page, seq;
	int32_t		 x, y;
};

struct sp_pdfdoc {
	const struct sp_dl *dl;
	struct entry	*ol;
	int		 nol, capol;
	struct dest	*dst;
	int		 ndst, capdst;
	char		 date[24];	/* "D:YYYYMMDDHHmmSSZ", or "" */
};

struct sp_pdfdoc *
sp_pdfdoc_new(const struct sp_dl *dl)
{
	struct sp_pdfdoc *d = sp_calloc(1, sizeof(*d));
	const char	*s = dl->date;
	int		 n = 0;

	d->dl = dl;
	/* "YYYY-MM-DDTHH:MM:SS": its digits, as UTC */
	if (s != NULL) {
		strcpy(d->date, "D:");
		for (; *s != '\0' && n < 14; s++)
			if (*s >= '0' && *s <= '9')
				d->date[2 + n++] = *s;
		if (n >= 8) {
			for (; n < 14; n++)
				d->date[2 + n] = '0';
			strcpy(d->date + 16, "Z");
		} else
			d->date[0] = '\0';
	}
	return d;
}

void
sp_pdfdoc_free(struct sp_pdfdoc *d)
{
	int	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nol; i++)
		free(d->ol[i].title);
	for (i = 0; i < d->ndst; i++)
		free(d->dst[i].name);
	free(d->ol);
	free(d->dst);
	free(d);
}

void
sp_pdfdoc_outline(struct sp_pdfdoc *d, const char *title, int level,
    int page, int32_t y)
{
	struct entry	*e;

	if (d->nol == d->capol) {
		d->capol = d->capol ? 2 * d->capol : 32;
		d->ol = sp_realloc(d->ol, d->capol * sizeof(*d->ol));
	}
	e = &d->ol[d->nol++];
	memset(e, 0, sizeof(*e));
	e->title = sp_strdup(title != NULL ? title : "");
	e->level = level < 1 ? 1 : level > 7 ? 7 : level;
	e->page = page;
	e->y = y;
}

void
sp_pdfdoc_dest(struct sp_pdfdoc *d, const char *name, int page, int32_t x,
    int32_t y)
{
	struct dest	*e;

	if (d->ndst == d->capdst) {
		d->capdst = d->capdst ? 2 * d->capdst : 32;
		d->dst = sp_realloc(d->dst, d->capdst * sizeof(*d->dst));
	}
	e = &d->dst[d->ndst];
	e->name = sp_strdup(name);
	e->page = page;
	e->seq = d->ndst++;
	e->x = x;
	e->y = y;
}

void
sp_pdfdoc_string(struct sp_buf *b, const char *s)
{
	sp_buf_putc(b, '(');
	for (; *s != '\0'; s++) {
		if (*s == '(' || *s == ')' || *s == '\\')
			sp_buf_putc(b, '\\');
		if (*s == '\r')
			sp_buf_puts(b, "\\r");
		else
			sp_buf_putc(b, *s);
	}
	sp_buf_putc(b, ')');
}

/* ------------------------------------------------------------ outline */

/*
 * The outline: an entry's parent is the last entry of a lower level
 * before it; entries of level 1 are open, the rest closed. /Count of an
 * open entry is the number of its descendants shown, of a closed one
 * the same negated (shown once it is opened).
 */
static int
outline(struct sp_pdfdoc *d, struct sp_pdfw *w, struct sp_buf *b)
{
	int	 last[8], i, p, root, top = 0, first = -1, lastk = -1;

	if (d->nol == 0)
		return 0;
	root = sp_pdfw_alloc(w);
	for (i = 0; i < 8; i++)
		last[i] = -1;
	for (i = 0; i < d->nol; i++) {
		struct entry *e = &d->ol[i];
		int	 *f, *l;

		e->obj = sp_pdfw_alloc(w);
		e->parent = last[e->level - 1];
		e->first = e->last = e->prev = e->next = -1;
		for (p = e->level; p < 8; p++)
			last[p] = i;
		f = e->parent < 0 ? &first : &d->ol[e->parent].first;
		l = e->parent < 0 ? &lastk : &d->ol[e->parent].last;
		if (*l >= 0) {
			d->ol[*l].next = i;
			e->prev = *l;
		} else
			*f = i;
		*l = i;
	}
	/* children come after their parents */
	for (i = d->nol - 1; i >= 0; i--) {
		struct entry *e = &d->ol[i];
		int	 add = 1 + (e->level == 1 ? e->vis : 0);

		if (e->parent >= 0)
			d->ol[e->parent].vis += add;
		else
			top += add;
	}
	for (i = 0; i < d->nol; i++) {
		struct entry *e = &d->ol[i];

		b->len = 0;
		sp_buf_puts(b, "<</Title");
		sp_pdf_text(b, e->title);
		sp_buf_printf(b, "/Parent %d 0 R", e->parent < 0 ? root :
		    d->ol[e->parent].obj);
		if (e->prev >= 0)
			sp_buf_printf(b, "/Prev %d 0 R", d->ol[e->prev].obj);
		if (e->next >= 0)
			sp_buf_printf(b, "/Next %d 0 R", d->ol[e->next].obj);
		if (e->first >= 0)
			sp_buf_printf(b, "/First %d 0 R/Last %d 0 R/Count %d",
			    d->ol[e->first].obj, d->ol[e->last].obj,
			    e->level == 1 ? e->vis : -e->vis);
		sp_buf_printf(b, "/Dest[%d 0 R/XYZ 0 ", e->page);
		sp_pdf_num(b, e->y);
		sp_buf_puts(b, " 0]>>");
		sp_pdfw_obj(w, e->obj, b->s, b->len);
	}
	b->len = 0;
	sp_buf_printf(b, "<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>",
	    d->ol[first].obj, d->ol[lastk].obj, top);
	sp_pdfw_obj(w, root, b->s, b->len);
	return root;
}

/* ------------------------------------------------------ destinations */

static int
by_name(const void *a, const void *b)
{
	const struct dest *x = a, *y = b;
	int	 r = strcmp(x->name, y->name);

	return r != 0 ? r : x->seq - y->seq;
}

/* The name tree of the destinations, keys in byte order, one node. */
static int
dests(struct sp_pdfdoc *d, struct sp_pdfw *w, struct sp_buf *b)
{
	int	 i, num;

	if (d->ndst == 0)
		return 0;
	qsort(d->dst, d->ndst, sizeof(*d->dst), by_name);
	b->len = 0;
	sp_buf_puts(b, "<</Names[");
	for (i = 0; i < d->ndst; i++) {
		const struct dest *e = &d->dst[i];

		if (i > 0 && strcmp(e->name, d->dst[i - 1].name) == 0)
			continue;
		sp_pdfdoc_string(b, e->name);
		sp_buf_printf(b, "[%d 0 R/XYZ ", e->page);
		sp_pdf_num(b, e->x);
		sp_buf_putc(b, ' ');
		sp_pdf_num(b, e->y);
		sp_buf_puts(b, " 0]\n");
	}
	sp_buf_puts(b, "]>>");
	num = sp_pdfw_alloc(w);
	sp_pdfw_obj(w, num, b->s, b->len);
	return num;
}

/* ----------------------------------------------------------- metadata */

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

static int
set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The XMP metadata, agreeing with the document information. */
static int
xmp(struct sp_pdfdoc *d, struct sp_pdfw *w, struct sp_buf *x, int tagged)
{
	static const char *const open[] = { "<dc:creator><rdf:Seq><rdf:li>",
	    "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
	    "<dc:language><rdf:Bag><rdf:li>", "<pdf:Keywords>" };
	static const char *const close[] = {
	    "</rdf:li></rdf:Seq></dc:creator>\n",
	    "</rdf:li></rdf:Alt></dc:description>\n",
	    "</rdf:li></rdf:Bag></dc:language>\n", "</pdf:Keywords>\n" };
	static const char *const date[] = { "CreateDate", "ModifyDate",
	    "MetadataDate" };
	const struct sp_dl *dl = d->dl;
	const char	*val[] = { dl->author, dl->subject, dl->lang,
			    dl->keywords };
	int		 i, num;

	x->len = 0;
	sp_buf_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
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
	xml(x, dl->title);
	sp_buf_puts(x, "</rdf:li></rdf:Alt></dc:title>\n");
	for (i = 0; i < 4; i++)
		if (set(val[i])) {
			sp_buf_puts(x, open[i]);
			xml(x, val[i]);
			sp_buf_puts(x, close[i]);
		}
	sp_buf_puts(x, "<pdf:Producer>sakspapir " SP_VERSION "</pdf:Producer>\n"
	    "<xmp:CreatorTool>sakspapir " SP_VERSION "</xmp:CreatorTool>\n");
	for (i = 0; i < 3 && d->date[0] != '\0'; i++) {
		/* "YYYY-MM-DDTHH:MM:SSZ" */
		const char *t = d->date + 2;

		sp_buf_printf(x, "<xmp:%s>%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ"
		    "</xmp:%s>\n", date[i], t, t + 4, t + 6, t + 8, t + 10,
		    t + 12, date[i]);
	}
	if (tagged)
		sp_buf_puts(x, "<pdfuaid:part>1</pdfuaid:part>\n");
	sp_buf_puts(x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
	num = sp_pdfw_alloc(w);
	/* uncompressed, so that what reads metadata finds it */
	sp_pdfw_stream(w, num, "/Type/Metadata/Subtype/XML", x->s, x->len, 0);
	return num;
}

/* The document information dictionary. */
static int
info(struct sp_pdfdoc *d, struct sp_pdfw *w, struct sp_buf *b)
{
	const struct sp_dl *dl = d->dl;
	static const char *const key[] = { "Title", "Author", "Subject",
	    "Keywords" };
	const char	*val[] = { dl->title, dl->author, dl->subject,
			    dl->keywords };
	int		 i, num;

	b->len = 0;
	sp_buf_puts(b, "<<");
	for (i = 0; i < 4; i++)
		if (set(val[i])) {
			sp_buf_printf(b, "/%s", key[i]);
			sp_pdf_text(b, val[i]);
		}
	sp_buf_puts(b, "/Creator(sakspapir " SP_VERSION ")/Producer(sakspapir "
	    SP_VERSION ")");
	if (d->date[0] != '\0')
		sp_buf_printf(b, "/CreationDate(%s)/ModDate(%s)", d->date,
		    d->date);
	sp_buf_puts(b, ">>");
	num = sp_pdfw_alloc(w);
	sp_pdfw_obj(w, num, b->s, b->len);
	return num;
}

int
sp_pdfdoc_finish(struct sp_pdfdoc *d, struct sp_pdfw *w, int pages, int root,
    int *infonum)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	int		 ol, names, meta, cat;

	sp_buf_puts(&b, "");
	ol = outline(d, w, &b);
	names = dests(d, w, &b);
	meta = xmp(d, w, &b, root > 0);
	*infonum = info(d, w, &b);
	b.len = 0;
	sp_buf_printf(&b, "<</Type/Catalog/Pages %d 0 R", pages);
	if (ol > 0)
		sp_buf_printf(&b, "/Outlines %d 0 R/PageMode/UseOutlines", ol);
	if (names > 0)
		sp_buf_printf(&b, "/Names<</Dests %d 0 R>>", names);
	if (root > 0)
		sp_buf_printf(&b, "/StructTreeRoot %d 0 R"
		    "/MarkInfo<</Marked true>>", root);
	sp_buf_printf(&b, "/Metadata %d 0 R"
	    "/ViewerPreferences<</DisplayDocTitle true>>", meta);
	if (set(d->dl->lang)) {
		sp_buf_puts(&b, "/Lang");
		sp_pdf_text(&b, d->dl->lang);
	}
	sp_buf_puts(&b, ">>");
	cat = sp_pdfw_alloc(w);
	sp_pdfw_obj(w, cat, b.s, b.len);
	sp_buf_free(&b);
	return cat;
}
