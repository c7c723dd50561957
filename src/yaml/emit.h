/*
 * emit.h - kr_node trees to the bytes `kubectl kustomize` prints.
 *
 * The style-decision layer (key order, requested scalar style, number text)
 * lives here; libyaml's emitter does indentation, quoting downgrades,
 * escapes and folding at 80 columns, as go-yaml v2 (a port of it) does.
 */
#ifndef KR_YAML_EMIT_H
#define KR_YAML_EMIT_H

#include "util/buf.h"
#include "util/err.h"
#include "yaml/node.h"

/*
 * kr_yaml_emit_doc() - append @root to @out as one document, without any
 * `---` separator (the caller writes those). Returns 0 or a KR_E* code.
 */
int kr_yaml_emit_doc(kr_buf *out, const kr_node *root, kr_err *err);

/*
 * kr_yaml_emit_stream() - append @n documents to @out, separated by "---"
 * lines, as `kustomize build` prints a resource list (one emitter for all).
 */
int kr_yaml_emit_stream(kr_buf *out, const kr_node *const *docs, size_t n, kr_err *err);

/*
 * kr_yaml_sort_keys() - the order in which kustomize prints the keys of
 * mapping @map: fills @idx[0..map->len) with pair indexes, sorted with the
 * yaml.v2 comparator (stable). @tmp is scratch space of the same size.
 */
void kr_yaml_sort_keys(const kr_node *map, size_t *idx, size_t *tmp);

/*
 * kr_yaml_emit_fast() - append @root as libyaml would write it when the
 * document is simple enough to need none of libyaml's analysis (emit_fast.c).
 * 1 written, 0 not simple (nothing written), or a negative KR_E* code.
 */
int kr_yaml_emit_fast(kr_buf *out, const kr_node *root, kr_err *err);
/* kr_yaml_emit_libyaml() - @root through libyaml's emitter only (the reference for the fast path). */
int kr_yaml_emit_libyaml(kr_buf *out, const kr_node *root, kr_err *err);
#endif
