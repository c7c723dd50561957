# graph.sh - hostile cases, the kustomization graph: cycles, a 2^20 DAG, long base chains, load limits.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add cycle-two-bases "fail:cycle"
gen_cycle-two-bases() {
	mkdir a b
	printf 'resources: [../b]\n' >a/kustomization.yaml
	printf 'resources: [../a]\n' >b/kustomization.yaml
	kust "resources: [a]"
}
add cycle-self "fail:cycle"
gen_cycle-self() { kust "resources: [.]"; }
add cycle-parent "fail:cycle"
gen_cycle-parent() {
	mkdir sub
	printf 'resources: [..]\n' >sub/kustomization.yaml
	kust "resources: [sub]"
}
add cycle-component "fail:cycle"
gen_cycle-component() {
	mkdir c
	printf 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents: [../c]\n' >c/kustomization.yaml
	kust "components: [c]"
}
add dag-20-levels "ok"
gen_dag-20-levels() {
	for i in $(seq 0 20); do mkdir -p "l$i"; done
	for i in $(seq 0 19); do printf 'resources: [../l%d]\nnameSuffix: -x\n' $((i + 1)) >"l$i/kustomization.yaml"; done
	cm l20/cm.yaml leaf
	printf 'resources: [cm.yaml]\n' >l20/kustomization.yaml
	# every level also reaches the next through a second path
	for i in $(seq 0 19); do mkdir -p "l$i/via"; printf 'resources: [../../l%d]\n' $((i + 1)) >"l$i/via/kustomization.yaml"; done
	kust "resources: [l0]"
}
add base-chain-300 "ok"
gen_base-chain-300() {
	for i in $(seq 0 300); do mkdir -p "c$i"; done
	for i in $(seq 0 299); do printf 'resources: [../c%d]\n' $((i + 1)) >"c$i/kustomization.yaml"; done
	cm c300/cm.yaml deep
	printf 'resources: [cm.yaml]\n' >c300/kustomization.yaml
	kust "resources: [c0]"
}
add kustomization-loads-limit "fail:kustomization-loads"
gen_kustomization-loads-limit() {
	for i in $(seq 1 50); do mkdir "b$i"; cm "b$i/cm.yaml" "c$i"; printf 'resources: [cm.yaml]\n' >"b$i/kustomization.yaml"; done
	{ echo "resources:"; for i in $(seq 1 50); do echo "- b$i"; done; } >kustomization.yaml
	echo "--limit kustomization-loads=10" >ARGS
}
