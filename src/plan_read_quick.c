/*
 * plan_read_quick.c: the quick read of the master (pr_quick_read), which
 * plan_read.c tries before the careful one.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "plan_read.h"

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
	int			 from[SP_TYPE__MAX + 1];	/* PAT by type:
					 * [from[t], from[t + 1]) */
	struct sp_arena		*grammar;	/* the schema's words */
};

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

/* Give up the quick read (see pr_quick_read); the parser is stopped when
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
	else if ((n = pr_text_node(r, (const xmlChar *)q->text.s, q->cur,
	    q->file)) != NULL)
		pr_append(q->cur, n);
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

/* Whether VALUE of the attribute NAME (in no namespace) of an element
 * of type T matches the patterns the quick read took out of the schema;
 * a value with white space to fold is left to the careful read. */
static int
pattern_ok(const struct quick *q, int t, const char *name, const char *value)
{
	int	i;

	for (i = q->from[t]; i < q->from[t + 1]; i++)
		if (strcmp(q->pat[i].attr, name) == 0 &&
		    (!sp_folded(value) || (!(q->pat[i].ident &&
		    sp_ident_ascii(value)) &&
		    xmlRegexpExec(q->pat[i].re, (const xmlChar *)value) != 1)))
			return 0;
	return 1;
}

/* Whether the attributes (in no namespace) of X, an element of type T,
 * match the patterns the quick read took out of the schema (see
 * pattern_ok). */
static int
patterns_ok(const struct quick *q, xmlNodePtr x, int t)
{
	xmlAttrPtr	 at;
	xmlChar		*v;
	int		 ok = 1;

	for (at = x->properties; at != NULL && ok; at = at->next) {
		if (at->ns != NULL)
			continue;
		/* the value's text: mostly one piece, nothing to join */
		if (at->children != NULL && at->children->next == NULL &&
		    at->children->type == XML_TEXT_NODE)
			ok = pattern_ok(q, t, (const char *)at->name,
			    (const char *)at->children->content);
		else {
			v = xmlNodeListGetString(x->doc, at->children, 1);
			ok = pattern_ok(q, t, (const char *)at->name,
			    v != NULL ? (const char *)v : "");
			xmlFree(v);
		}
	}
	return ok;
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
	pr_start_element(ctx, name, prefix, uri, nns, ns, nattr, ndefaulted,
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
		if ((n = pr_element_node(r, x, q->cur, q->file)) == NULL)
			quick_fail(c);
		else if (!patterns_ok(q, x, n->type))
			quick_fail(c);
		else if (q->cur != NULL)
			pr_append(q->cur, n);
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
		    != 1 || (n = pr_convert(r, x, q->cur, q->file, 1)) == NULL)
			quick_fail(c);
		else
			pr_append(q->cur, n);
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
 * and compiled once into Q, and quick_start checks them (see
 * patterns_ok). NULL if the schema cannot be read.
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
	n = sp_schema_patterns(pr_xml_convert(q->grammar,
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
	/* in order of type (stably: the first of equal patterns is the
	 * one to free wherever it goes), with where each type begins */
	for (i = 1; i < n; i++) {
		struct qpattern p = q->pat[i];

		for (j = i; j > 0 && q->pat[j - 1].type > p.type; j--)
			q->pat[j] = q->pat[j - 1];
		q->pat[j] = p;
	}
	for (i = 0, j = 0; j <= SP_TYPE__MAX; j++) {
		while (i < n && q->pat[i].type < j)
			i++;
		q->from[j] = i;
	}
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
	    (path = pr_part_path(r, inc, q->file, q->chain, q->depth)) == NULL)
		return -1;
	if ((buf = sp_file_load(path, r->root, MAXFILE, &len, &why)) == NULL)
		return -1;
	/* a NUL byte (UTF-16, or a damaged file): the careful read */
	if (memchr(buf, '\0', len) != NULL ||
	    (c = quick_parser(r, path)) == NULL) {
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

int
pr_quick_read(struct reader *r, const char *schema)
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
		/* a NUL byte (UTF-16, or a damaged file): the careful read */
		if (n < 0 || (total += (size_t)n) > MAXFILE ||
		    memchr(piece, '\0', (size_t)n) != NULL ||
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
