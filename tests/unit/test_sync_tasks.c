/* test_sync_tasks.c - sync task order: kind rank, waves, hook phases, the sort, Namespace and CRD moves, prune waves (argocd.md 4.1-4.3). */
#include "unit.h"
#include "sync/tasks.h"
#include "util/limits.h"
#include "yaml/load.h"

#include <string.h>

static kr_node *obj(kr_arena *a, const char *yaml)
{
	kr_yaml_stream s;
	kr_limits lim;
	kr_err err;

	kr_limits_default(&lim);
	assert_int_equal(kr_yaml_load(&s, a, "t.yaml", yaml, strlen(yaml), &lim, 0, &err), 0);
	return s.docs[0];
}

static kr_sync_task task(kr_arena *a, const char *group, const char *kind, const char *ns, const char *name, int wave,
			 int phase, bool prune, const char *spec)
{
	char *y = kr_arena_sprintf(a, "kind: %s\nmetadata: {name: %s}\n%s", kind, name, spec ? spec : "");
	kr_sync_task t = {phase, wave, group, kind, ns, name, NULL, NULL, false};

	if (prune)
		t.live = obj(a, y);
	else
		t.target = obj(a, y);
	return t;
}

static void test_kind_rank(void **state)
{
	(void)state;
	assert_int_equal(kr_sync_kind_rank("Namespace"), 1);
	assert_int_equal(kr_sync_kind_rank("CustomResourceDefinition"), 14);
	assert_int_equal(kr_sync_kind_rank("Deployment"), 28);
	assert_int_equal(kr_sync_kind_rank("APIService"), 35);
	assert_int_equal(kr_sync_kind_rank("Widget"), 36);
}

static void test_waves(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);

	(void)state;
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {annotations: {argocd.argoproj.io/sync-wave: '5'}}")), 5);
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {annotations: {argocd.argoproj.io/sync-wave: '-2'}}")), -2);
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {annotations: {argocd.argoproj.io/sync-wave: '+4'}}")), 4);
	/* not an integer for strconv.Atoi: the Helm weight, then 0 */
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {annotations: {argocd.argoproj.io/sync-wave: ' 1', helm.sh/hook-weight: '3'}}")), 3);
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {annotations: {argocd.argoproj.io/sync-wave: '1.5'}}")), 0);
	assert_int_equal(kr_sync_wave(obj(a, "metadata: {name: x}")), 0);
	kr_arena_free(a);
}

static void test_phases(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	int p[4];
	bool hook;

	(void)state;
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {name: x}"), p, &hook), 1);
	assert_int_equal(p[0], KR_PHASE_SYNC);
	assert_false(hook);
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {argocd.argoproj.io/hook: ' PostSync, PreSync,PreSync'}}"), p, &hook), 2);
	assert_int_equal(p[0], KR_PHASE_PRESYNC);
	assert_int_equal(p[1], KR_PHASE_POSTSYNC);
	assert_true(hook);
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {argocd.argoproj.io/hook: Skip}}"), p, &hook), 0);
	assert_true(hook);
	/* gitops-engine: any ArgoCD hook annotation makes a hook; unknown types run in no phase */
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {argocd.argoproj.io/hook: Later}}"), p, &hook), 0);
	assert_true(hook);
	/* a Helm hook type without a sync phase (test) is a hook that runs in none */
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {helm.sh/hook: test}}"), p, &hook), 0);
	assert_true(hook);
	/* Helm only without an ArgoCD hook; crd-install is no hook */
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {helm.sh/hook: 'pre-upgrade,post-install'}}"), p, &hook), 2);
	assert_int_equal(p[0], KR_PHASE_PRESYNC);
	assert_int_equal(p[1], KR_PHASE_POSTSYNC);
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {helm.sh/hook: crd-install}}"), p, &hook), 1);
	assert_false(hook);
	assert_int_equal(kr_sync_phases(obj(a, "metadata: {annotations: {helm.sh/hook: pre-install, argocd.argoproj.io/hook: SyncFail}}"), p, &hook), 1);
	assert_int_equal(p[0], KR_PHASE_SYNCFAIL);
	kr_arena_free(a);
}

static void assert_order(const kr_sync_task *t, size_t n, const char *const *names)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_string_equal(t[i].name, names[i]);
}

static void test_sort_keys(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_sync_task t[6];
	static const char *const want[] = {"pre", "cm", "b-deploy", "widget", "late", "post"};

	(void)state;
	t[0] = task(a, "", "ConfigMap", "", "late", 1, KR_PHASE_SYNC, false, NULL);
	t[1] = task(a, "apps", "Deployment", "", "b-deploy", 0, KR_PHASE_SYNC, false, NULL);
	t[2] = task(a, "example.com", "Widget", "", "widget", 0, KR_PHASE_SYNC, false, NULL);
	t[3] = task(a, "batch", "Job", "", "post", -5, KR_PHASE_POSTSYNC, false, NULL);
	t[4] = task(a, "", "ConfigMap", "", "cm", 0, KR_PHASE_SYNC, false, NULL);
	t[5] = task(a, "batch", "Job", "", "pre", 9, KR_PHASE_PRESYNC, false, NULL);
	assert_int_equal(kr_sync_order(a, t, 6), 0);
	/* PreSync first, then Sync by wave, kind rank (ConfigMap, Deployment, unknown kinds last), name */
	assert_order(t, 6, want);
	kr_arena_free(a);
}

static void test_namespace_and_crd_move_to_first_user(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_sync_task t[5];
	static const char *const want[] = {"apps", "migrate", "widgets.example.com", "w", "cm"};

	(void)state;
	/* the Namespace's first user is a PreSync hook: it runs in PreSync, before it, in its wave */
	t[0] = task(a, "", "Namespace", "", "apps", 5, KR_PHASE_SYNC, false, NULL);
	t[1] = task(a, "batch", "Job", "apps", "migrate", 2, KR_PHASE_PRESYNC, false, NULL);
	t[2] = task(a, "", "ConfigMap", "apps", "cm", 7, KR_PHASE_SYNC, false, NULL);
	t[3] = task(a, "apiextensions.k8s.io", "CustomResourceDefinition", "", "widgets.example.com", 3, KR_PHASE_SYNC, false,
		    "spec: {group: example.com, names: {kind: Widget}}\n");
	t[4] = task(a, "example.com", "Widget", "", "w", 1, KR_PHASE_SYNC, false, NULL);
	assert_int_equal(kr_sync_order(a, t, 5), 0);
	assert_order(t, 5, want);
	assert_int_equal(t[0].phase, KR_PHASE_PRESYNC);
	assert_int_equal(t[0].wave, 2);
	assert_int_equal(t[2].wave, 1); /* the CRD takes its user's wave */
	kr_arena_free(a);
}

static void test_prune_waves_reversed_and_prune_last(void **state)
{
	kr_arena *a = kr_arena_new(1 << 20);
	kr_sync_task t[6];
	static const char *const want[] = {"keep0", "p2", "p1", "keep3", "p0", "plast"};

	(void)state;
	t[0] = task(a, "", "ConfigMap", "", "p0", 0, KR_PHASE_SYNC, true, NULL);
	t[1] = task(a, "", "ConfigMap", "", "p1", 1, KR_PHASE_SYNC, true, NULL);
	t[2] = task(a, "", "ConfigMap", "", "p2", 3, KR_PHASE_SYNC, true, NULL);
	t[3] = task(a, "", "ConfigMap", "", "keep0", 0, KR_PHASE_SYNC, false, NULL);
	t[4] = task(a, "", "ConfigMap", "", "keep3", 3, KR_PHASE_SYNC, false, NULL);
	t[5] = task(a, "", "ConfigMap", "", "plast", 0, KR_PHASE_SYNC, true, NULL);
	t[5].prune_last = true;
	assert_int_equal(kr_sync_order(a, t, 6), 0);
	/* prune waves {0,1,3} become {3,1,0}; PruneLast goes past the last Sync wave (3) */
	assert_order(t, 6, want);
	assert_int_equal(t[5].wave, 4);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_rank),
		cmocka_unit_test(test_waves),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_namespace_and_crd_move_to_first_user),
		cmocka_unit_test(test_prune_waves_reversed_and_prune_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
