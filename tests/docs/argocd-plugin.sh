#!/usr/bin/env bash
# argocd-plugin.sh - docs/argocd-plugin.md followed step by step (TAP): its
# shell blocks run as written (tests/docs/run-doc.sh) with krender on PATH,
# then the rendered repo-server is checked for the sidecar the doc promises.
set -u
krender=${KRENDER:-./krender}
bindir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
echo "1..3"
export PATH="$bindir:$PATH" KRENDER_SRC="$top"
# keep the work directory: the checks below read what the steps wrote
DOC_KEEP="$tmp/work" bash "$top/tests/docs/run-doc.sh" "$top/docs/argocd-plugin.md" >"$tmp/out" 2>&1
rc=$?
result "docs/argocd-plugin.md: every step works as written" "$([ $rc = 0 ] || tail -n 5 "$tmp/out" | tr '\n' '|')"
r=$tmp/work/argocd/rendered.yaml
result "the repo-server gets the krender sidecar (CMP server, user 999, the doc's image)" "$(python3 - "$r" <<'PY' 2>&1
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
dep = [d for d in docs if d["kind"] == "Deployment"][0]
c = {x["name"]: x for x in dep["spec"]["template"]["spec"]["containers"]}
bad = []
if set(c) != {"argocd-repo-server", "krender"}: bad.append("containers %s" % sorted(c))
else:
    k = c["krender"]
    if k["image"] != "registry.example.com/krender-cmp:0.1.0": bad.append("image " + k["image"])
    if k["command"] != ["/var/run/argocd/argocd-cmp-server"]: bad.append("command")
    if k["securityContext"]["runAsUser"] != 999: bad.append("user")
vols = {v["name"] for v in dep["spec"]["template"]["spec"]["volumes"]}
if not {"var-files", "plugins", "krender-cmp-plugin", "krender-tmp"} <= vols: bad.append("volumes %s" % sorted(vols))
print(" ".join(bad))
PY
)"
result "the plugin.yaml ConfigMap is generated" "$(grep -q 'name: krender-cmp-plugin' "$r" && grep -q 'kind: ConfigManagementPlugin' "$r" || echo missing)"
