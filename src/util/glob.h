/*
 * glob.h - the wildcard dialects ArgoCD's settings use: Go's path.Match
 * (ApplicationSet git directories, AppProject kinds and names), a git
 * pathspec glob where '*' crosses '/', and gobwas/glob with or without a
 * separator (directory include/exclude, AppProject repositories and
 * destinations). A malformed pattern matches nothing.
 */
#ifndef KR_UTIL_GLOB_H
#define KR_UTIL_GLOB_H

#include <stdbool.h>

/* kr_go_path_match() - Go's path.Match: * and ? stop at '/', [..] classes, \ escapes */
bool kr_go_path_match(const char *pattern, const char *name);

/* kr_wildcard_match() - path.Match's syntax with '*' crossing '/' (git's pathspec globbing) */
bool kr_wildcard_match(const char *pattern, const char *name);

/*
 * kr_glob_match() - gobwas/glob: * ? [..] [!..] {a,b} and \ escapes. With
 * separator @sep ('/') '*' and '?' stop at it and '**' crosses it; with
 * @sep '\0' '*' matches anything.
 */
bool kr_glob_match(const char *pattern, const char *s, char sep);

#endif
