/* cmd_diff.c: sakspapir diff: the tiltak of one version matched to
 * another's, as TSV, JSON, suggested forgjengar links or a PDF. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "cmd.h"

/* diff --format pdf -o FILE.pdf: the diff document into FILE.pdf. */
static int
diff_pdf(struct sp_plan *p, const struct sp_version *from,
    const struct sp_version *to, int flags, const char *file)
{
	struct sp_style	*st = NULL;
	struct sp_hyph	*hy = NULL;
	struct sp_doc	*doc;
	struct target	 t;
	char		*fonts = NULL, *dir, *slash, *date;
	int		 rc;

	if ((rc = cmd_typeset_setup(NULL, &st, &fonts, &hy)) == 0) {
		memset(&t, 0, sizeof(t));
		dir = sp_strdup(file);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			t.name = sp_strndup(slash + 1, strlen(slash + 1) - 4);
		} else {
			t.name = sp_strndup(dir, strlen(dir) - 4);
			strcpy(dir, ".");
		}
		t.kind = T_DIFF;
		t.file = sp_strdup(p->path);
		doc = sp_doc_diff(p, st, from, to, flags);
		date = cmd_creation_date(p, doc->date);
		free(doc->date);
		doc->date = date;
		if (cmd_render(doc, st, fonts, hy, &t, *dir ? dir : "/", 0, 0, 0) != 0)
			rc = cmd_exit_status() ? cmd_exit_status() : SP_EXIT_SYS;
		free(t.name);
		free(t.file);
		free(dir);
	}
	cmd_typeset_release(st, fonts, hy);
	return rc;
}

/*
 * diff MASTER FROM TO: the tiltak of version FROM matched to those of
 * TO, as TSV, JSON or suggested forgjengar links, on standard output
 * or atomically into FILE.
 */
int
cmd_diff(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "auto", no_argument, NULL, 'a' },
		{ "suggest", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*format = "tsv", *file = NULL;
	const struct sp_version	*from, *to;
	struct sp_plan		*p;
	struct sp_diff		*d;
	struct sp_out		 out;
	FILE			*f = stdout;
	int			 c, flags = 0, suggest = 0, rc, pdf;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			flags |= SP_DIFF_AUTO;
			break;
		case 's':
			suggest = 1;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			file = optarg;
			break;
		default:
			cmd_usage(stderr);
			return SP_EXIT_USAGE;
		}
	}
	if (optind + 3 != argc || (strcmp(format, "tsv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0)) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	pdf = strcmp(format, "pdf") == 0;
	if (pdf && (suggest || file == NULL || strlen(file) < 5 ||
	    strcmp(file + strlen(file) - 4, ".pdf") != 0)) {
		fputs("sakspapir: diff --format pdf writes -o FILE.pdf\n",
		    stderr);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load_valid(argv[optind])) == NULL)
		return cmd_exit_status();
	from = sp_version_find(p, argv[optind + 1]);
	to = sp_version_find(p, argv[optind + 2]);
	if (from == NULL || to == NULL) {
		sp_msg(SP_ERROR, p->path, 0, "no plan version %s (the "
		    "versions are the ids of versjon and revisjon)",
		    argv[optind + (from == NULL ? 1 : 2)]);
		sp_plan_free(p);
		return SP_EXIT_INPUT;
	}
	if (pdf) {
		rc = diff_pdf(p, from, to, flags, file);
		sp_plan_free(p);
		return rc;
	}
	d = sp_diff_match(p, from, to, flags);
	if (getenv("SAKSPAPIR_TIMING") != NULL)
		fprintf(stderr, "timing: match    %7.1f ms  %zu + %zu tiltak\n",
		    d->match_ms, from->ntiltak, to->ntiltak);
	if (file != NULL) {
		if (sp_out_open(&out, file) != 0) {
			sp_diff_free(d);
			sp_plan_free(p);
			return SP_EXIT_SYS;
		}
		f = out.f;
	}
	rc = suggest ? sp_diff_suggest(p, d, f) : sp_diff_write(p, d, format,
	    f);
	if (file != NULL) {
		if (rc != 0)
			sp_out_abort(&out);
		else
			rc = sp_out_commit(&out);
	} else if (rc == 0 && fflush(stdout) != 0) {
		sp_msg(SP_SYSERR, NULL, 0, "standard output: %s",
		    strerror(errno));
		rc = -1;
	}
	sp_diff_free(d);
	sp_plan_free(p);
	return rc == 0 ? SP_EXIT_OK : SP_EXIT_SYS;
}
