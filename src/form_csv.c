/* form_csv.c: a form saved as CSV (as Norwegian Excel and LibreOffice write it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_form.h"

/* Windows-1252 0x80-0x9F as Unicode (0: unassigned). */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* Is S (LEN bytes) well-formed UTF-8? */
static int
utf8_ok(const unsigned char *s, size_t len)
{
	size_t	i = 0;
	int	n, k;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0 && s[i] >= 0xC2)
			n = 1;
		else if ((s[i] & 0xF0) == 0xE0)
			n = 2;
		else if ((s[i] & 0xF8) == 0xF0 && s[i] <= 0xF4)
			n = 3;
		else
			return 0;
		for (k = 1; k <= n; k++)
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return 0;
		i += n + 1;
	}
	return 1;
}

static void
put_cp(struct sp_buf *b, unsigned cp)
{
	if (cp < 0x80)
		sp_buf_putc(b, (int)cp);
	else if (cp < 0x800) {
		sp_buf_putc(b, 0xC0 | (cp >> 6));
		sp_buf_putc(b, 0x80 | (cp & 0x3F));
	} else {
		sp_buf_putc(b, 0xE0 | (cp >> 12));
		sp_buf_putc(b, 0x80 | ((cp >> 6) & 0x3F));
		sp_buf_putc(b, 0x80 | (cp & 0x3F));
	}
}

/* Windows-1252 to UTF-8; the caller frees. */
static char *
from_1252(const unsigned char *s, size_t len, size_t *out)
{
	struct sp_buf	b = { NULL, 0, 0 };
	size_t		i;

	sp_buf_puts(&b, "");
	for (i = 0; i < len; i++) {
		unsigned cp = s[i];

		if (cp >= 0x80 && cp < 0xA0)
			cp = cp1252[cp - 0x80] != 0 ? cp1252[cp - 0x80] : 0xFFFD;
		put_cp(&b, cp);
	}
	*out = b.len;
	return b.s;
}

/* The separator: a "sep=" line, else ";" if the first line has one. */
static char
separator(const char *s, size_t len, size_t *skip)
{
	size_t	i;
	int	quoted = 0, semi = 0, comma = 0, tab = 0;

	*skip = 0;
	if (len >= 5 && strncmp(s, "sep=", 4) == 0 &&
	    (len == 5 || s[5] == '\n' || s[5] == '\r')) {
		*skip = 5;
		while (*skip < len && (s[*skip] == '\r' || s[*skip] == '\n'))
			(*skip)++;
		return s[4];
	}
	for (i = 0; i < len && (quoted || s[i] != '\n'); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == ',')
			comma++;
		else if (!quoted && s[i] == '\t')
			tab++;
	}
	return semi > 0 ? ';' : comma > 0 ? ',' : tab > 0 ? '\t' : ';';
}

int
sp_csv_read(const char *path, struct sp_book *book)
{
	struct sp_sheet	*sh;
	struct sp_buf	 f = { NULL, 0, 0 };
	unsigned char	*raw;
	char		*s, *conv = NULL, sep;
	size_t		 len, i, skip;
	int		 row = 0, col = 0, quoted = 0, was_quoted = 0;

	book->path = path;
	if ((raw = (unsigned char *)sp_file_read(path, &len)) == NULL) {
		sp_msg(SP_ERROR, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	s = (char *)raw;
	if (len >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) ||
	    (raw[0] == 0xFE && raw[1] == 0xFF))) {
		sp_msg(SP_ERROR, path, 0, "UTF-16 text is not read: save the "
		    "sheet as CSV (semikolonseparert) or CSV UTF-8");
		free(raw);
		return -1;
	}
	if (len >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
		s += 3;
		len -= 3;
	}
	if (!utf8_ok((unsigned char *)s, len))
		s = conv = from_1252((unsigned char *)s, len, &len);
	if (memchr(s, '\0', len) != NULL) {
		sp_msg(SP_ERROR, path, 0, "not a CSV file: it holds NUL "
		    "bytes");
		free(conv);
		free(raw);
		return -1;
	}
	sep = separator(s, len, &skip);
	sh = sp_book_sheet(book, NULL);
	sp_buf_puts(&f, "");
	for (i = skip; i <= len; i++) {
		char c = i < len ? s[i] : '\n';

		if (quoted) {
			if (c == '"' && i + 1 < len && s[i + 1] == '"') {
				sp_buf_putc(&f, '"');
				i++;
			} else if (c == '"')
				quoted = 0;
			else if (i < len)
				sp_buf_putc(&f, c);
			else
				quoted = 0;	/* an unclosed quote ends here */
			continue;
		}
		if (c == '"' && f.len == 0 && !was_quoted) {
			quoted = was_quoted = 1;
			continue;
		}
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		if (c == sep || c == '\n' || c == '\r') {
			if (f.len > 0)
				sp_sheet_set(sh, row, col, f.s, f.len);
			f.len = 0;
			f.s[0] = '\0';
			was_quoted = 0;
			if (c == sep)
				col++;
			else {
				row++;
				col = 0;
			}
			if (i == len)
				break;
			continue;
		}
		sp_buf_putc(&f, c);
	}
	sp_sheet_done(sh);
	sp_buf_free(&f);
	free(conv);
	free(raw);
	return 0;
}
