/* sp_style.h: page and typography settings read from styles/ at run time. */
#ifndef SP_STYLE_H
#define SP_STYLE_H

#include <stdint.h>

#include "sp_block.h"

struct sp_textstyle {
	const char	*family;
	double		 size;		/* points */
	int		 bold;
	int		 italic;
	double		 leading;	/* line height as a factor of size */
	double		 before;	/* space above, points */
	double		 after;		/* space below, points */
	uint32_t	 colour;
	const char	*features;	/* OpenType features, e.g. "tnum" */
	const char	*family_file;	/* where the family was last set, */
	int		 family_line;	/* for messages (NULL, 0: built in) */
};

struct sp_style {
	const char	*path;
	const char	*geom_file;	/* where the page size or a margin */
	int		 geom_line;	/* was last set, for messages */
	double		 page_w, page_h;
	double		 margin_top, margin_bottom, margin_left, margin_right;
	double		 indent_list;	/* hanging indent of list items */
	double		 indent_quote;
	double		 cell_pad_x, cell_pad_y;
	double		 rule_width;
	uint32_t	 rule_colour;
	uint32_t	 head_fill;	/* table header row */
	uint32_t	 head_colour;
	uint32_t	 band_fill;	/* innsatsområde band */
	uint32_t	 band_colour;
	uint32_t	 goal_fill;
	uint32_t	 status_fill[4];	/* grøn gul raud ikkje-vurdert */
	uint32_t	 status_text[4];
	const char	*status_label[4];
	const char	*status_meaning[4];
	uint32_t	 accent;	/* title rule, chart frame */
	uint32_t	 chart_outline;	/* a white (unfilled) bar segment's */
	double		 chart_gap;	/* white between two bar segments */
	uint32_t	 missing_fill;	/* a "manglar i kjelda" box */
	uint32_t	 missing_bar;	/* and the bar at its left */
	uint32_t	 diff_del;	/* deleted words in a diff */
	uint32_t	 diff_ins;	/* inserted words */
	int		 hyphenate;
	const char	*hyphen_dict;
	double		 hyph_before;	/* letters at least before a hyphen */
	double		 hyph_after;	/* and after it */
	const char	*lang;
	struct sp_textstyle role[SP_ROLE__MAX];
	/* labels */
	const char	*l_bakgrunn, *l_vurdering, *l_forslag, *l_vedlegg;
	const char	*l_page;	/* "Side %d av %d" */
	const char	*l_sak;		/* "Sak" */
	const char	*l_tiltak, *l_tid, *l_ansvar, *l_status,
			*l_kommentar, *l_innsatsomrade, *l_sum, *l_mal,
			*l_legend, *l_missing, *l_date, *l_body;
	const char	*l_summary;	/* the summary table's caption */
	const char	*l_nodate;	/* a report without a date */
	const char	*l_status_none;	/* "Ingen tiltak": a filter matching none */
	/* meetings and their print bundles */
	const char	*l_mote;	/* "Møte i" */
	const char	*l_innkalling, *l_saksliste, *l_tittel, *l_side,
			*l_stad;
	const char	*l_blank;	/* on a page left blank on purpose */
	const char	*l_example;	/* on every page of an example */
	const char	*l_folio;	/* "· %d": the bundle's page number
					 * after a document's own */
	/* plan documents */
	const char	*l_involvering, *l_merknad, *l_nr, *l_contents,
			*l_handlingsprogram, *l_draft, *l_adopted, *l_history,
			*l_predecessor, *l_successor, *l_revisions,
			*l_revision_of, *l_changes, *l_only_hp, *l_figure,
			*l_history_words, *l_change_kinds,
			*l_figure_missing;
	/* plan-versus-plan diffs */
	const char	*l_diff_title, *l_diff_kind[7], *l_diff_summary,
			*l_diff_flow, *l_diff_details, *l_diff_lineage,
			*l_diff_before, *l_diff_after, *l_diff_change,
			*l_diff_deleted, *l_diff_inserted, *l_diff_newcount,
			*l_diff_removedcount;
	struct sp_arena	*arena;
};

/*
 * Load a style file. Unknown keys are warnings, bad values errors, each
 * with file:line. Returns NULL after reporting. sp_style_free frees.
 */
struct sp_style	*sp_style_load(const char *path);
void		 sp_style_free(struct sp_style *);

#endif
