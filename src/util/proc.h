/*
 * proc.h - run a program and collect what it prints.
 *
 * kr_proc_run() spawns @argv (searched on $PATH) with the current
 * environment plus @env_add, stdin from /dev/null (or a buffer), and collects stdout and
 * stderr into bounded buffers (no shell, no deadlock: both pipes are drained
 * together). A program that outlives @timeout_ms is killed.
 */
#ifndef KR_UTIL_PROC_H
#define KR_UTIL_PROC_H
#include <stdbool.h>
#include <stddef.h>
#include "util/buf.h"

typedef struct kr_proc_result {
	int status;     /* exit code, or 128 + signal number */
	bool not_found; /* the program is not on $PATH (status 127) */
	bool timed_out; /* killed after the timeout */
} kr_proc_result;

/*
 * kr_proc_run() - run @argv (NULL-terminated) with @env_add (NULL-terminated
 * "NAME=value" strings added to the environment, may be NULL). @out and @err
 * receive the output; a stream longer than its buffer's limit is cut and the
 * call fails with KR_ETOOBIG after the program is killed. Returns 0 when the
 * program ran (whatever its exit status), KR_ENOMEM, KR_ETOOBIG or KR_EIO.
 */
int kr_proc_run(char *const argv[], char *const env_add[], kr_buf *out, kr_buf *err,
		long timeout_ms, kr_proc_result *res);

/* kr_proc_run_input() - kr_proc_run() with @in/@inlen fed to the program's stdin. */
int kr_proc_run_input(char *const argv[], char *const env_add[], const char *in, size_t inlen, kr_buf *out,
		      kr_buf *err, long timeout_ms, kr_proc_result *res);
/*
 * kr_helper_path() - where helper program @name (krender-git, krender-jq)
 * is: beside this program, else the installed one, else @name for $PATH.
 */
const char *kr_helper_path(const char *name, char *buf, size_t cap);

#endif
