/*
 * helm.c - helmCharts: each chart is inflated by running `helm` the way
 * kustomize v5.5.0's HelmChartInflationGenerator runs it (argument order,
 * environment, values file), learnt from kubectl with a recording helm:
 *   helm version -c --short                      (must report v3)
 *   helm pull --untar --untardir HOME (--repo R NAME | oci://R/NAME) [--version V]
 *                                                (only when the chart is absent)
 *   helm template [RELEASE | --generate-name] CHART [--namespace NS]
 *        [--name-template T] -f VALUES [-f EXTRA]... [--api-versions A]...
 *        [--kube-version K] [--include-crds] [--skip-tests] [--no-hooks]
 * CHART is chartHome/NAME, or chartHome/NAME-VERSION/NAME with a version.
 * VALUES is a temporary copy of the chart's values file, or with
 * valuesInline the two merged as kyaml merges them (override: inline over
 * the file; merge: the file over inline; replace: inline alone).
 * Invariants: runs only with --enable-helm; everything temporary lives in
 * one directory under $TMPDIR that is removed before returning.
 */
#include "kustomize/helm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kustomize/patch_smp.h"
#include "util/proc.h"
#include "yaml/emit.h"

#define HELM_TIMEOUT_MS (10L * 60 * 1000)
#define HELM_STDERR_MAX 2048

struct chart {
	const kr_node *at; /* the entry, for messages */
	const char *name, *version, *repo, *release, *ns, *values_file, *merge, *kube_version;
	const char *name_template;
	const kr_node *inline_values, *extra_files, *api_versions;
	bool include_crds, skip_hooks, skip_tests;
};

struct helm {
	kr_render *r;
	const kr_kustomization *k;
	kr_mark m;
	const char *home;   /* absolute chart home */
	const char *config; /* HELM_CONFIG_HOME */
	char tmp[4096];     /* our temporary directory ("" until made) */
	char *env[4];
	const char **argv; /* the command being built, NULL-terminated (arena) */
	size_t argc, capargv;
	bool argv_oom;
};

static int oom(struct helm *h)
{
	return kr_err_set(h->r->err, KR_ENOMEM, NULL, "out of memory");
}

static bool bool_field(const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v && v->kind == KR_NODE_SCALAR && (v->flags & KR_NODE_PLAIN) &&
	       kr_scalar_bool_v2(kr_kust_text(v), strlen(kr_kust_text(v))) == 1;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int decode_chart(struct helm *h, const kr_node *e, struct chart *c)
{
	kr_mark m = {h->k->file, (int)e->line, (int)e->col};

	memset(c, 0, sizeof(*c));
	c->at = e;
	if (e->kind != KR_NODE_MAP)
		return kr_err_set(h->r->err, KR_EPARSE, &m, "a helmCharts entry must be a mapping");
	c->name = nonempty(kr_kust_field_text(e, "name"));
	c->version = nonempty(kr_kust_field_text(e, "version"));
	c->repo = nonempty(kr_kust_field_text(e, "repo"));
	c->release = nonempty(kr_kust_field_text(e, "releaseName"));
	c->ns = nonempty(kr_kust_field_text(e, "namespace"));
	c->values_file = nonempty(kr_kust_field_text(e, "valuesFile"));
	c->merge = nonempty(kr_kust_field_text(e, "valuesMerge"));
	c->kube_version = nonempty(kr_kust_field_text(e, "kubeVersion"));
	c->name_template = nonempty(kr_kust_field_text(e, "nameTemplate"));
	c->inline_values = kr_node_map_get(e, "valuesInline");
	c->extra_files = kr_node_map_get(e, "additionalValuesFiles");
	c->api_versions = kr_node_map_get(e, "apiVersions");
	c->include_crds = bool_field(e, "includeCRDs");
	c->skip_hooks = bool_field(e, "skipHooks");
	c->skip_tests = bool_field(e, "skipTests");
	if (!c->name)
		return kr_err_set(h->r->err, KR_EINVAL, &m, "chart name cannot be empty");
	if (!c->merge)
		c->merge = "override";
	if (strcmp(c->merge, "override") && strcmp(c->merge, "merge") && strcmp(c->merge, "replace"))
		return kr_err_set(h->r->err, KR_EINVAL, &m, "valuesMerge must be one of [merge override replace]");
	if (c->inline_values && c->inline_values->kind != KR_NODE_MAP)
		c->inline_values = NULL;
	return 0;
}

static void push(struct helm *h, const char *arg)
{
	/* the array holds argc arguments and the NULL (none before the first push) */
	if (kr_arena_grow(h->r->a, &h->argv, &h->capargv, h->argv ? h->argc + 1 : 0, sizeof(*h->argv)) < 0) {
		h->argv_oom = true;
		return;
	}
	h->argv[h->argc++] = arg;
	h->argv[h->argc] = NULL;
}

/* "helm a b c" and "[ENV ...]" as kustomize words its errors */
static int run_helm(struct helm *h, kr_buf *out)
{
	kr_buf err, cmd;
	kr_proc_result res;
	size_t i;
	int rc;

	if (h->argv_oom)
		return oom(h);
	kr_buf_init(&err, HELM_STDERR_MAX);
	kr_buf_init(&cmd, 1 << 16);
	rc = kr_render_proc(h->r, (char *const *)h->argv, h->env, out, &err, HELM_TIMEOUT_MS, &res);
	for (i = 0; i < h->argc; i++)
		kr_buf_printf(&cmd, "%s%s", i ? " " : "", h->argv[i]);
	if (rc == KR_ETOOBIG && res.timed_out)
		; /* the render's deadline, said by kr_render_proc() */
	else if (rc == KR_ETOOBIG)
		rc = kr_err_set(h->r->err, KR_ETOOBIG, &h->m,
				"output of '%.*s' larger than the limit file-bytes (" KR_LIMIT_RAISE("file-bytes") ")",
				(int)cmd.len, cmd.data);
	else if (rc < 0)
		rc = kr_err_set(h->r->err, rc, &h->m, "unable to run: '%.*s'", (int)cmd.len, cmd.data);
	else if (res.not_found)
		rc = kr_err_set(h->r->err, KR_EINVAL, &h->m,
				"unable to run: '%.*s' (is 'helm' installed?): exec: \"helm\": executable "
				"file not found in $PATH", (int)cmd.len, cmd.data);
	else if (res.timed_out || res.status)
		rc = kr_err_set(h->r->err, KR_EINVAL, &h->m,
				"%.*s: unable to run: '%.*s' with env=[%s %s %s] (is 'helm' installed?): %s %d",
				(int)err.len, err.data ? err.data : "", (int)cmd.len, cmd.data, h->env[0],
				h->env[1], h->env[2], res.timed_out ? "killed after the timeout, status" :
				res.status > 128 ? "signal" : "exit status",
				res.status > 128 ? res.status - 128 : res.status);
	kr_buf_dispose(&err);
	kr_buf_dispose(&cmd);
	return rc;
}

/* helm version -c --short must name a v3 */
static int check_version(struct helm *h)
{
	kr_buf out;
	const char *p;
	int rc;

	kr_buf_init(&out, 1 << 16);
	h->argc = 0;
	push(h, "helm");
	push(h, "version");
	push(h, "-c");
	push(h, "--short");
	rc = run_helm(h, &out);
	if (rc == 0 && kr_buf_putc(&out, '\0') < 0)
		rc = oom(h);
	/* the first v?N(.N)+ */
	for (p = out.data; rc == 0 && p && *p; p++) {
		const char *q = p + (*p == 'v');
		size_t n = strspn(q, "0123456789");

		if (n == 0 || q[n] != '.' || !strchr("0123456789", q[n + 1]) || !q[n + 1])
			continue;
		if (n != 1 || *q != '3')
			rc = kr_err_set(h->r->err, KR_EINVAL, &h->m,
					"this plugin requires helm V3 but got v%.*s", (int)strcspn(q, " +\n"), q);
		break;
	}
	if (rc == 0 && (!p || !*p))
		rc = kr_err_set(h->r->err, KR_EINVAL, &h->m, "cannot find version string in %s",
				out.data ? out.data : "");
	kr_buf_dispose(&out);
	return rc;
}

/* Read the file the kustomization names, as one YAML mapping (v3 types). */
static int load_values_file(struct helm *h, const char *path, kr_node **out, const char **data,
			    size_t *len)
{
	kr_yaml_stream s;
	const char *rel;
	int rc = kr_kust_read(h->r, h->k, h->k->helm_charts, path, data, len, &rel);

	if (rc < 0 || !out)
		return rc;
	rc = kr_yaml_load(&s, h->r->a, rel, *data, *len, h->r->lim, 0, h->r->err);
	if (rc < 0)
		return rc;
	*out = s.n && s.docs[0]->kind == KR_NODE_MAP ? s.docs[0] : kr_node_new_map(h->r->a);
	return *out ? 0 : oom(h);
}

static int write_file(struct helm *h, const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (!f)
		return kr_err_set(h->r->err, KR_EIO, &h->m, "cannot write %s", path);
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	return ok ? 0 : kr_err_set(h->r->err, KR_EIO, &h->m, "failed to write values file");
}

/* Write the values helm gets into our temporary directory; *@path names it. */
static int write_values(struct helm *h, const struct chart *c, const char *chart_dir, const char **path)
{
	const char *file = c->values_file ? c->values_file : kr_path_join(h->r->a, chart_dir, "values.yaml");
	kr_node *from_file = NULL, *inl, *target, *patch;
	static const kr_resid no_kind = {"", "", "", "", ""};
	const char *data;
	size_t len;
	kr_buf out;
	bool deleted;
	int rc;

	*path = kr_arena_sprintf(h->r->a, "%s/%s-kustomize-values.yaml", h->tmp, c->name);
	if (!*path || !file)
		return oom(h);
	if (!c->inline_values || c->inline_values->len == 0) {
		rc = load_values_file(h, file, NULL, &data, &len);
		return rc < 0 ? rc : write_file(h, *path, data, len);
	}
	/* valuesInline as sigs.k8s.io/yaml reads the kustomization */
	inl = kr_node_copy_v11(h->r->a, c->inline_values);
	if (!inl)
		return oom(h);
	target = inl;
	if (strcmp(c->merge, "replace") != 0) {
		rc = load_values_file(h, file, &from_file, &data, &len);
		if (rc < 0)
			return rc;
		/* override: inline patches the file; merge: the file patches inline */
		target = strcmp(c->merge, "override") == 0 ? from_file : inl;
		patch = target == inl ? from_file : inl;
		rc = kr_smp_apply(h->r->a, target, patch, &no_kind, NULL, &deleted, h->r->err);
		if (rc < 0) {
			char why[sizeof(h->r->err->msg)];

			memcpy(why, h->r->err->msg, sizeof(why));
			return kr_err_set(h->r->err, rc, &h->m, "could not merge values: %s", why);
		}
	}
	kr_buf_init(&out, h->r->lim->file_bytes);
	rc = kr_yaml_emit_doc(&out, target, h->r->err);
	if (rc == 0)
		rc = write_file(h, *path, out.data ? out.data : "", out.len);
	kr_buf_dispose(&out);
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Pull the chart when it is not in the chart home yet. */
static int ensure_chart(struct helm *h, const struct chart *c, const char *untar, const char *dir)
{
	kr_buf out;
	int rc;

	if (is_dir(dir))
		return 0;
	if (!c->repo)
		return kr_err_set(h->r->err, KR_ENOENT, &h->m, "no repo specified for pull, no chart found at '%s'",
				  kr_fs_rel(h->r->fs, dir));
	h->argc = 0;
	push(h, "helm");
	push(h, "pull");
	push(h, "--untar");
	push(h, "--untardir");
	push(h, untar);
	if (strncmp(c->repo, "oci://", 6) == 0) {
		const char *ref = kr_arena_sprintf(h->r->a, "%s/%s", c->repo, c->name);

		if (!ref)
			return oom(h);
		push(h, ref);
	} else {
		push(h, "--repo");
		push(h, c->repo);
		push(h, c->name);
	}
	if (c->version) {
		push(h, "--version");
		push(h, c->version);
	}
	kr_buf_init(&out, 1 << 20);
	rc = run_helm(h, &out);
	kr_buf_dispose(&out);
	return rc;
}

/* Absolute real path of file @rel named by the kustomization, inside the jail. */
static int resolve_file(struct helm *h, const char *rel, const char **abs)
{
	enum kr_fs_type type;
	char *canon;
	int rc = kr_fs_resolve(h->r->fs, h->k->dir, rel, &canon, &type, h->r->a, h->r->err);

	if (rc == KR_EJAIL)
		return kr_err_set(h->r->err, KR_EJAIL, &h->m, "'%s' is outside the root", rel);
	if (rc == 0 && type != KR_FS_FILE)
		return kr_err_set(h->r->err, KR_ENOENT, &h->m, "no such file '%s'", rel);
	*abs = canon;
	return rc < 0 ? kr_err_locate(h->r->err, &h->m) : rc;
}

static int inflate(struct helm *h, const struct chart *c, kr_resmap *out)
{
	const char *untar = c->version ? kr_arena_sprintf(h->r->a, "%s/%s-%s", h->home, c->name, c->version)
				       : h->home;
	const char *dir = untar ? kr_path_join(h->r->a, untar, c->name) : NULL;
	const char *values = NULL, *file = NULL;
	kr_buf stdout_buf;
	size_t i;
	int rc;

	if (!dir)
		return oom(h);
	rc = ensure_chart(h, c, untar, dir);
	if (rc == 0)
		rc = write_values(h, c, dir, &values);
	if (rc < 0)
		return rc;
	h->argc = 0;
	push(h, "helm");
	push(h, "template");
	push(h, c->release ? c->release : "--generate-name");
	push(h, dir);
	if (c->ns) {
		push(h, "--namespace");
		push(h, c->ns);
	}
	if (c->name_template) {
		push(h, "--name-template");
		push(h, c->name_template);
	}
	push(h, "-f");
	push(h, values);
	for (i = 0; c->extra_files && c->extra_files->kind == KR_NODE_SEQ && i < c->extra_files->len; i++) {
		rc = resolve_file(h, kr_kust_text(c->extra_files->u.items[i]), &file);
		if (rc < 0)
			return rc;
		push(h, "-f");
		push(h, file);
	}
	for (i = 0; c->api_versions && c->api_versions->kind == KR_NODE_SEQ && i < c->api_versions->len; i++) {
		push(h, "--api-versions");
		push(h, kr_kust_text(c->api_versions->u.items[i]));
	}
	if (c->kube_version) {
		push(h, "--kube-version");
		push(h, c->kube_version);
	}
	if (c->include_crds)
		push(h, "--include-crds");
	if (c->skip_tests)
		push(h, "--skip-tests");
	if (c->skip_hooks)
		push(h, "--no-hooks");
	kr_buf_init(&stdout_buf, h->r->lim->file_bytes);
	rc = run_helm(h, &stdout_buf);
	if (rc == 0) {
		const char *name = kr_arena_sprintf(h->r->a, "helm template of chart %s", c->name);
		const char *text = kr_arena_memdup(h->r->a, stdout_buf.data ? stdout_buf.data : "", stdout_buf.len);
		size_t len = stdout_buf.len;
		kr_resmap part;

		kr_resmap_init(&part, h->r->a);
		rc = !name || !text ? oom(h) : kr_load_resource_bytes(h->r, text, len, name, &part);
		/* helm may print notes before the first document: retry from there */
		if (rc < 0 && text && memmem(text, len, "\n---\n", 5)) {
			const char *doc = memmem(text, len, "\n---\n", 5);

			kr_resmap_dispose(&part);
			kr_resmap_init(&part, h->r->a);
			rc = kr_load_resource_bytes(h->r, doc, len - (size_t)(doc - text), name, &part);
		}
		if (rc == 0)
			rc = kr_resmap_append_all(out, &part, h->r->err);
		kr_resmap_dispose(&part);
	}
	kr_buf_dispose(&stdout_buf);
	return rc;
}

static int make_tmp(struct helm *h)
{
	const char *base = getenv("TMPDIR");

	snprintf(h->tmp, sizeof(h->tmp), "%s/krender-helm-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(h->tmp)) {
		h->tmp[0] = '\0';
		return kr_err_set(h->r->err, KR_EIO, &h->m, "unable to create tmp dir for HELM_CONFIG_HOME");
	}
	return 0;
}

/* A fresh temporary directory and helm environment for one chart, helm checked. */
static int setup(struct helm *h)
{
	const kr_node *g = h->k->helm_globals;
	const char *home = g ? kr_kust_field_text(g, "chartHome") : NULL;
	const char *config = g ? kr_kust_field_text(g, "configHome") : NULL;
	kr_arena *a = h->r->a;
	int rc = make_tmp(h);

	if (rc < 0)
		return rc;
	h->home = kr_path_join(a, h->k->dir, home && *home ? home : "charts");
	h->config = config && *config ? config : kr_arena_sprintf(a, "%s/helm", h->tmp);
	if (!h->home || !h->config)
		return oom(h);
	if (h->r->restrict_root_only && !kr_fs_contains(h->r->fs->root, h->home))
		return kr_err_set(h->r->err, KR_EJAIL, &h->m, "chartHome '%s' is outside the root", home);
	h->env[0] = kr_arena_sprintf(a, "HELM_CONFIG_HOME=%s", h->config);
	h->env[1] = kr_arena_sprintf(a, "HELM_CACHE_HOME=%s/.cache", h->config);
	h->env[2] = kr_arena_sprintf(a, "HELM_DATA_HOME=%s/.data", h->config);
	h->env[3] = NULL;
	if (!h->env[0] || !h->env[1] || !h->env[2])
		return oom(h);
	return check_version(h);
}

int kr_helm_inflate(kr_render *r, const kr_kustomization *k, kr_resmap *out)
{
	const kr_node *list = k->helm_charts;
	struct helm *h;
	struct chart c;
	size_t i;
	int rc = 0;

	if (!r->enable_helm) {
		kr_mark m = {k->file, (int)list->u.items[0]->line, (int)list->u.items[0]->col};
		const char *name = kr_kust_field_text(list->u.items[0], "name");

		return kr_err_set(r->err, KR_EINVAL, &m,
				  "trouble configuring builtin HelmChartInflationGenerator with config: `name: "
				  "%s`: must specify --enable-helm", name ? name : "");
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
	h->r = r;
	h->k = k;
	r->uncacheable = true; /* what it reads is not a file list */
	/* every entry is checked before any helm runs */
	for (i = 0; i < list->len && rc == 0; i++)
		rc = decode_chart(h, list->u.items[i], &c);
	for (i = 0; i < list->len && rc == 0; i++) {
		rc = decode_chart(h, list->u.items[i], &c);
		h->m = (kr_mark){k->file, (int)c.at->line, (int)c.at->col};
		if (rc == 0)
			rc = setup(h);
		if (rc == 0)
			rc = inflate(h, &c, out);
		if (h->tmp[0])
			kr_fs_remove_tree(h->tmp);
		h->tmp[0] = '\0';
	}
	free(h);
	return rc;
}
