/* test_yaml_json.c - canonical JSON (encoding/json's bytes) and node hashes. */
#include "unit.h"
#include "util/buf.h"
#include "yaml/json.h"

static char *to_json(kr_arena *a, const char *yaml)
{
	kr_buf b;

	kr_buf_init(&b, 1 << 20);
	assert_int_equal(kr_json_write(&b, unit_load(a, yaml, KR_LOAD_RESOURCE)), 0);
	return kr_buf_take(&b, NULL);
}

static void test_sorted_compact(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char *j = to_json(a, "b: 1\na: [x, 2.50, true, null]\nB: {}\n");

	(void)state;
	assert_string_equal(j, "{\"B\":{},\"a\":[\"x\",2.5,true,null],\"b\":1}");
	free(j);
	kr_arena_free(a);
}

static void test_escapes_like_go(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char *j = to_json(a, "s: \"<a&b>\\t\\n\\\"\\\\\\x01\\u2028\"\n");

	(void)state;
	assert_string_equal(j, "{\"s\":\"\\u003ca\\u0026b\\u003e\\t\\n\\\"\\\\\\u0001\\u2028\"}");
	free(j);
	kr_arena_free(a);
}

static void test_hash_ignores_key_order(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	uint64_t h1, h2, h3;

	(void)state;
	assert_int_equal(kr_node_hash(unit_load(a, "a: 1\nb: [x]\n", 0), &h1), 0);
	assert_int_equal(kr_node_hash(unit_load(a, "b: [x]\na: 1\n", 0), &h2), 0);
	assert_int_equal(kr_node_hash(unit_load(a, "b: [x]\na: \"1\"\n", 0), &h3), 0);
	assert_true(h1 == h2);
	assert_true(h1 != h3);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_compact),
		cmocka_unit_test(test_escapes_like_go),
		cmocka_unit_test(test_hash_ignores_key_order),
	};
	return cmocka_run_group_tests_name("yaml_json", tests, NULL, NULL);
}
