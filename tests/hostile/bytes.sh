# bytes.sh - hostile cases, bytes: NULs, invalid UTF-8, tabs, UTF-16, control characters.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add nul-in-kustomization "fail:kustomization.yaml:2:14: yaml: NUL byte in input"
gen_nul-in-kustomization() { printf 'resources: []\nnamePrefix: a\0b\n' >kustomization.yaml; }
add nul-in-resource "fail:n.yaml:6:7: yaml: NUL byte in input"
gen_nul-in-resource() { kust "resources: [n.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n  k: a\0b\n' >n.yaml; }
add invalid-utf8-resource "fail:u.yaml:6:7: yaml: invalid trailing UTF-8 octet"
gen_invalid-utf8-resource() { kust "resources: [u.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\ndata:\n  k: \xc3\x28\xff\n' >u.yaml; }
add invalid-utf8-kustomization "fail:kustomization.yaml:1:13: yaml: invalid leading UTF-8 octet"
gen_invalid-utf8-kustomization() { printf 'namePrefix: \xff\xfe\nresources: []\n' >kustomization.yaml; }
add tab-indentation "fail:t.yaml:4:1: yaml: found character that cannot start any token"
gen_tab-indentation() { kust "resources: [t.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\n' >t.yaml; }
add utf16-file "fail:w.yaml:1:1: missing kind in object"
gen_utf16-file() { kust "resources: [w.yaml]"; printf '\xff\xfea\x00p\x00i\x00:\x00 \x00v\x00\n\x00' >w.yaml; }
add control-characters "fail:c.yaml:6:8: yaml: control characters are not allowed"
gen_control-characters() { kust "resources: [c.yaml]"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: "a\x01b"\n' >c.yaml; }
