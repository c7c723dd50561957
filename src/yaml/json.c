/*
 * json.c - canonical (encoding/json-compatible) JSON writer and node hash.
 *
 * Recursion depth is bounded by the loader's depth limit on every tree the
 * engine builds; keys are sorted per object with a small index array.
 */
#include "yaml/json.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char hex[] = "0123456789abcdef";

/* bytes that may need an escape: control characters, " \\ < > & and the lead byte of U+2028/9 */
static bool special(unsigned char c)
{
	static const unsigned char table[256] = {
		[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1, [0xE2] = 1,
	};

	return table[c];
}

int kr_json_write_string(kr_buf *out, const char *s, size_t n)
{
	size_t i, start = 0;
	int rc = kr_buf_putc(out, '"');

	for (i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		const char *e = NULL;
		size_t elen = 2;
		size_t skip = 1;

		if (!special(c))
			continue;
		if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c == '\n')
			e = "\\n";
		else if (c == '\r')
			e = "\\r";
		else if (c == '\t')
			e = "\\t";
		else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
			esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
			e = esc;
			elen = 6;
		} else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			e = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			elen = 6;
			skip = 3;
		}
		if (!e)
			continue;
		rc = kr_buf_append(out, s + start, i - start);
		if (rc == 0)
			rc = kr_buf_append(out, e, elen);
		i += skip - 1;
		start = i + 1;
	}
	if (rc == 0)
		rc = kr_buf_append(out, s + start, n - start);
	if (rc == 0)
		rc = kr_buf_putc(out, '"');
	return rc;
}

static int cmp_bytes(const kr_node *a, const kr_node *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->u.str, b->u.str, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int cmp_pairs(const void *x, const void *y)
{
	return cmp_bytes((*(const kr_pair *const *)x)->key, (*(const kr_pair *const *)y)->key);
}

#define SMALL_MAP 32

/* the pairs of @n in key order: in place when already sorted, else sorted pointers (small maps on the stack) */
static int write_map(kr_buf *out, const kr_node *n)
{
	const kr_pair *stack[SMALL_MAP], **idx = stack;
	size_t i, j;
	bool sorted = true;
	int rc;

	for (i = 1; i < n->len && sorted; i++)
		sorted = cmp_bytes(n->u.pairs[i - 1].key, n->u.pairs[i].key) < 0;
	if (!sorted && n->len > SMALL_MAP) {
		idx = malloc(n->len * sizeof(*idx));
		if (!idx)
			return KR_ENOMEM;
	}
	if (!sorted) {
		for (i = 0; i < n->len; i++)
			idx[i] = &n->u.pairs[i];
		if (n->len > SMALL_MAP) {
			qsort(idx, n->len, sizeof(*idx), cmp_pairs);
		} else {
			for (i = 1; i < n->len; i++) { /* insertion sort: stable, as few compares as small maps need */
				const kr_pair *p = idx[i];

				for (j = i; j > 0 && cmp_bytes(idx[j - 1]->key, p->key) > 0; j--)
					idx[j] = idx[j - 1];
				idx[j] = p;
			}
		}
	}
	rc = kr_buf_putc(out, '{');
	for (i = 0; i < n->len && rc == 0; i++) {
		const kr_pair *p = sorted ? &n->u.pairs[i] : idx[i];

		if (i)
			rc = kr_buf_putc(out, ',');
		if (rc == 0)
			rc = kr_json_write_string(out, p->key->u.str, p->key->len);
		if (rc == 0)
			rc = kr_buf_putc(out, ':');
		if (rc == 0)
			rc = kr_json_write(out, p->value);
	}
	if (idx != stack)
		free(idx);
	return rc ? rc : kr_buf_putc(out, '}');
}

int kr_json_write(kr_buf *out, const kr_node *n)
{
	size_t i;
	int rc = 0;

	switch (n->kind) {
	case KR_NODE_SCALAR:
		if (n->type == KR_SCALAR_STR)
			return kr_json_write_string(out, n->u.str, n->len);
		return kr_buf_append(out, n->u.str, n->len);
	case KR_NODE_SEQ:
		rc = kr_buf_putc(out, '[');
		for (i = 0; i < n->len && rc == 0; i++) {
			if (i)
				rc = kr_buf_putc(out, ',');
			if (rc == 0)
				rc = kr_json_write(out, n->u.items[i]);
		}
		return rc ? rc : kr_buf_putc(out, ']');
	default:
		return write_map(out, n);
	}
}

int kr_node_hash(const kr_node *n, uint64_t *hash)
{
	kr_buf b;
	int rc;

	kr_buf_init(&b, (size_t)1 << 30);
	rc = kr_json_write(&b, n);
	if (rc == 0)
		*hash = XXH3_64bits(b.data, b.len);
	kr_buf_dispose(&b);
	return rc;
}

char *kr_json_pointer_token(kr_arena *a, const char *s, size_t n)
{
	char *t = kr_arena_alloc(a, n + 1);
	size_t i, o = 0;

	if (!t)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1'))
			t[o++] = s[++i] == '1' ? '/' : '~';
		else
			t[o++] = s[i];
	}
	t[o] = '\0';
	return t;
}
