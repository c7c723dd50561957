#!/bin/sh
# cli.sh - the krender command line contract (TAP): help, version, exit
# codes, -o written atomically, nothing on stdout when a render fails, and
# the bundled example renders exactly as kubectl kustomize printed it.
set -u
top=${top_srcdir:-.}
krender=${KRENDER:-./krender}
tmp=${TMPDIR:-/tmp}/krender-cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
n=0
check() { # check NAME COMMAND...: ok when the command succeeds
	name=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
splits=$(cd "$top/testdata/split" && ls -d */ | sed 's,/$,,')
echo "1..$((15 + $(echo "$splits" | wc -l) + 1))"
check "--help exits 0 and names build" sh -c "'$krender' --help | grep -q 'build DIR'"
check "build --help lists --load-restrictor" sh -c "'$krender' build --help | grep -q -- '--load-restrictor'"
check "--version names kustomize v5.5.0" sh -c "'$krender' --version | grep -q 'v5.5.0'"
check "no command exits 2" sh -c "'$krender'; test \$? -eq 2"
check "unknown command exits 2" sh -c "'$krender' frobnicate; test \$? -eq 2"
check "unknown option exits 2" sh -c "'$krender' build --frob x; test \$? -eq 2"
check "bad --limit exits 2" sh -c "'$krender' build --limit nope=1 '$top/examples/ml-platform/base'; test \$? -eq 2"
check "missing directory exits 1" sh -c "'$krender' build '$tmp/nope'; test \$? -eq 1"
mkdir -p "$tmp/bad"
printf 'resources: [missing.yaml]\n' >"$tmp/bad/kustomization.yaml"
check "failed render prints nothing on stdout" sh -c "'$krender' build '$tmp/bad' >'$tmp/o' 2>'$tmp/e'; test \$? -eq 1 && test ! -s '$tmp/o' && grep -q 'kustomization.yaml:1:' '$tmp/e'"
check "failed render leaves no -o file" sh -c "'$krender' build '$tmp/bad' -o '$tmp/out.yaml'; test \$? -eq 1 && test ! -e '$tmp/out.yaml'"
for env in dev staging prod; do
	check "examples/ml-platform/overlays/$env matches kubectl kustomize" sh -c \
		"'$krender' build '$top/examples/ml-platform/overlays/$env' | cmp -s - '$top/examples/ml-platform/expected/$env.yaml'"
done
check "-o writes the same bytes as stdout" sh -c \
	"'$krender' build '$top/examples/ml-platform/overlays/prod' -o '$tmp/p.yaml' && cmp -s '$tmp/p.yaml' '$top/examples/ml-platform/expected/prod.yaml'"
for c in $splits; do
	rm -rf "$tmp/split" && mkdir "$tmp/split"
	check "-o DIR writes the files kubectl writes: $c" sh -c \
		"'$krender' build '$top/testdata/split/$c' -o '$tmp/split' && diff -r '$tmp/split' '$top/testdata/split/$c/expected'"
done
rm -rf "$tmp/split" && mkdir "$tmp/split"
check "-o DIR writes nothing when the render fails" sh -c \
	"'$krender' build '$tmp/bad' -o '$tmp/split'; test \$? -eq 1 && test -z \"\$(ls -A '$tmp/split')\""
mkdir -p "$tmp/helm"
printf 'helmCharts:\n- name: chart\n  version: 1.0.0\n' >"$tmp/helm/kustomization.yaml"
check "--enable-helm without a helm binary gives kustomize's error" sh -c \
	"PATH=/nonexistent '$krender' build --enable-helm '$tmp/helm' 2>'$tmp/he'; test \$? -eq 1 && grep -q 'executable file not found' '$tmp/he'"
