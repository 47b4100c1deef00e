/* cmd.h: the commands (cmd_build.c, cmd_query.c, cmd_diff.c,
 * cmd_status.c), which main.c dispatches to, and what they share
 * (cmd.c, which calls none of them). None of them calls main.c. */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

struct sp_doc;
struct sp_hyph;
struct sp_plan;
struct sp_style;

/* A meeting gives two targets: its bundle and its booklet (trykk/). */
enum tkind { T_SAK, T_VEDLEGG, T_TRYKK, T_HEFTE, T_PLAN, T_DIFF };

struct target {
	char			*name;
	enum tkind		 kind;
	const struct sp_node	*node;		/* only while the plan lives */
	const struct sp_version	*from, *to;	/* T_DIFF */
	char			*file;		/* where it is defined */
	int			 line;
};

/* ---- cmd.c */
/* The usage lines of every command, to F. */
void		 cmd_usage(FILE *f);
/* The exit status the worst message so far calls for. */
int		 cmd_exit_status(void);
/* The master read and indexed; NULL after saying why. */
struct sp_plan	*cmd_load(const char *master);
/* The master for export, status-ut and status-inn: read and consistent
 * (as build: an inconsistent master gives nothing). NULL after saying
 * so. */
struct sp_plan	*cmd_load_valid(const char *master);
/* Every target the master defines, in build order, into *OUT; returns
 * how many. cmd_free_targets frees them. */
int		 cmd_targets(const struct sp_plan *, struct target **out);
void		 cmd_free_targets(struct target *, int n);
/* The creation date of a document dated OWN (NULL: the newest date in
 * the master), or SOURCE_DATE_EPOCH's; the caller frees it. */
char		*cmd_creation_date(const struct sp_plan *, const char *own);

/* ---- cmd_build.c */
/* What typesetting needs: the style STYLEPATH (NULL: the standard one),
 * the directory of the bundled fonts, the hyphenation patterns. Returns
 * 0, or an exit status after reporting. cmd_typeset_release ends them. */
int		 cmd_typeset_setup(const char *stylepath, struct sp_style **,
		    char **fonts, struct sp_hyph **);
void		 cmd_typeset_release(struct sp_style *, char *fonts,
		    struct sp_hyph *);
/* DOC (taken) laid out and painted as target T into DIR: the PDF (and
 * with ARCHIVE its PDF/A copy), or PNG pages, or a layout dump to
 * standard output. 0, or -1 after reporting. */
int		 cmd_render(struct sp_doc *doc, const struct sp_style *,
		    const char *fontsdir, struct sp_hyph *,
		    const struct target *t, const char *dir, int dump,
		    int png, int archive);

/* The commands: ARGV[0] is the command's name; each returns the exit
 * status. */
int		 cmd_build(int argc, char *argv[]);		/* cmd_build.c */
int		 cmd_list(int argc, char *argv[]);		/* cmd_query.c */
int		 cmd_deps(int argc, char *argv[]);
int		 cmd_lint(int argc, char *argv[]);
int		 cmd_export(int argc, char *argv[]);
int		 cmd_diff(int argc, char *argv[]);		/* cmd_diff.c */
int		 cmd_status_ut(int argc, char *argv[]);	/* cmd_status.c */
int		 cmd_status_inn(int argc, char *argv[]);

#endif
