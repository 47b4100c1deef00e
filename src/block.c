/* block.c: allocation and freeing of the block tree. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_block.h"

struct sp_block *
sp_block_new(struct sp_doc *doc, struct sp_block *parent, enum sp_btype t)
{
	struct sp_block	*b = sp_calloc(1, sizeof(*b));

	b->type = t;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = b;
		else
			parent->first = b;
		parent->last = b;
	} else {
		if (doc->last != NULL)
			doc->last->next = b;
		else
			doc->first = b;
		doc->last = b;
	}
	return b;
}

void
sp_rich_free(struct sp_rich *r)
{
	unsigned	i;

	for (i = 0; i < r->nspans; i++)
		free(r->spans[i].href);
	free(r->text);
	free(r->spans);
	r->text = NULL;
	r->spans = NULL;
	r->nspans = 0;
}

static void
add(struct sp_rich *r, const char *s, unsigned flags, const char *href)
{
	size_t	 old = r->text != NULL ? strlen(r->text) : 0;
	size_t	 n = strlen(s);

	r->text = sp_realloc(r->text, old + n + 1);
	memcpy(r->text + old, s, n + 1);
	if (flags == 0 || n == 0)
		return;
	if (href == NULL && r->nspans > 0 &&
	    r->spans[r->nspans - 1].end == old &&
	    r->spans[r->nspans - 1].flags == flags) {
		r->spans[r->nspans - 1].end = (unsigned)(old + n);
		return;
	}
	r->spans = sp_realloc(r->spans, (r->nspans + 1) * sizeof(*r->spans));
	r->spans[r->nspans].start = (unsigned)old;
	r->spans[r->nspans].end = (unsigned)(old + n);
	r->spans[r->nspans].flags = flags;
	r->spans[r->nspans].href = href != NULL ? sp_strdup(href) : NULL;
	r->nspans++;
}

void
sp_rich_add(struct sp_rich *r, const char *s, unsigned flags)
{
	add(r, s, flags & ~SP_SPAN_LINK, NULL);
}

void
sp_rich_add_link(struct sp_rich *r, const char *s, unsigned flags,
    const char *href)
{
	add(r, s, flags | SP_SPAN_LINK, href);
}

/* Append a span to the array SP (N used, CAP room). */
static void
push(struct sp_span **sp, unsigned *n, unsigned *cap, unsigned a,
    unsigned b, unsigned flags, const char *href)
{
	if (a >= b)
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*sp = sp_realloc(*sp, *cap * sizeof(**sp));
	}
	(*sp)[*n].start = a;
	(*sp)[*n].end = b;
	(*sp)[*n].flags = flags;
	(*sp)[*n].href = href != NULL ? sp_strdup(href) : NULL;
	(*n)++;
}

/*
 * Make bytes A..B of R a link to HREF: the spans over it are split at
 * A and B and get the link; the gaps between them get spans of their
 * own. A range that holds a link already is left alone.
 */
static void
link_range(struct sp_rich *r, unsigned a, unsigned b, const char *href)
{
	struct sp_span	*ns = NULL;
	unsigned	 i, n = 0, cap = 0, pos = a;

	for (i = 0; i < r->nspans; i++)
		if (r->spans[i].start < b && r->spans[i].end > a &&
		    (r->spans[i].flags & SP_SPAN_LINK))
			return;
	for (i = 0; i < r->nspans; i++) {
		const struct sp_span *s = &r->spans[i];
		unsigned lo = s->start > a ? s->start : a;
		unsigned hi = s->end < b ? s->end : b;

		if (s->end <= a) {
			push(&ns, &n, &cap, s->start, s->end, s->flags,
			    s->href);
			continue;
		}
		if (s->start >= b) {
			push(&ns, &n, &cap, pos, b, SP_SPAN_LINK, href);
			pos = b;
			push(&ns, &n, &cap, s->start, s->end, s->flags,
			    s->href);
			continue;
		}
		push(&ns, &n, &cap, s->start, a, s->flags, NULL);
		push(&ns, &n, &cap, pos, lo, SP_SPAN_LINK, href);
		push(&ns, &n, &cap, lo, hi, s->flags | SP_SPAN_LINK, href);
		pos = hi;
		push(&ns, &n, &cap, b, s->end, s->flags, NULL);
	}
	push(&ns, &n, &cap, pos, b, SP_SPAN_LINK, href);
	for (i = 0; i < r->nspans; i++)
		free(r->spans[i].href);
	free(r->spans);
	r->spans = ns;
	r->nspans = n;
}

/* Does a URL start at S? Returns the length of its scheme prefix. */
static size_t
url_start(const char *s)
{
	if (strncmp(s, "https://", 8) == 0)
		return 8;
	if (strncmp(s, "http://", 7) == 0)
		return 7;
	if (strncmp(s, "www.", 4) == 0)
		return 4;
	return 0;
}

/*
 * The URI of the address S (N bytes) as printed: letters outside ASCII
 * percent-encoded as UTF-8 (RFC 3987, 3.1), "https://" before "www.".
 */
static char *
uri(const char *s, size_t n, int www)
{
	struct sp_buf	b = { NULL, 0, 0 };
	size_t		i;

	sp_buf_puts(&b, www ? "https://" : "");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c <= 0x20 || strchr("\"<>\\^`{|}", c))
			sp_buf_printf(&b, "%%%02X", c);
		else
			sp_buf_putc(&b, c);
	}
	return b.s;
}

void
sp_rich_autolink(struct sp_rich *r)
{
	const char	*t = r->text;
	size_t		 i, j, pre;

	if (t == NULL)
		return;
	for (i = 0; t[i] != '\0'; i++) {
		if (i > 0 && t[i - 1] != ' ' && t[i - 1] != '\n' &&
		    t[i - 1] != '(' && t[i - 1] != '"' &&
		    !(i > 1 && (unsigned char)t[i - 1] == 0xAB &&
		    (unsigned char)t[i - 2] == 0xC2))		/* « */
			continue;
		if ((pre = url_start(t + i)) == 0)
			continue;
		/* to the next space (or non-breaking space), less the
		 * punctuation that ends the sentence around it */
		for (j = i; t[j] != '\0' && t[j] != ' ' && t[j] != '\n' &&
		    !((unsigned char)t[j] == 0xC2 &&
		    (unsigned char)t[j + 1] == 0xA0); j++)
			;
		while (j > i + pre && (strchr(".,;:!?)'\"", t[j - 1]) != NULL ||
		    ((unsigned char)t[j - 1] == 0xBB &&
		    (unsigned char)t[j - 2] == 0xC2)))
			j -= (unsigned char)t[j - 1] == 0xBB ? 2 : 1;
		if (j > i + pre) {
			char *href = uri(t + i, j - i, t[i] == 'w');

			link_range(r, (unsigned)i, (unsigned)j, href);
			free(href);
			t = r->text;
		}
		i = j > i ? j - 1 : i;
	}
}

struct sp_table *
sp_table_new(int ncols)
{
	struct sp_table	*t = sp_calloc(1, sizeof(*t));
	int		 i;

	t->ncols = ncols;
	t->width = sp_calloc(ncols, sizeof(double));
	t->align = sp_calloc(ncols, sizeof(int));
	for (i = 0; i < ncols; i++)
		t->width[i] = -1;
	return t;
}

struct sp_row *
sp_table_row(struct sp_table *t, unsigned flags)
{
	struct sp_row	*r;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = sp_realloc(t->rows, t->cap * sizeof(*r));
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->flags = flags;
	return r;
}

struct sp_cell *
sp_row_cell(struct sp_row *r, enum sp_role role)
{
	struct sp_cell	*c;

	r->cells = sp_realloc(r->cells, (r->ncells + 1) * sizeof(*c));
	c = &r->cells[r->ncells++];
	memset(c, 0, sizeof(*c));
	c->span = 1;
	c->role = role;
	c->fill = SP_NOFILL;
	return c;
}

static void block_free(struct sp_block *);

static void
table_free(struct sp_table *t)
{
	int	i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++) {
			sp_rich_free(&t->rows[i].cells[j].text);
			block_free(t->rows[i].cells[j].list);
		}
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t->width);
	free(t->align);
	free(t->summary);
	free(t);
}

static void
chart_free(struct sp_chart *c)
{
	int	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nbars; i++)
		free(c->bar_label[i]);
	for (i = 0; i < c->nseg; i++)
		free(c->seg_label[i]);
	free(c->bar_label);
	free(c->seg_label);
	free(c->seg_fill);
	free(c->seg_text);
	free(c->value);
	free(c->alt);
	free(c);
}

static void
flow_free(struct sp_flow *f)
{
	int	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nleft; i++)
		free(f->left_label[i]);
	for (i = 0; i < f->nright; i++)
		free(f->right_label[i]);
	free(f->left_label);
	free(f->right_label);
	free(f->left_fill);
	free(f->right_fill);
	free(f->from);
	free(f->to);
	free(f->alt);
	free(f);
}

static void
block_free(struct sp_block *b)
{
	struct sp_block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		block_free(b->first);
		sp_rich_free(&b->text);
		free(b->label);
		free(b->anchor);
		free(b->lang);
		free(b->ref);
		table_free(b->table);
		chart_free(b->chart);
		flow_free(b->flow);
		free(b);
	}
}

void
sp_doc_free(struct sp_doc *d)
{
	if (d == NULL)
		return;
	block_free(d->first);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	free(d->date);
	free(d->running);
	free(d);
}
