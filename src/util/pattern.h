/*
 * pattern.h - POSIX extended regular expressions with a fast path.
 *
 * kustomize matches names and image names with Go regular expressions that
 * are nearly always plain text (where '.' still means any character).
 * Compiling and running glibc's regex engine for those took ~20% of a batch
 * render, so a pattern made only of literal bytes and '.' is matched
 * directly; anything else goes to regcomp/regexec with the same meaning.
 */
#ifndef KR_UTIL_PATTERN_H
#define KR_UTIL_PATTERN_H
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct kr_pattern {
	const char *text; /* the body, borrowed */
	size_t len;
	bool simple;      /* literal bytes and '.' only */
	bool compiled;    /* re holds the anchored ERE */
	regex_t re;
} kr_pattern;

/*
 * kr_pattern_compile() - anchor @body as ^(body)$ (@body must outlive @p).
 * Returns 0 or regcomp's error code.
 */
int kr_pattern_compile(kr_pattern *p, const char *body);
/* kr_pattern_match() - does the whole of @s match? */
bool kr_pattern_match(const kr_pattern *p, const char *s);
/*
 * kr_pattern_prefix() - for a simple pattern: does @s start with a match
 * (its length is fixed)? For others: false (use a full pattern).
 */
bool kr_pattern_prefix(const kr_pattern *p, const char *s);
void kr_pattern_free(kr_pattern *p);
#endif
