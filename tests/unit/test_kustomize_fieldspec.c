/* test_kustomize_fieldspec.c - field-spec matching and path walks. */
#include "unit.h"
#include "kustomize/fieldspec.h"

struct seen {
	int calls;
	int missing;
	char keys[8][64];
};

static int record(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct seen *s = ctx;

	(void)map;
	if (s->calls < 8)
		snprintf(s->keys[s->calls], sizeof(s->keys[0]), "%s", key);
	s->calls++;
	if (!value)
		s->missing++;
	return 0;
}

static void test_matches_with_wildcards(void **state)
{
	kr_resid id = {"apps", "v1", "Deployment", "web", ""};
	kr_fieldspec any = {"", "", "", "metadata/name", false};
	kr_fieldspec deploy = {"", "", "Deployment", "x", false};
	kr_fieldspec batch = {"batch", "", "Deployment", "x", false};

	(void)state;
	assert_true(kr_fieldspec_matches(&any, &id));
	assert_true(kr_fieldspec_matches(&deploy, &id));
	assert_false(kr_fieldspec_matches(&batch, &id));
}

static void test_walk_enters_sequences(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "spec: {containers: [{image: a}, {image: b}, {name: c}]}\n", 0);
	kr_fieldspec fs = {"", "", "", "spec/containers/image", false};
	struct seen s = {0};
	kr_err e;

	(void)state;
	assert_int_equal(kr_fieldspec_walk(a, d, &fs, record, &s, &e), 0);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.missing, 0);
	kr_arena_free(a);
}

static void test_create_makes_maps_and_calls_for_missing(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "kind: Service\nspec: {}\n", 0);
	kr_fieldspec fs = {"", "", "", "spec/selector/matchLabels", true};
	kr_fieldspec nocreate = {"", "", "", "metadata/labels", false};
	struct seen s = {0};
	kr_err e;

	(void)state;
	assert_int_equal(kr_fieldspec_walk(a, d, &fs, record, &s, &e), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.missing, 1);
	assert_non_null(kr_node_map_get(kr_node_map_get(d, "spec"), "selector"));
	memset(&s, 0, sizeof(s));
	assert_int_equal(kr_fieldspec_walk(a, d, &nocreate, record, &s, &e), 0);
	assert_int_equal(s.calls, 0);
	assert_null(kr_node_map_get(d, "metadata"));
	kr_arena_free(a);
}

static void test_list_segment_never_created(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "spec: {}\n", 0);
	kr_fieldspec fs = {"", "", "", "spec/containers[]/image", true};
	struct seen s = {0};
	kr_err e;

	(void)state;
	assert_int_equal(kr_fieldspec_walk(a, d, &fs, record, &s, &e), 0);
	assert_int_equal(s.calls, 0);
	assert_null(kr_node_map_get(kr_node_map_get(d, "spec"), "containers"));
	kr_arena_free(a);
}

static void test_escaped_slash_in_key(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "metadata: {annotations: {\"a.io/x\": v}}\n", 0);
	kr_fieldspec fs = {"", "", "", "metadata/annotations/a.io\\/x", false};
	struct seen s = {0};
	kr_err e;

	(void)state;
	assert_int_equal(kr_fieldspec_walk(a, d, &fs, record, &s, &e), 0);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.keys[0], "a.io/x");
	kr_arena_free(a);
}

static void test_strict_walk_refuses_scalars_on_the_way(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "spec: {ref: plain-string}\n", 0);
	kr_fieldspec fs = {"", "", "", "spec/ref/name", false};
	struct seen s = {0};
	kr_err e;

	(void)state;
	assert_int_equal(kr_fieldspec_walk(a, d, &fs, record, &s, &e), 0);
	assert_int_equal(kr_fieldspec_walk_strict(a, d, &fs, record, &s, &e), KR_EINVAL);
	assert_non_null(strstr(e.msg, "expected sequence or mapping node"));
	kr_arena_free(a);
}

static void test_specs_dedupe_and_conflict(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_fieldspecs list = {0};
	kr_fieldspec x = {"", "", "K", "p", true};
	kr_fieldspec y = {"", "", "K", "p", false};

	(void)state;
	assert_int_equal(kr_fieldspecs_add(a, &list, &x), 0);
	assert_int_equal(kr_fieldspecs_add(a, &list, &x), 0);
	assert_int_equal(list.n, 1);
	assert_int_equal(kr_fieldspecs_add(a, &list, &y), KR_EINVAL);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_with_wildcards),
		cmocka_unit_test(test_walk_enters_sequences),
		cmocka_unit_test(test_create_makes_maps_and_calls_for_missing),
		cmocka_unit_test(test_list_segment_never_created),
		cmocka_unit_test(test_escaped_slash_in_key),
		cmocka_unit_test(test_strict_walk_refuses_scalars_on_the_way),
		cmocka_unit_test(test_specs_dedupe_and_conflict),
	};
	return cmocka_run_group_tests_name("kustomize_fieldspec", tests, NULL, NULL);
}
