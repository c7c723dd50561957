# v2.sh - run in a checkout of v1 to make the head revision:
# - base: image 1.0 -> 2.0 and the Secret's password changes: base, overlays/prod
#   and overlays/dev change (the Deployment and the Secret, its value masked);
# - base: replicas 1 -> 3: ignored with --app ignoring /spec/replicas; dev pins
#   its replicas to 1 anyway;
# - overlays/new: added (one Deployment, one Secret);
# - standalone: removed;
# - broken: a kustomization naming a missing file (fails at head).
set -e
sed -i 's|shop/web:1.0|shop/web:2.0|; s|replicas: 1|replicas: 3|' base/web.yaml
sed -i 's|hunter2-old|hunter2-new|' base/secret.yaml
mkdir -p overlays/new broken
printf 'resources:\n- ../../base\nnamePrefix: new-\n' > overlays/new/kustomization.yaml
printf 'resources:\n- missing.yaml\n' > broken/kustomization.yaml
rm -r standalone
