#!/usr/bin/env bash
# install.sh - the README's "Set up" and "Use" steps with an installed krender
# (TAP): `make install` into a scratch DESTDIR puts the program, the kubectl
# plugin, the helpers, the man pages and the completions in place, and the
# installed krender renders the bundled example exactly as kubectl kustomize
# printed it (examples/ml-platform/expected).
set -u
krender=${KRENDER:-./krender}
builddir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
echo "1..4"
make -s -C "$builddir" install DESTDIR="$tmp/inst" >"$tmp/log" 2>&1
rc=$?
prefix=$(sed -n 's/^prefix = //p' "$builddir/Makefile")
root=$tmp/inst$prefix
missing=""
for f in bin/krender bin/kubectl-krender libexec/krender/krender-git libexec/krender/krender-jq \
	share/man/man1/krender.1 share/man/man1/krender-apply.1 share/bash-completion/completions/krender \
	share/zsh/vendor-completions/_krender; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
result "make install puts every part in place" "$([ $rc = 0 ] || tail -n 3 "$tmp/log")$missing"
check "the installed krender renders the README's example byte for byte" "differs" \
	sh -c "'$root/bin/krender' build '$top/examples/ml-platform/overlays/prod' | cmp -s - '$top/examples/ml-platform/expected/prod.yaml'"
check "kubectl krender runs the installed krender" "$(PATH="$root/bin:$PATH" kubectl-krender --version 2>&1)" \
	sh -c "PATH='$root/bin':\$PATH kubectl-krender version --output json | grep -q '\"version\"'"
check "man finds the installed pages" "no page" man -M "$root/share/man" -w krender-preview
