/*
 * transform_names.c - `namespace`, `namePrefix` and `nameSuffix`.
 *
 * namespace: metadata.namespace on every resource that is not
 * cluster-scoped (overwriting), v1 Namespace objects renamed to it, the
 * APIService service namespace, the CRD conversion webhook namespace, and
 * RoleBinding/ClusterRoleBinding subjects named "default".
 * namePrefix/nameSuffix: metadata.name of every resource but Namespace,
 * CustomResourceDefinition and APIService; the history of applied
 * prefixes and suffixes is kept for name-reference matching.
 */
#include "kustomize/transform.h"

#include <string.h>

static int set_string(kr_render *r, kr_node *map, const char *key, const char *value)
{
	kr_node *v = kr_node_new_str(r->a, value);

	if (!v || kr_node_map_set(r->a, map, key, v) < 0)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	return 0;
}

struct ns_ctx {
	kr_render *r;
	const char *ns;
};

static int set_ns_field(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct ns_ctx *c = ctx;

	(void)value;
	return set_string(c->r, map, key, c->ns);
}

static bool is_kind(const kr_resid *id, const char *group, const char *kind)
{
	return strcmp(id->kind, kind) == 0 && (!group || strcmp(id->group, group) == 0);
}

static int namespace_subjects(kr_render *r, kr_resource *res, const char *ns)
{
	kr_node *subjects = kr_node_map_get(res->root, "subjects");
	size_t i;
	int rc = 0;

	if (!subjects || subjects->kind != KR_NODE_SEQ)
		return 0;
	for (i = 0; i < subjects->len && rc == 0; i++) {
		kr_node *s = subjects->u.items[i];
		if (s->kind == KR_NODE_MAP && kr_node_str_eq(kr_node_map_get(s, "name"), "default"))
			rc = set_string(r, s, "namespace", ns);
	}
	return rc;
}

int kr_transform_namespace(kr_render *r, kr_resmap *rm, const char *ns, const kr_tfconfig *cfg)
{
	struct ns_ctx c = {r, ns};
	static const kr_fieldspec apiservice = {"apiregistration.k8s.io", "", "APIService",
						"spec/service/namespace", true};
	static const kr_fieldspec crd = {"apiextensions.k8s.io", "", "CustomResourceDefinition",
					 "spec/conversion/webhook/clientConfig/service/namespace", false};
	size_t i;
	int rc = 0;

	for (i = 0; i < rm->n && rc == 0; i++) {
		kr_resource *res = rm->items[i];
		const kr_resid *id = &res->id;
		if (res->root->kind != KR_NODE_MAP || res->root->len == 0)
			continue;
		if (!kr_resid_is_cluster_scoped(id)) {
			/* recorded even when unchanged: name references then see an earlier ID */
			if (kr_resource_set_namespace(res, r->a, ns) < 0)
				rc = kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		} else if (is_kind(id, "", "Namespace") && strcmp(id->version, "v1") == 0 &&
			   strcmp(id->name, ns) != 0) {
			if (kr_resource_set_name(res, r->a, ns) < 0)
				rc = kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		}
		if (rc == 0 && kr_fieldspec_matches(&apiservice, id))
			rc = kr_fieldspec_walk(r->a, res->root, &apiservice, set_ns_field, &c, r->err);
		if (rc == 0 && kr_fieldspec_matches(&crd, id))
			rc = kr_fieldspec_walk(r->a, res->root, &crd, set_ns_field, &c, r->err);
		if (rc == 0 && (is_kind(id, NULL, "RoleBinding") || is_kind(id, NULL, "ClusterRoleBinding")))
			rc = namespace_subjects(r, res, ns);
		for (size_t j = 0; j < cfg->namespace_.n && rc == 0; j++)
			if (kr_fieldspec_matches(&cfg->namespace_.v[j], id) &&
			    strcmp(cfg->namespace_.v[j].path, "metadata/namespace") != 0)
				rc = kr_fieldspec_walk(r->a, res->root, &cfg->namespace_.v[j], set_ns_field, &c,
						       r->err);
	}
	if (rc == 0 && kr_resmap_reindex(rm, r->err) < 0) {
		kr_err_prefix(r->err, "namespace transformation produces ID conflict");
		return r->err->code;
	}
	return rc;
}

struct affix_ctx {
	kr_render *r;
	const char *prefix, *suffix;
};

static int affix_field(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct affix_ctx *c = ctx;
	char *v;

	if (!value || value->kind != KR_NODE_SCALAR)
		return 0;
	v = kr_arena_sprintf(c->r->a, "%s%.*s%s", c->prefix ? c->prefix : "", (int)value->len,
			     value->u.str, c->suffix ? c->suffix : "");
	return v ? set_string(c->r, map, key, v) : kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
}

/* Configured namePrefix/nameSuffix paths other than metadata/name. */
static int affix_extra(kr_render *r, kr_resource *res, const kr_fieldspecs *specs, const char *prefix,
		       const char *suffix)
{
	struct affix_ctx c = {r, prefix, suffix};
	size_t j;
	int rc = 0;

	for (j = 0; j < specs->n && rc == 0; j++)
		if (strcmp(specs->v[j].path, "metadata/name") != 0 &&
		    kr_fieldspec_matches(&specs->v[j], &res->id))
			rc = kr_fieldspec_walk(r->a, res->root, &specs->v[j], affix_field, &c, r->err);
	return rc;
}

int kr_transform_names(kr_render *r, kr_resmap *rm, const char *prefix, const char *suffix,
		       const kr_tfconfig *cfg)
{
	size_t i;

	for (i = 0; i < rm->n; i++) {
		kr_resource *res = rm->items[i];
		const kr_resid *id = &res->id;
		char *name;
		if (is_kind(id, NULL, "Namespace") || is_kind(id, NULL, "CustomResourceDefinition") ||
		    is_kind(id, "apiregistration.k8s.io", "APIService"))
			continue;
		if ((prefix && affix_extra(r, res, &cfg->name_prefix, prefix, NULL) < 0) ||
		    (suffix && affix_extra(r, res, &cfg->name_suffix, NULL, suffix) < 0))
			return r->err->code;
		name = kr_arena_cat(r->a, prefix ? prefix : "", id->name, suffix ? suffix : "", (char *)NULL);
		if (!name || kr_resource_set_name(res, r->a, name) < 0 ||
		    (prefix && kr_strs_push(r->a, &res->prefixes, prefix) < 0) ||
		    (suffix && kr_strs_push(r->a, &res->suffixes, suffix) < 0))
			return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	return 0;
}
