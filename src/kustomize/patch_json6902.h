/*
 * patch_json6902.h - RFC 6902 JSON patches applied the way kustomize
 * v5.5.0 applies them (gopkg.in/evanphx/json-patch.v4 v4.12.0).
 *
 * A patch document is parsed once into an op list (kr_json6902), which
 * is then applied to any number of resources. The op list lives in the
 * arena given to kr_json6902_parse() and borrows the `value` nodes of the
 * patch document, so that document must live as long as the list (both
 * normally belong to the render's arena). Nothing needs freeing.
 * Error texts are json-patch's, byte for byte; see patch_json6902.c for
 * the behaviours checked against kubectl.
 */
#ifndef KR_KUSTOMIZE_PATCH_JSON6902_H
#define KR_KUSTOMIZE_PATCH_JSON6902_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"
#include "yaml/node.h"

typedef struct kr_json6902 kr_json6902;

/*
 * kr_json6902_parse() - turn the loaded patch document @doc (a sequence of
 * {op, path, from, value} maps) into an op list in @a, stored in *@out.
 * Like json.Unmarshal into a jsonpatch.Patch: a null document is an empty
 * list; a document that is not a sequence, or an item that is neither a
 * map nor null, fails with "json: cannot unmarshal <type> into Go value of
 * type jsonpatch.Patch|Operation" (callers add kustomize's "decoding ..."
 * context). A missing op, path or from is not an error here: json-patch
 * only complains when the op is applied to a resource ("Unexpected kind:
 * unknown", "add operation failed to decode path: missing value", ...),
 * so a patch whose target selects nothing never fails.
 */
int kr_json6902_parse(kr_arena *a, const kr_node *doc, kr_json6902 **out, kr_err *err);

/* kr_json6902_len() - number of ops in @ops. */
size_t kr_json6902_len(const kr_json6902 *ops);

/*
 * kr_json6902_apply() - apply @ops in order to the resource tree @doc, in
 * place. Values are deep-copied into @a, so @ops can be applied again to
 * another document. Like kustomize's JSON round trip of the resource, every
 * scalar of @doc loses its source spelling (x.orig), mapping keys become
 * strings and an empty plain null (`key:`) becomes "". On failure returns a
 * negative KR_E* code with @err holding json-patch's message; @doc may then
 * be partly patched (kustomize aborts the build). Where kustomize itself
 * crashes (nil pointer dereference in json-patch), the error is "panic: ...".
 */
int kr_json6902_apply(kr_arena *a, kr_node *doc, const kr_json6902 *ops, kr_err *err);

#endif
