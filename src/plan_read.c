/*
 * plan_read.c: the master to the model (sp_plan_read). The quick read
 * (plan_read_quick.c) is tried first; on any fault the careful read here
 * takes the whole tree, expands the includes, validates against the
 * schema and says every fault with its file and line, then converts.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_read.h"
#include "plan_read.h"

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
		file = pr_node_file(r, e->node);
		line = pr_node_line(e->node);
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
			sp_msg(SP_ERROR, pr_node_file(r, x->parent),
			    pr_node_line(x->parent),
			    "entity reference &%s; is not allowed", x->name);
			r->errors++;
		}
		if (x->type == XML_ELEMENT_NODE)
			walk_entities(r, x->children);
	}
}

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
			sp_msg(SP_ERROR, pr_node_file(r, x), pr_node_line(x),
			    "schema: <%s> %s", x->name, fault);
		else
			sp_msg(SP_ERROR, pr_node_file(r, x), pr_node_line(x),
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
				sp_msg(SP_ERROR, pr_node_file(r, x),
				    pr_node_line(x), "schema: <%s> %s", name,
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
		    pr_xml_convert(a, xmlDocGetRootElement(sd)) : NULL;
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

/* A parser that builds the whole tree, with the lines of pr_start_element. */
static xmlParserCtxtPtr
new_parser(struct reader *r)
{
	xmlParserCtxtPtr c = xmlNewParserCtxt();

	if (c != NULL) {
		c->_private = r;
		c->sax->startElementNs = pr_start_element;
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
 * The line of the first NUL byte of BUF (LEN bytes), or 0 when it has
 * none or is UTF-16 or UTF-32 (a byte order mark, or a NUL beside its
 * first "<"), where NULs belong. libxml2 takes a NUL for the end of the
 * input: whatever followed it after a whole root element was dropped
 * without a word (a file damaged, or padded with NULs).
 */
static int
nul_line(const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char	*z, *p;
	int		 line = 1;

	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0xFE && u[1] == 0xFF) || (u[0] == '<' && u[1] == 0) ||
	    (u[0] == 0 && (u[1] == '<' || u[1] == 0))))
		return 0;
	if ((z = memchr(buf, '\0', len)) == NULL)
		return 0;
	for (p = buf; (p = memchr(p, '\n', (size_t)(z - p))) != NULL; p++)
		line++;
	return line;
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
	int		 line = pr_node_line(inc), errs = r->errors, nul;

	if ((path = pr_part_path(r, inc, file, chain, depth)) == NULL)
		goto out;
	if ((buf = sp_file_load(path, r->root, MAXFILE, &len, &why)) == NULL) {
		pr_say(r, SP_ERROR, file, line, "cannot include %s: %s%s", path,
		    why, errno == EFBIG ? " (64 MB at most)" : "");
		goto out;
	}
	if ((nul = nul_line(buf, len)) != 0) {
		pr_say(r, SP_ERROR, path, nul, "a NUL byte: the file is damaged "
		    "or is no text");
		goto out;
	}
	ctx = new_parser(r);
	sub = xmlCtxtReadMemory(ctx, buf, (int)len, path, NULL, PARSE_OPTS);
	if (sub == NULL && r->errors == errs)
		pr_say(r, SP_ERROR, path, 1, "not an XML document");
	if (sub == NULL || r->errors > errs)
		goto out;		/* reported with the part's file:line */
	if (sub->intSubset != NULL || sub->extSubset != NULL) {
		pr_say(r, SP_ERROR, path, sp_doctype_line(path), "a DOCTYPE is not "
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
		pr_say(r, SP_SYSERR, chain[depth], 0, "cannot move the part into "
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
	int		 nul;

	memset(&r, 0, sizeof(r));
	r.root = sp_strdup(master);
	if ((slash = strrchr(r.root, '/')) != NULL)
		slash[slash == r.root] = '\0';
	else
		strcpy(r.root, ".");
	if (schema == NULL)
		schema = found = sp_data_find(master, "plan/schema/sakspapir.rng");
	plan = new_plan(&r, master);
	if (schema != NULL && pr_quick_read(&r, schema) == 0) {
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
	if ((nul = nul_line(buf, len)) != 0) {
		sp_msg(SP_ERROR, master, nul, "a NUL byte: the file is damaged "
		    "or is no text");
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
	plan->root = pr_convert(&r, xmlDocGetRootElement(doc), NULL, r.master, 1);
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
