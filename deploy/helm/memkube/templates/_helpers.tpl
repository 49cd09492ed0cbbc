{{/* Names: the release's full name, shortened to what Kubernetes allows. */}}
{{- define "memkube.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "memkube.operatorName" -}}
{{- printf "%s-operator" (include "memkube.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "memkube.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "memkube.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object; the selector labels are the stable subset. */}}
{{- define "memkube.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "memkube.labels" -}}
{{ include "memkube.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: memkube
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* Images: one repository prefix and one tag (default: the chart's appVersion). */}}
{{- define "memkube.tag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{- define "memkube.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .name (include "memkube.tag" .root) -}}
{{- end -}}

{{/* The namespaces the operator watches, as QOSDK reads them (comma-separated). */}}
{{- define "memkube.watchNamespaces" -}}
{{- if .Values.operator.watchNamespaces -}}
{{- join "," .Values.operator.watchNamespaces -}}
{{- else -}}
JOSDK_ALL_NAMESPACES
{{- end -}}
{{- end -}}
