/*
 * patch_json6902.c - RFC 6902 ops on kr_node trees with the behaviour and
 * messages of evanphx/json-patch v4.12.0 as kustomize v5.5.0 runs it
 * (resource -> JSON -> Patch.Apply -> JSON -> resource).
 *
 * Checked against kubectl kustomize v5.5.0, which departs from a strict
 * reading of RFC 6902 in these ways, all reproduced here:
 *  - `replace` of a missing key in an existing map adds it; only a missing
 *    parent fails ("replace operation does not apply: doc is missing path:
 *    /data/x: missing value"); a bad index fails with "... doc is missing
 *    key: /l/9: missing value".
 *  - Array indices are Go's strconv.Atoi ("+1", "01") and may be negative,
 *    counting from the end (add at -1 appends). Errors: "Unable to access
 *    invalid index: 4: invalid index referenced", "value was not a proper
 *    array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax" (add)
 *    or the bare Atoi text (remove, test, copy from).
 *  - Only what follows the first '/' counts ("spec/x" is "/x"); "" never
 *    resolves, except that replace and test take it as the whole document.
 *  - `move` errors name the last token ("error in move for path: 'replicas':
 *    Unable to remove nonexistent key: replicas: missing value").
 *  - `copy` from a missing key, and add/replace without `value`, write
 *    null; `replace` of "" with a scalar or null does nothing; with an
 *    array the resource fails to read back (error at the end).
 *  - `test` compares JSON texts (3 equals 3.0, "3" does not equal 3) and
 *    maps by size and keys; a missing key passes `value: null`.
 *  - kustomize crashes (Go nil dereference) on `test` without `value` of a
 *    null or missing key or of "", `replace` of "" without `value`,
 *    comparing arrays holding null, walking through a key just set by
 *    `value: null`, and writing into a copy of such a key ("assignment to
 *    entry in nil map"); these give "panic: ..." errors. For that, nulls
 *    come in three kinds (enum cls): JSON null (Go nil), an explicit
 *    `value: null` (non-nil, raw nil) and a copy of one (raw "null", a nil
 *    map when walked into); the last two are tracked by pointer per apply.
 *  - The round trip drops source spellings (annotation `0x1F` ends as
 *    "31", `~` and an empty value as "null") and turns numbers into float64
 *    (12345678901234567890 ends as 12345678901234567000).
 * Not reproduced: kyaml marshals an empty value in a flow collection
 * (`{x: }`) as "", which kr_node cannot tell from a block `x:` (null);
 * a float -0.0 marshals as -0, unequal to 0 in `test`. Patch values are
 * typed by yaml.v2 in kustomize (`value: yes` is true): the caller's loader
 * decides that; this file keeps the types it is given.
 * Invariants: no recursion (explicit stacks, loops over path tokens); the
 * document only ever receives fresh copies of op values.
 */
#include "kustomize/patch_json6902.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml/json.h"

enum op_kind { OP_UNKNOWN = 0, OP_ADD, OP_REMOVE, OP_REPLACE, OP_MOVE, OP_COPY, OP_TEST };

static const char *const op_names[] = {"", "add", "remove", "replace", "move", "copy", "test"};

/* A pointer field: a string, absent or null (s and type NULL), or another type. */
struct field {
	const char *s;
	const char *type; /* JSON type name when present and not a string */
};

struct op {
	enum op_kind kind;
	const char *name; /* for "Unexpected kind: %s" */
	struct field path, from;
	const kr_node *value; /* borrowed from the patch; NULL when absent */
	kr_mark mark;
};

struct kr_json6902 {
	size_t n;
	struct op *ops;
};

/* The nulls json-patch tells apart (see above); C_VAL is anything else. */
enum cls { C_VAL, C_NIL, C_XNULL, C_RNULL };

struct run {
	kr_arena *a;
	kr_err *err;
	kr_node *root;
	kr_mark mark;
	const kr_node **special; /* C_XNULL and C_RNULL nodes, at most one per op */
	enum cls *special_cls;
	size_t nspecial;
};

#define FAIL 1 /* a json-patch error whose text is in `why` */
#define WHY 1024
#define NILDEREF "runtime error: invalid memory address or nil pointer dereference"
#define NOPATH "operation missing path field: missing value"
#define NOFROM "operation, missing from field: missing value"

static bool is_null(const kr_node *n)
{
	return n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
}

static const char *json_type(const kr_node *n)
{
	static const char *const scalar[] = {"string", "null", "bool", "number", "number"};

	if (n->kind != KR_NODE_SCALAR)
		return n->kind == KR_NODE_MAP ? "object" : "array";
	return n->type < 5 ? scalar[n->type] : "number";
}

static int nomem(kr_err *err)
{
	return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
}

static int crash(struct run *r, const char *what)
{
	return kr_err_set(r->err, KR_EINVAL, &r->mark, "panic: %s", what);
}

static int fail(struct run *r, const char *fmt, const char *a, const char *b)
{
	return kr_err_set(r->err, KR_EINVAL, &r->mark, fmt, a, b);
}

/* Make room for @need more entries of @elem bytes on a malloc'd stack. */
static int grow(void **stack, size_t *cap, size_t depth, size_t need, size_t elem)
{
	size_t c = *cap;
	void *p;

	if (depth + need <= c)
		return 0;
	while (depth + need > c)
		c *= 2;
	p = realloc(*stack, c * elem);
	if (!p)
		return KR_ENOMEM;
	*stack = p;
	*cap = c;
	return 0;
}

/* ---- parsing ---- */

static int parse_field(kr_arena *a, const kr_node *item, const char *key, struct field *f)
{
	const kr_node *v = kr_node_map_get(item, key);

	f->s = NULL;
	f->type = NULL;
	if (!v || is_null(v))
		return 0;
	if (!kr_node_is_str(v)) {
		f->type = json_type(v);
		return 0;
	}
	f->s = kr_node_text(a, v);
	return f->s ? 0 : KR_ENOMEM;
}

int kr_json6902_parse(kr_arena *a, const kr_node *doc, kr_json6902 **out, kr_err *err)
{
	kr_json6902 *p = kr_arena_zalloc(a, sizeof(*p));
	kr_mark m = {NULL, (int)doc->line, (int)doc->col};
	size_t i;
	int k;

	*out = NULL;
	if (!p)
		return nomem(err);
	if (is_null(doc)) { /* json null: an empty patch */
		*out = p;
		return 0;
	}
	if (doc->kind != KR_NODE_SEQ)
		return kr_err_set(err, KR_EINVAL, &m, "json: cannot unmarshal %s into Go value of type jsonpatch.Patch",
				  json_type(doc));
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
		if (kr_node_is_str(v)) {
			op->name = kr_node_text(a, v);
			if (!op->name)
				return nomem(err);
			for (k = OP_ADD; k <= OP_TEST; k++)
				if (strcmp(op->name, op_names[k]) == 0)
					op->kind = (enum op_kind)k;
		}
		if (parse_field(a, item, "path", &op->path) < 0 || parse_field(a, item, "from", &op->from) < 0)
			return nomem(err);
		/* kustomize reads the patch with yaml.v2: `value: yes` is true */
		op->value = kr_node_map_get(item, "value");
		if (op->value && !(op->value = kr_node_copy_v11(a, op->value)))
			return nomem(err);
	}
	p->n = doc->len;
	*out = p;
	return 0;
}

size_t kr_json6902_len(const kr_json6902 *ops)
{
	return ops ? ops->n : 0;
}

/* ---- nulls and values ---- */

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

/* A fresh null of class @c (remembered unless C_NIL); NULL when out of memory. */
static kr_node *new_null(struct run *r, enum cls c)
{
	kr_node *n = kr_node_new_scalar(r->a, KR_SCALAR_NULL, "null", 4);

	if (n && c != C_NIL) {
		r->special[r->nspecial] = n;
		r->special_cls[r->nspecial++] = c;
	}
	return n;
}

/* The node add/replace writes for @op's value (Go: op.value()). */
static kr_node *op_value(struct run *r, const struct op *op)
{
	if (!op->value)
		return new_null(r, C_NIL);
	if (is_null(op->value))
		return new_null(r, C_XNULL);
	return kr_node_copy(r->a, op->value, NULL);
}

/*
 * The patched JSON is read back through map[string]interface{}: integers
 * past 2^53 lose digits as float64 (2^64-1 ends as 1.8446744073709552e+19).
 */
static int renumber(kr_arena *a, kr_node *n)
{
	char buf[KR_SCALAR_OUT_MAX];
	size_t len;

	if (n->type != KR_SCALAR_INT || n->len < 16 || n->len >= sizeof(buf))
		return 0;
	memcpy(buf, n->u.str, n->len);
	buf[n->len] = '\0';
	len = kr_json_format_float(strtod(buf, NULL), buf);
	if (len == n->len && memcmp(buf, n->u.str, len) == 0)
		return 0;
	n->u.str = kr_arena_memdup(a, buf, len);
	n->len = len;
	if (strpbrk(buf, ".eIN"))
		n->type = KR_SCALAR_FLOAT;
	return n->u.str ? 0 : KR_ENOMEM;
}

/* The JSON round trip, in place: no source spellings, float64 numbers, string keys. */
static int round_trip(kr_arena *a, kr_node *root)
{
	size_t depth = 0, cap = 64, i;
	kr_node **stack = malloc(cap * sizeof(*stack));
	int rc = 0;

	if (!stack)
		return KR_ENOMEM;
	stack[depth++] = root;
	while (depth && rc == 0) {
		kr_node *n = stack[--depth];

		if (n->kind == KR_NODE_SCALAR) {
			n->x.orig = NULL;
			n->orig_len = 0;
			rc = renumber(a, n);
			continue;
		}
		rc = grow((void **)&stack, &cap, depth, n->len, sizeof(*stack));
		for (i = 0; i < n->len && rc == 0; i++) {
			if (n->kind == KR_NODE_SEQ) {
				stack[depth++] = n->u.items[i];
				continue;
			}
			stack[depth++] = n->u.pairs[i].value;
			if (n->u.pairs[i].key->kind == KR_NODE_SCALAR) {
				n->u.pairs[i].key->type = KR_SCALAR_STR;
				n->u.pairs[i].key->x.orig = NULL;
				n->u.pairs[i].key->orig_len = 0;
			}
		}
	}
	free(stack);
	return rc;
}

/* ---- pointers and containers ---- */

/* Go's strconv.Quote, enough for error texts. */
static void go_quote(char *buf, size_t cap, const char *s)
{
	static const char ctl[] = "\a\b\f\n\r\t\v", esc[] = "abfnrtv";
	size_t o = 1;

	for (buf[0] = '"'; *s && o + 6 < cap; s++) {
		const char *e = strchr(ctl, *s);
		if (*s == '"' || *s == '\\' || e)
			o += (size_t)snprintf(buf + o, cap - o, "\\%c", e ? esc[e - ctl] : *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", (unsigned char)*s);
		else
			buf[o++] = *s;
	}
	snprintf(buf + o, cap - o, "\"");
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
		if (n > (ULLONG_MAX - d) / 10)
			break;
		n = n * 10 + d;
	}
	if (*p || n > (unsigned long long)LLONG_MAX + neg) {
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

/*
 * The slot @key names in a sequence with @slots places (its length, or
 * length + 1 to insert): Atoi, negative counts from the end.
 */
static int seq_index(const char *key, long long slots, long long *idx, char *why)
{
	if (go_atoi(key, idx, why))
		return FAIL;
	if (*idx >= slots || *idx < -slots) {
		snprintf(why, WHY, "Unable to access invalid index: %lld: invalid index referenced", *idx);
		return FAIL;
	}
	if (*idx < 0)
		*idx += slots;
	return 0;
}

/*
 * Container operations of json-patch's partialDoc (a map, or a C_RNULL
 * node: a nil map) and partialArray (a sequence). Each returns 0, FAIL
 * with the reason in @why, or a negative code with r->err set.
 */
static int con_get(kr_node *con, const char *key, kr_node **out, char *why)
{
	long long idx;

	*out = NULL;
	if (con->kind == KR_NODE_MAP)
		*out = kr_node_map_get(con, key);
	if (con->kind != KR_NODE_SEQ)
		return 0;
	if (seq_index(key, (long long)con->len, &idx, why))
		return FAIL;
	*out = con->u.items[idx];
	return 0;
}

/* partialDoc.add/set, partialArray.add (@insert) or .set; @v NULL: out of memory. */
static int con_put(struct run *r, kr_node *con, const char *key, kr_node *v, bool insert, char *why)
{
	char tmp[WHY];
	long long idx;

	if (!v)
		return nomem(r->err);
	if (con->kind == KR_NODE_MAP)
		return kr_node_map_set(r->a, con, key, v) < 0 ? nomem(r->err) : 0;
	if (con->kind != KR_NODE_SEQ)
		return crash(r, "assignment to entry in nil map");
	if (insert && strcmp(key, "-") == 0)
		return kr_node_seq_append(r->a, con, v) < 0 ? nomem(r->err) : 0;
	if (insert && go_atoi(key, &idx, tmp)) {
		snprintf(why, WHY, "value was not a proper array index: '%.300s': %.600s", key, tmp);
		return FAIL;
	}
	if (seq_index(key, (long long)con->len + insert, &idx, why))
		return FAIL;
	if (!insert) {
		con->u.items[idx] = v;
		return 0;
	}
	if (kr_node_seq_append(r->a, con, v) < 0)
		return nomem(r->err);
	memmove(&con->u.items[idx + 1], &con->u.items[idx], (con->len - 1 - (size_t)idx) * sizeof(v));
	con->u.items[idx] = v;
	return 0;
}

static int con_remove(kr_node *con, const char *key, char *why)
{
	long long idx;

	if (con->kind == KR_NODE_SEQ) {
		if (seq_index(key, (long long)con->len, &idx, why))
			return FAIL;
		con->len--;
		memmove(&con->u.items[idx], &con->u.items[idx + 1], (con->len - (size_t)idx) * sizeof(kr_node *));
		return 0;
	}
	if (con->kind == KR_NODE_MAP && kr_node_map_delete(con, key))
		return 0;
	snprintf(why, WHY, "Unable to remove nonexistent key: %s: missing value", key);
	return FAIL;
}

/*
 * json-patch's findObject(): walk every token of @path but the last, and
 * give the container in *@con and the decoded last token in *@key. When
 * the path does not resolve, fails with @fmt (%s: @name, then @path).
 */
static int find_object(struct run *r, const char *path, kr_node **con, char **key, const char *fmt,
		       const char *name)
{
	const char *p = strchr(path, '/');
	kr_node *cur = r->root, *next;
	char why[WHY];

	while (p) {
		const char *q = strchr(p + 1, '/');
		char *tok = kr_json_pointer_token(r->a, p + 1, q ? (size_t)(q - p - 1) : strlen(p + 1));
		enum cls c;
		if (!tok)
			return nomem(r->err);
		if (!q) {
			*con = cur;
			*key = tok;
			return 0;
		}
		if (con_get(cur, tok, &next, why))
			break;
		c = cls_of(r, next);
		if (c == C_XNULL)
			return crash(r, NILDEREF);
		if (c == C_NIL || (c == C_VAL && next->kind == KR_NODE_SCALAR))
			break;
		cur = next; /* a map, a sequence or a C_RNULL nil map */
		p = q;
	}
	return fail(r, fmt, name, path);
}

/* ---- test ---- */

static int key_cmp(const void *x, const void *y)
{
	const kr_node *a = (*(const kr_pair *const *)x)->key, *b = (*(const kr_pair *const *)y)->key;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->u.str, b->u.str, a->len);
}

struct cmp {
	const kr_node *n, *o;
};

/*
 * Push the children of map @n against those of map @o (same size) after
 * lazyNode.equal's per-key checks. Returns 1 when still equal, 0 if not.
 */
static int push_map(struct run *r, const kr_node *n, const kr_node *o, struct cmp *stack, size_t *depth)
{
	kr_pair **sorted = kr_arena_alloc(r->a, o->len * sizeof(*sorted)), want, *wp = &want, **hit;
	size_t i;

	if (!sorted)
		return nomem(r->err);
	for (i = 0; i < o->len; i++)
		sorted[i] = &o->u.pairs[i];
	qsort(sorted, o->len, sizeof(*sorted), key_cmp);
	for (i = 0; i < n->len; i++) {
		const kr_node *v = n->u.pairs[i].value;
		want.key = n->u.pairs[i].key;
		hit = bsearch(&wp, sorted, o->len, sizeof(*sorted), key_cmp);
		if (!hit || (cls_of(r, v) == C_NIL) != is_null((*hit)->value))
			return 0;
		if (!is_null((*hit)->value))
			stack[(*depth)++] = (struct cmp){v, (*hit)->value};
	}
	return 1;
}

/*
 * lazyNode.equal(): @n0 from the document, @o0 from the op value (nested
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

		depth--;
		if (c == C_NIL || is_null(o)) {
			rc = crash(r, NILDEREF);
		} else if (c == C_XNULL || (c == C_VAL && n->kind == KR_NODE_SCALAR)) {
			rc = c == C_VAL && o->kind == KR_NODE_SCALAR &&
			     (n->type == KR_SCALAR_STR) == (o->type == KR_SCALAR_STR) && n->len == o->len &&
			     memcmp(n->u.str, o->u.str, n->len) == 0;
		} else if (c == C_RNULL) { /* a nil map */
			rc = o->kind == KR_NODE_MAP && o->len == 0;
		} else if (o->kind != n->kind || o->len != n->len) {
			rc = 0;
		} else if (grow((void **)&stack, &cap, depth, n->len, sizeof(*stack)) < 0) {
			rc = nomem(r->err);
		} else if (n->kind == KR_NODE_SEQ) {
			for (i = n->len; i-- > 0;)
				stack[depth++] = (struct cmp){n->u.items[i], o->u.items[i]};
		} else if (n->len) {
			rc = push_map(r, n, o, stack, &depth);
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

static int op_test(struct run *r, const struct op *op, const char *path, char *why)
{
	kr_node *con, *val;
	char *key;
	int rc;

	if (!*path) {
		rc = op->value ? equal(r, r->root, op->value) : crash(r, NILDEREF);
	} else {
		rc = find_object(r, path, &con, &key, "%s operation does not apply: is missing path: %s: missing value",
				 op->name);
		if (rc < 0)
			return rc;
		if (con_get(con, key, &val, why))
			return fail(r, "error in test for path: '%s': %s", path, why);
		if (cls_of(r, val) == C_NIL)
			rc = op->value ? is_null(op->value) : crash(r, NILDEREF);
		else
			rc = op->value ? equal(r, val, op->value) : 0;
	}
	if (rc < 0)
		return rc;
	return rc ? 0 : fail(r, "testing value %s failed: %s", path, "test failed");
}

static int op_replace(struct run *r, const struct op *op, const char *path, char *why)
{
	kr_node *con, *val, *v;
	char *key;
	int rc;

	if (!*path) {
		if (!op->value)
			return crash(r, NILDEREF);
		if (op->value->kind == KR_NODE_SCALAR)
			return 0; /* "value must be object or array" wraps a nil error */
		v = kr_node_copy(r->a, op->value, NULL);
		if (!v)
			return nomem(r->err);
		*r->root = *v;
		return 0;
	}
	rc = find_object(r, path, &con, &key, "%s operation does not apply: doc is missing path: %s: missing value",
			 op->name);
	if (rc < 0)
		return rc;
	if (con_get(con, key, &val, why))
		return fail(r, "replace operation does not apply: doc is missing key: %s: %s", path, "missing value");
	rc = con_put(r, con, key, op_value(r, op), false, why);
	return rc == FAIL ? fail(r, "error in remove for path: '%s': %s", path, why) : rc;
}

/* move and copy: json-patch reads from, gets, (removes,) then reads path. */
static int op_move_copy(struct run *r, const struct op *op, char *why)
{
	const char *path = op->path.s, *from = op->from.s;
	bool move = op->kind == OP_MOVE;
	kr_node *con, *val;
	char *key, buf[WHY];
	enum cls c;
	int rc;

	if (!from)
		return fail(r, "%s operation failed to decode from: %s", op->name, field_err(&op->from, NOFROM, buf));
	rc = find_object(r, from, &con, &key,
			 "%s operation does not apply: doc is missing from path: %s: missing value", op->name);
	if (rc < 0)
		return rc;
	if (con_get(con, key, &val, why))
		return move ? fail(r, "error in move for path: '%s': %s", key, why)
			    : fail(r, "error in copy for from: '%s': %s", from, why);
	if (move && con_remove(con, key, why))
		return fail(r, "error in move for path: '%s': %s", key, why);
	if (!path)
		return fail(r, "%s operation failed to decode path: %s", op->name,
			    move ? field_err(&op->path, NOPATH, buf) : "missing value");
	rc = find_object(r, path, &con, &key,
			 "%s operation does not apply: doc is missing destination path: %s: missing value", op->name);
	if (rc < 0)
		return rc;
	if (!move) { /* deepCopy() re-marshals: a null that is not Go nil comes back as raw "null" */
		c = cls_of(r, val);
		val = c == C_VAL ? kr_node_copy(r->a, val, NULL) : new_null(r, c == C_NIL ? C_NIL : C_RNULL);
	}
	rc = con_put(r, con, key, val, true, why);
	if (rc != FAIL)
		return rc;
	return move ? fail(r, "error in move for path: '%s': %s", path, why)
		    : fail(r, "error while adding value during copy: %s%s", why, "");
}

static int apply_op(struct run *r, const struct op *op)
{
	const char *path = op->path.s;
	kr_node *con;
	char *key, why[WHY], buf[WHY];
	int rc;

	r->mark = op->mark;
	switch (op->kind) {
	case OP_ADD:
	case OP_REMOVE:
		if (!path)
			return fail(r, "%s operation failed to decode path: %s", op->name, "missing value");
		rc = find_object(r, path, &con, &key,
				 "%s operation does not apply: doc is missing path: \"%s\": missing value", op->name);
		if (rc < 0)
			return rc;
		if (op->kind == OP_REMOVE)
			return con_remove(con, key, why) ? fail(r, "error in remove for path: '%s': %s", path, why) : 0;
		rc = con_put(r, con, key, op_value(r, op), true, why);
		return rc == FAIL ? fail(r, "error in add for path: '%s': %s", path, why) : rc;
	case OP_REPLACE:
	case OP_TEST:
		if (!path)
			return fail(r, "%s operation failed to decode path: %s", op->name,
				    field_err(&op->path, NOPATH, buf));
		return op->kind == OP_TEST ? op_test(r, op, path, why) : op_replace(r, op, path, why);
	case OP_MOVE:
	case OP_COPY:
		return op_move_copy(r, op, why);
	default:
		return fail(r, "Unexpected kind: %s%s", op->name, "");
	}
}

int kr_json6902_apply(kr_arena *a, kr_node *doc, const kr_json6902 *ops, kr_err *err)
{
	struct run r = {a, err, doc, {NULL, 0, 0}, NULL, NULL, 0};
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
