/*
 * report.c - printing a kr_diff_result.
 *
 * Text follows `argocd app diff`: for each resource that differs, in key
 * order, a blank line, `===== group/kind namespace/name ======`, then the
 * diff of the live object's YAML against the predicted one (an absent side
 * is empty). Hashes print as 32 hex digits (XXH3-128, canonical order).
 */
#include "diff/report.h"

#include <stdio.h>
#include <string.h>

#include "diff/textdiff.h"
#include "yaml/emit.h"
#include "yaml/json.h"

static void hex(const unsigned char h[16], char out[33])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 16; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[32] = '\0';
}

static int yaml_of(const kr_node *n, kr_buf *out, kr_err *err)
{
	out->len = 0;
	return n ? kr_yaml_emit_doc(out, n, err) : 0;
}

/* @old_tag/@new_tag follow the resource name in the diff's file labels ("-live.yaml" and "" for argocd app diff) */
static int text(kr_buf *out, const kr_diff_result *r, bool unified, bool color, const char *old_tag,
		const char *new_tag, kr_err *err)
{
	kr_buf live, target;
	size_t i;
	int rc = 0;

	kr_buf_init(&live, (size_t)1 << 30);
	kr_buf_init(&target, (size_t)1 << 30);
	for (i = 0; i < r->n && rc == 0; i++) {
		const kr_diff_item *it = &r->items[i];
		char oldname[600], newname[600];

		if (it->status == KR_DIFF_SYNCED)
			continue;
		rc = yaml_of(it->live, &live, err);
		if (rc == 0)
			rc = yaml_of(it->target, &target, err);
		if (rc == 0)
			rc = kr_buf_printf(out, "\n===== %s/%s %s/%s ======\n", it->group, it->kind, it->ns, it->name);
		snprintf(oldname, sizeof(oldname), "%s%s", it->name, old_tag);
		snprintf(newname, sizeof(newname), "%s%s", it->name, new_tag);
		if (rc == 0)
			rc = kr_textdiff(out, live.data ? live.data : "", live.len, target.data ? target.data : "",
					 target.len, unified, oldname, newname, color);
	}
	kr_buf_dispose(&live);
	kr_buf_dispose(&target);
	return rc;
}

static int json(kr_buf *out, const kr_diff_result *r)
{
	char h[33], lh[33], th[33];
	size_t i;
	int rc;

	hex(r->app_hash, h);
	rc = kr_buf_printf(out, "{\"status\": \"%s\", \"hash\": \"%s\", \"resources\": [",
			   r->out_of_sync ? "OutOfSync" : "Synced", h);
	for (i = 0; i < r->n && rc == 0; i++) {
		const kr_diff_item *it = &r->items[i];
		const char *const fields[][2] = {
			{"group", it->group}, {"kind", it->kind}, {"namespace", it->ns}, {"name", it->name}};
		size_t f;

		hex(it->live_hash, lh);
		hex(it->target_hash, th);
		rc = kr_buf_printf(out, "%s\n  {", i ? "," : "");
		for (f = 0; f < 4 && rc == 0; f++) {
			rc = kr_buf_printf(out, "%s\"%s\": ", f ? ", " : "", fields[f][0]);
			if (rc == 0)
				rc = kr_json_write_string(out, fields[f][1], strlen(fields[f][1]));
		}
		if (rc == 0)
			rc = kr_buf_printf(out, ", \"status\": \"%s\"", kr_diff_status_name(it->status));
		if (rc == 0 && it->status != KR_DIFF_MISSING)
			rc = kr_buf_printf(out, ", \"liveHash\": \"%s\"", lh);
		if (rc == 0 && it->status != KR_DIFF_EXTRANEOUS)
			rc = kr_buf_printf(out, ", \"targetHash\": \"%s\"", th);
		if (rc == 0)
			rc = kr_buf_printf(out, "}");
	}
	return rc == 0 ? kr_buf_printf(out, "%s]}\n", r->n ? "\n" : "") : rc;
}

int kr_diff_report(kr_buf *out, const kr_diff_result *r, enum kr_diff_format f, bool hash, bool color,
		   kr_err *err)
{
	char h[33];
	int rc;

	if (f == KR_DIFF_JSON)
		rc = json(out, r);
	else
		rc = text(out, r, f == KR_DIFF_UNIFIED, color, "-live.yaml", "", err);
	if (rc == 0 && hash && f != KR_DIFF_JSON) {
		hex(r->app_hash, h);
		rc = kr_buf_printf(out, "%s\n", h);
	}
	if (rc < 0 && !err->msg[0])
		kr_err_set(err, rc, NULL, "output too large or out of memory");
	return rc;
}

int kr_diff_report_revisions(kr_buf *out, const kr_diff_result *r, kr_err *err)
{
	return text(out, r, true, false, " (base)", " (head)", err);
}
