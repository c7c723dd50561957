/*
 * test_yaml_scalar.c - unit tests for src/yaml/scalar.c: yaml.v3 typing
 * and JSON normalisation of plain input scalars, yaml.v2 typing, yaml.v2
 * double-quote decisions and Go float formatting.
 *
 * Every expected value comes from kustomize.md 3.3/3.4,
 * yaml-and-libraries.md 2.3(b)/(c), the emitter fixtures, or a run of
 * `kubectl kustomize` (kustomize v5.5.0) noted as "kubectl". "Emitted"
 * means the text kustomize prints for the value when no escaping is
 * needed: the normalised text, wrapped in "..." when yaml.v2 would quote it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "yaml/scalar.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct pair {
	const char *in, *out;
};

/* What kustomize prints for the plain input scalar @in ("ERR" on error). */
static void emitted(const char *in, char *buf, size_t cap)
{
	enum kr_scalar_type type;
	char out[KR_SCALAR_OUT_MAX];
	bool changed = false;
	const char *text;
	int rc;

	memset(out, 0, sizeof(out));
	rc = kr_scalar_resolve_v3(in, strlen(in), &type, out, &changed);
	if (rc != KR_SCALAR_OK) {
		snprintf(buf, cap, "ERR");
		return;
	}
	if (type != KR_SCALAR_STR) {
		snprintf(buf, cap, "%s", out);
		return;
	}
	text = changed ? out : in;
	if (kr_scalar_needs_quotes_v2(text, strlen(text)))
		snprintf(buf, cap, "\"%s\"", text);
	else
		snprintf(buf, cap, "%s", text);
}

static void check_emitted(const struct pair *p, size_t n)
{
	char buf[256];

	for (size_t i = 0; i < n; i++) {
		emitted(p[i].in, buf, sizeof(buf));
		if (strcmp(buf, p[i].out) != 0)
			fail_msg("input '%s': expected '%s', got '%s'",
				 p[i].in, p[i].out, buf);
	}
}

/* resolve_v3(@in) must give @type and, unless @expect is NULL, @expect. */
static void check_v3(const char *in, enum kr_scalar_type type,
		     const char *expect)
{
	enum kr_scalar_type t = (enum kr_scalar_type)-1;
	char out[KR_SCALAR_OUT_MAX] = "untouched";
	bool changed = true;

	assert_int_equal(kr_scalar_resolve_v3(in, strlen(in), &t, out,
					      &changed), KR_SCALAR_OK);
	if (t != type)
		fail_msg("input '%s': type %d, expected %d", in, t, type);
	if (!expect) {
		if (changed || strcmp(out, "untouched") != 0)
			fail_msg("input '%s' should stay a plain string", in);
		return;
	}
	assert_true(changed);
	assert_string_equal(out, expect);
}

static void check_quotes(const char *const *v, size_t n, bool expect)
{
	for (size_t i = 0; i < n; i++)
		if (kr_scalar_needs_quotes_v2(v[i], strlen(v[i])) != expect)
			fail_msg("'%s': needs_quotes should be %d", v[i],
				 expect);
}

/* ---- kustomize.md 3.3 (yaml.v3 typing of input values) -------------- */

static void test_v3_ints_in_every_base(void **state)
{
	static const struct pair p[] = {
		{ "42", "42" }, { "+12", "12" }, { "1_000", "1000" },
		{ "0x1F", "31" }, { "0o17", "15" }, { "017", "15" },
		{ "0b101", "5" }, { "08", "8" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("42", KR_SCALAR_INT, "42");
	check_v3("0x1F", KR_SCALAR_INT, "31");
}

static void test_v3_invalid_octal_is_an_integral_float(void **state)
{
	(void)state;
	/* 08 and 09.5 are floats to v3; 08 then prints as an int */
	check_v3("08", KR_SCALAR_INT, "8");
	check_v3("09.5", KR_SCALAR_FLOAT, "9.5");
}

static void test_v3_simple_floats(void **state)
{
	static const struct pair p[] = {
		{ "1.50", "1.5" }, { "1.0", "1" }, { "1e3", "1000" },
		{ "5.", "5" }, { ".5", "0.5" }, { "1.10", "1.1" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("1.50", KR_SCALAR_FLOAT, "1.5");
	check_v3("1e3", KR_SCALAR_INT, "1000");
}

static void test_v3_float_exponent_form(void **state)
{
	static const struct pair p[] = {
		{ "1234567.5", "1.2345675e+06" }, { "123456.5", "123456.5" },
		{ "0.00001", "1e-05" }, { "0.0001", "0.0001" },
		{ "1e20", "1e+20" }, { "1e21", "1e+21" },
		{ "1.5e+30", "1.5e+30" }, { "-1.5e-7", "-1.5e-07" },
		{ "123456789012345678901234", "1.2345678901234569e+23" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("1e20", KR_SCALAR_FLOAT, "1e+20");
}

static void test_v3_uint64_int_stays(void **state)
{
	(void)state;
	check_v3("12345678901234567890", KR_SCALAR_INT,
		 "12345678901234567890");
}

static void test_v3_negative_zero_float_is_zero(void **state)
{
	(void)state;
	check_v3("-0.0", KR_SCALAR_INT, "0");
}

static void test_v3_bools(void **state)
{
	(void)state;
	check_v3("true", KR_SCALAR_BOOL, "true");
	check_v3("True", KR_SCALAR_BOOL, "true");
	check_v3("FALSE", KR_SCALAR_BOOL, "false");
}

static void test_v3_yaml11_bools_are_quoted_strings(void **state)
{
	static const struct pair p[] = {
		{ "yes", "\"yes\"" }, { "on", "\"on\"" }, { "y", "\"y\"" },
		{ "Off", "\"Off\"" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("yes", KR_SCALAR_STR, NULL);
}

static void test_v3_nulls(void **state)
{
	(void)state;
	check_v3("null", KR_SCALAR_NULL, "null");
	check_v3("~", KR_SCALAR_NULL, "null");
	check_v3("", KR_SCALAR_NULL, "null");
}

static void test_v3_date_becomes_rfc3339(void **state)
{
	static const struct pair p[] = {
		{ "2001-12-14", "\"2001-12-14T00:00:00Z\"" },
		{ "2001-12-14t21:59:43.10-05:00",
		  "\"2001-12-14T21:59:43.1-05:00\"" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("2001-12-14", KR_SCALAR_STR, "2001-12-14T00:00:00Z");
}

static void test_v3_not_a_timestamp_stays_plain(void **state)
{
	static const struct pair p[] = {
		{ "2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5" },
		{ "1.20.3", "1.20.3" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("1.20.3", KR_SCALAR_STR, NULL);
}

static void test_v3_base60_is_a_quoted_string(void **state)
{
	(void)state;
	check_v3("1:20", KR_SCALAR_STR, NULL);
	check_emitted(&(struct pair){ "1:20", "\"1:20\"" }, 1);
}

static void test_v3_inf_nan_fail(void **state)
{
	static const struct {
		const char *in, *go;
	} c[] = {
		{ ".inf", "+Inf" }, { ".Inf", "+Inf" }, { "+.INF", "+Inf" },
		{ "-.inf", "-Inf" }, { ".nan", "NaN" }, { ".NaN", "NaN" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		enum kr_scalar_type t;
		char out[KR_SCALAR_OUT_MAX];
		bool changed;

		assert_int_equal(kr_scalar_resolve_v3(c[i].in,
						      strlen(c[i].in), &t, out,
						      &changed),
				 KR_SCALAR_EINF);
		assert_int_equal(t, KR_SCALAR_FLOAT);
		/* "json: unsupported value: +Inf" */
		assert_string_equal(out, c[i].go);
	}
}

/* ---- yaml-and-libraries.md 2.3(c) ----------------------------------- */

static void test_v3_table_2_3c(void **state)
{
	static const struct pair p[] = {
		{ "0x1F", "31" }, { "0o17", "15" }, { "0755", "493" },
		{ "1_000", "1000" }, { "-0", "0" }, { "+1", "1" },
		{ "1.0", "1" }, { "1e3", "1000" }, { "100.0", "100" },
		{ "3.0e0", "3" }, { "-1.5E+3", "-1500" },
		{ "1.10", "1.1" }, { "1.5e-7", "1.5e-07" },
		{ "0.00001", "1e-05" }, { "123456.5", "123456.5" },
		{ "1234567.5", "1.2345675e+06" }, { "1e21", "1e+21" },
		{ "1e20", "1e+20" },
		{ "-9223372036854775809", "-9.223372036854776e+18" },
		{ "100000000000000000000000", "1e+23" },
		{ "3.14159265358979323846", "3.141592653589793" },
		{ "12345678901234567890", "12345678901234567890" },
		{ "9223372036854775808", "9223372036854775808" },
		{ "08", "8" }, { "09.5", "9.5" }, { "0.1", "0.1" },
		{ "5e-324", "5e-324" },
		{ "True", "true" }, { "TRUE", "true" },
		{ "~", "null" }, { "Null", "null" }, { "", "null" },
		{ "yes", "\"yes\"" }, { "no", "\"no\"" }, { "on", "\"on\"" },
		{ "off", "\"off\"" }, { "y", "\"y\"" }, { "n", "\"n\"" },
		{ "2001-12-14", "\"2001-12-14T00:00:00Z\"" },
		{ "2001-12-14T21:59:43.10-05:00",
		  "\"2001-12-14T21:59:43.1-05:00\"" },
		{ ".inf", "ERR" }, { ".nan", "ERR" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
}

/* ---- emitter-fixtures/typed.input.yaml -> typed.kustomize.yaml ------- */

static void test_v3_typed_fixture(void **state)
{
	static const struct pair p[] = {
		{ "3", "3" }, { "-0", "0" }, { "+1", "1" }, { "1.0", "1" },
		{ "1.10", "1.1" }, { "1e3", "1000" }, { "3.0e0", "3" },
		{ "-1.5E+3", "-1500" }, { "1.5e-7", "1.5e-07" },
		{ "0.00001", "1e-05" }, { "0.5", "0.5" }, { ".5", "0.5" },
		{ "1234567.5", "1.2345675e+06" }, { "123456.5", "123456.5" },
		{ "1e21", "1e+21" }, { "1e20", "1e+20" }, { "0x1F", "31" },
		{ "0o17", "15" }, { "0755", "493" }, { "08", "8" },
		{ "09.5", "9.5" }, { "1_000", "1000" }, { "0b101", "5" },
		{ "12345678901234567890", "12345678901234567890" },
		{ "9223372036854775807", "9223372036854775807" },
		{ "9223372036854775808", "9223372036854775808" },
		{ "100000000000000000000000", "1e+23" },
		{ "true", "true" }, { "True", "true" }, { "TRUE", "true" },
		{ "yes", "\"yes\"" }, { "no", "\"no\"" }, { "on", "\"on\"" },
		{ "off", "\"off\"" }, { "y", "\"y\"" }, { "n", "\"n\"" },
		{ "~", "null" }, { "null", "null" }, { "Null", "null" },
		{ "", "null" }, { "12:30:45", "\"12:30:45\"" },
		{ "1:20", "\"1:20\"" },
		{ "3.14159265358979323846", "3.141592653589793" },
		{ "0.1", "0.1" }, { "100.0", "100" }, { "1e-5", "1e-05" },
		{ "5e-324", "5e-324" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
}

/* ---- kubectl: edge cases of Go's ParseInt/ParseFloat ---------------- */

static void test_v3_kubectl_number_edges(void **state)
{
	static const struct pair p[] = {
		{ "1e400", "1e400" }, /* ParseFloat overflow: a string */
		{ "-1e400", "-1e400" }, { "1e-400", "0" },
		{ "-_1", "-1" }, { "0x_1F", "31" }, { "1__0", "10" },
		{ "+18446744073709551615", "1.8446744073709552e+19" },
		{ "18446744073709551615", "18446744073709551615" },
		{ "18446744073709551616", "1.8446744073709552e+19" },
		{ "-9223372036854775808", "-9223372036854775808" },
		{ "-9223372036854775807", "-9223372036854775807" },
		{ "0B101", "5" }, { "0X1f", "31" }, { "0O17", "15" },
		{ "._5", "._5" }, { ".5_5", "0.55" },
		{ ".5e1_0", "5000000000" }, { "1.", "1" }, { "+.5", "0.5" },
		{ "-.5", "-0.5" }, { "1_0.5", "10.5" },
		{ "9007199254740993", "9007199254740993" },
		{ "1e22", "1e+22" },
		{ "123456789012345678901", "1.2345678901234568e+20" },
		{ "0.000001", "1e-06" }, { "1e-7", "1e-07" },
		{ "123456789.125", "1.23456789125e+08" }, { "0.1e1", "1" },
		{ "100e-2", "1" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
}

/*
 * kubectl: integral floats go through JSON as their shortest digits padded
 * with zeros; yaml.v2 re-reads that text as an int only when it fits.
 */
static void test_v3_kubectl_padded_integral_floats(void **state)
{
	static const struct pair p[] = {
		{ "-9223372036854775808.0", "-9.223372036854776e+18" },
		{ "9223372036854775807.0", "9223372036854776000" },
		{ "9223372036854775808.0", "9223372036854776000" },
		{ "1e19", "10000000000000000000" },
		{ "-1e18", "-1000000000000000000" }, { "-1e19", "-1e+19" },
		{ "-9.2e18", "-9200000000000000000" },
		{ "-9.3e18", "-9.3e+18" },
		{ "-4611686018427387904.0", "-4611686018427388000" },
		{ "18446744073709551615.0", "1.8446744073709552e+19" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
	check_v3("9223372036854775808.0", KR_SCALAR_INT,
		 "9223372036854776000");
	check_v3("-9.3e18", KR_SCALAR_FLOAT, "-9.3e+18");
}

/* kubectl: time.Parse details of the four v3 layouts */
static void test_v3_kubectl_timestamps(void **state)
{
	static const struct pair p[] = {
		{ "2001-12-14   21:59:43", "\"2001-12-14T21:59:43Z\"" },
		{ "2001-12-14T21:59:43+00:00", "\"2001-12-14T21:59:43Z\"" },
		{ "2001-12-14T21:59:43-00:00", "\"2001-12-14T21:59:43Z\"" },
		{ "2001-12-14T21:59:43.000Z", "\"2001-12-14T21:59:43Z\"" },
		{ "2001-12-14T21:59:43,5Z", "\"2001-12-14T21:59:43.5Z\"" },
		{ "2001-12-14T21:59:43.1234567891234Z",
		  "\"2001-12-14T21:59:43.123456789Z\"" },
		{ "2001-12-14T21:59:43+05:60", "\"2001-12-14T21:59:43+06:00\"" },
		{ "2000-2-29", "\"2000-02-29T00:00:00Z\"" },
		{ "2001-12-14t1:2:3Z", "\"2001-12-14T01:02:03Z\"" },
		{ "2001-12-14 1:2:3", "\"2001-12-14T01:02:03Z\"" },
		{ "2001-12-14 1:2:3.5", "\"2001-12-14T01:02:03.5Z\"" },
		{ "0000-01-01", "\"0000-01-01T00:00:00Z\"" },
		/* not timestamps */
		{ "2001-2-29", "2001-2-29" },
		{ "2001-12-14T24:00:00Z", "2001-12-14T24:00:00Z" },
		{ "2001-12-14T21:59:43+25:00", "2001-12-14T21:59:43+25:00" },
		{ "2001-12-14T21:59:43+05:61", "2001-12-14T21:59:43+05:61" },
		{ "2001-12-14T21:59:43 +05:00", "2001-12-14T21:59:43 +05:00" },
		{ "2001-12-14T21:59:43z", "2001-12-14T21:59:43z" },
		{ "2001-12-14T21:59:43+0500", "2001-12-14T21:59:43+0500" },
		{ "2001-12-14T21:59", "2001-12-14T21:59" },
		{ "2001-12-14T1:2:3.Z", "2001-12-14T1:2:3.Z" },
		{ "2001-12-14 1:2:3Z", "2001-12-14 1:2:3Z" },
		{ "2001-12-14T1:2:60Z", "2001-12-14T1:2:60Z" },
		{ "2001-12-14T1:60:3Z", "2001-12-14T1:60:3Z" },
	};

	(void)state;
	check_emitted(p, ARRAY_SIZE(p));
}

/* kubectl: "timezone hour outside of range [0,23]" from MarshalJSON */
static void test_v3_kubectl_offset_hour_24_fails(void **state)
{
	static const char *const in[] = { "2001-12-14T21:59:43+24:00",
					  "2001-12-14T21:59:43+23:60" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		enum kr_scalar_type t;
		char out[KR_SCALAR_OUT_MAX];
		bool changed;

		assert_int_equal(kr_scalar_resolve_v3(in[i], strlen(in[i]), &t,
						      out, &changed),
				 KR_SCALAR_ETIME);
		assert_false(changed);
	}
}

static void test_v3_plain_strings_untouched(void **state)
{
	static const char *const in[] = {
		"plain", "<<", "+", ".", "0x", "nil", "inf", "+.NAN",
		"-.nan", "1e", "e3", "0xG", "1,000", "héllo",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(in); i++)
		check_v3(in[i], KR_SCALAR_STR, NULL);
}

/* ---- kr_json_format_float() ------------------------------------------ */

static void check_float(double v, const char *expect)
{
	char out[KR_SCALAR_OUT_MAX];
	size_t len = kr_json_format_float(v, out);

	assert_string_equal(out, expect);
	assert_int_equal(len, strlen(expect));
}

static void test_float_integral_values_print_as_ints(void **state)
{
	(void)state;
	check_float(1.0, "1");
	check_float(1000.0, "1000");
	check_float(-1500.0, "-1500");
	check_float(-0.0, "0");
	check_float(0.0, "0");
	check_float(1e19, "10000000000000000000");
	/* kubectl: padded shortest digits, not the exact value */
	check_float(9223372036854775808.0, "9223372036854776000");
	check_float(-9223372036854775808.0, "-9.223372036854776e+18");
	check_float(18446744073709551616.0, "1.8446744073709552e+19");
}

static void test_float_g_format_cutoffs(void **state)
{
	(void)state;
	check_float(123456.5, "123456.5");
	check_float(1234567.5, "1.2345675e+06");
	check_float(0.0001, "0.0001");
	check_float(0.00001, "1e-05");
	check_float(1e20, "1e+20");
	check_float(1e21, "1e+21");
	check_float(1.5e-7, "1.5e-07");
	check_float(1.5e+30, "1.5e+30");
	check_float(0.1, "0.1");
	check_float(123456789.125, "1.23456789125e+08");
}

static void test_float_shortest_round_trip_digits(void **state)
{
	(void)state;
	check_float(3.14159265358979323846, "3.141592653589793");
	check_float(123456789012345678901234.0, "1.2345678901234569e+23");
	check_float(5e-324, "5e-324");
	check_float(DBL_MAX, "1.7976931348623157e+308");
	check_float(DBL_MIN, "2.2250738585072014e-308");
	/* kubectl: 2^-1017, whose correctly rounded 16 digits do not read
	 * back (lopsided interval at a power of two) */
	check_float(ldexp(1.0, -1017), "7.120236347223045e-307");
}

static void test_float_inf_nan_text(void **state)
{
	(void)state;
	check_float(INFINITY, "+Inf");
	check_float(-INFINITY, "-Inf");
	check_float(NAN, "NaN");
}

/* ---- kr_scalar_type_v2() ----------------------------------------------- */

/*
 * kubectl: `namePrefix: <v>` in kustomization.yaml fails with "cannot
 * unmarshal bool" (BOOL), "cannot unmarshal number" (INT/FLOAT),
 * "unsupported value" (.inf/.nan), or works (STR, and NULL = no prefix).
 */
static void test_v2_type_kustomization_fields(void **state)
{
	static const struct {
		const char *in;
		enum kr_scalar_type type;
	} c[] = {
		{ "on", KR_SCALAR_BOOL }, { "yes", KR_SCALAR_BOOL },
		{ "Off", KR_SCALAR_BOOL },
		{ "123", KR_SCALAR_INT }, { "0x1F", KR_SCALAR_INT },
		{ "0b101", KR_SCALAR_INT }, { "1_000", KR_SCALAR_INT },
		{ "12345678901234567890", KR_SCALAR_INT },
		{ "1.10", KR_SCALAR_FLOAT }, { "1e3", KR_SCALAR_FLOAT },
		{ ".5", KR_SCALAR_FLOAT }, { "08", KR_SCALAR_FLOAT },
		{ "100000000000000000000000", KR_SCALAR_FLOAT },
		{ ".inf", KR_SCALAR_FLOAT }, { ".nan", KR_SCALAR_FLOAT },
		{ "~", KR_SCALAR_NULL }, { "Null", KR_SCALAR_NULL },
		{ "", KR_SCALAR_NULL },
		/* strings: base 60 and timestamps are NOT resolved by v2 */
		{ "1:20", KR_SCALAR_STR }, { "-1:30", KR_SCALAR_STR },
		{ "2001-12-14", KR_SCALAR_STR },
		{ "2001-12-14T21:59:43.10-05:00", KR_SCALAR_STR },
		{ "1.20.3", KR_SCALAR_STR }, { "nil", KR_SCALAR_STR },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		if (kr_scalar_type_v2(c[i].in, strlen(c[i].in)) != c[i].type)
			fail_msg("'%s': expected type %d", c[i].in, c[i].type);
}

/* ---- yaml-and-libraries.md 2.3(b) ------------------------------------ */

static void test_v2_quotes_nulls(void **state)
{
	static const char *const v[] = { "", "~", "null", "Null", "NULL" };

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), true);
}

static void test_v2_quotes_bools(void **state)
{
	static const char *const v[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
	};

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), true);
}

static void test_v2_quotes_special_floats(void **state)
{
	static const char *const v[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
		"-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
	};

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), true);
}

static void test_v2_quotes_digit_or_sign_first(void **state)
{
	static const char *const v[] = {
		/* timestamps with a 4-digit year */
		"2001-12-14", "2001-1-1", "2001-12-14t21:59:43.10-05:00",
		"2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10",
		/* ints (ParseInt base 0 after removing '_'), uints */
		"0x1F", "0o17", "0b101", "0755", "+1", "1_000",
		"12345678901234567890",
		/* floats matching yamlStyleFloat */
		"08", "5.", "1e3", "-0.5", "1.10",
	};

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), true);
}

static void test_v2_quotes_dot_first(void **state)
{
	(void)state;
	check_quotes((const char *const[]){ ".5" }, 1, true);
}

static void test_v2_quotes_base60(void **state)
{
	static const char *const v[] = {
		"12:30:45", "1:20", "-1:30:00.5", "190:20:30", "-1:30",
		"1:2:3.5",
	};

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), true);
	check_quotes((const char *const[]){ "12:60" }, 1, false);
}

static void test_v2_quotes_stay_plain(void **state)
{
	static const char *const v[] = {
		"nil", "None", "inf", "nan", "Infinity", "NaN", "1e", "e3",
		"0xG", "1,000", "1.2.3", "+", ".", "=", "<<",
	};

	(void)state;
	check_quotes(v, ARRAY_SIZE(v), false);
}

/* ---- kustomize.md 3.4 (Step A only; libyaml picks ' or escapes) ------ */

static void test_v2_quotes_table_3_4(void **state)
{
	static const char *const dq[] = {
		"", "123", "1.5", "0x1F", "1e3", ".5", "+1", "-1", "1_000",
	};
	static const char *const not_dq[] = {
		"it's", "a,b", "a#b", "50%", "a[b]c{d}", "?q", "-dash", "<<",
		"=", "http://x.y/z?a=b", "a: b", "a #b", "key:", ":", "?", "-",
		"- dash", "*star", "&amp", "!bang", "%pct", "@at", "`tick",
		"{brace", "[br", "|pipe", ">gt", ",x", "\"q", "'q", " sp",
		"sp ", "   ", "a\tb", "a\001b", "h\303\251llo", "a\302\240b",
		"a\342\200\213b", "smile \360\237\230\200", "\357\273\277x",
		"a\342\200\250b", "a\r\nb", "a\302\205b",
	};

	(void)state;
	check_quotes(dq, ARRAY_SIZE(dq), true);
	check_quotes(not_dq, ARRAY_SIZE(not_dq), false);
}

/* ---- kubectl: quoted input strings, double-quoted or not on output --- */

static void test_v2_quotes_kubectl_edges(void **state)
{
	static const char *const dq[] = {
		"0B101", "+18446744073709551615", ".5_5", "-_1", "1__0",
		"0x_1F", "2001-12-14   21:59:43", "2001-12-14T21:59:43+24:00",
		"+12:30", "1:2:3.5_", "1_2:30", "-0o17", "-0x1F", "+0b1",
		"1e-400", "Yes", "Off", "1:5", "1:05", "-1:2", "1e+3", "1.e3",
		"-.5e-3", ".5E+3", "+.inf", "-.Inf", "0.5_", "5_",
		"2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10",
	};
	static const char *const plain[] = {
		"1e400", "2001-2-29", "._5", "_1", "2001-12-14T21:59:43+25:00",
		"1:2:3.5.5", "0x", "0b", "0o", ".e3", ".5.", "yES", "oN", "<<",
		"1:60", "1:005", "1:2:", "+.NAN", "-.nan", "infinity", "+inf",
		".infinity",
	};

	(void)state;
	check_quotes(dq, ARRAY_SIZE(dq), true);
	check_quotes(plain, ARRAY_SIZE(plain), false);
}

/*
 * emitter-fixtures/tricky: every single-line value without characters
 * that force escapes; 1 = kustomize printed it double-quoted.
 */
static void test_v2_quotes_tricky_fixture(void **state)
{
	static const struct {
		const char *s;
		int dq;
	} c[] = {
	{ "", 1 }, { " ", 0 }, { "  ", 0 }, { "plain", 0 }, { "two words", 0 },
	{ "true", 1 }, { "false", 1 }, { "True", 1 }, { "TRUE", 1 },
	{ "yes", 1 }, { "no", 1 }, { "Yes", 1 }, { "NO", 1 }, { "on", 1 },
	{ "off", 1 }, { "On", 1 }, { "OFF", 1 }, { "y", 1 }, { "n", 1 },
	{ "Y", 1 }, { "N", 1 }, { "null", 1 }, { "Null", 1 }, { "NULL", 1 },
	{ "~", 1 }, { "nil", 0 }, { "None", 0 }, { "1", 1 }, { "-1", 1 },
	{ "+1", 1 }, { "0", 1 }, { "00", 1 }, { "007", 1 }, { "08", 1 },
	{ "1.0", 1 }, { "1.10", 1 }, { "-0.5", 1 }, { ".5", 1 }, { "5.", 1 },
	{ "1e3", 1 }, { "1E3", 1 }, { "1e", 0 }, { "e3", 0 }, { "0x1F", 1 },
	{ "0xG", 0 }, { "0o17", 1 }, { "0755", 1 }, { "0b101", 1 },
	{ "-0b101", 1 }, { "1_000", 1 }, { "1,000", 0 }, { "1.2.3", 0 },
	{ "+", 0 }, { "-", 0 }, { ".", 0 }, { ".inf", 1 }, { "-.inf", 1 },
	{ "+.inf", 1 }, { ".Inf", 1 }, { ".nan", 1 }, { ".NaN", 1 },
	{ "inf", 0 }, { "nan", 0 }, { "Infinity", 0 }, { "NaN", 0 },
	{ "12:30:45", 1 }, { "1:20", 1 }, { "190:20:30", 1 }, { "-1:30", 1 },
	{ "1:2:3.5", 1 }, { "12:60", 0 }, { "2001-12-14", 1 },
	{ "2001-12-14t21:59:43.10-05:00", 1 }, { "2001-12-14 21:59:43.10", 1 },
	{ "2001-1-1", 1 }, { "20011214", 1 }, { " leading space", 0 },
	{ "trailing space ", 0 }, { "a: b", 0 }, { "a:b", 0 }, { "a :b", 0 },
	{ "key:", 0 }, { "key: ", 0 }, { ":x", 0 }, { ": x", 0 }, { "::", 0 },
	{ "- item", 0 }, { "-x", 0 }, { "--", 0 }, { "---", 0 },
	{ "--- x", 0 }, { "...", 0 }, { "... x", 0 }, { "? q", 0 }, { "?", 0 },
	{ "?x", 0 }, { "x?", 0 }, { "a ?b", 0 }, { "# comment", 0 },
	{ "a #b", 0 }, { "a#b", 0 }, { "#", 0 }, { "a# b", 0 },
	{ "&anchor", 0 }, { "*alias", 0 }, { "!tag", 0 }, { "!", 0 },
	{ "%percent", 0 }, { "@at", 0 }, { "`backtick", 0 }, { "|pipe", 0 },
	{ "|", 0 }, { ">gt", 0 }, { ">", 0 }, { "'sq", 0 }, { "\"dq", 0 },
	{ "{brace", 0 }, { "}", 0 }, { "[bracket", 0 }, { "]", 0 },
	{ ",comma", 0 }, { "a,b", 0 }, { "a[b]", 0 }, { "a{b}", 0 },
	{ "a}", 0 }, { "=", 0 }, { "<<", 0 },
	{ "http://example.com/a?b=c#frag", 0 }, { "C:\\path\\x", 0 },
	{ "a\\b", 0 }, { "'", 0 }, { "\"", 0 }, { "'quoted'", 0 },
	{ "\"dq\"", 0 }, { "it's", 0 }, { "say \"hi\"", 0 },
	{ "unicode \303\251", 0 }, { "\302\240nbsp", 0 },
	{ "nbsp\302\240", 0 },
	{ "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore", 0 },
	{ "Lorem-ipsum-dolor-sit-amet,-consectetur-adipiscing-elit,-sed-do-eiusmod-tempor-incididunt-ut-labore-et", 0 },
	{ "Lorem ipsum dolor sit amet: consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore", 0 },
	{ "ab  cd", 0 },
	{ "ab   cd efgh ijkl mnop qrst uvwx yz01 2345 6789 abcd efgh ijkl mnop qrst uvwx yz", 0 },
	{ "{{ .Values.x }}", 0 }, { "${VAR}", 0 }, { "$(VAR)", 0 },
	{ "%{x}", 0 }, { "@{x}", 0 }, { "*", 0 }, { "&", 0 }, { "!!str", 0 },
	{ "?:", 0 }, { "-:", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		if (kr_scalar_needs_quotes_v2(c[i].s, strlen(c[i].s)) !=
		    (c[i].dq != 0))
			fail_msg("'%s': needs_quotes should be %d", c[i].s,
				 c[i].dq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_ints_in_every_base),
		cmocka_unit_test(test_v3_invalid_octal_is_an_integral_float),
		cmocka_unit_test(test_v3_simple_floats),
		cmocka_unit_test(test_v3_float_exponent_form),
		cmocka_unit_test(test_v3_uint64_int_stays),
		cmocka_unit_test(test_v3_negative_zero_float_is_zero),
		cmocka_unit_test(test_v3_bools),
		cmocka_unit_test(test_v3_yaml11_bools_are_quoted_strings),
		cmocka_unit_test(test_v3_nulls),
		cmocka_unit_test(test_v3_date_becomes_rfc3339),
		cmocka_unit_test(test_v3_not_a_timestamp_stays_plain),
		cmocka_unit_test(test_v3_base60_is_a_quoted_string),
		cmocka_unit_test(test_v3_inf_nan_fail),
		cmocka_unit_test(test_v3_table_2_3c),
		cmocka_unit_test(test_v3_typed_fixture),
		cmocka_unit_test(test_v3_kubectl_number_edges),
		cmocka_unit_test(test_v3_kubectl_padded_integral_floats),
		cmocka_unit_test(test_v3_kubectl_timestamps),
		cmocka_unit_test(test_v3_kubectl_offset_hour_24_fails),
		cmocka_unit_test(test_v3_plain_strings_untouched),
		cmocka_unit_test(test_float_integral_values_print_as_ints),
		cmocka_unit_test(test_float_g_format_cutoffs),
		cmocka_unit_test(test_float_shortest_round_trip_digits),
		cmocka_unit_test(test_float_inf_nan_text),
		cmocka_unit_test(test_v2_type_kustomization_fields),
		cmocka_unit_test(test_v2_quotes_nulls),
		cmocka_unit_test(test_v2_quotes_bools),
		cmocka_unit_test(test_v2_quotes_special_floats),
		cmocka_unit_test(test_v2_quotes_digit_or_sign_first),
		cmocka_unit_test(test_v2_quotes_dot_first),
		cmocka_unit_test(test_v2_quotes_base60),
		cmocka_unit_test(test_v2_quotes_stay_plain),
		cmocka_unit_test(test_v2_quotes_table_3_4),
		cmocka_unit_test(test_v2_quotes_kubectl_edges),
		cmocka_unit_test(test_v2_quotes_tricky_fixture),
	};

	return cmocka_run_group_tests_name("yaml_scalar", tests, NULL, NULL);
}
