/*
 * print.c - a preview as text, markdown (for a pull-request comment: a
 * summary table, then one collapsible <details> section per app with its
 * diff; once @max_bytes is reached the remaining diffs are left out and a
 * note says how many) or JSON ({"base", "head", "apps", "changed": [...]}).
 * A kustomization is named by its directory, an Application by kind, name
 * and the file defining it.
 */
#include "preview/preview.h"

#include <string.h>

#include "yaml/json.h"

static const char *word(enum kr_preview_status s)
{
	switch (s) {
	case KR_PREVIEW_ADDED: return "added";
	case KR_PREVIEW_REMOVED: return "removed";
	case KR_PREVIEW_FAILED: return "failed";
	default: return "changed";
	}
}

/* a kustomization by its directory, an Application by kind, name and file */
static int label(kr_buf *out, const kr_preview_app *a)
{
	return a->kind ? kr_buf_printf(out, "%s %s (%s)", a->kind, a->name, a->path) : kr_buf_puts(out, a->path);
}

static int text(kr_buf *out, const kr_preview *p)
{
	size_t i;
	int rc = kr_buf_printf(out, "krender preview %.12s..%.12s: %zu apps differ (%zu at head)\n", p->base_commit,
			       p->head_commit, p->n, p->apps);

	for (i = 0; rc == 0 && i < p->n; i++) {
		const kr_preview_app *a = &p->changed[i];

		rc = kr_buf_puts(out, "\n== ");
		if (rc == 0)
			rc = label(out, a);
		if (rc == 0 && a->status == KR_PREVIEW_FAILED)
			rc = kr_buf_printf(out, ": failed at head: %s\n", a->error ? a->error : "");
		else if (rc == 0)
			rc = kr_buf_printf(out, ": %s (%zu added, %zu changed, %zu removed resources)\n%.*s", word(a->status),
					   a->added, a->changed, a->removed, (int)a->difflen, a->diff);
	}
	return rc;
}

/* @a's label with the characters that end a table cell or open HTML escaped */
static int md_cell(kr_buf *out, const kr_preview_app *a)
{
	kr_buf l;
	size_t i;
	int rc;

	kr_buf_init(&l, 1 << 16);
	rc = label(&l, a);
	for (i = 0; rc == 0 && i < l.len; i++)
		rc = l.data[i] == '|' ? kr_buf_puts(out, "\\|") : l.data[i] == '<' ? kr_buf_puts(out, "&lt;") :
		     l.data[i] == '\n' ? kr_buf_puts(out, " ") : kr_buf_append(out, l.data + i, 1);
	kr_buf_dispose(&l);
	return rc;
}

static int markdown(kr_buf *out, const kr_preview *p, size_t max_bytes)
{
	size_t i, left_out = 0;
	int rc = kr_buf_printf(out, "### krender preview\n\n`%.12s` → `%.12s`: **%zu** apps differ (%zu at head).\n\n",
			       p->base_commit, p->head_commit, p->n, p->apps);

	if (rc == 0 && p->n)
		rc = kr_buf_puts(out, "| app | status | added | changed | removed |\n|---|---|---:|---:|---:|\n");
	for (i = 0; rc == 0 && i < p->n; i++) {
		const kr_preview_app *a = &p->changed[i];

		rc = kr_buf_puts(out, "| `");
		if (rc == 0)
			rc = md_cell(out, a);
		if (rc == 0)
			rc = kr_buf_printf(out, "` | %s | %zu | %zu | %zu |\n", word(a->status), a->added, a->changed, a->removed);
	}
	for (i = 0; rc == 0 && i < p->n; i++) {
		const kr_preview_app *a = &p->changed[i];
		size_t need = a->difflen + strlen(a->path) + (a->name ? strlen(a->name) + 16 : 0) +
			      (a->error ? strlen(a->error) : 0) + 80;

		if (out->len + need > max_bytes) {
			left_out++;
			continue;
		}
		rc = kr_buf_puts(out, "\n<details><summary><code>");
		if (rc == 0)
			rc = md_cell(out, a);
		if (rc == 0)
			rc = kr_buf_printf(out, "</code> (%s)</summary>\n\n```%s\n", word(a->status),
					   a->status == KR_PREVIEW_FAILED ? "text" : "diff");
		if (rc == 0 && a->status == KR_PREVIEW_FAILED)
			rc = kr_buf_printf(out, "%s\n", a->error ? a->error : "");
		else if (rc == 0)
			rc = kr_buf_append(out, a->diff, a->difflen);
		if (rc == 0)
			rc = kr_buf_puts(out, "```\n\n</details>\n");
	}
	if (rc == 0 && left_out)
		rc = kr_buf_printf(out, "\n_%zu app diff%s left out to keep this comment under %zu bytes: run `krender "
				   "preview` locally for all of them._\n", left_out, left_out == 1 ? "" : "s", max_bytes);
	return rc;
}

static int json(kr_buf *out, const kr_preview *p)
{
	size_t i;
	int rc = kr_buf_printf(out, "{\"base\":\"%s\",\"head\":\"%s\",\"apps\":%zu,\"changed\":[", p->base_commit,
			       p->head_commit, p->apps);

	for (i = 0; rc == 0 && i < p->n; i++) {
		const kr_preview_app *a = &p->changed[i];
		size_t k;

		rc = kr_buf_puts(out, i ? ",\n{\"path\":" : "\n{\"path\":");
		if (rc == 0)
			rc = kr_json_write_string(out, a->path, strlen(a->path));
		if (rc == 0 && a->kind)
			rc = kr_buf_printf(out, ",\"kind\":\"%s\",\"name\":", a->kind);
		if (rc == 0 && a->kind)
			rc = kr_json_write_string(out, a->name, strlen(a->name));
		if (rc == 0)
			rc = kr_buf_printf(out, ",\"status\":\"%s\",\"added\":%zu,\"changed\":%zu,\"removed\":%zu", word(a->status),
					   a->added, a->changed, a->removed);
		if (rc == 0 && a->error) {
			rc = kr_buf_puts(out, ",\"error\":");
			if (rc == 0)
				rc = kr_json_write_string(out, a->error, strlen(a->error));
		}
		if (rc == 0)
			rc = kr_buf_puts(out, ",\"resources\":[");
		for (k = 0; rc == 0 && k < a->res.n; k++) {
			if (a->res.items[k].status == KR_DIFF_SYNCED)
				continue;
			rc = kr_buf_puts(out, out->data[out->len - 1] == '[' ? "{\"key\":" : ",{\"key\":");
			if (rc == 0)
				rc = kr_json_write_string(out, a->res.items[k].key, strlen(a->res.items[k].key));
			if (rc == 0)
				rc = kr_buf_printf(out, ",\"status\":\"%s\"}",
						   a->res.items[k].status == KR_DIFF_MISSING ? "added" :
						   a->res.items[k].status == KR_DIFF_EXTRANEOUS ? "removed" : "changed");
		}
		if (rc == 0)
			rc = kr_buf_puts(out, "],\"diff\":");
		if (rc == 0)
			rc = kr_json_write_string(out, a->diff ? a->diff : "", a->difflen);
		if (rc == 0)
			rc = kr_buf_puts(out, "}");
	}
	return rc == 0 ? kr_buf_puts(out, "\n]}\n") : rc;
}

int kr_preview_print(kr_buf *out, const kr_preview *p, enum kr_preview_format f, size_t max_bytes)
{
	return f == KR_PREVIEW_JSON ? json(out, p) : f == KR_PREVIEW_MARKDOWN ? markdown(out, p, max_bytes) : text(out, p);
}
