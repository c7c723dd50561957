# shapes.sh - hostile cases, wrong shapes and fields: unknown fields, wrong kinds and types, duplicates.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add unknown-kustomization-field "fail:json: unknown field \"noSuchField\""
gen_unknown-kustomization-field() { printf 'resources: []\nnoSuchField: 1\n' >kustomization.yaml; }
add resources-wrong-type "fail:cannot unmarshal"
gen_resources-wrong-type() { printf 'resources: 5\n' >kustomization.yaml; }
add kustomization-is-a-list "fail:cannot unmarshal array into Go value of type types.Kustomization"
gen_kustomization-is-a-list() { printf -- '- a\n- b\n' >kustomization.yaml; }
add resource-without-kind "fail:r.yaml:1:1: missing kind in object"
gen_resource-without-kind() { kust "resources: [r.yaml]"; printf 'apiVersion: v1\nmetadata:\n  name: r\n' >r.yaml; }
add resource-is-a-scalar "fail:r.yaml:1:1: a resource document must be a mapping, not a scalar"
gen_resource-is-a-scalar() { kust "resources: [r.yaml]"; printf 'just text\n' >r.yaml; }
add list-with-scalar-items "fail:l.yaml:4:3: a resource document must be a mapping, not a scalar"
gen_list-with-scalar-items() { kust "resources: [l.yaml]"; printf 'apiVersion: v1\nkind: List\nitems:\n- 1\n- two\n' >l.yaml; }
add two-kustomization-files "fail:multiple kustomization files"
gen_two-kustomization-files() { kust "resources: []"; cp kustomization.yaml kustomization.yml; }
add duplicate-resource-ids "fail:may not add resource with an already registered id: ConfigMap.v1.[noGrp]/same.[noNs]"
gen_duplicate-resource-ids() { cm a.yaml same; cm b.yaml same; kust "resources: [a.yaml, b.yaml]"; }
add patch-not-a-map "fail:unable to parse SM or JSON patch"
gen_patch-not-a-map() { cm cm.yaml c; printf 'resources: [cm.yaml]\npatches:\n- patch: "just a string"\n' >kustomization.yaml; }
add duplicate-key-kustomization "fail:already defined"
gen_duplicate-key-kustomization() { printf 'resources: []\nresources: []\n' >kustomization.yaml; }
