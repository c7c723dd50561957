#!/usr/bin/env bash
# hostile.sh - krender build on hostile inputs (TAP), shared/spec/limits.md.
# Every case is generated here, in a temporary root (big inputs are never
# stored in the repository), and must: finish in 2 s (20 s under ASan),
# stay under 200 MB peak RSS (not checked under ASan), never crash, and
#   fail:TEXT    exit 1, nothing on stdout, one message of at most 4 KiB
#                containing TEXT;
#   leak:SECRET  as fail, and SECRET (a Secret value) nowhere in the message;
#   ok           exit 0;
#   any          exit 0 or 1 (whichever), message bounded.
# No case may make krender read a byte outside its root: the files outside
# hold a marker that must never appear on stdout or stderr.
set -u
krender=${KRENDER:-./krender}
krender=$(cd "$(dirname "$krender")" && pwd)/$(basename "$krender")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
asan=${KRENDER_NO_ULIMIT:-}
limit_s=2
[ -n "$asan" ] && limit_s=20
MARK=OUTSIDE-THE-ROOT-7f3a

# ---- helpers for generators (run inside the case root) -------------------
kust() { printf '%s\n' "$@" >kustomization.yaml; }
cm() { # cm FILE NAME
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  k: v\n' "$2" >"$1"
}
secret() { # secret FILE NAME VALUE
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\nstringData:\n  password: %s\ntype: Opaque\n' "$2" "$3" >"$1"
}
outside() { # a file and a directory outside the root, holding the marker
	mkdir -p ../outside
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\ndata:\n  k: %s\n' "$MARK" >../outside/cm.yaml
	printf 'resources: [cm.yaml]\n' >../outside/kustomization.yaml
	printf 'K=%s\n' "$MARK" >../outside/env
}
repeat() { # repeat N TEXT: TEXT N times, no separator
	awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'
}

cases=()
add() { cases+=("$1|$2"); }

# ---- YAML: aliases and nesting ---------------------------------------------
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
add alias-undefined "fail:"
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

# ---- sizes and counts --------------------------------------------------------
add scalar-50mb "fail:file-bytes"
gen_scalar-50mb() {
	kust "resources: [big.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: '; head -c 50000000 /dev/zero | tr '\0' 'x'; printf '\n'; } >big.yaml
}
add key-8mb "any"
gen_key-8mb() {
	kust "resources: [key.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: key\ndata:\n  '; head -c 8000000 /dev/zero | tr '\0' 'k'; printf ': v\n'; } >key.yaml
}
add file-just-over-limit "fail:file-bytes"
gen_file-just-over-limit() {
	kust "resources: [f.yaml]"
	{ cm /dev/stdout f; printf '# '; head -c 17000000 /dev/zero | tr '\0' '#'; printf '\n'; } >f.yaml
}
add input-bytes-limit "fail:input-bytes"
gen_input-bytes-limit() {
	printf 'resources: [a.yaml, b.yaml]\n' >kustomization.yaml
	{ cm /dev/stdout a; printf '# '; head -c 9000000 /dev/zero | tr '\0' '#'; printf '\n'; } >a.yaml
	{ cm /dev/stdout b; printf '# '; head -c 9000000 /dev/zero | tr '\0' '#'; printf '\n'; } >b.yaml
	echo "--limit input-bytes=16M" >ARGS
}
add million-empty-documents "any"
gen_million-empty-documents() {
	kust "resources: [e.yaml]"
	repeat 1000000 $'---\n' >e.yaml
}
add documents-over-limit "fail:documents"
gen_documents-over-limit() {
	kust "resources: [many.yaml]"
	awk 'BEGIN { for (i = 0; i < 120000; i++) printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c%d\n", i }' >many.yaml
}
add ten-thousand-files "ok"
gen_ten-thousand-files() {
	{
		echo "resources:"
		for i in $(seq 1 10000); do echo "- c$i.yaml"; done
	} >kustomization.yaml
	for i in $(seq 1 10000); do printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c%d\n' "$i" >"c$i.yaml"; done
}
add long-flow-line "ok"
gen_long-flow-line() {
	kust "resources: [l.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\nitems: ['; repeat 200000 '1,'; printf '1]\n'; } >l.yaml
}
add output-bytes-limit "fail:output-bytes"
gen_output-bytes-limit() {
	kust "resources: [o.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: o\ndata:\n  k: '; head -c 300000 /dev/zero | tr '\0' 'o'; printf '\n'; } >o.yaml
	echo "--limit output-bytes=100K" >ARGS
}
add memory-limit "fail:memory"
gen_memory-limit() {
	kust "resources: [m.yaml]"
	{ printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\nitems: ['; repeat 100000 '{a: 1},'; printf '{}]\n'; } >m.yaml
	echo "--limit memory-bytes=2M" >ARGS
}

# ---- the kustomization graph ------------------------------------------------
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

# ---- paths: the jail ----------------------------------------------------------
add path-dotdot-base "fail:outside the root"
gen_path-dotdot-base() { outside; kust "resources: [../outside]"; }
add path-dotdot-file "fail:outside the root"
gen_path-dotdot-file() { outside; kust "resources: [../outside/cm.yaml]"; }
add path-absolute-file "fail:"
gen_path-absolute-file() { outside; kust "resources: [$PWD/../outside/cm.yaml]"; }
add path-absolute-etc "fail:"
gen_path-absolute-etc() { kust "resources: [/etc/passwd]"; }
add symlink-base-outside "fail:outside the root"
gen_symlink-base-outside() { outside; ln -s ../outside base; kust "resources: [base]"; }
add symlink-file-outside "fail:outside the root"
gen_symlink-file-outside() { outside; ln -s ../outside/cm.yaml cm.yaml; kust "resources: [cm.yaml]"; }
add symlink-loop "fail:"
gen_symlink-loop() { ln -s a b; ln -s b a; kust "resources: [a]"; }
add symlink-kustomization-outside "fail:"
gen_symlink-kustomization-outside() { outside; mkdir app; ln -s ../../outside/kustomization.yaml app/kustomization.yaml; cp ../outside/cm.yaml app/; kust "resources: [app]"; }
add fifo-resource "fail:"
gen_fifo-resource() { mkfifo pipe.yaml; kust "resources: [pipe.yaml]"; }
add fifo-kustomization "fail:"
gen_fifo-kustomization() { mkdir app; mkfifo app/kustomization.yaml; kust "resources: [app]"; }
add device-resource "fail:"
gen_device-resource() { ln -s /dev/zero zero.yaml; kust "resources: [zero.yaml]"; }
add directory-as-patch "fail:"
gen_directory-as-patch() { cm cm.yaml c; mkdir p.yaml; printf 'resources: [cm.yaml]\npatches:\n- path: p.yaml\n' >kustomization.yaml; }
add generator-file-outside "fail:"
gen_generator-file-outside() { outside; printf 'configMapGenerator:\n- name: g\n  files: [../outside/env]\n' >kustomization.yaml; }
add generator-env-outside "fail:"
gen_generator-env-outside() { outside; printf 'configMapGenerator:\n- name: g\n  envs: [../outside/env]\n' >kustomization.yaml; }
add generator-file-fifo "fail:"
gen_generator-file-fifo() { mkfifo f; printf 'configMapGenerator:\n- name: g\n  files: [f]\n' >kustomization.yaml; }
add patch-file-outside "fail:"
gen_patch-file-outside() { outside; cm cm.yaml c; printf 'resources: [cm.yaml]\npatches:\n- path: ../outside/cm.yaml\n' >kustomization.yaml; }
add crds-outside "fail:"
gen_crds-outside() { outside; printf 'crds: [../outside/cm.yaml]\n' >kustomization.yaml; }
add configurations-outside "fail:"
gen_configurations-outside() { outside; printf 'configurations: [../outside/cm.yaml]\n' >kustomization.yaml; }
add openapi-outside "fail:"
gen_openapi-outside() { outside; printf 'openapi:\n  path: ../outside/cm.yaml\n' >kustomization.yaml; }
add component-outside "fail:"
gen_component-outside() { outside; printf 'components: [../outside]\n' >kustomization.yaml; }
add replacements-file-outside "fail:"
gen_replacements-file-outside() { outside; cm cm.yaml c; printf 'resources: [cm.yaml]\nreplacements:\n- path: ../outside/cm.yaml\n' >kustomization.yaml; }
add transformer-file-outside "fail:"
gen_transformer-file-outside() { outside; printf 'transformers: [../outside/cm.yaml]\n' >kustomization.yaml; }
add restrictor-file-in-sibling "fail:is not in or below"
gen_restrictor-file-in-sibling() { mkdir app other; cm other/cm.yaml c; printf 'resources: [../other/cm.yaml]\n' >app/kustomization.yaml; kust "resources: [app]"; }
add remote-url-refused "fail:renders offline"
gen_remote-url-refused() { kust "resources: [https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1]"; }
add helm-without-flag "fail:must specify --enable-helm"
gen_helm-without-flag() { printf 'helmCharts:\n- name: x\n  repo: https://example.com\n' >kustomization.yaml; }

# ---- bytes -------------------------------------------------------------------
add nul-in-kustomization "fail:"
gen_nul-in-kustomization() { printf 'resources: []\nnamePrefix: a\0b\n' >kustomization.yaml; }
add nul-in-resource "fail:"
gen_nul-in-resource() { kust "resources: [n.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n  k: a\0b\n' >n.yaml; }
add invalid-utf8-resource "fail:"
gen_invalid-utf8-resource() { kust "resources: [u.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\ndata:\n  k: \xc3\x28\xff\n' >u.yaml; }
add invalid-utf8-kustomization "fail:"
gen_invalid-utf8-kustomization() { printf 'namePrefix: \xff\xfe\nresources: []\n' >kustomization.yaml; }
add tab-indentation "fail:"
gen_tab-indentation() { kust "resources: [t.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\n' >t.yaml; }
add utf16-file "fail:"
gen_utf16-file() { kust "resources: [w.yaml]"; printf '\xff\xfea\x00p\x00i\x00:\x00 \x00v\x00\n\x00' >w.yaml; }
add control-characters "fail:"
gen_control-characters() { kust "resources: [c.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: "a\x01b"\n' >c.yaml; }

# ---- secrets never in messages ------------------------------------------------
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

# ---- wrong shapes and fields ---------------------------------------------------
add unknown-kustomization-field "fail:"
gen_unknown-kustomization-field() { printf 'resources: []\nnoSuchField: 1\n' >kustomization.yaml; }
add resources-wrong-type "fail:cannot unmarshal"
gen_resources-wrong-type() { printf 'resources: 5\n' >kustomization.yaml; }
add kustomization-is-a-list "fail:"
gen_kustomization-is-a-list() { printf -- '- a\n- b\n' >kustomization.yaml; }
add resource-without-kind "fail:"
gen_resource-without-kind() { kust "resources: [r.yaml]"; printf 'apiVersion: v1\nmetadata:\n  name: r\n' >r.yaml; }
add resource-is-a-scalar "fail:"
gen_resource-is-a-scalar() { kust "resources: [r.yaml]"; printf 'just text\n' >r.yaml; }
add list-with-scalar-items "fail:"
gen_list-with-scalar-items() { kust "resources: [l.yaml]"; printf 'apiVersion: v1\nkind: List\nitems:\n- 1\n- two\n' >l.yaml; }
add two-kustomization-files "fail:multiple kustomization files"
gen_two-kustomization-files() { kust "resources: []"; cp kustomization.yaml kustomization.yml; }
add duplicate-resource-ids "fail:"
gen_duplicate-resource-ids() { cm a.yaml same; cm b.yaml same; kust "resources: [a.yaml, b.yaml]"; }
add patch-not-a-map "fail:"
gen_patch-not-a-map() { cm cm.yaml c; printf 'resources: [cm.yaml]\npatches:\n- patch: "just a string"\n' >kustomization.yaml; }
add duplicate-key-kustomization "fail:already defined"
gen_duplicate-key-kustomization() { printf 'resources: []\nresources: []\n' >kustomization.yaml; }

# ---- run ------------------------------------------------------------------------
echo "1..${#cases[@]}"
n=0
for entry in "${cases[@]}"; do
	n=$((n + 1))
	name=${entry%%|*}
	want=${entry#*|}
	root="$tmp/$name/root"
	mkdir -p "$root"
	( cd "$root" && "gen_$name" ) 2>/dev/null
	args=()
	if [ -f "$root/ARGS" ]; then read -ra args <"$root/ARGS"; rm -f "$root/ARGS"; fi
	start=$EPOCHREALTIME
	( cd "$root" && exec timeout -k 1 $((limit_s * 3)) /usr/bin/time -f "%M" -o "$tmp/rss" \
		"$krender" build --root "$root" "${args[@]}" . ) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	secs=$(echo "$EPOCHREALTIME - $start" | bc -l)
	grep -v '^Command exited with non-zero status' "$tmp/err" >"$tmp/msg"
	rss=$(tail -n 1 "$tmp/rss" 2>/dev/null || echo 0)
	why=""
	if [ "$rc" -ge 124 ]; then why="exit $rc (crash, signal or timeout)"
	elif [ "$(echo "$secs > $limit_s" | bc -l)" = 1 ]; then why="took $secs s"
	elif [ -z "$asan" ] && [ "${rss:-0}" -gt 200000 ]; then why="peak RSS ${rss} KB"
	elif grep -q "$MARK" "$tmp/out" "$tmp/msg"; then why="a byte from outside the root was printed"
	elif [ "$(wc -c <"$tmp/msg")" -gt 4096 ]; then why="message of $(wc -c <"$tmp/msg") bytes"
	else
		case $want in
		ok) [ "$rc" = 0 ] || why="exit $rc: $(head -c 200 "$tmp/msg")" ;;
		any) [ "$rc" = 0 ] || [ "$rc" = 1 ] || why="exit $rc" ;;
		fail:*|leak:*)
			if [ "$rc" != 1 ]; then why="exit $rc, want 1"
			elif [ -s "$tmp/out" ]; then why="wrote to stdout on failure"
			elif [ ! -s "$tmp/msg" ]; then why="no message"
			elif [ "${want%%:*}" = fail ] && ! grep -qF -- "${want#fail:}" "$tmp/msg"; then
				why="message lacks '${want#fail:}': $(head -c 200 "$tmp/msg")"
			elif [ "${want%%:*}" = leak ] && grep -qF -- "${want#leak:}" "$tmp/msg"; then
				why="the Secret value is in the message"
			fi ;;
		esac
	fi
	rm -rf "$tmp/$name"
	if [ -z "$why" ]; then echo "ok $n - hostile/$name ($(printf "%.2f" "$secs") s)"; else echo "not ok $n - hostile/$name"; echo "# $why"; fi
done
