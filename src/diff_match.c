/* diff_match.c: which tiltak of one plan version became which of another. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sp.h"
#include "sp_diff.h"

#define STEM	7	/* characters of a word that count for matching */
#define CONTAIN	0.75	/* score of a text taken whole into another */
#define TOPK	6	/* candidates scored in full per old tiltak */
#define BUDGET	1024	/* postings read per old tiltak, at most */
#define FLOOR	0.20	/* below this a pair is not even a part */

static const char *const kind_words[SP_D__MAX] = {
	"same", "changed", "moved", "split", "merged", "removed", "new"
};

const char *
sp_dkind_word(enum sp_dkind k)
{
	return k >= 0 && k < SP_D__MAX ? kind_words[k] : "?";
}

/* ------------------------------------------------------- token table */

struct toktab {
	char		**key;		/* open addressing, NULL = empty */
	uint32_t	 *val;
	size_t		  cap;		/* power of two */
	uint32_t	  n;
	struct sp_arena	 *arena;
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t	h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
tt_grow(struct toktab *t)
{
	char		**okey = t->key;
	uint32_t	 *oval = t->val;
	size_t		  ocap = t->cap, i, j;

	t->cap = ocap ? ocap * 2 : 1024;
	t->key = sp_calloc(t->cap, sizeof(*t->key));
	t->val = sp_calloc(t->cap, sizeof(*t->val));
	for (i = 0; i < ocap; i++) {
		if (okey[i] == NULL)
			continue;
		j = hash(okey[i], strlen(okey[i])) & (t->cap - 1);
		while (t->key[j] != NULL)
			j = (j + 1) & (t->cap - 1);
		t->key[j] = okey[i];
		t->val[j] = oval[i];
	}
	free(okey);
	free(oval);
}

/* The id of the token S (N bytes), made if new. */
static uint32_t
tt_id(struct toktab *t, const char *s, size_t n)
{
	size_t	j;

	if ((t->n + 1) * 2 > t->cap)
		tt_grow(t);
	j = hash(s, n) & (t->cap - 1);
	while (t->key[j] != NULL) {
		if (strncmp(t->key[j], s, n) == 0 && t->key[j][n] == '\0')
			return t->val[j];
		j = (j + 1) & (t->cap - 1);
	}
	t->key[j] = sp_arena_strndup(t->arena, s, n);
	t->val[j] = t->n;
	return t->n++;
}

/* ------------------------------------------------------------ tiltak */

/* What matching knows of one tiltak. */
struct item {
	const struct sp_node	*node;
	const char		*id;
	char			*text;		/* tekst as plain text */
	uint32_t		*tok;		/* stems: sorted, unique */
	uint32_t		 ntok;
	uint32_t		*key;		/* stems and stem pairs */
	uint32_t		 nkey;
	double			 wsum;		/* total token weight */
	int			 linked;	/* has a curated link */
	int			 deg;		/* links in the result */
};

/* Sort V[0..*N) and drop repeats. */
static void
uniq(uint32_t *v, uint32_t *n)
{
	uint32_t	k, m = 0, x;

	/* short: an insertion sort (qsort allocates a buffer each time) */
	for (k = 1; k < *n; k++) {
		x = v[k];
		for (m = k; m > 0 && v[m - 1] > x; m--)
			v[m] = v[m - 1];
		v[m] = x;
	}
	m = 0;
	for (k = 0; k < *n; k++)
		if (m == 0 || v[m - 1] != v[k])
			v[m++] = v[k];
	*n = m;
}

/*
 * The stems (first STEM characters) of the words score a pair:
 * "utvikle" and "utviklinga" are one. Stems and pairs of neighbouring
 * stems are the keys that find candidates: the pairs are rare where the
 * words are common. (Pairs scored as well cost recall on the seeds'
 * rewordings, 0.74 against 0.83, for no precision.)
 */
static void
tokenise(struct toktab *tt, struct item *it)
{
	char		*norm = sp_diff_normalise(it->text), *w, *end;
	const char	*prev = NULL;
	size_t		 cap = 16, len, plen = 0;
	int		 chars;
	char		 pair[64];

	it->tok = sp_malloc(cap * sizeof(*it->tok));
	it->key = sp_malloc(2 * cap * sizeof(*it->key));
	for (w = norm; *w != '\0'; w = *end ? end + 1 : end) {
		end = strchr(w, ' ');
		if (end == NULL)
			end = w + strlen(w);
		for (len = 0, chars = 0; w + len < end && chars < STEM; chars++)
			while (++len, w + len < end &&
			    ((unsigned char)w[len] & 0xC0) == 0x80)
				;
		if (it->ntok + 1 > cap) {
			cap *= 2;
			it->tok = sp_realloc(it->tok, cap * sizeof(*it->tok));
			it->key = sp_realloc(it->key, 2 * cap *
			    sizeof(*it->key));
		}
		it->tok[it->ntok] = tt_id(tt, w, len);
		it->key[it->nkey++] = it->tok[it->ntok++];
		if (prev != NULL && plen + len + 1 < sizeof(pair)) {
			memcpy(pair, prev, plen);
			pair[plen] = '|';
			memcpy(pair + plen + 1, w, len);
			it->key[it->nkey++] = tt_id(tt, pair, plen + len + 1);
		}
		prev = w;
		plen = len;
	}
	uniq(it->tok, &it->ntok);
	uniq(it->key, &it->nkey);
	free(norm);
}

/* ------------------------------------------------------------ scores */

struct ctx {
	const struct sp_plan	*plan;
	struct item		*old, *neu;
	size_t			 nold, nnew;
	double			*w;		/* weight per token */
	struct edge		*e;
	size_t			 ne, ecap;
};

struct edge {
	uint32_t	 i, j;		/* old, new */
	double		 score;		/* weighted Dice */
	double		 cin;		/* share of new's weight in old */
	double		 cout;		/* share of old's weight in new */
	int		 curated;
	int		 keep;		/* in the result */
};

/* Weighted Dice of A and B, and the shared weight in *SHARED. */
static double
dice(const struct ctx *c, const struct item *a, const struct item *b,
    double *shared)
{
	uint32_t	x = 0, y = 0;
	double		s = 0;

	while (x < a->ntok && y < b->ntok) {
		if (a->tok[x] < b->tok[y])
			x++;
		else if (a->tok[x] > b->tok[y])
			y++;
		else {
			s += c->w[a->tok[x]];
			x++;
			y++;
		}
	}
	*shared = s;
	return a->wsum + b->wsum > 0 ? 2 * s / (a->wsum + b->wsum) : 0;
}

static void
add_edge(struct ctx *c, uint32_t i, uint32_t j, int curated)
{
	struct edge	*e;
	double		 sh, m;

	if (c->ne == c->ecap) {
		c->ecap = c->ecap ? c->ecap * 2 : 256;
		c->e = sp_realloc(c->e, c->ecap * sizeof(*c->e));
	}
	e = &c->e[c->ne++];
	e->i = i;
	e->j = j;
	e->score = dice(c, &c->old[i], &c->neu[j], &sh);
	e->cin = c->neu[j].wsum > 0 ? sh / c->neu[j].wsum : 0;
	e->cout = c->old[i].wsum > 0 ? sh / c->old[i].wsum : 0;
	/* one text taken whole into a longer one is a strong sign too */
	m = e->cin > e->cout ? e->cin : e->cout;
	if (CONTAIN * m > e->score)
		e->score = CONTAIN * m;
	e->curated = curated;
	e->keep = curated;
}

/* ----------------------------------------------------- curated links */

static int
cmp_item_id(const void *a, const void *b)
{
	const struct item *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static struct item *
by_id(struct item **ix, size_t n, const char *id)
{
	struct item	 key, *kp = &key, **r;

	key.id = id;
	r = bsearch(&kp, ix, n, sizeof(*ix), cmp_item_id);
	return r != NULL ? *r : NULL;
}

/*
 * Link new item J to every old item its forgjengar list reaches, going
 * back through tiltak of versions in between (DEPTH bounds cycles).
 */
static void
ancestors(struct ctx *c, struct item **oix, uint32_t j, const char *list,
    int depth)
{
	char		*copy, *id, *save = NULL;
	struct item	*o;
	struct sp_node	*n;
	size_t		 k;

	if (list == NULL || depth > 16)
		return;
	copy = sp_strdup(list);
	for (id = strtok_r(copy, " \t\n", &save); id != NULL;
	    id = strtok_r(NULL, " \t\n", &save)) {
		if ((o = by_id(oix, c->nold, id)) != NULL) {
			for (k = 0; k < c->ne; k++)
				if (c->e[k].i == (uint32_t)(o - c->old) &&
				    c->e[k].j == j)
					break;
			if (k == c->ne) {
				add_edge(c, o - c->old, j, 1);
				o->linked = 1;
				c->neu[j].linked = 1;
			}
		} else if ((n = sp_find(c->plan, id)) != NULL &&
		    n->type == SP_TILTAK)
			ancestors(c, oix, j, sp_attr(n, "forgjengar"),
			    depth + 1);
	}
	free(copy);
}

static void
curated(struct ctx *c)
{
	struct item	**oix = sp_malloc((c->nold + 1) * sizeof(*oix));
	struct item	 *o;
	size_t		  i;

	for (i = 0; i < c->nold; i++)
		oix[i] = &c->old[i];
	qsort(oix, c->nold, sizeof(*oix), cmp_item_id);
	for (i = 0; i < c->nnew; i++) {
		/* the same tiltak in a revision and its base */
		if ((o = by_id(oix, c->nold, c->neu[i].id)) != NULL) {
			add_edge(c, o - c->old, i, 1);
			o->linked = c->neu[i].linked = 1;
			continue;
		}
		ancestors(c, oix, i, sp_attr(c->neu[i].node, "forgjengar"), 0);
	}
	free(oix);
}

/* ---------------------------------------------------- automatic links */

struct cand {
	uint32_t	j;
	double		acc;
};

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->acc != y->acc)
		return x->acc > y->acc ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/*
 * Candidate pairs through an inverted index of the new version: each
 * old tiltak reads the postings of its rarest tokens first, up to
 * BUDGET postings, and the TOPK new tiltak that share the most weight
 * are scored in full. Never all pairs.
 */
static void
candidates(struct ctx *c, uint32_t ntok)
{
	uint32_t	*start = sp_calloc(ntok + 1, sizeof(*start));
	uint32_t	*post, *fill, *order;
	double		*acc = sp_calloc(c->nnew + 1, sizeof(*acc));
	uint32_t	*touched = sp_malloc((c->nnew + 1) * sizeof(*touched));
	struct cand	 top[TOPK];
	size_t		 i, k, nt, ntop, read;
	uint32_t	 t, p;

	for (i = 0; i < c->nnew; i++)
		if (!c->neu[i].linked)
			for (k = 0; k < c->neu[i].nkey; k++)
				start[c->neu[i].key[k] + 1]++;
	for (t = 0; t < ntok; t++)
		start[t + 1] += start[t];
	post = sp_malloc((start[ntok] + 1) * sizeof(*post));
	fill = sp_malloc((ntok + 1) * sizeof(*fill));
	memcpy(fill, start, ntok * sizeof(*fill));
	for (i = 0; i < c->nnew; i++)
		if (!c->neu[i].linked)
			for (k = 0; k < c->neu[i].nkey; k++)
				post[fill[c->neu[i].key[k]]++] = i;
	free(fill);

	order = sp_malloc(64 * sizeof(*order));
	for (i = 0; i < c->nold; i++) {
		struct item *o = &c->old[i];

		if (o->linked || o->nkey == 0)
			continue;
		order = sp_realloc(order, o->nkey * sizeof(*order));
		/* rarest first: a small insertion sort on posting length */
		for (k = 0; k < o->nkey; k++) {
			size_t m = k;

			t = o->key[k];
			while (m > 0 && start[order[m - 1] + 1] -
			    start[order[m - 1]] > start[t + 1] - start[t]) {
				order[m] = order[m - 1];
				m--;
			}
			order[m] = t;
		}
		nt = 0;
		read = 0;
		for (k = 0; k < o->nkey; k++) {
			t = order[k];
			if (k >= 2 && read + (start[t + 1] - start[t]) > BUDGET)
				break;
			for (p = start[t]; p < start[t + 1]; p++) {
				if (acc[post[p]] == 0)
					touched[nt++] = post[p];
				acc[post[p]] += c->w[t];
			}
			read += start[t + 1] - start[t];
		}
		/* the TOPK that share the most, kept in order as they come */
		ntop = 0;
		for (k = 0; k < nt; k++) {
			struct cand x = { touched[k], acc[touched[k]] };
			size_t m;

			acc[touched[k]] = 0;
			if (ntop == TOPK && cmp_cand(&x, &top[TOPK - 1]) >= 0)
				continue;
			m = ntop < TOPK ? ntop++ : TOPK - 1;
			while (m > 0 && cmp_cand(&x, &top[m - 1]) < 0) {
				top[m] = top[m - 1];
				m--;
			}
			top[m] = x;
		}
		for (k = 0; k < ntop; k++) {
			add_edge(c, i, top[k].j, 0);
			if (c->e[c->ne - 1].score < FLOOR &&
			    c->e[c->ne - 1].cin < SP_DIFF_PART &&
			    c->e[c->ne - 1].cout < SP_DIFF_PART)
				c->ne--;
		}
	}
	free(order);
	free(post);
	free(start);
	free(acc);
	free(touched);
}

static int
cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/*
 * Does pairing old I with new J keep the order of the nearest matched
 * tiltak before and after I (MATE: old -> new, or -1)?
 */
static int
in_order(const struct ctx *c, const long *mate, uint32_t i, uint32_t j)
{
	long	k;

	for (k = (long)i - 1; k >= 0 && mate[k] < 0; k--)
		;
	if (k >= 0 && mate[k] >= (long)j)
		return 0;
	for (k = (long)i + 1; k < (long)c->nold && mate[k] < 0; k++)
		;
	if (k < (long)c->nold && mate[k] <= (long)j)
		return 0;
	return 1;
}

/*
 * One-to-one by score, best first, at SP_DIFF_THRESHOLD; then each
 * left-over new tiltak mostly contained in a matched old one is a part
 * of a split, and each left-over old one mostly contained in a matched
 * new one is a part of a merge.
 */
static void
assign(struct ctx *c, size_t first)
{
	size_t		 k;
	int		*best;
	long		*mate;
	uint32_t	 x;

	qsort(c->e + first, c->ne - first, sizeof(*c->e), cmp_edge);
	mate = sp_malloc((c->nold + 1) * sizeof(*mate));
	for (x = 0; x < c->nold; x++)
		mate[x] = -1;
	for (k = 0; k < first; k++)
		mate[c->e[k].i] = c->e[k].j;
	for (k = first; k < c->ne; k++) {
		struct edge *e = &c->e[k];

		if (e->score < SP_DIFF_THRESHOLD)
			break;
		if (c->old[e->i].deg == 0 && c->neu[e->j].deg == 0) {
			e->keep = 1;
			c->old[e->i].deg = c->neu[e->j].deg = 1;
			mate[e->i] = e->j;
		}
	}
	/* weaker pairs only where they keep the order of their neighbours */
	for (; k < c->ne; k++) {
		struct edge *e = &c->e[k];

		if (e->score < SP_DIFF_ORDERED)
			break;
		if (c->old[e->i].deg == 0 && c->neu[e->j].deg == 0 &&
		    in_order(c, mate, e->i, e->j)) {
			e->keep = 1;
			c->old[e->i].deg = c->neu[e->j].deg = 1;
			mate[e->i] = e->j;
		}
	}
	free(mate);
	/* splits: the best whole for each left-over new part */
	best = sp_malloc((c->nnew + c->nold + 1) * sizeof(*best));
	for (x = 0; x < c->nnew + c->nold; x++)
		best[x] = -1;
	for (k = first; k < c->ne; k++) {
		struct edge *e = &c->e[k];

		if (e->keep || c->neu[e->j].deg != 0 || c->old[e->i].deg != 1 ||
		    c->old[e->i].linked || e->cin < SP_DIFF_PART ||
		    e->score < FLOOR)
			continue;
		if (best[e->j] < 0 || c->e[best[e->j]].cin < e->cin)
			best[e->j] = k;
	}
	for (x = 0; x < c->nnew; x++)
		if (best[x] >= 0) {
			c->e[best[x]].keep = 1;
			c->neu[x].deg = 1;
			c->old[c->e[best[x]].i].deg++;
		}
	/* merges: the best whole for each left-over old part */
	for (k = first; k < c->ne; k++) {
		struct edge *e = &c->e[k];
		int *b = &best[c->nnew + e->i];

		if (e->keep || c->old[e->i].deg != 0 || c->neu[e->j].deg != 1 ||
		    c->neu[e->j].linked || e->cout < SP_DIFF_PART ||
		    e->score < FLOOR)
			continue;
		if (*b < 0 || c->e[*b].cout < e->cout)
			*b = k;
	}
	for (x = 0; x < c->nold; x++)
		if (best[c->nnew + x] >= 0) {
			k = best[c->nnew + x];
			/* a new tiltak that is a part of a split stays one */
			if (c->old[c->e[k].i].deg != 0 && c->neu[c->e[k].j].deg > 1)
				continue;
			c->e[k].keep = 1;
			c->old[x].deg = 1;
			c->neu[c->e[k].j].deg++;
		}
	free(best);
}

/* ------------------------------------------------------ classifying */

static const struct sp_node *
area_of(const struct sp_node *t)
{
	return sp_tiltak_area(t);
}

/* The innsatsområde, mål or gruppe a tiltak is grouped under. */
static const struct sp_node *
goal_of(const struct sp_node *t)
{
	const struct sp_node	*g = sp_tiltak_goal(t);

	return g != NULL ? g : sp_tiltak_area(t);
}

/* A map from old groups to new ones, by id or else by majority. */
struct gmap {
	const struct sp_node	**old;		/* sorted by address */
	const struct sp_node	**neu;		/* mapped, or NULL */
	size_t			  n;
};

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_gid(const void *a, const void *b)
{
	return strcmp(sp_attr(*(const struct sp_node *const *)a, "id"),
	    sp_attr(*(const struct sp_node *const *)b, "id"));
}

static long
gmap_ix(const struct gmap *m, const struct sp_node *g)
{
	const struct sp_node **r = bsearch(&g, m->old, m->n, sizeof(*m->old),
	    cmp_ptr);

	return r != NULL ? r - m->old : -1;
}

/* A vote: a link from old group G to new group N. */
struct vote {
	long			 g;
	const struct sp_node	*n;
	size_t			 j;		/* the new tiltak's index */
};

static int
cmp_vote(const void *a, const void *b)
{
	const struct vote *x = a, *y = b;

	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return cmp_ptr(&x->n, &y->n);
}

static void
gmap_build(struct gmap *m, const struct ctx *c, const struct sp_dpair *rows,
    const size_t *nj, size_t nrows,
    const struct sp_node *(*of)(const struct sp_node *))
{
	const struct sp_node	**ids, *key;
	struct vote		 *v;
	size_t			  i, k, nid = 0, nv = 0, run;

	m->old = sp_malloc((c->nold + 1) * sizeof(*m->old));
	m->n = 0;
	for (i = 0; i < c->nold; i++)
		if ((key = of(c->old[i].node)) != NULL)
			m->old[m->n++] = key;
	qsort(m->old, m->n, sizeof(*m->old), cmp_ptr);
	for (i = 0, k = 0; i < m->n; i++)
		if (k == 0 || m->old[k - 1] != m->old[i])
			m->old[k++] = m->old[i];
	m->n = k;
	m->neu = sp_calloc(m->n + 1, sizeof(*m->neu));

	/* the same group in a revision and its base: by id */
	ids = sp_malloc((c->nnew + 1) * sizeof(*ids));
	for (i = 0; i < c->nnew; i++)
		if ((key = of(c->neu[i].node)) != NULL &&
		    sp_attr(key, "id") != NULL)
			ids[nid++] = key;
	qsort(ids, nid, sizeof(*ids), cmp_gid);
	for (k = 0; k < m->n; k++) {
		const struct sp_node **r;

		if (sp_attr(m->old[k], "id") == NULL)
			continue;
		key = m->old[k];
		if ((r = bsearch(&key, ids, nid, sizeof(*ids), cmp_gid)) != NULL)
			m->neu[k] = *r;
	}
	free(ids);

	/* else where most of its linked tiltak went */
	v = sp_malloc((nrows + 1) * sizeof(*v));
	for (i = 0; i < nrows; i++)
		if (rows[i].from != NULL && rows[i].to != NULL) {
			v[nv].g = gmap_ix(m, of(rows[i].from));
			v[nv].n = of(rows[i].to);
			v[nv].j = nj[i];
			if (v[nv].g >= 0 && m->neu[v[nv].g] == NULL)
				nv++;
		}
	qsort(v, nv, sizeof(*v), cmp_vote);
	/* the most votes; of equals, the one met first in the new plan */
	for (i = 0; i < nv; i = k) {
		size_t best = 0, bi = i, bj = 0, first, r;

		for (k = i; k < nv && v[k].g == v[i].g; k += run) {
			first = v[k].j;
			for (run = 0; k + run < nv && v[k + run].g == v[k].g &&
			    v[k + run].n == v[k].n; run++)
				if (v[k + run].j < first)
					first = v[k + run].j;
			if (run > best || (run == best && first < bj)) {
				best = run;
				bi = k;
				bj = first;
			}
		}
		r = bi;
		m->neu[v[r].g] = v[r].n;
	}
	free(v);
}

static const struct sp_node *
gmap_get(const struct gmap *m, const struct sp_node *g)
{
	long	k = gmap_ix(m, g);

	return k >= 0 ? m->neu[k] : NULL;
}

static int
field_differs(const struct sp_plan *p, const struct sp_node *a,
    const struct sp_node *b, enum sp_type t)
{
	char	*x = sp_node_plain(p, sp_child(a, t));
	char	*y = sp_node_plain(p, sp_child(b, t));
	int	 d = strcmp(x, y) != 0;

	free(x);
	free(y);
	return d;
}

/* A new number is a change of a field (the Historikk's "nytt nummer");
 * a number given where the old plan numbered nothing is not. */
static int
nr_differs(const struct sp_node *a, const struct sp_node *b)
{
	const char *x = sp_attr(a, "nr"), *y = sp_attr(b, "nr");

	return x != NULL && y != NULL && strcmp(x, y) != 0;
}

/* Kinds and flags of the rows, from the links and the group maps. */
static void
classify(struct ctx *c, struct sp_diff *d, const size_t *oi, const size_t *nj)
{
	struct gmap	 areas, goals;
	size_t		 r;

	gmap_build(&areas, c, d->rows, nj, d->nrows, area_of);
	gmap_build(&goals, c, d->rows, nj, d->nrows, goal_of);
	for (r = 0; r < d->nrows; r++) {
		struct sp_dpair *row = &d->rows[r];
		const struct item *o, *n;

		if (row->from == NULL || row->to == NULL)
			continue;
		o = &c->old[oi[r]];
		n = &c->neu[nj[r]];
		row->moved = gmap_get(&areas, sp_tiltak_area(o->node)) !=
		    sp_tiltak_area(n->node) ||
		    gmap_get(&goals, goal_of(o->node)) != goal_of(n->node);
		row->textdiff = strcmp(o->text, n->text) != 0;
		row->fielddiff = nr_differs(o->node, n->node) ||
		    field_differs(c->plan, o->node, n->node, SP_TID) || field_differs(c->plan, o->node, n->node,
		    SP_ANSVAR) || field_differs(c->plan, o->node, n->node,
		    SP_INVOLVERING) || field_differs(c->plan, o->node, n->node,
		    SP_MERKNAD);
		if (o->deg > 1)
			row->kind = SP_D_SPLIT;
		else if (n->deg > 1)
			row->kind = SP_D_MERGED;
		else if (row->moved)
			row->kind = SP_D_MOVED;
		else if (row->textdiff || row->fielddiff)
			row->kind = SP_D_CHANGED;
		else
			row->kind = SP_D_SAME;
	}
	free(areas.old);
	free(areas.neu);
	free(goals.old);
	free(goals.neu);
}

static int
cmp_kept(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->j != y->j)
		return x->j < y->j ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The rows: kept links in the new version's order, new ones between
 * them, then the removed ones in the old version's order. */
static void
result(struct ctx *c, struct sp_diff *d)
{
	size_t		 k, j, r = 0, m;
	struct sp_dpair	*row;
	size_t		*oi, *nj;

	m = 0;
	for (k = 0; k < c->ne; k++)
		if (c->e[k].keep)
			c->e[m++] = c->e[k];
	c->ne = m;
	qsort(c->e, c->ne, sizeof(*c->e), cmp_kept);
	for (k = 0; k < c->nold; k++)
		c->old[k].deg = 0;
	for (k = 0; k < c->nnew; k++)
		c->neu[k].deg = 0;
	for (k = 0; k < c->ne; k++) {
		c->old[c->e[k].i].deg++;
		c->neu[c->e[k].j].deg++;
	}
	d->rows = sp_calloc(c->ne + c->nold + c->nnew + 1, sizeof(*d->rows));
	oi = sp_calloc(c->ne + c->nold + c->nnew + 1, sizeof(*oi));
	nj = sp_calloc(c->ne + c->nold + c->nnew + 1, sizeof(*nj));
	for (j = 0, k = 0; j < c->nnew; j++) {
		if (k >= c->ne || c->e[k].j != j) {
			row = &d->rows[r++];
			row->kind = SP_D_NEW;
			row->to = c->neu[j].node;
			continue;
		}
		for (; k < c->ne && c->e[k].j == j; k++) {
			oi[r] = c->e[k].i;
			nj[r] = j;
			row = &d->rows[r++];
			row->from = c->old[c->e[k].i].node;
			row->to = c->neu[j].node;
			row->curated = c->e[k].curated;
			row->score = c->e[k].score;
		}
	}
	for (k = 0; k < c->nold; k++)
		if (c->old[k].deg == 0) {
			row = &d->rows[r++];
			row->kind = SP_D_REMOVED;
			row->from = c->old[k].node;
		}
	d->nrows = r;
	classify(c, d, oi, nj);
	free(oi);
	free(nj);
}

/* ------------------------------------------------------------- entry */

static void
items(const struct sp_plan *p, const struct sp_version *v, struct item **out,
    size_t *n)
{
	size_t	i;

	*n = v->ntiltak;
	*out = sp_calloc(*n + 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].node = v->tiltak[i];
		(*out)[i].id = sp_attr(v->tiltak[i], "id");
		(*out)[i].text = sp_node_plain(p, sp_child(v->tiltak[i],
		    SP_TEKST));
	}
}

struct sp_diff *
sp_diff_match(const struct sp_plan *p, const struct sp_version *from,
    const struct sp_version *to, int flags)
{
	struct sp_diff	*d = sp_calloc(1, sizeof(*d));
	struct ctx	 c;
	struct toktab	 tt;
	uint32_t	*df;
	size_t		 i, k, auto_first;
	struct timespec	 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&c, 0, sizeof(c));
	memset(&tt, 0, sizeof(tt));
	tt.arena = sp_arena_new();
	c.plan = p;
	d->from = from;
	d->to = to;
	items(p, from, &c.old, &c.nold);
	items(p, to, &c.neu, &c.nnew);
	for (i = 0; i < c.nold; i++)
		tokenise(&tt, &c.old[i]);
	for (i = 0; i < c.nnew; i++)
		tokenise(&tt, &c.neu[i]);

	/* weights: rare tokens say more (idf over both versions) */
	df = sp_calloc(tt.n + 1, sizeof(*df));
	for (i = 0; i < c.nold; i++)
		for (k = 0; k < c.old[i].nkey; k++)
			df[c.old[i].key[k]]++;
	for (i = 0; i < c.nnew; i++)
		for (k = 0; k < c.neu[i].nkey; k++)
			df[c.neu[i].key[k]]++;
	c.w = sp_malloc((tt.n + 1) * sizeof(*c.w));
	for (i = 0; i < tt.n; i++)
		c.w[i] = log(1.0 + (double)(c.nold + c.nnew) / df[i]);
	free(df);
	for (i = 0; i < c.nold; i++)
		for (k = 0; k < c.old[i].ntok; k++)
			c.old[i].wsum += c.w[c.old[i].tok[k]];
	for (i = 0; i < c.nnew; i++)
		for (k = 0; k < c.neu[i].ntok; k++)
			c.neu[i].wsum += c.w[c.neu[i].tok[k]];

	if (!(flags & SP_DIFF_AUTO))
		curated(&c);
	for (k = 0; k < c.ne; k++)
		c.old[c.e[k].i].deg = c.neu[c.e[k].j].deg = 1;
	auto_first = c.ne;
	candidates(&c, tt.n);

	assign(&c, auto_first);
	result(&c, d);

	for (i = 0; i < c.nold; i++) {
		free(c.old[i].text);
		free(c.old[i].tok);
		free(c.old[i].key);
	}
	for (i = 0; i < c.nnew; i++) {
		free(c.neu[i].text);
		free(c.neu[i].tok);
		free(c.neu[i].key);
	}
	free(c.old);
	free(c.neu);
	free(c.w);
	free(c.e);
	free(tt.key);
	free(tt.val);
	sp_arena_free(tt.arena);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	d->match_ms = (t1.tv_sec - t0.tv_sec) * 1e3 +
	    (t1.tv_nsec - t0.tv_nsec) / 1e6;
	return d;
}

void
sp_diff_free(struct sp_diff *d)
{
	if (d == NULL)
		return;
	free(d->rows);
	free(d);
}

const struct sp_node *
sp_diff_area_map(const struct sp_diff *d, const struct sp_node *old_area)
{
	const struct sp_node	**area = NULL, *a;
	const char		*id = sp_attr(old_area, "id");
	int			 *n = NULL, best = -1;
	size_t			  na = 0, r, k;

	for (r = 0; id != NULL && r < d->to->ntiltak; r++) {
		a = sp_tiltak_area(d->to->tiltak[r]);
		if (a != NULL && sp_attr(a, "id") != NULL &&
		    strcmp(sp_attr(a, "id"), id) == 0)
			return a;
	}
	/* the areas are few: count in a short list, first met first */
	for (r = 0; r < d->nrows; r++) {
		if (d->rows[r].from == NULL || d->rows[r].to == NULL ||
		    sp_tiltak_area(d->rows[r].from) != old_area)
			continue;
		a = sp_tiltak_area(d->rows[r].to);
		for (k = 0; k < na && area[k] != a; k++)
			;
		if (k == na) {
			area = sp_realloc(area, (na + 1) * sizeof(*area));
			n = sp_realloc(n, (na + 1) * sizeof(*n));
			area[na] = a;
			n[na++] = 0;
		}
		n[k]++;
		if (best < 0 || n[k] > n[best])
			best = k;
	}
	a = best >= 0 ? area[best] : NULL;
	free(area);
	free(n);
	return a;
}
