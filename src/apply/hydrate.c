/*
 * hydrate.c - objects to files (see hydrate.h). Each object is printed as
 * `kubectl kustomize` prints a document; paths are built from checked
 * segments only, so no file can land outside the tree; duplicates are
 * found after the sort, in one pass.
 */
#include "apply/hydrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource/resource.h"
#include "util/buf.h"
#include "util/map.h"
#include "yaml/emit.h"

static const char *text(kr_arena *a, const kr_node *n)
{
	const char *t = n && n->kind == KR_NODE_SCALAR && n->type != KR_SCALAR_NULL ? kr_node_text(a, n) : "";

	return t ? t : "";
}

/* a path segment: not empty, not "." or "..", no '/', no NUL, no leading '.', at most 250 bytes */
static bool safe_segment(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 250 && s[0] != '.' && !strchr(s, '/');
}

static int by_path(const void *x, const void *y)
{
	return strcmp(((const kr_hfile *)x)->path, ((const kr_hfile *)y)->path);
}

/* @s with control characters as '?': one header line stays one line */
static const char *one_line(kr_arena *a, const char *s)
{
	char *c = kr_arena_strdup(a, s ? s : ""), *p;

	for (p = c; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return c ? c : "";
}

void kr_hydrate_hash_hex(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int one_file(kr_arena *a, const kr_node *obj, const char *dest_ns, kr_hfile *f, kr_err *err)
{
	const char *api = text(a, kr_node_map_get(obj, "apiVersion")), *slash = strchr(api, '/');
	const kr_node *meta = kr_node_map_get(obj, "metadata");
	const char *ns = text(a, kr_node_map_get(meta, "namespace")), *name = text(a, kr_node_map_get(meta, "name"));
	char *group = slash ? kr_arena_memdup(a, api, (size_t)(slash - api) + 1) : "core";
	kr_resid id = {0};
	kr_buf doc;
	int rc;

	if (!group)
		return KR_ENOMEM;
	if (slash)
		group[slash - api] = '\0';
	id.group = slash ? group : "", id.version = slash ? slash + 1 : api;
	id.kind = text(a, kr_node_map_get(obj, "kind"));
	if (kr_resid_is_cluster_scoped(&id))
		ns = "_cluster";
	else if (!*ns)
		ns = *dest_ns ? dest_ns : "default";
	if (!safe_segment(ns) || !safe_segment(id.kind) || !safe_segment(group) || !safe_segment(name))
		return kr_err_set(err, KR_EINVAL, NULL,
				  "%s %s/%s in namespace '%s' cannot be written as a file: kind, group, namespace and "
				  "name must be non-empty, without '/' and not start with '.'",
				  *id.kind ? id.kind : "an object without kind", group, *name ? name : "(no name)", ns);
	f->path = kr_arena_sprintf(a, "%s/%s.%s/%s.yaml", ns, group, id.kind, name);
	if (!f->path)
		return KR_ENOMEM;
	kr_buf_init(&doc, (size_t)1 << 30);
	rc = kr_yaml_emit_doc(&doc, obj, err);
	if (rc == 0 && !(f->data = kr_arena_memdup(a, doc.data ? doc.data : "", doc.len)))
		rc = KR_ENOMEM;
	f->len = doc.len;
	kr_buf_dispose(&doc);
	if (rc == 0)
		f->hash = kr_map_hash(f->data, f->len);
	return rc;
}

int kr_hydrate(kr_arena *a, kr_node *const *objs, size_t n, const char *dest_ns, const kr_hydrate_origin *origin,
	       const kr_limits *lim, kr_hydrated *out, kr_err *err)
{
	size_t i, bytes = 0;
	kr_buf m;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (n > lim->documents)
		return kr_err_set(err, KR_ETOOBIG, NULL, "%zu objects to write, over the limit documents (%zu)", n,
				  lim->documents);
	out->files = kr_arena_alloc(a, (n + 1) * sizeof(*out->files));
	if (!out->files)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < n && rc == 0; i++) {
		rc = one_file(a, objs[i], dest_ns, &out->files[i], err);
		bytes += rc == 0 ? out->files[i].len : 0;
		if (rc == 0 && bytes > lim->output_bytes)
			rc = kr_err_set(err, KR_ETOOBIG, NULL, "the files are over the limit output-bytes (%zu)",
					lim->output_bytes);
	}
	if (rc < 0)
		return err->msg[0] ? rc : kr_err_set(err, rc, NULL, "out of memory");
	out->n = n;
	qsort(out->files, n, sizeof(*out->files), by_path);
	for (i = 1; i < n; i++)
		if (strcmp(out->files[i - 1].path, out->files[i].path) == 0)
			return kr_err_set(err, KR_EINVAL, NULL, "two objects would be written to %s", out->files[i].path);
	kr_buf_init(&m, (size_t)1 << 30);
	rc = kr_buf_printf(&m, "# written by krender apply: the XXH3-64 hash of every file; do not edit\n"
			       "# app: %s\n# source: %s\n",
			   one_line(a, origin->app), one_line(a, origin->repo));
	for (i = 0; i < n && rc == 0; i++) {
		char hex[17];

		kr_hydrate_hash_hex(out->files[i].hash, hex);
		rc = kr_buf_printf(&m, "%s  %s\n", hex, out->files[i].path);
	}
	if (rc == 0 && !(out->manifest = kr_arena_memdup(a, m.data, m.len)))
		rc = KR_ENOMEM;
	out->manifest_len = m.len;
	kr_buf_dispose(&m);
	return rc < 0 ? kr_err_set(err, rc, NULL, "out of memory") : 0;
}
