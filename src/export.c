/* export.c: one row per tiltak of a plan version, as TSV or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"

enum col {
	C_ID, C_NR, C_AREA, C_GOAL, C_TEKST, C_TID, C_ANSVAR,
	C_INVOLVERING, C_MERKNAD, C_STATUS, C_KOMMENTAR, C_FORGJENGAR,
	C__MAX
};

static const char *const col_names[C__MAX] = {
	"id", "nr", "innsatsområde", "mål", "tekst", "tid", "ansvar",
	"involvering", "merknad", "status", "kommentar", "forgjengar"
};

static char *
plain_child(const struct sp_plan *p, const struct sp_node *t, enum sp_type type)
{
	return sp_node_plain(p, sp_child(t, type));
}

static char *
attr_dup(const struct sp_node *n, const char *name)
{
	const char	*v = sp_attr(n, name);

	return sp_strdup(v != NULL ? v : "");
}

/* Fill V with the columns of tiltak T; every value is malloc'd. */
static void
row(const struct sp_plan *p, const struct sp_node *rep,
    const struct sp_node *t, char *v[C__MAX])
{
	const struct sp_node	*area, *goal, *st;
	const char		*nr, *namn, *verdi;
	enum sp_status		 s;

	v[C_ID] = attr_dup(t, "id");
	v[C_NR] = attr_dup(t, "nr");
	area = sp_tiltak_area(t);
	nr = sp_attr(area, "nr");
	namn = sp_attr(area, "namn");
	if (namn == NULL)
		namn = "";
	v[C_AREA] = nr != NULL && *nr != '\0' ? sp_printf("%s %s", nr, namn) :
	    sp_strdup(namn);
	goal = sp_tiltak_goal(t);
	if (goal != NULL && goal->type == SP_MAL)
		v[C_GOAL] = attr_dup(goal, "nr");
	else if (goal != NULL && goal->type == SP_GRUPPE)
		v[C_GOAL] = attr_dup(goal, "namn");
	else
		v[C_GOAL] = sp_strdup("");
	v[C_TEKST] = plain_child(p, t, SP_TEKST);
	v[C_TID] = plain_child(p, t, SP_TID);
	v[C_ANSVAR] = plain_child(p, t, SP_ANSVAR);
	v[C_INVOLVERING] = plain_child(p, t, SP_INVOLVERING);
	v[C_MERKNAD] = plain_child(p, t, SP_MERKNAD);
	v[C_FORGJENGAR] = attr_dup(t, "forgjengar");	/* curated lineage */
	if (rep == NULL) {
		v[C_STATUS] = sp_strdup("");
		v[C_KOMMENTAR] = sp_strdup("");
		return;
	}
	if ((st = sp_report_status(p, rep, sp_attr(t, "id"))) == NULL) {
		v[C_STATUS] = sp_strdup(sp_status_word(SP_ST_IKKJE));
		v[C_KOMMENTAR] = sp_strdup("");
		return;
	}
	verdi = sp_attr(st, "verdi");
	s = sp_status_parse(verdi);
	v[C_STATUS] = sp_strdup(s != SP_ST_NONE ? sp_status_word(s) :
	    verdi != NULL ? verdi : "");
	v[C_KOMMENTAR] = sp_node_plain(p, st);
}

/* A TSV field: tabs, carriage returns and newlines become spaces. */
void
sp_tsv_field(const char *s, FILE *out)
{
	for (; *s != '\0'; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
void
sp_json_string(const char *s, FILE *out)
{
	unsigned char	c;

	putc('"', out);
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);	/* UTF-8 passes through */
			break;
		}
	}
	putc('"', out);
}

/*
 * Write every tiltak of plan version VERSION in version order as TSV
 * (a header line, then rows) or JSON (an array, one object per line),
 * with status and comment from status report REPORT when not NULL.
 * Returns 0, or an exit status after reporting.
 */
int
sp_export(const struct sp_plan *p, const char *version, const char *report,
    const char *format, FILE *out)
{
	const struct sp_version	*v;
	const struct sp_node	*rep = NULL;
	char			*val[C__MAX];
	int			 json, c;
	size_t			 i;

	if (format == NULL || strcmp(format, "tsv") == 0)
		json = 0;
	else if (strcmp(format, "json") == 0)
		json = 1;
	else {
		sp_msg(SP_ERROR, NULL, 0, "unknown export format %s "
		    "(tsv or json)", format);
		return SP_EXIT_USAGE;
	}
	if (version == NULL || (v = sp_version_find(p, version)) == NULL) {
		sp_msg(SP_ERROR, p->path, 0, "no plan version %s",
		    version != NULL ? version : "(none)");
		return SP_EXIT_INPUT;
	}
	if (report != NULL) {
		if ((rep = sp_find(p, report)) == NULL) {
			sp_msg(SP_ERROR, p->path, 0, "no status report %s",
			    report);
			return SP_EXIT_INPUT;
		}
		if (rep->type != SP_STATUSRAPPORT) {
			sp_msg(SP_ERROR, p->path, 0, "%s is a %s, not a "
			    "status report (at %s:%d)", report,
			    sp_type_name(rep->type), rep->file, rep->line);
			return SP_EXIT_INPUT;
		}
		if (sp_attr(rep, "versjon") == NULL ||
		    strcmp(sp_attr(rep, "versjon"), version) != 0) {
			sp_msg(SP_ERROR, rep->file, rep->line, "status report "
			    "%s is a report on %s, not on %s: export "
			    "--version %s --status %s, or name a report on %s",
			    report, sp_attr(rep, "versjon") ?
			    sp_attr(rep, "versjon") : "no version", version,
			    sp_attr(rep, "versjon") ? sp_attr(rep, "versjon") :
			    "?", report, version);
			return SP_EXIT_INPUT;
		}
	}

	if (json)
		fputs("[\n", out);
	else
		for (c = 0; c < C__MAX; c++) {
			fputs(col_names[c], out);
			putc(c + 1 < C__MAX ? '\t' : '\n', out);
		}
	for (i = 0; i < v->ntiltak; i++) {
		row(p, rep, v->tiltak[i], val);
		if (json)
			putc('{', out);
		for (c = 0; c < C__MAX; c++) {
			if (json) {
				sp_json_string(col_names[c], out);
				fputs(": ", out);
				sp_json_string(val[c], out);
				if (c + 1 < C__MAX)
					fputs(", ", out);
			} else {
				sp_tsv_field(val[c], out);
				putc(c + 1 < C__MAX ? '\t' : '\n', out);
			}
			free(val[c]);
		}
		if (json)
			fputs(i + 1 < v->ntiltak ? "},\n" : "}\n", out);
	}
	if (json)
		fputs("]\n", out);
	if (ferror(out)) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot write the export");
		return SP_EXIT_SYS;
	}
	return 0;
}
