/*
 * load.c - libyaml parser events into kr_node trees.
 *
 * The builder keeps two stacks: the collections still open (with where
 * their children start) and the finished children waiting for their parent.
 * When a collection ends its children are copied into one exact-size arena
 * array, so a tree costs one node per value and one slot per child.
 * Invariants: the open-collection stack never exceeds lim->depth; nodes made
 * by alias expansion never exceed the alias budget of the document; every
 * error names file:line:col.
 */
#include "yaml/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/map.h"
#include "util/vec.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct open_coll {
	kr_node *node;
	size_t first; /* index of its first child in kids */
};

struct loader {
	kr_arena *a;
	const char *file;
	const char *data;
	size_t len;
	const kr_limits *lim;
	unsigned flags;
	kr_err *err;
	kr_node **kids;
	size_t nkids, capkids;
	struct open_coll *open;
	size_t depth, capopen;
	kr_map anchors;
	kr_map shared_keys; /* KR_LOAD_SHARE_KEYS: text -> the one key node */
	kr_node **spare;    /* every key node made for sharing (the loader frees them) */
	size_t nspare, capspare;
	kr_node **idle; /* those given back after their map ended, to reuse */
	size_t nidle, capidle;
	size_t doc_nodes;
	size_t alias_nodes;
	kr_node **docs;
	size_t ndocs, capdocs;
	int line0; /* line of the current chunk's first byte, minus one */
};

static kr_mark mark_of(const struct loader *L, const yaml_mark_t *m)
{
	kr_mark k = {L->file, (int)m->line + 1 + L->line0, (int)m->column + 1};
	return k;
}

static int oom(struct loader *L)
{
	return kr_err_set(L->err, KR_ENOMEM, NULL,
			  "memory budget exceeded (limit memory-bytes=%zu; " KR_LIMIT_RAISE("memory-bytes") ")",
			  L->lim->memory_bytes);
}

static int push_kid(struct loader *L, kr_node *n)
{
	if (kr_vec_grow(&L->kids, &L->capkids, L->nkids + 1, sizeof(*L->kids)) < 0)
		return oom(L);
	L->kids[L->nkids++] = n;
	return 0;
}

/* Line and column of byte @off, for reader errors that carry only an offset. */
static kr_mark mark_at_offset(const struct loader *L, size_t off)
{
	kr_mark m = {L->file, 1 + L->line0, 1};
	size_t i;

	for (i = 0; i < off && i < L->len; i++) {
		if (L->data[i] == '\n') {
			m.line++;
			m.col = 1;
		} else if (((unsigned char)L->data[i] & 0xC0) != 0x80) {
			m.col++;
		}
	}
	return m;
}

static int parser_error(struct loader *L, yaml_parser_t *p)
{
	kr_mark m;
	const char *problem = p->problem ? p->problem : "unknown error";

	if (p->error == YAML_MEMORY_ERROR)
		return oom(L);
	if (p->error == YAML_READER_ERROR) {
		m = mark_at_offset(L, p->problem_offset);
		if (p->problem_offset < L->len && L->data[p->problem_offset] == '\0')
			return kr_err_set(L->err, KR_EPARSE, &m, "yaml: NUL byte in input (%s)", problem);
		return kr_err_set(L->err, KR_EPARSE, &m, "yaml: %s (byte 0x%02x at offset %zu)", problem,
				  p->problem_value < 0 ? 0 : (unsigned)p->problem_value & 0xff,
				  p->problem_offset);
	}
	m = mark_of(L, &p->problem_mark);
	if (p->problem_mark.index < L->len && L->data[p->problem_mark.index] == '\t')
		return kr_err_set(L->err, KR_EPARSE, &m,
				  "yaml: %s: a tab character; YAML does not allow tabs for indentation",
				  problem);
	if (p->context)
		return kr_err_set(L->err, KR_EPARSE, &m, "yaml: %s (%s at line %d, column %d)", problem,
				  p->context, (int)p->context_mark.line + 1,
				  (int)p->context_mark.column + 1);
	return kr_err_set(L->err, KR_EPARSE, &m, "yaml: %s", problem);
}

static int base64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode !!binary text (whitespace ignored) into the node's string. */
static int decode_binary(struct loader *L, kr_node *n, const char *s, size_t len, const kr_mark *m)
{
	char *out = kr_arena_alloc(L->a, len + 1);
	size_t o = 0, i;
	unsigned acc = 0;
	int bits = 0;

	if (!out)
		return oom(L);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=')
			break;
		v = base64_val(c);
		if (v < 0)
			return kr_err_set(L->err, KR_EPARSE, m, "yaml: !!binary value is not valid base64");
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	n->u.str = out;
	n->len = o;
	n->type = KR_SCALAR_STR;
	return 0;
}

/* Type @n (text already set) from its tag and style, as yaml.v3 + JSON would. */
static int type_scalar(struct loader *L, kr_node *n, const char *tag, int plain, const kr_mark *m)
{
	enum kr_scalar_type type = KR_SCALAR_STR;
	char out[KR_SCALAR_OUT_MAX];
	bool changed = false;
	const char *want = NULL;
	int rc;

	if (tag && strcmp(tag, "!") != 0) {
		if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
			return 0; /* application tag: a string, as yaml.v3 decodes it */
		want = tag + strlen(TAG_PREFIX);
		if (strcmp(want, "str") == 0)
			return 0;
		if (strcmp(want, "binary") == 0)
			return decode_binary(L, n, n->u.str, n->len, m);
		if (strcmp(want, "merge") == 0)
			return 0;
	} else if (!plain) {
		return 0;
	}
	if (plain && !tag)
		n->flags |= KR_NODE_PLAIN;
	rc = kr_scalar_resolve_v3(n->u.str, n->len, &type, out, &changed);
	if (rc == KR_SCALAR_EINF) {
		if (L->flags & KR_LOAD_RESOURCE)
			return kr_err_set(L->err, KR_EINVAL, m,
					  "json: unsupported value: %s (YAML infinities and NaN cannot be rendered)",
					  n->u.str);
		return 0;
	}
	if (rc == KR_SCALAR_ETIME && (L->flags & KR_LOAD_RESOURCE))
		return kr_err_set(L->err, KR_EINVAL, m,
				  "Time.MarshalJSON: timezone hour outside of range [0,23] in timestamp %s",
				  n->u.str);
	if (want) {
		bool ok = (strcmp(want, "int") == 0 && type == KR_SCALAR_INT) ||
			  (strcmp(want, "float") == 0 && (type == KR_SCALAR_FLOAT || type == KR_SCALAR_INT)) ||
			  (strcmp(want, "bool") == 0 && type == KR_SCALAR_BOOL) ||
			  (strcmp(want, "null") == 0 && type == KR_SCALAR_NULL) ||
			  (strcmp(want, "timestamp") == 0 && type == KR_SCALAR_STR && changed);
		if (!ok) /* the value is not shown: it may be a Secret's */
			return kr_err_set(L->err, KR_EPARSE, m, "yaml: cannot decode the scalar as !!%s",
					  want);
	}
	n->type = (uint8_t)type;
	if (changed) {
		size_t olen = strlen(out);

		if (n->len > UINT32_MAX)
			return kr_err_set(L->err, KR_ETOOBIG, m, "a number scalar longer than 4 GiB");
		n->x.orig = n->u.str;
		n->orig_len = n->len;
		n->u.str = kr_arena_memdup(L->a, out, olen);
		if (!n->u.str)
			return oom(L);
		n->len = olen;
	}
	return 0;
}

static int register_anchor(struct loader *L, const yaml_char_t *anchor, kr_node *n)
{
	char *name;
	int rc;

	if (!anchor)
		return 0;
	name = kr_arena_strdup(L->a, (const char *)anchor);
	if (!name)
		return oom(L);
	/* a redefined anchor: later aliases see the new node */
	rc = kr_map_set(&L->anchors, name, strlen(name), n);
	return rc < 0 ? oom(L) : 0;
}

/*
 * kustomize's JSON keeps DEL, C1 controls and U+FFFE/U+FFFF raw (it escapes
 * only C0), and its YAML reader then rejects them: such escaped characters
 * in a double-quoted scalar make the whole build fail.
 */
static bool has_control_char(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x7f)
			return true;
		if (c == 0xc2 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1];
			if (d >= 0x80 && d <= 0x9f && d != 0x85)
				return true;
		}
		if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
		    ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf))
			return true;
	}
	return false;
}

/* Does the source of double-quoted scalar @ev use the escape "\/" (YAML 1.2 only)? */
static bool has_slash_escape(const struct loader *L, const yaml_event_t *ev)
{
	size_t i = ev->start_mark.index, end = ev->end_mark.index;

	for (; i + 1 < end && i + 1 < L->len; i++) {
		if (L->data[i] != '\\')
			continue;
		if (L->data[i + 1] == '/')
			return true;
		i++; /* skip the escaped character */
	}
	return false;
}

/*
 * A lasting copy of scalar text @val/@len of event @ev (libyaml frees the
 * event's buffer). With KR_LOAD_BORROW, text that stands unchanged in the
 * input (plain, or quoted without escapes or folding) is not copied: the
 * node points into the input, which the caller keeps alive. Borrowed text
 * is not NUL-terminated; scalar text is always used with its length.
 * libyaml's mark.index counts characters: after non-ASCII text it is not a
 * byte offset, the comparison then fails and the text is copied.
 */
static const char *lasting_text(struct loader *L, const yaml_event_t *ev, const char *val,
				size_t len)
{
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t s = ev->start_mark.index, e = ev->end_mark.index;

	if ((L->flags & KR_LOAD_BORROW) &&
	    (style == YAML_PLAIN_SCALAR_STYLE || style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	     style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)) {
		if (style != YAML_PLAIN_SCALAR_STYLE && e >= s + 2) {
			s++;
			e--;
		}
		if (e <= L->len && e >= s && e - s == len && memcmp(L->data + s, val, len) == 0)
			return L->data + s;
	}
	return kr_arena_memdup(L->a, val, len);
}

/*
 * KR_LOAD_SHARE_KEYS: a scalar without anchor or tag in a map's key
 * position gets a node of its own only until its map ends (the checks
 * there name its line); then the map points at the shared node for its
 * text and the node is reused for a later key.
 */
static bool is_shareable_key(const struct loader *L, const yaml_event_t *ev)
{
	const struct open_coll *o = L->depth ? &L->open[L->depth - 1] : NULL;

	return (L->flags & KR_LOAD_SHARE_KEYS) && o && o->node->kind == KR_NODE_MAP &&
	       (L->nkids - o->first) % 2 == 0 && !ev->data.scalar.anchor && !ev->data.scalar.tag;
}

static kr_node *spare_node(struct loader *L)
{
	kr_node *n;

	if (L->nidle) {
		n = L->idle[--L->nidle];
		memset(n, 0, sizeof(*n));
	} else {
		if (kr_vec_grow(&L->spare, &L->capspare, L->nspare + 1, sizeof(*L->spare)) < 0 ||
		    kr_vec_grow(&L->idle, &L->capidle, L->nspare + 1, sizeof(*L->idle)) < 0)
			return NULL;
		n = calloc(1, sizeof(*n));
		if (!n)
			return NULL;
		L->spare[L->nspare++] = n;
	}
	n->flags = KR_NODE_SPARE;
	return n;
}

/* the keys of @map made by spare_node(): replaced by the shared node for their text, and given back */
static int share_keys(struct loader *L, kr_node *map)
{
	size_t i;

	for (i = 0; i < map->len; i++) {
		kr_node *k = map->u.pairs[i].key, *shared;
		bool typed = k->type != KR_SCALAR_STR || k->x.orig;

		if (!(k->flags & KR_NODE_SPARE))
			continue;
		shared = typed ? NULL : kr_map_get(&L->shared_keys, k->u.str, k->len);
		if (!shared) {
			shared = kr_arena_alloc(L->a, sizeof(*shared));
			if (!shared)
				return oom(L);
			*shared = *k;
			shared->flags &= (uint8_t)~KR_NODE_SPARE;
			if (!typed && kr_map_put(&L->shared_keys, k->u.str, k->len, shared, NULL) < 0)
				return oom(L); /* typed keys (1: or true:) stay apart */
		}
		map->u.pairs[i].key = shared;
		L->idle[L->nidle++] = k; /* capidle covers every spare node */
	}
	return 0;
}

static void free_spares(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->nspare; i++)
		free(L->spare[i]);
	free(L->spare);
	free(L->idle);
}

static int on_scalar(struct loader *L, yaml_event_t *ev)
{
	kr_mark m = mark_of(L, &ev->start_mark);
	const char *val = (const char *)ev->data.scalar.value;
	size_t vlen = ev->data.scalar.length;
	kr_node *n;
	int rc;

	/* the node first points at libyaml's buffer; lasting_text() settles it below */
	n = is_shareable_key(L, ev) ? spare_node(L) : kr_arena_zalloc(L->a, sizeof(*n));
	if (!n)
		return oom(L);
	n->kind = KR_NODE_SCALAR;
	n->type = KR_SCALAR_STR;
	n->u.str = val;
	n->len = vlen;
	n->line = (uint32_t)m.line;
	n->col = (uint32_t)m.col;
	rc = type_scalar(L, n, (const char *)ev->data.scalar.tag,
			 ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, &m);
	if (rc < 0)
		return rc;
	if ((L->flags & KR_LOAD_RESOURCE) && ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    memchr(n->u.str, '/', n->len) && has_slash_escape(L, ev))
		return kr_err_set(L->err, KR_EPARSE, &m,
				  "yaml: found unknown escape character '\\/' (kustomize's YAML 1.1 reader "
				  "does not know it; write a plain '/')");
	if ((L->flags & KR_LOAD_RESOURCE) && ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    has_control_char(n->u.str, n->len))
		return kr_err_set(L->err, KR_EINVAL, &m,
				  "yaml: control characters are not allowed (an escaped DEL or C1 control "
				  "character cannot be rendered)");
	if (n->u.str == val)
		n->u.str = lasting_text(L, ev, val, vlen);
	if (n->x.orig == val)
		n->x.orig = lasting_text(L, ev, val, vlen);
	if (!n->u.str || (n->orig_len && !n->x.orig))
		return oom(L);
	L->doc_nodes++;
	rc = register_anchor(L, ev->data.scalar.anchor, n);
	if (rc < 0)
		return rc;
	return push_kid(L, n);
}

static int on_start(struct loader *L, yaml_event_t *ev, enum kr_node_kind kind)
{
	kr_mark m = mark_of(L, &ev->start_mark);
	const yaml_char_t *anchor;
	kr_node *n;
	int rc;

	if (L->depth >= L->lim->depth)
		return kr_err_set(L->err, KR_ETOOBIG, &m,
				  "nesting deeper than %zu levels (limit depth; " KR_LIMIT_RAISE("depth") ")",
				  L->lim->depth);
	n = kind == KR_NODE_MAP ? kr_node_new_map(L->a) : kr_node_new_seq(L->a);
	if (!n)
		return oom(L);
	n->line = (uint32_t)m.line;
	n->col = (uint32_t)m.col;
	n->flags |= KR_NODE_OPEN;
	L->doc_nodes++;
	anchor = kind == KR_NODE_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	rc = register_anchor(L, anchor, n);
	if (rc < 0)
		return rc;
	if (kr_vec_grow(&L->open, &L->capopen, L->depth + 1, sizeof(*L->open)) < 0)
		return oom(L);
	L->open[L->depth].node = n;
	L->open[L->depth].first = L->nkids;
	L->depth++;
	return 0;
}

static bool is_merge_key(const kr_node *k)
{
	return k->kind == KR_NODE_SCALAR && (k->flags & KR_NODE_PLAIN) && k->len == 2 &&
	       k->u.str[0] == '<' && k->u.str[1] == '<';
}

static bool key_eq(const kr_node *a, const kr_node *b)
{
	return a->kind == KR_NODE_SCALAR && b->kind == KR_NODE_SCALAR && a->len == b->len &&
	       memcmp(a->u.str, b->u.str, a->len) == 0;
}

/* Report the second of two equal keys, as yaml.v3 does. */
static int check_duplicates(struct loader *L, kr_node *map)
{
	kr_map seen = KR_MAP_INIT;
	size_t i, j;
	int rc = 0;

	if (map->len <= 8) {
		for (i = 1; i < map->len; i++) {
			const kr_node *k = map->u.pairs[i].key;
			if (is_merge_key(k))
				continue;
			for (j = 0; j < i; j++) {
				if (key_eq(k, map->u.pairs[j].key))
					goto dup;
			}
		}
		return 0;
	}
	for (i = 0; i < map->len; i++) {
		const kr_node *k = map->u.pairs[i].key;
		void *prev = NULL;
		if (k->kind != KR_NODE_SCALAR || is_merge_key(k))
			continue;
		rc = kr_map_put(&seen, k->u.str, k->len, (void *)k, &prev);
		if (rc < 0) {
			kr_map_dispose(&seen);
			return oom(L);
		}
		if (rc == 1) {
			for (j = 0; j < i; j++)
				if (map->u.pairs[j].key == prev)
					break;
			kr_map_dispose(&seen);
			goto dup;
		}
	}
	kr_map_dispose(&seen);
	return 0;
dup: {
	const kr_node *k = map->u.pairs[i].key;
	const kr_node *first = map->u.pairs[j].key;
	kr_mark m = {L->file, (int)k->line, (int)k->col};
	char q[96];
	return kr_err_set(L->err, KR_EDUP, &m, "mapping key \"%s\" already defined at line %u",
			  kr_quote_short(q, sizeof(q), k->u.str, k->len), first->line);
}
}

/* Apply `<<` merge keys the way yaml.v3 decodes them into a map. */
static int apply_merges(struct loader *L, kr_node *map)
{
	kr_node *merge = NULL;
	kr_pair *pairs;
	size_t n = 0, i, s, nsrc;
	int has = 0;

	for (i = 0; i < map->len; i++) {
		if (is_merge_key(map->u.pairs[i].key)) {
			merge = map->u.pairs[i].value; /* the last one counts */
			has = 1;
		}
	}
	if (!has)
		return 0;
	nsrc = merge->kind == KR_NODE_SEQ ? merge->len : 1;
	for (s = 0; s < nsrc; s++) {
		const kr_node *src = merge->kind == KR_NODE_SEQ ? merge->u.items[s] : merge;
		if (src->kind != KR_NODE_MAP) {
			kr_mark m = {L->file, (int)src->line, (int)src->col};
			return kr_err_set(L->err, KR_EPARSE, &m,
					  "yaml: map merge requires map or sequence of maps as the value");
		}
		n += src->len;
	}
	pairs = kr_arena_alloc(L->a, (map->len + n) * sizeof(*pairs));
	if (!pairs)
		return oom(L);
	/* explicit keys first, then merged keys not yet present (first source wins) */
	n = 0;
	for (i = 0; i < map->len; i++)
		if (!is_merge_key(map->u.pairs[i].key))
			pairs[n++] = map->u.pairs[i];
	for (s = 0; s < nsrc; s++) {
		const kr_node *src = merge->kind == KR_NODE_SEQ ? merge->u.items[s] : merge;
		for (i = 0; i < src->len; i++) {
			size_t j;
			int present = 0;
			for (j = 0; j < n; j++) {
				if (key_eq(pairs[j].key, src->u.pairs[i].key)) {
					present = 1;
					break;
				}
			}
			if (!present)
				pairs[n++] = src->u.pairs[i];
		}
	}
	map->u.pairs = pairs;
	map->len = n;
	map->x.cap = n;
	return 0;
}

static int check_keys(struct loader *L, const kr_node *map)
{
	size_t i;

	for (i = 0; i < map->len; i++) {
		const kr_node *k = map->u.pairs[i].key;
		kr_mark m = {L->file, (int)k->line, (int)k->col};
		char q[96];
		if (k->kind != KR_NODE_SCALAR)
			return kr_err_set(L->err, KR_EINVAL, &m,
					  "json: unsupported type: a mapping key must be a string, not a %s",
					  k->kind == KR_NODE_MAP ? "mapping" : "sequence");
		if (k->type != KR_SCALAR_STR)
			return kr_err_set(L->err, KR_EINVAL, &m,
					  "json: unsupported type: mapping key %s is not a string (quote it)",
					  kr_quote_short(q, sizeof(q), k->x.orig ? k->x.orig : k->u.str,
							 k->x.orig ? k->orig_len : k->len));
	}
	return 0;
}

static int on_end(struct loader *L)
{
	struct open_coll *o = &L->open[--L->depth];
	kr_node *n = o->node;
	size_t count = L->nkids - o->first;
	int rc;

	n->flags &= (uint8_t)~KR_NODE_OPEN;
	if (n->kind == KR_NODE_MAP) {
		size_t i;
		n->len = count / 2;
		n->x.cap = n->len;
		n->u.pairs = n->len ? kr_arena_alloc(L->a, n->len * sizeof(kr_pair)) : NULL;
		if (n->len && !n->u.pairs)
			return oom(L);
		for (i = 0; i < n->len; i++) {
			n->u.pairs[i].key = L->kids[o->first + 2 * i];
			n->u.pairs[i].value = L->kids[o->first + 2 * i + 1];
		}
		rc = check_duplicates(L, n);
		if (rc == 0)
			rc = apply_merges(L, n);
		if (rc == 0 && (L->flags & KR_LOAD_RESOURCE))
			rc = check_keys(L, n);
		if (rc == 0 && (L->flags & KR_LOAD_SHARE_KEYS))
			rc = share_keys(L, n);
		if (rc < 0)
			return rc;
	} else {
		n->len = count;
		n->x.cap = count;
		n->u.items = count ? kr_arena_alloc(L->a, count * sizeof(kr_node *)) : NULL;
		if (count && !n->u.items)
			return oom(L);
		if (count)
			memcpy(n->u.items, &L->kids[o->first], count * sizeof(kr_node *));
	}
	L->nkids = o->first;
	return push_kid(L, n);
}

static int on_alias(struct loader *L, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	kr_mark m = mark_of(L, &ev->start_mark);
	kr_node *target = kr_map_get(&L->anchors, name, strlen(name));
	size_t budget, allowed, before;
	kr_node *copy;

	if (!target)
		return kr_err_set(L->err, KR_EPARSE, &m, "yaml: unknown anchor '%s' referenced", name);
	if (target->flags & KR_NODE_OPEN)
		return kr_err_set(L->err, KR_EPARSE, &m,
				  "yaml: alias '%s' refers to an anchor that contains it (self-referential)",
				  name);
	allowed = L->doc_nodes * 10 > 10000 ? L->doc_nodes * 10 : 10000;
	if (allowed > L->lim->alias_nodes)
		allowed = L->lim->alias_nodes;
	budget = allowed > L->alias_nodes ? allowed - L->alias_nodes : 0;
	before = budget;
	copy = kr_node_copy(L->a, target, &budget);
	if (!copy) {
		if (budget == 0 && allowed == L->lim->alias_nodes)
			return kr_err_set(L->err, KR_ETOOBIG, &m,
					  "yaml: alias expansion budget exceeded: more than %zu nodes from "
					  "aliases (limit alias-nodes; " KR_LIMIT_RAISE("alias-nodes") ")",
					  allowed);
		if (budget == 0)
			return kr_err_set(L->err, KR_ETOOBIG, &m,
					  "yaml: alias expansion budget exceeded: more than %zu nodes from "
					  "aliases (aliases may add 10 times the document's own nodes, at "
					  "least 10000)",
					  allowed);
		return oom(L);
	}
	L->alias_nodes += before - budget;
	return push_kid(L, copy);
}

static int push_doc(struct loader *L)
{
	kr_node *root;

	if (L->nkids != 1)
		return kr_err_set(L->err, KR_EPARSE, NULL, "yaml: internal error: document without root");
	root = L->kids[0];
	L->nkids = 0;
	if (kr_vec_grow(&L->docs, &L->capdocs, L->ndocs + 1, sizeof(*L->docs)) < 0)
		return oom(L);
	L->docs[L->ndocs++] = root;
	if (L->ndocs > L->lim->documents) {
		kr_mark m = {L->file, (int)root->line, (int)root->col};
		return kr_err_set(L->err, KR_ETOOBIG, &m,
				  "more than %zu documents (limit documents; " KR_LIMIT_RAISE("documents") ")",
				  L->lim->documents);
	}
	return 0;
}

/* Parse one chunk; with @first_only stop after its first document (yaml.v3 Decode). */
static int parse_chunk(struct loader *L, bool first_only)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0;
	int done = 0;

	if (!yaml_parser_initialize(&p))
		return oom(L);
	yaml_parser_set_input_string(&p, (const unsigned char *)L->data, L->len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = parser_error(L, &p);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (ev.data.document_start.version_directive &&
			    ev.data.document_start.version_directive->minor != 1) {
				kr_mark m = mark_of(L, &ev.start_mark);
				rc = kr_err_set(L->err, KR_EPARSE, &m,
						"yaml: found incompatible YAML document (%%YAML %d.%d; only 1.1 is read)",
						ev.data.document_start.version_directive->major,
						ev.data.document_start.version_directive->minor);
			}
			kr_map_dispose(&L->anchors);
			L->doc_nodes = 0;
			L->alias_nodes = 0;
			break;
		case YAML_DOCUMENT_END_EVENT:
			rc = push_doc(L);
			if (first_only)
				done = 1;
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(L, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = on_start(L, &ev, KR_NODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = on_start(L, &ev, KR_NODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = on_end(L);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(L, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	/* an error may leave partial state behind: reset for the next chunk */
	L->nkids = 0;
	L->depth = 0;
	return rc;
}

/*
 * When every line that starts with "---" is a plain separator (nothing but
 * blanks or a comment after it) and no line starts with "...", "%" or a
 * byte order mark, each
 * kyaml chunk holds at most one document and libyaml's own document
 * boundaries are the same: the file can be parsed as one stream, which
 * spares a parser set-up per document.
 */
static bool one_stream_is_enough(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - data) : len;
		if (data[i] == '.' || data[i] == '%')
			if (data[i] == '%' || (end - i >= 3 && memcmp(data + i, "...", 3) == 0))
				return false;
		if (i > 0 && (unsigned char)data[i] == 0xEF)
			return false; /* maybe a BOM opening a later chunk: libyaml refuses it mid-stream */
		if (end - i >= 3 && memcmp(data + i, "---", 3) == 0) {
			size_t j = i + 3;
			while (j < end && (data[j] == ' ' || data[j] == '\t'))
				j++;
			if (j < end && data[j] != '#')
				return false;
		}
		i = end + 1;
	}
	return true;
}

/*
 * Split @data the way kyaml's ByteReader does before decoding: CRLF becomes
 * LF, then every line that starts with "---" after a line break ends a
 * chunk; anything but a comment after such a "---" is an error. Each chunk
 * is decoded alone, and only its first document counts.
 */
static int parse_kyaml_chunks(struct loader *L, const char *data, size_t len)
{
	char *norm = NULL;
	size_t start = 0, i, line = 0, start_line = 0;
	int rc = 0;

	if (memchr(data, '\r', len)) {
		size_t o = 0;
		norm = kr_arena_alloc(L->a, len + 1);
		if (!norm)
			return oom(L);
		for (i = 0; i < len; i++) {
			if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
				continue;
			norm[o++] = data[i];
		}
		norm[o] = '\0';
		data = norm;
		len = o;
	}
	if (one_stream_is_enough(data, len)) {
		L->data = data;
		L->len = len;
		return parse_chunk(L, false);
	}
	for (i = 0; i <= len && rc == 0; i++) {
		const char *nl;
		size_t end;
		if (i < len && !(data[i] == '\n' && i + 3 < len && memcmp(data + i + 1, "---", 3) == 0 &&
				 memchr(data + i + 4, '\n', len - i - 4))) {
			if (data[i] == '\n')
				line++;
			continue;
		}
		/* a chunk ends at i: either the end of input or "\n---...\n" */
		end = i;
		nl = i < len ? memchr(data + i + 4, '\n', len - i - 4) : NULL;
		if (nl) {
			const char *p = data + i + 4;
			while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r'))
				p++;
			if (p < nl && *p != '#') {
				kr_mark m = {L->file, (int)line + 2, 1};
				return kr_err_set(L->err, KR_EPARSE, &m,
						  "invalid document separator: text after '---' on its line");
			}
		}
		L->data = data + start;
		L->len = end - start + (nl ? 1 : 0);
		L->line0 = (int)start_line;
		rc = parse_chunk(L, true);
		if (nl) {
			start = (size_t)(nl - data) + 1;
			line += 2;
			start_line = line;
			i = (size_t)(nl - data);
		}
	}
	return rc;
}

int kr_yaml_load(kr_yaml_stream *out, kr_arena *a, const char *file, const char *data,
		 size_t len, const kr_limits *lim, unsigned flags, kr_err *err)
{
	struct loader L = {.a = a, .file = file, .data = data, .len = len, .lim = lim, .flags = flags, .err = err};
	int rc;

	out->docs = NULL;
	out->n = 0;
	if (flags & KR_LOAD_RESOURCE)
		rc = parse_kyaml_chunks(&L, data, len);
	else
		rc = parse_chunk(&L, false);
	if (rc == 0 && L.ndocs) {
		out->docs = kr_arena_alloc(a, L.ndocs * sizeof(kr_node *));
		if (!out->docs)
			rc = oom(&L);
		else {
			memcpy(out->docs, L.docs, L.ndocs * sizeof(kr_node *));
			out->n = L.ndocs;
		}
	}
	free(L.kids);
	free(L.open);
	free(L.docs);
	kr_map_dispose(&L.anchors);
	kr_map_dispose(&L.shared_keys);
	free_spares(&L);
	return rc;
}
