{{/*
The reconciler's RBAC rules. Source of truth: the ClusterRole quarkus-operator-sdk generates into
operator/target/kubernetes/kubernetes.yml from the reconciler and its dependent resources;
deploy/test/chart compares the two (apiGroup, resource, verb) sets when that file exists.
*/}}
{{- define "memkube.reconcilerRules" -}}
- apiGroups: ["memkube.io"]
  resources: ["memcachedclusters", "memcachedclusters/status", "memcachedclusters/finalizers"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets", "daemonsets"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
{{- end -}}
