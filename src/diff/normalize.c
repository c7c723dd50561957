/*
 * normalize.c - ArgoCD's normaliser chain, in place.
 *
 * Order (gitops-engine diff.Normalize): ignore rules, the default /status
 * rule among them, in list order; then known types: creationTimestamp and
 * the server-set metadata dropped (resourceVersion, uid, generation,
 * selfLink, managedFields: equal on both sides of a 2-way diff and noise in
 * print), a Secret's stringData folded into base64 data, empty Role and
 * ClusterRole rules made null, resource quantities in canonical spelling.
 */
#include "diff/normalize.h"

#include <fnmatch.h>
#include <nettle/base64.h>
#include <stdlib.h>
#include <string.h>

#include "diff/duration.h"
#include "diff/quantity.h"
#include "yaml/json.h"

static bool is_core(const kr_resid *id)
{
	return !id->group || !id->group[0];
}

static bool glob(const char *pattern, const char *s)
{
	return fnmatch(pattern, s ? s : "", 0) == 0;
}

bool kr_diff_rule_matches(const kr_diff_rule *r, const kr_resid *id, const char *ns)
{
	const char *group = id->group ? id->group : "";

	if (r->group[0] ? !glob(r->group, group) : group[0] != '\0')
		return false;
	if (!glob(r->kind, id->kind))
		return false;
	if (r->name[0] && strcmp(r->name, id->name) != 0)
		return false;
	return !r->ns[0] || strcmp(r->ns, ns ? ns : "") == 0;
}

int kr_json_pointer_parse(kr_arena *a, const char *text, kr_json_pointer *out)
{
	const char *p;
	size_t n = 0;

	out->n = 0;
	out->tok = NULL;
	if (text[0] && text[0] != '/')
		return KR_EINVAL;
	for (p = text; *p; p++) {
		if (*p == '~' && p[1] != '0' && p[1] != '1')
			return KR_EINVAL;
		n += *p == '/';
	}
	out->tok = kr_arena_alloc(a, (n + 1) * sizeof(*out->tok));
	if (!out->tok)
		return KR_ENOMEM;
	for (p = text; *p == '/';) {
		size_t len = strcspn(p + 1, "/");

		out->tok[out->n] = kr_json_pointer_token(a, p + 1, len);
		if (!out->tok[out->n++])
			return KR_ENOMEM;
		p += 1 + len;
	}
	return 0;
}

static bool index_of(const char *tok, size_t len, size_t *i)
{
	char *end;
	unsigned long v;

	if (!tok[0] || (tok[0] == '0' && tok[1]) || tok[0] < '0' || tok[0] > '9')
		return false;
	v = strtoul(tok, &end, 10);
	if (*end || v >= len)
		return false;
	*i = v;
	return true;
}

bool kr_diff_step(kr_node **cur, const char *key, size_t idx, bool remove)
{
	kr_node *n = *cur, *next;

	if (key && remove)
		return kr_node_map_delete(n, key);
	if (key) {
		next = kr_node_map_get(n, key);
		if (next)
			*cur = next;
		return next != NULL;
	}
	if (n->kind != KR_NODE_SEQ || idx >= n->len)
		return false;
	if (remove) {
		memmove(n->u.items + idx, n->u.items + idx + 1, (n->len - idx - 1) * sizeof(*n->u.items));
		n->len--;
	} else {
		*cur = n->u.items[idx];
	}
	return true;
}

void kr_json_pointer_remove(kr_node *obj, const kr_json_pointer *p)
{
	kr_node *cur = obj;
	size_t i;

	for (i = 0; i < p->n; i++) {
		bool last = i + 1 == p->n, seq = cur->kind == KR_NODE_SEQ;
		size_t idx = 0;

		if (seq && !index_of(p->tok[i], cur->len, &idx))
			return;
		if (!kr_diff_step(&cur, seq ? NULL : p->tok[i], idx, last) || last)
			return;
	}
}

static void drop_server_metadata(kr_node *obj)
{
	static const char *const keys[] = {"creationTimestamp", "resourceVersion", "uid",
					   "generation", "selfLink", "managedFields"};
	kr_node *meta = kr_node_map_get(obj, "metadata");
	size_t i;

	for (i = 0; meta && meta->kind == KR_NODE_MAP && i < sizeof(keys) / sizeof(keys[0]); i++)
		kr_node_map_delete(meta, keys[i]);
}

static char *base64(kr_arena *a, const char *s, size_t n)
{
	char *out = kr_arena_alloc(a, BASE64_ENCODE_RAW_LENGTH(n) + 1);

	if (!out)
		return NULL;
	base64_encode_raw(out, n, (const uint8_t *)s);
	out[BASE64_ENCODE_RAW_LENGTH(n)] = '\0';
	return out;
}

/* stringData into data (string values encoded, others kept); null values become "" */
static int fold_string_data(kr_arena *a, kr_node *obj)
{
	kr_node *sd = kr_node_map_get(obj, "stringData");
	kr_node *data = kr_node_map_get(obj, "data");
	size_t i;

	if (sd && sd->kind == KR_NODE_MAP && sd->len) {
		if (!data || data->kind != KR_NODE_MAP) {
			data = kr_node_new_map(a);
			if (!data || kr_node_map_set(a, obj, "data", data) < 0)
				return KR_ENOMEM;
		}
		for (i = 0; i < sd->len; i++) {
			kr_node *v = sd->u.pairs[i].value;
			const char *key = kr_node_text(a, sd->u.pairs[i].key);

			if (!key)
				return KR_ENOMEM;
			if (v->kind == KR_NODE_SCALAR && v->type == KR_SCALAR_STR) {
				char *enc = base64(a, v->u.str, v->len);
				v = enc ? kr_node_new_str(a, enc) : NULL;
			}
			if (!v || kr_node_map_set(a, data, key, v) < 0)
				return KR_ENOMEM;
		}
	}
	if (sd)
		kr_node_map_delete(obj, "stringData");
	for (i = 0; data && data->kind == KR_NODE_MAP && i < data->len; i++) {
		kr_node *v = data->u.pairs[i].value;
		if (v->kind == KR_NODE_SCALAR && v->type == KR_SCALAR_NULL)
			data->u.pairs[i].value = kr_node_new_str(a, "");
	}
	return 0;
}

/* every `resources: {limits, requests}` and quota `hard` map: quantities canonical (@key, @parent: map keys) */
static int canonical_quantities(kr_arena *a, kr_node *n, const kr_node *key, const kr_node *parent)
{
	size_t i;
	int rc = 0;

	if (n->kind == KR_NODE_SEQ) {
		for (i = 0; i < n->len && rc == 0; i++)
			rc = canonical_quantities(a, n->u.items[i], NULL, key);
		return rc;
	}
	if (n->kind != KR_NODE_MAP)
		return 0;
	if ((kr_node_str_eq(parent, "resources") && (kr_node_str_eq(key, "limits") || kr_node_str_eq(key, "requests"))) ||
	    kr_node_str_eq(key, "hard")) {
		for (i = 0; i < n->len; i++) {
			kr_node *v = n->u.pairs[i].value;
			char out[64];

			if (v->kind == KR_NODE_SCALAR && v->len < 64 &&
			    kr_quantity_canonical(v->u.str, v->len, out, sizeof(out)) &&
			    !(v->type == KR_SCALAR_STR && kr_node_str_eq(v, out))) {
				kr_node *q = kr_node_new_str(a, out);
				if (!q)
					return KR_ENOMEM;
				n->u.pairs[i].value = q;
			}
		}
		return 0;
	}
	for (i = 0; i < n->len && rc == 0; i++)
		rc = canonical_quantities(a, n->u.pairs[i].value, n->u.pairs[i].key, key);
	return rc;
}

/* the scalars at @path below @n (lists walked element-wise) in canonical spelling */
static int known_field(kr_arena *a, kr_node *n, const char *const *path, size_t npath, enum kr_known_type type)
{
	size_t i;
	int rc = 0;

	if (n->kind == KR_NODE_SEQ) {
		for (i = 0; i < n->len && rc == 0; i++)
			rc = known_field(a, n->u.items[i], path, npath, type);
		return rc;
	}
	if (npath == 0) {
		char out[64];
		bool ok;

		/* a PodSpec's quantities are canonical everywhere already (canonical_quantities) */
		if (n->kind != KR_NODE_SCALAR || n->len >= 48 || type == KR_KNOWN_POD_SPEC)
			return 0;
		ok = type == KR_KNOWN_QUANTITY ? kr_quantity_canonical(n->u.str, n->len, out, sizeof(out))
					       : kr_duration_canonical(n->u.str, n->len, out, sizeof(out));
		if (ok) {
			n->u.str = kr_arena_strdup(a, out);
			n->len = strlen(out);
			n->type = KR_SCALAR_STR;
			n->x.orig = NULL;
			if (!n->u.str)
				return KR_ENOMEM;
		}
		return 0;
	}
	n = n->kind == KR_NODE_MAP ? kr_node_map_get(n, path[0]) : NULL;
	return n ? known_field(a, n, path + 1, npath - 1, type) : 0;
}

int kr_diff_normalize(kr_arena *a, const kr_diff_config *c, const kr_resid *id, kr_node *obj)
{
	static const char *status_tok[] = {"status"};
	static const kr_json_pointer status = {status_tok, 1};
	const char *ns = id->ns && id->ns[0] ? id->ns : c->ns;
	size_t i, j;

	if (obj->kind != KR_NODE_MAP)
		return 0;
	if (c->status == KR_STATUS_ALL ||
	    (c->status == KR_STATUS_CRD && strcmp(id->kind, "CustomResourceDefinition") == 0))
		kr_json_pointer_remove(obj, &status);
	for (i = 0; i < c->nrules; i++)
		if (kr_diff_rule_matches(&c->rules[i], id, ns))
			for (j = 0; j < c->rules[i].npointers; j++)
				kr_json_pointer_remove(obj, &c->rules[i].pointers[j]);
	drop_server_metadata(obj);
	if (is_core(id) && strcmp(id->kind, "Secret") == 0 && fold_string_data(a, obj) < 0)
		return KR_ENOMEM;
	if ((strcmp(id->kind, "Role") == 0 || strcmp(id->kind, "ClusterRole") == 0) &&
	    id->group && strcmp(id->group, "rbac.authorization.k8s.io") == 0) {
		kr_node *rules = kr_node_map_get(obj, "rules");
		if (rules && rules->kind == KR_NODE_SEQ && rules->len == 0)
			kr_node_map_delete(obj, "rules");
	}
	for (i = 0; i < c->nknown; i++) {
		const kr_known_field *k = &c->known[i];
		if (strcmp(k->kind, id->kind) == 0 && strcmp(k->group, id->group ? id->group : "") == 0 &&
		    known_field(a, obj, k->path, k->npath, k->type) < 0)
			return KR_ENOMEM;
	}
	return canonical_quantities(a, obj, NULL, NULL);
}

/* the mask of value @v: equal values share one, each new one is 4 '+' longer */
static kr_node *mask_of(kr_arena *a, const kr_node *v, const kr_node ***seen, size_t *nseen, size_t *cap)
{
	size_t i, len;
	char *m;

	for (i = 0; i < *nseen; i++)
		if (kr_node_equal((*seen)[i], v))
			break;
	if (i == *nseen) {
		if (kr_arena_grow(a, seen, cap, *nseen, sizeof(**seen)) < 0)
			return NULL;
		(*seen)[(*nseen)++] = v;
	}
	len = 8 + 4 * i;
	m = kr_arena_alloc(a, len + 1);
	if (!m)
		return NULL;
	memset(m, '+', len);
	m[len] = '\0';
	return kr_node_new_str(a, m);
}

/* mask the values under @key of the map at @path in each object; numbering is per key */
static int mask_field(kr_arena *a, kr_node **objs, size_t n, const char *const *path, size_t depth,
		      const char *key)
{
	const kr_node **seen = NULL;
	size_t nseen = 0, cap = 0, o, i;

	for (o = 0; o < n; o++) {
		kr_node *m = objs[o] ? kr_node_map_get_path(objs[o], path, depth) : NULL;

		for (i = 0; m && m->kind == KR_NODE_MAP && i < m->len; i++) {
			kr_node *masked;
			if (!kr_node_str_eq(m->u.pairs[i].key, key))
				continue;
			masked = mask_of(a, m->u.pairs[i].value, &seen, &nseen, &cap);
			if (!masked)
				return KR_ENOMEM;
			m->u.pairs[i].value = masked;
		}
	}
	return 0;
}

int kr_diff_mask(kr_arena *a, const kr_diff_config *c, const kr_resid *id, kr_node **objs, size_t n)
{
	static const char *const data[] = {"data"};
	static const char *const annotations[] = {"metadata", "annotations"};
	size_t i;
	int rc = 0;

	const char **done = NULL;
	size_t o, ndone = 0, capdone = 0, k;

	/* every key of every object's data, each masked once, on its own */
	for (o = 0; o < n && rc == 0 && is_core(id) && strcmp(id->kind, "Secret") == 0; o++) {
		kr_node *d = objs[o] ? kr_node_map_get(objs[o], "data") : NULL;
		for (i = 0; d && d->kind == KR_NODE_MAP && i < d->len && rc == 0; i++) {
			const char *key = kr_node_text(a, d->u.pairs[i].key);
			if (!key || kr_arena_grow(a, &done, &capdone, ndone, sizeof(*done)) < 0)
				return KR_ENOMEM;
			for (k = 0; k < ndone && strcmp(done[k], key) != 0; k++)
				;
			if (k < ndone)
				continue;
			done[ndone++] = key;
			rc = mask_field(a, objs, n, data, 1, key);
		}
	}
	for (i = 0; i < c->nmask && rc == 0; i++)
		rc = mask_field(a, objs, n, annotations, 2, c->mask_annotations[i]);
	return rc;
}
