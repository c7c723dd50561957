/*
 * build_split.c - `kustomize build -o DIR`: one file per resource.
 *
 * File names as kustomize writes them: lower-case "group_version_kind_name.yaml"
 * (empty parts left out); when the namespaced resources span more than one
 * namespace (empty counts as "default"), those files get a "namespace_"
 * prefix. Every document is emitted before the first callback, so a failed
 * render hands out nothing. Lower-casing is ASCII-only (Go lowers Unicode).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kustomize/build_run.h"
#include "yaml/emit.h"

static void lower_ascii(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static const char *ns_of(const kr_resource *res)
{
	return res->id.ns[0] ? res->id.ns : "default";
}

/* Do the namespaced resources span more than one namespace? */
static bool several_namespaces(const kr_resmap *rm)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < rm->n; i++) {
		if (kr_resid_is_cluster_scoped(&rm->items[i]->id))
			continue;
		if (!first)
			first = ns_of(rm->items[i]);
		else if (strcmp(first, ns_of(rm->items[i])) != 0)
			return true;
	}
	return false;
}

static char *file_name(kr_arena *a, const kr_resource *res, bool prefix_ns)
{
	const kr_resid *id = &res->id;
	const char *parts[3] = {id->group, id->version, id->kind};
	kr_buf b;
	char *name;
	size_t i;
	bool any = false;

	kr_buf_init(&b, 1 << 16);
	if (prefix_ns && !kr_resid_is_cluster_scoped(id)) {
		kr_buf_puts(&b, ns_of(res));
		kr_buf_putc(&b, '_');
	}
	for (i = 0; i < 3; i++) {
		if (!parts[i][0])
			continue;
		if (any)
			kr_buf_putc(&b, '_');
		kr_buf_puts(&b, parts[i]);
		any = true;
	}
	kr_buf_printf(&b, "_%s.yaml", id->name);
	name = b.data ? kr_arena_strdup(a, b.data) : NULL;
	kr_buf_dispose(&b);
	if (name)
		lower_ascii(name);
	return name;
}

int kr_build_run_split(kr_build *b, const char *dir, kr_build_file_fn fn, void *ctx)
{
	kr_run run;
	kr_buf *docs = NULL;
	char **names = NULL;
	size_t i, n = 0, total = 0;
	bool prefix;
	int rc;

	rc = kr_run_render(b, dir, &run);
	if (rc < 0)
		goto done;
	n = run.rm.n;
	docs = calloc(n ? n : 1, sizeof(*docs));
	names = calloc(n ? n : 1, sizeof(*names));
	if (!docs || !names) {
		rc = kr_err_set(&run.err, KR_ENOMEM, NULL, "out of memory");
		goto done;
	}
	prefix = several_namespaces(&run.rm);
	for (i = 0; i < n && rc == 0; i++) {
		kr_buf_init(&docs[i], b->lim.output_bytes);
		rc = kr_yaml_emit_doc(&docs[i], run.rm.items[i]->root, &run.err);
		total += docs[i].len;
		if (rc == 0 && total > b->lim.output_bytes)
			rc = kr_err_set(&run.err, KR_ETOOBIG, NULL,
					"output larger than the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
		if (rc == 0) {
			names[i] = file_name(run.a, run.rm.items[i], prefix);
			if (!names[i])
				rc = kr_err_set(&run.err, KR_ENOMEM, NULL, "out of memory");
		}
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = fn(ctx, names[i], docs[i].data ? docs[i].data : "", docs[i].len);
		if (rc < 0)
			rc = kr_err_set(&run.err, KR_EIO, NULL, "cannot write '%s'", names[i]);
	}
done:
	if (rc < 0)
		kr_run_fail(b, &run);
	for (i = 0; docs && i < n; i++)
		kr_buf_dispose(&docs[i]);
	free(docs);
	free(names);
	kr_run_dispose(&run);
	return rc;
}
