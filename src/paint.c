/* paint.c: picks a painter by name and runs the page loop, on a thread
 * of its own when pages are streamed to it. */
#include <pthread.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_paint.h"

static const struct sp_painter *const painters[] = {
	&sp_paint_pdf,
	&sp_paint_png,
	&sp_paint_pdfa,
};

/*
 * A page handed to the painting thread: the page itself (its ops now
 * belong to the job) and the font table as it stood then. The layout
 * goes on adding pages and fonts, which may move both arrays, so the
 * painter never reads them where layout writes them: it paints from the
 * job, through a display list of its own (view) whose font table is the
 * job's copy.
 */
struct job {
	struct sp_page		 page;
	int			 n;
	int			 late;		/* PAGE is the late part of n */
	struct sp_dl_font	*fonts;
	int			 nfonts;
};

#define QUEUE	8	/* pages in flight: bounds the memory they hold */

struct sp_painting {
	const struct sp_painter	*p;
	void			*ctx;
	/* the painting thread, when there is one */
	int			 threaded;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct job		 q[QUEUE];
	int			 head, count;	/* ring buffer */
	int			 closing;
	struct sp_dl		 view;		/* the painter's display list */
	struct sp_dl_font	**copies;	/* font tables handed over */
	int			 ncopies;
	const struct sp_dl_font	*seen;		/* dl->fonts when last copied */
	int			 nseen;
};

/* The painter named NAME, or NULL. */
static const struct sp_painter *
find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(painters) / sizeof(painters[0]); i++)
		if (strcmp(painters[i]->name, name) == 0)
			return painters[i];
	return NULL;
}

/* Opens the painter NAME on DL into PT, allocated by the caller. */
static struct sp_painting *
open_into(struct sp_painting *pt, const char *name, const struct sp_dl *dl,
    FILE *out)
{
	const struct sp_painter	*p = find(name);

	if (p == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "no painter named %s", name);
		free(pt);
		return NULL;
	}
	if ((pt->ctx = p->open(dl, out)) == NULL) {
		free(pt);
		return NULL;
	}
	pt->p = p;
	return pt;
}

struct sp_painting *
sp_paint_open(const char *name, const struct sp_dl *dl, FILE *out)
{
	return open_into(sp_calloc(1, sizeof(struct sp_painting)), name, dl,
	    out);
}

/*
 * The operations of page N, PG; with FLAT only what is drawn: no
 * structure, outline, links or destinations (an imposed sheet).
 */
static void
draw_ops(struct sp_painting *pt, int n, const struct sp_page *pg, int flat)
{
	const struct sp_painter	*p = pt->p;
	int			 j;

	for (j = 0; j < pg->nops; j++) {
		const struct sp_op *op = &pg->ops[j];

		switch (op->type) {
		case SP_OP_GLYPHS:
			if (p->glyphs != NULL)
				p->glyphs(pt->ctx, op);
			break;
		case SP_OP_FILL:
			if (p->fill != NULL)
				p->fill(pt->ctx, op);
			break;
		case SP_OP_TAG_BEGIN:
			if (p->tag_begin != NULL && !flat)
				p->tag_begin(pt->ctx, op);
			break;
		case SP_OP_TAG_END:
			if (p->tag_end != NULL && !flat)
				p->tag_end(pt->ctx, op);
			break;
		case SP_OP_OUTLINE:
			if (p->outline != NULL && !flat)
				p->outline(pt->ctx, n, op);
			break;
		case SP_OP_LINK:
			if (p->link != NULL && !flat)
				p->link(pt->ctx, op);
			break;
		case SP_OP_URI:
			if (p->uri != NULL && !flat)
				p->uri(pt->ctx, op);
			break;
		case SP_OP_DEST:
			if (p->dest != NULL && !flat)
				p->dest(pt->ctx, n, op);
			break;
		case SP_OP_POLY:
			if (p->poly != NULL)
				p->poly(pt->ctx, op);
			break;
		}
	}
}

/* Paints page N, PG, with the painter; or, with LATE, PG as the late
 * part of page N (what it draws, no structure). */
static void
paint_ops(struct sp_painting *pt, int n, const struct sp_page *pg, int late)
{
	const struct sp_painter	*p = pt->p;

	if (late) {
		p->late_begin(pt->ctx, n);
		draw_ops(pt, n, pg, 1);
		p->late_end(pt->ctx);
		return;
	}
	if (p->page_begin != NULL)
		p->page_begin(pt->ctx, n, pg->width, pg->height);
	if (pg->late && p->late_page != NULL)
		p->late_page(pt->ctx);
	draw_ops(pt, n, pg, 0);
	if (p->page_end != NULL)
		p->page_end(pt->ctx);
}

int
sp_paint_can_late(const char *name)
{
	const struct sp_painter	*p = find(name);

	return p != NULL && p->late_page != NULL;
}

int
sp_paint_imposed(const char *name, struct sp_dl *dl,
    const struct sp_place *pl, int npl, int per, int32_t sw, int32_t sh,
    FILE *out)
{
	struct sp_painting	*pt;
	const struct sp_painter	*p;
	int			 i, k;

	if ((pt = sp_paint_open(name, dl, out)) == NULL)
		return -1;
	p = pt->p;
	if (p->place == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "the %s painter cannot impose "
		    "pages", p->name);
		sp_paint_close(pt);
		return -1;
	}
	for (i = 0; i * per < npl; i++) {
		if (p->page_begin != NULL)
			p->page_begin(pt->ctx, i, sw, sh);
		for (k = i * per; k < npl && k < (i + 1) * per; k++) {
			if (pl[k].page < 0 || pl[k].page >= dl->npages)
				continue;
			p->place(pt->ctx, &pl[k]);
			draw_ops(pt, pl[k].page, &dl->pages[pl[k].page], 1);
		}
		if (p->page_end != NULL)
			p->page_end(pt->ctx);
	}
	return sp_paint_close(pt);
}

/* The painting thread: pages in the order they were handed over. */
static void *
painter(void *arg)
{
	struct sp_painting	*pt = arg;
	struct job		 job;

	prctl(PR_SET_NAME, "sp-paint");	/* for top -H and perf */
	pthread_mutex_lock(&pt->mu);
	for (;;) {
		while (pt->count == 0 && !pt->closing)
			pthread_cond_wait(&pt->cv, &pt->mu);
		if (pt->count == 0)
			break;
		job = pt->q[pt->head];
		pthread_mutex_unlock(&pt->mu);
		pt->view.fonts = job.fonts;
		pt->view.nfonts = job.nfonts;
		paint_ops(pt, job.n, &job.page, job.late);
		free(job.page.ops);
		sp_arena_free(job.page.arena);
		pthread_mutex_lock(&pt->mu);
		pt->head = (pt->head + 1) % QUEUE;
		pt->count--;
		pthread_cond_broadcast(&pt->cv);
	}
	pthread_mutex_unlock(&pt->mu);
	return NULL;
}

/* The font table for a job: the last copy, or a new one if it grew. */
static struct sp_dl_font *
fonts_now(struct sp_painting *pt, const struct sp_dl *dl)
{
	struct sp_dl_font	*f;

	if (pt->ncopies > 0 && dl->fonts == pt->seen &&
	    dl->nfonts == pt->nseen)
		return pt->copies[pt->ncopies - 1];
	/* the strings stay where they are until the display list is
	 * freed, after the painting is closed */
	f = sp_calloc((size_t)dl->nfonts + 1, sizeof(*f));
	memcpy(f, dl->fonts, (size_t)dl->nfonts * sizeof(*f));
	pt->copies = sp_realloc(pt->copies, ((size_t)pt->ncopies + 1) *
	    sizeof(*pt->copies));
	pt->copies[pt->ncopies++] = f;
	pt->seen = dl->fonts;
	pt->nseen = dl->nfonts;
	return f;
}

/* Page N, PG (or PG the late part of N), painted or handed over. */
static void
hand_over(struct sp_painting *pt, struct sp_dl *dl, int n,
    struct sp_page *pg, int consume, int late)
{
	struct job	*job;

	if (!pt->threaded) {
		/* the font table may have grown since the painter opened
		 * (fonts first used late in one pass) */
		pt->view.fonts = dl->fonts;
		pt->view.nfonts = dl->nfonts;
		paint_ops(pt, n, pg, late);
		if (consume) {
			/* a painted page's ops are not needed again, nor
			 * their glyphs */
			sp_dl_page_clear(pg);
		}
		return;
	}
	pthread_mutex_lock(&pt->mu);
	while (pt->count == QUEUE)
		pthread_cond_wait(&pt->cv, &pt->mu);
	job = &pt->q[(pt->head + pt->count) % QUEUE];
	job->page = *pg;
	if (!consume) {
		/* a copy of the ops: what they point to stays in the
		 * display list's arena until it is freed */
		job->page.ops = sp_malloc(((size_t)pg->nops + 1) *
		    sizeof(*pg->ops));
		memcpy(job->page.ops, pg->ops, (size_t)pg->nops *
		    sizeof(*pg->ops));
		job->page.cap = pg->nops;
		/* the page's glyphs stay until this painter is done too */
		if (pg->arena != NULL)
			sp_arena_hold(pg->arena);
	}
	job->n = n;
	job->late = late;
	job->nfonts = dl->nfonts;
	job->fonts = fonts_now(pt, dl);
	pt->count++;
	pthread_cond_broadcast(&pt->cv);
	pthread_mutex_unlock(&pt->mu);
	if (consume) {
		/* the ops and their glyphs are the painter's now */
		pg->ops = NULL;
		pg->arena = NULL;
		pg->nops = pg->cap = 0;
	}
}

void
sp_paint_page(struct sp_painting *pt, struct sp_dl *dl, int n, int consume)
{
	hand_over(pt, dl, n, &dl->pages[n], consume, 0);
}

void
sp_paint_late(struct sp_painting *pt, struct sp_dl *dl, int n,
    struct sp_page *part, int consume)
{
	hand_over(pt, dl, n, part, consume, 1);
}

struct sp_painting *
sp_paint_open_thread(const char *name, const struct sp_dl *dl, FILE *out)
{
	struct sp_painting	*pt = sp_calloc(1, sizeof(*pt));
	const char		*e;

	/*
	 * The painter keeps the display list it is opened with: it gets
	 * the view, a copy of DL's header that the painting thread alone
	 * changes (the font table of each job). Painters read the pages
	 * of the list they are given only while opening.
	 */
	pt->view = *dl;
	if ((pt = open_into(pt, name, &pt->view, out)) == NULL)
		return NULL;
	/* SAKSPAPIR_PAINT_THREAD=0: paint in line, to compare the bytes */
	if ((e = getenv("SAKSPAPIR_PAINT_THREAD")) != NULL &&
	    strcmp(e, "0") == 0)
		return pt;
	pthread_mutex_init(&pt->mu, NULL);
	pthread_cond_init(&pt->cv, NULL);
	if (pthread_create(&pt->thread, NULL, painter, pt) == 0)
		pt->threaded = 1;
	else {
		pthread_mutex_destroy(&pt->mu);
		pthread_cond_destroy(&pt->cv);
	}
	return pt;
}

int
sp_paint_close(struct sp_painting *pt)
{
	int	rc, i;

	if (pt->threaded) {
		pthread_mutex_lock(&pt->mu);
		pt->closing = 1;
		pthread_cond_broadcast(&pt->cv);
		pthread_mutex_unlock(&pt->mu);
		pthread_join(pt->thread, NULL);
		pthread_mutex_destroy(&pt->mu);
		pthread_cond_destroy(&pt->cv);
	}
	rc = pt->p->close(pt->ctx);
	for (i = 0; i < pt->ncopies; i++)
		free(pt->copies[i]);
	free(pt->copies);
	free(pt);
	return rc;
}

int
sp_paint(const char *name, struct sp_dl *dl, int only, FILE *out,
    int consume)
{
	struct sp_painting	*pt;
	int			 n;

	if ((pt = sp_paint_open(name, dl, out)) == NULL)
		return -1;
	for (n = 0; n < dl->npages; n++)
		if (only < 0 || n == only)
			sp_paint_page(pt, dl, n, consume);
	return sp_paint_close(pt);
}
