/*
 * limits.c - default limits and "name=value" overrides.
 */
#include "util/limits.h"
#include "util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MiB ((size_t)1 << 20)

void kr_limits_default(kr_limits *l)
{
	l->file_bytes = 16 * MiB;
	l->input_bytes = 64 * MiB;
	l->depth = 1000;
	l->alias_nodes = 1000000;
	l->documents = 100000;
	l->kust_loads = 10000;
	l->base_depth = 1000;
	l->output_bytes = 128 * MiB;
	l->memory_bytes = 1024 * MiB;
	l->timeout_ms = 60000;
}

static const struct {
	const char *name;
	size_t offset;
} table[] = {
	{"file-bytes", offsetof(kr_limits, file_bytes)},
	{"input-bytes", offsetof(kr_limits, input_bytes)},
	{"depth", offsetof(kr_limits, depth)},
	{"alias-nodes", offsetof(kr_limits, alias_nodes)},
	{"documents", offsetof(kr_limits, documents)},
	{"kustomization-loads", offsetof(kr_limits, kust_loads)},
	{"base-depth", offsetof(kr_limits, base_depth)},
	{"output-bytes", offsetof(kr_limits, output_bytes)},
	{"memory-bytes", offsetof(kr_limits, memory_bytes)},
	{"timeout", offsetof(kr_limits, timeout_ms)},
};

const char *kr_limits_names(void)
{
	return "file-bytes, input-bytes, depth, alias-nodes, documents, "
	       "kustomization-loads, base-depth, output-bytes, memory-bytes, timeout";
}

/* the name before @eq is @name */
static int is_name(const char *s, const char *eq, const char *name)
{
	return strlen(name) == (size_t)(eq - s) && memcmp(name, s, (size_t)(eq - s)) == 0;
}

int kr_limits_set(kr_limits *l, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	unsigned long long v;
	char *end;
	size_t i;

	if (!eq || eq == assignment || !eq[1])
		return KR_EUSAGE;
	errno = 0;
	v = strtoull(eq + 1, &end, 10);
	if (errno || end == eq + 1)
		return KR_EUSAGE;
	if (v > (1ULL << 40))
		return KR_EUSAGE;
	if (is_name(assignment, eq, "timeout")) {
		if (strcmp(end, "ms") == 0)
			end += 2;
		else if (strcmp(end, "m") == 0)
			v *= 60000, end++;
		else if (*end == 's' || !*end)
			v *= 1000, end += *end == 's';
	} else if (*end == 'K' || *end == 'k') {
		v <<= 10, end++;
	} else if (*end == 'M' || *end == 'm') {
		v <<= 20, end++;
	} else if (*end == 'G' || *end == 'g') {
		v <<= 30, end++;
	}
	if (*end || v == 0)
		return KR_EUSAGE;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (is_name(assignment, eq, table[i].name)) {
			*(size_t *)((char *)l + table[i].offset) = (size_t)v;
			return 0;
		}
	}
	return KR_EUSAGE;
}

int kr_limits_set_list(kr_limits *l, const char *list, char *bad, size_t nbad)
{
	const char *p = list;

	while (*p) {
		char one[128];
		size_t n = strcspn(p, ", \t\n");

		if (n == 0) {
			p++;
			continue;
		}
		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		if (n >= sizeof(one) || kr_limits_set(l, one) < 0) {
			snprintf(bad, nbad, "%.*s", (int)(n > 100 ? 100 : n), p);
			return KR_EUSAGE;
		}
		p += n;
	}
	return 0;
}

void kr_limits_format(const kr_limits *l, char *buf, size_t cap)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(table) / sizeof(table[0]) && off < cap; i++) {
		size_t v = *(const size_t *)((const char *)l + table[i].offset);
		int n = snprintf(buf + off, cap - off, "%s%s=%zu%s", i ? "," : "", table[i].name, v,
				 table[i].offset == offsetof(kr_limits, timeout_ms) ? "ms" : "");
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

unsigned long long kr_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}
