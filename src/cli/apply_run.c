/*
 * apply_run.c - one apply (see apply_run.h). Manifests for a directory or
 * a branch are hydrated as ArgoCD's source hydrator writes them: without
 * tracking metadata (the controller adds it at sync time); manifests for
 * the commands carry the tracking annotation, as the controller applies
 * them. Each run renders afresh (exports are removed at its end), so a
 * loop sees new revisions.
 */
#include "cli/apply_run.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "apply/hydrate.h"
#include "cli/cli.h"
#include "cli/objects.h"
#include "cli/planning.h"
#include "diff/duration.h"
#include "diff/input.h"
#include "project/project.h"

int kr_cli_apply_init(kr_cli_apply *o, kr_limits *lim, int argc, const char *cmd)
{
	memset(o, 0, sizeof(*o));
	o->cmds.timeout_ms = 300000;
	o->git.prefix = "";
	o->lim = lim;
	if (kr_cli_limits_init(lim, cmd) < 0)
		return -1;
	o->repo_url = calloc((size_t)argc + 1, sizeof(*o->repo_url));
	o->repo_path = calloc((size_t)argc + 1, sizeof(*o->repo_path));
	if (!o->repo_url || !o->repo_path) {
		kr_cli_apply_free(o);
		fprintf(stderr, "krender %s: out of memory\n", cmd);
		return -1;
	}
	return 0;
}

void kr_cli_apply_free(kr_cli_apply *o)
{
	free((void *)o->repo_url);
	free((void *)o->repo_path);
	o->repo_url = o->repo_path = NULL;
}

int kr_cli_apply_option(kr_cli_apply *o, int c, char *arg, const char *cmd)
{
	double secs;

	switch (c) {
	case 'd': o->to_dir = arg; return 1;
	case 'g': o->git.repo = arg; return 1;
	case 'b': o->git.branch = arg; return 1;
	case 'p': o->git.prefix = arg; return 1;
	case 'c': o->cmds.apply_cmd = arg; return 1;
	case 'D': o->cmds.delete_cmd = arg; return 1;
	case 'L': o->live = arg; return 1;
	case 'S': o->settings = arg; return 1;
	case 'J': o->project = arg; return 1;
	case 'n': o->ns = arg; return 1;
	case 'P': o->prune = true; return 1;
	case 'r': return kr_cli_repo_arg(arg, (const char **)o->repo_url, (const char **)o->repo_path, &o->nrepo, cmd) < 0 ? -1 : 1;
	case 'l': return kr_cli_limit_option((kr_limits *)o->lim, arg, cmd) < 0 ? -1 : 1;
	case 't':
		if (!kr_duration_parse(arg, &secs) || secs <= 0) {
			fprintf(stderr, "krender %s: --timeout takes a duration such as 90s or 5m, not '%s'\n", cmd, arg);
			return -1;
		}
		o->cmds.timeout_ms = (long)(secs * 1000);
		return 1;
	default: return 0;
	}
}

static void print_change(char what, const char *path, void *ctx)
{
	fprintf(ctx, "  %s %s\n", what == '+' ? "create" : what == '~' ? "update" : "delete", path);
}

/* the scalar at @k1.@k2.@k3 (later keys may be NULL) of @n, "" for none */
static const char *str_at(kr_arena *a, const kr_node *n, const char *k1, const char *k2, const char *k3)
{
	const kr_node *v = kr_node_map_get(n, k1);
	const char *t;

	if (k2)
		v = kr_node_map_get(v, k2);
	if (k2 && k3)
		v = kr_node_map_get(v, k3);
	t = v && v->kind == KR_NODE_SCALAR && v->type != KR_SCALAR_NULL ? kr_node_text(a, v) : NULL;

	return t ? t : "";
}

/* the objects to apply: DESIRED read, or the app rendered */
static int render(kr_arena *a, const kr_cli_apply *o, const kr_node *app, kr_objects *out, kr_cli_apply_result *r,
		  kr_err *err)
{
	kr_app_opts ao;
	kr_node **objs;
	size_t n;
	int rc;

	if (o->desired)
		return kr_diff_read_desired(a, o->desired, o->lim, out, err);
	memset(&ao, 0, sizeof(ao));
	ao.repo_url = o->repo_url, ao.repo_path = o->repo_path, ao.nrepo = o->nrepo;
	ao.controller_ns = "argocd";
	ao.tracking = o->cmds.apply_cmd ? KR_TRACK_ANNOTATION : KR_TRACK_NONE;
	ao.instance_label = "app.kubernetes.io/instance";
	ao.lim = o->lim;
	ao.revision = o->revision;
	ao.commit_out = r->revision;
	rc = kr_app_render(a, &ao, app, o->app_file, &objs, &n, err);
	kr_app_cleanup();
	if (rc == 0)
		out->v = objs, out->n = out->cap = n;
	return rc;
}

static int to_commands(kr_arena *a, const kr_cli_apply *o, kr_node *app, kr_objects *want, bool execute,
		       kr_cli_apply_result *r, kr_err *err)
{
	kr_cli_plan_in in;
	kr_plan plan;
	kr_buf text;
	int rc = 0;

	memset(&in, 0, sizeof(in));
	in.want = *want;
	in.live = o->live;
	in.app = app;
	in.app_file = o->app_file;
	in.settings = o->settings;
	in.ns = o->ns;
	in.prune = o->prune;
	if (app && *r->revision) /* hook names carry the revision synced */
		rc = kr_cli_plan_operation(a, app, r->revision, 0, false, err);
	if (rc == 0)
		rc = kr_cli_plan_make(a, o->lim, &in, &plan, err);
	if (rc < 0)
		return rc;
	r->out_of_sync = plan.out_of_sync;
	if (!execute) {
		kr_buf_init(&text, o->lim->output_bytes);
		rc = kr_plan_print(&text, &plan, false);
		if (rc == 0 && o->report && text.len)
			fwrite(text.data, 1, text.len, o->report);
		kr_buf_dispose(&text);
		return rc < 0 ? kr_err_set(err, rc, NULL, "the plan is over the limit output-bytes") : 0;
	}
	if (o->when_out_of_sync && !plan.out_of_sync)
		return 0;
	return kr_apply_waves(&plan, &o->cmds, o->report ? o->report : stderr, &r->waves, err);
}

/* --project: every violation in @err (KR_EINVAL) when the project denies the app or an object */
static int check_project(kr_arena *a, const kr_cli_apply *o, const kr_node *app, const kr_objects *want, kr_err *err)
{
	kr_node *project = NULL;
	size_t n = 0;
	kr_buf report;
	int rc = kr_diff_read_one(a, o->project, o->lim, &project, err);

	if (rc < 0)
		return rc;
	if (!app)
		return kr_err_set(err, KR_EINVAL, NULL, "--project needs the Application (--app)");
	kr_buf_init(&report, 65536);
	rc = kr_project_check(a, NULL, project, app, want->v, want->n, &report, &n, err);
	if (rc == 0 && n)
		rc = kr_err_set(err, KR_EINVAL, NULL, "nothing applied: AppProject %s denies it (%zu violation%s):\n%.*s",
				o->project, n, n == 1 ? "" : "s", (int)(report.len ? report.len - 1 : 0),
				report.data ? report.data : "");
	kr_buf_dispose(&report);
	return rc;
}

int kr_cli_apply_run(const kr_cli_apply *o, bool execute, kr_cli_apply_result *r, kr_err *err)
{
	kr_arena *a = kr_arena_new(o->lim->memory_bytes);
	kr_node *app = NULL;
	kr_objects want = {0};
	kr_hydrated h;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!a)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	if (o->app_file)
		rc = kr_diff_read_one(a, o->app_file, o->lim, &app, err);
	if (rc == 0)
		rc = render(a, o, app, &want, r, err);
	if (rc == 0 && o->project)
		rc = check_project(a, o, app, &want, err);
	if (rc == 0 && o->cmds.apply_cmd) {
		rc = to_commands(a, o, app, &want, execute, r, err);
	} else if (rc == 0) {
		const char *name = str_at(a, app, "metadata", "name", NULL);
		const char *repo = o->desired ? o->desired : str_at(a, app, "spec", "source", "repoURL");
		const char *dest = o->ns ? o->ns : str_at(a, app, "spec", "destination", "namespace");
		kr_hydrate_origin origin = {name, repo, r->revision};
		kr_apply_change_fn fn = o->report ? print_change : NULL;

		rc = kr_hydrate(a, want.v, want.n, dest, &origin, o->lim, &h, err);
		if (rc == 0 && o->to_dir) {
			rc = kr_apply_dir(o->to_dir, &h, !execute, fn, o->report, &r->st, err);
		} else if (rc == 0) {
			char *msg = kr_arena_sprintf(a, "krender: hydrate %s\n\nApp: %s\nSource: %s\nRevision: %s\n",
						     *name ? name : repo, *name ? name : "-", repo,
						     *r->revision ? r->revision : "-");

			rc = msg ? kr_apply_git(&o->git, &h, msg, !execute, fn, o->report, &r->st, r->commit, err)
				 : kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		}
	}
	kr_arena_free(a);
	return rc;
}
