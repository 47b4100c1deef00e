/* sp_form.h: status forms: out to each ansvarleg as xlsx, back in as a report. */
#ifndef SP_FORM_H
#define SP_FORM_H

#include <stddef.h>

#include "sp.h"
#include "sp_style.h"

/*
 * The layout of the Status sheet, shared by the writer and the readers.
 * Rows and columns count from 0 (row 0 is spreadsheet row 1, column 0 is
 * A). The hidden column H holds the form's identity in rows 1-4 and each
 * row's tiltak id below the header.
 */
enum sp_form_col {
	SP_FC_NR, SP_FC_TEKST, SP_FC_TID, SP_FC_PREV, SP_FC_PREVKOMM,
	SP_FC_STATUS, SP_FC_KOMM, SP_FC_ID,
	SP_FC__MAX
};
#define SP_FORM_HEAD	4		/* the header row (spreadsheet row 5) */
#define SP_FORM_MARK	"sakspapir-statusskjema"	/* H1 */
#define SP_FORM_SHEET	"Status"

struct sp_form_row {
	const char	*id;
	const char	*nr;
	const char	*tekst;
	const char	*tid;
	const char	*prev;		/* the previous status word, or "" */
	const char	*prevkomm;	/* the previous comment, or "" */
};

/* One form: everything the writer puts in it. */
struct sp_form {
	const char	*key;		/* file stem and hidden identity */
	const char	*body;		/* the ansvarleg, as a person reads it */
	const char	*names;		/* the Ansvar spellings gathered here */
	const char	*region;	/* the region's namn */
	const char	*version;	/* version id */
	const char	*vtitle;	/* version tittel (periode) */
	const char	*report;	/* previous report id, or NULL */
	const char	*rtitle;	/* its tittel, or NULL */
	const char	*frist;		/* deadline, long form, or NULL */
	const char	*contact;	/* who gets the answers, or NULL */
	long long	 created;	/* seconds since 1970: document date */
	struct sp_form_row *rows;
	size_t		 nrows;
};

/*
 * form_xlsx.c, the only libxlsxwriter user: write FORM to PATH (a file
 * name the caller renames into place). Colours and status words from ST.
 * 0, or -1 after reporting.
 */
int	sp_form_xlsx_write(const struct sp_form *form, const struct sp_style *st,
	    const char *path);

/*
 * form_plan.c: status-ut. One form per ansvarleg of VERSION into DIR,
 * showing REPORT (may be NULL) as the previous status; FRIST may be NULL.
 * All forms are written, or none. Returns an exit status.
 */
int	sp_status_ut(const struct sp_plan *, const struct sp_style *,
	    const char *version, const char *report, const char *frist,
	    const char *dir);

/* ---------------------------------------------------- reading forms */

struct sp_fcell {
	int	 row, col;		/* from 0 */
	size_t	 seq;			/* order of reading */
	char	*text;			/* UTF-8 */
};

struct sp_sheet {
	char		*name;		/* NULL for a CSV file */
	struct sp_fcell	*cells;
	size_t		 ncells;
};

struct sp_book {
	const char	*path;
	struct sp_sheet	*sheets;
	size_t		 nsheets;
};

/*
 * form_book.c: building and freeing books, naming cells. A reader adds
 * cells with sp_sheet_set and calls sp_sheet_done once a sheet is read;
 * then sp_sheet_get finds a cell by binary search (the last value given
 * to a cell wins, as in a spreadsheet).
 */
struct sp_sheet	*sp_book_sheet(struct sp_book *, const char *name);
void		 sp_sheet_set(struct sp_sheet *, int row, int col,
		    const char *text, size_t len);
void		 sp_sheet_done(struct sp_sheet *);
const char	*sp_sheet_get(const struct sp_sheet *, int row, int col);
void		 sp_book_free(struct sp_book *);
/* "FILE:SHEET!G7" (or "FILE:G7" for CSV), for messages; caller frees. */
char		*sp_cell_where(const struct sp_book *, const struct sp_sheet *,
		    int row, int col);
/* "G7" into BUF (at least 16 bytes). */
void		 sp_cell_name(int row, int col, char *buf);

/*
 * form_zip.c, the only libzip user: read every worksheet of an xlsx.
 * form_csv.c: read a CSV as spreadsheets save it (";" or "," separated,
 * quoted fields, UTF-8 with or without a BOM, or Windows-1252).
 * Both: 0, or -1 after reporting (bad input: SP_ERROR).
 */
int	sp_xlsx_read(const char *path, struct sp_book *);
int	sp_csv_read(const char *path, struct sp_book *);

/*
 * form_report.c: status-inn. Reads FILES (xlsx or csv), checks every cell
 * against VERSION of the plan, writes the report ID dated DATO to OUT
 * atomically, and prints the changes since PREV (NULL: the report the
 * forms were made from) to stdout, as text or as TSV (FORMAT "tsv").
 * Returns an exit status; on errors nothing is written.
 */
int	sp_status_inn(const struct sp_plan *, const char *version,
	    const char *id, const char *dato, const char *prev,
	    char *const *files, int nfiles, const char *out,
	    const char *format, const char *tittel);

#endif
