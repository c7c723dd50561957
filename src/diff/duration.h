/*
 * duration.h - Go time.Duration spellings in their canonical form (what
 * metav1.Duration marshals to), so that `90m` and `1h30m0s` compare equal
 * in fields declared as meta/v1/Duration (argocd-cm knownTypeFields).
 */
#ifndef KR_DIFF_DURATION_H
#define KR_DIFF_DURATION_H

#include <stdbool.h>
#include <stddef.h>

/* kr_duration_canonical() - false when @s is not a Go duration (left as written). */
bool kr_duration_canonical(const char *s, size_t n, char *out, size_t cap);

/* kr_duration_parse() - Go duration @s ("30s", "1m30s", "200ms") in seconds; false when not one or negative */
bool kr_duration_parse(const char *s, double *seconds);

#endif
