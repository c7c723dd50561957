/*
 * err.h - error codes and the one error record a failing call fills.
 *
 * Every fallible function returns int: 0 on success, a negative KR_E* code
 * on failure, and fills the caller's kr_err once, where the problem is seen.
 * Callers may add context with kr_err_prefix(); they never reword. Messages
 * are bounded (KR_ERR_MAX) and never carry object content.
 */
#ifndef KR_UTIL_ERR_H
#define KR_UTIL_ERR_H

#include <stddef.h>

enum {
	KR_OK = 0,
	KR_ENOMEM = -1,  /* allocation failed or memory budget exceeded */
	KR_EIO = -2,     /* a read or write failed */
	KR_EPARSE = -3,  /* malformed YAML or kustomization */
	KR_ETOOBIG = -4, /* a limit was hit */
	KR_EINVAL = -5,  /* well-formed but invalid input */
	KR_ENOENT = -6,  /* a named file or directory does not exist */
	KR_EJAIL = -7,   /* a path leaves the root */
	KR_ECYCLE = -8,  /* kustomization cycle */
	KR_EDUP = -9,    /* duplicate resource id or key */
	KR_EUNSUP = -10, /* valid for kustomize, not supported by krender yet */
	KR_EUSAGE = -11, /* bad command line */
};

#define KR_ERR_MAX 4096

/* A place in an input file; line and column are 1-based, 0 when unknown. */
typedef struct kr_mark {
	const char *file;
	int line;
	int col;
} kr_mark;

typedef struct kr_err {
	int code;
	int line, col;
	char file[512];
	char msg[KR_ERR_MAX];
} kr_err;

/*
 * kr_err_set() - record @code at @mark (may be NULL) with a printf message.
 * Returns @code so that callers can write `return kr_err_set(...)`.
 */
int kr_err_set(kr_err *err, int code, const kr_mark *mark, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * kr_err_locate() - give the error already set the location @mark when it
 * has none (a lower layer that knows no file saw it). Returns its code.
 */
int kr_err_locate(kr_err *err, const kr_mark *mark);

/* kr_err_prefix() - put "context: " in front of the message already set. */
void kr_err_prefix(kr_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* kr_err_clear() - reset @err to "no error". */
void kr_err_clear(kr_err *err);

/*
 * kr_err_format() - "file:line:col: message" (parts that are unknown are
 * left out) into @buf of @cap bytes. Returns the length written.
 */
size_t kr_err_format(const kr_err *err, char *buf, size_t cap);

/*
 * kr_quote_short() - copy @s/@n into @buf as a printable, truncated excerpt
 * for error messages (at most 64 bytes of text, control bytes escaped).
 */
const char *kr_quote_short(char *buf, size_t cap, const char *s, size_t n);

#endif
