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

/* Read a whole file; NULL on failure (errno set). Caller frees. */
char	*sp_file_read(const char *path, size_t *len);

/*
 * Write LEN bytes to PATH atomically: a temporary file in the same
 * directory, fsync, rename. 0 or -1 after reporting.
 */
int	 sp_file_write_atomic(const char *path, const void *, size_t len);

/* Create DIR and its parents; 0 or -1 after reporting. */
int	 sp_mkdirs(const char *dir);

#endif
