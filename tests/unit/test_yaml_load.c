/* test_yaml_load.c - the tree builder: typing, marks, aliases, merges, errors. */
#include "unit.h"

static void test_types_and_marks(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "a: 0x1F\nb: \"0x1F\"\nc: ~\nd: yes\n", KR_LOAD_RESOURCE);
	kr_node *v;

	(void)state;
	v = kr_node_map_get(d, "a");
	assert_int_equal(v->type, KR_SCALAR_INT);
	assert_string_equal(v->u.str, "31");
	assert_memory_equal(v->x.orig, "0x1F", 4);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->col, 4);
	assert_int_equal(kr_node_map_get(d, "b")->type, KR_SCALAR_STR);
	assert_int_equal(kr_node_map_get(d, "c")->type, KR_SCALAR_NULL);
	assert_int_equal(kr_node_map_get(d, "d")->type, KR_SCALAR_STR);
	assert_int_equal(kr_node_map_get(d, "d")->line, 4);
	kr_arena_free(a);
}

static void test_alias_is_a_copy(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "x: &A {k: v}\ny: *A\n", 0);

	(void)state;
	assert_ptr_not_equal(kr_node_map_get(d, "x"), kr_node_map_get(d, "y"));
	assert_true(kr_node_equal(kr_node_map_get(d, "x"), kr_node_map_get(d, "y")));
	kr_arena_free(a);
}

static void test_merge_keys_follow_yaml_v3(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a,
			       "b: &B {x: 1, y: 2}\n"
			       "m: {<<: [*B, {z: 4, x: 7}], y: 9}\n",
			       0);
	kr_node *m = kr_node_map_get(d, "m");

	(void)state;
	assert_int_equal(m->len, 3);
	assert_string_equal(kr_node_map_get(m, "x")->u.str, "1");
	assert_string_equal(kr_node_map_get(m, "y")->u.str, "9");
	assert_string_equal(kr_node_map_get(m, "z")->u.str, "4");
	kr_arena_free(a);
}

static void test_duplicate_key_names_both_lines(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_err e = unit_load_err(a, "a: 1\nb: 2\na: 3\n", 0);

	(void)state;
	assert_string_equal(e.msg, "mapping key \"a\" already defined at line 1");
	assert_int_equal(e.line, 3);
	kr_arena_free(a);
}

static void test_duplicate_key_in_large_mapping(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char text[2000] = "";
	kr_err e;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		sprintf(text + strlen(text), "k%d: %d\n", i, i);
	strcat(text, "k7: again\n");
	e = unit_load_err(a, text, 0);
	assert_string_equal(e.msg, "mapping key \"k7\" already defined at line 8");
	assert_int_equal(e.line, 41);
	kr_arena_free(a);
}

static void test_alias_errors(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_err e;

	(void)state;
	e = unit_load_err(a, "a: *nope\n", 0);
	assert_non_null(strstr(e.msg, "unknown anchor 'nope'"));
	e = unit_load_err(a, "a: &x [1, *x]\n", 0);
	assert_non_null(strstr(e.msg, "self-referential"));
	kr_arena_free(a);
}

static void test_billion_laughs_hits_budget(void **state)
{
	kr_arena *a = kr_arena_new((size_t)256 << 20);
	const char *bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n"
			   "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
			   "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
			   "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
			   "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
			   "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
			   "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
	kr_err e = unit_load_err(a, bomb, 0);

	(void)state;
	assert_int_equal(e.code, KR_ETOOBIG);
	assert_non_null(strstr(e.msg, "aliases may add 10 times"));
	kr_arena_free(a);
}

static void test_depth_limit(void **state)
{
	kr_arena *a = kr_arena_new((size_t)64 << 20);
	size_t n = 1500, i;
	char *text = malloc(2 * n + 2);
	kr_err e;

	(void)state;
	for (i = 0; i < n; i++)
		text[i] = '[';
	for (i = 0; i < n; i++)
		text[n + i] = ']';
	text[2 * n] = '\0';
	e = unit_load_err(a, text, 0);
	assert_int_equal(e.code, KR_ETOOBIG);
	assert_non_null(strstr(e.msg, "limit depth"));
	free(text);
	kr_arena_free(a);
}

static void test_resource_rules(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_err e;

	(void)state;
	e = unit_load_err(a, "a: .inf\n", KR_LOAD_RESOURCE);
	assert_non_null(strstr(e.msg, "unsupported value"));
	e = unit_load_err(a, "1: one\n", KR_LOAD_RESOURCE);
	assert_non_null(strstr(e.msg, "mapping key 1 is not a string"));
	/* the same inputs are fine outside resources */
	unit_load(a, "1: one\n", 0);
	kr_arena_free(a);
}

static void test_bad_bytes(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_limits lim;
	kr_yaml_stream s;
	kr_err e;

	(void)state;
	kr_limits_default(&lim);
	assert_true(kr_yaml_load(&s, a, "t.yaml", "a: b\0c\n", 7, &lim, 0, &e) < 0);
	assert_non_null(strstr(e.msg, "NUL byte"));
	assert_true(kr_yaml_load(&s, a, "t.yaml", "a: \xff\n", 5, &lim, 0, &e) < 0);
	assert_int_equal(e.line, 1);
	e = unit_load_err(a, "a:\n\tb: 1\n", 0);
	assert_non_null(strstr(e.msg, "tab"));
	assert_int_equal(e.line, 2);
	kr_arena_free(a);
}

static void test_multi_document_and_binary(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_limits lim;
	kr_yaml_stream s;
	kr_err e;
	const char *t = "---\na: !!binary aGVsbG8=\n---\n---\nb: !!str 12\n...\n";

	(void)state;
	kr_limits_default(&lim);
	assert_int_equal(kr_yaml_load(&s, a, "t.yaml", t, strlen(t), &lim, 0, &e), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(kr_node_map_get(s.docs[0], "a")->u.str, "hello");
	assert_int_equal(s.docs[1]->type, KR_SCALAR_NULL);
	assert_int_equal(kr_node_map_get(s.docs[2], "b")->type, KR_SCALAR_STR);
	kr_arena_free(a);
}

/* KR_LOAD_SHARE_KEYS: one node per key text; checks still see each key's own line */
static void test_shared_keys(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	const char *text = "x: {name: a, &k val: 1}\n"
			   "y: {name: b, 1: one, <<: {name: c, z: 2}}\n"
			   "name: top\n";
	kr_node *d = unit_load(a, text, KR_LOAD_SHARE_KEYS);
	kr_node *x = kr_node_map_get(d, "x"), *y = kr_node_map_get(d, "y");
	kr_err e;

	(void)state;
	assert_ptr_equal(x->u.pairs[0].key, y->u.pairs[0].key);
	assert_ptr_equal(x->u.pairs[0].key, d->u.pairs[2].key);
	assert_int_equal(x->u.pairs[0].key->line, 1); /* the first one's */
	assert_int_equal(x->u.pairs[0].key->flags & KR_NODE_SPARE, 0);
	assert_string_equal(kr_node_map_get(y, "name")->u.str, "b");
	assert_string_equal(kr_node_map_get(y, "z")->u.str, "2");
	assert_int_equal(y->u.pairs[1].key->type, KR_SCALAR_INT); /* typed keys stay themselves */
	assert_string_equal(kr_node_map_get(x, "val")->u.str, "1");
	d = unit_load(a, text, 0);
	assert_ptr_not_equal(kr_node_map_get(d, "x")->u.pairs[0].key, kr_node_map_get(d, "y")->u.pairs[0].key);
	e = unit_load_err(a, "m: {a: 1}\nn:\n  b: 1\n  a: 2\n  b: 3\n", KR_LOAD_SHARE_KEYS);
	assert_string_equal(e.msg, "mapping key \"b\" already defined at line 3");
	assert_int_equal(e.line, 5);
	e = unit_load_err(a, "a: 1\nb:\n  c: 1\n  1: 2\n", KR_LOAD_RESOURCE | KR_LOAD_SHARE_KEYS);
	assert_int_equal(e.line, 4);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_marks),
		cmocka_unit_test(test_alias_is_a_copy),
		cmocka_unit_test(test_merge_keys_follow_yaml_v3),
		cmocka_unit_test(test_duplicate_key_names_both_lines),
		cmocka_unit_test(test_duplicate_key_in_large_mapping),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_billion_laughs_hits_budget),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_resource_rules),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_multi_document_and_binary),
		cmocka_unit_test(test_shared_keys),
	};
	return cmocka_run_group_tests_name("yaml_load", tests, NULL, NULL);
}
