/*
 * test_yaml_keysort.c - unit tests for src/yaml/keysort.c, go-yaml v2's
 * map key order as `kubectl kustomize` (kustomize v5.5.0) prints it.
 *
 * Expected orders come from emitter-fixtures/tricky.kustomize.yaml,
 * kustomize.md 3.2, yaml-and-libraries.md 2.3(a), or a kubectl run (noted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "yaml/scalar.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int cmp(const char *a, const char *b)
{
	return kr_key_compare_v2(a, strlen(a), b, strlen(b));
}

static void assert_before(const char *a, const char *b)
{
	if (cmp(a, b) >= 0 || cmp(b, a) <= 0)
		fail_msg("'%s' should sort before '%s'", a, b);
}

/* Every pair of @keys (expected order) compares consistently. */
static void check_order(const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(cmp(keys[i], keys[i]), 0);
		for (size_t j = i + 1; j < n; j++)
			assert_before(keys[i], keys[j]);
	}
}

/* Stable insertion sort of @n keys given in reverse, must give @want. */
static void check_sort(const char *const *want, size_t n)
{
	const char *v[64];

	assert_true(n <= ARRAY_SIZE(v));
	for (size_t i = 0; i < n; i++)
		v[i] = want[n - 1 - i];
	for (size_t i = 1; i < n; i++) {
		const char *x = v[i];
		size_t j = i;

		for (; j > 0 && cmp(x, v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i], want[i]);
}

/* tricky.kustomize.yaml `keys:` minus the non-transitive "9" "10" "1a" */
static const char *const tricky_keys[] = {
	"", "#x", "-", "-x", "_a", "{x}", "1.0", "A", "App", "B", "Z", "a",
	"a-b", "a.b", "a/b", "a: b", "a_b", "a1", "a2", "a02", "a9b", "a10",
	"aa", "ab1c", "ab1d", "ab01c", "app", "app.kubernetes.io/name", "b",
	"key with space", "multi\nline", "null", "true", "x99", "x099",
	"x100", "yes", "z", "\303\251" /* é */,
};

static void test_tricky_fixture_order(void **state)
{
	(void)state;
	check_order(tricky_keys, ARRAY_SIZE(tricky_keys));
	check_sort(tricky_keys, ARRAY_SIZE(tricky_keys));
}

static void test_tricky_fixture_trio_neighbours(void **state)
{
	(void)state;
	/* where "9", "10", "1a" sit relative to the rest of the fixture */
	assert_before("1.0", "9");
	assert_before("1.0", "10");
	assert_before("{x}", "1a");
	assert_before("1a", "A");
	assert_before("10", "A");
}

/* yaml-and-libraries.md 2.3(a): 1a < 9 < 10 < 1a */
static void test_trio_is_a_cycle(void **state)
{
	(void)state;
	assert_before("1a", "9");
	assert_before("9", "10");
	assert_before("10", "1a");
}

/* kustomize.md 3.2: a1b, a9, a11 form a cycle too */
static void test_a1b_a9_a11_cycle(void **state)
{
	(void)state;
	assert_before("a1b", "a9");
	assert_before("a9", "a11");
	assert_before("a11", "a1b");
}

/* kustomize.md 3.2, kubectl: input zeta alpha a10 a9 a_b aB a-b A _x */
static void test_spec_annotation_example(void **state)
{
	static const char *const k[] = {
		"_x", "A", "a-b", "a_b", "a9", "a10", "aB", "alpha", "zeta",
	};

	(void)state;
	check_order(k, ARRAY_SIZE(k));
	check_sort(k, ARRAY_SIZE(k));
}

static void test_k8s_top_level_keys_plain_order(void **state)
{
	static const char *const k[] = {
		"apiVersion", "data", "kind", "metadata", "spec", "status",
		"type",
	};

	(void)state;
	check_order(k, ARRAY_SIZE(k));
}

static void test_upper_before_lower_letters(void **state)
{
	static const char *const k[] = { "NO", "Y", "base60" };

	(void)state;
	check_order(k, ARRAY_SIZE(k));
}

static void test_digit_runs_compare_numerically(void **state)
{
	(void)state;
	assert_before("a9", "a10");
	assert_before("a9b", "a10");
	assert_before("a1", "a2");
}

static void test_equal_numbers_shorter_run_first(void **state)
{
	(void)state;
	assert_before("a2", "a02");
	assert_before("x99", "x099");
	assert_before("x099", "x100");
	/* zeros inside a number: ab1c < ab1d < ab01c */
	assert_before("ab1c", "ab1d");
	assert_before("ab1d", "ab01c");
}

static void test_non_letter_before_letter(void **state)
{
	(void)state;
	assert_before("_a", "A");
	assert_before("{x}", "A");
	assert_before("a-b", "aB");
	assert_before("a: b", "a_b");
	assert_before("1.0", "A");
}

static void test_prefix_sorts_first(void **state)
{
	(void)state;
	assert_before("", "#x");
	assert_before("-", "-x");
	assert_before("a", "a-b");
	assert_before("app", "app.kubernetes.io/name");
}

static void test_equal_keys(void **state)
{
	(void)state;
	assert_int_equal(cmp("", ""), 0);
	assert_int_equal(cmp("a10", "a10"), 0);
	assert_int_equal(kr_key_compare_v2("ab", 1, "ac", 1), 0);
}

/*
 * kubectl (3 runs, same order): Unicode letters by code point after ASCII
 * letters, symbols and emoji as non-letters, and non-ASCII digits (Arabic-
 * Indic) read as digits worth rune - '0' (Go's arithmetic).
 */
static void test_unicode_kubectl_order(void **state)
{
	static const char *const k[] = {
		"_", "\303\227" /* × */, "\303\267" /* ÷ */,
		"\360\237\230\200" /* U+1F600 */, "a-",
		"a\360\237\230\200", "a4", "a5", "a\331\243" /* a٣ */,
		"a\331\240\331\251" /* a٠٩ */, "a\331\241\331\240" /* a١٠ */,
		"ab", "x\302\262" /* x² */, "x\302\263a" /* x³a */,
		"x\331\241" /* x١ */, "x\331\242b" /* x٢b */, "xa", "z",
		"\302\252" /* ª */, "\302\265" /* µ */, "\303\237" /* ß */,
		"\303\251" /* é */, "\304\200" /* Ā */, "\305\277" /* ſ */,
		"\307\205" /* ǅ */, "\312\260" /* ʰ */, "\316\251" /* Ω */,
		"\320\257" /* Я */, "\327\220" /* א */, "\330\247" /* ا */,
		"\343\202\242" /* ア */, "\346\227\245\346\234\254" /* 日本 */,
		"\355\225\234" /* 한 */, "\357\275\232" /* ｚ */,
	};

	(void)state;
	check_order(k, ARRAY_SIZE(k));
	check_sort(k, ARRAY_SIZE(k));
}

/* Go's []rune turns each invalid byte into U+FFFD (a non-letter). */
static void test_invalid_utf8_is_replacement_char(void **state)
{
	(void)state;
	assert_int_equal(cmp("\377", "\357\277\275"), 0);
	assert_int_equal(cmp("\355\240\200", "\357\277\275\357\277\275"
				"\357\277\275"), 0); /* a surrogate */
	assert_before("\377", "a");
	assert_before("a", "a\300\200");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tricky_fixture_order),
		cmocka_unit_test(test_tricky_fixture_trio_neighbours),
		cmocka_unit_test(test_trio_is_a_cycle),
		cmocka_unit_test(test_a1b_a9_a11_cycle),
		cmocka_unit_test(test_spec_annotation_example),
		cmocka_unit_test(test_k8s_top_level_keys_plain_order),
		cmocka_unit_test(test_upper_before_lower_letters),
		cmocka_unit_test(test_digit_runs_compare_numerically),
		cmocka_unit_test(test_equal_numbers_shorter_run_first),
		cmocka_unit_test(test_non_letter_before_letter),
		cmocka_unit_test(test_prefix_sorts_first),
		cmocka_unit_test(test_equal_keys),
		cmocka_unit_test(test_unicode_kubectl_order),
		cmocka_unit_test(test_invalid_utf8_is_replacement_char),
	};

	return cmocka_run_group_tests_name("yaml_keysort", tests, NULL, NULL);
}
