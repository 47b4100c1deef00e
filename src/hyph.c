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

#include "hyphpat.h"
#include "sp.h"
#include "sp_data.h"
#include "sp_layout.h"

#define MINWORD	8	/* shorter words are not hyphenated */

/*
 * Loading the Nynorsk patterns takes longer than anything else at start
 * (about 20 ms: libhyphen builds its automaton from 27 000 patterns). So
 * `make` compiles them once (sp_hyph_compile) into a file of tables with
 * offsets, not pointers (hyphpat.h), which hyph_pat.c maps read-only
 * and walks where it lies: loading is a map and a check of every offset
 * in it. Without a current compiled file (or with SAKSPAPIR_HYPH_SOURCE
 * set) libhyphen loads the patterns themselves, on a thread while the
 * master is read; the first word to hyphenate waits for it.
 */
struct sp_hyph {
	char		*path;
	struct hp	*pat;		/* the compiled form, mapped */
	HyphenDict	*dict;		/* else libhyphen's */
	pthread_t	 thread;
	int		 joined;
	char		*bin;		/* the compiled form, current: mapped
					 * when the first word comes */
	int		 before, after;	/* letters at least on either
					 * side of a hyphen */
	struct memo	*memo;		/* words hyphenated so far */
	size_t		 nmemo, capmemo;	/* capmemo: a power of 2 */
	struct sp_arena	*arena;		/* the memo's words and points */
};

/*
 * The patterns' answer for each distinct (lower-cased) word, kept: a
 * table of 10 000 tiltak says "kommunane" and "samarbeid" thousands of
 * times, and the automaton would be walked afresh every time.
 */
struct memo {
	char		*word;		/* NULL: an empty slot */
	char		*hy;		/* the patterns' odd/even digits */
	uint32_t	 hash;
};

/* The patterns from the source, by libhyphen (about 20 ms). */
static void
load_source(struct sp_hyph *h)
{
	h->dict = hnj_hyphen_load(h->path);
}

/* The same on a thread; the first word to hyphenate waits. */
static void *
load(void *arg)
{
	prctl(PR_SET_NAME, "sp-hyph");	/* for top -H and perf */
	load_source(arg);
	return NULL;
}

/* ---------------------------------------------- the compiled form */

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

static void
pad4(struct sp_buf *b)
{
	while (b->len % 4 != 0)
		sp_buf_putc(b, 0);
}

/*
 * Append level D to the image B as hyphpat.h has it, filling in L;
 * NULL, or why it cannot be compiled. The states are numbered breadth
 * first from state 0 (libhyphen's automaton is a tree of transitions).
 */
static const char *
put_level(struct sp_buf *b, const HyphenDict *d, struct hp_level *l)
{
	int		*order, *num, n = d->num_states, head, tail, i, k;
	struct sp_buf	 pool = { NULL, 0, 0 };
	const char	*why = NULL, *nh;
	uint32_t	 ntrans = 0, t;

	if (n < 1 || n >= (1 << 24))
		return "has too many states";
	order = sp_malloc((size_t)n * sizeof(*order));
	num = sp_malloc((size_t)n * sizeof(*num));
	for (i = 0; i < n; i++)
		num[i] = -1;
	order[0] = 0;
	num[0] = 0;
	for (head = 0, tail = 1; head < tail && why == NULL; head++) {
		const HyphenState *s = &d->states[order[head]];

		if (s->repl != NULL)
			why = "has non-standard hyphenation (replacements)";
		for (k = 0; k < s->num_trans && why == NULL; k++) {
			int to = s->trans[k].new_state;

			if (to < 0 || to >= n || num[to] >= 0)
				why = "is not a tree of states";
			else {
				num[to] = tail;
				order[tail++] = to;
			}
		}
	}
	if (why == NULL && tail != n)
		why = "has states no pattern leads to";
	for (i = 0; i < n && why == NULL; i++) {
		const HyphenState *s = &d->states[order[i]];

		if (i == 0 ? s->fallback_state != -1 : s->fallback_state < 0 ||
		    s->fallback_state >= n || num[s->fallback_state] >= i)
			why = "has a fallback that does not lead back";
		else if (s->match != NULL && strlen(s->match) > 255)
			why = "has a pattern too long";
	}
	if (why != NULL) {
		free(order);
		free(num);
		return why;
	}
	sp_buf_putc(&pool, 0);
	l->states = (uint32_t)b->len;
	l->nstates = (uint32_t)n;
	for (i = 0; i < n; i++) {
		const HyphenState *s = &d->states[order[i]];
		struct hp_state	 hs;

		memset(&hs, 0, sizeof(hs));
		hs.trans = ntrans;
		hs.ntrans = (uint16_t)s->num_trans;
		hs.fallback = i == 0 ? -1 : num[s->fallback_state];
		if (s->match != NULL && *s->match != '\0') {
			hs.mlen = (uint8_t)strlen(s->match);
			hs.match = (uint32_t)pool.len;
			sp_buf_put(&pool, s->match, hs.mlen);
		}
		ntrans += (uint32_t)s->num_trans;
		sp_buf_put(b, (const char *)&hs, sizeof(hs));
	}
	l->trans = (uint32_t)b->len;
	l->ntrans = ntrans;
	for (i = 0; i < n; i++) {
		const HyphenState *s = &d->states[order[i]];

		for (k = 0; k < s->num_trans; k++) {
			t = (uint32_t)num[s->trans[k].new_state] << 8 |
			    (unsigned char)s->trans[k].ch;
			sp_buf_put(b, (const char *)&t, sizeof(t));
		}
	}
	/* NOHYPHEN: nohyphenl + 1 strings, one after the other */
	l->nohyph = (uint32_t)pool.len;
	l->nnohyph = d->nohyphen != NULL ? (uint32_t)d->nohyphenl + 1 : 0;
	for (i = 0, nh = d->nohyphen; i < (int)l->nnohyph; i++) {
		sp_buf_put(&pool, nh, strlen(nh) + 1);
		nh += strlen(nh) + 1;
	}
	l->pool = (uint32_t)b->len;
	l->npool = (uint32_t)pool.len;
	sp_buf_put(b, pool.s, pool.len);
	pad4(b);
	l->lhmin = d->lhmin;
	l->rhmin = d->rhmin;
	l->clhmin = d->clhmin;
	l->crhmin = d->crhmin;
	sp_buf_free(&pool);
	free(order);
	free(num);
	return NULL;
}

int
sp_hyph_compile(const char *dic, const char *out)
{
	struct sp_buf	 img = { NULL, 0, 0 };
	struct hp_head	 hd;
	struct sp_out	 o;
	HyphenDict	*d, *dd;
	const char	*why = NULL;
	int		 rc;

	/* a compiled form vouches for its source: see sp_hyph_check */
	if (sp_hyph_check(dic, &why) != 0) {
		sp_msg(SP_ERROR, dic, 0, "%s", why);
		return -1;
	}
	memset(&hd, 0, sizeof(hd));
	if (source_id(dic, &hd.srcsize, &hd.srcmtime) != 0 ||
	    (d = hnj_hyphen_load(dic)) == NULL) {
		sp_msg(SP_ERROR, dic, 0, "cannot load hyphenation patterns");
		return -1;
	}
	memcpy(hd.magic, HP_MAGIC, strlen(HP_MAGIC));
	sp_buf_put(&img, (const char *)&hd, sizeof(hd));
	if (d->utf8)
		why = "is in UTF-8";
	for (dd = d; dd != NULL && why == NULL; dd = dd->nextlevel) {
		if (hd.nlevels == HP_MAXLEVEL)
			why = "has too many levels";
		else
			why = put_level(&img, dd, &hd.level[hd.nlevels++]);
	}
	hnj_hyphen_free(d);
	if (why != NULL) {
		sp_msg(SP_ERROR, dic, 0, "cannot compile these hyphenation "
		    "patterns: the file %s (it is read as it is instead)",
		    why);
		sp_buf_free(&img);
		return -1;
	}
	hd.len = img.len;
	memcpy(img.s, &hd, sizeof(hd));
	if (sp_out_open(&o, out) != 0) {
		sp_buf_free(&img);
		return -1;
	}
	fwrite(img.s, 1, img.len, o.f);
	rc = sp_out_commit(&o);
	sp_buf_free(&img);
	return rc;
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

/*
 * The compiled form BIN of PATH, mapped and checked; NULL if it is not
 * current after all, or after a warning if it is damaged.
 */
static struct hp *
open_compiled(const char *bin, const char *path)
{
	int64_t		 size, mtime;
	int		 damaged = 0;
	struct hp	*p = NULL;

	if (source_id(path, &size, &mtime) == 0)
		p = hp_open(bin, size, mtime, &damaged);
	if (damaged)
		sp_msg(SP_WARNING, bin, 0, "damaged compiled hyphenation "
		    "patterns; loading %s instead (remove this file: "
		    "`make` takes it for current until then)", path);
	return p;
}

/*
 * The compiled form of PATH, if its header says it was made from PATH
 * as that is now (hp_open checks the rest); the caller frees it.
 */
static char *
compiled_current(const char *path)
{
	char		*found = compiled_path(path);
	struct hp_head	 hd;
	int64_t		 size, mtime;
	int		 fd, ok = 0;

	if (found != NULL && source_id(path, &size, &mtime) == 0 &&
	    (fd = open(found, O_RDONLY | O_CLOEXEC)) >= 0) {
		ok = read(fd, &hd, sizeof(hd)) == (ssize_t)sizeof(hd) &&
		    memcmp(hd.magic, HP_MAGIC, sizeof(HP_MAGIC)) == 0 &&
		    hd.srcsize == size && hd.srcmtime == mtime;
		close(fd);
	}
	if (!ok) {
		free(found);
		found = NULL;
	}
	return found;
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
	if ((buf = compiled_current(dict)) != NULL) {
		free(buf);
		return 0;
	}

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
	/* mapping the compiled form takes less than starting a thread;
	 * it waits for the first word (the fonts' thread starts next) */
	if ((h->bin = compiled_current(path)) != NULL)
		h->joined = 1;
	else if (pthread_create(&h->thread, NULL, load, h) != 0) {
		load_source(h);
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

/* Are the patterns there, once loaded? If not, a message says so. */
static int
ready(struct sp_hyph *h)
{
	if (h->bin != NULL) {
		/* a damaged compiled form: the source, here and now */
		if ((h->pat = open_compiled(h->bin, h->path)) == NULL)
			load_source(h);
		free(h->bin);
		h->bin = NULL;
	} else if (!h->joined)
		pthread_join(h->thread, NULL);
	else
		return h->pat != NULL || h->dict != NULL;
	h->joined = 1;
	if (h->pat == NULL && h->dict == NULL)
		sp_msg(SP_WARNING, h->path, 0, "cannot load hyphenation "
		    "patterns; words will not be hyphenated");
	return h->pat != NULL || h->dict != NULL;
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
	free(h->bin);
	hp_close(h->pat);
	if (h->dict != NULL)
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
 * The patterns' digits for WORD (N bytes, N at most HP_MAXWORD, WORD[N]
 * a NUL) into HY (N + 5 bytes), from the compiled form or libhyphen:
 * bit 1 of HY[k] allows a hyphen after byte k. All zero where the
 * patterns ask for a replacement (libhyphen only: such patterns are
 * not compiled).
 */
static void
digits(struct sp_hyph *h, const char *word, int n, char *hy)
{
	char		**rep = NULL;
	int		*rpos = NULL, *cut = NULL, k;

	memset(hy, 0, (size_t)n + 5);
	if (h->pat != NULL) {
		hp_hyphenate(h->pat, word, n, hy);
		return;
	}
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
}

int
sp_hyph_word(struct sp_hyph *h, const char *word, int n, char *hy)
{
	char	w[HP_MAXWORD + 1];

	if (h == NULL || n < 1 || n > HP_MAXWORD || !ready(h))
		return -1;
	memcpy(w, word, (size_t)n);
	w[n] = '\0';
	digits(h, w, n, hy);
	return 0;
}

int
sp_hyph_compiled(struct sp_hyph *h)
{
	return h != NULL && ready(h) && h->pat != NULL;
}

/*
 * The patterns' digits for WORD (N letters, Latin-1, lower case, WORD[N]
 * a NUL) into HY (N + 5 bytes), remembered; all zero for short words.
 */
static void
hyphenate(struct sp_hyph *h, const char *word, int n, char *hy)
{
	struct memo	*m;
	uint32_t	 hash;

	memset(hy, 0, (size_t)n + 5);
	if (n < MINWORD || h == NULL)
		return;
	hash = memo_hash(word, n);
	if (h->capmemo != 0 &&
	    (m = memo_slot(h, word, n, hash))->word != NULL) {
		memcpy(hy, m->hy, (size_t)n);
		return;
	}
	if (!ready(h))
		return;
	digits(h, word, n, hy);
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
