/* main.c: the command line: which command runs, --help and --version,
 * standard output closed with the exit status. The commands are in
 * cmd_*.c, what they share in cmd.c. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"
#include "cmd.h"

static void
help(void)
{
	cmd_usage(stdout);
	fputs("\nCompiles the XML master of a regional plan into typeset "
	    "PDF meeting papers.\n\n"
	    "  build    render every target (or the ones named) into DIR "
	    "(default out)\n"
	    "  list     every target the master defines, with its output "
	    "path\n"
	    "  lint     schema and consistency findings as "
	    "FILE:LINE: level: message\n"
	    "  export   one row per tiltak of a version as TSV or JSON\n"
	    "  diff     which tiltak of FROM became which of TO: kept, "
	    "reworded, moved,\n"
	    "           split, merged, removed or new\n"
	    "  deps     a make rule: the files a target is made from\n"
	    "  status-ut   a status form (xlsx) per ansvarleg of a version\n"
	    "  status-inn  the filled forms (xlsx, csv) back as a status "
	    "report\n\n"
	    "Exit status: 0 success, 1 bad input, 2 usage, 3 I/O or "
	    "internal error.\n", stdout);
}

/*
 * Standard output flushed and closed, so that list, deps, export, lint,
 * --dump-layout and --help on a full disk (/dev/full) fail with exit 3
 * instead of reporting success. A reader that went away (| head -1) is
 * no error worth a message: the answer was wanted no further.
 */
static int
finish_stdout(int rc)
{
	int	bad = fflush(stdout) != 0 || ferror(stdout);
	int	e = errno;

	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad || rc != SP_EXIT_OK)
		return rc;	/* fine, or said already */
	if (e != EPIPE)
		sp_msg(SP_SYSERR, NULL, 0, "cannot write standard output: %s",
		    strerror(e));
	return rc == SP_EXIT_OK ? SP_EXIT_SYS : rc;
}

int
main(int argc, char *argv[])
{
	int	rc;

	/* One malloc arena for all threads: the painting thread frees what
	 * layout allocated, and a second arena only adds resident pages
	 * (10 000-tiltak sak: 61.6 MB against 59.1, the same 0.61 s). */
	mallopt(M_ARENA_MAX, 1);
	if (argc < 2) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help();
		return finish_stdout(SP_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("sakspapir " SP_VERSION);
		return finish_stdout(SP_EXIT_OK);
	}
	if (strcmp(argv[1], "build") == 0)
		rc = cmd_build(argc - 1, argv + 1);
	else if (strcmp(argv[1], "list") == 0)
		rc = cmd_list(argc - 1, argv + 1);
	else if (strcmp(argv[1], "lint") == 0)
		rc = cmd_lint(argc - 1, argv + 1);
	else if (strcmp(argv[1], "deps") == 0)
		rc = cmd_deps(argc - 1, argv + 1);
	else if (strcmp(argv[1], "export") == 0)
		rc = cmd_export(argc - 1, argv + 1);
	else if (strcmp(argv[1], "diff") == 0)
		rc = cmd_diff(argc - 1, argv + 1);
	else if (strcmp(argv[1], "status-ut") == 0)
		rc = cmd_status_ut(argc - 1, argv + 1);
	else if (strcmp(argv[1], "status-inn") == 0)
		rc = cmd_status_inn(argc - 1, argv + 1);
	else if (strcmp(argv[1], "hyph-compile") == 0 && argc == 4)
		/* for make: compile hyphenation patterns once */
		rc = sp_hyph_compile(argv[2], argv[3]) == 0 ? SP_EXIT_OK :
		    cmd_exit_status();
	else {
		fprintf(stderr, "sakspapir: unknown command: %s\n", argv[1]);
		cmd_usage(stderr);
		rc = SP_EXIT_USAGE;
	}
	sp_plan_read_cleanup();
	return finish_stdout(rc);
}
