/*
 * kustomize.c - a kustomize source (argocd.md 2.2): ArgoCD runs `kustomize
 * edit` commands in the app directory and then `kustomize build`; krender
 * makes the same edits to an in-memory copy of the kustomization, in
 * ArgoCD's order (namePrefix, nameSuffix, images, replicas, commonLabels,
 * commonAnnotations, namespace, patches, components), and builds the
 * directory with that copy in place of the file: nothing on disk changes.
 * images and commonLabels values get $ARGOCD_APP_* substitution,
 * commonAnnotations only with commonAnnotationsEnvsubst.
 */
#include "app/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/fs.h"
#include "krender/build.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/load.h"

static int oom(kr_app_src *s)
{
	return kr_err_set(s->err, KR_ENOMEM, NULL, "out of memory");
}

static bool is_true(const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_BOOL && n->u.str[0] == 't';
}

static const char *text(kr_app_src *s, const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR ? kr_node_text(s->a, n) : NULL;
}

/* the map under @key of @k, made when absent */
static kr_node *child_map(kr_app_src *s, kr_node *k, const char *key)
{
	kr_node *m = kr_node_map_get(k, key);

	if (m && m->kind == KR_NODE_MAP)
		return m;
	m = kr_node_new_map(s->a);
	return m && kr_node_map_set(s->a, k, key, m) == 0 ? m : NULL;
}

static kr_node *child_seq(kr_app_src *s, kr_node *k, const char *key)
{
	kr_node *m = kr_node_map_get(k, key);

	if (m && m->kind == KR_NODE_SEQ)
		return m;
	if (m && !(m->kind == KR_NODE_SCALAR && m->type == KR_SCALAR_NULL))
		return NULL;
	m = kr_node_new_seq(s->a);
	return m && kr_node_map_set(s->a, k, key, m) == 0 ? m : NULL;
}

static int set_str(kr_app_src *s, kr_node *map, const char *key, const char *v)
{
	kr_node *n = kr_node_new_str(s->a, v);

	return n && kr_node_map_set(s->a, map, key, n) == 0 ? 0 : oom(s);
}

/* `kustomize edit set image ARG`: name=newName:tag, name=newName@digest, name:tag, name@digest, name=newName */
static int set_image(kr_app_src *s, kr_node *k, const char *arg)
{
	char *name = kr_arena_strdup(s->a, arg), *eq, *img, *at, *colon;
	const char *new_name = NULL, *tag = NULL, *digest = NULL;
	kr_node *images = child_seq(s, k, "images"), *entry = NULL;
	size_t i;

	if (!name || !images)
		return images ? oom(s) : kr_app_fail(s, KR_EINVAL, "the kustomization's images is not a list");
	eq = strchr(name, '=');
	img = eq ? eq + 1 : name;
	if (eq)
		*eq = '\0';
	if ((at = strchr(img, '@')) != NULL) {
		*at = '\0';
		digest = at + 1;
	} else if ((colon = strrchr(img, ':')) != NULL && strspn(colon + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(colon + 1)) {
		*colon = '\0';
		tag = colon + 1;
	} else if (!eq || !*img) {
		return kr_app_fail(s, KR_EINVAL, "kustomize.images: '%s' is not name:tag, name@digest or name=newName[:tag|@digest]", arg);
	}
	if (eq)
		new_name = img;
	else
		name = img;
	for (i = 0; i < images->len && !entry; i++)
		if (kr_node_str_eq(kr_node_map_get(images->u.items[i], "name"), name))
			entry = images->u.items[i];
	if (!entry) {
		entry = kr_node_new_map(s->a);
		if (!entry || set_str(s, entry, "name", name) < 0 || kr_node_seq_append(s->a, images, entry) < 0)
			return oom(s);
	}
	if (new_name && *new_name && set_str(s, entry, "newName", new_name) < 0)
		return oom(s);
	if (tag && *tag) {
		kr_node_map_delete(entry, "digest");
		if (set_str(s, entry, "newTag", tag) < 0)
			return oom(s);
	}
	if (digest && *digest) {
		kr_node_map_delete(entry, "newTag");
		if (set_str(s, entry, "digest", digest) < 0)
			return oom(s);
	}
	return 0;
}

/* `kustomize edit set replicas name=N` */
static int set_replicas(kr_app_src *s, kr_node *k, const kr_node *r)
{
	const char *name = text(s, kr_node_map_get(r, "name"));
	const kr_node *count = kr_node_map_get(r, "count");
	kr_node *list = child_seq(s, k, "replicas"), *entry = NULL, *n;
	char *end;
	long long v;
	size_t i;

	if (!list)
		return kr_app_fail(s, KR_EINVAL, "the kustomization's replicas is not a list");
	if (!name || !count || count->kind != KR_NODE_SCALAR)
		return kr_app_fail(s, KR_EINVAL, "kustomize.replicas entries need name and count");
	v = strtoll(count->u.str, &end, 10);
	if (!count->len || *end || (count->type != KR_SCALAR_INT && count->type != KR_SCALAR_STR))
		return kr_app_fail(s, KR_EINVAL, "kustomize.replicas[%s]: expected integer value for count", name);
	for (i = 0; i < list->len && !entry; i++)
		if (kr_node_str_eq(kr_node_map_get(list->u.items[i], "name"), name))
			entry = list->u.items[i];
	if (!entry) {
		entry = kr_node_new_map(s->a);
		if (!entry || set_str(s, entry, "name", name) < 0 || kr_node_seq_append(s->a, list, entry) < 0)
			return oom(s);
	}
	{
		char num[32];

		snprintf(num, sizeof(num), "%lld", v);
		n = kr_node_new_scalar(s->a, KR_SCALAR_INT, num, strlen(num));
	}
	return n && kr_node_map_set(s->a, entry, "count", n) == 0 ? 0 : oom(s);
}

/* `kustomize edit add label|annotation [--force] k:v...` into @map */
static int add_pairs(kr_app_src *s, kr_node *map, const kr_node *pairs, bool force, bool subst, const char *kind)
{
	size_t i;

	for (i = 0; i < pairs->len; i++) {
		const char *key = kr_node_text(s->a, pairs->u.pairs[i].key);
		const kr_node *v = pairs->u.pairs[i].value;
		const char *val = v->kind == KR_NODE_SCALAR ? (subst ? kr_app_envsubst(s, v->u.str, v->len) : kr_node_text(s->a, v)) : NULL;

		if (!key || !val)
			return val || v->kind == KR_NODE_SCALAR ? oom(s) : kr_app_fail(s, KR_EINVAL, "kustomize.%ss values must be strings", kind);
		if (!force && kr_node_map_get(map, key))
			return kr_app_fail(s, KR_EINVAL, "kustomize edit add %s: %s %s already in kustomization file", kind, kind, key);
		if (set_str(s, map, key, val) < 0)
			return oom(s);
	}
	return 0;
}

static int add_labels(kr_app_src *s, kr_node *k, const kr_node *opts, const kr_node *labels)
{
	bool force = is_true(kr_node_map_get(opts, "forceCommonLabels"));
	kr_node *map;

	if (is_true(kr_node_map_get(opts, "labelWithoutSelector"))) {
		/* a new `labels` entry without selectors (and with templates when asked) */
		kr_node *list = child_seq(s, k, "labels"), *entry = kr_node_new_map(s->a), *f = kr_node_new_scalar(s->a, KR_SCALAR_BOOL, "false", 5);

		map = kr_node_new_map(s->a);
		if (!list)
			return kr_app_fail(s, KR_EINVAL, "the kustomization's labels is not a list");
		if (!entry || !f || !map || kr_node_map_set(s->a, entry, "pairs", map) < 0 ||
		    kr_node_map_set(s->a, entry, "includeSelectors", f) < 0 || kr_node_seq_append(s->a, list, entry) < 0)
			return oom(s);
		if (is_true(kr_node_map_get(opts, "labelIncludeTemplates"))) {
			kr_node *t = kr_node_new_scalar(s->a, KR_SCALAR_BOOL, "true", 4);

			if (!t || kr_node_map_set(s->a, entry, "includeTemplates", t) < 0)
				return oom(s);
		}
	} else {
		map = child_map(s, k, "commonLabels");
		if (!map)
			return kr_app_fail(s, KR_EINVAL, "the kustomization's commonLabels is not a map");
	}
	return add_pairs(s, map, labels, force, true, "label");
}

/* `kustomize edit add component`: each path must exist (ignoreMissingComponents drops those that do not) */
static int add_components(kr_app_src *s, kr_node *k, const kr_node *list, bool ignore_missing)
{
	kr_node *have = child_seq(s, k, "components");
	size_t i, j;

	if (!have)
		return kr_app_fail(s, KR_EINVAL, "the kustomization's components is not a list");
	for (i = 0; i < list->len; i++) {
		const char *c = text(s, list->u.items[i]);
		enum kr_fs_type type = KR_FS_MISSING;
		char *canon;
		kr_err err;
		bool dup = false;

		if (!c)
			return kr_app_fail(s, KR_EINVAL, "kustomize.components[%zu] must be a string", i);
		/* it must exist inside the revision (symbolic links resolved: the path jail) */
		memset(&err, 0, sizeof(err));
		if (c[0] == '/' || kr_fs_resolve(s->fs, s->dir, c, &canon, &type, s->a, &err) < 0 || type == KR_FS_MISSING) {
			if (ignore_missing)
				continue;
			return kr_app_fail(s, KR_ENOENT, "kustomize edit add component: %s has no match", c);
		}
		for (j = 0; j < have->len && !dup; j++)
			dup = kr_node_str_eq(have->u.items[j], c);
		if (!dup && kr_node_seq_append(s->a, have, kr_node_new_str(s->a, c)) < 0)
			return oom(s);
	}
	return 0;
}

/* the kustomization file of the app directory, as ArgoCD looks for it */
static const char *kust_file(kr_app_src *s)
{
	static const char *const names[] = {"kustomization.yaml", "kustomization.yml", "Kustomization"};
	size_t i;

	for (i = 0; i < 3; i++) {
		char *p = kr_arena_cat(s->a, s->dir, "/", names[i], NULL);

		if (p && kr_app_type(s, p) == KR_FS_FILE)
			return p;
	}
	return NULL;
}

static bool has(const kr_node *opts, const char *key)
{
	const kr_node *v = kr_node_map_get(opts, key);

	return v && !(v->kind == KR_NODE_SCALAR && (v->type == KR_SCALAR_NULL || v->len == 0)) && !(v->kind != KR_NODE_SCALAR && v->len == 0);
}

/* the edited kustomization, or NULL when @opts ask for no edit */
static int edit(kr_app_src *s, const kr_node *opts, kr_buf *out, bool *edited)
{
	static const char *const edits[] = {"namePrefix", "nameSuffix", "images", "replicas", "commonLabels",
					    "commonAnnotations", "namespace", "patches", "components"};
	const char *file;
	kr_yaml_stream y;
	kr_node *k;
	size_t i;
	int rc;
	char *data;
	size_t len;

	*edited = false;
	for (i = 0; i < sizeof(edits) / sizeof(*edits) && !*edited; i++)
		*edited = has(opts, edits[i]);
	if (!*edited)
		return 0;
	file = kust_file(s);
	if (!file)
		return kr_app_fail(s, KR_ENOENT, "kustomize options need a kustomization file in '%s' (kustomize edit: Missing kustomization file)", s->path);
	if ((rc = kr_app_read(s, file, &data, &len)) < 0)
		return kr_app_fail(s, rc, "cannot read the kustomization of '%s' (or over the file_bytes limit)", s->path);
	rc = kr_yaml_load(&y, s->a, "kustomization.yaml", data, len, s->o->lim, 0, s->err);
	if (rc < 0)
		return rc;
	k = y.n && y.docs[0]->kind == KR_NODE_MAP ? y.docs[0] : kr_node_new_map(s->a);
	if (!k)
		return oom(s);
	if (has(opts, "namePrefix") && set_str(s, k, "namePrefix", text(s, kr_node_map_get(opts, "namePrefix"))) < 0)
		return -1;
	if (has(opts, "nameSuffix") && set_str(s, k, "nameSuffix", text(s, kr_node_map_get(opts, "nameSuffix"))) < 0)
		return -1;
	if (has(opts, "images")) {
		const kr_node *l = kr_node_map_get(opts, "images");

		for (i = 0; l->kind == KR_NODE_SEQ && i < l->len; i++) {
			const kr_node *im = l->u.items[i];

			if (im->kind != KR_NODE_SCALAR)
				return kr_app_fail(s, KR_EINVAL, "kustomize.images[%zu] must be a string", i);
			if ((rc = set_image(s, k, kr_app_envsubst(s, im->u.str, im->len))) < 0)
				return rc;
		}
	}
	if (has(opts, "replicas")) {
		const kr_node *l = kr_node_map_get(opts, "replicas");

		for (i = 0; l->kind == KR_NODE_SEQ && i < l->len; i++)
			if ((rc = set_replicas(s, k, l->u.items[i])) < 0)
				return rc;
	}
	if (has(opts, "commonLabels") && (rc = add_labels(s, k, opts, kr_node_map_get(opts, "commonLabels"))) < 0)
		return rc;
	if (has(opts, "commonAnnotations")) {
		kr_node *map = child_map(s, k, "commonAnnotations");

		if (!map)
			return kr_app_fail(s, KR_EINVAL, "the kustomization's commonAnnotations is not a map");
		rc = add_pairs(s, map, kr_node_map_get(opts, "commonAnnotations"),
			       is_true(kr_node_map_get(opts, "forceCommonAnnotations")),
			       is_true(kr_node_map_get(opts, "commonAnnotationsEnvsubst")), "annotation");
		if (rc < 0)
			return rc;
	}
	if (has(opts, "namespace") && set_str(s, k, "namespace", text(s, kr_node_map_get(opts, "namespace"))) < 0)
		return -1;
	if (has(opts, "patches")) {
		const kr_node *l = kr_node_map_get(opts, "patches");
		kr_node *list = child_seq(s, k, "patches");

		if (!list)
			return kr_app_fail(s, KR_EINVAL, "the kustomization's patches is not a list");
		for (i = 0; l->kind == KR_NODE_SEQ && i < l->len; i++)
			if (kr_node_seq_append(s->a, list, kr_node_copy(s->a, l->u.items[i], NULL)) < 0)
				return oom(s);
	}
	if (has(opts, "components")) {
		rc = add_components(s, k, kr_node_map_get(opts, "components"), is_true(kr_node_map_get(opts, "ignoreMissingComponents")));
		if (rc < 0)
			return rc;
	}
	return kr_yaml_emit_doc(out, k, s->err);
}

int kr_app_kustomize(kr_app_src *s, const kr_node *opts)
{
	kr_build *b = kr_build_new();
	kr_yaml_stream y;
	kr_buf k;
	bool edited;
	char *out = NULL;
	size_t len = 0, i;
	int rc;

	if (!b)
		return oom(s);
	kr_buf_init(&k, s->o->lim->file_bytes * 4 + 4096);
	rc = edit(s, opts, &k, &edited);
	if (rc == 0 && edited)
		rc = kr_build_set_top_kustomization(b, k.data ? k.data : "", k.len);
	kr_buf_dispose(&k);
	kr_build_set_fs(b, s->fs);
	kr_build_set_parse_cache(b, s->o->pcache, 0);
	if (rc == 0) {
		char limits[512];

		kr_limits_format(s->o->lim, limits, sizeof(limits));
		kr_build_set_limits(b, limits);
		rc = kr_build_run(b, s->dir, &out, &len);
		if (rc < 0)
			rc = kr_app_fail(s, rc, "kustomize build %s: %s", s->path, kr_build_error(b));
	}
	kr_build_free(b);
	if (rc == 0)
		rc = kr_yaml_load(&y, s->a, s->path, out, len, s->o->lim, 0, s->err);
	for (i = 0; rc == 0 && i < y.n; i++)
		rc = kr_app_add(s, kr_node_copy(s->a, y.docs[i], NULL));
	free(out);
	return rc;
}
