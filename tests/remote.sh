#!/bin/sh
# remote.sh - file:// Git remote bases (testdata/remote). Each case holds
#   repo/            the files of the first commit (tagged v1) of a Git repository;
#   repo2/           optional: files changed by a second commit on main (HEAD);
#   kustomization.yaml.in  the kustomization, @REPO@ standing for the repository path;
#   expected.yaml | expected.err + expected.match, and optionally krender.differs.
# The repository and the kustomization are made in a temporary directory;
# `krender build` must print expected.yaml (TAP output). With --regen the
# expected files are remade from the oracle, `kubectl kustomize`, run on the
# very same temporary tree.
set -u
regen=no
[ "${1:-}" = "--regen" ] && regen=yes
top=$(cd "${top_srcdir:-.}" && pwd)
krender=$(cd "$(dirname "${KRENDER:-./krender}")" && pwd)/$(basename "${KRENDER:-./krender}")
cases=$(cd "$top/testdata/remote" && ls -d */ | sed 's,/$,,')
[ $regen = no ] && echo "1..$(echo "$cases" | wc -l)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-remote-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
git_q() { git -c user.name=krender-test -c user.email=test@krender.invalid -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
n=0
for c in $cases; do
	n=$((n + 1))
	src="$top/testdata/remote/$c"
	work="$tmp/$c"
	mkdir -p "$work/repo" "$work/app"
	cp -r "$src/repo/." "$work/repo/"
	( cd "$work/repo" && git_q init && git_q add -A && git_q commit -m one && git_q tag v1 )
	if [ -d "$src/repo2" ]; then
		cp -r "$src/repo2/." "$work/repo/"
		( cd "$work/repo" && git_q add -A && git_q commit -m two )
	fi
	sed "s#@REPO@#$work/repo#g" "$src/kustomization.yaml.in" >"$work/app/kustomization.yaml"
	if [ $regen = yes ]; then
		rm -f "$src/expected.yaml" "$src/expected.err"
		if (cd "$work/app" && kubectl kustomize .) >"$tmp/out" 2>"$tmp/err"; then
			cp "$tmp/out" "$src/expected.yaml"; echo "$c: expected.yaml"
		else
			sed -e 's/^E[0-9]\{4\} [0-9:.]* *[0-9]* run.go:[0-9]*\] //' -e "s#$work#CASE#g" "$tmp/err" >"$src/expected.err"
			echo "$c: expected.err (write expected.match by hand)"
		fi
		continue
	fi
	( cd "$work/app" && exec timeout 20 "$krender" build . ) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$src/krender.differs" ]; then
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1 (krender.differs)"
		elif ! grep -qF -- "$(head -n 1 "$src/krender.differs")" "$tmp/err"; then
			why="stderr lacks: $(head -n 1 "$src/krender.differs"): $(head -c 300 "$tmp/err")"
		fi
	elif [ -f "$src/expected.yaml" ]; then
		if [ "$rc" -ne 0 ]; then why="exit $rc: $(head -c 300 "$tmp/err")"
		elif ! cmp -s "$tmp/out" "$src/expected.yaml"; then
			why="output differs: $(diff "$src/expected.yaml" "$tmp/out" | head -n 6 | tr '\n' '|')"
		fi
	elif [ -f "$src/expected.err" ]; then
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1"
		elif ! grep -qF -- "$(head -n 1 "$src/expected.match")" "$tmp/err"; then
			why="stderr lacks: $(head -n 1 "$src/expected.match"): $(head -c 300 "$tmp/err")"
		fi
	else
		why="case has no expected.yaml or expected.err"
	fi
	if [ -n "$(ls "${TMPDIR:-/tmp}" | grep '^krender-git-')" ]; then
		why="${why:+$why; }temporary checkout left behind"
	fi
	if [ -z "$why" ]; then echo "ok $n - remote/$c"; else echo "not ok $n - remote/$c"; echo "# $why"; fi
done
