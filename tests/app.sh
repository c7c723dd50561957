#!/usr/bin/env bash
# app.sh - krender app against testdata/app/*/ (TAP, tests/gitcases.sh).
# Expected manifests come from `kubectl kustomize` over the kustomization as
# ArgoCD's `kustomize edit` commands leave it, then the repo-server's and the
# controller's documented steps (shared/spec/argocd.md sections 2, 3.10),
# never from krender's output.
exec bash "${top_srcdir:-.}/tests/gitcases.sh" app app app.yaml
