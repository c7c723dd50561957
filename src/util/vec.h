/*
 * vec.h - growing heap arrays: the one helper behind every push_* stack.
 */
#ifndef KR_UTIL_VEC_H
#define KR_UTIL_VEC_H

#include <stddef.h>

/*
 * kr_vec_grow() - make the heap array *@v, holding *@cap elements of @elem
 * bytes, large enough for @need elements (doubling, at least 16).
 * Returns 0 or KR_ENOMEM; on failure *@v and *@cap are unchanged.
 */
int kr_vec_grow(void *v, size_t *cap, size_t need, size_t elem);

#endif
