/* validate.h: the checks of lint, shared by plan_validate.c (the walk),
 * plan_validate_version.c (versions and lineage), plan_validate_sak.c
 * (reports, placeholders, saker, meetings) and plan_check.c (what they
 * all use, calling none of them). Each check reports at its node's
 * file:line through sp_msg. */
#ifndef VALIDATE_H
#define VALIDATE_H

/* ---- plan_check.c */
/* Whether N's id is ID (neither NULL). */
int		 pv_has_id(const struct sp_node *n, const char *id);
/* "a" or "an" before an element name, for messages. */
const char	*pv_an(enum sp_type);
/* Check that attribute ATTR of N, if present (VALUE not NULL), names a
 * node of type WANT; report an error otherwise. Returns the node named,
 * or NULL. */
const struct sp_node *pv_ref(const struct sp_plan *, const struct sp_node *n,
		    const char *attr, const char *value, enum sp_type want);
/* As pv_ref, for attribute ATTR of N naming a plan version or revision. */
const struct sp_version *pv_version_ref(const struct sp_plan *,
		    const struct sp_node *n, const char *attr);
/* The N decimal digits at S as a number, or -1. */
int		 pv_digits(const char *s, int n);
/* Parse an ISO date of a year, year-month or year-month-day. Returns the
 * number of parts (1 to 3), or 0 when it is not a real calendar date. */
int		 pv_date_parse(const char *s, int *y, int *m, int *d);
/* Whether S is not NULL and a date pv_date_parse reads. */
int		 pv_date_ok(const char *s);
/* Whether date A is earlier than date B, compared to the precision both
 * give ("2024-10" is not earlier than "2024-10-15"). */
int		 pv_date_before(const char *a, const char *b);

/* ---- plan_validate_version.c */
/* A tiltak: its forgjengar links, its Tid and Ansvar. */
void		 pv_tiltak(const struct sp_plan *, const struct sp_node *t);
/* A revisjon: its organ, its basis, its date, its operations replayed on
 * the basis, the printed numbers it makes twice. */
void		 pv_revisjon(const struct sp_plan *, const struct sp_node *rev);
/* Printed numbers used by more than one tiltak of the versjon VN. */
void		 pv_numbers(const struct sp_plan *, const struct sp_node *vn);

/* ---- plan_validate_sak.c */
/* A statusrapport: its organ, its version, a status for every tiltak. */
void		 pv_report(const struct sp_plan *, const struct sp_node *rep);
/* A status of a report: once per tiltak, for a tiltak of its version. */
void		 pv_status(const struct sp_plan *, const struct sp_node *st);
/* A status placeholder's version, report and innsatsområde filter. */
void		 pv_statusval(const struct sp_plan *, const struct sp_node *n);
/* <endringar frå til innsatsområde>: two versions, an area of the second. */
void		 pv_endringar(const struct sp_plan *, const struct sp_node *n);
/* A sak: its organ, the year of its number against its date's. */
void		 pv_sak(const struct sp_plan *, const struct sp_node *sak);
/* A meeting: its organ, its time, its saksliste. */
void		 pv_mote(const struct sp_plan *, const struct sp_node *m);

#endif
