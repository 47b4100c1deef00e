/*
 * hyph_pat.c: the compiled hyphenation patterns (hyphpat.h), mapped
 * read-only and walked where they lie: Liang's automaton as libhyphen
 * builds it, and hnj_hyphen_hyphenate2's use of it (levels, compound
 * parts, the least letters on either side, NOHYPHEN) done again here,
 * so that loading is a map and a check, no parsing, copying or fixing
 * of pointers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "hyphpat.h"

struct lvl {
	const struct hp_state	*st;
	const uint32_t		*tr;
	const char		*pool;
	const char		*nohyph;	/* nnohyph strings in a row */
	uint32_t		 nnohyph;
	int			 lhmin, rhmin, clhmin, crhmin;
	uint32_t		 root[256];	/* state 0's transitions by
						 * byte (0: none) */
};

struct hp {
	void		*map;
	size_t		 len;
	int		 nlevels;
	struct lvl	 lv[HP_MAXLEVEL];
};

/* ------------------------------------------------------------ checking */

/* Is the section of N items of SIZE bytes at OFF inside LEN bytes and
 * 4-aligned? */
static int
section(uint64_t len, uint32_t off, uint32_t n, size_t size)
{
	return off % 4 == 0 && off >= sizeof(struct hp_head) && off <= len &&
	    (uint64_t)n * size <= len - off;
}

/* Check level L of the file (BASE, LEN bytes) and fill in V; 0 if sound. */
static int
check_level(const char *base, uint64_t len, const struct hp_level *l,
    struct lvl *v)
{
	const struct hp_state	*st;
	const uint32_t		*tr;
	const char		*s, *end;
	uint32_t		 i, bad;

	if (l->nstates == 0 || l->nstates > (1u << 24) ||
	    !section(len, l->states, l->nstates, sizeof(*st)) ||
	    !section(len, l->trans, l->ntrans, sizeof(*tr)) ||
	    l->pool > len || l->npool > len - l->pool ||
	    l->pool < sizeof(struct hp_head) || l->nohyph > l->npool)
		return -1;
	st = (const void *)(base + l->states);
	tr = (const void *)(base + l->trans);
	/*
	 * Every state and transition, without a branch (this is most of
	 * loading): fallbacks lead back (state 0 has none), so the walk
	 * ends; transitions, matches and targets lie inside their tables,
	 * and no transition leads to state 0.
	 */
	bad = st[0].fallback != -1;
	for (i = 0; i < l->nstates; i++) {
		bad |= (uint32_t)st[i].fallback >= i && i > 0;
		bad |= (uint64_t)st[i].trans + st[i].ntrans > l->ntrans;
		bad |= (uint64_t)st[i].match + st[i].mlen > l->npool;
	}
	for (i = 0; i < l->ntrans; i++)
		bad |= (tr[i] >> 8) - 1 >= l->nstates - 1;
	if (bad)
		return -1;
	/* the NOHYPHEN strings, each ending inside the pool */
	s = base + l->pool + l->nohyph;
	end = base + l->pool + l->npool;
	for (i = 0; i < l->nnohyph; i++) {
		const char *z = memchr(s, '\0', (size_t)(end - s));

		if (z == NULL)
			return -1;
		s = z + 1;
	}
	v->st = st;
	v->tr = tr;
	/* the first of two transitions on one byte is the one taken */
	for (i = st[0].ntrans; i-- > 0; )
		v->root[tr[st[0].trans + i] & 0xFF] = tr[st[0].trans + i] >> 8;
	v->pool = base + l->pool;
	v->nohyph = base + l->pool + l->nohyph;
	v->nnohyph = l->nnohyph;
	v->lhmin = l->lhmin;
	v->rhmin = l->rhmin;
	v->clhmin = l->clhmin;
	v->crhmin = l->crhmin;
	return 0;
}

struct hp *
hp_open(const char *path, int64_t size, int64_t mtime, int *damaged)
{
	struct hp_head	 hd;
	struct hp	*p;
	const char	*why;
	void		*map;
	size_t		 len;
	int		 i;

	*damaged = 0;
	if ((map = sp_file_map(path, &len, &why)) == NULL)
		return NULL;
	if (len < sizeof(hd) || memcmp(map, HP_MAGIC, sizeof(HP_MAGIC)) != 0) {
		sp_file_unmap(map, len);
		return NULL;		/* another version, or not ours */
	}
	memcpy(&hd, map, sizeof(hd));
	if (hd.srcsize != size || hd.srcmtime != mtime) {
		sp_file_unmap(map, len);
		return NULL;		/* made from another source */
	}
	p = sp_calloc(1, sizeof(*p));
	p->map = map;
	p->len = len;
	p->nlevels = (int)hd.nlevels;
	if (hd.len != len || hd.nlevels < 1 || hd.nlevels > HP_MAXLEVEL)
		goto bad;
	for (i = 0; i < p->nlevels; i++)
		if (check_level(map, len, &hd.level[i], &p->lv[i]) != 0)
			goto bad;
	return p;
bad:
	*damaged = 1;
	hp_close(p);
	return NULL;
}

void
hp_close(struct hp *p)
{
	if (p == NULL)
		return;
	sp_file_unmap(p->map, p->len);
	free(p);
}

/* ------------------------------------------------------------- walking */

#define DIGIT(c)	((c) >= '0' && (c) <= '9')

/*
 * Walk the automaton of V over PREP (J bytes), raising HY to each
 * matching state's digits. As libhyphen does: only the state reached
 * gives its digits (the patterns come with their overlaps worked in),
 * and a byte that leaves even state 0 without a transition is passed
 * over from state 0.
 */
static void
walk(const struct lvl *v, const char *prep, int j, char *hy)
{
	uint32_t	 s = 0, k;
	int		 i, off, m;

	for (i = 0; i < j; i++) {
		unsigned char	 ch = (unsigned char)prep[i];
		const struct hp_state *st;
		const char	*d;

		/* down the fallbacks until a transition on CH; state 0's
		 * are looked up (the walk comes back to it most often) */
		for (;;) {
			const uint32_t *t;

			if (s == 0) {
				s = v->root[ch];
				break;
			}
			st = &v->st[s];
			t = v->tr + st->trans;
			for (k = 0; k < st->ntrans; k++)
				if ((t[k] & 0xFF) == ch)
					break;
			if (k < st->ntrans) {
				s = t[k] >> 8;
				break;
			}
			s = (uint32_t)st->fallback;
		}
		if (s == 0)		/* nothing from state 0 either */
			continue;
		st = &v->st[s];
		if (st->mlen == 0)
			continue;
		d = v->pool + st->match;
		off = i + 1 - st->mlen;
		for (m = off < 0 ? -off : 0; m < st->mlen; m++)
			if (hy[off + m] < d[m])
				hy[off + m] = d[m];
	}
}

/* No hyphen in the first MIN letters (digits in front not counted). */
static void
least_left(const char *word, int n, char *hy, int min)
{
	int	i = 1, j;

	for (j = 0; j < n && DIGIT(word[j]); j++)
		i--;
	for (j = 0; i < min && j < n; i++, j++)
		hy[j] = '0';
}

/* No hyphen in the last MIN letters (digits at the end not counted). */
static void
least_right(const char *word, int n, char *hy, int min)
{
	int	i = 0, j;

	for (j = n - 1; j > 0 && DIGIT(word[j]); j--)
		i--;
	for (j = n - 1; i < min && j > 0; i++, j--)
		hy[j] = '0';
}

/*
 * Level L's digits for WORD (N bytes, WORD[N] readable) into HY, as
 * hnj_hyphen_hyph_: the word between dots, digits as dots, walked; on a
 * level with a level below, each part between the hyphens found is
 * hyphenated again as a word of its own (the compound parts, with the
 * compound minimums at inner ends), and a word with no such hyphen goes
 * to the level below whole. The parts are taken from the dotted copy,
 * restored after each part with the word's own byte, as libhyphen does.
 */
static void
hyph_level(const struct hp *p, int l, const char *word, int n, char *hy,
    int clhmin, int crhmin, int lend, int rend)
{
	char	 prep[HP_MAXWORD + 3], hy2[HP_MAXWORD + 3];
	int	 i, k, j = n + 2, begin = 0;

	prep[0] = '.';
	for (i = 0; i < n; i++)
		prep[i + 1] = DIGIT(word[i]) ? '.' : word[i];
	prep[n + 1] = '.';
	prep[n + 2] = '\0';
	memset(hy, '0', (size_t)j);
	walk(&p->lv[l], prep, j, hy);
	/* the digit before byte k + 1 of PREP is the one after byte k */
	for (i = 0; i < j - 3; i++)
		hy[i] = hy[i + 1];
	for (; i < n; i++)
		hy[i] = '0';
	hy[n] = '\0';
	if (l + 1 >= p->nlevels)
		return;
	for (i = 0; i < n; i++) {
		if (!(hy[i] & 1) && !(begin > 0 && i + 1 == n))
			continue;
		if (i - begin > 1) {
			prep[i + 2] = '\0';
			hyph_level(p, l, prep + begin + 1, i - begin + 1, hy2,
			    clhmin, crhmin, begin > 0 ? 0 : lend,
			    hy[i] & 1 ? 0 : rend);
			for (k = 0; k < i - begin - 1; k++)
				hy[begin + k] = hy2[k];
			prep[i + 2] = word[i + 1];
		}
		begin = i + 1;
	}
	if (begin == 0) {
		hyph_level(p, l + 1, word, n, hy, clhmin, crhmin, lend, rend);
		if (!lend)
			least_left(word, n, hy, clhmin);
		if (!rend)
			least_right(word, n, hy, crhmin);
	}
}

void
hp_hyphenate(const struct hp *p, const char *word, int n, char *hy)
{
	const struct lvl *v = &p->lv[0];
	const char	*nh = v->nohyph;
	char		 w[HP_MAXWORD + 1];
	uint32_t	 i;
	int		 len, at;

	if (n < 0 || n > HP_MAXWORD) {
		memset(hy, '0', n > 0 ? (size_t)n : 0);
		hy[n > 0 ? n : 0] = '\0';
		return;
	}
	/* WORD[N] is read where a part ends: a NUL, as in libhyphen */
	memcpy(w, word, (size_t)n);
	w[n] = '\0';
	hyph_level(p, 0, w, n, hy, v->clhmin, v->crhmin, 1, 1);
	least_left(w, n, hy, v->lhmin > 0 ? v->lhmin : 2);
	least_right(w, n, hy, v->rhmin > 0 ? v->rhmin : 2);
	/* no hyphen on either side of a NOHYPHEN string */
	for (i = 0; i < v->nnohyph; i++, nh += len + 1) {
		len = (int)strlen(nh);
		for (at = 0; len > 0 && at + len <= n; at++) {
			if (w[at] != nh[0] ||
			    memcmp(w + at, nh, (size_t)len) != 0)
				continue;
			hy[at + len - 1] = '0';
			if (at > 0)
				hy[at - 1] = '0';
		}
	}
}
