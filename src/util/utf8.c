/*
 * utf8.c - well-formed UTF-8, as Go's utf8.Valid decides it: no overlong
 * forms, no surrogates, nothing past U+10FFFF, no truncated sequence.
 */
#include "util/utf8.h"

bool kr_utf8_valid(const void *bytes, size_t n)
{
	const unsigned char *s = bytes;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, len;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4;
		else
			return false;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += len;
	}
	return true;
}

/* the length of the valid UTF-8 sequence at @s (at most @n bytes), 0 if none, and its rune */
size_t kr_utf8_rune(const unsigned char *s, size_t n, unsigned long *r)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*r = s[0];
		return 1;
	}
	len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
	if (len == 0 || len > n || (len == 4 && s[0] > 0xF4))
		return 0;
	*r = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*r = (*r << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (*r < 0x800 || (*r >= 0xD800 && *r <= 0xDFFF))) || (len == 4 && (*r < 0x10000 || *r > 0x10FFFF)))
		return 0;
	return len;
}
