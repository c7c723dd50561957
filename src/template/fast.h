/*
 * fast.h - ArgoCD's default ApplicationSet template mode: valyala/
 * fasttemplate with {{ and }} over flat parameters (argocd.md 1.6.2).
 *
 * A string is rendered only when one of its lines holds "{{" and, later,
 * "}}"; a tag's text, trimmed, is looked up by exact key; a hit whose value
 * is a string replaces the tag; anything else leaves "{{tag}}" as written.
 * "{{" without a later "}}" is the error "invalid template: Cannot find end
 * tag=...". Replacements are not scanned again.
 */
#ifndef KR_TEMPLATE_FAST_H
#define KR_TEMPLATE_FAST_H

#include <stdbool.h>

#include "util/arena.h"
#include "util/err.h"
#include "yaml/node.h"

/* kr_fast_is_template() - whether @s/@n would be rendered at all (the line pre-check). */
bool kr_fast_is_template(const char *s, size_t n);

/*
 * kr_fast_render() - @s/@n rendered with @params (a map; string values
 * replace tags) into *@out, *@outlen bytes (in @a; @s itself when nothing
 * is to render). 0 or KR_E* with @err set.
 */
int kr_fast_render(kr_arena *a, const char *s, size_t n, const kr_node *params, const char **out, size_t *outlen,
		   kr_err *err);

#endif
