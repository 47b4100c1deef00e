/* out.c: atomic output: temporary files renamed into place, all the
 * outputs of a build or none, stale temporaries swept, and temporaries
 * removed when a signal ends the run. */
#include <sys/file.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sp.h"
#include "sp_data.h"

/*
 * Every temporary file this run has made and not yet renamed or removed,
 * for the signal handler: a fixed table, written under the lock, read
 * by the handler without it (it only calls unlink).
 */
#define MAXTMP		4096
static char *volatile	 tmps[MAXTMP];
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;

/* Outputs written and closed, waiting for sp_out_finish (deferred). */
struct pending {
	char	*tmp, *path;
	int	 lockfd;		/* holds the flock that marks the
					 * temporary as alive */
};
static struct pending	*pend;
static int		 npend, deferring;

/* Directories swept of stale temporaries already, this run. */
static char		**swept;
static int		 nswept;

static void
on_signal(int sig)
{
	int	i;

	for (i = 0; i < MAXTMP; i++)
		if (tmps[i] != NULL)
			unlink(tmps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
track(char *tmp)
{
	static int	 handlers;
	int		 i;

	pthread_mutex_lock(&lock);
	if (!handlers) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		handlers = 1;
	}
	for (i = 0; i < MAXTMP; i++)
		if (tmps[i] == NULL) {
			tmps[i] = tmp;
			break;
		}
	pthread_mutex_unlock(&lock);
}

static void
untrack(const char *tmp)
{
	int	i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < MAXTMP; i++)
		if (tmps[i] == tmp)
			tmps[i] = NULL;
	pthread_mutex_unlock(&lock);
}

/* Whether NAME is one of our temporaries: "X.pdf.tmp.AbC123" (also
 * .png, .xlsx, .xml, .bin), the pattern sp_out_open gives mkstemp. */
static int
ours(const char *name)
{
	static const char *const ext[] = { ".pdf", ".png", ".xlsx", ".xml",
	    ".bin" };
	const char	*t = strstr(name, ".tmp.") != NULL ?
			    strstr(name, ".tmp.") : strstr(name, ".tmq.");
	size_t		 i, n;

	if (t == NULL || strlen(t + 5) != 6)
		return 0;
	for (i = 0; i < 6; i++)
		if (!((t[5 + i] >= 'a' && t[5 + i] <= 'z') ||
		    (t[5 + i] >= 'A' && t[5 + i] <= 'Z') ||
		    (t[5 + i] >= '0' && t[5 + i] <= '9')))
			return 0;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		n = strlen(ext[i]);
		if ((size_t)(t - name) > n && strncmp(t - n, ext[i], n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Remove what killed runs left in DIR: our temporaries that no live
 * writer holds (each writer keeps an flock on its own until it is
 * renamed or removed, and locks it before it has that name).
 */
static void
sweep(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 sb;
	int		 i, fd;

	for (i = 0; i < nswept; i++)
		if (strcmp(swept[i], dir) == 0)
			return;
	swept = sp_realloc(swept, (nswept + 1) * sizeof(*swept));
	swept[nswept++] = sp_strdup(dir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!ours(e->d_name))
			continue;
		fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NONBLOCK |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* a .tmq. one is being locked (or was killed then) */
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (strstr(e->d_name, ".tmq.") == NULL ||
		    sb.st_mtime < time(NULL) - 60) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* "X.tmq.AbC123" as "X.tmp.AbC123"; the caller frees. */
static char *
tmpname(const char *tmq)
{
	char	*tmp = sp_strdup(tmq);

	strstr(tmp, ".tmq.")[3] = 'p';
	return tmp;
}

int
sp_out_open(struct sp_out *o, const char *path)
{
	static mode_t	 mode = 01000;	/* not yet known */
	char		*dir, *slash, *final = NULL;
	int		 fd = -1;

	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
	if (mode == 01000) {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	dir = sp_strdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (*dir != '\0' && sp_mkdirs(dir) != 0) {
			free(dir);
			return -1;
		}
	}
	sweep(slash == NULL ? "." : *dir == '\0' ? "/" : dir);
	free(dir);
	/*
	 * Made as PATH.tmq.XXXXXX, locked, then renamed to PATH.tmp.XXXXXX:
	 * a sweep by another run never sees one of ours unlocked while we
	 * live.
	 */
	o->tmp = sp_printf("%s.tmq.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0 || flock(fd, LOCK_EX) != 0 ||
	    (o->lockfd = dup(fd)) < 0 || (o->f = fdopen(fd, "wb")) == NULL ||
	    rename(o->tmp, final = tmpname(o->tmp)) != 0) {
		sp_msg(SP_SYSERR, path, 0, "cannot create: %s",
		    strerror(errno));
		free(final);
		if (o->f != NULL)
			fclose(o->f);
		else if (fd >= 0)
			close(fd);
		if (fd >= 0)
			unlink(o->tmp);
		if (o->lockfd >= 0)
			close(o->lockfd);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	free(o->tmp);
	o->tmp = final;
	track(o->tmp);
	fchmod(fd, mode);
	o->path = sp_strdup(path);
	return 0;
}

/*
 * Why writing O failed. The writer (a painter on a thread of its own,
 * perhaps) saw the failure and its errno is gone; ask the file system
 * again, on the temporary about to be removed anyway, so that a full
 * disk is said by name.
 */
static int
reason(struct sp_out *o)
{
	if (lseek(fileno(o->f), 0, SEEK_END) >= 0 &&
	    write(fileno(o->f), "%", 1) < 0)
		return errno;
	return EIO;
}

/* Forget O's temporary: untracked, its lock let go, freed. */
static void
release(char *tmp, char *path, int lockfd)
{
	untrack(tmp);
	if (lockfd >= 0)
		close(lockfd);
	free(tmp);
	free(path);
}

int
sp_out_commit(struct sp_out *o)
{
	int	rc = 0, e;

	if (ferror(o->f) || fflush(o->f) != 0) {
		e = reason(o);
		fclose(o->f);
		sp_msg(SP_SYSERR, o->path, 0, "cannot write: %s", strerror(e));
		rc = -1;
	} else if (fclose(o->f) != 0) {
		sp_msg(SP_SYSERR, o->path, 0, "cannot write: %s",
		    strerror(errno));
		rc = -1;
	} else if (deferring) {
		pend = sp_realloc(pend, (npend + 1) * sizeof(*pend));
		pend[npend].tmp = o->tmp;
		pend[npend].path = o->path;
		pend[npend].lockfd = o->lockfd;
		npend++;
		memset(o, 0, sizeof(*o));
		return 0;
	} else if (rename(o->tmp, o->path) != 0) {
		sp_msg(SP_SYSERR, o->path, 0, "cannot rename into place: %s",
		    strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(o->tmp);
	release(o->tmp, o->path, o->lockfd);
	memset(o, 0, sizeof(*o));
	return rc;
}

void
sp_out_abort(struct sp_out *o)
{
	if (o->f != NULL && ferror(o->f))
		sp_msg(SP_SYSERR, o->path, 0, "cannot write: %s",
		    strerror(reason(o)));
	if (o->f != NULL)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	if (o->tmp != NULL || o->path != NULL)
		release(o->tmp, o->path, o->lockfd);
	memset(o, 0, sizeof(*o));
}

void
sp_out_defer(int on)
{
	deferring = on;
}

/*
 * The renames come last and all together; one failing there (it would
 * take a directory changed under the run) leaves those before it in
 * place, and says which.
 */
int
sp_out_finish(int commit)
{
	int	i, rc = 0;

	for (i = 0; i < npend; i++) {
		if (commit && rc == 0 && rename(pend[i].tmp, pend[i].path)
		    != 0) {
			sp_msg(SP_SYSERR, pend[i].path, 0, "cannot rename "
			    "into place: %s", strerror(errno));
			rc = -1;
		}
		if (!commit || rc != 0)
			unlink(pend[i].tmp);
		release(pend[i].tmp, pend[i].path, pend[i].lockfd);
	}
	free(pend);
	pend = NULL;
	npend = 0;
	deferring = 0;
	for (i = 0; i < nswept; i++)
		free(swept[i]);
	free(swept);
	swept = NULL;
	nswept = 0;
	return rc;
}
