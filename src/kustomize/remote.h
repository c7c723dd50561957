/*
 * remote.h - remote bases: URLs in resources and components.
 */
#ifndef KR_KUSTOMIZE_REMOTE_H
#define KR_KUSTOMIZE_REMOTE_H
#include <stdbool.h>
#include "kustomize/accumulate.h"

/* kr_remote_is_url() - does kustomize read entry @path as a remote URL? */
bool kr_remote_is_url(const char *path);

/*
 * kr_remote_fetch() - the local directory of remote base @url, named at
 * mark @m. A file:// Git URL (file:///REPO[//DIR]
 * [?ref=REV]) is read with libgit2 (through the krender-git helper) at REV
 * into a temporary directory mounted as its own jail, once per build; any
 * other URL is refused: krender renders offline. *@dir is canonical.
 */
int kr_remote_fetch(kr_render *r, const kr_mark *m, const char *url, char **dir);
#endif
