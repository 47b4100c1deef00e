/* diff_out.c: a plan-versus-plan diff as TSV, JSON or suggested links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"

static const char *const cols[] = {
	"kind", "from_id", "from_nr", "to_id", "to_nr", "score", "source",
	"from_text", "to_text"
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

static const char *
attr_or(const struct sp_node *n, const char *name)
{
	const char	*v = n != NULL ? sp_attr(n, name) : NULL;

	return v != NULL ? v : "";
}

/* The columns of row R; values [7] and [8] and the score are malloc'd. */
static void
values(const struct sp_plan *p, const struct sp_dpair *r, char *v[NCOLS])
{
	int	pair = r->from != NULL && r->to != NULL;

	v[0] = (char *)sp_dkind_word(r->kind);
	v[1] = (char *)attr_or(r->from, "id");
	v[2] = (char *)attr_or(r->from, "nr");
	v[3] = (char *)attr_or(r->to, "id");
	v[4] = (char *)attr_or(r->to, "nr");
	v[5] = pair ? sp_printf("%.2f", r->score) : sp_strdup("");
	v[6] = (char *)(!pair ? "" : r->curated ? "curated" : "auto");
	v[7] = sp_node_plain(p, sp_child(r->from, SP_TEKST));
	v[8] = sp_node_plain(p, sp_child(r->to, SP_TEKST));
}

int
sp_diff_write(const struct sp_plan *p, const struct sp_diff *d,
    const char *format, FILE *out)
{
	int	 json = strcmp(format, "json") == 0;
	size_t	 i, c;
	char	*v[NCOLS];

	if (json)
		fputs("[\n", out);
	else
		for (c = 0; c < NCOLS; c++) {
			fputs(cols[c], out);
			putc(c + 1 < NCOLS ? '\t' : '\n', out);
		}
	for (i = 0; i < d->nrows; i++) {
		const struct sp_dpair *r = &d->rows[i];

		values(p, r, v);
		if (json)
			putc('{', out);
		for (c = 0; c < NCOLS; c++) {
			if (!json) {
				sp_tsv_field(v[c], out);
				putc(c + 1 < NCOLS ? '\t' : '\n', out);
			} else if (c == 5) {
				fprintf(out, "\"score\": %s, ", *v[c] != '\0' ?
				    v[c] : "null");
			} else {
				sp_json_string(cols[c], out);
				fputs(": ", out);
				sp_json_string(v[c], out);
				fputs(", ", out);
			}
		}
		if (json) {
			struct sp_wdiff *w = sp_wdiff(v[7], v[8]);
			char *wt = sp_wdiff_text(w);
			char *f = r->from != NULL && r->to != NULL ?
			    sp_diff_fields(p, r->from, r->to, NULL, NULL) :
			    sp_strdup("");

			fprintf(out, "\"moved\": %s, \"words\": ",
			    r->moved ? "true" : "false");
			sp_json_string(r->from != NULL && r->to != NULL ?
			    wt : "", out);
			fputs(", \"fields\": ", out);
			sp_json_string(f, out);
			fputs(i + 1 < d->nrows ? "},\n" : "}\n", out);
			free(f);
			free(wt);
			sp_wdiff_free(w);
		}
		free(v[5]);
		free(v[7]);
		free(v[8]);
	}
	if (json)
		fputs("]\n", out);
	if (ferror(out)) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot write the diff");
		return -1;
	}
	return 0;
}

/* TEXT cut to about 60 bytes at a character boundary, "--" made safe. */
static void
comment_text(const char *text, FILE *out)
{
	size_t	n = 0;

	putc('\xC2', out);
	putc('\xAB', out);
	for (; text[n] != '\0'; n++) {
		if (n >= 60 && ((unsigned char)text[n] & 0xC0) != 0x80) {
			fputs("\xE2\x80\xA6", out);
			break;
		}
		if (text[n] == '-' && text[n + 1] == '-')
			continue;
		putc(text[n], out);
	}
	putc('\xC2', out);
	putc('\xBB', out);
}

int
sp_diff_suggest(const struct sp_plan *p, const struct sp_diff *d, FILE *out)
{
	size_t	i, k;

	fprintf(out, "<!-- forgjengar links found by matching %s against %s; "
	    "review each, then put the attribute on the tiltak in the "
	    "master -->\n", d->to->id, d->from->id);
	for (i = 0; i < d->nrows; i = k) {
		const struct sp_dpair *r = &d->rows[i];
		const char *nr;
		char *t;

		/* the rows of one new tiltak are together */
		for (k = i + 1; k < d->nrows && d->rows[k].to == r->to &&
		    r->to != NULL; k++)
			;
		if (r->from == NULL || r->to == NULL || r->curated)
			continue;
		fprintf(out, "<tiltak id=\"%s\"", attr_or(r->to, "id"));
		if ((nr = sp_attr(r->to, "nr")) != NULL)
			fprintf(out, " nr=\"%s\"", nr);
		fputs(" forgjengar=\"", out);
		for (size_t j = i, first = 1; j < k; j++)
			if (!d->rows[j].curated) {
				fprintf(out, "%s%s", first ? "" : " ",
				    attr_or(d->rows[j].from, "id"));
				first = 0;
			}
		fprintf(out, "\"> <!-- %s", sp_dkind_word(r->kind));
		for (size_t j = i; j < k; j++) {
			if (d->rows[j].curated)
				continue;
			fprintf(out, ", score %.2f: ", d->rows[j].score);
			t = sp_node_plain(p, sp_child(d->rows[j].from,
			    SP_TEKST));
			comment_text(t, out);
			free(t);
		}
		fputs(" -->\n", out);
	}
	if (ferror(out)) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot write the suggestions");
		return -1;
	}
	return 0;
}
