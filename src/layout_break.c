/* layout_break.c: line break opportunities by Unicode Standard Annex #14
 * for the characters the fast filler sets; the same as Pango's (a unit
 * test compares them on 30 000 strings, SAKSPAPIR_CHECK_BREAKS on every
 * text of a build). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_layout.h"

/*
 * The line-breaking classes of Unicode Standard Annex #14 for the
 * characters the filler sets (Latin, Latin-1 punctuation, general
 * punctuation, a few symbols); AI and the like resolved to AL as the
 * annex's rule LB1 allows. Any other character: the text goes to Pango.
 */
enum lbc {
	LB_XX = -1,
	LB_AL, LB_NU, LB_SP, LB_BA, LB_BB, LB_B2, LB_HY, LB_IS, LB_SY, LB_EX,
	LB_QU, LB_OP, LB_CP, LB_CL, LB_PR, LB_PO, LB_GL, LB_NS, LB_IN, LB_ZW,
	LB_WJ, LB_LF
};

/* ASCII from 0x20; control characters other than LF are not set here. */
static const signed char lb_ascii[96] = {
	/* SP ! " # $ % & ' ( ) * + , - . / */
	LB_SP, LB_EX, LB_QU, LB_AL, LB_PR, LB_PO, LB_AL, LB_QU,
	LB_OP, LB_CP, LB_AL, LB_PR, LB_IS, LB_HY, LB_IS, LB_SY,
	/* 0-9 : ; < = > ? */
	LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU,
	LB_NU, LB_NU, LB_IS, LB_IS, LB_AL, LB_AL, LB_AL, LB_EX,
	/* @ A-O */
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	/* P-Z [ \ ] ^ _ */
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_OP, LB_PR, LB_CP, LB_AL, LB_AL,
	/* ` a-o */
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	/* p-z { | } ~ DEL */
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_OP, LB_BA, LB_CL, LB_AL, LB_XX
};

/* U+00A0 to U+00BF; U+00C0 to U+024F are letters (AL). */
static const signed char lb_latin1[32] = {
	/* NBSP ¡ ¢ £ ¤ ¥ ¦ § ¨ © ª « ¬ SHY ® ¯ */
	LB_GL, LB_OP, LB_PO, LB_PR, LB_PR, LB_PR, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_QU, LB_AL, LB_BA, LB_AL, LB_AL,
	/* ° ± ² ³ ´ µ ¶ · ¸ ¹ º » ¼ ½ ¾ ¿ */
	LB_PO, LB_PR, LB_AL, LB_AL, LB_BB, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_QU, LB_AL, LB_AL, LB_AL, LB_OP
};

/* U+2000 to U+203F. */
static const signed char lb_punct[64] = {
	/* 2000-200F: spaces, ZWSP, joiners, marks */
	LB_BA, LB_BA, LB_BA, LB_BA, LB_BA, LB_BA, LB_BA, LB_GL,
	LB_BA, LB_BA, LB_BA, LB_ZW, LB_XX, LB_XX, LB_XX, LB_XX,
	/* 2010-201F: ‐ ‑ ‒ – — ― ‖ ‗ ‘ ’ ‚ ‛ “ ” „ ‟ */
	LB_BA, LB_GL, LB_BA, LB_BA, LB_B2, LB_AL, LB_AL, LB_AL,
	LB_QU, LB_QU, LB_OP, LB_QU, LB_QU, LB_QU, LB_OP, LB_QU,
	/* 2020-202F: † ‡ • ‣ ․ ‥ … ‧ LS PS (embeddings) NNBSP */
	LB_AL, LB_AL, LB_AL, LB_AL, LB_IN, LB_IN, LB_IN, LB_BA,
	LB_XX, LB_XX, LB_XX, LB_XX, LB_XX, LB_XX, LB_XX, LB_GL,
	/* 2030-203F: ‰ ‱ ′ ″ ‴ ‵ ‶ ‷ ‸ ‹ › ※ ‼ ‽ ‾ ‿ */
	LB_PO, LB_PO, LB_PO, LB_PO, LB_PO, LB_PO, LB_PO, LB_PO,
	LB_AL, LB_QU, LB_QU, LB_AL, LB_NS, LB_NS, LB_AL, LB_AL
};

/* The class of code point C. */
static enum lbc
lb_class(uint32_t c)
{
	if (c == '\n')
		return LB_LF;
	if (c >= 0x20 && c < 0x80)
		return (enum lbc)lb_ascii[c - 0x20];
	if (c >= 0xA0 && c < 0xC0)
		return (enum lbc)lb_latin1[c - 0xA0];
	if (c >= 0xC0 && c < 0x250)
		return LB_AL;		/* letters; × and ÷ are AI: AL */
	if (c >= 0x1E00 && c < 0x1F00)
		return LB_AL;
	if (c >= 0x2000 && c < 0x2040)
		return (enum lbc)lb_punct[c - 0x2000];
	switch (c) {
	case 0x2060:
		return LB_WJ;
	case 0x20AC:		/* € */
	case 0x2116:		/* № */
	case 0x2212:		/* minus */
		return LB_PR;
	case 0x2122:		/* ™ */
	case 0x2190: case 0x2191: case 0x2192: case 0x2193: case 0x2194:
	case 0x2264: case 0x2265: case 0x2260: case 0x2248:
		return LB_AL;
	default:
		return LB_XX;
	}
}

/* The class of the nearest character before I that is not a space. */
static enum lbc
lb_before_spaces(const signed char *c, size_t i)
{
	while (i > 0 && c[i - 1] == LB_SP)
		i--;
	return i > 0 ? (enum lbc)c[i - 1] : LB_XX;
}

#define IN2(x, p, q)		((x) == (p) || (x) == (q))

/*
 * LB25, numbers: (PR|PO) × (OP|HY)? NU; (OP|HY) × NU;
 * NU (NU|SY|IS)* × (NU|SY|IS|CL|CP); NU (NU|SY|IS)* (CL|CP)? × (PO|PR).
 * N: the number of classes in C.
 */
static int
lb_number(const signed char *c, size_t i, size_t n)
{
	enum lbc a = (enum lbc)c[i - 1], b = (enum lbc)c[i];
	size_t	 k = i;

	if (IN2(a, LB_PR, LB_PO) && (b == LB_NU || (IN2(b, LB_OP, LB_HY) &&
	    i + 1 < n && c[i + 1] == LB_NU)))
		return 1;
	if (IN2(a, LB_OP, LB_HY) && b == LB_NU)
		return 1;
	if (!IN2(b, LB_NU, LB_SY) && !IN2(b, LB_IS, LB_CL) && b != LB_CP &&
	    !IN2(b, LB_PO, LB_PR))
		return 0;
	if (IN2(b, LB_PO, LB_PR) && IN2(a, LB_CL, LB_CP))
		k--;		/* the optional closing bracket */
	else if (IN2(a, LB_CL, LB_CP))
		return 0;
	for (; k > 0 && (IN2(c[k - 1], LB_NU, LB_SY) || c[k - 1] == LB_IS);
	    k--)
		if (c[k - 1] == LB_NU)
			return 1;
	return 0;
}

/* The break opportunity between characters I-1 and I of classes C. */
static int
lb_pair(const signed char *c, size_t i, size_t n)
{
	enum lbc a = (enum lbc)c[i - 1], b = (enum lbc)c[i], p;

	if (a == LB_LF)
		return SP_BRK_MUST;			/* LB4, LB5 */
	if (b == LB_LF || b == LB_SP || b == LB_ZW)
		return SP_BRK_NO;			/* LB6, LB7 */
	p = lb_before_spaces(c, i);
	if (p == LB_ZW)
		return SP_BRK_YES;			/* LB8 */
	if (a == LB_WJ || b == LB_WJ || a == LB_GL)
		return SP_BRK_NO;			/* LB11, LB12 */
	if (b == LB_GL && a != LB_SP && a != LB_BA && a != LB_HY)
		return SP_BRK_NO;			/* LB12a */
	if (b == LB_CL || b == LB_CP || b == LB_EX || b == LB_IS ||
	    b == LB_SY)
		return SP_BRK_NO;			/* LB13 */
	if (p == LB_OP || (p == LB_QU && b == LB_OP) ||
	    (IN2(p, LB_CL, LB_CP) && b == LB_NS) ||
	    (p == LB_B2 && b == LB_B2))
		return SP_BRK_NO;			/* LB14-17 */
	if (a == LB_SP)
		return SP_BRK_YES;			/* LB18 */
	if (a == LB_QU || b == LB_QU)
		return SP_BRK_NO;			/* LB19 */
	if (b == LB_BA || b == LB_HY || b == LB_NS || a == LB_BB ||
	    b == LB_IN)
		return SP_BRK_NO;			/* LB21, LB22 */
	if ((a == LB_AL && b == LB_NU) || (a == LB_NU && b == LB_AL))
		return SP_BRK_NO;			/* LB23 */
	if ((IN2(a, LB_PR, LB_PO) && b == LB_AL) ||
	    (a == LB_AL && IN2(b, LB_PR, LB_PO)))
		return SP_BRK_NO;			/* LB24 */
	if (lb_number(c, i, n))
		return SP_BRK_NO;			/* LB25 */
	if ((a == LB_AL && b == LB_AL) || (a == LB_IS && b == LB_AL))
		return SP_BRK_NO;			/* LB28, LB29 */
	if ((IN2(a, LB_AL, LB_NU) && b == LB_OP) ||
	    (a == LB_CP && IN2(b, LB_AL, LB_NU)))
		return SP_BRK_NO;			/* LB30 */
	return SP_BRK_YES;				/* LB31 */
}

/* Decode the UTF-8 character at S; its length in *LEN (0: malformed). */
static uint32_t
utf8_get(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0F) << 12) |
		    ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*len = 0;
	return 0;
}

/* Texts shorter than this (bytes) are classified on the stack. */
#define SHORT	1024

int
sp_fill_breaks(const char *text, size_t n, unsigned char *brk)
{
	const unsigned char *s = (const unsigned char *)text;
	signed char	 cbuf[SHORT], *c = cbuf;
	uint32_t	 atbuf[SHORT], *at = atbuf;
	size_t		 m = 0, i, len;
	int		 rc = 0;

	if (n + 1 > SHORT) {		/* most texts are table cells */
		c = sp_malloc(n + 1);
		at = sp_malloc((n + 1) * sizeof(*at));
	}
	for (i = 0; i < n; i += len) {
		uint32_t cp = utf8_get(s + i, &len);

		if (len == 0 || (c[m] = (signed char)lb_class(cp)) == LB_XX) {
			rc = -1;
			goto out;
		}
		at[m++] = (uint32_t)i;
	}
	memset(brk, SP_BRK_NO, n + 1);
	for (i = 1; i < m; i++)
		brk[at[i]] = (unsigned char)lb_pair(c, i, m);
	brk[n] = SP_BRK_MUST;
out:
	if (c != cbuf) {
		free(c);
		free(at);
	}
	return rc;
}

/* Sentence punctuation that may follow an address but is no part of it
 * (".", ",", ";", ":", "!", "?", ")", "]", quotes, "»"): its length in
 * bytes ending at E, or 0. */
static size_t
addr_tail(const unsigned char *a, const unsigned char *e)
{
	if (e - a >= 2 && e[-2] == 0xC2 && e[-1] == 0xBB)
		return 2;
	if (e > a && strchr(".,;:!?)]'\"", e[-1]) != NULL && e[-1] != '\0')
		return 1;
	return 0;
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z') || c >= 0x80;
}

/* Does "www." occur in TEXT (N bytes)? */
static int
has_www(const char *text, size_t n)
{
	const char	*p = text, *e = text + n;

	while ((p = memchr(p, 'w', (size_t)(e - p))) != NULL) {
		if (e - p >= 4 && memcmp(p, "www.", 4) == 0)
			return 1;
		p++;
	}
	return 0;
}

int
sp_addr_marks(const char *text, size_t n, unsigned char *mark)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t		 i = 0, a, e, j, k;
	int		 naddr = 0, url, mail;

	memset(mark, 0, n + 1);
	/* an address has "www.", "://" or "@" in it: most text has none */
	if (memchr(text, '@', n) == NULL && memchr(text, ':', n) == NULL &&
	    !has_www(text, n))
		return 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
			i++;
		for (a = i; i < n && s[i] != ' ' && s[i] != '\n' &&
		    s[i] != '\t'; i++)
			;
		/* the word a..e without quotes or brackets around it */
		while (a < i && (strchr("(['\"", s[a]) != NULL ||
		    (i - a >= 2 && s[a] == 0xC2 && s[a + 1] == 0xAB)))
			a += s[a] == 0xC2 ? 2 : 1;
		for (e = i; e > a && (k = addr_tail(s + a, s + e)) > 0; e -= k)
			;
		if (e - a < 4)
			continue;
		url = strncmp(text + a, "www.", 4) == 0;
		mail = 0;
		for (j = a; j < e && !url; j++)
			if (s[j] == ':' && e - j > 3 &&
			    strncmp(text + j, "://", 3) == 0)
				url = 1;
		for (j = a + 1; j + 1 < e && !url && !mail; j++)
			if (s[j] == '@' && is_alnum(s[j - 1]) &&
			    memchr(s + j + 1, '.', e - j - 1) != NULL)
				mail = 1;
		if (!url && !mail)
			continue;
		naddr++;
		for (j = a + 1; j < e; j++)
			mark[j] = (s[j - 1] == '/' || s[j - 1] == '.' ||
			    (mail && s[j - 1] == '@')) && s[j] != '/' &&
			    s[j] != '.' ? SP_ADDR_BREAK : SP_ADDR_KEEP;
	}
	return naddr;
}
