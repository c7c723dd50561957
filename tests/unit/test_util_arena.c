/* test_util_arena.c - the arena: alignment, budget, large blocks, strings. */
#include "unit.h"

static void test_alignment(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	int i;

	(void)state;
	for (i = 1; i < 100; i++) {
		void *p = kr_arena_alloc(a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	kr_arena_free(a);
}

static void test_budget_refuses(void **state)
{
	kr_arena *a = kr_arena_new(1000);

	(void)state;
	assert_non_null(kr_arena_alloc(a, 900));
	assert_null(kr_arena_alloc(a, 200));
	assert_true(kr_arena_used(a) <= 1000);
	kr_arena_free(a);
}

static void test_large_block_then_small(void **state)
{
	kr_arena *a = kr_arena_new((size_t)64 << 20);
	char *big, *small;

	(void)state;
	small = kr_arena_alloc(a, 10);
	big = kr_arena_alloc(a, 10 << 20);
	assert_non_null(big);
	memset(big, 'x', 10 << 20);
	small = kr_arena_alloc(a, 10);
	assert_non_null(small);
	kr_arena_free(a);
}

static void test_strings(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char *s;

	(void)state;
	s = kr_arena_memdup(a, "ab\0cd", 5);
	assert_memory_equal(s, "ab\0cd", 6);
	assert_string_equal(kr_arena_strdup(a, "hello"), "hello");
	assert_string_equal(kr_arena_sprintf(a, "%s-%d", "x", 42), "x-42");
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_budget_refuses),
		cmocka_unit_test(test_large_block_then_small),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests_name("util_arena", tests, NULL, NULL);
}
