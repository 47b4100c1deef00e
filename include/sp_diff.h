/* sp_diff.h: plan-versus-plan diffs: matching tiltak, word diffs. */
#ifndef SP_DIFF_H
#define SP_DIFF_H

#include "sp.h"

/* ---- diff_match.c: which tiltak of one version became which of another */

enum sp_dkind {
	SP_D_SAME = 0,		/* same text and fields, same place */
	SP_D_CHANGED,		/* reworded or a field changed */
	SP_D_MOVED,		/* now under another innsatsområde or mål */
	SP_D_SPLIT,		/* one old tiltak became several */
	SP_D_MERGED,		/* several old tiltak became one */
	SP_D_REMOVED,		/* in the old version only */
	SP_D_NEW,		/* in the new version only */
	SP_D__MAX
};

/* One row of a diff: a pair, or a single tiltak. */
struct sp_dpair {
	enum sp_dkind		 kind;
	const struct sp_node	*from;		/* NULL when new */
	const struct sp_node	*to;		/* NULL when removed */
	double			 score;		/* text similarity 0..1 */
	int			 curated;	/* from forgjengar, not guessed */
	int			 moved;		/* area or goal changed too */
	int			 textdiff;	/* tekst differs */
	int			 fielddiff;	/* tid/ansvar/... differ */
};

struct sp_diff {
	const struct sp_version	*from;
	const struct sp_version	*to;
	struct sp_dpair		*rows;		/* in the new version's order,
						   then the removed ones */
	size_t			 nrows;
	double			 match_ms;	/* time the matching took */
};

#define SP_DIFF_AUTO	0x01	/* ignore the curated forgjengar links */

/*
 * Scores at or above these count as a match (tuned on the hand-made
 * pairs of test/diff/truth.tsv): THRESHOLD anywhere, ORDERED where the
 * pair keeps the order of its nearest matched neighbours.
 */
#define SP_DIFF_THRESHOLD	0.50
#define SP_DIFF_ORDERED		0.30
#define SP_DIFF_PART		0.55	/* containment for a split/merge part */

/*
 * Match the tiltak of FROM to those of TO in plan P: curated lineage
 * (forgjengar, followed through intermediate versions, and identical
 * ids) first unless FLAGS has SP_DIFF_AUTO, then automatic matching of
 * the rest on normalised words through an inverted index. Every tiltak
 * of both versions is in at least one row. Neither P nor the versions
 * are changed; the caller frees the result with sp_diff_free.
 */
struct sp_diff	*sp_diff_match(const struct sp_plan *p,
		    const struct sp_version *from,
		    const struct sp_version *to, int flags);
void		 sp_diff_free(struct sp_diff *);
const char	*sp_dkind_word(enum sp_dkind);

/*
 * The innsatsområde of the new version that most of the matched tiltak
 * of old area A went to (A's own id if the new version has it), or NULL.
 */
const struct sp_node *sp_diff_area_map(const struct sp_diff *,
		    const struct sp_node *old_area);

/*
 * Normalise TEXT for matching: lower case, punctuation dropped,
 * hyphenation artefacts ("utviklings- arbeidet", soft hyphens) joined.
 * Returns the words separated by single spaces; the caller frees it.
 */
char		*sp_diff_normalise(const char *text);

/* ---- diff_text.c: word-level differences */

enum sp_wop { SP_W_SAME = 0, SP_W_DEL, SP_W_INS };

struct sp_wseg {
	enum sp_wop	 op;
	char		*text;		/* words with their spacing */
};

struct sp_wdiff {
	struct sp_wseg	*segs;
	size_t		 nsegs;
	int		 ndel;		/* words deleted */
	int		 nins;		/* words inserted */
};

/*
 * The word-level difference of OLD and NEW (UTF-8): longest common
 * subsequence over words and punctuation marks, so that a changed comma
 * is one small change. The caller frees the result with sp_wdiff_free.
 */
struct sp_wdiff	*sp_wdiff(const char *old, const char *neu);
void		 sp_wdiff_free(struct sp_wdiff *);
/* The diff as text: "[-deleted-]{+inserted+}". Caller frees. */
char		*sp_wdiff_text(const struct sp_wdiff *);

/*
 * The fields that changed between tiltak A and B, one per line, as
 * "Tid: 2022 → 2025" (a missing value as "–"), or with BEFORE and AFTER
 * given as "Tid: før 2022, no 2025" (for fonts without the arrow); ""
 * when none did. The caller frees the result.
 */
char		*sp_diff_fields(const struct sp_plan *,
		    const struct sp_node *a, const struct sp_node *b,
		    const char *before, const char *after);

/* ---- diff_out.c: a diff as text */

/*
 * Write diff D as "tsv" (a header line, then one row per pair or
 * single) or "json" (an array of objects that also carry the word diff
 * and the changed fields). Returns 0, or -1 after reporting a write
 * error.
 */
int		 sp_diff_write(const struct sp_plan *, const struct sp_diff *d,
		    const char *format, FILE *);
/*
 * Write the automatic links of D as forgjengar attributes in the
 * master's own syntax, one opening tiltak tag per new tiltak with a
 * comment giving the score and both texts. Returns 0 or -1.
 */
int		 sp_diff_suggest(const struct sp_plan *, const struct sp_diff *d,
		    FILE *);

#endif
