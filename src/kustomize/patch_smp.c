/*
 * patch_smp.c - strategic merge patch, kustomize flavour (kustomize.md 8).
 *
 * Maps merge key by key; a null deletes; `$patch: replace|delete|merge` on a
 * map; scalars and non-associative lists replace. Associative lists (the
 * merge-key table below, for the built-in kinds only) merge by key: with
 * one key (or a primitive list) the patch's elements come first in patch
 * order, then the untouched target elements; with several keys the new
 * patch elements come first, then every target element merged in place.
 * `$setElementOrder`, `$retainKeys` and `$deleteFromPrimitiveList` are not
 * understood and stay as ordinary keys, as in kustomize. Recursion follows
 * the patch document, whose depth the loader bounds.
 */
#include "kustomize/patch_smp.h"

#include <string.h>

/* Where a PodSpec sits in each workload kind (built-in kinds only). */
static const struct {
	const char *group, *kind, *podspec;
} workloads[] = {
	{"", "Pod", "spec"},
	{"", "PodTemplate", "template/spec"},
	{"", "ReplicationController", "spec/template/spec"},
	{"apps", "Deployment", "spec/template/spec"},
	{"apps", "ReplicaSet", "spec/template/spec"},
	{"apps", "DaemonSet", "spec/template/spec"},
	{"apps", "StatefulSet", "spec/template/spec"},
	{"batch", "Job", "spec/template/spec"},
	{"batch", "CronJob", "spec/jobTemplate/spec/template/spec"},
};

/* Lists inside a PodSpec, relative to it: path -> keys ("" = primitive). */
static const struct {
	const char *path;
	const char *keys[2];
} podspec_lists[] = {
	{"containers", {"name", NULL}},
	{"initContainers", {"name", NULL}},
	{"ephemeralContainers", {"name", NULL}},
	{"volumes", {"name", NULL}},
	{"imagePullSecrets", {"name", NULL}},
	{"hostAliases", {"ip", NULL}},
	{"topologySpreadConstraints", {"topologyKey", "whenUnsatisfiable"}},
	{"containers/env", {"name", NULL}},
	{"initContainers/env", {"name", NULL}},
	{"ephemeralContainers/env", {"name", NULL}},
	{"containers/ports", {"containerPort", "protocol"}},
	{"initContainers/ports", {"containerPort", "protocol"}},
	{"ephemeralContainers/ports", {"containerPort", "protocol"}},
	{"containers/volumeMounts", {"mountPath", NULL}},
	{"initContainers/volumeMounts", {"mountPath", NULL}},
	{"ephemeralContainers/volumeMounts", {"mountPath", NULL}},
	{"containers/volumeDevices", {"devicePath", NULL}},
	{"initContainers/volumeDevices", {"devicePath", NULL}},
	{"ephemeralContainers/volumeDevices", {"devicePath", NULL}},
};

/* Other associative lists: group, kind, path -> keys. */
static const struct {
	const char *group, *kind, *path;
	const char *keys[2];
} other_lists[] = {
	{"", "Service", "spec/ports", {"port", "protocol"}},
	{"", "ServiceAccount", "secrets", {"name", NULL}},
	{"admissionregistration.k8s.io", "MutatingWebhookConfiguration", "webhooks", {"name", NULL}},
	{"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "webhooks", {"name", NULL}},
	{"storage.k8s.io", "CSINode", "spec/drivers", {"name", NULL}},
	{"", "Node", "spec/podCIDRs", {"", NULL}},
	{"", "Node", "status/addresses", {"type", NULL}},
	{"", "Pod", "status/podIPs", {"ip", NULL}},
};

/* Kinds with status.conditions merged by type. */
static const char *const condition_kinds[] = {
	"Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "Job", "Pod", "Node", "Namespace",
	"PersistentVolumeClaim", "ReplicationController", "Service", "PodDisruptionBudget",
	"APIService", "ComponentStatus",
};

/* Groups whose kinds are in kustomize's built-in schema (removed APIs are not). */
static bool builtin_kind(const kr_resid *id)
{
	static const char *const groups[] = {
		"", "apps", "batch", "policy", "rbac.authorization.k8s.io", "networking.k8s.io",
		"admissionregistration.k8s.io", "storage.k8s.io", "autoscaling", "scheduling.k8s.io",
		"apiextensions.k8s.io", "apiregistration.k8s.io", "certificates.k8s.io",
		"coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "node.k8s.io",
		"flowcontrol.apiserver.k8s.io",
	};
	size_t i;

	if (strcmp(id->group, "apps") == 0 && strcmp(id->version, "v1") != 0)
		return false; /* apps/v1beta1, v1beta2 were removed before 1.21 */
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strcmp(groups[i], id->group) == 0)
			return true;
	return false;
}

struct strategy {
	bool assoc;          /* merge by keys (or by value when primitive) */
	bool primitive;      /* merge scalars by value */
	const char *keys[2]; /* merge keys */
};

/* The strategy of the list at @path (keys joined by '/', no indexes) in kind @id. */
static struct strategy list_strategy(const kr_resid *id, const char *path)
{
	struct strategy s = {false, false, {NULL, NULL}};
	size_t i, j;

	if (!builtin_kind(id))
		return s;
	if (strcmp(path, "metadata/finalizers") == 0) {
		s.assoc = s.primitive = true;
		return s;
	}
	if (strcmp(path, "metadata/ownerReferences") == 0) {
		s.assoc = true;
		s.keys[0] = "uid";
		return s;
	}
	if (strcmp(path, "status/conditions") == 0) {
		for (i = 0; i < sizeof(condition_kinds) / sizeof(condition_kinds[0]); i++)
			if (strcmp(condition_kinds[i], id->kind) == 0) {
				s.assoc = true;
				s.keys[0] = "type";
			}
		return s;
	}
	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		size_t n = strlen(workloads[i].podspec);
		if (strcmp(workloads[i].kind, id->kind) != 0 || strcmp(workloads[i].group, id->group) != 0)
			continue;
		if (strncmp(path, workloads[i].podspec, n) != 0 || path[n] != '/')
			continue;
		for (j = 0; j < sizeof(podspec_lists) / sizeof(podspec_lists[0]); j++)
			if (strcmp(path + n + 1, podspec_lists[j].path) == 0) {
				s.assoc = true;
				s.keys[0] = podspec_lists[j].keys[0];
				s.keys[1] = podspec_lists[j].keys[1];
			}
	}
	for (i = 0; i < sizeof(other_lists) / sizeof(other_lists[0]); i++)
		if (strcmp(other_lists[i].kind, id->kind) == 0 && strcmp(other_lists[i].group, id->group) == 0 &&
		    strcmp(other_lists[i].path, path) == 0) {
			s.assoc = true;
			s.primitive = other_lists[i].keys[0][0] == '\0';
			s.keys[0] = s.primitive ? NULL : other_lists[i].keys[0];
			s.keys[1] = other_lists[i].keys[1];
		}
	return s;
}

struct smp;
static struct strategy schema_strategy(const struct smp *s, const char *path);

struct smp {
	kr_arena *a;
	const kr_resid *id;
	kr_err *err;
	const kr_schema *schema; /* custom schema, or NULL for the built-in table */
};

static bool is_null(const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
}

static const char *directive(const kr_node *map)
{
	const kr_node *d = kr_node_map_get(map, "$patch");

	return d && d->kind == KR_NODE_SCALAR ? d->u.str : NULL;
}

static int oom(struct smp *s)
{
	return kr_err_set(s->err, KR_ENOMEM, NULL, "memory budget exceeded");
}

/* The path of the value being merged, as map keys from the leaf up (lists add no step). */
struct where {
	const struct where *up;
	const kr_node *key;
};

/* @w as "a/b/c" in the arena (made only where a list's strategy or an error needs it) */
static char *path_text(struct smp *s, const struct where *w)
{
	const struct where *i;
	size_t n = 0;
	char *p, *end;

	for (i = w; i; i = i->up)
		n += i->key->len + (i->up ? 1 : 0);
	p = kr_arena_alloc(s->a, n + 1);
	if (!p)
		return NULL;
	end = p + n;
	*end = '\0';
	for (i = w; i; i = i->up) {
		end -= i->key->len;
		memcpy(end, i->key->u.str, i->key->len);
		if (i->up)
			*--end = '/';
	}
	return p;
}

static int merge_value(struct smp *s, kr_node **slot, const kr_node *p, const struct where *w, bool *remove);

/* A copy of map @p without its "$patch" key. */
static kr_node *without_directive(struct smp *s, const kr_node *p)
{
	kr_node *c = kr_node_copy(s->a, p, NULL);

	if (c)
		kr_node_map_delete(c, "$patch");
	return c;
}

static int merge_map(struct smp *s, kr_node **slot, const kr_node *p, const struct where *w, bool *remove)
{
	const char *d = directive(p);
	kr_node *t = *slot;
	size_t i;
	int rc = 0;

	if (d) {
		if (strcmp(d, "delete") == 0) {
			*remove = true;
			return 0;
		}
		if (strcmp(d, "replace") == 0) {
			*slot = without_directive(s, p);
			return *slot ? 0 : oom(s);
		}
		if (strcmp(d, "merge") != 0)
			return kr_err_set(s->err, KR_EINVAL, NULL, "unknown patch strategy '%s'", d);
	}
	if (!t || t->kind != KR_NODE_MAP) {
		t = kr_node_new_map(s->a);
		if (!t)
			return oom(s);
		*slot = t;
	}
	for (i = 0; i < p->len && rc == 0; i++) {
		const kr_node *k = p->u.pairs[i].key;
		const kr_node *pv = p->u.pairs[i].value;
		struct where here = {w, k};
		long idx;
		kr_node *tv;
		bool drop = false;

		if (kr_node_str_eq(k, "$patch"))
			continue;
		idx = kr_node_map_find(t, k->u.str, k->len);
		if (is_null(pv)) {
			if (idx >= 0)
				kr_node_map_remove(t, (size_t)idx);
			continue;
		}
		tv = idx >= 0 ? t->u.pairs[idx].value : NULL;
		rc = merge_value(s, &tv, pv, &here, &drop);
		if (rc < 0)
			break;
		if (drop && idx >= 0)
			kr_node_map_remove(t, (size_t)idx);
		else if (!drop && tv && idx >= 0)
			t->u.pairs[idx].value = tv;
		else if (!drop && tv && kr_node_map_append(s->a, t, kr_node_new_scalar(s->a, KR_SCALAR_STR, k->u.str, k->len), tv) < 0)
			rc = oom(s);
	}
	return rc;
}

/* The value of merge key @key in list element @e ("" when absent). */
static const kr_node *key_of(const kr_node *e, const char *key)
{
	return e->kind == KR_NODE_MAP ? kr_node_map_get(e, key) : NULL;
}

static bool scalar_eq(const kr_node *a, const kr_node *b)
{
	return a && b && a->kind == KR_NODE_SCALAR && b->kind == KR_NODE_SCALAR && a->len == b->len &&
	       memcmp(a->u.str, b->u.str, a->len) == 0;
}

/* Does target element @t match patch element @p on the merge keys? */
static bool same_element(const struct strategy *st, const kr_node *t, const kr_node *p)
{
	const kr_node *t0, *p0, *t1, *p1;

	if (st->primitive)
		return scalar_eq(t, p);
	t0 = key_of(t, st->keys[0]);
	p0 = key_of(p, st->keys[0]);
	if (!st->keys[1])
		return scalar_eq(t0, p0);
	t1 = key_of(t, st->keys[1]);
	p1 = key_of(p, st->keys[1]);
	/* every key equal; a key missing on both sides counts as equal (kubectl) */
	return scalar_eq(t0, p0) && ((!t1 && !p1) || scalar_eq(t1, p1));
}

/*
 * Multi-key lists: a patch element whose first key equals a target
 * element's while the second key is missing on just one of the two is
 * dropped, neither merged nor added (kubectl, e.g. containerPort 8001
 * against 8001/TCP).
 */
static bool partly_matches(const struct strategy *st, const kr_node *t, const kr_node *p)
{
	return st->keys[1] && scalar_eq(key_of(t, st->keys[0]), key_of(p, st->keys[0])) &&
	       (!key_of(t, st->keys[1]) != !key_of(p, st->keys[1]));
}

static int merge_list(struct smp *s, kr_node **slot, const kr_node *p, const struct where *w, bool *remove)
{
	const char *path = path_text(s, w);
	struct strategy st;
	kr_node *t = *slot && (*slot)->kind == KR_NODE_SEQ ? *slot : NULL;
	kr_node *out;
	bool *used = NULL;
	size_t i, j;
	int rc = 0;

	if (!path)
		return oom(s);
	st = s->schema ? schema_strategy(s, path) : list_strategy(s->id, path);
	for (i = 0; i < p->len; i++) {
		const kr_node *e = p->u.items[i];
		if (e->kind == KR_NODE_MAP && e->len == 1 && directive(e)) {
			if (strcmp(directive(e), "delete") == 0) {
				*remove = true;
				return 0;
			}
			if (strcmp(directive(e), "replace") == 0) {
				out = kr_node_new_seq(s->a);
				if (!out)
					return oom(s);
				for (j = 0; j < p->len; j++)
					if (j != i && kr_node_seq_append(s->a, out, kr_node_copy(s->a, p->u.items[j], NULL)) < 0)
						return oom(s);
				*slot = out;
				return 0;
			}
		}
	}
	if (!st.assoc || !t) {
		if (st.assoc && !t && p->len == 0)
			return 0;
		*slot = kr_node_copy(s->a, p, NULL);
		return *slot ? 0 : oom(s);
	}
	if (p->len == 0)
		return 0; /* an empty associative list changes nothing */
	if (st.keys[1]) {
		/* no element on either side has the second key: one key is enough */
		bool any = false;
		for (i = 0; i < t->len && !any; i++)
			any = key_of(t->u.items[i], st.keys[1]) != NULL;
		for (i = 0; i < p->len && !any; i++)
			any = key_of(p->u.items[i], st.keys[1]) != NULL;
		if (!any)
			st.keys[1] = NULL;
	}
	out = kr_node_new_seq(s->a);
	used = kr_arena_zalloc(s->a, (t->len ? t->len : 1) * sizeof(*used));
	if (!out || !used)
		return oom(s);
	for (i = 0; i < p->len && rc == 0; i++) {
		const kr_node *e = p->u.items[i];
		kr_node *merged;
		bool del = e->kind == KR_NODE_MAP && directive(e) && strcmp(directive(e), "delete") == 0;
		bool drop = false;
		if (!st.primitive && (e->kind != KR_NODE_MAP || !key_of(e, st.keys[0]))) {
			if (!st.keys[1] || !key_of(e, st.keys[1]))
				continue; /* no merge key: dropped, as kustomize does */
		}
		for (j = 0; j < t->len; j++)
			if (!used[j] && same_element(&st, t->u.items[j], e))
				break;
		if (j < t->len) {
			used[j] = true;
		} else if (st.keys[1]) {
			size_t k2;
			for (k2 = 0; k2 < t->len; k2++)
				if (partly_matches(&st, t->u.items[k2], e))
					break;
			if (k2 < t->len)
				continue;
		}
		if (del)
			continue;
		if (st.keys[1] && j < t->len)
			continue; /* multi-key: matched elements stay in target order, merged below */
		merged = j < t->len ? t->u.items[j] : NULL;
		if (st.primitive)
			merged = kr_node_copy(s->a, e, NULL);
		else
			rc = merge_value(s, &merged, e, w, &drop);
		if (rc == 0 && merged && !drop && kr_node_seq_append(s->a, out, merged) < 0)
			rc = oom(s);
	}
	for (j = 0; j < t->len && rc == 0; j++) {
		kr_node *merged = t->u.items[j];
		bool drop = false;
		if (used[j] && !st.keys[1])
			continue;
		if (used[j]) {
			/* multi-key: merge the matching patch element in place */
			for (i = 0; i < p->len; i++)
				if (same_element(&st, t->u.items[j], p->u.items[i]))
					break;
			if (i < p->len) {
				const kr_node *e = p->u.items[i];
				if (e->kind == KR_NODE_MAP && directive(e) && strcmp(directive(e), "delete") == 0)
					continue;
				rc = merge_value(s, &merged, e, w, &drop);
			}
		}
		if (rc == 0 && !drop && kr_node_seq_append(s->a, out, merged) < 0)
			rc = oom(s);
	}
	if (rc == 0)
		*slot = out;
	return rc;
}

static int merge_value(struct smp *s, kr_node **slot, const kr_node *p, const struct where *w, bool *remove)
{
	static const char *const kinds[] = {"", "ScalarNode", "MappingNode", "SequenceNode"};

	/* kyaml refuses to merge across kinds; the contents stay out (Secrets) */
	if (*slot && !is_null(*slot) && (*slot)->kind != p->kind) {
		const char *path = path_text(s, w);

		return path ? kr_err_set(s->err, KR_EINVAL, NULL, "wrong node kind: expected %s but got %s (field %s)",
					 kinds[(*slot)->kind], kinds[p->kind], path)
			    : oom(s);
	}
	if (p->kind == KR_NODE_MAP)
		return merge_map(s, slot, p, w, remove);
	if (p->kind == KR_NODE_SEQ)
		return merge_list(s, slot, p, w, remove);
	*slot = kr_node_copy(s->a, p, NULL);
	return *slot ? 0 : oom(s);
}

/*
 * After kyaml's merge, fields written with no value at all (`key:`) are
 * gone from the whole resource, also where the patch says nothing; an
 * explicit `null` or `~` stays (kubectl: `nodeAffinity: {x: }` becomes
 * `nodeAffinity: {}`, `creationTimestamp: null` is kept).
 */
static bool is_empty_null(const kr_node *n)
{
	return is_null(n) && n->x.orig && n->orig_len == 0;
}

static void drop_nulls(kr_node *n, int depth)
{
	size_t i, w = 0;

	if (depth > 10000)
		return;
	if (n->kind == KR_NODE_SEQ) {
		for (i = 0; i < n->len; i++)
			drop_nulls(n->u.items[i], depth + 1);
		return;
	}
	if (n->kind != KR_NODE_MAP)
		return;
	for (i = 0; i < n->len; i++) {
		if (is_empty_null(n->u.pairs[i].value))
			continue;
		drop_nulls(n->u.pairs[i].value, depth + 1);
		n->u.pairs[w++] = n->u.pairs[i];
	}
	n->len = w;
}

/* The strategy a custom schema gives the list at @path (nothing: replace). */
static struct strategy schema_strategy(const struct smp *s, const char *path)
{
	struct strategy st = {false, false, {NULL, NULL}};
	bool primitive = false;
	const char *key = NULL;

	if (kr_schema_list(s->schema, s->id, path, &primitive, &key, s->a)) {
		st.assoc = true;
		st.primitive = primitive;
		st.keys[0] = key;
	}
	return st;
}

int kr_smp_apply(kr_arena *a, kr_node *target, const kr_node *patch, const kr_resid *id,
		 const kr_schema *schema, bool *deleted, kr_err *err)
{
	struct smp s = {a, id, err, schema};
	kr_node *slot = target;
	int rc;

	*deleted = false;
	if (patch->kind != KR_NODE_MAP)
		return kr_err_set(err, KR_EINVAL, NULL, "a strategic merge patch must be a mapping");
	rc = merge_map(&s, &slot, patch, NULL, deleted);
	if (rc == 0 && slot != target) {
		/* $patch: replace at the top: the target becomes the patch */
		*target = *slot;
	}
	if (rc == 0 && !*deleted)
		drop_nulls(target, 0);
	return rc;
}
