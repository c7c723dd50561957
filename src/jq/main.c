/*
 * main.c - krender-jq, the helper that evaluates ArgoCD jqPathExpressions
 * with libjq for `krender diff`.
 *
 * libjq ships no static archive, and jq 1.6 has no way to interrupt an
 * evaluation, so jq runs here, in its own process, under a per-evaluation
 * alarm (ArgoCD's 1 s ignore.normalizer.jq.timeout). Each expression is
 * compiled once as `[path(EXPR)]`; a 10 Hz tick stops an evaluation that
 * runs past the limit (within 100 ms). Usage (internal, stable between krender
 * and its helper):
 *   krender-jq TIMEOUT_MS EXPR...
 * reads lines "N,M,... JSON" on stdin: the numbers of the expressions to
 * evaluate (0 is the first EXPR), a space, one JSON document. For each it
 * writes one line "--- " and a JSON array (a YAML stream, parsed in one go)
 * with, per number in that order, the array of paths the expression
 * selects, or {"error": MESSAGE} when it fails at run time. A compile error is one
 * line "expression N: MESSAGE" on stderr and exit 3; a timeout is
 * "expression N: timed out" and exit 4; a bad input line exits 5.
 */
#include <jq.h>
#include <jv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t current = -1; /* the expression being evaluated */
static volatile long long started_ms;         /* when its evaluation began */
static long limit_ms;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* a 10 Hz tick (no timer call per evaluation): stop an evaluation past the limit */
static void on_tick(int sig)
{
	char msg[64];
	int n;

	(void)sig;
	if (current < 0 || now_ms() - started_ms <= limit_ms)
		return;
	n = snprintf(msg, sizeof(msg), "expression %d: timed out\n", (int)current);
	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(4);
	_exit(4);
}

static void on_error(void *ctx, jv msg)
{
	jv *first = ctx;

	if (jv_get_kind(*first) == JV_KIND_NULL)
		*first = jq_format_error(msg);
	else
		jv_free(msg);
}

/* [path(EXPR)] on @doc: the array of paths, or {"error": ...} */
static jv evaluate(jq_state *jq, jv doc)
{
	jv r, out;

	started_ms = now_ms();
	jq_start(jq, doc, 0);
	r = jq_next(jq);
	if (jv_is_valid(r)) {
		out = r;
		while (jv_is_valid(r = jq_next(jq))) /* [..] yields one value; drain anyway */
			jv_free(r);
	} else if (jv_invalid_has_msg(jv_copy(r))) {
		jv m = jv_invalid_get_msg(r);
		out = jv_object_set(jv_object(), jv_string("error"),
				    jv_get_kind(m) == JV_KIND_STRING ? m : jv_dump_string(m, 0));
		r = jv_invalid();
	} else {
		out = jv_array();
	}
	jv_free(r);
	return out;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 0;
	int n = argc - 2, i;
	jq_state **jq;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (argc < 3 || ms <= 0) {
		fprintf(stderr, "usage: krender-jq TIMEOUT_MS EXPR...\n");
		return 2;
	}
	{
		struct itimerval tick = {{0, 100000}, {0, 100000}};
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_tick;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &tick, NULL);
		limit_ms = ms;
	}
	jq = calloc((size_t)n, sizeof(*jq));
	for (i = 0; jq && i < n; i++) {
		jv err = jv_null();
		char *prog = malloc(strlen(argv[i + 2]) + 16);

		jq[i] = jq_init();
		if (!prog || !jq[i])
			return 1;
		sprintf(prog, "[path(%s)]", argv[i + 2]);
		jq_set_error_cb(jq[i], on_error, &err);
		if (!jq_compile(jq[i], prog)) {
			fprintf(stderr, "expression %d: %s\n", i,
				jv_get_kind(err) == JV_KIND_STRING ? jv_string_value(err) : "does not compile");
			return 3;
		}
		jv_free(err);
		free(prog);
	}
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *json = memchr(line, ' ', (size_t)len), *p;
		jv doc = json ? jv_parse_sized(json + 1, (int)(len - (json + 1 - line))) : jv_invalid(), all = jv_array(), text;

		if (!jv_is_valid(doc)) {
			fprintf(stderr, "input line is not \"N,... JSON\"\n");
			return 5;
		}
		for (p = line; p < json; p++) {
			long k = strtol(p, &p, 10);

			if (k < 0 || k >= n || (*p != ',' && *p != ' ')) {
				fprintf(stderr, "input line names no expression %ld\n", k);
				return 5;
			}
			current = (int)k;
			all = jv_array_append(all, evaluate(jq[k], jv_copy(doc)));
		}
		current = -1;
		jv_free(doc);
		text = jv_dump_string(all, 0);
		printf("--- %s\n", jv_string_value(text)); /* one YAML stream: one parse on the other side */
		jv_free(text);
	}
	free(line);
	for (i = 0; i < n; i++)
		jq_teardown(&jq[i]);
	free(jq);
	return fflush(stdout) == 0 ? 0 : 1;
}
