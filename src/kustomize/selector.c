/*
 * selector.c - compiling and evaluating patch targets.
 *
 * Regular expressions are POSIX extended, anchored as ^(...)$ (kustomize
 * uses RE2 with ^(?:...)$; the common subset behaves the same). A label
 * selector is a comma-separated list of requirements: k=v, k==v, k!=v,
 * k in (a,b), k notin (a,b), k, !k.
 */
#include "kustomize/selector.h"
#include "util/pattern.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum req_op { REQ_EQ, REQ_NEQ, REQ_IN, REQ_NOTIN, REQ_EXISTS, REQ_NOT_EXISTS };

struct req {
	char *key;
	enum req_op op;
	char **values;
	size_t nvalues;
};

struct reqs {
	struct req *v;
	size_t n;
};

enum { F_GROUP, F_VERSION, F_KIND, F_NAME, F_NS, F_COUNT };

struct kr_selector {
	bool has[F_COUNT];
	kr_pattern re[F_COUNT];
	struct reqs labels, annotations;
};

static char *trim(kr_arena *a, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return kr_arena_memdup(a, s, n);
}

/* Parse one requirement @s/@n into @r. Returns 0 or -1. */
static int parse_req(kr_arena *a, const char *s, size_t n, struct req *r)
{
	char *text = trim(a, s, n), *p;
	size_t len;

	if (!text || !text[0])
		return -1;
	memset(r, 0, sizeof(*r));
	if (text[0] == '!') {
		r->op = REQ_NOT_EXISTS;
		r->key = trim(a, text + 1, strlen(text + 1));
		return r->key && r->key[0] ? 0 : -1;
	}
	if ((p = strstr(text, "!="))) {
		r->op = REQ_NEQ;
		len = 2;
	} else if ((p = strstr(text, "=="))) {
		r->op = REQ_EQ;
		len = 2;
	} else if ((p = strchr(text, '='))) {
		r->op = REQ_EQ;
		len = 1;
	} else if ((p = strstr(text, " notin ")) || (p = strstr(text, " in "))) {
		char *open = strchr(p, '('), *close = open ? strrchr(open, ')') : NULL, *v;
		r->op = strncmp(p, " notin ", 7) == 0 ? REQ_NOTIN : REQ_IN;
		if (!open || !close)
			return -1;
		r->key = trim(a, text, (size_t)(p - text));
		r->values = kr_arena_alloc(a, (size_t)(close - open + 1) * sizeof(char *));
		if (!r->values)
			return -1;
		for (v = open + 1; v < close;) {
			char *comma = memchr(v, ',', (size_t)(close - v));
			char *end = comma ? comma : close;
			r->values[r->nvalues++] = trim(a, v, (size_t)(end - v));
			v = end + 1;
		}
		return 0;
	} else {
		r->op = REQ_EXISTS;
		r->key = text;
		return 0;
	}
	r->key = trim(a, text, (size_t)(p - text));
	r->values = kr_arena_alloc(a, sizeof(char *));
	if (!r->values)
		return -1;
	r->values[0] = trim(a, p + len, strlen(p + len));
	r->nvalues = 1;
	return r->key && r->key[0] ? 0 : -1;
}

static int parse_reqs(kr_arena *a, const char *sel, struct reqs *out)
{
	size_t n = strlen(sel), i, start = 0, cap = 4;
	int depth = 0;

	out->v = kr_arena_alloc(a, (n + 2) * sizeof(*out->v));
	out->n = 0;
	(void)cap;
	if (!out->v)
		return -1;
	for (i = 0; i <= n; i++) {
		if (i < n && sel[i] == '(')
			depth++;
		else if (i < n && sel[i] == ')')
			depth--;
		else if (i == n || (sel[i] == ',' && depth == 0)) {
			if (i > start || n == 0) {
				if (parse_req(a, sel + start, i - start, &out->v[out->n]) < 0)
					return -1;
				out->n++;
			}
			start = i + 1;
		}
	}
	return depth == 0 ? 0 : -1;
}

static const char *map_value(kr_arena *a, const kr_node *map, const char *key)
{
	const kr_node *v = kr_node_map_get(map, key);

	return v ? kr_node_text(a, v) : NULL;
}

static bool reqs_match(const struct reqs *rs, const kr_node *map, kr_arena *a)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		const struct req *r = &rs->v[i];
		const char *v = map ? map_value(a, map, r->key) : NULL;
		bool in = false;
		switch (r->op) {
		case REQ_EXISTS:
			if (!v)
				return false;
			break;
		case REQ_NOT_EXISTS:
			if (v)
				return false;
			break;
		case REQ_EQ:
			if (!v || strcmp(v, r->values[0]) != 0)
				return false;
			break;
		case REQ_NEQ:
			if (v && strcmp(v, r->values[0]) == 0)
				return false;
			break;
		case REQ_IN:
		case REQ_NOTIN:
			for (j = 0; v && j < r->nvalues; j++)
				if (strcmp(v, r->values[j]) == 0)
					in = true;
			if (r->op == REQ_IN ? !in : (v && in))
				return false;
			break;
		}
	}
	return true;
}

int kr_selector_parse(kr_selector **out, kr_arena *a, const kr_node *target, const char *file,
		      kr_err *err)
{
	static const char *const fields[F_COUNT] = {"group", "version", "kind", "name", "namespace"};
	kr_selector *sel = kr_arena_zalloc(a, sizeof(*sel));
	kr_mark m = {file, target ? (int)target->line : 0, target ? (int)target->col : 0};
	const kr_node *ls, *as;
	int f, rc;

	if (!sel)
		return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
	*out = sel;
	if (!target)
		return 0;
	for (f = 0; f < F_COUNT; f++) {
		const kr_node *v = kr_node_map_get(target, fields[f]);
		const char *text = v ? kr_node_text(a, v) : NULL;
		if (!text || !text[0])
			continue;
		rc = kr_pattern_compile(&sel->re[f], text);
		if (rc != 0)
			return kr_err_set(err, KR_EINVAL, &m, "error parsing regexp: %s: `^(?:%s)$`",
					  rc == REG_EPAREN   ? "missing closing )"
					  : rc == REG_EBRACK ? "missing closing ]"
							     : "invalid regular expression",
					  text);
		sel->has[f] = true;
	}
	ls = kr_node_map_get(target, "labelSelector");
	as = kr_node_map_get(target, "annotationSelector");
	if (ls && parse_reqs(a, kr_node_text(a, ls), &sel->labels) < 0)
		return kr_err_set(err, KR_EINVAL, &m, "unable to parse requirement: '%s'", kr_node_text(a, ls));
	if (as && parse_reqs(a, kr_node_text(a, as), &sel->annotations) < 0)
		return kr_err_set(err, KR_EINVAL, &m, "unable to parse requirement: '%s'", kr_node_text(a, as));
	return 0;
}

static bool re_ok(const kr_selector *sel, int f, const char *v)
{
	return !sel->has[f] || kr_pattern_match(&sel->re[f], v);
}

bool kr_selector_matches(const kr_selector *sel, const kr_resource *res, kr_arena *a)
{
	const kr_node *meta = kr_node_map_get(res->root, "metadata");
	const char *ns = res->id.ns[0] ? res->id.ns : "default";
	const char *ons = res->orig.ns[0] ? res->orig.ns : "default";

	if (!re_ok(sel, F_GROUP, res->id.group) || !re_ok(sel, F_VERSION, res->id.version) ||
	    !re_ok(sel, F_KIND, res->id.kind))
		return false;
	if (sel->has[F_NAME] && !re_ok(sel, F_NAME, res->id.name) && !re_ok(sel, F_NAME, res->orig.name))
		return false;
	if (sel->has[F_NS] && !re_ok(sel, F_NS, ns) && !re_ok(sel, F_NS, ons))
		return false;
	if (sel->labels.n && !reqs_match(&sel->labels, kr_node_map_get(meta, "labels"), a))
		return false;
	if (sel->annotations.n && !reqs_match(&sel->annotations, kr_node_map_get(meta, "annotations"), a))
		return false;
	return true;
}

void kr_selector_free(kr_selector *sel)
{
	int f;

	if (!sel)
		return;
	for (f = 0; f < F_COUNT; f++)
		if (sel->has[f])
			kr_pattern_free(&sel->re[f]);
}
