/*
 * plan_read.h: what the two reads of the master share, the careful one
 * (plan_read.c) and the quick one (plan_read_quick.c), both through
 * plan_read_tree.c. Only these three files see libxml2.
 */
#ifndef PLAN_READ_H
#define PLAN_READ_H

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sp.h"

#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT | \
    XML_PARSE_NOCDATA | XML_PARSE_NOWARNING)

/* The largest master or part read: 64 MB is a hundred years of saker. */
#define MAXFILE		((size_t)64 << 20)
/* Parts within parts, at most. */
#define MAXDEPTH	16
/* The longest run of text: a paragraph of 1 MB is some 400 pages. */
#define MAXTEXT		((size_t)1 << 20)

#define XINCLUDE_NS	"http://www.w3.org/2001/XInclude"

struct quick;

struct reader {
	struct sp_plan	*plan;
	const char	*master;
	char		*root;		/* the master's directory */
	char		 lastfile[512];	/* of the last parser error: one
					 * message per broken file */
	int		 errors;
	char		*nodeless[8];	/* RelaxNG errors without a node */
	int		 nnodeless;
	xmlNodePtr	 badattr[8];	/* "Invalid attribute" elements, */
	char		*badattrmsg[8];	/* explained after validation */
	int		 nbadattr;
	xmlNodePtr	 seen[64];	/* elements already reported */
	int		 nseen;
	int		 quiet;		/* the quick read: count, say nothing */
	struct quick	*quick;		/* its state (plan_read_quick.c) */
	struct sp_names	 names;		/* the attributes' */
};

/*
 * The file a node came from. The includes are expanded here, not by
 * libxml2 (whose markers lose the href of nested includes and whose
 * xml:base is left out for a file in the same directory): every element
 * read from a part carries that part's path in _private, and a node
 * belongs to the nearest marked element at or above it.
 */
/* Where an element of a part was read: kept in _private, since moving
 * the element into the master loses libxml2's own line number. An
 * element past line 65535 has one from the start (see pr_start_element),
 * with FILE NULL until a part claims it. */
struct origin {
	const char	*file;
	int		 line;
};

void		 pr_say(struct reader *, enum sp_level, const char *, int,
		    const char *, ...) __attribute__((format(printf, 5, 6)));
const char	*pr_node_file(struct reader *, xmlNodePtr);
int		 pr_node_line(xmlNodePtr);
struct sp_node	*pr_text_node(struct reader *, const xmlChar *,
		    struct sp_node *, const char *);
struct sp_node	*pr_element_node(struct reader *, xmlNodePtr,
		    struct sp_node *, const char *);
void		 pr_append(struct sp_node *, struct sp_node *);
struct sp_node	*pr_convert(struct reader *, xmlNodePtr, struct sp_node *,
		    const char *, int);
const char	*pr_part_path(struct reader *, xmlNodePtr, const char *,
		    const char **, int);
void		 pr_start_element(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *, int, const xmlChar **, int, int,
		    const xmlChar **);
struct sp_xml	*pr_xml_convert(struct sp_arena *, xmlNodePtr);

/* plan_read_quick.c */
int		 pr_quick_read(struct reader *, const char *);

#endif
