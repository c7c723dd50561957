/*
 * patch.c - applying a kustomization's patches (kustomize.md 9).
 *
 * An entry's content (inline `patch`, or the file at `path`) is a JSON
 * 6902 patch when it parses to a sequence, else strategic merge
 * document(s). SMP without a target applies each document to the one
 * resource whose any ID equals the document's; with a target (one
 * document only) to every selected resource, the patch taking the
 * target's kind and name. JSON 6902 needs a target. Name, namespace and
 * kind changes are undone unless the entry's options allow them; allowed
 * and JSON 6902 renames are kept in the resource's ID history. Resources
 * a patch deletes leave the map, which is re-indexed at the end.
 */
#include "kustomize/patch.h"

#include <string.h>

#include "kustomize/patch_json6902.h"
#include "kustomize/patch_smp.h"
#include "kustomize/selector.h"
#include "yaml/load.h"

struct entry {
	const char *file;       /* kustomization file, for messages */
	const kr_node *node;    /* the entry, for marks */
	const char *text;       /* inline patch text, or NULL */
	const char *path;       /* patch file, or NULL */
	const kr_node *target;  /* target map or NULL */
	bool allow_name, allow_kind;
};

static kr_mark mark_of(const struct entry *e)
{
	kr_mark m = {e->file, e->node ? (int)e->node->line : 0, e->node ? (int)e->node->col : 0};
	return m;
}

/* The documents of the entry's patch (inline or file), null documents left out. */
static int load_patch(kr_render *r, const kr_kustomization *k, const struct entry *e, kr_yaml_stream *s)
{
	kr_mark m = mark_of(e);
	const char *data = e->text, *name = k->file;
	size_t len = e->text ? strlen(e->text) : 0, i, n = 0;
	int rc;

	if (e->path) {
		rc = kr_kust_read(r, k, e->node, e->path, &data, &len, &name);
		if (rc < 0)
			return rc;
	}
	rc = kr_yaml_load(s, r->a, name, data, len, r->lim, 0, r->err);
	if (rc < 0)
		return rc;
	for (i = 0; i < s->n; i++)
		if (!(s->docs[i]->kind == KR_NODE_SCALAR && s->docs[i]->type == KR_SCALAR_NULL))
			s->docs[n++] = s->docs[i];
	s->n = n;
	if (n == 0 || (s->docs[0]->kind != KR_NODE_MAP && s->docs[0]->kind != KR_NODE_SEQ))
		return kr_err_set(r->err, KR_EINVAL, &m, "unable to parse SM or JSON patch from [%s: \"%s\"]",
				  e->path ? "path" : "patch", e->path ? e->path : e->text);
	return 0;
}

static bool same_id(const kr_resid *a, const kr_resid *b)
{
	const char *na = a->ns[0] ? a->ns : "default", *nb = b->ns[0] ? b->ns : "default";

	return !strcmp(a->group, b->group) && !strcmp(a->version, b->version) &&
	       !strcmp(a->kind, b->kind) && !strcmp(a->name, b->name) && !strcmp(na, nb);
}

static bool any_id_is(const kr_resource *res, const kr_resid *id)
{
	size_t i;

	if (same_id(&res->id, id))
		return true;
	for (i = 0; i < res->nprev; i++)
		if (same_id(&res->prev[i], id))
			return true;
	return false;
}

/* After a patch: keep or undo a change of name, namespace or kind. */
/* After a patch: the depth limit still holds and the id follows a changed name or kind. */
static int settle_id(kr_render *r, kr_resource *res, bool allow_name, bool allow_kind)
{
	kr_resid now;
	int rc = kr_render_check_depth(r, res->root, res->file);
	kr_node *meta;

	if (rc == 0)
		rc = kr_resid_from_node(&now, res->root, false, r->a, res->file, r->err);
	if (rc < 0)
		return rc;
	meta = kr_node_map_get(res->root, "metadata");
	if (strcmp(now.name, res->id.name) != 0) {
		if (allow_name)
			rc = kr_resource_set_name(res, r->a, now.name);
		else
			rc = kr_node_map_set(r->a, meta, "name", kr_node_new_str(r->a, res->id.name));
	}
	if (rc == 0 && strcmp(now.kind, res->id.kind) != 0) {
		if (allow_kind) {
			res->id.kind = now.kind;
		} else {
			rc = kr_node_map_set(r->a, res->root, "kind", kr_node_new_str(r->a, res->id.kind));
		}
	}
	if (rc == 0 && strcmp(now.ns, res->id.ns) != 0 && meta) {
		if (res->id.ns[0])
			rc = kr_node_map_set(r->a, meta, "namespace", kr_node_new_str(r->a, res->id.ns));
		else
			kr_node_map_delete(meta, "namespace");
	}
	return rc < 0 ? kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded") : 0;
}

static void drop(kr_resmap *rm, size_t i)
{
	memmove(&rm->items[i], &rm->items[i + 1], (rm->n - i - 1) * sizeof(*rm->items));
	rm->n--;
}

/* Apply SMP document @doc to @res; a deleted resource leaves @rm. */
static int smp_one(kr_render *r, kr_resmap *rm, size_t i, const kr_node *doc, const struct entry *e)
{
	kr_resource *res = rm->items[i];
	bool deleted = false;
	int rc = kr_render_check_time(r);

	if (rc == 0)
		rc = kr_smp_apply(r->a, res->root, doc, &res->id, r->schema, &deleted, r->err);
	if (rc < 0) {
		kr_mark m = mark_of(e);
		char msg[KR_ERR_MAX];
		memcpy(msg, r->err->msg, sizeof(msg));
		return kr_err_set(r->err, rc, &m, "%s", msg);
	}
	if (deleted) {
		drop(rm, i);
		return 1;
	}
	return settle_id(r, res, e->allow_name, e->allow_kind);
}

/* The patch document for one selected resource: its own kind and name. */
static kr_node *retarget(kr_render *r, const kr_node *doc, const struct entry *e)
{
	kr_node *copy = kr_node_copy(r->a, doc, NULL);
	kr_node *meta;

	if (!copy)
		return NULL;
	if (!e->allow_kind) {
		kr_node_map_delete(copy, "apiVersion");
		kr_node_map_delete(copy, "kind");
	}
	meta = kr_node_map_get(copy, "metadata");
	if (meta && meta->kind == KR_NODE_MAP) {
		if (!e->allow_name)
			kr_node_map_delete(meta, "name");
		kr_node_map_delete(meta, "namespace");
		if (meta->len == 0)
			kr_node_map_delete(copy, "metadata");
	}
	return copy;
}

static int apply_entry(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const struct entry *e,
		       bool json_only)
{
	kr_yaml_stream s;
	kr_selector *sel = NULL;
	kr_mark m = mark_of(e);
	size_t i, d;
	int rc = load_patch(r, k, e, &s);

	if (rc < 0)
		return rc;
	if (s.docs[0]->kind == KR_NODE_SEQ || json_only) {
		kr_json6902 *ops;
		if (!e->target)
			return kr_err_set(r->err, KR_EINVAL, &m, "must specify a target for JSON patch [%s: \"%s\"]",
					  e->path ? "path" : "patch", e->path ? e->path : e->text);
		rc = kr_json6902_parse(r->a, s.docs[0], &ops, r->err);
		if (rc == 0)
			rc = kr_selector_parse(&sel, r->a, e->target, e->file, r->err);
		for (i = 0; i < rm->n && rc == 0; i++) {
			if (!kr_selector_matches(sel, rm->items[i], r->a))
				continue;
			rc = kr_render_check_time(r);
			if (rc == 0)
				rc = kr_json6902_apply(r->a, rm->items[i]->root, ops, r->err);
			if (rc == 0)
				rc = settle_id(r, rm->items[i], true, true);
		}
		if (rc < 0) {
			kr_mark m = mark_of(e);
			kr_err_locate(r->err, &m);
		}
		kr_selector_free(sel);
		return rc;
	}
	if (e->target) {
		if (s.n > 1)
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "Multiple Strategic-Merge Patches in one `patches` entry is not allowed "
					  "to set `patches.target` field");
		rc = kr_selector_parse(&sel, r->a, e->target, e->file, r->err);
		for (i = 0; i < rm->n && rc == 0;) {
			kr_node *doc;
			if (!kr_selector_matches(sel, rm->items[i], r->a)) {
				i++;
				continue;
			}
			doc = retarget(r, s.docs[0], e);
			rc = doc ? smp_one(r, rm, i, doc, e) : kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
			if (rc == 0)
				i++;
			else if (rc == 1)
				rc = 0; /* deleted: the next resource moved to i */
		}
		kr_selector_free(sel);
		return rc;
	}
	for (d = 0; d < s.n && rc == 0; d++) {
		kr_resid id;
		size_t hit = rm->n, count = 0;
		char text[600];
		rc = kr_resid_from_node(&id, s.docs[d], false, r->a, e->file, r->err);
		if (rc < 0)
			break;
		for (i = 0; i < rm->n; i++)
			if (any_id_is(rm->items[i], &id)) {
				hit = i;
				count++;
			}
		if (count != 1) {
			kr_resid_format(&id, text, sizeof(text));
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "no resource matches strategic merge patch \"%s\": no matches for Id %s; "
					  "failed to find unique target for patch %s",
					  text, text, text);
		}
		rc = smp_one(r, rm, hit, s.docs[d], e);
		if (rc == 1)
			rc = 0;
	}
	return rc;
}

static const char *text_of(kr_render *r, const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v && v->kind == KR_NODE_SCALAR && v->type != KR_SCALAR_NULL ? kr_node_text(r->a, v) : NULL;
}

static int run_list(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *list,
		    bool json_only)
{
	size_t i;
	int rc = 0;

	for (i = 0; list && i < list->len && rc == 0; i++) {
		const kr_node *n = list->u.items[i];
		const kr_node *opts = kr_node_map_get(n, "options");
		struct entry e = {k->file, n, text_of(r, n, "patch"), text_of(r, n, "path"),
				  kr_node_map_get(n, "target"),
				  kr_node_str_eq(kr_node_map_get(opts, "allowNameChange"), "true"),
				  kr_node_str_eq(kr_node_map_get(opts, "allowKindChange"), "true")};
		kr_mark m = mark_of(&e);
		if (n->kind != KR_NODE_MAP)
			return kr_err_set(r->err, KR_EINVAL, &m, "a patches entry must be a mapping");
		if (e.text && e.path)
			return kr_err_set(r->err, KR_EINVAL, &m, "patch and path can't be set at the same time");
		if (!e.text && !e.path)
			return kr_err_set(r->err, KR_EINVAL, &m, "must specify one of patch and path");
		rc = apply_entry(r, rm, k, &e, json_only);
	}
	return rc < 0 ? rc : kr_resmap_reindex(rm, r->err);
}

int kr_patch_patches(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	return run_list(r, rm, k, k->patches, false);
}

int kr_patch_json6902(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	return run_list(r, rm, k, k->patches_json6902, true);
}

int kr_patch_strategic_merge(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	const kr_node *list = k->patches_sm;
	size_t i;
	int rc = 0;

	for (i = 0; list && i < list->len && rc == 0; i++) {
		const kr_node *n = list->u.items[i];
		const char *text = kr_node_text(r->a, n);
		struct entry e = {k->file, n, NULL, NULL, NULL, false, false};
		/* an item that holds YAML content is an inline patch, else a file path */
		if (text && (strchr(text, '\n') || strchr(text, ':')) && !strstr(text, ".yaml") &&
		    !strstr(text, ".yml") && !strstr(text, ".json"))
			e.text = text;
		else
			e.path = text;
		rc = apply_entry(r, rm, k, &e, false);
	}
	return rc < 0 ? rc : kr_resmap_reindex(rm, r->err);
}

int kr_patch_entry(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *n)
{
	const kr_node *opts = kr_node_map_get(n, "options");
	struct entry e = {k->file, n, text_of(r, n, "patch"), text_of(r, n, "path"), kr_node_map_get(n, "target"),
			  kr_node_str_eq(kr_node_map_get(opts, "allowNameChange"), "true"),
			  kr_node_str_eq(kr_node_map_get(opts, "allowKindChange"), "true")};
	kr_mark m = mark_of(&e);
	int rc;

	if (e.text && e.path)
		return kr_err_set(r->err, KR_EINVAL, &m, "patch and path can't be set at the same time");
	if (!e.text && !e.path)
		return kr_err_set(r->err, KR_EINVAL, &m, "must specify one of patch and path");
	rc = apply_entry(r, rm, k, &e, false);
	return rc < 0 ? rc : kr_resmap_reindex(rm, r->err);
}
