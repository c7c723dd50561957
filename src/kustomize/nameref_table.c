/*
 * nameref_table.c - kustomize v5.5.0's name-reference table as data
 * (kustomize.md 7.1): when a resource of the referenced kind is renamed,
 * which fields of which referrer kinds follow. Pod-template paths are
 * expanded for every workload kind with that kind's template prefix.
 * The IngressClass entry is left out: kustomize records its group wrongly,
 * so it never matches (ingressClassName is never renamed).
 */
#include "kustomize/nameref.h"

#define END {NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/* referrer workloads and their pod-template prefixes */
#define PT_POD(rg, rv, rk, p) {rg, rv, rk, "", "v1", "Pod", "spec/" p}
/* the indirection lets CM, SEC... expand into three arguments first */
#define PT_ALL(...) PT_ALL_(__VA_ARGS__)
#define PT_ALL_(rg, rv, rk, p) \
	PT_POD(rg, rv, rk, p), \
	{rg, rv, rk, "", "", "PodTemplate", "template/spec/" p}, \
	{rg, rv, rk, "", "", "Deployment", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "ReplicaSet", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "DaemonSet", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "StatefulSet", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "Job", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "CronJob", "spec/jobTemplate/spec/template/spec/" p}
/* the workload list used for ServiceAccount, PVC and PriorityClass */
#define WORKLOADS(...) WORKLOADS_(__VA_ARGS__)
#define WORKLOADS_(rg, rv, rk, p) \
	{rg, rv, rk, "", "", "Pod", "spec/" p}, \
	{rg, rv, rk, "", "", "StatefulSet", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "Deployment", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "ReplicationController", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "Job", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "DaemonSet", "spec/template/spec/" p}, \
	{rg, rv, rk, "", "", "CronJob", "spec/jobTemplate/spec/template/spec/" p}

#define CM "", "v1", "ConfigMap"
#define SEC "", "v1", "Secret"
#define SVC "", "v1", "Service"
#define SA "", "v1", "ServiceAccount"
#define PVC "", "v1", "PersistentVolumeClaim"
#define PV "", "v1", "PersistentVolume"

const struct kr_nameref_entry kr_nameref_table[] = {
	{"", "", "Deployment", "", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"},
	{"", "", "ReplicationController", "", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"},
	{"", "", "ReplicaSet", "", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"},
	{"", "", "StatefulSet", "", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"},

	PT_ALL(CM, "volumes/configMap/name"),
	PT_ALL(CM, "containers/env/valueFrom/configMapKeyRef/name"),
	PT_ALL(CM, "initContainers/env/valueFrom/configMapKeyRef/name"),
	PT_ALL(CM, "containers/envFrom/configMapRef/name"),
	PT_ALL(CM, "initContainers/envFrom/configMapRef/name"),
	PT_ALL(CM, "volumes/projected/sources/configMap/name"),
	{CM, "", "", "Node", "spec/configSource/configMap"},
	{CM, "", "", "Role", "rules/resourceNames"},
	{CM, "", "", "ClusterRole", "rules/resourceNames"},
	{CM, "", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap"},

	PT_ALL(SEC, "volumes/secret/secretName"),
	PT_ALL(SEC, "containers/env/valueFrom/secretKeyRef/name"),
	PT_ALL(SEC, "initContainers/env/valueFrom/secretKeyRef/name"),
	PT_ALL(SEC, "containers/envFrom/secretRef/name"),
	PT_ALL(SEC, "initContainers/envFrom/secretRef/name"),
	PT_ALL(SEC, "imagePullSecrets/name"),
	PT_ALL(SEC, "volumes/projected/sources/secret/name"),
	{SEC, "", "", "Ingress", "spec/tls/secretName"},
	{SEC, "", "", "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret"},
	{SEC, "", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret"},
	{SEC, "", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret"},
	{SEC, "", "", "ServiceAccount", "imagePullSecrets/name"},
	{SEC, "", "", "StorageClass", "parameters/secretName"},
	{SEC, "", "", "StorageClass", "parameters/adminSecretName"},
	{SEC, "", "", "StorageClass", "parameters/userSecretName"},
	{SEC, "", "", "StorageClass", "parameters/secretRef"},
	{SEC, "", "", "Role", "rules/resourceNames"},
	{SEC, "", "", "ClusterRole", "rules/resourceNames"},
	{SEC, "serving.knative.dev", "v1", "Service", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name"},
	{SEC, "", "", "PersistentVolume", "spec/azureFile/secretName"},

	{SVC, "apps", "", "StatefulSet", "spec/serviceName"},
	{SVC, "", "", "Ingress", "spec/rules/http/paths/backend/serviceName"},
	{SVC, "", "", "Ingress", "spec/backend/serviceName"},
	{SVC, "", "", "Ingress", "spec/rules/http/paths/backend/service/name"},
	{SVC, "", "", "Ingress", "spec/defaultBackend/service/name"},
	{SVC, "apiregistration.k8s.io", "", "APIService", "spec/service/name"},
	{SVC, "admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration", "webhooks/clientConfig/service"},
	{SVC, "admissionregistration.k8s.io", "", "MutatingWebhookConfiguration", "webhooks/clientConfig/service"},

	{"rbac.authorization.k8s.io", "", "Role", "", "", "RoleBinding", "roleRef/name"},
	{"rbac.authorization.k8s.io", "", "ClusterRole", "", "", "RoleBinding", "roleRef/name"},
	{"rbac.authorization.k8s.io", "", "ClusterRole", "", "", "ClusterRoleBinding", "roleRef/name"},

	{SA, "", "", "RoleBinding", "subjects"},
	{SA, "", "", "ClusterRoleBinding", "subjects"},
	WORKLOADS(SA, "serviceAccountName"),

	WORKLOADS(PVC, "volumes/persistentVolumeClaim/claimName"),

	{PV, "", "", "PersistentVolumeClaim", "spec/volumeName"},
	{PV, "", "", "ClusterRole", "rules/resourceNames"},

	{"storage.k8s.io", "v1", "StorageClass", "", "", "PersistentVolume", "spec/storageClassName"},
	{"storage.k8s.io", "v1", "StorageClass", "", "", "PersistentVolumeClaim", "spec/storageClassName"},
	{"storage.k8s.io", "v1", "StorageClass", "", "", "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName"},

	WORKLOADS("scheduling.k8s.io", "v1", "PriorityClass", "priorityClassName"),

	{"admissionregistration.k8s.io", "", "ValidatingAdmissionPolicy", "", "", "ValidatingAdmissionPolicyBinding", "spec/policyName"},
	END,
};
