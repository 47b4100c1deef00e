/* hyph.c: the only libhyphen user; soft hyphens for Nynorsk compounds. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hyphen.h>

#include "sp.h"
#include "sp_layout.h"

#define MINWORD	8	/* shorter words are not hyphenated */

/*
 * Loading the Nynorsk patterns takes longer than anything else at start
 * (about 20 ms), so sp_hyph_new starts it on a thread and the first word
 * to hyphenate waits for it.
 */
struct sp_hyph {
	char		*path;
	HyphenDict	*dict;
	pthread_t	 thread;
	int		 joined;
};

static void *
load(void *arg)
{
	struct sp_hyph	*h = arg;

	h->dict = hnj_hyphen_load(h->path);
	return NULL;
}

struct sp_hyph *
sp_hyph_new(const char *path)
{
	struct sp_hyph	*h;

	if (access(path, R_OK) != 0) {
		sp_msg(SP_SYSERR, path, 0, "cannot read hyphenation patterns");
		return NULL;
	}
	h = sp_calloc(1, sizeof(*h));
	h->path = sp_strdup(path);
	if (pthread_create(&h->thread, NULL, load, h) != 0) {
		load(h);
		h->joined = 1;
	}
	return h;
}

/* The patterns, once loaded; NULL (and a message) if they failed. */
static HyphenDict *
dict(struct sp_hyph *h)
{
	if (!h->joined) {
		pthread_join(h->thread, NULL);
		h->joined = 1;
		if (h->dict == NULL)
			sp_msg(SP_WARNING, h->path, 0, "cannot load "
			    "hyphenation patterns; words will not be "
			    "hyphenated");
	}
	return h->dict;
}

void
sp_hyph_free(struct sp_hyph *h)
{
	if (h == NULL)
		return;
	if (dict(h) != NULL)
		hnj_hyphen_free(h->dict);
	free(h->path);
	free(h);
}

/* Decode one UTF-8 letter that Latin-1 can hold; -1 if not a letter. */
static int
latin1_letter(const unsigned char *s, int *len)
{
	int	c;

	if (s[0] < 0x80) {
		*len = 1;
		c = s[0];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return c | 0x20;
		return -1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		if (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7)
			return c >= 0xE0 ? c : c + 0x20;	/* lower */
		return -1;
	}
	return -1;
}

char *
sp_hyph_text(struct sp_hyph *h, const char *text, unsigned **posp)
{
	const unsigned char *s = (const unsigned char *)text;
	struct sp_buf	 out = { NULL, 0, 0 };
	unsigned	*pos;
	size_t		 n = strlen(text), i = 0, a, b;
	char		 word[256], hy[260];
	int		 offs[256];

	pos = sp_malloc((n + 1) * sizeof(*pos));
	sp_buf_puts(&out, "");
	while (i < n) {
		int	nl = 0, len, c, k;
		size_t	j = i;
		char	**rep = NULL;
		int	 *rpos = NULL, *cut = NULL;

		while (j < n && nl < 250 &&
		    (c = latin1_letter(s + j, &len)) >= 0) {
			offs[nl] = (int)(j - i);
			word[nl++] = (char)c;
			j += (size_t)len;
		}
		if (nl == 0) {
			pos[i] = (unsigned)out.len;
			sp_buf_put(&out, (const char *)s + i, 1);
			i++;
			continue;
		}
		word[nl] = '\0';
		memset(hy, 0, sizeof(hy));
		if (nl < MINWORD || h == NULL || dict(h) == NULL ||
		    hnj_hyphen_hyphenate2(h->dict,
		    word, nl, hy, NULL, &rep, &rpos, &cut) != 0 || rep != NULL)
			memset(hy, 0, sizeof(hy));
		for (k = 0; k < nl; k++) {
			a = i + (size_t)offs[k];
			b = k + 1 < nl ? i + (size_t)offs[k + 1] : j;
			for (; a < b; a++) {
				pos[a] = (unsigned)out.len;
				sp_buf_put(&out, (const char *)s + a, 1);
			}
			/* three letters at least on either side */
			if ((hy[k] & 1) && k >= 2 && k < nl - 3)
				sp_buf_put(&out, "\xC2\xAD", 2);
		}
		if (rep != NULL) {
			for (k = 0; k < nl; k++)
				free(rep[k]);
			free(rep);
			free(rpos);
			free(cut);
		}
		i = j;
	}
	pos[n] = (unsigned)out.len;
	if (posp != NULL)
		*posp = pos;
	else
		free(pos);
	return out.s;
}
