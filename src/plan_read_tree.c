/*
 * plan_read_tree.c: libxml2's tree to the model, for both reads of the
 * master (plan_read.c, plan_read_quick.c): an element with its
 * attributes, a text, a subtree; where a node was read; the path of a
 * part an xi:include names. Also the plain tree of any XML (sp_xml_parse)
 * and of the schema.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "sp.h"
#include "sp_read.h"
#include "plan_read.h"

/* A problem found while reading: said, or in the quick read (see
 * pr_quick_read) only counted, since the careful read that follows it
 * says everything in its order. */
void
pr_say(struct reader *r, enum sp_level lv, const char *file, int line,
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

const char *
pr_node_file(struct reader *r, xmlNodePtr n)
{
	for (; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
		if (n->_private != NULL &&
		    ((struct origin *)n->_private)->file != NULL)
			return ((struct origin *)n->_private)->file;
	return r->master;
}

/* The line of a node, in the file node_file names. */
int
pr_node_line(xmlNodePtr n)
{
	if (n != NULL && n->type != XML_ELEMENT_NODE && n->parent != NULL &&
	    n->parent->type == XML_ELEMENT_NODE)
		n = n->parent;
	if (n != NULL && n->_private != NULL)
		return ((struct origin *)n->_private)->line;
	return n != NULL ? (int)xmlGetLineNo(n) : 0;
}

/* Report odd characters (see sp_text_fault) in S at FILE:LINE. */
static void
check_chars(struct reader *r, const char *s, const char *file, int line)
{
	char	*fault = sp_text_fault(s);

	if (fault != NULL)
		pr_say(r, SP_ERROR, file, line, "%s", fault);
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
struct sp_node *
pr_text_node(struct reader *r, const xmlChar *content, struct sp_node *parent,
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
		pr_say(r, SP_ERROR, file, n->line, "a text of %zu bytes without "
		    "markup; split it (1 MB at most)", len);
	n->parent = parent;
	return n;
}

/* The model's element for X (read from FILE) with its attributes but
 * none of its children; NULL after reporting an unknown element. */
struct sp_node *
pr_element_node(struct reader *r, xmlNodePtr x, struct sp_node *parent,
    const char *file)
{
	struct sp_arena	*a = r->plan->arena;
	struct sp_node	*n;
	xmlAttrPtr	 at;
	int		 t, i;

	if ((t = sp_type_of((const char *)x->name)) < 0) {
		/* The schema forbids this; keep going to report more. */
		pr_say(r, SP_ERROR, file, pr_node_line(x), "unknown element <%s>",
		    x->name);
		return NULL;
	}
	n = sp_arena_alloc(a, sizeof(*n));
	n->type = (enum sp_type)t;
	n->file = file;
	n->line = pr_node_line(x);
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
void
pr_append(struct sp_node *n, struct sp_node *c)
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
struct sp_node *
pr_convert(struct reader *r, xmlNodePtr x, struct sp_node *parent,
    const char *file, int own)
{
	struct sp_node	*n, *c;
	xmlNodePtr	 xc, next;

	if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
		return pr_text_node(r, x->content, parent, file);
	if (x->type != XML_ELEMENT_NODE)
		return NULL;
	if (x->_private != NULL && ((struct origin *)x->_private)->file != NULL)
		file = ((struct origin *)x->_private)->file;	/* a part's */
	if ((n = pr_element_node(r, x, parent, file)) == NULL)
		return NULL;
	for (xc = x->children; xc != NULL; xc = next) {
		next = xc->next;
		c = pr_convert(r, xc, n, file, own);
		/* the model has what it needs of the subtree: give it back
		 * now, so that the tree and the model do not both peak */
		if (own) {
			xmlUnlinkNode(xc);
			xmlFreeNode(xc);
		}
		if (c != NULL)
			pr_append(n, c);
	}
	return n;
}

/*
 * The path of the part the xi:include element INC (in FILE, which was
 * reached through CHAIN) names: only parse="xml" includes of local files,
 * neither a part already on the way down nor one too deep. NULL after
 * reporting at the include's line.
 */
const char *
pr_part_path(struct reader *r, xmlNodePtr inc, const char *file,
    const char **chain, int depth)
{
	xmlChar		*href = xmlGetProp(inc, (const xmlChar *)"href");
	xmlChar		*parse = xmlGetProp(inc, (const xmlChar *)"parse");
	const char	*path = NULL, *slash = strrchr(file, '/');
	int		 line = pr_node_line(inc), i;

	if (href == NULL || *href == '\0' ||
	    strstr((const char *)href, "://") != NULL) {
		pr_say(r, SP_ERROR, file, line, "xi:include needs the href of a "
		    "local file");
		goto out;
	}
	if (parse != NULL && !xmlStrEqual(parse, (const xmlChar *)"xml")) {
		pr_say(r, SP_ERROR, file, line, "xi:include parse=\"%s\" is not "
		    "supported", parse);
		goto out;
	}
	if (href[0] == '/') {
		pr_say(r, SP_ERROR, file, line, "xi:include href=\"%s\" is an "
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
			pr_say(r, SP_ERROR, file, line, "%s includes itself",
			    path);
			path = NULL;
			goto out;
		}
	if (depth >= MAXDEPTH) {
		pr_say(r, SP_ERROR, file, line, "includes nest too deeply");
		path = NULL;
	}
out:
	xmlFree(href);
	xmlFree(parse);
	return path;
}

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

void
pr_start_element(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattr,
	    ndefaulted, attrs);
	line_past_16bits(ctx);
}

/*
 * A generic XML tree for data that is not the master: the parts of a
 * filled-in xlsx form, the schema. Kept here so that libxml2 stays
 * behind the plan_read files.
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

struct sp_xml *
pr_xml_convert(struct sp_arena *a, xmlNodePtr x)
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
		c = pr_xml_convert(a, xc);
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
		root = pr_xml_convert(a, xmlDocGetRootElement(doc));
	else if (x.errors == 0)
		sp_msg(SP_ERROR, name, 0, "not well-formed XML");
	if (doc != NULL)
		xmlFreeDoc(doc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return root;
}
