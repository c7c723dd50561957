/*
 * gen_combine.c - the matrix and merge generators (argocd.md 1.3.5,
 * 1.3.6). matrix: two children; the second is rendered again with each
 * parameter set of the first and generated again; the two sets are joined
 * (default mode: the same key with another value is an error). merge: the
 * first child's sets, each overwritten by the sets of later children that
 * agree on every merge key; sets only later children have are dropped.
 * Sets are found by identity through a hash index (no pairwise search).
 * goTemplate mode merges deeply: in matrix the first child's values win,
 * in merge the later child's.
 */
#include "appset/internal.h"

#include <stdint.h>
#include <string.h>

#include "yaml/json.h"

static const kr_node *children(kr_appset_ctx *c, const kr_node *g, const char *what, const char *type)
{
	const kr_node *gens = kr_node_map_get(g, "generators");

	if (!gens || gens->kind != KR_NODE_SEQ) {
		kr_appset_fail(c, KR_EINVAL, what, "%s needs a list of generators", type);
		return NULL;
	}
	return gens;
}

/* @a and @b joined into a new set; a key both have with different values is an error */
static int join(kr_appset_ctx *c, const kr_node *a, const kr_node *b, const char *what, kr_node **out)
{
	kr_node *set = kr_node_copy(c->a, a, NULL);
	size_t i;

	if (!set)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < b->len; i++) {
		const kr_node *k = b->u.pairs[i].key, *v = b->u.pairs[i].value;
		const kr_node *have = kr_node_map_get_n(set, k->u.str, k->len);

		if (have && !kr_node_equal(have, v)) {
			kr_buf x, y;
			int rc;

			kr_buf_init(&x, (size_t)1 << 20);
			kr_buf_init(&y, (size_t)1 << 20);
			rc = kr_json_write(&x, have) == 0 && kr_json_write(&y, v) == 0
				     ? kr_appset_fail(c, KR_EINVAL, what,
						      "found duplicate key %.*s with different value, a: %s ,b: %s",
						      (int)k->len, k->u.str,
						      have->kind == KR_NODE_SCALAR ? kr_node_text(c->a, have) : x.data,
						      v->kind == KR_NODE_SCALAR ? kr_node_text(c->a, v) : y.data)
				     : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
			kr_buf_dispose(&x);
			kr_buf_dispose(&y);
			return rc;
		}
		if (!have && kr_node_map_append(c->a, set, (kr_node *)k, (kr_node *)v) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	*out = set;
	return 0;
}

int kr_gen_matrix(kr_appset_ctx *c, const kr_node *g, const char *what, int depth, kr_psets *out)
{
	const kr_node *gens = children(c, g, what, "matrix");
	kr_psets first = {0};
	char *w0, *w1;
	size_t i, j;
	int rc;

	if (!gens)
		return c->err->code;
	if (gens->len < 2)
		return kr_appset_fail(c, KR_EINVAL, what, "found less than two generators");
	if (gens->len > 2)
		return kr_appset_fail(c, KR_EINVAL, what, "found more than two generators, Matrix support only two");
	w0 = kr_arena_cat(c->a, what, ".generators[0]", NULL);
	w1 = kr_arena_cat(c->a, what, ".generators[1]", NULL);
	if (!w0 || !w1)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	rc = kr_appset_generate(c, gens->u.items[0], w0, depth + 1, &first);
	for (i = 0; i < first.n && rc == 0; i++) {
		kr_psets second = {0};
		kr_node *child;

		/* the second child, rendered with this set of the first, generates again */
		rc = kr_appset_render_tree(c, gens->u.items[1], first.v[i], &child);
		if (rc == 0)
			rc = kr_appset_generate(c, child, w1, depth + 1, &second);
		for (j = 0; j < second.n && rc == 0; j++) {
			kr_node *set = NULL;

			if (c->go) /* deep merge, the first child's values win */
				rc = (set = kr_param_merge(c, second.v[j], first.v[i], 0)) ? 0 : c->err->code;
			else
				rc = join(c, first.v[i], second.v[j], what, &set);
			if (rc == 0)
				rc = kr_psets_push(c, out, set);
		}
	}
	return rc;
}

/* the identity of @set: canonical JSON of {key: value or null} over @keys, in @a */
static const char *identity(kr_appset_ctx *c, const kr_node *set, const kr_node *keys, kr_buf *b)
{
	kr_node *id = kr_node_new_map(c->a), *null = kr_node_new_scalar(c->a, KR_SCALAR_NULL, "null", 4);
	size_t i;

	if (!id || !null)
		return NULL;
	for (i = 0; i < keys->len; i++) {
		const kr_node *k = keys->u.items[i];
		const kr_node *v = k->kind == KR_NODE_SCALAR ? kr_node_map_get_n(set, k->u.str, k->len) : NULL;

		if (k->kind == KR_NODE_SCALAR && kr_node_map_set(c->a, id, kr_node_text(c->a, k), v ? (kr_node *)v : null) < 0)
			return NULL;
	}
	b->len = 0;
	if (kr_json_write(b, id) < 0)
		return NULL;
	return kr_arena_memdup(c->a, b->data, b->len + 1);
}

/* the sets of one child, indexed by identity (which must be unique) */
static int child_sets(kr_appset_ctx *c, const kr_node *gen, const kr_node *keys, const char *w, int depth,
		      kr_psets *sets, kr_map *index, kr_buf *b)
{
	size_t i;
	int rc = kr_appset_generate(c, gen, w, depth + 1, sets);

	for (i = 0; i < sets->n && rc == 0; i++) {
		const char *id = identity(c, sets->v[i], keys, b);
		int put;

		if (!id)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		put = kr_map_put(index, id, strlen(id), (void *)(uintptr_t)(i + 1), NULL);
		if (put < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (put == 1)
			rc = kr_appset_fail(c, KR_EINVAL, w,
					    "the parameters from a generator were not unique by the given mergeKeys, Merge "
					    "requires all param sets to be unique. Duplicate key was %s",
					    id);
	}
	return rc;
}

int kr_gen_merge(kr_appset_ctx *c, const kr_node *g, const char *what, int depth, kr_psets *out)
{
	const kr_node *gens = children(c, g, what, "merge"), *keys = kr_node_map_get(g, "mergeKeys");
	kr_psets base = {0};
	kr_map base_index = KR_MAP_INIT;
	kr_buf id;
	size_t ch, i, k;
	int rc = 0;

	if (!gens)
		return c->err->code;
	if (gens->len < 2)
		return kr_appset_fail(c, KR_EINVAL, what, "found less than two generators, Merge requires two or more");
	if (!keys || keys->kind != KR_NODE_SEQ || keys->len == 0)
		return kr_appset_fail(c, KR_EINVAL, what, "no merge keys were specified");
	kr_buf_init(&id, (size_t)1 << 20);
	for (ch = 0; ch < gens->len && rc == 0; ch++) {
		char *w = kr_arena_sprintf(c->a, "%s.generators[%zu]", what, ch);
		kr_psets sets = {0};
		kr_map index = KR_MAP_INIT;

		rc = w ? child_sets(c, gens->u.items[ch], keys, w, depth, ch ? &sets : &base, ch ? &index : &base_index, &id)
		       : kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		/* each set of a later child merges into the base set with its identity; the later child wins */
		for (i = 0; ch && i < sets.n && rc == 0; i++) {
			const char *sid = identity(c, sets.v[i], keys, &id);
			uintptr_t at = sid ? (uintptr_t)kr_map_get(&base_index, sid, strlen(sid)) : 0;
			kr_node *merged;

			if (!sid) {
				rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
				break;
			}
			if (!at)
				continue; /* only in a later child: dropped */
			if (c->go) {
				merged = kr_param_merge(c, base.v[at - 1], sets.v[i], 0);
			} else {
				merged = kr_node_copy(c->a, base.v[at - 1], NULL);
				for (k = 0; merged && k < sets.v[i]->len; k++)
					if (kr_node_map_set(c->a, merged, kr_node_text(c->a, sets.v[i]->u.pairs[k].key),
							    sets.v[i]->u.pairs[k].value) < 0)
						merged = NULL;
			}
			if (!merged)
				rc = kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
			else
				base.v[at - 1] = merged;
		}
		kr_map_dispose(&index);
	}
	kr_buf_dispose(&id);
	kr_map_dispose(&base_index);
	for (i = 0; i < base.n && rc == 0; i++)
		rc = kr_psets_push(c, out, base.v[i]);
	return rc;
}
