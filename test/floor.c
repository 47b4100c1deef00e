/*
 * floor.c: the bare floor for make bench.
 *
 *   usage: floor ROWS.tsv OUT.pdf
 *
 * Typesets the rows of a status table (the TSV of `sakspapir export
 * --status`) with the least work Pango and cairo allow: every distinct word
 * is shaped once (pango_shape, kept in a hash table), cell lines are filled
 * greedily at the column width, glyphs are shown by
 * pango_cairo_show_glyph_string; rows are stacked down A4 pages, with a
 * band row where the innsatsområde changes and a mål row where the mål
 * changes, the header row repeated on every page, status cells filled. No
 * XML, no hyphenation, no structure tags, no keeps, no footers, no text
 * attached to the glyphs: what is left is the cost of shaping and
 * painting the same words with the same bundled fonts, which no document
 * compiler built on these libraries goes below. (One PangoLayout per cell
 * is the plain way, but it is three to four times slower than sakspapir
 * itself at 1000 rows: no floor.) bench.sh prints sakspapir's time as a
 * ratio to it.
 *
 * Uses FONTCONFIG_FILE as set by the caller (bench.sh points it at
 * fonts/fonts.conf, as sakspapir does for itself).
 * Exit status: 0, 2 on bad arguments, 3 on an I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define MM(x)	((x) * 72.0 / 25.4)
#define MAXW	512		/* words placed in one cell */

enum { C_NR, C_TEXT, C_TID, C_ANSVAR, C_STATUS, C_KOMMENTAR, NCOL };
enum { F_CELL, F_BOLD, F_BAND, NFONT };

/* Column widths as fractions of the text width (the status table's). */
static const double	 frac[NCOL] = { .08, .34, .09, .15, .12, .22 };
static const char	*head[NCOL] = { "Nr.", "Tiltak", "Tid", "Ansvar",
			    "Status", "Kommentar" };
static const char	*fontname[NFONT] = { "Noto Sans 8.2",
			    "Noto Sans Bold 8.2", "Noto Sans Bold 9" };

static const double	 pagew = MM(210), pageh = MM(297);
static const double	 top = MM(22), bottom = MM(24), left = MM(25),
			 right = MM(22), padx = 4, pady = 2.6;

/* A word shaped once. */
struct word {
	PangoFont		*font;
	PangoGlyphString	*glyphs;
	double			 width;
};

/* A word placed in a cell: line number and x from the cell's left. */
struct place {
	struct word		*word;
	int			 line;
	double			 x;
};

struct floor {
	cairo_surface_t		*surface;
	cairo_t			*cr;
	PangoContext		*context;
	PangoFontDescription	*desc[NFONT];
	GHashTable		*words[NFONT];	/* text -> struct word */
	double			 space[NFONT];	/* width of a space */
	double			 ascent[NFONT];
	double			 line[NFONT];	/* line height */
	double			 y;		/* top of the next row */
	double			 colx[NCOL + 1];
	struct place		 cell[NCOL][MAXW];
	int			 nplace[NCOL];
};

static void
word_free(gpointer p)
{
	struct word	*w = p;

	pango_glyph_string_free(w->glyphs);
	g_object_unref(w->font);
	free(w);
}

/* The word TEXT (LEN bytes) in font F, shaped the first time it is seen. */
static struct word *
word(struct floor *f, int font, const char *text, size_t len)
{
	struct word	*w;
	GList		*items;
	PangoItem	*item;
	char		*key;

	key = g_strndup(text, len);
	if ((w = g_hash_table_lookup(f->words[font], key)) != NULL) {
		g_free(key);
		return w;
	}
	pango_context_set_font_description(f->context, f->desc[font]);
	items = pango_itemize(f->context, key, 0, (int)len, NULL, NULL);
	item = items->data;		/* one item: a Latin word */
	w = calloc(1, sizeof(*w));
	w->glyphs = pango_glyph_string_new();
	pango_shape(key, (int)len, &item->analysis, w->glyphs);
	w->font = g_object_ref(item->analysis.font);
	w->width = (double)pango_glyph_string_get_width(w->glyphs) /
	    PANGO_SCALE;
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	g_hash_table_insert(f->words[font], key, w);
	return w;
}

/* Fills TEXT into column C at its width; returns the number of lines. */
static int
fill(struct floor *f, int c, int font, const char *text)
{
	double		 width = f->colx[c + 1] - f->colx[c] - 2 * padx;
	double		 x = 0;
	struct place	*p;
	struct word	*w;
	size_t		 len;
	int		 line = 0;

	f->nplace[c] = 0;
	while (*text != '\0' && f->nplace[c] < MAXW) {
		text += strspn(text, " ");
		if ((len = strcspn(text, " ")) == 0)
			break;
		w = word(f, font, text, len);
		text += len;
		if (x > 0 && x + f->space[font] + w->width > width) {
			line++;
			x = 0;
		} else if (x > 0)
			x += f->space[font];
		p = &f->cell[c][f->nplace[c]++];
		p->word = w;
		p->line = line;
		p->x = x;
		x += w->width;
	}
	return line + 1;
}

/* Shows the words filled into column C, top at Y, in the current colour. */
static void
show(struct floor *f, int c, int font, double y)
{
	struct place	*p;
	int		 i;

	for (i = 0; i < f->nplace[c]; i++) {
		p = &f->cell[c][i];
		cairo_move_to(f->cr, f->colx[c] + padx + p->x, y +
		    f->ascent[font] + p->line * f->line[font]);
		pango_cairo_show_glyph_string(f->cr, p->word->font,
		    p->word->glyphs);
	}
}

static void
rule(struct floor *f, double y)
{
	cairo_set_source_rgb(f->cr, .6, .6, .6);
	cairo_rectangle(f->cr, left, y, pagew - left - right, .5);
	cairo_fill(f->cr);
}

static void
header(struct floor *f)
{
	int	 c, n, max = 1;
	double	 h;

	for (c = 0; c < NCOL; c++)
		if ((n = fill(f, c, F_BOLD, head[c])) > max)
			max = n;
	h = max * f->line[F_BOLD] + 2 * pady;
	cairo_set_source_rgb(f->cr, .08, .2, .31);
	cairo_rectangle(f->cr, left, f->y, pagew - left - right, h);
	cairo_fill(f->cr);
	cairo_set_source_rgb(f->cr, 1, 1, 1);
	for (c = 0; c < NCOL; c++)
		show(f, c, F_BOLD, f->y + pady);
	f->y += h;
}

/* Room for a row of height H, or a new page with the header row. */
static void
room(struct floor *f, double h)
{
	if (f->y + h <= pageh - bottom)
		return;
	cairo_show_page(f->cr);
	f->y = top;
	header(f);
}

/* A row spanning the table: a band or mål row, set in the first column's
 * room widened to the whole table. */
static void
span(struct floor *f, const char *text, int font, double grey)
{
	double	 save = f->colx[1], h;

	f->colx[1] = pagew - right;
	h = fill(f, 0, font, text) * f->line[font] + 2 * pady;
	room(f, h);
	cairo_set_source_rgb(f->cr, grey, grey + .03, grey + .06);
	cairo_rectangle(f->cr, left, f->y, pagew - left - right, h);
	cairo_fill(f->cr);
	cairo_set_source_rgb(f->cr, .08, .2, .31);
	show(f, 0, font, f->y + pady);
	f->colx[1] = save;
	f->y += h;
	rule(f, f->y);
}

static void
row(struct floor *f, char *cell[NCOL])
{
	int	 c, n, max = 1;
	double	 h;

	for (c = 0; c < NCOL; c++)
		if ((n = fill(f, c, c == C_STATUS ? F_BOLD : F_CELL,
		    cell[c])) > max)
			max = n;
	h = max * f->line[F_CELL] + 2 * pady;
	room(f, h);
	/* the header row may have used the placements: fill again */
	for (c = 0; c < NCOL; c++)
		fill(f, c, c == C_STATUS ? F_BOLD : F_CELL, cell[c]);
	if (strcmp(cell[C_STATUS], "ikkje-vurdert") != 0) {
		if (strcmp(cell[C_STATUS], "grøn") == 0)
			cairo_set_source_rgb(f->cr, .12, .42, .24);
		else if (strcmp(cell[C_STATUS], "gul") == 0)
			cairo_set_source_rgb(f->cr, .96, .82, .3);
		else
			cairo_set_source_rgb(f->cr, .88, .41, .37);
		cairo_rectangle(f->cr, f->colx[C_STATUS], f->y,
		    f->colx[C_STATUS + 1] - f->colx[C_STATUS], h);
		cairo_fill(f->cr);
	}
	cairo_set_source_rgb(f->cr, .1, .1, .1);
	for (c = 0; c < NCOL; c++)
		show(f, c, c == C_STATUS ? F_BOLD : F_CELL, f->y + pady);
	f->y += h;
	rule(f, f->y);
}

/* Splits LINE at tabs into at most N fields; returns how many. */
static int
fields(char *line, char **field, int n)
{
	int	 i = 0;

	line[strcspn(line, "\n")] = '\0';
	while (i < n) {
		field[i++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return i;
}

int
main(int argc, char *argv[])
{
	struct floor		 f;
	PangoFontMetrics	*m;
	FILE			*in;
	char			*line = NULL, *fld[11], *cell[NCOL];
	char			 io[512] = "", mal[512] = "";
	size_t			 cap = 0;
	double			 w;
	int			 c, i, first = 1;

	if (argc != 3) {
		fputs("usage: floor ROWS.tsv OUT.pdf\n", stderr);
		return 2;
	}
	if ((in = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 3;
	}
	memset(&f, 0, sizeof(f));
	f.surface = cairo_pdf_surface_create(argv[2], pagew, pageh);
	f.cr = cairo_create(f.surface);
	f.context = pango_cairo_create_context(f.cr);
	for (i = 0; i < NFONT; i++) {
		f.desc[i] = pango_font_description_from_string(fontname[i]);
		f.words[i] = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, word_free);
		m = pango_context_get_metrics(f.context, f.desc[i], NULL);
		f.ascent[i] = (double)pango_font_metrics_get_ascent(m) /
		    PANGO_SCALE;
		f.line[i] = 1.26 * pango_font_description_get_size(
		    f.desc[i]) / PANGO_SCALE;	/* the style's leading */
		pango_font_metrics_unref(m);
		f.space[i] = word(&f, i, "n", 1)->width * .5;
	}
	w = pagew - left - right;
	f.colx[0] = left;
	for (c = 0; c < NCOL; c++)
		f.colx[c + 1] = f.colx[c] + frac[c] * w;
	f.y = top;
	header(&f);
	while (getline(&line, &cap, in) > 0) {
		if (first) {		/* the TSV's header line */
			first = 0;
			continue;
		}
		if (fields(line, fld, 11) < 11)
			continue;
		if (strcmp(fld[2], io) != 0) {
			snprintf(io, sizeof(io), "%s", fld[2]);
			span(&f, io, F_BAND, .84);
			mal[0] = '\0';
		}
		if (strcmp(fld[3], mal) != 0) {
			snprintf(mal, sizeof(mal), "%s", fld[3]);
			span(&f, mal, F_BOLD, .94);
		}
		cell[C_NR] = fld[1];
		cell[C_TEXT] = fld[4];
		cell[C_TID] = fld[5];
		cell[C_ANSVAR] = fld[6];
		cell[C_STATUS] = fld[9];
		cell[C_KOMMENTAR] = fld[10];
		row(&f, cell);
	}
	free(line);
	fclose(in);
	for (i = 0; i < NFONT; i++) {
		g_hash_table_destroy(f.words[i]);
		pango_font_description_free(f.desc[i]);
	}
	g_object_unref(f.context);
	cairo_destroy(f.cr);
	cairo_surface_finish(f.surface);
	c = cairo_surface_status(f.surface);
	cairo_surface_destroy(f.surface);
	if (c != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "floor: %s: %s\n", argv[2],
		    cairo_status_to_string(c));
		return 3;
	}
	return 0;
}
