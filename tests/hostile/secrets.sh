# secrets.sh - hostile cases, Secret values never in messages: failing patches and replacements on Secrets.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add secret-patch-kind-mismatch "leak:hunter2-password"
gen_secret-patch-kind-mismatch() {
	secret s.yaml db hunter2-password
	printf 'resources: [s.yaml]\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: Secret\n    metadata:\n      name: db\n    stringData:\n      password: [1]\n' >kustomization.yaml
}
add secret-json6902-test-fails "leak:hunter2-password"
gen_secret-json6902-test-fails() {
	secret s.yaml db hunter2-password
	printf 'resources: [s.yaml]\npatches:\n- target: {kind: Secret}\n  patch: |-\n    - op: test\n      path: /stringData/password\n      value: other\n' >kustomization.yaml
}
add secret-generator-then-bad-patch "leak:c2VjcmV0LXZhbHVlLTQy"
gen_secret-generator-then-bad-patch() {
	printf 'secretGenerator:\n- name: g\n  literals: [password=secret-value-42]\npatches:\n- target: {kind: Secret}\n  patch: |-\n    - op: replace\n      path: /data/password/x\n      value: 1\n' >kustomization.yaml
}
add secret-deep-nesting "leak:hunter2-password"
gen_secret-deep-nesting() {
	{ printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2-password\n  deep: '; repeat 20000 '['; repeat 20000 ']'; printf '\n'; } >s.yaml
	kust "resources: [s.yaml]"
}
add secret-duplicate-key "leak:hunter2-password"
gen_secret-duplicate-key() {
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2-password\n  password: hunter2-password\n' >s.yaml
	kust "resources: [s.yaml]"
}
add secret-replacement-bad-target "leak:hunter2-password"
gen_secret-replacement-bad-target() {
	secret s.yaml db hunter2-password
	cm cm.yaml c
	printf 'resources: [s.yaml, cm.yaml]\nreplacements:\n- source: {kind: Secret, name: db, fieldPath: stringData.password}\n  targets:\n  - select: {kind: ConfigMap}\n    fieldPaths: [data.k.deeper]\n' >kustomization.yaml
}
add secret-literal-without-equals "leak:hunter2-literal"
gen_secret-literal-without-equals() { printf 'secretGenerator:\n- name: g\n  literals: [hunter2-literal]\n' >kustomization.yaml; }
add secret-literal-list-in-prefix "leak:hunter2-first"
gen_secret-literal-list-in-prefix() { printf 'secretGenerator:\n- name: g\n  literals: [a=hunter2-first, =bad]\n' >kustomization.yaml; }
add secret-env-invalid-utf8 "leak:hunter2-env"
gen_secret-env-invalid-utf8() {
	printf 'secretGenerator:\n- name: g\n  envs: [s.env]\n' >kustomization.yaml
	printf 'USER=x\nPASSWORD=hunter2-env\xff\n' >s.env
}
add secret-value-bad-tag "leak:hunter2-tag"
gen_secret-value-bad-tag() {
	kust "resources: [s.yaml]"
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: !!int hunter2-tag\n' >s.yaml
}
add secret-after-separator "leak:hunter2-sep"
gen_secret-after-separator() {
	kust "resources: [s.yaml]"
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n--- hunter2-sep: x\n' >s.yaml
}
