/*
 * err.c - filling, prefixing and printing kr_err records.
 *
 * Invariant: err->msg is always NUL-terminated and shorter than KR_ERR_MAX;
 * longer texts are cut with a "..." marker rather than overflowing.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void mark_cut(char *msg, size_t cap, int n)
{
	if (n >= 0 && (size_t)n >= cap && cap > 4)
		memcpy(msg + cap - 4, "...", 4);
}

int kr_err_locate(kr_err *err, const kr_mark *mark)
{
	if (err->file[0] || !mark || !mark->file)
		return err->code;
	snprintf(err->file, sizeof(err->file), "%s", mark->file);
	err->line = mark->line;
	err->col = mark->col;
	return err->code;
}

int kr_err_set(kr_err *err, int code, const kr_mark *mark, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return code;
	err->code = code;
	err->file[0] = '\0';
	err->line = err->col = 0;
	if (mark) {
		if (mark->file)
			snprintf(err->file, sizeof(err->file), "%s", mark->file);
		err->line = mark->line;
		err->col = mark->col;
	}
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	mark_cut(err->msg, sizeof(err->msg), n);
	return code;
}

void kr_err_prefix(kr_err *err, const char *fmt, ...)
{
	char head[1024];
	char old[KR_ERR_MAX];
	va_list ap;
	int n;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	n = snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old);
	mark_cut(err->msg, sizeof(err->msg), n);
}

void kr_err_clear(kr_err *err)
{
	err->code = 0;
	err->line = err->col = 0;
	err->file[0] = '\0';
	err->msg[0] = '\0';
}

size_t kr_err_format(const kr_err *err, char *buf, size_t cap)
{
	int n;

	if (err->file[0] && err->line > 0 && err->col > 0)
		n = snprintf(buf, cap, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
	else if (err->file[0] && err->line > 0)
		n = snprintf(buf, cap, "%s:%d: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		n = snprintf(buf, cap, "%s: %s", err->file, err->msg);
	else
		n = snprintf(buf, cap, "%s", err->msg);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

const char *kr_quote_short(char *buf, size_t cap, const char *s, size_t n)
{
	size_t o = 0;
	size_t i;

	for (i = 0; i < n && o + 8 < cap && i < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	if (i < n && o + 4 < cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
