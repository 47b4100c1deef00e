/* doc_diff.c: plan-versus-plan diff documents (diff-FROM-TO) put together
 * from their parts (doc_diff_summary.c, doc_diff_detail.c,
 * doc_diff_lineage.c), the <endringar> placeholder that puts a diff into
 * a sak, and the diff targets the master gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "dd.h"

/* ----------------------------------------------------------- document */

/* How the marks read: a sample of each, with its words. */
static void
legend(struct dd *x, struct sp_block *parent)
{
	const struct sp_style	*st = x->st;
	struct sp_block		*b = sp_block_new(x->B->doc, parent, SP_B_PARA);
	char			*s;

	b->role = SP_ROLE_SMALL;
	s = sp_printf("I tabellane er ord som er tekne ut, ");
	sp_build_add(&b->text, s, 0);
	free(s);
	sp_build_add(&b->text, "overstreka", SP_SPAN_S | SP_SPAN_DEL);
	sp_build_add(&b->text, " (i kolonna «", 0);
	sp_build_add(&b->text, st->l_diff_before, 0);
	sp_build_add(&b->text, "»), og ord som er sette inn, ", 0);
	sp_build_add(&b->text, "understreka", SP_SPAN_U | SP_SPAN_INS);
	sp_build_add(&b->text, " (i kolonna «", 0);
	sp_build_add(&b->text, st->l_diff_after, 0);
	sp_build_add(&b->text, "»). Uendra tiltak er ikkje med. Ein stjerne "
	    "(*) i slektskapstabellen viser eit tiltak som er kopla til "
	    "forgjengaren sin ved å samanlikne orda; dei andre er kopla "
	    "etter forgjengar-lenkjene i masterfila.", 0);
}

struct sp_doc *
sp_doc_diff(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_version *from, const struct sp_version *to, int flags)
{
	struct sp_build	 B;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	struct sp_block	*b;
	struct dd	 x;
	char		*s;
	int		 same;

	memset(&B, 0, sizeof(B));
	B.plan = plan;
	B.st = st;
	B.doc = d;
	dd_init(&x, &B, from, to, flags);
	d->title = sp_diff_title(st, from, to);
	d->subject = sp_printf("%s \xE2\x80\x93 %s", sp_attr(from->node,
	    "tittel"), sp_attr(to->node, "tittel"));
	d->keywords = sp_printf("%s, %s, %s", st->l_diff_title, from->id,
	    to->id);
	d->author = sp_strdup(sp_attr(plan->root, "namn"));
	d->date = sp_attr(to->node, "dato") != NULL ?
	    sp_strdup(sp_attr(to->node, "dato")) : NULL;
	d->running = sp_strdup(d->title);

	sp_doc_para(d, SP_ROLE_META, sp_attr(plan->root, "namn"), SP_SPAN_B);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	sp_build_add(&b->text, d->title, 0);
	s = sp_printf("Frå «%s» (%s) til «%s» (%s)", sp_attr(from->node,
	    "tittel"), from->id, sp_attr(to->node, "tittel"), to->id);
	sp_doc_para(d, SP_ROLE_META, s, 0);
	free(s);
	b = sp_block_new(d, NULL, SP_B_RULE);
	b->height = 1.2;

	sp_doc_heading(d, st->l_diff_summary, 2);
	s = dd_sentence(&x);
	sp_doc_para(d, SP_ROLE_BODY, s, 0);
	free(s);
	dd_summary(&x, NULL, NULL);
	sp_doc_para(d, SP_ROLE_SMALL, "Sum er tiltaka i den nye versjonen. "
	    "«Tekne ut» er tiltak i den gamle som ikkje er vidareførte; dei "
	    "er talde under innsatsområdet dei fleste av tiltaka rundt dei "
	    "gjekk til.", 0);

	sp_doc_heading(d, st->l_diff_flow, 2);
	b = sp_doc_para(d, SP_ROLE_BODY, "Figuren viser kvar tiltaka under "
	    "kvart innsatsområde i den gamle versjonen (til venstre) hamna i "
	    "den nye (til høgre). Tjukna på kvart band er talet på tiltak.", 0);
	b->keep = 1;	/* with the figure */
	dd_flow(&x, NULL);

	sp_doc_heading(d, st->l_diff_details, 2);
	legend(&x, NULL);
	same = dd_details(&x, NULL, NULL);
	s = sp_printf("%d uendra tiltak er ikkje %s.", same,
	    same == 1 ? "vist" : "viste");
	sp_doc_para(d, SP_ROLE_SMALL, s, 0);
	free(s);

	sp_doc_heading(d, st->l_diff_lineage, 2);
	sp_doc_para(d, SP_ROLE_BODY, "Kvar rad følgjer eitt tiltak, eller "
	    "tiltak som er delte eller slegne saman, gjennom versjonane av "
	    "planen. Teksten er den nyaste.", 0);
	dd_lineage(&x, NULL);
	dd_free(&x);
	return d;
}

/* ------------------------------------------------------ the placeholder */

/*
 * <endringar frå="V1" til="V2" [innsatsområde="ID"] [vis="samandrag"|
 * "tiltak"]/> in a sak: the summing-up sentence and table, or the
 * changed tiltak of one innsatsområde of V2.
 */
void
sp_build_diff(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	const struct sp_version	*from = sp_version_find(B->plan,
				    sp_attr(n, "frå"));
	const struct sp_version	*to = sp_version_find(B->plan,
				    sp_attr(n, "til"));
	const char		*vis = sp_attr(n, "vis");
	const struct sp_node	*only = NULL;
	struct dd		 x;
	char			*s;

	if (from == NULL || to == NULL)
		return;		/* validation has said so */
	/* the area as the version has it (a revision has copies) */
	if (sp_attr(n, "innsatsområde") != NULL)
		only = sp_find_in(to->node, sp_attr(n, "innsatsområde"));
	dd_init(&x, B, from, to, 0);
	if (vis != NULL && strcmp(vis, "tiltak") == 0) {
		legend(&x, parent);
		dd_details(&x, parent, only);
	} else {
		if (only == NULL) {
			struct sp_block *b = sp_block_new(B->doc, parent,
			    SP_B_PARA);

			s = dd_sentence(&x);
			b->role = SP_ROLE_BODY;
			sp_build_add(&b->text, s, 0);
			free(s);
		}
		dd_summary(&x, parent, only);
	}
	dd_free(&x);
}

/* The title of the diff document of FROM and TO: the style's
 * label.diff.title and the two ids; the caller frees it. */
char *
sp_diff_title(const struct sp_style *st, const struct sp_version *from,
    const struct sp_version *to)
{
	return sp_printf("%s %s \xE2\x80\x93 %s", st->l_diff_title, from->id,
	    to->id);
}

/* ------------------------------------------------------------ targets */

int
sp_diff_pairs(const struct sp_plan *p, const struct sp_version ***from,
    const struct sp_version ***to)
{
	const struct sp_version	**v = NULL;
	int			  nv = 0, n = 0, i;
	size_t			  k;

	*from = *to = NULL;
	for (k = 0; k < p->nversions; k++)
		if (dd_revision_of(p, &p->versions[k]) == NULL) {
			v = sp_realloc(v, (nv + 1) * sizeof(*v));
			v[nv++] = &p->versions[k];
		}
#define PAIR(a, b) do { \
		*from = sp_realloc(*from, (n + 1) * sizeof(**from)); \
		*to = sp_realloc(*to, (n + 1) * sizeof(**to)); \
		(*from)[n] = (a); \
		(*to)[n++] = (b); \
	} while (0)
	for (i = 0; i + 1 < nv; i++)
		PAIR(v[i], v[i + 1]);
	if (nv >= 3)
		PAIR(v[0], v[nv - 1]);
	for (k = 0; k < p->nversions; k++) {
		const struct sp_node *rev = dd_revision_of(p, &p->versions[k]);
		const struct sp_version *b;

		if (rev == NULL)
			continue;
		b = sp_version_find(p, sp_attr(rev, "basis"));
		if (b != NULL)
			PAIR(b, &p->versions[k]);
	}
#undef PAIR
	free(v);
	return n;
}
