/*
 * main.c - krender-git, the helper that reads Git repositories for krender.
 *
 * libgit2 has no position-independent static build on Debian, and every
 * shared library costs each `krender build` ~0.3 ms of start-up, so Git
 * access lives in this separate program, run only when a build meets a
 * Git base. Usage (internal, stable between krender and its helper):
 *   krender-git export REPO REV DEST [MAX_FILES MAX_BYTES]
 *       prints the commit id on stdout;
 *   krender-git changed PATH REV
 *       prints the work tree of PATH's repository, then the paths that
 *       differ between REV and the work tree, one a line;
 *   krender-git ls REPO REV [MAX_FILES MAX_BYTES [ids]]
 *       prints the commit id, then "d\tPATH\0" and "f\tPATH\0" records
 *       ("f\tBLOBID\tPATH\0" with ids);
 *   krender-git cat REPO REV [MAX_FILES MAX_BYTES]
 *       reads NUL-terminated paths on stdin and prints each file's size, a
 *       newline and its bytes ("-" and a newline for no such file);
 *   krender-git commit REPO BRANCH PREFIX MESSAGE DRY_RUN MAX_FILES MAX_BYTES
 *       reads "PATH\0SIZE\n" records and bytes on stdin, makes them the
 *       whole of PREFIX on BRANCH (see commit.h), prints the result;
 *   krender-git resolve REPO REV
 *       prints the commit id REV names;
 *   krender-git origin REPO
 *       prints the URL of the remote "origin" (nothing when there is none).
 * On failure one line on stderr, exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/commit.h"
#include "git/export.h"
#include "git/tree.h"

int main(int argc, char **argv)
{
	struct kr_git_limits lim = {100000, (size_t)1 << 30};
	char commit[41], msg[1024];

	if (argc == 4 && strcmp(argv[1], "changed") == 0) {
		if (kr_git_changed(argv[2], argv[3], msg, sizeof(msg)) < 0) {
			fprintf(stderr, "%s\n", msg);
			return 1;
		}
		return 0;
	}
	if (argc == 9 && strcmp(argv[1], "commit") == 0) {
		lim.max_files = strtoull(argv[7], NULL, 10);
		lim.max_bytes = strtoull(argv[8], NULL, 10);
		if (kr_git_commit(argv[2], argv[3], argv[4], argv[5], strcmp(argv[6], "1") == 0, &lim, msg, sizeof(msg)) < 0) {
			fflush(stdout);
			fprintf(stderr, "%s\n", msg);
			return 1;
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "origin") == 0) {
		if (kr_git_origin_print(argv[2], msg, sizeof(msg)) < 0) {
			fprintf(stderr, "%s\n", msg);
			return 1;
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 4 && strcmp(argv[1], "resolve") == 0) {
		if (kr_git_resolve_print(argv[2], argv[3], msg, sizeof(msg)) < 0) {
			fprintf(stderr, "%s\n", msg);
			return 1;
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc >= 4 && (strcmp(argv[1], "ls") == 0 || strcmp(argv[1], "cat") == 0)) {
		if (argc >= 6) {
			lim.max_files = strtoull(argv[4], NULL, 10);
			lim.max_bytes = strtoull(argv[5], NULL, 10);
		}
		if ((argv[1][0] == 'l' ? kr_git_ls(argv[2], argv[3], &lim, argc == 7 && strcmp(argv[6], "ids") == 0, msg, sizeof(msg))
				       : kr_git_cat(argv[2], argv[3], &lim, msg, sizeof(msg))) < 0) {
			fflush(stdout);
			fprintf(stderr, "%s\n", msg);
			return 1;
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc < 5 || strcmp(argv[1], "export") != 0) {
		fprintf(stderr, "usage: krender-git export REPO REV DEST [MAX_FILES MAX_BYTES]\n"
				"       krender-git changed PATH REV\n"
				"       krender-git ls REPO REV [MAX_FILES MAX_BYTES [ids]]\n"
				"       krender-git cat REPO REV [MAX_FILES MAX_BYTES]\n"
				"       krender-git commit REPO BRANCH PREFIX MESSAGE DRY_RUN MAX_FILES MAX_BYTES\n"
				"       krender-git resolve REPO REV\n"
				"       krender-git origin REPO\n");
		return 2;
	}
	if (argc >= 7) {
		lim.max_files = strtoull(argv[5], NULL, 10);
		lim.max_bytes = strtoull(argv[6], NULL, 10);
	}
	if (kr_git_export(argv[2], argv[3], argv[4], &lim, commit, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	printf("%s\n", commit);
	return 0;
}
