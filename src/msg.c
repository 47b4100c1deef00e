/* msg.c: every diagnostic goes through here; it tracks the worst level.
 * Also the CPU time the SAKSPAPIR_TIMING lines report. */
#include <pthread.h>
#include <stdio.h>
#include <stdarg.h>
#include <time.h>

#include "sp.h"

static enum sp_level	worst;
static int		strict;
static int		quiet;
/* The painter may report from its own thread: one message at a time. */
static pthread_mutex_t	lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
	"ok", "warning", "error", "error", "note"
};

void
sp_vmsg(enum sp_level lv, const char *file, int line, const char *fmt,
    va_list ap)
{
	if (lv == SP_WARNING && strict)
		lv = SP_ERROR;
	pthread_mutex_lock(&lock);
	if (lv != SP_NOTE && lv > worst)
		worst = lv;
	if ((lv == SP_WARNING || lv == SP_NOTE) && quiet) {
		pthread_mutex_unlock(&lock);
		return;
	}
	fputs("sakspapir: ", stderr);
	if (file != NULL && line > 0)
		fprintf(stderr, "%s:%d: ", file, line);
	else if (file != NULL)
		fprintf(stderr, "%s: ", file);
	fprintf(stderr, "%s: ", level_names[lv]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&lock);
}

void
sp_msg(enum sp_level lv, const char *file, int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	sp_vmsg(lv, file, line, fmt, ap);
	va_end(ap);
}

enum sp_level
sp_msg_worst(void)
{
	return worst;
}

void
sp_msg_reset(void)
{
	worst = SP_OK;
}

void
sp_msg_strict(int on)
{
	strict = on;
}

void
sp_msg_quiet(int on)
{
	quiet = on;
}

double
sp_thread_cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
