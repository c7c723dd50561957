/* test_kustomize_kustomization.c - decoding kustomization.yaml and its errors. */
#include "unit.h"
#include "kustomize/kustomization.h"

static int parse(kr_arena *a, const char *text, kr_kustomization *k, kr_err *e)
{
	kr_node *root = unit_load(a, text, 0);

	kr_err_clear(e);
	return kr_kustomization_parse(k, a, root, "/r", "kustomization.yaml", NULL, e);
}

static void test_resources_then_bases(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_kustomization k;
	kr_err e;

	(void)state;
	assert_int_equal(parse(a, "bases: [b]\nresources: [r1, r2]\n", &k, &e), 0);
	assert_int_equal(k.n_resources, 3);
	assert_string_equal(k.resources[0].path, "r1");
	assert_string_equal(k.resources[2].path, "b");
	kr_arena_free(a);
}

static void test_errors_worded_like_kustomize(void **state)
{
	static const char *const cases[][2] = {
		{"namePrefx: a\n", "invalid Kustomization: json: unknown field \"namePrefx\""},
		{"resources: base\n", "invalid Kustomization: json: cannot unmarshal string into Go "
				      "struct field Kustomization.resources of type []string"},
		{"resources: [1]\n", "invalid Kustomization: json: cannot unmarshal number into Go "
				     "struct field Kustomization.resources of type string"},
		{"resources: [yes]\n", "invalid Kustomization: json: cannot unmarshal bool into Go "
				       "struct field Kustomization.resources of type string"},
		{"apiVersion: v1\nkind: Kustomization\n", "kustomization.yaml is empty"},
		{"kind: Foo\nresources: []\n", "kind should be Kustomization or Component"},
		{"apiVersion: v1\nresources: []\n",
		 "apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1"},
		{"sortOptions: {order: random}\n", "the field 'sortOptions.order' must be one of [fifo, legacy]"},
		{"sortOptions: {order: fifo, legacySortOptions: {orderFirst: [A]}}\n",
		 "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'"},
		{"validators: 5\n", "json: cannot unmarshal number into Go struct field Kustomization.validators of type []string"},
	};
	kr_arena *a = kr_arena_new(1 << 20);
	kr_kustomization k;
	kr_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(parse(a, cases[i][0], &k, &e) < 0);
		if (!strstr(e.msg, cases[i][1]))
			fail_msg("case %zu: got '%s'", i, e.msg);
	}
	kr_arena_free(a);
}

static void test_sort_options(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_kustomization k;
	kr_err e;

	(void)state;
	assert_int_equal(parse(a,
			       "resources: []\nsortOptions:\n  order: legacy\n  legacySortOptions:\n"
			       "    orderFirst: [Secret]\n    orderLast: [Namespace, Pod]\n",
			       &k, &e),
			 0);
	assert_true(k.has_sort);
	assert_false(k.sort.fifo);
	assert_true(k.sort.custom);
	assert_int_equal(k.sort.n_first, 1);
	assert_int_equal(k.sort.n_last, 2);
	assert_string_equal(k.sort.order_last[1], "Pod");
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resources_then_bases),
		cmocka_unit_test(test_errors_worded_like_kustomize),
		cmocka_unit_test(test_sort_options),
	};
	return cmocka_run_group_tests_name("kustomize_kustomization", tests, NULL, NULL);
}
