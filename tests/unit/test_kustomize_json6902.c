/*
 * test_kustomize_json6902.c - RFC 6902 ops and json-patch v4 messages.
 *
 * Expected trees and messages come from RFC 6902 or from kubectl kustomize
 * v5.5.0 runs (a ConfigMap resource, `patches: [{target: {kind:
 * ConfigMap}, patch: ...}]`) noted next to each test.
 */
#include "unit.h"
#include "kustomize/patch_json6902.h"

#define DOC                                                                                        \
	"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: \"1\"}\n"                \
	"spec: {replicas: 3, sl: [a, b, c], m: {k: v}, n: null}\n"

static int apply(kr_arena *a, kr_node *doc, const char *patch, kr_err *e)
{
	kr_json6902 *ops;
	int rc = kr_json6902_parse(a, unit_load(a, patch, 0), &ops, e);

	return rc < 0 ? rc : kr_json6902_apply(a, doc, ops, e);
}

/* Apply @patch to DOC-like @doc and compare with @want (whole document). */
static void expect_doc(const char *doc, const char *patch, const char *want)
{
	kr_arena *a = kr_arena_new(1 << 22);
	kr_node *d = unit_load(a, doc, KR_LOAD_RESOURCE);
	kr_err e;

	kr_err_clear(&e);
	if (apply(a, d, patch, &e) != 0)
		fail_msg("patch failed: %s", e.msg);
	assert_true(kr_node_equal(d, unit_load(a, want, KR_LOAD_RESOURCE)));
	kr_arena_free(a);
}

static void expect_err(const char *doc, const char *patch, const char *msg)
{
	kr_arena *a = kr_arena_new(1 << 22);
	kr_err e;

	kr_err_clear(&e);
	assert_true(apply(a, unit_load(a, doc, KR_LOAD_RESOURCE), patch, &e) < 0);
	assert_string_equal(e.msg, msg);
	kr_arena_free(a);
}

#define SPEC(s) "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\nspec: " s "\n"

/* RFC 6902 4.1: add creates a member or replaces an existing one. */
static void test_add_to_map(void **state)
{
	(void)state;
	expect_doc(SPEC("{replicas: 3}"), "- {op: add, path: /spec/x, value: 1}\n"
					  "- {op: add, path: /spec/replicas, value: 5}\n",
		   SPEC("{replicas: 5, x: 1}"));
}

/* RFC 6902 4.1 (index inserts, "-" appends); negatives checked with kubectl. */
static void test_add_to_array(void **state)
{
	(void)state;
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/1, value: w}\n",
		   SPEC("{sl: [x, w, y, z]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/-, value: w}\n",
		   SPEC("{sl: [x, y, z, w]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/3, value: w}\n",
		   SPEC("{sl: [x, y, z, w]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/-1, value: w}\n",
		   SPEC("{sl: [x, y, z, w]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/-4, value: w}\n",
		   SPEC("{sl: [w, x, y, z]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: add, path: /spec/sl/+1, value: w}\n",
		   SPEC("{sl: [x, w, y, z]}"));
}

static void test_remove(void **state)
{
	(void)state;
	expect_doc(SPEC("{a: 1, sl: [x, y, z]}"), "- {op: remove, path: /spec/a}\n- {op: remove, path: /spec/sl/1}\n",
		   SPEC("{sl: [x, z]}"));
	expect_doc(SPEC("{sl: [x, y, z]}"), "- {op: remove, path: /spec/sl/-1}\n", SPEC("{sl: [x, y]}"));
}

/* kubectl: replace of a missing key in an existing map adds it. */
static void test_replace(void **state)
{
	(void)state;
	expect_doc(SPEC("{a: 1, sl: [x, y, z]}"),
		   "- {op: replace, path: /spec/a, value: {b: 2}}\n- {op: replace, path: /spec/sl/1, value: q}\n"
		   "- {op: replace, path: /spec/new, value: nn}\n",
		   SPEC("{a: {b: 2}, sl: [x, q, z], new: nn}"));
}

static void test_move(void **state)
{
	(void)state;
	expect_doc(SPEC("{m: {k: v}, sl: [x, y, z]}"),
		   "- {op: move, from: /spec/m, path: /spec/sl/-}\n- {op: move, from: /spec/sl/0, path: /spec/sl/1}\n",
		   SPEC("{sl: [y, x, z, {k: v}]}"));
}

/* kubectl: the copy does not follow later changes of its source. */
static void test_copy_is_deep(void **state)
{
	(void)state;
	expect_doc(SPEC("{m: {k: v}, sl: [x]}"),
		   "- {op: copy, from: /spec/m, path: /spec/sl/0}\n- {op: add, path: /spec/m/c, value: 3}\n",
		   SPEC("{m: {k: v, c: 3}, sl: [{k: v}, x]}"));
}

/* RFC 6901: ~1 is '/', ~0 is '~', and ~01 is "~1" (not "/"). */
static void test_pointer_escapes(void **state)
{
	(void)state;
	expect_doc(SPEC("{\"a/b\": 1, \"t~x\": 2, \"t~1x\": 5}"),
		   "- {op: replace, path: /spec/a~1b, value: 7}\n- {op: replace, path: /spec/t~0x, value: 8}\n"
		   "- {op: replace, path: /spec/t~01x, value: 9}\n",
		   SPEC("{\"a/b\": 7, \"t~x\": 8, \"t~1x\": 9}"));
}

/* kubectl: only what follows the first '/' is a pointer. */
static void test_path_without_leading_slash(void **state)
{
	(void)state;
	expect_doc(SPEC("{}"), "- {op: add, path: spec/k, value: 9}\n",
		   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\nspec: {}\nk: 9\n");
}

/* kubectl: 3 equals 3.0, keys in any order; a missing key equals null. */
static void test_test_passes(void **state)
{
	(void)state;
	expect_doc(DOC,
		   "- {op: test, path: /spec/replicas, value: 3.0}\n- {op: test, path: /spec/m, value: {k: v}}\n"
		   "- {op: test, path: /spec/sl, value: [a, b, c]}\n- {op: test, path: /spec/zz, value: null}\n"
		   "- {op: test, path: /spec/n, value: null}\n",
		   DOC);
}

/* kubectl: "3" is not 3, a map is compared by size. */
static void test_test_fails(void **state)
{
	(void)state;
	expect_err(DOC, "- {op: test, path: /spec/replicas, value: 4}\n",
		   "testing value /spec/replicas failed: test failed");
	expect_err(DOC, "- {op: test, path: /spec/replicas, value: \"3\"}\n",
		   "testing value /spec/replicas failed: test failed");
	expect_err(DOC, "- {op: test, path: /spec/m, value: {k: v, j: 1}}\n",
		   "testing value /spec/m failed: test failed");
	expect_err(DOC, "- {op: test, path: /spec/zz, value: 1}\n", "testing value /spec/zz failed: test failed");
	expect_err(DOC, "- {op: test, path: /spec/q/r, value: 1}\n",
		   "test operation does not apply: is missing path: /spec/q/r: missing value");
}

/* The messages of kustomize.md 9.3, each seen with kubectl. */
static void test_spec_messages(void **state)
{
	(void)state;
	expect_err(DOC, "- {op: replace, path: /nodata/x, value: q}\n",
		   "replace operation does not apply: doc is missing path: /nodata/x: missing value");
	expect_err(DOC, "- {op: add, path: /spec/a/b, value: q}\n",
		   "add operation does not apply: doc is missing path: \"/spec/a/b\": missing value");
	expect_err(DOC, "- {op: remove, path: /spec/nothere}\n",
		   "error in remove for path: '/spec/nothere': Unable to remove nonexistent key: nothere: missing value");
	expect_err(DOC, "- {op: move, from: /spec/replicas2, path: /spec/x}\n",
		   "error in move for path: 'replicas2': Unable to remove nonexistent key: replicas2: missing value");
	expect_err(DOC, "- {op: frob, path: /spec/replicas, value: 4}\n", "Unexpected kind: frob");
}

static void test_index_messages(void **state)
{
	(void)state;
	expect_err(DOC, "- {op: add, path: /spec/sl/4, value: w}\n",
		   "error in add for path: '/spec/sl/4': Unable to access invalid index: 4: invalid index referenced");
	expect_err(DOC, "- {op: add, path: /spec/sl/-5, value: w}\n",
		   "error in add for path: '/spec/sl/-5': Unable to access invalid index: -5: invalid index referenced");
	expect_err(DOC, "- {op: add, path: /spec/sl/foo, value: w}\n",
		   "error in add for path: '/spec/sl/foo': value was not a proper array index: 'foo': "
		   "strconv.Atoi: parsing \"foo\": invalid syntax");
	expect_err(DOC, "- {op: add, path: /spec/sl/99999999999999999999, value: 1}\n",
		   "error in add for path: '/spec/sl/99999999999999999999': value was not a proper array index: "
		   "'99999999999999999999': strconv.Atoi: parsing \"99999999999999999999\": value out of range");
	expect_err(DOC, "- {op: remove, path: /spec/sl/-}\n",
		   "error in remove for path: '/spec/sl/-': strconv.Atoi: parsing \"-\": invalid syntax");
	expect_err(DOC, "- {op: remove, path: /spec/sl/3}\n",
		   "error in remove for path: '/spec/sl/3': Unable to access invalid index: 3: invalid index referenced");
	expect_err(DOC, "- {op: replace, path: /spec/sl/3, value: q}\n",
		   "replace operation does not apply: doc is missing key: /spec/sl/3: missing value");
	expect_err(DOC, "- {op: move, from: /spec/sl/7, path: /spec/z}\n",
		   "error in move for path: '7': Unable to access invalid index: 7: invalid index referenced");
	expect_err(DOC, "- {op: copy, from: /spec/m, path: /spec/sl/9}\n",
		   "error while adding value during copy: Unable to access invalid index: 9: invalid index referenced");
	expect_err(DOC, "- {op: add, path: /spec/sl/-/k, value: 9}\n",
		   "add operation does not apply: doc is missing path: \"/spec/sl/-/k\": missing value");
}

/* kubectl: missing or mistyped fields fail only when applied. */
static void test_field_messages(void **state)
{
	(void)state;
	expect_err(DOC, "- {path: /spec/x, value: 1}\n", "Unexpected kind: unknown");
	expect_err(DOC, "- null\n", "Unexpected kind: unknown");
	expect_err(DOC, "- {op: add, value: 1}\n", "add operation failed to decode path: missing value");
	expect_err(DOC, "- {op: replace, value: 1}\n",
		   "replace operation failed to decode path: operation missing path field: missing value");
	expect_err(DOC, "- {op: replace, path: 5, value: 1}\n",
		   "replace operation failed to decode path: json: cannot unmarshal number into Go value of type string");
	expect_err(DOC, "- {op: move, path: /spec/x}\n",
		   "move operation failed to decode from: operation, missing from field: missing value");
	expect_err(DOC, "- {op: copy, from: /spec/m}\n", "copy operation failed to decode path: missing value");
	expect_err(DOC, "- {op: copy, from: /spec/no/there, path: /spec/z}\n",
		   "copy operation does not apply: doc is missing from path: /spec/no/there: missing value");
	expect_err(DOC, "- {op: move, from: /spec/m, path: /spec/m/x}\n",
		   "move operation does not apply: doc is missing destination path: /spec/m/x: missing value");
}

/* kubectl: decoding errors ("decoding [...]: " is the caller's prefix). */
static void test_parse_errors(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_json6902 *ops;
	kr_err e;

	(void)state;
	kr_err_clear(&e);
	assert_true(kr_json6902_parse(a, unit_load(a, "{a: 1}\n", 0), &ops, &e) < 0);
	assert_string_equal(e.msg, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
	assert_true(kr_json6902_parse(a, unit_load(a, "- {op: add, path: /x, value: 1}\n- true\n", 0), &ops, &e) < 0);
	assert_string_equal(e.msg, "json: cannot unmarshal bool into Go value of type jsonpatch.Operation");
	assert_true(kr_json6902_parse(a, unit_load(a, "- [a]\n", 0), &ops, &e) < 0);
	assert_string_equal(e.msg, "json: cannot unmarshal array into Go value of type jsonpatch.Operation");
	assert_int_equal(kr_json6902_parse(a, unit_load(a, "null\n", 0), &ops, &e), 0);
	assert_int_equal(kr_json6902_len(ops), 0);
	assert_int_equal(kr_json6902_parse(a, unit_load(a, "- {op: nope}\n- {op: add}\n", 0), &ops, &e), 0);
	assert_int_equal(kr_json6902_len(ops), 2);
	kr_arena_free(a);
}

/* One op list, two documents: each gets its own copy of the values. */
static void test_one_list_two_documents(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d1 = unit_load(a, SPEC("{sl: [x]}"), KR_LOAD_RESOURCE);
	kr_node *d2 = unit_load(a, SPEC("{sl: [y, z]}"), KR_LOAD_RESOURCE);
	kr_json6902 *ops;
	kr_err e;

	(void)state;
	assert_int_equal(kr_json6902_parse(a, unit_load(a, "- {op: add, path: /spec/v, value: {k: [1]}}\n"
							   "- {op: add, path: /spec/sl/0, value: w}\n", 0),
					   &ops, &e), 0);
	assert_int_equal(kr_json6902_apply(a, d1, ops, &e), 0);
	assert_int_equal(kr_json6902_apply(a, d2, ops, &e), 0);
	assert_true(kr_node_equal(d1, unit_load(a, SPEC("{sl: [w, x], v: {k: [1]}}"), KR_LOAD_RESOURCE)));
	assert_true(kr_node_equal(d2, unit_load(a, SPEC("{sl: [w, y, z], v: {k: [1]}}"), KR_LOAD_RESOURCE)));
	kr_node_map_set(a, kr_node_map_get(kr_node_map_get(d1, "spec"), "v"), "k", kr_node_new_str(a, "changed"));
	assert_true(kr_node_equal(d2, unit_load(a, SPEC("{sl: [w, y, z], v: {k: [1]}}"), KR_LOAD_RESOURCE)));
	kr_arena_free(a);
}

static void test_value_types_kept(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, SPEC("{}"), KR_LOAD_RESOURCE), *spec;
	kr_err e;

	(void)state;
	assert_int_equal(apply(a, d, "- {op: add, path: /spec/s, value: \"3\"}\n- {op: add, path: /spec/i, value: 3}\n"
				     "- {op: add, path: /spec/b, value: true}\n- {op: add, path: /spec/z}\n", &e), 0);
	spec = kr_node_map_get(d, "spec");
	assert_int_equal(kr_node_map_get(spec, "s")->type, KR_SCALAR_STR);
	assert_int_equal(kr_node_map_get(spec, "i")->type, KR_SCALAR_INT);
	assert_int_equal(kr_node_map_get(spec, "b")->type, KR_SCALAR_BOOL);
	assert_int_equal(kr_node_map_get(spec, "z")->type, KR_SCALAR_NULL); /* kubectl: no value writes null */
	kr_arena_free(a);
}

/* kubectl: after a JSON patch `0x1F` prints as "31" in annotations; big ints pass through float64. */
static void test_json_round_trip(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *d = unit_load(a, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations: {x: 0x1F}\n"
				  "spec: {big: 12345678901234567890, max: 18446744073709551615}\n", KR_LOAD_RESOURCE);
	const char *ann[] = {"metadata", "annotations", "x"};
	kr_node *x = kr_node_map_get_path(d, ann, 3), *spec;
	kr_err e;

	(void)state;
	assert_non_null(x->x.orig);
	assert_int_equal(apply(a, d, "- {op: test, path: /kind, value: ConfigMap}\n", &e), 0);
	assert_null(x->x.orig);
	assert_true(kr_node_str_eq(x, "31"));
	spec = kr_node_map_get(d, "spec");
	assert_true(kr_node_str_eq(kr_node_map_get(spec, "big"), "12345678901234567000"));
	assert_true(kr_node_str_eq(kr_node_map_get(spec, "max"), "1.8446744073709552e+19"));
	assert_int_equal(kr_node_map_get(spec, "max")->type, KR_SCALAR_FLOAT);
	kr_arena_free(a);
}

/* kubectl: copy from a missing key writes null. */
static void test_copy_missing_writes_null(void **state)
{
	(void)state;
	expect_doc(SPEC("{a: 1}"), "- {op: copy, from: /spec/nothere, path: /spec/z}\n", SPEC("{a: 1, z: null}"));
}

/* kubectl: replace "" swaps the document; a scalar does nothing; an array cannot be read back. */
static void test_replace_whole_document(void **state)
{
	(void)state;
	expect_doc(DOC, "- {op: replace, path: \"\", value: {apiVersion: v1, kind: ConfigMap, metadata: {name: new}}}\n",
		   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: new}\n");
	expect_doc(DOC, "- {op: replace, path: \"\", value: 5}\n", DOC);
	expect_err(DOC, "- {op: replace, path: \"\", value: [1]}\n",
		   "json: cannot unmarshal array into Go value of type map[string]interface {}");
	expect_err(DOC, "- {op: add, path: \"\", value: {}}\n",
		   "add operation does not apply: doc is missing path: \"\": missing value");
}

/* kubectl panics (nil pointer dereference in json-patch) on these. */
static void test_kustomize_crashes(void **state)
{
	(void)state;
	expect_err(DOC, "- {op: test, path: /spec/n}\n",
		   "panic: runtime error: invalid memory address or nil pointer dereference");
	expect_err(DOC, "- {op: test, path: /spec/sl, value: [a, b, null]}\n",
		   "panic: runtime error: invalid memory address or nil pointer dereference");
	expect_err(DOC, "- {op: add, path: /spec/z, value: null}\n- {op: add, path: /spec/z/q, value: 1}\n",
		   "panic: runtime error: invalid memory address or nil pointer dereference");
	expect_err(DOC,
		   "- {op: add, path: /spec/x, value: null}\n- {op: copy, from: /spec/x, path: /spec/y}\n"
		   "- {op: add, path: /spec/y/k, value: 1}\n",
		   "panic: assignment to entry in nil map");
	/* ...but not on a null that came from the resource, or a value-less add */
	expect_err(DOC, "- {op: add, path: /spec/n/k, value: 9}\n",
		   "add operation does not apply: doc is missing path: \"/spec/n/k\": missing value");
	expect_err(DOC, "- {op: add, path: /spec/z}\n- {op: test, path: /spec/z, value: {}}\n",
		   "testing value /spec/z failed: test failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_to_map),
		cmocka_unit_test(test_add_to_array),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_copy_is_deep),
		cmocka_unit_test(test_pointer_escapes),
		cmocka_unit_test(test_path_without_leading_slash),
		cmocka_unit_test(test_test_passes),
		cmocka_unit_test(test_test_fails),
		cmocka_unit_test(test_spec_messages),
		cmocka_unit_test(test_index_messages),
		cmocka_unit_test(test_field_messages),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_one_list_two_documents),
		cmocka_unit_test(test_value_types_kept),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_copy_missing_writes_null),
		cmocka_unit_test(test_replace_whole_document),
		cmocka_unit_test(test_kustomize_crashes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
