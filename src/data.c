/* data.c: locating shipped data files, reading files the user names. */
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sp.h"
#include "sp_data.h"

#ifndef SP_DATADIR
#define SP_DATADIR "/usr/local/share/sakspapir"
#endif

static char *
try(const char *dir, const char *rel)
{
	char	*p = sp_printf("%s/%s", dir, rel);

	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

char *
sp_data_find(const char *near, const char *rel)
{
	char	 exe[PATH_MAX];
	char	*p, *slash, *dir;
	ssize_t	 n;
	const char *base;

	if (near != NULL) {
		dir = sp_strdup(near);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else
			strcpy(dir, ".");
		/* "plan/schema/x.rng" beside "plan/master.xml" */
		base = strncmp(rel, "plan/", 5) == 0 ? rel + 5 : rel;
		p = try(dir, base);
		free(dir);
		if (p != NULL)
			return p;
	}
	if ((dir = getenv("SAKSPAPIR_DATA")) != NULL && *dir != '\0')
		if ((p = try(dir, rel)) != NULL)
			return p;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			dir = sp_printf("%s/..", exe);
			p = try(dir, rel);
			free(dir);
			if (p != NULL)
				return p;
			dir = sp_printf("%s/../share/sakspapir", exe);
			p = try(dir, rel);
			free(dir);
			if (p != NULL)
				return p;
		}
	}
	return try(SP_DATADIR, rel);
}

char *
sp_file_read(const char *path, size_t *lenp)
{
	const char	*why;
	char		*buf;
	int		 e;

	if ((buf = sp_file_load(path, NULL, (size_t)1 << 30, lenp, &why))
	    == NULL) {
		e = errno;
		errno = e != 0 ? e : EINVAL;
	}
	return buf;
}

/* The real path of PATH, or of its directory joined with its last part
 * when PATH does not exist yet. Caller frees; NULL if neither resolves. */
static char *
resolve(const char *path)
{
	char	*r, *dir, *slash, *rd;

	if ((r = realpath(path, NULL)) != NULL)
		return r;
	dir = sp_strdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = sp_strdup(".");
		slash = NULL;
	} else
		*slash = '\0';
	rd = realpath(*dir != '\0' ? dir : "/", NULL);
	r = rd == NULL ? NULL : sp_printf("%s/%s", rd, slash != NULL ?
	    slash + 1 : path);
	free(rd);
	free(dir);
	return r;
}

int
sp_path_inside(const char *path, const char *root)
{
	char	*p = resolve(path), *r = realpath(root, NULL);
	size_t	 n;
	int	 in;

	n = r != NULL ? strlen(r) : 0;
	in = p != NULL && r != NULL && strncmp(p, r, n) == 0 &&
	    (p[n] == '/' || p[n] == '\0' || (n == 1 && r[0] == '/'));
	free(p);
	free(r);
	return in;
}

/*
 * Opens PATH for reading, without blocking, if it is a regular file of
 * at most CAP bytes; its status into *SB. The descriptor, or -1 with
 * *WHY and errno set.
 */
static int
open_regular(const char *path, size_t cap, struct stat *sb,
    const char **why)
{
	int	 fd, e;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, sb) != 0)
		*why = strerror(errno);
	else if (!S_ISREG(sb->st_mode)) {
		*why = S_ISDIR(sb->st_mode) ? "is a directory, not a file" :
		    S_ISFIFO(sb->st_mode) ? "is a FIFO, not a regular file" :
		    "is a device or socket, not a regular file";
		errno = S_ISDIR(sb->st_mode) ? EISDIR : EINVAL;
	} else if ((uintmax_t)sb->st_size > cap) {
		*why = "is too large";
		errno = EFBIG;
	} else
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

void *
sp_file_map(const char *path, size_t *lenp, const char **why)
{
	struct stat	 sb;
	void		*p;
	int		 fd, e;

	errno = 0;
	if ((fd = open_regular(path, SIZE_MAX, &sb, why)) < 0)
		return NULL;
	if (sb.st_size == 0) {
		*why = "is empty";
		errno = EINVAL;
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	e = errno;
	close(fd);
	if (p == MAP_FAILED) {
		*why = strerror(e);
		errno = e;
		return NULL;
	}
	*lenp = (size_t)sb.st_size;
	return p;
}

void
sp_file_unmap(void *p, size_t len)
{
	if (p != NULL)
		munmap(p, len);
}

char *
sp_file_load(const char *path, const char *root, size_t cap, size_t *lenp,
    const char **why)
{
	struct stat	 sb;
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, e;

	errno = 0;
	if (root != NULL && !sp_path_inside(path, root)) {
		*why = "lies outside the master's directory";
		return NULL;
	}
	if ((fd = open_regular(path, cap, &sb, why)) < 0)
		return NULL;
	/* read up to the cap whatever the size said: files can grow */
	buf = sp_malloc((size_t)sb.st_size + 1);
	for (;;) {
		if (len == (size_t)sb.st_size + 0) {
			char	c;

			if ((n = read(fd, &c, 1)) == 0)
				break;
			if (n < 0 && errno == EINTR)
				continue;
			*why = n < 0 ? strerror(errno) : "grew while it was read";
			goto fail;
		}
		n = read(fd, buf + len, (size_t)sb.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*why = strerror(errno);
			goto fail;
		}
		if (n == 0)
			break;		/* shrank: take what is there */
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
fail:
	e = errno;
	free(buf);
	close(fd);
	errno = e;
	return NULL;
}

int
sp_mkdirs(const char *dir)
{
	char	*p = sp_strdup(dir), *s;
	int	 rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				sp_msg(SP_SYSERR, p, 0, "cannot create "
				    "directory: %s", strerror(errno));
				rc = -1;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}
