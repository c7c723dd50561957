/*
 * plan.c - the sync plan (see plan.h). Desired objects give sync tasks
 * (hooks one per phase they name, Skip hooks none); live objects the diff
 * found extraneous give prune tasks. Actions: a missing object is created,
 * an out-of-sync one updated, a synced one applied without change ("none",
 * or "skip" with ApplyOutOfSyncOnly); a prune is "skip" without --prune or
 * with Prune=false on the live object. PruneLast comes from the app or the
 * live object's sync-options.
 */
#include "sync/plan.h"

#include <stdio.h>
#include <string.h>

#include "resource/resource.h"
#include "util/map.h"
#include "yaml/json.h"

/* a scalar's text, NUL-terminated (loaded scalars may borrow their input), "" for none */
static const char *text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

/* whether @obj's argocd.argoproj.io/sync-options holds @opt */
static bool has_option(const kr_node *obj, const char *opt)
{
	const kr_node *v = kr_node_map_get(kr_node_map_get(kr_node_map_get(obj, "metadata"), "annotations"),
					   "argocd.argoproj.io/sync-options");

	return v && v->kind == KR_NODE_SCALAR && kr_sync_csv_has(v->u.str, v->len, opt);
}

/* the task of @obj: identity, namespace (for dependencies: the destination's when empty), wave */
static int identify(kr_arena *a, const kr_plan_opts *o, const kr_node *obj, kr_plan_task *pt, const char **key)
{
	const char *api = text(a, kr_node_map_get(obj, "apiVersion")), *slash = strchr(api, '/');
	const kr_node *meta = kr_node_map_get(obj, "metadata");
	kr_resid id = {0};
	char *group = slash ? kr_arena_memdup(a, api, (size_t)(slash - api) + 1) : "";

	if (!group)
		return KR_ENOMEM;
	if (slash)
		group[slash - api] = '\0';
	id.group = group, id.version = slash ? slash + 1 : api, id.kind = text(a, kr_node_map_get(obj, "kind"));
	memset(pt, 0, sizeof(*pt));
	pt->t.group = group, pt->t.kind = id.kind, pt->t.name = text(a, kr_node_map_get(meta, "name"));
	pt->ns = text(a, kr_node_map_get(meta, "namespace"));
	if (kr_resid_is_cluster_scoped(&id))
		pt->ns = "";
	else if (!*pt->ns)
		pt->ns = o->dest_ns;
	pt->t.ns = *pt->ns ? pt->ns : o->dest_ns; /* targets without one get the destination's, for the moves */
	pt->t.wave = kr_sync_wave(obj);
	pt->why = "";
	*key = kr_arena_sprintf(a, "%s/%s/%s/%s", group, id.kind, pt->ns, pt->t.name);
	return *key ? 0 : KR_ENOMEM;
}

static int push(kr_arena *a, kr_plan *p, size_t *cap, const kr_plan_task *t)
{
	if (kr_arena_grow(a, &p->tasks, cap, p->n, sizeof(*p->tasks)) < 0)
		return KR_ENOMEM;
	p->tasks[p->n++] = *t;
	return 0;
}

void kr_plan_opts_from_app(kr_plan_opts *o, const kr_node *app)
{
	const kr_node *list = kr_node_map_get(kr_node_map_get(kr_node_map_get(app, "spec"), "syncPolicy"), "syncOptions");
	size_t i;

	for (i = 0; list && list->kind == KR_NODE_SEQ && i < list->len; i++) {
		if (kr_node_str_eq(list->u.items[i], "PruneLast=true"))
			o->prune_last = true;
		if (kr_node_str_eq(list->u.items[i], "ApplyOutOfSyncOnly=true"))
			o->out_of_sync_only = true;
	}
}

int kr_plan_build(kr_arena *a, const kr_plan_opts *o, kr_node *const *desired, size_t nd, kr_node *const *live,
		  size_t nl, const kr_diff_result *res, kr_plan *out, kr_err *err)
{
	kr_map items = KR_MAP_INIT;
	kr_sync_task *order;
	kr_plan_task *sorted;
	size_t cap = 0, i, j;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->out_of_sync = res->out_of_sync;
	for (i = 0; i < res->n && rc == 0; i++)
		rc = kr_map_set(&items, res->items[i].key, strlen(res->items[i].key), &res->items[i]);
	for (i = 0; i < nd && rc == 0; i++) {
		kr_plan_task pt;
		const char *key;
		int phases[4];
		bool hook;
		size_t np = kr_sync_phases(desired[i], phases, &hook);
		const kr_diff_item *it;

		rc = identify(a, o, desired[i], &pt, &key);
		if (rc < 0)
			break;
		pt.t.target = desired[i];
		if (hook) { /* hooks are created in each phase they name; they have no sync status */
			for (j = 0; j < np && rc == 0; j++) {
				pt.t.phase = phases[j];
				pt.action = "create";
				pt.status = "";
				rc = push(a, out, &cap, &pt);
			}
			continue;
		}
		it = kr_map_get(&items, key, strlen(key));
		pt.t.phase = KR_PHASE_SYNC;
		pt.status = it ? kr_diff_status_name(it->status) : "Missing";
		pt.t.live = it && it->status != KR_DIFF_MISSING ? it->live : NULL;
		if (!it || it->status == KR_DIFF_MISSING)
			pt.action = "create";
		else if (it->status == KR_DIFF_OUTOFSYNC)
			pt.action = "update";
		else
			pt.action = o->out_of_sync_only ? "skip" : "none";
		rc = push(a, out, &cap, &pt);
	}
	for (i = 0; i < nl && rc == 0; i++) {
		kr_plan_task pt;
		const char *key;
		const kr_diff_item *it;
		int phases[4];
		bool hook;

		rc = identify(a, o, live[i], &pt, &key);
		if (rc < 0)
			break;
		it = kr_map_get(&items, key, strlen(key));
		if (!it || it->status != KR_DIFF_EXTRANEOUS)
			continue;
		kr_sync_phases(live[i], phases, &hook);
		if (hook)
			continue; /* hooks are never pruned by a sync */
		pt.t.live = live[i];
		pt.t.phase = KR_PHASE_SYNC;
		pt.t.prune_last = o->prune_last || has_option(live[i], "PruneLast=true");
		pt.status = "Extraneous";
		if (has_option(live[i], "Prune=false"))
			pt.action = "skip", pt.why = "ignored (no prune)";
		else if (!o->prune)
			pt.action = "skip", pt.why = "ignored (requires pruning)";
		else
			pt.action = "prune";
		rc = push(a, out, &cap, &pt);
	}
	kr_map_dispose(&items);
	if (rc < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	/* order copies of the tasks, each pointing back at its plan entry, then follow them */
	order = out->n ? kr_arena_alloc(a, out->n * sizeof(*order)) : NULL;
	sorted = out->n ? kr_arena_alloc(a, out->n * sizeof(*sorted)) : NULL;
	if (out->n && (!order || !sorted))
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < out->n; i++) {
		order[i] = out->tasks[i].t;
		order[i].user = &out->tasks[i];
	}
	if (kr_sync_order(a, order, out->n) < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < out->n; i++) {
		sorted[i] = *(const kr_plan_task *)order[i].user;
		sorted[i].t = order[i]; /* the wave and phase a move or a prune reversal gave it */
	}
	out->tasks = sorted;
	return 0;
}

static const char *phase_name(int phase)
{
	switch (phase) {
	case KR_PHASE_PRESYNC: return "PreSync";
	case KR_PHASE_POSTSYNC: return "PostSync";
	case KR_PHASE_SYNCFAIL: return "SyncFail";
	default: return "Sync";
	}
}

int kr_plan_print(kr_buf *out, const kr_plan *p, bool json)
{
	size_t i;
	int rc;

	if (json) {
		rc = kr_buf_printf(out, "{\"status\":\"%s\",\"tasks\":[", p->out_of_sync ? "OutOfSync" : "Synced");
		for (i = 0; i < p->n && rc == 0; i++) {
			const kr_plan_task *t = &p->tasks[i];

			rc = kr_buf_printf(out, "%s\n{\"phase\":\"%s\",\"wave\":%d,\"group\":", i ? "," : "", phase_name(t->t.phase),
					   t->t.wave);
			rc = rc ? rc : kr_json_write_string(out, t->t.group, strlen(t->t.group));
			rc = rc ? rc : kr_buf_puts(out, ",\"kind\":");
			rc = rc ? rc : kr_json_write_string(out, t->t.kind, strlen(t->t.kind));
			rc = rc ? rc : kr_buf_puts(out, ",\"namespace\":");
			rc = rc ? rc : kr_json_write_string(out, t->ns, strlen(t->ns));
			rc = rc ? rc : kr_buf_puts(out, ",\"name\":");
			rc = rc ? rc : kr_json_write_string(out, t->t.name, strlen(t->t.name));
			rc = rc ? rc : kr_buf_printf(out, ",\"action\":\"%s\",\"syncStatus\":\"%s\"}", t->action, t->status);
		}
		return rc ? rc : kr_buf_puts(out, p->n ? "\n]}\n" : "]}\n");
	}
	rc = kr_buf_printf(out, "status: %s\n%-9s %5s  %-8s %s\n", p->out_of_sync ? "OutOfSync" : "Synced", "PHASE", "WAVE",
			   "ACTION", "RESOURCE");
	for (i = 0; i < p->n && rc == 0; i++) {
		const kr_plan_task *t = &p->tasks[i];

		rc = kr_buf_printf(out, "%-9s %5d  %-8s %s%s%s %s%s%s%s%s%s\n", phase_name(t->t.phase), t->t.wave, t->action,
				   t->t.group, *t->t.group ? "/" : "", t->t.kind, t->ns, *t->ns ? "/" : "", t->t.name,
				   *t->status ? " (" : "", t->status, *t->status ? ")" : "");
		if (rc == 0 && *t->why)
			rc = kr_buf_printf(out, "%-9s %5s  %-8s   %s\n", "", "", "", t->why);
	}
	return rc;
}
