/*
 * run_cases.c - the Go template engine against Go itself: every case of
 * testdata/gotemplate/cases.json (template, data, options, and "want" or
 * "err" as tests/oracle/gotemplate printed them with Go's text/template,
 * Sprig and ArgoCD's functions) parsed and executed by src/gotmpl; output
 * or error text must match byte for byte. TAP on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gotmpl/gotmpl.h"
#include "util/limits.h"
#include "yaml/load.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = 0;
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static const kr_node *get(const kr_node *map, const char *key)
{
	size_t i;

	for (i = 0; map && map->kind == KR_NODE_MAP && i < map->len; i++)
		if (strcmp(map->u.pairs[i].key->u.str, key) == 0)
			return map->u.pairs[i].value;
	return NULL;
}

/* one case: 0 pass, 1 fail (with the difference printed as TAP diagnostics) */
static int run(kr_arena *a, const kr_node *c)
{
	const kr_node *tmpl = get(c, "template"), *opts = get(c, "options"), *want = get(c, "want"),
		      *want_err = get(c, "err");
	kr_gt_template *t = NULL;
	kr_err err = {0};
	kr_buf out;
	size_t i;
	int rc;
	const char *got;

	if (!tmpl || (!want && !want_err)) {
		printf("# the case needs a template and a want or an err\n");
		return 1;
	}
	kr_buf_init(&out, (size_t)1 << 26);
	rc = kr_gt_parse(a, "", tmpl->u.str, tmpl->len, &t, &err);
	for (i = 0; rc == 0 && opts && i < opts->len; i++)
		rc = kr_gt_option(t, opts->u.items[i]->u.str, &err);
	if (rc == 0)
		rc = kr_gt_exec(a, t, kr_gt_from_node(a, get(c, "data")), &out, &err);
	got = rc == 0 ? (out.data ? out.data : "") : err.msg;
	if ((rc == 0 && want && strlen(got) == want->len && memcmp(got, want->u.str, want->len) == 0) ||
	    (rc != 0 && want_err && strcmp(got, want_err->u.str) == 0)) {
		kr_buf_dispose(&out);
		return 0;
	}
	printf("# want %s: %s\n# got  %s: %s\n", want ? "output" : "error", want ? want->u.str : want_err->u.str,
	       rc == 0 ? "output" : "error", got);
	kr_buf_dispose(&out);
	return 1;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	kr_yaml_stream st;
	kr_limits lim;
	kr_err err = {0};
	kr_arena *a;
	const kr_node *cases;
	char *text;
	size_t len, i, failed = 0;

	snprintf(path, sizeof(path), "%s/testdata/gotemplate/cases.json", top ? top : ".");
	if (argc > 1)
		snprintf(path, sizeof(path), "%s", argv[1]);
	text = slurp(path, &len);
	a = kr_arena_new((size_t)1 << 30);
	kr_limits_default(&lim);
	if (!text || !a || kr_yaml_load(&st, a, path, text, len, &lim, 0, &err) < 0 || st.n != 1 ||
	    st.docs[0]->kind != KR_NODE_SEQ) {
		printf("1..1\nnot ok 1 - %s: %s\n", path, text ? err.msg : "cannot read");
		return 1;
	}
	cases = st.docs[0];
	printf("1..%zu\n", cases->len);
	for (i = 0; i < cases->len; i++) {
		const kr_node *name = get(cases->u.items[i], "name");
		int bad = run(a, cases->u.items[i]);

		printf("%s %zu - %s\n", bad ? "not ok" : "ok", i + 1, name ? name->u.str : "?");
		failed += (size_t)bad;
	}
	kr_arena_free(a);
	free(text);
	return failed ? 1 : 0;
}
