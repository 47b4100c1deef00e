/* hyphpat.h: the compiled hyphenation patterns, a file hyph.c writes
 * (from libhyphen's automaton) and hyph_pat.c maps and walks. */
#ifndef HYPHPAT_H
#define HYPHPAT_H

#include <stdint.h>

/*
 * The file, in the machine's byte order (it is made where it is used):
 *
 *	struct hp_head			160 bytes
 *	for each level (1 or 2):
 *	    struct hp_state[nstates]	16 bytes each
 *	    uint32_t[ntrans]		a transition: target << 8 | byte
 *	    char[npool]			match digits, then the NOHYPHEN
 *					strings (each ending in NUL)
 *
 * Every section starts at a multiple of 4 and is named by its offset
 * from the start of the file; nothing in it is a pointer, so it is used
 * where it is mapped. The states are numbered breadth first: a state's
 * fallback is a lower number than its own (the walk always ends), a
 * transition leads to a higher one. Level 0 is the dictionary
 * hnj_hyphen_load returns, level 1 its nextlevel (libhyphen puts a
 * level of its own, for "-" and "'", above the patterns of a file
 * without NEXTLEVEL). Patterns with replacements (non-standard
 * hyphenation) and UTF-8 patterns are not compiled.
 */
#define HP_MAGIC	"sakspapir-hyph 4\n"
#define HP_MAXLEVEL	2
#define HP_MAXWORD	255	/* letters at most in a word to hyphenate */

struct hp_level {
	uint32_t	states, nstates;
	uint32_t	trans, ntrans;
	uint32_t	pool, npool;
	uint32_t	nohyph, nnohyph;	/* NOHYPHEN: offset in the
						 * pool, how many strings */
	int32_t		lhmin, rhmin, clhmin, crhmin;
};

struct hp_head {
	char		magic[32];
	int64_t		srcsize, srcmtime;	/* the .dic it was made from */
	uint64_t	len;			/* of the whole file */
	uint32_t	nlevels, pad;
	struct hp_level	level[HP_MAXLEVEL];
};

struct hp_state {
	uint32_t	trans;		/* first transition */
	uint16_t	ntrans;
	uint8_t		mlen;		/* digits of the match; 0: none */
	uint8_t		pad;
	int32_t		fallback;	/* -1 for state 0 only */
	uint32_t	match;		/* offset of the digits in the pool */
};

_Static_assert(sizeof(struct hp_head) == 160, "hp_head is 160 bytes");
_Static_assert(sizeof(struct hp_state) == 16, "hp_state is 16 bytes");

struct hp;
/*
 * Map the compiled file PATH made from a source of SIZE bytes last
 * changed at MTIME, and check every offset and number in it. NULL with
 * *DAMAGED 0 when there is none or it is for another source or version
 * (stale), 1 when it is for this source but damaged.
 */
struct hp	*hp_open(const char *path, int64_t size, int64_t mtime,
		    int *damaged);
void		 hp_close(struct hp *);
/*
 * The digits hnj_hyphen_hyphenate2 gives for WORD (N bytes, N at most
 * HP_MAXWORD, no NUL in them) into HY (N + 3 bytes): '0' to '9' for
 * each byte, odd where a hyphen may follow it; HY[N] is NUL.
 */
void		 hp_hyphenate(const struct hp *, const char *word, int n,
		    char *hy);

#endif
