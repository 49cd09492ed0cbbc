{{/*
The reconciler's RBAC rules, bound cluster-wide or in each watched namespace. They equal the
ClusterRole the operator's build declares (quarkus.kubernetes.rbac.* in its application.properties,
generated into operator/target/kubernetes/kubernetes.yml), and cover every call the operator's code
makes: the reconciler reads MemcachedClusters and patches their status (never their spec), applies
the objects it owns, lists the cache pods (readiness by ordinal) and creates Events.
deploy/test/chart checks both.
*/}}
{{- define "memkube.reconcilerRules" -}}
- apiGroups: ["memkube.io"]
  resources: ["memcachedclusters"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["memkube.io"]
  resources: ["memcachedclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets", "daemonsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "podmonitors"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
