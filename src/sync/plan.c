/*
 * plan.c - the sync plan (see plan.h). Desired objects give sync tasks
 * (hooks one per phase they name, Skip hooks none); live objects the diff
 * found extraneous give prune tasks. Actions: a missing object is created,
 * an out-of-sync one updated, a synced one applied without change ("none",
 * or "skip" with ApplyOutOfSyncOnly); a prune is "skip" without --prune or
 * with Prune=false on the live object. PruneLast comes from the app or the
 * live object's sync-options.
 *
 * gitops-engine's getSyncTasks steps reproduced here: a hook without a name
 * is named <generateName><revision[0:7]>-<phase>-<start seconds> (suffix
 * lowercased) before the sort; with CreateNamespace=true a PreSync wave-0
 * Namespace task is added for a destination namespace that no desired
 * resource (hooks do not count) declares and LIVE lacks (or that LIVE has,
 * when managedNamespaceMetadata is set); a prune task whose live object has
 * Prune=confirm stops the sync at its phase and wave until the Application's
 * deletion-approved annotation is at or after the start (runTasks).
 */
#include "sync/plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "resource/resource.h"
#include "util/map.h"
#include "yaml/json.h"

/* a scalar's text, NUL-terminated (loaded scalars may borrow their input), "" for none */
static const char *text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

static const kr_node *annotation(const kr_node *obj, const char *key)
{
	const kr_node *v = kr_node_map_get(kr_node_map_get(kr_node_map_get(obj, "metadata"), "annotations"), key);

	return v && v->kind == KR_NODE_SCALAR ? v : NULL;
}

/* whether @obj's argocd.argoproj.io/sync-options holds @opt */
static bool has_option(const kr_node *obj, const char *opt)
{
	const kr_node *v = annotation(obj, "argocd.argoproj.io/sync-options");

	return v && kr_sync_csv_has(v->u.str, v->len, opt);
}

static const kr_node *path(const kr_node *n, const char *const *keys, size_t k)
{
	return kr_node_map_get_path(n, keys, k);
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
	static const char *const rev[] = {"status", "operationState", "syncResult", "revision"};
	static const char *const start[] = {"status", "operationState", "startedAt"};
	static const struct {
		const char *opt;
		unsigned flag;
	} flags[] = {
		{"Replace=true", KR_PLAN_REPLACE},
		{"ServerSideApply=true", KR_PLAN_SSA},
		{"Validate=false", KR_PLAN_NO_VALIDATE},
		{"SkipDryRunOnMissingResource=true", KR_PLAN_SKIP_DRY_RUN},
		{"CreateNamespace=true", KR_PLAN_CREATE_NS},
		{"FailOnSharedResource=true", KR_PLAN_FAIL_ON_SHARED},
	};
	const kr_node *policy = kr_node_map_get(kr_node_map_get(app, "spec"), "syncPolicy");
	const kr_node *list = kr_node_map_get(policy, "syncOptions"), *v;
	size_t i, j;

	o->app = app;
	for (i = 0; list && list->kind == KR_NODE_SEQ && i < list->len; i++) {
		if (kr_node_str_eq(list->u.items[i], "PruneLast=true"))
			o->prune_last = true;
		if (kr_node_str_eq(list->u.items[i], "ApplyOutOfSyncOnly=true"))
			o->out_of_sync_only = true;
		for (j = 0; j < sizeof(flags) / sizeof(*flags); j++)
			if (kr_node_str_eq(list->u.items[i], flags[j].opt))
				o->flags |= flags[j].flag;
	}
	v = kr_node_map_get(policy, "managedNamespaceMetadata");
	o->ns_meta = v && v->kind == KR_NODE_MAP ? v : NULL;
	v = path(app, rev, 4);
	o->revision = v && v->kind == KR_NODE_SCALAR ? v : NULL;
	v = path(app, start, 3);
	o->started_at = v && v->kind == KR_NODE_SCALAR ? v : NULL;
	o->approved = annotation(app, "argocd.argoproj.io/deletion-approved");
}

/* the delete policies of hook @obj as gitops-engine's hook.DeletePolicies lists them; count (0: no annotation) */
static size_t delete_policies(const kr_node *obj, const char **out, size_t max, bool *annotated)
{
	static const char *const argo[] = {"HookSucceeded", "HookFailed", "BeforeHookCreation", "Never"};
	static const char *const helm[][2] = {{"before-hook-creation", "BeforeHookCreation"},
					      {"hook-succeeded", "HookSucceeded"},
					      {"hook-failed", "HookFailed"}};
	const kr_node *av = annotation(obj, "argocd.argoproj.io/hook-delete-policy");
	const kr_node *hv = annotation(obj, "helm.sh/hook-delete-policy");
	size_t n = 0, i, k;

	*annotated = av || hv;
	/* each annotation's csv: trimmed, empties and repeats dropped, unknown values ignored */
	for (k = 0; k < 2; k++) {
		const kr_node *v = k ? hv : av;
		const char *seen[8];
		size_t nseen = 0, j;

		for (i = 0; v && i < v->len;) {
			size_t start = i, end, len;
			const char *tok;

			while (i < v->len && v->u.str[i] != ',')
				i++;
			end = i++;
			while (start < end && isspace((unsigned char)v->u.str[start]))
				start++;
			while (end > start && isspace((unsigned char)v->u.str[end - 1]))
				end--;
			tok = v->u.str + start, len = end - start;
			for (j = 0; j < (k ? 3u : 4u); j++) {
				const char *name = k ? helm[j][0] : argo[j];
				size_t s;

				if (strlen(name) != len || memcmp(name, tok, len) != 0)
					continue;
				for (s = 0; s < nseen && strcmp(seen[s], name) != 0; s++)
					;
				if (s == nseen && nseen < 8) {
					seen[nseen++] = name;
					if (n < max)
						out[n++] = k ? helm[j][1] : argo[j];
				}
			}
		}
	}
	if (!n)
		out[n++] = "BeforeHookCreation";
	return n;
}

static bool has_policy(const kr_plan_task *t, const char *p)
{
	size_t i;

	for (i = 0; i < t->npol; i++)
		if (strcmp(t->policies[i], p) == 0)
			return true;
	return false;
}

/* the sync options in effect for applying @target over @live (NULL: missing), as gitops-engine reads them */
static void apply_options(const kr_plan_opts *o, const kr_node *target, const kr_node *live, kr_plan_task *pt)
{
	bool replace = (o->flags & KR_PLAN_REPLACE) || has_option(target, "Replace=true") ||
		       (live && has_option(live, "Replace=true"));
	bool ssa = !has_option(target, "ServerSideApply=false") &&
		   ((o->flags & KR_PLAN_SSA) || has_option(target, "ServerSideApply=true"));

	pt->nopt = 0;
	if (replace)
		pt->options[pt->nopt++] = "Replace=true";
	else if (ssa) /* replace wins over server-side apply (applyObject) */
		pt->options[pt->nopt++] = "ServerSideApply=true";
	if ((o->flags & KR_PLAN_NO_VALIDATE) || has_option(target, "Validate=false"))
		pt->options[pt->nopt++] = "Validate=false";
	if ((o->flags & KR_PLAN_SKIP_DRY_RUN) || has_option(target, "SkipDryRunOnMissingResource=true"))
		pt->options[pt->nopt++] = "SkipDryRunOnMissingResource=true";
}


/* @s lowercased in @a */
static char *lower(kr_arena *a, const char *s)
{
	char *d = kr_arena_strdup(a, s), *p;

	for (p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

/* gitops-engine's name for a hook with generateName only: <generateName><rev[0:7]>-<phase>-<seconds>, suffix lowercased */
static const char *hook_name(kr_arena *a, const kr_node *obj, const char *rev, int phase, long long now)
{
	const char *gen = text(a, kr_node_map_get(kr_node_map_get(obj, "metadata"), "generateName"));
	size_t n = strlen(rev) >= 8 ? 7 : strlen(rev);
	const char *suffix = lower(a, kr_arena_sprintf(a, "%.*s-%s-%lld", (int)n, rev, kr_sync_phase_name(phase), now));

	return suffix ? kr_arena_cat(a, gen, suffix, NULL) : NULL;
}

static const char *task_key(kr_arena *a, const kr_plan_task *pt)
{
	return kr_arena_sprintf(a, "%s/%s/%s/%s", pt->t.group, pt->t.kind, pt->ns, pt->t.name);
}

/* whether live namespace @live already carries @meta's labels and annotations */
static bool ns_meta_applied(kr_arena *a, const kr_node *meta, const kr_node *live)
{
	static const char *const which[] = {"labels", "annotations"};
	size_t w, i;

	for (w = 0; w < 2; w++) {
		const kr_node *want = kr_node_map_get(meta, which[w]);
		const kr_node *have = kr_node_map_get(kr_node_map_get(live, "metadata"), which[w]);

		for (i = 0; want && want->kind == KR_NODE_MAP && i < want->len; i++) {
			const char *k = text(a, want->u.pairs[i].key);

			if (strcmp(text(a, kr_node_map_get(have, k)), text(a, want->u.pairs[i].value)) != 0)
				return false;
		}
	}
	return true;
}

/* the Namespace CreateNamespace=true creates: name, and with managedNamespaceMetadata its metadata plus ServerSideApply=true */
static kr_node *managed_ns(kr_arena *a, const kr_plan_opts *o)
{
	kr_node *ns = kr_node_new_map(a), *meta = kr_node_new_map(a), *ann = kr_node_new_map(a);
	const kr_node *labels = kr_node_map_get(o->ns_meta, "labels"), *want = kr_node_map_get(o->ns_meta, "annotations");
	size_t i;
	int rc;

	if (!ns || !meta || !ann)
		return NULL;
	rc = kr_node_map_set(a, ns, "apiVersion", kr_node_new_str(a, "v1"));
	rc = rc ? rc : kr_node_map_set(a, ns, "kind", kr_node_new_str(a, "Namespace"));
	rc = rc ? rc : kr_node_map_set(a, meta, "name", kr_node_new_str(a, o->dest_ns));
	if (o->ns_meta) {
		if (labels && labels->kind == KR_NODE_MAP)
			rc = rc ? rc : kr_node_map_set(a, meta, "labels", (kr_node *)labels);
		for (i = 0; want && want->kind == KR_NODE_MAP && i < want->len && rc == 0; i++)
			rc = kr_node_map_set(a, ann, text(a, want->u.pairs[i].key), want->u.pairs[i].value);
		rc = rc ? rc : kr_node_map_set(a, ann, "argocd.argoproj.io/sync-options", kr_node_new_str(a, "ServerSideApply=true"));
		rc = rc ? rc : kr_node_map_set(a, meta, "annotations", ann);
	}
	rc = rc ? rc : kr_node_map_set(a, ns, "metadata", meta);
	return rc ? NULL : ns;
}

/* CreateNamespace=true: gitops-engine's autoCreateNamespace */
static int namespace_task(kr_arena *a, const kr_plan_opts *o, kr_node *const *desired, size_t nd, kr_node *const *live,
			  size_t nl, kr_plan *out, size_t *cap)
{
	const kr_node *have = NULL;
	kr_node *ns;
	kr_plan_task pt;
	const char *key;
	size_t i;
	int rc;

	if (!(o->flags & KR_PLAN_CREATE_NS) || !*o->dest_ns)
		return 0;
	/* hooks do not count: gitops-engine copies them into a nil slice, which copies nothing */
	for (i = 0; i < nd; i++) {
		int phases[4];
		bool hook;

		kr_sync_phases(desired[i], phases, &hook);
		if (!hook && kr_node_str_eq(kr_node_map_get(desired[i], "apiVersion"), "v1") &&
		    kr_node_str_eq(kr_node_map_get(desired[i], "kind"), "Namespace") &&
		    strcmp(text(a, kr_node_map_get(kr_node_map_get(desired[i], "metadata"), "name")), o->dest_ns) == 0)
			return 0;
	}
	for (i = 0; i < nl && !have; i++)
		if (kr_node_str_eq(kr_node_map_get(live[i], "apiVersion"), "v1") &&
		    kr_node_str_eq(kr_node_map_get(live[i], "kind"), "Namespace") &&
		    strcmp(text(a, kr_node_map_get(kr_node_map_get(live[i], "metadata"), "name")), o->dest_ns) == 0)
			have = live[i];
	if (have && !o->ns_meta)
		return 0; /* syncNamespace: an existing namespace is left alone without managedNamespaceMetadata */
	ns = managed_ns(a, o);
	if (!ns)
		return KR_ENOMEM;
	rc = identify(a, o, ns, &pt, &key);
	if (rc < 0)
		return rc;
	pt.t.target = ns;
	pt.t.live = have;
	pt.t.phase = KR_PHASE_PRESYNC;
	pt.status = "";
	pt.action = !have ? "create" : ns_meta_applied(a, o->ns_meta, have) ? "none" : "update";
	apply_options(o, pt.t.target, have, &pt);
	return push(a, out, cap, &pt);
}

/* Prune=confirm: the first phase and wave holding such a prune task waits (runTasks), unless approved */
static int prune_confirmation(kr_arena *a, const kr_plan_opts *o, kr_plan *p, kr_err *err)
{
	long long now = 0, approved = 0;
	size_t i, first = p->n, more = 0;
	int rc;

	for (i = 0; i < p->n; i++) {
		const kr_plan_task *t = &p->tasks[i];

		if (t->t.target || !has_option(t->t.live, "Prune=confirm"))
			continue;
		if (first == p->n)
			first = i;
		else if (t->t.phase == p->tasks[first].t.phase && t->t.wave == p->tasks[first].t.wave)
			more++;
	}
	if (first == p->n)
		return 0;
	rc = kr_plan_time(a, o, &now, err);
	if (rc < 0)
		return rc;
	/* Application.IsDeletionConfirmed: the approval parses as RFC 3339 and is not before the start */
	if (o->approved && kr_plan_parse_time(text(a, o->approved), &approved) &&
	    strspn(text(a, o->approved), "0123456789") != strlen(text(a, o->approved)) && approved >= now)
		return 0;
	p->message = kr_arena_sprintf(a, "Waiting for pruning confirmation of %s/%s/%s%s", text(a, kr_node_map_get(p->tasks[first].t.live, "apiVersion")),
				      p->tasks[first].t.kind, p->tasks[first].t.name,
				      more ? kr_arena_sprintf(a, " and %zu more resources", more) : "");
	return p->message ? 0 : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
}

int kr_plan_build(kr_arena *a, const kr_plan_opts *o, kr_node *const *desired, size_t nd, kr_node *const *live,
		  size_t nl, const kr_diff_result *res, kr_plan *out, kr_err *err)
{
	kr_map items = KR_MAP_INIT, lives = KR_MAP_INIT;
	kr_sync_task *order;
	kr_plan_task *sorted;
	size_t cap = 0, i, j;
	const char *rev = NULL;
	long long now = 0;
	bool have_time = false;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->out_of_sync = res->out_of_sync;
	for (i = 0; i < res->n && rc == 0; i++)
		rc = kr_map_set(&items, res->items[i].key, strlen(res->items[i].key), &res->items[i]);
	for (i = 0; i < nl && rc == 0; i++) {
		kr_plan_task pt;
		const char *key;

		rc = identify(a, o, live[i], &pt, &key);
		if (rc == 0 && !kr_map_get(&lives, key, strlen(key)))
			rc = kr_map_set(&lives, key, strlen(key), live[i]);
	}
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
			const char *named = pt.t.name, *pol[sizeof(pt.policies) / sizeof(*pt.policies)];
			bool annotated;
			size_t npol = delete_policies(desired[i], pol, sizeof(pol) / sizeof(*pol), &annotated);

			for (j = 0; j < np && rc == 0; j++) {
				pt.t.phase = phases[j];
				if (!*named) {
					if (!have_time) {
						rc = kr_plan_time(a, o, &now, err);
						if (rc < 0)
							goto fail;
						rev = o->revision ? text(a, o->revision) : "";
						have_time = true;
					}
					pt.t.name = hook_name(a, desired[i], rev, phases[j], now);
					key = pt.t.name ? task_key(a, &pt) : NULL;
					if (!key) {
						rc = KR_ENOMEM;
						break;
					}
				}
				memcpy(pt.policies, pol, npol * sizeof(*pol));
				pt.npol = npol;
				pt.t.live = kr_map_get(&lives, key, strlen(key));
				/* syncTask.deleteBeforeCreation: a live hook and the BeforeHookCreation policy */
				pt.delete_first = pt.t.live && has_policy(&pt, "BeforeHookCreation");
				pt.action = pt.t.live && !pt.delete_first ? "update" : "create";
				pt.status = "";
				apply_options(o, desired[i], pt.delete_first ? NULL : pt.t.live, &pt);
				pt.npol = annotated ? npol : 0; /* shown only when annotated: the default is BeforeHookCreation */
				rc = push(a, out, &cap, &pt);
			}
			continue;
		}
		it = kr_map_get(&items, key, strlen(key));
		pt.t.phase = KR_PHASE_SYNC;
		pt.status = it ? kr_diff_status_name(it->status) : "Missing";
		pt.t.live = it && it->status != KR_DIFF_MISSING ? it->live : NULL;
		if (pt.t.live && kr_map_get(&lives, key, strlen(key)))
			pt.t.live = kr_map_get(&lives, key, strlen(key)); /* as read, before the diff normalised it */
		if (!it || it->status == KR_DIFF_MISSING)
			pt.action = "create";
		else if (it->status == KR_DIFF_OUTOFSYNC)
			pt.action = "update";
		else
			pt.action = o->out_of_sync_only ? "skip" : "none";
		apply_options(o, desired[i], pt.t.live, &pt);
		rc = push(a, out, &cap, &pt);
	}
	if (rc == 0)
		rc = namespace_task(a, o, desired, nd, live, nl, out, &cap);
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
		if (has_option(live[i], "Prune=confirm"))
			pt.options[pt.nopt++] = "Prune=confirm";
		rc = push(a, out, &cap, &pt);
	}
fail:
	kr_map_dispose(&items);
	kr_map_dispose(&lives);
	if (rc < 0)
		return err->msg[0] ? rc : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
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
	return prune_confirmation(a, o, out, err);
}

/* the application instance a live object's tracking id names (the annotation method), or "" */
static const char *tracked_app(kr_arena *a, const kr_node *obj)
{
	const kr_node *v = annotation(obj, "argocd.argoproj.io/tracking-id");
	const char *id = v ? text(a, v) : "", *c1 = strchr(id, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *s1, *s2;

	/* ParseAppInstanceValue: three ':' parts, the last two each with exactly one '/' */
	if (!c1 || !c2 || strchr(c2 + 1, ':'))
		return "";
	s1 = memchr(c1 + 1, '/', (size_t)(c2 - c1 - 1));
	s2 = strchr(c2 + 1, '/');
	if (!s1 || memchr(s1 + 1, '/', (size_t)(c2 - s1 - 1)) || !s2 || strchr(s2 + 1, '/'))
		return "";
	return kr_arena_sprintf(a, "%.*s", (int)(c1 - id), id);
}

int kr_plan_check_shared(kr_arena *a, const kr_plan *p, const kr_node *app, const char *controller_ns, kr_err *err)
{
	const kr_node *meta = kr_node_map_get(app, "metadata");
	const char *name = text(a, kr_node_map_get(meta, "name")), *ns = text(a, kr_node_map_get(meta, "namespace"));
	const char *instance, *qualified;
	kr_plan_opts o;
	size_t i;

	memset(&o, 0, sizeof(o));
	kr_plan_opts_from_app(&o, app);
	if (!(o.flags & KR_PLAN_FAIL_ON_SHARED))
		return 0;
	/* Application.InstanceName and QualifiedName */
	instance = !*ns || strcmp(ns, controller_ns) == 0 ? name : kr_arena_sprintf(a, "%s_%s", ns, name);
	qualified = !*ns ? name : kr_arena_sprintf(a, "%s/%s", ns, name);
	if (!instance || !qualified)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < p->n; i++) {
		const kr_plan_task *t = &p->tasks[i];
		const char *other;
		char *fq, *c;

		if (!t->t.target || !t->t.live || !*t->status)
			continue; /* only a desired resource's live object (hooks and a created namespace are not compared) */
		other = tracked_app(a, t->t.live);
		if (!*other || strcmp(other, instance) == 0)
			continue;
		fq = kr_arena_strdup(a, other);
		for (c = fq; c && *c; c++)
			if (*c == '_')
				*c = '/';
		return kr_err_set(err, KR_EINVAL, NULL, "Shared resource found: %s/%s is part of applications %s and %s",
				  text(a, kr_node_map_get(t->t.live, "kind")), text(a, kr_node_map_get(kr_node_map_get(t->t.live, "metadata"), "name")),
				  qualified, fq ? fq : other);
	}
	return 0;
}

