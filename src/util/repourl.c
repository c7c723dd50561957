/*
 * repourl.c - repository URL normalisation and the preview pin (see
 * repourl.h). Normalised copies live in the caller's arena.
 */
#include "util/repourl.h"

#include <ctype.h>
#include <string.h>

const char *kr_repo_url_normalize(kr_arena *a, const char *url)
{
	char *u = kr_arena_strdup(a, url), *s, *colon, *slash;
	size_t n;

	if (!u)
		return url;
	while (isspace((unsigned char)*u))
		u++;
	for (n = strlen(u); n && isspace((unsigned char)u[n - 1]); n--)
		u[n - 1] = '\0';
	for (s = u; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	if (strncmp(u, "ssh://", 6) == 0)
		u += 6;
	n = strlen(u);
	if (n > 4 && strcmp(u + n - 4, ".git") == 0)
		u[n - 4] = '\0';
	/* scp-style user@host:path: the ':' becomes '/' */
	if (!strstr(u, "://") && (colon = strchr(u, ':')) != NULL && strchr(u, '@') && strchr(u, '@') < colon &&
	    (!(slash = strchr(u, '/')) || colon < slash))
		*colon = '/';
	return u;
}

bool kr_repo_pinned(kr_arena *a, const kr_repo_pin *pin, const char *url)
{
	return pin && pin->url && url && strcmp(kr_repo_url_normalize(a, pin->url), kr_repo_url_normalize(a, url)) == 0;
}
