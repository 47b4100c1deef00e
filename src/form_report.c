/* form_report.c: status-inn: filled forms, checked cell by cell, to a report. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sp.h"
#include "sp_read.h"
#include "sp_data.h"
#include "sp_form.h"

/* One answer: a row of a form that names a tiltak. */
struct answer {
	enum sp_status	 status;	/* SP_ST_NONE: left blank */
	char		*komm;		/* folded, or NULL */
	char		*where;		/* FILE:SHEET!F7 of the status */
	const char	*body;		/* the ansvarleg the form was for */
};

struct tiltak {
	const struct sp_node	*node;
	const char		*id;
	struct answer		*a;
	size_t			 na;
	int			 rows;	/* rows naming it */
};

struct inn {
	const struct sp_plan	*p;
	const struct sp_version	*v;
	struct tiltak		*t;	/* in version order */
	struct sp_arena		*arena;
	char			*prev;	/* report the forms were made from */
	int			 prev_mixed;
	int			 errors;
};

/* S without surrounding white space (also no-break space), runs folded. */
static char *
fold(const char *s)
{
	struct sp_buf	b = { NULL, 0, 0 };
	int		space = 0;

	sp_buf_puts(&b, "");
	while (s != NULL && *s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			s++;
		} else if (strncmp(s, "\xc2\xa0", 2) == 0) {
			space = 1;
			s += 2;
		} else {
			if (space && b.len > 0)
				sp_buf_putc(&b, ' ');
			space = 0;
			sp_buf_putc(&b, *s++);
		}
	}
	return b.s;
}

/*
 * A status word as a person may type it: the master's words in any case,
 * with a space for the hyphen. SP_ST_NONE for a blank cell, -2 if unknown.
 */
static int
status_word(const char *cell)
{
	char	*s = fold(cell), *o, *i;
	int	 st;

	for (i = o = s; *i != '\0'; i++, o++) {
		if (*i >= 'A' && *i <= 'Z')
			*o = *i + 32;
		else if (*i == ' ')
			*o = '-';
		else if (strncmp(i, "Ø", 2) == 0 || strncmp(i, "Æ", 2) == 0 ||
		    strncmp(i, "Å", 2) == 0) {
			*o++ = i[0];
			*o = i[1] + 0x20;	/* Ø C3 98 -> ø C3 B8 */
			i++;
		} else
			*o = *i;
	}
	*o = '\0';
	st = *s == '\0' ? SP_ST_NONE : sp_status_parse(s) != SP_ST_NONE ?
	    (int)sp_status_parse(s) : -2;
	free(s);
	return st;
}

static struct tiltak *
find(struct inn *in, const char *id)
{
	size_t	i;

	for (i = 0; i < in->v->ntiltak; i++)
		if (strcmp(in->t[i].id, id) == 0)
			return &in->t[i];
	return NULL;
}

static const char *
nr_of(const struct tiltak *t)
{
	const char	*nr = sp_attr(t->node, "nr");

	return nr != NULL ? nr : t->id;
}

/* A meta cell "key=value" in the hidden column; the value, or NULL. */
static const char *
meta(const struct sp_sheet *sh, int row, const char *key)
{
	const char	*s = sp_sheet_get(sh, row, SP_FC_ID);
	size_t		 n = strlen(key);

	if (s == NULL || strncmp(s, key, n) != 0 || s[n] != '=')
		return NULL;
	return s + n + 1;
}

static void __attribute__((format(printf, 6, 7)))
error_at(struct inn *in, const struct sp_book *b, const struct sp_sheet *sh,
    int row, int col, const char *fmt, ...)
{
	char	*w = sp_cell_where(b, sh, row, col);
	va_list	 ap;

	va_start(ap, fmt);
	sp_vmsg(SP_ERROR, w, 0, fmt, ap);
	va_end(ap);
	free(w);
	in->errors++;
}

/* Every row of one form sheet. */
static void
read_sheet(struct inn *in, const struct sp_book *b, const struct sp_sheet *sh)
{
	const char	*ver = meta(sh, 1, "versjon"), *rep = meta(sh, 2, "rapport");
	const char	*body = meta(sh, 3, "ansvarleg"), *id, *head;
	struct tiltak	*t;
	struct answer	*a;
	int		 maxrow = 0, row, st;
	char		*idf;

	if (ver == NULL) {
		error_at(in, b, sh, 1, SP_FC_ID, "the form's version is "
		    "missing (the hidden cell should say versjon=...)");
		return;
	}
	if (strcmp(ver, in->v->id) != 0) {
		error_at(in, b, sh, 1, SP_FC_ID, "this form is for version %s,"
		    " not %s", ver, in->v->id);
		return;
	}
	head = sp_sheet_get(sh, SP_FORM_HEAD, SP_FC_ID);
	if (head == NULL || strcmp(head, "id") != 0) {
		error_at(in, b, sh, SP_FORM_HEAD, SP_FC_ID, "the header row of the "
		    "form is not where it should be (rows or columns were "
		    "moved)");
		return;
	}
	if (rep != NULL && *rep != '\0') {
		if (in->prev == NULL)
			in->prev = sp_arena_strdup(in->arena, rep);
		else if (strcmp(in->prev, rep) != 0)
			in->prev_mixed = 1;
	}
	if (body == NULL || *body == '\0')
		body = b->path;
	body = sp_arena_strdup(in->arena, body);
	if (sh->ncells > 0)	/* sorted by row */
		maxrow = sh->cells[sh->ncells - 1].row;
	for (row = SP_FORM_HEAD + 1; row <= maxrow; row++) {
		const char *scell = sp_sheet_get(sh, row, SP_FC_STATUS);
		const char *kcell = sp_sheet_get(sh, row, SP_FC_KOMM);

		id = sp_sheet_get(sh, row, SP_FC_ID);
		idf = fold(id);
		if (*idf == '\0') {
			char *s = fold(scell), *k = fold(kcell);

			if (*s != '\0' || *k != '\0')
				error_at(in, b, sh, row, SP_FC_ID, "a status "
				    "or comment in a row without a tiltak id "
				    "(the hidden column H is empty)");
			free(s);
			free(k);
			free(idf);
			continue;
		}
		if ((t = find(in, idf)) == NULL) {
			error_at(in, b, sh, row, SP_FC_ID, "unknown tiltak id "
			    "%s: version %s has no such tiltak", idf,
			    in->v->id);
			free(idf);
			continue;
		}
		free(idf);
		t->rows++;
		st = status_word(scell);
		if (st == -2) {
			char *s = fold(scell);

			error_at(in, b, sh, row, SP_FC_STATUS, "unknown status "
			    "«%s» for tiltak %s: use grøn, gul, raud or "
			    "ikkje-vurdert", s, nr_of(t));
			free(s);
			continue;
		}
		t->a = sp_realloc(t->a, (t->na + 1) * sizeof(*t->a));
		a = &t->a[t->na++];
		a->status = (enum sp_status)st;
		a->komm = fold(kcell);
		if (*a->komm == '\0') {
			free(a->komm);
			a->komm = NULL;
		}
		a->where = sp_cell_where(b, sh, row, SP_FC_STATUS);
		a->body = body;
	}
}

static void
read_file(struct inn *in, const char *path)
{
	struct sp_book	 b;
	const char	*dot = strrchr(path, '.');
	char		 magic[4] = { 0 };
	FILE		*f;
	size_t		 i;
	int		 rc, forms = 0;

	memset(&b, 0, sizeof(b));
	if ((f = fopen(path, "rb")) != NULL) {
		if (fread(magic, 1, 4, f) != 4)
			magic[0] = '\0';
		fclose(f);
	}
	if (memcmp(magic, "PK\3\4", 4) == 0)
		rc = sp_xlsx_read(path, &b);
	else if (memcmp(magic, "\xd0\xcf\x11\xe0", 4) == 0) {
		sp_msg(SP_ERROR, path, 0, "an old Excel file (.xls): save it "
		    "as Excel-arbeidsbok (.xlsx) or as CSV");
		rc = -1;
	}
	else if (dot != NULL && (strcasecmp(dot, ".xlsx") == 0 ||
	    strcasecmp(dot, ".xlsm") == 0)) {
		sp_msg(SP_ERROR, path, 0, f == NULL ? "cannot read the file" :
		    "not an xlsx file (it is no zip archive)");
		rc = -1;
	} else
		rc = sp_csv_read(path, &b);
	if (rc != 0) {
		in->errors++;
		return;
	}
	for (i = 0; i < b.nsheets; i++) {
		const char *mark = sp_sheet_get(&b.sheets[i], 0, SP_FC_ID);
		char *m = fold(mark);

		if (strcmp(m, SP_FORM_MARK) == 0) {
			read_sheet(in, &b, &b.sheets[i]);
			forms++;
		}
		free(m);
	}
	if (forms == 0) {
		sp_msg(SP_ERROR, path, 0, "not a status form made by "
		    "'sakspapir status-ut' (no sheet says %s in H1%s)",
		    SP_FORM_MARK, b.nsheets == 1 && b.sheets[0].name == NULL ?
		    "; was the sheet «Status» saved as CSV?" : "");
		in->errors++;
	}
	sp_book_free(&b);
}

/* XML text: & < > escaped, and " in attributes. */
static void
xml_put(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if ((unsigned char)*s < 0x20)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

/* The merged answer for T: the status, and the comment (malloc'd). */
static enum sp_status
merge(struct inn *in, struct tiltak *t, char **komm)
{
	struct sp_buf	 b = { NULL, 0, 0 };
	const struct answer *first = NULL;
	enum sp_status	 st = SP_ST_NONE;
	size_t		 i, j, nk = 0;

	for (i = 0; i < t->na; i++) {
		if (t->a[i].status == SP_ST_NONE)
			continue;
		if (first == NULL) {
			first = &t->a[i];
			st = first->status;
		} else if (t->a[i].status != st) {
			sp_msg(SP_ERROR, t->a[i].where, 0, "tiltak %s is %s "
			    "here but %s in %s: the forms disagree",
			    nr_of(t), sp_status_word(t->a[i].status),
			    sp_status_word(st), first->where);
			in->errors++;
		}
	}
	/* one comment as it is; several, each with its ansvarleg */
	for (i = 0; i < t->na; i++)
		if (t->a[i].komm != NULL)
			nk++;
	sp_buf_puts(&b, "");
	for (i = 0; i < t->na; i++) {
		if (t->a[i].komm == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (t->a[j].komm != NULL &&
			    strcmp(t->a[j].komm, t->a[i].komm) == 0)
				break;
		if (j < i)
			continue;
		if (b.len > 0)
			sp_buf_puts(&b, " – ");
		if (nk > 1)
			sp_buf_printf(&b, "%s: ", t->a[i].body);
		sp_buf_puts(&b, t->a[i].komm);
	}
	*komm = b.s;
	return st;
}

struct change {
	const struct tiltak	*t;
	enum sp_status		 from, to;
	const char		*komm;		/* new comment, or NULL */
};

static const char *const kinds[] = { "ferdig", "raud", "status", "kommentar" };
static const char *const heads[] = {
	"Ferdige (til grøn)", "Nye raude", "Anna endring av status",
	"Ny kommentar"
};

static int
kind(const struct change *c)
{
	if (c->from != c->to && c->to == SP_ST_GRON)
		return 0;
	if (c->from != c->to && c->to == SP_ST_RAUD)
		return 1;
	if (c->from != c->to)
		return 2;
	return 3;
}

static void
changes(const struct inn *in, const struct sp_node *prev, enum sp_status *st,
    char **komm, const char *format)
{
	struct change	*c = sp_calloc(in->v->ntiltak + 1, sizeof(*c));
	size_t		 n = 0, i;
	int		 k, count[4] = { 0 }, tsv = strcmp(format, "tsv") == 0;

	for (i = 0; i < in->v->ntiltak; i++) {
		const struct sp_node *s = prev != NULL ?
		    sp_report_status(in->p, prev, in->t[i].id) : NULL;
		enum sp_status from = s != NULL ?
		    sp_status_parse(sp_attr(s, "verdi")) : SP_ST_IKKJE;
		char *old = sp_node_plain(in->p, s);
		int newkomm = *komm[i] != '\0' && strcmp(old, komm[i]) != 0;

		free(old);
		if (from == st[i] && !newkomm)
			continue;
		c[n].t = &in->t[i];
		c[n].from = from;
		c[n].to = st[i];
		c[n].komm = newkomm ? komm[i] : NULL;
		count[kind(&c[n])]++;
		n++;
	}
	if (tsv)
		puts("endring\tid\tnr\tfør\tno\tkommentar\ttiltak");
	else
		printf("Endringar %s%s: %zu av %zu tiltak\n", prev != NULL ?
		    "sidan " : "(ingen førre rapport)", prev != NULL ?
		    sp_attr(prev, "id") : "", n, in->v->ntiltak);
	for (k = 0; k < 4; k++) {
		if (count[k] > 0 && !tsv)
			printf("\n%s (%d):\n", heads[k], count[k]);
		for (i = 0; i < n; i++) {
			const struct change *x = &c[i];
			char *tekst;

			if (kind(x) != k)
				continue;
			tekst = sp_node_plain(in->p, sp_child(x->t->node,
			    SP_TEKST));
			if (tsv)
				printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kinds[k],
				    x->t->id, nr_of(x->t),
				    sp_status_word(x->from),
				    sp_status_word(x->to),
				    x->komm != NULL ? x->komm : "", tekst);
			else if (x->from != x->to)
				printf("  %-8s %s -> %s  %s\n", nr_of(x->t),
				    sp_status_word(x->from),
				    sp_status_word(x->to), tekst);
			else
				printf("  %-8s %s  %s\n", nr_of(x->t),
				    sp_status_word(x->to), tekst);
			if (!tsv && x->komm != NULL)
				printf("           «%s»\n", x->komm);
			free(tekst);
		}
	}
	free(c);
}

/* Is the node with id ID defined in the file OUT (to be replaced)? */
static int
same_file(const char *a, const char *b)
{
	char	*ra = realpath(a, NULL), *rb = realpath(b, NULL);
	int	 same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

static void
comment_put(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		if (!(*s == '-' && (s[1] == '-' || s[1] == '\0')))
			fputc(*s, f);
		else
			fputs("- ", f);
}

int
sp_status_inn(const struct sp_plan *p, const char *version,
    const char *id, const char *dato, const char *prev,
    char *const *files, int nfiles, const char *out,
    const char *format, const char *tittel)
{
	struct inn		 in;
	const struct sp_node	*prevrep = NULL, *clash;
	enum sp_status		*st = NULL;
	char			**komm = NULL, *dl, *title = NULL;
	struct sp_out		 o;
	size_t			 i, j;
	int			 k, rc = SP_EXIT_OK, noform = 0, noanswer = 0;

	memset(&in, 0, sizeof(in));
	in.p = p;
	if ((in.v = sp_version_find(p, version)) == NULL) {
		sp_msg(SP_ERROR, p->path, 0, "no plan version or revision "
		    "named %s", version);
		return SP_EXIT_INPUT;
	}
	if (!sp_ident_ascii(id)) {
		sp_msg(SP_ERROR, NULL, 0, "--id %s: an id starts with a letter"
		    " and holds only letters, digits, '.', '_' and '-'", id);
		return SP_EXIT_USAGE;
	}
	if ((clash = sp_find(p, id)) != NULL && !(clash->type ==
	    SP_STATUSRAPPORT && same_file(clash->file, out))) {
		sp_msg(SP_ERROR, clash->file, clash->line, "id %s is taken "
		    "(by this <%s>): choose another --id", id,
		    sp_type_name(clash->type));
		return SP_EXIT_INPUT;
	}
	if (prev != NULL && ((prevrep = sp_find(p, prev)) == NULL ||
	    prevrep->type != SP_STATUSRAPPORT)) {
		sp_msg(SP_ERROR, p->path, 0, "no status report named %s", prev);
		return SP_EXIT_INPUT;
	}
	in.arena = sp_arena_new();
	in.t = sp_calloc(in.v->ntiltak + 1, sizeof(*in.t));
	for (i = 0; i < in.v->ntiltak; i++) {
		in.t[i].node = in.v->tiltak[i];
		in.t[i].id = sp_attr(in.v->tiltak[i], "id");
	}
	for (k = 0; k < nfiles; k++)
		read_file(&in, files[k]);
	st = sp_calloc(in.v->ntiltak + 1, sizeof(*st));
	komm = sp_calloc(in.v->ntiltak + 1, sizeof(*komm));
	for (i = 0; i < in.v->ntiltak; i++)
		st[i] = merge(&in, &in.t[i], &komm[i]);
	if (in.errors > 0) {
		sp_msg(SP_ERROR, NULL, 0, "%d error%s in the forms: %s is not "
		    "written", in.errors, in.errors == 1 ? "" : "s", out);
		rc = SP_EXIT_INPUT;
		goto done;
	}
	for (i = 0; i < in.v->ntiltak; i++) {
		struct tiltak *t = &in.t[i];

		if (st[i] != SP_ST_NONE)
			continue;
		st[i] = SP_ST_IKKJE;
		if (t->rows == 0)
			noform++;
		else
			noanswer++;
		if (t->rows == 0 && strcmp(nr_of(t), t->id) == 0)
			sp_msg(SP_WARNING, NULL, 0, "tiltak %s is on none of "
			    "the forms read: it stays ikkje-vurdert", t->id);
		else if (t->rows == 0)
			sp_msg(SP_WARNING, NULL, 0, "tiltak %s (%s) is on none "
			    "of the forms read: it stays ikkje-vurdert",
			    nr_of(t), t->id);
		else if (*komm[i] != '\0')
			sp_msg(SP_WARNING, t->a[0].where, 0, "tiltak %s has a "
			    "comment but no status: it stays ikkje-vurdert",
			    nr_of(t));
		else
			sp_msg(SP_WARNING, t->a[0].where, 0, "tiltak %s has "
			    "no answer: it stays ikkje-vurdert", nr_of(t));
	}
	if (noform + noanswer > 0)
		sp_msg(SP_WARNING, NULL, 0, "%d of %zu tiltak stay ikkje-vurdert: "
		    "%d on no form read, %d without a status on their form%s",
		    noform + noanswer, in.v->ntiltak, noform, noanswer,
		    noform > 0 ? " (a form not returned?)" : "");
	if (prevrep == NULL && in.prev != NULL) {
		if (in.prev_mixed)
			sp_msg(SP_WARNING, NULL, 0, "the forms were made from "
			    "different reports; changes are shown against %s "
			    "(use --report to choose)", in.prev);
		prevrep = sp_find(p, in.prev);
		if (prevrep != NULL && prevrep->type != SP_STATUSRAPPORT)
			prevrep = NULL;
		if (prevrep == NULL)
			sp_msg(SP_WARNING, NULL, 0, "the forms were made from "
			    "report %s, which the master does not have", in.prev);
	}

	/* the report, atomically */
	if (sp_out_open(&o, out) != 0) {
		rc = SP_EXIT_SYS;
		goto done;
	}
	dl = sp_date_long(dato);
	title = tittel != NULL ? sp_strdup(tittel) :
	    sp_printf("Status for %s, %s", sp_attr(in.v->node, "tittel"), dl);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Written by "
	    "'sakspapir status-inn' from the status forms ", o.f);
	for (k = 0; k < nfiles; k++) {
		const char *base = strrchr(files[k], '/');

		comment_put(o.f, base != NULL ? base + 1 : files[k]);
		fputs(k + 1 < nfiles ? ", " : ".", o.f);
	}
	fputs(" Include it in the master with an xi:include. -->\n", o.f);
	fputs("<statusrapport id=\"", o.f);
	xml_put(o.f, id);
	fputs("\" versjon=\"", o.f);
	xml_put(o.f, version);
	fputs("\" tittel=\"", o.f);
	xml_put(o.f, title);
	fprintf(o.f, "\" dato=\"%s\" kjelde=\"Statusskjema frå dei "
	    "ansvarlege\">\n", dato);
	free(dl);
	for (i = 0; i < in.v->ntiltak; i++) {
		fputs("  <status tiltak=\"", o.f);
		xml_put(o.f, in.t[i].id);
		fprintf(o.f, "\" verdi=\"%s\"", sp_status_word(st[i]));
		if (*komm[i] == '\0')
			fputs("/>\n", o.f);
		else {
			fputc('>', o.f);
			xml_put(o.f, komm[i]);
			fputs("</status>\n", o.f);
		}
	}
	fputs("</statusrapport>\n", o.f);
	if (sp_out_commit(&o) != 0) {
		rc = SP_EXIT_SYS;
		goto done;
	}
	changes(&in, prevrep, st, komm, format);
done:
	for (i = 0; i < in.v->ntiltak; i++) {
		for (j = 0; j < in.t[i].na; j++) {
			free(in.t[i].a[j].komm);
			free(in.t[i].a[j].where);
		}
		free(in.t[i].a);
		free(komm[i]);
	}
	free(in.t);
	free(st);
	free(komm);
	free(title);
	sp_arena_free(in.arena);
	return rc;
}
