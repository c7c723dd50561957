/*
 * planning.c - command-line inputs to a sync plan (see planning.h). The
 * diff normalises the objects it compares in place, so the plan reads its
 * annotations from copies taken first.
 */
#include "cli/planning.h"

#include <string.h>
#include <time.h>

#include "diff/rules.h"

static kr_node **copies(kr_arena *a, const kr_objects *o)
{
	kr_node **v = kr_arena_alloc(a, (o->n + 1) * sizeof(*v));
	size_t i;

	for (i = 0; v && i < o->n; i++)
		if (!(v[i] = kr_node_copy(a, o->v[i], NULL)))
			return NULL;
	return v;
}

/* the mapping under @key of @map, added when absent; NULL when it is not a mapping or out of memory */
static kr_node *child_map(kr_arena *a, kr_node *map, const char *key)
{
	kr_node *v = kr_node_map_get(map, key);

	if (v)
		return v->kind == KR_NODE_MAP ? v : NULL;
	v = kr_node_new_map(a);
	return v && kr_node_map_set(a, map, key, v) == 0 ? v : NULL;
}

int kr_cli_plan_operation(kr_arena *a, kr_node *app, const char *revision, long long start, bool has_start, kr_err *err)
{
	kr_node *state = child_map(a, child_map(a, app, "status"), "operationState");
	kr_node *result = child_map(a, state, "syncResult");
	char stamp[64];
	time_t t = (time_t)start;
	struct tm tm;

	if (!state || !result)
		return kr_err_set(err, KR_EINVAL, NULL, "--app: status.operationState is not a mapping");
	if (revision && kr_node_map_set(a, result, "revision", kr_node_new_str(a, revision)) < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (has_start) {
		if (!gmtime_r(&t, &tm) || !strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm))
			return kr_err_set(err, KR_EINVAL, NULL, "--sync-time: %lld is out of range", start);
		if (kr_node_map_set(a, state, "startedAt", kr_node_new_str(a, stamp)) < 0)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	}
	return 0;
}

int kr_cli_plan_make(kr_arena *a, const kr_limits *lim, kr_cli_plan_in *in, kr_plan *out, kr_err *err)
{
	const char *dest_ns = NULL;
	kr_plan_opts po;
	kr_diff_config cfg;
	kr_diff_result res;
	kr_node **want0, **have0, *app = (kr_node *)in->app;
	int rc = 0;

	memset(&cfg, 0, sizeof(cfg));
	memset(&po, 0, sizeof(po));
	rc = kr_diff_rules_read(a, &cfg, in->settings, in->app_file, lim, &app, &dest_ns, err);
	if (rc == 0 && app)
		kr_plan_opts_from_app(&po, app);
	po.prune = in->prune;
	cfg.ns = po.dest_ns = in->ns ? in->ns : dest_ns ? dest_ns : "";
	if (rc == 0 && in->desired)
		rc = kr_diff_read_desired(a, in->desired, lim, &in->want, err);
	if (rc == 0 && in->live)
		rc = kr_diff_read_live(a, in->live, lim, &in->have, err);
	if (rc < 0)
		return rc;
	if (!(want0 = copies(a, &in->want)) || !(have0 = copies(a, &in->have)))
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	rc = kr_diff_compute(a, &cfg, in->want.v, in->want.n, in->have.v, in->have.n, &res, err);
	if (rc == 0)
		rc = kr_plan_build(a, &po, want0, in->want.n, have0, in->have.n, &res, out, err);
	if (rc == 0 && app)
		rc = kr_plan_check_shared(a, out, app, in->controller_ns ? in->controller_ns : "argocd", err);
	return rc;
}
