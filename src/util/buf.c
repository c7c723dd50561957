/*
 * buf.c - growable byte buffer with a limit.
 *
 * Invariant: when data != NULL, data[len] == '\0' and len < cap <= limit+1.
 */
#include "util/buf.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

/* Large output buffers: ask for transparent huge pages on their aligned interior. */
#define HUGE_ADVICE_MIN ((size_t)4 << 20)

static void advise_huge(char *p, size_t n)
{
	uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t end = ((uintptr_t)p + n) & ~(huge - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
}

void kr_buf_init(kr_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

void kr_buf_dispose(kr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

int kr_buf_reserve(kr_buf *b, size_t n)
{
	size_t want;
	size_t cap;
	char *p;

	if (n > b->limit || b->len > b->limit - n)
		return KR_ETOOBIG;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return KR_ENOMEM;
	b->data = p;
	b->cap = cap;
	if (cap >= HUGE_ADVICE_MIN)
		advise_huge(p, cap);
	return 0;
}

int kr_buf_append(kr_buf *b, const void *s, size_t n)
{
	int rc = kr_buf_reserve(b, n);

	if (rc < 0)
		return rc;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int kr_buf_puts(kr_buf *b, const char *s)
{
	return kr_buf_append(b, s, strlen(s));
}

int kr_buf_putc(kr_buf *b, char c)
{
	if (b->len + 2 <= b->cap && b->len < b->limit) { /* room for the byte and the NUL */
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return kr_buf_append(b, &c, 1);
}

int kr_buf_printf(kr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	int rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return KR_EINVAL;
	rc = kr_buf_reserve(b, (size_t)n);
	if (rc < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *kr_buf_take(kr_buf *b, size_t *len)
{
	char *p = b->data;

	if (len)
		*len = b->len;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
