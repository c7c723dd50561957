#!/usr/bin/env bash
# regen-cmp.sh - remake testdata/cmp/cases/*/expected.yaml with the oracle:
# `kubectl kustomize` (v5.5.0) over a copy of testdata/cmp/repo whose app
# directory holds the case's oracle.yaml as its kustomization.yaml, written
# by hand as `kustomize edit` (ArgoCD's repo-server, argocd.md 2.2) leaves it
# for the case's parameters (a directory case lists the files ArgoCD reads).
# Run by hand after changing a case; never from make check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$top"/testdata/cmp/cases/*/; do
	[ -f "$dir/oracle.yaml" ] || continue
	rm -rf "$tmp/repo" && cp -R "$top/testdata/cmp/repo" "$tmp/repo"
	app=$(cat "$dir/app")
	cp "$dir/oracle.yaml" "$tmp/repo/$app/kustomization.yaml"
	kubectl kustomize "$tmp/repo/$app" >"$dir/expected.yaml"
	echo "regenerated $(basename "$dir")"
done
