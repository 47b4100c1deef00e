/* ltext.h: what the two Pango and HarfBuzz users share: layout_text.c
 * (the font setup, Pango's layout of a paragraph) and layout_shape.c
 * (words shaped, glyphs to display-list runs). Only those two include
 * it; layout_shape.c calls nothing of layout_text.c. */
#ifndef LTEXT_H
#define LTEXT_H

#include <stdint.h>

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "sp.h"
#include "sp_layout.h"

struct fontref {
	PangoFont	*font;
	int		 index;		/* in the display list's font table */
};

/* What HarfBuzz shapes a word of one role and style with. */
struct hbshape {
	hb_font_t	*hb;
	hb_shape_plan_t	*plan;		/* NULL: through pango_shape */
	hb_segment_properties_t props;
	hb_feature_t	 feat[32];
	unsigned	 nfeat;
};

/*
 * The font setup (private fontconfig, Pango font map and context, the
 * roles' fonts and metrics) costs a few milliseconds and is the same for
 * every document of a run: it is made once, kept, and may be made ahead
 * on a thread (sp_text_preload) while the master is read.
 */
struct fontsetup {
	const struct sp_style	*st;
	char			*dir;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoFontDescription	*desc[SP_ROLE__MAX];
	int32_t			 pitch[SP_ROLE__MAX];
	int32_t			 base[SP_ROLE__MAX];
	int			 shaped;	/* the fonts below loaded */
	struct setshape {		/* each role's font in each style */
		PangoFont	*font;	/* NULL: none */
		struct hbshape	 h;
	}			 shape[SP_ROLE__MAX][4];
};

/* The Pango side of one document's text (see sp_pango_new). */
struct sp_pango {
	const struct sp_style	*st;
	struct sp_dl		*dl;
	FcConfig		*fc;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoLayout		*layout;
	PangoFontDescription	*desc[SP_ROLE__MAX];
	int32_t			 pitch[SP_ROLE__MAX];	/* line pitch */
	int32_t			 base[SP_ROLE__MAX];	/* baseline in line */
	struct fontsetup	*fs;		/* the setup it came from */
	struct fontref		*fonts;
	int			 nfonts;
	int			 slow;		/* SAKSPAPIR_SLOW: Pango only */
	struct shaper {			/* a font for direct shaping */
		PangoFont	*font;
		GSList		*extra;	/* font features */
		int		 tried;
		struct hbshape	 h;	/* its hb font: the font's own
					 * (Pango's) */
	}			 shapers[SP_ROLE__MAX][4];
	hb_buffer_t		*hbuf;		/* for shaping words */
	PangoGlyphString	*gs;		/* their glyphs */
	char			*feat[SP_ROLE__MAX];	/* OpenType features */
};

/* All of layout_shape.c, for layout_text.c. FS's shape[][] loaded (on
 * the font thread, when words are shaped ahead). */
void		 lt_setup_shapes(struct fontsetup *);
/* A Pango attribute with the OpenType features of ROLE. */
PangoAttribute	*lt_features(struct sp_pango *, enum sp_role);
/* The display-list font index of a Pango font. */
int		 lt_font_index(struct sp_pango *, PangoFont *);
/* One Pango glyph item as a display-list glyph run at X. */
void		 lt_make_run(struct sp_dl *, int font, struct sp_arena *,
		    const char *text, PangoGlyphItem *, int32_t x,
		    struct sp_tl_run *);

#endif
