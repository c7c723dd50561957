/*
 * managed.c - fields owned by managers (fieldsV1), carried from live into
 * the desired object.
 *
 * fieldsV1 is a tree of the paths a manager set: "f:NAME" a map field,
 * "k:{JSON}" the list element whose fields equal that object, "v:JSON" the
 * set element of that value, "." the node itself. A path that ends (an
 * empty map, or only ".") is owned whole: the live value replaces the
 * desired one, or is added where the desired object lacks it. Elements are
 * matched field by field on the canonical JSON of their key values.
 */
#include "diff/managed.h"

#include <string.h>

#include "diff/normalize.h"
#include "util/buf.h"
#include "yaml/json.h"
#include "yaml/load.h"

static bool leaf(const kr_node *f)
{
	return f->kind != KR_NODE_MAP || f->len == 0 || (f->len == 1 && kr_node_str_eq(f->u.pairs[0].key, "."));
}

/* does list element @el have every field of key object @key, equal as JSON? */
static bool element_matches(const kr_node *el, const kr_node *key)
{
	size_t i;

	if (el->kind != KR_NODE_MAP || key->kind != KR_NODE_MAP)
		return false;
	for (i = 0; i < key->len; i++) {
		/* key texts are NUL-terminated: parse_json copies them */
		const kr_node *k = key->u.pairs[i].key;
		const kr_node *v = k->kind == KR_NODE_SCALAR && strlen(k->u.str) == k->len ? kr_node_map_get(el, k->u.str)
											   : NULL;

		if (!v || !kr_node_equal(v, key->u.pairs[i].value))
			return false;
	}
	return true;
}

static kr_node *find_element(const kr_node *list, const kr_node *key, bool by_value)
{
	size_t i;

	for (i = 0; list && list->kind == KR_NODE_SEQ && i < list->len; i++)
		if (by_value ? kr_node_equal(list->u.items[i], key) : element_matches(list->u.items[i], key))
			return list->u.items[i];
	return NULL;
}

/* the JSON after "k:" or "v:" as a tree */
static kr_node *parse_json(kr_arena *a, const char *s, size_t n)
{
	kr_yaml_stream st;
	kr_limits lim;
	kr_err err;

	kr_limits_default(&lim);
	if (kr_yaml_load(&st, a, "fieldsV1", s, n, &lim, 0, &err) < 0 || st.n != 1)
		return NULL;
	return st.docs[0];
}

static int carry(kr_arena *a, const kr_node *f, const kr_node *live, kr_node *target, size_t depth)
{
	size_t i;
	int rc = 0;

	if (depth > 200 || f->kind != KR_NODE_MAP)
		return 0;
	for (i = 0; i < f->len && rc == 0; i++) {
		const kr_node *k = f->u.pairs[i].key, *sub = f->u.pairs[i].value;
		const char *text = k->kind == KR_NODE_SCALAR ? kr_node_text(a, k) : NULL;

		if (!text || strlen(text) < 2 || text[1] != ':')
			continue;
		if (text[0] == 'f' && live->kind == KR_NODE_MAP && target->kind == KR_NODE_MAP) {
			kr_node *lv = kr_node_map_get(live, text + 2), *tv = kr_node_map_get(target, text + 2);

			if (!lv)
				continue;
			if (leaf(sub) || !tv || tv->kind != lv->kind) {
				kr_node *copy = kr_node_copy(a, lv, NULL);
				rc = copy ? kr_node_map_set(a, target, text + 2, copy) : KR_ENOMEM;
			} else {
				rc = carry(a, sub, lv, tv, depth + 1);
			}
		} else if ((text[0] == 'k' || text[0] == 'v') && live->kind == KR_NODE_SEQ && target->kind == KR_NODE_SEQ) {
			kr_node *key = parse_json(a, text + 2, strlen(text + 2));
			kr_node *le = key ? find_element(live, key, text[0] == 'v') : NULL;
			kr_node *te = le ? find_element(target, key, text[0] == 'v') : NULL;

			if (!le)
				continue;
			if (!te || leaf(sub)) {
				kr_node *copy = kr_node_copy(a, le, NULL);
				size_t j;

				if (!copy)
					return KR_ENOMEM;
				for (j = 0; te && j < target->len; j++)
					if (target->u.items[j] == te)
						target->u.items[j] = copy;
				if (!te)
					rc = kr_node_seq_append(a, target, copy);
			} else {
				rc = carry(a, sub, le, te, depth + 1);
			}
		}
	}
	return rc;
}

static bool listed(const kr_diff_config *c, const kr_resid *id, const char *ns, const kr_node *manager)
{
	size_t r, j;

	for (r = 0; r < c->nrules; r++) {
		if (!c->rules[r].nmanagers || !kr_diff_rule_matches(&c->rules[r], id, ns))
			continue;
		for (j = 0; j < c->rules[r].nmanagers; j++)
			if (kr_node_str_eq(manager, c->rules[r].managers[j]))
				return true;
	}
	return false;
}

int kr_diff_managed(kr_arena *a, const kr_diff_config *c, const kr_resid *id, const char *ns, const kr_node *live,
		    kr_node *target)
{
	static const char *const path[] = {"metadata", "managedFields"};
	const kr_node *mf = kr_node_map_get_path(live, path, 2);
	size_t i;
	int rc = 0;

	for (i = 0; mf && mf->kind == KR_NODE_SEQ && i < mf->len && rc == 0; i++) {
		const kr_node *entry = mf->u.items[i];
		const kr_node *fields = kr_node_map_get(entry, "fieldsV1");

		if (fields && listed(c, id, ns, kr_node_map_get(entry, "manager")))
			rc = carry(a, fields, live, target, 0);
	}
	return rc;
}
