/*
 * dir.h - a hydrated tree written to a directory all at once: the new tree
 * is built beside the old one (".NAME.krender-new") and swapped in with one
 * rename (renameat2 RENAME_EXCHANGE), so a reader or a crash sees the old
 * tree or the new one, never a mix. Leftovers of an interrupted run are
 * removed by the next one. On a file system without RENAME_EXCHANGE the
 * swap is two renames: a crash between them leaves NAME missing and the
 * whole old tree at ".NAME.krender-old", put back by the next run.
 */
#ifndef KR_APPLY_DIR_H
#define KR_APPLY_DIR_H
#include <stdbool.h>

#include "apply/hydrate.h"

typedef struct kr_apply_stats {
	size_t created, updated, deleted, unchanged;
	bool changed; /* anything written */
} kr_apply_stats;

/* one line of a hydration change list: '+' created, '~' updated, '-' deleted */
typedef void (*kr_apply_change_fn)(char what, const char *path, void *ctx);

/*
 * kr_apply_dir() - make directory @dir hold exactly @h (and its manifest).
 * @dir may be missing (its parent must exist), empty, or a tree krender
 * wrote (it has a manifest): anything else is refused. With @dry_run
 * nothing is written. Each change is reported to @fn (may be NULL) in path
 * order. When the tree already matches, nothing is written. 0 or KR_E*.
 */
int kr_apply_dir(const char *dir, const kr_hydrated *h, bool dry_run, kr_apply_change_fn fn, void *ctx,
		 kr_apply_stats *st, kr_err *err);

#endif
