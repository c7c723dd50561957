/*
 * repourl.h - Git repository URLs as ArgoCD compares them (NormalizeGitURL:
 * case, surrounding space, "ssh://", a ".git" suffix and scp-style
 * user@host:path do not make two URLs differ), and the pin `krender
 * preview` puts on one repository: its sources read at one revision.
 */
#ifndef KR_UTIL_REPOURL_H
#define KR_UTIL_REPOURL_H

#include <stdbool.h>

#include "util/arena.h"

struct kr_fs;

/* kr_repo_url_normalize() - @url normalised (in @a; @url itself when out of memory) */
const char *kr_repo_url_normalize(kr_arena *a, const char *url);

/* one repository read at one revision whatever a source's targetRevision or a generator's revision says */
typedef struct kr_repo_pin {
	const char *url;  /* as Applications name it */
	const char *path; /* the local clone or bare repository */
	const char *rev;  /* the revision (a commit id) */
	struct kr_fs *fs; /* that revision already in memory (read through it, nothing exported), or NULL */
} kr_repo_pin;

/* kr_repo_pinned() - whether @url names @pin's repository (NULL @pin: no) */
bool kr_repo_pinned(kr_arena *a, const kr_repo_pin *pin, const char *url);

#endif
