/* plan.c: model access, indices, and materialising rolling revisions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"

struct sp_status_ix {
	const struct sp_node	*report;
	const char		*tiltak;
	const struct sp_node	*status;
};

const char *
sp_attr(const struct sp_node *n, const char *name)
{
	int	i;

	if (n == NULL)
		return NULL;
	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

int
sp_parse_int(const char *s, long lo, long hi, long *out)
{
	long	v = 0;
	int	n = 0;

	if (s == NULL)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if (++n > 9)
			return -1;
		else
			v = v * 10 + (*s - '0');
	if (n == 0 || *s != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

long
sp_attr_int(const struct sp_node *n, const char *name, long lo, long hi,
    long def)
{
	long	v;

	return sp_parse_int(sp_attr(n, name), lo, hi, &v) == 0 ? v : def;
}

int
sp_parse_width(const char *s, double *out)
{
	char	*end;
	double	 d;

	if (s == NULL || !((*s >= '0' && *s <= '9') || *s == '.'))
		return -1;		/* no sign, space, "inf" or "nan" */
	d = strtod(s, &end);
	if (end == s || !isfinite(d) || !(d > 0))
		return -1;
	if (strcmp(end, "*") == 0) {
		*out = d;
		return d <= 1000 ? 2 : -1;
	}
	if (strcmp(end, "mm") == 0)
		d = d * 72 / 25.4;
	else if (strcmp(end, "pt") != 0 && *end != '\0')
		return -1;
	*out = d;
	return d <= 14400 ? 1 : -1;
}

int
sp_parse_number(const char *s, long *out)
{
	long	v = 0;
	int	n = 0, group = 0, neg = 0;

	if (s == NULL)
		return -1;
	s += strspn(s, " ");
	if (*s == '-')
		neg = 1, s++;
	else if (strncmp(s, "\xE2\x88\x92", 3) == 0 ||
	    strncmp(s, "\xE2\x80\x93", 3) == 0)
		neg = 1, s += 3;		/* − or – */
	for (;;) {
		if (*s >= '0' && *s <= '9') {
			if (++n > 9)
				return -1;
			v = v * 10 + (*s++ - '0');
			group++;
			continue;
		}
		/* a space between groups: three digits must follow */
		if ((*s == ' ' || strncmp(s, "\xC2\xA0", 2) == 0) &&
		    group > 0 && group <= 3) {
			const char *t = s + (*s == ' ' ? 1 : 2);

			if (t[0] >= '0' && t[0] <= '9' && t[1] >= '0' &&
			    t[1] <= '9' && t[2] >= '0' && t[2] <= '9' &&
			    !(t[3] >= '0' && t[3] <= '9')) {
				s = t;
				group = 0;
				continue;
			}
		}
		break;
	}
	s += strspn(s, " ");
	if (n == 0 || *s != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* A row of one cell over every column (of two or more): a note such as
 * "Kjelde: SSB", no row of figures. */
static int
note_row(const struct sp_node *t, const struct sp_node *r)
{
	const struct sp_node	*c, *only = NULL;
	int			 ncols = 0, ncells = 0;
	long			 span;

	for (c = t->first; c != NULL; c = c->next)
		ncols += c->type == SP_KOLONNE;
	for (c = r->first; c != NULL; c = c->next)
		if (c->type == SP_CELLE) {
			ncells++;
			only = c;
		}
	return ncols >= 2 && ncells == 1 && sp_attr(only, "spenn") != NULL &&
	    sp_parse_int(sp_attr(only, "spenn"), 1, 1000000, &span) == 0 &&
	    span >= ncols;
}

const struct sp_node *
sp_table_cell(const struct sp_node *t, int i, int col,
    const struct sp_node **rowp)
{
	const struct sp_node *r, *c;
	const char	*h;
	int		 k = 0, j;

	for (r = t->first; r != NULL; r = r->next) {
		if (r->type != SP_RAD || ((h = sp_attr(r, "hovud")) != NULL &&
		    strcmp(h, "ja") == 0) || note_row(t, r))
			continue;
		if (k++ < i)
			continue;
		if (rowp != NULL)
			*rowp = r;
		for (c = r->first, j = 0; c != NULL; c = c->next)
			if (c->type == SP_CELLE && ++j == col)
				return c;
		return NULL;
	}
	if (rowp != NULL)
		*rowp = NULL;
	return NULL;
}

const char *
sp_figure_missing(const struct sp_node *n)
{
	const char	*s;

	if (n == NULL || n->type != SP_MANGLAR || n->first == NULL ||
	    n->first->type != SP_TEXT || n->first->text == NULL)
		return NULL;
	s = n->first->text;
	s += strspn(s, " \t\r\n");
	if (strncmp(s, "Figur:", 6) != 0)
		return NULL;
	s += 6;
	return s + strspn(s, " \t\r\n");
}

struct sp_node *
sp_child(const struct sp_node *n, enum sp_type t)
{
	struct sp_node	*c;

	if (n == NULL)
		return NULL;
	for (c = n->first; c != NULL; c = c->next)
		if (c->type == t)
			return c;
	return NULL;
}

/* A node with an id, as the index is sorted. */
struct idnode {
	const char	*id;
	struct sp_node	*n;
};

static int
cmp_id(const void *a, const void *b)
{
	const struct idnode *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->n->line < y->n->line ? -1 : x->n->line > y->n->line;
}

struct sp_node *
sp_find(const struct sp_plan *p, const char *id)
{
	size_t	lo = 0, hi = p->nids;

	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;
		int	c = strcmp(p->idv[mid], id);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nids && strcmp(p->idv[lo], id) == 0)
		return p->ids[lo];
	return NULL;
}

const struct sp_version *
sp_version_find(const struct sp_plan *p, const char *id)
{
	size_t	i;

	for (i = 0; i < p->nversions; i++)
		if (strcmp(p->versions[i].id, id) == 0)
			return &p->versions[i];
	return NULL;
}

static const char *const status_words[SP_ST__MAX] = {
	"grøn", "gul", "raud", "ikkje-vurdert"
};

enum sp_status
sp_status_parse(const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < SP_ST__MAX; i++)
		if (strcmp(s, status_words[i]) == 0)
			return (enum sp_status)i;
	return SP_ST_NONE;
}

const char *
sp_status_word(enum sp_status st)
{
	return st >= 0 && st < SP_ST__MAX ? status_words[st] : "";
}

static void
space(struct sp_buf *b)
{
	if (b->len > 0 && b->s[b->len - 1] != ' ')
		sp_buf_putc(b, ' ');
}

static void
plain(const struct sp_plan *p, const struct sp_node *n, struct sp_buf *b)
{
	const struct sp_node	*c, *t;
	const char		*s, *vis;

	switch (n->type) {
	case SP_TEXT:
		for (s = n->text; *s != '\0'; s++) {
			if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
				space(b);
			else
				sp_buf_putc(b, *s);
		}
		return;
	case SP_BR:
	case SP_PUNKT:
		space(b);
		break;
	case SP_FOTNOTE:
		/* as the PDF shows it: in brackets after the word */
		space(b);
		sp_buf_putc(b, '(');
		for (c = n->first; c != NULL; c = c->next)
			plain(p, c, b);
		sp_buf_putc(b, ')');
		return;
	case SP_TILTAKREF:
		/* the number, and the text unless vis="nr" */
		t = p != NULL ? sp_find(p, sp_attr(n, "ref")) : NULL;
		if (t == NULL) {
			sp_buf_puts(b, sp_attr(n, "ref") ? sp_attr(n, "ref") : "");
			return;
		}
		vis = sp_attr(n, "vis");
		if (sp_attr(t, "nr") != NULL)
			sp_buf_puts(b, sp_attr(t, "nr"));
		if (vis == NULL || strcmp(vis, "nr") != 0 ||
		    sp_attr(t, "nr") == NULL) {
			if (sp_attr(t, "nr") != NULL)
				space(b);
			sp_buf_puts(b, "«");
			if ((c = sp_child(t, SP_TEKST)) != NULL)
				plain(p, c, b);
			while (b->len > 0 && b->s[b->len - 1] == ' ')
				b->s[--b->len] = '\0';
			sp_buf_puts(b, "»");
		}
		return;
	default:
		break;
	}
	for (c = n->first; c != NULL; c = c->next)
		plain(p, c, b);
}

char *
sp_node_plain(const struct sp_plan *p, const struct sp_node *n)
{
	struct sp_buf	b = { NULL, 0, 0 };

	sp_buf_puts(&b, "");
	if (n != NULL)
		plain(p, n, &b);
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return b.s;
}

struct sp_node *
sp_tiltak_goal(const struct sp_node *t)
{
	struct sp_node	*p = t->parent;

	return p != NULL && (p->type == SP_MAL || p->type == SP_GRUPPE) ?
	    p : NULL;
}

struct sp_node *
sp_tiltak_area(const struct sp_node *t)
{
	struct sp_node	*p;

	for (p = t->parent; p != NULL; p = p->parent)
		if (p->type == SP_INNSATSOMRADE)
			return p;
	return NULL;
}

static void
collect(struct sp_node *n, enum sp_type t, struct sp_node ***v, size_t *nv,
    size_t *cap)
{
	struct sp_node	*c;

	if (n->type == t) {
		if (*nv == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = sp_realloc(*v, *cap * sizeof(**v));
		}
		(*v)[(*nv)++] = n;
	}
	for (c = n->first; c != NULL; c = c->next)
		collect(c, t, v, nv, cap);
}

static void
collect_ids(struct sp_node *n, struct idnode **v, size_t *nv, size_t *cap)
{
	struct sp_node	*c;
	const char	*id;

	if (n->type != SP_TEXT && (id = sp_attr(n, "id")) != NULL) {
		if (*nv == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*v = sp_realloc(*v, *cap * sizeof(**v));
		}
		(*v)[*nv].id = id;
		(*v)[(*nv)++].n = n;
	}
	for (c = n->first; c != NULL; c = c->next)
		collect_ids(c, v, nv, cap);
}

/* ----------------------------------------------- revisions, by copy */

static struct sp_node *
copy_tree(struct sp_arena *a, const struct sp_node *n, struct sp_node *parent)
{
	struct sp_node	*m = sp_arena_alloc(a, sizeof(*m));
	const struct sp_node *c;

	*m = *n;
	m->parent = parent;
	m->first = m->last = m->next = m->prev = NULL;
	for (c = n->first; c != NULL; c = c->next) {
		struct sp_node *k = copy_tree(a, c, m);

		k->prev = m->last;
		if (m->last != NULL)
			m->last->next = k;
		else
			m->first = k;
		m->last = k;
	}
	return m;
}

static void
unlink_node(struct sp_node *n)
{
	if (n->prev != NULL)
		n->prev->next = n->next;
	else if (n->parent != NULL)
		n->parent->first = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	else if (n->parent != NULL)
		n->parent->last = n->prev;
	n->parent = n->next = n->prev = NULL;
}

static void
insert_after(struct sp_node *parent, struct sp_node *after, struct sp_node *n)
{
	n->parent = parent;
	n->prev = after;
	n->next = after != NULL ? after->next : parent->first;
	if (n->next != NULL)
		n->next->prev = n;
	else
		parent->last = n;
	if (after != NULL)
		after->next = n;
	else
		parent->first = n;
}

struct sp_node *
sp_find_in(const struct sp_node *n, const char *id)
{
	struct sp_node	*c, *f;
	const char	*nid;

	if (n == NULL || id == NULL || n->type == SP_TEXT)
		return NULL;
	if ((nid = sp_attr(n, "id")) != NULL && strcmp(nid, id) == 0)
		return (struct sp_node *)n;
	for (c = n->first; c != NULL; c = c->next)
		if ((f = sp_find_in(c, id)) != NULL)
			return f;
	return NULL;
}

static void
set_attr(struct sp_arena *a, struct sp_node *n, const char *name,
    const char *value)
{
	struct sp_attr	*na;
	int		 i;

	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0) {
			n->attrs[i].value = value;
			return;
		}
	na = sp_arena_alloc(a, sizeof(*na) * (n->nattrs + 1));
	memcpy(na, n->attrs, sizeof(*na) * n->nattrs);
	na[n->nattrs].name = name;
	na[n->nattrs].value = value;
	n->attrs = na;
	n->nattrs++;
}

/*
 * Materialise REV on top of BASE as a new version tree. Problems were
 * reported by validation; here a dangling reference is skipped.
 */
static struct sp_node *
materialise(struct sp_plan *p, const struct sp_node *rev,
    const struct sp_node *base)
{
	struct sp_arena	*a = p->arena;
	struct sp_node	*v, *op, *t, *c, *f, *old, *in, *after;
	static const char *const keep[] = { "tittel", "periode", "dato",
	    "organ", "id" };
	size_t		 i;

	v = copy_tree(a, base, p->root);
	v->attrs = sp_arena_alloc(a, sizeof(struct sp_attr) * base->nattrs);
	memcpy(v->attrs, base->attrs, sizeof(struct sp_attr) * base->nattrs);
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (sp_attr(rev, keep[i]) != NULL)
			set_attr(a, v, keep[i], sp_attr(rev, keep[i]));
	set_attr(a, v, "status", "vedteken");
	v->file = rev->file;
	v->line = rev->line;
	for (op = rev->first; op != NULL; op = op->next) {
		switch (op->type) {
		case SP_TAKUT:
			if ((t = sp_find_in(v, sp_attr(op, "tiltak"))) != NULL &&
			    t->type == SP_TILTAK)
				unlink_node(t);
			break;
		case SP_LEGGTIL:
			if ((in = sp_find_in(v, sp_attr(op, "i"))) == NULL ||
			    (in->type != SP_INNSATSOMRADE &&
			    in->type != SP_MAL && in->type != SP_GRUPPE))
				break;
			after = sp_attr(op, "etter") != NULL ?
			    sp_find_in(in, sp_attr(op, "etter")) : in->last;
			if (after != NULL && after->parent != in)
				after = in->last;
			for (c = op->first; c != NULL; c = c->next) {
				if (c->type != SP_TILTAK)
					continue;
				t = copy_tree(a, c, in);
				insert_after(in, after, t);
				after = t;
			}
			break;
		case SP_ENDRE:
			if ((t = sp_find_in(v, sp_attr(op, "tiltak"))) == NULL ||
			    t->type != SP_TILTAK)
				break;
			if (sp_attr(op, "nr") != NULL) {
				/* The copy shares attrs with its original. */
				struct sp_attr *na = sp_arena_alloc(a,
				    sizeof(*na) * t->nattrs);

				memcpy(na, t->attrs, sizeof(*na) * t->nattrs);
				t->attrs = na;
				set_attr(a, t, "nr", sp_attr(op, "nr"));
			}
			for (c = op->first; c != NULL; c = c->next) {
				if (c->type == SP_TEXT)
					continue;
				f = copy_tree(a, c, t);
				if ((old = sp_child(t, c->type)) != NULL) {
					insert_after(t, old, f);
					unlink_node(old);
				} else
					insert_after(t, t->last, f);
			}
			break;
		default:
			break;
		}
	}
	return v;
}

static int
cmp_stix(const void *a, const void *b)
{
	const struct sp_status_ix *x = a, *y = b;

	if (x->report != y->report)
		return x->report < y->report ? -1 : 1;
	return strcmp(x->tiltak, y->tiltak);
}

const struct sp_node *
sp_report_status(const struct sp_plan *p, const struct sp_node *report,
    const char *tiltak)
{
	struct sp_status_ix	 key, *hit;

	key.report = report;
	key.tiltak = tiltak;
	hit = bsearch(&key, p->stix, p->nstix, sizeof(*p->stix), cmp_stix);
	return hit != NULL ? hit->status : NULL;
}

int
sp_report_status_count(const struct sp_plan *p, const struct sp_node *report,
    const char *tiltak, const struct sp_node **first)
{
	size_t	lo = 0, hi = p->nstix, i;
	int	n = 0;

	*first = NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct sp_status_ix *x = &p->stix[mid];

		if (x->report < report || (x->report == report &&
		    strcmp(x->tiltak, tiltak) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < p->nstix && p->stix[i].report == report &&
	    strcmp(p->stix[i].tiltak, tiltak) == 0; i++) {
		if (*first == NULL || p->stix[i].status->line <
		    (*first)->line)
			*first = p->stix[i].status;
		n++;
	}
	return n;
}

int
sp_plan_index(struct sp_plan *p)
{
	struct sp_node	*n, **tv = NULL, **sv = NULL;
	struct idnode	*iv = NULL;
	size_t		 cap = 0, ntv, tcap, i, nsv = 0, scap = 0;

	/* sorted with each id beside its node: no attribute lookups */
	collect_ids(p->root, &iv, &p->nids, &cap);
	qsort(iv, p->nids, sizeof(*iv), cmp_id);
	p->ids = sp_calloc(p->nids + 1, sizeof(*p->ids));
	p->idv = sp_calloc(p->nids + 1, sizeof(*p->idv));
	for (i = 0; i < p->nids; i++) {
		p->ids[i] = iv[i].n;
		p->idv[i] = iv[i].id;
	}
	free(iv);

	/* Versions as read, then revisions materialised in order. */
	for (n = p->root->first; n != NULL; n = n->next) {
		struct sp_node *v = NULL;

		if (n->type == SP_VERSJON)
			v = n;
		else if (n->type == SP_REVISJON) {
			const struct sp_version *b =
			    sp_version_find(p, sp_attr(n, "basis"));

			if (b == NULL)
				continue;	/* reported by validation */
			v = materialise(p, n, b->node);
		} else
			continue;
		p->versions = sp_realloc(p->versions,
		    (p->nversions + 1) * sizeof(*p->versions));
		tv = NULL;
		ntv = tcap = 0;
		collect(v, SP_TILTAK, &tv, &ntv, &tcap);
		p->versions[p->nversions].node = v;
		p->versions[p->nversions].id = sp_attr(v, "id");
		p->versions[p->nversions].tiltak = tv;
		p->versions[p->nversions].ntiltak = ntv;
		p->nversions++;
	}

	/* Status lookup: (report, tiltak id) -> status node. */
	collect(p->root, SP_STATUS, &sv, &nsv, &scap);
	p->stix = sp_calloc(nsv ? nsv : 1, sizeof(*p->stix));
	for (i = 0; i < nsv; i++) {
		p->stix[i].report = sv[i]->parent;
		p->stix[i].tiltak = sp_attr(sv[i], "tiltak");
		p->stix[i].status = sv[i];
	}
	p->nstix = nsv;
	qsort(p->stix, p->nstix, sizeof(*p->stix), cmp_stix);
	free(sv);
	return 0;
}

void
sp_plan_free(struct sp_plan *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nversions; i++)
		free(p->versions[i].tiltak);
	free(p->versions);
	free(p->ids);
	free(p->idv);
	free(p->stix);
	sp_arena_free(p->arena);
	free(p);
}

static const char *const months[12] = {
	"januar", "februar", "mars", "april", "mai", "juni", "juli",
	"august", "september", "oktober", "november", "desember"
};

char *
sp_date_long(const char *iso)
{
	int	y = 0, m = 0, d = 0, n;

	if (iso == NULL)
		return sp_strdup("");
	n = sscanf(iso, "%d-%d-%d", &y, &m, &d);
	if (n == 3 && m >= 1 && m <= 12)
		return sp_printf("%d. %s %d", d, months[m - 1], y);
	if (n == 2 && m >= 1 && m <= 12)
		return sp_printf("%s %d", months[m - 1], y);
	return sp_strdup(iso);
}
