/* style.c: reads a style file ("key = value" lines) into struct sp_style. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_style.h"
#include "sp_data.h"

enum kind { K_LEN, K_NUM, K_COLOUR, K_STR, K_BOOL };

struct key {
	const char	*name;
	enum kind	 kind;
	size_t		 off;
};

#define F(x) offsetof(struct sp_style, x)
static const struct key keys[] = {
	{ "page.width", K_LEN, F(page_w) },
	{ "page.height", K_LEN, F(page_h) },
	{ "margin.top", K_LEN, F(margin_top) },
	{ "margin.bottom", K_LEN, F(margin_bottom) },
	{ "margin.left", K_LEN, F(margin_left) },
	{ "margin.right", K_LEN, F(margin_right) },
	{ "indent.list", K_LEN, F(indent_list) },
	{ "indent.quote", K_LEN, F(indent_quote) },
	{ "cell.pad-x", K_LEN, F(cell_pad_x) },
	{ "cell.pad-y", K_LEN, F(cell_pad_y) },
	{ "rule.width", K_LEN, F(rule_width) },
	{ "rule.colour", K_COLOUR, F(rule_colour) },
	{ "table.head-fill", K_COLOUR, F(head_fill) },
	{ "table.head-colour", K_COLOUR, F(head_colour) },
	{ "table.band-fill", K_COLOUR, F(band_fill) },
	{ "table.band-colour", K_COLOUR, F(band_colour) },
	{ "table.goal-fill", K_COLOUR, F(goal_fill) },
	{ "accent", K_COLOUR, F(accent) },
	{ "status.gron.fill", K_COLOUR, F(status_fill[0]) },
	{ "status.gul.fill", K_COLOUR, F(status_fill[1]) },
	{ "status.raud.fill", K_COLOUR, F(status_fill[2]) },
	{ "status.ikkje.fill", K_COLOUR, F(status_fill[3]) },
	{ "status.gron.text", K_COLOUR, F(status_text[0]) },
	{ "status.gul.text", K_COLOUR, F(status_text[1]) },
	{ "status.raud.text", K_COLOUR, F(status_text[2]) },
	{ "status.ikkje.text", K_COLOUR, F(status_text[3]) },
	{ "status.gron.label", K_STR, F(status_label[0]) },
	{ "status.gul.label", K_STR, F(status_label[1]) },
	{ "status.raud.label", K_STR, F(status_label[2]) },
	{ "status.ikkje.label", K_STR, F(status_label[3]) },
	{ "status.gron.meaning", K_STR, F(status_meaning[0]) },
	{ "status.gul.meaning", K_STR, F(status_meaning[1]) },
	{ "status.raud.meaning", K_STR, F(status_meaning[2]) },
	{ "status.ikkje.meaning", K_STR, F(status_meaning[3]) },
	{ "hyphenate", K_BOOL, F(hyphenate) },
	{ "hyphen.dict", K_STR, F(hyphen_dict) },
	{ "lang", K_STR, F(lang) },
	{ "label.bakgrunn", K_STR, F(l_bakgrunn) },
	{ "label.vurdering", K_STR, F(l_vurdering) },
	{ "label.forslag", K_STR, F(l_forslag) },
	{ "label.vedlegg", K_STR, F(l_vedlegg) },
	{ "label.page", K_STR, F(l_page) },
	{ "label.sak", K_STR, F(l_sak) },
	{ "label.tiltak", K_STR, F(l_tiltak) },
	{ "label.tid", K_STR, F(l_tid) },
	{ "label.ansvar", K_STR, F(l_ansvar) },
	{ "label.status", K_STR, F(l_status) },
	{ "label.kommentar", K_STR, F(l_kommentar) },
	{ "label.innsatsomrade", K_STR, F(l_innsatsomrade) },
	{ "label.sum", K_STR, F(l_sum) },
	{ "label.mal", K_STR, F(l_mal) },
	{ "label.legend", K_STR, F(l_legend) },
	{ "label.missing", K_STR, F(l_missing) },
	{ "label.date", K_STR, F(l_date) },
	{ "label.body", K_STR, F(l_body) },
	{ "label.mote", K_STR, F(l_mote) },
	{ "label.innkalling", K_STR, F(l_innkalling) },
	{ "label.saksliste", K_STR, F(l_saksliste) },
	{ "label.tittel", K_STR, F(l_tittel) },
	{ "label.side", K_STR, F(l_side) },
	{ "label.stad", K_STR, F(l_stad) },
	{ "label.blank", K_STR, F(l_blank) },
	{ "label.example", K_STR, F(l_example) },
	{ "label.involvering", K_STR, F(l_involvering) },
	{ "label.merknad", K_STR, F(l_merknad) },
	{ "label.nr", K_STR, F(l_nr) },
	{ "label.contents", K_STR, F(l_contents) },
	{ "label.handlingsprogram", K_STR, F(l_handlingsprogram) },
	{ "label.draft", K_STR, F(l_draft) },
	{ "label.adopted", K_STR, F(l_adopted) },
	{ "label.history", K_STR, F(l_history) },
	{ "label.predecessor", K_STR, F(l_predecessor) },
	{ "label.successor", K_STR, F(l_successor) },
	{ "label.revisions", K_STR, F(l_revisions) },
	{ "label.revision-of", K_STR, F(l_revision_of) },
	{ "label.only-handlingsprogram", K_STR, F(l_only_hp) },
	{ "label.figure", K_STR, F(l_figure) },
	{ "label.figure-missing", K_STR, F(l_figure_missing) },
};
#undef F

static const char *const role_names[SP_ROLE__MAX] = {
	"body", "title", "meta", "h1", "h2", "h3", "quote", "cell",
	"cellhead", "band", "goal", "status", "small", "sign", "footer"
};

#define R(x) offsetof(struct sp_textstyle, x)
static const struct key role_keys[] = {
	{ "family", K_STR, R(family) },
	{ "size", K_LEN, R(size) },
	{ "bold", K_BOOL, R(bold) },
	{ "italic", K_BOOL, R(italic) },
	{ "leading", K_NUM, R(leading) },
	{ "before", K_LEN, R(before) },
	{ "after", K_LEN, R(after) },
	{ "colour", K_COLOUR, R(colour) },
	{ "features", K_STR, R(features) },
};
#undef R

/* Parse a length: "12pt", "20mm", "2cm", "1in" or a bare number (pt). */
static int
parse_len(const char *v, double *out)
{
	char	*end;
	double	 d = strtod(v, &end);

	if (end == v)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '\0' || strcmp(end, "pt") == 0)
		*out = d;
	else if (strcmp(end, "mm") == 0)
		*out = d * 72.0 / 25.4;
	else if (strcmp(end, "cm") == 0)
		*out = d * 72.0 / 2.54;
	else if (strcmp(end, "in") == 0)
		*out = d * 72.0;
	else
		return -1;
	/* finite, not negative, and within 200 inches (also rules out NaN) */
	return *out >= 0 && *out <= 14400 ? 0 : -1;
}

static int
parse_colour(const char *v, uint32_t *out)
{
	char	*end;
	unsigned long c;

	if (v[0] != '#' || strlen(v) != 7)
		return -1;
	c = strtoul(v + 1, &end, 16);
	if (*end != '\0')
		return -1;
	*out = (uint32_t)c;
	return 0;
}

static int
set(struct sp_style *st, void *base, const struct key *k, const char *v)
{
	void	*p = (char *)base + k->off;

	switch (k->kind) {
	case K_LEN:
		return parse_len(v, p);
	case K_NUM: {
		char *end;
		double d = strtod(v, &end);

		*(double *)p = d;
		return end == v || *end != '\0' || !(d > 0 && d <= 10) ? -1 : 0;
	}
	case K_COLOUR:
		return parse_colour(v, p);
	case K_STR:
		*(const char **)p = sp_arena_strdup(st->arena, v);
		return 0;
	case K_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
			*(int *)p = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
			*(int *)p = 0;
		else
			return -1;
		return 0;
	}
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
apply(struct sp_style *st, const char *file, int line, char *key, char *val)
{
	size_t		 i;
	int		 r;
	char		*dot;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0) {
			if (set(st, st, &keys[i], val) != 0) {
				sp_msg(SP_ERROR, file, line,
				    "bad value for %s: %s", key, val);
				return -1;
			}
			return 0;
		}
	if (strncmp(key, "role.", 5) == 0 &&
	    (dot = strchr(key + 5, '.')) != NULL) {
		*dot = '\0';
		for (r = 0; r < SP_ROLE__MAX; r++) {
			if (strcmp(role_names[r], key + 5) != 0)
				continue;
			for (i = 0; i < sizeof(role_keys) / sizeof(role_keys[0]);
			    i++)
				if (strcmp(role_keys[i].name, dot + 1) == 0) {
					if (set(st, &st->role[r], &role_keys[i],
					    val) == 0)
						return 0;
					sp_msg(SP_ERROR, file, line,
					    "bad value for role.%s.%s: %s",
					    key + 5, dot + 1, val);
					return -1;
				}
		}
		*dot = '.';
	}
	sp_msg(SP_WARNING, file, line, "unknown style key: %s", key);
	return 0;
}

/* "Side %d av %d": two %d and no other conversion (it is a format). */
static int
page_format(const char *s)
{
	int	n = 0;

	for (; *s != '\0'; s++) {
		if (*s != '%')
			continue;
		if (s[1] == '%')
			s++;
		else if (s[1] == 'd') {
			n++;
			s++;
		} else
			return -1;
	}
	return n == 2 ? 0 : -1;
}

/* Keys every style must set: without them no page can be made. */
static int
check(struct sp_style *st)
{
	int	r;

	if (!(st->page_w <= 14400) || !(st->page_h <= 14400) ||
	    !(st->margin_top >= 0) || !(st->margin_bottom >= 0) ||
	    !(st->margin_left >= 0) || !(st->margin_right >= 0)) {
		/* also false for NaN */
		sp_msg(SP_ERROR, st->path, 0, "page sizes go up to 14400pt "
		    "(200 in), margins from 0");
		return -1;
	}
	if (st->page_w <= 0 || st->page_h <= 0 ||
	    st->page_w - st->margin_left - st->margin_right < 72 ||
	    st->page_h - st->margin_top - st->margin_bottom < 72) {
		sp_msg(SP_ERROR, st->path, 0,
		    "page size and margins leave no room for text");
		return -1;
	}
	if (page_format(st->l_page) != 0) {
		sp_msg(SP_ERROR, st->path, 0, "label.page needs two %%d "
		    "(page and pages) and no other %%: \"%s\"", st->l_page);
		return -1;
	}
	for (r = 0; r < SP_ROLE__MAX; r++) {
		if (st->role[r].family == NULL || !(st->role[r].size > 0) ||
		    !(st->role[r].size <= 500)) {
			sp_msg(SP_ERROR, st->path, 0, "role %s needs a "
			    "family and a size up to 500pt", role_names[r]);
			return -1;
		}
		if (st->role[r].leading <= 0)
			st->role[r].leading = 1.2;
	}
	return 0;
}

/*
 * Read the lines of PATH into ST. "include = FILE" reads FILE (relative
 * to PATH's directory) first, so a style can change a few keys of
 * another. Returns 0, or -1 after reporting.
 */
static int
read_file(struct sp_style *st, const char *path, int depth)
{
	char	*buf, *line, *next, *eq, *key, *val;
	int	 lineno = 0, bad = 0;

	if ((buf = sp_file_read(path, NULL)) == NULL) {
		sp_msg(SP_ERROR, path, 0, "cannot read the style: %s",
		    strerror(errno));
		return -1;
	}
	for (line = buf; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			sp_msg(SP_ERROR, path, lineno,
			    "expected \"key = value\"");
			bad = 1;
			continue;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (strcmp(key, "include") == 0) {
			char	*dir = sp_strdup(path), *slash, *inc;

			if ((slash = strrchr(dir, '/')) != NULL)
				*slash = '\0';
			inc = val[0] == '/' || slash == NULL ? sp_strdup(val) :
			    sp_printf("%s/%s", dir, val);
			if (depth >= 4) {
				sp_msg(SP_ERROR, path, lineno, "styles "
				    "include each other too deeply");
				bad = 1;
			} else if (read_file(st, inc, depth + 1) != 0)
				bad = 1;
			free(inc);
			free(dir);
			continue;
		}
		if (apply(st, path, lineno, key, val) != 0)
			bad = 1;
	}
	free(buf);
	return bad ? -1 : 0;
}

/* The words a style may leave out: the standard Nynorsk ones. */
static const struct {
	const char	*key;
	const char	*value;
} defaults[] = {
	{ "status.gron.label", "Grøn" },
	{ "status.gul.label", "Gul" },
	{ "status.raud.label", "Raud" },
	{ "status.ikkje.label", "Ikkje vurdert" },
	{ "status.gron.meaning", "Ferdig, gjennomført" },
	{ "status.gul.meaning", "Påstarta – i rute" },
	{ "status.raud.meaning", "Ikkje gjennomført – ikkje i rute" },
	{ "status.ikkje.meaning", "Ingen vurdering i kjelda" },
	{ "label.bakgrunn", "Bakgrunn" },
	{ "label.vurdering", "Vurdering" },
	{ "label.forslag", "Forslag til vedtak" },
	{ "label.vedlegg", "Vedlegg" },
	{ "label.page", "Side %d av %d" },
	{ "label.sak", "Sak" },
	{ "label.tiltak", "Tiltak" },
	{ "label.tid", "Tid" },
	{ "label.ansvar", "Ansvar" },
	{ "label.status", "Status" },
	{ "label.kommentar", "Kommentar" },
	{ "label.innsatsomrade", "Innsatsområde" },
	{ "label.sum", "Sum" },
	{ "label.mal", "Mål" },
	{ "label.legend", "Forklaring" },
	{ "label.missing", "Manglar i kjelda" },
	{ "label.date", "Dato" },
	{ "label.body", "Organ" },
	{ "label.mote", "Møte i" },
	{ "label.innkalling", "Innkalling" },
	{ "label.saksliste", "Saksliste" },
	{ "label.tittel", "Tittel" },
	{ "label.side", "Side" },
	{ "label.stad", "Stad" },
	{ "label.blank", "Denne sida er med vilje blank" },
	{ "label.example", "Eksempel – ikkje eit verkeleg møte" },
	{ "label.involvering", "Involvering" },
	{ "label.merknad", "Merknad" },
	{ "label.nr", "Nr." },
	{ "label.contents", "Innhald" },
	{ "label.handlingsprogram", "Handlingsprogram" },
	{ "label.draft", "Utkast" },
	{ "label.adopted", "Vedteken av" },
	{ "label.history", "Historikk" },
	{ "label.predecessor", "Byggjer på" },
	{ "label.successor", "Vidareført i" },
	{ "label.revisions", "Rulleringar" },
	{ "label.revision-of", "Rullering av" },
	{ "label.only-handlingsprogram", "Kjeldene har berre handlingsprogrammet til denne planen. Dokumentet er sett saman av det som finst: kapitla i planen er ikkje med." },
	{ "label.figure", "Figur" },
	{ "label.figure-missing", "ikkje med i kjelda" },
};


struct sp_style *
sp_style_load(const char *path)
{
	struct sp_style	*st;
	size_t		 i, k;

	st = sp_calloc(1, sizeof(*st));
	st->arena = sp_arena_new();
	st->path = sp_arena_strdup(st->arena, path);
	st->hyphenate = 1;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcmp(keys[k].name, defaults[i].key) == 0)
				set(st, st, &keys[k], defaults[i].value);
	if (read_file(st, path, 0) != 0 || check(st) != 0) {
		sp_style_free(st);
		return NULL;
	}
	return st;
}

void
sp_style_free(struct sp_style *st)
{
	if (st == NULL)
		return;
	sp_arena_free(st->arena);
	free(st);
}
