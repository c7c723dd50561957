/*
 * keysort.c - go-yaml v2's map key order (sorter.go keyList.Less) for
 * string keys, as kustomize's final yaml.v2 emitter applies it.
 *
 * Both keys are decoded to runes the way Go's []rune(string) does (every
 * byte of an invalid UTF-8 sequence becomes U+FFFD). At the first rune
 * where they differ:
 *   1. two letters compare by code point;
 *   2. a letter and a non-letter: the non-letter sorts first;
 *   3. otherwise the digit runs starting there are read as int64 numbers
 *      (Go arithmetic: n*10 + (rune - '0'), wrapping on overflow, so a
 *      non-ASCII digit counts as rune - 0x30; a run that does not start
 *      with a digit is 0). When either rune is '0' and the common prefix
 *      ends in a digit run holding a digit other than '0', both numbers
 *      start at 1 instead of 0 ("inside a number" zeros). Smaller number
 *      first, then the shorter run, then the smaller code point.
 * When one key is a prefix of the other (in runes) the shorter sorts first.
 *
 * Invariants: pure, no allocation, no locale, no global mutable state.
 * The relation is not transitive on every key set (e.g. "1a" < "9" <
 * "10" < "1a"); callers must not rely on it being a total order.
 *
 * Letter approximation: Go uses unicode.IsLetter (categories L*, Unicode
 * 15). Here ASCII and Latin-1 are exact, and above U+00FF only the common
 * scripts in letter_ranges[] are known (Latin extended, IPA, modifier
 * letters, Greek, Cyrillic, Armenian, Hebrew, Arabic, kana, CJK
 * ideographs incl. extensions A and B, Hangul syllables, half/full-width
 * forms); within those blocks the table is exact. Letters of other scripts
 * (Devanagari, Thai, Georgian, Ethiopic, ...) are treated as non-letters,
 * which only matters when such a key differs from another key at a
 * position where exactly one of the two runes is a letter.
 * Digits (unicode.IsDigit, category Nd) are exact for Unicode 15.
 */
#include "yaml/scalar.h"

#include <stdint.h>

#define RUNE_ERROR 0xFFFDu

struct range32 {
	uint32_t lo, hi;
};

/* Letters (L*) above U+007F for the scripts listed in the header comment. */
static const struct range32 letter_ranges[] = {
	/* Latin-1, Latin Extended-A/B, IPA, spacing modifier letters */
	{ 0x00AA, 0x00AA }, { 0x00B5, 0x00B5 }, { 0x00BA, 0x00BA },
	{ 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x02C1 },
	{ 0x02C6, 0x02D1 }, { 0x02E0, 0x02E4 }, { 0x02EC, 0x02EC },
	{ 0x02EE, 0x02EE },
	/* Greek and Coptic, Cyrillic, Cyrillic Supplement */
	{ 0x0370, 0x0374 }, { 0x0376, 0x0377 }, { 0x037A, 0x037D },
	{ 0x037F, 0x037F }, { 0x0386, 0x0386 }, { 0x0388, 0x038A },
	{ 0x038C, 0x038C }, { 0x038E, 0x03A1 }, { 0x03A3, 0x03F5 },
	{ 0x03F7, 0x0481 }, { 0x048A, 0x052F },
	/* Armenian */
	{ 0x0531, 0x0556 }, { 0x0559, 0x0559 }, { 0x0560, 0x0588 },
	/* Hebrew */
	{ 0x05D0, 0x05EA }, { 0x05EF, 0x05F2 },
	/* Arabic */
	{ 0x0620, 0x064A }, { 0x066E, 0x066F }, { 0x0671, 0x06D3 },
	{ 0x06D5, 0x06D5 }, { 0x06E5, 0x06E6 }, { 0x06EE, 0x06EF },
	{ 0x06FA, 0x06FC }, { 0x06FF, 0x06FF },
	/* Latin Extended Additional, Greek Extended */
	{ 0x1E00, 0x1F15 }, { 0x1F18, 0x1F1D }, { 0x1F20, 0x1F45 },
	{ 0x1F48, 0x1F4D }, { 0x1F50, 0x1F57 }, { 0x1F59, 0x1F59 },
	{ 0x1F5B, 0x1F5B }, { 0x1F5D, 0x1F5D }, { 0x1F5F, 0x1F7D },
	{ 0x1F80, 0x1FB4 }, { 0x1FB6, 0x1FBC }, { 0x1FBE, 0x1FBE },
	{ 0x1FC2, 0x1FC4 }, { 0x1FC6, 0x1FCC }, { 0x1FD0, 0x1FD3 },
	{ 0x1FD6, 0x1FDB }, { 0x1FE0, 0x1FEC }, { 0x1FF2, 0x1FF4 },
	{ 0x1FF6, 0x1FFC },
	/* Hiragana, Katakana */
	{ 0x3041, 0x3096 }, { 0x309D, 0x309F }, { 0x30A1, 0x30FA },
	{ 0x30FC, 0x30FF },
	/* CJK Unified Ideographs Extension A, CJK Unified Ideographs */
	{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	/* Hangul syllables */
	{ 0xAC00, 0xD7A3 },
	/* Halfwidth and Fullwidth Forms */
	{ 0xFF21, 0xFF3A }, { 0xFF41, 0xFF5A }, { 0xFF66, 0xFFBE },
	{ 0xFFC2, 0xFFC7 }, { 0xFFCA, 0xFFCF }, { 0xFFD2, 0xFFD7 },
	{ 0xFFDA, 0xFFDC },
	/* CJK Unified Ideographs Extension B */
	{ 0x20000, 0x2A6DF },
};

/* The zero of every block of ten decimal digits (Nd) above U+00FF. */
static const uint32_t digit_zeros[] = {
	0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66,
	0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20,
	0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
	0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
	0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0,
	0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
	0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50,
	0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
	0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int is_letter(uint32_t c)
{
	size_t lo = 0, hi = ARRAY_SIZE(letter_ranges);

	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < letter_ranges[mid].lo)
			hi = mid;
		else if (c > letter_ranges[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int is_digit(uint32_t c)
{
	size_t lo = 0, hi = ARRAY_SIZE(digit_zeros);

	if (c <= 0xFF)
		return c >= '0' && c <= '9';
	/* find the last zero <= c */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (digit_zeros[mid] <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && c - digit_zeros[lo - 1] < 10;
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Decode one rune at @s (@n > 0 bytes left) like Go's utf8.DecodeRune:
 * invalid, overlong, surrogate or out-of-range sequences give U+FFFD and
 * consume one byte. Returns the number of bytes consumed.
 */
static size_t decode_rune(const unsigned char *s, size_t n, uint32_t *r)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	uint32_t v;

	if (c < 0x80) {
		*r = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*r = RUNE_ERROR;
		return 1;
	}
	if (n < len || s[1] < lo || s[1] > hi) {
		*r = RUNE_ERROR;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if (!is_cont(s[i])) {
			*r = RUNE_ERROR;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*r = v;
	return len;
}

/* Go's int64 "<" on two wrapped uint64 values. */
static int int64_less(uint64_t a, uint64_t b)
{
	return (a ^ UINT64_C(0x8000000000000000)) <
	       (b ^ UINT64_C(0x8000000000000000));
}

/*
 * Read the digit run at @s/@n: accumulate it into *@num (already holding
 * the starting value) the way Go does and return its length in runes.
 */
static size_t digit_run(const unsigned char *s, size_t n, uint64_t *num)
{
	size_t runes = 0, off = 0;
	uint32_t r;

	while (off < n) {
		size_t l = decode_rune(s + off, n - off, &r);

		if (!is_digit(r))
			break;
		*num = *num * 10 + (uint64_t)(r - '0');
		off += l;
		runes++;
	}
	return runes;
}

/* keyList.Less for two string keys. */
static int is_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int less_v2(const unsigned char *a, size_t an, const unsigned char *b,
		   size_t bn)
{
	size_t ai = 0, bi = 0;
	int nonzero_run = 0; /* common prefix ends in digits, one not '0' */

	while (ai < an && bi < bn) {
		uint32_t ra, rb;
		size_t la = decode_rune(a + ai, an - ai, &ra);
		size_t lb = decode_rune(b + bi, bn - bi, &rb);
		int al, bl;
		uint64_t anum = 0, bnum = 0;
		size_t arun, brun;

		if (ra == rb) {
			if (is_digit(ra))
				nonzero_run |= ra != '0';
			else
				nonzero_run = 0;
			ai += la;
			bi += lb;
			continue;
		}
		al = is_letter(ra);
		bl = is_letter(rb);
		if (al && bl)
			return ra < rb;
		if (al || bl)
			return bl;
		if ((ra == '0' || rb == '0') && nonzero_run) {
			anum = 1;
			bnum = 1;
		}
		arun = digit_run(a + ai, an - ai, &anum);
		brun = digit_run(b + bi, bn - bi, &bnum);
		if (anum != bnum)
			return int64_less(anum, bnum);
		if (arun != brun)
			return arun < brun;
		return ra < rb;
	}
	/* one is a prefix of the other: compare rune counts of the rest */
	return ai >= an && bi < bn;
}

int kr_key_compare_v2(const char *a, size_t an, const char *b, size_t bn)
{
	const unsigned char *ua = (const unsigned char *)a;
	const unsigned char *ub = (const unsigned char *)b;
	size_t i = 0, n = an < bn ? an : bn;

	/*
	 * Fast path for the common case: an ASCII prefix, then either the end
	 * of one key (the shorter sorts first) or two ASCII letters (code
	 * point order). Digits and non-ASCII take the full comparison.
	 */
	while (i < n && ua[i] == ub[i] && ua[i] < 0x80)
		i++;
	if (i == n && (i == an || ua[i] < 0x80) && (i == bn || ub[i] < 0x80))
		return an == bn ? 0 : (an < bn ? -1 : 1);
	if (i < n && ua[i] < 0x80 && ub[i] < 0x80 && is_ascii_letter(ua[i]) && is_ascii_letter(ub[i]))
		return ua[i] < ub[i] ? -1 : 1;
	if (less_v2(ua, an, ub, bn))
		return -1;
	if (less_v2(ub, bn, ua, an))
		return 1;
	return 0;
}
