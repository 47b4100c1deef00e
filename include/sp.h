/* sp.h: the model (a typed tree read from the master), messages, memory. */
#ifndef SP_H
#define SP_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

/* ------------------------------------------------------------ memory */

void	*sp_malloc(size_t);
void	*sp_calloc(size_t, size_t);
void	*sp_realloc(void *, size_t);
char	*sp_strdup(const char *);
char	*sp_strndup(const char *, size_t);
char	*sp_printf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer; s is always NUL-terminated once anything is put. */
struct sp_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 sp_buf_put(struct sp_buf *, const char *, size_t);
void	 sp_buf_puts(struct sp_buf *, const char *);
void	 sp_buf_putc(struct sp_buf *, int);
void	 sp_buf_printf(struct sp_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sp_buf_free(struct sp_buf *);

/* An arena: many small allocations freed at once. */
struct sp_arena;
struct sp_arena	*sp_arena_new(void);
/* An arena whose first block is FIRST bytes (doubling up to 64 kB). */
struct sp_arena	*sp_arena_new_small(size_t first);
/* One more owner of A: each owner calls sp_arena_free, the last frees. */
void		 sp_arena_hold(struct sp_arena *);
void		*sp_arena_alloc(struct sp_arena *, size_t);
char		*sp_arena_strdup(struct sp_arena *, const char *);
char		*sp_arena_strndup(struct sp_arena *, const char *, size_t);
void		 sp_arena_free(struct sp_arena *);

/* ---------------------------------------------------------- messages */

enum sp_level {
	SP_OK = 0,
	SP_WARNING,
	SP_ERROR,		/* bad input: exit 1 */
	SP_SYSERR,		/* I/O or internal: exit 3 */
	SP_NOTE			/* for information: never changes the
				 * exit status, not even with --strict */
};

/* Exit statuses of the command line contract. */
#define SP_EXIT_OK	0
#define SP_EXIT_INPUT	1
#define SP_EXIT_USAGE	2
#define SP_EXIT_SYS	3

/*
 * Print "sakspapir: FILE:LINE: level: message" to stderr (FILE and LINE
 * are left out when NULL or 0) and remember the worst level seen.
 */
void	 sp_msg(enum sp_level, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	 sp_vmsg(enum sp_level, const char *, int, const char *, va_list);
enum sp_level sp_msg_worst(void);
void	 sp_msg_reset(void);
void	 sp_msg_strict(int);		/* warnings count as errors */
void	 sp_msg_quiet(int);		/* count, but do not print warnings */
/* The CPU time of the calling thread in seconds, for SAKSPAPIR_TIMING. */
double	 sp_thread_cpu(void);

/* ------------------------------------------------------------- model */

enum sp_type {
	SP_TEXT = 0,
	SP_REGION, SP_ORGANISASJON, SP_KOMMUNE, SP_ORGAN, SP_PERSON,
	SP_VERSJON, SP_INNSATSOMRADE, SP_SKILDRING, SP_RESULTATMAL, SP_MAL,
	SP_GRUPPE, SP_TILTAK, SP_TEKST, SP_TID, SP_ANSVAR, SP_INVOLVERING,
	SP_MERKNAD, SP_REVISJON, SP_TAKUT, SP_LEGGTIL, SP_ENDRE,
	SP_STATUSRAPPORT, SP_STATUS, SP_SAK, SP_TITTEL, SP_FORSLAG,
	SP_UNDERSKRIFT, SP_VEDLEGGLISTE, SP_VEDLEGGREF, SP_VEDLEGG,
	SP_SEKSJON, SP_AVSNITT, SP_LISTE, SP_PUNKT, SP_SITAT, SP_TABELL,
	SP_KOLONNE, SP_RAD, SP_CELLE, SP_MANGLAR, SP_STATUSTABELL,
	SP_STATUSFORKLARING, SP_STATUSDIAGRAM, SP_STATUSSAMANDRAG,
	SP_B, SP_I, SP_U, SP_S, SP_BR, SP_FOTNOTE, SP_TILTAKREF,
	SP_MOTE, SP_INNKALLING, SP_SAKSLISTE, SP_SAKREF,
	SP_HANDLINGSPROGRAM, SP_RESULTATMALLISTE, SP_SKILDRINGAR,
	SP_DIAGRAM,
	SP_ENDRINGAR,
	SP_TYPE__MAX
};

enum sp_status {
	SP_ST_NONE = -1,
	SP_ST_GRON = 0,
	SP_ST_GUL,
	SP_ST_RAUD,
	SP_ST_IKKJE,
	SP_ST__MAX
};

struct sp_attr {
	const char	*name;
	const char	*value;
};

struct sp_node {
	enum sp_type	 type;
	int		 line;		/* source line, 0 if unknown */
	const char	*file;		/* source file (arena) */
	const char	*text;		/* SP_TEXT: the characters */
	struct sp_attr	*attrs;		/* exactly nattrs of them */
	int		 nattrs;
	struct sp_node	*parent;
	struct sp_node	*first;
	struct sp_node	*last;
	struct sp_node	*next;
	struct sp_node	*prev;
};

/* A plan version, read or materialised from a revision. */
struct sp_version {
	struct sp_node	 *node;		/* SP_VERSJON (or a materialised copy) */
	const char	 *id;
	struct sp_node	**tiltak;	/* every tiltak in document order */
	size_t		  ntiltak;
};

/* One master file and everything read from it. */
struct sp_plan {
	struct sp_arena	 *arena;
	const char	 *path;		/* the master's path as given */
	struct sp_node	 *root;		/* SP_REGION */
	struct sp_version *versions;
	size_t		  nversions;
	struct sp_node	**ids;		/* every node with an id, sorted by id */
	const char	**idv;		/* their ids, in the same order */
	size_t		  nids;
	struct sp_status_ix *stix;	/* (report, tiltak id) -> status */
	size_t		  nstix;
};

const char	*sp_type_name(enum sp_type);
const char	*sp_attr(const struct sp_node *, const char *);
struct sp_node	*sp_child(const struct sp_node *, enum sp_type);
/*
 * Numbers in the master. sp_parse_int: S is decimal digits only (no sign,
 * no space, at most 9 of them) naming a value from LO to HI, stored in
 * *OUT; 0, or -1 otherwise. sp_attr_int: attribute NAME of N read so, or
 * DEF when it is absent or not such a number (validation has refused
 * that already; builders stay safe). sp_parse_width: a column width,
 * "30mm", "40pt", "40" (points, above 0 and up to 14400) or a share "2*"
 * (above 0 and up to 1000): 1 with the points, 2 with the share in *OUT,
 * -1 for anything else (NaN and infinities too).
 */
#define SP_MAXSPAN	1000		/* columns a cell may span */
#define SP_MAXSTART	999999		/* the first number of a list */
int		 sp_parse_int(const char *s, long lo, long hi, long *out);
long		 sp_attr_int(const struct sp_node *, const char *name, long lo,
		    long hi, long def);
int		 sp_parse_width(const char *s, double *out);
/*
 * A figure in a table cell as printed: an optional "-" (or "−", "–"), then
 * digits in groups of three apart by spaces or no-break spaces
 * ("9 682 355", "-20 000"), at most 9 digits. 0 with the value in *OUT,
 * -1 for anything else.
 */
int		 sp_parse_number(const char *s, long *out);
/*
 * The cells of the body rows of a <tabell> (rows not hovud="ja", and not
 * a note row: one cell spanning every column, as "Kjelde: SSB"): the
 * first and the COLth (1-based) of row I, or NULL past the last row or
 * where the row has no such cell.
 */
const struct sp_node *sp_table_cell(const struct sp_node *tabell, int i,
		    int col, const struct sp_node **row);
struct sp_node	*sp_find(const struct sp_plan *, const char *id);
/* The node with ID in the subtree N (first in document order), or NULL. */
struct sp_node	*sp_find_in(const struct sp_node *n, const char *id);
const struct sp_version *sp_version_find(const struct sp_plan *, const char *);
enum sp_status	 sp_status_parse(const char *);
const char	*sp_status_word(enum sp_status);

/*
 * Collect the text of a subtree with white space folded to single spaces
 * and trimmed, footnotes in brackets and tiltak references resolved in P
 * (which may be NULL); the caller frees the result.
 */
char		*sp_node_plain(const struct sp_plan *p, const struct sp_node *);

/*
 * A <manglar> whose text begins "Figur:" stands for a figure the source
 * only mentions: its description, after the colon and spaces (points
 * into the node's first text), or NULL for other lost content.
 */
const char	*sp_figure_missing(const struct sp_node *manglar);

/* The innsatsområde, mål or gruppe a tiltak sits in (NULL if none). */
struct sp_node	*sp_tiltak_area(const struct sp_node *);
struct sp_node	*sp_tiltak_goal(const struct sp_node *);

/*
 * Read, XInclude and validate MASTER against the schema found beside
 * it (plan/schema/sakspapir.rng) or at SCHEMA if not NULL.
 * Returns NULL after reporting every problem as file:line.
 * The caller frees the plan with sp_plan_free.
 */
struct sp_plan	*sp_plan_read(const char *master, const char *schema);
void		 sp_plan_free(struct sp_plan *);
/* Release what the XML library keeps for the process (at exit). */
void		 sp_plan_read_cleanup(void);

/*
 * A plain XML tree for data files other than the master (the parts of a
 * filled-in xlsx form): element local names, attributes and text, without
 * namespaces. sp_xml_parse reads BUF (LEN bytes; NAME is used in
 * messages), allocating from A; NULL after reporting "NAME:LINE: error".
 * No network, no DTD, no entity substitution.
 */
struct sp_xml {
	const char	*name;		/* element's local name; NULL: text */
	const char	*text;		/* a text node's characters */
	struct sp_attr	*attrs;		/* local names */
	int		 nattrs;
	struct sp_xml	*first;		/* children, document order */
	struct sp_xml	*next;
};
struct sp_xml	*sp_xml_parse(struct sp_arena *a, const char *buf, size_t len,
		    const char *name);

/* Builds indices and materialises revisions; 0 or -1 after reporting. */
int		 sp_plan_index(struct sp_plan *);

/* Consistency checks (lint): reports warnings and errors; returns worst. */
enum sp_level	 sp_plan_validate(const struct sp_plan *);

/* A status report's status for one tiltak id (NULL if none). */
const struct sp_node *sp_report_status(const struct sp_plan *,
		    const struct sp_node *report, const char *tiltak_id);

/* How many statuses REPORT gives tiltak ID; FIRST gets the earliest. */
int		 sp_report_status_count(const struct sp_plan *,
		    const struct sp_node *report, const char *id,
		    const struct sp_node **first);

/* One row per tiltak of a version as TSV or JSON; 0 or exit status. */
int		 sp_export(const struct sp_plan *, const char *version,
		    const char *report, const char *format, FILE *);

/* A TSV field (tabs and newlines as spaces); a quoted JSON string. */
void		 sp_tsv_field(const char *, FILE *);
void		 sp_json_string(const char *, FILE *);

/* Date "2026-04-15" as "15. april 2026" (month or year alone as given). */
char		*sp_date_long(const char *iso);

#endif
