/* style.c: reads a style file ("key = value" lines) into struct sp_style. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sp.h"
#include "sp_style.h"
#include "sp_data.h"
#include "sp_layout.h"

enum kind { K_LEN, K_NUM, K_COLOUR, K_STR, K_BOOL };

struct key {
	const char	*name;
	enum kind	 kind;
	size_t		 off;
	double		 lo, hi;	/* K_LEN bounds in points; both 0:
					 * from 0 to 14400 (200 in) */
};

#define F(x)		offsetof(struct sp_style, x), 0, 0
#define FB(x, lo, hi)	offsetof(struct sp_style, x), lo, hi
static const struct key keys[] = {
	{ "page.width", K_LEN, FB(page_w, 72, 14400) },
	{ "page.height", K_LEN, FB(page_h, 72, 14400) },
	{ "margin.top", K_LEN, FB(margin_top, 0, 7200) },
	{ "margin.bottom", K_LEN, FB(margin_bottom, 0, 7200) },
	{ "margin.left", K_LEN, FB(margin_left, 0, 7200) },
	{ "margin.right", K_LEN, FB(margin_right, 0, 7200) },
	{ "indent.list", K_LEN, FB(indent_list, 0, 720) },
	{ "indent.quote", K_LEN, FB(indent_quote, 0, 720) },
	{ "cell.pad-x", K_LEN, FB(cell_pad_x, 0, 144) },
	{ "cell.pad-y", K_LEN, FB(cell_pad_y, 0, 144) },
	{ "rule.width", K_LEN, FB(rule_width, 0, 36) },
	{ "rule.colour", K_COLOUR, F(rule_colour) },
	{ "table.head-fill", K_COLOUR, F(head_fill) },
	{ "table.head-colour", K_COLOUR, F(head_colour) },
	{ "table.band-fill", K_COLOUR, F(band_fill) },
	{ "table.band-colour", K_COLOUR, F(band_colour) },
	{ "table.goal-fill", K_COLOUR, F(goal_fill) },
	{ "accent", K_COLOUR, F(accent) },
	{ "chart.outline", K_COLOUR, F(chart_outline) },
	{ "chart.gap", K_LEN, FB(chart_gap, 0, 12) },
	{ "missing.fill", K_COLOUR, F(missing_fill) },
	{ "missing.bar", K_COLOUR, F(missing_bar) },
	{ "diff.del.colour", K_COLOUR, F(diff_del) },
	{ "diff.ins.colour", K_COLOUR, F(diff_ins) },
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
	{ "hyphen.min-before", K_NUM, F(hyph_before) },
	{ "hyphen.min-after", K_NUM, F(hyph_after) },
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
	{ "label.summary", K_STR, F(l_summary) },
	{ "label.nodate", K_STR, F(l_nodate) },
	{ "label.status-none", K_STR, F(l_status_none) },
	{ "label.mote", K_STR, F(l_mote) },
	{ "label.innkalling", K_STR, F(l_innkalling) },
	{ "label.saksliste", K_STR, F(l_saksliste) },
	{ "label.tittel", K_STR, F(l_tittel) },
	{ "label.side", K_STR, F(l_side) },
	{ "label.stad", K_STR, F(l_stad) },
	{ "label.blank", K_STR, F(l_blank) },
	{ "label.example", K_STR, F(l_example) },
	{ "label.folio", K_STR, F(l_folio) },
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
	{ "label.changes", K_STR, F(l_changes) },
	{ "label.history-words", K_STR, F(l_history_words) },
	{ "label.change-kinds", K_STR, F(l_change_kinds) },
	{ "label.only-handlingsprogram", K_STR, F(l_only_hp) },
	{ "label.figure", K_STR, F(l_figure) },
	{ "label.figure-missing", K_STR, F(l_figure_missing) },
	{ "label.diff.title", K_STR, F(l_diff_title) },
	{ "label.diff.same", K_STR, F(l_diff_kind[0]) },
	{ "label.diff.changed", K_STR, F(l_diff_kind[1]) },
	{ "label.diff.moved", K_STR, F(l_diff_kind[2]) },
	{ "label.diff.split", K_STR, F(l_diff_kind[3]) },
	{ "label.diff.merged", K_STR, F(l_diff_kind[4]) },
	{ "label.diff.removed", K_STR, F(l_diff_kind[5]) },
	{ "label.diff.new", K_STR, F(l_diff_kind[6]) },
	{ "label.diff.summary", K_STR, F(l_diff_summary) },
	{ "label.diff.flow", K_STR, F(l_diff_flow) },
	{ "label.diff.details", K_STR, F(l_diff_details) },
	{ "label.diff.lineage", K_STR, F(l_diff_lineage) },
	{ "label.diff.before", K_STR, F(l_diff_before) },
	{ "label.diff.after", K_STR, F(l_diff_after) },
	{ "label.diff.change", K_STR, F(l_diff_change) },
	{ "label.diff.deleted", K_STR, F(l_diff_deleted) },
	{ "label.diff.inserted", K_STR, F(l_diff_inserted) },
	{ "label.diff.newcount", K_STR, F(l_diff_newcount) },
	{ "label.diff.removedcount", K_STR, F(l_diff_removedcount) },
};
#undef F
#undef FB

static const char *const role_names[SP_ROLE__MAX] = {
	"body", "title", "meta", "h1", "h2", "h3", "quote", "cell",
	"cellhead", "band", "goal", "status", "small", "sign", "footer",
	"table", "tablehead"
};

#define R(x)		offsetof(struct sp_textstyle, x), 0, 0
#define RB(x, lo, hi)	offsetof(struct sp_textstyle, x), lo, hi
static const struct key role_keys[] = {
	{ "family", K_STR, R(family) },
	{ "size", K_LEN, RB(size, 1, 500) },
	{ "bold", K_BOOL, R(bold) },
	{ "italic", K_BOOL, R(italic) },
	{ "leading", K_NUM, R(leading) },
	{ "before", K_LEN, RB(before, 0, 720) },
	{ "after", K_LEN, RB(after, 0, 720) },
	{ "colour", K_COLOUR, R(colour) },
	{ "features", K_STR, R(features) },
};
#undef R
#undef RB

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
		if (parse_len(v, p) != 0)
			return -1;
		if (k->hi > 0 && (*(double *)p < k->lo || *(double *)p > k->hi))
			return -1;
		return 0;
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

/* What a value of K looks like, for messages. */
static void
bad_value(const struct key *k, const char *file, int line, const char *key,
    const char *val)
{
	switch (k->kind) {
	case K_LEN:
		sp_msg(SP_ERROR, file, line, "bad value for %s: %s (a length "
		    "from %gpt to %gpt: 12pt, 20mm, 2cm, 1in)", key, val, k->lo,
		    k->hi > 0 ? k->hi : 14400);
		break;
	case K_NUM:
		sp_msg(SP_ERROR, file, line, "bad value for %s: %s (a number "
		    "above 0 and up to 10)", key, val);
		break;
	case K_COLOUR:
		sp_msg(SP_ERROR, file, line, "bad value for %s: %s (a colour "
		    "#rrggbb)", key, val);
		break;
	case K_BOOL:
		sp_msg(SP_ERROR, file, line, "bad value for %s: %s (yes or "
		    "no)", key, val);
		break;
	default:
		sp_msg(SP_ERROR, file, line, "bad value for %s: %s", key, val);
		break;
	}
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
				bad_value(&keys[i], file, line, key, val);
				return -1;
			}
			if (strncmp(key, "page.", 5) == 0 ||
			    strncmp(key, "margin.", 7) == 0) {
				st->geom_file = sp_arena_strdup(st->arena,
				    file);
				st->geom_line = line;
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
					    val) == 0) {
						if (strcmp(dot + 1, "family") == 0) {
							st->role[r].family_file =
							    sp_arena_strdup(st->arena, file);
							st->role[r].family_line = line;
						}
						return 0;
					}
					*dot = '.';
					bad_value(&role_keys[i], file, line,
					    key, val);
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
page_format(const char *s, int want)
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
	return n == want ? 0 : -1;
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
		sp_msg(SP_ERROR, st->geom_file != NULL ? st->geom_file :
		    st->path, st->geom_line,
		    "page size and margins leave no room for text");
		return -1;
	}
	if (page_format(st->l_page, 2) != 0) {
		sp_msg(SP_ERROR, st->path, 0, "label.page needs two %%d "
		    "(page and pages) and no other %%: \"%s\"", st->l_page);
		return -1;
	}
	if (page_format(st->l_folio, 1) != 0) {
		sp_msg(SP_ERROR, st->path, 0, "label.folio needs one %%d "
		    "(the bundle's page) and no other %%: \"%s\"",
		    st->l_folio);
		return -1;
	}
	/* a style that does not set the prose table roles sets them as
	 * the status table's */
	if (st->role[SP_ROLE_TABLE].family == NULL)
		st->role[SP_ROLE_TABLE] = st->role[SP_ROLE_CELL];
	if (st->role[SP_ROLE_TABLEHEAD].family == NULL)
		st->role[SP_ROLE_TABLEHEAD] = st->role[SP_ROLE_CELLHEAD];
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
/*
 * Whether S is text a style may hold: valid UTF-8 (shortest forms, no
 * surrogates), no control characters but tab, no C1 controls and no
 * Unicode noncharacters. Its words go into the PDF, where cairo refuses
 * anything else (an invalid label was a cairo error, exit 3, found by
 * make fuzz).
 */
static int
style_text(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	 c;
	int		 n, i;

	while (*u != '\0') {
		if (*u < 0x80) {
			if (*u < 0x20 && *u != '\t')
				return 0;
			u++;
			continue;
		}
		n = *u >= 0xf0 && *u <= 0xf4 ? 4 : *u >= 0xe0 && *u <= 0xef ?
		    3 : *u >= 0xc2 && *u <= 0xdf ? 2 : 0;
		if (n == 0)
			return 0;
		c = *u & (0x7f >> n);
		for (i = 1; i < n; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (u[i] & 0x3f);
		}
		if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
		    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c <= 0x9f) || (c >= 0xfdd0 && c <= 0xfdef) ||
		    (c & 0xfffe) == 0xfffe)
			return 0;
		u += n;
	}
	return 1;
}

/* The directory of PATH ("." for none); caller frees. */
static char *
dir_of(const char *path)
{
	char	*dir = sp_strdup(path), *slash;

	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir] = '\0';
	else
		strcpy(dir, ".");
	return dir;
}

/*
 * The file a style names on FILE:LINE, VAL: relative to the style's
 * directory and inside it. Absolute paths only into the compiler's own
 * styles (includes) or /usr/share/hyphen (the system's patterns). Returns a path the caller frees, or NULL after
 * reporting.
 */
static char *
style_path(const char *file, int line, const char *key, const char *val)
{
	char	*dir = dir_of(file), *p = NULL;

	if (val[0] == '/') {
		char	*shipped = sp_data_find(NULL, "styles/standard.style");
		char	*sdir = shipped != NULL ? dir_of(shipped) : NULL;
		int	 ok = strcmp(key, "hyphen.dict") == 0 ?
		    sp_path_inside(val, "/usr/share/hyphen") :
		    sdir != NULL && sp_path_inside(val, sdir);

		free(shipped);
		free(sdir);
		if (ok) {
			free(dir);
			return sp_strdup(val);
		}
		sp_msg(SP_ERROR, file, line, "%s = %s: name a file beside "
		    "the style%s", key, val, strcmp(key, "hyphen.dict") == 0 ?
		    " or in /usr/share/hyphen" : " or a style the compiler "
		    "ships");
		goto out;
	}
	p = sp_printf("%s/%s", dir, val);
	if (sp_path_inside(p, dir))
		goto out;
	free(p);
	p = NULL;
	sp_msg(SP_ERROR, file, line, "%s = %s: the file lies outside the "
	    "style's directory", key, val);
out:
	free(dir);
	return p;
}

/* The style named by "include = VAL" in FILE: beside it, else shipped. */
static char *
include_path(const char *file, int line, const char *val)
{
	char	*p, *shipped;

	if (strchr(val, '/') == NULL) {
		p = sp_printf("%.*s%s", (int)(strrchr(file, '/') != NULL ?
		    strrchr(file, '/') - file + 1 : 0), file, val);
		if (access(p, F_OK) != 0) {
			shipped = sp_printf("styles/%s", val);
			free(p);
			p = sp_data_find(NULL, shipped);
			free(shipped);
			if (p != NULL)
				return p;
		} else
			return p;
	}
	return style_path(file, line, "include", val);
}

static int
read_file(struct sp_style *st, const char *path, int depth)
{
	char		*buf, *line, *next, *eq, *key, *val;
	const char	*why;
	int		 lineno = 0, bad = 0;
	size_t		 len;

	if ((buf = sp_file_load(path, NULL, (size_t)1 << 20, &len, &why))
	    == NULL) {
		sp_msg(SP_ERROR, path, 0, "cannot read the style: %s%s", why,
		    errno == EFBIG ? " (1 MB at most)" : "");
		return -1;
	}
	if (strlen(buf) != len) {
		sp_msg(SP_ERROR, path, 0, "the style holds NUL bytes: it is "
		    "no text file of \"key = value\" lines");
		free(buf);
		return -1;
	}
	for (line = buf; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if (!style_text(line)) {
			sp_msg(SP_ERROR, path, lineno, "not UTF-8 text (a style "
			    "file is UTF-8, without control characters or "
			    "noncharacters)");
			bad = 1;
			continue;
		}
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
			char	*inc = include_path(path, lineno, val);

			if (inc == NULL)
				bad = 1;
			else if (depth >= 4) {
				sp_msg(SP_ERROR, path, lineno, "styles "
				    "include each other too deeply");
				bad = 1;
			} else if (read_file(st, inc, depth + 1) != 0)
				bad = 1;
			free(inc);
			continue;
		}
		if (strcmp(key, "hyphen.dict") == 0) {
			char	*dict = style_path(path, lineno, key, val);

			if (dict != NULL && sp_hyph_check(dict, &why) != 0) {
				sp_msg(SP_ERROR, path, lineno, "hyphen.dict = "
				    "%s: %s", val, why);
				free(dict);
				dict = NULL;
			}
			if (dict == NULL)
				bad = 1;
			else
				st->hyphen_dict = sp_arena_strdup(st->arena,
				    dict);
			free(dict);
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
	{ "label.summary", "Tal på tiltak per innsatsområde og status" },
	{ "label.nodate", "ikkje oppgitt" },
	{ "label.status-none", "Ingen tiltak" },
	{ "label.mote", "Møte i" },
	{ "label.innkalling", "Innkalling" },
	{ "label.saksliste", "Saksliste" },
	{ "label.tittel", "Tittel" },
	{ "label.side", "Side" },
	{ "label.stad", "Stad" },
	{ "label.blank", "Denne sida er med vilje blank" },
	{ "label.example", "Eksempel – ikkje eit verkeleg møte" },
	{ "label.folio", "· %d" },
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
	{ "label.changes", "Endringar" },
	{ "label.history-words", "av|tiltak har ein forgjengar der|tiltak der byggjer på tiltak her|Frå|Teke ut|Endra|nytt nummer|Lagt til|under|sjå" },
	{ "label.change-kinds", "uendra|uendra|endra|endra|flytta|flytta|delt|delte|slegen saman|slegne saman|teken ut|tekne ut|ny|nye" },
	{ "label.only-handlingsprogram", "Kjeldene har berre handlingsprogrammet til denne planen. Dokumentet er sett saman av det som finst: kapitla i planen er ikkje med." },
	{ "label.figure", "Figur" },
	{ "label.figure-missing", "ikkje med i kjelda" },
	{ "diff.del.colour", "#B3261E" },
	{ "diff.ins.colour", "#1F5FA8" },
	{ "label.diff.title", "Endringar i tiltaka" },
	{ "label.diff.same", "Uendra" },
	{ "label.diff.changed", "Endra" },
	{ "label.diff.moved", "Flytta" },
	{ "label.diff.split", "Delt" },
	{ "label.diff.merged", "Slått saman" },
	{ "label.diff.removed", "Teke ut" },
	{ "label.diff.new", "Nytt" },
	{ "label.diff.summary", "Samandrag" },
	{ "label.diff.flow", "Frå innsatsområde til innsatsområde" },
	{ "label.diff.details", "Endringane tiltak for tiltak" },
	{ "label.diff.lineage", "Slektskap gjennom versjonane" },
	{ "label.diff.before", "Før" },
	{ "label.diff.after", "No" },
	{ "label.diff.change", "Endring" },
	{ "label.diff.deleted", "sletta" },
	{ "label.diff.inserted", "sett inn" },
	{ "label.diff.newcount", "Nye tiltak" },
	{ "label.diff.removedcount", "Tekne ut" },
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
	st->hyph_before = 2;
	st->hyph_after = 3;
	st->chart_outline = 0x6B7580;
	st->chart_gap = 1.5;
	st->missing_fill = 0xF1F2F3;
	st->missing_bar = 0x8A949C;
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
