/* paint_pdftree.c: the structure tree of a tagged PDF, gathered while the
 * painter (paint_pdf.c) runs and written as PDF objects at the end (see
 * README, "Accessible PDF"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"
#include "sp_pdf.h"

enum { K_ELEM, K_MC, K_OBJR };

struct kid {
	int32_t		 next;		/* next kid of the same parent, -1 */
	uint8_t		 kind;		/* K_ELEM, K_MC, K_OBJR */
	int32_t		 a, b;		/* element; page, MCID; annotation */
};

struct elem {
	const char	*type;		/* interned structure type */
	char		*extra;		/* PDF entries from the attributes */
	int32_t		 parent;	/* -1: the root */
	int32_t		 first, last;	/* kids */
	int		 num;		/* its object */
};

struct page {
	int32_t		*mark;		/* per MCID: element, or -1 */
	int		 n, cap;
	int		 obj;		/* the page object, once known */
	int		 key;		/* its /StructParents, -1 none */
};

struct link {
	int32_t		 elem;		/* the Link element */
	int		 key;		/* the annotation's /StructParent */
	int		 obj;		/* the annotation object */
};

struct sp_pdftree {
	struct elem	*el;
	int		 nel, capel;
	struct kid	*kid;
	int		 nkid, capkid;
	int32_t		 rootfirst, rootlast;
	int32_t		*stack;		/* open elements */
	int		 nstack, capstack;
	struct page	*pg;
	int		 npg;
	struct link	*ln;
	int		 nln, nlnseen;
	const char	**types;	/* interned type names */
	const char	**asked;	/* the pointer each was asked by */
	int		 ntypes;
	char		*lang;
	struct sp_pdfw	*w;		/* where elements are written */
	int		 root;		/* the StructTreeRoot's number */
	struct sp_buf	 b;
};

struct sp_pdftree *
sp_pdftree_new(const char *lang, struct sp_pdfw *w)
{
	struct sp_pdftree *t = sp_calloc(1, sizeof(*t));

	t->w = w;
	t->rootfirst = t->rootlast = -1;
	t->lang = sp_strdup(lang != NULL ? lang : "");
	return t;
}

void
sp_pdftree_free(struct sp_pdftree *t)
{
	int	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nel; i++)
		free(t->el[i].extra);
	for (i = 0; i < t->npg; i++)
		free(t->pg[i].mark);
	for (i = 0; i < t->ntypes; i++)
		free((char *)t->types[i]);
	free(t->types);
	free(t->asked);
	free(t->el);
	free(t->kid);
	free(t->stack);
	free(t->pg);
	free(t->ln);
	free(t->lang);
	sp_buf_free(&t->b);
	free(t);
}

static const char *
intern(struct sp_pdftree *t, const char *s)
{
	int	i;

	/* the display list's names are mostly the same few literals */
	for (i = 0; i < t->ntypes; i++)
		if (t->asked[i] == s)
			return t->types[i];
	for (i = 0; i < t->ntypes; i++)
		if (strcmp(t->types[i], s) == 0)
			return t->types[i];
	t->types = sp_realloc(t->types, (t->ntypes + 1) * sizeof(char *));
	t->asked = sp_realloc(t->asked, (t->ntypes + 1) * sizeof(char *));
	t->asked[t->ntypes] = s;
	return t->types[t->ntypes++] = sp_strdup(s);
}

/* Append a kid to the open element (or the root). */
static void
add_kid(struct sp_pdftree *t, int kind, int32_t a, int32_t b)
{
	int32_t	 k, p = t->nstack > 0 ? t->stack[t->nstack - 1] : -1;
	int32_t	*first = p < 0 ? &t->rootfirst : &t->el[p].first;
	int32_t	*last = p < 0 ? &t->rootlast : &t->el[p].last;

	if (t->nkid == t->capkid) {
		t->capkid = t->capkid ? t->capkid * 2 : 1024;
		t->kid = sp_realloc(t->kid, t->capkid * sizeof(*t->kid));
	}
	k = t->nkid++;
	t->kid[k].next = -1;
	t->kid[k].kind = (uint8_t)kind;
	t->kid[k].a = a;
	t->kid[k].b = b;
	if (*last >= 0)
		t->kid[*last].next = k;
	else
		*first = k;
	*last = k;
}

/* A PDF text string: UTF-16BE with a byte order mark, in hex. */
void
sp_pdf_text(struct sp_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t	 c;

	sp_buf_puts(b, "<FEFF");
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
			sp_buf_printf(b, "%04X%04X", 0xD800 + (c >> 10),
			    0xDC00 + (c & 0x3FF));
		} else
			sp_buf_printf(b, "%04X", c);
	}
	sp_buf_putc(b, '>');
}

/*
 * The value of KEY in a display-list attribute string (key='value' ...,
 * a value ending at a quote followed by the end or by " word="), or NULL.
 * The caller frees it.
 */
static char *
attr(const char *s, const char *key)
{
	size_t		 kl = strlen(key);
	const char	*p, *v, *e;

	for (p = s; p != NULL && *p != '\0'; ) {
		if (strncmp(p, key, kl) == 0 && p[kl] == '=' &&
		    p[kl + 1] == '\'') {
			v = p + kl + 2;
			for (e = v; *e != '\0'; e++) {
				const char *q = e + 1;

				if (*e != '\'')
					continue;
				if (*q == '\0')
					break;
				if (*q == ' ') {
					for (q++; *q >= 'a' && *q <= 'z'; q++)
						;
					if (*q == '=')
						break;
				}
			}
			return sp_printf("%.*s", (int)(e - v), v);
		}
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* The PDF entries the attributes of an element of TYPE ask for. */
static char *
extra(const char *type, const char *attrs)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	char		*v;
	int		 table = 0;

	if (attrs == NULL || *attrs == '\0')
		return NULL;
	sp_buf_puts(&b, "");
	if ((v = attr(attrs, "alt")) != NULL) {
		sp_buf_puts(&b, "/Alt");
		sp_pdf_text(&b, v);
		free(v);
	}
	if ((v = attr(attrs, "lang")) != NULL) {
		sp_buf_puts(&b, "/Lang");
		sp_pdf_text(&b, v);
		free(v);
	}
	if ((v = attr(attrs, "actual")) != NULL) {
		sp_buf_puts(&b, "/ActualText");
		sp_pdf_text(&b, v);
		free(v);
	}
	/* table attributes go in one attribute object of owner Table */
	if ((v = attr(attrs, "scope")) != NULL) {
		sp_buf_printf(&b, "/A<</O/Table/Scope/%s", strcmp(v, "row") ==
		    0 ? "Row" : strcmp(v, "both") == 0 ? "Both" : "Column");
		table = 1;
		free(v);
	}
	if ((v = attr(attrs, "colspan")) != NULL) {
		sp_buf_printf(&b, "%s/ColSpan %d", table ? "" : "/A<</O/Table",
		    atoi(v) > 0 ? atoi(v) : 1);
		table = 1;
		free(v);
	}
	if ((v = attr(attrs, "summary")) != NULL) {
		sp_buf_printf(&b, "%s/Summary", table ? "" : "/A<</O/Table");
		sp_pdf_text(&b, v);
		table = 1;
		free(v);
	}
	if (table)
		sp_buf_puts(&b, ">>");
	(void)type;
	if (b.len == 0) {
		sp_buf_free(&b);
		return NULL;
	}
	return b.s;
}

void
sp_pdftree_begin(struct sp_pdftree *t, const char *type, const char *attrs)
{
	struct elem	*e;
	int32_t		 i;

	if (t->nel == t->capel) {
		t->capel = t->capel ? t->capel * 2 : 256;
		t->el = sp_realloc(t->el, t->capel * sizeof(*t->el));
	}
	i = t->nel++;
	e = &t->el[i];
	e->type = intern(t, type);
	e->extra = extra(type, attrs);
	e->parent = t->nstack > 0 ? t->stack[t->nstack - 1] : -1;
	e->first = e->last = -1;
	if (t->root == 0)
		t->root = sp_pdfw_alloc(t->w);
	e->num = sp_pdfw_alloc(t->w);
	add_kid(t, K_ELEM, i, 0);
	if (t->nstack == t->capstack) {
		t->capstack = t->capstack ? t->capstack * 2 : 32;
		t->stack = sp_realloc(t->stack, t->capstack * sizeof(int32_t));
	}
	t->stack[t->nstack++] = i;
}

static void write_kids(const struct sp_pdftree *, struct sp_buf *, int32_t);

/*
 * An element is written as soon as it ends (its kids are known then, and
 * the objects they name have their numbers), so that a big tree goes out
 * while the pages are painted, not all at the end.
 */
int
sp_pdftree_end(struct sp_pdftree *t, const char *type)
{
	struct elem	*e;

	if (t->nstack == 0 ||
	    strcmp(t->el[t->stack[t->nstack - 1]].type, type) != 0)
		return -1;
	e = &t->el[t->stack[--t->nstack]];
	t->b.len = 0;
	sp_buf_puts(&t->b, "<</Type/StructElem/S/");
	sp_buf_puts(&t->b, e->type);
	sp_buf_printf(&t->b, "/P %d 0 R", e->parent < 0 ? t->root :
	    t->el[e->parent].num);
	if (e->extra != NULL) {
		sp_buf_puts(&t->b, e->extra);
		free(e->extra);
		e->extra = NULL;
	}
	write_kids(t, &t->b, e->first);
	sp_buf_puts(&t->b, ">>");
	sp_pdfw_obj(t->w, e->num, t->b.s, t->b.len);
	return 0;
}

int
sp_pdftree_current(const struct sp_pdftree *t)
{
	return t->nstack > 0 ? t->stack[t->nstack - 1] : -1;
}

const char *
sp_pdftree_top(const struct sp_pdftree *t)
{
	return t->nstack > 0 ? t->el[t->stack[t->nstack - 1]].type : NULL;
}

static struct page *
page(struct sp_pdftree *t, int n)
{
	if (n >= t->npg) {
		t->pg = sp_realloc(t->pg, (n + 1) * sizeof(*t->pg));
		memset(t->pg + t->npg, 0, (n + 1 - t->npg) * sizeof(*t->pg));
		for (int i = t->npg; i <= n; i++)
			t->pg[i].key = -1;
		t->npg = n + 1;
	}
	return &t->pg[n];
}

int
sp_pdftree_mark(struct sp_pdftree *t, int n)
{
	struct page	*p = page(t, n);
	int32_t		 el = t->nstack > 0 ? t->stack[t->nstack - 1] : -1;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->mark = sp_realloc(p->mark, p->cap * sizeof(int32_t));
	}
	p->mark[p->n] = el;
	if (el >= 0)
		add_kid(t, K_MC, n, p->n);
	return p->n++;
}

void
sp_pdftree_page(struct sp_pdftree *t, int n, int obj, int key)
{
	struct page	*p = page(t, n);

	p->obj = obj;
	p->key = key;
}

void
sp_pdftree_link(struct sp_pdftree *t)
{
	int32_t	el = t->nstack > 0 ? t->stack[t->nstack - 1] : -1;

	t->ln = sp_realloc(t->ln, (t->nln + 1) * sizeof(*t->ln));
	t->ln[t->nln].elem = el;
	t->ln[t->nln].key = -1;
	t->ln[t->nln].obj = 0;
	if (el >= 0)
		add_kid(t, K_OBJR, t->nln, 0);
	t->nln++;
}

void
sp_pdftree_annot(struct sp_pdftree *t, int obj, int key)
{
	if (t->nlnseen < t->nln) {
		t->ln[t->nlnseen].obj = obj;
		t->ln[t->nlnseen].key = key;
	}
	t->nlnseen++;
}

/* Is kid K still there (an MCID that turned out empty is not)? */
static int
live(const struct sp_pdftree *t, const struct kid *k)
{
	if (k->kind == K_MC)
		return t->pg[k->a].mark[k->b] >= 0 && t->pg[k->a].obj > 0;
	if (k->kind == K_OBJR)
		return t->ln[k->a].obj > 0;
	return 1;
}

static void
write_kid(const struct sp_pdftree *t, struct sp_buf *b, const struct kid *k,
    int pg)
{
	if (k->kind == K_ELEM)
		sp_buf_printf(b, " %d 0 R", t->el[k->a].num);
	else if (k->kind == K_OBJR)
		sp_buf_printf(b, "<</Type/OBJR/Obj %d 0 R>>", t->ln[k->a].obj);
	else if (k->a == pg)
		sp_buf_printf(b, " %d", k->b);
	else
		sp_buf_printf(b, "<</Type/MCR/Pg %d 0 R/MCID %d>>",
		    t->pg[k->a].obj, k->b);
}

/* The kids from FIRST: "/K ..." and, when there is marked content, /Pg. */
static void
write_kids(const struct sp_pdftree *t, struct sp_buf *b, int32_t first)
{
	const struct kid *k, *one = NULL;
	int		 n = 0, pg = -1;
	int32_t		 i;

	for (i = first; i >= 0; i = t->kid[i].next) {
		k = &t->kid[i];
		if (!live(t, k))
			continue;
		if (pg < 0 && k->kind == K_MC)
			pg = k->a;
		one = k;
		n++;
	}
	if (pg >= 0)
		sp_buf_printf(b, "/Pg %d 0 R", t->pg[pg].obj);
	if (n == 0)
		return;
	sp_buf_puts(b, "/K");
	if (n == 1) {
		write_kid(t, b, one, pg);
		return;
	}
	sp_buf_putc(b, '[');
	for (i = first; i >= 0; i = t->kid[i].next)
		if (live(t, &t->kid[i]))
			write_kid(t, b, &t->kid[i], pg);
	sp_buf_putc(b, ']');
}

/*
 * The number tree of the structure parents, into B: page keys to arrays
 * of elements by MCID, link annotation keys to their Link elements; keys
 * in ascending order.
 */
static void
parent_tree(const struct sp_pdftree *t, struct sp_buf *b)
{
	int	 i, j, n = 0, *keys, *who;

	keys = sp_calloc(t->npg + t->nln + 1, sizeof(int));
	who = sp_calloc(t->npg + t->nln + 1, sizeof(int));
	for (i = 0; i < t->npg; i++)
		if (t->pg[i].key >= 0) {
			keys[n] = t->pg[i].key;
			who[n++] = i;
		}
	for (i = 0; i < t->nln; i++)
		if (t->ln[i].key >= 0 && t->ln[i].elem >= 0) {
			keys[n] = t->ln[i].key;
			who[n++] = -1 - i;
		}
	/* insertion sort: the keys come nearly in order */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
			int tk = keys[j], tw = who[j];

			keys[j] = keys[j - 1];
			who[j] = who[j - 1];
			keys[j - 1] = tk;
			who[j - 1] = tw;
		}
	sp_buf_puts(b, "<</Nums[");
	for (i = 0; i < n; i++) {
		const struct page *p;

		sp_buf_printf(b, "\n%d", keys[i]);
		if (who[i] < 0) {
			sp_buf_printf(b, " %d 0 R",
			    t->el[t->ln[-1 - who[i]].elem].num);
			continue;
		}
		p = &t->pg[who[i]];
		sp_buf_putc(b, '[');
		for (j = 0; j < p->n; j++)
			if (p->mark[j] >= 0)
				sp_buf_printf(b, "%d 0 R ",
				    t->el[p->mark[j]].num);
			else
				sp_buf_puts(b, "null ");
		sp_buf_putc(b, ']');
	}
	sp_buf_puts(b, "]>>");
	free(keys);
	free(who);
}

/*
 * The rest of the tree, once every element has ended (and been written):
 * the ParentTree and the StructTreeRoot. Returns the StructTreeRoot's
 * number, 0 when there is no element.
 */
int
sp_pdftree_emit(struct sp_pdftree *t)
{
	int	 ptree;

	if (t->nel == 0)
		return 0;
	ptree = sp_pdfw_alloc(t->w);
	t->b.len = 0;
	parent_tree(t, &t->b);
	sp_pdfw_obj(t->w, ptree, t->b.s, t->b.len);
	t->b.len = 0;
	sp_buf_printf(&t->b, "<</Type/StructTreeRoot/ParentTree %d 0 R", ptree);
	write_kids(t, &t->b, t->rootfirst);
	sp_buf_puts(&t->b, ">>");
	sp_pdfw_obj(t->w, t->root, t->b.s, t->b.len);
	return t->root;
}
