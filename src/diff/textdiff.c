/*
 * textdiff.c - line diffs (normal and unified formats).
 *
 * The edit script comes from a longest-common-subsequence table over the
 * lines that differ once the common head and tail are cut off; objects are
 * short and differ in few places, so the table is small. A table of more
 * than 4M cells is not built: the middle is shown as one change.
 */
#include "diff/textdiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#define MAX_CELLS ((size_t)4 << 20)

struct line {
	const char *s;
	size_t n; /* without the newline */
};

struct lines {
	struct line *v;
	size_t n;
};

static int split(const char *s, size_t len, struct lines *out)
{
	size_t i, start = 0, cap = 16;

	out->n = 0;
	out->v = malloc(cap * sizeof(*out->v));
	if (!out->v)
		return KR_ENOMEM;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (out->n == cap) {
			struct line *p = realloc(out->v, 2 * cap * sizeof(*p));
			if (!p)
				return KR_ENOMEM;
			out->v = p, cap *= 2;
		}
		out->v[out->n++] = (struct line){s + start, i - start};
		start = i + 1;
	}
	return 0;
}

static bool same(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/* ops: '=' keep, '-' old only, '+' new only; the script lists old then new within a change */
static int script(const struct lines *a, const struct lines *b, char **ops, size_t *nops)
{
	size_t head = 0, tail = 0, n, m, i, j, k = 0;
	uint32_t *t = NULL;
	char *o;

	while (head < a->n && head < b->n && same(&a->v[head], &b->v[head]))
		head++;
	while (tail < a->n - head && tail < b->n - head && same(&a->v[a->n - 1 - tail], &b->v[b->n - 1 - tail]))
		tail++;
	n = a->n - head - tail;
	m = b->n - head - tail;
	o = malloc(a->n + b->n + 1);
	if (!o)
		return KR_ENOMEM;
	memset(o, '=', head);
	k = head;
	if ((n + 1) * (m + 1) <= MAX_CELLS) {
		t = calloc((n + 1) * (m + 1), sizeof(*t));
		if (!t) {
			free(o);
			return KR_ENOMEM;
		}
	}
	if (t) {
		/* t[i][j]: LCS length of a[head+i..] and b[head+j..] */
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] = same(&a->v[head + i], &b->v[head + j])
							     ? t[(i + 1) * (m + 1) + j + 1] + 1
							     : (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]
									? t[(i + 1) * (m + 1) + j]
									: t[i * (m + 1) + j + 1]);
		for (i = 0, j = 0; i < n || j < m;) {
			if (i < n && j < m && same(&a->v[head + i], &b->v[head + j]))
				o[k++] = '=', i++, j++;
			else if (j == m || (i < n && t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]))
				o[k++] = '-', i++;
			else
				o[k++] = '+', j++;
		}
		free(t);
	} else {
		memset(o + k, '-', n);
		memset(o + k + n, '+', m);
		k += n + m;
	}
	memset(o + k, '=', tail);
	k += tail;
	*ops = o;
	*nops = k;
	return 0;
}

static int range(kr_buf *out, size_t from, size_t count)
{
	/* normal format: "a,b" for several lines, "a" for one, the line before for none */
	if (count == 0)
		return kr_buf_printf(out, "%zu", from);
	if (count == 1)
		return kr_buf_printf(out, "%zu", from + 1);
	return kr_buf_printf(out, "%zu,%zu", from + 1, from + count);
}

static int emit_lines(kr_buf *out, const struct lines *l, size_t from, size_t count, const char *mark,
		      const char *on, const char *off)
{
	size_t i;
	int rc = 0;

	for (i = from; i < from + count && rc == 0; i++)
		rc = kr_buf_printf(out, "%s%s%.*s%s\n", on, mark, (int)l->v[i].n, l->v[i].s, off);
	return rc;
}

static int normal(kr_buf *out, const struct lines *a, const struct lines *b, const char *ops, size_t nops,
		  bool color)
{
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "", *off = color ? "\033[0m" : "";
	size_t k = 0, i = 0, j = 0;
	int rc = 0;

	while (k < nops && rc == 0) {
		size_t di = 0, dj = 0;

		if (ops[k] == '=') {
			k++, i++, j++;
			continue;
		}
		while (k < nops && ops[k] != '=')
			ops[k++] == '-' ? di++ : dj++;
		rc = range(out, i, di);
		if (rc == 0)
			rc = kr_buf_printf(out, "%c", di && dj ? 'c' : di ? 'd' : 'a');
		if (rc == 0)
			rc = range(out, j, dj);
		if (rc == 0)
			rc = kr_buf_printf(out, "\n");
		if (rc == 0)
			rc = emit_lines(out, a, i, di, "< ", red, off);
		if (rc == 0 && di && dj)
			rc = kr_buf_printf(out, "---\n");
		if (rc == 0)
			rc = emit_lines(out, b, j, dj, "> ", green, off);
		i += di, j += dj;
	}
	return rc;
}

static int unified(kr_buf *out, const struct lines *a, const struct lines *b, const char *ops, size_t nops,
		   const char *oldname, const char *newname, bool color)
{
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "", *off = color ? "\033[0m" : "";
	size_t k = 0, i = 0, j = 0;
	int rc = kr_buf_printf(out, "--- %s\n+++ %s\n", oldname, newname);

	while (k < nops && rc == 0) {
		size_t end, e, ai, bj, ac = 0, bc = 0, x, ki, kj;

		if (ops[k] == '=') {
			k++, i++, j++;
			continue;
		}
		/* a hunk: from 3 kept lines before the change to 3 after the last change within 6 */
		end = k;
		for (e = k; e < nops; e++) {
			if (ops[e] != '=')
				end = e;
			else if (e - end > 6)
				break;
		}
		x = k < 3 ? k : 3;
		for (e = 0; e < x && ops[k - 1 - e] == '='; e++)
			;
		x = e;
		ai = i - x, bj = j - x;
		for (e = k - x; e <= end || (e < nops && e <= end + 3 && ops[e] == '='); e++) {
			if (ops[e] != '+')
				ac++;
			if (ops[e] != '-')
				bc++;
		}
		rc = kr_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? ai + 1 : ai, ac, bc ? bj + 1 : bj, bc);
		ki = ai, kj = bj;
		for (e = k - x; rc == 0 && (e <= end || (e < nops && e <= end + 3 && ops[e] == '=')); e++) {
			if (ops[e] == '=') {
				rc = emit_lines(out, a, ki++, 1, " ", "", "");
				kj++;
			} else if (ops[e] == '-') {
				rc = emit_lines(out, a, ki++, 1, "-", red, off);
			} else {
				rc = emit_lines(out, b, kj++, 1, "+", green, off);
			}
		}
		k = e, i = ki, j = kj;
	}
	return rc;
}

int kr_textdiff(kr_buf *out, const char *old, size_t olen, const char *new, size_t nlen, bool unified_format,
		const char *oldname, const char *newname, bool color)
{
	struct lines a = {0}, b = {0};
	char *ops = NULL;
	size_t nops = 0;
	int rc = split(old, olen, &a);

	if (rc == 0)
		rc = split(new, nlen, &b);
	if (rc == 0)
		rc = script(&a, &b, &ops, &nops);
	if (rc == 0)
		rc = unified_format ? unified(out, &a, &b, ops, nops, oldname, newname, color)
				    : normal(out, &a, &b, ops, nops, color);
	free(ops);
	free(a.v);
	free(b.v);
	return rc;
}
