{{/*
The reconciler's RBAC rules, bound cluster-wide or in each watched namespace. They equal the
ClusterRole the operator's build declares (quarkus.kubernetes.rbac.* in its application.properties,
generated into operator/target/kubernetes/kubernetes.yml), and cover every call the operator's code
makes: the reconciler reads MemcachedClusters and patches their status (never their spec), applies
the objects it owns (among them each cluster's proxy ServiceAccount, a Role limited to the proxy's
two ConfigMaps by name, and its RoleBinding, the NetworkPolicies of spec.networkPolicy, the
generated auth Secret, a get of the Secrets spec.auth.secretName and spec.tls name, and cert-manager's
Certificate of spec.tls.issuerRef), lists the cache and proxy pods (readiness by ordinal,
which proxies must report their config) and creates Events.
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
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["cert-manager.io"]
  resources: ["certificates"]
  verbs: ["get", "create", "patch"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "podmonitors"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
