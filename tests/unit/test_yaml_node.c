/* test_yaml_node.c - building, querying, copying and comparing trees. */
#include "unit.h"

static void test_map_set_get_delete(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *m = kr_node_new_map(a);
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		char key[8];
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(kr_node_map_set(a, m, key, kr_node_new_str(a, "v")), 0);
	}
	assert_int_equal(m->len, 20);
	assert_int_equal(kr_node_map_set(a, m, "k3", kr_node_new_str(a, "new")), 0);
	assert_int_equal(m->len, 20);
	assert_true(kr_node_str_eq(kr_node_map_get(m, "k3"), "new"));
	assert_true(kr_node_map_delete(m, "k0"));
	assert_false(kr_node_map_delete(m, "k0"));
	assert_null(kr_node_map_get(m, "k0"));
	assert_int_equal(kr_node_map_index(m, "k1"), 0);
	kr_arena_free(a);
}

static void test_path_and_sequence(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "metadata: {labels: {app: web}}\nitems: [1, 2]\n", 0);
	const char *path[] = {"metadata", "labels", "app"};
	kr_node *items = kr_node_map_get(d, "items");

	(void)state;
	assert_true(kr_node_str_eq(kr_node_map_get_path(d, path, 3), "web"));
	assert_null(kr_node_map_get(items, "x")); /* not a mapping */
	assert_int_equal(kr_node_seq_append(a, items, kr_node_new_str(a, "3")), 0);
	assert_int_equal(items->len, 3);
	/* root, 2 keys, metadata map, labels key and map, app and web, seq and 3 items */
	assert_int_equal(kr_node_count(d), 12);
	kr_arena_free(a);
}

static void test_copy_is_deep_and_budgeted(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "a: {b: [1, {c: d}]}\n", 0);
	size_t budget = 100;
	kr_node *c = kr_node_copy(a, d, &budget);

	(void)state;
	assert_non_null(c);
	assert_true(kr_node_equal(c, d));
	assert_int_equal(budget, 100 - kr_node_count(d));
	kr_node_map_set(a, kr_node_map_get(c, "a"), "b", kr_node_new_str(a, "changed"));
	assert_false(kr_node_equal(c, d));
	budget = 3;
	assert_null(kr_node_copy(a, d, &budget));
	assert_int_equal(budget, 0);
	kr_arena_free(a);
}

static void test_equal_ignores_key_order_not_types(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);

	(void)state;
	assert_true(kr_node_equal(unit_load(a, "{a: 1, b: 2}", 0), unit_load(a, "{b: 2, a: 1}", 0)));
	assert_false(kr_node_equal(unit_load(a, "{a: 1}", 0), unit_load(a, "{a: \"1\"}", 0)));
	assert_false(kr_node_equal(unit_load(a, "[1, 2]", 0), unit_load(a, "[2, 1]", 0)));
	kr_arena_free(a);
}

static void test_depth_counts_collections_and_stops_early(void **state)
{
	kr_arena *a = kr_arena_new(64 << 20);
	kr_node *chain = kr_node_new_seq(a), *cur = chain;
	int i;

	(void)state;
	assert_int_equal(kr_node_depth(unit_load(a, "x", 0), 10), 0);
	assert_int_equal(kr_node_depth(unit_load(a, "{a: 1}", 0), 10), 1);
	assert_int_equal(kr_node_depth(unit_load(a, "{a: [1, {b: [2]}], c: {}}", 0), 10), 4);
	/* 100,000 levels: no recursion, and the walk stops past the limit */
	for (i = 1; i < 100000; i++) {
		kr_node *next = kr_node_new_seq(a);
		assert_int_equal(kr_node_seq_append(a, cur, next), 0);
		cur = next;
	}
	assert_int_equal(kr_node_depth(chain, 1000), 1001);
	assert_int_equal(kr_node_depth(chain, 200000), 100000);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_set_get_delete),
		cmocka_unit_test(test_path_and_sequence),
		cmocka_unit_test(test_copy_is_deep_and_budgeted),
		cmocka_unit_test(test_equal_ignores_key_order_not_types),
		cmocka_unit_test(test_depth_counts_collections_and_stops_early),
	};
	return cmocka_run_group_tests_name("yaml_node", tests, NULL, NULL);
}
