/*
 * fillform.c: fills in a status form as a person would, for the tests.
 *   fillform FORM.xlsx ID STATUS COMMENT [ID STATUS COMMENT ...]
 *   fillform --cat FILE.xlsx ENTRY	(print one part of the zip)
 * finds the row of each tiltak ID (the hidden column H) on the Status sheet
 * and writes STATUS into column F and COMMENT into column G (an empty
 * argument leaves the cell blank), editing the xlsx in place with libzip.
 * It knows the sheet only as libxlsxwriter writes it: shared strings,
 * empty cells as <c r="F6" s="N"/>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

static char *
slurp(zip_t *z, const char *name)
{
	zip_stat_t	 st;
	zip_file_t	*f;
	char		*buf;

	if (zip_stat(z, name, 0, &st) != 0 || (f = zip_fopen(z, name, 0)) == NULL)
		return NULL;
	buf = malloc(st.size + 1);
	if (zip_fread(f, buf, st.size) != (zip_int64_t)st.size)
		exit(3);
	buf[st.size] = '\0';
	zip_fclose(f);
	return buf;
}

/* The I-th <si> of the shared strings, unescaped only for &amp;. */
static char *
shared(const char *ss, long i)
{
	const char	*p = ss, *t, *e;
	char		*out;

	while (i-- >= 0)
		if ((p = strstr(p + 1, "<si>")) == NULL)
			return NULL;
	if ((t = strstr(p, "<t")) == NULL || (t = strchr(t, '>')) == NULL ||
	    (e = strstr(t, "</t>")) == NULL)
		return NULL;
	out = strndup(t + 1, e - t - 1);
	return out;
}

/* TEXT as XML character data: a person's & and < are escaped. */
static void
xml_put(FILE *f, const char *s)
{
	size_t	n;

	while (*s != '\0') {
		n = strcspn(s, "&<>");
		fwrite(s, 1, n, f);
		s += n;
		if (*s != '\0')
			fprintf(f, "&#%d;", *s++);
	}
}

/* The sheet with the cell <c r="COL ROW" .../> given TEXT inline. */
static char *
put(char *sheet, char col, long row, const char *text)
{
	char	 pat[32], *c, *end, *out;
	size_t	 n;
	FILE	*f;

	if (*text == '\0')
		return sheet;
	snprintf(pat, sizeof(pat), "<c r=\"%c%ld\"", col, row);
	if ((c = strstr(sheet, pat)) == NULL || (end = strstr(c, "/>")) == NULL) {
		fprintf(stderr, "fillform: no empty cell %c%ld\n", col, row);
		exit(1);
	}
	f = open_memstream(&out, &n);
	fwrite(sheet, 1, end - sheet, f);
	fputs(" t=\"inlineStr\"><is><t>", f);
	xml_put(f, text);
	fputs("</t></is></c>", f);
	fputs(end + 2, f);
	fclose(f);
	free(sheet);
	return out;
}

int
main(int argc, char *argv[])
{
	zip_t		*z;
	zip_source_t	*src;
	char		*ss, *sheet = NULL, name[64], pat[64], *p, *id;
	int		 i, k, err;

	if (argc == 4 && strcmp(argv[1], "--cat") == 0) {
		/* fillform --cat FILE ENTRY: print one part, for the tests */
		if ((z = zip_open(argv[2], ZIP_RDONLY, &err)) == NULL ||
		    (p = slurp(z, argv[3])) == NULL)
			return 1;
		fputs(p, stdout);
		return 0;
	}
	if (argc < 5 || (argc - 2) % 3 != 0) {
		fputs("usage: fillform FORM.xlsx ID STATUS COMMENT ...\n", stderr);
		return 2;
	}
	if ((z = zip_open(argv[1], 0, &err)) == NULL)
		return 3;
	ss = slurp(z, "xl/sharedStrings.xml");
	/* the Status sheet is the one with the hidden ids */
	for (k = 1; k < 10; k++) {
		snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", k);
		free(sheet);
		if ((sheet = slurp(z, name)) == NULL)
			break;
		if (strstr(sheet, "r=\"H1\"") != NULL)
			break;
	}
	if (sheet == NULL || ss == NULL) {
		fputs("fillform: no Status sheet\n", stderr);
		return 1;
	}
	for (i = 2; i + 2 < argc; i += 3) {
		long row = -1;

		/* every <c r="H.." t="s"><v>n</v>: find the one for the id */
		for (p = sheet; (p = strstr(p, "<c r=\"H")) != NULL; p++) {
			long r = strtol(p + 7, NULL, 10);
			char *v = strstr(p, "<v>");

			if (v == NULL)
				break;
			id = shared(ss, strtol(v + 3, NULL, 10));
			if (id != NULL && strcmp(id, argv[i]) == 0)
				row = r;
			free(id);
			if (row >= 0)
				break;
		}
		if (row < 0) {
			fprintf(stderr, "fillform: %s is not on the form\n", argv[i]);
			return 1;
		}
		sheet = put(sheet, 'F', row, argv[i + 1]);
		sheet = put(sheet, 'G', row, argv[i + 2]);
	}
	src = zip_source_buffer(z, sheet, strlen(sheet), 0);
	snprintf(pat, sizeof(pat), "%s", name);
	if (src == NULL || zip_file_add(z, pat, src, ZIP_FL_OVERWRITE) < 0 ||
	    zip_close(z) != 0) {
		fprintf(stderr, "fillform: cannot write %s\n", argv[1]);
		return 3;
	}
	free(sheet);
	free(ss);
	return 0;
}
