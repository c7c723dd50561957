/*
 * gen_clusters.c - the cluster generator (argocd.md 1.3.2) over ArgoCD
 * cluster Secrets given as manifests: those labelled
 * argocd.argoproj.io/secret-type=cluster that match the selector, one
 * parameter set per cluster name (the later Secret by name wins), sorted by
 * name; the implicit in-cluster entry last when the selector is empty and
 * no Secret names https://kubernetes.default.svc; flatList folds all sets
 * into one {clusters: [...]}.
 */
#include "appset/internal.h"

#include <nettle/base64.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"

#define SECRET_TYPE "argocd.argoproj.io/secret-type"
#define LOCAL_SERVER "https://kubernetes.default.svc"

struct cluster {
	const kr_node *secret;
	const char *name, *server, *project;
	size_t name_len, server_len, project_len;
};

/* the value of key @key of the Secret: stringData as is, else data decoded from base64; NULL when absent */
static const char *secret_value(kr_appset_ctx *c, const kr_node *secret, const char *key, size_t *len)
{
	const kr_node *v = kr_node_map_get(kr_node_map_get(secret, "stringData"), key);
	struct base64_decode_ctx ctx;
	char *out;

	if (v && v->kind == KR_NODE_SCALAR) {
		*len = v->len;
		return v->u.str;
	}
	v = kr_node_map_get(kr_node_map_get(secret, "data"), key);
	if (!v || v->kind != KR_NODE_SCALAR)
		return NULL;
	out = kr_arena_alloc(c->a, BASE64_DECODE_LENGTH(v->len) + 1);
	if (!out)
		return NULL;
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, len, (uint8_t *)out, v->len, v->u.str) || !base64_decode_final(&ctx))
		return NULL;
	out[*len] = '\0';
	return out;
}

static int cmp_secret_names(const void *x, const void *y)
{
	const kr_node *na = kr_node_map_get(kr_node_map_get(((const struct cluster *)x)->secret, "metadata"), "name");
	const kr_node *nb = kr_node_map_get(kr_node_map_get(((const struct cluster *)y)->secret, "metadata"), "name");
	size_t la = na && na->kind == KR_NODE_SCALAR ? na->len : 0, lb = nb && nb->kind == KR_NODE_SCALAR ? nb->len : 0;
	int r = memcmp(la ? na->u.str : "", lb ? nb->u.str : "", la < lb ? la : lb);
	return r ? r : (la > lb) - (la < lb);
}

static int cmp_cluster_names(const void *x, const void *y)
{
	const struct cluster *a = x, *b = y;
	int r = memcmp(a->name, b->name, a->name_len < b->name_len ? a->name_len : b->name_len);

	return r ? r : (a->name_len > b->name_len) - (a->name_len < b->name_len);
}

/* metadata.<what>.<k> for each label or annotation */
static int add_meta(kr_appset_ctx *c, kr_node *set, const kr_node *secret, const char *what)
{
	const kr_node *m = kr_node_map_get(kr_node_map_get(secret, "metadata"), what);
	size_t i;
	int rc = 0;

	for (i = 0; m && m->kind == KR_NODE_MAP && i < m->len && rc == 0; i++) {
		const kr_node *v = m->u.pairs[i].value;
		char *key = kr_arena_cat(c->a, "metadata.", what, ".", kr_node_text(c->a, m->u.pairs[i].key), NULL);

		rc = key && v->kind == KR_NODE_SCALAR ? kr_param_set(c, set, key, v->u.str, v->len) : 0;
	}
	return rc;
}

/* goTemplate: metadata with the labels and annotations maps, each only when not empty */
static int go_meta(kr_appset_ctx *c, kr_node *set, const kr_node *secret)
{
	static const char *const keys[] = {"annotations", "labels"};
	kr_node *meta = kr_param_child(c, set, "metadata");
	size_t i;

	for (i = 0; meta && i < 2; i++) {
		const kr_node *m = kr_node_map_get(kr_node_map_get(secret, "metadata"), keys[i]);

		if (m && m->kind == KR_NODE_MAP && m->len && kr_node_map_set(c->a, meta, keys[i], (kr_node *)m) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	}
	return meta ? 0 : c->err->code;
}

static int cluster_set(kr_appset_ctx *c, const struct cluster *cl, const kr_node *values, const char *what,
		       kr_psets *out)
{
	kr_node *set = kr_node_new_map(c->a);
	kr_buf norm;
	int rc;

	if (!set)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	kr_buf_init(&norm, (size_t)1 << 20);
	rc = kr_go_normalize(&norm, cl->name, cl->name_len);
	if (rc == 0)
		rc = kr_param_set(c, set, "name", cl->name, cl->name_len);
	if (rc == 0)
		rc = kr_param_set(c, set, "nameNormalized", norm.data ? norm.data : "", norm.len);
	if (rc == 0)
		rc = kr_param_set(c, set, "server", cl->server, cl->server_len);
	if (rc == 0)
		rc = kr_param_set(c, set, "project", cl->project, cl->project_len);
	kr_buf_dispose(&norm);
	if (rc == 0 && cl->secret && c->go)
		rc = go_meta(c, set, cl->secret);
	if (rc == 0 && cl->secret && !c->go)
		rc = add_meta(c, set, cl->secret, "labels");
	if (rc == 0 && cl->secret && !c->go)
		rc = add_meta(c, set, cl->secret, "annotations");
	if (rc == 0)
		rc = kr_appset_values(c, set, values, what);
	return rc ? rc : kr_psets_push(c, out, set);
}

int kr_gen_clusters(kr_appset_ctx *c, const kr_node *g, const char *what, kr_psets *out)
{
	const kr_node *sel = kr_node_map_get(g, "selector"), *values = kr_node_map_get(g, "values");
	const kr_node *flat = kr_node_map_get(g, "flatList");
	struct cluster *cl = kr_arena_alloc(c->a, (c->o->nclusters + 1) * sizeof(*cl));
	size_t i, n = 0, k = 0;
	bool local = false, empty_sel = true;
	kr_psets sets = {0};
	int rc = 0;

	if (!cl)
		return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
	if (sel && sel->kind == KR_NODE_MAP)
		empty_sel = kr_node_map_get(sel, "matchLabels") == NULL && kr_node_map_get(sel, "matchExpressions") == NULL;
	for (i = 0; i < c->o->nclusters; i++) {
		const kr_node *s = c->o->clusters[i], *labels = kr_node_map_get(kr_node_map_get(s, "metadata"), "labels");
		const kr_node *type = kr_node_map_get(labels, SECRET_TYPE), *kind = kr_node_map_get(s, "kind");
		bool match = true;

		if (!kind || !kr_node_str_eq(kind, "Secret") || !type || !kr_node_str_eq(type, "cluster"))
			continue;
		if (sel && !empty_sel) {
			rc = kr_appset_selects(c, sel, labels && labels->kind == KR_NODE_MAP ? labels : kr_node_new_map(c->a),
					       what, &match);
			if (rc < 0)
				return rc;
		}
		if (!match)
			continue;
		cl[n].secret = s;
		cl[n].name = secret_value(c, s, "name", &cl[n].name_len);
		cl[n].server = secret_value(c, s, "server", &cl[n].server_len);
		cl[n].project = secret_value(c, s, "project", &cl[n].project_len);
		if (!cl[n].server)
			return kr_appset_fail(c, KR_EINVAL, what, "cluster Secret %s has no server (data.server, base64, "
					      "or stringData.server)",
					      kr_node_text(c->a, kr_node_map_get(kr_node_map_get(s, "metadata"), "name")));
		if (!cl[n].name)
			cl[n].name = "", cl[n].name_len = 0;
		if (!cl[n].project)
			cl[n].project = "", cl[n].project_len = 0;
		if (cl[n].server_len == strlen(LOCAL_SERVER) && memcmp(cl[n].server, LOCAL_SERVER, cl[n].server_len) == 0)
			local = true;
		n++;
	}
	/* the API lists Secrets by name; keyed by cluster name, the later one wins */
	qsort(cl, n, sizeof(*cl), cmp_secret_names);
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = i + 1; j < n && cmp_cluster_names(&cl[i], &cl[j]) != 0; j++)
			;
		if (j == n)
			cl[k++] = cl[i];
	}
	qsort(cl, k, sizeof(*cl), cmp_cluster_names);
	for (i = 0; i < k && rc == 0; i++)
		rc = cluster_set(c, &cl[i], values, what, &sets);
	if (rc == 0 && empty_sel && !local) {
		struct cluster in = {NULL, "in-cluster", LOCAL_SERVER, "", 10, strlen(LOCAL_SERVER), 0};

		rc = cluster_set(c, &in, values, what, &sets);
	}
	if (rc == 0 && flat && flat->kind == KR_NODE_SCALAR && flat->type == KR_SCALAR_BOOL && flat->u.str[0] == 't') {
		kr_node *list = kr_node_new_seq(c->a), *one = kr_node_new_map(c->a);

		for (i = 0; list && i < sets.n; i++)
			if (kr_node_seq_append(c->a, list, sets.v[i]) < 0)
				list = NULL;
		if (!list || !one || kr_node_map_set(c->a, one, "clusters", list) < 0)
			return kr_err_set(c->err, KR_ENOMEM, NULL, "out of memory");
		return kr_psets_push(c, out, one);
	}
	for (i = 0; i < sets.n && rc == 0; i++)
		rc = kr_psets_push(c, out, sets.v[i]);
	return rc;
}
