/*
 * tasks.c - sync task order (see tasks.h): gitops-engine's comparator and
 * its two dependency passes. The passes move a Namespace or a CRD task to
 * the first task that needs it, which shifts the tasks in between: at most
 * one move per Namespace or CRD task.
 */
#include "sync/tasks.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/map.h"

static const char *const kinds[] = {
	"Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
	"ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
	"PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod",
	"ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job",
	"CronJob", "IngressClass", "Ingress", "APIService"};

int kr_sync_kind_rank(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(kinds[i], kind) == 0)
			return (int)i + 1;
	return (int)(sizeof(kinds) / sizeof(*kinds)) + 1;
}

static const kr_node *annotation(const kr_node *obj, const char *key)
{
	const kr_node *v = kr_node_map_get(kr_node_map_get(kr_node_map_get(obj, "metadata"), "annotations"), key);

	return v && v->kind == KR_NODE_SCALAR ? v : NULL;
}

/* Go's strconv.Atoi: optional sign, decimal digits, in range */
static bool atoi_go(const kr_node *v, int *out)
{
	const char *s = v ? v->u.str : NULL;
	size_t i = 0, n = v ? v->len : 0;
	long long x = 0;
	bool neg = false;

	if (!n)
		return false;
	if (s[0] == '+' || s[0] == '-')
		neg = s[i++] == '-';
	if (i == n)
		return false;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		x = x * 10 + (s[i] - '0');
		if (x > (long long)INT_MAX + 1)
			return false;
	}
	if ((!neg && x > INT_MAX))
		return false;
	*out = (int)(neg ? -x : x);
	return true;
}

int kr_sync_wave(const kr_node *obj)
{
	int w = 0;

	if (atoi_go(annotation(obj, "argocd.argoproj.io/sync-wave"), &w))
		return w;
	if (atoi_go(annotation(obj, "helm.sh/hook-weight"), &w))
		return w;
	return 0;
}

static bool token_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* the next comma-separated token of *@p..@end, spaces trimmed, in @tok/@len; false past the end */
static bool csv_next(const char **p, const char *end, const char **tok, size_t *len)
{
	const char *a = *p, *stop, *b;

	if (a > end)
		return false;
	stop = memchr(a, ',', (size_t)(end - a));
	if (!stop)
		stop = end;
	b = stop;
	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	*tok = a, *len = (size_t)(b - a);
	*p = stop + 1;
	return true;
}

bool kr_sync_csv_has(const char *s, size_t n, const char *word)
{
	const char *p = s, *tok;
	size_t len;

	while (csv_next(&p, s + n, &tok, &len))
		if (token_is(tok, len, word))
			return true;
	return false;
}

size_t kr_sync_phases(const kr_node *obj, int out[4], bool *hook)
{
	static const char *const names[] = {"PreSync", "Sync", "PostSync", "SyncFail"};
	static const int phases[] = {KR_PHASE_PRESYNC, KR_PHASE_SYNC, KR_PHASE_POSTSYNC, KR_PHASE_SYNCFAIL};
	const kr_node *argo = annotation(obj, "argocd.argoproj.io/hook"), *helm = annotation(obj, "helm.sh/hook");
	bool seen[4] = {false}, pre = false, post = false;
	const char *p, *tok;
	size_t n = 0, i, len;

	/* gitops-engine's IsHook: any ArgoCD hook annotation; a Helm one unless it is crd-install */
	*hook = argo || (helm && !(helm->len == 11 && memcmp(helm->u.str, "crd-install", 11) == 0));
	for (p = argo ? argo->u.str : NULL; p && csv_next(&p, argo->u.str + argo->len, &tok, &len);)
		for (i = 0; i < 4; i++)
			if (token_is(tok, len, names[i]))
				seen[i] = true;
	if (argo) {
		for (i = 0; i < 4; i++)
			if (seen[i])
				out[n++] = phases[i];
		return n; /* Skip, PreDelete, PostDelete and unknown types run in no sync phase */
	}
	/* Helm's hook types count only when there is no ArgoCD hook */
	for (p = helm ? helm->u.str : NULL; p && csv_next(&p, helm->u.str + helm->len, &tok, &len);) {
		pre |= token_is(tok, len, "pre-install") || token_is(tok, len, "pre-upgrade");
		post |= token_is(tok, len, "post-install") || token_is(tok, len, "post-upgrade");
	}
	if (pre)
		out[n++] = KR_PHASE_PRESYNC;
	if (post)
		out[n++] = KR_PHASE_POSTSYNC;
	if (*hook)
		return n;
	out[0] = KR_PHASE_SYNC;
	return 1;
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

struct keyed {
	kr_sync_task t;
	size_t order; /* input position: a stable sort */
};

static int cmp_tasks(const void *x, const void *y)
{
	const struct keyed *p = x, *q = y;
	const kr_sync_task *a = &p->t, *b = &q->t;
	int c;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->wave != b->wave)
		return a->wave < b->wave ? -1 : 1;
	if ((c = kr_sync_kind_rank(a->kind) - kr_sync_kind_rank(b->kind)) != 0)
		return c;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return (p->order > q->order) - (p->order < q->order);
}

/* the dependency key @t provides (a Namespace's name, a CRD's group/kind), or NULL */
static const char *provides(kr_arena *a, const kr_sync_task *t, bool crd)
{
	if (!t->target)
		return NULL;
	if (!crd)
		return strcmp(t->kind, "Namespace") == 0 && !*t->group ? t->name : NULL;
	if (strcmp(t->kind, "CustomResourceDefinition") != 0 || strcmp(t->group, "apiextensions.k8s.io") != 0)
		return NULL;
	{
		const kr_node *spec = kr_node_map_get(t->target, "spec");
		const kr_node *g = kr_node_map_get(spec, "group"), *k = kr_node_map_get(kr_node_map_get(spec, "names"), "kind");

		return kr_arena_sprintf(a, "%.*s/%.*s", g && g->kind == KR_NODE_SCALAR ? (int)g->len : 0,
					g && g->kind == KR_NODE_SCALAR ? g->u.str : "", k && k->kind == KR_NODE_SCALAR ? (int)k->len : 0,
					k && k->kind == KR_NODE_SCALAR ? k->u.str : "");
	}
}

/* the dependency key @t uses (its namespace; its group/kind), or NULL */
static const char *uses(kr_arena *a, const kr_sync_task *t, bool crd)
{
	if (!t->target)
		return NULL;
	if (!crd)
		return *t->ns ? t->ns : NULL;
	return kr_arena_sprintf(a, "%s/%s", t->group, t->kind);
}

/* gitops-engine's adjustDeps: each provider moved to the first task that used it before it */
static int adjust(kr_arena *a, kr_sync_task *t, size_t n, bool crd)
{
	kr_map first = KR_MAP_INIT; /* key -> 1 + index of the first user */
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const char *dep = provides(a, &t[i], crd), *ref;

		if (dep) {
			uintptr_t at = (uintptr_t)kr_map_get(&first, dep, strlen(dep));

			if (at) {
				kr_sync_task moved = t[i];
				size_t index = at - 1, k;

				moved.wave = t[index].wave;
				moved.phase = t[index].phase;
				memmove(&t[index + 1], &t[index], (i - index) * sizeof(*t));
				t[index] = moved;
				/* the users recorded at or after the slot moved down by one */
				for (k = 0; k < first.cap; k++)
					if (first.slots[k].key && (uintptr_t)first.slots[k].val >= at)
						first.slots[k].val = (void *)((uintptr_t)first.slots[k].val + 1);
			}
		} else if ((ref = uses(a, &t[i], crd)) != NULL && !kr_map_get(&first, ref, strlen(ref))) {
			rc = kr_map_put(&first, ref, strlen(ref), (void *)(uintptr_t)(i + 1), NULL);
		}
	}
	kr_map_dispose(&first);
	return rc;
}

int kr_sync_order(kr_arena *a, kr_sync_task *t, size_t n)
{
	int *waves = n ? kr_arena_alloc(a, n * sizeof(*waves)) : NULL, last_sync = 0;
	struct keyed *k = n ? kr_arena_alloc(a, n * sizeof(*k)) : NULL;
	size_t nw = 0, i, j;

	if (n && (!waves || !k))
		return KR_ENOMEM;
	/* prune tasks: the distinct waves swapped end for end (the highest creation wave is pruned first) */
	for (i = 0; i < n; i++)
		if (!t[i].target)
			waves[nw++] = t[i].wave;
	if (nw > 1)
		qsort(waves, nw, sizeof(*waves), cmp_int);
	for (i = j = 0; i < nw; i++)
		if (!j || waves[j - 1] != waves[i])
			waves[j++] = waves[i];
	nw = j;
	for (i = 0; i < n; i++)
		if (!t[i].target)
			for (j = 0; j < nw; j++)
				if (waves[j] == t[i].wave) {
					t[i].wave = waves[nw - 1 - j];
					break;
				}
	/* PruneLast: one wave past the last Sync-phase wave (prune tasks count) */
	for (i = 0; i < n; i++)
		if (t[i].phase == KR_PHASE_SYNC && t[i].wave > last_sync)
			last_sync = t[i].wave;
	for (i = 0; i < n; i++)
		if (!t[i].target && t[i].prune_last)
			t[i].wave = last_sync + 1;
	for (i = 0; i < n; i++)
		k[i] = (struct keyed){t[i], i};
	if (n > 1)
		qsort(k, n, sizeof(*k), cmp_tasks);
	for (i = 0; i < n; i++)
		t[i] = k[i].t;
	if (adjust(a, t, n, false) < 0 || adjust(a, t, n, true) < 0)
		return KR_ENOMEM;
	return 0;
}
