/* doc_prose.c: prose in the model (sections, paragraphs, lists, tables)
 * to blocks, and inline markup to rich text. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_doc.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Append S to R with white space folded against what R ends with, and
 * a space between digit groups ("9 682 355") made non-breaking.
 */
static void
add_text(struct sp_rich *r, const char *s, unsigned flags)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const char	*p;
	int		 space = r->text == NULL || r->text[0] == '\0' ||
			    is_space(r->text[strlen(r->text) - 1]) ||
			    strcmp(r->text + strlen(r->text) -
			    (strlen(r->text) >= 2 ? 2 : 0), "\xC2\xA0") == 0;

	sp_buf_puts(&b, "");
	for (p = s; *p != '\0'; p++) {
		if (is_space(*p)) {
			if (!space) {
				const char *prev = b.len ? b.s + b.len - 1 :
				    (r->text && *r->text ? r->text +
				    strlen(r->text) - 1 : "");

				if (is_digit(*prev) && is_digit(p[1]) &&
				    is_digit(p[2]) && is_digit(p[3]) &&
				    !is_digit(p[4]))
					sp_buf_puts(&b, "\xC2\xA0");
				else
					sp_buf_putc(&b, ' ');
			}
			space = 1;
			continue;
		}
		sp_buf_putc(&b, *p);
		space = 0;
	}
	if (b.len > 0)
		sp_rich_add(r, b.s, flags);
	sp_buf_free(&b);
}

char *
sp_build_text(const char *s)
{
	struct sp_rich	r = { NULL, NULL, 0 };

	add_text(&r, s, 0);
	if (r.text == NULL)
		return sp_strdup("");
	while (*r.text && r.text[strlen(r.text) - 1] == ' ')
		r.text[strlen(r.text) - 1] = '\0';
	free(r.spans);
	return r.text;
}

/* Drop the spaces at the end of R, and the parts of spans over them. */
static void
trim_end(struct sp_rich *r)
{
	size_t		len;
	unsigned	i, k;

	if (r->text == NULL)
		return;
	len = strlen(r->text);
	while (len > 0 && r->text[len - 1] == ' ')
		r->text[--len] = '\0';
	for (i = k = 0; i < r->nspans; i++) {
		if (r->spans[i].end > len)
			r->spans[i].end = (unsigned)len;
		if (r->spans[i].start < r->spans[i].end)
			r->spans[k++] = r->spans[i];
	}
	r->nspans = k;
}

static void
rich(struct sp_build *B, const struct sp_node *n, struct sp_rich *r,
    unsigned flags)
{
	const struct sp_node	*c;

	for (c = n->first; c != NULL; c = c->next) {
		switch (c->type) {
		case SP_TEXT:
			add_text(r, c->text, flags);
			break;
		case SP_B:
			rich(B, c, r, flags | SP_SPAN_B);
			break;
		case SP_I:
			rich(B, c, r, flags | SP_SPAN_I);
			break;
		case SP_U:
			rich(B, c, r, flags | SP_SPAN_U);
			break;
		case SP_S:
			rich(B, c, r, flags | SP_SPAN_S);
			break;
		case SP_BR:
			trim_end(r);
			sp_rich_add(r, "\n", flags);
			break;
		case SP_FOTNOTE:
			add_text(r, " (", flags);
			rich(B, c, r, flags);
			add_text(r, ")", flags);
			break;
		case SP_TILTAKREF: {
			const struct sp_node *t = sp_find(B->plan,
			    sp_attr(c, "ref"));
			const char *vis = sp_attr(c, "vis");
			char *tx;

			if (t == NULL)
				break;		/* lint reports it */
			/* the number as printed; the author writes "tiltak".
			 * One without a number is shown by its text. */
			if (sp_attr(t, "nr") != NULL)
				add_text(r, sp_attr(t, "nr"), flags);
			if (vis == NULL || strcmp(vis, "nr") != 0 ||
			    sp_attr(t, "nr") == NULL) {
				tx = sp_node_plain(B->plan, sp_child(t, SP_TEKST));
				add_text(r, " «", flags);
				add_text(r, tx, flags | SP_SPAN_I);
				sp_rich_add(r, "»", flags);
				free(tx);
			}
			break;
		}
		default:
			break;		/* block content: not inline */
		}
	}
}

void
sp_build_rich(struct sp_build *B, const struct sp_node *n, struct sp_rich *r)
{
	rich(B, n, r, 0);
	if (r->text == NULL)
		sp_rich_add(r, "", 0);
	trim_end(r);
}

static struct sp_block *
para(struct sp_build *B, struct sp_block *parent, const struct sp_node *n,
    enum sp_role role)
{
	struct sp_block	*b = sp_block_new(B->doc, parent, SP_B_PARA);

	b->role = role;
	b->file = n->file;
	b->line = n->line;
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
	const char	*start = sp_attr(n, "start");
	int		 num = start != NULL ? atoi(start) : 1;

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
		rich(B, p, &pb->text, 0);
		if (pb->text.text == NULL)
			sp_rich_add(&pb->text, "", 0);
		for (c = p->first; c != NULL; c = c->next)
			if (c->type == SP_LISTE)
				list(B, c, it, role);
	}
}

static double
col_width(const char *w)
{
	char	*end;
	double	 d;

	if (w == NULL)
		return -1;
	d = strtod(w, &end);
	if (end == w)
		return -1;
	if (*end == '*')
		return -(d > 0 ? d : 1);
	if (strcmp(end, "mm") == 0)
		return d * 72 / 25.4;
	if (strcmp(end, "pt") == 0 || *end == '\0')
		return d;
	return -1;
}

static void
table(struct sp_build *B, const struct sp_node *n, struct sp_block *parent)
{
	struct sp_block	*b;
	const struct sp_node *c, *cell;
	int		 ncols = 0, i;

	if (sp_attr(n, "tittel") != NULL) {
		/* the caption stays with its table */
		b = sp_block_new(B->doc, parent, SP_B_PARA);
		b->role = SP_ROLE_SMALL;
		b->keep = 1;
		add_text(&b->text, sp_attr(n, "tittel"), SP_SPAN_B);
	}
	b = sp_block_new(B->doc, parent, SP_B_TABLE);

	for (c = n->first; c != NULL; c = c->next)
		if (c->type == SP_KOLONNE)
			ncols++;
	b->table = sp_table_new(ncols);
	if (sp_attr(n, "tittel") != NULL)
		b->table->summary = sp_strdup(sp_attr(n, "tittel"));
	b->file = n->file;
	b->line = n->line;
	for (c = n->first, i = 0; c != NULL; c = c->next) {
		const char *j;

		if (c->type != SP_KOLONNE)
			continue;
		b->table->width[i] = col_width(sp_attr(c, "breidd"));
		j = sp_attr(c, "justering");
		b->table->align[i] = j == NULL ? SP_ALIGN_LEFT :
		    strcmp(j, "høgre") == 0 ? SP_ALIGN_RIGHT :
		    strcmp(j, "midt") == 0 ? SP_ALIGN_CENTER : SP_ALIGN_LEFT;
		i++;
	}
	for (c = n->first; c != NULL; c = c->next) {
		const char *h;
		int head, col = 0;
		struct sp_row *row;

		if (c->type != SP_RAD)
			continue;
		h = sp_attr(c, "hovud");
		head = h != NULL && strcmp(h, "ja") == 0;
		row = sp_table_row(b->table, head ? SP_ROW_HEAD : 0);
		for (cell = c->first; cell != NULL; cell = cell->next) {
			struct sp_cell *ce;

			if (cell->type != SP_CELLE)
				continue;
			ce = sp_row_cell(row, head ? SP_ROLE_CELLHEAD :
			    SP_ROLE_CELL);
			if (sp_attr(cell, "spenn") != NULL)
				ce->span = atoi(sp_attr(cell, "spenn"));
			ce->align = col < ncols ? b->table->align[col] : 0;
			if (head) {
				ce->fill = B->st->head_fill;
				ce->colour = B->st->head_colour;
			}
			sp_build_rich(B, cell, &ce->text);
			col += ce->span;
		}
	}
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
			add_text(&b->text, sp_attr(n, "tittel"), 0);
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

			b = sp_block_new(B->doc, parent, SP_B_QUOTE);
			for (c = n->first; c != NULL; c = c->next)
				if (c->type == SP_AVSNITT)
					para(B, b, c, SP_ROLE_QUOTE);
			if (sp_attr(n, "kjelde") != NULL) {
				struct sp_block *k = sp_block_new(B->doc, b,
				    SP_B_PARA);

				k->role = SP_ROLE_SMALL;
				sp_rich_add(&k->text, "– ", 0);
				add_text(&k->text, sp_attr(n, "kjelde"), 0);
			}
			break;
		}
		case SP_TABELL:
			table(B, n, parent);
			break;
		case SP_MANGLAR:
			b = sp_block_new(B->doc, parent, SP_B_MISSING);
			b->file = n->file;
			b->line = n->line;
			sp_rich_add(&b->text, B->st->l_missing ?
			    B->st->l_missing : "", SP_SPAN_B);
			sp_rich_add(&b->text, ": ", SP_SPAN_B);
			rich(B, n, &b->text, SP_SPAN_I);
			break;
		case SP_STATUSTABELL:
		case SP_STATUSFORKLARING:
		case SP_STATUSDIAGRAM:
		case SP_STATUSSAMANDRAG:
			sp_build_status(B, n, parent);
			break;
		default:
			break;
		}
	}
}
