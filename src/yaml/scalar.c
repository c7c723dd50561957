/*
 * scalar.c - plain-scalar typing as go-yaml v3/v2 resolve it, and the text
 * encoding/json + yaml.v2 then print for it (kustomize.md 3.3, 3.4).
 *
 * One resolver mirrors resolve.go of both yaml.v2 and yaml.v3 (they differ
 * only in v2's extra y/yes/on/n/no/off booleans): a lookup table for the
 * null/bool/.inf/.nan spellings, then, for text starting with a digit or a
 * sign, time.Parse with the four layouts both versions accept, Go's
 * ParseInt/ParseUint (base 0, '_' removed), and ParseFloat behind the
 * yamlStyleFloat regexp; text starting with '.' gets ParseFloat directly.
 * Float values are computed by strtod() on a rewritten, decimal-point-free
 * copy (so LC_NUMERIC never matters) bounded to 800 significant digits plus
 * a sticky digit, which keeps strtod's correct rounding.
 *
 * Output follows Go: shortest round-trip digits (snprintf "%.*e" for 1..17
 * digits until strtod reads the value back, also trying the neighbour on
 * the far side of v, which can win next to a power of two; only the digits
 * of snprintf's output are used, so the radix character does not matter),
 * laid out as FormatFloat 'g' or as JSON's zero-padded integer text.
 *
 * Invariants: pure functions, no allocation, no locale dependence, no
 * global mutable state; every output fits KR_SCALAR_OUT_MAX.
 */
#include "yaml/scalar.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum rclass { R_STR, R_NULL, R_BOOL, R_INT, R_UINT, R_FLOAT, R_TIME };

struct tstamp {
	int year, mon, day, hour, min, sec;
	long nsec;
	int off_sec; /* east of UTC; 0 also for 'Z' and zone-less layouts */
};

struct rval {
	enum rclass cls;
	bool b;
	int64_t i;
	uint64_t u;
	double f;
	struct tstamp t;
};

static bool is_dig(int c)
{
	return c >= '0' && c <= '9';
}

static bool eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static bool in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (eq(s, n, *list))
			return true;
	return false;
}

/* ---- the resolve map ---------------------------------------------- */

static const char *const true_v3[] = { "true", "True", "TRUE", NULL };
static const char *const false_v3[] = { "false", "False", "FALSE", NULL };
static const char *const true_v2[] = { "y", "Y", "yes", "Yes", "YES",
				       "on", "On", "ON", NULL };
static const char *const false_v2[] = { "n", "N", "no", "No", "NO",
					"off", "Off", "OFF", NULL };
static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
static const char *const pinfs[] = { ".inf", ".Inf", ".INF", "+.inf",
				     "+.Inf", "+.INF", NULL };
static const char *const ninfs[] = { "-.inf", "-.Inf", "-.INF", NULL };

static bool map_lookup(const char *s, size_t n, bool v2, struct rval *rv)
{
	if (in_list(s, n, true_v3) || (v2 && in_list(s, n, true_v2))) {
		rv->cls = R_BOOL;
		rv->b = true;
	} else if (in_list(s, n, false_v3) || (v2 && in_list(s, n, false_v2))) {
		rv->cls = R_BOOL;
		rv->b = false;
	} else if (in_list(s, n, nulls)) {
		rv->cls = R_NULL;
	} else if (in_list(s, n, nans)) {
		rv->cls = R_FLOAT;
		rv->f = NAN;
	} else if (in_list(s, n, pinfs)) {
		rv->cls = R_FLOAT;
		rv->f = INFINITY;
	} else if (in_list(s, n, ninfs)) {
		rv->cls = R_FLOAT;
		rv->f = -INFINITY;
	} else {
		return false;
	}
	return true;
}

/* ---- time.Parse with yaml's four layouts ---------------------------- */

/* time.getnum: one or two digits (exactly two when @fixed). */
static bool getnum(const char *s, size_t n, size_t *i, bool fixed, int *v)
{
	if (*i >= n || !is_dig(s[*i]))
		return false;
	if (*i + 1 >= n || !is_dig(s[*i + 1])) {
		if (fixed)
			return false;
		*v = s[(*i)++] - '0';
		return true;
	}
	*v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return true;
}

static int days_in(int mon, int year)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31 };
	bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

	return mon == 2 && leap ? 29 : d[mon - 1];
}

/*
 * One layout: 0 "2006-1-2T15:4:5.999999999Z07:00", 1 the same with 't',
 * 2 "2006-1-2 15:4:5.999999999", 3 "2006-1-2".
 */
static bool parse_layout(const char *s, size_t n, int layout,
			 struct tstamp *t)
{
	size_t i = 4;

	memset(t, 0, sizeof(*t));
	t->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		  (s[2] - '0') * 10 + (s[3] - '0');
	if (i >= n || s[i++] != '-' || !getnum(s, n, &i, false, &t->mon) ||
	    t->mon < 1 || t->mon > 12)
		return false;
	if (i >= n || s[i++] != '-' || !getnum(s, n, &i, false, &t->day))
		return false;
	if (layout == 3)
		goto done;
	if (layout == 2) {
		/* a layout space matches one or more spaces (time.skip) */
		if (i < n && s[i] != ' ')
			return false;
		while (i < n && s[i] == ' ')
			i++;
	} else if (i >= n || s[i++] != (layout == 0 ? 'T' : 't')) {
		return false;
	}
	if (!getnum(s, n, &i, false, &t->hour) || t->hour >= 24)
		return false;
	if (i >= n || s[i++] != ':' || !getnum(s, n, &i, false, &t->min) ||
	    t->min >= 60)
		return false;
	if (i >= n || s[i++] != ':' || !getnum(s, n, &i, false, &t->sec) ||
	    t->sec >= 60)
		return false;
	/* fraction: any number of digits after '.' or ',', first 9 kept */
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_dig(s[i + 1])) {
		int nd = 0;

		for (i++; i < n && is_dig(s[i]); i++, nd++)
			if (nd < 9)
				t->nsec = t->nsec * 10 + (s[i] - '0');
		for (; nd < 9; nd++)
			t->nsec *= 10;
	}
	if (layout <= 1) {
		/* "Z07:00": 'Z', or [+-]hh:mm with hh <= 24 and mm <= 60 */
		size_t j = i + 1, k = i + 4;
		int hh, mm, off;

		if (i < n && s[i] == 'Z') {
			i++;
			goto done;
		}
		if (n - i < 6 || s[i + 3] != ':')
			return false;
		if (!getnum(s, n, &j, true, &hh) ||
		    !getnum(s, n, &k, true, &mm) || hh > 24 || mm > 60)
			return false;
		off = (hh * 60 + mm) * 60;
		if (s[i] == '-')
			off = -off;
		else if (s[i] != '+')
			return false;
		t->off_sec = off;
		i += 6;
	}
done:
	if (i != n)
		return false;
	return t->day >= 1 && t->day <= days_in(t->mon, t->year);
}

/* yaml's parseTimestamp: quick "YYYY-" check, then the layouts in order. */
static bool parse_timestamp(const char *s, size_t n, struct tstamp *t)
{
	size_t i = 0;

	while (i < n && is_dig(s[i]))
		i++;
	if (i != 4 || i == n || s[i] != '-')
		return false;
	for (int l = 0; l < 4; l++)
		if (parse_layout(s, n, l, t))
			return true;
	return false;
}

/*
 * time.Time.MarshalJSON's text (RFC 3339, nanoseconds with trailing zeros
 * removed). Returns the length, or 0 when Go refuses (offset hour >= 24).
 */
static size_t format_timestamp(const struct tstamp *t, char *out, size_t cap)
{
	int len = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", t->year,
			   t->mon, t->day, t->hour, t->min, t->sec);

	if (t->nsec) {
		char frac[10];
		int fl = 9;

		snprintf(frac, sizeof(frac), "%09ld", t->nsec);
		while (frac[fl - 1] == '0')
			fl--;
		len += snprintf(out + len, cap - len, ".%.*s", fl, frac);
	}
	if (t->off_sec == 0) {
		len += snprintf(out + len, cap - len, "Z");
	} else {
		int zone = (t->off_sec < 0 ? -t->off_sec : t->off_sec) / 60;

		if (zone / 60 >= 24)
			return 0;
		len += snprintf(out + len, cap - len, "%c%02d:%02d",
				t->off_sec < 0 ? '-' : '+', zone / 60,
				zone % 60);
	}
	return (size_t)len;
}

/* ---- numbers ------------------------------------------------------ */

/*
 * A view of the text with every '_' removed (yaml's "plain" string),
 * walked without copying.
 */
struct plain {
	const char *s;
	size_t n, i;
};

static int pl_peek(struct plain *p)
{
	while (p->i < p->n && p->s[p->i] == '_')
		p->i++;
	return p->i < p->n ? (unsigned char)p->s[p->i] : -1;
}

static int pl_get(struct plain *p)
{
	int c = pl_peek(p);

	if (c >= 0)
		p->i++;
	return c;
}

static size_t pl_count(struct plain p)
{
	size_t k = 0;

	while (pl_get(&p) >= 0)
		k++;
	return k;
}

/* strconv.ParseUint(plain, 0, 64) on the rest of @p. */
static bool go_parse_uint(struct plain p, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	int c;

	if (pl_peek(&p) < 0)
		return false;
	if (pl_peek(&p) == '0') {
		size_t len = pl_count(p);
		struct plain q = p;
		int c1;

		pl_get(&q);
		c1 = pl_peek(&q) | 0x20;
		base = 8;
		if (len >= 3 && (c1 == 'b' || c1 == 'o' || c1 == 'x')) {
			base = c1 == 'b' ? 2 : c1 == 'o' ? 8 : 16;
			pl_get(&q);
		}
		p = q;
	}
	while ((c = pl_get(&p)) >= 0) {
		unsigned d;

		if (is_dig(c))
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			d = (c | 0x20) - 'a' + 10;
		else
			return false;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

/* strconv.ParseInt(plain, 0, 64). */
static bool go_parse_int(struct plain p, int64_t *out)
{
	bool neg = false;
	uint64_t u;
	int c = pl_peek(&p);

	if (c == '+' || c == '-') {
		neg = c == '-';
		pl_get(&p);
	}
	if (!go_parse_uint(p, &u))
		return false;
	if (!neg && u > (uint64_t)INT64_MAX)
		return false;
	if (neg && u > (uint64_t)INT64_MAX + 1)
		return false;
	*out = neg ? (u ? -(int64_t)(u - 1) - 1 : 0) : (int64_t)u;
	return true;
}

static int pl_digits(struct plain *p)
{
	int k = 0;

	while (is_dig(pl_peek(p))) {
		pl_get(p);
		k++;
	}
	return k;
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(struct plain p)
{
	int c = pl_peek(&p);

	if (c == '+' || c == '-')
		pl_get(&p);
	if (pl_peek(&p) == '.') {
		pl_get(&p);
		if (!pl_digits(&p))
			return false;
	} else {
		if (!pl_digits(&p))
			return false;
		if (pl_peek(&p) == '.') {
			pl_get(&p);
			pl_digits(&p);
		}
	}
	c = pl_peek(&p);
	if (c == 'e' || c == 'E') {
		pl_get(&p);
		c = pl_peek(&p);
		if (c == '+' || c == '-')
			pl_get(&p);
		if (!pl_digits(&p))
			return false;
	}
	return pl_peek(&p) < 0;
}

/*
 * strconv.ParseFloat syntax for a decimal literal with Go's underscore
 * rules (underscoreOK): [+-] digits/'_' with one '.', at least one digit,
 * then optionally [eE][+-]digit(digit|'_')*. Hex, inf and nan never reach
 * here (the callers' text starts with '.' or passed yamlStyleFloat).
 */
static bool go_float_syntax(const char *s, size_t n)
{
	size_t i = 0;
	bool dot = false, digits = false, under = false;
	char saw = '^';

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n; i++) {
		if (s[i] == '_')
			under = true;
		else if (s[i] == '.' && !dot)
			dot = true;
		else if (is_dig(s[i]))
			digits = true;
		else
			break;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_dig(s[i]))
			return false;
		for (; i < n && (is_dig(s[i]) || s[i] == '_'); i++)
			under |= s[i] == '_';
	}
	if (i != n)
		return false;
	if (!under)
		return true;
	/* underscoreOK: each '_' between digits */
	i = (s[0] == '+' || s[0] == '-');
	for (; i < n; i++) {
		if (is_dig(s[i])) {
			saw = '0';
		} else if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
		} else {
			if (saw == '_')
				return false;
			saw = '!';
		}
	}
	return saw != '_';
}

#define MAX_SIG 800 /* > 767, the most digits a double's rounding needs */

/*
 * Value of a decimal float literal already known to be well-formed ('_'
 * ignored). Returns false on overflow (Go: ErrRange); underflow gives 0.
 */
static bool decimal_value(const char *s, size_t n, double *out)
{
	char buf[MAX_SIG + 40];
	size_t nd = 0, i = 0;
	long long dexp = 0, e = 0;
	bool neg = false, dot = false, sticky = false;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	buf[0] = '-';
	for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
		char c = s[i];

		if (c == '.') {
			dot = true;
		} else if (is_dig(c)) {
			if (nd == 0 && c == '0') {
				dexp -= dot;
			} else if (nd < MAX_SIG) {
				buf[1 + nd++] = c;
				dexp -= dot;
			} else {
				sticky |= c != '0';
				dexp += !dot;
			}
		}
	}
	if (i < n) {
		bool eneg = false;

		/* syntax already checked: '_' may sit anywhere, even before +/- */
		for (i++; i < n; i++) {
			if (s[i] == '-')
				eneg = true;
			else if (is_dig(s[i]) && e < 100000000)
				e = e * 10 + (s[i] - '0');
		}
		dexp += eneg ? -e : e;
	}
	if (nd == 0) {
		*out = neg ? -0.0 : 0.0;
		return true;
	}
	if (sticky) {
		buf[1 + nd++] = '1';
		dexp--;
	}
	if (dexp > 1000000)
		dexp = 1000000;
	else if (dexp < -1000000)
		dexp = -1000000;
	snprintf(buf + 1 + nd, sizeof(buf) - 1 - nd, "e%lld", dexp);
	*out = strtod(neg ? buf : buf + 1, NULL);
	return !isinf(*out);
}

/* ---- the resolver ------------------------------------------------- */

/*
 * yaml resolve() for an untagged plain scalar; @v2 adds YAML 1.1's extra
 * booleans. The first byte picks the "hint": sign, digit, '.', one of
 * yYnNtTfFoO~ (map only), or anything else (a string at once).
 */
static void resolve(const char *s, size_t n, bool v2, struct rval *rv)
{
	char hint = 'N'; /* empty text: only the map ("" is null) */
	struct plain p = { s, n, 0 };

	rv->cls = R_STR;
	if (n > 0) {
		unsigned char c = (unsigned char)s[0];

		if (c == '+' || c == '-')
			hint = 'S';
		else if (is_dig(c))
			hint = 'D';
		else if (c == '.')
			hint = '.';
		else if (c && strchr("yYnNtTfFoO~", c))
			hint = 'M';
		else
			return;
	}
	/* every word of the map (true, .inf, ~ ...) is at most 5 bytes */
	if (n <= 5 && map_lookup(s, n, v2, rv))
		return;
	if (hint == '.') {
		if (go_float_syntax(s, n) && decimal_value(s, n, &rv->f))
			rv->cls = R_FLOAT;
		return;
	}
	if (hint != 'D' && hint != 'S')
		return;
	if (parse_timestamp(s, n, &rv->t)) {
		rv->cls = R_TIME;
	} else if (go_parse_int(p, &rv->i)) {
		rv->cls = R_INT;
	} else if (go_parse_uint(p, &rv->u)) {
		rv->cls = R_UINT;
	} else if (yaml_style_float(p) && decimal_value(s, n, &rv->f)) {
		rv->cls = R_FLOAT;
	}
	/* the 0b/-0b/0o/-0o fallbacks accept nothing base 0 rejected */
}

/* yaml.v2 isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static bool is_base60(const char *s, size_t n)
{
	size_t i = 0;
	int groups = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n || !is_dig(s[i]))
		return false;
	while (i < n && (is_dig(s[i]) || s[i] == '_'))
		i++;
	while (i < n && s[i] == ':') {
		i++;
		if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && is_dig(s[i + 1]))
			i += 2;
		else if (i < n && is_dig(s[i]))
			i++;
		else
			return false;
		groups++;
	}
	if (!groups)
		return false;
	if (i < n && s[i] == '.')
		for (i++; i < n && (is_dig(s[i]) || s[i] == '_'); i++)
			;
	return i == n;
}

/* ---- Go float formatting ------------------------------------------ */

/*
 * Parse "%.*e" output: collect the digits before 'e' (whatever the
 * locale's radix character) and the exponent. Returns the digit count.
 */
static int split_e(const char *buf, char *dig, int *exp10)
{
	int nd = 0;
	const char *e = strchr(buf, 'e');

	for (const char *q = buf; q < e; q++)
		if (is_dig(*q))
			dig[nd++] = *q;
	*exp10 = atoi(e + 1);
	return nd;
}

/* Does dig[0..nd) x 10^(exp10-nd+1) read back as @v? */
static bool round_trips(const char *dig, int nd, int exp10, double v)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%.*se%d", nd, dig, exp10 - nd + 1);
	return strtod(buf, NULL) == v;
}

/* Add @delta (+1/-1) in the last of @nd digits; keeps nd digits. */
static void step_digits(char *dig, int nd, int *exp10, int delta)
{
	int k = nd - 1;

	if (delta > 0) {
		while (k >= 0 && dig[k] == '9')
			dig[k--] = '0';
		if (k >= 0) {
			dig[k]++;
		} else {
			dig[0] = '1';
			(*exp10)++;
		}
	} else {
		while (k >= 0 && dig[k] == '0')
			dig[k--] = '9';
		dig[k]--;
		if (dig[0] == '0') {
			memmove(dig, dig + 1, nd - 1);
			dig[nd - 1] = '9';
			(*exp10)--;
		}
	}
}

/*
 * Shortest digits that read back as @v (finite, > 0), nearest to @v among
 * them, as Go's strconv (Ryu) picks them. @exp10: exponent of dig[0].
 */
static int shortest_digits(double v, char dig[20], int *exp10)
{
	char buf[40];
	int nd = 0;

	for (int prec = 1; prec <= 17; prec++) {
		double back;
		char alt[20];
		int aexp;

		snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
		nd = split_e(buf, dig, exp10);
		if (round_trips(dig, nd, *exp10, v))
			return nd;
		/*
		 * Near a power of two the round-trip interval is lopsided; the
		 * neighbour on the other side of v may still read back.
		 */
		snprintf(buf, sizeof(buf), "%.*se%d", nd, dig, *exp10 - nd + 1);
		back = strtod(buf, NULL);
		memcpy(alt, dig, nd);
		aexp = *exp10;
		step_digits(alt, nd, &aexp, back < v ? 1 : -1);
		if (round_trips(alt, nd, aexp, v)) {
			memcpy(dig, alt, nd);
			*exp10 = aexp;
			return nd;
		}
	}
	return nd; /* 17 digits always round-trip */
}

/* Go FormatFloat(v, 'g', -1, 64) for finite v. */
static size_t format_g(double v, char *out)
{
	char dig[20];
	int nd, e, k = 0;

	if (signbit(v)) {
		out[k++] = '-';
		v = -v;
	}
	if (v == 0) {
		out[k++] = '0';
		out[k] = 0;
		return k;
	}
	nd = shortest_digits(v, dig, &e);
	if (e < -4 || e >= 6) {
		out[k++] = dig[0];
		if (nd > 1) {
			out[k++] = '.';
			memcpy(out + k, dig + 1, nd - 1);
			k += nd - 1;
		}
		k += sprintf(out + k, "e%c%02d", e < 0 ? '-' : '+',
			     e < 0 ? -e : e);
		return k;
	}
	if (e < 0) {
		out[k++] = '0';
		out[k++] = '.';
		for (int z = -1; z > e; z--)
			out[k++] = '0';
		memcpy(out + k, dig, nd);
		k += nd;
	} else {
		for (int d = 0; d <= e || d < nd; d++) {
			if (d == e + 1)
				out[k++] = '.';
			out[k++] = d < nd ? dig[d] : '0';
		}
	}
	out[k] = 0;
	return k;
}

/*
 * As kr_json_format_float(); *@integral tells whether it printed an int.
 * encoding/json writes |v| < 1e21 as FormatFloat(v, 'f', -1): the shortest
 * digits padded with zeros. yaml.v2 reads an integral text back as an
 * int64/uint64 when that *padded* number fits (so 2^63 prints as
 * 9223372036854776000 and -2^63 as -9.223372036854776e+18), else as a float.
 */
static size_t json_float(double v, char out[KR_SCALAR_OUT_MAX],
			 bool *integral)
{
	char dig[20];
	const char *lim;
	int nd, e, k = 0;
	bool neg = signbit(v);

	*integral = false;
	if (isnan(v))
		return (size_t)snprintf(out, KR_SCALAR_OUT_MAX, "NaN");
	if (isinf(v))
		return (size_t)snprintf(out, KR_SCALAR_OUT_MAX, "%cInf",
					neg ? '-' : '+');
	if (v == 0) {
		*integral = true;
		return (size_t)snprintf(out, KR_SCALAR_OUT_MAX, "0");
	}
	if (v != trunc(v) || fabs(v) >= 1e21)
		return format_g(v, out);
	nd = shortest_digits(fabs(v), dig, &e);
	if (neg)
		out[k++] = '-';
	for (int d = 0; d <= e; d++)
		out[k++] = d < nd ? dig[d] : '0';
	out[k] = 0;
	/* does the magnitude (e + 1 digits) fit int64 (neg) or uint64? */
	lim = neg ? "9223372036854775808" : "18446744073709551615";
	if ((size_t)e + 1 > strlen(lim) ||
	    ((size_t)e + 1 == strlen(lim) && strcmp(out + neg, lim) > 0))
		return format_g(v, out);
	*integral = true;
	return (size_t)k;
}

/* ---- public API --------------------------------------------------- */

size_t kr_json_format_float(double v, char out[KR_SCALAR_OUT_MAX])
{
	bool integral;

	return json_float(v, out, &integral);
}

int kr_scalar_resolve_v3(const char *s, size_t n, enum kr_scalar_type *type,
			 char out[KR_SCALAR_OUT_MAX], bool *changed)
{
	struct rval rv;
	bool integral;

	resolve(s, n, false, &rv);
	*changed = rv.cls != R_STR;
	switch (rv.cls) {
	case R_STR:
		*type = KR_SCALAR_STR;
		break;
	case R_NULL:
		*type = KR_SCALAR_NULL;
		snprintf(out, KR_SCALAR_OUT_MAX, "null");
		break;
	case R_BOOL:
		*type = KR_SCALAR_BOOL;
		snprintf(out, KR_SCALAR_OUT_MAX, "%s", rv.b ? "true" : "false");
		break;
	case R_INT:
		*type = KR_SCALAR_INT;
		snprintf(out, KR_SCALAR_OUT_MAX, "%" PRId64, rv.i);
		break;
	case R_UINT:
		*type = KR_SCALAR_INT;
		snprintf(out, KR_SCALAR_OUT_MAX, "%" PRIu64, rv.u);
		break;
	case R_FLOAT:
		json_float(rv.f, out, &integral);
		*type = integral ? KR_SCALAR_INT : KR_SCALAR_FLOAT;
		if (!isfinite(rv.f))
			return KR_SCALAR_EINF;
		break;
	case R_TIME:
		*type = KR_SCALAR_STR;
		if (!format_timestamp(&rv.t, out, KR_SCALAR_OUT_MAX)) {
			/* a caller ignoring the error keeps the original text */
			*changed = false;
			return KR_SCALAR_ETIME;
		}
		break;
	}
	return KR_SCALAR_OK;
}

int kr_scalar_bool_v2(const char *s, size_t n)
{
	struct rval rv;

	resolve(s, n, true, &rv);
	return rv.cls == R_BOOL ? rv.b : -1;
}

enum kr_scalar_type kr_scalar_type_v2(const char *s, size_t n)
{
	struct rval rv;

	resolve(s, n, true, &rv);
	switch (rv.cls) {
	case R_NULL:
		return KR_SCALAR_NULL;
	case R_BOOL:
		return KR_SCALAR_BOOL;
	case R_INT:
	case R_UINT:
		return KR_SCALAR_INT;
	case R_FLOAT:
		return KR_SCALAR_FLOAT;
	default:
		return KR_SCALAR_STR;
	}
}

bool kr_scalar_needs_quotes_v2(const char *s, size_t n)
{
	struct rval rv;

	resolve(s, n, true, &rv);
	return rv.cls != R_STR || is_base60(s, n);
}
