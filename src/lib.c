/* lib.c: libraries opened when they are first needed, not at start. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sp.h"
#include "sp_data.h"

int
sp_lib_load(const char *const *sonames, const char *const *names, size_t n,
    void *table, int *loaded, const char *path, const char *what)
{
	void		*h = NULL, *f;
	const char	*e;
	size_t		 i;

	if (*loaded)
		return 0;
	for (i = 0; sonames[i] != NULL && h == NULL; i++)
		h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	for (i = 0; h != NULL && i < n; i++) {
		if ((f = dlsym(h, names[i])) == NULL)
			break;
		memcpy((char *)table + i * sizeof(f), &f, sizeof(f));
	}
	if (h == NULL || i < n) {
		e = dlerror();
		sp_msg(SP_SYSERR, path, 0, "cannot load %s: %s", what,
		    e != NULL ? e : "not found");
		if (h != NULL)
			dlclose(h);
		return -1;
	}
	*loaded = 1;			/* open until the process ends */
	return 0;
}
