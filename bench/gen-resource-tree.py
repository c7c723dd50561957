#!/usr/bin/env python3
"""Generate a synthetic, resource-only kustomize tree for benchmarking.

    gen-resource-tree.py OUTDIR [--mb 10] [--seed 1]

The tree looks like the manifests of a (fictional) ML platform: Deployments
with several containers, env lists, resources, probes and volumes; Services;
ConfigMaps with multi-line block-scalar data; Secrets; StatefulSets;
Jobs/CronJobs; HPAs, PDBs, NetworkPolicies, Ingresses; RBAC; CRDs and
custom resources (PyTorchJob, RayCluster, InferenceService, ServiceMonitor,
PrometheusRule, Argo Workflow, Notebook).  Resources average ~4 KB each and
are spread over many multi-document files in a few sub-directories; every
sub-directory has its own kustomization.yaml (only `resources:`), and the top
kustomization.yaml lists the sub-directories.

The input deliberately uses a mixture of YAML styles that real manifests
have: plain, single- and double-quoted scalars, quoted look-alikes ("true",
"1.0", "8080"), literal and folded block scalars with every chomping
indicator, flow sequences and mappings, comments, both sequence indentation
styles, long strings (> 80 chars) and a little non-ASCII text.

Output is a pure function of (--mb, --seed) and this script: the same
arguments always produce byte-identical trees.  All resource ids
(kind/namespace/name) are unique.  A summary is written to
OUTDIR/.bench-meta.json (not referenced by any kustomization).

MB here means 10^6 bytes; the target counts every file written (YAML only).
Only the Python standard library is used.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import re
import shutil
import sys

# --------------------------------------------------------------------------
# A tiny YAML emitter with explicit style control.
# --------------------------------------------------------------------------


class Q:
    """A string scalar forced to a quoting style: '"' or "'"."""

    __slots__ = ("s", "q")

    def __init__(self, s, q='"'):
        self.s = s
        self.q = q


class Block:
    """A block scalar.  ind is '|' or '>', chomp is '', '-' or '+'."""

    __slots__ = ("text", "ind", "chomp")

    def __init__(self, text, ind="|", chomp=""):
        self.text = text
        self.ind = ind
        self.chomp = chomp


class Flow:
    """A list or dict emitted in flow style on one line."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


class LC:
    """A scalar followed by a line comment."""

    __slots__ = ("v", "c")

    def __init__(self, v, c):
        self.v = v
        self.c = c


class C:
    """A comment line; use as a dict key (value ignored)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


_RESERVED = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
}
_PLAIN_OK = re.compile(r"^[A-Za-z/][A-Za-z0-9 _./=+()$:,@%<>-]*$")
_PLAIN_NUMLIKE_OK = re.compile(
    r"^(?:[0-9]+(?:Ki|Mi|Gi|Ti|m|k|M|G)|[0-9]+\.[0-9]+\.[0-9]+(?:[-+][A-Za-z0-9.]+)?)$")
_FLOW_PLAIN_OK = re.compile(r"^[A-Za-z/][A-Za-z0-9_./=-]*$")


def _plain_ok(s, flow=False):
    if s == "" or s.lower() in _RESERVED:
        return False
    if flow:
        return bool(_FLOW_PLAIN_OK.match(s))
    if _PLAIN_NUMLIKE_OK.match(s):
        return True
    if not _PLAIN_OK.match(s[2:] if s.startswith("--") and len(s) > 2 else s):
        return False
    if ": " in s or " #" in s or s.endswith(":") or s.endswith(" "):
        return False
    return True


def _dq(s):
    return json.dumps(s, ensure_ascii=False)


def _sq(s):
    return "'" + s.replace("'", "''") + "'"


def scalar(v, flow=False):
    if isinstance(v, Q):
        return _sq(v.s) if v.q == "'" and "\n" not in v.s else _dq(v.s)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return v if _plain_ok(v, flow) else _dq(v)
    if isinstance(v, Flow):
        return flow_node(v.v)
    raise TypeError("not a scalar: %r" % (v,))


def flow_node(v):
    if isinstance(v, list):
        return "[" + ", ".join(flow_node(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (scalar(k, True), flow_node(x))
                               for k, x in v.items()) + "}"
    return scalar(v, flow=True)


def _block_lines(b, indent):
    text = b.text
    header = b.ind
    first = text.split("\n", 1)[0]
    if first.startswith(" ") or first.startswith("\t"):
        header += "2"
    header += b.chomp
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    out = []
    for ln in body.split("\n"):
        out.append(pad + ln if ln else "")
    return header, out


def _is_scalarish(v):
    return not isinstance(v, (dict, list)) or (isinstance(v, (dict, list)) and not v)


class Emitter:
    def __init__(self, seq_indent=2):
        self.seq_indent = seq_indent  # 0: "key:\n- a"; 2: "key:\n  - a"
        self.lines = []

    def _val_inline(self, v):
        if isinstance(v, LC):
            return scalar(v.v) + "  # " + v.c
        if isinstance(v, dict) and not v:
            return "{}"
        if isinstance(v, list) and not v:
            return "[]"
        return scalar(v)

    def mapping(self, d, indent, first_prefix=None):
        pad = " " * indent
        first = True
        for k, v in d.items():
            prefix = pad
            if first and first_prefix is not None:
                prefix = first_prefix
            if isinstance(k, C):
                # A comment never consumes a sequence entry's "- ".
                self.lines.append(pad + "# " + k.text)
                continue
            first = False
            key = scalar(k)
            if isinstance(v, Block):
                header, body = _block_lines(v, indent + 2)
                self.lines.append("%s%s: %s" % (prefix, key, header))
                self.lines.extend(body)
            elif isinstance(v, dict) and v:
                self.lines.append("%s%s:" % (prefix, key))
                self.mapping(v, indent + 2)
            elif isinstance(v, list) and v:
                self.lines.append("%s%s:" % (prefix, key))
                self.sequence(v, indent + self.seq_indent)
            else:
                self.lines.append("%s%s: %s" % (prefix, key, self._val_inline(v)))

    def sequence(self, items, indent):
        pad = " " * indent
        for it in items:
            if isinstance(it, dict) and it:
                self.mapping(it, indent + 2, first_prefix=pad + "- ")
            elif isinstance(it, list) and it:
                self.lines.append(pad + "-")
                self.sequence(it, indent + 2)
            elif isinstance(it, Block):
                header, body = _block_lines(it, indent + 2)
                self.lines.append(pad + "- " + header)
                self.lines.extend(body)
            else:
                self.lines.append(pad + "- " + self._val_inline(it))

    def document(self, d):
        self.lines = []
        self.mapping(d, 0)
        return "\n".join(self.lines) + "\n"


# --------------------------------------------------------------------------
# Vocabulary.
# --------------------------------------------------------------------------

TEAMS = ["search", "ads", "recsys", "nlp", "vision", "speech", "fraud",
         "pricing", "ranking", "forecast", "chat", "ocr", "translate",
         "safety", "growth", "risk", "geo", "catalog", "identity", "billing"]
COMPONENTS = ["feature-store", "model-registry", "trainer", "inference",
              "tokenizer", "embedding", "vector-db", "notebook", "pipeline",
              "scheduler", "autoscaler", "gateway", "metrics", "annotator",
              "data-loader", "etl", "spark-driver", "ray-head", "triton",
              "vllm", "tgi", "mlflow", "airflow", "kafka-bridge", "redis",
              "minio", "postgres", "tensorboard", "evaluator", "batch-scorer",
              "drift-monitor", "prompt-cache", "reranker", "retriever",
              "ingest", "exporter", "label-sync", "quota-agent"]
AREAS = {
    # area: (namespaces, weight)
    "training": (["ml-training", "ml-experiments", "ml-hpo"], 26),
    "serving": (["ml-serving", "ml-serving-canary", "edge-inference"], 30),
    "data": (["data-platform", "feature-store", "data-ingest"], 22),
    "monitoring": (["monitoring", "observability"], 12),
    "platform": (["ml-platform", "kubeflow", "ray-system"], 10),
}
LANGS = ["python", "go", "java", "rust", "node"]
WORDS = ("the a model batch feature vector shard replica gradient tensor "
         "checkpoint warmup epoch dataset token cache latency throughput "
         "quota budget node pool gpu cpu memory queue worker leader shuffle "
         "partition window stream offset commit retry backoff deadline "
         "schema column embedding index recall precision drift baseline "
         "rollout canary traffic split shadow mirror region zone").split()
UNICODE_BITS = ["café", "naïve", "Zürich", "résumé", "日本語", "München",
                "façade", "coöperate", "½ ratio", "±5%", "→ next", "µs"]


def h(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def sentence(rng, lo=6, hi=18, unicode=0.0):
    ws = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if unicode and rng.random() < unicode:
        ws.insert(rng.randrange(len(ws) + 1), rng.choice(UNICODE_BITS))
    s = " ".join(ws)
    return s[0].upper() + s[1:] + "."


def long_sentence(rng):
    s = sentence(rng, 16, 30, unicode=0.15)
    while len(s) <= 90:
        s += " " + sentence(rng, 6, 12)
    return s


def image(rng, team, comp):
    repo = "registry.example.com/%s/%s" % (team, comp)
    if rng.random() < 0.25:
        return repo + "@sha256:" + h(rng, 64)
    return "%s:%d.%d.%d" % (repo, rng.randint(0, 4), rng.randint(0, 30),
                            rng.randint(0, 99))


def cpu(rng):
    return rng.choice(["50m", "100m", "250m", "500m", "750m", "1", "2", "4",
                       "8", "1500m", Q("2"), 1, 2, 4])


def mem(rng):
    return rng.choice(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi",
                       "4Gi", "8Gi", "16Gi", "32Gi", "1536Mi", "64Gi"])


# --------------------------------------------------------------------------
# Resource builders.  Each returns an ordered dict (the document).
# --------------------------------------------------------------------------


class Gen:
    def __init__(self, rng):
        self.rng = rng

    # -- shared pieces ------------------------------------------------------

    def labels(self, app, team, comp, extra=0):
        r = self.rng
        d = {
            "app.kubernetes.io/name": comp,
            "app.kubernetes.io/instance": app,
            "app.kubernetes.io/part-of": "ml-platform",
            "team": team,
        }
        if r.random() < 0.5:
            d["app.kubernetes.io/version"] = Q("%d.%d.%d" % (
                r.randint(0, 3), r.randint(0, 20), r.randint(0, 50)),
                r.choice(['"', "'"]))
        if r.random() < 0.3:
            d["app.kubernetes.io/managed-by"] = "kustomize"
        for i in range(extra):
            d["ml.example.com/%s" % r.choice(["tier", "cost-center", "owner",
                                              "env", "track"])
              + ("-%d" % i if i else "")] = r.choice(
                ["gold", "silver", "bronze", "prod", "staging", "cc-%04d" % r.randint(0, 9999)])
        return d

    def annotations(self, r, kind="pod"):
        a = {}
        if kind == "pod" and r.random() < 0.7:
            a["prometheus.io/scrape"] = Q("true")
            a["prometheus.io/port"] = Q(str(r.choice([8080, 9090, 9100, 8000])))
            a["prometheus.io/path"] = "/metrics"
        if r.random() < 0.5:
            a["checksum/config"] = h(r, 64)
        if r.random() < 0.5:
            a["ml.example.com/description"] = long_sentence(r)
        if r.random() < 0.15:
            a["ml.example.com/runbook"] = Q("https://runbooks.example.com/ml/%s#%s" % (
                h(r, 8), r.choice(WORDS)), "'")
        if r.random() < 0.15:
            a["ml.example.com/config-json"] = json.dumps(
                {"batch": r.randint(1, 512), "lr": r.choice([0.1, 0.001, 3e-4]),
                 "warmup": r.random() < 0.5, "tags": [r.choice(WORDS), r.choice(WORDS)]},
                separators=(",", ":"))
        return a

    def env(self, r, app, n):
        out = []
        names = set()
        for i in range(n):
            while True:
                name = "%s_%s" % (r.choice(WORDS).upper(), r.choice(
                    ["ENABLED", "URL", "TIMEOUT", "SIZE", "RATIO", "LEVEL",
                     "PATH", "OPTS", "MODE", "PORT", "THREADS", "HOST", "ID"]))
                if name not in names:
                    names.add(name)
                    break
            p = r.random()
            if p < 0.12:
                e = {"name": name, "valueFrom": {"secretKeyRef": {
                    "name": app + "-secrets", "key": name.lower().replace("_", "-")}}}
                if r.random() < 0.3:
                    e["valueFrom"]["secretKeyRef"]["optional"] = True
            elif p < 0.22:
                e = {"name": name, "valueFrom": {"configMapKeyRef": {
                    "name": app + "-config", "key": name}}}
            elif p < 0.27:
                e = {"name": name, "valueFrom": {"fieldRef": {
                    "fieldPath": r.choice(["metadata.namespace", "metadata.name",
                                           "status.podIP", "spec.nodeName"])}}}
            elif p < 0.30:
                e = {"name": name, "valueFrom": {"resourceFieldRef": {
                    "resource": r.choice(["limits.cpu", "limits.memory", "requests.cpu"]),
                    "divisor": r.choice(["1", "1Mi", "1m", Q("1")])}}}
            else:
                v = self.env_value(r, name, app)
                e = {"name": name, "value": v}
            out.append(e)
        return out

    def env_value(self, r, name, app):
        if name.endswith("_ENABLED"):
            return Q(r.choice(["true", "false", "True", "yes", "no", "on", "1", "0"]),
                     r.choice(['"', '"', "'"]))
        if name.endswith("_RATIO"):
            return Q(r.choice(["1.0", "0.5", "0.25", "1e-3", "0.001", ".5", "1.", "100"]))
        if name.endswith("_PORT"):
            return Q(str(r.choice([80, 443, 8080, 8443, 9000, 9090, 6379, 5432])))
        if name.endswith(("_TIMEOUT", "_SIZE", "_THREADS")):
            return Q(str(r.choice([1, 4, 8, 16, 30, 60, 128, 512, 1024, 4096])),
                     r.choice(['"', "'"]))
        if name.endswith("_URL"):
            return "http://%s.%s.svc.cluster.local:%d/%s" % (
                app, r.choice(["ml-serving", "data-platform", "monitoring"]),
                r.choice([80, 8080, 9000]), r.choice(WORDS))
        if name.endswith("_OPTS"):
            s = ("-Xms%dg -Xmx%dg -XX:+UseG1GC -XX:MaxGCPauseMillis=%d "
                 "-Dfile.encoding=UTF-8 -Djava.net.preferIPv4Stack=true "
                 "-XX:+ExitOnOutOfMemoryError -Dlog4j2.formatMsgNoLookups=true" % (
                     r.randint(1, 4), r.randint(4, 16), r.choice([100, 200, 500])))
            return s if r.random() < 0.5 else Q(s)
        if name.endswith("_LEVEL"):
            return r.choice(["info", "debug", "warn", "error", Q("INFO"), "trace"])
        if name.endswith("_PATH"):
            return r.choice(["/data/%s" % r.choice(WORDS), "/models/%s/%s" % (
                r.choice(WORDS), h(r, 12)), "s3://ml-artifacts/%s/%s/" % (app, h(r, 8))])
        if name.endswith("_MODE"):
            return r.choice(["fast", "safe", "strict", Q("null"), Q("~"), Q("off"), ""])
        if name.endswith("_ID"):
            return Q(r.choice(["%d" % r.randint(0, 10**9), "0x%X" % r.randint(0, 2**20),
                               "0%o" % r.randint(8, 4096), "1_000", "12:30",
                               "2024-01-%02d" % r.randint(1, 28)]))
        return r.choice([sentence(r, 2, 5), r.choice(WORDS), Q(sentence(r, 3, 8), "'"),
                         "%s,%s,%s" % (r.choice(WORDS), r.choice(WORDS), r.choice(WORDS))])

    def resources(self, r, gpu=False):
        req = {"cpu": cpu(r), "memory": mem(r)}
        lim = {"cpu": cpu(r), "memory": mem(r)}
        if r.random() < 0.2:
            req["ephemeral-storage"] = r.choice(["1Gi", "10Gi", "50Gi"])
        if gpu:
            lim["nvidia.com/gpu"] = r.choice([1, 2, 4, 8, Q("1")])
        if r.random() < 0.1:
            return {"requests": Flow(req)}
        return {"limits": lim, "requests": req}

    def probe(self, r, port):
        p = r.random()
        if p < 0.5:
            pr = {"httpGet": {"path": r.choice(["/healthz", "/readyz", "/livez",
                                                 "/v2/health/ready", "/ping"]),
                              "port": r.choice([port, "http", "metrics"])}}
            if r.random() < 0.2:
                pr["httpGet"]["httpHeaders"] = [{"name": "X-Probe", "value": Q("true")}]
        elif p < 0.8:
            pr = {"tcpSocket": {"port": port}}
        else:
            cmd = ["sh", "-c", "curl -fsS http://localhost:%d/healthz || exit 1" % port]
            pr = {"exec": {"command": Flow(cmd) if r.random() < 0.5 else cmd}}
        pr["initialDelaySeconds"] = r.choice([0, 5, 10, 15, 30, 60])
        pr["periodSeconds"] = r.choice([5, 10, 15, 30])
        if r.random() < 0.6:
            pr["timeoutSeconds"] = r.choice([1, 2, 3, 5])
            pr["failureThreshold"] = r.choice([3, 5, 10, 30])
        if r.random() < 0.3:
            pr["successThreshold"] = 1
        return pr

    def container(self, r, app, team, comp, name, main=True, gpu=False, vols=()):
        port = r.choice([8080, 8000, 9000, 50051, 5000, 8888])
        c = {"name": name, "image": image(r, team, comp if main else name)}
        if r.random() < 0.7:
            c["imagePullPolicy"] = r.choice(["IfNotPresent", "Always"])
        if main or r.random() < 0.4:
            lang = r.choice(LANGS)
            if lang == "python":
                cmd = ["python", "-m", "%s.%s" % (comp.replace("-", "_"), r.choice(["serve", "main", "worker"]))]
            elif lang == "java":
                cmd = ["java", "-jar", "/app/%s.jar" % comp]
            else:
                cmd = ["/usr/local/bin/%s" % comp]
            c["command"] = Flow(cmd) if r.random() < 0.4 else cmd
            args = []
            for _ in range(r.randint(1, 8)):
                a = "--%s-%s=%s" % (r.choice(WORDS), r.choice(WORDS), r.choice(
                    ["true", "false", str(r.randint(1, 1000)), "$(POD_NAME)",
                     r.choice(WORDS), "0.%d" % r.randint(1, 99)]))
                args.append(a)
            if r.random() < 0.1:
                args.append("--extra-flags=" + " ".join(
                    "--%s" % r.choice(WORDS) for _ in range(14)))
            c["args"] = args
        ports = [{"name": "http" if main else "metrics", "containerPort": port,
                  "protocol": "TCP"}]
        if main and r.random() < 0.5:
            ports.append({"name": "metrics", "containerPort": 9090})
        c["ports"] = ports
        n_env = r.randint(6, 30) if main else r.randint(0, 8)
        if n_env:
            c["env"] = self.env(r, app, n_env)
        if main and r.random() < 0.4:
            ef = [{"configMapRef": {"name": app + "-config"}}]
            if r.random() < 0.5:
                ef.append({"secretRef": {"name": app + "-secrets"}, "prefix": "SECRET_"})
            c["envFrom"] = ef
        c["resources"] = self.resources(r, gpu and main)
        if main or r.random() < 0.5:
            c["livenessProbe"] = self.probe(r, port)
            c["readinessProbe"] = self.probe(r, port)
        if main and r.random() < 0.2:
            c["startupProbe"] = self.probe(r, port)
        if vols:
            vm = []
            for v in vols:
                m = {"name": v, "mountPath": "/%s/%s" % (r.choice(["etc", "data", "var/run", "mnt"]), v)}
                if r.random() < 0.3:
                    m["readOnly"] = True
                if r.random() < 0.1:
                    m["subPath"] = r.choice(WORDS) + ".yaml"
                vm.append(m)
            c["volumeMounts"] = vm
        if r.random() < 0.5:
            sc = {"runAsNonRoot": True, "runAsUser": r.choice([1000, 65532, 10001]),
                  "allowPrivilegeEscalation": False}
            if r.random() < 0.5:
                sc["capabilities"] = {"drop": Flow(["ALL"]) if r.random() < 0.5 else ["ALL"]}
            if r.random() < 0.3:
                sc["readOnlyRootFilesystem"] = True
            c["securityContext"] = sc
        if r.random() < 0.1:
            c["lifecycle"] = {"preStop": {"exec": {"command": [
                "/bin/sh", "-c", "sleep %d" % r.choice([5, 10, 15])]}}}
        return c

    def volumes(self, r, app):
        vols = []
        names = []
        for kind in r.sample(["config", "secrets", "cache", "models", "shm", "tls", "scratch"],
                             r.randint(1, 5)):
            if kind == "config":
                v = {"name": "config", "configMap": {"name": app + "-config"}}
                if r.random() < 0.5:
                    v["configMap"]["defaultMode"] = r.choice([420, 0o644, 493])
                if r.random() < 0.3:
                    v["configMap"]["items"] = [{"key": "config.yaml", "path": "config.yaml"}]
            elif kind == "secrets":
                v = {"name": "secrets", "secret": {"secretName": app + "-secrets"}}
                if r.random() < 0.5:
                    v["secret"]["defaultMode"] = 256
            elif kind == "cache":
                v = {"name": "cache", "emptyDir": {}}
            elif kind == "shm":
                v = {"name": "shm", "emptyDir": {"medium": "Memory", "sizeLimit": r.choice(["1Gi", "8Gi", "16Gi"])}}
            elif kind == "models":
                v = {"name": "models", "persistentVolumeClaim": {"claimName": app + "-models"}}
                if r.random() < 0.4:
                    v["persistentVolumeClaim"]["readOnly"] = True
            elif kind == "tls":
                v = {"name": "tls", "projected": {"sources": [
                    {"secret": {"name": app + "-tls", "items": [
                        {"key": "tls.crt", "path": "tls.crt"},
                        {"key": "tls.key", "path": "tls.key", "mode": 0o600}]}},
                    {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600,
                                             "audience": "vault"}}]}}
            else:
                v = {"name": "scratch", "emptyDir": {"sizeLimit": "20Gi"}}
            vols.append(v)
            names.append(v["name"])
        return vols, names

    def pod_spec(self, r, app, team, comp, gpu=False, restart=None):
        vols, vnames = self.volumes(r, app)
        spec = {}
        if r.random() < 0.8:
            spec["serviceAccountName"] = app
        cs = [self.container(r, app, team, comp, comp if len(comp) < 40 else "main",
                             True, gpu, vnames)]
        for sc in r.sample(["envoy", "fluent-bit", "otel-collector", "vault-agent",
                            "cloud-sql-proxy", "istio-proxy", "log-shipper"],
                           r.choice([0, 1, 1, 2, 2, 3])):
            cs.append(self.container(r, app, team, comp, sc, False, False,
                                     r.sample(vnames, min(len(vnames), r.randint(0, 2)))))
        if r.random() < 0.3:
            spec["initContainers"] = [{
                "name": "init-" + r.choice(["migrate", "download-model", "wait-deps"]),
                "image": image(r, team, "init"),
                "command": ["sh", "-c"],
                "args": [Block("set -euo pipefail\n"
                               "until nc -z %s 5432; do echo waiting; sleep 2; done\n"
                               "echo \"ready: $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)\"\n" % (
                                   app + "-db"), "|", r.choice(["", "-"]))],
                "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}}}]
        spec["containers"] = cs
        if restart:
            spec["restartPolicy"] = restart
        if r.random() < 0.6:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
            if gpu:
                spec["nodeSelector"]["nvidia.com/gpu.product"] = r.choice(
                    ["NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3", "Tesla-T4"])
        if gpu or r.random() < 0.2:
            spec["tolerations"] = [
                {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
            if r.random() < 0.5:
                spec["tolerations"].append({"key": "dedicated", "operator": "Equal",
                                            "value": team, "effect": "NoExecute",
                                            "tolerationSeconds": 300})
        if r.random() < 0.5:
            spec["affinity"] = {
                "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                    "weight": 100, "podAffinityTerm": {
                        "labelSelector": {"matchLabels": {"app.kubernetes.io/instance": app}},
                        "topologyKey": "kubernetes.io/hostname"}}]}}
            if r.random() < 0.5:
                spec["affinity"]["nodeAffinity"] = {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
                        "matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In",
                                              "values": ["us-east-1a", "us-east-1b", "us-east-1c"]}]}]}}
        if r.random() < 0.3:
            spec["topologySpreadConstraints"] = [{
                "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": {"app.kubernetes.io/instance": app}}}]
        if r.random() < 0.4:
            spec["securityContext"] = {"fsGroup": 2000, "runAsNonRoot": True,
                                       "seccompProfile": {"type": "RuntimeDefault"}}
        if r.random() < 0.3:
            spec["terminationGracePeriodSeconds"] = r.choice([30, 60, 120])
        if r.random() < 0.2:
            spec["priorityClassName"] = r.choice(["ml-high", "ml-batch", "system-cluster-critical"])
        if r.random() < 0.2:
            spec["imagePullSecrets"] = [{"name": "registry-credentials"}]
        spec["volumes"] = vols
        return spec

    def meta(self, name, ns, labels=None, ann=None):
        m = {"name": name}
        if ns:
            m["namespace"] = ns
        if labels:
            m["labels"] = labels
        if ann:
            m["annotations"] = ann
        return m

    # -- kinds --------------------------------------------------------------

    def deployment(self, app, ns, team, comp, gpu):
        r = self.rng
        lab = self.labels(app, team, comp, r.randint(0, 2))
        sel = {"app.kubernetes.io/name": comp, "app.kubernetes.io/instance": app}
        d = {}
        if r.random() < 0.2:
            d[C("%s %s — %s" % (team, comp, sentence(r, 4, 9)))] = None
        d.update({"apiVersion": "apps/v1", "kind": "Deployment",
                  "metadata": self.meta(app, ns, lab, self.annotations(r, "obj")),
                  "spec": {}})
        sp = d["spec"]
        sp["replicas"] = LC(r.choice([1, 2, 3, 4, 6, 8]), "managed by HPA") if r.random() < 0.1 \
            else r.choice([1, 2, 3, 4, 6, 8])
        if r.random() < 0.3:
            sp["revisionHistoryLimit"] = r.choice([3, 5, 10])
        sp["selector"] = {"matchLabels": sel}
        if r.random() < 0.5:
            sp["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {
                "maxSurge": r.choice(["25%", 1, 0]), "maxUnavailable": r.choice(["25%", 0, 1])}}
        sp["template"] = {"metadata": {"labels": dict(lab), "annotations": self.annotations(r)},
                          "spec": self.pod_spec(r, app, team, comp, gpu)}
        if not sp["template"]["metadata"]["annotations"]:
            del sp["template"]["metadata"]["annotations"]
        return d

    def statefulset(self, app, ns, team, comp):
        r = self.rng
        lab = self.labels(app, team, comp)
        sel = {"app.kubernetes.io/instance": app}
        ps = self.pod_spec(r, app, team, comp, r.random() < 0.2)
        d = {"apiVersion": "apps/v1", "kind": "StatefulSet",
             "metadata": self.meta(app, ns, lab),
             "spec": {"serviceName": app + "-headless", "replicas": r.choice([1, 3, 5]),
                      "podManagementPolicy": r.choice(["OrderedReady", "Parallel"]),
                      "selector": {"matchLabels": sel},
                      "template": {"metadata": {"labels": dict(lab)}, "spec": ps},
                      "volumeClaimTemplates": [{
                          "metadata": {"name": "data"},
                          "spec": {"accessModes": Flow(["ReadWriteOnce"]) if r.random() < 0.5
                                   else ["ReadWriteOnce"],
                                   "storageClassName": r.choice(["gp3", "premium-rwo", "local-nvme"]),
                                   "resources": {"requests": {"storage": r.choice(
                                       ["10Gi", "100Gi", "500Gi", "1Ti"])}}}}]}}
        ps["containers"][0].setdefault("volumeMounts", []).append(
            {"name": "data", "mountPath": "/var/lib/" + comp})
        if r.random() < 0.3:
            d["spec"]["updateStrategy"] = {"type": "RollingUpdate",
                                           "rollingUpdate": {"partition": 0}}
        return d

    def service(self, app, ns, team, comp, headless=False):
        r = self.rng
        name = app + ("-headless" if headless else "")
        ports = [{"name": "http", "port": r.choice([80, 8080, 443]),
                  "targetPort": r.choice(["http", 8080, 8000]), "protocol": "TCP"}]
        if r.random() < 0.5:
            ports.append({"name": "metrics", "port": 9090, "targetPort": "metrics"})
        if r.random() < 0.2:
            ports.append({"name": "grpc", "port": 50051, "targetPort": 50051,
                          "appProtocol": "grpc"})
        spec = {"selector": {"app.kubernetes.io/instance": app}, "ports": ports}
        if headless:
            spec["clusterIP"] = "None"
            spec["publishNotReadyAddresses"] = True
        else:
            spec["type"] = r.choice(["ClusterIP", "ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"])
            if spec["type"] == "LoadBalancer":
                spec["loadBalancerSourceRanges"] = ["10.0.0.0/8", "192.168.0.0/16"]
                spec["externalTrafficPolicy"] = "Local"
        ann = {}
        if r.random() < 0.3:
            ann["service.beta.kubernetes.io/aws-load-balancer-internal"] = Q("true")
        if r.random() < 0.2:
            ann["ml.example.com/description"] = long_sentence(r)
        return {"apiVersion": "v1", "kind": "Service",
                "metadata": self.meta(name, ns, self.labels(app, team, comp), ann), "spec": spec}

    def configmap(self, name, ns, team, comp, app):
        r = self.rng
        data = {}
        lo = {}
        # simple key-values, with look-alike strings
        for k in r.sample(["LOG_LEVEL", "FEATURE_FLAGS_ENABLED", "BATCH_SIZE", "LEARNING_RATE",
                           "MAX_SEQ_LEN", "ratio", "DEBUG", "WORKERS", "TIMEOUT", "REGION",
                           "MODEL_VERSION", "EMPTY", "NULLISH", "OCTAL_MODE", "TIME"],
                          r.randint(3, 10)):
            lo[k] = {
                "LOG_LEVEL": r.choice(["info", "debug", "WARN"]),
                "FEATURE_FLAGS_ENABLED": Q(r.choice(["true", "false", "yes", "on"])),
                "BATCH_SIZE": Q(str(r.choice([16, 32, 64, 128]))),
                "LEARNING_RATE": Q(r.choice(["1.0e-4", "3e-4", "0.001", "1.0"])),
                "MAX_SEQ_LEN": Q(str(r.choice([512, 2048, 4096, 8192])), "'"),
                "ratio": Q("1.0"),
                "DEBUG": Q(r.choice(["false", "False", "0", "n"])),
                "WORKERS": Q(r.choice(["4", "0x10", "010", "+8", "-1"])),
                "TIMEOUT": r.choice(["30s", "5m", "1h30m", Q("90")]),
                "REGION": r.choice(["us-east-1", "eu-west-1", Q("no")]),
                "MODEL_VERSION": Q(r.choice(["1.10", "2.0", "3.14", "1e5", ".inf", "NaN"])),
                "EMPTY": Q(""),
                "NULLISH": Q(r.choice(["null", "~", "Null", "NULL"])),
                "OCTAL_MODE": Q(r.choice(["0644", "0o755", "0777"])),
                "TIME": Q(r.choice(["12:30:00", "2024-05-01", "2024-05-01T10:00:00Z"])),
            }[k]
        files = r.sample(["config.yaml", "logging.json", "app.properties", "entrypoint.sh",
                          "model_config.pbtxt", "nginx.conf", "README.md", "query.sql"],
                         r.randint(3, 6))
        for f in files:
            data[f] = self.file_block(r, f, app, comp)
        if name.endswith("-dashboards"):
            data["%s-overview.json" % comp] = self.dashboard(r, app, comp)
        if r.random() < 0.15:
            data["long-line.txt"] = Q(" ".join(long_sentence(r) for _ in range(3)))
        if r.random() < 0.1:
            data["motd"] = "  leading and trailing spaces  "
        if r.random() < 0.05:
            data["with-tab.tsv"] = Block("id\tname\tscore\n1\t%s\t0.5\n2\t%s\t1.0\n" % (
                r.choice(WORDS), r.choice(WORDS)))
        if r.random() < 0.04:
            data["trailing-ws.txt"] = Block("line with trailing space \nnext line\n")
        if r.random() < 0.04:
            data["indented.txt"] = Block("  indented first line\nnot indented\n")
        keys = list(lo.items()) + list(data.items())
        r.shuffle(keys)
        d = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": self.meta(name, ns, self.labels(app, team, comp)),
             "data": dict(keys)}
        if r.random() < 0.05:
            d["binaryData"] = {"model.bin": base64.b64encode(
                bytes(r.getrandbits(8) for _ in range(r.randint(30, 300)))).decode()}
        if r.random() < 0.05:
            d["immutable"] = True
        return d

    def dashboard(self, r, app, comp):
        panels = []
        for i in range(r.randint(4, 12)):
            panels.append({
                "id": i + 1, "type": r.choice(["timeseries", "stat", "heatmap", "table"]),
                "title": "%s %s" % (comp, sentence(r, 2, 4)),
                "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "targets": [{"expr": "histogram_quantile(0.%d, sum by (le) (rate(%s_%s_seconds_bucket{namespace=\"$namespace\", app=\"%s\"}[$__rate_interval])))" % (
                    r.choice([5, 9, 99]), comp.replace("-", "_"), r.choice(WORDS), app),
                    "legendFormat": "{{pod}}", "refId": "A"}],
                "fieldConfig": {"defaults": {"unit": r.choice(["s", "percentunit", "reqps", "bytes"]),
                                             "thresholds": {"mode": "absolute", "steps": [
                                                 {"color": "green", "value": None},
                                                 {"color": "red", "value": r.choice([0.5, 1, 80])}]}},
                                "overrides": []}})
        obj = {"title": "%s / %s" % (app, comp), "uid": h(r, 9), "schemaVersion": 39,
               "time": {"from": "now-6h", "to": "now"}, "refresh": "30s",
               "templating": {"list": [{"name": "namespace", "type": "query",
                                        "query": "label_values(up, namespace)"}]},
               "panels": panels}
        return Block(json.dumps(obj, indent=2 if r.random() < 0.7 else None) + "\n", "|",
                     r.choice(["", "-"]))

    def file_block(self, r, f, app, comp):
        chomp = r.choice(["", "", "-", "+"])
        if f == "config.yaml":
            lines = ["server:", "  port: %d" % r.choice([8080, 9000]),
                     "  workers: %d" % r.randint(1, 32),
                     "  # %s" % sentence(r, 3, 8),
                     "model:", "  name: %s" % comp,
                     "  path: /models/%s/%s" % (app, h(r, 8)),
                     "  precision: %s" % r.choice(["fp16", "bf16", "int8", "fp32"]),
                     "  max_batch_size: %d" % r.choice([1, 8, 32, 64]),
                     "  warmup: %s" % r.choice(["true", "false"]),
                     "features:"]
            for _ in range(r.randint(8, 40)):
                lines.append("  - name: %s_%s" % (r.choice(WORDS), r.choice(WORDS)))
                lines.append("    dtype: %s" % r.choice(["float32", "int64", "string"]))
                lines.append("    default: %s" % r.choice(["0", "\"\"", "null", "1.0"]))
            text = "\n".join(lines) + "\n"
        elif f == "logging.json":
            obj = {"version": 1, "disable_existing_loggers": False,
                   "formatters": {"json": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
                   "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json",
                                            "level": r.choice(["INFO", "DEBUG"])}},
                   "loggers": {w: {"level": r.choice(["INFO", "WARNING"]), "propagate": False}
                               for w in r.sample(WORDS, r.randint(2, 8))}}
            text = json.dumps(obj, indent=2) + "\n"
        elif f == "app.properties":
            lines = ["# generated for %s" % app]
            for _ in range(r.randint(10, 40)):
                lines.append("%s.%s.%s=%s" % (comp.replace("-", "."), r.choice(WORDS), r.choice(WORDS),
                                              r.choice(["true", "false", str(r.randint(0, 10000)),
                                                        r.choice(WORDS), "${ENV_%s}" % r.choice(WORDS).upper()])))
            text = "\n".join(lines) + "\n"
        elif f == "entrypoint.sh":
            text = ("#!/bin/bash\nset -euo pipefail\n\n"
                    "# %s\n"
                    "export MODEL_DIR=\"${MODEL_DIR:-/models/%s}\"\n"
                    "if [[ ! -d \"$MODEL_DIR\" ]]; then\n"
                    "  echo \"model dir missing: $MODEL_DIR\" >&2\n"
                    "  exit 1\n"
                    "fi\n\n"
                    "for i in $(seq 1 %d); do\n"
                    "  echo \"warmup $i\"\n"
                    "done\n"
                    "exec python -m %s.serve --port=%d \"$@\"\n") % (
                        sentence(r, 5, 12), comp, r.randint(1, 5), comp.replace("-", "_"),
                        r.choice([8080, 8000]))
        elif f == "model_config.pbtxt":
            text = ("name: \"%s\"\nplatform: \"%s\"\nmax_batch_size: %d\n"
                    "input [\n  {\n    name: \"INPUT__0\"\n    data_type: TYPE_FP32\n"
                    "    dims: [ %d, %d ]\n  }\n]\n"
                    "output [\n  {\n    name: \"OUTPUT__0\"\n    data_type: TYPE_FP32\n"
                    "    dims: [ %d ]\n  }\n]\n"
                    "instance_group [ { count: %d, kind: KIND_GPU } ]\n"
                    "dynamic_batching { max_queue_delay_microseconds: %d }\n") % (
                        comp, r.choice(["pytorch_libtorch", "onnxruntime_onnx", "tensorrt_plan"]),
                        r.choice([8, 16, 64]), r.choice([3, 1]), r.choice([224, 512]),
                        r.choice([1000, 768]), r.randint(1, 4), r.choice([100, 500, 1000]))
        elif f == "nginx.conf":
            text = ("worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n"
                    "  upstream backend {\n    server 127.0.0.1:%d;\n    keepalive 32;\n  }\n"
                    "  server {\n    listen 80;\n    client_max_body_size 0;\n"
                    "    location / {\n      proxy_pass http://backend;\n"
                    "      proxy_set_header Host $host;\n"
                    "      proxy_read_timeout %ds;\n    }\n"
                    "    location /healthz { return 200 'ok'; }\n  }\n}\n") % (
                        r.choice([8080, 8000]), r.choice([60, 300, 3600]))
        elif f == "README.md":
            paras = []
            for _ in range(r.randint(2, 4)):
                paras.append(sentence(r, 20, 40, unicode=0.3))
            text = "# %s\n\n%s\n" % (comp, "\n\n".join(paras))
            if r.random() < 0.5:
                return Block(text, ">", r.choice(["", "-"]))
        else:
            text = ("SELECT %s,\n       %s,\n       count(*) AS n\nFROM %s.%s\n"
                    "WHERE ds >= '{{ ds }}'\n  AND %s IS NOT NULL\nGROUP BY 1, 2\n"
                    "ORDER BY n DESC\nLIMIT %d;\n") % (
                        r.choice(WORDS), r.choice(WORDS), r.choice(TEAMS), r.choice(WORDS),
                        r.choice(WORDS), r.choice([100, 1000]))
        if chomp == "+":
            text += "\n"
        return Block(text, "|", chomp)

    def secret(self, name, ns, team, comp, app, tls=False):
        r = self.rng
        if tls:
            blob = bytes(r.getrandbits(8) for _ in range(r.randint(700, 1400)))
            pem = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % (
                base64.b64encode(blob).decode())
            key = bytes(r.getrandbits(8) for _ in range(r.randint(400, 900)))
            return {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                    "metadata": self.meta(name, ns, self.labels(app, team, comp)),
                    "data": {"tls.crt": base64.b64encode(pem.encode()).decode(),
                             "tls.key": base64.b64encode(key).decode()}}
        d = {"apiVersion": "v1", "kind": "Secret",
             "metadata": self.meta(name, ns, self.labels(app, team, comp)),
             "type": "Opaque"}
        if r.random() < 0.7:
            d["data"] = {"%s-%s" % (r.choice(WORDS), r.choice(["token", "password", "key", "dsn"])):
                         base64.b64encode(bytes(r.getrandbits(8) for _ in range(r.randint(8, 64)))).decode()
                         for _ in range(r.randint(1, 6))}
        else:
            d["stringData"] = {"DATABASE_URL": "postgres://%s:%s@%s-db:5432/%s?sslmode=require" % (
                comp, h(r, 16), app, r.choice(WORDS)),
                "API_TOKEN": Q(h(r, 40), "'")}
        return d

    def service_account(self, app, ns, team, comp):
        r = self.rng
        d = {"apiVersion": "v1", "kind": "ServiceAccount",
             "metadata": self.meta(app, ns, self.labels(app, team, comp))}
        if r.random() < 0.3:
            d["metadata"]["annotations"] = {
                "eks.amazonaws.com/role-arn": "arn:aws:iam::%012d:role/%s-%s" % (
                    r.randint(0, 10**12 - 1), ns, app)}
        if r.random() < 0.1:
            d["automountServiceAccountToken"] = False
        return d

    def rules(self, r, n):
        out = []
        for _ in range(n):
            g = r.choice([[""], ["apps"], ["batch"], ["kubeflow.org"], ["ray.io"],
                          ["serving.kserve.io"], ["monitoring.coreos.com"], ["", "apps"]])
            res = r.sample(["pods", "pods/log", "services", "configmaps", "secrets", "jobs",
                            "deployments", "statefulsets", "pytorchjobs", "rayclusters",
                            "inferenceservices", "servicemonitors", "events", "endpoints"],
                           r.randint(1, 5))
            verbs = r.sample(["get", "list", "watch", "create", "update", "patch", "delete"],
                             r.randint(1, 7))
            rule = {"apiGroups": Flow(g) if r.random() < 0.5 else g,
                    "resources": res, "verbs": Flow(verbs) if r.random() < 0.5 else verbs}
            if r.random() < 0.1:
                rule["resourceNames"] = [r.choice(WORDS) + "-" + h(r, 4)]
            out.append(rule)
        return out

    def role(self, app, ns, team, comp, cluster=False):
        r = self.rng
        d = {"apiVersion": "rbac.authorization.k8s.io/v1",
             "kind": "ClusterRole" if cluster else "Role",
             "metadata": self.meta(app, None if cluster else ns, self.labels(app, team, comp)),
             "rules": self.rules(r, r.randint(1, 8))}
        if cluster and r.random() < 0.3:
            d["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-view"] = Q("true")
        return d

    def binding(self, app, ns, team, comp, cluster=False):
        return {"apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding" if cluster else "RoleBinding",
                "metadata": self.meta(app, None if cluster else ns, self.labels(app, team, comp)),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io",
                            "kind": "ClusterRole" if cluster else "Role", "name": app},
                "subjects": [{"kind": "ServiceAccount", "name": app, "namespace": ns}]}

    def hpa(self, app, ns, team, comp):
        r = self.rng
        metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": r.choice([50, 60, 70, 80])}}}]
        if r.random() < 0.5:
            metrics.append({"type": "Pods", "pods": {
                "metric": {"name": "inference_queue_depth"},
                "target": {"type": "AverageValue", "averageValue": r.choice(["10", "500m", Q("30")])}}})
        return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app},
                         "minReplicas": r.choice([1, 2, 3]), "maxReplicas": r.choice([10, 20, 50]),
                         "metrics": metrics}}

    def pdb(self, app, ns, team, comp):
        r = self.rng
        spec = {"selector": {"matchLabels": {"app.kubernetes.io/instance": app}}}
        if r.random() < 0.5:
            spec["minAvailable"] = r.choice([1, 2, "50%"])
        else:
            spec["maxUnavailable"] = r.choice([1, "25%"])
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)), "spec": spec}

    def netpol(self, app, ns, team, comp):
        r = self.rng
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/instance": app}},
                         "policyTypes": ["Ingress", "Egress"] if r.random() < 0.5 else ["Ingress"],
                         "ingress": [{"from": [
                             {"namespaceSelector": {"matchLabels": {
                                 "kubernetes.io/metadata.name": r.choice(["ml-serving", "monitoring", "istio-system"])}}},
                             {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "ml-platform"}}}],
                             "ports": [{"protocol": "TCP", "port": r.choice([8080, 9090, 50051])}]}]}}

    def ingress(self, app, ns, team, comp):
        r = self.rng
        host = "%s.%s.ml.example.com" % (app, team)
        return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": self.meta(app, ns, self.labels(app, team, comp), {
                    "nginx.ingress.kubernetes.io/proxy-body-size": Q("0"),
                    "nginx.ingress.kubernetes.io/ssl-redirect": Q("true"),
                    "nginx.ingress.kubernetes.io/proxy-read-timeout": Q("3600"),
                    "cert-manager.io/cluster-issuer": "letsencrypt-prod"}),
                "spec": {"ingressClassName": "nginx",
                         "tls": [{"hosts": [host], "secretName": app + "-tls"}],
                         "rules": [{"host": host, "http": {"paths": [{
                             "path": r.choice(["/", "/v1", "/api/(.*)"]),
                             "pathType": r.choice(["Prefix", "ImplementationSpecific"]),
                             "backend": {"service": {"name": app, "port": {"number": 80}}}}]}}]}}

    def job_spec(self, r, app, team, comp, gpu):
        return {"backoffLimit": r.choice([0, 3, 6]),
                "ttlSecondsAfterFinished": r.choice([3600, 86400]),
                "template": {"metadata": {"labels": {"app.kubernetes.io/instance": app}},
                             "spec": self.pod_spec(r, app, team, comp, gpu, "OnFailure")}}

    def cronjob(self, app, ns, team, comp):
        r = self.rng
        return {"apiVersion": "batch/v1", "kind": "CronJob",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"schedule": r.choice(["*/15 * * * *", "0 3 * * *", "@hourly", "30 */6 * * 1-5"]),
                         "concurrencyPolicy": r.choice(["Forbid", "Replace", "Allow"]),
                         "successfulJobsHistoryLimit": 3,
                         "jobTemplate": {"spec": self.job_spec(r, app, team, comp, False)}}}

    def job(self, app, ns, team, comp):
        r = self.rng
        return {"apiVersion": "batch/v1", "kind": "Job",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": self.job_spec(r, app, team, comp, r.random() < 0.3)}

    def pytorchjob(self, app, ns, team, comp):
        r = self.rng
        def rs(n):
            return {"replicas": n, "restartPolicy": "OnFailure",
                    "template": {"metadata": {"annotations": {"sidecar.istio.io/inject": Q("false")}},
                                 "spec": self.pod_spec(r, app, team, "pytorch", True)}}
        return {"apiVersion": "kubeflow.org/v1", "kind": "PyTorchJob",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"runPolicy": {"cleanPodPolicy": "None", "ttlSecondsAfterFinished": 86400},
                         "elasticPolicy": {"rdzvBackend": "c10d", "minReplicas": 1,
                                           "maxReplicas": r.choice([4, 8, 16])},
                         "pytorchReplicaSpecs": {"Master": rs(1), "Worker": rs(r.choice([2, 4, 8]))}}}

    def raycluster(self, app, ns, team, comp):
        r = self.rng
        head = self.pod_spec(r, app, team, "ray", False)
        groups = []
        for i in range(r.randint(1, 3)):
            groups.append({"groupName": "%s-%d" % (r.choice(["cpu", "gpu", "highmem"]), i),
                           "replicas": r.randint(1, 8), "minReplicas": 0,
                           "maxReplicas": r.choice([8, 16, 64]),
                           "rayStartParams": {"num-gpus": Q(str(r.choice([0, 1, 8]))),
                                              "resources": Q('{"accel": %d}' % r.randint(1, 4), "'")},
                           "template": {"spec": self.pod_spec(r, app, team, "ray", i > 0)}})
        return {"apiVersion": "ray.io/v1", "kind": "RayCluster",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"rayVersion": Q("2.%d.0" % r.randint(5, 40)), "enableInTreeAutoscaling": True,
                         "headGroupSpec": {"serviceType": "ClusterIP",
                                           "rayStartParams": {"dashboard-host": Q("0.0.0.0"),
                                                              "block": Q("true")},
                                           "template": {"spec": head}},
                         "workerGroupSpecs": groups}}

    def inferenceservice(self, app, ns, team, comp):
        r = self.rng
        d = {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
             "metadata": self.meta(app, ns, self.labels(app, team, comp), {
                 "serving.kserve.io/deploymentMode": r.choice(["RawDeployment", "Serverless"]),
                 "autoscaling.knative.dev/target": Q(str(r.choice([1, 10, 100])))}),
             "spec": {"predictor": {
                 "minReplicas": r.choice([0, 1, 2]), "maxReplicas": r.choice([4, 10]),
                 "model": {"modelFormat": {"name": r.choice(["pytorch", "onnx", "sklearn", "xgboost", "huggingface"])},
                           "storageUri": "s3://ml-models/%s/%s/%s" % (team, comp, h(r, 12)),
                           "runtimeVersion": Q("%d.%d" % (r.randint(0, 2), r.randint(0, 12))),
                           "args": ["--max_length=%d" % r.choice([512, 4096]), "--dtype=bfloat16"],
                           "resources": self.resources(r, True)}}}}
        if r.random() < 0.4:
            d["spec"]["transformer"] = {"containers": [self.container(
                r, app, team, comp, "transformer", False)]}
        return d

    def servicemonitor(self, app, ns, team, comp):
        r = self.rng
        return {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"selector": {"matchLabels": {"app.kubernetes.io/instance": app}},
                         "namespaceSelector": {"matchNames": [ns]},
                         "endpoints": [{"port": "metrics", "interval": r.choice(["15s", "30s", "1m"]),
                                        "path": "/metrics", "scrapeTimeout": "10s",
                                        "metricRelabelings": [{
                                            "sourceLabels": Flow(["__name__"]),
                                            "regex": Q("(go_|process_).*", "'"),
                                            "action": "drop"}]}]}}

    def prometheusrule(self, app, ns, team, comp):
        r = self.rng
        rules = []
        for i in range(r.randint(2, 8)):
            expr = ("sum by (namespace, pod) (\n  rate(%s_%s_total{job=\"%s\", code=~\"5..\"}[5m])\n)\n"
                    "/\nsum by (namespace, pod) (\n  rate(%s_%s_total{job=\"%s\"}[5m])\n) > %s\n") % (
                        comp.replace("-", "_"), r.choice(WORDS), app, comp.replace("-", "_"),
                        r.choice(WORDS), app, r.choice(["0.05", "0.01", "0.1"]))
            rules.append({"alert": "%s%s%d" % (comp.title().replace("-", ""), r.choice(
                ["HighErrorRate", "LatencyHigh", "QueueBacklog", "GPUUnderutilized"]), i),
                "expr": Block(expr, "|", r.choice(["", "-"])),
                "for": r.choice(["5m", "10m", "1h"]),
                "labels": {"severity": r.choice(["warning", "critical", "info"]), "team": team},
                "annotations": {
                    "summary": Q("{{ $labels.pod }} in {{ $labels.namespace }} is failing"),
                    "description": Block(sentence(r, 20, 40) + " Value: {{ $value | humanizePercentage }}.\n"
                                         + sentence(r, 10, 20) + "\n", ">", r.choice(["", "-"])),
                    "runbook_url": "https://runbooks.example.com/alerts/%s" % h(r, 10)}})
        return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"groups": [{"name": app + ".rules", "interval": "30s", "rules": rules}]}}

    def workflow(self, app, ns, team, comp):
        r = self.rng
        tmpls = [{"name": "main", "dag": {"tasks": []}}]
        prev = None
        for i in range(r.randint(2, 5)):
            step = "%s-%d" % (r.choice(["extract", "transform", "train", "evaluate", "publish"]), i)
            t = {"name": step, "template": step}
            if prev:
                t["dependencies"] = [prev]
            if r.random() < 0.3:
                t["arguments"] = {"parameters": [{"name": "date", "value": "{{workflow.parameters.date}}"}]}
            tmpls[0]["dag"]["tasks"].append(t)
            prev = step
            tmpls.append({"name": step, "script": {
                "image": image(r, team, "workflow"), "command": ["python"],
                "source": Block("import json, os, sys\n\n"
                                "def main():\n"
                                "    cfg = json.loads(os.environ.get('CFG', '{}'))\n"
                                "    # %s\n"
                                "    for k, v in sorted(cfg.items()):\n"
                                "        print(f\"{k}={v}\")\n"
                                "    return %d\n\n"
                                "if __name__ == '__main__':\n"
                                "    sys.exit(main())\n" % (sentence(r, 4, 10), r.randint(0, 1))),
                "resources": self.resources(r, False)}})
        return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
                "metadata": self.meta(app, ns, self.labels(app, team, comp)),
                "spec": {"entrypoint": "main", "serviceAccountName": app,
                         "arguments": {"parameters": [{"name": "date", "value": Q("2024-01-01")}]},
                         "templates": tmpls}}

    def notebook(self, app, ns, team, comp):
        r = self.rng
        return {"apiVersion": "kubeflow.org/v1", "kind": "Notebook",
                "metadata": self.meta(app, ns, self.labels(app, team, comp), {
                    "notebooks.kubeflow.org/last-activity": Q("2024-0%d-1%dT08:00:00Z" % (
                        r.randint(1, 9), r.randint(0, 9)))}),
                "spec": {"template": {"spec": self.pod_spec(r, app, team, "jupyter", r.random() < 0.5)}}}

    def crd(self, idx):
        r = self.rng
        group = "%s.ml.example.com" % r.choice(TEAMS)
        kind = "%s%s%d" % (r.choice(["Feature", "Model", "Dataset", "Pipeline", "Experiment"]),
                           r.choice(["Set", "Version", "Run", "Spec", "Policy"]), idx)
        plural = kind.lower() + "s"

        def schema(depth):
            props = {}
            for _ in range(r.randint(3, 8 if depth < 2 else 4)):
                name = r.choice(WORDS) + r.choice(["", "Name", "Count", "Spec", "Ref", "Config"])
                if name in props:
                    continue
                t = r.choice(["string", "integer", "boolean", "object", "array", "string"])
                p = {"description": long_sentence(r) if r.random() < 0.6 else sentence(r), "type": t}
                if t == "object" and depth < 3:
                    p["properties"] = schema(depth + 1)
                elif t == "object":
                    p["x-kubernetes-preserve-unknown-fields"] = True
                elif t == "array":
                    p["items"] = {"type": "string"}
                elif t == "integer":
                    p["format"] = "int32"
                    p["minimum"] = 0
                elif t == "string" and r.random() < 0.3:
                    p["enum"] = r.sample(["Auto", "Manual", "Never", "Always", "OnFailure"], 3)
                props[name] = p
            return props

        versions = []
        for vi, v in enumerate(["v1alpha1", "v1beta1", "v1"][:r.randint(1, 3)]):
            versions.append({"name": v, "served": True, "storage": False,
                             "subresources": {"status": {}},
                             "additionalPrinterColumns": [
                                 {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
                                 {"name": "Phase", "type": "string", "jsonPath": ".status.phase"}],
                             "schema": {"openAPIV3Schema": {
                                 "description": long_sentence(r), "type": "object",
                                 "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                                                "metadata": {"type": "object"},
                                                "spec": {"type": "object", "properties": schema(0)},
                                                "status": {"type": "object", "properties": schema(1)}}}}})
        versions[-1]["storage"] = True
        return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": "%s.%s" % (plural, group),
                             "annotations": {"controller-gen.kubebuilder.io/version": "v0.14.0"}},
                "spec": {"group": group, "names": {"kind": kind, "listKind": kind + "List",
                                                   "plural": plural, "singular": kind.lower()},
                         "scope": "Namespaced", "versions": versions}}

    def namespace(self, ns):
        r = self.rng
        return {"apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": ns, "labels": {
                    "kubernetes.io/metadata.name": ns,
                    "istio-injection": r.choice(["enabled", "disabled"]),
                    "pod-security.kubernetes.io/enforce": "baseline"}}}

    def quota(self, ns):
        r = self.rng
        return {"apiVersion": "v1", "kind": "ResourceQuota",
                "metadata": {"name": ns + "-quota", "namespace": ns},
                "spec": {"hard": {"requests.cpu": Q(str(r.choice([100, 200, 500]))),
                                  "requests.memory": r.choice(["500Gi", "1Ti"]),
                                  "requests.nvidia.com/gpu": Q(str(r.choice([8, 16, 64]))),
                                  "pods": Q("1000")}}}

    # -- bundles ------------------------------------------------------------

    def bundle(self, area, idx):
        """One 'application': a small group of related resources."""
        r = self.rng
        team = r.choice(TEAMS)
        comp = r.choice(COMPONENTS)
        app = "%s-%s-%04d" % (team, comp, idx)
        ns = r.choice(AREAS[area][0])
        docs = []
        gpu = area in ("training", "serving") and r.random() < 0.4
        if area == "serving":
            if r.random() < 0.3:
                docs.append(self.service_account(app, ns, team, comp))
            docs.append(self.configmap(app + "-config", ns, team, comp, app))
            if r.random() < 0.3:
                docs.append(self.secret(app + "-secrets", ns, team, comp, app))
            docs.append(self.deployment(app, ns, team, comp, gpu))
            docs.append(self.service(app, ns, team, comp))
            if r.random() < 0.5:
                docs.append(self.hpa(app, ns, team, comp))
            if r.random() < 0.4:
                docs.append(self.pdb(app, ns, team, comp))
            if r.random() < 0.3:
                docs.append(self.inferenceservice(app, ns, team, comp))
            if r.random() < 0.2:
                docs.append(self.ingress(app, ns, team, comp))
                docs.append(self.secret(app + "-tls", ns, team, comp, app, tls=True))
            if r.random() < 0.3:
                docs.append(self.netpol(app, ns, team, comp))
        elif area == "training":
            if r.random() < 0.3:
                docs.append(self.service_account(app, ns, team, comp))
            docs.append(self.configmap(app + "-config", ns, team, comp, app))
            p = r.random()
            if p < 0.35:
                docs.append(self.pytorchjob(app, ns, team, comp))
            elif p < 0.55:
                docs.append(self.raycluster(app, ns, team, comp))
            elif p < 0.75:
                docs.append(self.job(app, ns, team, comp))
            elif p < 0.85:
                docs.append(self.notebook(app, ns, team, comp))
            else:
                docs.append(self.deployment(app, ns, team, comp, gpu))
                docs.append(self.service(app, ns, team, comp))
            if r.random() < 0.25:
                docs.append(self.role(app, ns, team, comp))
                docs.append(self.binding(app, ns, team, comp))
        elif area == "data":
            if r.random() < 0.5:
                docs.append(self.statefulset(app, ns, team, comp))
                docs.append(self.service(app, ns, team, comp, headless=True))
                if r.random() < 0.5:
                    docs.append(self.service(app, ns, team, comp))
            else:
                docs.append(self.cronjob(app, ns, team, comp))
            docs.append(self.configmap(app + "-config", ns, team, comp, app))
            if r.random() < 0.4:
                docs.append(self.secret(app + "-secrets", ns, team, comp, app))
            if r.random() < 0.3:
                docs.append(self.workflow(app, ns, team, comp))
        elif area == "monitoring":
            docs.append(self.servicemonitor(app, ns, team, comp))
            docs.append(self.prometheusrule(app, ns, team, comp))
            if r.random() < 0.6:
                docs.append(self.configmap(app + "-dashboards", ns, team, comp, app))
            if r.random() < 0.3:
                docs.append(self.deployment(app, ns, team, comp, False))
                docs.append(self.service(app, ns, team, comp))
        else:  # platform
            docs.append(self.service_account(app, ns, team, comp))
            cluster = r.random() < 0.5
            docs.append(self.role(app, ns, team, comp, cluster))
            docs.append(self.binding(app, ns, team, comp, cluster))
            docs.append(self.deployment(app, ns, team, comp, False))
            docs.append(self.service(app, ns, team, comp))
            if r.random() < 0.4:
                docs.append(self.configmap(app + "-config", ns, team, comp, app))
        return docs


# --------------------------------------------------------------------------
# Tree assembly.
# --------------------------------------------------------------------------


class FileSink:
    """Accumulates documents for one sub-directory, cutting files by size."""

    def __init__(self, rng, d, outdir):
        self.rng = rng
        self.dir = d
        self.outdir = outdir
        self.files = []
        self.cur = []
        self.cur_bytes = 0
        self.limit = 0
        self.em = None
        self.new_file()
        self.total = 0
        self.docs = 0

    def new_file(self):
        self.limit = self.rng.randint(60_000, 400_000)
        self.em = Emitter(self.rng.choice([0, 2, 2]))
        self.cur = []
        self.cur_bytes = 0

    def add(self, doc):
        text = self.em.document(doc)
        self.cur.append(text)
        self.cur_bytes += len(text.encode())
        self.docs += 1
        if self.cur_bytes >= self.limit:
            self.flush()
            self.new_file()
        return len(text.encode())

    def flush(self):
        if not self.cur:
            return 0
        r = self.rng
        name = "%s-%03d.yaml" % (self.dir, len(self.files) + 1)
        parts = []
        if r.random() < 0.4:
            parts.append("# %s — generated by gen-resource-tree.py; do not edit.\n" % name)
        lead = r.random() < 0.3
        body = ""
        for i, t in enumerate(self.cur):
            if i > 0 or lead:
                body += "---\n"
            body += t
        parts.append(body)
        data = "".join(parts).encode()
        path = os.path.join(self.outdir, self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        self.files.append(name)
        self.total += len(data)
        self.cur = []
        self.cur_bytes = 0
        return len(data)


def generate(outdir, mb, seed):
    target = int(mb * 1_000_000)
    rng = random.Random(seed)
    g = Gen(rng)
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    subdirs = ["namespaces", "crds", "platform", "training", "serving", "data", "monitoring"]
    for d in subdirs:
        os.makedirs(os.path.join(outdir, d))
    sinks = {d: FileSink(rng, d, outdir) for d in subdirs}
    kinds = {}
    size = 0

    def add(d, doc):
        nonlocal size
        size += sinks[d].add(doc)
        kinds[doc["kind"]] = kinds.get(doc["kind"], 0) + 1

    all_ns = []
    for area in AREAS:
        all_ns.extend(AREAS[area][0])
    for ns in all_ns:
        add("namespaces", g.namespace(ns))
        add("namespaces", g.quota(ns))
    n_crd = max(2, target // 1_500_000)
    for i in range(n_crd):
        add("crds", g.crd(i))
    areas = list(AREAS)
    weights = [AREAS[a][1] for a in areas]
    idx = 0
    # Leave room for the kustomization files and separators (~0.5%).
    while size < target * 0.995:
        area = rng.choices(areas, weights)[0]
        for doc in g.bundle(area, idx):
            add(area, doc)
        idx += 1
    for d in subdirs:
        sinks[d].flush()
    total = 0
    for d in subdirs:
        k = "resources:\n" + "".join("- %s\n" % f for f in sinks[d].files)
        with open(os.path.join(outdir, d, "kustomization.yaml"), "w") as f:
            f.write(k)
        total += len(k) + sinks[d].total
    top = ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
           "resources:\n" + "".join("- %s\n" % d for d in subdirs))
    with open(os.path.join(outdir, "kustomization.yaml"), "w") as f:
        f.write(top)
    total += len(top)
    resources = sum(kinds.values())
    nfiles = sum(len(s.files) for s in sinks.values())
    meta = {"mb": mb, "seed": seed, "input_bytes": total, "resources": resources,
            "files": nfiles + len(subdirs) + 1, "resource_files": nfiles,
            "avg_resource_bytes": round(total / max(1, resources)),
            "kinds": dict(sorted(kinds.items()))}
    with open(os.path.join(outdir, ".bench-meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--mb", type=float, default=10.0,
                    help="approximate total size of the tree in MB (10^6 bytes); default 10")
    ap.add_argument("--seed", type=int, default=1, help="random seed; default 1")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    if a.mb <= 0:
        ap.error("--mb must be positive")
    meta = generate(a.outdir, a.mb, a.seed)
    if not a.quiet:
        print("wrote %s: %d bytes, %d resources in %d files (avg %d B/resource)" % (
            a.outdir, meta["input_bytes"], meta["resources"], meta["resource_files"],
            meta["avg_resource_bytes"]), file=sys.stderr)


if __name__ == "__main__":
    main()
