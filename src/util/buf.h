/*
 * buf.h - a growable byte buffer with a size limit (heap, not arena).
 *
 * Used for output streams and file contents. The data is always followed by
 * a NUL byte (not counted in len) so it can be handed to C string APIs.
 * Growing past the limit fails with KR_ETOOBIG instead of exhausting memory.
 */
#ifndef KR_UTIL_BUF_H
#define KR_UTIL_BUF_H

#include <stddef.h>

typedef struct kr_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;
} kr_buf;

/* kr_buf_init() - an empty buffer that may grow up to @limit bytes. */
void kr_buf_init(kr_buf *b, size_t limit);

/* kr_buf_dispose() - free the storage; @b is empty afterwards. */
void kr_buf_dispose(kr_buf *b);

/* kr_buf_reserve() - make room for @n more bytes. 0, KR_ENOMEM or KR_ETOOBIG. */
int kr_buf_reserve(kr_buf *b, size_t n);

/* kr_buf_append() - append @n bytes of @s. */
int kr_buf_append(kr_buf *b, const void *s, size_t n);

/* kr_buf_puts() - append the NUL-terminated @s. */
int kr_buf_puts(kr_buf *b, const char *s);

/* kr_buf_putc() - append one byte. */
int kr_buf_putc(kr_buf *b, char c);

/* kr_buf_printf() - append formatted text. */
int kr_buf_printf(kr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* kr_buf_take() - hand the storage to the caller (free() it); @b is emptied. */
char *kr_buf_take(kr_buf *b, size_t *len);

#endif
