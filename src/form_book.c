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
	c->text = sp_strndup(text, len);
}

/* The last value given to a cell wins, as in a spreadsheet. */
const char *
sp_sheet_get(const struct sp_sheet *s, int row, int col)
{
	size_t	i;

	for (i = s->ncells; i > 0; i--)
		if (s->cells[i - 1].row == row && s->cells[i - 1].col == col)
			return s->cells[i - 1].text;
	return NULL;
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
