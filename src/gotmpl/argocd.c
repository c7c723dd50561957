/*
 * argocd.c - the functions ArgoCD adds to Sprig for ApplicationSet
 * templates: normalize (SanitizeName), slugify (SanitizeName, then
 * gosimple/slug with a length cap and optional smart truncation), toYaml
 * (sigs.k8s.io/yaml: the JSON of the value as YAML, keys in yaml.v2's
 * order where digit runs compare as numbers, the final newline dropped),
 * fromYaml and fromYamlArray (YAML to a map or a list, numbers as
 * float64, Go's error for the wrong kind of document).
 */
#include "gotmpl/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "template/gofmt.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/load.h"

static int f_normalize(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_buf b;
	int rc;

	(void)n;
	kr_buf_init(&b, (size_t)1 << 26);
	rc = kr_go_normalize(&b, v[0].u.s.p, v[0].u.s.n);
	if (rc == 0)
		*out = kr_gt_take(a, &b);
	kr_buf_dispose(&b);
	return rc == 0 && out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

/* slugify [MAX [SMART]] NAME */
static int f_slugify(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	int64_t max = 50;
	bool smart = true;
	kr_buf b;
	char *s;
	size_t i, w = 0, len;

	if (n == 0)
		return kr_gt_failf(msg, "reflect: Call with too few input arguments");
	if (v[n - 1].kind != KR_GT_STRING)
		return kr_gt_failf(msg, "interface conversion: interface {} is %s, not string", kr_gt_type_name(v[n - 1]));
	if (n > 1 && v[0].kind != KR_GT_INT)
		return kr_gt_failf(msg, "interface conversion: interface {} is %s, not int", kr_gt_type_name(v[0]));
	if (n > 2 && v[1].kind != KR_GT_BOOL)
		return kr_gt_failf(msg, "interface conversion: interface {} is %s, not bool", kr_gt_type_name(v[1]));
	if (n > 1)
		max = v[0].u.i;
	if (n > 2)
		smart = v[1].u.b;
	kr_buf_init(&b, (size_t)1 << 26);
	if (kr_go_normalize(&b, v[n - 1].u.s.p, v[n - 1].u.s.n) < 0 || !(s = kr_arena_memdup(a, b.data ? b.data : "", b.len))) {
		kr_buf_dispose(&b);
		return kr_gt_failf(msg, "out of memory");
	}
	len = b.len;
	kr_buf_dispose(&b);
	/* slug: what is not [a-z0-9-_] becomes '-', runs of '-' collapse, '-' and '_' trimmed */
	for (i = 0; i < len; i++) {
		char c = isalnum((unsigned char)s[i]) || s[i] == '_' ? s[i] : '-';

		if (c == '-' && w && s[w - 1] == '-')
			continue;
		s[w++] = c;
	}
	len = w;
	while (len && (s[len - 1] == '-' || s[len - 1] == '_'))
		len--;
	for (i = 0; i < len && (s[i] == '-' || s[i] == '_'); i++)
		;
	s += i, len -= i;
	if (max > 0 && (uint64_t)max < len) {
		if (smart) {
			/* whole words (each with its '-') while they fit; the first word cut if it alone does not */
			size_t word_end = 0, kept = 0;

			while (word_end < len && s[word_end] != '-')
				word_end++;
			if (word_end + (word_end < len) > (size_t)max) {
				len = (size_t)max;
			} else {
				size_t at = 0;

				while (at < len) {
					size_t e = at;

					while (e < len && s[e] != '-')
						e++;
					if (e < len)
						e++; /* the word keeps its '-' */
					if (kept + (e - at) - 1 > (size_t)max)
						break;
					kept += e - at;
					at = e;
				}
				len = kept;
			}
		} else {
			len = (size_t)max;
		}
		while (len && s[len - 1] == '-')
			len--;
		while (len && s[0] == '-')
			s++, len--;
	}
	*out = kr_gt_string(s, len);
	return 0;
}

/* yaml.v2's key order: digit runs compare as numbers, letters after other runes */
static int v2_key_cmp(const char *x, const char *y)
{
	size_t i;

	for (i = 0; x[i] && y[i]; i++) {
		unsigned char a = (unsigned char)x[i], b = (unsigned char)y[i];
		bool al, bl;
		size_t ai, bi;
		long long an = 0, bn = 0;

		if (a == b)
			continue;
		al = isalpha(a) || a >= 0x80;
		bl = isalpha(b) || b >= 0x80;
		if (al && bl)
			return a < b ? -1 : 1;
		if (al || bl)
			return bl ? -1 : 1;
		if (a == '0' || b == '0') {
			size_t j;

			for (j = i; j > 0 && isdigit((unsigned char)x[j - 1]); j--)
				if (x[j - 1] != '0') {
					an = bn = 1;
					break;
				}
		}
		for (ai = i; isdigit((unsigned char)x[ai]) && an < 100000000000000000LL; ai++)
			an = an * 10 + (x[ai] - '0');
		for (bi = i; isdigit((unsigned char)y[bi]) && bn < 100000000000000000LL; bi++)
			bn = bn * 10 + (y[bi] - '0');
		if (an != bn)
			return an < bn ? -1 : 1;
		if (ai != bi)
			return ai < bi ? -1 : 1;
		return a < b ? -1 : 1;
	}
	return x[i] ? 1 : y[i] ? -1 : 0;
}

static int cmp_pairs(const void *p, const void *q)
{
	const kr_pair *x = p, *y = q;

	return v2_key_cmp(x->key->u.str, y->key->u.str);
}

static void v2_order(kr_node *n, int depth)
{
	size_t i;

	if (!n || depth > 1000)
		return;
	if (n->kind == KR_NODE_MAP) {
		if (n->len > 1)
			qsort(n->u.pairs, n->len, sizeof(*n->u.pairs), cmp_pairs);
		for (i = 0; i < n->len; i++)
			v2_order(n->u.pairs[i].value, depth + 1);
	} else if (n->kind == KR_NODE_SEQ) {
		for (i = 0; i < n->len; i++)
			v2_order(n->u.items[i], depth + 1);
	}
}

static int f_to_yaml(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	kr_node *node = kr_gt_to_node(a, v[0].kind == KR_GT_INVALID ? kr_gt_nil() : v[0]);
	kr_buf b;
	kr_err err = {0};
	int rc;

	(void)n;
	if (!node)
		return kr_gt_failf(msg, "out of memory");
	v2_order(node, 0);
	kr_buf_init(&b, (size_t)1 << 26);
	rc = kr_yaml_emit_doc(&b, node, &err);
	if (rc == 0) {
		while (b.len && b.data[b.len - 1] == '\n')
			b.len--;
		*out = kr_gt_take(a, &b);
	}
	kr_buf_dispose(&b);
	if (rc < 0)
		return kr_gt_failf(msg, "%s", err.msg);
	return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
}

/* YAML @s as one value; @want KR_NODE_MAP or KR_NODE_SEQ */
static int from_yaml(kr_arena *a, kr_gt_value s, int want, kr_gt_value *out, kr_buf *msg)
{
	static const char *const kinds[] = {"", "map[string]interface {}", "[]interface {}"};
	kr_yaml_stream st;
	kr_limits lim;
	kr_err err = {0};
	kr_node *doc;
	const char *got;

	kr_limits_default(&lim);
	if (kr_yaml_load(&st, a, "fromYaml", s.u.s.p, s.u.s.n, &lim, 0, &err) < 0)
		return kr_gt_failf(msg, "error converting YAML to JSON: %s", err.msg);
	doc = st.n ? st.docs[0] : NULL;
	if (!doc || (doc->kind == KR_NODE_SCALAR && doc->type == KR_SCALAR_NULL)) {
		*out = want == KR_NODE_MAP ? kr_gt_new_map(a) : kr_gt_new_list(a, 0);
		return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
	}
	if (doc->kind == want) {
		*out = kr_gt_from_node(a, doc);
		return out->kind ? 0 : kr_gt_failf(msg, "out of memory");
	}
	if (doc->kind == KR_NODE_MAP)
		got = "object";
	else if (doc->kind == KR_NODE_SEQ)
		got = "array";
	else if (doc->type == KR_SCALAR_BOOL)
		got = "bool";
	else if (doc->type == KR_SCALAR_INT || doc->type == KR_SCALAR_FLOAT)
		got = "number";
	else
		got = "string";
	return kr_gt_failf(msg,
			   "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type %s",
			   got, kinds[want == KR_NODE_MAP ? 1 : 2]);
}

static int f_from_yaml(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return from_yaml(a, v[0], KR_NODE_MAP, out, msg);
}

static int f_from_yaml_array(kr_arena *a, kr_gt_value *v, size_t n, kr_gt_value *out, kr_buf *msg)
{
	(void)n;
	return from_yaml(a, v[0], KR_NODE_SEQ, out, msg);
}

const gt_fn kr_gt_fns_argocd[] = {
	{"fromYaml", "s", f_from_yaml},
	{"fromYamlArray", "s", f_from_yaml_array},
	{"normalize", "s", f_normalize},
	{"slugify", "*a", f_slugify},
	{"toYaml", "a", f_to_yaml},
	{NULL, NULL, NULL},
};
