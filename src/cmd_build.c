/* cmd_build.c: sakspapir build: the pipeline from the master to the
 * files in out/: the documents built, laid out and streamed page by page
 * to the painters (the PDF and its archival copy), PNG previews and
 * layout dumps, the print bundles; and what typesetting needs set up,
 * which diff --format pdf uses too. */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_doc.h"
#include "sp_layout.h"
#include "sp_paint.h"
#include "sp_style.h"
#include "sp_trykk.h"
#include "cmd.h"

/* Free heap bytes after the model is freed past which they go back to
 * the system before layout. */
#define TRIM_FREE	((size_t)8 << 20)

/* SAKSPAPIR_TIMING=1 prints the time each stage takes, for profiling. */
static int timing;

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The end of STAGE, begun at *T0, which becomes now: with timing, its
 * wall time, the main thread's CPU time in it (what the stage cost, not
 * what it waited) and the memory. */
static void
lap(const char *stage, double *t0)
{
	static double	c0;
	double		t = now(), c = sp_thread_cpu();

	if (timing) {
		FILE	*f = fopen("/proc/self/status", "r");
		char	 line[128];
		long	 kb = 0, rss = 0;

		while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
			sscanf(line, "VmHWM: %ld", &kb);
			sscanf(line, "VmRSS: %ld", &rss);
		}
		if (f != NULL)
			fclose(f);
		fprintf(stderr, "timing: %-8s %7.1f ms  main cpu %7.1f ms  "
		    "rss %6ld kB  peak %6ld kB\n", stage, (t - *t0) * 1e3,
		    (c - c0) * 1e3, rss, kb);
	}
	*t0 = t;
	c0 = c;
}

/*
 * Streaming a PDF: each finished page goes straight to the painter, and
 * with --archive to the PDF/A painter too, before its operations go.
 */
struct stream {
	struct sp_out		 out[2];	/* the PDF, the PDF/A copy */
	struct sp_painting	*pt[2];
	int			 n;		/* 1, or 2 with the copy */
	int			 failed;
};

static void
page_done(void *arg, struct sp_dl *dl, int n)
{
	static const char *const painter[2] = { "pdf", "pdfa" };
	struct stream	*s = arg;
	int		 i;

	for (i = 0; i < s->n && !s->failed; i++) {
		if (s->pt[i] == NULL && (s->pt[i] = sp_paint_open_thread(
		    painter[i], dl, s->out[i].f)) == NULL) {
			s->failed = 1;
			return;
		}
		/* the last painter takes the page, the others a copy */
		sp_paint_page(s->pt[i], dl, n, i == s->n - 1);
	}
}

/* The late part of page N (its number) to the painters, like the page. */
static void
late_done(void *arg, struct sp_dl *dl, int n, struct sp_page *part)
{
	struct stream	*s = arg;
	int		 i;

	for (i = 0; i < s->n && !s->failed; i++)
		if (s->pt[i] != NULL)
			sp_paint_late(s->pt[i], dl, n, part, i == s->n - 1);
}

/* Characters the bundled fonts cannot show: say so once per target. */
static void
missing(const struct sp_dl *dl, const struct target *t)
{
	if (dl != NULL && dl->missing > 0)
		sp_msg(SP_WARNING, t->file, t->line, "%s: %d "
		    "character%s without a glyph in the bundled fonts "
		    "(the first is U+%04X), shown as empty boxes (in the PDF as "
		    "U+FFFD)", t->name,
		    dl->missing, dl->missing == 1 ? "" : "s",
		    (unsigned)dl->missing_cp);
}

int
cmd_render(struct sp_doc *doc, const struct sp_style *st, const char *fontsdir,
    struct sp_hyph *hy, const struct target *t, const char *dir, int dump,
    int png, int archive)
{
	struct sp_dl	*dl;
	struct sp_out	 out;
	struct stream	 s;
	char		*path;
	int		 rc = 0, i;
	double		 t0 = now();

	if (!dump && !png) {
		memset(&s, 0, sizeof(s));
		s.n = archive ? 2 : 1;
		for (i = 0; i < s.n; i++) {
			path = sp_printf(i == 0 ? "%s/%s.pdf" : "%s/arkiv/%s.pdf",
			    dir, t->name);
			rc = sp_out_open(&s.out[i], path);
			free(path);
			if (rc != 0) {
				if (i > 0)
					sp_out_abort(&s.out[0]);
				sp_doc_free(doc);
				return -1;
			}
		}
		dl = sp_layout_stream(doc, st, fontsdir, hy, page_done,
		    sp_paint_can_late("pdf") && (!archive ||
		    sp_paint_can_late("pdfa")) ? late_done : NULL, &s);
		sp_doc_free(doc);
		missing(dl, t);
		lap("layout", &t0);
		for (i = 0; i < s.n; i++)
			if (s.pt[i] != NULL && sp_paint_close(s.pt[i]) != 0)
				s.failed = 1;
		lap("close", &t0);
		if (dl == NULL || s.failed || s.pt[0] == NULL) {
			for (i = 0; i < s.n; i++)
				sp_out_abort(&s.out[i]);
			sp_dl_free(dl);
			return -1;
		}
		sp_dl_free(dl);
		for (i = 0; i < s.n && rc == 0; i++)
			rc = sp_out_commit(&s.out[i]);
		for (; i < s.n; i++)
			sp_out_abort(&s.out[i]);
		lap("write", &t0);
		return rc;
	}
	dl = sp_layout(doc, st, fontsdir, hy, NULL, NULL);
	sp_doc_free(doc);
	lap("layout", &t0);
	if (dl == NULL)
		return -1;
	missing(dl, t);
	if (dump) {
		sp_dl_dump(dl, stdout);
		sp_dl_free(dl);
		return 0;
	}
	for (i = 0; i < dl->npages && rc == 0; i++) {
		path = sp_printf("%s/%s-%d.png", dir, t->name, i + 1);
		if ((rc = sp_out_open(&out, path)) == 0) {
			if (sp_paint("png", dl, i, out.f, 0) != 0) {
				sp_out_abort(&out);
				rc = -1;
			} else
				rc = sp_out_commit(&out);
		}
		free(path);
	}
	sp_dl_free(dl);
	return rc;
}

/* The bundle and (or) the booklet of the meeting target T (WANT). */
static int
bundle(const struct sp_plan *p, const struct sp_style *st,
    const char *fontsdir, struct sp_hyph *hy, const struct target *t,
    const char *dir, int dump, int png, int archive, unsigned want)
{
	struct sp_trykk	 tk;
	char		*date = cmd_creation_date(p, sp_attr(t->node, "dato"));
	int		 rc;
	double		 t0 = now();

	memset(&tk, 0, sizeof(tk));
	tk.plan = p;
	tk.st = st;
	tk.fontsdir = fontsdir;
	tk.hy = hy;
	tk.mote = t->node;
	tk.dir = dir;
	tk.name = t->name;
	tk.date = date;
	tk.want = want;
	tk.dump = dump;
	tk.png = png;
	tk.archive = archive;
	rc = sp_trykk(&tk);
	free(date);
	lap("trykk", &t0);
	if (rc == 0)
		return SP_EXIT_OK;
	return cmd_exit_status() ? cmd_exit_status() : SP_EXIT_SYS;
}

/*
 * What typesetting needs: the style STYLEPATH (NULL: the standard one),
 * the directory of the bundled fonts, and the hyphenation patterns,
 * which load on a thread, as the fonts do, while the master is read.
 * Returns 0, or an exit status after reporting.
 */
int
cmd_typeset_setup(const char *stylepath, struct sp_style **stp, char **fontsp,
    struct sp_hyph **hyp)
{
	char		*found = NULL, *fonts, *slash;
	struct sp_style	*st;

	if (stylepath == NULL)
		stylepath = found = sp_data_find(NULL, "styles/standard.style");
	if (stylepath == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot find styles/standard.style");
		return SP_EXIT_SYS;
	}
	st = *stp = sp_style_load(stylepath);
	free(found);
	if (st == NULL)
		return cmd_exit_status();
	if ((fonts = *fontsp = sp_data_find(NULL, "fonts/fonts.conf")) == NULL) {
		sp_msg(SP_SYSERR, NULL, 0, "cannot find fonts/fonts.conf");
		return SP_EXIT_SYS;
	}
	/*
	 * Pango starts a thread that loads fontconfig's default setup, the
	 * machine's fonts, unless there is one already; layout_text.c makes
	 * its private setup the default before that. Should anything load
	 * the default all the same, it points at the bundled fonts too,
	 * not at the machine's ~50 configuration files. Set before any
	 * thread starts.
	 */
	setenv("FONTCONFIG_FILE", fonts, 1);
	if (st->hyphenate && st->hyphen_dict != NULL &&
	    (*hyp = sp_hyph_new(st->hyphen_dict)) == NULL)
		return SP_EXIT_SYS;
	if ((slash = strrchr(fonts, '/')) != NULL)
		*slash = '\0';
	sp_text_preload(st, fonts);	/* fonts come up while we read */
	return 0;
}

/*
 * The end of what cmd_typeset_setup made. The process ends next and gives
 * its memory back whole: freeing the font setup (Pango's font map), the
 * patterns and the style piece by piece cost 0.8-1.0 ms of main-thread
 * CPU at the end of Sak 03-26's ~25 ms, for nothing. They stay reachable
 * from here. Builds with AddressSanitizer (make check-asan) free them,
 * so the frees stay tested and the leak check sees everything.
 */
/* AddressSanitizer, as gcc says it and as clang does (make fuzz) */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_AT_EXIT	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FREE_AT_EXIT	1
#endif
#endif

#ifndef FREE_AT_EXIT
static void *volatile held[3];	/* volatile: the stores must stay */
#endif

void
cmd_typeset_release(struct sp_style *st, char *fonts, struct sp_hyph *hy)
{
#ifdef FREE_AT_EXIT
	sp_text_cleanup(1);
	free(fonts);
	sp_hyph_free(hy);
	sp_style_free(st);
#else
	sp_text_cleanup(0);	/* the font thread ends first */
	held[0] = st;
	held[1] = fonts;
	held[2] = hy;
#endif
}

int
cmd_build(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "style", required_argument, NULL, 's' },
		{ "dump-layout", no_argument, NULL, 'd' },
		{ "png", no_argument, NULL, 'p' },
		{ "archive", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*dir = "out", *stylepath = NULL;
	char		*fonts = NULL;
	struct sp_plan	*p = NULL;
	struct sp_style	*st = NULL;
	struct sp_hyph	*hy = NULL;
	struct sp_doc	**docs;
	struct target	*t;
	char		*date;
	int		 c, nt, i, j, dump = 0, png = 0, archive = 0;
	int		 rc = SP_EXIT_OK;
	int		*want, nwant = 0, tty = isatty(2), nbundle = 0;
	double		 t0;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (*optarg == '\0') {
				sp_msg(SP_ERROR, NULL, 0, "-o needs a "
				    "directory; '' names none");
				return SP_EXIT_USAGE;
			}
			dir = optarg;
			break;
		case 's':
			stylepath = optarg;
			break;
		case 'd':
			dump = 1;
			break;
		case 'p':
			png = 1;
			break;
		case 'a':
			archive = 1;
			break;
		default:
			cmd_usage(stderr);
			return SP_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cmd_usage(stderr);
		return SP_EXIT_USAGE;
	}
	timing = getenv("SAKSPAPIR_TIMING") != NULL;
	t0 = now();
	lap("start", &t0);
	/* The style first: its hyphenation patterns load on a thread
	 * while the master is read. */
	if ((rc = cmd_typeset_setup(stylepath, &st, &fonts, &hy)) != 0)
		goto out;
	if ((p = cmd_load(argv[optind])) == NULL) {
		rc = cmd_exit_status();
		goto out;
	}
	lap("read", &t0);
	/* all the outputs of this build, or none of them */
	sp_out_defer(1);
	sp_msg_quiet(1);
	if (sp_plan_validate(p) >= SP_ERROR) {
		sp_msg_quiet(0);
		sp_msg(SP_ERROR, p->path, 0, "the master has errors; "
		    "run 'sakspapir lint' for all of them");
		rc = SP_EXIT_INPUT;
		goto out;
	}
	sp_msg_quiet(0);
	lap("validate", &t0);
	nt = cmd_targets(p, &t);
	want = sp_calloc(nt + 1, sizeof(int));
	for (i = optind + 1; i < argc; i++) {
		for (j = 0; j < nt; j++)
			if (strcmp(t[j].name, argv[i]) == 0)
				break;
		if (j == nt) {
			sp_msg(SP_ERROR, p->path, 0, "no target named %s "
			    "(see 'sakspapir list')", argv[i]);
			free(want);
			cmd_free_targets(t, nt);
			rc = SP_EXIT_USAGE;
			goto out;
		}
		want[j] = 1;
		nwant++;
	}
	/* Build every document first, then let the model go: layout
	 * holds the memory of big plans, not the model. */
	docs = sp_calloc(nt + 1, sizeof(*docs));
	for (i = 0; i < nt; i++) {
		if (t[i].kind == T_TRYKK || t[i].kind == T_HEFTE) {
			nbundle += nwant == 0 || want[i];
			continue;
		}
		if (nwant > 0 && !want[i])
			continue;
		docs[i] = t[i].kind == T_SAK ? sp_doc_sak(p, st, t[i].node) :
		    t[i].kind == T_PLAN ? sp_doc_plan(p, st,
		    sp_version_find(p, sp_attr(t[i].node, "id"))) :
		    t[i].kind == T_DIFF ? sp_doc_diff(p, st, t[i].from,
		    t[i].to, 0) : sp_doc_vedlegg(p, st, t[i].node);
		date = cmd_creation_date(p, docs[i]->date);
		free(docs[i]->date);
		docs[i]->date = date;
	}
	lap("build", &t0);
	if (nbundle == 0) {
		/* a bundle's cover needs the model after layout */
		sp_plan_free(p);
		p = NULL;
		/* give the model's pages back before layout, when that is
		 * worth it: trimming a few megabytes costs more (the call,
		 * and faulting the pages in again for layout) than it
		 * saves (Sak 03-26: 2015 -> 1787 page faults, 0.9 ms of
		 * CPU); a big model goes back (the peak of a big plan) */
		if (mallinfo2().fordblks > TRIM_FREE)
			malloc_trim(0);
		lap("free", &t0);
	}
	for (i = 0, j = 0; i < nt; i++) {
		if (docs[i] == NULL)
			continue;
		j++;
		if (tty && !dump)
			fprintf(stderr, "[%d/%d] %s/%s.pdf\n", j,
			    nwant > 0 ? nwant : nt, dir, t[i].name);
		rc = cmd_render(docs[i], st, fonts, hy, &t[i], dir, dump, png,
		    archive);
		docs[i] = NULL;
		if (rc != 0) {
			rc = cmd_exit_status() ? cmd_exit_status() : SP_EXIT_SYS;
			break;
		}
	}
	/* Print bundles: a meeting's bundle target is followed by its
	 * booklet's, and one composition makes both. */
	for (i = 0; i < nt && rc == SP_EXIT_OK; i++) {
		unsigned what = 0;

		if (t[i].kind == T_TRYKK && (nwant == 0 || want[i]))
			what |= SP_TRYKK_BUNDLE;
		if (t[i].kind == T_TRYKK && (nwant == 0 || want[i + 1]))
			what |= SP_TRYKK_BOOKLET;
		if (what == 0)
			continue;
		if (tty && !dump && (what & SP_TRYKK_BUNDLE))
			fprintf(stderr, "[%d/%d] %s/%s.pdf\n", ++j,
			    nwant > 0 ? nwant : nt, dir, t[i].name);
		if (tty && !dump && (what & SP_TRYKK_BOOKLET))
			fprintf(stderr, "[%d/%d] %s/%s.pdf\n", ++j,
			    nwant > 0 ? nwant : nt, dir, t[i + 1].name);
		rc = bundle(p, st, fonts, hy, &t[i], dir, dump, png, archive,
		    what);
	}
	/* each document lapped its own stages: cleanup begins here */
	t0 = now();
	for (i = 0; i < nt; i++)
		sp_doc_free(docs[i]);
	free(docs);
	free(want);
	cmd_free_targets(t, nt);
out:
	if (sp_out_finish(rc == SP_EXIT_OK) != 0 && rc == SP_EXIT_OK)
		rc = SP_EXIT_SYS;
	cmd_typeset_release(st, fonts, hy);
	sp_plan_free(p);
	lap("cleanup", &t0);
	return rc;
}
