/* form_xlsx.c: the only libxlsxwriter user; a status form as an xlsx file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_form.h"
#include "sp_style.h"

/*
 * libxlsxwriter is opened when a form is first written, not linked:
 * linked, it and the libraries it brings (libminizip, libcrypto) were
 * loaded and relocated at the start of every run, forms or not.
 */
#define XLSXFNS(X) \
	X(format_set_align) \
	X(format_set_bg_color) \
	X(format_set_bold) \
	X(format_set_border) \
	X(format_set_border_color) \
	X(format_set_font_color) \
	X(format_set_font_size) \
	X(format_set_text_wrap) \
	X(format_set_unlocked) \
	X(lxw_strerror) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new_opt) \
	X(workbook_set_properties) \
	X(worksheet_activate) \
	X(worksheet_conditional_format_range) \
	X(worksheet_data_validation_range) \
	X(worksheet_fit_to_pages) \
	X(worksheet_freeze_panes) \
	X(worksheet_protect) \
	X(worksheet_repeat_rows) \
	X(worksheet_set_column) \
	X(worksheet_set_column_opt) \
	X(worksheet_set_landscape) \
	X(worksheet_set_paper) \
	X(worksheet_set_row) \
	X(worksheet_write_blank) \
	X(worksheet_write_string)

SP_LIB_TABLE(xf, XLSXFNS);

/* libxlsxwriter's functions into xf: 0, or -1 after reporting. */
static int
load_xlsx(const char *path)
{
	static const char *const so[] = { "libxlsxwriter.so.4",
		    "libxlsxwriter.so", NULL };
	static int	 loaded;

	return SP_LIB_LOAD(so, xf, &loaded, path,
	    "libxlsxwriter to write the form");
}

/* The words of the drop-down: the master's own vocabulary. */
static const char *const words[SP_ST__MAX] = {
	"grøn", "gul", "raud", "ikkje-vurdert"
};

static const double widths[SP_FC__MAX] = {
	8, 58, 11, 14, 34, 15, 46, 12
};

static const char *const heads[SP_FC__MAX] = {
	"Nr.", "Tiltak", "Tid", "Førre status", "Førre kommentar",
	"Status no", "Kommentar no", "id"
};

/*
 * Spreadsheets do not fit row heights to wrapped text when they open a
 * file (LibreOffice leaves it to the file), so each row gets a height:
 * the lines TEXT takes in a column WIDTH characters wide, words kept
 * whole, 15 points a line.
 */
static int
lines(const char *text, double width)
{
	int	n = 1, col = 0, w;
	double	cap = width * 1.05;
	const char *s = text, *e;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		for (e = s, w = 0; *e != '\0' && *e != ' '; e++)
			if ((*e & 0xC0) != 0x80)
				w++;
		if (w == 0)
			break;
		if (col > 0 && col + 1 + w > cap) {
			n++;
			col = 0;
		}
		col += (col > 0) + w;
		while (col > cap) {	/* a word longer than the column */
			n++;
			col -= (int)cap;
		}
		s = e;
	}
	return n;
}

static double
height(int n)
{
	return 15.0 * n + 1;
}

struct fmts {
	lxw_format	*title, *sub, *text, *bold, *head, *headedit;
	lxw_format	*locked, *edit, *editwrap, *hidden, *step;
	lxw_format	*status[SP_ST__MAX];	/* conditional formats */
	lxw_format	*legend[SP_ST__MAX];	/* the cover's legend cells */
};

static lxw_format *
fmt(lxw_workbook *wb, int bold, double size, int wrap)
{
	lxw_format	*f = xf.workbook_add_format(wb);

	if (bold)
		xf.format_set_bold(f);
	if (size > 0)
		xf.format_set_font_size(f, size);
	if (wrap)
		xf.format_set_text_wrap(f);
	xf.format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void
formats(lxw_workbook *wb, const struct sp_style *st, struct fmts *f)
{
	int	i;

	f->title = fmt(wb, 1, 16, 0);
	f->sub = fmt(wb, 0, 11, 0);
	f->text = fmt(wb, 0, 0, 1);
	f->bold = fmt(wb, 1, 0, 0);
	f->step = fmt(wb, 0, 0, 1);
	f->head = fmt(wb, 1, 0, 1);
	xf.format_set_bg_color(f->head, st->head_fill);
	xf.format_set_font_color(f->head, st->head_colour);
	xf.format_set_border(f->head, LXW_BORDER_THIN);
	f->headedit = fmt(wb, 1, 0, 1);
	xf.format_set_bg_color(f->headedit, 0xFFF2CC);
	xf.format_set_border(f->headedit, LXW_BORDER_THIN);
	/* read-only cells are grey; the two to fill in are white */
	f->locked = fmt(wb, 0, 0, 1);
	xf.format_set_bg_color(f->locked, 0xEDEDED);
	xf.format_set_border(f->locked, LXW_BORDER_THIN);
	xf.format_set_border_color(f->locked, 0xBFBFBF);
	f->edit = fmt(wb, 0, 0, 0);
	xf.format_set_unlocked(f->edit);
	xf.format_set_border(f->edit, LXW_BORDER_MEDIUM);
	xf.format_set_border_color(f->edit, 0x7F7F7F);
	f->editwrap = fmt(wb, 0, 0, 1);
	xf.format_set_unlocked(f->editwrap);
	xf.format_set_border(f->editwrap, LXW_BORDER_MEDIUM);
	xf.format_set_border_color(f->editwrap, 0x7F7F7F);
	f->hidden = fmt(wb, 0, 0, 0);
	for (i = 0; i < SP_ST__MAX; i++) {
		/* a conditional format carries only what changes */
		f->status[i] = xf.workbook_add_format(wb);
		if (st->status_fill[i] != 0xFFFFFF)
			xf.format_set_bg_color(f->status[i],
			    st->status_fill[i]);
		xf.format_set_font_color(f->status[i], st->status_text[i]);
		xf.format_set_bold(f->status[i]);
		f->legend[i] = fmt(wb, 1, 0, 0);
		if (st->status_fill[i] != 0xFFFFFF)
			xf.format_set_bg_color(f->legend[i],
			    st->status_fill[i]);
		xf.format_set_font_color(f->legend[i], st->status_text[i]);
		xf.format_set_border(f->legend[i], LXW_BORDER_THIN);
	}
}

/* Colour status words in column COL of rows FIRST..LAST as the saker do. */
static lxw_error
colour(lxw_worksheet *ws, const struct fmts *f, int first, int last, int col)
{
	lxw_conditional_format	 cf;
	lxw_error		 e = LXW_NO_ERROR;
	char			 quoted[64];
	int			 i;

	for (i = 0; i < SP_ST__MAX && e == LXW_NO_ERROR; i++) {
		memset(&cf, 0, sizeof(cf));
		snprintf(quoted, sizeof(quoted), "\"%s\"", words[i]);
		cf.type = LXW_CONDITIONAL_TYPE_CELL;
		cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
		cf.value_string = quoted;
		cf.format = f->status[i];
		e = xf.worksheet_conditional_format_range(ws, first, col, last,
		    col, &cf);
	}
	return e;
}

static void
cover(lxw_worksheet *ws, const struct sp_form *form,
    const struct sp_style *st, const struct fmts *f)
{
	char		*s;
	int		 r = 0, i, n = 0;
	lxw_protection	 prot;
	static const char *const steps[] = {
		"Gå til arket «Status» (fana nedst i vindauget).",
		"For kvart tiltak: klikk i cella under «Status no» og vel "
		    "status frå lista (pila til høgre for cella).",
		"Skriv gjerne ein kort kommentar under «Kommentar no»: kva er "
		    "gjort, kva står att, kva hindrar.",
		"Dei grå kolonnene (Nr., Tiltak, Tid og førre status) er "
		    "låste. Dei viser korleis tiltaket stod sist.",
		"Lagre fila som Excel-arbeidsbok (.xlsx) og send ho attende "
		    "innan fristen. Kan du ikkje lagre som .xlsx, lagre arket "
		    "«Status» som CSV.",
		"Eit tiltak utan status blir ståande som «ikkje-vurdert».",
		NULL
	};

	xf.worksheet_set_column(ws, 0, 0, 20, NULL);
	xf.worksheet_set_column(ws, 1, 1, 92, NULL);
	xf.worksheet_set_row(ws, r, 24, NULL);
	xf.worksheet_write_string(ws, r++, 0, "Statusskjema", f->title);
	xf.worksheet_write_string(ws, r++, 0, form->region, f->sub);
	r++;
	xf.worksheet_write_string(ws, r, 0, "Til:", f->bold);
	xf.worksheet_write_string(ws, r++, 1, form->body, f->bold);
	xf.worksheet_write_string(ws, r, 0, "Plan:", f->bold);
	xf.worksheet_write_string(ws, r++, 1, form->vtitle, f->text);
	xf.worksheet_write_string(ws, r, 0, "Førre status:", f->bold);
	xf.worksheet_write_string(ws, r++, 1, form->rtitle != NULL ?
	    form->rtitle : "Ingen (dette er den første rapporten)", f->text);
	xf.worksheet_write_string(ws, r, 0, "Frist:", f->bold);
	xf.worksheet_write_string(ws, r++, 1, form->frist != NULL ?
	    form->frist : "Så snart som råd", f->bold);
	if (form->contact != NULL) {
		xf.worksheet_write_string(ws, r, 0, "Send til:", f->bold);
		xf.worksheet_write_string(ws, r++, 1, form->contact, f->text);
	}
	s = sp_printf("%zu tiltak der Ansvar seier %s", form->nrows,
	    form->names);
	xf.worksheet_write_string(ws, r, 0, "Tiltak:", f->bold);
	xf.worksheet_write_string(ws, r++, 1, s, f->text);
	free(s);
	r++;
	xf.worksheet_write_string(ws, r++, 0, "Slik gjer du", f->bold);
	for (i = 0; steps[i] != NULL; i++) {
		s = sp_printf("%d.", ++n);
		xf.worksheet_write_string(ws, r, 0, s, f->text);
		free(s);
		xf.worksheet_set_row(ws, r, height(lines(steps[i], 110)), NULL);
		xf.worksheet_write_string(ws, r++, 1, steps[i], f->step);
	}
	r++;
	xf.worksheet_write_string(ws, r++, 0, "Kva statusane tyder", f->bold);
	for (i = 0; i < SP_ST__MAX; i++) {
		xf.worksheet_write_string(ws, r, 0, words[i], f->legend[i]);
		xf.worksheet_write_string(ws, r++, 1, i == SP_ST_IKKJE ?
		    "Ikkje vurdert, eller for tidleg å seie" :
		    st->status_meaning[i], f->text);
	}
	xf.worksheet_set_paper(ws, 9);	/* A4 */
	xf.worksheet_fit_to_pages(ws, 1, 0);
	memset(&prot, 0, sizeof(prot));
	xf.worksheet_protect(ws, NULL, &prot);
}

static void
status_sheet(lxw_worksheet *ws, const struct sp_form *form, const struct fmts *f)
{
	lxw_data_validation	 dv;
	lxw_row_col_options	 hide;
	lxw_protection		 prot;
	const char		*list[SP_ST__MAX + 1];
	char			*s;
	size_t			 i;
	int			 c, first = SP_FORM_HEAD + 1;
	int			 last = SP_FORM_HEAD + (int)form->nrows;

	for (c = 0; c < SP_FC__MAX; c++)
		if (c != SP_FC_ID)
			xf.worksheet_set_column(ws, c, c, widths[c], NULL);
	memset(&hide, 0, sizeof(hide));
	hide.hidden = 1;
	xf.worksheet_set_column_opt(ws, SP_FC_ID, SP_FC_ID, widths[SP_FC_ID],
	    f->hidden, &hide);

	xf.worksheet_set_row(ws, 0, 24, NULL);
	s = sp_printf("Status for tiltak – %s", form->body);
	xf.worksheet_write_string(ws, 0, 0, s, f->title);
	free(s);
	s = sp_printf("%s. Frist: %s.", form->vtitle, form->frist != NULL ?
	    form->frist : "så snart som råd");
	xf.worksheet_write_string(ws, 1, 0, s, f->sub);
	free(s);
	xf.worksheet_write_string(ws, 2, 0,
	    "Vel status i kolonna «Status no» "
	    "og skriv kommentar i «Kommentar no». Dei grå cellene er låste.",
	    f->sub);

	/* the form's identity, in the hidden column */
	xf.worksheet_write_string(ws, 0, SP_FC_ID, SP_FORM_MARK, f->hidden);
	s = sp_printf("versjon=%s", form->version);
	xf.worksheet_write_string(ws, 1, SP_FC_ID, s, f->hidden);
	free(s);
	s = sp_printf("rapport=%s", form->report != NULL ? form->report : "");
	xf.worksheet_write_string(ws, 2, SP_FC_ID, s, f->hidden);
	free(s);
	s = sp_printf("ansvarleg=%s", form->body);
	xf.worksheet_write_string(ws, 3, SP_FC_ID, s, f->hidden);
	free(s);

	for (c = 0; c < SP_FC__MAX; c++)
		xf.worksheet_write_string(ws, SP_FORM_HEAD, c, heads[c],
		    c == SP_FC_STATUS || c == SP_FC_KOMM ? f->headedit :
		    c == SP_FC_ID ? f->hidden : f->head);
	for (i = 0; i < form->nrows; i++) {
		const struct sp_form_row *r = &form->rows[i];
		int row = first + (int)i, n = lines(r->tekst, widths[SP_FC_TEKST]);

		if (lines(r->prevkomm, widths[SP_FC_PREVKOMM]) > n)
			n = lines(r->prevkomm, widths[SP_FC_PREVKOMM]);
		if (n < 2)	/* room to write a comment */
			n = 2;
		xf.worksheet_set_row(ws, row, height(n), NULL);
		xf.worksheet_write_string(ws, row, SP_FC_NR, r->nr, f->locked);
		xf.worksheet_write_string(ws, row, SP_FC_TEKST, r->tekst,
		    f->locked);
		xf.worksheet_write_string(ws, row, SP_FC_TID, r->tid, f->locked);
		xf.worksheet_write_string(ws, row, SP_FC_PREV, r->prev, f->locked);
		xf.worksheet_write_string(ws, row, SP_FC_PREVKOMM, r->prevkomm,
		    f->locked);
		xf.worksheet_write_blank(ws, row, SP_FC_STATUS, f->edit);
		xf.worksheet_write_blank(ws, row, SP_FC_KOMM, f->editwrap);
		xf.worksheet_write_string(ws, row, SP_FC_ID, r->id, f->hidden);
	}
	if (form->nrows > 0) {
		colour(ws, f, first, last, SP_FC_PREV);
		colour(ws, f, first, last, SP_FC_STATUS);
		for (c = 0; c < SP_ST__MAX; c++)
			list[c] = words[c];
		list[SP_ST__MAX] = NULL;
		memset(&dv, 0, sizeof(dv));
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)list;
		dv.ignore_blank = LXW_VALIDATION_ON;
		dv.show_input = LXW_VALIDATION_ON;
		dv.show_error = LXW_VALIDATION_ON;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.input_title = "Status no";
		dv.input_message = "Vel grøn, gul, raud eller ikkje-vurdert "
		    "frå lista.";
		dv.error_title = "Ukjend status";
		dv.error_message = "Status må vera grøn, gul, raud eller "
		    "ikkje-vurdert. Vel frå lista.";
		xf.worksheet_data_validation_range(ws, first, SP_FC_STATUS, last,
		    SP_FC_STATUS, &dv);
	}
	xf.worksheet_freeze_panes(ws, SP_FORM_HEAD + 1, 0);
	xf.worksheet_set_landscape(ws);
	xf.worksheet_set_paper(ws, 9);
	xf.worksheet_fit_to_pages(ws, 1, 0);
	xf.worksheet_repeat_rows(ws, SP_FORM_HEAD, SP_FORM_HEAD);
	/* locked cells stay put; rows may grow for long comments */
	memset(&prot, 0, sizeof(prot));
	prot.format_rows = 1;
	xf.worksheet_protect(ws, NULL, &prot);
}

int
sp_form_xlsx_write(const struct sp_form *form, const struct sp_style *st,
    const char *path)
{
	lxw_workbook_options	 opt;
	lxw_doc_properties	 props;
	lxw_workbook		*wb;
	lxw_worksheet		*wc, *ws;
	struct fmts		 f;
	lxw_error		 e;
	char			*title;

	if (load_xlsx(path) != 0)
		return -1;
	memset(&opt, 0, sizeof(opt));
	if ((wb = xf.workbook_new_opt(path, &opt)) == NULL) {
		sp_msg(SP_SYSERR, path, 0, "cannot create the form");
		return -1;
	}
	formats(wb, st, &f);
	title = sp_printf("Statusskjema: %s – %s", form->body, form->vtitle);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.author = (char *)form->region;
	props.company = (char *)form->region;
	props.subject = (char *)form->vtitle;
	props.created = (time_t)form->created;
	xf.workbook_set_properties(wb, &props);
	wc = xf.workbook_add_worksheet(wb, "Rettleiing");
	ws = xf.workbook_add_worksheet(wb, SP_FORM_SHEET);
	cover(wc, form, st, &f);
	status_sheet(ws, form, &f);
	xf.worksheet_activate(wc);
	e = xf.workbook_close(wb);
	free(title);
	if (e != LXW_NO_ERROR) {
		sp_msg(SP_SYSERR, path, 0, "cannot write the form: %s",
		    xf.lxw_strerror(e));
		return -1;
	}
	return 0;
}
