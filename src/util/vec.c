/*
 * vec.c - kr_vec_grow(), with overflow checks on the size arithmetic.
 */
#include "util/vec.h"
#include "util/err.h"

#include <stdint.h>
#include <stdlib.h>

int kr_vec_grow(void *v, size_t *cap, size_t need, size_t elem)
{
	void **pv = v;
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return KR_ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return KR_ENOMEM;
	p = realloc(*pv, n * elem);
	if (!p)
		return KR_ENOMEM;
	*pv = p;
	*cap = n;
	return 0;
}
