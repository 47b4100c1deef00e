/* sp_data.h: finding the files the compiler ships (schema, styles, fonts). */
#ifndef SP_DATA_H
#define SP_DATA_H

#include <stddef.h>

/*
 * Find REL (e.g. "styles/standard.style") under, in order: the directory
 * of NEAR if not NULL, $SAKSPAPIR_DATA, the source tree the binary was
 * built in (build/..), and the installed share directory.
 * Returns a path the caller frees, or NULL.
 */
char	*sp_data_find(const char *near, const char *rel);

/*
 * Once (*LOADED says it is done): open the first of the libraries
 * SONAMES (NULL-terminated) that loads and find its N functions NAMES
 * into TABLE, a struct of N function pointers in that order. 0, or -1
 * after reporting for PATH that WHAT cannot be loaded. For a library
 * only a few commands use: linked, it is loaded and relocated on every
 * run, with all the libraries it brings.
 */
int	 sp_lib_load(const char *const *sonames, const char *const *names,
	    size_t n, void *table, int *loaded, const char *path,
	    const char *what);
/*
 * TAB, the table of the functions FNS(X) lists (X(name) each), and
 * TAB_names, their names; SP_LIB_LOAD fills it.
 */
#define SP_LIB_PTR(f)	__typeof__(f) *f;
#define SP_LIB_NAME(f)	#f,
#define SP_LIB_TABLE(tab, fns) \
	static struct { fns(SP_LIB_PTR) } tab; \
	static const char *const tab##_names[] = { fns(SP_LIB_NAME) }; \
	_Static_assert(sizeof(tab) == sizeof(tab##_names) / \
	    sizeof(tab##_names[0]) * sizeof(void *), "functions only")
#define SP_LIB_LOAD(so, tab, loaded, path, what) \
	sp_lib_load((so), tab##_names, sizeof(tab##_names) / \
	    sizeof(tab##_names[0]), &(tab), (loaded), (path), (what))

/* Read a whole regular file; NULL on failure (errno set). Caller frees. */
char	*sp_file_read(const char *path, size_t *len);

/*
 * Read a file the user named (the master, its parts, styles, patterns):
 * PATH must be a regular file of at most CAP bytes and, when ROOT is not
 * NULL, lie inside the directory ROOT once symbolic links are resolved.
 * It is opened without blocking, so a FIFO or a device is refused, never
 * waited on or read for ever. Returns the bytes, NUL-terminated, which
 * the caller frees, with their count in *LEN (if not NULL); or NULL with
 * *WHY saying why in a few words ("is a FIFO, not a regular file").
 */
char	*sp_file_load(const char *path, const char *root, size_t cap,
	    size_t *len, const char **why);

/*
 * Map the regular file PATH (one of ours: a font) into memory,
 * read-only: only the pages touched are read, and they are the page
 * cache's, not copies. Returns the address, its size in *LEN; or NULL
 * with *WHY ("is empty" for an empty file). Offsets read from it must
 * still be checked against *LEN; a file truncated while mapped would
 * end the run with SIGBUS, which is why the master and anything else
 * the user names are read (sp_file_load), not mapped. sp_file_unmap
 * (NULL is nothing) undoes it.
 */
void	*sp_file_map(const char *path, size_t *len, const char **why);
void	 sp_file_unmap(void *p, size_t len);

/* Whether PATH (which need not exist) lies inside the directory ROOT,
 * both with symbolic links resolved as far as they exist. */
int	 sp_path_inside(const char *path, const char *root);

/*
 * Atomic output through a stream (out.c): sp_out_open makes a temporary
 * file PATH.tmp.XXXXXX beside PATH (creating directories, with the mode
 * the umask allows), after removing temporaries that killed runs left in
 * that directory; sp_out_commit flushes, closes and renames it into
 * place; sp_out_abort closes and removes it. Open returns -1 and commit
 * -1 after reporting (the path and the system's reason). SIGINT, SIGTERM
 * and SIGHUP remove every temporary before the process ends.
 *
 * After sp_out_defer(1), commit only closes the file; sp_out_finish(1)
 * then renames every one into place, sp_out_finish(0) removes them all
 * (a build whose later target fails leaves the earlier ones as they
 * were). Returns 0, or -1 after reporting.
 */
struct sp_out {
	FILE	*f;
	char	*tmp;
	char	*path;
	int	 lockfd;	/* holds an flock: the temporary is alive */
};
int	 sp_out_open(struct sp_out *, const char *path);
int	 sp_out_commit(struct sp_out *);
void	 sp_out_abort(struct sp_out *);
void	 sp_out_defer(int on);
int	 sp_out_finish(int commit);

/* Create DIR and its parents; 0 or -1 after reporting. */
int	 sp_mkdirs(const char *dir);

#endif
