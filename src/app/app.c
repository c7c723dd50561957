/*
 * app.c - an Application's sources rendered one after the other
 * (argocd.md 2.1, 2.3, 2.5, 3.10): the revision exported, the
 * .argocd-source.yaml and .argocd-source-<instance>.yaml overrides merged
 * (JSON merge patch; repoURL, path, targetRevision and chart restored), the
 * source type chosen (one explicit tool block, else kustomization files or
 * Chart.yaml directly in the app directory, else directory), then the
 * manifests: Lists unpacked, empty documents dropped, cluster-scoped
 * objects without a namespace, namespaced ones given the destination's,
 * the tracking annotation and/or label of the app instance stamped on every
 * object but CRDs. Sources that only give `ref` (Helm value files) render
 * nothing.
 */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource/resource.h"
#include "yaml/load.h"

#define TRACKING_ID "argocd.argoproj.io/tracking-id"

static int oom(kr_app_src *s)
{
	return kr_err_set(s->err, KR_ENOMEM, NULL, "out of memory");
}

const char *kr_app_envsubst(kr_app_src *s, const char *in, size_t n)
{
	const char *names[] = {"ARGOCD_APP_NAME", "ARGOCD_APP_NAMESPACE", "ARGOCD_APP_PROJECT_NAME", "ARGOCD_APP_REVISION",
			       "ARGOCD_APP_REVISION_SHORT", "ARGOCD_APP_REVISION_SHORT_8", "ARGOCD_APP_SOURCE_REPO_URL",
			       "ARGOCD_APP_SOURCE_PATH", "ARGOCD_APP_SOURCE_TARGET_REVISION"};
	char short7[8], short8[9];
	const char *values[] = {s->instance, s->dest_ns, s->project, s->commit, short7, short8, s->repo_url, s->path,
				s->target_revision};
	kr_buf b;
	size_t i = 0, k;
	char *out;

	memcpy(short7, s->commit, 7), short7[7] = '\0';
	memcpy(short8, s->commit, 8), short8[8] = '\0';
	kr_buf_init(&b, n * 4 + 4096);
	while (i < n) {
		size_t start, len;

		if (in[i] != '$' || i + 1 >= n) {
			kr_buf_putc(&b, in[i++]);
			continue;
		}
		/* os.Expand: $$ -> $, ${NAME}, $NAME (letters, digits, _), a special one-char name otherwise */
		if (in[i + 1] == '{') {
			start = i + 2;
			for (len = 0; start + len < n && in[start + len] != '}'; len++)
				;
			if (start + len >= n) { /* no closing brace: Go drops the "${" */
				i += 2;
				continue;
			}
			i = start + len + 1;
		} else {
			start = i + 1;
			for (len = 0; start + len < n && (in[start + len] == '_' || (in[start + len] >= '0' && in[start + len] <= '9') ||
							  ((in[start + len] | 32) >= 'a' && (in[start + len] | 32) <= 'z'));
			     len++)
				;
			if (len == 0) {
				if (strchr("*#$@!?-0123456789", in[start]) && in[start]) {
					len = 1; /* a shell special name */
				} else {
					kr_buf_putc(&b, '$');
					i++;
					continue;
				}
			}
			i = start + len;
		}
		if (len == 1 && in[start] == '$') {
			kr_buf_putc(&b, '$');
			continue;
		}
		for (k = 0; k < sizeof(names) / sizeof(*names); k++)
			if (strlen(names[k]) == len && memcmp(names[k], in + start, len) == 0)
				kr_buf_puts(&b, values[k] ? values[k] : "");
	}
	out = kr_arena_memdup(s->a, b.data ? b.data : "", b.len + 1);
	if (out)
		out[b.len] = '\0';
	kr_buf_dispose(&b);
	return out;
}

int kr_app_add(kr_app_src *s, kr_node *doc)
{
	const kr_node *items = kr_node_map_get(doc, "items"), *kind = kr_node_map_get(doc, "kind");
	size_t i;

	if (!doc)
		return oom(s);
	if (doc->kind == KR_NODE_SCALAR && doc->type == KR_SCALAR_NULL)
		return 0;
	if (doc->kind != KR_NODE_MAP)
		return kr_app_fail(s, KR_EINVAL, "a rendered document is not an object");
	if (doc->len == 0)
		return 0;
	/* a List is unpacked; a List with items: null gives nothing */
	if (kind && kind->kind == KR_NODE_SCALAR && kind->len >= 4 && memcmp(kind->u.str + kind->len - 4, "List", 4) == 0 &&
	    items && (items->kind == KR_NODE_SEQ || (items->kind == KR_NODE_SCALAR && items->type == KR_SCALAR_NULL))) {
		for (i = 0; items->kind == KR_NODE_SEQ && i < items->len; i++) {
			int rc = kr_app_add(s, items->u.items[i]);

			if (rc < 0)
				return rc;
		}
		return 0;
	}
	if (kr_arena_grow(s->a, &s->objs, &s->capobjs, s->nobjs, sizeof(*s->objs)) < 0)
		return oom(s);
	s->objs[s->nobjs++] = doc;
	return 0;
}

static kr_node *meta_map(kr_app_src *s, kr_node *obj, const char *key)
{
	kr_node *meta = kr_node_map_get(obj, "metadata"), *m;

	if (!meta || meta->kind != KR_NODE_MAP) {
		meta = kr_node_new_map(s->a);
		if (!meta || kr_node_map_set(s->a, obj, "metadata", meta) < 0)
			return NULL;
	}
	if (!key)
		return meta;
	m = kr_node_map_get(meta, key);
	if (m && m->kind == KR_NODE_MAP)
		return m;
	m = kr_node_new_map(s->a);
	return m && kr_node_map_set(s->a, meta, key, m) == 0 ? m : NULL;
}

static const char *field(kr_app_src *s, const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(s->a, n) : "";
}

int kr_app_finish(kr_app_src *s)
{
	size_t i;

	if (s->o->as_plugin)
		return 0; /* the repo-server and the controller do this on a plugin's output */
	for (i = 0; i < s->nobjs; i++) {
		kr_node *obj = s->objs[i], *meta = meta_map(s, obj, NULL);
		const char *api = field(s, kr_node_map_get(obj, "apiVersion")), *kind = field(s, kr_node_map_get(obj, "kind"));
		const char *slash = strchr(api, '/'), *ns, *name;
		char *group = slash ? kr_arena_memdup(s->a, api, (size_t)(slash - api) + 1) : "";
		kr_resid id = {0};

		if (!meta || !group)
			return oom(s);
		if (slash)
			group[slash - api] = '\0';
		id.group = group, id.version = slash ? slash + 1 : api, id.kind = kind;
		ns = field(s, kr_node_map_get(meta, "namespace"));
		name = field(s, kr_node_map_get(meta, "name"));
		if (kr_resid_is_cluster_scoped(&id)) {
			kr_node_map_delete(meta, "namespace");
			ns = "";
		} else if (!*ns && *s->dest_ns) {
			if (kr_node_map_set(s->a, meta, "namespace", kr_node_new_str(s->a, s->dest_ns)) < 0)
				return oom(s);
			ns = s->dest_ns;
		}
		if (strcmp(group, "apiextensions.k8s.io") == 0 && strcmp(kind, "CustomResourceDefinition") == 0)
			continue; /* CRDs are matched by key only */
		if (s->o->tracking == KR_TRACK_NONE)
			continue;
		if (s->o->tracking != KR_TRACK_LABEL) {
			kr_node *ann = meta_map(s, obj, "annotations");
			char *v = kr_arena_sprintf(s->a, "%s:%s/%s:%s/%s", s->instance, group, kind, *ns ? ns : s->dest_ns, name);

			if (!ann || !v || kr_node_map_set(s->a, ann, TRACKING_ID, kr_node_new_str(s->a, v)) < 0)
				return oom(s);
		}
		if (s->o->tracking != KR_TRACK_ANNOTATION) {
			kr_node *labels = meta_map(s, obj, "labels");
			char *v = kr_arena_strdup(s->a, s->instance);
			size_t n = v ? strlen(v) : 0;

			/* annotation+label: the label is cut to 63 characters, trailing non-alphanumerics trimmed */
			if (v && s->o->tracking == KR_TRACK_ANNOTATION_LABEL && n > 63) {
				v[63] = '\0';
				for (n = 63; n > 0 && !((v[n - 1] | 32) >= 'a' && (v[n - 1] | 32) <= 'z') && !(v[n - 1] >= '0' && v[n - 1] <= '9'); n--)
					v[n - 1] = '\0';
			}
			if (!labels || !v || kr_node_map_set(s->a, labels, s->o->instance_label, kr_node_new_str(s->a, v)) < 0)
				return oom(s);
		}
	}
	return 0;
}

/* RFC 7386 JSON merge patch of @patch onto @target (a copy) */
static kr_node *merge_patch(kr_app_src *s, const kr_node *target, const kr_node *patch, int depth)
{
	kr_node *out;
	size_t i;

	if (patch->kind != KR_NODE_MAP || depth > 100)
		return kr_node_copy(s->a, patch, NULL);
	out = target && target->kind == KR_NODE_MAP ? kr_node_copy(s->a, target, NULL) : kr_node_new_map(s->a);
	for (i = 0; out && i < patch->len; i++) {
		const char *k = kr_node_text(s->a, patch->u.pairs[i].key);
		const kr_node *v = patch->u.pairs[i].value;

		if (!k)
			return NULL;
		if (v->kind == KR_NODE_SCALAR && v->type == KR_SCALAR_NULL) {
			kr_node_map_delete(out, k);
			continue;
		}
		if (kr_node_map_set(s->a, out, k, merge_patch(s, kr_node_map_get(out, k), v, depth + 1)) < 0)
			return NULL;
	}
	return out;
}

/* .argocd-source.yaml, then .argocd-source-<instance>.yaml, merged onto the source */
static int overrides(kr_app_src *s)
{
	static const char *const keep[] = {"repoURL", "path", "targetRevision", "chart"};
	const char *files[2];
	size_t f, i;

	files[0] = ".argocd-source.yaml";
	/* a name holding '/' names no file of the app directory (and must not reach outside it) */
	files[1] = strchr(s->instance, '/') ? NULL : kr_arena_cat(s->a, ".argocd-source-", s->instance, ".yaml", NULL);
	for (f = 0; f < (files[1] ? 2u : 1u); f++) {
		char *path = kr_arena_cat(s->a, s->dir, "/", files[f], NULL);
		kr_yaml_stream y;
		kr_node *patched;
		char *data;
		size_t len;
		int rc;

		if (!path)
			return oom(s);
		rc = kr_app_read(s, path, &data, &len);
		if (rc == KR_ENOENT)
			continue;
		if (rc < 0)
			return kr_app_fail(s, rc, "%s: %s", files[f], kr_app_read_failure(rc));
		rc = kr_yaml_load(&y, s->a, files[f], data, len, s->o->lim, 0, s->err);
		if (rc < 0)
			return kr_app_fail(s, rc, "%s: %s", files[f], s->err->msg);
		if (!y.n || y.docs[0]->kind != KR_NODE_MAP)
			continue;
		patched = merge_patch(s, s->source, y.docs[0], 0);
		if (!patched)
			return oom(s);
		for (i = 0; i < 4; i++) { /* only tool options may change */
			const kr_node *was = kr_node_map_get(s->source, keep[i]);

			if (was ? kr_node_map_set(s->a, patched, keep[i], (kr_node *)was) < 0 : (kr_node_map_delete(patched, keep[i]), 0))
				return oom(s);
		}
		s->source = patched;
	}
	return 0;
}

/* an empty tool block is no block (NormalizeApplicationSpec); kustomize's flags alone count as empty */
static bool block_set(const kr_node *b, const char *type)
{
	static const char *const flags[] = {"forceCommonLabels", "forceCommonAnnotations", "labelWithoutSelector",
					    "labelIncludeTemplates", "commonAnnotationsEnvsubst"};
	size_t i, j;

	if (!b || b->kind != KR_NODE_MAP)
		return false;
	for (i = 0; i < b->len; i++) {
		const kr_node *v = b->u.pairs[i].value;
		bool zero = (v->kind == KR_NODE_SCALAR && (v->type == KR_SCALAR_NULL || v->len == 0 ||
							  (v->type == KR_SCALAR_BOOL && v->u.str[0] == 'f'))) ||
			    (v->kind != KR_NODE_SCALAR && v->len == 0);
		bool flag = false;

		for (j = 0; strcmp(type, "kustomize") == 0 && j < 5; j++)
			flag |= kr_node_str_eq(b->u.pairs[i].key, flags[j]);
		if (!zero && !flag)
			return true;
	}
	return false;
}

static bool file_in(kr_app_src *s, const char *dir, const char *name)
{
	const char *path = kr_arena_cat(s->a, dir, "/", name, NULL);

	return path && kr_app_type(s, path) == KR_FS_FILE;
}

/* a file directly in the app directory whose name ends in Chart.yaml */
static bool has_chart(kr_app_src *s, const char *dir)
{
	kr_fs_entry *e;
	size_t n, i;
	kr_err err;

	memset(&err, 0, sizeof(err));
	if (kr_fs_list(s->fs, dir, s->a, &e, &n, &err) < 0)
		return false;
	for (i = 0; i < n; i++) {
		size_t len = strlen(e[i].name);

		if (e[i].type == KR_FS_FILE && len >= 10 && strcmp(e[i].name + len - 10, "Chart.yaml") == 0)
			return true;
	}
	return false;
}

/* the revision the source reads, as a kr_fs: the pinned one in memory, the CMP's copy, or an export */
static int open_revision(kr_app_src *s)
{
	const char *root;
	int rc;

	if (s->o->pin && s->o->pin->fs && kr_repo_pinned(s->a, s->o->pin, s->repo_url)) {
		s->fs = s->o->pin->fs;
		snprintf(s->commit, sizeof(s->commit), "%s", s->o->pin->rev);
	} else {
		if (s->o->local_root) {
			root = s->o->local_root;
			snprintf(s->commit, sizeof(s->commit), "%s", s->o->local_commit ? s->o->local_commit : "");
		} else {
			/* a pinned repository is exported at the pin's revision ($ARGOCD_APP_SOURCE_TARGET_REVISION keeps the app's) */
			rc = kr_app_export(s, s->repo_url, *s->target_revision ? s->target_revision : "HEAD", &root, s->commit);
			if (rc < 0)
				return rc;
		}
		rc = kr_fs_disk_new(&s->own_fs, root, s->err);
		if (rc < 0)
			return kr_app_fail(s, rc, "cannot read the revision: %s", s->err->msg);
		s->fs = s->own_fs;
	}
	s->root = s->fs->root;
	return 0;
}

static int render_source(kr_app_src *s)
{
	static const char *const tools[] = {"kustomize", "helm", "directory", "plugin"};
	const char *type = NULL;
	char *dir;
	size_t i;
	int rc;

	s->repo_url = field(s, kr_node_map_get(s->source, "repoURL"));
	s->path = field(s, kr_node_map_get(s->source, "path"));
	s->target_revision = s->o->revision ? s->o->revision : field(s, kr_node_map_get(s->source, "targetRevision"));
	if (!*s->repo_url)
		return kr_app_fail(s, KR_EINVAL, "repoURL is required");
	if (kr_node_map_get(s->source, "chart"))
		return kr_app_fail(s, KR_EUNSUP, "Helm chart sources (chart:) are not supported by krender yet");
	if (!*s->path && kr_node_map_get(s->source, "ref"))
		return 0; /* a ref-only source: values for other sources, nothing rendered */
	rc = open_revision(s);
	if (rc < 0)
		return rc;
	if (s->o->commit_out && !s->o->commit_out[0])
		memcpy(s->o->commit_out, s->commit, 41);
	if (s->path[0] == '/' || strcmp(s->path, "..") == 0 || strncmp(s->path, "../", 3) == 0 || strstr(s->path, "/../") ||
	    (strlen(s->path) >= 3 && strcmp(s->path + strlen(s->path) - 3, "/..") == 0))
		return kr_app_fail(s, KR_EJAIL, "path '%s' leaves the repository", s->path);
	{
		enum kr_fs_type t;
		kr_err err;

		memset(&err, 0, sizeof(err));
		rc = kr_fs_resolve(s->fs, s->root, *s->path ? s->path : ".", &dir, &t, s->a, &err);
		if (rc == KR_EJAIL)
			return kr_app_fail(s, KR_EJAIL, "path '%s' leaves the repository", s->path);
		if (rc < 0 || t != KR_FS_DIR)
			return kr_app_fail(s, KR_ENOENT, "app path '%s' does not exist at revision '%s'", s->path,
					   *s->target_revision ? s->target_revision : "HEAD");
	}
	s->dir = dir;
	rc = overrides(s);
	if (rc < 0)
		return rc;
	for (i = 0; i < 4; i++) {
		if (!block_set(kr_node_map_get(s->source, tools[i]), tools[i]))
			continue;
		if (type)
			return kr_app_fail(s, KR_EINVAL, "multiple application sources defined: %s and %s", type, tools[i]);
		type = tools[i];
	}
	if (!type)
		type = file_in(s, dir, "kustomization.yaml") || file_in(s, dir, "kustomization.yml") ||
				       file_in(s, dir, "Kustomization")
			       ? "kustomize"
		       : has_chart(s, dir) ? "helm"
					: "directory";
	if (strcmp(type, "helm") == 0)
		return kr_app_fail(s, KR_EUNSUP, "'%s' is a Helm source: Helm is not supported by krender yet", s->path);
	if (strcmp(type, "plugin") == 0)
		return kr_app_fail(s, KR_EUNSUP, "a config-management plugin source needs the plugin itself (krender cmp runs as one)");
	if (strcmp(type, "kustomize") == 0)
		return kr_app_kustomize(s, kr_node_map_get(s->source, "kustomize"));
	return kr_app_directory(s, kr_node_map_get(s->source, "directory"));
}

const char *kr_app_instance(kr_arena *a, const kr_node *app, const char *controller_ns)
{
	const kr_node *meta = kr_node_map_get(app, "metadata"), *n = kr_node_map_get(meta, "name");
	const kr_node *ns = kr_node_map_get(meta, "namespace");
	const char *name = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";
	const char *space = ns && ns->kind == KR_NODE_SCALAR && ns->type != KR_SCALAR_NULL ? kr_node_text(a, ns) : "";

	if (!name || !space)
		return NULL;
	return *space && strcmp(space, controller_ns) != 0 ? kr_arena_cat(a, space, "_", name, NULL) : name;
}

int kr_app_render(kr_arena *a, const kr_app_opts *o, const kr_node *app, const char *file, kr_node ***out, size_t *n,
		  kr_err *err)
{
	const kr_node *meta = kr_node_map_get(app, "metadata"), *spec = kr_node_map_get(app, "spec");
	const kr_node *kind = kr_node_map_get(app, "kind"), *sources = kr_node_map_get(spec, "sources");
	const kr_node *single = kr_node_map_get(spec, "source");
	kr_app_src s;
	size_t i, count;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!kr_node_str_eq(kind, "Application"))
		return kr_err_set(err, KR_EINVAL, NULL, "%s: not an Application (kind %s)", file,
				  kind && kind->kind == KR_NODE_SCALAR ? kr_node_text(a, kind) : "missing");
	memset(&s, 0, sizeof(s));
	s.a = a, s.o = o, s.err = err, s.file = file, s.what = "spec";
	s.name = field(&s, kr_node_map_get(meta, "name"));
	s.instance = kr_app_instance(a, app, o->controller_ns);
	s.dest_ns = field(&s, kr_node_map_get(kr_node_map_get(spec, "destination"), "namespace"));
	s.project = field(&s, kr_node_map_get(spec, "project"));
	if (!s.instance)
		return oom(&s);
	if (!*s.name)
		return kr_app_fail(&s, KR_EINVAL, "metadata.name is required");
	/* spec.sources wins over spec.source when both are set, as in ArgoCD */
	count = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->len : 1;
	if (count == 1 && !(sources && sources->kind == KR_NODE_SEQ && sources->len) && (!single || single->kind != KR_NODE_MAP))
		return kr_app_fail(&s, KR_EINVAL, "spec.source or spec.sources is required");
	for (i = 0; i < count && rc == 0; i++) {
		const kr_node *src = sources && sources->kind == KR_NODE_SEQ && sources->len ? sources->u.items[i] : single;

		s.what = sources && sources->kind == KR_NODE_SEQ && sources->len ? kr_arena_sprintf(a, "spec.sources[%zu]", i)
										 : "spec.source";
		if (!s.what || !(s.source = kr_node_copy(a, src, NULL)))
			return oom(&s);
		if (src->kind != KR_NODE_MAP)
			return kr_app_fail(&s, KR_EINVAL, "must be a map");
		rc = render_source(&s);
		kr_fs_free(s.own_fs);
		s.own_fs = NULL;
	}
	if (rc == 0)
		rc = kr_app_finish(&s);
	if (rc == 0) {
		*out = s.objs;
		*n = s.nobjs;
	}
	return rc;
}
