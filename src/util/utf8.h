/*
 * utf8.h - UTF-8 validity (Go's utf8.Valid).
 */
#ifndef KR_UTIL_UTF8_H
#define KR_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* kr_utf8_valid() - @n bytes at @bytes are well-formed UTF-8. */
bool kr_utf8_valid(const void *bytes, size_t n);

/* kr_utf8_rune() - the length of the valid UTF-8 sequence at @s (at most @n bytes, n > 0), 0 if none; its rune in *@r */
size_t kr_utf8_rune(const unsigned char *s, size_t n, unsigned long *r);

#endif
