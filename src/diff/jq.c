/*
 * jq.c - jqPathExpressions through the krender-jq helper.
 *
 * The distinct expressions of all rules are numbered once. A pure field
 * chain is answered here (jq_shape.c); the others go to one helper run:
 * every object that needs them is written as one line naming the
 * expressions of its matching rules and its canonical JSON, or only the
 * part of it those expressions read when every one starts with a field
 * chain. The helper answers one line per object. All paths of one object
 * are deleted together, last first (as jq's del does), then empty maps and
 * arrays are removed.
 */
#include "diff/jq.h"
#include "diff/jq_shape.h"

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
	kr_jq_shape shape;
	size_t helper; /* its number for krender-jq; pure chains have none */
};

/* The expressions of the rules matching one object, and whether krender-jq is needed. */
struct use {
	size_t *ex;
	size_t n;
	bool helper;
	bool view; /* every helper expression starts with a field chain */
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
 * The distinct expressions of all rules in *@ex with their shapes and
 * helper numbers (*@nhelper of them), and for rule r's expression j its
 * number in (*@slot)[r][j].
 */
static int collect(kr_arena *a, const kr_diff_config *c, struct expr **ex, size_t *n, size_t *nhelper,
		   size_t ***slot, kr_err *err)
{
	size_t r, j, k, cap = 0;

	*n = *nhelper = 0;
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
				struct expr *e;

				if (kr_arena_grow(a, ex, &cap, *n, sizeof(**ex)) < 0)
					return oom_err(err);
				e = &(*ex)[(*n)++];
				*e = (struct expr){c->rules[r].jq[j], &c->rules[r], j, {0}, 0};
				if (kr_jq_shape_read(a, e->text, &e->shape) < 0)
					return oom_err(err);
				e->helper = e->shape.pure ? SIZE_MAX : (*nhelper)++;
			}
			(*slot)[r][j] = k;
		}
	}
	return 0;
}

/* "expression N: message" from the helper: the rule that holds the expression it numbered N */
static int helper_error(const struct expr *ex, size_t n, const kr_buf *e, bool timed_out, long ms, kr_err *err)
{
	const char *text = e->data ? e->data : "";
	unsigned long h = strncmp(text, "expression ", 11) == 0 ? strtoul(text + 11, NULL, 10) : SIZE_MAX;
	const char *msg = strchr(text, ':') ? strchr(text, ':') + 2 : text;
	int len = (int)strcspn(msg, "\n");
	size_t k;

	for (k = 0; k < n && ex[k].helper != h; k++)
		;
	if (k == n)
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

/* the distinct expressions of the rules matching @t, in rule order */
static int find_use(kr_arena *a, const kr_diff_config *c, size_t *const *slot, const struct expr *ex,
		    const kr_jq_target *t, struct use *u)
{
	size_t r, j, k, cap = 0;

	memset(u, 0, sizeof(*u));
	u->view = true;
	for (r = 0; r < c->nrules; r++) {
		if (!c->rules[r].njq || !kr_diff_rule_matches(&c->rules[r], t->id, t->ns))
			continue;
		for (j = 0; j < c->rules[r].njq; j++) {
			size_t e = slot[r][j];

			for (k = 0; k < u->n && u->ex[k] != e; k++)
				;
			if (k < u->n)
				continue;
			if (kr_arena_grow(a, &u->ex, &cap, u->n, sizeof(*u->ex)) < 0)
				return KR_ENOMEM;
			u->ex[u->n++] = e;
			if (!ex[e].shape.pure) {
				u->helper = true;
				u->view = u->view && ex[e].shape.nfield > 0;
			}
		}
	}
	return 0;
}

static int write_number(kr_buf *b, size_t v)
{
	char digits[24];
	size_t n = sizeof(digits);

	do
		digits[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return kr_buf_append(b, digits + n, sizeof(digits) - n);
}

/* line "N,M,... JSON" for krender-jq: the helper numbers of @u, the object or its view */
static int write_line(kr_arena *a, kr_buf *in, const struct expr *ex, const struct use *u, const kr_node *obj)
{
	const kr_node *doc = obj;
	kr_node *view = NULL;
	bool sep = false;
	size_t k;
	int rc = 0;

	for (k = 0; k < u->n && rc == 0; k++) {
		const struct expr *e = &ex[u->ex[k]];

		if (e->shape.pure)
			continue;
		if (sep)
			rc = kr_buf_putc(in, ',');
		if (rc == 0)
			rc = write_number(in, e->helper);
		sep = true;
		if (rc == 0 && u->view)
			rc = kr_jq_shape_view(a, &e->shape, obj, &view);
	}
	if (view)
		doc = view;
	if (rc == 0)
		rc = kr_buf_append(in, " ", 1);
	if (rc == 0)
		rc = kr_json_write(in, doc);
	if (rc == 0)
		rc = kr_buf_append(in, "\n", 1);
	return rc;
}

/* the paths @u selects on @t: pure chains answered here, the rest from the helper's @answer */
static int apply(kr_arena *a, const struct expr *ex, const struct use *u, const kr_jq_target *t,
		 const kr_node *answer)
{
	kr_node **paths = NULL;
	size_t npaths = 0, cap = 0, k, p, next = 0;
	bool applied = false;

	for (k = 0; k < u->n; k++) {
		const struct expr *e = &ex[u->ex[k]];
		const kr_node *res;

		if (e->shape.pure) {
			if (!kr_jq_shape_selects(&e->shape, t->obj))
				continue; /* jq's "Cannot index": ArgoCD skips the patch */
			res = NULL;
		} else {
			res = answer && next < answer->len ? answer->u.items[next] : NULL;
			next++;
			if (!res || res->kind != KR_NODE_SEQ)
				continue; /* a run-time error: ArgoCD skips the patch */
		}
		applied = true;
		for (p = 0; p < (res ? res->len : 1); p++) {
			kr_node *path = res ? res->u.items[p] : e->shape.path;

			if (path->kind != KR_NODE_SEQ)
				continue;
			if (kr_arena_grow(a, &paths, &cap, npaths, sizeof(*paths)) < 0)
				return KR_ENOMEM;
			paths[npaths++] = path;
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

/* krender-jq over the lines in @in: its answers, one document per line, in *@answers */
static int run_helper(kr_arena *a, const struct expr *ex, size_t nex, size_t nhelper, long ms, const kr_buf *in,
		      size_t nlines, kr_yaml_stream *answers, kr_err *err)
{
	char helper[PATH_MAX], timeout[32];
	char **argv = kr_arena_alloc(a, (nhelper + 3) * sizeof(*argv));
	kr_buf out, e;
	kr_proc_result res;
	kr_limits lim;
	size_t i;
	int rc;

	if (!argv)
		return oom_err(err);
	snprintf(timeout, sizeof(timeout), "%ld", ms);
	argv[0] = (char *)kr_helper_path("krender-jq", helper, sizeof(helper));
	argv[1] = timeout;
	for (i = 0; i < nex; i++)
		if (!ex[i].shape.pure)
			argv[ex[i].helper + 2] = (char *)ex[i].text;
	argv[nhelper + 2] = NULL;
	kr_buf_init(&out, JQ_ANSWER_MAX);
	kr_buf_init(&e, 4096);
	rc = kr_proc_run_input(argv, NULL, in->data, in->len, &out, &e, JQ_RUN_TIMEOUT_MS, &res);
	if (rc == KR_ETOOBIG)
		rc = kr_err_set(err, rc, NULL, "jqPathExpressions: the paths selected are over %zu MiB of JSON",
				JQ_ANSWER_MAX >> 20);
	else if (rc < 0)
		rc = kr_err_set(err, rc, NULL, "jqPathExpressions: cannot run krender-jq");
	else if (res.not_found)
		rc = kr_err_set(err, KR_EUNSUP, NULL, "jqPathExpressions: the helper krender-jq is not installed");
	else if (res.status != 0 || res.timed_out)
		rc = helper_error(ex, nex, &e, res.timed_out, ms, err);
	if (rc == 0) {
		kr_limits_default(&lim);
		lim.documents = nlines + 1;
		lim.file_bytes = lim.input_bytes = out.len + 1;
		rc = kr_yaml_load(answers, a, "krender-jq", out.data ? out.data : "", out.len, &lim, 0, err);
	}
	if (rc == 0 && answers->n != nlines)
		rc = kr_err_set(err, KR_EINVAL, NULL, "jqPathExpressions: krender-jq answered %zu objects of %zu",
				answers->n, nlines);
	kr_buf_dispose(&out);
	kr_buf_dispose(&e);
	return rc;
}

int kr_diff_jq(kr_arena *a, const kr_diff_config *c, const kr_jq_target *t, size_t n, kr_err *err)
{
	struct expr *ex = NULL;
	struct use *use;
	size_t nex, nhelper, i, nlines = 0, **slot = NULL;
	long ms = c->jq_timeout_ms > 0 ? c->jq_timeout_ms : 1000;
	kr_yaml_stream answers = {0};
	kr_buf in;
	int rc = collect(a, c, &ex, &nex, &nhelper, &slot, err);

	if (rc < 0 || nex == 0)
		return rc;
	use = kr_arena_alloc(a, (n + 1) * sizeof(*use));
	if (!use)
		return oom_err(err);
	kr_buf_init(&in, (size_t)1 << 32);
	for (i = 0; i < n && rc == 0; i++) {
		use[i].n = 0;
		if (!t[i].obj)
			continue;
		rc = find_use(a, c, slot, ex, &t[i], &use[i]);
		if (rc == 0 && use[i].helper) {
			rc = write_line(a, &in, ex, &use[i], t[i].obj);
			nlines++;
		}
	}
	if (rc < 0)
		rc = oom_err(err);
	if (rc == 0 && nlines)
		rc = run_helper(a, ex, nex, nhelper, ms, &in, nlines, &answers, err);
	kr_buf_dispose(&in);
	for (i = 0, nlines = 0; rc == 0 && i < n; i++) {
		const kr_node *answer = NULL;

		if (!use[i].n)
			continue;
		if (use[i].helper)
			answer = answers.docs[nlines++];
		if (answer && answer->kind != KR_NODE_SEQ)
			answer = NULL;
		if (apply(a, ex, &use[i], &t[i], answer) < 0)
			rc = oom_err(err);
	}
	return rc;
}
