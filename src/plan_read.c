/* plan_read.c: the only libxml2 user; XML (XInclude, RelaxNG) to model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xinclude.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "sp.h"
#include "sp_data.h"

#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
    XML_PARSE_NOCDATA | XML_PARSE_NOWARNING)

struct reader {
	struct sp_plan	*plan;
	const char	*master;
	int		 errors;
};

/* Element names in the order of enum sp_type (SP_TEXT has none). */
static const char *const type_names[SP_TYPE__MAX] = {
	"#text",
	"region", "organisasjon", "kommune", "organ", "person",
	"versjon", "innsatsområde", "skildring", "resultatmål", "mål",
	"gruppe", "tiltak", "tekst", "tid", "ansvar", "involvering",
	"merknad", "revisjon", "takut", "leggtil", "endre",
	"statusrapport", "status", "sak", "tittel", "forslag",
	"underskrift", "vedleggliste", "vedleggref", "vedlegg",
	"seksjon", "avsnitt", "liste", "punkt", "sitat", "tabell",
	"kolonne", "rad", "celle", "manglar", "statustabell",
	"statusforklaring", "statusdiagram", "statussamandrag",
	"b", "i", "u", "s", "br", "fotnote", "tiltakref",
};

const char *
sp_type_name(enum sp_type t)
{
	return t < SP_TYPE__MAX ? type_names[t] : "?";
}

static int
type_of(const char *name)
{
	int	i;

	for (i = 1; i < SP_TYPE__MAX; i++)
		if (strcmp(type_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * The file a node came from: XInclude puts xml:base on the top element
 * of every included file; the nearest one above the node names it.
 */
static const char *
node_file(struct reader *r, xmlNodePtr n)
{
	xmlChar		*base;
	const char	*f;

	if (n == NULL || n->doc == NULL)
		return r->master;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (xmlHasNsProp(n, (const xmlChar *)"base", XML_XML_NAMESPACE))
			break;
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return r->master;
	base = xmlNodeGetBase(n->doc, n);
	if (base == NULL)
		return r->master;
	f = sp_arena_strdup(r->plan->arena, (const char *)base);
	xmlFree(base);
	return f;
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
		line = xmlGetLineNo(e->node);
	}
	if (file == NULL)
		file = r->master;
	msg = sp_strdup(e->message != NULL ? e->message : "unknown error");
	for (p = msg + strlen(msg); p > msg && (p[-1] == '\n' || p[-1] == ' ');)
		*--p = '\0';
	if (e->domain == XML_FROM_RELAXNGV && e->node != NULL)
		sp_msg(SP_ERROR, file, line, "schema: %s (element <%s>)",
		    msg, ((xmlNodePtr)e->node)->name);
	else if (e->domain == XML_FROM_RELAXNGV)
		sp_msg(SP_ERROR, file, line, "schema: %s", msg);
	else
		sp_msg(SP_ERROR, file, line, "%s", msg);
	free(msg);
	r->errors++;
}

static struct sp_node *
convert(struct reader *r, xmlNodePtr x, struct sp_node *parent,
    const char *file)
{
	struct sp_arena	*a = r->plan->arena;
	struct sp_node	*n, *c;
	xmlAttrPtr	 at;
	xmlNodePtr	 xc;
	int		 t, i;

	if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
		n = sp_arena_alloc(a, sizeof(*n));
		n->type = SP_TEXT;
		n->text = sp_arena_strdup(a, (const char *)x->content);
		n->file = file;
		n->line = parent != NULL ? parent->line : 0;
		n->parent = parent;
		return n;
	}
	if (x->type != XML_ELEMENT_NODE)
		return NULL;
	if (xmlHasNsProp(x, (const xmlChar *)"base", XML_XML_NAMESPACE))
		file = node_file(r, x);
	if ((t = type_of((const char *)x->name)) < 0) {
		/* The schema forbids this; keep going to report more. */
		sp_msg(SP_ERROR, file, xmlGetLineNo(x),
		    "unknown element <%s>", x->name);
		r->errors++;
		return NULL;
	}
	n = sp_arena_alloc(a, sizeof(*n));
	n->type = (enum sp_type)t;
	n->file = file;
	n->line = (int)xmlGetLineNo(x);
	n->parent = parent;
	for (at = x->properties, i = 0; at != NULL; at = at->next)
		if (at->ns == NULL)
			i++;
	n->attrs = sp_arena_alloc(a, sizeof(struct sp_attr) * (i + 1));
	for (at = x->properties; at != NULL; at = at->next) {
		xmlChar *v;

		if (at->ns != NULL)
			continue;
		v = xmlNodeListGetString(x->doc, at->children, 1);
		n->attrs[n->nattrs].name =
		    sp_arena_strdup(a, (const char *)at->name);
		n->attrs[n->nattrs].value =
		    sp_arena_strdup(a, v != NULL ? (const char *)v : "");
		n->nattrs++;
		xmlFree(v);
	}
	for (xc = x->children; xc != NULL; xc = xc->next) {
		if ((c = convert(r, xc, n, file)) == NULL)
			continue;
		c->prev = n->last;
		if (n->last != NULL)
			n->last->next = c;
		else
			n->first = c;
		n->last = c;
	}
	return n;
}

/* Refuse what can reach outside the master: DTDs and entity references. */
static void
check_safety(struct reader *r, xmlDocPtr doc)
{
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		sp_msg(SP_ERROR, r->master, doc->intSubset != NULL ?
		    (int)xmlGetLineNo((xmlNodePtr)doc->intSubset) : 0,
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
			    (int)xmlGetLineNo(x->parent),
			    "entity reference &%s; is not allowed", x->name);
			r->errors++;
		}
		if (x->type == XML_ELEMENT_NODE)
			walk_entities(r, x->children);
	}
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
	if (rc != 0 && r->errors == 0) {
		sp_msg(SP_ERROR, r->master, 0, "schema: the master is not valid");
		r->errors++;
	}
	return rc == 0 ? 0 : -1;
}

struct sp_plan *
sp_plan_read(const char *master, const char *schema)
{
	struct reader	 r;
	xmlParserCtxtPtr ctx = NULL;
	xmlDocPtr	 doc = NULL;
	char		*found = NULL;
	struct sp_plan	*plan;

	plan = sp_calloc(1, sizeof(*plan));
	plan->arena = sp_arena_new();
	plan->path = sp_arena_strdup(plan->arena, master);
	memset(&r, 0, sizeof(r));
	r.plan = plan;
	r.master = plan->path;

	if (access(master, R_OK) != 0) {
		sp_msg(SP_ERROR, master, 0, "cannot read the master file");
		goto fail;
	}
	xmlSetStructuredErrorFunc(&r, on_error);
	ctx = xmlNewParserCtxt();
	doc = xmlCtxtReadFile(ctx, master, NULL, PARSE_OPTS);
	if (doc == NULL || r.errors)
		goto fail;
	check_safety(&r, doc);
	if (r.errors)
		goto fail;
	if (xmlXIncludeProcessFlags(doc, PARSE_OPTS) < 0 || r.errors) {
		if (r.errors == 0)
			sp_msg(SP_ERROR, master, 0, "XInclude failed");
		goto fail;
	}
	walk_entities(&r, xmlDocGetRootElement(doc));
	if (r.errors)
		goto fail;
	if (schema == NULL)
		schema = found = sp_data_find(master, "schema/sakspapir.rng");
	if (schema == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot find schema/sakspapir.rng");
		goto fail;
	}
	if (validate(&r, doc, schema) != 0)
		goto fail;
	plan->root = convert(&r, xmlDocGetRootElement(doc), NULL, r.master);
	if (r.errors || plan->root == NULL)
		goto fail;
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(found);
	return plan;
fail:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctx != NULL)
		xmlFreeParserCtxt(ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(found);
	sp_plan_free(plan);
	return NULL;
}

void
sp_plan_read_cleanup(void)
{
	xmlCleanupParser();
}
