#!/usr/bin/env bash
# gitcases.sh - `krender COMMAND` against testdata/DIR/*/ (TAP), for the
# commands that read Git repositories: tests/appset.sh and tests/app.sh
# run it. Usage: gitcases.sh COMMAND DIR INPUT. A case holds:
#   INPUT           the input file (appset.yaml, app.yaml)
#   args            optional extra arguments, one per line ({dir}: the case,
#                   {repo}: the Git repository made from repo/)
#   repo/           optional: files committed to a fresh Git repository and
#                   tagged v1; repo-next/ (optional) is then copied over it
#                   and committed again (HEAD)
#   expected.yaml   the exact output ({commit}, {commit7}: the repository's
#                   HEAD commit id as git prints it, in full and cut to 7), or
#   expected.err    text the error message must contain (exit 1)
set -u
command=$1 casedir=$2 input=$3
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-$command.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/$casedir" && ls -d */ | tr -d /)
echo "1..$(echo "$cases" | wc -w)"
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/$casedir/$c"
	repo="$tmp/$c-repo"
	if [ -d "$dir/repo" ]; then
		mkdir -p "$repo" && cp -R "$dir/repo/." "$repo/"
		(cd "$repo" && git init -q && git add -A && git -c user.name=t -c user.email=t@t.invalid commit -qm v1 &&
			git tag v1) >/dev/null 2>&1
		if [ -d "$dir/repo-next" ]; then
			cp -R "$dir/repo-next/." "$repo/"
			(cd "$repo" && git add -A && git -c user.name=t -c user.email=t@t.invalid commit -qm next) >/dev/null 2>&1
		fi
	fi
	args=()
	if [ -f "$dir/args" ]; then mapfile -t args < <(sed "s|{dir}|$dir|g; s|{repo}|$repo|g" "$dir/args"); fi
	"$krender" "$command" "$dir/$input" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$dir/expected.err" ]; then
		if [ "$rc" != 1 ]; then why="exit $rc, want 1"
		elif [ -s "$tmp/out" ]; then why="output on failure"
		elif ! grep -qF -- "$(cat "$dir/expected.err")" "$tmp/err"; then
			why="message lacks '$(cat "$dir/expected.err")': $(head -c 400 "$tmp/err")"
		fi
	elif [ "$rc" != 0 ]; then why="exit $rc: $(head -c 400 "$tmp/err")"
	else
		head=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo none)
		sed "s/{commit}/$head/g; s/{commit7}/${head:0:7}/g" "$dir/expected.yaml" >"$tmp/want"
		if ! cmp -s "$tmp/want" "$tmp/out"; then
			why="output differs: $(diff "$tmp/want" "$tmp/out" | head -n 10 | tr '\n' '|')"
		fi
	fi
	if [ -n "$why" ]; then echo "not ok $n - $c: $why"; else echo "ok $n - $c"; fi
done
