/* dl.c: display-list storage, the font table and the text dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_dl.h"

struct sp_dl *
sp_dl_new(void)
{
	struct sp_dl	*dl = sp_calloc(1, sizeof(*dl));

	dl->arena = sp_arena_new();
	return dl;
}

void
sp_dl_free(struct sp_dl *dl)
{
	int	i;

	if (dl == NULL)
		return;
	for (i = 0; i < dl->npages; i++)
		sp_dl_page_clear(&dl->pages[i]);
	free(dl->pages);
	for (i = 0; i < dl->nfonts; i++) {
		free(dl->fonts[i].file);
		free(dl->fonts[i].name);
	}
	free(dl->fonts);
	free(dl->title);
	free(dl->author);
	free(dl->subject);
	free(dl->keywords);
	free(dl->lang);
	free(dl->date);
	sp_arena_free(dl->arena);
	for (i = 0; i < dl->nkept; i++)
		sp_arena_free(dl->kept[i]);
	free(dl->kept);
	free(dl);
}

void
sp_dl_adopt(struct sp_dl *dl, struct sp_dl *src)
{
	int	i;

	dl->kept = sp_realloc(dl->kept, (dl->nkept + 1 + src->npages) *
	    sizeof(*dl->kept));
	dl->kept[dl->nkept++] = src->arena;
	src->arena = sp_arena_new();
	for (i = 0; i < src->npages; i++)
		if (src->pages[i].arena != NULL) {
			dl->kept[dl->nkept++] = src->pages[i].arena;
			src->pages[i].arena = NULL;
		}
}

void
sp_dl_keep(struct sp_page *pg, struct sp_op *op)
{
	if (pg->arena == NULL)
		pg->arena = sp_arena_new_small(4096);
	sp_dl_op_copy(pg->arena, op);
}

void
sp_dl_op_copy(struct sp_arena *a, struct sp_op *op)
{
	size_t	 ng = (size_t)op->nglyphs * sizeof(*op->glyphs);
	size_t	 nc = 2 * (size_t)op->nclusters;
	char	*blk;

	/* glyphs, clusters and text in one block, as the filler has them */
	blk = sp_arena_alloc(a, ng + nc + (size_t)op->ntext + 1);
	if (ng > 0)
		memcpy(blk, op->glyphs, ng);
	op->glyphs = (struct sp_dl_glyph *)blk;
	if (op->clusters != NULL) {
		if (nc > 0)
			memcpy(blk + ng, op->clusters, nc);
		op->clusters = (uint8_t *)(blk + ng);
	}
	if (op->text != NULL) {
		memcpy(blk + ng + nc, op->text, (size_t)op->ntext);
		op->text = blk + ng + nc;
	}
}

void
sp_dl_reserve(struct sp_dl *dl, int n)
{
	if (n > dl->cappages) {
		dl->pages = sp_realloc(dl->pages, n * sizeof(*dl->pages));
		dl->cappages = n;
	}
}

struct sp_page *
sp_dl_page(struct sp_dl *dl, int32_t w, int32_t h)
{
	struct sp_page	*p;

	if (dl->npages == dl->cappages)
		sp_dl_reserve(dl, dl->cappages ? dl->cappages * 2 : 16);
	p = &dl->pages[dl->npages++];
	memset(p, 0, sizeof(*p));
	p->width = w;
	p->height = h;
	return p;
}

void
sp_dl_page_clear(struct sp_page *p)
{
	free(p->ops);
	sp_arena_free(p->arena);
	p->ops = NULL;
	p->arena = NULL;
	p->nops = p->cap = 0;
}

void
sp_dl_page_done(struct sp_page *p)
{
	/* keep room for the footer, which comes once all pages are known */
	if (p->cap > p->nops + 16) {
		p->cap = p->nops + 16;
		p->ops = sp_realloc(p->ops, p->cap * sizeof(*p->ops));
	}
}

struct sp_op *
sp_dl_op(struct sp_page *p, enum sp_op_type t)
{
	struct sp_op	*op;

	if (p->nops == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->ops = sp_realloc(p->ops, p->cap * sizeof(*op));
	}
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof(*op));
	op->type = t;
	return op;
}

int
sp_dl_font(struct sp_dl *dl, const char *file, int index, int size,
    const char *name)
{
	int	i;

	for (i = 0; i < dl->nfonts; i++)
		if (dl->fonts[i].size == size && dl->fonts[i].index == index &&
		    strcmp(dl->fonts[i].file, file) == 0)
			return i;
	dl->fonts = sp_realloc(dl->fonts, (dl->nfonts + 1) *
	    sizeof(*dl->fonts));
	dl->fonts[dl->nfonts].file = sp_strdup(file);
	dl->fonts[dl->nfonts].index = index;
	dl->fonts[dl->nfonts].size = size;
	dl->fonts[dl->nfonts].name = sp_strdup(name);
	return dl->nfonts++;
}

/* Points with two decimals, from Pango units: stable and readable. */
static void
pt(FILE *f, int32_t v)
{
	long	h = ((long)v * 100 + (v >= 0 ? 512 : -512)) / 1024;

	fprintf(f, "%s%ld.%02ld", h < 0 ? "-" : "", labs(h) / 100,
	    labs(h) % 100);
}

/* "x y w h" of an op, with SEP between. */
static void
box(FILE *f, const struct sp_op *op, int sep)
{
	pt(f, op->x);
	fputc(sep, f);
	pt(f, op->y);
	fputc(sep, f);
	pt(f, op->w);
	fputc(sep, f);
	pt(f, op->h);
}

static void
dump_text(FILE *f, const char *s, int n)
{
	int	i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', f);
		if (s[i] == '\n')
			fputs("\\n", f);
		else
			fputc(s[i], f);
	}
	fputc('"', f);
}

/*
 * FNV-1a over a glyph run's shaping: every glyph id with its offsets,
 * then the cluster map. The dump shows it beside the text so that a
 * change of shaping (another glyph, a ligature, a kerning pair, a
 * cluster that maps other bytes) changes the golden dumps too.
 */
static uint32_t
run_hash(const struct sp_op *op)
{
	uint32_t	h = 2166136261u;
	int32_t		i;

#define MIX(v)	do { h ^= (uint32_t)(v) & 0xff; h *= 16777619u; } while (0)
#define MIX32(v) do { uint32_t v_ = (uint32_t)(v); MIX(v_); MIX(v_ >> 8); \
	MIX(v_ >> 16); MIX(v_ >> 24); } while (0)
	for (i = 0; i < op->nglyphs; i++) {
		MIX32(op->glyphs[i].id);
		MIX32(op->glyphs[i].x);
		MIX32(op->glyphs[i].y);
	}
	for (i = 0; i < 2 * op->nclusters; i++)
		MIX(op->clusters[i]);
#undef MIX32
#undef MIX
	return h;
}

void
sp_dl_dump(const struct sp_dl *dl, FILE *f)
{
	const struct sp_op	*op;
	int			 i, j;

	for (i = 0; i < dl->nfonts; i++) {
		const char *base = strrchr(dl->fonts[i].file, '/');

		fprintf(f, "font %d %s ", i, base ? base + 1 : dl->fonts[i].file);
		pt(f, dl->fonts[i].size);
		fputc('\n', f);
	}
	for (i = 0; i < dl->npages; i++) {
		fprintf(f, "page %d ", i + 1);
		pt(f, dl->pages[i].width);
		fputc(' ', f);
		pt(f, dl->pages[i].height);
		fputc('\n', f);
		for (j = 0; j < dl->pages[i].nops; j++) {
			op = &dl->pages[i].ops[j];
			switch (op->type) {
			case SP_OP_GLYPHS:
				fprintf(f, "  text f%d #%06x ", op->font,
				    op->colour);
				pt(f, op->x);
				fputc(' ', f);
				pt(f, op->y);
				fprintf(f, " w=");
				pt(f, op->w);
				fputc(' ', f);
				dump_text(f, op->text, op->ntext);
				fprintf(f, " g=%d/%d h=%08x%s\n", (int)op->nglyphs,
				    (int)op->nclusters, run_hash(op),
				    op->level & SP_GLYPHS_HYPHEN ? " hyphen" : "");
				break;
			case SP_OP_FILL:
				fprintf(f, "  fill #%06x ", op->colour);
				box(f, op, ' ');
				fputc('\n', f);
				break;
			case SP_OP_TAG_BEGIN:
				fprintf(f, "  begin %s", op->name);
				if (op->w > 0) {
					fputs(" box=", f);
					box(f, op, ',');
				}
				if (op->attrs != NULL)
					fprintf(f, " %s", op->attrs);
				fputc('\n', f);
				break;
			case SP_OP_TAG_END:
				fprintf(f, "  end %s\n", op->name);
				break;
			case SP_OP_OUTLINE:
				fprintf(f, "  outline %d ", op->level);
				pt(f, op->y);
				fputc(' ', f);
				dump_text(f, op->name, (int)strlen(op->name));
				fputc('\n', f);
				break;
			case SP_OP_LINK:
			case SP_OP_URI:
				fputs(op->type == SP_OP_LINK ? "  link " :
				    "  uri ", f);
				box(f, op, ' ');
				fputc(' ', f);
				dump_text(f, op->name, (int)strlen(op->name));
				fputc('\n', f);
				break;
			case SP_OP_POLY:
				fprintf(f, "  poly #%06x %d", op->colour,
				    (int)op->npts);
				for (int k = 0; k < op->npts; k++) {
					fputc(' ', f);
					pt(f, op->pts[2 * k]);
					fputc(',', f);
					pt(f, op->pts[2 * k + 1]);
				}
				fputc('\n', f);
				break;
			case SP_OP_DEST:
				fputs("  dest ", f);
				pt(f, op->x);
				fputc(' ', f);
				pt(f, op->y);
				fputc(' ', f);
				dump_text(f, op->name, (int)strlen(op->name));
				fputc('\n', f);
				break;
			}
		}
	}
}
