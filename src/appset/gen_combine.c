/*
 * gen_combine.c - the matrix and merge generators (argocd.md 1.3.5,
 * 1.3.6). matrix: two children; the second is rendered again with each
 * parameter set of the first and generated again; the two sets are joined
 * (default mode: the same key with another value is an error). merge: the
 * first child's sets, each overwritten by the sets of later children that
 * agree on every merge key; sets only later children have are dropped.
 */
#include "appset/internal.h"

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

			rc = join(c, first.v[i], second.v[j], what, &set);
			if (rc == 0)
				rc = kr_psets_push(c, out, set);
		}
	}
	return rc;
}

/* the identity of @set: canonical JSON of {key: value or null} over @keys */
static int identity(kr_appset_ctx *c, const kr_node *set, const kr_node *keys, kr_buf *b)
{
	kr_node *id = kr_node_new_map(c->a), *null = kr_node_new_scalar(c->a, KR_SCALAR_NULL, "null", 4);
	size_t i;

	if (!id || !null)
		return KR_ENOMEM;
	for (i = 0; i < keys->len; i++) {
		const kr_node *k = keys->u.items[i];
		const kr_node *v = k->kind == KR_NODE_SCALAR ? kr_node_map_get_n(set, k->u.str, k->len) : NULL;

		if (k->kind == KR_NODE_SCALAR && kr_node_map_set(c->a, id, kr_node_text(c->a, k), v ? (kr_node *)v : null) < 0)
			return KR_ENOMEM;
	}
	b->len = 0;
	return kr_json_write(b, id);
}

int kr_gen_merge(kr_appset_ctx *c, const kr_node *g, const char *what, int depth, kr_psets *out)
{
	const kr_node *gens = children(c, g, what, "merge"), *keys = kr_node_map_get(g, "mergeKeys");
	kr_psets base = {0};
	kr_buf id, other;
	size_t ch, i, j, k;
	int rc = 0;

	if (!gens)
		return c->err->code;
	if (gens->len < 2)
		return kr_appset_fail(c, KR_EINVAL, what, "found less than two generators, Merge requires two or more");
	if (!keys || keys->kind != KR_NODE_SEQ || keys->len == 0)
		return kr_appset_fail(c, KR_EINVAL, what, "no merge keys were specified");
	kr_buf_init(&id, (size_t)1 << 20);
	kr_buf_init(&other, (size_t)1 << 20);
	for (ch = 0; ch < gens->len && rc == 0; ch++) {
		char *w = kr_arena_sprintf(c->a, "%s.generators[%zu]", what, ch);
		kr_psets sets = {0};

		rc = w ? kr_appset_generate(c, gens->u.items[ch], w, depth + 1, &sets) : KR_ENOMEM;
		/* every child's sets must be unique by the merge keys */
		for (i = 0; i < sets.n && rc == 0; i++) {
			rc = identity(c, sets.v[i], keys, &id);
			for (j = 0; j < i && rc == 0; j++) {
				rc = identity(c, sets.v[j], keys, &other);
				if (rc == 0 && id.len == other.len && memcmp(id.data, other.data, id.len) == 0)
					rc = kr_appset_fail(c, KR_EINVAL, w,
							    "the parameters from a generator were not unique by the given "
							    "mergeKeys, Merge requires all param sets to be unique. Duplicate "
							    "key was %s",
							    id.data);
			}
		}
		if (ch == 0) {
			base = sets;
			continue;
		}
		for (i = 0; i < base.n && rc == 0; i++) {
			rc = identity(c, base.v[i], keys, &id);
			for (j = 0; j < sets.n && rc == 0; j++) {
				rc = identity(c, sets.v[j], keys, &other);
				if (rc < 0 || id.len != other.len || memcmp(id.data, other.data, id.len) != 0)
					continue;
				base.v[i] = kr_node_copy(c->a, base.v[i], NULL); /* the later child wins, key by key */
				for (k = 0; base.v[i] && k < sets.v[j]->len && rc == 0; k++)
					rc = kr_node_map_set(c->a, base.v[i], kr_node_text(c->a, sets.v[j]->u.pairs[k].key),
							     sets.v[j]->u.pairs[k].value);
				if (!base.v[i])
					rc = KR_ENOMEM;
			}
		}
	}
	kr_buf_dispose(&id);
	kr_buf_dispose(&other);
	for (i = 0; i < base.n && rc == 0; i++)
		rc = kr_psets_push(c, out, base.v[i]);
	return rc == KR_ENOMEM ? kr_err_set(c->err, rc, NULL, "out of memory") : rc;
}
