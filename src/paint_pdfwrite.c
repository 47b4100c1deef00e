/* paint_pdfwrite.c: the PDF file of our own writer: object numbers,
 * compressed object streams, stream objects and the cross-reference
 * stream. The only libdeflate user. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "sp.h"
#include "sp_pdf.h"

/*
 * Deflate: libdeflate, not zlib. Deflate is the largest single cost of
 * writing a big PDF, and every stream here is deflated whole, from one
 * buffer, which is what libdeflate is made for. Measured on the 2 640
 * streams (36 MB: page content, object streams) of the 10 000-tiltak
 * sak, CPU time, best of three: zlib level 1 184 ms for 22.5 % of the
 * size, 3 235 ms for 19.5 %, 6 512 ms for 16.4 %; libdeflate level 1
 * 98 ms for 20.7 %, 2 149 ms for 18.8 %, 3 168 ms for 17.9 %. The
 * whole build of that sak, median of six, user CPU / wall / file: zlib
 * level 3 0.67 s / 0.85 s / 7.68 MB, libdeflate 1 0.54 s / 0.71 s /
 * 7.54 MB, 2 0.60 s / 0.79 s / 7.47 MB, 3 0.60 s / 0.76 s / 7.32 MB.
 * Level 1 is the fastest and still smaller than zlib's 3 was.
 */
#ifndef SP_PDF_ZLEVEL
#define SP_PDF_ZLEVEL	1
#endif

/* Plain objects per object stream, and the most bytes one gathers. */
#define STM_OBJS	200
#define STM_BYTES	(256 * 1024)

/* Output is gathered in blocks of this size (a multiple of 8: hashed
 * word by word). */
#define OUTBUF		(64 * 1024)

enum xtype {
	X_NONE = 0,			/* allocated, not (yet) written */
	X_FILE,				/* at an offset in the file */
	X_STM				/* in an object stream */
};

struct xent {
	uint64_t	 off;		/* X_FILE: offset; X_STM: stream */
	uint16_t	 idx;		/* X_STM: index within the stream */
	uint8_t		 type;		/* enum xtype */
};

struct sp_pdfw {
	FILE		*out;
	int		 err;		/* errno of the first failure, 0 */
	uint64_t	 pos;		/* bytes written (and buffered) */
	unsigned char	*buf;		/* OUTBUF bytes not yet written */
	size_t		 nbuf;
	uint64_t	 h[2];		/* hash of the bytes in full blocks */
	struct xent	*x;		/* per object number, 0 unused */
	int		 nobj;		/* highest number allocated */
	int		 capobj;
	struct sp_buf	 sbody;		/* the object stream gathered */
	struct sp_buf	 shead;		/* its "num off " pairs */
	int		*snum;		/* the numbers in it */
	int		 sn;
	struct libdeflate_compressor *z; /* one for all streams */
	unsigned char	*zbuf;
	size_t		 zcap;
};

/* ------------------------------------------------------------- output */

/*
 * A 128-bit hash of the file, for /ID: two multiply-xorshift lanes over
 * little-endian words. Not cryptographic; it only needs the same bytes to
 * give the same /ID and different files different ones, and to cost
 * nothing beside deflate.
 */
static uint64_t
load64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static void
hash_words(uint64_t h[2], const unsigned char *p, size_t n)
{
	uint64_t	 a = h[0], b = h[1], v;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		v = load64(p + i);
		a = (a ^ v) * 0x9E3779B97F4A7C15ULL;
		a ^= a >> 32;
		b = (b + v) * 0xC2B2AE3D27D4EB4FULL;
		b ^= b >> 29;
	}
	h[0] = a;
	h[1] = b;
}

/* splitmix64's finaliser: every input bit reaches every output bit. */
static uint64_t
mix64(uint64_t v)
{
	v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ULL;
	v = (v ^ (v >> 27)) * 0x94D049BB133111EBULL;
	return v ^ (v >> 31);
}

/* Hand the buffered bytes to the file; a full block is hashed first. */
static void
flush_buf(struct sp_pdfw *w)
{
	if (w->nbuf == 0)
		return;
	if (w->nbuf == OUTBUF)
		hash_words(w->h, w->buf, OUTBUF);
	errno = 0;
	if (w->err == 0 && fwrite(w->buf, 1, w->nbuf, w->out) != w->nbuf)
		w->err = errno != 0 ? errno : EIO;
	w->nbuf = 0;
}

static void
out(struct sp_pdfw *w, const void *s, size_t n)
{
	const unsigned char	*p = s;
	size_t			 k;

	w->pos += n;
	while (n > 0) {
		k = OUTBUF - w->nbuf;
		if (k > n)
			k = n;
		memcpy(w->buf + w->nbuf, p, k);
		w->nbuf += k;
		p += k;
		n -= k;
		if (w->nbuf == OUTBUF)
			flush_buf(w);
	}
}

static void
outs(struct sp_pdfw *w, const char *s)
{
	out(w, s, strlen(s));
}

/* The /ID of the bytes so far (the partial block included). */
static void
file_id(struct sp_pdfw *w, char hex[33])
{
	static const char	 digits[] = "0123456789ABCDEF";
	uint64_t		 h[2] = { w->h[0], w->h[1] }, v;
	unsigned char		 tail[8] = { 0 };
	size_t			 whole = w->nbuf & ~(size_t)7;
	int			 i;

	hash_words(h, w->buf, whole);
	memcpy(tail, w->buf + whole, w->nbuf - whole);
	hash_words(h, tail, 8);
	v = mix64(h[0] ^ w->pos);
	for (i = 0; i < 16; i++)
		hex[i] = digits[(v >> (60 - 4 * i)) & 15];
	v = mix64(h[1] ^ mix64(h[0]));
	for (i = 0; i < 16; i++)
		hex[16 + i] = digits[(v >> (60 - 4 * i)) & 15];
	hex[32] = '\0';
}

/* ------------------------------------------------------------ deflate */

/* Deflate the N bytes at P into w->zbuf (zlib format, as /FlateDecode
 * wants); returns the length, or 0 after a failure (stuck in w->err). */
static size_t
zpack(struct sp_pdfw *w, const void *p, size_t n)
{
	size_t	 need, zn;

	if (w->z == NULL &&
	    (w->z = libdeflate_alloc_compressor(SP_PDF_ZLEVEL)) == NULL) {
		w->err = w->err ? w->err : ENOMEM;
		return 0;
	}
	need = libdeflate_zlib_compress_bound(w->z, n);
	if (need > w->zcap) {
		w->zcap = need + need / 4;
		w->zbuf = sp_realloc(w->zbuf, w->zcap);
	}
	if ((zn = libdeflate_zlib_compress(w->z, p, n, w->zbuf,
	    w->zcap)) == 0)
		w->err = w->err ? w->err : EIO;
	return zn;
}

/* ------------------------------------------------------------ numbers */

/* Writes V in decimal into the end of the buffer ending at E; returns
 * where it starts. */
static char *
udec(char *e, uint64_t v)
{
	do {
		*--e = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return e;
}

static void
put_uint(struct sp_buf *b, uint64_t v)
{
	char	 s[24], *p = udec(s + sizeof(s), v);

	sp_buf_put(b, p, (size_t)(s + sizeof(s) - p));
}

/*
 * V/1024 points, rounded half away from zero to a thousandth: m =
 * round(|v| * 125 / 128), split so that |v| * 125 never overflows.
 */
void
sp_pdf_num(struct sp_buf *b, int64_t v)
{
	char		 s[32], *e = s + sizeof(s), *p;
	uint64_t	 u = v < 0 ? -(uint64_t)v : (uint64_t)v, r, m, f;
	int		 nd;

	r = (u >> 7) * 125 + (((u & 127) * 125 + 64) >> 7);
	f = r % 1000;
	m = r / 1000;
	p = e;
	if (f != 0) {
		/* three digits, trailing zeros dropped */
		nd = 3;
		while (f % 10 == 0) {
			f /= 10;
			nd--;
		}
		while (nd-- > 0) {
			*--p = (char)('0' + f % 10);
			f /= 10;
		}
		*--p = '.';
	}
	p = udec(p, m);
	if (v < 0 && r != 0)		/* never "-0" */
		*--p = '-';
	sp_buf_put(b, p, (size_t)(e - p));
}

/* ------------------------------------------------------------ objects */

struct sp_pdfw *
sp_pdfw_new(FILE *out)
{
	struct sp_pdfw	*w = sp_calloc(1, sizeof(*w));

	w->out = out;
	w->buf = sp_malloc(OUTBUF);
	w->h[0] = 0x736B7370617069ULL;	/* any two distinct seeds */
	w->h[1] = 0x7264662D31ULL;
	/* the binary comment tells transfer programs the file is binary */
	outs(w, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
	return w;
}

int
sp_pdfw_alloc(struct sp_pdfw *w)
{
	if (w->nobj + 1 >= w->capobj) {
		w->capobj = w->capobj ? w->capobj * 2 : 256;
		w->x = sp_realloc(w->x, (size_t)w->capobj * sizeof(*w->x));
	}
	w->nobj++;
	memset(&w->x[w->nobj], 0, sizeof(*w->x));
	return w->nobj;
}

/* NUM is a number W gave and has not been written: else a stuck EINVAL. */
static int
fresh(struct sp_pdfw *w, int num)
{
	if (num > 0 && num <= w->nobj && w->x[num].type == X_NONE)
		return 1;
	w->err = w->err ? w->err : EINVAL;
	return 0;
}

/* Write the gathered object stream as an object of its own. */
static void
flush_stm(struct sp_pdfw *w)
{
	struct sp_buf	 d = { 0 };
	size_t		 zn, first;
	int		 num, i;

	if (w->sn == 0)
		return;
	num = sp_pdfw_alloc(w);
	for (i = 0; i < w->sn; i++) {
		w->x[w->snum[i]].off = (uint64_t)num;
		w->x[w->snum[i]].idx = (uint16_t)i;
		w->x[w->snum[i]].type = X_STM;
	}
	first = w->shead.len;
	sp_buf_put(&w->shead, w->sbody.s, w->sbody.len);
	zn = zpack(w, w->shead.s, w->shead.len);
	w->x[num].type = X_FILE;
	w->x[num].off = w->pos;
	sp_buf_printf(&d, "%d 0 obj\n<</Type/ObjStm/N %d/First %zu"
	    "/Filter/FlateDecode/Length %zu>>\nstream\n", num, w->sn,
	    first, zn);
	out(w, d.s, d.len);
	out(w, w->zbuf, zn);
	outs(w, "\nendstream\nendobj\n");
	sp_buf_free(&d);
	w->shead.len = w->sbody.len = 0;
	w->sn = 0;
}

void
sp_pdfw_obj(struct sp_pdfw *w, int num, const char *s, size_t n)
{
	if (!fresh(w, num))
		return;
	if (w->snum == NULL)
		w->snum = sp_malloc(STM_OBJS * sizeof(*w->snum));
	/* marked now, numbered in its stream when that is written */
	w->x[num].type = X_STM;
	w->snum[w->sn++] = num;
	put_uint(&w->shead, (uint64_t)num);
	sp_buf_putc(&w->shead, ' ');
	put_uint(&w->shead, w->sbody.len);
	sp_buf_putc(&w->shead, ' ');
	sp_buf_put(&w->sbody, s, n);
	sp_buf_putc(&w->sbody, '\n');
	if (w->sn == STM_OBJS || w->sbody.len >= STM_BYTES)
		flush_stm(w);
}

void
sp_pdfw_stream(struct sp_pdfw *w, int num, const char *dict,
    const void *data, size_t n, int z)
{
	struct sp_buf	 d = { 0 };
	const void	*p = data;

	if (!fresh(w, num))
		return;
	if (z) {
		n = zpack(w, data, n);
		p = w->zbuf;
	}
	w->x[num].type = X_FILE;
	w->x[num].off = w->pos;
	sp_buf_printf(&d, "%d 0 obj\n<<%s%s/Length %zu>>\nstream\n", num,
	    dict, z ? "/Filter/FlateDecode" : "", n);
	out(w, d.s, d.len);
	out(w, p, n);
	outs(w, "\nendstream\nendobj\n");
	sp_buf_free(&d);
}

static void
pdfw_free(struct sp_pdfw *w)
{
	if (w->z != NULL)
		libdeflate_free_compressor(w->z);
	free(w->zbuf);
	free(w->snum);
	sp_buf_free(&w->shead);
	sp_buf_free(&w->sbody);
	free(w->x);
	free(w->buf);
	free(w);
}

void
sp_pdfw_abort(struct sp_pdfw *w)
{
	if (w != NULL)
		pdfw_free(w);
}

/* Bytes needed for V (at least 1). */
static int
width(uint64_t v)
{
	int	 n = 1;

	while (v > 0xFF) {
		v >>= 8;
		n++;
	}
	return n;
}

static unsigned char *
put_be(unsigned char *p, uint64_t v, int n)
{
	while (n-- > 0)
		*p++ = (unsigned char)(v >> (8 * n));
	return p;
}

/*
 * The cross-reference stream: one row per object number from 0, each a
 * type byte, the offset (or the object stream's number) and the index
 * within the stream, in as few bytes as the largest needs (/W). It lists
 * itself, and carries the trailer's entries.
 */
int
sp_pdfw_close(struct sp_pdfw *w, int root, int info)
{
	struct sp_buf	 d = { 0 };
	unsigned char	*rows, *up, *p, *q;
	uint64_t	 big = 0, start;
	char		 id[33];
	size_t		 zn, rw, k;
	int		 num, size, i, w2, w3, err;

	flush_stm(w);
	num = sp_pdfw_alloc(w);
	start = w->pos;
	w->x[num].type = X_FILE;
	w->x[num].off = start;
	size = w->nobj + 1;
	w3 = 1;
	for (i = 1; i < size; i++) {
		if (w->x[i].off > big)
			big = w->x[i].off;
		if (w->x[i].idx > 0xFF)
			w3 = 2;
	}
	w2 = width(big);
	rw = (size_t)(1 + w2 + w3);
	rows = sp_calloc((size_t)size, rw);
	p = rows + rw;			/* object 0: free, all zeros */
	for (i = 1; i < size; i++) {
		*p++ = w->x[i].type == X_NONE ? 0 :
		    w->x[i].type == X_FILE ? 1 : 2;
		p = put_be(p, w->x[i].off, w2);
		p = put_be(p, w->x[i].type == X_STM ? w->x[i].idx : 0, w3);
	}
	/*
	 * PNG's Up predictor: each row as its difference from the one
	 * before, behind a filter byte 2. Rows of one object stream differ
	 * in the index alone, so deflate sees runs of zeros and ones (a
	 * tenth of the size without it).
	 */
	up = sp_malloc((size_t)size * (rw + 1));
	for (q = up, i = 0; i < size; i++) {
		*q++ = 2;
		for (k = 0; k < rw; k++)
			*q++ = (unsigned char)(rows[(size_t)i * rw + k] -
			    (i > 0 ? rows[(size_t)(i - 1) * rw + k] : 0));
	}
	zn = zpack(w, up, (size_t)(q - up));
	free(up);
	free(rows);
	file_id(w, id);
	sp_buf_printf(&d, "%d 0 obj\n<</Type/XRef/Size %d/Index[0 %d]"
	    "/W[1 %d %d]/Root %d 0 R", num, size, size, w2, w3, root);
	if (info > 0)
		sp_buf_printf(&d, "/Info %d 0 R", info);
	sp_buf_printf(&d, "/ID[<%s><%s>]/Filter/FlateDecode"
	    "/DecodeParms<</Columns %zu/Predictor 12>>/Length %zu>>\n"
	    "stream\n", id, id, rw, zn);
	out(w, d.s, d.len);
	out(w, w->zbuf, zn);
	d.len = 0;
	sp_buf_printf(&d, "\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n",
	    (unsigned long long)start);
	out(w, d.s, d.len);
	sp_buf_free(&d);
	flush_buf(w);
	errno = 0;
	if (w->err == 0 && fflush(w->out) != 0)
		w->err = errno != 0 ? errno : EIO;
	if (w->err == 0 && ferror(w->out))
		w->err = EIO;
	err = w->err;
	pdfw_free(w);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
