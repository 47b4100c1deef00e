/* cmd.c: what the commands share: the usage message, the exit status
 * from the worst message, reading the master, the targets it defines,
 * the creation date of a document. Calls none of the cmd_*.c files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sp.h"
#include "sp_doc.h"
#include "cmd.h"

void
cmd_usage(FILE *f)
{
	fputs("usage: sakspapir build  MASTER [TARGET...] [-o DIR] "
	    "[--archive]\n"
	    "                        [--style FILE] [--dump-layout] [--png]\n"
	    "       sakspapir list   MASTER\n"
	    "       sakspapir lint   MASTER [--strict]\n"
	    "       sakspapir export MASTER --version ID [--status REPORT] "
	    "[--format tsv|json]\n"
	    "       sakspapir diff   MASTER FROM TO [--auto] [--suggest] "
	    "[--format tsv|json|pdf] [-o FILE]\n"
	    "       sakspapir deps   MASTER TARGET\n"
	    "       sakspapir status-ut  MASTER --version V [--report PREV] "
	    "[--frist YYYY-MM-DD] [--style FILE] -o DIR\n"
	    "       sakspapir status-inn MASTER --version V --id ID "
	    "--dato YYYY-MM-DD\n"
	    "                 [--report PREV] [--tittel T] [--format text|tsv] "
	    "FILE... -o OUT.xml\n"
	    "       sakspapir --help | --version\n", f);
}

struct sp_plan *
cmd_load(const char *master)
{
	struct sp_plan	*p;

	if ((p = sp_plan_read(master, NULL)) == NULL)
		return NULL;
	sp_plan_index(p);
	return p;
}

int
cmd_exit_status(void)
{
	switch (sp_msg_worst()) {
	case SP_OK:
	case SP_WARNING:
		return SP_EXIT_OK;
	case SP_ERROR:
		return SP_EXIT_INPUT;
	default:
		return SP_EXIT_SYS;
	}
}

/*
 * The master for export, status-ut and status-inn: read and consistent
 * (as build: an inconsistent master gives nothing). NULL after saying so.
 */
struct sp_plan *
cmd_load_valid(const char *master)
{
	struct sp_plan	*p;

	if ((p = cmd_load(master)) == NULL)
		return NULL;
	sp_msg_quiet(1);
	if (sp_plan_validate(p) >= SP_ERROR) {
		sp_msg_quiet(0);
		sp_msg(SP_ERROR, p->path, 0, "the master has errors; "
		    "run 'sakspapir lint' for all of them");
		sp_plan_free(p);
		return NULL;
	}
	sp_msg_quiet(0);
	sp_msg_reset();
	return p;
}

/* The diff documents after the others: diff-FROM-TO. */
static int
diff_targets(const struct sp_plan *p, struct target **out, int nt)
{
	const struct sp_version	**from, **to;
	int			  n = sp_diff_pairs(p, &from, &to), i;

	*out = sp_realloc(*out, (nt + n + 1) * sizeof(**out));
	for (i = 0; i < n; i++, nt++) {
		memset(&(*out)[nt], 0, sizeof(**out));
		(*out)[nt].name = sp_printf("diff-%s-%s", from[i]->id,
		    to[i]->id);
		(*out)[nt].kind = T_DIFF;
		(*out)[nt].node = to[i]->node;
		(*out)[nt].from = from[i];
		(*out)[nt].to = to[i];
		(*out)[nt].file = sp_strdup(to[i]->node->file);
		(*out)[nt].line = to[i]->node->line;
	}
	free(from);
	free(to);
	return nt;
}

int
cmd_targets(const struct sp_plan *p, struct target **out)
{
	const struct sp_node	*n;
	int			 nt = 0;
	size_t			 i;

	*out = NULL;
	for (n = p->root->first; n != NULL; n = n->next) {
		if (n->type != SP_SAK && n->type != SP_VEDLEGG &&
		    n->type != SP_MOTE)
			continue;
		*out = sp_realloc(*out, (nt + 2) * sizeof(**out));
		(*out)[nt].name = n->type == SP_MOTE ? sp_printf("trykk/%s",
		    sp_attr(n, "id")) : sp_strdup(sp_attr(n, "id"));
		(*out)[nt].kind = n->type == SP_SAK ? T_SAK :
		    n->type == SP_MOTE ? T_TRYKK : T_VEDLEGG;
		(*out)[nt].node = n;
		(*out)[nt].file = sp_strdup(n->file);
		(*out)[nt].line = n->line;
		nt++;
		if (n->type != SP_MOTE)
			continue;
		(*out)[nt] = (*out)[nt - 1];
		(*out)[nt].name = sp_printf("trykk/%s-hefte", sp_attr(n, "id"));
		(*out)[nt].kind = T_HEFTE;
		(*out)[nt].file = sp_strdup(n->file);
		nt++;
	}
	/* every plan version and every materialised revision, whole */
	for (i = 0; i < p->nversions; i++) {
		n = p->versions[i].node;
		*out = sp_realloc(*out, (nt + 1) * sizeof(**out));
		(*out)[nt].name = sp_printf("plan-%s", p->versions[i].id);
		(*out)[nt].kind = T_PLAN;
		(*out)[nt].node = n;
		(*out)[nt].file = sp_strdup(n->file);
		(*out)[nt].line = n->line;
		nt++;
	}
	return diff_targets(p, out, nt);
}

void
cmd_free_targets(struct target *t, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].file);
	}
	free(t);
}

/* The newest date in the master: the fallback creation date. */
static void
newest(const struct sp_node *n, const char **best)
{
	const struct sp_node *c;
	const char *d;

	if (n->type == SP_TEXT)
		return;
	if ((d = sp_attr(n, "dato")) != NULL &&
	    (*best == NULL || strcmp(d, *best) > 0))
		*best = d;
	for (c = n->first; c != NULL; c = c->next)
		newest(c, best);
}

char *
cmd_creation_date(const struct sp_plan *p, const char *own)
{
	const char	*sde = getenv("SOURCE_DATE_EPOCH");
	const char	*d = own;
	int		 y = 2000, m = 1, day = 1;

	if (sde != NULL && *sde != '\0') {
		char		*end;
		time_t		 t = (time_t)strtoll(sde, &end, 10);
		struct tm	 tm;
		char		 buf[32];

		if (*end == '\0' && gmtime_r(&t, &tm) != NULL) {
			strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
			return sp_strdup(buf);
		}
	}
	if (d == NULL)
		newest(p->root, &d);
	if (d != NULL)
		sscanf(d, "%d-%d-%d", &y, &m, &day);
	return sp_printf("%04d-%02d-%02dT00:00:00Z", y, m, day);
}
