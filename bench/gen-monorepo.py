#!/usr/bin/env python3
"""gen-monorepo.py - a synthetic GitOps monorepo for bench/batch-bench.sh.

B bases (a Deployment with two containers, probes, resources and env; a
Service; a ServiceAccount; an HPA; a ConfigMap), E environments, A app
overlays. App i lives in apps/app-NNNN/<env> (env i % E) on base i % B and
sets namePrefix, namespace, labels, images, a strategic merge patch, a
JSON 6902 patch and a configMapGenerator. Deterministic for a seed.
Writes the tree to DIR and the list of app overlays to DIR/apps.txt.
Usage: gen-monorepo.py --apps A --bases B --envs E [--seed S] DIR
"""
import argparse
import os
import random

ENVS = ["dev", "staging", "prod", "perf", "eu", "us", "ap", "canary"]


def base_files(i, rnd):
    name = "svc%03d" % i
    cpu = rnd.choice(["100m", "250m", "500m", "1"])
    mem = rnd.choice(["128Mi", "256Mi", "512Mi", "1Gi"])
    env = "\n".join(
        "        - name: VAR_%d\n          value: \"%s\"" % (k, rnd.choice(["a", "b", "on", "42", "x y"]))
        for k in range(6))
    deploy = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      serviceAccountName: {name}
      containers:
      - name: app
        image: registry.example.com/{name}:1.{i % 7}.0
        ports:
        - containerPort: 8080
          name: http
        env:
{env}
        envFrom:
        - configMapRef:
            name: {name}-settings
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 10
        resources:
          requests:
            cpu: {cpu}
            memory: {mem}
          limits:
            memory: {mem}
      - name: sidecar
        image: registry.example.com/proxy:2.1
        args: ["--port", "9090", "--upstream", "localhost:8080"]
"""
    service = f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
  - name: http
    port: 80
    targetPort: http
"""
    sa = f"""apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
"""
    hpa = f"""apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {name}
  minReplicas: 2
  maxReplicas: {rnd.randint(4, 20)}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
"""
    kust = f"""resources:
- deployment.yaml
- service.yaml
- serviceaccount.yaml
- hpa.yaml
configMapGenerator:
- name: {name}-settings
  literals:
  - LOG_LEVEL=info
  - FEATURE_X=false
"""
    return name, {"deployment.yaml": deploy, "service.yaml": service, "serviceaccount.yaml": sa,
                  "hpa.yaml": hpa, "kustomization.yaml": kust}


def overlay(i, env, base, rnd):
    return f"""resources:
- ../../../bases/{base}
namePrefix: a{i:04d}-
namespace: team-{i % 17}-{env}
labels:
- pairs:
    app.kubernetes.io/part-of: app-{i:04d}
    env: {env}
  includeSelectors: true
images:
- name: registry.example.com/{base}
  newTag: "2.{i % 13}.{rnd.randint(0, 9)}"
configMapGenerator:
- name: {base}-settings
  behavior: merge
  literals:
  - LOG_LEVEL={rnd.choice(["debug", "info", "warn"])}
  - APP_ID=app-{i:04d}
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {base}
    spec:
      replicas: {rnd.randint(1, 5)}
      template:
        spec:
          containers:
          - name: app
            env:
            - name: ENVIRONMENT
              value: {env}
- target:
    kind: HorizontalPodAutoscaler
  patch: |-
    - op: replace
      path: /spec/minReplicas
      value: {rnd.randint(1, 3)}
    - op: add
      path: /metadata/annotations
      value:
        owner: team-{i % 17}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--apps", type=int, default=1000)
    ap.add_argument("--bases", type=int, default=50)
    ap.add_argument("--envs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("dir")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    names = []
    for b in range(a.bases):
        name, files = base_files(b, rnd)
        names.append(name)
        for fn, text in files.items():
            write(os.path.join(a.dir, "bases", name, fn), text)
    apps = []
    for i in range(a.apps):
        env = ENVS[i % max(1, min(a.envs, len(ENVS)))]
        rel = "apps/app-%04d/%s" % (i, env)
        write(os.path.join(a.dir, rel, "kustomization.yaml"), overlay(i, env, names[i % a.bases], rnd))
        apps.append(rel)
    write(os.path.join(a.dir, "apps.txt"), "\n".join(apps) + "\n")


if __name__ == "__main__":
    main()
