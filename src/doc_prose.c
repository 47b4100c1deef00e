/* doc_prose.c: prose in the model (sections, paragraphs, lists,
 * quotations) to blocks; tables through doc_table.c, status placeholders
 * through doc_status.c, inline text through doc_rich.c. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

static struct sp_block *
para(struct sp_build *B, struct sp_block *parent, const struct sp_node *n,
    enum sp_role role)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_PARA);

	b->role = role;
	b->file = n->file;
	b->line = n->line;
	if (sp_attr(n, "xml:lang") != NULL)
		b->lang = sp_strdup(sp_attr(n, "xml:lang"));
	sp_build_rich(B, n, &b->text);
	return b;
}

static void
list(struct sp_build *B, const struct sp_node *n, struct sp_block *parent,
    enum sp_role role)
{
	struct sp_block	*l = sp_block_new(B->doc, parent, SP_B_LIST);
	const struct sp_node *p, *c;
	const char	*type = sp_attr(n, "type");
	int		 num = (int)sp_attr_int(n, "start", 1, SP_MAXSTART, 1);

	l->ordered = type != NULL && strcmp(type, "tal") == 0;
	l->file = n->file;
	l->line = n->line;
	for (p = n->first; p != NULL; p = p->next) {
		struct sp_block *it, *pb;

		if (p->type != SP_PUNKT)
			continue;
		it = sp_block_new(B->doc, l, SP_B_ITEM);
		it->label = l->ordered ? sp_printf("%d.", num++) :
		    sp_strdup("•");
		pb = sp_block_new(B->doc, it, SP_B_PARA);
		pb->role = role;
		pb->file = p->file;
		pb->line = p->line;
		if (sp_attr(p, "term") != NULL) {
			sp_rich_add(&pb->text, sp_attr(p, "term"), SP_SPAN_B);
			sp_rich_add(&pb->text, ": ", SP_SPAN_B);
		}
		sp_build_inline(B, p, &pb->text, 0);
		if (pb->text.text == NULL)
			sp_rich_add(&pb->text, "", 0);
		for (c = p->first; c != NULL; c = c->next)
			if (c->type == SP_LISTE)
				list(B, c, it, role);
	}
}

/*
 * A figure the source mentions but the transcription lacks: one quiet
 * caption, "Figur: what it showed — ikkje med i kjelda", in italics.
 */
static void
missing_figure(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_PARA);
	const struct sp_node *c;

	b->role = SP_ROLE_SMALL;
	b->file = n->file;
	b->line = n->line;
	sp_build_add(&b->text, B->st->l_figure, SP_SPAN_I);
	sp_build_add(&b->text, ": ", SP_SPAN_I);
	sp_build_add(&b->text, sp_figure_missing(n), SP_SPAN_I);
	for (c = n->first->next; c != NULL; c = c->next) {
		char *s = sp_node_plain(B->plan, c);

		sp_build_add(&b->text, " ", SP_SPAN_I);
		sp_build_add(&b->text, s, SP_SPAN_I);
		free(s);
	}
	sp_build_add(&b->text, " — ", SP_SPAN_I);
	sp_build_add(&b->text, B->st->l_figure_missing, SP_SPAN_I);
}

void
sp_build_blocks(struct sp_build *B, const struct sp_node *n,
    struct sp_block *parent)
{
	struct sp_block	*b;

	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case SP_SEKSJON:
			b = sp_block_new(B->doc, parent, SP_B_HEADING);
			b->level = B->depth + 2;
			b->role = B->depth == 0 ? SP_ROLE_H1 :
			    B->depth == 1 ? SP_ROLE_H2 : SP_ROLE_H3;
			b->file = n->file;
			b->line = n->line;
			sp_build_add(&b->text, sp_attr(n, "tittel"), 0);
			B->depth++;
			sp_build_blocks(B, n->first, parent);
			B->depth--;
			break;
		case SP_AVSNITT:
			para(B, parent, n, SP_ROLE_BODY);
			break;
		case SP_LISTE:
			list(B, n, parent, SP_ROLE_BODY);
			break;
		case SP_SITAT: {
			const struct sp_node *c;

			if (sp_attr(n, "tittel") != NULL) {
				/* a heading over it, kept with it */
				b = sp_block_new(B->doc, parent, SP_B_PARA);
				b->role = SP_ROLE_SMALL;
				b->keep = 1;
				b->file = n->file;
				b->line = n->line;
				sp_build_add(&b->text, sp_attr(n, "tittel"),
				    SP_SPAN_B);
			}
			b = sp_block_new(B->doc, parent, SP_B_QUOTE);
			if (sp_attr(n, "xml:lang") != NULL)
				b->lang = sp_strdup(sp_attr(n, "xml:lang"));
			for (c = n->first; c != NULL; c = c->next)
				if (c->type == SP_AVSNITT)
					para(B, b, c, SP_ROLE_QUOTE);
			if (sp_attr(n, "kjelde") != NULL) {
				struct sp_block *k = sp_block_new(B->doc, b,
				    SP_B_PARA);

				k->role = SP_ROLE_SMALL;
				sp_rich_add(&k->text, "– ", 0);
				sp_build_add(&k->text, sp_attr(n, "kjelde"), 0);
			}
			break;
		}
		case SP_TABELL:
			sp_build_table(B, n, parent);
			break;
		case SP_MANGLAR:
			if (sp_figure_missing(n) != NULL) {
				missing_figure(B, n, parent);
				break;
			}
			b = sp_block_new(B->doc, parent, SP_B_MISSING);
			b->file = n->file;
			b->line = n->line;
			sp_rich_add(&b->text, B->st->l_missing ?
			    B->st->l_missing : "", SP_SPAN_B);
			sp_rich_add(&b->text, ": ", SP_SPAN_B);
			sp_build_inline(B, n, &b->text, SP_SPAN_I);
			break;
		case SP_STATUSTABELL:
		case SP_STATUSFORKLARING:
		case SP_STATUSDIAGRAM:
		case SP_STATUSSAMANDRAG:
			sp_build_status(B, n, parent);
			break;
		case SP_DIAGRAM:
			sp_build_diagram(B, n, parent);
			break;
		case SP_HANDLINGSPROGRAM:
		case SP_RESULTATMALLISTE:
		case SP_SKILDRINGAR:
			if (B->place != NULL)
				B->place(B, n, parent);
			break;
		case SP_ENDRINGAR:
			sp_build_diff(B, n, parent);
			break;
		default:
			break;
		}
	}
}
