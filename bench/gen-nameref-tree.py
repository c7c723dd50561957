#!/usr/bin/env python3
"""Generate a kustomize base + overlay tree that exercises transformers and
name references, for benchmarking.

    gen-nameref-tree.py OUTDIR [--resources 5000] [--configmaps 1000]
                               [--secrets 50] [--plain-fraction 0.1] [--seed 1]

Layout:

    OUTDIR/base/kustomization.yaml     namespace, labels, generatorOptions,
                                       resources, configMapGenerator,
                                       secretGenerator
    OUTDIR/base/workloads-NNN.yaml     Deployments, Services, ServiceAccounts
    OUTDIR/base/configmaps-001.yaml    the plain (non-generated) ConfigMaps
    OUTDIR/base/config/...             files and env files read by generators
    OUTDIR/overlay/kustomization.yaml  resources: [../base], namespace,
                                       namePrefix, nameSuffix, commonLabels,
                                       labels, commonAnnotations, images,
                                       replicas
    OUTDIR/.bench-meta.json            summary; not referenced by anything

Build OUTDIR/overlay.  The base has --resources resources in total: the
--configmaps ConfigMaps (a --plain-fraction of them plain ConfigMaps in a
resource file, the rest configMapGenerator entries using literals, files and
env files), --secrets secretGenerator Secrets, and then Deployments,
Services and ServiceAccounts up to the total.  Every Deployment references
one or two of the ConfigMaps (envFrom/configMapRef, volumes/configMap,
projected volumes, env valueFrom/configMapKeyRef, in containers and
initContainers), often a Secret (envFrom/secretRef, volumes/secret,
secretKeyRef), and usually a ServiceAccount (serviceAccountName).  A few
references point at objects that are not in the tree (left alone by
kustomize).  As long as Deployments are at least half as many as ConfigMaps,
every ConfigMap is referenced.

The overlay renames everything (prefix + suffix; generated ConfigMaps and
Secrets also get the content hash, computed after the overlay's
transformers), so every reference has to be rewritten.  Only these
kustomization fields are used: resources, namespace, namePrefix, nameSuffix,
commonLabels, labels, commonAnnotations, images, replicas,
configMapGenerator, secretGenerator, generatorOptions.  No patches.

Output is a pure function of the arguments and this script.  Only the
Python standard library is used.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys

# --------------------------------------------------------------------------
# A small YAML emitter (block style; plain scalars where safe, else
# double-quoted; '|' for multi-line strings).
# --------------------------------------------------------------------------


class Q:
    """A string scalar forced to a quoting style: '"' or "'"."""

    __slots__ = ("s", "q")

    def __init__(self, s, q='"'):
        self.s = s
        self.q = q


class Flow:
    """A list or dict emitted in flow style on one line."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_OK = re.compile(r"^[A-Za-z/][A-Za-z0-9 _./=+()$:,@%<>-]*$")
_PLAIN_NUMLIKE_OK = re.compile(r"^(?:[0-9]+(?:Ki|Mi|Gi|m)|[0-9]+\.[0-9]+\.[0-9]+)$")
_FLOW_PLAIN_OK = re.compile(r"^[A-Za-z/][A-Za-z0-9_./=-]*$")


def _plain_ok(s, flow=False):
    if s == "" or s.lower() in _RESERVED:
        return False
    if flow:
        return bool(_FLOW_PLAIN_OK.match(s))
    if _PLAIN_NUMLIKE_OK.match(s):
        return True
    if not _PLAIN_OK.match(s):
        return False
    return not (": " in s or " #" in s or s.endswith(":") or s.endswith(" "))


def scalar(v, flow=False):
    if isinstance(v, Q):
        if v.q == "'":
            return "'" + v.s.replace("'", "''") + "'"
        return json.dumps(v.s, ensure_ascii=False)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return v if _plain_ok(v, flow) else json.dumps(v, ensure_ascii=False)
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


class Emitter:
    def __init__(self, seq_indent=2):
        self.seq_indent = seq_indent  # 0: "key:\n- a"; 2: "key:\n  - a"
        self.lines = []

    def _block(self, prefix, s, indent):
        body = s[:-1] if s.endswith("\n") else s
        self.lines.append(prefix + ("|" if s.endswith("\n") else "|-"))
        pad = " " * indent
        self.lines.extend(pad + ln if ln else "" for ln in body.split("\n"))

    def mapping(self, d, indent, first_prefix=None):
        pad = " " * indent
        for i, (k, v) in enumerate(d.items()):
            prefix = first_prefix if i == 0 and first_prefix is not None else pad
            key = scalar(k)
            if isinstance(v, str) and "\n" in v:
                self._block("%s%s: " % (prefix, key), v, indent + 2)
            elif isinstance(v, dict) and v:
                self.lines.append("%s%s:" % (prefix, key))
                self.mapping(v, indent + 2)
            elif isinstance(v, list) and v:
                self.lines.append("%s%s:" % (prefix, key))
                self.sequence(v, indent + self.seq_indent)
            elif isinstance(v, (dict, list)):
                self.lines.append("%s%s: %s" % (prefix, key, "{}" if isinstance(v, dict) else "[]"))
            else:
                self.lines.append("%s%s: %s" % (prefix, key, scalar(v)))

    def sequence(self, items, indent):
        pad = " " * indent
        for it in items:
            if isinstance(it, dict) and it:
                self.mapping(it, indent + 2, first_prefix=pad + "- ")
            else:
                self.lines.append(pad + "- " + scalar(it))

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
              "tokenizer", "embedding", "vector-db", "pipeline", "scheduler",
              "gateway", "metrics", "annotator", "data-loader", "etl",
              "triton", "vllm", "mlflow", "kafka-bridge", "evaluator",
              "batch-scorer", "drift-monitor", "prompt-cache", "reranker",
              "retriever", "ingest", "exporter", "label-sync", "quota-agent"]
CM_PURPOSES = ["config", "env", "settings", "flags", "routes", "limits",
               "schema", "logging", "tuning", "endpoints"]
REGISTRY = "registry.example.com/ml"
SIDECARS = ["docker.io/envoyproxy/envoy", "quay.io/prometheus/statsd-exporter",
            "ghcr.io/example/log-shipper", "busybox"]
LOG_LEVELS = ["debug", "info", "warn", "error"]
BASE_NS = "ml-staging"
OVERLAY_NS = "ml-prod"


def h(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def version(rng):
    return "%d.%d.%d" % (rng.randint(0, 4), rng.randint(0, 30), rng.randint(0, 20))


# --------------------------------------------------------------------------
# The tree.
# --------------------------------------------------------------------------


class ConfigMapSpec:
    """One ConfigMap: its name, its keys, and how it is produced."""

    __slots__ = ("name", "keys", "how", "data", "files")

    def __init__(self, name, how):
        self.name = name
        self.how = how     # "plain", "literals", "files", "envs"
        self.keys = []     # keys usable from configMapKeyRef
        self.data = {}     # key -> value (plain / literals / envs)
        self.files = []    # (key or None, relative path, content) for "files"


class Gen:
    def __init__(self, rng, outdir):
        self.rng = rng
        self.outdir = outdir
        self.images = {}   # image name -> tag used in the base

    def write(self, rel, text):
        path = os.path.join(self.outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode()
        with open(path, "wb") as f:
            f.write(data)
        return len(data)

    # -- ConfigMaps / Secrets ----------------------------------------------

    def env_data(self, app, n):
        r = self.rng
        d = {}
        pool = [
            ("LOG_LEVEL", lambda: r.choice(LOG_LEVELS)),
            ("PORT", lambda: str(r.choice([8080, 8081, 9090, 3000]))),
            ("WORKERS", lambda: str(r.randint(1, 32))),
            ("ENABLE_CACHE", lambda: r.choice(["true", "false"])),
            ("CACHE_TTL", lambda: "%ds" % r.randint(10, 3600)),
            ("MODEL_URI", lambda: "s3://models-%s/%s/%s" % (r.choice(TEAMS), app, version(r))),
            ("UPSTREAM", lambda: "http://%s-%s:%d" % (r.choice(TEAMS), r.choice(COMPONENTS), r.choice([80, 8080]))),
            ("BATCH_SIZE", lambda: str(r.choice([16, 32, 64, 128, 256]))),
            ("TIMEOUT", lambda: "%.1f" % (r.randint(5, 300) / 10)),
            ("REGION", lambda: r.choice(["eu-west-1", "us-east-1", "ap-south-1"])),
            ("FEATURE_FLAGS", lambda: ",".join(r.sample(["a", "b", "rerank", "shadow", "v2", "fast-path"], 3))),
            ("OWNER", lambda: "%s team <%s@example.com>" % (app.split("-")[0], app.split("-")[0])),
        ]
        for k, f in r.sample(pool, n):
            d[k] = f()
        return d

    def file_content(self, app, kind):
        r = self.rng
        if kind == "properties":
            return "".join("%s.%s=%s\n" % (app.split("-")[0], k, v) for k, v in [
                ("threads", r.randint(1, 64)), ("retries", r.randint(0, 9)),
                ("endpoint", "https://%s.internal.example.com/api" % app),
                ("enabled", r.choice(["true", "false"]))])
        if kind == "yaml":
            return ("server:\n  port: %d\n  workers: %d\nmodel:\n  name: %s\n  version: %s\n"
                    "  batch: %d\nlogging:\n  level: %s\n" % (
                        r.choice([8080, 9000]), r.randint(1, 16), app, version(r),
                        r.choice([8, 16, 32]), r.choice(LOG_LEVELS)))
        return json.dumps({"app": app, "shards": r.randint(1, 12),
                           "weights": [round(r.random(), 3) for _ in range(3)],
                           "fallback": r.random() < 0.5}, indent=2) + "\n"

    def configmaps(self, m, plain_fraction):
        r = self.rng
        cms = []
        seen = set()
        n_plain = int(round(m * plain_fraction))
        plain_idx = set(r.sample(range(m), n_plain))
        for j in range(m):
            while True:
                name = "%s-%s-%s" % (r.choice(TEAMS), r.choice(COMPONENTS), r.choice(CM_PURPOSES))
                name = "%s-%04d" % (name, j)
                if name not in seen:
                    break
            seen.add(name)
            app = name
            if j in plain_idx:
                c = ConfigMapSpec(name, "plain")
                c.data = self.env_data(app, r.randint(2, 6))
                if r.random() < 0.5:
                    c.data["app.yaml"] = self.file_content(app, "yaml")
                c.keys = list(c.data)
            else:
                how = r.choices(["literals", "files", "envs"], [6, 2, 2])[0]
                c = ConfigMapSpec(name, how)
                if how == "literals":
                    c.data = self.env_data(app, r.randint(1, 6))
                    c.keys = list(c.data)
                elif how == "envs":
                    c.data = self.env_data(app, r.randint(2, 7))
                    c.keys = list(c.data)
                else:
                    for _ in range(r.randint(1, 2)):
                        kind = r.choice(["properties", "yaml", "json"])
                        if kind in [p.rsplit(".", 1)[1] for _, p, _ in c.files]:
                            continue
                        rel = "config/%s.%s" % (name, kind)
                        key = None if r.random() < 0.5 else "app.%s" % kind
                        c.files.append((key, rel, self.file_content(app, kind)))
                        c.keys.append(key or os.path.basename(rel))
            cms.append(c)
        return cms

    def plain_configmap(self, c):
        return {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": c.name,
                             "labels": {"app.kubernetes.io/name": c.name.rsplit("-", 2)[0]}},
                "data": {k: Q(v) if v in ("true", "false") or v.isdigit() else v
                         for k, v in c.data.items()}}

    def cm_generator_entry(self, c, sizes):
        r = self.rng
        e = {"name": c.name}
        if c.how == "literals":
            e["literals"] = ["%s=%s" % (k, v) for k, v in c.data.items()]
        elif c.how == "envs":
            rel = "config/%s.env" % c.name
            lines = ["# %s settings" % c.name]
            for k, v in c.data.items():
                lines.append("%s=%s" % (k, v))
                if r.random() < 0.15:
                    lines.append("")
            sizes.append(self.write("base/" + rel, "\n".join(lines) + "\n"))
            e["envs"] = [rel]
        else:
            e["files"] = []
            for key, rel, content in c.files:
                sizes.append(self.write("base/" + rel, content))
                e["files"].append(rel if key is None else "%s=%s" % (key, rel))
        if r.random() < 0.05:
            e["options"] = {"labels": {"config-kind": c.how},
                            "annotations": {"bench.krender.io/note": "per-entry options"}}
        return e

    def secrets(self, s):
        r = self.rng
        out = []
        for j in range(s):
            name = "%s-%s-credentials-%03d" % (r.choice(TEAMS), r.choice(COMPONENTS), j)
            e = {"name": name,
                 "literals": ["username=svc-%s" % h(r, 6), "password=%s" % h(r, 24)]}
            if r.random() < 0.3:
                e["literals"].append("token=%s" % h(r, 40))
            out.append(e)
        return out

    # -- workloads ----------------------------------------------------------

    def image(self, team, comp):
        name = "%s/%s/%s" % (REGISTRY, team, comp)
        if name not in self.images:
            self.images[name] = version(self.rng)
        return "%s:%s" % (name, self.images[name])

    def labels(self, app, team, comp):
        return {"app": app, "team": team, "component": comp}

    def deployment(self, app, team, comp, sa, cm_refs, secret):
        r = self.rng
        cm_a = cm_refs[0]
        cm_b = cm_refs[1] if len(cm_refs) > 1 else cm_refs[0]
        main = {"name": "main", "image": self.image(team, comp),
                "ports": [{"name": "http", "containerPort": r.choice([8080, 8000, 9000])}]}
        # Reference styles for the first ConfigMap: envFrom and/or a volume.
        envfrom, env, mounts, vols = [], [], [], []
        style = r.random()
        if style < 0.7:
            envfrom.append({"configMapRef": {"name": cm_a.name}})
        if style >= 0.4:
            vols.append({"name": "config", "configMap": {"name": cm_a.name}})
            mounts.append({"name": "config", "mountPath": "/etc/%s" % comp, "readOnly": True})
        # The second ConfigMap (or the same one): single keys, or a projected volume.
        for k in cm_b.keys[:r.randint(1, 2)]:
            ev = {"configMapKeyRef": {"name": cm_b.name, "key": k}}
            env.append({"name": re.sub(r"[^A-Z0-9_]", "_", k.upper()), "valueFrom": ev})
        if r.random() < 0.2:
            vols.append({"name": "bundle", "projected": {"sources": [
                {"configMap": {"name": cm_b.name}},
                {"configMap": {"name": "kube-root-ca.crt",
                               "items": [{"key": "ca.crt", "path": "ca.crt"}]}}]}})
            mounts.append({"name": "bundle", "mountPath": "/etc/bundle"})
        if r.random() < 0.1:
            # Not in the tree: kustomize leaves the name alone.
            env.append({"name": "CLUSTER_NAME", "valueFrom": {"configMapKeyRef": {
                "name": "cluster-info", "key": "name", "optional": True}}})
        env.append({"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}})
        if secret:
            if r.random() < 0.5:
                envfrom.append({"secretRef": {"name": secret}})
            else:
                env.append({"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {
                    "name": secret, "key": "password"}}})
            if r.random() < 0.3:
                vols.append({"name": "creds", "secret": {"secretName": secret, "defaultMode": 256}})
                mounts.append({"name": "creds", "mountPath": "/var/run/creds", "readOnly": True})
        if envfrom:
            main["envFrom"] = envfrom
        main["env"] = env
        main["resources"] = {"requests": {"cpu": "%dm" % r.choice([100, 250, 500]),
                                          "memory": "%dMi" % r.choice([128, 256, 512])},
                             "limits": {"memory": "%dMi" % r.choice([512, 1024])}}
        if mounts:
            main["volumeMounts"] = mounts
        containers = [main]
        if r.random() < 0.25:
            side = r.choice(SIDECARS)
            sc = {"name": "sidecar", "image": "%s:%s" % (side, self.images.setdefault(side, version(r))),
                  "env": [{"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {
                      "name": cm_a.name, "key": cm_a.keys[0]}}}]}
            containers.append(sc)
        spec = {}
        if sa is not None:
            spec["serviceAccountName"] = sa
        if r.random() < 0.15:
            spec["initContainers"] = [{"name": "init", "image": "busybox:%s" % self.images.setdefault("busybox", version(r)),
                                       "command": ["sh", "-c", "echo init"],
                                       "envFrom": [{"configMapRef": {"name": cm_b.name}}]}]
        spec["containers"] = containers
        if vols:
            spec["volumes"] = vols
        lab = self.labels(app, team, comp)
        return {"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": app, "labels": lab},
                "spec": {"replicas": r.randint(1, 3),
                         "selector": {"matchLabels": {"app": app}},
                         "template": {"metadata": {"labels": dict(lab), "annotations": {
                             "prometheus.io/scrape": Q("true"), "prometheus.io/port": Q("9102")}},
                             "spec": spec}}}

    def service(self, app, team, comp):
        r = self.rng
        return {"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": app, "labels": self.labels(app, team, comp)},
                "spec": {"selector": {"app": app},
                         "ports": [{"name": "http", "port": 80,
                                    "targetPort": r.choice([8080, "http"])}]}}

    def service_account(self, name, team, comp):
        return {"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": name, "labels": {"team": team, "component": comp}}}


class FileSink:
    def __init__(self, g, prefix, per_file):
        self.g = g
        self.prefix = prefix
        self.per_file = per_file
        self.files = []
        self.cur = []
        self.sizes = []

    def add(self, doc):
        self.cur.append(doc)
        if len(self.cur) >= self.per_file:
            self.flush()

    def flush(self):
        if not self.cur:
            return
        name = "%s-%03d.yaml" % (self.prefix, len(self.files) + 1)
        em = Emitter(self.g.rng.choice([0, 2]))
        text = "---\n".join(em.document(d) for d in self.cur)
        self.sizes.append(self.g.write("base/" + name, text))
        self.files.append(name)
        self.cur = []


def generate(outdir, n, m, s, plain_fraction, seed):
    if n < m + s + 2:
        raise ValueError("--resources must be at least --configmaps + --secrets + 2")
    rng = random.Random(seed)
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(os.path.join(outdir, "base"))
    os.makedirs(os.path.join(outdir, "overlay"))
    g = Gen(rng, outdir)
    sizes = []
    kinds = {}

    cms = g.configmaps(m, plain_fraction)
    secrets = g.secrets(s)

    # Plan the workloads: apps of Deployment + Service (+ ServiceAccount for
    # two in three), then fill up to n with ServiceAccounts.
    budget = n - m - s
    apps = []
    i = 0
    while True:
        own_sa = i % 3 != 2
        need = 3 if own_sa else 2
        if budget < need:
            break
        team, comp = rng.choice(TEAMS), rng.choice(COMPONENTS)
        apps.append(("%s-%s-%04d" % (team, comp, i), team, comp, own_sa))
        budget -= need
        i += 1
    d = len(apps)
    # ConfigMap references: app k gets ConfigMap k (mod m); when there are
    # fewer apps than ConfigMaps the rest are handed out as second references.
    refs = [[cms[k % m]] for k in range(d)]
    extra = list(range(d, m))
    for k in range(d):
        if extra and d:
            refs[k].append(cms[extra.pop(0)])
        elif rng.random() < 0.5:
            refs[k].append(cms[rng.randrange(m)])

    sink = FileSink(g, "workloads", 250)
    sa_names = []
    for k, (app, team, comp, own_sa) in enumerate(apps):
        docs = []
        if own_sa:
            docs.append(g.service_account(app, team, comp))
            sa_names.append(app)
        p = rng.random()
        if own_sa:
            sa = app
        elif p < 0.6 and sa_names:
            sa = rng.choice(sa_names)     # shared with another app
        elif p < 0.8:
            sa = "default"                # not in the tree
        else:
            sa = None
        secret = secrets[rng.randrange(s)]["name"] if s and rng.random() < 0.4 else None
        docs.append(g.deployment(app, team, comp, sa, refs[k], secret))
        docs.append(g.service(app, team, comp))
        for doc in docs:
            sink.add(doc)
            kinds[doc["kind"]] = kinds.get(doc["kind"], 0) + 1
    for j in range(budget):
        team, comp = rng.choice(TEAMS), rng.choice(COMPONENTS)
        sink.add(g.service_account("%s-%s-runner-%04d" % (team, comp, j), team, comp))
        kinds["ServiceAccount"] = kinds.get("ServiceAccount", 0) + 1
    sink.flush()
    resource_files = list(sink.files)
    sizes.extend(sink.sizes)

    plain = [c for c in cms if c.how == "plain"]
    if plain:
        psink = FileSink(g, "configmaps", 10 ** 9)
        for c in plain:
            psink.add(g.plain_configmap(c))
        psink.flush()
        resource_files += psink.files
        sizes.extend(psink.sizes)
    kinds["ConfigMap"] = m
    if s:
        kinds["Secret"] = s

    # Base kustomization.
    gen_entries = [g.cm_generator_entry(c, sizes) for c in cms if c.how != "plain"]
    base = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "namespace": BASE_NS,
            "labels": [{"pairs": {"app.kubernetes.io/part-of": "ml-platform"},
                        "includeTemplates": True}],
            "generatorOptions": {"labels": {"generated-by": "krender-bench"},
                                 "annotations": {"bench.krender.io/source": "generator"}},
            "resources": resource_files}
    if gen_entries:
        base["configMapGenerator"] = gen_entries
    if secrets:
        base["secretGenerator"] = secrets
    sizes.append(g.write("base/kustomization.yaml", Emitter(2).document(base)))

    # Overlay kustomization.
    img_names = sorted(g.images)
    # Two in three images get a new tag, but at most 40 entries (a realistic
    # overlay; every entry is a separate transformer pass in kustomize).
    retag = rng.sample(img_names, min(40, max(1, len(img_names) * 2 // 3))) if img_names else []
    images = [{"name": nm, "newTag": Q("%s-prod" % version(rng)) if rng.random() < 0.3
               else version(rng)} for nm in sorted(retag)]
    repl_apps = rng.sample([a[0] for a in apps], min(len(apps), max(1, d // 50))) if apps else []
    replicas = [{"name": a, "count": rng.randint(2, 10)} for a in sorted(repl_apps)]
    overlay = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
               "resources": ["../base"],
               "namespace": OVERLAY_NS,
               "namePrefix": "prod-",
               "nameSuffix": "-eu1",
               "commonLabels": {"env": "prod", "tier": "ml"},
               "labels": [{"pairs": {"release": Q("2026.11")}, "includeSelectors": False}],
               "commonAnnotations": {"owner": "ml-platform@example.com",
                                     "bench.krender.io/rendered": Q("true")}}
    if images:
        overlay["images"] = images
    if replicas:
        overlay["replicas"] = replicas
    sizes.append(g.write("overlay/kustomization.yaml", Emitter(0).document(overlay)))

    total = sum(sizes)
    resources = sum(kinds.values())
    referenced = set()
    for rr in refs:
        referenced.update(c.name for c in rr)
    meta = {"seed": seed, "resources": resources, "configmaps": m,
            "configmaps_generated": m - len(plain), "configmaps_plain": len(plain),
            "configmaps_referenced": len(referenced), "secrets": s,
            "deployments": d, "images": len(img_names), "images_retagged": len(images),
            "replicas_entries": len(replicas), "input_bytes": total,
            "files": len(sizes), "resource_files": len(resource_files),
            "kinds": dict(sorted(kinds.items())), "build": "overlay"}
    with open(os.path.join(outdir, ".bench-meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--resources", type=int, default=5000,
                    help="resources in the build output; default 5000")
    ap.add_argument("--configmaps", type=int, default=1000,
                    help="ConfigMaps among them; default 1000")
    ap.add_argument("--secrets", type=int, default=50,
                    help="generated Secrets among them; default 50")
    ap.add_argument("--plain-fraction", type=float, default=0.1,
                    help="fraction of the ConfigMaps that are plain resources "
                         "rather than configMapGenerator entries; default 0.1")
    ap.add_argument("--seed", type=int, default=1, help="random seed; default 1")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    if a.configmaps < 1 or a.secrets < 0 or not 0 <= a.plain_fraction <= 1:
        ap.error("need --configmaps >= 1, --secrets >= 0, 0 <= --plain-fraction <= 1")
    try:
        meta = generate(a.outdir, a.resources, a.configmaps, a.secrets, a.plain_fraction, a.seed)
    except ValueError as e:
        ap.error(str(e))
    if not a.quiet:
        print("wrote %s: %d bytes in %d files, %d resources (%d ConfigMaps, %d referenced; "
              "%d Deployments); build %s/overlay" % (
                  a.outdir, meta["input_bytes"], meta["files"], meta["resources"],
                  meta["configmaps"], meta["configmaps_referenced"], meta["deployments"],
                  a.outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
