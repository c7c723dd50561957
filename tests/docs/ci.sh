#!/usr/bin/env bash
# ci.sh - the `krender preview` command lines of docs/ci.md's GitHub Actions
# and GitLab CI recipes, run as written (TAP): each recipe's YAML is parsed,
# the step that calls krender preview is taken, the CI's variables are given
# the values those services set, and it runs in a clone of a repository made
# here (testdata/preview-apps: a main branch and a feature branch on top) whose
# origin is the URL its Applications name. Posting the comment (gh, curl) is
# not run: it needs the services.
set -u
krender=${KRENDER:-./krender}
bindir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-docs-ci.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export PATH="$bindir:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
echo "1..4"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
fixtures=$top/testdata/preview-apps
mkdir -p "$tmp/upstream" && cp -R "$fixtures/v1/." "$tmp/upstream/"
(cd "$tmp/upstream" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm v1)
git clone -q "$tmp/upstream" "$tmp/work"
(cd "$tmp/work" && git checkout -q -b feature && bash "$fixtures/v2.sh" && git add -A && git commit -qm v2 &&
	git remote set-url origin https://git.example/platform.git) # as actions/checkout and GitLab leave it

# the shell of one recipe's preview step: python3 reads the YAML blocks of docs/ci.md
step() { # step HEADING
	python3 - "$top/docs/ci.md" "$1" <<'PY'
import re, sys, yaml
text = open(sys.argv[1]).read()
section = text.split("### " + sys.argv[2], 1)[1]
doc = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))
def runs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("run", "script"):
                for s in (v if isinstance(v, list) else [v]):
                    yield s
            else:
                yield from runs(v)
    elif isinstance(node, list):
        for v in node:
            yield from runs(v)
print(next(s for s in runs(doc) if "krender preview" in s))
PY
}

gh=$(step "GitHub Actions")
gh=${gh//'${{ github.base_ref }}'/main}
(cd "$tmp/work" && bash -ec "$gh") >"$tmp/gh.out" 2>&1
check "GitHub Actions: the preview step runs as written" "$gh: $(head -c 300 "$tmp/gh.out")" test -s "$tmp/work/preview.md"
check "GitHub Actions: the comment names the changed Application and kustomization" "$(head -c 600 "$tmp/work/preview.md")" \
	sh -c "grep -q '^| \`Application web (apps/web.yaml)\` | changed' '$tmp/work/preview.md' && grep -q '^| \`common\` | changed' '$tmp/work/preview.md'"
rm -f "$tmp/work/preview.md"

gl=$(step "GitLab CI")
base=$(git -C "$tmp/work" merge-base origin/main HEAD) head=$(git -C "$tmp/work" rev-parse HEAD)
(cd "$tmp/work" && CI_MERGE_REQUEST_DIFF_BASE_SHA=$base CI_COMMIT_SHA=$head bash -ec "$gl") >"$tmp/gl.out" 2>&1
check "GitLab CI: the preview script line runs as written" "$gl: $(head -c 300 "$tmp/gl.out")" test -s "$tmp/work/preview.md"
check "GitLab CI: the comment names the revisions and the changed Application" "$(head -c 600 "$tmp/work/preview.md")" \
	sh -c "grep -q '\`${base:0:12}\` → \`${head:0:12}\`' '$tmp/work/preview.md' && grep -q 'Application web (apps/web.yaml)' '$tmp/work/preview.md'"
