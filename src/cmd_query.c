/* cmd_query.c: the commands that read the master and answer on standard
 * output: list, deps, lint and export. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "cmd.h"

int
cmd_list(int argc, char *argv[])
{
	struct sp_plan	*p;
	struct target	*t;
	int		 nt, i;

	if (argc != 2) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load(argv[1])) == NULL)
		return cmd_exit_status();
	nt = cmd_targets(p, &t);
	for (i = 0; i < nt; i++)
		printf("%s\tout/%s.pdf\n", t[i].name, t[i].name);
	cmd_free_targets(t, nt);
	sp_plan_free(p);
	return SP_EXIT_OK;
}

/* Every file the master was read from, once each, in reading order. */
static void
files(const struct sp_node *n, const char ***v, size_t *nv)
{
	const struct sp_node	*c;
	size_t			 i;

	if (n->type == SP_TEXT)
		return;
	for (i = 0; i < *nv; i++)
		if (strcmp((*v)[i], n->file) == 0)
			break;
	if (i == *nv) {
		*v = sp_realloc(*v, (*nv + 1) * sizeof(**v));
		(*v)[(*nv)++] = n->file;
	}
	for (c = n->first; c != NULL; c = c->next)
		files(c, v, nv);
}

/*
 * One prerequisite of a make rule, after a space: make splits words at
 * blanks and reads '#' as a comment and '$' as a variable, so those are
 * escaped ("my\ plan.xml", "$$").
 */
static void
dep_word(const char *s)
{
	putchar(' ');
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '#')
			putchar('\\');
		else if (*s == '$')
			putchar('$');
		putchar(*s);
	}
}

/*
 * deps MASTER TARGET: a make rule naming what TARGET's PDF is made from:
 * every part of the master (validation reads them all), the schema, the
 * style and the fonts setup.
 */
int
cmd_deps(int argc, char *argv[])
{
	struct sp_plan	*p;
	struct target	*t;
	const char	**v = NULL;
	char		*extra[3];
	size_t		 nv = 0, i;
	int		 nt, j, found = 0;

	if (argc != 3) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load(argv[1])) == NULL)
		return cmd_exit_status();
	nt = cmd_targets(p, &t);
	for (j = 0; j < nt; j++)
		found |= strcmp(t[j].name, argv[2]) == 0;
	if (!found) {
		sp_msg(SP_ERROR, p->path, 0, "no target named %s (see "
		    "'sakspapir list')", argv[2]);
		cmd_free_targets(t, nt);
		sp_plan_free(p);
		return SP_EXIT_USAGE;
	}
	files(p->root, &v, &nv);
	extra[0] = sp_data_find(p->path, "plan/schema/sakspapir.rng");
	extra[1] = sp_data_find(NULL, "styles/standard.style");
	extra[2] = sp_data_find(NULL, "fonts/fonts.conf");
	printf("out/%s.pdf:", argv[2]);
	for (i = 0; i < nv; i++)
		dep_word(v[i]);
	for (i = 0; i < 3; i++) {
		char *real = extra[i] != NULL ? realpath(extra[i], NULL) : NULL;

		if (extra[i] != NULL)
			dep_word(real != NULL ? real : extra[i]);
		free(real);
		free(extra[i]);
	}
	putchar('\n');
	free(v);
	cmd_free_targets(t, nt);
	sp_plan_free(p);
	return SP_EXIT_OK;
}

int
cmd_lint(int argc, char *argv[])
{
	struct sp_plan	*p;
	int		 c;

	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			sp_msg_strict(1);
		else {
			cmd_usage(stderr);
			return SP_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load(argv[optind])) == NULL)
		return cmd_exit_status();
	sp_plan_validate(p);
	sp_plan_free(p);
	return cmd_exit_status();
}

int
cmd_export(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "status", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*version = NULL, *report = NULL, *format = "tsv";
	struct sp_plan	*p;
	int		 c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			version = optarg;
			break;
		case 's':
			report = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		default:
			cmd_usage(stderr);
			return SP_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || version == NULL ||
	    (strcmp(format, "tsv") != 0 && strcmp(format, "json") != 0)) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load_valid(argv[optind])) == NULL)
		return cmd_exit_status();
	rc = sp_export(p, version, report, format, stdout);
	sp_plan_free(p);
	if (rc == 0 && fflush(stdout) != 0) {
		sp_msg(SP_SYSERR, NULL, 0, "standard output: %s",
		    strerror(errno));
		return SP_EXIT_SYS;
	}
	return rc == 0 ? SP_EXIT_OK : rc;
}
