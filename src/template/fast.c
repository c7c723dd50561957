/*
 * fast.c - fasttemplate rendering as ArgoCD drives it (see fast.h).
 *
 * Invariant: the output is the input with each "{{tag}}" either replaced
 * by a string parameter or kept byte for byte; the input is never read
 * past @n.
 */
#include "template/fast.h"

#include <string.h>

#include "template/gofmt.h"
#include "util/buf.h"

static const char *find(const char *s, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == what[0] && s[i + 1] == what[1])
			return s + i;
	return NULL;
}

bool kr_fast_is_template(const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *line_end = nl ? nl : end;
		const char *open = find(s, (size_t)(line_end - s), "{{");

		if (open && find(open + 2, (size_t)(line_end - open - 2), "}}"))
			return true;
		s = line_end + 1;
	}
	return false;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int kr_fast_render(kr_arena *a, const char *s, size_t n, const kr_node *params, const char **out, size_t *outlen,
		   kr_err *err)
{
	const char *p = s, *end = s + n;
	kr_buf b;
	int rc = 0;

	*out = s;
	*outlen = n;
	if (!kr_fast_is_template(s, n))
		return 0;
	kr_buf_init(&b, (size_t)1 << 30);
	while (rc == 0 && p < end) {
		const char *open = find(p, (size_t)(end - p), "{{"), *close, *t0, *t1;
		const kr_node *v;

		if (!open) {
			rc = kr_buf_append(&b, p, (size_t)(end - p));
			break;
		}
		rc = kr_buf_append(&b, p, (size_t)(open - p));
		close = find(open + 2, (size_t)(end - open - 2), "}}");
		if (!close) {
			kr_buf msg;

			kr_buf_dispose(&b);
			kr_buf_init(&msg, (size_t)1 << 20);
			rc = kr_buf_puts(&msg, "Cannot find end tag=\"}}\" in the template=");
			if (rc == 0)
				rc = kr_go_quote(&msg, s, n);
			if (rc == 0)
				rc = kr_buf_puts(&msg, " starting from ");
			if (rc == 0)
				rc = kr_go_quote(&msg, open + 2, (size_t)(end - open - 2));
			rc = kr_err_set(err, rc ? rc : KR_EINVAL, NULL, "invalid template: %s", msg.data ? msg.data : "");
			kr_buf_dispose(&msg);
			return rc;
		}
		for (t0 = open + 2; t0 < close && space(*t0); t0++)
			;
		for (t1 = close; t1 > t0 && space(t1[-1]); t1--)
			;
		v = t1 > t0 ? kr_node_map_get_n(params, t0, (size_t)(t1 - t0)) : NULL;
		if (rc == 0 && v && v->kind == KR_NODE_SCALAR && v->type == KR_SCALAR_STR)
			rc = kr_buf_append(&b, v->u.str, v->len);
		else if (rc == 0)
			rc = kr_buf_append(&b, open, (size_t)(close + 2 - open)); /* a miss: as written */
		p = close + 2;
	}
	if (rc == 0) {
		*outlen = b.len;
		*out = kr_arena_memdup(a, b.data ? b.data : "", b.len);
		if (!*out)
			rc = KR_ENOMEM;
	}
	kr_buf_dispose(&b);
	return rc < 0 ? kr_err_set(err, rc, NULL, "out of memory") : 0;
}
