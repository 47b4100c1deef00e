/* paint_haru_pdfa.c: what PDF/A-1b asks of the archival copy beyond
 * painting, and what libharu 2.3.0 gets wrong there: the XMP metadata,
 * the sRGB output intent, the fonts' ToUnicode maps, widths and
 * composite glyphs, the trailer /ID. With paint_haru.c the libharu
 * user (src/haru.h); calls nothing of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"
#include "sp_dl.h"
#include "haru.h"

/* S with the five XML special characters escaped; the caller frees. */
static char *
xml_escape(const char *s)
{
	struct sp_buf	b = { NULL, 0, 0 };

	sp_buf_puts(&b, "");
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': sp_buf_puts(&b, "&amp;"); break;
		case '<': sp_buf_puts(&b, "&lt;"); break;
		case '>': sp_buf_puts(&b, "&gt;"); break;
		case '"': sp_buf_puts(&b, "&quot;"); break;
		case '\'': sp_buf_puts(&b, "&apos;"); break;
		default: sp_buf_putc(&b, *s);
		}
	return b.s;
}

/*
 * The document information and its XMP copy. libharu 2.3.0 writes the
 * XMP packet from the Info entries present when
 * HPDF_PDFA_SetPDFAConformance is called, byte for byte: the entries are
 * set XML-escaped for that call and plain afterwards, so that both say
 * the same. Its dates convert only with a numeric offset, hence +00'00'
 * rather than Z. Info strings are written as UTF-16 (the current
 * encoder), the XMP in UTF-8.
 */
static const HPDF_InfoType infotypes[] = {
	HPDF_INFO_TITLE, HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT,
	HPDF_INFO_KEYWORDS, HPDF_INFO_CREATOR
};

void
haru_metadata(HPDF_Doc pdf, const struct sp_dl *dl)
{
	const char	*val[5];
	HPDF_Dict	 x;
	HPDF_Date	 d;
	size_t		 i;

	val[0] = dl->title;
	val[1] = dl->author;
	val[2] = dl->subject;
	val[3] = dl->keywords;
	val[4] = "sakspapir " SP_VERSION;
	memset(&d, 0, sizeof(d));
	d.year = 2000;
	d.month = d.day = 1;
	if (dl->date != NULL)
		sscanf(dl->date, "%d-%d-%dT%d:%d:%d", &d.year, &d.month,
		    &d.day, &d.hour, &d.minutes, &d.seconds);
	d.ind = '+';
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
	for (i = 0; i < 5; i++)
		if (val[i] != NULL && *val[i] != '\0') {
			char *e = xml_escape(val[i]);

			HPDF_SetInfoAttr(pdf, infotypes[i], e);
			free(e);
		}
	HPDF_PDFA_SetPDFAConformance(pdf, HPDF_PDFA_1B);
	/* and it spells the stream's /Subtype /XML "SubType" */
	if ((x = HPDF_Dict_GetItem(pdf->catalog, "Metadata",
	    HPDF_OCLASS_DICT)) != NULL) {
		HPDF_Dict_RemoveElement(x, "SubType");
		HPDF_Dict_AddName(x, "Subtype", "XML");
	}
	for (i = 0; i < 5; i++)
		if (val[i] != NULL && *val[i] != '\0')
			HPDF_SetInfoAttr(pdf, infotypes[i], val[i]);
}

/*
 * The output intent: sRGB, from the profile in icc/. Written here since
 * HPDF_PDFA_AppendOutputIntents in 2.3.0 names the profile's key
 * "DestOutputProfile " (with a space), which no reader finds.
 */
int
haru_output_intent(HPDF_Doc pdf)
{
	static const char id[] = "sRGB IEC61966-2.1";
	HPDF_Dict	 icc, intent;
	HPDF_Array	 a;
	char		*path, *data;
	size_t		 len;

	if ((path = sp_data_find(NULL, "icc/sRGB.icc")) == NULL ||
	    (data = sp_file_read(path, &len)) == NULL) {
		sp_msg(SP_SYSERR, path ? path : "icc/sRGB.icc", 0,
		    "cannot read the sRGB profile for PDF/A");
		free(path);
		return -1;
	}
	free(path);
	icc = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict_AddNumber(icc, "N", 3);
	HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB");
	HPDF_Stream_Write(icc->stream, (HPDF_BYTE *)data, (HPDF_UINT)len);
	free(data);
	intent = HPDF_Dict_New(pdf->mmgr);
	HPDF_Xref_Add(pdf->xref, intent);
	HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	HPDF_Dict_Add(intent, "OutputConditionIdentifier",
	    HPDF_String_New(pdf->mmgr, id, NULL));
	HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, id, NULL));
	HPDF_Dict_Add(intent, "DestOutputProfile", icc);
	a = HPDF_Array_New(pdf->mmgr);
	HPDF_Dict_Add(pdf->catalog, "OutputIntents", a);
	HPDF_Array_Add(a, intent);
	return 0;
}

/*
 * The ToUnicode map of each font. Text is encoded as UTF-16 code units
 * (libharu's UTF-8 encoder), so a code maps to itself; libharu 2.3.0
 * says so with a begincidrange over <0000> <FFFF>, which is not a
 * ToUnicode operator, and poppler complains. This writes bfrange
 * entries for the codes the document shows instead.
 */
static void
tounicode(struct hfont *h)
{
	HPDF_FontAttr	 a = (HPDF_FontAttr)h->font->attr;
	HPDF_Stream	 s;
	struct sp_buf	 b = { NULL, 0, 0 }, r = { NULL, 0, 0 };
	uint32_t	 lo, hi;
	int		 n = 0;

	if (a->cmap_stream == NULL)
		return;
	s = a->cmap_stream->stream;
	HPDF_MemStream_FreeData(s);
	sp_buf_puts(&r, "");
	for (lo = 0; lo < 65536; lo = hi + 1) {
		hi = lo;
		if (!(h->used[lo >> 3] & (1 << (lo & 7))))
			continue;
		/* a range stays within one high byte */
		while (hi + 1 < 65536 && ((hi + 1) & 0xFF) != 0 &&
		    (h->used[(hi + 1) >> 3] & (1 << ((hi + 1) & 7))))
			hi++;
		if (n == 100) {
			sp_buf_printf(&b, "100 beginbfrange\n%sendbfrange\n",
			    r.s);
			r.len = 0;
			r.s[0] = '\0';
			n = 0;
		}
		sp_buf_printf(&r, "<%04X> <%04X> <%04X>\n", lo, hi, lo);
		n++;
	}
	if (n > 0)
		sp_buf_printf(&b, "%d beginbfrange\n%sendbfrange\n", n, r.s);
	for (n = 0; n < h->nastral; n++) {
		uint32_t v = h->astral[n] - 0x10000;

		if (n % 100 == 0)
			sp_buf_printf(&b, "%d beginbfchar\n", h->nastral - n <
			    100 ? h->nastral - n : 100);
		sp_buf_printf(&b, "<%04X> <%04X%04X>\n", 0xF8FF - n,
		    0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
		if (n % 100 == 99 || n == h->nastral - 1)
			sp_buf_puts(&b, "endbfchar\n");
	}
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
	    "/Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	if (b.s != NULL)
		HPDF_Stream_WriteStr(s, b.s);
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap "
	    "defineresource pop\nend\nend\n");
	HPDF_Dict_RemoveElement(a->cmap_stream, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(a->cmap_stream, "WMode");
	HPDF_Dict_AddName(a->cmap_stream, "CMapName", "Adobe-Identity-UCS");
	sp_buf_free(&b);
	sp_buf_free(&r);
}

/* Is code CID shown in the font H (a character, or one beyond the BMP)? */
static int
shown(const struct hfont *h, unsigned cid)
{
	return (h->used[cid >> 3] & (1 << (cid & 7))) ||
	    (cid <= 0xF8FF && cid > 0xF8FFu - h->nastral);
}

/*
 * libharu writes the widths (/W) and the code-to-glyph map of a font for
 * every character the font has, some 3000 of them: 11 kB and a 128 kB
 * map (5 kB packed) a font. Both are cut down to the codes shown.
 */
static void
trim_font(struct hfont *h)
{
	HPDF_FontAttr	 fa = (HPDF_FontAttr)h->font->attr;
	HPDF_FontDef	 def = fa->fontdef;
	HPDF_Array	 w, run = NULL;
	unsigned	 cid, top = 0, gid;
	HPDF_BYTE	 b[2];

	if (fa->descendant_font == NULL || (w = HPDF_Dict_GetItem(
	    fa->descendant_font, "W", HPDF_OCLASS_ARRAY)) == NULL)
		return;
	HPDF_Array_Clear(w);
	for (cid = 0; cid < 65536; cid++) {
		if (!shown(h, cid)) {
			run = NULL;
			continue;
		}
		if (run == NULL) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)cid);
			run = HPDF_Array_New(fa->descendant_font->mmgr);
			HPDF_Array_Add(w, run);
		}
		gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cid);
		HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def,
		    (HPDF_UINT16)gid));
		top = cid + 1;
	}
	if (fa->map_stream == NULL)
		return;
	HPDF_MemStream_FreeData(fa->map_stream->stream);
	for (cid = 0; cid < top; cid++) {
		gid = shown(h, cid) ?
		    HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cid) : 0;
		b[0] = (HPDF_BYTE)(gid >> 8);
		b[1] = (HPDF_BYTE)gid;
		HPDF_Stream_Write(fa->map_stream->stream, b, 2);
	}
}

/* A big-endian 16-bit number read from S; -1 at the end or on error. */
static long
read16(HPDF_Stream s)
{
	HPDF_BYTE	b[2];
	HPDF_UINT	n = 2;

	if (HPDF_Stream_Read(s, b, &n) != HPDF_OK || n != 2)
		return -1;
	return (long)b[0] << 8 | b[1];
}

/*
 * Mark the components of glyph GID, and theirs, as used, so that they
 * are embedded. libharu 2.3.0 marks the components of a composite glyph
 * it shows but not the components of those: a ½ (numerals drawn from
 * other composites) came out as a lone fraction slash.
 */
static void
components(HPDF_TTFontDefAttr a, unsigned gid, int depth)
{
	unsigned	 sub[64];
	unsigned long	 off, end;
	long		 flags = 0, g;
	int		 n = 0, i;

	if (depth > 8 || gid >= a->num_glyphs)
		return;
	off = a->glyph_tbl.offsets[gid];
	end = a->glyph_tbl.offsets[gid + 1];
	if (a->header.index_to_loc_format == 0) {
		off *= 2;
		end *= 2;
	}
	/* an empty glyph, or one of contours (a positive count) */
	if (end <= off || HPDF_Stream_Seek(a->stream, a->glyph_tbl.base_offset +
	    off, HPDF_SEEK_SET) != HPDF_OK || (g = read16(a->stream)) < 0x8000 ||
	    HPDF_Stream_Seek(a->stream, 8, HPDF_SEEK_CUR) != HPDF_OK)
		return;
	do {
		if ((flags = read16(a->stream)) < 0 ||
		    (g = read16(a->stream)) < 0)
			break;
		/* the arguments, then the scale, if any */
		HPDF_Stream_Seek(a->stream, (flags & 0x01 ? 4 : 2) +
		    (flags & 0x08 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 :
		    0), HPDF_SEEK_CUR);
		if ((unsigned)g < a->num_glyphs && n < 64) {
			a->glyph_tbl.flgs[g] = 1;
			sub[n++] = (unsigned)g;
		}
	} while (flags & 0x20);		/* more components */
	for (i = 0; i < n; i++)
		components(a, sub[i], depth + 1);
}

static void
embed_components(struct hfont *h)
{
	HPDF_FontAttr		 fa = (HPDF_FontAttr)h->font->attr;
	HPDF_TTFontDefAttr	 a = (HPDF_TTFontDefAttr)fa->fontdef->attr;
	unsigned		 gid;

	for (gid = 0; gid < a->num_glyphs; gid++)
		if (a->glyph_tbl.flgs[gid])
			components(a, gid, 0);
}

void
haru_font_finish(struct hfont *h)
{
	tounicode(h);
	trim_font(h);
	embed_components(h);
}

/*
 * The trailer /ID, which PDF/A requires: libharu 2.3.0 makes it from
 * the clock. Sixteen zero bytes hold its place while the file is made;
 * then both halves become the MD5 of the whole file (with the zeros),
 * the same length, so no offset moves. Returns -1 if it is not found.
 */
int
haru_set_id(HPDF_BYTE *buf, size_t len)
{
	static const char hole[] = "/ID [ <00000000000000000000000000000000>"
	    " <00000000000000000000000000000000> ]";
	HPDF_MD5_CTX	 md5;
	HPDF_BYTE	 sum[16];
	char		*p = NULL, hex[33];
	size_t		 i, from = len > 4096 ? len - 4096 : 0;

	for (i = len >= sizeof(hole) ? len - sizeof(hole) + 1 : 0; i-- > from;)
		if (memcmp(buf + i, hole, sizeof(hole) - 1) == 0) {
			p = (char *)buf + i;
			break;
		}
	if (p == NULL)
		return -1;
	HPDF_MD5Init(&md5);
	HPDF_MD5Update(&md5, buf, (HPDF_UINT32)len);
	HPDF_MD5Final(sum, &md5);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", sum[i]);
	memcpy(p + 7, hex, 32);
	memcpy(p + 7 + 32 + 3, hex, 32);
	return 0;
}
