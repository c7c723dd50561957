/*
 * gen_list.c - the list generator (argocd.md 1.3.1): `elements`, then the
 * entries of the YAML list in `elementsYaml`. In the default mode every
 * element value must be a string, except `values`, a map of strings
 * flattened to values.<k>; elementsYaml entries are taken as they are.
 */
#include "appset/internal.h"

#include <string.h>

#include "yaml/load.h"

static int flat_element(kr_appset_ctx *c, const kr_node *e, const char *what, size_t idx, kr_psets *out)
{
	kr_node *set = kr_node_new_map(c->a);
	size_t i, j;
	int rc = 0;

	if (!set)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < e->len && rc == 0; i++) {
		const kr_node *k = e->u.pairs[i].key, *v = e->u.pairs[i].value;
		const char *key = kr_node_text(c->a, k);

		if (!key)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		if (strcmp(key, "values") == 0 && v->kind == KR_NODE_MAP) {
			for (j = 0; j < v->len && rc == 0; j++) {
				const kr_node *vv = v->u.pairs[j].value;
				char *vk = kr_arena_cat(c->a, "values.", kr_node_text(c->a, v->u.pairs[j].key), NULL);

				if (vv->kind != KR_NODE_SCALAR || vv->type != KR_SCALAR_STR)
					return kr_appset_fail(c, KR_EINVAL, what,
							      "elements[%zu].values.%s: error parsing value as string "
							      "(quote it, or use goTemplate)",
							      idx, vk ? vk + 7 : "");
				rc = vk ? kr_param_set(c, set, vk, vv->u.str, vv->len) : KR_ENOMEM;
			}
			continue;
		}
		if (v->kind != KR_NODE_SCALAR || v->type != KR_SCALAR_STR)
			return kr_appset_fail(c, KR_EINVAL, what,
					      "elements[%zu].%s: error parsing value as string (the default template "
					      "mode takes strings only: quote it, or use goTemplate)",
					      idx, key);
		rc = kr_param_set(c, set, key, v->u.str, v->len);
	}
	return rc ? rc : kr_psets_push(c, out, set);
}

int kr_gen_list(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out)
{
	const kr_node *elements = kr_node_map_get(g, "elements");
	const kr_node *yaml = kr_node_map_get(g, "elementsYaml");
	size_t i;
	int rc = 0;

	if (elements && elements->kind != KR_NODE_SEQ && !(elements->kind == KR_NODE_SCALAR && elements->type == KR_SCALAR_NULL))
		return kr_appset_fail(c, KR_EINVAL, what, "elements must be a list");
	for (i = 0; elements && elements->kind == KR_NODE_SEQ && i < elements->len && rc == 0; i++) {
		const kr_node *e = elements->u.items[i];

		if (e->kind != KR_NODE_MAP)
			return kr_appset_fail(c, KR_EINVAL, what, "elements[%zu] must be a map", i);
		rc = c->go ? kr_psets_push(c, out, kr_node_copy(c->a, e, NULL)) : flat_element(c, e, what, i, out);
	}
	if (rc == 0 && yaml) {
		kr_yaml_stream s;
		kr_limits lim = *c->o->lim;

		if (yaml->kind != KR_NODE_SCALAR || yaml->type != KR_SCALAR_STR)
			return kr_appset_fail(c, KR_EINVAL, what, "elementsYaml must be a string");
		lim.documents = 2;
		if (kr_yaml_load(&s, c->a, "elementsYaml", yaml->u.str, yaml->len, &lim, 0, c->err) < 0) {
			kr_err_prefix(c->err, "%s: ApplicationSet %s: %s", c->file, c->name, what);
			return c->err->code;
		}
		if (s.n == 0 || (s.docs[0]->kind == KR_NODE_SCALAR && s.docs[0]->type == KR_SCALAR_NULL))
			return 0;
		if (s.n != 1 || s.docs[0]->kind != KR_NODE_SEQ)
			return kr_appset_fail(c, KR_EINVAL, what, "elementsYaml must hold a YAML list of maps");
		for (i = 0; i < s.docs[0]->len && rc == 0; i++) {
			if (s.docs[0]->u.items[i]->kind != KR_NODE_MAP)
				return kr_appset_fail(c, KR_EINVAL, what, "elementsYaml[%zu] must be a map", i);
			rc = kr_psets_push(c, out, s.docs[0]->u.items[i]);
		}
	}
	return rc;
}
