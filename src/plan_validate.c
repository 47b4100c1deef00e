/* plan_validate.c: the walk of lint over the model, and the checks of
 * ids, dates and document parts (tables, lists, diagrams); the checks of
 * versions are in plan_validate_version.c, of reports, saker and
 * meetings in plan_validate_sak.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "validate.h"

/* --------------------------------------------------------------- ids */

/* How many ancestors N has. */
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

/* ------------------------------------------------------------- dates */

static void
check_date(const struct sp_node *n)
{
	const char	*s = sp_attr(n, "dato");

	if (s != NULL && !pv_date_ok(s))
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> dato: %s is not a calendar date",
		    sp_type_name(n->type), s);
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

	pv_ref(p, n, "tabell", sp_attr(n, "tabell"), SP_TABELL);
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
		pv_ref(p, n, "organ", sp_attr(n, "organ"), SP_ORGAN);
		pv_numbers(p, n);
		break;
	case SP_TILTAK:
		pv_tiltak(p, n);
		break;
	case SP_REVISJON:
		pv_revisjon(p, n);
		break;
	case SP_STATUSRAPPORT:
		pv_report(p, n);
		break;
	case SP_STATUS:
		pv_status(p, n);
		break;
	case SP_SAK:
		pv_sak(p, n);
		break;
	case SP_UNDERSKRIFT:
		pv_ref(p, n, "person", sp_attr(n, "person"), SP_PERSON);
		break;
	case SP_VEDLEGGREF:
		pv_ref(p, n, "ref", sp_attr(n, "ref"), SP_VEDLEGG);
		break;
	case SP_MOTE:
		pv_mote(p, n);
		break;
	case SP_STATUSTABELL:
	case SP_STATUSDIAGRAM:
	case SP_STATUSSAMANDRAG:
		pv_statusval(p, n);
		break;
	case SP_ENDRINGAR:
		pv_endringar(p, n);
		break;
	case SP_TILTAKREF:
		pv_ref(p, n, "ref", sp_attr(n, "ref"), SP_TILTAK);
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
