/*
 * unit.h - what every cmocka unit test includes, plus small helpers to
 * load YAML text into a tree with default limits.
 */
#ifndef KR_TESTS_UNIT_H
#define KR_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/limits.h"
#include "yaml/load.h"

/* Load @text (one document expected) into @a; fail the test on error. */
static inline kr_node *unit_load(kr_arena *a, const char *text, unsigned flags)
{
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;
	int rc;

	kr_limits_default(&lim);
	rc = kr_yaml_load(&s, a, "t.yaml", text, strlen(text), &lim, flags, &err);
	if (rc != 0)
		fail_msg("load failed: %s", err.msg);
	assert_int_equal(s.n, 1);
	return s.docs[0];
}

/* Load @text expecting failure; returns the error record. */
static inline kr_err unit_load_err(kr_arena *a, const char *text, unsigned flags)
{
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;

	kr_limits_default(&lim);
	kr_err_clear(&err);
	assert_true(kr_yaml_load(&s, a, "t.yaml", text, strlen(text), &lim, flags, &err) < 0);
	return err;
}

#endif
