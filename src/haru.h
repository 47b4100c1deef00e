/* haru.h: libharu and what the painter of the archival copy
 * (paint_haru.c) shares with its PDF/A part (paint_haru_pdfa.c). Only
 * those two include it: libharu stays behind them. */
#ifndef HARU_H
#define HARU_H

#include <stdint.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_encrypt.h>

#include "sp_dl.h"

/* One font file, embedded once whatever sizes it is used at. */
struct hfont {
	const char	*file;		/* the display list's */
	int		 index;
	HPDF_Font	 font;
	uint8_t		*used;		/* 65536 bits: code points shown */
	uint32_t	*astral;	/* the characters beyond the BMP shown,
					 * astral[i] as code 0xF8FF - i */
	int		 nastral;
};

/* ---- paint_haru_pdfa.c, called once the pages are painted */
/* The document information of DL and its XMP copy, PDF/A-1b. */
void		 haru_metadata(HPDF_Doc, const struct sp_dl *dl);
/* The sRGB output intent; -1 (reported) when the profile is not read. */
int		 haru_output_intent(HPDF_Doc);
/* The font H cut down to the codes shown: its ToUnicode map, widths and
 * code-to-glyph map; the components of its composite glyphs embedded. */
void		 haru_font_finish(struct hfont *h);
/* The trailer /ID of the saved file BUF (LEN bytes) set from its MD5
 * where zeros hold its place; -1 if that place is not found. */
int		 haru_set_id(HPDF_BYTE *buf, size_t len);

#endif
