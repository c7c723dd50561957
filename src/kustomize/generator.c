/*
 * generator.c - ConfigMap/Secret generators, their merge, and name hashes.
 *
 * kr_generator_make() decodes one generator entry with encoding/json's
 * rules over YAML 1.1 scalars (field names match case-insensitively, null
 * leaves a field unset, the first error in document order wins), gathers
 * key/value pairs as kustomize's kv loader does, and builds the object.
 * Invariants: pair keys are unique when the object is built (a repeat is
 * the "illegally repeats the key" error); map keys are written in byte
 * order; every file is resolved and read through the kr_fs jail and counted
 * against the render's input budget; all memory is the render's arena, save
 * short-lived heap vectors freed before return.
 */
#include "kustomize/generator.h"
#include "kustomize/kustomization.h"

#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/map.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "yaml/json.h"

#define ENV_LINE_MAX 65535 /* bufio.Scanner's 64 KiB token, newline included */
#define B64_LINE 70

struct str {
	const char *s;
	size_t n;
};

struct kv {
	struct str k, v;
};

struct kvs {
	struct kv *v;
	size_t n, cap;
};

struct opts {
	const kr_node *labels, *annotations; /* checked string maps, or NULL */
	bool disable, immutable;
};

struct args {
	struct str name, ns, behavior, type;
	struct str *lits, *files, *envs, env; /* envs has room for env at its end */
	size_t n_lits, n_files, n_envs;
	struct opts opt;
};

struct gen {
	kr_render *r;
	const char *kdir;
	const char *kfile;
	kr_mark m; /* the entry */
	bool secret;
};

static int oom(struct gen *g)
{
	return kr_err_set(g->r->err, KR_ENOMEM, NULL, "memory budget exceeded");
}

/* Give an error set without a place (fs layer, limits) the entry's place. */
static int at(struct gen *g, int rc)
{
	return rc < 0 && g->r->err ? kr_err_locate(g->r->err, &g->m) : rc;
}

/* The text kyaml reads from scalar @n ("" for null and collections). */
static struct str text(const kr_node *n)
{
	struct str t = {"", 0};

	if (!n || n->kind != KR_NODE_SCALAR || n->type == KR_SCALAR_NULL)
		return t;
	if (n->x.orig) {
		t.s = n->x.orig;
		t.n = n->orig_len;
	} else {
		t.s = n->u.str;
		t.n = n->len;
	}
	return t;
}

static bool is_type(const kr_node *n, const char *t)
{
	return strcmp(kr_kust_json_type(n), t) == 0;
}

static int type_err(struct gen *g, const kr_node *n, const char *field, const char *gotype)
{
	kr_mark m = {g->kfile, (int)n->line, (int)n->col};

	return kr_err_set(g->r->err, KR_EPARSE, &m,
			  "invalid Kustomization: json: cannot unmarshal %s into Go struct field %s of type %s",
			  kr_kust_json_type(n), field, gotype);
}

static int get_str(struct gen *g, const kr_node *n, const char *field, struct str *out)
{
	if (is_type(n, "null"))
		return 0;
	if (!is_type(n, "string"))
		return type_err(g, n, field, "string");
	*out = text(n);
	return 0;
}

static int get_bool(struct gen *g, const kr_node *n, const char *field, bool *out)
{
	static const char *const yes[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
					  "on", "On", "ON"};
	struct str t = text(n);
	size_t i;

	if (is_type(n, "null"))
		return 0;
	if (!is_type(n, "bool"))
		return type_err(g, n, field, "bool");
	*out = false;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (t.n == strlen(yes[i]) && memcmp(t.s, yes[i], t.n) == 0)
			*out = true;
	return 0;
}

static int get_strs(struct gen *g, const kr_node *n, const char *field, struct str **out,
		    size_t *count)
{
	size_t i;

	*out = NULL;
	*count = 0;
	if (is_type(n, "null"))
		return 0;
	if (n->kind != KR_NODE_SEQ)
		return type_err(g, n, field, "[]string");
	*out = kr_arena_zalloc(g->r->a, (n->len + 1) * sizeof(**out));
	if (!*out)
		return oom(g);
	for (i = 0; i < n->len; i++) {
		int rc;
		(*out)[i].s = "";
		rc = get_str(g, n->u.items[i], field, &(*out)[i]);
		if (rc < 0)
			return rc;
	}
	*count = n->len;
	return 0;
}

static int get_strmap(struct gen *g, const kr_node *n, const char *field, const kr_node **out)
{
	size_t i;

	*out = NULL;
	if (is_type(n, "null"))
		return 0;
	if (n->kind != KR_NODE_MAP)
		return type_err(g, n, field, "map[string]string");
	for (i = 0; i < n->len; i++) {
		const kr_node *v = n->u.pairs[i].value;
		if (!is_type(v, "null") && !is_type(v, "string"))
			return type_err(g, v, field, "string");
	}
	*out = n;
	return 0;
}

static int unknown_field(struct gen *g, const kr_node *key)
{
	kr_mark m = {g->kfile, (int)key->line, (int)key->col};
	struct str t = text(key);

	return kr_err_set(g->r->err, KR_EPARSE, &m, "invalid Kustomization: json: unknown field \"%.*s\"",
			  (int)t.n, t.s);
}

/* Index of key @k in @names (case-insensitive, as encoding/json), or -1. */
static int field_index(const kr_node *k, const char *const *names)
{
	struct str t = text(k);
	int i;

	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == t.n && strncasecmp(names[i], t.s, t.n) == 0)
			return i;
	return -1;
}

/* GeneratorOptions at @n; @path is its Go struct path, @parent the field holding it. */
static int decode_opts(struct gen *g, const kr_node *n, const char *parent, const char *path,
		       struct opts *o)
{
	static const char *const names[] = {"labels", "annotations", "disableNameSuffixHash",
					    "immutable", NULL};
	char field[160];
	size_t i;

	if (!n || is_type(n, "null"))
		return 0;
	if (n->kind != KR_NODE_MAP)
		return type_err(g, n, parent, "types.GeneratorOptions");
	for (i = 0; i < n->len; i++) {
		const kr_node *v = n->u.pairs[i].value;
		int f = field_index(n->u.pairs[i].key, names);
		int rc;
		if (f < 0)
			return unknown_field(g, n->u.pairs[i].key);
		snprintf(field, sizeof(field), "%s.%s", path, names[f]);
		if (f == 0)
			rc = get_strmap(g, v, field, &o->labels);
		else if (f == 1)
			rc = get_strmap(g, v, field, &o->annotations);
		else
			rc = get_bool(g, v, field, f == 2 ? &o->disable : &o->immutable);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int decode_entry(struct gen *g, const kr_node *e, struct args *a)
{
	static const char *const names[] = {"name", "namespace", "behavior", "literals", "files",
					    "envs", "env", "options", "type", NULL};
	const char *top = g->secret ? "SecretArgs.secretGenerator" : "ConfigMapArgs.configMapGenerator";
	const char *gen = g->secret ? "secretGenerator" : "configMapGenerator";
	char field[160], opath[160];
	size_t i;

	if (is_type(e, "null"))
		return 0;
	if (e->kind != KR_NODE_MAP) {
		snprintf(field, sizeof(field), "Kustomization.%s", gen);
		return type_err(g, e, field, g->secret ? "types.SecretArgs" : "types.ConfigMapArgs");
	}
	for (i = 0; i < e->len; i++) {
		const kr_node *v = e->u.pairs[i].value;
		int f = field_index(e->u.pairs[i].key, names);
		int rc = 0;
		if (f < 0 || (f == 8 && !g->secret))
			return unknown_field(g, e->u.pairs[i].key);
		snprintf(field, sizeof(field), "%s.%s", top, names[f]);
		switch (f) {
		case 0: rc = get_str(g, v, field, &a->name); break;
		case 1: rc = get_str(g, v, field, &a->ns); break;
		case 2: rc = get_str(g, v, field, &a->behavior); break;
		case 3: rc = get_strs(g, v, field, &a->lits, &a->n_lits); break;
		case 4: rc = get_strs(g, v, field, &a->files, &a->n_files); break;
		case 5: rc = get_strs(g, v, field, &a->envs, &a->n_envs); break;
		case 6: rc = get_str(g, v, field, &a->env); break;
		case 7:
			snprintf(opath, sizeof(opath), "GeneratorOptions.%s.options", gen);
			memset(&a->opt, 0, sizeof(a->opt));
			rc = decode_opts(g, v, field, opath, &a->opt);
			break;
		default: rc = get_str(g, v, field, &a->type); break;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Go's fmt %v of a []string: "[a b c]", cut short for the message buffer. */
static const char *golist(char *buf, size_t cap, const struct str *v, size_t n)
{
	size_t o = 0, i;

	buf[o++] = '[';
	for (i = 0; i < n && o + 8 < cap; i++) {
		size_t k = v[i].n < cap - o - 8 ? v[i].n : cap - o - 8;
		if (i)
			buf[o++] = ' ';
		memcpy(buf + o, v[i].s, k);
		o += k;
	}
	buf[o++] = ']';
	buf[o] = '\0';
	return buf;
}

/* Go's %q for a short string (ASCII escapes; other bytes copied). */
static const char *goquote(char *buf, size_t cap, const char *s, size_t n)
{
	size_t o = 0, i;

	buf[o++] = '"';
	for (i = 0; i < n && o + 6 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" :
				c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
		if (e) {
			memcpy(buf + o, e, 2);
			o += 2;
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static int push(struct gen *g, struct kvs *out, struct str k, struct str v)
{
	if (kr_vec_grow(&out->v, &out->cap, out->n + 1, sizeof(*out->v)) < 0)
		return oom(g);
	out->v[out->n].k = k;
	out->v[out->n].v = v;
	out->n++;
	return 0;
}

/* The deepest missing component of absent @p, and why lstat fails on it. */
static const char *first_missing(struct gen *g, const char *p, const char **why)
{
	char *cur = kr_arena_strdup(g->r->a, p);
	kr_err scratch;

	*why = "no such file or directory";
	while (cur) {
		char *slash = strrchr(cur, '/');
		char *parent, *canon;
		enum kr_fs_type t;
		if (!slash || slash == cur)
			break;
		parent = kr_arena_memdup(g->r->a, cur, (size_t)(slash - cur));
		if (!parent || !kr_fs_contains(g->r->fs->root, parent) ||
		    kr_fs_resolve(g->r->fs, "/", parent, &canon, &t, g->r->a, &scratch) < 0)
			break;
		if (t != KR_FS_MISSING) {
			if (t != KR_FS_DIR)
				*why = "not a directory";
			break;
		}
		cur = parent;
	}
	return cur ? kr_fs_rel(g->r->fs, cur) : p;
}

/* Read source file @path (relative to the kustomization) like kustomize's file loader. */
static int load_file(struct gen *g, const char *path, const char **data, size_t *len)
{
	kr_render *r = g->r;
	enum kr_fs_type type;
	char *canon = NULL, *joined;
	const char *rel, *why;
	int rc;

	if (strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0)
		return kr_err_set(r->err, KR_EUNSUP, &g->m,
				  "remote file '%s': krender renders offline and does not fetch remote files",
				  path);
	joined = kr_path_join(r->a, g->kdir, path);
	if (!joined)
		return oom(g);
	rc = kr_fs_resolve(r->fs, g->kdir, path, &canon, &type, r->a, r->err);
	if (rc == KR_EJAIL || (rc == 0 && type == KR_FS_MISSING && !kr_fs_contains(r->fs->root, joined)))
		return kr_err_set(r->err, KR_EJAIL, &g->m,
				  "file '%s' is outside the root '%s' (krender's path jail; pass --root to widen it)",
				  path, r->fs->root);
	if (rc < 0)
		return at(g, rc);
	rel = kr_fs_rel(r->fs, joined);
	if (type == KR_FS_MISSING) {
		const char *miss = first_missing(g, joined, &why);
		if (r->restrict_root_only)
			return kr_err_set(r->err, KR_ENOENT, &g->m, "evalsymlink failure on '%s' : lstat %s: %s",
					  rel, miss, why);
		return kr_err_set(r->err, KR_ENOENT, &g->m, "open %s: %s", rel, why);
	}
	if (type == KR_FS_DIR)
		return kr_err_set(r->err, KR_EINVAL, &g->m,
				  r->restrict_root_only ? "'%s' must resolve to a file" : "read %s: is a directory",
				  rel);
	if (type != KR_FS_FILE)
		return kr_err_set(r->err, KR_EINVAL, &g->m, "'%s' is not a regular file", rel);
	if (r->restrict_root_only && !kr_fs_contains(g->kdir, canon))
		return kr_err_set(r->err, KR_EJAIL, &g->m, "security; file '%s' is not in or below '%s'",
				  kr_fs_rel(r->fs, canon), kr_fs_rel(r->fs, g->kdir));
	rc = kr_fs_read(r->fs, canon, r->a, data, len, r->lim->file_bytes, r->err);
	if (rc == 0)
		rc = kr_render_note_input(r, canon);
	if (rc < 0)
		return at(g, rc);
	r->input_bytes += *len;
	if (r->input_bytes > r->lim->input_bytes)
		return kr_err_set(r->err, KR_ETOOBIG, &g->m,
				  "input larger than the limit input-bytes=%zu (" KR_LIMIT_RAISE("input-bytes") ")",
				  r->lim->input_bytes);
	return 0;
}

/* Length of the unicode.IsSpace rune at @s (valid UTF-8), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
		return 2;
	if (n < 3)
		return 0;
	if ((s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||                      /* U+1680 */
	    (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xA8 ||     /* U+2000-200A, */
					      s[2] == 0xA9 || s[2] == 0xAF)) ||   /* 2028, 2029, 202F */
	    (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||                      /* U+205F */
	    (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80))                        /* U+3000 */
		return 3;
	return 0;
}

/* kustomize's keyValuesFromLines: one env file's pairs. */
static int env_lines(struct gen *g, struct kvs *out, const char *data, size_t len)
{
	size_t pos = 0;
	int lineno = 0;

	while (pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		const char *eq;
		struct str k, v = {"", 0};
		size_t sp;
		if (n > ENV_LINE_MAX)
			break; /* bufio.ErrTooLong, which kustomize never checks: the rest is dropped */
		pos += n + (nl ? 1 : 0);
		if (n && line[n - 1] == '\r')
			n--;
		if (!kr_utf8_valid(line, n)) {
			kr_buf b;
			size_t i;
			int rc = 0;
			kr_buf_init(&b, KR_ERR_MAX);
			for (i = 0; i < n && rc == 0; i++)
				rc = kr_buf_printf(&b, "%s%u", i ? " " : "", (unsigned char)line[i]);
			if (g->secret) /* a Secret's value: neither its bytes nor its text */
				rc = kr_err_set(g->r->err, KR_EINVAL, &g->m,
						"line %d of a Secret's env file has invalid utf8 bytes (not shown)",
						lineno + 1);
			else
				rc = kr_err_set(g->r->err, KR_EINVAL, &g->m, "line [%s] has invalid utf8 bytes : %.*s",
						b.data ? b.data : "", (int)n, line);
			kr_buf_dispose(&b);
			return rc;
		}
		if (lineno++ == 0 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, n -= 3;
		while ((sp = space_len((const unsigned char *)line, n)) > 0)
			line += sp, n -= sp;
		if (n == 0 || line[0] == '#')
			continue;
		eq = memchr(line, '=', n);
		k.s = line;
		k.n = eq ? (size_t)(eq - line) : n;
		if (eq) {
			v.s = eq + 1;
			v.n = n - k.n - 1;
		}
		if (k.n == 0)
			continue;
		if (push(g, out, k, v) < 0)
			return KR_ENOMEM;
	}
	return 0;
}

static int literal_pair(struct gen *g, struct kvs *out, struct str s)
{
	const char *eq = memchr(s.s, '=', s.n);
	struct str k, v;

	if ((!eq || eq == s.s) && g->secret)
		return kr_err_set(g->r->err, KR_EINVAL, &g->m,
				  "invalid literal source (a Secret's, not shown), expected key=value");
	if (!eq || eq == s.s)
		return kr_err_set(g->r->err, KR_EINVAL, &g->m,
				  "invalid literal source %.*s, expected key=value", (int)s.n, s.s);
	k.s = s.s;
	k.n = (size_t)(eq - s.s);
	v.s = eq + 1;
	v.n = s.n - k.n - 1;
	if (v.n >= 2 && v.s[0] == v.s[v.n - 1] && (v.s[0] == '"' || v.s[0] == '\'')) {
		v.s++;
		v.n -= 2;
	}
	return push(g, out, k, v);
}

static int file_pair(struct gen *g, struct kvs *out, struct str s)
{
	char q1[512], q2[512];
	struct str k, v;
	const char *path, *eq = memchr(s.s, '=', s.n);
	size_t neq = 0, i;
	int rc;

	for (i = 0; i < s.n; i++)
		neq += s.s[i] == '=';
	if (neq == 0) { /* key = path.Base(source) */
		size_t end = s.n, start;
		while (end > 0 && s.s[end - 1] == '/')
			end--;
		start = end;
		while (start > 0 && s.s[start - 1] != '/')
			start--;
		k.s = end == 0 ? (s.n ? "/" : ".") : s.s + start;
		k.n = end == 0 ? 1 : end - start;
		path = kr_arena_memdup(g->r->a, s.s, s.n);
	} else if (neq > 1) {
		return kr_err_set(g->r->err, KR_EINVAL, &g->m,
				  "source %s key name or file path contains '='",
				  goquote(q1, sizeof(q1), s.s, s.n));
	} else if (eq == s.s) {
		return kr_err_set(g->r->err, KR_EINVAL, &g->m,
				  "missing key name for file path %s in source %s",
				  goquote(q1, sizeof(q1), s.s + 1, s.n - 1), goquote(q2, sizeof(q2), s.s, s.n));
	} else if (eq == s.s + s.n - 1) {
		return kr_err_set(g->r->err, KR_EINVAL, &g->m,
				  "missing file path for key name %s in source %s",
				  goquote(q1, sizeof(q1), s.s, s.n - 1), goquote(q2, sizeof(q2), s.s, s.n));
	} else {
		k.s = s.s;
		k.n = (size_t)(eq - s.s);
		path = kr_arena_memdup(g->r->a, eq + 1, s.n - k.n - 1);
	}
	if (!path)
		return oom(g);
	rc = load_file(g, path, &v.s, &v.n);
	if (rc < 0)
		return rc;
	return push(g, out, k, v);
}

static int env_file(struct gen *g, struct kvs *out, struct str s)
{
	const char *path = kr_arena_memdup(g->r->a, s.s, s.n), *data = NULL;
	size_t len = 0;
	int rc = path ? load_file(g, path, &data, &len) : oom(g);

	return rc < 0 ? rc : env_lines(g, out, data, len);
}

/* kustomize's kv loader: envs, then literals, then files; errors wrapped as kustomize wraps them. */
static int load_pairs(struct gen *g, const struct args *a, struct kvs *out)
{
	static const char *const what[] = {"env source files: ", "literal sources ", "file sources: "};
	static int (*const one[])(struct gen *, struct kvs *, struct str) = {env_file, literal_pair,
									     file_pair};
	const struct str *src[] = {a->envs, a->lits, a->files};
	const size_t cnt[] = {a->n_envs, a->n_lits, a->n_files};
	char list[900];
	size_t p, i;
	int rc = 0;

	for (p = 0; p < 3 && rc == 0; p++) {
		for (i = 0; i < cnt[p] && rc == 0; i++)
			rc = one[p](g, out, src[p][i]);
		/* a Secret's literals are values: kustomize lists them, krender does not */
		if (rc < 0 && g->secret && p == 1)
			kr_err_prefix(g->r->err, "loading KV pairs: %s[not shown: %zu Secret literals]", what[p],
				      cnt[p]);
		else if (rc < 0)
			kr_err_prefix(g->r->err, "loading KV pairs: %s%s", what[p],
				      golist(list, sizeof(list), src[p], cnt[p]));
	}
	return rc;
}

static int cmp_str(const struct str *a, const struct str *b)
{
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

static int cmp_kv(const void *x, const void *y)
{
	return cmp_str(&((const struct kv *)x)->k, &((const struct kv *)y)->k);
}

/* One key of a string map being built; @seq breaks ties so that the last one wins. */
struct ent {
	struct str k, v;
	size_t seq;
};

static int cmp_ent(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;
	int c = cmp_str(&a->k, &b->k);

	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * The union of string maps @maps[0..n) as kyaml's GetLabels/SetLabels see
 * it (later maps win, values as strings, keys sorted), or NULL when empty.
 * *@rc is set on allocation failure.
 */
static kr_node *union_map(kr_arena *a, const kr_node *const *maps, size_t nmaps, int *rc)
{
	struct ent *e = NULL;
	kr_node *out = NULL;
	size_t total = 0, n = 0, i, j;

	*rc = 0;
	for (i = 0; i < nmaps; i++)
		if (maps[i] && maps[i]->kind == KR_NODE_MAP)
			total += maps[i]->len;
	if (total == 0)
		return NULL;
	e = malloc(total * sizeof(*e));
	if (!e)
		goto fail;
	for (i = 0; i < nmaps; i++) {
		if (!maps[i] || maps[i]->kind != KR_NODE_MAP)
			continue;
		for (j = 0; j < maps[i]->len; j++, n++) {
			e[n].k = text(maps[i]->u.pairs[j].key);
			e[n].v = text(maps[i]->u.pairs[j].value);
			e[n].seq = n;
		}
	}
	qsort(e, n, sizeof(*e), cmp_ent);
	out = kr_node_new_map(a);
	if (!out)
		goto fail;
	for (i = 0; i < n; i++) {
		kr_node *k, *v;
		if (i + 1 < n && cmp_str(&e[i].k, &e[i + 1].k) == 0)
			continue;
		k = kr_node_new_scalar(a, KR_SCALAR_STR, e[i].k.s, e[i].k.n);
		v = kr_node_new_scalar(a, KR_SCALAR_STR, e[i].v.s, e[i].v.n);
		if (!k || !v || kr_node_map_append(a, out, k, v) < 0)
			goto fail;
	}
	free(e);
	return out;
fail:
	free(e);
	*rc = KR_ENOMEM;
	return NULL;
}

/* Set @key of @map to @v, or remove it when @v is NULL. */
static int set_or_drop(kr_arena *a, kr_node *map, const char *key, kr_node *v)
{
	if (!v) {
		kr_node_map_delete(map, key);
		return 0;
	}
	return kr_node_map_set(a, map, key, v);
}

/* Standard padded base64 of @s/@n, cut into 70-column lines when 70 or longer. */
static char *b64_wrapped(kr_arena *a, const unsigned char *s, size_t n, size_t *olen)
{
	size_t e = BASE64_ENCODE_RAW_LENGTH(n), i, o = 0;
	char *enc = kr_arena_alloc(a, e + 1), *out;

	if (!enc)
		return NULL;
	base64_encode_raw(enc, n, s);
	enc[e] = '\0';
	*olen = e;
	if (e < B64_LINE)
		return enc;
	out = kr_arena_alloc(a, e + e / B64_LINE + 2);
	for (i = 0; out && i < e; i += B64_LINE) {
		size_t k = e - i < B64_LINE ? e - i : B64_LINE;
		memcpy(out + o, enc + i, k);
		o += k;
		out[o++] = '\n';
	}
	if (out)
		out[o] = '\0';
	*olen = o;
	return out;
}

/* data / binaryData of the new object from the sorted, unique pairs @kv. */
static int put_data(struct gen *g, kr_node *obj, const struct kvs *kv)
{
	kr_arena *a = g->r->a;
	kr_node *data = NULL, *bin = NULL;
	size_t i;

	if (g->secret || kv->n) {
		data = kr_node_new_map(a);
		if (!data)
			return oom(g);
	}
	for (i = 0; i < kv->n; i++) {
		const struct kv *p = &kv->v[i];
		bool text_ok = !g->secret && kr_utf8_valid(p->v.s, p->v.n);
		kr_node **dst = text_ok || g->secret ? &data : &bin;
		const char *val = p->v.s;
		size_t vlen = p->v.n;
		kr_node *k, *v;
		if (!text_ok) {
			val = b64_wrapped(a, (const unsigned char *)p->v.s, p->v.n, &vlen);
			if (!val)
				return oom(g);
		}
		if (!*dst)
			*dst = kr_node_new_map(a);
		k = kr_node_new_scalar(a, KR_SCALAR_STR, p->k.s, p->k.n);
		v = kr_node_new_scalar(a, KR_SCALAR_STR, val, vlen);
		if (!*dst || !k || !v || kr_node_map_append(a, *dst, k, v) < 0)
			return oom(g);
	}
	if (bin && kr_node_map_set(a, obj, "binaryData", bin) < 0)
		return oom(g);
	if (data && data->len == 0 && !g->secret)
		data = NULL;
	if (data && kr_node_map_set(a, obj, "data", data) < 0)
		return oom(g);
	return 0;
}

static kr_node *str_node(kr_arena *a, struct str s)
{
	return kr_node_new_scalar(a, KR_SCALAR_STR, s.s, s.n);
}

static int build(struct gen *g, const struct args *args, const struct opts *global,
		 const struct kvs *kv, kr_node **out)
{
	kr_arena *a = g->r->a;
	const kr_node *lab[2] = {global->labels, args->opt.labels};
	const kr_node *ann[2] = {global->annotations, args->opt.annotations};
	kr_node *obj = kr_node_new_map(a), *meta = kr_node_new_map(a);
	kr_node *labels, *annotations;
	int rc = obj && meta ? 0 : KR_ENOMEM;

	if (rc == 0)
		rc = kr_node_map_set(a, obj, "apiVersion", kr_node_new_str(a, "v1"));
	if (rc == 0)
		rc = kr_node_map_set(a, obj, "kind", kr_node_new_str(a, g->secret ? "Secret" : "ConfigMap"));
	if (rc == 0)
		rc = kr_node_map_set(a, obj, "metadata", meta);
	if (rc == 0)
		rc = kr_node_map_set(a, meta, "name", str_node(a, args->name));
	if (rc == 0 && args->ns.n)
		rc = kr_node_map_set(a, meta, "namespace", str_node(a, args->ns));
	if (rc == 0 && g->secret) {
		struct str t = args->type.n ? args->type : (struct str){"Opaque", 6};
		rc = kr_node_map_set(a, obj, "type", str_node(a, t));
	}
	if (rc < 0)
		return oom(g);
	rc = put_data(g, obj, kv);
	if (rc < 0)
		return rc;
	labels = union_map(a, lab, 2, &rc);
	if (rc == 0)
		annotations = union_map(a, ann, 2, &rc);
	if (rc == 0 && labels)
		rc = kr_node_map_set(a, meta, "labels", labels);
	if (rc == 0 && annotations)
		rc = kr_node_map_set(a, meta, "annotations", annotations);
	if (rc == 0 && (args->opt.immutable || global->immutable))
		rc = kr_node_map_set(a, obj, "immutable", kr_node_new_scalar(a, KR_SCALAR_BOOL, "true", 4));
	if (rc < 0)
		return oom(g);
	*out = obj;
	return 0;
}

int kr_generator_make(kr_render *r, const char *kdir, const char *kfile, const kr_node *entry,
		      bool is_secret, const kr_node *generator_options, kr_generated *out)
{
	struct gen g = {r, kdir, kfile, {kfile, (int)entry->line, (int)entry->col}, is_secret};
	struct args args;
	struct opts global;
	struct kvs kv = {NULL, 0, 0};
	kr_map seen = KR_MAP_INIT;
	size_t i;
	int rc;

	memset(&args, 0, sizeof(args));
	memset(&global, 0, sizeof(global));
	memset(out, 0, sizeof(*out));
	rc = decode_entry(&g, entry, &args);
	if (rc == 0 && args.env.n) { /* FixKustomization appends a non-empty `env` to `envs` */
		if (!args.envs)
			args.envs = kr_arena_alloc(r->a, sizeof(*args.envs));
		if (!args.envs)
			rc = oom(&g);
		else
			args.envs[args.n_envs++] = args.env;
	}
	if (rc == 0)
		rc = decode_opts(&g, generator_options, "Kustomization.generatorOptions",
				 "GeneratorOptions.generatorOptions", &global);
	if (rc < 0)
		goto done;
	if (args.name.n == 0) {
		rc = kr_err_set(r->err, KR_EINVAL, &g.m, "a configmap must have a name");
		goto done;
	}
	rc = load_pairs(&g, &args, &kv);
	for (i = 0; rc == 0 && i < kv.n; i++) {
		rc = kr_map_put(&seen, kv.v[i].k.s, kv.v[i].k.n, &kv.v[i], NULL);
		if (rc == 1)
			rc = kr_err_set(r->err, KR_EDUP, &g.m, "configmap %.*s illegally repeats the key `%.*s`",
					(int)args.name.n, args.name.s, (int)kv.v[i].k.n, kv.v[i].k.s);
		else if (rc < 0)
			rc = oom(&g);
	}
	if (rc < 0)
		goto done;
	if (kv.n)
		qsort(kv.v, kv.n, sizeof(*kv.v), cmp_kv);
	rc = build(&g, &args, &global, &kv, &out->obj);
	if (rc < 0)
		goto done;
	if (args.behavior.n == 5 && memcmp(args.behavior.s, "merge", 5) == 0)
		out->behavior = KR_GEN_MERGE;
	else if (args.behavior.n == 7 && memcmp(args.behavior.s, "replace", 7) == 0)
		out->behavior = KR_GEN_REPLACE;
	out->needs_hash = !(args.opt.disable || global.disable);
	out->mark = g.m;
done:
	kr_map_dispose(&seen);
	free(kv.v);
	return rc;
}

int kr_generator_merge(kr_render *r, kr_node *existing, const kr_node *generated, int behavior,
		       kr_err *err)
{
	kr_arena *a = r->a;
	const kr_node *om = kr_node_map_get(existing, "metadata");
	kr_node *res, *meta, *m;
	const kr_node *pair[2];
	struct str ns;
	int rc = 0;

	if (behavior != KR_GEN_MERGE && behavior != KR_GEN_REPLACE)
		return kr_generator_absorb_error(err, NULL, generated, true);
	res = kr_node_copy(a, generated, NULL);
	meta = res ? kr_node_map_get(res, "metadata") : NULL;
	if (!meta || meta->kind != KR_NODE_MAP)
		goto oom;
	pair[0] = kr_node_map_get(om, "labels");
	pair[1] = kr_node_map_get(meta, "labels");
	m = union_map(a, pair, 2, &rc);
	if (rc < 0 || set_or_drop(a, meta, "labels", m) < 0)
		goto oom;
	pair[0] = kr_node_map_get(om, "annotations");
	pair[1] = kr_node_map_get(meta, "annotations");
	m = union_map(a, pair, 2, &rc);
	if (rc < 0 || set_or_drop(a, meta, "annotations", m) < 0)
		goto oom;
	if (kr_node_map_set(a, meta, "name", str_node(a, text(kr_node_map_get(om, "name")))) < 0)
		goto oom;
	ns = text(kr_node_map_get(om, "namespace"));
	if (set_or_drop(a, meta, "namespace", ns.n ? str_node(a, ns) : NULL) < 0)
		goto oom;
	if (behavior == KR_GEN_MERGE) {
		static const char *const fields[] = {"data", "binaryData"};
		size_t i;
		for (i = 0; i < 2; i++) {
			pair[0] = kr_node_map_get(existing, fields[i]);
			pair[1] = kr_node_map_get(res, fields[i]);
			m = union_map(a, pair, 2, &rc);
			if (rc < 0 || set_or_drop(a, res, fields[i], m) < 0)
				goto oom;
		}
	}
	*existing = *res;
	return 0;
oom:
	return kr_err_set(err, KR_ENOMEM, NULL, "memory budget exceeded");
}

int kr_generator_absorb_error(kr_err *err, const kr_mark *mark, const kr_node *obj, bool exists)
{
	const kr_node *meta = kr_node_map_get(obj, "metadata");
	struct str av = text(kr_node_map_get(obj, "apiVersion"));
	struct str kind = text(kr_node_map_get(obj, "kind"));
	struct str name = text(kr_node_map_get(meta, "name"));
	struct str ns = text(kr_node_map_get(meta, "namespace"));
	const char *slash = memchr(av.s, '/', av.n);
	size_t glen = slash ? (size_t)(slash - av.s) : 0;
	char g[160], v[160], k[160], n[320], s[160];

	goquote(g, sizeof(g), av.s, glen);
	goquote(v, sizeof(v), slash ? slash + 1 : av.s, slash ? av.n - glen - 1 : av.n);
	goquote(k, sizeof(k), kind.s, kind.n);
	goquote(n, sizeof(n), name.s, name.n);
	goquote(s, sizeof(s), ns.s, ns.n);
	return kr_err_set(err, exists ? KR_EDUP : KR_ENOENT, mark,
			  "id resid.ResId{Gvk:resid.Gvk{Group:%s, Version:%s, Kind:%s, "
			  "isClusterScoped:false}, Name:%s, Namespace:%s} %s",
			  g, v, k, n, s,
			  exists ? "exists; behavior must be merge or replace"
				 : "does not exist; cannot merge or replace");
}

/* Append `"key":` and the JSON of @n, or @dflt when @n is NULL. */
static int json_field(kr_buf *b, const char *key, const kr_node *n, const char *dflt)
{
	int rc = kr_buf_printf(b, "\"%s\":", key);

	if (rc == 0)
		rc = n ? kr_json_write(b, n) : kr_buf_puts(b, dflt);
	return rc;
}

int kr_name_hash(const kr_node *obj, char out[11])
{
	static const char hex[] = "0123456789abcdef";
	const kr_node *kind = kr_node_map_get(obj, "kind");
	const kr_node *data = kr_node_map_get(obj, "data");
	const kr_node *opt;
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	kr_buf b;
	int rc, i;

	kr_buf_init(&b, (size_t)1 << 30);
	if (kr_node_str_eq(kind, "ConfigMap")) {
		opt = kr_node_map_get(obj, "binaryData");
		rc = kr_buf_putc(&b, '{');
		if (rc == 0 && opt)
			rc = json_field(&b, "binaryData", opt, NULL);
		if (rc == 0 && opt)
			rc = kr_buf_putc(&b, ',');
		if (rc == 0)
			rc = json_field(&b, "data", data, "\"\"");
		if (rc == 0)
			rc = kr_buf_puts(&b, ",\"kind\":\"ConfigMap\",\"name\":\"\"}");
	} else if (kr_node_str_eq(kind, "Secret")) {
		opt = kr_node_map_get(obj, "stringData");
		rc = kr_buf_putc(&b, '{');
		if (rc == 0)
			rc = json_field(&b, "data", data, "\"\"");
		if (rc == 0)
			rc = kr_buf_puts(&b, ",\"kind\":\"Secret\",\"name\":\"\",");
		if (rc == 0 && opt)
			rc = json_field(&b, "stringData", opt, NULL);
		if (rc == 0 && opt)
			rc = kr_buf_putc(&b, ',');
		if (rc == 0)
			rc = json_field(&b, "type", kr_node_map_get(obj, "type"), "\"\"");
		if (rc == 0)
			rc = kr_buf_putc(&b, '}');
	} else {
		rc = KR_EUNSUP;
	}
	if (rc == 0) {
		sha256_init(&ctx);
		sha256_update(&ctx, b.len, (const uint8_t *)b.data);
		sha256_digest(&ctx, sizeof(d), d);
		for (i = 0; i < 10; i++) {
			char c = hex[(d[i / 2] >> (i % 2 ? 0 : 4)) & 15];
			out[i] = c == '0' ? 'g' : c == '1' ? 'h' : c == '3' ? 'k' : c == 'a' ? 'm' : c == 'e' ? 't' : c;
		}
		out[10] = '\0';
	}
	kr_buf_dispose(&b);
	return rc;
}
