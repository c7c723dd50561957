/*
 * proc.c - run a program and collect stdout and stderr (see proc.h).
 * posix_spawnp with both pipes non-blocking and read together under poll(),
 * so a chatty stderr never blocks a large stdout. The child is always
 * reaped; on a timeout or an output overflow it is killed first.
 */
#include "util/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/limits.h"

extern char **environ;

/* environ followed by @add; the strings are borrowed */
static char **merged_env(char *const add[])
{
	size_t n = 0, m = 0, i;
	char **env;

	while (environ[n])
		n++;
	while (add && add[m])
		m++;
	env = malloc((n + m + 1) * sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		env[i] = environ[i];
	for (i = 0; i < m; i++)
		env[n + i] = add[i];
	env[n + m] = NULL;
	return env;
}

/* Append what is readable on @fd to @b; 1 at end of file, 0 for more, <0 on error. */
static int drain(int fd, kr_buf *b)
{
	char chunk[65536];

	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));

		if (got == 0)
			return 1;
		if (got < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : KR_EIO;
		if (kr_buf_append(b, chunk, (size_t)got) < 0)
			return KR_ETOOBIG;
	}
}

static int collect(pid_t pid, int fd_out, int fd_err, kr_buf *out, kr_buf *err, long timeout_ms,
		   kr_proc_result *res)
{
	struct pollfd p[2] = {{fd_out, POLLIN, 0}, {fd_err, POLLIN, 0}};
	kr_buf *bufs[2] = {out, err};
	long deadline = (long)kr_now_ms() + timeout_ms;
	int open = 2, rc = 0, i;

	while (open > 0 && rc == 0) {
		long left = deadline - (long)kr_now_ms();

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		if (poll(p, 2, (int)(left > 60000 ? 60000 : left)) < 0 && errno != EINTR) {
			rc = KR_EIO;
			break;
		}
		for (i = 0; i < 2 && rc == 0; i++) {
			int d;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			d = drain(p[i].fd, bufs[i]);
			if (d < 0)
				rc = d;
			else if (d == 1) {
				p[i].fd = -1;
				open--;
			}
		}
	}
	if (open > 0)
		kill(pid, SIGKILL);
	return rc;
}

int kr_proc_run(char *const argv[], char *const env_add[], kr_buf *out, kr_buf *err,
		long timeout_ms, kr_proc_result *res)
{
	posix_spawn_file_actions_t fa;
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	char **env = merged_env(env_add);
	pid_t pid;
	int rc = 0, status = 0, spawn_rc;

	memset(res, 0, sizeof(*res));
	if (!env)
		return KR_ENOMEM;
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		rc = KR_EIO;
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	spawn_rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (spawn_rc != 0) {
		res->not_found = spawn_rc == ENOENT;
		res->status = 127;
		goto out;
	}
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	rc = collect(pid, po[0], pe[0], out, err, timeout_ms, res);
	if (rc < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	free(env);
	return rc;
}
