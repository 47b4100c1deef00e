/* plan_validate.c: every consistency check of the model (lint). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"

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

static int
has_id(const struct sp_node *n, const char *id)
{
	const char	*nid = sp_attr(n, "id");

	return nid != NULL && id != NULL && strcmp(nid, id) == 0;
}

/* "a" or "an" before an element name, for messages. */
static const char *
an(enum sp_type t)
{
	return strchr("aeiou", sp_type_name(t)[0]) != NULL ? "an" : "a";
}

/* The node with ID inside the subtree N (N itself included), or NULL. */
static int
depth(const struct sp_node *n)
{
	int	d = 0;

	for (; n->parent != NULL; n = n->parent)
		d++;
	return d;
}

/* Whether A comes before B in document order (an ancestor comes first). */
static int
doc_before(const struct sp_node *a, const struct sp_node *b)
{
	int	da = depth(a), db = depth(b);

	if (a == b)
		return 0;
	while (da > db) {
		a = a->parent;
		da--;
		if (a == b)
			return 0;
	}
	while (db > da) {
		b = b->parent;
		db--;
		if (a == b)
			return 1;
	}
	while (a->parent != b->parent) {
		a = a->parent;
		b = b->parent;
	}
	for (; a != NULL; a = a->next)
		if (a == b)
			return 1;
	return 0;
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

/*
 * Check that attribute ATTR of N, if present, names a node of type WANT;
 * report an error otherwise. Returns the node named, or NULL.
 */
static const struct sp_node *
check_ref(const struct sp_plan *p, const struct sp_node *n, const char *attr,
    const char *value, enum sp_type want)
{
	const struct sp_node	*t;

	if (value == NULL)
		return NULL;
	if ((t = sp_find(p, value)) == NULL) {
		sp_msg(SP_ERROR, n->file, n->line, "<%s> %s: unknown %s %s",
		    sp_type_name(n->type), attr, sp_type_name(want), value);
		return NULL;
	}
	if (t->type != want) {
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: %s is %s %s, not %s %s (at %s:%d)",
		    sp_type_name(n->type), attr, value, an(t->type),
		    sp_type_name(t->type), an(want), sp_type_name(want),
		    t->file, t->line);
		return NULL;
	}
	return t;
}

/* As check_ref, for an attribute naming a plan version or revision. */
static const struct sp_version *
check_version_ref(const struct sp_plan *p, const struct sp_node *n,
    const char *attr)
{
	const struct sp_version	*v;
	const struct sp_node	*t;
	const char		*value = sp_attr(n, attr);

	if (value == NULL)
		return NULL;
	if ((v = sp_version_find(p, value)) != NULL)
		return v;
	if ((t = sp_find(p, value)) == NULL)
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: unknown plan version %s",
		    sp_type_name(n->type), attr, value);
	else if (t->type == SP_REVISJON)
		/* Its own basis is broken, which is reported there. */
		;
	else
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: %s is %s %s, not a plan version (at %s:%d)",
		    sp_type_name(n->type), attr, value, an(t->type),
		    sp_type_name(t->type), t->file, t->line);
	return NULL;
}

/* ------------------------------------------------------------- dates */

static int
digits(const char *s, int n)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Parse an ISO date of a year, year-month or year-month-day. Returns the
 * number of parts (1 to 3), or 0 when it is not a real calendar date.
 */
static int
date_parse(const char *s, int *y, int *m, int *d)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	size_t	len = strlen(s);
	int	max;

	*y = *m = *d = 0;
	if ((len != 4 && len != 7 && len != 10) || (*y = digits(s, 4)) < 0)
		return 0;
	if (len == 4)
		return 1;
	if (s[4] != '-' || (*m = digits(s + 5, 2)) < 1 || *m > 12)
		return 0;
	if (len == 7)
		return 2;
	if (s[7] != '-' || (*d = digits(s + 8, 2)) < 1)
		return 0;
	max = dim[*m - 1];
	if (*m == 2 && (*y % 4 == 0 && (*y % 100 != 0 || *y % 400 == 0)))
		max = 29;
	return *d <= max ? 3 : 0;
}

static int
date_ok(const char *s)
{
	int	y, m, d;

	return s != NULL && date_parse(s, &y, &m, &d) > 0;
}

static void
check_date(const struct sp_node *n)
{
	const char	*s = sp_attr(n, "dato");

	if (s != NULL && !date_ok(s))
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> dato: %s is not a calendar date",
		    sp_type_name(n->type), s);
}

/*
 * Whether date A is earlier than date B, compared to the precision both
 * give ("2024-10" is not earlier than "2024-10-15").
 */
static int
date_before(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	return strncmp(a, b, la < lb ? la : lb) < 0;
}

/* --------------------------------------------------------------- ids */

/* Report N if another node has its id and comes earlier in the document. */
static void
check_id(const struct sp_plan *p, const struct sp_node *n)
{
	const char		*id = sp_attr(n, "id");
	const struct sp_node	*first;
	size_t			 lo = 0, hi = p->nids, i;

	if (id == NULL)
		return;
	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;

		if (strcmp(p->idv[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo + 1 >= p->nids || strcmp(p->idv[lo + 1], id) != 0)
		return;
	first = p->ids[lo];
	for (i = lo + 1; i < p->nids &&
	    strcmp(p->idv[i], id) == 0; i++)
		if (doc_before(p->ids[i], first))
			first = p->ids[i];
	if (first != n)
		sp_msg(SP_ERROR, n->file, n->line,
		    "duplicate id %s (first at %s:%d)", id, first->file,
		    first->line);
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

static void
check_tiltak(const struct sp_plan *p, const struct sp_node *t)
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
				check_ref(p, t, "forgjengar", tok, SP_TILTAK);
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
		    sp_type_name(op->type), id, an(t->type),
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
		    i, an(in->type), sp_type_name(in->type), base->id);
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
			if (has_id(rv->tiltak[i], r->id))
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

static void
check_revisjon(const struct sp_plan *p, const struct sp_node *rev)
{
	const struct sp_version	*base, *rv;
	const struct sp_node	*c, *t, *op;
	const char		*basis = sp_attr(rev, "basis");
	const char		*d, *bd;
	char			*dl, *bdl;
	struct rev_state	 s = { NULL, 0 };
	struct rev_id		*r;

	check_ref(p, rev, "organ", sp_attr(rev, "organ"), SP_ORGAN);
	if (basis == NULL)
		return;

	/* The basis: a versjon or a revisjon earlier in the master. */
	for (c = p->root->first; c != NULL && c != rev; c = c->next) {
		if ((c->type == SP_VERSJON || c->type == SP_REVISJON) &&
		    has_id(c, basis))
			break;
	}
	if (c == NULL || c == rev) {
		if ((t = sp_find(p, basis)) == NULL)
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: unknown plan version %s", basis);
		else if (t->type == SP_VERSJON || t->type == SP_REVISJON)
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: %s comes after this revisjon (at %s:%d)",
			    basis, t->file, t->line);
		else
			sp_msg(SP_ERROR, rev->file, rev->line, "<revisjon> "
			    "basis: %s is %s %s, not a plan version (at %s:%d)",
			    basis, an(t->type), sp_type_name(t->type), t->file,
			    t->line);
		return;
	}
	if ((base = sp_version_find(p, basis)) == NULL)
		return;		/* its own basis is broken: reported there */

	/* Dated before what it revises. */
	d = sp_attr(rev, "dato");
	bd = sp_attr(base->node, "dato");
	if (date_ok(d) && date_ok(bd) && date_before(d, bd)) {
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

/* ---------------------------------------------------- status reports */

static void
check_report(const struct sp_plan *p, const struct sp_node *rep)
{
	const struct sp_version	*v;
	const char		*id;
	size_t			 i;

	check_ref(p, rep, "organ", sp_attr(rep, "organ"), SP_ORGAN);
	if ((v = check_version_ref(p, rep, "versjon")) == NULL)
		return;
	for (i = 0; i < v->ntiltak; i++) {
		id = sp_attr(v->tiltak[i], "id");
		if (id != NULL && sp_report_status(p, rep, id) == NULL)
			sp_msg(SP_WARNING, rep->file, rep->line, "status "
			    "report %s has no status for tiltak %s",
			    sp_attr(rep, "id"), id);
	}
}

/*
 * The <takut> that took tiltak ID out of version VID (a revisjon, or one
 * based on one, back to the plan version it starts from), or NULL.
 */
static const struct sp_node *
taken_out(const struct sp_plan *p, const char *vid, const char *id)
{
	const struct sp_node	*r, *c;
	int			 hops;

	for (r = sp_find(p, vid), hops = 0; r != NULL && hops < 64 &&
	    r->type == SP_REVISJON; r = sp_find(p, sp_attr(r, "basis")),
	    hops++)
		for (c = r->first; c != NULL; c = c->next)
			if (c->type == SP_TAKUT && sp_attr(c, "tiltak") != NULL &&
			    strcmp(sp_attr(c, "tiltak"), id) == 0)
				return c;
	return NULL;
}

static void
check_status(const struct sp_plan *p, const struct sp_node *st)
{
	const struct sp_node	*rep = st->parent, *o;
	const struct sp_version	*v;
	const char		*id = sp_attr(st, "tiltak"), *vid;
	size_t			 i;

	if (id == NULL || rep == NULL)
		return;
	if (sp_report_status_count(p, rep, id, &o) > 1 && o != st) {
		sp_msg(SP_ERROR, st->file, st->line, "status report %s gives "
		    "tiltak %s a second status (first at %s:%d)",
		    sp_attr(rep, "id"), id, o->file, o->line);
		return;
	}
	if ((vid = sp_attr(rep, "versjon")) == NULL ||
	    (v = sp_version_find(p, vid)) == NULL)
		return;		/* reported at the report */
	/* a version read from the source: its tiltak are indexed by id */
	if ((o = sp_find(p, id)) != NULL && o->type == SP_TILTAK) {
		const struct sp_node *a;

		for (a = o->parent; a != NULL; a = a->parent)
			if (a == v->node)
				return;
	}
	/* a materialised revision holds copies: look through them */
	if (v->node != sp_find(p, vid))
		for (i = 0; i < v->ntiltak; i++)
			if (has_id(v->tiltak[i], id))
				return;
	if ((o = taken_out(p, vid, id)) != NULL) {
		sp_msg(SP_ERROR, st->file, st->line, "status report %s names "
		    "tiltak %s, which was taken out by revisjon %s (%s:%d); "
		    "a report on %s has no status for it", sp_attr(rep, "id"),
		    id, sp_attr(o->parent, "id"), o->file, o->line, vid);
		return;
	}
	sp_msg(SP_ERROR, st->file, st->line, "status report %s names "
	    "unknown tiltak %s", sp_attr(rep, "id"), id);
}

/* Whether the space-separated LIST holds WORD. */
static int
in_list(const char *list, const char *word)
{
	size_t	n = strlen(word);
	const char *s;

	for (s = list; s != NULL && (s = strstr(s, word)) != NULL; s += n)
		if ((s == list || s[-1] == ' ') && (s[n] == '\0' ||
		    s[n] == ' '))
			return 1;
	return 0;
}

/* The tiltak of V that a placeholder's status and area filters let
 * through, by report R (a tiltak it does not assess: ikkje-vurdert). */
static size_t
filtered(const struct sp_plan *p, const struct sp_node *n,
    const struct sp_version *v, const struct sp_node *r)
{
	const char	*want = sp_attr(n, "status");
	const char	*areas = sp_attr(n, "innsatsområde");
	size_t		 i, k = 0;

	for (i = 0; i < v->ntiltak; i++) {
		const struct sp_node *t = v->tiltak[i];
		const struct sp_node *ar = sp_tiltak_area(t);
		const struct sp_node *st = sp_report_status(p, r,
		    sp_attr(t, "id"));
		enum sp_status s = st != NULL ?
		    sp_status_parse(sp_attr(st, "verdi")) : SP_ST_NONE;

		if (s == SP_ST_NONE)
			s = SP_ST_IKKJE;
		if ((areas == NULL || (ar != NULL &&
		    in_list(areas, sp_attr(ar, "id")))) &&
		    (want == NULL || in_list(want, sp_status_word(s))))
			k++;
	}
	return k;
}

/* A placeholder's version, report and innsatsområde filter. */
static void
check_statusval(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_version	*v;
	const struct sp_node	*a;
	const char		*ids;
	char			*copy, *tok, *save = NULL;

	v = check_version_ref(p, n, "versjon");
	check_ref(p, n, "rapport", sp_attr(n, "rapport"), SP_STATUSRAPPORT);
	if (v != NULL && (a = sp_find(p, sp_attr(n, "rapport"))) != NULL &&
	    a->type == SP_STATUSRAPPORT && sp_attr(a, "versjon") != NULL &&
	    strcmp(sp_attr(a, "versjon"), v->id) != 0)
		sp_msg(SP_ERROR, n->file, n->line, "<%s> rapport=\"%s\" is a "
		    "report on %s, but versjon=\"%s\": every tiltak would "
		    "show as not assessed; name a report on %s, or versjon="
		    "\"%s\"", sp_type_name(n->type), sp_attr(n, "rapport"),
		    sp_attr(a, "versjon"), v->id, v->id, sp_attr(a, "versjon"));
	if (v != NULL && a != NULL && a->type == SP_STATUSRAPPORT &&
	    (sp_attr(n, "status") != NULL ||
	    sp_attr(n, "innsatsområde") != NULL) && filtered(p, n, v, a) == 0)
		sp_msg(SP_WARNING, n->file, n->line, "<%s>: no tiltak of %s "
		    "has status=\"%s\" under innsatsområde=\"%s\" in %s; "
		    "the document says so in a sentence", sp_type_name(n->type),
		    v->id, sp_attr(n, "status") ? sp_attr(n, "status") : "*",
		    sp_attr(n, "innsatsområde") ? sp_attr(n, "innsatsområde") :
		    "*", sp_attr(a, "id"));
	if ((ids = sp_attr(n, "innsatsområde")) == NULL)
		return;
	copy = sp_strdup(ids);
	for (tok = strtok_r(copy, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save)) {
		if (v == NULL) {
			check_ref(p, n, "innsatsområde", tok,
			    SP_INNSATSOMRADE);
			continue;
		}
		if ((a = sp_find_in(v->node, tok)) == NULL ||
		    a->type != SP_INNSATSOMRADE)
			sp_msg(SP_ERROR, n->file, n->line, "<%s> "
			    "innsatsområde: no innsatsområde %s in %s",
			    sp_type_name(n->type), tok, v->id);
	}
	free(copy);
}

/* <endringar frå til innsatsområde>: two versions, an area of the second. */
static void
check_endringar(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_version	*v;
	const struct sp_node	*a;
	const char		*id = sp_attr(n, "innsatsområde");

	check_version_ref(p, n, "frå");
	v = check_version_ref(p, n, "til");
	if (id == NULL || v == NULL)
		return;
	if ((a = sp_find_in(v->node, id)) == NULL ||
	    a->type != SP_INNSATSOMRADE)
		sp_msg(SP_ERROR, n->file, n->line, "<endringar> "
		    "innsatsområde: no innsatsområde %s in %s", id, v->id);
}

/* -------------------------------------------------------------- saker */

/* "Sak 03-26" dated in 2025: the number's year against the date's. */
static void
check_sak(const struct sp_plan *p, const struct sp_node *sak)
{
	const char	*nr = sp_attr(sak, "nr"), *d = sp_attr(sak, "dato");
	const char	*sep, *s;
	char		*dl;
	int		 y, m, dd, yy;
	size_t		 len;

	check_ref(p, sak, "organ", sp_attr(sak, "organ"), SP_ORGAN);
	if (nr == NULL || d == NULL || date_parse(d, &y, &m, &dd) == 0)
		return;
	sep = strrchr(nr, '-');
	if ((s = strrchr(nr, '/')) != NULL && (sep == NULL || s > sep))
		sep = s;
	if (sep == NULL || (len = strlen(sep + 1)) < 2 ||
	    strspn(sep + 1, "0123456789") != len)
		return;
	yy = digits(sep + 1 + len - 2, 2);
	if (yy == y % 100)
		return;
	dl = sp_date_long(d);
	sp_msg(SP_WARNING, sak->file, sak->line, "Sak %s is numbered for %d "
	    "but dated %s", nr, y - y % 100 + yy, dl);
	free(dl);
}

/* ----------------------------------------------------------- meetings */

/*
 * A meeting's saksliste: every sakref names a sak of the master, once;
 * a sak for another body or dated after the meeting is a warning; the
 * vedlegg named for a sak must be vedlegg of the master (check_node
 * checks their refs).
 */
static void
check_mote(const struct sp_plan *p, const struct sp_node *m)
{
	const struct sp_node	*sl = sp_child(m, SP_SAKSLISTE), *r, *q, *sak;
	const char		*organ = sp_attr(m, "organ");
	const char		*d = sp_attr(m, "dato"), *sd;
	char			*dl;

	check_ref(p, m, "organ", organ, SP_ORGAN);
	if ((sd = sp_attr(m, "tid")) != NULL && (atoi(sd) > 23 ||
	    atoi(sd + 3) > 59))
		sp_msg(SP_ERROR, m->file, m->line, "<møte> tid: %s is not "
		    "a time of day", sd);
	for (r = sl != NULL ? sl->first : NULL; r != NULL; r = r->next) {
		if (r->type != SP_SAKREF)
			continue;
		for (q = sl->first; q != r; q = q->next)
			if (q->type == SP_SAKREF && strcmp(sp_attr(q, "ref"),
			    sp_attr(r, "ref")) == 0)
				break;
		if (q != r) {
			sp_msg(SP_ERROR, r->file, r->line, "sak %s is on the "
			    "saksliste twice (also at %s:%d)",
			    sp_attr(r, "ref"), q->file, q->line);
			continue;
		}
		if ((sak = check_ref(p, r, "ref", sp_attr(r, "ref"),
		    SP_SAK)) == NULL)
			continue;
		if (organ != NULL && sp_attr(sak, "organ") != NULL &&
		    strcmp(organ, sp_attr(sak, "organ")) != 0)
			sp_msg(SP_WARNING, r->file, r->line, "sak %s is for "
			    "%s, the meeting is of %s", sp_attr(r, "ref"),
			    sp_attr(sak, "organ"), organ);
		sd = sp_attr(sak, "dato");
		if (d != NULL && sd != NULL && date_before(d, sd)) {
			dl = sp_date_long(d);
			sp_msg(SP_WARNING, r->file, r->line, "sak %s is dated "
			    "%s, after the meeting of %s", sp_attr(r, "ref"),
			    sd, dl);
			free(dl);
		}
	}
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
static void
check_numbers(const struct sp_plan *p, const struct sp_node *vn)
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

/* ------------------------------------------------------------ tables */

/* A row may not need more columns than the table has: they would be lost. */
static void
check_table(const struct sp_node *t)
{
	const struct sp_node	*c, *cell;
	int			 ncols = 0, used;
	long			 span;
	double			 d;

	for (c = t->first; c != NULL; c = c->next) {
		const char *w = sp_attr(c, "breidd");

		if (c->type != SP_KOLONNE)
			continue;
		ncols++;
		if (w != NULL && sp_parse_width(w, &d) < 0)
			sp_msg(SP_ERROR, c->file, c->line, "column width "
			    "\"%s\" is not a length (30mm, 40pt) above 0 and "
			    "up to 14400pt, or a share (2*) above 0 and up to "
			    "1000*", w);
	}
	for (c = t->first; c != NULL; c = c->next) {
		if (c->type != SP_RAD)
			continue;
		used = 0;
		for (cell = c->first; cell != NULL; cell = cell->next) {
			const char *s = sp_attr(cell, "spenn");

			if (cell->type != SP_CELLE)
				continue;
			if (s == NULL)
				span = 1;
			else if (sp_parse_int(s, 1, SP_MAXSPAN, &span) != 0) {
				sp_msg(SP_ERROR, cell->file, cell->line,
				    "<celle> spenn=\"%s\" is not a whole "
				    "number from 1 to %d (the table has %d "
				    "columns)", s, ncols, ncols);
				used = -1;
				break;
			}
			if (used <= ncols)
				used += (int)span;	/* no overflow */
		}
		if (used > ncols)
			sp_msg(SP_ERROR, c->file, c->line, "table row needs "
			    "%d columns, the table has %d", used, ncols);
	}
}

/* A numbered list starts at a whole number from 1 to SP_MAXSTART. */
static void
check_list(const struct sp_node *l)
{
	const char	*s = sp_attr(l, "start");
	long		 v;

	if (s != NULL && sp_parse_int(s, 1, SP_MAXSTART, &v) != 0)
		sp_msg(SP_ERROR, l->file, l->line, "<liste> start=\"%s\" is "
		    "not a whole number from 1 to %d", s, SP_MAXSTART);
}

/* --------------------------------------------------------------- walk */

/* " (and N more rows of this table)", or "" for none; a static buffer. */
static const char *
more(int n)
{
	static char	buf[64];

	if (n <= 0)
		return "";
	snprintf(buf, sizeof(buf), " (and %d more row%s of this table)", n,
	    n == 1 ? "" : "s");
	return buf;
}

/*
 * A diagram draws the figures of a table: the table exists, has the
 * column, and every body row has a label and a figure there.
 */
static void
check_diagram(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_node *t = sp_find(p, sp_attr(n, "tabell"));
	const struct sp_node *c, *row;
	const struct sp_node *nocol_row = NULL, *nofig_cell = NULL;
	long		 col = sp_attr_int(n, "kolonne", 1, SP_MAXSPAN, 2), v;
	int		 i, ncols = 0, nocol = 0, nofig = 0;
	char		*nocol_words = NULL, *nofig_words = NULL;

	check_ref(p, n, "tabell", sp_attr(n, "tabell"), SP_TABELL);
	if (t == NULL || t->type != SP_TABELL)
		return;
	for (c = t->first; c != NULL; c = c->next)
		ncols += c->type == SP_KOLONNE;
	if (col < 2 || col > ncols) {
		sp_msg(SP_ERROR, n->file, n->line, "diagram: tabell %s has no "
		    "column %ld of figures (it has %d columns, the first "
		    "holds the labels)", sp_attr(n, "tabell"), col, ncols);
		return;
	}
	/* one message per kind of mistake, at its first row, counting the
	 * rows with the same mistake after it */
	for (i = 0; sp_table_cell(t, i, 1, &row) != NULL || row != NULL;
	    i++) {
		char *s;

		if ((c = sp_table_cell(t, i, (int)col, NULL)) == NULL) {
			if (nocol++ == 0) {
				nocol_row = row;
				nocol_words = sp_node_plain(p,
				    sp_table_cell(t, i, 1, NULL));
			}
			continue;
		}
		s = sp_node_plain(p, c);
		if (sp_parse_number(s, &v) != 0 && nofig++ == 0) {
			nofig_cell = c;
			nofig_words = s;
			s = NULL;
		}
		free(s);
	}
	if (nocol > 0) {
		sp_msg(SP_ERROR, nocol_row->file, nocol_row->line, "diagram "
		    "%s: the row «%s» has no column %ld%s; a note under the "
		    "table goes in one <celle spenn=\"%d\"> (left out of the "
		    "chart) or in an <avsnitt> after the table",
		    sp_attr(n, "tittel"), nocol_words, col,
		    more(nocol - 1), ncols);
		free(nocol_words);
	}
	if (nofig > 0) {
		sp_msg(SP_ERROR, nofig_cell->file, nofig_cell->line, "diagram "
		    "%s: «%s» is not a figure%s: write whole numbers, digits "
		    "in groups of three after the first (1 234 000), a minus "
		    "before a negative one", sp_attr(n, "tittel"),
		    nofig_words, more(nofig - 1));
		free(nofig_words);
	}
	if (i == 0)
		sp_msg(SP_ERROR, n->file, n->line, "diagram: tabell %s has no "
		    "body rows", sp_attr(n, "tabell"));
}

/* The first node of type T in the subtree N, or NULL. */
static const struct sp_node *
first_of(const struct sp_node *n, enum sp_type t)
{
	const struct sp_node *c, *f;

	if (n->type == t)
		return n;
	for (c = n->first; c != NULL; c = c->next)
		if ((f = first_of(c, t)) != NULL)
			return f;
	return NULL;
}

/*
 * A plan part (skildringar, resultatmålliste, handlingsprogram) shows
 * the innsatsområde of the versjon it stands in: anywhere else it has
 * nothing to show, and a second one would print them twice.
 */
static void
check_plan_part(const struct sp_node *n)
{
	const struct sp_node *v, *f;

	for (v = n->parent; v != NULL && v->type != SP_VERSJON; v = v->parent)
		;
	if (v == NULL) {
		sp_msg(SP_ERROR, n->file, n->line, "<%s> stands only in the "
		    "prose of a versjon", sp_type_name(n->type));
		return;
	}
	if ((f = first_of(v, n->type)) != n)
		sp_msg(SP_WARNING, n->file, n->line, "<%s> a second time in "
		    "versjon %s (first at %s:%d): its parts are printed twice",
		    sp_type_name(n->type), sp_attr(v, "id"), f->file, f->line);
}

static void
check_node(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_node	*c;

	if (n->type == SP_TEXT)
		return;
	check_id(p, n);
	check_date(n);
	switch (n->type) {
	case SP_VERSJON:
		check_ref(p, n, "organ", sp_attr(n, "organ"), SP_ORGAN);
		check_numbers(p, n);
		break;
	case SP_TILTAK:
		check_tiltak(p, n);
		break;
	case SP_REVISJON:
		check_revisjon(p, n);
		break;
	case SP_STATUSRAPPORT:
		check_report(p, n);
		break;
	case SP_STATUS:
		check_status(p, n);
		break;
	case SP_SAK:
		check_sak(p, n);
		break;
	case SP_UNDERSKRIFT:
		check_ref(p, n, "person", sp_attr(n, "person"), SP_PERSON);
		break;
	case SP_VEDLEGGREF:
		check_ref(p, n, "ref", sp_attr(n, "ref"), SP_VEDLEGG);
		break;
	case SP_MOTE:
		check_mote(p, n);
		break;
	case SP_STATUSTABELL:
	case SP_STATUSDIAGRAM:
	case SP_STATUSSAMANDRAG:
		check_statusval(p, n);
		break;
	case SP_ENDRINGAR:
		check_endringar(p, n);
		break;
	case SP_TILTAKREF:
		check_ref(p, n, "ref", sp_attr(n, "ref"), SP_TILTAK);
		break;
	case SP_TABELL:
		check_table(n);
		break;
	case SP_SKILDRINGAR:
	case SP_RESULTATMALLISTE:
	case SP_HANDLINGSPROGRAM:
		check_plan_part(n);
		break;
	case SP_LISTE:
		check_list(n);
		break;
	case SP_DIAGRAM:
		check_diagram(p, n);
		break;
	case SP_MANGLAR:
		if (sp_figure_missing(n) != NULL)
			sp_msg(SP_NOTE, n->file, n->line, "figure not in the "
			    "source, printed as a caption: %s",
			    sp_figure_missing(n));
		break;
	default:
		break;
	}
	for (c = n->first; c != NULL; c = c->next)
		check_node(p, c);
}

/*
 * Run every consistency check over the plan as read and indexed, in
 * document order, reporting each finding at its node's file:line.
 * Returns the worst level reported so far.
 */
enum sp_level
sp_plan_validate(const struct sp_plan *p)
{
	if (p != NULL && p->root != NULL)
		check_node(p, p->root);
	return sp_msg_worst();
}
