/* doc_plan.c: a plan version (or a materialised rolling revision) as the
 * whole document it was: title page, contents, the prose chapters in
 * source order, the innsatsområde, their resultatmål, the
 * handlingsprogram, and the version's history. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"

/* The four optional columns of a handlingsprogram, in source order. */
static const enum sp_type fields[4] = {
	SP_TID, SP_ANSVAR, SP_INVOLVERING, SP_MERKNAD
};

struct pl {
	struct sp_build		 B;
	const struct sp_version	*v;
	const struct sp_node	*vn;		/* the version's node */
	int			 skildring;	/* placed by a placeholder */
	int			 resultatmal;
	int			 hp;
	int			 has[4];	/* the version has the field */
	int			 nr;		/* a tiltak has a number */
	struct sp_table		*hp_last;	/* the handlingsprogram's last
						 * table, and its labels */
	char			*hp_lab[4];
};

static struct sp_block *
para(struct sp_build *B, struct sp_block *parent, enum sp_role role,
    const char *s, unsigned flags)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_PARA);

	b->role = role;
	sp_build_add(&b->text, s, flags);
	return b;
}

/* A heading at the current section depth (as a <seksjon> there). */
static struct sp_block *
heading(struct sp_build *B, struct sp_block *parent, const char *s,
    const struct sp_node *src)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_HEADING);

	b->level = B->depth + 2;
	b->role = B->depth == 0 ? SP_ROLE_H1 : B->depth == 1 ? SP_ROLE_H2 :
	    SP_ROLE_H3;
	if (src != NULL) {
		b->file = src->file;
		b->line = src->line;
	}
	sp_build_add(&b->text, s, 0);
	return b;
}

static const char *
organ_name(const struct sp_plan *p, const char *id)
{
	const struct sp_node *o = id != NULL ? sp_find(p, id) : NULL;

	return o != NULL ? sp_attr(o, "namn") : id;
}

/* The area's name as printed: its number, if it has one, before it. */
static char *
area_title(const struct sp_node *area, const char *namn)
{
	const char	*nr = sp_attr(area, "nr");

	return nr != NULL ? sp_printf("%s %s", nr, namn) : sp_strdup(namn);
}

/* ------------------------------------------------------------ parts */

static void
skildringar(struct pl *P, struct sp_block *parent)
{
	const struct sp_node *a, *s;
	char		*t;

	for (a = P->vn->first; a != NULL; a = a->next) {
		if (a->type != SP_INNSATSOMRADE ||
		    (s = sp_child(a, SP_SKILDRING)) == NULL)
			continue;
		t = area_title(a, sp_attr(s, "tittel") ? sp_attr(s, "tittel") :
		    sp_attr(a, "namn"));
		heading(&P->B, parent, t, s);
		free(t);
		P->B.depth++;
		sp_build_blocks(&P->B, s->first, parent);
		P->B.depth--;
	}
	P->skildring = 1;
}

static void
resultatmal(struct pl *P, struct sp_block *parent)
{
	const struct sp_node *a, *r, *pt;
	struct sp_block	*l, *it, *pb;
	char		*t;

	for (a = P->vn->first; a != NULL; a = a->next) {
		if (a->type != SP_INNSATSOMRADE ||
		    (r = sp_child(a, SP_RESULTATMAL)) == NULL)
			continue;
		t = area_title(a, sp_attr(r, "tittel") ? sp_attr(r, "tittel") :
		    sp_attr(a, "namn"));
		heading(&P->B, parent, t, r)->keep = 1;
		free(t);
		if (sp_attr(r, "undertittel") != NULL)
			para(&P->B, parent, SP_ROLE_BODY,
			    sp_attr(r, "undertittel"), SP_SPAN_B)->keep = 1;
		l = sp_block_new(P->B.doc, parent, SP_B_LIST);
		for (pt = r->first; pt != NULL; pt = pt->next) {
			if (pt->type != SP_PUNKT)
				continue;
			it = sp_block_new(P->B.doc, l, SP_B_ITEM);
			it->label = sp_strdup("•");
			pb = sp_block_new(P->B.doc, it, SP_B_PARA);
			pb->role = SP_ROLE_BODY;
			pb->file = pt->file;
			pb->line = pt->line;
			sp_build_rich(&P->B, pt, &pb->text);
		}
	}
	P->resultatmal = 1;
}

/*
 * The column labels of N: the nearest kolonnar="Tid; Ansvar;
 * Involvering; Merknad" at or above it (the source's own words), else
 * the style's. The caller frees LAB[0..3].
 */
static void
labels(struct pl *P, const struct sp_node *n, char *lab[4])
{
	const struct sp_style *st = P->B.st;
	const char	*def[4] = { st->l_tid, st->l_ansvar, st->l_involvering,
			    st->l_merknad };
	const char	*k = NULL;
	char		*copy, *tok, *save = NULL;
	int		 i;

	for (; n != NULL && k == NULL; n = n->parent)
		k = sp_attr(n, "kolonnar");
	for (i = 0; i < 4; i++)
		lab[i] = NULL;
	if (k != NULL) {
		copy = sp_strdup(k);
		for (i = 0, tok = strtok_r(copy, ";", &save); tok != NULL &&
		    i < 4; tok = strtok_r(NULL, ";", &save), i++)
			lab[i] = sp_build_text(tok + strspn(tok, " "));
		free(copy);
	}
	for (i = 0; i < 4; i++)
		if (lab[i] == NULL)
			lab[i] = sp_strdup(def[i]);
}

/* Is column I shown: the version fills it, or names its columns. */
static int
shown(const struct pl *P, int i)
{
	return P->has[i] || sp_attr(P->vn, "kolonnar") != NULL;
}

/*
 * A handlingsprogram table of AREA with the column labels LAB. A gruppe
 * G heads its own table, as the sources print it: the gruppe's name
 * over the number and tiltak columns, then the column labels.
 */
static struct sp_table *
hp_table(struct pl *P, struct sp_block *parent, const struct sp_node *area,
    const struct sp_node *g, char *lab[4])
{
	struct sp_block	*b = sp_block_new(P->B.doc, parent, SP_B_TABLE);
	struct sp_table	*tb;
	struct sp_row	*row;
	int		 i, n = 1 + (P->nr != 0), c = 0;

	for (i = 0; i < 4; i++)
		n += shown(P, i);
	b->file = area->file;
	b->line = area->line;
	tb = b->table = sp_table_new(n);
	row = sp_table_row(tb, SP_ROW_HEAD);
	/* every column as wide as what it holds needs (layout_table.c) */
	if (P->nr)
		tb->width[c++] = -1;
	tb->width[c++] = -1;
	if (g != NULL)
		sp_cell_text(row, SP_ROLE_CELLHEAD, sp_attr(g, "namn"),
		    0)->span = 1 + (P->nr != 0);
	else {
		if (P->nr)
			sp_cell_text(row, SP_ROLE_CELLHEAD, P->B.st->l_nr, 0);
		sp_cell_text(row, SP_ROLE_CELLHEAD, P->B.st->l_tiltak, 0);
	}
	for (i = 0; i < 4; i++) {
		if (!shown(P, i))
			continue;
		tb->width[c++] = -1;
		sp_cell_text(row, SP_ROLE_CELLHEAD, lab[i], 0);
	}
	sp_row_head(&P->B, row);
	tb->summary = g != NULL ? sp_printf("%s: %s, %s",
	    P->B.st->l_handlingsprogram, sp_attr(area, "namn"),
	    sp_attr(g, "namn")) : sp_printf("%s: %s",
	    P->B.st->l_handlingsprogram, sp_attr(area, "namn"));
	/* the tables of a handlingsprogram with the same columns share
	 * their widths, from what they all hold (layout_table.c), so that
	 * their columns line up from table to table */
	for (i = 0; P->hp_last != NULL && P->hp_last->ncols == n && i < 4 &&
	    strcmp(P->hp_lab[i], lab[i]) == 0; i++)
		;
	if (P->hp_last != NULL && i == 4) {
		tb->first = P->hp_last->first != NULL ? P->hp_last->first :
		    P->hp_last;
		P->hp_last->next = tb;
	}
	P->hp_last = tb;
	for (i = 0; i < 4; i++) {
		free(P->hp_lab[i]);
		P->hp_lab[i] = sp_strdup(lab[i]);
	}
	return tb;
}

/* A goal or group row over the whole width, kept with the next. */
static void
goal_row(struct pl *P, struct sp_table *tb, const struct sp_node *g)
{
	struct sp_row	*row = sp_table_row(tb, SP_ROW_KEEP);
	struct sp_cell	*c = sp_row_cell(row, SP_ROLE_GOAL);

	c->span = tb->ncols;
	c->fill = P->B.st->goal_fill;
	if (g->type == SP_MAL) {
		if (sp_attr(g, "nr") != NULL) {
			sp_build_add(&c->text, P->B.st->l_mal, 0);
			sp_build_add(&c->text, " ", 0);
			sp_build_add(&c->text, sp_attr(g, "nr"), 0);
			sp_build_add(&c->text, " ", 0);
		}
		sp_build_inline(&P->B, sp_child(g, SP_TEKST), &c->text, 0);
	} else
		sp_build_add(&c->text, sp_attr(g, "namn"), 0);
}

static void
tiltak_row(struct pl *P, struct sp_table *tb, const struct sp_node *t)
{
	struct sp_row	*row = sp_table_row(tb, 0);
	int		 i;

	if (P->nr)
		sp_cell_text(row, SP_ROLE_CELL, sp_attr(t, "nr") ?
		    sp_attr(t, "nr") : "", 0)->text.flags |= SP_RICH_NOHYPH;
	sp_cell_tiltak(&P->B, row, t);
	/* a time, names: not hyphenated (a merknad is running text) */
	for (i = 0; i < 4; i++)
		if (shown(P, i))
			sp_cell_node(&P->B, row, sp_child(t, fields[i]))->
			    text.flags |= i < 3 ? SP_RICH_NOHYPH : 0;
}

static int
same_labels(char *a[4], char *b[4])
{
	int	i;

	for (i = 0; i < 4; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

static void
free_labels(char *lab[4])
{
	int	i;

	for (i = 0; i < 4; i++)
		free(lab[i]);
}

/*
 * Each innsatsområde under a heading, then its tiltak: a table for each
 * gruppe, headed by it; mål and tiltak outside a gruppe in one table,
 * a mål as a row over the width (a new table where a mål names other
 * columns). The header row repeats on every page a table runs over.
 */
static void
handlingsprogram(struct pl *P, struct sp_block *parent)
{
	const struct sp_node *a, *g, *t;
	struct sp_table	*tb;
	char		*lab[4], *glab[4], *s;
	int		 made;

	for (a = P->vn->first; a != NULL; a = a->next) {
		if (a->type != SP_INNSATSOMRADE)
			continue;
		s = area_title(a, sp_attr(a, "namn"));
		heading(&P->B, parent, s, a);
		free(s);
		labels(P, a, lab);
		tb = NULL;
		made = 0;
		P->hp_last = NULL;	/* a group of tables per area */
		for (g = a->first; g != NULL; g = g->next) {
			if (g->type == SP_TILTAK) {
				if (tb == NULL)
					tb = hp_table(P, parent, a, NULL, lab);
				made = 1;
				tiltak_row(P, tb, g);
				continue;
			}
			if (g->type != SP_MAL && g->type != SP_GRUPPE)
				continue;
			labels(P, g, glab);
			made = 1;
			if (g->type == SP_GRUPPE) {
				tb = hp_table(P, parent, a, g, glab);
				free_labels(glab);
			} else {
				if (tb == NULL || !same_labels(lab, glab)) {
					free_labels(lab);
					memcpy(lab, glab, sizeof(lab));
					tb = hp_table(P, parent, a, NULL, lab);
				} else
					free_labels(glab);
				goal_row(P, tb, g);
			}
			for (t = g->first; t != NULL; t = t->next)
				if (t->type == SP_TILTAK)
					tiltak_row(P, tb, t);
			if (g->type == SP_GRUPPE) {
				sp_table_keep_ends(tb);
				tb = NULL;
			}
		}
		if (tb != NULL)
			sp_table_keep_ends(tb);
		free_labels(lab);
		/* an area with nothing under it says so ("Ingen tiltak."),
		 * not a heading alone that reads as a fault (F36) */
		if (!made && tb == NULL) {
			s = sp_printf("%s.", P->B.st->l_status_none);
			para(&P->B, parent, SP_ROLE_BODY, s, 0);
			free(s);
		}
	}
	free_labels(P->hp_lab);
	memset(P->hp_lab, 0, sizeof(P->hp_lab));
	P->hp_last = NULL;
	P->hp = 1;
}

/* The plan placeholders, where the source printed those parts. */
static void
place(struct sp_build *B, const struct sp_node *n, struct sp_block *parent)
{
	struct pl	*P = B->arg;

	switch (n->type) {
	case SP_SKILDRINGAR:
		skildringar(P, parent);
		break;
	case SP_RESULTATMALLISTE:
		resultatmal(P, parent);
		break;
	case SP_HANDLINGSPROGRAM:
		handlingsprogram(P, parent);
		break;
	default:
		break;
	}
}

/* ----------------------------------------------------------- history */

/* The revisjon element of id ID, if the version is a materialised one. */
static const struct sp_node *
revision_of(const struct sp_plan *p, const char *id)
{
	const struct sp_node *n;

	for (n = p->root->first; n != NULL; n = n->next)
		if (n->type == SP_REVISJON && strcmp(sp_attr(n, "id"), id) == 0)
			return n;
	return NULL;
}

/* "Tittel (id)" of version ID, or the id alone. */
static char *
version_name(const struct sp_plan *p, const char *id)
{
	const struct sp_version *v = sp_version_find(p, id);

	if (v == NULL || sp_attr(v->node, "tittel") == NULL)
		return sp_strdup(id);
	return sp_printf("%s (%s)", sp_attr(v->node, "tittel"), id);
}

/* How many tiltak of A name a tiltak of version B as forgjengar. */
static size_t
lineage(const struct sp_plan *p, const struct sp_version *a,
    const struct sp_version *b)
{
	size_t	 i, j, n = 0;
	char	*copy, *tok, *save;

	for (i = 0; i < a->ntiltak; i++) {
		const char *f = sp_attr(a->tiltak[i], "forgjengar");
		int	 hit = 0;

		if (f == NULL)
			continue;
		copy = sp_strdup(f);
		save = NULL;
		for (tok = strtok_r(copy, " ", &save); tok != NULL && !hit;
		    tok = strtok_r(NULL, " ", &save))
			for (j = 0; j < b->ntiltak && !hit; j++)
				hit = strcmp(sp_attr(b->tiltak[j], "id"),
				    tok) == 0;
		free(copy);
		n += hit;
	}
	(void)p;
	return n;
}

static void
item(struct sp_build *B, struct sp_block *list, const char *term,
    const char *s)
{
	struct sp_block	*it = sp_block_new(B->doc, list, SP_B_ITEM);
	struct sp_block	*pb;

	it->label = sp_strdup("•");
	pb = sp_block_new(B->doc, it, SP_B_PARA);
	pb->role = SP_ROLE_BODY;
	if (term != NULL) {
		sp_build_add(&pb->text, term, SP_SPAN_B);
		sp_build_add(&pb->text, ": ", SP_SPAN_B);
	}
	sp_build_add(&pb->text, s, 0);
}

/* The words the history is written with: label.history-words. */
enum { W_OF, W_HAS_PRED, W_BUILDS, W_FROM, W_TAKUT, W_ENDRE, W_NEWNR,
    W_LEGGTIL, W_UNDER, W_SEE, W__MAX };

/*
 * Part I of the "|"-separated label S (the style's words, in the order
 * the default gives them) into BUF, or DEF where S has fewer parts.
 */
static const char *
part(const char *s, int i, const char *def, char *buf, size_t n)
{
	const char	*e;

	for (; s != NULL && i > 0; i--)
		if ((s = strchr(s, '|')) != NULL)
			s++;
	if (s == NULL)
		return def;
	e = strchr(s, '|');
	snprintf(buf, n, "%.*s", (int)(e != NULL ? (size_t)(e - s) :
	    strlen(s)), s);
	return buf;
}

static const char *
hw(const struct sp_style *st, int i, char *buf, size_t n)
{
	static const char *const def[W__MAX] = { "av",
	    "tiltak har ein forgjengar der",
	    "tiltak der byggjer på tiltak her", "Frå", "Teke ut", "Endra",
	    "nytt nummer", "Lagt til", "under", "sjå" };

	return part(st->l_history_words, i, def[i], buf, n);
}

/* One change of a revision, in words. */
static char *
change(const struct sp_plan *p, const struct sp_style *st,
    const struct sp_node *op)
{
	const char	*p_mal = st->l_mal;
	char		 w1[64], w2[64];
	const struct sp_node *t = sp_find(p, sp_attr(op, op->type == SP_LEGGTIL ?
	    "i" : "tiltak"));
	const char	*nr = t != NULL ? sp_attr(t, "nr") : NULL;
	char		*tx = t != NULL && t->type == SP_TILTAK ?
			    sp_node_plain(p, sp_child(t, SP_TEKST)) : NULL;
	char		*s;

	switch (op->type) {
	case SP_TAKUT:
		s = sp_printf("%s: %s %s «%s»", hw(st, W_TAKUT, w1,
		    sizeof(w1)), "tiltak", nr ? nr : "",
		    tx ? tx : sp_attr(op, "tiltak"));
		break;
	case SP_ENDRE:
		s = sp_printf("%s: %s %s «%s»%s%s%s%s", hw(st, W_ENDRE, w1,
		    sizeof(w1)), "tiltak", nr ? nr : "",
		    tx ? tx : sp_attr(op, "tiltak"), sp_attr(op, "nr") ?
		    ", " : "", sp_attr(op, "nr") ? hw(st, W_NEWNR, w2,
		    sizeof(w2)) : "", sp_attr(op, "nr") ? " " : "",
		    sp_attr(op, "nr") ? sp_attr(op, "nr") : "");
		break;
	default: {
		const struct sp_node *c;
		int	 k = 0;

		for (c = op->first; c != NULL; c = c->next)
			k += c->type == SP_TILTAK;
		s = sp_printf("%s: %d %s %s %s%s%s", hw(st, W_LEGGTIL, w1,
		    sizeof(w1)), k, "tiltak", hw(st, W_UNDER, w2,
		    sizeof(w2)),
		    t != NULL && t->type == SP_MAL ? p_mal : "",
		    t != NULL && t->type == SP_MAL ? " " : "",
		    t != NULL && sp_attr(t, "namn") != NULL ?
		    sp_attr(t, "namn") : t != NULL && sp_attr(t, "nr") !=
		    NULL ? sp_attr(t, "nr") : sp_attr(op, "i"));
		break;
	}
	}
	free(tx);
	return s;
}

/*
 * The version V follows: the basis of the revision REV it is, else the
 * one most of its tiltak name as forgjengar; NULL if none.
 */
static const struct sp_version *
previous(const struct sp_plan *p, const struct sp_version *v,
    const struct sp_node *rev)
{
	const struct sp_version *best = NULL;
	size_t		 i, k, most = 0;

	if (rev != NULL)
		return sp_version_find(p, sp_attr(rev, "basis"));
	for (i = 0; i < p->nversions; i++)
		if (&p->versions[i] != v &&
		    (k = lineage(p, v, &p->versions[i])) > most) {
			most = k;
			best = &p->versions[i];
		}
	return best;
}

/*
 * What changed from PREV, counted from the plan-versus-plan diff
 * (sp_diff_match): tiltak kept, reworded, moved, split, merged, taken
 * out and new. A split counts its old tiltak once, a merge its new one.
 */
static void
changes(struct pl *P, struct sp_block *l, const struct sp_version *prev)
{
	static const char *const words[2][SP_D__MAX] = {
		{ "uendra", "endra", "flytta", "delt", "slegen saman",
		    "teken ut", "ny" },
		{ "uendra", "endra", "flytta", "delte", "slegne saman",
		    "tekne ut", "nye" }
	};
	char		 w[64];
	struct sp_diff	*d = sp_diff_match(P->B.plan, prev, P->v, 0);
	struct sp_buf	 b = { NULL, 0, 0 };
	size_t		 n[SP_D__MAX] = { 0 }, i, j;
	char		*name;
	const struct sp_version **pf, **pt;
	int		 k, np, first = 1;

	for (i = 0; i < d->nrows; i++) {
		const struct sp_dpair *r = &d->rows[i];

		/* a split or merge once per tiltak on its single side */
		for (j = 0; j < i; j++)
			if (d->rows[j].kind == r->kind &&
			    ((r->kind == SP_D_SPLIT && d->rows[j].from == r->from) ||
			    (r->kind == SP_D_MERGED && d->rows[j].to == r->to)))
				break;
		n[r->kind] += j == i;
	}
	name = version_name(P->B.plan, prev->id);
	sp_buf_printf(&b, "%s %s: ", hw(P->B.st, W_FROM, w, sizeof(w)), name);
	for (k = 0; k < SP_D__MAX; k++) {
		if (n[k] == 0)
			continue;
		sp_buf_printf(&b, "%s%zu %s", first ? "" : ", ", n[k],
		    part(P->B.st->l_change_kinds, 2 * k + (n[k] > 1),
		    words[n[k] > 1][k], w, sizeof(w)));
		first = 0;
	}
	/* the diff document of the two, where the master makes one: by its
	 * title, as a reader finds it among the papers */
	np = sp_diff_pairs(P->B.plan, &pf, &pt);
	for (k = 0; k < np && (pf[k] != prev || pt[k] != P->v); k++)
		;
	if (k < np) {
		char	*title = sp_diff_title(P->B.st, prev, P->v);

		sp_buf_printf(&b, " (tiltak; %s \xC2\xAB%s\xC2\xBB)",
		    hw(P->B.st, W_SEE, w, sizeof(w)), title);
		free(title);
	} else
		sp_buf_puts(&b, " (tiltak)");
	free(pf);
	free(pt);
	item(&P->B, l, P->B.st->l_changes, b.s);
	sp_buf_free(&b);
	free(name);
	sp_diff_free(d);
}

/*
 * The appendix: the version's status, what it builds on and what built
 * on it (the curated lineage of its tiltak), the revision it is and the
 * revisions made of it.
 */
static void
history(struct pl *P)
{
	const struct sp_plan *p = P->B.plan;
	const struct sp_style *st = P->B.st;
	const struct sp_node *rev = revision_of(p, P->v->id), *n, *op;
	const struct sp_version *prev;
	struct sp_block	*l;
	size_t		 i, k;
	char		*s, *name, w1[64], w2[64];

	heading(&P->B, NULL, st->l_history, NULL);
	l = sp_block_new(P->B.doc, NULL, SP_B_LIST);
	if (rev != NULL) {
		name = version_name(p, sp_attr(rev, "basis"));
		item(&P->B, l, st->l_revision_of, name);
		free(name);
	}
	for (i = 0; i < p->nversions; i++) {
		const struct sp_version *o = &p->versions[i];

		if (o == P->v)
			continue;
		if ((k = lineage(p, P->v, o)) > 0) {
			name = version_name(p, o->id);
			s = sp_printf("%s: %zu %s %zu %s", name, k,
			    hw(st, W_OF, w1, sizeof(w1)), P->v->ntiltak,
			    hw(st, W_HAS_PRED, w2, sizeof(w2)));
			item(&P->B, l, st->l_predecessor, s);
			free(s);
			free(name);
		}
		if ((k = lineage(p, o, P->v)) > 0) {
			name = version_name(p, o->id);
			s = sp_printf("%s: %zu %s %zu %s", name, k,
			    hw(st, W_OF, w1, sizeof(w1)), o->ntiltak,
			    hw(st, W_BUILDS, w2, sizeof(w2)));
			item(&P->B, l, st->l_successor, s);
			free(s);
			free(name);
		}
	}
	if (rev != NULL) {
		for (op = rev->first; op != NULL; op = op->next) {
			if (op->type != SP_TAKUT && op->type != SP_LEGGTIL &&
			    op->type != SP_ENDRE)
				continue;
			s = change(p, st, op);
			item(&P->B, l, NULL, s);
			free(s);
		}
	}
	for (n = p->root->first; n != NULL; n = n->next) {
		char *d;

		if (n->type != SP_REVISJON ||
		    strcmp(sp_attr(n, "basis"), P->v->id) != 0)
			continue;
		d = sp_date_long(sp_attr(n, "dato"));
		s = sp_printf("%s (%s) – %s %s, %s", sp_attr(n, "tittel"),
		    sp_attr(n, "id"), st->l_adopted, organ_name(p,
		    sp_attr(n, "organ")), d);
		item(&P->B, l, st->l_revisions, s);
		free(s);
		free(d);
	}
	if ((prev = previous(p, P->v, rev)) != NULL)
		changes(P, l, prev);
	if (l->first == NULL)
		item(&P->B, l, NULL, "–");
}

/* ---------------------------------------------------------- the whole */

static void
title_page(struct pl *P)
{
	const struct sp_plan *p = P->B.plan;
	const struct sp_style *st = P->B.st;
	const char	*status = sp_attr(P->vn, "status");
	const char	*organ = sp_attr(P->vn, "organ");
	const struct sp_node *rev = revision_of(p, P->v->id);
	struct sp_block	*b;
	char		*d = sp_attr(P->vn, "dato") ?
			    sp_date_long(sp_attr(P->vn, "dato")) : NULL;
	char		*s;

	sp_block_new(P->B.doc, NULL, SP_B_BREAK)->height = 150;
	para(&P->B, NULL, SP_ROLE_META, sp_attr(p->root, "namn"), SP_SPAN_B);
	b = sp_block_new(P->B.doc, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	sp_build_add(&b->text, sp_attr(P->vn, "tittel"), 0);
	b = sp_block_new(P->B.doc, NULL, SP_B_RULE);
	b->height = 1.2;
	if (status != NULL && strcmp(status, "utkast") == 0)
		s = sp_printf("%s%s%s", st->l_draft, d ? " " : "", d ? d : "");
	else if (organ != NULL)
		s = sp_printf("%s %s%s%s", st->l_adopted, organ_name(p, organ),
		    d ? ", " : "", d ? d : "");
	else
		s = sp_strdup(d ? d : "");
	para(&P->B, NULL, SP_ROLE_H2, sp_attr(P->vn, "periode"), 0);
	if (*s != '\0')
		para(&P->B, NULL, SP_ROLE_BODY, s, 0);
	free(s);
	if (rev != NULL) {
		char *name = version_name(p, sp_attr(rev, "basis"));

		s = sp_printf("%s %s", st->l_revision_of, name);
		para(&P->B, NULL, SP_ROLE_BODY, s, 0);
		free(s);
		free(name);
	}
	if (sp_child(P->vn, SP_SEKSJON) == NULL &&
	    sp_child(P->vn, SP_INNSATSOMRADE) != NULL) {
		sp_block_new(P->B.doc, NULL, SP_B_SPACE)->height = 24;
		b = sp_block_new(P->B.doc, NULL, SP_B_MISSING);
		sp_build_add(&b->text, st->l_only_hp, 0);
	}
	free(d);
}

/* Has an innsatsområde of version V a child of type T? */
static int
has(const struct sp_node *v, enum sp_type t)
{
	const struct sp_node *a;

	for (a = v->first; a != NULL; a = a->next)
		if (a->type == SP_INNSATSOMRADE && sp_child(a, t) != NULL)
			return 1;
	return 0;
}

/* Give every heading below the title an anchor, and list those of the
 * two upper levels in the contents. */
static void
contents(struct pl *P, struct sp_block *toc)
{
	struct sp_block	*b, *e;
	int		 n = 0;

	for (b = P->B.doc->first; b != NULL; b = b->next) {
		if (b->type != SP_B_HEADING || b->level < 2 || b->next == toc)
			continue;
		b->anchor = sp_printf("%s.%d", P->v->id, ++n);
		if (b->level > 3 || b->text.text == NULL)
			continue;
		e = sp_block_new(P->B.doc, toc, SP_B_PARA);
		e->level = b->level;
		e->role = b->level == 2 ? SP_ROLE_H3 : SP_ROLE_BODY;
		e->ref = sp_strdup(b->anchor);
		e->text.text = NULL;
		{
			char *href = sp_printf("#%s", b->anchor);

			sp_rich_add_link(&e->text, b->text.text, 0, href);
			free(href);
		}
	}
}

struct sp_doc *
sp_doc_plan(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_version *v)
{
	struct pl	 P;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	struct sp_block	*toc, *b;
	const char	*status = sp_attr(v->node, "status");
	size_t		 i;
	int		 k;

	memset(&P, 0, sizeof(P));
	P.B.plan = plan;
	P.B.st = st;
	P.B.doc = d;
	P.B.place = place;
	P.B.arg = &P;
	P.v = v;
	P.vn = v->node;
	for (i = 0; i < v->ntiltak; i++) {
		P.nr |= sp_attr(v->tiltak[i], "nr") != NULL;
		for (k = 0; k < 4; k++)
			P.has[k] |= sp_child(v->tiltak[i], fields[k]) != NULL;
	}

	d->title = sp_strdup(sp_attr(P.vn, "tittel"));
	d->subject = sp_printf("%s %s", sp_attr(P.vn, "tittel"),
	    sp_attr(P.vn, "periode"));
	d->keywords = sp_strdup(v->id);
	d->author = sp_strdup(sp_attr(plan->root, "namn"));
	d->date = sp_attr(P.vn, "dato") ? sp_strdup(sp_attr(P.vn, "dato")) :
	    NULL;
	if (status != NULL && strcmp(status, "utkast") == 0) {
		char *dl = sp_attr(P.vn, "dato") ?
		    sp_date_long(sp_attr(P.vn, "dato")) : sp_strdup("");

		/* a draft says so on every page */
		d->running = sp_printf("%s – %s %s", sp_attr(P.vn, "tittel"),
		    st->l_draft, dl);
		free(dl);
	} else
		d->running = sp_strdup(sp_attr(P.vn, "tittel"));

	title_page(&P);
	sp_block_new(d, NULL, SP_B_BREAK);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 2;
	b->role = SP_ROLE_H1;
	sp_build_add(&b->text, st->l_contents, 0);
	toc = sp_block_new(d, NULL, SP_B_TOC);
	sp_block_new(d, NULL, SP_B_BREAK);

	/* the chapters as the source has them, the plan's parts where
	 * its placeholders stand */
	sp_build_blocks(&P.B, P.vn->first, NULL);
	/* what no placeholder placed goes into chapters of its own */
	if ((!P.skildring && has(P.vn, SP_SKILDRING)) ||
	    (!P.resultatmal && has(P.vn, SP_RESULTATMAL))) {
		heading(&P.B, NULL, st->l_innsatsomrade, NULL);
		P.B.depth++;
		if (!P.skildring)
			skildringar(&P, NULL);
		if (!P.resultatmal)
			resultatmal(&P, NULL);
		P.B.depth--;
	}
	if (!P.hp && sp_child(P.vn, SP_INNSATSOMRADE) != NULL) {
		heading(&P.B, NULL, st->l_handlingsprogram, NULL);
		P.B.depth++;
		handlingsprogram(&P, NULL);
		P.B.depth--;
	}
	history(&P);
	contents(&P, toc);
	return d;
}
