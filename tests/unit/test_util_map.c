/* test_util_map.c - the XXH3 hash map: put, get, duplicates, growth. */
#include "unit.h"
#include "util/map.h"

static void test_put_get(void **state)
{
	kr_map m = KR_MAP_INIT;
	int v1 = 1, v2 = 2;

	(void)state;
	assert_int_equal(kr_map_put(&m, "a", 1, &v1, NULL), 0);
	assert_int_equal(kr_map_put(&m, "b", 1, &v2, NULL), 0);
	assert_ptr_equal(kr_map_get(&m, "a", 1), &v1);
	assert_ptr_equal(kr_map_get(&m, "b", 1), &v2);
	assert_null(kr_map_get(&m, "c", 1));
	kr_map_dispose(&m);
}

static void test_duplicate_keeps_first(void **state)
{
	kr_map m = KR_MAP_INIT;
	int v1 = 1, v2 = 2;
	void *old = NULL;

	(void)state;
	kr_map_put(&m, "k", 1, &v1, NULL);
	assert_int_equal(kr_map_put(&m, "k", 1, &v2, &old), 1);
	assert_ptr_equal(old, &v1);
	assert_ptr_equal(kr_map_get(&m, "k", 1), &v1);
	assert_int_equal(kr_map_set(&m, "k", 1, &v2), 0);
	assert_ptr_equal(kr_map_get(&m, "k", 1), &v2);
	kr_map_dispose(&m);
}

static void test_growth_and_binary_keys(void **state)
{
	kr_map m = KR_MAP_INIT;
	static char keys[5000][8];
	int i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		memcpy(keys[i], &i, sizeof(i));
		keys[i][4] = '\0';
		assert_int_equal(kr_map_put(&m, keys[i], 5, keys[i], NULL), 0);
	}
	assert_int_equal(m.len, 5000);
	for (i = 0; i < 5000; i++)
		assert_ptr_equal(kr_map_get(&m, keys[i], 5), keys[i]);
	assert_int_equal(kr_map_put(&m, "", 0, keys[0], NULL), 0);
	assert_ptr_equal(kr_map_get(&m, "", 0), keys[0]);
	kr_map_dispose(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_duplicate_keeps_first),
		cmocka_unit_test(test_growth_and_binary_keys),
	};
	return cmocka_run_group_tests_name("util_map", tests, NULL, NULL);
}
