/*
 * resmap.c - the ordered, hash-indexed resource map.
 *
 * Index key: group NUL version NUL kind NUL effective-namespace NUL name,
 * where the effective namespace is "" for cluster-scoped kinds and
 * "default" for an empty namespace, so IDs kustomize's ResId.Equals calls
 * equal get equal keys. Invariant: every item is in the index exactly once.
 */
#include "resource/resource.h"

#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

static char *id_key(kr_arena *a, const kr_resid *id, size_t *len)
{
	const char *ns = kr_resid_is_cluster_scoped(id) ? "" : (id->ns[0] ? id->ns : "default");
	size_t lg = strlen(id->group), lv = strlen(id->version), lk = strlen(id->kind);
	size_t ln = strlen(ns), lm = strlen(id->name);
	char *k = kr_arena_alloc(a, lg + lv + lk + ln + lm + 5);
	char *p = k;

	if (!k)
		return NULL;
	memcpy(p, id->group, lg), p += lg, *p++ = '\0';
	memcpy(p, id->version, lv), p += lv, *p++ = '\0';
	memcpy(p, id->kind, lk), p += lk, *p++ = '\0';
	memcpy(p, ns, ln), p += ln, *p++ = '\0';
	memcpy(p, id->name, lm), p += lm, *p = '\0';
	*len = (size_t)(p - k);
	return k;
}

void kr_resmap_init(kr_resmap *rm, kr_arena *a)
{
	memset(rm, 0, sizeof(*rm));
	rm->a = a;
}

void kr_resmap_dispose(kr_resmap *rm)
{
	free(rm->items);
	kr_map_dispose(&rm->index);
	rm->items = NULL;
	rm->n = rm->cap = 0;
}

kr_resource *kr_resmap_find(const kr_resmap *rm, const kr_resid *id)
{
	size_t len;
	char *k = id_key(rm->a, id, &len);

	return k ? kr_map_get(&rm->index, k, len) : NULL;
}

int kr_resmap_append(kr_resmap *rm, kr_resource *r, kr_err *err)
{
	size_t len;
	char *k = id_key(rm->a, &r->id, &len);
	void *prev = NULL;
	int rc;

	if (!k)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	rc = kr_map_put(&rm->index, k, len, r, &prev);
	if (rc < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (rc == 1) {
		const kr_resource *p = prev;
		char id[600];
		kr_mark m = {r->file, (int)r->root->line, (int)r->root->col};
		return kr_err_set(err, KR_EDUP, &m,
				  "may not add resource with an already registered id: %s (first defined in %s:%u)",
				  kr_resid_format(&r->id, id, sizeof(id)), p->file, p->root->line);
	}
	if (kr_vec_grow(&rm->items, &rm->cap, rm->n + 1, sizeof(*rm->items)) < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	rm->items[rm->n++] = r;
	return 0;
}

int kr_resmap_append_all(kr_resmap *dst, const kr_resmap *src, kr_err *err)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		int rc = kr_resmap_append(dst, src->items[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int kr_resmap_reindex(kr_resmap *rm, kr_err *err)
{
	kr_resource **items = rm->items;
	size_t n = rm->n, cap = rm->cap, i;
	int rc = 0;

	kr_map_dispose(&rm->index);
	rm->items = NULL;
	rm->n = rm->cap = 0;
	for (i = 0; i < n && rc == 0; i++)
		rc = kr_resmap_append(rm, items[i], err);
	free(items);
	(void)cap;
	return rc;
}
