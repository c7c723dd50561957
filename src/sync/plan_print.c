/*
 * plan_print.c - a sync plan as text (a table, then the waiting message)
 * or as JSON ({"status", "tasks": [...]}, optional fields only when set, so
 * the field order of a task is fixed).
 */
#include "sync/plan.h"

#include <string.h>

#include "yaml/json.h"

const char *kr_sync_phase_name(int phase)
{
	switch (phase) {
	case KR_PHASE_PRESYNC: return "PreSync";
	case KR_PHASE_POSTSYNC: return "PostSync";
	case KR_PHASE_SYNCFAIL: return "SyncFail";
	default: return "Sync";
	}
}

/* ,"@key":["a","b"] */
static int json_list(kr_buf *out, const char *key, const char *const *v, size_t n)
{
	size_t i;
	int rc = kr_buf_printf(out, ",\"%s\":[", key);

	for (i = 0; i < n && rc == 0; i++) {
		rc = i ? kr_buf_puts(out, ",") : 0;
		rc = rc ? rc : kr_json_write_string(out, v[i], strlen(v[i]));
	}
	return rc ? rc : kr_buf_puts(out, "]");
}

/* @v joined with ", " */
static int text_list(kr_buf *out, const char *label, const char *const *v, size_t n)
{
	size_t i;
	int rc = kr_buf_printf(out, "%-9s %5s  %-8s   %s: ", "", "", "", label);

	for (i = 0; i < n && rc == 0; i++)
		rc = kr_buf_printf(out, "%s%s", i ? ", " : "", v[i]);
	return rc ? rc : kr_buf_puts(out, "\n");
}

int kr_plan_print(kr_buf *out, const kr_plan *p, bool json)
{
	size_t i;
	int rc;

	if (json) {
		rc = kr_buf_printf(out, "{\"status\":\"%s\"", p->out_of_sync ? "OutOfSync" : "Synced");
		if (rc == 0 && p->message) {
			rc = kr_buf_puts(out, ",\"message\":");
			rc = rc ? rc : kr_json_write_string(out, p->message, strlen(p->message));
		}
		if (rc == 0 && p->nviol)
			rc = json_list(out, "violations", p->violations, p->nviol);
		rc = rc ? rc : kr_buf_puts(out, ",\"tasks\":[");
		for (i = 0; i < p->n && rc == 0; i++) {
			const kr_plan_task *t = &p->tasks[i];

			rc = kr_buf_printf(out, "%s\n{\"phase\":\"%s\",\"wave\":%d,\"group\":", i ? "," : "", kr_sync_phase_name(t->t.phase),
					   t->t.wave);
			rc = rc ? rc : kr_json_write_string(out, t->t.group, strlen(t->t.group));
			rc = rc ? rc : kr_buf_puts(out, ",\"kind\":");
			rc = rc ? rc : kr_json_write_string(out, t->t.kind, strlen(t->t.kind));
			rc = rc ? rc : kr_buf_puts(out, ",\"namespace\":");
			rc = rc ? rc : kr_json_write_string(out, t->ns, strlen(t->ns));
			rc = rc ? rc : kr_buf_puts(out, ",\"name\":");
			rc = rc ? rc : kr_json_write_string(out, t->t.name, strlen(t->t.name));
			rc = rc ? rc : kr_buf_printf(out, ",\"action\":\"%s\",\"syncStatus\":\"%s\"", t->action, t->status);
			if (rc == 0 && t->nopt)
				rc = json_list(out, "options", t->options, t->nopt);
			if (rc == 0 && t->npol)
				rc = json_list(out, "deletePolicy", t->policies, t->npol);
			if (rc == 0 && t->delete_first)
				rc = kr_buf_puts(out, ",\"deleteBeforeCreation\":true");
			rc = rc ? rc : kr_buf_puts(out, "}");
		}
		return rc ? rc : kr_buf_puts(out, p->n ? "\n]}\n" : "]}\n");
	}
	rc = kr_buf_printf(out, "status: %s\n", p->out_of_sync ? "OutOfSync" : "Synced");
	if (rc == 0 && p->message)
		rc = kr_buf_printf(out, "message: %s\n", p->message);
	rc = rc ? rc : kr_buf_printf(out, "%-9s %5s  %-8s %s\n", "PHASE", "WAVE", "ACTION", "RESOURCE");
	for (i = 0; i < p->n && rc == 0; i++) {
		const kr_plan_task *t = &p->tasks[i];

		rc = kr_buf_printf(out, "%-9s %5d  %-8s %s%s%s %s%s%s%s%s%s\n", kr_sync_phase_name(t->t.phase), t->t.wave, t->action,
				   t->t.group, *t->t.group ? "/" : "", t->t.kind, t->ns, *t->ns ? "/" : "", t->t.name,
				   *t->status ? " (" : "", t->status, *t->status ? ")" : "");
		if (rc == 0 && *t->why)
			rc = kr_buf_printf(out, "%-9s %5s  %-8s   %s\n", "", "", "", t->why);
		if (rc == 0 && t->nopt)
			rc = text_list(out, "options", t->options, t->nopt);
		if (rc == 0 && t->npol)
			rc = text_list(out, "delete policy", t->policies, t->npol);
		if (rc == 0 && t->delete_first)
			rc = kr_buf_printf(out, "%-9s %5s  %-8s   %s\n", "", "", "", "the live hook is deleted first (BeforeHookCreation)");
	}
	return rc;
}
