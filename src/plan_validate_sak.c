/* plan_validate_sak.c: the checks of status reports, the placeholders
 * that show them, saker and meetings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "validate.h"

/* ---------------------------------------------------- status reports */

void
pv_report(const struct sp_plan *p, const struct sp_node *rep)
{
	const struct sp_version	*v;
	const char		*id;
	size_t			 i;

	pv_ref(p, rep, "organ", sp_attr(rep, "organ"), SP_ORGAN);
	if ((v = pv_version_ref(p, rep, "versjon")) == NULL)
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

void
pv_status(const struct sp_plan *p, const struct sp_node *st)
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
			if (pv_has_id(v->tiltak[i], id))
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
void
pv_statusval(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_version	*v;
	const struct sp_node	*a;
	const char		*ids;
	char			*copy, *tok, *save = NULL;

	v = pv_version_ref(p, n, "versjon");
	pv_ref(p, n, "rapport", sp_attr(n, "rapport"), SP_STATUSRAPPORT);
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
			pv_ref(p, n, "innsatsområde", tok,
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
void
pv_endringar(const struct sp_plan *p, const struct sp_node *n)
{
	const struct sp_version	*v;
	const struct sp_node	*a;
	const char		*id = sp_attr(n, "innsatsområde");

	pv_version_ref(p, n, "frå");
	v = pv_version_ref(p, n, "til");
	if (id == NULL || v == NULL)
		return;
	if ((a = sp_find_in(v->node, id)) == NULL ||
	    a->type != SP_INNSATSOMRADE)
		sp_msg(SP_ERROR, n->file, n->line, "<endringar> "
		    "innsatsområde: no innsatsområde %s in %s", id, v->id);
}

/* -------------------------------------------------------------- saker */

/* "Sak 03-26" dated in 2025: the number's year against the date's. */
void
pv_sak(const struct sp_plan *p, const struct sp_node *sak)
{
	const char	*nr = sp_attr(sak, "nr"), *d = sp_attr(sak, "dato");
	const char	*sep, *s;
	char		*dl;
	int		 y, m, dd, yy;
	size_t		 len;

	pv_ref(p, sak, "organ", sp_attr(sak, "organ"), SP_ORGAN);
	if (nr == NULL || d == NULL || pv_date_parse(d, &y, &m, &dd) == 0)
		return;
	sep = strrchr(nr, '-');
	if ((s = strrchr(nr, '/')) != NULL && (sep == NULL || s > sep))
		sep = s;
	if (sep == NULL || (len = strlen(sep + 1)) < 2 ||
	    strspn(sep + 1, "0123456789") != len)
		return;
	yy = pv_digits(sep + 1 + len - 2, 2);
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
void
pv_mote(const struct sp_plan *p, const struct sp_node *m)
{
	const struct sp_node	*sl = sp_child(m, SP_SAKSLISTE), *r, *q, *sak;
	const char		*organ = sp_attr(m, "organ");
	const char		*d = sp_attr(m, "dato"), *sd;
	char			*dl;

	pv_ref(p, m, "organ", organ, SP_ORGAN);
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
		if ((sak = pv_ref(p, r, "ref", sp_attr(r, "ref"),
		    SP_SAK)) == NULL)
			continue;
		if (organ != NULL && sp_attr(sak, "organ") != NULL &&
		    strcmp(organ, sp_attr(sak, "organ")) != 0)
			sp_msg(SP_WARNING, r->file, r->line, "sak %s is for "
			    "%s, the meeting is of %s", sp_attr(r, "ref"),
			    sp_attr(sak, "organ"), organ);
		sd = sp_attr(sak, "dato");
		if (d != NULL && sd != NULL && pv_date_before(d, sd)) {
			dl = sp_date_long(d);
			sp_msg(SP_WARNING, r->file, r->line, "sak %s is dated "
			    "%s, after the meeting of %s", sp_attr(r, "ref"),
			    sd, dl);
			free(dl);
		}
	}
}
