/*
 * duration.c - Go durations: parsed as time.ParseDuration does (a sign,
 * then numbers with optional fractions, each with a unit ns us µs ms s m
 * h; "0" alone), printed as time.Duration.String() does: under a second
 * with the largest of ns, µs, ms that keeps a non-zero integer part
 * ("1.5ms"), else hours, minutes and seconds ("1h30m0s", "1.5s"). Values
 * are int64 nanoseconds; overflow is not a duration.
 */
#include "diff/duration.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	uint64_t ns;
} units[] = {{"ns", 1}, {"us", 1000}, {"\xc2\xb5s", 1000}, {"\xce\xbcs", 1000}, {"ms", 1000000},
	     {"s", 1000000000ULL}, {"m", 60000000000ULL}, {"h", 3600000000000ULL}};

static bool parse(const char *s, size_t n, bool *neg, uint64_t *total)
{
	size_t i = 0;

	*neg = false;
	*total = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		*neg = s[i++] == '-';
	if (i == n)
		return false;
	if (n - i == 1 && s[i] == '0')
		return true;
	while (i < n) {
		uint64_t whole = 0, frac = 0, scale = 1;
		bool digits = false;
		size_t u, best = 0, bestlen = 0;

		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits = true) {
			if (whole > (UINT64_MAX - 9) / 10)
				return false;
			whole = whole * 10 + (uint64_t)(s[i] - '0');
		}
		if (i < n && s[i] == '.')
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits = true)
				if (scale < 1000000000000000000ULL)
					frac = frac * 10 + (uint64_t)(s[i] - '0'), scale *= 10;
		if (!digits)
			return false;
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			size_t len = strlen(units[u].name);
			if (len <= n - i && memcmp(s + i, units[u].name, len) == 0 && len > bestlen)
				best = u, bestlen = len;
		}
		if (!bestlen)
			return false;
		i += bestlen;
		if (whole && units[best].ns > UINT64_MAX / whole)
			return false;
		whole *= units[best].ns;
		/* fraction * unit / scale, without overflow for the units above */
		whole += (uint64_t)((long double)frac * (long double)units[best].ns / (long double)scale);
		if (whole > (uint64_t)INT64_MAX || *total > (uint64_t)INT64_MAX - whole)
			return false;
		*total += whole;
	}
	return true;
}

/* "v" with up to @prec decimals of @v / 10^prec, trailing zeros cut */
bool kr_duration_parse(const char *s, double *seconds)
{
	uint64_t ns;
	bool neg;

	if (!parse(s, strlen(s), &neg, &ns) || neg)
		return false;
	*seconds = (double)ns / 1e9;
	return true;
}

static int fixed(char *out, size_t cap, uint64_t v, int prec)
{
	uint64_t div = 1;
	char frac[32];
	int i, len;

	for (i = 0; i < prec; i++)
		div *= 10;
	len = snprintf(frac, sizeof(frac), "%0*llu", prec, (unsigned long long)(v % div));
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = '\0';
	return snprintf(out, cap, "%llu%s%s", (unsigned long long)(v / div), len ? "." : "", frac);
}

bool kr_duration_canonical(const char *s, size_t n, char *out, size_t cap)
{
	bool neg;
	uint64_t d;
	size_t off;

	if (!parse(s, n, &neg, &d))
		return false;
	if (d == 0) {
		snprintf(out, cap, "0s");
		return true;
	}
	off = (size_t)snprintf(out, cap, "%s", neg ? "-" : "");
	if (d < 1000) {
		snprintf(out + off, cap - off, "%lluns", (unsigned long long)d);
	} else if (d < 1000000) {
		off += (size_t)fixed(out + off, cap - off, d, 3);
		snprintf(out + off, cap - off, "\xc2\xb5s");
	} else if (d < 1000000000ULL) {
		off += (size_t)fixed(out + off, cap - off, d, 6);
		snprintf(out + off, cap - off, "ms");
	} else {
		uint64_t h = d / 3600000000000ULL, m = d / 60000000000ULL % 60, ns = d % 60000000000ULL;

		if (h)
			off += (size_t)snprintf(out + off, cap - off, "%lluh", (unsigned long long)h);
		if (h || m)
			off += (size_t)snprintf(out + off, cap - off, "%llum", (unsigned long long)m);
		off += (size_t)fixed(out + off, cap - off, ns, 9);
		snprintf(out + off, cap - off, "s");
	}
	return true;
}
