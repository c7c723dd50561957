/*
 * replacements.c - `replacements` (kustomize.md 10.1): copy a field of one
 * source resource into fields of selected target resources.
 *
 * Field paths are dot-separated; a segment in brackets is either a list
 * element selector "[key=value]" or a map key holding dots
 * "[app.kubernetes.io/name]"; a number indexes a list; "*" is every
 * element. Sources and targets are selected by plain equality of the
 * non-empty selector fields against any of a resource's IDs. Replacements
 * run last among a kustomization's transformers.
 */
#include "kustomize/replacements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kustomize/selector.h"
#include "util/vec.h"
#include "yaml/load.h"

#define MAX_SEG 64

struct nodes {
	kr_node **v;
	size_t n, cap;
};

static int push(struct nodes *ns, kr_node *n)
{
	if (kr_vec_grow(&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v)) < 0)
		return KR_ENOMEM;
	ns->v[ns->n++] = n;
	return 0;
}

/* Split @path into segments (arena copies; brackets kept on selector segments). */
static int split(kr_arena *a, const char *path, char **seg)
{
	int n = 0;
	const char *p = path;

	while (*p && n < MAX_SEG) {
		const char *end;
		if (*p == '[') {
			end = strchr(p, ']');
			if (!end)
				return -1;
			end++;
		} else {
			end = p + strcspn(p, ".[");
		}
		seg[n++] = kr_arena_memdup(a, p, (size_t)(end - p));
		p = end;
		if (*p == '.')
			p++;
	}
	return n;
}

/* Every node at segments @seg[i..] below @cur; with @create, missing map keys are made. */
static int find(kr_arena *a, kr_node *cur, char **seg, int i, int n, bool create, struct nodes *out,
		kr_node **parent, char **lastkey)
{
	const char *s = seg[i];
	size_t j;
	int rc = 0;

	if (i == n)
		return push(out, cur);
	if (strcmp(s, "*") == 0) {
		for (j = 0; j < cur->len && rc == 0; j++) {
			kr_node *child = cur->kind == KR_NODE_SEQ ? cur->u.items[j]
				       : cur->kind == KR_NODE_MAP ? cur->u.pairs[j].value : NULL;
			if (child)
				rc = find(a, child, seg, i + 1, n, false, out, parent, lastkey);
		}
		return rc;
	}
	if (s[0] == '[' && strchr(s, '=')) {
		const char *eq = strchr(s, '=');
		char *key = kr_arena_memdup(a, s + 1, (size_t)(eq - s - 1));
		char *val = kr_arena_memdup(a, eq + 1, strlen(eq + 1) - 1);
		bool any = false;
		if (cur->kind != KR_NODE_SEQ)
			return 0;
		for (j = 0; j < cur->len && rc == 0; j++)
			if (kr_node_str_eq(kr_node_map_get(cur->u.items[j], key), val)) {
				any = true;
				rc = find(a, cur->u.items[j], seg, i + 1, n, create, out, parent, lastkey);
			}
		if (!any && create && rc == 0) {
			/* create the element the selector names */
			kr_node *item = kr_node_new_map(a);
			if (!item || kr_node_map_set(a, item, key, kr_node_new_str(a, val)) < 0 ||
			    kr_node_seq_append(a, cur, item) < 0)
				return KR_ENOMEM;
			rc = find(a, item, seg, i + 1, n, create, out, parent, lastkey);
		}
		return rc;
	}
	if (cur->kind == KR_NODE_SEQ) {
		char *end;
		unsigned long idx = strtoul(s, &end, 10);
		if (*end || idx >= cur->len)
			return 0;
		return find(a, cur->u.items[idx], seg, i + 1, n, create, out, parent, lastkey);
	}
	if (cur->kind != KR_NODE_MAP)
		return 0;
	{
		char *key = s[0] == '[' ? kr_arena_memdup(a, s + 1, strlen(s) - 2) : (char *)s;
		kr_node *child = kr_node_map_get(cur, key);
		if (!child && create) {
			if (i == n - 1) {
				*parent = cur;
				*lastkey = key;
				return 0;
			}
			/* a list when the next segment selects or indexes an element */
			child = seg[i + 1][0] == '[' && strchr(seg[i + 1], '=') ? kr_node_new_seq(a) : kr_node_new_map(a);
			if (!child || kr_node_map_set(a, cur, key, child) < 0)
				return KR_ENOMEM;
		}
		return child ? find(a, child, seg, i + 1, n, create, out, parent, lastkey) : 0;
	}
}

static bool field_eq(kr_render *r, const kr_node *sel, const char *key, const char *value)
{
	const kr_node *v = kr_node_map_get(sel, key);
	const char *t = v ? kr_node_text(r->a, v) : NULL;

	return !t || !t[0] || strcmp(t, value) == 0;
}

static bool id_selected(kr_render *r, const kr_node *sel, const kr_resid *id)
{
	return field_eq(r, sel, "group", id->group) && field_eq(r, sel, "version", id->version) &&
	       field_eq(r, sel, "kind", id->kind) && field_eq(r, sel, "name", id->name) &&
	       field_eq(r, sel, "namespace", id->ns);
}

/* Does selector map @sel (plain equality, any ID, label/annotation selectors) pick @res? */
static bool selected(kr_render *r, const kr_node *sel, const kr_resource *res)
{
	kr_selector *ls = NULL;
	kr_err ignored;
	kr_node *only_selectors;
	bool ok = id_selected(r, sel, &res->id);
	size_t i;

	for (i = 0; !ok && i < res->nprev; i++)
		ok = id_selected(r, sel, &res->prev[i]);
	if (!ok)
		return false;
	if (!kr_node_map_get(sel, "labelSelector") && !kr_node_map_get(sel, "annotationSelector"))
		return true;
	only_selectors = kr_node_new_map(r->a);
	if (!only_selectors)
		return false;
	if (kr_node_map_get(sel, "labelSelector"))
		kr_node_map_set(r->a, only_selectors, "labelSelector", kr_node_map_get(sel, "labelSelector"));
	if (kr_node_map_get(sel, "annotationSelector"))
		kr_node_map_set(r->a, only_selectors, "annotationSelector",
				kr_node_map_get(sel, "annotationSelector"));
	if (kr_selector_parse(&ls, r->a, only_selectors, NULL, &ignored) < 0)
		return false;
	ok = kr_selector_matches(ls, res, r->a);
	kr_selector_free(ls);
	return ok;
}

/* kustomize's text for a selector in errors: Kind.[noVer].[noGrp]/name.[noNs] */
static const char *sel_text(kr_render *r, const kr_node *sel)
{
	const char *k = kr_node_text(r->a, kr_node_map_get(sel, "kind"));
	const char *v = kr_node_text(r->a, kr_node_map_get(sel, "version"));
	const char *g = kr_node_text(r->a, kr_node_map_get(sel, "group"));
	const char *n = kr_node_text(r->a, kr_node_map_get(sel, "name"));
	const char *ns = kr_node_text(r->a, kr_node_map_get(sel, "namespace"));

	return kr_arena_sprintf(r->a, "%s.%s.%s/%s.%s", k[0] ? k : "[noKind]", v[0] ? v : "[noVer]",
				g[0] ? g : "[noGrp]", n[0] ? n : "[noName]", ns[0] ? ns : "[noNs]");
}

/* Split @text on @delim; return element @index (NULL when out of range). */
static char *piece(kr_arena *a, const char *text, const char *delim, long index)
{
	size_t dl = strlen(delim);
	const char *p = text;
	long i = 0;

	if (index < 0 || !dl)
		return NULL;
	for (;;) {
		const char *q = strstr(p, delim);
		if (i == index)
			return kr_arena_memdup(a, p, q ? (size_t)(q - p) : strlen(p));
		if (!q)
			return NULL;
		p = q + dl;
		i++;
	}
}

/* @text with element @index (split on @delim) replaced by @value; <0 prepends, past the end appends. */
static char *splice(kr_arena *a, const char *text, const char *delim, long index, const char *value)
{
	size_t dl = strlen(delim), count = 1;
	const char *p = text, *q;
	char *out;
	long i = 0;

	for (q = strstr(p, delim); dl && q; q = strstr(q + dl, delim))
		count++;
	if (index < 0)
		return kr_arena_sprintf(a, "%s%s%s", value, delim, text);
	if ((size_t)index >= count)
		return kr_arena_sprintf(a, "%s%s%s", text, delim, value);
	out = kr_arena_alloc(a, strlen(text) + strlen(value) + 1);
	if (!out)
		return NULL;
	{
		size_t o = 0, len;
		for (;;) {
			q = strstr(p, delim);
			if (i > 0) {
				memcpy(out + o, delim, dl);
				o += dl;
			}
			if (i == index) {
				len = strlen(value);
				memcpy(out + o, value, len);
			} else {
				len = q ? (size_t)(q - p) : strlen(p);
				memcpy(out + o, p, len);
			}
			o += len;
			if (!q)
				break;
			p = q + dl;
			i++;
		}
		out[o] = '\0';
	}
	return out;
}

int kr_replacement_one(kr_render *r, const kr_kustomization *k, const kr_node *rep, kr_resmap *rm)
{
	const kr_node *src = kr_node_map_get(rep, "source");
	const kr_node *targets = kr_node_map_get(rep, "targets");
	const kr_node *sopts = kr_node_map_get(src, "options");
	const char *fp = src ? kr_node_text(r->a, kr_node_map_get(src, "fieldPath")) : "";
	kr_mark m = {k->file, (int)rep->line, (int)rep->col};
	const kr_resource *hit = NULL;
	struct nodes found = {0};
	char *seg[MAX_SEG];
	kr_node *value, *dummy_parent = NULL;
	char *dummy_key = NULL;
	size_t i, t, f;
	int nseg, rc = 0;

	if (!src || !targets || targets->kind != KR_NODE_SEQ || targets->len == 0)
		return kr_err_set(r->err, KR_EINVAL, &m, "replacements must specify a source and at least one target");
	rc = kr_render_check_time(r);
	if (rc < 0)
		return rc;
	if (!fp[0])
		fp = "metadata.name";
	for (i = 0; i < rm->n; i++) {
		if (!selected(r, src, rm->items[i]))
			continue;
		if (hit)
			return kr_err_set(r->err, KR_EINVAL, &m, "multiple matches for selector %s:%s",
					  sel_text(r, src), fp);
		hit = rm->items[i];
	}
	if (!hit)
		return kr_err_set(r->err, KR_EINVAL, &m, "nothing selected by %s:%s", sel_text(r, src), fp);
	nseg = split(r->a, fp, seg);
	if (nseg <= 0 || find(r->a, hit->root, seg, 0, nseg, false, &found, &dummy_parent, &dummy_key) < 0 ||
	    found.n == 0) {
		free(found.v);
		return kr_err_set(r->err, KR_EINVAL, &m,
				  "fieldPath `%s` is missing for replacement source %s", fp, sel_text(r, src));
	}
	value = found.v[0];
	free(found.v);
	if (sopts && kr_node_map_get(sopts, "delimiter") && value->kind == KR_NODE_SCALAR) {
		const char *text = kr_node_text(r->a, value);
		long index = atol(kr_node_text(r->a, kr_node_map_get(sopts, "index")));
		char *p = piece(r->a, text, kr_node_text(r->a, kr_node_map_get(sopts, "delimiter")), index);
		if (!p)
			return kr_err_set(r->err, KR_EINVAL, &m, "options.index %ld is out of bounds for value %s",
					  index, text);
		value = kr_node_new_str(r->a, p);
	}
	for (t = 0; t < targets->len && rc == 0; t++) {
		const kr_node *tg = targets->u.items[t];
		const kr_node *sel = kr_node_map_get(tg, "select");
		const kr_node *reject = kr_node_map_get(tg, "reject");
		const kr_node *fps = kr_node_map_get(tg, "fieldPaths");
		const kr_node *opts = kr_node_map_get(tg, "options");
		bool create = kr_node_str_eq(kr_node_map_get(opts, "create"), "true");
		const char *delim = opts ? kr_node_text(r->a, kr_node_map_get(opts, "delimiter")) : "";
		long index = opts ? atol(kr_node_text(r->a, kr_node_map_get(opts, "index"))) : 0;
		if (!sel)
			return kr_err_set(r->err, KR_EINVAL, &m, "target must specify resources to select");
		for (i = 0; i < rm->n && rc == 0; i++) {
			kr_resource *res = rm->items[i];
			size_t j, nf = fps && fps->kind == KR_NODE_SEQ ? fps->len : 1;
			bool rejected = false;
			if (!selected(r, sel, res))
				continue;
			for (j = 0; reject && reject->kind == KR_NODE_SEQ && j < reject->len; j++)
				if (selected(r, reject->u.items[j], res))
					rejected = true;
			if (rejected)
				continue;
			for (f = 0; f < nf && rc == 0; f++) {
				const char *tfp = fps && fps->kind == KR_NODE_SEQ ? kr_node_text(r->a, fps->u.items[f])
										  : "metadata.name";
				struct nodes hits = {0};
				kr_node *parent = NULL;
				char *key = NULL;
				size_t h;
				nseg = split(r->a, tfp, seg);
				rc = nseg > 0 ? find(r->a, res->root, seg, 0, nseg, create, &hits, &parent, &key) : KR_EINVAL;
				if (rc == 0 && hits.n == 0 && parent) {
					/* created: the bare text, typed again as YAML reads it */
					kr_node *v = value->kind == KR_NODE_SCALAR
							     ? kr_node_new_scalar(r->a, KR_SCALAR_STR, value->u.str, value->len)
							     : kr_node_copy(r->a, value, NULL);
					if (v && v->kind == KR_NODE_SCALAR) {
						char out[KR_SCALAR_OUT_MAX];
						enum kr_scalar_type ty;
						bool changed;
						if (kr_scalar_resolve_v3(v->u.str, v->len, &ty, out, &changed) == KR_SCALAR_OK) {
							v->type = (uint8_t)ty;
							if (changed)
								v->u.str = kr_arena_strdup(r->a, out), v->len = strlen(out);
						}
					}
					rc = v && kr_node_map_set(r->a, parent, key, v) == 0 ? 0 : KR_ENOMEM;
				} else if (rc == 0 && hits.n == 0) {
					kr_mark tm = {res->file, (int)res->root->line, 0};
					rc = kr_err_set(r->err, KR_EINVAL, &tm,
							"unable to find field \"%s\" in replacement target", tfp);
				}
				for (h = 0; h < hits.n && rc == 0; h++) {
					kr_node *dst = hits.v[h];
					if (value->kind != KR_NODE_SCALAR) {
						kr_node *copy = kr_node_copy(r->a, value, NULL);
						if (!copy)
							rc = KR_ENOMEM;
						else
							*dst = *copy;
						continue;
					}
					if (delim[0] && dst->kind == KR_NODE_SCALAR) {
						char *text = splice(r->a, kr_node_text(r->a, dst), delim, index,
								    kr_node_text(r->a, value));
						dst->u.str = text;
						dst->len = text ? strlen(text) : 0;
						dst->x.orig = NULL;
						continue;
					}
					/* the target keeps its own type; only the text is copied */
					dst->u.str = value->u.str;
					dst->len = value->len;
					if (dst->kind == KR_NODE_SCALAR)
						dst->x.orig = NULL;
				}
				free(hits.v);
			}
			if (rc == 0 && value->kind != KR_NODE_SCALAR)
				rc = kr_render_check_depth(r, res->root, res->file);
		}
	}
	return rc == KR_ENOMEM ? kr_err_set(r->err, rc, NULL, "memory budget exceeded") : rc;
}

/* The replacement entries of @k: inline ones, and those of `path:` files. */
int kr_replacements_apply(kr_render *r, kr_resmap *rm, const kr_kustomization *k)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < k->replacements->len && rc == 0; i++) {
		const kr_node *e = k->replacements->u.items[i];
		const kr_node *path = kr_node_map_get(e, "path");
		if (!path) {
			rc = kr_replacement_one(r, k, e, rm);
			continue;
		}
		{
			const char *data, *rel;
			kr_yaml_stream s;
			size_t len;
			rc = kr_kust_read(r, k, path, kr_node_text(r->a, path), &data, &len, &rel);
			if (rc == 0)
				rc = kr_yaml_load(&s, r->a, rel, data, len, r->lim, 0, r->err);
			for (j = 0; rc == 0 && s.n && s.docs[0]->kind == KR_NODE_SEQ && j < s.docs[0]->len; j++)
				rc = kr_replacement_one(r, k, s.docs[0]->u.items[j], rm);
			if (rc == 0 && s.n && s.docs[0]->kind == KR_NODE_MAP)
				rc = kr_replacement_one(r, k, s.docs[0], rm);
		}
	}
	return rc;
}
