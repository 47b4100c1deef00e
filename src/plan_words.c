/* plan_words.c: the words of the master without libxml2: its element
 * names, the rules for its text, and libxml2's messages in plain words. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_read.h"

static unsigned
hash(const char *s)
{
	unsigned	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

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
	"møte", "innkalling", "saksliste", "sakref",
	"handlingsprogram", "resultatmålliste", "skildringar",
	"diagram",
	"endringar",
};

const char *
sp_type_name(enum sp_type t)
{
	return t < SP_TYPE__MAX ? type_names[t] : "?";
}

int
sp_type_of(const char *name)
{
	static signed char	 slot[SP_NAMES];	/* type + 1 by hash */
	unsigned		 h;
	int			 i;

	if (slot[hash(type_names[1]) & (SP_NAMES - 1)] == 0)
		for (i = 1; i < SP_TYPE__MAX; i++) {
			for (h = hash(type_names[i]); slot[h & (SP_NAMES - 1)];)
				h++;
			slot[h & (SP_NAMES - 1)] = (signed char)(i + 1);
		}
	for (h = hash(name); slot[h & (SP_NAMES - 1)] != 0; h++)
		if (strcmp(type_names[slot[h & (SP_NAMES - 1)] - 1], name) == 0)
			return slot[h & (SP_NAMES - 1)] - 1;
	return -1;
}

const char *
sp_name_copy(struct sp_names *t, struct sp_arena *a, const char *name)
{
	unsigned	h;

	for (h = hash(name); t->s[h & (SP_NAMES - 1)] != NULL; h++)
		if (strcmp(t->s[h & (SP_NAMES - 1)], name) == 0)
			return t->s[h & (SP_NAMES - 1)];
	if (t->n >= SP_NAMES / 2)	/* full: a copy each */
		return sp_arena_strdup(a, name);
	t->n++;
	return t->s[h & (SP_NAMES - 1)] = sp_arena_strdup(a, name);
}

char *
sp_plain_words(const char *msg)
{
	char	 a[64], b[64];
	int	 n;

	if (strcmp(msg, "xmlParseEntityRef: no name") == 0 ||
	    strcmp(msg, "EntityRef: expecting ';'") == 0)
		return sp_strdup("a bare «&» in the text: write it as &amp; "
		    "(and < as &lt;)");
	if (sscanf(msg, "Entity '%63[^']' not defined", a) == 1)
		return sp_printf("unknown entity &%s;: write the character "
		    "itself (only &amp; &lt; &gt; &quot; &apos; are known)", a);
	if (strncmp(msg, "Input is not proper UTF-8", 25) == 0) {
		const char *by = strstr(msg, "Bytes:");

		return sp_printf("the file is not UTF-8 text (%s): save it "
		    "as UTF-8", by != NULL ? by : "a byte that is no UTF-8");
	}
	if (sscanf(msg, "Opening and ending tag mismatch: %63s line %d "
	    "and %63s", a, &n, b) == 3)
		return sp_printf("<%s> (opened at line %d) is not closed "
		    "before </%s>: Opening and ending tag mismatch", a, n, b);
	if (strcmp(msg, "Document is empty") == 0)
		return sp_strdup("the file is empty: no XML in it (Document "
		    "is empty)");
	if (strcmp(msg, "Comment too big found") == 0)
		return sp_strdup("a comment of more than 10 MB ends here "
		    "(libxml2 reads none bigger): shorten it or take it out");
	if (strncmp(msg, "StartTag: invalid element name", 31) == 0)
		return sp_strdup("a bare «<» in the text: write it as &lt;");
	return NULL;
}

/* Elements whose text is prose: white space in them is kept. */
static const unsigned char mixed[SP_TYPE__MAX] = {
	[SP_MAL] = 0, [SP_TEKST] = 1, [SP_TID] = 1, [SP_ANSVAR] = 1,
	[SP_INVOLVERING] = 1, [SP_MERKNAD] = 1, [SP_STATUS] = 1,
	[SP_TITTEL] = 1, [SP_VEDLEGGREF] = 1, [SP_AVSNITT] = 1,
	[SP_PUNKT] = 1, [SP_CELLE] = 1, [SP_MANGLAR] = 1, [SP_B] = 1,
	[SP_I] = 1, [SP_U] = 1, [SP_S] = 1, [SP_FOTNOTE] = 1,
};

int
sp_type_prose(enum sp_type t)
{
	return (unsigned)t < SP_TYPE__MAX && mixed[t];
}

int
sp_blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int
sp_folded(const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if ((*p == ' ' && (p == s || p[1] == ' ' || p[1] == '\0')) ||
		    *p == '\t' || *p == '\n' || *p == '\r')
			return 0;
	return 1;
}

const char *
sp_collapse(struct sp_arena *a, const char *s)
{
	char	*out, *o;
	int	 space = 0;

	if (sp_folded(s))	/* as values mostly are */
		return sp_arena_strdup(a, s);
	out = o = sp_arena_alloc(a, strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/*
 * Characters XML allows that are no text: Unicode noncharacters (U+FDD0
 * to U+FDEF and the last two of every plane), which no font or PDF string
 * takes; C1 controls (U+0080 to U+009F), which in a master only come from
 * a file in another encoding than it declares; and Ã or Â before one of
 * U+0080 to U+00BF, the mark of UTF-8 read as ISO-8859-1 ("Ã¸" for "ø").
 * Returns 0 for clean text, or 1, 2 or 3 for those with the character in
 * *CP. S is valid UTF-8 (libxml2 made it so).
 */
static int
odd_char(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	 c, prev = 0;
	int		 n;

	for (; *u != '\0'; u += n, prev = c) {
		if (*u < 0x80) {
			c = *u;
			n = 1;
			continue;
		}
		n = *u >= 0xf0 ? 4 : *u >= 0xe0 ? 3 : 2;
		c = *u & (0x3f >> (n - 1));
		for (int i = 1; i < n && u[i] != '\0'; i++)
			c = c << 6 | (u[i] & 0x3f);
		*cp = c;
		if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe)
			return 1;
		if (c >= 0x80 && c <= 0x9f)
			return 2;
		if (c >= 0xa0 && c <= 0xbf && (prev == 0xc3 || prev == 0xc2)) {
			*cp = prev;
			return 3;
		}
	}
	return 0;
}

char *
sp_text_fault(const char *s)
{
	uint32_t	cp = 0;

	switch (odd_char(s, &cp)) {
	case 1:
		return sp_printf("character U+%04X is a Unicode noncharacter, "
		    "not text; remove it", (unsigned)cp);
	case 2:
		return sp_printf("control character U+%04X in the text: is the "
		    "file in the encoding its <?xml ... encoding=\"...\"?> "
		    "declaration names?", (unsigned)cp);
	case 3:
		return sp_printf("\"%s\" followed by a symbol reads like UTF-8 "
		    "taken for ISO-8859-1: is the file in the encoding its "
		    "<?xml ... encoding=\"...\"?> declaration names?",
		    cp == 0xc3 ? "Ã" : "Â");
	default:
		return NULL;
	}
}

int
sp_doctype_line(const char *path)
{
	char	*buf, *s, *end;
	int	 line = 1;

	if ((buf = sp_file_read(path, NULL)) == NULL)
		return 0;
	for (s = buf; *s != '\0'; s++) {
		if (strncmp(s, "<!--", 4) == 0) {
			if ((end = strstr(s + 4, "-->")) == NULL)
				break;
			for (; s < end; s++)
				line += *s == '\n';
			continue;
		}
		if (strncmp(s, "<!DOCTYPE", 9) == 0) {
			free(buf);
			return line;
		}
		line += *s == '\n';
	}
	free(buf);
	return 0;
}

const char *
sp_pattern_words(const char *pattern)
{
	if (strcmp(pattern,
	    "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?") == 0)
		return "a date YYYY-MM-DD (or YYYY-MM or YYYY, as precise as "
		    "the source)";
	if (strcmp(pattern, "[0-9]{4}-[0-9]{2}-[0-9]{2}") == 0)
		return "a whole date YYYY-MM-DD (a meeting is on one day)";
	if (strstr(pattern, "\\p{L}") != NULL)
		return "an identifier: a letter, then letters, digits, "
		    "'.', '-' or '_'";
	if (strcmp(pattern, "[0-9]{2}[:.][0-9]{2}") == 0)
		return "a time of day HH:MM with two digits each (09:30)";
	return "a valid value";
}


/* The schema's pattern of an identifier, as written there. */
static const char ident[] = "[\\p{L}][\\p{L}\\p{N}._\\-]*";

int
sp_pattern_ascii(const char *pattern)
{
	return strcmp(pattern, ident) == 0;
}

int
sp_ident_ascii(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return 0;
	return 1;
}
