/*
 * sort.c - the order `kustomize build` prints resources in.
 *
 * legacy (the default): rank by kind from the orderFirst/orderLast lists,
 * then by "group_version_kind" with ~G/~V/~K for empty parts (core-group
 * Namespace first among Namespaces), then by "Kind.version.group|ns|name"
 * with ~X/~N for empty parts (kustomize.md section 4). fifo keeps the
 * accumulation order. IDs are unique, so the order is total.
 */
#include "resource/resource.h"

#include <stdlib.h>
#include <string.h>

static const char *const default_first[] = {
	"Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
	"PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
	"Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
	"PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
};
static const char *const default_last[] = {
	"MutatingWebhookConfiguration",
	"ValidatingWebhookConfiguration",
};

struct sort_key {
	kr_resource *r;
	long rank;
	char *gvk;  /* legacy GVK sort string */
	char *full; /* legacy ID sort string */
};

static long rank_of(const char *kind, const kr_sort_options *opt)
{
	const char *const *first = default_first, *const *last = default_last;
	size_t nf = sizeof(default_first) / sizeof(*default_first);
	size_t nl = sizeof(default_last) / sizeof(*default_last);
	size_t i;

	if (opt && opt->custom) {
		first = opt->order_first;
		nf = opt->n_first;
		last = opt->order_last;
		nl = opt->n_last;
	}
	/* a kind listed twice keeps its last position, as a Go map assignment does */
	for (i = nl; i-- > 0;)
		if (strcmp(last[i], kind) == 0)
			return (long)i + 1;
	for (i = nf; i-- > 0;)
		if (strcmp(first[i], kind) == 0)
			return (long)i - (long)nf;
	return 0;
}

static int cmp_keys(const void *x, const void *y)
{
	const struct sort_key *a = x, *b = y;
	const kr_resid *ia = &a->r->id, *ib = &b->r->id;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (strcmp(ia->group, ib->group) || strcmp(ia->version, ib->version) ||
	    strcmp(ia->kind, ib->kind)) {
		c = strcmp(a->gvk, b->gvk);
		if (strcmp(ia->kind, "Namespace") == 0 && strcmp(ib->kind, "Namespace") == 0 &&
		    (!ia->group[0] || !ib->group[0]))
			return -c;
		return c;
	}
	return strcmp(a->full, b->full);
}

int kr_resmap_sort(kr_resmap *rm, const kr_sort_options *opt, kr_err *err)
{
	struct sort_key *keys;
	size_t i;

	if (opt && opt->fifo)
		return 0;
	keys = malloc((rm->n ? rm->n : 1) * sizeof(*keys));
	if (!keys)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < rm->n; i++) {
		const kr_resid *id = &rm->items[i]->id;
		keys[i].r = rm->items[i];
		keys[i].rank = rank_of(id->kind, opt);
		keys[i].gvk = kr_arena_cat(rm->a, id->group[0] ? id->group : "~G", "_",
					   id->version[0] ? id->version : "~V", "_", id->kind[0] ? id->kind : "~K",
					   (char *)NULL);
		keys[i].full = kr_arena_cat(rm->a, id->kind[0] ? id->kind : "[noKind]", ".",
					    id->version[0] ? id->version : "[noVer]", ".",
					    id->group[0] ? id->group : "[noGrp]", "|", id->ns[0] ? id->ns : "~X", "|",
					    id->name[0] ? id->name : "~N", (char *)NULL);
		if (!keys[i].gvk || !keys[i].full) {
			free(keys);
			return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
		}
	}
	qsort(keys, rm->n, sizeof(*keys), cmp_keys);
	for (i = 0; i < rm->n; i++)
		rm->items[i] = keys[i].r;
	free(keys);
	return 0;
}
