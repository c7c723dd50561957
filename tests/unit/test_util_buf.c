/* test_util_buf.c - growable buffers, error records, limits and kr_vec_grow. */
#include <stdio.h>

#include "unit.h"
#include "util/buf.h"
#include "util/vec.h"

static void test_buf_append_and_limit(void **state)
{
	kr_buf b;
	char *p;
	size_t len;

	(void)state;
	kr_buf_init(&b, 10);
	assert_int_equal(kr_buf_puts(&b, "hello"), 0);
	assert_int_equal(kr_buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(kr_buf_puts(&b, "xy"), KR_ETOOBIG);
	assert_int_equal(b.len, 9);
	p = kr_buf_take(&b, &len);
	assert_int_equal(len, 9);
	assert_null(b.data);
	free(p);
	kr_buf_dispose(&b);
}

static void test_err_format_and_prefix(void **state)
{
	kr_err e;
	kr_mark m = {"a.yaml", 3, 7};
	char out[256];

	(void)state;
	assert_int_equal(kr_err_set(&e, KR_EPARSE, &m, "bad %s", "thing"), KR_EPARSE);
	kr_err_prefix(&e, "loading %s", "base");
	kr_err_format(&e, out, sizeof(out));
	assert_string_equal(out, "a.yaml:3:7: loading base: bad thing");
	kr_err_set(&e, KR_EIO, NULL, "plain");
	kr_err_format(&e, out, sizeof(out));
	assert_string_equal(out, "plain");
}

static void test_err_is_bounded(void **state)
{
	kr_err e;
	char *big = malloc(20000);

	(void)state;
	memset(big, 'x', 19999);
	big[19999] = '\0';
	kr_err_set(&e, KR_EINVAL, NULL, "%s", big);
	assert_true(strlen(e.msg) < KR_ERR_MAX);
	assert_memory_equal(e.msg + strlen(e.msg) - 3, "...", 3);
	free(big);
}

static void test_quote_short_escapes_and_cuts(void **state)
{
	char q[96];
	char long_text[200];

	(void)state;
	assert_string_equal(kr_quote_short(q, sizeof(q), "a\tb", 3), "a\\x09b");
	memset(long_text, 'y', sizeof(long_text));
	kr_quote_short(q, sizeof(q), long_text, sizeof(long_text));
	assert_true(strlen(q) < sizeof(q));
	assert_non_null(strstr(q, "..."));
}

static void test_limits(void **state)
{
	kr_limits l;

	(void)state;
	kr_limits_default(&l);
	assert_int_equal(l.depth, 1000);
	assert_int_equal(kr_limits_set(&l, "depth=50"), 0);
	assert_int_equal(l.depth, 50);
	assert_int_equal(kr_limits_set(&l, "file-bytes=2M"), 0);
	assert_int_equal(l.file_bytes, 2 << 20);
	assert_int_equal(kr_limits_set(&l, "nope=1"), KR_EUSAGE);
	assert_int_equal(kr_limits_set(&l, "depth=0"), KR_EUSAGE);
	assert_int_equal(kr_limits_set(&l, "depth=x"), KR_EUSAGE);
	assert_int_equal(kr_limits_set(&l, "depth"), KR_EUSAGE);
	assert_int_equal(kr_limits_set(&l, "depth=99999999999999999"), KR_EUSAGE);
}

static void test_limits_timeout_units(void **state)
{
	kr_limits l;

	(void)state;
	kr_limits_default(&l);
	assert_int_equal(l.timeout_ms, 60000);
	assert_int_equal(kr_limits_set(&l, "timeout=5"), 0);
	assert_int_equal(l.timeout_ms, 5000);
	assert_int_equal(kr_limits_set(&l, "timeout=250ms"), 0);
	assert_int_equal(l.timeout_ms, 250);
	assert_int_equal(kr_limits_set(&l, "timeout=2s"), 0);
	assert_int_equal(l.timeout_ms, 2000);
	assert_int_equal(kr_limits_set(&l, "timeout=2m"), 0);
	assert_int_equal(l.timeout_ms, 120000);
	assert_int_equal(kr_limits_set(&l, "timeout=2K"), KR_EUSAGE);
	assert_int_equal(kr_limits_set(&l, "timeout=soon"), KR_EUSAGE);
	/* m is mebi everywhere else */
	assert_int_equal(kr_limits_set(&l, "file-bytes=2m"), 0);
	assert_int_equal(l.file_bytes, 2 << 20);
}

static void test_limits_list(void **state)
{
	kr_limits l;
	char bad[64] = "";

	(void)state;
	kr_limits_default(&l);
	assert_int_equal(kr_limits_set_list(&l, " depth=7,timeout=1s  documents=9,", bad, sizeof(bad)), 0);
	assert_int_equal(l.depth, 7);
	assert_int_equal(l.timeout_ms, 1000);
	assert_int_equal(l.documents, 9);
	assert_int_equal(kr_limits_set_list(&l, "", bad, sizeof(bad)), 0);
	assert_int_equal(kr_limits_set_list(&l, "depth=8,bogus=1,depth=9", bad, sizeof(bad)), KR_EUSAGE);
	assert_string_equal(bad, "bogus=1");
	assert_int_equal(l.depth, 8); /* applied up to the bad entry */
}

static void test_limits_format_round_trips(void **state)
{
	kr_limits l, back;
	char text[1024], bad[64];

	(void)state;
	kr_limits_default(&l);
	l.depth = 77;
	l.timeout_ms = 1500;
	l.file_bytes = 12345;
	kr_limits_format(&l, text, sizeof(text));
	kr_limits_default(&back);
	assert_int_equal(kr_limits_set_list(&back, text, bad, sizeof(bad)), 0);
	assert_memory_equal(&l, &back, sizeof(l));
}

static void test_vec_grow(void **state)
{
	int *v = NULL;
	size_t cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(kr_vec_grow(&v, &cap, i + 1, sizeof(*v)), 0);
		v[i] = (int)i;
	}
	assert_true(cap >= 1000);
	assert_int_equal(v[999], 999);
	assert_int_equal(kr_vec_grow(&v, &cap, (size_t)-1 / 2, sizeof(*v)), KR_ENOMEM);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append_and_limit),
		cmocka_unit_test(test_err_format_and_prefix),
		cmocka_unit_test(test_err_is_bounded),
		cmocka_unit_test(test_quote_short_escapes_and_cuts),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_limits_timeout_units),
		cmocka_unit_test(test_limits_list),
		cmocka_unit_test(test_limits_format_round_trips),
		cmocka_unit_test(test_vec_grow),
	};
	return cmocka_run_group_tests_name("util_buf", tests, NULL, NULL);
}
