/* sp_data.h: finding the files the compiler ships (schema, styles, fonts). */
#ifndef SP_DATA_H
#define SP_DATA_H

/*
 * Find REL (e.g. "styles/standard.style") under, in order: the directory
 * of NEAR if not NULL, $SAKSPAPIR_DATA, the source tree the binary was
 * built in (build/..), and the installed share directory.
 * Returns a path the caller frees, or NULL.
 */
char	*sp_data_find(const char *near, const char *rel);

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

/* Whether PATH (which need not exist) lies inside the directory ROOT,
 * both with symbolic links resolved as far as they exist. */
int	 sp_path_inside(const char *path, const char *root);

/*
 * Atomic output through a stream: sp_out_open makes a temporary file
 * beside PATH (creating directories); sp_out_commit flushes, closes and
 * renames it into place; sp_out_abort closes and removes it. Open
 * returns NULL and commit -1 after reporting.
 */
struct sp_out {
	FILE	*f;
	char	*tmp;
	char	*path;
};
int	 sp_out_open(struct sp_out *, const char *path);
int	 sp_out_commit(struct sp_out *);
void	 sp_out_abort(struct sp_out *);

/* Create DIR and its parents; 0 or -1 after reporting. */
int	 sp_mkdirs(const char *dir);

#endif
