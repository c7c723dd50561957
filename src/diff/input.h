/*
 * input.h - the two object sets `krender diff` compares: read from a
 * kustomization directory (rendered), a manifest file, stdin ("-"), a
 * directory of manifests, or the output of a command ("cmd:COMMAND").
 * Lists (`kind: List`, `*List` with items) are flattened; empty documents
 * dropped. Files obey the file-bytes limit and must be regular files.
 */
#ifndef KR_DIFF_INPUT_H
#define KR_DIFF_INPUT_H

#include "util/arena.h"
#include "util/err.h"
#include "util/limits.h"
#include "yaml/node.h"

typedef struct kr_objects {
	kr_node **v;
	size_t n, cap;
} kr_objects;

/* kr_diff_read_desired() - DESIRED: a kustomization directory (built), a file or "-". */
int kr_diff_read_desired(kr_arena *a, const char *what, const kr_limits *lim, kr_objects *out, kr_err *err);

/* kr_diff_read_live() - LIVE: a file, "-", a directory of manifests, or "cmd:COMMAND". */
int kr_diff_read_live(kr_arena *a, const char *what, const kr_limits *lim, kr_objects *out, kr_err *err);

/* kr_diff_read_file() - one YAML file (or "-") into @out, flattened. */
int kr_diff_read_file(kr_arena *a, const char *path, const kr_limits *lim, kr_objects *out, kr_err *err);

/* kr_diff_read_one() - the one object of file @path (an Application, argocd-cm, an AppProject...). */
int kr_diff_read_one(kr_arena *a, const char *path, const kr_limits *lim, kr_node **out, kr_err *err);

#endif
