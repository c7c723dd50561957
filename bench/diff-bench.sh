#!/usr/bin/env bash
# diff-bench.sh - krender diff on N desired vs N live Deployments (default
# 10,000) with 5 ignore rules, 2 of them jq (run by the krender-jq helper). Live objects carry server fields, status and a sidecar; one in ten
# differs. Runs on one core (taskset -c 0: krender and krender-jq share it)
# and prints hyperfine's figures (or one `time` run without it).
# Usage: bench/diff-bench.sh [N] [KRENDER]
set -eu
n=${1:-10000}
krender=${2:-./krender}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-diff-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$n" "$tmp" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(f"{d}/desired.yaml", "w") as w, open(f"{d}/live.yaml", "w") as l:
    l.write("apiVersion: v1\nkind: List\nitems:\n")
    for i in range(n):
        w.write(f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{i % 50}
  labels: {{app: app-{i}, team: t{i % 50}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: app-{i}}}}}
  template:
    metadata: {{labels: {{app: app-{i}}}}}
    spec:
      containers:
      - name: main
        image: registry.example.com/app-{i}:1.{i % 7}
        resources: {{limits: {{cpu: 0.5, memory: 512Mi}}, requests: {{cpu: 0.1, memory: 128Mi}}}}
        env: [{{name: MODE, value: prod}}, {{name: ID, value: "{i}"}}]
""")
        img = f"1.{i % 7}" if i % 10 else "0.9"
        l.write(f"""- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-{i}
    namespace: team-{i % 50}
    labels: {{app: app-{i}, team: t{i % 50}}}
    uid: 00000000-0000-4000-8000-{i:012d}
    resourceVersion: "{1000 + i}"
    generation: 3
    creationTimestamp: "2026-11-01T00:00:00Z"
    annotations: {{deployment.kubernetes.io/revision: "3"}}
  spec:
    replicas: {5 if i % 3 == 0 else 2}
    progressDeadlineSeconds: 600
    revisionHistoryLimit: 10
    selector: {{matchLabels: {{app: app-{i}}}}}
    strategy: {{type: RollingUpdate, rollingUpdate: {{maxSurge: 25%, maxUnavailable: 25%}}}}
    template:
      metadata: {{labels: {{app: app-{i}}}}}
      spec:
        containers:
        - name: main
          image: registry.example.com/app-{i}:{img}
          imagePullPolicy: IfNotPresent
          resources: {{limits: {{cpu: 500m, memory: 512Mi}}, requests: {{cpu: 100m, memory: 128Mi}}}}
          env: [{{name: MODE, value: prod}}, {{name: ID, value: "{i}"}}]
          terminationMessagePath: /dev/termination-log
        - name: istio-proxy
          image: istio/proxyv2:1.20
        dnsPolicy: ClusterFirst
  status: {{replicas: 2, availableReplicas: 2, observedGeneration: 3}}
""")
with open(f"{d}/app.yaml", "w") as a:
    a.write("""apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: bench}
spec:
  destination: {namespace: default}
  ignoreDifferences:
  - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
  - {group: apps, kind: Deployment, jqPathExpressions: ['.metadata.annotations']}
  - {group: "*", kind: "*", jsonPointers: [/metadata/labels/team]}
  - {group: apps, kind: Deployment, jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "istio-proxy")']}
  - {kind: ConfigMap, jsonPointers: [/data]}
""")
PY
ls -la "$tmp" | awk '{print $5, $9}' | grep yaml
cmd="$krender diff $tmp/desired.yaml --live $tmp/live.yaml --app $tmp/app.yaml -o json --exit-code=false"
if command -v taskset >/dev/null; then cmd="taskset -c 0 $cmd"; fi
if command -v hyperfine >/dev/null; then
	hyperfine -N -w 1 -r "${RUNS:-10}" --export-json "$tmp/h.json" "$cmd"
	jq -r '.results[0] | "one core: min \(.min * 1000 | floor) ms, median \(.median * 1000 | floor) ms, mean \(.mean * 1000 | floor) ms over \(.times | length) runs"' "$tmp/h.json"
else
	time $cmd >/dev/null
fi
$cmd | jq -r '.resources | group_by(.status) | map("\(.[0].status): \(length)") | join(", ")'
