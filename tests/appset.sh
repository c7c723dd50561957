#!/usr/bin/env bash
# appset.sh - krender appset against testdata/appset/*/ (TAP, tests/gitcases.sh).
# Expected results are written by hand from ArgoCD's documented behaviour and
# its controller's unit-test expectations (shared/spec/argocd.md section 1),
# never from krender's output.
exec bash "${top_srcdir:-.}/tests/gitcases.sh" appset appset appset.yaml
