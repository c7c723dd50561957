/*
 * vars.c - the deprecated `vars`: $(NAME) substitution (kustomize.md 10.2).
 *
 * Vars are collected from every kustomization of the build (a name twice
 * is an error) and resolved once at the top, after name references were
 * fixed: the value is the field `fieldref.fieldPath` (default
 * metadata.name) of the resource `objref` names (matched on any of its
 * IDs). In the varReference fields (built-in table plus configurations),
 * "$(NAME)" is replaced by the value's text, "$$" by "$"; a field that is
 * exactly "$(NAME)" takes the value's type; unknown names stay as written.
 */
#include "kustomize/vars.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kustomize/fieldspec.h"
#include "util/buf.h"

#define PT(kind, prefix, p) {"", "", kind, prefix p, false}
#define CONTAINER_FIELDS(kind, prefix) \
	PT(kind, prefix, "containers/args"), PT(kind, prefix, "containers/command"), \
	PT(kind, prefix, "containers/env/value"), PT(kind, prefix, "containers/volumeMounts/mountPath"), \
	PT(kind, prefix, "initContainers/args"), PT(kind, prefix, "initContainers/command"), \
	PT(kind, prefix, "initContainers/env/value"), \
	PT(kind, prefix, "initContainers/volumeMounts/mountPath")

static const kr_fieldspec var_reference[] = {
	CONTAINER_FIELDS("Pod", "spec/"),
	CONTAINER_FIELDS("Deployment", "spec/template/spec/"),
	CONTAINER_FIELDS("ReplicaSet", "spec/template/spec/"),
	CONTAINER_FIELDS("DaemonSet", "spec/template/spec/"),
	CONTAINER_FIELDS("StatefulSet", "spec/template/spec/"),
	CONTAINER_FIELDS("Job", "spec/template/spec/"),
	CONTAINER_FIELDS("CronJob", "spec/jobTemplate/spec/template/spec/"),
	PT("Pod", "spec/", "volumes/nfs/server"),
	PT("Deployment", "spec/template/spec/", "volumes/nfs/server"),
	PT("ReplicaSet", "spec/template/spec/", "volumes/nfs/server"),
	PT("DaemonSet", "spec/template/spec/", "volumes/nfs/server"),
	PT("StatefulSet", "spec/template/spec/", "volumes/nfs/server"),
	PT("Job", "spec/template/spec/", "volumes/nfs/server"),
	PT("CronJob", "spec/jobTemplate/spec/template/", "volumes/nfs/server"),
	PT("Deployment", "spec/template/", "metadata/annotations"),
	PT("Ingress", "spec/", "rules/host"),
	PT("Ingress", "spec/", "tls/hosts"),
	PT("Ingress", "spec/", "tls/secretName"),
	PT("Service", "spec/", "ports/port"),
	PT("Service", "spec/", "ports/targetPort"),
	PT("StatefulSet", "spec/", "volumeClaimTemplates/spec/nfs/server"),
	PT("PersistentVolume", "spec/", "nfs/server"),
	PT("", "", "metadata/labels"),
	PT("", "", "metadata/annotations"),
	{NULL, NULL, NULL, NULL, false},
};

struct value {
	const char *name;
	const kr_node *node; /* the resolved value */
	const char *text;
};

struct sub_ctx {
	kr_render *r;
	struct value *values;
	size_t n;
};

static const struct value *find_value(const struct sub_ctx *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strlen(c->values[i].name) == len && memcmp(c->values[i].name, name, len) == 0)
			return &c->values[i];
	return NULL;
}

/* Expand $(NAME) and $$ in scalar @v in place. */
static int expand(struct sub_ctx *c, kr_node *v)
{
	const char *s = v->u.str;
	size_t n = v->len, i;
	kr_buf b;
	bool changed = false;
	int rc = 0;

	if (v->kind != KR_NODE_SCALAR || v->type != KR_SCALAR_STR || !memchr(s, '$', n))
		return 0;
	/* exactly "$(NAME)": the field takes the value's node, type and all */
	if (n > 3 && s[0] == '$' && s[1] == '(' && s[n - 1] == ')' && !memchr(s + 2, ')', n - 3)) {
		const struct value *val = find_value(c, s + 2, n - 3);
		if (val) {
			v->type = val->node->type;
			v->u.str = val->node->u.str;
			v->len = val->node->len;
			v->x.orig = NULL;
			v->orig_len = 0;
			return 0;
		}
	}
	kr_buf_init(&b, 1 << 24);
	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
			rc = kr_buf_putc(&b, '$');
			i++;
			changed = true;
			continue;
		}
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '(') {
			const char *close = memchr(s + i + 2, ')', n - i - 2);
			const struct value *val = close ? find_value(c, s + i + 2, (size_t)(close - s - i - 2)) : NULL;
			if (val) {
				rc = kr_buf_puts(&b, val->text);
				i = (size_t)(close - s);
				changed = true;
				continue;
			}
		}
		rc = kr_buf_putc(&b, s[i]);
	}
	if (rc == 0 && changed) {
		v->u.str = kr_arena_memdup(c->r->a, b.data ? b.data : "", b.len);
		v->len = b.len;
		if (!v->u.str)
			rc = KR_ENOMEM;
	}
	kr_buf_dispose(&b);
	return rc < 0 ? kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded") : 0;
}

static int visit(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct sub_ctx *c = ctx;
	size_t i;
	int rc = 0;

	(void)map;
	(void)key;
	if (!value)
		return 0;
	if (value->kind == KR_NODE_SCALAR)
		return expand(c, value);
	if (value->kind == KR_NODE_SEQ) {
		for (i = 0; i < value->len && rc == 0; i++)
			if (value->u.items[i]->kind == KR_NODE_SCALAR)
				rc = expand(c, value->u.items[i]);
		return rc;
	}
	for (i = 0; i < value->len && rc == 0; i++)
		if (value->u.pairs[i].value->kind == KR_NODE_SCALAR)
			rc = expand(c, value->u.pairs[i].value);
	return rc;
}

/* The node at dotted @path ("spec.ports[0].port", "data.KEY") in @root, or NULL. */
static const kr_node *field_at(kr_arena *a, const kr_node *root, const char *path)
{
	const kr_node *cur = root;
	const char *p = path;

	while (cur && *p) {
		size_t n = strcspn(p, ".[");
		if (n) {
			char *key = kr_arena_memdup(a, p, n);
			cur = key ? kr_node_map_get(cur, key) : NULL;
			p += n;
		}
		if (*p == '[') {
			unsigned long idx = strtoul(p + 1, NULL, 10);
			const char *close = strchr(p, ']');
			if (!close || !cur || cur->kind != KR_NODE_SEQ || idx >= cur->len)
				return NULL;
			cur = cur->u.items[idx];
			p = close + 1;
		}
		if (*p == '.')
			p++;
	}
	return cur;
}

/* encoding/json matches struct field names case-insensitively (`fieldpath` works) */
static const kr_node *get_ci(const kr_node *map, const char *key)
{
	size_t i, n = strlen(key);

	if (!map || map->kind != KR_NODE_MAP)
		return NULL;
	for (i = 0; i < map->len; i++) {
		const kr_node *k = map->u.pairs[i].key;
		if (k->len == n && strncasecmp(k->u.str, key, n) == 0)
			return map->u.pairs[i].value;
	}
	return NULL;
}

/* kustomize's text for a var in errors: {NAME Kind.version.group {fieldPath}} */
static const char *var_text(kr_render *r, const kr_node *var)
{
	const kr_node *o = get_ci(var, "objref");
	const char *av = kr_node_text(r->a, get_ci(o, "apiVersion"));
	const char *group = kr_node_text(r->a, get_ci(o, "group"));
	const char *version = kr_node_text(r->a, get_ci(o, "version"));
	const char *fp = kr_node_text(r->a, get_ci(get_ci(var, "fieldref"), "fieldPath"));

	if (av && av[0]) {
		const char *slash = strrchr(av, '/');
		group = slash ? kr_arena_memdup(r->a, av, (size_t)(slash - av)) : "";
		version = slash ? slash + 1 : av;
	}
	return kr_arena_sprintf(r->a, "{%s %s.%s.%s {%s}}", kr_node_text(r->a, get_ci(var, "name")),
				kr_node_text(r->a, get_ci(o, "kind")),
				version && version[0] ? version : "[noVer]",
				group && group[0] ? group : "[noGrp]", fp && fp[0] ? fp : "metadata.name");
}

static bool objref_matches(kr_render *r, const kr_resource *res, const kr_node *objref)
{
	const char *kind = kr_node_text(r->a, get_ci(objref, "kind"));
	const char *name = kr_node_text(r->a, get_ci(objref, "name"));
	const char *ns = kr_node_text(r->a, get_ci(objref, "namespace"));
	const char *av = kr_node_text(r->a, get_ci(objref, "apiVersion"));
	const char *group = kr_node_text(r->a, get_ci(objref, "group"));
	const char *version = kr_node_text(r->a, get_ci(objref, "version"));
	const kr_resid *ids[64];
	size_t nids = 0, i;

	if (av && av[0]) {
		const char *slash = strrchr(av, '/');
		group = slash ? kr_arena_memdup(r->a, av, (size_t)(slash - av)) : "";
		version = slash ? slash + 1 : av;
	}
	ids[nids++] = &res->id;
	for (i = 0; i < res->nprev && nids < 64; i++)
		ids[nids++] = &res->prev[i];
	for (i = 0; i < nids; i++) {
		const kr_resid *id = ids[i];
		if ((kind && kind[0] && strcmp(kind, id->kind)) || (name && name[0] && strcmp(name, id->name)) ||
		    (group && group[0] && strcmp(group, id->group)) ||
		    (version && version[0] && strcmp(version, id->version)) ||
		    (ns && ns[0] && strcmp(ns, id->ns[0] ? id->ns : "default")))
			continue;
		return true;
	}
	return false;
}

int kr_vars_resolve(kr_render *r, kr_resmap *rm, const kr_tfconfig *cfg)
{
	struct sub_ctx c = {r, NULL, 0};
	size_t i, j;
	int rc = 0;

	if (!cfg->nvars)
		return 0;
	c.values = kr_arena_zalloc(r->a, cfg->nvars * sizeof(*c.values));
	if (!c.values)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	for (i = 0; i < cfg->nvars; i++) {
		const kr_node *var = cfg->vars[i];
		const char *name = kr_node_text(r->a, get_ci(var, "name"));
		const kr_node *objref = get_ci(var, "objref");
		const char *fp = kr_node_text(r->a, get_ci(get_ci(var, "fieldref"), "fieldPath"));
		const kr_resource *hit = NULL;
		const kr_node *v;
		kr_mark m = {cfg->var_files[i], (int)var->line, (int)var->col};
		for (j = 0; j < rm->n; j++)
			if (objref_matches(r, rm->items[j], objref)) {
				hit = rm->items[j];
				break;
			}
		if (!hit)
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "var '%s' cannot be mapped to a field in the set of known resources",
					  var_text(r, var));
		v = field_at(r->a, hit->root, fp && fp[0] ? fp : "metadata.name");
		if (!v || v->kind != KR_NODE_SCALAR)
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "field specified in var '%s' not found in corresponding resource",
					  var_text(r, var));
		c.values[c.n].name = name;
		c.values[c.n].node = v;
		c.values[c.n].text = kr_node_text(r->a, v);
		c.n++;
	}
	for (i = 0; i < rm->n && rc == 0; i++) {
		kr_resource *res = rm->items[i];
		for (j = 0; var_reference[j].path && rc == 0; j++)
			if (kr_fieldspec_matches(&var_reference[j], &res->id))
				rc = kr_fieldspec_walk(r->a, res->root, &var_reference[j], visit, &c, r->err);
		for (j = 0; j < cfg->var_reference.n && rc == 0; j++)
			if (kr_fieldspec_matches(&cfg->var_reference.v[j], &res->id))
				rc = kr_fieldspec_walk(r->a, res->root, &cfg->var_reference.v[j], visit, &c, r->err);
	}
	return rc;
}
