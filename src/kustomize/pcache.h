/*
 * pcache.h - the parse cache a batch shares between its builds: each file
 * read and parsed once per run, the trees immutable once published, every
 * user getting its own copy in its render's arena.
 */
#ifndef KR_KUSTOMIZE_PCACHE_H
#define KR_KUSTOMIZE_PCACHE_H
#include <stdbool.h>

#include "fs/fs.h"
#include "util/limits.h"
#include "yaml/load.h"

typedef struct kr_parse_cache kr_parse_cache;

/*
 * kr_pcache_load() - the documents of file @canon (named @file in
 * messages) parsed with @flags, copied into @dst. A miss reads through @fs
 * and parses into the arena of worker @slot (only that worker's thread may
 * use the slot) and publishes the tree; with !@publish (a file the caller
 * expects to be its alone, like the top kustomization) a miss is parsed
 * straight into @dst and not kept. *@bytes gets the file size. Parse
 * errors are not cached.
 */
int kr_pcache_load(kr_parse_cache *c, int slot, kr_fs *fs, const char *canon, const char *file,
		   unsigned flags, bool publish, const kr_limits *lim, kr_arena *dst, kr_yaml_stream *out,
		   size_t *bytes, kr_err *err);
#endif
