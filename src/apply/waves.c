/*
 * waves.c - the command runner (see waves.h). Tasks with action create,
 * update or none are applied (ArgoCD applies synced resources too unless
 * ApplyOutOfSyncOnly made them "skip"); prune tasks are deleted; skipped
 * tasks are reported only. A call's output goes to the report, prefixed.
 */
#include "apply/waves.h"

#include <string.h>

#include "util/buf.h"
#include "util/proc.h"
#include "yaml/emit.h"

static bool applies(const kr_plan_task *t)
{
	return t->t.target && (strcmp(t->action, "create") == 0 || strcmp(t->action, "update") == 0 ||
			       strcmp(t->action, "none") == 0);
}

/* a prune, or a live hook deleted before its new copy is created (BeforeHookCreation) */
static bool prunes(const kr_plan_task *t)
{
	return (strcmp(t->action, "prune") == 0 || t->delete_first) && t->t.live;
}

static void print_output(FILE *f, const char *what, const kr_buf *b)
{
	const char *s = b->data, *end = b->data ? b->data + b->len : NULL;

	while (s && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		fprintf(f, "  %s: %.*s\n", what, (int)n, s);
		s += n + 1;
	}
}

/* one call for the tasks [from, to) of @p that delete (@del) or apply, their objects on stdin; *@failed when it failed */
static int call(const kr_plan *p, size_t from, size_t to, bool del, const kr_apply_cmds *c, FILE *report, size_t *count,
		bool *failed, kr_err *err)
{
	const kr_plan_task *t0 = &p->tasks[from];
	char phase[64], wave[64];
	char *env[] = {phase, wave, del ? "KRENDER_ACTION=delete" : "KRENDER_ACTION=apply", NULL};
	char *argv[] = {"/bin/sh", "-c", (char *)(del ? c->delete_cmd : c->apply_cmd), NULL};
	kr_proc_result res;
	kr_buf in, out, errb;
	size_t i, n = 0;
	int rc = 0;

	kr_buf_init(&in, (size_t)-1);
	for (i = from; i < to && rc == 0; i++) {
		const kr_plan_task *t = &p->tasks[i];

		if (del ? !prunes(t) : !applies(t))
			continue;
		rc = n ? kr_buf_puts(&in, "---\n") : 0;
		if (rc == 0)
			rc = kr_yaml_emit_doc(&in, del ? t->t.live : t->t.target, err);
		n++;
	}
	*count = n;
	if (rc < 0 || n == 0) {
		kr_buf_dispose(&in);
		return rc < 0 ? (err->msg[0] ? rc : kr_err_set(err, rc, NULL, "out of memory")) : 0;
	}
	snprintf(phase, sizeof(phase), "KRENDER_PHASE=%s", kr_sync_phase_name(t0->t.phase));
	snprintf(wave, sizeof(wave), "KRENDER_WAVE=%d", t0->t.wave);
	kr_buf_init(&out, (size_t)16 << 20);
	kr_buf_init(&errb, (size_t)16 << 20);
	rc = kr_proc_run_input(argv, env, in.data ? in.data : "", in.len, &out, &errb, c->timeout_ms, &res);
	fprintf(report, "%s wave %d: %s %zu object%s: ", kr_sync_phase_name(t0->t.phase), t0->t.wave, del ? "delete" : "apply", n,
		n == 1 ? "" : "s");
	if (rc < 0)
		fprintf(report, "could not run the command\n");
	else if (res.timed_out)
		fprintf(report, "timed out after %ld ms\n", c->timeout_ms);
	else if (res.status != 0)
		fprintf(report, "failed (exit %d)\n", res.status);
	else
		fprintf(report, "ok\n");
	for (i = from; i < to; i++)
		if (del ? prunes(&p->tasks[i]) : applies(&p->tasks[i]))
			fprintf(report, "  %-6s %s%s%s/%s%s%s\n", del ? "delete" : p->tasks[i].action, p->tasks[i].t.group,
				*p->tasks[i].t.group ? "/" : "", p->tasks[i].t.kind, p->tasks[i].ns,
				*p->tasks[i].ns ? "/" : "", p->tasks[i].t.name);
	print_output(report, "stdout", &out);
	print_output(report, "stderr", &errb);
	kr_buf_dispose(&in);
	kr_buf_dispose(&out);
	kr_buf_dispose(&errb);
	if (rc < 0)
		return kr_err_set(err, rc, NULL, "cannot run the %s command", del ? "delete" : "apply");
	*failed = res.timed_out || res.status != 0;
	return 0;
}

/* run the waves of the SyncFail phase (@syncfail) or of the others; the first failure stops */
static int run(const kr_plan *p, bool syncfail, const kr_apply_cmds *c, FILE *report, kr_waves_result *res, kr_err *err)
{
	size_t i = 0, j, n, pending = 0;
	int rc;

	for (i = 0; i < p->n; i++)
		pending += (p->tasks[i].t.phase == KR_PHASE_SYNCFAIL) == syncfail &&
			   (applies(&p->tasks[i]) || prunes(&p->tasks[i]));
	i = 0;
	while (i < p->n) {
		for (j = i; j < p->n && p->tasks[j].t.phase == p->tasks[i].t.phase && p->tasks[j].t.wave == p->tasks[i].t.wave; j++)
			;
		if ((p->tasks[i].t.phase == KR_PHASE_SYNCFAIL) == syncfail) {
			for (int del = 1; del >= 0; del--) {
				bool failed = false;

				rc = call(p, i, j, del, c, report, &n, &failed, err);
				if (rc < 0)
					return rc;
				if (failed) {
					res->failed = true;
					res->not_run = pending - res->ran;
					return 0;
				}
				res->ran += n;
			}
		}
		i = j;
	}
	return 0;
}

int kr_apply_waves(const kr_plan *p, const kr_apply_cmds *c, FILE *report, kr_waves_result *res, kr_err *err)
{
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	if (p->message)
		return kr_err_set(err, KR_EINVAL, NULL, "nothing run: %s (set the Application's "
				  "argocd.argoproj.io/deletion-approved annotation to confirm)", p->message);
	for (i = 0; i < p->n && !c->delete_cmd; i++)
		if (prunes(&p->tasks[i]))
			return kr_err_set(err, KR_EINVAL, NULL,
					  "the plan deletes %s %s (%s): pass --delete-cmd CMD%s", p->tasks[i].t.kind,
					  p->tasks[i].t.name, p->tasks[i].delete_first ? "a hook replaced" : "a prune",
					  p->tasks[i].delete_first ? "" : " (or leave out --prune)");
	rc = run(p, false, c, report, res, err);
	if (rc == 0 && res->failed) {
		kr_waves_result fail = {0, 0, false};

		fprintf(report, "sync failed: running SyncFail hooks\n");
		rc = run(p, true, c, report, &fail, err);
	}
	return rc;
}
