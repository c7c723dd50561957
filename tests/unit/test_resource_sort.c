/*
 * test_resource_sort.c - resource IDs, the resource map and kustomize's
 * legacy order. The expected order is the one kubectl kustomize printed for
 * the scrambled 40-object input recorded in shared/spec/kustomize.md 4.
 */
#include <stdio.h>

#include "unit.h"
#include "resource/resource.h"

static kr_resource *mk(kr_arena *a, const char *av, const char *kind, const char *name,
		       const char *ns)
{
	char text[512];
	kr_resource *r = kr_arena_zalloc(a, sizeof(*r));
	kr_err e;

	snprintf(text, sizeof(text), "apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n%s%s\n", av, kind,
		 name, ns ? "  namespace: " : "", ns ? ns : "");
	r->root = unit_load(a, text, KR_LOAD_RESOURCE);
	r->file = "t.yaml";
	assert_int_equal(kr_resid_from_node(&r->id, r->root, true, a, "t.yaml", &e), 0);
	return r;
}

static void test_legacy_order(void **state)
{
	static const char *const in[][4] = {
		/* given scrambled; the table below is the order kubectl printed */
		{"v1", "Namespace", "ns1", NULL},
		{"example.com/v1", "Namespace", "ns-custom", NULL},
		{"v1", "ResourceQuota", "rq", "a"},
		{"storage.k8s.io/v1", "StorageClass", "sc", NULL},
		{"apiextensions.k8s.io/v1", "CustomResourceDefinition", "crd", NULL},
		{"v1", "ServiceAccount", "sa", "a"},
		{"rbac.authorization.k8s.io/v1", "Role", "r", "a"},
		{"v1", "ConfigMap", "cm", "a"},
		{"v1", "Service", "svc-c", "a-b"},
		{"v1", "Service", "svc-a", "ns-a"},
		{"v1", "Service", "svc-a", "ns-b"},
		{"v1", "Service", "svc-b", "ns-b"},
		{"v1", "Service", "svc-z", NULL},
		{"apps/v1", "Deployment", "d", NULL},
		{"extensions/v1beta1", "Deployment", "d-old", NULL},
		{"a.example.com/v1", "Widget", "w", NULL},
		{"apps/v1", "ControllerRevision", "cr", NULL},
		{"batch/v1", "Job", "j", NULL},
		{"example.com/v1", "Widget", "w2", NULL},
		{"networking.k8s.io/v1", "Ingress", "i", NULL},
		{"v1", "Pod", "P2", NULL},
		{"v1", "Pod", "p1", NULL},
		{"v1", "Pod", "p10", NULL},
		{"v1", "Pod", "p9", NULL},
		{"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "m", NULL},
		{"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "v", NULL},
	};
	size_t n = sizeof(in) / sizeof(in[0]), i;
	kr_arena *a = kr_arena_new(1 << 22);
	kr_resmap rm;
	kr_err e;

	(void)state;
	kr_resmap_init(&rm, a);
	/* insert in reverse so that sorting has work to do */
	for (i = n; i-- > 0;)
		assert_int_equal(kr_resmap_append(&rm, mk(a, in[i][0], in[i][1], in[i][2], in[i][3]), &e), 0);
	assert_int_equal(kr_resmap_sort(&rm, NULL, &e), 0);
	for (i = 0; i < n; i++) {
		assert_string_equal(rm.items[i]->id.kind, in[i][1]);
		assert_string_equal(rm.items[i]->id.name, in[i][2]);
	}
	kr_resmap_dispose(&rm);
	kr_arena_free(a);
}

static void test_custom_order(void **state)
{
	static const char *first[] = {"Secret"};
	static const char *last[] = {"Namespace"};
	kr_sort_options opt = {false, first, 1, last, 1, true};
	kr_arena *a = kr_arena_new(1 << 20);
	kr_resmap rm;
	kr_err e;

	(void)state;
	kr_resmap_init(&rm, a);
	kr_resmap_append(&rm, mk(a, "v1", "Namespace", "n", NULL), &e);
	kr_resmap_append(&rm, mk(a, "v1", "Service", "s", NULL), &e);
	kr_resmap_append(&rm, mk(a, "v1", "ConfigMap", "c", NULL), &e);
	kr_resmap_append(&rm, mk(a, "apps/v1", "Deployment", "d", NULL), &e);
	kr_resmap_append(&rm, mk(a, "v1", "Secret", "x", NULL), &e);
	assert_int_equal(kr_resmap_sort(&rm, &opt, &e), 0);
	/* kubectl: Secret, Deployment, ConfigMap, Service, Namespace */
	assert_string_equal(rm.items[0]->id.kind, "Secret");
	assert_string_equal(rm.items[1]->id.kind, "Deployment");
	assert_string_equal(rm.items[2]->id.kind, "ConfigMap");
	assert_string_equal(rm.items[3]->id.kind, "Service");
	assert_string_equal(rm.items[4]->id.kind, "Namespace");
	kr_resmap_dispose(&rm);
	kr_arena_free(a);
}

static void test_duplicate_ids(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_resmap rm;
	kr_err e;

	(void)state;
	kr_resmap_init(&rm, a);
	assert_int_equal(kr_resmap_append(&rm, mk(a, "v1", "ConfigMap", "a", NULL), &e), 0);
	assert_int_equal(kr_resmap_append(&rm, mk(a, "v1", "ConfigMap", "a", "default"), &e), KR_EDUP);
	assert_non_null(strstr(e.msg, "may not add resource with an already registered id: "
				      "ConfigMap.v1.[noGrp]/a.default"));
	/* cluster-scoped kinds ignore the namespace */
	assert_int_equal(kr_resmap_append(&rm, mk(a, "v1", "Namespace", "n", "x"), &e), 0);
	assert_int_equal(kr_resmap_append(&rm, mk(a, "v1", "Namespace", "n", "y"), &e), KR_EDUP);
	/* a different version is a different ID */
	assert_int_equal(kr_resmap_append(&rm, mk(a, "v2", "ConfigMap", "a", NULL), &e), 0);
	assert_non_null(kr_resmap_find(&rm, &rm.items[0]->id));
	kr_resmap_dispose(&rm);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_legacy_order),
		cmocka_unit_test(test_custom_order),
		cmocka_unit_test(test_duplicate_ids),
	};
	return cmocka_run_group_tests_name("resource_sort", tests, NULL, NULL);
}
