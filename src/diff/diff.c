/*
 * diff.c - pairing, prediction and comparison (argocd.md 3.1, 3.5, 3.7).
 *
 * Keys are group/kind/namespace/name; a desired object without a namespace
 * takes the destination namespace unless its kind is a built-in
 * cluster-scoped one (an unknown kind is tried with the destination
 * namespace, then without, as ArgoCD tries both). Live objects are indexed
 * by key in a hash map: pairing is linear. The predicted live object is the
 * live one with the desired one applied as a strategic merge (2-way), after
 * removing what the last-applied configuration had and the desired one
 * dropped (3-way). All pairs are normalised first, so that the jq rules
 * run over every object in one helper run. Prediction and live compare by
 * the XXH3-128 of their canonical JSON; hashes are taken before Secret
 * masking.
 */
#include "diff/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "diff/jq.h"
#include "diff/managed.h"
#include "diff/normalize.h"
#include "kustomize/patch_smp.h"
#include "util/buf.h"
#include "util/map.h"
#include "yaml/json.h"
#include "yaml/load.h"

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

struct obj {
	kr_node *n;
	kr_resid id;
	const char *key;
	bool paired;
};

const char *kr_diff_status_name(enum kr_diff_status s)
{
	static const char *const names[] = {"Synced", "OutOfSync", "Missing", "Extraneous"};
	return names[s];
}

/* the scalar annotation @key of @n, or NULL */
static const kr_node *annotation_node(const kr_node *n, const char *key)
{
	static const char *const path[] = {"metadata", "annotations"};
	const kr_node *v = kr_node_map_get(kr_node_map_get_path(n, path, 2), key);

	return v && v->kind == KR_NODE_SCALAR ? v : NULL;
}

/* the value of annotation @key (NUL-terminated, in @a), or NULL */
static const char *annotation(kr_arena *a, const kr_node *n, const char *key)
{
	const kr_node *v = annotation_node(n, key);

	return v ? kr_node_text(a, v) : NULL;
}

/* a hook (left out of the comparison): an ArgoCD hook annotation, or a Helm one other than crd-install */
static bool is_hook(const kr_node *n)
{
	const kr_node *helm = annotation_node(n, "helm.sh/hook");

	return annotation_node(n, "argocd.argoproj.io/hook") ||
	       (helm && !(helm->kind == KR_NODE_SCALAR && helm->len == 11 && memcmp(helm->u.str, "crd-install", 11) == 0));
}

static const char *make_key(kr_arena *a, const kr_resid *id, const char *ns)
{
	const char *g = id->group ? id->group : "";
	size_t len = strlen(g) + strlen(id->kind) + strlen(ns) + strlen(id->name) + 4;
	char *k = kr_arena_alloc(a, len);

	if (k)
		snprintf(k, len, "%s/%s/%s/%s", g, id->kind, ns, id->name);
	return k;
}

static int read_objects(kr_arena *a, kr_node *const *in, size_t n, const char *side, struct obj **out,
			size_t *nout, kr_err *err)
{
	size_t i, k = 0;

	*out = kr_arena_alloc(a, (n ? n : 1) * sizeof(**out));
	if (!*out)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < n; i++) {
		struct obj *o = &(*out)[k];

		if (in[i]->kind != KR_NODE_MAP || is_hook(in[i]))
			continue;
		if (kr_resid_from_node(&o->id, in[i], true, a, side, err) < 0)
			return err->code;
		o->n = in[i];
		o->paired = false;
		k++;
	}
	*nout = k;
	return 0;
}

static void hash128(const kr_node *n, unsigned char out[16], kr_buf *scratch, int *rc)
{
	XXH128_canonical_t c;

	scratch->len = 0;
	if (*rc == 0)
		*rc = kr_json_write(scratch, n);
	XXH128_canonicalFromHash(&c, XXH3_128bits(scratch->data ? scratch->data : "", scratch->len));
	memcpy(out, c.digest, 16);
}

/* 3-way: what the last applied configuration set and the desired object no longer has */
static void drop_removed(kr_node *pred, const kr_node *orig, const kr_node *want)
{
	size_t i;

	if (!pred || pred->kind != KR_NODE_MAP || orig->kind != KR_NODE_MAP)
		return;
	for (i = 0; i < orig->len; i++) {
		const char *k = orig->u.pairs[i].key->u.str;
		kr_node *w = want && want->kind == KR_NODE_MAP ? kr_node_map_get(want, k) : NULL;

		if (orig->u.pairs[i].key->kind != KR_NODE_SCALAR)
			continue;
		if (!w)
			kr_node_map_delete(pred, k);
		else if (w->kind == KR_NODE_MAP)
			drop_removed(kr_node_map_get(pred, k), orig->u.pairs[i].value, w);
	}
}

/* the last-applied configuration of @live, normalised; NULL when absent or invalid */
static kr_node *last_applied(kr_arena *a, const kr_diff_config *c, const struct obj *live)
{
	const char *text = annotation(a, live->n, LAST_APPLIED);
	kr_yaml_stream s;
	kr_limits lim;
	kr_err ignored;

	if (!text)
		return NULL;
	kr_limits_default(&lim);
	if (kr_yaml_load(&s, a, LAST_APPLIED, text, strlen(text), &lim, KR_LOAD_RESOURCE, &ignored) < 0 ||
	    s.n != 1 || s.docs[0]->kind != KR_NODE_MAP)
		return NULL;
	return kr_diff_normalize(a, c, &live->id, s.docs[0]) < 0 ? NULL : s.docs[0];
}

/*
 * A Secret's last-applied configuration holds its values: in what is
 * printed it becomes the masked configuration, or ++++++++ when it was not
 * valid (ArgoCD's rule).
 */
static int mask_last_applied(kr_arena *a, const kr_resid *id, kr_node *target, kr_node *now, const kr_node *orig)
{
	static const char *const path[] = {"metadata", "annotations"};
	kr_node *objs[2] = {target, now};
	kr_node *text = NULL;
	size_t i;

	if ((id->group && id->group[0]) || strcmp(id->kind, "Secret") != 0)
		return 0;
	for (i = 0; i < 2; i++) {
		kr_node *ann = objs[i] ? kr_node_map_get_path(objs[i], path, 2) : NULL;

		if (!ann || !kr_node_map_get(ann, LAST_APPLIED))
			continue;
		if (!text) {
			kr_buf b;

			kr_buf_init(&b, (size_t)1 << 30);
			if (orig && kr_json_write(&b, orig) == 0)
				text = kr_node_new_scalar(a, KR_SCALAR_STR, b.data ? b.data : "", b.len);
			else if (!orig)
				text = kr_node_new_str(a, "++++++++");
			kr_buf_dispose(&b);
			if (!text)
				return KR_ENOMEM;
		}
		if (kr_node_map_set(a, ann, LAST_APPLIED, text) < 0)
			return KR_ENOMEM;
	}
	return 0;
}

/* One desired/live pair on its way through normalisation and prediction. */
struct pair {
	const struct obj *want, *live;
	kr_node *target, *now, *orig; /* normalised; NULL when absent */
	const char *ns;
	bool ignore_extraneous;
};

static int oom(kr_err *err)
{
	return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
}

/* both sides (in place: the caller's trees are consumed) and the last-applied configuration, normalised */
static int prepare_pair(kr_arena *a, const kr_diff_config *c, struct pair *p, kr_err *err)
{
	if (p->live && p->want && kr_diff_managed(a, c, &p->want->id, p->ns, p->live->n, p->want->n) < 0)
		return oom(err);
	if (p->live) {
		const char *opts = annotation(a, p->live->n, "argocd.argoproj.io/compare-options");

		p->ignore_extraneous = opts && strstr(opts, "IgnoreExtraneous");
		p->orig = last_applied(a, c, p->live);
		p->now = p->live->n;
		if (kr_diff_normalize(a, c, &p->live->id, p->now) < 0)
			return oom(err);
	}
	if (p->want) {
		p->target = p->want->n;
		if (kr_diff_normalize(a, c, &p->want->id, p->target) < 0)
			return oom(err);
	}
	return 0;
}

/* prediction, hashes, status, masks */
static int finish_pair(kr_arena *a, const kr_diff_config *c, const struct pair *p, kr_diff_item *it,
		       kr_buf *scratch, kr_err *err)
{
	const struct obj *o = p->want ? p->want : p->live;
	kr_node *target = p->target, *masked[3];
	bool deleted = false;
	int rc = 0;

	it->group = o->id.group ? o->id.group : "";
	it->kind = o->id.kind;
	it->name = o->id.name;
	it->key = o->key;
	it->ns = p->ns;
	hash128(p->now ? p->now : kr_node_new_map(a), it->live_hash, scratch, &rc);
	if (p->want && p->live && !c->no_predict) {
		/* without trees to print, the live object itself becomes the prediction */
		kr_node *pred = c->hashes_only ? p->now : kr_node_copy(a, p->now, NULL);

		if (!pred)
			return oom(err);
		if (p->orig)
			drop_removed(pred, p->orig, p->target);
		rc = kr_smp_apply(a, pred, p->target, &p->want->id, NULL, &deleted, err);
		if (rc < 0) {
			kr_err_prefix(err, "predicting %s", o->key);
			return rc;
		}
		if (kr_diff_normalize(a, c, &p->want->id, pred) < 0)
			return oom(err);
		target = pred;
	}
	hash128(target ? target : kr_node_new_map(a), it->target_hash, scratch, &rc);
	if (rc < 0)
		return kr_err_set(err, rc, NULL, "out of memory");
	it->status = !p->live ? KR_DIFF_MISSING
		     : !p->want ? KR_DIFF_EXTRANEOUS
		     : memcmp(it->target_hash, it->live_hash, 16) ? KR_DIFF_OUTOFSYNC
								    : KR_DIFF_SYNCED;
	it->ignore_extraneous = p->live && !p->want && p->ignore_extraneous;
	masked[0] = target, masked[1] = p->now, masked[2] = p->orig;
	if (kr_diff_mask(a, c, &o->id, masked, 3) < 0 || mask_last_applied(a, &o->id, target, p->now, p->orig) < 0)
		return oom(err);
	it->target = target;
	it->live = c->hashes_only ? NULL : p->now;
	return 0;
}

/* the jq rules over every normalised copy at once (one helper run) */
static int jq_pass(kr_arena *a, const kr_diff_config *c, struct pair *pairs, size_t n, kr_err *err)
{
	kr_jq_target *t = kr_arena_alloc(a, (3 * n + 1) * sizeof(*t));
	size_t i, k = 0;

	if (!t)
		return oom(err);
	for (i = 0; i < n; i++) {
		const struct obj *o = pairs[i].want ? pairs[i].want : pairs[i].live;
		kr_node *objs[3] = {pairs[i].target, pairs[i].now, pairs[i].orig};
		size_t j;

		for (j = 0; j < 3; j++)
			if (objs[j])
				t[k++] = (kr_jq_target){objs[j], &o->id, pairs[i].ns};
	}
	return kr_diff_jq(a, c, t, k, err);
}

static int cmp_item(const void *x, const void *y)
{
	return strcmp(((const kr_diff_item *)x)->key, ((const kr_diff_item *)y)->key);
}

static const char *key_ns(const kr_diff_config *c, const struct obj *o)
{
	if (o->id.ns && o->id.ns[0])
		return o->id.ns;
	return kr_resid_is_cluster_scoped(&o->id) ? "" : c->ns ? c->ns : "";
}

int kr_diff_compute(kr_arena *a, const kr_diff_config *c, kr_node *const *desired, size_t nd,
		    kr_node *const *live, size_t nl, kr_diff_result *out, kr_err *err)
{
	struct obj *want, *have;
	struct pair *pairs = NULL;
	size_t nw, nh, i, n = 0;
	kr_map index = {0}, desired_keys = {0};
	kr_buf scratch;
	XXH3_state_t *app = XXH3_createState();
	XXH128_canonical_t ch;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!app)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	kr_buf_init(&scratch, (size_t)1 << 30);
	XXH3_128bits_reset(app);
	rc = read_objects(a, desired, nd, "desired", &want, &nw, err);
	if (rc == 0)
		rc = read_objects(a, live, nl, "live", &have, &nh, err);
	for (i = 0; rc == 0 && i < nh; i++) {
		have[i].key = make_key(a, &have[i].id, have[i].id.ns ? have[i].id.ns : "");
		if (!have[i].key || kr_map_put(&index, have[i].key, strlen(have[i].key), &have[i], NULL) < 0)
			rc = kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		else if (kr_map_get(&index, have[i].key, strlen(have[i].key)) != &have[i])
			rc = kr_err_set(err, KR_EDUP, NULL, "two live objects have the key %s", have[i].key);
	}
	pairs = rc == 0 ? kr_arena_alloc(a, (nw + nh + 1) * sizeof(*pairs)) : NULL;
	out->items = rc == 0 ? kr_arena_alloc(a, (nw + nh + 1) * sizeof(*out->items)) : NULL;
	if (rc == 0 && (!pairs || !out->items))
		rc = oom(err);
	for (i = 0; rc == 0 && i < nw; i++) {
		struct obj *w = &want[i], *l;
		const char *ns;
		int dup;

		ns = key_ns(c, w);
		w->key = make_key(a, &w->id, ns);
		l = w->key ? kr_map_get(&index, w->key, strlen(w->key)) : NULL;
		if (!l && !(w->id.ns && w->id.ns[0]) && !kr_resid_is_cluster_scoped(&w->id)) {
			/* unknown scope: a cluster-scoped live object has no namespace */
			const char *bare = make_key(a, &w->id, "");
			l = bare ? kr_map_get(&index, bare, strlen(bare)) : NULL;
			if (l)
				w->key = bare, ns = "";
		}
		if (!w->key || (dup = kr_map_put(&desired_keys, w->key, strlen(w->key), w, NULL)) < 0) {
			rc = oom(err);
			break;
		}
		if (dup) {
			rc = kr_err_set(err, KR_EDUP, NULL, "two desired objects have the key %s", w->key);
			break;
		}
		if (l)
			l->paired = true;
		pairs[n++] = (struct pair){w, l, NULL, NULL, NULL, ns, false};
	}
	for (i = 0; rc == 0 && i < nh; i++)
		if (!have[i].paired)
			pairs[n++] = (struct pair){NULL, &have[i], NULL, NULL, NULL, have[i].id.ns ? have[i].id.ns : "", false};
	for (i = 0; rc == 0 && i < n; i++)
		rc = prepare_pair(a, c, &pairs[i], err);
	if (rc == 0)
		rc = jq_pass(a, c, pairs, n, err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = finish_pair(a, c, &pairs[i], &out->items[i], &scratch, err);
	if (rc == 0) {
		qsort(out->items, n, sizeof(*out->items), cmp_item);
		for (i = 0; i < n; i++) {
			kr_diff_item *it = &out->items[i];
			if (it->status != KR_DIFF_SYNCED &&
			    !(it->status == KR_DIFF_EXTRANEOUS && it->ignore_extraneous))
				out->out_of_sync = true;
			if (it->status != KR_DIFF_EXTRANEOUS) {
				XXH3_128bits_update(app, it->key, strlen(it->key) + 1);
				XXH3_128bits_update(app, it->target_hash, 16);
			}
		}
		out->n = n;
		XXH128_canonicalFromHash(&ch, XXH3_128bits_digest(app));
		memcpy(out->app_hash, ch.digest, 16);
	}
	XXH3_freeState(app);
	kr_buf_dispose(&scratch);
	kr_map_dispose(&index);
	kr_map_dispose(&desired_keys);
	return rc;
}
