/* form_zip.c: the only libzip user; the worksheets of an xlsx file as cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_form.h"

/*
 * libzip is opened when a form is first read, not linked: linked, it and
 * the libraries it brings (libcrypto, libbz2) were loaded and
 * relocated at the start of every run, forms or not.
 */
#define ZIPFNS(X) \
	X(zip_discard) \
	X(zip_error_fini) \
	X(zip_error_init_with_code) \
	X(zip_error_strerror) \
	X(zip_fclose) \
	X(zip_fopen) \
	X(zip_fread) \
	X(zip_name_locate) \
	X(zip_open) \
	X(zip_stat) \
	X(zip_stat_init) \
	X(zip_strerror)

SP_LIB_TABLE(zf, ZIPFNS);

/* libzip's functions into zf: 0, or -1 after reporting. */
static int
load_zip(const char *path)
{
	static const char *const so[] = { "libzip.so.4", "libzip.so", NULL };
	static int	 loaded;

	return SP_LIB_LOAD(so, zf, &loaded, path,
	    "libzip to read the form");
}

#define MAXENTRY	(16u << 20)	/* a form of 10 000 tiltak is ~5 MB */

/* Entry NAME of Z, NUL-terminated; NULL if there is none (or too big). */
static char *
entry(zip_t *z, const char *path, const char *name, size_t *len, int *bad)
{
	zip_stat_t	 st;
	zip_file_t	*f;
	char		*buf;
	zip_int64_t	 n;

	*len = 0;
	zf.zip_stat_init(&st);
	if (zf.zip_stat(z, name, 0, &st) != 0)
		return NULL;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > MAXENTRY) {
		sp_msg(SP_ERROR, path, 0, "%s is too large for a form", name);
		*bad = 1;
		return NULL;
	}
	if ((f = zf.zip_fopen(z, name, 0)) == NULL) {
		sp_msg(SP_ERROR, path, 0, "cannot read %s: %s", name,
		    zf.zip_strerror(z));
		*bad = 1;
		return NULL;
	}
	buf = sp_malloc(st.size + 1);
	n = zf.zip_fread(f, buf, st.size);
	zf.zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		sp_msg(SP_ERROR, path, 0, "cannot read %s: damaged file", name);
		free(buf);
		*bad = 1;
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static struct sp_xml *
part(zip_t *z, struct sp_arena *a, const char *path, const char *name,
    int *bad)
{
	size_t		 len;
	char		*buf, *where;
	struct sp_xml	*x;

	if ((buf = entry(z, path, name, &len, bad)) == NULL)
		return NULL;
	where = sp_printf("%s:%s", path, name);
	x = sp_xml_parse(a, buf, len, sp_arena_strdup(a, where));
	free(where);
	free(buf);
	if (x == NULL)
		*bad = 1;
	return x;
}

static const char *
xattr(const struct sp_xml *x, const char *name)
{
	int	i;

	for (i = 0; x != NULL && i < x->nattrs; i++)
		if (strcmp(x->attrs[i].name, name) == 0)
			return x->attrs[i].value;
	return NULL;
}

static int
is(const struct sp_xml *x, const char *name)
{
	return x->name != NULL && strcmp(x->name, name) == 0;
}

/* The text of every <t> under X, leaving out phonetic runs (<rPh>). */
static void
text_of(const struct sp_xml *x, struct sp_buf *b, int in_t)
{
	const struct sp_xml	*c;

	for (c = x->first; c != NULL; c = c->next) {
		if (c->name == NULL) {
			if (in_t)
				sp_buf_puts(b, c->text);
		} else if (!is(c, "rPh"))
			text_of(c, b, in_t || is(c, "t"));
	}
}

/* "F12" -> row 11, column 5; -1 if not a cell reference. */
static int
ref(const char *r, int *row, int *col)
{
	long	c = 0, n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++)
		if ((c = c * 26 + (*r - 'A' + 1)) > 16384)
			return -1;
	for (; *r >= '0' && *r <= '9'; r++)
		if ((n = n * 10 + (*r - '0')) > 1048576)
			return -1;
	if (*r != '\0' || c == 0 || n == 0)
		return -1;
	*row = (int)n - 1;
	*col = (int)c - 1;
	return 0;
}

static void
sheet_cells(const struct sp_xml *ws, char **shared, size_t nshared,
    struct sp_sheet *s)
{
	const struct sp_xml	*data, *row, *c, *v;
	int			 r = -1, col, rr, cc;

	for (data = ws->first; data != NULL && !is(data, "sheetData");
	    data = data->next)
		;
	if (data == NULL)
		return;
	for (row = data->first; row != NULL; row = row->next) {
		if (!is(row, "row"))
			continue;
		r = xattr(row, "r") != NULL ? atoi(xattr(row, "r")) - 1 : r + 1;
		col = -1;
		for (c = row->first; c != NULL; c = c->next) {
			struct sp_buf	 b = { NULL, 0, 0 };
			const char	*t = xattr(c, "t");

			if (!is(c, "c"))
				continue;
			if (xattr(c, "r") == NULL || ref(xattr(c, "r"), &rr,
			    &cc) != 0) {
				rr = r;
				cc = col + 1;
			}
			col = cc;
			sp_buf_puts(&b, "");
			for (v = c->first; v != NULL; v = v->next) {
				if (is(v, "is"))
					text_of(v, &b, 0);
				else if (is(v, "v"))
					text_of(v, &b, 1);
			}
			if (t != NULL && strcmp(t, "s") == 0) {
				long i = strtol(b.s, NULL, 10);

				b.len = 0;
				b.s[0] = '\0';
				if (i >= 0 && (size_t)i < nshared)
					sp_buf_puts(&b, shared[i]);
			} else if (t != NULL && strcmp(t, "b") == 0) {
				int yes = strcmp(b.s, "1") == 0;

				b.len = 0;
				sp_buf_puts(&b, yes ? "TRUE" : "FALSE");
			}
			if (b.len > 0)
				sp_sheet_set(s, rr, cc, b.s, b.len);
			sp_buf_free(&b);
		}
	}
}

int
sp_xlsx_read(const char *path, struct sp_book *book)
{
	struct sp_arena		*a = sp_arena_new();
	struct sp_xml		*wb, *rels, *ss, *x, *sheets, *y;
	char			**shared = NULL, *target;
	size_t			 nshared = 0, i;
	zip_t			*z;
	int			 err = 0, bad = 0;

	book->path = path;
	if (load_zip(path) != 0) {
		sp_arena_free(a);
		return -1;
	}
	if ((z = zf.zip_open(path, ZIP_RDONLY, &err)) == NULL) {
		zip_error_t ze;

		zf.zip_error_init_with_code(&ze, err);
		sp_msg(SP_ERROR, path, 0, "not an xlsx file: %s",
		    zf.zip_error_strerror(&ze));
		zf.zip_error_fini(&ze);
		sp_arena_free(a);
		return -1;
	}
	wb = part(z, a, path, "xl/workbook.xml", &bad);
	rels = part(z, a, path, "xl/_rels/workbook.xml.rels", &bad);
	if (wb == NULL || rels == NULL) {
		if (!bad && zf.zip_name_locate(z, "content.xml", 0) >= 0)
			sp_msg(SP_ERROR, path, 0, "an OpenDocument file "
			    "(.ods), not xlsx: save it as Excel 2007-365 "
			    "(.xlsx) or as CSV");
		else if (!bad)
			sp_msg(SP_ERROR, path, 0, "not an xlsx file: no "
			    "workbook in it");
		goto fail;
	}
	if ((ss = part(z, a, path, "xl/sharedStrings.xml", &bad)) != NULL)
		for (x = ss->first; x != NULL; x = x->next) {
			struct sp_buf b = { NULL, 0, 0 };

			if (!is(x, "si"))
				continue;
			sp_buf_puts(&b, "");
			text_of(x, &b, 0);
			shared = sp_realloc(shared, (nshared + 1) *
			    sizeof(char *));
			shared[nshared++] = b.s;
		}
	if (bad)
		goto fail;
	for (sheets = wb->first; sheets != NULL && !is(sheets, "sheets");
	    sheets = sheets->next)
		;
	for (x = sheets != NULL ? sheets->first : NULL; x != NULL;
	    x = x->next) {
		const char *rid = xattr(x, "id"), *t = NULL;
		struct sp_xml *ws;

		if (!is(x, "sheet") || rid == NULL)
			continue;
		for (y = rels->first; y != NULL; y = y->next)
			if (is(y, "Relationship") && xattr(y, "Id") != NULL &&
			    strcmp(xattr(y, "Id"), rid) == 0)
				t = xattr(y, "Target");
		if (t == NULL)
			continue;
		target = t[0] == '/' ? sp_strdup(t + 1) :
		    sp_printf("xl/%s", t);
		ws = part(z, a, path, target, &bad);
		free(target);
		if (bad)
			goto fail;
		if (ws != NULL) {
			struct sp_sheet *sh = sp_book_sheet(book,
			    xattr(x, "name"));

			sheet_cells(ws, shared, nshared, sh);
			sp_sheet_done(sh);
		}
	}
	for (i = 0; i < nshared; i++)
		free(shared[i]);
	free(shared);
	zf.zip_discard(z);
	sp_arena_free(a);
	return 0;
fail:
	for (i = 0; i < nshared; i++)
		free(shared[i]);
	free(shared);
	zf.zip_discard(z);
	sp_arena_free(a);
	sp_book_free(book);
	return -1;
}
