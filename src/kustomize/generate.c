/*
 * generate.c - running a kustomization's configMapGenerator and
 * secretGenerator entries and absorbing their objects into the resources
 * accumulated so far (kustomize.md 5.1), and the name-suffix hashes added
 * at the very end of the top-level build (5.3).
 *
 * Absorbing: no resource with the generated object's ID -> appended
 * (behavior create) or an error (merge/replace); one -> an error (create)
 * or merged/replaced in place, keeping its name and namespace.
 */
#include "kustomize/generate.h"

#include <string.h>

#include "kustomize/generator.h"

static bool same_id(const kr_resid *a, const kr_resid *b)
{
	const char *na = a->ns[0] ? a->ns : "default", *nb = b->ns[0] ? b->ns : "default";

	return !strcmp(a->group, b->group) && !strcmp(a->version, b->version) &&
	       !strcmp(a->kind, b->kind) && !strcmp(a->name, b->name) && !strcmp(na, nb);
}

/*
 * The resource a generator merges into: the one whose current ID is @id,
 * else one that carried @id before a rename (kustomize matches any ID).
 * The scan runs once per merging generator entry, not per resource.
 */
static kr_resource *find_any_id(const kr_resmap *rm, const kr_resid *id)
{
	kr_resource *res = kr_resmap_find(rm, id);
	size_t i, j;

	for (i = 0; !res && i < rm->n; i++)
		for (j = 0; j < rm->items[i]->nprev; j++)
			if (same_id(&rm->items[i]->prev[j], id))
				return rm->items[i];
	return res;
}

int kr_generate_absorb(kr_render *r, kr_resmap *rm, const kr_kustomization *k, const kr_node *entry,
		       kr_generated *g)
{
	kr_mark m = {k->file, (int)entry->line, (int)entry->col};
	kr_resource *existing, *res;
	char idtext[600];
	kr_resid id;
	int rc;

	rc = kr_resid_from_node(&id, g->obj, true, r->a, k->file, r->err);
	if (rc < 0)
		return rc;
	existing = find_any_id(rm, &id);
	kr_resid_format(&id, idtext, sizeof(idtext));
	if (!existing) {
		if (g->behavior != KR_GEN_CREATE)
			return kr_err_set(r->err, KR_EINVAL, &m,
					  "id %s does not exist; cannot merge or replace", idtext);
		res = kr_arena_zalloc(r->a, sizeof(*res));
		if (!res)
			return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		res->root = g->obj;
		res->id = id;
		res->orig = id;
		res->file = k->file;
		res->generated = true;
		res->needs_hash = g->needs_hash;
		res->origin_kust = k->path;
		res->origin_gen = kr_node_str_eq(kr_node_map_get(g->obj, "kind"), "Secret") ? "SecretGenerator"
											 : "ConfigMapGenerator";
		return kr_resmap_append(rm, res, r->err);
	}
	if (g->behavior == KR_GEN_CREATE)
		return kr_err_set(r->err, KR_EINVAL, &m, "id %s exists; behavior must be merge or replace",
				  idtext);
	rc = kr_generator_merge(r, existing->root, g->obj, g->behavior, r->err);
	if (rc < 0)
		return rc;
	if (g->behavior == KR_GEN_REPLACE) {
		/* a replaced object's origin is the replacing generator; a merged one keeps its own */
		existing->origin_path = NULL;
		existing->origin_kust = k->path;
		existing->origin_gen = kr_node_str_eq(kr_node_map_get(g->obj, "kind"), "Secret")
					       ? "SecretGenerator"
					       : "ConfigMapGenerator";
	}
	/* one generator in the chain without a hash keeps the hash off (kubectl) */
	existing->needs_hash = (existing->generated ? existing->needs_hash : true) && g->needs_hash;
	existing->generated = true;
	return 0;
}

int kr_generate_all(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	const kr_node *lists[2] = {k->configmap_gens, k->secret_gens};
	size_t l, i;
	int rc = 0;

	for (l = 0; l < 2 && rc == 0; l++) {
		for (i = 0; lists[l] && i < lists[l]->len && rc == 0; i++) {
			const kr_node *entry = lists[l]->u.items[i];
			kr_generated g;
			memset(&g, 0, sizeof(g));
			rc = kr_generator_make(r, k->dir, k->file, entry, l == 1, k->generator_options, &g);
			if (rc == 0)
				rc = kr_generate_absorb(r, rm, k, entry, &g);
		}
	}
	return rc;
}

int kr_generate_hashes(kr_render *r, kr_resmap *rm)
{
	size_t i;
	bool renamed = false;

	for (i = 0; i < rm->n; i++) {
		kr_resource *res = rm->items[i];
		char hash[11];
		char *name;
		if (!res->needs_hash)
			continue;
		if (kr_name_hash(res->root, hash) < 0)
			return kr_err_set(r->err, KR_ENOMEM, NULL, "cannot hash %s", res->id.name);
		name = kr_arena_sprintf(r->a, "%s-%s", res->id.name, hash);
		if (!name || kr_resource_set_name(res, r->a, name) < 0)
			return kr_err_set(r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		renamed = true;
	}
	return renamed ? kr_resmap_reindex(rm, r->err) : 0;
}
