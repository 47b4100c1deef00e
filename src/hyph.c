/* hyph.c: the only libhyphen user; soft hyphens for Nynorsk compounds. */
#include <sys/stat.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hyphen.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_layout.h"

#define MINWORD	8	/* shorter words are not hyphenated */

/*
 * Loading the Nynorsk patterns takes longer than anything else at start
 * (about 20 ms: libhyphen builds its automaton from 27 000 patterns). So
 * `make` compiles them once (sp_hyph_compile) into a file that holds the
 * automaton as libhyphen built it, in the public structs of hyphen.h;
 * reading that back takes about a millisecond and gives libhyphen the
 * same automaton. Without a current compiled file (or with
 * SAKSPAPIR_HYPH_SOURCE=1) the patterns are loaded the usual way. Either
 * is done on a thread while the master is read, and the first word to
 * hyphenate waits for it.
 */
#define MAGIC	"sakspapir-hyph 3\n"

struct sp_hyph {
	char		*path;
	HyphenDict	*dict;
	pthread_t	 thread;
	int		 joined;
	char		*blob;		/* compiled: the file, and the
					 * structs in it */
	int		 before, after;	/* letters at least on either
					 * side of a hyphen */
	struct memo	*memo;		/* words hyphenated so far */
	size_t		 nmemo, capmemo;	/* capmemo: a power of 2 */
	struct sp_arena	*arena;		/* the memo's words and points */
};

/*
 * The patterns' answer for each distinct (lower-cased) word, kept: a
 * table of 10 000 tiltak says "kommunane" and "samarbeid" thousands of
 * times, and libhyphen walks its automaton afresh every time.
 */
struct memo {
	char		*word;		/* NULL: an empty slot */
	char		*hy;		/* libhyphen's odd/even digits */
	uint32_t	 hash;
};

static HyphenDict *load_compiled(struct sp_hyph *, const char *);
static void	 free_compiled(struct sp_hyph *);

/* The patterns: compiled if a current compiled form is found, else from
 * the source. Runs on a thread; the first word to hyphenate waits. */
static void *
load(void *arg)
{
	struct sp_hyph	*h = arg;

	prctl(PR_SET_NAME, "sp-hyph");	/* for top -H and perf */
	if ((h->dict = load_compiled(h, h->path)) != NULL)
		return NULL;
	free_compiled(h);
	h->dict = hnj_hyphen_load(h->path);
	return NULL;
}

/* ---------------------------------------------- the compiled form */

/*
 * The compiled form is an image of libhyphen's own structs (hyphen.h)
 * with every pointer stored as an offset into the image (plus one; 0 is
 * NULL). Loading reads the file and turns the offsets back into
 * pointers: no parsing, one allocation.
 */
#define HDRLEN	56	/* magic (32), source size, mtime, image length */

static size_t
align8(struct sp_buf *b)
{
	while (b->len % 8 != 0)
		sp_buf_putc(b, 0);
	return b->len;
}

static uintptr_t
put_str(struct sp_buf *b, const char *s)
{
	size_t	at;

	if (s == NULL)
		return 0;
	at = b->len;
	sp_buf_put(b, s, strlen(s) + 1);
	return (uintptr_t)at + 1;
}

/* Append dict D to the image; returns its offset + 1. */
static uintptr_t
put_dict(struct sp_buf *b, const HyphenDict *d)
{
	HyphenDict	 dd = *d;
	HyphenState	 ss;
	size_t		 dat, sat, tat;
	int		 i;

	dat = align8(b);
	sp_buf_put(b, (const char *)&dd, sizeof(dd));
	sat = align8(b);
	for (i = 0; i < d->num_states; i++)
		sp_buf_put(b, (const char *)&d->states[i], sizeof(HyphenState));
	for (i = 0; i < d->num_states; i++) {
		ss = d->states[i];
		tat = align8(b);
		if (ss.num_trans > 0)
			sp_buf_put(b, (const char *)ss.trans,
			    ss.num_trans * sizeof(HyphenTrans));
		ss.trans = (HyphenTrans *)(ss.num_trans > 0 ?
		    (uintptr_t)tat + 1 : 0);
		ss.match = (char *)put_str(b, d->states[i].match);
		ss.repl = (char *)put_str(b, d->states[i].repl);
		memcpy(b->s + sat + i * sizeof(HyphenState), &ss, sizeof(ss));
	}
	dd.states = (HyphenState *)((uintptr_t)sat + 1);
	/* nohyphen holds nohyphenl + 1 strings, one after the other
	 * (libhyphen counts from 0) */
	if (d->nohyphen != NULL) {
		const char *s = d->nohyphen;

		for (i = 0; i <= d->nohyphenl; i++)
			s += strlen(s) + 1;
		dd.nohyphen = (char *)((uintptr_t)b->len + 1);
		sp_buf_put(b, d->nohyphen, (size_t)(s - d->nohyphen));
	}
	dd.nextlevel = d->nextlevel != NULL ?
	    (HyphenDict *)put_dict(b, d->nextlevel) : NULL;
	memcpy(b->s + dat, &dd, sizeof(dd));
	return (uintptr_t)dat + 1;
}

/* The source file's identity: a compiled file is for this one only. */
static int
source_id(const char *path, int64_t *size, int64_t *mtime)
{
	struct stat	st;

	if (stat(path, &st) != 0)
		return -1;
	*size = (int64_t)st.st_size;
	*mtime = (int64_t)st.st_mtime;
	return 0;
}

int
sp_hyph_compile(const char *dic, const char *out)
{
	struct sp_buf	 img = { NULL, 0, 0 };
	char		 hdr[HDRLEN];
	struct sp_out	 o;
	HyphenDict	*d;
	int64_t		 v[3];
	int		 rc;
	const char	*why;

	/* a compiled form vouches for its source: see sp_hyph_check */
	if (sp_hyph_check(dic, &why) != 0) {
		sp_msg(SP_ERROR, dic, 0, "%s", why);
		return -1;
	}
	if (source_id(dic, &v[0], &v[1]) != 0 ||
	    (d = hnj_hyphen_load(dic)) == NULL) {
		sp_msg(SP_ERROR, dic, 0, "cannot load hyphenation patterns");
		return -1;
	}
	sp_buf_puts(&img, "");
	put_dict(&img, d);
	hnj_hyphen_free(d);
	v[2] = (int64_t)img.len;
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, MAGIC, strlen(MAGIC));
	memcpy(hdr + 32, v, sizeof(v));
	if (sp_out_open(&o, out) != 0) {
		sp_buf_free(&img);
		return -1;
	}
	fwrite(hdr, 1, sizeof(hdr), o.f);
	fwrite(img.s, 1, img.len, o.f);
	rc = sp_out_commit(&o);
	sp_buf_free(&img);
	return rc;
}

/* Offset + 1 to pointer, checking that N bytes there lie in the image. */
static void *
ptr(char *img, size_t len, uintptr_t off, size_t n, int *bad)
{
	if (off == 0)
		return NULL;
	if (off - 1 > len || n > len - (off - 1)) {
		*bad = 1;
		return NULL;
	}
	return img + (off - 1);
}

static char *
str(char *img, size_t len, uintptr_t off, int *bad)
{
	char	*s = ptr(img, len, off, 1, bad);

	if (s != NULL && memchr(s, '\0', len - (size_t)(s - img)) == NULL)
		*bad = 1;
	return s;
}

static HyphenDict *
relocate(char *img, size_t len, uintptr_t off, int depth, int *bad)
{
	HyphenDict	*d;
	int		 i, k;

	if (depth > 4 || off % 8 != 1 ||
	    (d = ptr(img, len, off, sizeof(*d), bad)) == NULL)
		return *bad = 1, NULL;
	if (d->num_states < 0 || (size_t)d->num_states >
	    len / sizeof(HyphenState))
		return *bad = 1, NULL;
	d->states = ptr(img, len, (uintptr_t)d->states,
	    d->num_states * sizeof(HyphenState), bad);
	d->nohyphen = str(img, len, (uintptr_t)d->nohyphen, bad);
	if (d->nohyphen != NULL) {
		/* nohyphenl + 1 strings in a row, all inside the image */
		const char *s = d->nohyphen;

		for (i = 0; i <= d->nohyphenl && !*bad; i++) {
			if (s >= img + len ||
			    memchr(s, '\0', len - (size_t)(s - img)) == NULL)
				*bad = 1;
			else
				s += strlen(s) + 1;
		}
	}
	for (i = 0; i < d->num_states && !*bad; i++) {
		HyphenState *s = &d->states[i];

		s->match = str(img, len, (uintptr_t)s->match, bad);
		s->repl = str(img, len, (uintptr_t)s->repl, bad);
		if (s->num_trans < 0 || s->fallback_state < -1 ||
		    s->fallback_state >= d->num_states)
			*bad = 1;
		s->trans = ptr(img, len, (uintptr_t)s->trans,
		    (size_t)s->num_trans * sizeof(HyphenTrans), bad);
		for (k = 0; k < s->num_trans && !*bad; k++)
			if (s->trans[k].new_state < 0 ||
			    s->trans[k].new_state >= d->num_states)
				*bad = 1;
	}
	if (!*bad && d->nextlevel != NULL)
		d->nextlevel = relocate(img, len, (uintptr_t)d->nextlevel,
		    depth + 1, bad);
	return d;
}

/*
 * Whether the header HDR of a compiled file of LEN bytes says it was
 * made from the source file PATH as that is now (its size and time).
 */
static int
made_from(const char *hdr, size_t len, const char *path)
{
	int64_t		 v[3], size, mtime;

	if (len < HDRLEN || memcmp(hdr, MAGIC, strlen(MAGIC)) != 0 ||
	    source_id(path, &size, &mtime) != 0)
		return 0;
	memcpy(v, hdr + 32, sizeof(v));
	return v[0] == size && v[1] == mtime &&
	    v[2] == (int64_t)(len - HDRLEN);
}

/* The path of the compiled form of PATH (build/hyph/NAME.bin in the
 * data directories), if there is one; the caller frees it. */
static char *
compiled_path(const char *path)
{
	const char	*base = strrchr(path, '/');
	char		*rel, *found;

	if (getenv("SAKSPAPIR_HYPH_SOURCE") != NULL)
		return NULL;
	rel = sp_printf("build/hyph/%s.bin", base ? base + 1 : path);
	found = sp_data_find(NULL, rel);
	free(rel);
	return found;
}

/* Is there a current compiled form of PATH? Its header says. */
static int
compiled_current(const char *path)
{
	char		*found = compiled_path(path), hdr[HDRLEN];
	struct stat	 st;
	int		 fd, ok = 0;

	if (found != NULL && (fd = open(found, O_RDONLY)) >= 0) {
		ok = fstat(fd, &st) == 0 && read(fd, hdr, HDRLEN) == HDRLEN &&
		    made_from(hdr, (size_t)st.st_size, path);
		close(fd);
	}
	free(found);
	return ok;
}

/* The compiled automaton for PATH, if there is a current one. */
static HyphenDict *
load_compiled(struct sp_hyph *h, const char *path)
{
	char		*found;
	size_t		 len;
	int		 bad = 0;
	HyphenDict	*d;

	if ((found = compiled_path(path)) == NULL)
		return NULL;
	h->blob = sp_file_read(found, &len);
	free(found);
	if (h->blob == NULL || !made_from(h->blob, len, path))
		return NULL;		/* made from another file */
	/* the image starts 8-aligned: malloc aligns, HDRLEN is 56 */
	d = relocate(h->blob + HDRLEN, len - HDRLEN, 1, 0, &bad);
	return bad ? NULL : d;
}

static void
free_compiled(struct sp_hyph *h)
{
	free(h->blob);		/* the structs live in it */
	h->blob = NULL;
}

/* ------------------------------------------------------------ loading */

int
sp_hyph_check(const char *dict, const char **why)
{
	char	*buf, *s;
	size_t	 len, i, n;
	int	 digits = 0;

	/* sp_hyph_compile checked the source before it compiled it: a
	 * current compiled form spares reading the file again each run */
	if (compiled_current(dict))
		return 0;

	if ((buf = sp_file_load(dict, NULL, (size_t)16 << 20, &len, why))
	    == NULL)
		return -1;
	/* "UTF-8", "ISO8859-1": a name, then the patterns */
	n = strcspn(buf, "\r\n");
	for (i = 0; i < n; i++)
		if (!((buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= 'a' && buf[i] <= 'z') ||
		    (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-' ||
		    buf[i] == '_'))
			break;
	if (n == 0 || n > 32 || i < n) {
		*why = "does not start with the name of a character set "
		    "(UTF-8, ISO8859-1): not hyphenation patterns";
		free(buf);
		return -1;
	}
	for (s = buf; s < buf + len; s++) {
		if (*s == '\0' || (*s > 0 && *s < ' ' && *s != '\n' &&
		    *s != '\r' && *s != '\t')) {
			*why = "holds control characters: not hyphenation "
			    "patterns";
			free(buf);
			return -1;
		}
		digits += *s >= '1' && *s <= '9';
	}
	free(buf);
	if (digits == 0) {
		*why = "has no pattern with a digit: not hyphenation patterns";
		return -1;
	}
	return 0;
}

struct sp_hyph *
sp_hyph_new(const char *path)
{
	struct sp_hyph	*h;

	if (access(path, R_OK) != 0) {
		sp_msg(SP_SYSERR, path, 0, "cannot read hyphenation patterns");
		return NULL;
	}
	h = sp_calloc(1, sizeof(*h));
	h->path = sp_strdup(path);
	h->before = 2;
	h->after = 3;
	if (pthread_create(&h->thread, NULL, load, h) != 0) {
		load(h);
		h->joined = 1;
	}
	return h;
}

void
sp_hyph_limits(struct sp_hyph *h, int before, int after)
{
	if (h == NULL)
		return;
	h->before = before < 1 ? 1 : before;
	h->after = after < 1 ? 1 : after;
}

/* The patterns, once loaded; NULL (and a message) if they failed. */
static HyphenDict *
dict(struct sp_hyph *h)
{
	if (!h->joined) {
		pthread_join(h->thread, NULL);
		h->joined = 1;
		if (h->dict == NULL)
			sp_msg(SP_WARNING, h->path, 0, "cannot load "
			    "hyphenation patterns; words will not be "
			    "hyphenated");
	}
	return h->dict;
}

void
sp_hyph_free(struct sp_hyph *h)
{
	if (h == NULL)
		return;
	if (!h->joined) {
		pthread_join(h->thread, NULL);
		h->joined = 1;
	}
	if (h->blob != NULL)
		free_compiled(h);
	else if (h->dict != NULL)
		hnj_hyphen_free(h->dict);
	free(h->memo);
	sp_arena_free(h->arena);
	free(h->path);
	free(h);
}

/* Decode one UTF-8 letter that Latin-1 can hold; -1 if not a letter. */
static int
latin1_letter(const unsigned char *s, int *len)
{
	int	c;

	if (s[0] < 0x80) {
		*len = 1;
		c = s[0];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return c | 0x20;
		return -1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		if (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7)
			return c >= 0xE0 ? c : c + 0x20;	/* lower */
		return -1;
	}
	return -1;
}

static uint32_t
memo_hash(const char *w, int n)
{
	uint32_t	h = 2166136261u;
	int		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

/* The slot of WORD (N letters, Latin-1) in the memo, empty if new. */
static struct memo *
memo_slot(struct sp_hyph *h, const char *word, int n, uint32_t hash)
{
	struct memo	*m;
	size_t		 i;

	for (i = hash & (h->capmemo - 1); ; i = (i + 1) & (h->capmemo - 1)) {
		m = &h->memo[i];
		if (m->word == NULL || (m->hash == hash &&
		    strncmp(m->word, word, (size_t)n) == 0 &&
		    m->word[n] == '\0'))
			return m;
	}
}

/* Room for one more word: the table is kept at most half full. */
static void
memo_grow(struct sp_hyph *h)
{
	struct memo	*old = h->memo, *m;
	size_t		 oldcap = h->capmemo, i;

	if (2 * (h->nmemo + 1) <= h->capmemo)
		return;
	h->capmemo = oldcap ? 2 * oldcap : 1024;
	h->memo = sp_calloc(h->capmemo, sizeof(*h->memo));
	if (h->arena == NULL)
		h->arena = sp_arena_new();
	for (i = 0; i < oldcap; i++) {
		if (old[i].word == NULL)
			continue;
		m = memo_slot(h, old[i].word, (int)strlen(old[i].word),
		    old[i].hash);
		*m = old[i];
	}
	free(old);
}

/*
 * libhyphen's digits for WORD (N letters, Latin-1, lower case) into HY
 * (N + 5 bytes): bit 1 of HY[k] allows a hyphen after letter k. All zero
 * where the patterns give nothing or ask for a replacement.
 */
static void
hyphenate(struct sp_hyph *h, const char *word, int n, char *hy)
{
	struct memo	*m;
	uint32_t	 hash;
	char		**rep = NULL;
	int		*rpos = NULL, *cut = NULL, k;

	memset(hy, 0, (size_t)n + 5);
	if (n < MINWORD || h == NULL)
		return;
	hash = memo_hash(word, n);
	if (h->capmemo != 0 &&
	    (m = memo_slot(h, word, n, hash))->word != NULL) {
		memcpy(hy, m->hy, (size_t)n);
		return;
	}
	if (dict(h) == NULL)
		return;
	if (hnj_hyphen_hyphenate2(h->dict, word, n, hy, NULL, &rep, &rpos,
	    &cut) != 0 || rep != NULL)
		memset(hy, 0, (size_t)n + 5);
	if (rep != NULL) {
		for (k = 0; k < n; k++)
			free(rep[k]);
		free(rep);
		free(rpos);
		free(cut);
	}
	memo_grow(h);
	m = memo_slot(h, word, n, hash);
	m->word = sp_arena_strndup(h->arena, word, (size_t)n);
	m->hy = sp_arena_alloc(h->arena, (size_t)n);
	memcpy(m->hy, hy, (size_t)n);
	m->hash = hash;
	h->nmemo++;
}

/* Is the UTF-8 character at S a capital letter (ASCII or Latin-1)? */
static int
latin1_upper(const unsigned char *s)
{
	if (s[0] < 0x80)
		return s[0] >= 'A' && s[0] <= 'Z';
	return s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97;
}

/* Does the character at S separate words (space, NBSP, line break)? */
static size_t
word_gap(const unsigned char *s)
{
	if (s[0] == ' ' || s[0] == '\n' || s[0] == '\t')
		return 1;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	return 0;
}

/*
 * Is the space-delimited word at S..E one the patterns stay out of: an
 * address (URL, e-mail: "://", "www.", "@"), or one the author has
 * hyphenated himself (a soft hyphen in it)?
 */
static int
keep_whole(const char *s, const char *e)
{
	const char	*p;

	if (e - s >= 4 && strncmp(s, "www.", 4) == 0)
		return 1;
	for (p = s; p < e; p++)
		if (*p == '@' || (*p == ':' && e - p >= 3 &&
		    strncmp(p, "://", 3) == 0) || ((unsigned char)*p == 0xC2 &&
		    p + 1 < e && (unsigned char)p[1] == 0xAD))
			return 1;
	return 0;
}

/*
 * Soft hyphens go only into runs of letters that are words: not in
 * numbers or next to digits ("2025–2027", "5G"), not in words in
 * capitals, not in addresses or words the author hyphenated, and with
 * the limits' letters at least on either side.
 */
void
sp_hyph_points(struct sp_hyph *h, const char *text, size_t n,
    unsigned char *at)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t		 i = 0, wend = 0;
	char		 word[256], hy[260];
	int		 offs[256], whole = 0;
	int		 before = h != NULL ? h->before : 2;
	int		 after = h != NULL ? h->after : 3;

	memset(at, 0, n + 1);
	while (i < n) {
		int	nl = 0, len, c, k, caps = 1;
		size_t	j = i;

		if (i >= wend) {
			/* a new space-delimited word: is it one to keep? */
			size_t g;

			for (wend = i; wend < n && word_gap(s + wend) == 0;
			    wend++)
				;
			whole = keep_whole(text + i, text + wend);
			if (wend == i && (g = word_gap(s + i)) > 1)
				wend = i + g;
		}
		while (j < n && nl < 250 &&
		    (c = latin1_letter(s + j, &len)) >= 0) {
			offs[nl] = (int)(j - i);
			caps = caps && latin1_upper(s + j);
			word[nl++] = (char)c;
			j += (size_t)len;
		}
		if (nl == 0) {
			i++;
			continue;
		}
		word[nl] = '\0';
		if (!(whole || (caps && nl > 1) ||
		    (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') ||
		    (j < n && s[j] >= '0' && s[j] <= '9'))) {
			hyphenate(h, word, nl, hy);
			/* a hyphen after letter k goes before letter k + 1 */
			for (k = before - 1; k < nl - after; k++)
				if (hy[k] & 1)
					at[i + (size_t)offs[k + 1]] = 1;
		}
		i = j;
	}
}

char *
sp_hyph_text(struct sp_hyph *h, const char *text, unsigned **posp)
{
	size_t		 n = strlen(text), i, o, k = 0;
	unsigned char	*at = sp_malloc(n + 1);
	unsigned	*pos;
	char		*out;

	sp_hyph_points(h, text, n, at);
	for (i = 0; i < n; i++)
		k += at[i];
	out = sp_malloc(n + 2 * k + 1);
	pos = posp != NULL ? sp_malloc((n + 1) * sizeof(*pos)) : NULL;
	for (i = 0, o = 0; i < n; i++) {
		if (at[i]) {
			out[o++] = '\xC2';
			out[o++] = '\xAD';
		}
		if (pos != NULL)
			pos[i] = (unsigned)o;
		out[o++] = text[i];
	}
	out[o] = '\0';
	if (pos != NULL) {
		pos[n] = (unsigned)o;
		*posp = pos;
	}
	free(at);
	return out;
}
