/*
 * diff.c - fuzz target: the diff engine. The input is a YAML stream whose
 * even documents are desired and odd ones live objects; they are compared
 * with a JSON-pointer rule, managed-fields managers, a masked annotation
 * and the default status rule, and reported as text, unified and JSON.
 * Every scalar also goes through the quantity and duration parsers, whose
 * canonical forms must be fixed points, and through the JSON-pointer
 * remover as a pointer.
 */
#include "fuzz.h"
#include "diff/diff.h"
#include "diff/duration.h"
#include "diff/normalize.h"
#include "diff/quantity.h"
#include "diff/report.h"
#include "util/arena.h"
#include "util/limits.h"
#include "yaml/load.h"

#include <stdlib.h>
#include <string.h>

static void quantities(kr_arena *a, const kr_node *n, kr_node *root)
{
	size_t i;

	if (n->kind == KR_NODE_SCALAR) {
		char once[64], twice[64];
		char ptr[80];

		if (n->len < 48 && kr_quantity_canonical(n->u.str, n->len, once, sizeof(once))) {
			if (!kr_quantity_canonical(once, strlen(once), twice, sizeof(twice)) || strcmp(once, twice) != 0)
				abort(); /* canonical must be canonical */
		}
		if (n->len < 48 && kr_duration_canonical(n->u.str, n->len, once, sizeof(once))) {
			if (!kr_duration_canonical(once, strlen(once), twice, sizeof(twice)) || strcmp(once, twice) != 0)
				abort();
		}
		if (n->len < 64 && root) {
			kr_json_pointer p;

			memcpy(ptr, n->u.str, n->len);
			ptr[n->len] = '\0';
			if (kr_json_pointer_parse(a, ptr, &p) == 0)
				kr_json_pointer_remove(root, &p);
		}
		return;
	}
	for (i = 0; i < n->len; i++)
		quantities(a, n->kind == KR_NODE_MAP ? n->u.pairs[i].value : n->u.items[i], root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *replicas[] = {"spec", "replicas"}, *label[] = {"metadata", "labels", "a/b"};
	kr_json_pointer pointers[] = {{replicas, 2}, {label, 3}};
	static const char *masked[] = {"secret/note"};
	static const char *managers[] = {"kube-controller-manager", "m"};
	kr_diff_rule rule = {.group = "*", .kind = "*", .name = "", .ns = "", .pointers = pointers, .npointers = 2,
			     .managers = managers, .nmanagers = 2, .origin = "fuzz rule"};
	kr_diff_config c = {.ns = "default", .rules = &rule, .nrules = 1, .status = KR_STATUS_ALL,
			    .mask_annotations = masked, .nmask = 1, .jq_timeout_ms = 1000};
	kr_arena *a = kr_arena_new(64u << 20);
	kr_node **want, **live;
	kr_limits lim;
	kr_yaml_stream s;
	kr_diff_result r;
	kr_err err;
	size_t i, nw = 0, nl = 0;

	if (!a)
		return 0;
	kr_limits_default(&lim);
	if (kr_yaml_load(&s, a, "fuzz.yaml", (const char *)data, size, &lim, KR_LOAD_RESOURCE, &err) == 0 && s.n) {
		want = kr_arena_alloc(a, s.n * sizeof(*want));
		live = kr_arena_alloc(a, s.n * sizeof(*live));
		for (i = 0; want && live && i < s.n; i++) {
			if (i % 2)
				live[nl++] = s.docs[i];
			else
				want[nw++] = s.docs[i];
		}
		if (want && live && kr_diff_compute(a, &c, want, nw, live, nl, &r, &err) == 0) {
			enum kr_diff_format f;
			for (f = KR_DIFF_TEXT; f <= KR_DIFF_JSON; f++) {
				kr_buf out;
				kr_buf_init(&out, 64u << 20);
				kr_diff_report(&out, &r, f, true, f == KR_DIFF_UNIFIED, &err);
				kr_buf_dispose(&out);
			}
			for (i = 0; i < r.n; i++)
				if (r.items[i].live)
					quantities(a, r.items[i].live, r.items[i].live);
		}
	}
	kr_arena_free(a);
	return 0;
}
