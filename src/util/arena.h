/*
 * arena.h - the bump allocator that owns everything one render makes.
 *
 * A render allocates nodes, strings and vectors from one kr_arena and frees
 * them all at once with kr_arena_free(). There is no per-object free.
 * The arena has a byte budget: allocations beyond it fail (NULL) so that
 * hostile input ends in a clean "memory budget exceeded" error.
 * With --enable-debug-arena every allocation is its own malloc, so ASan and
 * valgrind see each block. Not thread-safe: one arena per thread.
 */
#ifndef KR_UTIL_ARENA_H
#define KR_UTIL_ARENA_H

#include <stddef.h>

typedef struct kr_arena kr_arena;

/* kr_arena_new() - an empty arena that may hand out at most @budget bytes. */
kr_arena *kr_arena_new(size_t budget);

/*
 * kr_arena_reset() - forget every allocation of @a (they become invalid) and
 * set a new @budget; small chunks are kept for reuse, so a build that
 * renders many times does not go back to malloc for each render.
 */
void kr_arena_reset(kr_arena *a, size_t budget);

/* kr_arena_free() - release every allocation of @a, and @a itself. */
void kr_arena_free(kr_arena *a);

/* kr_arena_alloc() - @n bytes, 16-aligned, uninitialised; NULL over budget. */
void *kr_arena_alloc(kr_arena *a, size_t n);

/* kr_arena_zalloc() - like kr_arena_alloc() but zero-filled. */
void *kr_arena_zalloc(kr_arena *a, size_t n);

/* kr_arena_memdup() - copy of @n bytes of @s plus a NUL terminator. */
char *kr_arena_memdup(kr_arena *a, const void *s, size_t n);

/* kr_arena_strdup() - copy of the NUL-terminated @s. */
char *kr_arena_strdup(kr_arena *a, const char *s);

/*
 * kr_arena_cat() - the NUL-terminated strings before the terminating NULL,
 * joined, in @a (a cheap kr_arena_sprintf("%s%s...") for hot paths).
 */
char *kr_arena_cat(kr_arena *a, ...) __attribute__((sentinel));

/* kr_arena_sprintf() - formatted string allocated in @a. */
char *kr_arena_sprintf(kr_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * kr_arena_grow() - make the arena array *@v (holding @n elements of @elem
 * bytes, room for *@cap) large enough for one more element, doubling into
 * a new arena block (the old one is left to the arena). 0 or KR_ENOMEM.
 */
int kr_arena_grow(kr_arena *a, void *v, size_t *cap, size_t n, size_t elem);

/*
 * kr_arena_map_file() - the first @size bytes of regular file @fd, mapped
 * read-only until @a is reset or freed (counted in its budget; no copy, no
 * zeroed pages). The text is not NUL-terminated. NULL when it cannot be
 * mapped (or with --enable-debug-arena): read the file instead.
 */
const char *kr_arena_map_file(kr_arena *a, int fd, size_t size);

/* kr_arena_used() - bytes handed out so far (for limits and benchmarks). */
size_t kr_arena_used(const kr_arena *a);

#endif
