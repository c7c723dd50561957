/*
 * objects.h - printing Kubernetes objects for appset and app (objects.c).
 */
#ifndef KR_CLI_OBJECTS_H
#define KR_CLI_OBJECTS_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "yaml/node.h"

typedef struct kr_cli_objects {
	kr_buf out;
	bool json; /* a JSON array, else a YAML stream */
	size_t n;
} kr_cli_objects;

/* kr_cli_repo_arg() - add --repo URL=PATH @arg (cut in place) to @urls/@paths; -1 (reported) when malformed */
int kr_cli_repo_arg(char *arg, const char **urls, const char **paths, size_t *n, const char *cmd);

/* kr_cli_objects_format() - --output @arg: yaml (*@json false) or json; -1 (reported as "krender CMD: ...") else */
int kr_cli_objects_format(const char *arg, bool *json, const char *cmd);

/* kr_cli_objects_init() - an empty output of at most @limit bytes */
void kr_cli_objects_init(kr_cli_objects *o, bool json, size_t limit);

/* kr_cli_objects_add() - append @obj. 0 or KR_E* (@err set) */
int kr_cli_objects_add(kr_cli_objects *o, const kr_node *obj, kr_err *err);

/* kr_cli_objects_finish() - print the output, or the error of @rc as "krender CMD: ..."; the exit code */
int kr_cli_objects_finish(kr_cli_objects *o, int rc, kr_err *err, const char *cmd);

#endif
