/* doc_mote.c: a meeting's bundle: what goes in it, and its cover. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

/*
 * The vedlegg of sakref R in the bundle: the vedleggref the sakref lists,
 * or else those of the sak's own vedleggliste that name a vedlegg of the
 * master.
 */
static void
add_vedlegg(const struct sp_plan *p, const struct sp_node *r,
    const struct sp_node *sak, struct sp_mote_item **v, int *n)
{
	const struct sp_node	*from = r, *x, *vd;

	if (sp_child(r, SP_VEDLEGGREF) == NULL)
		from = sp_child(sak, SP_VEDLEGGLISTE);
	for (x = from != NULL ? from->first : NULL; x != NULL; x = x->next) {
		if (x->type != SP_VEDLEGGREF || sp_attr(x, "ref") == NULL ||
		    (vd = sp_find(p, sp_attr(x, "ref"))) == NULL ||
		    vd->type != SP_VEDLEGG)
			continue;
		*v = sp_realloc(*v, (*n + 1) * sizeof(**v));
		(*v)[*n].node = vd;
		(*v)[*n].vedlegg = 1;
		(*n)++;
	}
}

int
sp_mote_items(const struct sp_plan *p, const struct sp_node *mote,
    struct sp_mote_item **out)
{
	const struct sp_node	*sl = sp_child(mote, SP_SAKSLISTE), *r, *sak;
	int			 n = 0;

	*out = NULL;
	for (r = sl != NULL ? sl->first : NULL; r != NULL; r = r->next) {
		if (r->type != SP_SAKREF ||
		    (sak = sp_find(p, sp_attr(r, "ref"))) == NULL ||
		    sak->type != SP_SAK)
			continue;	/* lint has said so */
		*out = sp_realloc(*out, (n + 1) * sizeof(**out));
		(*out)[n].node = sak;
		(*out)[n].vedlegg = 0;
		n++;
		add_vedlegg(p, r, sak, out, &n);
	}
	return n;
}

static const char *
organ_namn(const struct sp_plan *p, const struct sp_node *mote)
{
	const struct sp_node *o = sp_find(p, sp_attr(mote, "organ"));

	return o != NULL && sp_attr(o, "namn") != NULL ? sp_attr(o, "namn") :
	    sp_attr(mote, "organ");
}

char *
sp_mote_title(const struct sp_plan *p, const struct sp_style *st,
    const struct sp_node *mote)
{
	char	*d = sp_date_long(sp_attr(mote, "dato")), *s;
	const char *ex = sp_attr(mote, "eksempel");

	s = sp_printf("%s %s %s%s%s%s", st->l_mote, organ_namn(p, mote), d,
	    ex != NULL && strcmp(ex, "ja") == 0 ? " (" : "",
	    ex != NULL && strcmp(ex, "ja") == 0 ? st->l_example : "",
	    ex != NULL && strcmp(ex, "ja") == 0 ? ")" : "");
	free(d);
	return s;
}

char *
sp_mote_dest(const struct sp_mote_item *it, int i)
{
	return sp_printf("del%d-%s", i + 1, sp_attr(it[i].node, "id"));
}

/* A cell holding S linked to item I of the bundle. */
static void
link_cell(struct sp_row *row, const char *s, int align,
    const struct sp_mote_item *it, int i)
{
	struct sp_cell	*c = sp_row_cell(row, SP_ROLE_CELL);
	char		*d = sp_mote_dest(it, i), *href = sp_printf("#%s", d);

	sp_rich_add_link(&c->text, s, 0, href);
	c->align = align;
	free(href);
	free(d);
}

/*
 * The saksliste: number, title and first page of each sak and vedlegg,
 * each linked to where it begins.
 */
static void
saksliste(struct sp_build *B, const struct sp_mote_item *it, int n,
    const int *start)
{
	const struct sp_style	*st = B->st;
	struct sp_block		*b = sp_block_new(B->doc, NULL, SP_B_TABLE);
	struct sp_table		*tb;
	struct sp_row		*row;
	char			*s;
	int			 i, k = 0;

	tb = b->table = sp_table_new(3);
	tb->width[0] = 52;
	tb->width[1] = -1.0;
	tb->width[2] = 40;
	tb->summary = sp_strdup(st->l_saksliste);
	row = sp_table_row(tb, SP_ROW_HEAD);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_sak, SP_ALIGN_LEFT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_tittel, SP_ALIGN_LEFT);
	sp_cell_text(row, SP_ROLE_CELLHEAD, st->l_side, SP_ALIGN_RIGHT);
	sp_row_head(B, row);
	for (i = 0; i < n; i++) {
		const struct sp_node *x = it[i].node;

		row = sp_table_row(tb, i + 1 < n && it[i + 1].vedlegg ?
		    SP_ROW_KEEP : 0);
		if (!it[i].vedlegg) {
			k = 0;
			s = sp_printf("%s\xC2\xA0%s", st->l_sak,
			    sp_attr(x, "nr"));
			link_cell(row, s, SP_ALIGN_LEFT, it, i);
			free(s);
			s = sp_node_plain(B->plan, sp_child(x, SP_TITTEL));
		} else {
			sp_cell_text(row, SP_ROLE_CELL, "", SP_ALIGN_LEFT);
			s = sp_printf("%s %d: %s", st->l_vedlegg, ++k,
			    sp_attr(x, "tittel"));
		}
		link_cell(row, s, SP_ALIGN_LEFT, it, i);
		free(s);
		if (start != NULL) {
			s = sp_printf("%d", start[i]);
			link_cell(row, s, SP_ALIGN_RIGHT, it, i);
			free(s);
		} else
			sp_cell_text(row, SP_ROLE_CELL, "", SP_ALIGN_RIGHT);
	}
}

struct sp_doc *
sp_doc_mote(const struct sp_plan *p, const struct sp_style *st,
    const struct sp_node *mote, const struct sp_mote_item *it, int n,
    const int *start)
{
	struct sp_build	 B;
	struct sp_doc	*d = sp_calloc(1, sizeof(*d));
	const struct sp_node *ink = sp_child(mote, SP_INNKALLING);
	const char	*ex = sp_attr(mote, "eksempel");
	struct sp_block	*b;
	char		*date, *s;

	memset(&B, 0, sizeof(B));
	B.plan = p;
	B.st = st;
	B.doc = d;
	date = sp_date_long(sp_attr(mote, "dato"));
	d->title = sp_mote_title(p, st, mote);
	d->subject = sp_printf("%s, %s", st->l_saksliste, organ_namn(p, mote));
	d->keywords = sp_strdup(st->l_saksliste);
	d->author = sp_strdup(sp_attr(p->root, "namn"));
	d->date = sp_strdup(sp_attr(mote, "dato"));
	d->running = sp_strdup(d->title);

	b = sp_block_new(d, NULL, SP_B_PARA);
	b->role = SP_ROLE_META;
	sp_rich_add(&b->text, sp_attr(p->root, "namn"), SP_SPAN_B);
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 1;
	b->role = SP_ROLE_TITLE;
	s = sp_printf("%s %s", st->l_mote, organ_namn(p, mote));
	sp_rich_add(&b->text, s, 0);
	free(s);
	b = sp_block_new(d, NULL, SP_B_PARA);
	b->role = SP_ROLE_META;
	if (sp_attr(mote, "tid") != NULL)
		s = sp_printf("%s: %s · %s: %s · %s: %s", st->l_date, date,
		    st->l_tid, sp_attr(mote, "tid"), st->l_stad,
		    sp_attr(mote, "stad"));
	else
		s = sp_printf("%s: %s · %s: %s", st->l_date, date,
		    st->l_stad, sp_attr(mote, "stad"));
	sp_rich_add(&b->text, s, 0);
	free(s);
	b = sp_block_new(d, NULL, SP_B_RULE);
	b->height = 1.2;
	if (ex != NULL && strcmp(ex, "ja") == 0) {
		b = sp_block_new(d, NULL, SP_B_MISSING);
		sp_rich_add(&b->text, st->l_example, SP_SPAN_B);
	}
	if (ink != NULL) {
		b = sp_block_new(d, NULL, SP_B_HEADING);
		b->level = 2;
		b->role = SP_ROLE_H1;
		sp_rich_add(&b->text, st->l_innkalling, 0);
		sp_build_blocks(&B, ink->first, NULL);
	}
	b = sp_block_new(d, NULL, SP_B_HEADING);
	b->level = 2;
	b->role = SP_ROLE_H1;
	b->keep = 1;
	sp_rich_add(&b->text, st->l_saksliste, 0);
	saksliste(&B, it, n, start);
	free(date);
	return d;
}
