/*
 * emit_fast.c - the bytes libyaml's emitter would write for a document, for
 * the common documents, without libyaml.
 *
 * The document is written optimistically and taken back at the first node
 * that needs libyaml. A document qualifies when every scalar's output cannot depend on
 * libyaml's analysis: ASCII text from a safe set that is written plain (or
 * double-quoted without any escape), short enough that no line can reach
 * the 80-column fold, keys of at most 128 bytes, and no sequence directly
 * inside a sequence. Then the layout is fixed: block mappings with keys in
 * go-yaml v2 order, sequences indentless under mapping keys, "{}"/"[]" for
 * empty collections, two-space indentation. Anything else goes to libyaml
 * (emit.c); the emitter fixtures and every conformance case check that
 * both paths print the same bytes.
 */
#include "yaml/emit.h"

#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/vec.h"

#define WIDTH 80
#define MAX_DEPTH 1000

#define NOT_SIMPLE 1 /* f->rc: a node needs libyaml; the output is rolled back */

struct fast {
	kr_buf *out;
	size_t *scratch;
	size_t nscratch, capscratch;
	int rc;
};

static bool safe_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("._/=+:@,()-", c));
}

/*
 * How scalar @n is written at column @col: 'p' plain, 'q' double-quoted
 * without escapes, 0 when libyaml must decide.
 */
static char scalar_form(const kr_node *n, size_t col)
{
	const unsigned char *s = (const unsigned char *)n->u.str;
	size_t len = n->len, i;
	bool space = false;

	if (n->type != KR_SCALAR_STR) {
		for (i = 0; i < len; i++)
			if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' ||
			      s[i] == '+' || s[i] == '-'))
				return 0;
		return len ? 'p' : 0;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == ' ') {
			if (i == 0 || i + 1 == len || s[i - 1] == ' ')
				return 0;
			space = true;
		} else if (!safe_char(s[i])) {
			return 0;
		} else if (s[i] == ':' && (i + 1 == len || s[i + 1] == ' ')) {
			return 0;
		}
	}
	if (col + len + 2 > WIDTH && space)
		return 0;
	if (kr_scalar_needs_quotes_v2(n->u.str, len))
		return col + len + 2 <= WIDTH ? 'q' : 0;
	if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
			  (s[0] >= '0' && s[0] <= '9') || s[0] == '/' || s[0] == '_' ||
			  (s[0] == '-' && len > 1 && s[1] != ' ' && !(len >= 3 && s[1] == '-' && s[2] == '-'))))
		return 0;
	return 'p';
}

static void put(struct fast *f, const char *s, size_t n)
{
	if (f->rc == 0)
		f->rc = kr_buf_append(f->out, s, n);
}

static void spaces(struct fast *f, size_t n)
{
	static const char blanks[] = "                                                                ";

	while (n > 0) {
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;

		put(f, blanks, k);
		n -= k;
	}
}

static void scalar(struct fast *f, const kr_node *n, size_t col)
{
	char form = scalar_form(n, col);

	if (!form) {
		f->rc = NOT_SIMPLE;
	} else if (form == 'q') {
		put(f, "\"", 1);
		put(f, n->u.str, n->len);
		put(f, "\"\n", 2);
	} else {
		put(f, n->u.str, n->len);
		put(f, "\n", 1);
	}
}

static void write_seq(struct fast *f, const kr_node *q, size_t indent, int depth);

static void write_map(struct fast *f, const kr_node *m, size_t indent, bool first_inline, int depth)
{
	size_t off, i;

	if (depth > MAX_DEPTH)
		f->rc = NOT_SIMPLE;
	if (f->rc == 0 && kr_vec_grow(&f->scratch, &f->capscratch, f->nscratch + 2 * m->len, sizeof(size_t)) < 0)
		f->rc = KR_ENOMEM;
	if (f->rc)
		return;
	off = f->nscratch;
	f->nscratch += 2 * m->len;
	if (m->len)
		kr_yaml_sort_keys(m, f->scratch + off, f->scratch + off + m->len);
	for (i = 0; i < m->len && f->rc == 0; i++) {
		const kr_pair *p = &m->u.pairs[f->scratch[off + i]];
		const kr_node *v = p->value;

		if (p->key->kind != KR_NODE_SCALAR || p->key->type != KR_SCALAR_STR || p->key->len > 128 ||
		    scalar_form(p->key, indent) != 'p') {
			f->rc = NOT_SIMPLE;
			break;
		}
		if (i > 0 || !first_inline)
			spaces(f, indent);
		put(f, p->key->u.str, p->key->len);
		put(f, ":", 1);
		if (v->kind == KR_NODE_SCALAR) {
			put(f, " ", 1);
			scalar(f, v, indent + p->key->len + 2);
		} else if (v->len == 0) {
			put(f, v->kind == KR_NODE_MAP ? " {}\n" : " []\n", 4);
		} else if (v->kind == KR_NODE_MAP) {
			put(f, "\n", 1);
			write_map(f, v, indent + 2, false, depth + 1);
		} else {
			put(f, "\n", 1);
			write_seq(f, v, indent, depth + 1);
		}
	}
	f->nscratch = off;
}

static void write_seq(struct fast *f, const kr_node *q, size_t indent, int depth)
{
	size_t i;

	for (i = 0; i < q->len && f->rc == 0; i++) {
		const kr_node *v = q->u.items[i];

		spaces(f, indent);
		put(f, "- ", 2);
		if (v->kind == KR_NODE_SCALAR)
			scalar(f, v, indent + 2);
		else if (v->len == 0)
			put(f, v->kind == KR_NODE_MAP ? "{}\n" : "[]\n", 3);
		else if (v->kind == KR_NODE_MAP)
			write_map(f, v, indent + 2, true, depth + 1);
		else
			f->rc = NOT_SIMPLE; /* a sequence in a sequence: libyaml's "- - " layout */
	}
}

int kr_yaml_emit_fast(kr_buf *out, const kr_node *root, kr_err *err)
{
	struct fast f = {out, NULL, 0, 0, 0};
	size_t start = out->len;

	if (root->kind != KR_NODE_MAP)
		return 0;
	if (root->len == 0)
		put(&f, "{}\n", 3);
	else
		write_map(&f, root, 0, false, 0);
	free(f.scratch);
	if (f.rc == NOT_SIMPLE) {
		out->len = start; /* written optimistically: take it back */
		if (out->data)
			out->data[start] = '\0';
		return 0;
	}
	if (f.rc == KR_ETOOBIG)
		return kr_err_set(err, KR_ETOOBIG, NULL,
				  "output larger than the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
	if (f.rc < 0)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory while writing output");
	return 1;
}
