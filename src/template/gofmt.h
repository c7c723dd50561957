/*
 * gofmt.h - Go's spellings that ApplicationSet parameters and templates
 * show: fmt's %v of a float64 (strconv 'g' with the shortest digits and
 * exponent form from 1e+06 up or below 1e-04), strconv.Quote (%q), and
 * ArgoCD's normalize (SanitizeName).
 */
#ifndef KR_TEMPLATE_GOFMT_H
#define KR_TEMPLATE_GOFMT_H

#include <stddef.h>

#include "util/buf.h"

/* kr_go_float() - fmt.Sprintf("%v", f) for a finite float64, in @out (32 bytes). */
void kr_go_float(double f, char out[32]);

/* kr_go_quote() - append strconv.Quote(@s/@n) to @b. 0 or KR_E*. */
int kr_go_quote(kr_buf *b, const char *s, size_t n);

/*
 * kr_go_normalize() - ArgoCD's normalize: lower case, every rune outside
 * [-a-z0-9.] becomes '-', at most 253 bytes, '-' and '.' trimmed at both
 * ends. Appends to @b. 0 or KR_E*.
 */
int kr_go_normalize(kr_buf *b, const char *s, size_t n);

#endif
