# yaml.sh - hostile cases, YAML hazards: alias bombs, self and undefined aliases, deep nesting.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add alias-billion-laughs "fail:alias"
gen_alias-billion-laughs() {
	kust "resources: [bomb.yaml]"
	{
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n'
		printf '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
		for l in b c d e f g h i; do
			p=$(printf '%s' abcdefghi | sed "s/$l.*//" | tail -c 1)
			printf '  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l $p $p $p $p $p $p $p $p $p
		done
	} >bomb.yaml
}
add alias-bomb-in-kustomization "fail:alias"
gen_alias-bomb-in-kustomization() {
	{
		printf 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
		for l in b c d e f g h; do
			p=$(printf '%s' abcdefgh | sed "s/$l.*//" | tail -c 1)
			printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l $p $p $p $p $p $p $p $p $p $p
		done
		printf 'resources: []\n'
	} >kustomization.yaml
}
add alias-fanout "fail:alias"
gen_alias-fanout() {
	kust "resources: [fan.yaml]"
	{
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fan\ndata:\n  a: &a ['
		repeat 2000 '1,'
		printf '1]\n  b: ['
		repeat 2000 '*a,'
		printf '*a]\n'
	} >fan.yaml
}
add alias-self-reference "fail:alias"
gen_alias-self-reference() {
	kust "resources: [self.yaml]"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata: &d\n  k: *d\n' >self.yaml
}
add alias-undefined "fail:unknown anchor 'nothere' referenced"
gen_alias-undefined() {
	kust "resources: [u.yaml]"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\ndata:\n  k: *nothere\n' >u.yaml
}
add alias-merge-key-chain "ok"
gen_alias-merge-key-chain() {
	kust "resources: [m.yaml]"
	{
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\nx0: &x0 {a: 1}\n'
		for i in $(seq 1 30); do
			printf 'x%d: &x%d {<<: [*x%d, *x%d, *x%d, *x%d], k%d: 1}\n' "$i" "$i" $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) "$i"
		done
	} >m.yaml
}
add nesting-100k-flow-seq "fail:deep"
gen_nesting-100k-flow-seq() {
	kust "resources: [d.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  k: '; repeat 100000 '['; repeat 100000 ']'; printf '\n'; } >d.yaml
}
add nesting-100k-flow-map "fail:deep"
gen_nesting-100k-flow-map() {
	kust "resources: [d.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  k: '; repeat 100000 '{a: '; printf '1'; repeat 100000 '}'; printf '\n'; } >d.yaml
}
add nesting-in-kustomization "fail:deep"
gen_nesting-in-kustomization() {
	{ printf 'resources: []\nnamePrefix: '; repeat 50000 '['; repeat 50000 ']'; printf '\n'; } >kustomization.yaml
}
add nesting-500-ok "ok"
gen_nesting-500-ok() {
	kust "resources: [d.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  k: '; repeat 500 '{a: '; printf '1'; repeat 500 '}'; printf '\n'; } >d.yaml
}
add nesting-in-patch-value "fail:deep"
gen_nesting-in-patch-value() {
	cm cm.yaml c
	{
		printf 'resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap}\n  patch: |-\n    - op: add\n      path: /data/x\n      value: '
		repeat 50000 '['; repeat 50000 ']'; printf '\n'
	} >kustomization.yaml
}
add depth-grown-by-patches "fail:a patch or replacement made a resource nest deeper than 1000 levels (limit depth"
gen_depth-grown-by-patches() {
	# each JSON 6902 patch grafts 900 levels onto the deepest path so far
	local k path
	kust "resources: [cm.yaml]" "patches:"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: '; repeat 900 '{a: '; printf 1; repeat 900 '}'; echo; } >cm.yaml
	for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
		path="/data$(repeat $((900 * k)) /a)"
		{ printf -- '- target: {kind: ConfigMap}\n  patch: |-\n    - op: replace\n      path: %s\n      value: ' "$path"; repeat 900 '{a: '; printf 1; repeat 900 '}'; echo; } >>kustomization.yaml
	done
}
add depth-grown-by-replacement "fail:a patch or replacement made a resource nest deeper than 1000 levels (limit depth"
gen_depth-grown-by-replacement() {
	kust "resources: [src.yaml, dst.yaml]" "replacements:" "- source: {kind: ConfigMap, name: src, fieldPath: data}" \
		"  targets:" "  - select: {kind: ConfigMap, name: dst}" "    fieldPaths: [data.a.b.c.d.e.f.g.h.i.j]" \
		"    options: {create: true}"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: src\ndata: '; repeat 995 '{a: '; printf 1; repeat 995 '}'; echo; } >src.yaml
	cm dst.yaml dst
}
