/*
 * fieldspec.c - matching field specs to resources and walking their paths.
 *
 * The walk is recursive over path segments only (bounded by the path's
 * length, not by the document's depth); sequences on the way are iterated.
 */
#include "kustomize/fieldspec.h"

#include <stdlib.h>
#include <string.h>

bool kr_fieldspec_matches(const kr_fieldspec *fs, const kr_resid *id)
{
	/* first bytes first: most specs name another kind (hot in every transformer) */
	if (fs->kind && fs->kind[0] && (fs->kind[0] != id->kind[0] || strcmp(fs->kind, id->kind) != 0))
		return false;
	if (fs->group && fs->group[0] && (fs->group[0] != id->group[0] || strcmp(fs->group, id->group) != 0))
		return false;
	if (fs->version && fs->version[0] && strcmp(fs->version, id->version) != 0)
		return false;
	return true;
}

#define MAX_SEGMENTS 64

/*
 * Split @path into segments inside @buf (2 * strlen(path) + 2 bytes; "\/"
 * unescaped). Returns the count or -1.
 */
static int split_path(char *buf, const char *path, char **seg)
{
	size_t n = strlen(path), i = 0;
	int count = 0;

	if (path[0] == '/')
		i = 1;
	while (i <= n) {
		char *s = buf;
		size_t o = 0;
		if (count == MAX_SEGMENTS)
			return -1;
		while (i < n && path[i] != '/') {
			if (path[i] == '\\' && i + 1 < n && path[i + 1] == '/') {
				s[o++] = '/';
				i += 2;
				continue;
			}
			s[o++] = path[i++];
		}
		s[o] = '\0';
		buf += o + 1;
		seg[count++] = s;
		i++;
	}
	return count;
}

struct walk {
	kr_arena *a;
	kr_field_visit visit;
	void *ctx;
	bool create;
	bool strict;
	char **seg;
	int nseg;
	kr_err *err;
};

static int walk_node(struct walk *w, kr_node *node, int i);

static int walk_key(struct walk *w, kr_node *map, int i)
{
	const char *key = w->seg[i];
	size_t klen = strlen(key);
	bool is_list = klen > 2 && strcmp(key + klen - 2, "[]") == 0;
	char *name = (char *)key;
	kr_node *child;

	if (is_list) {
		name = kr_arena_memdup(w->a, key, klen - 2);
		if (!name)
			return kr_err_set(w->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	child = kr_node_map_get(map, name);
	if (i == w->nseg - 1) {
		if (is_list && (!child || child->kind != KR_NODE_SEQ))
			return 0;
		if (!child && !w->create)
			return 0;
		return w->visit(w->ctx, map, name, child);
	}
	if (is_list) {
		if (!child || child->kind != KR_NODE_SEQ)
			return 0;
		return walk_node(w, child, i + 1);
	}
	if (!child || (child->kind == KR_NODE_SCALAR && child->type == KR_SCALAR_NULL)) {
		if (!w->create)
			return 0;
		child = kr_node_new_map(w->a);
		if (!child || kr_node_map_set(w->a, map, name, child) < 0)
			return kr_err_set(w->err, KR_ENOMEM, NULL, "memory budget exceeded");
	}
	return walk_node(w, child, i + 1);
}

static int walk_node(struct walk *w, kr_node *node, int i)
{
	size_t j;
	int rc = 0;

	if (node->kind == KR_NODE_SEQ) {
		for (j = 0; j < node->len && rc == 0; j++)
			rc = walk_node(w, node->u.items[j], i);
		return rc;
	}
	if (node->kind != KR_NODE_MAP) {
		if (w->strict && !(node->kind == KR_NODE_SCALAR && node->type == KR_SCALAR_NULL))
			return kr_err_set(w->err, KR_EINVAL, NULL,
					  "visit traversal on path '%s': expected sequence or mapping node",
					  w->seg[i]);
		return 0;
	}
	return walk_key(w, node, i);
}

static int walk(kr_arena *a, kr_node *root, const kr_fieldspec *fs, kr_field_visit visit, void *ctx,
		bool strict, kr_err *err)
{
	char *seg[MAX_SEGMENTS];
	char small[512];
	size_t need = 2 * strlen(fs->path) + 2;
	char *buf = need <= sizeof(small) ? small : malloc(need);
	struct walk w = {a, visit, ctx, fs->create, strict, seg, 0, err};
	int rc;

	if (!buf)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	w.nseg = split_path(buf, fs->path, seg);
	if (w.nseg <= 0)
		rc = kr_err_set(err, KR_EINVAL, NULL, "bad field path '%s'", fs->path);
	else
		rc = walk_node(&w, root, 0);
	if (buf != small)
		free(buf);
	return rc;
}

int kr_fieldspec_walk(kr_arena *a, kr_node *root, const kr_fieldspec *fs, kr_field_visit visit,
		      void *ctx, kr_err *err)
{
	return walk(a, root, fs, visit, ctx, false, err);
}

int kr_fieldspecs_add(kr_arena *a, kr_fieldspecs *list, const kr_fieldspec *fs)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		const kr_fieldspec *o = &list->v[i];
		if (strcmp(o->path, fs->path) == 0 && strcmp(o->group ? o->group : "", fs->group ? fs->group : "") == 0 &&
		    strcmp(o->version ? o->version : "", fs->version ? fs->version : "") == 0 &&
		    strcmp(o->kind ? o->kind : "", fs->kind ? fs->kind : "") == 0) {
			if (o->create != fs->create)
				return KR_EINVAL; /* kustomize: conflicting fieldspecs */
			return 0;
		}
	}
	if (kr_arena_grow(a, &list->v, &list->cap, list->n, sizeof(*list->v)) < 0)
		return KR_ENOMEM;
	list->v[list->n++] = *fs;
	return 0;
}

int kr_fieldspec_walk_strict(kr_arena *a, kr_node *root, const kr_fieldspec *fs, kr_field_visit visit,
			     void *ctx, kr_err *err)
{
	return walk(a, root, fs, visit, ctx, true, err);
}
