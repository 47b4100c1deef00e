/* mem.c: allocation that never returns NULL, buffers and arenas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdatomic.h>

#include "sp.h"

static void
oom(void)
{
	fputs("sakspapir: out of memory\n", stderr);
	exit(SP_EXIT_SYS);
}

void *
sp_malloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
sp_calloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
sp_realloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom();
	return p;
}

char *
sp_strdup(const char *s)
{
	return sp_strndup(s, strlen(s));
}

char *
sp_strndup(const char *s, size_t n)
{
	char	*p = sp_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
sp_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = sp_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
sp_buf_put(struct sp_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if (b->cap < 64)
			b->cap = 64;
		b->s = sp_realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sp_buf_puts(struct sp_buf *b, const char *s)
{
	sp_buf_put(b, s, strlen(s));
}

void
sp_buf_putc(struct sp_buf *b, int c)
{
	char	ch = (char)c;

	sp_buf_put(b, &ch, 1);
}

void
sp_buf_printf(struct sp_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	 tmp[256];
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < (int)sizeof(tmp)) {
		sp_buf_put(b, tmp, (size_t)n);
		return;
	}
	p = sp_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sp_buf_put(b, p, (size_t)n);
	free(p);
}

void
sp_buf_free(struct sp_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Arena: a chain of 64 KiB blocks, larger requests get their own. */
struct block {
	struct block	*next;
	size_t		 used;
	size_t		 size;
	max_align_t	 data[];
};

struct sp_arena {
	struct block	*head;
	size_t		 next;		/* the size of the next block */
	atomic_int	 holds;		/* owners besides the first */
};

struct sp_arena *
sp_arena_new(void)
{
	return sp_arena_new_small(65536);
}

struct sp_arena *
sp_arena_new_small(size_t first)
{
	struct sp_arena	*a = sp_calloc(1, sizeof(struct sp_arena));

	a->next = first;
	atomic_init(&a->holds, 0);
	return a;
}

void
sp_arena_hold(struct sp_arena *a)
{
	atomic_fetch_add(&a->holds, 1);
}

void *
sp_arena_alloc(struct sp_arena *a, size_t n)
{
	struct block	*b = a->head;
	size_t		 al = sizeof(max_align_t);
	void		*p;

	n = (n + al - 1) / al * al;
	if (b != NULL)		/* after a string (see sp_arena_strndup) */
		b->used = (b->used + al - 1) / al * al;
	if (b == NULL || b->used + n > b->size) {
		size_t sz = n > a->next ? n : a->next;

		if (a->next < 65536)
			a->next *= 2;

		b = sp_malloc(sizeof(*b) + sz);
		b->size = sz;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

/* Strings are packed end to end, unaligned: a model of 10,000 tiltak
 * holds some 100,000 of them. */
char *
sp_arena_strndup(struct sp_arena *a, const char *s, size_t n)
{
	struct block	*b = a->head;
	char		*p;

	if (b != NULL && b->size - b->used > n) {
		p = (char *)b->data + b->used;
		b->used += n + 1;
	} else
		p = sp_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
sp_arena_strdup(struct sp_arena *a, const char *s)
{
	return sp_arena_strndup(a, s, strlen(s));
}

void
sp_arena_free(struct sp_arena *a)
{
	struct block	*b, *next;

	if (a == NULL || atomic_fetch_sub(&a->holds, 1) > 0)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}
