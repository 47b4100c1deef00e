/* doc_rich.c: inline markup in the model to rich text: white space
 * folded, non-breaking spaces in numbers, spans, tiltak references. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sp.h"
#include "sp_doc.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Append S to R with white space folded against what R ends with, and
 * a space between digit groups ("9 682 355") made non-breaking.
 */
void
sp_build_add(struct sp_rich *r, const char *s, unsigned flags)
{
	size_t		 len = r->text != NULL ? strlen(r->text) : 0;
	size_t		 n = strlen(s), o = 0;
	char		 small[256], *out;
	const char	*p;
	int		 space = len == 0 || is_space(r->text[len - 1]) ||
			    (len >= 2 && memcmp(r->text + len - 2, "\xC2\xA0",
			    2) == 0);

	/* at most two bytes for each: a space may become a no-break one */
	out = 2 * n + 1 <= sizeof(small) ? small : sp_malloc(2 * n + 1);
	for (p = s; *p != '\0'; p++) {
		if (is_space(*p)) {
			if (!space) {
				char prev = o > 0 ? out[o - 1] :
				    len > 0 ? r->text[len - 1] : '\0';

				if (is_digit(prev) && is_digit(p[1]) &&
				    is_digit(p[2]) && is_digit(p[3]) &&
				    !is_digit(p[4])) {
					out[o++] = '\xC2';
					out[o++] = '\xA0';
				} else
					out[o++] = ' ';
			}
			space = 1;
			continue;
		}
		out[o++] = *p;
		space = 0;
	}
	out[o] = '\0';
	if (o > 0)
		sp_rich_add(r, out, flags);
	if (out != small)
		free(out);
}

char *
sp_build_text(const char *s)
{
	struct sp_rich	r = { NULL, NULL, 0, 0 };

	sp_build_add(&r, s, 0);
	if (r.text == NULL)
		return sp_strdup("");
	while (*r.text && r.text[strlen(r.text) - 1] == ' ')
		r.text[strlen(r.text) - 1] = '\0';
	free(r.spans);
	return r.text;
}

/* Drop the spaces at the end of R, and the parts of spans over them. */
static void
trim_end(struct sp_rich *r)
{
	size_t		len;
	unsigned	i, k;

	if (r->text == NULL)
		return;
	len = strlen(r->text);
	while (len > 0 && r->text[len - 1] == ' ')
		r->text[--len] = '\0';
	for (i = k = 0; i < r->nspans; i++) {
		if (r->spans[i].end > len)
			r->spans[i].end = (unsigned)len;
		if (r->spans[i].start < r->spans[i].end)
			r->spans[k++] = r->spans[i];
		else
			free(r->spans[i].href);
	}
	r->nspans = k;
}

/* Does R end in WORD and a space, as a word of its own (any case)? */
static int
ends_with_word(const struct sp_rich *r, const char *word)
{
	size_t	 n = r->text != NULL ? strlen(r->text) : 0, w = strlen(word);

	if (n < w + 1 || r->text[n - 1] != ' ' ||
	    strncasecmp(r->text + n - 1 - w, word, w) != 0)
		return 0;
	return n == w + 1 || r->text[n - w - 2] == ' ' ||
	    r->text[n - w - 2] == '\n';
}

/* S without the full stops at its end; the caller frees. */
static char *
no_stop(const char *s)
{
	char	*t = sp_strdup(s != NULL ? s : "");
	size_t	 n = strlen(t);

	while (n > 0 && (t[n - 1] == '.' || t[n - 1] == ' '))
		t[--n] = '\0';
	return t;
}

/*
 * The last versjon of the master in document order: the one a tiltak
 * reference needs not name.
 */
static const struct sp_node *
current_version(const struct sp_plan *p)
{
	const struct sp_node *n, *last = NULL;

	for (n = p->root->first; n != NULL; n = n->next)
		if (n->type == SP_VERSJON)
			last = n;
	return last;
}

/*
 * <tiltakref>: "tiltak 1.2.2 «Jobbe for …»" (the word unless the author
 * has just written it; no full stop of the number's or the text's
 * doubling the sentence's), and for a tiltak of another version than
 * the master's last one, the version it is in: "… i <the version's title>".
 * One without a number is shown by its text.
 */
static void
tiltakref(struct sp_build *B, const struct sp_node *c, struct sp_rich *r,
    unsigned flags)
{
	const struct sp_node *t = sp_find(B->plan, sp_attr(c, "ref")), *v;
	const char	*vis = sp_attr(c, "vis"), *nr;
	char		*s, word[64];

	if (t == NULL)
		return;		/* lint reports it */
	nr = sp_attr(t, "nr");
	snprintf(word, sizeof(word), "%s", B->st->l_tiltak ?
	    B->st->l_tiltak : "tiltak");
	if (word[0] >= 'A' && word[0] <= 'Z')
		word[0] = (char)(word[0] - 'A' + 'a');
	if (nr != NULL) {
		char *num = no_stop(nr);

		/* "tiltak" and its number stay on one line */
		s = ends_with_word(r, word) ? sp_strdup(num) :
		    sp_printf("%s\xC2\xA0%s", word, num);
		sp_build_add(r, s, flags);
		free(s);
		free(num);
	}
	if (vis == NULL || strcmp(vis, "nr") != 0 || nr == NULL) {
		char *tx = sp_node_plain(B->plan, sp_child(t, SP_TEKST));

		s = no_stop(tx);
		sp_build_add(r, nr != NULL ? " «" : "«", flags);
		sp_build_add(r, s, flags | SP_SPAN_I);
		sp_rich_add(r, "»", flags);
		free(s);
		free(tx);
	}
	for (v = t->parent; v != NULL && v->type != SP_VERSJON; v = v->parent)
		;
	if (v != NULL && v != current_version(B->plan) &&
	    sp_attr(v, "tittel") != NULL) {
		sp_build_add(r, " i ", flags);
		sp_build_add(r, sp_attr(v, "tittel"), flags);
	}
}

void
sp_build_inline(struct sp_build *B, const struct sp_node *n,
    struct sp_rich *r, unsigned flags)
{
	const struct sp_node	*c;

	for (c = n->first; c != NULL; c = c->next) {
		switch (c->type) {
		case SP_TEXT:
			sp_build_add(r, c->text, flags);
			break;
		case SP_B:
			sp_build_inline(B, c, r, flags | SP_SPAN_B);
			break;
		case SP_I:
			sp_build_inline(B, c, r, flags | SP_SPAN_I);
			break;
		case SP_U:
			sp_build_inline(B, c, r, flags | SP_SPAN_U);
			break;
		case SP_S:
			sp_build_inline(B, c, r, flags | SP_SPAN_S);
			break;
		case SP_BR:
			trim_end(r);
			sp_rich_add(r, "\n", flags);
			break;
		case SP_FOTNOTE:
			sp_build_add(r, " (", flags);
			sp_build_inline(B, c, r, flags);
			sp_build_add(r, ")", flags);
			break;
		case SP_TILTAKREF:
			tiltakref(B, c, r, flags);
			break;
		default:
			break;		/* block content: not inline */
		}
	}
}

void
sp_build_rich(struct sp_build *B, const struct sp_node *n, struct sp_rich *r)
{
	sp_build_inline(B, n, r, 0);
	if (r->text == NULL)
		sp_rich_add(r, "", 0);
	trim_end(r);
	sp_rich_autolink(r);
}

