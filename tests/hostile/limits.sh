# limits.sh - hostile cases, the limits themselves: the wall-clock deadline,
# KRENDER_LIMITS and its precedence, the advice every limit error gives.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

many_files() { # many_files N: N ConfigMap files and a kustomization listing them
	local i
	for i in $(seq 1 "$1"); do cm "cm$i.yaml" "cm$i"; done
	{ echo "resources:"; for i in $(seq 1 "$1"); do echo "- cm$i.yaml"; done; } >kustomization.yaml
}
nested() { # nested DEPTH: a ConfigMap whose data value is DEPTH flow sequences deep
	kust "resources: [deep.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx: '; repeat "$1" '['; repeat "$1" ']'; echo; } >deep.yaml
}

add timeout-while-loading "fail:limit timeout=1ms (raise with --limit timeout=N or KRENDER_LIMITS=timeout=N)"
gen_timeout-while-loading() { many_files 3000; echo "--limit timeout=1ms" >ARGS; }
add timeout-from-environment "fail:limit timeout=1ms"
gen_timeout-from-environment() { many_files 3000; echo "KRENDER_LIMITS=timeout=1ms" >ENV; }
add timeout-while-patching "fail:limit timeout=30ms"
gen_timeout-while-patching() {
	local i
	for i in $(seq 1 400); do cm "cm$i.yaml" "cm$i"; done
	{
		echo "resources:"; for i in $(seq 1 400); do echo "- cm$i.yaml"; done
		echo "patches:"
		for i in $(seq 1 400); do printf -- '- target: {kind: ConfigMap}\n  patch: |\n    - op: add\n      path: /data/p%s\n      value: "%s"\n' "$i" "$i"; done
	} >kustomization.yaml
	echo "--limit timeout=30ms" >ARGS
}
add timeout-generous-ok "ok"
gen_timeout-generous-ok() { many_files 50; echo "--limit timeout=1m" >ARGS; }
add environment-raises-depth "ok"
gen_environment-raises-depth() { nested 1500; echo "KRENDER_LIMITS=depth=2000,timeout=30s" >ENV; }
add command-line-overrides-environment "fail:nesting deeper than 1000 levels (limit depth; raise with --limit depth=N or KRENDER_LIMITS=depth=N)"
gen_command-line-overrides-environment() { nested 1500; echo "KRENDER_LIMITS=depth=2000" >ENV; echo "--limit depth=1000" >ARGS; }
add environment-bad-name "usage:KRENDER_LIMITS: bad limit 'no-such-limit=1'"
gen_environment-bad-name() { kust "resources: []"; echo "KRENDER_LIMITS=depth=10 no-such-limit=1" >ENV; }
add environment-bad-value "usage:bad limit 'timeout=soon'"
gen_environment-bad-value() { kust "resources: []"; echo "KRENDER_LIMITS=timeout=soon" >ENV; }
add command-line-bad-limit "usage:bad --limit 'depth=0'"
gen_command-line-bad-limit() { kust "resources: []"; echo "--limit depth=0" >ARGS; }
add alias-limit-names-its-fix "fail:more than 5000 nodes from aliases (limit alias-nodes; raise with --limit alias-nodes=N or KRENDER_LIMITS=alias-nodes=N)"
gen_alias-limit-names-its-fix() {
	kust "resources: [fan.yaml]"
	{
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fan\ndata:\n  a: &a ['
		repeat 300 '1,'
		printf '1]\n  b: ['
		repeat 300 '*a,'
		printf '*a]\n'
	} >fan.yaml
	echo "--limit alias-nodes=5000" >ARGS
}
add alias-ratio-is-not-a-limit "fail:aliases may add 10 times the document's own nodes, at least 10000)"
gen_alias-ratio-is-not-a-limit() { gen_alias-limit-names-its-fix; echo "--limit alias-nodes=50000" >ARGS; }
add timeout-while-helm-runs "fail:render took longer than the limit timeout=300ms"
gen_timeout-while-helm-runs() {
	# a helm that never answers in time: the render's deadline stops it
	mkdir -p bin
	printf '#!/bin/sh\nsleep 5\n' >bin/helm
	chmod +x bin/helm
	printf 'helmCharts:\n- name: x\n  version: 1.0.0\n  repo: https://example.com\n' >kustomization.yaml
	echo "--enable-helm --limit timeout=300ms" >ARGS
	echo "PATH=$PWD/bin:/usr/bin:/bin" >ENV
}
