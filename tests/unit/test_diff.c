/* test_diff.c - the diff engine: hash stability, quantities, pointers, line diffs. */
#include "unit.h"

#include "diff/diff.h"
#include "diff/duration.h"
#include "diff/jq_shape.h"
#include "diff/normalize.h"
#include "diff/quantity.h"
#include "diff/report.h"
#include "diff/textdiff.h"

/* shuffle every mapping's pairs in place (a seeded xorshift: repeatable) */
static void shuffle(kr_node *n, uint32_t *seed)
{
	size_t i;

	if (n->kind == KR_NODE_SCALAR)
		return;
	for (i = 0; i < n->len; i++)
		shuffle(n->kind == KR_NODE_MAP ? n->u.pairs[i].value : n->u.items[i], seed);
	if (n->kind != KR_NODE_MAP)
		return;
	for (i = n->len; i > 1; i--) {
		size_t j;
		kr_pair t;

		*seed ^= *seed << 13, *seed ^= *seed >> 17, *seed ^= *seed << 5;
		j = *seed % i;
		t = n->u.pairs[i - 1], n->u.pairs[i - 1] = n->u.pairs[j], n->u.pairs[j] = t;
	}
}

static const char deployment_block[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: web # a comment\n"
	"  namespace: prod\n"
	"  labels: {app: web, tier: front}\n"
	"spec:\n"
	"  replicas: 3\n"
	"  minReadySeconds: 10\n"
	"  template:\n"
	"    spec:\n"
	"      containers:\n"
	"      - name: web\n"
	"        image: 'nginx:1.25'\n"
	"        resources: {limits: {cpu: 0.5, memory: 1Gi}}\n";

static const char deployment_json[] =
	"{\"spec\": {\"template\": {\"spec\": {\"containers\": [{\"resources\": {\"limits\": "
	"{\"memory\": \"1024Mi\", \"cpu\": \"500m\"}}, \"image\": \"nginx:1.25\", \"name\": \"web\"}]}},"
	" \"minReadySeconds\": 10.0, \"replicas\": 3e0}, \"metadata\": {\"labels\": {\"tier\": \"front\","
	" \"app\": \"web\"}, \"namespace\": \"prod\", \"name\": \"web\"}, \"kind\": \"Deployment\","
	" \"apiVersion\": \"apps/v1\"}";

static void test_identical_states_hash_alike_whatever_the_spelling(void **state)
{
	kr_arena *a = kr_arena_new(64 << 20);
	kr_diff_config c = {0};
	kr_diff_result first, r;
	kr_err err;
	uint32_t seed = 2463534242u;
	int round;

	(void)state;
	c.ns = "prod";
	{
		kr_node *want = unit_load(a, deployment_block, KR_LOAD_RESOURCE);
		kr_node *live = unit_load(a, deployment_json, KR_LOAD_RESOURCE);
		assert_int_equal(kr_diff_compute(a, &c, &want, 1, &live, 1, &first, &err), 0);
		assert_int_equal(first.n, 1);
		assert_int_equal(first.items[0].status, KR_DIFF_SYNCED);
		assert_false(first.out_of_sync);
	}
	for (round = 0; round < 100; round++) {
		kr_node *want = unit_load(a, round % 2 ? deployment_json : deployment_block, KR_LOAD_RESOURCE);
		kr_node *live = unit_load(a, round % 2 ? deployment_block : deployment_json, KR_LOAD_RESOURCE);

		shuffle(want, &seed);
		shuffle(live, &seed);
		assert_int_equal(kr_diff_compute(a, &c, &want, 1, &live, 1, &r, &err), 0);
		assert_int_equal(r.items[0].status, KR_DIFF_SYNCED);
		assert_memory_equal(r.app_hash, first.app_hash, 16);
		assert_memory_equal(r.items[0].live_hash, first.items[0].live_hash, 16);
	}
	kr_arena_free(a);
}

static void test_a_changed_value_changes_the_hash(void **state)
{
	kr_arena *a = kr_arena_new(64 << 20);
	kr_diff_config c = {0};
	kr_diff_result r1, r2;
	kr_err err;
	kr_node *w1 = unit_load(a, deployment_block, KR_LOAD_RESOURCE);
	kr_node *w2 = unit_load(a, deployment_block, KR_LOAD_RESOURCE);
	kr_node *live = unit_load(a, deployment_json, KR_LOAD_RESOURCE);

	(void)state;
	c.ns = "prod";
	kr_node_map_get(kr_node_map_get(w2, "spec"), "replicas")->u.str = "4";
	assert_int_equal(kr_diff_compute(a, &c, &w1, 1, &live, 1, &r1, &err), 0);
	assert_int_equal(kr_diff_compute(a, &c, &w2, 1, &live, 1, &r2, &err), 0);
	assert_int_equal(r2.items[0].status, KR_DIFF_OUTOFSYNC);
	assert_memory_not_equal(r1.app_hash, r2.app_hash, 16);
	kr_arena_free(a);
}

static void test_quantities_canonical(void **state)
{
	static const char *const cases[][2] = {
		{"0.1", "100m"}, {"100m", "100m"}, {"1000m", "1"}, {"1.5", "1500m"}, {"1000", "1k"},
		{"1500", "1500"}, {"1024Mi", "1Gi"}, {"0.5Gi", "512Mi"}, {"1536", "1536"}, {"1.5Ki", "1536"},
		{"1e3", "1e3"}, {"0.0000000001", "1n"}, {"-0.5", "-500m"}, {"2.5Mi", "2560Ki"}, {"3e-3", "3e-3"},
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(kr_quantity_canonical(cases[i][0], strlen(cases[i][0]), out, sizeof(out)));
		assert_string_equal(out, cases[i][1]);
	}
	assert_false(kr_quantity_canonical("abc", 3, out, sizeof(out)));
	assert_false(kr_quantity_canonical("1Xi", 3, out, sizeof(out)));
	assert_false(kr_quantity_canonical("", 0, out, sizeof(out)));
	assert_false(kr_quantity_canonical("99999999999999999999999999999999999999999E", 43, out, sizeof(out)));
}

/* parse @text as a pointer and remove it from @n */
static void remove_at(kr_arena *a, kr_node *n, const char *text)
{
	kr_json_pointer p;

	assert_int_equal(kr_json_pointer_parse(a, text, &p), 0);
	kr_json_pointer_remove(n, &p);
}

static void test_json_pointer_remove(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_node *n = unit_load(a, "{a: {b/c: 1, d~e: 2, k: [10, 20, 30]}, z: 1}", 0);
	kr_json_pointer p;

	(void)state;
	remove_at(a, n, "/a/b~1c");
	remove_at(a, n, "/a/d~0e");
	remove_at(a, n, "/a/k/1");
	remove_at(a, n, "/a/k/7");   /* missing: no effect */
	remove_at(a, n, "/a/k/01");  /* not an index */
	remove_at(a, n, "/nothing/here");
	assert_int_equal(kr_node_map_get(n, "a")->len, 1);
	assert_int_equal(kr_node_map_get(kr_node_map_get(n, "a"), "k")->len, 2);
	assert_string_equal(kr_node_map_get(kr_node_map_get(n, "a"), "k")->u.items[1]->u.str, "30");
	assert_int_equal(kr_json_pointer_parse(a, "", &p), 0);
	assert_int_equal(kr_json_pointer_parse(a, "/a~0~1", &p), 0);
	assert_int_equal(kr_json_pointer_parse(a, "a/b", &p), KR_EINVAL);
	assert_int_equal(kr_json_pointer_parse(a, "/a~2", &p), KR_EINVAL);
	kr_arena_free(a);
}

static void check_diff(const char *old, const char *new, const char *want)
{
	kr_buf b;

	kr_buf_init(&b, 1 << 20);
	assert_int_equal(kr_textdiff(&b, old, strlen(old), new, strlen(new), false, "a", "b", false), 0);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data ? b.data : "", want, b.len);
	kr_buf_dispose(&b);
}

/* expected outputs are GNU diff's (diff OLD NEW) on the same texts */
static void test_normal_format_matches_posix_diff(void **state)
{
	(void)state;
	check_diff("a\nb\nc\n", "a\nb\nc\n", "");
	check_diff("a\nb\nc\n", "a\nx\nc\n", "2c2\n< b\n---\n> x\n");
	check_diff("a\nc\n", "a\nb\nc\n", "1a2\n> b\n");
	check_diff("a\nb\nc\n", "a\nc\n", "2d1\n< b\n");
	check_diff("", "a\nb\n", "0a1,2\n> a\n> b\n");
	check_diff("a\nb\n", "", "1,2d0\n< a\n< b\n");
	check_diff("a\nb\nc\nd\n", "a\nB\nC\nd\ne\n", "2,3c2,3\n< b\n< c\n---\n> B\n> C\n4a5\n> e\n");
}

/* Secrets: no value (raw or base64) reaches any report, however the two sides differ */
static void test_secret_values_never_reported(void **state)
{
	static const char *const values[] = {"hunter2-alpha", "hunter2-beta", "s3cr3t-gamma", "p4ss-delta"};
	static const char *const b64[] = {"aHVudGVyMi1hbHBoYQ==", "aHVudGVyMi1iZXRh", "czNjcjN0LWdhbW1h", "cDRzcy1kZWx0YQ=="};
	uint32_t seed = 88172645u;
	int round;

	(void)state;
	for (round = 0; round < 64; round++) {
		kr_arena *a = kr_arena_new(16 << 20);
		kr_diff_config c = {0};
		kr_diff_result r;
		kr_err err;
		char want_text[512], live_text[512];
		kr_node *want, *live;
		size_t v1, v2, v3, f, k;

		seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
		v1 = seed % 4, v2 = (seed >> 4) % 4, v3 = (seed >> 8) % 4;
		c.ns = "prod";
		snprintf(want_text, sizeof(want_text),
			 "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: prod}\n"
			 "stringData: {a: %s, b: %s}\n", values[v1], values[v2]);
		snprintf(live_text, sizeof(live_text),
			 "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: prod\n  annotations:\n"
			 "    kubectl.kubernetes.io/last-applied-configuration: '{\"kind\":\"Secret\",\"apiVersion\":\"v1\","
			 "\"metadata\":{\"name\":\"s\",\"namespace\":\"prod\"},\"stringData\":{\"a\":\"%s\"}}'\n"
			 "data: {a: %s, c: %s}\n", values[v3], b64[v2], b64[v3]);
		want = unit_load(a, want_text, KR_LOAD_RESOURCE);
		live = unit_load(a, live_text, KR_LOAD_RESOURCE);
		/* every other round the live Secret is extraneous: printed whole */
		assert_int_equal(kr_diff_compute(a, &c, &want, round % 2, &live, 1, &r, &err), 0);
		for (f = KR_DIFF_TEXT; f <= KR_DIFF_JSON; f++) {
			kr_buf out;

			kr_buf_init(&out, 1 << 20);
			assert_int_equal(kr_diff_report(&out, &r, (enum kr_diff_format)f, true, false, &err), 0);
			assert_int_equal(kr_buf_append(&out, "", 1), 0);
			for (k = 0; k < 4; k++) {
				assert_null(strstr(out.data, values[k]));
				assert_null(strstr(out.data, b64[k]));
			}
			kr_buf_dispose(&out);
		}
		kr_arena_free(a);
	}
}

/* expected: Go's time.ParseDuration(...).String() (tests/oracle/duration.go) */
static void test_durations_match_go(void **state)
{
	static const char *const cases[][2] = {
		{"90m", "1h30m0s"},
		{"1h30m0s", "1h30m0s"},
		{"1.5s", "1.5s"},
		{"1500ms", "1.5s"},
		{"2h", "2h0m0s"},
		{"0", "0s"},
		{"0s", "0s"},
		{"100ms", "100ms"},
		{"1.5ms", "1.5ms"},
		{"500us", "500µs"},
		{"10ns", "10ns"},
		{"-1m", "-1m0s"},
		{"1h1s", "1h0m1s"},
		{"3m0.5s", "3m0.5s"},
		{"2160h", "2160h0m0s"},
		{"abc", NULL},
		{"1.5", NULL},
		{"", NULL},
		{"72h3m0.5s", "72h3m0.5s"},
		{"1.0000000001s", "1s"},
		{"0.5us", "500ns"},
		{"1.5us", "1.5µs"},
		{"999ns", "999ns"},
		{"1000ns", "1µs"},
		{"1.2345678912s", "1.234567891s"},
		{"1.5h", "1h30m0s"},
		{".5s", "500ms"},
		{"5.s", "5s"},
		{"1h-1m", NULL},
		{"1 h", NULL},
		{"µs", NULL},
		{"2562047h", "2562047h0m0s"},
		{"2562048h", NULL},
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = kr_duration_canonical(cases[i][0], strlen(cases[i][0]), out, sizeof(out));
		if (!cases[i][1]) {
			assert_false(ok);
			continue;
		}
		assert_true(ok);
		assert_string_equal(out, cases[i][1]);
	}
}

/* what krender reads of a jq expression: a pure chain, a chain then a pipe, or nothing */
static void test_jq_shapes(void **state)
{
	static const struct {
		const char *expr;
		size_t nfield;
		bool pure;
	} cases[] = {
		{".metadata.annotations", 2, true},
		{"  .if.then\n", 2, true},
		{".a.b[] | select(.name == \"x\")", 2, false},
		{".a [ ] ? | .b", 1, false},
		{".a[]", 1, false},
		{".a | .b", 1, false},
		{".a |= empty", 0, false},
		{".a, .b", 0, false},
		{".a // .b", 0, false},
		{".a as $x | $x", 0, false},
		{".a .b", 0, false},
		{".a[0] | .b", 0, false},
		{"(.a)", 0, false},
		{"..", 0, false},
		{".[\"a\"]", 0, false},
		{".a # comment", 0, false},
	};
	kr_arena *a = kr_arena_new(1 << 20);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kr_jq_shape sh;

		assert_int_equal(kr_jq_shape_read(a, cases[i].expr, &sh), 0);
		if (sh.nfield != cases[i].nfield || sh.pure != cases[i].pure)
			fail_msg("'%s': %zu fields, pure %d", cases[i].expr, sh.nfield, sh.pure);
	}
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_states_hash_alike_whatever_the_spelling),
		cmocka_unit_test(test_a_changed_value_changes_the_hash),
		cmocka_unit_test(test_quantities_canonical),
		cmocka_unit_test(test_json_pointer_remove),
		cmocka_unit_test(test_normal_format_matches_posix_diff),
		cmocka_unit_test(test_secret_values_never_reported),
		cmocka_unit_test(test_durations_match_go),
		cmocka_unit_test(test_jq_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
