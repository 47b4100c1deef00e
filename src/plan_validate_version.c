/* plan_validate_version.c: the checks of plan versions and their
 * lineage: tiltak and their forgjengar, revisjonar replayed on their
 * base, printed numbers made twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "validate.h"

/* A tiltak id as seen while replaying one revisjon's operations. */
struct rev_id {
	const char		*id;
	int			 removed;	/* taken out by a takut */
	const char		*in;		/* leggtil: its container id */
	const struct sp_node	*src;		/* where it was introduced */
};

struct rev_state {
	struct rev_id	*v;
	size_t		 n;
};

/* ------------------------------------------------------------ helpers */

/* Length of a printed number without its trailing full stops ("1.1.1."). */
static int
nr_len(const char *nr)
{
	size_t	len = strlen(nr);

	while (len > 0 && nr[len - 1] == '.')
		len--;
	return (int)len;
}

static int
same_nr(const char *a, const char *b)
{
	int	la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = nr_len(a);
	lb = nr_len(b);
	return la > 0 && la == lb && memcmp(a, b, (size_t)la) == 0;
}

/* "3.1.4 (rp24-3.1.4)" or, for an unnumbered tiltak, its id; caller frees. */
static char *
tiltak_name(const struct sp_node *t)
{
	const char	*nr = sp_attr(t, "nr"), *id = sp_attr(t, "id");

	if (id == NULL)
		id = "?";
	if (nr == NULL || nr_len(nr) == 0)
		return sp_strdup(id);
	return sp_printf("%.*s (%s)", nr_len(nr), nr, id);
}

/* Whether N is one of the nodes read from the master (not a copy). */
static int
is_source(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_node	*c;

	for (c = p->root->first; c != NULL; c = c->next)
		if (c == n)
			return 1;
	return 0;
}

/* The version read from the source versjon node V. */
static const struct sp_version *
version_of_node(const struct sp_plan *p, const struct sp_node *v)
{
	size_t	i;

	for (i = 0; i < p->nversions; i++)
		if (p->versions[i].node == v)
			return &p->versions[i];
	return NULL;
}

/* The version materialised from the revisjon node REV (NULL if none). */
static const struct sp_version *
version_of_rev(const struct sp_plan *p, const struct sp_node *rev)
{
	const struct sp_version	*v;
	const char		*id = sp_attr(rev, "id");
	size_t			 i;

	for (i = 0; i < p->nversions; i++) {
		v = &p->versions[i];
		if (v->node->file == rev->file && v->node->line == rev->line &&
		    id != NULL && v->id != NULL && strcmp(v->id, id) == 0 &&
		    !is_source(p, v->node))
			return v;
	}
	return NULL;
}

/* ------------------------------------------------------------ tiltak */

/* A field is missing when the element is absent or holds no text. */
static int
has_field(const struct sp_node *t, enum sp_type type)
{
	const struct sp_node	*f = sp_child(t, type);
	char			*s;
	int			 ok;

	if (f == NULL)
		return 0;
	s = sp_node_plain(NULL, f);
	ok = s[0] != '\0';
	free(s);
	return ok;
}

/* The versjon or revisjon a tiltak is written in, or NULL. */
static const struct sp_node *
version_around(const struct sp_node *n)
{
	while (n != NULL && n->type != SP_VERSJON && n->type != SP_REVISJON)
		n = n->parent;
	return n;
}

/*
 * A predecessor F of tiltak T must be a tiltak of a version written
 * before T's in the master (the order the diffs take the versions in;
 * versions are children of the region): one of the same version or of a
 * later one is no predecessor, and the diffs would never follow it.
 */
static void
check_lineage(const struct sp_node *t, const struct sp_node *f)
{
	const struct sp_node	*vt = version_around(t), *vf, *n;

	if (f == NULL || vt == NULL || (vf = version_around(f)) == NULL)
		return;
	for (n = vf != vt ? vf->next : NULL; n != NULL; n = n->next)
		if (n == vt)
			return;
	sp_msg(SP_ERROR, t->file, t->line, "<tiltak> forgjengar: %s is a "
	    "tiltak of %s %s (at %s:%d), %s; name the tiltak of an earlier "
	    "version it carries on", sp_attr(f, "id"),
	    sp_type_name(vf->type), sp_attr(vf, "id"), f->file, f->line,
	    vf == vt ? "the same version as this tiltak" :
	    "which comes after this tiltak's version in the master");
}

void
pv_tiltak(const struct sp_plan *p, const struct sp_node *t)
{
	const char		*fg;
	char			*name, *copy, *tok, *save = NULL;
	int			 tid, ansvar;

	/* Predecessors. */
	if ((fg = sp_attr(t, "forgjengar")) != NULL) {
		copy = sp_strdup(fg);
		for (tok = strtok_r(copy, " \t\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\n", &save))
			if (sp_attr(t, "id") != NULL &&
			    strcmp(tok, sp_attr(t, "id")) == 0)
				sp_msg(SP_ERROR, t->file, t->line, "<tiltak> "
				    "forgjengar: tiltak %s names itself; name "
				    "the tiltak of an earlier version it "
				    "carries on", tok);
			else
				check_lineage(t, pv_ref(p, t, "forgjengar",
				    tok, SP_TILTAK));
		free(copy);
	}

	/* Open cells. */
	tid = has_field(t, SP_TID);
	ansvar = has_field(t, SP_ANSVAR);
	if (!tid || !ansvar) {
		name = tiltak_name(t);
		sp_msg(SP_WARNING, t->file, t->line, "tiltak %s has no %s",
		    name, !tid && !ansvar ? "Tid and no Ansvar" :
		    !tid ? "Tid" : "Ansvar");
		free(name);
	}

}

/* --------------------------------------------------------- revisions */

static struct rev_id *
rev_lookup(struct rev_state *s, const char *id)
{
	size_t	i;

	for (i = s->n; i > 0; i--)
		if (strcmp(s->v[i - 1].id, id) == 0)
			return &s->v[i - 1];
	return NULL;
}

static struct rev_id *
rev_add(struct rev_state *s, const char *id)
{
	s->v = sp_realloc(s->v, (s->n + 1) * sizeof(*s->v));
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].id = id;
	return &s->v[s->n++];
}

/*
 * Check that the takut or endre OP names a tiltak present in the base
 * version BASE, as changed by the operations before it.
 */
static int
check_rev_tiltak(const struct sp_node *op, const struct sp_version *base,
    struct rev_state *s)
{
	const struct sp_node	*t;
	const struct rev_id	*r;
	const char		*id = sp_attr(op, "tiltak");

	if (id == NULL)
		return 0;
	if ((r = rev_lookup(s, id)) != NULL && r->removed) {
		sp_msg(SP_ERROR, op->file, op->line, "<%s> tiltak: %s is "
		    "already taken out by this revisjon",
		    sp_type_name(op->type), id);
		return 0;
	}
	if (r != NULL)
		return 1;
	if ((t = sp_find_in(base->node, id)) == NULL) {
		sp_msg(SP_ERROR, op->file, op->line, "<%s> tiltak: no tiltak "
		    "%s in base version %s", sp_type_name(op->type), id,
		    base->id);
		return 0;
	}
	if (t->type != SP_TILTAK) {
		sp_msg(SP_ERROR, op->file, op->line, "<%s> tiltak: %s is %s %s "
		    "in base version %s, not a tiltak",
		    sp_type_name(op->type), id, pv_an(t->type),
		    sp_type_name(t->type), base->id);
		return 0;
	}
	return 1;
}

/* Check the leggtil OP: its container and the tiltak it goes after. */
static void
check_leggtil(const struct sp_node *op, const struct sp_version *base,
    struct rev_state *s)
{
	const struct sp_node	*in, *after, *c;
	const struct rev_id	*r;
	const char		*i = sp_attr(op, "i");
	const char		*etter = sp_attr(op, "etter");
	struct rev_id		*added;

	in = sp_find_in(base->node, i);
	if (in == NULL) {
		sp_msg(SP_ERROR, op->file, op->line, "<leggtil> i: no "
		    "innsatsområde, mål or gruppe %s in base version %s",
		    i != NULL ? i : "", base->id);
		return;
	}
	if (in->type != SP_INNSATSOMRADE && in->type != SP_MAL &&
	    in->type != SP_GRUPPE) {
		sp_msg(SP_ERROR, op->file, op->line, "<leggtil> i: %s is %s %s "
		    "in base version %s, not an innsatsområde, mål or gruppe",
		    i, pv_an(in->type), sp_type_name(in->type), base->id);
		return;
	}
	if (etter != NULL) {
		r = rev_lookup(s, etter);
		after = sp_find_in(in, etter);
		if (r != NULL && r->removed)
			sp_msg(SP_ERROR, op->file, op->line, "<leggtil> etter: "
			    "%s is already taken out by this revisjon", etter);
		else if (r != NULL && r->in != NULL && strcmp(r->in, i) == 0)
			;	/* put in earlier by this revisjon */
		else if (after == NULL || after->parent != in ||
		    after->type != SP_TILTAK)
			sp_msg(SP_ERROR, op->file, op->line, "<leggtil> etter: "
			    "no tiltak %s directly in %s in base version %s",
			    etter, i, base->id);
	}
	for (c = op->first; c != NULL; c = c->next) {
		if (c->type != SP_TILTAK || sp_attr(c, "id") == NULL)
			continue;
		added = rev_add(s, sp_attr(c, "id"));
		added->in = i;
		added->src = c;
	}
}

/*
 * Printed numbers made twice by revisjon REV (materialised as RV): check
 * every tiltak the revision puts in or renumbers against the others.
 */
static void
check_rev_numbers(const struct sp_version *rv, struct rev_state *s)
{
	const struct sp_node	*t, *o, *where;
	const struct rev_id	*r, *ro;
	const char		*nr;
	size_t			 i, j, k;

	for (k = 0; k < s->n; k++) {
		r = &s->v[k];
		if (r->src == NULL || r->removed || rev_lookup(s, r->id) != r)
			continue;
		for (t = NULL, i = 0; i < rv->ntiltak && t == NULL; i++)
			if (pv_has_id(rv->tiltak[i], r->id))
				t = rv->tiltak[i];
		if (t == NULL || (nr = sp_attr(t, "nr")) == NULL)
			continue;
		for (j = 0; j < rv->ntiltak; j++) {
			o = rv->tiltak[j];
			if (o == t || !same_nr(sp_attr(o, "nr"), nr))
				continue;
			where = o;
			if ((ro = rev_lookup(s, sp_attr(o, "id"))) != NULL &&
			    ro->src != NULL) {
				if (ro > r)
					continue;	/* reported there */
				where = ro->src;
			}
			sp_msg(SP_WARNING, r->src->file, r->src->line,
			    "tiltak number %.*s is printed twice in %s "
			    "(also at %s:%d)", nr_len(nr), nr, rv->id,
			    where->file, where->line);
			break;
		}
	}
}

void
pv_revisjon(const struct sp_plan *p, const struct sp_node *rev)
{
	const struct sp_version	*base, *rv;
	const struct sp_node	*c, *t, *op;
	const char		*basis = sp_attr(rev, "basis");
	const char		*d, *bd;
	char			*dl, *bdl;
	struct rev_state	 s = { NULL, 0 };
	struct rev_id		*r;

	pv_ref(p, rev, "organ", sp_attr(rev, "organ"), SP_ORGAN);
	if (basis == NULL)
		return;

	/* The basis: a versjon or a revisjon earlier in the master. */
	for (c = p->root->first; c != NULL && c != rev; c = c->next) {
		if ((c->type == SP_VERSJON || c->type == SP_REVISJON) &&
		    pv_has_id(c, basis))
			break;
	}
	if (c == NULL || c == rev) {
		if ((t = sp_find(p, basis)) == NULL)
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: unknown plan version %s", basis);
		else if (t == rev)
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: %s is this revisjon itself; name the "
			    "versjon or earlier revisjon it revises", basis);
		else if (t->type == SP_VERSJON || t->type == SP_REVISJON)
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: %s comes after this revisjon (at %s:%d)",
			    basis, t->file, t->line);
		else
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: %s is %s %s, not a plan version (at %s:%d)",
			    basis, pv_an(t->type), sp_type_name(t->type), t->file,
			    t->line);
		return;
	}
	if ((base = sp_version_find(p, basis)) == NULL)
		return;		/* its own basis is broken: reported there */

	/* Dated before what it revises. */
	d = sp_attr(rev, "dato");
	bd = sp_attr(base->node, "dato");
	if (pv_date_ok(d) && pv_date_ok(bd) && pv_date_before(d, bd)) {
		dl = sp_date_long(d);
		bdl = sp_date_long(bd);
		sp_msg(SP_WARNING, rev->file, rev->line, "revisjon %s is dated "
		    "%s, before its base version %s (%s)", sp_attr(rev, "id"),
		    dl, basis, bdl);
		free(dl);
		free(bdl);
	}

	/* Replay the operations against the base version. */
	for (op = rev->first; op != NULL; op = op->next) {
		switch (op->type) {
		case SP_TAKUT:
			if (check_rev_tiltak(op, base, &s)) {
				if ((r = rev_lookup(&s, sp_attr(op, "tiltak")))
				    == NULL)
					r = rev_add(&s, sp_attr(op, "tiltak"));
				r->removed = 1;
			}
			break;
		case SP_ENDRE:
			if (check_rev_tiltak(op, base, &s) &&
			    sp_attr(op, "nr") != NULL) {
				r = rev_add(&s, sp_attr(op, "tiltak"));
				r->src = op;
			}
			break;
		case SP_LEGGTIL:
			check_leggtil(op, base, &s);
			break;
		default:
			break;
		}
	}
	if ((rv = version_of_rev(p, rev)) != NULL)
		check_rev_numbers(rv, &s);
	free(s.v);
}

/* ------------------------------------------------- printed numbers */

struct numbered {
	const struct sp_node	*t;
	const char		*nr;		/* its number, */
	int			 len;		/* nr_len of it */
	size_t			 order;		/* document order */
};

static int
cmp_numbered(const void *a, const void *b)
{
	const struct numbered *x = a, *y = b;
	int lx = x->len, ly = y->len, c;

	c = memcmp(x->nr, y->nr, (size_t)(lx < ly ? lx : ly));
	if (c == 0 && lx != ly)
		c = lx < ly ? -1 : 1;
	if (c == 0)
		c = x->order < y->order ? -1 : x->order > y->order;
	return c;
}

/*
 * A printed number used by more than one tiltak of a version read from
 * the source: sort by number once, so large plans stay linear-ish.
 */
void
pv_numbers(const struct sp_plan *p, const struct sp_node *vn)
{
	const struct sp_version	*v = version_of_node(p, vn);
	struct numbered		*a;
	size_t			 i, j, k, n = 0;

	if (v == NULL)
		return;
	a = sp_calloc(v->ntiltak + 1, sizeof(*a));
	for (i = 0; i < v->ntiltak; i++) {
		const char *nr = sp_attr(v->tiltak[i], "nr");

		if (nr == NULL || nr_len(nr) == 0)
			continue;
		a[n].t = v->tiltak[i];
		a[n].nr = nr;
		a[n].len = nr_len(nr);
		a[n].order = i;
		n++;
	}
	qsort(a, n, sizeof(*a), cmp_numbered);
	for (i = 0; i < n; i = j) {
		const char *nr = sp_attr(a[i].t, "nr");

		for (j = i + 1; j < n && same_nr(sp_attr(a[j].t, "nr"), nr); j++)
			;
		for (k = i + 1; k < j; k++) {
			if (j - i == 2)
				sp_msg(SP_WARNING, a[k].t->file, a[k].t->line,
				    "tiltak number %.*s is printed twice in %s "
				    "(also at %s:%d)", nr_len(nr), nr, v->id,
				    a[i].t->file, a[i].t->line);
			else
				sp_msg(SP_WARNING, a[k].t->file, a[k].t->line,
				    "tiltak number %.*s is printed %zu times in "
				    "%s (also at %s:%d)", nr_len(nr), nr, j - i,
				    v->id, a[i].t->file, a[i].t->line);
		}
	}
	free(a);
}
