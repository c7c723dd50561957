# paths.sh - hostile cases, the path jail: .., absolute paths, symlinks, FIFOs, devices, every field that names a file.
# Sourced by run.sh: each `add NAME WANT` has a gen_NAME that writes the case
# into the current directory (the case root).

add path-dotdot-base "fail:outside the root"
gen_path-dotdot-base() { outside; kust "resources: [../outside]"; }
add path-dotdot-file "fail:outside the root"
gen_path-dotdot-file() { outside; kust "resources: [../outside/cm.yaml]"; }
add path-absolute-file "fail:is outside the root"
gen_path-absolute-file() { outside; kust "resources: [$PWD/../outside/cm.yaml]"; }
add path-absolute-etc "fail:resource '/etc/passwd' is outside the root"
gen_path-absolute-etc() { kust "resources: [/etc/passwd]"; }
add symlink-base-outside "fail:outside the root"
gen_symlink-base-outside() { outside; ln -s ../outside base; kust "resources: [base]"; }
add symlink-file-outside "fail:outside the root"
gen_symlink-file-outside() { outside; ln -s ../outside/cm.yaml cm.yaml; kust "resources: [cm.yaml]"; }
add symlink-loop "fail:too many levels of symbolic links in 'a'"
gen_symlink-loop() { ln -s a b; ln -s b a; kust "resources: [a]"; }
add symlink-kustomization-outside "fail:path 'kustomization.yaml' resolves outside the root"
gen_symlink-kustomization-outside() { outside; mkdir app; ln -s ../../outside/kustomization.yaml app/kustomization.yaml; cp ../outside/cm.yaml app/; kust "resources: [app]"; }
add fifo-resource "fail:'pipe.yaml' is neither a regular file nor a directory"
gen_fifo-resource() { mkfifo pipe.yaml; kust "resources: [pipe.yaml]"; }
add fifo-kustomization "fail:'app/kustomization.yaml' is not a regular file"
gen_fifo-kustomization() { mkdir app; mkfifo app/kustomization.yaml; kust "resources: [app]"; }
add device-resource "fail:resource 'zero.yaml' is outside the root"
gen_device-resource() { ln -s /dev/zero zero.yaml; kust "resources: [zero.yaml]"; }
add directory-as-patch "fail:kustomization.yaml:3:3: 'p.yaml': not a regular file"
gen_directory-as-patch() { cm cm.yaml c; mkdir p.yaml; printf 'resources: [cm.yaml]\npatches:\n- path: p.yaml\n' >kustomization.yaml; }
add generator-file-outside "fail:file '../outside/env' is outside the root"
gen_generator-file-outside() { outside; printf 'configMapGenerator:\n- name: g\n  files: [../outside/env]\n' >kustomization.yaml; }
add generator-env-outside "fail:env source files: [../outside/env]: file '../outside/env' is outside the root"
gen_generator-env-outside() { outside; printf 'configMapGenerator:\n- name: g\n  envs: [../outside/env]\n' >kustomization.yaml; }
add generator-file-fifo "fail:'f' is not a regular file"
gen_generator-file-fifo() { mkfifo f; printf 'configMapGenerator:\n- name: g\n  files: [f]\n' >kustomization.yaml; }
add patch-file-outside "fail:kustomization.yaml:3:3: path '../outside/cm.yaml' resolves outside the root"
gen_patch-file-outside() { outside; cm cm.yaml c; printf 'resources: [cm.yaml]\npatches:\n- path: ../outside/cm.yaml\n' >kustomization.yaml; }
add crds-outside "fail:kustomization.yaml:1:8: path '../outside/cm.yaml' resolves outside the root"
gen_crds-outside() { outside; printf 'crds: [../outside/cm.yaml]\n' >kustomization.yaml; }
add configurations-outside "fail:kustomization.yaml:1:18: path '../outside/cm.yaml' resolves outside the root"
gen_configurations-outside() { outside; printf 'configurations: [../outside/cm.yaml]\n' >kustomization.yaml; }
add openapi-outside "fail:kustomization.yaml:2:9: path '../outside/cm.yaml' resolves outside the root"
gen_openapi-outside() { outside; printf 'openapi:\n  path: ../outside/cm.yaml\n' >kustomization.yaml; }
add component-outside "fail:kustomization.yaml:1:14: path '../outside' resolves outside the root"
gen_component-outside() { outside; printf 'components: [../outside]\n' >kustomization.yaml; }
add replacements-file-outside "fail:kustomization.yaml:3:9: path '../outside/cm.yaml' resolves outside the root"
gen_replacements-file-outside() { outside; cm cm.yaml c; printf 'resources: [cm.yaml]\nreplacements:\n- path: ../outside/cm.yaml\n' >kustomization.yaml; }
add transformer-file-outside "fail:kustomization.yaml:1:16: path '../outside/cm.yaml' resolves outside the root"
gen_transformer-file-outside() { outside; printf 'transformers: [../outside/cm.yaml]\n' >kustomization.yaml; }
add restrictor-file-in-sibling "fail:is not in or below"
gen_restrictor-file-in-sibling() { mkdir app other; cm other/cm.yaml c; printf 'resources: [../other/cm.yaml]\n' >app/kustomization.yaml; kust "resources: [app]"; }
add remote-url-refused "fail:renders offline"
gen_remote-url-refused() { kust "resources: [https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1]"; }
add helm-without-flag "fail:must specify --enable-helm"
gen_helm-without-flag() { printf 'helmCharts:\n- name: x\n  repo: https://example.com\n' >kustomization.yaml; }
