/*
 * build.c - the top of `krender build`: set up a render, accumulate the
 * kustomization tree, finish the resources as kustomize does, sort, emit.
 *
 * One arena per run holds every node; the output buffer is handed to the
 * caller only after everything succeeded (nothing half-written).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"
#include "krender/build.h"
#include "kustomize/accumulate.h"
#include "kustomize/finish.h"
#include "kustomize/build_run.h"
#include "kustomize/buildmeta.h"
#include "kustomize/generate.h"
#include "kustomize/nameref.h"
#include "kustomize/tfconfig.h"
#include "kustomize/vars.h"
#include "kustomize/prefetch.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/load.h"


const char *krender_version(void)
{
	return PACKAGE_VERSION;
}

kr_build *kr_build_new(void)
{
	kr_build *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	kr_limits_default(&b->lim);
	b->jobs = kr_prefetch_default_jobs();
	kr_buf_init(&b->warnings, 1 << 20);
	return b;
}

static void clear_inputs(kr_build *b)
{
	size_t i;

	for (i = 0; i < b->ninputs; i++)
		free(b->inputs[i]);
	free(b->inputs);
	b->inputs = NULL;
	b->ninputs = 0;
	b->cacheable = 0;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep what the run read, root-relative, sorted and unique, beyond the run's arena. */
static void keep_inputs(kr_build *b, const kr_run *run)
{
	const kr_strs *in = &run->r.inputs;
	size_t i, w = 0;

	clear_inputs(b);
	b->inputs = malloc((in->n ? in->n : 1) * sizeof(*b->inputs));
	if (!b->inputs)
		return;
	for (i = 0; i < in->n; i++)
		if ((b->inputs[w] = strdup(kr_fs_rel(run->fs, in->v[i]))))
			w++;
	qsort(b->inputs, w, sizeof(*b->inputs), by_string);
	for (i = 0, b->ninputs = 0; i < w; i++) {
		if (b->ninputs && strcmp(b->inputs[b->ninputs - 1], b->inputs[i]) == 0)
			free(b->inputs[i]);
		else
			b->inputs[b->ninputs++] = b->inputs[i];
	}
	b->cacheable = !run->r.uncacheable && w == in->n;
}

size_t kr_build_inputs(const kr_build *b, const char *const **paths, int *cacheable)
{
	*paths = (const char *const *)b->inputs;
	*cacheable = b->cacheable;
	return b->ninputs;
}

void kr_build_free(kr_build *b)
{
	if (!b)
		return;
	free(b->root);
	clear_inputs(b);
	kr_arena_free(b->arena);
	kr_fs_free(b->fs);
	free(b->fs_root);
	free(b->top_kust);
	kr_buf_dispose(&b->warnings);
	free(b);
}

void kr_build_set_fs(kr_build *b, struct kr_fs *fs)
{
	b->ext_fs = fs;
}

int kr_build_set_root(kr_build *b, const char *root)
{
	char *copy = strdup(root);

	if (!copy)
		return KR_ENOMEM;
	free(b->root);
	b->root = copy;
	return 0;
}

int kr_build_set_load_restrictor(kr_build *b, const char *restrictor)
{
	if (strcmp(restrictor, "LoadRestrictionsRootOnly") == 0)
		b->restrict_none = 0;
	else if (strcmp(restrictor, "LoadRestrictionsNone") == 0)
		b->restrict_none = 1;
	else
		return KR_EUSAGE;
	return 0;
}

void kr_build_set_enable_helm(kr_build *b, int on)
{
	b->enable_helm = on;
}

int kr_build_set_top_kustomization(kr_build *b, const char *yaml, size_t len)
{
	char *copy = NULL;

	if (yaml && !(copy = malloc(len + 1)))
		return KR_ENOMEM;
	if (copy) {
		memcpy(copy, yaml, len);
		copy[len] = '\0';
	}
	free(b->top_kust);
	b->top_kust = copy;
	b->top_kust_len = copy ? len : 0;
	return 0;
}

void kr_build_set_parse_cache(kr_build *b, kr_parse_cache *c, int slot)
{
	b->pcache = c;
	b->pslot = slot;
}

int kr_build_set_jobs(kr_build *b, int jobs)
{
	if (jobs < 1)
		return KR_EUSAGE;
	b->jobs = jobs;
	return 0;
}

int kr_build_set_limit(kr_build *b, const char *assignment)
{
	return kr_limits_set(&b->lim, assignment);
}

int kr_build_set_limits(kr_build *b, const char *list)
{
	char bad[128];

	if (kr_limits_set_list(&b->lim, list, bad, sizeof(bad)) == 0)
		return 0;
	snprintf(b->error, sizeof(b->error), "bad limit '%s' (names: %s)", bad, kr_limits_names());
	return KR_EUSAGE;
}

const char *kr_build_limit_names(void)
{
	return kr_limits_names();
}

const char *kr_build_error(const kr_build *b)
{
	return b->error;
}

const char *kr_build_warnings(const kr_build *b)
{
	return b->warnings.data ? b->warnings.data : "";
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The default jail: Git work tree top, else the cwd if it holds @dir, else @dir. */
static char *default_root(const char *dir)
{
	char *canon = realpath(dir, NULL);
	char *cwd;
	size_t n;

	if (!canon)
		return NULL;
	n = strlen(canon);
	for (;;) {
		char *git = malloc(n + 6);
		int found;
		if (!git)
			break;
		memcpy(git, canon, n);
		memcpy(git + n, "/.git", 6);
		found = access(git, F_OK) == 0;
		free(git);
		if (found) {
			canon[n ? n : 1] = '\0';
			return canon;
		}
		while (n > 0 && canon[n - 1] != '/')
			n--;
		if (n <= 1)
			break;
		n--; /* drop the slash */
	}
	free(canon);
	canon = realpath(dir, NULL);
	cwd = realpath(".", NULL);
	if (canon && cwd && kr_fs_contains(cwd, canon)) {
		free(canon);
		return cwd;
	}
	free(cwd);
	return canon;
}

/* One slice of the output, written by its own thread into its own buffer. */
struct emit_part {
	const kr_node *const *docs;
	size_t n;
	kr_buf out;
	kr_err err;
	int rc;
};

static void *emit_part_run(void *arg)
{
	struct emit_part *p = arg;

	p->rc = kr_yaml_emit_stream(&p->out, p->docs, p->n, &p->err);
	return NULL;
}

#define EMIT_PARTS_MAX 8
#define EMIT_PARALLEL_MIN_DOCS 64

/*
 * Write the resources. Documents are independent, so with several jobs the
 * list is cut into consecutive slices emitted in parallel and joined with
 * "---" lines: the bytes are the same as from one emitter.
 */
static int emit_resources(kr_buf *o, const kr_resmap *rm, int jobs, size_t guess, kr_err *err)
{
	const kr_node **docs = malloc((rm->n ? rm->n : 1) * sizeof(*docs));
	struct emit_part parts[EMIT_PARTS_MAX];
	pthread_t tids[EMIT_PARTS_MAX];
	bool started[EMIT_PARTS_MAX] = {false};
	size_t i, nparts, per;
	int rc = 0;

	if (!docs)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	for (i = 0; i < rm->n; i++)
		docs[i] = rm->items[i]->root;
	nparts = jobs < 1 ? 1 : (size_t)jobs;
	if (nparts > EMIT_PARTS_MAX)
		nparts = EMIT_PARTS_MAX;
	kr_buf_reserve(o, guess + 4096);
	if (rm->n < EMIT_PARALLEL_MIN_DOCS || nparts < 2) {
		rc = kr_yaml_emit_stream(o, docs, rm->n, err);
		free(docs);
		return rc;
	}
	per = (rm->n + nparts - 1) / nparts;
	for (i = 0; i < nparts; i++) {
		size_t first = i * per;
		parts[i].docs = docs + (first < rm->n ? first : rm->n);
		parts[i].n = first >= rm->n ? 0 : (rm->n - first < per ? rm->n - first : per);
		kr_buf_init(&parts[i].out, o->limit);
		/* output is about as large as input: one allocation instead of doublings */
		kr_buf_reserve(&parts[i].out, guess / nparts + 4096);
		kr_err_clear(&parts[i].err);
		parts[i].rc = 0;
	}
	for (i = 1; i < nparts; i++)
		started[i] = pthread_create(&tids[i], NULL, emit_part_run, &parts[i]) == 0;
	emit_part_run(&parts[0]);
	for (i = 1; i < nparts; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			emit_part_run(&parts[i]);
	}
	for (i = 0; i < nparts && rc == 0; i++) {
		if (parts[i].rc < 0) {
			*err = parts[i].err;
			rc = parts[i].rc;
			break;
		}
		if (parts[i].n == 0)
			continue;
		if (i > 0 && o->len)
			rc = kr_buf_append(o, "---\n", 4);
		if (rc == 0)
			rc = kr_buf_append(o, parts[i].out.data, parts[i].out.len);
		if (rc < 0)
			rc = kr_err_set(err, rc, NULL,
					"output larger than the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
	}
	for (i = 0; i < nparts; i++)
		kr_buf_dispose(&parts[i].out);
	free(docs);
	return rc;
}

static void set_error(kr_build *b, const kr_err *err)
{
	kr_err_format(err, b->error, sizeof(b->error));
}

void kr_run_dispose(kr_run *run)
{
	kr_resmap_dispose(&run->rm);
	kr_render_dispose(&run->r);
	kr_prefetch_free(run->pre);
	run->a = NULL; /* the build's arena, reset by its next run */
	run->fs = NULL; /* the build's, kept for its next run */
	free(run->root);
	memset(run, 0, sizeof(*run));
}

int kr_run_render(kr_build *b, const char *dir, kr_run *run)
{
	kr_err *err = &run->err;
	kr_kustomization *k = NULL;
	enum kr_fs_type type;
	kr_tfconfig cfg;
	char *canon;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	memset(run, 0, sizeof(*run));
	kr_err_clear(err);
	b->error[0] = '\0';
	b->warnings.len = 0;
	if (b->warnings.data)
		b->warnings.data[0] = '\0';
	kr_resmap_init(&run->rm, NULL);
	if (!b->ext_fs && !is_dir(dir))
		return kr_err_set(err, KR_EINVAL, NULL, "must build at directory: '%s': %s", dir,
				  access(dir, F_OK) == 0 ? "file is not directory" : "no such directory");
	run->root = b->ext_fs ? strdup(b->ext_fs->root) : b->root ? strdup(b->root) : default_root(dir);
	if (!run->root)
		return kr_err_set(err, KR_ENOMEM, NULL, "cannot determine the root of '%s'", dir);
	/* one kr_fs per root for the build's lifetime: its path cache serves every run */
	if (!b->ext_fs && (!b->fs || strcmp(b->fs_root, run->root) != 0)) {
		kr_fs_free(b->fs);
		free(b->fs_root);
		b->fs = NULL;
		b->fs_root = strdup(run->root);
		if (!b->fs_root)
			return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
		rc = kr_fs_disk_new(&b->fs, run->root, err);
		if (rc < 0)
			return rc;
	}
	run->fs = b->ext_fs ? b->ext_fs : b->fs;
	if (b->arena)
		kr_arena_reset(b->arena, b->lim.memory_bytes);
	else
		b->arena = kr_arena_new(b->lim.memory_bytes);
	run->a = b->arena;
	if (!run->a)
		return kr_err_set(err, KR_ENOMEM, NULL, "out of memory");
	run->rm.a = run->a;
	run->r.a = run->a;
	run->r.fs = run->fs;
	run->r.lim = &b->lim;
	run->r.deadline_ms = kr_now_ms() + b->lim.timeout_ms;
	run->r.restrict_root_only = !b->restrict_none;
	run->r.enable_helm = b->enable_helm;
	run->r.pcache = b->pcache;
	run->r.pslot = b->pslot;
	run->r.warnings = &b->warnings;
	run->r.err = err;
	rc = kr_fs_resolve(run->fs, ".", dir, &canon, &type, run->a, err);
	if (rc == 0 && type != KR_FS_DIR)
		rc = kr_err_set(err, KR_ENOENT, NULL, "no such directory '%s'", dir);
	if (rc == KR_EJAIL)
		rc = kr_err_set(err, KR_EJAIL, NULL, "'%s' is outside the root '%s'", dir, run->fs->root);
	if (rc < 0)
		return rc;
	if (b->top_kust) {
		run->r.top_dir = canon;
		run->r.top_kust = b->top_kust;
		run->r.top_kust_len = b->top_kust_len;
	}
	rc = kr_prefetch_run(&run->pre, &run->r, canon, b->jobs);
	if (rc == 0)
		rc = kr_accumulate_dir(&run->r, canon, &run->rm, &k, &cfg);
	if (rc == 0)
		rc = kr_generate_hashes(&run->r, &run->rm);
	if (rc == 0)
		rc = kr_nameref_fix(&run->r, &run->rm, &cfg);
	if (rc == 0)
		rc = kr_vars_resolve(&run->r, &run->rm, &cfg);
	if (rc == 0)
		rc = kr_finish_resources(&run->rm, run->a, err);
	if (rc == 0 && k && k->build_metadata)
		rc = kr_build_metadata(&run->r, &run->rm, k);
	if (rc == 0)
		rc = kr_resmap_sort(&run->rm, k && k->has_sort ? &k->sort : NULL, err);
	return rc;
}

void kr_run_fail(kr_build *b, const kr_run *run)
{
	set_error(b, &run->err);
}

int kr_build_run(kr_build *b, const char *dir, char **out, size_t *len)
{
	kr_run run;
	kr_buf o;
	int rc;

	kr_buf_init(&o, b->lim.output_bytes);
	rc = kr_run_render(b, dir, &run);
	if (rc == 0)
		rc = emit_resources(&o, &run.rm, b->jobs, run.r.input_bytes + run.r.input_bytes / 8,
				    &run.err);
	if (rc == 0) {
		*out = kr_buf_take(&o, len);
		keep_inputs(b, &run);
	} else {
		clear_inputs(b);
		kr_run_fail(b, &run);
		kr_buf_dispose(&o);
	}
	kr_run_dispose(&run);
	return rc;
}
