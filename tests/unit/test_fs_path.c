/* test_fs_path.c - lexical cleaning, joining, containment and the jail. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "fs/fs.h"

static void test_clean_like_go(void **state)
{
	static const char *cases[][2] = {
		{"", "."}, {".", "."}, {"a/b", "a/b"}, {"a//b", "a/b"}, {"a/./b", "a/b"},
		{"a/../b", "b"}, {"../a", "../a"}, {"../../a/..", "../.."}, {"/..", "/"},
		{"/a/b/../../..", "/"}, {"a/b/", "a/b"}, {"/a/./b/../c/", "/a/c"}, {"abc/..", "."},
	};
	kr_arena *a = kr_arena_new(1 << 20);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(kr_path_clean(a, cases[i][0]), cases[i][1]);
	assert_string_equal(kr_path_join(a, "/r/a", "../b/c.yaml"), "/r/b/c.yaml");
	assert_string_equal(kr_path_join(a, "/r/a", "/abs/x"), "/abs/x");
	kr_arena_free(a);
}

static void test_contains_is_componentwise(void **state)
{
	(void)state;
	assert_true(kr_fs_contains("/x/in", "/x/in"));
	assert_true(kr_fs_contains("/x/in", "/x/in/a"));
	assert_false(kr_fs_contains("/x/in", "/x/in-evil"));
	assert_false(kr_fs_contains("/x/in", "/x"));
	assert_true(kr_fs_contains("/", "/anything"));
}

static void test_jail_refuses_symlink_escape(void **state)
{
	char root[] = "/tmp/krender-jail-XXXXXX";
	char path[512];
	kr_arena *a = kr_arena_new(1 << 20);
	kr_fs *fs = NULL;
	kr_err err;
	char *out;
	enum kr_fs_type type;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/in", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/in/escape", root);
	assert_int_equal(symlink("../", path), 0);
	snprintf(path, sizeof(path), "%s/in", root);
	assert_int_equal(kr_fs_disk_new(&fs, path, &err), 0);
	assert_int_equal(kr_fs_resolve(fs, fs->root, "escape", &out, &type, a, &err), KR_EJAIL);
	assert_int_equal(kr_fs_resolve(fs, fs->root, "../x", &out, &type, a, &err), 0);
	assert_int_equal(type, KR_FS_MISSING);
	assert_int_equal(kr_fs_resolve(fs, fs->root, "nothing.yaml", &out, &type, a, &err), 0);
	assert_int_equal(type, KR_FS_MISSING);
	assert_int_equal(kr_fs_resolve(fs, fs->root, ".", &out, &type, a, &err), 0);
	assert_int_equal(type, KR_FS_DIR);
	assert_string_equal(kr_fs_rel(fs, out), ".");
	kr_fs_free(fs);
	snprintf(path, sizeof(path), "%s/in/escape", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in", root);
	rmdir(path);
	rmdir(root);
	kr_arena_free(a);
}

static void test_read_refuses_fifo(void **state)
{
	char root[] = "/tmp/krender-fifo-XXXXXX";
	char path[512];
	kr_arena *a = kr_arena_new(1 << 20);
	kr_fs *fs = NULL;
	kr_err err;
	const char *data;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/pipe", root);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(kr_fs_disk_new(&fs, root, &err), 0);
	snprintf(path, sizeof(path), "%s/pipe", fs->root);
	assert_int_equal(kr_fs_read(fs, path, a, &data, &len, 1000, &err), KR_EINVAL);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(path);
	rmdir(fs->root);
	kr_fs_free(fs);
	kr_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_like_go),
		cmocka_unit_test(test_contains_is_componentwise),
		cmocka_unit_test(test_jail_refuses_symlink_escape),
		cmocka_unit_test(test_read_refuses_fifo),
	};
	return cmocka_run_group_tests_name("fs_path", tests, NULL, NULL);
}
