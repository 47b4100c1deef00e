/* hyph.c: the only libhyphen user; soft hyphens for Nynorsk compounds. */
#include <sys/stat.h>
#include <pthread.h>
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
 * SAKSPAPIR_HYPH_SOURCE=1) the patterns are loaded the usual way on a
 * thread, and the first word to hyphenate waits for it.
 */
#define MAGIC	"sakspapir-hyph 1\n"

struct sp_hyph {
	char		*path;
	HyphenDict	*dict;
	pthread_t	 thread;
	int		 joined;
	char		*blob;		/* compiled: the file, kept */
	void		**allocs;	/* compiled: what to free */
	int		 nallocs;
};

static void *
load(void *arg)
{
	struct sp_hyph	*h = arg;

	h->dict = hnj_hyphen_load(h->path);
	return NULL;
}

/* ---------------------------------------------- the compiled form */

static void
put_bytes(struct sp_buf *b, const void *p, size_t n)
{
	sp_buf_put(b, p, n);
}

static void
put_int(struct sp_buf *b, int64_t v)
{
	put_bytes(b, &v, sizeof(v));
}

static void
put_str(struct sp_buf *b, const char *s)
{
	if (s == NULL) {
		put_int(b, -1);
		return;
	}
	put_int(b, (int64_t)strlen(s));
	put_bytes(b, s, strlen(s) + 1);
}

static void
put_dict(struct sp_buf *b, const HyphenDict *d)
{
	int	i, k;

	put_int(b, d->lhmin);
	put_int(b, d->rhmin);
	put_int(b, d->clhmin);
	put_int(b, d->crhmin);
	put_str(b, d->nohyphen);
	put_int(b, d->nohyphenl);
	put_bytes(b, d->cset, MAX_NAME);
	put_int(b, d->utf8);
	put_int(b, d->num_states);
	for (i = 0; i < d->num_states; i++) {
		const HyphenState *s = &d->states[i];

		put_str(b, s->match);
		put_str(b, s->repl);
		put_int(b, s->replindex);
		put_int(b, s->replcut);
		put_int(b, s->fallback_state);
		put_int(b, s->num_trans);
		for (k = 0; k < s->num_trans; k++) {
			put_int(b, s->trans[k].ch);
			put_int(b, s->trans[k].new_state);
		}
	}
	put_int(b, d->nextlevel != NULL);
	if (d->nextlevel != NULL)
		put_dict(b, d->nextlevel);
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
	struct sp_buf	 b = { NULL, 0, 0 };
	struct sp_out	 o;
	HyphenDict	*d;
	int64_t		 size, mtime;
	int		 rc;

	if (source_id(dic, &size, &mtime) != 0 ||
	    (d = hnj_hyphen_load(dic)) == NULL) {
		sp_msg(SP_ERROR, dic, 0, "cannot load hyphenation patterns");
		return -1;
	}
	sp_buf_puts(&b, MAGIC);
	put_int(&b, size);
	put_int(&b, mtime);
	put_dict(&b, d);
	hnj_hyphen_free(d);
	if (sp_out_open(&o, out) != 0) {
		sp_buf_free(&b);
		return -1;
	}
	fwrite(b.s, 1, b.len, o.f);
	rc = sp_out_commit(&o);
	sp_buf_free(&b);
	return rc;
}

struct reader {
	struct sp_hyph	*h;
	const char	*p, *end;
	int		 bad;
};

static int64_t
get_int(struct reader *r)
{
	int64_t	v = 0;

	if (r->end - r->p < (ptrdiff_t)sizeof(v)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static char *
get_str(struct reader *r)
{
	int64_t	 n = get_int(r);
	char	*s;

	if (n < 0 || r->bad)
		return NULL;
	if (r->end - r->p < n + 1 || r->p[n] != '\0') {
		r->bad = 1;
		return NULL;
	}
	s = (char *)r->p;		/* points into the blob */
	r->p += n + 1;
	return s;
}

static void *
keep(struct sp_hyph *h, void *p)
{
	h->allocs = sp_realloc(h->allocs, (h->nallocs + 1) * sizeof(void *));
	h->allocs[h->nallocs++] = p;
	return p;
}

static HyphenDict *
get_dict(struct reader *r, int depth)
{
	HyphenDict	*d;
	int		 i, k;

	d = keep(r->h, sp_calloc(1, sizeof(*d)));
	d->lhmin = (char)get_int(r);
	d->rhmin = (char)get_int(r);
	d->clhmin = (char)get_int(r);
	d->crhmin = (char)get_int(r);
	d->nohyphen = get_str(r);
	d->nohyphenl = (int)get_int(r);
	if (r->end - r->p < MAX_NAME) {
		r->bad = 1;
		return d;
	}
	memcpy(d->cset, r->p, MAX_NAME);
	r->p += MAX_NAME;
	d->utf8 = (int)get_int(r);
	d->num_states = (int)get_int(r);
	if (r->bad || d->num_states < 0 || d->num_states > 10000000) {
		r->bad = 1;
		return d;
	}
	d->states = keep(r->h, sp_calloc(d->num_states + 1,
	    sizeof(*d->states)));
	for (i = 0; i < d->num_states && !r->bad; i++) {
		HyphenState *s = &d->states[i];

		s->match = get_str(r);
		s->repl = get_str(r);
		s->replindex = (signed char)get_int(r);
		s->replcut = (signed char)get_int(r);
		s->fallback_state = (int)get_int(r);
		s->num_trans = (int)get_int(r);
		if (s->num_trans < 0 || s->num_trans > 256 ||
		    s->fallback_state < -1 ||
		    s->fallback_state >= d->num_states) {
			r->bad = 1;
			break;
		}
		if (s->num_trans == 0)
			continue;
		s->trans = keep(r->h, sp_calloc(s->num_trans,
		    sizeof(*s->trans)));
		for (k = 0; k < s->num_trans; k++) {
			s->trans[k].ch = (char)get_int(r);
			s->trans[k].new_state = (int)get_int(r);
			if (s->trans[k].new_state < 0 ||
			    s->trans[k].new_state >= d->num_states)
				r->bad = 1;
		}
	}
	if (!r->bad && get_int(r) && depth < 4)
		d->nextlevel = get_dict(r, depth + 1);
	return d;
}

/* The compiled automaton for PATH, if there is a current one. */
static HyphenDict *
load_compiled(struct sp_hyph *h, const char *path)
{
	struct reader	 r;
	const char	*base = strrchr(path, '/');
	char		*rel, *found;
	size_t		 len;
	int64_t		 size, mtime;
	HyphenDict	*d;

	if (getenv("SAKSPAPIR_HYPH_SOURCE") != NULL ||
	    source_id(path, &size, &mtime) != 0)
		return NULL;
	rel = sp_printf("build/hyph/%s.bin", base ? base + 1 : path);
	found = sp_data_find(NULL, rel);
	free(rel);
	if (found == NULL)
		return NULL;
	h->blob = sp_file_read(found, &len);
	free(found);
	if (h->blob == NULL || len < strlen(MAGIC) ||
	    memcmp(h->blob, MAGIC, strlen(MAGIC)) != 0)
		return NULL;
	memset(&r, 0, sizeof(r));
	r.h = h;
	r.p = h->blob + strlen(MAGIC);
	r.end = h->blob + len;
	if (get_int(&r) != size || get_int(&r) != mtime)
		return NULL;		/* made from another file */
	d = get_dict(&r, 0);
	return r.bad ? NULL : d;
}

static void
free_compiled(struct sp_hyph *h)
{
	int	i;

	for (i = 0; i < h->nallocs; i++)
		free(h->allocs[i]);
	free(h->allocs);
	h->allocs = NULL;
	h->nallocs = 0;
	free(h->blob);
	h->blob = NULL;
}

/* ------------------------------------------------------------ loading */

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
	if ((h->dict = load_compiled(h, path)) != NULL) {
		h->joined = 1;
		return h;
	}
	free_compiled(h);
	if (pthread_create(&h->thread, NULL, load, h) != 0) {
		load(h);
		h->joined = 1;
	}
	return h;
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
	if (h->blob != NULL)
		free_compiled(h);
	else if (dict(h) != NULL)
		hnj_hyphen_free(h->dict);
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

char *
sp_hyph_text(struct sp_hyph *h, const char *text, unsigned **posp)
{
	const unsigned char *s = (const unsigned char *)text;
	struct sp_buf	 out = { NULL, 0, 0 };
	unsigned	*pos;
	size_t		 n = strlen(text), i = 0, a, b;
	char		 word[256], hy[260];
	int		 offs[256];

	pos = sp_malloc((n + 1) * sizeof(*pos));
	sp_buf_puts(&out, "");
	while (i < n) {
		int	nl = 0, len, c, k;
		size_t	j = i;
		char	**rep = NULL;
		int	 *rpos = NULL, *cut = NULL;

		while (j < n && nl < 250 &&
		    (c = latin1_letter(s + j, &len)) >= 0) {
			offs[nl] = (int)(j - i);
			word[nl++] = (char)c;
			j += (size_t)len;
		}
		if (nl == 0) {
			pos[i] = (unsigned)out.len;
			sp_buf_put(&out, (const char *)s + i, 1);
			i++;
			continue;
		}
		word[nl] = '\0';
		memset(hy, 0, sizeof(hy));
		if (nl < MINWORD || h == NULL || dict(h) == NULL ||
		    hnj_hyphen_hyphenate2(h->dict,
		    word, nl, hy, NULL, &rep, &rpos, &cut) != 0 || rep != NULL)
			memset(hy, 0, sizeof(hy));
		for (k = 0; k < nl; k++) {
			a = i + (size_t)offs[k];
			b = k + 1 < nl ? i + (size_t)offs[k + 1] : j;
			for (; a < b; a++) {
				pos[a] = (unsigned)out.len;
				sp_buf_put(&out, (const char *)s + a, 1);
			}
			/* three letters at least on either side */
			if ((hy[k] & 1) && k >= 2 && k < nl - 3)
				sp_buf_put(&out, "\xC2\xAD", 2);
		}
		if (rep != NULL) {
			for (k = 0; k < nl; k++)
				free(rep[k]);
			free(rep);
			free(rpos);
			free(cut);
		}
		i = j;
	}
	pos[n] = (unsigned)out.len;
	if (posp != NULL)
		*posp = pos;
	else
		free(pos);
	return out.s;
}
