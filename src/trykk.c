/*
 * trykk.c: a meeting's print bundle and booklet (out/trykk/): its
 * documents laid out one by one, composed behind a cover, painted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_doc.h"
#include "sp_layout.h"
#include "sp_paint.h"
#include "sp_trykk.h"

/* Each document begins on a right-hand page: on its own sheet. */
#define ODD	1

/*
 * BASE.pdf: the pages of DL, or with PL the sheets they are imposed on;
 * with ARCH, also ARCH.pdf, the archival PDF/A copy of the pages. Both
 * are replaced only when both are written.
 */
static int
write_pdf(struct sp_dl *dl, const struct sp_place *pl, int npl, int32_t sw,
    int32_t sh, const char *base, const char *arch)
{
	struct sp_out	 out, copy;
	char		*path = sp_printf("%s.pdf", base);
	int		 rc;

	rc = sp_out_open(&out, path);
	free(path);
	if (rc != 0)
		return -1;
	if (arch != NULL) {
		path = sp_printf("%s.pdf", arch);
		rc = sp_out_open(&copy, path);
		free(path);
		if (rc != 0) {
			sp_out_abort(&out);
			return -1;
		}
	}
	if ((pl != NULL ? sp_paint_imposed("pdf", dl, pl, npl, 2, sw, sh,
	    out.f) : sp_paint("pdf", dl, -1, out.f, 0)) != 0 ||
	    (arch != NULL && sp_paint("pdfa", dl, -1, copy.f, 0) != 0)) {
		sp_out_abort(&out);
		if (arch != NULL)
			sp_out_abort(&copy);
		return -1;
	}
	rc = sp_out_commit(&out);
	if (arch != NULL) {
		if (rc == 0)
			rc = sp_out_commit(&copy);
		else
			sp_out_abort(&copy);
	}
	return rc;
}

/* One PNG per page, or per sheet side when PL is given. */
static int
write_png(struct sp_dl *dl, const struct sp_place *pl, int npl, int32_t sw,
    int32_t sh, const char *base)
{
	struct sp_out	 out;
	char		*path;
	int		 i, n = pl != NULL ? npl / 2 : dl->npages, rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		path = sp_printf("%s-%d.png", base, i + 1);
		if ((rc = sp_out_open(&out, path)) == 0) {
			if ((pl != NULL ? sp_paint_imposed("png", dl, pl + 2 * i,
			    2, 2, sw, sh, out.f) : sp_paint("png", dl, i,
			    out.f, 0)) != 0) {
				sp_out_abort(&out);
				rc = -1;
			} else
				rc = sp_out_commit(&out);
		}
		free(path);
	}
	return rc;
}

/* The imposition as text, for --dump-layout: "sheet 1 front 12 | 1". */
static void
dump_booklet(const struct sp_place *pl, int npl, FILE *f)
{
	int	k;

	for (k = 0; k + 1 < npl; k += 2)
		fprintf(f, "sheet %d %s %d | %d scale %.4f\n", k / 4 + 1,
		    (k / 2) % 2 == 0 ? "front" : "back", pl[k].page + 1,
		    pl[k + 1].page + 1, pl[k].scale);
}

/*
 * FMT with a no-break space before it and for each of its spaces: the
 * bundle's number is set as a line of its own, which would lose them.
 */
static char *
nbsp(const char *fmt)
{
	struct sp_buf	b = { NULL, 0, 0 };

	sp_buf_puts(&b, "\xC2\xA0");
	for (; *fmt != '\0'; fmt++)
		if (*fmt == ' ')
			sp_buf_puts(&b, "\xC2\xA0");
		else
			sp_buf_putc(&b, *fmt);
	return b.s;
}

int
sp_trykk(const struct sp_trykk *t)
{
	const struct sp_style	*st = t->st;
	struct sp_mote_item	*it;
	struct sp_part		*parts;
	struct sp_bundle	 B;
	struct sp_doc		*doc;
	char			*folio = NULL;
	struct sp_dl		*bundle = NULL;
	struct sp_place		*pl = NULL;
	int			*npages, *odd, *start;
	char			**dest;
	int			 n, i, tries, npl = 0, rc = -1;
	int32_t			 sw, sh;
	char			*path, *arch;
	const char		*ex = sp_attr(t->mote, "eksempel");

	n = sp_mote_items(t->plan, t->mote, &it);
	parts = sp_calloc(n + 1, sizeof(*parts));
	npages = sp_calloc(n + 1, sizeof(int));
	odd = sp_calloc(n + 1, sizeof(int));
	start = sp_calloc(n + 1, sizeof(int));
	dest = sp_calloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		doc = it[i].vedlegg ? sp_doc_vedlegg(t->plan, st, it[i].node) :
		    sp_doc_sak(t->plan, st, it[i].node);
		free(doc->date);
		doc->date = sp_strdup(t->date);
		parts[i + 1].dl = sp_layout(doc, st, t->fontsdir, t->hy, NULL,
		    NULL);
		sp_doc_free(doc);
		if (parts[i + 1].dl == NULL)
			goto out;
		parts[i + 1].shift = it[i].vedlegg;
		parts[i + 1].dest = dest[i] = sp_mote_dest(it, i);
		parts[i + 1].odd = ODD;
		npages[i + 1] = parts[i + 1].dl->npages;
		odd[i + 1] = ODD;
	}
	/*
	 * The cover lists the page each document begins on, and its own
	 * length moves them: lay it out until its length stays.
	 */
	npages[0] = 1;
	for (tries = 0; tries < 4; tries++) {
		sp_bundle_starts(npages, odd, n + 1, start);
		doc = sp_doc_mote(t->plan, st, t->mote, it, n, start + 1);
		free(doc->date);
		doc->date = sp_strdup(t->date);
		sp_dl_free(parts[0].dl);
		parts[0].dl = sp_layout(doc, st, t->fontsdir, t->hy, NULL,
		    NULL);
		sp_doc_free(doc);
		if (parts[0].dl == NULL)
			goto out;
		if (parts[0].dl->npages == npages[0])
			break;
		npages[0] = parts[0].dl->npages;
	}
	memset(&B, 0, sizeof(B));
	B.st = st;
	B.fontsdir = t->fontsdir;
	B.folio = folio = nbsp(st->l_folio);
	B.blank = st->l_blank;
	B.mark = ex != NULL && strcmp(ex, "ja") == 0 ? st->l_example : NULL;
	if ((bundle = sp_bundle(&B, parts, n + 1)) == NULL)
		goto out;
	if (t->want & SP_TRYKK_BUNDLE) {
		path = sp_printf("%s/%s", t->dir, t->name);
		if (t->dump)
			sp_dl_dump(bundle, stdout);
		arch = t->archive ? sp_printf("%s/arkiv/%s", t->dir, t->name) :
		    NULL;
		rc = t->dump ? 0 : t->png ? write_png(bundle, NULL, 0, 0, 0,
		    path) : write_pdf(bundle, NULL, 0, 0, 0, path, arch);
		free(path);
		free(arch);
		if (rc != 0)
			goto out;
	}
	if (t->want & SP_TRYKK_BOOKLET) {
		/* A5 pages two to a landscape sheet of the bundle's paper */
		sw = bundle->pages[0].height;
		sh = bundle->pages[0].width;
		rc = sp_bundle_pad(&B, bundle, 4);
		if (rc == 0)
			npl = sp_booklet(bundle, sw, sh, &pl);
		path = sp_printf("%s/%s-hefte", t->dir, t->name);
		if (rc == 0 && t->dump)
			dump_booklet(pl, npl, stdout);
		else if (rc == 0 && t->png)
			rc = write_png(bundle, pl, npl, sw, sh, path);
		else if (rc == 0)	/* the bundle is the archival copy */
			rc = write_pdf(bundle, pl, npl, sw, sh, path, NULL);
		free(path);
	}
out:
	for (i = 0; i <= n; i++)
		sp_dl_free(parts[i].dl);
	sp_dl_free(bundle);
	free(pl);
	free(parts);
	free(npages);
	free(odd);
	free(start);
	for (i = 0; i < n; i++)
		free(dest[i]);
	free(dest);
	free(it);
	free(folio);
	return rc;
}
