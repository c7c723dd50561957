/*
 * plan_time.c - the sync's start time (hook names, Prune=confirm): RFC 3339
 * or Unix seconds, parsed without the C library's time zone machinery.
 */
#include "sync/plan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* days since 1970-01-01 of a proleptic Gregorian date */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* @n decimal digits of @s */
static bool digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool kr_plan_parse_time(const char *s, long long *out)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0;
	const char *p = s;
	long long v = 0;

	if (*s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 18) {
		for (; *p; p++)
			v = v * 10 + (*p - '0');
		*out = v;
		return true;
	}
	/* Go's time.RFC3339: 2006-01-02T15:04:05Z07:00, optional fraction */
	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return false;
	p = s + 19;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			;
		if (!isdigit((unsigned char)p[-1]))
			return false;
	}
	if (*p == 'Z' && !p[1]) {
		/* UTC */
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) && p[3] == ':' &&
		   digits(p + 4, 2, &om)) {
		if (*p == '-')
			oh = -oh, om = -om;
	} else {
		return false;
	}
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - (oh * 3600 + om * 60);
	return true;
}

int kr_plan_time(kr_arena *a, const kr_plan_opts *o, long long *out, kr_err *err)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");

	if (o->started_at) {
		const char *t = o->started_at->kind == KR_NODE_SCALAR ? kr_node_text(a, o->started_at) : NULL;

		if (!t)
			t = "";

		if (!kr_plan_parse_time(t, out))
			return kr_err_set(err, KR_EINVAL, NULL, "status.operationState.startedAt: '%s' is not an RFC 3339 time", t);
		return 0;
	}
	if (env && *env) {
		if (!kr_plan_parse_time(env, out) || strspn(env, "0123456789") != strlen(env))
			return kr_err_set(err, KR_EINVAL, NULL, "SOURCE_DATE_EPOCH: '%s' is not a number of seconds", env);
		return 0;
	}
	*out = (long long)time(NULL);
	return 0;
}

