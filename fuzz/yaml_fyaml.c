/*
 * yaml_fyaml.c - differential fuzz target: our loader against libfyaml's
 * parser on the same bytes.
 *
 * Invariants (a broken one aborts):
 *  - when both accept, the trees are the same: kinds, scalar source text
 *    (ours keeps it in orig when it normalised the value), key order,
 *    lengths; aliases resolved on libfyaml's side with fy_document_resolve;
 *  - when libfyaml and libyaml's own event parser both accept but we
 *    reject, the reason is one of our deliberate checks: a limit
 *    (KR_ETOOBIG), a tag that does not decode, or a duplicate key or alias
 *    rule that libfyaml leaves to resolution.
 * libyaml and libfyaml disagree on some syntax (libfyaml 0.7.12 cannot
 * parse an empty entry of an indentless sequence, and each is more lenient
 * than the other in places, yaml-and-libraries.md 5.7): where libyaml
 * itself rejects, or libfyaml rejects what we accept, the target only
 * counts it (FUZZ_DIFF_VERBOSE=1 prints the class). Inputs with `<<` merge
 * keys are compared for acceptance only: yaml.v3 and libfyaml merge
 * differently. Alias expansion is budgeted low so that libfyaml's resolve
 * (about 450 bytes a node) stays small. Input that is not valid UTF-8 is
 * given to our loader only: libfyaml 0.7.12 loops forever on `%\xe6\n` (a
 * directive with a bad byte, fixed upstream in 7f7be36) and mishandles bad
 * UTF-8 elsewhere (56154b8, e55ee42); fuzz/corpus/yaml_fyaml/
 * libfyaml-hang-bad-utf8-directive keeps the input that found it. Input
 * with a `?` (explicit keys) runs libfyaml in a forked child, because
 * libfyaml crashes in its clean-up after such keys (corpus file
 * libfyaml-crash-explicit-keys); a crash or hang there is counted, not ours.
 */
#include "fuzz.h"
#include "util/arena.h"
#include "util/limits.h"
#include "util/utf8.h"
#include "yaml/load.h"

#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml.h>

static int verbose = -1;

static void note(const char *what)
{
	if (verbose < 0)
		verbose = getenv("FUZZ_DIFF_VERBOSE") != NULL;
	if (verbose)
		fprintf(stderr, "yaml_fyaml: %s\n", what);
}

/* One parser event reduced to what both libraries report alike. */
struct event {
	char type; /* S s D d M m Q q V(alue) A(lias) */
	const char *text;
	size_t len;
	const char *anchor;
	size_t alen;
};

static char libyaml_type(yaml_event_type_t t)
{
	static const char map[] = {0, 'S', 's', 'D', 'd', 'A', 'V', 'Q', 'q', 'M', 'm'};
	return (unsigned)t < sizeof(map) ? map[t] : 0;
}

static char fyaml_type(enum fy_event_type t)
{
	static const char map[] = {0, 'S', 's', 'D', 'd', 'M', 'm', 'Q', 'q', 'V', 'A'};
	return (unsigned)t < sizeof(map) ? map[t] : 0;
}

static void fyaml_event(struct fy_event *e, struct event *out)
{
	struct fy_token *text = NULL, *anchor = NULL;

	out->type = fyaml_type(e->type);
	out->len = out->alen = 0;
	if (e->type == FYET_SCALAR)
		text = e->scalar.value, anchor = e->scalar.anchor;
	else if (e->type == FYET_ALIAS)
		text = e->alias.anchor;
	else if (e->type == FYET_MAPPING_START)
		anchor = e->mapping_start.anchor;
	else if (e->type == FYET_SEQUENCE_START)
		anchor = e->sequence_start.anchor;
	out->text = text ? fy_token_get_text(text, &out->len) : "";
	if (!out->text)
		out->text = "", out->len = 0;
	out->anchor = anchor ? fy_token_get_text(anchor, &out->alen) : "";
	if (!out->anchor)
		out->anchor = "", out->alen = 0;
}

static void libyaml_event(yaml_event_t *e, struct event *out)
{
	const yaml_char_t *anchor = NULL;

	out->type = libyaml_type(e->type);
	out->text = "", out->len = 0;
	if (e->type == YAML_SCALAR_EVENT) {
		out->text = (const char *)e->data.scalar.value, out->len = e->data.scalar.length;
		anchor = e->data.scalar.anchor;
	} else if (e->type == YAML_ALIAS_EVENT) {
		out->text = (const char *)e->data.alias.anchor, out->len = strlen(out->text);
	} else if (e->type == YAML_MAPPING_START_EVENT) {
		anchor = e->data.mapping_start.anchor;
	} else if (e->type == YAML_SEQUENCE_START_EVENT) {
		anchor = e->data.sequence_start.anchor;
	}
	out->anchor = anchor ? (const char *)anchor : "";
	out->alen = strlen(out->anchor);
}

/* a quiet libfyaml parser over @data (its diagnostics in *@diag, unref'd by the caller), or NULL */
static struct fy_parser *open_fyaml(const uint8_t *data, size_t size, struct fy_diag **diag)
{
	struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
	struct fy_diag_cfg dc;
	struct fy_parser *fyp;

	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	*diag = fy_diag_create(&dc);
	cfg.diag = *diag;
	fyp = *diag ? fy_parser_create(&cfg) : NULL;
	if (fyp && fy_parser_set_string(fyp, (const char *)data, size) != 0) {
		fy_parser_destroy(fyp);
		fyp = NULL;
	}
	return fyp;
}

/*
 * The two libraries read the bytes alike: both parse the whole stream and
 * report the same events (kind, scalar text, anchor and alias names).
 * 1 alike, 0 different, -1 libyaml rejects.
 */
static int same_events(const uint8_t *data, size_t size)
{
	struct fy_diag *diag;
	struct fy_parser *fyp;
	yaml_parser_t p;
	int alike = 1, done = 0;

	if (!yaml_parser_initialize(&p))
		return 0;
	yaml_parser_set_input_string(&p, data, size);
	fyp = open_fyaml(data, size, &diag);
	if (!fyp)
		alike = 0;
	while (!done) {
		yaml_event_t ev;
		struct fy_event *fe = NULL;
		struct event a, b;

		if (!yaml_parser_parse(&p, &ev)) {
			alike = -1;
			break;
		}
		libyaml_event(&ev, &a);
		done = ev.type == YAML_STREAM_END_EVENT;
		if (alike == 1) {
			fe = fy_parser_parse(fyp);
			if (!fe) {
				alike = 0;
			} else {
				fyaml_event(fe, &b);
				if (a.type != b.type || a.len != b.len || memcmp(a.text, b.text, a.len) != 0 ||
				    a.alen != b.alen || memcmp(a.anchor, b.anchor, a.alen) != 0)
					alike = 0;
			}
			fy_parser_event_free(fyp, fe);
		}
		yaml_event_delete(&ev);
	}
	if (alike == 1 && fy_parser_get_stream_error(fyp))
		alike = 0;
	yaml_parser_delete(&p);
	if (fyp)
		fy_parser_destroy(fyp);
	fy_diag_unref(diag);
	return alike;
}

static bool same_tree(const kr_node *n, struct fy_node *f, size_t depth)
{
	if (depth > 2000)
		return false;
	if (f && fy_node_resolve_alias(f))
		f = fy_node_resolve_alias(f);
	if (!f)
		return n->kind == KR_NODE_SCALAR && n->type == KR_SCALAR_NULL;
	switch (fy_node_get_type(f)) {
	case FYNT_SCALAR: {
		size_t flen, len;
		const char *fs = fy_node_get_scalar(f, &flen), *s;

		if (n->kind != KR_NODE_SCALAR)
			return false;
		s = n->x.orig ? n->x.orig : n->u.str;
		len = n->x.orig ? n->orig_len : n->len;
		if (!fs)
			fs = "", flen = 0;
		/* our loader types an empty plain scalar as null with empty text */
		return flen == len && memcmp(fs, s, len) == 0;
	}
	case FYNT_SEQUENCE: {
		void *it = NULL;
		struct fy_node *item;
		size_t i = 0;

		if (n->kind != KR_NODE_SEQ || (size_t)fy_node_sequence_item_count(f) != n->len)
			return false;
		while ((item = fy_node_sequence_iterate(f, &it)) != NULL)
			if (!same_tree(n->u.items[i++], item, depth + 1))
				return false;
		return true;
	}
	case FYNT_MAPPING: {
		void *it = NULL;
		struct fy_node_pair *pair;
		size_t i = 0;

		if (n->kind != KR_NODE_MAP || (size_t)fy_node_mapping_item_count(f) != n->len)
			return false;
		while ((pair = fy_node_mapping_iterate(f, &it)) != NULL) {
			if (!same_tree(n->u.pairs[i].key, fy_node_pair_key(pair), depth + 1) ||
			    !same_tree(n->u.pairs[i].value, fy_node_pair_value(pair), depth + 1))
				return false;
			i++;
		}
		return true;
	}
	}
	return false;
}

/* Our deliberate rejections of input both parsers take. */
static bool deliberate(const kr_err *err)
{
	static const char *const reasons[] = {"cannot decode", "already set", "already defined",
					      "duplicate", "alias", "anchor", "merge", "mapping key",
					      "timestamp", "control character", "tag"};
	size_t i;

	if (err->code == KR_ETOOBIG)
		return true;
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strstr(err->msg, reasons[i]))
			return true;
	return false;
}

/* libFuzzer writes a crash file when the process dies: not for libfyaml's deaths in the child */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void quiet_death(void)
{
	_exit(70);
}

/* Exit statuses of the child that runs libfyaml. */
enum { AGREE = 0, BROKEN = 3 };

/*
 * Everything libfyaml does with the bytes, and the checks of our invariants
 * against it: BROKEN when one breaks. Runs in a forked child for risky input
 * (libfyaml 0.7.12 crashes in fy_indent_vacuum_internal from
 * fy_parser_destroy after explicit `?` keys): the child sees our tree by
 * copy on write.
 */
static int compare_with_libfyaml(const uint8_t *data, size_t size, int ours, const kr_yaml_stream *s,
				 const kr_err *err)
{
	struct fy_diag *diag;
	struct fy_parser *fyp;
	struct fy_document *fyd;
	int theirs = 1;
	size_t i = 0;
	bool merges = memmem(data, size, "<<", 2) != NULL, differs = false;

	fyp = open_fyaml(data, size, &diag);
	if (!fyp) {
		fy_diag_unref(diag);
		return AGREE;
	}
	/* libfyaml resolves only what we accepted: our budget bounds the expansion */
	while ((fyd = fy_parse_load_document(fyp)) != NULL) {
		if (ours && !merges && theirs) {
			if (fy_document_resolve(fyd) != 0)
				theirs = 0;
			else if (i >= s->n || !same_tree(s->docs[i], fy_document_root(fyd), 0))
				differs = true;
		}
		i++;
		fy_parse_document_destroy(fyp, fyd);
	}
	if (fy_parser_get_stream_error(fyp))
		theirs = 0;
	if (ours && theirs && !merges && i != s->n) {
		/* an empty stream is no document for libfyaml, one null for us */
		if (!(i == 0 && s->n == 1 && s->docs[0]->kind == KR_NODE_SCALAR))
			differs = true;
	}
	fy_parser_destroy(fyp);
	fy_diag_unref(diag);

	if (differs) {
		if (same_events(data, size) == 1) {
			fprintf(stderr, "yaml_fyaml: same events, different trees\n");
			return BROKEN;
		}
		note("the libraries read the bytes differently");
	} else if (!ours && theirs && same_events(data, size) == 1) {
		if (!deliberate(err)) {
			fprintf(stderr, "yaml_fyaml: we reject what both parsers accept: %s\n", err->msg);
			return BROKEN;
		}
		note("deliberate rejection");
	} else if (ours != theirs) {
		note(ours ? "libfyaml rejects what we accept"
			  : "we reject what libfyaml accepts; libyaml rejects it or reads it differently");
	} else if (ours && !merges) {
		note("same trees");
	}
	return AGREE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_arena *a;
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;
	int ours, status;
	pid_t pid;

	if (size > 16384 || !kr_utf8_valid(data, size))
		return 0;
	kr_limits_default(&lim);
	lim.alias_nodes = 5000;
	lim.depth = 200;
	a = kr_arena_new(64u << 20);
	if (!a)
		return 0;
	ours = kr_yaml_load(&s, a, "fuzz.yaml", (const char *)data, size, &lim, 0, &err) == 0;
	/* explicit keys meet libfyaml's clean-up crash: those run in a child (slow: a fork each) */
	if (!memchr(data, '?', size)) {
		if (compare_with_libfyaml(data, size, ours, &s, &err) == BROKEN)
			abort();
		kr_arena_free(a);
		return 0;
	}
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		if (__sanitizer_set_death_callback)
			__sanitizer_set_death_callback(quiet_death);
		alarm(10);
		_exit(compare_with_libfyaml(data, size, ours, &s, &err));
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == BROKEN)
			abort();
		if (!WIFEXITED(status) || WEXITSTATUS(status) != AGREE)
			note("libfyaml crashed or hung (its bug, not ours)");
	}
	kr_arena_free(a);
	return 0;
}
