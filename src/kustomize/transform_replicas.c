/*
 * transform_replicas.c - `replicas`: spec.replicas (created) on the
 * Deployment, ReplicationController, ReplicaSet or StatefulSet (any group)
 * any of whose names, current or earlier, is the entry's name.
 */
#include "kustomize/transform.h"

#include <string.h>

static bool scalable(const kr_resid *id)
{
	return strcmp(id->kind, "Deployment") == 0 || strcmp(id->kind, "ReplicationController") == 0 ||
	       strcmp(id->kind, "ReplicaSet") == 0 || strcmp(id->kind, "StatefulSet") == 0;
}

static bool has_name(const kr_resource *res, const char *name)
{
	size_t i;

	if (strcmp(res->id.name, name) == 0)
		return true;
	for (i = 0; i < res->nprev; i++)
		if (strcmp(res->prev[i].name, name) == 0)
			return true;
	return false;
}

int kr_transform_replicas(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	size_t i, j;

	for (i = 0; i < k->replicas->len; i++) {
		const kr_node *e = k->replicas->u.items[i];
		const char *name = kr_kust_text(kr_node_map_get(e, "name"));
		const kr_node *count = kr_node_map_get(e, "count");
		bool found = false;

		for (j = 0; j < rm->n; j++) {
			kr_resource *res = rm->items[j];
			kr_node *spec, *v;
			if (!scalable(&res->id) || !has_name(res, name))
				continue;
			found = true;
			spec = kr_node_map_get(res->root, "spec");
			if (!spec || spec->kind != KR_NODE_MAP) {
				spec = kr_node_new_map(r->a);
				if (!spec || kr_node_map_set(r->a, res->root, "spec", spec) < 0)
					return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
			}
			v = count ? kr_node_new_scalar(r->a, KR_SCALAR_INT, count->u.str, count->len)
				  : kr_node_new_scalar(r->a, KR_SCALAR_INT, "0", 1);
			if (!v || kr_node_map_set(r->a, spec, "replicas", v) < 0)
				return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		}
		if (!found) {
			kr_mark m = kr_transform_mark(k, e);
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "resource with name %s does not match a config with the following GVK "
					  "[Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] "
					  "ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]",
					  name);
		}
	}
	return 0;
}
