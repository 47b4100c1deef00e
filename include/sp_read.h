/* sp_read.h: what reading the master needs besides libxml2 (plan_words.c,
 * plan_schema.c). */
#ifndef SP_READ_H
#define SP_READ_H

#include "sp.h"

/* The element type named NAME, or -1 for a name not in the vocabulary. */
int		 sp_type_of(const char *name);

/* Whether the text of an element of type T is prose, its white space
 * kept; elsewhere white space between elements means nothing. */
int		 sp_type_prose(enum sp_type t);

/* Whether S is empty or white space only. */
int		 sp_blank(const char *s);

/* S in A without leading and trailing white space, inner runs as one
 * space: a value as RelaxNG compares a token. */
const char	*sp_collapse(struct sp_arena *a, const char *s);

/*
 * What is wrong with S (valid UTF-8) as text, in a sentence: a Unicode
 * noncharacter, a C1 control, or UTF-8 read as ISO-8859-1. NULL if
 * nothing; the caller frees.
 */
char		*sp_text_fault(const char *s);

/* libxml2's message MSG as the writer of the file would put it (the
 * caller frees), or NULL to keep libxml2's. */
char		*sp_plain_words(const char *msg);

/* The line of the first <!DOCTYPE outside a comment in PATH; 0 if none. */
int		 sp_doctype_line(const char *path);

/* What a value matching the schema's PATTERN looks like, in words. */
const char	*sp_pattern_words(const char *pattern);

/* Names met while reading, one copy each in the plan's arena: a master
 * has few attribute names and many attributes. Zeroed to start. */
#define SP_NAMES	256	/* a power of two, well above the vocabulary */
struct sp_names {
	const char	*s[SP_NAMES];
	int		 n;
};
const char	*sp_name_copy(struct sp_names *, struct sp_arena *,
		    const char *name);

/*
 * What the schema GRAMMAR (the tree of plan/schema/sakspapir.rng) finds
 * wrong with the attributes ATTRS of an element NAME, by every definition
 * of NAME in it: a sentence ("attribute nr is missing", "dato=\"1.4.2026\"
 * is not a date ..."; the caller frees), or NULL when one definition takes
 * them. MATCHES says whether a value matches an XSD pattern. For the
 * faults libxml2 reports without the attribute (plan_schema.c).
 */
struct sp_xattr {
	const char	*name;		/* local name */
	const char	*value;
	int		 ns;		/* in a namespace (xml:lang) */
};
char		*sp_schema_fault(const struct sp_xml *grammar, const char *name,
		    const struct sp_xattr *attrs, int nattrs,
		    int (*matches)(const char *pattern, const char *value));

/*
 * The XSD patterns of attribute values in GRAMMAR that a reader may check
 * itself, and take out of the schema it validates with (libxml2 compiles
 * a pattern again for every value it checks). Only those used nowhere
 * else: right in an <attribute> of a plainly named element, or in a
 * <define> only such attributes <ref>. Each says its element, attribute,
 * pattern and where its <param> is: the how-manieth element of the
 * schema in document order (the root is 0); an element and attribute may
 * come more than once. The count, with *OUT to free (the strings are
 * GRAMMAR's); 0 when the schema is not of the plain kind this knows.
 */
struct sp_pattern {
	const char	*elem;
	const char	*attr;
	const char	*pattern;
	int		 param;
};
int		 sp_schema_patterns(const struct sp_xml *grammar,
		    struct sp_pattern **out);

/*
 * sp_pattern_ascii: whether PATTERN is the schema's identifier pattern
 * ("[\p{L}][\p{L}\p{N}._\-]*"). sp_ident_ascii: whether S is an ASCII
 * letter, then ASCII letters, digits, '.', '_' or '-': such a value
 * surely matches it (the ASCII letters and digits are of \p{L} and
 * \p{N}); any other is left to the pattern itself.
 */
int		 sp_pattern_ascii(const char *pattern);
int		 sp_ident_ascii(const char *s);

/* Whether S is folded already, as sp_collapse would leave it. */
int		 sp_folded(const char *s);

#endif
