/*
 * gotmpl.c - fuzz target: the Go template engine. The input is a template
 * (parsed as Go's text/template with Sprig and ArgoCD's functions) run
 * over fixed data of every value kind under each missingkey option; it is
 * also given to the JSON scanner. Any input must end in output or a Go
 * error, inside the step and depth budgets.
 */
#include "fuzz.h"
#include "gotmpl/gotmpl.h"
#include "util/arena.h"
#include "util/limits.h"
#include "yaml/load.h"

#include <string.h>

static const char data_yaml[] =
	"name: guestbook\nn: 3\nf: 1.5\nt: true\nnil: null\nlist: [a, 2, {k: v}]\n"
	"map: {a-b: c, nested: {x: [1, 2]}}\nyaml: \"a: 1\\nb: [x]\"\njson: '{\"a\": [1, true, null]}'\nempty: ''\n";

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
	static const char *const options[] = {"missingkey=default", "missingkey=zero", "missingkey=error"};
	kr_arena *a = kr_arena_new(256u << 20);
	kr_gt_template *t;
	kr_yaml_stream s;
	kr_limits lim;
	kr_err err;
	kr_buf out;
	size_t i;

	if (!a)
		return 0;
	kr_limits_default(&lim);
	memset(&err, 0, sizeof(err));
	if (kr_yaml_load(&s, a, "data.yaml", data_yaml, sizeof(data_yaml) - 1, &lim, 0, &err) == 0 &&
	    kr_gt_parse(a, "", (const char *)bytes, size, &t, &err) == 0) {
		kr_gt_value dot = kr_gt_from_node(a, s.docs[0]);

		for (i = 0; i < 3; i++) {
			kr_buf_init(&out, (size_t)1 << 24);
			if (kr_gt_option(t, options[i], &err) == 0)
				kr_gt_exec(a, t, dot, &out, &err);
			kr_buf_dispose(&out);
		}
	}
	kr_arena_free(a);
	return 0;
}
