/*
 * limits.h - the one set of limits every loader and recursive step obeys.
 *
 * Defaults follow shared/spec/limits.md section 2. Each can be raised from
 * the command line (--limit NAME=VALUE) or the KRENDER_LIMITS environment
 * variable; an error that hits a limit names it so the user knows which.
 */
#ifndef KR_UTIL_LIMITS_H
#define KR_UTIL_LIMITS_H

#include <stddef.h>

typedef struct kr_limits {
	size_t file_bytes;      /* bytes per input file */
	size_t input_bytes;     /* total input bytes per render */
	size_t depth;           /* nesting depth of any tree, parse and later */
	size_t alias_nodes;     /* nodes created by alias expansion, per document */
	size_t documents;       /* documents per render */
	size_t kust_loads;      /* kustomization directory loads per render */
	size_t base_depth;      /* chain depth of kustomizations */
	size_t output_bytes;    /* rendered output */
	size_t memory_bytes;    /* arena budget per render */
	size_t timeout_ms;      /* wall clock per render */
} kr_limits;

/* The end of every limit error: how to raise limit @name. */
#define KR_LIMIT_RAISE(name) "raise with --limit " name "=N or KRENDER_LIMITS=" name "=N"

/* kr_limits_default() - the defaults of limits.md section 2. */
void kr_limits_default(kr_limits *l);

/*
 * kr_limits_set() - set one limit from "name=value" (value may end in
 * K, M or G; a timeout in ms, s or m, seconds without a unit). Returns 0,
 * or KR_EUSAGE for an unknown name or bad value.
 */
int kr_limits_set(kr_limits *l, const char *assignment);

/*
 * kr_limits_set_list() - set every "name=value" of @list, separated by
 * commas or blanks (the form of KRENDER_LIMITS). Returns 0, or KR_EUSAGE
 * with the offending assignment copied to @bad (size @nbad).
 */
int kr_limits_set_list(kr_limits *l, const char *list, char *bad, size_t nbad);

/*
 * kr_limits_format() - every limit of @l as "name=value,..." (the form
 * kr_limits_set_list() reads, timeout in ms) into @buf of @cap bytes.
 */
void kr_limits_format(const kr_limits *l, char *buf, size_t cap);

/* kr_now_ms() - a monotonic clock in milliseconds, for deadlines. */
unsigned long long kr_now_ms(void);

/* kr_limits_names() - the names kr_limits_set() accepts, for --help. */
const char *kr_limits_names(void);

#endif
