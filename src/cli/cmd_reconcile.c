/*
 * cmd_reconcile.c - `krender reconcile APP`: the GitOps loop of ArgoCD's
 * automated sync, offline. Every --interval the source revision is
 * resolved (libgit2, through krender-git); a new revision is rendered and
 * applied to the target (as `krender apply --yes` does) when the target
 * differs; with --self-heal a target that drifted is put back even at the
 * same revision. A failed apply is retried with the backoff of the app's
 * spec.syncPolicy.retry (duration, factor, maxDuration, limit; ArgoCD's
 * defaults 5s, 2, 3m), after which the loop waits for a new revision.
 * Logs are JSON lines on stderr (the change list or the commands' report
 * and output in a "report" field). SIGTERM or SIGINT ends the loop after the
 * current step, exit 0.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "cli/apply_run.h"
#include "cli/cli.h"
#include "diff/duration.h"
#include "diff/input.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: krender reconcile APP.yaml --repo URL=PATH TARGET [options]\n"
		"\n"
		"Keep TARGET in sync with Application APP.yaml, as ArgoCD's automated sync does:\n"
		"every --interval, resolve the source's targetRevision in the local clone; on a\n"
		"new revision render the app and apply it when TARGET differs. TARGET is\n"
		"--to-dir DIR, --to-git REPO --branch B [--path P], or --apply-cmd CMD --live LIVE\n"
		"[--delete-cmd CMD] [--prune], as for `krender apply --yes`.\n"
		"A failed apply is retried with the backoff of the app's spec.syncPolicy.retry\n"
		"(duration 5s, factor 2, maxDuration 3m by default; limit: retries, negative for\n"
		"no end, 0 when there is no retry block). Logs are JSON lines on stderr.\n"
		"SIGTERM or SIGINT stops the loop after the current step (exit 0).\n"
		"\n"
		"options:\n"
		"      --interval DURATION  how often to poll (default 30s; Go syntax: 500ms, 1m)\n"
		"      --self-heal          also re-apply when the target drifted at the same revision\n"
		"      --max-cycles N       stop after N polls (default: run until signalled)\n"
		"      --repo, --project, --settings, --namespace, --timeout, --limit\n"
		"                           as for `krender apply`\n"
		"  -h, --help               show this help\n"
		"\n"
		"exit codes: 0 stopped by a signal or --max-cycles, 1 the app cannot be read,\n"
		"2 bad command line\n");
}

/* one JSON log line: "event" and then string key/value pairs until NULL */
static void logline(const char *level, const char *app, const char *event, ...)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	const char *k, *v;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "{\"time\":\"%s\",\"level\":\"%s\",\"app\":\"%s\",\"event\":\"%s\"", when, level, app, event);
	va_start(ap, event);
	while ((k = va_arg(ap, const char *)) && (v = va_arg(ap, const char *))) {
		fprintf(stderr, ",\"%s\":\"", k);
		for (; *v; v++) {
			if (*v == '"' || *v == '\\')
				fprintf(stderr, "\\%c", *v);
			else if ((unsigned char)*v < 0x20)
				fprintf(stderr, "\\u%04x", *v);
			else
				fputc(*v, stderr);
		}
		fputc('"', stderr);
	}
	va_end(ap);
	fputs("}\n", stderr);
	fflush(stderr);
}

typedef struct retry {
	double duration, factor, max; /* seconds */
	long limit;                   /* retries; < 0 without end */
} retry;

/* the app's spec.syncPolicy.retry; false (reported) when malformed */
static bool read_retry(kr_arena *a, const kr_node *app, retry *r)
{
	const kr_node *rt = kr_node_map_get(kr_node_map_get(kr_node_map_get(app, "spec"), "syncPolicy"), "retry");
	const kr_node *b = kr_node_map_get(rt, "backoff"), *v;
	const char *t;

	*r = (retry){5, 2, 180, rt ? -1 : 0};
	if ((v = kr_node_map_get(rt, "limit")) && (t = kr_node_text(a, v)))
		r->limit = strtol(t, NULL, 10);
	if ((v = kr_node_map_get(b, "duration")) && (t = kr_node_text(a, v)) && !kr_duration_parse(t, &r->duration))
		r->duration = strtod(t, NULL); /* ArgoCD also takes plain seconds */
	if ((v = kr_node_map_get(b, "maxDuration")) && (t = kr_node_text(a, v)) && !kr_duration_parse(t, &r->max))
		r->max = strtod(t, NULL);
	if ((v = kr_node_map_get(b, "factor")) && (t = kr_node_text(a, v)))
		r->factor = strtod(t, NULL);
	if (r->duration <= 0 || r->factor < 1 || r->max <= 0) {
		fprintf(stderr, "krender reconcile: spec.syncPolicy.retry.backoff needs duration > 0, factor >= 1, "
				"maxDuration > 0\n");
		return false;
	}
	return true;
}

/* sleep @secs, waking early on a signal */
static void nap(double secs)
{
	while (secs > 0 && !stopping) {
		double step = secs < 0.05 ? secs : 0.05;
		struct timespec ts = {0, (long)(step * 1e9)};

		nanosleep(&ts, NULL);
		secs -= step;
	}
}

struct loop {
	const kr_cli_apply *o;
	const char *app, *repo, *rev; /* name, local clone, targetRevision */
	char synced[41];              /* the last revision applied or found in sync */
	char failing[41];             /* the revision whose applies failed */
	long attempts;                /* failed applies of @failing */
	retry rt;
	bool self_heal;
};

static void stats_log(const char *event, struct loop *l, const char *rev, const kr_cli_apply_result *r,
		      const char *report)
{
	char c[32], u[32], d[32], ran[32];

	snprintf(c, sizeof(c), "%zu", r->st.created);
	snprintf(u, sizeof(u), "%zu", r->st.updated);
	snprintf(d, sizeof(d), "%zu", r->st.deleted);
	snprintf(ran, sizeof(ran), "%zu", r->waves.ran);
	if (l->o->cmds.apply_cmd)
		logline("info", l->app, event, "revision", rev, "tasks", ran, "report", report, NULL);
	else
		logline("info", l->app, event, "revision", rev, "created", c, "updated", u, "deleted", d, "commit",
			l->o->git.repo ? r->commit : "", "report", report, NULL);
}

/* one poll; the seconds to wait before the next */
static double cycle(struct loop *l, double interval)
{
	char rev[41], msg[KR_ERR_MAX + 600];
	kr_cli_apply_result r;
	kr_cli_apply run;
	kr_err err;
	bool retrying = l->attempts > 0;
	char *report = NULL;
	size_t replen = 0;
	double wait;
	int rc;

	memset(&err, 0, sizeof(err));
	if (kr_apply_git_resolve(l->repo, l->rev, rev, &err) < 0) {
		kr_err_format(&err, msg, sizeof(msg));
		logline("error", l->app, "poll-failed", "error", msg, NULL);
		return interval;
	}
	if (strcmp(rev, l->synced) == 0 && !retrying && !l->self_heal)
		return interval;
	if (l->attempts && strcmp(rev, l->failing) != 0) /* a new revision: a fresh retry budget */
		l->attempts = 0, retrying = false;
	/* one run: a directory or branch that already matches is left alone, commands run only when OutOfSync */
	run = *l->o;
	run.when_out_of_sync = true;
	run.report = open_memstream(&report, &replen); /* the change list or waves, one log field */
	rc = kr_cli_apply_run(&run, true, &r, &err);
	if (run.report)
		fclose(run.report);
	while (report && replen && report[replen - 1] == '\n')
		report[--replen] = '\0';
	if (rc < 0)
		goto failed;
	if (!(l->o->cmds.apply_cmd ? r.out_of_sync : r.st.changed)) {
		if (strcmp(rev, l->synced) != 0)
			logline("info", l->app, "in-sync", "revision", rev, NULL);
		free(report);
		memcpy(l->synced, rev, 41);
		l->attempts = 0;
		return interval;
	}
	if (strcmp(rev, l->synced) == 0 && !retrying)
		logline("info", l->app, "drift", "revision", rev, NULL);
	if (r.waves.failed) {
		kr_err_set(&err, KR_EIO, NULL, "an apply command failed: %zu tasks ran, %zu not run", r.waves.ran,
			   r.waves.not_run);
		goto failed;
	}
	stats_log("synced", l, rev, &r, report ? report : "");
	free(report);
	memcpy(l->synced, rev, 41);
	l->attempts = 0;
	return interval;
failed:
	kr_err_format(&err, msg, sizeof(msg));
	memcpy(l->failing, rev, 41);
	l->attempts++;
	if (l->rt.limit >= 0 && l->attempts > l->rt.limit) {
		char n[32];

		snprintf(n, sizeof(n), "%ld", l->attempts);
		logline("error", l->app, "sync-failed", "revision", rev, "attempts", n, "error", msg, "next",
			"a new revision", "report", report ? report : "", NULL);
		free(report);
		memcpy(l->synced, rev, 41); /* given up on: wait for the next revision */
		l->attempts = 0;
		return interval;
	}
	wait = l->rt.duration;
	for (long i = 1; i < l->attempts && wait < l->rt.max; i++)
		wait *= l->rt.factor;
	if (wait > l->rt.max)
		wait = l->rt.max;
	{
		char n[32], w[32];

		snprintf(n, sizeof(n), "%ld", l->attempts);
		snprintf(w, sizeof(w), "%gs", wait);
		logline("error", l->app, "sync-failed", "revision", rev, "attempts", n, "error", msg, "retry-in", w,
			"report", report ? report : "", NULL);
	}
	free(report);
	return wait;
}

static int reconcile_main(kr_cli_apply *o, kr_limits *lim, int argc, char **argv)
{
	static const struct option opts[] = {
		KR_CLI_APPLY_OPTIONS,
		{"interval", required_argument, NULL, 'i'},   {"self-heal", no_argument, NULL, 's'},
		{"max-cycles", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url;
	struct sigaction sa;
	struct loop l;
	kr_arena *a;
	kr_node *app = NULL;
	kr_err err;
	double interval = 30;
	long cycles = -1, n;
	char *end;
	int c;

	memset(&l, 0, sizeof(l));
	memset(&err, 0, sizeof(err));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (kr_cli_apply_option(o, c, optarg, "reconcile")) {
		case 1: continue;
		case -1: return KR_EXIT_USAGE;
		}
		switch (c) {
		case 'i':
			if (!kr_duration_parse(optarg, &interval) || interval <= 0) {
				fprintf(stderr, "krender reconcile: --interval takes a duration such as 30s or 500ms, not '%s'\n",
					optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 's': l.self_heal = true; break;
		case 'm':
			cycles = strtol(optarg, &end, 10);
			if (*end || cycles < 1) {
				fprintf(stderr, "krender reconcile: --max-cycles takes a positive number, not '%s'\n", optarg);
				return KR_EXIT_USAGE;
			}
			break;
		case 'h': usage(stdout); return KR_EXIT_OK;
		default: usage(stderr); return KR_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || (!!o->to_dir + !!o->git.repo + !!o->cmds.apply_cmd) != 1 || (o->git.repo && !o->git.branch) ||
	    (o->cmds.apply_cmd && !o->live)) {
		fprintf(stderr, "krender reconcile: one APP.yaml and exactly one target (--to-dir, --to-git with --branch, "
				"--apply-cmd with --live) are required\n");
		usage(stderr);
		return KR_EXIT_USAGE;
	}
	o->app_file = argv[optind];
	a = kr_arena_new(lim->memory_bytes);
	if (!a || kr_diff_read_one(a, o->app_file, lim, &app, &err) < 0 || !read_retry(a, app, &l.rt)) {
		char msg[KR_ERR_MAX + 600];

		if (err.msg[0]) {
			kr_err_format(&err, msg, sizeof(msg));
			fprintf(stderr, "krender reconcile: %s\n", msg);
		}
		kr_arena_free(a);
		return KR_EXIT_RENDER;
	}
	{
		const kr_node *src = kr_node_map_get(kr_node_map_get(app, "spec"), "source");
		const kr_node *name = kr_node_map_get(kr_node_map_get(app, "metadata"), "name");
		const kr_node *u = kr_node_map_get(src, "repoURL"), *rev = kr_node_map_get(src, "targetRevision");

		url = u && u->kind == KR_NODE_SCALAR ? kr_node_text(a, u) : NULL;
		l.rev = rev && rev->kind == KR_NODE_SCALAR ? kr_node_text(a, rev) : "HEAD";
		l.app = name && name->kind == KR_NODE_SCALAR ? kr_node_text(a, name) : "";
		l.repo = url ? kr_repo_lookup(o->repo_url, o->repo_path, o->nrepo, url) : NULL;
		if (!l.repo) {
			fprintf(stderr, "krender reconcile: %s: %s (pass --repo URL=PATH for spec.source.repoURL; "
					"multi-source apps are not reconciled yet)\n", o->app_file,
				url ? "the repository is not mapped to a local clone" : "no spec.source.repoURL");
			kr_arena_free(a);
			return KR_EXIT_RENDER;
		}
	}
	l.o = o;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	logline("info", l.app, "start", "repository", url, "revision", l.rev, NULL);
	for (n = 0; !stopping && (cycles < 0 || n < cycles); n++) {
		double wait = cycle(&l, interval);

		if (cycles < 0 || n + 1 < cycles)
			nap(wait);
	}
	logline("info", l.app, "stop", "reason", stopping ? "signal" : "max-cycles", NULL);
	kr_arena_free(a);
	return KR_EXIT_OK;
}

int kr_cmd_reconcile(int argc, char **argv)
{
	kr_cli_apply o;
	kr_limits lim;
	int rc;

	if (kr_cli_apply_init(&o, &lim, argc, "reconcile") < 0)
		return KR_EXIT_USAGE;
	rc = reconcile_main(&o, &lim, argc, argv);
	kr_cli_apply_free(&o);
	return rc;
}
