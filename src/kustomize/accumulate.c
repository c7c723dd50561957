/*
 * accumulate.c - the recursive part of `kustomize build`: kustomization
 * files, resource files, and directories of other kustomizations.
 *
 * Invariants: every path is resolved by kr_fs (jail) before use; a file
 * entry must lie inside its kustomization's directory unless the load
 * restrictor is off; a directory entry may not contain (or be) a directory
 * on the chain being built; each directory is loaded at most once per
 * render (memo), re-used results are deep copies so later transformers may
 * change them freely.
 */
#include "kustomize/accumulate.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "kustomize/generate.h"
#include "kustomize/helm.h"
#include "kustomize/pcache.h"
#include "kustomize/remote.h"
#include "kustomize/schema.h"
#include "kustomize/plugins.h"
#include "kustomize/tfconfig.h"
#include "kustomize/transform.h"
#include "util/vec.h"
#include "yaml/load.h"

const char *const kr_kust_names[KR_KUST_NAMES] = {"kustomization.yaml", "kustomization.yml", "Kustomization"};

struct memo_entry {
	kr_kustomization *k;
	kr_resmap rm;
	kr_tfconfig cfg;
};

static kr_mark entry_mark(const kr_kustomization *k, const kr_kust_entry *e)
{
	kr_mark m = {k->file, e->node ? (int)e->node->line : 0, e->node ? (int)e->node->col : 0};
	return m;
}

static int oom(kr_render *r)
{
	return kr_err_set(r->err, KR_ENOMEM, NULL,
			  "memory budget exceeded (limit memory-bytes=%zu; " KR_LIMIT_RAISE("memory-bytes") ")",
			  r->lim->memory_bytes);
}

/* Read a file through the jail, counting it against the input budget. */
int kr_render_check_time(kr_render *r)
{
	if (!r->deadline_ms || kr_now_ms() <= r->deadline_ms)
		return 0;
	return kr_err_set(r->err, KR_ETOOBIG, NULL,
			  "render took longer than the limit timeout=%zums (" KR_LIMIT_RAISE("timeout") ")",
			  r->lim->timeout_ms);
}

int kr_render_check_depth(kr_render *r, const kr_node *root, const char *file)
{
	size_t depth = kr_node_depth(root, r->lim->depth);
	kr_mark m = {file, 0, 0};

	if (depth == SIZE_MAX)
		return oom(r);
	if (depth <= r->lim->depth)
		return 0;
	return kr_err_set(r->err, KR_ETOOBIG, &m,
			  "a patch or replacement made a resource nest deeper than %zu levels (limit depth; "
			  KR_LIMIT_RAISE("depth") ")",
			  r->lim->depth);
}

int kr_render_proc(kr_render *r, char *const argv[], char *const env_add[], kr_buf *out, kr_buf *err,
		   long cap_ms, kr_proc_result *res)
{
	unsigned long long now = kr_now_ms();
	long left = !r->deadline_ms ? cap_ms : now >= r->deadline_ms ? 0 : (long)(r->deadline_ms - now);
	int rc = kr_proc_run(argv, env_add, out, err, left < cap_ms ? left : cap_ms, res);

	if (rc == 0 && res->timed_out && r->deadline_ms && kr_now_ms() >= r->deadline_ms)
		return kr_render_check_time(r);
	return rc;
}

int kr_render_note_input(kr_render *r, const char *canon)
{
	return kr_strs_push(r->a, &r->inputs, canon) < 0 ? oom(r) : 0;
}

static int read_input(kr_render *r, const char *canon, const char **data, size_t *len)
{
	int rc = kr_fs_read(r->fs, canon, r->a, data, len, r->lim->file_bytes, r->err);

	if (rc == 0)
		rc = kr_render_note_input(r, canon);
	if (rc < 0)
		return rc;
	r->input_bytes += *len;
	if (r->input_bytes > r->lim->input_bytes)
		return kr_err_set(r->err, KR_ETOOBIG, NULL,
				  "input larger than the limit input-bytes=%zu (" KR_LIMIT_RAISE("input-bytes") ")",
				  r->lim->input_bytes);
	return 0;
}

/* Read and parse @canon (@file in messages): through the batch's parse cache when there is one. */
static int parse_file(kr_render *r, const char *canon, const char *file, unsigned flags, kr_yaml_stream *s)
{
	const char *data;
	size_t len;
	int rc;

	if (r->pcache) {
		/* the top kustomization is nearly always this build's alone: not kept */
		rc = kr_pcache_load(r->pcache, r->pslot, r->fs, canon, file, flags,
				    r->depth > 0 || (flags & KR_LOAD_RESOURCE), r->lim, r->a, s, &len, r->err);
		if (rc == 0)
			rc = kr_render_note_input(r, canon);
		if (rc == 0 && (r->input_bytes += len) > r->lim->input_bytes)
			rc = kr_err_set(r->err, KR_ETOOBIG, NULL,
					"input larger than the limit input-bytes=%zu (" KR_LIMIT_RAISE("input-bytes") ")", r->lim->input_bytes);
		return rc;
	}
	rc = read_input(r, canon, &data, &len);
	return rc < 0 ? rc : kr_yaml_load(s, r->a, file, data, len, r->lim, flags, r->err);
}

static bool is_null(const kr_node *n)
{
	return n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
}

static bool kind_is(const kr_node *doc, const char *kind)
{
	return kr_node_str_eq(kr_node_map_get(doc, "kind"), kind);
}

static bool kind_ends_with_list(const kr_node *doc)
{
	const kr_node *kind = kr_node_map_get(doc, "kind");

	return kind && kind->kind == KR_NODE_SCALAR && kind->len >= 4 &&
	       memcmp(kind->u.str + kind->len - 4, "List", 4) == 0;
}

/* A growable list of document roots (heap). */
struct nodes {
	kr_node **v;
	size_t n, cap;
};

static int nodes_push(kr_render *r, struct nodes *ns, kr_node *n)
{
	if (kr_vec_grow(&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v)) < 0)
		return oom(r);
	ns->v[ns->n++] = n;
	return 0;
}

static int inline_lists(kr_render *r, struct nodes *queue, struct nodes *out, const char *file,
			size_t depth);

/*
 * One List item, decoded as kustomize re-decodes it on its own: a `kind:
 * List` (or ResourceList) with items is unwrapped by the reader first, then
 * embedded lists are inlined. The result is appended to @out in order.
 */
static int expand_item(kr_render *r, kr_node *item, struct nodes *out, const char *file,
		       size_t depth)
{
	struct nodes q = {0};
	int rc = 0;
	size_t i;

	if (depth > r->lim->depth) {
		kr_mark m = {file, (int)item->line, (int)item->col};
		return kr_err_set(r->err, KR_ETOOBIG, &m, "Lists nested deeper than the limit depth (" KR_LIMIT_RAISE("depth") ")");
	}
	if (item->kind == KR_NODE_MAP && (kind_is(item, "List") || kind_is(item, "ResourceList")) &&
	    (kr_node_map_get(item, "items") || kr_node_map_get(item, "functionConfig"))) {
		const kr_node *items = kr_node_map_get(item, "items");
		if (items && items->kind == KR_NODE_SEQ)
			for (i = 0; i < items->len && rc == 0; i++)
				rc = nodes_push(r, &q, items->u.items[i]);
	} else if (!is_null(item)) {
		rc = nodes_push(r, &q, item);
	}
	if (rc == 0)
		rc = inline_lists(r, &q, out, file, depth + 1);
	free(q.v);
	return rc;
}

/*
 * kustomize's inlineAnyEmbeddedLists: take documents from the front of
 * @queue; a *List kind with an `items` array has its items (each expanded
 * on its own) appended to the back; a *List without `items` is an ordinary
 * resource; `items: null` contributes nothing.
 */
static int inline_lists(kr_render *r, struct nodes *queue, struct nodes *out, const char *file,
			size_t depth)
{
	size_t head = 0, i;
	int rc = 0;

	while (head < queue->n && rc == 0) {
		kr_node *doc = queue->v[head++];
		const kr_node *items;

		if (doc->kind != KR_NODE_MAP || !kind_ends_with_list(doc) ||
		    !(items = kr_node_map_get(doc, "items"))) {
			rc = nodes_push(r, out, doc);
			continue;
		}
		if (is_null(items))
			continue;
		if (items->kind != KR_NODE_SEQ) {
			kr_mark m = {file, (int)items->line, (int)items->col};
			const kr_node *kind = kr_node_map_get(doc, "kind");
			return kr_err_set(r->err, KR_EINVAL, &m, "expected array in items of %.*s",
					  (int)kind->len, kind->u.str);
		}
		for (i = 0; i < items->len && rc == 0; i++) {
			struct nodes one = {0};
			size_t j;
			rc = expand_item(r, items->u.items[i], &one, file, depth);
			for (j = 0; j < one.n && rc == 0; j++)
				rc = nodes_push(r, queue, one.v[j]);
			free(one.v);
		}
	}
	return rc;
}

static int add_resource(kr_render *r, kr_node *doc, const char *file, const char *canon,
			kr_resmap *out)
{
	kr_mark m = {file, (int)doc->line, (int)doc->col};
	kr_resource *res;
	int rc;

	if (doc->kind != KR_NODE_MAP)
		return kr_err_set(r->err, KR_EINVAL, &m, "a resource document must be a mapping, not a %s",
				  doc->kind == KR_NODE_SEQ ? "sequence" : "scalar");
	res = kr_arena_zalloc(r->a, sizeof(*res));
	if (!res)
		return oom(r);
	res->root = doc;
	res->file = file;
	res->origin_path = canon;
	rc = kr_resid_from_node(&res->id, doc, !kind_ends_with_list(doc), r->a, file, r->err);
	res->orig = res->id;
	if (rc == 0)
		rc = kr_resmap_append(out, res, r->err);
	return rc;
}

/* Note a resource file for kr_prefetch() instead of reading it. */
static int discover_file(kr_render *r, const char *canon)
{
	kr_file_list *fl = r->discover;
	int rc = kr_map_put(&fl->seen, canon, strlen(canon), (void *)canon, NULL);

	if (rc < 0)
		return oom(r);
	if (rc == 1)
		return 0;
	if (kr_vec_grow(&fl->paths, &fl->cap, fl->n + 1, sizeof(*fl->paths)) < 0)
		return oom(r);
	fl->paths[fl->n++] = canon;
	return 0;
}

/* The documents of @canon: parsed ahead by kr_prefetch(), else read and parsed now. */
static int load_stream(kr_render *r, const char *canon, const char *file, kr_yaml_stream *s)
{
	kr_parsed *p = r->parsed ? kr_map_get(r->parsed, canon, strlen(canon)) : NULL;
	size_t i;
	int rc = kr_render_check_time(r);

	if (rc < 0)
		return rc;
	if (!p)
		return parse_file(r, canon, file, KR_LOAD_RESOURCE | KR_LOAD_BORROW, s);
	if (p->rc < 0) {
		*r->err = p->err;
		return p->rc;
	}
	if (kr_render_note_input(r, canon) < 0)
		return KR_ENOMEM;
	r->input_bytes += p->bytes;
	if (r->input_bytes > r->lim->input_bytes)
		return kr_err_set(r->err, KR_ETOOBIG, NULL,
				  "input larger than the limit input-bytes=%zu (" KR_LIMIT_RAISE("input-bytes") ")",
				  r->lim->input_bytes);
	*s = p->s;
	if (!p->used) {
		p->used = true;
		return 0;
	}
	/* the same file listed twice: the second user gets its own nodes */
	s->docs = kr_arena_alloc(r->a, (s->n ? s->n : 1) * sizeof(*s->docs));
	if (!s->docs)
		return oom(r);
	for (i = 0; i < s->n; i++) {
		s->docs[i] = kr_node_copy(r->a, p->s.docs[i], NULL);
		if (!s->docs[i])
			return oom(r);
	}
	return 0;
}

/* Append the resources of parsed stream @s (of @file, @canon) to @out. */
static int add_stream(kr_render *r, const kr_yaml_stream *s, const char *file, const char *canon,
		      kr_resmap *out)
{
	struct nodes queue = {0}, docs = {0};
	size_t i;
	int rc = 0;

	for (i = 0; i < s->n && rc == 0; i++) {
		if (is_null(s->docs[i]))
			continue;
		if (s->n == 1 && s->docs[i]->kind == KR_NODE_MAP)
			rc = expand_item(r, s->docs[i], &queue, file, 0); /* the reader unwraps a lone List */
		else
			rc = nodes_push(r, &queue, s->docs[i]);
	}
	if (rc == 0)
		rc = inline_lists(r, &queue, &docs, file, 0);
	for (i = 0; i < docs.n && rc == 0; i++)
		rc = add_resource(r, docs.v[i], file, canon, out);
	free(queue.v);
	free(docs.v);
	return rc;
}

int kr_load_resource_bytes(kr_render *r, const char *data, size_t len, const char *file,
			   kr_resmap *out)
{
	kr_yaml_stream s;
	int rc = kr_yaml_load(&s, r->a, file, data, len, r->lim, KR_LOAD_RESOURCE, r->err);

	return rc < 0 ? rc : add_stream(r, &s, file, file, out);
}

int kr_load_resource_file(kr_render *r, const char *canon, kr_resmap *out)
{
	const char *file;
	kr_yaml_stream s;
	int rc;

	if (r->discover)
		return discover_file(r, canon);
	file = kr_arena_strdup(r->a, kr_fs_rel(r->fs, canon));
	if (!file)
		return oom(r);
	rc = load_stream(r, canon, file, &s);
	if (rc < 0)
		return rc;
	return add_stream(r, &s, file, canon, out);
}

/* Find and load the kustomization file of canonical @dir. */
static int load_kustomization(kr_render *r, const char *dir, kr_kustomization **out)
{
	const char *found = NULL, *rel;
	size_t nfound = 0, i;
	kr_kustomization *k;
	kr_yaml_stream s;
	int rc;

	for (i = 0; i < KR_KUST_NAMES; i++) {
		enum kr_fs_type type;
		char *path;
		rc = kr_fs_resolve(r->fs, dir, kr_kust_names[i], &path, &type, r->a, r->err);
		if (rc < 0)
			return rc;
		if (type == KR_FS_FILE) {
			if (!found)
				found = path;
			nfound++;
		} else if (type == KR_FS_OTHER) {
			return kr_err_set(r->err, KR_EINVAL, NULL, "'%s' is not a regular file",
					  kr_fs_rel(r->fs, path));
		}
	}
	rel = kr_fs_rel(r->fs, dir);
	if (nfound == 0)
		return kr_err_set(r->err, KR_ENOENT, NULL,
				  "unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
				  "'Kustomization' in directory '%s'",
				  rel);
	if (nfound > 1)
		return kr_err_set(r->err, KR_EINVAL, NULL, "Found multiple kustomization files under: %s",
				  rel);
	rel = kr_arena_strdup(r->a, kr_fs_rel(r->fs, found));
	if (!rel)
		return oom(r);
	if (r->top_kust && strcmp(dir, r->top_dir) == 0) {
		/* the caller's edited copy of this file: the file on disk is not read */
		rc = kr_yaml_load(&s, r->a, rel, r->top_kust, r->top_kust_len, r->lim, 0, r->err);
		r->uncacheable = true;
	} else {
		rc = parse_file(r, found, rel, 0, &s);
	}
	if (rc < 0)
		return rc;
	if (s.n > 1) {
		kr_mark m = {rel, (int)s.docs[1]->line, (int)s.docs[1]->col};
		return kr_err_set(r->err, KR_EPARSE, &m, "a kustomization file holds one document, not %zu",
				  s.n);
	}
	k = kr_arena_alloc(r->a, sizeof(*k));
	if (!k)
		return oom(r);
	rc = kr_kustomization_parse(k, r->a, s.n ? s.docs[0] : NULL, dir, rel, r->warnings, r->err);
	if (rc < 0)
		return rc;
	k->path = found;
	*out = k;
	return 0;
}

static int push_chain(kr_render *r, const char *dir)
{
	if (kr_vec_grow(&r->chain, &r->capchain, r->depth + 1, sizeof(*r->chain)) < 0)
		return oom(r);
	r->chain[r->depth++] = dir;
	return 0;
}

static int add_dir_entry(kr_render *r, const kr_kustomization *k, const kr_kust_entry *e,
			 const char *canon, kr_resmap *out, kr_tfconfig *cfg)
{
	kr_mark m = entry_mark(k, e);
	kr_resmap sub;
	size_t i;
	int rc;

	if (e->path[0] == '/')
		return kr_err_set(r->err, KR_EINVAL, &m, "new root '%s' cannot be absolute", e->path);
	for (i = 0; i < r->depth; i++) {
		if (kr_fs_contains(canon, r->chain[i]))
			return kr_err_set(r->err, KR_ECYCLE, &m,
					  "cycle detected: candidate root '%s' contains visited root '%s'",
					  kr_fs_rel(r->fs, canon), kr_fs_rel(r->fs, r->chain[i]));
	}
	kr_resmap_init(&sub, r->a);
	rc = kr_accumulate_dir(r, canon, &sub, NULL, cfg);
	if (rc == 0)
		rc = kr_resmap_append_all(out, &sub, r->err);
	kr_resmap_dispose(&sub);
	return rc;
}

static int add_entry(kr_render *r, const kr_kustomization *k, const kr_kust_entry *e,
		     kr_resmap *out, kr_tfconfig *cfg)
{
	kr_mark m = entry_mark(k, e);
	enum kr_fs_type type;
	char *canon;
	int rc;

	if (kr_remote_is_url(e->path)) {
		rc = kr_remote_fetch(r, &m, e->path, &canon);
		return rc < 0 ? rc : add_dir_entry(r, k, e, canon, out, cfg);
	}
	rc = kr_fs_resolve(r->fs, k->dir, e->path, &canon, &type, r->a, r->err);
	if (rc < 0) {
		if (rc == KR_EJAIL) {
			r->err->file[0] = '\0';
			return kr_err_set(r->err, KR_EJAIL, &m,
					  "resource '%s' is outside the root '%s' (krender's path jail; "
					  "pass --root to widen it)",
					  e->path, r->fs->root);
		}
		return rc;
	}
	switch (type) {
	case KR_FS_FILE:
		if (r->restrict_root_only && !kr_fs_contains(k->dir, canon))
			return kr_err_set(r->err, KR_EJAIL, &m, "security; file '%s' is not in or below '%s'",
					  kr_fs_rel(r->fs, canon), kr_fs_rel(r->fs, k->dir));
		return kr_load_resource_file(r, canon, out);
	case KR_FS_DIR:
		return add_dir_entry(r, k, e, canon, out, cfg);
	case KR_FS_MISSING:
		return kr_err_set(r->err, KR_ENOENT, &m,
				  "accumulating resources: '%s': no such file or directory", e->path);
	default:
		return kr_err_set(r->err, KR_EINVAL, &m,
				  "accumulating resources: '%s' is neither a regular file nor a directory",
				  e->path);
	}
}

/*
 * A deep copy of @src: its own tree; history arrays are shared but marked
 * full, so the next rename of either copy reallocates (copy on write).
 */
kr_resource *kr_resource_copy(kr_render *r, const kr_resource *src)
{
	kr_resource *res = kr_arena_alloc(r->a, sizeof(*res));

	if (!res)
		return NULL;
	*res = *src;
	res->capprev = res->nprev;
	res->prefixes.cap = res->prefixes.n;
	res->suffixes.cap = res->suffixes.n;
	res->tf_in.cap = res->tf_in.n;
	res->tf_kind.cap = res->tf_kind.n;
	res->root = kr_node_copy(r->a, src->root, NULL);
	return res->root ? res : NULL;
}

int kr_append_copies(kr_render *r, const kr_resmap *src, kr_resmap *out)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		kr_resource *res = kr_resource_copy(r, src->items[i]);
		int rc;
		if (!res)
			return oom(r);
		rc = kr_resmap_append(out, res, r->err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Count a visit of @dir during discovery (memo hits included). */
static int count_visit(kr_render *r, const char *dir)
{
	kr_file_list *fl = r->discover;
	size_t *count = kr_map_get(&fl->visits, dir, strlen(dir));

	if (count) {
		(*count)++;
		return 0;
	}
	count = kr_arena_alloc(r->a, sizeof(*count));
	if (!count)
		return oom(r);
	*count = 1;
	return kr_map_put(&fl->visits, dir, strlen(dir), count, NULL) < 0 ? oom(r) : 0;
}

/*
 * Memoise the result of @dir for later visits in this render. Only
 * directories that discovery saw more than once are kept (as snapshots,
 * before any parent transformer changes them); without discovery data,
 * every directory but the top one is.
 */
static int memoise(kr_render *r, const char *dir, kr_kustomization *k, const kr_resmap *out,
		   const kr_tfconfig *cfg)
{
	struct memo_entry *me;
	size_t *visits = r->visits ? kr_map_get(r->visits, dir, strlen(dir)) : NULL;
	int rc;

	if (r->discover) {
		/* discovery never changes resources: the map itself is the snapshot */
		me = kr_arena_alloc(r->a, sizeof(*me));
		if (!me)
			return oom(r);
		me->k = k;
		me->cfg = *cfg;
		kr_resmap_init(&me->rm, r->a);
		rc = kr_resmap_append_all(&me->rm, out, r->err);
		return rc == 0 && kr_map_put(&r->memo, dir, strlen(dir), me, NULL) < 0 ? oom(r) : rc;
	}
	if (r->visits && (!visits || *visits < 2))
		return 0;
	if (r->depth == 0)
		return 0; /* the directory being built is never visited again */
	me = kr_arena_alloc(r->a, sizeof(*me));
	if (!me)
		return oom(r);
	me->k = k;
	me->cfg = *cfg;
	kr_resmap_init(&me->rm, r->a);
	rc = kr_append_copies(r, out, &me->rm);
	if (rc == 0 && kr_map_put(&r->memo, dir, strlen(dir), me, NULL) < 0)
		rc = oom(r);
	return rc;
}

static int build_into(kr_render *r, const kr_kustomization *k, kr_resmap *out, kr_tfconfig *cfg);

/*
 * Accumulate component directory @e of @k into @out, the accumulator of
 * the kustomization that lists it: its resources and generated objects
 * join @out, then its transformers run over everything in @out.
 */
static int add_component(kr_render *r, const kr_kustomization *k, const kr_kust_entry *e,
			 kr_resmap *out, kr_tfconfig *cfg)
{
	kr_mark m = entry_mark(k, e);
	kr_kustomization *c = NULL;
	enum kr_fs_type type;
	char *canon;
	size_t i;
	int rc;

	if (kr_remote_is_url(e->path)) {
		rc = kr_remote_fetch(r, &m, e->path, &canon);
		type = KR_FS_DIR;
	} else {
		rc = kr_fs_resolve(r->fs, k->dir, e->path, &canon, &type, r->a, r->err);
	}
	if (rc < 0)
		return kr_err_locate(r->err, &m);
	if (type != KR_FS_DIR)
		return kr_err_set(r->err, KR_ENOENT, &m, "accumulating components: '%s' is not a directory",
				  e->path);
	for (i = 0; i < r->depth; i++)
		if (kr_fs_contains(canon, r->chain[i]))
			return kr_err_set(r->err, KR_ECYCLE, &m,
					  "cycle detected: candidate root '%s' contains visited root '%s'",
					  kr_fs_rel(r->fs, canon), kr_fs_rel(r->fs, r->chain[i]));
	if (++r->loads > r->lim->kust_loads)
		return kr_err_set(r->err, KR_ETOOBIG, &m,
				  "more than %zu kustomization loads (limit kustomization-loads; " KR_LIMIT_RAISE("kustomization-loads") ")",
				  r->lim->kust_loads);
	rc = load_kustomization(r, canon, &c);
	if (rc < 0)
		return rc;
	if (!c->is_component)
		return kr_err_set(r->err, KR_EINVAL, &m,
				  "accumulating components: accumulateDirectory: \"expected kind 'Component' "
				  "for path '%s' but got 'Kustomization'\"",
				  kr_fs_rel(r->fs, canon));
	rc = push_chain(r, canon);
	if (rc == 0)
		rc = build_into(r, c, out, cfg);
	r->depth--;
	return rc;
}

/*
 * One kustomization's own work on accumulator @out (kustomize.md 1, step 3):
 * resources, configurations and crds, generators, components,
 * transformers. Discovery only walks resources and components.
 */
static int build_into(kr_render *r, const kr_kustomization *k, kr_resmap *out, kr_tfconfig *cfg)
{
	size_t i;
	int rc = 0;

	if (!r->discover)
		rc = kr_openapi_check(r, k);
	for (i = 0; i < k->n_resources && rc == 0; i++)
		rc = add_entry(r, k, &k->resources[i], out, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_tfconfig_load(r, k, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_crds_load(r, k, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_generate_all(r, out, k);
	if (rc == 0 && !r->discover && k->helm_charts)
		rc = kr_helm_inflate(r, k, out);
	if (rc == 0 && !r->discover)
		rc = kr_plugins_generate(r, out, k);
	for (i = 0; i < k->n_components && rc == 0; i++)
		rc = add_component(r, k, &k->components[i], out, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_transform_all(r, out, k, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_plugins_transform(r, out, k, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_plugins_validate(r, out, k, cfg);
	if (rc == 0 && !r->discover)
		rc = kr_tfconfig_add_vars(r, k, cfg);
	return rc;
}

int kr_accumulate_dir(kr_render *r, const char *dir, kr_resmap *out, kr_kustomization **kout,
		      kr_tfconfig *cfg_out)
{
	struct memo_entry *me = kr_map_get(&r->memo, dir, strlen(dir));
	kr_kustomization *k = NULL;
	kr_tfconfig cfg;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	if (r->discover) {
		rc = count_visit(r, dir);
		if (rc < 0)
			return rc;
	}
	if (me) {
		if (kout)
			*kout = me->k;
		rc = kr_tfconfig_merge(r->a, cfg_out, &me->cfg);
		if (rc < 0)
			return kr_err_set(r->err, rc, NULL, "conflicting fieldspecs");
		return r->discover ? 0 : kr_append_copies(r, &me->rm, out);
	}
	rc = kr_render_check_time(r);
	if (rc < 0)
		return rc;
	if (++r->loads > r->lim->kust_loads)
		return kr_err_set(r->err, KR_ETOOBIG, NULL,
				  "more than %zu kustomization loads (limit kustomization-loads; " KR_LIMIT_RAISE("kustomization-loads") ")",
				  r->lim->kust_loads);
	if (r->depth >= r->lim->base_depth)
		return kr_err_set(r->err, KR_ETOOBIG, NULL,
				  "kustomizations nested deeper than %zu (limit base-depth; " KR_LIMIT_RAISE("base-depth") ")",
				  r->lim->base_depth);
	rc = load_kustomization(r, dir, &k);
	if (rc < 0)
		return rc;
	if (k->is_component && r->depth > 0) {
		kr_mark m = {k->file, 0, 0};
		return kr_err_set(r->err, KR_EINVAL, &m, "expected kind != 'Component' for path '%s'",
				  kr_fs_rel(r->fs, dir));
	}
	rc = push_chain(r, dir);
	if (rc == 0)
		rc = build_into(r, k, out, &cfg);
	r->depth--;
	if (rc < 0)
		return rc;
	rc = memoise(r, dir, k, out, &cfg);
	if (rc == 0 && kr_tfconfig_merge(r->a, cfg_out, &cfg) < 0)
		rc = kr_err_set(r->err, KR_EINVAL, NULL, "conflicting fieldspecs");
	if (kout)
		*kout = k;
	return rc;
}

void kr_render_dispose(kr_render *r)
{
	size_t i;

	for (i = 0; i < r->memo.cap; i++) {
		struct memo_entry *me = r->memo.slots[i].val;
		if (r->memo.slots[i].key && me)
			kr_resmap_dispose(&me->rm);
	}
	kr_map_dispose(&r->memo);
	free(r->chain);
	r->chain = NULL;
	if (r->schema) {
		kr_schema_dispose(r->schema);
		free(r->schema);
		r->schema = NULL;
	}
}

int kr_kust_read(kr_render *r, const kr_kustomization *k, const kr_node *at, const char *path,
		 const char **data, size_t *len, const char **rel)
{
	kr_mark m = {k->file, at ? (int)at->line : 0, at ? (int)at->col : 0};
	enum kr_fs_type type;
	char *canon;
	int rc = kr_fs_resolve(r->fs, k->dir, path, &canon, &type, r->a, r->err);

	if (rc < 0)
		return kr_err_locate(r->err, &m);
	if (type != KR_FS_FILE)
		return kr_err_set(r->err, KR_ENOENT, &m, "'%s': %s", path,
				  type == KR_FS_MISSING ? "no such file or directory" : "not a regular file");
	if (r->restrict_root_only && !kr_fs_contains(k->dir, canon))
		return kr_err_set(r->err, KR_EJAIL, &m, "security; file '%s' is not in or below '%s'",
				  kr_fs_rel(r->fs, canon), kr_fs_rel(r->fs, k->dir));
	rc = read_input(r, canon, data, len);
	if (rc == 0 && rel) {
		*rel = kr_arena_strdup(r->a, kr_fs_rel(r->fs, canon));
		if (!*rel)
			rc = oom(r);
	}
	return rc;
}
