/*
 * limits.c - default limits and "name=value" overrides.
 */
#include "util/limits.h"
#include "util/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
};

const char *kr_limits_names(void)
{
	return "file-bytes, input-bytes, depth, alias-nodes, documents, "
	       "kustomization-loads, base-depth, output-bytes, memory-bytes";
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
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end || v == 0)
		return KR_EUSAGE;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strlen(table[i].name) == (size_t)(eq - assignment) &&
		    memcmp(table[i].name, assignment, (size_t)(eq - assignment)) == 0) {
			*(size_t *)((char *)l + table[i].offset) = (size_t)v;
			return 0;
		}
	}
	return KR_EUSAGE;
}
