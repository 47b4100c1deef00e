/* diff_text.c: word-level differences of two texts, and changed fields. */
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_diff.h"

/* A word or a punctuation mark, with the white space before it. */
struct wtok {
	const char	*sp;		/* white space before */
	size_t		 nsp;
	const char	*s;
	size_t		 n;
};

static int
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int
space_at(const unsigned char *s)
{
	return *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    (s[0] == 0xC2 && s[1] == 0xA0);
}

/*
 * Letters and digits of any script make words (æ, ø, å are two bytes
 * each and never split); ASCII punctuation and the general punctuation
 * and Latin-1 signs (« » – ’ …) are tokens of their own.
 */
static int
word_at(const unsigned char *s)
{
	if (s[0] < 0x80)
		return (s[0] >= 'a' && s[0] <= 'z') ||
		    (s[0] >= 'A' && s[0] <= 'Z') ||
		    (s[0] >= '0' && s[0] <= '9');
	if (s[0] == 0xC2)
		return s[1] == 0xAA || s[1] == 0xB5 || s[1] == 0xBA;
	if (s[0] == 0xE2 && s[1] >= 0x80 && s[1] <= 0x81)
		return 0;
	return 1;
}

/* ------------------------------------------------------- normalising */


/* Append the character at S lower-cased (ASCII and Latin-1). */
static void
put_lower(struct sp_buf *b, const unsigned char *s, int n)
{
	char	c[4];

	memcpy(c, s, n);
	if (n == 1 && c[0] >= 'A' && c[0] <= 'Z')
		c[0] += 'a' - 'A';
	else if (n == 2 && s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E &&
	    s[1] != 0x97)
		c[1] = (char)(s[1] + 0x20);
	sp_buf_put(b, c, n);
}

/* Words after a line-end hyphen that are not the rest of a word. */
static int
conjunction(const unsigned char *s)
{
	static const char *const w[] = { "og ", "eller ", "til ", "og/" };
	size_t	i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strncmp((const char *)s, w[i], strlen(w[i])) == 0)
			return 1;
	return 0;
}

char *
sp_diff_normalise(const char *text)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct sp_buf		 b = { NULL, 0, 0 };
	int			 n, inword = 0;

	sp_buf_puts(&b, "");
	while (*s != '\0') {
		n = u8len(*s);
		if (s[0] == 0xC2 && s[1] == 0xAD) {	/* soft hyphen */
			s += 2;
			continue;
		}
		/* "utviklings- arbeidet": a hyphen left by a line break */
		if (inword && *s == '-' && s[1] == ' ' && s[2] >= 'a' &&
		    s[2] <= 'z' && !conjunction(s + 2)) {
			s += 2;
			continue;
		}
		if (word_at(s)) {
			put_lower(&b, s, n);
			inword = 1;
		} else {
			if (inword)
				sp_buf_putc(&b, ' ');
			inword = 0;
		}
		s += n;
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return b.s;
}

/* ------------------------------------------------------- word diffs */

static struct wtok *
split(const char *text, size_t *n)
{
	const unsigned char	*s = (const unsigned char *)text, *sp;
	struct wtok		*v = NULL;
	size_t			 cap = 0;

	*n = 0;
	while (*s != '\0') {
		sp = s;
		while (*s != '\0' && space_at(s))
			s += u8len(*s);
		if (*s == '\0')
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			v = sp_realloc(v, cap * sizeof(*v));
		}
		v[*n].sp = (const char *)sp;
		v[*n].nsp = s - sp;
		v[*n].s = (const char *)s;
		if (word_at(s))
			while (*s != '\0' && word_at(s))
				s += u8len(*s);
		else
			s += u8len(*s);
		v[*n].n = (const char *)s - v[*n].s;
		(*n)++;
	}
	return v;
}

static int
same(const struct wtok *a, const struct wtok *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/* Append to the last segment if it has OP, else start one. */
static void
emit(struct sp_wdiff *d, struct sp_buf *cur, enum sp_wop *curop,
    enum sp_wop op, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (cur->len > 0 && *curop != op) {
		d->segs = sp_realloc(d->segs, (d->nsegs + 1) *
		    sizeof(*d->segs));
		d->segs[d->nsegs].op = *curop;
		d->segs[d->nsegs].text = cur->s;
		d->nsegs++;
		memset(cur, 0, sizeof(*cur));
	}
	*curop = op;
	sp_buf_put(cur, s, n);
}

/*
 * The tokens from A[ai..ae) deleted and B[bi..be) inserted, as one
 * change: the space before it once, unchanged, then the deletion,
 * then the insertion.
 */
static void
change(struct sp_wdiff *d, struct sp_buf *cur, enum sp_wop *op,
    const struct wtok *a, size_t ai, size_t ae, const struct wtok *b,
    size_t bi, size_t be)
{
	size_t	k;
	/* Where one side has a space before the change and the other none
	 * ("lokalmat, kulturarv" -> "lokalmat og"), that space goes inside
	 * its own side's segment, so both texts read right ("lokalmat og",
	 * not "lokalmatog"); otherwise the space is shared, once. */
	int	own = ai < ae && bi < be && (a[ai].nsp == 0) != (b[bi].nsp == 0);

	if (own)
		;
	else if (ai < ae)
		emit(d, cur, op, SP_W_SAME, a[ai].sp, a[ai].nsp);
	else if (bi < be)
		emit(d, cur, op, SP_W_SAME, b[bi].sp, b[bi].nsp);
	for (k = ai; k < ae; k++) {
		if (k > ai || own)
			emit(d, cur, op, SP_W_DEL, a[k].sp, a[k].nsp);
		emit(d, cur, op, SP_W_DEL, a[k].s, a[k].n);
		d->ndel++;
	}
	for (k = bi; k < be; k++) {
		if (k > bi || own)
			emit(d, cur, op, SP_W_INS, b[k].sp, b[k].nsp);
		emit(d, cur, op, SP_W_INS, b[k].s, b[k].n);
		d->nins++;
	}
}

struct sp_wdiff *
sp_wdiff(const char *old, const char *neu)
{
	struct sp_wdiff	*d = sp_calloc(1, sizeof(*d));
	struct wtok	*a, *b;
	size_t		 na, nb, pre = 0, suf = 0, i, j, m, n, ai, bi;
	unsigned	*L;
	struct sp_buf	 cur = { NULL, 0, 0 };
	enum sp_wop	 op = SP_W_SAME;
	int		 changed = 0;

	a = split(old, &na);
	b = split(neu, &nb);
	/* the common head and tail need no table */
	while (pre < na && pre < nb && same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	m = na - pre - suf;
	n = nb - pre - suf;
	/* L[i][j]: longest common subsequence of a[pre+i..] and b[pre+j..] */
	L = sp_calloc((m + 1) * (n + 1), sizeof(*L));
	for (i = m; i-- > 0;)
		for (j = n; j-- > 0;)
			L[i * (n + 1) + j] = same(&a[pre + i], &b[pre + j]) ?
			    L[(i + 1) * (n + 1) + j + 1] + 1 :
			    L[(i + 1) * (n + 1) + j] > L[i * (n + 1) + j + 1] ?
			    L[(i + 1) * (n + 1) + j] : L[i * (n + 1) + j + 1];

	for (i = 0; i < pre; i++) {
		emit(d, &cur, &op, SP_W_SAME, b[i].sp, b[i].nsp);
		emit(d, &cur, &op, SP_W_SAME, b[i].s, b[i].n);
	}
	i = j = 0;
	while (i < m || j < n) {
		ai = i;
		bi = j;
		/* a run of changes up to the next common token */
		while (i < m || j < n) {
			if (i < m && j < n && same(&a[pre + i], &b[pre + j]))
				break;
			if (j < n && (i == m || L[i * (n + 1) + j + 1] >=
			    L[(i + 1) * (n + 1) + j]))
				j++;
			else
				i++;
		}
		if (ai < i || bi < j) {
			change(d, &cur, &op, a, pre + ai, pre + i, b, pre + bi,
			    pre + j);
			changed = 1;
		}
		if (i < m && j < n) {
			/* after a pure deletion the old space keeps words apart */
			const struct wtok *t = b[pre + j].nsp == 0 && changed &&
			    bi == j ? &a[pre + i] : &b[pre + j];

			emit(d, &cur, &op, SP_W_SAME, t->sp, t->nsp);
			emit(d, &cur, &op, SP_W_SAME, b[pre + j].s,
			    b[pre + j].n);
			i++;
			j++;
			changed = 0;
		}
	}
	for (i = nb - suf; i < nb; i++) {
		const struct wtok *t = b[i].nsp == 0 && changed && i == nb - suf
		    && m > 0 && n == 0 ? &a[i - nb + na] : &b[i];

		emit(d, &cur, &op, SP_W_SAME, t->sp, t->nsp);
		emit(d, &cur, &op, SP_W_SAME, b[i].s, b[i].n);
	}
	if (cur.len > 0) {
		d->segs = sp_realloc(d->segs, (d->nsegs + 1) *
		    sizeof(*d->segs));
		d->segs[d->nsegs].op = op;
		d->segs[d->nsegs].text = cur.s;
		d->nsegs++;
	}
	free(L);
	free(a);
	free(b);
	return d;
}

void
sp_wdiff_free(struct sp_wdiff *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsegs; i++)
		free(d->segs[i].text);
	free(d->segs);
	free(d);
}

char *
sp_wdiff_text(const struct sp_wdiff *d)
{
	struct sp_buf	b = { NULL, 0, 0 };
	size_t		i;

	sp_buf_puts(&b, "");
	for (i = 0; i < d->nsegs; i++) {
		if (d->segs[i].op == SP_W_DEL)
			sp_buf_puts(&b, "[-");
		else if (d->segs[i].op == SP_W_INS)
			sp_buf_puts(&b, "{+");
		sp_buf_puts(&b, d->segs[i].text);
		if (d->segs[i].op == SP_W_DEL)
			sp_buf_puts(&b, "-]");
		else if (d->segs[i].op == SP_W_INS)
			sp_buf_puts(&b, "+}");
	}
	return b.s;
}

/* A field's words; a <br/> (one body or date per line, as the tables
 * show them) is " / ", so "A<br/>B" does not read as the one name "A B". */
static char *
field_plain(const struct sp_plan *p, const struct sp_node *f)
{
	struct sp_buf		 b = { NULL, 0, 0 };
	const struct sp_node	*c;

	sp_buf_puts(&b, "");
	for (c = f != NULL ? f->first : NULL; c != NULL; c = c->next) {
		char *t, *w;

		if (c->type == SP_BR) {
			if (b.len > 0 && (b.len < 3 ||
			    strcmp(b.s + b.len - 3, " / ") != 0))
				sp_buf_puts(&b, " / ");
			continue;
		}
		t = sp_node_plain(p, c);
		for (w = t; *w == ' '; w++)
			;
		if (*w != '\0' && b.len > 0 && b.s[b.len - 1] != ' ' &&
		    w != t)
			sp_buf_putc(&b, ' ');
		sp_buf_puts(&b, w);
		free(t);
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	/* a <br/> at the end, or two in a row, leaves a bare " /" */
	while (b.len >= 2 && b.s[b.len - 1] == '/' && b.s[b.len - 2] == ' ') {
		b.len -= 2;
		b.s[b.len] = '\0';
	}
	return b.s;
}

static const char *
attr_or_empty(const struct sp_node *n, const char *name)
{
	const char *v = sp_attr(n, name);

	return v != NULL ? v : "";
}

char *
sp_diff_fields(const struct sp_plan *p, const struct sp_node *a,
    const struct sp_node *b, const char *before, const char *after)
{
	static const struct {
		enum sp_type	 type;
		const char	*label;
	} f[] = {
		{ SP_TID, "Tid" },
		{ SP_ANSVAR, "Ansvar" },
		{ SP_INVOLVERING, "Involvering" },
		{ SP_MERKNAD, "Merknad" },
	};
	struct sp_buf	out = { NULL, 0, 0 };
	size_t		i;

	sp_buf_puts(&out, "");
	/* i == 0 is the number (an attribute; a change only when both
	 * versions number the tiltak), the rest child fields */
	for (i = 0; i <= sizeof(f) / sizeof(f[0]); i++) {
		const char *label = i == 0 ? "Nr." : f[i - 1].label;
		char *x = i == 0 ? sp_strdup(attr_or_empty(a, "nr")) :
		    field_plain(p, sp_child(a, f[i - 1].type));
		char *y = i == 0 ? sp_strdup(attr_or_empty(b, "nr")) :
		    field_plain(p, sp_child(b, f[i - 1].type));

		if (i == 0 && (*x == '\0' || *y == '\0'))
			*x = *y = '\0';	/* numbered now, not renumbered */
		if (strcmp(x, y) != 0 && before != NULL)
			sp_buf_printf(&out, "%s%s: %s %s, %s %s",
			    out.len > 0 ? "\n" : "", label, before,
			    *x != '\0' ? x : "\xE2\x80\x93", after,
			    *y != '\0' ? y : "\xE2\x80\x93");
		else if (strcmp(x, y) != 0)
			sp_buf_printf(&out, "%s%s: %s \xE2\x86\x92 %s",
			    out.len > 0 ? "\n" : "", label,
			    *x != '\0' ? x : "\xE2\x80\x93",
			    *y != '\0' ? y : "\xE2\x80\x93");
		free(x);
		free(y);
	}
	return out.s;
}
