/* doc_sak.c: the saksframlegg and the vedlegg documents. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

struct sp_block *
sp_doc_para(struct sp_doc *d, enum sp_role role, const char *s, unsigned flags)
{
	struct sp_block	*b = sp_block_new(d, NULL, SP_B_PARA);

	b->role = role;
	sp_rich_add(&b->text, s, flags);
	return b;
}

struct sp_block *
sp_doc_heading(struct sp_doc *d, const char *s, int level)
{
	struct sp_block	*b = sp_block_new(d, NULL, SP_B_HEADING);

	b->level = level;
	b->role = level <= 2 ? SP_ROLE_H1 : SP_ROLE_H2;
	sp_rich_add(&b->text, s, 0);
	return b;
}

static struct sp_block *
space(struct sp_doc *d, double pt)
{
	struct sp_block	*b = sp_block_new(d, NULL, SP_B_SPACE);

	b->height = pt;
	return b;
}

static const char *
organ_name(const struct sp_plan *p, const char *id, int full)
{
	const struct sp_node *o = id != NULL ? sp_find(p, id) : NULL;

	if (o == NULL)
		return id != NULL ? id : "";
	if (!full && sp_attr(o, "kortnamn") != NULL)
		return sp_attr(o, "kortnamn");
	return sp_attr(o, "namn");
}

struct sp_doc *
sp_doc_sak(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_node *sak)
{
	struct sp_build	 B;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	const struct sp_node *tittel = sp_child(sak, SP_TITTEL);
	const struct sp_node *forslag = sp_child(sak, SP_FORSLAG);
	const struct sp_node *sign = sp_child(sak, SP_UNDERSKRIFT);
	const struct sp_node *vl = sp_child(sak, SP_VEDLEGGLISTE);
	const struct sp_node *person = NULL;
	struct sp_block	*b;
	char		*date, *title, *s, *nr;
	const char	*stad;

	memset(&B, 0, sizeof(B));
	B.plan = plan;
	B.st = st;
	B.doc = d;
	title = sp_node_plain(plan, tittel);
	date = sp_date_long(sp_attr(sak, "dato"));
	nr = sp_printf("%s\xC2\xA0%s", st->l_sak, sp_attr(sak, "nr"));
	stad = sp_attr(sak, "stad") ? sp_attr(sak, "stad") :
	    sp_attr(plan->root, "stad");
	if (sign != NULL)
		person = sp_find(plan, sp_attr(sign, "person"));

	d->title = sp_printf("%s %s %s", st->l_sak, sp_attr(sak, "nr"), title);
	d->subject = sp_printf("%s, %s", organ_name(plan,
	    sp_attr(sak, "organ"), 0), date);
	d->keywords = sp_strdup(sp_attr(sak, "emneord") ?
	    sp_attr(sak, "emneord") : "");
	d->author = sp_strdup(person != NULL ? sp_attr(person, "namn") : "");
	d->date = sp_strdup(sp_attr(sak, "dato"));
	d->running = sp_printf("%s %s", nr, title);	/* NBSP kept: on screen */

	/* Head: the sender, the number and title, the meeting body, date. */
	sp_doc_para(d, SP_ROLE_META, sp_attr(plan->root, "namn"), SP_SPAN_B);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	sp_rich_add(&b->text, nr, 0);
	sp_rich_add(&b->text, " ", 0);
	sp_build_rich(&B, tittel, &b->text);
	s = sp_printf("%s: %s · %s: %s", st->l_body, organ_name(plan,
	    sp_attr(sak, "organ"), 0), st->l_date, date);
	sp_doc_para(d, SP_ROLE_META, s, 0);
	free(s);
	b = sp_block_new(d, NULL, SP_B_RULE);
	b->height = 1.2;

	/* The body as written. */
	sp_build_blocks(&B, sak->first, NULL);

	if (forslag != NULL) {
		sp_doc_heading(d, st->l_forslag, 2);
		sp_build_blocks(&B, forslag->first, NULL);
	}
	space(d, 14);
	s = sp_printf("%s, %s", stad != NULL ? stad : "", date);
	b = sp_doc_para(d, SP_ROLE_SIGN, s, 0);
	b->keep = 1;
	free(s);
	if (person != NULL) {
		b = space(d, 18);
		b = sp_doc_para(d, SP_ROLE_SIGN, sp_attr(person, "namn"), 0);
		b->keep = 1;
		sp_doc_para(d, SP_ROLE_SIGN, sp_attr(person, "tittel"), 0);
	}
	if (vl != NULL) {
		const struct sp_node *v, *ref;
		struct sp_block *l, *it, *pb;
		int n = 1;

		sp_doc_heading(d, st->l_vedlegg, 2);
		l = sp_block_new(d, NULL, SP_B_LIST);
		l->ordered = 1;
		for (v = vl->first; v != NULL; v = v->next) {
			if (v->type != SP_VEDLEGGREF)
				continue;
			it = sp_block_new(d, l, SP_B_ITEM);
			it->label = sp_printf("%d.", n++);
			pb = sp_block_new(d, it, SP_B_PARA);
			pb->role = SP_ROLE_BODY;
			sp_build_rich(&B, v, &pb->text);
			/* <vedleggref ref="…"/> with no words of its own:
			 * the vedlegg's title */
			if ((pb->text.text == NULL ||
			    pb->text.text[strspn(pb->text.text, " ")] ==
			    '\0') && sp_attr(v, "ref") != NULL &&
			    (ref = sp_find(plan, sp_attr(v, "ref"))) != NULL &&
			    ref->type == SP_VEDLEGG &&
			    sp_attr(ref, "tittel") != NULL)
				sp_rich_add(&pb->text, sp_attr(ref, "tittel"),
				    0);
		}
	}
	free(title);
	free(date);
	free(nr);
	return d;
}

/*
 * The head line of vedlegg V: "Vedlegg N til Sak X" for every sak that
 * lists it, and its date (or, without one, the date of the first sak
 * that lists it). NULL when there is neither.
 */
static char *
vedlegg_head(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_node *v)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const struct sp_node *sak, *vl, *r;
	const char	*dato = sp_attr(v, "dato");
	char		*date;

	sp_buf_puts(&b, "");
	for (sak = plan->root->first; sak != NULL; sak = sak->next) {
		int	 n = 0;

		if (sak->type != SP_SAK ||
		    (vl = sp_child(sak, SP_VEDLEGGLISTE)) == NULL)
			continue;
		for (r = vl->first; r != NULL; r = r->next) {
			if (r->type != SP_VEDLEGGREF)
				continue;
			n++;
			if (sp_attr(r, "ref") == NULL ||
			    strcmp(sp_attr(r, "ref"), sp_attr(v, "id")) != 0)
				continue;
			sp_buf_printf(&b, "%s%s %d til %s\xC2\xA0%s",
			    b.len > 0 ? "; " : "", st->l_vedlegg, n, st->l_sak,
			    sp_attr(sak, "nr"));
			if (dato == NULL)
				dato = sp_attr(sak, "dato");
			break;
		}
	}
	if (dato != NULL && (date = sp_date_long(dato)) != NULL) {
		sp_buf_printf(&b, "%s%s: %s", b.len > 0 ? " · " : "",
		    st->l_date, date);
		free(date);
	}
	if (b.len == 0) {
		sp_buf_free(&b);
		return NULL;
	}
	return b.s;
}

struct sp_doc *
sp_doc_vedlegg(const struct sp_plan *plan, const struct sp_style *st,
    const struct sp_node *v)
{
	struct sp_build	 B;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	struct sp_block	*b;
	char		*head;

	memset(&B, 0, sizeof(B));
	B.plan = plan;
	B.st = st;
	B.doc = d;
	d->title = sp_strdup(sp_attr(v, "tittel"));
	d->subject = sp_printf("%s, %s", st->l_vedlegg,
	    sp_attr(plan->root, "namn"));
	d->keywords = sp_strdup("");
	d->author = sp_strdup(sp_attr(plan->root, "namn"));
	d->date = sp_attr(v, "dato") ? sp_strdup(sp_attr(v, "dato")) : NULL;
	d->running = sp_printf("%s – %s", st->l_vedlegg, sp_attr(v, "tittel"));
	sp_doc_para(d, SP_ROLE_META, sp_attr(plan->root, "namn"), SP_SPAN_B);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	sp_rich_add(&b->text, sp_attr(v, "tittel"), 0);
	head = vedlegg_head(plan, st, v);
	if (head != NULL) {
		sp_doc_para(d, SP_ROLE_META, head, 0);
		free(head);
	}
	b = sp_block_new(d, NULL, SP_B_RULE);
	b->height = 1.2;
	sp_build_blocks(&B, v->first, NULL);
	return d;
}
