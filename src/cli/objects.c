/*
 * objects.c - what the commands that print Kubernetes objects share
 * (appset, app): --repo URL=PATH arguments, and the objects printed as a
 * YAML stream or a JSON array, written only when everything succeeded.
 */
#include "cli/objects.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/json.h"

int kr_cli_repo_arg(char *arg, const char **urls, const char **paths, size_t *n, const char *cmd)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1]) {
		fprintf(stderr, "krender %s: --repo wants URL=PATH, not '%s'\n", cmd, arg);
		return -1;
	}
	*eq = '\0';
	urls[*n] = arg;
	paths[(*n)++] = eq + 1;
	return 0;
}

int kr_cli_objects_format(const char *arg, bool *json, const char *cmd)
{
	if (strcmp(arg, "yaml") != 0 && strcmp(arg, "json") != 0) {
		fprintf(stderr, "krender %s: --output is yaml or json, not '%s'\n", cmd, arg);
		return -1;
	}
	*json = strcmp(arg, "json") == 0;
	return 0;
}

void kr_cli_objects_init(kr_cli_objects *o, bool json, size_t limit)
{
	kr_buf_init(&o->out, limit);
	o->json = json;
	o->n = 0;
}

int kr_cli_objects_add(kr_cli_objects *o, const kr_node *obj, kr_err *err)
{
	int rc;

	if (o->json) {
		rc = kr_buf_puts(&o->out, o->n ? ",\n" : "[\n");
		if (rc == 0)
			rc = kr_json_write(&o->out, obj);
	} else {
		rc = o->n ? kr_buf_puts(&o->out, "---\n") : 0;
		if (rc == 0)
			rc = kr_yaml_emit_doc(&o->out, obj, err);
	}
	o->n++;
	if (rc < 0 && !err->msg[0])
		kr_err_set(err, rc, NULL, "the output is over the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
	return rc;
}

int kr_cli_objects_finish(kr_cli_objects *o, int rc, kr_err *err, const char *cmd)
{
	if (rc == 0 && o->json)
		rc = kr_buf_puts(&o->out, o->n ? "\n]\n" : "[]\n");
	if (rc < 0) {
		char msg[KR_ERR_MAX + 600];

		if (!err->msg[0])
			kr_err_set(err, rc, NULL, "the output is over the limit output-bytes (" KR_LIMIT_RAISE("output-bytes") ")");
		kr_err_format(err, msg, sizeof(msg));
		fprintf(stderr, "krender %s: %s\n", cmd, msg);
	} else if (o->out.len && fwrite(o->out.data, 1, o->out.len, stdout) != o->out.len) {
		fprintf(stderr, "krender %s: cannot write the output\n", cmd);
		rc = KR_EIO;
	}
	kr_buf_dispose(&o->out);
	return rc < 0 ? KR_EXIT_RENDER : KR_EXIT_OK;
}
