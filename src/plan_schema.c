/* plan_schema.c: what the schema wants of an element's attributes, read
 * from the schema itself (as a plain tree), for the RelaxNG faults that
 * libxml2 reports without saying which attribute is wrong or where. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_read.h"

struct attrrule {
	const struct sp_xml	*node;		/* the <attribute> */
	const char		*name;
	int			 required;
	const struct sp_xml	*values;	/* <choice> of <value>, or NULL */
	int			 list;		/* values: a list of them */
	const struct sp_xml	*param;		/* its XSD pattern, or NULL */
};

struct elemrule {
	struct attrrule	 a[32];
	int		 na;
	int		 full;		/* more than a[] or the depth took */
};

static int
is(const struct sp_xml *x, const char *name)
{
	return x->name != NULL && strcmp(x->name, name) == 0;
}

/* The value of attribute NAME of X, or NULL. */
static const char *
prop(const struct sp_xml *x, const char *name)
{
	int	i;

	for (i = 0; i < x->nattrs; i++)
		if (strcmp(x->attrs[i].name, name) == 0)
			return x->attrs[i].value;
	return NULL;
}

/* The text of X's first child (a <value>'s, a <param>'s), or NULL. */
static const char *
first_text(const struct sp_xml *x)
{
	return x->first != NULL ? x->first->text : NULL;
}

/* X's first child element at or after K. */
static const struct sp_xml *
element_from(const struct sp_xml *k)
{
	while (k != NULL && k->name == NULL)
		k = k->next;
	return k;
}

static const struct sp_xml *
find_define(const struct sp_xml *grammar, const char *name)
{
	const struct sp_xml	*d;
	const char		*n;

	for (d = grammar->first; d != NULL; d = d->next) {
		if (!is(d, "define"))
			continue;
		n = prop(d, "name");
		if (n != NULL && name != NULL && strcmp(n, name) == 0)
			return d;
	}
	return NULL;
}

static const struct sp_xml *
attr_pattern(const struct sp_xml *grammar, const struct sp_xml *a, int depth)
{
	const struct sp_xml	*k, *p, *d;

	for (k = a->first; k != NULL && depth < 4; k = k->next) {
		if (k->name == NULL)
			continue;
		if (is(k, "data"))
			for (p = k->first; p != NULL; p = p->next)
				if (is(p, "param"))
					return p;
		if (is(k, "ref") &&
		    (d = find_define(grammar, prop(k, "name"))) != NULL)
			return attr_pattern(grammar, d, depth + 1);
	}
	return NULL;
}

/* The values an attribute takes, from its pattern V: a <choice>, a
 * <ref> to a named one, or a <list> of either. */
static void
attr_values(const struct sp_xml *grammar, const struct sp_xml *v,
    struct attrrule *ar)
{
	const struct sp_xml	*d, *w;

	if (is(v, "list")) {
		/* <list><oneOrMore><ref/>: look in */
		ar->list = 1;
		w = element_from(v->first);
		if (w != NULL && w->first != NULL)
			v = w;	/* the oneOrMore */
		if ((w = element_from(v->first)) == NULL)
			return;
		v = w;
	}
	if (is(v, "ref")) {
		/* a named list of values */
		d = find_define(grammar, prop(v, "name"));
		for (w = d != NULL ? d->first : NULL; w != NULL; w = w->next)
			if (is(w, "choice"))
				ar->values = w;
	} else if (is(v, "choice"))
		ar->values = v;
}

static void
collect_attrs(const struct sp_xml *grammar, const struct sp_xml *n,
    int optional, int depth, struct elemrule *er)
{
	const struct sp_xml	*k, *v, *d;
	struct attrrule		*ar;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL || is(k, "element"))
			continue;
		if (depth >= 8 || (is(k, "attribute") && er->na == 32)) {
			er->full = 1;
			continue;
		}
		if (is(k, "attribute")) {
			ar = &er->a[er->na++];
			ar->node = k;
			ar->name = prop(k, "name");
			ar->required = !optional;
			ar->values = NULL;
			ar->list = 0;
			for (v = k->first; v != NULL; v = v->next)
				if (v->name != NULL)
					attr_values(grammar, v, ar);
			ar->param = attr_pattern(grammar, k, 0);
		} else if (is(k, "ref")) {
			if ((d = find_define(grammar, prop(k, "name"))) != NULL)
				collect_attrs(grammar, d, optional, depth + 1,
				    er);
		} else
			collect_attrs(grammar, k, optional || !is(k, "group"),
			    depth + 1, er);
	}
}

/* The first word of the list V that is none of CHOICE's values (a copy),
 * or NULL if every word is one. */
static char *
list_stranger(const struct sp_xml *choice, const char *v)
{
	const char		*p = v, *q, *t;
	const struct sp_xml	*c;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			return NULL;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n' && *q != '\r'; q++)
			;
		for (c = choice->first; c != NULL; c = c->next)
			if (c->name != NULL && (t = first_text(c)) != NULL &&
			    strlen(t) == (size_t)(q - p) &&
			    strncmp(t, p, q - p) == 0)
				break;
		if (c == NULL)
			return sp_strndup(p, q - p);
		p = q;
	}
}

/* The value of the attribute named NAME (in any namespace), or NULL. */
static const char *
value_of(const struct sp_xattr *attrs, int nattrs, const char *name)
{
	int	i;

	for (i = 0; name != NULL && i < nattrs; i++)
		if (strcmp(attrs[i].name, name) == 0)
			return attrs[i].value;
	return NULL;
}

/* What is wrong with a value V of one of RULE's listed values. */
static char *
value_fault(const struct attrrule *rule, const char *v)
{
	const struct sp_xml	*c;
	struct sp_buf		 allowed = { NULL, 0, 0 };
	char			*bad = NULL, *fault = NULL;
	const char		*t;
	int			 ok = 0;

	for (c = rule->values->first; c != NULL; c = c->next)
		if (c->name != NULL && c->first != NULL) {
			t = first_text(c) != NULL ? first_text(c) : "";
			if (strcmp(t, v) == 0)
				ok = 1;
			sp_buf_puts(&allowed, allowed.len ? ", " : "");
			sp_buf_puts(&allowed, t);
		}
	if (!ok && rule->list)
		bad = list_stranger(rule->values, v);
	if (!ok && rule->list && bad != NULL)
		fault = sp_printf("%s=\"%s\": «%s» is not one of: %s",
		    rule->name, v, bad, allowed.s != NULL ? allowed.s : "");
	else if (!ok && !rule->list)
		fault = sp_printf("%s=\"%s\" is not one of: %s", rule->name, v,
		    allowed.s != NULL ? allowed.s : "");
	free(bad);
	free(allowed.s);
	return fault;
}

/* Which attribute breaks a rule of the schema element E; NULL if none. */
static char *
attr_fault(const struct sp_xml *grammar, const struct sp_xml *e,
    const struct sp_xattr *attrs, int nattrs,
    int (*matches)(const char *, const char *))
{
	struct elemrule	 er;
	const char	*v;
	char		*fault = NULL;
	int		 i, j;

	memset(&er, 0, sizeof(er));
	collect_attrs(grammar, e, 0, 0, &er);
	for (i = 0; i < er.na && fault == NULL; i++) {
		if ((v = value_of(attrs, nattrs, er.a[i].name)) == NULL) {
			if (er.a[i].required)
				fault = sp_printf("attribute %s is missing",
				    er.a[i].name);
		} else if (er.a[i].values != NULL)
			fault = value_fault(&er.a[i], v);
		else if (er.a[i].param != NULL &&
		    first_text(er.a[i].param) != NULL &&
		    !matches(first_text(er.a[i].param), v))
			fault = sp_printf("%s=\"%s\" is not %s", er.a[i].name,
			    v, sp_pattern_words(first_text(er.a[i].param)));
	}
	for (j = 0; j < nattrs && fault == NULL; j++) {
		if (attrs[j].ns)
			continue;
		for (i = 0; i < er.na; i++)
			if (er.a[i].name != NULL &&
			    strcmp(er.a[i].name, attrs[j].name) == 0)
				break;
		if (i == er.na)
			fault = sp_printf("attribute %s is not allowed here",
			    attrs[j].name);
	}
	return fault;
}

/* Every schema definition of element NAME (it may have several). */
static void
schema_elements(const struct sp_xml *n, const char *name,
    const struct sp_xml **out, int *nout)
{
	const struct sp_xml	*k;
	const char		*nm;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		if (is(k, "element") && *nout < 16 &&
		    (nm = prop(k, "name")) != NULL && strcmp(nm, name) == 0)
			out[(*nout)++] = k;
		schema_elements(k, name, out, nout);
	}
}

char *
sp_schema_fault(const struct sp_xml *grammar, const char *name,
    const struct sp_xattr *attrs, int nattrs,
    int (*matches)(const char *pattern, const char *value))
{
	const struct sp_xml	*defs[16];
	char			*fault = NULL, *f;
	int			 ndefs = 0, i;

	schema_elements(grammar, name, defs, &ndefs);
	for (i = 0; i < ndefs; i++) {
		f = attr_fault(grammar, defs[i], attrs, nattrs, matches);
		free(fault);
		fault = f;
		if (f == NULL)
			break;
	}
	return fault;
}

/* ------------------------------------------- patterns checked by us */

/* A pattern an attribute of an element definition takes. */
struct use {
	const struct sp_xml	*elem;		/* the <element> */
	const struct sp_xml	*attr;		/* the <attribute> */
	const struct sp_xml	*param;		/* the <param name="pattern"> */
};

/* The element above X in the tree below N, or NULL. */
static const struct sp_xml *
parent_of(const struct sp_xml *n, const struct sp_xml *x)
{
	const struct sp_xml	*k, *p;

	for (k = n->first; k != NULL; k = k->next) {
		if (k == x)
			return n;
		if (k->name != NULL && (p = parent_of(k, x)) != NULL)
			return p;
	}
	return NULL;
}

/* How many elements below N are named NAME and, if DEF is not NULL,
 * have the attribute name="DEF". */
static int
count_named(const struct sp_xml *n, const char *name, const char *def)
{
	const struct sp_xml	*k;
	const char		*nm;
	int			 c = 0;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		if (is(k, name) && (def == NULL || ((nm = prop(k, "name")) !=
		    NULL && strcmp(nm, def) == 0)))
			c++;
		c += count_named(k, name, def);
	}
	return c;
}

/* Whether an element below N has one of the NULL-terminated NAMES. */
static int
any_named(const struct sp_xml *n, const char *const *names)
{
	const struct sp_xml	*k;
	int			 i;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		for (i = 0; names[i] != NULL; i++)
			if (is(k, names[i]))
				return 1;
		if (any_named(k, names))
			return 1;
	}
	return 0;
}

/* Whether a <define> below N is combined with another of its name. */
static int
combined(const struct sp_xml *n)
{
	const struct sp_xml	*k;

	for (k = n->first; k != NULL; k = k->next)
		if (k->name != NULL && ((is(k, "define") &&
		    prop(k, "combine") != NULL) || combined(k)))
			return 1;
	return 0;
}

/* Every element definition below N, each named plainly; -1 if one is
 * not (a name class, a namespace) or there are more than MAX. */
static int
element_defs(const struct sp_xml *n, const struct sp_xml **out, int max,
    int *nout)
{
	const struct sp_xml	*k;
	const char		*nm;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		if (is(k, "element")) {
			if ((nm = prop(k, "name")) == NULL ||
			    strchr(nm, ':') != NULL || *nout == max)
				return -1;
			out[(*nout)++] = k;
		}
		if (element_defs(k, out, max, nout) != 0)
			return -1;
	}
	return 0;
}

static int
used(const struct use *u, int nu, const struct sp_xml *attr,
    const struct sp_xml *param)
{
	int	i;

	for (i = 0; i < nu; i++)
		if (u[i].attr == attr && u[i].param == param)
			return 1;
	return 0;
}

/* Whether every <ref name="NAME"/> below N (whose parent is N) sits
 * right in an <attribute> of U taking PARAM. */
static int
refs_ours(const struct sp_xml *n, const char *name, const struct use *u,
    int nu, const struct sp_xml *param)
{
	const struct sp_xml	*k;
	const char		*nm;

	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		if (is(k, "ref") && (nm = prop(k, "name")) != NULL &&
		    strcmp(nm, name) == 0 && !(is(n, "attribute") &&
		    used(u, nu, n, param)))
			return 0;
		if (!refs_ours(k, name, u, nu, param))
			return 0;
	}
	return 1;
}

/* Whether PARAM is used only where U says: its <data> right in one of
 * U's attributes, or right in a <define> only they <ref>. */
static int
only_there(const struct sp_xml *grammar, const struct sp_xml *param,
    const struct use *u, int nu)
{
	const struct sp_xml	*data = parent_of(grammar, param), *owner;
	const char		*dn;

	if (data == NULL || !is(data, "data") ||
	    (owner = parent_of(grammar, data)) == NULL)
		return 0;
	if (is(owner, "attribute"))
		return used(u, nu, owner, param);
	return is(owner, "define") && (dn = prop(owner, "name")) != NULL &&
	    count_named(grammar, "define", dn) == 1 &&
	    refs_ours(grammar, dn, u, nu, param);
}

/* The place of X among the elements below N in document order (N is 0),
 * counted on in *AT; -1 if not there. */
static int
ordinal(const struct sp_xml *n, const struct sp_xml *x, int *at)
{
	const struct sp_xml	*k;
	int			 o;

	if (n == x)
		return *at;
	for (k = n->first; k != NULL; k = k->next) {
		if (k->name == NULL)
			continue;
		++*at;
		if ((o = ordinal(k, x, at)) >= 0)
			return o;
	}
	return -1;
}

int
sp_schema_patterns(const struct sp_xml *grammar, struct sp_pattern **out)
{
	/* what find_define and collect_attrs do not follow */
	static const char *const bail[] = { "include", "externalRef",
	    "parentRef", "anyName", "nsName", "div", "grammar", NULL };
	const struct sp_xml	*defs[512];
	struct elemrule		 er;
	struct use		 u[512];
	char			 ok[512];
	const char		*t;
	int			 ndefs = 0, nu = 0, n = 0, i, j, at;

	*out = NULL;
	if (any_named(grammar, bail))
		return 0;
	if (combined(grammar))
		return 0;
	if (element_defs(grammar, defs, 512, &ndefs) != 0)
		return 0;
	for (i = 0; i < ndefs; i++) {
		memset(&er, 0, sizeof(er));
		collect_attrs(grammar, defs[i], 0, 0, &er);
		if (er.full)
			return 0;	/* not every attribute seen */
		for (j = 0; j < er.na; j++) {
			if (er.a[j].param == NULL || er.a[j].name == NULL ||
			    strchr(er.a[j].name, ':') != NULL ||
			    (t = prop(er.a[j].param, "name")) == NULL ||
			    strcmp(t, "pattern") != 0 ||
			    first_text(er.a[j].param) == NULL)
				continue;
			if (nu == 512)
				return 0;
			u[nu].elem = defs[i];
			u[nu].attr = er.a[j].node;
			u[nu++].param = er.a[j].param;
		}
	}
	*out = sp_calloc(nu + 1, sizeof(**out));
	for (i = 0; i < nu; i++) {
		for (j = 0; j < i && u[j].param != u[i].param; j++)
			;
		/* each <param> judged once: many attributes share one */
		ok[i] = j < i ? ok[j] : only_there(grammar, u[i].param, u, nu);
		if (!ok[i])
			continue;
		at = 0;
		(*out)[n].elem = prop(u[i].elem, "name");
		(*out)[n].attr = prop(u[i].attr, "name");
		(*out)[n].pattern = first_text(u[i].param);
		(*out)[n++].param = ordinal(grammar, u[i].param, &at);
	}
	return n;
}
