# v2.sh - run in a checkout of v1 to make the head revision:
# - services/web: image 1.0 -> 2.0 and replicas 1 -> 3: Application web changes
#   (one Deployment); its own ignoreDifferences hides the replicas;
# - teams/c added, teams/b removed: the ApplicationSet's git generator makes
#   Application team-c (added, its ConfigMap in namespace c) and no team-b
#   (removed); team-a is untouched and not reported;
# - common/cm.yaml: level 1 -> 2: the kustomization services/shop reads it, so
#   Application shop changes (its ConfigMap shop-common, in namespace shop);
#   Application shop-same reads an unchanged kustomization: not reported (the
#   kustomization directories common and services/shop change too);
# - services/tuned/.argocd-source.yaml added (namePrefix v2-): Application tuned
#   changes (ConfigMap tuned removed, v2-tuned added) although the kustomization
#   directory's own inputs do not (it is not reported);
# - services/tuned-ns/.argocd-source-team_tuned-ns.yaml added: Application
#   tuned-ns lives in namespace team, outside ArgoCD's, so its instance name is
#   team_tuned-ns and this override applies to it (ConfigMap tuned-ns removed,
#   v2-tuned-ns added);
# - apps/broken.yaml: an Application whose path does not exist (fails at head);
# - apps/ext.yaml is untouched and reads another repository: not reported;
# - apps/patch.yaml: an Application patch fragment (no source): not an app;
# - appsets/bad.yaml: an ApplicationSet whose git generator names a repository
#   nobody mapped (fails at head, reported as the ApplicationSet).
set -e
sed -i 's|shop/web:1.0|shop/web:2.0|; s|replicas: 1|replicas: 3|' services/web/deploy.yaml
sed -i 's|level: "1"|level: "2"|' common/cm.yaml
printf 'kustomize:\n  namePrefix: v2-\n' > services/tuned/.argocd-source.yaml
printf 'kustomize:\n  namePrefix: v2-\n' > services/tuned-ns/.argocd-source-team_tuned-ns.yaml
mkdir -p teams/c
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: team-c\ndata:\n  owner: c\n' > teams/c/cm.yaml
rm -r teams/b
sed 's|name: web|name: broken|; s|path: services/web|path: services/gone|' apps/web.yaml > apps/broken.yaml
printf 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  project: other\n' > apps/patch.yaml
cat > appsets/bad.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: bad
spec:
  generators:
  - git:
      repoURL: https://git.example/unknown.git
      revision: HEAD
      files:
      - path: config.json
  template:
    metadata:
      name: 'bad-{{name}}'
    spec:
      project: default
      source:
        repoURL: https://git.example/unknown.git
        path: .
      destination:
        namespace: bad
YAML
