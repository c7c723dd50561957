/*
 * node.c - constructing, querying and copying kr_node trees.
 *
 * Collections grow by doubling inside the arena (the old array is simply
 * abandoned to the arena). Lookups by key are linear: Kubernetes mappings
 * are small, and the loader checks duplicates with a hash set instead.
 * kr_node_copy() and kr_node_count() use an explicit stack, so hostile
 * depth cannot overflow the C stack.
 */
#include "yaml/node.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

kr_node *kr_node_new_scalar(kr_arena *a, enum kr_scalar_type type, const char *s, size_t n)
{
	kr_node *node = kr_arena_zalloc(a, sizeof(*node));

	if (!node)
		return NULL;
	node->kind = KR_NODE_SCALAR;
	node->type = (uint8_t)type;
	node->u.str = kr_arena_memdup(a, s, n);
	if (!node->u.str)
		return NULL;
	node->len = n;
	return node;
}

kr_node *kr_node_new_str(kr_arena *a, const char *s)
{
	return kr_node_new_scalar(a, KR_SCALAR_STR, s, strlen(s));
}

static kr_node *new_coll(kr_arena *a, enum kr_node_kind kind)
{
	kr_node *node = kr_arena_zalloc(a, sizeof(*node));

	if (node)
		node->kind = (uint8_t)kind;
	return node;
}

kr_node *kr_node_new_map(kr_arena *a)
{
	return new_coll(a, KR_NODE_MAP);
}

kr_node *kr_node_new_seq(kr_arena *a)
{
	return new_coll(a, KR_NODE_SEQ);
}

bool kr_node_is_str(const kr_node *n)
{
	return n && n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_STR;
}

bool kr_node_str_eq(const kr_node *n, const char *s)
{
	size_t len;

	if (!n || n->kind != KR_NODE_SCALAR)
		return false;
	len = strlen(s);
	return n->len == len && memcmp(n->u.str, s, len) == 0;
}

const char *kr_node_text(kr_arena *a, const kr_node *n)
{
	if (!n || n->kind != KR_NODE_SCALAR)
		return "";
	return kr_arena_memdup(a, n->u.str, n->len);
}

long kr_node_map_index(const kr_node *map, const char *key)
{
	return kr_node_map_find(map, key, strlen(key));
}

long kr_node_map_find(const kr_node *map, const char *key, size_t klen)
{
	size_t i;

	if (!map || map->kind != KR_NODE_MAP)
		return -1;
	for (i = 0; i < map->len; i++) {
		const kr_node *k = map->u.pairs[i].key;
		if (k->kind == KR_NODE_SCALAR && k->len == klen && memcmp(k->u.str, key, klen) == 0)
			return (long)i;
	}
	return -1;
}

kr_node *kr_node_map_get_n(const kr_node *map, const char *key, size_t len)
{
	long i = kr_node_map_find(map, key, len);

	return i < 0 ? NULL : map->u.pairs[i].value;
}

kr_node *kr_node_map_get(const kr_node *map, const char *key)
{
	long i = kr_node_map_index(map, key);

	return i < 0 ? NULL : map->u.pairs[i].value;
}

kr_node *kr_node_map_get_path(const kr_node *map, const char *const *keys, size_t n)
{
	const kr_node *cur = map;
	size_t i;

	for (i = 0; i < n && cur; i++)
		cur = kr_node_map_get(cur, keys[i]);
	return (kr_node *)cur;
}

static int reserve(kr_arena *a, kr_node *coll, size_t elem)
{
	size_t cap;
	void *p;

	if (coll->len < coll->x.cap)
		return 0;
	cap = coll->x.cap ? coll->x.cap * 2 : 4;
	p = kr_arena_alloc(a, cap * elem);
	if (!p)
		return KR_ENOMEM;
	if (coll->len)
		memcpy(p, coll->kind == KR_NODE_MAP ? (void *)coll->u.pairs : (void *)coll->u.items,
		       coll->len * elem);
	if (coll->kind == KR_NODE_MAP)
		coll->u.pairs = p;
	else
		coll->u.items = p;
	coll->x.cap = cap;
	return 0;
}

int kr_node_map_append(kr_arena *a, kr_node *map, kr_node *key, kr_node *value)
{
	int rc = reserve(a, map, sizeof(kr_pair));

	if (rc < 0)
		return rc;
	map->u.pairs[map->len].key = key;
	map->u.pairs[map->len].value = value;
	map->len++;
	return 0;
}

int kr_node_map_set(kr_arena *a, kr_node *map, const char *key, kr_node *value)
{
	long i = kr_node_map_index(map, key);
	kr_node *k;

	if (i >= 0) {
		map->u.pairs[i].value = value;
		return 0;
	}
	k = kr_node_new_str(a, key);
	if (!k)
		return KR_ENOMEM;
	return kr_node_map_append(a, map, k, value);
}

bool kr_node_map_delete(kr_node *map, const char *key)
{
	long i = kr_node_map_index(map, key);

	if (i < 0)
		return false;
	kr_node_map_remove(map, (size_t)i);
	return true;
}

void kr_node_map_remove(kr_node *map, size_t i)
{
	memmove(&map->u.pairs[i], &map->u.pairs[i + 1], (map->len - i - 1) * sizeof(kr_pair));
	map->len--;
}

int kr_node_seq_append(kr_arena *a, kr_node *seq, kr_node *item)
{
	int rc = reserve(a, seq, sizeof(kr_node *));

	if (rc < 0)
		return rc;
	seq->u.items[seq->len++] = item;
	return 0;
}

/* Explicit-stack walk shared by copy and count: a frame per open collection. */
struct frame {
	const kr_node *src;
	kr_node *dst;
	size_t i;
};

static kr_node *copy_shallow(kr_arena *a, const kr_node *n)
{
	kr_node *c = kr_arena_alloc(a, sizeof(*c));

	if (!c)
		return NULL;
	*c = *n;
	c->flags &= (uint8_t)~KR_NODE_OPEN;
	if (n->kind == KR_NODE_MAP) {
		c->u.pairs = n->len ? kr_arena_alloc(a, n->len * sizeof(kr_pair)) : NULL;
		c->x.cap = n->len;
		if (n->len && !c->u.pairs)
			return NULL;
	} else if (n->kind == KR_NODE_SEQ) {
		c->u.items = n->len ? kr_arena_alloc(a, n->len * sizeof(kr_node *)) : NULL;
		c->x.cap = n->len;
		if (n->len && !c->u.items)
			return NULL;
	}
	/* scalar text is immutable and shared */
	return c;
}

kr_node *kr_node_copy(kr_arena *a, const kr_node *n, size_t *budget)
{
	struct frame *stack = NULL;
	size_t depth = 0, cap = 0;
	kr_node *root;

	if (budget) {
		if (*budget == 0)
			return NULL;
		(*budget)--;
	}
	root = copy_shallow(a, n);
	if (!root || n->kind == KR_NODE_SCALAR)
		return root;
	cap = 16;
	stack = malloc(cap * sizeof(*stack));
	if (!stack)
		return NULL;
	stack[depth++] = (struct frame){n, root, 0};
	while (depth) {
		struct frame *f = &stack[depth - 1];
		size_t total = f->src->kind == KR_NODE_MAP ? f->src->len * 2 : f->src->len;
		const kr_node *child;
		kr_node *copy;

		if (f->i == total) {
			depth--;
			continue;
		}
		if (f->src->kind == KR_NODE_MAP)
			child = f->i % 2 ? f->src->u.pairs[f->i / 2].value : f->src->u.pairs[f->i / 2].key;
		else
			child = f->src->u.items[f->i];
		if (budget) {
			if (*budget == 0) {
				root = NULL;
				break;
			}
			(*budget)--;
		}
		copy = copy_shallow(a, child);
		if (!copy) {
			root = NULL;
			break;
		}
		if (f->src->kind == KR_NODE_MAP) {
			if (f->i % 2)
				f->dst->u.pairs[f->i / 2].value = copy;
			else
				f->dst->u.pairs[f->i / 2].key = copy;
		} else {
			f->dst->u.items[f->i] = copy;
		}
		f->i++;
		if (child->kind != KR_NODE_SCALAR && child->len) {
			if (depth == cap) {
				struct frame *p = realloc(stack, 2 * cap * sizeof(*stack));
				if (!p) {
					root = NULL;
					break;
				}
				stack = p;
				cap *= 2;
			}
			stack[depth++] = (struct frame){child, copy, 0};
		}
	}
	free(stack);
	return root;
}

size_t kr_node_depth(const kr_node *n, size_t stop)
{
	struct frame {
		const kr_node *n;
		size_t level; /* collections from the root down to n, n included */
	} *stack;
	size_t top = 0, cap = 64, deepest = 0;

	if (n->kind == KR_NODE_SCALAR)
		return 0;
	stack = malloc(cap * sizeof(*stack));
	if (!stack)
		return SIZE_MAX;
	stack[top++] = (struct frame){n, 1};
	while (top && deepest <= stop) {
		struct frame f = stack[--top];
		size_t i;

		if (f.level > deepest)
			deepest = f.level;
		for (i = 0; i < f.n->len; i++) {
			const kr_node *kid = f.n->kind == KR_NODE_MAP ? f.n->u.pairs[i].value : f.n->u.items[i];

			if (kid->kind == KR_NODE_SCALAR)
				continue;
			if (top == cap) {
				struct frame *p = realloc(stack, 2 * cap * sizeof(*stack));
				if (!p) {
					free(stack);
					return SIZE_MAX;
				}
				stack = p;
				cap *= 2;
			}
			stack[top++] = (struct frame){kid, f.level + 1};
		}
	}
	free(stack);
	return deepest > stop ? stop + 1 : deepest;
}

size_t kr_node_count(const kr_node *n)
{
	const kr_node **stack;
	size_t depth = 0, cap = 64, count = 0;

	stack = malloc(cap * sizeof(*stack));
	if (!stack)
		return 0;
	stack[depth++] = n;
	while (depth) {
		const kr_node *cur = stack[--depth];
		size_t need, i;

		count++;
		if (cur->kind == KR_NODE_SCALAR)
			continue;
		need = cur->kind == KR_NODE_MAP ? cur->len * 2 : cur->len;
		if (depth + need > cap) {
			const kr_node **p;
			while (depth + need > cap)
				cap *= 2;
			p = realloc(stack, cap * sizeof(*stack));
			if (!p) {
				free(stack);
				return 0;
			}
			stack = p;
		}
		for (i = 0; i < cur->len; i++) {
			if (cur->kind == KR_NODE_MAP) {
				stack[depth++] = cur->u.pairs[i].key;
				stack[depth++] = cur->u.pairs[i].value;
			} else {
				stack[depth++] = cur->u.items[i];
			}
		}
	}
	free(stack);
	return count;
}

bool kr_node_equal(const kr_node *a, const kr_node *b)
{
	size_t i;

	if (a->kind != b->kind || a->len != b->len)
		return false;
	switch (a->kind) {
	case KR_NODE_SCALAR:
		return a->type == b->type && memcmp(a->u.str, b->u.str, a->len) == 0;
	case KR_NODE_SEQ:
		for (i = 0; i < a->len; i++)
			if (!kr_node_equal(a->u.items[i], b->u.items[i]))
				return false;
		return true;
	default:
		for (i = 0; i < a->len; i++) {
			const kr_node *bv = NULL;
			size_t j;
			for (j = 0; j < b->len; j++) {
				if (kr_node_equal(a->u.pairs[i].key, b->u.pairs[j].key)) {
					bv = b->u.pairs[j].value;
					break;
				}
			}
			if (!bv || !kr_node_equal(a->u.pairs[i].value, bv))
				return false;
		}
		return true;
	}
}

/*
 * YAML 1.1 view of a subtree, for documents kustomize reads with yaml.v2
 * through sigs.k8s.io/yaml (kustomization fields, JSON 6902 patches).
 */
static kr_node *copy_v11(kr_arena *a, const kr_node *n, int depth)
{
	kr_node *c;
	size_t i;

	if (depth > 10000)
		return NULL;
	if (n->kind == KR_NODE_MAP) {
		c = kr_node_new_map(a);
		for (i = 0; c && i < n->len; i++) {
			kr_node *k = copy_v11(a, n->u.pairs[i].key, depth + 1);
			kr_node *v = copy_v11(a, n->u.pairs[i].value, depth + 1);
			const char *key = k ? kr_node_text(a, k) : NULL;

			if (!key || !v || kr_node_map_set(a, c, key, v) < 0)
				return NULL;
		}
		return c;
	}
	if (n->kind == KR_NODE_SEQ) {
		c = kr_node_new_seq(a);
		for (i = 0; c && i < n->len; i++) {
			kr_node *v = copy_v11(a, n->u.items[i], depth + 1);

			if (!v || kr_node_seq_append(a, c, v) < 0)
				return NULL;
		}
		return c;
	}
	if (n->flags & KR_NODE_PLAIN) {
		const char *src = n->x.orig ? n->x.orig : n->u.str;
		size_t len = n->x.orig ? n->orig_len : n->len;
		enum kr_scalar_type t = kr_scalar_type_v2(src, len), t3;
		char norm[KR_SCALAR_OUT_MAX];
		bool changed;

		if (t == KR_SCALAR_NULL)
			return kr_node_new_scalar(a, KR_SCALAR_NULL, "null", 4);
		if (t == KR_SCALAR_BOOL)
			return kr_scalar_bool_v2(src, len) == 1 ? kr_node_new_scalar(a, KR_SCALAR_BOOL, "true", 4)
								 : kr_node_new_scalar(a, KR_SCALAR_BOOL, "false", 5);
		if ((t == KR_SCALAR_INT || t == KR_SCALAR_FLOAT) &&
		    kr_scalar_resolve_v3(src, len, &t3, norm, &changed) == KR_SCALAR_OK &&
		    (t3 == KR_SCALAR_INT || t3 == KR_SCALAR_FLOAT))
			return kr_node_new_scalar(a, t3, changed ? norm : src, changed ? strlen(norm) : len);
	}
	if (n->flags & KR_NODE_PLAIN && n->x.orig) /* a v3 timestamp stays as written */
		return kr_node_new_scalar(a, KR_SCALAR_STR, n->x.orig, n->orig_len);
	return kr_node_new_scalar(a, KR_SCALAR_STR, n->u.str, n->len);
}

kr_node *kr_node_copy_v11(kr_arena *a, const kr_node *n)
{
	return n ? copy_v11(a, n, 0) : NULL;
}

