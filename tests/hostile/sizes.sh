# sizes.sh - hostile cases, sizes and counts: huge scalars and keys, many documents and files, output and memory.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

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
