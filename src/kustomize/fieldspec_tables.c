/*
 * fieldspec_tables.c - kustomize v5.5.0's default field specs for labels,
 * annotations and images (kustomize.md 6.2, 6.4, 6.5), as data. Each table
 * ends with an entry whose path is NULL.
 */
#include "kustomize/transform.h"

#define END {NULL, NULL, NULL, NULL, false}

/* metadata/labels and pod-template labels: templateLabels / includeTemplates */
#define TEMPLATE_LABELS \
	{"", "", "", "metadata/labels", true}, \
	{"", "v1", "ReplicationController", "spec/template/metadata/labels", true}, \
	{"", "", "Deployment", "spec/template/metadata/labels", true}, \
	{"", "", "ReplicaSet", "spec/template/metadata/labels", true}, \
	{"", "", "DaemonSet", "spec/template/metadata/labels", true}, \
	{"apps", "", "StatefulSet", "spec/template/metadata/labels", true}, \
	{"apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true}, \
	{"batch", "", "Job", "spec/template/metadata/labels", true}, \
	{"batch", "", "CronJob", "spec/jobTemplate/metadata/labels", true}, \
	{"batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true}

const kr_fieldspec kr_fs_template_labels[] = {TEMPLATE_LABELS, END};

#define AFFINITY(kind, group, kindpath) \
	{group, "", kind, "spec/template/spec/affinity/" kindpath "/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", false}, \
	{group, "", kind, "spec/template/spec/affinity/" kindpath "/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false}

const kr_fieldspec kr_fs_common_labels[] = {
	TEMPLATE_LABELS,
	{"", "v1", "Service", "spec/selector", true},
	{"", "v1", "ReplicationController", "spec/selector", true},
	{"", "", "Deployment", "spec/selector/matchLabels", true},
	{"", "", "ReplicaSet", "spec/selector/matchLabels", true},
	{"", "", "DaemonSet", "spec/selector/matchLabels", true},
	{"apps", "", "StatefulSet", "spec/selector/matchLabels", true},
	{"batch", "", "Job", "spec/selector/matchLabels", false},
	{"batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false},
	{"policy", "", "PodDisruptionBudget", "spec/selector/matchLabels", false},
	AFFINITY("Deployment", "apps", "podAffinity"),
	AFFINITY("Deployment", "apps", "podAntiAffinity"),
	AFFINITY("StatefulSet", "apps", "podAffinity"),
	AFFINITY("StatefulSet", "apps", "podAntiAffinity"),
	{"apps", "", "Deployment", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false},
	{"apps", "", "StatefulSet", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false},
	{"networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels", false},
	{"networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false},
	{"networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false},
	END,
};

const kr_fieldspec kr_fs_common_annotations[] = {
	{"", "", "", "metadata/annotations", true},
	{"", "v1", "ReplicationController", "spec/template/metadata/annotations", true},
	{"", "", "Deployment", "spec/template/metadata/annotations", true},
	{"", "", "ReplicaSet", "spec/template/metadata/annotations", true},
	{"", "", "DaemonSet", "spec/template/metadata/annotations", true},
	{"", "", "StatefulSet", "spec/template/metadata/annotations", true},
	{"batch", "", "Job", "spec/template/metadata/annotations", true},
	{"batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true},
	{"batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true},
	END,
};

const kr_fieldspec kr_fs_images[] = {
	{"", "", "", "spec/containers[]/image", false},
	{"", "", "", "spec/initContainers[]/image", false},
	{"", "", "", "spec/template/spec/containers[]/image", false},
	{"", "", "", "spec/template/spec/initContainers[]/image", false},
	END,
};
