/*
 * test_yaml_emit.c - the emitter against kubectl kustomize's own output:
 * the emitter fixtures (input -> load -> emit == X.kustomize.yaml) and a
 * few shapes the fixtures do not hold.
 */
#include <stdio.h>

#include "unit.h"
#include "util/buf.h"
#include "yaml/emit.h"

static char *slurp(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static char *render(kr_arena *a, const char *text)
{
	kr_node *doc = unit_load(a, text, KR_LOAD_RESOURCE);
	kr_buf b;
	kr_err e;

	kr_buf_init(&b, 1 << 24);
	if (kr_yaml_emit_doc(&b, doc, &e) != 0)
		fail_msg("emit failed: %s", e.msg);
	return kr_buf_take(&b, NULL);
}

/* Remove every line containing one of @skip (NULL-terminated) from @s. */
static void drop_lines(char *s, const char *const *skip)
{
	char *r = s, *w = s;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t n = nl ? (size_t)(nl - r + 1) : strlen(r);
		int keep = 1;
		const char *const *k;
		char save = r[n];
		r[n] = '\0';
		for (k = skip; *k; k++)
			if (strstr(r, *k))
				keep = 0;
		r[n] = save;
		if (keep) {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
}

static void check_fixture(const char *name, const char *const *skip)
{
	char in_name[128], out_name[128];
	size_t ilen, olen;
	kr_arena *a = kr_arena_new((size_t)64 << 20);
	char *in, *want, *got;

	snprintf(in_name, sizeof(in_name), "%s.input.yaml", name);
	snprintf(out_name, sizeof(out_name), "%s.kustomize.yaml", name);
	in = slurp(in_name, &ilen);
	want = slurp(out_name, &olen);
	got = render(a, in);
	drop_lines(want, skip);
	drop_lines(got, skip);
	assert_string_equal(got, want);
	free(in);
	free(want);
	free(got);
	kr_arena_free(a);
}

static void test_fixture_deploy(void **state)
{
	static const char *const none[] = {NULL};
	(void)state;
	check_fixture("deploy", none);
}

static void test_fixture_typed(void **state)
{
	static const char *const none[] = {NULL};
	(void)state;
	check_fixture("typed", none);
}

static void test_fixture_tricky(void **state)
{
	/* known differences (docs/compat.md): NEL, and the non-transitive "9" "10" 1a trio */
	static const char *const skip[] = {"nel ", "\"9\": 15", "\"10\": 14", "1a: 16", NULL};
	(void)state;
	check_fixture("tricky", skip);
}

static void test_keep_chomp_has_no_document_end(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char *got = render(a, "a: \"x\\n\\n\"\n");

	(void)state;
	assert_string_equal(got, "a: |+\n  x\n\n");
	free(got);
	kr_arena_free(a);
}

static void test_empty_collections_and_nesting(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char *got = render(a, "b: {}\na: []\nc: [[1, 2], {x: [ ]}]\n");

	(void)state;
	assert_string_equal(got, "a: []\nb: {}\nc:\n- - 1\n  - 2\n- x: []\n");
	free(got);
	kr_arena_free(a);
}

/*
 * fuzz/corpus/emit_fast/crash-empty-map-ubsan.yaml: an empty mapping made
 * the libyaml path do pointer arithmetic on a NULL scratch array (UBSan);
 * both emitters must print the same bytes for it.
 */
static void test_fast_and_libyaml_agree_on_empty_maps(void **state)
{
	static const char *const texts[] = {"{}\n", "a: {}\nb: [{}]\n", "x:\n- {}\n- []\n"};
	kr_arena *a = kr_arena_new(1 << 20);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		kr_node *doc = unit_load(a, texts[i], KR_LOAD_RESOURCE);
		kr_buf fast, slow;
		kr_err e;

		kr_buf_init(&fast, 1 << 20);
		kr_buf_init(&slow, 1 << 20);
		assert_int_equal(kr_yaml_emit_fast(&fast, doc, &e), 1);
		assert_int_equal(kr_yaml_emit_libyaml(&slow, doc, &e), 0);
		assert_int_equal(fast.len, slow.len);
		assert_memory_equal(fast.data, slow.data, fast.len);
		kr_buf_dispose(&fast);
		kr_buf_dispose(&slow);
	}
	kr_arena_free(a);
}

static void test_long_key_is_explicit(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	char text[400], want[400];
	char key[131];
	char *got;

	(void)state;
	memset(key, 'k', 130);
	key[130] = '\0';
	snprintf(text, sizeof(text), "%s: v\n", key);
	snprintf(want, sizeof(want), "? %s\n: v\n", key);
	got = render(a, text);
	assert_string_equal(got, want);
	free(got);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_deploy),
		cmocka_unit_test(test_fixture_typed),
		cmocka_unit_test(test_fixture_tricky),
		cmocka_unit_test(test_keep_chomp_has_no_document_end),
		cmocka_unit_test(test_empty_collections_and_nesting),
		cmocka_unit_test(test_long_key_is_explicit),
		cmocka_unit_test(test_fast_and_libyaml_agree_on_empty_maps),
	};
	return cmocka_run_group_tests_name("yaml_emit", tests, NULL, NULL);
}
