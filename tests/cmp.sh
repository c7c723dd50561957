#!/usr/bin/env bash
# cmp.sh - krender as an ArgoCD config-management plugin, run exactly as the
# CMP server runs it (shared/spec/argocd.md 5): the repository is tarred
# (tar.gz, .git left out, as the repo-server streams it), unpacked into a
# fresh temporary directory, and `krender cmp CMD` runs in the app directory
# with only the sidecar's environment (PATH, HOME) plus the build
# environment and parameters of the case (testdata/cmp/cases/*/env:
# ARGOCD_APP_*, KUBE_*, ARGOCD_APP_PARAMETERS, PARAM_*). Expected manifests
# come from tests/regen-cmp.sh (kubectl kustomize over the kustomization as
# ArgoCD's `kustomize edit` leaves it). Also checks contrib/argocd-cmp.
set -u
krender=${KRENDER:-./krender}
krender=$(cd "$(dirname "$krender")" && pwd)/$(basename "$krender")
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-cmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/cmp/cases" && ls -d */ | tr -d /)
echo "1..$(($(echo "$cases" | wc -w) + 7))"
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"

# the repository as the repo-server sends it: a tar.gz of the checkout without .git
git -c init.defaultBranch=main init -q "$tmp/checkout" && cp -R "$top/testdata/cmp/repo/." "$tmp/checkout/"
tar -C "$tmp/checkout" --exclude=.git -czf "$tmp/repo.tar.gz" .
cmp_run() { # cmp_run CASE-DIR: run as the sidecar does; stdout, stderr and rc in $tmp/out, $tmp/err, $rc
	local dir=$1 work
	work=$(mktemp -d "$tmp/sidecar.XXXXXX")
	tar -C "$work" -xzf "$tmp/repo.tar.gz"
	local envs=()
	mapfile -t envs <"$dir/env"
	(cd "$work/$(cat "$dir/app")" && env -i PATH="$PATH" HOME="$work" "${envs[@]}" \
		"$krender" cmp "$(cat "$dir/cmd" 2>/dev/null || echo generate)" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	rm -rf "$work"
}
for c in $cases; do
	dir="$top/testdata/cmp/cases/$c"
	cmp_run "$dir"
	want_rc=$(cat "$dir/expected.rc" 2>/dev/null || { [ -f "$dir/expected.err" ] && echo 1; } || echo 0)
	why=""
	if [ "$rc" != "$want_rc" ]; then why="exit $rc, want $want_rc: $(head -c 300 "$tmp/err")"
	elif [ -f "$dir/expected.err" ]; then
		if [ -s "$tmp/out" ]; then why="output on failure"
		elif ! grep -qF -- "$(cat "$dir/expected.err")" "$tmp/err"; then why="stderr lacks '$(cat "$dir/expected.err")': $(head -c 300 "$tmp/err")"; fi
	elif [ -f "$dir/expected.out" ]; then
		cmp -s "$dir/expected.out" "$tmp/out" || why="stdout differs: $(head -c 200 "$tmp/out")"
	elif ! cmp -s "$dir/expected.yaml" "$tmp/out"; then
		why="output differs: $(diff "$dir/expected.yaml" "$tmp/out" | head -n 8 | tr '\n' '|')"
	fi
	result "$c" "$why"
done

# dynamic parameters: a JSON list of announcements, the kustomization's values as defaults
mkdir -p "$tmp/p" && printf 'resources: []\nnamePrefix: "team-\\"a\\"-"\n' >"$tmp/p/kustomization.yaml"
(cd "$tmp/p" && env -i PATH="$PATH" "$krender" cmp parameters >"$tmp/out" 2>"$tmp/err")
rc=$?
result "parameters: a JSON list naming every parameter, defaults from the kustomization" "$(
	[ $rc = 0 ] || echo "exit $rc"
	jq -e 'map(.name) == ["type","name-prefix","name-suffix","namespace","images","replicas","common-labels","common-annotations","force-common-labels","force-common-annotations","components","recurse","include","exclude","source"]' "$tmp/out" >/dev/null || echo "names: $(head -c 300 "$tmp/out")"
	jq -e '.[] | select(.name == "name-prefix") | .string == "team-\"a\"-"' "$tmp/out" >/dev/null || echo "no default prefix"
	jq -e 'all(.[]; .collectionType == "string" or .collectionType == "array" or .collectionType == "map")' "$tmp/out" >/dev/null || echo "bad collectionType")"

# the plugin files: plugin.yaml is a ConfigManagementPlugin whose commands are ours
plugin=$top/contrib/argocd-cmp/plugin.yaml
result "contrib: plugin.yaml is a ConfigManagementPlugin v2" "$(python3 - "$plugin" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
s = d.get("spec", {})
bad = []
if d.get("apiVersion") != "argoproj.io/v1alpha1" or d.get("kind") != "ConfigManagementPlugin": bad.append("kind")
if not d.get("metadata", {}).get("name"): bad.append("name")
if s.get("generate", {}).get("command", [None])[0] is None: bad.append("generate")
if "krender" not in " ".join(s.get("generate", {}).get("command", []) + s.get("generate", {}).get("args", [])): bad.append("generate runs krender")
if "cmp discover" not in " ".join(s.get("discover", {}).get("find", {}).get("command", {}).get("command", []) + s.get("discover", {}).get("find", {}).get("command", {}).get("args", [])): bad.append("discover")
if "cmp parameters" not in " ".join(s.get("parameters", {}).get("dynamic", {}).get("command", []) + s.get("parameters", {}).get("dynamic", {}).get("args", [])): bad.append("parameters")
print(" ".join(bad))
PY
)"
result "contrib: the repo-server patch adds the sidecar with the CMP server and plugin.yaml" "$(python3 - "$top/contrib/argocd-cmp/argocd-repo-server-patch.yaml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
spec = d["spec"]["template"]["spec"]
c = [x for x in spec["containers"] if x["name"] != "argocd-repo-server"]
bad = []
if len(c) != 1: bad.append("one sidecar")
else:
    c = c[0]
    if c.get("command") != ["/var/run/argocd/argocd-cmp-server"]: bad.append("entrypoint")
    if c.get("securityContext", {}).get("runAsUser") != 999: bad.append("runAsUser 999")
    mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
    for p in ("/var/run/argocd", "/home/argocd/cmp-server/plugins", "/home/argocd/cmp-server/config/plugin.yaml", "/tmp"):
        if p not in mounts: bad.append("mount " + p)
print(" ".join(bad))
PY
)"
result "contrib: the sidecar image installs krender and its helpers" "$(grep -q 'krender-git' "$top/contrib/argocd-cmp/Dockerfile" && grep -q 'USER 999' "$top/contrib/argocd-cmp/Dockerfile" || echo "Dockerfile lacks krender-git or USER 999")"

# generate's stdout is exactly what `krender app` prints for the same app, less tracking and namespaces
cmp_run "$top/testdata/cmp/cases/kustomize-parameters-json"
result "generate prints a YAML stream only, nothing on stderr" "$( [ -s "$tmp/err" ] && head -c 200 "$tmp/err")"
(cd "$tmp" && env -i PATH="$PATH" "$krender" cmp frobnicate >/dev/null 2>&1)
rc=$?
result "an unknown subcommand exits 2" "$([ $rc = 2 ] || echo "exit $rc")"

# the repository copy is a jail: an override file that is a symbolic link out of it is refused, never read
mkdir -p "$tmp/jail/repo/app" && printf 'resources:\n- cm.yaml\n' >"$tmp/jail/repo/app/kustomization.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' >"$tmp/jail/repo/app/cm.yaml"
printf 'kustomize:\n  namePrefix: leaked-\n' >"$tmp/jail/outside.yaml"
ln -s "$tmp/jail/outside.yaml" "$tmp/jail/repo/app/.argocd-source.yaml"
(cd "$tmp/jail/repo/app" && env -i PATH="$PATH" ARGOCD_APP_NAME=a ARGOCD_APP_NAMESPACE=argocd ARGOCD_APP_SOURCE_PATH=app \
	ARGOCD_APP_SOURCE_REPO_URL=https://git.example/r.git "$krender" cmp generate) >"$tmp/out" 2>"$tmp/err"
rc=$?
result "a symbolic link out of the repository copy is refused (exit 1, named), nothing printed" \
	"$([ $rc = 1 ] && [ ! -s "$tmp/out" ] && grep -q '.argocd-source.yaml: it resolves outside the repository' "$tmp/err" ||
		echo "exit $rc: $(head -c 200 "$tmp/out" "$tmp/err")")"
