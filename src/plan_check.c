/* plan_check.c: what the checks of lint share: references checked
 * by id, dates read and compared, element names in messages. Calls none
 * of the plan_validate*.c files. */
#include <string.h>

#include "sp.h"
#include "validate.h"

int
pv_has_id(const struct sp_node *n, const char *id)
{
	const char	*nid = sp_attr(n, "id");

	return nid != NULL && id != NULL && strcmp(nid, id) == 0;
}

/* "a" or "an" before an element name, for messages. */
const char *
pv_an(enum sp_type t)
{
	return strchr("aeiou", sp_type_name(t)[0]) != NULL ? "an" : "a";
}

/*
 * Check that attribute ATTR of N, if present, names a node of type WANT;
 * report an error otherwise. Returns the node named, or NULL.
 */
const struct sp_node *
pv_ref(const struct sp_plan *p, const struct sp_node *n, const char *attr,
    const char *value, enum sp_type want)
{
	const struct sp_node	*t;

	if (value == NULL)
		return NULL;
	if ((t = sp_find(p, value)) == NULL) {
		sp_msg(SP_ERROR, n->file, n->line, "<%s> %s: unknown %s %s",
		    sp_type_name(n->type), attr, sp_type_name(want), value);
		return NULL;
	}
	if (t->type != want) {
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: %s is %s %s, not %s %s (at %s:%d)",
		    sp_type_name(n->type), attr, value, pv_an(t->type),
		    sp_type_name(t->type), pv_an(want), sp_type_name(want),
		    t->file, t->line);
		return NULL;
	}
	return t;
}

/* As pv_ref, for an attribute naming a plan version or revision. */
const struct sp_version *
pv_version_ref(const struct sp_plan *p, const struct sp_node *n,
    const char *attr)
{
	const struct sp_version	*v;
	const struct sp_node	*t;
	const char		*value = sp_attr(n, attr);

	if (value == NULL)
		return NULL;
	if ((v = sp_version_find(p, value)) != NULL)
		return v;
	if ((t = sp_find(p, value)) == NULL)
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: unknown plan version %s",
		    sp_type_name(n->type), attr, value);
	else if (t->type == SP_REVISJON)
		/* Its own basis is broken, which is reported there. */
		;
	else
		sp_msg(SP_ERROR, n->file, n->line,
		    "<%s> %s: %s is %s %s, not a plan version (at %s:%d)",
		    sp_type_name(n->type), attr, value, pv_an(t->type),
		    sp_type_name(t->type), t->file, t->line);
	return NULL;
}

/* ------------------------------------------------------------- dates */

int
pv_digits(const char *s, int n)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Parse an ISO date of a year, year-month or year-month-day. Returns the
 * number of parts (1 to 3), or 0 when it is not a real calendar date.
 */
int
pv_date_parse(const char *s, int *y, int *m, int *d)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	size_t	len = strlen(s);
	int	max;

	*y = *m = *d = 0;
	if ((len != 4 && len != 7 && len != 10) || (*y = pv_digits(s, 4)) < 0)
		return 0;
	if (len == 4)
		return 1;
	if (s[4] != '-' || (*m = pv_digits(s + 5, 2)) < 1 || *m > 12)
		return 0;
	if (len == 7)
		return 2;
	if (s[7] != '-' || (*d = pv_digits(s + 8, 2)) < 1)
		return 0;
	max = dim[*m - 1];
	if (*m == 2 && (*y % 4 == 0 && (*y % 100 != 0 || *y % 400 == 0)))
		max = 29;
	return *d <= max ? 3 : 0;
}

int
pv_date_ok(const char *s)
{
	int	y, m, d;

	return s != NULL && pv_date_parse(s, &y, &m, &d) > 0;
}

/*
 * Whether date A is earlier than date B, compared to the precision both
 * give ("2024-10" is not earlier than "2024-10-15").
 */
int
pv_date_before(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	return strncmp(a, b, la < lb ? la : lb) < 0;
}
