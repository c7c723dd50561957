/*
 * cmd_cmp.c - `krender cmp generate|discover|parameters`: krender as an
 * ArgoCD config-management plugin (sidecar, shared/spec/argocd.md 5). The
 * CMP server runs these in the app directory of an unpacked copy of the
 * repository, with the build environment (ARGOCD_APP_*, KUBE_VERSION,
 * KUBE_API_VERSIONS, ARGOCD_ENV_*) and the parameters (ARGOCD_APP_PARAMETERS
 * as JSON, PARAM_* one by one). generate renders the directory as the
 * repo-server would render an Application whose source carries the
 * parameters as its kustomize or directory options, and prints the
 * manifests (YAML stream) on stdout; errors go to stderr, exit 1.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/objects.h"
#include "yaml/load.h"

extern char **environ;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender cmp generate | discover | parameters\n"
		"\n"
		"krender as an ArgoCD config-management plugin (contrib/argocd-cmp/). The CMP\n"
		"server runs these in the app directory of its copy of the repository:\n"
		"  generate    render the app directory (kustomize, or a directory of manifests)\n"
		"              with the plugin parameters as the Application's kustomize or\n"
		"              directory options; the manifests on stdout, errors on stderr\n"
		"  discover    print \"kustomize\" and exit 0 when the directory holds a\n"
		"              kustomization; exit 1 otherwise (for discover.find.command)\n"
		"  parameters  print the parameter announcements (JSON), with the\n"
		"              kustomization's own values as defaults\n"
		"\n"
		"Read from the environment: ARGOCD_APP_NAME, ARGOCD_APP_NAMESPACE,\n"
		"ARGOCD_APP_PROJECT_NAME, ARGOCD_APP_REVISION, ARGOCD_APP_SOURCE_REPO_URL,\n"
		"ARGOCD_APP_SOURCE_PATH, ARGOCD_APP_SOURCE_TARGET_REVISION, ARGOCD_APP_PARAMETERS\n"
		"(else PARAM_*), KUBE_VERSION, KUBE_API_VERSIONS, ARGOCD_ENV_KRENDER_LIMITS.\n"
		"Parameters (all optional): type (kustomize|directory), name-prefix, name-suffix,\n"
		"namespace, images (array), replicas (map name: count), common-labels (map),\n"
		"common-annotations (map), force-common-labels, force-common-annotations\n"
		"(\"true\"), components (array), recurse (\"true\"), include, exclude, and source:\n"
		"a YAML block as in an Application's spec.source ({kustomize: ...} or\n"
		"{directory: ...}); single parameters override it.\n"
		"\n"
		"exit codes: 0 ok, 1 the app could not be rendered (or discover: no match),\n"
		"2 bad command line\n");
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v ? v : "";
}

/* the parameter names and where they go in the source */
static const struct param {
	const char *name, *block, *field, *kind; /* kind: string, array, map, bool, replicas */
	const char *title;
} params[] = {
	{"name-prefix", "kustomize", "namePrefix", "string", "Name prefix"},
	{"name-suffix", "kustomize", "nameSuffix", "string", "Name suffix"},
	{"namespace", "kustomize", "namespace", "string", "Namespace (kustomize edit set namespace)"},
	{"images", "kustomize", "images", "array", "Image overrides (name=newName:tag)"},
	{"replicas", "kustomize", "replicas", "replicas", "Replica counts (name: count)"},
	{"common-labels", "kustomize", "commonLabels", "map", "Common labels"},
	{"common-annotations", "kustomize", "commonAnnotations", "map", "Common annotations"},
	{"force-common-labels", "kustomize", "forceCommonLabels", "bool", "Overwrite existing labels (true)"},
	{"force-common-annotations", "kustomize", "forceCommonAnnotations", "bool", "Overwrite existing annotations (true)"},
	{"components", "kustomize", "components", "array", "Kustomize components"},
	{"recurse", "directory", "recurse", "bool", "Directory: recurse into subdirectories (true)"},
	{"include", "directory", "include", "string", "Directory: include glob"},
	{"exclude", "directory", "exclude", "string", "Directory: exclude glob"},
};

static const struct param *find_param(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (strcmp(params[i].name, name) == 0)
			return &params[i];
	return NULL;
}

/* the mapping @key of @map, made when missing */
static kr_node *block(kr_arena *a, kr_node *map, const char *key)
{
	kr_node *b = kr_node_map_get(map, key);

	if (!b && (b = kr_node_new_map(a)) && kr_node_map_set(a, map, key, b) < 0)
		return NULL;
	return b && b->kind == KR_NODE_MAP ? b : NULL;
}

/* one parameter {name, string|array|map} into @source; -1 with a message in @msg */
static int apply_param(kr_arena *a, kr_node *source, const kr_node *p, char *msg, size_t cap, const kr_limits *lim)
{
	const char *name = kr_node_text(a, kr_node_map_get(p, "name"));
	const kr_node *str = kr_node_map_get(p, "string"), *arr = kr_node_map_get(p, "array"), *map = kr_node_map_get(p, "map");
	const struct param *d = name ? find_param(name) : NULL;
	kr_node *b, *v = NULL;
	size_t i;

	if (name && strcmp(name, "type") == 0) {
		const char *t = kr_node_text(a, str);

		if (!t || (strcmp(t, "kustomize") != 0 && strcmp(t, "directory") != 0))
			return snprintf(msg, cap, "parameter type: kustomize or directory, not '%s'", t ? t : ""), -1;
		return block(a, source, t) ? 0 : (snprintf(msg, cap, "out of memory"), -1);
	}
	if (name && strcmp(name, "source") == 0) { /* an Application-style options block */
		const char *text = kr_node_text(a, str);
		kr_yaml_stream doc;
		kr_err err;

		memset(&err, 0, sizeof(err));
		if (!text || kr_yaml_load(&doc, a, "parameter source", text, strlen(text), lim, 0, &err) < 0)
			return snprintf(msg, cap, "parameter source: %.1500s", err.msg[0] ? err.msg : "not YAML"), -1;
		if (doc.n != 1 || doc.docs[0]->kind != KR_NODE_MAP)
			return snprintf(msg, cap, "parameter source: one mapping ({kustomize: ...} or {directory: ...}) expected"), -1;
		for (i = 0; i < doc.docs[0]->len; i++) {
			const char *k = kr_node_text(a, doc.docs[0]->u.pairs[i].key);

			if (!k || (strcmp(k, "kustomize") != 0 && strcmp(k, "directory") != 0))
				return snprintf(msg, cap, "parameter source: only kustomize and directory blocks, not '%s'", k ? k : ""), -1;
			if (kr_node_map_set(a, source, k, doc.docs[0]->u.pairs[i].value) < 0)
				return snprintf(msg, cap, "out of memory"), -1;
		}
		return 0;
	}
	if (!d)
		return snprintf(msg, cap, "unknown parameter '%s' (`krender cmp parameters` lists them)", name ? name : ""), -1;
	if (!(b = block(a, source, d->block)))
		return snprintf(msg, cap, "parameter %s: spec.source.%s is not a mapping", name, d->block), -1;
	if (strcmp(d->kind, "array") == 0 && arr && arr->kind == KR_NODE_SEQ)
		v = (kr_node *)arr;
	else if (strcmp(d->kind, "map") == 0 && map && map->kind == KR_NODE_MAP)
		v = (kr_node *)map;
	else if (strcmp(d->kind, "string") == 0 && str && str->kind == KR_NODE_SCALAR)
		v = kr_node_new_str(a, kr_node_text(a, str));
	else if (strcmp(d->kind, "bool") == 0 && str && str->kind == KR_NODE_SCALAR)
		v = kr_node_new_scalar(a, KR_SCALAR_BOOL, kr_node_str_eq(str, "true") ? "true" : "false",
				       kr_node_str_eq(str, "true") ? 4 : 5);
	else if (strcmp(d->kind, "replicas") == 0 && map && map->kind == KR_NODE_MAP) {
		v = kr_node_new_seq(a);
		for (i = 0; v && i < map->len; i++) {
			kr_node *r = kr_node_new_map(a);

			if (!r || kr_node_map_set(a, r, "name", map->u.pairs[i].key) < 0 ||
			    kr_node_map_set(a, r, "count", map->u.pairs[i].value) < 0 || kr_node_seq_append(a, v, r) < 0)
				v = NULL;
		}
	} else {
		return snprintf(msg, cap, "parameter %s: a %s value expected", name,
				strcmp(d->kind, "replicas") == 0 ? "map" : strcmp(d->kind, "bool") == 0 ? "string" : d->kind), -1;
	}
	if (!v || kr_node_map_set(a, b, d->field, v) < 0)
		return snprintf(msg, cap, "out of memory"), -1;
	return 0;
}

/* PARAM_* (string and array parameters) when ARGOCD_APP_PARAMETERS is absent: as the JSON ArgoCD would send */
static kr_node *params_from_env(kr_arena *a)
{
	kr_node *list = kr_node_new_seq(a);
	size_t i;

	for (i = 0; list && i < sizeof(params) / sizeof(params[0]) + 2; i++) {
		const char *name = i == 0 ? "type" : i == 1 ? "source" : params[i - 2].name;
		const char *kind = i < 2 ? "string" : params[i - 2].kind;
		char var[128], *q;
		kr_node *p = kr_node_new_map(a);

		snprintf(var, sizeof(var), "PARAM_%s", name);
		for (q = var + 6; *q; q++)
			*q = *q == '-' ? '_' : (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
		if (!p || kr_node_map_set(a, p, "name", kr_node_new_str(a, name)) < 0)
			return NULL;
		if (strcmp(kind, "array") == 0) {
			kr_node *arr = kr_node_new_seq(a);
			size_t k, base = strlen(var);

			for (k = 0; arr; k++) {
				snprintf(var + base, sizeof(var) - base, "_%zu", k);
				if (!getenv(var))
					break;
				if (kr_node_seq_append(a, arr, kr_node_new_str(a, getenv(var))) < 0)
					return NULL;
			}
			if (!arr || arr->len == 0 || kr_node_map_set(a, p, "array", arr) < 0)
				continue;
		} else if (strcmp(kind, "map") != 0 && strcmp(kind, "replicas") != 0 && getenv(var)) {
			if (kr_node_map_set(a, p, "string", kr_node_new_str(a, getenv(var))) < 0)
				return NULL;
		} else {
			continue; /* maps cannot be read back from PARAM_ names (keys are upper-cased) */
		}
		if (kr_node_seq_append(a, list, p) < 0)
			return NULL;
	}
	return list;
}

/* the Application the repo-server would render, built from the environment and the parameters */
static int make_app(kr_arena *a, const kr_limits *lim, kr_node **out, char *msg, size_t cap)
{
	const char *json = getenv("ARGOCD_APP_PARAMETERS");
	kr_node *app = kr_node_new_map(a), *meta = kr_node_new_map(a), *spec = kr_node_new_map(a);
	kr_node *src = kr_node_new_map(a), *dest = kr_node_new_map(a), *list;
	size_t i;

	if (!app || !meta || !spec || !src || !dest)
		return snprintf(msg, cap, "out of memory"), -1;
	kr_node_map_set(a, app, "apiVersion", kr_node_new_str(a, "argoproj.io/v1alpha1"));
	kr_node_map_set(a, app, "kind", kr_node_new_str(a, "Application"));
	kr_node_map_set(a, meta, "name", kr_node_new_str(a, *env("ARGOCD_APP_NAME") ? env("ARGOCD_APP_NAME") : "cmp"));
	kr_node_map_set(a, meta, "namespace", kr_node_new_str(a, "argocd")); /* the instance name is given whole */
	kr_node_map_set(a, app, "metadata", meta);
	kr_node_map_set(a, src, "repoURL", kr_node_new_str(a, *env("ARGOCD_APP_SOURCE_REPO_URL") ? env("ARGOCD_APP_SOURCE_REPO_URL") : "cmp"));
	kr_node_map_set(a, src, "path", kr_node_new_str(a, env("ARGOCD_APP_SOURCE_PATH")));
	kr_node_map_set(a, src, "targetRevision", kr_node_new_str(a, env("ARGOCD_APP_SOURCE_TARGET_REVISION")));
	kr_node_map_set(a, dest, "namespace", kr_node_new_str(a, env("ARGOCD_APP_NAMESPACE")));
	kr_node_map_set(a, spec, "project", kr_node_new_str(a, env("ARGOCD_APP_PROJECT_NAME")));
	kr_node_map_set(a, spec, "destination", dest);
	kr_node_map_set(a, spec, "source", src);
	kr_node_map_set(a, app, "spec", spec);
	if (json && *json) {
		kr_yaml_stream doc;
		kr_err err;

		memset(&err, 0, sizeof(err));
		if (kr_yaml_load(&doc, a, "ARGOCD_APP_PARAMETERS", json, strlen(json), lim, 0, &err) < 0)
			return snprintf(msg, cap, "ARGOCD_APP_PARAMETERS: %.1500s", err.msg), -1;
		list = doc.n == 1 ? doc.docs[0] : NULL;
		if (list && list->kind == KR_NODE_SCALAR && list->type == KR_SCALAR_NULL)
			list = kr_node_new_seq(a);
		if (!list || list->kind != KR_NODE_SEQ)
			return snprintf(msg, cap, "ARGOCD_APP_PARAMETERS: a JSON list of parameters expected"), -1;
	} else if (!(list = params_from_env(a))) {
		return snprintf(msg, cap, "out of memory"), -1;
	}
	/* the source block first, then single parameters over it, whatever their order */
	for (i = 0; i < list->len; i++)
		if (kr_node_str_eq(kr_node_map_get(list->u.items[i], "name"), "source") &&
		    apply_param(a, src, list->u.items[i], msg, cap, lim) < 0)
			return -1;
	for (i = 0; i < list->len; i++)
		if (!kr_node_str_eq(kr_node_map_get(list->u.items[i], "name"), "source") &&
		    apply_param(a, src, list->u.items[i], msg, cap, lim) < 0)
			return -1;
	*out = app;
	return 0;
}

/* the repository root: the working directory minus ARGOCD_APP_SOURCE_PATH */
static int repo_root(char *root, size_t cap, char *msg, size_t msgcap)
{
	const char *path = env("ARGOCD_APP_SOURCE_PATH");
	size_t n, p;

	if (!getcwd(root, cap))
		return snprintf(msg, msgcap, "cannot read the working directory"), -1;
	while (*path == '.' && (path[1] == '/' || !path[1]))
		path += path[1] ? 2 : 1;
	p = strlen(path);
	while (p && path[p - 1] == '/')
		p--;
	n = strlen(root);
	if (!p)
		return 0;
	if (p >= n || memcmp(root + n - p, path, p) != 0 || root[n - p - 1] != '/')
		return snprintf(msg, msgcap, "the working directory %.1000s does not end in ARGOCD_APP_SOURCE_PATH '%.*s'", root,
				(int)p, path), -1;
	root[n - p - 1] = '\0';
	return 0;
}

static int generate(kr_limits *lim)
{
	char root[PATH_MAX], msg[2048];
	kr_app_opts o;
	kr_node *app = NULL, **objs;
	kr_cli_objects out;
	kr_arena *a = kr_arena_new(lim->memory_bytes);
	kr_err err;
	size_t n, i;
	int rc;

	memset(&err, 0, sizeof(err));
	if (!a)
		return KR_EXIT_RENDER;
	if (repo_root(root, sizeof(root), msg, sizeof(msg)) < 0 || make_app(a, lim, &app, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "krender cmp generate: %s\n", msg);
		kr_arena_free(a);
		return KR_EXIT_RENDER;
	}
	memset(&o, 0, sizeof(o));
	o.controller_ns = "argocd";
	o.tracking = KR_TRACK_NONE;
	o.as_plugin = true; /* namespaces and tracking: the repo-server and the controller do them on the output */
	o.instance_label = "app.kubernetes.io/instance";
	o.lim = lim;
	o.local_root = root;
	o.local_commit = env("ARGOCD_APP_REVISION");
	kr_cli_objects_init(&out, false, lim->output_bytes);
	rc = kr_app_render(a, &o, app, "the plugin's Application", &objs, &n, &err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = kr_cli_objects_add(&out, objs[i], &err);
	rc = kr_cli_objects_finish(&out, rc, &err, "cmp generate");
	kr_arena_free(a);
	return rc;
}

static bool has_kustomization(void)
{
	return access("kustomization.yaml", F_OK) == 0 || access("kustomization.yml", F_OK) == 0 ||
	       access("Kustomization", F_OK) == 0;
}

/* one announcement; @value: the default as JSON, or NULL */
static void announce(bool *first, const struct param *p, const char *value)
{
	const char *coll = strcmp(p->kind, "array") == 0 ? "array" : strcmp(p->kind, "map") == 0 || strcmp(p->kind, "replicas") == 0 ? "map" : "string";

	printf("%s\n  {\"name\": \"%s\", \"title\": \"%s\", \"collectionType\": \"%s\"", *first ? "" : ",", p->name, p->title,
	       coll);
	if (value)
		printf(", \"%s\": %s", coll, value);
	printf("}");
	*first = false;
}

static int parameters(kr_limits *lim)
{
	static const struct param type = {"type", "", "", "string", "Source type: kustomize or directory (default: detected)"};
	static const struct param source = {"source", "", "", "string", "Application-style options: {kustomize: ...} or {directory: ...}"};
	kr_arena *a = kr_arena_new(lim->memory_bytes);
	kr_node *k = NULL;
	bool first = true;
	size_t i;

	if (!a)
		return KR_EXIT_RENDER;
	if (has_kustomization()) { /* the kustomization's own values as defaults */
		const char *name = access("kustomization.yaml", F_OK) == 0 ? "kustomization.yaml" :
				   access("kustomization.yml", F_OK) == 0 ? "kustomization.yml" : "Kustomization";
		FILE *f = fopen(name, "rb");
		char *buf = a ? kr_arena_alloc(a, lim->file_bytes + 1) : NULL;
		size_t len = f && buf ? fread(buf, 1, lim->file_bytes, f) : 0;
		kr_yaml_stream doc;
		kr_err err;

		memset(&err, 0, sizeof(err));
		if (f)
			fclose(f);
		if (buf && kr_yaml_load(&doc, a, name, buf, len, lim, 0, &err) == 0 && doc.n == 1)
			k = doc.docs[0];
	}
	printf("[");
	announce(&first, &type, NULL);
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const kr_node *v = NULL;
		char def[4096] = "";

		if (strcmp(params[i].name, "name-prefix") == 0)
			v = kr_node_map_get(k, "namePrefix");
		else if (strcmp(params[i].name, "name-suffix") == 0)
			v = kr_node_map_get(k, "nameSuffix");
		else if (strcmp(params[i].name, "namespace") == 0)
			v = kr_node_map_get(k, "namespace");
		if (v && v->kind == KR_NODE_SCALAR) {
			const char *t = kr_node_text(a, v), *s;
			size_t o = 0;

			def[o++] = '"';
			for (s = t; s && *s && o < sizeof(def) - 8; s++) {
				if (*s == '"' || *s == '\\')
					def[o++] = '\\';
				if ((unsigned char)*s >= 0x20)
					def[o++] = *s;
			}
			def[o++] = '"', def[o] = '\0';
		}
		announce(&first, &params[i], def[0] ? def : NULL);
	}
	announce(&first, &source, NULL);
	printf("\n]\n");
	kr_arena_free(a);
	return fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_RENDER;
}

int kr_cmd_cmp(int argc, char **argv)
{
	kr_limits lim;
	const char *limits = getenv("ARGOCD_ENV_KRENDER_LIMITS");

	if (argc != 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc == 2 ? stdout : stderr);
		return argc == 2 ? KR_EXIT_OK : KR_EXIT_USAGE;
	}
	if (limits && *limits && setenv("KRENDER_LIMITS", limits, 1) < 0)
		return KR_EXIT_RENDER;
	if (kr_cli_limits_init(&lim, "cmp") < 0)
		return KR_EXIT_USAGE;
	if (strcmp(argv[1], "generate") == 0)
		return generate(&lim);
	if (strcmp(argv[1], "parameters") == 0)
		return parameters(&lim);
	if (strcmp(argv[1], "discover") == 0) {
		if (!has_kustomization())
			return KR_EXIT_RENDER;
		printf("kustomize\n");
		return KR_EXIT_OK;
	}
	fprintf(stderr, "krender cmp: unknown subcommand '%s'\n", argv[1]);
	usage(stderr);
	return KR_EXIT_USAGE;
}
