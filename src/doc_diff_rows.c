/* doc_diff_rows.c: a diff being written up (struct dd): its rows matched,
 * the areas of both versions, how many rows each tiltak is in; and the
 * names every part of a diff document prints. Calls none of the other
 * doc_diff*.c files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"
#include "sp_doc.h"
#include "dd.h"

int
dd_area_ix(const struct sp_node **v, int n, const struct sp_node *a)
{
	int	i;

	for (i = 0; i < n; i++)
		if (v[i] == a)
			return i;
	return -1;
}

static void
areas(const struct sp_version *v, const struct sp_node ***out, int *n)
{
	size_t	i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < v->ntiltak; i++) {
		const struct sp_node *a = sp_tiltak_area(v->tiltak[i]);

		if (dd_area_ix(*out, *n, a) >= 0)
			continue;
		*out = sp_realloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = a;
	}
}

/* "1  NÆRING" or the name alone; "–" for tiltak outside any area. */
char *
dd_area_title(const struct sp_node *area)
{
	const char	*nr = sp_attr(area, "nr");

	if (area == NULL)
		return sp_strdup("\xE2\x80\x93");
	return nr != NULL ? sp_printf("%s  %s", nr, sp_attr(area, "namn")) :
	    sp_strdup(sp_attr(area, "namn"));
}

/* S with its first letter in lower case ("Før" -> "før"). */
char *
dd_lower_first(const char *s)
{
	char	*t = sp_strdup(s);

	if (t[0] >= 'A' && t[0] <= 'Z')
		t[0] += 'a' - 'A';
	else if ((unsigned char)t[0] == 0xC3 && (unsigned char)t[1] >= 0x80 &&
	    (unsigned char)t[1] <= 0x9E)
		t[1] += 0x20;
	return t;
}

/* The printed number of a tiltak, else its id. */
const char *
dd_label_of(const struct sp_node *t)
{
	const char	*nr = sp_attr(t, "nr");

	return nr != NULL && *nr != '\0' ? nr : sp_attr(t, "id");
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* For each row, how many rows its old (WHICH 0) or new tiltak is in. */
static int *
degrees(const struct sp_diff *d, int which)
{
	const struct sp_node	**v = sp_calloc(d->nrows + 1, sizeof(*v));
	int			 *deg = sp_calloc(d->nrows + 1, sizeof(*deg));
	size_t			  r, n = 0, lo, hi;

	for (r = 0; r < d->nrows; r++) {
		const struct sp_node *t = which ? d->rows[r].to :
		    d->rows[r].from;

		if (t != NULL)
			v[n++] = t;
	}
	qsort(v, n, sizeof(*v), cmp_ptr);
	for (r = 0; r < d->nrows; r++) {
		const struct sp_node *t = which ? d->rows[r].to :
		    d->rows[r].from;

		if (t == NULL)
			continue;
		/* the run of T in the sorted array */
		for (lo = 0, hi = n; lo < hi;) {
			size_t mid = (lo + hi) / 2;

			if (cmp_ptr(&v[mid], &t) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (hi = lo; hi < n && v[hi] == t; hi++)
			;
		deg[r] = (int)(hi - lo);
	}
	free(v);
	return deg;
}

void
dd_init(struct dd *x, struct sp_build *B, const struct sp_version *from,
    const struct sp_version *to, int flags)
{
	memset(x, 0, sizeof(*x));
	x->B = B;
	x->st = B->st;
	x->flags = flags;
	x->d = sp_diff_match(B->plan, from, to, flags);
	areas(from, &x->oarea, &x->noarea);
	areas(to, &x->narea, &x->nnarea);
	x->orows = degrees(x->d, 0);
	x->nrows = degrees(x->d, 1);
}

void
dd_free(struct dd *x)
{
	sp_diff_free(x->d);
	free(x->oarea);
	free(x->narea);
	free(x->orows);
	free(x->nrows);
}

/* The <revisjon> a version was materialised from, or NULL. */
const struct sp_node *
dd_revision_of(const struct sp_plan *p, const struct sp_version *v)
{
	const struct sp_node	*n = sp_find(p, v->id);

	return n != NULL && n->type == SP_REVISJON ? n : NULL;
}
