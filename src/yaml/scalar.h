/*
 * scalar.h - YAML scalar typing and Go-compatible formatting.
 *
 * kustomize reads resources with yaml.v3 (YAML 1.2-ish typing), round-trips
 * them through encoding/json and emits them with yaml.v2 (YAML 1.1 quoting).
 * These pure functions reproduce each of those steps for one scalar. They
 * allocate nothing; every output buffer is the caller's.
 */
#ifndef KR_YAML_SCALAR_H
#define KR_YAML_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

enum kr_scalar_type {
	KR_SCALAR_STR = 0, /* a string (also: a v3 timestamp, already rewritten) */
	KR_SCALAR_NULL,    /* null, ~, Null, NULL, empty */
	KR_SCALAR_BOOL,    /* true/false in any of v3's spellings */
	KR_SCALAR_INT,     /* an integer that fits int64 or uint64 */
	KR_SCALAR_FLOAT,   /* any other number */
};

/* Result codes of kr_scalar_resolve_v3(). */
#define KR_SCALAR_OK 0
#define KR_SCALAR_EINF (-1)   /* .inf/-.inf/.nan: JSON cannot encode it */
#define KR_SCALAR_ESPACE (-2) /* @out too small (never with KR_SCALAR_OUT_MAX) */
#define KR_SCALAR_ETIME (-3)  /* timestamp offset hour >= 24 (+24:00, +23:60):
			       * Go's Time.MarshalJSON fails ("timezone hour
			       * outside of range [0,23]"), so kustomize does */

/* Every normalised text fits in this many bytes (plus a NUL). */
#define KR_SCALAR_OUT_MAX 64

/*
 * kr_scalar_resolve_v3() - type the plain (unquoted, untagged) scalar @s/@n
 * the way yaml.v3 does, then normalise it as encoding/json would print it.
 * @type:  receives the resulting type.
 * @out:   receives the normalised text (NUL-terminated) unless the value is a
 *         plain string, in which case *@changed is false and @out is untouched.
 *         NULL -> "null"; BOOL -> "true"/"false"; INT -> decimal;
 *         FLOAT -> as kr_json_format_float(), type INT when that printed an
 *         integer; a v3 timestamp -> RFC 3339 text, type STR.
 * @changed: true iff @out was written (the value is not a plain string),
 *         even when the text did not change ("42" -> "42").
 * Returns KR_SCALAR_OK; KR_SCALAR_EINF for infinities and NaN (type FLOAT,
 * @out = Go's "+Inf", "-Inf" or "NaN" for "json: unsupported value: %s");
 * KR_SCALAR_ETIME for a timestamp whose offset reaches 24 hours (type STR,
 * *@changed false).
 */
int kr_scalar_resolve_v3(const char *s, size_t n, enum kr_scalar_type *type,
			 char out[KR_SCALAR_OUT_MAX], bool *changed);

/*
 * kr_scalar_type_v2() - the type yaml.v2 (YAML 1.1) gives the plain scalar
 * @s/@n: bool for y/yes/on/off..., ints with 0x/0b/0o/leading 0/_ and sign,
 * floats incl. .5, 1e3, .inf, .nan. Timestamps and base-60 numbers (1:20)
 * are KR_SCALAR_STR: yaml.v2 decodes both as strings (kubectl accepts
 * `namePrefix: 1:20`). Used to type-check kustomization.yaml fields.
 */
enum kr_scalar_type kr_scalar_type_v2(const char *s, size_t n);

/* kr_scalar_bool_v2() - 1 or 0 for a plain scalar yaml.v2 reads as true or false (yes, On, ...), else -1. */
int kr_scalar_bool_v2(const char *s, size_t n);

/*
 * kr_scalar_needs_quotes_v2() - true when yaml.v2's encoder would write the
 * string @s/@n double-quoted because, written plain, it would read back as a
 * non-string under YAML 1.1: null/bool/int/float spellings, base-60 numbers,
 * timestamps with a 4-digit year (encoder.stringv in go-yaml v2).
 */
bool kr_scalar_needs_quotes_v2(const char *s, size_t n);

/*
 * kr_json_format_float() - the text encoding/json followed by yaml.v2 gives a
 * float64 that survived from the input. JSON writes an integral v with
 * |v| < 1e21 as its shortest round-trip digits padded with zeros; when that
 * number fits int64 (v < 0) or uint64, yaml.v2 re-reads it as an integer and
 * it is printed so (-0.0 -> "0", 2^63 -> "9223372036854776000"). Otherwise
 * Go's strconv.FormatFloat(v, 'g', -1, 64): shortest digits that round-trip,
 * exponent form iff the decimal exponent is < -4 or >= 6, exponent written
 * with a sign and at least two digits (1e-05, 1.2345675e+06, 1e+21,
 * -2^63 -> -9.223372036854776e+18). Infinities and NaN give "+Inf", "-Inf",
 * "NaN". Returns the length written to @out (NUL-terminated).
 */
size_t kr_json_format_float(double v, char out[KR_SCALAR_OUT_MAX]);

/*
 * kr_key_compare_v2() - yaml.v2's keyList.Less turned into a three-way
 * compare of two UTF-8 strings: < 0 when @a sorts first. Not transitive on
 * every key set (kustomize.md 3.2); callers sort with a stable merge sort.
 */
int kr_key_compare_v2(const char *a, size_t an, const char *b, size_t bn);

#endif
