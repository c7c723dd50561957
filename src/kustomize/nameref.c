/*
 * nameref.c - kustomize's name-reference fix-up (kustomize.md 7.2).
 *
 * Candidates are found through an index from the name of every earlier ID
 * (not the current one) to the resources that carried it, so the work is linear in the
 * number of referring fields, not quadratic in resources. For each field:
 * keep candidates whose earlier IDs include the referenced kind (and, for
 * roleRef, the roleRef's group and kind), then those in the referrer's
 * namespace (cluster-scoped kinds and ServiceAccounts always qualify);
 * one left wins; else those whose prefix/suffix history equals the
 * referrer's; several with the same new name count as one.
 */
#include "kustomize/nameref.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "kustomize/fieldspec.h"
#include "kustomize/tfconfig.h"
#include "util/vec.h"

struct cands {
	kr_resource **v;
	size_t n, cap;
};

struct ref_ctx {
	kr_render *r;
	kr_map *by_old_name; /* earlier name -> struct cands */
	const struct kr_nameref_entry *e;
	kr_resource *referrer;
	bool role_ref;
};

static bool id_matches(const kr_resid *id, const char *g, const char *v, const char *k)
{
	return (!g[0] || strcmp(g, id->group) == 0) && (!v[0] || strcmp(v, id->version) == 0) &&
	       (!k[0] || strcmp(k, id->kind) == 0);
}

static bool any_prev_matches(const kr_resource *c, const char *g, const char *v, const char *k)
{
	size_t i;

	for (i = 0; i < c->nprev; i++)
		if (id_matches(&c->prev[i], g, v, k))
			return true;
	return false;
}

static const char *eff_ns(const kr_resid *id)
{
	return id->ns[0] ? id->ns : "default";
}

static bool same_strs(const kr_strs *a, const kr_strs *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/*
 * Choose the referral for earlier name @name, or NULL for "leave it".
 * @ns (may be NULL) is the namespace written next to the name in a map
 * reference. Returns KR_EINVAL through *rc when several candidates remain.
 */
static kr_resource *choose(struct ref_ctx *c, const char *name, const char *ns, int *rc)
{
	struct cands *all = kr_map_get(c->by_old_name, name, strlen(name));
	kr_resource *keep[64];
	size_t n = 0, i, m;
	const kr_resid *rid = &c->referrer->id;
	bool namespaced = !kr_resid_is_cluster_scoped(rid);

	*rc = 0;
	if (!all)
		return NULL;
	for (i = 0; i < all->n && n < 64; i++) {
		kr_resource *cand = all->v[i];
		if (!any_prev_matches(cand, c->e->group, c->e->version, c->e->kind))
			continue;
		if (c->role_ref) {
			kr_node *ref = kr_node_map_get(c->referrer->root, "roleRef");
			const char *g = kr_node_text(c->r->a, kr_node_map_get(ref, "apiGroup"));
			const char *k = kr_node_text(c->r->a, kr_node_map_get(ref, "kind"));
			if (!g || !k || !any_prev_matches(cand, g, "", k))
				continue;
		}
		if (ns && strcmp(eff_ns(&cand->orig), ns) != 0 && strcmp(eff_ns(&cand->id), ns) != 0)
			continue;
		if (!ns && namespaced && !kr_resid_is_cluster_scoped(&cand->id) &&
		    strcmp(cand->id.kind, "ServiceAccount") != 0 &&
		    strcmp(eff_ns(&cand->id), eff_ns(rid)) != 0)
			continue;
		keep[n++] = cand;
	}
	if (n == 1)
		return keep[0];
	if (n == 0)
		return NULL;
	/* several: prefer the ones renamed by the same prefixes and suffixes */
	for (i = 0, m = 0; i < n; i++)
		if (same_strs(&keep[i]->prefixes, &c->referrer->prefixes) &&
		    same_strs(&keep[i]->suffixes, &c->referrer->suffixes))
			keep[m++] = keep[i];
	if (m == 1)
		return keep[0];
	if (m == 0)
		return NULL;
	/*
	 * Still several (ServiceAccounts of the same name in several
	 * namespaces pass the namespace sieve): the one in the referrer's own
	 * namespace wins, as kubectl resolves them.
	 */
	for (i = 0, n = 0; i < m; i++)
		if (strcmp(eff_ns(&keep[i]->id), eff_ns(rid)) == 0)
			n++;
	if (n == 1)
		for (i = 0; i < m; i++)
			if (strcmp(eff_ns(&keep[i]->id), eff_ns(rid)) == 0)
				return keep[i];
	for (i = 1; i < m; i++)
		if (strcmp(keep[i]->id.name, keep[0]->id.name) != 0 ||
		    (ns && strcmp(keep[i]->id.ns, keep[0]->id.ns) != 0))
			break;
	if (i == m)
		return keep[0];
	{
		char a[600], b[600], ref[600];
		kr_mark mk = {c->referrer->file, (int)c->referrer->root->line, 0};
		*rc = kr_err_set(c->r->err, KR_EINVAL, &mk,
				 "updating name reference in '%s' field of '%s': found multiple possible "
				 "referrals: %s, %s",
				 c->e->path, kr_resid_format(rid, ref, sizeof(ref)),
				 kr_resid_format(&keep[0]->id, a, sizeof(a)),
				 kr_resid_format(&keep[1]->id, b, sizeof(b)));
	}
	return NULL;
}

static int rename_scalar(struct ref_ctx *c, kr_node *v, const char *ns)
{
	char *name;
	kr_resource *to;
	int rc;

	if (v->kind != KR_NODE_SCALAR || v->type != KR_SCALAR_STR)
		return 0;
	name = kr_arena_memdup(c->r->a, v->u.str, v->len);
	if (!name)
		return kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
	to = choose(c, name, ns, &rc);
	if (rc < 0 || !to || strcmp(to->id.name, name) == 0)
		return rc;
	v->u.str = to->id.name;
	v->len = strlen(to->id.name);
	return 0;
}

static int visit(void *ctx, kr_node *map, const char *key, kr_node *value)
{
	struct ref_ctx *c = ctx;
	size_t i;
	int rc = 0;

	(void)map;
	(void)key;
	if (!value)
		return 0;
	if (value->kind == KR_NODE_SEQ) {
		for (i = 0; i < value->len && rc == 0; i++) {
			kr_node *item = value->u.items[i];
			if (item->kind == KR_NODE_MAP)
				rc = visit(ctx, value, key, item);
			else
				rc = rename_scalar(c, item, NULL);
		}
		return rc;
	}
	if (value->kind == KR_NODE_MAP) {
		kr_node *name = kr_node_map_get(value, "name");
		kr_node *nsn = kr_node_map_get(value, "namespace");
		char *ns = NULL;
		kr_resource *to;
		char *old;
		if (!name || name->kind != KR_NODE_SCALAR)
			return 0;
		if (nsn && nsn->kind == KR_NODE_SCALAR)
			ns = kr_arena_memdup(c->r->a, nsn->u.str, nsn->len);
		old = kr_arena_memdup(c->r->a, name->u.str, name->len);
		if (!old)
			return kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		to = choose(c, old, ns, &rc);
		if (rc < 0 || !to)
			return rc;
		if (kr_node_map_set(c->r->a, value, "name", kr_node_new_str(c->r->a, to->id.name)) < 0 ||
		    (to->id.ns[0] &&
		     kr_node_map_set(c->r->a, value, "namespace", kr_node_new_str(c->r->a, to->id.ns)) < 0))
			return kr_err_set(c->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
		return 0;
	}
	return rename_scalar(c, value, NULL);
}

static int index_old_names(kr_render *r, const kr_resmap *rm, kr_map *idx)
{
	size_t i, j;

	for (i = 0; i < rm->n; i++) {
		kr_resource *res = rm->items[i];
		for (j = 0; j < res->nprev; j++) {
			const char *name = res->prev[j].name;
			/* an earlier ID may carry the current name (only the namespace changed) */
			struct cands *cs = kr_map_get(idx, name, strlen(name));
			if (!cs) {
				cs = kr_arena_zalloc(r->a, sizeof(*cs));
				if (!cs || kr_map_put(idx, name, strlen(name), cs, NULL) < 0)
					return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
			}
			if (cs->n && cs->v[cs->n - 1] == res)
				continue;
			if (kr_vec_grow(&cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v)) < 0)
				return kr_err_set(r->err, KR_ENOMEM, NULL, "out of memory");
			cs->v[cs->n++] = res;
		}
	}
	return 0;
}

static int fix_one(kr_render *r, kr_map *idx, kr_resource *res, const struct kr_nameref_entry *en)
{
	kr_fieldspec fs = {en->fgroup, en->fversion, en->fkind, en->path, false};
	struct ref_ctx c = {r, idx, en, res, strcmp(en->path, "roleRef/name") == 0};

	if (!kr_fieldspec_matches(&fs, &res->orig))
		return 0;
	int rc = kr_fieldspec_walk_strict(r->a, res->root, &fs, visit, &c, r->err);

	if (rc == KR_EINVAL && r->err->msg[0] == 'v') {
		char id[600];
		kr_err_prefix(r->err, "updating name reference in '%s' field of '%s'", en->path,
			      kr_resid_format(&res->id, id, sizeof(id)));
		r->err->file[0] = '\0';
		snprintf(r->err->file, sizeof(r->err->file), "%s", res->file);
	}
	return rc;
}

int kr_nameref_fix(kr_render *r, kr_resmap *rm, const kr_tfconfig *cfg)
{
	kr_map idx = KR_MAP_INIT;
	size_t i, e;
	int rc;

	rc = index_old_names(r, rm, &idx);
	for (i = 0; i < rm->n && rc == 0 && idx.len; i++) {
		kr_resource *res = rm->items[i];
		for (e = 0; cfg && e < cfg->nnameref && rc == 0; e++)
			rc = fix_one(r, &idx, res, &cfg->nameref[e]);
		for (e = 0; kr_nameref_table[e].path && rc == 0; e++)
			rc = fix_one(r, &idx, res, &kr_nameref_table[e]);
	}
	for (i = 0; i < idx.cap; i++) {
		struct cands *cs = idx.slots[i].val;
		if (idx.slots[i].key && cs)
			free(cs->v);
	}
	kr_map_dispose(&idx);
	return rc;
}
