/* form_book.c: the cells read back from a filled-in form, and their names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_form.h"

struct sp_sheet *
sp_book_sheet(struct sp_book *b, const char *name)
{
	struct sp_sheet	*s;

	b->sheets = sp_realloc(b->sheets, (b->nsheets + 1) * sizeof(*s));
	s = &b->sheets[b->nsheets++];
	memset(s, 0, sizeof(*s));
	s->name = name != NULL ? sp_strdup(name) : NULL;
	return s;
}

void
sp_sheet_set(struct sp_sheet *s, int row, int col, const char *text,
    size_t len)
{
	struct sp_fcell	*c;

	s->cells = sp_realloc(s->cells, (s->ncells + 1) * sizeof(*c));
	c = &s->cells[s->ncells++];
	c->row = row;
	c->col = col;
	c->seq = s->ncells - 1;
	c->text = sp_strndup(text, len);
}

static int
cmp_place(const void *va, const void *vb)
{
	const struct sp_fcell	*a = va, *b = vb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int
cmp_cell(const void *va, const void *vb)
{
	const struct sp_fcell	*a = va, *b = vb;
	int			 c = cmp_place(va, vb);

	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort by row and column; of a cell given twice, keep the last. */
void
sp_sheet_done(struct sp_sheet *s)
{
	size_t	i, n = 0;

	if (s->ncells == 0)
		return;
	qsort(s->cells, s->ncells, sizeof(*s->cells), cmp_cell);
	for (i = 0; i < s->ncells; i++) {
		if (i + 1 < s->ncells && s->cells[i + 1].row == s->cells[i].row &&
		    s->cells[i + 1].col == s->cells[i].col) {
			free(s->cells[i].text);
			continue;
		}
		s->cells[n++] = s->cells[i];
	}
	s->ncells = n;
}

const char *
sp_sheet_get(const struct sp_sheet *s, int row, int col)
{
	struct sp_fcell	 key, *hit;

	key.row = row;
	key.col = col;
	/* after sp_sheet_done there is one cell per place: ignore seq */
	key.seq = 0;
	if (s->ncells == 0)
		return NULL;
	hit = bsearch(&key, s->cells, s->ncells, sizeof(*s->cells), cmp_place);
	return hit != NULL ? hit->text : NULL;
}

void
sp_book_free(struct sp_book *b)
{
	size_t	i, j;

	for (i = 0; i < b->nsheets; i++) {
		for (j = 0; j < b->sheets[i].ncells; j++)
			free(b->sheets[i].cells[j].text);
		free(b->sheets[i].cells);
		free(b->sheets[i].name);
	}
	free(b->sheets);
	b->sheets = NULL;
	b->nsheets = 0;
}

void
sp_cell_name(int row, int col, char *buf)
{
	char	letters[8];
	int	n = 0, i;

	col++;
	while (col > 0 && n < 7) {
		letters[n++] = 'A' + (col - 1) % 26;
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = letters[n - 1 - i];
	snprintf(buf + n, 16 - n, "%d", row + 1);
}

char *
sp_cell_where(const struct sp_book *b, const struct sp_sheet *s, int row,
    int col)
{
	char	cell[16];

	sp_cell_name(row, col, cell);
	if (s == NULL || s->name == NULL)
		return sp_printf("%s:%s", b->path, cell);
	return sp_printf("%s:%s!%s", b->path, s->name, cell);
}
