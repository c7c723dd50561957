/*
 * test_kustomize_generator.c - ConfigMap/Secret generators, merge, name hash.
 *
 * Every expected value comes from shared/spec/kustomize.md section 5 or from
 * `kubectl kustomize` (v5.5.0) runs on the same inputs; the hash of each
 * object is the suffix kubectl printed. Known difference: kustomize names
 * files by absolute path in errors, krender by root-relative path.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* nftw */
#endif
#include "unit.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kustomize/generator.h"

struct fx {
	char root[64];
	char *kdir; /* root/k, canonical */
	kr_arena *a;
	kr_fs *fs;
	kr_limits lim;
	kr_err err;
	kr_render r;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char k[96];

	strcpy(f->root, "/tmp/krgenXXXXXX");
	assert_non_null(mkdtemp(f->root));
	snprintf(k, sizeof(k), "%s/k", f->root);
	assert_int_equal(mkdir(k, 0755), 0);
	assert_int_equal(kr_fs_disk_new(&f->fs, f->root, &f->err), 0);
	f->a = kr_arena_new(64 << 20);
	f->kdir = kr_arena_sprintf(f->a, "%s/k", f->fs->root);
	kr_limits_default(&f->lim);
	f->r.a = f->a;
	f->r.fs = f->fs;
	f->r.lim = &f->lim;
	f->r.err = &f->err;
	f->r.restrict_root_only = true;
	*state = f;
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	nftw(f->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	kr_fs_free(f->fs);
	kr_arena_free(f->a);
	free(f);
	return 0;
}

/* Write @n bytes of @data to k/@name (n == 0: strlen). */
static void put(struct fx *f, const char *name, const char *data, size_t n)
{
	char p[256];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s", f->kdir, name);
	fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n ? n : strlen(data), fp), n ? n : strlen(data));
	fclose(fp);
}

static void put_a(struct fx *f, const char *name, size_t n)
{
	char *s = malloc(n);

	memset(s, 'a', n);
	put(f, name, s, n);
	free(s);
}

static int gen(struct fx *f, const char *entry, bool secret, const char *opts, kr_generated *g)
{
	const kr_node *e = unit_load(f->a, entry, 0);
	const kr_node *o = opts ? unit_load(f->a, opts, 0) : NULL;

	kr_err_clear(&f->err);
	return kr_generator_make(&f->r, f->kdir, "k/kustomization.yaml", e, secret, o, g);
}

static kr_node *gen_ok(struct fx *f, const char *entry, bool secret, const char *opts)
{
	kr_generated g;

	if (gen(f, entry, secret, opts, &g) != 0)
		fail_msg("generate failed: %s", f->err.msg);
	return g.obj;
}

/* The message of a failing generation. */
static const char *gen_err(struct fx *f, const char *entry, bool secret, const char *opts)
{
	kr_generated g;

	assert_true(gen(f, entry, secret, opts, &g) < 0);
	return f->err.msg;
}

/* @obj.@field.@key, or @obj.@key when @field is "". */
static const kr_node *get(const kr_node *obj, const char *field, const char *key)
{
	return kr_node_map_get(field[0] ? kr_node_map_get(obj, field) : obj, key);
}

static void assert_val(const kr_node *obj, const char *field, const char *key, const char *want)
{
	const kr_node *v = get(obj, field, key);

	if (!v)
		fail_msg("%s.%s missing", field, key);
	assert_int_equal(v->kind, KR_NODE_SCALAR);
	assert_int_equal(v->type, KR_SCALAR_STR);
	assert_int_equal(v->len, strlen(want));
	assert_memory_equal(v->u.str, want, v->len);
}

static void assert_hash(const kr_node *obj, const char *want)
{
	char h[11];

	assert_int_equal(kr_name_hash(obj, h), 0);
	assert_string_equal(h, want);
}

static void hash_of_yaml(void **state, const char *text, const char *want)
{
	struct fx *f = *state;

	assert_hash(unit_load(f->a, text, 0), want);
}

static void test_hash_spec_examples(void **state)
{
	hash_of_yaml(state, "{kind: ConfigMap, metadata: {name: cfg}, data: {a: '1', b: '2'}}", "7gdc49gk6d");
	hash_of_yaml(state, "{kind: ConfigMap, apiVersion: v1, metadata: {name: p-empty}}", "6ct58987ht");
	hash_of_yaml(state, "{kind: ConfigMap, metadata: {name: p-gen}, data: {a: b}}", "4h2mbtbbt6");
	hash_of_yaml(state, "{kind: ConfigMap, metadata: {name: other}, data: {a: b}}", "4h2mbtbbt6");
}

static void test_hash_kubectl_objects(void **state)
{
	struct fx *f = *state;

	hash_of_yaml(state, "{kind: Secret, metadata: {name: empty}, data: {}, type: Opaque}", "46f8b28mk5");
	hash_of_yaml(state, "{kind: Secret, metadata: {name: sec}, data: {a: MQ==}, type: Opaque}",
		     "25khgmg44c");
	/* patched in: stringData with an int, and an int data value */
	hash_of_yaml(state,
		     "{kind: Secret, metadata: {name: sec}, data: {a: MQ==}, stringData: {s: '<x>', i: 7},"
		     " type: kubernetes.io/dockerconfigjson}",
		     "bhb62g6db2");
	hash_of_yaml(state, "{kind: ConfigMap, metadata: {name: cfg}, data: {a: patched, b: '2', n: 5}}",
		     "hftgdfg9fm");
	/* a merged Secret whose data was dropped: "data":"" */
	hash_of_yaml(state, "{kind: Secret, metadata: {name: es, labels: {x: ''}}, type: Opaque}",
		     "8226t8dd99");
	{
		char h[11];
		assert_int_equal(kr_name_hash(unit_load(f->a, "{kind: Deployment}", 0), h), KR_EUNSUP);
	}
}

static void test_literals_quotes(void **state)
{
	struct fx *f = *state;
	kr_node *o = gen_ok(f,
			    "name: c\nliterals: [\"h=<a&b>\", \"u=x\\u2028y\\u00e9\", \"q=\\\"\\\\\\\"\", "
			    "\"t=tab\\there\", \"nl=l1\\nl2\", \"sq='it''s'\", \"dq=\\\"x\", \"one='\"]\n",
			    false, NULL);

	assert_val(o, "data", "dq", "\"x");
	assert_val(o, "data", "h", "<a&b>");
	assert_val(o, "data", "nl", "l1\nl2");
	assert_val(o, "data", "one", "'");
	assert_val(o, "data", "q", "\\");
	assert_val(o, "data", "sq", "it''s");
	assert_val(o, "data", "t", "tab\there");
	assert_val(o, "data", "u", "x\xe2\x80\xa8y\xc3\xa9");
	assert_null(kr_node_map_get(o, "binaryData"));
	assert_true(kr_node_str_eq(get(o, "metadata", "name"), "c"));
	assert_hash(o, "d9656gm685");
}

static void test_literal_errors(void **state)
{
	struct fx *f = *state;

	assert_string_equal(gen_err(f, "name: cfg\nliterals: [novalue]\n", false, NULL),
			    "loading KV pairs: literal sources [novalue]: invalid literal source novalue, "
			    "expected key=value");
	assert_string_equal(f->err.file, "k/kustomization.yaml");
	assert_int_equal(f->err.line, 1);
	assert_int_equal(f->err.col, 1);
	assert_string_equal(gen_err(f, "name: cfg\nliterals: [=x]\n", false, NULL),
			    "loading KV pairs: literal sources [=x]: invalid literal source =x, expected key=value");
	assert_string_equal(gen_err(f, "name: c\nliterals: [a=1, novalue, \"x y\"]\n", false, NULL),
			    "loading KV pairs: literal sources [a=1 novalue x y]: invalid literal source "
			    "novalue, expected key=value");
}

static void test_env_file_rules(void **state)
{
	struct fx *f = *state;
	kr_node *o;

	put(f, "env.txt",
	    "\xef\xbb\xbf" "FOO=bar\n  # comment\n\n   BAZ=qux with spaces  \nQUOTED=\"quoted\"\nNOVAL\n"
	    "CR=x\r\nE=\n", 0);
	put(f, "f.txt", "hello\n", 0);
	o = gen_ok(f,
		   "name: cfg\nenvs: [env.txt]\nliterals: [B=\"two\", D=a=b, E2=, \"S='x'\", \"Q=\\\"a'\", "
		   "\"x=\\\"\\\"\"]\nfiles: [f.txt, k=f.txt]\n",
		   false, NULL);
	assert_val(o, "data", "FOO", "bar");
	assert_val(o, "data", "BAZ", "qux with spaces  ");
	assert_val(o, "data", "QUOTED", "\"quoted\"");
	assert_val(o, "data", "NOVAL", "");
	assert_val(o, "data", "CR", "x");
	assert_val(o, "data", "E", "");
	assert_val(o, "data", "B", "two");
	assert_val(o, "data", "D", "a=b");
	assert_val(o, "data", "E2", "");
	assert_val(o, "data", "S", "x");
	assert_val(o, "data", "Q", "\"a'");
	assert_val(o, "data", "x", "");
	assert_val(o, "data", "f.txt", "hello\n");
	assert_val(o, "data", "k", "hello\n");
	assert_int_equal(kr_node_map_get(o, "data")->len, 14);
	/* keys are written in byte order */
	assert_true(kr_node_str_eq(kr_node_map_get(o, "data")->u.pairs[0].key, "B"));
	assert_true(kr_node_str_eq(kr_node_map_get(o, "data")->u.pairs[13].key, "x"));
	assert_hash(o, "5d5m55b2bf");
}

static void test_env_file_edges(void **state)
{
	struct fx *f = *state;
	kr_node *o;

	/* `=val` skipped, no key validation, Unicode spaces trimmed on the left */
	put(f, "e1.env", "=val\nA B=c\nweird/key=1\n\xc2\xa0NB=1\n\tT=2\n", 0);
	o = gen_ok(f, "name: c\nenvs: [e1.env]\n", false, NULL);
	assert_int_equal(kr_node_map_get(o, "data")->len, 4);
	assert_val(o, "data", "A B", "c");
	assert_val(o, "data", "weird/key", "1");
	assert_val(o, "data", "NB", "1");
	assert_val(o, "data", "T", "2");
	assert_hash(o, "dm65g82ggm");

	/* only one BOM, and only on the first line, is removed */
	put(f, "e3.env", "\xef\xbb\xbf\xef\xbb\xbf" "A=1\n\xef\xbb\xbf" "B=2\n", 0);
	o = gen_ok(f, "name: c\nenvs: [e3.env]\n", false, NULL);
	assert_val(o, "data", "\xef\xbb\xbf" "A", "1");
	assert_val(o, "data", "\xef\xbb\xbf" "B", "2");
	assert_hash(o, "k4548f2m62");

	/* legacy `env` joins `envs`; CRLF, blank lines, last line without newline */
	put(f, "e4.env", "A=1", 0);
	put(f, "e5.env", "B=2\r\n\r\n  \r\n#x\nC", 0);
	o = gen_ok(f, "name: c\nenv: e4.env\nenvs: [e5.env]\n", false, NULL);
	assert_val(o, "data", "A", "1");
	assert_val(o, "data", "B", "2");
	assert_val(o, "data", "C", "");
	assert_hash(o, "d6k4tf9k56");

	put(f, "e2.env", "A=1\nB=\xff\xfe\n", 0);
	assert_string_equal(gen_err(f, "name: c\nenv: e2.env\nenvs: [e5.env, e1.env]\n", false, NULL),
			    "loading KV pairs: env source files: [e5.env e1.env e2.env]: line [66 61 255 254] "
			    "has invalid utf8 bytes : B=\xff\xfe");
}

/* bufio.Scanner's 64 KiB token limit ends the file silently (kustomize ignores the error). */
static void test_env_file_long_line(void **state)
{
	struct fx *f = *state;
	size_t n;

	for (n = 65533; n <= 65534; n++) {
		char *s = malloc(n + 16);
		kr_node *o;
		memcpy(s, "A=1\nL=", 6);
		memset(s + 6, 'x', n);
		memcpy(s + 6 + n, "\nB=2\n", 6);
		put(f, "long.env", s, 0);
		free(s);
		o = gen_ok(f, "name: c\nenvs: [long.env]\n", false, NULL);
		if (n == 65533) {
			assert_int_equal(get(o, "data", "L")->len, 65533);
			assert_val(o, "data", "B", "2");
			assert_hash(o, "ccmm28fk9f");
		} else {
			assert_int_equal(kr_node_map_get(o, "data")->len, 1);
			assert_hash(o, "89g4tffbfk");
		}
	}
}

static void test_base64_wrapping(void **state)
{
	static const char *const want[][2] = {
		{"a51", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh"},
		{"a52", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ\n==\n"},
		{"a103", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\n"
			 "FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==\n"},
		{"a104", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\n"
			 "FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=\n"},
		{"a105", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\n"
			 "FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n"},
		{"a106", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\n"
			 "FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\nYQ==\n"},
	};
	struct fx *f = *state;
	kr_generated g;
	size_t i;

	put_a(f, "a51", 51), put_a(f, "a52", 52), put_a(f, "a103", 103);
	put_a(f, "a104", 104), put_a(f, "a105", 105), put_a(f, "a106", 106);
	assert_int_equal(gen(f, "name: s\nfiles: [a51, a52, a103, a104, a105, a106]\n"
				"options: {disableNameSuffixHash: true}\n",
			     true, NULL, &g),
			 0);
	assert_false(g.needs_hash);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_val(g.obj, "data", want[i][0], want[i][1]);
	assert_val(g.obj, "", "type", "Opaque");
}

static void test_binary_data_and_options(void **state)
{
	static const char opts[] = "labels: {g: global, both: g}\nannotations: {ga: x}\nimmutable: true\n";
	struct fx *f = *state;
	const kr_node *imm;
	kr_generated g;
	kr_node *o;

	put(f, "bin.dat", "ok\xff\n", 0);
	put(f, "ff1", "\xff", 0);
	put_a(f, "a105.txt", 105);
	o = gen_ok(f,
		   "name: c\nnamespace: ns1\nfiles: [bin.dat, a105.txt, ff1]\nliterals: [z=1]\n"
		   "options:\n  labels: {both: local, l: \"1\"}\n  disableNameSuffixHash: false\n",
		   false, opts);
	assert_val(o, "binaryData", "bin.dat", "b2v/Cg==");
	assert_val(o, "binaryData", "ff1", "/w==");
	assert_int_equal(get(o, "data", "a105.txt")->len, 105);
	assert_val(o, "data", "z", "1");
	assert_val(o, "metadata", "namespace", "ns1");
	assert_val(kr_node_map_get(o, "metadata"), "labels", "both", "local");
	assert_val(kr_node_map_get(o, "metadata"), "labels", "g", "global");
	assert_val(kr_node_map_get(o, "metadata"), "labels", "l", "1");
	assert_val(kr_node_map_get(o, "metadata"), "annotations", "ga", "x");
	imm = kr_node_map_get(o, "immutable");
	assert_non_null(imm);
	assert_int_equal(imm->type, KR_SCALAR_BOOL);
	assert_hash(o, "mk6f65tm8f");

	o = gen_ok(f, "name: b1\nfiles: [ff1]\n", true, opts);
	assert_val(o, "data", "ff1", "/w==");
	assert_val(kr_node_map_get(o, "metadata"), "labels", "both", "g");
	assert_hash(o, "8c8f6dg2ct");

	o = gen_ok(f, "name: s2\ntype: \"\"\nliterals: [x=y]\n", true, opts);
	assert_val(o, "", "type", "Opaque");
	assert_hash(o, "t86b282gdf");

	assert_int_equal(gen(f, "name: s\ntype: kubernetes.io/tls\nfiles: [a105.txt]\n"
				"options: {annotations: {a: \"<&>\"}, disableNameSuffixHash: true}\n",
			     true, opts, &g),
			 0);
	assert_false(g.needs_hash);
	assert_val(g.obj, "", "type", "kubernetes.io/tls");
	assert_val(kr_node_map_get(g.obj, "metadata"), "annotations", "a", "<&>");
	assert_val(kr_node_map_get(g.obj, "metadata"), "annotations", "ga", "x");

	/* empty generators: ConfigMap without data, Secret with `data: {}` */
	o = gen_ok(f, "name: e\n", false, NULL);
	assert_null(kr_node_map_get(o, "data"));
	assert_hash(o, "6ct58987ht");
	o = gen_ok(f, "name: empty\n", true, NULL);
	assert_int_equal(kr_node_map_get(o, "data")->len, 0);
	assert_hash(o, "46f8b28mk5");
}

static void test_file_source_errors(void **state)
{
	struct fx *f = *state;
	char p[128];
	FILE *fp;

	put(f, "f.txt", "hello\n", 0);
	snprintf(p, sizeof(p), "%s/d", f->kdir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/outside.txt", f->root);
	fp = fopen(p, "w");
	fputs("x", fp);
	fclose(fp);
	assert_string_equal(gen_err(f, "name: c\nliterals: [a=1]\nfiles: [f.txt, =f.txt]\n", false, NULL),
			    "loading KV pairs: file sources: [f.txt =f.txt]: missing key name for file path "
			    "\"f.txt\" in source \"=f.txt\"");
	assert_string_equal(gen_err(f, "name: c\nfiles: [k=]\n", false, NULL),
			    "loading KV pairs: file sources: [k=]: missing file path for key name \"k\" in "
			    "source \"k=\"");
	assert_string_equal(gen_err(f, "name: c\nfiles: [k=v=d/f]\n", false, NULL),
			    "loading KV pairs: file sources: [k=v=d/f]: source \"k=v=d/f\" key name or file "
			    "path contains '='");
	assert_string_equal(gen_err(f, "name: c\nfiles: [d]\n", false, NULL),
			    "loading KV pairs: file sources: [d]: 'k/d' must resolve to a file");
	assert_string_equal(gen_err(f, "name: c\nfiles: [missing.txt]\n", false, NULL),
			    "loading KV pairs: file sources: [missing.txt]: evalsymlink failure on "
			    "'k/missing.txt' : lstat k/missing.txt: no such file or directory");
	assert_int_equal(f->err.code, KR_ENOENT);
	assert_string_equal(gen_err(f, "name: c\nenvs: [missing.env]\n", false, NULL),
			    "loading KV pairs: env source files: [missing.env]: evalsymlink failure on "
			    "'k/missing.env' : lstat k/missing.env: no such file or directory");
	assert_string_equal(gen_err(f, "name: c\nfiles: [nod/x.txt]\n", false, NULL),
			    "loading KV pairs: file sources: [nod/x.txt]: evalsymlink failure on "
			    "'k/nod/x.txt' : lstat k/nod: no such file or directory");
	assert_string_equal(gen_err(f, "name: c\nfiles: [../outside.txt]\n", false, NULL),
			    "loading KV pairs: file sources: [../outside.txt]: security; file 'outside.txt' "
			    "is not in or below 'k'");
	/* LoadRestrictionsNone */
	f->r.restrict_root_only = false;
	assert_string_equal(gen_err(f, "name: c\nfiles: [missing.txt]\n", false, NULL),
			    "loading KV pairs: file sources: [missing.txt]: open k/missing.txt: no such file "
			    "or directory");
	assert_string_equal(gen_err(f, "name: c\nfiles: [d]\n", false, NULL),
			    "loading KV pairs: file sources: [d]: read k/d: is a directory");
	assert_val(gen_ok(f, "name: c\nfiles: [../outside.txt]\n", false, NULL), "data", "outside.txt", "x");
	f->r.restrict_root_only = true;
	/* the kr_fs jail holds whatever the load restrictor */
	assert_int_equal(gen(f, "name: c\nfiles: [../../etc/passwd]\n", false, NULL, &(kr_generated){0}),
			 KR_EJAIL);
}

static void test_duplicate_keys_and_name(void **state)
{
	struct fx *f = *state;

	put(f, "f.txt", "hello\n", 0);
	assert_string_equal(gen_err(f, "name: cfg\nliterals: [a=1, a=2]\n", false, NULL),
			    "configmap cfg illegally repeats the key `a`");
	assert_int_equal(f->err.code, KR_EDUP);
	assert_string_equal(gen_err(f, "name: s\nliterals: [a=1]\nfiles: [a=f.txt]\n", true, NULL),
			    "configmap s illegally repeats the key `a`");
	assert_string_equal(gen_err(f, "literals: [a=1]\n", false, NULL), "a configmap must have a name");
	assert_string_equal(gen_err(f, "literals: [a=1]\n", true, NULL), "a configmap must have a name");
	assert_string_equal(gen_err(f, "name: \"\"\n", false, NULL), "a configmap must have a name");
	assert_string_equal(gen_err(f, "name: ~\nliterals: ~\noptions: ~\n", false, NULL),
			    "a configmap must have a name");
}

static void test_decode_errors(void **state)
{
	static const char *const cases[][3] = {
		{"name: 5\n", "c", "number into Go struct field ConfigMapArgs.configMapGenerator.name of type string"},
		{"name: c\nliterals: a=1\n", "c",
		 "string into Go struct field ConfigMapArgs.configMapGenerator.literals of type []string"},
		{"name: c\nliterals: [1]\n", "c",
		 "number into Go struct field ConfigMapArgs.configMapGenerator.literals of type string"},
		{"name: c\nfiles: [yes]\n", "s", "bool into Go struct field SecretArgs.secretGenerator.files of type string"},
		{"name: c\ntype: [x]\n", "s", "array into Go struct field SecretArgs.secretGenerator.type of type string"},
		{"name: c\noptions: {labels: {a: 1}}\n", "s",
		 "number into Go struct field GeneratorOptions.secretGenerator.options.labels of type string"},
		{"name: c\noptions: {disableNameSuffixHash: \"true\"}\n", "c",
		 "string into Go struct field GeneratorOptions.configMapGenerator.options.disableNameSuffixHash "
		 "of type bool"},
		{"name: c\noptions: {immutable: yes}\nbehavior: 1\n", "c",
		 "number into Go struct field ConfigMapArgs.configMapGenerator.behavior of type string"},
		{"name: c\nenv: [a]\n", "c", "array into Go struct field ConfigMapArgs.configMapGenerator.env of type string"},
		{"name: c\nnamespace: 1\n", "c",
		 "number into Go struct field ConfigMapArgs.configMapGenerator.namespace of type string"},
		{"name: c\noptions: {labels: 5}\n", "c",
		 "number into Go struct field GeneratorOptions.configMapGenerator.options.labels of type "
		 "map[string]string"},
		{"name: c\noptions: [a]\n", "c",
		 "array into Go struct field ConfigMapArgs.configMapGenerator.options of type types.GeneratorOptions"},
		{"5\n", "c", "number into Go struct field Kustomization.configMapGenerator of type types.ConfigMapArgs"},
	};
	struct fx *f = *state;
	size_t i;
	char want[300];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "invalid Kustomization: json: cannot unmarshal %s", cases[i][2]);
		assert_string_equal(gen_err(f, cases[i][0], cases[i][1][0] == 's', NULL), want);
	}
	assert_string_equal(gen_err(f, "name: c\nbogus: 1\n", false, NULL),
			    "invalid Kustomization: json: unknown field \"bogus\"");
	assert_string_equal(gen_err(f, "name: c\ntype: x\n", false, NULL),
			    "invalid Kustomization: json: unknown field \"type\"");
	assert_string_equal(gen_err(f, "name: c\noptions: {fileMergeMode: x}\n", false, NULL),
			    "invalid Kustomization: json: unknown field \"fileMergeMode\"");
	assert_string_equal(gen_err(f, "name: c\n", false, "labels: {a: 1}\n"),
			    "invalid Kustomization: json: cannot unmarshal number into Go struct field "
			    "GeneratorOptions.generatorOptions.labels of type string");
}

static void test_field_names_fold_case(void **state)
{
	struct fx *f = *state;
	kr_node *o = gen_ok(f, "NAME: c\nLiterals: [a=b]\nOptions: {Labels: {x: z}, annotations: {n: ~}}\n",
			    false, NULL);

	assert_val(kr_node_map_get(o, "metadata"), "labels", "x", "z");
	assert_val(kr_node_map_get(o, "metadata"), "annotations", "n", "");
	assert_hash(o, "4h2mbtbbt6");
}

static void test_behavior_and_hash_flag(void **state)
{
	static const struct {
		const char *entry, *global;
		int behavior;
		bool hash;
	} cases[] = {
		{"name: c\n", NULL, KR_GEN_CREATE, true},
		{"name: c\nbehavior: create\n", NULL, KR_GEN_CREATE, true},
		{"name: c\nbehavior: merge\n", NULL, KR_GEN_MERGE, true},
		{"name: c\nbehavior: replace\n", NULL, KR_GEN_REPLACE, true},
		{"name: c\nbehavior: Merge\n", NULL, KR_GEN_CREATE, true},
		{"name: c\nbehavior: bogus\n", NULL, KR_GEN_CREATE, true},
		{"name: c\noptions: {disableNameSuffixHash: true}\n", NULL, KR_GEN_CREATE, false},
		{"name: c\noptions: {disableNameSuffixHash: false}\n", "disableNameSuffixHash: true\n",
		 KR_GEN_CREATE, false},
		{"name: c\n", "disableNameSuffixHash: false\n", KR_GEN_CREATE, true},
	};
	struct fx *f = *state;
	kr_generated g;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(gen(f, cases[i].entry, false, cases[i].global, &g), 0);
		assert_int_equal(g.behavior, cases[i].behavior);
		assert_int_equal(g.needs_hash, cases[i].hash);
	}
}

/* base/ and ov/ of a kubectl run: the overlay merges into / replaces the base's objects. */
static void test_merge_and_replace(void **state)
{
	static const char base_cfg[] = "name: cfg\nliterals: [a=1, b=2]\nfiles: [bin=bin.dat]\n"
				       "options: {labels: {l: old, keep: k}, annotations: {an: old}, immutable: true}\n";
	static const char ov_cfg[] = "name: cfg\nliterals: [b=3, c=4]\nfiles: [bin2=bin2.dat]\n"
				     "options: {labels: {l: new}}\n";
	struct fx *f = *state;
	kr_node *old, *neu;

	put(f, "bin.dat", "x\xff", 0);
	put(f, "bin2.dat", "y\xfe", 0);

	old = gen_ok(f, base_cfg, false, NULL);
	neu = gen_ok(f, ov_cfg, false, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_MERGE, &f->err), 0);
	assert_val(old, "binaryData", "bin", "eP8=");
	assert_val(old, "binaryData", "bin2", "ef4=");
	assert_val(old, "data", "a", "1");
	assert_val(old, "data", "b", "3");
	assert_val(old, "data", "c", "4");
	assert_val(kr_node_map_get(old, "metadata"), "annotations", "an", "old");
	assert_val(kr_node_map_get(old, "metadata"), "labels", "keep", "k");
	assert_val(kr_node_map_get(old, "metadata"), "labels", "l", "new");
	assert_null(kr_node_map_get(old, "immutable"));
	assert_val(old, "metadata", "name", "cfg");
	assert_hash(old, "82tc7h6c75");

	old = gen_ok(f, base_cfg, false, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_REPLACE, &f->err), 0);
	assert_null(get(old, "binaryData", "bin"));
	assert_null(get(old, "data", "a"));
	assert_val(old, "binaryData", "bin2", "ef4=");
	assert_val(kr_node_map_get(old, "metadata"), "labels", "keep", "k");
	assert_hash(old, "gttcmchtfh");

	/* Secret merge: data merged key-wise, type from the new object */
	old = gen_ok(f, "name: sec\nliterals: [a=1, b=2]\ntype: kubernetes.io/tls\n", true, NULL);
	neu = gen_ok(f, "name: sec\nliterals: [z=9]\n", true, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_MERGE, &f->err), 0);
	assert_val(old, "data", "a", "MQ==");
	assert_val(old, "data", "b", "Mg==");
	assert_val(old, "data", "z", "OQ==");
	assert_val(old, "", "type", "Opaque");

	/* an empty merged data map is dropped; replace keeps `data: {}` */
	old = gen_ok(f, "name: es\noptions: {immutable: true, labels: {x: z}}\n", true, NULL);
	neu = gen_ok(f, "name: es\noptions: {labels: {x: \"\"}}\n", true, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_MERGE, &f->err), 0);
	assert_null(kr_node_map_get(old, "data"));
	assert_null(kr_node_map_get(old, "immutable"));
	assert_val(kr_node_map_get(old, "metadata"), "labels", "x", "");
	assert_hash(old, "8226t8dd99");
	old = gen_ok(f, "name: sec\nliterals: [a=1]\n", true, NULL);
	neu = gen_ok(f, "name: sec\n", true, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_REPLACE, &f->err), 0);
	assert_int_equal(kr_node_map_get(old, "data")->len, 0);

	/* name and namespace are the old object's: `default` matched an unset namespace */
	old = gen_ok(f, "name: cfg\nliterals: [a=1]\n", false, NULL);
	neu = gen_ok(f, "name: cfg\nnamespace: default\nliterals: [b=3]\n", false, NULL);
	assert_int_equal(kr_generator_merge(&f->r, old, neu, KR_GEN_MERGE, &f->err), 0);
	assert_null(get(old, "metadata", "namespace"));
	assert_hash(old, "dtd4b88ttf");

	assert_true(kr_generator_merge(&f->r, old, neu, KR_GEN_CREATE, &f->err) < 0);
	assert_string_equal(f->err.msg,
			    "id resid.ResId{Gvk:resid.Gvk{Group:\"\", Version:\"v1\", Kind:\"ConfigMap\", "
			    "isClusterScoped:false}, Name:\"cfg\", Namespace:\"default\"} exists; behavior must "
			    "be merge or replace");
}

static void test_absorb_error_text(void **state)
{
	struct fx *f = *state;
	kr_node *o = gen_ok(f, "name: nope\nbehavior: replace\n", false, NULL);

	kr_generator_absorb_error(&f->err, NULL, o, false);
	assert_string_equal(f->err.msg,
			    "id resid.ResId{Gvk:resid.Gvk{Group:\"\", Version:\"v1\", Kind:\"ConfigMap\", "
			    "isClusterScoped:false}, Name:\"nope\", Namespace:\"\"} does not exist; cannot "
			    "merge or replace");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hash_spec_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_kubectl_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literals_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literal_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_file_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_file_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_file_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base64_wrapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_data_and_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_source_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys_and_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decode_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_names_fold_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_behavior_and_hash_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absorb_error_text, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
