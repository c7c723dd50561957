/*
 * jq.c - jqPathExpressions through the krender-jq helper.
 *
 * The distinct expressions of all rules are numbered and passed to one
 * helper run; every object that some jq rule matches is written as one
 * line of canonical JSON; the helper answers one line per object with the
 * paths of every expression. Only the expressions of rules that match the
 * object are applied. All paths of one object are deleted together, last
 * first (as jq's del does), then empty maps and arrays are removed.
 */
#include "diff/jq.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/normalize.h"
#include "util/buf.h"
#include "util/proc.h"
#include "yaml/json.h"
#include "yaml/load.h"

#define JQ_RUN_TIMEOUT_MS 600000
#define JQ_ANSWER_MAX ((size_t)256 << 20) /* paths a whole diff may delete, as JSON */

struct expr {
	const char *text;
	const kr_diff_rule *rule; /* the first rule that names it, for errors */
	size_t index;             /* in that rule */
};

static int oom_err(kr_err *err)
{
	return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
}

/* <0 when path @x sorts before @y (keys by bytes, indexes by value), 0 equal, >0 after */
static int cmp_path(const void *x, const void *y)
{
	const kr_node *a = *(const kr_node *const *)x, *b = *(const kr_node *const *)y;
	size_t i;

	for (i = 0; i < a->len && i < b->len; i++) {
		const kr_node *p = a->u.items[i], *q = b->u.items[i];
		int c;

		if (p->type != q->type) {
			c = p->type < q->type ? -1 : 1;
		} else if (p->type == KR_SCALAR_INT) {
			long long u = strtoll(p->u.str, NULL, 10), v = strtoll(q->u.str, NULL, 10);
			c = (u > v) - (u < v);
		} else {
			c = strcmp(p->u.str, q->u.str);
		}
		if (c)
			return c;
	}
	return (a->len > b->len) - (a->len < b->len);
}

static int cmp_path_desc(const void *x, const void *y)
{
	return cmp_path(y, x);
}

static void delete_path(kr_node *obj, const kr_node *path)
{
	kr_node *cur = obj;
	size_t i;

	for (i = 0; i < path->len; i++) {
		const kr_node *step = path->u.items[i];
		bool last = i + 1 == path->len;
		long long x = 0;

		if (step->kind != KR_NODE_SCALAR)
			return;
		if (step->type == KR_SCALAR_INT) {
			x = strtoll(step->u.str, NULL, 10);
			if (cur->kind == KR_NODE_SEQ && x < 0)
				x += (long long)cur->len;
			if (x < 0)
				return;
		} else if (step->type != KR_SCALAR_STR) {
			return;
		}
		if (!kr_diff_step(&cur, step->type == KR_SCALAR_STR ? step->u.str : NULL, (size_t)x, last) || last)
			return;
	}
}

/* ArgoCD's removeEmptyObjects: empty maps and arrays go, from the leaves up */
static bool prune_empty(kr_node *n)
{
	size_t i, k = 0;

	if (n->kind == KR_NODE_SCALAR)
		return false;
	for (i = 0; i < n->len; i++) {
		if (n->kind == KR_NODE_MAP) {
			if (!prune_empty(n->u.pairs[i].value))
				n->u.pairs[k++] = n->u.pairs[i];
		} else if (!prune_empty(n->u.items[i])) {
			n->u.items[k++] = n->u.items[i];
		}
	}
	n->len = k;
	return k == 0;
}

/*
 * The distinct expressions of all rules in *@ex, and for rule r's
 * expression j its number in (*@slot)[r][j].
 */
static int collect(kr_arena *a, const kr_diff_config *c, struct expr **ex, size_t *n, size_t ***slot, kr_err *err)
{
	size_t r, j, k, cap = 0;

	*n = 0;
	*slot = kr_arena_alloc(a, (c->nrules + 1) * sizeof(**slot));
	if (!*slot)
		return oom_err(err);
	for (r = 0; r < c->nrules; r++) {
		(*slot)[r] = kr_arena_alloc(a, (c->rules[r].njq + 1) * sizeof(***slot));
		if (!(*slot)[r])
			return oom_err(err);
		for (j = 0; j < c->rules[r].njq; j++) {
			for (k = 0; k < *n && strcmp((*ex)[k].text, c->rules[r].jq[j]) != 0; k++)
				;
			if (k == *n) {
				if (kr_arena_grow(a, ex, &cap, *n, sizeof(**ex)) < 0)
					return oom_err(err);
				(*ex)[(*n)++] = (struct expr){c->rules[r].jq[j], &c->rules[r], j};
			}
			(*slot)[r][j] = k;
		}
	}
	return 0;
}

/* "expression N: message" from the helper: the rule that holds expression N */
static int helper_error(const struct expr *ex, size_t n, const kr_buf *e, bool timed_out, long ms, kr_err *err)
{
	const char *text = e->data ? e->data : "";
	unsigned long k = strncmp(text, "expression ", 11) == 0 ? strtoul(text + 11, NULL, 10) : n;
	const char *msg = strchr(text, ':') ? strchr(text, ':') + 2 : text;
	int len = (int)strcspn(msg, "\n");

	if (k >= n)
		return kr_err_set(err, KR_EINVAL, NULL, "jqPathExpressions: krender-jq failed: %.*s",
				  (int)strcspn(text, "\n"), text);
	if (timed_out || strncmp(msg, "timed out", 9) == 0)
		return kr_err_set(err, KR_ETOOBIG, NULL,
				  "%s: jqPathExpressions[%zu] took longer than %ld ms on one object (ArgoCD's "
				  "ignore.normalizer.jq.timeout)",
				  ex[k].rule->origin, ex[k].index, ms);
	return kr_err_set(err, KR_EINVAL, NULL, "%s: jqPathExpressions[%zu] '%s': %.*s", ex[k].rule->origin,
			  ex[k].index, ex[k].text, len, msg);
}

/* the paths of the expressions of the rules matching @t, from one answer line */
static int apply_answer(kr_arena *a, const kr_diff_config *c, size_t *const *slot, const kr_jq_target *t,
			const kr_node *answer)
{
	kr_node **paths = NULL;
	size_t npaths = 0, cap = 0, r, j, p;
	bool applied = false;

	for (r = 0; r < c->nrules; r++) {
		if (!c->rules[r].njq || !kr_diff_rule_matches(&c->rules[r], t->id, t->ns))
			continue;
		for (j = 0; j < c->rules[r].njq; j++) {
			size_t k = slot[r][j];
			const kr_node *res = k < answer->len ? answer->u.items[k] : NULL;

			if (!res || res->kind != KR_NODE_SEQ)
				continue; /* a run-time error: ArgoCD skips the patch */
			applied = true;
			for (p = 0; p < res->len; p++) {
				if (res->u.items[p]->kind != KR_NODE_SEQ)
					continue;
				if (kr_arena_grow(a, &paths, &cap, npaths, sizeof(*paths)) < 0)
					return KR_ENOMEM;
				paths[npaths++] = res->u.items[p];
			}
		}
	}
	if (npaths)
		qsort(paths, npaths, sizeof(*paths), cmp_path_desc);
	for (p = 0; p < npaths; p++)
		delete_path(t->obj, paths[p]);
	if (applied)
		prune_empty(t->obj);
	return 0;
}

static bool wants_jq(const kr_diff_config *c, const kr_jq_target *t)
{
	size_t r;

	for (r = 0; r < c->nrules; r++)
		if (c->rules[r].njq && kr_diff_rule_matches(&c->rules[r], t->id, t->ns))
			return true;
	return false;
}

int kr_diff_jq(kr_arena *a, const kr_diff_config *c, const kr_jq_target *t, size_t n, kr_err *err)
{
	struct expr *ex = NULL;
	size_t nex, i, line = 0, *which, nwhich = 0, **slot = NULL;
	char helper[PATH_MAX], timeout[32];
	char **argv;
	kr_buf in, out, e;
	kr_proc_result res;
	kr_yaml_stream s;
	kr_limits lim;
	long ms = c->jq_timeout_ms > 0 ? c->jq_timeout_ms : 1000;
	int rc = collect(a, c, &ex, &nex, &slot, err);

	if (rc < 0 || nex == 0)
		return rc;
	argv = kr_arena_alloc(a, (nex + 3) * sizeof(*argv));
	which = kr_arena_alloc(a, (n + 1) * sizeof(*which));
	if (!argv || !which)
		return oom_err(err);
	snprintf(timeout, sizeof(timeout), "%ld", ms);
	argv[0] = (char *)kr_helper_path("krender-jq", helper, sizeof(helper));
	argv[1] = timeout;
	for (i = 0; i < nex; i++)
		argv[i + 2] = (char *)ex[i].text;
	argv[nex + 2] = NULL;
	kr_buf_init(&in, (size_t)1 << 32);
	kr_buf_init(&out, JQ_ANSWER_MAX);
	kr_buf_init(&e, 4096);
	for (i = 0; i < n && rc == 0; i++) {
		if (!t[i].obj || !wants_jq(c, &t[i]))
			continue;
		which[nwhich++] = i;
		rc = kr_json_write(&in, t[i].obj);
		if (rc == 0)
			rc = kr_buf_append(&in, "\n", 1);
	}
	if (rc < 0)
		rc = oom_err(err);
	if (rc == 0 && nwhich == 0)
		goto done;
	if (rc == 0)
		rc = kr_proc_run_input(argv, NULL, in.data, in.len, &out, &e, JQ_RUN_TIMEOUT_MS, &res);
	if (rc == KR_ETOOBIG) {
		rc = kr_err_set(err, rc, NULL, "jqPathExpressions: the paths selected are over %zu MiB of JSON",
				JQ_ANSWER_MAX >> 20);
		goto done;
	}
	if (rc < 0) {
		rc = kr_err_set(err, rc, NULL, "jqPathExpressions: cannot run krender-jq");
		goto done;
	}
	if (res.not_found) {
		rc = kr_err_set(err, KR_EUNSUP, NULL, "jqPathExpressions: the helper krender-jq is not installed");
		goto done;
	}
	if (res.status != 0 || res.timed_out) {
		rc = helper_error(ex, nex, &e, res.timed_out, ms, err);
		goto done;
	}
	kr_limits_default(&lim);
	lim.documents = nwhich + 1;
	lim.file_bytes = lim.input_bytes = out.len + 1;
	rc = kr_yaml_load(&s, a, "krender-jq", out.data ? out.data : "", out.len, &lim, 0, err);
	if (rc == 0 && s.n != nwhich)
		rc = kr_err_set(err, KR_EINVAL, NULL, "jqPathExpressions: krender-jq answered %zu objects of %zu",
				s.n, nwhich);
	for (line = 0; rc == 0 && line < nwhich; line++)
		if (s.docs[line]->kind == KR_NODE_SEQ && apply_answer(a, c, slot, &t[which[line]], s.docs[line]) < 0)
			rc = oom_err(err);
done:
	kr_buf_dispose(&in);
	kr_buf_dispose(&out);
	kr_buf_dispose(&e);
	return rc;
}
