/* sp_trykk.h: a meeting's print bundle and booklet (trykk.c). */
#ifndef SP_TRYKK_H
#define SP_TRYKK_H

#include "sp.h"
#include "sp_layout.h"
#include "sp_style.h"

#define SP_TRYKK_BUNDLE		0x01	/* DIR/NAME.pdf */
#define SP_TRYKK_BOOKLET	0x02	/* DIR/NAME-hefte.pdf */

struct sp_trykk {
	const struct sp_plan	*plan;
	const struct sp_style	*st;
	const char		*fontsdir;
	struct sp_hyph		*hy;
	const struct sp_node	*mote;
	const char		*dir;		/* output directory */
	const char		*name;		/* "trykk/ID" */
	const char		*date;		/* creation date of the PDFs */
	unsigned		 want;		/* SP_TRYKK_* */
	int			 dump;		/* --dump-layout: text only */
	int			 png;		/* --png previews */
	int			 archive;	/* --archive: DIR/arkiv/NAME.pdf
						 * too (the bundle, not the
						 * booklet) */
};

/*
 * Lay out the saker and vedlegg of the meeting, compose them behind a
 * cover with the saksliste, and write what WANT asks for: the bundle
 * (each document on a right-hand page, blank pages marked) and the A5
 * booklet of it. 0 or -1 after reporting; nothing is left half written.
 */
int	sp_trykk(const struct sp_trykk *);

#endif
