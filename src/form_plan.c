/* form_plan.c: status-ut: who answers for which tiltak, one form each. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_form.h"

/*
 * How an Ansvar text becomes bodies (the README says the same):
 *
 *  1. The text of <ansvar>, with <br/> as a separator and white space
 *     folded. A text that names an organ of the master as a whole
 *     (its namn, kortnamn or id, ignoring case) is that organ.
 *  2. Otherwise it is split at "," ";" "/" "+" "&" and line breaks.
 *     Pieces without a letter or digit ("?") are dropped.
 *  3. A piece of several words, as "Kommunen Næringshage" (the sources
 *     lost the line break between two names in a cell), is split at
 *     spaces only if every part is a known name: an organ, or a name
 *     that stands alone as a whole piece somewhere else in the same
 *     version. "Hemsedal kommune" stays one body, since "Hemsedal" never
 *     stands alone. Of several ways, the one with the fewest parts wins,
 *     and then the one whose first part is longest.
 *  4. A piece is an organ when it names one (as in 1). Other pieces are
 *     grouped by their slug: lower case, æ ø å as ae o a, every run of
 *     other characters one "-". So "Tråkk'n Roll" and "Tråkk`n Roll"
 *     are one body, and "Styret" and "Styre" are two.
 *  5. A tiltak with no body goes to the region's own body: the organ whose
 *     namn is the region's namn.
 *
 * The slug (or the organ's id) is the file name: DIR/<slug>.xlsx.
 */

#define MAXPIECES	32

struct body {
	char		 *key;		/* organ id or slug */
	char		 *name;		/* as printed on the form */
	struct sp_buf	  names;	/* «spelling», «spelling» */
	const struct sp_node **tiltak;
	size_t		  n;
};

struct split {
	const struct sp_plan	*p;
	char			**known;	/* slugs of stand-alone names */
	size_t			  nknown;
};

/* Append the slug of S to B: [a-z0-9] runs joined by "-". */
static char *
slug(const char *s)
{
	static const struct { const char *from, *to; } fold[] = {
		{ "æ", "ae" }, { "Æ", "ae" }, { "ø", "o" }, { "Ø", "o" },
		{ "å", "a" }, { "Å", "a" }, { "é", "e" }, { "É", "e" },
		{ "è", "e" }, { "ê", "e" }, { "ó", "o" }, { "ò", "o" },
		{ "ô", "o" }, { "ä", "a" }, { "Ä", "a" }, { "ö", "o" },
		{ "Ö", "o" }, { "ü", "u" }, { "Ü", "u" }, { "á", "a" },
		{ "à", "a" }, { NULL, NULL }
	};
	struct sp_buf	 b = { NULL, 0, 0 };
	int		 dash = 0, i;

	sp_buf_puts(&b, "");
	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z')) {
			if (dash && b.len > 0)
				sp_buf_putc(&b, '-');
			dash = 0;
			sp_buf_putc(&b, c >= 'A' && c <= 'Z' ? c + 32 : c);
			s++;
			continue;
		}
		for (i = 0; fold[i].from != NULL; i++)
			if (strncmp(s, fold[i].from, strlen(fold[i].from)) == 0)
				break;
		if (fold[i].from != NULL) {
			if (dash && b.len > 0)
				sp_buf_putc(&b, '-');
			dash = 0;
			sp_buf_puts(&b, fold[i].to);
			s += strlen(fold[i].from);
			continue;
		}
		dash = 1;
		s++;
		/* skip the rest of a multibyte character */
		while ((*s & 0xC0) == 0x80)
			s++;
	}
	if (b.len > 60) {
		b.s[60] = '\0';
		b.len = 60;
		while (b.len > 0 && b.s[b.len - 1] == '-')
			b.s[--b.len] = '\0';
	}
	return b.s;
}

/* The organ S names (namn, kortnamn or id, by slug), or NULL. */
static const struct sp_node *
organ(const struct sp_plan *p, const char *s)
{
	const struct sp_node	*org, *o;
	const char		*v[3];
	char			*k = slug(s), *ok;
	int			 i;

	org = sp_child(p->root, SP_ORGANISASJON);
	for (o = org != NULL ? org->first : NULL; o != NULL; o = o->next) {
		if (o->type != SP_ORGAN)
			continue;
		v[0] = sp_attr(o, "namn");
		v[1] = sp_attr(o, "kortnamn");
		v[2] = sp_attr(o, "id");
		for (i = 0; i < 3; i++) {
			if (v[i] == NULL)
				continue;
			ok = slug(v[i]);
			if (*k != '\0' && strcmp(ok, k) == 0) {
				free(ok);
				free(k);
				return o;
			}
			free(ok);
		}
	}
	free(k);
	return NULL;
}

/* The text of an <ansvar>: <br/> becomes a newline. */
static void
gather(const struct sp_node *n, struct sp_buf *b)
{
	const struct sp_node	*c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == SP_TEXT)
			sp_buf_puts(b, c->text);
		else if (c->type == SP_BR)
			sp_buf_putc(b, '\n');
		else if (c->type != SP_FOTNOTE)
			gather(c, b);
	}
}

static int
has_alnum(const char *s)
{
	for (; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Steps 1 and 2: the pieces of an Ansvar text, malloc'd; returns count. */
static size_t
pieces(const struct sp_plan *p, const struct sp_node *ansvar, char **out)
{
	struct sp_buf	 b = { NULL, 0, 0 }, w = { NULL, 0, 0 };
	const char	*s;
	size_t		 n = 0;
	int		 space;

	sp_buf_puts(&b, "");
	if (ansvar != NULL)
		gather(ansvar, &b);
	/* fold white space (but not the newlines of <br/>) */
	sp_buf_puts(&w, "");
	for (s = b.s, space = 0; ; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r') {
			space = 1;
			continue;
		}
		if (*s == '\0' || *s == '\n' || strchr(",;/+&", *s) != NULL) {
			/* end of a piece */
			if (w.len > 0 && has_alnum(w.s) && n < MAXPIECES)
				out[n++] = sp_strdup(w.s);
			w.len = 0;
			w.s[0] = '\0';
			space = 0;
			if (*s == '\0')
				break;
			continue;
		}
		if (space && w.len > 0)
			sp_buf_putc(&w, ' ');
		space = 0;
		sp_buf_putc(&w, *s);
	}
	/* step 1: the whole text may be an organ's name, "/" and all */
	if (n > 1) {
		char *whole = sp_strdup(b.s), *o = whole;

		for (s = b.s, space = 0; *s != '\0'; s++) {
			if (*s == ' ' || *s == '\t' || *s == '\r' ||
			    *s == '\n') {
				space = o > whole;
				continue;
			}
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = *s;
		}
		*o = '\0';
		if (organ(p, whole) != NULL) {
			while (n > 0)
				free(out[--n]);
			out[n++] = whole;
		} else
			free(whole);
	}
	sp_buf_free(&b);
	sp_buf_free(&w);
	return n;
}

static int
known(const struct split *sp, const char *s, const char *self)
{
	char	*k = slug(s);
	size_t	 i;
	int	 hit = 0;

	if (self != NULL && strcmp(k, self) == 0)
		hit = 0;
	else if (organ(sp->p, s) != NULL)
		hit = 1;
	else
		for (i = 0; i < sp->nknown && !hit; i++)
			hit = strcmp(sp->known[i], k) == 0;
	free(k);
	return hit;
}

/*
 * Step 3: split piece S (NW words, starts in W) into known names. CUT[i]
 * is set where a part ends after word i. Fewest parts; then the longest
 * first part. Returns the number of parts, 0 if there is no way.
 */
static int
segment(const struct split *sp, char **w, int nw, const char *self,
    int *cut)
{
	int	best[MAXPIECES + 1], from[MAXPIECES + 1];
	int	i, j, k;

	/* best[i]: fewest parts covering words i..nw-1 */
	best[nw] = 0;
	for (i = nw - 1; i >= 0; i--) {
		best[i] = -1;
		for (j = nw; j > i; j--) {	/* longest part first */
			struct sp_buf b = { NULL, 0, 0 };
			int ok;

			if (best[j] < 0)
				continue;
			for (k = i; k < j; k++) {
				if (k > i)
					sp_buf_putc(&b, ' ');
				sp_buf_puts(&b, w[k]);
			}
			ok = known(sp, b.s, self);
			sp_buf_free(&b);
			if (ok && (best[i] < 0 || best[j] + 1 < best[i])) {
				best[i] = best[j] + 1;
				from[i] = j;
			}
		}
	}
	if (best[0] < 2)
		return 0;
	memset(cut, 0, sizeof(int) * nw);
	for (i = 0; i < nw; i = from[i])
		cut[from[i] - 1] = 1;
	return best[0];
}

/* The bodies of one tiltak: pieces, with step 3 applied. */
static size_t
bodies(const struct split *sp, const struct sp_node *t, char **out)
{
	char	*pc[MAXPIECES], *w[MAXPIECES], *copy, *tok, *save;
	int	 cut[MAXPIECES], nw, k;
	size_t	 np, i, n = 0;

	np = pieces(sp->p, sp_child(t, SP_ANSVAR), pc);
	for (i = 0; i < np; i++) {
		char *self = slug(pc[i]);

		copy = sp_strdup(pc[i]);
		nw = 0;
		for (tok = strtok_r(copy, " ", &save); tok != NULL &&
		    nw < MAXPIECES; tok = strtok_r(NULL, " ", &save))
			w[nw++] = tok;
		if (nw > 1 && organ(sp->p, pc[i]) == NULL &&
		    segment(sp, w, nw, self, cut) > 1) {
			struct sp_buf b = { NULL, 0, 0 };

			for (k = 0; k < nw; k++) {
				if (b.len > 0)
					sp_buf_putc(&b, ' ');
				sp_buf_puts(&b, w[k]);
				if (cut[k] && n < MAXPIECES) {
					out[n++] = b.s;
					memset(&b, 0, sizeof(b));
				}
			}
			sp_buf_free(&b);
			free(pc[i]);
		} else if (n < MAXPIECES)
			out[n++] = pc[i];
		else
			free(pc[i]);
		free(copy);
		free(self);
	}
	return n;
}

static struct body *
body_get(struct body **v, size_t *nv, const char *key, const char *name)
{
	size_t	i;

	for (i = 0; i < *nv; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = sp_realloc(*v, (*nv + 1) * sizeof(**v));
	memset(&(*v)[*nv], 0, sizeof(**v));
	(*v)[*nv].key = sp_strdup(key);
	(*v)[*nv].name = sp_strdup(name);
	return &(*v)[(*nv)++];
}

static void
body_add(struct body *b, const struct sp_node *t, const char *spelling)
{
	char	*q = sp_printf("«%s»", spelling);

	if (b->names.s == NULL || strstr(b->names.s, q) == NULL) {
		if (b->names.len > 0)
			sp_buf_puts(&b->names, ", ");
		sp_buf_puts(&b->names, q);
	}
	free(q);
	if (b->n > 0 && b->tiltak[b->n - 1] == t)
		return;
	b->tiltak = sp_realloc(b->tiltak, (b->n + 1) * sizeof(*b->tiltak));
	b->tiltak[b->n++] = t;
}

/* The slugs of every piece that stands alone in version V. */
static void
learn(struct split *sp, const struct sp_version *v)
{
	char	*pc[MAXPIECES];
	size_t	 i, j, np;

	for (i = 0; i < v->ntiltak; i++) {
		np = pieces(sp->p, sp_child(v->tiltak[i], SP_ANSVAR), pc);
		for (j = 0; j < np; j++) {
			sp->known = sp_realloc(sp->known,
			    (sp->nknown + 1) * sizeof(char *));
			sp->known[sp->nknown++] = slug(pc[j]);
			free(pc[j]);
		}
	}
}

/* The region's own body: the organ named as the region. */
static struct body *
own_body(const struct sp_plan *p, struct body **v, size_t *nv)
{
	const char	*rn = sp_attr(p->root, "namn");
	const struct sp_node *o = rn != NULL ? organ(p, rn) : NULL;
	char		*k;
	struct body	*b;

	if (o != NULL)
		return body_get(v, nv, sp_attr(o, "id"), sp_attr(o, "namn"));
	k = slug(sp_attr(p->root, "id"));
	b = body_get(v, nv, k, rn != NULL ? rn : sp_attr(p->root, "id"));
	free(k);
	return b;
}

static char *
contact(const struct sp_plan *p)
{
	const struct sp_node	*org = sp_child(p->root, SP_ORGANISASJON);
	const struct sp_node	*n, *first = NULL;

	for (n = org != NULL ? org->first : NULL; n != NULL; n = n->next) {
		if (n->type != SP_PERSON)
			continue;
		if (first == NULL)
			first = n;
		if (strcasecmp(sp_attr(n, "tittel"), "Dagleg leiar") == 0) {
			first = n;
			break;
		}
	}
	if (first == NULL)
		return NULL;
	return sp_printf("%s, %s, %s", sp_attr(first, "namn"),
	    sp_attr(first, "tittel"), sp_attr(p->root, "namn"));
}

static char *
title_with_date(const struct sp_node *n, const char *id)
{
	const char	*d = sp_attr(n, "dato");
	char		*dl = d != NULL ? sp_date_long(d) : NULL, *s;

	s = sp_printf("%s (%s%s%s)", sp_attr(n, "tittel"), id,
	    dl != NULL ? ", " : "", dl != NULL ? dl : "");
	free(dl);
	return s;
}

int
sp_status_ut(const struct sp_plan *p, const struct sp_style *st,
    const char *version, const char *report, const char *frist,
    const char *dir)
{
	const struct sp_version	*v;
	const struct sp_node	*rep = NULL, *o;
	struct split		 sp;
	struct body		*b = NULL;
	struct sp_form		 f;
	char			*names[MAXPIECES], **tmp, **path;
	const char		*sde = getenv("SOURCE_DATE_EPOCH");
	size_t			 nb = 0, i, j, k, nn;
	int			 rc = SP_EXIT_OK, fd;

	if ((v = sp_version_find(p, version)) == NULL) {
		sp_msg(SP_ERROR, p->path, 0, "no plan version or revision "
		    "named %s", version);
		return SP_EXIT_INPUT;
	}
	if (report != NULL) {
		rep = sp_find(p, report);
		if (rep == NULL || rep->type != SP_STATUSRAPPORT) {
			sp_msg(SP_ERROR, p->path, 0, "no status report named "
			    "%s", report);
			return SP_EXIT_INPUT;
		}
		if (strcmp(sp_attr(rep, "versjon"), version) != 0)
			sp_msg(SP_WARNING, rep->file, rep->line, "report %s is "
			    "for %s, not %s: statuses are matched by tiltak id",
			    report, sp_attr(rep, "versjon"), version);
	}
	memset(&sp, 0, sizeof(sp));
	sp.p = p;
	learn(&sp, v);
	for (i = 0; i < v->ntiltak; i++) {
		const struct sp_node *t = v->tiltak[i];

		nn = bodies(&sp, t, names);
		if (nn == 0) {
			body_add(own_body(p, &b, &nb), t, "(ingen)");
			continue;
		}
		for (j = 0; j < nn; j++) {
			char *key;

			if ((o = organ(p, names[j])) != NULL)
				body_add(body_get(&b, &nb, sp_attr(o, "id"),
				    sp_attr(o, "namn")), t, names[j]);
			else {
				key = slug(names[j]);
				body_add(body_get(&b, &nb, key, names[j]), t,
				    names[j]);
				free(key);
			}
			free(names[j]);
		}
	}

	memset(&f, 0, sizeof(f));
	f.region = sp_attr(p->root, "namn");
	f.version = version;
	f.vtitle = title_with_date(v->node, version);
	f.report = report;
	f.rtitle = rep != NULL ? title_with_date(rep, report) : NULL;
	f.frist = frist != NULL ? sp_date_long(frist) : NULL;
	f.contact = contact(p);
	f.created = sde != NULL && *sde != '\0' ? strtoll(sde, NULL, 10) :
	    (long long)time(NULL);
	tmp = sp_calloc(nb + 1, sizeof(char *));
	path = sp_calloc(nb + 1, sizeof(char *));
	if (sp_mkdirs(dir) != 0) {
		rc = SP_EXIT_SYS;
		goto out;
	}
	/* every form to a temporary file first: all of them, or none */
	for (i = 0; i < nb && rc == SP_EXIT_OK; i++) {
		path[i] = sp_printf("%s/%s.xlsx", dir, b[i].key);
		tmp[i] = sp_printf("%s.tmp.XXXXXX", path[i]);
		if ((fd = mkstemp(tmp[i])) < 0) {
			sp_msg(SP_SYSERR, path[i], 0, "cannot create: %s",
			    strerror(errno));
			free(tmp[i]);
			tmp[i] = NULL;
			rc = SP_EXIT_SYS;
			break;
		}
		close(fd);
		f.key = b[i].key;
		f.body = b[i].name;
		f.names = b[i].names.s;
		f.nrows = b[i].n;
		f.rows = sp_calloc(b[i].n + 1, sizeof(*f.rows));
		for (k = 0; k < b[i].n; k++) {
			const struct sp_node *t = b[i].tiltak[k], *s;
			struct sp_form_row *r = &f.rows[k];
			const char *nr = sp_attr(t, "nr");

			r->id = sp_attr(t, "id");
			r->nr = nr != NULL ? nr : "";
			r->tekst = sp_node_plain(p, sp_child(t, SP_TEKST));
			r->tid = sp_node_plain(p, sp_child(t, SP_TID));
			s = rep != NULL ? sp_report_status(p, rep, r->id) : NULL;
			r->prev = rep == NULL ? "" : s == NULL ?
			    sp_status_word(SP_ST_IKKJE) :
			    sp_status_word(sp_status_parse(sp_attr(s, "verdi")));
			r->prevkomm = sp_node_plain(p, s);
		}
		if (sp_form_xlsx_write(&f, st, tmp[i]) != 0)
			rc = SP_EXIT_SYS;
		for (k = 0; k < b[i].n; k++) {
			free((char *)f.rows[k].tekst);
			free((char *)f.rows[k].tid);
			free((char *)f.rows[k].prevkomm);
		}
		free(f.rows);
	}
	for (i = 0; i < nb && rc == SP_EXIT_OK; i++) {
		if (chmod(tmp[i], 0644), rename(tmp[i], path[i]) != 0) {
			sp_msg(SP_SYSERR, path[i], 0, "cannot rename into "
			    "place: %s", strerror(errno));
			rc = SP_EXIT_SYS;
			break;
		}
		printf("%s\t%zu tiltak\t%s\n", path[i], b[i].n, b[i].name);
		free(tmp[i]);
		tmp[i] = NULL;
	}
out:
	for (i = 0; i < nb; i++) {
		if (tmp[i] != NULL) {
			unlink(tmp[i]);
			free(tmp[i]);
		}
		free(path[i]);
		free(b[i].key);
		free(b[i].name);
		free(b[i].tiltak);
		sp_buf_free(&b[i].names);
	}
	free(tmp);
	free(path);
	free(b);
	for (i = 0; i < sp.nknown; i++)
		free(sp.known[i]);
	free(sp.known);
	free((char *)f.vtitle);
	free((char *)f.rtitle);
	free((char *)f.frist);
	free((char *)f.contact);
	return rc;
}
