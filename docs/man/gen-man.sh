#!/usr/bin/env bash
# gen-man.sh KRENDER OUTDIR - write krender.1 and krender-CMD.1 for every
# command from the program's own --help text, so the manual pages say exactly
# what --help says. Run by hand after changing a --help text (tests/man.sh
# fails while a page is out of date); the pages are committed in docs/man.
set -eu
krender=$1 out=$2
version=$("$krender" --version | awk '{print $2}')
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
page() { # page NAME SUMMARY HELP-COMMAND...
	local name=$1 summary=$2
	shift 2
	{
		printf '.TH %s 1 "" "krender %s" "krender manual"\n' "$(echo "$name" | tr a-z A-Z)" "$version"
		printf '.SH NAME\n%s \\- %s\n' "$name" "$summary"
		printf '.SH DESCRIPTION\n.nf\n'
		"$@" | esc
		printf '.fi\n.SH SEE ALSO\n'
		if [ "$name" = krender ]; then
			printf '%s\n' "$(for c in $commands; do printf '.BR krender-%s (1)\n' "$c"; done)"
		else
			printf '.BR krender (1)\n'
		fi
	} >"$out/$name.1"
}
commands="build batch diff appset app plan check apply reconcile preview precommit cmp"
summary() {
	case $1 in
	build) echo "render a kustomization, byte for byte as kubectl kustomize" ;;
	batch) echo "render every kustomization of a monorepo in one process" ;;
	diff) echo "compare desired with live state as ArgoCD does" ;;
	appset) echo "the Applications an ApplicationSet generates" ;;
	app) echo "the manifests of an ArgoCD Application's sources" ;;
	plan) echo "the tasks of an ArgoCD sync, in execution order" ;;
	check) echo "an Application against its AppProject" ;;
	apply) echo "hydrate to a directory or Git branch, or sync with your commands" ;;
	reconcile) echo "the GitOps loop: poll, render, plan, apply" ;;
	precommit) echo "the checks of krender's pre-commit hooks" ;;
	preview) echo "what a change does to every app's rendered manifests" ;;
	cmp) echo "krender as an ArgoCD config-management plugin" ;;
	esac
}
page krender "render GitOps manifests: kustomize and ArgoCD, offline" "$krender" --help
for c in $commands; do
	page "krender-$c" "$(summary "$c")" "$krender" "$c" --help
done
