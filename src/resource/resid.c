/*
 * resid.c - resource IDs: reading them from a document, printing them as
 * kustomize does, and the built-in cluster-scoped kinds.
 *
 * Cluster scope is decided by a fixed table of (apiVersion, kind) pairs
 * from Kubernetes 1.21, as kustomize v5.5.0 embeds it: everything else,
 * every CRD kind included, counts as namespaced (kustomize.md 6.3).
 */
#include "resource/resource.h"

#include <stdio.h>
#include <string.h>

static const char *const cluster_scoped[][2] = {
	{"v1", "ComponentStatus"},
	{"v1", "Namespace"},
	{"v1", "Node"},
	{"v1", "NodeProxyOptions"},
	{"v1", "PersistentVolume"},
	{"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"},
	{"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"},
	{"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"},
	{"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"},
	{"apiextensions.k8s.io/v1", "CustomResourceDefinition"},
	{"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"},
	{"apiregistration.k8s.io/v1", "APIService"},
	{"apiregistration.k8s.io/v1beta1", "APIService"},
	{"certificates.k8s.io/v1", "CertificateSigningRequest"},
	{"certificates.k8s.io/v1beta1", "CertificateSigningRequest"},
	{"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"},
	{"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"},
	{"networking.k8s.io/v1", "IngressClass"},
	{"networking.k8s.io/v1beta1", "IngressClass"},
	{"node.k8s.io/v1", "RuntimeClass"},
	{"node.k8s.io/v1beta1", "RuntimeClass"},
	{"policy/v1beta1", "PodSecurityPolicy"},
	{"rbac.authorization.k8s.io/v1", "ClusterRole"},
	{"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
	{"rbac.authorization.k8s.io/v1beta1", "ClusterRole"},
	{"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"},
	{"scheduling.k8s.io/v1", "PriorityClass"},
	{"scheduling.k8s.io/v1beta1", "PriorityClass"},
	{"storage.k8s.io/v1", "CSIDriver"},
	{"storage.k8s.io/v1", "CSINode"},
	{"storage.k8s.io/v1", "StorageClass"},
	{"storage.k8s.io/v1", "VolumeAttachment"},
	{"storage.k8s.io/v1beta1", "CSIDriver"},
	{"storage.k8s.io/v1beta1", "CSINode"},
	{"storage.k8s.io/v1beta1", "StorageClass"},
	{"storage.k8s.io/v1beta1", "VolumeAttachment"},
};

bool kr_resid_is_cluster_scoped(const kr_resid *id)
{
	size_t i;
	size_t glen = strlen(id->group);

	for (i = 0; i < sizeof(cluster_scoped) / sizeof(cluster_scoped[0]); i++) {
		const char *av = cluster_scoped[i][0];
		const char *slash;
		if (cluster_scoped[i][1][0] != id->kind[0] || strcmp(cluster_scoped[i][1], id->kind) != 0)
			continue;
		slash = strchr(av, '/');
		if (slash) {
			if ((size_t)(slash - av) == glen && strncmp(av, id->group, glen) == 0 &&
			    strcmp(slash + 1, id->version) == 0)
				return true;
		} else if (glen == 0 && strcmp(av, id->version) == 0) {
			return true;
		}
	}
	return false;
}

/* The text of scalar @n as kustomize reads it (source text for typed plain scalars). */
static const char *scalar_text(const kr_node *n, kr_arena *a)
{
	if (!n || n->kind != KR_NODE_SCALAR)
		return NULL;
	if (n->type == KR_SCALAR_NULL)
		return "";
	if (n->x.orig && n->type != KR_SCALAR_STR)
		return kr_arena_memdup(a, n->x.orig, n->orig_len);
	/* scalar text may point into the input, without a NUL: copy it */
	return kr_arena_memdup(a, n->u.str, n->len);
}

int kr_resid_from_node(kr_resid *id, const kr_node *root, bool need_name, kr_arena *a,
		       const char *file, kr_err *err)
{
	const kr_node *meta = kr_node_map_get(root, "metadata");
	const char *av = scalar_text(kr_node_map_get(root, "apiVersion"), a);
	const char *slash;
	kr_mark m = {file, (int)root->line, (int)root->col};

	id->kind = scalar_text(kr_node_map_get(root, "kind"), a);
	id->name = scalar_text(kr_node_map_get(meta, "name"), a);
	id->ns = scalar_text(kr_node_map_get(meta, "namespace"), a);
	if (!id->ns)
		id->ns = "";
	if (!av)
		av = "";
	slash = strrchr(av, '/');
	if (slash) {
		id->group = kr_arena_memdup(a, av, (size_t)(slash - av));
		id->version = slash + 1;
	} else {
		id->group = "";
		id->version = av;
	}
	if (!id->group)
		return kr_err_set(err, KR_ENOMEM, &m, "memory budget exceeded");
	if (!id->kind || !id->kind[0])
		return kr_err_set(err, KR_EINVAL, &m, "missing kind in object (apiVersion '%s', name '%s')",
				  av, id->name ? id->name : "");
	if (!id->name)
		id->name = "";
	if (need_name && !id->name[0])
		return kr_err_set(err, KR_EINVAL, &m, "missing metadata.name in object (%s %s)", av,
				  id->kind);
	return 0;
}

char *kr_resid_format(const kr_resid *id, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s.%s.%s/%s.%s", id->kind[0] ? id->kind : "[noKind]",
		 id->version[0] ? id->version : "[noVer]", id->group[0] ? id->group : "[noGrp]",
		 id->name[0] ? id->name : "[noName]", id->ns[0] ? id->ns : "[noNs]");
	return buf;
}

int kr_strs_push(kr_arena *a, kr_strs *list, const char *s)
{
	if (kr_arena_grow(a, &list->v, &list->cap, list->n, sizeof(*list->v)) < 0)
		return KR_ENOMEM;
	list->v[list->n++] = s;
	return 0;
}

static int push_prev(kr_resource *res, kr_arena *a)
{
	if (kr_arena_grow(a, &res->prev, &res->capprev, res->nprev, sizeof(*res->prev)) < 0)
		return KR_ENOMEM;
	res->prev[res->nprev++] = res->id;
	return 0;
}

static int set_meta(kr_resource *res, kr_arena *a, const char *field, const char *value)
{
	kr_node *meta = kr_node_map_get(res->root, "metadata");
	kr_node *v = kr_node_new_str(a, value);

	if (!v)
		return KR_ENOMEM;
	if (!meta || meta->kind != KR_NODE_MAP) {
		meta = kr_node_new_map(a);
		if (!meta || kr_node_map_set(a, res->root, "metadata", meta) < 0)
			return KR_ENOMEM;
	}
	return kr_node_map_set(a, meta, field, v);
}

int kr_resource_set_name(kr_resource *res, kr_arena *a, const char *name)
{
	char *copy = kr_arena_strdup(a, name);

	if (!copy || push_prev(res, a) < 0 || set_meta(res, a, "name", copy) < 0)
		return KR_ENOMEM;
	res->id.name = copy;
	return 0;
}

int kr_resource_set_namespace(kr_resource *res, kr_arena *a, const char *ns)
{
	char *copy = kr_arena_strdup(a, ns);

	if (!copy || push_prev(res, a) < 0 || set_meta(res, a, "namespace", copy) < 0)
		return KR_ENOMEM;
	res->id.ns = copy;
	return 0;
}
