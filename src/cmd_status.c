/* cmd_status.c: status-ut and status-inn: the status forms out to each
 * ansvarleg, and the filled forms back as a status report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_form.h"
#include "sp_style.h"
#include "cmd.h"

/* A date as the schema's YYYY-MM-DD, with a real month and day. */
static int
full_date(const char *s)
{
	int	y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return 1;
}

/* The options of status-ut and status-inn; NULL where not given. */
struct status_opts {
	const char	*version, *report, *frist, *style, *out;
	const char	*id, *dato, *tittel, *format;
	int		 files;		/* index of the first operand */
};

/* Parse them; 0, or -1 for an option CMD does not take ("u" or "i"). */
static int
status_opts(int argc, char *argv[], char cmd, struct status_opts *o)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "report", required_argument, NULL, 'r' },
		{ "frist", required_argument, NULL, 'F' },
		{ "style", required_argument, NULL, 's' },
		{ "id", required_argument, NULL, 'i' },
		{ "dato", required_argument, NULL, 'd' },
		{ "tittel", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	/* which options belong to which command */
	const char	*only = cmd == 'u' ? "vrFso" : "vridtfo";
	int		 c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == '?' || strchr(only, c) == NULL)
			return -1;
		switch (c) {
		case 'v': o->version = optarg; break;
		case 'r': o->report = optarg; break;
		case 'F': o->frist = optarg; break;
		case 's': o->style = optarg; break;
		case 'i': o->id = optarg; break;
		case 'd': o->dato = optarg; break;
		case 't': o->tittel = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		}
	}
	o->files = optind;
	return 0;
}

/* status-ut MASTER --version V [--report PREV] [--frist D] -o DIR */
int
cmd_status_ut(int argc, char *argv[])
{
	struct status_opts o;
	char		*found = NULL;
	struct sp_plan	*p;
	struct sp_style	*st;
	int		 rc;

	if (status_opts(argc, argv, 'u', &o) != 0 || o.files + 1 != argc ||
	    o.version == NULL || o.out == NULL) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if (o.frist != NULL && !full_date(o.frist)) {
		sp_msg(SP_ERROR, NULL, 0, "--frist %s: not a date YYYY-MM-DD",
		    o.frist);
		return SP_EXIT_USAGE;
	}
	if (o.style == NULL &&
	    (o.style = found = sp_data_find(NULL, "styles/standard.style"))
	    == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot find styles/standard.style");
		return SP_EXIT_SYS;
	}
	st = sp_style_load(o.style);
	free(found);
	if (st == NULL)
		return cmd_exit_status();
	if ((p = cmd_load_valid(argv[o.files])) == NULL) {
		sp_style_free(st);
		return cmd_exit_status();
	}
	rc = sp_status_ut(p, st, o.version, o.report, o.frist, o.out);
	sp_plan_free(p);
	sp_style_free(st);
	return rc;
}

/* status-inn MASTER --version V --id ID --dato D FILE... -o OUT */
int
cmd_status_inn(int argc, char *argv[])
{
	struct status_opts o;
	struct sp_plan	*p;
	int		 rc;

	if (status_opts(argc, argv, 'i', &o) != 0 || o.files + 2 > argc ||
	    o.version == NULL || o.id == NULL || o.dato == NULL ||
	    o.out == NULL || (o.format != NULL &&
	    strcmp(o.format, "text") != 0 && strcmp(o.format, "tsv") != 0)) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if (!full_date(o.dato)) {
		sp_msg(SP_ERROR, NULL, 0, "--dato %s: not a date YYYY-MM-DD",
		    o.dato);
		return SP_EXIT_USAGE;
	}
	if ((p = cmd_load_valid(argv[o.files])) == NULL)
		return cmd_exit_status();
	rc = sp_status_inn(p, o.version, o.id, o.dato, o.report,
	    argv + o.files + 1, argc - o.files - 1, o.out,
	    o.format != NULL ? o.format : "text", o.tittel);
	sp_plan_free(p);
	return rc;
}
