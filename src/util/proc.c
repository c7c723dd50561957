/*
 * proc.c - run a program and collect stdout and stderr (see proc.h).
 * posix_spawnp with both pipes non-blocking and read together under poll(),
 * so a chatty stderr never blocks a large stdout. The child is always
 * reaped; on a timeout or an output overflow it is killed first.
 */
#include "util/proc.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
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

/* bytes still to feed the program's stdin */
struct feed {
	int fd;
	const char *data;
	size_t left;
};

static int collect(pid_t pid, struct feed *in, int fd_out, int fd_err, kr_buf *out, kr_buf *err,
		   long timeout_ms, kr_proc_result *res)
{
	struct pollfd p[3] = {{fd_out, POLLIN, 0}, {fd_err, POLLIN, 0}, {in->fd, POLLOUT, 0}};
	kr_buf *bufs[2] = {out, err};
	long deadline = (long)kr_now_ms() + timeout_ms;
	int open = 2, rc = 0, i;

	while (open > 0 && rc == 0) {
		long left = deadline - (long)kr_now_ms();

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		if (poll(p, 3, (int)(left > 60000 ? 60000 : left)) < 0 && errno != EINTR) {
			rc = KR_EIO;
			break;
		}
		if (p[2].fd >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(p[2].fd, in->data, in->left);
			if (w > 0)
				in->data += w, in->left -= (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || in->left == 0) {
				/* done, or the program stopped reading (EPIPE): it answers for itself */
				close(p[2].fd);
				p[2].fd = in->fd = -1;
			}
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
	return kr_proc_run_input(argv, env_add, NULL, 0, out, err, timeout_ms, res);
}

int kr_proc_run_input(char *const argv[], char *const env_add[], const char *in, size_t inlen, kr_buf *out,
		      kr_buf *err, long timeout_ms, kr_proc_result *res)
{
	posix_spawn_file_actions_t fa;
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, pi[2] = {-1, -1};
	char **env = merged_env(env_add);
	struct feed feed = {-1, in, inlen};
	sigset_t pipe_sig, old_mask;
	pid_t pid;
	int rc = 0, status = 0, spawn_rc;

	memset(res, 0, sizeof(*res));
	if (!env)
		return KR_ENOMEM;
	/* a program that exits before reading all its input must not kill us with SIGPIPE */
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, &old_mask);
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0 || (in && pipe2(pi, O_CLOEXEC) < 0)) {
		rc = KR_EIO;
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, pi[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	spawn_rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (in) {
		close(pi[0]);
		pi[0] = -1;
		feed.fd = pi[1];
		pi[1] = -1;
		fcntl(feed.fd, F_SETFL, O_NONBLOCK);
		if (inlen == 0) {
			close(feed.fd);
			feed.fd = -1;
		}
	}
	if (spawn_rc != 0) {
		res->not_found = spawn_rc == ENOENT;
		res->status = 127;
		goto out;
	}
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	rc = collect(pid, &feed, po[0], pe[0], out, err, timeout_ms, res);
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
		if (pi[i] >= 0)
			close(pi[i]);
	}
	if (feed.fd >= 0)
		close(feed.fd);
	{
		struct timespec none = {0, 0};
		while (sigtimedwait(&pipe_sig, NULL, &none) > 0) /* a SIGPIPE we caused: consumed */
			;
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	free(env);
	return rc;
}

const char *kr_helper_path(const char *name, char *buf, size_t cap)
{
	char self[PATH_MAX - 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, cap, "%s/%s", self, name);
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
#ifdef KR_PKGLIBEXECDIR
	snprintf(buf, cap, "%s/%s", KR_PKGLIBEXECDIR, name);
	if (access(buf, X_OK) == 0)
		return buf;
#endif
	return name;
}
