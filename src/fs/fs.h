/*
 * fs.h - kr_fs, the one seam through which the engine reads files.
 *
 * The kustomize loader never calls open(): it asks a kr_fs, so the same code
 * can later render a Git revision or an in-memory overlay. Every path goes
 * through the jail here: it is resolved (symlinks included) and must stay
 * inside the root, component-wise; only regular files are read, with a size
 * limit. Paths handed out are absolute and canonical; kr_fs_rel() gives the
 * root-relative form used in messages, so host paths outside the root never
 * reach an error. A remote base fetched into a temporary directory is a
 * mount: a second jail, entered only through its URL.
 */
#ifndef KR_FS_FS_H
#define KR_FS_FS_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

enum kr_fs_type {
	KR_FS_MISSING = 0,
	KR_FS_FILE,
	KR_FS_DIR,
	KR_FS_OTHER, /* FIFO, device, socket: never read */
};

typedef struct kr_fs kr_fs;

/* one entry of a directory listing */
typedef struct kr_fs_entry {
	const char *name;
	enum kr_fs_type type; /* a symbolic link is KR_FS_OTHER: listings do not follow links */
} kr_fs_entry;

struct kr_fs_ops {
	/* canonical absolute path of @path (all symlinks resolved), or KR_ENOENT */
	int (*resolve)(kr_fs *fs, const char *path, char **out, kr_arena *a, kr_err *err);
	int (*type)(kr_fs *fs, const char *canon, enum kr_fs_type *type);
	int (*read)(kr_fs *fs, const char *canon, kr_arena *a, const char **data, size_t *len,
		    size_t limit, kr_err *err);
	/* the entries of directory @canon, any order ("." and ".." left out) */
	int (*list)(kr_fs *fs, const char *canon, kr_arena *a, kr_fs_entry **out, size_t *n, kr_err *err);
	void (*free)(kr_fs *fs);
};

/* A directory outside the root that holds a fetched remote base (its own jail). */
struct kr_fs_mount {
	char *dir;  /* canonical; removed with the kr_fs */
	size_t len;
	char *name; /* what it was fetched from (URL and ref) */
};

struct kr_fs {
	const struct kr_fs_ops *ops;
	char *root; /* canonical, no trailing slash (except "/") */
	size_t rootlen;
	struct kr_fs_mount *mounts;
	size_t nmounts;
};

/* kr_fs_disk_new() - a kr_fs over the local disk, jailed to @root. */
int kr_fs_disk_new(kr_fs **out, const char *root, kr_err *err);

/* one file of an in-memory tree: @path relative to the root, '/'-separated, clean */
typedef struct kr_fs_mem_file {
	const char *path;
	const char *data;
	size_t len;
} kr_fs_mem_file;

/*
 * kr_fs_mem_new() - a kr_fs over @files (@n, borrowed: they must outlive it)
 * under the made-up canonical directory @root (absolute, clean): a Git
 * revision read without a checkout. Directories are the files' parents.
 */
int kr_fs_mem_new(kr_fs **out, const char *root, const kr_fs_mem_file *files, size_t n, kr_err *err);

/* kr_fs_free() - release @fs. */
void kr_fs_free(kr_fs *fs);

/*
 * kr_fs_resolve() - resolve @rel against directory @dir (canonical) into a
 * canonical path inside the root. A path that does not exist is not an
 * error: *@type is KR_FS_MISSING and *@out the lexically cleaned path.
 * A path that resolves outside the root is KR_EJAIL.
 */
int kr_fs_resolve(kr_fs *fs, const char *dir, const char *rel, char **out, enum kr_fs_type *type,
		  kr_arena *a, kr_err *err);

/*
 * kr_fs_read() - the bytes of regular file @canon, at most @limit of them:
 * a new copy in @a, NUL-terminated (the NUL not counted in @len).
 */
int kr_fs_read(kr_fs *fs, const char *canon, kr_arena *a, const char **data, size_t *len,
	       size_t limit, kr_err *err);

/* kr_fs_list() - the entries of directory @canon, sorted by name (in @a). */
int kr_fs_list(kr_fs *fs, const char *canon, kr_arena *a, kr_fs_entry **out, size_t *n, kr_err *err);

/*
 * kr_fs_mount() - add directory @dir (a temporary checkout, removed when @fs
 * is freed) as the jail of the remote base @name. Paths resolved from inside
 * it must stay inside it.
 */
int kr_fs_mount(kr_fs *fs, const char *dir, const char *name, kr_err *err);
/* kr_fs_remove_tree() - rm -r of @dir (host disk; links are not followed). */
void kr_fs_remove_tree(const char *dir);
/* kr_fs_unmount_all() - remove every mounted directory (kr_fs_free does it). */
void kr_fs_unmount_all(kr_fs *fs);
/* kr_fs_find_mount() - the directory mounted under @name, or NULL. */
const char *kr_fs_find_mount(const kr_fs *fs, const char *name);
/* kr_fs_jail_of() - the root or mount directory that holds @canon, or NULL. */
const char *kr_fs_jail_of(const kr_fs *fs, const char *canon);
/* kr_fs_contains() - true when canonical @path is @dir or below it. */
int kr_fs_contains(const char *dir, const char *path);

/* kr_fs_rel() - @canon relative to the root ("." for the root itself). */
const char *kr_fs_rel(const kr_fs *fs, const char *canon);

/* kr_path_clean() - lexical clean of @path (like Go's filepath.Clean), in @a. */
char *kr_path_clean(kr_arena *a, const char *path);

/* kr_path_join() - clean(@dir + "/" + @rel), or clean(@rel) if absolute. */
char *kr_path_join(kr_arena *a, const char *dir, const char *rel);

#endif
