/* data.c: locating shipped data files and atomic file output. */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
	FILE	*f;
	char	*buf;
	long	 len;

	struct stat	 sb;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = sp_malloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[len] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = (size_t)len;
	return buf;
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

int
sp_out_open(struct sp_out *o, const char *path)
{
	char	*dir, *slash;
	int	 fd;

	memset(o, 0, sizeof(*o));
	dir = sp_strdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (*dir != '\0' && sp_mkdirs(dir) != 0) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	o->tmp = sp_printf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
		sp_msg(SP_SYSERR, path, 0, "cannot create: %s",
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	fchmod(fd, 0644);
	o->path = sp_strdup(path);
	return 0;
}

int
sp_out_commit(struct sp_out *o)
{
	int	rc = 0;

	if (ferror(o->f) || fclose(o->f) != 0) {
		sp_msg(SP_SYSERR, o->path, 0, "cannot write: %s",
		    strerror(errno));
		unlink(o->tmp);
		rc = -1;
	} else if (rename(o->tmp, o->path) != 0) {
		sp_msg(SP_SYSERR, o->path, 0, "cannot rename into place: %s",
		    strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return rc;
}

void
sp_out_abort(struct sp_out *o)
{
	if (o->f != NULL)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
