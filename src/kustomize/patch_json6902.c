/*
 * patch_json6902.c - RFC 6902 ops on kr_node trees with the behaviour and
 * messages of evanphx/json-patch v4.12.0, as kustomize v5.5.0 runs it
 * (resource -> JSON -> Patch.Apply -> JSON -> resource).
 *
 * Checked against kubectl kustomize (v5.5.0), which differs from a strict
 * RFC 6902 reading in these ways, all reproduced here:
 *  - `replace` of a missing key in an existing map adds it; only a missing
 *    parent gives "replace operation does not apply: doc is missing path:
 *    /data/x: missing value". A bad array index gives "... doc is missing
 *    key: /l/9: missing value".
 *  - Negative array indices count from the end (add: -1 appends, -len-1 is
 *    the first slot); indices are Go's strconv.Atoi ("+1" and "01" are 1),
 *    so errors read "value was not a proper array index: 'x': strconv.Atoi:
 *    parsing \"x\": invalid syntax" (add) or the bare Atoi text (remove).
 *  - Only the text after the first '/' is a pointer: "spec/x" means "/x",
 *    "" never resolves (except for replace and test: the whole document).
 *  - `move` errors name the last token, not the path ("error in move for
 *    path: 'replicas': Unable to remove nonexistent key: replicas: ...").
 *  - `copy` from a missing key writes null; `add`/`replace` without `value`
 *    write null; `replace` of "" with a scalar or null does nothing.
 *  - `test` compares JSON texts (3 equals 3.0, "3" does not equal 3) and
 *    maps by size and keys; a missing key with `value: null` passes.
 *  - kustomize crashes (Go nil dereference) on: `test` of a null or
 *    missing value with no `value` field, `test` with `value` absent on "",
 *    `replace` of "" with no `value`, comparing arrays that hold null,
 *    walking through a key just set by `value: null`, writing into a copy
 *    of such a key ("assignment to entry in nil map"). These give
 *    "panic: ..." errors. To keep that exact, nulls come in three kinds
 *    (enum cls): a JSON null (Go nil), an explicit `value: null` node
 *    (non-nil, raw nil) and a copy of the latter (raw "null", an empty map
 *    once walked into); the last two are tracked by pointer per apply.
 *  - The JSON round trip drops source spellings (annotation `0x1F` ends as
 *    "31", `~` and an empty value end as "null").
 *    Not reproduced: kyaml marshals an empty value inside a flow collection
 *    (`{x: }`) as "", which kr_node cannot tell from a block `x:` (null).
 *  - Values are typed by yaml.v2 in kustomize (`value: yes` is true); the
 *    caller's loader decides that, this file keeps the value's types.
 * Invariants: no recursion (explicit stacks, loops over path tokens); the
 * document only ever receives fresh copies of op values.
 */
#include "kustomize/patch_json6902.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op_kind { OP_UNKNOWN = 0, OP_ADD, OP_REMOVE, OP_REPLACE, OP_MOVE, OP_COPY, OP_TEST };

static const char *const op_names[] = {"", "add", "remove", "replace", "move", "copy", "test"};

/* A pointer field: a string, or absent/null (both NULL), or another type. */
struct field {
	const char *s;
	const char *type; /* JSON type name when present and not a string */
};

struct op {
	enum op_kind kind;
	const char *name; /* for "Unexpected kind: %s" */
	struct field path, from;
	const kr_node *value; /* borrowed; NULL when absent */
	kr_mark mark;
};

struct kr_json6902 {
	size_t n;
	struct op *ops;
};

/* Kinds of value json-patch tells apart (see the file comment). */
enum cls { C_VAL, C_NIL, C_XNULL, C_RNULL };

struct run {
	kr_arena *a;
	kr_err *err;
	kr_node *root;
	kr_mark mark;
	const kr_node **special; /* explicit-null and copied-null nodes */
	enum cls *special_cls;
	size_t nspecial, capspecial;
};

#define FAIL 1 /* a json-patch error whose text is in `why` */
#define WHY 1024
#define NILDEREF "runtime error: invalid memory address or nil pointer dereference"

static bool is_null(const kr_node *n)
{
	return n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
}

static const char *json_type(const kr_node *n)
{
	if (n->kind == KR_NODE_MAP)
		return "object";
	if (n->kind == KR_NODE_SEQ)
		return "array";
	switch (n->type) {
	case KR_SCALAR_STR:
		return "string";
	case KR_SCALAR_BOOL:
		return "bool";
	case KR_SCALAR_NULL:
		return "null";
	default:
		return "number";
	}
}

static int nomem(kr_err *err)
{
	return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
}

static int crash(struct run *r, const char *what)
{
	return kr_err_set(r->err, KR_EINVAL, &r->mark, "panic: %s", what);
}

/* ---- parsing ---- */

static int parse_field(kr_arena *a, const kr_node *item, const char *key, struct field *f)
{
	const kr_node *v = kr_node_map_get(item, key);

	f->s = NULL;
	f->type = NULL;
	if (!v || is_null(v))
		return 0;
	if (v->kind != KR_NODE_SCALAR || v->type != KR_SCALAR_STR) {
		f->type = json_type(v);
		return 0;
	}
	f->s = kr_node_text(a, v);
	return f->s ? 0 : KR_ENOMEM;
}

int kr_json6902_parse(kr_arena *a, const kr_node *doc, kr_json6902 **out, kr_err *err)
{
	kr_json6902 *p = kr_arena_zalloc(a, sizeof(*p));
	size_t i;
	int k;

	if (!p)
		return nomem(err);
	*out = NULL;
	if (is_null(doc)) {
		*out = p;
		return 0;
	}
	if (doc->kind != KR_NODE_SEQ) {
		kr_mark m = {NULL, (int)doc->line, (int)doc->col};
		return kr_err_set(err, KR_EINVAL, &m,
				  "json: cannot unmarshal %s into Go value of type jsonpatch.Patch", json_type(doc));
	}
	p->ops = kr_arena_zalloc(a, (doc->len ? doc->len : 1) * sizeof(*p->ops));
	if (!p->ops)
		return nomem(err);
	for (i = 0; i < doc->len; i++) {
		const kr_node *item = doc->u.items[i], *v;
		struct op *op = &p->ops[i];

		op->mark = (kr_mark){NULL, (int)item->line, (int)item->col};
		op->name = "unknown";
		if (is_null(item))
			continue;
		if (item->kind != KR_NODE_MAP)
			return kr_err_set(err, KR_EINVAL, &op->mark,
					  "json: cannot unmarshal %s into Go value of type jsonpatch.Operation",
					  json_type(item));
		v = kr_node_map_get(item, "op");
		if (v && kr_node_is_str(v)) {
			op->name = kr_node_text(a, v);
			if (!op->name)
				return nomem(err);
			for (k = OP_ADD; k <= OP_TEST; k++)
				if (strcmp(op->name, op_names[k]) == 0)
					op->kind = (enum op_kind)k;
		}
		if (parse_field(a, item, "path", &op->path) < 0 || parse_field(a, item, "from", &op->from) < 0)
			return nomem(err);
		op->value = kr_node_map_get(item, "value");
	}
	p->n = doc->len;
	*out = p;
	return 0;
}

size_t kr_json6902_len(const kr_json6902 *ops)
{
	return ops ? ops->n : 0;
}

/* ---- nulls, values and the JSON round trip ---- */

static enum cls cls_of(const struct run *r, const kr_node *n)
{
	size_t i;

	if (!n)
		return C_NIL;
	if (!is_null(n))
		return C_VAL;
	for (i = 0; i < r->nspecial; i++)
		if (r->special[i] == n)
			return r->special_cls[i];
	return C_NIL;
}

/* A fresh null; @c (C_XNULL or C_RNULL) is remembered for this apply. */
static kr_node *new_null(struct run *r, enum cls c)
{
	kr_node *n = kr_node_new_scalar(r->a, KR_SCALAR_NULL, "null", 4);

	if (!n || c == C_NIL)
		return n;
	if (r->nspecial == r->capspecial)
		return NULL; /* one per op, sized in kr_json6902_apply() */
	r->special[r->nspecial] = n;
	r->special_cls[r->nspecial++] = c;
	return n;
}

/*
 * kustomize reads the patched JSON back through map[string]interface{}:
 * every number becomes a float64, so integers past 2^53 lose digits
 * (12345678901234567890 -> 12345678901234567000, 2^64-1 -> 1.8446744073709552e+19).
 */
static int renumber(kr_arena *a, kr_node *n)
{
	char buf[KR_SCALAR_OUT_MAX], *text;
	size_t len;

	if (n->type != KR_SCALAR_INT || n->len < 16 || n->len >= sizeof(buf))
		return 0;
	memcpy(buf, n->u.str, n->len);
	buf[n->len] = '\0';
	len = kr_json_format_float(strtod(buf, NULL), buf);
	if (len == n->len && memcmp(buf, n->u.str, len) == 0)
		return 0;
	text = kr_arena_memdup(a, buf, len);
	if (!text)
		return KR_ENOMEM;
	n->u.str = text;
	n->len = len;
	if (strpbrk(buf, ".eIN"))
		n->type = KR_SCALAR_FLOAT;
	return 0;
}

/*
 * What the JSON round trip does to the patched document @n, in place:
 * scalars keep only their normalised text (x.s.orig goes), long integers
 * pass through float64, keys become strings.
 */
static int round_trip(kr_arena *a, kr_node *n)
{
	size_t depth = 0, cap = 64, i;
	kr_node **stack = malloc(cap * sizeof(*stack));

	if (!stack)
		return KR_ENOMEM;
	stack[depth++] = n;
	while (depth) {
		kr_node *cur = stack[--depth];

		if (cur->kind == KR_NODE_SCALAR) {
			cur->x.s.orig = NULL;
			cur->x.s.orig_len = 0;
			if (renumber(a, cur) < 0)
				goto nomem;
			continue;
		}
		if (depth + cur->len > cap) {
			kr_node **p;
			while (depth + cur->len > cap)
				cap *= 2;
			p = realloc(stack, cap * sizeof(*stack));
			if (!p)
				goto nomem;
			stack = p;
		}
		for (i = 0; i < cur->len; i++) {
			if (cur->kind == KR_NODE_MAP) {
				kr_node *k = cur->u.pairs[i].key;
				if (k->kind == KR_NODE_SCALAR) {
					k->type = KR_SCALAR_STR;
					k->x.s.orig = NULL;
					k->x.s.orig_len = 0;
				}
				stack[depth++] = cur->u.pairs[i].value;
			} else {
				stack[depth++] = cur->u.items[i];
			}
		}
	}
	free(stack);
	return 0;
nomem:
	free(stack);
	return KR_ENOMEM;
}

static kr_node *copy_value(struct run *r, const kr_node *v)
{
	return kr_node_copy(r->a, v, NULL);
}

/* The node add/replace writes for @op's value (Go: op.value()). */
static kr_node *op_value(struct run *r, const struct op *op)
{
	if (!op->value)
		return new_null(r, C_NIL);
	if (is_null(op->value))
		return new_null(r, C_XNULL);
	return copy_value(r, op->value);
}

/* ---- pointers and containers ---- */

/* Go's strconv.Quote, enough for error texts. */
static void go_quote(char *buf, size_t cap, const char *s)
{
	size_t o = 0;

	buf[o++] = '"';
	for (; *s && o + 6 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = strchr("\a\b\f\n\r\t\v", c);
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c && esc) {
			buf[o++] = '\\';
			buf[o++] = "abfnrtv"[esc - "\a\b\f\n\r\t\v"];
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

/* strconv.Atoi(@s): 0, or FAIL with Go's error text in @why. */
static int go_atoi(const char *s, long long *out, char *why)
{
	const char *p = s, *what = "invalid syntax";
	unsigned long long n = 0;
	bool neg = false;
	char q[WHY / 2];

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		goto bad;
	for (; *p; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (*p < '0' || *p > '9')
			goto bad;
		if (n > (ULLONG_MAX - d) / 10) {
			what = "value out of range";
			goto bad;
		}
		n = n * 10 + d;
	}
	if (n > (unsigned long long)LLONG_MAX + neg) {
		what = "value out of range";
		goto bad;
	}
	*out = !neg ? (long long)n : n ? -(long long)(n - 1) - 1 : 0;
	return 0;
bad:
	go_quote(q, sizeof(q), s);
	snprintf(why, WHY, "strconv.Atoi: parsing %s: %s", q, what);
	return FAIL;
}

static int bad_index(char *why, long long idx)
{
	snprintf(why, WHY, "Unable to access invalid index: %lld: invalid index referenced", idx);
	return FAIL;
}

/*
 * Container operations of json-patch's partialDoc (a map; an RNULL node
 * is a nil map) and partialArray (a sequence). Each returns 0, FAIL with
 * the reason in @why, or a negative code with r->err set.
 */
static int con_get(kr_node *con, const char *key, kr_node **out, char *why)
{
	long long idx, len = con->kind == KR_NODE_SEQ ? (long long)con->len : 0;

	*out = NULL;
	if (con->kind == KR_NODE_MAP)
		*out = kr_node_map_get(con, key);
	if (con->kind != KR_NODE_SEQ)
		return 0;
	if (go_atoi(key, &idx, why))
		return FAIL;
	if (idx < 0) {
		if (idx < -len)
			return bad_index(why, idx);
		idx += len;
	}
	if (idx >= len)
		return bad_index(why, idx);
	*out = con->u.items[idx];
	return 0;
}

static int seq_insert(struct run *r, kr_node *seq, long long idx, kr_node *v)
{
	if (kr_node_seq_append(r->a, seq, v) < 0)
		return nomem(r->err);
	memmove(&seq->u.items[idx + 1], &seq->u.items[idx], (seq->len - 1 - (size_t)idx) * sizeof(v));
	seq->u.items[idx] = v;
	return 0;
}

/* partialDoc.add/set and partialArray.add (@insert) or .set. */
static int con_put(struct run *r, kr_node *con, const char *key, kr_node *v, bool insert, char *why)
{
	long long idx, len = (long long)con->len + insert;

	if (!v)
		return nomem(r->err);
	if (con->kind == KR_NODE_MAP)
		return kr_node_map_set(r->a, con, key, v) < 0 ? nomem(r->err) : 0;
	if (con->kind != KR_NODE_SEQ)
		return crash(r, "assignment to entry in nil map");
	if (insert && strcmp(key, "-") == 0)
		return kr_node_seq_append(r->a, con, v) < 0 ? nomem(r->err) : 0;
	if (go_atoi(key, &idx, why)) {
		if (insert) {
			char tmp[WHY];
			memcpy(tmp, why, WHY);
			snprintf(why, WHY, "value was not a proper array index: '%.300s': %.600s", key, tmp);
		}
		return FAIL;
	}
	if (idx >= len)
		return bad_index(why, idx);
	if (idx < 0) {
		if (idx < -len)
			return bad_index(why, idx);
		idx += len;
	}
	if (insert)
		return seq_insert(r, con, idx, v);
	con->u.items[idx] = v;
	return 0;
}

static int con_remove(kr_node *con, const char *key, char *why)
{
	long long idx, len = (long long)con->len;

	if (con->kind != KR_NODE_SEQ) {
		if (con->kind == KR_NODE_MAP && kr_node_map_delete(con, key))
			return 0;
		snprintf(why, WHY, "Unable to remove nonexistent key: %s: missing value", key);
		return FAIL;
	}
	if (go_atoi(key, &idx, why))
		return FAIL;
	if (idx >= len)
		return bad_index(why, idx);
	if (idx < 0) {
		if (idx < -len)
			return bad_index(why, idx);
		idx += len;
	}
	memmove(&con->u.items[idx], &con->u.items[idx + 1], (con->len - 1 - (size_t)idx) * sizeof(kr_node *));
	con->len--;
	return 0;
}

/* One RFC 6901 token, ~1 -> '/', ~0 -> '~', left to right. */
static char *decode_token(kr_arena *a, const char *s, size_t n)
{
	char *t = kr_arena_alloc(a, n + 1);
	size_t i, o = 0;

	if (!t)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
			t[o++] = s[i + 1] == '1' ? '/' : '~';
			i++;
		} else {
			t[o++] = s[i];
		}
	}
	t[o] = '\0';
	return t;
}

/*
 * json-patch's findObject(): walk every token of @path but the last.
 * Returns 1 with the container in *@con and the decoded last token in
 * *@key, 0 when the path does not resolve, < 0 with r->err set.
 */
static int find_object(struct run *r, const char *path, kr_node **con, char **key)
{
	const char *p = strchr(path, '/');
	kr_node *cur = r->root, *next;
	char why[WHY];

	if (!p)
		return 0;
	for (;;) {
		const char *q = strchr(p + 1, '/');
		char *tok = decode_token(r->a, p + 1, q ? (size_t)(q - p - 1) : strlen(p + 1));
		if (!tok)
			return nomem(r->err);
		if (!q) {
			*con = cur;
			*key = tok;
			return 1;
		}
		if (con_get(cur, tok, &next, why))
			return 0;
		switch (cls_of(r, next)) {
		case C_NIL:
			return 0;
		case C_XNULL:
			return crash(r, NILDEREF);
		case C_RNULL:
			break;
		default:
			if (next->kind == KR_NODE_SCALAR)
				return 0;
		}
		cur = next;
		p = q;
	}
}

/* ---- test ---- */

static int key_cmp(const void *x, const void *y)
{
	const kr_node *a = (*(const kr_pair *const *)x)->key, *b = (*(const kr_pair *const *)y)->key;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->u.str, b->u.str, a->len);
}

/* The value of @key's text in map @o, through @sorted (its pairs by key). */
static const kr_node *lookup(kr_pair **sorted, size_t n, const kr_node *key)
{
	kr_pair want = {(kr_node *)key, NULL}, *wp = &want, **hit;

	hit = bsearch(&wp, sorted, n, sizeof(*sorted), key_cmp);
	return hit ? (*hit)->value : NULL;
}

struct cmp {
	const kr_node *n, *o;
};

/*
 * lazyNode.equal(): @n from the document, @o from the op value (nested
 * nulls there are Go nil). Returns 1 equal, 0 not, < 0 on a crash.
 */
static int equal(struct run *r, const kr_node *n0, const kr_node *o0)
{
	size_t depth = 0, cap = 64, i;
	struct cmp *stack;
	int rc = 1;

	if (is_null(o0)) /* `value: null`: only a raw-nil node matches */
		return cls_of(r, n0) == C_XNULL;
	stack = malloc(cap * sizeof(*stack));
	if (!stack)
		return nomem(r->err);
	stack[depth++] = (struct cmp){n0, o0};
	while (depth && rc == 1) {
		const kr_node *n = stack[depth - 1].n, *o = stack[depth - 1].o;
		enum cls c = cls_of(r, n);
		kr_pair **sorted;
		depth--;
		if (c == C_NIL || is_null(o)) {
			rc = crash(r, NILDEREF);
			break;
		}
		if (c == C_XNULL || (c == C_VAL && n->kind == KR_NODE_SCALAR)) {
			rc = c != C_XNULL && o->kind == KR_NODE_SCALAR &&
			     (n->type == KR_SCALAR_STR) == (o->type == KR_SCALAR_STR) && n->len == o->len &&
			     memcmp(n->u.str, o->u.str, n->len) == 0;
			continue;
		}
		if (o->kind != (c == C_RNULL ? KR_NODE_MAP : n->kind) || o->len != (c == C_RNULL ? 0 : n->len)) {
			rc = 0;
			break;
		}
		if (c == C_RNULL || !n->len)
			continue;
		if (depth + n->len > cap) {
			struct cmp *p;
			while (depth + n->len > cap)
				cap *= 2;
			p = realloc(stack, cap * sizeof(*stack));
			if (!p) {
				rc = nomem(r->err);
				break;
			}
			stack = p;
		}
		if (n->kind == KR_NODE_SEQ) {
			for (i = n->len; i-- > 0;)
				stack[depth++] = (struct cmp){n->u.items[i], o->u.items[i]};
			continue;
		}
		sorted = kr_arena_alloc(r->a, o->len * sizeof(*sorted));
		if (!sorted) {
			rc = nomem(r->err);
			break;
		}
		for (i = 0; i < o->len; i++)
			sorted[i] = &o->u.pairs[i];
		qsort(sorted, o->len, sizeof(*sorted), key_cmp);
		for (i = 0; i < n->len && rc == 1; i++) {
			const kr_node *v = n->u.pairs[i].value, *ov = lookup(sorted, o->len, n->u.pairs[i].key);
			if (!ov || (cls_of(r, v) == C_NIL) != is_null(ov))
				rc = 0;
			else if (!is_null(ov))
				stack[depth++] = (struct cmp){v, ov};
		}
	}
	free(stack);
	return rc;
}

/* ---- the six ops ---- */

static const char *field_err(const struct field *f, const char *missing, char *buf)
{
	if (!f->type)
		return missing;
	snprintf(buf, WHY, "json: cannot unmarshal %s into Go value of type string", f->type);
	return buf;
}

#define NOPATH "operation missing path field: missing value"
#define NOFROM "operation, missing from field: missing value"

static int fail(struct run *r, const char *fmt, const char *a, const char *b)
{
	return kr_err_set(r->err, KR_EINVAL, &r->mark, fmt, a, b);
}

static int op_test(struct run *r, const struct op *op, const char *path, char *why)
{
	kr_node *con, *val;
	char *key;
	int rc;

	if (!*path) {
		if (!op->value)
			return crash(r, NILDEREF);
		rc = equal(r, r->root, op->value);
	} else {
		rc = find_object(r, path, &con, &key);
		if (rc <= 0)
			return rc < 0 ? rc : fail(r, "test operation does not apply: is missing path: %s: %s", path, "missing value");
		if (con_get(con, key, &val, why))
			return fail(r, "error in test for path: '%s': %s", path, why);
		if (cls_of(r, val) == C_NIL) {
			if (!op->value)
				return crash(r, NILDEREF);
			rc = is_null(op->value);
		} else {
			rc = op->value ? equal(r, val, op->value) : 0;
		}
	}
	if (rc < 0)
		return rc;
	return rc ? 0 : fail(r, "testing value %s failed: %s", path, "test failed");
}

static int op_replace_root(struct run *r, const struct op *op)
{
	kr_node *v;

	if (!op->value)
		return crash(r, NILDEREF);
	if (op->value->kind == KR_NODE_SCALAR)
		return 0; /* "must be object or array" wraps a nil error: no error */
	v = copy_value(r, op->value);
	if (!v)
		return nomem(r->err);
	*r->root = *v;
	return 0;
}

static int apply_op(struct run *r, const struct op *op)
{
	const char *path = op->path.s, *from = op->from.s;
	kr_node *con, *val = NULL;
	char *key, why[WHY], buf[WHY];
	int rc;

	r->mark = op->mark;
	switch (op->kind) {
	case OP_ADD:
	case OP_REMOVE:
		if (!path)
			return fail(r, "%s operation failed to decode path: %s", op->name, "missing value");
		rc = find_object(r, path, &con, &key);
		if (rc <= 0)
			return rc < 0 ? rc : fail(r, "%s operation does not apply: doc is missing path: \"%s\": missing value", op->name, path);
		rc = op->kind == OP_ADD ? con_put(r, con, key, op_value(r, op), true, why) : con_remove(con, key, why);
		return rc == FAIL ? fail(r, op->kind == OP_ADD ? "error in add for path: '%s': %s" : "error in remove for path: '%s': %s", path, why) : rc;
	case OP_REPLACE:
		if (!path)
			return fail(r, "replace operation failed to decode path: %s%s", field_err(&op->path, NOPATH, buf), "");
		if (!*path)
			return op_replace_root(r, op);
		rc = find_object(r, path, &con, &key);
		if (rc <= 0)
			return rc < 0 ? rc : fail(r, "replace operation does not apply: doc is missing path: %s: %s", path, "missing value");
		if (con_get(con, key, &val, why))
			return fail(r, "replace operation does not apply: doc is missing key: %s: %s", path, "missing value");
		rc = con_put(r, con, key, op_value(r, op), false, why);
		return rc == FAIL ? fail(r, "error in remove for path: '%s': %s", path, why) : rc;
	case OP_TEST:
		if (!path)
			return fail(r, "test operation failed to decode path: %s%s", field_err(&op->path, NOPATH, buf), "");
		return op_test(r, op, path, why);
	case OP_MOVE:
	case OP_COPY:
		if (!from)
			return fail(r, "%s operation failed to decode from: %s", op->name, field_err(&op->from, NOFROM, buf));
		rc = find_object(r, from, &con, &key);
		if (rc <= 0)
			return rc < 0 ? rc : fail(r, "%s operation does not apply: doc is missing from path: %s: missing value", op->name, from);
		if (con_get(con, key, &val, why))
			return op->kind == OP_MOVE ? fail(r, "error in move for path: '%s': %s", key, why)
						   : fail(r, "error in copy for from: '%s': %s", from, why);
		if (op->kind == OP_MOVE && con_remove(con, key, why))
			return fail(r, "error in move for path: '%s': %s", key, why);
		if (!path && op->kind == OP_MOVE)
			return fail(r, "move operation failed to decode path: %s%s", field_err(&op->path, NOPATH, buf), "");
		if (!path)
			return fail(r, "copy operation failed to decode path: %s%s", "missing value", "");
		rc = find_object(r, path, &con, &key);
		if (rc <= 0)
			return rc < 0 ? rc : fail(r, "%s operation does not apply: doc is missing destination path: %s: missing value", op->name, path);
		if (op->kind == OP_COPY) {
			enum cls c = cls_of(r, val);
			val = c == C_VAL ? copy_value(r, val) : new_null(r, c == C_NIL ? C_NIL : C_RNULL);
		}
		rc = con_put(r, con, key, val, true, why);
		if (rc != FAIL)
			return rc;
		return op->kind == OP_MOVE ? fail(r, "error in move for path: '%s': %s", path, why)
					   : fail(r, "error while adding value during copy: %s%s", why, "");
	default:
		return fail(r, "Unexpected kind: %s%s", op->name, "");
	}
}

int kr_json6902_apply(kr_arena *a, kr_node *doc, const kr_json6902 *ops, kr_err *err)
{
	struct run r = {a, err, doc, {NULL, 0, 0}, NULL, NULL, 0, ops->n};
	size_t i;
	int rc;

	if (ops->n) {
		r.special = kr_arena_alloc(a, ops->n * sizeof(*r.special));
		r.special_cls = kr_arena_alloc(a, ops->n * sizeof(*r.special_cls));
		if (!r.special || !r.special_cls)
			return nomem(err);
	}
	for (i = 0; i < ops->n; i++) {
		rc = apply_op(&r, &ops->ops[i]);
		if (rc < 0)
			return rc;
	}
	if (doc->kind == KR_NODE_SEQ) /* kustomize reads the result back into a map */
		return kr_err_set(err, KR_EINVAL, NULL,
				  "json: cannot unmarshal array into Go value of type map[string]interface {}");
	return round_trip(a, doc) < 0 ? nomem(err) : 0;
}
