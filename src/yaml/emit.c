/*
 * emit.c - the style-decision layer over libyaml's emitter.
 *
 * For every node it decides what go-yaml v2 would request after kustomize's
 * JSON round trip: mapping keys sorted with v2's comparator; strings with a
 * line break as literal blocks, strings that would read back as another type
 * under YAML 1.1 double-quoted, other strings plain; non-strings plain in
 * their normalised text. libyaml then downgrades styles where needed and
 * folds long lines, exactly as the Go port does.
 * Fix-up: libyaml ends a document holding a keep-chomped (|+) block with
 * "...", kustomize never prints it, so it is dropped.
 * One emitter per output stream; scratch index arrays come from one heap stack.
 */
#include "yaml/emit.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/limits.h"
#include "util/vec.h"

struct emitter {
	yaml_emitter_t e;
	kr_buf *out;
	int write_rc;
	size_t *scratch;
	size_t nscratch, capscratch;
	kr_err *err;
	bool open_ended; /* a keep-chomped block was written: "..." lines to drop */
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	struct emitter *E = data;
	int rc = kr_buf_append(E->out, buffer, size);

	if (rc < 0) {
		E->write_rc = rc;
		return 0;
	}
	return 1;
}

static int emit_event(struct emitter *E, yaml_event_t *ev)
{
	if (yaml_emitter_emit(&E->e, ev))
		return 0;
	if (E->write_rc == KR_ETOOBIG)
		return kr_err_set(E->err, KR_ETOOBIG, NULL,
				  "output larger than the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
	if (E->write_rc)
		return kr_err_set(E->err, E->write_rc, NULL, "out of memory while writing output");
	return kr_err_set(E->err, KR_EINVAL, NULL, "yaml emitter: %s",
			  E->e.problem ? E->e.problem : "unknown error");
}

static yaml_scalar_style_t string_style(const char *s, size_t n)
{
	if (memchr(s, '\n', n))
		return YAML_LITERAL_SCALAR_STYLE;
	if (kr_scalar_needs_quotes_v2(s, n))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return YAML_PLAIN_SCALAR_STYLE;
}

/*
 * go-yaml re-reads kustomize's JSON, where a raw NEL (U+0085) is a line
 * break that double-quoted folding turns into a space: do the same.
 */
static char *fold_nel(const char *s, size_t n)
{
	const char *c = memchr(s, 0xc2, n); /* cheaper than memmem on short scalars */
	char *copy;
	size_t i, o = 0;

	while (c && !((size_t)(c - s) + 1 < n && (unsigned char)c[1] == 0x85))
		c = memchr(c + 1, 0xc2, n - (size_t)(c + 1 - s));
	if (!c)
		return NULL;
	copy = malloc(n + 1);
	if (!copy)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) {
			copy[o++] = ' ';
			i++;
		} else {
			copy[o++] = s[i];
		}
	}
	copy[o] = '\0';
	return copy;
}

static int emit_scalar(struct emitter *E, const kr_node *n)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	const char *text = n->u.str;
	size_t len = n->len;
	char *folded = NULL;
	yaml_event_t ev;
	int ok;

	if (n->type == KR_SCALAR_STR) {
		folded = fold_nel(text, len);
		if (folded) {
			text = folded;
			len = strlen(folded);
		}
		style = string_style(text, len);
		if (style == YAML_LITERAL_SCALAR_STYLE && len >= 1 && text[len - 1] == '\n' &&
		    (len == 1 || text[len - 2] == '\n'))
			E->open_ended = true;
	}
	ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)len, 1, 1, style);
	free(folded);
	if (!ok)
		return kr_err_set(E->err, KR_ENOMEM, NULL, "out of memory while writing output");
	return emit_event(E, &ev);
}

static void merge_sort(const kr_node *map, size_t *idx, size_t *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(map, idx, tmp, mid);
	merge_sort(map, idx + mid, tmp, n - mid);
	while (i < mid && j < n) {
		const kr_node *a = map->u.pairs[idx[i]].key;
		const kr_node *b = map->u.pairs[idx[j]].key;
		if (kr_key_compare_v2(b->u.str, b->len, a->u.str, a->len) < 0)
			tmp[k++] = idx[j++];
		else
			tmp[k++] = idx[i++];
	}
	while (i < mid)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

void kr_yaml_sort_keys(const kr_node *map, size_t *idx, size_t *tmp)
{
	size_t i;

	for (i = 0; i < map->len; i++)
		idx[i] = i;
	merge_sort(map, idx, tmp, map->len);
}

/* Reserve 2*n scratch slots; returns the offset of the first. */
static int scratch_push(struct emitter *E, size_t n, size_t *off)
{
	if (kr_vec_grow(&E->scratch, &E->capscratch, E->nscratch + 2 * n, sizeof(*E->scratch)) < 0)
		return kr_err_set(E->err, KR_ENOMEM, NULL, "out of memory while writing output");
	*off = E->nscratch;
	E->nscratch += 2 * n;
	return 0;
}

static int emit_node(struct emitter *E, const kr_node *n, size_t depth);

static int emit_map(struct emitter *E, const kr_node *n, size_t depth)
{
	yaml_event_t ev;
	size_t off = 0, i;
	int rc;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	rc = emit_event(E, &ev);
	if (rc < 0)
		return rc;
	rc = scratch_push(E, n->len, &off);
	if (rc < 0)
		return rc;
	if (n->len) /* no scratch array yet for an empty mapping */
		kr_yaml_sort_keys(n, E->scratch + off, E->scratch + off + n->len);
	for (i = 0; i < n->len && rc == 0; i++) {
		const kr_pair *p = &n->u.pairs[E->scratch[off + i]];
		rc = emit_node(E, p->key, depth + 1);
		if (rc == 0)
			rc = emit_node(E, p->value, depth + 1);
	}
	E->nscratch = off;
	if (rc < 0)
		return rc;
	yaml_mapping_end_event_initialize(&ev);
	return emit_event(E, &ev);
}

static int emit_node(struct emitter *E, const kr_node *n, size_t depth)
{
	yaml_event_t ev;
	size_t i;
	int rc = 0;

	if (depth > 100000)
		return kr_err_set(E->err, KR_ETOOBIG, NULL, "document nested too deeply to write");
	switch (n->kind) {
	case KR_NODE_SCALAR:
		return emit_scalar(E, n);
	case KR_NODE_MAP:
		return emit_map(E, n, depth);
	default:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		rc = emit_event(E, &ev);
		for (i = 0; i < n->len && rc == 0; i++)
			rc = emit_node(E, n->u.items[i], depth + 1);
		if (rc < 0)
			return rc;
		yaml_sequence_end_event_initialize(&ev);
		return emit_event(E, &ev);
	}
}

/*
 * libyaml marks a document holding a keep-chomped (|+) block as open-ended
 * and writes a "..." line after it; kustomize never does. Every document is
 * a mapping or sequence here, so a line that is exactly "..." can only be
 * such a marker: drop those lines from @out after @start.
 */
static void drop_document_end_markers(kr_buf *out, size_t start)
{
	size_t r = start, w = start;

	for (;;) {
		const char *hit;
		size_t cut;
		if (r == 0 && out->len >= 4 && memcmp(out->data, "...\n", 4) == 0) {
			r = 4;
			continue;
		}
		hit = r < out->len ? memmem(out->data + r, out->len - r, "\n...\n", 5) : NULL;
		cut = hit ? (size_t)(hit - out->data) + 1 : out->len;
		memmove(out->data + w, out->data + r, cut - r);
		w += cut - r;
		if (!hit)
			break;
		r = cut + 4; /* skip the "...\n" line */
	}
	out->len = w;
	out->data[w] = '\0';
}

static int emit_libyaml(kr_buf *out, const kr_node *const *docs, size_t n, kr_err *err);

/*
 * Documents simple enough are written directly (emit_fast.c), the others by
 * libyaml one at a time; a document written alone is byte for byte the
 * same as inside one stream, "---" lines between them.
 */
int kr_yaml_emit_stream(kr_buf *out, const kr_node *const *docs, size_t n, kr_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc >= 0; i++) {
		rc = i > 0 ? kr_buf_append(out, "---\n", 4) : 0;
		if (rc == KR_ETOOBIG)
			return kr_err_set(err, rc, NULL,
					  "output larger than the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
		if (rc < 0)
			return kr_err_set(err, rc, NULL, "out of memory while writing output");
		rc = kr_yaml_emit_fast(out, docs[i], err);
		if (rc == 0)
			rc = emit_libyaml(out, &docs[i], 1, err);
	}
	return rc < 0 ? rc : 0;
}

static int emit_libyaml(kr_buf *out, const kr_node *const *docs, size_t n, kr_err *err)
{
	struct emitter E = {.out = out, .err = err};
	size_t start = out->len, i;
	yaml_event_t ev;
	int rc;

	if (!yaml_emitter_initialize(&E.e))
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory while writing output");
	yaml_emitter_set_output(&E.e, write_handler, &E);
	yaml_emitter_set_indent(&E.e, 2);
	yaml_emitter_set_width(&E.e, 80);
	yaml_emitter_set_unicode(&E.e, 1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	rc = emit_event(&E, &ev);
	for (i = 0; i < n && rc == 0; i++) {
		/* implicit start: libyaml writes "---" before every document but the first */
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
		rc = emit_event(&E, &ev);
		if (rc == 0)
			rc = emit_node(&E, docs[i], 0);
		if (rc == 0) {
			yaml_document_end_event_initialize(&ev, 1);
			rc = emit_event(&E, &ev);
		}
	}
	if (rc == 0) {
		yaml_stream_end_event_initialize(&ev);
		rc = emit_event(&E, &ev);
	}
	if (rc == 0 && !yaml_emitter_flush(&E.e))
		rc = kr_err_set(err, E.write_rc ? E.write_rc : KR_EIO, NULL, "cannot write output");
	yaml_emitter_delete(&E.e);
	free(E.scratch);
	if (rc == 0 && E.open_ended)
		drop_document_end_markers(out, start);
	return rc;
}

int kr_yaml_emit_libyaml(kr_buf *out, const kr_node *root, kr_err *err)
{
	return emit_libyaml(out, &root, 1, err);
}

int kr_yaml_emit_doc(kr_buf *out, const kr_node *root, kr_err *err)
{
	return kr_yaml_emit_stream(out, &root, 1, err);
}
