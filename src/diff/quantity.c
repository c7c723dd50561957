/*
 * quantity.c - canonical Kubernetes quantities.
 *
 * A quantity is digits with an optional fraction and one suffix: decimal SI
 * (n u m "" k M G T P E), binary SI (Ki Mi Gi Ti Pi Ei) or an exponent
 * (e3). apimachinery keeps the suffix's format and prints the value with
 * the largest unit that keeps it a whole number: 0.1 -> 100m, 1000m -> 1,
 * 1024Mi -> 1Gi; binary values below 1024 or not whole print as decimal.
 * Values finer than 1n round up to 1n, as apimachinery does. Arithmetic is
 * in 128 bits; anything that would overflow is left as written.
 */
#include "diff/quantity.h"

#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

enum format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT };

#define U128_MAX (~(u128)0)

static bool mul_ok(u128 *v, u128 by)
{
	if (by && *v > U128_MAX / by)
		return false;
	*v *= by;
	return true;
}

static int decimal_suffix(const char *s, size_t n)
{
	static const char *const names[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return (int)i * 3 - 9;
	return 100;
}

static int binary_suffix(const char *s, size_t n)
{
	static const char letters[] = "KMGTPE";
	const char *p;

	if (n != 2 || s[1] != 'i' || !(p = strchr(letters, s[0])) || !s[0])
		return 0;
	return (int)(p - letters) + 1;
}

static void print_u128(char *buf, size_t cap, bool neg, u128 v, const char *suffix)
{
	char digits[48];
	size_t i = sizeof(digits);

	digits[--i] = '\0';
	do {
		digits[--i] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	snprintf(buf, cap, "%s%s%s", neg ? "-" : "", digits + i, suffix);
}

/* value = m * 10^e, printed with an exponent that is a multiple of 3 */
static bool print_decimal(u128 m, int e, bool neg, enum format f, char *out, size_t cap)
{
	static const char *const names[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
	char suffix[16];
	int e3;

	if (m == 0) {
		snprintf(out, cap, "0");
		return true;
	}
	while (m % 10 == 0)
		m /= 10, e++;
	e3 = e >= 0 ? e / 3 * 3 : -((-e + 2) / 3 * 3);
	if (f != DECIMAL_EXPONENT && e3 > 18)
		e3 = 18;
	for (; e > e3; e--)
		if (!mul_ok(&m, 10))
			return false;
	if (f == DECIMAL_EXPONENT && e3)
		snprintf(suffix, sizeof(suffix), "e%d", e3);
	else if (f == DECIMAL_EXPONENT)
		suffix[0] = '\0';
	else
		snprintf(suffix, sizeof(suffix), "%s", names[(e3 + 9) / 3]);
	print_u128(out, cap, neg, m, suffix);
	return true;
}

/* value = m * 10^e * 1024^bin: binary units when whole and at least 1024 */
static bool print_binary(u128 m, int e, int bin, bool neg, char *out, size_t cap)
{
	static const char *const names[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
	u128 v = m, unit = 1;
	int k, j;

	for (k = 0; k < bin * 10; k++)
		if (!mul_ok(&v, 2))
			return false;
	if (e < 0) {
		u128 p = 1;
		for (k = e; k < 0; k++)
			if (!mul_ok(&p, 10))
				return false;
		if (v % p) /* not whole: the same value in decimal */
			return print_decimal(v, e, neg, DECIMAL_SI, out, cap);
		v /= p;
	}
	for (k = 0; k < e; k++)
		if (!mul_ok(&v, 10))
			return false;
	if (v < 1024)
		return print_decimal(v, 0, neg, DECIMAL_SI, out, cap);
	for (j = 0; j < 6 && v % (unit * 1024) == 0; j++)
		unit *= 1024;
	print_u128(out, cap, neg, v / unit, names[j]);
	return true;
}

bool kr_quantity_canonical(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, frac = 0;
	bool neg = false, digits = false, point = false;
	u128 m = 0;
	int e, bin = 0;
	enum format f = DECIMAL_SI;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)); i++) {
		if (s[i] == '.') {
			point = true;
			continue;
		}
		digits = true;
		if (!mul_ok(&m, 10) || m + (u128)(s[i] - '0') < m)
			return false;
		m += (u128)(s[i] - '0');
		frac += point;
	}
	if (!digits || frac > 30)
		return false;
	e = -(int)frac;
	if (i < n && (s[i] == 'e' || s[i] == 'E') && i + 1 < n) {
		int x = 0, sign = 1;
		size_t j = i + 1;

		if (s[j] == '+' || s[j] == '-')
			sign = s[j++] == '-' ? -1 : 1;
		if (j == n)
			return false;
		for (; j < n; j++) {
			if (s[j] < '0' || s[j] > '9' || x > 1000)
				return false;
			x = x * 10 + (s[j] - '0');
		}
		e += sign * x;
		f = DECIMAL_EXPONENT;
	} else if ((bin = binary_suffix(s + i, n - i)) > 0) {
		f = BINARY_SI;
	} else {
		int d = decimal_suffix(s + i, n - i);
		if (d == 100)
			return false;
		e += d;
	}
	if (e < -9) { /* finer than nano: round up to 1n steps */
		u128 scale = 1;
		int k;
		for (k = e; k < -9; k++)
			if (!mul_ok(&scale, 10))
				return false;
		m = m / scale + (m % scale != 0);
		e = -9;
	}
	if (f == BINARY_SI)
		return print_binary(m, e, bin, neg, out, cap);
	return print_decimal(m, e, neg, f, out, cap);
}
