/* plan_read.c: the only libxml2 user; XML (XInclude, RelaxNG) to model. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_read.h"

#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT | \
    XML_PARSE_NOCDATA | XML_PARSE_NOWARNING)

/* The largest master or part read: 64 MB is a hundred years of saker. */
#define MAXFILE		((size_t)64 << 20)
/* Parts within parts, at most. */
#define MAXDEPTH	16
/* The longest run of text: a paragraph of 1 MB is some 400 pages. */
#define MAXTEXT		((size_t)1 << 20)

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
	struct quick	*quick;		/* its state */
	struct sp_names	 names;		/* the attributes' */
};

/* An XSD pattern of an attribute's values, checked by the quick read. */
struct qpattern {
	int		 type;		/* of the element */
	const char	*attr;
	xmlRegexpPtr	 re;		/* shared by equal patterns */
	int		 first;		/* the one to free */
	int		 ident;		/* the identifier's (sp_ident_ascii) */
};

/*
 * The state of the quick read, below the reader. libxml2's validation
 * context keeps the last element pushed and names it in a later message
 * (a fault in the text after it): that element, and the parts read
 * since (one of which it may come from), are kept until the next one is
 * pushed.
 */
struct quick {
	xmlRelaxNGValidCtxtPtr	 vc;
	struct sp_node		*cur;	/* the open element, in the model */
	xmlNodePtr		 whole;	/* the open element taken whole */
	xmlNodePtr		 pushed;	/* the last element pushed */
	xmlNodePtr		 kept;		/* it, when it has ended */
	xmlDocPtr		 kept_part[MAXDEPTH + 1];	/* see above */
	int			 nkept_part;
	struct sp_buf		 text;		/* see quick_text */
	const char		*file;	/* being read: the master or a part */
	const char		*chain[MAXDEPTH + 1];	/* the way to it */
	int			 depth;
	struct qpattern		*pat;	/* see schema_without_patterns */
	int			 npat;
	struct sp_arena		*grammar;	/* the schema's words */
};

/* A problem found while reading: said, or in the quick read (see
 * quick_read) only counted, since the careful read that follows it
 * says everything in its order. */
static void __attribute__((format(printf, 5, 6)))
say(struct reader *r, enum sp_level lv, const char *file, int line,
    const char *fmt, ...)
{
	va_list	ap;

	r->errors++;
	if (r->quiet)
		return;
	va_start(ap, fmt);
	sp_vmsg(lv, file, line, fmt, ap);
	va_end(ap);
}

/* Report each element once, however many messages libxml2 has for it. */
static int
seen(struct reader *r, xmlNodePtr n)
{
	int	i;

	for (i = 0; i < r->nseen; i++)
		if (r->seen[i] == n)
			return 1;
	if (r->nseen < 64)
		r->seen[r->nseen++] = n;
	return 0;
}

/*
 * The file a node came from. The includes are expanded here, not by
 * libxml2 (whose markers lose the href of nested includes and whose
 * xml:base is left out for a file in the same directory): every element
 * read from a part carries that part's path in _private, and a node
 * belongs to the nearest marked element at or above it.
 */
/* Where an element of a part was read: kept in _private, since moving
 * the element into the master loses libxml2's own line number. An
 * element past line 65535 has one from the start (see start_element),
 * with FILE NULL until a part claims it. */
struct origin {
	const char	*file;
	int		 line;
};

static const char *
node_file(struct reader *r, xmlNodePtr n)
{
	for (; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
		if (n->_private != NULL &&
		    ((struct origin *)n->_private)->file != NULL)
			return ((struct origin *)n->_private)->file;
	return r->master;
}

/* The line of a node, in the file node_file names. */
static int
node_line(xmlNodePtr n)
{
	if (n != NULL && n->type != XML_ELEMENT_NODE && n->parent != NULL &&
	    n->parent->type == XML_ELEMENT_NODE)
		n = n->parent;
	if (n != NULL && n->_private != NULL)
		return ((struct origin *)n->_private)->line;
	return n != NULL ? (int)xmlGetLineNo(n) : 0;
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct reader	*r = ctx;
	const char	*file = e->file;
	int		 line = e->line;
	char		*msg, *p;

	if (e->level == XML_ERR_WARNING)
		return;
	if (e->node != NULL &&
	    ((xmlNodePtr)e->node)->type == XML_ELEMENT_NODE) {
		file = node_file(r, e->node);
		line = node_line(e->node);
	}
	if (file == NULL)
		file = r->master;
	msg = sp_strdup(e->message != NULL ? e->message : "unknown error");
	for (p = msg + strlen(msg); p > msg && (p[-1] == '\n' || p[-1] == ' ');)
		*--p = '\0';
	for (p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';	/* one message, one line */
	/* "Element X failed to validate attributes" names no attribute and,
	 * in a choice, often the wrong node: placed and explained after
	 * validation (see locate), like those without a node */
	if (e->domain == XML_FROM_RELAXNGV && (e->node == NULL ||
	    strstr(msg, " failed to validate attributes") != NULL)) {
		int i;

		/* placed after validation, see locate() */
		for (i = 0; i < r->nnodeless; i++)
			if (strcmp(r->nodeless[i], msg) == 0)
				break;
		if (i < r->nnodeless)
			free(msg);
		else if (r->nnodeless < 8)
			r->nodeless[r->nnodeless++] = msg;
		else
			free(msg);
		r->errors++;
		return;
	}
	/* "Invalid attribute A for element E" does not say what is wrong
	 * with the value (a date as 1.4.2026): explained after validation
	 * from the schema, see explain_attrs() */
	if (e->domain == XML_FROM_RELAXNGV && e->node != NULL &&
	    strncmp(msg, "Invalid attribute ", 18) == 0 &&
	    r->nbadattr < 8 && !seen(r, e->node)) {
		r->badattr[r->nbadattr] = e->node;
		r->badattrmsg[r->nbadattr++] = msg;
		r->errors++;
		return;
	}
	if (e->domain == XML_FROM_RELAXNGV && e->node != NULL &&
	    seen(r, e->node))
		;
	else if (e->domain == XML_FROM_RELAXNGV && e->node != NULL)
		sp_msg(SP_ERROR, file, line, "schema: %s (element <%s>)",
		    msg, ((xmlNodePtr)e->node)->name);
	else if (e->domain == XML_FROM_RELAXNGV)
		sp_msg(SP_ERROR, file, line, "schema: %s", msg);
	else if (strcmp(file, r->lastfile) == 0)
		;	/* the first well-formedness error in a file is the
			 * one; libxml2's next ones follow from it */
	else {
		char *plain = sp_plain_words(msg);

		sp_msg(SP_ERROR, file, line, "%s", plain != NULL ? plain : msg);
		free(plain);
		snprintf(r->lastfile, sizeof(r->lastfile), "%s", file);
	}
	free(msg);
	r->errors++;
}

/* Report odd characters (see sp_text_fault) in S at FILE:LINE. */
static void
check_chars(struct reader *r, const char *s, const char *file, int line)
{
	char	*fault = sp_text_fault(s);

	if (fault != NULL)
		say(r, SP_ERROR, file, line, "%s", fault);
	free(fault);
}

/* Is AT xml:lang (the language of a passage, kept as "xml:lang")? */
static int
xml_lang(const xmlAttr *at)
{
	return at->ns != NULL && at->ns->prefix != NULL &&
	    xmlStrEqual(at->ns->prefix, BAD_CAST "xml") &&
	    xmlStrEqual(at->name, BAD_CAST "lang");
}


/* The model's text for X's CONTENT below PARENT; NULL for white space
 * between structural elements, which means nothing. */
static struct sp_node *
text_node(struct reader *r, const xmlChar *content, struct sp_node *parent,
    const char *file)
{
	struct sp_node	*n;
	size_t		 len;

	if (parent != NULL && !sp_type_prose(parent->type) &&
	    sp_blank((const char *)content))
		return NULL;
	len = content != NULL ? strlen((const char *)content) : 0;
	n = sp_arena_alloc(r->plan->arena, sizeof(*n));
	n->type = SP_TEXT;
	n->text = sp_arena_strndup(r->plan->arena, (const char *)content, len);
	n->file = file;
	n->line = parent != NULL ? parent->line : 0;
	check_chars(r, n->text, file, n->line);
	if (len > MAXTEXT)
		say(r, SP_ERROR, file, n->line, "a text of %zu bytes without "
		    "markup; split it (1 MB at most)", len);
	n->parent = parent;
	return n;
}

/* Whether VALUE of the attribute NAME (in no namespace) of an element
 * of type T matches the patterns the quick read took out of the schema;
 * a value with white space to fold is left to the careful read. */
static int
pattern_ok(const struct quick *q, int t, const char *name, const char *value)
{
	int	i;

	for (i = 0; i < q->npat; i++)
		if (q->pat[i].type == t && strcmp(q->pat[i].attr, name) == 0 &&
		    (!sp_folded(value) || (!(q->pat[i].ident &&
		    sp_ident_ascii(value)) &&
		    xmlRegexpExec(q->pat[i].re, (const xmlChar *)value) != 1)))
			return 0;
	return 1;
}

/* The model's element for X (read from FILE) with its attributes but
 * none of its children; NULL after reporting an unknown element. */
static struct sp_node *
element_node(struct reader *r, xmlNodePtr x, struct sp_node *parent,
    const char *file)
{
	struct sp_arena	*a = r->plan->arena;
	struct sp_node	*n;
	xmlAttrPtr	 at;
	int		 t, i;

	if ((t = sp_type_of((const char *)x->name)) < 0) {
		/* The schema forbids this; keep going to report more. */
		say(r, SP_ERROR, file, node_line(x), "unknown element <%s>",
		    x->name);
		return NULL;
	}
	n = sp_arena_alloc(a, sizeof(*n));
	n->type = (enum sp_type)t;
	n->file = file;
	n->line = node_line(x);
	n->parent = parent;
	for (at = x->properties, i = 0; at != NULL; at = at->next)
		if (at->ns == NULL || xml_lang(at))
			i++;
	if (i > 0)
		n->attrs = sp_arena_alloc(a, sizeof(struct sp_attr) * i);
	for (at = x->properties; at != NULL; at = at->next) {
		xmlChar *v = NULL;
		const xmlChar *val;

		if (at->ns != NULL && !xml_lang(at))
			continue;
		/* the value's text: mostly one piece, nothing to join */
		if (at->children != NULL && at->children->next == NULL &&
		    at->children->type == XML_TEXT_NODE)
			val = at->children->content;
		else
			val = v = xmlNodeListGetString(x->doc, at->children, 1);
		if (r->quick != NULL && at->ns == NULL &&
		    !pattern_ok(r->quick, t, (const char *)at->name,
		    val != NULL ? (const char *)val : ""))
			r->errors++;
		n->attrs[n->nattrs].name = at->ns != NULL ? "xml:lang" :
		    sp_name_copy(&r->names, r->plan->arena,
		    (const char *)at->name);
		/* the schema's values are tokens: white space collapsed,
		 * as RelaxNG compared them */
		n->attrs[n->nattrs].value = sp_collapse(a,
		    val != NULL ? (const char *)val : "");
		check_chars(r, n->attrs[n->nattrs].value, file, n->line);
		n->nattrs++;
		xmlFree(v);
	}
	return n;
}

/* C as the last child of N. */
static void
append(struct sp_node *n, struct sp_node *c)
{
	c->prev = n->last;
	if (n->last != NULL)
		n->last->next = c;
	else
		n->first = c;
	n->last = c;
}

/* The model of the subtree X below PARENT; with OWN, each child of X is
 * freed once converted. */
static struct sp_node *
convert(struct reader *r, xmlNodePtr x, struct sp_node *parent,
    const char *file, int own)
{
	struct sp_node	*n, *c;
	xmlNodePtr	 xc, next;

	if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
		return text_node(r, x->content, parent, file);
	if (x->type != XML_ELEMENT_NODE)
		return NULL;
	if (x->_private != NULL && ((struct origin *)x->_private)->file != NULL)
		file = ((struct origin *)x->_private)->file;	/* a part's */
	if ((n = element_node(r, x, parent, file)) == NULL)
		return NULL;
	for (xc = x->children; xc != NULL; xc = next) {
		next = xc->next;
		c = convert(r, xc, n, file, own);
		/* the model has what it needs of the subtree: give it back
		 * now, so that the tree and the model do not both peak */
		if (own) {
			xmlUnlinkNode(xc);
			xmlFreeNode(xc);
		}
		if (c != NULL)
			append(n, c);
	}
	return n;
}

/* Refuse what can reach outside the master: DTDs and entity references. */
static void
check_safety(struct reader *r, xmlDocPtr doc)
{
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		sp_msg(SP_ERROR, r->master, sp_doctype_line(r->master),
		    "a DOCTYPE is not allowed in the master");
		r->errors++;
	}
}

static void
walk_entities(struct reader *r, xmlNodePtr x)
{
	for (; x != NULL; x = x->next) {
		if (x->type == XML_ENTITY_REF_NODE) {
			sp_msg(SP_ERROR, node_file(r, x->parent),
			    node_line(x->parent),
			    "entity reference &%s; is not allowed", x->name);
			r->errors++;
		}
		if (x->type == XML_ELEMENT_NODE)
			walk_entities(r, x->children);
	}
}

static struct sp_xml *xml_convert(struct sp_arena *, xmlNodePtr);

/*
 * libxml2 reports some RelaxNG failures (an attribute missing or wrong
 * inside a choice) without the node. For those we look at the schema
 * ourselves (see sp_schema_fault): the attributes each element may and
 * must have, and their values, then point at the first element that
 * breaks them.
 */
static int
xsd_matches(const char *pattern, const char *value)
{
	xmlRegexpPtr	re = xmlRegexpCompile((const xmlChar *)pattern);
	int		ok = re == NULL ||
			    xmlRegexpExec(re, (const xmlChar *)value) == 1;

	if (re != NULL)
		xmlRegFreeRegexp(re);
	return ok;
}

/* What GRAMMAR finds wrong with the attributes of X, or NULL. */
static char *
node_fault(const struct sp_xml *grammar, xmlNodePtr x)
{
	struct sp_xattr	*attrs;
	xmlAttrPtr	 at;
	char		*fault;
	int		 n = 0, i;

	for (at = x->properties; at != NULL; at = at->next)
		n++;
	attrs = sp_calloc(n + 1, sizeof(*attrs));
	for (at = x->properties, i = 0; at != NULL; at = at->next, i++) {
		attrs[i].name = (const char *)at->name;
		attrs[i].value = (const char *)xmlNodeListGetString(x->doc,
		    at->children, 1);
		if (attrs[i].value == NULL)
			attrs[i].value = (const char *)xmlStrdup(
			    (const xmlChar *)"");
		attrs[i].ns = at->ns != NULL;
	}
	fault = sp_schema_fault(grammar, (const char *)x->name, attrs, n,
	    xsd_matches);
	for (i = 0; i < n; i++)
		xmlFree((xmlChar *)attrs[i].value);
	free(attrs);
	return fault;
}

/* Each element libxml2 said has an invalid attribute, at its line, with
 * what the schema wants of the value where that can be said. */
static void
explain_attrs(struct reader *r, const struct sp_xml *grammar)
{
	int	i;

	for (i = 0; i < r->nbadattr; i++) {
		xmlNodePtr x = r->badattr[i];
		char *fault = grammar != NULL ? node_fault(grammar, x) : NULL;

		if (fault != NULL)
			sp_msg(SP_ERROR, node_file(r, x), node_line(x),
			    "schema: <%s> %s", x->name, fault);
		else
			sp_msg(SP_ERROR, node_file(r, x), node_line(x),
			    "schema: %s (element <%s>)", r->badattrmsg[i],
			    x->name);
		free(fault);
		free(r->badattrmsg[i]);
	}
	r->nbadattr = 0;
}

/* Report the elements NAME below X whose attributes GRAMMAR finds
 * wrong; how many there are. */
static int
locate(struct reader *r, const struct sp_xml *grammar, xmlNodePtr x,
    const xmlChar *name)
{
	int	found = 0;
	char	*fault;

	for (; x != NULL; x = x->next) {
		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(x->name, name) &&
		    (fault = node_fault(grammar, x)) != NULL) {
			if (!seen(r, x))
				sp_msg(SP_ERROR, node_file(r, x),
				    node_line(x), "schema: <%s> %s", name,
				    fault);
			free(fault);
			found++;
		}
		found += locate(r, grammar, x->children, name);
	}
	return found;
}

static int
validate(struct reader *r, xmlDocPtr doc, const char *schema)
{
	xmlRelaxNGParserCtxtPtr	 pc;
	xmlRelaxNGPtr		 rng;
	xmlRelaxNGValidCtxtPtr	 vc;
	int			 rc;

	if ((pc = xmlRelaxNGNewParserCtxt(schema)) == NULL) {
		sp_msg(SP_SYSERR, schema, 0, "cannot read the schema");
		return -1;
	}
	xmlRelaxNGSetParserStructuredErrors(pc, on_error, r);
	rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (rng == NULL) {
		sp_msg(SP_SYSERR, schema, 0, "cannot compile the schema");
		return -1;
	}
	vc = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vc, on_error, r);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	if (r->nnodeless > 0 || r->nbadattr > 0) {
		struct sp_arena *a = sp_arena_new();
		xmlDocPtr sd = xmlReadFile(schema, NULL, XML_PARSE_NONET);
		struct sp_xml *grammar = sd != NULL &&
		    xmlDocGetRootElement(sd) != NULL ?
		    xml_convert(a, xmlDocGetRootElement(sd)) : NULL;
		int i;

		if (sd != NULL)
			xmlFreeDoc(sd);
		for (i = 0; i < r->nnodeless; i++) {
			char name[128];
			const char *m = r->nodeless[i];
			int placed = 0;

			if (grammar != NULL &&
			    sscanf(m, "Element %127s", name) == 1)
				placed = locate(r, grammar,
				    xmlDocGetRootElement(doc),
				    (const xmlChar *)name);
			if (!placed)
				sp_msg(SP_ERROR, r->master, 0, "schema: %s", m);
			free(r->nodeless[i]);
		}
		r->nnodeless = 0;
		explain_attrs(r, grammar);
		sp_arena_free(a);
	}
	if (rc != 0 && r->errors == 0) {
		sp_msg(SP_ERROR, r->master, 0, "schema: the master is not valid");
		r->errors++;
	}
	return rc == 0 ? 0 : -1;
}

#define XINCLUDE_NS	"http://www.w3.org/2001/XInclude"

/*
 * libxml2 keeps an element's line in 16 bits: past line 65535 it has
 * 65535 and guesses from the text around. The line the start tag ends
 * on, as libxml2 takes it below that, is kept in an origin instead.
 */
static void
line_past_16bits(xmlParserCtxtPtr c)
{
	struct reader	*r = c->_private;
	struct origin	*o;

	if (c->node != NULL && c->node->line == 65535 && c->input != NULL &&
	    c->node->_private == NULL) {
		o = sp_arena_alloc(r->plan->arena, sizeof(*o));
		o->line = c->input->line;
		c->node->_private = o;
	}
}

static void
start_element(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattr,
	    ndefaulted, attrs);
	line_past_16bits(ctx);
}

/* A parser that builds the whole tree, with the lines of start_element. */
static xmlParserCtxtPtr
new_parser(struct reader *r)
{
	xmlParserCtxtPtr c = xmlNewParserCtxt();

	if (c != NULL) {
		c->_private = r;
		c->sax->startElementNs = start_element;
	}
	return c;
}

/* Mark N and everything below it as read from FILE, at its lines. */
static void
mark(struct reader *r, xmlNodePtr n, const char *file)
{
	struct origin	*o;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || (n->_private != NULL &&
		    ((struct origin *)n->_private)->file != NULL))
			continue;	/* marked already: an inner part */
		if ((o = n->_private) == NULL) {
			o = sp_arena_alloc(r->plan->arena, sizeof(*o));
			o->line = (int)xmlGetLineNo(n);
			n->_private = o;
		}
		o->file = file;
		mark(r, n->children, file);
	}
}

static int	expand(struct reader *, xmlDocPtr, xmlNodePtr, const char *,
		    const char **, int);

/*
 * The path of the part the xi:include element INC (in FILE, which was
 * reached through CHAIN) names: only parse="xml" includes of local files,
 * neither a part already on the way down nor one too deep. NULL after
 * reporting at the include's line.
 */
static const char *
part_path(struct reader *r, xmlNodePtr inc, const char *file,
    const char **chain, int depth)
{
	xmlChar		*href = xmlGetProp(inc, (const xmlChar *)"href");
	xmlChar		*parse = xmlGetProp(inc, (const xmlChar *)"parse");
	const char	*path = NULL, *slash = strrchr(file, '/');
	int		 line = node_line(inc), i;

	if (href == NULL || *href == '\0' ||
	    strstr((const char *)href, "://") != NULL) {
		say(r, SP_ERROR, file, line, "xi:include needs the href of a "
		    "local file");
		goto out;
	}
	if (parse != NULL && !xmlStrEqual(parse, (const xmlChar *)"xml")) {
		say(r, SP_ERROR, file, line, "xi:include parse=\"%s\" is not "
		    "supported", parse);
		goto out;
	}
	if (href[0] == '/') {
		say(r, SP_ERROR, file, line, "xi:include href=\"%s\" is an "
		    "absolute path; name the part relative to %s", href, file);
		goto out;
	}
	if (slash == NULL)
		path = sp_arena_strdup(r->plan->arena, (const char *)href);
	else {
		char *p = sp_printf("%.*s/%s", (int)(slash - file), file,
		    (const char *)href);

		path = sp_arena_strdup(r->plan->arena, p);
		free(p);
	}
	for (i = 0; i < depth; i++)
		if (strcmp(chain[i], path) == 0) {
			say(r, SP_ERROR, file, line, "%s includes itself",
			    path);
			path = NULL;
			goto out;
		}
	if (depth >= MAXDEPTH) {
		say(r, SP_ERROR, file, line, "includes nest too deeply");
		path = NULL;
	}
out:
	xmlFree(href);
	xmlFree(parse);
	return path;
}

/*
 * Read the part the xi:include element INC (in FILE, which was reached
 * through CHAIN) names (see part_path), with its own parts expanded in
 * turn and every element marked with its file and line. Returns the
 * part's root element in *SUB (the caller frees *SUB), or NULL after
 * reporting at the include's line.
 */
static xmlNodePtr
load_part(struct reader *r, xmlNodePtr inc, const char *file,
    const char **chain, int depth, xmlDocPtr *subp)
{
	xmlParserCtxtPtr ctx = NULL;
	xmlDocPtr	 sub = NULL;
	xmlNodePtr	 root = NULL;
	const char	*path, *why;
	char		*buf = NULL;
	size_t		 len;
	int		 line = node_line(inc), errs = r->errors;

	if ((path = part_path(r, inc, file, chain, depth)) == NULL)
		goto out;
	if ((buf = sp_file_load(path, r->root, MAXFILE, &len, &why)) == NULL) {
		say(r, SP_ERROR, file, line, "cannot include %s: %s%s", path,
		    why, errno == EFBIG ? " (64 MB at most)" : "");
		goto out;
	}
	ctx = new_parser(r);
	sub = xmlCtxtReadMemory(ctx, buf, (int)len, path, NULL, PARSE_OPTS);
	if (sub == NULL && r->errors == errs)
		say(r, SP_ERROR, path, 1, "not an XML document");
	if (sub == NULL || r->errors > errs)
		goto out;		/* reported with the part's file:line */
	if (sub->intSubset != NULL || sub->extSubset != NULL) {
		say(r, SP_ERROR, path, sp_doctype_line(path), "a DOCTYPE is not "
		    "allowed in a part of the master");
		goto out;
	}
	if ((root = xmlDocGetRootElement(sub)) == NULL) {
		r->errors++;
		goto out;
	}
	chain[depth] = path;
	if (expand(r, sub, root, path, chain, depth + 1) != 0) {
		root = NULL;
		goto out;
	}
	mark(r, root, path);	/* after the inner parts marked theirs */
out:
	if (root == NULL && r->errors == errs)
		r->errors++;
	if (root == NULL && sub != NULL) {
		xmlFreeDoc(sub);
		sub = NULL;
	}
	*subp = sub;
	if (ctx != NULL)
		xmlFreeParserCtxt(ctx);
	free(buf);
	return root;
}

/*
 * Replace the xi:include element INC (in FILE, which was reached through
 * CHAIN) by the root element of the part it names (see load_part);
 * 0 or -1 after reporting.
 */
static int
include(struct reader *r, xmlDocPtr doc, xmlNodePtr inc, const char *file,
    const char **chain, int depth)
{
	xmlDocPtr	 sub = NULL;
	xmlNodePtr	 root;

	if ((root = load_part(r, inc, file, chain, depth, &sub)) == NULL)
		return -1;
	/* move the part's root into the master where the include was */
	xmlUnlinkNode(root);
	if (xmlDOMWrapAdoptNode(NULL, sub, root, doc, inc->parent, 0) != 0) {
		say(r, SP_SYSERR, chain[depth], 0, "cannot move the part into "
		    "the master");
		xmlFreeNode(root);
		xmlFreeDoc(sub);
		return -1;
	}
	xmlAddPrevSibling(inc, root);
	xmlUnlinkNode(inc);
	xmlFreeNode(inc);
	xmlFreeDoc(sub);
	return 0;
}

/* Expand every xi:include below N (read from FILE). */
static int
expand(struct reader *r, xmlDocPtr doc, xmlNodePtr n, const char *file,
    const char **chain, int depth)
{
	xmlNodePtr	 c, next;
	int		 rc = 0;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && xmlStrEqual(c->ns->href,
		    (const xmlChar *)XINCLUDE_NS) &&
		    xmlStrEqual(c->name, (const xmlChar *)"include")) {
			if (include(r, doc, c, file, chain, depth) != 0)
				rc = -1;
		} else if (expand(r, doc, c, file, chain, depth) != 0)
			rc = -1;
	}
	return rc;
}

/*
 * The quick read: the master and its parts streamed through libxml2's
 * push parser, checked against the schema element by element as they
 * come (RelaxNG's push interface) and turned into the model at once, so
 * that no whole tree is ever held, of the master or of a part (a master
 * of 10,000 tiltak peaked at 66 MB with the whole tree). It succeeds only
 * on a master without a fault: at the first one it gives up without a
 * word, and the careful read below (the whole tree, the includes, the
 * schema, then the model) reports every fault with its file and line.
 */
static void
count_error(void *ctx, xmlErrorPtr e)
{
	if (e->level != XML_ERR_WARNING)
		((struct reader *)ctx)->errors++;
}

static int
is_include(xmlNodePtr x)
{
	return x->ns != NULL && xmlStrEqual(x->ns->href,
	    (const xmlChar *)XINCLUDE_NS) &&
	    xmlStrEqual(x->name, (const xmlChar *)"include");
}

static int	quick_part(struct reader *, struct quick *, xmlNodePtr);

/* Free what was kept for the validation context's sake. */
static void
release(struct quick *q)
{
	if (q->kept != NULL)
		xmlFreeNode(q->kept);
	while (q->nkept_part > 0)
		xmlFreeDoc(q->kept_part[--q->nkept_part]);
	q->kept = NULL;
}

/* Push element X of DOC on the stream: 1, 0 (to be checked whole) or
 * -1 (see xmlRelaxNGValidatePushElement). */
static int
push(struct quick *q, xmlDocPtr doc, xmlNodePtr x)
{
	int	rc = xmlRelaxNGValidatePushElement(q->vc, doc, x);

	q->pushed = x;
	release(q);		/* the context names X now */
	return rc;
}

/* Give up the quick read (see quick_read); the parser is stopped when
 * the callback has done its part (it frees the text it reads from). */
static void
quick_fail(xmlParserCtxtPtr c)
{
	((struct reader *)c->_private)->errors++;
}

static void
stop_at_fault(xmlParserCtxtPtr c)
{
	if (((struct reader *)c->_private)->errors > 0)
		xmlStopParser(c);
}

/* Check and convert the text read since the last element began or
 * ended, or the last comment: one text of the model, as the tree would
 * have it (see quick_text); P, the open element, has nothing below. */
static void
quick_flush(xmlParserCtxtPtr c, xmlNodePtr p)
{
	struct reader	*r = c->_private;
	struct quick	*q = r->quick;
	struct sp_node	*n;

	if (p->children != NULL)
		quick_fail(c);
	if (q->text.len == 0 || r->errors > 0)
		return;
	if (xmlRelaxNGValidatePushCData(q->vc, (const xmlChar *)q->text.s,
	    (int)q->text.len) != 1)
		quick_fail(c);
	else if ((n = text_node(r, (const xmlChar *)q->text.s, q->cur,
	    q->file)) != NULL)
		append(q->cur, n);
	q->text.len = 0;
}

/* Whether text is gathered (see quick_text), not made tree nodes: in
 * an element streamed, not one taken whole. */
static int
gathering(xmlParserCtxtPtr c)
{
	return ((struct reader *)c->_private)->quick->whole == NULL &&
	    c->node != NULL;
}

/* Text in the open element: gathered, not made a node of the tree. */
static void
quick_text(void *ctx, const xmlChar *ch, int len)
{
	if (gathering(ctx))
		sp_buf_put(&((struct reader *)((xmlParserCtxtPtr)ctx)->
		    _private)->quick->text, (const char *)ch, (size_t)len);
	else
		xmlSAX2Characters(ctx, ch, len);
}

/* A comment or processing instruction ends a text, as in the tree. */
static void
quick_comment(void *ctx, const xmlChar *value)
{
	if (gathering(ctx))
		quick_flush(ctx, ((xmlParserCtxtPtr)ctx)->node);
	else
		xmlSAX2Comment(ctx, value);
}

static void
quick_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (gathering(ctx))
		quick_flush(ctx, ((xmlParserCtxtPtr)ctx)->node);
	else
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* An entity reference: the careful read says what is wrong. */
static void
quick_reference(void *ctx, const xmlChar *name)
{
	(void)name;
	quick_fail(ctx);
}

static void
quick_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr c = ctx;
	struct reader	*r = c->_private;
	struct quick	*q = r->quick;
	struct sp_node	*n;
	xmlNodePtr	 x;

	if (q->whole == NULL && c->node != NULL)
		quick_flush(c, c->node);
	start_element(ctx, name, prefix, uri, nns, ns, nattr, ndefaulted,
	    attrs);
	if (q->whole != NULL || r->errors > 0)
		goto out;
	if ((x = c->node) == NULL) {
		quick_fail(c);
		goto out;
	}
	if (is_include(x)) {
		/* the part comes at its end; the root of the master or of
		 * a part is not expanded (see expand) */
		if (x->parent == NULL || x->parent->type != XML_ELEMENT_NODE)
			quick_fail(c);
		q->whole = x;
		goto out;
	}
	switch (push(q, c->myDoc, x)) {
	case 1:
		if ((n = element_node(r, x, q->cur, q->file)) == NULL)
			quick_fail(c);
		else if (q->cur != NULL)
			append(q->cur, n);
		else
			r->plan->root = n;
		q->cur = n;
		break;
	case 0:		/* content the schema checks only as a whole */
		if (x->parent == NULL || x->parent->type != XML_ELEMENT_NODE)
			quick_fail(c);
		q->whole = x;
		break;
	default:
		quick_fail(c);
	}
out:
	stop_at_fault(c);
}

static void
quick_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	struct reader	*r = c->_private;
	struct quick	*q = r->quick;
	struct sp_node	*n;
	xmlNodePtr	 x = c->node;

	xmlSAX2EndElementNs(ctx, name, prefix, uri);
	if (r->errors > 0 || x == NULL || (q->whole != NULL && q->whole != x))
		goto out;
	if (q->whole == x) {
		q->whole = NULL;
		if (is_include(x)) {
			if (quick_part(r, q, x) != 0)
				quick_fail(c);
		} else if (xmlRelaxNGValidateFullElement(q->vc, c->myDoc, x)
		    != 1 || (n = convert(r, x, q->cur, q->file, 1)) == NULL)
			quick_fail(c);
		else
			append(q->cur, n);
	} else {
		quick_flush(c, x);
		if (r->errors == 0 &&
		    xmlRelaxNGValidatePopElement(q->vc, c->myDoc, x) != 1)
			quick_fail(c);
		q->cur = q->cur->parent;
	}
	/* the model has it all: the tree never holds more than the way
	 * down to the element being read */
	xmlUnlinkNode(x);
	if (x == q->pushed) {
		release(q);
		q->kept = x;
	} else
		xmlFreeNode(x);
out:
	stop_at_fault(c);
}

static void
quick_doctype(void *ctx, const xmlChar *name, const xmlChar *id,
    const xmlChar *sys)
{
	(void)name;
	(void)id;
	(void)sys;
	quick_fail(ctx);
	xmlStopParser(ctx);
}

/*
 * The schema for the quick read: libxml2 compiles an attribute's XSD
 * pattern again for every value it checks (a third of reading a big
 * master), so the patterns sp_schema_patterns finds are taken out of it
 * and compiled once into Q, and element_node checks them (see
 * pattern_ok). NULL if the schema cannot be read.
 */
static xmlRelaxNGPtr
schema_without_patterns(struct reader *r, struct quick *q, const char *schema)
{
	xmlDocPtr		 sd = xmlReadFile(schema, NULL, XML_PARSE_NONET);
	xmlNodePtr		 x, next, *gone;
	xmlRelaxNGParserCtxtPtr	 pc;
	xmlRelaxNGPtr		 rng;
	struct sp_pattern	*pat = NULL;
	int			 n = 0, i, j, at = 0;

	if (sd == NULL || xmlDocGetRootElement(sd) == NULL) {
		xmlFreeDoc(sd);
		return NULL;
	}
	q->grammar = sp_arena_new();
	n = sp_schema_patterns(xml_convert(q->grammar,
	    xmlDocGetRootElement(sd)), &pat);
	q->pat = sp_calloc(n + 1, sizeof(*q->pat));
	gone = sp_calloc(n + 1, sizeof(*gone));
	/* the elements in document order, as sp_schema_patterns counts */
	for (x = xmlDocGetRootElement(sd); x != NULL; x = next) {
		for (i = 0; i < n; i++)
			if (pat[i].param == at)
				gone[i] = x;
		at++;
		for (next = x->children; next != NULL &&
		    next->type != XML_ELEMENT_NODE;)
			next = next->next;
		while (next == NULL && x != NULL) {
			for (next = x->next; next != NULL &&
			    next->type != XML_ELEMENT_NODE;)
				next = next->next;
			if (next == NULL && (x = x->parent) != NULL &&
			    x->type != XML_ELEMENT_NODE)
				x = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		q->pat[i].type = sp_type_of(pat[i].elem);
		q->pat[i].attr = pat[i].attr;
		for (j = 0; j < i && strcmp(pat[j].pattern, pat[i].pattern);)
			j++;
		q->pat[i].first = j == i;
		q->pat[i].ident = sp_pattern_ascii(pat[i].pattern);
		q->pat[i].re = j < i ? q->pat[j].re :
		    xmlRegexpCompile((const xmlChar *)pat[i].pattern);
		if (gone[i] == NULL || q->pat[i].re == NULL)
			r->errors++;	/* not as counted: no quick read */
	}
	q->npat = n;
	for (i = 0; i < n; i++)		/* each <param> once */
		if ((x = gone[i]) != NULL) {
			for (j = i; j < n; j++)
				if (gone[j] == x)
					gone[j] = NULL;
			xmlUnlinkNode(x);
			xmlFreeNode(x);
		}
	free(gone);
	free(pat);
	pc = xmlRelaxNGNewDocParserCtxt(sd);
	xmlRelaxNGSetParserStructuredErrors(pc, count_error, r);
	rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	xmlFreeDoc(sd);
	return rng;
}

/* The master is fed to the parser in pieces of this size: the file's
 * text is never held whole either. */
#define PIECE	((size_t)256 << 10)

/* A push parser for FILE that streams it into the quick read. */
static xmlParserCtxtPtr
quick_parser(struct reader *r, const char *file)
{
	xmlParserCtxtPtr c = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, file);

	if (c == NULL)
		return NULL;
	xmlCtxtUseOptions(c, PARSE_OPTS);
	c->_private = r;
	c->sax->startElementNs = quick_start;
	c->sax->endElementNs = quick_end;
	c->sax->characters = quick_text;
	c->sax->ignorableWhitespace = quick_text;
	c->sax->comment = quick_comment;
	c->sax->processingInstruction = quick_pi;
	c->sax->reference = quick_reference;
	c->sax->internalSubset = quick_doctype;
	c->sax->externalSubset = quick_doctype;
	return c;
}

/* Whether parser C read a whole document without a fault. */
static int
quick_done(struct reader *r, xmlParserCtxtPtr c)
{
	return r->errors == 0 && c->wellFormed && c->myDoc != NULL &&
	    c->myDoc->intSubset == NULL && c->myDoc->extSubset == NULL;
}

/*
 * The part the xi:include element INC names (see part_path), streamed
 * as the master is, with a parser of its own, its root below the open
 * element; its parts in turn from quick_end. Its tree is kept (see
 * struct quick). 0, or -1 at a fault.
 */
static int
quick_part(struct reader *r, struct quick *q, xmlNodePtr inc)
{
	xmlParserCtxtPtr c;
	struct sp_node	*cur = q->cur, *last;
	const char	*path, *file = q->file, *why;
	char		*buf;
	size_t		 len;
	int		 ok;

	if (cur == NULL ||
	    (path = part_path(r, inc, q->file, q->chain, q->depth)) == NULL)
		return -1;
	if ((buf = sp_file_load(path, r->root, MAXFILE, &len, &why)) == NULL)
		return -1;
	if ((c = quick_parser(r, path)) == NULL) {
		free(buf);
		return -1;
	}
	last = cur->last;
	q->chain[q->depth++] = path;
	q->file = path;
	ok = xmlParseChunk(c, buf, (int)len, 1) == 0 && quick_done(r, c) &&
	    q->cur == cur && cur->last != last && cur->last->prev == last;
	q->file = file;
	q->depth--;
	free(buf);
	if (c->myDoc != NULL && q->nkept_part <= MAXDEPTH)
		q->kept_part[q->nkept_part++] = c->myDoc;
	else if (c->myDoc != NULL) {
		ok = 0;		/* cannot be: only nested parts end with
				 * no element pushed between them */
		xmlFreeDoc(c->myDoc);
	}
	c->myDoc = NULL;
	xmlFreeParserCtxt(c);
	return ok ? 0 : -1;
}

static int
quick_read(struct reader *r, const char *schema)
{
	xmlRelaxNGPtr		 rng = NULL;
	xmlParserCtxtPtr	 c = NULL;
	struct quick		 q;
	struct stat		 sb;
	char			*piece = NULL;
	size_t			 total = 0;
	ssize_t			 n;
	int			 fd;

	memset(&q, 0, sizeof(q));
	r->quiet = 1;
	r->quick = &q;
	xmlSetStructuredErrorFunc(r, count_error);
	/* only a regular file within the limit; anything else is said by
	 * the careful read */
	if ((fd = open(r->master, O_RDONLY | O_NONBLOCK | O_NOCTTY)) < 0)
		goto out;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uintmax_t)sb.st_size > MAXFILE)
		goto out;
	rng = schema_without_patterns(r, &q, schema);
	if (rng == NULL || r->errors > 0 ||
	    (q.vc = xmlRelaxNGNewValidCtxt(rng)) == NULL ||
	    (c = quick_parser(r, r->master)) == NULL)
		goto out;
	xmlRelaxNGSetValidStructuredErrors(q.vc, count_error, r);
	q.file = q.chain[0] = r->master;
	q.depth = 1;
	piece = sp_malloc(PIECE);
	while (r->errors == 0 && (n = read(fd, piece, PIECE)) != 0) {
		if (n < 0 || (total += (size_t)n) > MAXFILE ||
		    xmlParseChunk(c, piece, (int)n, 0) != 0)
			r->errors++;
	}
	if (r->errors == 0 && xmlParseChunk(c, NULL, 0, 1) != 0)
		r->errors++;
	if (!quick_done(r, c) || q.cur != NULL || r->plan->root == NULL)
		r->errors++;
out:
	free(piece);
	if (fd >= 0)
		close(fd);
	if (q.vc != NULL)
		xmlRelaxNGFreeValidCtxt(q.vc);
	release(&q);
	if (c != NULL) {
		if (c->myDoc != NULL)
			xmlFreeDoc(c->myDoc);
		xmlFreeParserCtxt(c);
	}
	if (rng != NULL)
		xmlRelaxNGFree(rng);
	for (n = 0; n < q.npat; n++)
		if (q.pat[n].first && q.pat[n].re != NULL)
			xmlRegFreeRegexp(q.pat[n].re);
	free(q.pat);
	sp_arena_free(q.grammar);
	sp_buf_free(&q.text);
	xmlSetStructuredErrorFunc(NULL, NULL);
	r->quiet = 0;
	r->quick = NULL;
	return c != NULL && r->errors == 0 ? 0 : -1;
}

static struct sp_plan *
new_plan(struct reader *r, const char *master)
{
	struct sp_plan	*plan = sp_calloc(1, sizeof(*plan));

	plan->arena = sp_arena_new();
	plan->path = sp_arena_strdup(plan->arena, master);
	r->plan = plan;
	r->master = plan->path;
	r->errors = 0;
	memset(&r->names, 0, sizeof(r->names));
	return plan;
}

struct sp_plan *
sp_plan_read(const char *master, const char *schema)
{
	struct reader	 r;
	xmlParserCtxtPtr ctx = NULL;
	xmlDocPtr	 doc = NULL;
	char		*found = NULL, *buf = NULL, *slash;
	struct sp_plan	*plan;
	size_t		 len;
	const char	*why;

	memset(&r, 0, sizeof(r));
	r.root = sp_strdup(master);
	if ((slash = strrchr(r.root, '/')) != NULL)
		slash[slash == r.root] = '\0';
	else
		strcpy(r.root, ".");
	if (schema == NULL)
		schema = found = sp_data_find(master, "plan/schema/sakspapir.rng");
	plan = new_plan(&r, master);
	if (schema != NULL && quick_read(&r, schema) == 0) {
		free(found);
		free(r.root);
		return plan;
	}
	/* the careful read, from a clean start */
	sp_plan_free(plan);
	plan = new_plan(&r, master);
	if ((buf = sp_file_load(master, NULL, MAXFILE, &len, &why)) == NULL) {
		sp_msg(SP_ERROR, master, 0, "cannot read the master file: %s%s",
		    why, errno == EFBIG ? " (64 MB at most)" : "");
		goto fail;
	}
	if (len > INT_MAX) {
		sp_msg(SP_ERROR, master, 0, "the master file is too large");
		goto fail;
	}
	xmlSetStructuredErrorFunc(&r, on_error);
	ctx = new_parser(&r);
	doc = xmlCtxtReadMemory(ctx, buf, (int)len, master, NULL, PARSE_OPTS);
	/* the tree has all of it: the text and the parser's buffers go */
	free(buf);
	buf = NULL;
	xmlFreeParserCtxt(ctx);
	ctx = NULL;
	if (doc == NULL && r.errors == 0)
		sp_msg(SP_ERROR, master, 1, "not an XML document");
	if (doc == NULL || r.errors)
		goto fail;
	check_safety(&r, doc);
	if (r.errors)
		goto fail;
	{
		const char *chain[MAXDEPTH + 1];

		chain[0] = r.master;
		if (expand(&r, doc, xmlDocGetRootElement(doc), r.master, chain,
		    1) != 0 || r.errors)
			goto fail;
	}
	walk_entities(&r, xmlDocGetRootElement(doc));
	if (r.errors)
		goto fail;
	if (schema == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot find schema/sakspapir.rng");
		goto fail;
	}
	if (validate(&r, doc, schema) != 0)
		goto fail;
	plan->root = convert(&r, xmlDocGetRootElement(doc), NULL, r.master, 1);
	if (r.errors || plan->root == NULL)
		goto fail;
	xmlFreeDoc(doc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(found);
	free(r.root);
	return plan;
fail:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctx != NULL)
		xmlFreeParserCtxt(ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(found);
	free(buf);
	free(r.root);
	sp_plan_free(plan);
	return NULL;
}

void
sp_plan_read_cleanup(void)
{
	xmlCleanupParser();
}

/*
 * A generic XML tree for data that is not the master: the parts of a
 * filled-in xlsx form. Kept here so that libxml2 stays behind this file.
 */
struct xml_err {
	const char	*name;
	int		 errors;
};

static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct xml_err	*x = ctx;
	char		*msg, *p;

	if (e->level == XML_ERR_WARNING || x->errors++ > 0)
		return;
	msg = sp_strdup(e->message != NULL ? e->message : "unknown error");
	for (p = msg + strlen(msg); p > msg && (p[-1] == '\n' || p[-1] == ' ');)
		*--p = '\0';
	sp_msg(SP_ERROR, x->name, e->line, "not well-formed XML: %s", msg);
	free(msg);
}

static struct sp_xml *
xml_convert(struct sp_arena *a, xmlNodePtr x)
{
	struct sp_xml	*n, *c, **tail;
	xmlAttrPtr	 at;
	xmlNodePtr	 xc;
	int		 i;

	n = sp_arena_alloc(a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
		n->text = sp_arena_strdup(a, (const char *)x->content);
		return n;
	}
	n->name = sp_arena_strdup(a, (const char *)x->name);
	for (at = x->properties, i = 0; at != NULL; at = at->next)
		i++;
	n->attrs = sp_arena_alloc(a, sizeof(struct sp_attr) * (i + 1));
	for (at = x->properties; at != NULL; at = at->next) {
		xmlChar *v = xmlNodeListGetString(x->doc, at->children, 1);

		n->attrs[n->nattrs].name =
		    sp_arena_strdup(a, (const char *)at->name);
		n->attrs[n->nattrs++].value =
		    sp_arena_strdup(a, v != NULL ? (const char *)v : "");
		xmlFree(v);
	}
	tail = &n->first;
	for (xc = x->children; xc != NULL; xc = xc->next) {
		if (xc->type != XML_ELEMENT_NODE && xc->type != XML_TEXT_NODE &&
		    xc->type != XML_CDATA_SECTION_NODE)
			continue;
		c = xml_convert(a, xc);
		*tail = c;
		tail = &c->next;
	}
	return n;
}

struct sp_xml *
sp_xml_parse(struct sp_arena *a, const char *buf, size_t len,
    const char *name)
{
	struct xml_err	 x = { name, 0 };
	xmlDocPtr	 doc;
	struct sp_xml	*root = NULL;

	if (len > (size_t)INT_MAX) {
		sp_msg(SP_ERROR, name, 0, "too large");
		return NULL;
	}
	xmlSetStructuredErrorFunc(&x, xml_error);
	/* no network, no entities substituted, no DTD loaded */
	doc = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc != NULL && x.errors == 0 && xmlDocGetRootElement(doc) != NULL)
		root = xml_convert(a, xmlDocGetRootElement(doc));
	else if (x.errors == 0)
		sp_msg(SP_ERROR, name, 0, "not well-formed XML");
	if (doc != NULL)
		xmlFreeDoc(doc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return root;
}
