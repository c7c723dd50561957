/*
 * emit_fast.c - differential fuzz target: for every document the loader
 * accepts, krender's direct emitter (when it takes the document) must write
 * exactly the bytes libyaml's emitter writes, and the stream emitter must
 * succeed.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/limits.h"
#include "yaml/emit.h"
#include "yaml/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_arena *a = kr_arena_new(64u << 20);
	kr_limits lim;
	kr_yaml_stream s;
	kr_err err;
	size_t i;

	if (!a)
		return 0;
	kr_limits_default(&lim);
	if (kr_yaml_load(&s, a, "fuzz.yaml", (const char *)data, size, &lim, KR_LOAD_RESOURCE, &err) == 0) {
		for (i = 0; i < s.n; i++) {
			kr_buf fast, slow;
			int rc;

			kr_buf_init(&fast, 256u << 20);
			kr_buf_init(&slow, 256u << 20);
			rc = kr_yaml_emit_fast(&fast, s.docs[i], &err);
			if (rc == 1 && kr_yaml_emit_libyaml(&slow, s.docs[i], &err) == 0 &&
			    (fast.len != slow.len || memcmp(fast.data, slow.data, fast.len) != 0))
				abort(); /* the two emitters disagree */
			kr_buf_dispose(&fast);
			kr_buf_dispose(&slow);
		}
	}
	kr_arena_free(a);
	return 0;
}
