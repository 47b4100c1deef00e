/*
 * fuzz.c: the libFuzzer targets of make fuzz. One input goes all the way
 * through: read (libxml2, XInclude, RelaxNG), validate, build documents,
 * lay out (Pango, libhyphen) and paint a PDF into memory (our own writer).
 *
 * Built twice: as build/fuzz-master the input is the master (with the
 * standard style); with -DFUZZ_STYLE, as build/fuzz-style, the input is
 * the style file, used on test/fixtures/tables/master.xml; with
 * -DFUZZ_FONT, as build/fuzz-font, the input is a TrueType file, loaded,
 * given glyphs and written as a subset by our own writer. Run from the
 * top of the source tree (make fuzz does).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_doc.h"
#include "sp_dl.h"
#include "sp_layout.h"
#include "sp_paint.h"
#include "sp_pdf.h"
#include "sp_style.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char		 dir[] = "/tmp/sp-fuzz.XXXXXX";
static char		*fonts, *schema, *input;
static struct sp_style	*standard;
static struct sp_hyph	*hy;
#ifdef FUZZ_STYLE
static struct sp_plan	*fixture;
#endif

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	*cwd = getcwd(NULL, 0), *slash;

	(void)argc;
	(void)argv;
	setenv("SAKSPAPIR_DATA", cwd, 1);
	free(cwd);
	if (mkdtemp(dir) == NULL)
		abort();
	if ((fonts = sp_data_find(NULL, "fonts/fonts.conf")) == NULL ||
	    (schema = sp_data_find(NULL, "plan/schema/sakspapir.rng")) ==
	    NULL) {
		fprintf(stderr, "fuzz: run from the top of the source tree\n");
		abort();
	}
	setenv("FONTCONFIG_FILE", fonts, 1);
	if ((slash = strrchr(fonts, '/')) != NULL)
		*slash = '\0';
	{
		char *s = sp_data_find(NULL, "styles/standard.style");

		standard = s != NULL ? sp_style_load(s) : NULL;
		free(s);
	}
	if (standard == NULL)
		abort();
	hy = sp_hyph_new(standard->hyphen_dict);
#ifdef FUZZ_STYLE
	input = sp_printf("%s/fuzz.style", dir);
	fixture = sp_plan_read("test/fixtures/tables/master.xml", schema);
	if (fixture == NULL)
		abort();
	sp_plan_index(fixture);
#elif defined(FUZZ_FONT)
	input = sp_printf("%s/font.ttf", dir);
#else
	input = sp_printf("%s/master.xml", dir);
#endif
	return 0;
}

#ifndef FUZZ_FONT
/* Lay out and paint DOC (freed) into memory. */
static void
typeset(struct sp_doc *doc, const struct sp_style *st, struct sp_hyph *h)
{
	struct sp_dl	*dl;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*mem;

	if (doc == NULL)
		return;
	dl = sp_layout(doc, st, fonts, h, NULL, NULL);
	sp_doc_free(doc);
	if (dl == NULL)
		return;
	if ((mem = open_memstream(&buf, &len)) != NULL) {
		sp_paint("pdf", dl, -1, mem, 0);
		fclose(mem);
	}
	free(buf);
	sp_dl_free(dl);
}

/* The first two saker and vedlegg of P, and its first plan version. */
static void
documents(const struct sp_plan *p, const struct sp_style *st,
    struct sp_hyph *h)
{
	const struct sp_node	*n;
	int			 k = 0;

	for (n = p->root->first; n != NULL && k < 2; n = n->next)
		if (n->type == SP_SAK) {
			typeset(sp_doc_sak(p, st, n), st, h);
			k++;
		} else if (n->type == SP_VEDLEGG) {
			typeset(sp_doc_vedlegg(p, st, n), st, h);
			k++;
		}
	if (p->nversions > 0)
		typeset(sp_doc_plan(p, st, &p->versions[0]), st, h);
}

#endif

static int
write_input(const uint8_t *data, size_t size)
{
	FILE	*f;

	if ((f = fopen(input, "wb")) == NULL)
		return -1;
	fwrite(data, 1, size, f);
	return fclose(f);
}

#ifdef FUZZ_FONT
/* Every third glyph of the first 3000 used, with text, written into a
 * PDF in memory. */
static void
font(void)
{
	struct sp_pdffont	*f;
	struct sp_pdfw		*w;
	char			*buf = NULL;
	size_t			 len = 0;
	unsigned		 g;
	int			 sum = 0;
	FILE			*mem;

	if ((f = sp_pdffont_new(input, 0)) == NULL)
		return;
	for (g = 0; g < 3000; g += 3) {
		sp_pdffont_use(f, g, g % 2 ? "fi" : "\xC3\xA5", 2);
		sum += sp_pdffont_width(f, g);
	}
	if ((mem = open_memstream(&buf, &len)) != NULL) {
		w = sp_pdfw_new(mem);
		g = (unsigned)sp_pdfw_alloc(w);
		sp_pdffont_write(f, w, (int)g);
		sp_pdfw_close(w, (int)g, 0);
		fclose(mem);
	}
	free(buf);
	sp_pdffont_free(f);
	(void)sum;
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef FUZZ_FONT
	if (size > 1048576 || write_input(data, size) != 0)
		return 0;
	sp_msg_reset();
	font();
#elif defined(FUZZ_STYLE)
	struct sp_style	*st;
	struct sp_hyph	*h = hy;

	if (size > 65536 || write_input(data, size) != 0)
		return 0;
	sp_msg_reset();
	if ((st = sp_style_load(input)) == NULL)
		return 0;
	if (st->hyphenate && st->hyphen_dict != NULL &&
	    strcmp(st->hyphen_dict, standard->hyphen_dict) != 0)
		h = sp_hyph_new(st->hyphen_dict);
	documents(fixture, st, st->hyphenate ? h : NULL);
	if (h != hy)
		sp_hyph_free(h);
	sp_style_free(st);
#else
	struct sp_plan	*p;

	if (size > 262144 || write_input(data, size) != 0)
		return 0;
	sp_msg_reset();
	if ((p = sp_plan_read(input, schema)) == NULL)
		return 0;
	sp_plan_index(p);
	if (sp_plan_validate(p) < SP_ERROR)
		documents(p, standard, hy);
	sp_plan_free(p);
#endif
	return 0;
}
