/* test_util_proc.c - kr_proc_run: output capture, exit codes, limits, timeouts. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util/proc.h"

static int sh(const char *script, char *const env[], kr_buf *out, kr_buf *err, long timeout_ms,
	      kr_proc_result *res)
{
	char *argv[] = {"sh", "-c", (char *)script, NULL};

	return kr_proc_run(argv, env, out, err, timeout_ms, res);
}

static void test_proc_collects_both_streams(void **state)
{
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 1 << 20);
	kr_buf_init(&err, 1 << 20);
	assert_int_equal(sh("echo out; echo err >&2; exit 3", NULL, &out, &err, 5000, &res), 0);
	assert_int_equal(res.status, 3);
	assert_false(res.timed_out);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.data, "out\n", 4);
	assert_memory_equal(err.data, "err\n", 4);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

/* 1 MB on each stream at once: neither pipe may block the other */
static void test_proc_large_output_on_both(void **state)
{
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 4 << 20);
	kr_buf_init(&err, 4 << 20);
	assert_int_equal(sh("head -c 1000000 /dev/zero >&2; head -c 1000000 /dev/zero", NULL, &out, &err,
			    20000, &res), 0);
	assert_int_equal(res.status, 0);
	assert_int_equal(out.len, 1000000);
	assert_int_equal(err.len, 1000000);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

static void test_proc_environment_added(void **state)
{
	char *env[] = {"KR_PROC_TEST=hello", NULL};
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 1024);
	kr_buf_init(&err, 1024);
	assert_int_equal(sh("printf %s \"$KR_PROC_TEST\"", env, &out, &err, 5000, &res), 0);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.data, "hello", 5);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

static void test_proc_not_found(void **state)
{
	char *argv[] = {"krender-no-such-program", NULL};
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 1024);
	kr_buf_init(&err, 1024);
	assert_int_equal(kr_proc_run(argv, NULL, &out, &err, 5000, &res), 0);
	assert_true(res.not_found);
	assert_int_equal(res.status, 127);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

static void test_proc_output_over_limit_is_cut(void **state)
{
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 1000);
	kr_buf_init(&err, 1000);
	assert_int_equal(sh("while :; do echo yes; done", NULL, &out, &err, 20000, &res), KR_ETOOBIG);
	assert_true(out.len <= 1000);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

static void test_proc_timeout_kills(void **state)
{
	kr_buf out, err;
	kr_proc_result res;

	(void)state;
	kr_buf_init(&out, 1024);
	kr_buf_init(&err, 1024);
	assert_int_equal(sh("exec sleep 30", NULL, &out, &err, 200, &res), 0);
	assert_true(res.timed_out);
	assert_int_equal(res.status, 128 + 9);
	kr_buf_dispose(&out);
	kr_buf_dispose(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_collects_both_streams),
		cmocka_unit_test(test_proc_large_output_on_both),
		cmocka_unit_test(test_proc_environment_added),
		cmocka_unit_test(test_proc_not_found),
		cmocka_unit_test(test_proc_output_over_limit_is_cut),
		cmocka_unit_test(test_proc_timeout_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
